/* bench_catalogue.c: the catalogue budgets of DESIGN.md 7 on 10,000 made-up
 * entries: filter and re-rank after each typed character, and eligibility
 * of every entry for one person, each under 5 ms.  Prints the timings and
 * exits 1 when a budget is missed (2 on a setup failure).
 *
 *   bench_catalogue [--entries N] [--budget-ms X]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalogue/catalogue.h"

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static unsigned next(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static const char *const words[] = {
	"thinking", "skills", "programme", "relationships", "better", "women", "men", "support",
	"accommodation", "finance", "debt", "recovery", "emotions", "managing", "choices", "changes",
	"stepwise", "pathways", "positive", "identity", "healthy", "building", "connections", "moving",
	"maps", "change", "responsibility", "aware", "stepping", "stones", "kaizen", "horizon",
	"strengths", "living", "violence", "partner", "sexual", "offence", "group", "sessions",
	"problem", "solving", "attitudes", "behaviour", "wellbeing", "education", "training",
	"employment", "lifestyle", "associates", "drug", "alcohol", "misuse", "community", "custody",
	"probation", "practitioner", "goals", "desistance", "motivation", "peer", "mentoring",
	"housing", "tenancy", "benefits", "caf\xc3\xa9", "zo\xc3\xab", "na\xc3\xafve", "r\xc3\xb4le",
};
#define N_WORDS (sizeof words / sizeof words[0])

static const char *const guides[][2] = {
	{"ovp_guide", "High OVP (OASys Violence Predictor)"},
	{"ogrs_score_guide", "50+ OGRS3 (Offender Group Reconviction Scale 3) over 2 years"},
	{"ogrs_score_guide", "If OVP not available, then OGRS3 (over 2 years):\nscore 25+"},
	{"ovp_guide", "OVP (over 2 years): score 20+"},
	{"osp_score_guide", "Medium, high or very high OSP (OASys Sexual Reconviction Predictor)"},
	{"sara_partner_score_guide", "Low risk on SARA"},
	{"rosh_level", "Medium or high ROSH (Risk of Serious Harm) 50+ OGRS"},
};
#define N_GUIDES (sizeof guides / sizeof guides[0])

static const char *const needs[] = {"Accommodation", "Finance and Debt", "Thinking and Behaviour",
				    "Attitudes", "Drug Misuse", "Alcohol Misuse", "Emotional Wellbeing",
				    "Relationships and Family"};

static char *sentence(struct cat_arena *a, unsigned nwords)
{
	char buf[1024];
	size_t len = 0;
	unsigned i;

	for (i = 0; i < nwords && len < sizeof buf - 40; i++) {
		const char *w = words[next(N_WORDS)];
		int n = snprintf(buf + len, sizeof buf - len, "%s%s", i ? " " : "", w);

		if (n > 0)
			len += (size_t)n;
	}
	if (len && buf[0] >= 'a' && buf[0] <= 'z')
		buf[0] = (char)(buf[0] - 'a' + 'A');
	return cat_arena_strdup(a, buf);
}

static int make(struct cat_arena *a, struct cat_def *d, unsigned i)
{
	struct cat_risk_rule *rules;
	const char **nd, **para;
	size_t k, ng;
	char name[128];

	cat_def_init(d);
	snprintf(name, sizeof name, "%s %u", sentence(a, 2 + next(3)), i);
	d->name = cat_arena_strdup(a, name);
	d->type = (enum cat_type)next(CAT_TYPE_COUNT);
	d->short_description = sentence(a, 12 + next(10));
	para = cat_arena_alloc(a, 2 * sizeof *para);
	if (!d->name || !d->short_description || !para)
		return -1;
	para[0] = sentence(a, 20 + next(20));
	para[1] = sentence(a, 10 + next(20));
	d->long_description = para;
	d->n_long_description = 2;
	d->settings = 1u + next(3); /* community, custody or both */
	d->format = next(2) ? "Group or one-to-one" : "Group";
	d->attendance = next(2) ? "In person and online" : NULL;
	nd = cat_arena_alloc(a, 3 * sizeof *nd);
	if (!nd)
		return -1;
	d->n_needs = next(4);
	for (k = 0; k < d->n_needs; k++)
		nd[k] = needs[next(sizeof needs / sizeof needs[0])];
	d->needs = nd;
	if (next(3))
		d->min_age = 18;
	if (!next(8))
		d->max_age = 25 + (int)next(10);
	d->males = next(6) ? 1 : 0;
	d->females = d->males ? (int)next(2) : 1;
	if (!next(10))
		d->regions = CAT_REGION_BIT(1 + next(CAT_REGION_COUNT));
	ng = next(3);
	rules = cat_arena_alloc(a, 8 * sizeof *rules);
	if (!rules)
		return -1;
	for (k = 0; k < ng; k++) {
		const char *const *g = guides[next(N_GUIDES)];

		d->n_risk_rules += cat_risk_parse(g[0], g[1], rules + d->n_risk_rules, 4);
	}
	d->risk_rules = rules;
	if (d->type == CAT_TYPE_ACP) {
		struct cat_course *c = cat_arena_alloc(a, sizeof *c);

		if (!c)
			return -1;
		c->identifier = "X-SO";
		c->audience = next(2) ? "Sexual offence" : "All offences";
		c->intensity = next(2) ? CAT_INTENSITY_HIGH : CAT_INTENSITY_MODERATE;
		d->courses = c;
		d->n_courses = 1;
	}
	return 0;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The p-th percentile (0..100) of v[0..n), sorting v. */
static double percentile(double *v, size_t n, double p)
{
	size_t k;

	qsort(v, n, sizeof *v, cmp_double);
	k = (size_t)(p / 100.0 * (double)(n - 1) + 0.5);
	return v[k < n ? k : n - 1];
}

int main(int argc, char **argv)
{
	static const char *const typed[] = {"thinking skills", "relationships", "women support",
					    "accommodation", "zoe", "problem solving group"};
	unsigned n = 10000, i;
	double budget = 5.0, keys[512], elig_ms[101], t0, med_k, p99_k, med_e, p99_e, build_ms;
	size_t nk = 0, w, c, shown = 0;
	struct cat_arena *arena = cat_arena_new();
	struct cat_def *defs;
	struct catalogue *cat = NULL;
	struct cat_view view;
	struct cat_filter filter;
	struct cat_person person;
	struct pni_result pni;
	struct cat_elig *elig;
	int rc = 0, k;
	char q[64];

	for (k = 1; k < argc; k++) {
		if (!strcmp(argv[k], "--entries") && k + 1 < argc)
			n = (unsigned)strtoul(argv[++k], NULL, 10);
		else if (!strcmp(argv[k], "--budget-ms") && k + 1 < argc)
			budget = strtod(argv[++k], NULL);
		else {
			fprintf(stderr, "usage: bench_catalogue [--entries N] [--budget-ms X]\n");
			return 2;
		}
	}
	defs = calloc(n ? n : 1, sizeof *defs);
	elig = calloc(n ? n : 1, sizeof *elig);
	if (!arena || !defs || !elig) {
		fputs("bench_catalogue: out of memory\n", stderr);
		return 2;
	}
	for (i = 0; i < n; i++)
		if (make(arena, &defs[i], i)) {
			fputs("bench_catalogue: out of memory\n", stderr);
			return 2;
		}
	t0 = now_ms();
	if (cat_build(defs, n, arena, &cat) != CT_OK || cat_view_init(&view, cat)) {
		fputs("bench_catalogue: cannot build the catalogue\n", stderr);
		return 2;
	}
	build_ms = now_ms() - t0;

	/* the person: eligibility first, so the list can show and sort by it */
	memset(&person, 0, sizeof person);
	memset(&pni, 0, sizeof pni);
	person.age_known = true;
	person.age = 24;
	person.sex = CAT_SEX_MALE;
	person.region = CAT_REGION_D;
	person.place = CAT_PLACE_COMMUNITY;
	person.offences_known = true;
	person.offences = 1u << CAT_OFFENCE_GENERAL_VIOLENCE;
	person.ogrs3.present = true;
	person.ogrs3.value = 55;
	person.ovp.present = true;
	person.ovp.value = 35;
	person.sara_partner = PNI_SARA_LOW;
	pni.pathway = PNI_MODERATE_INTENSITY_BC;
	person.pni = &pni;
	for (k = 0; k < 101; k++) {
		t0 = now_ms();
		cat_eligibility_all(cat, &person, elig);
		elig_ms[k] = now_ms() - t0;
	}

	/* typing: every prefix of each phrase, with a filter on, ranked */
	memset(&filter, 0, sizeof filter);
	filter.settings = 1u << CAT_SETTING_COMMUNITY;
	filter.verdicts = (1u << CAT_ELIGIBLE) | (1u << CAT_CHECK);
	for (w = 0; w < sizeof typed / sizeof typed[0]; w++) {
		size_t len = strlen(typed[w]);

		cat_view_update(&view, "", &filter, CAT_SORT_RELEVANCE, elig);
		for (c = 1; c <= len && nk < sizeof keys / sizeof keys[0]; c++) {
			memcpy(q, typed[w], c);
			q[c] = '\0';
			t0 = now_ms();
			if (cat_view_update(&view, q, &filter, CAT_SORT_RELEVANCE, elig)) {
				fputs("bench_catalogue: out of memory\n", stderr);
				return 2;
			}
			keys[nk++] = now_ms() - t0;
			shown += view.n;
		}
	}
	med_k = percentile(keys, nk, 50);
	p99_k = percentile(keys, nk, 99);
	med_e = percentile(elig_ms, 101, 50);
	p99_e = percentile(elig_ms, 101, 99);

	printf("catalogue: %u entries, built in %.1f ms\n", n, build_ms);
	printf("catalogue: filter + re-rank per keystroke (%zu keystrokes): median %.3f ms, p99 %.3f ms"
	       " (budget %.1f ms)%s\n", nk, med_k, p99_k, budget,
	       p99_k < budget ? "" : "  MISSED");
	printf("catalogue: eligibility of all %u for one person (101 runs): median %.3f ms, p99 %.3f ms"
	       " (budget %.1f ms)%s\n", n, med_e, p99_e, budget, p99_e < budget ? "" : "  MISSED");
	if (!(p99_k < budget) || !(med_k < budget) || !(p99_e < budget) || !(med_e < budget))
		rc = 1;
	if (shown == 0) {
		fputs("bench_catalogue: the typed words matched nothing; the bench is broken\n", stderr);
		rc = 2;
	}
	cat_view_release(&view);
	cat_free(&cat);
	free(elig);
	return rc;
}
