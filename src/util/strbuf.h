/* strbuf.h: a growable, always NUL-terminated byte string.
 *
 * Rules (after git's strbuf.h):
 *  - Initialise with STRBUF_INIT or sb_init(); buf is never NULL afterwards and
 *    always ends in '\0', even when len is 0.
 *  - The strbuf owns buf.  sb_release() frees it and re-initialises; sb_detach()
 *    hands buf to the caller (who frees it with free()) and re-initialises.
 *  - Growth failure leaves the string unchanged and returns -1; every add
 *    function returns 0 on success.
 */
#ifndef CASETERM_STRBUF_H
#define CASETERM_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
};

extern char strbuf_empty[];
#define STRBUF_INIT {strbuf_empty, 0, 0}

void sb_init(struct strbuf *sb);
void sb_release(struct strbuf *sb);
/* Returns the string, now owned by the caller (free() it); sb is re-initialised. */
char *sb_detach(struct strbuf *sb, size_t *len);
int sb_grow(struct strbuf *sb, size_t extra);
int sb_add(struct strbuf *sb, const void *data, size_t len);
int sb_adds(struct strbuf *sb, const char *s);
int sb_addc(struct strbuf *sb, char c);
int sb_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int sb_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
void sb_reset(struct strbuf *sb);
void sb_setlen(struct strbuf *sb, size_t len);
/* Reads a whole file into sb; returns 0, or -1 with errno set. */
int sb_read_file(struct strbuf *sb, const char *path);

#endif
