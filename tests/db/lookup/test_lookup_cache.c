/* test_lookup_cache.c: lookup_cache rows are kept, replaced and read back
 * with their age; the risk.read audit row is written as the staff member. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "dbtest.h"
#include "store/lookup_cache_store.h"

static const char *dbname;
static char pp[64];

static int setup(void **state)
{
	PGconn *c;

	(void)state;
	dbname = dbtest_create_db("lkcache");
	dbtest_migrate(dbname);
	snprintf(pp, sizeof pp, "%s", dbtest_role_name("lkpp"));
	c = dbtest_connect(dbname, NULL);
	if (!c || dbtest_add_staff(c, pp, "pp", "Pat Practitioner", NULL, NULL))
		return -1;
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

static const struct lookup_cache_row *find(const struct lookup_cache_row *rows, size_t n,
					   const char *endpoint)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(rows[i].endpoint, endpoint))
			return &rows[i];
	return NULL;
}

static void test_put_get_replace(void **state)
{
	PGconn *c = dbtest_connect(dbname, pp);
	struct strbuf err = STRBUF_INIT;
	struct lookup_cache_row *rows;
	const struct lookup_cache_row *r;
	size_t n;
	/* quotes, backslashes, UTF-8 and SQL-looking text go through as data */
	const char *body = "{\"name\":\"O'Brien \\\\ Zo\xc3\xab\",\"x\":\"'); DROP TABLE lookup_cache;--\"}";

	(void)state;
	assert_int_equal(lookup_cache_get(c, "X100001", &rows, &n, &err), CT_OK);
	assert_int_equal(n, 0);
	lookup_cache_rows_free(&rows, n);

	assert_int_equal(lookup_cache_put(c, "ndelius.details", "X100001", 200, body, &err), CT_OK);
	assert_int_equal(lookup_cache_put(c, "oasys.summary", "X100001", 404, NULL, &err), CT_OK);
	assert_int_equal(lookup_cache_put(c, "ndelius.details", "X100002", 200, "{}", &err), CT_OK);
	assert_int_equal(lookup_cache_get(c, "X100001", &rows, &n, &err), CT_OK);
	assert_int_equal(n, 2);
	r = find(rows, n, "ndelius.details");
	assert_non_null(r);
	assert_int_equal(r->http_status, 200);
	assert_string_equal(r->body, body);
	assert_true(r->age_s >= 0 && r->age_s < 5);
	assert_true(labs((long)(time(NULL) - r->fetched_at)) < 5);
	r = find(rows, n, "oasys.summary");
	assert_non_null(r);
	assert_int_equal(r->http_status, 404);
	assert_null(r->body);
	lookup_cache_rows_free(&rows, n);
	assert_null(rows);

	/* a second answer replaces the first, with a new time */
	{
		PGconn *owner = dbtest_connect(dbname, NULL);

		assert_true(dbtest_ok(owner, "UPDATE lookup_cache SET fetched_at = now() - interval"
					     " '2 hours'"));
		PQfinish(owner);
	}
	assert_int_equal(lookup_cache_get(c, "X100001", &rows, &n, &err), CT_OK);
	assert_true(find(rows, n, "ndelius.details")->age_s >= 7199);
	lookup_cache_rows_free(&rows, n);
	assert_int_equal(lookup_cache_put(c, "ndelius.details", "X100001", 200, "{\"v\":2}", &err),
			 CT_OK);
	assert_int_equal(lookup_cache_get(c, "X100001", &rows, &n, &err), CT_OK);
	assert_int_equal(n, 2);
	r = find(rows, n, "ndelius.details");
	assert_string_equal(r->body, "{\"v\":2}");
	assert_true(r->age_s < 5);
	assert_true(find(rows, n, "oasys.summary")->age_s >= 7199); /* untouched */
	lookup_cache_rows_free(&rows, n);
	PQfinish(c);
	sb_release(&err);
}

static void test_audit_risk_read(void **state)
{
	PGconn *c = dbtest_connect(dbname, pp), *owner = dbtest_connect(dbname, NULL);
	struct strbuf err = STRBUF_INIT;
	char *v, sql[256];

	(void)state;
	assert_int_equal(lookup_cache_audit_risk_read(c, "X100003", "{\"read\":[\"oasys.summary\"]}",
						      &err),
			 CT_OK);
	assert_int_equal(lookup_cache_audit_risk_read(c, "X100003", NULL, &err), CT_OK);
	snprintf(sql, sizeof sql,
		 "SELECT count(*) || ' ' || min(username) || ' ' || min(entity) || ' ' ||"
		 " max(detail->'read'->>0) FROM audit_log WHERE action = 'risk.read' AND crn = 'X100003'");
	v = dbtest_value(owner, sql);
	assert_non_null(v);
	{
		char expect[160];

		snprintf(expect, sizeof expect, "2 %s oasys oasys.summary", pp);
		assert_string_equal(v, expect);
	}
	free(v);
	/* not JSON: refused, nothing written */
	assert_int_equal(lookup_cache_audit_risk_read(c, "X100004", "not json", &err), CT_DB);
	v = dbtest_value(owner, "SELECT count(*) FROM audit_log WHERE crn = 'X100004'");
	assert_string_equal(v, "0");
	free(v);
	PQfinish(c);
	PQfinish(owner);
	sb_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_put_get_replace),
		cmocka_unit_test(test_audit_risk_read),
	};

	if (!dbtest_available())
		return DBTEST_SKIP;
	return cmocka_run_group_tests(tests, setup, teardown);
}
