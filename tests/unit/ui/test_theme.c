/* test_theme.c: themes.yaml parsing, positioned errors, and the choice of
 * theme with NO_COLOR or a terminal without colours (ui/theme.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "build_config.h"
#include "ui/theme.h"

static struct themes *load(const char *text, struct strbuf *err)
{
	struct themes *ts = NULL;

	themes_load_string("t.yaml", text, strlen(text), &ts, err);
	return ts;
}

static void assert_error(const char *text, const char *want)
{
	struct strbuf err = STRBUF_INIT;
	struct themes *ts = load(text, &err);

	assert_null(ts);
	if (!strstr(err.buf, want))
		fail_msg("error '%s' does not contain '%s'", err.buf, want);
	sb_release(&err);
}

static void test_role_names(void **state)
{
	(void)state;
	assert_string_equal(theme_role_name(ROLE_NORMAL), "normal");
	assert_string_equal(theme_role_name(ROLE_ERROR), "error");
	assert_string_equal(theme_role_name(ROLE_COUNT), "");
}

static void test_shipped_themes_load(void **state)
{
	static const char *const names[] = {"default", "high-contrast", "monochrome"};
	struct strbuf err = STRBUF_INIT;
	struct themes *ts = NULL;
	struct theme t;
	size_t i;

	(void)state;
	if (themes_load_file(CASETERM_SOURCE_ROOT "/config/themes.yaml", &ts, &err))
		fail_msg("%s", err.buf);
	for (i = 0; i < 3; i++) {
		assert_int_equal(theme_pick(ts, names[i], false, true, &t, &err), 0);
		assert_string_equal(t.name, names[i]);
	}
	/* the default theme has colour, and marks selection by more than colour */
	assert_int_equal(theme_pick(ts, "default", false, true, &t, &err), 0);
	assert_false(t.monochrome);
	assert_int_equal(t.role[ROLE_ERROR].fg, 1);
	assert_true(t.role[ROLE_ERROR].attrs & TA_BOLD);
	assert_true(t.role[ROLE_SHORTCUT].attrs & TA_UNDERLINE);
	themes_free(&ts);
	assert_null(ts);
	sb_release(&err);
}

static void test_styles_colours_and_attrs(void **state)
{
	struct strbuf err = STRBUF_INIT;
	struct themes *ts = load("mine:\n"
				 "  title: {fg: bright-white, bg: 17, attrs: [bold, underline]}\n"
				 "  hint: {attrs: dim}\n"
				 "  error: {fg: red}\n",
				 &err);
	struct theme t;

	(void)state;
	assert_non_null(ts);
	assert_int_equal(theme_pick(ts, "mine", false, true, &t, &err), 0);
	assert_false(t.monochrome);
	assert_int_equal(t.role[ROLE_TITLE].fg, 15);
	assert_int_equal(t.role[ROLE_TITLE].bg, 17);
	assert_int_equal(t.role[ROLE_TITLE].attrs, TA_BOLD | TA_UNDERLINE);
	assert_int_equal(t.role[ROLE_HINT].attrs, TA_DIM);
	assert_int_equal(t.role[ROLE_ERROR].fg, 1);
	assert_int_equal(t.role[ROLE_ERROR].bg, THEME_COLOR_DEFAULT);
	assert_int_equal(t.role[ROLE_ERROR].attrs, 0); /* as written */
	/* roles left out keep the monochrome look, never plain */
	assert_int_equal(t.role[ROLE_SELECTED].attrs, TA_REVERSE | TA_BOLD);
	assert_int_equal(t.role[ROLE_SELECTED].fg, THEME_COLOR_DEFAULT);
	themes_free(&ts);
	sb_release(&err);
}

static void test_no_color_forces_monochrome(void **state)
{
	struct strbuf err = STRBUF_INIT;
	struct themes *ts = load("default:\n  error: {fg: red, bg: white, attrs: [bold]}\n"
				 "monochrome:\n  error: {fg: green, attrs: [underline]}\n",
				 &err);
	struct theme t;
	int r;

	(void)state;
	assert_non_null(ts);
	assert_int_equal(theme_pick(ts, "default", true, true, &t, &err), 0);
	assert_true(t.monochrome);
	assert_string_equal(t.name, "monochrome");
	assert_int_equal(t.role[ROLE_ERROR].attrs, TA_UNDERLINE);
	for (r = 0; r < ROLE_COUNT; r++) {
		assert_int_equal(t.role[r].fg, THEME_COLOR_DEFAULT);
		assert_int_equal(t.role[r].bg, THEME_COLOR_DEFAULT);
	}
	/* a terminal without colours does the same */
	assert_int_equal(theme_pick(ts, "default", false, false, &t, &err), 0);
	assert_true(t.monochrome);
	/* without the monochrome theme in the file, the built-in one */
	themes_free(&ts);
	ts = load("default:\n  error: {fg: red}\n", &err);
	assert_int_equal(theme_pick(ts, "default", true, true, &t, &err), 0);
	assert_true(t.monochrome);
	assert_int_equal(t.role[ROLE_ERROR].fg, THEME_COLOR_DEFAULT);
	assert_int_equal(t.role[ROLE_ERROR].attrs, TA_BOLD);
	/* and with no themes at all */
	assert_int_equal(theme_pick(NULL, "high-contrast", true, true, &t, &err), 0);
	assert_true(t.monochrome);
	themes_free(&ts);
	sb_release(&err);
}

static void test_unknown_theme_is_refused(void **state)
{
	struct strbuf err = STRBUF_INIT;
	struct themes *ts = load("default: {}\n", &err);
	struct theme t;

	(void)state;
	assert_int_equal(theme_pick(ts, "high-contrast", false, true, &t, &err), -1);
	assert_non_null(strstr(err.buf, "theme 'high-contrast' is not defined"));
	sb_reset(&err);
	assert_int_equal(theme_pick(ts, NULL, false, true, &t, &err), 0); /* "default" */
	assert_string_equal(t.name, "default");
	themes_free(&ts);
	sb_release(&err);
}

static void test_errors_say_where(void **state)
{
	(void)state;
	assert_error("default:\n  shouting: {fg: red}\n",
		     "t.yaml:2:3: unknown role 'shouting' in theme 'default' (known: normal");
	assert_error("default:\n  error: {fg: crimson}\n", "t.yaml:2:15: 'crimson' is not a colour");
	assert_error("default:\n  error: {fg: 256}\n", "t.yaml:2:15: '256' is not a colour");
	assert_error("default:\n  error: {attrs: [bold, blink]}\n",
		     "t.yaml:2:25: 'blink' is not an attribute");
	assert_error("default:\n  error: {colour: red}\n",
		     "t.yaml:2:11: unknown key 'colour' in role 'error'");
	assert_error("default:\n  error: red\n", "t.yaml:2:10: role 'error' must be a map");
	assert_error("default: [a]\n", "t.yaml:1:10: theme 'default' must be a map");
	assert_error("- default\n", "t.yaml:1:1: a themes file must be a map");
	assert_error("default:\n  error: {fg: red}\n  error: {fg: blue}\n",
		     "t.yaml:3:3: duplicate key 'error'");
	assert_error("default: {}\ndefault: {}\n", "t.yaml:2:1: duplicate key 'default'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_role_names),
		cmocka_unit_test(test_shipped_themes_load),
		cmocka_unit_test(test_styles_colours_and_attrs),
		cmocka_unit_test(test_no_color_forces_monochrome),
		cmocka_unit_test(test_unknown_theme_is_refused),
		cmocka_unit_test(test_errors_say_where),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
