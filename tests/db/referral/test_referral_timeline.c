/* test_referral_timeline.c: referral_timeline() (migration 0007) in words and
 * time order, under each caller's policies; the details history; why a
 * referral needs its practitioner and the attention list. */
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
	return reftest_setup(&T, "reftl");
}

static int teardown(void **state)
{
	(void)state;
	reftest_teardown(&T);
	return 0;
}

static void sql_ok(PGconn *c, const char *fmt, const char *id)
{
	struct strbuf sb = STRBUF_INIT;
	PGresult *r;

	sb_addf(&sb, fmt, id);
	r = PQexec(c, sb.buf);
	if (PQresultStatus(r) != PGRES_TUPLES_OK && PQresultStatus(r) != PGRES_COMMAND_OK)
		fail_msg("%s: %s", sb.buf, PQerrorMessage(c));
	PQclear(r);
	sb_release(&sb);
}

static long timeline_rows(PGconn *c, const char *id)
{
	struct strbuf sb = STRBUF_INIT;
	long n;

	sb_addf(&sb, "SELECT count(*) FROM referral_timeline('%s')", id);
	n = reftest_num(c, sb.buf);
	sb_release(&sb);
	return n;
}

static void test_every_event_in_order_and_in_words(void **state)
{
	PGconn *pp = reftest_connect(&T, T.pp_a), *sp = reftest_connect(&T, T.sp_shelter);
	PGconn *owner = reftest_connect(&T, NULL);
	struct referral_amendment a = {0};
	struct referral_conflict conflict;
	struct referral_withdrawn w;
	struct referral_view *v;
	struct strbuf err = STRBUF_INIT;
	char *id = reftest_send(&T, T.pp_a, I_SHELTER, "X320741");
	int version = 0;
	size_t i;

	(void)state;
	/* assigned, then re-assigned, by the supplier */
	sql_ok(sp, "SELECT referral_assign('%s', (SELECT id FROM staff WHERE display_name ="
	       " 'Sam Shelter'))", id);
	sql_ok(sp, "SELECT referral_assign('%s', (SELECT id FROM staff WHERE display_name ="
	       " 'Sue Shelter'))", id);
	assert_int_equal(referral_add_case_note(sp, id, "Best time to call", "Mornings?", NULL, &err),
			 CT_OK);
	assert_int_equal(referral_add_case_note(pp, id, "Re: Best time to call", "Afternoons.", NULL,
						&err), CT_OK);
	a.complexity_category_id = "accommodation";
	a.complexity_level_id = "accommodation:high";
	a.needs_interpreter = TRI_NO;
	assert_int_equal(referral_amend(pp, id, 1, &a, "Spoke to him today", &version, &conflict,
					&err), CT_OK);
	assert_int_equal(referral_withdraw(pp, id, version, "NEE", "Housed by the council", &w,
					   &conflict, &err), CT_OK);
	referral_withdrawn_release(&w);

	assert_int_equal(referral_load(pp, id, &v, &err), CT_OK);
	assert_int_equal(v->n_timeline, 8);
	for (i = 1; i < v->n_timeline; i++)
		assert_true(strcmp(v->timeline[i - 1].at, v->timeline[i].at) <= 0);
	assert_string_equal(v->timeline[0].summary, "Referral sent");
	assert_string_equal(v->timeline[0].who, "Pat Aske");
	assert_string_equal(v->timeline[0].who_role, "pp");
	assert_string_equal(v->timeline[1].kind, "assignment");
	assert_string_equal(v->timeline[1].summary, "Assigned to Sam Shelter");
	assert_string_equal(v->timeline[2].summary, "Re-assigned to Sue Shelter");
	assert_string_equal(v->timeline[2].who, "Sam Shelter");
	assert_string_equal(v->timeline[3].summary,
			    "Case note from the service provider: Best time to call");
	assert_string_equal(v->timeline[3].detail, "Mornings?");
	assert_non_null(v->timeline[3].item_id);
	assert_string_equal(v->timeline[4].summary,
			    "Case note from the probation practitioner: Re: Best time to call");
	/* the two topics of one amendment, each with the reason and the values in words */
	for (i = 5; i < 7; i++) {
		assert_string_equal(v->timeline[i].kind, "amendment");
		if (!strcmp(v->timeline[i].summary, "Changed: Complexity level"))
			assert_string_equal(v->timeline[i].detail,
					    "Reason: Spoke to him today\nWas: Medium complexity\n"
					    "Now: High complexity");
		else {
			assert_string_equal(v->timeline[i].summary, "Changed: Interpreter required");
			assert_string_equal(v->timeline[i].detail,
					    "Reason: Spoke to him today\nWas: yes; Polish\nNow: no");
		}
	}
	assert_string_equal(v->timeline[7].kind, "status");
	assert_string_equal(v->timeline[7].summary, "Referral withdrawn");
	assert_string_equal(v->timeline[7].detail,
			    "Reason: Needs met through another route\n"
			    "More information: Housed by the council");
	referral_view_free(&v);

	/* the supplier sees the same events; others see none */
	assert_int_equal(timeline_rows(sp, id), 8);
	{
		PGconn *step = reftest_connect(&T, T.sp_step), *none = reftest_connect(&T, T.sp_none);
		PGconn *b = reftest_connect(&T, T.pp_b);

		assert_int_equal(timeline_rows(step, id), 0);
		assert_int_equal(timeline_rows(none, id), 0);
		assert_int_equal(timeline_rows(b, id), 0);
		PQfinish(step);
		PQfinish(none);
		PQfinish(b);
	}
	assert_int_equal(timeline_rows(owner, id), 8);
	free(id);
	sb_release(&err);
	PQfinish(pp);
	PQfinish(sp);
	PQfinish(owner);
}

static void test_outcomes_change_in_words(void **state)
{
	PGconn *pp = reftest_connect(&T, T.pp_a);
	static const char *const outcomes[] = {OUTCOME_ACC_PREVENT};
	struct referral_amendment a = {0};
	struct referral_conflict conflict;
	struct strbuf err = STRBUF_INIT;
	char *id = reftest_send(&T, T.pp_a, I_SHELTER, "K320021"), *s;
	struct strbuf sql = STRBUF_INIT;

	(void)state;
	a.outcomes_category_id = "accommodation";
	a.desired_outcome_ids = outcomes;
	a.n_desired_outcomes = 1;
	assert_int_equal(referral_amend(pp, id, 1, &a, "Only one now", NULL, &conflict, &err), CT_OK);
	sb_addf(&sql, "SELECT detail FROM referral_timeline('%s') WHERE kind = 'amendment'", id);
	s = reftest_str(pp, sql.buf);
	assert_non_null(s);
	assert_non_null(strstr(s, "Now: "));
	/* outcome descriptions, not ids */
	assert_null(strstr(s, OUTCOME_ACC_PREVENT));
	assert_non_null(strstr(s, "; ")); /* two outcomes before */
	free(s);
	sb_release(&sql);
	free(id);
	sb_release(&err);
	PQfinish(pp);
}

static void test_details_history_newest_first(void **state)
{
	PGconn *pp = reftest_connect(&T, T.pp_a), *sp = reftest_connect(&T, T.sp_shelter);
	PGconn *step = reftest_connect(&T, T.sp_step);
	struct referral_amendment a = {0};
	struct referral_conflict conflict;
	struct referral_details_version *d;
	struct strbuf err = STRBUF_INIT;
	char *id = reftest_send(&T, T.pp_a, I_SHELTER, "K320022");
	size_t n;

	(void)state;
	a.completion_deadline = "2099-12-31";
	assert_int_equal(referral_amend(pp, id, 1, &a, "More time needed", NULL, &conflict, &err),
			 CT_OK);
	assert_int_equal(referral_details_versions(pp, id, &d, &n, &err), CT_OK);
	assert_int_equal(n, 2);
	assert_int_equal(d[0].version, 2);
	assert_true(d[0].current);
	assert_string_equal(d[0].completion_deadline, "2099-12-31");
	assert_string_equal(d[0].reason_for_change, "More time needed");
	assert_string_equal(d[0].created_by, "Pat Aske");
	assert_int_equal(d[1].version, 1);
	assert_false(d[1].current);
	assert_string_equal(d[1].completion_deadline, "2099-06-30");
	assert_null(d[1].reason_for_change);
	assert_int_equal(d[1].maximum_enforceable_days, 10);
	referral_details_versions_free(&d, n);
	assert_null(d);
	/* the supplier reads them; another supplier gets none */
	assert_int_equal(referral_details_versions(sp, id, &d, &n, &err), CT_OK);
	assert_int_equal(n, 2);
	referral_details_versions_free(&d, n);
	assert_int_equal(referral_details_versions(step, id, &d, &n, &err), CT_OK);
	assert_int_equal(n, 0);
	referral_details_versions_free(&d, n);
	free(id);
	sb_release(&err);
	PQfinish(pp);
	PQfinish(sp);
	PQfinish(step);
}

static void test_attention_reason_and_list(void **state)
{
	PGconn *pp = reftest_connect(&T, T.pp_b), *sp = reftest_connect(&T, T.sp_shelter);
	struct referral_list_filter f = {.scope = REFERRALS_ALL, .needs_attention = true};
	struct referral_summary *list;
	struct strbuf err = STRBUF_INIT;
	char *quiet = reftest_send(&T, T.pp_b, I_SHELTER, "X320741");
	char *asked = reftest_send(&T, T.pp_b, I_SHELTER, "K320021");
	size_t n;

	(void)state;
	assert_int_equal(referral_list_mine(pp, &f, REFERRAL_SORT_LAST_CHANGE, &list, &n, &err),
			 CT_OK);
	assert_int_equal(n, 0);
	referral_summaries_free(&list, n);
	assert_int_equal(referral_add_case_note(sp, asked, "Question", "Is he in custody?", NULL,
						&err), CT_OK);
	assert_int_equal(referral_list_mine(pp, &f, REFERRAL_SORT_LAST_CHANGE, &list, &n, &err),
			 CT_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].id, asked);
	assert_string_equal(list[0].attention_reason, "The service provider sent a case note");
	referral_summaries_free(&list, n);
	/* the home queue count agrees */
	assert_int_equal(reftest_num(pp, "SELECT n FROM home_queues() WHERE queue ="
				     " 'referrals_attention'"), 1);
	/* answering clears it */
	assert_int_equal(referral_add_case_note(pp, asked, "Re: Question", "No.", NULL, &err), CT_OK);
	assert_int_equal(referral_list_mine(pp, &f, REFERRAL_SORT_LAST_CHANGE, &list, &n, &err),
			 CT_OK);
	assert_int_equal(n, 0);
	referral_summaries_free(&list, n);
	/* without the flag every referral comes, with no reason */
	f.needs_attention = false;
	assert_int_equal(referral_list_mine(pp, &f, REFERRAL_SORT_LAST_CHANGE, &list, &n, &err),
			 CT_OK);
	assert_int_equal(n, 2);
	assert_null(list[0].attention_reason);
	assert_null(list[1].attention_reason);
	referral_summaries_free(&list, n);
	free(quiet);
	free(asked);
	sb_release(&err);
	PQfinish(pp);
	PQfinish(sp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_event_in_order_and_in_words),
		cmocka_unit_test(test_outcomes_change_in_words),
		cmocka_unit_test(test_details_history_newest_first),
		cmocka_unit_test(test_attention_reason_and_list),
	};

	if (!dbtest_available())
		return DBTEST_SKIP;
	return cmocka_run_group_tests(tests, setup, teardown);
}
