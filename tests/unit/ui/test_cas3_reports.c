/* test_cas3_reports.c: the Accommodation reports screen at 80x24 without a
 * terminal or a database: a runner gives a known bed occupancy table; the
 * chart, the scrolling table, the window rule said in words, the CSV saved
 * to a file (never over one), --linear, and the area menu by role. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/cas3_report.h"
#include "store/cas3_store.h"
#include "ui/keymap.h"
#include "ui/screens/screens.h"
#include "ui/shell.h"
#include "ui/textgrid.h"

struct fix {
	struct keymap *km;
	struct textgrid *g;
	struct ui *ui;
	struct strbuf screen;
	int rows, cols;
	char dir[64];
	struct cas3_reports_arg arg;
	int runs;
	char last_region[16], last_from[16], last_to[16];
};

static struct staff sam = {
	.id = 3,
	.username = "hpt_sam",
	.display_name = "Sam Okafor",
	.role = "hpt",
	.role_label = "Housing placement team assessor",
	.region = "Kent, Surrey and Sussex",
};

static char *xdup(const char *s)
{
	char *d = s ? strdup(s) : NULL;

	if (s && !d)
		abort();
	return d;
}

/* Bed occupancy for January 2027: three bedspaces, one with hostile text. */
static enum ct_status fake_run(void *ctx, int which, const char *region, const char *from,
			       const char *to, struct cas3_table *out, struct strbuf *err)
{
	static const char *const cols[] = {"propertyRef", "bedspaceRef", "totalBookedDays",
					   "bedspaceOnlineDays", "occupancyRate", "notes"};
	static const char *const rows[][6] = {
		{"CEDAR3", "1", "9", "31", "29.0", "ok"},
		{"CEDAR3", "2", "31", "31", "100.0", "full"},
		{"EVIL\x1b[2J", "3", "0", "0", NULL, "=cmd|calc"},
	};
	struct fix *f = ctx;
	size_t i, j;

	(void)err;
	f->runs++;
	snprintf(f->last_region, sizeof f->last_region, "%s", region ? region : "(national)");
	snprintf(f->last_from, sizeof f->last_from, "%s", from);
	snprintf(f->last_to, sizeof f->last_to, "%s", to);
	if (which != CAS3_REPORT_BED_OCCUPANCY) {
		sb_adds(err, "only bed occupancy in this test");
		return CT_USAGE;
	}
	out->ncols = 6;
	out->nrows = 3;
	out->cols = calloc(7, sizeof *out->cols);
	out->cells = calloc(19, sizeof *out->cells);
	if (!out->cols || !out->cells)
		abort();
	for (j = 0; j < 6; j++)
		out->cols[j] = xdup(cols[j]);
	for (i = 0; i < 3; i++)
		for (j = 0; j < 6; j++)
			out->cells[i * 6 + j] = xdup(rows[i][j]);
	return CT_OK;
}

static int setup(void **state)
{
	static struct fix f;
	struct strbuf err = STRBUF_INIT;
	struct ui_setup setup;

	memset(&f, 0, sizeof f);
	f.rows = 24;
	f.cols = 80;
	f.km = keymap_new();
	f.g = textgrid_new(60, 200);
	sb_init(&f.screen);
	snprintf(f.dir, sizeof f.dir, "/tmp/ct-reports-XXXXXX");
	if (!f.km || !f.g || !mkdtemp(f.dir))
		return -1;
	f.arg = (struct cas3_reports_arg){.run = fake_run, .ctx = &f, .today = "2027-02-15",
					  .export_dir = f.dir};
	setup = (struct ui_setup){.keymap = f.km, .staff = &sam, .keymap_path = "k",
				  .themes_path = "t", .theme_name = "default"};
	f.ui = ui_new(&setup, &err);
	if (!f.ui)
		return -1;
	sb_release(&err);
	ui_resize(f.ui, f.rows, f.cols);
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fix *f = *state;
	struct strbuf cmd = STRBUF_INIT;

	ui_free(&f->ui);
	keymap_free(&f->km);
	textgrid_free(&f->g);
	sb_release(&f->screen);
	sb_addf(&cmd, "rm -rf '%s'", f->dir);
	if (system(cmd.buf) != 0)
		fprintf(stderr, "could not remove %s\n", f->dir);
	sb_release(&cmd);
	return 0;
}

static const char *paint(struct fix *f)
{
	struct ui_canvas c;

	textgrid_clear(f->g);
	c = cv_root(&textgrid_ops, f->g, f->rows, f->cols, ui_linear(f->ui));
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

static void open_reports(struct fix *f)
{
	assert_int_equal(ui_push(f->ui, &cas3_reports_screen, &f->arg), 0);
	assert_string_equal(ui_top_name(f->ui), "cas3-reports");
}

static void test_runs_and_draws_the_chart_at_80x24(void **state)
{
	struct fix *f = *state;

	open_reports(f);
	assert_shows(f, "Home > Accommodation reports");
	assert_shows(f, "< Bed occupancy >");
	assert_shows(f, "[2027-01-15]");
	assert_shows(f, "[2027-02-15]");
	assert_shows(f, "Press Enter to run the report.");
	assert_cursor_on(f, "< Bed occupancy >");
	press(f, "Enter");
	assert_int_equal(f->runs, 1);
	assert_string_equal(f->last_from, "2027-01-15");
	assert_string_equal(f->last_to, "2027-02-15");
	/* no regions without a database: national */
	assert_string_equal(f->last_region, "(national)");
	assert_shows(f, "Bed occupancy, National (all regions), 2027-01-15 to 2027-02-15: 3 rows.");
	/* 40 of 62 online days booked over the window */
	assert_shows(f, "Bed occupancy over the window: 64.5%");
	/* 29% of a 50-cell bar is 15 cells (rounded), with the percentage as text */
	{
		struct strbuf want = STRBUF_INIT;

		sb_adds(&want, "CEDAR3 1  ");
		cas3_bar(29.0, 50, &want);
		sb_adds(&want, "  29.0%");
		assert_int_equal((int)(strchr(want.buf, '.') - strchr(want.buf, '#')), 15);
		assert_shows(f, want.buf);
		sb_reset(&want);
		sb_adds(&want, "CEDAR3 2  ##################################################"
			       " 100.0%");
		assert_shows(f, want.buf);
		sb_release(&want);
	}
	/* no days online: no rate, an empty bar; hostile text is made harmless */
	assert_shows(f, "-%");
	assert_not_shown(f, "\x1b");
	assert_shows(f, "EVIL 3 ");
	/* the cursor follows the lines of the result */
	assert_cursor_on(f, "Bed occupancy over the window");
	press(f, "Down");
	assert_cursor_on(f, "CEDAR3 1  ");
	press(f, "End");
	assert_cursor_on(f, "EVIL         3");
	/* the table scrolls sideways */
	assert_shows(f, "propertyRef");
	press(f, "Right");
	assert_not_shown(f, "propertyRef");
	assert_shows(f, "bedspaceRef");
	press(f, "Left");
	assert_shows(f, "propertyRef");
	/* Up from the first line goes back to the fields */
	press(f, "Home");
	press(f, "Up");
	assert_cursor_on(f, "[2027-02-15]");
}

static void test_window_rule_in_words(void **state)
{
	struct fix *f = *state;

	open_reports(f);
	press(f, "Tab");
	press(f, "Tab");
	assert_cursor_on(f, "[2027-01-15]");
	for (int i = 0; i < 10; i++)
		press(f, "Backspace");
	type(f, "2026-06-01");
	press(f, "Enter");
	assert_int_equal(f->runs, 0);
	assert_shows(f, "Error: A report covers at most 6 months: 2026-06-01 to 2027-02-15 is "
			"longer");
	/* nothing typed is lost, and the cursor is on the field to change */
	assert_shows(f, "[2026-06-01]");
	assert_cursor_on(f, "[2026-06-01]");
	for (int i = 0; i < 10; i++)
		press(f, "Backspace");
	type(f, "2026-13-01");
	press(f, "Enter");
	assert_shows(f, "Error: The start date must be a real date written YYYY-MM-DD");
	for (int i = 0; i < 5; i++)
		press(f, "Backspace");
	type(f, "09-01");
	press(f, "Enter");
	assert_int_equal(f->runs, 1);
	assert_not_shown(f, "Error:");
	/* another report: the runner's refusal is said in words */
	press(f, "Tab");
	assert_cursor_on(f, "< Bed occupancy >");
	press(f, "Right");
	assert_shows(f, "< Future bookings >");
	press(f, "Enter");
	assert_shows(f, "Error: Could not run the Future bookings report: only bed occupancy in");
	assert_shows(f, "  test.");
}

static void test_saves_csv_never_over_a_file(void **state)
{
	struct fix *f = *state;
	struct strbuf want = STRBUF_INIT, got = STRBUF_INIT;

	open_reports(f);
	press(f, "x");
	assert_shows(f, "Error: Run a report first, then save it as CSV.");
	press(f, "Enter");
	press(f, "x");
	assert_shows(f, "Save CSV as:");
	assert_shows(f, "/bed-occupancy national 2027-01-15 to 2027-02-15.csv");
	assert_cursor_on(f, "Save CSV as:");
	press(f, "Enter");
	sb_addf(&want, "Saved 3 rows to %s/bed-occupancy national 2027-01-15 to 2027-02-15.csv.",
		f->dir);
	paint(f);
	sb_reset(&want);
	sb_addf(&want, "%s/bed-occupancy national 2027-01-15 to 2027-02-15.csv", f->dir);
	assert_int_equal(sb_read_file(&got, want.buf), 0);
	assert_string_equal(got.buf,
			    "propertyRef,bedspaceRef,totalBookedDays,bedspaceOnlineDays,"
			    "occupancyRate,notes\r\n"
			    "CEDAR3,1,9,31,29.0,ok\r\n"
			    "CEDAR3,2,31,31,100.0,full\r\n"
			    "EVIL,3,0,0,,\"'=cmd|calc\"\r\n");
	assert_shows(f, "Saved 3 rows to");
	/* again: the file exists, so it asks for another name and keeps the prompt */
	press(f, "x");
	press(f, "Enter");
	assert_shows(f, "already exists: give another file name.");
	assert_shows(f, "Save CSV as:");
	/* x is text in the prompt; Esc closes it without saving */
	press(f, "Backspace");
	press(f, "Backspace");
	press(f, "Backspace");
	type(f, "x");
	assert_shows(f, "2027-02-15.x\n");
	press(f, "Esc");
	assert_not_shown(f, "Save CSV as:");
	assert_string_equal(ui_top_name(f->ui), "cas3-reports");
	sb_release(&want);
	sb_release(&got);
}

static void test_linear_reads_in_order(void **state)
{
	struct fix *f = *state;
	struct strbuf err = STRBUF_INIT;
	struct ui_setup setup = {.keymap = f->km, .staff = &sam, .linear = true,
				 .keymap_path = "k", .themes_path = "t", .theme_name = "default"};

	ui_free(&f->ui);
	f->ui = ui_new(&setup, &err);
	assert_non_null(f->ui);
	ui_resize(f->ui, f->rows, f->cols);
	open_reports(f);
	assert_shows(f, "Report: Bed occupancy (Left and Right change it)");
	assert_shows(f, "From (YYYY-MM-DD): 2027-01-15");
	press(f, "Enter");
	assert_shows(f, "CEDAR3 bedspace 1: 29.0% occupied, 9 of 31 days booked");
	assert_shows(f, "Row 1 of 3: propertyRef CEDAR3; bedspaceRef 1;");
	assert_not_shown(f, "\xe2\x94\x80");
	assert_cursor_on(f, "Bed occupancy over the window");
	sb_release(&err);
}

static void test_area_menu_by_role(void **state)
{
	struct fix *f = *state;

	/* Reports on Home (p) lists the accommodation reports for an assessor */
	press(f, "p");
	assert_shows(f, "1. Accommodation reports");
	assert_cursor_on(f, "1. Accommodation reports");
	press(f, "1");
	assert_string_equal(ui_top_name(f->ui), "cas3-reports");
	press(f, "Esc");
	press(f, "Enter");
	assert_string_equal(ui_top_name(f->ui), "cas3-reports");
	press(f, "Esc");
	press(f, "Esc");
	assert_string_equal(ui_top_name(f->ui), "home");
}

/* The pure parts the command and the screen share. */
static void test_window_file_name_and_bars(void **state)
{
	struct strbuf err = STRBUF_INIT, sb = STRBUF_INIT;
	struct cas3_occupancy_bar bars[2] = {{.booked = 9, .online = 31}, {.booked = 0, .online = 0}};

	(void)state;
	assert_int_equal(cas3_report_window("2027-01-01", "2027-07-01", &err), CT_OK);
	assert_int_equal(cas3_report_window("2027-01-01", "2027-07-02", &err), CT_USAGE);
	assert_string_equal(err.buf, "a report covers at most 6 months: 2027-01-01 to 2027-07-02 "
				     "is longer (the latest end date for that start is 2027-07-01)");
	/* the end of a month: 31 August + 6 months is the last day of February */
	sb_reset(&err);
	assert_int_equal(cas3_report_window("2026-08-31", "2027-02-28", &err), CT_OK);
	assert_int_equal(cas3_report_window("2026-08-31", "2027-03-01", &err), CT_USAGE);
	/* across a year end, and a leap year */
	assert_int_equal(cas3_report_window("2027-09-30", "2028-03-30", &err), CT_OK);
	assert_int_equal(cas3_report_window("2027-08-31", "2028-02-29", &err), CT_OK);
	sb_reset(&err);
	assert_int_equal(cas3_report_window("2027-02-01", "2027-01-31", &err), CT_USAGE);
	assert_string_equal(err.buf, "the start date 2027-02-01 is after the end date 2027-01-31");
	sb_reset(&err);
	assert_int_equal(cas3_report_window("2027-02-30", "2027-03-01", &err), CT_USAGE);
	assert_non_null(strstr(err.buf, "the start date must be a real date"));
	sb_reset(&err);
	assert_int_equal(cas3_report_window(NULL, "2027-03-01", &err), CT_USAGE);
	assert_string_equal(err.buf, "a report needs a start date and an end date");

	assert_int_equal(cas3_report_file_name(CAS3_REPORT_BED_USAGE, "K/../x", "2027-01-01",
					       "2027-01-31", &sb), 0);
	assert_string_equal(sb.buf, "bed-usage Kx 2027-01-01 to 2027-01-31.csv");
	sb_reset(&sb);
	assert_int_equal(cas3_bar(0, 4, &sb), 0);
	assert_int_equal(cas3_bar(100, 4, &sb), 0);
	assert_int_equal(cas3_bar(250, 4, &sb), 0);
	assert_int_equal(cas3_bar(-3, 4, &sb), 0);
	assert_string_equal(sb.buf, "....########....");
	assert_true(cas3_occupancy_total(bars, 2) > 29.0 && cas3_occupancy_total(bars, 2) < 29.1);
	assert_true(cas3_occupancy_total(bars + 1, 1) == 0.0);
	sb_release(&err);
	sb_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_runs_and_draws_the_chart_at_80x24, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_window_rule_in_words, setup, teardown),
		cmocka_unit_test_setup_teardown(test_saves_csv_never_over_a_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_linear_reads_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_area_menu_by_role, setup, teardown),
		cmocka_unit_test(test_window_file_name_and_bars),
	};

	setlocale(LC_ALL, "");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
