/* test_shell.c: screen tests without a terminal: the shell and its screens
 * drawn into a text grid at a fixed size while keys are replayed
 * (ui/shell.h, ui/screens/). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <string.h>

#include "ui/edit.h"
#include "ui/keymap.h"
#include "ui/shell.h"
#include "ui/textgrid.h"
#include "util/sanitize.h"

struct fix {
	struct keymap *km;
	struct textgrid *g;
	struct ui *ui;
	struct strbuf screen;
	int rows, cols;
	bool linear;
};

static struct staff zoe = {
	.id = 7,
	.username = "zoe",
	.display_name = "Zo\xc3\xab N\xc3\xad Bhriain",
	.role = "pp",
	.role_label = "Probation practitioner",
	.team = "Leeds North",
};

static int open_ui(struct fix *f, const struct staff *s, const struct queue_count *q, size_t nq,
		   const char *qerr)
{
	struct strbuf err = STRBUF_INIT;
	struct ui_setup setup = {
		.keymap = f->km, .staff = s, .queues = q, .n_queues = nq, .queue_error = qerr,
		.linear = f->linear, .keymap_path = "/etc/keymap.yaml",
		.themes_path = "/etc/themes.yaml", .theme_name = "default",
	};

	f->ui = ui_new(&setup, &err);
	if (!f->ui)
		fail_msg("ui_new: %s", err.buf);
	sb_release(&err);
	ui_resize(f->ui, f->rows, f->cols);
	return 0;
}

static int setup_common(void **state, bool linear)
{
	static struct fix f;

	memset(&f, 0, sizeof f);
	f.rows = 24;
	f.cols = 80;
	f.linear = linear;
	f.km = keymap_new();
	f.g = textgrid_new(60, 200);
	sb_init(&f.screen);
	if (!f.km || !f.g)
		return -1;
	open_ui(&f, &zoe, NULL, 0, NULL);
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
	assert_null(f->ui);
	keymap_free(&f->km);
	textgrid_free(&f->g);
	sb_release(&f->screen);
	return 0;
}

/* Paints at the fixture's size and returns the screen text. */
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

/* The cursor is on the row holding text (and returns that column). */
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

/* The row under the cursor, trimmed, is exactly text. */
static void assert_cursor_row_is(struct fix *f, const char *text)
{
	struct strbuf line = STRBUF_INIT;
	int crow, ccol;
	const char *p;

	paint(f);
	ui_cursor(f->ui, &crow, &ccol);
	textgrid_row(f->g, crow, &line);
	for (p = line.buf; *p == ' '; p++)
		;
	if (strcmp(p, text))
		fail_msg("cursor row %d is '%s', not '%s'", crow, line.buf, text);
	sb_release(&line);
}

static void test_home_shows_who_and_the_areas(void **state)
{
	struct fix *f = *state;
	int row, col, crow, ccol;

	assert_string_equal(ui_top_name(f->ui), "home");
	assert_shows(f, "Zo\xc3\xab N\xc3\xad Bhriain");
	assert_shows(f, "Probation practitioner");
	assert_shows(f, "Leeds North");
	assert_shows(f, "No work queues yet");
	assert_shows(f, "[R]eferrals");
	assert_shows(f, "[C]atalogue");
	assert_shows(f, "[S]upplier work");
	assert_shows(f, "[A]ccommodation");
	assert_shows(f, "Re[p]orts");
	assert_shows(f, "[H]elp");
	/* the selected row has a text marker, reverse video and the cursor */
	assert_true(textgrid_find(f->g, "> [R]eferrals", &row, &col));
	ui_cursor(f->ui, &crow, &ccol);
	assert_int_equal(crow, row);
	assert_int_equal(ccol, col + 2);
	assert_int_equal(textgrid_role(f->g, row, col + 2), ROLE_SELECTED);
	/* the shortcut letter is underlined as well as bracketed */
	assert_true(textgrid_attrs(f->g, row, col + 3) & TA_UNDERLINE);
	/* status line: who, role, where, keys */
	sb_reset(&f->screen);
	textgrid_row(f->g, 23, &f->screen);
	assert_non_null(strstr(f->screen.buf, "Zo\xc3\xab N\xc3\xad Bhriain (Probation practitioner) | Home"));
	assert_non_null(strstr(f->screen.buf, "? help"));
	assert_non_null(strstr(f->screen.buf, "F10 quit"));
	assert_int_equal(textgrid_role(f->g, 23, 0), ROLE_STATUS);
}

static void test_arrows_and_tab_move_the_selection(void **state)
{
	struct fix *f = *state;

	press(f, "Down");
	assert_shows(f, "> [C]atalogue");
	assert_cursor_on(f, "[C]atalogue");
	assert_not_shown(f, "> [R]eferrals");
	press(f, "Tab");
	assert_cursor_on(f, "> [S]upplier work");
	press(f, "S-Tab");
	press(f, "Up");
	press(f, "Up"); /* wraps to the last item */
	assert_cursor_on(f, "> [H]elp");
	press(f, "Home");
	assert_cursor_on(f, "> [R]eferrals");
	press(f, "End");
	assert_cursor_on(f, "> [H]elp");
}

static void test_each_area_opens_and_esc_returns(void **state)
{
	static const struct {
		const char *key, *fkey, *title;
		int issue;
	} areas[] = {
		{"r", "F2", "Referrals", 5},
		{"s", "F4", "Supplier work", 7}, {"a", "F5", "Accommodation", 8},
		{"p", "F6", "Reports", 8},
	};
	struct fix *f = *state;
	struct strbuf want = STRBUF_INIT;
	size_t i;

	for (i = 0; i < sizeof areas / sizeof areas[0]; i++) {
		press(f, areas[i].key);
		assert_string_equal(ui_top_name(f->ui), "area");
		sb_reset(&want);
		sb_addf(&want, "Home > %s", areas[i].title);
		assert_shows(f, want.buf);
		sb_reset(&want);
		if (!strcmp(areas[i].title, "Reports"))
			/* built: a practitioner has no report of their own */
			sb_adds(&want, "Nothing here is open to your role (Probation practitioner).");
		else if (!strcmp(areas[i].title, "Accommodation"))
			/* built: a practitioner applies */
			sb_adds(&want, "> 1. Apply for accommodation");
		else if (!strcmp(areas[i].title, "Referrals"))
			/* built: a practitioner makes referrals */
			sb_adds(&want, "> 1. Make a referral");
		else if (!strcmp(areas[i].title, "Supplier work"))
			/* built: a practitioner has their attention list there */
			sb_adds(&want, "1. Need your attention");
		else
			sb_addf(&want, "Not built yet: this area arrives with issue %d.",
				areas[i].issue);
		assert_shows(f, want.buf);
		if (!strcmp(areas[i].title, "Referrals")) {
			/* and follows the referrals sent */
			assert_shows(f, "2. My referrals");
			assert_shows(f, "3. Need your attention");
		}
		assert_shows(f, "Esc back");
		if (!strcmp(areas[i].title, "Accommodation"))
			assert_cursor_on(f, "> 1. Apply for accommodation");
		else if (!strcmp(areas[i].title, "Referrals"))
			assert_cursor_on(f, "> 1. Make a referral");
		else if (!strcmp(areas[i].title, "Supplier work"))
			assert_cursor_on(f, "> 1. Need your attention");
		else
			assert_cursor_row_is(f, areas[i].title);
		press(f, "Esc");
		assert_string_equal(ui_top_name(f->ui), "home");
		assert_int_equal(ui_depth(f->ui), 1);
		/* the F-key mirrors the letter; q goes back too */
		press(f, areas[i].fkey);
		assert_string_equal(ui_top_name(f->ui), "area");
		press(f, "q");
		assert_string_equal(ui_top_name(f->ui), "home");
	}
	/* Enter opens the selected one, and the selection stays on return */
	press(f, "Home");
	press(f, "Down");
	press(f, "Down");
	press(f, "Enter");
	assert_shows(f, "Home > Supplier work");
	press(f, "Esc");
	assert_cursor_on(f, "> [S]upplier work");
	/* so does its number */
	press(f, "4");
	assert_shows(f, "Home > Accommodation");
	press(f, "Esc");
	/* Esc on home does nothing */
	press(f, "Esc");
	assert_string_equal(ui_top_name(f->ui), "home");
	assert_false(ui_done(f->ui, NULL));
	sb_release(&want);
}

static void test_help_screen_lists_every_key(void **state)
{
	struct fix *f = *state;

	press(f, "h");
	assert_string_equal(ui_top_name(f->ui), "help");
	assert_shows(f, "Home > Help");
	assert_shows(f, "Keys everywhere (global)");
	assert_shows(f, "Quit caseterm");
	assert_shows(f, "F10");
	press(f, "End");
	assert_shows(f, "About caseterm");
	assert_shows(f, "/etc/keymap.yaml");
	assert_not_shown(f, "Keys everywhere (global)"); /* scrolled */
	press(f, "Home");
	assert_shows(f, "Keys everywhere (global)");
	press(f, "q");
	assert_string_equal(ui_top_name(f->ui), "home");
}

static void test_help_overlay_opens_and_closes(void **state)
{
	struct fix *f = *state;

	press(f, "?");
	assert_string_equal(ui_top_name(f->ui), "help-overlay");
	assert_shows(f, "Keys of this screen (Home)");
	assert_shows(f, "r, F2");
	assert_shows(f, "Open Referrals");
	assert_shows(f, "Keys everywhere");
	assert_shows(f, "Zo\xc3\xab"); /* the home screen is still under it */
	press(f, "r");                   /* keys of the screen below do nothing */
	assert_string_equal(ui_top_name(f->ui), "help-overlay");
	press(f, "q"); /* closes, does not quit */
	assert_string_equal(ui_top_name(f->ui), "home");
	assert_not_shown(f, "Keys of this screen");
	press(f, "F1");
	assert_string_equal(ui_top_name(f->ui), "help-overlay");
	press(f, "Esc");
	assert_string_equal(ui_top_name(f->ui), "home");
	press(f, "?");
	press(f, "?");
	assert_string_equal(ui_top_name(f->ui), "home");
	/* on an area it lists the area's keys */
	press(f, "s");
	press(f, "F1");
	assert_shows(f, "Keys of this screen (Supplier work)");
	assert_shows(f, "Go back");
	press(f, "Esc");
	assert_string_equal(ui_top_name(f->ui), "area");
}

static void test_quit_asks_first(void **state)
{
	struct fix *f = *state;

	press(f, "q");
	assert_string_equal(ui_top_name(f->ui), "quit");
	assert_shows(f, "Quit caseterm? y/n");
	assert_cursor_on(f, "Quit caseterm? y/n");
	assert_not_shown(f, "unsaved");
	press(f, "x"); /* waits for an answer */
	assert_string_equal(ui_top_name(f->ui), "quit");
	press(f, "n");
	assert_string_equal(ui_top_name(f->ui), "home");
	assert_false(ui_done(f->ui, NULL));
	press(f, "s");
	press(f, "F10"); /* anywhere */
	assert_string_equal(ui_top_name(f->ui), "quit");
	press(f, "Esc");
	assert_string_equal(ui_top_name(f->ui), "area");
	press(f, "F10");
	press(f, "y");
	{
		int status = -1;

		assert_true(ui_done(f->ui, &status));
		assert_int_equal(status, 0);
	}
}

static bool always_unsaved(void *arg)
{
	return *(bool *)arg;
}

static void test_quit_warns_about_unsaved_work(void **state)
{
	struct fix *f = *state;
	static bool dirty = true;

	assert_false(ui_has_unsaved_work());
	assert_int_equal(ui_on_unsaved(always_unsaved, &dirty), 0);
	assert_true(ui_has_unsaved_work());
	press(f, "F10");
	assert_shows(f, "Warning: you have unsaved work, which will be lost.");
	assert_shows(f, "Quit caseterm? y/n");
	press(f, "n");
	ui_on_unsaved_remove(always_unsaved, &dirty);
	assert_false(ui_has_unsaved_work());
}

static int hook_signo;
static void *hook_arg;

static void on_term(void *arg, int signo)
{
	hook_arg = arg;
	hook_signo = signo;
}

static void test_terminate_runs_hooks_and_ends(void **state)
{
	struct fix *f = *state;
	int status = -1, tag = 1;

	assert_int_equal(ui_on_terminate(on_term, &tag), 0);
	ui_terminate(f->ui, 1);
	assert_int_equal(hook_signo, 1);
	assert_ptr_equal(hook_arg, &tag);
	assert_true(ui_done(f->ui, &status));
	assert_int_equal(status, 129);
	ui_on_terminate_remove(on_term, &tag);
}

static void test_too_small_and_back(void **state)
{
	struct fix *f = *state;
	struct strbuf line = STRBUF_INIT;
	int r, crow, ccol;

	press(f, "s"); /* on an area when it shrinks */
	f->rows = 20;
	f->cols = 60;
	ui_resize(f->ui, 20, 60);
	paint(f);
	textgrid_row(f->g, 0, &line);
	assert_string_equal(line.buf, "Terminal too small: 80x24 needed, have 60x20");
	for (r = 1; r < 60; r++) { /* nothing else */
		sb_reset(&line);
		textgrid_row(f->g, r, &line);
		assert_string_equal(line.buf, "");
	}
	ui_cursor(f->ui, &crow, &ccol);
	assert_int_equal(crow, 0);
	press(f, "Esc"); /* keys wait for a usable size */
	assert_string_equal(ui_top_name(f->ui), "area");
	f->rows = 24;
	f->cols = 80;
	ui_resize(f->ui, 24, 80);
	assert_shows(f, "Home > Supplier work");
	assert_not_shown(f, "too small");
	/* one row short is too small too; bigger is fine */
	ui_resize(f->ui, 23, 80);
	f->rows = 23;
	assert_shows(f, "have 80x23");
	f->rows = 50;
	f->cols = 132;
	ui_resize(f->ui, 50, 132);
	assert_shows(f, "Home > Supplier work");
	sb_release(&line);
}

static void test_linear_draws_plain_lines(void **state)
{
	struct fix *f = *state;
	struct strbuf line = STRBUF_INIT;
	int row, col, crow, ccol;

	paint(f);
	textgrid_row(f->g, 0, &line);
	assert_string_equal(line.buf, "caseterm: Home");
	assert_shows(f, "Signed in as Zo\xc3\xab N\xc3\xad Bhriain, Probation practitioner.");
	assert_shows(f, "Work queues: No work queues yet.");
	assert_shows(f, "> 1. [R]eferrals (F2): Start and follow universal referrals.");
	assert_shows(f, "  6. [H]elp (F7): Every key, and about caseterm.");
	assert_not_shown(f, "\xe2\x94\x80"); /* no boxes */
	assert_not_shown(f, "\xe2\x94\x82");
	/* the hints come right after the last item */
	assert_true(textgrid_find(f->g, "6. [H]elp", &row, &col));
	sb_reset(&line);
	textgrid_row(f->g, row + 1, &line);
	assert_string_equal(line.buf, "Keys: ? help, F10 quit");
	/* the cursor is on the focused line and follows the keys */
	assert_cursor_on(f, "1. [R]eferrals");
	press(f, "Down");
	assert_cursor_on(f, "> 2. [C]atalogue");
	ui_cursor(f->ui, &crow, &ccol);
	assert_int_equal(ccol, 2);
	/* areas and overlays are plain lines too */
	press(f, "Down");
	press(f, "Enter");
	assert_shows(f, "caseterm: Home > Supplier work");
	assert_not_shown(f, "\xe2\x94\x80");
	press(f, "?");
	assert_shows(f, "Esc: Go back");
	assert_not_shown(f, "Search and compare"); /* drawn alone */
	press(f, "Esc");
	press(f, "F10");
	assert_shows(f, "Quit caseterm? y/n");
	assert_cursor_on(f, "Quit caseterm? y/n");
	sb_release(&line);
}

static void test_hostile_text_is_sanitised(void **state)
{
	struct fix *f = *state;
	struct staff evil = zoe;
	struct queue_count q[] = {{"x", "Over\x1b[2Jdue\x07 \xe2\x80\xaeright", 3}};
	size_t i;

	ui_free(&f->ui);
	evil.display_name = "Mallory\x1b[2J\x1b]0;pwned\x07 \x1b[31mRed\x9b" "1m";
	evil.team = "Team\r\nB";
	open_ui(f, &evil, q, 1, NULL);
	paint(f);
	for (i = 0; i < f->screen.len; i++)
		if ((unsigned char)f->screen.buf[i] < 0x20 && f->screen.buf[i] != '\n')
			fail_msg("control byte %02x on the screen:\n%s",
				 (unsigned char)f->screen.buf[i], f->screen.buf);
	assert_shows(f, "Mallory Red");
	assert_not_shown(f, "pwned");
	assert_shows(f, "Team B");
	assert_shows(f, "Overdue right");
	assert_not_shown(f, "\xe2\x80\xae");
	assert_shows(f, "3 \xe2\x94\x82"); /* the count, right-aligned in its box */
}

/* Tab moves the focus into the Work queues box and back; Enter opens the
 * screen behind the selected count; a queue without one says so. */
static void test_home_opens_a_work_queue(void **state)
{
	struct fix *f = *state;
	struct queue_count q[] = {{"referrals_open", "Referrals sent, open", 12},
				  {"referrals_attention", "Need your attention", 2},
				  {"cas3.in_review", "In review", 1},
				  {"outbox", "Events waiting to reach nDelius", 4}};

	ui_free(&f->ui);
	open_ui(f, &zoe, q, 4, NULL);
	assert_cursor_on(f, "[R]eferrals");
	press(f, "Tab");
	assert_shows(f, "> Work queues");
	assert_cursor_on(f, "Referrals sent, open");
	assert_not_shown(f, "> [R]eferrals");
	press(f, "Down");
	assert_cursor_on(f, "Need your attention");
	press(f, "Enter");
	assert_string_equal(ui_top_name(f->ui), "referral-list");
	assert_shows(f, "Home > Need your attention");
	press(f, "Escape");
	assert_string_equal(ui_top_name(f->ui), "home");
	assert_cursor_on(f, "Need your attention"); /* the focus stayed */
	press(f, "Up");
	press(f, "Enter");
	assert_string_equal(ui_top_name(f->ui), "referral-list");
	assert_shows(f, "Home > My referrals");
	press(f, "Escape");
	press(f, "End");
	press(f, "Up");
	press(f, "Enter");
	assert_string_equal(ui_top_name(f->ui), "cas3-queue");
	assert_shows(f, "[In review");
	press(f, "Escape");
	press(f, "Down");
	press(f, "Enter");
	assert_string_equal(ui_top_name(f->ui), "home");
	assert_shows(f, "Events waiting to reach nDelius: no screen lists these yet");
	/* Shift-Tab goes back to the areas, where Enter opens an area */
	press(f, "S-Tab");
	assert_cursor_on(f, "> [R]eferrals");
	assert_not_shown(f, "> Work queues");
	press(f, "Down");
	assert_cursor_on(f, "> [C]atalogue");
}

/* A supplier's queues open the dashboard at their tab. */
static void test_home_supplier_queue_opens_its_tab(void **state)
{
	struct fix *f = *state;
	struct staff sp = zoe;
	struct queue_count q[] = {{"referrals_unassigned", "Unassigned referrals", 3},
				  {"referrals_mine", "Assigned to me", 5}};

	sp.role = "sp";
	sp.role_label = "Supplier caseworker";
	ui_free(&f->ui);
	open_ui(f, &sp, q, 2, NULL);
	press(f, "Tab");
	press(f, "Enter");
	assert_string_equal(ui_top_name(f->ui), "supplier-dashboard");
	assert_shows(f, "[Unassigned");
	press(f, "Escape");
	press(f, "Down");
	press(f, "Enter");
	assert_shows(f, "[Assigned to me");
}

/* --linear: the queues are lines; the focused one has the marker and the
 * cursor. */
static void test_home_work_queue_linear(void **state)
{
	struct fix *f = *state;
	struct queue_count q[] = {{"referrals_unassigned", "Unassigned referrals", 3},
				  {"referrals_mine", "Assigned to me", 5}};

	ui_free(&f->ui);
	open_ui(f, &zoe, q, 2, NULL);
	press(f, "Tab");
	press(f, "Down");
	assert_cursor_row_is(f, "> Assigned to me: 5");
	press(f, "Tab");
	assert_cursor_on(f, "1. [R]eferrals");
}

static void test_queue_counts_and_errors(void **state)
{
	struct fix *f = *state;
	struct queue_count q[] = {{"a", "Referrals sent, open", 12}, {"b", "Need your attention", 0}};

	ui_free(&f->ui);
	open_ui(f, &zoe, q, 2, NULL);
	assert_shows(f, "Referrals sent, open");
	assert_shows(f, "12 \xe2\x94\x82");
	assert_not_shown(f, "No work queues yet");
	ui_free(&f->ui);
	open_ui(f, &zoe, NULL, 0, "permission denied for function home_queues");
	assert_shows(f, "Error: could not read your work");
	assert_not_shown(f, "No work queues yet");
}

static void test_rebound_keys_change_the_labels(void **state)
{
	struct fix *f = *state;
	struct strbuf err = STRBUF_INIT;
	const char *km = "home:\n  open-reports: [t, F6]\n  open-help: [z]\n";

	ui_free(&f->ui);
	assert_int_equal(keymap_load_string(f->km, "k", km, strlen(km), &err), 0);
	open_ui(f, &zoe, NULL, 0, NULL);
	assert_shows(f, "Repor[t]s");
	assert_shows(f, "Help [z]");
	press(f, "p");
	assert_string_equal(ui_top_name(f->ui), "home");
	press(f, "t");
	assert_shows(f, "Home > Reports");
	sb_release(&err);
}

/* A screen that takes pastes, to see ui_handle_paste hand one over whole. */
struct paster {
	struct strbuf got;
	int calls;
};

static int paster_enter(struct ui *ui, const void *arg, void **st, struct strbuf *err)
{
	(void)ui;
	(void)err;
	*st = (void *)arg;
	return 0;
}

static void paster_leave(struct ui *ui, void *st)
{
	(void)ui;
	(void)st;
}

static void paster_draw(void *st, struct ui *ui, struct ui_canvas *c)
{
	struct paster *p = st;

	(void)ui;
	cv_textf(c, 0, 0, ROLE_NORMAL, "pasted %d: %s", p->calls, p->got.buf);
}

static enum ui_result paster_paste(void *st, struct ui *ui, const char *text, size_t len)
{
	struct paster *p = st;

	(void)ui;
	p->calls++;
	text_sanitize_into(&p->got, text, len, SAN_SINGLE_LINE);
	return UI_REDRAW;
}

static void paster_help(void *st, struct ui *ui, struct ui_help *h)
{
	(void)st;
	(void)ui;
	ui_help_action(h, ACT_BACK);
	edit_help(h); /* as a form does while a text field has the focus */
}

static const struct screen_ops paster_screen = {
	.name = "paster", .title = "Paster", .section = SEC_AREA, .enter = paster_enter,
	.leave = paster_leave, .draw = paster_draw, .paste = paster_paste, .help = paster_help,
};

static void test_paste_goes_to_the_screen_whole(void **state)
{
	struct fix *f = *state;
	struct paster p = {STRBUF_INIT, 0};
	bool full;

	/* home takes no paste: said in the status line, nothing typed */
	ui_handle_paste(f->ui, "q", 1);
	assert_string_equal(ui_top_name(f->ui), "home");
	assert_false(ui_done(f->ui, NULL));
	assert_shows(f, "Paste is not possible here");
	press(f, "Down");
	paint(f);
	assert_null(strstr(f->screen.buf, "Paste is not possible here"));

	assert_int_equal(ui_push(f->ui, &paster_screen, &p), 0);
	paint(f);
	ui_handle_paste(f->ui, "one\ttwo \x1b[31mthree", 18);
	assert_true(ui_dirty(f->ui, &full));
	assert_int_equal(p.calls, 1);
	assert_shows(f, "pasted 1: one two three"); /* raw: the screen sanitises */
	/* its ? help lists a text field's keys, F-keys included */
	press(f, "?");
	assert_shows(f, "C-w, F11");
	assert_shows(f, "Text field: delete the word before the cursor");
	assert_shows(f, "C-u, F13");
	assert_shows(f, "C-k, F14");
	assert_shows(f, "Home, C-a");
	press(f, "Esc");
	press(f, "Esc");
	assert_string_equal(ui_top_name(f->ui), "home");
	sb_release(&p.got);
}

int main(void)
{
	setlocale(LC_ALL, ""); /* wcwidth needs the UTF-8 locale */
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
#define L(t) cmocka_unit_test_setup_teardown(t, setup_linear, teardown)
	const struct CMUnitTest tests[] = {
		T(test_home_shows_who_and_the_areas),
		T(test_home_opens_a_work_queue),
		T(test_home_supplier_queue_opens_its_tab),
		cmocka_unit_test_setup_teardown(test_home_work_queue_linear, setup_linear, teardown),
		T(test_arrows_and_tab_move_the_selection),
		T(test_each_area_opens_and_esc_returns),
		T(test_help_screen_lists_every_key),
		T(test_help_overlay_opens_and_closes),
		T(test_quit_asks_first),
		T(test_quit_warns_about_unsaved_work),
		T(test_terminate_runs_hooks_and_ends),
		T(test_too_small_and_back),
		L(test_linear_draws_plain_lines),
		T(test_hostile_text_is_sanitised),
		T(test_queue_counts_and_errors),
		T(test_rebound_keys_change_the_labels),
		T(test_paste_goes_to_the_screen_whole),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
