/* canvas.h: what screens draw on, without curses (STYLE rule 4).
 *
 * A canvas is a rectangle of a drawing surface with its own row and column
 * numbers.  Rows are virtual: `top` is the first one shown, so a screen draws
 * its whole content and the shell scrolls it to keep the cursor in view;
 * anything outside the rectangle is clipped.  Text is measured with wcwidth
 * (never strlen) and cut by display width, with "…" where it was cut.
 *
 * The surface is a struct of two function pointers: ui/term.c draws them
 * with ncursesw, ui/textgrid.c into a grid of cells for tests.  Strings must
 * be valid UTF-8 without controls: anything from the database or upstream
 * goes through text_sanitize() (util/sanitize.h) before it gets here. */
#ifndef CASETERM_UI_CANVAS_H
#define CASETERM_UI_CANVAS_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/theme.h"

enum ui_glyph { GL_HLINE, GL_VLINE, GL_ULCORNER, GL_URCORNER, GL_LLCORNER, GL_LRCORNER };

struct ui_canvas_ops {
	/* Draws s[0..len), which fits, at surface row y, column x, in the style
	 * of role with extra attrs (enum theme_attr) added. */
	void (*text)(void *ctx, int y, int x, enum theme_role role, unsigned attrs, const char *s,
		     size_t len);
	/* Draws glyph g n times from (y, x): to the right for GL_HLINE,
	 * downwards for GL_VLINE, once for a corner. */
	void (*glyph)(void *ctx, int y, int x, enum ui_glyph g, int n, enum theme_role role);
};

struct ui_canvas {
	const struct ui_canvas_ops *ops;
	void *ctx;
	int y0, x0;       /* surface position of virtual row `top`, column 0 */
	int rows, cols;   /* visible size */
	int top;          /* first virtual row shown */
	int clip_y0, clip_x0, clip_y1, clip_x1; /* surface clip rectangle [y0,y1) x [x0,x1) */
	int used;         /* 1 + the highest virtual row drawn on */
	bool linear;      /* --linear: plain lines for screen readers */
};

/* A canvas for the whole surface (rows x cols). */
struct ui_canvas cv_root(const struct ui_canvas_ops *ops, void *ctx, int rows, int cols,
			 bool linear);
/* A canvas for rows x cols of c starting at c's virtual row `row`, column
 * `col`; clipped to c; its own top is 0. */
struct ui_canvas cv_sub(const struct ui_canvas *c, int row, int col, int rows, int cols);

/* Draws s from (row, col), cut to the canvas width.  Returns the columns used. */
int cv_text(struct ui_canvas *c, int row, int col, enum theme_role role, const char *s);
/* Same with extra attributes, in at most maxw columns ("…" when cut). */
int cv_textn(struct ui_canvas *c, int row, int col, enum theme_role role, unsigned attrs,
	     const char *s, int maxw);
int cv_textf(struct ui_canvas *c, int row, int col, enum theme_role role, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Spaces over w columns (the role's background). */
void cv_fill(struct ui_canvas *c, int row, int col, int w, enum theme_role role);
void cv_hline(struct ui_canvas *c, int row, int col, int w, enum theme_role role);
/* A box; its inside is not touched. */
void cv_box(struct ui_canvas *c, int row, int col, int h, int w, enum theme_role role);
/* Word-wraps s into width w from (row, col).  Returns the rows used (>= 1). */
int cv_wrap(struct ui_canvas *c, int row, int col, int w, enum theme_role role, const char *s);

#endif
