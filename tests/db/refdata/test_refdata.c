/* test_refdata.c: the reference lists of migration 0002 and the demo staff script. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dbtest.h"

static const char *dbname;
static PGconn *owner;

/* Every table the reference-data migration fills (or adds to). */
static const char *const tables[] = {
	"probation_region", "pcc_region", "pdu", "local_authority", "service_provider",
	"service_category", "complexity_level", "desired_outcome", "contract_type",
	"contract_type_service_category", "cancellation_reason", "withdrawal_grouping",
	"withdrawal_reason", "cas3_referral_rejection_reason", "cas3_cancellation_reason",
	"cas3_departure_reason", "cas3_move_on_category", "cas3_void_reason",
	"characteristic", "bank_holiday",
};
#define N_TABLES (sizeof tables / sizeof tables[0])

static int setup(void **state)
{
	(void)state;
	dbname = dbtest_create_db("refdata");
	dbtest_migrate(dbname);
	owner = dbtest_connect(dbname, NULL);
	return owner ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	PQfinish(owner);
	dbtest_drop_db(dbname);
	/* Only the roles dbtest made.  The demo roles from staff.sql are left:
	 * other suites on this cluster may be using them at the same moment,
	 * and staff.sql accepts them on its next run. */
	dbtest_drop_roles();
	return 0;
}

/* The first value of sql as a number; fails the test on error. */
static long num(PGconn *c, const char *sql)
{
	char *v = dbtest_value(c, sql);
	long n;

	if (!v)
		fail_msg("no value from: %s", sql);
	n = strtol(v, NULL, 10);
	free(v);
	return n;
}

/* Asserts the first value of sql equals want. */
static void assert_value(PGconn *c, const char *sql, const char *want)
{
	char *v = dbtest_value(c, sql);

	if (!v)
		fail_msg("no value from: %s", sql);
	if (strcmp(v, want) != 0) {
		print_error("%s\n  gave '%s', want '%s'\n", sql, v, want);
		free(v);
		fail();
	}
	free(v);
}

/* Runs sql and returns its SQLSTATE ("" on success). */
static char *sqlstate(PGconn *c, const char *sql)
{
	static char state[6];
	PGresult *r = PQexec(c, sql);
	ExecStatusType st = PQresultStatus(r);
	const char *s = PQresultErrorField(r, PG_DIAG_SQLSTATE);

	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		state[0] = '\0';
	else
		snprintf(state, sizeof state, "%s", s ? s : "?????");
	PQclear(r);
	return state;
}

static void test_every_list_is_filled(void **state)
{
	char sql[128];
	size_t i;

	(void)state;
	for (i = 0; i < N_TABLES; i++) {
		snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", tables[i]);
		if (num(owner, sql) < 1)
			fail_msg("%s is empty", tables[i]);
	}
}

static void test_regions_as_the_reference_counts_them(void **state)
{
	(void)state;
	/* interventions.md 1.5: 12 NPS regions A..L, 42 PCC regions */
	assert_int_equal(num(owner, "SELECT count(*) FROM probation_region"), 12);
	assert_value(owner, "SELECT string_agg(id, '' ORDER BY id) FROM probation_region",
		     "ABCDEFGHIJKL");
	assert_value(owner, "SELECT name FROM probation_region WHERE id = 'K'", "Kent, Surrey and Sussex");
	assert_int_equal(num(owner, "SELECT count(*) FROM pcc_region"), 42);
	assert_int_equal(num(owner, "SELECT count(*) FROM pcc_region WHERE region_id = 'I'"), 7);
	assert_value(owner, "SELECT region_id FROM pcc_region WHERE id = 'greater-manchester'", "L");
	assert_value(owner, "SELECT name FROM pcc_region WHERE id = 'metropolitan'",
		     "London (Metropolitan Police)");
	/* every region has at least one PCC region, and every PCC region, PDU
	 * and local authority sits in a region */
	assert_int_equal(num(owner, "SELECT count(*) FROM probation_region r WHERE NOT EXISTS"
				    " (SELECT 1 FROM pcc_region p WHERE p.region_id = r.id)"), 0);
	assert_int_equal(num(owner, "SELECT count(*) FROM pcc_region p LEFT JOIN probation_region r"
				    " ON r.id = p.region_id WHERE r.id IS NULL"), 0);
	assert_int_equal(num(owner, "SELECT count(*) FROM pdu p LEFT JOIN probation_region r"
				    " ON r.id = p.region_id WHERE r.id IS NULL"), 0);
	assert_int_equal(num(owner, "SELECT count(*) FROM local_authority a LEFT JOIN probation_region r"
				    " ON r.id = a.region_id WHERE r.id IS NULL"), 0);
	assert_value(owner, "SELECT region_id FROM pdu WHERE id = 'east-kent'", "K");
	/* the CAS3 fixture's regions all found their NPS region */
	assert_int_equal(num(owner, "SELECT count(*) FROM probation_region"
				    " WHERE cas3_id IS NULL OR hpt_email IS NULL"), 0);
	/* the foreign key is real, not only a habit of the data */
	assert_string_equal(sqlstate(owner, "INSERT INTO pcc_region VALUES ('nowhere', 'Nowhere', 'Z')"),
			    "23503");
}

static void test_bank_holidays(void **state)
{
	(void)state;
	assert_int_equal(num(owner, "SELECT count(*) FROM bank_holiday"), 40);
	assert_int_equal(num(owner, "SELECT count(*) FROM bank_holiday WHERE date = '2026-12-25'"), 1);
	/* Boxing Day 2026 is a Saturday: the holiday is the Monday after */
	assert_value(owner, "SELECT notes FROM bank_holiday WHERE date = '2026-12-28'", "Substitute day");
	assert_int_equal(num(owner, "SELECT count(*) FROM bank_holiday WHERE date = '2026-12-26'"), 0);
	assert_int_equal(num(owner, "SELECT count(*) FROM bank_holiday"
				    " WHERE extract(isodow FROM date) > 5"), 0);
	assert_int_equal(num(owner, "SELECT count(*) FROM bank_holiday"
				    " WHERE division <> 'england-and-wales'"), 0);
	/* and the table keeps it so: a Saturday is refused */
	assert_string_equal(sqlstate(owner, "INSERT INTO bank_holiday (date, title)"
					    " VALUES ('2026-12-26', 'Boxing Day')"), "23514");
}

static void test_reason_lists_match_the_reference(void **state)
{
	(void)state;
	/* interventions.md 1.8 */
	assert_int_equal(num(owner, "SELECT count(*) FROM withdrawal_reason"), 13);
	assert_int_equal(num(owner, "SELECT count(*) FROM withdrawal_reason WHERE grouping = 'user'"), 5);
	assert_value(owner, "SELECT r.code FROM withdrawal_reason r JOIN withdrawal_grouping g"
			    " ON g.code = r.grouping WHERE g.post_ica_only", "EAR");
	assert_value(owner, "SELECT heading FROM withdrawal_grouping WHERE code = 'sentence'",
		     "Sentence / custody related");
	assert_int_equal(num(owner, "SELECT count(*) FROM cancellation_reason"), 10);
	assert_value(owner, "SELECT description FROM cancellation_reason WHERE code = 'PPJ'",
		     "Probation practitioner's professional judgement");
	/* accommodation.md 3.3: 19 active rejection reasons, sorted 1..19 */
	assert_int_equal(num(owner, "SELECT count(*) FROM cas3_referral_rejection_reason WHERE active"), 19);
	assert_int_equal(num(owner, "SELECT count(DISTINCT sort_order) FROM cas3_referral_rejection_reason"
				    " WHERE sort_order BETWEEN 1 AND 19"), 19);
	assert_value(owner, "SELECT name FROM cas3_referral_rejection_reason WHERE sort_order = 8",
		     "Not enough time on their licence");
	/* accommodation.md 1.6, 1.7 */
	assert_int_equal(num(owner, "SELECT count(*) FROM cas3_cancellation_reason"), 15);
	assert_int_equal(num(owner, "SELECT count(*) FROM cas3_departure_reason"), 8);
	assert_int_equal(num(owner, "SELECT count(*) FROM cas3_move_on_category"), 22);
	assert_int_equal(num(owner, "SELECT count(*) FROM cas3_void_reason"), 10);
	assert_value(owner, "SELECT string_agg(name, ',') FROM cas3_void_reason WHERE NOT active", "Other");
	/* ids from the fixture are kept */
	assert_value(owner, "SELECT name FROM cas3_cancellation_reason"
			    " WHERE id = '2a7fc443-2f31-4501-90c4-435a6e8e59d3'",
		     "Supplier unable to accommodate (explain)");
}

static void test_intervention_lists(void **state)
{
	(void)state;
	assert_int_equal(num(owner, "SELECT count(*) FROM service_provider"), 139);
	assert_value(owner, "SELECT name FROM service_provider WHERE id = 'A_WAY_OUT'", "A Way Out");
	assert_int_equal(num(owner, "SELECT count(*) FROM service_category"), 37);
	/* exactly LOW, MEDIUM and HIGH for every category */
	assert_int_equal(num(owner, "SELECT count(*) FROM service_category c WHERE"
				    " (SELECT array_agg(complexity ORDER BY complexity) FROM complexity_level l"
				    "  WHERE l.service_category_id = c.id)"
				    " IS DISTINCT FROM ARRAY['LOW','MEDIUM','HIGH']::complexity[]"), 0);
	assert_value(owner, "SELECT title FROM complexity_level WHERE id = 'accommodation:medium'",
		     "Medium complexity");
	assert_int_equal(num(owner, "SELECT count(*) FROM complexity_level WHERE id = 'fbd-sp:high'"
				    " AND description LIKE 'Service user has minimal or no prior experience%'"), 1);
	/* every contract type offers a category; cohorts offer several */
	assert_int_equal(num(owner, "SELECT count(*) FROM contract_type t WHERE NOT EXISTS"
				    " (SELECT 1 FROM contract_type_service_category s"
				    "  WHERE s.contract_type_code = t.code)"), 0);
	assert_int_equal(num(owner, "SELECT count(*) FROM contract_type_service_category"
				    " WHERE contract_type_code = 'WOS'"), 8);
	assert_int_equal(num(owner, "SELECT count(*) FROM contract_type_service_category"
				    " WHERE contract_type_code = 'WSM' AND service_category_id = 'family-gm'"), 1);
	assert_value(owner, "SELECT name FROM contract_type WHERE code = 'FBD-SP'",
		     "Finance, Benefit and Debt (Stockport)");
	/* desired outcomes: 3 for Accommodation, the GM FBD five without the
	 * source's duplicate */
	assert_int_equal(num(owner, "SELECT count(*) FROM desired_outcome"
				    " WHERE service_category_id = 'accommodation'"), 3);
	assert_int_equal(num(owner, "SELECT count(*) FROM desired_outcome"
				    " WHERE service_category_id = 'fbd-wi'"), 5);
	assert_int_equal(num(owner, "SELECT count(*) FROM desired_outcome WHERE deprecated_at IS NOT NULL"), 0);
}

static void test_characteristics(void **state)
{
	(void)state;
	assert_int_equal(num(owner, "SELECT count(*) FROM characteristic"), 22);
	assert_value(owner, "SELECT scope FROM characteristic WHERE property_name = 'isWheelchairAccessible'",
		     "bedspace");
	assert_value(owner, "SELECT scope FROM characteristic WHERE property_name = 'isGroundFloor'", "both");
	assert_value(owner, "SELECT scope FROM characteristic WHERE property_name = 'isMenOnly'", "premises");
	assert_value(owner, "SELECT id FROM characteristic WHERE property_name = 'hasSharedKitchen'",
		     "7dd3bac5-3d1c-4acb-b110-b1614b2c95d8");
	assert_int_equal(num(owner, "SELECT count(*) FROM characteristic WHERE NOT active"), 2);
}

static void test_staff_read_but_do_not_write_the_lists(void **state)
{
	const char *pp = dbtest_role_name("rd_pp");
	const char *adm = dbtest_role_name("rd_adm");
	PGconn *c, *a;
	char sql[160];
	size_t i;

	(void)state;
	assert_int_equal(dbtest_add_staff(owner, pp, "pp", "Pat Practitioner", "A", NULL), 0);
	assert_int_equal(dbtest_add_staff(owner, adm, "admin", "Ada Admin", NULL, NULL), 0);
	c = dbtest_connect(dbname, pp);
	assert_non_null(c);
	for (i = 0; i < N_TABLES; i++) {
		snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", tables[i]);
		if (num(c, sql) < 1)
			fail_msg("a practitioner sees no rows in %s", tables[i]);
		snprintf(sql, sizeof sql, "INSERT INTO %s DEFAULT VALUES", tables[i]);
		if (strcmp(sqlstate(c, sql), "42501") != 0)
			fail_msg("a practitioner was not refused INSERT INTO %s", tables[i]);
		snprintf(sql, sizeof sql, "DELETE FROM %s", tables[i]);
		if (strcmp(sqlstate(c, sql), "42501") != 0)
			fail_msg("a practitioner was not refused DELETE FROM %s", tables[i]);
	}
	assert_string_equal(sqlstate(c, "UPDATE bank_holiday SET title = 'x'"), "42501");
	PQfinish(c);

	/* an administrator maintains the lists that change */
	a = dbtest_connect(dbname, adm);
	assert_non_null(a);
	assert_string_equal(sqlstate(a, "INSERT INTO pdu (id, name, region_id)"
					 " VALUES ('rd-test', 'Test PDU', 'A')"), "");
	assert_string_equal(sqlstate(a, "INSERT INTO bank_holiday (date, title)"
					 " VALUES ('2029-01-01', 'New Year''s Day')"), "");
	assert_string_equal(sqlstate(a, "DELETE FROM bank_holiday"), "42501");
	assert_string_equal(sqlstate(a, "INSERT INTO withdrawal_reason VALUES ('X', 'x', 'other', 99)"),
			    "42501");
	PQfinish(a);
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return NULL;
	}
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	if (buf)
		buf[n] = '\0';
	fclose(f);
	return buf;
}

static void test_demo_staff_script_runs_twice(void **state)
{
	char *sql = read_file(DEMO_STAFF_SQL);
	PGconn *c;
	int run;

	(void)state;
	assert_non_null(sql);
	for (run = 0; run < 2; run++) {
		PGresult *r = PQexec(owner, sql);

		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			fail_msg("staff.sql, run %d: %s", run + 1, PQresultErrorMessage(r));
		PQclear(r);
	}
	free(sql);

	/* ten people, none twice */
	assert_int_equal(num(owner, "SELECT count(*) FROM staff WHERE username IN ('pp_anna', 'pp_zoe',"
				    " 'sp_kate', 'sp_omar', 'sp_lena', 'sp_noah', 'hpt_sam', 'hpt_ria',"
				    " 'rep_max', 'adm_ada')"), 10);
	assert_value(owner, "SELECT string_agg(role || '=' || n, ' ' ORDER BY role) FROM"
			    " (SELECT role, count(*) n FROM staff WHERE username ~ '^(pp|sp|hpt|rep|adm)_[a-z]+$'"
			    " GROUP BY role) s", "pp=2 sp=4 hpt=2 reporter=1 admin=1");
	/* practitioners and assessors in two regions, suppliers in two
	 * providers, and one supplier in none */
	assert_int_equal(num(owner, "SELECT count(DISTINCT region_id) FROM staff"
				    " WHERE username IN ('pp_anna', 'pp_zoe')"), 2);
	assert_int_equal(num(owner, "SELECT count(DISTINCT region_id) FROM staff"
				    " WHERE username IN ('hpt_sam', 'hpt_ria')"), 2);
	assert_int_equal(num(owner, "SELECT count(DISTINCT provider_id) FROM staff"
				    " WHERE username IN ('sp_kate', 'sp_omar', 'sp_lena')"), 2);
	assert_int_equal(num(owner, "SELECT count(*) FROM staff WHERE username = 'sp_noah'"
				    " AND provider_id IS NULL"), 1);
	assert_value(owner, "SELECT display_name FROM staff WHERE username = 'pp_zoe'", "Zoë Ní Bhriain");

	/* each is a login role in the right group */
	c = dbtest_connect(dbname, "pp_zoe");
	assert_non_null(c);
	assert_value(c, "SELECT current_staff_role()", "pp");
	PQfinish(c);
	c = dbtest_connect(dbname, "sp_noah");
	assert_non_null(c);
	assert_value(c, "SELECT current_staff_role()", "sp");
	PQfinish(c);
	assert_value(owner, "SELECT pg_has_role('hpt_ria', 'caseterm_hpt', 'MEMBER')", "t");
	assert_value(owner, "SELECT pg_has_role('adm_ada', 'caseterm_admin', 'MEMBER')", "t");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_list_is_filled),
		cmocka_unit_test(test_regions_as_the_reference_counts_them),
		cmocka_unit_test(test_bank_holidays),
		cmocka_unit_test(test_reason_lists_match_the_reference),
		cmocka_unit_test(test_intervention_lists),
		cmocka_unit_test(test_characteristics),
		cmocka_unit_test(test_staff_read_but_do_not_write_the_lists),
		cmocka_unit_test(test_demo_staff_script_runs_twice),
	};

	if (!dbtest_available())
		return DBTEST_SKIP;
	return cmocka_run_group_tests(tests, setup, teardown);
}
