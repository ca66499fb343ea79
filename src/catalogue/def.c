/* def.c: catalogue entry definitions and the find-and-refer JSON reader. */
#include <ctype.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalogue/internal.h"
#include "util/sanitize.h"

#define MAX_TEXT 20000    /* bytes in one text field */
#define MAX_ITEMS 500     /* items in one list */
#define MAX_RULES_PER_GUIDE 4

void cat_def_init(struct cat_def *d)
{
	memset(d, 0, sizeof *d);
	d->min_age = d->max_age = CAT_UNKNOWN;
	d->males = d->females = CAT_UNKNOWN;
	d->sessions_min = d->sessions_max = CAT_UNKNOWN;
	d->hours = CAT_UNKNOWN;
}

void cat_def_release(struct cat_def *d)
{
	if (!d)
		return;
	cat_arena_free(&d->own);
	cat_def_init(d);
}

/* ------------------------------------------------------------ the reader */

struct rd {
	const char *file;
	struct strbuf *problems;
	struct cat_arena *a;
	int n_problems;
	bool oom;
};

static void problem(struct rd *r, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void problem(struct rd *r, const char *field, const char *fmt, ...)
{
	va_list ap;

	r->n_problems++;
	if (!r->problems)
		return;
	sb_addf(r->problems, "%s: %s: ", r->file, field);
	va_start(ap, fmt);
	sb_vaddf(r->problems, fmt, ap);
	va_end(ap);
	sb_addc(r->problems, '\n');
}

/* A value from the file, made safe and short for a problem message. */
static const char *shown(struct strbuf *tmp, const char *s)
{
	char *clean = text_sanitize(s, SAN_SINGLE_LINE);
	size_t cut;

	sb_reset(tmp);
	if (!clean)
		return "?";
	cut = text_prefix_for_width(clean, 40);
	sb_add(tmp, clean, cut);
	if (clean[cut])
		sb_adds(tmp, "...");
	free(clean);
	return tmp->buf;
}

static const char *type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "a list";
	case JSON_STRING: return "text";
	case JSON_INTEGER: case JSON_REAL: return "a number";
	case JSON_TRUE: case JSON_FALSE: return "true/false";
	default: return "null";
	}
}

static char *path2(struct strbuf *b, const char *parent, const char *key)
{
	sb_reset(b);
	if (parent && *parent)
		sb_addf(b, "%s.%s", parent, key);
	else
		sb_adds(b, key);
	return b->buf;
}

/* Problems for keys of obj that are not in known[]. */
static void unknown_keys(struct rd *r, json_t *obj, const char *parent, const char *const *known)
{
	const char *key;
	json_t *v;
	struct strbuf p = STRBUF_INIT, tmp = STRBUF_INIT;

	json_object_foreach(obj, key, v) {
		size_t i;
		bool ok = false;

		(void)v;
		for (i = 0; known[i]; i++)
			if (!strcmp(key, known[i]))
				ok = true;
		if (!ok)
			problem(r, path2(&p, parent, shown(&tmp, key)), "unknown field");
	}
	sb_release(&p);
	sb_release(&tmp);
}

/* Text or null.  "" (and the word "Null") read as not stated unless
 * keep_empty.  Returns the arena copy or NULL. */
static const char *text_at(struct rd *r, json_t *v, const char *path, bool keep_empty)
{
	const char *s;
	size_t len;
	char *copy;

	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		problem(r, path, "must be text or null, not %s", type_name(v));
		return NULL;
	}
	s = json_string_value(v);
	len = json_string_length(v);
	if (len > MAX_TEXT) {
		problem(r, path, "longer than %d characters", MAX_TEXT);
		return NULL;
	}
	if (memchr(s, '\0', len)) {
		problem(r, path, "holds a NUL character");
		return NULL;
	}
	if (!keep_empty && (len == 0 || !strcasecmp(s, "null")))
		return NULL;
	copy = cat_arena_strndup(r->a, s, len);
	if (!copy)
		r->oom = true;
	return copy;
}

static const char *field_text(struct rd *r, json_t *obj, const char *parent, const char *key)
{
	struct strbuf p = STRBUF_INIT;
	const char *s = text_at(r, json_object_get(obj, key), path2(&p, parent, key), false);

	sb_release(&p);
	return s;
}

/* An object or null; anything else is a problem.  Returns NULL for null. */
static json_t *object_at(struct rd *r, json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_object(v)) {
		problem(r, key, "must be an object or null, not %s", type_name(v));
		return NULL;
	}
	return v;
}

/* A list or null; returns NULL for null/missing. */
static json_t *array_at(struct rd *r, json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_array(v)) {
		problem(r, key, "must be a list or null, not %s", type_name(v));
		return NULL;
	}
	if (json_array_size(v) > MAX_ITEMS) {
		problem(r, key, "has more than %d items", MAX_ITEMS);
		return NULL;
	}
	return v;
}

/* A list of texts (null items are problems; "" kept when keep_empty). */
static const char *const *text_list(struct rd *r, json_t *arr, const char *key, bool keep_empty,
				    size_t *n)
{
	const char **list;
	struct strbuf p = STRBUF_INIT;
	size_t i, k = 0;

	*n = 0;
	if (!arr)
		return NULL;
	list = cat_arena_alloc(r->a, (json_array_size(arr) + 1) * sizeof *list);
	if (!list) {
		r->oom = true;
		return NULL;
	}
	for (i = 0; i < json_array_size(arr); i++) {
		json_t *v = json_array_get(arr, i);
		const char *s;

		sb_reset(&p);
		sb_addf(&p, "%s[%zu]", key, i);
		if (!json_is_string(v)) {
			problem(r, p.buf, "must be text, not %s", type_name(v));
			continue;
		}
		s = text_at(r, v, p.buf, keep_empty);
		if (s)
			list[k++] = s;
	}
	sb_release(&p);
	*n = k;
	return list;
}

/* An age: a whole number 0..120, a digit string, "Any", "" or null. */
static int age_at(struct rd *r, json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	struct strbuf p = STRBUF_INIT;
	int age = CAT_UNKNOWN;

	path2(&p, "personal_eligibility", key);
	if (!v || json_is_null(v)) {
		/* not stated */
	} else if (json_is_integer(v)) {
		json_int_t n = json_integer_value(v);

		if (n < 0 || n > 120)
			problem(r, p.buf, "%lld is not an age from 0 to 120", (long long)n);
		else
			age = (int)n;
	} else if (json_is_string(v)) {
		const char *s = json_string_value(v);
		struct strbuf tmp = STRBUF_INIT;
		char *end;
		long n;

		while (*s == ' ')
			s++;
		if (!*s || !strcasecmp(s, "any")) {
			/* not limited */
		} else {
			n = strtol(s, &end, 10);
			while (*end == ' ')
				end++;
			if (!isdigit((unsigned char)*s) || *end || n > 120)
				problem(r, p.buf, "\"%s\" is not an age (a whole number, \"Any\" or null)",
					shown(&tmp, json_string_value(v)));
			else
				age = (int)n;
		}
		sb_release(&tmp);
	} else {
		problem(r, p.buf, "must be a whole number, text or null, not %s", type_name(v));
	}
	sb_release(&p);
	return age;
}

static int flag_at(struct rd *r, json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	struct strbuf p = STRBUF_INIT;

	if (!v || json_is_null(v))
		return CAT_UNKNOWN;
	if (json_is_boolean(v))
		return json_is_true(v) ? 1 : 0;
	problem(r, path2(&p, "personal_eligibility", key), "must be true, false or null, not %s",
		type_name(v));
	sb_release(&p);
	return CAT_UNKNOWN;
}

static const struct cat_offence_def *offences(struct rd *r, json_t *root, const char *key,
					      size_t *n)
{
	static const char *const known[] = {"offence_type_id", "victim_type", "motivation", NULL};
	json_t *arr = array_at(r, root, key);
	struct cat_offence_def *list;
	struct strbuf p = STRBUF_INIT;
	size_t i, k = 0;

	*n = 0;
	if (!arr)
		return NULL;
	list = cat_arena_alloc(r->a, (json_array_size(arr) + 1) * sizeof *list);
	if (!list) {
		r->oom = true;
		return NULL;
	}
	for (i = 0; i < json_array_size(arr); i++) {
		json_t *o = json_array_get(arr, i);
		struct cat_offence_def *d = &list[k];

		sb_reset(&p);
		sb_addf(&p, "%s[%zu]", key, i);
		if (!json_is_object(o)) {
			problem(r, p.buf, "must be an object, not %s", type_name(o));
			continue;
		}
		unknown_keys(r, o, p.buf, known);
		d->type = field_text(r, o, p.buf, "offence_type_id");
		d->victim_type = field_text(r, o, p.buf, "victim_type");
		d->motivation = field_text(r, o, p.buf, "motivation");
		if (!d->type) {
			struct strbuf q = STRBUF_INIT;

			problem(r, path2(&q, p.buf, "offence_type_id"), "is required");
			sb_release(&q);
			continue;
		}
		d->offence = cat_offence_parse(d->type);
		k++;
	}
	sb_release(&p);
	*n = k;
	return list;
}

/* The non-empty fields of obj among keys[], as (key, text) pairs. */
static const struct cat_text *guides(struct rd *r, json_t *obj, const char *parent,
				     const char *const *keys, size_t *n)
{
	struct cat_text *list;
	size_t i, k = 0, count = 0;

	*n = 0;
	if (!obj)
		return NULL;
	unknown_keys(r, obj, parent, keys);
	while (keys[count])
		count++;
	list = cat_arena_alloc(r->a, (count + 1) * sizeof *list);
	if (!list) {
		r->oom = true;
		return NULL;
	}
	for (i = 0; keys[i]; i++) {
		const char *s = field_text(r, obj, parent, keys[i]);

		if (s) {
			list[k].name = keys[i];
			list[k].value = s;
			k++;
		}
	}
	*n = k;
	return list;
}

static const char *const top_keys[] = {
	"uuid", "intervention_catalogue", "delivery_method", "delivery_method_settings",
	"enabling_intervention", "criminogenic_needs", "personal_eligibility",
	"eligibility_offence", "exclude_offence", "possible_outcomes", "risk_consideration",
	"special_educational_needs", "exclusion", "delivery_regions", NULL};
static const char *const ic_keys[] = {
	"name", "int_type", "short_description", "long_description", "session_detail",
	"reason_for_referral", "topic", "time_to_complete", NULL};
static const char *const risk_keys[] = {
	"cn_score_guide", "extremism_risk_guide", "sara_partner_score_guide",
	"sara_other_score_guide", "osp_score_guide", "osp_dc_icc_combination_guide",
	"ogrs_score_guide", "ovp_guide", "ogp_guide", "pna_guide", "rosh_level", "rsr_guide", NULL};
static const char *const exclusion_keys[] = {
	"min_remaining_sentence_duration_guide", "remaining_license_community_order_guide",
	"alcohol_drug_problem_guide", "mental_health_problem_guide",
	"not_allowed_if_eligible_for_another_intervention", "literacy_level",
	"other_preferred_method_guide", "same_type_rule_guide", "schedule_frequency_guide",
	"convicted_for_offence_type", NULL};

static bool uuid_ok(const char *s)
{
	static const int groups[] = {8, 4, 4, 4, 12};
	int g, i;

	for (g = 0; g < 5; g++) {
		for (i = 0; i < groups[g]; i++, s++)
			if (!isxdigit((unsigned char)*s))
				return false;
		if (g < 4 && *s++ != '-')
			return false;
	}
	return *s == '\0';
}

static void read_catalogue(struct rd *r, json_t *root, struct cat_def *d)
{
	json_t *ic = json_object_get(root, "intervention_catalogue");
	json_t *v;
	struct strbuf tmp = STRBUF_INIT;

	if (!ic || json_is_null(ic)) {
		problem(r, "intervention_catalogue", "is required");
		return;
	}
	if (!json_is_object(ic)) {
		problem(r, "intervention_catalogue", "must be an object, not %s", type_name(ic));
		return;
	}
	unknown_keys(r, ic, "intervention_catalogue", ic_keys);
	d->name = field_text(r, ic, "intervention_catalogue", "name");
	v = json_object_get(ic, "name");
	if (!d->name && (!v || json_is_null(v) || json_is_string(v)))
		problem(r, "intervention_catalogue.name", "is required");
	else if (d->name && strlen(d->name) > 300)
		problem(r, "intervention_catalogue.name", "longer than 300 characters");
	v = json_object_get(ic, "int_type");
	if (!v || json_is_null(v)) {
		problem(r, "intervention_catalogue.int_type", "is required");
	} else if (!json_is_string(v)) {
		problem(r, "intervention_catalogue.int_type", "must be text, not %s", type_name(v));
	} else {
		int t = cat_type_parse(json_string_value(v));

		if (t < 0)
			problem(r, "intervention_catalogue.int_type",
				"\"%s\" is not AcP, CRS, SI or Toolkits",
				shown(&tmp, json_string_value(v)));
		else
			d->type = (enum cat_type)t;
	}
	d->short_description = field_text(r, ic, "intervention_catalogue", "short_description");
	v = json_object_get(ic, "long_description");
	if (v && json_is_string(v)) {
		/* one paragraph written as a plain string */
		const char **one = cat_arena_alloc(r->a, sizeof *one);
		const char *s = text_at(r, v, "intervention_catalogue.long_description", false);

		if (!one) {
			r->oom = true;
		} else if (s) {
			one[0] = s;
			d->long_description = one;
			d->n_long_description = 1;
		}
	} else if (v && !json_is_null(v)) {
		if (!json_is_array(v))
			problem(r, "intervention_catalogue.long_description",
				"must be a list of texts or null, not %s", type_name(v));
		else
			d->long_description = text_list(r, v, "intervention_catalogue.long_description",
							true, &d->n_long_description);
	}
	d->session_detail = field_text(r, ic, "intervention_catalogue", "session_detail");
	d->reason_for_referral = field_text(r, ic, "intervention_catalogue", "reason_for_referral");
	d->topic = field_text(r, ic, "intervention_catalogue", "topic");
	d->time_to_complete = field_text(r, ic, "intervention_catalogue", "time_to_complete");
	sb_release(&tmp);
}

static void read_rules(struct rd *r, struct cat_def *d)
{
	struct cat_risk_rule *rules;
	size_t i, k = 0;

	if (!d->n_risk_guides)
		return;
	rules = cat_arena_alloc(r->a, d->n_risk_guides * MAX_RULES_PER_GUIDE * sizeof *rules);
	if (!rules) {
		r->oom = true;
		return;
	}
	for (i = 0; i < d->n_risk_guides; i++)
		k += cat_risk_parse(d->risk_guides[i].name, d->risk_guides[i].value, rules + k,
				    MAX_RULES_PER_GUIDE);
	d->risk_rules = rules;
	d->n_risk_rules = k;
}

enum ct_status cat_def_parse(const char *json, size_t len, const char *file,
			     struct cat_def *out, struct strbuf *problems)
{
	struct rd r = {file ? file : "-", problems, NULL, 0, false};
	json_error_t je;
	json_t *root, *o, *arr;
	struct strbuf tmp = STRBUF_INIT;
	size_t i;

	cat_def_init(out);
	root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		problem(&r, "json", "%s (line %d, column %d)", shown(&tmp, je.text), je.line,
			je.column);
		sb_release(&tmp);
		return CT_ERR;
	}
	if (!json_is_object(root)) {
		problem(&r, "(document)", "must be a JSON object, not %s", type_name(root));
		json_decref(root);
		sb_release(&tmp);
		return CT_ERR;
	}
	r.a = cat_arena_new();
	if (!r.a) {
		json_decref(root);
		sb_release(&tmp);
		return CT_NOMEM;
	}
	out->own = r.a;
	unknown_keys(&r, root, "", top_keys);

	o = json_object_get(root, "uuid");
	if (o && !json_is_null(o)) {
		if (!json_is_string(o) || !uuid_ok(json_string_value(o))) {
			problem(&r, "uuid", "\"%s\" is not a UUID like 2DD44B43-46F2-4C91-968F-77A00F33EF35",
				json_is_string(o) ? shown(&tmp, json_string_value(o)) : type_name(o));
		} else {
			char *id = cat_arena_strdup(r.a, json_string_value(o));

			if (!id)
				r.oom = true;
			for (i = 0; id && id[i]; i++)
				id[i] = (char)tolower((unsigned char)id[i]);
			out->id = id;
		}
	}
	read_catalogue(&r, root, out);

	if ((o = object_at(&r, root, "delivery_method"))) {
		static const char *const known[] = {"format", "attendance_type", "delivery_method_description", NULL};

		unknown_keys(&r, o, "delivery_method", known);
		out->format = field_text(&r, o, "delivery_method", "format");
		out->attendance = field_text(&r, o, "delivery_method", "attendance_type");
	}
	if ((arr = array_at(&r, root, "delivery_method_settings"))) {
		for (i = 0; i < json_array_size(arr); i++) {
			json_t *v = json_array_get(arr, i);
			struct strbuf p = STRBUF_INIT;
			int s = json_is_string(v) ? cat_setting_parse(json_string_value(v)) : -1;

			sb_addf(&p, "delivery_method_settings[%zu]", i);
			if (s < 0)
				problem(&r, p.buf, "\"%s\" is not COMMUNITY, CUSTODY, REMAND or PRE_RELEASE",
					json_is_string(v) ? shown(&tmp, json_string_value(v)) : type_name(v));
			else
				out->settings |= 1u << s;
			sb_release(&p);
		}
	}
	if ((o = object_at(&r, root, "enabling_intervention"))) {
		static const char *const known[] = {"qualifying_previous_intervention",
						    "convicted_for_offence_type", NULL};

		unknown_keys(&r, o, "enabling_intervention", known);
		out->qualifying_previous_intervention =
			field_text(&r, o, "enabling_intervention", "qualifying_previous_intervention");
		out->convicted_for_offence_type =
			field_text(&r, o, "enabling_intervention", "convicted_for_offence_type");
	}
	out->needs = text_list(&r, array_at(&r, root, "criminogenic_needs"), "criminogenic_needs",
			       false, &out->n_needs);
	if ((o = object_at(&r, root, "personal_eligibility"))) {
		static const char *const known[] = {"min_age", "max_age", "males", "females", NULL};

		unknown_keys(&r, o, "personal_eligibility", known);
		out->min_age = age_at(&r, o, "min_age");
		out->max_age = age_at(&r, o, "max_age");
		out->males = flag_at(&r, o, "males");
		out->females = flag_at(&r, o, "females");
		if (out->min_age != CAT_UNKNOWN && out->max_age != CAT_UNKNOWN &&
		    out->min_age > out->max_age)
			problem(&r, "personal_eligibility.max_age", "%d is below min_age %d",
				out->max_age, out->min_age);
	}
	out->eligible_offences = offences(&r, root, "eligibility_offence", &out->n_eligible_offences);
	out->excluded_offences = offences(&r, root, "exclude_offence", &out->n_excluded_offences);
	out->outcomes = text_list(&r, array_at(&r, root, "possible_outcomes"), "possible_outcomes",
				  true, &out->n_outcomes);
	out->risk_guides = guides(&r, object_at(&r, root, "risk_consideration"), "risk_consideration",
				  risk_keys, &out->n_risk_guides);
	if ((o = object_at(&r, root, "special_educational_needs"))) {
		static const char *const known[] = {"exclusion_literacy_level_guide",
						    "learning_disability_catered_for",
						    "equivalent_non_ldc_programme_guide", NULL};

		unknown_keys(&r, o, "special_educational_needs", known);
		out->literacy_level = field_text(&r, o, "special_educational_needs",
						 "exclusion_literacy_level_guide");
		out->learning_disability = field_text(&r, o, "special_educational_needs",
						      "learning_disability_catered_for");
		out->equivalent_non_ldc = field_text(&r, o, "special_educational_needs",
						     "equivalent_non_ldc_programme_guide");
	}
	out->exclusions = guides(&r, object_at(&r, root, "exclusion"), "exclusion", exclusion_keys,
				 &out->n_exclusions);
	if ((arr = array_at(&r, root, "delivery_regions"))) {
		for (i = 0; i < json_array_size(arr); i++) {
			json_t *v = json_array_get(arr, i);
			struct strbuf p = STRBUF_INIT;
			int reg = json_is_string(v) ? cat_region_parse(json_string_value(v)) : -1;

			sb_addf(&p, "delivery_regions[%zu]", i);
			if (reg <= 0)
				problem(&r, p.buf, "\"%s\" is not a probation region (A to L or its name)",
					json_is_string(v) ? shown(&tmp, json_string_value(v)) : type_name(v));
			else
				out->regions |= CAT_REGION_BIT(reg);
			sb_release(&p);
		}
	}
	read_rules(&r, out);
	cat_parse_sessions(out->session_detail, &out->sessions_min, &out->sessions_max);
	out->hours = cat_parse_hours(out->session_detail);
	if (out->hours == CAT_UNKNOWN)
		out->hours = cat_parse_hours(out->time_to_complete);
	out->source_file = cat_arena_strdup(r.a, file);

	json_decref(root);
	sb_release(&tmp);
	if (r.oom) {
		cat_def_release(out);
		return CT_NOMEM;
	}
	if (r.n_problems) {
		cat_def_release(out);
		return CT_ERR;
	}
	return CT_OK;
}
