/* test_cas3_screens.c: the HPT assessor's screens against a real database,
 * drawn into a text grid while keys are replayed: the queue with its tabs
 * and counts, allocate, move, the referral's details, the search results
 * and booking from them (and losing the race), the availability grid with
 * its letters and legend at 80x24 and wider, --linear, and the submit
 * callbacks of every lifecycle form (forms/cas3_*.yaml) called with real
 * form states, each appending a record. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cas3_fixture.h"
#include "dbtest.h"
#include "forms/form.h"
#include "forms/state.h"
#include "store/store.h"
#include "ui/keymap.h"
#include "ui/screens/cas3.h"
#include "ui/screens/cas3_forms.h"
#include "ui/shell.h"
#include "ui/textgrid.h"

static PGconn *hpt, *hpt_l, *owner, *pp;
static char *prem, *bed1, *bed2;
static char *assessment;
static struct keymap *km;
static struct textgrid *grid;
static struct strbuf screen_text;

/* A referral from the practitioner of region K; returns the assessment id. */
static char *submit_referral(const char *crn, const char *name, const char *from)
{
	struct cas3_application_input in;
	struct strbuf err = STRBUF_INIT;
	char *app = NULL, *as = NULL;

	memset(&in, 0, sizeof in);
	in.crn = crn;
	in.person_name = name;
	in.sex = "Male";
	in.date_of_birth = "1990-01-01";
	in.pdu_id = FX_PDU_K1;
	in.accommodation_required_from = from;
	in.release_date = from;
	in.registered_sex_offender = CAS3_NO;
	in.history_of_sexual_offence = CAS3_NO;
	in.concerning_sexual_behaviour = CAS3_NO;
	in.needs_accessible_property = CAS3_NO;
	in.history_of_arson = CAS3_NO;
	in.concerning_arson_behaviour = CAS3_NO;
	in.duty_to_refer_submitted = CAS3_NO;
	in.eligible = CAS3_YES;
	in.answers_json = "{\"move_on_plan\": \"Back to family in Ashford\"}";
	if (cas3_application_submit(pp, &in, &app, &as, &err) != CT_OK)
		fail_msg("submit: %s", err.buf);
	free(app);
	sb_release(&err);
	return as;
}

static int setup(void **state)
{
	char today[16];

	(void)state;
	if (fx_setup("cas3scr"))
		return -1;
	owner = fx_connect(NULL);
	hpt = fx_connect(fx.hpt_k);
	hpt_l = fx_connect(fx.hpt_l);
	pp = fx_connect(fx.pp_k);
	prem = fx_premises(owner, "ACORN", FX_PDU_K1, 2, "isSharedProperty,isMenOnly");
	bed1 = fx_bedspace(owner, prem, "1", "2026-01-01", "");
	bed2 = fx_bedspace(owner, prem, "2", "2026-01-01", "");
	assessment = submit_referral("X320741", "Aadland Bertrand", fx_day(owner, 0, today));
	km = keymap_new();
	grid = textgrid_new(60, 200);
	sb_init(&screen_text);
	return km && grid ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	keymap_free(&km);
	textgrid_free(&grid);
	sb_release(&screen_text);
	PQfinish(hpt);
	PQfinish(hpt_l);
	PQfinish(pp);
	PQfinish(owner);
	free(prem);
	free(bed1);
	free(bed2);
	free(assessment);
	fx_teardown();
	return 0;
}

/* A shell signed in on db at rows x cols. */
static struct ui *open_ui(PGconn *db, int rows, int cols, bool linear, struct staff *s)
{
	struct strbuf err = STRBUF_INIT;
	struct ui_setup setup;
	struct ui *ui;

	if (staff_current(db, s, &err) != CT_OK)
		fail_msg("staff: %s", err.buf);
	memset(&setup, 0, sizeof setup);
	setup.keymap = km;
	setup.db = db;
	setup.staff = s;
	setup.linear = linear;
	ui = ui_new(&setup, &err);
	if (!ui)
		fail_msg("ui_new: %s", err.buf);
	ui_resize(ui, rows, cols);
	sb_release(&err);
	return ui;
}

static const char *paint(struct ui *ui, int rows, int cols, bool linear)
{
	struct ui_canvas c;

	textgrid_clear(grid);
	c = cv_root(&textgrid_ops, grid, rows, cols, linear);
	ui_paint(ui, &c);
	sb_reset(&screen_text);
	textgrid_dump(grid, &screen_text);
	return screen_text.buf;
}

static void press(struct ui *ui, const char *name)
{
	ui_key k;

	if (ui_key_from_name(name, &k))
		fail_msg("bad key name %s", name);
	ui_handle_key(ui, k);
}

#define SHOWS(ui, r, c, text)                                                              \
	do {                                                                               \
		const char *scr_ = paint(ui, r, c, false);                                 \
		if (!strstr(scr_, text))                                                   \
			fail_msg("'%s' is not on the screen:\n%s", text, scr_);            \
	} while (0)
#define NOT_SHOWN(ui, r, c, text)                                                          \
	do {                                                                               \
		const char *scr_ = paint(ui, r, c, false);                                 \
		if (strstr(scr_, text))                                                    \
			fail_msg("'%s' should not be on the screen:\n%s", text, scr_);     \
	} while (0)

static void test_queue_tabs_allocate_and_move(void **state)
{
	struct staff s;
	struct ui *ui = open_ui(hpt, 24, 80, false, &s);

	(void)state;
	assert_int_equal(ui_push(ui, &cas3_queue_screen, NULL), 0);
	SHOWS(ui, 24, 80, "[Unallocated 1]");
	SHOWS(ui, 24, 80, "In review 0");
	SHOWS(ui, 24, 80, "Aadland Bertrand X320741");
	SHOWS(ui, 24, 80, "Region:");
	press(ui, "a");
	SHOWS(ui, 24, 80, "X320741 allocated to you: In review.");
	SHOWS(ui, 24, 80, "[Unallocated 0]");
	press(ui, "]");
	SHOWS(ui, 24, 80, "[In review 1]");
	press(ui, "Enter");
	assert_string_equal(ui_top_name(ui), "cas3-assessment");
	SHOWS(ui, 24, 80, "In review");
	SHOWS(ui, 24, 80, "Allocated to");
	press(ui, "r");
	SHOWS(ui, 24, 80, "Moved to Ready to place.");
	/* a refused move is said in words */
	press(ui, "Esc");
	SHOWS(ui, 24, 80, "Ready to place 1");
	SHOWS(ui, 24, 80, "In review 0]");
	ui_free(&ui);
	staff_release(&s);
}

static void test_assessment_shows_person_dates_answers(void **state)
{
	struct staff s;
	struct ui *ui = open_ui(hpt, 60, 100, false, &s);

	(void)state;
	assert_int_equal(ui_push(ui, &cas3_assessment_screen, assessment), 0);
	SHOWS(ui, 60, 100, "Aadland Bertrand (X320741)");
	SHOWS(ui, 60, 100, "Date of birth");
	SHOWS(ui, 60, 100, "1990-01-01");
	SHOWS(ui, 60, 100, "Needed from");
	SHOWS(ui, 60, 100, "Move on plan: Back to family in Ashford");
	SHOWS(ui, 60, 100, "Timeline");
	ui_free(&ui);
	staff_release(&s);
}

static void test_other_region_sees_nothing(void **state)
{
	struct staff s;
	struct ui *ui = open_ui(hpt_l, 24, 80, false, &s);

	(void)state;
	assert_int_equal(ui_push(ui, &cas3_queue_screen, NULL), 0);
	NOT_SHOWN(ui, 24, 80, "X320741");
	press(ui, "]");
	press(ui, "]");
	NOT_SHOWN(ui, 24, 80, "X320741");
	/* the referral itself is not found for them */
	assert_int_equal(ui_push(ui, &cas3_assessment_screen, assessment), 0);
	SHOWS(ui, 24, 80, "Error: could not read the referral");
	ui_free(&ui);
	staff_release(&s);
}

/* Loads forms/<id>.yaml into a new state. */
static struct form_state *form_of(const char *id, struct form **f)
{
	struct strbuf path = STRBUF_INIT, err = STRBUF_INIT;
	struct form_state *st;

	sb_addf(&path, "%s/%s.yaml", FORMS_DIR, id);
	if (form_load_file(path.buf, f, &err) != CT_OK)
		fail_msg("%s: %s", path.buf, err.buf);
	st = form_state_new(*f);
	assert_non_null(st);
	sb_release(&path);
	sb_release(&err);
	return st;
}

static void set(struct form_state *st, const char *id, const char *v)
{
	struct strbuf err = STRBUF_INIT;

	if (form_state_set_id(st, id, 0, v, &err) != CT_OK)
		fail_msg("set %s: %s", id, err.buf);
	sb_release(&err);
}

/* Runs form id's submit callback for booking with answers (id, value pairs,
 * NULL-ended); returns the status, err and confirmation in the buffers. */
static enum ct_status run_form(enum cas3_form which, const char *id, struct strbuf *conf,
			       struct strbuf *err, ...)
{
	struct form *f = NULL;
	struct form_state *st = form_of(cas3_form_id(which), &f);
	struct cas3_action_ctx a;
	bool changed = false;
	enum ct_status rc;
	va_list ap;
	const char *k, *v;

	va_start(ap, err);
	while ((k = va_arg(ap, const char *))) {
		v = va_arg(ap, const char *);
		set(st, k, v);
	}
	va_end(ap);
	memset(&a, 0, sizeof a);
	a.id = (char *)id;
	a.changed = &changed;
	sb_reset(conf);
	sb_reset(err);
	rc = cas3_form_submit_fn(which)(&a, hpt, st, conf, err);
	assert_int_equal(changed, rc == CT_OK);
	form_state_free(&st);
	form_free(&f);
	return rc;
}

static char *reason_id(const char *table, const char *name)
{
	return fx_sql(owner, "SELECT id FROM %s WHERE name LIKE '%s%%' LIMIT 1", table, name);
}

static void test_lifecycle_forms_append_records_and_the_grid_shows_turnaround(void **state)
{
	struct strbuf conf = STRBUF_INIT, err = STRBUF_INIT;
	struct cas3_place p;
	struct staff s;
	struct ui *ui;
	char today[16], plus10[16], plus20[16], *booking, *dep, *move;
	const char *scr;

	(void)state;
	fx_day(owner, 0, today);
	fx_day(owner, 10, plus10);
	fx_day(owner, 20, plus20);
	/* search from the referral and book from the results */
	memset(&p, 0, sizeof p);
	p.assessment_id = assessment;
	p.crn = "X320741";
	p.person_name = "Aadland Bertrand";
	p.sex = "Male";
	p.start_date = today;
	p.nights = 10;
	ui = open_ui(hpt, 40, 120, false, &s);
	assert_int_equal(cas3_run_search(ui, &p, &err), CT_OK);
	SHOWS(ui, 40, 120, "2 bedspaces are free for 10 nights");
	SHOWS(ui, 40, 120, "ACORN");
	SHOWS(ui, 40, 120, "Bedspace 1:");
	SHOWS(ui, 40, 120, "Other people staying: nobody");
	/* someone else takes bedspace 1 first: told plainly, offered bedspace 2 */
	assert_true(fx_ok(owner,
			  "INSERT INTO cas3_booking (bedspace_id, crn, arrival_date, departure_date)"
			  " VALUES ('%s', 'Z999999', '%s', '%s')",
			  bed1, today, plus10));
	press(ui, "b");
	ui_resize(ui, 40, 200);
	SHOWS(ui, 40, 200, "Someone else was quicker: Bedspace 1 at ACORN is no longer free");
	SHOWS(ui, 40, 200, "is free for the same dates and is selected: press b to book it.");
	SHOWS(ui, 40, 200, "(offered instead)");
	assert_string_equal(ui_top_name(ui), "cas3-results");
	press(ui, "b");
	assert_string_equal(ui_top_name(ui), "cas3-booking");
	SHOWS(ui, 40, 120, "Aadland Bertrand (X320741): Provisional");
	SHOWS(ui, 40, 120, "Mark as confirmed");
	booking = fx_sql(owner, "SELECT id FROM cas3_booking WHERE bedspace_id = '%s'", bed2);
	assert_non_null(booking);

	/* the lifecycle, each through its form's submit */
	assert_int_equal(run_form(CAS3_FORM_CONFIRM, booking, &conf, &err, "notes", "Seen by HPT",
				  NULL),
			 CT_OK);
	assert_non_null(strstr(conf.buf, "Booking confirmed"));
	/* confirming closes the referral (Archived) */
	assert_int_equal(fx_num(owner, "SELECT count(*) FROM cas3_assessment WHERE id = '%s'"
				       " AND status = 'closed'", assessment),
			 1);
	/* arrival before confirmation would be refused; after it, fine */
	assert_int_equal(run_form(CAS3_FORM_ARRIVE, booking, &conf, &err, "arrival_date", today,
				  "expected_departure", plus10, NULL),
			 CT_OK);
	assert_int_equal(run_form(CAS3_FORM_EXTEND, booking, &conf, &err, "new_departure", plus20,
				  NULL),
			 CT_OK);
	assert_non_null(strstr(conf.buf, plus20));
	/* an extension past 84 nights is refused in words, not saved */
	assert_int_not_equal(run_form(CAS3_FORM_EXTEND, booking, &conf, &err, "new_departure",
				      "2099-01-01", NULL),
			     CT_OK);
	assert_true(err.len > 0);
	dep = reason_id("cas3_departure_reason", "Planned Move on");
	move = reason_id("cas3_move_on_category", "Friends or family (settled)");
	assert_non_null(dep);
	assert_non_null(move);
	assert_int_equal(run_form(CAS3_FORM_DEPART, booking, &conf, &err, "departure_date", today,
				  "reason", dep, "move_on", move, NULL),
			 CT_OK);
	/* every change appended, nothing overwritten */
	assert_int_equal(fx_num(owner, "SELECT (SELECT count(*) FROM cas3_confirmation WHERE"
				       " booking_id = '%s') + (SELECT count(*) FROM cas3_arrival"
				       " WHERE booking_id = '%s') + (SELECT count(*) FROM"
				       " cas3_extension WHERE booking_id = '%s') + (SELECT count(*)"
				       " FROM cas3_departure WHERE booking_id = '%s')",
				booking, booking, booking, booking),
			 4);
	press(ui, "Esc");
	press(ui, "Esc");
	/* the grid: turnaround after the departure, then free */
	assert_int_equal(ui_push(ui, &cas3_grid_screen, NULL), 0);
	scr = paint(ui, 24, 80, false);
	assert_non_null(strstr(scr, "B booked"));
	assert_non_null(strstr(scr, "T turnaround"));
	assert_non_null(strstr(scr, "ACORN/2"));
	{
		const char *row = strstr(scr, "ACORN/2");
		const char *eol = strchr(row, '\n');
		const char *t = strchr(row, 'T');

		assert_true(t && t < eol);
		assert_true(strchr(t, '.') < eol);
	}
	/* wider terminals show more weeks */
	scr = paint(ui, 24, 80, false);
	assert_null(strstr(scr, "MTWTFSS MTWTFSS MTWTFSS MTWTFSS MTWTFSS MTWTFSS MTWTFSS MTWTFSS "
				"MTWTFSS"));
	ui_resize(ui, 30, 160);
	scr = paint(ui, 30, 160, false);
	assert_non_null(strstr(scr, "MTWTFSS MTWTFSS MTWTFSS MTWTFSS MTWTFSS MTWTFSS MTWTFSS MTWTFSS "
				    "MTWTFSS"));
	ui_free(&ui);
	staff_release(&s);
	free(booking);
	free(dep);
	free(move);
	sb_release(&conf);
	sb_release(&err);
}

static void test_grid_linear_says_runs_in_words(void **state)
{
	struct staff s;
	struct ui *ui = open_ui(hpt, 24, 80, true, &s);
	const char *scr;

	(void)state;
	assert_int_equal(ui_push(ui, &cas3_grid_screen, NULL), 0);
	scr = paint(ui, 24, 80, true);
	assert_non_null(strstr(scr, "Letters: B booked"));
	assert_non_null(strstr(scr, "ACORN/1:"));
	assert_non_null(strstr(scr, " free"));
	ui_free(&ui);
	staff_release(&s);
}

static void test_reject_and_note_forms(void **state)
{
	struct strbuf conf = STRBUF_INIT, err = STRBUF_INIT;
	char today[16], *as, *reason;

	(void)state;
	as = submit_referral("A210026", "Stuart Hepburn", fx_day(owner, 3, today));
	assert_int_equal(run_form(CAS3_FORM_NOTE, as, &conf, &err, "note", "Called the PP", NULL),
			 CT_OK);
	dbtest_assert_value(owner, "SELECT count(*) FROM cas3_assessment_note", "1");
	{
		char rel[16], from[16];

		/* the release may not be after the needed-from date */
		assert_int_not_equal(run_form(CAS3_FORM_DATES, as, &conf, &err, "release_date",
					      fx_day(owner, 9, rel), "required_from",
					      fx_day(owner, 5, from), NULL),
				     CT_OK);
		assert_true(err.len > 0);
		assert_int_equal(run_form(CAS3_FORM_DATES, as, &conf, &err, "release_date",
					  fx_day(owner, 5, rel), "required_from",
					  fx_day(owner, 7, from), NULL),
				 CT_OK);
		assert_non_null(strstr(conf.buf, from));
	}
	reason = reason_id("cas3_referral_rejection_reason", "Single occupancy");
	assert_non_null(reason);
	assert_int_equal(run_form(CAS3_FORM_REJECT, as, &conf, &err, "reason", reason, "detail",
				  "None free in East Kent", "withdrawn", "no", NULL),
			 CT_OK);
	assert_non_null(strstr(conf.buf, "Referral rejected"));
	free(as);
	free(reason);
	sb_release(&conf);
	sb_release(&err);
}

/* Cancel (the referral goes back to Ready to place), change the turnaround
 * and record an overstay, each through its form's submit. */
static void test_cancel_turnaround_and_overstay_forms(void **state)
{
	struct strbuf conf = STRBUF_INIT, err = STRBUF_INIT;
	struct cas3_booking_input in;
	char d[4][16], *as, *bed3, *bk, *bk2, *reason;

	(void)state;
	bed3 = fx_bedspace(owner, prem, "3", "2026-01-01", "");
	as = submit_referral("B310004", "Bea Test", fx_day(owner, 100, d[0]));
	assert_int_equal(cas3_assessment_allocate_to_me(hpt, as, 0, &err), CT_OK);
	assert_int_equal(cas3_assessment_move(hpt, as, 0, "ready_to_place", &err), CT_OK);
	memset(&in, 0, sizeof in);
	in.bedspace_id = bed3;
	in.assessment_id = as;
	in.arrival_date = fx_day(owner, 100, d[0]);
	in.departure_date = fx_day(owner, 110, d[1]);
	bk = NULL;
	assert_int_equal(cas3_booking_create(hpt, &in, NULL, &bk, NULL, &err), CT_OK);
	assert_int_equal(run_form(CAS3_FORM_TURNAROUND, bk, &conf, &err, "working_days", "5", NULL),
			 CT_OK);
	assert_non_null(strstr(conf.buf, "5 working days"));
	reason = reason_id("cas3_cancellation_reason", "Person on probation rejected");
	assert_non_null(reason);
	assert_int_equal(run_form(CAS3_FORM_CANCEL, bk, &conf, &err, "reason", reason, "notes",
				  "Declined the place", NULL),
			 CT_OK);
	assert_int_equal(fx_num(owner, "SELECT count(*) FROM cas3_assessment WHERE id = '%s'"
				       " AND status = 'ready_to_place'", as),
			 1);
	/* cancelling twice is refused in words */
	assert_int_not_equal(run_form(CAS3_FORM_CANCEL, bk, &conf, &err, "reason", reason, NULL),
			     CT_OK);
	assert_true(err.len > 0);
	/* an overstay: arrived 10 days ago for 84 nights, now staying 90 */
	in.assessment_id = NULL;
	in.crn = "B310004";
	in.person_name = "Bea Test";
	in.arrival_date = fx_day(owner, -10, d[0]);
	in.departure_date = fx_day(owner, 74, d[1]);
	bk2 = NULL;
	assert_int_equal(cas3_booking_create(hpt, &in, NULL, &bk2, NULL, &err), CT_OK);
	assert_int_equal(run_form(CAS3_FORM_CONFIRM, bk2, &conf, &err, NULL), CT_OK);
	assert_int_equal(run_form(CAS3_FORM_ARRIVE, bk2, &conf, &err, "arrival_date", d[0],
				  "expected_departure", d[1], NULL),
			 CT_OK);
	/* past 84 nights an extension is refused: it is an overstay */
	assert_int_not_equal(run_form(CAS3_FORM_EXTEND, bk2, &conf, &err, "new_departure",
				      fx_day(owner, 80, d[2]), NULL),
			     CT_OK);
	assert_int_equal(run_form(CAS3_FORM_OVERSTAY, bk2, &conf, &err, "new_departure",
				  fx_day(owner, 80, d[2]), "authorised", "yes", "reason",
				  "Waiting for a council flat", NULL),
			 CT_OK);
	assert_non_null(strstr(conf.buf, "An authorised overstay"));
	assert_int_equal(fx_num(owner, "SELECT count(*) FROM cas3_overstay WHERE booking_id = '%s'"
				       " AND is_authorised", bk2),
			 1);
	free(as);
	free(bed3);
	free(bk);
	free(bk2);
	free(reason);
	sb_release(&conf);
	sb_release(&err);
}

/* The search form's answers become the store's query and back, nothing lost. */
static void test_search_form_answers_round_trip(void **state)
{
	struct form *f = NULL;
	struct form_state *st = form_of("cas3_search", &f);
	struct cas3_place *p = cas3_place_dup(NULL), *q = cas3_place_dup(NULL);
	struct strbuf err = STRBUF_INIT;
	struct cas3_search_result r;
	struct cas3_search srch;
	const char *pdus[CAS3_MAX_SEARCH_PDUS];
	char today[16];

	(void)state;
	assert_non_null(p);
	assert_non_null(q);
	set(st, "start_date", fx_day(owner, 30, today));
	set(st, "nights", "28");
	set(st, "pdus", FX_PDU_K1 "\n" FX_PDU_K2);
	set(st, "occupancy", "shared");
	set(st, "sex", "men");
	set(st, "sexual_risk", "adults\nchildren");
	set(st, "wheelchair", "no");
	assert_int_equal(cas3_place_from_form(p, st, &err), CT_OK);
	assert_string_equal(p->start_date, today);
	assert_int_equal(p->nights, 28);
	assert_int_equal(p->n_pdus, 2);
	assert_string_equal(p->pdu_ids[1], FX_PDU_K2);
	assert_int_equal(p->occupancy, CAS3_OCC_SHARED);
	assert_int_equal(p->sex_filter, CAS3_SEX_MEN_ONLY);
	assert_true(p->risk_adults && p->risk_children);
	assert_false(p->wheelchair);
	/* and back into a fresh form: what was typed comes back */
	form_state_free(&st);
	st = form_state_new(f);
	assert_int_equal(cas3_place_to_form(p, st, &err), CT_OK);
	assert_int_equal(cas3_place_from_form(q, st, &err), CT_OK);
	assert_string_equal(q->start_date, p->start_date);
	assert_int_equal(q->nights, 28);
	assert_int_equal(q->n_pdus, 2);
	assert_int_equal(q->sex_filter, CAS3_SEX_MEN_ONLY);
	/* the query runs */
	cas3_place_query(p, &srch, pdus);
	memset(&r, 0, sizeof r);
	assert_int_equal(cas3_bedspace_search(hpt, &srch, &r, &err), CT_OK);
	cas3_search_result_release(&r);
	/* a bad answer is said in words */
	set(st, "nights", "0");
	assert_int_equal(cas3_place_from_form(q, st, &err), CT_USAGE);
	assert_non_null(strstr(err.buf, "nights"));
	cas3_place_free(p);
	cas3_place_free(q);
	form_state_free(&st);
	form_free(&f);
	sb_release(&err);
}

/* / narrows the queue by CRN or name (typed in a search line with the
 * cursor on it); Enter applies, Esc clears; a tab given by its key opens
 * first (as the home screen's work queues do). */
static void test_queue_search_by_crn_or_name(void **state)
{
	struct staff s;
	struct ui *ui = open_ui(hpt, 24, 80, false, &s);
	char today[16], *a1, *a2;
	int row, col, crow, ccol;

	(void)state;
	a1 = submit_referral("X320742", "Brennan Carys", fx_day(owner, 3, today));
	a2 = submit_referral("X320743", "Okafor Daniel", fx_day(owner, 4, today));
	assert_int_equal(ui_push(ui, &cas3_queue_screen, cas3_tab_key(CAS3_TAB_UNALLOCATED)), 0);
	SHOWS(ui, 24, 80, "Brennan Carys X320742");
	SHOWS(ui, 24, 80, "Okafor Daniel X320743");
	SHOWS(ui, 24, 80, "Search: none");
	press(ui, "/");
	SHOWS(ui, 24, 80, "Search by CRN or name");
	press(ui, "o");
	press(ui, "k");
	press(ui, "A");
	press(ui, "x");
	press(ui, "Backspace");
	paint(ui, 24, 80, false);
	assert_true(textgrid_find(grid, "Search by CRN or name", &row, &col));
	ui_cursor(ui, &crow, &ccol);
	assert_int_equal(crow, row);
	assert_int_equal(ccol, (int)strlen("Search by CRN or name (Enter applies, Esc clears): okA"));
	press(ui, "Enter");
	SHOWS(ui, 24, 80, "Search: okA");
	SHOWS(ui, 24, 80, "Okafor Daniel X320743");
	NOT_SHOWN(ui, 24, 80, "Brennan Carys");
	/* the search stays on the other tabs */
	press(ui, "]");
	SHOWS(ui, 24, 80, "No referrals in In review in your region that match \"okA\".");
	press(ui, "[");
	/* by CRN; / starts from the applied text */
	press(ui, "/");
	SHOWS(ui, 24, 80, "clears): okA");
	press(ui, "C-u");
	press(ui, "x");
	press(ui, "3");
	press(ui, "2");
	press(ui, "0");
	press(ui, "7");
	press(ui, "4");
	press(ui, "2");
	press(ui, "Enter");
	SHOWS(ui, 24, 80, "Brennan Carys X320742");
	NOT_SHOWN(ui, 24, 80, "Okafor Daniel");
	/* / then Esc clears it */
	press(ui, "/");
	press(ui, "Esc");
	SHOWS(ui, 24, 80, "Search: none");
	SHOWS(ui, 24, 80, "Okafor Daniel X320743");
	SHOWS(ui, 24, 80, "Brennan Carys X320742");
	ui_free(&ui);
	staff_release(&s);
	free(a1);
	free(a2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_queue_tabs_allocate_and_move),
		cmocka_unit_test(test_assessment_shows_person_dates_answers),
		cmocka_unit_test(test_other_region_sees_nothing),
		cmocka_unit_test(test_lifecycle_forms_append_records_and_the_grid_shows_turnaround),
		cmocka_unit_test(test_grid_linear_says_runs_in_words),
		cmocka_unit_test(test_reject_and_note_forms),
		cmocka_unit_test(test_search_form_answers_round_trip),
		cmocka_unit_test(test_cancel_turnaround_and_overstay_forms),
		cmocka_unit_test(test_queue_search_by_crn_or_name),
	};

	if (!dbtest_available())
		return DBTEST_SKIP;
	return cmocka_run_group_tests(tests, setup, teardown);
}
