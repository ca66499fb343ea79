/* test_catalogue_parse.c: the find-and-refer JSON reader, its problem
 * reports, and the readers of risk guides, session counts and hours. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "catfix.h"

/* Parses doc expecting failure; returns the problems (free them). */
static char *problems_of(const char *doc)
{
	struct strbuf p = STRBUF_INIT;
	struct cat_def d;

	assert_int_equal(cat_def_parse(doc, strlen(doc), "f.json", &d, &p), CT_ERR);
	assert_null(d.name); /* released */
	return sb_detach(&p, NULL);
}

static void assert_has_line(const char *text, const char *line)
{
	const char *p = strstr(text, line);

	if (!p || (p != text && p[-1] != '\n') || (p[strlen(line)] != '\n'))
		fail_msg("missing line:\n  %s\nin:\n%s", line, text);
}

static void test_null_and_empty_document(void **state)
{
	char *p;

	(void)state;
	p = problems_of("");
	assert_true(!strncmp(p, "f.json: json: ", 14));
	assert_non_null(strstr(p, "(line 1, column 0)"));
	free(p);
	p = problems_of("[1, 2]");
	assert_string_equal(p, "f.json: (document): must be a JSON object, not a list\n");
	free(p);
	p = problems_of("{}");
	assert_string_equal(p, "f.json: intervention_catalogue: is required\n");
	free(p);
}

static void test_minimal_entry(void **state)
{
	struct cat_def d;

	(void)state;
	fix_parse("{\"uuid\": \"2DD44B43-46F2-4C91-968F-77A00F33EF35\","
		  " \"intervention_catalogue\": {\"name\": \"Horizon\", \"int_type\": \"AcP\","
		  "  \"session_detail\": \"\", \"long_description\": [\"One.\", \"\", \"Two.\"]},"
		  " \"delivery_method_settings\": [\"COMMUNITY\", \"custody\"],"
		  " \"personal_eligibility\": {\"min_age\": \"18\", \"max_age\": null,"
		  "  \"males\": true, \"females\": false}}", &d);
	assert_string_equal(d.id, "2dd44b43-46f2-4c91-968f-77a00f33ef35");
	assert_string_equal(d.name, "Horizon");
	assert_int_equal(d.type, CAT_TYPE_ACP);
	assert_null(d.session_detail); /* "" is not stated */
	assert_int_equal(d.n_long_description, 3);
	assert_string_equal(d.long_description[1], "");
	assert_int_equal(d.settings, (1u << CAT_SETTING_COMMUNITY) | (1u << CAT_SETTING_CUSTODY));
	assert_int_equal(d.min_age, 18);
	assert_int_equal(d.max_age, CAT_UNKNOWN);
	assert_int_equal(d.males, 1);
	assert_int_equal(d.females, 0);
	assert_int_equal(d.sessions_min, CAT_UNKNOWN);
	assert_string_equal(d.source_file, "test.json");
	cat_def_release(&d);
	assert_null(d.name);
	cat_def_release(&d); /* twice is harmless */
}

static void test_type_spellings(void **state)
{
	static const struct {
		const char *json;
		enum cat_type type;
	} cases[] = {{"AcP", CAT_TYPE_ACP}, {"ACP", CAT_TYPE_ACP}, {"CRS", CAT_TYPE_CRS},
		     {"SI", CAT_TYPE_SI}, {"Toolkits", CAT_TYPE_TOOLKITS}, {"TOOLKITS", CAT_TYPE_TOOLKITS}};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *doc = fix_doc("X", cases[i].json, "[]", "");
		struct cat_def d;

		fix_parse(doc, &d);
		assert_int_equal(d.type, cases[i].type);
		cat_def_release(&d);
		free(doc);
	}
}

static void test_ages(void **state)
{
	static const struct {
		const char *min, *max;
		int want_min, want_max;
	} cases[] = {
		{"\"18\"", "\"30\"", 18, 30}, {"18", "30", 18, 30}, {"\"Any\"", "\"Any\"", CAT_UNKNOWN, CAT_UNKNOWN},
		{"null", "null", CAT_UNKNOWN, CAT_UNKNOWN}, {"\" 21 \"", "\"\"", 21, CAT_UNKNOWN},
		{"0", "120", 0, 120},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct strbuf rest = STRBUF_INIT;
		struct cat_def d;
		char *doc;

		sb_addf(&rest, ", \"personal_eligibility\": {\"min_age\": %s, \"max_age\": %s}",
			cases[i].min, cases[i].max);
		doc = fix_doc("X", "SI", "[]", rest.buf);
		fix_parse(doc, &d);
		assert_int_equal(d.min_age, cases[i].want_min);
		assert_int_equal(d.max_age, cases[i].want_max);
		assert_int_equal(d.males, CAT_UNKNOWN); /* not stated */
		cat_def_release(&d);
		free(doc);
		sb_release(&rest);
	}
}

static void test_problems_name_field_and_problem(void **state)
{
	char *p;

	(void)state;
	p = problems_of("{\"intervention_catalogue\": {\"int_type\": \"Course\"},"
			" \"delivery_method_settings\": [\"COMMUNITY\", \"PRISON\", 3],"
			" \"personal_eligibility\": {\"min_age\": \"eighteen\", \"max_age\": 200,"
			"  \"males\": \"yes\"},"
			" \"criminogenic_needs\": \"Accommodation\","
			" \"eligibility_offence\": [{\"victim_type\": \"Any\"}, 7],"
			" \"risk_consideration\": {\"ovp_guide\": 20, \"ovp_score\": \"x\"},"
			" \"uuid\": \"not-a-uuid\", \"intervention_catalog\": {},"
			" \"delivery_regions\": [\"Atlantis\"]}");
	assert_has_line(p, "f.json: intervention_catalogue.name: is required");
	assert_has_line(p, "f.json: intervention_catalogue.int_type: \"Course\" is not AcP, CRS, SI or Toolkits");
	assert_has_line(p, "f.json: delivery_method_settings[1]: \"PRISON\" is not COMMUNITY, CUSTODY, REMAND or PRE_RELEASE");
	assert_has_line(p, "f.json: delivery_method_settings[2]: \"a number\" is not COMMUNITY, CUSTODY, REMAND or PRE_RELEASE");
	assert_has_line(p, "f.json: personal_eligibility.min_age: \"eighteen\" is not an age (a whole number, \"Any\" or null)");
	assert_has_line(p, "f.json: personal_eligibility.max_age: 200 is not an age from 0 to 120");
	assert_has_line(p, "f.json: personal_eligibility.males: must be true, false or null, not text");
	assert_has_line(p, "f.json: criminogenic_needs: must be a list or null, not text");
	assert_has_line(p, "f.json: eligibility_offence[0].offence_type_id: is required");
	assert_has_line(p, "f.json: eligibility_offence[1]: must be an object, not a number");
	assert_has_line(p, "f.json: risk_consideration.ovp_guide: must be text or null, not a number");
	assert_has_line(p, "f.json: risk_consideration.ovp_score: unknown field");
	assert_has_line(p, "f.json: uuid: \"not-a-uuid\" is not a UUID like 2DD44B43-46F2-4C91-968F-77A00F33EF35");
	assert_has_line(p, "f.json: intervention_catalog: unknown field");
	assert_has_line(p, "f.json: delivery_regions[0]: \"Atlantis\" is not a probation region (A to L or its name)");
	free(p);
}

static void test_min_above_max(void **state)
{
	char *doc = fix_doc("X", "SI", "[]", ", \"personal_eligibility\": {\"min_age\": 30, \"max_age\": \"25\"}");
	char *p = problems_of(doc);

	(void)state;
	assert_string_equal(p, "f.json: personal_eligibility.max_age: 25 is below min_age 30\n");
	free(p);
	free(doc);
}

static void test_duplicate_keys_and_syntax(void **state)
{
	char *p;

	(void)state;
	p = problems_of("{\"uuid\": null, \"uuid\": null}");
	assert_true(!strncmp(p, "f.json: json: duplicate object key", 34));
	free(p);
	p = problems_of("{\"intervention_catalogue\": {\"name\": \"X\",}}");
	assert_true(!strncmp(p, "f.json: json: ", 14));
	assert_non_null(strstr(p, "line 1"));
	free(p);
}

/* Text from a hostile file never reaches the terminal raw. */
static void test_hostile_values_are_cleaned_in_problems(void **state)
{
	char *p;

	(void)state;
	p = problems_of("{\"intervention_catalogue\": {\"name\": \"X\", \"int_type\": \"\\u001b[2J\\u001b]0;pwned\\u0007AcP\"}}");
	assert_null(strchr(p, '\033'));
	assert_null(strchr(p, '\007'));
	assert_non_null(strstr(p, "f.json: intervention_catalogue.int_type: \""));
	free(p);
	p = problems_of("{\"intervention_catalogue\": {\"name\": \"X\", \"int_type\": \"SI\"},"
			" \"\\u001b[31mevil\": 1}");
	assert_null(strchr(p, '\033'));
	assert_has_line(p, "f.json: evil: unknown field");
	free(p);
	/* NUL inside a text is refused */
	p = problems_of("{\"intervention_catalogue\": {\"name\": \"a\\u0000b\", \"int_type\": \"SI\"}}");
	assert_true(!strncmp(p, "f.json: json: ", 14) || strstr(p, "NUL"));
	free(p);
}

static void test_regions_extension(void **state)
{
	char *doc = fix_doc("GM", "CRS", "[\"COMMUNITY\"]", ", \"delivery_regions\": [\"L\", \"Wales\"]");
	struct cat_def d;

	(void)state;
	fix_parse(doc, &d);
	assert_int_equal(d.regions, CAT_REGION_BIT(CAT_REGION_L) | CAT_REGION_BIT(CAT_REGION_D));
	cat_def_release(&d);
	free(doc);
}

static void test_guides_become_rules(void **state)
{
	char *doc = fix_doc("Help", "SI", "[\"COMMUNITY\"]",
			    ", \"risk_consideration\": {\"cn_score_guide\": \"NA\","
			    " \"sara_partner_score_guide\": \"Low risk on SARA\","
			    " \"ogrs_score_guide\": \"If OVP not available, then OGRS3: score 25+\","
			    " \"ovp_guide\": \"OVP: score 20+\", \"pna_guide\": null}");
	struct cat_def d;

	(void)state;
	fix_parse(doc, &d);
	assert_int_equal(d.n_risk_guides, 4); /* the non-empty ones, pna_guide null */
	assert_string_equal(d.risk_guides[0].name, "cn_score_guide");
	assert_int_equal(d.n_risk_rules, 3);
	assert_int_equal(d.risk_rules[0].predictor, CAT_PREDICTOR_SARA);
	assert_int_equal(d.risk_rules[1].predictor, CAT_PREDICTOR_OGRS3);
	assert_int_equal(d.risk_rules[1].only_if_missing, CAT_PREDICTOR_OVP);
	assert_int_equal(d.risk_rules[2].predictor, CAT_PREDICTOR_OVP);
	cat_def_release(&d);
	free(doc);
}

struct risk_case {
	const char *field, *text;
	size_t n;
	enum cat_predictor p0;
	unsigned levels0;
	double min0, max0;
	enum cat_predictor if0;
	enum cat_predictor p1;
	unsigned levels1;
	double min1;
};

#define L(x) CAT_LEVEL_BIT(CAT_LEVEL_##x)
#define U CAT_UNKNOWN
#define P(x) CAT_PREDICTOR_##x

static void test_risk_guides(void **state)
{
	static const struct risk_case cases[] = {
		{"ovp_guide", "High OVP (OASys Violence Predictor)", 1, P(OVP), L(HIGH), U, U, P(NONE), 0, 0, U},
		{"ogrs_score_guide", "High OGRS (Offender Group Reconviction Scale)", 1, P(OGRS3), L(HIGH), U, U, P(NONE), 0, 0, U},
		{"osp_score_guide", "High or very high OSP (OASys Sexual Reconviction Predictor)", 1, P(OSP), L(HIGH) | L(VERY_HIGH), U, U, P(NONE), 0, 0, U},
		{"osp_score_guide", "Medium, high or very high OSP (OASys Sexual Reconviction Predictor)", 1, P(OSP), L(MEDIUM) | L(HIGH) | L(VERY_HIGH), U, U, P(NONE), 0, 0, U},
		{"sara_partner_score_guide", "High SARA (Spousal Assault Risk Assessment) against partners", 1, P(SARA_PARTNER), L(HIGH), U, U, P(NONE), 0, 0, U},
		{"sara_other_score_guide", "Medium or high SARA (Spousal Assault Risk Assessment)", 1, P(SARA), L(MEDIUM) | L(HIGH), U, U, P(NONE), 0, 0, U},
		{"sara_partner_score_guide", "Low risk on SARA", 1, P(SARA), L(LOW), U, U, P(NONE), 0, 0, U},
		{"ogrs_score_guide", "50+ OGRS3 (Offender Group Reconviction Scale 3) over 2 years", 1, P(OGRS3), 0, 50, U, P(NONE), 0, 0, U},
		{"ogrs_score_guide", "OGRS3 (over 2 years):\nscore 25+", 1, P(OGRS3), 0, 25, U, P(NONE), 0, 0, U},
		{"ogrs_score_guide", "If OVP not available, then OGRS3 (over 2 years):\nscore 25+", 1, P(OGRS3), 0, 25, U, P(OVP), 0, 0, U},
		{"ovp_guide", "OVP (over 2 years): score 20+", 1, P(OVP), 0, 20, U, P(NONE), 0, 0, U},
		{"ogrs_score_guide", "Medium (35 to 75%) OGRS (Offender Group Reconviction Scale)", 1, P(OGRS3), 0, 35, 75, P(NONE), 0, 0, U},
		{"rosh_level", "Medium or high ROSH (Risk of Serious Harm) 50+ OGRS (Offender Group Reconviction Scale)", 2, P(OGRS3), 0, 50, U, P(NONE), P(ROSH), L(MEDIUM) | L(HIGH), U},
		{"osp_score_guide", "Low, but if Medium+, then non-suitability for Accredited Programme route applies.", 1, P(OSP), L(LOW), U, U, P(NONE), 0, 0, U},
		{"sara_partner_score_guide", "< Medium for SI OR if Medium = BBR unless insufficient time or other ineligibility reason", 1, P(SARA), L(LOW), U, U, P(NONE), 0, 0, U},
		/* nothing to check: the guide stays text */
		{"ovp_guide", "OVP (OASys Violence Predictor)", 0, P(NONE), 0, U, U, P(NONE), 0, 0, U},
		{"osp_dc_icc_combination_guide", "OSP-DC or OSP-IIC (OASys Sexual Reconviction Predictor \xe2\x80\x93 Contact or Indecent Imagery)", 0, P(NONE), 0, U, U, P(NONE), 0, 0, U},
		{"ovp_guide", "OVP\xe2\x80\xa6", 0, P(NONE), 0, U, U, P(NONE), 0, 0, U},
		{"pna_guide", "22+ ERG (Extremism Risk Guidance) and an assessment", 0, P(NONE), 0, U, U, P(NONE), 0, 0, U},
		{"cn_score_guide", "total score of 5+  OASys items", 0, P(NONE), 0, U, U, P(NONE), 0, 0, U},
		{"sara_other_score_guide", "SARA (Spousal Assault Risk Assessment)", 0, P(NONE), 0, U, U, P(NONE), 0, 0, U},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct risk_case *c = &cases[i];
		struct cat_risk_rule r[4];
		size_t n = cat_risk_parse(c->field, c->text, r, 4);

		if (n != c->n)
			fail_msg("%s: %zu rules, want %zu", c->text, n, c->n);
		if (!n)
			continue;
		assert_int_equal(r[0].predictor, c->p0);
		assert_int_equal(r[0].levels, c->levels0);
		assert_true(r[0].min_score == c->min0);
		assert_true(r[0].max_score == c->max0);
		assert_int_equal(r[0].only_if_missing, c->if0);
		assert_ptr_equal(r[0].guide, c->text);
		if (n > 1) {
			assert_int_equal(r[1].predictor, c->p1);
			assert_int_equal(r[1].levels, c->levels1);
			assert_true(r[1].min_score == c->min1);
		}
	}
	assert_int_equal(cat_risk_parse(NULL, "High OVP", NULL, 0), 0);
	assert_int_equal(cat_risk_parse("ovp_guide", NULL, NULL, 4), 0);
	{
		/* found by fuzz_catalogue: a "but" clause cut the text before the
		 * "not available" the rule starts after; it read past the text */
		struct cat_risk_rule rr[4];

		assert_int_equal(cat_risk_parse("ogrs_score_guide",
						"If OVP high but medium not available", rr, 4),
				 0);
	}
}

static void test_sessions_and_hours(void **state)
{
	static const struct {
		const char *text;
		int min, max;
	} cases[] = {
		{"5 x one-to-one sessions and 25 x group sessions", 30, 30},
		{"1 x pre-group session \n 12 x group sessions \n 2 x one-to-one sessions", 15, 15},
		{"6 x One-to-one sessions 21 x Group Sessions", 27, 27},
		{"68 core curriculum sessions with 11 supported learning sessions (one to one or small group)", 79, 79},
		{"Group and one-to-one in person. 85 group sessions + 7 individual sessions. Alternatively, sessions can be excl\xe2\x80\xa6", 92, 92},
		{"Group and one-to-one, in person, and one-to-one only. 32 to 34 group sessions + 4 individual sessions, or 15+ \xe2\x80\xa6", 36, 38},
		{"10 to 32 sessions", 10, 32},
		{"There are 5 to 6 weekly sessions.", 5, 6},
		{"Minimum of 5 x group sessions (depends on group size and the needs of each individual)", 5, CAT_UNKNOWN},
		{"There are 9 possible 'maps' to complete. At least 1 must be completed. ", CAT_UNKNOWN, CAT_UNKNOWN},
		{"Parts 2 to 5 of this 6-part toolkit are optional. Parts 1 and 6 need to be completed.", CAT_UNKNOWN, CAT_UNKNOWN},
		{"The type, number and length of sessions can vary, depending on the location and service provider. ", CAT_UNKNOWN, CAT_UNKNOWN},
		{"", CAT_UNKNOWN, CAT_UNKNOWN},
		{NULL, CAT_UNKNOWN, CAT_UNKNOWN},
	};
	size_t i;
	int lo, hi;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cat_parse_sessions(cases[i].text, &lo, &hi);
		if (lo != cases[i].min || hi != cases[i].max)
			fail_msg("\"%s\": %d..%d, want %d..%d", cases[i].text ? cases[i].text : "(null)",
				 lo, hi, cases[i].min, cases[i].max);
	}
	assert_true(cat_parse_hours("Flexible delivery with up to 23 sessions plus pre-programme session and "
				    "programme review. Around 25 hours (at least 3 months).") == 25);
	assert_true(cat_parse_hours("At least 6 months") == CAT_UNKNOWN);
	assert_true(cat_parse_hours("2.5 hours a week") == 2.5);
	assert_true(cat_parse_hours(NULL) == CAT_UNKNOWN);
}

static void test_names(void **state)
{
	(void)state;
	assert_int_equal(cat_need_parse("Drug Misuse"), CAT_NEED_DRUGS);
	assert_int_equal(cat_need_parse("Drug Use"), CAT_NEED_DRUGS);
	assert_int_equal(cat_need_parse("Employment and Education"), CAT_NEED_ETE);
	assert_int_equal(cat_need_parse("Relatives and Family"), CAT_NEED_RELATIONSHIPS);
	assert_int_equal(cat_need_parse("Health and Wellbeing"), CAT_NEED_EMOTIONAL);
	assert_int_equal(cat_need_parse("Astrology"), CAT_NEED_OTHER);
	assert_int_equal(cat_need_parse(NULL), CAT_NEED_OTHER);
	assert_int_equal(cat_offence_parse("Sexual"), CAT_OFFENCE_SEXUAL);
	assert_int_equal(cat_offence_parse("IPV"), CAT_OFFENCE_IPV);
	assert_int_equal(cat_offence_parse("General Violence (GV)"), CAT_OFFENCE_GENERAL_VIOLENCE);
	assert_int_equal(cat_offence_parse("Violence (non DV) [MALES ONLY]"), CAT_OFFENCE_GENERAL_VIOLENCE);
	assert_int_equal(cat_offence_parse("Domestic abuse"), CAT_OFFENCE_DOMESTIC_ABUSE);
	assert_int_equal(cat_offence_parse("Terrorism Act Cast"), CAT_OFFENCE_EXTREMISM);
	assert_int_equal(cat_offence_parse("Gang or Organised Crime-Related offence"), CAT_OFFENCE_GANG);
	assert_int_equal(cat_offence_parse("Motoring"), CAT_OFFENCE_DRIVING);
	assert_int_equal(cat_offence_parse("Non-internet Sexual"), CAT_OFFENCE_UNKNOWN);
	assert_int_equal(cat_offence_parse("All offences"), CAT_OFFENCE_ANY);
	assert_int_equal(cat_offence_parse("Other"), CAT_OFFENCE_UNKNOWN);
	assert_int_equal(cat_audience_parse("Sexual offence"), CAT_OFFENCE_SEXUAL);
	assert_int_equal(cat_audience_parse("General offence"), CAT_OFFENCE_ANY);
	assert_int_equal(cat_audience_parse("Legacy Course"), CAT_OFFENCE_ANY);
	assert_int_equal(cat_audience_parse("Gang-related offence"), CAT_OFFENCE_GANG);
	assert_int_equal(cat_region_parse("wales"), CAT_REGION_D);
	assert_int_equal(cat_region_parse("L"), CAT_REGION_L);
	assert_int_equal(cat_region_parse(""), -1);
	assert_int_equal(cat_region_parse(NULL), -1);
	assert_string_equal(cat_region_name(CAT_REGION_D), "Wales");
	assert_string_equal(cat_region_name((enum cat_region)99), "?");
	assert_int_equal(cat_setting_parse("Pre-release"), CAT_SETTING_PRE_RELEASE);
	assert_int_equal(cat_level_parse("VERY_HIGH"), CAT_LEVEL_VERY_HIGH);
	assert_int_equal(cat_intensity_parse("HIGH MODERATE"), CAT_INTENSITY_HIGH_MODERATE);
	assert_int_equal(cat_intensity_parse("LOW"), -1);
	assert_string_equal(cat_type_label(CAT_TYPE_SI), "Structured Interventions");
	assert_string_equal(cat_field_label("ovp_guide"), "OVP");
	assert_string_equal(cat_field_label("literacy_level"), "Literacy level");
	assert_string_equal(cat_field_label("made_up"), "made_up");
	assert_string_equal(cat_field_label(NULL), "");
}

static void test_fold(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"Zo\xc3\xab N\xc3\xad Bhriain's", "zoe ni bhriains"},
		{"One-to-one", "one to one"},
		{"  Let\xe2\x80\x99s   Talk!  ", "lets talk"},
		{"\xe2\x80\xa2\xc2\xa0item \xe2\x80\x93 two", "item two"},
		{"STRA\xc3\x9f" "E \xc3\x86sir", "strasse aesir"},
		{"\xc5\x81\xc3\xb3" "d\xc5\xba", "lodz"},
		{"\xe5\xba\x8a", "\xe5\xba\x8a"}, /* not Latin: kept */
		{"", ""},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct strbuf b = STRBUF_INIT;

		assert_int_equal(cat_fold(&b, cases[i].in), 0);
		assert_string_equal(b.buf, cases[i].out);
		sb_release(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null_and_empty_document),
		cmocka_unit_test(test_minimal_entry),
		cmocka_unit_test(test_type_spellings),
		cmocka_unit_test(test_ages),
		cmocka_unit_test(test_problems_name_field_and_problem),
		cmocka_unit_test(test_min_above_max),
		cmocka_unit_test(test_duplicate_keys_and_syntax),
		cmocka_unit_test(test_hostile_values_are_cleaned_in_problems),
		cmocka_unit_test(test_regions_extension),
		cmocka_unit_test(test_guides_become_rules),
		cmocka_unit_test(test_risk_guides),
		cmocka_unit_test(test_sessions_and_hours),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_fold),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
