/* build.c: the in-memory catalogue: derived facts, folded text and orders. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalogue/internal.h"
#include "util/sanitize.h"

/* ------------------------------------------------------------ folding */

/* Base letters for U+00C0..U+017F; "" = a separator, two letters allowed. */
static const char *const latin[] = {
	/* C0 */ "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	/* D0 */ "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",
	/* E0 */ "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	/* F0 */ "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
};

/* U+0100..U+017F by runs: first code point of each run and its letter. */
static const struct {
	unsigned first;
	const char *base;
} ext_a[] = {
	{0x100, "a"}, {0x106, "c"}, {0x10E, "d"}, {0x112, "e"}, {0x11C, "g"}, {0x124, "h"},
	{0x128, "i"}, {0x132, "ij"}, {0x134, "j"}, {0x136, "k"}, {0x139, "l"}, {0x143, "n"},
	{0x14C, "o"}, {0x152, "oe"}, {0x154, "r"}, {0x15A, "s"}, {0x162, "t"}, {0x168, "u"},
	{0x174, "w"}, {0x176, "y"}, {0x179, "z"}, {0x17F, "s"}, {0x180, NULL},
};

static const char *fold_cp(unsigned cp)
{
	size_t k;

	if (cp >= 0xC0 && cp <= 0xFF)
		return latin[cp - 0xC0];
	if (cp >= 0x100 && cp < 0x180) {
		for (k = 0; ext_a[k].base; k++)
			if (cp < ext_a[k + 1].first)
				return ext_a[k].base;
	}
	return NULL;
}

/* Punctuation and symbols outside ASCII that separate words. */
static bool separator_cp(unsigned cp)
{
	return (cp >= 0x80 && cp < 0xC0) || (cp >= 0x2000 && cp < 0x2070) ||
	       (cp >= 0x2190 && cp < 0x2C00) || cp == 0xD7 || cp == 0xF7 || cp == 0x3000 ||
	       cp == 0xFEFF || cp == 0xFFFD;
}

/* Appends the folded form of s; words separated by one space, no leading
 * or trailing space (a space is added first when out already has text and
 * s adds some). */
static int fold_into(struct strbuf *out, const char *s, bool join)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = s ? strlen(s) : 0, i = 0, start = out->len;
	bool pending = join && out->len > 0;

	while (i < n) {
		unsigned cp;
		size_t skip, len = utf8_decode(p + i, n - i, &cp, &skip);
		const char *base = NULL;
		char one[2] = {0, 0};

		if (!len) {
			i += skip;
			pending = out->len > start || pending;
			continue;
		}
		if (cp == '\'' || cp == 0x2018 || cp == 0x2019 || cp == 0x02BC) {
			i += len; /* "Let's" matches "lets" */
			continue;
		}
		if (cp < 0x80) {
			if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
				one[0] = (char)cp;
				base = one;
			} else if (cp >= 'A' && cp <= 'Z') {
				one[0] = (char)(cp - 'A' + 'a');
				base = one;
			} else {
				base = "";
			}
		} else if ((base = fold_cp(cp)) == NULL && separator_cp(cp)) {
			base = "";
		}
		if (base && !*base) {
			if (out->len > start)
				pending = true;
			i += len;
			continue;
		}
		if (pending) {
			if (sb_addc(out, ' '))
				return -1;
			pending = false;
		}
		if (base ? sb_adds(out, base) : sb_add(out, p + i, len))
			return -1;
		i += len;
	}
	return 0;
}

int cat_fold(struct strbuf *out, const char *text)
{
	return fold_into(out, text, false);
}

/* ------------------------------------------------------------ facts */

static bool has_ci(const char *s, const char *w)
{
	size_t n = strlen(w);

	if (!s)
		return false;
	for (; *s; s++)
		if (!strncasecmp(s, w, n))
			return true;
	return false;
}

static unsigned delivery_of(const struct cat_def *d)
{
	unsigned m = 0;

	if (has_ci(d->format, "group"))
		m |= 1u << CAT_DELIVERY_GROUP;
	if (has_ci(d->format, "one-to-one") || has_ci(d->format, "one to one") ||
	    has_ci(d->format, "1:1"))
		m |= 1u << CAT_DELIVERY_ONE_TO_ONE;
	if (has_ci(d->attendance, "in person") || has_ci(d->attendance, "face-to-face") ||
	    has_ci(d->attendance, "face to face"))
		m |= 1u << CAT_DELIVERY_IN_PERSON;
	if (has_ci(d->attendance, "online") || has_ci(d->attendance, "virtual"))
		m |= 1u << CAT_DELIVERY_ONLINE;
	return m;
}

static unsigned rule_levels(const struct cat_risk_rule *r)
{
	unsigned m = 0;
	int lo, hi, l;

	if (r->levels)
		return r->levels;
	if (r->min_score == CAT_UNKNOWN && r->max_score == CAT_UNKNOWN)
		return 0;
	lo = r->min_score == CAT_UNKNOWN ? CAT_LEVEL_LOW : (int)cat_score_level(r->predictor, r->min_score);
	hi = r->max_score == CAT_UNKNOWN ? CAT_LEVEL_HIGH : (int)cat_score_level(r->predictor, r->max_score);
	for (l = lo; l <= hi && l > 0; l++)
		m |= CAT_LEVEL_BIT(l);
	return m;
}

/* The strands that count: those not withdrawn, or all when every one is. */
static bool course_counts(const struct cat_def *d, size_t k)
{
	size_t j;

	if (!d->courses[k].withdrawn)
		return true;
	for (j = 0; j < d->n_courses; j++)
		if (!d->courses[j].withdrawn)
			return false;
	return true;
}

static void facts_of(const struct cat_def *d, struct cat_facts *f)
{
	unsigned json_need = 0, audience = 0, bits;
	bool json_any = false, json_unclear = false, audience_any = false;
	size_t k;

	memset(f, 0, sizeof *f);
	f->type = d->type;
	f->settings = d->settings;
	for (k = 0; k < d->n_needs; k++)
		f->needs |= 1u << cat_need_parse(d->needs[k]);
	f->regions = d->regions;
	f->delivery = delivery_of(d);
	f->min_age = d->min_age;
	f->max_age = d->max_age;
	f->males = d->males;
	f->females = d->females;
	for (k = 0; k < d->n_risk_rules; k++)
		f->risk_levels |= rule_levels(&d->risk_rules[k]);

	for (k = 0; k < d->n_courses; k++) {
		enum cat_intensity in = d->courses[k].intensity;
		enum cat_offence o;

		if (!course_counts(d, k))
			continue;
		if (in != CAT_INTENSITY_NONE) {
			if (f->intensity == CAT_INTENSITY_NONE || f->intensity == in)
				f->intensity = in;
			else
				f->intensity = CAT_INTENSITY_HIGH_MODERATE;
		}
		o = cat_audience_parse(d->courses[k].audience);
		if (o == CAT_OFFENCE_ANY)
			audience_any = true;
		else if (o < CAT_OFFENCE_COUNT)
			audience |= 1u << o;
	}
	if (!f->risk_levels) {
		if (f->intensity == CAT_INTENSITY_HIGH)
			f->risk_levels = CAT_LEVEL_BIT(CAT_LEVEL_HIGH);
		else if (f->intensity == CAT_INTENSITY_MODERATE)
			f->risk_levels = CAT_LEVEL_BIT(CAT_LEVEL_MEDIUM);
		else if (f->intensity == CAT_INTENSITY_HIGH_MODERATE)
			f->risk_levels = CAT_LEVEL_BIT(CAT_LEVEL_MEDIUM) | CAT_LEVEL_BIT(CAT_LEVEL_HIGH);
	}

	for (k = 0; k < d->n_eligible_offences; k++) {
		enum cat_offence o = d->eligible_offences[k].offence;

		if (o == CAT_OFFENCE_ANY)
			json_any = true;
		else if (o == CAT_OFFENCE_UNKNOWN)
			json_unclear = true;
		else
			json_need |= 1u << o;
	}
	if (json_any) {
		json_need = 0;
		json_unclear = false;
	}
	if (audience_any)
		audience = 0;
	if (json_need && audience)
		bits = (json_need & audience) ? (json_need & audience) : json_need;
	else
		bits = json_need ? json_need : audience;
	f->offences_needed = bits;
	/* an unplaced name matters only when the JSON list sets the rule */
	f->offences_unclear = json_unclear && (json_need != 0 || audience == 0);
	for (k = 0; k < d->n_excluded_offences; k++) {
		enum cat_offence o = d->excluded_offences[k].offence;

		if (o < CAT_OFFENCE_COUNT)
			f->offences_excluded |= 1u << o;
	}
}

/* ------------------------------------------------------------ build */

struct sort_key {
	uint32_t i;
	uint8_t type;
	const char *folded;
	const char *name;
};

static int by_name_cmp(const void *a, const void *b)
{
	const struct sort_key *x = a, *y = b;
	int c = strcmp(x->folded, y->folded);

	if (!c)
		c = strcmp(x->name ? x->name : "", y->name ? y->name : "");
	return c ? c : (x->i > y->i) - (x->i < y->i);
}

static int by_type_cmp(const void *a, const void *b)
{
	const struct sort_key *x = a, *y = b;

	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	return by_name_cmp(a, b);
}

/* Records the word starts of text[from..len) into words. */
static int add_words(uint32_t **words, size_t *n, size_t *alloc, const char *text, size_t from,
		     size_t len, uint16_t *count)
{
	size_t i;
	unsigned c = 0;

	for (i = from; i < len; i++) {
		if (text[i] == ' ' || (i > from && text[i - 1] != ' '))
			continue;
		if (*n == *alloc) {
			size_t na = *alloc ? *alloc * 2 : 1024;
			uint32_t *w = realloc(*words, na * sizeof *w);

			if (!w)
				return -1;
			*words = w;
			*alloc = na;
		}
		(*words)[(*n)++] = (uint32_t)i;
		if (c < UINT16_MAX)
			c++;
	}
	*count = (uint16_t)c;
	return 0;
}

void cat_free(struct catalogue **cat)
{
	struct catalogue *c;
	size_t i;

	if (!cat || !*cat)
		return;
	c = *cat;
	for (i = 0; i < c->n; i++)
		cat_def_release(&c->defs[i]);
	free(c->defs);
	cat_arena_free(&c->arena);
	free(c->facts);
	free(c->index);
	free(c->text);
	free(c->words);
	free(c->by_name);
	free(c->by_type);
	free(c);
	*cat = NULL;
}

enum ct_status cat_build(struct cat_def *defs, size_t n, struct cat_arena *arena,
			 struct catalogue **out)
{
	struct catalogue *c = calloc(1, sizeof *c);
	struct strbuf text = STRBUF_INIT;
	size_t n_words = 0, words_alloc = 0, i, k;
	struct sort_key *keys = NULL;

	*out = NULL;
	if (!c) {
		for (i = 0; i < n; i++)
			cat_def_release(&defs[i]);
		free(defs);
		cat_arena_free(&arena);
		return CT_NOMEM;
	}
	c->n = n;
	c->defs = defs;
	c->arena = arena;
	if (n > UINT32_MAX / 2)
		goto nomem;
	c->facts = calloc(n ? n : 1, sizeof *c->facts);
	c->index = calloc(n ? n : 1, sizeof *c->index);
	c->by_name = calloc(n ? n : 1, sizeof *c->by_name);
	c->by_type = calloc(n ? n : 1, sizeof *c->by_type);
	keys = calloc(n ? n : 1, sizeof *keys);
	if (!c->facts || !c->index || !c->by_name || !c->by_type || !keys)
		goto nomem;

	for (i = 0; i < n; i++) {
		const struct cat_def *d = &defs[i];
		struct cat_index *x = &c->index[i];
		size_t from;

		facts_of(d, &c->facts[i]);
		x->name_off = (uint32_t)text.len;
		if (fold_into(&text, d->name, false) || sb_addc(&text, '\0'))
			goto nomem;
		x->desc_off = (uint32_t)text.len;
		from = text.len;
		if (fold_into(&text, d->short_description, true))
			goto nomem;
		for (k = 0; k < d->n_long_description; k++)
			if (fold_into(&text, d->long_description[k], text.len > from))
				goto nomem;
		if (sb_addc(&text, '\0'))
			goto nomem;
		if (text.len > UINT32_MAX)
			goto nomem;
	}
	/* word starts, now that the text no longer moves */
	for (i = 0; i < n; i++) {
		struct cat_index *x = &c->index[i];

		x->words_off = (uint32_t)n_words;
		if (add_words(&c->words, &n_words, &words_alloc, text.buf, x->name_off,
			      x->name_off + strlen(text.buf + x->name_off), &x->n_name_words) ||
		    add_words(&c->words, &n_words, &words_alloc, text.buf, x->desc_off,
			      x->desc_off + strlen(text.buf + x->desc_off), &x->n_desc_words))
			goto nomem;
	}
	for (i = 0; i < n; i++) {
		keys[i].i = (uint32_t)i;
		keys[i].type = (uint8_t)defs[i].type;
		keys[i].folded = text.buf + c->index[i].name_off;
		keys[i].name = defs[i].name;
	}
	if (n) {
		qsort(keys, n, sizeof *keys, by_name_cmp);
		for (i = 0; i < n; i++)
			c->by_name[i] = keys[i].i;
		qsort(keys, n, sizeof *keys, by_type_cmp);
		for (i = 0; i < n; i++)
			c->by_type[i] = keys[i].i;
	}
	free(keys);
	c->text = sb_detach(&text, NULL);
	*out = c;
	return CT_OK;

nomem:
	free(keys);
	sb_release(&text);
	cat_free(&c);
	return CT_NOMEM;
}

size_t cat_count(const struct catalogue *cat)
{
	return cat ? cat->n : 0;
}

const struct cat_def *cat_entry(const struct catalogue *cat, size_t i)
{
	return cat && i < cat->n ? &cat->defs[i] : NULL;
}

const struct cat_facts *cat_entry_facts(const struct catalogue *cat, size_t i)
{
	return cat && i < cat->n ? &cat->facts[i] : NULL;
}

long cat_find(const struct catalogue *cat, const char *id_or_name)
{
	size_t i;

	if (!cat || !id_or_name)
		return -1;
	for (i = 0; i < cat->n; i++)
		if (cat->defs[i].id && !strcasecmp(cat->defs[i].id, id_or_name))
			return (long)i;
	for (i = 0; i < cat->n; i++)
		if (cat->defs[i].name && !strcmp(cat->defs[i].name, id_or_name))
			return (long)i;
	return -1;
}
