/* test_cas3_demo.c: the CAS3 demo data loads twice without error and each HPT assessor sees their own region's queues. */
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
	dbname = dbtest_create_db("cas3demo");
	dbtest_migrate(dbname);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	dbtest_drop_db(dbname);
	return 0;
}

/* As a demo member of staff: their CAS3 queues and what else they see. */
static void assert_sees(const char *who, const char *queues, const char *premises,
			const char *applications)
{
	PGconn *c = dbtest_connect(dbname, who);

	assert_non_null(c);
	dbtest_assert_value(c, "SELECT coalesce(string_agg(queue || '=' || n, ' '), '-') FROM home_queues()"
			" WHERE queue LIKE 'cas3.%'", queues);
	dbtest_assert_value(c, "SELECT coalesce(string_agg(name, ' ' ORDER BY name), '-') FROM cas3_premises",
		     premises);
	dbtest_assert_value(c, "SELECT count(*) FROM cas3_application", applications);
	PQfinish(c);
}

static void test_demo_data_loads_twice_and_shows_each_region_its_own(void **state)
{
	PGconn *owner = dbtest_connect(dbname, NULL);
	int run;

	(void)state;
	assert_non_null(owner);
	for (run = 0; run < 2; run++) {
		dbtest_run_file(owner, DEMO_DIR "/10_staff.sql");
		dbtest_run_file(owner, DEMO_DIR "/40_cas3.sql");
	}
	dbtest_assert_value(owner, "SELECT count(*) FROM cas3_premises", "6");
	dbtest_assert_value(owner, "SELECT count(*) FROM cas3_bedspace", "11");
	dbtest_assert_value(owner, "SELECT count(*) FROM cas3_void_bedspace WHERE cancelled_at IS NULL", "2");
	/* a booking in every state */
	dbtest_assert_value(owner, "SELECT string_agg(DISTINCT shown_status, ' ') FROM cas3_booking_view",
		     "arrived cancelled confirmed departed provisional");
	/* each assessment's history starts with its submission */
	dbtest_assert_value(owner, "SELECT count(DISTINCT assessment_id) FROM cas3_assessment_history"
			    " WHERE from_status IS NULL", "11");

	assert_sees("hpt_sam", "cas3.unallocated=2 cas3.in_review=1 cas3.ready_to_place=1"
		    " cas3.arriving_today=1", "ACACIA1 BRAMBLE4 CEDAR3 MILL9", "7");
	assert_sees("hpt_ria", "cas3.unallocated=1 cas3.in_review=1 cas3.ready_to_place=1"
		    " cas3.arriving_today=0", "DALTON22 ELM5", "4");
	assert_sees("pp_anna", "-", "ACACIA1 BRAMBLE4 CEDAR3", "7");
	assert_sees("pp_zoe", "-", "DALTON22 ELM5", "4");
	PQfinish(owner);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demo_data_loads_twice_and_shows_each_region_its_own),
	};

	if (!dbtest_available())
		return DBTEST_SKIP;
	return cmocka_run_group_tests(tests, setup, teardown);
}
