/* test_pni.c: the PNI rules of programmes_catalogue.md §2.2 at every threshold
 * edge, every missing-information case, and the fixture example. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "domain/domain.h"

/* A complete input: male, every item NONE, every predictor present and low,
 * OSP and SARA not applicable. */
static struct pni_input base(void)
{
	struct pni_input in;
	unsigned i;

	memset(&in, 0, sizeof(in));
	in.sex = PNI_SEX_MALE;
	for (i = 0; i < PNI_ITEM_COUNT; i++)
		in.item[i] = PNI_ANSWER_NONE;
	in.ogrs3 = (struct pni_pct){true, 10.0};
	in.ovp = (struct pni_pct){true, 10.0};
	in.rsr = (struct pni_pct){true, 0.5};
	in.osp_dc = PNI_OSP_NOT_APPLICABLE;
	in.osp_iic = PNI_OSP_NOT_APPLICABLE;
	in.sara_partner = PNI_SARA_NOT_APPLICABLE;
	in.sara_other = PNI_SARA_NOT_APPLICABLE;
	return in;
}

static enum pni_answer ans(int score)
{
	return score < 0 ? PNI_ANSWER_MISSING : (enum pni_answer)(PNI_ANSWER_NONE + score);
}

static struct pni_result eval(const struct pni_input *in)
{
	struct pni_result r;

	assert_int_equal(pni_evaluate(in, &r), CT_OK);
	return r;
}

static enum pni_risk risk_of(const struct pni_input *in)
{
	struct pni_result r = eval(in);
	enum pni_risk v = r.risk;

	pni_result_release(&r);
	return v;
}

static int domain_of(const struct pni_input *in, enum pni_domain d)
{
	struct pni_result r = eval(in);
	int v = r.domain_score[d];

	pni_result_release(&r);
	return v;
}

/* true when some reason contains text */
static bool has_reason(const struct pni_result *r, const char *text)
{
	size_t i;

	for (i = 0; i < r->reasons.n; i++)
		if (strstr(r->reasons.v[i], text))
			return true;
	return false;
}

static void assert_reason(const struct pni_result *r, const char *text)
{
	size_t i;

	if (has_reason(r, text))
		return;
	for (i = 0; i < r->reasons.n; i++)
		print_message("reason: %s\n", r->reasons.v[i]);
	fail_msg("no reason contains \"%s\"", text);
}

static unsigned count_blocking(const struct pni_result *r)
{
	unsigned i, n = 0;

	for (i = 0; i < PNI_INPUT_COUNT; i++)
		n += r->blocking[i];
	return n;
}

/* ---- needs domains ------------------------------------------------------ */

static int sex_domain(int a, int b, int c)
{
	struct pni_input in = base();

	in.item[PNI_ITEM_SEXUAL_PREOCCUPATION] = ans(a);
	in.item[PNI_ITEM_OFFENCE_RELATED_SEXUAL_INTERESTS] = ans(b);
	in.item[PNI_ITEM_EMOTIONAL_CONGRUENCE] = ans(c);
	return domain_of(&in, PNI_DOMAIN_SEX);
}

static void test_sex_domain_edges(void **state)
{
	(void)state;
	/* "0..1 -> 0; 2..3 -> 1; total in 4..6 OR offenceRelatedSexualInterests == 2 -> 2" */
	assert_int_equal(sex_domain(0, 0, 0), 0);
	assert_int_equal(sex_domain(1, 0, 0), 0); /* total 1 */
	assert_int_equal(sex_domain(1, 0, 1), 1); /* total 2 */
	assert_int_equal(sex_domain(1, 1, 1), 1); /* total 3 */
	assert_int_equal(sex_domain(2, 1, 1), 2); /* total 4 */
	assert_int_equal(sex_domain(2, 2, 2), 2); /* total 6 */
	assert_int_equal(sex_domain(0, 2, 0), 2); /* total 2, but 11.12 is 2 */
	assert_int_equal(sex_domain(2, 1, 0), 1); /* total 3, 11.12 is 1 */
	assert_int_equal(sex_domain(2, 0, 1), 1);
}

static int thinking(int pca, int hostile)
{
	struct pni_input in = base();

	in.item[PNI_ITEM_PRO_CRIMINAL_ATTITUDES] = ans(pca);
	in.item[PNI_ITEM_HOSTILE_ORIENTATION] = ans(hostile);
	return domain_of(&in, PNI_DOMAIN_THINKING);
}

static void test_thinking_domain_edges(void **state)
{
	(void)state;
	/* "0 -> 0; 3..4 OR proCriminalAttitudes == 2 -> 2; 1..2 -> 1" */
	assert_int_equal(thinking(0, 0), 0);
	assert_int_equal(thinking(1, 0), 1);
	assert_int_equal(thinking(0, 1), 1);
	assert_int_equal(thinking(1, 1), 1);
	assert_int_equal(thinking(0, 2), 1); /* total 2, pro-criminal attitudes 0 */
	assert_int_equal(thinking(2, 0), 2); /* total 2, pro-criminal attitudes 2 */
	assert_int_equal(thinking(1, 2), 2); /* total 3 */
	assert_int_equal(thinking(2, 2), 2);
}

static int four(enum pni_domain d, int a, int b, int c, int e)
{
	struct pni_input in = base();
	int v[4] = {a, b, c, e}, k = 0;
	unsigned i;

	for (i = 0; i < PNI_ITEM_COUNT; i++)
		if (pni_item_domain((enum pni_item)i) == d)
			in.item[i] = ans(v[k++]);
	assert_int_equal(k, 4);
	return domain_of(&in, d);
}

static void test_relationships_and_self_management_edges(void **state)
{
	enum pni_domain ds[2] = {PNI_DOMAIN_RELATIONSHIPS, PNI_DOMAIN_SELF_MANAGEMENT};
	int i;

	(void)state;
	/* "0..1 -> 0; 2..4 -> 1; 5..8 -> 2" for both */
	for (i = 0; i < 2; i++) {
		assert_int_equal(four(ds[i], 0, 0, 0, 0), 0);
		assert_int_equal(four(ds[i], 0, 0, 1, 0), 0); /* 1 */
		assert_int_equal(four(ds[i], 1, 0, 0, 1), 1); /* 2 */
		assert_int_equal(four(ds[i], 2, 2, 0, 0), 1); /* 4 */
		assert_int_equal(four(ds[i], 1, 2, 2, 0), 2); /* 5 */
		assert_int_equal(four(ds[i], 2, 2, 2, 2), 2); /* 8 */
	}
}

/* Sets one domain's items so that it scores score (0..2). */
static void set_domain(struct pni_input *in, enum pni_domain d, int score)
{
	/* sex: (0,0,0) 0; (1,0,1) total 2 -> 1; (0,2,0) 11.12 is 2 -> 2
	 * thinking: (0,0) 0; (1,0) 1; (1,2) total 3 -> 2
	 * relationships, self-management: 0; (1,1,0,0) 1; (2,2,1,0) total 5 -> 2 */
	static const int v[PNI_DOMAIN_COUNT][3][4] = {
		{{0, 0, 0}, {1, 0, 1}, {0, 2, 0}},
		{{0, 0}, {1, 0}, {1, 2}},
		{{0, 0, 0, 0}, {1, 1, 0, 0}, {2, 2, 1, 0}},
		{{0, 0, 0, 0}, {1, 1, 0, 0}, {2, 2, 1, 0}},
	};
	unsigned i, k = 0;

	for (i = 0; i < PNI_ITEM_COUNT; i++)
		if (pni_item_domain((enum pni_item)i) == d)
			in->item[i] = ans(v[d][score][k++]);
}

/* Sets the items so that the four domain scores add up to t (0..8). */
static void set_need_total(struct pni_input *in, int t)
{
	unsigned d;

	for (d = 0; d < PNI_DOMAIN_COUNT; d++) {
		int s = t > 2 ? 2 : t;

		set_domain(in, (enum pni_domain)d, s);
		t -= s;
	}
}

static void test_need_levels(void **state)
{
	static const struct {
		int total;
		enum pni_need need;
	} cases[] = {
		{0, PNI_LOW_NEED},    {1, PNI_LOW_NEED},    {2, PNI_LOW_NEED},
		{3, PNI_MEDIUM_NEED}, {4, PNI_MEDIUM_NEED}, {5, PNI_MEDIUM_NEED},
		{6, PNI_HIGH_NEED},   {7, PNI_HIGH_NEED},   {8, PNI_HIGH_NEED},
	};
	unsigned i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct pni_input in = base();
		struct pni_result r;

		set_need_total(&in, cases[i].total);
		r = eval(&in);
		if (r.need_score != cases[i].total || r.need != cases[i].need)
			fail_msg("total %d: got score %d need %s", cases[i].total, r.need_score,
				 pni_need_name(r.need));
		pni_result_release(&r);
	}
}

/* ---- risk thresholds ---------------------------------------------------- */

static enum pni_risk with_ogrs3(double v)
{
	struct pni_input in = base();

	in.ogrs3.value = v;
	return risk_of(&in);
}

static enum pni_risk with_ovp(double v)
{
	struct pni_input in = base();

	in.ovp.value = v;
	return risk_of(&in);
}

static enum pni_risk with_rsr(double v, enum pni_sex sex, enum pni_osp dc, enum pni_osp iic)
{
	struct pni_input in = base();

	in.rsr.value = v;
	in.sex = sex;
	in.osp_dc = dc;
	in.osp_iic = iic;
	return risk_of(&in);
}

static void test_ogrs3_edges(void **state)
{
	(void)state;
	/* HIGH >= 75.00; MEDIUM 50.00-74.00 */
	assert_int_equal(with_ogrs3(0.0), PNI_LOW_RISK);
	assert_int_equal(with_ogrs3(49.99), PNI_LOW_RISK);
	assert_int_equal(with_ogrs3(50.00), PNI_MEDIUM_RISK);
	assert_int_equal(with_ogrs3(74.00), PNI_MEDIUM_RISK);
	/* the reference's gap: above 74.00 and below 75.00 is neither */
	assert_int_equal(with_ogrs3(74.01), PNI_LOW_RISK);
	assert_int_equal(with_ogrs3(74.99), PNI_LOW_RISK);
	assert_int_equal(with_ogrs3(75.00), PNI_HIGH_RISK);
	assert_int_equal(with_ogrs3(99.0), PNI_HIGH_RISK);
}

static void test_ovp_edges(void **state)
{
	(void)state;
	/* HIGH >= 60.00; MEDIUM 30.00-59.00 */
	assert_int_equal(with_ovp(29.99), PNI_LOW_RISK);
	assert_int_equal(with_ovp(30.00), PNI_MEDIUM_RISK);
	assert_int_equal(with_ovp(59.00), PNI_MEDIUM_RISK);
	assert_int_equal(with_ovp(59.01), PNI_LOW_RISK);
	assert_int_equal(with_ovp(59.99), PNI_LOW_RISK);
	assert_int_equal(with_ovp(60.00), PNI_HIGH_RISK);
}

static void test_rsr_edges_and_who_it_counts_for(void **state)
{
	const enum pni_osp na = PNI_OSP_NOT_APPLICABLE;

	(void)state;
	/* HIGH >= 3.00; MEDIUM 1.00-2.99 */
	assert_int_equal(with_rsr(0.99, PNI_SEX_MALE, na, na), PNI_LOW_RISK);
	assert_int_equal(with_rsr(1.00, PNI_SEX_MALE, na, na), PNI_MEDIUM_RISK);
	assert_int_equal(with_rsr(2.99, PNI_SEX_MALE, na, na), PNI_MEDIUM_RISK);
	assert_int_equal(with_rsr(2.995, PNI_SEX_MALE, na, na), PNI_LOW_RISK); /* gap */
	assert_int_equal(with_rsr(3.00, PNI_SEX_MALE, na, na), PNI_HIGH_RISK);
	/* for men only when OSP-DC and OSP-IIC are null or Not Applicable */
	assert_int_equal(with_rsr(3.00, PNI_SEX_MALE, PNI_OSP_LOW, na), PNI_LOW_RISK);
	assert_int_equal(with_rsr(3.00, PNI_SEX_MALE, na, PNI_OSP_LOW), PNI_LOW_RISK);
	assert_int_equal(with_rsr(2.00, PNI_SEX_MALE, na, PNI_OSP_LOW), PNI_LOW_RISK);
	/* always for women, and OSP is ignored for them */
	assert_int_equal(with_rsr(3.00, PNI_SEX_FEMALE, PNI_OSP_LOW, PNI_OSP_LOW), PNI_HIGH_RISK);
	assert_int_equal(with_rsr(1.00, PNI_SEX_FEMALE, PNI_OSP_HIGH, na), PNI_MEDIUM_RISK);
	assert_int_equal(with_rsr(0.50, PNI_SEX_FEMALE, PNI_OSP_HIGH, PNI_OSP_VERY_HIGH),
			 PNI_LOW_RISK);
}

static void test_osp_levels(void **state)
{
	static const struct {
		enum pni_osp level;
		enum pni_risk male;
	} cases[] = {
		{PNI_OSP_NOT_APPLICABLE, PNI_LOW_RISK},
		{PNI_OSP_LOW, PNI_LOW_RISK},
		{PNI_OSP_MEDIUM, PNI_MEDIUM_RISK},
		{PNI_OSP_HIGH, PNI_HIGH_RISK},
		{PNI_OSP_VERY_HIGH, PNI_HIGH_RISK},
	};
	unsigned i;

	(void)state;
	for (i = 0; i < 5; i++) {
		struct pni_input in = base();

		in.osp_dc = cases[i].level;
		assert_int_equal(risk_of(&in), cases[i].male);
		in.osp_dc = PNI_OSP_NOT_APPLICABLE;
		in.osp_iic = cases[i].level;
		assert_int_equal(risk_of(&in), cases[i].male);
		in.sex = PNI_SEX_FEMALE; /* "ignored for females" */
		assert_int_equal(risk_of(&in), PNI_LOW_RISK);
	}
}

static void test_sara_levels(void **state)
{
	struct pni_input in = base();

	(void)state;
	in.sara_partner = PNI_SARA_LOW;
	assert_int_equal(risk_of(&in), PNI_LOW_RISK);
	in.sara_partner = PNI_SARA_MEDIUM;
	assert_int_equal(risk_of(&in), PNI_MEDIUM_RISK);
	in.sara_partner = PNI_SARA_HIGH;
	assert_int_equal(risk_of(&in), PNI_HIGH_RISK);
	in = base();
	in.sara_other = PNI_SARA_MEDIUM;
	assert_int_equal(risk_of(&in), PNI_MEDIUM_RISK);
	in.sara_other = PNI_SARA_HIGH;
	assert_int_equal(risk_of(&in), PNI_HIGH_RISK);
	in.sex = PNI_SEX_FEMALE; /* SARA counts for everyone */
	assert_int_equal(risk_of(&in), PNI_HIGH_RISK);
}

static void test_high_beats_medium(void **state)
{
	struct pni_input in = base();

	(void)state;
	in.ogrs3.value = 60.0;   /* medium */
	in.ovp.value = 40.0;     /* medium */
	in.sara_other = PNI_SARA_MEDIUM;
	assert_int_equal(risk_of(&in), PNI_MEDIUM_RISK);
	in.osp_iic = PNI_OSP_VERY_HIGH;
	assert_int_equal(risk_of(&in), PNI_HIGH_RISK);
}

/* ---- the pathway table -------------------------------------------------- */

static void test_pathway_table(void **state)
{
	static const int need_total[3] = {8, 4, 1}; /* HIGH, MEDIUM, LOW need */
	static const double ogrs3[3] = {80.0, 60.0, 10.0}; /* HIGH, MEDIUM, LOW risk */
	static const enum pni_pathway want[3][3] = {
		{PNI_HIGH_INTENSITY_BC, PNI_MODERATE_INTENSITY_BC, PNI_ALTERNATIVE_PATHWAY},
		{PNI_MODERATE_INTENSITY_BC, PNI_MODERATE_INTENSITY_BC, PNI_ALTERNATIVE_PATHWAY},
		{PNI_ALTERNATIVE_PATHWAY, PNI_ALTERNATIVE_PATHWAY, PNI_ALTERNATIVE_PATHWAY},
	};
	int n, r;

	(void)state;
	for (n = 0; n < 3; n++) {
		for (r = 0; r < 3; r++) {
			struct pni_input in = base();
			struct pni_result res;

			set_need_total(&in, need_total[n]);
			in.ogrs3.value = ogrs3[r];
			res = eval(&in);
			assert_int_equal(res.need, PNI_HIGH_NEED - n);
			assert_int_equal(res.risk, PNI_HIGH_RISK - r);
			if (res.pathway != want[n][r])
				fail_msg("need %s risk %s: got %s", pni_need_name(res.need),
					 pni_risk_name(res.risk), pni_pathway_name(res.pathway));
			assert_int_equal(count_blocking(&res), 0);
			pni_result_release(&res);
		}
	}
}

/* ---- missing information ------------------------------------------------ */

static void test_nothing_known(void **state)
{
	struct pni_input in;
	struct pni_result r;
	unsigned i;

	(void)state;
	memset(&in, 0, sizeof(in)); /* zero is "missing", never "scored 0" */
	r = eval(&in);
	assert_int_equal(r.pathway, PNI_MISSING_INFORMATION);
	assert_int_equal(r.need, PNI_NEED_INFORMATION_MISSING);
	assert_int_equal(r.risk, PNI_RISK_INFORMATION_MISSING);
	assert_int_equal(r.risk_at_least, PNI_LOW_RISK);
	assert_int_equal(r.need_score, PNI_SCORE_MISSING);
	for (i = 0; i < PNI_DOMAIN_COUNT; i++)
		assert_int_equal(r.domain_score[i], PNI_SCORE_MISSING);
	for (i = 0; i < PNI_INPUT_COUNT; i++) {
		assert_true(r.missing[i]);
		if (!r.blocking[i])
			fail_msg("%s should block", pni_input_label((int)i));
	}
	assert_reason(&r, "Pathway: Information missing. Update layer 3 assessment scores");
	pni_result_release(&r);
}

static void test_missing_item_blocks_its_domain(void **state)
{
	struct pni_input in = base();
	struct pni_result r;

	(void)state;
	set_need_total(&in, 8);
	in.ogrs3.value = 90.0;
	in.item[PNI_ITEM_DIFFICULTIES_COPING] = PNI_ANSWER_MISSING;
	r = eval(&in);
	assert_int_equal(r.domain_score[PNI_DOMAIN_SELF_MANAGEMENT], PNI_SCORE_MISSING);
	assert_int_equal(r.domain_score[PNI_DOMAIN_THINKING], 2);
	assert_int_equal(r.need_score, PNI_SCORE_MISSING);
	assert_int_equal(r.need, PNI_NEED_INFORMATION_MISSING);
	assert_int_equal(r.risk, PNI_HIGH_RISK);
	assert_int_equal(r.pathway, PNI_MISSING_INFORMATION);
	assert_true(r.missing[PNI_ITEM_DIFFICULTIES_COPING]);
	assert_true(r.blocking[PNI_ITEM_DIFFICULTIES_COPING]);
	assert_int_equal(count_blocking(&r), 1);
	assert_reason(&r, "Self-management domain cannot be scored: score missing for 10.1 "
			  "Difficulties coping.");
	assert_reason(&r, "Update layer 3 assessment scores: 10.1 Difficulties coping.");
	pni_result_release(&r);

	/* the same in each of the other three domains */
	in = base();
	in.item[PNI_ITEM_HOSTILE_ORIENTATION] = PNI_ANSWER_MISSING;
	r = eval(&in);
	assert_int_equal(r.domain_score[PNI_DOMAIN_THINKING], PNI_SCORE_MISSING);
	assert_int_equal(r.pathway, PNI_MISSING_INFORMATION);
	assert_true(r.blocking[PNI_ITEM_HOSTILE_ORIENTATION]);
	pni_result_release(&r);
	in = base();
	in.item[PNI_ITEM_EASILY_INFLUENCED] = PNI_ANSWER_MISSING;
	r = eval(&in);
	assert_int_equal(r.domain_score[PNI_DOMAIN_RELATIONSHIPS], PNI_SCORE_MISSING);
	assert_int_equal(r.need, PNI_NEED_INFORMATION_MISSING);
	pni_result_release(&r);
}

static void test_sex_domain_missing_rules(void **state)
{
	struct pni_input in = base();
	struct pni_result r;

	(void)state;
	/* man, one item missing, no OSP level: "otherwise 0" */
	in.item[PNI_ITEM_EMOTIONAL_CONGRUENCE] = PNI_ANSWER_MISSING;
	in.item[PNI_ITEM_SEXUAL_PREOCCUPATION] = PNI_ANSWER_SIGNIFICANT;
	r = eval(&in);
	assert_int_equal(r.domain_score[PNI_DOMAIN_SEX], 0);
	assert_int_equal(r.need, PNI_LOW_NEED);
	assert_int_equal(r.pathway, PNI_ALTERNATIVE_PATHWAY);
	assert_true(r.missing[PNI_ITEM_EMOTIONAL_CONGRUENCE]);
	assert_false(r.blocking[PNI_ITEM_EMOTIONAL_CONGRUENCE]);
	assert_reason(&r, "Sex domain scores 0");
	pni_result_release(&r);

	/* man with an OSP-DC level: "error PNI information cannot be computed" */
	in.osp_dc = PNI_OSP_LOW;
	r = eval(&in);
	assert_int_equal(r.domain_score[PNI_DOMAIN_SEX], PNI_SCORE_MISSING);
	assert_int_equal(r.need, PNI_NEED_INFORMATION_MISSING);
	assert_int_equal(r.pathway, PNI_MISSING_INFORMATION);
	assert_true(r.blocking[PNI_ITEM_EMOTIONAL_CONGRUENCE]);
	assert_false(r.blocking[PNI_ITEM_SEXUAL_PREOCCUPATION]);
	assert_reason(&r, "an OSP-DC or OSP-IIC level applies to this man");
	pni_result_release(&r);
	in.osp_dc = PNI_OSP_NOT_APPLICABLE;
	in.osp_iic = PNI_OSP_VERY_HIGH;
	assert_int_equal(domain_of(&in, PNI_DOMAIN_SEX), PNI_SCORE_MISSING);

	/* woman with some but not all items: missing; with none: 0 */
	in = base();
	in.sex = PNI_SEX_FEMALE;
	in.item[PNI_ITEM_OFFENCE_RELATED_SEXUAL_INTERESTS] = PNI_ANSWER_MISSING;
	assert_int_equal(domain_of(&in, PNI_DOMAIN_SEX), PNI_SCORE_MISSING);
	in.item[PNI_ITEM_SEXUAL_PREOCCUPATION] = PNI_ANSWER_MISSING;
	in.item[PNI_ITEM_EMOTIONAL_CONGRUENCE] = PNI_ANSWER_MISSING;
	r = eval(&in);
	assert_int_equal(r.domain_score[PNI_DOMAIN_SEX], 0);
	assert_int_equal(r.need, PNI_LOW_NEED);
	assert_reason(&r, "for a woman when none is answered");
	pni_result_release(&r);
	/* woman: an OSP level does not matter */
	in.osp_dc = PNI_OSP_HIGH;
	assert_int_equal(domain_of(&in, PNI_DOMAIN_SEX), 0);

	/* man, OSP-DC missing, item missing: depends on the OSP level */
	in = base();
	in.item[PNI_ITEM_EMOTIONAL_CONGRUENCE] = PNI_ANSWER_MISSING;
	in.osp_dc = PNI_OSP_MISSING;
	r = eval(&in);
	assert_int_equal(r.domain_score[PNI_DOMAIN_SEX], PNI_SCORE_MISSING);
	assert_int_equal(r.pathway, PNI_MISSING_INFORMATION);
	assert_true(r.blocking[PNI_ITEM_EMOTIONAL_CONGRUENCE]);
	assert_true(r.blocking[PNI_IN_OSP_DC]);
	pni_result_release(&r);
}

static void test_missing_risk_that_cannot_matter(void **state)
{
	struct pni_input in = base();
	struct pni_result r;

	(void)state;
	/* OGRS3 missing but OVP already high: high whatever OGRS3 is */
	set_need_total(&in, 7);
	in.ogrs3.present = false;
	in.ovp.value = 65.0;
	r = eval(&in);
	assert_int_equal(r.risk, PNI_HIGH_RISK);
	assert_int_equal(r.pathway, PNI_HIGH_INTENSITY_BC);
	assert_true(r.missing[PNI_IN_OGRS3]);
	assert_false(r.blocking[PNI_IN_OGRS3]);
	assert_reason(&r, "OGRS3: score missing.");
	pni_result_release(&r);

	/* sex missing, but nothing in this case depends on it */
	in = base();
	set_need_total(&in, 4);
	in.sex = PNI_SEX_MISSING;
	in.ovp.value = 40.0;
	r = eval(&in);
	assert_int_equal(r.risk, PNI_MEDIUM_RISK);
	assert_int_equal(r.pathway, PNI_MODERATE_INTENSITY_BC);
	assert_true(r.missing[PNI_IN_SEX]);
	assert_false(r.blocking[PNI_IN_SEX]);
	assert_reason(&r, "Sex: missing (it does not change the result).");
	pni_result_release(&r);

	/* OSP-IIC missing for a woman: OSP is ignored for women */
	in = base();
	in.sex = PNI_SEX_FEMALE;
	in.osp_iic = PNI_OSP_MISSING;
	in.item[PNI_ITEM_SEXUAL_PREOCCUPATION] = PNI_ANSWER_SOME;
	r = eval(&in);
	assert_int_equal(r.risk, PNI_LOW_RISK);
	assert_false(r.blocking[PNI_IN_OSP_IIC]);
	pni_result_release(&r);
}

static void test_missing_risk_that_matters(void **state)
{
	struct pni_input in = base();
	struct pni_result r;

	(void)state;
	/* high need, OGRS3 missing, everything else low: could be any risk */
	set_need_total(&in, 8);
	in.ogrs3.present = false;
	r = eval(&in);
	assert_int_equal(r.need, PNI_HIGH_NEED);
	assert_int_equal(r.risk, PNI_RISK_INFORMATION_MISSING);
	assert_int_equal(r.risk_at_least, PNI_LOW_RISK);
	assert_int_equal(r.pathway, PNI_MISSING_INFORMATION);
	assert_true(r.blocking[PNI_IN_OGRS3]);
	assert_int_equal(count_blocking(&r), 1);
	assert_reason(&r, "Update layer 3 assessment scores: OGRS3.");
	pni_result_release(&r);

	/* the same with low need: not eligible whatever the risk */
	in = base();
	set_need_total(&in, 2);
	in.ogrs3.present = false;
	r = eval(&in);
	assert_int_equal(r.risk, PNI_RISK_INFORMATION_MISSING);
	assert_int_equal(r.pathway, PNI_ALTERNATIVE_PATHWAY);
	assert_true(r.blocking[PNI_IN_OGRS3]); /* still blocks the risk level */
	assert_reason(&r, "Pathway: Not eligible (Low need, whatever the risk).");
	pni_result_release(&r);

	/* medium need, OVP medium, OGRS3 missing: medium or high, moderate either way */
	in = base();
	set_need_total(&in, 4);
	in.ovp.value = 30.0;
	in.ogrs3.present = false;
	r = eval(&in);
	assert_int_equal(r.risk, PNI_RISK_INFORMATION_MISSING);
	assert_int_equal(r.risk_at_least, PNI_MEDIUM_RISK);
	assert_int_equal(r.pathway, PNI_MODERATE_INTENSITY_BC);
	assert_reason(&r, "at least Medium risk");
	pni_result_release(&r);

	/* high need and the same: moderate or high intensity, so missing */
	set_need_total(&in, 8);
	r = eval(&in);
	assert_int_equal(r.pathway, PNI_MISSING_INFORMATION);
	assert_int_equal(r.risk_at_least, PNI_MEDIUM_RISK);
	pni_result_release(&r);

	/* SARA towards others missing */
	in = base();
	set_need_total(&in, 8);
	in.sara_other = PNI_SARA_MISSING;
	r = eval(&in);
	assert_int_equal(r.pathway, PNI_MISSING_INFORMATION);
	assert_true(r.blocking[PNI_IN_SARA_OTHER]);
	assert_false(r.blocking[PNI_IN_SARA_PARTNER]);
	pni_result_release(&r);

	/* sex missing with an OSP-DC High: high for a man, ignored for a woman */
	in = base();
	set_need_total(&in, 8);
	in.sex = PNI_SEX_MISSING;
	in.osp_dc = PNI_OSP_HIGH;
	r = eval(&in);
	assert_int_equal(r.risk, PNI_RISK_INFORMATION_MISSING);
	assert_true(r.blocking[PNI_IN_SEX]);
	assert_reason(&r, "OSP-DC High: high if the person is male (sex is missing).");
	pni_result_release(&r);

	/* a man's OSP-DC missing decides whether RSR 3.50 counts */
	in = base();
	set_need_total(&in, 8);
	in.rsr.value = 3.5;
	in.osp_dc = PNI_OSP_MISSING;
	r = eval(&in);
	assert_int_equal(r.risk, PNI_RISK_INFORMATION_MISSING);
	assert_true(r.blocking[PNI_IN_OSP_DC]);
	assert_false(r.blocking[PNI_IN_RSR]);
	assert_reason(&r, "RSR counts for a man only when OSP-DC and OSP-IIC are not applicable");
	pni_result_release(&r);
}

/* ---- reasons in words --------------------------------------------------- */

static void test_reasons(void **state)
{
	struct pni_input in = base();
	struct pni_result r;

	(void)state;
	set_need_total(&in, 6);
	in.ogrs3.value = 74.5;
	in.ovp.value = 59.0;
	in.rsr.value = 3.5;
	in.osp_dc = PNI_OSP_LOW;
	in.sara_partner = PNI_SARA_HIGH;
	r = eval(&in);
	assert_int_equal(r.pathway, PNI_HIGH_INTENSITY_BC);
	assert_reason(&r, "OGRS3 74.50%: low (above the medium band 50.00 to 74.00 but below "
			  "high, 75.00).");
	assert_reason(&r, "OVP 59.00%: medium (30.00 to 59.00).");
	assert_reason(&r, "RSR 3.50%: not counted for this man");
	assert_reason(&r, "OSP-DC Low: low.");
	assert_reason(&r, "SARA (partner) High: high.");
	assert_reason(&r, "Need: High need (total 6 of 8; 6 to 8 is high).");
	assert_reason(&r, "Risk: High risk (at least one score is high).");
	assert_reason(&r, "Pathway: High intensity (High need and High risk).");
	assert_reason(&r, "Sex domain scores 2: 11.11 = 0, 11.12 = 2, 6.12 = 0, total 2; 11.12 "
			  "Offence-related sexual interests is 2, which scores 2.");
	assert_reason(&r, "Thinking domain scores 2");
	pni_result_release(&r);
	/* releasing twice is harmless */
	pni_result_release(&r);
	assert_int_equal(r.reasons.n, 0);
}

/* ---- the fixture: fixtures/oasys/pni-response.json answers with the
 * risk predictors of fixtures/oasys/risk-predictors.json ------------------ */

static struct pni_input fixture(void)
{
	struct pni_input in;

	memset(&in, 0, sizeof(in));
	in.sex = PNI_SEX_MALE;
	in.item[PNI_ITEM_SEXUAL_PREOCCUPATION] = pni_answer_parse("SIGNIFICANT");
	in.item[PNI_ITEM_OFFENCE_RELATED_SEXUAL_INTERESTS] = pni_answer_parse("SOME");
	in.item[PNI_ITEM_EMOTIONAL_CONGRUENCE] = pni_answer_parse("MISSING");
	in.item[PNI_ITEM_PRO_CRIMINAL_ATTITUDES] = pni_answer_parse("SOME");
	in.item[PNI_ITEM_HOSTILE_ORIENTATION] = pni_answer_parse("SOME");
	in.item[PNI_ITEM_REL_CLOSE_FAMILY] = pni_answer_parse("NONE");
	in.item[PNI_ITEM_PREV_CLOSE_RELATIONSHIPS] = pni_answer_parse("SOME");
	in.item[PNI_ITEM_EASILY_INFLUENCED] = pni_answer_parse("NONE");
	in.item[PNI_ITEM_AGGRESSIVE_CONTROLLING_BEHAVIOUR] = pni_answer_parse("NONE");
	in.item[PNI_ITEM_IMPULSIVITY] = pni_answer_parse("NONE");
	in.item[PNI_ITEM_TEMPER_CONTROL] = pni_answer_parse("SIGNIFICANT");
	in.item[PNI_ITEM_PROBLEM_SOLVING_SKILLS] = pni_answer_parse("NONE");
	in.item[PNI_ITEM_DIFFICULTIES_COPING] = pni_answer_parse("MISSING");
	in.ogrs3 = (struct pni_pct){true, 15};    /* groupReconvictionScore.twoYears */
	in.ovp = (struct pni_pct){true, 15};      /* violencePredictorScore.twoYears */
	in.rsr = (struct pni_pct){true, 1.46};    /* riskOfSeriousRecidivismScore */
	in.osp_dc = pni_osp_parse("MEDIUM");      /* ospContactPercentageScoreLevel */
	in.osp_iic = pni_osp_parse("LOW");        /* ospIndecentPercentageScoreLevel */
	in.sara_partner = pni_sara_from_oasys(1); /* saraRiskLevel.toPartner */
	in.sara_other = pni_sara_from_oasys(3);   /* saraRiskLevel.toOther */
	return in;
}

static void test_fixture_example(void **state)
{
	struct pni_input in = fixture();
	struct pni_result r;

	(void)state;
	/* As OASys answered: two items missing, and for a man with OSP levels
	 * the sex domain needs all three, so the information is missing. */
	r = eval(&in);
	assert_int_equal(r.domain_score[PNI_DOMAIN_SEX], PNI_SCORE_MISSING);
	assert_int_equal(r.domain_score[PNI_DOMAIN_THINKING], 1);      /* 1 + 1 = 2 */
	assert_int_equal(r.domain_score[PNI_DOMAIN_RELATIONSHIPS], 0); /* 0 + 1 + 0 + 0 */
	assert_int_equal(r.domain_score[PNI_DOMAIN_SELF_MANAGEMENT], PNI_SCORE_MISSING);
	assert_int_equal(r.need, PNI_NEED_INFORMATION_MISSING);
	assert_int_equal(r.risk, PNI_HIGH_RISK); /* SARA towards others 3 = High */
	assert_int_equal(r.pathway, PNI_MISSING_INFORMATION);
	assert_true(r.blocking[PNI_ITEM_EMOTIONAL_CONGRUENCE]);
	assert_true(r.blocking[PNI_ITEM_DIFFICULTIES_COPING]);
	assert_int_equal(count_blocking(&r), 2);
	assert_reason(&r, "Update layer 3 assessment scores: 6.12 Emotional congruence with "
			  "children or feeling closer to children than adults, 10.1 Difficulties "
			  "coping.");
	assert_reason(&r, "OSP-DC Medium: medium.");
	assert_reason(&r, "RSR 1.46%: not counted for this man");
	pni_result_release(&r);

	/* With the two answered as SOME: sex 2+1+1 = 4 -> 2, self-management
	 * 0+2+0+1 = 3 -> 1; need 2+1+0+1 = 4, medium; risk high: moderate. */
	in.item[PNI_ITEM_EMOTIONAL_CONGRUENCE] = PNI_ANSWER_SOME;
	in.item[PNI_ITEM_DIFFICULTIES_COPING] = PNI_ANSWER_SOME;
	r = eval(&in);
	assert_int_equal(r.domain_score[PNI_DOMAIN_SEX], 2);
	assert_int_equal(r.domain_score[PNI_DOMAIN_SELF_MANAGEMENT], 1);
	assert_int_equal(r.need_score, 4);
	assert_int_equal(r.need, PNI_MEDIUM_NEED);
	assert_int_equal(r.risk, PNI_HIGH_RISK);
	assert_int_equal(r.pathway, PNI_MODERATE_INTENSITY_BC);
	assert_int_equal(count_blocking(&r), 0);
	pni_result_release(&r);
}

/* ---- parsers and labels ------------------------------------------------- */

static void test_parsers_and_labels(void **state)
{
	(void)state;
	assert_int_equal(pni_answer_parse("NONE"), PNI_ANSWER_NONE);
	assert_int_equal(pni_answer_parse("some"), PNI_ANSWER_SOME);
	assert_int_equal(pni_answer_parse("Significant"), PNI_ANSWER_SIGNIFICANT);
	assert_int_equal(pni_answer_parse("2-Significant problems"), PNI_ANSWER_SIGNIFICANT);
	assert_int_equal(pni_answer_parse("0-No problems"), PNI_ANSWER_NONE);
	assert_int_equal(pni_answer_parse("1"), PNI_ANSWER_SOME);
	assert_int_equal(pni_answer_parse("3-Other"), PNI_ANSWER_MISSING);
	assert_int_equal(pni_answer_parse("MISSING"), PNI_ANSWER_MISSING);
	assert_int_equal(pni_answer_parse(""), PNI_ANSWER_MISSING);
	assert_int_equal(pni_answer_parse(NULL), PNI_ANSWER_MISSING);
	assert_int_equal(pni_answer_score(PNI_ANSWER_MISSING), PNI_SCORE_MISSING);
	assert_int_equal(pni_answer_score(PNI_ANSWER_NONE), 0);
	assert_int_equal(pni_answer_score(PNI_ANSWER_SIGNIFICANT), 2);
	assert_int_equal(pni_osp_parse("Very High"), PNI_OSP_VERY_HIGH);
	assert_int_equal(pni_osp_parse("VERY_HIGH"), PNI_OSP_VERY_HIGH);
	assert_int_equal(pni_osp_parse("Not Applicable"), PNI_OSP_NOT_APPLICABLE);
	assert_int_equal(pni_osp_parse("NOT_APPLICABLE"), PNI_OSP_NOT_APPLICABLE);
	assert_int_equal(pni_osp_parse("High"), PNI_OSP_HIGH);
	assert_int_equal(pni_osp_parse("Highish"), PNI_OSP_MISSING);
	assert_int_equal(pni_osp_parse(NULL), PNI_OSP_MISSING);
	assert_int_equal(pni_sara_from_oasys(1), PNI_SARA_LOW);
	assert_int_equal(pni_sara_from_oasys(2), PNI_SARA_MEDIUM);
	assert_int_equal(pni_sara_from_oasys(3), PNI_SARA_HIGH);
	assert_int_equal(pni_sara_from_oasys(0), PNI_SARA_NOT_APPLICABLE);
	assert_int_equal(pni_sara_from_oasys(10), PNI_SARA_NOT_APPLICABLE);
	assert_string_equal(pni_pathway_name(PNI_HIGH_INTENSITY_BC), "HIGH_INTENSITY_BC");
	assert_string_equal(pni_pathway_label(PNI_ALTERNATIVE_PATHWAY), "Not eligible");
	assert_string_equal(pni_pathway_label(PNI_MISSING_INFORMATION), "Information missing");
	assert_string_equal(pni_need_label(PNI_NEED_INFORMATION_MISSING),
			    "Cannot calculate \u2013 information missing");
	assert_string_equal(pni_need_name(PNI_MEDIUM_NEED), "MEDIUM_NEED");
	assert_string_equal(pni_risk_name(PNI_LOW_RISK), "LOW_RISK");
	assert_string_equal(pni_item_key(PNI_ITEM_DIFFICULTIES_COPING), "difficultiesCoping");
	assert_string_equal(pni_item_number(PNI_ITEM_EMOTIONAL_CONGRUENCE), "6.12");
	assert_string_equal(pni_input_label(PNI_IN_OSP_IIC), "OSP-IIC");
	assert_string_equal(pni_input_label(PNI_ITEM_TEMPER_CONTROL), "11.4 Temper control");
	assert_string_equal(pni_domain_label(PNI_DOMAIN_SELF_MANAGEMENT), "Self-management");
	assert_string_equal(pni_pathway_label((enum pni_pathway)9), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sex_domain_edges),
		cmocka_unit_test(test_thinking_domain_edges),
		cmocka_unit_test(test_relationships_and_self_management_edges),
		cmocka_unit_test(test_need_levels),
		cmocka_unit_test(test_ogrs3_edges),
		cmocka_unit_test(test_ovp_edges),
		cmocka_unit_test(test_rsr_edges_and_who_it_counts_for),
		cmocka_unit_test(test_osp_levels),
		cmocka_unit_test(test_sara_levels),
		cmocka_unit_test(test_high_beats_medium),
		cmocka_unit_test(test_pathway_table),
		cmocka_unit_test(test_nothing_known),
		cmocka_unit_test(test_missing_item_blocks_its_domain),
		cmocka_unit_test(test_sex_domain_missing_rules),
		cmocka_unit_test(test_missing_risk_that_cannot_matter),
		cmocka_unit_test(test_missing_risk_that_matters),
		cmocka_unit_test(test_reasons),
		cmocka_unit_test(test_fixture_example),
		cmocka_unit_test(test_parsers_and_labels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
