/* test_cas3_apply_screens.c: the practitioner's "Apply for accommodation"
 * start screen and the premises screens at 80x24 without a database or a
 * configuration: entries by role, a CRN in the wrong format said under the
 * field with what was typed kept, letters typed into the CRN field (q too),
 * no look-up without a configuration said in words, the cursor on the
 * field, --linear, and the premises list saying why it has no data with its
 * keys in the ? overlay. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <string.h>

#include "ui/keymap.h"
#include "ui/shell.h"
#include "ui/textgrid.h"

struct fix {
	struct keymap *km;
	struct textgrid *g;
	struct ui *ui;
	struct strbuf screen;
};

static struct staff anna = {
	.id = 1, .username = "pp_anna", .display_name = "Anna Clarke", .role = "pp",
	.role_label = "Probation practitioner", .region = "Kent, Surrey and Sussex",
};
static struct staff sam = {
	.id = 3, .username = "hpt_sam", .display_name = "Sam Okafor", .role = "hpt",
	.role_label = "Housing placement team assessor", .region = "Kent, Surrey and Sussex",
};
static struct staff ada = {
	.id = 5, .username = "adm_ada", .display_name = "Ada Byrne", .role = "admin",
	.role_label = "Administrator",
};

static void open_as(struct fix *f, const struct staff *s, bool linear)
{
	struct strbuf err = STRBUF_INIT;
	struct ui_setup setup = {.keymap = f->km, .staff = s, .linear = linear,
				 .keymap_path = "k", .themes_path = "t", .theme_name = "default"};

	ui_free(&f->ui);
	f->ui = ui_new(&setup, &err);
	if (!f->ui)
		fail_msg("ui_new: %s", err.buf);
	sb_release(&err);
	ui_resize(f->ui, 24, 80);
}

static int setup(void **state)
{
	static struct fix f;

	memset(&f, 0, sizeof f);
	f.km = keymap_new();
	f.g = textgrid_new(60, 200);
	sb_init(&f.screen);
	if (!f.km || !f.g)
		return -1;
	*state = &f;
	return 0;
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

static void paint(struct fix *f)
{
	struct ui_canvas c;

	textgrid_clear(f->g);
	c = cv_root(&textgrid_ops, f->g, 24, 80, ui_linear(f->ui));
	ui_paint(f->ui, &c);
	sb_reset(&f->screen);
	textgrid_dump(f->g, &f->screen);
}

static void press(struct fix *f, const char *name)
{
	ui_key k;

	if (ui_key_from_name(name, &k))
		fail_msg("bad key name %s", name);
	ui_handle_key(f->ui, k);
}

static void type(struct fix *f, const char *s)
{
	for (; *s; s++)
		ui_handle_key(f->ui, (ui_key)(unsigned char)*s);
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

static void test_practitioner_starts_with_a_crn(void **state)
{
	struct fix *f = *state;

	open_as(f, &anna, false);
	press(f, "a");
	assert_shows(f, "> 1. Apply for accommodation");
	assert_not_shown(f, "Premises and bedspaces");
	assert_not_shown(f, "Assessment queue");
	press(f, "Enter");
	assert_string_equal(ui_top_name(f->ui), "cas3-apply");
	assert_shows(f, "Home > Accommodation > Apply for accommodation");
	assert_shows(f, "No one on your caseload: type a CRN.");
	assert_cursor_on(f, "CRN ");
	type(f, "q32");
	/* q is typed, not "back" */
	assert_string_equal(ui_top_name(f->ui), "cas3-apply");
	assert_shows(f, "CRN  q32");
	press(f, "Enter");
	assert_shows(f, "Error: Enter a CRN in the correct format, like X320741");
	assert_shows(f, "CRN  q32");
	assert_cursor_on(f, "CRN  q32");
	press(f, "Backspace");
	press(f, "Backspace");
	press(f, "Backspace");
	type(f, "x320741");
	assert_not_shown(f, "Error: Enter a CRN");
	press(f, "Enter");
	/* no configuration in this test: said in words, nothing lost */
	assert_shows(f, "Error: Could not start looking X320741 up");
	assert_shows(f, "CRN  x320741");
	press(f, "Esc");
	assert_string_equal(ui_top_name(f->ui), "area");
}

static void test_practitioner_linear(void **state)
{
	struct fix *f = *state;

	open_as(f, &anna, true);
	press(f, "a");
	press(f, "1");
	assert_string_equal(ui_top_name(f->ui), "cas3-apply");
	type(f, "X3");
	assert_shows(f, "CRN (a letter and 6 numbers, like X320741): X3");
	assert_cursor_on(f, "CRN (a letter and 6 numbers");
	assert_not_shown(f, "\xe2\x94\x80");
}

static void test_assessor_and_admin_see_the_premises(void **state)
{
	struct fix *f = *state;

	open_as(f, &sam, false);
	press(f, "a");
	assert_not_shown(f, "Apply for accommodation");
	assert_shows(f, "5. Premises and bedspaces");
	press(f, "5");
	assert_string_equal(ui_top_name(f->ui), "cas3-premises-list");
	assert_shows(f, "Home > Accommodation > Premises and bedspaces");
	assert_shows(f, "Error: there is no database connection.");
	press(f, "?");
	assert_shows(f, "Add one to the list shown");
	assert_shows(f, "Change the selected one");
	press(f, "Esc");
	/* e with nothing chosen says so */
	press(f, "e");
	assert_shows(f, "Error: choose premises first");
	assert_not_shown(f, "Error: Error:");
	press(f, "q");
	assert_string_equal(ui_top_name(f->ui), "area");

	open_as(f, &ada, false);
	press(f, "a");
	assert_shows(f, "1. Apply for accommodation");
	assert_shows(f, "6. Premises and bedspaces");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_practitioner_starts_with_a_crn, setup, teardown),
		cmocka_unit_test_setup_teardown(test_practitioner_linear, setup, teardown),
		cmocka_unit_test_setup_teardown(test_assessor_and_admin_see_the_premises, setup,
						teardown),
	};

	setlocale(LC_ALL, "");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
