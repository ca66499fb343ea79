/* catalogue_store.c: SQL for the catalogue of interventions (migration 0005). */
#include "store/catalogue_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------ helpers */

/* Appends a Postgres array literal of n texts (NULL items become NULL). */
static int pg_array(struct strbuf *b, const char *const *v, size_t n)
{
	size_t i;
	int rc = sb_addc(b, '{');

	for (i = 0; i < n; i++) {
		const char *s;

		if (i)
			rc |= sb_addc(b, ',');
		if (!v[i]) {
			rc |= sb_adds(b, "NULL");
			continue;
		}
		rc |= sb_addc(b, '"');
		for (s = v[i]; *s; s++) {
			if (*s == '"' || *s == '\\')
				rc |= sb_addc(b, '\\');
			rc |= sb_addc(b, *s);
		}
		rc |= sb_addc(b, '"');
	}
	rc |= sb_addc(b, '}');
	return rc ? -1 : 0;
}

/* Runs a statement; on failure err gets "what: server message". */
static enum ct_status run(PGconn *db, const char *what, const char *sql, int n,
			  const char *const *p, struct strbuf *err)
{
	struct strbuf msg = STRBUF_INIT;
	char state[6];
	PGresult *r = db_query(db, sql, n, p, &msg, state);

	if (r) {
		PQclear(r);
		sb_release(&msg);
		return CT_OK;
	}
	sb_addf(err, "%s: %s", what, msg.buf);
	sb_release(&msg);
	return CT_DB;
}

static const char *guide(const struct cat_text *t, size_t n, const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(t[i].name, key))
			return t[i].value;
	return NULL;
}

static void fmt_int(char *buf, size_t size, int v, const char **p)
{
	if (v == CAT_UNKNOWN) {
		*p = NULL;
		return;
	}
	snprintf(buf, size, "%d", v);
	*p = buf;
}

static void fmt_num(char *buf, size_t size, double v, const char **p)
{
	if (v == CAT_UNKNOWN) {
		*p = NULL;
		return;
	}
	snprintf(buf, size, "%.2f", v);
	*p = buf;
}

/* ------------------------------------------------------------ upsert */

static const char *const upsert_by_id =
	"INSERT INTO intervention_catalogue AS c (id, name, int_type, short_description, topic,"
	" session_detail, reason_for_referral, time_to_complete, sessions_min, sessions_max, hours,"
	" source_file)"
	" VALUES ($1::uuid, $2, $3::catalogue_type, $4, $5, $6, $7, $8, $9::integer, $10::integer,"
	" $11::numeric, $12)"
	" ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, int_type = EXCLUDED.int_type,"
	" short_description = EXCLUDED.short_description, topic = EXCLUDED.topic,"
	" session_detail = EXCLUDED.session_detail, reason_for_referral = EXCLUDED.reason_for_referral,"
	" time_to_complete = EXCLUDED.time_to_complete, sessions_min = EXCLUDED.sessions_min,"
	" sessions_max = EXCLUDED.sessions_max, hours = EXCLUDED.hours,"
	" source_file = EXCLUDED.source_file, version = c.version + 1, last_modified = now(),"
	" last_modified_by = current_user"
	" RETURNING id::text, xmax = 0";

static const char *const upsert_by_name =
	"INSERT INTO intervention_catalogue AS c (id, name, int_type, short_description, topic,"
	" session_detail, reason_for_referral, time_to_complete, sessions_min, sessions_max, hours,"
	" source_file)"
	" VALUES (coalesce($1::uuid, gen_random_uuid()), $2, $3::catalogue_type, $4, $5, $6, $7, $8,"
	" $9::integer, $10::integer, $11::numeric, $12)"
	" ON CONFLICT ON CONSTRAINT intervention_catalogue_name_type DO UPDATE SET"
	" short_description = EXCLUDED.short_description, topic = EXCLUDED.topic,"
	" session_detail = EXCLUDED.session_detail, reason_for_referral = EXCLUDED.reason_for_referral,"
	" time_to_complete = EXCLUDED.time_to_complete, sessions_min = EXCLUDED.sessions_min,"
	" sessions_max = EXCLUDED.sessions_max, hours = EXCLUDED.hours,"
	" source_file = EXCLUDED.source_file, version = c.version + 1, last_modified = now(),"
	" last_modified_by = current_user"
	" RETURNING id::text, xmax = 0";

static const char *const delete_satellites =
	"WITH a AS (DELETE FROM catalogue_long_description WHERE intervention_id = $1),"
	" b AS (DELETE FROM catalogue_delivery_method WHERE intervention_id = $1),"
	" c AS (DELETE FROM catalogue_delivery_setting WHERE intervention_id = $1),"
	" d AS (DELETE FROM catalogue_region WHERE intervention_id = $1),"
	" e AS (DELETE FROM catalogue_need WHERE intervention_id = $1),"
	" f AS (DELETE FROM catalogue_offence WHERE intervention_id = $1),"
	" g AS (DELETE FROM catalogue_enabling_intervention WHERE intervention_id = $1),"
	" h AS (DELETE FROM catalogue_personal_eligibility WHERE intervention_id = $1),"
	" i AS (DELETE FROM catalogue_possible_outcome WHERE intervention_id = $1),"
	" j AS (DELETE FROM catalogue_risk_consideration WHERE intervention_id = $1),"
	" k AS (DELETE FROM catalogue_risk_rule WHERE intervention_id = $1),"
	" l AS (DELETE FROM catalogue_special_educational_need WHERE intervention_id = $1),"
	" m AS (DELETE FROM catalogue_exclusion WHERE intervention_id = $1)"
	" SELECT 1";

static enum ct_status insert_list(PGconn *db, const char *id, const char *what, const char *sql,
				  const char *const *v, size_t n, struct strbuf *err)
{
	struct strbuf arr = STRBUF_INIT;
	const char *p[2];
	enum ct_status rc;

	if (!n)
		return CT_OK;
	if (pg_array(&arr, v, n)) {
		sb_release(&arr);
		return CT_NOMEM;
	}
	p[0] = id;
	p[1] = arr.buf;
	rc = run(db, what, sql, 2, p, err);
	sb_release(&arr);
	return rc;
}

static enum ct_status insert_offences(PGconn *db, const char *id, const char *kind,
				      const struct cat_offence_def *o, size_t n, struct strbuf *err)
{
	struct strbuf a[3] = {STRBUF_INIT, STRBUF_INIT, STRBUF_INIT};
	const char **col[3];
	const char *p[5];
	enum ct_status rc = CT_OK;
	size_t i, k;

	if (!n)
		return CT_OK;
	for (k = 0; k < 3; k++)
		col[k] = calloc(n, sizeof(char *));
	if (!col[0] || !col[1] || !col[2]) {
		rc = CT_NOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		col[0][i] = o[i].type;
		col[1][i] = o[i].victim_type;
		col[2][i] = o[i].motivation;
	}
	for (k = 0; k < 3; k++)
		if (pg_array(&a[k], col[k], n))
			rc = CT_NOMEM;
	if (rc == CT_OK) {
		p[0] = id;
		p[1] = kind;
		p[2] = a[0].buf;
		p[3] = a[1].buf;
		p[4] = a[2].buf;
		rc = run(db, "eligibility_offence",
			 "INSERT INTO catalogue_offence (intervention_id, kind, seq, offence_type,"
			 " victim_type, motivation)"
			 " SELECT $1, $2::catalogue_offence_kind, t.ord, t.o, t.v, t.m"
			 " FROM unnest($3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS t (o, v, m, ord)",
			 5, p, err);
	}
out:
	for (k = 0; k < 3; k++) {
		free(col[k]);
		sb_release(&a[k]);
	}
	return rc;
}

static void levels_db(struct strbuf *b, unsigned levels)
{
	static const char *const names[] = {"LOW", "MEDIUM", "HIGH", "VERY_HIGH"};
	int l, n = 0;

	sb_addc(b, '{');
	for (l = CAT_LEVEL_LOW; l < CAT_LEVEL_END; l++)
		if (levels & CAT_LEVEL_BIT(l)) {
			if (n++)
				sb_addc(b, ',');
			sb_adds(b, names[l - 1]);
		}
	sb_addc(b, '}');
}

static enum ct_status insert_rules(PGconn *db, const char *id, const struct cat_def *d,
				   struct strbuf *err)
{
	size_t n = d->n_risk_rules, i, k;
	struct strbuf a[7], lv = STRBUF_INIT;
	const char **col[7];
	char (*num)[2][32] = NULL;
	char **levels = NULL;
	const char *p[8];
	enum ct_status rc = CT_OK;

	if (!n)
		return CT_OK;
	for (k = 0; k < 7; k++) {
		sb_init(&a[k]);
		col[k] = calloc(n, sizeof(char *));
		if (!col[k])
			rc = CT_NOMEM;
	}
	num = calloc(n, sizeof *num);
	levels = calloc(n, sizeof *levels);
	if (!num || !levels)
		rc = CT_NOMEM;
	for (i = 0; rc == CT_OK && i < n; i++) {
		const struct cat_risk_rule *r = &d->risk_rules[i];

		sb_reset(&lv);
		levels_db(&lv, r->levels);
		if (!(levels[i] = strdup(lv.buf))) {
			rc = CT_NOMEM;
			break;
		}
		col[0][i] = cat_predictor_db(r->predictor);
		col[1][i] = levels[i];
		fmt_num(num[i][0], sizeof num[i][0], r->min_score, &col[2][i]);
		fmt_num(num[i][1], sizeof num[i][1], r->max_score, &col[3][i]);
		col[4][i] = r->only_if_missing ? cat_predictor_db(r->only_if_missing) : NULL;
		col[5][i] = r->field;
		col[6][i] = r->guide;
	}
	for (k = 0; rc == CT_OK && k < 7; k++)
		if (pg_array(&a[k], col[k], n))
			rc = CT_NOMEM;
	if (rc == CT_OK) {
		p[0] = id;
		for (k = 0; k < 7; k++)
			p[k + 1] = a[k].buf;
		rc = run(db, "risk_consideration",
			 "INSERT INTO catalogue_risk_rule (intervention_id, seq, predictor, levels,"
			 " min_score, max_score, only_if_missing, source_field, guide)"
			 " SELECT $1, t.ord, t.p::catalogue_predictor, t.l::catalogue_level[],"
			 " t.lo::numeric, t.hi::numeric, t.o::catalogue_predictor, t.f, t.g"
			 " FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[],"
			 " $7::text[], $8::text[]) WITH ORDINALITY AS t (p, l, lo, hi, o, f, g, ord)",
			 8, p, err);
	}
	for (k = 0; k < 7; k++) {
		free(col[k]);
		sb_release(&a[k]);
	}
	for (i = 0; levels && i < n; i++)
		free(levels[i]);
	free(levels);
	free(num);
	sb_release(&lv);
	return rc;
}

static const char *const risk_cols[] = {
	"cn_score_guide", "extremism_risk_guide", "sara_partner_score_guide",
	"sara_other_score_guide", "osp_score_guide", "osp_dc_icc_combination_guide",
	"ogrs_score_guide", "ovp_guide", "ogp_guide", "pna_guide", "rosh_level", "rsr_guide"};

/* JSON key, column. */
static const char *const exclusion_cols[][2] = {
	{"min_remaining_sentence_duration_guide", "min_remaining_sentence_duration_guide"},
	{"remaining_license_community_order_guide", "remaining_license_community_order_guide"},
	{"alcohol_drug_problem_guide", "alcohol_drug_problem_guide"},
	{"mental_health_problem_guide", "mental_health_problem_guide"},
	{"not_allowed_if_eligible_for_another_intervention",
	 "not_allowed_if_eligible_for_another_intervention_guide"},
	{"literacy_level", "literacy_level_guide"},
	{"other_preferred_method_guide", "other_preferred_method_guide"},
	{"same_type_rule_guide", "same_type_rule_guide"},
	{"schedule_frequency_guide", "schedule_frequency_guide"},
	{"convicted_for_offence_type", "convicted_for_offence_type_guide"},
};

static enum ct_status write_satellites(PGconn *db, const char *id, const struct cat_def *d,
				       struct strbuf *err)
{
	enum ct_status rc;
	const char *p[13];
	char b1[16], b2[16];
	size_t i;

	if ((rc = run(db, "catalogue", delete_satellites, 1, &id, err)))
		return rc;
	if ((rc = insert_list(db, id, "intervention_catalogue.long_description",
			      "INSERT INTO catalogue_long_description (intervention_id, seq, paragraph)"
			      " SELECT $1, t.ord, t.p FROM unnest($2::text[]) WITH ORDINALITY AS t (p, ord)",
			      d->long_description, d->n_long_description, err)))
		return rc;
	if (d->format || d->attendance) {
		p[0] = id;
		p[1] = d->format;
		p[2] = d->attendance;
		if ((rc = run(db, "delivery_method",
			      "INSERT INTO catalogue_delivery_method (intervention_id, delivery_format,"
			      " attendance_type) VALUES ($1, $2, $3)", 3, p, err)))
			return rc;
	}
	{
		const char *v[CAT_SETTING_COUNT + CAT_REGION_COUNT];
		size_t n = 0;
		int s;

		for (s = 0; s < CAT_SETTING_COUNT; s++)
			if (d->settings & (1u << s))
				v[n++] = cat_setting_db((enum cat_setting)s);
		if ((rc = insert_list(db, id, "delivery_method_settings",
				      "INSERT INTO catalogue_delivery_setting (intervention_id, setting)"
				      " SELECT $1, s::catalogue_setting_type FROM unnest($2::text[]) s",
				      v, n, err)))
			return rc;
		n = 0;
		for (s = 1; s < CAT_REGION_END; s++)
			if (d->regions & CAT_REGION_BIT(s))
				v[n++] = cat_region_code((enum cat_region)s);
		if ((rc = insert_list(db, id, "delivery_regions",
				      "INSERT INTO catalogue_region (intervention_id, region_id)"
				      " SELECT $1, r FROM unnest($2::text[]) r", v, n, err)))
			return rc;
	}
	if ((rc = insert_list(db, id, "criminogenic_needs",
			      "INSERT INTO catalogue_need (intervention_id, seq, need)"
			      " SELECT $1, t.ord, t.n FROM unnest($2::text[]) WITH ORDINALITY AS t (n, ord)",
			      d->needs, d->n_needs, err)))
		return rc;
	if ((rc = insert_offences(db, id, "ELIGIBLE", d->eligible_offences, d->n_eligible_offences,
				  err)) ||
	    (rc = insert_offences(db, id, "EXCLUDED", d->excluded_offences, d->n_excluded_offences,
				  err)))
		return rc;
	if (d->qualifying_previous_intervention || d->convicted_for_offence_type) {
		p[0] = id;
		p[1] = d->qualifying_previous_intervention;
		p[2] = d->convicted_for_offence_type;
		if ((rc = run(db, "enabling_intervention",
			      "INSERT INTO catalogue_enabling_intervention (intervention_id,"
			      " qualifying_previous_intervention, convicted_for_offence_type)"
			      " VALUES ($1, $2, $3)", 3, p, err)))
			return rc;
	}
	if (d->min_age != CAT_UNKNOWN || d->max_age != CAT_UNKNOWN || d->males != CAT_UNKNOWN ||
	    d->females != CAT_UNKNOWN) {
		p[0] = id;
		fmt_int(b1, sizeof b1, d->min_age, &p[1]);
		fmt_int(b2, sizeof b2, d->max_age, &p[2]);
		p[3] = d->males == CAT_UNKNOWN ? NULL : d->males ? "true" : "false";
		p[4] = d->females == CAT_UNKNOWN ? NULL : d->females ? "true" : "false";
		if ((rc = run(db, "personal_eligibility",
			      "INSERT INTO catalogue_personal_eligibility (intervention_id, min_age,"
			      " max_age, males, females) VALUES ($1, $2::integer, $3::integer,"
			      " $4::boolean, $5::boolean)", 5, p, err)))
			return rc;
	}
	if ((rc = insert_list(db, id, "possible_outcomes",
			      "INSERT INTO catalogue_possible_outcome (intervention_id, seq, outcome)"
			      " SELECT $1, t.ord, t.o FROM unnest($2::text[]) WITH ORDINALITY AS t (o, ord)",
			      d->outcomes, d->n_outcomes, err)))
		return rc;
	if (d->n_risk_guides) {
		p[0] = id;
		for (i = 0; i < N_OF(risk_cols); i++)
			p[i + 1] = guide(d->risk_guides, d->n_risk_guides, risk_cols[i]);
		if ((rc = run(db, "risk_consideration",
			      "INSERT INTO catalogue_risk_consideration (intervention_id, cn_score_guide,"
			      " extremism_risk_guide, sara_partner_score_guide, sara_other_score_guide,"
			      " osp_score_guide, osp_dc_icc_combination_guide, ogrs_score_guide, ovp_guide,"
			      " ogp_guide, pna_guide, rosh_level, rsr_guide)"
			      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)", 13, p, err)))
			return rc;
	}
	if ((rc = insert_rules(db, id, d, err)))
		return rc;
	if (d->literacy_level || d->learning_disability || d->equivalent_non_ldc) {
		p[0] = id;
		p[1] = d->literacy_level;
		p[2] = d->learning_disability;
		p[3] = d->equivalent_non_ldc;
		if ((rc = run(db, "special_educational_needs",
			      "INSERT INTO catalogue_special_educational_need (intervention_id,"
			      " literacy_level_guide, learning_disability_catered_for,"
			      " equivalent_non_ldc_programme_guide) VALUES ($1, $2, $3, $4)", 4, p, err)))
			return rc;
	}
	if (d->n_exclusions) {
		p[0] = id;
		for (i = 0; i < N_OF(exclusion_cols); i++)
			p[i + 1] = guide(d->exclusions, d->n_exclusions, exclusion_cols[i][0]);
		if ((rc = run(db, "exclusion",
			      "INSERT INTO catalogue_exclusion (intervention_id,"
			      " min_remaining_sentence_duration_guide, remaining_license_community_order_guide,"
			      " alcohol_drug_problem_guide, mental_health_problem_guide,"
			      " not_allowed_if_eligible_for_another_intervention_guide, literacy_level_guide,"
			      " other_preferred_method_guide, same_type_rule_guide, schedule_frequency_guide,"
			      " convicted_for_offence_type_guide)"
			      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)", 11, p, err)))
			return rc;
	}
	return CT_OK;
}

enum ct_status catalogue_store_upsert(PGconn *db, const struct cat_def *d, bool *created,
				      struct strbuf *id_out, struct strbuf *err)
{
	const char *p[12];
	char smin[16], smax[16], hours[32];
	struct strbuf msg = STRBUF_INIT;
	char state[6];
	PGresult *r;
	enum ct_status rc;
	char *id = NULL;

	if (created)
		*created = false;
	if (!d->name) {
		sb_adds(err, "intervention_catalogue.name: is required");
		return CT_DB;
	}
	p[0] = d->id;
	p[1] = d->name;
	p[2] = cat_type_db(d->type);
	p[3] = d->short_description;
	p[4] = d->topic;
	p[5] = d->session_detail;
	p[6] = d->reason_for_referral;
	p[7] = d->time_to_complete;
	fmt_int(smin, sizeof smin, d->sessions_min, &p[8]);
	fmt_int(smax, sizeof smax, d->sessions_max, &p[9]);
	fmt_num(hours, sizeof hours, d->hours, &p[10]);
	p[11] = d->source_file;

	if ((rc = run(db, "catalogue", "BEGIN", 0, NULL, err)))
		return rc;
	r = db_query(db, d->id ? upsert_by_id : upsert_by_name, 12, p, &msg, state);
	if (!r) {
		if (!strcmp(state, "23505")) {
			sb_addf(err, "intervention_catalogue.name: another entry called \"%s\" (%s) has a "
				"different uuid", d->name, cat_type_json(d->type));
			rc = CT_CONFLICT;
		} else {
			sb_addf(err, "catalogue: %s", msg.buf);
			rc = CT_DB;
		}
		goto rollback;
	}
	if (PQntuples(r) != 1) {
		PQclear(r);
		sb_adds(err, "catalogue: the entry was not written");
		rc = CT_DB;
		goto rollback;
	}
	id = strdup(PQgetvalue(r, 0, 0));
	if (created)
		*created = PQgetvalue(r, 0, 1)[0] == 't';
	PQclear(r);
	if (!id) {
		rc = CT_NOMEM;
		goto rollback;
	}
	if ((rc = write_satellites(db, id, d, err)))
		goto rollback;
	if ((rc = run(db, "catalogue", "COMMIT", 0, NULL, err)))
		goto rollback;
	if (id_out) {
		sb_reset(id_out);
		sb_adds(id_out, id);
	}
	free(id);
	sb_release(&msg);
	return CT_OK;

rollback:
	PQclear(PQexec(db, "ROLLBACK"));
	free(id);
	sb_release(&msg);
	if (created)
		*created = false;
	return rc;
}

/* ------------------------------------------------------------ load */

struct loader {
	PGconn *db;
	struct cat_arena *a;
	struct cat_def *defs;
	size_t n;
	struct strbuf *err;
	PGresult *prereqs; /* acp_prerequisite rows, while loading strands */
	bool oom;
};

static const char *val(struct loader *l, PGresult *r, int row, int col)
{
	char *s;

	if (PQgetisnull(r, row, col))
		return NULL;
	s = cat_arena_strdup(l->a, PQgetvalue(r, row, col));
	if (!s)
		l->oom = true;
	return s;
}

static int ival(PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? CAT_UNKNOWN : atoi(PQgetvalue(r, row, col));
}

static int bval(PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? CAT_UNKNOWN : PQgetvalue(r, row, col)[0] == 't';
}

static double dval(PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? CAT_UNKNOWN : strtod(PQgetvalue(r, row, col), NULL);
}

static PGresult *query(struct loader *l, const char *sql)
{
	struct strbuf msg = STRBUF_INIT;
	PGresult *r = db_query(l->db, sql, 0, NULL, &msg, NULL);

	if (!r)
		sb_addf(l->err, "catalogue: %s", msg.buf);
	sb_release(&msg);
	return r;
}

/* For a result sorted by the entry id in column 0 (as the entries are),
 * calls fn for each entry with its rows [from, to). */
typedef void (*rows_fn)(struct loader *l, struct cat_def *d, PGresult *r, int from, int to);

static enum ct_status each(struct loader *l, const char *sql, rows_fn fn)
{
	PGresult *r = query(l, sql);
	int row = 0, rows;
	size_t i;

	if (!r)
		return CT_DB;
	rows = PQntuples(r);
	for (i = 0; i < l->n && row < rows; i++) {
		int from, c;

		while (row < rows && (c = strcmp(PQgetvalue(r, row, 0), l->defs[i].id)) < 0)
			row++;
		from = row;
		while (row < rows && !strcmp(PQgetvalue(r, row, 0), l->defs[i].id))
			row++;
		if (row > from)
			fn(l, &l->defs[i], r, from, row);
	}
	PQclear(r);
	return l->oom ? CT_NOMEM : CT_OK;
}

static void *alloc_n(struct loader *l, size_t n, size_t size)
{
	void *p = cat_arena_alloc(l->a, n * size);

	if (!p)
		l->oom = true;
	return p;
}

static void rows_paragraphs(struct loader *l, struct cat_def *d, PGresult *r, int from, int to)
{
	const char **v = alloc_n(l, (size_t)(to - from), sizeof *v);
	int i;

	if (!v)
		return;
	for (i = from; i < to; i++)
		v[i - from] = val(l, r, i, 1);
	d->long_description = v;
	d->n_long_description = (size_t)(to - from);
}

static void rows_settings(struct loader *l, struct cat_def *d, PGresult *r, int from, int to)
{
	int i, s;

	(void)l;
	for (i = from; i < to; i++)
		if ((s = cat_setting_parse(PQgetvalue(r, i, 1))) >= 0)
			d->settings |= 1u << s;
}

static void rows_regions(struct loader *l, struct cat_def *d, PGresult *r, int from, int to)
{
	int i, g;

	(void)l;
	for (i = from; i < to; i++)
		if ((g = cat_region_parse(PQgetvalue(r, i, 1))) > 0)
			d->regions |= CAT_REGION_BIT(g);
}

static void rows_needs(struct loader *l, struct cat_def *d, PGresult *r, int from, int to)
{
	const char **v = alloc_n(l, (size_t)(to - from), sizeof *v);
	int i;

	if (!v)
		return;
	for (i = from; i < to; i++)
		v[i - from] = val(l, r, i, 1);
	d->needs = v;
	d->n_needs = (size_t)(to - from);
}

static void rows_outcomes(struct loader *l, struct cat_def *d, PGresult *r, int from, int to)
{
	const char **v = alloc_n(l, (size_t)(to - from), sizeof *v);
	int i;

	if (!v)
		return;
	for (i = from; i < to; i++)
		v[i - from] = val(l, r, i, 1);
	d->outcomes = v;
	d->n_outcomes = (size_t)(to - from);
}

static void rows_offences(struct loader *l, struct cat_def *d, PGresult *r, int from, int to)
{
	struct cat_offence_def *e = alloc_n(l, (size_t)(to - from), sizeof *e);
	struct cat_offence_def *x = alloc_n(l, (size_t)(to - from), sizeof *x);
	size_t ne = 0, nx = 0;
	int i;

	if (!e || !x)
		return;
	for (i = from; i < to; i++) {
		struct cat_offence_def *o = !strcmp(PQgetvalue(r, i, 1), "ELIGIBLE") ? &e[ne++] : &x[nx++];

		o->type = val(l, r, i, 2);
		o->victim_type = val(l, r, i, 3);
		o->motivation = val(l, r, i, 4);
		o->offence = cat_offence_parse(o->type);
	}
	d->eligible_offences = e;
	d->n_eligible_offences = ne;
	d->excluded_offences = x;
	d->n_excluded_offences = nx;
}

/* Guides from one row of named text columns 1..ncols (names from keys). */
static void rows_texts(struct loader *l, PGresult *r, int row, const char *const *keys,
		       size_t ncols, const struct cat_text **out, size_t *n)
{
	struct cat_text *t = alloc_n(l, ncols, sizeof *t);
	size_t k, m = 0;

	*n = 0;
	if (!t)
		return;
	for (k = 0; k < ncols; k++) {
		if (PQgetisnull(r, row, (int)k + 1))
			continue;
		t[m].name = keys[k];
		t[m].value = val(l, r, row, (int)k + 1);
		m++;
	}
	*out = t;
	*n = m;
}

static void rows_guides(struct loader *l, struct cat_def *d, PGresult *r, int from, int to)
{
	(void)to;
	rows_texts(l, r, from, risk_cols, N_OF(risk_cols), &d->risk_guides, &d->n_risk_guides);
}

static void rows_exclusions(struct loader *l, struct cat_def *d, PGresult *r, int from, int to)
{
	const char *keys[N_OF(exclusion_cols)];
	size_t k;

	(void)to;
	for (k = 0; k < N_OF(exclusion_cols); k++)
		keys[k] = exclusion_cols[k][0];
	/* the names stored are the static JSON keys, so they outlive keys[] */
	rows_texts(l, r, from, keys, N_OF(keys), &d->exclusions, &d->n_exclusions);
}

static void rows_rules(struct loader *l, struct cat_def *d, PGresult *r, int from, int to)
{
	struct cat_risk_rule *v = alloc_n(l, (size_t)(to - from), sizeof *v);
	size_t n = 0;
	int i;

	if (!v)
		return;
	for (i = from; i < to; i++) {
		struct cat_risk_rule *x = &v[n];
		const char *levels = PQgetvalue(r, i, 2);
		int p = cat_predictor_parse(PQgetvalue(r, i, 1));

		if (p < 0)
			continue;
		x->predictor = (enum cat_predictor)p;
		while (*levels) {
			const char *comma = strchr(levels, ',');
			size_t len = comma ? (size_t)(comma - levels) : strlen(levels);
			char word[16];
			int lv;

			if (len < sizeof word) {
				memcpy(word, levels, len);
				word[len] = '\0';
				if ((lv = cat_level_parse(word)) > 0)
					x->levels |= CAT_LEVEL_BIT(lv);
			}
			levels += len + (comma ? 1 : 0);
		}
		x->min_score = dval(r, i, 3);
		x->max_score = dval(r, i, 4);
		p = PQgetisnull(r, i, 5) ? -1 : cat_predictor_parse(PQgetvalue(r, i, 5));
		x->only_if_missing = p > 0 ? (enum cat_predictor)p : CAT_PREDICTOR_NONE;
		x->field = val(l, r, i, 6);
		x->guide = val(l, r, i, 7);
		n++;
	}
	d->risk_rules = v;
	d->n_risk_rules = n;
}

static void rows_courses(struct loader *l, struct cat_def *d, PGresult *r, int from, int to)
{
	struct cat_course *v = alloc_n(l, (size_t)(to - from), sizeof *v);
	PGresult *prereqs = l->prereqs;
	int i, j, np = prereqs ? PQntuples(prereqs) : 0;

	if (!v)
		return;
	for (i = from; i < to; i++) {
		struct cat_course *c = &v[i - from];
		int in = cat_intensity_parse(PQgetisnull(r, i, 4) ? NULL : PQgetvalue(r, i, 4));
		size_t k = 0, count = 0;
		struct cat_text *t;

		c->identifier = val(l, r, i, 1);
		c->name = val(l, r, i, 2);
		c->audience = val(l, r, i, 3);
		c->intensity = in > 0 ? (enum cat_intensity)in : CAT_INTENSITY_NONE;
		c->withdrawn = PQgetvalue(r, i, 5)[0] == 't';
		for (j = 0; j < np; j++)
			if (!strcmp(PQgetvalue(prereqs, j, 0), PQgetvalue(r, i, 1)))
				count++;
		if (!count)
			continue;
		t = alloc_n(l, count, sizeof *t);
		if (!t)
			return;
		for (j = 0; j < np; j++)
			if (!strcmp(PQgetvalue(prereqs, j, 0), PQgetvalue(r, i, 1))) {
				t[k].name = val(l, prereqs, j, 1);
				t[k].value = val(l, prereqs, j, 2);
				k++;
			}
		c->prerequisites = t;
		c->n_prerequisites = count;
	}
	d->courses = v;
	d->n_courses = (size_t)(to - from);
}

static void rows_locations(struct loader *l, struct cat_def *d, PGresult *r, int from, int to)
{
	struct cat_location *v = alloc_n(l, (size_t)(to - from), sizeof *v);
	int i, s, g;

	if (!v)
		return;
	for (i = from; i < to; i++) {
		struct cat_location *x = &v[i - from];

		s = cat_setting_parse(PQgetvalue(r, i, 1));
		x->setting = s >= 0 ? (enum cat_setting)s : CAT_SETTING_COMMUNITY;
		x->code = val(l, r, i, 2);
		x->name = val(l, r, i, 3);
		x->contact = val(l, r, i, 4);
		g = PQgetisnull(r, i, 5) ? -1 : cat_region_parse(PQgetvalue(r, i, 5));
		x->region = g > 0 ? (enum cat_region)g : CAT_REGION_UNKNOWN;
		x->referable = PQgetvalue(r, i, 6)[0] == 't';
	}
	d->locations = v;
	d->n_locations = (size_t)(to - from);
}

/* The entries; time to complete and LDC fall back on the first strand's
 * prerequisites when the entry does not say. */
static const char *const entries_sql =
	"SELECT c.id::text, c.name, c.int_type::text, c.short_description, c.topic,"
	" c.session_detail, c.reason_for_referral,"
	" coalesce(c.time_to_complete, (SELECT p.description FROM acp_course k"
	"   JOIN acp_prerequisite p ON p.course_identifier = k.identifier"
	"   WHERE c.int_type = 'ACP' AND k.catalogue_name = c.name AND p.name = 'Time to complete'"
	"   ORDER BY k.withdrawn, k.identifier, p.seq LIMIT 1)),"
	" c.sessions_min, c.sessions_max, c.hours, c.source_file,"
	" m.delivery_format, m.attendance_type, e.min_age, e.max_age, e.males, e.females,"
	" n.qualifying_previous_intervention, n.convicted_for_offence_type,"
	" s.literacy_level_guide,"
	" coalesce(s.learning_disability_catered_for, (SELECT p.description FROM acp_course k"
	"   JOIN acp_prerequisite p ON p.course_identifier = k.identifier"
	"   WHERE c.int_type = 'ACP' AND k.catalogue_name = c.name"
	"   AND p.name LIKE 'Suitable for people with learning disabilities or challenges (LDC)%'"
	"   ORDER BY k.withdrawn, k.identifier, p.seq LIMIT 1)),"
	" s.equivalent_non_ldc_programme_guide"
	" FROM intervention_catalogue c"
	" LEFT JOIN catalogue_delivery_method m ON m.intervention_id = c.id"
	" LEFT JOIN catalogue_personal_eligibility e ON e.intervention_id = c.id"
	" LEFT JOIN catalogue_enabling_intervention n ON n.intervention_id = c.id"
	" LEFT JOIN catalogue_special_educational_need s ON s.intervention_id = c.id"
	" ORDER BY c.id";

static enum ct_status load_entries(struct loader *l)
{
	PGresult *r = query(l, entries_sql);
	int i, rows;

	if (!r)
		return CT_DB;
	rows = PQntuples(r);
	l->defs = calloc(rows ? (size_t)rows : 1, sizeof *l->defs);
	if (!l->defs) {
		PQclear(r);
		return CT_NOMEM;
	}
	for (i = 0; i < rows; i++) {
		struct cat_def *d = &l->defs[i];
		int t = cat_type_parse(PQgetvalue(r, i, 2));

		cat_def_init(d);
		d->id = val(l, r, i, 0);
		d->name = val(l, r, i, 1);
		d->type = t >= 0 ? (enum cat_type)t : CAT_TYPE_CRS;
		d->short_description = val(l, r, i, 3);
		d->topic = val(l, r, i, 4);
		d->session_detail = val(l, r, i, 5);
		d->reason_for_referral = val(l, r, i, 6);
		d->time_to_complete = val(l, r, i, 7);
		d->sessions_min = ival(r, i, 8);
		d->sessions_max = ival(r, i, 9);
		d->hours = dval(r, i, 10);
		if (d->hours == CAT_UNKNOWN)
			d->hours = cat_parse_hours(d->time_to_complete);
		if (d->sessions_min == CAT_UNKNOWN)
			cat_parse_sessions(d->time_to_complete, &d->sessions_min, &d->sessions_max);
		d->source_file = val(l, r, i, 11);
		d->format = val(l, r, i, 12);
		d->attendance = val(l, r, i, 13);
		d->min_age = ival(r, i, 14);
		d->max_age = ival(r, i, 15);
		d->males = bval(r, i, 16);
		d->females = bval(r, i, 17);
		d->qualifying_previous_intervention = val(l, r, i, 18);
		d->convicted_for_offence_type = val(l, r, i, 19);
		d->literacy_level = val(l, r, i, 20);
		d->learning_disability = val(l, r, i, 21);
		d->equivalent_non_ldc = val(l, r, i, 22);
	}
	l->n = (size_t)rows;
	PQclear(r);
	return l->oom ? CT_NOMEM : CT_OK;
}

enum ct_status catalogue_store_load(PGconn *db, struct catalogue **out, struct strbuf *err)
{
	struct loader l = {db, NULL, NULL, 0, err, NULL, false};
	enum ct_status rc;
	size_t i;

	*out = NULL;
	l.a = cat_arena_new();
	if (!l.a)
		return CT_NOMEM;
	/* one snapshot for every query */
	if ((rc = run(db, "catalogue", "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL, err)))
		goto fail;
	/* No JIT: these queries read at most a few thousand rows and run in a
	 * millisecond, but the planner's estimates for the small side tables
	 * (never analysed: autovacuum skips tables under 50 changed rows) put the
	 * entries query far above jit_above_cost, and compiling it took 0.9 to
	 * 3 s on every open of the Catalogue (tools/bench screens). */
	if ((rc = run(db, "catalogue", "SET LOCAL jit = off", 0, NULL, err)))
		goto fail;
	if ((rc = load_entries(&l)))
		goto fail;
	if ((rc = each(&l, "SELECT intervention_id::text, paragraph FROM catalogue_long_description"
			   " ORDER BY intervention_id, seq", rows_paragraphs)) ||
	    (rc = each(&l, "SELECT intervention_id::text, setting::text FROM catalogue_delivery_setting"
			   " ORDER BY intervention_id, setting", rows_settings)) ||
	    (rc = each(&l, "SELECT intervention_id::text, region_id FROM catalogue_region"
			   " ORDER BY intervention_id, region_id", rows_regions)) ||
	    (rc = each(&l, "SELECT intervention_id::text, need FROM catalogue_need"
			   " ORDER BY intervention_id, seq", rows_needs)) ||
	    (rc = each(&l, "SELECT intervention_id::text, outcome FROM catalogue_possible_outcome"
			   " ORDER BY intervention_id, seq", rows_outcomes)) ||
	    (rc = each(&l, "SELECT intervention_id::text, kind::text, offence_type, victim_type,"
			   " motivation FROM catalogue_offence ORDER BY intervention_id, kind, seq",
		       rows_offences)) ||
	    (rc = each(&l, "SELECT intervention_id::text, cn_score_guide, extremism_risk_guide,"
			   " sara_partner_score_guide, sara_other_score_guide, osp_score_guide,"
			   " osp_dc_icc_combination_guide, ogrs_score_guide, ovp_guide, ogp_guide,"
			   " pna_guide, rosh_level, rsr_guide FROM catalogue_risk_consideration"
			   " ORDER BY intervention_id", rows_guides)) ||
	    (rc = each(&l, "SELECT intervention_id::text, predictor::text,"
			   " array_to_string(levels, ','), min_score, max_score, only_if_missing::text,"
			   " source_field, guide FROM catalogue_risk_rule ORDER BY intervention_id, seq",
		       rows_rules)) ||
	    (rc = each(&l, "SELECT intervention_id::text, min_remaining_sentence_duration_guide,"
			   " remaining_license_community_order_guide, alcohol_drug_problem_guide,"
			   " mental_health_problem_guide,"
			   " not_allowed_if_eligible_for_another_intervention_guide, literacy_level_guide,"
			   " other_preferred_method_guide, same_type_rule_guide, schedule_frequency_guide,"
			   " convicted_for_offence_type_guide FROM catalogue_exclusion"
			   " ORDER BY intervention_id", rows_exclusions)) ||
	    (rc = each(&l, "SELECT x.id, x.setting, x.code, x.name, x.contact, x.region, x.referable"
			   " FROM ((SELECT DISTINCT ON (c.id, o.organisation_code) c.id::text AS id,"
			   "   'CUSTODY' AS setting, o.organisation_code AS code,"
			   "   coalesce(o.organisation_name, o.organisation_code) AS name,"
			   "   o.contact_email AS contact, NULL::text AS region, o.referable"
			   "   FROM intervention_catalogue c"
			   "   JOIN acp_course k ON k.catalogue_name = c.name AND c.int_type = 'ACP'"
			   "   JOIN acp_offering o ON o.course_identifier = k.identifier"
			   "   WHERE NOT k.withdrawn AND NOT o.withdrawn"
			   "   ORDER BY c.id, o.organisation_code, o.referable DESC)"
			   " UNION ALL"
			   " SELECT l.intervention_id::text, l.setting::text, l.pdu_id,"
			   "   coalesce(p.name, l.provider_name), l.contact, p.region_id, true"
			   "   FROM catalogue_location l LEFT JOIN pdu p ON p.id = l.pdu_id) x"
			   " ORDER BY x.id::uuid, x.setting, x.name", rows_locations)))
		goto fail;
	l.prereqs = query(&l, "SELECT course_identifier, name, description FROM acp_prerequisite"
			    " ORDER BY course_identifier, seq");
	if (!l.prereqs) {
		rc = CT_DB;
		goto fail;
	}
	rc = each(&l, "SELECT c.id::text, k.identifier, k.name, k.audience, k.intensity, k.withdrawn"
		      " FROM intervention_catalogue c"
		      " JOIN acp_course k ON k.catalogue_name = c.name AND c.int_type = 'ACP'"
		      " ORDER BY c.id, k.identifier", rows_courses);
	PQclear(l.prereqs);
	l.prereqs = NULL;
	if (rc)
		goto fail;
	PQclear(PQexec(db, "COMMIT"));
	return cat_build(l.defs, l.n, l.a, out);

fail:
	PQclear(PQexec(db, "ROLLBACK"));
	for (i = 0; i < l.n; i++)
		cat_def_release(&l.defs[i]);
	free(l.defs);
	cat_arena_free(&l.a);
	return rc;
}

enum ct_status catalogue_store_analyze(PGconn *db, struct strbuf *err)
{
	/* every table the load query reads (migration 0005) */
	return run(db, "catalogue statistics",
		   "ANALYZE intervention_catalogue, catalogue_long_description,"
		   " catalogue_delivery_method, catalogue_delivery_setting, catalogue_region,"
		   " catalogue_location, catalogue_need, catalogue_offence,"
		   " catalogue_enabling_intervention, catalogue_personal_eligibility,"
		   " catalogue_possible_outcome, catalogue_risk_consideration, catalogue_risk_rule,"
		   " catalogue_special_educational_need, catalogue_exclusion, acp_audience,"
		   " acp_course, acp_prerequisite, acp_course_variant, acp_offering",
		   0, NULL, err);
}
