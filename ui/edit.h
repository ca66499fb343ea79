/* edit.h: the text of one form field being edited (no curses).
 *
 * A struct edit holds a field's text (always valid UTF-8 without control
 * characters, '\n' being the one exception in multi-line fields), the
 * cursor, and what is needed to show it in a rectangle:
 *
 *  - single-line (text, number, date parts, CRN...): one row, scrolled
 *    sideways so the cursor is always visible;
 *  - multi-line (textarea): soft-wrapped at word boundaries (a word longer
 *    than the row is cut at a character), scrolled up and down so the cursor
 *    row is visible; any length (100,000 characters and more).
 *
 * The cursor moves by character: a base code point together with the
 * zero-width (combining) marks after it, so "e" + U+0301 is one step and
 * one Backspace.  Widths come from util/sanitize.h (wide CJK counts 2).
 *
 * Keys (ui_key from ui/keys.h) that edit_key() answers to:
 *   text characters        insert at the cursor
 *   Left, Right            one character (C-b, C-f too)
 *   Up, Down               multi-line: one displayed row, keeping the
 *                          display column across consecutive moves
 *   PageUp, PageDown       multi-line: one view height of rows
 *   Home / C-a, End / C-e  start / end of the (hard) line
 *   Backspace / C-h        delete the character before the cursor
 *   Delete / C-d           delete the character under the cursor
 *   C-w                    delete the word before the cursor (and the
 *                          spaces/punctuation between it and the cursor);
 *                          at the start of a line, the line break
 *   C-u                    delete from the start of the line to the cursor
 *   C-k                    delete from the cursor to the end of the line;
 *                          at the end of a line, the line break (joins)
 *   Enter                  multi-line: a new line; single-line: not mine
 * Everything else (Tab, Esc, F-keys, other Ctrl keys) is EDIT_NOT_MINE, as
 * are Up/Down on the first/last row, Up/Down/PageUp/PageDown in single-line
 * fields and Enter in single-line fields, so the form moves focus.
 *
 * Text from outside (the initial text, edit_insert(), edit_set_text()) goes
 * through text_sanitize(): escape sequences and control characters are
 * dropped, invalid UTF-8 becomes U+FFFD, and in single-line fields line
 * breaks and tabs become spaces.  "\r\n" and a lone "\r" (what terminals
 * send for line breaks in a paste) count as one line break.  Nothing the
 * user types or pastes can reach the terminal as a control sequence.
 *
 * Drawing: edit_layout(e, width, height, &view) fills a view of at most
 * `height` rows of at most `width` columns each, and the cursor's row and
 * column inside it.  The renderer draws each row's bytes at column 0 and
 * clears the rest of the row; rows with dirty == false are byte-for-byte
 * what the previous edit_layout() gave for that row at the same size, so
 * they need not be drawn again.  In multi-line fields a row holds at most
 * width - 1 columns of text (the last column is for the cursor at the end
 * of a full row); single-line rows use the whole width, minus one column
 * when the cursor is after the last character.
 *
 * Errors: the only failure is ENOMEM, which leaves the text as it was.
 */
#ifndef CASETERM_UI_EDIT_H
#define CASETERM_UI_EDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/actions.h"
#include "ui/keys.h"

struct edit;
struct keymap;
struct ui_help;

enum edit_result {
	EDIT_NOMEM = -1,    /* out of memory: nothing changed */
	EDIT_NOT_MINE = 0,  /* the key is not an editing key here (Tab, Enter in
			     * single-line, Up on the first row): the form acts */
	EDIT_NOOP,          /* an editing key with nothing to do (Backspace at
			     * the start, Left at the start): swallow it */
	EDIT_MOVED,         /* the cursor moved; the text is the same */
	EDIT_CHANGED,       /* the text changed (and maybe the cursor) */
};

/* Returns a new editor holding text (sanitised; NULL is "") with the
 * cursor at its end, or NULL on ENOMEM. */
struct edit *edit_new(const char *text, bool multiline);
/* Frees *e and sets it to NULL; NULL and *e == NULL are fine. */
void edit_free(struct edit **e);

/* Handles one key (see the table above). */
enum edit_result edit_key(struct edit *e, ui_key k);
/* What a form calls for the focused text field: a key the keymap binds in
 * its text-field section (config/keymap.yaml) runs that action through
 * edit_action() (so F11 deletes a word as C-w does, F13/F14 are C-u/C-k,
 * for terminals and screen readers that take Ctrl keys); any other key goes
 * to edit_key().  km NULL: edit_key(). */
enum edit_result edit_handle(struct edit *e, const struct keymap *km, ui_key k);
/* ACT_LINE_START, ACT_LINE_END, ACT_DELETE_WORD, ACT_DELETE_TO_START,
 * ACT_DELETE_TO_END (as Home, End, C-w, C-u, C-k); EDIT_NOT_MINE for any
 * other action. */
enum edit_result edit_action(struct edit *e, enum ui_action a);
/* Adds those actions, with the keys of the text-field section, to a
 * screen's ? help: call it from screen_ops.help while a text field has the
 * focus. */
void edit_help(struct ui_help *h);
/* Inserts text[0..len) at the cursor in one operation (a paste), sanitised
 * as described above; the cursor ends after it.  EDIT_CHANGED, EDIT_NOOP
 * when nothing was left after sanitising, or EDIT_NOMEM. */
enum edit_result edit_insert(struct edit *e, const char *text, size_t len);
/* Replaces the whole text (sanitised); the cursor goes to its end.  Returns
 * 0, or -1 on ENOMEM (nothing changed). */
int edit_set_text(struct edit *e, const char *text);

/* The text: valid UTF-8, NUL-terminated, owned by e, valid until the next
 * call that changes it. */
const char *edit_text(const struct edit *e);
/* Its length in bytes and in characters (as the cursor counts them); both
 * O(1). */
size_t edit_len(const struct edit *e);
size_t edit_chars(const struct edit *e);
bool edit_multiline(const struct edit *e);

/* The cursor as a byte offset into edit_text() (always on a character
 * boundary). */
size_t edit_cursor(const struct edit *e);
/* Moves the cursor to byte offset off (clamped to the text, moved back to
 * the start of the character it falls in). */
void edit_set_cursor(struct edit *e, size_t off);

/* One displayed row. */
struct edit_line {
	const char *s;  /* its bytes, inside edit_text(): valid UTF-8, no '\n' */
	size_t len;
	size_t off;     /* s - edit_text() */
	int width;      /* display columns of s[0..len), <= the view width */
	bool dirty;     /* differs from this row of the previous layout */
};

struct edit_view {
	const struct edit_line *lines; /* owned by e; valid until e changes */
	int rows;           /* lines[0..rows): 1 for single-line, height for
			     * multi-line (rows past the text are empty) */
	int cursor_row;     /* 0..rows-1 */
	int cursor_col;     /* 0..width-1 */
	/* Multi-line: the first displayed row of the whole text (0-based) and
	 * how many rows the whole text wraps to, for "more above/below". */
	int top, total_rows;
	/* Single-line: text hidden to the left/right of the row. */
	bool more_left, more_right;
	/* Every row must be drawn (first layout, size changed): the dirty
	 * flags are then all true. */
	bool all_dirty;
};

/* Lays the text out for width x height (height is 1 for single-line
 * fields; width >= 2, height >= 1; smaller values are taken as those) and
 * scrolls so that the cursor is in view.  Returns 0, or -1 on ENOMEM (out
 * is then not valid; every row is dirty in the next layout).  Up/Down and
 * PageUp/PageDown move by the rows of the last layout (by hard lines
 * before the first one). */
int edit_layout(struct edit *e, int width, int height, struct edit_view *out);

#endif
