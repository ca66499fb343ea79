/* test_lookup_prefill.c: pre-fill paths, the labelled text (sanitised) and the
 * normalised JSON of a look-up built from sample bodies.  No network. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "lookup/lookup.h"

static char *load(const char *name, size_t *len)
{
	struct strbuf sb = STRBUF_INIT, path = STRBUF_INIT;

	sb_addf(&path, "%s/%s", LOOKUP_DATA_DIR, name);
	if (sb_read_file(&sb, path.buf))
		fail_msg("cannot read %s", path.buf);
	sb_release(&path);
	return sb_detach(&sb, len);
}

static struct person_lookup *person(void)
{
	struct person_lookup *p = calloc(1, sizeof *p);
	size_t len;
	char *b;

	assert_non_null(p);
	memcpy(p->crn, "X320741", 8);
	b = load("details-x320741.json", &len);
	p->details = ndelius_case_parse(b, len, NULL);
	free(b);
	b = load("responsible-officer.json", &len);
	p->officer = responsible_officer_parse(b, len, NULL);
	free(b);
	b = load("conviction.json", &len);
	p->convictions = ndelius_convictions_parse(b, len, NULL);
	free(b);
	b = load("risks-x123456.json", &len);
	assert_int_equal(oasys_risks_parse(b, len, &p->risk_to_self, &p->rosh, NULL), 0);
	free(b);
	b = load("risk-management-plan.json", &len);
	p->rmp = oasys_rmp_parse(b, len, NULL);
	free(b);
	b = load("criminogenic-needs.json", &len);
	p->needs = oasys_needs_parse(b, len, NULL);
	free(b);
	b = load("risk-predictors.json", &len);
	p->predictors = oasys_predictors_parse(b, len, NULL);
	free(b);
	p->service[LOOKUP_NDELIUS].outcome = LOOKUP_OK;
	p->service[LOOKUP_OASYS].outcome = LOOKUP_OK;
	return p;
}

/* The pre-fill value at path, or NULL when missing (a static buffer). */
static const char *get(const struct person_lookup *p, const char *path)
{
	static struct strbuf sb = STRBUF_INIT;
	int rc;

	sb_reset(&sb);
	sb_adds(&sb, "<"); /* a miss must leave what was there */
	rc = lookup_prefill_get(p, path, &sb);
	assert_true(rc == 0 || rc == 1);
	if (rc == 1) {
		assert_string_equal(sb.buf, "<");
		return NULL;
	}
	return sb.buf + 1;
}

static void test_prefill_ndelius(void **state)
{
	struct person_lookup *p = person();

	(void)state;
	assert_string_equal(get(p, "ndelius.details.name.forename"), "Alex");
	assert_string_equal(get(p, "ndelius.details.forename"), "Alex");
	assert_string_equal(get(p, "ndelius.details.name.surname"), "River");
	assert_string_equal(get(p, "ndelius.details.name"), "Alex River");
	assert_string_equal(get(p, "ndelius.details.dateOfBirth"), "1980-01-01");
	assert_string_equal(get(p, "ndelius.details.gender"), "Male");
	assert_string_equal(get(p, "ndelius.details.profile.primaryLanguage"), "English");
	assert_string_equal(get(p, "ndelius.details.religion"), "Agnostic");
	assert_string_equal(get(p, "ndelius.details.disabilities"), "Autism");
	assert_string_equal(get(p, "ndelius.details.noFixedAbode"), "No");
	assert_string_equal(get(p, "ndelius.details.contactDetails.emailAddress"),
			    "alex.river@example.com");
	assert_string_equal(get(p, "ndelius.details.phone"), "0123456789");
	assert_null(get(p, "ndelius.details.address"));         /* none held */
	assert_null(get(p, "ndelius.details.interpreterRequired")); /* not said */
	assert_null(get(p, "ndelius.details.middleName"));
	assert_string_equal(get(p, "ndelius.responsible_officer.email"), "bobalice@example.com");
	assert_string_equal(get(p, "ndelius.responsibleOfficer.name"), "Bob Alice");
	assert_string_equal(get(p, "ndelius.responsible_officer.pdu"), "Hackney and City");
	assert_string_equal(get(p, "ndelius.responsible_officer.pdu.description"), "Hackney and City");
	assert_string_equal(get(p, "ndelius.responsible_officer.team"), "R and M team");
	assert_string_equal(get(p, "ndelius.responsible_officer.team.telephoneNumber"),
			    "044-2545453442");
	assert_string_equal(get(p, "ndelius.responsible_officer.teamPhone"), "044-2545453442");
	assert_string_equal(get(p, "NDELIUS.Responsible_Officer.PHONE"), "98454243243");
	assert_null(get(p, "ndelius.prison_manager.name"));
	assert_string_equal(get(p, "ndelius.convictions.count"), "1");
	assert_string_equal(get(p, "ndelius.convictions.0.sentence"),
			    "Absolute/Conditional Discharge");
	assert_string_equal(get(p, "ndelius.convictions.0.id"), "1");
	assert_null(get(p, "ndelius.convictions.1.sentence"));
	person_lookup_free(&p);
}

static void test_prefill_oasys(void **state)
{
	struct person_lookup *p = person();

	(void)state;
	assert_string_equal(get(p, "oasys.rosh.whoIsAtRisk"), "whoisAtRisk");
	assert_string_equal(get(p, "oasys.rosh.natureOfRisk"), "natureOfRisk");
	assert_string_equal(get(p, "oasys.rosh.riskToChildren"), "Low");
	assert_string_equal(get(p, "oasys.rosh.riskToStaff"), "High");
	assert_string_equal(get(p, "oasys.rosh.riskToStaffInCustody"), "Very high");
	assert_null(get(p, "oasys.rosh.riskToPrisoners"));
	assert_string_equal(get(p, "oasys.rosh.riskInCommunity"),
			    "High: Staff; Medium: Public; Low: Children, Known adult");
	assert_string_equal(get(p, "oasys.rosh.overall"), "High");
	assert_string_equal(get(p, "oasys.risk_to_self.suicide"),
			    "Suicide and/or Self-harm current concerns");
	assert_string_equal(get(p, "oasys.riskToSelf.suicide.current"), "YES");
	assert_null(get(p, "oasys.risk_to_self.self_harm"));
	assert_string_equal(get(p, "oasys.risk_to_self.vulnerability"),
			    "Vulnerability current concerns free text");
	assert_string_equal(get(p, "oasys.rmp.supervision"), "under supervision");
	assert_string_equal(get(p, "oasys.needs.THINKING_AND_BEHAVIOUR.score"), "7");
	assert_string_equal(get(p, "oasys.needs.thinkingAndBehaviour.identified"), "Yes");
	assert_string_equal(get(p, "oasys.needs.identified"),
			    "Education, training and employability, Relationships, "
			    "Lifestyle and associates, Alcohol misuse, Thinking and behaviour");
	assert_string_equal(get(p, "oasys.predictors.ogrs.twoYears"), "15");
	assert_string_equal(get(p, "oasys.predictors.ogrs"), "LOW");
	assert_string_equal(get(p, "oasys.predictors.rsr.percentage"), "1.46");
	assert_string_equal(get(p, "oasys.predictors.ospContact.level"), "MEDIUM");
	/* unknown or malformed paths */
	assert_null(get(p, "oasys.rosh"));
	assert_null(get(p, "oasys.rosh.whoIsAtRisk.more"));
	assert_null(get(p, "oasys..rosh"));
	assert_null(get(p, "oasys.rosh."));
	assert_null(get(p, "nope.rosh.whoIsAtRisk"));
	assert_null(get(p, ""));
	assert_null(get(p, "a.b.c.d.e.f.g.h.i.j"));
	person_lookup_free(&p);
}

static void test_prefill_missing_service(void **state)
{
	struct person_lookup *p = calloc(1, sizeof *p);

	(void)state;
	p->service[LOOKUP_OASYS].outcome = LOOKUP_UNAVAILABLE;
	assert_null(get(p, "oasys.rosh.whoIsAtRisk"));
	assert_null(get(p, "ndelius.details.name.forename"));
	assert_int_equal(lookup_prefill_get(NULL, "oasys.rosh.whoIsAtRisk", &(struct strbuf)STRBUF_INIT),
			 1);
	person_lookup_free(&p);
}

static void test_describe_is_sanitised(void **state)
{
	static const char hostile[] =
		"{\"crn\":\"X320741\",\"name\":{\"forename\":\"Eve\\u001b[2J\\u001b]0;pwned\\u0007\","
		"\"surname\":\"\\u202eLiar\"},\"gender\":\"F\\u009b31m\"}";
	struct person_lookup *p = person();
	struct strbuf out = STRBUF_INIT;
	size_t i;

	(void)state;
	ndelius_case_free(&p->details);
	p->details = ndelius_case_parse(hostile, strlen(hostile), NULL);
	assert_non_null(p->details);
	assert_non_null(strchr(p->details->forename, 0x1b)); /* kept as received */
	assert_int_equal(lookup_person_describe(p, &out), 0);
	for (i = 0; i < out.len; i++) {
		unsigned char ch = (unsigned char)out.buf[i];

		assert_true(ch >= 0x20 || ch == '\n');
		assert_true(ch != 0x7f);
	}
	assert_null(strstr(out.buf, "\xe2\x80\xae")); /* U+202E */
	assert_null(strstr(out.buf, "\xc2\x9b"));     /* U+009B */
	assert_non_null(strstr(out.buf, "Eve"));
	assert_non_null(strstr(out.buf, "Liar"));
	assert_non_null(strstr(out.buf, "Hackney and City"));
	assert_non_null(strstr(out.buf, "Who is at risk"));
	assert_non_null(strstr(out.buf, "High: Staff; Medium: Public"));
	assert_non_null(strstr(out.buf, "nDelius: found"));
	sb_release(&out);
	person_lookup_free(&p);
}

static void test_describe_says_what_is_missing(void **state)
{
	struct person_lookup *p = calloc(1, sizeof *p);
	struct strbuf out = STRBUF_INIT;

	(void)state;
	memcpy(p->crn, "X999999", 8);
	p->service[LOOKUP_NDELIUS].outcome = LOOKUP_NOT_FOUND;
	p->service[LOOKUP_OASYS].outcome = LOOKUP_UNAVAILABLE;
	p->service[LOOKUP_OASYS].reason = strdup("OASys did not answer within 5 s");
	p->service[LOOKUP_OASYS].since = time(NULL);
	assert_int_equal(lookup_person_describe(p, &out), 0);
	assert_non_null(strstr(out.buf, "No person with CRN X999999 in nDelius"));
	assert_non_null(strstr(out.buf, "OASys did not answer within 5 s"));
	assert_non_null(strstr(out.buf, "type these details by hand"));
	assert_int_equal(lookup_person_status(p), CT_NOT_FOUND);
	p->service[LOOKUP_NDELIUS].outcome = LOOKUP_OK;
	assert_int_equal(lookup_person_status(p), CT_UPSTREAM);
	p->service[LOOKUP_OASYS].outcome = LOOKUP_NOT_FOUND; /* no assessment: fine */
	assert_int_equal(lookup_person_status(p), CT_OK);
	sb_release(&out);
	person_lookup_free(&p);
}

static void test_json(void **state)
{
	struct person_lookup *p = person();
	char *text = lookup_person_json(p, true);
	json_t *doc;
	size_t i;

	(void)state;
	assert_non_null(text);
	for (i = 0; text[i]; i++)
		assert_true((unsigned char)text[i] < 0x80);
	doc = json_loads(text, 0, NULL);
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(doc, "crn")), "X320741");
	assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "ndelius"),
							      "status")),
			    "ok");
	assert_string_equal(
		json_string_value(json_object_get(
			json_object_get(json_object_get(json_object_get(doc, "ndelius"), "details"),
					"name"),
			"forename")),
		"Alex");
	assert_string_equal(json_string_value(json_object_get(
				    json_object_get(json_object_get(json_object_get(doc, "oasys"),
								    "rosh"),
						    "riskInCommunity"),
				    "staff")),
			    "HIGH");
	assert_true(json_is_null(json_object_get(
		json_object_get(json_object_get(doc, "ndelius"), "details"), "title")) == false);
	assert_true(json_is_null(json_object_get(json_object_get(doc, "ndelius"), "prisonManager")));
	json_decref(doc);
	free(text);
	person_lookup_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prefill_ndelius),
		cmocka_unit_test(test_prefill_oasys),
		cmocka_unit_test(test_prefill_missing_service),
		cmocka_unit_test(test_describe_is_sanitised),
		cmocka_unit_test(test_describe_says_what_is_missing),
		cmocka_unit_test(test_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
