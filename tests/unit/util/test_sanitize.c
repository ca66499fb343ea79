/* test_sanitize.c: hostile text is harmless once sanitised. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "util/sanitize.h"

static void check(const char *in, int flags, const char *want)
{
	char *out = text_sanitize(in, flags);

	assert_non_null(out);
	assert_string_equal(out, want);
	free(out);
}

static void test_plain_and_utf8_text_is_unchanged(void **state)
{
	(void)state;
	check("Zoë Ní Bhriain", 0, "Zoë Ní Bhriain");
	check("O'Brien; DROP TABLE staff;--", 0, "O'Brien; DROP TABLE staff;--");
	check("床 🙂", 0, "床 🙂");
	check(NULL, 0, "");
}

static void test_escape_sequences_are_removed_whole(void **state)
{
	(void)state;
	check("a\x1b[31mred\x1b[0m b", 0, "ared b");
	check("x\x1b[2J\x1b[H y", 0, "x y");
	check("t\x1b]0;owned\x07 ok", 0, "t ok");          /* OSC title, BEL */
	check("t\x1b]52;c;ZXZpbA==\x1b\\ ok", 0, "t ok");   /* OSC 52 clipboard, ST */
	check("d\x1bP+q544e\x1b\\ ok", 0, "d ok");          /* DCS */
	check("k\x1b" "c", 0, "k");                         /* RIS */
	check("h\x1b(0x", 0, "hx");                         /* charset switch */
	check("end\x1b", 0, "end");                         /* lone ESC */
	check("8bit\xc2\x9b" "31m csi", 0, "8bit csi");     /* C1 CSI as UTF-8 */
}

static void test_controls_become_nothing_or_space(void **state)
{
	(void)state;
	check("a\tb\nc\rd\x07\x08\x7f" "e", 0, "a b cde");
	check("a\tb\nc\r\n", SAN_KEEP_NEWLINES, "a b\nc\n");
	check("bidi\xe2\x80\xae" "evil\xe2\x81\xa6" "x", 0, "bidievilx");
}

static void test_invalid_utf8_is_replaced(void **state)
{
	(void)state;
	check("a\xff" "b", 0, "a\xef\xbf\xbd" "b");
	check("\xc0\xaf", 0, "\xef\xbf\xbd\xef\xbf\xbd");            /* overlong */
	check("\xed\xa0\x80", 0, "\xef\xbf\xbd");                    /* surrogate */
	check("cut\xe2\x82", 0, "cut\xef\xbf\xbd");                  /* truncated */
	check("\xf4\x90\x80\x80", 0, "\xef\xbf\xbd");                /* > U+10FFFF */
}

static void test_huge_input(void **state)
{
	size_t n = 1 << 20, i;
	char *in = malloc(n + 1), *out;

	(void)state;
	for (i = 0; i < n; i++)
		in[i] = (i % 7 == 0) ? '\x1b' : 'x';
	in[n] = '\0';
	out = text_sanitize(in, 0);
	assert_non_null(out);
	assert_null(strchr(out, '\x1b'));
	free(in);
	free(out);
}

static void test_width(void **state)
{
	(void)state;
	assert_int_equal(text_width("Zoë"), 3);
	assert_int_equal(text_width("床床"), 4);
	assert_int_equal(text_prefix_for_width("床床", 3), 3);
	assert_int_equal(text_prefix_for_width("abc", 10), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_and_utf8_text_is_unchanged),
		cmocka_unit_test(test_escape_sequences_are_removed_whole),
		cmocka_unit_test(test_controls_become_nothing_or_space),
		cmocka_unit_test(test_invalid_utf8_is_replaced),
		cmocka_unit_test(test_huge_input),
		cmocka_unit_test(test_width),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
