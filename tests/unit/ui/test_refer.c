/* test_refer.c: "Make a referral" without a terminal or a database: the CRN
 * checked as it is typed (nothing typed is lost), the caseload, the person
 * stage saying in words why there is no look-up, Esc back to the CRN, the
 * Referrals area entry that opens it, and --linear. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "ui/keymap.h"
#include "ui/screens/screens.h"
#include "ui/shell.h"
#include "ui/textgrid.h"

struct fix {
	struct keymap *km;
	struct textgrid *g;
	struct ui *ui;
	struct strbuf screen;
	bool linear;
};

static struct staff anna = {
	.id = 3,
	.username = "anna",
	.display_name = "Anna Clarke",
	.role = "pp",
	.role_label = "Probation practitioner",
};

static int setup_common(void **state, bool linear)
{
	static struct fix f;
	struct strbuf err = STRBUF_INIT;
	struct ui_setup setup;

	memset(&f, 0, sizeof f);
	f.linear = linear;
	f.km = keymap_new();
	f.g = textgrid_new(60, 200);
	sb_init(&f.screen);
	memset(&setup, 0, sizeof setup);
	setup.keymap = f.km;
	setup.staff = &anna;
	setup.linear = linear;
	f.ui = ui_new(&setup, &err);
	if (!f.ui)
		fail_msg("ui_new: %s", err.buf);
	sb_release(&err);
	ui_resize(f.ui, 24, 80);
	*state = &f;
	return 0;
}

static int setup(void **state)
{
	return setup_common(state, false);
}

static int setup_linear(void **state)
{
	return setup_common(state, true);
}

static int teardown(void **state)
{
	struct fix *f = *state;

	ui_free(&f->ui);
	keymap_free(&f->km);
	textgrid_free(&f->g);
	sb_release(&f->screen);
	return 0;
}

static const char *paint(struct fix *f)
{
	struct ui_canvas c;

	textgrid_clear(f->g);
	c = cv_root(&textgrid_ops, f->g, 24, 80, ui_linear(f->ui));
	ui_paint(f->ui, &c);
	sb_reset(&f->screen);
	textgrid_dump(f->g, &f->screen);
	return f->screen.buf;
}

static void press(struct fix *f, const char *name)
{
	ui_key k;

	if (ui_key_from_name(name, &k))
		fail_msg("bad key name %s", name);
	ui_handle_key(f->ui, k);
}

static void type(struct fix *f, const char *text)
{
	for (; *text; text++)
		ui_handle_key(f->ui, (ui_key)(unsigned char)*text);
}

static void assert_shows(struct fix *f, const char *text)
{
	paint(f);
	if (!strstr(f->screen.buf, text))
		fail_msg("'%s' is not on the screen:\n%s", text, f->screen.buf);
}

static void assert_not_shown(struct fix *f, const char *text)
{
	paint(f);
	if (strstr(f->screen.buf, text))
		fail_msg("'%s' should not be on the screen:\n%s", text, f->screen.buf);
}

static void assert_cursor_on(struct fix *f, const char *text)
{
	int row, col, crow, ccol;

	paint(f);
	if (!textgrid_find(f->g, text, &row, &col))
		fail_msg("'%s' is not on the screen:\n%s", text, f->screen.buf);
	ui_cursor(f->ui, &crow, &ccol);
	if (crow != row)
		fail_msg("cursor on row %d, '%s' on row %d:\n%s", crow, text, row, f->screen.buf);
}

static void test_crn_checked_as_typed(void **state)
{
	struct fix *f = *state;
	struct strbuf err = STRBUF_INIT;

	assert_int_equal(referral_start(f->ui, NULL, NULL, &err), 0);
	assert_string_equal(ui_top_name(f->ui), "refer");
	assert_shows(f, "Make a referral");
	assert_cursor_on(f, "CRN:");
	type(f, "x32");
	/* a hint while typing, not yet an error */
	assert_shows(f, "Enter a CRN in the correct format, like X320741");
	assert_not_shown(f, "Error:");
	press(f, "Enter");
	assert_shows(f, "Error: Enter a CRN in the correct format, like X320741");
	assert_shows(f, "x32");
	assert_cursor_on(f, "CRN:");
	/* r is typed here even though it is the retry key of this screen */
	press(f, "Backspace");
	type(f, "20741");
	assert_shows(f, "x320741");
	assert_shows(f, "Press Enter to look them up.");
	assert_not_shown(f, "Error:");
	press(f, "Enter");
	/* no configuration: said in words, with the retry key */
	assert_shows(f, "Make a referral for X320741");
	assert_shows(f, "Error: look-ups are not configured. Press F5 or r to try again.");
	press(f, "Esc");
	assert_string_equal(ui_top_name(f->ui), "refer");
	assert_shows(f, "x320741");
	assert_cursor_on(f, "CRN:");
	press(f, "Esc");
	assert_string_equal(ui_top_name(f->ui), "home");
	sb_release(&err);
}

static void test_started_with_a_crn(void **state)
{
	struct fix *f = *state;
	struct strbuf err = STRBUF_INIT;

	assert_int_equal(referral_start(f->ui, " k666013 ", NULL, &err), 0);
	assert_shows(f, "Make a referral for K666013");
	/* c opens the catalogue for this person; without a database it says why */
	press(f, "c");
	paint(f);
	if (strcmp(ui_top_name(f->ui), "catalogue"))
		assert_shows(f, "Error:");
	else
		press(f, "Esc");
	assert_string_equal(ui_top_name(f->ui), "refer");
	/* Esc closes: there was no CRN typed to go back to */
	press(f, "Esc");
	assert_string_equal(ui_top_name(f->ui), "home");
	sb_release(&err);
}

static void test_referrals_area_entry(void **state)
{
	struct fix *f = *state;

	press(f, "r");
	assert_shows(f, "Make a referral");
	assert_cursor_on(f, "Make a referral");
	press(f, "Enter");
	assert_string_equal(ui_top_name(f->ui), "refer");
	assert_shows(f, "Enter the person's CRN");
}

static void test_linear(void **state)
{
	struct fix *f = *state;
	struct strbuf err = STRBUF_INIT;

	assert_int_equal(referral_start(f->ui, NULL, NULL, &err), 0);
	type(f, "A1");
	press(f, "Enter");
	paint(f);
	assert_shows(f, "CRN: A1");
	assert_shows(f, "Error: Enter a CRN in the correct format");
	assert_not_shown(f, "[");
	sb_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_crn_checked_as_typed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_started_with_a_crn, setup, teardown),
		cmocka_unit_test_setup_teardown(test_referrals_area_entry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_linear, setup_linear, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
