/* test_referral_rls.c: who sees and changes which referral, proven with hand-written SQL as each role. */
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
#include "store/store.h"

static struct reftest T;
/* r1: pp_a -> Shelter (prime); r2: pp_a -> StepChange, CRN on pp_c's
 * caseload; r3: pp_a -> Catch22 with Shelter subcontracted; r4: pp_a ->
 * structured (no provider); r5: pp_b -> Shelter. */
static char *r1, *r2, *r3, *r4, *r5;

static int setup(void **state)
{
	(void)state;
	if (reftest_setup(&T, "refrls"))
		return -1;
	r1 = reftest_send(&T, T.pp_a, I_SHELTER, "A000001");
	r2 = reftest_send(&T, T.pp_a, I_STEP, REFTEST_CASELOAD_CRN);
	r3 = reftest_send(&T, T.pp_a, I_SUB, "A000003");
	r4 = reftest_send(&T, T.pp_a, I_PROBATION, "A000004");
	r5 = reftest_send(&T, T.pp_b, I_SHELTER, "B000005");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(r1);
	free(r2);
	free(r3);
	free(r4);
	free(r5);
	reftest_teardown(&T);
	return 0;
}

/* The CRNs of the referrals c can see, in order. */
static char *visible(PGconn *c)
{
	char *v = reftest_str(c, "SELECT coalesce(string_agg(crn, ' ' ORDER BY crn), '-') FROM referral");

	assert_non_null(v);
	return v;
}

static void assert_visible(PGconn *c, const char *want)
{
	char *v = visible(c);

	assert_string_equal(v, want);
	free(v);
}

/* Runs sql and returns the rows it changed, or -1 when it was refused;
 * *sqlstate gets the code. */
static long changed(PGconn *c, const char *sql, char sqlstate[6])
{
	PGresult *r = PQexec(c, sql);
	long n = -1;
	const char *st;

	sqlstate[0] = '\0';
	if (PQresultStatus(r) == PGRES_COMMAND_OK)
		n = atol(PQcmdTuples(r));
	else if ((st = PQresultErrorField(r, PG_DIAG_SQLSTATE)))
		snprintf(sqlstate, 6, "%s", st);
	PQclear(r);
	return n;
}

static const char *fmt(struct strbuf *sb, const char *f, const char *id)
{
	sb_reset(sb);
	sb_addf(sb, f, id);
	return sb->buf;
}

static void test_a_supplier_sees_only_its_contracts(void **state)
{
	PGconn *shelter = reftest_connect(&T, T.sp_shelter), *step = reftest_connect(&T, T.sp_step);
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	/* prime provider (r1, r5) or subcontractor (r3); never StepChange's r2
	 * nor probation's r4 */
	assert_visible(shelter, "A000001 A000003 B000005");
	assert_visible(step, "A000002");
	assert_int_equal(reftest_num(shelter, "SELECT count(*) FROM referral_overview"), 3);
	/* nor any of their parts */
	assert_int_equal(reftest_num(shelter, fmt(&sb, "SELECT (SELECT count(*) FROM referral_details"
		" WHERE referral_id = '%1$s') + (SELECT count(*) FROM referral_service_user_data"
		" WHERE referral_id = '%1$s') + (SELECT count(*) FROM referral_shared_risk"
		" WHERE referral_id = '%1$s') + (SELECT count(*) FROM referral_status_history"
		" WHERE referral_id = '%1$s') + (SELECT count(*) FROM probation_practitioner_details"
		" WHERE referral_id = '%1$s') + (SELECT count(*) FROM referral_desired_outcome"
		" WHERE referral_id = '%1$s')", r2)), 0);
	assert_int_equal(reftest_num(step, fmt(&sb, "SELECT count(*) FROM referral_shared_risk"
		" WHERE referral_id = '%s'", r2)), 4);
	assert_int_equal(reftest_num(shelter, "SELECT count(DISTINCT referral_id) FROM referral_shared_risk"), 3);
	sb_release(&sb);
	PQfinish(shelter);
	PQfinish(step);
}

static void test_a_supplier_cannot_change_other_providers_rows(void **state)
{
	PGconn *shelter = reftest_connect(&T, T.sp_shelter), *owner = reftest_connect(&T, NULL);
	struct strbuf sb = STRBUF_INIT;
	char st[6];
	char *before = reftest_str(owner, "SELECT string_agg(id::text || status::text || version, ',' ORDER BY id)"
					  " FROM referral");

	(void)state;
	/* the one column a supplier may change, on StepChange's referral: no row */
	assert_int_equal(changed(shelter, fmt(&sb, "UPDATE referral SET status = 'POST_ICA'"
		" WHERE id = '%s'", r2), st), 0);
	/* everything at once reaches only its own three */
	assert_true(dbtest_ok(shelter, "BEGIN"));
	assert_int_equal(changed(shelter, "UPDATE referral SET status = 'POST_ICA' WHERE true", st), 3);
	assert_true(dbtest_ok(shelter, "ROLLBACK"));
	/* other columns, deleting, the risk original: refused outright */
	assert_int_equal(changed(shelter, fmt(&sb, "UPDATE referral SET crn = 'Z999999'"
		" WHERE id = '%s'", r1), st), -1);
	assert_string_equal(st, "42501");
	assert_int_equal(changed(shelter, fmt(&sb, "DELETE FROM referral WHERE id = '%s'", r2), st), -1);
	assert_string_equal(st, "42501");
	assert_int_equal(changed(shelter, "DELETE FROM referral_shared_risk", st), -1);
	assert_string_equal(st, "42501");
	assert_int_equal(changed(shelter, fmt(&sb, "UPDATE referral_details SET reason_for_referral"
		" = 'x' WHERE referral_id = '%s'", r2), st), -1);
	assert_string_equal(st, "42501");
	/* writing into another provider's referral is refused by the policy */
	assert_int_equal(changed(shelter, fmt(&sb, "INSERT INTO case_note (referral_id, subject, body,"
		" sent_by) SELECT '%s', 'Hello', 'Hi', current_staff_id()", r2), st), -1);
	assert_string_equal(st, "42501");
	assert_int_equal(changed(shelter, fmt(&sb, "INSERT INTO referral_assignment (referral_id,"
		" assigned_to, assigned_by) SELECT '%s', current_staff_id(), current_staff_id()", r2), st), -1);
	assert_string_equal(st, "42501");
	/* ... and allowed on its own (the control; undone so later counts hold) */
	assert_true(dbtest_ok(shelter, "BEGIN"));
	assert_int_equal(changed(shelter, fmt(&sb, "INSERT INTO case_note (referral_id, subject, body,"
		" sent_by) SELECT '%s', 'Hello', 'Hi', current_staff_id()", r1), st), 1);
	assert_true(dbtest_ok(shelter, "ROLLBACK"));
	/* posing as somebody else is refused too */
	assert_int_equal(changed(shelter, fmt(&sb, "INSERT INTO case_note (referral_id, subject, body,"
		" sent_by) SELECT '%s', 'Hello', 'Hi', min(id) FROM staff", r1), st), -1);
	{
		char *after = reftest_str(owner, "SELECT string_agg(id::text || status::text"
						 " || version, ',' ORDER BY id) FROM referral");

		assert_string_equal(before, after);
		free(after);
	}
	free(before);
	sb_release(&sb);
	PQfinish(shelter);
	PQfinish(owner);
}

static void test_suppliers_never_read_the_original_risk_text(void **state)
{
	PGconn *shelter = reftest_connect(&T, T.sp_shelter), *rep = reftest_connect(&T, T.rep);
	PGconn *adm = reftest_connect(&T, T.adm), *pp_a = reftest_connect(&T, T.pp_a);
	PGconn *pp_c = reftest_connect(&T, T.pp_c);
	struct referral_risk risk;
	struct strbuf err = STRBUF_INIT;

	(void)state;
	assert_false(dbtest_ok(shelter, "SELECT 1 FROM referral_risk_original WHERE false"));
	assert_false(dbtest_ok(shelter, "SELECT count(*) FROM referral_risk_original"));
	assert_false(dbtest_ok(rep, "SELECT count(*) FROM referral_risk_original"));
	assert_false(dbtest_ok(rep, "SELECT count(*) FROM referral_shared_risk"));
	/* the sender and administrators can; a caseload PP cannot */
	assert_int_equal(reftest_num(pp_a, "SELECT count(DISTINCT referral_id) FROM referral_risk_original"), 4);
	assert_int_equal(reftest_num(adm, "SELECT count(DISTINCT referral_id) FROM referral_risk_original"), 5);
	assert_int_equal(reftest_num(pp_c, "SELECT count(*) FROM referral_risk_original"), 0);
	assert_int_equal(reftest_num(pp_c, "SELECT count(*) FROM referral_shared_risk"), 4);

	/* through the store: shared text only */
	assert_int_equal(referral_risk_load(shelter, r1, &risk, &err), CT_OK);
	assert_false(risk.original_readable);
	assert_true(risk.items[RISK_NATURE_OF_RISK].present);
	assert_string_equal(risk.items[RISK_NATURE_OF_RISK].shared_text, "Threats and damage to property");
	assert_null(risk.items[RISK_NATURE_OF_RISK].original_text);
	assert_null(risk.items[RISK_IMMINENCE].shared_text);
	assert_int_equal(risk.items[RISK_IMMINENCE].decision, RISK_REMOVED);
	referral_risk_release(&risk);
	assert_int_equal(referral_risk_load(shelter, r2, &risk, &err), CT_NOT_FOUND);
	/* the caseload PP reads what the supplier reads, not the original */
	assert_int_equal(referral_risk_load(pp_c, r2, &risk, &err), CT_OK);
	assert_false(risk.original_readable);
	assert_string_equal(risk.items[RISK_WHO_IS_AT_RISK].shared_text, "Original who: staff");
	assert_null(risk.items[RISK_WHO_IS_AT_RISK].original_text);
	referral_risk_release(&risk);
	assert_int_equal(referral_risk_load(adm, r5, &risk, &err), CT_OK);
	assert_true(risk.original_readable);
	assert_string_equal(risk.items[RISK_IMMINENCE].original_text, "Original imminence");
	referral_risk_release(&risk);
	sb_release(&err);
	PQfinish(shelter);
	PQfinish(rep);
	PQfinish(adm);
	PQfinish(pp_a);
	PQfinish(pp_c);
}

static void test_a_supplier_with_no_provider_sees_nothing(void **state)
{
	PGconn *none = reftest_connect(&T, T.sp_none);
	struct referral_summary *list;
	size_t n;
	struct strbuf err = STRBUF_INIT;
	struct referral_list_filter all = {.scope = REFERRALS_ALL};

	(void)state;
	assert_visible(none, "-");
	assert_int_equal(reftest_num(none, "SELECT (SELECT count(*) FROM referral_overview)"
		" + (SELECT count(*) FROM referral_shared_risk) + (SELECT count(*) FROM case_note)"
		" + (SELECT count(*) FROM referral_details) + (SELECT count(*) FROM changelog)"
		" + (SELECT count(*) FROM referral_status_history)"), 0);
	assert_int_equal(referral_list_mine(none, &all, REFERRAL_SORT_SENT_DESC, &list, &n, &err), CT_OK);
	assert_int_equal(n, 0);
	referral_summaries_free(&list, n);
	sb_release(&err);
	PQfinish(none);
}

static void test_practitioners_see_their_own_and_their_caseloads(void **state)
{
	PGconn *a = reftest_connect(&T, T.pp_a), *b = reftest_connect(&T, T.pp_b);
	PGconn *c = reftest_connect(&T, T.pp_c), *rep = reftest_connect(&T, T.rep);
	PGconn *adm = reftest_connect(&T, T.adm);
	struct strbuf sb = STRBUF_INIT, err = STRBUF_INIT;
	struct referral_amendment change = {0};
	struct referral_conflict conflict;
	char st[6];

	(void)state;
	assert_visible(a, "A000001 A000002 A000003 A000004");
	assert_visible(b, "B000005");
	assert_visible(c, "A000002");          /* on the caseload, sent by pp_a */
	assert_visible(rep, "A000001 A000002 A000003 A000004 B000005");
	assert_visible(adm, "A000001 A000002 A000003 A000004 B000005");
	/* pp_b cannot touch pp_a's referral; pp_c can read but not change it */
	assert_int_equal(changed(b, fmt(&sb, "UPDATE referral SET withdrawal_comments = 'x'"
		" WHERE id = '%s'", r1), st), 0);
	assert_int_equal(changed(c, fmt(&sb, "UPDATE referral SET withdrawal_comments = 'x'"
		" WHERE id = '%s'", r2), st), 0);
	assert_int_equal(changed(c, fmt(&sb, "INSERT INTO case_note (referral_id, subject, body,"
		" sent_by) SELECT '%s', 'Hello', 'Hi', current_staff_id()", r2), st), -1);
	change.accessibility_needs = "Wheelchair user";
	assert_int_equal(referral_amend(b, r1, 1, &change, "Needs changed", NULL, &conflict, &err),
			 CT_NOT_FOUND);
	assert_int_equal(referral_amend(c, r2, 1, &change, "Needs changed", NULL, &conflict, &err),
			 CT_ERR);
	/* reporters count case notes but never read them */
	assert_true(dbtest_ok(rep, "SELECT count(*), max(sent_at) FROM case_note"));
	assert_false(dbtest_ok(rep, "SELECT body FROM case_note"));
	/* nobody but administrators changes the caseload */
	assert_int_equal(changed(c, "DELETE FROM caseload", st), -1);
	assert_int_equal(reftest_num(c, "SELECT count(*) FROM caseload"), 1);
	assert_int_equal(reftest_num(a, "SELECT count(*) FROM caseload"), 0);
	sb_release(&sb);
	sb_release(&err);
	PQfinish(a);
	PQfinish(b);
	PQfinish(c);
	PQfinish(rep);
	PQfinish(adm);
}

/* Counts from home_queues() as "queue=n ..." */
static char *queues(PGconn *c)
{
	char *v = reftest_str(c, "SELECT coalesce(string_agg(queue || '=' || n, ' '), '-')"
				 " FROM home_queues() WHERE queue NOT LIKE 'supplier%'");

	assert_non_null(v);
	return v;
}

static void assert_queues(PGconn *c, const char *want)
{
	char *v = queues(c);

	assert_string_equal(v, want);
	free(v);
}

static void test_home_queues_count_per_role(void **state)
{
	PGconn *a = reftest_connect(&T, T.pp_a), *shelter = reftest_connect(&T, T.sp_shelter);
	PGconn *shelter2 = reftest_connect(&T, T.sp_shelter2), *none = reftest_connect(&T, T.sp_none);
	PGconn *adm = reftest_connect(&T, T.adm), *rep = reftest_connect(&T, T.rep);
	PGconn *step = reftest_connect(&T, T.sp_step);
	struct strbuf sb = STRBUF_INIT, err = STRBUF_INIT;
	struct queue_count *q;
	size_t n;
	char *note;
	char *v;

	(void)state;
	assert_queues(a, "referrals_open=4 referrals_attention=0");
	assert_queues(shelter, "referrals_unassigned=3 referrals_mine=0");
	assert_queues(none, "referrals_unassigned=0 referrals_mine=0");
	assert_queues(rep, "-");
	v = queues(adm);
	assert_non_null(strstr(v, "outbox="));
	free(v);

	/* a supplier's question needs the practitioner's attention ... */
	assert_int_equal(referral_add_case_note(shelter, r3, "Availability", "Is he free on Mondays?",
						&note, &err), CT_OK);
	free(note);
	assert_queues(a, "referrals_open=4 referrals_attention=1");
	/* ... until answered */
	assert_int_equal(referral_add_case_note(a, r3, "Re: Availability", "Yes, after 2pm.", NULL,
						&err), CT_OK);
	assert_queues(a, "referrals_open=4 referrals_attention=0");

	/* assigning moves a referral from unassigned to the caseworker's own */
	v = reftest_str(shelter, fmt(&sb, "SELECT referral_assign('%s', id) FROM staff"
		" WHERE username = current_user", r1));
	assert_non_null(v);
	free(v);
	assert_queues(shelter, "referrals_unassigned=2 referrals_mine=1");
	assert_queues(shelter2, "referrals_unassigned=2 referrals_mine=0");
	/* re-assignment keeps history and leaves one current assignment */
	sb_reset(&sb);
	sb_addf(&sb, "SELECT referral_assign('%s', id) FROM staff WHERE username = '%s'", r1,
		T.sp_shelter2);
	v = reftest_str(shelter, sb.buf);
	assert_non_null(v);
	free(v);
	assert_queues(shelter, "referrals_unassigned=2 referrals_mine=0");
	assert_queues(shelter2, "referrals_unassigned=2 referrals_mine=1");
	assert_int_equal(reftest_num(shelter, fmt(&sb, "SELECT count(*) || '' || count(*) FILTER"
		" (WHERE NOT superseded) FROM referral_assignment WHERE referral_id = '%s'", r1)), 21);
	/* a caseworker of another provider cannot be assigned, nor assign */
	sb_reset(&sb);
	sb_addf(&sb, "SELECT referral_assign('%s', id) FROM staff WHERE username = '%s'", r1,
		T.sp_step);
	assert_false(dbtest_ok(shelter, sb.buf));
	sb_reset(&sb);
	sb_addf(&sb, "SELECT referral_assign('%s', id) FROM staff WHERE username = '%s'", r1,
		T.sp_step);
	assert_false(dbtest_ok(step, sb.buf));
	/* the staff store hands the same counts to the home screen */
	assert_int_equal(staff_queue_counts(shelter2, &q, &n, &err), CT_OK);
	assert_int_equal(n, 3);
	assert_string_equal(q[2].label, "Appointments needing feedback");
	assert_int_equal(q[2].n, 0);
	assert_string_equal(q[0].label, "Unassigned referrals");
	assert_int_equal(q[0].n, 2);
	assert_string_equal(q[1].label, "Assigned to me");
	assert_int_equal(q[1].n, 1);
	queue_counts_free(&q, n);
	sb_release(&sb);
	sb_release(&err);
	PQfinish(a);
	PQfinish(shelter);
	PQfinish(shelter2);
	PQfinish(none);
	PQfinish(adm);
	PQfinish(rep);
	PQfinish(step);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_supplier_sees_only_its_contracts),
		cmocka_unit_test(test_a_supplier_cannot_change_other_providers_rows),
		cmocka_unit_test(test_suppliers_never_read_the_original_risk_text),
		cmocka_unit_test(test_a_supplier_with_no_provider_sees_nothing),
		cmocka_unit_test(test_practitioners_see_their_own_and_their_caseloads),
		cmocka_unit_test(test_home_queues_count_per_role),
	};

	if (!dbtest_available())
		return DBTEST_SKIP;
	return cmocka_run_group_tests(tests, setup, teardown);
}
