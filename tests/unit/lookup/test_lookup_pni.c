/* test_lookup_pni.c: the OASys PNI answers (GET /assessments/pni/{crn}) read
 * into what pni_evaluate() needs.  The oracle: for every person of
 * tests/fixtures/people, the pathway computed from the served bodies alone
 * must be the one gen_people.py wrote into index.json (pniPathway). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/pni.h"
#include "lookup/lookup.h"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct strbuf b = STRBUF_INIT;
	char buf[4096];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sb_add(&b, buf, n);
	fclose(f);
	return sb_detach(&b, len);
}

static char *person_file(const char *crn, const char *name, size_t *len)
{
	struct strbuf p = STRBUF_INIT;
	char *body;

	sb_addf(&p, "%s/%s/%s", PEOPLE_DIR, crn, name);
	body = slurp(p.buf, len);
	sb_release(&p);
	return body;
}

static void test_shared_sample(void **state)
{
	size_t len;
	char *body = slurp(SOURCE_DIR "/oasys/pni-response.json", &len);
	struct oasys_pni *p;

	(void)state;
	assert_non_null(body);
	p = oasys_pni_parse(body, len, NULL);
	assert_non_null(p);
	assert_int_equal(p->item[PNI_ITEM_SEXUAL_PREOCCUPATION], PNI_ANSWER_SIGNIFICANT);
	assert_int_equal(p->item[PNI_ITEM_OFFENCE_RELATED_SEXUAL_INTERESTS], PNI_ANSWER_SOME);
	assert_int_equal(p->item[PNI_ITEM_EMOTIONAL_CONGRUENCE], PNI_ANSWER_MISSING);
	assert_int_equal(p->item[PNI_ITEM_REL_CLOSE_FAMILY], PNI_ANSWER_NONE);
	assert_int_equal(p->item[PNI_ITEM_DIFFICULTIES_COPING], PNI_ANSWER_MISSING);
	assert_int_equal(p->sara_partner, PNI_SARA_LOW);
	assert_int_equal(p->sara_other, PNI_SARA_HIGH);
	assert_true(p->has_rsr);
	assert_true(p->rsr > 3.49 && p->rsr < 3.51);
	assert_int_equal(p->osp_dc, PNI_OSP_LOW);
	assert_int_equal(p->osp_iic, PNI_OSP_LOW);
	assert_string_equal(p->pathway, "H");
	assert_string_equal(p->ogrs3_risk, "HIGH");
	assert_true(p->has_assessment_id);
	assert_int_equal(p->assessment_id, 10082385);
	oasys_pni_free(&p);
	assert_null(p);
	free(body);
}

static void test_malformed(void **state)
{
	static const char *const bad[] = {"", "[", "42", "\"text\"", "[1,2]", "{\"a\":"};
	static const char odd[] =
	    "{\"pniCalculation\":{\"saraRiskLevel\":{\"toPartner\":\"x\",\"toOther\":null},"
	    "\"missingFields\":[1,\"a\"]},\"assessment\":{\"questions\":{\"impulsivity\":7,"
	    "\"temperControl\":\"2-Significant problems\"},\"rsrPercentage\":\"3\"}}";
	struct oasys_pni *p;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_null(oasys_pni_parse(bad[i], strlen(bad[i]), NULL));
	/* wrong types are missing values, never a crash */
	p = oasys_pni_parse(odd, strlen(odd), NULL);
	assert_non_null(p);
	assert_int_equal(p->item[PNI_ITEM_IMPULSIVITY], PNI_ANSWER_MISSING);
	assert_int_equal(p->item[PNI_ITEM_TEMPER_CONTROL], PNI_ANSWER_SIGNIFICANT);
	assert_int_equal(p->sara_partner, PNI_SARA_NOT_APPLICABLE);
	assert_int_equal(p->sara_other, PNI_SARA_MISSING);
	assert_false(p->has_rsr);
	assert_int_equal(p->n_missing_fields, 1);
	assert_string_equal(p->missing_fields[0], "a");
	oasys_pni_free(&p);
	/* nothing known: every input missing */
	{
		struct pni_input in;

		assert_false(lookup_pni_input(NULL, &in));
	}
}

/* The pathway from the served bodies equals index.json's for all 36. */
static void test_people_oracle(void **state)
{
	json_error_t jerr;
	json_t *index = json_load_file(PEOPLE_DIR "/index.json", 0, &jerr), *e;
	size_t i, checked = 0, without = 0;

	(void)state;
	assert_non_null(index);
	json_array_foreach(index, i, e)
	{
		const char *crn = json_string_value(json_object_get(e, "crn"));
		const json_t *want = json_object_get(e, "pniPathway");
		struct person_lookup *p = calloc(1, sizeof *p);
		struct pni_input in;
		struct pni_result r;
		size_t len;
		char *b;

		assert_non_null(p);
		if ((b = person_file(crn, "ndelius-details.json", &len)))
			p->details = ndelius_case_parse(b, len, NULL);
		free(b);
		if ((b = person_file(crn, "oasys-predictors.json", &len)))
			p->predictors = oasys_predictors_parse(b, len, NULL);
		free(b);
		if ((b = person_file(crn, "oasys-pni.json", &len))) {
			p->pni = oasys_pni_parse(b, len, NULL);
			assert_non_null(p->pni);
		}
		free(b);
		assert_non_null(p->details);
		if (json_is_null(want)) {
			assert_null(p->pni);
			assert_false(lookup_pni_input(p, &in));
			without++;
		} else {
			assert_true(lookup_pni_input(p, &in));
			assert_int_equal(pni_evaluate(&in, &r), CT_OK);
			if (strcmp(pni_pathway_name(r.pathway), json_string_value(want)))
				fail_msg("%s: pathway %s, index.json says %s", crn,
					 pni_pathway_name(r.pathway), json_string_value(want));
			pni_result_release(&r);
			checked++;
		}
		person_lookup_free(&p);
	}
	assert_true(checked >= 30);
	assert_true(without >= 1);
	json_decref(index);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_shared_sample),
	    cmocka_unit_test(test_malformed),
	    cmocka_unit_test(test_people_oracle),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
