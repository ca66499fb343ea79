/* edit.c: the field editor (see edit.h).
 *
 * The text is one strbuf of sanitised UTF-8.  Multi-line fields keep the
 * wrapped rows of the whole text (struct row: byte range and width) for the
 * width of the last layout; an edit re-wraps only the hard lines it touched
 * and shifts the offsets of the rows after them, so a key press in a long
 * text costs the length of one paragraph, not of the text. */
#define _XOPEN_SOURCE 600 /* wcwidth */
#include "ui/edit.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "ui/keymap.h"
#include "ui/shell.h"
#include "util/sanitize.h"
#include "util/strbuf.h"

struct row {
	size_t off, len; /* bytes [off, off+len) of the text, no '\n' */
	int width;
};

struct edit {
	struct strbuf text;
	size_t cur;
	bool multi;
	size_t nchars;  /* characters in text, kept up to date by replace() */

	int goal_col;  /* display column kept across Up/Down; -1: none */
	bool vertical; /* the last key was Up/Down/PageUp/PageDown */

	/* wrapped rows of the whole text for wrap_w (multi-line) */
	struct row *rows;
	size_t nrows, arows;
	int wrap_w;     /* 0: rows not valid */

	/* the last layout */
	int lw, lh;
	int top;        /* multi-line: first row shown */
	size_t hscroll; /* single-line: first byte shown */
	struct edit_line *vis;
	size_t avis;
	struct strbuf *prev; /* [lh] what each row showed */
	size_t nprev;
	bool force_dirty;
};

/* ---- characters ---- */

static int cp_width(unsigned cp)
{
	int w = wcwidth((wchar_t)cp);

	return w < 0 ? 1 : w;
}

/* Decodes the code point at i (text is valid UTF-8); returns its length. */
static size_t cp_at(const struct edit *e, size_t i, unsigned *cp)
{
	size_t skip, l;

	l = utf8_decode((const unsigned char *)e->text.buf + i, e->text.len - i, cp, &skip);
	return l ? l : skip;
}

static bool zero_width(unsigned cp)
{
	return cp != '\n' && cp_width(cp) == 0;
}

/* The start of the code point before i (i > 0). */
static size_t cp_before(const struct edit *e, size_t i)
{
	const unsigned char *s = (const unsigned char *)e->text.buf;

	do
		i--;
	while (i > 0 && (s[i] & 0xc0) == 0x80);
	return i;
}

/* The end of the character starting at i (a code point and the zero-width
 * marks after it), and its width. */
static size_t char_next(const struct edit *e, size_t i, int *width)
{
	unsigned cp;
	size_t j = i + cp_at(e, i, &cp);
	int w = cp == '\n' ? 0 : cp_width(cp);

	if (cp != '\n')
		while (j < e->text.len) {
			size_t l = cp_at(e, j, &cp);

			if (!zero_width(cp))
				break;
			j += l;
		}
	if (width)
		*width = w;
	return j;
}

/* The start of the character that ends at i (i > 0). */
static size_t char_prev(const struct edit *e, size_t i)
{
	unsigned cp;
	size_t j = cp_before(e, i);

	cp_at(e, j, &cp);
	if (!zero_width(cp))
		return j;
	/* a run of marks: back to its base, unless the run starts the line */
	while (j > 0) {
		size_t k = cp_before(e, j);

		cp_at(e, k, &cp);
		if (cp == '\n')
			return j;
		j = k;
		if (!zero_width(cp))
			return j;
	}
	return j;
}

/* The start of the character that contains byte i. */
static size_t char_start(const struct edit *e, size_t i)
{
	size_t j;

	if (i >= e->text.len)
		return e->text.len;
	while (i > 0 && ((unsigned char)e->text.buf[i] & 0xc0) == 0x80)
		i--;
	/* i is a code point start; the character may begin before it */
	j = i;
	if (j < e->text.len) {
		unsigned cp;

		cp_at(e, j, &cp);
		if (zero_width(cp) && j > 0) {
			size_t k = char_prev(e, j);

			if (char_next(e, k, NULL) > j)
				return k;
		}
	}
	return j;
}

static int range_width(const struct edit *e, size_t a, size_t b)
{
	int w = 0, cw;

	while (a < b) {
		a = char_next(e, a, &cw);
		w += cw;
	}
	return w;
}

static size_t line_start(const struct edit *e, size_t i)
{
	while (i > 0 && e->text.buf[i - 1] != '\n')
		i--;
	return i;
}

static size_t line_end(const struct edit *e, size_t i)
{
	const char *nl = memchr(e->text.buf + i, '\n', e->text.len - i);

	return nl ? (size_t)(nl - e->text.buf) : e->text.len;
}

static bool is_space(unsigned cp)
{
	return cp == ' ' || cp == '\t' || cp == 0xa0 || iswspace((wint_t)cp);
}

static bool is_word(unsigned cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
		       (cp >= 'A' && cp <= 'Z') || cp == '_';
	return !is_space(cp) && !iswpunct((wint_t)cp);
}

/* ---- wrapping (multi-line) ---- */

static int rows_reserve(struct edit *e, size_t n)
{
	struct row *r;
	size_t a;

	if (n <= e->arows)
		return 0;
	a = e->arows ? e->arows : 16;
	while (a < n)
		a *= 2;
	r = realloc(e->rows, a * sizeof *r);
	if (!r)
		return -1;
	e->rows = r;
	e->arows = a;
	return 0;
}

/* Wraps the hard line [a, b) (b is '\n' or the end) into rows of at most
 * w - 1 columns (plus one hanging space) and appends them to *out.  w 0:
 * no wrapping.  Returns 0, or -1 on ENOMEM. */
static int wrap_line(const struct edit *e, size_t a, size_t b, int w, struct row **out,
		     size_t *n, size_t *alloc)
{
	long lim = w > 0 ? (w > 1 ? w - 1 : 1) : LONG_MAX;

	do {
		size_t p = a, brk = 0;
		long col = 0, brk_col = 0;
		struct row r;
		unsigned cp;
		int cw;

		while (p < b) {
			size_t q = char_next(e, p, &cw);

			cp_at(e, p, &cp);
			if (col + cw > lim) {
				if (is_space(cp) && q < b && col + cw <= lim + 1) {
					/* one space may hang in the last column */
					col += cw;
					p = q;
				} else if (brk > a) {
					p = brk;
					col = brk_col;
				} else if (p == a) {
					/* wider than the row: it goes alone */
					col += cw;
					p = q;
				}
				break;
			}
			col += cw;
			p = q;
			if (is_space(cp)) {
				brk = p;
				brk_col = col;
			}
		}
		r.off = a;
		r.len = p - a;
		r.width = (int)col;
		if (*n == *alloc) {
			size_t na = *alloc ? *alloc * 2 : 16;
			struct row *nr = realloc(*out, na * sizeof *nr);

			if (!nr)
				return -1;
			*out = nr;
			*alloc = na;
		}
		(*out)[(*n)++] = r;
		a = p;
	} while (a < b);
	return 0;
}

/* Wraps the hard lines of [a, b] (b is a '\n' or the end) into *out. */
static int wrap_region(const struct edit *e, size_t a, size_t b, int w, struct row **out,
		       size_t *n, size_t *alloc)
{
	for (;;) {
		size_t le = line_end(e, a);

		if (le > b)
			le = b;
		if (wrap_line(e, a, le, w, out, n, alloc))
			return -1;
		if (le >= b)
			return 0;
		a = le + 1;
	}
}

static void rows_invalidate(struct edit *e)
{
	e->wrap_w = -1;
}

/* Makes e->rows the wrap of the whole text for width w (0: hard lines). */
static int rows_build(struct edit *e, int w)
{
	if (e->wrap_w == w)
		return 0;
	e->nrows = 0;
	if (wrap_region(e, 0, e->text.len, w, &e->rows, &e->nrows, &e->arows)) {
		rows_invalidate(e);
		return -1;
	}
	e->wrap_w = w;
	return 0;
}

/* The last row whose offset is <= i. */
static size_t row_of(const struct edit *e, size_t i)
{
	size_t lo = 0, hi = e->nrows;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (e->rows[mid].off <= i)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* The text [pos, pos+oldlen) became newlen bytes: fix the rows. */
static void rows_splice(struct edit *e, size_t ls, size_t old_le, size_t new_le, long delta)
{
	struct row *tmp = NULL;
	size_t nt = 0, at = 0, ra, rb, i;

	if (e->wrap_w < 0)
		return;
	ra = row_of(e, ls);
	for (rb = ra; rb < e->nrows && e->rows[rb].off <= old_le; rb++)
		;
	if (wrap_region(e, ls, new_le, e->wrap_w, &tmp, &nt, &at) ||
	    rows_reserve(e, e->nrows - (rb - ra) + nt)) {
		free(tmp);
		rows_invalidate(e);
		return;
	}
	memmove(e->rows + ra + nt, e->rows + rb, (e->nrows - rb) * sizeof *e->rows);
	memcpy(e->rows + ra, tmp, nt * sizeof *tmp);
	e->nrows = e->nrows - (rb - ra) + nt;
	for (i = ra + nt; i < e->nrows; i++)
		e->rows[i].off = (size_t)((long)e->rows[i].off + delta);
	free(tmp);
}

/* Characters in [a, b): a character never spans a '\n', so counting the
 * hard lines an edit touches before and after it keeps nchars exact. */
static size_t count_chars(const struct edit *e, size_t a, size_t b)
{
	size_t n = 0;

	while (a < b) {
		a = char_next(e, a, NULL);
		n++;
	}
	return n;
}

/* ---- changing the text ---- */

/* Replaces [pos, pos+oldlen) with clean bytes ins[0..inslen); the cursor
 * goes after them. */
static enum edit_result replace(struct edit *e, size_t pos, size_t oldlen, const char *ins,
				size_t inslen)
{
	size_t tail = e->text.len - pos - oldlen, ls, old_le;

	if (inslen > oldlen && sb_grow(&e->text, inslen - oldlen))
		return EDIT_NOMEM;
	ls = line_start(e, pos);
	old_le = line_end(e, pos + oldlen);
	e->nchars -= count_chars(e, ls, old_le);
	memmove(e->text.buf + pos + inslen, e->text.buf + pos + oldlen, tail + 1);
	memcpy(e->text.buf + pos, ins, inslen);
	e->text.len = e->text.len - oldlen + inslen;
	e->cur = pos + inslen;
	/* a base inserted before a mark (or a line break deleted before one)
	 * makes one character of them: the cursor goes after it */
	if (char_start(e, e->cur) != e->cur)
		e->cur = char_next(e, char_start(e, e->cur), NULL);
	e->nchars += count_chars(e, ls, old_le - oldlen + inslen);
	if (e->multi)
		rows_splice(e, ls, old_le, old_le - oldlen + inslen, (long)inslen - (long)oldlen);
	return EDIT_CHANGED;
}

static enum edit_result delete_range(struct edit *e, size_t a, size_t b)
{
	if (a >= b)
		return EDIT_NOOP;
	return replace(e, a, b - a, "", 0);
}

/* Sanitises raw input as the field wants it into out. */
static int clean(const struct edit *e, const char *in, size_t len, struct strbuf *out)
{
	struct strbuf tmp = STRBUF_INIT;
	size_t i;
	int rc;

	if (sb_grow(&tmp, len))
		return -1;
	for (i = 0; i < len; i++) {
		if (in[i] == '\r') {
			if (i + 1 < len && in[i + 1] == '\n')
				continue;
			sb_addc(&tmp, '\n');
		} else {
			sb_addc(&tmp, in[i]);
		}
	}
	rc = text_sanitize_into(out, tmp.buf, tmp.len, e->multi ? SAN_KEEP_NEWLINES : SAN_SINGLE_LINE);
	sb_release(&tmp);
	return rc;
}

enum edit_result edit_insert(struct edit *e, const char *text, size_t len)
{
	struct strbuf c = STRBUF_INIT;
	enum edit_result r;

	if (!len)
		return EDIT_NOOP;
	if (clean(e, text, len, &c)) {
		sb_release(&c);
		return EDIT_NOMEM;
	}
	r = c.len ? replace(e, e->cur, 0, c.buf, c.len) : EDIT_NOOP;
	sb_release(&c);
	e->vertical = false;
	return r;
}

int edit_set_text(struct edit *e, const char *text)
{
	struct strbuf c = STRBUF_INIT;

	if (clean(e, text ? text : "", text ? strlen(text) : 0, &c)) {
		sb_release(&c);
		return -1;
	}
	sb_release(&e->text);
	e->text = c;
	e->cur = e->text.len;
	e->nchars = count_chars(e, 0, e->text.len);
	e->hscroll = 0;
	e->vertical = false;
	rows_invalidate(e);
	return 0;
}

struct edit *edit_new(const char *text, bool multiline)
{
	struct edit *e = calloc(1, sizeof *e);

	if (!e)
		return NULL;
	sb_init(&e->text);
	e->multi = multiline;
	e->goal_col = -1;
	e->wrap_w = -1;
	e->force_dirty = true;
	if (edit_set_text(e, text)) {
		edit_free(&e);
		return NULL;
	}
	return e;
}

void edit_free(struct edit **ep)
{
	struct edit *e;
	size_t i;

	if (!ep || !*ep)
		return;
	e = *ep;
	sb_release(&e->text);
	free(e->rows);
	free(e->vis);
	for (i = 0; i < e->nprev; i++)
		sb_release(&e->prev[i]);
	free(e->prev);
	free(e);
	*ep = NULL;
}

/* ---- keys ---- */

static enum edit_result move_to(struct edit *e, size_t to)
{
	if (to == e->cur)
		return EDIT_NOOP;
	e->cur = to;
	return EDIT_MOVED;
}

static size_t word_start(const struct edit *e, size_t i)
{
	size_t ls = line_start(e, i);
	unsigned cp;

	while (i > ls) {
		size_t j = char_prev(e, i);

		cp_at(e, j, &cp);
		if (is_word(cp))
			break;
		i = j;
	}
	while (i > ls) {
		size_t j = char_prev(e, i);

		cp_at(e, j, &cp);
		if (!is_word(cp))
			break;
		i = j;
	}
	return i;
}

/* The position in row r closest to display column col (not past it). */
static size_t pos_in_row(const struct edit *e, size_t r, int col)
{
	const struct row *rw = &e->rows[r];
	size_t p = rw->off, end = rw->off + rw->len;
	bool last = end >= e->text.len || e->text.buf[end] == '\n';
	int c = 0, cw;

	while (p < end) {
		size_t q = char_next(e, p, &cw);

		if (c + cw > col || (q == end && !last))
			break;
		c += cw;
		p = q;
	}
	return p;
}

static enum edit_result vertical(struct edit *e, long by)
{
	size_t r;
	long t;

	if (!e->multi || rows_build(e, e->wrap_w >= 0 ? e->wrap_w : (e->lw > 0 ? e->lw : 0)))
		return e->multi ? EDIT_NOMEM : EDIT_NOT_MINE;
	r = row_of(e, e->cur);
	if (!e->vertical || e->goal_col < 0)
		e->goal_col = range_width(e, e->rows[r].off, e->cur);
	t = (long)r + by;
	if (t < 0 || t >= (long)e->nrows) {
		if ((by < 0 && r == 0) || (by > 0 && r + 1 == e->nrows))
			return EDIT_NOT_MINE;
		t = t < 0 ? 0 : (long)e->nrows - 1;
	}
	e->cur = pos_in_row(e, (size_t)t, e->goal_col);
	e->vertical = true;
	return EDIT_MOVED;
}

enum edit_result edit_key(struct edit *e, ui_key k)
{
	size_t ls, le;
	struct strbuf one = STRBUF_INIT;
	enum edit_result r;

	switch (k) {
	case UIK_UP:
		return vertical(e, -1);
	case UIK_DOWN:
		return vertical(e, 1);
	case UIK_PAGE_UP:
		return vertical(e, -(long)(e->lh > 1 ? e->lh - 1 : 1));
	case UIK_PAGE_DOWN:
		return vertical(e, e->lh > 1 ? e->lh - 1 : 1);
	default:
		break;
	}
	e->vertical = false;
	ls = line_start(e, e->cur);
	le = line_end(e, e->cur);
	switch (k) {
	case UIK_LEFT:
	case UIK_CTRL('b'):
		return e->cur ? move_to(e, char_prev(e, e->cur)) : EDIT_NOOP;
	case UIK_RIGHT:
	case UIK_CTRL('f'):
		return e->cur < e->text.len ? move_to(e, char_next(e, e->cur, NULL)) : EDIT_NOOP;
	case UIK_HOME:
	case UIK_CTRL('a'):
		return move_to(e, ls);
	case UIK_END:
	case UIK_CTRL('e'):
		return move_to(e, le);
	case UIK_BACKSPACE:
	case UIK_CTRL('h'):
	case 0x7f:
		return e->cur ? delete_range(e, char_prev(e, e->cur), e->cur) : EDIT_NOOP;
	case UIK_DELETE:
	case UIK_CTRL('d'):
		return e->cur < e->text.len ? delete_range(e, e->cur, char_next(e, e->cur, NULL))
					    : EDIT_NOOP;
	case UIK_CTRL('w'):
		if (e->cur == ls)
			return e->cur ? delete_range(e, e->cur - 1, e->cur) : EDIT_NOOP;
		return delete_range(e, word_start(e, e->cur), e->cur);
	case UIK_CTRL('u'):
		return delete_range(e, ls, e->cur);
	case UIK_CTRL('k'):
		if (e->cur == le)
			return e->multi && le < e->text.len ? delete_range(e, le, le + 1) : EDIT_NOOP;
		return delete_range(e, e->cur, le);
	case UIK_ENTER:
	case UIK_CTRL('j'):
		if (!e->multi)
			return EDIT_NOT_MINE;
		return replace(e, e->cur, 0, "\n", 1);
	default:
		break;
	}
	if (!ui_key_is_text(k))
		return EDIT_NOT_MINE;
	if (utf8_encode(&one, (unsigned)k))
		return EDIT_NOMEM;
	r = edit_insert(e, one.buf, one.len);
	sb_release(&one);
	return r;
}

enum edit_result edit_action(struct edit *e, enum ui_action a)
{
	switch (a) {
	case ACT_LINE_START:
		return edit_key(e, UIK_HOME);
	case ACT_LINE_END:
		return edit_key(e, UIK_END);
	case ACT_DELETE_WORD:
		return edit_key(e, UIK_CTRL('w'));
	case ACT_DELETE_TO_START:
		return edit_key(e, UIK_CTRL('u'));
	case ACT_DELETE_TO_END:
		return edit_key(e, UIK_CTRL('k'));
	default:
		return EDIT_NOT_MINE;
	}
}

enum edit_result edit_handle(struct edit *e, const struct keymap *km, ui_key k)
{
	enum ui_action a = km ? keymap_lookup_own(km, SEC_TEXT_FIELD, k) : ACT_NONE;
	enum edit_result r = a != ACT_NONE ? edit_action(e, a) : EDIT_NOT_MINE;

	return r != EDIT_NOT_MINE ? r : edit_key(e, k);
}

void edit_help(struct ui_help *h)
{
	static const enum ui_action acts[] = {ACT_LINE_START, ACT_LINE_END, ACT_DELETE_WORD,
					      ACT_DELETE_TO_START, ACT_DELETE_TO_END};
	size_t i;

	for (i = 0; i < sizeof acts / sizeof acts[0]; i++)
		ui_help_action_in(h, SEC_TEXT_FIELD, acts[i]);
}

/* ---- queries ---- */

const char *edit_text(const struct edit *e)
{
	return e->text.buf;
}

size_t edit_len(const struct edit *e)
{
	return e->text.len;
}

size_t edit_chars(const struct edit *e)
{
	return e->nchars;
}

bool edit_multiline(const struct edit *e)
{
	return e->multi;
}

size_t edit_cursor(const struct edit *e)
{
	return e->cur;
}

void edit_set_cursor(struct edit *e, size_t off)
{
	e->cur = char_start(e, off > e->text.len ? e->text.len : off);
	e->vertical = false;
}

/* ---- layout ---- */

static int view_reserve(struct edit *e, int h)
{
	size_t i;

	if ((size_t)h > e->avis) {
		struct edit_line *v = realloc(e->vis, (size_t)h * sizeof *v);

		if (!v)
			return -1;
		e->vis = v;
		e->avis = (size_t)h;
	}
	if ((size_t)h > e->nprev) {
		struct strbuf *p = realloc(e->prev, (size_t)h * sizeof *p);

		if (!p)
			return -1;
		for (i = e->nprev; i < (size_t)h; i++)
			sb_init(&p[i]);
		e->prev = p;
		e->nprev = (size_t)h;
	}
	return 0;
}

/* Single-line: scrolls sideways so the cursor column is in [0, w-1].
 * Past the right edge it jumps half a row (a full row the first time, to
 * show as much as fits), so typing at the end redraws the row once every
 * w/2 keys instead of on every key. */
static void layout_single(struct edit *e, int w, bool first, struct edit_view *out)
{
	struct edit_line *l = &e->vis[0];
	size_t end;
	int col, cw, keep;

	e->hscroll = char_start(e, e->hscroll > e->text.len ? e->text.len : e->hscroll);
	if (e->cur < e->hscroll) {
		/* scrolling left: keep a quarter of the row of context */
		e->hscroll = e->cur;
		keep = w / 4;
		col = 0;
		while (e->hscroll > 0) {
			size_t p = char_prev(e, e->hscroll);

			char_next(e, p, &cw);
			if (col + cw > keep)
				break;
			col += cw;
			e->hscroll = p;
		}
	}
	/* the cursor must be within the first w - 1 columns */
	col = 0;
	end = e->hscroll;
	while (end < e->cur && col <= w - 1) {
		end = char_next(e, end, &cw);
		col += cw;
	}
	if (col > w - 1) {
		size_t p = e->cur;
		int target = first || w < 8 ? w - 1 : w / 2;

		col = 0;
		while (p > 0) {
			size_t q = char_prev(e, p);

			char_next(e, q, &cw);
			if (col + cw > target)
				break;
			col += cw;
			p = q;
		}
		e->hscroll = p;
	}
	out->cursor_col = range_width(e, e->hscroll, e->cur);
	/* what fits from hscroll */
	col = 0;
	end = e->hscroll;
	while (end < e->text.len) {
		size_t q = char_next(e, end, &cw);

		if (col + cw > w)
			break;
		col += cw;
		end = q;
	}
	l->off = e->hscroll;
	l->s = e->text.buf + l->off;
	l->len = end - e->hscroll;
	l->width = col;
	out->rows = 1;
	out->cursor_row = 0;
	out->top = 0;
	out->total_rows = 1;
	out->more_left = e->hscroll > 0;
	out->more_right = end < e->text.len;
}

static int layout_multi(struct edit *e, int w, int h, struct edit_view *out)
{
	size_t r, i, n;
	int maxtop;

	if (rows_build(e, w))
		return -1;
	r = row_of(e, e->cur);
	n = e->nrows;
	if ((long)r < e->top)
		e->top = (int)r;
	if ((long)r >= e->top + h)
		e->top = (int)r - h + 1;
	maxtop = (long)n > h ? (int)n - h : 0;
	if (e->top > maxtop)
		e->top = maxtop;
	if (e->top < 0)
		e->top = 0;
	for (i = 0; i < (size_t)h; i++) {
		struct edit_line *l = &e->vis[i];
		size_t ri = (size_t)e->top + i;

		if (ri < n) {
			l->off = e->rows[ri].off;
			l->len = e->rows[ri].len;
			l->width = e->rows[ri].width;
		} else {
			l->off = e->text.len;
			l->len = 0;
			l->width = 0;
		}
		l->s = e->text.buf + l->off;
	}
	out->rows = h;
	out->cursor_row = (int)r - e->top;
	out->cursor_col = range_width(e, e->rows[r].off, e->cur);
	if (out->cursor_col > w - 1)
		out->cursor_col = w - 1;
	out->top = e->top;
	out->total_rows = (int)n;
	out->more_left = out->more_right = false;
	return 0;
}

int edit_layout(struct edit *e, int width, int height, struct edit_view *out)
{
	int i;
	bool all, oom, first;

	if (width < 2)
		width = 2;
	if (height < 1 || !e->multi)
		height = 1;
	if (view_reserve(e, height)) {
		e->force_dirty = true;
		return -1;
	}
	first = e->lw == 0 || width != e->lw;
	all = e->force_dirty || first || height != e->lh;
	e->lw = width;
	e->lh = height;
	if (e->multi) {
		if (layout_multi(e, width, height, out)) {
			e->force_dirty = true;
			return -1;
		}
	} else {
		layout_single(e, width, first, out);
	}
	oom = false;
	for (i = 0; i < out->rows; i++) {
		struct edit_line *l = &e->vis[i];
		struct strbuf *p = &e->prev[i];

		l->dirty = all || p->len != l->len || memcmp(p->buf, l->s, l->len);
		if (l->dirty) {
			sb_reset(p);
			if (sb_add(p, l->s, l->len))
				oom = true; /* p is empty: draw every row next time */
		}
	}
	e->force_dirty = oom;
	out->all_dirty = all;
	out->lines = e->vis;
	return 0;
}
