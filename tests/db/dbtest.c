/* dbtest.c: per-suite databases and roles on the private test cluster. */
#include "dbtest.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "util/strbuf.h"

#define MAX_ROLES 64

static void quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

static char made_roles[MAX_ROLES][64];
static int n_made_roles;

bool dbtest_available(void)
{
	const char *h = getenv("PGHOST");

	return h && *h;
}

static PGconn *owner_conn(const char *dbname)
{
	const char *keys[] = {"dbname", NULL};
	const char *vals[] = {dbname, NULL};
	PGconn *c = PQconnectdbParams(keys, vals, 0);

	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "dbtest: cannot connect to %s: %s", dbname, PQerrorMessage(c));
		PQfinish(c);
		return NULL;
	}
	return c;
}

const char *dbtest_create_db(const char *tag)
{
	static char name[64];
	char sql[128];
	PGconn *c = owner_conn("postgres");
	PGresult *r;

	assert_non_null(c);
	PQsetNoticeProcessor(c, quiet, NULL);
	snprintf(name, sizeof name, "ct_%s_%d", tag, (int)getpid());
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
	PQclear(PQexec(c, sql));
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
	r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		fail_msg("CREATE DATABASE %s: %s", name, PQresultErrorMessage(r));
	PQclear(r);
	PQfinish(c);
	return name;
}

void dbtest_config(struct ct_config *cfg, const char *dbname)
{
	struct strbuf ci = STRBUF_INIT;

	assert_int_equal(config_defaults(cfg), CT_OK);
	sb_addf(&ci, "dbname=%s", dbname);
	free(cfg->db_conninfo);
	cfg->db_conninfo = sb_detach(&ci, NULL);
}

void dbtest_migrate(const char *dbname)
{
	struct ct_config cfg;
	struct strbuf err = STRBUF_INIT;
	int applied = 0;
	PGconn *c;

	dbtest_config(&cfg, dbname);
	c = db_connect(&cfg, &err);
	if (!c)
		fail_msg("connect: %s", err.buf);
	if (db_migrate(c, &applied, &err) != CT_OK)
		fail_msg("migrate: %s", err.buf);
	PQfinish(c);
	config_release(&cfg);
	sb_release(&err);
}

PGconn *dbtest_connect(const char *dbname, const char *role)
{
	const char *keys[] = {"dbname", "user", NULL};
	const char *vals[] = {dbname, role, NULL};
	PGconn *c;

	if (!role)
		keys[1] = NULL;
	c = PQconnectdbParams(keys, vals, 0);
	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "dbtest: cannot connect to %s as %s: %s", dbname,
			role ? role : "owner", PQerrorMessage(c));
		PQfinish(c);
		return NULL;
	}
	PQsetNoticeProcessor(c, quiet, NULL);
	return c;
}

void dbtest_drop_db(const char *dbname)
{
	char sql[128];
	PGconn *c = owner_conn("postgres");

	if (!c)
		return;
	PQsetNoticeProcessor(c, quiet, NULL);
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", dbname);
	PQclear(PQexec(c, sql));
	PQfinish(c);
}

const char *dbtest_role_name(const char *base)
{
	static char names[4][64];
	static int slot;
	char *n = names[slot++ % 4];

	snprintf(n, 64, "%s_%d", base, (int)getpid());
	return n;
}

int dbtest_add_staff(PGconn *owner, const char *username, const char *role,
		     const char *display_name, const char *region, const char *provider)
{
	const char *params[5] = {username, display_name, role, region, provider};
	char *q;
	char sql[256];
	PGresult *r;
	int ok;

	q = PQescapeIdentifier(owner, username, strlen(username));
	if (!q)
		return -1;
	snprintf(sql, sizeof sql, "DROP ROLE IF EXISTS %s", q);
	PQclear(PQexec(owner, sql));
	snprintf(sql, sizeof sql, "CREATE ROLE %s LOGIN IN ROLE caseterm_%s", q, role);
	PQfreemem(q);
	r = PQexec(owner, sql);
	ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok)
		fprintf(stderr, "dbtest: %s: %s", sql, PQresultErrorMessage(r));
	PQclear(r);
	if (!ok)
		return -1;
	if (n_made_roles < MAX_ROLES)
		snprintf(made_roles[n_made_roles++], 64, "%s", username);
	r = PQexecParams(owner,
		"INSERT INTO staff (username, display_name, role, region_id, provider_id)"
		" VALUES ($1, $2, $3::staff_role, $4, $5)", 5, NULL, params, NULL, NULL, 0);
	ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok)
		fprintf(stderr, "dbtest: insert staff: %s", PQresultErrorMessage(r));
	PQclear(r);
	return ok ? 0 : -1;
}

void dbtest_drop_roles(void)
{
	PGconn *c = owner_conn("postgres");
	char sql[128];
	char *q;
	int i;

	if (!c)
		return;
	PQsetNoticeProcessor(c, quiet, NULL);
	for (i = 0; i < n_made_roles; i++) {
		q = PQescapeIdentifier(c, made_roles[i], strlen(made_roles[i]));
		if (!q)
			continue;
		snprintf(sql, sizeof sql, "DROP ROLE IF EXISTS %s", q);
		PQclear(PQexec(c, sql));
		PQfreemem(q);
	}
	n_made_roles = 0;
	PQfinish(c);
}

char *dbtest_value(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);
	char *v = NULL;

	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0 && !PQgetisnull(r, 0, 0))
		v = strdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	return v;
}

bool dbtest_ok(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);
	ExecStatusType st = PQresultStatus(r);

	PQclear(r);
	return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
}

void dbtest_run_file(PGconn *c, const char *path)
{
	struct strbuf sql = STRBUF_INIT;
	PGresult *r;

	if (sb_read_file(&sql, path))
		fail_msg("%s: cannot read", path);
	r = PQexec(c, sql.buf);
	if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
		fail_msg("%s: %s", path, PQresultErrorMessage(r));
	PQclear(r);
	sb_release(&sql);
}

void dbtest_assert_value(PGconn *c, const char *sql, const char *want)
{
	char *v = dbtest_value(c, sql);

	if (!v || strcmp(v, want))
		fail_msg("%s\n  gave: %s\n  want: %s", sql, v ? v : "(error)", want);
	free(v);
}
