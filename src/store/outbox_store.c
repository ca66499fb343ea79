/* outbox_store.c: SQL for the outbox. */
#include "store/outbox_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"

enum ct_status outbox_add(PGconn *db, const char *event_type, const char *crn,
			  const char *payload_json, struct strbuf *err)
{
	const char *p[3] = {event_type, crn, payload_json};

	if (db_command(db, "INSERT INTO outbox (event_type, crn, payload) VALUES ($1, $2, $3::jsonb)",
		       3, p, err))
		return CT_DB;
	return CT_OK;
}

enum ct_status outbox_claim_due(PGconn *db, int limit, struct outbox_row **rows, size_t *n,
				struct strbuf *err)
{
	char lim[16];
	const char *p[1] = {lim};
	struct outbox_row *out;
	PGresult *r;
	int i, count;

	*rows = NULL;
	*n = 0;
	snprintf(lim, sizeof lim, "%d", limit > 0 ? limit : 1);
	r = db_query(db,
		"SELECT id::text, event_type, crn, payload::text,"
		" to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), attempts"
		" FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= now()"
		" ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED", 1, p, err, NULL);
	if (!r)
		return CT_DB;
	count = PQntuples(r);
	out = calloc((size_t)count + 1, sizeof *out);
	if (!out) {
		PQclear(r);
		return CT_NOMEM;
	}
	for (i = 0; i < count; i++) {
		out[i].id = db_value_dup(r, i, 0);
		out[i].event_type = db_value_dup(r, i, 1);
		out[i].crn = db_value_dup(r, i, 2);
		out[i].payload = db_value_dup(r, i, 3);
		out[i].created_at = db_value_dup(r, i, 4);
		out[i].attempts = atoi(PQgetvalue(r, i, 5));
	}
	PQclear(r);
	*rows = out;
	*n = (size_t)count;
	return CT_OK;
}

void outbox_rows_free(struct outbox_row **rows, size_t n)
{
	size_t i;

	if (!*rows)
		return;
	for (i = 0; i < n; i++) {
		free((*rows)[i].id);
		free((*rows)[i].event_type);
		free((*rows)[i].crn);
		free((*rows)[i].payload);
		free((*rows)[i].created_at);
	}
	free(*rows);
	*rows = NULL;
}

enum ct_status outbox_mark_sent(PGconn *db, const char *id, struct strbuf *err)
{
	const char *p[1] = {id};

	return db_command(db, "UPDATE outbox SET sent_at = now(), last_error = NULL WHERE id = $1",
			  1, p, err) ? CT_DB : CT_OK;
}

enum ct_status outbox_mark_failed(PGconn *db, const char *id, const char *reason,
				  struct strbuf *err)
{
	const char *p[2] = {id, reason};

	return db_command(db,
		"UPDATE outbox SET attempts = attempts + 1, last_error = left($2, 1000),"
		" next_attempt_at = now() + least(3600, 5 * power(2, least(attempts, 20)))"
		"   * interval '1 second'"
		" WHERE id = $1", 2, p, err) ? CT_DB : CT_OK;
}

enum ct_status outbox_get_status(PGconn *db, struct outbox_status *st, struct strbuf *err)
{
	PGresult *r = db_query(db,
		"SELECT count(*) FILTER (WHERE sent_at IS NULL),"
		" count(*) FILTER (WHERE sent_at IS NULL AND attempts > 0),"
		" coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE sent_at IS NULL))"
		"   ::bigint, 0),"
		" count(*) FILTER (WHERE sent_at IS NOT NULL)"
		" FROM outbox", 0, NULL, err, NULL);

	memset(st, 0, sizeof *st);
	if (!r)
		return CT_DB;
	st->pending = atol(PQgetvalue(r, 0, 0));
	st->failing = atol(PQgetvalue(r, 0, 1));
	st->oldest_age_s = atol(PQgetvalue(r, 0, 2));
	st->sent = atol(PQgetvalue(r, 0, 3));
	PQclear(r);
	return CT_OK;
}
