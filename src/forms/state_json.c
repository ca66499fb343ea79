/* state_json.c: answers to and from JSON (jansson): drafts and submission. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "forms/state.h"
#include "forms/state_priv.h"
#include "forms/validate.h"
#include "util/sanitize.h"

#define DRAFT_FORMAT 1

/* A JSON string of text; invalid UTF-8 (pasted bytes the validators refuse)
 * is kept as U+FFFD so that the rest of the answer is still saved. */
static json_t *jstr(const char *text)
{
	struct strbuf fixed = STRBUF_INIT;
	const unsigned char *p = (const unsigned char *)text;
	size_t n = strlen(text), len, skip;
	bool valid;
	unsigned cp;
	json_t *r;

	utf8_count(text, &valid);
	if (valid)
		return json_string(text);
	while (n) {
		len = utf8_decode(p, n, &cp, &skip);
		if (!len) {
			utf8_encode(&fixed, 0xfffd);
			len = skip;
		} else {
			sb_add(&fixed, p, len);
		}
		p += len;
		n -= len;
	}
	r = json_string(fixed.buf);
	sb_release(&fixed);
	return r;
}

/* A multiselect answer as a JSON list; other answers as text. */
static json_t *value_json(const struct form_field *f, const char *text, bool normalised)
{
	struct strbuf norm = STRBUF_INIT;
	json_t *arr, *r;
	const char *p, *e;

	if (f->type != FT_MULTISELECT) {
		if (!normalised)
			return jstr(text);
		field_normalise(f, text, &norm);
		r = jstr(norm.buf);
		sb_release(&norm);
		return r;
	}
	arr = json_array();
	for (p = text; arr && *p; p = *e ? e + 1 : e) {
		e = strchr(p, '\n');
		if (!e)
			e = p + strlen(p);
		if (e > p) {
			char *one = strndup(p, (size_t)(e - p));

			if (!one || json_array_append_new(arr, jstr(one))) {
				free(one);
				json_decref(arr);
				return NULL;
			}
			free(one);
		}
	}
	return arr;
}

static int set_new(json_t *obj, const char *key, json_t *v)
{
	return !v || json_object_set_new(obj, key, v) ? -1 : 0;
}

enum ct_status form_state_to_json(const struct form_state *st, char **json)
{
	json_t *doc = json_object(), *answers = json_object(), *meta = json_object(),
	       *done = json_array();
	int bad = !doc || !answers || !meta || !done;
	size_t i, item, k;

	*json = NULL;
	for (i = 0; !bad && i < st->form->n_fields; i++) {
		const struct form_field *f = st->form->all[i];

		if (f->type == FT_GROUP) {
			const struct group_data *g = &st->groups[i];
			json_t *items;

			if (!g->count && !g->touched)
				continue;
			items = json_array();
			bad |= set_new(answers, f->id, items);
			for (item = 0; !bad && item < g->count; item++) {
				json_t *o = json_object();

				bad |= !o || json_array_append_new(items, o);
				for (k = 0; !bad && k < f->n_fields; k++) {
					const struct answer *a = &g->rows[item * f->n_fields + k];

					if (a->text)
						bad |= set_new(o, f->fields[k].id,
							       value_json(&f->fields[k], a->text, false));
				}
			}
			if (!bad && g->touched)
				bad |= set_new(meta, f->id, json_pack("{s:b}", "touched", 1));
		} else {
			const struct answer *a = &st->top[i];
			json_t *m;

			if (a->text)
				bad |= set_new(answers, f->id, value_json(f, a->text, false));
			if (bad || !(a->prefilled || a->touched || a->original))
				continue;
			m = json_object();
			bad |= set_new(meta, f->id, m);
			if (!bad && a->prefilled)
				bad |= set_new(m, "prefilled", json_true());
			if (!bad && a->touched)
				bad |= set_new(m, "touched", json_true());
			if (!bad && a->original) {
				bad |= set_new(m, "original", jstr(a->original));
				bad |= set_new(m, "redaction", json_string(redaction_name(a->red)));
			}
		}
	}
	for (i = 0; !bad && i < st->form->n_sections; i++)
		if (st->completed[i])
			bad |= json_array_append_new(done, json_string(st->form->sections[i].id));
	if (!bad) {
		bad |= set_new(doc, "format", json_integer(DRAFT_FORMAT));
		bad |= set_new(doc, "form", json_string(st->form->id));
		bad |= json_object_set(doc, "answers", answers);
		bad |= json_object_set(doc, "meta", meta);
		bad |= json_object_set(doc, "completed", done);
	}
	if (!bad)
		*json = json_dumps(doc, JSON_COMPACT);
	json_decref(answers);
	json_decref(meta);
	json_decref(done);
	json_decref(doc);
	return *json ? CT_OK : CT_NOMEM;
}

/* Text of a JSON answer: a string, or a list of strings joined by '\n'. */
static int text_of(const json_t *v, struct strbuf *out)
{
	size_t i;

	if (json_is_string(v))
		return sb_add(out, json_string_value(v), json_string_length(v));
	if (!json_is_array(v))
		return -1;
	for (i = 0; i < json_array_size(v); i++) {
		const json_t *e = json_array_get(v, i);

		if (!json_is_string(e) || strchr(json_string_value(e), '\n'))
			continue;
		if (out->len)
			sb_addc(out, '\n');
		sb_add(out, json_string_value(e), json_string_length(e));
	}
	return 0;
}

static enum redaction redaction_from(const char *s)
{
	enum redaction r;

	for (r = REDACTION_NONE; r <= REDACTION_REMOVED; r++)
		if (s && !strcmp(s, redaction_name(r)))
			return r;
	return REDACTION_PENDING;   /* unknown: ask the user again */
}

static void clear_all(struct form_state *st)
{
	size_t i, j;

	for (i = 0; i < st->form->n_fields; i++) {
		const struct form_field *f = st->form->all[i];

		answer_clear(&st->top[i]);
		for (j = 0; f->type == FT_GROUP && j < st->groups[i].count * f->n_fields; j++)
			answer_clear(&st->groups[i].rows[j]);
		st->groups[i].count = 0;
		st->groups[i].touched = false;
	}
	memset(st->completed, 0, st->form->n_sections * sizeof *st->completed);
}

static enum ct_status load_group(struct form_state *st, const struct form_field *f,
				 const json_t *items)
{
	struct group_data *g = &st->groups[f->index];
	struct strbuf text = STRBUF_INIT;
	size_t i, k, n = json_array_size(items), limit;
	const char *key;
	json_t *v;

	limit = f->max.set ? (size_t)f->max.num : 1000;
	if (n > limit)
		n = limit;
	if (group_reserve(g, f->n_fields, n))
		return CT_NOMEM;
	for (i = 0; i < n; i++) {
		const json_t *o = json_array_get(items, i);

		memset(&g->rows[i * f->n_fields], 0, f->n_fields * sizeof *g->rows);
		g->count = i + 1;
		if (!json_is_object(o))
			continue;
		json_object_foreach((json_t *)o, key, v) {
			for (k = 0; k < f->n_fields; k++) {
				if (strcmp(f->fields[k].id, key))
					continue;
				sb_reset(&text);
				if (!text_of(v, &text) &&
				    answer_set_text(&g->rows[i * f->n_fields + k], text.buf)) {
					sb_release(&text);
					return CT_NOMEM;
				}
			}
		}
	}
	sb_release(&text);
	return CT_OK;
}

enum ct_status form_state_from_json(struct form_state *st, const char *json, struct strbuf *err)
{
	struct strbuf text = STRBUF_INIT;
	json_error_t jerr;
	json_t *doc, *answers, *meta, *done, *v;
	const struct form_field *f;
	enum ct_status rc = CT_OK;
	const char *key;
	size_t i;

	doc = json_loads(json ? json : "", 0, &jerr);
	if (!json_is_object(doc)) {
		sb_addf(err, "the saved answers are not readable (%s)",
			doc ? "not a JSON object" : jerr.text);
		json_decref(doc);
		return CT_ERR;
	}
	if (json_integer_value(json_object_get(doc, "format")) != DRAFT_FORMAT) {
		sb_addf(err, "the saved answers are in a format this caseterm does not know");
		json_decref(doc);
		return CT_ERR;
	}
	if (!json_is_string(json_object_get(doc, "form")) ||
	    strcmp(json_string_value(json_object_get(doc, "form")), st->form->id)) {
		sb_addf(err, "the saved answers belong to another form");
		json_decref(doc);
		return CT_ERR;
	}
	clear_all(st);
	answers = json_object_get(doc, "answers");
	meta = json_object_get(doc, "meta");
	done = json_object_get(doc, "completed");
	json_object_foreach(answers, key, v) {
		f = form_find_field(st->form, key);
		if (!f || f->group)
			continue;   /* gone from the form, or not a top-level field */
		if (f->type == FT_GROUP) {
			if (json_is_array(v) && (rc = load_group(st, f, v)) != CT_OK)
				goto out;
			st->groups[f->index].touched = st->groups[f->index].count > 0;
			continue;
		}
		sb_reset(&text);
		if (text_of(v, &text))
			continue;
		if (answer_set_text(&st->top[f->index], text.buf)) {
			rc = CT_NOMEM;
			goto out;
		}
		/* answers saved without meta were typed (meta may say otherwise) */
		st->top[f->index].touched = text.len > 0;
	}
	json_object_foreach(meta, key, v) {
		struct answer *a;
		const json_t *orig;

		f = form_find_field(st->form, key);
		if (!f || f->group || !json_is_object(v))
			continue;
		if (f->type == FT_GROUP) {
			if (json_object_get(v, "touched"))
				st->groups[f->index].touched =
					json_is_true(json_object_get(v, "touched"));
			continue;
		}
		a = &st->top[f->index];
		a->prefilled = json_is_true(json_object_get(v, "prefilled"));
		a->touched = json_is_true(json_object_get(v, "touched"));
		orig = json_object_get(v, "original");
		if (f->redactable && json_is_string(orig)) {
			a->original = strdup(json_string_value(orig));
			if (!a->original) {
				rc = CT_NOMEM;
				goto out;
			}
			a->red = redaction_from(json_string_value(json_object_get(v, "redaction")));
			if (a->red == REDACTION_NONE)
				a->red = REDACTION_PENDING;
		}
	}
	for (i = 0; i < json_array_size(done); i++) {
		const struct form_section *s =
			form_find_section(st->form, json_string_value(json_array_get(done, i)));

		if (s)
			st->completed[s->index] = true;
	}
out:
	sb_release(&text);
	json_decref(doc);
	return rc;
}

/* ---- submit ------------------------------------------------------------- */

enum ct_status form_state_submit(struct form_state *st, char **json, struct form_errors *errs,
				 const struct form_page **first_bad)
{
	json_t *doc = NULL, *answers, *reds;
	const struct form_page *bad_page = NULL;
	struct form_errors one = FORM_ERRORS_INIT;
	size_t s, i, item, k;
	int bad = 0;

	*json = NULL;
	if (first_bad)
		*first_bad = NULL;
	form_errors_release(errs);
	/* every shown page of every section, errors in form order */
	for (s = 0; s < st->form->n_sections; s++) {
		const struct form_section *sec = &st->form->sections[s];
		size_t p;

		for (p = 0; p < sec->n_pages; p++) {
			size_t j;

			if (!form_state_page_visible(st, &sec->pages[p]))
				continue;
			if (!form_state_validate_page(st, &sec->pages[p], &one))
				continue;
			if (!bad_page)
				bad_page = &sec->pages[p];
			for (j = 0; j < one.n; j++) {
				struct form_error *v = errs->v;

				if (errs->n == errs->alloc) {
					size_t na = errs->alloc ? errs->alloc * 2 : 8;

					v = realloc(errs->v, na * sizeof *v);
					if (!v)
						break;
					errs->v = v;
					errs->alloc = na;
				}
				errs->v[errs->n++] = one.v[j];
				one.v[j].message = NULL;
			}
		}
	}
	form_errors_release(&one);
	if (bad_page) {
		if (first_bad)
			*first_bad = bad_page;
		return CT_ERR;
	}

	doc = json_object();
	answers = json_object();
	reds = json_object();
	bad = !doc || !answers || !reds;
	if (!bad) {
		bad |= set_new(doc, "form", json_string(st->form->id));
		bad |= json_object_set(doc, "answers", answers);
		bad |= json_object_set(doc, "redactions", reds);
	}
	for (i = 0; !bad && i < st->form->n_fields; i++) {
		const struct form_field *f = st->form->all[i];

		if (!form_state_visible(st, f, 0))
			continue;
		if (f->type == FT_GROUP) {
			const struct group_data *g = &st->groups[i];
			json_t *items = json_array();

			bad |= set_new(answers, f->id, items);
			for (item = 0; !bad && item < g->count; item++) {
				json_t *o = json_object();

				bad |= !o || json_array_append_new(items, o);
				for (k = 0; !bad && k < f->n_fields; k++) {
					const struct answer *a = &g->rows[item * f->n_fields + k];

					if (!form_state_visible(st, &f->fields[k], item) ||
					    !a->text || !*a->text)
						continue;
					bad |= set_new(o, f->fields[k].id,
						       value_json(&f->fields[k], a->text, true));
				}
			}
		} else {
			const struct answer *a = &st->top[i];
			enum redaction red = form_state_redaction(st, f, NULL);

			if (red != REDACTION_NONE)
				bad |= set_new(reds, f->id, json_string(redaction_name(red)));
			if (!a->text || !*a->text || red == REDACTION_REMOVED)
				continue;
			bad |= set_new(answers, f->id, value_json(f, a->text, true));
		}
	}
	if (!bad)
		*json = json_dumps(doc, JSON_COMPACT);
	json_decref(answers);
	json_decref(reds);
	json_decref(doc);
	return *json ? CT_OK : CT_NOMEM;
}
