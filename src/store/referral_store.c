/* referral_store.c: SQL for sent referrals and interventions (the rules live in migration 0004). */
#include "store/referral_store.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "store/outbox_store.h"

/* A timestamptz column as ISO 8601 UTC text. */
#define ISO(x) "to_char((" x ") AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

#define REFERRAL_URN_PREFIX "urn:hmpps:interventions-referral:"

/* ---- small helpers ------------------------------------------------------- */

static const char *const risk_codes[RISK_FIELD_COUNT] = {
	"who_is_at_risk", "nature_of_risk", "risk_imminence", "suicide",
	"self_harm", "hostel_setting", "vulnerability", "additional_information",
};

static const char *const risk_labels[RISK_FIELD_COUNT] = {
	"Who is at risk",
	"Nature of risk",
	"When risk likely to be greatest",
	"Concerns relating to suicide",
	"Concerns relating to self harm",
	"Concerns relating to coping in a hostel setting",
	"Concerns relating to vulnerability",
	"Additional risk information",
};

const char *referral_risk_field_code(enum referral_risk_field f)
{
	return (unsigned)f < RISK_FIELD_COUNT ? risk_codes[f] : NULL;
}

const char *referral_risk_field_label(enum referral_risk_field f)
{
	return (unsigned)f < RISK_FIELD_COUNT ? risk_labels[f] : "";
}

enum referral_risk_field referral_risk_field_from_code(const char *code)
{
	int i;

	for (i = 0; code && i < RISK_FIELD_COUNT; i++)
		if (!strcmp(code, risk_codes[i]))
			return (enum referral_risk_field)i;
	return RISK_FIELD_COUNT;
}

const char *referral_risk_decision_code(enum referral_risk_decision d)
{
	switch (d) {
	case RISK_CONFIRMED: return "CONFIRMED";
	case RISK_EDITED: return "EDITED";
	case RISK_REMOVED: return "REMOVED";
	default: return "";
	}
}

static enum referral_risk_decision decision_from_code(const char *s)
{
	if (!s)
		return RISK_NOT_GIVEN;
	if (!strcmp(s, "CONFIRMED"))
		return RISK_CONFIRMED;
	if (!strcmp(s, "EDITED"))
		return RISK_EDITED;
	if (!strcmp(s, "REMOVED"))
		return RISK_REMOVED;
	return RISK_NOT_GIVEN;
}

/* JSON building: a string member only when given; bad is set when jansson
 * refuses (invalid UTF-8, out of memory). */
static void put_s(json_t *o, const char *k, const char *v, bool *bad)
{
	if (v && json_object_set_new(o, k, json_string(v)))
		*bad = true;
}

/* As put_s, but "" becomes JSON null (clear the field). */
static void put_clearable(json_t *o, const char *k, const char *v, bool *bad)
{
	if (!v)
		return;
	if (json_object_set_new(o, k, v[0] ? json_string(v) : json_null()))
		*bad = true;
}

static void put_b(json_t *o, const char *k, bool v, bool *bad)
{
	if (json_object_set_new(o, k, json_boolean(v)))
		*bad = true;
}

static void put_i(json_t *o, const char *k, long long v, bool *bad)
{
	if (json_object_set_new(o, k, json_integer((json_int_t)v)))
		*bad = true;
}

static json_t *string_array(const char *const *v, size_t n, bool *bad)
{
	json_t *a = json_array();
	size_t i;

	if (!a) {
		*bad = true;
		return NULL;
	}
	for (i = 0; i < n; i++)
		if (!v[i] || json_array_append_new(a, json_string(v[i])))
			*bad = true;
	return a;
}

static void put_o(json_t *o, const char *k, json_t *v, bool *bad)
{
	if (!v || json_object_set_new(o, k, v))
		*bad = true;
}

/* A JSON text as a new string, or NULL. */
static char *dump(json_t *doc)
{
	char *s = doc ? json_dumps(doc, JSON_COMPACT) : NULL;

	json_decref(doc);
	return s;
}

/* Says who changed the referral since the caller read it, after a refused
 * change (outside any transaction). */
static void describe_conflict(PGconn *db, const char *id, struct referral_conflict *conflict,
			      struct strbuf *err)
{
	const char *p[1] = {id};
	PGresult *r = db_query(db,
		"SELECT s.display_name, " ISO("r.updated_at") ", r.version"
		" FROM referral r LEFT JOIN staff s ON s.id = r.updated_by WHERE r.id = $1::uuid",
		1, p, NULL, NULL);
	bool oom = false;

	if (!r)
		return;
	if (PQntuples(r) == 1) {
		if (err)
			sb_addf(err, " (last changed by %s at %s)",
				PQgetisnull(r, 0, 0) ? "someone" : PQgetvalue(r, 0, 0),
				PQgetvalue(r, 0, 1));
		if (conflict) {
			conflict->changed_by = db_value_take(r, 0, 0, &oom);
			conflict->changed_at = db_value_take(r, 0, 1, &oom);
			conflict->version = db_value_int(r, 0, 2);
		}
	}
	PQclear(r);
}

void referral_conflict_release(struct referral_conflict *c)
{
	if (!c)
		return;
	free(c->changed_by);
	free(c->changed_at);
	memset(c, 0, sizeof *c);
}

/* ---- sending ------------------------------------------------------------- */

static char *send_json(const struct referral_send_input *in, bool *bad)
{
	json_t *doc = json_object(), *su = json_object(), *needs = json_object();
	json_t *loc = json_object(), *det = json_object(), *pp = json_object();
	json_t *cats = json_array(), *risk = json_object(), *fields = json_object();
	size_t i;

	if (!doc || !su || !needs || !loc || !det || !pp || !cats || !risk || !fields) {
		*bad = true;
		json_decref(su);
		json_decref(needs);
		json_decref(loc);
		json_decref(det);
		json_decref(pp);
		json_decref(cats);
		json_decref(risk);
		json_decref(fields);
		json_decref(doc);
		return NULL;
	}
	put_s(doc, "id", in->id, bad);
	put_s(doc, "interventionId", in->intervention_id, bad);
	put_s(doc, "crn", in->crn, bad);
	if (in->has_relevant_sentence)
		put_i(doc, "relevantSentenceId", in->relevant_sentence_id, bad);
	put_s(doc, "relevantSentenceEndDate", in->relevant_sentence_end_date, bad);

	put_s(su, "title", in->person.title, bad);
	put_s(su, "firstName", in->person.first_name, bad);
	put_s(su, "lastName", in->person.last_name, bad);
	put_s(su, "dateOfBirth", in->person.date_of_birth, bad);
	put_s(su, "gender", in->person.gender, bad);
	put_s(su, "ethnicity", in->person.ethnicity, bad);
	put_s(su, "preferredLanguage", in->person.preferred_language, bad);
	put_s(su, "religionOrBelief", in->person.religion_or_belief, bad);
	put_o(su, "disabilities",
	      string_array(in->person.disabilities, in->person.n_disabilities, bad), bad);
	put_o(doc, "serviceUser", su, bad);

	put_s(needs, "accessibilityNeeds", in->needs.accessibility_needs, bad);
	put_s(needs, "additionalNeedsInformation", in->needs.additional_needs_information, bad);
	put_b(needs, "needsInterpreter", in->needs.needs_interpreter, bad);
	put_s(needs, "interpreterLanguage", in->needs.interpreter_language, bad);
	put_b(needs, "hasAdditionalResponsibilities", in->needs.has_additional_responsibilities, bad);
	put_s(needs, "whenUnavailable", in->needs.when_unavailable, bad);
	put_o(doc, "needs", needs, bad);

	put_s(loc, "type", in->location.custody ? "CUSTODY" : "COMMUNITY", bad);
	put_s(loc, "prisonId", in->location.prison_id, bad);
	put_s(loc, "expectedReleaseDate", in->location.expected_release_date, bad);
	put_s(loc, "expectedReleaseDateMissingReason",
	      in->location.expected_release_date_missing_reason, bad);
	put_s(loc, "expectedProbationOffice", in->location.expected_probation_office, bad);
	put_o(doc, "location", loc, bad);

	put_s(det, "completionDeadline", in->details.completion_deadline, bad);
	if (in->details.maximum_enforceable_days)
		put_i(det, "maximumEnforceableDays", in->details.maximum_enforceable_days, bad);
	put_s(det, "reasonForReferral", in->details.reason_for_referral, bad);
	put_s(det, "furtherInformation", in->details.further_information, bad);
	put_o(doc, "details", det, bad);

	put_s(pp, "ndeliusName", in->pp.ndelius_name, bad);
	put_s(pp, "ndeliusEmailAddress", in->pp.ndelius_email_address, bad);
	put_s(pp, "ndeliusPdu", in->pp.ndelius_pdu, bad);
	put_s(pp, "ndeliusPhoneNumber", in->pp.ndelius_phone_number, bad);
	put_s(pp, "ndeliusTeamPhoneNumber", in->pp.ndelius_team_phone_number, bad);
	put_s(pp, "name", in->pp.name, bad);
	put_s(pp, "emailAddress", in->pp.email_address, bad);
	put_s(pp, "pdu", in->pp.pdu, bad);
	put_s(pp, "probationOffice", in->pp.probation_office, bad);
	put_s(pp, "establishment", in->pp.establishment, bad);
	put_s(pp, "roleJobTitle", in->pp.role_job_title, bad);
	put_s(pp, "phoneNumber", in->pp.phone_number, bad);
	put_s(pp, "teamPhoneNumber", in->pp.team_phone_number, bad);
	put_o(doc, "probationPractitioner", pp, bad);

	for (i = 0; i < in->n_categories; i++) {
		const struct referral_category_input *c = &in->categories[i];
		json_t *o = json_object();

		if (!o || json_array_append_new(cats, o)) {
			*bad = true;
			continue;
		}
		put_s(o, "serviceCategoryId", c->service_category_id, bad);
		put_s(o, "complexityLevelId", c->complexity_level_id, bad);
		put_o(o, "desiredOutcomeIds",
		      string_array(c->desired_outcome_ids, c->n_desired_outcomes, bad), bad);
	}
	put_o(doc, "serviceCategories", cats, bad);

	put_s(risk, "source", in->risk_source, bad);
	put_s(risk, "assessedOn", in->risk_assessed_on, bad);
	for (i = 0; i < RISK_FIELD_COUNT; i++) {
		const struct referral_risk_input *f = &in->risk[i];
		json_t *o;

		if (f->decision == RISK_NOT_GIVEN)
			continue;
		o = json_object();
		put_s(o, "decision", referral_risk_decision_code(f->decision), bad);
		put_s(o, "original", f->original, bad);
		if (f->decision == RISK_EDITED)
			put_s(o, "shared", f->shared, bad);
		put_o(fields, risk_codes[i], o, bad);
	}
	put_o(risk, "fields", fields, bad);
	put_o(doc, "risk", risk, bad);
	return dump(doc);
}

void referral_sent_release(struct referral_sent *s)
{
	free(s->id);
	free(s->reference_number);
	free(s->sent_at);
	free(s->intervention_title);
	free(s->provider_name);
	memset(s, 0, sizeof *s);
}

enum ct_status referral_send(PGconn *db, const struct referral_send_input *in,
			     struct referral_sent *out, struct strbuf *err)
{
	bool bad = false, oom = false;
	char *body, *payload = NULL;
	const char *p[1];
	json_t *ev;
	PGresult *r = NULL;
	enum ct_status rc;

	memset(out, 0, sizeof *out);
	if (!in->intervention_id || !in->crn) {
		sb_adds(err, "a referral needs an intervention and a CRN");
		return CT_USAGE;
	}
	body = send_json(in, &bad);
	if (bad || !body) {
		free(body);
		sb_adds(err, "the referral holds text that is not valid UTF-8");
		return CT_USAGE;
	}
	p[0] = body;
	rc = db_tx_begin(db, NULL, err);
	if (rc != CT_OK) {
		free(body);
		return rc;
	}
	rc = db_run(db, &r,
		"WITH s AS (SELECT * FROM referral_send($1::jsonb))"
		" SELECT s.id, s.reference_number, " ISO("s.sent_at") ", s.crn, i.id, i.title,"
		"  i.contract_reference, ct.name, sp.name"
		" FROM s JOIN intervention i ON i.id = s.intervention_id"
		" LEFT JOIN contract_type ct ON ct.code = i.contract_type_code"
		" LEFT JOIN service_provider sp ON sp.id = i.prime_provider_id",
		1, p, err, NULL);
	free(body);
	if (rc != CT_OK)
		goto fail;
	if (PQntuples(r) != 1) {
		sb_adds(err, "the referral was not saved");
		rc = CT_DB;
		goto fail;
	}
	/* the event nDelius hears (additionalInformation of the reference's
	 * intervention.referral.sent) */
	ev = json_object();
	if (ev) {
		struct strbuf urn = STRBUF_INIT;

		put_s(ev, "referralId", PQgetvalue(r, 0, 0), &bad);
		put_s(ev, "referenceNumber", PQgetvalue(r, 0, 1), &bad);
		if (sb_addf(&urn, REFERRAL_URN_PREFIX "%s", PQgetvalue(r, 0, 0)))
			bad = true;
		put_s(ev, "referralURN", urn.buf, &bad);
		sb_release(&urn);
		put_s(ev, "interventionId", PQgetvalue(r, 0, 4), &bad);
		put_s(ev, "interventionTitle", PQgetvalue(r, 0, 5), &bad);
		if (!PQgetisnull(r, 0, 6))
			put_s(ev, "contractReference", PQgetvalue(r, 0, 6), &bad);
		if (!PQgetisnull(r, 0, 7))
			put_s(ev, "contractTypeName", PQgetvalue(r, 0, 7), &bad);
		if (!PQgetisnull(r, 0, 8))
			put_s(ev, "primeProviderName", PQgetvalue(r, 0, 8), &bad);
		put_s(ev, "sentAt", PQgetvalue(r, 0, 2), &bad);
	}
	payload = dump(ev);
	if (!payload || bad) {
		rc = CT_NOMEM;
		goto fail;
	}
	rc = outbox_add(db, "intervention.referral.sent", PQgetvalue(r, 0, 3), payload, err);
	if (rc != CT_OK)
		goto fail;
	rc = db_tx_commit(db, err);
	if (rc != CT_OK)
		goto done;
	out->id = db_value_take(r, 0, 0, &oom);
	out->reference_number = db_value_take(r, 0, 1, &oom);
	out->sent_at = db_value_take(r, 0, 2, &oom);
	out->intervention_title = db_value_take(r, 0, 5, &oom);
	out->provider_name = db_value_take(r, 0, 8, &oom);
	if (oom) {
		/* sent all the same: the reference is in "My referrals" */
		referral_sent_release(out);
		rc = CT_NOMEM;
	}
	goto done;
fail:
	db_tx_rollback(db);
done:
	free(payload);
	PQclear(r);
	return rc;
}

void referral_duplicate_release(struct referral_duplicate *d)
{
	free(d->reference_number);
	free(d->sent_at);
	free(d->sent_by_name);
	memset(d, 0, sizeof *d);
}

enum ct_status referral_find_open_duplicate(PGconn *db, const char *crn, const char *intervention_id,
					    bool *found, struct referral_duplicate *out,
					    struct strbuf *err)
{
	const char *p[2] = {crn, intervention_id};
	PGresult *r;
	bool oom = false;
	enum ct_status rc;

	*found = false;
	memset(out, 0, sizeof *out);
	rc = db_run(db, &r,
		"SELECT reference_number, " ISO("sent_at") ", sent_by_name"
		" FROM referral_open_duplicate($1, $2::uuid) LIMIT 1", 2, p, err, NULL);
	if (rc != CT_OK)
		return rc;
	if (PQntuples(r) == 1) {
		*found = true;
		out->reference_number = db_value_take(r, 0, 0, &oom);
		out->sent_at = db_value_take(r, 0, 1, &oom);
		out->sent_by_name = db_value_take(r, 0, 2, &oom);
	}
	PQclear(r);
	if (oom) {
		referral_duplicate_release(out);
		*found = false;
		return CT_NOMEM;
	}
	return CT_OK;
}

/* ---- lists ---------------------------------------------------------------- */

static const char *sort_clause(enum referral_sort s)
{
	switch (s) {
	case REFERRAL_SORT_SENT_ASC: return "o.sent_at, o.reference_number";
	case REFERRAL_SORT_REFERENCE: return "o.reference_number";
	case REFERRAL_SORT_PERSON: return "o.last_name, o.first_name, o.sent_at DESC";
	case REFERRAL_SORT_STATUS: return "o.state_words, o.sent_at DESC";
	case REFERRAL_SORT_LAST_CHANGE: return "o.last_change_at DESC, o.reference_number";
	case REFERRAL_SORT_INTERVENTION: return "o.intervention_title, o.sent_at DESC";
	default: return "o.sent_at DESC, o.reference_number";
	}
}

void referral_summaries_free(struct referral_summary **list, size_t n)
{
	size_t i;

	if (!*list)
		return;
	for (i = 0; i < n; i++) {
		struct referral_summary *s = &(*list)[i];

		free(s->id);
		free(s->reference_number);
		free(s->crn);
		free(s->person_name);
		free(s->intervention_title);
		free(s->provider_name);
		free(s->state);
		free(s->state_words);
		free(s->sent_at);
		free(s->sent_by_name);
		free(s->assigned_to_name);
		free(s->last_change_at);
		free(s->attention_reason);
	}
	free(*list);
	*list = NULL;
}

enum ct_status referral_list_mine(PGconn *db, const struct referral_list_filter *filter,
				  enum referral_sort sort, struct referral_summary **out, size_t *n,
				  struct strbuf *err)
{
	static const struct referral_list_filter none;
	const struct referral_list_filter *f = filter ? filter : &none;
	struct strbuf sql = STRBUF_INIT;
	char lim[16], off[16];
	const char *scope = f->scope == REFERRALS_CLOSED ? "closed"
			  : f->scope == REFERRALS_ALL ? "all" : "open";
	const char *p[8];
	struct referral_summary *list;
	PGresult *r;
	bool oom = false;
	enum ct_status rc;
	int i, rows;

	*out = NULL;
	*n = 0;
	snprintf(lim, sizeof lim, "%d", f->limit > 0 ? f->limit : 200);
	snprintf(off, sizeof off, "%d", f->offset > 0 ? f->offset : 0);
	p[0] = scope;
	p[1] = f->text && f->text[0] ? f->text : NULL;
	p[2] = f->sent_by_me ? "t" : "f";
	p[3] = f->unassigned ? "t" : "f";
	p[4] = f->assigned_to_me ? "t" : "f";
	p[5] = lim;
	p[6] = off;
	p[7] = f->needs_attention ? "t" : "f";
	if (sb_addf(&sql,
		"SELECT o.id, o.reference_number, o.crn, concat_ws(' ', o.first_name, o.last_name),"
		" o.intervention_title, coalesce(o.provider_name, ''), o.state, o.state_words,"
		" " ISO("o.sent_at") ", o.sent_by_name, o.assigned_to_name, " ISO("o.last_change_at") ","
		" o.concluded_at IS NULL, o.sent_by IS NOT DISTINCT FROM current_staff_id(),"
		" (SELECT referral_attention_reason(r) FROM referral r WHERE r.id = o.id)"
		" FROM referral_overview o"
		" WHERE ($1 = 'all' OR ($1 = 'open') = (o.concluded_at IS NULL))"
		"  AND ($2::text IS NULL OR strpos(lower(o.reference_number || ' ' || o.crn || ' '"
		"       || concat_ws(' ', o.first_name, o.last_name)), lower($2)) > 0)"
		"  AND (NOT $3::boolean OR o.sent_by = current_staff_id())"
		"  AND (NOT $4::boolean OR (o.assigned_to IS NULL AND o.concluded_at IS NULL))"
		"  AND (NOT $5::boolean OR o.assigned_to = current_staff_id())"
		"  AND (NOT $8::boolean OR EXISTS (SELECT 1 FROM referral r WHERE r.id = o.id"
		"       AND referral_attention_reason(r) IS NOT NULL))"
		" ORDER BY %s LIMIT $6::integer OFFSET $7::integer", sort_clause(sort))) {
		sb_release(&sql);
		return CT_NOMEM;
	}
	rc = db_run(db, &r, sql.buf, 8, p, err, NULL);
	sb_release(&sql);
	if (rc != CT_OK)
		return rc;
	rows = PQntuples(r);
	list = calloc((size_t)rows + 1, sizeof *list);
	if (!list) {
		PQclear(r);
		return CT_NOMEM;
	}
	for (i = 0; i < rows; i++) {
		struct referral_summary *s = &list[i];

		s->id = db_value_take(r, i, 0, &oom);
		s->reference_number = db_value_take(r, i, 1, &oom);
		s->crn = db_value_take(r, i, 2, &oom);
		s->person_name = db_value_take(r, i, 3, &oom);
		s->intervention_title = db_value_take(r, i, 4, &oom);
		s->provider_name = db_value_take(r, i, 5, &oom);
		s->state = db_value_take(r, i, 6, &oom);
		s->state_words = db_value_take(r, i, 7, &oom);
		s->sent_at = db_value_take(r, i, 8, &oom);
		s->sent_by_name = db_value_take(r, i, 9, &oom);
		s->assigned_to_name = db_value_take(r, i, 10, &oom);
		s->last_change_at = db_value_take(r, i, 11, &oom);
		s->open = db_value_bool(r, i, 12);
		s->sent_by_me = db_value_bool(r, i, 13);
		s->attention_reason = db_value_take(r, i, 14, &oom);
	}
	PQclear(r);
	if (oom) {
		referral_summaries_free(&list, (size_t)rows);
		return CT_NOMEM;
	}
	*out = list;
	*n = (size_t)rows;
	return CT_OK;
}

/* ---- one referral ----------------------------------------------------------- */

/* Every string member of struct referral_view, for freeing. */
#define VIEW_STRINGS(_)                                                              \
	_(id) _(reference_number) _(crn) _(intervention_id) _(intervention_title)        \
	_(intervention_kind) _(intervention_kind_label) _(contract_reference)            \
	_(contract_type_name) _(provider_name) _(sent_at) _(sent_by_name) _(state)       \
	_(state_words) _(ica_status) _(assigned_to_name) _(end_requested_at)             \
	_(concluded_at) _(withdrawal_state) _(withdrawal_reason_code) _(withdrawal_reason) \
	_(withdrawal_comments) _(updated_at) _(updated_by_name) _(title) _(first_name)   \
	_(last_name) _(date_of_birth) _(gender) _(ethnicity) _(preferred_language)       \
	_(religion_or_belief) _(accessibility_needs) _(additional_needs_information)     \
	_(interpreter_language) _(when_unavailable) _(location_type) _(prison_id)        \
	_(expected_release_date) _(expected_release_date_missing_reason)                 \
	_(expected_probation_office) _(relevant_sentence_id) _(relevant_sentence_end_date) \
	_(completion_deadline) _(reason_for_referral) _(further_information)             \
	_(details_changed_at) _(ndelius_name) _(ndelius_email_address) _(ndelius_pdu)    \
	_(ndelius_phone_number) _(ndelius_team_phone_number) _(pp_name)                  \
	_(pp_email_address) _(pp_pdu) _(pp_probation_office) _(pp_establishment)         \
	_(pp_role_job_title) _(pp_phone_number) _(pp_team_phone_number)

void referral_view_free(struct referral_view **vp)
{
	struct referral_view *v = *vp;
	size_t i, j;

	if (!v)
		return;
#define FREE_MEMBER(m) free(v->m);
	VIEW_STRINGS(FREE_MEMBER)
#undef FREE_MEMBER
	for (i = 0; i < v->n_disabilities; i++)
		free(v->disabilities[i]);
	free(v->disabilities);
	for (i = 0; i < v->n_categories; i++) {
		struct referral_category *c = &v->categories[i];

		free(c->service_category_id);
		free(c->service_category_name);
		free(c->complexity_level_id);
		free(c->complexity_title);
		for (j = 0; j < c->n_outcomes; j++) {
			free(c->outcomes[j].id);
			free(c->outcomes[j].description);
		}
		free(c->outcomes);
	}
	free(v->categories);
	for (i = 0; i < v->n_timeline; i++) {
		free(v->timeline[i].at);
		free(v->timeline[i].kind);
		free(v->timeline[i].who);
		free(v->timeline[i].summary);
		free(v->timeline[i].detail);
		free(v->timeline[i].who_role);
		free(v->timeline[i].item_id);
	}
	free(v->timeline);
	free(v);
	*vp = NULL;
}

/* A JSON array of strings as a new char * array. */
static int json_strings(const char *text, char ***out, size_t *n)
{
	json_t *a = text ? json_loads(text, 0, NULL) : NULL;
	size_t i, count;
	char **v;

	*out = NULL;
	*n = 0;
	if (!a)
		return 0;
	count = json_is_array(a) ? json_array_size(a) : 0;
	v = calloc(count + 1, sizeof *v);
	if (!v) {
		json_decref(a);
		return -1;
	}
	for (i = 0; i < count; i++) {
		const char *s = json_string_value(json_array_get(a, i));

		v[i] = strdup(s ? s : "");
		if (!v[i]) {
			while (i--)
				free(v[i]);
			free(v);
			json_decref(a);
			return -1;
		}
	}
	json_decref(a);
	*out = v;
	*n = count;
	return 0;
}

static enum ct_status load_main(PGconn *db, const char *id, struct referral_view *v,
				struct strbuf *err)
{
	const char *p[1] = {id};
	PGresult *r;
	bool oom = false;
	enum ct_status rc;
	int c = 0;

	rc = db_run(db, &r,
		"SELECT r.id, r.reference_number, r.crn, i.id, i.title, i.kind::text,"
		" intervention_kind_label(i.kind), i.contract_reference, ct.name, sp.name,"
		" " ISO("r.sent_at") ", sb.display_name, r.sent_by IS NOT DISTINCT FROM current_staff_id(),"
		" referral_state(r), referral_state_words(referral_state(r)), r.status::text,"
		" (SELECT st.display_name FROM referral_assignment a JOIN staff st ON st.id = a.assigned_to"
		"   WHERE a.referral_id = r.id AND NOT a.superseded),"
		" " ISO("r.end_requested_at") ", " ISO("r.concluded_at") ","
		" r.withdrawal_state, r.withdrawal_reason_code, w.description, r.withdrawal_comments,"
		" r.version, " ISO("r.updated_at") ", ub.display_name,"
		" u.title, u.first_name, u.last_name, u.dob::text, u.gender, u.ethnicity,"
		" u.preferred_language, u.religion_or_belief, array_to_json(u.disabilities)::text,"
		" r.accessibility_needs, r.additional_needs_information, r.needs_interpreter,"
		" r.interpreter_language, r.has_additional_responsibilities, r.when_unavailable,"
		" r.location_type::text, r.prison_id, r.expected_release_date::text,"
		" r.expected_release_date_missing_reason, r.expected_probation_office,"
		" r.relevant_sentence_id::text, r.relevant_sentence_end_date::text,"
		" d.completion_deadline::text, d.maximum_enforceable_days, d.reason_for_referral,"
		" d.further_information, " ISO("d.created_at") ","
		" p.ndelius_name, p.ndelius_email_address, p.ndelius_pdu, p.ndelius_phone_number,"
		" p.ndelius_team_phone_number, p.pp_name, p.pp_email_address, p.pp_pdu,"
		" p.pp_probation_office, p.pp_establishment, p.pp_role_job_title, p.pp_phone_number,"
		" p.pp_team_phone_number"
		" FROM referral r"
		" JOIN intervention i ON i.id = r.intervention_id"
		" LEFT JOIN contract_type ct ON ct.code = i.contract_type_code"
		" LEFT JOIN service_provider sp ON sp.id = i.prime_provider_id"
		" LEFT JOIN staff sb ON sb.id = r.sent_by"
		" LEFT JOIN staff ub ON ub.id = r.updated_by"
		" LEFT JOIN withdrawal_reason w ON w.code = r.withdrawal_reason_code"
		" LEFT JOIN referral_service_user_data u ON u.referral_id = r.id"
		" LEFT JOIN referral_details d ON d.referral_id = r.id AND d.superseded_by_id IS NULL"
		" LEFT JOIN probation_practitioner_details p ON p.referral_id = r.id"
		" WHERE r.id = $1::uuid", 1, p, err, NULL);
	if (rc != CT_OK)
		return rc;
	if (PQntuples(r) != 1) {
		PQclear(r);
		sb_adds(err, "no such referral, or not one you may see");
		return CT_NOT_FOUND;
	}
	v->id = db_value_take(r, 0, c++, &oom);
	v->reference_number = db_value_take(r, 0, c++, &oom);
	v->crn = db_value_take(r, 0, c++, &oom);
	v->intervention_id = db_value_take(r, 0, c++, &oom);
	v->intervention_title = db_value_take(r, 0, c++, &oom);
	v->intervention_kind = db_value_take(r, 0, c++, &oom);
	v->intervention_kind_label = db_value_take(r, 0, c++, &oom);
	v->contract_reference = db_value_take(r, 0, c++, &oom);
	v->contract_type_name = db_value_take(r, 0, c++, &oom);
	v->provider_name = db_value_take(r, 0, c++, &oom);
	v->sent_at = db_value_take(r, 0, c++, &oom);
	v->sent_by_name = db_value_take(r, 0, c++, &oom);
	v->sent_by_me = db_value_bool(r, 0, c++);
	v->state = db_value_take(r, 0, c++, &oom);
	v->state_words = db_value_take(r, 0, c++, &oom);
	v->ica_status = db_value_take(r, 0, c++, &oom);
	v->assigned_to_name = db_value_take(r, 0, c++, &oom);
	v->end_requested_at = db_value_take(r, 0, c++, &oom);
	v->concluded_at = db_value_take(r, 0, c++, &oom);
	v->withdrawal_state = db_value_take(r, 0, c++, &oom);
	v->withdrawal_reason_code = db_value_take(r, 0, c++, &oom);
	v->withdrawal_reason = db_value_take(r, 0, c++, &oom);
	v->withdrawal_comments = db_value_take(r, 0, c++, &oom);
	v->version = db_value_int(r, 0, c++);
	v->updated_at = db_value_take(r, 0, c++, &oom);
	v->updated_by_name = db_value_take(r, 0, c++, &oom);
	v->title = db_value_take(r, 0, c++, &oom);
	v->first_name = db_value_take(r, 0, c++, &oom);
	v->last_name = db_value_take(r, 0, c++, &oom);
	v->date_of_birth = db_value_take(r, 0, c++, &oom);
	v->gender = db_value_take(r, 0, c++, &oom);
	v->ethnicity = db_value_take(r, 0, c++, &oom);
	v->preferred_language = db_value_take(r, 0, c++, &oom);
	v->religion_or_belief = db_value_take(r, 0, c++, &oom);
	if (json_strings(PQgetisnull(r, 0, c) ? NULL : PQgetvalue(r, 0, c), &v->disabilities,
			 &v->n_disabilities))
		oom = true;
	c++;
	v->accessibility_needs = db_value_take(r, 0, c++, &oom);
	v->additional_needs_information = db_value_take(r, 0, c++, &oom);
	v->needs_interpreter = db_value_bool(r, 0, c++);
	v->interpreter_language = db_value_take(r, 0, c++, &oom);
	v->has_additional_responsibilities = db_value_bool(r, 0, c++);
	v->when_unavailable = db_value_take(r, 0, c++, &oom);
	v->location_type = db_value_take(r, 0, c++, &oom);
	v->prison_id = db_value_take(r, 0, c++, &oom);
	v->expected_release_date = db_value_take(r, 0, c++, &oom);
	v->expected_release_date_missing_reason = db_value_take(r, 0, c++, &oom);
	v->expected_probation_office = db_value_take(r, 0, c++, &oom);
	v->relevant_sentence_id = db_value_take(r, 0, c++, &oom);
	v->relevant_sentence_end_date = db_value_take(r, 0, c++, &oom);
	v->completion_deadline = db_value_take(r, 0, c++, &oom);
	v->maximum_enforceable_days = db_value_int(r, 0, c++);
	v->reason_for_referral = db_value_take(r, 0, c++, &oom);
	v->further_information = db_value_take(r, 0, c++, &oom);
	v->details_changed_at = db_value_take(r, 0, c++, &oom);
	v->ndelius_name = db_value_take(r, 0, c++, &oom);
	v->ndelius_email_address = db_value_take(r, 0, c++, &oom);
	v->ndelius_pdu = db_value_take(r, 0, c++, &oom);
	v->ndelius_phone_number = db_value_take(r, 0, c++, &oom);
	v->ndelius_team_phone_number = db_value_take(r, 0, c++, &oom);
	v->pp_name = db_value_take(r, 0, c++, &oom);
	v->pp_email_address = db_value_take(r, 0, c++, &oom);
	v->pp_pdu = db_value_take(r, 0, c++, &oom);
	v->pp_probation_office = db_value_take(r, 0, c++, &oom);
	v->pp_establishment = db_value_take(r, 0, c++, &oom);
	v->pp_role_job_title = db_value_take(r, 0, c++, &oom);
	v->pp_phone_number = db_value_take(r, 0, c++, &oom);
	v->pp_team_phone_number = db_value_take(r, 0, c++, &oom);
	PQclear(r);
	return oom ? CT_NOMEM : CT_OK;
}

static enum ct_status load_categories(PGconn *db, const char *id, struct referral_view *v,
				      struct strbuf *err)
{
	const char *p[1] = {id};
	PGresult *r, *o;
	bool oom = false;
	enum ct_status rc;
	int i, j, rows, orows;

	rc = db_run(db, &r,
		"SELECT s.service_category_id, sc.name, cl.complexity_level_id, lv.title"
		" FROM referral_selected_service_category s"
		" JOIN service_category sc ON sc.id = s.service_category_id"
		" LEFT JOIN referral_complexity_level cl ON cl.referral_id = s.referral_id"
		"  AND cl.service_category_id = s.service_category_id"
		" LEFT JOIN complexity_level lv ON lv.id = cl.complexity_level_id"
		" WHERE s.referral_id = $1::uuid ORDER BY sc.name", 1, p, err, NULL);
	if (rc != CT_OK)
		return rc;
	rc = db_run(db, &o,
		"SELECT x.service_category_id, x.desired_outcome_id::text, d.description"
		" FROM referral_desired_outcome x JOIN desired_outcome d ON d.id = x.desired_outcome_id"
		" WHERE x.referral_id = $1::uuid ORDER BY d.sort_order, d.description", 1, p, err, NULL);
	if (rc != CT_OK) {
		PQclear(r);
		return rc;
	}
	rows = PQntuples(r);
	orows = PQntuples(o);
	v->categories = calloc((size_t)rows + 1, sizeof *v->categories);
	if (!v->categories)
		oom = true;
	for (i = 0; !oom && i < rows; i++) {
		struct referral_category *c = &v->categories[i];
		size_t k = 0;

		v->n_categories++;
		c->service_category_id = db_value_take(r, i, 0, &oom);
		c->service_category_name = db_value_take(r, i, 1, &oom);
		c->complexity_level_id = db_value_take(r, i, 2, &oom);
		c->complexity_title = db_value_take(r, i, 3, &oom);
		c->outcomes = calloc((size_t)orows + 1, sizeof *c->outcomes);
		if (!c->outcomes) {
			oom = true;
			break;
		}
		for (j = 0; j < orows; j++) {
			if (strcmp(PQgetvalue(o, j, 0), PQgetvalue(r, i, 0)))
				continue;
			c->outcomes[k].id = db_value_take(o, j, 1, &oom);
			c->outcomes[k].description = db_value_take(o, j, 2, &oom);
			c->n_outcomes = ++k;
		}
	}
	PQclear(r);
	PQclear(o);
	return oom ? CT_NOMEM : CT_OK;
}

static enum ct_status load_timeline(PGconn *db, const char *id, struct referral_view *v,
				    struct strbuf *err)
{
	const char *p[1] = {id};
	PGresult *r;
	bool oom = false;
	enum ct_status rc;
	int i, rows;

	rc = db_run(db, &r,
		"SELECT " ISO("t.at") ", t.kind, t.who, t.who_role, t.summary, t.detail, t.item_id"
		" FROM referral_timeline($1::uuid) t", 1, p, err, NULL);
	if (rc != CT_OK)
		return rc;
	rows = PQntuples(r);
	v->timeline = calloc((size_t)rows + 1, sizeof *v->timeline);
	if (!v->timeline) {
		PQclear(r);
		return CT_NOMEM;
	}
	for (i = 0; i < rows; i++) {
		struct referral_timeline_entry *e = &v->timeline[i];

		e->at = db_value_take(r, i, 0, &oom);
		e->kind = db_value_take(r, i, 1, &oom);
		e->who = db_value_take(r, i, 2, &oom);
		e->who_role = db_value_take(r, i, 3, &oom);
		e->summary = db_value_take(r, i, 4, &oom);
		e->detail = db_value_take(r, i, 5, &oom);
		e->item_id = db_value_take(r, i, 6, &oom);
	}
	v->n_timeline = (size_t)rows;
	PQclear(r);
	return oom ? CT_NOMEM : CT_OK;
}

enum ct_status referral_load(PGconn *db, const char *id, struct referral_view **out,
			     struct strbuf *err)
{
	struct referral_view *v;
	enum ct_status rc;

	*out = NULL;
	if (!id) {
		sb_adds(err, "no referral given");
		return CT_USAGE;
	}
	v = calloc(1, sizeof *v);
	if (!v)
		return CT_NOMEM;
	/* one snapshot for the header, the categories and the timeline */
	rc = db_tx_begin(db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err);
	if (rc == CT_OK)
		rc = load_main(db, id, v, err);
	if (rc == CT_OK)
		rc = load_categories(db, id, v, err);
	if (rc == CT_OK)
		rc = load_timeline(db, id, v, err);
	if (rc == CT_OK)
		rc = db_tx_commit(db, err);
	else
		db_tx_rollback(db);
	if (rc != CT_OK) {
		referral_view_free(&v);
		return rc;
	}
	*out = v;
	return CT_OK;
}

void referral_details_versions_free(struct referral_details_version **list, size_t n)
{
	size_t i;

	if (!*list)
		return;
	for (i = 0; i < n; i++) {
		struct referral_details_version *d = &(*list)[i];

		free(d->created_at);
		free(d->created_by);
		free(d->completion_deadline);
		free(d->reason_for_referral);
		free(d->further_information);
		free(d->reason_for_change);
	}
	free(*list);
	*list = NULL;
}

enum ct_status referral_details_versions(PGconn *db, const char *id,
					 struct referral_details_version **out, size_t *n,
					 struct strbuf *err)
{
	const char *p[1] = {id};
	struct referral_details_version *list;
	PGresult *r;
	bool oom = false;
	enum ct_status rc;
	int i, rows;

	*out = NULL;
	*n = 0;
	if (!id) {
		sb_adds(err, "no referral given");
		return CT_USAGE;
	}
	rc = db_run(db, &r,
		"SELECT h.version, " ISO("h.created_at") ", h.created_by,"
		" h.completion_deadline::text, h.maximum_enforceable_days, h.reason_for_referral,"
		" h.further_information, h.reason_for_change, h.current"
		" FROM referral_details_history($1::uuid) h", 1, p, err, NULL);
	if (rc != CT_OK)
		return rc;
	rows = PQntuples(r);
	list = calloc((size_t)rows + 1, sizeof *list);
	if (!list) {
		PQclear(r);
		return CT_NOMEM;
	}
	for (i = 0; i < rows; i++) {
		struct referral_details_version *d = &list[i];

		d->version = db_value_int(r, i, 0);
		d->created_at = db_value_take(r, i, 1, &oom);
		d->created_by = db_value_take(r, i, 2, &oom);
		d->completion_deadline = db_value_take(r, i, 3, &oom);
		d->maximum_enforceable_days = db_value_int(r, i, 4);
		d->reason_for_referral = db_value_take(r, i, 5, &oom);
		d->further_information = db_value_take(r, i, 6, &oom);
		d->reason_for_change = db_value_take(r, i, 7, &oom);
		d->current = db_value_bool(r, i, 8);
	}
	PQclear(r);
	if (oom) {
		referral_details_versions_free(&list, (size_t)rows);
		return CT_NOMEM;
	}
	*out = list;
	*n = (size_t)rows;
	return CT_OK;
}

void referral_risk_release(struct referral_risk *r)
{
	int i;

	free(r->source);
	free(r->assessed_on);
	for (i = 0; i < RISK_FIELD_COUNT; i++) {
		free(r->items[i].shared_text);
		free(r->items[i].original_text);
	}
	memset(r, 0, sizeof *r);
}

enum ct_status referral_risk_load(PGconn *db, const char *id, struct referral_risk *out,
				  struct strbuf *err)
{
	const char *p[3];
	PGresult *r = NULL, *o = NULL;
	char fields[16], originals[16];
	bool oom = false, may_original;
	enum ct_status rc;
	int i, rows, orows = 0;

	memset(out, 0, sizeof *out);
	p[0] = id;
	rc = db_tx_begin(db, NULL, err);
	if (rc != CT_OK)
		return rc;
	/* may_original mirrors the policies on referral_risk_original, for
	 * the label only: the rows themselves come through those policies */
	rc = db_run(db, &r, "SELECT has_table_privilege('referral_risk_original', 'SELECT')"
		 "  AND (current_staff_role() = 'admin' OR referral_is_mine($1::uuid)),"
		 " EXISTS (SELECT 1 FROM referral WHERE id = $1::uuid)", 1, p, err, NULL);
	if (rc != CT_OK)
		goto fail;
	may_original = db_value_bool(r, 0, 0);
	if (!db_value_bool(r, 0, 1)) {
		sb_adds(err, "no such referral, or not one you may see");
		rc = CT_NOT_FOUND;
		goto fail;
	}
	PQclear(r);
	rc = db_run(db, &r,
		"SELECT field::text, decision::text, shared_text, source, assessed_on::text"
		" FROM referral_shared_risk WHERE referral_id = $1::uuid ORDER BY field", 1, p, err, NULL);
	if (rc != CT_OK)
		goto fail;
	if (may_original) {
		rc = db_run(db, &o, "SELECT field::text, original_text FROM referral_risk_original"
			 " WHERE referral_id = $1::uuid", 1, p, err, NULL);
		if (rc != CT_OK)
			goto fail;
		orows = PQntuples(o);
	}
	rows = PQntuples(r);
	/* audited before the text is handed over; no audit row, no text */
	snprintf(fields, sizeof fields, "%d", rows);
	snprintf(originals, sizeof originals, "%d", orows);
	p[1] = fields;
	p[2] = originals;
	rc = db_run_command(db,
		"INSERT INTO audit_log (action, crn, entity, entity_id, detail)"
		" SELECT 'risk.read', r.crn, 'referral', r.id::text,"
		"  jsonb_build_object('sharedFields', $2::integer, 'originalFields', $3::integer)"
		" FROM referral r WHERE r.id = $1::uuid", 3, p, err);
	if (rc != CT_OK)
		goto fail;
	rc = db_tx_commit(db, err);
	if (rc != CT_OK)
		goto done;
	out->original_readable = may_original;
	for (i = 0; i < rows; i++) {
		enum referral_risk_field f = referral_risk_field_from_code(PQgetvalue(r, i, 0));

		if (f == RISK_FIELD_COUNT || out->items[f].present)
			continue;
		out->items[f].present = true;
		out->items[f].decision = decision_from_code(PQgetvalue(r, i, 1));
		out->items[f].shared_text = db_value_take(r, i, 2, &oom);
		if (!out->source)
			out->source = db_value_take(r, i, 3, &oom);
		if (!out->assessed_on)
			out->assessed_on = db_value_take(r, i, 4, &oom);
	}
	for (i = 0; i < orows; i++) {
		enum referral_risk_field f = referral_risk_field_from_code(PQgetvalue(o, i, 0));

		if (f == RISK_FIELD_COUNT || out->items[f].original_text)
			continue;
		out->items[f].original_text = db_value_take(o, i, 1, &oom);
	}
	if (oom) {
		referral_risk_release(out);
		rc = CT_NOMEM;
	}
	goto done;
fail:
	db_tx_rollback(db);
done:
	PQclear(r);
	PQclear(o);
	return rc;
}

/* ---- changes after sending ---------------------------------------------------- */

static char *amend_json(const struct referral_amendment *a, bool *bad)
{
	json_t *c = json_object();

	if (!c) {
		*bad = true;
		return NULL;
	}
	put_clearable(c, "completionDeadline", a->completion_deadline, bad);
	if (a->maximum_enforceable_days > 0)
		put_i(c, "maximumEnforceableDays", a->maximum_enforceable_days, bad);
	else if (a->maximum_enforceable_days < 0 &&
		 json_object_set_new(c, "maximumEnforceableDays", json_null()))
		*bad = true;
	put_clearable(c, "reasonForReferral", a->reason_for_referral, bad);
	put_clearable(c, "furtherInformation", a->further_information, bad);
	put_clearable(c, "accessibilityNeeds", a->accessibility_needs, bad);
	put_clearable(c, "additionalNeedsInformation", a->additional_needs_information, bad);
	if (a->needs_interpreter != TRI_UNCHANGED)
		put_b(c, "needsInterpreter", a->needs_interpreter == TRI_YES, bad);
	put_clearable(c, "interpreterLanguage", a->interpreter_language, bad);
	if (a->has_additional_responsibilities != TRI_UNCHANGED)
		put_b(c, "hasAdditionalResponsibilities",
		      a->has_additional_responsibilities == TRI_YES, bad);
	put_clearable(c, "whenUnavailable", a->when_unavailable, bad);
	put_clearable(c, "prisonId", a->prison_id, bad);
	put_clearable(c, "expectedReleaseDate", a->expected_release_date, bad);
	put_clearable(c, "expectedReleaseDateMissingReason",
		      a->expected_release_date_missing_reason, bad);
	put_clearable(c, "expectedProbationOffice", a->expected_probation_office, bad);
	put_clearable(c, "ppName", a->pp_name, bad);
	put_clearable(c, "ppEmailAddress", a->pp_email_address, bad);
	put_clearable(c, "ppPhoneNumber", a->pp_phone_number, bad);
	put_clearable(c, "ppTeamPhoneNumber", a->pp_team_phone_number, bad);
	put_clearable(c, "ppProbationOffice", a->pp_probation_office, bad);
	if (a->complexity_category_id && a->complexity_level_id) {
		json_t *arr = json_array(), *o = json_object();

		put_s(o, "serviceCategoryId", a->complexity_category_id, bad);
		put_s(o, "complexityLevelId", a->complexity_level_id, bad);
		if (!arr || !o || json_array_append_new(arr, o))
			*bad = true;
		put_o(c, "complexityLevels", arr, bad);
	}
	if (a->outcomes_category_id) {
		json_t *arr = json_array(), *o = json_object();

		put_s(o, "serviceCategoryId", a->outcomes_category_id, bad);
		put_o(o, "desiredOutcomeIds",
		      string_array(a->desired_outcome_ids, a->n_desired_outcomes, bad), bad);
		if (!arr || !o || json_array_append_new(arr, o))
			*bad = true;
		put_o(c, "desiredOutcomes", arr, bad);
	}
	return dump(c);
}

enum ct_status referral_amend(PGconn *db, const char *id, int expected_version,
			      const struct referral_amendment *changes, const char *reason,
			      int *new_version, struct referral_conflict *conflict,
			      struct strbuf *err)
{
	char ver[16];
	const char *p[4];
	bool bad = false;
	char *body;
	PGresult *r;
	enum ct_status rc;

	if (conflict)
		memset(conflict, 0, sizeof *conflict);
	if (new_version)
		*new_version = 0;
	if (!id || !changes) {
		sb_adds(err, "no referral or no change given");
		return CT_USAGE;
	}
	body = amend_json(changes, &bad);
	if (bad || !body) {
		free(body);
		sb_adds(err, "the change holds text that is not valid UTF-8");
		return CT_USAGE;
	}
	snprintf(ver, sizeof ver, "%d", expected_version);
	p[0] = id;
	p[1] = ver;
	p[2] = body;
	p[3] = reason;
	rc = db_tx_begin(db, NULL, err);
	if (rc == CT_OK)
		rc = db_run(db, &r, "SELECT referral_amend($1::uuid, $2::integer, $3::jsonb, $4)",
			 4, p, err, NULL);
	free(body);
	if (rc == CT_OK) {
		if (new_version)
			*new_version = db_value_int(r, 0, 0);
		PQclear(r);
		return db_tx_commit(db, err);
	}
	db_tx_rollback(db);
	if (rc == CT_CONFLICT)
		describe_conflict(db, id, conflict, err);
	return rc;
}

void referral_withdrawn_release(struct referral_withdrawn *w)
{
	free(w->withdrawal_state);
	free(w->delivery_state);
	free(w->concluded_at);
	memset(w, 0, sizeof *w);
}

static char *dup_json_string(json_t *o, const char *key, bool *oom)
{
	const char *s = json_string_value(json_object_get(o, key));
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		*oom = true;
	return d;
}

enum ct_status referral_withdraw(PGconn *db, const char *id, int expected_version,
				 const char *reason_code, const char *comments,
				 struct referral_withdrawn *out, struct referral_conflict *conflict,
				 struct strbuf *err)
{
	char ver[16];
	const char *p[4];
	PGresult *r = NULL;
	json_t *res = NULL, *ev;
	char *payload = NULL;
	struct strbuf urn = STRBUF_INIT;
	const char *crn, *deliv;
	bool bad = false, oom = false;
	enum ct_status rc;

	if (out)
		memset(out, 0, sizeof *out);
	if (conflict)
		memset(conflict, 0, sizeof *conflict);
	if (!id || !reason_code || !reason_code[0]) {
		sb_adds(err, "choose why the referral is being withdrawn");
		return CT_USAGE;
	}
	snprintf(ver, sizeof ver, "%d", expected_version);
	p[0] = id;
	p[1] = ver;
	p[2] = reason_code;
	p[3] = comments;
	rc = db_tx_begin(db, NULL, err);
	if (rc != CT_OK)
		return rc;
	rc = db_run(db, &r, "SELECT referral_withdraw($1::uuid, $2::integer, $3, $4)::text",
		 4, p, err, NULL);
	if (rc != CT_OK)
		goto fail;
	res = json_loads(PQgetvalue(r, 0, 0), 0, NULL);
	crn = json_string_value(json_object_get(res, "crn"));
	deliv = json_string_value(json_object_get(res, "deliveryState"));
	if (!res || !crn || !deliv) {
		sb_adds(err, "the withdrawal gave no result");
		rc = CT_DB;
		goto fail;
	}
	/* concluded, then ended, as the reference's ReferralConcluder emits them */
	ev = json_object();
	put_s(ev, "deliveryState", deliv, &bad);
	put_s(ev, "referralId", id, &bad);
	payload = dump(ev);
	if (bad || !payload) {
		rc = CT_NOMEM;
		goto fail;
	}
	rc = outbox_add(db, "intervention.referral.concluded", crn, payload, err);
	if (rc != CT_OK)
		goto fail;
	free(payload);
	payload = NULL;
	if (sb_addf(&urn, REFERRAL_URN_PREFIX "%s", id))
		bad = true;
	ev = json_object();
	put_s(ev, "deliveryState", deliv, &bad);
	put_s(ev, "referralId", id, &bad);
	put_s(ev, "referralURN", urn.buf, &bad);
	put_s(ev, "withdrawalCode", reason_code, &bad);
	payload = dump(ev);
	if (bad || !payload) {
		rc = CT_NOMEM;
		goto fail;
	}
	rc = outbox_add(db, "intervention.referral.ended", crn, payload, err);
	if (rc != CT_OK)
		goto fail;
	rc = db_tx_commit(db, err);
	if (rc == CT_OK && out) {
		out->withdrawal_state = dup_json_string(res, "withdrawalState", &oom);
		out->delivery_state = dup_json_string(res, "deliveryState", &oom);
		out->concluded_at = dup_json_string(res, "concludedAt", &oom);
		out->version = (int)json_integer_value(json_object_get(res, "version"));
		if (oom) {
			referral_withdrawn_release(out);
			rc = CT_NOMEM;
		}
	}
	goto done;
fail:
	db_tx_rollback(db);
	if (rc == CT_CONFLICT)
		describe_conflict(db, id, conflict, err);
done:
	json_decref(res);
	free(payload);
	sb_release(&urn);
	PQclear(r);
	return rc;
}

static bool blank(const char *s)
{
	if (!s)
		return true;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	return !*s;
}

enum ct_status referral_add_case_note(PGconn *db, const char *referral_id, const char *subject,
				      const char *body, char **note_id, struct strbuf *err)
{
	const char *p[3] = {referral_id, subject, body};
	PGresult *r;
	bool oom = false;
	enum ct_status rc;

	if (note_id)
		*note_id = NULL;
	if (blank(subject)) {
		sb_adds(err, "Enter a subject");
		return CT_USAGE;
	}
	if (blank(body)) {
		sb_adds(err, "Enter the case note");
		return CT_USAGE;
	}
	rc = db_run(db, &r, "SELECT referral_add_case_note($1::uuid, $2, $3)::text", 3, p, err, NULL);
	if (rc != CT_OK)
		return rc;
	if (note_id)
		*note_id = db_value_take(r, 0, 0, &oom);
	PQclear(r);
	return oom ? CT_NOMEM : CT_OK;
}

/* ---- interventions and the caseload ------------------------------------------ */

void intervention_summaries_free(struct intervention_summary **list, size_t n)
{
	size_t i;

	if (!*list)
		return;
	for (i = 0; i < n; i++) {
		struct intervention_summary *s = &(*list)[i];

		free(s->id);
		free(s->title);
		free(s->description);
		free(s->kind);
		free(s->kind_label);
		free(s->contract_reference);
		free(s->contract_type_code);
		free(s->contract_type_name);
		free(s->provider_id);
		free(s->provider_name);
		free(s->subcontractors);
		free(s->region_name);
	}
	free(*list);
	*list = NULL;
}

enum ct_status interventions_list(PGconn *db, const struct intervention_filter *f,
				  struct intervention_summary **out, size_t *n, struct strbuf *err)
{
	static const struct intervention_filter none;
	const struct intervention_filter *flt = f ? f : &none;
	char age[16], sex[2] = {0, 0};
	const char *p[6];
	struct intervention_summary *list;
	PGresult *r;
	bool oom = false;
	enum ct_status rc;
	int i, rows;

	*out = NULL;
	*n = 0;
	snprintf(age, sizeof age, "%d", flt->age);
	sex[0] = flt->sex;
	p[0] = flt->kind;
	p[1] = flt->text && flt->text[0] ? flt->text : NULL;
	p[2] = flt->region_id;
	p[3] = flt->age > 0 ? age : NULL;
	p[4] = flt->sex == 'M' || flt->sex == 'F' ? sex : NULL;
	p[5] = flt->open_only ? "t" : "f";
	rc = db_run(db, &r,
		"SELECT i.id, i.title, i.description, i.kind::text, intervention_kind_label(i.kind),"
		" i.contract_reference, i.contract_type_code, ct.name, i.prime_provider_id, sp.name,"
		" (SELECT string_agg(x.name, ', ' ORDER BY x.name) FROM intervention_subcontractor s"
		"   JOIN service_provider x ON x.id = s.provider_id WHERE s.intervention_id = i.id),"
		" coalesce(pr.name, pc.name), i.minimum_age, i.maximum_age, i.allows_female,"
		" i.allows_male,"
		" (i.referral_start_date IS NULL OR i.referral_start_date <= current_date)"
		"  AND (i.referral_end_at IS NULL OR i.referral_end_at > now())"
		" FROM intervention i"
		" LEFT JOIN contract_type ct ON ct.code = i.contract_type_code"
		" LEFT JOIN service_provider sp ON sp.id = i.prime_provider_id"
		" LEFT JOIN probation_region pr ON pr.id = i.nps_region_id"
		" LEFT JOIN pcc_region pc ON pc.id = i.pcc_region_id"
		" WHERE ($1::text IS NULL OR i.kind::text = $1)"
		"  AND ($2::text IS NULL OR strpos(lower(i.title || ' ' || coalesce(sp.name, '') || ' '"
		"       || coalesce(i.contract_reference, '')), lower($2)) > 0)"
		"  AND ($3::text IS NULL OR (i.nps_region_id IS NULL AND i.pcc_region_id IS NULL)"
		"       OR i.nps_region_id = $3 OR pc.region_id = $3)"
		"  AND ($4::integer IS NULL OR (i.minimum_age <= $4::integer"
		"       AND (i.maximum_age IS NULL OR $4::integer <= i.maximum_age)))"
		"  AND ($5::text IS NULL OR ($5 = 'F' AND i.allows_female) OR ($5 = 'M' AND i.allows_male))"
		"  AND (NOT $6::boolean OR ((i.referral_start_date IS NULL"
		"       OR i.referral_start_date <= current_date)"
		"       AND (i.referral_end_at IS NULL OR i.referral_end_at > now())))"
		" ORDER BY i.title, i.id", 6, p, err, NULL);
	if (rc != CT_OK)
		return rc;
	rows = PQntuples(r);
	list = calloc((size_t)rows + 1, sizeof *list);
	if (!list) {
		PQclear(r);
		return CT_NOMEM;
	}
	for (i = 0; i < rows; i++) {
		struct intervention_summary *s = &list[i];

		s->id = db_value_take(r, i, 0, &oom);
		s->title = db_value_take(r, i, 1, &oom);
		s->description = db_value_take(r, i, 2, &oom);
		s->kind = db_value_take(r, i, 3, &oom);
		s->kind_label = db_value_take(r, i, 4, &oom);
		s->contract_reference = db_value_take(r, i, 5, &oom);
		s->contract_type_code = db_value_take(r, i, 6, &oom);
		s->contract_type_name = db_value_take(r, i, 7, &oom);
		s->provider_id = db_value_take(r, i, 8, &oom);
		s->provider_name = db_value_take(r, i, 9, &oom);
		s->subcontractors = db_value_take(r, i, 10, &oom);
		s->region_name = db_value_take(r, i, 11, &oom);
		s->minimum_age = db_value_int(r, i, 12);
		s->maximum_age = db_value_int(r, i, 13);
		s->allows_female = db_value_bool(r, i, 14);
		s->allows_male = db_value_bool(r, i, 15);
		s->open = db_value_bool(r, i, 16);
	}
	PQclear(r);
	if (oom) {
		intervention_summaries_free(&list, (size_t)rows);
		return CT_NOMEM;
	}
	*out = list;
	*n = (size_t)rows;
	return CT_OK;
}

static void choices_free(struct intervention_choice *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(c[i].id);
		free(c[i].label);
		free(c[i].description);
	}
	free(c);
}

void intervention_categories_free(struct intervention_category **list, size_t n)
{
	size_t i;

	if (!*list)
		return;
	for (i = 0; i < n; i++) {
		free((*list)[i].id);
		free((*list)[i].name);
		choices_free((*list)[i].levels, (*list)[i].n_levels);
		choices_free((*list)[i].outcomes, (*list)[i].n_outcomes);
	}
	free(*list);
	*list = NULL;
}

/* Rows (category id, id, label, description) of r that belong to cat. */
static struct intervention_choice *choices_for(PGresult *r, const char *cat, size_t *n, bool *oom)
{
	int i, rows = PQntuples(r);
	struct intervention_choice *c = calloc((size_t)rows + 1, sizeof *c);
	size_t k = 0;

	*n = 0;
	if (!c) {
		*oom = true;
		return NULL;
	}
	for (i = 0; i < rows; i++) {
		if (strcmp(PQgetvalue(r, i, 0), cat))
			continue;
		c[k].id = db_value_take(r, i, 1, oom);
		c[k].label = db_value_take(r, i, 2, oom);
		c[k].description = db_value_take(r, i, 3, oom);
		*n = ++k;
	}
	return c;
}

enum ct_status intervention_categories(PGconn *db, const char *intervention_id,
				       struct intervention_category **out, size_t *n,
				       struct strbuf *err)
{
	const char *p[1] = {intervention_id};
	PGresult *c = NULL, *l = NULL, *o = NULL;
	struct intervention_category *list = NULL;
	bool oom = false;
	enum ct_status rc;
	int i, rows = 0;

	*out = NULL;
	*n = 0;
	rc = db_run(db, &c,
		"SELECT sc.id, sc.name FROM intervention i"
		" JOIN contract_type_service_category x ON x.contract_type_code = i.contract_type_code"
		" JOIN service_category sc ON sc.id = x.service_category_id"
		" WHERE i.id = $1::uuid ORDER BY sc.name", 1, p, err, NULL);
	if (rc == CT_OK)
		rc = db_run(db, &l,
			"SELECT cl.service_category_id, cl.id, cl.title, cl.description"
			" FROM intervention i"
			" JOIN contract_type_service_category x ON x.contract_type_code = i.contract_type_code"
			" JOIN complexity_level cl ON cl.service_category_id = x.service_category_id"
			" WHERE i.id = $1::uuid ORDER BY cl.complexity", 1, p, err, NULL);
	if (rc == CT_OK)
		rc = db_run(db, &o,
			"SELECT d.service_category_id, d.id::text, d.description, NULL"
			" FROM intervention i"
			" JOIN contract_type_service_category x ON x.contract_type_code = i.contract_type_code"
			" JOIN desired_outcome d ON d.service_category_id = x.service_category_id"
			" WHERE i.id = $1::uuid AND d.deprecated_at IS NULL"
			" ORDER BY d.sort_order, d.description", 1, p, err, NULL);
	if (rc != CT_OK)
		goto done;
	rows = PQntuples(c);
	list = calloc((size_t)rows + 1, sizeof *list);
	if (!list) {
		rc = CT_NOMEM;
		goto done;
	}
	for (i = 0; i < rows; i++) {
		list[i].id = db_value_take(c, i, 0, &oom);
		list[i].name = db_value_take(c, i, 1, &oom);
		list[i].levels = choices_for(l, PQgetvalue(c, i, 0), &list[i].n_levels, &oom);
		list[i].outcomes = choices_for(o, PQgetvalue(c, i, 0), &list[i].n_outcomes, &oom);
	}
	if (oom) {
		intervention_categories_free(&list, (size_t)rows);
		rc = CT_NOMEM;
		goto done;
	}
	*out = list;
	*n = (size_t)rows;
done:
	PQclear(c);
	PQclear(l);
	PQclear(o);
	return rc;
}

void caseload_crns_free(char ***crns, size_t n)
{
	size_t i;

	if (!*crns)
		return;
	for (i = 0; i < n; i++)
		free((*crns)[i]);
	free(*crns);
	*crns = NULL;
}

enum ct_status caseload_crns(PGconn *db, char ***crns, size_t *n, struct strbuf *err)
{
	PGresult *r;
	char **v;
	bool oom = false;
	enum ct_status rc;
	int i, rows;

	*crns = NULL;
	*n = 0;
	rc = db_run(db, &r, "SELECT crn FROM caseload WHERE staff_id = current_staff_id() ORDER BY crn",
		 0, NULL, err, NULL);
	if (rc != CT_OK)
		return rc;
	rows = PQntuples(r);
	v = calloc((size_t)rows + 1, sizeof *v);
	if (!v) {
		PQclear(r);
		return CT_NOMEM;
	}
	for (i = 0; i < rows; i++)
		v[i] = db_value_take(r, i, 0, &oom);
	PQclear(r);
	if (oom) {
		caseload_crns_free(&v, (size_t)rows);
		return CT_NOMEM;
	}
	*crns = v;
	*n = (size_t)rows;
	return CT_OK;
}
