/* lines.h: a scrolling list of text lines with an optional key column and a
 * focused line that carries the cursor (help screen, help overlay).  No curses.
 *
 * Ownership: the list owns copies of its strings; lines_release() frees them. */
#ifndef CASETERM_UI_LINES_H
#define CASETERM_UI_LINES_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/canvas.h"
#include "ui/shell.h"

struct ui_line {
	char *key;             /* key column ("?, F1") or NULL */
	char *text;
	enum theme_role role;
};

struct ui_lines {
	struct ui_line *v;
	size_t n, cap;
	size_t focus;          /* the line with the cursor */
	int top;               /* first row shown */
	int focus_row, focus_col; /* where the cursor goes after lines_draw (canvas rows) */
};

void lines_init(struct ui_lines *l);
void lines_release(struct ui_lines *l);
/* Adds a line; key may be NULL.  Returns 0, or -1 on ENOMEM. */
int lines_add(struct ui_lines *l, enum theme_role role, const char *key, const char *text);
int lines_addf(struct ui_lines *l, enum theme_role role, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Draws the list in rows x w of c from (row, col), text wrapped, the key
 * column keyw wide (or "key: text" with canvas->linear), scrolled so the
 * focused line shows.  Sets focus_row/focus_col (rows of c). */
void lines_draw(struct ui_lines *l, struct ui_canvas *c, int row, int col, int rows, int w,
		int keyw);
/* Moves the focus for UP, DOWN, PAGE_UP, PAGE_DOWN, FIRST, LAST, NEXT_FIELD,
 * PREV_FIELD; others give UI_IGNORED. */
enum ui_result lines_key(struct ui_lines *l, const struct ui_event *ev, int page);

#endif
