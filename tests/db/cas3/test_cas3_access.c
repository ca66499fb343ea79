/* test_cas3_access.c: row-level security by region, the practitioner's view, queues and assessment moves. */
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
#include "store/cas3_store.h"
#include "store/store.h"

static PGconn *owner, *hk, *hl, *ppk, *ppl, *rep, *adm;
static char *prem_k, *prem_l, *bed_k, *bed_l, *booking_l, *app_l, *ass_l;

/* Submits a referral as practitioner c; returns the assessment id. */
static char *submit(PGconn *c, const char *crn, const char *name, const char *sex,
		    char **application)
{
	struct cas3_application_input in;
	struct strbuf err = STRBUF_INIT;
	char *ass = NULL;

	memset(&in, 0, sizeof in);
	in.crn = crn;
	in.person_name = name;
	in.sex = sex;
	in.accommodation_required_from = "2027-02-01";
	in.release_date = "2027-02-01";
	in.registered_sex_offender = CAS3_NO;
	in.history_of_sexual_offence = CAS3_UNANSWERED;
	in.concerning_sexual_behaviour = CAS3_UNANSWERED;
	in.needs_accessible_property = CAS3_YES;
	in.history_of_arson = CAS3_UNANSWERED;
	in.concerning_arson_behaviour = CAS3_UNANSWERED;
	in.duty_to_refer_submitted = CAS3_UNANSWERED;
	in.eligible = CAS3_YES;
	in.answers_json = "{\"eligibility\": {\"eligibility-reason\": {\"reason\": \"homelessFromCustody\"}}}";
	if (cas3_application_submit(c, &in, application, &ass, &err) != CT_OK)
		fail_msg("submit: %s", err.buf);
	sb_release(&err);
	return ass;
}

static int setup(void **state)
{
	struct cas3_booking_input in;
	struct strbuf err = STRBUF_INIT;

	(void)state;
	if (fx_setup("cas3acc"))
		return -1;
	owner = fx_connect(NULL);
	hk = fx_connect(fx.hpt_k);
	hl = fx_connect(fx.hpt_l);
	ppk = fx_connect(fx.pp_k);
	ppl = fx_connect(fx.pp_l);
	rep = fx_connect(fx.reporter);
	adm = fx_connect(fx.admin);
	prem_k = fx_premises(owner, "KENT", FX_PDU_K1, 2, "isSharedProperty");
	prem_l = fx_premises(owner, "MANC", FX_PDU_L1, 2, "isSharedProperty");
	bed_k = fx_bedspace(owner, prem_k, "1", "2026-01-01", "");
	bed_l = fx_bedspace(owner, prem_l, "1", "2026-01-01", "");
	ass_l = submit(ppl, "L420023", "Mohammed Iqbal", "Male", &app_l);
	memset(&in, 0, sizeof in);
	in.bedspace_id = bed_l;
	in.assessment_id = ass_l;
	in.arrival_date = "2027-03-01";
	in.departure_date = "2027-04-01";
	if (cas3_booking_create(hl, &in, NULL, &booking_l, NULL, &err) != CT_OK)
		fail_msg("book in L: %s", err.buf);
	sb_release(&err);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	PQfinish(owner);
	PQfinish(hk);
	PQfinish(hl);
	PQfinish(ppk);
	PQfinish(ppl);
	PQfinish(rep);
	PQfinish(adm);
	free(prem_k);
	free(prem_l);
	free(bed_k);
	free(bed_l);
	free(booking_l);
	free(app_l);
	free(ass_l);
	fx_teardown();
	return 0;
}

/* Hand-written SQL as the HPT assessor of region K against region L's rows. */
static void test_hpt_of_k_cannot_see_region_l_rows(void **state)
{
	(void)state;
	assert_int_equal(fx_num(hk, "SELECT count(*) FROM cas3_premises WHERE id = '%s'", prem_l), 0);
	assert_int_equal(fx_num(hk, "SELECT count(*) FROM cas3_premises WHERE id = '%s'", prem_k), 1);
	assert_int_equal(fx_num(hk, "SELECT count(*) FROM cas3_bedspace WHERE id = '%s'", bed_l), 0);
	assert_int_equal(fx_num(hk, "SELECT count(*) FROM cas3_booking WHERE id = '%s'", booking_l), 0);
	assert_int_equal(fx_num(hk, "SELECT count(*) FROM cas3_booking_view WHERE id = '%s'",
				booking_l), 0);
	assert_int_equal(fx_num(hk, "SELECT count(*) FROM cas3_application WHERE id = '%s'", app_l), 0);
	assert_int_equal(fx_num(hk, "SELECT count(*) FROM cas3_assessment WHERE id = '%s'", ass_l), 0);
	assert_int_equal(fx_num(hk, "SELECT count(*) FROM cas3_assessment_history"
				" WHERE assessment_id = '%s'", ass_l), 0);
	assert_int_equal(fx_num(hk, "SELECT count(*) FROM cas3_occupancy WHERE bedspace_id = '%s'",
				bed_l), 0);
	assert_int_equal(fx_num(hk, "SELECT count(*) FROM cas3_turnaround WHERE booking_id = '%s'",
				booking_l), 0);
	/* while region L's assessor sees them */
	assert_int_equal(fx_num(hl, "SELECT count(*) FROM cas3_booking WHERE id = '%s'", booking_l), 1);
	assert_int_equal(fx_num(hl, "SELECT count(*) FROM cas3_occupancy WHERE bedspace_id = '%s'",
				bed_l), 1);
}

static void test_hpt_of_k_cannot_change_region_l_rows(void **state)
{
	char *v;

	(void)state;
	/* updates and deletes find nothing to change */
	v = fx_sql(hk, "WITH u AS (UPDATE cas3_premises SET notes = 'taken over' WHERE id = '%s'"
		       " RETURNING 1) SELECT count(*) FROM u", prem_l);
	assert_string_equal(v, "0");
	free(v);
	v = fx_sql(hk, "WITH u AS (UPDATE cas3_booking SET departure_date = '2027-05-01'"
		       " WHERE id = '%s' RETURNING 1) SELECT count(*) FROM u", booking_l);
	assert_string_equal(v, "0");
	free(v);
	v = fx_sql(hk, "WITH u AS (UPDATE cas3_assessment SET status = 'unallocated'"
		       " WHERE id = '%s' RETURNING 1) SELECT count(*) FROM u", ass_l);
	assert_string_equal(v, "0");
	free(v);
	/* inserts into region L are refused: premises in an L PDU, a booking or
	 * a void on an L bedspace, a record on an L booking */
	assert_false(fx_ok(hk, "INSERT INTO cas3_premises (name, address_line1, postcode, pdu_id)"
			       " VALUES ('SNEAK', '1 Road', 'M1 1AA', '" FX_PDU_L1 "')"));
	assert_false(fx_ok(hk, "INSERT INTO cas3_booking (bedspace_id, crn, arrival_date, departure_date)"
			       " VALUES ('%s', 'X320741', '2027-06-01', '2027-06-10')", bed_l));
	assert_false(fx_ok(hk, "INSERT INTO cas3_void_bedspace (bedspace_id, start_date, end_date, reason_id)"
			       " SELECT '%s', '2027-06-01', '2027-06-10', id FROM cas3_void_reason LIMIT 1",
			   bed_l));
	assert_false(fx_ok(hk, "INSERT INTO cas3_confirmation (booking_id) VALUES ('%s')", booking_l));
	/* moving own premises into region L is refused too (FM-1104) */
	assert_false(fx_ok(hk, "UPDATE cas3_premises SET pdu_id = '" FX_PDU_L1 "' WHERE id = '%s'",
			   prem_k));
	/* and nothing of L changed */
	assert_int_equal(fx_num(owner, "SELECT count(*) FROM cas3_confirmation WHERE booking_id = '%s'",
				booking_l), 0);
	assert_int_equal(fx_num(owner, "SELECT count(*) FROM cas3_booking WHERE bedspace_id = '%s'",
				bed_l), 1);
	assert_int_equal(fx_num(owner, "SELECT count(*) FROM cas3_premises WHERE pdu_id = '"
				FX_PDU_L1 "'"), 1);
}

static void test_the_store_refuses_other_regions_as_not_found(void **state)
{
	struct strbuf err = STRBUF_INIT;
	struct cas3_booking_input in;
	char *id = NULL;

	(void)state;
	assert_int_equal(cas3_booking_confirm(hk, booking_l, 0, NULL, &err), CT_NOT_FOUND);
	sb_reset(&err);
	assert_int_equal(cas3_assessment_allocate_to_me(hk, ass_l, 0, &err), CT_NOT_FOUND);
	memset(&in, 0, sizeof in);
	in.bedspace_id = bed_l;
	in.crn = "X320741";
	in.arrival_date = "2027-07-01";
	in.departure_date = "2027-07-10";
	sb_reset(&err);
	assert_int_equal(cas3_booking_create(hk, &in, NULL, &id, NULL, &err), CT_NOT_FOUND);
	assert_null(id);
	sb_release(&err);
}

static void test_practitioners_see_the_referrals_they_submitted(void **state)
{
	char *app_k = NULL;
	char *ass_k = submit(ppk, "X320741", "Aadland Bertrand", "Male", &app_k);

	(void)state;
	assert_int_equal(fx_num(ppk, "SELECT count(*) FROM cas3_application WHERE id = '%s'", app_k), 1);
	assert_int_equal(fx_num(ppk, "SELECT count(*) FROM cas3_application WHERE id = '%s'", app_l), 0);
	assert_int_equal(fx_num(ppk, "SELECT count(*) FROM cas3_assessment WHERE id = '%s'", ass_k), 1);
	/* read-only for them */
	assert_false(fx_ok(ppk, "UPDATE cas3_assessment SET status = 'in_review' WHERE id = '%s'",
			   ass_k));
	/* region L's practitioner sees their booking and where it is */
	assert_int_equal(fx_num(ppl, "SELECT count(*) FROM cas3_booking WHERE id = '%s'", booking_l), 1);
	assert_int_equal(fx_num(ppl, "SELECT count(*) FROM cas3_premises WHERE id = '%s'", prem_l), 1);
	assert_int_equal(fx_num(ppl, "SELECT count(*) FROM cas3_premises WHERE id = '%s'", prem_k), 0);
	/* a practitioner cannot submit in someone else's name */
	assert_false(fx_ok(ppk, "INSERT INTO cas3_application (crn, person_name, submitted_by,"
				" probation_region_id) SELECT 'X320741', 'X', id, 'K' FROM staff"
				" WHERE username = '%s'", fx.pp_l));
	/* the referral landed in region K's queue with its event */
	assert_int_equal(fx_num(hk, "SELECT count(*) FROM cas3_assessment WHERE id = '%s'"
				" AND status = 'unallocated'", ass_k), 1);
	assert_int_equal(fx_num(owner, "SELECT count(*) FROM outbox WHERE event_type ="
				" 'accommodation.cas3.referral.submitted'"
				" AND payload->>'applicationId' = '%s'", app_k), 1);
	/* reporters read everything, administrators too */
	assert_int_equal(fx_num(rep, "SELECT count(*) FROM cas3_application"), 2);
	assert_int_equal(fx_num(adm, "SELECT count(*) FROM cas3_booking"), 1);
	free(app_k);
	free(ass_k);
}

static long queue(PGconn *c, const char *key)
{
	return fx_num(c, "SELECT n FROM home_queues() WHERE queue = '%s'", key);
}

static void test_home_queues_count_for_an_hpt_assessor(void **state)
{
	struct strbuf err = STRBUF_INIT;
	struct cas3_booking_input in;
	struct queue_count *q;
	size_t n, i;
	char *a1, *a2, *a3, *id = NULL, today[16], later[16];
	long before_unalloc = queue(hk, "cas3.unallocated");
	bool seen = false;

	(void)state;
	a1 = submit(ppk, "K320021", "Harry Fielding", "Male", NULL);
	a2 = submit(ppk, "K320022", "Grace Adeyemi", "Female", NULL);
	a3 = submit(ppk, "D002399", "Karen Puckett", "Female", NULL);
	assert_int_equal(queue(hk, "cas3.unallocated"), before_unalloc + 3);
	assert_int_equal(cas3_assessment_allocate_to_me(hk, a1, 1, &err), CT_OK);
	assert_int_equal(cas3_assessment_allocate_to_me(hk, a2, 0, &err), CT_OK);
	assert_int_equal(cas3_assessment_move(hk, a2, 0, "ready_to_place", &err), CT_OK);
	assert_int_equal(queue(hk, "cas3.unallocated"), before_unalloc + 1);
	assert_int_equal(queue(hk, "cas3.in_review"), 1);
	assert_int_equal(queue(hk, "cas3.ready_to_place"), 1);
	assert_int_equal(queue(hk, "cas3.arriving_today"), 0);
	memset(&in, 0, sizeof in);
	in.bedspace_id = bed_k;
	in.assessment_id = a2;
	in.arrival_date = fx_day(owner, 0, today);
	in.departure_date = fx_day(owner, 30, later);
	assert_int_equal(cas3_booking_create(hk, &in, NULL, &id, NULL, &err), CT_OK);
	assert_int_equal(queue(hk, "cas3.arriving_today"), 1);
	/* region L's assessor counts only L; the practitioner gets no CAS3 queues */
	assert_int_equal(queue(hl, "cas3.unallocated"), 1);
	assert_int_equal(queue(hl, "cas3.arriving_today"), 0);
	assert_int_equal(fx_num(ppk, "SELECT count(*) FROM home_queues() WHERE queue LIKE 'cas3.%%'"),
			 0);
	/* through the store, in order */
	assert_int_equal(staff_queue_counts(hk, &q, &n, &err), CT_OK);
	for (i = 0; i < n; i++)
		if (!strcmp(q[i].queue, "cas3.unallocated")) {
			seen = true;
			assert_string_equal(q[i].label, "Unallocated applications");
			assert_string_equal(q[i + 3].queue, "cas3.arriving_today");
		}
	assert_true(seen);
	queue_counts_free(&q, n);
	free(a1);
	free(a2);
	free(a3);
	free(id);
	sb_release(&err);
}

static void test_assessment_moves_notes_and_rejection(void **state)
{
	struct strbuf err = STRBUF_INIT;
	struct cas3_assessment a;
	struct cas3_queue_item *items;
	long counts[CAS3_TAB_COUNT];
	size_t n;
	char *reason = fx_sql(owner, "SELECT id FROM cas3_referral_rejection_reason WHERE sort_order = 17");
	char *ass = submit(ppk, "C410005", "Aleksander Wiśniewski", "Male", NULL);
	long unalloc;

	(void)state;
	assert_int_equal(cas3_queue_counts(hk, counts, &err), CT_OK);
	unalloc = counts[CAS3_TAB_UNALLOCATED];
	assert_true(unalloc >= 1);
	assert_int_equal(cas3_queue_list(hk, CAS3_TAB_UNALLOCATED, "wiśniewski", &items, &n, &err),
			 CT_OK);
	assert_int_equal(n, 1);
	assert_string_equal(items[0].crn, "C410005");
	assert_string_equal(items[0].required_from, "2027-02-01");
	cas3_queue_free(&items, n);

	/* a move the rules do not allow is refused in words */
	assert_int_equal(cas3_assessment_move(hk, ass, 0, "ready_to_place", &err), CT_USAGE);
	assert_non_null(strstr(err.buf, "unallocated cannot be moved to ready to place"));
	sb_reset(&err);
	assert_int_equal(cas3_assessment_move(hk, ass, 0, "in_review", &err), CT_OK);
	assert_int_equal(cas3_assessment_add_note(hk, ass, "Called the prison about the release date",
						  &err), CT_OK);
	assert_int_equal(cas3_assessment_update_dates(hk, ass, 0, "2027-03-01", "2027-02-15", &err),
			 CT_USAGE);
	sb_reset(&err);
	assert_int_equal(cas3_assessment_update_dates(hk, ass, 0, "2027-02-10", "2027-02-15", &err),
			 CT_OK);
	/* stale version: who changed it */
	assert_int_equal(cas3_assessment_reject(hk, ass, 1, reason, "no single rooms", false, &err),
			 CT_CONFLICT);
	assert_non_null(strstr(err.buf, "Sam Okafor"));
	sb_reset(&err);
	assert_int_equal(cas3_assessment_get(hk, ass, &a, &err), CT_OK);
	assert_string_equal(a.status, "in_review");
	assert_string_equal(a.allocated_to, "Sam Okafor");
	assert_string_equal(a.required_from, "2027-02-15");
	assert_int_equal(a.needs_accessible_property, CAS3_YES);
	assert_int_equal(a.history_of_arson, CAS3_UNANSWERED);
	assert_int_equal(cas3_assessment_reject(hk, ass, a.version, reason, "no single rooms", true,
						&err), CT_OK);
	cas3_assessment_release(&a);

	assert_int_equal(cas3_assessment_get(hk, ass, &a, &err), CT_OK);
	assert_string_equal(a.status, "rejected");
	assert_string_equal(a.rejection_reason, "Single occupancy bedspace not available");
	assert_true(a.is_withdrawn);
	/* timeline: submitted, in review, the note, rejected */
	assert_int_equal(a.n_timeline, 4);
	assert_string_equal(a.timeline[0].text, "Submitted: Unallocated");
	assert_string_equal(a.timeline[0].by, "Anna Clarke");
	assert_string_equal(a.timeline[1].text, "Moved from Unallocated to In review");
	assert_string_equal(a.timeline[2].kind, "note");
	assert_string_equal(a.timeline[3].text, "Moved from In review to Rejected");
	assert_string_equal(a.timeline[3].by, "Sam Okafor");
	cas3_assessment_release(&a);
	assert_true(fx_num(owner, "SELECT count(*) FROM audit_log WHERE action = 'cas3.referral.read'"
			   " AND crn = 'C410005' AND username = '%s'", fx.hpt_k) >= 2);
	/* history rows are append-only */
	assert_false(fx_ok(owner, "DELETE FROM cas3_assessment_history"));
	/* the practitioner sees the status history but not the assessor's notes */
	assert_int_equal(cas3_assessment_get(ppk, ass, &a, &err), CT_OK);
	assert_int_equal(a.n_timeline, 3);
	cas3_assessment_release(&a);
	free(reason);
	free(ass);
	sb_release(&err);
}

static void test_confirming_closes_the_referral_and_cancelling_reopens_it(void **state)
{
	struct strbuf err = STRBUF_INIT;
	struct cas3_booking_input in;
	char *ass = submit(ppk, "K320022", "Grace Adeyemi", "Female", NULL);
	char *bed = fx_bedspace(owner, prem_k, "2", "2026-01-01", "");
	char *reason = fx_sql(owner, "SELECT id FROM cas3_cancellation_reason WHERE sort_order = 4");
	char *id = NULL, *status, *crn;

	(void)state;
	assert_int_equal(cas3_assessment_allocate_to_me(hk, ass, 0, &err), CT_OK);
	assert_int_equal(cas3_assessment_move(hk, ass, 0, "ready_to_place", &err), CT_OK);
	memset(&in, 0, sizeof in);
	in.bedspace_id = bed;
	in.assessment_id = ass;
	in.arrival_date = "2027-05-03";
	in.departure_date = "2027-06-01";
	assert_int_equal(cas3_booking_create(hk, &in, NULL, &id, NULL, &err), CT_OK);
	/* the person comes from the referral */
	crn = fx_sql(owner, "SELECT crn || '/' || sex FROM cas3_booking WHERE id = '%s'", id);
	assert_string_equal(crn, "K320022/Female");
	free(crn);
	assert_int_equal(cas3_booking_confirm(hk, id, 0, NULL, &err), CT_OK);
	status = fx_sql(owner, "SELECT status FROM cas3_assessment WHERE id = '%s'", ass);
	assert_string_equal(status, "closed");
	free(status);
	assert_int_equal(cas3_booking_cancel(hk, id, 0, reason, NULL, &err), CT_OK);
	status = fx_sql(owner, "SELECT status FROM cas3_assessment WHERE id = '%s'", ass);
	assert_string_equal(status, "ready_to_place");
	free(status);
	free(id);
	free(bed);
	free(reason);
	free(ass);
	sb_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hpt_of_k_cannot_see_region_l_rows),
		cmocka_unit_test(test_hpt_of_k_cannot_change_region_l_rows),
		cmocka_unit_test(test_the_store_refuses_other_regions_as_not_found),
		cmocka_unit_test(test_practitioners_see_the_referrals_they_submitted),
		cmocka_unit_test(test_home_queues_count_for_an_hpt_assessor),
		cmocka_unit_test(test_assessment_moves_notes_and_rejection),
		cmocka_unit_test(test_confirming_closes_the_referral_and_cancelling_reopens_it),
	};

	if (!dbtest_available())
		return DBTEST_SKIP;
	return cmocka_run_group_tests(tests, setup, teardown);
}
