/* names.c: labels and parsers for the catalogue's value lists. */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "catalogue/catalogue.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static const char *const type_json[] = {
#define X(name, json, label) json,
	CAT_TYPE_LIST(X)
#undef X
};
static const char *const type_db[] = {
#define X(name, json, label) #name,
	CAT_TYPE_LIST(X)
#undef X
};
static const char *const type_label[] = {
#define X(name, json, label) label,
	CAT_TYPE_LIST(X)
#undef X
};
static const char *const setting_db[] = {
#define X(name, db, label) db,
	CAT_SETTING_LIST(X)
#undef X
};
static const char *const setting_label[] = {
#define X(name, db, label) label,
	CAT_SETTING_LIST(X)
#undef X
};
static const char *const need_label[] = {
#define X(name, label) label,
	CAT_NEED_LIST(X)
#undef X
};
static const char *const region_code[] = {
	"",
#define X(code, name) #code,
	CAT_REGION_LIST(X)
#undef X
};
static const char *const region_name[] = {
	"",
#define X(code, name) name,
	CAT_REGION_LIST(X)
#undef X
};
static const char *const offence_label[] = {
#define X(name, label) label,
	CAT_OFFENCE_LIST(X)
#undef X
};
static const char *const predictor_label[] = {
	"",
#define X(name, label) label,
	CAT_PREDICTOR_LIST(X)
#undef X
};
static const char *const predictor_db[] = {
	"",
#define X(name, label) #name,
	CAT_PREDICTOR_LIST(X)
#undef X
};
static const char *const level_label[] = {"Missing", "Low", "Medium", "High", "Very high"};
static const char *const delivery_label[] = {"Group", "One-to-one", "In person", "Online"};
static const char *const intensity_label[] = {"", "Moderate intensity", "High intensity",
					      "High or moderate intensity"};

#define LABEL(table, i) ((size_t)(i) < N_OF(table) ? (table)[i] : "?")

const char *cat_type_label(enum cat_type t) { return LABEL(type_label, t); }
const char *cat_type_json(enum cat_type t) { return LABEL(type_json, t); }
const char *cat_type_db(enum cat_type t) { return LABEL(type_db, t); }
const char *cat_setting_label(enum cat_setting s) { return LABEL(setting_label, s); }
const char *cat_setting_db(enum cat_setting s) { return LABEL(setting_db, s); }
const char *cat_need_label(enum cat_need n) { return LABEL(need_label, n); }
const char *cat_region_name(enum cat_region r) { return LABEL(region_name, r); }
const char *cat_region_code(enum cat_region r) { return LABEL(region_code, r); }
const char *cat_level_label(enum cat_level l) { return LABEL(level_label, l); }
const char *cat_delivery_label(enum cat_delivery d) { return LABEL(delivery_label, d); }
const char *cat_offence_label(enum cat_offence o) { return LABEL(offence_label, o); }
const char *cat_intensity_label(enum cat_intensity i) { return LABEL(intensity_label, i); }
const char *cat_predictor_label(enum cat_predictor p) { return LABEL(predictor_label, p); }
const char *cat_predictor_db(enum cat_predictor p) { return LABEL(predictor_db, p); }

/* Compares ignoring case, and treating ' ', '-' and '_' as the same. */
static bool name_eq(const char *a, const char *b)
{
	for (;; a++, b++) {
		char ca = *a, cb = *b;

		if (ca == '-' || ca == '_')
			ca = ' ';
		if (cb == '-' || cb == '_')
			cb = ' ';
		if (ca >= 'A' && ca <= 'Z')
			ca = (char)(ca - 'A' + 'a');
		if (cb >= 'A' && cb <= 'Z')
			cb = (char)(cb - 'A' + 'a');
		if (ca != cb)
			return false;
		if (!ca)
			return true;
	}
}

static int lookup(const char *s, const char *const *t1, const char *const *t2, size_t n)
{
	size_t i;

	if (!s)
		return -1;
	for (i = 0; i < n; i++)
		if ((t1 && name_eq(s, t1[i])) || (t2 && name_eq(s, t2[i])))
			return (int)i;
	return -1;
}

int cat_type_parse(const char *s)
{
	int t = lookup(s, type_json, type_db, N_OF(type_db));

	return t >= 0 ? t : lookup(s, type_label, NULL, N_OF(type_label));
}

int cat_setting_parse(const char *s)
{
	return lookup(s, setting_db, setting_label, N_OF(setting_db));
}

int cat_region_parse(const char *s)
{
	int r = lookup(s, region_code, region_name, N_OF(region_code));

	return r > 0 ? r : -1;
}

int cat_predictor_parse(const char *s)
{
	int p = lookup(s, predictor_db, predictor_label, N_OF(predictor_db));

	return p > 0 ? p : -1;
}

int cat_level_parse(const char *s)
{
	int l = lookup(s, level_label, NULL, N_OF(level_label));

	if (l > 0)
		return l;
	if (s && name_eq(s, "very_high"))
		return CAT_LEVEL_VERY_HIGH;
	return -1;
}

int cat_intensity_parse(const char *s)
{
	if (!s || !*s)
		return CAT_INTENSITY_NONE;
	if (name_eq(s, "HIGH"))
		return CAT_INTENSITY_HIGH;
	if (name_eq(s, "MODERATE"))
		return CAT_INTENSITY_MODERATE;
	if (name_eq(s, "HIGH_MODERATE"))
		return CAT_INTENSITY_HIGH_MODERATE;
	return -1;
}

/* Case-insensitive substring test. */
static bool has(const char *s, const char *needle)
{
	size_t n = strlen(needle);

	for (; *s; s++)
		if (!strncasecmp(s, needle, n))
			return true;
	return false;
}

enum cat_need cat_need_parse(const char *s)
{
	if (!s)
		return CAT_NEED_OTHER;
	if (has(s, "accommodation"))
		return CAT_NEED_ACCOMMODATION;
	if (has(s, "education") || has(s, "employment"))
		return CAT_NEED_ETE;
	if (has(s, "finance"))
		return CAT_NEED_FINANCE;
	if (has(s, "relationship") || has(s, "family"))
		return CAT_NEED_RELATIONSHIPS;
	if (has(s, "lifestyle"))
		return CAT_NEED_LIFESTYLE;
	if (has(s, "drug"))
		return CAT_NEED_DRUGS;
	if (has(s, "alcohol"))
		return CAT_NEED_ALCOHOL;
	if (has(s, "wellbeing") || has(s, "emotional"))
		return CAT_NEED_EMOTIONAL;
	if (has(s, "thinking"))
		return CAT_NEED_THINKING;
	if (has(s, "attitude"))
		return CAT_NEED_ATTITUDES;
	return CAT_NEED_OTHER;
}

enum cat_offence cat_offence_parse(const char *s)
{
	if (!s || !*s)
		return CAT_OFFENCE_UNKNOWN;
	if (name_eq(s, "any") || name_eq(s, "all") || has(s, "all offences"))
		return CAT_OFFENCE_ANY;
	/* "Non-internet Sexual" is narrower than a sexual offence: we cannot
	 * tell it from the person's offence type, so it stays unplaced. */
	if (has(s, "non-internet") || has(s, "non internet"))
		return CAT_OFFENCE_UNKNOWN;
	if (has(s, "sex"))
		return CAT_OFFENCE_SEXUAL;
	if (has(s, "ipv") || has(s, "intimate partner"))
		return CAT_OFFENCE_IPV;
	if (has(s, "domestic"))
		return CAT_OFFENCE_DOMESTIC_ABUSE;
	if (has(s, "extrem") || has(s, "terror"))
		return CAT_OFFENCE_EXTREMISM;
	if (has(s, "gang") || has(s, "organised crime"))
		return CAT_OFFENCE_GANG;
	if (has(s, "acquisitive"))
		return CAT_OFFENCE_ACQUISITIVE;
	if (has(s, "driving") || has(s, "motoring"))
		return CAT_OFFENCE_DRIVING;
	if (has(s, "substance") || has(s, "drug") || has(s, "alcohol"))
		return CAT_OFFENCE_SUBSTANCE;
	if (has(s, "robbery"))
		return CAT_OFFENCE_ROBBERY;
	if (has(s, "violence"))
		return CAT_OFFENCE_GENERAL_VIOLENCE;
	return CAT_OFFENCE_UNKNOWN;
}

enum cat_offence cat_audience_parse(const char *s)
{
	enum cat_offence o;

	if (!s || !*s || has(s, "general offence") || has(s, "legacy"))
		return CAT_OFFENCE_ANY;
	o = cat_offence_parse(s);
	return o == CAT_OFFENCE_UNKNOWN ? CAT_OFFENCE_ANY : o;
}

const char *cat_field_label(const char *field)
{
	static const char *const labels[][2] = {
		{"cn_score_guide", "Criminogenic needs score"},
		{"extremism_risk_guide", "Extremism risk"},
		{"sara_partner_score_guide", "SARA (partner)"},
		{"sara_other_score_guide", "SARA (others)"},
		{"osp_score_guide", "OSP"},
		{"osp_dc_icc_combination_guide", "OSP-DC and OSP-IIC"},
		{"ogrs_score_guide", "OGRS"},
		{"ovp_guide", "OVP"},
		{"ogp_guide", "OGP"},
		{"pna_guide", "PNA"},
		{"rosh_level", "RoSH level"},
		{"rsr_guide", "RSR"},
		{"min_remaining_sentence_duration_guide", "Minimum remaining sentence"},
		{"remaining_license_community_order_guide", "Remaining licence or community order"},
		{"alcohol_drug_problem_guide", "Alcohol or drug problems"},
		{"mental_health_problem_guide", "Mental health problems"},
		{"not_allowed_if_eligible_for_another_intervention",
		 "If eligible for another intervention"},
		{"literacy_level", "Literacy level"},
		{"other_preferred_method_guide", "Other preferred method"},
		{"same_type_rule_guide", "Same type of intervention"},
		{"schedule_frequency_guide", "Schedule and frequency"},
		{"convicted_for_offence_type", "Offence type"},
	};
	size_t i;

	if (!field)
		return "";
	for (i = 0; i < N_OF(labels); i++)
		if (!strcmp(field, labels[i][0]))
			return labels[i][1];
	return field;
}
