/* form_load.c: YAML (via util/ytree) -> struct form, reporting every problem
 * as "file:line:column: message", sorted by position. */
#include "forms/form.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forms/validate.h"
#include "util/ytree.h"

/* ---- allocation: every block hangs off the form, freed in one call ------ */

struct ablock {
	struct ablock *next;
	max_align_t data[];
};

struct rxnode {
	struct rxnode *next;
	regex_t re;
};

struct form_priv {
	struct ablock *blocks;
	struct rxnode *regexes;
};

static void *palloc(struct form_priv *p, size_t size)
{
	struct ablock *b;

	if (size > SIZE_MAX - sizeof *b)
		return NULL;
	b = calloc(1, sizeof *b + size);
	if (!b)
		return NULL;
	b->next = p->blocks;
	p->blocks = b;
	return b->data;
}

static void *palloc_array(struct form_priv *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return palloc(p, n ? n * size : 1);
}

void form_free(struct form **fp)
{
	struct form *f;
	struct ablock *b, *nb;
	struct rxnode *r, *nr;

	if (!fp || !*fp)
		return;
	f = *fp;
	if (f->priv) {
		for (r = f->priv->regexes; r; r = nr) {
			nr = r->next;
			regfree(&r->re);
			free(r);
		}
		for (b = f->priv->blocks; b; b = nb) {
			nb = b->next;
			free(b);
		}
		free(f->priv);
	}
	ytree_free(&f->doc);
	free(f);
	*fp = NULL;
}

/* ---- problems, collected then sorted by position ------------------------ */

struct problem {
	unsigned line, col;
	size_t seq;
	char *msg;
};

struct seen_id {
	const char *id;
	const struct ynode *at;
	void *what;
};

struct idset {
	struct seen_id *v;
	size_t n, cap;
};

/* A field whose show_if is resolved after every field is known. */
struct pending_show_if {
	struct form_field *field;
	const struct ynode *node;    /* the show_if map */
};

struct loader {
	const char *name;
	struct form *form;
	struct form_priv *priv;
	struct problem *probs;
	size_t nprobs, capprobs;
	bool nomem;
	struct idset field_ids, page_ids, section_ids;
	struct pending_show_if *pend;
	size_t npend, cappend;
	struct form_field **tops;     /* top-level fields in order */
	size_t ntops, captops;
	/* sections' depends_on, resolved after all sections are read */
	const struct ynode **deps_nodes;
};

static void problem(struct loader *l, const struct ynode *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void problem(struct loader *l, const struct ynode *at, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	struct problem *np;
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (l->nprobs == l->capprobs) {
		size_t nc = l->capprobs ? l->capprobs * 2 : 16;

		np = realloc(l->probs, nc * sizeof *np);
		if (!np) {
			l->nomem = true;
			sb_release(&sb);
			return;
		}
		l->probs = np;
		l->capprobs = nc;
	}
	l->probs[l->nprobs].line = at ? at->line : 1;
	l->probs[l->nprobs].col = at ? at->col : 1;
	l->probs[l->nprobs].seq = l->nprobs;
	l->probs[l->nprobs].msg = sb_detach(&sb, NULL);
	l->nprobs++;
}

static int cmp_problem(const void *a, const void *b)
{
	const struct problem *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void *lalloc(struct loader *l, size_t n, size_t size)
{
	void *p = palloc_array(l->priv, n, size);

	if (!p)
		l->nomem = true;
	return p;
}

static bool grow(struct loader *l, void **arr, size_t *cap, size_t n, size_t size)
{
	void *p;
	size_t nc;

	if (n < *cap)
		return true;
	nc = *cap ? *cap * 2 : 16;
	p = realloc(*arr, nc * size);
	if (!p) {
		l->nomem = true;
		return false;
	}
	*arr = p;
	*cap = nc;
	return true;
}

/* ---- small helpers ------------------------------------------------------ */

static const char *kind_name(const struct ynode *n)
{
	return n->type == YN_MAP ? "a mapping" : n->type == YN_SEQ ? "a list" : "text";
}

/* Levenshtein distance, for "did you mean" on unknown keys and types. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, prev, cur, tmp;
	size_t row[64];

	if (lb >= 64 || la >= 64)
		return 99;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			cur = prev + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < cur)
				cur = row[j] + 1;
			if (row[j - 1] + 1 < cur)
				cur = row[j - 1] + 1;
			tmp = row[j];
			row[j] = cur;
			prev = tmp;
		}
	}
	return row[lb];
}

static const char *closest(const char *word, const char *const *list)
{
	const char *best = NULL;
	size_t i, d, bd = 3;

	for (i = 0; list[i]; i++) {
		d = edit_distance(word, list[i]);
		if (d < bd) {
			bd = d;
			best = list[i];
		}
	}
	return best;
}

static void join_list(struct strbuf *sb, const char *const *list)
{
	size_t i;

	for (i = 0; list[i]; i++)
		sb_addf(sb, "%s%s", i ? ", " : "", list[i]);
}

/* Reports keys of map not in allowed (NULL-terminated); what names the map. */
static void check_keys(struct loader *l, const struct ynode *map, const char *const *allowed,
		       const char *what)
{
	struct strbuf known = STRBUF_INIT;
	const char *guess;
	size_t i, j;
	bool ok;

	for (i = 0; i < map->len; i++) {
		const struct ynode *k = map->items[2 * i];

		for (ok = false, j = 0; allowed[j] && !ok; j++)
			ok = !strcmp(k->str, allowed[j]);
		if (ok)
			continue;
		guess = closest(k->str, allowed);
		if (guess) {
			problem(l, k, "unknown key '%s' in %s; did you mean '%s'?", k->str, what, guess);
		} else {
			sb_reset(&known);
			join_list(&known, allowed);
			problem(l, k, "unknown key '%s' in %s (expected one of: %s)", k->str, what,
				known.buf);
		}
	}
	sb_release(&known);
}

/* The key node of key in map, for positions of "key is wrong" messages. */
static const struct ynode *key_node(const struct ynode *map, const char *key)
{
	size_t i;

	for (i = 0; map && map->type == YN_MAP && i < map->len; i++)
		if (!strcmp(map->items[2 * i]->str, key))
			return map->items[2 * i];
	return map;
}

/* Text value of key: NULL when absent; reports a non-scalar. */
static const char *get_text(struct loader *l, const struct ynode *map, const char *key,
			    const char *what)
{
	const struct ynode *v = ymap_get(map, key);

	if (!v)
		return NULL;
	if (v->type != YN_SCALAR) {
		problem(l, v, "'%s' of %s must be text, not %s", key, what, kind_name(v));
		return NULL;
	}
	return v->str;
}

static const char *need_text(struct loader *l, const struct ynode *map, const char *key,
			     const char *what)
{
	const char *s = get_text(l, map, key, what);

	if (!s && !ymap_get(map, key))
		problem(l, map, "%s has no '%s'", what, key);
	else if (s && !*s)
		problem(l, ymap_get(map, key), "'%s' of %s must not be empty", key, what);
	return s;
}

static bool get_bool(struct loader *l, const struct ynode *map, const char *key,
		     const char *what)
{
	const struct ynode *v = ymap_get(map, key);
	bool b = false;

	if (v && !yscalar_bool(v, &b))
		problem(l, v, "'%s' of %s must be true or false", key, what);
	return b;
}

static bool valid_id(const char *s)
{
	size_t i;

	if (!s || !(*s >= 'a' && *s <= 'z'))
		return false;
	for (i = 1; s[i]; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return i <= 64;
}

/* Reads and records an id; reports bad or duplicate ones.  Returns it. */
static const char *take_id(struct loader *l, const struct ynode *map, const char *what,
			   struct idset *set, void *obj)
{
	const char *id = need_text(l, map, "id", what);
	const struct ynode *at = ymap_get(map, "id");
	size_t i;

	if (!id || !*id)
		return NULL;
	if (!valid_id(id)) {
		problem(l, at, "id '%s' must start with a lower-case letter and have only "
			"lower-case letters, digits and _ (at most 64)", id);
		return id;
	}
	for (i = 0; i < set->n; i++) {
		if (!strcmp(set->v[i].id, id)) {
			problem(l, at, "duplicate %s id '%s' (first at line %u)", what, id,
				set->v[i].at->line);
			return id;
		}
	}
	if (grow(l, (void **)&set->v, &set->cap, set->n, sizeof *set->v))
		set->v[set->n++] = (struct seen_id){id, at, obj};
	return id;
}

static const struct ynode *get_seq(struct loader *l, const struct ynode *map, const char *key,
				   const char *what)
{
	const struct ynode *v = ymap_get(map, key);

	if (v && v->type != YN_SEQ) {
		problem(l, v, "'%s' of %s must be a list, not %s", key, what, kind_name(v));
		return NULL;
	}
	return v;
}

/* ---- bounds ------------------------------------------------------------- */

static bool parse_number(const char *s, double *out)
{
	char *end;
	double v;

	if (!s || !*s)
		return false;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || !isfinite(v))
		return false;
	*out = v;
	return true;
}

/* "today", "today+6m", "today-18y", "today-1d", "today+2w-1d", or YYYY-MM-DD. */
bool form_parse_date_bound(const char *s, struct date_bound *out)
{
	struct date_bound b = {DB_TODAY, {0, 0, 0}, 0, 0, 0};
	const char *p;

	if (date_parse_iso(s, &b.fixed)) {
		b.kind = DB_FIXED;
		*out = b;
		return true;
	}
	if (strncmp(s, "today", 5))
		return false;
	for (p = s + 5; *p;) {
		int sign = *p == '+' ? 1 : *p == '-' ? -1 : 0;
		long n = 0;

		if (!sign || !(p[1] >= '0' && p[1] <= '9'))
			return false;
		for (p++; *p >= '0' && *p <= '9'; p++) {
			n = n * 10 + (*p - '0');
			if (n > 100000)
				return false;
		}
		switch (*p) {
		case 'd': b.days += (int)(sign * n); break;
		case 'w': b.days += (int)(sign * n * 7); break;
		case 'm': b.months += (int)(sign * n); break;
		case 'y': b.years += (int)(sign * n); break;
		default: return false;
		}
		p++;
	}
	*out = b;
	return true;
}

/* "HH:MM" (24-hour) -> minutes after midnight. */
static bool parse_hhmm(const char *s, int *out)
{
	if (strlen(s) != 5 || s[2] != ':' || s[0] < '0' || s[0] > '2' || s[1] < '0' ||
	    s[1] > '9' || s[3] < '0' || s[3] > '5' || s[4] < '0' || s[4] > '9')
		return false;
	*out = ((s[0] - '0') * 10 + (s[1] - '0')) * 60 + (s[3] - '0') * 10 + (s[4] - '0');
	return *out < 24 * 60;
}

static void parse_bound(struct loader *l, const struct ynode *map, const char *key,
			enum field_type t, struct form_bound *b)
{
	const struct ynode *v = ymap_get(map, key);
	long n;

	if (!v)
		return;
	if (v->type != YN_SCALAR) {
		problem(l, v, "'%s' must be %s, not %s", key,
			t == FT_DATE ? "a date" : "a number", kind_name(v));
		return;
	}
	b->text = v->str;
	switch (t) {
	case FT_NUMBER:
	case FT_MONEY:
		if (!parse_number(v->str, &b->num)) {
			problem(l, v, "'%s' must be a number, not '%s'", key, v->str);
			return;
		}
		break;
	case FT_MULTISELECT:
	case FT_GROUP:
		if (!yscalar_long(v, &n) || n < 0 || n > 1000) {
			problem(l, v, "'%s' must be a whole number from 0 to 1000, not '%s'", key,
				v->str);
			return;
		}
		b->num = (double)n;
		break;
	case FT_DATE:
		if (!form_parse_date_bound(v->str, &b->date)) {
			problem(l, v, "'%s' must be a date like 2024-03-31, or today, today+6m, "
				"today-18y, today-1d; not '%s'", key, v->str);
			return;
		}
		break;
	case FT_TIME:
		if (!parse_hhmm(v->str, &b->minutes)) {
			problem(l, v, "'%s' must be a time like 09:30, not '%s'", key, v->str);
			return;
		}
		break;
	default:
		return;
	}
	b->set = true;
}

/* A day to compare date bounds against when both move with today. */
static long bound_days(const struct date_bound *b)
{
	struct ymd ref = {2000, 1, 1};

	return form_date_bound_days(b, ref);
}

static void check_min_max(struct loader *l, const struct ynode *map, enum field_type t,
			  const struct form_bound *min, const struct form_bound *max)
{
	bool wrong = false;

	if (!min->set || !max->set)
		return;
	switch (t) {
	case FT_DATE:
		wrong = min->date.kind == max->date.kind &&
			bound_days(&min->date) > bound_days(&max->date);
		break;
	case FT_TIME:
		wrong = min->minutes > max->minutes;
		break;
	default:
		wrong = min->num > max->num;
		break;
	}
	if (wrong)
		problem(l, ymap_get(map, "min"), "'min' (%s) is after 'max' (%s)", min->text,
			max->text);
}

/* ---- options ------------------------------------------------------------ */

static const char *const option_keys[] = {"value", "label", "hint", NULL};

static const struct form_option yesno_options[] = {
	{"yes", "Yes", NULL},
	{"no", "No", NULL},
};

static void parse_options(struct loader *l, const struct ynode *seq, struct form_field *f)
{
	struct form_option *opts;
	size_t i, j;

	if (!seq->len) {
		problem(l, seq, "'options' of field '%s' must not be empty", f->id);
		return;
	}
	opts = lalloc(l, seq->len, sizeof *opts);
	if (!opts)
		return;
	for (i = 0; i < seq->len; i++) {
		const struct ynode *o = seq->items[i];

		if (o->type == YN_SCALAR) {
			opts[i].value = opts[i].label = o->str;
		} else if (o->type == YN_MAP) {
			check_keys(l, o, option_keys, "an option");
			opts[i].value = need_text(l, o, "value", "an option");
			opts[i].label = get_text(l, o, "label", "an option");
			opts[i].hint = get_text(l, o, "hint", "an option");
			if (!opts[i].label)
				opts[i].label = opts[i].value;
		} else {
			problem(l, o, "an option must be text or {value, label}, not a list");
		}
		if (!opts[i].value)
			continue;
		if (!*opts[i].value || strpbrk(opts[i].value, "\n\r")) {
			problem(l, o, "an option value must be one line of text");
			opts[i].value = NULL;
			continue;
		}
		for (j = 0; j < i; j++) {
			if (opts[j].value && !strcmp(opts[j].value, opts[i].value)) {
				problem(l, o, "duplicate option value '%s' in field '%s'",
					opts[i].value, f->id);
				break;
			}
		}
	}
	for (i = 0; i < seq->len; i++)
		if (!opts[i].value)
			opts[i].value = opts[i].label = "";
	f->options = opts;
	f->n_options = seq->len;
}

/* ---- fields ------------------------------------------------------------- */

static const char *const field_keys[] = {
	"id", "label", "hint", "error_name", "type", "required", "min", "max", "max_length",
	"pattern", "options", "options_from", "show_if", "prefill", "readonly", "redactable",
	"repeat", NULL,
};

static const char *const group_keys[] = {
	"id", "label", "hint", "error_name", "show_if", "repeat", "type", NULL,
};

static const char *const repeat_keys[] = {"min", "max", "fields", NULL};

static const char *const type_names[] = {
#define FORM_FT_NAME(name, yaml) yaml,
	FORM_FIELD_TYPES(FORM_FT_NAME)
#undef FORM_FT_NAME
	NULL,
};

static bool type_is(enum field_type t, const enum field_type *set, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (set[i] == t)
			return true;
	return false;
}

#define TYPES(...) (const enum field_type[]){__VA_ARGS__}, \
	sizeof((const enum field_type[]){__VA_ARGS__}) / sizeof(enum field_type)

/* Reports key when it is present but the type does not take it. */
static void only_for(struct loader *l, const struct ynode *map, const char *key,
		     enum field_type t, const enum field_type *set, size_t n)
{
	if (ymap_get(map, key) && !type_is(t, set, n))
		problem(l, key_node(map, key), "'%s' does not apply to %s fields", key,
			field_type_name(t));
}

static bool prefill_path_ok(const char *s)
{
	bool seg_start = true;

	for (; *s; s++) {
		if (*s == '.') {
			if (seg_start)
				return false;
			seg_start = true;
		} else if (*s == '[') {
			if (seg_start || !(s[1] >= '0' && s[1] <= '9'))
				return false;
			for (s++; *s >= '0' && *s <= '9'; s++)
				;
			if (*s != ']')
				return false;
		} else if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
			   (*s >= '0' && *s <= '9') || *s == '_') {
			seg_start = false;
		} else {
			return false;
		}
	}
	return !seg_start;
}

static void check_prefill(struct loader *l, const struct ynode *at, const char *prefill)
{
	struct strbuf known = STRBUF_INIT;
	size_t n, i;
	bool listed = false;

	if (!prefill_path_ok(prefill)) {
		problem(l, at, "prefill '%s' is not a dotted path like ndelius.details.name.forename",
			prefill);
		return;
	}
	n = form_prefill_split(prefill);
	if (!n) {
		for (i = 0; form_prefill_sources[i]; i++) {
			size_t k = strlen(form_prefill_sources[i]);

			if (!strcmp(prefill, form_prefill_sources[i]) ||
			    (!strncmp(prefill, form_prefill_sources[i], k) && !prefill[k])) {
				problem(l, at, "prefill '%s' names a source but no value in it, like "
					"%s.some.field", prefill, prefill);
				return;
			}
		}
		join_list(&known, form_prefill_sources);
		problem(l, at, "prefill '%s' names no known source (known: %s)", prefill, known.buf);
		sb_release(&known);
		return;
	}
	for (i = 0; i < l->form->n_sources; i++)
		if (strlen(l->form->sources[i]) == n && !strncmp(l->form->sources[i], prefill, n))
			listed = true;
	if (!listed)
		problem(l, at, "prefill source '%.*s' is not in the form's 'sources' list", (int)n,
			prefill);
}

static void parse_fields(struct loader *l, const struct ynode *seq, struct form_field **out,
			 size_t *nout, struct form_page *page, const struct form_field *group);

static void queue_show_if(struct loader *l, struct form_field *f, const struct ynode *v)
{
	if (grow(l, (void **)&l->pend, &l->cappend, l->npend, sizeof *l->pend))
		l->pend[l->npend++] = (struct pending_show_if){f, v};
}

static void parse_field(struct loader *l, const struct ynode *m, struct form_field *f,
			const struct form_field *group)
{
	const struct ynode *v, *rep = ymap_get(m, "repeat");
	struct form_field *kids = NULL;
	size_t nkids = 0;
	const char *tname;
	long n;
	int rc;

	f->line = m->line;
	f->col = m->col;
	f->group = group;
	f->id = take_id(l, m, "field", &l->field_ids, f);
	if (!f->id)
		f->id = "";
	{
		struct strbuf what = STRBUF_INIT;

		sb_addf(&what, "field '%s'", f->id);
		f->label = need_text(l, m, "label", what.buf);
		sb_release(&what);
	}
	if (!f->label)
		f->label = f->id;
	f->hint = get_text(l, m, "hint", "a field");
	f->error_name = get_text(l, m, "error_name", "a field");
	if ((v = ymap_get(m, "show_if")))
		queue_show_if(l, f, v);

	if (rep) {
		f->type = FT_GROUP;
		if (ymap_get(m, "type"))
			problem(l, key_node(m, "type"), "repeat group '%s' has no 'type'; the "
				"fields inside it have types", f->id);
		check_keys(l, m, group_keys, "a repeat group");
		if (group) {
			problem(l, key_node(m, "repeat"), "repeat groups cannot be nested "
				"(field '%s' is inside group '%s')", f->id, group->id);
			return;
		}
		if (rep->type != YN_MAP) {
			problem(l, rep, "'repeat' must be a mapping with min, max and fields");
			return;
		}
		check_keys(l, rep, repeat_keys, "a repeat");
		parse_bound(l, rep, "min", FT_GROUP, &f->min);
		parse_bound(l, rep, "max", FT_GROUP, &f->max);
		check_min_max(l, rep, FT_GROUP, &f->min, &f->max);
		if (f->max.set && f->max.num < 1)
			problem(l, ymap_get(rep, "max"), "'max' of a repeat must be at least 1");
		v = get_seq(l, rep, "fields", "a repeat");
		if (!v && !ymap_get(rep, "fields"))
			problem(l, rep, "a repeat has no 'fields'");
		else if (v && !v->len)
			problem(l, v, "'fields' of a repeat must not be empty");
		else if (v)
			parse_fields(l, v, &kids, &nkids, (struct form_page *)f->page, f);
		f->fields = kids;
		f->n_fields = nkids;
		return;
	}

	check_keys(l, m, field_keys, "a field");
	tname = get_text(l, m, "type", "a field");
	if (!tname) {
		if (!ymap_get(m, "type"))
			problem(l, m, "field '%s' has no 'type' (one of: text, textarea, number, "
				"date, time, yesno, radio, select, multiselect, postcode, phone, "
				"email, crn, money)", f->id);
		f->type = FT_TEXT;
		return;
	}
	for (f->type = 0; f->type < FT_GROUP; f->type++)
		if (!strcmp(type_names[f->type], tname))
			break;
	if (f->type == FT_GROUP) {
		const char *guess = closest(tname, type_names);
		struct strbuf known = STRBUF_INIT;

		join_list(&known, type_names);
		if (guess)
			problem(l, ymap_get(m, "type"), "unknown type '%s'; did you mean '%s'?",
				tname, guess);
		else
			problem(l, ymap_get(m, "type"), "unknown type '%s' (expected one of: %s)",
				tname, known.buf);
		sb_release(&known);
		f->type = FT_TEXT;
		return;
	}

	f->required = get_bool(l, m, "required", "a field");
	f->readonly = get_bool(l, m, "readonly", "a field");
	f->redactable = get_bool(l, m, "redactable", "a field");

	only_for(l, m, "max_length", f->type, TYPES(FT_TEXT, FT_TEXTAREA));
	only_for(l, m, "pattern", f->type, TYPES(FT_TEXT, FT_TEXTAREA));
	only_for(l, m, "min", f->type, TYPES(FT_NUMBER, FT_MONEY, FT_DATE, FT_TIME, FT_MULTISELECT));
	only_for(l, m, "max", f->type, TYPES(FT_NUMBER, FT_MONEY, FT_DATE, FT_TIME, FT_MULTISELECT));
	only_for(l, m, "options", f->type, TYPES(FT_RADIO, FT_SELECT, FT_MULTISELECT));
	only_for(l, m, "options_from", f->type, TYPES(FT_RADIO, FT_SELECT, FT_MULTISELECT));
	only_for(l, m, "redactable", f->type, TYPES(FT_TEXT, FT_TEXTAREA));

	/* lengths */
	f->max_length = f->type == FT_TEXTAREA ? FORM_TEXTAREA_MAX_DEFAULT : FORM_TEXT_MAX_DEFAULT;
	if ((v = ymap_get(m, "max_length")) && type_is(f->type, TYPES(FT_TEXT, FT_TEXTAREA))) {
		if (!yscalar_long(v, &n) || n < 1 || n > FORM_MAX_LENGTH_LIMIT)
			problem(l, v, "'max_length' must be a whole number from 1 to %d, not '%s'",
				FORM_MAX_LENGTH_LIMIT, v->type == YN_SCALAR ? v->str : kind_name(v));
		else
			f->max_length = n;
	}

	/* pattern, compiled once here */
	f->pattern = get_text(l, m, "pattern", "a field");
	if (f->pattern && type_is(f->type, TYPES(FT_TEXT, FT_TEXTAREA))) {
		struct strbuf anchored = STRBUF_INIT;
		struct rxnode *rx = calloc(1, sizeof *rx);

		if (!rx) {
			l->nomem = true;
			return;
		}
		sb_addf(&anchored, "^(%s)$", f->pattern);
		rc = regcomp(&rx->re, anchored.buf, REG_EXTENDED | REG_NOSUB);
		sb_release(&anchored);
		if (rc) {
			char msg[256];

			regerror(rc, &rx->re, msg, sizeof msg);
			problem(l, ymap_get(m, "pattern"), "pattern '%s' does not compile: %s",
				f->pattern, msg);
			free(rx);
		} else {
			rx->next = l->priv->regexes;
			l->priv->regexes = rx;
			f->re = &rx->re;
		}
	}

	/* min, max */
	if (type_is(f->type, TYPES(FT_NUMBER, FT_MONEY, FT_DATE, FT_TIME, FT_MULTISELECT))) {
		parse_bound(l, m, "min", f->type, &f->min);
		parse_bound(l, m, "max", f->type, &f->max);
		check_min_max(l, m, f->type, &f->min, &f->max);
	}

	/* options */
	if (f->type == FT_YESNO) {
		f->options = yesno_options;
		f->n_options = 2;
	} else if (type_is(f->type, TYPES(FT_RADIO, FT_SELECT, FT_MULTISELECT))) {
		const struct ynode *o = ymap_get(m, "options");

		f->options_from = get_text(l, m, "options_from", "a field");
		if (o && ymap_get(m, "options_from")) {
			problem(l, key_node(m, "options_from"),
				"field '%s' has both 'options' and 'options_from'; give one", f->id);
		} else if (o) {
			if (o->type != YN_SEQ)
				problem(l, o, "'options' must be a list, not %s", kind_name(o));
			else
				parse_options(l, o, f);
		} else if (f->options_from) {
			if (!form_option_table_known(f->options_from)) {
				struct strbuf known = STRBUF_INIT;
				const char *guess = closest(f->options_from, form_option_tables);

				join_list(&known, form_option_tables);
				if (guess)
					problem(l, ymap_get(m, "options_from"),
						"unknown options table '%s'; did you mean '%s'?",
						f->options_from, guess);
				else
					problem(l, ymap_get(m, "options_from"),
						"unknown options table '%s' (known: %s)",
						f->options_from, known.buf);
				sb_release(&known);
			}
		} else if (!ymap_get(m, "options_from")) {
			problem(l, m, "%s field '%s' needs 'options' or 'options_from'",
				field_type_name(f->type), f->id);
		}
	}

	/* prefill, readonly, redactable */
	f->prefill = get_text(l, m, "prefill", "a field");
	if (f->prefill && group) {
		problem(l, ymap_get(m, "prefill"), "prefill cannot be used inside a repeat group");
		f->prefill = NULL;
	} else if (f->prefill) {
		check_prefill(l, ymap_get(m, "prefill"), f->prefill);
	}
	if (f->readonly && !ymap_get(m, "prefill"))
		problem(l, key_node(m, "readonly"), "readonly field '%s' needs a 'prefill' to show",
			f->id);
	if (f->redactable && type_is(f->type, TYPES(FT_TEXT, FT_TEXTAREA)) &&
	    !ymap_get(m, "prefill"))
		problem(l, key_node(m, "redactable"),
			"redactable field '%s' needs a 'prefill' (it redacts prefilled text)", f->id);
	if (f->redactable && f->readonly)
		problem(l, key_node(m, "redactable"),
			"field '%s' cannot be both readonly and redactable", f->id);
}

static void parse_fields(struct loader *l, const struct ynode *seq, struct form_field **out,
			 size_t *nout, struct form_page *page, const struct form_field *group)
{
	struct form_field *fs;
	size_t i;

	*out = NULL;
	*nout = 0;
	fs = lalloc(l, seq->len, sizeof *fs);
	if (!fs)
		return;
	for (i = 0; i < seq->len; i++) {
		const struct ynode *m = seq->items[i];

		fs[i].page = page;
		fs[i].index = i;
		fs[i].id = "";
		fs[i].label = "";
		if (m->type != YN_MAP) {
			problem(l, m, "a field must be a mapping (id, label, type, ...), not %s",
				kind_name(m));
			continue;
		}
		parse_field(l, m, &fs[i], group);
		if (!group &&
		    grow(l, (void **)&l->tops, &l->captops, l->ntops, sizeof *l->tops))
			l->tops[l->ntops++] = &fs[i];
	}
	*out = fs;
	*nout = seq->len;
}

/* ---- pages and sections ------------------------------------------------- */

static const char *const page_keys[] = {"id", "title", "description", "fields", NULL};
static const char *const section_keys[] = {"id", "title", "depends_on", "pages", NULL};
static const char *const form_keys[] = {
	"id", "title", "description", "sources", "sections", "pages", NULL,
};

static void parse_pages(struct loader *l, const struct ynode *seq, struct form_section *sec)
{
	struct form_page *ps;
	struct form_field *fs;
	size_t i, nf;
	const struct ynode *v;

	if (!seq->len) {
		problem(l, seq, "'pages' must not be empty");
		return;
	}
	ps = lalloc(l, seq->len, sizeof *ps);
	if (!ps)
		return;
	for (i = 0; i < seq->len; i++) {
		const struct ynode *m = seq->items[i];

		ps[i].section = sec;
		ps[i].index = i;
		ps[i].id = "";
		if (m->type != YN_MAP) {
			problem(l, m, "a page must be a mapping (id, title, fields), not %s",
				kind_name(m));
			continue;
		}
		check_keys(l, m, page_keys, "a page");
		ps[i].id = take_id(l, m, "page", &l->page_ids, &ps[i]);
		if (!ps[i].id)
			ps[i].id = "";
		ps[i].title = get_text(l, m, "title", "a page");
		ps[i].description = get_text(l, m, "description", "a page");
		v = get_seq(l, m, "fields", "a page");
		if (!v) {
			if (!ymap_get(m, "fields"))
				problem(l, m, "page '%s' has no 'fields'", ps[i].id);
			continue;
		}
		if (!v->len) {
			problem(l, v, "'fields' of page '%s' must not be empty", ps[i].id);
			continue;
		}
		parse_fields(l, v, &fs, &nf, &ps[i], NULL);
		ps[i].fields = fs;
		ps[i].n_fields = nf;
	}
	sec->pages = ps;
	sec->n_pages = seq->len;
}

static void parse_sections(struct loader *l, const struct ynode *seq)
{
	struct form_section *ss;
	const struct ynode *v;
	size_t i;

	if (!seq->len) {
		problem(l, seq, "'sections' must not be empty");
		return;
	}
	ss = lalloc(l, seq->len, sizeof *ss);
	l->deps_nodes = calloc(seq->len, sizeof *l->deps_nodes);
	if (!ss || !l->deps_nodes) {
		l->nomem = true;
		return;
	}
	for (i = 0; i < seq->len; i++) {
		const struct ynode *m = seq->items[i];

		ss[i].index = i;
		ss[i].id = "";
		ss[i].title = "";
		if (m->type != YN_MAP) {
			problem(l, m, "a section must be a mapping (id, title, pages), not %s",
				kind_name(m));
			continue;
		}
		check_keys(l, m, section_keys, "a section");
		ss[i].id = take_id(l, m, "section", &l->section_ids, &ss[i]);
		if (!ss[i].id)
			ss[i].id = "";
		ss[i].title = need_text(l, m, "title", "a section");
		if (!ss[i].title)
			ss[i].title = ss[i].id;
		l->deps_nodes[i] = get_seq(l, m, "depends_on", "a section");
		v = get_seq(l, m, "pages", "a section");
		if (v)
			parse_pages(l, v, &ss[i]);
		else if (!ymap_get(m, "pages"))
			problem(l, m, "section '%s' has no 'pages'", ss[i].id);
	}
	l->form->sections = ss;
	l->form->n_sections = seq->len;
}

static void resolve_depends(struct loader *l)
{
	struct form_section *ss = (struct form_section *)l->form->sections;
	const struct form_section **deps;
	size_t i, j, k;

	for (i = 0; l->deps_nodes && i < l->form->n_sections; i++) {
		const struct ynode *seq = l->deps_nodes[i];

		if (!seq || !seq->len)
			continue;
		deps = lalloc(l, seq->len, sizeof *deps);
		if (!deps)
			return;
		for (j = k = 0; j < seq->len; j++) {
			const struct ynode *d = seq->items[j];
			const struct form_section *target = NULL;

			if (d->type != YN_SCALAR) {
				problem(l, d, "'depends_on' must list section ids");
				continue;
			}
			target = form_find_section(l->form, d->str);
			if (!target)
				problem(l, d, "depends_on names section '%s', which does not exist",
					d->str);
			else if (target == &ss[i])
				problem(l, d, "section '%s' cannot depend on itself", d->str);
			else if (target->index > i)
				problem(l, d, "section '%s' depends on '%s', which comes after it; "
					"put sections in the order they can be done", ss[i].id, d->str);
			else
				deps[k++] = target;
		}
		ss[i].depends_on = deps;
		ss[i].n_depends_on = k;
	}
}

/* ---- show_if, resolved once every field is known ------------------------ */

static const char *const show_if_keys[] = {"field", "value", NULL};

static void resolve_show_if(struct loader *l, struct pending_show_if *p)
{
	const struct ynode *m = p->node, *vn;
	struct form_field *f = p->field;
	const struct form_field *t;
	const char *tid;
	const char **vals;
	size_t i, nv;

	if (m->type != YN_MAP) {
		problem(l, m, "show_if must be a mapping like {field: other_field, value: yes}");
		return;
	}
	check_keys(l, m, show_if_keys, "show_if");
	tid = need_text(l, m, "field", "show_if");
	vn = ymap_get(m, "value");
	if (!vn)
		problem(l, m, "show_if has no 'value'");
	if (!tid || !vn)
		return;
	t = form_find_field(l->form, tid);
	if (!t) {
		problem(l, ymap_get(m, "field"), "show_if names field '%s', which does not exist",
			tid);
		return;
	}
	if (t == f) {
		problem(l, ymap_get(m, "field"), "field '%s' cannot depend on itself", tid);
		return;
	}
	if (t->type == FT_GROUP) {
		problem(l, ymap_get(m, "field"), "show_if cannot name repeat group '%s'", tid);
		return;
	}
	if (t->group && t->group != f->group) {
		problem(l, ymap_get(m, "field"), "show_if names field '%s' inside repeat group "
			"'%s'; only fields outside groups or in the same group can be used",
			tid, t->group->id);
		return;
	}
	if (vn->type == YN_MAP) {
		problem(l, vn, "show_if 'value' must be text or a list of text");
		return;
	}
	nv = vn->type == YN_SEQ ? vn->len : 1;
	if (!nv) {
		problem(l, vn, "show_if 'value' must not be an empty list");
		return;
	}
	vals = lalloc(l, nv, sizeof *vals);
	if (!vals)
		return;
	for (i = 0; i < nv; i++) {
		const struct ynode *v = vn->type == YN_SEQ ? vn->items[i] : vn;

		if (v->type != YN_SCALAR) {
			problem(l, v, "show_if 'value' must be text or a list of text");
			return;
		}
		vals[i] = v->str;
		if (t->n_options && !form_option_label(t, v->str)) {
			struct strbuf opts = STRBUF_INIT;
			size_t k;

			for (k = 0; k < t->n_options; k++)
				sb_addf(&opts, "%s%s", k ? ", " : "", t->options[k].value);
			problem(l, v, "show_if value '%s' is not an option of field '%s' "
				"(expected one of: %s)", v->str, tid, opts.buf);
			sb_release(&opts);
			return;
		}
	}
	f->show_if.field = t;
	f->show_if.values = vals;
	f->show_if.n_values = nv;
}

/* Reports a show_if chain that comes back to where it started, once per
 * loop (at the loop's earliest field). */
static void check_show_if_loops(struct loader *l)
{
	size_t i, steps;

	for (i = 0; i < l->npend; i++) {
		const struct form_field *start = l->pend[i].field, *f = start->show_if.field;
		bool earliest = true;

		for (steps = 0; f && f != start && steps < 1000; steps++) {
			if (f->line < start->line)
				earliest = false;
			f = f->show_if.field;
		}
		if (f == start && earliest) {
			struct strbuf chain = STRBUF_INIT;

			sb_adds(&chain, start->id);
			for (f = start->show_if.field; f && f != start; f = f->show_if.field)
				sb_addf(&chain, " -> %s", f->id);
			sb_addf(&chain, " -> %s", start->id);
			problem(l, ymap_get(l->pend[i].node, "field"),
				"show_if goes round in a loop: %s", chain.buf);
			sb_release(&chain);
			/* break the loop so evaluation terminates */
			((struct form_field *)start)->show_if.field = NULL;
		}
	}
}

/* ---- the form ----------------------------------------------------------- */

static void parse_form(struct loader *l, const struct ynode *root)
{
	struct form *f = l->form;
	const struct ynode *v;
	const char **srcs;
	size_t i, j;

	if (root->type != YN_MAP) {
		problem(l, root, "a form must be a mapping (id, title, sections), not %s",
			kind_name(root));
		return;
	}
	check_keys(l, root, form_keys, "a form");
	f->id = need_text(l, root, "id", "the form");
	if (f->id && *f->id && !valid_id(f->id))
		problem(l, ymap_get(root, "id"), "id '%s' must start with a lower-case letter and "
			"have only lower-case letters, digits and _ (at most 64)", f->id);
	f->title = need_text(l, root, "title", "the form");
	f->description = get_text(l, root, "description", "the form");
	if (!f->id)
		f->id = "";
	if (!f->title)
		f->title = f->id;

	if ((v = get_seq(l, root, "sources", "the form"))) {
		srcs = lalloc(l, v->len, sizeof *srcs);
		if (!srcs)
			return;
		for (i = j = 0; i < v->len; i++) {
			const struct ynode *s = v->items[i];
			struct strbuf known = STRBUF_INIT;

			if (s->type != YN_SCALAR) {
				problem(l, s, "'sources' must list source names like ndelius.details");
				continue;
			}
			if (!form_prefill_source_known(s->str)) {
				const char *guess = closest(s->str, form_prefill_sources);

				join_list(&known, form_prefill_sources);
				if (guess)
					problem(l, s, "unknown prefill source '%s'; did you mean '%s'?",
						s->str, guess);
				else
					problem(l, s, "unknown prefill source '%s' (known: %s)", s->str,
						known.buf);
				sb_release(&known);
				continue;
			}
			srcs[j++] = s->str;
		}
		f->sources = srcs;
		f->n_sources = j;
	}

	if (ymap_get(root, "sections") && ymap_get(root, "pages")) {
		problem(l, key_node(root, "pages"), "a form has 'sections' or 'pages', not both");
		return;
	}
	if ((v = get_seq(l, root, "sections", "the form"))) {
		parse_sections(l, v);
	} else if ((v = get_seq(l, root, "pages", "the form"))) {
		/* one section named after the form */
		struct form_section *s = lalloc(l, 1, sizeof *s);

		if (!s)
			return;
		s->id = f->id;
		s->title = f->title;
		f->sections = s;
		f->n_sections = 1;
		parse_pages(l, v, s);
	} else if (!ymap_get(root, "sections") && !ymap_get(root, "pages")) {
		problem(l, root, "the form has no 'sections' (or 'pages')");
	}
}

enum ct_status form_load_string(const char *name, const char *text, size_t len,
				struct form **out, struct strbuf *err)
{
	struct loader l;
	struct form *f;
	struct ynode *root = NULL;
	enum ct_status st;
	size_t i;

	*out = NULL;
	if (ytree_load_string(name, text, len, &root, err)) {
		sb_addc(err, '\n');
		return CT_ERR;
	}
	memset(&l, 0, sizeof l);
	l.name = name;
	f = calloc(1, sizeof *f);
	if (f)
		f->priv = calloc(1, sizeof *f->priv);
	if (!f || !f->priv) {
		free(f);
		ytree_free(&root);
		return CT_NOMEM;
	}
	f->doc = root;
	l.form = f;
	l.priv = f->priv;
	f->path = name;
	{
		char *p = lalloc(&l, strlen(name) + 1, 1);

		if (p)
			f->path = memcpy(p, name, strlen(name) + 1);
	}
	parse_form(&l, root);
	resolve_depends(&l);
	for (i = 0; i < l.npend; i++)
		resolve_show_if(&l, &l.pend[i]);
	check_show_if_loops(&l);
	f->all = (const struct form_field *const *)l.tops;
	f->n_fields = l.ntops;
	for (i = 0; i < l.ntops; i++)
		l.tops[i]->index = i;
	if (l.tops) {
		/* move the list into the form's allocations */
		const struct form_field **all = lalloc(&l, l.ntops, sizeof *all);

		if (all)
			memcpy(all, l.tops, l.ntops * sizeof *all);
		f->all = all;
	}

	if (l.nprobs)
		qsort(l.probs, l.nprobs, sizeof *l.probs, cmp_problem);
	for (i = 0; i < l.nprobs; i++) {
		sb_addf(err, "%s:%u:%u: %s\n", name, l.probs[i].line, l.probs[i].col,
			l.probs[i].msg);
		free(l.probs[i].msg);
	}
	st = l.nomem ? CT_NOMEM : l.nprobs ? CT_ERR : CT_OK;
	free(l.probs);
	free(l.field_ids.v);
	free(l.page_ids.v);
	free(l.section_ids.v);
	free(l.pend);
	free(l.tops);
	free(l.deps_nodes);
	if (st != CT_OK)
		form_free(&f);
	*out = f;
	return st;
}

enum ct_status form_load_file(const char *path, struct form **out, struct strbuf *err)
{
	struct strbuf text = STRBUF_INIT;
	enum ct_status st;

	*out = NULL;
	if (sb_read_file(&text, path)) {
		sb_addf(err, "%s:1:1: cannot read: %s\n", path, strerror(errno));
		sb_release(&text);
		return CT_ERR;
	}
	st = form_load_string(path, text.buf, text.len, out, err);
	sb_release(&text);
	return st;
}
