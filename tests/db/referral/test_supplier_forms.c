/* test_supplier_forms.c: the supplier forms (forms/supplier_*.yaml) with
 * their prepare and submit callbacks (ui/screens/supplier_forms.c), against
 * a real database: bad input refused by the form (dates in the past or more
 * than 6 months ahead, invalid postcodes, feedback over 2000 characters),
 * and a referral taken from assignment to its end-of-service report through
 * the forms' answers, with a stale assignment told who won. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dbtest.h"
#include "forms/form.h"
#include "forms/state.h"
#include "reftest.h"
#include "store/supplier_store.h"
#include "ui/screens/supplier.h"
#include "util/dates.h"

static struct reftest T;

static int setup(void **state)
{
	(void)state;
	return reftest_setup(&T, "supforms");
}

static int teardown(void **state)
{
	(void)state;
	reftest_teardown(&T);
	return 0;
}

struct filled {
	struct form *form;
	struct form_state *st;
};

static void open_form(struct filled *f, enum supplier_form which, PGconn *db,
		      const struct supplier_form_target *t)
{
	struct strbuf err = STRBUF_INIT, path = STRBUF_INIT;

	sb_addf(&path, "%s/%s.yaml", FORMS_DIR, supplier_form_id(which));
	if (form_load_file(path.buf, &f->form, &err) != CT_OK)
		fail_msg("%s: %s", path.buf, err.buf);
	f->st = form_state_new(f->form);
	assert_non_null(f->st);
	assert_int_equal(supplier_form_prepare(db, which, t, f->st, &err), CT_OK);
	sb_release(&err);
	sb_release(&path);
}

static void close_form(struct filled *f)
{
	form_state_free(&f->st);
	form_free(&f->form);
}

static void set(struct filled *f, const char *id, size_t item, const char *v)
{
	struct strbuf err = STRBUF_INIT;

	if (form_state_set_id(f->st, id, item, v, &err) != CT_OK)
		fail_msg("%s: %s", id, err.buf);
	sb_release(&err);
}

/* Submits; returns the JSON (free it) or NULL, with the first error message
 * in *msg (static copy). */
static char *submit(struct filled *f, char *msg, size_t cap)
{
	struct form_errors errs = FORM_ERRORS_INIT;
	const struct form_page *bad = NULL;
	char *json = NULL;

	msg[0] = '\0';
	if (form_state_submit(f->st, &json, &errs, &bad) != CT_OK) {
		if (errs.n)
			snprintf(msg, cap, "%s", errs.v[0].message);
		json = NULL;
	}
	form_errors_release(&errs);
	return json;
}

/* "D M YYYY" for today + days. */
static const char *day(long days, char *buf, size_t cap)
{
	struct ymd d = date_from_days(date_to_days(date_today()) + days);

	snprintf(buf, cap, "%d %d %d", d.d, d.m, d.y);
	return buf;
}

static void test_bad_input_is_refused_by_the_forms(void **state)
{
	PGconn *sp = reftest_connect(&T, T.sp_shelter);
	char *ref = reftest_send(&T, T.pp_a, I_SHELTER, "F000001");
	struct supplier_form_target t = {.referral_id = ref, .reference_number = "X"};
	struct filled f;
	char msg[512], d[32], *json;
	char long_text[2100];

	(void)state;
	open_form(&f, SF_BOOK, sp, &t);
	set(&f, "time", 0, "10:00");
	set(&f, "duration", 0, "60");
	set(&f, "session_type", 0, "ONE_TO_ONE");
	set(&f, "method", 0, "IN_PERSON_MEETING_OTHER");
	set(&f, "address_line1", 0, "1 High Street");
	set(&f, "postcode", 0, "SW1A 1AA");
	/* in the past */
	set(&f, "date", 0, day(-1, d, sizeof d));
	assert_null(json = submit(&f, msg, sizeof msg));
	if (!strstr(msg, "date of the appointment") && !strstr(msg, "Date"))
		fail_msg("message: %s", msg);
	/* more than 6 months ahead */
	set(&f, "date", 0, day(200, d, sizeof d));
	assert_null(json = submit(&f, msg, sizeof msg));
	if (!strstr(msg, "date of the appointment") && !strstr(msg, "Date"))
		fail_msg("message: %s", msg);
	/* a postcode that is not one */
	set(&f, "date", 0, day(3, d, sizeof d));
	set(&f, "postcode", 0, "NOT A CODE");
	assert_null(json = submit(&f, msg, sizeof msg));
	assert_non_null(strstr(msg, "postcode"));
	set(&f, "postcode", 0, "sw1a1aa");
	json = submit(&f, msg, sizeof msg);
	assert_non_null(json);
	free(json);
	/* an office needs choosing from the list (the list is the database's) */
	set(&f, "method", 0, "IN_PERSON_MEETING_PROBATION_OFFICE");
	set(&f, "office", 0, "NOWHERE");
	assert_null(json = submit(&f, msg, sizeof msg));
	assert_non_null(strstr(msg, "probation office"));
	set(&f, "office", 0, "KSS_CANT");
	json = submit(&f, msg, sizeof msg);
	assert_non_null(json);
	free(json);
	close_form(&f);

	/* feedback over the length limit */
	t.appointment_id = "00000000-0000-4000-8000-000000000000";
	open_form(&f, SF_FEEDBACK, sp, &t);
	memset(long_text, 'x', sizeof long_text - 1);
	long_text[sizeof long_text - 1] = '\0';
	set(&f, "attended", 0, "yes");
	set(&f, "session_happened", 0, "yes");
	set(&f, "summary", 0, long_text);
	set(&f, "response", 0, "Fine");
	assert_null(json = submit(&f, msg, sizeof msg));
	assert_non_null(strstr(msg, "2000"));
	/* concerns ticked need the concerns written */
	set(&f, "summary", 0, "Talked about housing");
	set(&f, "notify", 0, "concerns");
	assert_null(json = submit(&f, msg, sizeof msg));
	assert_non_null(strstr(msg, "concerns"));
	close_form(&f);
	free(ref);
	PQfinish(sp);
}

static void test_a_referral_from_assignment_to_its_report(void **state)
{
	PGconn *owner = reftest_connect(&T, NULL);
	PGconn *sp = reftest_connect(&T, T.sp_shelter);
	PGconn *sp2 = reftest_connect(&T, T.sp_shelter2);
	PGconn *pp = reftest_connect(&T, T.pp_a);
	char *ref = reftest_send(&T, T.pp_a, I_SHELTER, "F000002");
	struct supplier_form_target t = {.referral_id = ref, .reference_number = "F2",
					 .person_name = "Fred"};
	struct strbuf conf = STRBUF_INIT, err = STRBUF_INIT;
	struct supplier_progress *p = NULL;
	struct filled f, g;
	char msg[512], d[32], *json, *json2, *me, *appt, *plan;
	const char *ids[2];

	(void)state;
	{
		struct strbuf q = STRBUF_INIT;

		sb_addf(&q, "SELECT id FROM staff WHERE username = '%s'", T.sp_shelter);
		me = dbtest_value(owner, q.buf);
		sb_release(&q);
	}
	assert_non_null(me);

	/* two caseworkers fill the assign form for the unassigned referral */
	open_form(&f, SF_ASSIGN, sp, &t);
	open_form(&g, SF_ASSIGN, sp2, &t);
	{
		size_t n, i;
		const struct form_option *o = form_state_options(
			f.st, form_find_field(f.form, "caseworker"), &n);
		bool found = false;

		for (i = 0; i < n; i++)
			if (!strcmp(o[i].value, me))
				found = true;
		assert_true(found);
		assert_int_equal(n, 2);
	}
	set(&f, "caseworker", 0, me);
	set(&g, "caseworker", 0, me);
	json = submit(&f, msg, sizeof msg);
	json2 = submit(&g, msg, sizeof msg);
	assert_non_null(json);
	assert_non_null(json2);
	assert_int_equal(supplier_form_submit(sp, SF_ASSIGN, &t, json, &conf, &err), CT_OK);
	assert_non_null(strstr(conf.buf, "Caseworker assigned"));
	/* the second is told who won, and nothing changes */
	assert_int_equal(supplier_form_submit(sp2, SF_ASSIGN, &t, json2, &conf, &err), CT_CONFLICT);
	assert_non_null(strstr(err.buf, "while you were choosing"));
	sb_reset(&err);
	sb_reset(&conf);
	free(json);
	free(json2);
	close_form(&f);
	close_form(&g);

	/* book the assessment by phone for the day after tomorrow */
	open_form(&f, SF_BOOK, sp, &t);
	set(&f, "date", 0, day(2, d, sizeof d));
	set(&f, "time", 0, "10:30");
	set(&f, "duration", 0, "60");
	set(&f, "session_type", 0, "ONE_TO_ONE");
	set(&f, "method", 0, "PHONE_CALL");
	json = submit(&f, msg, sizeof msg);
	assert_non_null(json);
	assert_int_equal(supplier_form_submit(sp, SF_BOOK, &t, json, &conf, &err), CT_OK);
	assert_non_null(strstr(conf.buf, "Appointment booked"));
	free(json);
	close_form(&f);
	sb_reset(&conf);
	dbtest_assert_value(sp, "SELECT to_char(appointment_time AT TIME ZONE 'Europe/London',"
			    " 'HH24:MI') || ' ' || delivery_type FROM appointment", "10:30 PHONE_CALL");

	/* the appointment time passes (moved by the owner, as a reschedule) */
	{
		struct strbuf q = STRBUF_INIT;

		sb_addf(&q, "SELECT supplier_schedule(jsonb_build_object('referralId', '%s',"
			" 'appointmentTime', now() - interval '1 hour', 'durationMinutes', 60,"
			" 'deliveryType', 'PHONE_CALL', 'createdBy', %s, 'createdAt',"
			" now() - interval '1 day', 'rescheduledReason', 'Test clock'))", ref, me);
		appt = dbtest_value(owner, q.buf);
		sb_release(&q);
	}
	assert_non_null(appt);

	/* missed, with concerns for the practitioner */
	t.appointment_id = appt;
	open_form(&f, SF_FEEDBACK, sp, &t);
	set(&f, "attended", 0, "no");
	set(&f, "no_attendance_information", 0, "No answer on two numbers.");
	set(&f, "notify", 0, "concerns");
	set(&f, "concerns", 0, "A neighbour says he has left his flat.");
	json = submit(&f, msg, sizeof msg);
	assert_non_null(json);
	assert_null(strstr(json, "summary"));   /* hidden questions are not sent */
	assert_int_equal(supplier_form_submit(sp, SF_FEEDBACK, &t, json, &conf, &err), CT_OK);
	assert_non_null(strstr(conf.buf, "did not attend"));
	free(json);
	close_form(&f);
	sb_reset(&conf);
	dbtest_assert_value(pp, "SELECT count(*) FROM referral_attention_items()"
			    " WHERE summary LIKE 'Assessment appointment on % did not attend, concerns'",
			    "1");
	free(appt);

	/* the action plan: two activities, one session */
	open_form(&f, SF_ACTION_PLAN, sp, &t);
	{
		const struct form_field *grp = form_find_field(f.form, "activities");
		size_t idx;

		assert_int_equal(form_state_item_add(f.st, grp, &idx, &err), CT_OK);
		set(&f, "activity", idx, "Look at two flats with him");
		assert_int_equal(form_state_item_add(f.st, grp, &idx, &err), CT_OK);
		set(&f, "activity", idx, "Apply for a deposit loan");
	}
	set(&f, "sessions", 0, "0");
	assert_null(json = submit(&f, msg, sizeof msg));
	set(&f, "sessions", 0, "1");
	json = submit(&f, msg, sizeof msg);
	assert_non_null(json);
	assert_int_equal(supplier_form_submit(sp, SF_ACTION_PLAN, &t, json, &conf, &err), CT_OK);
	assert_non_null(strstr(conf.buf, "2 activities, 1 session."));
	free(json);
	close_form(&f);
	sb_reset(&conf);
	plan = dbtest_value(sp, "SELECT id FROM action_plan");
	assert_non_null(plan);
	assert_int_equal(supplier_approve_action_plan(sp, plan, NULL, &err), CT_ERR);
	sb_reset(&err);
	assert_int_equal(supplier_approve_action_plan(pp, plan, NULL, &err), CT_OK);
	free(plan);

	/* session 1 took place (booked in the past by the owner) */
	{
		struct strbuf q = STRBUF_INIT;

		sb_addf(&q, "SELECT supplier_schedule(jsonb_build_object('referralId', '%s',"
			" 'kind', 'SERVICE_DELIVERY', 'sessionNumber', 1,"
			" 'appointmentTime', now() - interval '1 hour', 'durationMinutes', 60,"
			" 'deliveryType', 'VIDEO_CALL', 'createdBy', %s, 'createdAt',"
			" now() - interval '1 day'))", ref, me);
		appt = dbtest_value(owner, q.buf);
		sb_release(&q);
	}
	t.appointment_id = appt;
	open_form(&f, SF_FEEDBACK, sp, &t);
	set(&f, "attended", 0, "late");
	set(&f, "late_reason", 0, "Ten minutes; the bus was late.");
	set(&f, "session_happened", 0, "yes");
	set(&f, "summary", 0, "Viewed a flat in Ashford.");
	set(&f, "response", 0, "Liked it.");
	json = submit(&f, msg, sizeof msg);
	assert_non_null(json);
	assert_int_equal(supplier_form_submit(sp, SF_FEEDBACK, &t, json, &conf, &err), CT_OK);
	free(json);
	close_form(&f);
	sb_reset(&conf);
	free(appt);

	/* the end-of-service report: one item per desired outcome, prepared */
	assert_int_equal(supplier_progress_load(sp, ref, &p, &err), CT_OK);
	assert_int_equal(p->n_outcomes, 2);
	assert_true(p->eosr_required);
	ids[0] = p->outcomes[0].id;
	ids[1] = p->outcomes[1].id;
	t.outcome_ids = ids;
	t.n_outcomes = 2;
	open_form(&f, SF_EOSR, sp, &t);
	assert_int_equal(form_state_items(f.st, form_find_field(f.form, "outcomes")), 2);
	assert_string_equal(form_state_get_id(f.st, "outcome", 1), ids[1]);
	set(&f, "achievement", 0, "ACHIEVED");
	set(&f, "progress", 0, "Has a tenancy.");
	set(&f, "achievement", 1, "PARTIALLY_ACHIEVED");
	assert_null(json = submit(&f, msg, sizeof msg));   /* progress of the second */
	set(&f, "progress", 1, "On the council list.");
	json = submit(&f, msg, sizeof msg);
	assert_non_null(json);
	assert_int_equal(supplier_form_submit(sp, SF_EOSR, &t, json, &conf, &err), CT_OK);
	assert_non_null(strstr(conf.buf, "has concluded: completed"));
	free(json);
	close_form(&f);
	supplier_progress_free(&p);
	{
		struct strbuf q = STRBUF_INIT;

		sb_addf(&q, "SELECT referral_state(r) FROM referral r WHERE id = '%s'", ref);
		dbtest_assert_value(pp, q.buf, "COMPLETED");
		sb_release(&q);
	}
	sb_release(&conf);
	sb_release(&err);
	free(me);
	free(ref);
	PQfinish(owner);
	PQfinish(sp);
	PQfinish(sp2);
	PQfinish(pp);
}

static void test_performance_report_saves_csv_once(void **state)
{
	PGconn *sp = reftest_connect(&T, T.sp_shelter);
	struct supplier_form_target t = {0};
	struct strbuf conf = STRBUF_INIT, err = STRBUF_INIT, path = STRBUF_INIT, csv = STRBUF_INIT;
	struct filled f;
	char dir[] = "/tmp/ct-perf-XXXXXX", msg[512], d[32], *json;

	(void)state;
	assert_non_null(mkdtemp(dir));
	sb_addf(&path, "%s/perf.csv", dir);
	open_form(&f, SF_PERFORMANCE, sp, &t);
	set(&f, "from", 0, "1 5 2021");
	set(&f, "to", 0, day(0, d, sizeof d));
	assert_null(json = submit(&f, msg, sizeof msg));   /* before 1 June 2021 */
	set(&f, "from", 0, "1 6 2021");
	set(&f, "file", 0, path.buf);
	json = submit(&f, msg, sizeof msg);
	assert_non_null(json);
	assert_int_equal(supplier_form_submit(sp, SF_PERFORMANCE, &t, json, &conf, &err), CT_OK);
	assert_non_null(strstr(conf.buf, "Report saved"));
	assert_int_equal(sb_read_file(&csv, path.buf), 0);
	assert_true(!strncmp(csv.buf, "referral_ref,referral_id,contract_ref,", 38));
	/* never over an existing file */
	sb_reset(&conf);
	assert_int_equal(supplier_form_submit(sp, SF_PERFORMANCE, &t, json, &conf, &err), CT_USAGE);
	assert_non_null(strstr(err.buf, "already exists"));
	unlink(path.buf);
	rmdir(dir);
	free(json);
	close_form(&f);
	sb_release(&conf);
	sb_release(&err);
	sb_release(&path);
	sb_release(&csv);
	PQfinish(sp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_input_is_refused_by_the_forms),
		cmocka_unit_test(test_a_referral_from_assignment_to_its_report),
		cmocka_unit_test(test_performance_report_saves_csv_once),
	};

	if (!dbtest_available())
		return DBTEST_SKIP;
	return cmocka_run_group_tests(tests, setup, teardown);
}
