/* reasons.h: a growable list of reasons in words, the "why" that domain rules hand back. */
#ifndef CASETERM_DOMAIN_REASONS_H
#define CASETERM_DOMAIN_REASONS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The list owns every string in v and the array itself; dom_reasons_release()
 * frees them all and leaves an empty list.  Start with DOM_REASONS_INIT (or
 * zero the struct).  When an allocation fails the reason is dropped, oom is
 * set and the add returns -1; the list stays valid.
 */
struct dom_reasons {
	char **v;
	size_t n;
	size_t alloc;
	bool oom;
};

#define DOM_REASONS_INIT {NULL, 0, 0, false}

/* Appends one formatted reason; returns 0, or -1 when out of memory. */
int dom_reasons_addf(struct dom_reasons *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Frees every reason and the array; r is empty (and usable) afterwards. */
void dom_reasons_release(struct dom_reasons *r);

#endif
