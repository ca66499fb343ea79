/* test_referral_screens.c: My referrals, the attention list and one referral
 * (ui/screens/referral_*.c) drawn into a text grid at 80x24 while keys are
 * replayed, with a fake referral source instead of the database. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/keymap.h"
#include "ui/screens/referral_screens.h"
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
	.id = 1, .username = "pp_anna", .display_name = "Anna Clarke", .role = "pp",
	.role_label = "Probation practitioner",
};
static struct staff kate = {
	.id = 3, .username = "sp_kate", .display_name = "Kate Morgan", .role = "sp",
	.role_label = "Supplier caseworker", .provider = "Shelter",
};

/* ---- the fake source ---- */

static int risk_reads, list_reads;
static bool sent_by_me = true;

static char *S(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void summary(struct referral_summary *r, const char *id, const char *ref,
		    const char *person, const char *state_words, bool open, const char *sent,
		    const char *changed, const char *why)
{
	r->id = S(id);
	r->reference_number = S(ref);
	r->crn = S("X320741");
	r->person_name = S(person);
	r->intervention_title = S("Accommodation Services - Kent");
	r->provider_name = S("Shelter");
	r->state = S("X");
	r->state_words = S(state_words);
	r->sent_at = S(sent);
	r->sent_by_name = S("Anna Clarke");
	r->last_change_at = S(changed);
	r->open = open;
	r->sent_by_me = true;
	r->attention_reason = S(why);
}

static enum ct_status fake_list(void *ctx, const struct referral_list_filter *f,
				struct referral_summary **out, size_t *n, struct strbuf *err)
{
	struct referral_summary *v = calloc(4, sizeof *v);

	(void)ctx;
	(void)err;
	list_reads++;
	if (f->needs_attention) {
		summary(&v[0], "id-2", "BB2222PE", "Harry Fielding", "assigned", true,
			"2026-11-12T10:00:00Z", "2026-11-22T10:00:00Z",
			"The service provider sent a case note");
		*out = v;
		*n = 1;
		return CT_OK;
	}
	summary(&v[0], "id-1", "AA1111AC", "Aadland Bertrand", "sent", true, "2026-11-19T10:00:00Z",
		"2026-11-19T10:00:00Z", NULL);
	summary(&v[1], "id-2", "BB2222PE", "Harry Fielding", "assigned", true,
		"2026-11-12T10:00:00Z", "2026-11-22T10:00:00Z", "The service provider sent a case note");
	summary(&v[2], "id-3", "CC3333AC", "Zed \x1b[31mAbbott", "withdrawn", false,
		"2026-11-20T10:00:00Z", "2026-11-21T10:00:00Z", NULL);
	summary(&v[3], "id-4", "DD4444AP", "Grace Adeyemi", "sent", true, "2026-11-16T10:00:00Z",
		"2026-11-16T10:00:00Z", NULL);
	*out = v;
	*n = 4;
	return CT_OK;
}

static void event(struct referral_timeline_entry *e, const char *at, const char *kind,
		  const char *who, const char *role, const char *summary, const char *detail)
{
	e->at = S(at);
	e->kind = S(kind);
	e->who = S(who);
	e->who_role = S(role);
	e->summary = S(summary);
	e->detail = S(detail);
	e->item_id = S("x");
}

static enum ct_status fake_load(void *ctx, const char *id, struct referral_view **out,
				struct strbuf *err)
{
	struct referral_view *v;

	(void)ctx;
	if (strcmp(id, "id-2")) {
		sb_adds(err, "no such referral, or not one you may see");
		return CT_NOT_FOUND;
	}
	v = calloc(1, sizeof *v);
	v->id = S("id-2");
	v->reference_number = S("BB2222PE");
	v->crn = S("K320021");
	v->first_name = S("Harry");
	v->last_name = S("Fielding");
	v->intervention_title = S("Personal Wellbeing - Kent");
	v->intervention_kind_label = S("Commissioned rehabilitative service");
	v->provider_name = S("Catch22");
	v->state = S("ASSIGNED");
	v->state_words = S("assigned");
	v->ica_status = S("PRE_ICA");
	v->sent_at = S("2026-11-12T10:00:00Z");
	v->sent_by_name = S("Anna Clarke");
	v->sent_by_me = sent_by_me;
	v->assigned_to_name = S("Kate Morgan");
	v->version = 3;
	v->location_type = S("COMMUNITY");
	v->reason_for_referral = S("Isolated since moving back; low mood.");
	v->n_timeline = 3;
	v->timeline = calloc(3, sizeof *v->timeline);
	event(&v->timeline[0], "2026-11-12T10:00:00Z", "status", "Anna Clarke", "pp",
	      "Referral sent", NULL);
	event(&v->timeline[1], "2026-11-14T10:00:00Z", "assignment", "Omar Haddad", "sp",
	      "Assigned to Kate Morgan", NULL);
	event(&v->timeline[2], "2026-11-22T10:00:00Z", "case_note", "Kate Morgan", "sp",
	      "Case note from the service provider: Best time to call",
	      "Voicemail again.\nIs an afternoon better?\x1b]0;pwned\x07");
	*out = v;
	return CT_OK;
}

static enum ct_status fake_risk(void *ctx, const char *id, struct referral_risk *out,
				struct strbuf *err)
{
	(void)ctx;
	(void)id;
	(void)err;
	risk_reads++;
	memset(out, 0, sizeof *out);
	out->source = S("OASys");
	out->assessed_on = S("2025-03-02");
	out->original_readable = sent_by_me;
	out->items[RISK_WHO_IS_AT_RISK].present = true;
	out->items[RISK_WHO_IS_AT_RISK].decision = RISK_EDITED;
	out->items[RISK_WHO_IS_AT_RISK].shared_text = S("Staff at night.");
	out->items[RISK_WHO_IS_AT_RISK].original_text = sent_by_me ? S("Staff, named victim") : NULL;
	return CT_OK;
}

static const struct referral_source fake = {
	.list = fake_list, .load = fake_load, .risk = fake_risk,
};

/* ---- fixture ---- */

static int setup_as(void **state, const struct staff *who, bool linear)
{
	static struct fix f;
	struct strbuf err = STRBUF_INIT;
	struct ui_setup setup;

	memset(&f, 0, sizeof f);
	f.linear = linear;
	f.km = keymap_new();
	f.g = textgrid_new(200, 120);
	sb_init(&f.screen);
	memset(&setup, 0, sizeof setup);
	setup.keymap = f.km;
	setup.staff = who;
	setup.linear = linear;
	f.ui = ui_new(&setup, &err);
	if (!f.ui)
		fail_msg("ui_new: %s", err.buf);
	sb_release(&err);
	ui_resize(f.ui, 24, 80);
	referral_screens_set_source(&fake);
	risk_reads = list_reads = 0;
	sent_by_me = true;
	*state = &f;
	return 0;
}

static int setup(void **state)
{
	return setup_as(state, &anna, false);
}

static int setup_linear(void **state)
{
	return setup_as(state, &anna, true);
}

static int setup_supplier(void **state)
{
	return setup_as(state, &kate, false);
}

static int teardown(void **state)
{
	struct fix *f = *state;

	ui_free(&f->ui);
	keymap_free(&f->km);
	textgrid_free(&f->g);
	sb_release(&f->screen);
	referral_screens_set_source(NULL);
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

static void type(struct fix *f, const char *s)
{
	for (; *s; s++)
		ui_handle_key(f->ui, (ui_key)(unsigned char)*s);
}

static void shows(struct fix *f, const char *text)
{
	paint(f);
	if (!strstr(f->screen.buf, text))
		{ fprintf(stderr, "%s\n", f->screen.buf); fail_msg("'%s' is not on the screen", text); }
}

static void not_shown(struct fix *f, const char *text)
{
	paint(f);
	if (strstr(f->screen.buf, text))
		fail_msg("'%s' should not be on the screen:\n%s", text, f->screen.buf);
}

static void cursor_on(struct fix *f, const char *text)
{
	int row, col, crow, ccol;

	paint(f);
	if (!textgrid_find(f->g, text, &row, &col))
		{ fprintf(stderr, "%s\n", f->screen.buf); fail_msg("'%s' is not on the screen", text); }
	ui_cursor(f->ui, &crow, &ccol);
	if (crow != row)
		fail_msg("cursor on row %d, '%s' on row %d:\n%s", crow, text, row, f->screen.buf);
}

static void open_mine(struct fix *f)
{
	assert_int_equal(referral_list_open_mine(f->ui), 0);
	assert_string_equal(ui_top_name(f->ui), "referral-list");
}

/* ---- tests ---- */

static void test_list_counts_filters_and_sorts(void **state)
{
	struct fix *f = *state;

	open_mine(f);
	shows(f, "Home > My referrals");
	shows(f, "4 referrals: 3 open, 1 closed. sent 2, assigned 1, withdrawn 1.");
	shows(f, "Show: open");
	/* newest sent first; the closed one is not shown */
	cursor_on(f, "AA1111AC");
	not_shown(f, "CC3333AC");
	/* the escape sequence in a name never reaches the screen */
	press(f, "f");
	shows(f, "Show: all");
	shows(f, "CC3333AC");
	shows(f, "Zed Abbott");
	not_shown(f, "\x1b");
	press(f, "f");
	shows(f, "Show: closed");
	not_shown(f, "AA1111AC");
	press(f, "f");
	shows(f, "Show: status sent");
	shows(f, "AA1111AC");
	shows(f, "DD4444AP");
	not_shown(f, "BB2222PE");
	press(f, "f");
	shows(f, "Show: status assigned");
	press(f, "f");
	shows(f, "Show: status withdrawn");
	press(f, "f");
	shows(f, "Show: open");
	/* sort by last change keeps the selected referral selected */
	press(f, "s");
	shows(f, "Sort: last change, newest first");
	cursor_on(f, "AA1111AC");
	press(f, "Home");
	cursor_on(f, "BB2222PE");
	press(f, "s");
	shows(f, "Sort: person, A to Z");
	press(f, "Home");
	cursor_on(f, "Grace Adeyemi");
	press(f, "Down");
	cursor_on(f, "Aadland Bertrand");
	press(f, "s");
	shows(f, "Sort: date sent, newest first");
}

static void test_list_search_and_open(void **state)
{
	struct fix *f = *state;

	open_mine(f);
	press(f, "/");
	type(f, "FIEL");
	shows(f, "Search: FIEL");
	not_shown(f, "AA1111AC");
	cursor_on(f, "Search: FIEL");
	/* a letter bound to an action is text while searching */
	press(f, "Backspace");
	type(f, "l");
	shows(f, "Search: FIEl");
	press(f, "Enter");
	cursor_on(f, "BB2222PE");
	press(f, "Enter");
	assert_string_equal(ui_top_name(f->ui), "referral-detail");
	shows(f, "My referrals > BB2222PE");
	press(f, "Esc");
	assert_string_equal(ui_top_name(f->ui), "referral-list");
	/* Esc while searching clears the search */
	press(f, "/");
	press(f, "Esc");
	shows(f, "AA1111AC");
	/* a search that matches nothing says so */
	press(f, "/");
	type(f, "nobody");
	shows(f, "No referrals match.");
	/* by reference too */
	press(f, "Esc");
	press(f, "/");
	type(f, "dd4444");
	shows(f, "DD4444AP");
	not_shown(f, "BB2222PE");
}

static void test_attention_list_says_why(void **state)
{
	struct fix *f = *state;

	assert_int_equal(referral_list_open_attention(f->ui), 0);
	shows(f, "Home > Need your attention");
	shows(f, "Why");
	shows(f, "The service provider sent a case note");
	cursor_on(f, "Harry Fielding");
}

static void test_detail_parts_and_timeline(void **state)
{
	struct fix *f = *state;
	struct strbuf err = STRBUF_INIT;

	assert_int_equal(referral_detail_open(f->ui, "id-2", &err), 0);
	shows(f, "BB2222PE  Harry Fielding (K320021)");
	shows(f, "[Summary]");
	shows(f, "Status: assigned.");
	shows(f, "Kate Morgan");
	shows(f, "Press n to add a case note. Press a to change");
	press(f, "Tab");
	shows(f, "[Timeline (3)]");
	shows(f, "2026-11-12 10:00 Referral sent");
	shows(f, "by Kate Morgan (service provider)");
	shows(f, "Is an afternoon better?");
	not_shown(f, "\x1b");
	cursor_on(f, "Referral sent");
	press(f, "End");
	cursor_on(f, "Case note from the service provider");
	/* the risk is read once, when its part opens */
	assert_int_equal(risk_reads, 0);
	press(f, "Tab");
	press(f, "Tab");
	shows(f, "[Risk]");
	assert_int_equal(risk_reads, 1);
	shows(f, "Staff at night.");
	shows(f, "Your reading of it has been recorded in");
	not_shown(f, "Staff, named victim");
	press(f, "o");
	shows(f, "Original OASys text: Staff, named victim");
	press(f, "o");
	not_shown(f, "Staff, named victim");
	press(f, "Tab");
	shows(f, "[Case notes (1)]");
	shows(f, "Best time to call");
	press(f, "Tab");
	shows(f, "[Summary]");
	press(f, "S-Tab");
	shows(f, "[Case notes (1)]");
	press(f, "3");
	shows(f, "[Details]");
	shows(f, "In the community");
	press(f, "End");
	shows(f, "Isolated since moving back; low mood.");
	assert_int_equal(risk_reads, 1);
	/* a referral that cannot be read does not open, and says why */
	sb_reset(&err);
	assert_int_equal(referral_detail_open(f->ui, "id-9", &err), -1);
	sb_release(&err);
	assert_string_equal(ui_top_name(f->ui), "referral-detail");
}

static void test_detail_for_a_supplier(void **state)
{
	struct fix *f = *state;
	struct strbuf err = STRBUF_INIT;

	sent_by_me = false;
	assert_int_equal(referral_detail_open(f->ui, "id-2", &err), 0);
	sb_release(&err);
	shows(f, "Press n to add a case note.");
	not_shown(f, "Press a to change");
	press(f, "a");
	shows(f, "Error: only the practitioner who sent this");
	press(f, "4");
	shows(f, "Staff at night.");
	not_shown(f, "edited by the practitioner");
	press(f, "o");
	shows(f, "Error: only the practitioner who sent the");
	not_shown(f, "Original OASys text");
}

static void test_detail_linear(void **state)
{
	struct fix *f = *state;
	struct strbuf err = STRBUF_INIT;

	assert_int_equal(referral_detail_open(f->ui, "id-2", &err), 0);
	sb_release(&err);
	shows(f, "Part 1 of 5: Summary. Tab for the next part.");
	shows(f, "> Reference: BB2222PE");
	press(f, "Tab");
	shows(f, "Part 2 of 5: Timeline (3). Tab for the next part.");
	shows(f, "2026-11-14 10:00: Assigned to Kate Morgan. by Omar Haddad (service provider)");
	cursor_on(f, "2026-11-12 10:00: Referral sent.");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_list_counts_filters_and_sorts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_search_and_open, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attention_list_says_why, setup, teardown),
		cmocka_unit_test_setup_teardown(test_detail_parts_and_timeline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_detail_for_a_supplier, setup_supplier, teardown),
		cmocka_unit_test_setup_teardown(test_detail_linear, setup_linear, teardown),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
