/* test_demo_data.c: the demo interventions and referrals load twice without error and each demo role sees what the README says. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dbtest.h"
#include "util/strbuf.h"

static const char *dbname;

static int setup(void **state)
{
	(void)state;
	dbname = dbtest_create_db("refdemo");
	dbtest_migrate(dbname);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	dbtest_drop_db(dbname);
	return 0;
}

/* As a demo member of staff: the CRNs of the referrals they see, and their queues. */
static void assert_sees(const char *who, const char *crns, const char *queues)
{
	PGconn *c = dbtest_connect(dbname, who);

	assert_non_null(c);
	dbtest_assert_value(c, "SELECT coalesce(string_agg(crn || ':' || state, ' ' ORDER BY crn, state), '-')"
			" FROM referral_overview", crns);
	dbtest_assert_value(c, "SELECT coalesce(string_agg(queue || '=' || n, ' '), '-') FROM home_queues()"
			" WHERE queue LIKE 'referrals%'", queues);
	PQfinish(c);
}

static void test_demo_data_loads_twice_and_shows_each_role_its_own(void **state)
{
	PGconn *owner = dbtest_connect(dbname, NULL);
	int run;

	(void)state;
	assert_non_null(owner);
	for (run = 0; run < 2; run++) {
		dbtest_run_file(owner, DEMO_DIR "/10_staff.sql");
		dbtest_run_file(owner, DEMO_DIR "/20_interventions.sql");
		dbtest_run_file(owner, DEMO_DIR "/50_supplier.sql");
	}
	/* supplier work on referral 4 (50_supplier.sql), once */
	dbtest_assert_value(owner, "SELECT count(*) || ' ' || count(DISTINCT session_number)"
			    " FROM appointment", "4 4");
	dbtest_assert_value(owner, "SELECT string_agg(appointment_status(a), ' ' ORDER BY seq)"
			    " FROM appointment a", "completed completed didNotAttend scheduled");
	dbtest_assert_value(owner, "SELECT count(*) FROM outbox", "0");
	dbtest_assert_value(owner, "SELECT count(*) || ' ' || count(*) FILTER (WHERE kind = 'CRS')"
			    " || ' ' || count(DISTINCT kind) FROM intervention", "12 6 5");
	dbtest_assert_value(owner, "SELECT count(*) FROM intervention_subcontractor", "2");
	dbtest_assert_value(owner, "SELECT count(*) FROM caseload", "10");
	dbtest_assert_value(owner, "SELECT count(*) || ' ' || count(DISTINCT reference_number) FROM referral",
		     "6 6");
	dbtest_assert_value(owner, "SELECT count(*) FROM referral_status_history", "10");
	/* one of each state the lists show */
	dbtest_assert_value(owner, "SELECT string_agg(DISTINCT state_words, ', ') FROM referral_overview",
		     "assigned, in progress, sent, withdrawn");

	assert_sees("pp_anna", "D002399:SENT K320021:ASSIGNED K320022:SENT X320741:SENT X320741:WITHDRAWN",
		    "referrals_open=3 referrals_attention=1");
	assert_sees("pp_zoe", "D002399:SENT L420023:IN_PROGRESS",
		    "referrals_open=2 referrals_attention=1");
	assert_sees("sp_kate", "K320021:ASSIGNED X320741:SENT X320741:WITHDRAWN",
		    "referrals_unassigned=1 referrals_mine=1");
	assert_sees("sp_omar", "K320021:ASSIGNED X320741:SENT X320741:WITHDRAWN",
		    "referrals_unassigned=1 referrals_mine=0");
	assert_sees("sp_lena", "D002399:SENT L420023:IN_PROGRESS",
		    "referrals_unassigned=1 referrals_mine=1");
	assert_sees("sp_noah", "-", "referrals_unassigned=0 referrals_mine=0");
	PQfinish(owner);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demo_data_loads_twice_and_shows_each_role_its_own),
	};

	if (!dbtest_available())
		return DBTEST_SKIP;
	return cmocka_run_group_tests(tests, setup, teardown);
}
