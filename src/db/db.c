/* db.c: libpq helpers and the migrations runner. */
#include "db/db.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build_config.h"
#include "db/migrations.h"

/* Any fixed number: all caseterm processes agree on it. */
#define MIGRATION_LOCK_KEY "7310652119"

static void notice_quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

static void trim_message(struct strbuf *err, const char *msg)
{
	size_t n = strlen(msg);

	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		n--;
	sb_add(err, msg, n);
}

PGconn *db_connect(const struct ct_config *cfg, struct strbuf *err)
{
	const char *keys[] = {"dbname", "application_name", "connect_timeout", NULL};
	const char *vals[] = {cfg->db_conninfo, "caseterm", "10", NULL};
	PGconn *c;

	/* expand_dbname=1: conninfo in "dbname" is parsed as a full conninfo
	 * string; an empty one leaves libpq's environment in charge. */
	if (!cfg->db_conninfo || !cfg->db_conninfo[0]) {
		keys[0] = "application_name";
		vals[0] = "caseterm";
		keys[1] = "connect_timeout";
		vals[1] = "10";
		keys[2] = NULL;
	}
	c = PQconnectdbParams(keys, vals, 1);
	if (!c) {
		sb_adds(err, "out of memory");
		return NULL;
	}
	if (PQstatus(c) != CONNECTION_OK) {
		trim_message(err, PQerrorMessage(c));
		PQfinish(c);
		return NULL;
	}
	PQsetNoticeProcessor(c, notice_quiet, NULL);
	return c;
}

PGresult *db_query(PGconn *c, const char *sql, int nparams, const char *const *params,
		   struct strbuf *err, char sqlstate[6])
{
	PGresult *r = PQexecParams(c, sql, nparams, NULL, params, NULL, NULL, 0);
	ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	const char *code;

	if (sqlstate)
		sqlstate[0] = '\0';
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return r;
	if (err)
		trim_message(err, r ? PQresultErrorMessage(r) : PQerrorMessage(c));
	if (sqlstate && r && (code = PQresultErrorField(r, PG_DIAG_SQLSTATE))) {
		strncpy(sqlstate, code, 5);
		sqlstate[5] = '\0';
	}
	PQclear(r);
	return NULL;
}

int db_command(PGconn *c, const char *sql, int nparams, const char *const *params,
	       struct strbuf *err)
{
	PGresult *r = db_query(c, sql, nparams, params, err, NULL);

	if (!r)
		return -1;
	PQclear(r);
	return 0;
}

char *db_value_dup(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NULL : strdup(PQgetvalue(r, row, col));
}

char *db_value_take(const PGresult *r, int row, int col, bool *oom)
{
	char *s;

	if (PQgetisnull(r, row, col))
		return NULL;
	s = strdup(PQgetvalue(r, row, col));
	if (!s)
		*oom = true;
	return s;
}

bool db_value_bool(const PGresult *r, int row, int col)
{
	return !PQgetisnull(r, row, col) && PQgetvalue(r, row, col)[0] == 't';
}

int db_value_int(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? 0 : atoi(PQgetvalue(r, row, col));
}

long db_value_long(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? 0 : atol(PQgetvalue(r, row, col));
}

void db_error_tidy(struct strbuf *err, size_t start)
{
	char *msg, *p, *nl;

	if (!err || err->len <= start)
		return;
	msg = strdup(err->buf + start);
	if (!msg)
		return;
	p = msg;
	if (!strncmp(p, "ERROR:", 6))
		p += 6;
	while (*p == ' ')
		p++;
	nl = strchr(p, '\n');
	if (nl)
		*nl = '\0';
	sb_setlen(err, start);
	sb_adds(err, p);
	free(msg);
}

enum ct_status db_status_from_sqlstate(const char *st)
{
	if (!st || !st[0])
		return CT_DB;
	if (!strcmp(st, "CT409") || !strcmp(st, "55000") || !strcmp(st, "40001") ||
	    !strcmp(st, "40P01"))
		return CT_CONFLICT;
	if (!strcmp(st, "P0002"))
		return CT_NOT_FOUND;
	if (!strcmp(st, "42501"))
		return CT_ERR;
	if (!strncmp(st, "22", 2) || !strncmp(st, "23", 2))
		return CT_USAGE;
	return CT_DB;
}

enum ct_status db_run(PGconn *c, PGresult **out, const char *sql, int nparams,
		      const char *const *params, struct strbuf *err, char sqlstate[6])
{
	char st[6] = "";
	size_t start = err ? err->len : 0;

	*out = db_query(c, sql, nparams, params, err, st);
	if (sqlstate)
		memcpy(sqlstate, st, 6);
	if (*out)
		return CT_OK;
	db_error_tidy(err, start);
	return db_status_from_sqlstate(st);
}

enum ct_status db_run_command(PGconn *c, const char *sql, int nparams,
			      const char *const *params, struct strbuf *err)
{
	PGresult *r;
	enum ct_status rc = db_run(c, &r, sql, nparams, params, err, NULL);

	PQclear(r);
	return rc;
}

enum ct_status db_tx_begin(PGconn *c, const char *begin, struct strbuf *err)
{
	if (PQtransactionStatus(c) != PQTRANS_IDLE) {
		sb_adds(err, "a transaction is already open on this connection");
		return CT_USAGE;
	}
	return db_run_command(c, begin ? begin : "BEGIN", 0, NULL, err);
}

void db_tx_rollback(PGconn *c)
{
	if (PQtransactionStatus(c) != PQTRANS_IDLE)
		db_command(c, "ROLLBACK", 0, NULL, NULL);
}

enum ct_status db_tx_commit(PGconn *c, struct strbuf *err)
{
	enum ct_status rc = db_run_command(c, "COMMIT", 0, NULL, err);

	if (rc != CT_OK)
		db_tx_rollback(c);
	return rc;
}

int db_schema_known(void)
{
	return migrations_count ? migrations[migrations_count - 1].version : 0;
}

int db_schema_level(PGconn *c, int *level, struct strbuf *err)
{
	PGresult *r = db_query(c, "SELECT to_regclass('schema_migrations') IS NOT NULL",
			       0, NULL, err, NULL);
	bool exists;

	if (!r)
		return -1;
	exists = PQgetvalue(r, 0, 0)[0] == 't';
	PQclear(r);
	*level = 0;
	if (!exists)
		return 0;
	r = db_query(c, "SELECT coalesce(max(version), 0) FROM schema_migrations", 0, NULL, err,
		     NULL);
	if (!r)
		return -1;
	*level = atoi(PQgetvalue(r, 0, 0));
	PQclear(r);
	return 0;
}

static int run_script(PGconn *c, const char *sql, struct strbuf *err)
{
	PGresult *r = PQexec(c, sql);
	ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;

	/* a script of only comments is an empty query, not a failure */
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) {
		PQclear(r);
		return 0;
	}
	trim_message(err, r ? PQresultErrorMessage(r) : PQerrorMessage(c));
	PQclear(r);
	return -1;
}

enum ct_status db_migrate(PGconn *c, int *applied, struct strbuf *err)
{
	const char *lock_params[] = {MIGRATION_LOCK_KEY};
	enum ct_status rc = CT_DB;
	int level = 0, i;
	char vbuf[16];

	*applied = 0;
	if (db_command(c, "SELECT pg_advisory_lock($1::bigint)", 1, lock_params, err))
		return CT_DB;
	if (db_command(c,
		"CREATE TABLE IF NOT EXISTS schema_migrations ("
		" version integer PRIMARY KEY,"
		" name text NOT NULL,"
		" applied_at timestamptz NOT NULL DEFAULT now(),"
		" applied_by text NOT NULL DEFAULT current_user)", 0, NULL, err))
		goto unlock;
	if (db_schema_level(c, &level, err))
		goto unlock;
	if (level > db_schema_known()) {
		sb_addf(err, "the database schema is at version %d but this caseterm (%s) knows "
			"versions up to %d: install a newer caseterm", level, CASETERM_VERSION_STR,
			db_schema_known());
		rc = CT_SCHEMA;
		goto unlock;
	}
	for (i = 0; i < migrations_count; i++) {
		const struct migration *m = &migrations[i];
		const char *params[2];

		if (m->version <= level)
			continue;
		snprintf(vbuf, sizeof vbuf, "%d", m->version);
		params[0] = vbuf;
		params[1] = m->name;
		if (run_script(c, "BEGIN", err))
			goto unlock;
		if (run_script(c, m->sql, err) ||
		    db_command(c, "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
			       2, params, err)) {
			struct strbuf ignore = STRBUF_INIT;
			struct strbuf what = STRBUF_INIT;

			sb_addf(&what, "migration %04d_%s failed: %s", m->version, m->name, err->buf);
			run_script(c, "ROLLBACK", &ignore);
			sb_release(&ignore);
			sb_reset(err);
			sb_add(err, what.buf, what.len);
			sb_release(&what);
			goto unlock;
		}
		if (run_script(c, "COMMIT", err))
			goto unlock;
		(*applied)++;
	}
	rc = CT_OK;
unlock:
	{
		struct strbuf ignore = STRBUF_INIT;

		db_command(c, "SELECT pg_advisory_unlock($1::bigint)", 1, lock_params, &ignore);
		sb_release(&ignore);
	}
	return rc;
}

const char *db_server_version(PGconn *c, char buf[32])
{
	int v = PQserverVersion(c);

	snprintf(buf, 32, "%d.%d", v / 10000, v % 10000);
	return buf;
}
