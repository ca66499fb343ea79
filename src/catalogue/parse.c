/* parse.c: reading risk rules, session counts and hours from catalogue text. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalogue/internal.h"

enum cat_level cat_score_level(enum cat_predictor p, double pct)
{
	switch (p) {
	case CAT_PREDICTOR_OGRS3:
		return pct >= PNI_OGRS3_HIGH ? CAT_LEVEL_HIGH
		     : pct >= PNI_OGRS3_MEDIUM_MIN ? CAT_LEVEL_MEDIUM : CAT_LEVEL_LOW;
	case CAT_PREDICTOR_OVP:
		return pct >= PNI_OVP_HIGH ? CAT_LEVEL_HIGH
		     : pct >= PNI_OVP_MEDIUM_MIN ? CAT_LEVEL_MEDIUM : CAT_LEVEL_LOW;
	case CAT_PREDICTOR_RSR:
		return pct >= PNI_RSR_HIGH ? CAT_LEVEL_HIGH
		     : pct >= PNI_RSR_MEDIUM_MIN ? CAT_LEVEL_MEDIUM : CAT_LEVEL_LOW;
	default:
		return CAT_LEVEL_MISSING;
	}
}

static bool is_word(char c)
{
	return isalnum((unsigned char)c) != 0;
}

/* Finds word w (lower case) in s[0..len) at a word boundary; -1 if none. */
static long find_word(const char *s, size_t len, const char *w, size_t from)
{
	size_t n = strlen(w), i;

	for (i = from; i + n <= len; i++)
		if (!strncmp(s + i, w, n) && (i == 0 || !is_word(s[i - 1])) &&
		    (i + n == len || !is_word(s[i + n])))
			return (long)i;
	return -1;
}

/* A predictor named at s[i]: "ogrs"/"ogrs3", "ovp", "rsr", "osp...", "sara",
 * "rosh".  Returns it and its length in *n, or NONE. */
static enum cat_predictor mention_at(const char *s, size_t len, size_t i, size_t *n)
{
	static const struct {
		const char *w;
		enum cat_predictor p;
	} names[] = {
		{"ogrs3", CAT_PREDICTOR_OGRS3}, {"ogrs", CAT_PREDICTOR_OGRS3},
		{"ovp", CAT_PREDICTOR_OVP},     {"rsr", CAT_PREDICTOR_RSR},
		{"osp", CAT_PREDICTOR_OSP},     {"sara", CAT_PREDICTOR_SARA},
		{"rosh", CAT_PREDICTOR_ROSH},
	};
	size_t k;

	if (i > 0 && is_word(s[i - 1]))
		return CAT_PREDICTOR_NONE;
	for (k = 0; k < sizeof names / sizeof names[0]; k++) {
		size_t m = strlen(names[k].w);

		if (i + m <= len && !strncmp(s + i, names[k].w, m) &&
		    (i + m == len || !isalpha((unsigned char)s[i + m]))) {
			*n = m;
			return names[k].p;
		}
	}
	return CAT_PREDICTOR_NONE;
}

static bool percent_predictor(enum cat_predictor p)
{
	return p == CAT_PREDICTOR_OGRS3 || p == CAT_PREDICTOR_OVP || p == CAT_PREDICTOR_RSR;
}

static enum cat_predictor field_predictor(const char *field, const char *lower)
{
	bool partner = strstr(lower, "partner") != NULL;
	bool others = strstr(lower, "others") != NULL;

	if (!strcmp(field, "ogrs_score_guide"))
		return CAT_PREDICTOR_OGRS3;
	if (!strcmp(field, "ovp_guide"))
		return CAT_PREDICTOR_OVP;
	if (!strcmp(field, "rsr_guide"))
		return CAT_PREDICTOR_RSR;
	if (!strcmp(field, "osp_score_guide") || !strcmp(field, "osp_dc_icc_combination_guide"))
		return CAT_PREDICTOR_OSP;
	if (!strcmp(field, "rosh_level"))
		return CAT_PREDICTOR_ROSH;
	if (!strcmp(field, "sara_partner_score_guide") || !strcmp(field, "sara_other_score_guide")) {
		/* The text decides; a text naming neither ("Low risk on SARA",
		 * or BBR's "Medium or high SARA" under sara_other) accepts either. */
		if (partner && !others)
			return CAT_PREDICTOR_SARA_PARTNER;
		if (others && !partner)
			return CAT_PREDICTOR_SARA_OTHER;
		return CAT_PREDICTOR_SARA;
	}
	return CAT_PREDICTOR_NONE; /* cn_score_guide, pna_guide, ogp_guide, ... */
}

/* Level words in s[0..len): "low", "medium", "high", "very high", with
 * "< medium" (below) and "medium+" / "medium or above" (and above). */
static unsigned level_words(const char *s, size_t len)
{
	static const struct {
		const char *w;
		enum cat_level l;
	} words[] = {
		{"very high", CAT_LEVEL_VERY_HIGH}, {"high", CAT_LEVEL_HIGH},
		{"medium", CAT_LEVEL_MEDIUM},       {"low", CAT_LEVEL_LOW},
	};
	unsigned levels = 0;
	size_t k;
	long at;

	for (k = 0; k < sizeof words / sizeof words[0]; k++) {
		size_t n = strlen(words[k].w);

		for (at = find_word(s, len, words[k].w, 0); at >= 0;
		     at = find_word(s, len, words[k].w, (size_t)at + n)) {
			size_t j = (size_t)at;
			const char *after = s + j + n;
			unsigned bit = CAT_LEVEL_BIT(words[k].l), l;

			/* "high" inside "very high" was counted already */
			if (words[k].l == CAT_LEVEL_HIGH && j >= 5 && !strncmp(s + j - 5, "very ", 5))
				continue;
			while (j > 0 && s[j - 1] == ' ')
				j--;
			if (j > 0 && s[j - 1] == '<') {
				for (l = CAT_LEVEL_LOW; l < words[k].l; l++)
					levels |= CAT_LEVEL_BIT(l);
				continue;
			}
			if ((size_t)(after - s) < len &&
			    (*after == '+' || !strncmp(after, " or above", 9))) {
				for (l = words[k].l; l < CAT_LEVEL_END; l++)
					levels |= CAT_LEVEL_BIT(l);
				continue;
			}
			levels |= bit;
		}
	}
	return levels;
}

/* The lower-cased text with the clauses that do not set the rule cut off
 * (", but ...", " or if ...", " unless ..."). */
static size_t cut_clauses(const char *s, size_t len)
{
	static const char *const stops[] = {", but", " but ", " or if ", " unless "};
	size_t k;

	for (k = 0; k < sizeof stops / sizeof stops[0]; k++) {
		const char *p = strstr(s, stops[k]);

		if (p && (size_t)(p - s) < len)
			len = (size_t)(p - s);
	}
	return len;
}

static double read_num(const char *s, size_t *i)
{
	char *end;
	double v = strtod(s + *i, &end);

	*i = (size_t)(end - s);
	return v;
}

static void skip_spaces(const char *s, size_t len, size_t *i)
{
	while (*i < len && s[*i] == ' ')
		(*i)++;
}

size_t cat_risk_parse(const char *field, const char *text, struct cat_risk_rule *out, size_t max)
{
	size_t len, n = 0, i, start = 0;
	enum cat_predictor fp, only_if = CAT_PREDICTOR_NONE;
	bool numeric_for_field = false;
	char *s;

	if (!field || !text || !max)
		return 0;
	len = strlen(text);
	s = malloc(len + 1);
	if (!s)
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		s[i] = c == '\n' || c == '\t' || c == '\r' ? ' ' : (char)tolower(c);
	}
	s[len] = '\0';
	fp = field_predictor(field, s);
	if (fp == CAT_PREDICTOR_NONE) {
		free(s);
		return 0;
	}
	/* "If OVP not available, then OGRS3: score 25+" */
	if (!strncmp(s, "if ", 3)) {
		const char *na = strstr(s, "not available");
		size_t m;

		if (na) {
			only_if = mention_at(s, len, 3, &m);
			start = (size_t)(na - s) + strlen("not available");
		}
	}
	len = cut_clauses(s, len);
	/* "if ... unless ... not available": the cut came before the rule */
	if (start > len)
		start = len;

	/* Numeric thresholds: "50+", "score 25+", "(35 to 75%)". */
	for (i = start; i < len && n < max; i++) {
		size_t j = i, k, m, best_at = 0;
		double lo, hi = CAT_UNKNOWN;
		enum cat_predictor p = CAT_PREDICTOR_NONE;

		if (!isdigit((unsigned char)s[i]) || (i > 0 && (is_word(s[i - 1]) || s[i - 1] == '.')))
			continue;
		lo = read_num(s, &j);
		k = j;
		skip_spaces(s, len, &k);
		if (k < len && s[k] == '+') {
			j = k + 1;
		} else if (!strncmp(s + k, "to ", 3) || s[k] == '-') {
			k += s[k] == '-' ? 1 : 3;
			skip_spaces(s, len, &k);
			if (k >= len || !isdigit((unsigned char)s[k])) {
				i = j;
				continue;
			}
			hi = read_num(s, &k);
			j = k;
		} else {
			i = j;
			continue;
		}
		/* the predictor named right after it, else the last one before */
		for (k = j; k < len && k < j + 16 && !isdigit((unsigned char)s[k]); k++)
			if ((p = mention_at(s, len, k, &m)) != CAT_PREDICTOR_NONE)
				break;
		if (p == CAT_PREDICTOR_NONE) {
			for (k = start; k < i; k++) {
				enum cat_predictor q = mention_at(s, len, k, &m);

				if (q != CAT_PREDICTOR_NONE) {
					p = q;
					best_at = k;
				}
			}
			(void)best_at;
		}
		if (p == CAT_PREDICTOR_NONE)
			p = fp;
		/* "22+ ERG" and other scores we do not hold are not rules */
		if (percent_predictor(p)) {
			bool named_other = false;

			for (k = j; k < len && k < j + 16; k++) {
				enum cat_predictor q = mention_at(s, len, k, &m);

				if (q != CAT_PREDICTOR_NONE)
					break;
				if (!strncmp(s + k, "erg", 3) && (k == 0 || !is_word(s[k - 1])))
					named_other = true;
			}
			if (!named_other) {
				memset(&out[n], 0, sizeof out[n]);
				out[n].predictor = p;
				out[n].min_score = lo;
				out[n].max_score = hi;
				out[n].only_if_missing = only_if;
				out[n].field = field;
				out[n].guide = text;
				if (p == fp)
					numeric_for_field = true;
				n++;
			}
		}
		i = j;
	}
	if (!numeric_for_field && n < max) {
		unsigned levels = level_words(s + start, len - start);

		if (levels) {
			memset(&out[n], 0, sizeof out[n]);
			out[n].predictor = fp;
			out[n].levels = levels;
			out[n].min_score = CAT_UNKNOWN;
			out[n].max_score = CAT_UNKNOWN;
			out[n].only_if_missing = only_if;
			out[n].field = field;
			out[n].guide = text;
			n++;
		}
	}
	free(s);
	return n;
}

/* Case-insensitive search within s[0..len). */
static const char *find_ci(const char *s, size_t len, const char *w)
{
	size_t n = strlen(w), i;

	for (i = 0; i + n <= len; i++)
		if (!strncasecmp(s + i, w, n))
			return s + i;
	return NULL;
}

void cat_parse_sessions(const char *text, int *min, int *max)
{
	size_t len, i;
	long lo_sum = 0, hi_sum = 0;
	bool any = false, open = false;

	*min = *max = CAT_UNKNOWN;
	if (!text)
		return;
	len = strlen(text);
	/* alternatives are not added up: "..., or 15+ ...", "Alternatively ..." */
	{
		const char *a = find_ci(text, len, "alternatively");
		const char *b = find_ci(text, len, ", or ");

		if (a)
			len = (size_t)(a - text);
		if (b && (size_t)(b - text) < len)
			len = (size_t)(b - text);
	}
	for (i = 0; i < len; i++) {
		size_t j = i, k, next;
		long lo, hi;
		bool plus = false, at_least;
		char *end;

		if (!isdigit((unsigned char)text[i]) || (i > 0 && is_word(text[i - 1])))
			continue;
		lo = strtol(text + i, &end, 10);
		j = (size_t)(end - text);
		hi = lo;
		k = j;
		while (k < len && text[k] == ' ')
			k++;
		if (k + 3 <= len && !strncasecmp(text + k, "to ", 3)) {
			size_t m = k + 3;

			while (m < len && text[m] == ' ')
				m++;
			if (m < len && isdigit((unsigned char)text[m])) {
				hi = strtol(text + m, &end, 10);
				j = (size_t)(end - text);
			}
		}
		if (j < len && text[j] == '+')
			plus = true;
		/* the words up to the next number must say "session" */
		for (next = j; next < len && !isdigit((unsigned char)text[next]); next++)
			;
		if (!find_ci(text + j, next - j, "session") || find_ci(text + j, next - j, "-part")) {
			i = j;
			continue;
		}
		at_least = (i >= 11 && find_ci(text + (i - 11), 11, "minimum of")) ||
			   (i >= 9 && find_ci(text + (i - 9), 9, "at least"));
		lo_sum += lo;
		hi_sum += hi;
		if (plus || at_least)
			open = true;
		any = true;
		i = j;
	}
	if (!any || lo_sum > 10000 || hi_sum > 10000)
		return;
	*min = (int)lo_sum;
	*max = open ? CAT_UNKNOWN : (int)hi_sum;
}

double cat_parse_hours(const char *text)
{
	size_t len, i;

	if (!text)
		return CAT_UNKNOWN;
	len = strlen(text);
	for (i = 0; i < len; i++) {
		char *end;
		double v;
		size_t j;

		if (!isdigit((unsigned char)text[i]) || (i > 0 && is_word(text[i - 1])))
			continue;
		v = strtod(text + i, &end);
		j = (size_t)(end - text);
		while (j < len && text[j] == ' ')
			j++;
		if (j + 4 <= len && !strncasecmp(text + j, "hour", 4))
			return v;
		i = (size_t)(end - text);
	}
	return CAT_UNKNOWN;
}
