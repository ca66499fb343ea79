/* test_referral_changes.c: after sending -- load, list, risk reads, amendments, withdrawal, case notes, interventions. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dbtest.h"
#include "reftest.h"

static struct reftest T;

static int setup(void **state)
{
	(void)state;
	return reftest_setup(&T, "refchg");
}

static int teardown(void **state)
{
	(void)state;
	reftest_teardown(&T);
	return 0;
}

static long count_for(PGconn *c, const char *table, const char *id)
{
	struct strbuf sb = STRBUF_INIT;
	long n;

	sb_addf(&sb, "SELECT count(*) FROM %s WHERE referral_id = '%s'", table, id);
	n = reftest_num(c, sb.buf);
	sb_release(&sb);
	return n;
}

static char *value_for(PGconn *c, const char *fmt, const char *id)
{
	struct strbuf sb = STRBUF_INIT;
	char *v;

	sb_addf(&sb, fmt, id);
	v = reftest_str(c, sb.buf);
	sb_release(&sb);
	return v;
}

static void test_load_gives_the_whole_referral_and_its_timeline(void **state)
{
	PGconn *pp = reftest_connect(&T, T.pp_a), *sp = reftest_connect(&T, T.sp_shelter);
	struct referral_view *v;
	struct strbuf err = STRBUF_INIT;
	char *id = reftest_send(&T, T.pp_a, I_SHELTER, "X320741");

	(void)state;
	assert_int_equal(referral_add_case_note(sp, id, "First contact", "Called, left a message.",
						NULL, &err), CT_OK);
	assert_int_equal(referral_load(pp, id, &v, &err), CT_OK);
	assert_string_equal(v->crn, "X320741");
	assert_int_equal(strlen(v->reference_number), 8);
	assert_string_equal(v->intervention_title, "Accommodation - Shelter");
	assert_string_equal(v->intervention_kind, "CRS");
	assert_string_equal(v->contract_type_name, "Accommodation");
	assert_string_equal(v->provider_name, "Shelter");
	assert_string_equal(v->sent_by_name, "Pat Aske");
	assert_true(v->sent_by_me);
	assert_string_equal(v->state, "SENT");
	assert_string_equal(v->state_words, "sent");
	assert_string_equal(v->ica_status, "PRE_ICA");
	assert_int_equal(v->version, 1);
	assert_string_equal(v->first_name, "Aadland");
	assert_string_equal(v->date_of_birth, "1987-08-02");
	assert_int_equal(v->n_disabilities, 2);
	assert_string_equal(v->disabilities[1], "Uses a hearing aid");
	assert_true(v->needs_interpreter);
	assert_string_equal(v->interpreter_language, "Polish");
	assert_string_equal(v->location_type, "CUSTODY");
	assert_string_equal(v->relevant_sentence_id, "2500295345");
	assert_string_equal(v->completion_deadline, "2099-06-30");
	assert_int_equal(v->maximum_enforceable_days, 10);
	assert_string_equal(v->pp_name, "Anna Clarke");
	assert_string_equal(v->ndelius_name, "Bob Alice");
	assert_int_equal(v->n_categories, 1);
	assert_string_equal(v->categories[0].service_category_name, "Accommodation");
	assert_string_equal(v->categories[0].complexity_title, "Medium complexity");
	assert_int_equal(v->categories[0].n_outcomes, 2);
	assert_string_equal(v->categories[0].outcomes[0].id, OUTCOME_ACC_SECURE);
	assert_int_equal(v->n_timeline, 2);
	assert_string_equal(v->timeline[0].kind, "status");
	assert_string_equal(v->timeline[0].summary, "Referral sent");
	assert_string_equal(v->timeline[0].who, "Pat Aske");
	assert_string_equal(v->timeline[1].kind, "case_note");
	assert_string_equal(v->timeline[1].who, "Sam Shelter");
	assert_string_equal(v->timeline[1].summary,
			    "Case note from the service provider: First contact");
	assert_string_equal(v->timeline[1].who_role, "sp");
	assert_string_equal(v->timeline[1].detail, "Called, left a message.");
	assert_int_equal(PQtransactionStatus(pp), PQTRANS_IDLE);
	referral_view_free(&v);
	assert_null(v);
	/* the supplier loads it too, but it is not theirs to amend */
	assert_int_equal(referral_load(sp, id, &v, &err), CT_OK);
	assert_false(v->sent_by_me);
	referral_view_free(&v);
	/* someone who may not see it cannot load it */
	{
		PGconn *other = reftest_connect(&T, T.sp_step);

		assert_int_equal(referral_load(other, id, &v, &err), CT_NOT_FOUND);
		assert_null(v);
		PQfinish(other);
	}
	free(id);
	sb_release(&err);
	PQfinish(pp);
	PQfinish(sp);
}

static void test_reading_risk_is_audited(void **state)
{
	PGconn *pp = reftest_connect(&T, T.pp_a), *owner = reftest_connect(&T, NULL);
	struct referral_risk risk;
	struct strbuf err = STRBUF_INIT;
	char *id = reftest_send(&T, T.pp_a, I_SUB, "D002399"), *v;
	long before;

	(void)state;
	before = reftest_num(owner, "SELECT count(*) FROM audit_log WHERE action = 'risk.read'");
	assert_int_equal(referral_risk_load(pp, id, &risk, &err), CT_OK);
	assert_true(risk.original_readable);
	assert_string_equal(risk.source, "OASys");
	assert_string_equal(risk.assessed_on, "2024-12-19");
	assert_string_equal(risk.items[RISK_NATURE_OF_RISK].original_text,
			    "Original nature: victim Jane Doe of 1 High St");
	assert_string_equal(risk.items[RISK_NATURE_OF_RISK].shared_text, "Threats and damage to property");
	assert_int_equal(risk.items[RISK_WHO_IS_AT_RISK].decision, RISK_CONFIRMED);
	assert_false(risk.items[RISK_SUICIDE].present);
	assert_null(risk.items[RISK_ADDITIONAL_INFORMATION].original_text);
	referral_risk_release(&risk);
	assert_int_equal(reftest_num(owner, "SELECT count(*) FROM audit_log WHERE action = 'risk.read'"),
			 before + 1);
	v = value_for(owner, "SELECT username || ' ' || crn || ' ' || (detail->>'originalFields')"
		      " FROM audit_log WHERE action = 'risk.read' AND entity_id = '%s'", id);
	assert_non_null(strstr(v, " D002399 3"));
	assert_non_null(strstr(v, T.pp_a));
	free(v);
	free(id);
	sb_release(&err);
	PQfinish(pp);
	PQfinish(owner);
}

static void test_amend_versions_details_and_logs_each_change(void **state)
{
	PGconn *pp = reftest_connect(&T, T.pp_a), *owner = reftest_connect(&T, NULL);
	static const char *const outcomes[] = {OUTCOME_ACC_PREVENT, OUTCOME_ACC_SECURE};
	struct referral_amendment a = {0};
	struct referral_conflict conflict;
	struct referral_view *v;
	struct strbuf err = STRBUF_INIT;
	char *id = reftest_send(&T, T.pp_a, I_SHELTER, "K320021"), *s;
	int version = 0;

	(void)state;
	a.completion_deadline = "2099-09-30";
	a.reason_for_referral = "Needs a tenancy, not a hostel.";
	a.accessibility_needs = "Wheelchair user";
	a.pp_name = "Anna C. Clarke";
	assert_int_equal(referral_amend(pp, id, 1, &a, "Spoke to Harry today", &version, &conflict,
					&err), CT_OK);
	assert_int_equal(version, 2);
	assert_int_equal(count_for(owner, "referral_details", id), 2);
	s = value_for(owner, "SELECT count(*) FILTER (WHERE superseded_by_id IS NULL) || ' '"
		      " || count(*) FILTER (WHERE superseded_by_id IN (SELECT id FROM referral_details))"
		      " || ' ' || max(completion_deadline) FILTER (WHERE superseded_by_id IS NULL)"
		      " || ' ' || max(reason_for_change) FROM referral_details WHERE referral_id = '%s'", id);
	assert_string_equal(s, "1 1 2099-09-30 Spoke to Harry today");
	free(s);
	s = value_for(owner, "SELECT string_agg(topic::text, ' ' ORDER BY topic::text) FROM changelog"
		      " WHERE referral_id = '%s'", id);
	assert_string_equal(s, "COMPLETION_DATETIME NEEDS_AND_REQUIREMENTS_ACCESSIBILITY_NEEDS"
		" PROBATION_PRACTITIONER_NAME REASON_FOR_REFERRAL");
	free(s);
	s = value_for(owner, "SELECT old_value->>'completionDeadline' || ' -> ' ||"
		      " (new_value->>'completionDeadline') FROM changelog WHERE referral_id = '%s'"
		      " AND topic = 'COMPLETION_DATETIME'", id);
	assert_string_equal(s, "2099-06-30 -> 2099-09-30");
	free(s);

	/* complexity and outcomes of one category */
	memset(&a, 0, sizeof a);
	a.complexity_category_id = "accommodation";
	a.complexity_level_id = "accommodation:high";
	a.outcomes_category_id = "accommodation";
	a.desired_outcome_ids = outcomes;
	a.n_desired_outcomes = 2;
	assert_int_equal(referral_amend(pp, id, 2, &a, "Situation worse", &version, &conflict, &err),
			 CT_OK);
	assert_int_equal(version, 3);
	assert_int_equal(count_for(owner, "referral_details", id), 2); /* details untouched */
	s = value_for(owner, "SELECT string_agg(desired_outcome_id::text, ' ' ORDER BY"
		      " desired_outcome_id::text) FROM referral_desired_outcome WHERE referral_id = '%s'", id);
	assert_string_equal(s, OUTCOME_ACC_SECURE " " OUTCOME_ACC_PREVENT);
	free(s);

	assert_int_equal(referral_load(pp, id, &v, &err), CT_OK);
	assert_int_equal(v->version, 3);
	assert_string_equal(v->completion_deadline, "2099-09-30");
	assert_string_equal(v->accessibility_needs, "Wheelchair user");
	assert_string_equal(v->pp_name, "Anna C. Clarke");
	assert_string_equal(v->categories[0].complexity_level_id, "accommodation:high");
	assert_string_equal(v->updated_by_name, "Pat Aske");
	assert_int_equal(v->n_timeline, 1 + 4 + 2);
	assert_string_equal(v->timeline[v->n_timeline - 1].kind, "amendment");
	assert_true(!strncmp(v->timeline[v->n_timeline - 1].detail, "Reason: Situation worse\n",
			    strlen("Reason: Situation worse\n")));
	referral_view_free(&v);

	/* clearing a field; a reason is required; no change is refused */
	memset(&a, 0, sizeof a);
	a.accessibility_needs = "";
	sb_reset(&err);
	assert_int_equal(referral_amend(pp, id, 3, &a, "  ", &version, &conflict, &err), CT_USAGE);
	assert_string_equal(err.buf, "A reason for changing the referral must be supplied");
	assert_int_equal(referral_amend(pp, id, 3, &a, "No longer needed", &version, &conflict, &err),
			 CT_OK);
	s = value_for(owner, "SELECT coalesce(accessibility_needs, 'NULL') || ' ' || version"
		      " FROM referral WHERE id = '%s'", id);
	assert_string_equal(s, "NULL 4");
	free(s);
	sb_reset(&err);
	assert_int_equal(referral_amend(pp, id, 4, &a, "Again", &version, &conflict, &err), CT_USAGE);
	assert_non_null(strstr(err.buf, "nothing to change"));
	/* an interpreter needs a language */
	memset(&a, 0, sizeof a);
	a.needs_interpreter = TRI_YES;
	a.interpreter_language = "";
	assert_int_equal(referral_amend(pp, id, 4, &a, "Needs one", &version, &conflict, &err), CT_USAGE);
	free(id);
	sb_release(&err);
	PQfinish(pp);
	PQfinish(owner);
}

static void test_amend_with_a_stale_version_changes_nothing(void **state)
{
	PGconn *pp = reftest_connect(&T, T.pp_a), *owner = reftest_connect(&T, NULL);
	struct referral_amendment a = {0};
	struct referral_conflict conflict;
	struct strbuf err = STRBUF_INIT;
	char *id = reftest_send(&T, T.pp_a, I_SHELTER, "K320022"), *before, *after;
	int version = 0;

	(void)state;
	a.further_information = "Has a dog.";
	assert_int_equal(referral_amend(pp, id, 1, &a, "Forgot to say", &version, &conflict, &err),
			 CT_OK);
	before = value_for(owner, "SELECT (SELECT count(*) FROM changelog WHERE referral_id = '%1$s')"
		" || ' ' || (SELECT count(*) FROM referral_details WHERE referral_id = '%1$s')"
		" || ' ' || (SELECT version || coalesce(additional_needs_information, '-') FROM referral"
		" WHERE id = '%1$s')", id);
	/* a second screen still holding version 1 */
	memset(&a, 0, sizeof a);
	a.additional_needs_information = "Prefers mornings";
	a.further_information = "Has two dogs.";
	sb_reset(&err);
	assert_int_equal(referral_amend(pp, id, 1, &a, "Update", &version, &conflict, &err),
			 CT_CONFLICT);
	assert_string_equal(conflict.changed_by, "Pat Aske");
	assert_non_null(conflict.changed_at);
	assert_int_equal(conflict.version, 2);
	assert_non_null(strstr(err.buf, "changed by someone else"));
	assert_non_null(strstr(err.buf, "Pat Aske"));
	referral_conflict_release(&conflict);
	after = value_for(owner, "SELECT (SELECT count(*) FROM changelog WHERE referral_id = '%1$s')"
		" || ' ' || (SELECT count(*) FROM referral_details WHERE referral_id = '%1$s')"
		" || ' ' || (SELECT version || coalesce(additional_needs_information, '-') FROM referral"
		" WHERE id = '%1$s')", id);
	assert_string_equal(before, after);
	assert_string_equal(after, "1 2 2-");
	assert_int_equal(PQtransactionStatus(pp), PQTRANS_IDLE);
	/* with the version it now has, the same change goes through */
	assert_int_equal(referral_amend(pp, id, 2, &a, "Update", &version, NULL, &err), CT_OK);
	assert_int_equal(version, 3);
	free(before);
	free(after);
	free(id);
	sb_release(&err);
	PQfinish(pp);
	PQfinish(owner);
}

static void test_withdraw_sets_the_withdrawal_state_and_writes_the_events(void **state)
{
	PGconn *pp = reftest_connect(&T, T.pp_a), *owner = reftest_connect(&T, NULL);
	struct referral_withdrawn w;
	struct referral_conflict conflict;
	struct referral_amendment a = {0};
	struct strbuf err = STRBUF_INIT;
	char *id = reftest_send(&T, T.pp_a, I_STEP, "L420024"), *s;
	long outbox_before = reftest_num(owner, "SELECT count(*) FROM outbox");

	(void)state;
	/* "early closure" is only for referrals past their first session */
	assert_int_equal(referral_withdraw(pp, id, 1, "EAR", NULL, &w, &conflict, &err), CT_USAGE);
	/* a stale version is refused without events */
	assert_int_equal(referral_withdraw(pp, id, 7, "NEE", NULL, &w, &conflict, &err), CT_CONFLICT);
	referral_conflict_release(&conflict);
	assert_int_equal(reftest_num(owner, "SELECT count(*) FROM outbox"), outbox_before);

	assert_int_equal(referral_withdraw(pp, id, 1, "NEE", "Housed by the council", &w, &conflict,
					   &err), CT_OK);
	assert_string_equal(w.withdrawal_state, "PRE_ICA_WITHDRAWAL");
	assert_string_equal(w.delivery_state, "CANCELLED");
	assert_non_null(w.concluded_at);
	assert_int_equal(w.version, 2);
	referral_withdrawn_release(&w);
	s = value_for(owner, "SELECT (end_requested_at IS NOT NULL) || ' ' || (end_requested_by = sent_by)"
		      " || ' ' || (concluded_at = end_requested_at) || ' ' || withdrawal_reason_code"
		      " || ' ' || withdrawal_comments || ' ' || referral_state(r)"
		      " FROM referral r WHERE id = '%s'", id);
	assert_string_equal(s, "true true true NEE Housed by the council WITHDRAWN");
	free(s);
	s = value_for(owner, "SELECT state_words FROM referral_overview WHERE id = '%s'", id);
	assert_string_equal(s, "withdrawn");
	free(s);
	/* two events, concluded first, with the reference's fields */
	assert_int_equal(reftest_num(owner, "SELECT count(*) FROM outbox"), outbox_before + 2);
	s = value_for(owner, "SELECT string_agg(event_type || ' ' || crn || ' ' || (payload->>'deliveryState')"
		      " || ' ' || coalesce(payload->>'withdrawalCode', '-') || ' '"
		      " || coalesce(payload->>'referralURN', '-'), ' | ' ORDER BY seq) FROM outbox"
		      " WHERE payload->>'referralId' = '%s' AND event_type <> 'intervention.referral.sent'", id);
	{
		struct strbuf want = STRBUF_INIT;

		sb_addf(&want, "intervention.referral.concluded L420024 CANCELLED - - |"
			" intervention.referral.ended L420024 CANCELLED NEE urn:hmpps:interventions-referral:%s",
			id);
		assert_string_equal(s, want.buf);
		sb_release(&want);
	}
	free(s);
	s = value_for(owner, "SELECT string_agg(state || ':' || coalesce(note, '-'), ',' ORDER BY id)"
		      " FROM referral_status_history WHERE referral_id = '%s'", id);
	assert_string_equal(s, "SENT:-,WITHDRAWN:Needs met through another route");
	free(s);
	assert_int_equal(reftest_num(owner, "SELECT count(*) FROM audit_log WHERE action = 'referral.withdrawn'"), 1);

	/* ended is ended: no second withdrawal, no amendment */
	outbox_before = reftest_num(owner, "SELECT count(*) FROM outbox");
	sb_reset(&err);
	assert_int_equal(referral_withdraw(pp, id, 2, "MIS", NULL, &w, NULL, &err), CT_CONFLICT);
	assert_non_null(strstr(err.buf, "already ended"));
	a.accessibility_needs = "x";
	assert_int_equal(referral_amend(pp, id, 2, &a, "late", NULL, NULL, &err), CT_CONFLICT);
	assert_int_equal(reftest_num(owner, "SELECT count(*) FROM outbox"), outbox_before);
	free(id);
	sb_release(&err);
	PQfinish(pp);
	PQfinish(owner);
}

static void test_withdraw_after_the_first_session_ends_it_prematurely(void **state)
{
	PGconn *pp = reftest_connect(&T, T.pp_a), *owner = reftest_connect(&T, NULL);
	PGconn *sp = reftest_connect(&T, T.sp_shelter);
	struct referral_withdrawn w;
	struct strbuf err = STRBUF_INIT;
	char *id = reftest_send(&T, T.pp_a, I_SHELTER, "L420025"), *s;

	(void)state;
	/* the supplier records the first attended session: POST_ICA */
	s = value_for(sp, "UPDATE referral SET status = 'POST_ICA', version = version + 1"
		      " WHERE id = '%s' RETURNING version", id);
	assert_string_equal(s, "2");
	free(s);
	s = value_for(owner, "SELECT referral_state(r) FROM referral r WHERE id = '%s'", id);
	assert_string_equal(s, "IN_PROGRESS");
	free(s);
	/* a supplier cannot withdraw */
	assert_int_equal(referral_withdraw(sp, id, 2, "EAR", NULL, &w, NULL, &err), CT_ERR);
	assert_int_equal(referral_withdraw(pp, id, 2, "EAR", "Finished the course", &w, NULL, &err),
			 CT_OK);
	assert_string_equal(w.withdrawal_state, "POST_ICA_WITHDRAWAL");
	assert_string_equal(w.delivery_state, "PREMATURELY_ENDED");
	referral_withdrawn_release(&w);
	s = value_for(owner, "SELECT state || '/' || state_words FROM referral_overview WHERE id = '%s'", id);
	assert_string_equal(s, "PREMATURELY_ENDED/prematurely ended");
	free(s);
	s = value_for(owner, "SELECT string_agg(payload->>'deliveryState', ',') FROM outbox"
		      " WHERE payload->>'referralId' = '%s' AND event_type <> 'intervention.referral.sent'", id);
	assert_string_equal(s, "PREMATURELY_ENDED,PREMATURELY_ENDED");
	free(s);
	free(id);
	sb_release(&err);
	PQfinish(pp);
	PQfinish(owner);
	PQfinish(sp);
}

static void test_case_notes_go_both_ways(void **state)
{
	PGconn *pp = reftest_connect(&T, T.pp_a), *sp = reftest_connect(&T, T.sp_shelter);
	PGconn *owner = reftest_connect(&T, NULL);
	struct strbuf err = STRBUF_INIT;
	char *id = reftest_send(&T, T.pp_a, I_SUB, "J220019"), *note = NULL, *s;

	(void)state;
	assert_int_equal(referral_add_case_note(pp, id, "Hello", "Any news?", &note, &err), CT_OK);
	assert_non_null(note);
	free(note);
	assert_int_equal(referral_add_case_note(sp, id, "Re: Hello", "Booked for Monday.", NULL, &err),
			 CT_OK);
	assert_int_equal(referral_add_case_note(sp, id, " ", "Booked.", NULL, &err), CT_USAGE);
	assert_int_equal(referral_add_case_note(sp, id, "Subject", "", NULL, &err), CT_USAGE);
	s = value_for(owner, "SELECT string_agg(c.subject || '@' || s.role, ',' ORDER BY c.sent_at)"
		      " FROM case_note c JOIN staff s ON s.id = c.sent_by WHERE referral_id = '%s'", id);
	assert_string_equal(s, "Hello@pp,Re: Hello@sp");
	free(s);
	assert_int_equal(count_for(owner, "(SELECT detail->>'referralId' AS referral_id FROM audit_log"
				   " WHERE action = 'case_note.added') a", id), 2);
	free(id);
	sb_release(&err);
	PQfinish(pp);
	PQfinish(sp);
	PQfinish(owner);
}

static void test_my_referrals_filter_and_sort(void **state)
{
	PGconn *b = reftest_connect(&T, T.pp_b), *c = reftest_connect(&T, T.pp_c);
	struct referral_list_filter f = {0};
	struct referral_summary *list;
	struct referral_withdrawn w;
	struct strbuf err = STRBUF_INIT;
	char *ids[3];
	size_t n, i;

	(void)state;
	ids[0] = reftest_send(&T, T.pp_b, I_SHELTER, "G810013");
	ids[1] = reftest_send(&T, T.pp_b, I_PROBATION, "G810014");
	ids[2] = reftest_send(&T, T.pp_b, I_STEP, REFTEST_CASELOAD_CRN);
	assert_int_equal(referral_withdraw(b, ids[1], 1, "MIS", NULL, &w, NULL, &err), CT_OK);
	referral_withdrawn_release(&w);

	f.scope = REFERRALS_ALL;
	assert_int_equal(referral_list_mine(b, &f, REFERRAL_SORT_REFERENCE, &list, &n, &err), CT_OK);
	assert_int_equal(n, 3);
	for (i = 1; i < n; i++)
		assert_true(strcmp(list[i - 1].reference_number, list[i].reference_number) < 0);
	for (i = 0; i < n; i++) {
		assert_true(list[i].sent_by_me);
		assert_string_equal(list[i].person_name, "Aadland Bertrand");
		assert_non_null(list[i].last_change_at);
	}
	referral_summaries_free(&list, n);
	assert_null(list);

	f.scope = REFERRALS_OPEN;
	assert_int_equal(referral_list_mine(b, &f, REFERRAL_SORT_SENT_DESC, &list, &n, &err), CT_OK);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].crn, REFTEST_CASELOAD_CRN); /* newest first */
	assert_string_equal(list[0].state_words, "sent");
	assert_string_equal(list[0].provider_name, "StepChange Debt Charity");
	assert_true(list[0].open);
	referral_summaries_free(&list, n);

	f.scope = REFERRALS_CLOSED;
	assert_int_equal(referral_list_mine(b, &f, REFERRAL_SORT_SENT_DESC, &list, &n, &err), CT_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].state_words, "withdrawn");
	assert_string_equal(list[0].provider_name, "");
	assert_false(list[0].open);
	referral_summaries_free(&list, n);

	/* search by name, CRN or part of the reference */
	f.scope = REFERRALS_ALL;
	f.text = "g810013";
	assert_int_equal(referral_list_mine(b, &f, REFERRAL_SORT_SENT_DESC, &list, &n, &err), CT_OK);
	assert_int_equal(n, 1);
	f.text = "bertrand";
	referral_summaries_free(&list, n);
	assert_int_equal(referral_list_mine(b, &f, REFERRAL_SORT_SENT_DESC, &list, &n, &err), CT_OK);
	assert_int_equal(n, 3);
	referral_summaries_free(&list, n);
	f.text = "50%_";
	assert_int_equal(referral_list_mine(b, &f, REFERRAL_SORT_SENT_DESC, &list, &n, &err), CT_OK);
	assert_int_equal(n, 0);
	referral_summaries_free(&list, n);

	/* the caseload practitioner sees pp_b's referral for their person, but
	 * not among "sent by me" */
	f.text = NULL;
	assert_int_equal(referral_list_mine(c, &f, REFERRAL_SORT_PERSON, &list, &n, &err), CT_OK);
	for (i = 0; i < n; i++) {
		assert_string_equal(list[i].crn, REFTEST_CASELOAD_CRN);
		assert_false(list[i].sent_by_me);
	}
	assert_true(n >= 1);
	referral_summaries_free(&list, n);
	f.sent_by_me = true;
	assert_int_equal(referral_list_mine(c, &f, REFERRAL_SORT_PERSON, &list, &n, &err), CT_OK);
	assert_int_equal(n, 0);
	referral_summaries_free(&list, n);
	for (i = 0; i < 3; i++)
		free(ids[i]);
	sb_release(&err);
	PQfinish(b);
	PQfinish(c);
}

static void test_supplier_dashboard_filters(void **state)
{
	PGconn *sp = reftest_connect(&T, T.sp_step), *owner = reftest_connect(&T, NULL);
	struct referral_list_filter f = {0};
	struct referral_summary *list;
	struct strbuf err = STRBUF_INIT;
	size_t n, unassigned;
	char *id = reftest_send(&T, T.pp_a, I_STEP, "F710011"), *v;
	struct strbuf sql = STRBUF_INIT;

	(void)state;
	f.unassigned = true;
	assert_int_equal(referral_list_mine(sp, &f, REFERRAL_SORT_SENT_DESC, &list, &n, &err), CT_OK);
	unassigned = n;
	assert_true(n >= 1);
	referral_summaries_free(&list, n);
	sb_addf(&sql, "SELECT referral_assign('%s', id) FROM staff WHERE username = current_user", id);
	v = reftest_str(sp, sql.buf);
	assert_non_null(v);
	free(v);
	assert_int_equal(referral_list_mine(sp, &f, REFERRAL_SORT_SENT_DESC, &list, &n, &err), CT_OK);
	assert_int_equal(n, unassigned - 1);
	referral_summaries_free(&list, n);
	f.unassigned = false;
	f.assigned_to_me = true;
	assert_int_equal(referral_list_mine(sp, &f, REFERRAL_SORT_SENT_DESC, &list, &n, &err), CT_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].id, id);
	assert_string_equal(list[0].assigned_to_name, "Stu Step");
	assert_string_equal(list[0].state_words, "assigned");
	referral_summaries_free(&list, n);
	sb_release(&sql);
	free(id);
	sb_release(&err);
	PQfinish(sp);
	PQfinish(owner);
}

static void test_interventions_to_pick_from(void **state)
{
	PGconn *pp = reftest_connect(&T, T.pp_a), *owner = reftest_connect(&T, NULL);
	struct intervention_filter f = {0};
	struct intervention_summary *list;
	struct intervention_category *cats;
	struct strbuf err = STRBUF_INIT;
	char **crns;
	size_t n, i;

	(void)state;
	assert_int_equal(interventions_list(pp, NULL, &list, &n, &err), CT_OK);
	assert_int_equal(n, 4);
	assert_string_equal(list[0].title, "Accommodation - Catch22 with Shelter");
	assert_string_equal(list[0].subcontractors, "Shelter");
	assert_string_equal(list[0].region_name, "London");
	assert_int_equal(list[0].minimum_age, 21);
	assert_true(list[0].open);
	for (i = 0; i < n; i++)
		if (!strcmp(list[i].id, I_PROBATION)) {
			assert_string_equal(list[i].kind_label, "Structured intervention");
			assert_null(list[i].provider_name);
			assert_null(list[i].region_name);
		}
	intervention_summaries_free(&list, n);

	/* a 30-year-old woman in Greater Manchester: StepChange is 18-25, Shelter
	 * men only, Catch22 London; the national structured one fits */
	f.age = 30;
	f.sex = 'F';
	f.region_id = "L";
	assert_int_equal(interventions_list(pp, &f, &list, &n, &err), CT_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].id, I_PROBATION);
	intervention_summaries_free(&list, n);
	f.age = 22;
	assert_int_equal(interventions_list(pp, &f, &list, &n, &err), CT_OK);
	assert_int_equal(n, 2);
	intervention_summaries_free(&list, n);
	memset(&f, 0, sizeof f);
	f.kind = "CRS";
	f.text = "prj_t2";
	assert_int_equal(interventions_list(pp, &f, &list, &n, &err), CT_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].id, I_STEP);
	intervention_summaries_free(&list, n);
	/* closed for referrals */
	assert_true(dbtest_ok(owner, "UPDATE intervention SET referral_end_at = now() - interval '1 day'"
				     " WHERE id = '" I_STEP "'"));
	memset(&f, 0, sizeof f);
	f.open_only = true;
	assert_int_equal(interventions_list(pp, &f, &list, &n, &err), CT_OK);
	assert_int_equal(n, 3);
	intervention_summaries_free(&list, n);
	{
		struct referral_send_input in;
		struct referral_sent sent;

		reftest_input(&in, I_STEP, "X320741");
		assert_int_equal(referral_send(pp, &in, &sent, &err), CT_USAGE);
		assert_non_null(strstr(err.buf, "not taking referrals"));
	}
	assert_true(dbtest_ok(owner, "UPDATE intervention SET referral_end_at = NULL"
				     " WHERE id = '" I_STEP "'"));

	/* the choices of the referral-details section */
	assert_int_equal(intervention_categories(pp, I_SHELTER, &cats, &n, &err), CT_OK);
	assert_int_equal(n, 1);
	assert_string_equal(cats[0].id, "accommodation");
	assert_int_equal(cats[0].n_levels, 3);
	assert_string_equal(cats[0].levels[0].id, "accommodation:low");
	assert_string_equal(cats[0].levels[2].label, "High complexity");
	assert_int_equal(cats[0].n_outcomes, 3);
	assert_string_equal(cats[0].outcomes[0].id, OUTCOME_ACC_SECURE);
	intervention_categories_free(&cats, n);
	assert_int_equal(intervention_categories(pp, I_PROBATION, &cats, &n, &err), CT_OK);
	assert_int_equal(n, 0);
	intervention_categories_free(&cats, n);

	/* the caseload */
	{
		PGconn *c = reftest_connect(&T, T.pp_c);

		assert_int_equal(caseload_crns(c, &crns, &n, &err), CT_OK);
		assert_int_equal(n, 1);
		assert_string_equal(crns[0], REFTEST_CASELOAD_CRN);
		caseload_crns_free(&crns, n);
		assert_null(crns);
		PQfinish(c);
	}
	sb_release(&err);
	PQfinish(pp);
	PQfinish(owner);
}

static void test_store_refuses_to_run_inside_a_caller_transaction(void **state)
{
	PGconn *pp = reftest_connect(&T, T.pp_a);
	struct referral_send_input in;
	struct referral_sent sent;
	struct strbuf err = STRBUF_INIT;

	(void)state;
	assert_true(dbtest_ok(pp, "BEGIN"));
	reftest_input(&in, I_SHELTER, "X320741");
	assert_int_equal(referral_send(pp, &in, &sent, &err), CT_USAGE);
	assert_true(dbtest_ok(pp, "ROLLBACK"));
	assert_non_null(strstr(err.buf, "transaction"));
	sb_release(&err);
	PQfinish(pp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_gives_the_whole_referral_and_its_timeline),
		cmocka_unit_test(test_reading_risk_is_audited),
		cmocka_unit_test(test_amend_versions_details_and_logs_each_change),
		cmocka_unit_test(test_amend_with_a_stale_version_changes_nothing),
		cmocka_unit_test(test_withdraw_sets_the_withdrawal_state_and_writes_the_events),
		cmocka_unit_test(test_withdraw_after_the_first_session_ends_it_prematurely),
		cmocka_unit_test(test_case_notes_go_both_ways),
		cmocka_unit_test(test_my_referrals_filter_and_sort),
		cmocka_unit_test(test_supplier_dashboard_filters),
		cmocka_unit_test(test_interventions_to_pick_from),
		cmocka_unit_test(test_store_refuses_to_run_inside_a_caller_transaction),
	};

	if (!dbtest_available())
		return DBTEST_SKIP;
	return cmocka_run_group_tests(tests, setup, teardown);
}
