/* lookup_cache_store.c: SQL for lookup_cache and the risk.read audit row. */
#include "store/lookup_cache_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"

enum ct_status lookup_cache_get(PGconn *db, const char *crn, struct lookup_cache_row **rows,
				size_t *n, struct strbuf *err)
{
	const char *p[1] = {crn};
	struct lookup_cache_row *out;
	PGresult *r;
	int i, count;

	*rows = NULL;
	*n = 0;
	r = db_query(db,
		"SELECT endpoint, http_status, body, floor(extract(epoch FROM fetched_at))::bigint,"
		" greatest(extract(epoch FROM clock_timestamp() - fetched_at), 0)::bigint"
		" FROM lookup_cache WHERE crn = $1 ORDER BY endpoint", 1, p, err, NULL);
	if (!r)
		return CT_DB;
	count = PQntuples(r);
	out = calloc((size_t)count + 1, sizeof *out);
	if (!out) {
		PQclear(r);
		return CT_NOMEM;
	}
	for (i = 0; i < count; i++) {
		out[i].endpoint = strdup(PQgetvalue(r, i, 0));
		out[i].http_status = atoi(PQgetvalue(r, i, 1));
		out[i].body = PQgetisnull(r, i, 2) ? NULL : strdup(PQgetvalue(r, i, 2));
		out[i].fetched_at = (time_t)atoll(PQgetvalue(r, i, 3));
		out[i].age_s = atol(PQgetvalue(r, i, 4));
		if (!out[i].endpoint || (!PQgetisnull(r, i, 2) && !out[i].body)) {
			PQclear(r);
			lookup_cache_rows_free(&out, (size_t)i + 1);
			return CT_NOMEM;
		}
	}
	PQclear(r);
	*rows = out;
	*n = (size_t)count;
	return CT_OK;
}

void lookup_cache_rows_free(struct lookup_cache_row **rows, size_t n)
{
	size_t i;

	if (!rows || !*rows)
		return;
	for (i = 0; i < n; i++) {
		free((*rows)[i].endpoint);
		free((*rows)[i].body);
	}
	free(*rows);
	*rows = NULL;
}

enum ct_status lookup_cache_put(PGconn *db, const char *endpoint, const char *crn,
				int http_status, const char *body, struct strbuf *err)
{
	char status[16];
	const char *p[4] = {endpoint, crn, status, body};

	snprintf(status, sizeof status, "%d", http_status);
	/* clock_timestamp(), not now(): the caller may be inside a long transaction */
	if (db_command(db,
		"INSERT INTO lookup_cache (endpoint, crn, http_status, body, fetched_at)"
		" VALUES ($1, $2, $3::integer, $4, clock_timestamp())"
		" ON CONFLICT (endpoint, crn) DO UPDATE SET http_status = EXCLUDED.http_status,"
		" body = EXCLUDED.body, fetched_at = EXCLUDED.fetched_at", 4, p, err))
		return CT_DB;
	return CT_OK;
}

enum ct_status lookup_cache_audit_risk_read(PGconn *db, const char *crn, const char *detail_json,
					    struct strbuf *err)
{
	const char *p[2] = {crn, detail_json ? detail_json : "{}"};

	if (db_command(db,
		"INSERT INTO audit_log (action, crn, entity, detail)"
		" VALUES ('risk.read', $1, 'oasys', $2::jsonb)", 2, p, err))
		return CT_DB;
	return CT_OK;
}
