/* sanitize.c: strip control and escape sequences and repair UTF-8; see sanitize.h. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 600 /* wcwidth, also when built without ncursesw flags */
#endif
#include "util/sanitize.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

size_t utf8_decode(const unsigned char *s, size_t n, unsigned *cp, size_t *skip)
{
	unsigned c, min;
	size_t len, i;

	*skip = 1;
	*cp = 0xFFFD;
	if (!n)
		return 0;
	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		len = 2, min = 0x80, c &= 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3, min = 0x800, c &= 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4, min = 0x10000, c &= 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < len; i++) {
		if (i >= n || (s[i] & 0xC0) != 0x80) {
			*skip = i;
			return 0;
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
		*skip = len;
		return 0;
	}
	*cp = c;
	return len;
}

int utf8_encode(struct strbuf *out, unsigned cp)
{
	char b[4];
	size_t n;

	if (cp < 0x80) {
		b[0] = (char)cp, n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
	} else {
		b[0] = (char)(0xF0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
	}
	return sb_add(out, b, n);
}

/* Skips an escape sequence that starts at s[0] == ESC (or an 8-bit C1
 * introducer already decoded as cp); returns the bytes consumed. */
static size_t skip_string_body(const unsigned char *s, size_t n, size_t i)
{
	/* OSC/DCS/APC/PM/SOS: until BEL, ESC \, or 8-bit ST (U+009C). */
	while (i < n) {
		if (s[i] == 0x07)
			return i + 1;
		if (s[i] == 0x1B)
			return (i + 1 < n && s[i + 1] == '\\') ? i + 2 : i + 1;
		if (s[i] == 0xC2 && i + 1 < n && s[i + 1] == 0x9C)
			return i + 2;
		i++;
	}
	return n;
}

static size_t skip_csi_body(const unsigned char *s, size_t n, size_t i)
{
	/* parameter and intermediate bytes 0x20..0x3F, final byte 0x40..0x7E */
	while (i < n && s[i] >= 0x20 && s[i] <= 0x3F)
		i++;
	if (i < n && s[i] >= 0x40 && s[i] <= 0x7E)
		return i + 1;
	return i;
}

static size_t skip_escape(const unsigned char *s, size_t n)
{
	size_t i = 1;

	if (i >= n)
		return 1;
	switch (s[i]) {
	case '[':
		return skip_csi_body(s, n, i + 1);
	case ']': case 'P': case '_': case '^': case 'X':
		return skip_string_body(s, n, i + 1);
	default:
		/* ESC, intermediates 0x20..0x2F, then one final byte */
		while (i < n && s[i] >= 0x20 && s[i] <= 0x2F)
			i++;
		if (i < n && s[i] >= 0x30 && s[i] <= 0x7E)
			i++;
		return i;
	}
}

int text_sanitize_into(struct strbuf *out, const char *in, size_t len, int flags)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, l, skip;
	unsigned cp;

	if (sb_grow(out, len))
		return -1;
	while (i < len) {
		if (s[i] == 0x1B) {
			i += skip_escape(s + i, len - i);
			continue;
		}
		l = utf8_decode(s + i, len - i, &cp, &skip);
		if (!l) {
			if (utf8_encode(out, 0xFFFD))
				return -1;
			i += skip;
			continue;
		}
		if (cp == 0x9B) { /* 8-bit CSI */
			i = i + l + skip_csi_body(s + i + l, len - i - l, 0);
			continue;
		}
		if (cp == 0x90 || cp == 0x9D || cp == 0x9E || cp == 0x9F || cp == 0x98) {
			i = i + skip_string_body(s, len, i + l);
			continue;
		}
		i += l;
		if (cp == '\n' || cp == '\t' || cp == '\r') {
			if (cp == '\r')
				continue;
			if (cp == '\n' && (flags & SAN_KEEP_NEWLINES)) {
				if (sb_addc(out, '\n'))
					return -1;
			} else if (sb_addc(out, ' ')) {
				return -1;
			}
			continue;
		}
		if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F))
			continue;
		if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
			continue;
		if (cp < 0x80 ? sb_addc(out, (char)cp) : sb_add(out, s + i - l, l))
			return -1;
	}
	return 0;
}

char *text_sanitize(const char *in, int flags)
{
	struct strbuf sb = STRBUF_INIT;

	if (!in)
		in = "";
	if (text_sanitize_into(&sb, in, strlen(in), flags)) {
		sb_release(&sb);
		return NULL;
	}
	return sb_detach(&sb, NULL);
}

static int cp_width(unsigned cp)
{
	int w = wcwidth((wchar_t)cp);

	return w < 0 ? 1 : w;
}

size_t text_width(const char *s)
{
	size_t n = strlen(s), i = 0, l, skip, w = 0;
	unsigned cp;

	while (i < n) {
		l = utf8_decode((const unsigned char *)s + i, n - i, &cp, &skip);
		w += (size_t)cp_width(cp);
		i += l ? l : skip;
	}
	return w;
}

size_t text_prefix_for_width(const char *s, size_t cols)
{
	size_t n = strlen(s), i = 0, l, skip, w = 0, cw;
	unsigned cp;

	while (i < n) {
		l = utf8_decode((const unsigned char *)s + i, n - i, &cp, &skip);
		cw = (size_t)cp_width(cp);
		if (w + cw > cols)
			break;
		w += cw;
		i += l ? l : skip;
	}
	return i;
}
