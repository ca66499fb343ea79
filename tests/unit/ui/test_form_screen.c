/* test_form_screen.c: the form screen (ui/form_screen.h) without a terminal
 * or a database: forms/sample.yaml opened over the home screen, keys
 * replayed, the text grid compared (the shell's own painting). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "ui/form_screen.h"
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
	/* what the callbacks saw */
	char *json;
	int submits, closed, freed, opens;
	bool preset;       /* prepare() fills sections 1 and 2 */
	int fail_submits;  /* submit() refuses this many times first */
	bool ask;          /* before_submit() asks a y/n question */
	bool oasys_down;   /* the oasys source cannot be reached */
};

static struct staff zoe = {
	.id = 7,
	.username = "zoe",
	.display_name = "Zo\xc3\xab N\xc3\xad Bhriain",
	.role = "pp",
	.role_label = "Probation practitioner",
};

static struct fix fx;

static int src_get(void *ctx, const char *path, struct strbuf *out)
{
	(void)ctx;
	if (fx.oasys_down && !strncmp(path, "oasys.", 6)) {
		sb_adds(out, "OASys did not answer in 10 s");
		return PREFILL_DOWN;
	}
	if (!strcmp(path, "oasys.rosh.whoIsAtRisk"))
		sb_adds(out, "Her former partner.");
	else if (!strcmp(path, "oasys.rosh.natureOfRisk"))
		sb_adds(out, "Threats when drinking.");
	else if (!strcmp(path, "oasys.rosh.riskToChildren"))
		sb_adds(out, "Medium");
	else if (!strcmp(path, "ndelius.details.dateOfBirth"))
		sb_adds(out, "1990-04-12");
	else if (!strcmp(path, "ndelius.responsible_officer.name"))
		sb_adds(out, "Sam Practitioner");
	else if (!strcmp(path, "ndelius.responsible_officer.email"))
		sb_adds(out, "sam@example.com");
	else
		return PREFILL_NONE;
	return PREFILL_OK;
}

static const struct prefill_source sources[] = {
	{"ndelius.details", src_get, NULL},
	{"ndelius.responsible_officer", src_get, NULL},
	{"oasys.rosh", src_get, NULL},
};

static enum ct_status submit(void *ctx, struct ui *ui, struct form_state *st, const char *json,
			     struct strbuf *confirmation, struct strbuf *err)
{
	struct fix *f = ctx;

	(void)ui;
	(void)st;
	(void)err;
	f->submits++;
	if (f->fail_submits > 0) {
		f->fail_submits--;
		sb_adds(err, "The referral could not be sent: the database is unavailable");
		return CT_DB;
	}
	free(f->json);
	f->json = strdup(json);
	sb_adds(confirmation, "Referral sent\nReference AB1234AC");
	return CT_OK;
}

static enum ct_status before_submit(void *ctx, struct ui *ui, const struct form_state *st,
				    struct strbuf *question)
{
	struct fix *f = ctx;

	(void)ui;
	(void)st;
	if (!f->ask)
		return CT_OK;
	sb_adds(question, "This person already has an open referral. Send another?");
	return CT_CONFLICT;
}

static void ctx_free(void *ctx)
{
	((struct fix *)ctx)->freed++;
}

static void closed(void *ctx, struct ui *ui, bool submitted)
{
	(void)ui;
	((struct fix *)ctx)->closed += submitted ? 10 : 1;
}

static void set(struct form_state *st, const char *id, size_t item, const char *v)
{
	struct strbuf err = STRBUF_INIT;

	assert_int_equal(form_state_set_id(st, id, item, v, &err), CT_OK);
	sb_release(&err);
}

static enum ct_status prepare(void *ctx, struct ui *ui, struct form_state *st, struct strbuf *err)
{
	struct fix *f = ctx;
	struct form_errors errs = FORM_ERRORS_INIT;
	const struct form *form = form_state_form(st);

	(void)ui;
	(void)err;
	if (!f->preset)
		return CT_OK;
	set(st, "crn", 0, "X320741");
	set(st, "forename", 0, "Zo\xc3\xab");
	set(st, "surname", 0, "Ní Bhriain");
	set(st, "phone", 0, "07700 900982");
	set(st, "needs_interpreter", 0, "no");
	set(st, "identified_needs", 0, "accommodation");
	set(st, "complexity", 0, "low");
	set(st, "enforceable_days", 0, "10");
	set(st, "completion_date", 0, "1/3/2027");
	form_state_set_today(st, (struct ymd){2026, 11, 24});
	/* date of birth is prefilled after prepare; set it as typed here */
	set(st, "date_of_birth", 0, "12/4/1990");
	assert_int_equal(form_state_complete_section(st, &form->sections[0], &errs, NULL), CT_OK);
	assert_int_equal(form_state_complete_section(st, &form->sections[1], &errs, NULL), CT_OK);
	form_errors_release(&errs);
	return CT_OK;
}

static void open_form(struct fix *f)
{
	struct strbuf err = STRBUF_INIT;
	struct form_screen_spec spec = {
		.form_id = "sample",
		.subject = "X320741",
		.forms_dir = FORMS_DIR,
		.sources = sources,
		.n_sources = 3,
		.ctx = f,
		.ctx_free = ctx_free,
		.prepare = prepare,
		.submit = submit,
		.before_submit = before_submit,
		.closed = closed,
	};

	f->opens++;
	if (form_screen_open(f->ui, &spec, &err))
		fail_msg("form_screen_open: %s", err.buf);
	sb_release(&err);
}

static int setup_common(void **state, bool linear, bool preset)
{
	struct strbuf err = STRBUF_INIT;
	struct ui_setup setup;

	memset(&fx, 0, sizeof fx);
	fx.rows = 24;
	fx.cols = 80;
	fx.linear = linear;
	fx.preset = preset;
	fx.km = keymap_new();
	fx.g = textgrid_new(60, 200);
	sb_init(&fx.screen);
	setup = (struct ui_setup){.keymap = fx.km, .staff = &zoe, .linear = linear};
	fx.ui = ui_new(&setup, &err);
	if (!fx.ui)
		fail_msg("ui_new: %s", err.buf);
	sb_release(&err);
	ui_resize(fx.ui, fx.rows, fx.cols);
	open_form(&fx);
	*state = &fx;
	return 0;
}

static int setup(void **state)
{
	return setup_common(state, false, false);
}

static int setup_linear(void **state)
{
	return setup_common(state, true, false);
}

static int setup_preset(void **state)
{
	return setup_common(state, false, true);
}

static int teardown(void **state)
{
	struct fix *f = *state;

	ui_free(&f->ui);
	keymap_free(&f->km);
	textgrid_free(&f->g);
	sb_release(&f->screen);
	free(f->json);
	assert_int_equal(f->freed, f->opens); /* ctx_free ran once a screen */
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
	paint(f);
}

static void type(struct fix *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), used, skip;
	unsigned cp;

	while (n) {
		used = utf8_decode(p, n, &cp, &skip);
		if (!used)
			used = skip;
		ui_handle_key(f->ui, (ui_key)cp);
		p += used;
		n -= used;
	}
	paint(f);
}

static void shows(struct fix *f, const char *text)
{
	paint(f);
	if (!strstr(f->screen.buf, text))
		fail_msg("'%s' is not on the screen:\n%s", text, f->screen.buf);
}

static void not_shown(struct fix *f, const char *text)
{
	paint(f);
	if (strstr(f->screen.buf, text))
		fail_msg("'%s' should not be on the screen:\n%s", text, f->screen.buf);
}

/* The row under the hardware cursor holds text. */
static void cursor_on(struct fix *f, const char *text)
{
	struct strbuf line = STRBUF_INIT;
	int crow, ccol;

	paint(f);
	ui_cursor(f->ui, &crow, &ccol);
	textgrid_row(f->g, crow, &line);
	if (!strstr(line.buf, text))
		fail_msg("cursor row %d is '%s', not '%s':\n%s", crow, line.buf, text, f->screen.buf);
	sb_release(&line);
}

/* Presses key until the cursor row holds text. */
static void press_until(struct fix *f, const char *key, const char *text)
{
	struct strbuf line = STRBUF_INIT;
	int i, crow, ccol;

	for (i = 0; i < 60; i++) {
		paint(f);
		ui_cursor(f->ui, &crow, &ccol);
		sb_reset(&line);
		textgrid_row(f->g, crow, &line);
		if (strstr(line.buf, text)) {
			sb_release(&line);
			return;
		}
		press(f, key);
	}
	fail_msg("the cursor never reached '%s':\n%s", text, f->screen.buf);
}

static void test_task_list_then_first_page(void **state)
{
	struct fix *f = *state;

	assert_string_equal(ui_top_name(f->ui), "form");
	shows(f, "Sample referral");
	shows(f, "You have completed 0 of 3 sections.");
	shows(f, "1. About the person");
	shows(f, "Cannot start yet");
	cursor_on(f, "> 1. About the person");
	press(f, "Down");
	press(f, "Down");
	press(f, "Enter");
	/* risk depends on the first section */
	shows(f, "Error: Complete About the person first");
	press(f, "Up");
	press(f, "Up");
	press(f, "Enter");
	shows(f, "Who is this referral for?");
	shows(f, "Case reference number (CRN) (required)");
	shows(f, "A letter followed by 6 numbers, like X320741");
	/* readonly prefilled: shown, not editable, not marked required */
	shows(f, "12 April 1990");
	shows(f, "From the case record; cannot be changed here");
	cursor_on(f, "> [");
}

static void test_errors_summary_focus_and_nothing_lost(void **state)
{
	struct fix *f = *state;
	int crow, ccol;

	press(f, "Enter");
	type(f, "x32");
	press(f, "Tab");
	type(f, "Zo\xc3\xab");
	press(f, "F2");
	shows(f, "There is a problem");
	shows(f, "Error: Enter a CRN in the correct format, like X320741");
	shows(f, "Error: Enter a last name");
	/* focus on the summary, the first error */
	cursor_on(f, "Error: Enter a CRN in the correct format");
	/* beside the field too: twice on the screen */
	assert_non_null(strstr(strstr(f->screen.buf, "Error: Enter a last name") + 1,
			       "Error: Enter a last name"));
	/* what was typed is still there */
	shows(f, "[x32");
	shows(f, "[Zo\xc3\xab");
	/* Enter on the second error goes to its field */
	press(f, "Down");
	cursor_on(f, "Error: Enter a last name");
	press(f, "Enter");
	ui_cursor(f->ui, &crow, &ccol);
	type(f, "Ní Bhriain");
	shows(f, "[Ní Bhriain");
	/* Backspace takes a whole multi-byte character */
	press(f, "Backspace");
	shows(f, "[Ní Bhriai ");
	/* F11 deletes a word as C-w does (the text-field keymap) */
	press(f, "F11");
	not_shown(f, "[Ní Bhriai");
	shows(f, "[Ní ");
	press(f, "C-u");
	not_shown(f, "[Ní");
}

static void test_keystroke_is_not_a_full_clear(void **state)
{
	struct fix *f = *state;
	bool full = true;

	press(f, "Enter");
	paint(f);
	assert_false(ui_has_unsaved_work());
	ui_handle_key(f->ui, 'X');
	assert_true(ui_dirty(f->ui, &full));
	assert_false(full);
	/* no database here: the change cannot be kept in a draft */
	assert_true(ui_has_unsaved_work());
	shows(f, "[X ");
}

static void test_show_if_and_choices(void **state)
{
	struct fix *f = *state;

	/* section 2 can start at once */
	press(f, "Down");
	press(f, "Enter");
	shows(f, "Do they need an interpreter? (required)");
	not_shown(f, "What language?");
	type(f, "y");
	shows(f, "(*) Yes");
	shows(f, "What language? (required)");
	type(f, "n");
	shows(f, "(*) No");
	not_shown(f, "What language?");
	press(f, "F2");
	shows(f, "Which needs have been identified?");
	/* checkboxes: Space toggles; the other need appears with "other" */
	press_until(f, "Down", "Something else");
	press(f, "Space");
	shows(f, "[x] Something else");
	shows(f, "Describe the other need (required)");
	press(f, "Space");
	shows(f, "[ ] Something else");
	not_shown(f, "Describe the other need");
	/* radios: a digit picks */
	press_until(f, "Tab", "Low complexity");
	type(f, "3");
	shows(f, "(*) High complexity");
}

static void test_repeat_add_and_remove(void **state)
{
	struct fix *f = *state;

	press(f, "Enter");
	type(f, "X320741");
	press(f, "Tab");
	type(f, "Zo\xc3\xab");
	press(f, "Tab");
	type(f, "Ní Bhriain");
	press(f, "F2");
	shows(f, "How to contact them");
	shows(f, "None added yet.");
	press(f, "F3");
	shows(f, "Previous addresses 1");
	cursor_on(f, "> [");
	type(f, "1 High Street");
	press(f, "F3");
	shows(f, "Previous addresses 2");
	type(f, "2 Low Road");
	/* F4 removes the item the cursor is in */
	press(f, "F4");
	shows(f, "Previous addresses 2 removed");
	not_shown(f, "Remove Previous addresses 2");
	not_shown(f, "2 Low Road");
	shows(f, "1 High Street");
	/* the page checks the item's required fields */
	press(f, "F2");
	shows(f, "Error: Enter a postcode for the address");
}

static void test_redaction_check_answers_change_submit(void **state)
{
	struct fix *f = *state;

	shows(f, "You have completed 2 of 3 sections.");
	press_until(f, "Down", "3. Risk information");
	press(f, "Enter");
	shows(f, "Risk of serious harm");
	shows(f, "Her former partner.");
	shows(f, "Status: not yet checked");
	press(f, "F2");
	shows(f, "Error: Confirm, change or remove who is at risk before you continue");
	press(f, "Enter");
	press(f, "F7");
	shows(f, "Status: confirmed as shown");
	press_until(f, "Tab", "Threats when drinking.");
	type(f, " Not at weekends.");
	shows(f, "Status: changed by you");
	shows(f, "Put back the original (F9)");
	press(f, "F9");
	shows(f, "Threats when drinking.");
	not_shown(f, "Not at weekends.");
	press(f, "F8");
	shows(f, "Status: removed, it will not be shared");
	press(f, "F2");
	shows(f, "Probation practitioner's name");
	press(f, "F2");
	shows(f, "You have completed 3 of 3 sections.");
	press_until(f, "Down", "4. Check your answers");
	press(f, "Enter");
	shows(f, "Check your answers before you submit");
	press_until(f, "Down", "Who is at risk");
	cursor_on(f, "Her former partner. (confirmed as");
	press(f, "Home");
	/* change the first name: back to its page, then back here */
	press_until(f, "Down", "First name");
	press(f, "Enter");
	shows(f, "Who is this referral for?");
	cursor_on(f, "[Zo\xc3\xab");
	press(f, "C-u");
	type(f, "Zoe");
	press(f, "F2");
	shows(f, "Check your answers before you submit");
	press_until(f, "Down", "First name");
	cursor_on(f, "Zoe");
	press(f, "F2");
	assert_int_equal(f->submits, 1);
	assert_non_null(strstr(f->json, "\"forename\":\"Zoe\""));
	assert_non_null(strstr(f->json, "\"nature_of_risk\":\"removed\""));
	assert_non_null(strstr(f->json, "\"who_is_at_risk\":\"confirmed\""));
	shows(f, "Referral sent");
	shows(f, "Reference AB1234AC");
	press(f, "Enter");
	assert_string_equal(ui_top_name(f->ui), "home");
	assert_int_equal(f->closed, 10);
}

/* Goes from the preset state to check your answers with risk done. */
static void to_check_answers(struct fix *f)
{
	press_until(f, "Down", "3. Risk information");
	press(f, "Enter");
	press(f, "F7");
	press_until(f, "Tab", "Threats when drinking.");
	press(f, "F7");
	press(f, "F2");
	press(f, "F2");
	press_until(f, "Down", "4. Check your answers");
	press(f, "Enter");
	shows(f, "Check your answers before you submit");
}

static void test_submit_refused_keeps_answers_then_question(void **state)
{
	struct fix *f = *state;

	f->fail_submits = 1;
	f->ask = true;
	to_check_answers(f);
	press(f, "F2");
	/* the question first: n stays */
	shows(f, "This person already has an open referral. Send another? y/n");
	type(f, "n");
	not_shown(f, "Send another?");
	assert_int_equal(f->submits, 0);
	/* y goes on; the store refuses: said at the top, every answer kept */
	press(f, "F2");
	type(f, "y");
	assert_int_equal(f->submits, 1);
	shows(f, "Error: The referral could not be sent: the database is unavailable");
	shows(f, "X320741");
	f->ask = false;
	press(f, "F2");
	assert_int_equal(f->submits, 2);
	shows(f, "Referral sent");
}

static void test_prefill_down_is_said(void **state)
{
	struct fix *f = *state;

	/* sources that have no value for a field are not a problem */
	shows(f, "Sample referral");
	not_shown(f, "Not filled in");
	/* a source that is down is said, shortly, and its fields are typed */
	ui_handle_key(f->ui, UIK_ESC);
	assert_string_equal(ui_top_name(f->ui), "home");
	f->oasys_down = true;
	open_form(f);
	shows(f, "Note: Not filled in from oasys.rosh (OASys did not answer in 10 s); type");
	press(f, "Down");
	press(f, "Down");
	assert_string_equal(ui_top_name(f->ui), "form");
}

static void test_linear_plain_lines(void **state)
{
	struct fix *f = *state;

	shows(f, "> 1. About the person: Not started");
	press(f, "Enter");
	shows(f, "Page: Who is this referral for?");
	shows(f, "Case reference number (CRN) (required)\n"
		 "Hint: A letter followed by 6 numbers, like X320741\n"
		 "Value:");
	not_shown(f, "\xe2\x94\x8c"); /* no box corners */
	cursor_on(f, "Value:");
	press(f, "F2");
	shows(f, "There is a problem:\n> Error: Enter a CRN");
	shows(f, "Hint: A letter followed by 6 numbers, like X320741\n"
		 "Value:\n"
		 "Error: Enter a CRN");
	cursor_on(f, "> Error: Enter a CRN");
}

static void test_help_lists_form_actions(void **state)
{
	struct fix *f = *state;

	press(f, "Enter");
	press(f, "F1");
	shows(f, "Save and continue");
	shows(f, "Add another item");
	shows(f, "Confirm pre-filled text as shown");
	press(f, "Esc");
	assert_string_equal(ui_top_name(f->ui), "form");
	/* '?' in a text field is a character, not help */
	type(f, "?");
	assert_string_equal(ui_top_name(f->ui), "form");
	shows(f, "[?");
}

static void test_paste_is_one_insertion(void **state)
{
	struct fix *f = *state;
	static const char text[] = "line one\r\nline two \x1b[31mred\x1b[0m";

	press(f, "Down");
	press(f, "Enter");
	type(f, "y");
	press(f, "Tab");
	ui_handle_paste(f->ui, "Pol", 3);
	shows(f, "[Pol");
	press(f, "F2");
	press_until(f, "Down", "Something else");
	press(f, "Space");
	press(f, "Tab");
	ui_handle_paste(f->ui, text, sizeof text - 1);
	shows(f, "line one");
	shows(f, "line two red");
	not_shown(f, "[31m");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_task_list_then_first_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors_summary_focus_and_nothing_lost, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_keystroke_is_not_a_full_clear, setup, teardown),
		cmocka_unit_test_setup_teardown(test_show_if_and_choices, setup, teardown),
		cmocka_unit_test_setup_teardown(test_repeat_add_and_remove, setup, teardown),
		cmocka_unit_test_setup_teardown(test_redaction_check_answers_change_submit,
						setup_preset, teardown),
		cmocka_unit_test_setup_teardown(test_submit_refused_keeps_answers_then_question,
						setup_preset, teardown),
		cmocka_unit_test_setup_teardown(test_prefill_down_is_said, setup, teardown),
		cmocka_unit_test_setup_teardown(test_linear_plain_lines, setup_linear, teardown),
		cmocka_unit_test_setup_teardown(test_help_lists_form_actions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paste_is_one_insertion, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
