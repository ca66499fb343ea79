/* catfix.c: helpers for the catalogue unit tests (see catfix.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catfix.h"

void fix_parse(const char *doc, struct cat_def *d)
{
	struct strbuf problems = STRBUF_INIT;
	enum ct_status rc = cat_def_parse(doc, strlen(doc), "test.json", d, &problems);

	if (rc != CT_OK)
		fail_msg("parse failed: %s\n%s", problems.buf, doc);
	sb_release(&problems);
}

void fix_add_course(struct cat_def *d, const char *identifier, const char *audience,
		    enum cat_intensity intensity, bool withdrawn)
{
	struct cat_course *c = cat_arena_alloc(d->own, (d->n_courses + 1) * sizeof *c);

	assert_non_null(c);
	if (d->n_courses)
		memcpy(c, d->courses, d->n_courses * sizeof *c);
	c[d->n_courses].identifier = cat_arena_strdup(d->own, identifier);
	c[d->n_courses].name = cat_arena_strdup(d->own, identifier);
	c[d->n_courses].audience = cat_arena_strdup(d->own, audience);
	c[d->n_courses].intensity = intensity;
	c[d->n_courses].withdrawn = withdrawn;
	d->courses = c;
	d->n_courses++;
}

struct catalogue *fix_build_defs(struct cat_def *defs, size_t n)
{
	struct cat_def *copy = calloc(n ? n : 1, sizeof *copy);
	struct catalogue *cat = NULL;

	assert_non_null(copy);
	memcpy(copy, defs, n * sizeof *copy);
	assert_int_equal(cat_build(copy, n, NULL, &cat), CT_OK);
	return cat;
}

struct catalogue *fix_build(const char *const *docs, size_t n)
{
	struct cat_def *defs = calloc(n ? n : 1, sizeof *defs);
	struct catalogue *cat;
	size_t i;

	assert_non_null(defs);
	for (i = 0; i < n; i++)
		fix_parse(docs[i], &defs[i]);
	cat = fix_build_defs(defs, n);
	free(defs);
	return cat;
}

char *fix_doc(const char *name, const char *type, const char *settings, const char *rest)
{
	struct strbuf b = STRBUF_INIT;

	sb_addf(&b, "{\"intervention_catalogue\": {\"name\": \"%s\", \"int_type\": \"%s\"},"
		"\"delivery_method_settings\": %s%s}", name, type, settings, rest);
	return sb_detach(&b, NULL);
}

char *fix_reasons(const struct catalogue *cat, size_t i, const struct cat_person *p,
		  struct cat_elig *e)
{
	struct strbuf b = STRBUF_INIT;
	size_t k;

	cat_eligibility(cat, i, p, e);
	for (k = 0; k < e->n; k++) {
		if (k)
			sb_addc(&b, '\n');
		assert_int_equal(cat_reason_text(cat, i, p, &e->r[k], &b), 0);
	}
	return sb_detach(&b, NULL);
}
