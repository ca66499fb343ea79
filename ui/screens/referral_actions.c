/* referral_actions.c: what can be done to a referral after it was sent, each
 * a form of forms/ opened through form_screen_open: a case note (the
 * practitioner who sent it, or the service provider), a change of its
 * details with a reason (versioned; interventions.md 1.9), and withdrawal
 * with a reason from the reference table (1.6, 1.8).  The store and the
 * database do the work; this file turns answers into store calls and store
 * answers into words.
 *
 * A lost optimistic-lock race (someone changed the referral since it was
 * opened) is said plainly at the top of check your answers; every answer
 * stays, and sending again saves over the newer version knowingly. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/draft_store.h"
#include "ui/form_screen.h"
#include "ui/screens/referral_actions.h"
#include "util/dates.h"
#include "util/sanitize.h"

struct preset {
	char *field, *value;
};

/* A desired outcome or complexity level of one of the referral's service
 * categories. */
struct choice {
	char *id, *category;
	bool current;        /* the referral has it now */
};

struct referral_action_ctx {
	enum referral_action kind;
	char *id, *reference, *person, *category_words; /* sanitised */
	int version;
	bool custody, pre_ica, has_categories, supplier;
	struct preset *presets;
	size_t n_presets;
	struct choice *outcomes, *levels;
	size_t n_outcomes, n_levels;
	char **cats;         /* the referral's service category ids and names */
	char **cat_names;
	size_t n_cats;
	struct option_item *reasons; /* withdrawal reasons offered */
	size_t n_reasons;
	void (*done)(struct ui *ui, void *arg);
	void *done_arg;
};

static char *dup0(const char *s)
{
	return s ? strdup(s) : NULL;
}

void referral_action_ctx_free(void *p)
{
	struct referral_action_ctx *c = p;
	size_t i;

	if (!c)
		return;
	free(c->id);
	free(c->reference);
	free(c->person);
	free(c->category_words);
	for (i = 0; i < c->n_presets; i++) {
		free(c->presets[i].field);
		free(c->presets[i].value);
	}
	free(c->presets);
	for (i = 0; i < c->n_outcomes; i++) {
		free(c->outcomes[i].id);
		free(c->outcomes[i].category);
	}
	free(c->outcomes);
	for (i = 0; i < c->n_levels; i++) {
		free(c->levels[i].id);
		free(c->levels[i].category);
	}
	free(c->levels);
	for (i = 0; i < c->n_cats; i++) {
		free(c->cats[i]);
		free(c->cat_names[i]);
	}
	free(c->cats);
	free(c->cat_names);
	option_items_free(&c->reasons, c->n_reasons);
	free(c);
}

static void preset(struct referral_action_ctx *c, const char *field, const char *value)
{
	struct preset *n;

	if (!value || !value[0])
		return;
	n = realloc(c->presets, (c->n_presets + 1) * sizeof *n);
	if (!n)
		return;
	c->presets = n;
	n[c->n_presets].field = strdup(field);
	n[c->n_presets].value = strdup(value);
	if (!n[c->n_presets].field || !n[c->n_presets].value) {
		free(n[c->n_presets].field);
		free(n[c->n_presets].value);
		return;
	}
	c->n_presets++;
}

/* "2099-06-30" as the form engine reads dates: "30 6 2099". */
static void preset_date(struct referral_action_ctx *c, const char *field, const char *iso)
{
	struct ymd d;
	char buf[32];

	if (!iso || !date_parse_iso(iso, &d))
		return;
	snprintf(buf, sizeof buf, "%d %d %d", d.d, d.m, d.y);
	preset(c, field, buf);
}

static void presets_from(struct referral_action_ctx *c, const struct referral_view *v)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[16];
	size_t i, j;

	preset_date(c, "completion_deadline", v->completion_deadline);
	if (v->maximum_enforceable_days > 0) {
		snprintf(buf, sizeof buf, "%d", v->maximum_enforceable_days);
		preset(c, "maximum_enforceable_days", buf);
	}
	preset(c, "reason_for_referral", v->reason_for_referral);
	preset(c, "further_information", v->further_information);
	preset(c, "accessibility_needs", v->accessibility_needs);
	preset(c, "additional_needs_information", v->additional_needs_information);
	preset(c, "needs_interpreter", v->needs_interpreter ? "yes" : "no");
	preset(c, "interpreter_language", v->interpreter_language);
	preset(c, "has_additional_responsibilities",
	       v->has_additional_responsibilities ? "yes" : "no");
	preset(c, "when_unavailable", v->when_unavailable);
	preset(c, "prison_id", v->prison_id);
	preset_date(c, "expected_release_date", v->expected_release_date);
	preset(c, "expected_probation_office", v->expected_probation_office);
	preset(c, "pp_probation_office", v->pp_probation_office);
	preset(c, "pp_name", v->pp_name);
	preset(c, "pp_email_address", v->pp_email_address);
	preset(c, "pp_phone_number", v->pp_phone_number);
	preset(c, "pp_team_phone_number", v->pp_team_phone_number);
	if (v->n_categories == 1)
		preset(c, "complexity_level", v->categories[0].complexity_level_id);
	for (i = 0; i < v->n_categories; i++)
		for (j = 0; j < v->categories[i].n_outcomes; j++)
			sb_addf(&sb, "%s%s", sb.len ? "\n" : "", v->categories[i].outcomes[j].id);
	preset(c, "desired_outcomes", sb.buf);
	sb_release(&sb);
}

struct referral_action_ctx *referral_action_ctx_new(enum referral_action k,
						     const struct referral_view *v)
{
	struct referral_action_ctx *c = calloc(1, sizeof *c);
	struct strbuf sb = STRBUF_INIT;
	size_t i, j;

	if (!c)
		return NULL;
	c->kind = k;
	c->id = dup0(v->id);
	c->reference = text_sanitize(v->reference_number, SAN_SINGLE_LINE);
	sb_addf(&sb, "%s %s", v->first_name ? v->first_name : "", v->last_name ? v->last_name : "");
	c->person = text_sanitize(sb.buf, SAN_SINGLE_LINE);
	c->category_words = text_sanitize(v->contract_type_name ? v->contract_type_name
								: v->intervention_title,
					  SAN_SINGLE_LINE);
	c->version = v->version;
	c->custody = v->location_type && !strcmp(v->location_type, "CUSTODY");
	c->pre_ica = !v->ica_status || !strcmp(v->ica_status, "PRE_ICA");
	c->has_categories = v->n_categories > 0;
	c->cats = calloc(v->n_categories + 1, sizeof *c->cats);
	c->cat_names = calloc(v->n_categories + 1, sizeof *c->cat_names);
	for (i = 0; c->cats && c->cat_names && i < v->n_categories; i++) {
		c->cats[i] = dup0(v->categories[i].service_category_id);
		c->cat_names[i] = text_sanitize(v->categories[i].service_category_name, SAN_SINGLE_LINE);
		c->n_cats++;
		for (j = 0; j < v->categories[i].n_outcomes; j++) {
			struct choice *n = realloc(c->outcomes, (c->n_outcomes + 1) * sizeof *n);

			if (!n)
				break;
			c->outcomes = n;
			n[c->n_outcomes].id = dup0(v->categories[i].outcomes[j].id);
			n[c->n_outcomes].category = dup0(v->categories[i].service_category_id);
			n[c->n_outcomes].current = true;
			c->n_outcomes++;
		}
	}
	if (k == RA_AMEND)
		presets_from(c, v);
	sb_release(&sb);
	if (!c->id || !c->reference || !c->person || !c->cats || !c->cat_names) {
		referral_action_ctx_free(c);
		return NULL;
	}
	return c;
}

/* ---- prepare: options and current values ------------------------------------ */

static bool topic_applies(const struct referral_action_ctx *c, const char *t)
{
	if (!strcmp(t, "COMPLEXITY_LEVEL") || !strcmp(t, "DESIRED_OUTCOMES"))
		return c->has_categories;
	if (!strcmp(t, "PRISON_ESTABLISHMENT") || !strcmp(t, "EXPECTED_RELEASE_DATE") ||
	    !strcmp(t, "EXPECTED_PROBATION_OFFICE"))
		return c->custody;
	return true;
}

static enum ct_status set_options(struct form_state *st, const char *field,
				  const struct option_item *items, size_t n,
				  bool (*keep)(const void *arg, const struct option_item *it),
				  const void *arg, const char *prefix)
{
	const struct form_field *f = form_find_field(form_state_form(st), field);
	struct form_option *opts = calloc(n + 1, sizeof *opts);
	struct strbuf *labels = calloc(n + 1, sizeof *labels);
	enum ct_status rc;
	size_t i, k = 0;

	if (!f || !opts || !labels) {
		free(opts);
		free(labels);
		return f ? CT_NOMEM : CT_ERR;
	}
	for (i = 0; i < n; i++) {
		if (keep && !keep(arg, &items[i]))
			continue;
		sb_init(&labels[k]);
		if (prefix)
			sb_addf(&labels[k], "%s: ", prefix);
		sb_adds(&labels[k], items[i].label ? items[i].label : items[i].value);
		opts[k].value = items[i].value;
		opts[k].label = labels[k].buf;
		opts[k].hint = items[i].group ? items[i].group : items[i].hint;
		k++;
	}
	rc = form_state_set_options(st, f, opts, k);
	for (i = 0; i < k; i++)
		sb_release(&labels[i]);
	free(labels);
	free(opts);
	return rc;
}

static bool keep_topic(const void *arg, const struct option_item *it)
{
	return topic_applies(arg, it->value);
}

/* Loads the options of table (for each of the referral's categories when
 * per_category), appends them to *all, and remembers which category each
 * came from in *choices. */
static enum ct_status category_options(struct referral_action_ctx *c, PGconn *db, const char *table,
				       struct form_state *st, const char *field,
				       struct choice **choices, size_t *n_choices, struct strbuf *err)
{
	struct option_item *all = NULL;
	size_t n_all = 0, i, j;
	enum ct_status rc = CT_OK;
	struct form_option *opts;
	struct strbuf *labels;
	const struct form_field *f = form_find_field(form_state_form(st), field);

	if (!f)
		return CT_ERR;
	/* up to 8 categories, each with its own list */
	opts = calloc(1, sizeof *opts);
	labels = calloc(1, sizeof *labels);
	if (!opts || !labels) {
		free(opts);
		free(labels);
		return CT_NOMEM;
	}
	for (i = 0; rc == CT_OK && i < c->n_cats; i++) {
		struct option_item *items = NULL;
		size_t n = 0;

		rc = options_load(db, table, c->cats[i], &items, &n, err);
		if (rc != CT_OK)
			break;
		for (j = 0; j < n; j++) {
			struct form_option *no = realloc(opts, (n_all + 2) * sizeof *no);
			struct strbuf *nl = realloc(labels, (n_all + 2) * sizeof *nl);
			struct option_item *na = realloc(all, (n_all + 2) * sizeof *na);
			bool known = false;
			size_t k;

			if (no)
				opts = no;
			if (nl)
				labels = nl;
			if (na)
				all = na;
			if (!no || !nl || !na) {
				rc = CT_NOMEM;
				break;
			}
			all[n_all] = items[j];
			memset(&items[j], 0, sizeof items[j]);
			sb_init(&labels[n_all]);
			if (c->n_cats > 1)
				sb_addf(&labels[n_all], "%s: ", c->cat_names[i]);
			sb_adds(&labels[n_all], all[n_all].label ? all[n_all].label : all[n_all].value);
			opts[n_all].value = all[n_all].value;
			opts[n_all].label = labels[n_all].buf;
			opts[n_all].hint = all[n_all].hint;
			for (k = 0; k < *n_choices; k++)
				if (!strcmp((*choices)[k].id, all[n_all].value))
					known = true;
			if (!known) {
				struct choice *nc = realloc(*choices, (*n_choices + 1) * sizeof *nc);

				if (!nc) {
					rc = CT_NOMEM;
					n_all++;
					break;
				}
				*choices = nc;
				nc[*n_choices].id = dup0(all[n_all].value);
				nc[*n_choices].category = dup0(c->cats[i]);
				nc[*n_choices].current = false;
				(*n_choices)++;
			}
			n_all++;
		}
		option_items_free(&items, n);
	}
	if (rc == CT_OK)
		rc = form_state_set_options(st, f, opts, n_all);
	for (i = 0; i < n_all; i++)
		sb_release(&labels[i]);
	free(labels);
	free(opts);
	option_items_free(&all, n_all);
	return rc;
}

static enum ct_status prepare_amend(void *ctx, struct ui *ui, struct form_state *st,
				    struct strbuf *err)
{
	struct referral_action_ctx *c = ctx;
	PGconn *db = ui_db(ui);
	struct option_item *topics = NULL;
	size_t n = 0, i;
	enum ct_status rc;

	if (!db) {
		sb_adds(err, "no database connection");
		return CT_ERR;
	}
	rc = options_load(db, "referral_amend_topics", NULL, &topics, &n, err);
	if (rc == CT_OK)
		rc = set_options(st, "topic", topics, n, keep_topic, c, NULL);
	option_items_free(&topics, n);
	if (rc == CT_OK && c->has_categories)
		rc = category_options(c, db, "complexity_levels", st, "complexity_level", &c->levels,
				      &c->n_levels, err);
	if (rc == CT_OK && c->has_categories)
		rc = category_options(c, db, "desired_outcomes", st, "desired_outcomes", &c->outcomes,
				      &c->n_outcomes, err);
	for (i = 0; rc == CT_OK && i < c->n_presets; i++)
		if (!form_state_get_id(st, c->presets[i].field, 0)[0])
			form_state_set_id(st, c->presets[i].field, 0, c->presets[i].value, NULL);
	return rc;
}

static bool keep_reason(const void *arg, const struct option_item *it)
{
	const struct referral_action_ctx *c = arg;
	size_t i;

	(void)c;
	/* filtered below by code: early-closure reasons are dropped before ICA */
	for (i = 0; i < c->n_reasons; i++)
		if (c->reasons[i].value && !strcmp(c->reasons[i].value, it->value))
			return false;
	return true;
}

static enum ct_status prepare_withdraw(void *ctx, struct ui *ui, struct form_state *st,
				       struct strbuf *err)
{
	struct referral_action_ctx *c = ctx;
	PGconn *db = ui_db(ui);
	struct option_item *all = NULL;
	size_t n = 0;
	enum ct_status rc;

	if (!db) {
		sb_adds(err, "no database connection");
		return CT_ERR;
	}
	/* c->reasons holds the reasons NOT offered: early closure before ICA */
	option_items_free(&c->reasons, c->n_reasons);
	c->n_reasons = 0;
	if (c->pre_ica) {
		rc = options_load(db, "withdrawal_reasons", "early", &c->reasons, &c->n_reasons, err);
		if (rc != CT_OK)
			return rc;
	}
	rc = options_load(db, "withdrawal_reasons", NULL, &all, &n, err);
	if (rc == CT_OK)
		rc = set_options(st, "reason_code", all, n, keep_reason, c, NULL);
	option_items_free(&all, n);
	return rc;
}

/* ---- submit -------------------------------------------------------------------- */

static const char *answer(json_t *doc, const char *id)
{
	const char *s = json_string_value(json_object_get(json_object_get(doc, "answers"), id));

	return s ? s : "";
}

static void say_conflict(struct referral_action_ctx *c, struct referral_conflict *k,
			 struct strbuf *err)
{
	struct strbuf when = STRBUF_INIT;
	char *who = text_sanitize(k->changed_by ? k->changed_by : "Someone", SAN_SINGLE_LINE);

	if (k->changed_at && strlen(k->changed_at) >= 16)
		sb_addf(&when, " on %.10s at %.5s", k->changed_at, k->changed_at + 11);
	sb_reset(err);
	sb_addf(err,
		"%s changed referral %s%s, after you opened it, so nothing was saved. "
		"Your answers are kept: check the referral's timeline, then send again to save "
		"your change over theirs.",
		who ? who : "Someone", c->reference, when.buf ? when.buf : "");
	if (k->version > 0)
		c->version = k->version;
	free(who);
	sb_release(&when);
}

static enum ct_status no_db(struct strbuf *err)
{
	sb_adds(err, "no database connection: nothing was saved");
	return CT_ERR;
}

static enum ct_status submit_note(void *ctx, struct ui *ui, struct form_state *st,
				  const char *json, struct strbuf *confirmation, struct strbuf *err)
{
	struct referral_action_ctx *c = ctx;
	json_t *doc = json_loads(json, 0, NULL);
	enum ct_status rc;
	char *subject;

	(void)st;
	if (!doc) {
		sb_adds(err, "the answers could not be read");
		return CT_ERR;
	}
	if (!ui_db(ui)) {
		json_decref(doc);
		return no_db(err);
	}
	rc = referral_add_case_note(ui_db(ui), c->id, answer(doc, "subject"), answer(doc, "body"),
				    NULL, err);
	if (rc == CT_OK) {
		subject = text_sanitize(answer(doc, "subject"), SAN_SINGLE_LINE);
		sb_addf(confirmation, "Case note added\nReferral %s, %s.\nSubject: %s\n"
			"It is on the referral's timeline and case notes for the %s to read.",
			c->reference, c->person, subject ? subject : "",
			c->supplier ? "probation practitioner" : "service provider");
		free(subject);
	}
	json_decref(doc);
	return rc;
}

static const char *choice_category(const struct choice *v, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i].id, id))
			return v[i].category;
	return NULL;
}

static bool in_array(json_t *a, const char *id)
{
	size_t i;
	json_t *x;

	json_array_foreach(a, i, x)
		if (json_string_value(x) && !strcmp(json_string_value(x), id))
			return true;
	return false;
}

/* DESIRED_OUTCOMES: one change per category whose set differs. */
static enum ct_status amend_outcomes(struct referral_action_ctx *c, PGconn *db, json_t *doc,
				     const char *reason, struct referral_conflict *k,
				     size_t *changed, struct strbuf *err)
{
	json_t *sel = json_object_get(json_object_get(doc, "answers"), "desired_outcomes");
	size_t i, j;
	enum ct_status rc = CT_OK;

	*changed = 0;
	for (i = 0; rc == CT_OK && i < c->n_cats; i++) {
		const char **ids = calloc(c->n_outcomes + 1, sizeof *ids);
		struct referral_amendment a = {0};
		size_t n = 0;
		bool differs = false;
		int nv = 0;

		if (!ids)
			return CT_NOMEM;
		for (j = 0; j < c->n_outcomes; j++) {
			bool on;

			if (strcmp(c->outcomes[j].category, c->cats[i]))
				continue;
			on = in_array(sel, c->outcomes[j].id);
			if (on)
				ids[n++] = c->outcomes[j].id;
			if (on != c->outcomes[j].current)
				differs = true;
		}
		if (!n) {
			sb_addf(err, "Choose at least one desired outcome for %s.", c->cat_names[i]);
			free(ids);
			return CT_USAGE;
		}
		if (differs) {
			a.outcomes_category_id = c->cats[i];
			a.desired_outcome_ids = ids;
			a.n_desired_outcomes = n;
			rc = referral_amend(db, c->id, c->version, &a, reason, &nv, k, err);
			if (rc == CT_OK) {
				c->version = nv;
				for (j = 0; j < c->n_outcomes; j++)
					if (!strcmp(c->outcomes[j].category, c->cats[i]))
						c->outcomes[j].current =
							in_array(sel, c->outcomes[j].id);
				(*changed)++;
			}
		}
		free(ids);
	}
	if (rc == CT_OK && !*changed) {
		sb_adds(err, "nothing to change: the referral already has these desired outcomes");
		rc = CT_USAGE;
	}
	return rc;
}

static enum ct_status tri(const char *yes, enum referral_tristate *out)
{
	*out = !strcmp(yes, "yes") ? TRI_YES : TRI_NO;
	return CT_OK;
}

static enum ct_status submit_amend(void *ctx, struct ui *ui, struct form_state *st,
				   const char *json, struct strbuf *confirmation, struct strbuf *err)
{
	struct referral_action_ctx *c = ctx;
	json_t *doc = json_loads(json, 0, NULL);
	struct referral_amendment a = {0};
	struct referral_conflict k = {0};
	const char *topic, *reason;
	const struct form_option *opts;
	const struct form_field *tf;
	enum ct_status rc = CT_OK;
	size_t changed = 1, n, i;
	int nv = 0;
	PGconn *db = ui_db(ui);

	if (!doc) {
		sb_adds(err, "the answers could not be read");
		return CT_ERR;
	}
	if (!db) {
		json_decref(doc);
		return no_db(err);
	}
	topic = answer(doc, "topic");
	reason = answer(doc, "reason");
	if (!strcmp(topic, "COMPLETION_DATETIME"))
		a.completion_deadline = answer(doc, "completion_deadline");
	else if (!strcmp(topic, "MAXIMUM_ENFORCEABLE_DAYS"))
		a.maximum_enforceable_days = atoi(answer(doc, "maximum_enforceable_days"));
	else if (!strcmp(topic, "REASON_FOR_REFERRAL"))
		a.reason_for_referral = answer(doc, "reason_for_referral");
	else if (!strcmp(topic, "REASON_FOR_REFERRAL_FURTHER_INFORMATION"))
		a.further_information = answer(doc, "further_information");
	else if (!strcmp(topic, "NEEDS_AND_REQUIREMENTS_ACCESSIBILITY_NEEDS"))
		a.accessibility_needs = answer(doc, "accessibility_needs");
	else if (!strcmp(topic, "NEEDS_AND_REQUIREMENTS_ADDITIONAL_INFORMATION"))
		a.additional_needs_information = answer(doc, "additional_needs_information");
	else if (!strcmp(topic, "NEEDS_AND_REQUIREMENTS_INTERPRETER_REQUIRED")) {
		tri(answer(doc, "needs_interpreter"), &a.needs_interpreter);
		a.interpreter_language = a.needs_interpreter == TRI_YES
						 ? answer(doc, "interpreter_language") : NULL;
	} else if (!strcmp(topic, "NEEDS_AND_REQUIREMENTS_HAS_ADDITIONAL_RESPONSIBILITIES")) {
		tri(answer(doc, "has_additional_responsibilities"),
		    &a.has_additional_responsibilities);
		a.when_unavailable = a.has_additional_responsibilities == TRI_YES
					     ? answer(doc, "when_unavailable") : NULL;
	} else if (!strcmp(topic, "PRISON_ESTABLISHMENT"))
		a.prison_id = answer(doc, "prison_id");
	else if (!strcmp(topic, "EXPECTED_RELEASE_DATE"))
		a.expected_release_date = answer(doc, "expected_release_date");
	else if (!strcmp(topic, "EXPECTED_PROBATION_OFFICE"))
		a.expected_probation_office = answer(doc, "expected_probation_office");
	else if (!strcmp(topic, "PROBATION_PRACTITIONER_PROBATION_OFFICE"))
		a.pp_probation_office = answer(doc, "pp_probation_office");
	else if (!strcmp(topic, "PROBATION_PRACTITIONER_NAME"))
		a.pp_name = answer(doc, "pp_name");
	else if (!strcmp(topic, "PROBATION_PRACTITIONER_EMAIL"))
		a.pp_email_address = answer(doc, "pp_email_address");
	else if (!strcmp(topic, "PROBATION_PRACTITIONER_PHONE_NUMBER"))
		a.pp_phone_number = answer(doc, "pp_phone_number");
	else if (!strcmp(topic, "PROBATION_PRACTITIONER_TEAM_PHONE_NUMBER"))
		a.pp_team_phone_number = answer(doc, "pp_team_phone_number");
	else if (!strcmp(topic, "COMPLEXITY_LEVEL")) {
		a.complexity_level_id = answer(doc, "complexity_level");
		a.complexity_category_id = choice_category(c->levels, c->n_levels,
							   a.complexity_level_id);
		if (!a.complexity_category_id) {
			sb_adds(err, "choose one of the complexity levels listed");
			rc = CT_USAGE;
		}
	} else if (strcmp(topic, "DESIRED_OUTCOMES")) {
		sb_adds(err, "choose what you want to change");
		rc = CT_USAGE;
	}
	if (rc == CT_OK && !strcmp(topic, "DESIRED_OUTCOMES"))
		rc = amend_outcomes(c, db, doc, reason, &k, &changed, err);
	else if (rc == CT_OK) {
		rc = referral_amend(db, c->id, c->version, &a, reason, &nv, &k, err);
		if (rc == CT_OK)
			c->version = nv;
	}
	if (rc == CT_CONFLICT)
		say_conflict(c, &k, err);
	if (rc == CT_OK) {
		const char *label = topic;

		tf = form_find_field(form_state_form(st), "topic");
		opts = tf ? form_state_options(st, tf, &n) : NULL;
		for (i = 0; opts && i < n; i++)
			if (!strcmp(opts[i].value, topic))
				label = opts[i].label;
		sb_addf(confirmation,
			"Referral changed\nReferral %s, %s: %s changed.\n"
			"The service provider sees the change and your reason on the timeline.",
			c->reference, c->person, label);
	}
	referral_conflict_release(&k);
	json_decref(doc);
	return rc;
}

static const char *withdrawal_words(const char *state)
{
	if (state && !strcmp(state, "PRE_ICA_WITHDRAWAL"))
		return "withdrawn before the intervention started";
	if (state && !strcmp(state, "POST_ICA_WITHDRAWAL"))
		return "withdrawn after the intervention started; the service provider writes an "
		       "end of service report";
	if (state && !strcmp(state, "POST_ICA_CLOSE_REFERRAL_EARLY"))
		return "closed early after the intervention started";
	return state ? state : "";
}

static enum ct_status before_withdraw(void *ctx, struct ui *ui, const struct form_state *st,
				      struct strbuf *question)
{
	struct referral_action_ctx *c = ctx;

	(void)ui;
	(void)st;
	sb_addf(question,
		"Withdraw referral %s for %s? It ends at once, the service provider is told, "
		"and it cannot be undone.", c->reference, c->person);
	return CT_CONFLICT;
}

static enum ct_status submit_withdraw(void *ctx, struct ui *ui, struct form_state *st,
				      const char *json, struct strbuf *confirmation,
				      struct strbuf *err)
{
	struct referral_action_ctx *c = ctx;
	json_t *doc = json_loads(json, 0, NULL);
	struct referral_withdrawn w = {0};
	struct referral_conflict k = {0};
	const struct form_field *f;
	const struct form_option *opts;
	const char *code, *label;
	enum ct_status rc;
	size_t n, i;

	if (!doc) {
		sb_adds(err, "the answers could not be read");
		return CT_ERR;
	}
	if (!ui_db(ui)) {
		json_decref(doc);
		return no_db(err);
	}
	code = answer(doc, "reason_code");
	rc = referral_withdraw(ui_db(ui), c->id, c->version, code, answer(doc, "comments"), &w, &k,
			       err);
	if (rc == CT_CONFLICT)
		say_conflict(c, &k, err);
	if (rc == CT_OK) {
		label = code;
		f = form_find_field(form_state_form(st), "reason_code");
		opts = f ? form_state_options(st, f, &n) : NULL;
		for (i = 0; opts && i < n; i++)
			if (!strcmp(opts[i].value, code))
				label = opts[i].label;
		c->version = w.version;
		sb_addf(confirmation,
			"Referral withdrawn\nReferral %s for %s is %s.\nReason: %s.\n"
			"The service provider has been told.",
			c->reference, c->person, withdrawal_words(w.withdrawal_state), label);
	}
	referral_withdrawn_release(&w);
	referral_conflict_release(&k);
	json_decref(doc);
	return rc;
}

static void closed(void *ctx, struct ui *ui, bool submitted)
{
	struct referral_action_ctx *c = ctx;

	if (submitted && ui && c->done)
		c->done(ui, c->done_arg);
}

void referral_action_spec(struct referral_action_ctx *c, struct form_screen_spec *spec,
			  struct strbuf *title, struct strbuf *subject)
{
	memset(spec, 0, sizeof *spec);
	sb_reset(subject);
	sb_addf(subject, "referral:%s", c->reference);
	spec->subject = subject->buf;
	spec->no_draft = true;
	spec->ctx = c;
	spec->ctx_free = referral_action_ctx_free;
	spec->closed = closed;
	sb_reset(title);
	switch (c->kind) {
	case RA_CASE_NOTE:
		spec->form_id = "referral_case_note";
		sb_addf(title, "Case note on %s for %s", c->reference, c->person);
		spec->submit = submit_note;
		break;
	case RA_AMEND:
		spec->form_id = "referral_amend";
		sb_addf(title, "Change referral %s for %s", c->reference, c->person);
		spec->prepare = prepare_amend;
		spec->submit = submit_amend;
		break;
	case RA_WITHDRAW:
		spec->form_id = "referral_withdraw";
		sb_addf(title, "Withdraw %s's %s referral (%s)", c->person, c->category_words,
			c->reference);
		spec->prepare = prepare_withdraw;
		spec->before_submit = before_withdraw;
		spec->submit = submit_withdraw;
		break;
	}
	spec->title = title->buf;
}

static int open_action(struct ui *ui, enum referral_action k, const struct referral_view *v,
		       void (*done)(struct ui *ui, void *arg), void *arg, struct strbuf *err)
{
	struct referral_action_ctx *c;
	struct form_screen_spec spec;
	struct strbuf title = STRBUF_INIT, subject = STRBUF_INIT;
	const struct staff *s = ui_staff(ui);
	int r;

	if (!v) {
		sb_adds(err, "no referral");
		return -1;
	}
	c = referral_action_ctx_new(k, v);
	if (!c) {
		sb_adds(err, "out of memory");
		return -1;
	}
	c->supplier = s && s->role && !strcmp(s->role, "sp");
	c->done = done;
	c->done_arg = arg;
	referral_action_spec(c, &spec, &title, &subject);
	r = form_screen_open(ui, &spec, err); /* owns c from here, also on failure */
	sb_release(&title);
	sb_release(&subject);
	return r;
}

int referral_case_note_open(struct ui *ui, const struct referral_view *v,
			    void (*done)(struct ui *ui, void *arg), void *arg, struct strbuf *err)
{
	return open_action(ui, RA_CASE_NOTE, v, done, arg, err);
}

int referral_amend_open(struct ui *ui, const struct referral_view *v,
			void (*done)(struct ui *ui, void *arg), void *arg, struct strbuf *err)
{
	return open_action(ui, RA_AMEND, v, done, arg, err);
}

int referral_withdraw_open(struct ui *ui, const struct referral_view *v,
			   void (*done)(struct ui *ui, void *arg), void *arg, struct strbuf *err)
{
	return open_action(ui, RA_WITHDRAW, v, done, arg, err);
}
