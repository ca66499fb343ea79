/* test_supplier.c: supplier updates (migration 0007): who sees and changes
 * which rows (hand-written SQL as each role), every state derivation, the
 * constraints that refuse bad input, two caseworkers assigning at once, and
 * the audit rows and outbox events of each change. */
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
#include "reftest.h"
#include "store/cas3_report.h"
#include "store/cas3_store.h"
#include "store/supplier_store.h"

static struct reftest T;
/* r1: pp_a -> Shelter; r2: pp_a -> StepChange; r3: pp_a -> Catch22 with
 * Shelter subcontracted. */
static char *r1, *r2, *r3;

static int setup(void **state)
{
	(void)state;
	if (reftest_setup(&T, "supplier"))
		return -1;
	r1 = reftest_send(&T, T.pp_a, I_SHELTER, "A000001");
	r2 = reftest_send(&T, T.pp_a, I_STEP, "A000002");
	r3 = reftest_send(&T, T.pp_a, I_SUB, "A000003");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(r1);
	free(r2);
	free(r3);
	reftest_teardown(&T);
	return 0;
}

/* Runs printf-made SQL and returns its first value (new string) or NULL on error. */
static char *q(PGconn *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *q(PGconn *c, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	char *v;

	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	v = dbtest_value(c, sb.buf);
	sb_release(&sb);
	return v;
}

static void assert_q(PGconn *c, const char *want, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void assert_q(PGconn *c, const char *want, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	dbtest_assert_value(c, sb.buf, want);
	sb_release(&sb);
}

/* The SQLSTATE a statement fails with ("" when it succeeds). */
static void assert_fails(PGconn *c, const char *state, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void assert_fails(PGconn *c, const char *state, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	PGresult *r;
	const char *got;

	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	r = PQexec(c, sb.buf);
	got = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	if (!got || strcmp(got, state)) {
		fprintf(stderr, "want SQLSTATE %s, got %s: %s\n  %s\n", state, got ? got : "none",
			PQresultErrorMessage(r), sb.buf);
		PQclear(r);
		sb_release(&sb);
		fail();
	}
	PQclear(r);
	sb_release(&sb);
}

static long staff_id(PGconn *owner, const char *role)
{
	char *v = q(owner, "SELECT id FROM staff WHERE username = '%s'", role);
	long id = v ? atol(v) : -1;

	free(v);
	return id;
}

/* As the owner (demo-data path): an appointment made `ago` ago for `at`
 * (SQL interval expressions relative to now), by supplier role. */
static char *book_past(PGconn *owner, const char *ref, int session, const char *made_ago,
		       const char *at_ago, const char *by, const char *reason)
{
	char *id = q(owner,
		"SELECT supplier_schedule(jsonb_build_object('referralId', '%s', 'kind', '%s',"
		" 'sessionNumber', %d, 'appointmentTime', now() - interval '%s',"
		" 'durationMinutes', 60, 'deliveryType', 'PHONE_CALL',"
		" 'createdBy', (SELECT id FROM staff WHERE username = '%s'),"
		" 'createdAt', now() - interval '%s', 'rescheduledReason', %s%s%s))",
		ref, session ? "SERVICE_DELIVERY" : "SUPPLIER_ASSESSMENT", session, at_ago, by,
		made_ago, reason ? "'" : "", reason ? reason : "NULL", reason ? "'" : "");

	assert_non_null(id);
	return id;
}

static void feedback(PGconn *sp, const char *appt, const char *json_extra)
{
	char *v = q(sp, "SELECT supplier_record_feedback(jsonb_build_object('appointmentId', '%s')"
		    " || '%s'::jsonb)", appt, json_extra);

	assert_non_null(v);
	free(v);
}

static void assign(PGconn *sp, const char *ref, const char *to_role)
{
	char *v = q(sp, "SELECT supplier_assign('%s', (SELECT id FROM staff WHERE username = '%s'),"
		    " (SELECT assigned_to FROM referral_assignment WHERE referral_id = '%s'"
		    "  AND NOT superseded))", ref, to_role, ref);

	assert_non_null(v);
	free(v);
}

/* ---- access ---------------------------------------------------------- */

static void test_suppliers_see_and_change_only_their_contracts(void **state)
{
	PGconn *owner = reftest_connect(&T, NULL);
	PGconn *shelter = reftest_connect(&T, T.sp_shelter);
	PGconn *step = reftest_connect(&T, T.sp_step);
	PGconn *none = reftest_connect(&T, T.sp_none);
	PGconn *pp_b = reftest_connect(&T, T.pp_b);
	PGconn *rep = reftest_connect(&T, T.rep);
	char *a1, *a2, *a3;

	(void)state;
	assign(shelter, r1, T.sp_shelter);
	assign(shelter, r3, T.sp_shelter);
	assign(step, r2, T.sp_step);
	a1 = book_past(owner, r1, 0, "2 days", "1 hour", T.sp_shelter, NULL);
	a2 = book_past(owner, r2, 0, "2 days", "1 hour", T.sp_step, NULL);
	a3 = book_past(owner, r3, 0, "2 days", "1 hour", T.sp_shelter, NULL);
	feedback(shelter, a1, "{\"attended\":\"no\",\"notifyConcerns\":true,"
		 "\"sessionConcerns\":\"Not at home; neighbours worried.\"}");
	feedback(step, a2, "{\"attended\":\"yes\",\"sessionSummary\":\"Budget\","
		 "\"sessionResponse\":\"Engaged\"}");

	/* reading: each supplier their contracts' rows only (Shelter: prime of
	 * r1, subcontractor of r3) */
	assert_q(shelter, "2", "SELECT count(*) FROM appointment");
	assert_q(shelter, "0", "SELECT count(*) FROM appointment WHERE referral_id = '%s'", r2);
	assert_q(shelter, "1", "SELECT count(*) FROM appointment_feedback");
	assert_q(step, "1", "SELECT count(*) FROM appointment");
	assert_q(step, "0", "SELECT count(*) FROM appointment_feedback WHERE appointment_id = '%s'", a1);
	assert_q(none, "0", "SELECT count(*) FROM appointment");
	assert_q(none, "0", "SELECT count(*) FROM appointment_feedback");
	assert_q(rep, "3", "SELECT count(*) FROM appointment");
	/* a PP who neither sent it nor manages the person sees nothing */
	assert_q(pp_b, "0", "SELECT count(*) FROM appointment");

	/* changing another provider's referral: invisible, so "not found" or
	 * refused by the policy */
	assert_fails(step, "P0002", "SELECT supplier_assign('%s', %ld, NULL)", r1,
		     staff_id(owner, T.sp_step));
	assert_fails(step, "42501",
		     "INSERT INTO appointment (referral_id, kind, appointment_time, duration_minutes,"
		     " delivery_type, created_by) VALUES ('%s', 'SUPPLIER_ASSESSMENT',"
		     " now() + interval '1 day', 60, 'PHONE_CALL', current_staff_id())", r1);
	assert_fails(step, "42501",
		     "INSERT INTO appointment_feedback (appointment_id, referral_id, attended,"
		     " did_session_happen, submitted_by) VALUES ('%s', '%s', 'NO', false,"
		     " current_staff_id())", a3, r3);
	assert_fails(step, "P0002",
		     "SELECT supplier_record_feedback(jsonb_build_object('appointmentId', '%s',"
		     " 'attended', 'no'))", a3);
	assert_fails(none, "P0002", "SELECT supplier_submit_action_plan('%s', '[\"x\"]', 2)", r1);
	/* history cannot be rewritten, not even by its author or its sender */
	assert_fails(shelter, "42501", "UPDATE appointment SET duration_minutes = 5 WHERE id = '%s'", a1);
	assert_fails(shelter, "42501", "DELETE FROM appointment_feedback WHERE appointment_id = '%s'", a1);
	assert_fails(owner, "P0001", "UPDATE appointment SET duration_minutes = 5 WHERE id = '%s'", a1);
	assert_fails(owner, "P0001", "DELETE FROM appointment WHERE id = '%s'", a2);
	/* a supplier cannot conclude a referral other than by its report */
	assert_fails(shelter, "42501", "UPDATE referral SET concluded_at = now() WHERE id = '%s'", r1);
	/* suppliers never read the original risk text */
	assert_fails(shelter, "42501", "SELECT count(*) FROM referral_risk_original");
	/* the PP who sent r1 sees its rows */
	{
		PGconn *pp_a = reftest_connect(&T, T.pp_a);

		assert_q(pp_a, "3", "SELECT count(*) FROM appointment");
		/* only the sending PP approves; pp_b cannot even see the plan */
		free(q(shelter, "SELECT supplier_submit_action_plan('%s', '[\"Find a flat\"]', 2)", r1));
		assert_q(pp_b, "0", "SELECT count(*) FROM action_plan");
		assert_fails(pp_b, "P0002", "SELECT pp_approve_action_plan((SELECT id FROM action_plan"
			     " WHERE referral_id = '%s'))", r1);
		assert_fails(shelter, "42501", "SELECT pp_approve_action_plan((SELECT id FROM action_plan"
			     " WHERE referral_id = '%s'))", r1);
		assert_q(pp_a, "2", "SELECT pp_approve_action_plan((SELECT id FROM action_plan"
			 " WHERE referral_id = '%s'))", r1);
		assert_fails(shelter, "42501",
			     "INSERT INTO delivery_session (referral_id, session_number, action_plan_id)"
			     " SELECT '%s', 9, id FROM action_plan WHERE referral_id = '%s'", r1, r1);
		PQfinish(pp_a);
	}
	free(a1);
	free(a2);
	free(a3);
	PQfinish(owner);
	PQfinish(shelter);
	PQfinish(step);
	PQfinish(none);
	PQfinish(pp_b);
	PQfinish(rep);
}

/* ---- state derivations --------------------------------------------------- */

static void assert_state(PGconn *c, const char *ref, const char *want)
{
	assert_q(c, want,
		 "SELECT referral_state(r) || ' ' || referral_delivery_state(r) || ' '"
		 " || referral_saa_status(r.id) || ' ' || r.status FROM referral r WHERE id = '%s'", ref);
}

static void test_every_state_on_the_way_to_completed(void **state)
{
	PGconn *owner = reftest_connect(&T, NULL);
	PGconn *sp = reftest_connect(&T, T.sp_shelter);
	PGconn *pp = reftest_connect(&T, T.pp_a);
	char *ref = reftest_send(&T, T.pp_a, I_SHELTER, "C000001");
	char *saa, *s1, *s1b, *s2, *plan;

	(void)state;
	assert_state(sp, ref, "SENT NOT_DELIVERING_YET awaitingCaseworker PRE_ICA");
	assign(sp, ref, T.sp_shelter2);
	assert_state(sp, ref, "ASSIGNED NOT_DELIVERING_YET notScheduled PRE_ICA");
	/* re-assignment keeps history */
	assign(sp, ref, T.sp_shelter);
	assert_q(owner, "2 1", "SELECT count(*) || ' ' || count(*) FILTER (WHERE NOT superseded)"
		 " FROM referral_assignment WHERE referral_id = '%s'", ref);

	saa = book_past(owner, ref, 0, "3 days", "2 hours", T.sp_shelter, NULL);
	assert_q(sp, "awaitingFeedback", "SELECT appointment_status(a) FROM appointment a"
		 " WHERE id = '%s'", saa);
	assert_state(sp, ref, "ASSIGNED NOT_DELIVERING_YET scheduled PRE_ICA");
	feedback(sp, saa, "{\"attended\":\"late\",\"lateReason\":\"Bus\",\"sessionSummary\":\"Met\","
		 "\"sessionResponse\":\"Keen\"}");
	assert_state(sp, ref, "ASSIGNED NOT_DELIVERING_YET delivered PRE_ICA");
	/* twice: refused */
	assert_fails(sp, "CT409", "SELECT supplier_record_feedback(jsonb_build_object('appointmentId',"
		     " '%s', 'attended', 'no'))", saa);

	plan = q(sp, "SELECT supplier_submit_action_plan('%s', '[\"Find a flat\", \"Open a bank"
		 " account\"]', 2)", ref);
	assert_non_null(plan);
	assert_q(pp, "t", "SELECT referral_needs_attention(r) FROM referral r WHERE id = '%s'", ref);
	assert_q(pp, "1", "SELECT count(*) FROM referral_attention_items() WHERE kind = 'action_plan'"
		 " AND referral_id = '%s'", ref);
	/* a second plan while one waits: refused */
	assert_fails(sp, "CT409", "SELECT supplier_submit_action_plan('%s', '[\"x\"]', 3)", ref);
	assert_q(pp, "2", "SELECT pp_approve_action_plan('%s')", plan);
	assert_fails(pp, "CT409", "SELECT pp_approve_action_plan('%s')", plan);
	assert_state(sp, ref, "ASSIGNED MISSING_FIRST_SUBSTANTIVE_APPOINTMENT delivered PRE_ICA");
	assert_q(sp, "notScheduled notScheduled", "SELECT string_agg(appointment_status("
		 "appointment_current('%s', 'SERVICE_DELIVERY', session_number)), ' '"
		 " ORDER BY session_number) FROM delivery_session WHERE referral_id = '%s'", ref, ref);

	/* session 1: missed, then rebooked and attended */
	s1 = book_past(owner, ref, 1, "3 days", "26 hours", T.sp_shelter, NULL);
	feedback(sp, s1, "{\"attended\":\"no\",\"noAttendanceInformation\":\"No answer\"}");
	assert_q(sp, "didNotAttend", "SELECT appointment_status(a) FROM appointment a WHERE id = '%s'", s1);
	assert_state(sp, ref, "ASSIGNED MISSING_FIRST_SUBSTANTIVE_APPOINTMENT delivered PRE_ICA");
	s1b = book_past(owner, ref, 1, "25 hours", "3 hours", T.sp_shelter, NULL);
	feedback(sp, s1b, "{\"attended\":\"yes\",\"sessionSummary\":\"Viewed a flat\","
		 "\"sessionResponse\":\"Positive\"}");
	assert_q(sp, "completed", "SELECT appointment_status(a) FROM appointment a WHERE id = '%s'", s1b);
	assert_state(sp, ref, "IN_PROGRESS IN_PROGRESS delivered POST_ICA");
	assert_q(sp, "POST_ICA_WITHDRAWAL", "SELECT referral_withdrawal_state(r) FROM referral r"
		 " WHERE id = '%s'", ref);

	/* session 2: booked, rescheduled (history kept), then it did not happen */
	{
		char *first = book_past(owner, ref, 2, "3 days", "-2 days", T.sp_shelter, NULL);

		free(book_past(owner, ref, 2, "2 days", "1 hour", T.sp_shelter, "Room flooded"));
		assert_q(sp, "rescheduled", "SELECT appointment_status(a) FROM appointment a"
			 " WHERE id = '%s'", first);
		/* feedback on the replaced appointment: refused */
		assert_fails(sp, "55000", "SELECT supplier_record_feedback(jsonb_build_object("
			     "'appointmentId', '%s', 'attended', 'no'))", first);
		free(first);
	}
	s2 = q(sp, "SELECT id FROM appointment WHERE referral_id = '%s' AND session_number = 2"
	       " ORDER BY seq DESC LIMIT 1", ref);
	feedback(sp, s2, "{\"attended\":\"yes\",\"didSessionHappen\":false,"
		 "\"noSessionReasonType\":\"LOGISTICS\",\"noSessionReasonDetail\":\"Fire alarm\"}");
	assert_q(sp, "didNotHappen", "SELECT appointment_status(a) FROM appointment a WHERE id = '%s'", s2);
	/* every session has attendance: delivery completed, awaiting the report */
	assert_state(sp, ref, "AWAITING_END_OF_SERVICE_REPORT COMPLETED delivered POST_ICA");
	assert_q(sp, "COMPLETED", "SELECT supplier_submit_eosr('%s', 'All done',"
		 " jsonb_build_array(jsonb_build_object('desiredOutcomeId', '" OUTCOME_ACC_SECURE "',"
		 " 'achievementLevel', 'ACHIEVED', 'progressionComments', 'Has a tenancy'),"
		 " jsonb_build_object('desiredOutcomeId', '" OUTCOME_ACC_PROGRESS "',"
		 " 'achievementLevel', 'PARTIALLY_ACHIEVED', 'progressionComments', 'On the list')))",
		 ref);
	assert_state(sp, ref, "COMPLETED COMPLETED delivered POST_ICA");
	assert_q(pp, "f", "SELECT referral_needs_attention(r) FROM referral r WHERE id = '%s'", ref);
	/* nothing more once concluded */
	assert_fails(sp, "55000", "SELECT supplier_submit_action_plan('%s', '[\"x\"]', 3)", ref);

	/* the history: status rows, audit rows and outbox events, in order */
	assert_q(owner, "SENT ASSIGNED ASSIGNED IN_PROGRESS AWAITING_END_OF_SERVICE_REPORT COMPLETED",
		 "SELECT string_agg(state, ' ' ORDER BY id) FROM referral_status_history"
		 " WHERE referral_id = '%s'", ref);
	assert_q(owner,
		 "intervention.referral.sent intervention.referral.assigned intervention.referral.assigned"
		 " intervention.initial-assessment-appointment.attended"
		 " intervention.initial-assessment-appointment.session-feedback-submitted"
		 " intervention.action-plan.submitted intervention.action-plan.approved"
		 " intervention.session-appointment.missed"
		 " intervention.session-appointment.session-feedback-submitted"
		 " intervention.session-appointment.attended"
		 " intervention.session-appointment.session-feedback-submitted"
		 " intervention.session-appointment.attended"
		 " intervention.session-appointment.session-feedback-submitted"
		 " intervention.end-of-service-report.submitted intervention.referral.concluded"
		 " intervention.referral.ended",
		 "SELECT string_agg(event_type, ' ' ORDER BY seq) FROM outbox"
		 " WHERE payload->>'referralId' = '%s'", ref);
	assert_q(owner, "COMPLETED", "SELECT payload->>'deliveryState' FROM outbox"
		 " WHERE event_type = 'intervention.referral.concluded' AND payload->>'referralId' = '%s'",
		 ref);
	assert_q(owner, "action_plan.approved action_plan.submitted appointment.feedback"
		 " appointment.scheduled eosr.submitted referral.assigned referral.concluded",
		 "SELECT string_agg(DISTINCT action, ' ') FROM audit_log WHERE crn = 'C000001'"
		 " AND action NOT IN ('referral.sent', 'risk.shared', 'appointment.rescheduled')");
	assert_q(owner, "1", "SELECT count(*) FROM audit_log WHERE crn = 'C000001'"
		 " AND action = 'appointment.rescheduled'");
	free(saa);
	free(s1);
	free(s1b);
	free(s2);
	free(plan);
	free(ref);
	PQfinish(owner);
	PQfinish(sp);
	PQfinish(pp);
}

static void test_ended_early_and_cancelled(void **state)
{
	PGconn *owner = reftest_connect(&T, NULL);
	PGconn *sp = reftest_connect(&T, T.sp_shelter);
	PGconn *pp = reftest_connect(&T, T.pp_a);
	char *early = reftest_send(&T, T.pp_a, I_SHELTER, "C000002");
	char *cancel = reftest_send(&T, T.pp_a, I_SHELTER, "C000003");
	char *plan, *s1;

	(void)state;
	assign(sp, early, T.sp_shelter);
	plan = q(sp, "SELECT supplier_submit_action_plan('%s', '[\"Find a flat\"]', 3)", early);
	free(q(pp, "SELECT pp_approve_action_plan('%s')", plan));
	/* the report cannot come before delivery starts */
	assert_fails(sp, "55000", "SELECT supplier_submit_eosr('%s', NULL, '[]')", early);
	s1 = book_past(owner, early, 1, "3 days", "1 hour", T.sp_shelter, NULL);
	feedback(sp, s1, "{\"attended\":\"yes\",\"sessionSummary\":\"x\",\"sessionResponse\":\"y\"}");
	assert_state(sp, early, "IN_PROGRESS IN_PROGRESS notScheduled POST_ICA");
	/* every outcome must be reported */
	assert_fails(sp, "23514", "SELECT supplier_submit_eosr('%s', NULL, jsonb_build_array("
		     "jsonb_build_object('desiredOutcomeId', '" OUTCOME_ACC_SECURE "',"
		     " 'achievementLevel', 'NOT_ACHIEVED', 'progressionComments', 'Left the area')))",
		     early);
	assert_fails(sp, "23503", "SELECT supplier_submit_eosr('%s', NULL, jsonb_build_array("
		     "jsonb_build_object('desiredOutcomeId', '" OUTCOME_ETE_COMMENCE "',"
		     " 'achievementLevel', 'NOT_ACHIEVED', 'progressionComments', 'x')))", early);
	/* 1 of 3 sessions: prematurely ended */
	assert_q(sp, "PREMATURELY_ENDED", "SELECT supplier_submit_eosr('%s', NULL, jsonb_build_array("
		 "jsonb_build_object('desiredOutcomeId', '" OUTCOME_ACC_SECURE "',"
		 " 'achievementLevel', 'NOT_ACHIEVED', 'progressionComments', 'Left the area'),"
		 "jsonb_build_object('desiredOutcomeId', '" OUTCOME_ACC_PROGRESS "',"
		 " 'achievementLevel', 'NOT_ACHIEVED', 'progressionComments', 'Left the area')))",
		 early);
	assert_state(sp, early, "PREMATURELY_ENDED IN_PROGRESS notScheduled POST_ICA");
	assert_fails(sp, "55000", "SELECT supplier_submit_eosr('%s', NULL, '[]')", early);

	/* never delivered: the concluded state would be CANCELLED, and a
	 * withdrawal before any session is WITHDRAWN */
	assign(sp, cancel, T.sp_shelter);
	assert_q(sp, "CANCELLED PRE_ICA_WITHDRAWAL", "SELECT referral_concluded_state(r) || ' ' ||"
		 " referral_withdrawal_state(r) FROM referral r WHERE id = '%s'", cancel);
	free(q(owner, "SELECT referral_withdraw('%s', NULL, 'MIS', NULL,"
	       " (SELECT id FROM staff WHERE username = '%s'))", cancel, T.pp_a));
	assert_q(owner, "WITHDRAWN", "SELECT referral_state(r) FROM referral r WHERE id = '%s'", cancel);
	free(plan);
	free(s1);
	free(early);
	free(cancel);
	PQfinish(owner);
	PQfinish(sp);
	PQfinish(pp);
}

/* ---- bad input ------------------------------------------------------------ */

static void test_bad_input_is_refused_by_the_database(void **state)
{
	PGconn *owner = reftest_connect(&T, NULL);
	PGconn *sp = reftest_connect(&T, T.sp_shelter);
	char *ref = reftest_send(&T, T.pp_a, I_SHELTER, "C000004");
	char *a;
	char long_text[2100];
	const char *book = "SELECT supplier_schedule(jsonb_build_object('referralId', '%s',"
			   " 'appointmentTime', %s, 'durationMinutes', 60, 'deliveryType', '%s',"
			   " 'address', jsonb_build_object('line1', '1 High St', 'postcode', '%s')))";

	(void)state;
	/* before a caseworker is assigned */
	assert_fails(sp, "55000", book, ref, "now() + interval '1 day'", "PHONE_CALL", "");
	assign(sp, ref, T.sp_shelter);
	/* in the past, more than 6 months ahead */
	assert_fails(sp, "23514", book, ref, "now() - interval '1 minute'", "PHONE_CALL", "");
	assert_fails(sp, "23514", book, ref, "now() + interval '6 months 1 day'", "PHONE_CALL", "");
	/* "another address" needs a valid UK postcode */
	assert_fails(sp, "23514", book, ref, "now() + interval '1 day'", "IN_PERSON_MEETING_OTHER",
		     "NOT A CODE");
	assert_fails(sp, "23514", book, ref, "now() + interval '1 day'", "IN_PERSON_MEETING_OTHER",
		     "12345");
	/* the same rules hold for rows written without the function */
	assert_fails(sp, "23514",
		     "INSERT INTO appointment (referral_id, kind, appointment_time, duration_minutes,"
		     " delivery_type, created_by) VALUES ('%s', 'SUPPLIER_ASSESSMENT',"
		     " now() - interval '1 hour', 60, 'PHONE_CALL', current_staff_id())", ref);
	assert_fails(sp, "23514",
		     "INSERT INTO appointment (referral_id, kind, appointment_time, duration_minutes,"
		     " delivery_type, created_by) VALUES ('%s', 'SUPPLIER_ASSESSMENT',"
		     " now() + interval '7 months', 60, 'PHONE_CALL', current_staff_id())", ref);
	assert_fails(sp, "23514",
		     "INSERT INTO appointment (referral_id, kind, appointment_time, duration_minutes,"
		     " delivery_type, address_line1, postcode, created_by) VALUES ('%s',"
		     " 'SUPPLIER_ASSESSMENT', now() + interval '1 day', 60, 'IN_PERSON_MEETING_OTHER',"
		     " '1 High St', 'ZZZ', current_staff_id())", ref);
	assert_fails(sp, "23514",
		     "INSERT INTO appointment (referral_id, kind, appointment_time, duration_minutes,"
		     " delivery_type, created_by) VALUES ('%s', 'SUPPLIER_ASSESSMENT',"
		     " now() + interval '1 day', 60, 'IN_PERSON_MEETING_PROBATION_OFFICE',"
		     " current_staff_id())", ref);
	/* a good one, with a postcode written loosely, is kept tidy */
	a = q(sp, book, ref, "now() + interval '1 day'", "IN_PERSON_MEETING_OTHER", "sw1a 1aa");
	assert_non_null(a);
	assert_q(sp, "SW1A1AA", "SELECT postcode FROM appointment WHERE id = '%s'", a);
	/* rescheduling needs a reason; feedback cannot come before the time */
	assert_fails(sp, "23514", book, ref, "now() + interval '2 days'", "PHONE_CALL", "");
	assert_fails(sp, "23514", "SELECT supplier_record_feedback(jsonb_build_object("
		     "'appointmentId', '%s', 'attended', 'no'))", a);
	free(a);

	/* feedback: length limit, details behind the notify flags */
	a = book_past(owner, ref, 0, "1 day", "1 hour", T.sp_shelter, "Moved");
	memset(long_text, 'x', sizeof long_text - 1);
	long_text[sizeof long_text - 1] = '\0';
	assert_fails(sp, "23514", "SELECT supplier_record_feedback(jsonb_build_object('appointmentId',"
		     " '%s', 'attended', 'yes', 'sessionSummary', '%s', 'sessionResponse', 'ok'))",
		     a, long_text);
	assert_fails(sp, "23514", "SELECT supplier_record_feedback(jsonb_build_object('appointmentId',"
		     " '%s', 'attended', 'no', 'notifyConcerns', true))", a);
	assert_fails(sp, "23514", "SELECT supplier_record_feedback(jsonb_build_object('appointmentId',"
		     " '%s', 'attended', 'yes', 'sessionSummary', 'x'))", a);
	assert_fails(sp, "23514", "SELECT supplier_record_feedback(jsonb_build_object('appointmentId',"
		     " '%s', 'attended', 'late', 'sessionSummary', 'x', 'sessionResponse', 'y'))", a);
	/* action plans: sessions > 0, an activity */
	assert_fails(sp, "23514", "SELECT supplier_submit_action_plan('%s', '[\"x\"]', 0)", ref);
	assert_fails(sp, "23514", "SELECT supplier_submit_action_plan('%s', '[]', 2)", ref);
	free(a);
	free(ref);
	PQfinish(owner);
	PQfinish(sp);
}

/* ---- two caseworkers at once ------------------------------------------------ */

static void test_two_caseworkers_assigning_at_once(void **state)
{
	PGconn *owner = reftest_connect(&T, NULL);
	PGconn *kate = reftest_connect(&T, T.sp_shelter);
	PGconn *omar = reftest_connect(&T, T.sp_shelter2);
	char *ref = reftest_send(&T, T.pp_a, I_SHELTER, "C000005");
	struct strbuf err = STRBUF_INIT;
	struct strbuf sql = STRBUF_INIT;
	PGresult *r;
	const char *st;

	(void)state;
	/* both saw it unassigned; Kate's assignment is in flight when Omar's comes */
	assert_true(dbtest_ok(kate, "BEGIN"));
	sb_addf(&sql, "SELECT supplier_assign('%s', current_staff_id(), NULL)", ref);
	assert_true(dbtest_ok(kate, sql.buf));
	assert_int_equal(PQsendQuery(omar, sql.buf), 1);
	/* Omar waits on Kate's lock ... */
	{
		int tries;
		char *w = NULL;

		for (tries = 0; tries < 100; tries++) {
			free(w);
			w = q(owner, "SELECT count(*) FROM pg_stat_activity WHERE pid = %d"
			      " AND wait_event_type = 'Lock'", PQbackendPID(omar));
			if (w && !strcmp(w, "1"))
				break;
			usleep(50000);
		}
		assert_non_null(w);
		assert_string_equal(w, "1");
		free(w);
	}
	PQconsumeInput(omar);
	assert_int_equal(PQisBusy(omar), 1);
	assert_true(dbtest_ok(kate, "COMMIT"));
	/* ... then is told who won */
	r = PQgetResult(omar);
	st = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	assert_non_null(st);
	assert_string_equal(st, "CT409");
	assert_non_null(strstr(PQresultErrorMessage(r), "while you were choosing"));
	PQclear(r);
	while ((r = PQgetResult(omar)))
		PQclear(r);
	assert_q(owner, "1", "SELECT count(*) FROM referral_assignment WHERE referral_id = '%s'", ref);
	assert_q(owner, "1", "SELECT count(*) FROM outbox WHERE event_type ="
		 " 'intervention.referral.assigned' AND payload->>'referralId' = '%s'", ref);

	/* through the store: the loser gets CT_CONFLICT naming the winner */
	{
		long me = staff_id(owner, T.sp_shelter2);

		assert_int_equal(supplier_assign(omar, ref, me, 0, &err), CT_CONFLICT);
		assert_non_null(strstr(err.buf, "while you were choosing"));
		sb_reset(&err);
		assert_int_equal(supplier_assign(omar, ref, me, staff_id(owner, T.sp_shelter), &err),
				 CT_OK);
	}
	sb_release(&err);
	sb_release(&sql);
	free(ref);
	PQfinish(owner);
	PQfinish(kate);
	PQfinish(omar);
}

/* ---- the store and the report -------------------------------------------- */

static void test_store_progress_attention_and_report(void **state)
{
	PGconn *owner = reftest_connect(&T, NULL);
	PGconn *sp = reftest_connect(&T, T.sp_shelter);
	PGconn *step = reftest_connect(&T, T.sp_step);
	PGconn *pp = reftest_connect(&T, T.pp_a);
	char *ref = reftest_send(&T, T.pp_a, I_SHELTER, "C000006");
	struct strbuf err = STRBUF_INIT;
	struct supplier_progress *p = NULL;
	struct attention_item *items = NULL;
	struct supplier_booking b = {0};
	size_t n = 0, i, found = 0;
	char *id = NULL, *a;

	(void)state;
	assert_int_equal(supplier_assign(sp, ref, staff_id(owner, T.sp_shelter), 0, &err), CT_OK);
	b.referral_id = ref;
	b.date = "2001-01-01";
	b.time = "10:00";
	b.duration_minutes = 60;
	b.delivery_type = "PHONE_CALL";
	assert_int_equal(supplier_schedule(sp, &b, &id, &err), CT_USAGE);
	assert_non_null(strstr(err.buf, "future"));
	assert_null(id);
	sb_reset(&err);
	a = book_past(owner, ref, 0, "1 day", "1 hour", T.sp_shelter, NULL);
	{
		struct supplier_feedback fb = {.appointment_id = a, .attended = "no",
					       .notify_concerns = true,
					       .concerns = "Said he is being threatened.",
					       .no_attendance_information = "Phone off."};
		char *st = NULL;

		assert_int_equal(supplier_record_feedback(sp, &fb, &st, &err), CT_OK);
		assert_string_equal(st, "didNotAttend");
		free(st);
	}
	assert_int_equal(supplier_progress_load(sp, ref, &p, &err), CT_OK);
	assert_string_equal(p->saa.status_words, "did not attend");
	assert_true(p->saa.flagged);
	assert_non_null(strstr(p->saa.feedback, "threatened"));
	assert_string_equal(p->plan_status, "Not submitted");
	assert_int_equal(p->n_outcomes, 2);
	assert_false(p->eosr_required);
	supplier_progress_free(&p);
	/* another provider: not found */
	assert_int_equal(supplier_progress_load(step, ref, &p, &err), CT_NOT_FOUND);
	sb_reset(&err);

	/* the PP's attention list has the missed appointment with the concerns,
	 * until marked seen */
	assert_int_equal(attention_list(pp, &items, &n, &err), CT_OK);
	for (i = 0; i < n; i++)
		if (items[i].appointment_id && !strcmp(items[i].appointment_id, a)) {
			found++;
			assert_non_null(strstr(items[i].summary, "did not attend, concerns"));
			assert_non_null(strstr(items[i].detail, "threatened"));
		}
	assert_int_equal(found, 1);
	attention_items_free(&items, n);
	assert_int_equal(attention_mark_seen(pp, a, &err), CT_OK);
	assert_int_equal(attention_list(pp, &items, &n, &err), CT_OK);
	for (i = 0; i < n; i++)
		assert_true(!items[i].appointment_id || strcmp(items[i].appointment_id, a));
	attention_items_free(&items, n);

	/* performance report: the reference's columns; a supplier sees their
	 * contracts only */
	{
		struct cas3_table t = {0};
		struct strbuf csv = STRBUF_INIT;

		assert_int_equal(supplier_performance_report(step, "2021-06-01", "2099-12-31", &t, &err),
				 CT_OK);
		assert_int_equal(cas3_table_csv(&t, &csv), 0);
		assert_non_null(strstr(csv.buf,
			"referral_ref,referral_id,contract_ref,organisation_id,"
			"caseworker_id,service_user_crn,date_referral_received,"
			"date_saa_first_arranged,date_saa_first_scheduled_for,"
			"date_saa_first_not_attended,date_saa_first_attended,"
			"date_saa_first_completed,saa_attended_on_time,"
			"date_first_action_plan_submitted,date_of_first_action_plan_approval,"
			"date_of_first_attended_session,outcomes_to_be_achieved_count,"
			"outcomes_achieved,count_of_sessions_expected,count_of_sessions_attended,"
			"end_requested_by_pp_at,end_requested_by_pp_reason,date_eosr_submitted,"
			"concluded_at,referral_end_state,date_intervention_to_be_completed_by,"
			"end_of_sentence_date\r\n"));
		assert_null(strstr(csv.buf, "C000006"));
		assert_non_null(strstr(csv.buf, "A000002"));
		cas3_table_release(&t);
		sb_reset(&csv);
		assert_int_equal(supplier_performance_report(sp, "2021-06-01", "2099-12-31", &t, &err),
				 CT_OK);
		assert_int_equal(cas3_table_csv(&t, &csv), 0);
		assert_non_null(strstr(csv.buf, "C000006"));
		/* the missed assessment with the date it was missed */
		assert_int_equal(cas3_table_col(&t, "date_saa_first_not_attended"), 9);
		assert_null(strstr(csv.buf, "A000002"));
		cas3_table_release(&t);
		sb_release(&csv);
		assert_int_equal(supplier_performance_report(sp, "2020-01-01", "2099-12-31", &t, &err),
				 CT_USAGE);
		assert_non_null(strstr(err.buf, "1 June 2021"));
	}
	sb_release(&err);
	free(a);
	free(ref);
	PQfinish(owner);
	PQfinish(sp);
	PQfinish(step);
	PQfinish(pp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_suppliers_see_and_change_only_their_contracts),
		cmocka_unit_test(test_every_state_on_the_way_to_completed),
		cmocka_unit_test(test_ended_early_and_cancelled),
		cmocka_unit_test(test_bad_input_is_refused_by_the_database),
		cmocka_unit_test(test_two_caseworkers_assigning_at_once),
		cmocka_unit_test(test_store_progress_attention_and_report),
	};

	if (!dbtest_available())
		return DBTEST_SKIP;
	return cmocka_run_group_tests(tests, setup, teardown);
}
