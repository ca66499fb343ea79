/* test_lookup_parse.c: the nDelius and OASys parsers on the sample bodies and
 * on hostile ones (missing fields, wrong types, nulls, huge strings, invalid
 * UTF-8, deep nesting, empty bodies).  No network. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "lookup/lookup.h"
#include "util/sanitize.h"

#ifndef LOOKUP_DATA_DIR
#error "LOOKUP_DATA_DIR must be defined"
#endif

static char *load(const char *name, size_t *len)
{
	struct strbuf sb = STRBUF_INIT, path = STRBUF_INIT;

	sb_addf(&path, "%s/%s", LOOKUP_DATA_DIR, name);
	if (sb_read_file(&sb, path.buf))
		fail_msg("cannot read %s", path.buf);
	sb_release(&path);
	return sb_detach(&sb, len);
}

/* ---- nDelius ---- */

static void test_case_details_refer_and_monitor(void **state)
{
	size_t len;
	char *body = load("details-x320741.json", &len);
	struct ndelius_case *c = ndelius_case_parse(body, len, NULL);

	(void)state;
	assert_non_null(c);
	assert_string_equal(c->crn, "X320741");
	assert_string_equal(c->title, "Mr");
	assert_string_equal(c->forename, "Alex");
	assert_string_equal(c->surname, "River");
	assert_null(c->middle_name);
	assert_null(c->full_name);
	assert_string_equal(c->date_of_birth, "1980-01-01");
	assert_string_equal(c->sex, "Male");
	assert_string_equal(c->language, "English");
	assert_string_equal(c->ethnicity, "British");
	assert_string_equal(c->religion, "Agnostic");
	assert_int_equal(c->n_disabilities, 1);
	assert_string_equal(c->disabilities[0].type, "Autism");
	assert_string_equal(c->disabilities[0].start, "2024-01-01");
	assert_string_equal(c->disabilities[0].notes, "Some notes");
	assert_true(c->has_no_fixed_abode);
	assert_false(c->no_fixed_abode);
	assert_int_equal(c->n_addresses, 0);
	assert_string_equal(c->email, "alex.river@example.com");
	assert_string_equal(c->phone, "0123456789");
	assert_string_equal(c->mobile, "07123456789");
	assert_false(c->has_interpreter);
	ndelius_case_free(&c);
	assert_null(c);
	free(body);
}

static void test_case_details_person_summary_dialect(void **state)
{
	size_t len;
	char *body = load("person-x320741.json", &len);
	struct ndelius_case *c = ndelius_case_parse(body, len, NULL);

	(void)state;
	assert_non_null(c);
	assert_string_equal(c->full_name, "Aadland Bertrand");
	assert_null(c->forename);
	assert_string_equal(c->sex, "Male");
	assert_string_equal(c->gender_identity, "Prefer not to say");
	assert_string_equal(c->religion, ""); /* kept as received */
	assert_string_equal(c->date_of_birth, "1987-08-02");
	ndelius_case_free(&c);
	free(body);
}

static void test_case_details_full_address_and_interpreter(void **state)
{
	static const char body[] =
		"{\"crn\":\"X1\",\"name\":{\"forename\":\"Zo\\u00eb\",\"middleName\":\"N\\u00ed\","
		"\"surname\":\"Bhriain\"},\"genderIdentity\":\"Woman\",\"profile\":{\"requiresInterpreter\":true,"
		"\"primaryLanguage\":\"Irish\",\"provisions\":[{\"type\":{\"code\":\"HA\",\"description\":"
		"\"Hearing aid\"},\"notes\":\"loop\"}]},\"contactDetails\":{\"noFixedAbode\":false,"
		"\"mainAddress\":{\"buildingNumber\":\"7\",\"streetName\":\"High St\",\"town\":\"Leeds\","
		"\"postcode\":\"LS1 1AA\"},\"addresses\":[{\"town\":\"York\"},42]}}";
	struct ndelius_case *c = ndelius_case_parse(body, strlen(body), NULL);

	(void)state;
	assert_non_null(c);
	assert_string_equal(c->forename, "Zo\xc3\xab");
	assert_string_equal(c->middle_name, "N\xc3\xad");
	assert_string_equal(c->gender_identity, "Woman");
	assert_true(c->has_interpreter);
	assert_true(c->interpreter_required);
	assert_int_equal(c->n_adjustments, 1);
	assert_string_equal(c->adjustments[0].type, "Hearing aid");
	assert_int_equal(c->n_addresses, 2); /* main + York; the 42 is skipped */
	assert_true(c->addresses[0].main);
	assert_string_equal(c->addresses[0].postcode, "LS1 1AA");
	assert_false(c->addresses[1].main);
	assert_string_equal(c->addresses[1].town, "York");
	ndelius_case_free(&c);
}

static void test_responsible_officer(void **state)
{
	size_t len;
	char *body = load("responsible-officer.json", &len);
	struct responsible_officer *r = responsible_officer_parse(body, len, NULL);

	(void)state;
	assert_non_null(r);
	assert_true(r->has_community);
	assert_false(r->has_prison);
	assert_string_equal(r->community.forename, "Bob");
	assert_string_equal(r->community.surname, "Alice");
	assert_string_equal(r->community.email, "bobalice@example.com");
	assert_string_equal(r->community.phone, "98454243243");
	assert_string_equal(r->community.pdu, "Hackney and City");
	assert_string_equal(r->community.pdu_code, "97");
	assert_string_equal(r->community.team, "R and M team");
	assert_string_equal(r->community.team_phone, "044-2545453442");
	assert_string_equal(r->community.team_email, "r.m@digital.justice.gov.uk");
	assert_true(r->community.has_unallocated);
	assert_false(r->community.unallocated);
	responsible_officer_free(&r);
	free(body);
}

static void test_convictions_shapes(void **state)
{
	static const char list[] =
		"{\"caseDetail\":{},\"convictions\":[{\"id\":2500000001,\"date\":\"2020-01-02\","
		"\"active\":true,\"sentence\":{\"description\":\"ORA Community Order\","
		"\"expectedEndDate\":\"2026-01-01\",\"requirements\":[{\"id\":7,\"category\":"
		"\"Rehabilitation Activity Requirement (RAR)\",\"length\":20,\"lengthUnit\":\"Days\"}]},"
		"\"mainOffence\":{\"category\":\"Burglary\",\"subCategory\":\"Dwelling\"}},"
		"\"junk\",{\"id\":\"not a number\"}]}";
	size_t len;
	char *body = load("conviction.json", &len);
	struct ndelius_convictions *cv = ndelius_convictions_parse(body, len, NULL);

	(void)state;
	assert_non_null(cv);
	assert_int_equal(cv->n, 1);
	assert_true(cv->items[0].has_id);
	assert_int_equal(cv->items[0].id, 1);
	assert_string_equal(cv->items[0].sentence, "Absolute/Conditional Discharge");
	assert_string_equal(cv->items[0].sentence_end, "2025-09-15");
	assert_string_equal(cv->items[0].offence_category, "Assault on Police Officer");
	assert_false(cv->items[0].has_active);
	ndelius_convictions_free(&cv);
	free(body);

	cv = ndelius_convictions_parse(list, strlen(list), NULL);
	assert_non_null(cv);
	assert_int_equal(cv->n, 2);
	assert_int_equal(cv->items[0].id, 2500000001LL);
	assert_true(cv->items[0].active);
	assert_int_equal(cv->items[0].n_requirements, 1);
	assert_string_equal(cv->items[0].requirements[0].length, "20 Days");
	assert_false(cv->items[1].has_id);
	ndelius_convictions_free(&cv);
}

static void test_wiremock_sample_with_duplicate_keys(void **state)
{
	size_t len;
	char *body = load("refer-and-monitor-case-details-wiremock.json", &len), *inner;
	json_t *doc = json_loadb(body, len, 0, NULL);
	struct ndelius_convictions *cv;
	struct ndelius_case *c;

	(void)state;
	/* the mapping repeats "response": the last one holds the conviction */
	assert_non_null(doc);
	inner = json_dumps(json_object_get(json_object_get(doc, "response"), "jsonBody"), 0);
	assert_non_null(inner);
	cv = ndelius_convictions_parse(inner, strlen(inner), NULL);
	assert_non_null(cv);
	assert_int_equal(cv->n, 1);
	assert_int_equal(cv->items[0].id, 2600295124LL);
	assert_true(cv->items[0].active);
	c = ndelius_case_parse(inner, strlen(inner), NULL); /* reads caseDetail */
	assert_non_null(c);
	assert_string_equal(c->crn, "X000000");
	assert_true(c->no_fixed_abode);
	assert_int_equal(c->n_addresses, 1);
	assert_int_equal(c->n_disabilities, 1);
	assert_string_equal(c->disabilities[0].start, "2024-07-24"); /* startDate */
	ndelius_case_free(&c);
	ndelius_convictions_free(&cv);
	free(inner);
	json_decref(doc);
	/* the raw file (duplicate keys) still parses: the last pair wins */
	c = ndelius_case_parse(body, len, NULL);
	assert_non_null(c);
	ndelius_case_free(&c);
	free(body);
}

/* ---- OASys ---- */

static void test_risks_arn(void **state)
{
	size_t len;
	char *body = load("risks-x123456.json", &len);
	struct oasys_risk_to_self *r = NULL;
	struct oasys_rosh *rosh = NULL;

	(void)state;
	assert_int_equal(oasys_risks_parse(body, len, &r, &rosh, NULL), 0);
	assert_non_null(r);
	assert_string_equal(r->suicide.current, "YES");
	assert_string_equal(r->suicide.current_text, "Suicide and/or Self-harm current concerns");
	assert_string_equal(r->self_harm.risk, "DK");
	assert_null(r->self_harm.current_text);
	assert_string_equal(r->custody.previous_text,
			    "Coping in custody / hostel setting previous concerns");
	assert_string_equal(r->hostel_setting.current, "NO");
	assert_string_equal(r->vulnerability.current_text, "Vulnerability current concerns free text");
	assert_string_equal(r->assessed_on, "2024-12-19T16:57:25");
	assert_non_null(rosh);
	assert_string_equal(rosh->who_is_at_risk, "whoisAtRisk");
	assert_int_equal(rosh->community[ROSH_CHILDREN], ROSH_LOW);
	assert_int_equal(rosh->community[ROSH_KNOWN_ADULT], ROSH_LOW);
	assert_int_equal(rosh->community[ROSH_PUBLIC], ROSH_MEDIUM);
	assert_int_equal(rosh->community[ROSH_STAFF], ROSH_HIGH);
	assert_int_equal(rosh->community[ROSH_PRISONERS], ROSH_UNKNOWN);
	assert_int_equal(rosh->custody[ROSH_STAFF], ROSH_VERY_HIGH);
	assert_int_equal(rosh->custody[ROSH_PRISONERS], ROSH_HIGH);
	assert_int_equal(rosh->overall, ROSH_HIGH);
	assert_string_equal(rosh->assessed_on, "2024-12-19T16:57:25");
	oasys_risk_to_self_free(&r);
	oasys_rosh_free(&rosh);
	free(body);
}

static void test_rosh_summary_ords(void **state)
{
	size_t len;
	char *body = load("rosh-summary.json", &len);
	struct oasys_rosh *r = oasys_rosh_parse(body, len, NULL);

	(void)state;
	assert_non_null(r);
	assert_string_equal(r->who_is_at_risk, "whoisAtRisk");
	assert_string_equal(r->nature_of_risk, "natureOfRisk");
	assert_string_equal(r->risk_imminence, "riskImminence");
	assert_string_equal(r->risk_increase_factors, "riskIncreaseFactors");
	assert_string_equal(r->risk_mitigation_factors, "riskMitigationFactors");
	assert_string_equal(r->analysis_of_risk_factors, "analysisOfRiskFactors");
	assert_int_equal(r->community[ROSH_STAFF], ROSH_HIGH);
	assert_int_equal(r->community[ROSH_PUBLIC], ROSH_MEDIUM);
	assert_int_equal(r->community[ROSH_CHILDREN], ROSH_LOW);
	assert_int_equal(r->custody[ROSH_STAFF], ROSH_VERY_HIGH);
	assert_int_equal(r->custody[ROSH_PRISONERS], ROSH_HIGH);
	assert_int_equal(r->overall, ROSH_HIGH);
	assert_string_equal(r->assessed_on, "2024-12-19T16:57:25");
	oasys_rosh_free(&r);
	free(body);
}

static void test_rosh_summary_arn_and_odd_levels(void **state)
{
	static const char body[] =
		"{\"whoIsAtRisk\":\"W\",\"riskInCommunity\":{\"VERY_HIGH\":[\"Children\"],"
		"\"EXTREME\":[\"Public\"],\"LOW\":[\"Aliens\",7,null,\"known adult\"]},"
		"\"riskInCustody\":{\"Staff\":\"Very High\",\"Prisoners\":3},"
		"\"overallRiskLevel\":\"MEDIUM\",\"assessedOn\":\"2021-09-20T09:31:45.062Z\"}";
	struct oasys_rosh *r = oasys_rosh_parse(body, strlen(body), NULL);

	(void)state;
	assert_non_null(r);
	assert_int_equal(r->community[ROSH_CHILDREN], ROSH_VERY_HIGH);
	assert_int_equal(r->community[ROSH_PUBLIC], ROSH_UNKNOWN);
	assert_int_equal(r->community[ROSH_KNOWN_ADULT], ROSH_LOW);
	assert_int_equal(r->custody[ROSH_STAFF], ROSH_VERY_HIGH);
	assert_int_equal(r->custody[ROSH_PRISONERS], ROSH_UNKNOWN);
	assert_int_equal(r->overall, ROSH_MEDIUM); /* as OASys says, not recomputed */
	oasys_rosh_free(&r);
}

static void test_risk_to_the_individual_ords(void **state)
{
	size_t len;
	char *body = load("risk-to-the-individual.json", &len);
	struct oasys_risk_to_self *r = NULL;
	struct oasys_rosh *rosh = NULL;

	(void)state;
	assert_int_equal(oasys_risks_parse(body, len, &r, &rosh, NULL), 0);
	assert_null(rosh);
	assert_string_equal(r->suicide.current, "Yes");
	assert_string_equal(r->suicide.current_text, "High Risk of Suicide\r\nHigh Risk of Self-harm");
	assert_string_equal(r->self_harm.risk, "Yes");
	assert_string_equal(r->vulnerability.current_text, "Current Vulnerability");
	assert_string_equal(r->custody.previous_text, "Previous custody or hostel concerns");
	assert_string_equal(r->assessed_on, "2022-11-09T14:33:53"); /* initiationDate */
	oasys_risk_to_self_free(&r);
	free(body);
}

static void test_rmp_ords_and_arn(void **state)
{
	static const char arn[] =
		"{\"crn\":\"X1\",\"riskManagementPlan\":[{\"dateCompleted\":\"2022-01-01T00:00:00\","
		"\"supervision\":\"old\"},{\"dateCompleted\":\"2024-02-01T00:00:00\",\"supervision\":"
		"\"new\",\"keyInformationCurrentSituation\":\"key\",\"contingencyPlans\":false},"
		"{\"dateCompleted\":null,\"supervision\":\"undated\"}]}";
	size_t len;
	char *body = load("risk-management-plan.json", &len);
	struct oasys_rmp *r = oasys_rmp_parse(body, len, NULL);

	(void)state;
	assert_non_null(r);
	assert_string_equal(r->supervision, "under supervision");
	assert_string_equal(r->monitoring_and_control, "Monitored and Controlled by us");
	assert_string_equal(r->victim_safety_planning, "tagging and Alcohol monitoring");
	assert_string_equal(r->further_considerations, "Consider High Risk to Children");
	assert_string_equal(r->additional_comments, "Some additional comments");
	assert_true(strncmp(r->key_information, "Paul Grimes is currently", 24) == 0);
	oasys_rmp_free(&r);
	free(body);

	r = oasys_rmp_parse(arn, strlen(arn), NULL);
	assert_non_null(r);
	assert_string_equal(r->supervision, "new"); /* the latest plan */
	assert_string_equal(r->key_information, "key");
	assert_null(r->contingency_plans);          /* false is not text */
	assert_string_equal(r->assessed_on, "2024-02-01T00:00:00");
	oasys_rmp_free(&r);
}

static const struct oasys_need *need(const struct oasys_needs *n, const char *section)
{
	size_t i;

	for (i = 0; i < n->n; i++)
		if (n->items[i].section && !strcmp(n->items[i].section, section))
			return &n->items[i];
	return NULL;
}

static void test_needs_ords_and_arn(void **state)
{
	static const char arn[] =
		"{\"assessedOn\":\"2023-09-05T10:15:41\",\"identifiedNeeds\":[{\"section\":"
		"\"THINKING_AND_BEHAVIOUR\",\"name\":\"Thinking and behaviour\",\"riskOfHarm\":true,"
		"\"severity\":\"SEVERE\",\"needScore\":7}],\"notIdentifiedNeeds\":[{\"section\":"
		"\"ACCOMMODATION\",\"needScore\":0,\"identifiedAsNeed\":false}],\"unansweredNeeds\":"
		"[{\"section\":\"DRUG_MISUSE\"}],\"extra\":{}}";
	size_t len;
	char *body = load("criminogenic-needs.json", &len);
	struct oasys_needs *n = oasys_needs_parse(body, len, NULL);
	const struct oasys_need *x;

	(void)state;
	assert_non_null(n);
	assert_int_equal(n->n, 10);
	assert_string_equal(n->assessed_on, "2024-12-19T16:57:25");
	x = need(n, "THINKING_AND_BEHAVIOUR");
	assert_non_null(x);
	assert_int_equal(x->score, 7);
	assert_int_equal(x->threshold, 4);
	assert_true(x->identified);
	assert_true(x->risk_of_harm);
	x = need(n, "ACCOMMODATION");
	assert_int_equal(x->score, 0);
	assert_false(x->identified);
	x = need(n, "DRUG_MISUSE");
	assert_false(x->has_risk_of_harm); /* null */
	x = need(n, "FINANCIAL_MANAGEMENT_AND_INCOME");
	assert_false(x->has_score);
	assert_false(x->has_identified);
	oasys_needs_free(&n);
	free(body);

	n = oasys_needs_parse(arn, strlen(arn), NULL);
	assert_non_null(n);
	assert_int_equal(n->n, 3);
	x = need(n, "THINKING_AND_BEHAVIOUR");
	assert_true(x->has_identified && x->identified);
	assert_string_equal(x->severity, "SEVERE");
	x = need(n, "ACCOMMODATION");
	assert_true(x->has_identified && !x->identified);
	x = need(n, "DRUG_MISUSE");
	assert_false(x->has_identified);
	oasys_needs_free(&n);
}

static void test_predictors(void **state)
{
	static const char versioned[] =
		"[{\"completedDate\":\"2021-01-01T00:00:00\",\"outputVersion\":\"1\",\"output\":"
		"{\"groupReconvictionScore\":{\"twoYears\":10,\"scoreLevel\":\"LOW\"}}},"
		"{\"completedDate\":\"2023-06-01T00:00:00\",\"status\":\"COMPLETE\",\"outputVersion\":"
		"\"1\",\"output\":{\"groupReconvictionScore\":{\"oneYear\":30,\"twoYears\":51,"
		"\"scoreLevel\":\"HIGH\"},\"violencePredictorScore\":{\"twoYears\":\"12\",\"ovpRisk\":"
		"\"MEDIUM\"},\"riskOfSeriousRecidivismScore\":{\"percentageScore\":3.5}}},"
		"{\"completedDate\":\"2022-01-01T00:00:00\"}]";
	size_t len;
	char *body = load("risk-predictors.json", &len);
	struct oasys_predictors *p = oasys_predictors_parse(body, len, NULL);

	(void)state;
	assert_non_null(p);
	assert_true(p->ogrs.has_two_years);
	assert_true(p->ogrs.two_years == 15);
	assert_true(p->ogrs.one_year == 8);
	assert_string_equal(p->ogrs.level, "LOW");
	assert_string_equal(p->ovp.level, "MEDIUM");
	assert_true(p->rsr.has_percentage && p->rsr.percentage == 1.46);
	assert_true(p->osp_contact.percentage == 1.07);
	assert_string_equal(p->osp_contact.level, "MEDIUM");
	assert_true(p->osp_indecent.percentage == 0.11);
	assert_string_equal(p->osp_indecent.level, "LOW");
	assert_null(p->assessed_on);
	oasys_predictors_free(&p);
	free(body);

	p = oasys_predictors_parse(versioned, strlen(versioned), NULL);
	assert_non_null(p);
	assert_string_equal(p->assessed_on, "2023-06-01T00:00:00");
	assert_string_equal(p->status, "COMPLETE");
	assert_true(p->ogrs.two_years == 51);
	assert_string_equal(p->ogrs.level, "HIGH");
	assert_false(p->ovp.has_two_years); /* "12" is a string: missing */
	assert_string_equal(p->ovp.level, "MEDIUM");
	assert_true(p->rsr.percentage == 3.5);
	oasys_predictors_free(&p);
}

/* ---- hostile bodies ---- */

static void test_empty_and_not_json(void **state)
{
	static const char *const bodies[] = {"", "   ", "{", "{\"crn\":", "<html>oops</html>",
					     "{\"a\":1}garbage", "nul\x00l"};
	struct strbuf err = STRBUF_INIT;
	struct oasys_risk_to_self *r;
	struct oasys_rosh *rosh;
	size_t i;

	(void)state;
	assert_null(ndelius_case_parse(NULL, 0, &err));
	assert_non_null(strstr(err.buf, "empty"));
	for (i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		size_t len = i == 6 ? 5 : strlen(bodies[i]);

		sb_reset(&err);
		assert_null(ndelius_case_parse(bodies[i], len, &err));
		assert_true(err.len > 0);
		assert_null(responsible_officer_parse(bodies[i], len, NULL));
		assert_null(ndelius_convictions_parse(bodies[i], len, NULL));
		assert_null(oasys_rosh_parse(bodies[i], len, NULL));
		assert_int_equal(oasys_risks_parse(bodies[i], len, &r, &rosh, NULL), -1);
		assert_null(r);
		assert_null(oasys_rmp_parse(bodies[i], len, NULL));
		assert_null(oasys_needs_parse(bodies[i], len, NULL));
		assert_null(oasys_predictors_parse(bodies[i], len, NULL));
	}
	sb_release(&err);
}

static void test_wrong_top_level_kind(void **state)
{
	static const char *const bodies[] = {"[]", "\"x\"", "42", "null", "true"};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		size_t len = strlen(bodies[i]);

		assert_null(ndelius_case_parse(bodies[i], len, NULL));
		assert_null(responsible_officer_parse(bodies[i], len, NULL));
		assert_null(oasys_rosh_parse(bodies[i], len, NULL));
		assert_null(oasys_needs_parse(bodies[i], len, NULL));
	}
	/* lists are fine where a list is a real answer */
	{
		struct ndelius_convictions *cv = ndelius_convictions_parse("[]", 2, NULL);
		struct oasys_predictors *p = oasys_predictors_parse("[]", 2, NULL);

		assert_non_null(cv);
		assert_int_equal(cv->n, 0);
		assert_non_null(p);
		assert_null(p->ogrs.level);
		ndelius_convictions_free(&cv);
		oasys_predictors_free(&p);
	}
}

static void test_wrong_types_and_nulls(void **state)
{
	static const char details[] =
		"{\"crn\":7,\"title\":null,\"name\":42,\"dateOfBirth\":true,\"gender\":[\"M\"],"
		"\"profile\":\"x\",\"contactDetails\":[],\"disabilities\":{\"type\":\"x\"}}";
	static const char nulls[] =
		"{\"crn\":null,\"name\":{\"forename\":null,\"surname\":{}},\"profile\":{\"disabilities\":"
		"[null,{\"type\":null,\"start\":5}],\"requiresInterpreter\":\"yes\"},\"contactDetails\":"
		"{\"noFixedAbode\":\"false\",\"mainAddress\":null}}";
	static const char officer[] =
		"{\"communityManager\":{\"name\":\"Bob\",\"pdu\":[1],\"team\":{\"description\":9},"
		"\"unallocated\":0},\"prisonManager\":null}";
	static const char rosh[] = "{\"riskInCommunity\":[\"LOW\"],\"riskInCustody\":\"HIGH\","
				   "\"whoIsAtRisk\":{\"a\":1},\"overallRiskLevel\":5}";
	struct ndelius_case *c;
	struct responsible_officer *r;
	struct oasys_rosh *ro;
	int g;

	(void)state;
	c = ndelius_case_parse(details, strlen(details), NULL);
	assert_non_null(c);
	assert_null(c->crn);
	assert_null(c->title);
	assert_null(c->forename);
	assert_null(c->full_name);
	assert_null(c->date_of_birth);
	assert_null(c->sex);
	assert_null(c->language);
	assert_int_equal(c->n_disabilities, 0);
	assert_int_equal(c->n_addresses, 0);
	assert_false(c->has_no_fixed_abode);
	ndelius_case_free(&c);

	c = ndelius_case_parse(nulls, strlen(nulls), NULL);
	assert_non_null(c);
	assert_null(c->forename);
	assert_null(c->surname);
	assert_int_equal(c->n_disabilities, 1);
	assert_null(c->disabilities[0].type);
	assert_null(c->disabilities[0].start);
	assert_false(c->has_interpreter);
	assert_false(c->has_no_fixed_abode);
	assert_int_equal(c->n_addresses, 0);
	ndelius_case_free(&c);

	r = responsible_officer_parse(officer, strlen(officer), NULL);
	assert_non_null(r);
	assert_true(r->has_community);
	assert_false(r->has_prison);
	assert_null(r->community.forename);
	assert_null(r->community.pdu);
	assert_null(r->community.team);
	assert_false(r->community.has_unallocated);
	responsible_officer_free(&r);

	ro = oasys_rosh_parse(rosh, strlen(rosh), NULL);
	assert_non_null(ro);
	for (g = 0; g < ROSH_GROUP_COUNT; g++) {
		assert_int_equal(ro->community[g], ROSH_UNKNOWN);
		assert_int_equal(ro->custody[g], ROSH_UNKNOWN);
	}
	assert_null(ro->who_is_at_risk);
	assert_int_equal(ro->overall, ROSH_UNKNOWN);
	oasys_rosh_free(&ro);
}

static bool valid_utf8(const char *s)
{
	size_t n = strlen(s), i = 0, skip;
	unsigned cp;

	while (i < n) {
		size_t k = utf8_decode((const unsigned char *)s + i, n - i, &cp, &skip);

		if (!k)
			return false;
		i += k;
	}
	return true;
}

static void test_huge_strings_are_capped_on_a_character(void **state)
{
	struct strbuf body = STRBUF_INIT;
	struct ndelius_case *c;
	size_t i;

	(void)state;
	/* "a" then 400k two-byte characters: the cap lands inside one */
	sb_adds(&body, "{\"name\":{\"forename\":\"a");
	for (i = 0; i < 400000; i++)
		sb_adds(&body, "\xc3\xa9");
	sb_adds(&body, "\"},\"crn\":\"X320741\"}");
	c = ndelius_case_parse(body.buf, body.len, NULL);
	assert_non_null(c);
	assert_true(strlen(c->forename) <= LOOKUP_MAX_STRING);
	assert_true(strlen(c->forename) >= LOOKUP_MAX_STRING - 4);
	assert_true(valid_utf8(c->forename));
	assert_string_equal(c->crn, "X320741");
	ndelius_case_free(&c);
	sb_release(&body);
}

static void test_huge_arrays_are_capped(void **state)
{
	struct strbuf body = STRBUF_INIT;
	struct ndelius_case *c;
	size_t i;

	(void)state;
	sb_adds(&body, "{\"profile\":{\"disabilities\":[");
	for (i = 0; i < 20000; i++)
		sb_addf(&body, "%s{\"type\":\"D%zu\"}", i ? "," : "", i);
	sb_adds(&body, "]}}");
	c = ndelius_case_parse(body.buf, body.len, NULL);
	assert_non_null(c);
	assert_int_equal(c->n_disabilities, LOOKUP_MAX_ITEMS);
	assert_string_equal(c->disabilities[0].type, "D0");
	ndelius_case_free(&c);
	sb_release(&body);
}

static void test_bad_text_is_mended(void **state)
{
	static const char bad[] = "{\"crn\":\"X\xff\xfe" "1\",\"title\":\"\xc3\","
				  "\"gender\":\"\xc0\xaf\xed\xa0\x80\"}";
	static const char escapes[] = "{\"crn\":\"a\\ud800b\\udc00c\\ud83d\\ude00d\","
				      "\"title\":\"\x1b[2J\tT\"}";
	static const char broken[] = "{\"crn\":\"x\" \x01}";
	struct strbuf err = STRBUF_INIT;
	struct ndelius_case *c;

	(void)state;
	/* one bad byte in a free-text field must not cost the whole answer */
	c = ndelius_case_parse(bad, strlen(bad), &err);
	assert_non_null(c);
	assert_string_equal(c->crn, "X\xef\xbf\xbd\xef\xbf\xbd" "1");
	assert_string_equal(c->title, "\xef\xbf\xbd");
	assert_true(valid_utf8(c->sex));
	ndelius_case_free(&c);
	/* lone surrogates become U+FFFD, a proper pair stays; raw controls in
	 * strings are kept as the characters they are */
	c = ndelius_case_parse(escapes, strlen(escapes), &err);
	assert_non_null(c);
	assert_string_equal(c->crn, "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xf0\x9f\x98\x80" "d");
	assert_string_equal(c->title, "\x1b[2J\tT");
	ndelius_case_free(&c);
	/* a control character outside a string is still not JSON */
	assert_null(ndelius_case_parse(broken, strlen(broken), &err));
	assert_true(err.len > 0);
	sb_release(&err);
}

static void test_deep_nesting(void **state)
{
	struct strbuf body = STRBUF_INIT;
	struct oasys_rosh *r;
	size_t i;

	(void)state;
	for (i = 0; i < 100000; i++)
		sb_addc(&body, '[');
	assert_null(oasys_rosh_parse(body.buf, body.len, NULL));
	assert_null(oasys_predictors_parse(body.buf, body.len, NULL));
	sb_reset(&body);
	/* deep but legal nesting where a string is expected */
	sb_adds(&body, "{\"whoIsAtRisk\":");
	for (i = 0; i < 1000; i++)
		sb_adds(&body, "{\"a\":");
	sb_adds(&body, "1");
	for (i = 0; i < 1000; i++)
		sb_addc(&body, '}');
	sb_addc(&body, '}');
	r = oasys_rosh_parse(body.buf, body.len, NULL);
	if (r) {
		assert_null(r->who_is_at_risk);
		oasys_rosh_free(&r);
	}
	sb_release(&body);
}

static void test_nul_escapes_are_dropped(void **state)
{
	static const char body[] = "{\"crn\":\"X32\\u00000741\",\"title\":\"\\u0000\"}";
	struct ndelius_case *c = ndelius_case_parse(body, strlen(body), NULL);

	(void)state;
	assert_non_null(c);
	assert_string_equal(c->crn, "X320741");
	assert_string_equal(c->title, "");
	ndelius_case_free(&c);
}

static void test_free_null_is_harmless(void **state)
{
	struct ndelius_case *c = NULL;
	struct oasys_needs *n = NULL;
	struct person_lookup *p = NULL;

	(void)state;
	ndelius_case_free(&c);
	ndelius_case_free(NULL);
	oasys_needs_free(&n);
	person_lookup_free(&p);
	person_lookup_free(NULL);
}

static void test_crn_normalise(void **state)
{
	char out[8];

	(void)state;
	assert_true(lookup_crn_normalise("X320741", out));
	assert_string_equal(out, "X320741");
	assert_true(lookup_crn_normalise("  x320741 ", out));
	assert_string_equal(out, "X320741");
	assert_false(lookup_crn_normalise("X32074", out));
	assert_false(lookup_crn_normalise("X3207411", out));
	assert_false(lookup_crn_normalise("3320741", out));
	assert_false(lookup_crn_normalise("XX20741", out));
	assert_false(lookup_crn_normalise("X32/741", out));
	assert_false(lookup_crn_normalise("", out));
	assert_false(lookup_crn_normalise(NULL, out));
	assert_false(lookup_crn_normalise("\xc3\xa9" "320741", out));
}

static void test_rosh_levels_from_text(void **state)
{
	(void)state;
	assert_int_equal(rosh_level_from_text("VERY_HIGH"), ROSH_VERY_HIGH);
	assert_int_equal(rosh_level_from_text("Very High"), ROSH_VERY_HIGH);
	assert_int_equal(rosh_level_from_text("medium"), ROSH_MEDIUM);
	assert_int_equal(rosh_level_from_text("Low"), ROSH_LOW);
	assert_int_equal(rosh_level_from_text("NOT_APPLICABLE"), ROSH_UNKNOWN);
	assert_int_equal(rosh_level_from_text(""), ROSH_UNKNOWN);
	assert_int_equal(rosh_level_from_text(NULL), ROSH_UNKNOWN);
	assert_string_equal(rosh_level_label(ROSH_VERY_HIGH), "Very high");
	assert_string_equal(rosh_level_code(ROSH_VERY_HIGH), "VERY_HIGH");
	assert_string_equal(rosh_level_label(ROSH_UNKNOWN), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_case_details_refer_and_monitor),
		cmocka_unit_test(test_case_details_person_summary_dialect),
		cmocka_unit_test(test_case_details_full_address_and_interpreter),
		cmocka_unit_test(test_responsible_officer),
		cmocka_unit_test(test_convictions_shapes),
		cmocka_unit_test(test_wiremock_sample_with_duplicate_keys),
		cmocka_unit_test(test_risks_arn),
		cmocka_unit_test(test_rosh_summary_ords),
		cmocka_unit_test(test_rosh_summary_arn_and_odd_levels),
		cmocka_unit_test(test_risk_to_the_individual_ords),
		cmocka_unit_test(test_rmp_ords_and_arn),
		cmocka_unit_test(test_needs_ords_and_arn),
		cmocka_unit_test(test_predictors),
		cmocka_unit_test(test_empty_and_not_json),
		cmocka_unit_test(test_wrong_top_level_kind),
		cmocka_unit_test(test_wrong_types_and_nulls),
		cmocka_unit_test(test_huge_strings_are_capped_on_a_character),
		cmocka_unit_test(test_huge_arrays_are_capped),
		cmocka_unit_test(test_bad_text_is_mended),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_nul_escapes_are_dropped),
		cmocka_unit_test(test_free_null_is_harmless),
		cmocka_unit_test(test_crn_normalise),
		cmocka_unit_test(test_rosh_levels_from_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
