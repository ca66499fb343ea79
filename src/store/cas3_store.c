/* cas3_store.c: SQL for CAS3 accommodation (see cas3_store.h and migration 0006). */
#include "store/cas3_store.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/booking.h"
#include "store/outbox_store.h"
#include "util/dates.h"

/* ------------------------------------------------------------------------ */
/* Small helpers                                                            */

/* Copies columns first.. into the char ** arguments (NULL-terminated list);
 * a SQL NULL gives NULL.  Returns 0, or -1 when out of memory. */
static int pick(PGresult *r, int row, int first, ...)
{
	va_list ap;
	char **dst;
	int col = first, rc = 0;

	va_start(ap, first);
	while ((dst = va_arg(ap, char **))) {
		*dst = NULL;
		if (!PQgetisnull(r, row, col)) {
			*dst = strdup(PQgetvalue(r, row, col));
			if (!*dst)
				rc = -1;
		}
		col++;
	}
	va_end(ap);
	return rc;
}

static long lv(PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? 0 : atol(PQgetvalue(r, row, col));
}

static bool bv(PGresult *r, int row, int col)
{
	return !PQgetisnull(r, row, col) && PQgetvalue(r, row, col)[0] == 't';
}

static enum cas3_answer av(PGresult *r, int row, int col)
{
	if (PQgetisnull(r, row, col))
		return CAS3_UNANSWERED;
	return PQgetvalue(r, row, col)[0] == 't' ? CAS3_YES : CAS3_NO;
}

static const char *answer_param(enum cas3_answer a)
{
	return a == CAS3_YES ? "true" : a == CAS3_NO ? "false" : NULL;
}

/* "5" for a version; buf must hold 24 bytes. */
static const char *num(char *buf, long v)
{
	snprintf(buf, 24, "%ld", v);
	return buf;
}

/* Day number of an ISO date, or false. */
static bool day_of(const char *iso, long *day)
{
	struct ymd t;

	if (!iso || !date_parse_iso(iso, &t))
		return false;
	*day = date_to_days(t);
	return true;
}

/* A Postgres text[] literal {"a","b"} of v (NULL when n == 0). */
static char *text_array(const char *const *v, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	const char *c;
	int bad = 0;

	if (!n)
		return NULL;
	bad |= sb_addc(&sb, '{');
	for (i = 0; i < n; i++) {
		if (i)
			bad |= sb_addc(&sb, ',');
		bad |= sb_addc(&sb, '"');
		for (c = v[i] ? v[i] : ""; *c; c++) {
			if (*c == '"' || *c == '\\')
				bad |= sb_addc(&sb, '\\');
			bad |= sb_addc(&sb, *c);
		}
		bad |= sb_addc(&sb, '"');
	}
	bad |= sb_addc(&sb, '}');
	if (bad) {
		sb_release(&sb);
		return NULL;
	}
	return sb_detach(&sb, NULL);
}

/* Splits "a,b,c" into a new array of new strings (none for ""). */
static int split_keys(const char *s, char ***out, size_t *n)
{
	size_t count = 0, i = 0;
	const char *p, *e;
	char **v;

	*out = NULL;
	*n = 0;
	if (!s || !*s)
		return 0;
	for (p = s; p; p = strchr(p, ','), p = p ? p + 1 : NULL)
		count++;
	v = calloc(count, sizeof *v);
	if (!v)
		return -1;
	for (p = s; i < count; i++) {
		e = strchr(p, ',');
		v[i] = e ? strndup(p, (size_t)(e - p)) : strdup(p);
		if (!v[i]) {
			while (i--)
				free(v[i]);
			free(v);
			return -1;
		}
		p = e ? e + 1 : p + strlen(p);
	}
	*out = v;
	*n = count;
	return 0;
}

static void free_keys(char ***v, size_t n)
{
	size_t i;

	if (!*v)
		return;
	for (i = 0; i < n; i++)
		free((*v)[i]);
	free(*v);
	*v = NULL;
}

/* ------------------------------------------------------------------------ */
/* Queries, errors and transactions                                         */

/* What a failed statement means for the caller. */
static enum ct_status status_of(const char *sqlstate)
{
	if (!sqlstate || !*sqlstate)
		return CT_DB;
	if (!strcmp(sqlstate, "23P01") || !strcmp(sqlstate, "40001") || !strcmp(sqlstate, "40P01"))
		return CT_CONFLICT;
	if (!strcmp(sqlstate, "42501"))
		return CT_NOT_FOUND;
	if (!strncmp(sqlstate, "22", 2) || !strncmp(sqlstate, "23", 2) || !strcmp(sqlstate, "P0001"))
		return CT_USAGE;
	return CT_DB;
}

/*
 * Runs sql.  On success returns the result (PQclear it).  On failure returns
 * NULL, sets *rc, and puts in err the server's primary message (the words a
 * rule raised), or the whole message for database failures.  *state (may be
 * NULL) gets the SQLSTATE.
 */
static PGresult *q(PGconn *db, const char *sql, int n, const char *const *p, enum ct_status *rc,
		   struct strbuf *err, char state[6])
{
	PGresult *r = PQexecParams(db, sql, n, NULL, p, NULL, NULL, 0);
	ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	const char *code = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *msg;

	if (state)
		state[0] = '\0';
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
		*rc = CT_OK;
		return r;
	}
	*rc = r ? status_of(code) : CT_DB;
	if (state && code) {
		strncpy(state, code, 5);
		state[5] = '\0';
	}
	msg = r && *rc != CT_DB ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (!msg)
		msg = r ? PQresultErrorMessage(r) : PQerrorMessage(db);
	if (*rc == CT_NOT_FOUND)
		sb_adds(err, "you may only see and change records of your own region: ");
	sb_adds(err, msg);
	while (err->len && (err->buf[err->len - 1] == '\n' || err->buf[err->len - 1] == ' '))
		sb_setlen(err, err->len - 1);
	PQclear(r);
	return NULL;
}

/* q() for statements whose rows are not needed. */
static enum ct_status x(PGconn *db, const char *sql, int n, const char *const *p, struct strbuf *err,
			char state[6])
{
	enum ct_status rc;
	PGresult *r = q(db, sql, n, p, &rc, err, state);

	PQclear(r);
	return rc;
}

struct tx {
	bool nested;
};

/* Starts a transaction, or a savepoint inside the caller's. */
static enum ct_status tx_begin(PGconn *db, struct tx *t, struct strbuf *err)
{
	t->nested = PQtransactionStatus(db) != PQTRANS_IDLE;
	return x(db, t->nested ? "SAVEPOINT cas3_store" : "BEGIN", 0, NULL, err, NULL);
}

/* Commits when rc is CT_OK, else rolls back; returns rc (or the commit's). */
static enum ct_status tx_end(PGconn *db, struct tx *t, enum ct_status rc, struct strbuf *err)
{
	struct strbuf ignore = STRBUF_INIT;

	if (rc == CT_OK) {
		rc = x(db, t->nested ? "RELEASE SAVEPOINT cas3_store" : "COMMIT", 0, NULL, err, NULL);
		if (rc == CT_OK)
			return CT_OK;
	}
	if (t->nested) {
		x(db, "ROLLBACK TO SAVEPOINT cas3_store", 0, NULL, &ignore, NULL);
		x(db, "RELEASE SAVEPOINT cas3_store", 0, NULL, &ignore, NULL);
	} else {
		x(db, "ROLLBACK", 0, NULL, &ignore, NULL);
	}
	sb_release(&ignore);
	return rc;
}

/* Why an UPDATE ... WHERE version = ... changed nothing: the row is gone from
 * sight (CT_NOT_FOUND) or someone saved first (CT_CONFLICT, naming them).
 * table is one of this file's own table names, never user input. */
static enum ct_status stale(PGconn *db, const char *table, const char *what, const char *id,
			    struct strbuf *err)
{
	const char *p[1] = {id};
	char sql[400];
	enum ct_status rc;
	PGresult *r;

	snprintf(sql, sizeof sql,
		 "SELECT coalesce(s.display_name, t.updated_by::text),"
		 " to_char(t.updated_at, 'HH24:MI \"on\" YYYY-MM-DD')"
		 " FROM %s t LEFT JOIN staff s ON s.username = t.updated_by WHERE t.id = $1::uuid",
		 table);
	sb_reset(err);
	r = q(db, sql, 1, p, &rc, err, NULL);
	if (!r)
		return rc;
	if (PQntuples(r) == 0) {
		sb_addf(err, "there is no %s %s that you can see", what, id);
		rc = CT_NOT_FOUND;
	} else {
		sb_addf(err, "this %s was changed by %s at %s: look at their change, then try again",
			what, PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1));
		rc = CT_CONFLICT;
	}
	PQclear(r);
	return rc;
}

/* A JSON object of string (or null) members, "b" for a boolean ("true"),
 * "j" for raw JSON.  Returns a new string, or NULL when out of memory. */
struct kv {
	const char *k;
	const char *v;
	char type;   /* 's' (default), 'b', 'j' */
};

static char *json_of(const struct kv *kv, size_t n)
{
	json_t *o = json_object(), *v;
	char *out;
	size_t i;

	if (!o)
		return NULL;
	for (i = 0; i < n; i++) {
		if (!kv[i].v)
			v = json_null();
		else if (kv[i].type == 'b')
			v = json_boolean(!strcmp(kv[i].v, "true"));
		else if (kv[i].type == 'j')
			v = json_loads(kv[i].v, JSON_DECODE_ANY, NULL);
		else
			v = json_string(kv[i].v);
		if (!v)
			v = json_null();
		json_object_set_new(o, kv[i].k, v);
	}
	out = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return out;
}

/* One audit_log row in the open transaction. */
static enum ct_status audit(PGconn *db, const char *action, const char *crn, const char *entity,
			    const char *entity_id, const struct kv *kv, size_t n, struct strbuf *err)
{
	char *detail = json_of(kv, n);
	const char *p[5] = {action, crn, entity, entity_id, detail};
	enum ct_status rc;

	if (!detail)
		return CT_NOMEM;
	rc = x(db, "INSERT INTO audit_log (action, crn, entity, entity_id, detail)"
		   " VALUES ($1, $2, $3, $4, $5::jsonb)", 5, p, err, NULL);
	free(detail);
	return rc;
}

/* The §6.2 event of a booking, through the outbox, in the open transaction. */
static enum ct_status booking_event(PGconn *db, const char *event_type, const char *booking_id,
				    const char *by_key, const struct kv *kv, size_t n,
				    struct strbuf *err)
{
	char *extra = json_of(kv, n);
	const char *p[3] = {booking_id, by_key, extra};
	enum ct_status rc;
	PGresult *r;

	if (!extra)
		return CT_NOMEM;
	r = q(db, "SELECT cas3_booking_event($1::uuid, $2, $3::jsonb)::text, b.crn"
		  " FROM cas3_booking b WHERE b.id = $1::uuid", 3, p, &rc, err, NULL);
	free(extra);
	if (!r)
		return rc;
	if (PQntuples(r) != 1 || PQgetisnull(r, 0, 0)) {
		PQclear(r);
		sb_addf(err, "booking %s vanished while its event was written", booking_id);
		return CT_DB;
	}
	rc = outbox_add(db, event_type, PQgetvalue(r, 0, 1), PQgetvalue(r, 0, 0), err);
	PQclear(r);
	return rc;
}

/* Sets characteristics of premises or a bedspace to the property names in v. */
static enum ct_status set_characteristics(PGconn *db, bool premises, const char *id,
					  const char *const *v, size_t n, struct strbuf *err)
{
	char *arr = text_array(v, n);
	const char *p[2] = {id, arr};
	enum ct_status rc;
	PGresult *r;

	if (n && !arr)
		return CT_NOMEM;
	if (n) {
		r = q(db, "SELECT string_agg(k, ', ') FROM unnest($1::text[]) k"
			  " WHERE NOT EXISTS (SELECT 1 FROM characteristic c WHERE c.property_name = k)",
		      1, p + 1, &rc, err, NULL);
		if (!r) {
			free(arr);
			return rc;
		}
		if (!PQgetisnull(r, 0, 0)) {
			sb_addf(err, "unknown characteristic: %s", PQgetvalue(r, 0, 0));
			PQclear(r);
			free(arr);
			return CT_USAGE;
		}
		PQclear(r);
	}
	rc = x(db, premises ? "DELETE FROM cas3_premises_characteristic WHERE premises_id = $1::uuid"
			    : "DELETE FROM cas3_bedspace_characteristic WHERE bedspace_id = $1::uuid",
	       1, p, err, NULL);
	if (rc == CT_OK && n)
		rc = x(db, premises
			? "INSERT INTO cas3_premises_characteristic (premises_id, characteristic_id)"
			  " SELECT $1::uuid, c.id FROM characteristic c WHERE c.property_name = ANY ($2::text[])"
			: "INSERT INTO cas3_bedspace_characteristic (bedspace_id, characteristic_id)"
			  " SELECT $1::uuid, c.id FROM characteristic c WHERE c.property_name = ANY ($2::text[])",
		       2, p, err, NULL);
	free(arr);
	return rc;
}

/* What holds a bedspace between from and last (both included), for the
 * message of a lost race: "Bedspace 2 at Acacia House is no longer free from
 * A to B: it is taken from C to D by another booking (with its turnaround)".
 * Replaces err. */
static void taken_message(PGconn *db, const char *bedspace_id, const char *from,
			  const char *shown_to, const char *last, const char *except_booking,
			  struct strbuf *err)
{
	const char *p[4] = {bedspace_id, from, last, except_booking};
	struct strbuf ignore = STRBUF_INIT;
	enum ct_status rc;
	PGresult *r = q(db,
		"SELECT bs.reference, p.name, to_char(lower(o.during), 'YYYY-MM-DD'),"
		" to_char(upper(o.during) - 1, 'YYYY-MM-DD'),"
		" CASE WHEN o.void_id IS NOT NULL THEN 'a void'"
		"      ELSE 'another booking (with its turnaround)' END"
		" FROM cas3_bedspace bs JOIN cas3_premises p ON p.id = bs.premises_id"
		" LEFT JOIN LATERAL (SELECT * FROM cas3_occupancy o WHERE o.bedspace_id = bs.id"
		"   AND o.during && daterange($2::date, $3::date, '[]')"
		"   AND ($4::uuid IS NULL OR o.booking_id IS DISTINCT FROM $4::uuid)"
		"   ORDER BY lower(o.during) LIMIT 1) o ON true"
		" WHERE bs.id = $1::uuid", 4, p, &rc, &ignore, NULL);

	sb_reset(err);
	if (r && PQntuples(r) == 1) {
		sb_addf(err, "Bedspace %s at %s is no longer free from %s to %s", PQgetvalue(r, 0, 0),
			PQgetvalue(r, 0, 1), from, shown_to);
		if (!PQgetisnull(r, 0, 2))
			sb_addf(err, ": it is taken from %s to %s by %s", PQgetvalue(r, 0, 2),
				PQgetvalue(r, 0, 3), PQgetvalue(r, 0, 4));
	} else {
		sb_addf(err, "The bedspace is no longer free from %s to %s", from, shown_to);
	}
	PQclear(r);
	sb_release(&ignore);
}

/* Words of the domain's problems: "The stay cannot be longer than 84 nights; ...". */
static void problems_message(const struct booking_problems *pr, struct strbuf *err)
{
	size_t i;

	for (i = 0; i < pr->n; i++)
		sb_addf(err, "%s%s", i ? "; " : "", booking_problem_message(pr->v[i].code));
}

/* ------------------------------------------------------------------------ */
/* Reference lists                                                          */

enum ct_status cas3_list_options(PGconn *db, enum cas3_list which, struct cas3_option **out,
				 size_t *n, struct strbuf *err)
{
	static const char *const sql[CAS3_LIST_COUNT] = {
		"SELECT id::text, id::text, name FROM cas3_referral_rejection_reason"
		" WHERE active ORDER BY sort_order, name",
		"SELECT id::text, id::text, name FROM cas3_cancellation_reason"
		" WHERE active ORDER BY sort_order, name",
		"SELECT id::text, id::text, name FROM cas3_departure_reason"
		" WHERE active ORDER BY sort_order, name",
		"SELECT id::text, id::text, name FROM cas3_move_on_category"
		" WHERE active ORDER BY sort_order, name",
		"SELECT id::text, id::text, name FROM cas3_void_reason"
		" WHERE active ORDER BY sort_order, name",
		"SELECT id::text, property_name, name FROM characteristic"
		" WHERE active AND scope IN ('premises', 'both') ORDER BY sort_order, name",
		"SELECT id::text, property_name, name FROM characteristic"
		" WHERE active AND scope IN ('bedspace', 'both') ORDER BY sort_order, name",
		"SELECT id, id, name FROM pdu"
		" WHERE cas3_my_region() IS NULL OR region_id = cas3_my_region() ORDER BY name",
		"SELECT id, id, name FROM local_authority"
		" WHERE cas3_my_region() IS NULL OR region_id = cas3_my_region() ORDER BY name",
	};
	struct cas3_option *v;
	enum ct_status rc;
	PGresult *r;
	int i, rows;

	*out = NULL;
	*n = 0;
	if ((unsigned)which >= CAS3_LIST_COUNT)
		return CT_USAGE;
	r = q(db, sql[which], 0, NULL, &rc, err, NULL);
	if (!r)
		return rc;
	rows = PQntuples(r);
	v = calloc((size_t)rows + 1, sizeof *v);
	if (!v) {
		PQclear(r);
		return CT_NOMEM;
	}
	for (i = 0; i < rows; i++) {
		if (pick(r, i, 0, &v[i].id, &v[i].key, &v[i].name, (char **)NULL)) {
			PQclear(r);
			cas3_options_free(&v, (size_t)rows);
			return CT_NOMEM;
		}
	}
	PQclear(r);
	*out = v;
	*n = (size_t)rows;
	return CT_OK;
}

void cas3_options_free(struct cas3_option **v, size_t n)
{
	size_t i;

	if (!*v)
		return;
	for (i = 0; i < n; i++) {
		free((*v)[i].id);
		free((*v)[i].key);
		free((*v)[i].name);
	}
	free(*v);
	*v = NULL;
}

/* ------------------------------------------------------------------------ */
/* Premises                                                                 */

#define PREMISES_COLUMNS                                                                 \
	"p.id, p.name, p.address_line1, p.address_line2, p.town, p.postcode,"            \
	" p.local_authority_id, la.name, p.pdu_id, pdu.name, p.probation_region_id, pr.name," \
	" cas3_premises_status_on(p.status, p.archive_date, p.unarchive_date, current_date)," \
	" p.archive_date, p.unarchive_date, p.notes,"                                     \
	" coalesce((SELECT string_agg(c.name, ', ' ORDER BY c.sort_order)"                \
	"   FROM cas3_premises_characteristic pc JOIN characteristic c ON c.id = pc.characteristic_id" \
	"   WHERE pc.premises_id = p.id), ''),"                                           \
	" coalesce((SELECT string_agg(c.property_name, ',' ORDER BY c.sort_order)"        \
	"   FROM cas3_premises_characteristic pc JOIN characteristic c ON c.id = pc.characteristic_id" \
	"   WHERE pc.premises_id = p.id), ''),"                                           \
	" p.turnaround_working_days,"                                                     \
	" (SELECT concat_ws(',',"                                                          \
	"  count(*) FILTER (WHERE cas3_bedspace_status_on(b.start_date, b.end_date, current_date) = 'online')," \
	"  count(*) FILTER (WHERE cas3_bedspace_status_on(b.start_date, b.end_date, current_date) = 'upcoming')," \
	"  count(*) FILTER (WHERE cas3_bedspace_status_on(b.start_date, b.end_date, current_date) = 'archived'))" \
	"  FROM cas3_bedspace b WHERE b.premises_id = p.id),"                             \
	" p.version"                                                                      \
	" FROM cas3_premises p JOIN pdu ON pdu.id = p.pdu_id"                             \
	" JOIN probation_region pr ON pr.id = p.probation_region_id"                      \
	" LEFT JOIN local_authority la ON la.id = p.local_authority_id"

static int premises_from_row(PGresult *r, int i, struct cas3_premises *p)
{
	char *keys = NULL, *counts = NULL;
	int rc;

	memset(p, 0, sizeof *p);
	rc = pick(r, i, 0, &p->id, &p->name, &p->address_line1, &p->address_line2, &p->town,
		  &p->postcode, &p->local_authority_id, &p->local_authority, &p->pdu_id,
		  &p->pdu_name, &p->region_id, &p->region_name, &p->status, &p->archive_date,
		  &p->unarchive_date, &p->notes, &p->characteristics, &keys, (char **)NULL);
	if (!rc)
		rc = split_keys(keys, &p->characteristic_keys, &p->n_characteristic_keys);
	free(keys);
	p->turnaround_working_days = (int)lv(r, i, 18);
	counts = PQgetvalue(r, i, 19);   /* "online,upcoming,archived" */
	if (counts && sscanf(counts, "%ld,%ld,%ld", &p->bedspaces_online,
			     &p->bedspaces_upcoming, &p->bedspaces_archived) != 3)
		p->bedspaces_online = p->bedspaces_upcoming = p->bedspaces_archived = 0;
	p->version = lv(r, i, 20);
	return rc;
}

void cas3_premises_release(struct cas3_premises *p)
{
	free(p->id);
	free(p->name);
	free(p->address_line1);
	free(p->address_line2);
	free(p->town);
	free(p->postcode);
	free(p->local_authority_id);
	free(p->local_authority);
	free(p->pdu_id);
	free(p->pdu_name);
	free(p->region_id);
	free(p->region_name);
	free(p->status);
	free(p->archive_date);
	free(p->unarchive_date);
	free(p->notes);
	free(p->characteristics);
	free_keys(&p->characteristic_keys, p->n_characteristic_keys);
	memset(p, 0, sizeof *p);
}

void cas3_premises_list_free(struct cas3_premises **v, size_t n)
{
	size_t i;

	if (!*v)
		return;
	for (i = 0; i < n; i++)
		cas3_premises_release(&(*v)[i]);
	free(*v);
	*v = NULL;
}

static enum ct_status premises_check_input(const struct cas3_premises_input *in,
					   struct strbuf *err)
{
	if (!in->name || !*in->name || !in->address_line1 || !*in->address_line1 ||
	    !in->postcode || !*in->postcode || !in->pdu_id || !*in->pdu_id) {
		sb_adds(err, "premises need a property reference, the first address line, a postcode "
			     "and a PDU");
		return CT_USAGE;
	}
	return CT_OK;
}

enum ct_status cas3_premises_create(PGconn *db, const struct cas3_premises_input *in, char **id,
				    struct strbuf *err)
{
	char tbuf[24];
	const char *p[9] = {in->name, in->address_line1, in->address_line2, in->town, in->postcode,
			    in->local_authority_id, in->pdu_id, in->notes,
			    in->turnaround_working_days >= 0 ? num(tbuf, in->turnaround_working_days)
							     : NULL};
	struct tx t;
	enum ct_status rc;
	PGresult *r;
	char *new_id = NULL;

	*id = NULL;
	if ((rc = premises_check_input(in, err)) != CT_OK)
		return rc;
	if ((rc = tx_begin(db, &t, err)) != CT_OK)
		return rc;
	r = q(db, "INSERT INTO cas3_premises (name, address_line1, address_line2, town, postcode,"
		  " local_authority_id, pdu_id, notes, turnaround_working_days)"
		  " VALUES (btrim($1), $2, $3, $4, $5, $6, $7, coalesce($8, ''), coalesce($9::int, 2))"
		  " RETURNING id::text", 9, p, &rc, err, NULL);
	if (r) {
		new_id = db_value_dup(r, 0, 0);
		PQclear(r);
		if (!new_id)
			rc = CT_NOMEM;
	}
	if (rc == CT_OK)
		rc = set_characteristics(db, true, new_id, in->characteristics, in->n_characteristics,
					 err);
	if (rc == CT_OK) {
		struct kv kv[] = {{"name", in->name, 's'}, {"pdu", in->pdu_id, 's'}};

		rc = audit(db, "cas3.premises.created", NULL, "cas3_premises", new_id, kv, 2, err);
	}
	rc = tx_end(db, &t, rc, err);
	if (rc == CT_OK)
		*id = new_id;
	else
		free(new_id);
	return rc;
}

enum ct_status cas3_premises_update(PGconn *db, const char *id, long version,
				    const struct cas3_premises_input *in, struct strbuf *err)
{
	char vbuf[24], tbuf[24];
	const char *p[11] = {id, num(vbuf, version), in->name, in->address_line1,
			     in->address_line2, in->town, in->postcode, in->local_authority_id,
			     in->pdu_id, in->notes,
			     in->turnaround_working_days >= 0 ? num(tbuf, in->turnaround_working_days)
							      : NULL};
	struct tx t;
	enum ct_status rc;
	PGresult *r;

	if ((rc = premises_check_input(in, err)) != CT_OK)
		return rc;
	if ((rc = tx_begin(db, &t, err)) != CT_OK)
		return rc;
	r = q(db, "UPDATE cas3_premises SET name = btrim($3), address_line1 = $4,"
		  " address_line2 = $5, town = $6, postcode = $7, local_authority_id = $8,"
		  " pdu_id = $9, notes = coalesce($10, ''),"
		  " turnaround_working_days = coalesce($11::int, turnaround_working_days)"
		  " WHERE id = $1::uuid AND ($2::bigint = 0 OR version = $2::bigint) RETURNING id",
	      11, p, &rc, err, NULL);
	if (r) {
		if (PQntuples(r) == 0)
			rc = stale(db, "cas3_premises", "property", id, err);
		PQclear(r);
	}
	if (rc == CT_OK)
		rc = set_characteristics(db, true, id, in->characteristics, in->n_characteristics,
					 err);
	if (rc == CT_OK) {
		struct kv kv[] = {{"name", in->name, 's'}};

		rc = audit(db, "cas3.premises.updated", NULL, "cas3_premises", id, kv, 1, err);
	}
	return tx_end(db, &t, rc, err);
}

enum ct_status cas3_premises_get(PGconn *db, const char *id, struct cas3_premises *out,
				 struct strbuf *err)
{
	const char *p[1] = {id};
	enum ct_status rc;
	PGresult *r = q(db, "SELECT " PREMISES_COLUMNS " WHERE p.id = $1::uuid", 1, p, &rc, err,
			NULL);

	memset(out, 0, sizeof *out);
	if (!r)
		return rc;
	if (PQntuples(r) != 1) {
		PQclear(r);
		sb_addf(err, "there is no property %s that you can see", id);
		return CT_NOT_FOUND;
	}
	if (premises_from_row(r, 0, out)) {
		PQclear(r);
		cas3_premises_release(out);
		return CT_NOMEM;
	}
	PQclear(r);
	return CT_OK;
}

enum ct_status cas3_premises_list(PGconn *db, const char *search, const char *status,
				  struct cas3_premises **out, size_t *n, struct strbuf *err)
{
	const char *p[2] = {search && *search ? search : NULL, status};
	struct cas3_premises *v;
	enum ct_status rc;
	PGresult *r;
	int i, rows;

	*out = NULL;
	*n = 0;
	r = q(db, "SELECT " PREMISES_COLUMNS
		  " WHERE ($1::text IS NULL"
		  "   OR strpos(lower(concat_ws(' ', p.name, p.address_line1, p.address_line2, p.town,"
		  "      p.postcode, replace(p.postcode, ' ', ''))), lower(btrim($1))) > 0)"
		  " AND ($2::text IS NULL OR cas3_premises_status_on(p.status, p.archive_date,"
		  "      p.unarchive_date, current_date) = $2)"
		  " ORDER BY pdu.name, p.name", 2, p, &rc, err, NULL);
	if (!r)
		return rc;
	rows = PQntuples(r);
	v = calloc((size_t)rows + 1, sizeof *v);
	if (!v) {
		PQclear(r);
		return CT_NOMEM;
	}
	for (i = 0; i < rows; i++) {
		if (premises_from_row(r, i, &v[i])) {
			PQclear(r);
			cas3_premises_list_free(&v, (size_t)i + 1);
			return CT_NOMEM;
		}
	}
	PQclear(r);
	*out = v;
	*n = (size_t)rows;
	return CT_OK;
}

/* CT_USAGE when a booking, turnaround or void of the premises (bedspace_id
 * NULL) or bedspace runs on or after date. */
static enum ct_status archive_blocked(PGconn *db, const char *premises_id, const char *bedspace_id,
				      const char *date, struct strbuf *err)
{
	const char *p[3] = {premises_id, bedspace_id, date};
	enum ct_status rc;
	PGresult *r = q(db,
		"SELECT bs.reference, to_char(upper(o.during) - 1, 'YYYY-MM-DD'),"
		" to_char(upper(o.during), 'YYYY-MM-DD'),"
		" CASE WHEN o.void_id IS NOT NULL THEN 'a void' ELSE 'a booking (with its turnaround)' END"
		" FROM cas3_occupancy o JOIN cas3_bedspace bs ON bs.id = o.bedspace_id"
		" WHERE ($1::uuid IS NULL OR bs.premises_id = $1::uuid)"
		" AND ($2::uuid IS NULL OR bs.id = $2::uuid)"
		" AND upper(o.during) > $3::date"
		" ORDER BY upper(o.during) DESC LIMIT 1", 3, p, &rc, err, NULL);

	if (!r)
		return rc;
	if (PQntuples(r)) {
		sb_addf(err, "bedspace %s has %s until %s: it can be archived from %s",
			PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 3), PQgetvalue(r, 0, 1),
			PQgetvalue(r, 0, 2));
		rc = CT_USAGE;
	}
	PQclear(r);
	return rc;
}

enum ct_status cas3_premises_archive(PGconn *db, const char *id, long version, const char *date,
				     struct strbuf *err)
{
	char vbuf[24];
	const char *p[3] = {id, num(vbuf, version), date};
	struct tx t;
	enum ct_status rc;
	PGresult *r;
	long d;

	if (!day_of(date, &d)) {
		sb_adds(err, "give the archive date as YYYY-MM-DD");
		return CT_USAGE;
	}
	if ((rc = tx_begin(db, &t, err)) != CT_OK)
		return rc;
	r = q(db, "SELECT cas3_premises_status_on(status, archive_date, unarchive_date, current_date)"
		  " FROM cas3_premises WHERE id = $1::uuid FOR UPDATE", 1, p, &rc, err, NULL);
	if (r) {
		if (PQntuples(r) && strcmp(PQgetvalue(r, 0, 0), "online")) {
			sb_adds(err, "the property is already archived");
			rc = CT_USAGE;
		}
		PQclear(r);
	}
	if (rc == CT_OK)
		rc = archive_blocked(db, id, NULL, date, err);
	if (rc == CT_OK) {
		r = q(db, "UPDATE cas3_premises SET status = 'online', archive_date = $3::date,"
			  " unarchive_date = NULL"
			  " WHERE id = $1::uuid AND ($2::bigint = 0 OR version = $2::bigint) RETURNING id",
		      3, p, &rc, err, NULL);
		if (r) {
			if (PQntuples(r) == 0)
				rc = stale(db, "cas3_premises", "property", id, err);
			PQclear(r);
		}
	}
	if (rc == CT_OK)
		rc = x(db, "UPDATE cas3_bedspace SET end_date = $2::date"
			   " WHERE premises_id = $1::uuid AND start_date < $2::date"
			   " AND (end_date IS NULL OR end_date > $2::date)", 2,
		       (const char *const[]){id, date}, err, NULL);
	if (rc == CT_OK) {
		struct kv kv[] = {{"date", date, 's'}};

		rc = audit(db, "cas3.premises.archived", NULL, "cas3_premises", id, kv, 1, err);
	}
	return tx_end(db, &t, rc, err);
}

enum ct_status cas3_premises_unarchive(PGconn *db, const char *id, long version,
				       const char *date, struct strbuf *err)
{
	char vbuf[24];
	const char *p[3] = {id, num(vbuf, version), date};
	struct tx t;
	enum ct_status rc;
	PGresult *r;
	char *was = NULL;
	long d;

	if (!day_of(date, &d)) {
		sb_adds(err, "give the date it comes back online as YYYY-MM-DD");
		return CT_USAGE;
	}
	if ((rc = tx_begin(db, &t, err)) != CT_OK)
		return rc;
	r = q(db, "SELECT cas3_premises_status_on(status, archive_date, unarchive_date, current_date),"
		  " archive_date FROM cas3_premises WHERE id = $1::uuid FOR UPDATE", 1, p, &rc, err,
	      NULL);
	if (r) {
		if (PQntuples(r) == 0) {
			sb_addf(err, "there is no property %s that you can see", id);
			rc = CT_NOT_FOUND;
		} else if (strcmp(PQgetvalue(r, 0, 0), "archived")) {
			sb_adds(err, "the property is not archived");
			rc = CT_USAGE;
		} else {
			was = db_value_dup(r, 0, 1);
		}
		PQclear(r);
	}
	if (rc == CT_OK) {
		r = q(db, "UPDATE cas3_premises SET status = 'archived', archive_date = NULL,"
			  " unarchive_date = $3::date"
			  " WHERE id = $1::uuid AND ($2::bigint = 0 OR version = $2::bigint) RETURNING id",
		      3, p, &rc, err, NULL);
		if (r) {
			if (PQntuples(r) == 0)
				rc = stale(db, "cas3_premises", "property", id, err);
			PQclear(r);
		}
	}
	/* bedspaces archived with the property come back with it */
	if (rc == CT_OK && was)
		rc = x(db, "UPDATE cas3_bedspace SET end_date = NULL"
			   " WHERE premises_id = $1::uuid AND end_date = $2::date", 2,
		       (const char *const[]){id, was}, err, NULL);
	if (rc == CT_OK) {
		struct kv kv[] = {{"date", date, 's'}};

		rc = audit(db, "cas3.premises.unarchived", NULL, "cas3_premises", id, kv, 1, err);
	}
	free(was);
	return tx_end(db, &t, rc, err);
}

/* ------------------------------------------------------------------------ */
/* Bedspaces                                                                */

void cas3_bedspace_list_free(struct cas3_bedspace **v, size_t n)
{
	size_t i;

	if (!*v)
		return;
	for (i = 0; i < n; i++) {
		struct cas3_bedspace *b = &(*v)[i];

		free(b->id);
		free(b->premises_id);
		free(b->reference);
		free(b->start_date);
		free(b->end_date);
		free(b->notes);
		free(b->status);
		free(b->characteristics);
		free_keys(&b->characteristic_keys, b->n_characteristic_keys);
	}
	free(*v);
	*v = NULL;
}

enum ct_status cas3_bedspace_create(PGconn *db, const char *premises_id,
				    const struct cas3_bedspace_input *in, char **id,
				    struct strbuf *err)
{
	const char *p[4] = {premises_id, in->reference, in->start_date, in->notes};
	struct tx t;
	enum ct_status rc;
	PGresult *r;
	char *new_id = NULL;

	*id = NULL;
	if (!in->reference || !*in->reference) {
		sb_adds(err, "a bedspace needs a reference");
		return CT_USAGE;
	}
	if ((rc = tx_begin(db, &t, err)) != CT_OK)
		return rc;
	r = q(db, "INSERT INTO cas3_bedspace (premises_id, reference, start_date, notes)"
		  " SELECT p.id, btrim($2), coalesce($3::date, current_date), coalesce($4, '')"
		  " FROM cas3_premises p WHERE p.id = $1::uuid RETURNING id::text",
	      4, p, &rc, err, NULL);
	if (r) {
		if (PQntuples(r) == 0) {
			sb_addf(err, "there is no property %s that you can see", premises_id);
			rc = CT_NOT_FOUND;
		} else if (!(new_id = db_value_dup(r, 0, 0))) {
			rc = CT_NOMEM;
		}
		PQclear(r);
	}
	if (rc == CT_OK)
		rc = set_characteristics(db, false, new_id, in->characteristics,
					 in->n_characteristics, err);
	/* a bedspace coming online brings its archived property back (TA-UI #1398) */
	if (rc == CT_OK)
		rc = x(db, "UPDATE cas3_premises SET status = 'online', archive_date = NULL,"
			   " unarchive_date = NULL WHERE id = $1::uuid"
			   " AND cas3_premises_status_on(status, archive_date, unarchive_date,"
			   "   current_date) = 'archived'", 1, p, err, NULL);
	if (rc == CT_OK) {
		struct kv kv[] = {{"reference", in->reference, 's'}, {"premisesId", premises_id, 's'}};

		rc = audit(db, "cas3.bedspace.created", NULL, "cas3_bedspace", new_id, kv, 2, err);
	}
	rc = tx_end(db, &t, rc, err);
	if (rc == CT_OK)
		*id = new_id;
	else
		free(new_id);
	return rc;
}

enum ct_status cas3_bedspace_update(PGconn *db, const char *id, long version,
				    const struct cas3_bedspace_input *in, struct strbuf *err)
{
	char vbuf[24];
	const char *p[5] = {id, num(vbuf, version), in->reference, in->start_date, in->notes};
	struct tx t;
	enum ct_status rc;
	PGresult *r;

	if (!in->reference || !*in->reference) {
		sb_adds(err, "a bedspace needs a reference");
		return CT_USAGE;
	}
	if ((rc = tx_begin(db, &t, err)) != CT_OK)
		return rc;
	r = q(db, "UPDATE cas3_bedspace SET reference = btrim($3),"
		  " start_date = coalesce($4::date, start_date), notes = coalesce($5, '')"
		  " WHERE id = $1::uuid AND ($2::bigint = 0 OR version = $2::bigint) RETURNING id",
	      5, p, &rc, err, NULL);
	if (r) {
		if (PQntuples(r) == 0)
			rc = stale(db, "cas3_bedspace", "bedspace", id, err);
		PQclear(r);
	}
	if (rc == CT_OK)
		rc = set_characteristics(db, false, id, in->characteristics, in->n_characteristics,
					 err);
	if (rc == CT_OK) {
		struct kv kv[] = {{"reference", in->reference, 's'}};

		rc = audit(db, "cas3.bedspace.updated", NULL, "cas3_bedspace", id, kv, 1, err);
	}
	return tx_end(db, &t, rc, err);
}

enum ct_status cas3_bedspace_list(PGconn *db, const char *premises_id, struct cas3_bedspace **out,
				  size_t *n, struct strbuf *err)
{
	const char *p[1] = {premises_id};
	struct cas3_bedspace *v;
	enum ct_status rc;
	PGresult *r;
	int i, rows;

	*out = NULL;
	*n = 0;
	r = q(db, "SELECT b.id, b.premises_id, b.reference, b.start_date, b.end_date, b.notes,"
		  " cas3_bedspace_status_on(b.start_date, b.end_date, current_date),"
		  " coalesce((SELECT string_agg(c.name, ', ' ORDER BY c.sort_order)"
		  "   FROM cas3_bedspace_characteristic bc JOIN characteristic c"
		  "   ON c.id = bc.characteristic_id WHERE bc.bedspace_id = b.id), ''),"
		  " coalesce((SELECT string_agg(c.property_name, ',' ORDER BY c.sort_order)"
		  "   FROM cas3_bedspace_characteristic bc JOIN characteristic c"
		  "   ON c.id = bc.characteristic_id WHERE bc.bedspace_id = b.id), ''),"
		  " b.version"
		  " FROM cas3_bedspace b WHERE b.premises_id = $1::uuid ORDER BY lower(b.reference)",
	      1, p, &rc, err, NULL);
	if (!r)
		return rc;
	rows = PQntuples(r);
	v = calloc((size_t)rows + 1, sizeof *v);
	if (!v) {
		PQclear(r);
		return CT_NOMEM;
	}
	for (i = 0; i < rows; i++) {
		char *keys = NULL;
		int bad = pick(r, i, 0, &v[i].id, &v[i].premises_id, &v[i].reference,
			       &v[i].start_date, &v[i].end_date, &v[i].notes, &v[i].status,
			       &v[i].characteristics, &keys, (char **)NULL);

		if (!bad)
			bad = split_keys(keys, &v[i].characteristic_keys,
					 &v[i].n_characteristic_keys);
		free(keys);
		v[i].version = lv(r, i, 9);
		if (bad) {
			PQclear(r);
			cas3_bedspace_list_free(&v, (size_t)i + 1);
			return CT_NOMEM;
		}
	}
	PQclear(r);
	*out = v;
	*n = (size_t)rows;
	return CT_OK;
}

enum ct_status cas3_bedspace_archive(PGconn *db, const char *id, long version, const char *date,
				     struct strbuf *err)
{
	char vbuf[24];
	const char *p[3] = {id, num(vbuf, version), date};
	struct tx t;
	enum ct_status rc;
	PGresult *r;
	long d;

	if (date && !day_of(date, &d)) {
		sb_adds(err, "give the archive date as YYYY-MM-DD");
		return CT_USAGE;
	}
	if ((rc = tx_begin(db, &t, err)) != CT_OK)
		return rc;
	if (date)
		rc = archive_blocked(db, NULL, id, date, err);
	if (rc == CT_OK) {
		r = q(db, "UPDATE cas3_bedspace SET end_date = $3::date"
			  " WHERE id = $1::uuid AND ($2::bigint = 0 OR version = $2::bigint)"
			  " RETURNING premises_id::text", 3, p, &rc, err, NULL);
		if (r) {
			if (PQntuples(r) == 0) {
				rc = stale(db, "cas3_bedspace", "bedspace", id, err);
			} else {
				const char *pp[2] = {PQgetvalue(r, 0, 0), date};

				/* the last bedspace archived archives the property, and
				 * one coming back online brings the property back */
				rc = x(db, date
					? "UPDATE cas3_premises p SET archive_date ="
					  " (SELECT max(end_date) FROM cas3_bedspace b WHERE b.premises_id = p.id)"
					  " WHERE p.id = $1::uuid AND p.status = 'online'"
					  " AND $2::date IS NOT NULL AND NOT EXISTS (SELECT 1 FROM cas3_bedspace b"
					  "   WHERE b.premises_id = p.id AND b.end_date IS NULL)"
					: "UPDATE cas3_premises SET status = 'online', archive_date = NULL,"
					  " unarchive_date = NULL WHERE id = $1::uuid AND $2::date IS NULL"
					  " AND cas3_premises_status_on(status, archive_date, unarchive_date,"
					  "   current_date) = 'archived'", 2, pp, err, NULL);
			}
			PQclear(r);
		}
	}
	if (rc == CT_OK) {
		struct kv kv[] = {{"date", date, 's'}};

		rc = audit(db, date ? "cas3.bedspace.archived" : "cas3.bedspace.unarchived", NULL,
			   "cas3_bedspace", id, kv, 1, err);
	}
	return tx_end(db, &t, rc, err);
}

/* ------------------------------------------------------------------------ */
/* Voids                                                                    */

/* Locks the bedspace (so bookers and void makers queue rather than deadlock)
 * and reads its reference, premises name, start and end. */
static PGresult *lock_bedspace(PGconn *db, const char *bedspace_id, enum ct_status *rc,
			       struct strbuf *err)
{
	const char *p[1] = {bedspace_id};
	PGresult *r = q(db,
		"SELECT bs.reference, p.name, bs.start_date, bs.end_date, p.pdu_id,"
		" p.turnaround_working_days, p.id::text"
		" FROM cas3_bedspace bs JOIN cas3_premises p ON p.id = bs.premises_id"
		" WHERE bs.id = $1::uuid FOR NO KEY UPDATE OF bs", 1, p, rc, err, NULL);

	if (r && PQntuples(r) != 1) {
		PQclear(r);
		sb_addf(err, "there is no bedspace %s that you can see", bedspace_id);
		*rc = CT_NOT_FOUND;
		return NULL;
	}
	return r;
}

static enum ct_status void_check_dates(const struct cas3_void_input *in, PGresult *bed,
				       struct strbuf *err)
{
	long s, e, bs, be;

	if (!day_of(in->start_date, &s) || !day_of(in->end_date, &e)) {
		sb_adds(err, "give the void's start and end dates as YYYY-MM-DD");
		return CT_USAGE;
	}
	if (e < s) {
		sb_adds(err, "the void's end date is before its start date");
		return CT_USAGE;
	}
	if (day_of(PQgetvalue(bed, 0, 2), &bs) && s < bs) {
		sb_addf(err, "the void starts before the bedspace does (%s)", PQgetvalue(bed, 0, 2));
		return CT_USAGE;
	}
	if (!PQgetisnull(bed, 0, 3) && day_of(PQgetvalue(bed, 0, 3), &be) && e >= be) {
		sb_addf(err, "the bedspace is archived from %s, before the void ends",
			PQgetvalue(bed, 0, 3));
		return CT_USAGE;
	}
	if (!in->reason_id || !*in->reason_id) {
		sb_adds(err, "choose the reason the bedspace is void");
		return CT_USAGE;
	}
	return CT_OK;
}

enum ct_status cas3_void_create(PGconn *db, const struct cas3_void_input *in, char **id,
				struct strbuf *err)
{
	const char *p[7] = {in->bedspace_id, in->start_date, in->end_date, in->reason_id,
			    in->reference_number, in->notes, in->cost_centre};
	struct tx t;
	enum ct_status rc;
	PGresult *bed = NULL, *r;
	char *new_id = NULL;
	char state[6] = "";

	*id = NULL;
	if (!in->bedspace_id) {
		sb_adds(err, "choose the bedspace");
		return CT_USAGE;
	}
	if ((rc = tx_begin(db, &t, err)) != CT_OK)
		return rc;
	bed = lock_bedspace(db, in->bedspace_id, &rc, err);
	if (bed)
		rc = void_check_dates(in, bed, err);
	if (rc == CT_OK) {
		r = q(db, "INSERT INTO cas3_void_bedspace (bedspace_id, start_date, end_date, reason_id,"
			  " reference_number, notes, cost_centre)"
			  " VALUES ($1::uuid, $2::date, $3::date, $4::uuid, $5, coalesce($6, ''), $7)"
			  " RETURNING id::text", 7, p, &rc, err, state);
		if (r) {
			if (!(new_id = db_value_dup(r, 0, 0)))
				rc = CT_NOMEM;
			PQclear(r);
		}
	}
	if (rc == CT_OK) {
		struct kv kv[] = {{"bedspaceId", in->bedspace_id, 's'},
				  {"startDate", in->start_date, 's'},
				  {"endDate", in->end_date, 's'},
				  {"reasonId", in->reason_id, 's'}};

		rc = audit(db, "cas3.void.created", NULL, "cas3_void_bedspace", new_id, kv, 4, err);
	}
	PQclear(bed);
	rc = tx_end(db, &t, rc, err);
	if (rc == CT_CONFLICT && !strcmp(state, "23P01"))
		taken_message(db, in->bedspace_id, in->start_date, in->end_date, in->end_date, NULL,
			      err);
	if (rc == CT_OK)
		*id = new_id;
	else
		free(new_id);
	return rc;
}

enum ct_status cas3_void_update(PGconn *db, const char *id, long version,
				const struct cas3_void_input *in, struct strbuf *err)
{
	char vbuf[24];
	const char *p[8] = {id, num(vbuf, version), in->start_date, in->end_date, in->reason_id,
			    in->reference_number, in->notes, in->cost_centre};
	const char *pid[1] = {id};
	struct tx t;
	enum ct_status rc;
	PGresult *bed = NULL, *r;
	char *bedspace = NULL;
	char state[6] = "";

	if ((rc = tx_begin(db, &t, err)) != CT_OK)
		return rc;
	r = q(db, "SELECT bedspace_id::text FROM cas3_void_bedspace WHERE id = $1::uuid", 1, pid,
	      &rc, err, NULL);
	if (r) {
		if (PQntuples(r) == 0) {
			sb_addf(err, "there is no void %s that you can see", id);
			rc = CT_NOT_FOUND;
		} else if (!(bedspace = db_value_dup(r, 0, 0))) {
			rc = CT_NOMEM;
		}
		PQclear(r);
	}
	if (rc == CT_OK)
		bed = lock_bedspace(db, bedspace, &rc, err);
	if (bed)
		rc = void_check_dates(in, bed, err);
	if (rc == CT_OK) {
		r = q(db, "UPDATE cas3_void_bedspace SET start_date = $3::date, end_date = $4::date,"
			  " reason_id = $5::uuid, reference_number = $6, notes = coalesce($7, ''),"
			  " cost_centre = $8"
			  " WHERE id = $1::uuid AND cancelled_at IS NULL"
			  " AND ($2::bigint = 0 OR version = $2::bigint) RETURNING id",
		      8, p, &rc, err, state);
		if (r) {
			if (PQntuples(r) == 0)
				rc = stale(db, "cas3_void_bedspace", "void", id, err);
			PQclear(r);
		}
	}
	if (rc == CT_OK) {
		struct kv kv[] = {{"startDate", in->start_date, 's'}, {"endDate", in->end_date, 's'}};

		rc = audit(db, "cas3.void.updated", NULL, "cas3_void_bedspace", id, kv, 2, err);
	}
	PQclear(bed);
	rc = tx_end(db, &t, rc, err);
	if (rc == CT_CONFLICT && !strcmp(state, "23P01"))
		taken_message(db, bedspace, in->start_date, in->end_date, in->end_date, NULL, err);
	free(bedspace);
	return rc;
}

enum ct_status cas3_void_cancel(PGconn *db, const char *id, long version, const char *notes,
				struct strbuf *err)
{
	char vbuf[24];
	const char *p[3] = {id, num(vbuf, version), notes};
	struct tx t;
	enum ct_status rc;
	PGresult *r;

	if ((rc = tx_begin(db, &t, err)) != CT_OK)
		return rc;
	r = q(db, "UPDATE cas3_void_bedspace SET cancelled_at = now(), cancellation_notes = $3,"
		  " cancelled_by = current_user"
		  " WHERE id = $1::uuid AND cancelled_at IS NULL"
		  " AND ($2::bigint = 0 OR version = $2::bigint) RETURNING id",
	      3, p, &rc, err, NULL);
	if (r) {
		if (PQntuples(r) == 0)
			rc = stale(db, "cas3_void_bedspace", "void", id, err);
		PQclear(r);
	}
	if (rc == CT_OK) {
		struct kv kv[] = {{"notes", notes, 's'}};

		rc = audit(db, "cas3.void.cancelled", NULL, "cas3_void_bedspace", id, kv, 1, err);
	}
	return tx_end(db, &t, rc, err);
}

enum ct_status cas3_void_list(PGconn *db, const char *bedspace_id, bool include_cancelled,
			      struct cas3_void **out, size_t *n, struct strbuf *err)
{
	const char *p[2] = {bedspace_id, include_cancelled ? "true" : "false"};
	struct cas3_void *v;
	enum ct_status rc;
	PGresult *r;
	int i, rows;

	*out = NULL;
	*n = 0;
	r = q(db, "SELECT v.id, v.bedspace_id, v.start_date, v.end_date, v.reason_id, vr.name,"
		  " v.reference_number, v.notes, v.cost_centre,"
		  " to_char(v.cancelled_at, 'YYYY-MM-DD HH24:MI'), v.cancellation_notes, v.version"
		  " FROM cas3_void_bedspace v JOIN cas3_void_reason vr ON vr.id = v.reason_id"
		  " WHERE v.bedspace_id = $1::uuid AND ($2::boolean OR v.cancelled_at IS NULL)"
		  " ORDER BY v.start_date DESC, v.created_at DESC", 2, p, &rc, err, NULL);
	if (!r)
		return rc;
	rows = PQntuples(r);
	v = calloc((size_t)rows + 1, sizeof *v);
	if (!v) {
		PQclear(r);
		return CT_NOMEM;
	}
	for (i = 0; i < rows; i++) {
		int bad = pick(r, i, 0, &v[i].id, &v[i].bedspace_id, &v[i].start_date, &v[i].end_date,
			       &v[i].reason_id, &v[i].reason, &v[i].reference_number, &v[i].notes,
			       &v[i].cost_centre, &v[i].cancelled_at, &v[i].cancellation_notes,
			       (char **)NULL);

		v[i].version = lv(r, i, 11);
		if (bad) {
			PQclear(r);
			cas3_void_list_free(&v, (size_t)i + 1);
			return CT_NOMEM;
		}
	}
	PQclear(r);
	*out = v;
	*n = (size_t)rows;
	return CT_OK;
}

void cas3_void_list_free(struct cas3_void **v, size_t n)
{
	size_t i;

	if (!*v)
		return;
	for (i = 0; i < n; i++) {
		struct cas3_void *d = &(*v)[i];

		free(d->id);
		free(d->bedspace_id);
		free(d->start_date);
		free(d->end_date);
		free(d->reason_id);
		free(d->reason);
		free(d->reference_number);
		free(d->notes);
		free(d->cost_centre);
		free(d->cancelled_at);
		free(d->cancellation_notes);
	}
	free(*v);
	*v = NULL;
}

/* ------------------------------------------------------------------------ */
/* Applications and assessments                                             */

static const char *const tab_keys[] = {
#define X(name, key, label, status) key,
	CAS3_TAB_LIST(X)
#undef X
};
static const char *const tab_labels[] = {
#define X(name, key, label, status) label,
	CAS3_TAB_LIST(X)
#undef X
};
static const char *const tab_statuses[] = {
#define X(name, key, label, status) status,
	CAS3_TAB_LIST(X)
#undef X
};

const char *cas3_tab_key(enum cas3_tab t)
{
	return (unsigned)t < CAS3_TAB_COUNT ? tab_keys[t] : "?";
}

const char *cas3_tab_label(enum cas3_tab t)
{
	return (unsigned)t < CAS3_TAB_COUNT ? tab_labels[t] : "?";
}

const char *cas3_tab_status(enum cas3_tab t)
{
	return (unsigned)t < CAS3_TAB_COUNT ? tab_statuses[t] : "?";
}

const char *cas3_assessment_status_label(const char *status)
{
	unsigned i;

	for (i = 0; status && i < CAS3_TAB_COUNT; i++)
		if (!strcmp(status, tab_statuses[i]))
			return tab_labels[i];
	return status ? status : "?";
}

enum ct_status cas3_application_submit(PGconn *db, const struct cas3_application_input *in,
				       char **application_id, char **assessment_id,
				       struct strbuf *err)
{
	const char *p[33] = {
		in->crn, in->noms_number, in->person_name, in->date_of_birth, in->sex,
		in->gender_identity, in->ethnicity, in->pnc_number, in->event_number, in->offence_id,
		in->region_id, in->pdu_id, in->accommodation_required_from, in->release_date,
		answer_param(in->registered_sex_offender), answer_param(in->history_of_sexual_offence),
		answer_param(in->concerning_sexual_behaviour),
		answer_param(in->needs_accessible_property), answer_param(in->history_of_arson),
		answer_param(in->concerning_arson_behaviour),
		answer_param(in->duty_to_refer_submitted), in->duty_to_refer_date,
		in->duty_to_refer_outcome, in->duty_to_refer_local_authority,
		answer_param(in->eligible), in->eligibility_reason, in->prison_name,
		in->prison_release_types, in->answers_json, in->risk_ratings_json, NULL, NULL, NULL};
	struct tx t;
	enum ct_status rc;
	PGresult *r;
	char *app = NULL, *ass = NULL, *payload = NULL;

	if (application_id)
		*application_id = NULL;
	if (assessment_id)
		*assessment_id = NULL;
	if (!in->crn || !*in->crn || !in->person_name || !*in->person_name) {
		sb_adds(err, "a referral needs the person's CRN and name");
		return CT_USAGE;
	}
	if ((rc = tx_begin(db, &t, err)) != CT_OK)
		return rc;
	r = q(db, "SELECT coalesce($1, cas3_my_region()), current_staff_id()", 1, p + 10, &rc, err,
	      NULL);
	if (r) {
		if (PQgetisnull(r, 0, 0)) {
			sb_adds(err, "choose the region the placement is for");
			rc = CT_USAGE;
		} else if (PQgetisnull(r, 0, 1)) {
			sb_adds(err, "only a member of staff can submit a referral");
			rc = CT_USAGE;
		}
		PQclear(r);
	}
	if (rc == CT_OK) {
		r = q(db,
		      "INSERT INTO cas3_application (crn, noms_number, person_name, date_of_birth, sex,"
		      " gender_identity, ethnicity, pnc_number, event_number, offence_id,"
		      " probation_region_id, pdu_id, accommodation_required_from, release_date,"
		      " is_registered_sex_offender, is_history_of_sexual_offence,"
		      " is_concerning_sexual_behaviour, needs_accessible_property, has_history_of_arson,"
		      " is_concerning_arson_behaviour, is_duty_to_refer_submitted,"
		      " duty_to_refer_submission_date, duty_to_refer_outcome,"
		      " duty_to_refer_local_authority, is_eligible, eligibility_reason, prison_name,"
		      " prison_release_types, answers, risk_ratings, submitted_by, referrer_region_id)"
		      " VALUES (upper(btrim($1)), $2, $3, $4::date, $5, $6, $7, $8, $9, $10,"
		      " coalesce($11, cas3_my_region()), $12, $13::date, $14::date,"
		      " $15::boolean, $16::boolean, $17::boolean, $18::boolean, $19::boolean,"
		      " $20::boolean, $21::boolean, $22::date, $23, $24, $25::boolean, $26, $27, $28,"
		      " coalesce($29::jsonb, '{}'), coalesce($30::jsonb, '{}'), current_staff_id(),"
		      " cas3_my_region())"
		      " RETURNING id::text", 30, p, &rc, err, NULL);
		if (r) {
			if (!(app = db_value_dup(r, 0, 0)))
				rc = CT_NOMEM;
			PQclear(r);
		}
	}
	if (rc == CT_OK) {
		const char *pa[1] = {app};

		r = q(db, "SELECT s.id::text, jsonb_build_object("
			  "  'applicationId', a.id, 'assessmentId', s.id,"
			  "  'personReference', jsonb_build_object('crn', a.crn, 'noms', a.noms_number),"
			  "  'probationRegionCode', a.probation_region_id, 'pduId', a.pdu_id,"
			  "  'submittedAt', a.submitted_at,"
			  "  'submittedBy', (SELECT jsonb_build_object('staffCode', st.staff_code,"
			  "     'username', st.username, 'probationRegionCode', st.region_id)"
			  "     FROM staff st WHERE st.id = a.submitted_by))::text"
			  " FROM cas3_application a JOIN cas3_assessment s ON s.application_id = a.id"
			  " WHERE a.id = $1::uuid", 1, pa, &rc, err, NULL);
		if (r) {
			if (PQntuples(r) != 1) {
				sb_adds(err, "the referral was saved but its assessment was not made");
				rc = CT_DB;
			} else if (pick(r, 0, 0, &ass, &payload, (char **)NULL)) {
				rc = CT_NOMEM;
			}
			PQclear(r);
		}
	}
	if (rc == CT_OK) {
		struct kv kv[] = {{"applicationId", app, 's'}, {"assessmentId", ass, 's'}};

		rc = audit(db, "cas3.referral.submitted", in->crn, "cas3_application", app, kv, 2,
			   err);
	}
	if (rc == CT_OK)
		rc = outbox_add(db, "accommodation.cas3.referral.submitted", in->crn, payload, err);
	free(payload);
	rc = tx_end(db, &t, rc, err);
	if (rc == CT_OK && application_id)
		*application_id = app;
	else
		free(app);
	if (rc == CT_OK && assessment_id)
		*assessment_id = ass;
	else
		free(ass);
	return rc;
}

void cas3_queue_free(struct cas3_queue_item **v, size_t n)
{
	size_t i;

	if (!*v)
		return;
	for (i = 0; i < n; i++) {
		struct cas3_queue_item *it = &(*v)[i];

		free(it->assessment_id);
		free(it->application_id);
		free(it->crn);
		free(it->person_name);
		free(it->status);
		free(it->pdu_name);
		free(it->required_from);
		free(it->submitted_at);
		free(it->allocated_to);
	}
	free(*v);
	*v = NULL;
}

enum ct_status cas3_queue_list(PGconn *db, enum cas3_tab tab, const char *crn_or_name,
			       struct cas3_queue_item **out, size_t *n, struct strbuf *err)
{
	const char *p[2] = {cas3_tab_status(tab), crn_or_name && *crn_or_name ? crn_or_name : NULL};
	struct cas3_queue_item *v;
	enum ct_status rc;
	PGresult *r;
	int i, rows;

	*out = NULL;
	*n = 0;
	if ((unsigned)tab >= CAS3_TAB_COUNT)
		return CT_USAGE;
	r = q(db, "SELECT v.assessment_id, v.application_id, v.crn, v.person_name, v.status::text,"
		  " v.pdu_name, v.accommodation_required_from, to_char(v.submitted_at, 'YYYY-MM-DD'),"
		  " v.allocated_to_name,"
		  " coalesce(v.is_registered_sex_offender OR v.is_history_of_sexual_offence"
		  "          OR v.is_concerning_sexual_behaviour, false), v.version"
		  " FROM cas3_assessment_view v"
		  " WHERE v.status = $1::cas3_assessment_status"
		  " AND ($2::text IS NULL OR upper(v.crn) = upper(btrim($2))"
		  "      OR strpos(lower(v.person_name), lower(btrim($2))) > 0)"
		  " ORDER BY v.accommodation_required_from NULLS LAST, v.submitted_at, v.assessment_id",
	      2, p, &rc, err, NULL);
	if (!r)
		return rc;
	rows = PQntuples(r);
	v = calloc((size_t)rows + 1, sizeof *v);
	if (!v) {
		PQclear(r);
		return CT_NOMEM;
	}
	for (i = 0; i < rows; i++) {
		int bad = pick(r, i, 0, &v[i].assessment_id, &v[i].application_id, &v[i].crn,
			       &v[i].person_name, &v[i].status, &v[i].pdu_name, &v[i].required_from,
			       &v[i].submitted_at, &v[i].allocated_to, (char **)NULL);

		v[i].sexual_risk = bv(r, i, 9);
		v[i].version = lv(r, i, 10);
		if (bad) {
			PQclear(r);
			cas3_queue_free(&v, (size_t)i + 1);
			return CT_NOMEM;
		}
	}
	PQclear(r);
	*out = v;
	*n = (size_t)rows;
	return CT_OK;
}

enum ct_status cas3_queue_counts(PGconn *db, long counts[CAS3_TAB_COUNT], struct strbuf *err)
{
	enum ct_status rc;
	PGresult *r;
	int i, t;

	for (t = 0; t < CAS3_TAB_COUNT; t++)
		counts[t] = 0;
	r = q(db, "SELECT status::text, count(*) FROM cas3_assessment GROUP BY status", 0, NULL,
	      &rc, err, NULL);
	if (!r)
		return rc;
	for (i = 0; i < PQntuples(r); i++)
		for (t = 0; t < CAS3_TAB_COUNT; t++)
			if (!strcmp(PQgetvalue(r, i, 0), tab_statuses[t]))
				counts[t] = lv(r, i, 1);
	PQclear(r);
	return CT_OK;
}

void cas3_assessment_release(struct cas3_assessment *a)
{
	size_t i;

	free(a->id);
	free(a->application_id);
	free(a->status);
	free(a->crn);
	free(a->noms_number);
	free(a->person_name);
	free(a->date_of_birth);
	free(a->sex);
	free(a->region_name);
	free(a->pdu_id);
	free(a->pdu_name);
	free(a->submitted_at);
	free(a->submitted_by);
	free(a->allocated_to);
	free(a->rejection_reason);
	free(a->rejection_detail);
	free(a->release_date);
	free(a->required_from);
	free(a->answers_json);
	for (i = 0; i < a->n_timeline; i++) {
		free(a->timeline[i].at);
		free(a->timeline[i].by);
		free(a->timeline[i].kind);
		free(a->timeline[i].text);
	}
	free(a->timeline);
	memset(a, 0, sizeof *a);
}

enum ct_status cas3_assessment_get(PGconn *db, const char *id, struct cas3_assessment *out,
				   struct strbuf *err)
{
	const char *p[1] = {id};
	enum ct_status rc;
	PGresult *r;
	int i, rows;

	memset(out, 0, sizeof *out);
	r = q(db, "SELECT v.assessment_id, v.application_id, v.status::text, v.crn, v.noms_number,"
		  " v.person_name, v.date_of_birth, v.sex, v.region_name, v.pdu_id, v.pdu_name,"
		  " to_char(v.submitted_at, 'YYYY-MM-DD HH24:MI'), v.submitted_by_name,"
		  " v.allocated_to_name, v.rejection_reason, v.rejection_detail, v.release_date,"
		  " v.accommodation_required_from, a.answers::text, v.is_withdrawn,"
		  " v.is_registered_sex_offender, v.is_history_of_sexual_offence,"
		  " v.is_concerning_sexual_behaviour, v.needs_accessible_property,"
		  " v.has_history_of_arson, v.is_concerning_arson_behaviour, v.version"
		  " FROM cas3_assessment_view v JOIN cas3_application a ON a.id = v.application_id"
		  " WHERE v.assessment_id = $1::uuid", 1, p, &rc, err, NULL);
	if (!r)
		return rc;
	if (PQntuples(r) != 1) {
		PQclear(r);
		sb_addf(err, "there is no referral %s that you can see", id);
		return CT_NOT_FOUND;
	}
	if (pick(r, 0, 0, &out->id, &out->application_id, &out->status, &out->crn,
		 &out->noms_number, &out->person_name, &out->date_of_birth, &out->sex,
		 &out->region_name, &out->pdu_id, &out->pdu_name, &out->submitted_at,
		 &out->submitted_by, &out->allocated_to, &out->rejection_reason,
		 &out->rejection_detail, &out->release_date, &out->required_from,
		 &out->answers_json, (char **)NULL)) {
		PQclear(r);
		cas3_assessment_release(out);
		return CT_NOMEM;
	}
	out->is_withdrawn = bv(r, 0, 19);
	out->registered_sex_offender = av(r, 0, 20);
	out->history_of_sexual_offence = av(r, 0, 21);
	out->concerning_sexual_behaviour = av(r, 0, 22);
	out->needs_accessible_property = av(r, 0, 23);
	out->history_of_arson = av(r, 0, 24);
	out->concerning_arson_behaviour = av(r, 0, 25);
	out->version = lv(r, 0, 26);
	PQclear(r);
	/* the answers hold risk information: every read is audited */
	{
		const char *pa[2] = {out->crn, id};

		rc = x(db, "INSERT INTO audit_log (action, crn, entity, entity_id)"
			   " VALUES ('cas3.referral.read', $1, 'cas3_assessment', $2)", 2, pa, err, NULL);
		if (rc != CT_OK) {
			cas3_assessment_release(out);
			return rc;
		}
	}

	r = q(db, "SELECT to_char(h.at, 'YYYY-MM-DD HH24:MI'), coalesce(st.display_name, h.by_user::text),"
		  " 'status', CASE WHEN h.from_status IS NULL THEN 'Submitted' ELSE 'Moved from '"
		  "   || h.from_status::text END || ' to ' || h.to_status::text, h.at, 0, h.id"
		  " FROM cas3_assessment_history h LEFT JOIN staff st ON st.id = h.by_staff_id"
		  " WHERE h.assessment_id = $1::uuid"
		  " UNION ALL"
		  " SELECT to_char(n.created_at, 'YYYY-MM-DD HH24:MI'),"
		  " coalesce(st.display_name, n.created_by::text), 'note', n.message, n.created_at, 1, n.id"
		  " FROM cas3_assessment_note n LEFT JOIN staff st ON st.id = n.staff_id"
		  " WHERE n.assessment_id = $1::uuid"
		  " ORDER BY 5, 6, 7", 1, p, &rc, err, NULL);
	if (!r) {
		cas3_assessment_release(out);
		return rc;
	}
	rows = PQntuples(r);
	out->timeline = calloc((size_t)rows + 1, sizeof *out->timeline);
	if (!out->timeline) {
		PQclear(r);
		cas3_assessment_release(out);
		return CT_NOMEM;
	}
	for (i = 0; i < rows; i++) {
		struct cas3_timeline_entry *e = &out->timeline[i];
		int bad = pick(r, i, 0, &e->at, &e->by, &e->kind, &e->text, (char **)NULL);

		out->n_timeline = (size_t)i + 1;
		if (bad) {
			PQclear(r);
			cas3_assessment_release(out);
			return CT_NOMEM;
		}
		/* "Moved from in_review to ready_to_place" in the screen's words */
		if (!strcmp(e->kind, "status")) {
			struct strbuf sb = STRBUF_INIT;
			char *to = strstr(e->text, " to ");

			if (!strncmp(e->text, "Moved from ", 11) && to) {
				*to = '\0';
				sb_addf(&sb, "Moved from %s to %s",
					cas3_assessment_status_label(e->text + 11),
					cas3_assessment_status_label(to + 4));
			} else if (to) {
				sb_addf(&sb, "Submitted: %s", cas3_assessment_status_label(to + 4));
			}
			if (sb.len) {
				free(e->text);
				e->text = sb_detach(&sb, NULL);
			}
			sb_release(&sb);
		}
	}
	PQclear(r);
	return CT_OK;
}

/* Runs an UPDATE on one assessment whose RETURNING gives crn; handles a stale
 * version.  *crn (may be NULL) gets the person's CRN. */
static enum ct_status assessment_update(PGconn *db, const char *sql, int n, const char *const *p,
					const char *id, char **crn, struct strbuf *err)
{
	enum ct_status rc;
	PGresult *r = q(db, sql, n, p, &rc, err, NULL);

	if (crn)
		*crn = NULL;
	if (!r)
		return rc;
	if (PQntuples(r) == 0)
		rc = stale(db, "cas3_assessment", "referral", id, err);
	else if (crn && !(*crn = db_value_dup(r, 0, 0)))
		rc = CT_NOMEM;
	PQclear(r);
	return rc;
}

#define ASSESSMENT_RETURNING \
	" RETURNING (SELECT a.crn FROM cas3_application a WHERE a.id = application_id)"

enum ct_status cas3_assessment_allocate_to_me(PGconn *db, const char *id, long version,
					      struct strbuf *err)
{
	char vbuf[24];
	const char *p[2] = {id, num(vbuf, version)};
	struct tx t;
	enum ct_status rc;
	char *crn = NULL;

	if ((rc = tx_begin(db, &t, err)) != CT_OK)
		return rc;
	rc = assessment_update(db,
		"UPDATE cas3_assessment SET allocated_to = current_staff_id(), status = 'in_review'"
		" WHERE id = $1::uuid AND ($2::bigint = 0 OR version = $2::bigint)"
		ASSESSMENT_RETURNING, 2, p, id, &crn, err);
	if (rc == CT_OK)
		rc = audit(db, "cas3.assessment.allocated", crn, "cas3_assessment", id, NULL, 0, err);
	free(crn);
	return tx_end(db, &t, rc, err);
}

enum ct_status cas3_assessment_move(PGconn *db, const char *id, long version, const char *status,
				    struct strbuf *err)
{
	char vbuf[24];
	const char *p[3] = {id, num(vbuf, version), status};
	struct tx t;
	enum ct_status rc;
	char *crn = NULL;

	if (!status || (strcmp(status, "unallocated") && strcmp(status, "in_review") &&
			strcmp(status, "ready_to_place") && strcmp(status, "closed"))) {
		sb_addf(err, "a referral cannot be moved to \"%s\"%s", status ? status : "",
			status && !strcmp(status, "rejected") ? ": reject it with a reason" : "");
		return CT_USAGE;
	}
	if ((rc = tx_begin(db, &t, err)) != CT_OK)
		return rc;
	rc = assessment_update(db,
		"UPDATE cas3_assessment SET status = $3::cas3_assessment_status,"
		" allocated_to = CASE WHEN $3 = 'in_review' THEN coalesce(allocated_to, current_staff_id())"
		"                     ELSE allocated_to END"
		" WHERE id = $1::uuid AND ($2::bigint = 0 OR version = $2::bigint)"
		ASSESSMENT_RETURNING, 3, p, id, &crn, err);
	if (rc == CT_OK) {
		struct kv kv[] = {{"status", status, 's'}};

		rc = audit(db, "cas3.assessment.moved", crn, "cas3_assessment", id, kv, 1, err);
	}
	free(crn);
	return tx_end(db, &t, rc, err);
}

enum ct_status cas3_assessment_reject(PGconn *db, const char *id, long version,
				      const char *reason_id, const char *detail, bool withdrawn,
				      struct strbuf *err)
{
	char vbuf[24];
	const char *p[5] = {id, num(vbuf, version), reason_id, detail, withdrawn ? "true" : "false"};
	struct tx t;
	enum ct_status rc;
	PGresult *r;
	char *crn = NULL;

	if (!reason_id || !*reason_id) {
		sb_adds(err, "choose why you are rejecting the referral");
		return CT_USAGE;
	}
	if ((rc = tx_begin(db, &t, err)) != CT_OK)
		return rc;
	r = q(db, "SELECT 1 FROM cas3_referral_rejection_reason WHERE id = $1::uuid AND active", 1,
	      p + 2, &rc, err, NULL);
	if (r) {
		if (PQntuples(r) == 0) {
			sb_adds(err, "that is not one of the reasons for rejecting a referral");
			rc = CT_USAGE;
		}
		PQclear(r);
	}
	if (rc == CT_OK)
		rc = assessment_update(db,
			"UPDATE cas3_assessment SET status = 'rejected', rejection_reason_id = $3::uuid,"
			" rejection_detail = $4, is_withdrawn = $5::boolean"
			" WHERE id = $1::uuid AND ($2::bigint = 0 OR version = $2::bigint)"
			ASSESSMENT_RETURNING, 5, p, id, &crn, err);
	if (rc == CT_OK) {
		struct kv kv[] = {{"reasonId", reason_id, 's'}, {"detail", detail, 's'},
				  {"withdrawn", withdrawn ? "true" : "false", 'b'}};

		rc = audit(db, "cas3.assessment.rejected", crn, "cas3_assessment", id, kv, 3, err);
	}
	free(crn);
	return tx_end(db, &t, rc, err);
}

enum ct_status cas3_assessment_update_dates(PGconn *db, const char *id, long version,
					    const char *release_date, const char *required_from,
					    struct strbuf *err)
{
	char vbuf[24];
	const char *p[4] = {id, num(vbuf, version), release_date, required_from};
	struct tx t;
	enum ct_status rc;
	PGresult *r;
	char *crn = NULL;
	long d;

	if ((release_date && !day_of(release_date, &d)) ||
	    (required_from && !day_of(required_from, &d))) {
		sb_adds(err, "give dates as YYYY-MM-DD");
		return CT_USAGE;
	}
	if ((rc = tx_begin(db, &t, err)) != CT_OK)
		return rc;
	/* §3.2: the release may not be after the accommodation-required date */
	r = q(db, "SELECT coalesce($2::date, v.release_date) > coalesce($3::date,"
		  " v.accommodation_required_from)"
		  " FROM cas3_assessment_view v WHERE v.assessment_id = $1::uuid", 3,
	      (const char *const[]){id, release_date, required_from}, &rc, err, NULL);
	if (r) {
		if (PQntuples(r) && bv(r, 0, 0)) {
			sb_adds(err, "the release date is after the date accommodation is required from");
			rc = CT_USAGE;
		}
		PQclear(r);
	}
	if (rc == CT_OK)
		rc = assessment_update(db,
			"UPDATE cas3_assessment SET release_date = coalesce($3::date, release_date),"
			" accommodation_required_from = coalesce($4::date, accommodation_required_from)"
			" WHERE id = $1::uuid AND ($2::bigint = 0 OR version = $2::bigint)"
			ASSESSMENT_RETURNING, 4, p, id, &crn, err);
	if (rc == CT_OK) {
		struct kv kv[] = {{"releaseDate", release_date, 's'},
				  {"accommodationRequiredFromDate", required_from, 's'}};

		/* accommodation.cas3.assessment.updated is stored, not sent (§6.2) */
		rc = audit(db, "cas3.assessment.updated", crn, "cas3_assessment", id, kv, 2, err);
	}
	free(crn);
	return tx_end(db, &t, rc, err);
}

enum ct_status cas3_assessment_add_note(PGconn *db, const char *id, const char *message,
					struct strbuf *err)
{
	const char *p[2] = {id, message};
	struct tx t;
	enum ct_status rc;
	PGresult *r;
	char *crn = NULL;

	if (!message || !*message) {
		sb_adds(err, "the note is empty");
		return CT_USAGE;
	}
	if ((rc = tx_begin(db, &t, err)) != CT_OK)
		return rc;
	r = q(db, "INSERT INTO cas3_assessment_note (assessment_id, message)"
		  " SELECT s.id, $2 FROM cas3_assessment s WHERE s.id = $1::uuid"
		  " RETURNING (SELECT a.crn FROM cas3_application a JOIN cas3_assessment s"
		  "   ON s.application_id = a.id WHERE s.id = $1::uuid)", 2, p, &rc, err, NULL);
	if (r) {
		if (PQntuples(r) == 0) {
			sb_addf(err, "there is no referral %s that you can see", id);
			rc = CT_NOT_FOUND;
		} else {
			crn = db_value_dup(r, 0, 0);
		}
		PQclear(r);
	}
	if (rc == CT_OK)
		rc = audit(db, "cas3.assessment.note", crn, "cas3_assessment", id, NULL, 0, err);
	free(crn);
	return tx_end(db, &t, rc, err);
}

/* ------------------------------------------------------------------------ */
/* Bedspace search and availability                                        */

/* The search (migration 0006, cas3_bedspace_search): one row per free
 * bedspace, ordered by PDU, premises, bedspace. */
static const char search_sql[] =
	"SELECT * FROM cas3_bedspace_search($1::date, $2::int, $3::text[], $4::text, $5::text,"
	" $6::boolean, $7::boolean, $8::text[], $9::uuid, $10::int)";

/* Runs the search; exclude (may be NULL) leaves a bedspace out; limit 0 = all. */
static PGresult *search_run(PGconn *db, const struct cas3_search *s, const char *exclude,
			    int limit, enum ct_status *rc, struct strbuf *err)
{
	char nbuf[24], lbuf[24];
	const char **chars = NULL;
	char *pdus = NULL, *req = NULL;
	size_t i, nc = 0;
	long d;
	const char *p[10];
	PGresult *r = NULL;

	if (!day_of(s->start_date, &d)) {
		sb_adds(err, "give the date the bedspace is needed from as YYYY-MM-DD");
		*rc = CT_USAGE;
		return NULL;
	}
	if (s->n_pdus > CAS3_MAX_SEARCH_PDUS) {
		sb_addf(err, "choose at most %d PDUs", CAS3_MAX_SEARCH_PDUS);
		*rc = CT_USAGE;
		return NULL;
	}
	chars = calloc(s->n_characteristics + 2, sizeof *chars);
	if (!chars) {
		*rc = CT_NOMEM;
		return NULL;
	}
	for (i = 0; i < s->n_characteristics; i++)
		chars[nc++] = s->characteristics[i];
	if (s->wheelchair)
		chars[nc++] = "isWheelchairAccessible";
	pdus = text_array(s->pdu_ids, s->n_pdus);
	req = text_array(chars, nc);
	if ((s->n_pdus && !pdus) || (nc && !req)) {
		*rc = CT_NOMEM;
		goto out;
	}
	p[0] = s->start_date;
	p[1] = num(nbuf, s->nights > 0 ? s->nights : CAS3_DEFAULT_NIGHTS);
	p[2] = pdus;
	p[3] = s->occupancy == CAS3_OCC_SINGLE ? "single"
	     : s->occupancy == CAS3_OCC_SHARED ? "shared" : NULL;
	p[4] = s->sex == CAS3_SEX_MEN_ONLY ? "men" : s->sex == CAS3_SEX_WOMEN_ONLY ? "women" : NULL;
	p[5] = s->sexual_risk_to_adults ? "true" : "false";
	p[6] = s->sexual_risk_to_children ? "true" : "false";
	p[7] = req;
	p[8] = exclude;
	p[9] = limit > 0 ? num(lbuf, limit) : NULL;
	r = q(db, search_sql, 10, p, rc, err, NULL);
out:
	free(chars);
	free(pdus);
	free(req);
	return r;
}

void cas3_search_result_release(struct cas3_search_result *r)
{
	size_t i, j;

	for (i = 0; i < r->n_premises; i++) {
		struct cas3_search_premises *p = &r->premises[i];

		free(p->premises_id);
		free(p->name);
		free(p->address_line1);
		free(p->address_line2);
		free(p->town);
		free(p->postcode);
		free(p->pdu_name);
		free(p->notes);
		free(p->characteristics);
		free(p->others);
		for (j = 0; j < p->n_bedspaces; j++) {
			free(p->bedspaces[j].bedspace_id);
			free(p->bedspaces[j].reference);
			free(p->bedspaces[j].characteristics);
			free(p->bedspaces[j].why);
			free(p->bedspaces[j].turnaround_end);
		}
		free(p->bedspaces);
	}
	free(r->premises);
	free(r->start_date);
	free(r->departure_date);
	memset(r, 0, sizeof *r);
}

enum ct_status cas3_bedspace_search(PGconn *db, const struct cas3_search *s,
				    struct cas3_search_result *out, struct strbuf *err)
{
	enum ct_status rc;
	PGresult *r;
	int i, rows;
	long start;
	struct ymd dep;
	char depbuf[16];

	memset(out, 0, sizeof *out);
	r = search_run(db, s, NULL, 0, &rc, err);
	if (!r)
		return rc;
	rows = PQntuples(r);
	start = 0;
	day_of(s->start_date, &start);
	dep = date_from_days(start + (s->nights > 0 ? s->nights : CAS3_DEFAULT_NIGHTS));
	snprintf(depbuf, sizeof depbuf, "%04d-%02d-%02d", dep.y, dep.m, dep.d);
	out->start_date = strdup(s->start_date);
	out->departure_date = strdup(depbuf);
	/* at most one group per row */
	out->premises = calloc((size_t)rows + 1, sizeof *out->premises);
	if (!out->premises || !out->start_date || !out->departure_date)
		goto nomem;
	for (i = 0; i < rows; i++) {
		struct cas3_search_premises *p;
		struct cas3_search_bedspace *b;

		if (!out->n_premises ||
		    strcmp(out->premises[out->n_premises - 1].premises_id, PQgetvalue(r, i, 0))) {
			p = &out->premises[out->n_premises++];
			if (pick(r, i, 0, &p->premises_id, &p->name, &p->address_line1,
				 &p->address_line2, &p->town, &p->postcode, &p->pdu_name, &p->notes,
				 &p->characteristics, (char **)NULL))
				goto nomem;
			p->bedspaces_total = lv(r, i, 9);
			p->bedspaces_booked = lv(r, i, 10);
			if (!(p->others = db_value_dup(r, i, 11)))
				goto nomem;
			p->sexual_risk_nearby = bv(r, i, 12);
			/* bedspaces of this group: count the run of rows */
			{
				int j = i;

				while (j < rows && !strcmp(PQgetvalue(r, j, 0), p->premises_id))
					j++;
				p->bedspaces = calloc((size_t)(j - i), sizeof *p->bedspaces);
				if (!p->bedspaces)
					goto nomem;
			}
		}
		p = &out->premises[out->n_premises - 1];
		b = &p->bedspaces[p->n_bedspaces++];
		out->n_bedspaces++;
		if (pick(r, i, 13, &b->bedspace_id, &b->reference, &b->characteristics, &b->why,
			 &b->turnaround_end, (char **)NULL))
			goto nomem;
	}
	PQclear(r);
	return CT_OK;
nomem:
	PQclear(r);
	cas3_search_result_release(out);
	return CT_NOMEM;
}

void cas3_grid_release(struct cas3_grid *g)
{
	size_t i;
	int d;

	for (i = 0; i < g->n_rows; i++) {
		struct cas3_grid_row *row = &g->rows[i];

		free(row->bedspace_id);
		free(row->premises_id);
		free(row->premises_name);
		free(row->reference);
		free(row->cells);
		if (row->ids)
			for (d = 0; d < g->days; d++)
				free(row->ids[d]);
		free(row->ids);
	}
	free(g->rows);
	free(g->from);
	memset(g, 0, sizeof *g);
}

enum ct_status cas3_availability_grid(PGconn *db, const char *premises_id, const char *from,
				      int days, struct cas3_grid *out, struct strbuf *err)
{
	char dbuf[24];
	const char *p[3] = {from, num(dbuf, days), premises_id};
	enum ct_status rc;
	PGresult *r;
	int i, rows, d;
	long day;

	memset(out, 0, sizeof *out);
	if (!day_of(from, &day) || days < 1 || days > 366) {
		sb_adds(err, "the grid needs a first day (YYYY-MM-DD) and 1 to 366 days");
		return CT_USAGE;
	}
	r = q(db, "SELECT bs.id, p.id, p.name, bs.reference,"
		  " string_agg(CASE WHEN g.d < bs.start_date"
		  "                   OR (bs.end_date IS NOT NULL AND g.d >= bs.end_date) THEN '-'"
		  "                 WHEN o.void_id IS NOT NULL THEN 'V'"
		  "                 WHEN o.booking_id IS NOT NULL AND g.d <= b.departure_date THEN 'B'"
		  "                 WHEN o.booking_id IS NOT NULL THEN 'T'"
		  "                 ELSE '.' END, '' ORDER BY g.d),"
		  " string_agg(coalesce(o.booking_id, o.void_id)::text || '@' || (g.d - $1::date), ','"
		  "   ORDER BY g.d)"
		  " FROM cas3_bedspace bs JOIN cas3_premises p ON p.id = bs.premises_id"
		  " CROSS JOIN (SELECT $1::date + i AS d FROM generate_series(0, $2::int - 1) i) g"
		  " LEFT JOIN cas3_occupancy o ON o.bedspace_id = bs.id AND o.during @> g.d"
		  " LEFT JOIN cas3_booking b ON b.id = o.booking_id"
		  " WHERE ($3::uuid IS NULL OR p.id = $3::uuid)"
		  " GROUP BY bs.id, p.id, p.name, bs.reference"
		  " ORDER BY p.name, lower(bs.reference), bs.id", 3, p, &rc, err, NULL);
	if (!r)
		return rc;
	rows = PQntuples(r);
	out->days = days;
	out->from = strdup(from);
	out->rows = calloc((size_t)rows + 1, sizeof *out->rows);
	if (!out->from || !out->rows)
		goto nomem;
	for (i = 0; i < rows; i++) {
		struct cas3_grid_row *row = &out->rows[i];
		const char *spans;

		out->n_rows = (size_t)i + 1;
		if (pick(r, i, 0, &row->bedspace_id, &row->premises_id, &row->premises_name,
			 &row->reference, &row->cells, (char **)NULL))
			goto nomem;
		row->ids = calloc((size_t)days, sizeof *row->ids);
		if (!row->ids)
			goto nomem;
		/* "id@dayoffset,id@dayoffset,..." for the taken days */
		spans = PQgetisnull(r, i, 5) ? "" : PQgetvalue(r, i, 5);
		while (*spans) {
			const char *at = strchr(spans, '@');
			const char *next = strchr(spans, ',');

			if (!at)
				break;
			d = atoi(at + 1);
			if (d >= 0 && d < days && !row->ids[d]) {
				row->ids[d] = strndup(spans, (size_t)(at - spans));
				if (!row->ids[d])
					goto nomem;
			}
			spans = next ? next + 1 : spans + strlen(spans);
		}
	}
	PQclear(r);
	return CT_OK;
nomem:
	PQclear(r);
	cas3_grid_release(out);
	return CT_NOMEM;
}

/* ------------------------------------------------------------------------ */
/* Bookings                                                                 */

/* The next free bedspace for a lost race: `same`, or the same dates in the
 * same PDU.  NULL when none (or on error). */
static char *next_free_bedspace(PGconn *db, const struct cas3_search *same,
				const char *bedspace_id, const char *pdu_id, const char *arrival,
				long nights)
{
	struct strbuf ignore = STRBUF_INIT;
	struct cas3_search s;
	const char *pdus[1] = {pdu_id};
	enum ct_status rc;
	PGresult *r;
	char *id = NULL;

	if (same) {
		s = *same;
	} else {
		memset(&s, 0, sizeof s);
		s.start_date = arrival;
		s.nights = nights > 0 ? (int)nights : CAS3_DEFAULT_NIGHTS;
		s.pdu_ids = pdus;
		s.n_pdus = 1;
	}
	r = search_run(db, &s, bedspace_id, 1, &rc, &ignore);
	if (r && PQntuples(r) == 1)
		id = db_value_dup(r, 0, 13);
	PQclear(r);
	sb_release(&ignore);
	return id;
}

enum ct_status cas3_booking_create(PGconn *db, const struct cas3_booking_input *in,
				   const struct cas3_search *same, char **booking_id,
				   char **next_bedspace_id, struct strbuf *err)
{
	struct booking_problems pr;
	struct tx t;
	enum ct_status rc;
	PGresult *bed = NULL, *r;
	char *new_id = NULL, *pdu = NULL, *last = NULL;
	char *crn = NULL, *noms = NULL, *name = NULL, *sex = NULL, *application = NULL;
	char state[6] = "";
	long arr, dep, bstart = BOOKING_NO_DATE, bend = BOOKING_NO_DATE;

	*booking_id = NULL;
	if (next_bedspace_id)
		*next_bedspace_id = NULL;
	if (!in->bedspace_id || !day_of(in->arrival_date, &arr) ||
	    !day_of(in->departure_date, &dep)) {
		sb_adds(err, "a booking needs a bedspace and arrival and departure dates (YYYY-MM-DD)");
		return CT_USAGE;
	}
	if ((rc = tx_begin(db, &t, err)) != CT_OK)
		return rc;
	bed = lock_bedspace(db, in->bedspace_id, &rc, err);
	if (bed) {
		if (!(pdu = db_value_dup(bed, 0, 4)))
			rc = CT_NOMEM;
		day_of(PQgetvalue(bed, 0, 2), &bstart);
		/* the bedspace's last open day is the day before its end date */
		if (!PQgetisnull(bed, 0, 3) && day_of(PQgetvalue(bed, 0, 3), &bend))
			bend--;
		if (rc == CT_OK && !booking_check_new(arr, dep, bstart, bend, &pr)) {
			problems_message(&pr, err);
			rc = CT_USAGE;
		}
	}
	if (rc == CT_OK && in->assessment_id) {
		const char *pa[1] = {in->assessment_id};

		r = q(db, "SELECT a.crn, a.noms_number, a.person_name, a.sex, s.status::text,"
			  " a.id::text FROM cas3_assessment s"
			  " JOIN cas3_application a ON a.id = s.application_id WHERE s.id = $1::uuid",
		      1, pa, &rc, err, NULL);
		if (r) {
			if (PQntuples(r) == 0) {
				sb_addf(err, "there is no referral %s that you can see", in->assessment_id);
				rc = CT_NOT_FOUND;
			} else if (!strcmp(PQgetvalue(r, 0, 4), "rejected") ||
				   !strcmp(PQgetvalue(r, 0, 4), "closed")) {
				sb_addf(err, "the referral is %s: it cannot be placed",
					cas3_assessment_status_label(PQgetvalue(r, 0, 4)));
				rc = CT_USAGE;
			} else if (pick(r, 0, 0, &crn, &noms, &name, &sex, (char **)NULL) ||
				   !(application = db_value_dup(r, 0, 5))) {
				rc = CT_NOMEM;
			}
			PQclear(r);
		}
	}
	if (rc == CT_OK) {
		const char *p[10] = {in->bedspace_id, in->assessment_id, application,
				     in->crn ? in->crn : crn, in->noms_number ? in->noms_number : noms,
				     in->person_name ? in->person_name : name,
				     in->sex ? in->sex : sex, in->arrival_date, in->departure_date,
				     in->notes};

		if (!p[3]) {
			sb_adds(err, "a booking needs the person's CRN");
			rc = CT_USAGE;
		} else {
			r = q(db, "INSERT INTO cas3_booking (bedspace_id, assessment_id, application_id,"
				  " crn, noms_number, person_name, sex, arrival_date, departure_date, notes)"
				  " VALUES ($1::uuid, $2::uuid, $3::uuid, upper(btrim($4)), $5, $6, $7,"
				  " $8::date, $9::date, coalesce($10, ''))"
				  " RETURNING id::text, to_char(turnaround_end_date, 'YYYY-MM-DD')",
			      10, p, &rc, err, state);
			if (r) {
				if (pick(r, 0, 0, &new_id, &last, (char **)NULL))
					rc = CT_NOMEM;
				PQclear(r);
			}
		}
	}
	if (rc == CT_OK) {
		struct kv kv[] = {{"bedspaceId", in->bedspace_id, 's'},
				  {"arrivalDate", in->arrival_date, 's'},
				  {"departureDate", in->departure_date, 's'},
				  {"assessmentId", in->assessment_id, 's'}};

		rc = audit(db, "cas3.booking.provisionally-made", in->crn ? in->crn : crn,
			   "cas3_booking", new_id, kv, 4, err);
	}
	if (rc == CT_OK) {
		struct kv kv[] = {{"expectedArrivedAt", in->arrival_date, 's'},
				  {"notes", in->notes ? in->notes : "", 's'}};

		rc = booking_event(db, "accommodation.cas3.booking.provisionally-made", new_id,
				   "bookedBy", kv, 2, err);
	}
	rc = tx_end(db, &t, rc, err);
	if (rc == CT_CONFLICT && !strcmp(state, "23P01")) {
		const char *pl[3] = {in->departure_date, in->bedspace_id, NULL};
		struct strbuf ignore = STRBUF_INIT;

		/* the day it would be taken to, with the premises' turnaround */
		r = q(db, "SELECT to_char(cas3_add_working_days($1::date, p.turnaround_working_days),"
			  " 'YYYY-MM-DD') FROM cas3_bedspace bs JOIN cas3_premises p"
			  " ON p.id = bs.premises_id WHERE bs.id = $2::uuid", 2, pl, &rc, &ignore, NULL);
		rc = CT_CONFLICT;
		free(last);
		last = r && PQntuples(r) ? db_value_dup(r, 0, 0) : NULL;
		PQclear(r);
		sb_release(&ignore);
		taken_message(db, in->bedspace_id, in->arrival_date, in->departure_date,
			      last ? last : in->departure_date, NULL, err);
		if (next_bedspace_id)
			*next_bedspace_id = next_free_bedspace(db, same, in->bedspace_id, pdu,
							       in->arrival_date, dep - arr);
	}
	PQclear(bed);
	free(pdu);
	free(last);
	free(crn);
	free(noms);
	free(name);
	free(sex);
	free(application);
	if (rc == CT_OK)
		*booking_id = new_id;
	else
		free(new_id);
	return rc;
}

#define BOOKING_COLUMNS                                                                     \
	"b.id, b.bedspace_id, b.bedspace_reference, b.premises_id, b.premises_name,"         \
	" b.address_line1, b.town, b.postcode, b.pdu_name, b.application_id, b.assessment_id," \
	" b.crn, b.noms_number, b.person_name, b.sex, b.arrival_date, b.departure_date,"      \
	" b.original_arrival_date, b.original_departure_date, b.turnaround_end_date, b.status," \
	" b.shown_status, b.turnaround_working_days, b.version"

static int booking_from_row(PGresult *r, int i, struct cas3_booking *b)
{
	memset(b, 0, sizeof *b);
	b->turnaround_working_days = (int)lv(r, i, 22);
	b->version = lv(r, i, 23);
	return pick(r, i, 0, &b->id, &b->bedspace_id, &b->bedspace_reference, &b->premises_id,
		    &b->premises_name, &b->address_line1, &b->town, &b->postcode, &b->pdu_name,
		    &b->application_id, &b->assessment_id, &b->crn, &b->noms_number,
		    &b->person_name, &b->sex, &b->arrival_date, &b->departure_date,
		    &b->original_arrival_date, &b->original_departure_date,
		    &b->turnaround_end_date, &b->status, &b->shown_status, (char **)NULL);
}

void cas3_booking_release(struct cas3_booking *b)
{
	size_t i;

	free(b->id);
	free(b->bedspace_id);
	free(b->bedspace_reference);
	free(b->premises_id);
	free(b->premises_name);
	free(b->address_line1);
	free(b->town);
	free(b->postcode);
	free(b->pdu_name);
	free(b->application_id);
	free(b->assessment_id);
	free(b->crn);
	free(b->noms_number);
	free(b->person_name);
	free(b->sex);
	free(b->arrival_date);
	free(b->departure_date);
	free(b->original_arrival_date);
	free(b->original_departure_date);
	free(b->turnaround_end_date);
	free(b->status);
	free(b->shown_status);
	for (i = 0; i < b->n_records; i++) {
		free(b->records[i].kind);
		free(b->records[i].at);
		free(b->records[i].by);
		free(b->records[i].text);
	}
	free(b->records);
	memset(b, 0, sizeof *b);
}

void cas3_booking_list_free(struct cas3_booking **v, size_t n)
{
	size_t i;

	if (!*v)
		return;
	for (i = 0; i < n; i++)
		cas3_booking_release(&(*v)[i]);
	free(*v);
	*v = NULL;
}

enum ct_status cas3_booking_get(PGconn *db, const char *id, struct cas3_booking *out,
				struct strbuf *err)
{
	const char *p[1] = {id};
	enum ct_status rc;
	PGresult *r;
	int i, rows;

	memset(out, 0, sizeof *out);
	r = q(db, "SELECT " BOOKING_COLUMNS " FROM cas3_booking_view b WHERE b.id = $1::uuid", 1, p,
	      &rc, err, NULL);
	if (!r)
		return rc;
	if (PQntuples(r) != 1) {
		PQclear(r);
		sb_addf(err, "there is no booking %s that you can see", id);
		return CT_NOT_FOUND;
	}
	if (booking_from_row(r, 0, out)) {
		PQclear(r);
		cas3_booking_release(out);
		return CT_NOMEM;
	}
	PQclear(r);
	r = q(db,
	      "WITH rec (kind, at, by, text, ord) AS ("
	      " SELECT 'provisional', b.created_at, b.created_by::text, 'Booked provisionally from '"
	      "   || b.original_arrival_date || ' to ' || b.original_departure_date, 0"
	      "   FROM cas3_booking b WHERE b.id = $1::uuid"
	      " UNION ALL SELECT 'confirmation', c.confirmed_at, c.created_by::text,"
	      "   'Confirmed' || CASE WHEN c.notes <> '' THEN ': ' || c.notes ELSE '' END, 1"
	      "   FROM cas3_confirmation c WHERE c.booking_id = $1::uuid"
	      " UNION ALL SELECT 'arrival', a.created_at, a.created_by::text, 'Arrived on '"
	      "   || a.arrival_date || ', expected to leave on ' || a.expected_departure_date, 2"
	      "   FROM cas3_arrival a WHERE a.booking_id = $1::uuid"
	      " UNION ALL SELECT 'extension', e.created_at, e.created_by::text, 'Departure moved from '"
	      "   || e.previous_departure_date || ' to ' || e.new_departure_date, 3"
	      "   FROM cas3_extension e WHERE e.booking_id = $1::uuid"
	      " UNION ALL SELECT 'overstay', o.created_at, o.created_by::text,"
	      "   CASE WHEN o.is_authorised THEN 'Authorised' ELSE 'Unauthorised' END"
	      "   || ' overstay to ' || o.new_departure_date"
	      "   || CASE WHEN o.reason <> '' THEN ': ' || o.reason ELSE '' END, 4"
	      "   FROM cas3_overstay o WHERE o.booking_id = $1::uuid"
	      " UNION ALL SELECT 'departure', d.created_at, d.created_by::text, 'Departed on '"
	      "   || d.departure_date || ': ' || dr.name || '; move on: ' || mo.name, 5"
	      "   FROM cas3_departure d JOIN cas3_departure_reason dr ON dr.id = d.reason_id"
	      "   JOIN cas3_move_on_category mo ON mo.id = d.move_on_category_id"
	      "   WHERE d.booking_id = $1::uuid"
	      " UNION ALL SELECT 'cancellation', c.created_at, c.created_by::text, 'Cancelled: '"
	      "   || cr.name, 6"
	      "   FROM cas3_cancellation c JOIN cas3_cancellation_reason cr ON cr.id = c.reason_id"
	      "   WHERE c.booking_id = $1::uuid"
	      " UNION ALL SELECT 'non-arrival', n.created_at, n.created_by::text, 'Did not arrive on '"
	      "   || n.non_arrival_date || ': ' || n.reason, 7"
	      "   FROM cas3_non_arrival n WHERE n.booking_id = $1::uuid"
	      " UNION ALL SELECT 'turnaround', t.created_at, t.created_by::text, 'Turnaround of '"
	      "   || t.working_day_count || ' working days (to ' || t.end_date || ' when recorded)', 8"
	      "   FROM cas3_turnaround t WHERE t.booking_id = $1::uuid)"
	      " SELECT rec.kind, to_char(rec.at, 'YYYY-MM-DD HH24:MI'),"
	      " coalesce(st.display_name, rec.by), rec.text"
	      " FROM rec LEFT JOIN staff st ON st.username = rec.by ORDER BY rec.at, rec.ord",
	      1, p, &rc, err, NULL);
	if (!r) {
		cas3_booking_release(out);
		return rc;
	}
	rows = PQntuples(r);
	out->records = calloc((size_t)rows + 1, sizeof *out->records);
	if (!out->records) {
		PQclear(r);
		cas3_booking_release(out);
		return CT_NOMEM;
	}
	for (i = 0; i < rows; i++) {
		struct cas3_booking_record *e = &out->records[i];

		out->n_records = (size_t)i + 1;
		if (pick(r, i, 0, &e->kind, &e->at, &e->by, &e->text, (char **)NULL)) {
			PQclear(r);
			cas3_booking_release(out);
			return CT_NOMEM;
		}
	}
	PQclear(r);
	return CT_OK;
}

enum ct_status cas3_booking_list(PGconn *db, const char *crn_or_name, const char *shown_status,
				 struct cas3_booking **out, size_t *n, struct strbuf *err)
{
	const char *p[2] = {crn_or_name && *crn_or_name ? crn_or_name : NULL, shown_status};
	struct cas3_booking *v;
	enum ct_status rc;
	PGresult *r;
	int i, rows;

	*out = NULL;
	*n = 0;
	r = q(db, "SELECT " BOOKING_COLUMNS " FROM cas3_booking_view b"
		  " WHERE ($1::text IS NULL OR upper(b.crn) = upper(btrim($1))"
		  "        OR strpos(lower(coalesce(b.person_name, '')), lower(btrim($1))) > 0)"
		  " AND ($2::text IS NULL OR b.shown_status = $2)"
		  " ORDER BY b.arrival_date, b.premises_name, b.bedspace_reference, b.id",
	      2, p, &rc, err, NULL);
	if (!r)
		return rc;
	rows = PQntuples(r);
	v = calloc((size_t)rows + 1, sizeof *v);
	if (!v) {
		PQclear(r);
		return CT_NOMEM;
	}
	for (i = 0; i < rows; i++) {
		if (booking_from_row(r, i, &v[i])) {
			PQclear(r);
			cas3_booking_list_free(&v, (size_t)i + 1);
			return CT_NOMEM;
		}
	}
	PQclear(r);
	*out = v;
	*n = (size_t)rows;
	return CT_OK;
}

/* The booking an action works on, locked for the transaction. */
struct bk {
	char *crn, *bedspace_id, *assessment_id, *arrival, *departure;
	enum booking_state state;
	long arrival_day, departure_day, today;
	int turnaround;
};

static void bk_release(struct bk *b)
{
	free(b->crn);
	free(b->bedspace_id);
	free(b->assessment_id);
	free(b->arrival);
	free(b->departure);
	memset(b, 0, sizeof *b);
}

/* Locks booking id, checks the version the user saw and asks the domain
 * whether act is allowed in its state now. */
static enum ct_status bk_lock(PGconn *db, const char *id, long version, enum booking_action act,
			      struct bk *b, struct strbuf *err)
{
	const char *p[1] = {id};
	enum ct_status rc;
	const char *why = NULL;
	PGresult *r;

	memset(b, 0, sizeof *b);
	r = q(db, "SELECT cas3_booking_shown_status(b.status, b.turnaround_working_days,"
		  " b.turnaround_end_date, current_date), b.version, b.crn, b.bedspace_id::text,"
		  " b.assessment_id::text, to_char(b.arrival_date, 'YYYY-MM-DD'),"
		  " to_char(b.departure_date, 'YYYY-MM-DD'), to_char(current_date, 'YYYY-MM-DD'),"
		  " b.turnaround_working_days"
		  " FROM cas3_booking b WHERE b.id = $1::uuid FOR UPDATE OF b", 1, p, &rc, err, NULL);
	if (!r)
		return rc;
	if (PQntuples(r) != 1) {
		PQclear(r);
		sb_addf(err, "there is no booking %s that you can see", id);
		return CT_NOT_FOUND;
	}
	if (version > 0 && lv(r, 0, 1) != version) {
		PQclear(r);
		return stale(db, "cas3_booking", "booking", id, err);
	}
	if (!booking_state_parse(PQgetvalue(r, 0, 0), &b->state)) {
		sb_addf(err, "booking %s has a status caseterm does not know: %s", id,
			PQgetvalue(r, 0, 0));
		PQclear(r);
		return CT_DB;
	}
	if (pick(r, 0, 2, &b->crn, &b->bedspace_id, &b->assessment_id, &b->arrival,
		 &b->departure, (char **)NULL)) {
		PQclear(r);
		bk_release(b);
		return CT_NOMEM;
	}
	day_of(b->arrival, &b->arrival_day);
	day_of(b->departure, &b->departure_day);
	day_of(PQgetvalue(r, 0, 7), &b->today);
	b->turnaround = (int)lv(r, 0, 8);
	PQclear(r);
	if (!booking_can(b->state, act, NULL, &why)) {
		sb_addf(err, "\"%s\" is not possible for a booking that is %s: %s",
			booking_action_label(act), booking_state_label(b->state),
			why ? why : "not allowed");
		bk_release(b);
		return CT_USAGE;
	}
	return CT_OK;
}

/* After a 23P01 from growing the stay of booking id to new_departure (or a
 * new turnaround): the message naming what is in the way. */
static void bk_conflict(PGconn *db, const char *id, const struct bk *b, const char *new_departure,
			int turnaround, struct strbuf *err)
{
	char tbuf[24];
	const char *p[2] = {new_departure, num(tbuf, turnaround)};
	struct strbuf ignore = STRBUF_INIT;
	enum ct_status rc;
	PGresult *r = q(db, "SELECT to_char(cas3_add_working_days($1::date, $2::int), 'YYYY-MM-DD')",
			2, p, &rc, &ignore, NULL);
	char *last = r && PQntuples(r) ? db_value_dup(r, 0, 0) : NULL;

	PQclear(r);
	sb_release(&ignore);
	taken_message(db, b->bedspace_id, b->arrival, new_departure,
		      last ? last : new_departure, id, err);
	free(last);
}

enum ct_status cas3_booking_confirm(PGconn *db, const char *id, long version, const char *notes,
				    struct strbuf *err)
{
	const char *p[2] = {id, notes ? notes : ""};
	struct tx t;
	struct bk b;
	enum ct_status rc;

	if ((rc = tx_begin(db, &t, err)) != CT_OK)
		return rc;
	rc = bk_lock(db, id, version, BOOKING_ACT_CONFIRM, &b, err);
	if (rc == CT_OK)
		rc = x(db, "INSERT INTO cas3_confirmation (booking_id, notes) VALUES ($1::uuid, $2)",
		       2, p, err, NULL);
	if (rc == CT_OK)
		rc = x(db, "UPDATE cas3_booking SET status = 'confirmed' WHERE id = $1::uuid", 1, p,
		       err, NULL);
	/* §3.2: a confirmed booking closes the referral ("Archived") */
	if (rc == CT_OK && b.assessment_id) {
		const char *pa[1] = {b.assessment_id};

		rc = x(db, "UPDATE cas3_assessment SET status = 'closed' WHERE id = $1::uuid"
			   " AND cas3_assessment_move_allowed(status, 'closed')", 1, pa, err, NULL);
	}
	if (rc == CT_OK) {
		struct kv kv[] = {{"notes", notes, 's'}};

		rc = audit(db, "cas3.booking.confirmed", b.crn, "cas3_booking", id, kv, 1, err);
	}
	if (rc == CT_OK) {
		struct kv kv[] = {{"expectedArrivedAt", b.arrival, 's'}, {"notes", p[1], 's'}};

		rc = booking_event(db, "accommodation.cas3.booking.confirmed", id, "confirmedBy", kv,
				   2, err);
	}
	bk_release(&b);
	return tx_end(db, &t, rc, err);
}

enum ct_status cas3_booking_arrive(PGconn *db, const char *id, long version,
				   const char *arrival_date, const char *expected_departure,
				   const char *notes, struct strbuf *err)
{
	const char *p[4] = {id, arrival_date, expected_departure, notes ? notes : ""};
	struct booking_problems pr;
	struct tx t;
	struct bk b;
	enum ct_status rc;
	char state[6] = "";
	long arr, dep;

	if (!day_of(arrival_date, &arr) || !day_of(expected_departure, &dep)) {
		sb_adds(err, "give the arrival and expected departure dates as YYYY-MM-DD");
		return CT_USAGE;
	}
	if ((rc = tx_begin(db, &t, err)) != CT_OK)
		return rc;
	rc = bk_lock(db, id, version, BOOKING_ACT_ARRIVE, &b, err);
	if (rc == CT_OK && !booking_check_arrival(arr, dep, b.today, false, &pr)) {
		problems_message(&pr, err);
		rc = CT_USAGE;
	}
	if (rc == CT_OK)
		rc = x(db, "INSERT INTO cas3_arrival (booking_id, arrival_date, expected_departure_date,"
			   " notes) VALUES ($1::uuid, $2::date, $3::date, $4)", 4, p, err, NULL);
	if (rc == CT_OK)
		rc = x(db, "UPDATE cas3_booking SET status = 'arrived', arrival_date = $2::date,"
			   " departure_date = $3::date WHERE id = $1::uuid", 3, p, err, state);
	if (rc == CT_OK) {
		struct kv kv[] = {{"arrivalDate", arrival_date, 's'},
				  {"expectedDepartureDate", expected_departure, 's'}};

		rc = audit(db, "cas3.person.arrived", b.crn, "cas3_booking", id, kv, 2, err);
	}
	if (rc == CT_OK) {
		struct kv kv[] = {{"arrivedAt", arrival_date, 's'},
				  {"expectedDepartureOn", expected_departure, 's'},
				  {"notes", p[3], 's'}};

		rc = booking_event(db, "accommodation.cas3.person.arrived", id, "recordedBy", kv, 3,
				   err);
	}
	rc = tx_end(db, &t, rc, err);
	if (rc == CT_CONFLICT && !strcmp(state, "23P01")) {
		free(b.arrival);
		b.arrival = strdup(arrival_date);
		if (b.arrival)
			bk_conflict(db, id, &b, expected_departure, b.turnaround, err);
	}
	bk_release(&b);
	return rc;
}

enum ct_status cas3_booking_depart(PGconn *db, const char *id, long version,
				   const char *departure_date, const char *reason_id,
				   const char *move_on_category_id, const char *notes,
				   struct strbuf *err)
{
	const char *p[5] = {id, departure_date, reason_id, move_on_category_id, notes ? notes : ""};
	struct booking_problems pr;
	struct tx t;
	struct bk b;
	enum ct_status rc;
	PGresult *r;
	char *reason = NULL, *move_on = NULL;
	char state[6] = "";
	long dep;

	if (!day_of(departure_date, &dep) || !reason_id || !move_on_category_id) {
		sb_adds(err, "a departure needs its date (YYYY-MM-DD), a reason and a move-on category");
		return CT_USAGE;
	}
	if ((rc = tx_begin(db, &t, err)) != CT_OK)
		return rc;
	rc = bk_lock(db, id, version, BOOKING_ACT_DEPART, &b, err);
	if (rc == CT_OK && !booking_check_departure(dep, b.arrival_day, b.today, NULL, &pr)) {
		problems_message(&pr, err);
		rc = CT_USAGE;
	}
	if (rc == CT_OK) {
		r = q(db, "SELECT (SELECT name FROM cas3_departure_reason WHERE id = $1::uuid),"
			  " (SELECT name FROM cas3_move_on_category WHERE id = $2::uuid)", 2, p + 2,
		      &rc, err, NULL);
		if (r) {
			if (PQgetisnull(r, 0, 0) || PQgetisnull(r, 0, 1)) {
				sb_adds(err, "choose a departure reason and a move-on category from the lists");
				rc = CT_USAGE;
			} else if (pick(r, 0, 0, &reason, &move_on, (char **)NULL)) {
				rc = CT_NOMEM;
			}
			PQclear(r);
		}
	}
	if (rc == CT_OK)
		rc = x(db, "INSERT INTO cas3_departure (booking_id, departure_date, reason_id,"
			   " move_on_category_id, notes)"
			   " VALUES ($1::uuid, $2::date, $3::uuid, $4::uuid, $5)", 5, p, err, NULL);
	if (rc == CT_OK)
		rc = x(db, "UPDATE cas3_booking SET status = 'departed', departure_date = $2::date"
			   " WHERE id = $1::uuid", 2, p, err, state);
	if (rc == CT_OK) {
		struct kv kv[] = {{"departureDate", departure_date, 's'}, {"reason", reason, 's'},
				  {"moveOnCategory", move_on, 's'}};

		rc = audit(db, "cas3.person.departed", b.crn, "cas3_booking", id, kv, 3, err);
	}
	if (rc == CT_OK) {
		struct kv kv[] = {{"departedAt", departure_date, 's'}, {"reason", reason, 's'},
				  {"reasonDetail", NULL, 's'}, {"moveOnCategory", move_on, 's'},
				  {"notes", p[4], 's'}};

		rc = booking_event(db, "accommodation.cas3.person.departed", id, "recordedBy", kv, 5,
				   err);
	}
	rc = tx_end(db, &t, rc, err);
	if (rc == CT_CONFLICT && !strcmp(state, "23P01"))
		bk_conflict(db, id, &b, departure_date, b.turnaround, err);
	free(reason);
	free(move_on);
	bk_release(&b);
	return rc;
}

/* Extension and overstay: a new departure date for an arrived stay. */
static enum ct_status change_departure(PGconn *db, const char *id, long version,
				       const char *new_departure, bool overstay, bool authorised,
				       const char *text, struct strbuf *err)
{
	const char *p[4] = {id, new_departure, text ? text : "", authorised ? "true" : "false"};
	struct booking_problems pr;
	struct tx t;
	struct bk b;
	enum ct_status rc;
	char state[6] = "";
	long dep;
	bool ok;

	if (!day_of(new_departure, &dep)) {
		sb_adds(err, "give the new departure date as YYYY-MM-DD");
		return CT_USAGE;
	}
	if ((rc = tx_begin(db, &t, err)) != CT_OK)
		return rc;
	rc = bk_lock(db, id, version, overstay ? BOOKING_ACT_OVERSTAY : BOOKING_ACT_EXTEND, &b, err);
	if (rc == CT_OK) {
		ok = overstay ? booking_check_overstay(dep, b.arrival_day, true, &pr)
			      : booking_check_extension(dep, b.arrival_day, &pr);
		if (!ok) {
			problems_message(&pr, err);
			rc = CT_USAGE;
		}
	}
	if (rc == CT_OK) {
		const char *pi[5] = {id, b.departure, new_departure, p[2], p[3]};

		rc = x(db, overstay
			? "INSERT INTO cas3_overstay (booking_id, previous_departure_date,"
			  " new_departure_date, reason, is_authorised)"
			  " VALUES ($1::uuid, $2::date, $3::date, $4, $5::boolean)"
			: "INSERT INTO cas3_extension (booking_id, previous_departure_date,"
			  " new_departure_date, notes) VALUES ($1::uuid, $2::date, $3::date, $4)",
		       overstay ? 5 : 4, pi, err, NULL);
	}
	if (rc == CT_OK)
		rc = x(db, "UPDATE cas3_booking SET departure_date = $2::date WHERE id = $1::uuid", 2, p,
		       err, state);
	if (rc == CT_OK) {
		struct kv kv[] = {{"previousDepartureDate", b.departure, 's'},
				  {"newDepartureDate", new_departure, 's'},
				  {"authorised", overstay ? p[3] : NULL, 'b'}};

		rc = audit(db, overstay ? "cas3.booking.overstay" : "cas3.booking.extended", b.crn,
			   "cas3_booking", id, kv, overstay ? 3 : 2, err);
	}
	/* §6.2 has no extension event: the arrival's expected departure changed */
	if (rc == CT_OK) {
		struct kv kv[] = {{"arrivedAt", b.arrival, 's'},
				  {"expectedDepartureOn", new_departure, 's'},
				  {"previousExpectedDepartureOn", b.departure, 's'},
				  {"notes", p[2], 's'}};

		rc = booking_event(db, "accommodation.cas3.person.arrived.updated", id, "recordedBy",
				   kv, 4, err);
	}
	rc = tx_end(db, &t, rc, err);
	if (rc == CT_CONFLICT && !strcmp(state, "23P01"))
		bk_conflict(db, id, &b, new_departure, b.turnaround, err);
	bk_release(&b);
	return rc;
}

enum ct_status cas3_booking_extend(PGconn *db, const char *id, long version,
				   const char *new_departure, const char *notes,
				   struct strbuf *err)
{
	return change_departure(db, id, version, new_departure, false, false, notes, err);
}

enum ct_status cas3_booking_overstay(PGconn *db, const char *id, long version,
				     const char *new_departure, bool authorised,
				     const char *reason, struct strbuf *err)
{
	return change_departure(db, id, version, new_departure, true, authorised, reason, err);
}

enum ct_status cas3_booking_cancel(PGconn *db, const char *id, long version,
				   const char *reason_id, const char *notes, struct strbuf *err)
{
	const char *p[3] = {id, reason_id, notes ? notes : ""};
	struct tx t;
	struct bk b;
	enum ct_status rc;
	PGresult *r;
	char *reason = NULL;

	if (!reason_id || !*reason_id) {
		sb_adds(err, "choose why the booking is cancelled");
		return CT_USAGE;
	}
	if ((rc = tx_begin(db, &t, err)) != CT_OK)
		return rc;
	rc = bk_lock(db, id, version, BOOKING_ACT_CANCEL, &b, err);
	if (rc == CT_OK) {
		r = q(db, "SELECT name FROM cas3_cancellation_reason WHERE id = $1::uuid", 1, p + 1,
		      &rc, err, NULL);
		if (r) {
			if (PQntuples(r) == 0) {
				sb_adds(err, "choose a cancellation reason from the list");
				rc = CT_USAGE;
			} else if (!(reason = db_value_dup(r, 0, 0))) {
				rc = CT_NOMEM;
			}
			PQclear(r);
		}
	}
	if (rc == CT_OK)
		rc = x(db, "INSERT INTO cas3_cancellation (booking_id, reason_id, notes)"
			   " VALUES ($1::uuid, $2::uuid, $3)", 3, p, err, NULL);
	if (rc == CT_OK)
		rc = x(db, "UPDATE cas3_booking SET status = 'cancelled' WHERE id = $1::uuid", 1, p,
		       err, NULL);
	/* §3.2: a cancellation reopens the referral as ready to place */
	if (rc == CT_OK && b.assessment_id) {
		const char *pa[1] = {b.assessment_id};

		rc = x(db, "UPDATE cas3_assessment SET status = 'ready_to_place' WHERE id = $1::uuid"
			   " AND status <> 'ready_to_place'"
			   " AND cas3_assessment_move_allowed(status, 'ready_to_place')", 1, pa, err,
		       NULL);
	}
	if (rc == CT_OK) {
		struct kv kv[] = {{"reason", reason, 's'}};

		rc = audit(db, "cas3.booking.cancelled", b.crn, "cas3_booking", id, kv, 1, err);
	}
	if (rc == CT_OK) {
		char today[16];
		struct ymd d = date_from_days(b.today);
		struct kv kv[] = {{"cancellationReason", reason, 's'}, {"cancelledAt", today, 's'},
				  {"notes", p[2], 's'}};

		snprintf(today, sizeof today, "%04d-%02d-%02d", d.y, d.m, d.d);
		rc = booking_event(db, "accommodation.cas3.booking.cancelled", id, "cancelledBy", kv,
				   3, err);
	}
	free(reason);
	bk_release(&b);
	return tx_end(db, &t, rc, err);
}

enum ct_status cas3_booking_change_turnaround(PGconn *db, const char *id, long version,
					      int working_days, struct strbuf *err)
{
	char nbuf[24];
	const char *p[2] = {id, num(nbuf, working_days)};
	struct booking_problems pr;
	struct tx t;
	struct bk b;
	enum ct_status rc;
	char state[6] = "";

	if (!booking_check_turnaround(working_days, &pr)) {
		problems_message(&pr, err);
		return CT_USAGE;
	}
	if ((rc = tx_begin(db, &t, err)) != CT_OK)
		return rc;
	rc = bk_lock(db, id, version, BOOKING_ACT_CHANGE_TURNAROUND, &b, err);
	if (rc == CT_OK)
		rc = x(db, "INSERT INTO cas3_turnaround (booking_id, working_day_count, end_date)"
			   " VALUES ($1::uuid, $2::int, current_date)", 2, p, err, state);
	if (rc == CT_OK) {
		struct kv kv[] = {{"workingDays", p[1], 'j'}};

		rc = audit(db, "cas3.booking.turnaround-changed", b.crn, "cas3_booking", id, kv, 1,
			   err);
	}
	rc = tx_end(db, &t, rc, err);
	if (rc == CT_CONFLICT && !strcmp(state, "23P01"))
		bk_conflict(db, id, &b, b.departure, working_days, err);
	bk_release(&b);
	return rc;
}

/* ------------------------------------------------------------------------ */
/* Reports                                                                  */

static const char *const report_keys[] = {
#define X(name, key, label, fn) key,
	CAS3_REPORT_LIST(X)
#undef X
};
static const char *const report_labels[] = {
#define X(name, key, label, fn) label,
	CAS3_REPORT_LIST(X)
#undef X
};
static const char *const report_sql[] = {
#define X(name, key, label, fn) "SELECT * FROM " fn "($1::text, $2::date, $3::date)",
	CAS3_REPORT_LIST(X)
#undef X
};

const char *cas3_report_key(enum cas3_report r)
{
	return (unsigned)r < CAS3_REPORT_COUNT ? report_keys[r] : "?";
}

const char *cas3_report_label(enum cas3_report r)
{
	return (unsigned)r < CAS3_REPORT_COUNT ? report_labels[r] : "?";
}

bool cas3_report_parse(const char *key, enum cas3_report *out)
{
	unsigned i;

	for (i = 0; key && i < CAS3_REPORT_COUNT; i++) {
		if (!strcmp(key, report_keys[i])) {
			*out = (enum cas3_report)i;
			return true;
		}
	}
	return false;
}

const char *cas3_table_cell(const struct cas3_table *t, size_t row, size_t col)
{
	if (row >= t->nrows || col >= t->ncols)
		return NULL;
	return t->cells[row * t->ncols + col];
}

long cas3_table_col(const struct cas3_table *t, const char *name)
{
	size_t i;

	for (i = 0; name && i < t->ncols; i++)
		if (!strcmp(t->cols[i], name))
			return (long)i;
	return -1;
}

void cas3_table_release(struct cas3_table *t)
{
	size_t i;

	if (t->cols)
		for (i = 0; i < t->ncols; i++)
			free(t->cols[i]);
	if (t->cells)
		for (i = 0; i < t->ncols * t->nrows; i++)
			free(t->cells[i]);
	free(t->cols);
	free(t->cells);
	memset(t, 0, sizeof *t);
}

enum ct_status cas3_report_run(PGconn *db, enum cas3_report rep, const char *region,
			       const char *from, const char *to, struct cas3_table *out,
			       struct strbuf *err)
{
	const char *p[3] = {region && *region ? region : NULL, from, to};
	enum ct_status rc;
	PGresult *r;
	size_t i, j;
	long d;

	memset(out, 0, sizeof *out);
	if ((unsigned)rep >= CAS3_REPORT_COUNT)
		return CT_USAGE;
	if (!day_of(from, &d) || !day_of(to, &d)) {
		sb_adds(err, "give the report's start and end dates as YYYY-MM-DD");
		return CT_USAGE;
	}
	r = q(db, report_sql[rep], 3, p, &rc, err, NULL);
	if (!r)
		return rc;
	out->ncols = (size_t)PQnfields(r);
	out->nrows = (size_t)PQntuples(r);
	out->cols = calloc(out->ncols + 1, sizeof *out->cols);
	out->cells = calloc(out->ncols * out->nrows + 1, sizeof *out->cells);
	if (!out->cols || !out->cells)
		goto nomem;
	for (j = 0; j < out->ncols; j++)
		if (!(out->cols[j] = strdup(PQfname(r, (int)j))))
			goto nomem;
	for (i = 0; i < out->nrows; i++)
		for (j = 0; j < out->ncols; j++)
			if (!PQgetisnull(r, (int)i, (int)j) &&
			    !(out->cells[i * out->ncols + j] = db_value_dup(r, (int)i, (int)j)))
				goto nomem;
	PQclear(r);
	return CT_OK;
nomem:
	PQclear(r);
	cas3_table_release(out);
	return CT_NOMEM;
}
