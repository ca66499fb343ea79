/* staff_store.c: who is signed in, and their work-queue counts. */
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

#include "db/db.h"

enum ct_status staff_current(PGconn *db, struct staff *out, struct strbuf *err)
{
	PGresult *r = db_query(db,
		"SELECT s.id, s.username, s.display_name, s.role::text,"
		" CASE s.role WHEN 'pp' THEN 'Probation practitioner'"
		"  WHEN 'sp' THEN 'Supplier caseworker'"
		"  WHEN 'hpt' THEN 'Housing placement team assessor'"
		"  WHEN 'reporter' THEN 'MI reporter'"
		"  ELSE 'Administrator' END,"
		" pr.name, sp.name, s.team"
		" FROM staff s"
		" LEFT JOIN probation_region pr ON pr.id = s.region_id"
		" LEFT JOIN service_provider sp ON sp.id = s.provider_id"
		" WHERE s.username = current_user AND s.active",
		0, NULL, err, NULL);

	memset(out, 0, sizeof *out);
	if (!r)
		return CT_DB;
	if (PQntuples(r) != 1) {
		PQclear(r);
		sb_adds(err, "this database login is not a member of staff in caseterm; "
			     "ask an administrator to add you");
		return CT_NOT_FOUND;
	}
	out->id = atol(PQgetvalue(r, 0, 0));
	out->username = db_value_dup(r, 0, 1);
	out->display_name = db_value_dup(r, 0, 2);
	out->role = db_value_dup(r, 0, 3);
	out->role_label = db_value_dup(r, 0, 4);
	out->region = db_value_dup(r, 0, 5);
	out->provider = db_value_dup(r, 0, 6);
	out->team = db_value_dup(r, 0, 7);
	PQclear(r);
	if (!out->username || !out->display_name || !out->role || !out->role_label) {
		staff_release(out);
		return CT_NOMEM;
	}
	return CT_OK;
}

void staff_release(struct staff *s)
{
	free(s->username);
	free(s->display_name);
	free(s->role);
	free(s->role_label);
	free(s->region);
	free(s->provider);
	free(s->team);
	memset(s, 0, sizeof *s);
}

enum ct_status staff_queue_counts(PGconn *db, struct queue_count **out, size_t *count,
				  struct strbuf *err)
{
	PGresult *r = db_query(db, "SELECT queue, label, n FROM home_queues()", 0, NULL, err, NULL);
	struct queue_count *q;
	int i, n;

	*out = NULL;
	*count = 0;
	if (!r)
		return CT_DB;
	n = PQntuples(r);
	q = calloc((size_t)n + 1, sizeof *q);
	if (!q) {
		PQclear(r);
		return CT_NOMEM;
	}
	for (i = 0; i < n; i++) {
		q[i].queue = strdup(PQgetvalue(r, i, 0));
		q[i].label = strdup(PQgetvalue(r, i, 1));
		q[i].n = atol(PQgetvalue(r, i, 2));
		if (!q[i].queue || !q[i].label) {
			queue_counts_free(&q, (size_t)n);
			PQclear(r);
			return CT_NOMEM;
		}
	}
	PQclear(r);
	*out = q;
	*count = (size_t)n;
	return CT_OK;
}

void queue_counts_free(struct queue_count **q, size_t count)
{
	size_t i;

	if (!*q)
		return;
	for (i = 0; i < count; i++) {
		free((*q)[i].queue);
		free((*q)[i].label);
	}
	free(*q);
	*q = NULL;
}
