/* textgrid.c: a text-cell drawing surface for tests and dumps (no curses). */
#include "ui/textgrid.h"

#include <stdlib.h>
#include <string.h>

#include "util/sanitize.h"

struct cell {
	char ch[16];     /* one character and any combining marks; "" = right half of a wide one */
	unsigned char role;
	unsigned char attrs;
};

struct textgrid {
	int rows, cols;
	struct cell *cells;
};

struct textgrid *textgrid_new(int rows, int cols)
{
	struct textgrid *g;

	if (rows < 1 || cols < 1)
		return NULL;
	g = calloc(1, sizeof *g);
	if (!g)
		return NULL;
	g->cells = calloc((size_t)rows * (size_t)cols, sizeof *g->cells);
	if (!g->cells) {
		free(g);
		return NULL;
	}
	g->rows = rows;
	g->cols = cols;
	textgrid_clear(g);
	return g;
}

void textgrid_free(struct textgrid **g)
{
	if (!g || !*g)
		return;
	free((*g)->cells);
	free(*g);
	*g = NULL;
}

void textgrid_clear(struct textgrid *g)
{
	int i;

	for (i = 0; i < g->rows * g->cols; i++)
		g->cells[i] = (struct cell){" ", ROLE_NORMAL, 0};
}

int textgrid_rows(const struct textgrid *g)
{
	return g->rows;
}

int textgrid_cols(const struct textgrid *g)
{
	return g->cols;
}

static struct cell *at(struct textgrid *g, int y, int x)
{
	if (y < 0 || y >= g->rows || x < 0 || x >= g->cols)
		return NULL;
	return &g->cells[y * g->cols + x];
}

static void put(struct textgrid *g, int y, int x, const char *ch, size_t len, int width,
		enum theme_role role, unsigned attrs)
{
	struct cell *c = at(g, y, x);

	if (!c)
		return;
	if (width == 0) { /* combining mark: joins the character before it */
		struct cell *p = at(g, y, x - 1);

		if (p && p->ch[0] == '\0')
			p = at(g, y, x - 2);
		if (p && strlen(p->ch) + len < sizeof p->ch)
			strncat(p->ch, ch, len);
		return;
	}
	if (len >= sizeof c->ch)
		len = sizeof c->ch - 1;
	memcpy(c->ch, ch, len);
	c->ch[len] = '\0';
	c->role = (unsigned char)role;
	c->attrs = (unsigned char)attrs;
	if (width == 2) {
		c = at(g, y, x + 1);
		if (c)
			*c = (struct cell){"", (unsigned char)role, (unsigned char)attrs};
	}
}

static void grid_text(void *ctx, int y, int x, enum theme_role role, unsigned attrs,
		      const char *s, size_t len)
{
	struct textgrid *g = ctx;
	size_t i = 0, l, skip;
	unsigned cp;

	while (i < len) {
		char one[5] = "";
		int w;

		l = utf8_decode((const unsigned char *)s + i, len - i, &cp, &skip);
		if (!l) {
			i += skip;
			continue;
		}
		memcpy(one, s + i, l);
		w = (int)text_width(one);
		put(g, y, x, one, l, w, role, attrs);
		x += w;
		i += l;
	}
}

static void grid_glyph(void *ctx, int y, int x, enum ui_glyph gl, int n, enum theme_role role)
{
	static const char *const glyphs[] = {
		[GL_HLINE] = "\xe2\x94\x80", [GL_VLINE] = "\xe2\x94\x82",
		[GL_ULCORNER] = "\xe2\x94\x8c", [GL_URCORNER] = "\xe2\x94\x90",
		[GL_LLCORNER] = "\xe2\x94\x94", [GL_LRCORNER] = "\xe2\x94\x98",
	};
	struct textgrid *g = ctx;
	int i;

	for (i = 0; i < n; i++) {
		if (gl == GL_VLINE)
			put(g, y + i, x, glyphs[gl], 3, 1, role, 0);
		else
			put(g, y, x + i, glyphs[gl], 3, 1, role, 0);
	}
}

const struct ui_canvas_ops textgrid_ops = {grid_text, grid_glyph};

void textgrid_row(const struct textgrid *g, int row, struct strbuf *out)
{
	size_t start = out->len, end;
	int x;

	if (row < 0 || row >= g->rows)
		return;
	for (x = 0; x < g->cols; x++)
		sb_adds(out, g->cells[row * g->cols + x].ch);
	end = out->len;
	while (end > start && out->buf[end - 1] == ' ')
		end--;
	sb_setlen(out, end);
}

void textgrid_dump(const struct textgrid *g, struct strbuf *out)
{
	int r;

	for (r = 0; r < g->rows; r++) {
		textgrid_row(g, r, out);
		sb_addc(out, '\n');
	}
}

bool textgrid_find(const struct textgrid *g, const char *needle, int *row, int *col)
{
	struct strbuf line = STRBUF_INIT;
	const char *hit;
	int r;

	for (r = 0; r < g->rows; r++) {
		sb_reset(&line);
		textgrid_row(g, r, &line);
		hit = strstr(line.buf, needle);
		if (hit) {
			sb_setlen(&line, (size_t)(hit - line.buf));
			if (row)
				*row = r;
			if (col)
				*col = (int)text_width(line.buf);
			sb_release(&line);
			return true;
		}
	}
	sb_release(&line);
	return false;
}

enum theme_role textgrid_role(const struct textgrid *g, int row, int col)
{
	if (row < 0 || row >= g->rows || col < 0 || col >= g->cols)
		return ROLE_NORMAL;
	return (enum theme_role)g->cells[row * g->cols + col].role;
}

unsigned textgrid_attrs(const struct textgrid *g, int row, int col)
{
	if (row < 0 || row >= g->rows || col < 0 || col >= g->cols)
		return 0;
	return g->cells[row * g->cols + col].attrs;
}
