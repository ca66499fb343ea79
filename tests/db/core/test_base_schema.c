/* test_base_schema.c: rules the base schema enforces by itself. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "dbtest.h"
#include "store/store.h"

static const char *dbname;

static int setup(void **state)
{
	PGconn *c;

	(void)state;
	dbname = dbtest_create_db("base");
	dbtest_migrate(dbname);
	c = dbtest_connect(dbname, NULL);
	if (!c)
		return -1;
	if (!dbtest_ok(c, "INSERT INTO probation_region (id, name) VALUES ('T', 'Test region')"
			  " ON CONFLICT DO NOTHING"))
		return -1;
	if (dbtest_add_staff(c, dbtest_role_name("pp"), "pp", "Zoë Ní Bhriain", NULL, NULL) ||
	    dbtest_add_staff(c, dbtest_role_name("adm"), "admin", "Ada Admin", NULL, NULL) ||
	    dbtest_add_staff(c, dbtest_role_name("nobody"), "reporter", "Gone", NULL, NULL) ||
	    dbtest_add_staff(c, dbtest_role_name("sup"), "sp", "Sid Supplier", NULL, NULL))
		return -1;
	dbtest_ok(c, "UPDATE staff SET active = false WHERE display_name = 'Gone'");
	PQfinish(c);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	dbtest_drop_db(dbname);
	dbtest_drop_roles();
	return 0;
}

static void test_staff_current_names_the_member_of_staff(void **state)
{
	PGconn *c = dbtest_connect(dbname, dbtest_role_name("pp"));
	struct strbuf err = STRBUF_INIT;
	struct staff s;

	(void)state;
	assert_non_null(c);
	assert_int_equal(staff_current(c, &s, &err), CT_OK);
	assert_string_equal(s.display_name, "Zoë Ní Bhriain");
	assert_string_equal(s.role, "pp");
	assert_string_equal(s.role_label, "Probation practitioner");
	staff_release(&s);
	PQfinish(c);
	sb_release(&err);
}

static void test_inactive_staff_are_not_signed_in(void **state)
{
	PGconn *c = dbtest_connect(dbname, dbtest_role_name("nobody"));
	struct strbuf err = STRBUF_INIT;
	struct staff s;

	(void)state;
	assert_non_null(c);
	assert_int_equal(staff_current(c, &s, &err), CT_NOT_FOUND);
	assert_non_null(strstr(err.buf, "not a member of staff"));
	PQfinish(c);
	sb_release(&err);
}

static void test_audit_log_is_insert_only(void **state)
{
	PGconn *c = dbtest_connect(dbname, dbtest_role_name("pp"));
	PGconn *owner = dbtest_connect(dbname, NULL);

	(void)state;
	assert_true(dbtest_ok(c, "INSERT INTO audit_log (action, crn) VALUES ('risk.read', 'X320741')"));
	assert_false(dbtest_ok(c, "UPDATE audit_log SET crn = 'Y'"));
	assert_false(dbtest_ok(c, "DELETE FROM audit_log"));
	/* not even the owner may rewrite history */
	assert_false(dbtest_ok(owner, "UPDATE audit_log SET crn = 'Y'"));
	assert_false(dbtest_ok(owner, "DELETE FROM audit_log"));
	PQfinish(c);
	PQfinish(owner);
}

static void test_outbox_counts_only_for_admins(void **state)
{
	PGconn *pp = dbtest_connect(dbname, dbtest_role_name("pp"));
	PGconn *adm = dbtest_connect(dbname, dbtest_role_name("adm"));
	struct strbuf err = STRBUF_INIT;
	struct queue_count *q;
	size_t n;

	(void)state;
	assert_true(dbtest_ok(pp, "INSERT INTO outbox (event_type, payload) VALUES ('test.event', '{}')"));
	/* practitioners cannot read the outbox itself */
	assert_false(dbtest_ok(pp, "SELECT * FROM outbox"));
	assert_int_equal(staff_queue_counts(adm, &q, &n, &err), CT_OK);
	assert_true(n >= 1);
	assert_string_equal(q[0].queue, "outbox");
	assert_true(q[0].n >= 1);
	queue_counts_free(&q, n);
	PQfinish(pp);
	PQfinish(adm);
	sb_release(&err);
}

/* Raw OASys answers are cached; a supplier must never read them from SQL. */
static void test_suppliers_cannot_read_the_lookup_cache(void **state)
{
	PGconn *owner = dbtest_connect(dbname, NULL);
	PGconn *sp = dbtest_connect(dbname, dbtest_role_name("sup"));
	PGconn *pp = dbtest_connect(dbname, dbtest_role_name("pp"));

	(void)state;
	assert_true(dbtest_ok(owner, "INSERT INTO lookup_cache (endpoint, crn, http_status, body)"
				    " VALUES ('oasys.summary', 'X320741', 200, '{}')"));
	assert_false(dbtest_ok(sp, "SELECT body FROM lookup_cache"));
	assert_false(dbtest_ok(sp, "INSERT INTO lookup_cache (endpoint, crn, http_status)"
				 " VALUES ('x', 'X320741', 200)"));
	assert_true(dbtest_ok(pp, "SELECT body FROM lookup_cache"));
	PQfinish(owner);
	PQfinish(sp);
	PQfinish(pp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_staff_current_names_the_member_of_staff),
		cmocka_unit_test(test_inactive_staff_are_not_signed_in),
		cmocka_unit_test(test_audit_log_is_insert_only),
		cmocka_unit_test(test_outbox_counts_only_for_admins),
		cmocka_unit_test(test_suppliers_cannot_read_the_lookup_cache),
	};

	if (!dbtest_available())
		return DBTEST_SKIP;
	return cmocka_run_group_tests(tests, setup, teardown);
}
