/* jsonx.h: private to src/lookup: forgiving readers over jansson values.
 *
 * Every reader takes a json_t that may be NULL or of any type.  A missing or
 * wrongly-typed member gives "no value" (NULL / false), never a crash.
 * Strings are copied as received, except that NUL bytes are dropped and the
 * copy is cut (at a UTF-8 character boundary) to LOOKUP_MAX_STRING bytes.
 * Arrays are read up to LOOKUP_MAX_ITEMS entries. */
#ifndef CASETERM_LOOKUP_JSONX_H
#define CASETERM_LOOKUP_JSONX_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "lookup/lookup.h"

/* Mends what would make one bad field cost the whole answer: invalid UTF-8
 * becomes U+FFFD, a raw control character inside a string becomes its
 * u-escape, an escaped lone surrogate becomes the escape of U+FFFD.  Anything else
 * that is not JSON stays as it is (and fails to parse).  The result is also
 * fit for a UTF-8 database.  Returns 0 when nothing needed mending (out
 * untouched), 1 when out holds the mended copy, -1 on ENOMEM. */
int jx_repair_body(const char *body, size_t len, struct strbuf *out);

/* Parses a whole upstream body (mended by jx_repair_body first).  Returns a new reference (json_decref it), or
 * NULL with a short reason in err (which may be NULL). */
json_t *jx_parse(const char *body, size_t len, struct strbuf *err);

/* obj[key] where obj is an object; else NULL.  Borrowed. */
json_t *jx_get(const json_t *obj, const char *key);
/* Follows a dotted path of object keys ("pdu.description"). Borrowed. */
json_t *jx_path(const json_t *obj, const char *path);
/* The first of several alternative keys that holds a non-null value. */
json_t *jx_any(const json_t *obj, const char *const *keys);

/* A new capped copy of a JSON string (free() it); NULL when v is not a string
 * or on ENOMEM. */
char *jx_strdup(const json_t *v);
/* jx_strdup(jx_path(obj, path)). */
char *jx_str(const json_t *obj, const char *path);
/* The first alternative path that holds a string. */
char *jx_str_any(const json_t *obj, const char *const *paths);

/* Booleans: true JSON booleans only.  Returns whether a value was there. */
bool jx_bool(const json_t *obj, const char *path, bool *out);
/* Numbers: JSON integers or reals (not strings).  Returns whether a value was
 * there and finite. */
bool jx_num(const json_t *obj, const char *path, double *out);
bool jx_int(const json_t *obj, const char *path, long long *out);

/* The number of entries of an array to read (0 when v is not an array). */
size_t jx_len(const json_t *v);

/* Copies s capped like JSON strings; NULL in, NULL out. */
char *jx_capdup(const char *s, size_t len);

#endif
