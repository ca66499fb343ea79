/* referral_form.c: the person, the intervention, the prefill sources and
 * the submit mapping of the referral form (see referral_form.h). */
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/pni.h"
#include "ui/screens/referral_form.h"
#include "forms/validate.h"
#include "util/dates.h"
#include "util/sanitize.h"

static char *dup0(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* ---- the person ---------------------------------------------------------- */

struct ref_person *ref_person_new(const char *crn)
{
	struct ref_person *rp = calloc(1, sizeof *rp);

	if (!rp)
		return NULL;
	rp->refs = 1;
	snprintf(rp->crn, sizeof rp->crn, "%s", crn ? crn : "");
	rp->status = CT_OK;
	return rp;
}

struct ref_person *ref_person_ref(struct ref_person *rp)
{
	if (rp)
		rp->refs++;
	return rp;
}

void ref_person_unref(struct ref_person **rpp)
{
	struct ref_person *rp = rpp ? *rpp : NULL;

	if (!rp)
		return;
	*rpp = NULL;
	if (--rp->refs > 0)
		return;
	person_lookup_free(&rp->p);
	free(rp->error);
	free(rp->sent_reference);
	free(rp);
}

#define KEEP(field)                            \
	do {                                   \
		if (!p->field && old->field) { \
			p->field = old->field; \
			old->field = NULL;     \
		}                              \
	} while (0)

void ref_person_take(struct ref_person *rp, struct person_lookup *p)
{
	struct person_lookup *old = rp->p;

	if (!p)
		return;
	if (old) {
		KEEP(details);
		KEEP(officer);
		KEEP(convictions);
		KEEP(rosh);
		KEEP(risk_to_self);
		KEEP(rmp);
		KEEP(needs);
		KEEP(predictors);
		KEEP(pni);
	}
	person_lookup_free(&rp->p);
	rp->p = p;
	rp->version++;
}

#undef KEEP

/* ---- the intervention ---------------------------------------------------- */

void ref_intervention_release(struct ref_intervention *iv)
{
	if (!iv)
		return;
	free(iv->id);
	free(iv->title);
	free(iv->kind);
	free(iv->kind_label);
	free(iv->contract_type_name);
	free(iv->provider_name);
	intervention_categories_free(&iv->cats, iv->n_cats);
	memset(iv, 0, sizeof *iv);
}

enum ct_status ref_intervention_from_summary(struct ref_intervention *iv,
					     const struct intervention_summary *s)
{
	memset(iv, 0, sizeof *iv);
	iv->id = dup0(s->id);
	/* text from the database, for titles and questions: sanitised here */
	iv->title = s->title ? text_sanitize(s->title, SAN_SINGLE_LINE) : NULL;
	iv->kind = dup0(s->kind);
	iv->kind_label = s->kind_label ? text_sanitize(s->kind_label, SAN_SINGLE_LINE) : NULL;
	iv->contract_type_name = dup0(s->contract_type_name);
	iv->provider_name = s->provider_name ? text_sanitize(s->provider_name, SAN_SINGLE_LINE)
					     : NULL;
	if (!iv->id || !iv->title || !iv->kind || (s->kind_label && !iv->kind_label) ||
	    (s->contract_type_name && !iv->contract_type_name) ||
	    (s->provider_name && !iv->provider_name)) {
		ref_intervention_release(iv);
		return CT_NOMEM;
	}
	return CT_OK;
}

static void clean(char **s)
{
	char *c;

	if (!*s)
		return;
	c = text_sanitize(*s, SAN_SINGLE_LINE);
	if (c) {
		free(*s);
		*s = c;
	}
}

void ref_intervention_sanitize(struct ref_intervention *iv)
{
	size_t i, j;

	for (i = 0; i < iv->n_cats; i++) {
		struct intervention_category *k = &iv->cats[i];

		clean(&k->name);
		for (j = 0; j < k->n_levels; j++) {
			clean(&k->levels[j].label);
			clean(&k->levels[j].description);
		}
		for (j = 0; j < k->n_outcomes; j++) {
			clean(&k->outcomes[j].label);
			clean(&k->outcomes[j].description);
		}
	}
}

/* ---- PNI pathway from what the look-up holds ----------------------------- */

static char *pathway_of(const struct person_lookup *p)
{
	static const char *const codes[] = {
		[PNI_MISSING_INFORMATION] = "MISSING_INFORMATION",
		[PNI_ALTERNATIVE_PATHWAY] = "ALTERNATIVE_PATHWAY",
		[PNI_MODERATE_INTENSITY_BC] = "MODERATE_INTENSITY_BC",
		[PNI_HIGH_INTENSITY_BC] = "HIGH_INTENSITY_BC",
	};
	struct pni_input in;
	struct pni_result r;
	char *out;

	memset(&in, 0, sizeof in);
	memset(&r, 0, sizeof r);
	if (!p || !lookup_pni_input(p, &in))
		return NULL;
	pni_evaluate(&in, &r);
	out = dup0((unsigned)r.pathway < sizeof codes / sizeof codes[0] ? codes[r.pathway]
									 : codes[0]);
	pni_result_release(&r);
	return out;
}

/* ---- the context ----------------------------------------------------------- */

static const char *const source_names[REF_N_SOURCES] = {
	"referral", "ndelius.details", "ndelius.responsible_officer", "ndelius.convictions",
	"oasys.rosh", "oasys.risk_to_self", "ndelius.prison_manager",
};

struct referral_ctx *referral_ctx_new(struct ref_person *person, struct ref_intervention *iv)
{
	struct referral_ctx *c = calloc(1, sizeof *c);
	size_t i;

	if (!c)
		return NULL;
	c->person = ref_person_ref(person);
	c->iv = *iv;
	memset(iv, 0, sizeof *iv);
	sb_init(&c->banner);
	for (i = 0; i < REF_N_SOURCES; i++)
		c->sources[i] = (struct prefill_source){source_names[i], referral_prefill_get, c};
	return c;
}

void referral_ctx_free(struct referral_ctx *c)
{
	if (!c)
		return;
	if (c->person && c->person->form == c)
		c->person->form = NULL;
	ref_person_unref(&c->person);
	ref_intervention_release(&c->iv);
	free(c->recommended_pathway);
	sb_release(&c->banner);
	free(c);
}

/* ---- prefill ----------------------------------------------------------------- */

void referral_conviction_label(const struct ndelius_conviction *cv, struct strbuf *out)
{
	struct ymd d;

	sb_adds(out, cv->sentence && *cv->sentence ? cv->sentence : "Sentence");
	if (cv->offence_category && *cv->offence_category)
		sb_addf(out, ": %s", cv->offence_category);
	if (cv->sentence_end && date_parse_iso(cv->sentence_end, &d)) {
		sb_adds(out, ", ends ");
		date_format_long(out, d);
	}
}

/* The conviction a referral is for: the first active one, else the first. */
static const struct ndelius_conviction *relevant_conviction(const struct person_lookup *p)
{
	size_t i;

	if (!p || !p->convictions || !p->convictions->n)
		return NULL;
	for (i = 0; i < p->convictions->n; i++)
		if (p->convictions->items[i].has_active && p->convictions->items[i].active)
			return &p->convictions->items[i];
	return &p->convictions->items[0];
}

static int put_s(struct strbuf *out, const char *s)
{
	if (!s || !*s)
		return PREFILL_NONE;
	return sb_adds(out, s) ? PREFILL_NONE : PREFILL_OK;
}

/* The pathway a programme is on, from its title ("... high intensity"). */
static const char *programme_pathway(const char *title)
{
	struct strbuf t = STRBUF_INIT;
	const char *r = NULL;
	size_t i;

	sb_adds(&t, title ? title : "");
	for (i = 0; i < t.len; i++)
		t.buf[i] = (char)tolower((unsigned char)t.buf[i]);
	if (strstr(t.buf, "high intensity"))
		r = "HIGH_INTENSITY_BC";
	else if (strstr(t.buf, "moderate intensity"))
		r = "MODERATE_INTENSITY_BC";
	sb_release(&t);
	return r;
}

static int referral_get(struct referral_ctx *c, const char *key, struct strbuf *out)
{
	const struct person_lookup *p = c->person ? c->person->p : NULL;
	const struct ndelius_conviction *cv;

	if (!strcmp(key, "crn"))
		return put_s(out, c->person ? c->person->crn : NULL);
	if (!strcmp(key, "title"))
		return put_s(out, c->iv.title);
	if (!strcmp(key, "kind"))
		return put_s(out, c->iv.kind);
	if (!strcmp(key, "programmePathway"))
		return put_s(out, programme_pathway(c->iv.title));
	if (!strcmp(key, "pathway")) {
		free(c->recommended_pathway);
		c->recommended_pathway = pathway_of(p);
		return put_s(out, c->recommended_pathway);
	}
	if (!p || !p->convictions) {
		if (!strcmp(key, "locationType") && p && p->officer)
			return put_s(out, p->officer->has_prison ? "CUSTODY" : "COMMUNITY");
		return PREFILL_NONE;
	}
	cv = relevant_conviction(p);
	if (!strcmp(key, "sentence") && cv) {
		referral_conviction_label(cv, out);
		return PREFILL_OK;
	}
	if (!strcmp(key, "requirement") && cv && cv->n_requirements) {
		const struct ndelius_requirement *r = &cv->requirements[0];

		sb_adds(out, r->category ? r->category : "Requirement");
		if (r->sub_category && *r->sub_category)
			sb_addf(out, ": %s", r->sub_category);
		if (r->length && *r->length)
			sb_addf(out, " (%s)", r->length);
		return PREFILL_OK;
	}
	if (!strcmp(key, "locationType") && p->officer)
		return put_s(out, p->officer->has_prison ? "CUSTODY" : "COMMUNITY");
	return PREFILL_NONE;
}

int referral_prefill_get(void *ctx, const char *path, struct strbuf *out)
{
	struct referral_ctx *c = ctx;
	const struct person_lookup *p = c->person ? c->person->p : NULL;
	enum lookup_service svc;
	const struct lookup_service_status *ss;
	size_t before = out->len;
	int rc;

	if (!strncmp(path, "referral.", 9))
		return referral_get(c, path + 9, out);
	svc = !strncmp(path, "oasys.", 6) ? LOOKUP_OASYS : LOOKUP_NDELIUS;
	if (!p) {
		sb_addf(out, "%s has not answered yet", lookup_service_name(svc));
		return PREFILL_DOWN;
	}
	ss = &p->service[svc];
	rc = lookup_prefill_get(p, path, out);
	if (rc < 0)
		return PREFILL_NONE;
	if (rc == 1) {
		if (ss->outcome == LOOKUP_UNAVAILABLE || ss->outcome == LOOKUP_MALFORMED) {
			sb_adds(out, ss->reason ? ss->reason : "service unavailable");
			return PREFILL_DOWN;
		}
		return PREFILL_NONE;
	}
	/* dates: an assessment's "2025-05-04T09:35:58" is the day it was made */
	if (out->len - before > 10 && out->buf[before + 10] == 'T' &&
	    strlen(path) > 10 && !strcmp(path + strlen(path) - 10, "assessedOn")) {
		out->len = before + 10;
		out->buf[out->len] = '\0';
	}
	/* yesno fields take "yes" / "no" */
	if (out->len - before == 3 && !strcmp(out->buf + before, "Yes"))
		out->buf[before] = 'y';
	else if (out->len - before == 2 && !strcmp(out->buf + before, "No"))
		out->buf[before] = 'n';
	return PREFILL_OK;
}

/* ---- options --------------------------------------------------------------- */

static enum ct_status set_opts(struct form_state *st, const char *field_id,
			       const struct form_option *o, size_t n)
{
	const struct form_field *f = form_find_field(form_state_form(st), field_id);

	return f ? form_state_set_options(st, f, o, n) : CT_OK;
}

enum ct_status referral_set_options(struct referral_ctx *c, struct form_state *st,
				    struct strbuf *err)
{
	struct form_option *cats = NULL, *levels = NULL, *outcomes = NULL;
	size_t i, j, nl = 0, no = 0, total_l = 0, total_o = 0;
	char **owned = NULL;
	size_t n_owned = 0;
	bool several = c->iv.n_cats > 1;
	enum ct_status rc = CT_NOMEM;

	for (i = 0; i < c->iv.n_cats; i++) {
		total_l += c->iv.cats[i].n_levels;
		total_o += c->iv.cats[i].n_outcomes;
	}
	cats = calloc(c->iv.n_cats + 1, sizeof *cats);
	levels = calloc(total_l + 1, sizeof *levels);
	outcomes = calloc(total_o + 1, sizeof *outcomes);
	owned = calloc(total_l + total_o + 1, sizeof *owned);
	if (!cats || !levels || !outcomes || !owned)
		goto out;
	for (i = 0; i < c->iv.n_cats; i++) {
		const struct intervention_category *k = &c->iv.cats[i];

		cats[i] = (struct form_option){k->id, k->name, NULL};
		for (j = 0; j < k->n_levels; j++) {
			const char *label = k->levels[j].label;

			if (several) {
				struct strbuf sb = STRBUF_INIT;

				sb_addf(&sb, "%s: %s", k->name, k->levels[j].label);
				owned[n_owned] = sb_detach(&sb, NULL);
				if (!owned[n_owned])
					goto out;
				label = owned[n_owned++];
			}
			levels[nl++] = (struct form_option){k->levels[j].id, label,
							    k->levels[j].description};
		}
		for (j = 0; j < k->n_outcomes; j++) {
			const char *label = k->outcomes[j].label;

			if (several) {
				struct strbuf sb = STRBUF_INIT;

				sb_addf(&sb, "%s: %s", k->name, k->outcomes[j].label);
				owned[n_owned] = sb_detach(&sb, NULL);
				if (!owned[n_owned])
					goto out;
				label = owned[n_owned++];
			}
			outcomes[no++] = (struct form_option){k->outcomes[j].id, label, NULL};
		}
	}
	if (c->iv.n_cats) {
		if (set_opts(st, "service_categories", cats, c->iv.n_cats) ||
		    set_opts(st, "complexity_levels", levels, nl) ||
		    set_opts(st, "desired_outcomes", outcomes, no))
			goto out;
		if (c->iv.n_cats == 1 && !*form_state_get_id(st, "service_categories", 0) &&
		    form_state_set_id(st, "service_categories", 0, c->iv.cats[0].id, err))
			goto out;
	}
	rc = CT_OK;
out:
	if (rc == CT_NOMEM && !err->len)
		sb_adds(err, "out of memory");
	for (i = 0; i < n_owned; i++)
		free(owned[i]);
	free(owned);
	free(cats);
	free(levels);
	free(outcomes);
	return rc;
}

void referral_services_banner(const struct ref_person *rp, struct strbuf *out)
{
	int s;

	if (!rp)
		return;
	if (rp->async_id > 0 && !rp->p) {
		sb_adds(out, "Looking up nDelius and OASys: fields fill in when they answer.");
		return;
	}
	for (s = 0; rp->p && s < LOOKUP_SERVICE_COUNT; s++) {
		const struct lookup_service_status *ss = &rp->p->service[s];
		char when[16] = "";
		struct tm tm;

		if (ss->outcome != LOOKUP_UNAVAILABLE && ss->outcome != LOOKUP_MALFORMED &&
		    !(s == LOOKUP_OASYS && ss->outcome == LOOKUP_NOT_FOUND))
			continue;
		if (out->len)
			sb_adds(out, " ");
		if (ss->outcome == LOOKUP_NOT_FOUND) {
			sb_adds(out, "OASys has no assessment for this person: type the risk "
				     "information.");
			continue;
		}
		if (ss->since && localtime_r(&ss->since, &tm))
			strftime(when, sizeof when, "%H:%M", &tm);
		sb_addf(out, "%s %s%s%s: type those fields or press F5 to retry.",
			lookup_service_name((enum lookup_service)s),
			ss->outcome == LOOKUP_MALFORMED ? "sent an answer that could not be read"
							: "unavailable",
			*when ? " since " : "", when);
	}
}

/* ---- submit ------------------------------------------------------------------ */

void referral_input_release(struct referral_input_owner *o)
{
	if (!o)
		return;
	json_decref(o->json);
	free(o->cats);
	free(o->outcomes);
	free(o->disabilities);
	sb_release(&o->further);
	sb_release(&o->sentence_end);
	memset(o, 0, sizeof *o);
}

/* An answer as text: a string, a number, or "" (never NULL). */
static const char *ans(json_t *answers, const char *id)
{
	json_t *v = json_object_get(answers, id);

	return json_is_string(v) ? json_string_value(v) : "";
}

static const char *ans_or_null(json_t *answers, const char *id)
{
	const char *s = ans(answers, id);

	return *s ? s : NULL;
}

static bool ans_has(json_t *answers, const char *id, const char *value)
{
	json_t *v = json_object_get(answers, id), *e;
	size_t i;

	if (json_is_string(v))
		return !strcmp(json_string_value(v), value);
	json_array_foreach(v, i, e)
		if (json_is_string(e) && !strcmp(json_string_value(e), value))
			return true;
	return false;
}

static long ans_long(json_t *answers, const char *id)
{
	json_t *v = json_object_get(answers, id);

	if (json_is_integer(v))
		return (long)json_integer_value(v);
	if (json_is_real(v))
		return (long)json_real_value(v);
	if (json_is_string(v))
		return strtol(json_string_value(v), NULL, 10);
	return 0;
}

static const struct {
	const char *field;
	enum referral_risk_field risk;
} risk_fields[] = {
	{"who_is_at_risk", RISK_WHO_IS_AT_RISK},
	{"nature_of_risk", RISK_NATURE_OF_RISK},
	{"risk_imminence", RISK_IMMINENCE},
	{"risk_suicide", RISK_SUICIDE},
	{"risk_self_harm", RISK_SELF_HARM},
	{"risk_hostel_setting", RISK_HOSTEL_SETTING},
	{"risk_vulnerability", RISK_VULNERABILITY},
	{"risk_additional_information", RISK_ADDITIONAL_INFORMATION},
};

static void map_risk(json_t *answers, const struct form_state *st, struct referral_send_input *in)
{
	const struct form *form = form_state_form(st);
	size_t i;

	for (i = 0; i < sizeof risk_fields / sizeof risk_fields[0]; i++) {
		const struct form_field *f = form_find_field(form, risk_fields[i].field);
		struct referral_risk_input *r = &in->risk[risk_fields[i].risk];
		const char *original = NULL, *text = ans_or_null(answers, risk_fields[i].field);
		enum redaction red = f ? form_state_redaction(st, f, &original) : REDACTION_NONE;

		switch (red) {
		case REDACTION_CONFIRMED:
			*r = (struct referral_risk_input){RISK_CONFIRMED, original, NULL};
			break;
		case REDACTION_REMOVED:
			*r = (struct referral_risk_input){RISK_REMOVED, original, NULL};
			break;
		case REDACTION_EDITED:
			*r = text ? (struct referral_risk_input){RISK_EDITED, original, text}
				  : (struct referral_risk_input){RISK_REMOVED, original, NULL};
			break;
		default:
			/* typed by the PP (OASys had nothing), or not redactable */
			if (text)
				*r = (struct referral_risk_input){RISK_EDITED, NULL, text};
			break;
		}
	}
	in->risk_source = "OASys";
	in->risk_assessed_on = ans_or_null(answers, "risk_assessed_on");
}

/* Splits text at newlines and ", " into owned pointers into a copy kept in
 * own->further's neighbour: the strings live in the JSON document. */
static enum ct_status map_disabilities(json_t *answers, struct referral_send_input *in,
				       struct referral_input_owner *own)
{
	const char *text = ans(answers, "disabilities");
	json_t *parts = json_array();
	size_t i, n;
	const char *p = text;

	if (!parts)
		return CT_NOMEM;
	while (*p) {
		size_t len = strcspn(p, "\n,");
		const char *s = p, *e = p + len;

		while (s < e && isspace((unsigned char)*s))
			s++;
		while (e > s && isspace((unsigned char)e[-1]))
			e--;
		if (e > s && json_array_append_new(parts, json_stringn(s, (size_t)(e - s)))) {
			json_decref(parts);
			return CT_NOMEM;
		}
		p += len;
		if (*p)
			p++;
	}
	/* keep them alive with the document */
	if (json_object_set_new(own->json, "_disabilities", parts))
		return CT_NOMEM;
	n = json_array_size(parts);
	if (n) {
		own->disabilities = calloc(n, sizeof *own->disabilities);
		if (!own->disabilities)
			return CT_NOMEM;
		for (i = 0; i < n; i++)
			own->disabilities[i] = json_string_value(json_array_get(parts, i));
	}
	in->person.disabilities = own->disabilities;
	in->person.n_disabilities = n;
	return CT_OK;
}

static enum ct_status map_categories(json_t *answers, const struct referral_ctx *c,
				     struct referral_send_input *in,
				     struct referral_input_owner *own, struct strbuf *err)
{
	size_t i, j, n_out = 0, used = 0;

	if (!c->iv.n_cats)
		return CT_OK;
	own->cats = calloc(c->iv.n_cats, sizeof *own->cats);
	for (i = 0; i < c->iv.n_cats; i++)
		n_out += c->iv.cats[i].n_outcomes;
	own->outcomes = calloc(n_out + 1, sizeof *own->outcomes);
	if (!own->cats || !own->outcomes)
		return CT_NOMEM;
	for (i = 0; i < c->iv.n_cats; i++) {
		const struct intervention_category *k = &c->iv.cats[i];
		struct referral_category_input *ci = &own->cats[own->n_cats];
		const char *level = NULL;
		size_t first = used, n_levels = 0;

		if (!ans_has(answers, "service_categories", k->id))
			continue;
		for (j = 0; j < k->n_levels; j++)
			if (ans_has(answers, "complexity_levels", k->levels[j].id)) {
				level = k->levels[j].id;
				n_levels++;
			}
		for (j = 0; j < k->n_outcomes; j++)
			if (ans_has(answers, "desired_outcomes", k->outcomes[j].id))
				own->outcomes[used++] = k->outcomes[j].id;
		if (n_levels != 1) {
			sb_addf(err, "Select %s complexity level for %s",
				n_levels ? "only one" : "a", k->name);
			return CT_USAGE;
		}
		if (used == first) {
			sb_addf(err, "Select at least one desired outcome for %s", k->name);
			return CT_USAGE;
		}
		*ci = (struct referral_category_input){k->id, level, &own->outcomes[first],
						       used - first};
		own->n_cats++;
	}
	/* levels or outcomes of a category that was not chosen */
	for (i = 0; i < c->iv.n_cats; i++) {
		const struct intervention_category *k = &c->iv.cats[i];

		if (ans_has(answers, "service_categories", k->id))
			continue;
		for (j = 0; j < k->n_levels; j++)
			if (ans_has(answers, "complexity_levels", k->levels[j].id)) {
				sb_addf(err, "A complexity level is chosen for %s, which is not one "
					     "of the service categories: choose %s or clear it",
					k->name, k->name);
				return CT_USAGE;
			}
		for (j = 0; j < k->n_outcomes; j++)
			if (ans_has(answers, "desired_outcomes", k->outcomes[j].id)) {
				sb_addf(err, "A desired outcome is chosen for %s, which is not one "
					     "of the service categories: choose %s or clear it",
					k->name, k->name);
				return CT_USAGE;
			}
	}
	if (!own->n_cats) {
		sb_adds(err, "Select at least one service category");
		return CT_USAGE;
	}
	in->categories = own->cats;
	in->n_categories = own->n_cats;
	return CT_OK;
}

static const char *pathway_words(const char *code)
{
	if (!code)
		return "not known";
	if (!strcmp(code, "HIGH_INTENSITY_BC"))
		return "high intensity";
	if (!strcmp(code, "MODERATE_INTENSITY_BC"))
		return "moderate intensity";
	if (!strcmp(code, "ALTERNATIVE_PATHWAY"))
		return "alternative pathway";
	return "not known (information missing in OASys)";
}

/* The kind's own answers have no columns of their own: they go to the
 * provider in the further information, one line each. */
static enum ct_status map_kind(json_t *answers, const struct referral_ctx *c,
			       struct referral_send_input *in, struct referral_input_owner *own,
			       struct strbuf *err)
{
	const char *kind = ans(answers, "intervention_kind");
	struct strbuf *f = &own->further;

	if (!*kind)
		kind = c->iv.kind ? c->iv.kind : "";
	if (!strcmp(kind, "ACCREDITED_PROGRAMME")) {
		const char *rec = ans_or_null(answers, "recommended_pathway");
		const char *req = ans_or_null(answers, "requested_pathway");
		const char *why = ans_or_null(answers, "override_reason");

		if (rec && req && strcmp(rec, "MISSING_INFORMATION") && strcmp(rec, req) && !why) {
			sb_addf(err, "Give a reason for choosing a programme off the recommended "
				     "pathway (%s)", pathway_words(rec));
			return CT_USAGE;
		}
		sb_addf(f, "Programme: %s\n", c->iv.title ? c->iv.title : "");
		sb_addf(f, "Strand: %s\n", ans(answers, "programme_strand"));
		sb_addf(f, "Recommended pathway: %s\n", pathway_words(rec));
		sb_addf(f, "Pathway of this programme: %s\n", pathway_words(req));
		if (why)
			sb_addf(f, "Reason for choosing it: %s\n", why);
	} else if (!strcmp(kind, "STRUCTURED") || !strcmp(kind, "TOOLKIT")) {
		const char *d = ans(answers, "structured_delivery");

		sb_addf(f, "Delivery: %s\n", !strcmp(d, "group")        ? "in a group"
					     : !strcmp(d, "one_to_one") ? "one to one"
									: "either");
	} else if (!strcmp(kind, "CFO")) {
		sb_addf(f, "Right to work in the UK: %s\n",
			ans_has(answers, "cfo_right_to_work", "yes") ? "yes" : "no");
		sb_addf(f, "Agreed to take part: %s\n",
			ans_has(answers, "cfo_consent", "yes") ? "yes" : "no");
	}
	if (*ans(answers, "requirement"))
		sb_addf(f, "Requirement: %s\n", ans(answers, "requirement"));
	if (*ans(answers, "further_information"))
		sb_addf(f, "%s%s", f->len ? "\n" : "", ans(answers, "further_information"));
	while (f->len && f->buf[f->len - 1] == '\n')
		f->buf[--f->len] = '\0';
	in->details.further_information = f->len ? f->buf : NULL;
	return CT_OK;
}

static void map_sentence(json_t *answers, const struct referral_ctx *c,
			 struct referral_send_input *in, struct referral_input_owner *own)
{
	const struct person_lookup *p = c->person ? c->person->p : NULL;
	const char *text = ans(answers, "relevant_sentence");
	struct strbuf label = STRBUF_INIT;
	size_t i;

	for (i = 0; *text && p && p->convictions && i < p->convictions->n; i++) {
		const struct ndelius_conviction *cv = &p->convictions->items[i];
		char *clean;

		sb_reset(&label);
		referral_conviction_label(cv, &label);
		clean = text_sanitize(label.buf, SAN_SINGLE_LINE);
		if (clean && cv->has_id && !strcmp(clean, text)) {
			in->has_relevant_sentence = true;
			in->relevant_sentence_id = cv->id;
			if (cv->sentence_end && *cv->sentence_end) {
				sb_adds(&own->sentence_end, cv->sentence_end);
				in->relevant_sentence_end_date = own->sentence_end.buf;
			}
		}
		free(clean);
		if (in->has_relevant_sentence)
			break;
	}
	sb_release(&label);
	/* a sentence nDelius does not know is kept in words */
	if (!in->has_relevant_sentence && *text)
		sb_addf(&own->further, "Sentence: %s\n", text);
}

enum ct_status referral_input_from_json(const char *json, const struct form_state *st,
					const struct referral_ctx *c,
					struct referral_send_input *in,
					struct referral_input_owner *own, struct strbuf *err)
{
	const struct person_lookup *p = c->person ? c->person->p : NULL;
	const struct ndelius_manager *m =
		p && p->officer && p->officer->has_community ? &p->officer->community : NULL;
	json_error_t jerr;
	json_t *answers;
	enum ct_status rc;

	memset(in, 0, sizeof *in);
	memset(own, 0, sizeof *own);
	sb_init(&own->further);
	sb_init(&own->sentence_end);
	own->json = json_loads(json ? json : "", 0, &jerr);
	answers = json_object_get(own->json, "answers");
	if (!json_is_object(answers) ||
	    !json_is_string(json_object_get(own->json, "form")) ||
	    strcmp(json_string_value(json_object_get(own->json, "form")), REFERRAL_FORM_ID)) {
		sb_adds(err, "the answers are not those of a referral form");
		return CT_ERR;
	}
	in->intervention_id = c->iv.id;
	in->crn = *ans(answers, "crn") ? ans(answers, "crn") : c->person->crn;

	in->person.title = ans_or_null(answers, "title");
	in->person.first_name = ans_or_null(answers, "first_name");
	in->person.last_name = ans_or_null(answers, "last_name");
	in->person.date_of_birth = ans_or_null(answers, "date_of_birth");
	in->person.gender = ans_or_null(answers, "gender");
	in->person.ethnicity = ans_or_null(answers, "ethnicity");
	in->person.preferred_language = ans_or_null(answers, "preferred_language");
	in->person.religion_or_belief = ans_or_null(answers, "religion_or_belief");
	if ((rc = map_disabilities(answers, in, own)))
		return rc;

	in->needs.accessibility_needs = ans_or_null(answers, "accessibility_needs");
	in->needs.additional_needs_information = ans_or_null(answers, "additional_needs_information");
	in->needs.needs_interpreter = ans_has(answers, "needs_interpreter", "yes");
	in->needs.interpreter_language =
		in->needs.needs_interpreter ? ans_or_null(answers, "interpreter_language") : NULL;
	in->needs.has_additional_responsibilities =
		ans_has(answers, "has_additional_responsibilities", "yes");
	in->needs.when_unavailable = in->needs.has_additional_responsibilities
					     ? ans_or_null(answers, "when_unavailable")
					     : NULL;

	in->location.custody = ans_has(answers, "location_type", "CUSTODY");
	if (in->location.custody) {
		in->location.prison_id = ans_or_null(answers, "prison");
		in->location.expected_release_date = ans_or_null(answers, "expected_release_date");
		in->location.expected_release_date_missing_reason =
			ans_or_null(answers, "release_date_unknown_reason");
		in->location.expected_probation_office =
			ans_or_null(answers, "expected_probation_office");
		if (!in->location.expected_release_date &&
		    !in->location.expected_release_date_missing_reason) {
			sb_adds(err, "Enter the expected release date, or why it is not known");
			return CT_USAGE;
		}
	}

	in->details.completion_deadline = ans_or_null(answers, "completion_deadline");
	in->details.maximum_enforceable_days = (int)ans_long(answers, "maximum_enforceable_days");
	in->details.reason_for_referral = ans_or_null(answers, "reason_for_referral");
	map_sentence(answers, c, in, own);
	if ((rc = map_kind(answers, c, in, own, err)))
		return rc;

	in->pp.name = ans_or_null(answers, "pp_name");
	in->pp.email_address = ans_or_null(answers, "pp_email");
	in->pp.phone_number = ans_or_null(answers, "pp_phone");
	in->pp.pdu = ans_or_null(answers, "pp_pdu");
	in->pp.probation_office = ans_or_null(answers, "pp_probation_office");
	in->pp.team_phone_number = ans_or_null(answers, "pp_team_phone");
	if (m) {
		/* as nDelius has them, kept beside what the PP confirmed */
		struct strbuf name = STRBUF_INIT;

		if (m->forename || m->surname) {
			sb_addf(&name, "%s%s%s", m->forename ? m->forename : "",
				m->forename && m->surname ? " " : "", m->surname ? m->surname : "");
			if (json_object_set_new(own->json, "_ndelius_name", json_string(name.buf))) {
				sb_release(&name);
				return CT_NOMEM;
			}
			in->pp.ndelius_name =
				json_string_value(json_object_get(own->json, "_ndelius_name"));
		}
		sb_release(&name);
		in->pp.ndelius_email_address = m->email;
		in->pp.ndelius_pdu = m->pdu;
		in->pp.ndelius_phone_number = m->phone;
		in->pp.ndelius_team_phone_number = m->team_phone;
	}

	if (c->iv.kind && !strcmp(c->iv.kind, "CRS") &&
	    (rc = map_categories(answers, c, in, own, err)))
		return rc;
	map_risk(answers, st, in);
	return CT_OK;
}

void referral_confirmation(const struct referral_sent *sent, const char *person_name,
			   struct strbuf *out)
{
	sb_adds(out, "Referral sent\n");
	sb_addf(out, "Reference %s\n", sent->reference_number ? sent->reference_number : "");
	if (person_name && *person_name)
		sb_addf(out, "%s has been referred to %s.\n", person_name,
			sent->intervention_title ? sent->intervention_title : "the intervention");
	if (sent->provider_name && *sent->provider_name)
		sb_addf(out, "We have sent the referral to %s.\n", sent->provider_name);
	sb_adds(out, "nDelius will be told: the referral-sent event is in the outbox and is "
		     "delivered to nDelius by the outbox sender.");
}
