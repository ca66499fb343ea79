/* keys.h: key codes independent of curses, and their names in keymap.yaml.
 *
 * A ui_key is one of:
 *  - a Unicode code point >= 0x20 (except 0x7f): that character, as typed;
 *  - 1..31: Ctrl+letter (C-a = 1 ...), except the keys that have their own
 *    code below (Tab is 9, Esc is 27);
 *  - UIK_* (above U+10FFFF): named keys.
 * The terminal layer (ui/term.c) turns curses key codes into these.
 *
 * Names (case does not matter for named keys, it does for characters):
 *   a single character ("q", "?", "/", "é"), Space, Enter (Return), Tab,
 *   S-Tab (BTab, Backtab), Esc (Escape), Backspace (BS), Delete (Del),
 *   Insert (Ins), Home, End, PageUp (PgUp), PageDown (PgDn), Up, Down, Left,
 *   Right, F1..F24, C-a..C-z (also ^A); C-i is Tab, C-m and C-j are Enter,
 *   C-h is Backspace, C-[ is Esc. */
#ifndef CASETERM_UI_KEYS_H
#define CASETERM_UI_KEYS_H

#include <stdint.h>

#include "util/strbuf.h"

typedef int32_t ui_key;

enum {
	UIK_NONE = 0,
	UIK_TAB = 9,
	UIK_ESC = 27,
	UIK_SPACE = ' ',
	UIK_BASE = 0x200000,
	UIK_ENTER = UIK_BASE,
	UIK_BTAB,
	UIK_BACKSPACE,
	UIK_DELETE,
	UIK_INSERT,
	UIK_HOME,
	UIK_END,
	UIK_PAGE_UP,
	UIK_PAGE_DOWN,
	UIK_UP,
	UIK_DOWN,
	UIK_LEFT,
	UIK_RIGHT,
	UIK_RESIZE,          /* never bound: the terminal changed size */
	UIK_F0 = UIK_BASE + 0x100, /* UIK_F(n) = UIK_F0 + n, n = 1..24 */
	UIK_LAST = UIK_F0 + 24
};
#define UIK_F(n) ((ui_key)(UIK_F0 + (n)))
#define UIK_CTRL(c) ((ui_key)((c) & 0x1f))

/* Parses a key name.  Returns 0 and sets *out, or -1 when name is not a key. */
int ui_key_from_name(const char *name, ui_key *out);
/* Appends the canonical name of k ("F10", "Esc", "C-w", "q", "?").
 * Returns 0, or -1 on ENOMEM. */
int ui_key_name(ui_key k, struct strbuf *out);
/* True for keys that insert a character into a text field. */
int ui_key_is_text(ui_key k);

#endif
