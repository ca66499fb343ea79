/* test_catalogue_search.c: type-ahead ranking, each filter, faceted counts
 * and sort orders over a small built catalogue. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "catfix.h"

/* Ten entries with known facts (index in brackets). */
static const char *const docs[] = {
	/* 0 */ "{\"intervention_catalogue\": {\"name\": \"Thinking Skills Programme\", \"int_type\": \"AcP\","
		" \"short_description\": \"Pro-social problem solving.\"},"
		" \"delivery_method\": {\"format\": \"Group\"},"
		" \"delivery_method_settings\": [\"COMMUNITY\", \"CUSTODY\"],"
		" \"personal_eligibility\": {\"min_age\": \"18\", \"males\": true, \"females\": true},"
		" \"risk_consideration\": {\"ogrs_score_guide\": \"50+ OGRS3 over 2 years\"}}",
	/* 1 */ "{\"intervention_catalogue\": {\"name\": \"Better Thinking\", \"int_type\": \"SI\","
		" \"short_description\": \"Short course.\"},"
		" \"delivery_method\": {\"format\": \"Group or one-to-one\", \"attendance_type\": \"In person and online\"},"
		" \"delivery_method_settings\": [\"COMMUNITY\"],"
		" \"criminogenic_needs\": [\"Thinking and Behaviour\", \"Attitudes\"],"
		" \"personal_eligibility\": {\"min_age\": \"18\", \"males\": true, \"females\": false}}",
	/* 2 */ "{\"intervention_catalogue\": {\"name\": \"Stepwise\", \"int_type\": \"SI\","
		" \"short_description\": \"Better thinking about choices.\"},"
		" \"delivery_method\": {\"format\": \"One-to-one\"},"
		" \"delivery_method_settings\": [\"COMMUNITY\"],"
		" \"criminogenic_needs\": [\"Thinking and Behaviour\"],"
		" \"personal_eligibility\": {\"males\": true, \"females\": true}}",
	/* 3 */ "{\"intervention_catalogue\": {\"name\": \"Women's services\", \"int_type\": \"CRS\","
		" \"long_description\": [\"Support for women.\", \"Caf\\u00e9 drop-in.\"]},"
		" \"delivery_method_settings\": [\"COMMUNITY\", \"CUSTODY\"],"
		" \"criminogenic_needs\": [\"Accommodation\", \"Drug Misuse\"],"
		" \"personal_eligibility\": {\"males\": false, \"females\": true}}",
	/* 4 */ "{\"intervention_catalogue\": {\"name\": \"Choices and Changes\", \"int_type\": \"Toolkits\"},"
		" \"delivery_method_settings\": [\"COMMUNITY\", \"CUSTODY\"],"
		" \"personal_eligibility\": {\"min_age\": \"18\", \"max_age\": \"30\", \"males\": true, \"females\": false}}",
	/* 5 */ "{\"intervention_catalogue\": {\"name\": \"Greater Manchester - ETE\", \"int_type\": \"CRS\"},"
		" \"delivery_method_settings\": [\"COMMUNITY\"], \"delivery_regions\": [\"L\"],"
		" \"criminogenic_needs\": [\"Education, Training and Employment\"]}",
	/* 6 */ "{\"intervention_catalogue\": {\"name\": \"Kaizen: sexual offence\", \"int_type\": \"AcP\"},"
		" \"delivery_method_settings\": [\"CUSTODY\"],"
		" \"risk_consideration\": {\"osp_score_guide\": \"High or very high OSP\"}}",
	/* 7 */ "{\"intervention_catalogue\": {\"name\": \"Maps for Change\", \"int_type\": \"Toolkits\"},"
		" \"delivery_method_settings\": [\"COMMUNITY\"],"
		" \"risk_consideration\": {\"osp_score_guide\": \"Low, but if Medium+, then not this.\"}}",
	/* 8 */ "{\"intervention_catalogue\": {\"name\": \"Accommodation services\", \"int_type\": \"CRS\"},"
		" \"delivery_method_settings\": [\"COMMUNITY\", \"CUSTODY\"],"
		" \"criminogenic_needs\": [\"Accommodation\"]}",
	/* 9 */ "{\"intervention_catalogue\": {\"name\": \"Zo\\u00eb's Th\\u00e9rapie\", \"int_type\": \"SI\"},"
		" \"delivery_method_settings\": [\"CUSTODY\"]}",
};
#define N_DOCS (sizeof docs / sizeof docs[0])

struct fx {
	struct catalogue *cat;
	struct cat_view v;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	if (!f)
		return -1;
	f->cat = fix_build(docs, N_DOCS);
	if (cat_view_init(&f->v, f->cat))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	cat_view_release(&f->v);
	cat_free(&f->cat);
	free(f);
	return 0;
}

/* The result as "name|name|..." */
static char *names(struct fx *f)
{
	struct strbuf b = STRBUF_INIT;
	size_t i;

	for (i = 0; i < f->v.n; i++) {
		if (i)
			sb_addc(&b, '|');
		sb_adds(&b, cat_entry(f->cat, f->v.rows[i])->name);
	}
	return sb_detach(&b, NULL);
}

static void expect(struct fx *f, const char *query, const struct cat_filter *flt, enum cat_sort sort,
		   const struct cat_elig *elig, const char *want)
{
	char *got;

	assert_int_equal(cat_view_update(&f->v, query, flt, sort, elig), 0);
	got = names(f);
	if (strcmp(got, want))
		fail_msg("query \"%s\":\n  got  %s\n  want %s", query, got, want);
	free(got);
}

static void test_empty_query_lists_all_by_name(void **state)
{
	struct fx *f = *state;

	expect(f, "", NULL, CAT_SORT_RELEVANCE, NULL,
	       "Accommodation services|Better Thinking|Choices and Changes|Greater Manchester - ETE|"
	       "Kaizen: sexual offence|Maps for Change|Stepwise|Thinking Skills Programme|"
	       "Women's services|Zo\xc3\xab's Th\xc3\xa9rapie");
	assert_int_equal(f->v.counts.matched, N_DOCS);
	assert_int_equal(f->v.counts.shown, N_DOCS);
	expect(f, NULL, NULL, CAT_SORT_RELEVANCE, NULL,
	       "Accommodation services|Better Thinking|Choices and Changes|Greater Manchester - ETE|"
	       "Kaizen: sexual offence|Maps for Change|Stepwise|Thinking Skills Programme|"
	       "Women's services|Zo\xc3\xab's Th\xc3\xa9rapie");
}

/* A word starting the name, then a word of the name, then the description. */
static void test_ranking(void **state)
{
	struct fx *f = *state;

	expect(f, "think", NULL, CAT_SORT_RELEVANCE, NULL,
	       "Thinking Skills Programme|Better Thinking|Stepwise");
	assert_int_equal(f->v.score[0], 3);
	assert_int_equal(f->v.score[1], 2);
	assert_int_equal(f->v.score[2], 1);
	assert_int_equal(f->v.score[3], -1);
	/* "better": name word first (Better Thinking), then the description */
	expect(f, "better", NULL, CAT_SORT_RELEVANCE, NULL, "Better Thinking|Stepwise");
	/* only word prefixes match: "inking" is inside a word */
	expect(f, "inking", NULL, CAT_SORT_RELEVANCE, NULL, "");
	/* sorted by name when asked, whatever the score */
	expect(f, "think", NULL, CAT_SORT_NAME, NULL, "Better Thinking|Stepwise|Thinking Skills Programme");
}

static void test_case_accents_and_punctuation(void **state)
{
	struct fx *f = *state;

	expect(f, "THINKING SK", NULL, CAT_SORT_RELEVANCE, NULL, "Thinking Skills Programme");
	expect(f, "zoe", NULL, CAT_SORT_RELEVANCE, NULL, "Zo\xc3\xab's Th\xc3\xa9rapie");
	expect(f, "ZO\xc3\x8b", NULL, CAT_SORT_RELEVANCE, NULL, "Zo\xc3\xab's Th\xc3\xa9rapie");
	expect(f, "zoes ther", NULL, CAT_SORT_RELEVANCE, NULL, "Zo\xc3\xab's Th\xc3\xa9rapie");
	expect(f, "women's", NULL, CAT_SORT_RELEVANCE, NULL, "Women's services");
	expect(f, "womens", NULL, CAT_SORT_RELEVANCE, NULL, "Women's services");
	expect(f, "cafe", NULL, CAT_SORT_RELEVANCE, NULL, "Women's services"); /* long description */
	expect(f, "kaizen:", NULL, CAT_SORT_RELEVANCE, NULL, "Kaizen: sexual offence");
	expect(f, "-", NULL, CAT_SORT_RELEVANCE, NULL, /* nothing but punctuation: all */
	       "Accommodation services|Better Thinking|Choices and Changes|Greater Manchester - ETE|"
	       "Kaizen: sexual offence|Maps for Change|Stepwise|Thinking Skills Programme|"
	       "Women's services|Zo\xc3\xab's Th\xc3\xa9rapie");
}

static void test_every_word_must_match(void **state)
{
	struct fx *f = *state;

	expect(f, "thinking better", NULL, CAT_SORT_RELEVANCE, NULL, "Better Thinking|Stepwise");
	expect(f, "thinking programme", NULL, CAT_SORT_RELEVANCE, NULL, "Thinking Skills Programme");
	expect(f, "thinking xyz", NULL, CAT_SORT_RELEVANCE, NULL, "");
	assert_int_equal(f->v.counts.matched, 0);
}

/* Typing a word letter by letter (narrowing the last matches) gives what a
 * fresh search gives; deleting a letter searches everything again. */
static void test_typing_matches_fresh_search(void **state)
{
	struct fx *f = *state;
	static const char *const steps[] = {"t", "th", "thi", "thin", "thin ", "thin b", "thin be",
					    "thin b", "thin", "th", "c", "ch", "cho", "w", "wo"};
	size_t k;

	for (k = 0; k < sizeof steps / sizeof steps[0]; k++) {
		struct cat_view fresh;
		size_t i;

		assert_int_equal(cat_view_update(&f->v, steps[k], NULL, CAT_SORT_RELEVANCE, NULL), 0);
		assert_int_equal(cat_view_init(&fresh, f->cat), 0);
		assert_int_equal(cat_view_update(&fresh, steps[k], NULL, CAT_SORT_RELEVANCE, NULL), 0);
		assert_int_equal(f->v.n, fresh.n);
		for (i = 0; i < fresh.n; i++)
			assert_int_equal(f->v.rows[i], fresh.rows[i]);
		cat_view_release(&fresh);
	}
}

static void test_filters(void **state)
{
	struct fx *f = *state;
	struct cat_filter flt;

	memset(&flt, 0, sizeof flt);
	flt.types = 1u << CAT_TYPE_CRS;
	expect(f, "", &flt, CAT_SORT_NAME, NULL, "Accommodation services|Greater Manchester - ETE|Women's services");
	flt.types |= 1u << CAT_TYPE_TOOLKITS;
	expect(f, "", &flt, CAT_SORT_NAME, NULL,
	       "Accommodation services|Choices and Changes|Greater Manchester - ETE|Maps for Change|Women's services");

	memset(&flt, 0, sizeof flt);
	flt.settings = 1u << CAT_SETTING_CUSTODY;
	expect(f, "", &flt, CAT_SORT_NAME, NULL,
	       "Accommodation services|Choices and Changes|Kaizen: sexual offence|Thinking Skills Programme|"
	       "Women's services|Zo\xc3\xab's Th\xc3\xa9rapie");

	memset(&flt, 0, sizeof flt);
	flt.needs = 1u << CAT_NEED_ACCOMMODATION;
	expect(f, "", &flt, CAT_SORT_NAME, NULL, "Accommodation services|Women's services");
	flt.needs = (1u << CAT_NEED_ATTITUDES) | (1u << CAT_NEED_ETE);
	expect(f, "", &flt, CAT_SORT_NAME, NULL, "Better Thinking|Greater Manchester - ETE");

	/* regions: limited entries only where delivered; the rest everywhere */
	memset(&flt, 0, sizeof flt);
	flt.regions = CAT_REGION_BIT(CAT_REGION_D);
	expect(f, "manchester", &flt, CAT_SORT_NAME, NULL, "");
	flt.regions = CAT_REGION_BIT(CAT_REGION_L);
	expect(f, "manchester", &flt, CAT_SORT_NAME, NULL, "Greater Manchester - ETE");
	flt.regions = CAT_REGION_BIT(CAT_REGION_D);
	expect(f, "accommodation", &flt, CAT_SORT_NAME, NULL, "Accommodation services");

	/* sex: open to; "not stated" stays in */
	memset(&flt, 0, sizeof flt);
	flt.sexes = CAT_FILTER_FEMALE;
	expect(f, "", &flt, CAT_SORT_NAME, NULL,
	       "Accommodation services|Greater Manchester - ETE|Kaizen: sexual offence|Maps for Change|"
	       "Stepwise|Thinking Skills Programme|Women's services|Zo\xc3\xab's Th\xc3\xa9rapie");
	flt.sexes = CAT_FILTER_MALE;
	expect(f, "s", &flt, CAT_SORT_NAME, NULL,
	       "Accommodation services|Better Thinking|Kaizen: sexual offence|"
	       "Stepwise|Thinking Skills Programme");

	/* age: boundaries of 18 to 30 */
	memset(&flt, 0, sizeof flt);
	flt.age_set = true;
	flt.age = 31;
	expect(f, "choices and", &flt, CAT_SORT_NAME, NULL, "");
	flt.age = 30;
	expect(f, "choices and", &flt, CAT_SORT_NAME, NULL, "Choices and Changes");
	flt.age = 18;
	expect(f, "choices and", &flt, CAT_SORT_NAME, NULL, "Choices and Changes");
	flt.age = 17;
	expect(f, "", &flt, CAT_SORT_NAME, NULL,
	       "Accommodation services|Greater Manchester - ETE|Kaizen: sexual offence|Maps for Change|"
	       "Stepwise|Women's services|Zo\xc3\xab's Th\xc3\xa9rapie");

	/* risk level: entries for that level, and those that state none */
	memset(&flt, 0, sizeof flt);
	flt.risk_levels = CAT_LEVEL_BIT(CAT_LEVEL_VERY_HIGH);
	expect(f, "kaizen maps thinking", &flt, CAT_SORT_NAME, NULL, "");
	expect(f, "kaizen", &flt, CAT_SORT_NAME, NULL, "Kaizen: sexual offence");
	expect(f, "maps", &flt, CAT_SORT_NAME, NULL, "");
	flt.risk_levels = CAT_LEVEL_BIT(CAT_LEVEL_LOW);
	expect(f, "maps", &flt, CAT_SORT_NAME, NULL, "Maps for Change");
	expect(f, "thinking skills", &flt, CAT_SORT_NAME, NULL, ""); /* OGRS3 50+ is not low */
	expect(f, "accommodation", &flt, CAT_SORT_NAME, NULL, "Accommodation services");

	/* delivery method */
	memset(&flt, 0, sizeof flt);
	flt.delivery = 1u << CAT_DELIVERY_ONE_TO_ONE;
	expect(f, "", &flt, CAT_SORT_NAME, NULL, "Better Thinking|Stepwise");
	flt.delivery = 1u << CAT_DELIVERY_ONLINE;
	expect(f, "", &flt, CAT_SORT_NAME, NULL, "Better Thinking");

	/* filters and text together */
	memset(&flt, 0, sizeof flt);
	flt.types = 1u << CAT_TYPE_SI;
	expect(f, "think", &flt, CAT_SORT_RELEVANCE, NULL, "Better Thinking|Stepwise");
}

static void test_counts_are_faceted(void **state)
{
	struct fx *f = *state;
	struct cat_filter flt;

	memset(&flt, 0, sizeof flt);
	assert_int_equal(cat_view_update(&f->v, "", &flt, CAT_SORT_NAME, NULL), 0);
	assert_int_equal(f->v.counts.type[CAT_TYPE_ACP], 2);
	assert_int_equal(f->v.counts.type[CAT_TYPE_CRS], 3);
	assert_int_equal(f->v.counts.type[CAT_TYPE_SI], 3);
	assert_int_equal(f->v.counts.type[CAT_TYPE_TOOLKITS], 2);
	assert_int_equal(f->v.counts.setting[CAT_SETTING_CUSTODY], 6);
	assert_int_equal(f->v.counts.need[CAT_NEED_ACCOMMODATION], 2);
	assert_int_equal(f->v.counts.region[CAT_REGION_L - 1], 10);
	assert_int_equal(f->v.counts.region[CAT_REGION_D - 1], 9);
	assert_int_equal(f->v.counts.sex[1], 8);

	/* ticking CRS: the type counts still show what each type would give,
	 * the other counts only CRS */
	flt.types = 1u << CAT_TYPE_CRS;
	assert_int_equal(cat_view_update(&f->v, "", &flt, CAT_SORT_NAME, NULL), 0);
	assert_int_equal(f->v.counts.shown, 3);
	assert_int_equal(f->v.counts.matched, 10);
	assert_int_equal(f->v.counts.type[CAT_TYPE_SI], 3);
	assert_int_equal(f->v.counts.type[CAT_TYPE_CRS], 3);
	assert_int_equal(f->v.counts.setting[CAT_SETTING_CUSTODY], 2);
	assert_int_equal(f->v.counts.setting[CAT_SETTING_COMMUNITY], 3);
	assert_int_equal(f->v.counts.need[CAT_NEED_THINKING], 0);

	/* two filters: each dimension's counts ignore only its own filter */
	flt.settings = 1u << CAT_SETTING_CUSTODY;
	assert_int_equal(cat_view_update(&f->v, "", &flt, CAT_SORT_NAME, NULL), 0);
	assert_int_equal(f->v.counts.shown, 2);
	assert_int_equal(f->v.counts.type[CAT_TYPE_ACP], 2);   /* custody ACP entries */
	assert_int_equal(f->v.counts.type[CAT_TYPE_SI], 1);    /* the custody SI */
	assert_int_equal(f->v.counts.setting[CAT_SETTING_COMMUNITY], 3); /* CRS in the community */

	/* with text */
	memset(&flt, 0, sizeof flt);
	assert_int_equal(cat_view_update(&f->v, "think", &flt, CAT_SORT_NAME, NULL), 0);
	assert_int_equal(f->v.counts.matched, 3);
	assert_int_equal(f->v.counts.type[CAT_TYPE_SI], 2);
	assert_int_equal(f->v.counts.delivery[CAT_DELIVERY_GROUP], 2);
}

static void test_sort_by_type_and_eligibility(void **state)
{
	struct fx *f = *state;
	struct cat_elig elig[N_DOCS];
	struct cat_filter flt;
	struct cat_person p;
	size_t i;

	expect(f, "", NULL, CAT_SORT_TYPE, NULL,
	       "Kaizen: sexual offence|Thinking Skills Programme|Accommodation services|"
	       "Greater Manchester - ETE|Women's services|Better Thinking|Stepwise|"
	       "Zo\xc3\xab's Th\xc3\xa9rapie|Choices and Changes|Maps for Change");

	memset(&p, 0, sizeof p);
	p.sex = CAT_SEX_FEMALE;
	p.age_known = true;
	p.age = 40;
	p.place = CAT_PLACE_COMMUNITY;
	p.region = CAT_REGION_D;
	cat_eligibility_all(f->cat, &p, elig);
	for (i = 0; i < N_DOCS; i++) {
		struct cat_elig one;

		cat_eligibility(f->cat, i, &p, &one);
		assert_int_equal(one.verdict, elig[i].verdict);
	}
	expect(f, "", NULL, CAT_SORT_ELIGIBILITY, elig,
	       /* eligible */ "Accommodation services|Stepwise|Women's services|"
	       /* check */ "Maps for Change|Thinking Skills Programme|"
	       /* not eligible */ "Better Thinking|Choices and Changes|Greater Manchester - ETE|"
	       "Kaizen: sexual offence|Zo\xc3\xab's Th\xc3\xa9rapie");
	assert_int_equal(f->v.counts.verdict[CAT_ELIGIBLE], 3);
	assert_int_equal(f->v.counts.verdict[CAT_CHECK], 2);
	assert_int_equal(f->v.counts.verdict[CAT_NOT_ELIGIBLE], 5);
	memset(&flt, 0, sizeof flt);
	flt.verdicts = (1u << CAT_ELIGIBLE) | (1u << CAT_CHECK);
	expect(f, "", &flt, CAT_SORT_NAME, elig,
	       "Accommodation services|Maps for Change|Stepwise|Thinking Skills Programme|Women's services");
	assert_int_equal(f->v.counts.verdict[CAT_NOT_ELIGIBLE], 5); /* what ticking it would add */
}

static void test_empty_catalogue(void **state)
{
	struct catalogue *cat = NULL;
	struct cat_view v;

	(void)state;
	assert_int_equal(cat_build(NULL, 0, NULL, &cat), CT_OK);
	assert_int_equal(cat_count(cat), 0);
	assert_null(cat_entry(cat, 0));
	assert_int_equal(cat_find(cat, "x"), -1);
	assert_int_equal(cat_view_init(&v, cat), 0);
	assert_int_equal(cat_view_update(&v, "anything", NULL, CAT_SORT_RELEVANCE, NULL), 0);
	assert_int_equal(v.n, 0);
	cat_view_release(&v);
	cat_free(&cat);
	assert_null(cat);
	cat_free(&cat);
}

static void test_find(void **state)
{
	struct fx *f = *state;

	assert_int_equal(cat_find(f->cat, "Stepwise"), 2);
	assert_int_equal(cat_find(f->cat, "stepwise"), -1); /* names are exact */
	assert_int_equal(cat_find(f->cat, NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_query_lists_all_by_name),
		cmocka_unit_test(test_ranking),
		cmocka_unit_test(test_case_accents_and_punctuation),
		cmocka_unit_test(test_every_word_must_match),
		cmocka_unit_test(test_typing_matches_fresh_search),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_counts_are_faceted),
		cmocka_unit_test(test_sort_by_type_and_eligibility),
		cmocka_unit_test(test_empty_catalogue),
		cmocka_unit_test(test_find),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
