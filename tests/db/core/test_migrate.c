/* test_migrate.c: the migrations runner against a real database. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "db/db.h"
#include "dbtest.h"

static void test_fresh_database_reaches_latest(void **state)
{
	const char *name = dbtest_create_db("mig_fresh");
	struct ct_config cfg;
	struct strbuf err = STRBUF_INIT;
	int applied = -1, level = -1;
	PGconn *c;

	(void)state;
	dbtest_config(&cfg, name);
	c = db_connect(&cfg, &err);
	assert_non_null(c);
	assert_int_equal(db_schema_level(c, &level, &err), 0);
	assert_int_equal(level, 0);
	assert_int_equal(db_migrate(c, &applied, &err), CT_OK);
	assert_int_equal(applied, db_schema_known());
	assert_int_equal(db_schema_level(c, &level, &err), 0);
	assert_int_equal(level, db_schema_known());
	/* running again applies nothing */
	assert_int_equal(db_migrate(c, &applied, &err), CT_OK);
	assert_int_equal(applied, 0);
	PQfinish(c);
	config_release(&cfg);
	sb_release(&err);
	dbtest_drop_db(name);
}

static void test_newer_database_is_refused_naming_both_versions(void **state)
{
	const char *name = dbtest_create_db("mig_newer");
	struct ct_config cfg;
	struct strbuf err = STRBUF_INIT;
	char expect[64];
	int applied;
	PGconn *c;

	(void)state;
	dbtest_migrate(name);
	c = dbtest_connect(name, NULL);
	assert_true(dbtest_ok(c, "INSERT INTO schema_migrations (version, name) VALUES (9999, 'future')"));
	PQfinish(c);
	dbtest_config(&cfg, name);
	c = db_connect(&cfg, &err);
	assert_non_null(c);
	assert_int_equal(db_migrate(c, &applied, &err), CT_SCHEMA);
	assert_non_null(strstr(err.buf, "9999"));
	snprintf(expect, sizeof expect, "up to %d", db_schema_known());
	assert_non_null(strstr(err.buf, expect));
	PQfinish(c);
	config_release(&cfg);
	sb_release(&err);
	dbtest_drop_db(name);
}

/* Two processes migrate one empty database at once: both succeed, and each
 * migration is recorded exactly once. */
static void test_two_concurrent_migrations_are_safe(void **state)
{
	const char *name = dbtest_create_db("mig_concurrent");
	pid_t kids[2];
	int i, status;
	PGconn *c;
	char *v;

	(void)state;
	for (i = 0; i < 2; i++) {
		kids[i] = fork();
		assert_true(kids[i] >= 0);
		if (kids[i] == 0) {
			struct ct_config cfg;
			struct strbuf err = STRBUF_INIT;
			int applied, rc;
			PGconn *k;

			dbtest_config(&cfg, name);
			k = db_connect(&cfg, &err);
			rc = k && db_migrate(k, &applied, &err) == CT_OK ? 0 : 1;
			if (rc)
				fprintf(stderr, "child: %s\n", err.buf);
			PQfinish(k);
			config_release(&cfg);
			sb_release(&err);
			_exit(rc);
		}
	}
	for (i = 0; i < 2; i++) {
		assert_int_equal(waitpid(kids[i], &status, 0), kids[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	c = dbtest_connect(name, NULL);
	v = dbtest_value(c, "SELECT count(*) = count(DISTINCT version) AND count(*) = max(version)"
			    " FROM schema_migrations");
	assert_string_equal(v, "t");
	free(v);
	PQfinish(c);
	dbtest_drop_db(name);
}

/* A broken connection gives CT_DB and words, not a crash. */
static void test_connect_failure_is_reported(void **state)
{
	struct ct_config cfg;
	struct strbuf err = STRBUF_INIT;

	(void)state;
	assert_int_equal(config_defaults(&cfg), CT_OK);
	free(cfg.db_conninfo);
	cfg.db_conninfo = strdup("host=/nonexistent-caseterm dbname=none connect_timeout=2");
	assert_null(db_connect(&cfg, &err));
	assert_true(err.len > 0);
	config_release(&cfg);
	sb_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fresh_database_reaches_latest),
		cmocka_unit_test(test_newer_database_is_refused_naming_both_versions),
		cmocka_unit_test(test_two_concurrent_migrations_are_safe),
		cmocka_unit_test(test_connect_failure_is_reported),
	};

	if (!dbtest_available())
		return DBTEST_SKIP;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
