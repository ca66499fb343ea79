/* sanitize.h: the one gate that text from the database or upstream passes
 * through before it reaches the terminal.
 *
 * What it does to the bytes it is given:
 *  - escape sequences are removed whole: CSI (ESC [ ... final), OSC, DCS, APC,
 *    PM and SOS strings (up to BEL or ST), and two-byte ESC sequences;
 *  - other C0 controls, DEL and C1 controls (U+0080..U+009F, also their
 *    8-bit forms as CSI 0x9B) are removed; with SAN_KEEP_NEWLINES, '\n' stays
 *    and '\t' becomes a space; otherwise both become a space;
 *  - bidirectional overrides and isolates (U+202A..U+202E, U+2066..U+2069)
 *    are removed, so text cannot reorder what is drawn after it;
 *  - invalid or overlong UTF-8, surrogates and code points past U+10FFFF
 *    become U+FFFD;
 *  - the result is valid UTF-8 and never longer than 3x the input.
 */
#ifndef CASETERM_SANITIZE_H
#define CASETERM_SANITIZE_H

#include <stddef.h>

#include "util/strbuf.h"

enum san_flags {
	SAN_SINGLE_LINE = 0,
	SAN_KEEP_NEWLINES = 1,
};

/* Appends the sanitised form of in[0..len) to out.  Returns 0, -1 on ENOMEM. */
int text_sanitize_into(struct strbuf *out, const char *in, size_t len, int flags);
/* Returns a new sanitised copy (free() it), or NULL on ENOMEM.  in may be NULL
 * (gives ""). */
char *text_sanitize(const char *in, int flags);

/* Decodes one UTF-8 character at s (n bytes available).  Returns its length
 * (1..4) and stores the code point, or returns 0 and stores U+FFFD with the
 * length of the invalid run to skip (always >= 1) in *skip. */
size_t utf8_decode(const unsigned char *s, size_t n, unsigned *cp, size_t *skip);
/* Appends cp encoded as UTF-8. */
int utf8_encode(struct strbuf *out, unsigned cp);
/* Returns the terminal width of valid UTF-8 text (wcwidth, -1 widths count 1). */
size_t text_width(const char *s);
/* Returns the byte length of the longest prefix of s that fits in cols columns. */
size_t text_prefix_for_width(const char *s, size_t cols);

#endif
