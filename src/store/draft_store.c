/* draft_store.c: SQL for form drafts (optimistic locking on version) and for
 * the fixed list of reference tables that form fields take options from. */
#include "store/draft_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"

void draft_release(struct form_draft *d)
{
	if (!d)
		return;
	free(d->form_id);
	free(d->subject);
	free(d->title);
	free(d->answers);
	free(d->created_at);
	free(d->updated_at);
	free(d->updated_words);
	memset(d, 0, sizeof *d);
}

void drafts_free(struct form_draft **d, size_t n)
{
	size_t i;

	if (!d || !*d)
		return;
	for (i = 0; i < n; i++)
		draft_release(&(*d)[i]);
	free(*d);
	*d = NULL;
}

/* The columns every draft query returns, in this order. */
#define DRAFT_COLUMNS                                                          \
	"id, form_id, subject, title, %s, version,"                             \
	" to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"  \
	" to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"  \
	" to_char(updated_at, 'HH24:MI \"on\" FMDD FMMonth YYYY')"

/* Fills d from row of r; returns 0 or -1 on ENOMEM. */
static int draft_from_row(PGresult *r, int row, struct form_draft *d)
{
	memset(d, 0, sizeof *d);
	d->id = atol(PQgetvalue(r, row, 0));
	d->form_id = db_value_dup(r, row, 1);
	d->subject = db_value_dup(r, row, 2);
	d->title = db_value_dup(r, row, 3);
	d->answers = db_value_dup(r, row, 4);
	d->version = atoi(PQgetvalue(r, row, 5));
	d->created_at = db_value_dup(r, row, 6);
	d->updated_at = db_value_dup(r, row, 7);
	d->updated_words = db_value_dup(r, row, 8);
	if (!d->form_id || !d->created_at || !d->updated_at || !d->updated_words ||
	    (!PQgetisnull(r, row, 2) && !d->subject) || (!PQgetisnull(r, row, 3) && !d->title) ||
	    (!PQgetisnull(r, row, 4) && !d->answers)) {
		draft_release(d);
		return -1;
	}
	return 0;
}

enum ct_status draft_create(PGconn *db, const char *form_id, const char *subject,
			    const char *title, const char *answers_json, struct form_draft *out,
			    struct strbuf *err)
{
	const char *p[4] = {form_id, subject, title, answers_json ? answers_json : "{}"};
	char sql[1024];
	PGresult *r;
	int rc;

	memset(out, 0, sizeof *out);
	snprintf(sql, sizeof sql,
		 "INSERT INTO form_draft (form_id, subject, title, answers)"
		 " VALUES ($1, $2, $3, $4::jsonb) RETURNING " DRAFT_COLUMNS, "answers::text");
	r = db_query(db, sql, 4, p, err, NULL);
	if (!r)
		return CT_DB;
	rc = draft_from_row(r, 0, out);
	PQclear(r);
	return rc ? CT_NOMEM : CT_OK;
}

enum ct_status draft_list_mine(PGconn *db, const char *form_id, struct form_draft **out,
			       size_t *n, struct strbuf *err)
{
	const char *p[1] = {form_id};
	struct form_draft *v;
	char sql[1024];
	PGresult *r;
	int i, count;

	*out = NULL;
	*n = 0;
	/* RLS already limits rows to the caller's; the owner test lets the
	 * index serve the order and keeps a table owner to their own drafts */
	snprintf(sql, sizeof sql,
		 "SELECT " DRAFT_COLUMNS " FROM form_draft"
		 " WHERE owner = current_user AND ($1::text IS NULL OR form_id = $1)"
		 " ORDER BY updated_at DESC, id DESC", "NULL::text");
	r = db_query(db, sql, 1, p, err, NULL);
	if (!r)
		return CT_DB;
	count = PQntuples(r);
	v = calloc((size_t)count + 1, sizeof *v);
	if (!v) {
		PQclear(r);
		return CT_NOMEM;
	}
	for (i = 0; i < count; i++) {
		if (draft_from_row(r, i, &v[i])) {
			drafts_free(&v, (size_t)i);
			PQclear(r);
			return CT_NOMEM;
		}
	}
	PQclear(r);
	*out = v;
	*n = (size_t)count;
	return CT_OK;
}

enum ct_status draft_load(PGconn *db, long id, struct form_draft *out, struct strbuf *err)
{
	char ids[24], sql[1024];
	const char *p[1] = {ids};
	PGresult *r;
	int rc;

	memset(out, 0, sizeof *out);
	snprintf(ids, sizeof ids, "%ld", id);
	snprintf(sql, sizeof sql,
		 "SELECT " DRAFT_COLUMNS " FROM form_draft WHERE id = $1 AND owner = current_user",
		 "answers::text");
	r = db_query(db, sql, 1, p, err, NULL);
	if (!r)
		return CT_DB;
	if (PQntuples(r) != 1) {
		PQclear(r);
		sb_addf(err, "There is no draft %ld of yours: it may have been submitted or "
			"deleted in another session", id);
		return CT_NOT_FOUND;
	}
	rc = draft_from_row(r, 0, out);
	PQclear(r);
	return rc ? CT_NOMEM : CT_OK;
}

/* After an UPDATE or DELETE matched no row: tells a newer version (CT_CONFLICT)
 * from a draft that is gone (CT_NOT_FOUND), in words. */
static enum ct_status explain_miss(PGconn *db, const char *ids, int version, bool deleting,
				   struct strbuf *err)
{
	const char *p[1] = {ids};
	PGresult *r = db_query(db,
		"SELECT version, to_char(updated_at, 'HH24:MI \"on\" FMDD FMMonth YYYY')"
		" FROM form_draft WHERE id = $1 AND owner = current_user", 1, p, err, NULL);
	enum ct_status st;

	if (!r)
		return CT_DB;
	if (PQntuples(r) != 1) {
		sb_addf(err, "This draft no longer exists: it was submitted or deleted in another "
			"session. Nothing was saved.");
		st = CT_NOT_FOUND;
	} else {
		sb_addf(err, "This draft was changed in another session at %s (version %s; you "
			"had version %d). Nothing was %s: open the draft again to see the "
			"newer answers.", PQgetvalue(r, 0, 1), PQgetvalue(r, 0, 0), version,
			deleting ? "deleted" : "overwritten");
		st = CT_CONFLICT;
	}
	PQclear(r);
	return st;
}

enum ct_status draft_save(PGconn *db, long id, int *version, const char *answers_json,
			  const char *subject, const char *title, struct strbuf *err)
{
	char ids[24], vers[16];
	const char *p[5] = {ids, vers, answers_json, subject, title};
	PGresult *r;

	snprintf(ids, sizeof ids, "%ld", id);
	snprintf(vers, sizeof vers, "%d", *version);
	/* the trigger sets version = version + 1 and updated_at */
	r = db_query(db,
		"UPDATE form_draft SET answers = coalesce($3::jsonb, answers),"
		" subject = coalesce($4, subject), title = coalesce($5, title)"
		" WHERE id = $1 AND version = $2 AND owner = current_user"
		" RETURNING version", 5, p, err, NULL);
	if (!r)
		return CT_DB;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return explain_miss(db, ids, *version, false, err);
	}
	*version = atoi(PQgetvalue(r, 0, 0));
	PQclear(r);
	return CT_OK;
}

enum ct_status draft_delete(PGconn *db, long id, int version, struct strbuf *err)
{
	char ids[24], vers[16];
	const char *p[2] = {ids, version > 0 ? vers : NULL};
	PGresult *r;

	snprintf(ids, sizeof ids, "%ld", id);
	snprintf(vers, sizeof vers, "%d", version);
	r = db_query(db,
		"DELETE FROM form_draft WHERE id = $1 AND owner = current_user"
		" AND ($2::integer IS NULL OR version = $2) RETURNING id", 2, p, err, NULL);
	if (!r)
		return CT_DB;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return explain_miss(db, ids, version, true, err);
	}
	PQclear(r);
	return CT_OK;
}

/* ---- option tables ------------------------------------------------------ */

/* Each query returns value, label, hint, group.  Those that take a parent
 * use $1 (text) and show every row when it is NULL. */
static const struct option_table {
	const char *name;
	bool parent;
	const char *sql;
} option_table_sql[] = {
	{"withdrawal_reasons", true,
	 "SELECT r.code, r.description, NULL, g.heading FROM withdrawal_reason r"
	 " JOIN withdrawal_grouping g ON g.code = r.grouping"
	 " WHERE $1::text IS NULL OR r.grouping = $1 ORDER BY g.sort_order, r.sort_order, r.code"},
	{"cancellation_reasons", false,
	 "SELECT code, description, NULL, NULL FROM cancellation_reason ORDER BY description"},
	{"service_categories", true,
	 "SELECT sc.id, sc.name, NULL, NULL FROM service_category sc"
	 " WHERE $1::text IS NULL OR EXISTS (SELECT 1 FROM contract_type_service_category c"
	 "  WHERE c.service_category_id = sc.id AND c.contract_type_code = $1)"
	 " ORDER BY sc.name"},
	{"complexity_levels", true,
	 "SELECT id, title, description, NULL FROM complexity_level"
	 " WHERE $1::text IS NULL OR service_category_id = $1"
	 " ORDER BY service_category_id, complexity"},
	{"desired_outcomes", true,
	 "SELECT id::text, description, NULL, NULL FROM desired_outcome"
	 " WHERE deprecated_at IS NULL AND ($1::text IS NULL OR service_category_id = $1)"
	 " ORDER BY service_category_id, sort_order, description"},
	{"contract_types", false,
	 "SELECT code, name, NULL, NULL FROM contract_type ORDER BY name"},
	{"service_providers", false,
	 "SELECT id, name, NULL, NULL FROM service_provider ORDER BY name"},
	{"probation_regions", false,
	 "SELECT id, name, NULL, NULL FROM probation_region ORDER BY name"},
	{"pdus", true,
	 "SELECT p.id, p.name, NULL, r.name FROM pdu p JOIN probation_region r ON r.id = p.region_id"
	 " WHERE $1::text IS NULL OR p.region_id = $1 ORDER BY r.name, p.name"},
	{"pcc_regions", true,
	 "SELECT p.id, p.name, NULL, r.name FROM pcc_region p"
	 " JOIN probation_region r ON r.id = p.region_id"
	 " WHERE $1::text IS NULL OR p.region_id = $1 ORDER BY r.name, p.name"},
	{"local_authorities", true,
	 "SELECT a.id, a.name, NULL, r.name FROM local_authority a"
	 " JOIN probation_region r ON r.id = a.region_id"
	 " WHERE $1::text IS NULL OR a.region_id = $1 ORDER BY r.name, a.name"},
	{"cas3_rejection_reasons", false,
	 "SELECT id::text, name, NULL, NULL FROM cas3_referral_rejection_reason WHERE active"
	 " ORDER BY sort_order, name"},
	{"cas3_cancellation_reasons", false,
	 "SELECT id::text, name, NULL, NULL FROM cas3_cancellation_reason WHERE active"
	 " ORDER BY sort_order, name"},
	{"cas3_departure_reasons", false,
	 "SELECT id::text, name, NULL, NULL FROM cas3_departure_reason WHERE active"
	 " ORDER BY sort_order, name"},
	{"cas3_move_on_categories", false,
	 "SELECT id::text, name, NULL, NULL FROM cas3_move_on_category WHERE active"
	 " ORDER BY sort_order, name"},
	{"cas3_void_reasons", false,
	 "SELECT id::text, name, NULL, NULL FROM cas3_void_reason WHERE active"
	 " ORDER BY sort_order, name"},
	{"cas3_characteristics", true,
	 "SELECT id::text, name, NULL, NULL FROM characteristic"
	 " WHERE active AND ($1::text IS NULL OR scope IN ($1, 'both'))"
	 " ORDER BY sort_order, name"},
	/* supplier updates (migration 0008): parent a region id */
	{"probation_offices", true,
	 "SELECT o.code, o.name, o.address, r.name FROM probation_office o"
	 " JOIN probation_region r ON r.id = o.region_id"
	 " WHERE $1::text IS NULL OR o.region_id = $1 ORDER BY r.name, o.name"},
	/* parent: a referral id; the caseworkers who may be assigned it */
	{"supplier_caseworkers", true,
	 "SELECT s.id::text, s.display_name, NULL, sp.name"
	 " FROM referral x JOIN intervention i ON i.id = x.intervention_id"
	 " JOIN staff s ON s.role = 'sp' AND s.active AND (s.provider_id = i.prime_provider_id"
	 "   OR s.provider_id IN (SELECT c.provider_id FROM intervention_subcontractor c"
	 "                        WHERE c.intervention_id = i.id))"
	 " LEFT JOIN service_provider sp ON sp.id = s.provider_id"
	 " WHERE x.id = $1::uuid ORDER BY s.display_name"},
	/* parent: a referral id; its desired outcomes */
	{"referral_desired_outcomes", true,
	 "SELECT d.id::text, d.description, NULL, c.name FROM referral_desired_outcome x"
	 " JOIN desired_outcome d ON d.id = x.desired_outcome_id"
	 " JOIN service_category c ON c.id = x.service_category_id"
	 " WHERE x.referral_id = $1::uuid ORDER BY c.name, d.description"},
	/* what a practitioner may change after sending (interventions.md 1.9) */
	{"referral_amend_topics", false,
	 "SELECT t::text, referral_amend_topic_label(t), NULL, NULL"
	 " FROM unnest(enum_range(NULL::referral_amend_topic)) WITH ORDINALITY AS e (t, n)"
	 " ORDER BY n"},
};

#define N_OPTION_TABLES (sizeof option_table_sql / sizeof option_table_sql[0])

const char *const options_tables[N_OPTION_TABLES + 1] = {
	"withdrawal_reasons", "cancellation_reasons", "service_categories",
	"complexity_levels", "desired_outcomes", "contract_types", "service_providers",
	"probation_regions", "pdus", "pcc_regions", "local_authorities",
	"cas3_rejection_reasons", "cas3_cancellation_reasons", "cas3_departure_reasons",
	"cas3_move_on_categories", "cas3_void_reasons", "cas3_characteristics",
	"probation_offices", "supplier_caseworkers", "referral_desired_outcomes",
	"referral_amend_topics", NULL,
};

static const struct option_table *find_table(const char *name)
{
	size_t i;

	for (i = 0; name && i < N_OPTION_TABLES; i++)
		if (!strcmp(option_table_sql[i].name, name))
			return &option_table_sql[i];
	return NULL;
}

bool options_table_known(const char *table)
{
	return find_table(table) != NULL;
}

void option_items_free(struct option_item **items, size_t n)
{
	size_t i;

	if (!items || !*items)
		return;
	for (i = 0; i < n; i++) {
		free((*items)[i].value);
		free((*items)[i].label);
		free((*items)[i].hint);
		free((*items)[i].group);
	}
	free(*items);
	*items = NULL;
}

enum ct_status options_load(PGconn *db, const char *table, const char *parent,
			    struct option_item **out, size_t *n, struct strbuf *err)
{
	const struct option_table *t = find_table(table);
	const char *p[1] = {parent};
	char sqlstate[6] = "";
	struct option_item *v;
	PGresult *r;
	int i, count;

	*out = NULL;
	*n = 0;
	if (!t) {
		sb_addf(err, "there is no option list called '%s'", table ? table : "(none)");
		return CT_NOT_FOUND;
	}
	if (parent && !t->parent) {
		sb_addf(err, "the option list '%s' is not narrowed by anything", table);
		return CT_USAGE;
	}
	r = db_query(db, t->sql, t->parent ? 1 : 0, t->parent ? p : NULL, err, sqlstate);
	if (!r) {
		if (!strcmp(sqlstate, "42P01")) {
			sb_addf(err, " (the reference data for '%s' is not loaded: run caseterm "
				"migrate)", table);
			return CT_NOT_FOUND;
		}
		return CT_DB;
	}
	count = PQntuples(r);
	v = calloc((size_t)count + 1, sizeof *v);
	if (!v) {
		PQclear(r);
		return CT_NOMEM;
	}
	for (i = 0; i < count; i++) {
		v[i].value = db_value_dup(r, i, 0);
		v[i].label = db_value_dup(r, i, 1);
		v[i].hint = db_value_dup(r, i, 2);
		v[i].group = db_value_dup(r, i, 3);
		if (!v[i].value || !v[i].label || (!PQgetisnull(r, i, 2) && !v[i].hint) ||
		    (!PQgetisnull(r, i, 3) && !v[i].group)) {
			option_items_free(&v, (size_t)i + 1);
			PQclear(r);
			return CT_NOMEM;
		}
	}
	PQclear(r);
	*out = v;
	*n = (size_t)count;
	return CT_OK;
}
