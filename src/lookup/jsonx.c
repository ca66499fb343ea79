/* jsonx.c: forgiving readers over jansson values (see jsonx.h). */
#include "lookup/jsonx.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/sanitize.h"

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The code unit of a "\\uXXXX" escape at s (n bytes left), or -1. */
static long escape_unit(const unsigned char *s, size_t n)
{
	long v = 0;
	int i, h;

	if (n < 6 || s[0] != '\\' || s[1] != 'u')
		return -1;
	for (i = 2; i < 6; i++) {
		if ((h = hexval(s[i])) < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

int jx_repair_body(const char *body, size_t len, struct strbuf *out)
{
	const unsigned char *s = (const unsigned char *)body;
	size_t i = 0, done = 0, skip, n;
	bool in_string = false;
	unsigned cp;
	int changed = 0;
	char esc[8];

/* replaces body[i .. i+k) with the bytes rep[0..rl) */
#define REPLACE(k, rep, rl)                                                    \
	do {                                                                   \
		if (!changed)                                                  \
			sb_reset(out);                                         \
		changed = 1;                                                   \
		if (sb_add(out, body + done, i - done) || sb_add(out, rep, rl)) \
			return -1;                                             \
		i += (k);                                                      \
		done = i;                                                      \
	} while (0)

	while (i < len) {
		unsigned char c = s[i];

		if (c >= 0x80) {
			n = utf8_decode(s + i, len - i, &cp, &skip);
			if (n)
				i += n;
			else
				REPLACE(skip, "\xef\xbf\xbd", 3);
			continue;
		}
		if (!in_string) {
			in_string = c == '"';
			i++;
			continue;
		}
		if (c == '"') {
			in_string = false;
			i++;
		} else if (c < 0x20) {
			snprintf(esc, sizeof esc, "\\u%04x", c);
			REPLACE(1, esc, 6);
		} else if (c == '\\') {
			long u = escape_unit(s + i, len - i), lo;

			if (u < 0) {
				i += i + 1 < len ? 2 : 1; /* any other escape: jansson judges it */
			} else if (u >= 0xD800 && u <= 0xDBFF &&
				   (lo = escape_unit(s + i + 6, len - i - 6)) >= 0xDC00 && lo <= 0xDFFF) {
				i += 12; /* a proper pair */
			} else if (u >= 0xD800 && u <= 0xDFFF) {
				REPLACE(6, "\\ufffd", 6); /* a lone surrogate */
			} else {
				i += 6;
			}
		} else {
			i++;
		}
	}
#undef REPLACE
	if (changed && sb_add(out, body + done, len - done))
		return -1;
	return changed;
}

json_t *jx_parse(const char *body, size_t len, struct strbuf *err)
{
	struct strbuf fixed = STRBUF_INIT;
	json_error_t je;
	json_t *v;
	int rc;

	if (!body || len == 0) {
		if (err)
			sb_adds(err, "the answer was empty");
		return NULL;
	}
	rc = jx_repair_body(body, len, &fixed);
	if (rc < 0) {
		if (err)
			sb_adds(err, "out of memory");
		sb_release(&fixed);
		return NULL;
	}
	if (rc) {
		body = fixed.buf;
		len = fixed.len;
	}
	/* JSON_ALLOW_NUL: a "\u0000" inside a string is data to drop, not a
	 * reason to throw the whole answer away.  jansson itself refuses
	 * invalid UTF-8 and nesting deeper than its limit. */
	v = json_loadb(body, len, JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES, &je);
	if (!v && json_error_code(&je) == json_error_duplicate_key)
		v = json_loadb(body, len, JSON_ALLOW_NUL, &je); /* last one wins */
	if (!v && err)
		sb_addf(err, "the answer is not valid JSON (line %d: %.80s)", je.line, je.text);
	sb_release(&fixed);
	return v;
}

json_t *jx_get(const json_t *obj, const char *key)
{
	if (!json_is_object(obj) || !key)
		return NULL;
	return json_object_get(obj, key);
}

json_t *jx_path(const json_t *obj, const char *path)
{
	const json_t *cur = obj;
	const char *p = path, *dot;
	char key[128];

	if (!path)
		return NULL;
	while (cur && *p) {
		size_t n;

		dot = strchr(p, '.');
		n = dot ? (size_t)(dot - p) : strlen(p);
		if (n == 0 || n >= sizeof key)
			return NULL;
		memcpy(key, p, n);
		key[n] = '\0';
		cur = jx_get(cur, key);
		p += n + (dot ? 1 : 0);
	}
	return (json_t *)cur;
}

json_t *jx_any(const json_t *obj, const char *const *keys)
{
	json_t *v;

	for (; keys && *keys; keys++) {
		v = jx_path(obj, *keys);
		if (v && !json_is_null(v))
			return v;
	}
	return NULL;
}

/* Length of the longest prefix of s[0..len) that is at most cap bytes and does
 * not end inside a UTF-8 character. */
static size_t utf8_cut(const char *s, size_t len, size_t cap)
{
	size_t n = len;

	if (n <= cap)
		return n;
	n = cap;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

char *jx_capdup(const char *s, size_t len)
{
	size_t n, i, j;
	char *out;

	if (!s)
		return NULL;
	n = utf8_cut(s, len, LOOKUP_MAX_STRING);
	out = malloc(n + 1);
	if (!out)
		return NULL;
	for (i = j = 0; i < n; i++)
		if (s[i] != '\0')
			out[j++] = s[i];
	out[j] = '\0';
	return out;
}

char *jx_strdup(const json_t *v)
{
	if (!json_is_string(v))
		return NULL;
	return jx_capdup(json_string_value(v), json_string_length(v));
}

char *jx_str(const json_t *obj, const char *path)
{
	return jx_strdup(jx_path(obj, path));
}

char *jx_str_any(const json_t *obj, const char *const *paths)
{
	for (; paths && *paths; paths++) {
		json_t *v = jx_path(obj, *paths);

		if (json_is_string(v))
			return jx_strdup(v);
	}
	return NULL;
}

bool jx_bool(const json_t *obj, const char *path, bool *out)
{
	json_t *v = jx_path(obj, path);

	if (!json_is_boolean(v))
		return false;
	*out = json_is_true(v);
	return true;
}

bool jx_num(const json_t *obj, const char *path, double *out)
{
	json_t *v = jx_path(obj, path);
	double d;

	if (!json_is_number(v))
		return false;
	d = json_number_value(v);
	if (!isfinite(d))
		return false;
	*out = d;
	return true;
}

bool jx_int(const json_t *obj, const char *path, long long *out)
{
	json_t *v = jx_path(obj, path);
	double d;

	if (json_is_integer(v)) {
		*out = (long long)json_integer_value(v);
		return true;
	}
	if (!json_is_real(v))
		return false;
	d = json_real_value(v);
	/* 3.0 is an integer; 3.5 and 1e300 are not */
	if (!isfinite(d) || d != floor(d) || fabs(d) > 9.0e15)
		return false;
	*out = (long long)d;
	return true;
}

size_t jx_len(const json_t *v)
{
	size_t n;

	if (!json_is_array(v))
		return 0;
	n = json_array_size(v);
	return n > LOOKUP_MAX_ITEMS ? LOOKUP_MAX_ITEMS : n;
}
