/* state.c: answers of one form being filled in: set/get, repeat items,
 * show_if, validation, section status, prefill, redaction, check answers. */
#include "forms/state.h"

#include <stdlib.h>
#include <string.h>

#include "forms/state_priv.h"
#include "forms/validate.h"
#include "util/sanitize.h"

/* ---- life cycle --------------------------------------------------------- */

struct form_state *form_state_new(const struct form *form)
{
	struct form_state *st = calloc(1, sizeof *st);
	size_t n;

	if (!st)
		return NULL;
	st->form = form;
	st->today = date_today();
	n = form->n_fields ? form->n_fields : 1;
	st->top = calloc(n, sizeof *st->top);
	st->groups = calloc(n, sizeof *st->groups);
	st->completed = calloc(form->n_sections ? form->n_sections : 1, sizeof *st->completed);
	if (!st->top || !st->groups || !st->completed)
		form_state_free(&st);
	return st;
}

void answer_clear(struct answer *a)
{
	free(a->text);
	free(a->original);
	memset(a, 0, sizeof *a);
}

void form_state_free(struct form_state **stp)
{
	struct form_state *st;
	size_t i, j;

	if (!stp || !*stp)
		return;
	st = *stp;
	for (i = 0; st->top && i < st->form->n_fields; i++)
		answer_clear(&st->top[i]);
	for (i = 0; st->groups && i < st->form->n_fields; i++) {
		const struct form_field *g = st->form->all[i];

		for (j = 0; g->type == FT_GROUP && j < st->groups[i].count * g->n_fields; j++)
			answer_clear(&st->groups[i].rows[j]);
		free(st->groups[i].rows);
	}
	for (i = 0; i < st->n_opts; i++) {
		for (j = 0; j < st->opts[i].n; j++) {
			free((char *)st->opts[i].v[j].value);
			free((char *)st->opts[i].v[j].label);
			free((char *)st->opts[i].v[j].hint);
		}
		free(st->opts[i].v);
	}
	free(st->opts);
	free(st->top);
	free(st->groups);
	free(st->completed);
	free(st);
	*stp = NULL;
}

const struct form *form_state_form(const struct form_state *st)
{
	return st->form;
}

void form_state_set_today(struct form_state *st, struct ymd today)
{
	st->today = today;
}

/* ---- answers ------------------------------------------------------------ */

struct answer *state_answer(const struct form_state *st, const struct form_field *f,
			    size_t item)
{
	const struct group_data *g;

	if (!f || f->type == FT_GROUP)
		return NULL;
	if (!f->group)
		return f->index < st->form->n_fields ? &st->top[f->index] : NULL;
	g = &st->groups[f->group->index];
	if (item >= g->count)
		return NULL;
	return &g->rows[item * f->group->n_fields + f->index];
}

int answer_set_text(struct answer *a, const char *text)
{
	char *copy = NULL;

	if (text && !(copy = strdup(text)))
		return -1;
	free(a->text);
	a->text = copy;
	return 0;
}

int group_reserve(struct group_data *g, size_t n_fields, size_t count)
{
	struct answer *rows;
	size_t cap;

	if (count <= g->cap)
		return 0;
	cap = g->cap ? g->cap * 2 : 4;
	while (cap < count)
		cap *= 2;
	rows = realloc(g->rows, cap * n_fields * sizeof *rows);
	if (!rows)
		return -1;
	memset(rows + g->cap * n_fields, 0, (cap - g->cap) * n_fields * sizeof *rows);
	g->rows = rows;
	g->cap = cap;
	return 0;
}

const char *form_state_get(const struct form_state *st, const struct form_field *f,
			   size_t item)
{
	const struct answer *a = state_answer(st, f, item);

	return a && a->text ? a->text : "";
}

const char *form_state_get_id(const struct form_state *st, const char *id, size_t item)
{
	return form_state_get(st, form_find_field(st->form, id), item);
}

bool form_state_editable(const struct form_state *st, const struct form_field *f)
{
	const struct answer *a = state_answer(st, f, 0);

	return !(f->readonly && a && a->prefilled);
}

static void mark_touched(struct form_state *st, const struct form_field *f, struct answer *a)
{
	a->touched = true;
	if (f->group)
		st->groups[f->group->index].touched = true;
}

static bool same_text(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

enum ct_status form_state_set(struct form_state *st, const struct form_field *f, size_t item,
			      const char *text, struct strbuf *err)
{
	struct answer *a = state_answer(st, f, item);

	if (!a) {
		sb_addf(err, "%s has no item %zu", f ? f->id : "(no field)", item + 1);
		return CT_ERR;
	}
	if (!form_state_editable(st, f)) {
		sb_addf(err, "%s is filled in for you and cannot be changed", f->label);
		return CT_ERR;
	}
	if (answer_set_text(a, text))
		return CT_NOMEM;
	mark_touched(st, f, a);
	a->prefilled = a->prefilled && a->original;   /* typed over: no longer prefilled */
	if (a->original) {
		if (!text || !*text)
			a->red = REDACTION_REMOVED;
		else if (!same_text(text, a->original))
			a->red = REDACTION_EDITED;
		else if (a->red != REDACTION_CONFIRMED)
			a->red = REDACTION_PENDING;
	}
	return CT_OK;
}

enum ct_status form_state_set_id(struct form_state *st, const char *id, size_t item,
				 const char *text, struct strbuf *err)
{
	const struct form_field *f = form_find_field(st->form, id);

	if (!f) {
		sb_addf(err, "the form has no field '%s'", id);
		return CT_ERR;
	}
	return form_state_set(st, f, item, text, err);
}

/* Finds value as one line of a '\n'-separated list; returns its start or NULL. */
static const char *find_line(const char *list, const char *value)
{
	size_t n = strlen(value);
	const char *p = list;

	if (!n)
		return NULL;
	while (p && *p) {
		if (!strncmp(p, value, n) && (p[n] == '\n' || !p[n]))
			return p;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

bool form_state_selected(const struct form_state *st, const struct form_field *f, size_t item,
			 const char *value)
{
	return find_line(form_state_get(st, f, item), value) != NULL;
}

enum ct_status form_state_toggle(struct form_state *st, const struct form_field *f, size_t item,
				 const char *value, struct strbuf *err)
{
	struct strbuf next = STRBUF_INIT;
	const char *cur = form_state_get(st, f, item), *at;
	enum ct_status rc;

	if (f->type != FT_MULTISELECT || !value || !*value || strchr(value, '\n')) {
		sb_addf(err, "%s is not a list of choices", f->label);
		return CT_ERR;
	}
	at = find_line(cur, value);
	if (at) {
		size_t n = strlen(value);

		sb_add(&next, cur, (size_t)(at - cur));
		at += n;
		if (*at == '\n')
			at++;
		sb_adds(&next, at);
		if (next.len && next.buf[next.len - 1] == '\n')
			sb_setlen(&next, next.len - 1);
	} else {
		sb_adds(&next, cur);
		if (next.len)
			sb_addc(&next, '\n');
		sb_adds(&next, value);
	}
	rc = form_state_set(st, f, item, next.buf, err);
	sb_release(&next);
	return rc;
}

/* ---- repeat groups ------------------------------------------------------ */

size_t form_state_items(const struct form_state *st, const struct form_field *group)
{
	if (!group || group->type != FT_GROUP)
		return 0;
	return st->groups[group->index].count;
}

enum ct_status form_state_item_add(struct form_state *st, const struct form_field *group,
				   size_t *index, struct strbuf *err)
{
	struct group_data *g;
	size_t limit;

	if (!group || group->type != FT_GROUP) {
		sb_addf(err, "%s is not a repeat group", group ? group->id : "(no field)");
		return CT_ERR;
	}
	g = &st->groups[group->index];
	limit = group->max.set ? (size_t)group->max.num : 1000;
	if (g->count >= limit) {
		sb_addf(err, "You can add up to %zu %s", limit, limit == 1 ? "entry" : "entries");
		return CT_ERR;
	}
	if (group_reserve(g, group->n_fields, g->count + 1))
		return CT_NOMEM;
	memset(&g->rows[g->count * group->n_fields], 0, group->n_fields * sizeof *g->rows);
	if (index)
		*index = g->count;
	g->count++;
	g->touched = true;
	return CT_OK;
}

enum ct_status form_state_item_remove(struct form_state *st, const struct form_field *group,
				      size_t index, struct strbuf *err)
{
	struct group_data *g;
	size_t nf, i;

	if (!group || group->type != FT_GROUP || index >= st->groups[group->index].count) {
		sb_addf(err, "there is no item %zu to remove", index + 1);
		return CT_ERR;
	}
	g = &st->groups[group->index];
	nf = group->n_fields;
	for (i = 0; i < nf; i++)
		answer_clear(&g->rows[index * nf + i]);
	memmove(&g->rows[index * nf], &g->rows[(index + 1) * nf],
		(g->count - index - 1) * nf * sizeof *g->rows);
	g->count--;
	memset(&g->rows[g->count * nf], 0, nf * sizeof *g->rows);
	g->touched = true;
	return CT_OK;
}

/* ---- runtime options ---------------------------------------------------- */

static struct runtime_options *find_opts(const struct form_state *st, const struct form_field *f)
{
	size_t i;

	for (i = 0; i < st->n_opts; i++)
		if (st->opts[i].field == f)
			return &st->opts[i];
	return NULL;
}

enum ct_status form_state_set_options(struct form_state *st, const struct form_field *f,
				      const struct form_option *opts, size_t n)
{
	struct runtime_options *ro = find_opts(st, f), *grown;
	struct form_option *v;
	size_t i;
	bool bad = false;

	v = calloc(n ? n : 1, sizeof *v);
	if (!v)
		return CT_NOMEM;
	for (i = 0; i < n; i++) {
		v[i].value = strdup(opts[i].value ? opts[i].value : "");
		v[i].label = strdup(opts[i].label ? opts[i].label : v[i].value ? v[i].value : "");
		v[i].hint = opts[i].hint ? strdup(opts[i].hint) : NULL;
		bad |= !v[i].value || !v[i].label || (opts[i].hint && !v[i].hint);
	}
	if (!bad && !ro) {
		grown = realloc(st->opts, (st->n_opts + 1) * sizeof *grown);
		if (grown) {
			st->opts = grown;
			ro = &st->opts[st->n_opts++];
			ro->field = f;
			ro->v = NULL;
			ro->n = 0;
		} else {
			bad = true;
		}
	}
	if (bad) {
		for (i = 0; i < n; i++) {
			free((char *)v[i].value);
			free((char *)v[i].label);
			free((char *)v[i].hint);
		}
		free(v);
		return CT_NOMEM;
	}
	for (i = 0; i < ro->n; i++) {
		free((char *)ro->v[i].value);
		free((char *)ro->v[i].label);
		free((char *)ro->v[i].hint);
	}
	free(ro->v);
	ro->v = v;
	ro->n = n;
	return CT_OK;
}

const struct form_option *form_state_options(const struct form_state *st,
					     const struct form_field *f, size_t *n)
{
	const struct runtime_options *ro;

	if (f->options) {
		*n = f->n_options;
		return f->options;
	}
	ro = find_opts(st, f);
	*n = ro ? ro->n : 0;
	return ro ? ro->v : NULL;
}

/* ---- show_if ------------------------------------------------------------ */

static bool text_is(const char *answer, const char *value)
{
	size_t n;

	while (*answer == ' ')
		answer++;
	n = strlen(answer);
	while (n && answer[n - 1] == ' ')
		n--;
	return strlen(value) == n && !strncmp(answer, value, n);
}

static bool visible(const struct form_state *st, const struct form_field *f, size_t item,
		    int depth)
{
	const struct form_field *t;
	const char *v;
	size_t i;

	if (depth > 64)
		return false;
	if (f->group && !visible(st, f->group, 0, depth + 1))
		return false;
	t = f->show_if.field;
	if (!t)
		return true;
	if (!visible(st, t, item, depth + 1))
		return false;
	v = form_state_get(st, t, t->group ? item : 0);
	for (i = 0; i < f->show_if.n_values; i++) {
		if (t->type == FT_MULTISELECT ? find_line(v, f->show_if.values[i]) != NULL
					      : text_is(v, f->show_if.values[i]))
			return true;
	}
	return false;
}

bool form_state_visible(const struct form_state *st, const struct form_field *f, size_t item)
{
	return f && visible(st, f, item, 0);
}

bool form_state_page_visible(const struct form_state *st, const struct form_page *p)
{
	size_t i;

	for (i = 0; p && i < p->n_fields; i++)
		if (visible(st, &p->fields[i], 0, 0))
			return true;
	return false;
}

const struct form_page *form_state_first_page(const struct form_state *st,
					      const struct form_section *s)
{
	size_t i;

	for (i = 0; s && i < s->n_pages; i++)
		if (form_state_page_visible(st, &s->pages[i]))
			return &s->pages[i];
	return NULL;
}

const struct form_page *form_state_next_page(const struct form_state *st,
					     const struct form_page *p)
{
	size_t i;

	for (i = p->index + 1; i < p->section->n_pages; i++)
		if (form_state_page_visible(st, &p->section->pages[i]))
			return &p->section->pages[i];
	return NULL;
}

const struct form_page *form_state_prev_page(const struct form_state *st,
					     const struct form_page *p)
{
	size_t i;

	for (i = p->index; i-- > 0;)
		if (form_state_page_visible(st, &p->section->pages[i]))
			return &p->section->pages[i];
	return NULL;
}

/* ---- validation --------------------------------------------------------- */

void form_errors_release(struct form_errors *e)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		free(e->v[i].message);
	free(e->v);
	e->v = NULL;
	e->n = e->alloc = 0;
}

const char *form_errors_for(const struct form_errors *e, const struct form_field *f,
			    size_t item)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		if (e->v[i].field == f && (!f->group || e->v[i].item == item))
			return e->v[i].message;
	return NULL;
}

static void add_error(struct form_errors *e, const struct form_field *f, size_t item,
		      const char *message)
{
	struct form_error *v;
	char *m = strdup(message && *message ? message : "Check this answer");

	if (!m)
		return;
	if (e->n == e->alloc) {
		size_t na = e->alloc ? e->alloc * 2 : 8;

		v = realloc(e->v, na * sizeof *v);
		if (!v) {
			free(m);
			return;
		}
		e->v = v;
		e->alloc = na;
	}
	e->v[e->n++] = (struct form_error){f, item, m};
}

static void validate_answer(struct form_state *st, const struct form_field *f, size_t item,
			    struct form_errors *errs, struct strbuf *msg)
{
	const struct answer *a = state_answer(st, f, item);
	const struct form_option *opts;
	struct strbuf obj = STRBUF_INIT;
	const char *m;
	size_t n;

	if (f->readonly && a && a->prefilled)
		return;   /* shown as it came; nothing the user can fix */
	if (f->redactable && a && a->original) {
		if (a->red == REDACTION_PENDING) {
			form_field_object(f, &obj);
			sb_reset(msg);
			sb_addf(msg, "Confirm, change or remove %s before you continue", obj.buf);
			add_error(errs, f, item, msg->buf);
			sb_release(&obj);
			return;
		}
		if (a->red == REDACTION_REMOVED)
			return;
	}
	opts = form_state_options(st, f, &n);
	m = field_validate(msg, f, a && a->text ? a->text : "", opts, n, st->today);
	if (m)
		add_error(errs, f, item, m);
}

static void validate_field(struct form_state *st, const struct form_field *f,
			   struct form_errors *errs, struct strbuf *msg)
{
	struct strbuf obj = STRBUF_INIT, subj = STRBUF_INIT;
	size_t count, i, k;

	if (!visible(st, f, 0, 0))
		return;
	if (f->type != FT_GROUP) {
		validate_answer(st, f, 0, errs, msg);
		return;
	}
	count = st->groups[f->index].count;
	form_field_object(f, &obj);
	form_field_subject(f, &subj);
	sb_reset(msg);
	if (f->min.set && count < (size_t)f->min.num) {
		sb_addf(msg, "Add at least %ld %s for %s", (long)f->min.num,
			f->min.num == 1 ? "entry" : "entries", obj.buf);
		add_error(errs, f, 0, msg->buf);
	} else if (f->max.set && count > (size_t)f->max.num) {
		sb_addf(msg, "%s can have no more than %ld %s", subj.buf, (long)f->max.num,
			f->max.num == 1 ? "entry" : "entries");
		add_error(errs, f, 0, msg->buf);
	}
	for (i = 0; i < count; i++)
		for (k = 0; k < f->n_fields; k++)
			if (visible(st, &f->fields[k], i, 0))
				validate_answer(st, &f->fields[k], i, errs, msg);
	sb_release(&obj);
	sb_release(&subj);
}

static size_t validate_page_into(struct form_state *st, const struct form_page *p,
				 struct form_errors *errs)
{
	struct strbuf msg = STRBUF_INIT;
	size_t before = errs->n, i;

	for (i = 0; i < p->n_fields; i++)
		validate_field(st, &p->fields[i], errs, &msg);
	sb_release(&msg);
	return errs->n - before;
}

size_t form_state_validate_page(struct form_state *st, const struct form_page *p,
				struct form_errors *errs)
{
	form_errors_release(errs);
	return validate_page_into(st, p, errs);
}

static bool section_valid(struct form_state *st, const struct form_section *s,
			  struct form_errors *errs, const struct form_page **first_bad)
{
	size_t i;
	bool ok = true;

	for (i = 0; i < s->n_pages; i++) {
		if (!form_state_page_visible(st, &s->pages[i]))
			continue;
		if (validate_page_into(st, &s->pages[i], errs)) {
			if (ok && first_bad && !*first_bad)
				*first_bad = &s->pages[i];
			ok = false;
		}
	}
	return ok;
}

enum ct_status form_state_complete_section(struct form_state *st, const struct form_section *s,
					   struct form_errors *errs,
					   const struct form_page **first_bad)
{
	if (first_bad)
		*first_bad = NULL;
	form_errors_release(errs);
	if (!section_valid(st, s, errs, first_bad))
		return CT_ERR;
	st->completed[s->index] = true;
	return CT_OK;
}

/* ---- task list ---------------------------------------------------------- */

const char *section_status_label(enum section_status s)
{
	static const char *const labels[] = {
#define SECTION_STATUS_LABEL(name, label) label,
		SECTION_STATUS_LIST(SECTION_STATUS_LABEL)
#undef SECTION_STATUS_LABEL
	};

	return (unsigned)s < sizeof labels / sizeof labels[0] ? labels[s] : "?";
}

static bool section_touched(const struct form_state *st, const struct form_section *s)
{
	size_t p, i;

	for (p = 0; p < s->n_pages; p++) {
		for (i = 0; i < s->pages[p].n_fields; i++) {
			const struct form_field *f = &s->pages[p].fields[i];

			if (f->type == FT_GROUP ? st->groups[f->index].touched
						: st->top[f->index].touched)
				return true;
		}
	}
	return false;
}

static enum section_status status_of(const struct form_state *st, const struct form_section *s,
				     int depth)
{
	struct form_errors errs = FORM_ERRORS_INIT;
	size_t i;
	bool ok;

	for (i = 0; i < s->n_depends_on && depth < 64; i++)
		if (status_of(st, s->depends_on[i], depth + 1) != SECTION_COMPLETED)
			return SECTION_CANNOT_START;
	if (st->completed[s->index]) {
		/* still completed only while every answer in it is valid */
		ok = section_valid((struct form_state *)st, s, &errs, NULL);
		form_errors_release(&errs);
		return ok ? SECTION_COMPLETED : SECTION_IN_PROGRESS;
	}
	return section_touched(st, s) ? SECTION_IN_PROGRESS : SECTION_NOT_STARTED;
}

enum section_status form_state_section_status(const struct form_state *st,
					      const struct form_section *s)
{
	return status_of(st, s, 0);
}

/* ---- prefill and redaction ---------------------------------------------- */

const char *redaction_name(enum redaction r)
{
	static const char *const names[] = {
#define REDACTION_NAME(name, word) word,
		REDACTION_LIST(REDACTION_NAME)
#undef REDACTION_NAME
	};

	return (unsigned)r < sizeof names / sizeof names[0] ? names[r] : "?";
}

static const struct prefill_source *source_for(const struct prefill_source *src, size_t n,
					       const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (src[i].name && strlen(src[i].name) == len && !strncmp(src[i].name, name, len))
			return &src[i];
	return NULL;
}

/* Adds "name: why" to report once per source. */
static void report_once(struct strbuf *report, const char *name, size_t len, const char *why)
{
	struct strbuf line = STRBUF_INIT;

	sb_add(&line, name, len);
	sb_adds(&line, ": ");
	if (report && !strstr(report->buf, line.buf))
		sb_addf(report, "%s%s\n", line.buf, why);
	sb_release(&line);
}

size_t form_state_prefill(struct form_state *st, const struct prefill_source *sources,
			  size_t n_sources, struct strbuf *report)
{
	struct strbuf got = STRBUF_INIT;
	const struct prefill_source *src;
	size_t i, n, filled = 0;
	char *clean;
	int rc;

	for (i = 0; i < st->form->n_fields; i++) {
		const struct form_field *f = st->form->all[i];
		struct answer *a = &st->top[i];

		if (!f->prefill || a->touched || (a->text && *a->text))
			continue;
		n = form_prefill_split(f->prefill);
		src = n ? source_for(sources, n_sources, f->prefill, n) : NULL;
		if (!src || !src->get) {
			if (n)
				report_once(report, f->prefill, n, "not available");
			continue;
		}
		sb_reset(&got);
		rc = src->get(src->ctx, f->prefill, &got);
		if (rc == PREFILL_DOWN) {
			report_once(report, f->prefill, n,
				    got.len ? got.buf : "service unavailable");
			continue;
		}
		if (rc != PREFILL_OK || !got.len)
			continue;
		clean = text_sanitize(got.buf, f->type == FT_TEXTAREA ? SAN_KEEP_NEWLINES
								     : SAN_SINGLE_LINE);
		if (!clean)
			break;
		if (!*clean) {
			free(clean);
			continue;
		}
		free(a->text);
		a->text = clean;
		a->prefilled = true;
		if (f->redactable) {
			free(a->original);
			a->original = strdup(clean);
			a->red = a->original ? REDACTION_PENDING : REDACTION_NONE;
		}
		filled++;
	}
	sb_release(&got);
	return filled;
}

bool form_state_prefilled(const struct form_state *st, const struct form_field *f)
{
	const struct answer *a = state_answer(st, f, 0);

	return a && a->prefilled;
}

enum redaction form_state_redaction(const struct form_state *st, const struct form_field *f,
				    const char **original)
{
	const struct answer *a = state_answer(st, f, 0);

	if (original)
		*original = a ? a->original : NULL;
	return a && f->redactable && a->original ? a->red : REDACTION_NONE;
}

static struct answer *redactable_answer(struct form_state *st, const struct form_field *f,
					struct strbuf *err)
{
	struct answer *a = state_answer(st, f, 0);

	if (!a || !f->redactable || !a->original) {
		sb_addf(err, "%s has no prefilled text to review", f ? f->label : "(no field)");
		return NULL;
	}
	return a;
}

enum ct_status form_state_redaction_confirm(struct form_state *st, const struct form_field *f,
					    struct strbuf *err)
{
	struct answer *a = redactable_answer(st, f, err);

	if (!a)
		return CT_ERR;
	if (a->red == REDACTION_PENDING || a->red == REDACTION_CONFIRMED) {
		a->red = REDACTION_CONFIRMED;
	} else if (a->red == REDACTION_REMOVED) {
		sb_addf(err, "%s was removed; restore it before you confirm it", f->label);
		return CT_ERR;
	}
	/* an edited answer stays "edited": confirming it shares the edit */
	a->touched = true;
	return CT_OK;
}

enum ct_status form_state_redaction_remove(struct form_state *st, const struct form_field *f,
					   struct strbuf *err)
{
	struct answer *a = redactable_answer(st, f, err);

	if (!a)
		return CT_ERR;
	if (answer_set_text(a, ""))
		return CT_NOMEM;
	a->red = REDACTION_REMOVED;
	a->touched = true;
	return CT_OK;
}

enum ct_status form_state_redaction_restore(struct form_state *st, const struct form_field *f,
					    struct strbuf *err)
{
	struct answer *a = redactable_answer(st, f, err);

	if (!a)
		return CT_ERR;
	if (answer_set_text(a, a->original))
		return CT_NOMEM;
	a->red = REDACTION_PENDING;
	a->touched = true;
	return CT_OK;
}

/* ---- check your answers ------------------------------------------------- */

struct rows {
	struct cya_row *v;
	size_t n, alloc;
	bool nomem;
};

static void add_row(struct rows *r, const struct form_page *p, const struct form_field *f,
		    size_t item, char *heading, const char *label, struct strbuf *value,
		    enum redaction red)
{
	struct cya_row *v;
	struct cya_row row = {p->section, p, f, item, heading, strdup(label),
			      sb_detach(value, NULL), red};

	if (!row.label || !row.value)
		r->nomem = true;
	if (r->n == r->alloc && !r->nomem) {
		size_t na = r->alloc ? r->alloc * 2 : 32;

		v = realloc(r->v, na * sizeof *v);
		if (v) {
			r->v = v;
			r->alloc = na;
		} else {
			r->nomem = true;
		}
	}
	if (r->nomem) {
		free(row.heading);
		free(row.label);
		free(row.value);
		return;
	}
	r->v[r->n++] = row;
}

static void answer_rows(const struct form_state *st, struct rows *r, const struct form_page *p,
			const struct form_field *f, size_t item, char *heading)
{
	const struct answer *a = state_answer(st, f, item);
	struct strbuf value = STRBUF_INIT;
	const struct form_option *opts;
	enum redaction red = form_state_redaction(st, f, NULL);
	size_t n;

	opts = form_state_options(st, f, &n);
	if (a && a->text && red != REDACTION_REMOVED)
		field_display(f, a->text, opts, n, &value);
	add_row(r, p, f, item, heading, f->label, &value, f->group ? REDACTION_NONE : red);
}

enum ct_status form_state_check_answers(const struct form_state *st, struct cya_row **rows,
					size_t *n)
{
	struct rows r = {NULL, 0, 0, false};
	struct strbuf none = STRBUF_INIT, head = STRBUF_INIT;
	size_t s, p, i, item, k;

	for (s = 0; s < st->form->n_sections; s++) {
		const struct form_section *sec = &st->form->sections[s];

		for (p = 0; p < sec->n_pages; p++) {
			const struct form_page *pg = &sec->pages[p];

			for (i = 0; i < pg->n_fields; i++) {
				const struct form_field *f = &pg->fields[i];
				size_t count;

				if (!visible(st, f, 0, 0))
					continue;
				if (f->type != FT_GROUP) {
					answer_rows(st, &r, pg, f, 0, NULL);
					continue;
				}
				count = st->groups[f->index].count;
				if (!count) {
					sb_adds(&none, "None");
					add_row(&r, pg, f, 0, NULL, f->label, &none, REDACTION_NONE);
				}
				for (item = 0; item < count; item++) {
					bool first = true;

					for (k = 0; k < f->n_fields; k++) {
						char *h = NULL;

						if (!visible(st, &f->fields[k], item, 0))
							continue;
						if (first) {
							sb_reset(&head);
							sb_addf(&head, "%s %zu", f->label, item + 1);
							h = strdup(head.buf);
							if (!h)
								r.nomem = true;
						}
						first = false;
						answer_rows(st, &r, pg, &f->fields[k], item, h);
					}
				}
			}
		}
	}
	sb_release(&none);
	sb_release(&head);
	if (r.nomem) {
		cya_rows_free(&r.v, r.n);
		*rows = NULL;
		*n = 0;
		return CT_NOMEM;
	}
	*rows = r.v;
	*n = r.n;
	return CT_OK;
}

void cya_rows_free(struct cya_row **rows, size_t n)
{
	size_t i;

	if (!rows || !*rows)
		return;
	for (i = 0; i < n; i++) {
		free((*rows)[i].heading);
		free((*rows)[i].label);
		free((*rows)[i].value);
	}
	free(*rows);
	*rows = NULL;
}
