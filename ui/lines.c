/* lines.c: a scrolling list of text lines with a focused line (no curses). */
#include "ui/lines.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void lines_init(struct ui_lines *l)
{
	memset(l, 0, sizeof *l);
}

void lines_release(struct ui_lines *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].key);
		free(l->v[i].text);
	}
	free(l->v);
	lines_init(l);
}

int lines_add(struct ui_lines *l, enum theme_role role, const char *key, const char *text)
{
	struct ui_line *nv, *ln;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;

		nv = realloc(l->v, cap * sizeof *nv);
		if (!nv)
			return -1;
		l->v = nv;
		l->cap = cap;
	}
	ln = &l->v[l->n];
	ln->key = key ? strdup(key) : NULL;
	ln->text = strdup(text ? text : "");
	ln->role = role;
	if ((key && !ln->key) || !ln->text) {
		free(ln->key);
		free(ln->text);
		return -1;
	}
	l->n++;
	return 0;
}

int lines_addf(struct ui_lines *l, enum theme_role role, const char *key, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (!rc)
		rc = lines_add(l, role, key, sb.buf);
	sb_release(&sb);
	return rc;
}

/* Draws every line from virtual row 0; returns the rows used and sets the
 * focused line's first row and height. */
static int draw_all(const struct ui_lines *l, struct ui_canvas *c, int w, int keyw, int *frow,
		    int *fh)
{
	struct strbuf sb = STRBUF_INIT;
	int r = 0, n;
	size_t i;

	*frow = 0;
	*fh = 1;
	for (i = 0; i < l->n; i++) {
		const struct ui_line *ln = &l->v[i];

		if (ln->key && c->linear) {
			sb_reset(&sb);
			sb_addf(&sb, "%s: %s", ln->key, ln->text);
			n = cv_wrap(c, r, 0, w, ln->role, sb.buf);
		} else if (ln->key) {
			cv_textn(c, r, 0, ROLE_KEY, 0, ln->key, keyw);
			n = cv_wrap(c, r, keyw + 1, w - keyw - 1, ln->role, ln->text);
		} else {
			n = cv_wrap(c, r, 0, w, ln->role, ln->text);
		}
		if (i == l->focus) {
			*frow = r;
			*fh = n;
		}
		r += n;
	}
	sb_release(&sb);
	return r;
}

void lines_draw(struct ui_lines *l, struct ui_canvas *c, int row, int col, int rows, int w,
		int keyw)
{
	struct ui_canvas sub = cv_sub(c, row, col, rows, w), measure = sub;
	int frow, fh;

	if (keyw > w / 2)
		keyw = w / 2;
	if (l->focus >= l->n)
		l->focus = l->n ? l->n - 1 : 0;
	measure.clip_y1 = measure.clip_y0; /* draws nothing: measures */
	draw_all(l, &measure, w, keyw, &frow, &fh);
	if (fh > rows)
		fh = rows;
	if (frow < l->top)
		l->top = frow;
	if (frow + fh > l->top + rows)
		l->top = frow + fh - rows;
	if (l->top < 0)
		l->top = 0;
	sub.top = l->top;
	draw_all(l, &sub, w, keyw, &frow, &fh);
	l->focus_row = row + frow - l->top;
	l->focus_col = col;
}

enum ui_result lines_key(struct ui_lines *l, const struct ui_event *ev, int page)
{
	size_t last = l->n ? l->n - 1 : 0, old = l->focus;

	if (page < 1)
		page = 1;
	switch (ev->action) {
	case ACT_UP:
	case ACT_PREV_FIELD:
		if (l->focus > 0)
			l->focus--;
		break;
	case ACT_DOWN:
	case ACT_NEXT_FIELD:
		if (l->focus < last)
			l->focus++;
		break;
	case ACT_PAGE_UP:
		l->focus = l->focus > (size_t)page ? l->focus - (size_t)page : 0;
		break;
	case ACT_PAGE_DOWN:
		l->focus = l->focus + (size_t)page < last ? l->focus + (size_t)page : last;
		break;
	case ACT_FIRST:
		l->focus = 0;
		break;
	case ACT_LAST:
		l->focus = last;
		break;
	default:
		return UI_IGNORED;
	}
	return l->focus == old ? UI_HANDLED : UI_REDRAW;
}
