/* test_catalogue_eligibility.c: every eligibility rule, its boundaries and
 * the exact words of each reason. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "catfix.h"

/* Builds a one-entry catalogue from the settings and extra fields. */
static struct catalogue *one(const char *type, const char *settings, const char *rest)
{
	char *doc = fix_doc("Entry", type, settings, rest);
	const char *docs[1] = {doc};
	struct catalogue *cat = fix_build(docs, 1);

	free(doc);
	return cat;
}

/* Evaluates entry 0 and compares the verdict and every reason's words. */
static void expect(const struct catalogue *cat, const struct cat_person *p, enum cat_verdict verdict,
		   const char *reasons)
{
	struct cat_elig e;
	char *got = fix_reasons(cat, 0, p, &e);

	if (e.verdict != verdict || strcmp(got, reasons))
		fail_msg("got %s:\n%s\nwant %s:\n%s", cat_verdict_label((enum cat_verdict)e.verdict), got,
			 cat_verdict_label(verdict), reasons);
	free(got);
}

static struct cat_person nobody(void)
{
	struct cat_person p;

	memset(&p, 0, sizeof p);
	return p;
}

static struct cat_person aged(int age)
{
	struct cat_person p = nobody();

	p.age_known = true;
	p.age = age;
	return p;
}

static void test_no_rules_is_eligible(void **state)
{
	struct catalogue *cat = one("CRS", "[]", "");
	struct cat_person p = nobody();

	(void)state;
	expect(cat, &p, CAT_ELIGIBLE, "");
	cat_free(&cat);
}

static void test_age(void **state)
{
	struct catalogue *cat = one("SI", "[]", ", \"personal_eligibility\": {\"min_age\": 25, \"max_age\": \"30\"}");
	struct cat_person p;

	(void)state;
	p = aged(19);
	expect(cat, &p, CAT_NOT_ELIGIBLE, "Age 19 is below the minimum of 25");
	p = aged(24);
	expect(cat, &p, CAT_NOT_ELIGIBLE, "Age 24 is below the minimum of 25");
	p = aged(25);
	expect(cat, &p, CAT_ELIGIBLE, "");
	p = aged(30);
	expect(cat, &p, CAT_ELIGIBLE, "");
	p = aged(31);
	expect(cat, &p, CAT_NOT_ELIGIBLE, "Age 31 is above the maximum of 30");
	p = nobody();
	expect(cat, &p, CAT_CHECK, "Check: age is not known (ages 25 to 30)");
	cat_free(&cat);

	cat = one("SI", "[]", ", \"personal_eligibility\": {\"min_age\": \"18\"}");
	p = aged(17);
	expect(cat, &p, CAT_NOT_ELIGIBLE, "Age 17 is below the minimum of 18");
	p = aged(18);
	expect(cat, &p, CAT_ELIGIBLE, "");
	p = aged(99);
	expect(cat, &p, CAT_ELIGIBLE, "");
	p = nobody();
	expect(cat, &p, CAT_CHECK, "Check: age is not known (ages 18 and over)");
	cat_free(&cat);

	cat = one("SI", "[]", ", \"personal_eligibility\": {\"max_age\": 25}");
	p = nobody();
	expect(cat, &p, CAT_CHECK, "Check: age is not known (ages up to 25)");
	cat_free(&cat);

	/* "Any" is no limit */
	cat = one("CRS", "[]", ", \"personal_eligibility\": {\"min_age\": \"Any\", \"max_age\": \"Any\"}");
	p = nobody();
	expect(cat, &p, CAT_ELIGIBLE, "");
	cat_free(&cat);
}

static void test_date_of_birth(void **state)
{
	struct cat_person p = nobody();

	(void)state;
	assert_int_equal(cat_person_set_dob(&p, 2000, 6, 15, 2025, 6, 14), 0);
	assert_true(p.age_known);
	assert_int_equal(p.age, 24);
	assert_int_equal(cat_person_set_dob(&p, 2000, 6, 15, 2025, 6, 15), 0);
	assert_int_equal(p.age, 25);
	assert_int_equal(cat_person_set_dob(&p, 2000, 2, 29, 2025, 2, 28), 0);
	assert_int_equal(p.age, 24);
	assert_int_equal(cat_person_set_dob(&p, 2000, 2, 29, 2025, 3, 1), 0);
	assert_int_equal(p.age, 25);
	p = nobody();
	assert_int_equal(cat_person_set_dob(&p, 2000, 2, 30, 2025, 3, 1), -1);
	assert_int_equal(cat_person_set_dob(&p, 2026, 1, 1, 2025, 3, 1), -1);
	assert_false(p.age_known);
}

static void test_sex(void **state)
{
	struct catalogue *women = one("CRS", "[]", ", \"personal_eligibility\": {\"males\": false, \"females\": true}");
	struct catalogue *men = one("CRS", "[]", ", \"personal_eligibility\": {\"males\": true, \"females\": false}");
	struct catalogue *both = one("CRS", "[]", ", \"personal_eligibility\": {\"males\": true, \"females\": true}");
	struct catalogue *unstated = one("CRS", "[]", ", \"personal_eligibility\": {\"males\": true}");
	struct catalogue *neither = one("CRS", "[]", ", \"personal_eligibility\": {\"males\": false, \"females\": false}");
	struct cat_person p = nobody();

	(void)state;
	p.sex = CAT_SEX_MALE;
	expect(women, &p, CAT_NOT_ELIGIBLE, "Only for women");
	expect(men, &p, CAT_ELIGIBLE, "");
	expect(both, &p, CAT_ELIGIBLE, "");
	expect(unstated, &p, CAT_ELIGIBLE, "");
	expect(neither, &p, CAT_NOT_ELIGIBLE, "Not open to men or women (the catalogue entry says neither)");
	p.sex = CAT_SEX_FEMALE;
	expect(women, &p, CAT_ELIGIBLE, "");
	expect(men, &p, CAT_NOT_ELIGIBLE, "Only for men");
	expect(unstated, &p, CAT_ELIGIBLE, ""); /* females not stated is not "no" */
	p.sex = CAT_SEX_UNKNOWN;
	expect(women, &p, CAT_CHECK, "Check: sex is not known (only for women)");
	expect(men, &p, CAT_CHECK, "Check: sex is not known (only for men)");
	expect(both, &p, CAT_ELIGIBLE, "");
	cat_free(&women);
	cat_free(&men);
	cat_free(&both);
	cat_free(&unstated);
	cat_free(&neither);
}

static void test_region(void **state)
{
	struct catalogue *cat = one("CRS", "[]", ", \"delivery_regions\": [\"Greater Manchester\"]");
	struct catalogue *two = one("CRS", "[]", ", \"delivery_regions\": [\"J\", \"K\"]");
	struct catalogue *national = one("CRS", "[]", "");
	struct cat_person p = nobody();

	(void)state;
	p.region = CAT_REGION_D;
	expect(cat, &p, CAT_NOT_ELIGIBLE, "Not delivered in Wales");
	expect(national, &p, CAT_ELIGIBLE, "");
	p.region = CAT_REGION_L;
	expect(cat, &p, CAT_ELIGIBLE, "");
	p.region = CAT_REGION_UNKNOWN;
	expect(cat, &p, CAT_CHECK, "Check: region is not known (only delivered in Greater Manchester)");
	expect(two, &p, CAT_CHECK,
	       "Check: region is not known (only delivered in London, Kent, Surrey and Sussex)");
	expect(national, &p, CAT_ELIGIBLE, "");
	cat_free(&cat);
	cat_free(&two);
	cat_free(&national);
}

static void test_custody_or_community(void **state)
{
	struct catalogue *custody = one("AcP", "[\"CUSTODY\"]", "");
	struct catalogue *community = one("SI", "[\"COMMUNITY\"]", "");
	struct catalogue *both = one("CRS", "[\"COMMUNITY\", \"CUSTODY\"]", "");
	struct catalogue *unstated = one("CRS", "[]", "");
	struct cat_person p = nobody();

	(void)state;
	p.place = CAT_PLACE_COMMUNITY;
	expect(custody, &p, CAT_NOT_ELIGIBLE, "Not delivered in the community");
	expect(community, &p, CAT_ELIGIBLE, "");
	expect(both, &p, CAT_ELIGIBLE, "");
	p.place = CAT_PLACE_CUSTODY;
	expect(community, &p, CAT_NOT_ELIGIBLE, "Not delivered in custody");
	expect(custody, &p, CAT_ELIGIBLE, "");
	expect(unstated, &p, CAT_ELIGIBLE, "");
	p.place = CAT_PLACE_UNKNOWN;
	expect(custody, &p, CAT_CHECK, "Check: custody or community is not known (only delivered in custody)");
	expect(community, &p, CAT_CHECK,
	       "Check: custody or community is not known (only delivered in the community)");
	expect(both, &p, CAT_ELIGIBLE, "");
	cat_free(&custody);
	cat_free(&community);
	cat_free(&both);
	cat_free(&unstated);
}

static void test_offence_types(void **state)
{
	struct catalogue *sexual = one("AcP", "[]", ", \"eligibility_offence\": [{\"offence_type_id\": \"Sexual\"}]");
	struct catalogue *two = one("SI", "[]", ", \"eligibility_offence\": [{\"offence_type_id\": \"IPV\"},"
				   " {\"offence_type_id\": \"Domestic Abuse\"}]");
	struct catalogue *mot = one("Toolkits", "[]", ", \"eligibility_offence\": [{\"offence_type_id\": \"Robbery\"},"
				   " {\"offence_type_id\": \"Other\"}]");
	struct catalogue *excl = one("AcP", "[]", ", \"exclude_offence\": [{\"offence_type_id\": \"Sexual\"},"
				    " {\"offence_type_id\": \"IPV\"}]");
	struct catalogue *any = one("AcP", "[]", ", \"eligibility_offence\": [{\"offence_type_id\": \"All offences\"}]");
	struct cat_person p = nobody();

	(void)state;
	p.offences_known = true;
	p.offences = 1u << CAT_OFFENCE_GENERAL_VIOLENCE;
	expect(sexual, &p, CAT_NOT_ELIGIBLE, "Needs a sexual offence conviction");
	expect(two, &p, CAT_NOT_ELIGIBLE,
	       "Needs a conviction for one of: intimate partner violence offence, domestic abuse offence");
	expect(mot, &p, CAT_CHECK, "Check: needs one of these offence types: Robbery, Other");
	expect(excl, &p, CAT_ELIGIBLE, "");
	expect(any, &p, CAT_ELIGIBLE, "");
	p.offences = (1u << CAT_OFFENCE_SEXUAL) | (1u << CAT_OFFENCE_GENERAL_VIOLENCE);
	expect(sexual, &p, CAT_ELIGIBLE, "");
	expect(excl, &p, CAT_NOT_ELIGIBLE, "Not for people convicted of a sexual offence");
	p.offences = (1u << CAT_OFFENCE_SEXUAL) | (1u << CAT_OFFENCE_IPV);
	expect(excl, &p, CAT_NOT_ELIGIBLE,
	       "Not for people convicted of a sexual offence or an intimate partner violence offence");
	expect(two, &p, CAT_ELIGIBLE, "");
	p.offences = 1u << CAT_OFFENCE_ROBBERY;
	expect(mot, &p, CAT_ELIGIBLE, "");
	p.offences_known = false;
	expect(sexual, &p, CAT_CHECK, "Check: offence type is not known (needs a sexual offence conviction)");
	expect(excl, &p, CAT_CHECK,
	       "Check: offence type is not known (not for people convicted of a sexual offence or an "
	       "intimate partner violence offence)");
	expect(mot, &p, CAT_CHECK, "Check: offence type is not known (needs a robbery offence conviction)");
	cat_free(&sexual);
	cat_free(&two);
	cat_free(&mot);
	cat_free(&excl);
	cat_free(&any);
}

/* The strand's audience is a rule too: Kaizen: sexual offence needs one. */
static void test_course_audience(void **state)
{
	char *doc = fix_doc("Kaizen: sexual offence", "AcP", "[]", "");
	struct cat_def d[2];
	struct catalogue *cat;
	struct cat_person p = nobody();

	(void)state;
	fix_parse(doc, &d[0]);
	fix_add_course(&d[0], "K-SO", "Sexual offence", CAT_INTENSITY_NONE, false);
	fix_parse(doc, &d[1]);
	fix_add_course(&d[1], "IM-EO", "Extremism offence", CAT_INTENSITY_NONE, true);
	fix_add_course(&d[1], "IM-GO", "Gang-related offence", CAT_INTENSITY_NONE, false);
	cat = fix_build_defs(d, 2);
	p.offences_known = true;
	p.offences = 1u << CAT_OFFENCE_IPV;
	expect(cat, &p, CAT_NOT_ELIGIBLE, "Needs a sexual offence conviction");
	{
		struct cat_elig e;
		char *got = fix_reasons(cat, 1, &p, &e);

		/* the withdrawn strand does not count */
		assert_string_equal(got, "Needs a gang or organised crime-related offence conviction");
		free(got);
		p.offences = 1u << CAT_OFFENCE_EXTREMISM;
		got = fix_reasons(cat, 1, &p, &e);
		assert_int_equal(e.verdict, CAT_NOT_ELIGIBLE);
		free(got);
	}
	assert_int_equal(cat_entry_facts(cat, 0)->offences_needed, 1u << CAT_OFFENCE_SEXUAL);
	cat_free(&cat);
	free(doc);
}

static struct catalogue *risk_entry(const char *guides)
{
	struct strbuf rest = STRBUF_INIT;
	struct catalogue *cat;

	sb_addf(&rest, ", \"risk_consideration\": {%s}", guides);
	cat = one("AcP", "[]", rest.buf);
	sb_release(&rest);
	return cat;
}

static void pct(struct pni_pct *s, double v)
{
	s->present = true;
	s->value = v;
}

static void test_risk_levels_and_boundaries(void **state)
{
	struct catalogue *cat = risk_entry("\"ovp_guide\": \"High OVP (OASys Violence Predictor)\"");
	struct cat_person p = nobody();

	(void)state;
	expect(cat, &p, CAT_CHECK, "Check: OASys risk scores are missing");
	pct(&p.ogrs3, 10);
	expect(cat, &p, CAT_CHECK, "Check: OVP score is missing (needs high)");
	pct(&p.ovp, 60);
	expect(cat, &p, CAT_ELIGIBLE, "Meets the risk criteria");
	pct(&p.ovp, 59.99);
	expect(cat, &p, CAT_NOT_ELIGIBLE, "OVP is medium (59.99%); needs high");
	pct(&p.ovp, 30);
	expect(cat, &p, CAT_NOT_ELIGIBLE, "OVP is medium (30%); needs high");
	pct(&p.ovp, 29.9);
	expect(cat, &p, CAT_NOT_ELIGIBLE, "OVP is low (29.9%); needs high");
	cat_free(&cat);

	cat = risk_entry("\"ogrs_score_guide\": \"50+ OGRS3 (Offender Group Reconviction Scale 3) over 2 years\"");
	p = nobody();
	pct(&p.ogrs3, 50);
	expect(cat, &p, CAT_ELIGIBLE, "Meets the risk criteria");
	pct(&p.ogrs3, 49.9);
	expect(cat, &p, CAT_NOT_ELIGIBLE, "OGRS3 is low (49.9%); needs 50% or more");
	pct(&p.ogrs3, 75);
	expect(cat, &p, CAT_ELIGIBLE, "Meets the risk criteria");
	cat_free(&cat);

	cat = risk_entry("\"ogrs_score_guide\": \"Medium (35 to 75%) OGRS (Offender Group Reconviction Scale)\"");
	p = nobody();
	pct(&p.ogrs3, 35);
	expect(cat, &p, CAT_ELIGIBLE, "Meets the risk criteria");
	pct(&p.ogrs3, 75);
	expect(cat, &p, CAT_ELIGIBLE, "Meets the risk criteria");
	pct(&p.ogrs3, 75.5);
	expect(cat, &p, CAT_NOT_ELIGIBLE, "OGRS3 is high (75.5%); needs 35% to 75%");
	pct(&p.ogrs3, 34);
	expect(cat, &p, CAT_NOT_ELIGIBLE, "OGRS3 is low (34%); needs 35% to 75%");
	cat_free(&cat);

	/* RSR by the PNI bands: 1.00 medium, 3.00 high */
	cat = risk_entry("\"rsr_guide\": \"Medium or high RSR\"");
	p = nobody();
	pct(&p.rsr, 0.99);
	expect(cat, &p, CAT_NOT_ELIGIBLE, "RSR is low (0.99%); needs medium or high");
	pct(&p.rsr, 1);
	expect(cat, &p, CAT_ELIGIBLE, "Meets the risk criteria");
	pct(&p.rsr, 3);
	expect(cat, &p, CAT_ELIGIBLE, "Meets the risk criteria");
	cat_free(&cat);
}

static void test_osp_sara_rosh(void **state)
{
	struct catalogue *osp = risk_entry("\"osp_score_guide\": \"High or very high OSP\"");
	struct catalogue *sara = risk_entry("\"sara_partner_score_guide\": \"High SARA against partners\"");
	struct catalogue *either = risk_entry("\"sara_other_score_guide\": \"Medium or high SARA\"");
	struct catalogue *rosh = risk_entry("\"rosh_level\": \"Medium or high ROSH (Risk of Serious Harm) 50+ OGRS\"");
	struct cat_person p = nobody();

	(void)state;
	p.osp_dc = PNI_OSP_LOW;
	p.osp_iic = PNI_OSP_VERY_HIGH;
	expect(osp, &p, CAT_ELIGIBLE, "Meets the risk criteria");
	p.osp_iic = PNI_OSP_MEDIUM;
	expect(osp, &p, CAT_NOT_ELIGIBLE, "OSP is medium; needs high or very high");
	p.osp_dc = PNI_OSP_NOT_APPLICABLE;
	p.osp_iic = PNI_OSP_NOT_APPLICABLE;
	expect(osp, &p, CAT_NOT_ELIGIBLE, "OSP is not applicable; needs high or very high");
	p.osp_iic = PNI_OSP_MISSING;
	expect(osp, &p, CAT_CHECK, "Check: OSP level is missing (needs high or very high)");

	p = nobody();
	p.sara_other = PNI_SARA_HIGH;
	p.sara_partner = PNI_SARA_MEDIUM;
	expect(sara, &p, CAT_NOT_ELIGIBLE, "SARA (partner) is medium; needs high");
	expect(either, &p, CAT_ELIGIBLE, "Meets the risk criteria");
	p.sara_partner = PNI_SARA_HIGH;
	expect(sara, &p, CAT_ELIGIBLE, "Meets the risk criteria");
	p = nobody();
	p.sara_partner = PNI_SARA_LOW;
	expect(either, &p, CAT_CHECK, "Check: SARA level is missing (needs medium or high)");
	p.sara_other = PNI_SARA_LOW;
	expect(either, &p, CAT_NOT_ELIGIBLE, "SARA is low; needs medium or high");

	/* two rules from one guide: both met, one met, none met */
	p = nobody();
	p.rosh = CAT_LEVEL_HIGH;
	pct(&p.ogrs3, 60);
	expect(rosh, &p, CAT_ELIGIBLE, "Meets the risk criteria");
	pct(&p.ogrs3, 20);
	expect(rosh, &p, CAT_CHECK, "Check: OGRS3 is low (20%); needs 50% or more");
	p.rosh = CAT_LEVEL_LOW;
	expect(rosh, &p, CAT_NOT_ELIGIBLE,
	       "OGRS3 is low (20%); needs 50% or more\nRoSH is low; needs medium or high");
	p.rosh = CAT_LEVEL_MISSING;
	expect(rosh, &p, CAT_CHECK,
	       "Check: OGRS3 is low (20%); needs 50% or more\nCheck: RoSH level is missing (needs medium or high)");
	cat_free(&osp);
	cat_free(&sara);
	cat_free(&either);
	cat_free(&rosh);
}

/* "If OVP not available, then OGRS3: score 25+" with "OVP: score 20+". */
static void test_fallback_score(void **state)
{
	struct catalogue *cat = risk_entry("\"ogrs_score_guide\": \"If OVP not available, then OGRS3: score 25+\","
					   " \"ovp_guide\": \"OVP: score 20+\"");
	struct cat_person p = nobody();

	(void)state;
	pct(&p.ovp, 25);
	pct(&p.ogrs3, 5);
	expect(cat, &p, CAT_ELIGIBLE, "Meets the risk criteria"); /* OVP decides */
	pct(&p.ovp, 19);
	expect(cat, &p, CAT_NOT_ELIGIBLE, "OVP is low (19%); needs 20% or more");
	/* OVP missing: OGRS3 stands in for it */
	p = nobody();
	pct(&p.ogrs3, 30);
	expect(cat, &p, CAT_ELIGIBLE, "Meets the risk criteria");
	pct(&p.ogrs3, 25);
	expect(cat, &p, CAT_ELIGIBLE, "Meets the risk criteria");
	pct(&p.ogrs3, 20);
	expect(cat, &p, CAT_NOT_ELIGIBLE, "OGRS3 is low (20%); needs 25% or more");
	p = nobody();
	expect(cat, &p, CAT_CHECK, "Check: OASys risk scores are missing");
	p.rosh = CAT_LEVEL_LOW;
	expect(cat, &p, CAT_CHECK, "Check: OGRS3 score is missing (needs 25% or more)");
	cat_free(&cat);
}

static void test_pni_fit(void **state)
{
	char *doc = fix_doc("Building Choices: high intensity", "AcP", "[]", "");
	struct cat_def d[3];
	struct catalogue *cat;
	struct pni_result pni;
	struct cat_person p = nobody();
	struct cat_elig e;
	char *got;

	(void)state;
	fix_parse(doc, &d[0]);
	fix_add_course(&d[0], "BCH-1", "Sexual offence", CAT_INTENSITY_HIGH, false);
	fix_add_course(&d[0], "BCH-2", "General offence", CAT_INTENSITY_HIGH, false);
	fix_parse(doc, &d[1]);
	fix_add_course(&d[1], "BCM-2", "General offence", CAT_INTENSITY_MODERATE, false);
	fix_parse(doc, &d[2]);
	fix_add_course(&d[2], "LNM-SO", "All offences", CAT_INTENSITY_HIGH_MODERATE, false);
	cat = fix_build_defs(d, 3);
	assert_int_equal(cat_entry_facts(cat, 0)->offences_needed, 0); /* a general strand too */

	expect(cat, &p, CAT_CHECK, "Check: PNI pathway is not known (high intensity programme)");
	memset(&pni, 0, sizeof pni);
	p.pni = &pni;
	pni.pathway = PNI_HIGH_INTENSITY_BC;
	expect(cat, &p, CAT_ELIGIBLE, "Fits the PNI pathway (high intensity)");
	cat_eligibility(cat, 0, &p, &e);
	assert_int_equal(e.pni_fit, CAT_PNI_FITS);
	got = fix_reasons(cat, 1, &p, &e);
	assert_string_equal(got, "Check: PNI recommends high intensity; this is a moderate intensity "
				 "programme (a referral needs a reason for override)");
	assert_int_equal(e.pni_fit, CAT_PNI_OTHER_INTENSITY);
	free(got);
	got = fix_reasons(cat, 2, &p, &e);
	assert_string_equal(got, "Fits the PNI pathway (high intensity)");
	free(got);
	pni.pathway = PNI_MODERATE_INTENSITY_BC;
	expect(cat, &p, CAT_CHECK, "Check: PNI recommends moderate intensity; this is a high intensity "
				   "programme (a referral needs a reason for override)");
	got = fix_reasons(cat, 2, &p, &e);
	assert_string_equal(got, "Fits the PNI pathway (moderate intensity)");
	free(got);
	pni.pathway = PNI_ALTERNATIVE_PATHWAY;
	expect(cat, &p, CAT_NOT_ELIGIBLE,
	       "PNI pathway is the alternative pathway: accredited programmes are not recommended");
	pni.pathway = PNI_MISSING_INFORMATION;
	expect(cat, &p, CAT_CHECK, "Check: PNI cannot be calculated \xe2\x80\x93 information missing");
	cat_eligibility(cat, 0, &p, &e);
	assert_int_equal(e.pni_fit, CAT_PNI_MISSING_INFO);
	cat_free(&cat);
	free(doc);
}

/* Every reason is given, worst first; needs met are a note. */
static void test_all_reasons_worst_first(void **state)
{
	struct catalogue *cat = one("SI", "[\"COMMUNITY\"]",
				   ", \"criminogenic_needs\": [\"Thinking and Behaviour\", \"Attitudes\"],"
				   " \"personal_eligibility\": {\"min_age\": \"18\", \"males\": false, \"females\": true},"
				   " \"delivery_regions\": [\"J\"],"
				   " \"risk_consideration\": {\"ovp_guide\": \"OVP: score 20+\"}");
	struct cat_person p = nobody();

	(void)state;
	p.needs_known = true;
	p.needs = (1u << CAT_NEED_ATTITUDES) | (1u << CAT_NEED_ACCOMMODATION);
	p.place = CAT_PLACE_CUSTODY;
	p.sex = CAT_SEX_MALE;
	p.region = CAT_REGION_D;
	expect(cat, &p, CAT_NOT_ELIGIBLE,
	       "Only for women\nNot delivered in Wales\nNot delivered in custody\n"
	       "Check: age is not known (ages 18 and over)\n"
	       "Check: OASys risk scores are missing\n"
	       "Addresses this person's needs: Attitudes");
	cat_free(&cat);
}

static void test_from_pni_input(void **state)
{
	struct pni_input in;
	struct cat_person p = nobody();

	(void)state;
	memset(&in, 0, sizeof in);
	in.sex = PNI_SEX_FEMALE;
	in.ovp.present = true;
	in.ovp.value = 42;
	in.osp_dc = PNI_OSP_HIGH;
	in.sara_partner = PNI_SARA_LOW;
	cat_person_from_pni_input(&p, &in);
	assert_int_equal(p.sex, CAT_SEX_FEMALE);
	assert_true(p.ovp.present);
	assert_true(p.ovp.value == 42);
	assert_false(p.ogrs3.present);
	assert_int_equal(p.osp_dc, PNI_OSP_HIGH);
	assert_int_equal(p.sara_partner, PNI_SARA_LOW);
	assert_false(p.age_known);
}

static void test_labels(void **state)
{
	(void)state;
	assert_string_equal(cat_verdict_label(CAT_ELIGIBLE), "Eligible");
	assert_string_equal(cat_verdict_label(CAT_CHECK), "Check");
	assert_string_equal(cat_verdict_label(CAT_NOT_ELIGIBLE), "Not eligible");
	assert_string_equal(cat_pni_fit_label(CAT_PNI_NOT_APPLICABLE), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_rules_is_eligible),
		cmocka_unit_test(test_age),
		cmocka_unit_test(test_date_of_birth),
		cmocka_unit_test(test_sex),
		cmocka_unit_test(test_region),
		cmocka_unit_test(test_custody_or_community),
		cmocka_unit_test(test_offence_types),
		cmocka_unit_test(test_course_audience),
		cmocka_unit_test(test_risk_levels_and_boundaries),
		cmocka_unit_test(test_osp_sara_rosh),
		cmocka_unit_test(test_fallback_score),
		cmocka_unit_test(test_pni_fit),
		cmocka_unit_test(test_all_reasons_worst_first),
		cmocka_unit_test(test_from_pni_input),
		cmocka_unit_test(test_labels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
