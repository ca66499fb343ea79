/* search.c: type-ahead search, filters, faceted counts and sorting. */
#include <stdlib.h>
#include <string.h>

#include "catalogue/internal.h"

#define MAX_TOKENS 16
#define TIER_NAME_FIRST 3 /* a word starting the name */
#define TIER_NAME 2       /* a word of the name */
#define TIER_DESC 1       /* a word of the description */
#define MAX_SCORE (TIER_NAME_FIRST * MAX_TOKENS)

struct tok {
	const char *s;
	size_t len;
};

int cat_view_init(struct cat_view *v, const struct catalogue *cat)
{
	size_t n = cat_count(cat) ? cat_count(cat) : 1;

	memset(v, 0, sizeof *v);
	v->cat = cat;
	sb_init(&v->q);
	sb_init(&v->prev_q);
	v->rows = calloc(n, sizeof *v->rows);
	v->matched = calloc(n, sizeof *v->matched);
	v->tmp = calloc(n, sizeof *v->tmp);
	v->score = calloc(n, sizeof *v->score);
	if (!v->rows || !v->matched || !v->tmp || !v->score || sb_grow(&v->q, 256) ||
	    sb_grow(&v->prev_q, 256)) {
		cat_view_release(v);
		return -1;
	}
	return 0;
}

void cat_view_release(struct cat_view *v)
{
	free(v->rows);
	free(v->matched);
	free(v->tmp);
	free(v->score);
	sb_release(&v->q);
	sb_release(&v->prev_q);
	memset(v, 0, sizeof *v);
}

static size_t tokens(const char *q, struct tok *t)
{
	size_t n = 0;

	while (*q && n < MAX_TOKENS) {
		const char *e = strchr(q, ' ');
		size_t len = e ? (size_t)(e - q) : strlen(q);

		if (len) {
			t[n].s = q;
			t[n].len = len;
			n++;
		}
		q += len;
		while (*q == ' ')
			q++;
	}
	return n;
}

static int score_entry(const struct catalogue *c, uint32_t i, const struct tok *t, size_t nt)
{
	const struct cat_index *x = &c->index[i];
	const uint32_t *w = c->words + x->words_off;
	int total = 0;
	size_t j, k;

	for (j = 0; j < nt; j++) {
		const char *tok = t[j].s;
		size_t len = t[j].len;
		int best = 0;

		for (k = 0; k < x->n_name_words; k++) {
			const char *s = c->text + w[k];

			if (s[0] == tok[0] && !strncmp(s, tok, len)) {
				best = k == 0 ? TIER_NAME_FIRST : TIER_NAME;
				break;
			}
		}
		if (!best) {
			const uint32_t *dw = w + x->n_name_words;

			for (k = 0; k < x->n_desc_words; k++) {
				const char *s = c->text + dw[k];

				if (s[0] == tok[0] && !strncmp(s, tok, len)) {
					best = TIER_DESC;
					break;
				}
			}
		}
		if (!best)
			return -1;
		total += best;
	}
	return total;
}

enum dim { D_TYPE, D_SETTING, D_NEED, D_REGION, D_SEX, D_RISK, D_DELIVERY, D_VERDICT, D_AGE };

static unsigned fails(const struct cat_facts *e, const struct cat_filter *f, int verdict)
{
	unsigned m = 0;

	if (f->types && !(f->types & (1u << e->type)))
		m |= 1u << D_TYPE;
	if (f->settings && !(f->settings & e->settings))
		m |= 1u << D_SETTING;
	if (f->needs && !(f->needs & e->needs))
		m |= 1u << D_NEED;
	if (f->regions && e->regions && !(f->regions & e->regions))
		m |= 1u << D_REGION;
	if (f->sexes && !(((f->sexes & CAT_FILTER_MALE) && e->males != 0) ||
			  ((f->sexes & CAT_FILTER_FEMALE) && e->females != 0)))
		m |= 1u << D_SEX;
	if (f->risk_levels && e->risk_levels && !(f->risk_levels & e->risk_levels))
		m |= 1u << D_RISK;
	if (f->delivery && !(f->delivery & e->delivery))
		m |= 1u << D_DELIVERY;
	if (f->verdicts && verdict >= 0 && !(f->verdicts & (1u << verdict)))
		m |= 1u << D_VERDICT;
	if (f->age_set && ((e->min_age != CAT_UNKNOWN && f->age < e->min_age) ||
			   (e->max_age != CAT_UNKNOWN && f->age > e->max_age)))
		m |= 1u << D_AGE;
	return m;
}

static void add_bits(unsigned *counts, unsigned bits, unsigned nvalues)
{
	unsigned k;

	for (k = 0; k < nvalues; k++)
		if (bits & (1u << k))
			counts[k]++;
}

/* Counts entry e under every dimension in dims. */
static void count(struct cat_counts *c, const struct cat_facts *e, unsigned dims, int verdict)
{
	if (dims & (1u << D_TYPE))
		c->type[e->type]++;
	if (dims & (1u << D_SETTING))
		add_bits(c->setting, e->settings, CAT_SETTING_COUNT);
	if (dims & (1u << D_NEED))
		add_bits(c->need, e->needs, CAT_NEED_COUNT);
	if (dims & (1u << D_REGION))
		add_bits(c->region, e->regions ? e->regions : ~0u, CAT_REGION_COUNT);
	if (dims & (1u << D_SEX)) {
		if (e->males != 0)
			c->sex[0]++;
		if (e->females != 0)
			c->sex[1]++;
	}
	if (dims & (1u << D_RISK))
		add_bits(c->risk_level, e->risk_levels ? e->risk_levels : ~0u, CAT_LEVEL_COUNT);
	if (dims & (1u << D_DELIVERY))
		add_bits(c->delivery, e->delivery, CAT_DELIVERY_COUNT);
	if ((dims & (1u << D_VERDICT)) && verdict >= 0)
		c->verdict[verdict]++;
}

static bool starts_with(const struct strbuf *s, const struct strbuf *prefix)
{
	return prefix->len <= s->len && !memcmp(s->buf, prefix->buf, prefix->len);
}

int cat_view_update(struct cat_view *v, const char *query, const struct cat_filter *filter,
		    enum cat_sort sort, const struct cat_elig *elig)
{
	const struct catalogue *c = v->cat;
	static const struct cat_filter none;
	const struct cat_filter *f = filter ? filter : &none;
	const uint32_t *order;
	struct tok t[MAX_TOKENS];
	size_t nt, n = cat_count(c), i, k = 0, nm = 0;
	unsigned bucket[MAX_SCORE + 2];
	int b;

	sb_reset(&v->q);
	if (cat_fold(&v->q, query ? query : "")) {
		v->prev_valid = false;
		return -1;
	}
	nt = tokens(v->q.buf, t);

	/* the text match */
	if (nt == 0) {
		for (i = 0; i < n; i++) {
			v->score[i] = 0;
			v->matched[i] = (uint32_t)i;
		}
		nm = n;
	} else if (v->prev_valid && v->prev_q.len && starts_with(&v->q, &v->prev_q)) {
		for (i = 0; i < v->n_matched; i++) {
			uint32_t e = v->matched[i];
			int s = score_entry(c, e, t, nt);

			v->score[e] = (int16_t)s;
			if (s >= 0)
				v->matched[nm++] = e;
		}
	} else {
		for (i = 0; i < n; i++) {
			int s = score_entry(c, (uint32_t)i, t, nt);

			v->score[i] = (int16_t)s;
			if (s >= 0)
				v->matched[nm++] = (uint32_t)i;
		}
	}
	v->n_matched = nm;
	sb_reset(&v->prev_q);
	if (sb_add(&v->prev_q, v->q.buf, v->q.len))
		v->prev_valid = false;
	else
		v->prev_valid = true;

	/* filters and counts, in name (or type) order */
	memset(&v->counts, 0, sizeof v->counts);
	order = sort == CAT_SORT_TYPE ? c->by_type : c->by_name;
	for (i = 0; i < n; i++) {
		uint32_t e = order[i];
		const struct cat_facts *fe = &c->facts[e];
		int verdict = elig ? elig[e].verdict : -1;
		unsigned m;

		if (v->score[e] < 0)
			continue;
		v->counts.matched++;
		m = fails(fe, f, verdict);
		if (m == 0) {
			v->tmp[k++] = e;
			count(&v->counts, fe, ~0u, verdict);
		} else if (!(m & (m - 1))) {
			count(&v->counts, fe, m, verdict);
		}
	}
	v->counts.shown = (unsigned)k;
	v->n = k;

	/* order: buckets keep the name order inside each */
	if (sort == CAT_SORT_RELEVANCE && nt > 0) {
		memset(bucket, 0, sizeof bucket);
		for (i = 0; i < k; i++)
			bucket[v->score[v->tmp[i]]]++;
		{
			unsigned at = 0;

			for (b = MAX_SCORE; b >= 0; b--) {
				unsigned cnt = bucket[b];

				bucket[b] = at;
				at += cnt;
			}
		}
		for (i = 0; i < k; i++)
			v->rows[bucket[v->score[v->tmp[i]]]++] = v->tmp[i];
	} else if (sort == CAT_SORT_ELIGIBILITY && elig) {
		unsigned at[3] = {0, 0, 0}, cnt[3] = {0, 0, 0};

		for (i = 0; i < k; i++)
			cnt[elig[v->tmp[i]].verdict % 3]++;
		at[1] = cnt[0];
		at[2] = cnt[0] + cnt[1];
		for (i = 0; i < k; i++)
			v->rows[at[elig[v->tmp[i]].verdict % 3]++] = v->tmp[i];
	} else {
		memcpy(v->rows, v->tmp, k * sizeof *v->rows);
	}
	return 0;
}
