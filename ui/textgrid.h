/* textgrid.h: a drawing surface made of text cells, for screen tests without
 * a terminal (replay keys at a fixed size, compare the text) and for dumps.
 *
 * Ownership: textgrid_new() returns a grid that textgrid_free() frees. */
#ifndef CASETERM_UI_TEXTGRID_H
#define CASETERM_UI_TEXTGRID_H

#include <stdbool.h>

#include "ui/canvas.h"
#include "util/strbuf.h"

struct textgrid;

struct textgrid *textgrid_new(int rows, int cols);
void textgrid_free(struct textgrid **g);
/* Blanks every cell (role normal, no attributes). */
void textgrid_clear(struct textgrid *g);
int textgrid_rows(const struct textgrid *g);
int textgrid_cols(const struct textgrid *g);
/* The drawing operations; use with cv_root(&textgrid_ops, g, ...). */
extern const struct ui_canvas_ops textgrid_ops;

/* Appends the text of one row, trailing spaces dropped. */
void textgrid_row(const struct textgrid *g, int row, struct strbuf *out);
/* Appends every row, each ending in '\n'. */
void textgrid_dump(const struct textgrid *g, struct strbuf *out);
/* Finds needle in one row of text; returns true and sets *row, *col (column
 * in cells, counting wide characters as 2). */
bool textgrid_find(const struct textgrid *g, const char *needle, int *row, int *col);
/* Role and attributes (theme attrs added by the drawer) of a cell. */
enum theme_role textgrid_role(const struct textgrid *g, int row, int col);
unsigned textgrid_attrs(const struct textgrid *g, int row, int col);

#endif
