/* cas3_application.c: a CAS3 application's context, prefill, choices and
 * the mapping of its answers to cas3_application_submit(). */
#include "ui/screens/cas3_application.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/draft_store.h"
#include "util/sanitize.h"

static const char *const source_names[CAS3_APPLY_N_SOURCES] = {
	"ndelius.details", "ndelius.responsible_officer", "ndelius.convictions", "oasys.rosh",
	"oasys.risk_to_self", "oasys.rmp", "staff",
};

struct cas3_apply *cas3_apply_new(const char *crn, struct person_lookup *p,
				  struct cas3_my_contact *me, const char *staff_name)
{
	struct cas3_apply *c = calloc(1, sizeof *c);
	size_t i;

	if (!c) {
		person_lookup_free(&p);
		return NULL;
	}
	snprintf(c->crn, sizeof c->crn, "%s", crn ? crn : "");
	c->p = p;
	if (me) {
		c->me = *me;
		memset(me, 0, sizeof *me);
	}
	c->staff_name = text_sanitize(staff_name ? staff_name : "", SAN_SINGLE_LINE);
	sb_init(&c->banner);
	if (!c->staff_name) {
		cas3_apply_free(c);
		return NULL;
	}
	for (i = 0; i < CAS3_APPLY_N_SOURCES; i++)
		c->sources[i] = (struct prefill_source){source_names[i], cas3_apply_prefill_get, c};
	return c;
}

void cas3_apply_free(void *ctx)
{
	struct cas3_apply *c = ctx;

	if (!c)
		return;
	person_lookup_free(&c->p);
	cas3_my_contact_release(&c->me);
	free(c->staff_name);
	free(c->sent_region);
	sb_release(&c->banner);
	free(c);
}

void cas3_apply_take(struct cas3_apply *c, struct person_lookup *p)
{
	if (!p)
		return;
	person_lookup_free(&c->p);
	c->p = p;
}

static bool service_down(const struct person_lookup *p, enum lookup_service s)
{
	return !p || p->service[s].outcome == LOOKUP_UNAVAILABLE ||
	       p->service[s].outcome == LOOKUP_MALFORMED || p->service[s].outcome == LOOKUP_NOT_ASKED;
}

int cas3_apply_prefill_get(void *ctx, const char *path, struct strbuf *out)
{
	struct cas3_apply *c = ctx;
	const char *v = NULL;
	enum lookup_service svc;
	int rc;

	if (!strncmp(path, "staff.", 6)) {
		const char *k = path + 6;

		if (!strcmp(k, "name"))
			v = c->me.name ? c->me.name : c->staff_name;
		else if (!strcmp(k, "email"))
			v = c->me.email;
		else if (!strcmp(k, "phone"))
			v = c->me.phone;
		if (!v || !*v)
			return PREFILL_NONE;
		return sb_adds(out, v) ? PREFILL_DOWN : PREFILL_OK;
	}
	if (!c->p)
		return PREFILL_DOWN;
	rc = lookup_prefill_get(c->p, path, out);
	if (rc == 0)
		return PREFILL_OK;
	if (rc < 0)
		return PREFILL_DOWN;
	svc = !strncmp(path, "oasys.", 6) ? LOOKUP_OASYS : LOOKUP_NDELIUS;
	if (service_down(c->p, svc)) {
		if (c->p->service[svc].reason)
			sb_adds(out, c->p->service[svc].reason);
		return PREFILL_DOWN;
	}
	return PREFILL_NONE;
}

void cas3_apply_banner(const struct cas3_apply *c, struct strbuf *out)
{
	bool nd, oa;

	if (!c->p) {
		sb_adds(out, "nDelius and OASys did not answer: type what they would have filled in.");
		return;
	}
	nd = service_down(c->p, LOOKUP_NDELIUS);
	oa = service_down(c->p, LOOKUP_OASYS);
	if (nd && oa)
		sb_adds(out, "nDelius and OASys did not answer: type what they would have filled in.");
	else if (nd)
		sb_adds(out, "nDelius did not answer: type the person's details yourself.");
	else if (oa)
		sb_adds(out, "OASys did not answer: type the risk information yourself.");
}

/* Loads an option table into a field's options. */
static enum ct_status set_options(PGconn *db, struct form_state *st, const char *field,
				  const char *table, struct strbuf *err)
{
	const struct form_field *f = form_find_field(form_state_form(st), field);
	struct option_item *items = NULL;
	struct form_option *opts;
	size_t n = 0, i;
	enum ct_status rc;

	if (!f)
		return CT_OK;
	rc = options_load(db, table, NULL, &items, &n, err);
	if (rc != CT_OK)
		return rc;
	opts = calloc(n + 1, sizeof *opts);
	if (!opts) {
		option_items_free(&items, n);
		return CT_NOMEM;
	}
	for (i = 0; i < n; i++) {
		/* labels reach the screen: sanitise them once, here */
		char *clean = text_sanitize(items[i].label, SAN_SINGLE_LINE);

		if (clean) {
			free(items[i].label);
			items[i].label = clean;
		}
		opts[i].value = items[i].value;
		opts[i].label = items[i].label;
		opts[i].hint = items[i].group;   /* PDUs: their region */
	}
	rc = form_state_set_options(st, f, opts, n);
	free(opts);
	option_items_free(&items, n);
	return rc;
}

enum ct_status cas3_apply_prepare(struct cas3_apply *c, PGconn *db, struct form_state *st,
				  struct strbuf *err)
{
	enum ct_status rc;

	c->st = st;
	if (db) {
		if ((rc = set_options(db, st, "placement_region", "probation_regions", err)) != CT_OK ||
		    (rc = set_options(db, st, "placement_pdu", "pdus", err)) != CT_OK ||
		    (rc = set_options(db, st, "dtr_local_authority", "local_authorities", err)) !=
			    CT_OK)
			return rc;
	}
	/* the practitioner's own region and PDU, as the service does (§2.1) */
	if (c->me.region_id && !*form_state_get_id(st, "placement_region", 0) &&
	    form_state_set_id(st, "placement_region", 0, c->me.region_id, err) != CT_OK)
		return CT_ERR;
	if (c->me.pdu_id && !*form_state_get_id(st, "placement_pdu", 0) &&
	    form_state_set_id(st, "placement_pdu", 0, c->me.pdu_id, err) != CT_OK)
		return CT_ERR;
	return CT_OK;
}

void cas3_apply_owner_release(struct cas3_apply_owner *o)
{
	json_decref(o->json);
	free(o->release_types);
	free(o->risk_ratings);
	free(o->event_number);
	free(o->local_authority);
	memset(o, 0, sizeof *o);
}

/* An answer as a string, or NULL (unanswered, hidden, or not a string). */
static const char *ans(json_t *answers, const char *id)
{
	const char *s = json_string_value(json_object_get(answers, id));

	return s && *s ? s : NULL;
}

static enum cas3_answer yn(json_t *answers, const char *id)
{
	const char *s = ans(answers, id);

	if (!s)
		return CAS3_UNANSWERED;
	return !strcmp(s, "yes") ? CAS3_YES : CAS3_NO;
}

/* The label of a choice (from the state's options), or the value itself. */
static char *choice_label(const struct form_state *st, const char *field, const char *value)
{
	const struct form_field *f = st ? form_find_field(form_state_form(st), field) : NULL;
	const struct form_option *o;
	size_t n = 0, i;

	if (!value)
		return NULL;
	o = f ? form_state_options(st, f, &n) : NULL;
	for (i = 0; o && i < n; i++)
		if (!strcmp(o[i].value, value))
			return strdup(o[i].label);
	return strdup(value);
}

/* {"roshRisks": {"status": ..., "value": {"overallRisk": ...}}} from the look-up. */
static char *risk_ratings(const struct person_lookup *p)
{
	static const struct {
		const char *key, *path;
	} levels[] = {
		{"overallRisk", "oasys.rosh.overall"},
		{"riskToChildren", "oasys.rosh.riskToChildren"},
		{"riskToPublic", "oasys.rosh.riskToPublic"},
		{"riskToKnownAdult", "oasys.rosh.riskToKnownAdult"},
		{"riskToStaff", "oasys.rosh.riskToStaff"},
		{"lastUpdated", "oasys.rosh.assessedOn"},
	};
	json_t *root = json_object(), *rosh = json_object(), *value = json_object();
	struct strbuf sb = STRBUF_INIT;
	const char *status = "NotFound";
	char *out = NULL;
	size_t i;

	if (!root || !rosh || !value)
		goto done;
	if (p && p->rosh) {
		status = "Retrieved";
		for (i = 0; i < sizeof levels / sizeof levels[0]; i++) {
			sb_reset(&sb);
			if (lookup_prefill_get(p, levels[i].path, &sb) == 0)
				json_object_set_new(value, levels[i].key, json_string(sb.buf));
		}
	} else if (!p || service_down(p, LOOKUP_OASYS)) {
		status = "Error";
	}
	json_object_set_new(rosh, "status", json_string(status));
	json_object_set(rosh, "value", json_object_size(value) ? value : json_null());
	json_object_set(root, "roshRisks", rosh);
	out = json_dumps(root, JSON_COMPACT | JSON_SORT_KEYS);
done:
	json_decref(value);
	json_decref(rosh);
	json_decref(root);
	sb_release(&sb);
	return out;
}

/* The nDelius event the referral belongs to: the first active conviction's
 * id (the first one when none says it is active), or NULL. */
static char *event_number(const struct person_lookup *p)
{
	const struct ndelius_conviction *pick = NULL;
	char buf[32];
	size_t i;

	if (!p || !p->convictions)
		return NULL;
	for (i = 0; i < p->convictions->n && !pick; i++)
		if (p->convictions->items[i].has_id && p->convictions->items[i].has_active &&
		    p->convictions->items[i].active)
			pick = &p->convictions->items[i];
	for (i = 0; i < p->convictions->n && !pick; i++)
		if (p->convictions->items[i].has_id)
			pick = &p->convictions->items[i];
	if (!pick)
		return NULL;
	snprintf(buf, sizeof buf, "%lld", pick->id);
	return strdup(buf);
}

enum ct_status cas3_apply_input(const char *json, const struct form_state *st,
				const struct cas3_apply *c, struct cas3_application_input *in,
				struct cas3_apply_owner *own, struct strbuf *err)
{
	json_t *root, *a, *types;
	struct strbuf list = STRBUF_INIT;
	const char *release, *required, *form;
	size_t i;

	memset(in, 0, sizeof *in);
	memset(own, 0, sizeof *own);
	root = json_loads(json ? json : "", 0, NULL);
	a = root ? json_object_get(root, "answers") : NULL;
	form = root ? json_string_value(json_object_get(root, "form")) : NULL;
	if (!json_is_object(a) || !form || strcmp(form, CAS3_APPLICATION_FORM_ID)) {
		json_decref(root);
		sb_adds(err, "these are not the answers of a CAS3 application");
		return CT_ERR;
	}
	own->json = root;
	if (yn(a, "consent_given") != CAS3_YES) {
		sb_adds(err, "The person has not consented to CAS3: an application can only be sent "
			     "with their consent. Change the answer under Consent once they agree.");
		return CT_USAGE;
	}
	release = ans(a, "release_date");
	required = ans(a, "accommodation_required_from");
	if (release && required && strcmp(release, required) > 0) {
		sb_addf(err, "The release date (%s) is after the date accommodation is required from "
			     "(%s): change one of them under Eligibility.",
			release, required);
		return CT_USAGE;
	}
	in->crn = ans(a, "crn") ? ans(a, "crn") : c->crn;
	in->person_name = ans(a, "person_name");
	in->date_of_birth = ans(a, "date_of_birth");
	in->sex = ans(a, "sex");
	in->gender_identity = ans(a, "gender_identity");
	in->ethnicity = ans(a, "ethnicity");
	in->region_id = ans(a, "placement_region");
	in->pdu_id = ans(a, "placement_pdu");
	in->accommodation_required_from = required;
	in->release_date = release;
	in->history_of_sexual_offence = yn(a, "history_of_sexual_offence");
	in->registered_sex_offender = yn(a, "registered_sex_offender");
	if (in->history_of_sexual_offence == CAS3_NO)
		in->registered_sex_offender = CAS3_NO;
	in->concerning_sexual_behaviour = yn(a, "concerning_sexual_behaviour");
	in->history_of_arson = yn(a, "history_of_arson");
	in->concerning_arson_behaviour = yn(a, "concerning_arson_behaviour");
	in->needs_accessible_property = yn(a, "needs_accessible_property");
	in->duty_to_refer_submitted = yn(a, "dtr_submitted");
	in->duty_to_refer_date = ans(a, "dtr_date");
	in->duty_to_refer_outcome = ans(a, "dtr_outcome");
	own->local_authority = choice_label(st, "dtr_local_authority", ans(a, "dtr_local_authority"));
	in->duty_to_refer_local_authority = own->local_authority;
	in->eligibility_reason = ans(a, "eligibility_reason");
	in->eligible = in->eligibility_reason ? CAS3_YES : CAS3_UNANSWERED;
	in->prison_name = ans(a, "prison_name");
	types = json_object_get(a, "release_types");
	for (i = 0; json_is_array(types) && i < json_array_size(types); i++) {
		const char *t = json_string_value(json_array_get(types, i));

		if (t)
			sb_addf(&list, "%s%s", list.len ? "," : "", t);
	}
	if (list.len)
		own->release_types = sb_detach(&list, NULL);
	sb_release(&list);
	in->prison_release_types = own->release_types;
	own->event_number = event_number(c->p);
	in->event_number = own->event_number;
	own->risk_ratings = risk_ratings(c->p);
	in->risk_ratings_json = own->risk_ratings;
	in->answers_json = json;
	if (!in->person_name) {
		sb_adds(err, "Enter the person's name on the first page.");
		return CT_USAGE;
	}
	return CT_OK;
}

void cas3_apply_confirmation(const char *region_name, const char *application_id,
			     struct strbuf *out)
{
	sb_adds(out, "Application sent\n");
	sb_addf(out, "It is now in the housing placement team's queue for %s, waiting to be "
		     "allocated to an assessor.\n",
		region_name && *region_name ? region_name : "its region");
	if (application_id)
		sb_addf(out, "Application reference: %.8s\n", application_id);
	sb_adds(out, "The HPT will contact you if they need more information.");
}

enum ct_status cas3_apply_submit(struct cas3_apply *c, PGconn *db, const struct form_state *st,
				 const char *json, struct strbuf *confirmation, struct strbuf *err)
{
	struct cas3_application_input in;
	struct cas3_apply_owner own;
	char *app = NULL, *region = NULL;
	enum ct_status rc;

	rc = cas3_apply_input(json, st, c, &in, &own, err);
	if (rc == CT_OK && !db) {
		sb_adds(err, "there is no database connection");
		rc = CT_DB;
	}
	if (rc == CT_OK)
		rc = cas3_application_submit(db, &in, &app, NULL, err);
	if (rc == CT_OK) {
		region = choice_label(st, "placement_region",
				      in.region_id ? in.region_id : c->me.region_id);
		free(c->sent_region);
		c->sent_region = region;
		cas3_apply_confirmation(region, app, confirmation);
	}
	free(app);
	cas3_apply_owner_release(&own);
	return rc;
}
