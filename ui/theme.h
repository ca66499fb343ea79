/* theme.h: colour roles and the themes that map them to colours and
 * attributes (no curses; ui/term.c turns a theme into curses pairs).
 *
 * config/themes.yaml holds one map per theme, each mapping a role to a style:
 *
 *     default:
 *       title: {fg: black, bg: cyan, attrs: [bold]}
 *       error: {fg: red, attrs: [bold]}
 *
 * fg/bg: default, black, red, green, yellow, blue, magenta, cyan, white,
 * bright-black .. bright-white, or 0..255.  attrs: bold, dim, underline,
 * reverse, standout, italic.  A role a theme leaves out gets its built-in
 * monochrome style.  When NO_COLOR is set or the terminal has no colours the
 * theme "monochrome" is used, with every colour dropped.  Colour is never the
 * only signal: screens also mark things with words and symbols.
 *
 * Ownership: themes_load_* give the caller a set that themes_free() frees;
 * a struct theme is plain data (no pointers). */
#ifndef CASETERM_UI_THEME_H
#define CASETERM_UI_THEME_H

#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"

/* _(ENUM, "name in themes.yaml", "what it colours") */
#define THEME_ROLE_LIST(_)                                                   \
	_(NORMAL, "normal", "ordinary text")                                 \
	_(TITLE, "title", "the title bar at the top")                        \
	_(HEADING, "heading", "headings inside a screen")                    \
	_(LABEL, "label", "labels of values and fields")                     \
	_(VALUE, "value", "values shown beside labels")                      \
	_(HINT, "hint", "hints and explanations")                            \
	_(FOCUS, "focus", "the focused field")                               \
	_(SELECTED, "selected", "the selected row of a list or menu")        \
	_(MARKER, "marker", "the > marker beside the selected row")          \
	_(SHORTCUT, "shortcut", "the shortcut letter of a menu item")        \
	_(KEY, "key", "key names in hints and help")                         \
	_(ERROR, "error", "errors (which also say Error:)")                  \
	_(STATUS, "status", "the status line at the bottom")                 \
	_(BORDER, "border", "boxes and lines")                               \
	_(DIALOG, "dialog", "questions and overlays")                        \
	_(GRID_FREE, "grid-free", "a free day in the availability grid")     \
	_(GRID_BOOKED, "grid-booked", "a booked day in the availability grid") \
	_(GRID_TURNAROUND, "grid-turnaround", "a turnaround day in the availability grid") \
	_(GRID_VOID, "grid-void", "a void day in the availability grid")

enum theme_role {
#define THEME_ROLE_ENUM(e, name, help) ROLE_##e,
	THEME_ROLE_LIST(THEME_ROLE_ENUM)
#undef THEME_ROLE_ENUM
	ROLE_COUNT
};

enum theme_attr {
	TA_BOLD = 1u << 0,
	TA_DIM = 1u << 1,
	TA_UNDERLINE = 1u << 2,
	TA_REVERSE = 1u << 3,
	TA_STANDOUT = 1u << 4,
	TA_ITALIC = 1u << 5,
};

#define THEME_COLOR_DEFAULT (-1) /* the terminal's own colour */

struct theme_style {
	short fg, bg;    /* THEME_COLOR_DEFAULT or 0..255 */
	unsigned attrs;  /* enum theme_attr bits */
};

struct theme {
	char name[32];
	bool monochrome;   /* no colours at all: do not even start_color() */
	struct theme_style role[ROLE_COUNT];
};

struct themes;

const char *theme_role_name(enum theme_role r);

/* Loads every theme of a themes file.  Returns 0, or -1 with
 * "file:line:col: message" appended to err. */
int themes_load_file(const char *path, struct themes **out, struct strbuf *err);
int themes_load_string(const char *name, const char *text, size_t len, struct themes **out,
		       struct strbuf *err);
void themes_free(struct themes **ts);

/* Fills *out with theme `name` (ts may be NULL: built-in themes only).  When
 * no_color is set or the terminal has no colours, gives the monochrome
 * theme with every colour dropped, whatever name says.  Returns 0, or -1
 * when the theme is not defined (message in err). */
int theme_pick(const struct themes *ts, const char *name, bool no_color, bool has_colors,
	       struct theme *out, struct strbuf *err);

#endif
