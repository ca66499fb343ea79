/* test_keys.c: key names <-> key codes (ui/keys.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "ui/keys.h"

static ui_key parse(const char *name)
{
	ui_key k = UIK_NONE;

	assert_int_equal(ui_key_from_name(name, &k), 0);
	return k;
}

static void assert_bad(const char *name)
{
	ui_key k = 12345;

	assert_int_equal(ui_key_from_name(name, &k), -1);
	assert_int_equal(k, 12345); /* untouched */
}

static void assert_name(ui_key k, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	assert_int_equal(ui_key_name(k, &sb), 0);
	assert_string_equal(sb.buf, want);
	sb_release(&sb);
}

static void test_null_and_empty_are_not_keys(void **state)
{
	(void)state;
	assert_bad(NULL);
	assert_bad("");
}

static void test_single_characters(void **state)
{
	(void)state;
	assert_int_equal(parse("q"), 'q');
	assert_int_equal(parse("Q"), 'Q'); /* characters keep their case */
	assert_int_equal(parse("?"), '?');
	assert_int_equal(parse("/"), '/');
	assert_int_equal(parse("\xc3\xa9"), 0xe9); /* é */
	assert_int_equal(parse("\xe5\xba\x8a"), 0x5e8a); /* 床 */
	assert_bad("\x01");
	assert_bad("\x7f");
	assert_bad("\xc2\x85"); /* C1 control */
	assert_bad("\xff");     /* not UTF-8 */
}

static void test_named_keys_any_case(void **state)
{
	(void)state;
	assert_int_equal(parse("Enter"), UIK_ENTER);
	assert_int_equal(parse("return"), UIK_ENTER);
	assert_int_equal(parse("ESC"), UIK_ESC);
	assert_int_equal(parse("escape"), UIK_ESC);
	assert_int_equal(parse("Tab"), UIK_TAB);
	assert_int_equal(parse("S-Tab"), UIK_BTAB);
	assert_int_equal(parse("btab"), UIK_BTAB);
	assert_int_equal(parse("Space"), ' ');
	assert_int_equal(parse("PageUp"), UIK_PAGE_UP);
	assert_int_equal(parse("pgdn"), UIK_PAGE_DOWN);
	assert_int_equal(parse("Up"), UIK_UP);
	assert_int_equal(parse("Backspace"), UIK_BACKSPACE);
	assert_int_equal(parse("Del"), UIK_DELETE);
	assert_bad("Enterr");
	assert_bad("Meta-x");
}

static void test_function_keys_1_to_24(void **state)
{
	(void)state;
	assert_int_equal(parse("F1"), UIK_F(1));
	assert_int_equal(parse("f10"), UIK_F(10));
	assert_int_equal(parse("F24"), UIK_F(24));
	assert_bad("F0");
	assert_bad("F25");
	assert_bad("F1x");
	assert_int_equal(parse("F"), (ui_key)'F'); /* the letter */
}

static void test_control_keys(void **state)
{
	(void)state;
	assert_int_equal(parse("C-a"), 1);
	assert_int_equal(parse("C-W"), 23);
	assert_int_equal(parse("^L"), 12);
	assert_int_equal(parse("C-i"), UIK_TAB);
	assert_int_equal(parse("C-m"), UIK_ENTER);
	assert_int_equal(parse("C-h"), UIK_BACKSPACE);
	assert_int_equal(parse("C-["), UIK_ESC);
	assert_bad("C-1");
	assert_bad("C-");
	assert_bad("C-ab");
}

static void test_canonical_names_round_trip(void **state)
{
	static const char *const names[] = {"q", "?", "F10", "Esc", "Enter", "Tab", "S-Tab",
					    "C-l", "Up", "PageDown", "Space", "\xc3\xa9"};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		assert_name(parse(names[i]), names[i]);
	assert_name(parse("escape"), "Esc");
	assert_name(parse("^L"), "C-l");
	assert_name(UIK_RESIZE, "<key 2097165>");
}

static void test_text_keys(void **state)
{
	(void)state;
	assert_true(ui_key_is_text('a'));
	assert_true(ui_key_is_text(0xe9));
	assert_true(ui_key_is_text(' '));
	assert_false(ui_key_is_text(UIK_ESC));
	assert_false(ui_key_is_text(UIK_TAB));
	assert_false(ui_key_is_text(UIK_F(1)));
	assert_false(ui_key_is_text(0x85));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null_and_empty_are_not_keys),
		cmocka_unit_test(test_single_characters),
		cmocka_unit_test(test_named_keys_any_case),
		cmocka_unit_test(test_function_keys_1_to_24),
		cmocka_unit_test(test_control_keys),
		cmocka_unit_test(test_canonical_names_round_trip),
		cmocka_unit_test(test_text_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
