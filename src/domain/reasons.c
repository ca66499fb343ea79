/* reasons.c: the growable list of reasons in words; see reasons.h. */
#include "domain/reasons.h"

#include <stdarg.h>
#include <stdlib.h>

#include "util/strbuf.h"

int dom_reasons_addf(struct dom_reasons *r, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	int rc;

	if (r->n == r->alloc) {
		size_t na = r->alloc ? r->alloc * 2 : 8;
		char **nv = realloc(r->v, na * sizeof(*nv));

		if (!nv) {
			r->oom = true;
			return -1;
		}
		r->v = nv;
		r->alloc = na;
	}
	va_start(ap, fmt);
	rc = sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (rc) {
		sb_release(&sb);
		r->oom = true;
		return -1;
	}
	r->v[r->n] = sb_detach(&sb, NULL);
	if (!r->v[r->n]) {
		r->oom = true;
		return -1;
	}
	r->n++;
	return 0;
}

void dom_reasons_release(struct dom_reasons *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->v[i]);
	free(r->v);
	r->v = NULL;
	r->n = r->alloc = 0;
	r->oom = false;
}
