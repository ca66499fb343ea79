/* canvas.c: clipping, scrolling and width-aware text on a canvas (no curses). */
#include "ui/canvas.h"

#include <stdarg.h>
#include <string.h>

#include "util/sanitize.h"
#include "util/strbuf.h"

static const char ellipsis[] = "\xe2\x80\xa6"; /* … */
static const char spaces[] = "                                                                ";

static int imax(int a, int b)
{
	return a > b ? a : b;
}

static int imin(int a, int b)
{
	return a < b ? a : b;
}

struct ui_canvas cv_root(const struct ui_canvas_ops *ops, void *ctx, int rows, int cols,
			 bool linear)
{
	struct ui_canvas c = {
		.ops = ops, .ctx = ctx, .rows = rows, .cols = cols,
		.clip_y1 = rows, .clip_x1 = cols, .linear = linear,
	};

	return c;
}

struct ui_canvas cv_sub(const struct ui_canvas *c, int row, int col, int rows, int cols)
{
	struct ui_canvas s = *c;

	s.y0 = c->y0 + row - c->top;
	s.x0 = c->x0 + col;
	s.rows = imax(rows, 0);
	s.cols = imax(cols, 0);
	s.top = 0;
	s.used = 0;
	s.clip_y0 = imax(c->clip_y0, s.y0);
	s.clip_x0 = imax(c->clip_x0, s.x0);
	s.clip_y1 = imin(c->clip_y1, s.y0 + s.rows);
	s.clip_x1 = imin(c->clip_x1, s.x0 + s.cols);
	return s;
}

/* Surface row of virtual row `row`, or -1 when it is clipped. */
static int surface_row(const struct ui_canvas *c, int row)
{
	int sy = c->y0 + row - c->top;

	if (row < 0 || row - c->top >= c->rows || sy < c->clip_y0 || sy >= c->clip_y1)
		return -1;
	return sy;
}

/* Columns available from col: the canvas width, the clip and maxw (if >= 0). */
static int avail_cols(const struct ui_canvas *c, int col, int maxw)
{
	int a = imin(c->cols - col, c->clip_x1 - (c->x0 + col));

	if (maxw >= 0)
		a = imin(a, maxw);
	return a;
}

int cv_textn(struct ui_canvas *c, int row, int col, enum theme_role role, unsigned attrs,
	     const char *s, int maxw)
{
	int avail, sy, sx;
	size_t n, w;
	bool cut;

	if (!s || !*s || col < 0)
		return 0;
	avail = avail_cols(c, col, maxw);
	if (avail <= 0)
		return 0;
	n = text_prefix_for_width(s, (size_t)avail);
	cut = s[n] != '\0';
	if (cut)
		n = text_prefix_for_width(s, (size_t)avail - 1);
	c->used = imax(c->used, row + 1);
	w = 0;
	if (n) {
		struct strbuf part = STRBUF_INIT;

		sb_add(&part, s, n);
		w = text_width(part.buf);
		sb_release(&part);
	}
	sy = surface_row(c, row);
	sx = c->x0 + col;
	if (sy >= 0 && sx >= c->clip_x0) {
		if (n)
			c->ops->text(c->ctx, sy, sx, role, attrs, s, n);
		if (cut)
			c->ops->text(c->ctx, sy, sx + (int)w, role, attrs, ellipsis,
				     sizeof ellipsis - 1);
	}
	return (int)w + (cut ? 1 : 0);
}

int cv_text(struct ui_canvas *c, int row, int col, enum theme_role role, const char *s)
{
	return cv_textn(c, row, col, role, 0, s, -1);
}

int cv_textf(struct ui_canvas *c, int row, int col, enum theme_role role, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	int w;

	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	w = cv_textn(c, row, col, role, 0, sb.buf, -1);
	sb_release(&sb);
	return w;
}

void cv_fill(struct ui_canvas *c, int row, int col, int w, enum theme_role role)
{
	int sy = surface_row(c, row), sx = c->x0 + col, n;

	if (col < 0)
		return;
	w = imin(w, avail_cols(c, col, -1));
	if (w <= 0)
		return;
	c->used = imax(c->used, row + 1);
	if (sy < 0 || sx < c->clip_x0)
		return;
	while (w > 0) {
		n = imin(w, (int)sizeof spaces - 1);
		c->ops->text(c->ctx, sy, sx, role, 0, spaces, (size_t)n);
		sx += n;
		w -= n;
	}
}

void cv_hline(struct ui_canvas *c, int row, int col, int w, enum theme_role role)
{
	int sy = surface_row(c, row), sx = c->x0 + col;

	if (col < 0)
		return;
	w = imin(w, avail_cols(c, col, -1));
	if (w <= 0)
		return;
	c->used = imax(c->used, row + 1);
	if (sy >= 0 && sx >= c->clip_x0)
		c->ops->glyph(c->ctx, sy, sx, GL_HLINE, w, role);
}

static void glyph_at(struct ui_canvas *c, int row, int col, enum ui_glyph g,
		     enum theme_role role)
{
	int sy = surface_row(c, row), sx = c->x0 + col;

	if (col < 0 || avail_cols(c, col, -1) < 1)
		return;
	c->used = imax(c->used, row + 1);
	if (sy >= 0 && sx >= c->clip_x0)
		c->ops->glyph(c->ctx, sy, sx, g, 1, role);
}

void cv_box(struct ui_canvas *c, int row, int col, int h, int w, enum theme_role role)
{
	int r;

	if (h < 2 || w < 2)
		return;
	glyph_at(c, row, col, GL_ULCORNER, role);
	cv_hline(c, row, col + 1, w - 2, role);
	glyph_at(c, row, col + w - 1, GL_URCORNER, role);
	for (r = row + 1; r < row + h - 1; r++) {
		glyph_at(c, r, col, GL_VLINE, role);
		glyph_at(c, r, col + w - 1, GL_VLINE, role);
	}
	glyph_at(c, row + h - 1, col, GL_LLCORNER, role);
	cv_hline(c, row + h - 1, col + 1, w - 2, role);
	glyph_at(c, row + h - 1, col + w - 1, GL_LRCORNER, role);
}

int cv_wrap(struct ui_canvas *c, int row, int col, int w, enum theme_role role, const char *s)
{
	struct strbuf line = STRBUF_INIT, word = STRBUF_INIT;
	size_t lw = 0, ww;
	int rows = 0;
	const char *p = s;

	if (w < 1)
		w = 1;
	for (;;) {
		size_t n = strcspn(p, " \n");

		sb_reset(&word);
		sb_add(&word, p, n);
		ww = text_width(word.buf);
		/* a word wider than the line goes on lines of its own, cut in pieces */
		if (ww > (size_t)w && lw) {
			cv_text(c, row + rows++, col, role, line.buf);
			sb_reset(&line);
			lw = 0;
		}
		while (ww > (size_t)w) {
			size_t k = text_prefix_for_width(word.buf, (size_t)w);

			if (k == 0) { /* a double-width character in a 1-column line */
				unsigned cp;
				size_t skip, l = utf8_decode((const unsigned char *)word.buf,
							     word.len, &cp, &skip);

				k = l ? l : skip;
			}
			sb_reset(&line);
			sb_add(&line, word.buf, k);
			cv_text(c, row + rows++, col, role, line.buf);
			sb_reset(&line);
			memmove(word.buf, word.buf + k, word.len - k + 1);
			word.len -= k;
			ww = text_width(word.buf);
		}
		if (lw && lw + 1 + ww > (size_t)w) {
			cv_text(c, row + rows++, col, role, line.buf);
			sb_reset(&line);
			lw = 0;
		}
		if (word.len) {
			if (lw) {
				sb_addc(&line, ' ');
				lw++;
			}
			sb_add(&line, word.buf, word.len);
			lw += ww;
		}
		p += n;
		if (*p == '\n' || !*p) {
			if (lw || *p == '\n' || rows == 0)
				cv_text(c, row + rows++, col, role, line.buf);
			sb_reset(&line);
			lw = 0;
			if (!*p)
				break;
		}
		p++;
	}
	sb_release(&line);
	sb_release(&word);
	return rows;
}
