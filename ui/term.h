/* term.h: the terminal (ncursesw): set-up and restore, signals, the input
 * loop and the curses canvas.  Private to ui/; only ui.c uses it. */
#ifndef CASETERM_UI_TERM_H
#define CASETERM_UI_TERM_H

#include <stdbool.h>

#include "ui/shell.h"
#include "ui/theme.h"
#include "util/strbuf.h"

struct term;

/* Installs the signal handlers and takes over the terminal (alternate
 * screen, cbreak, no echo, keypad, ESC delay 25 ms, cursor visible).
 * Returns a terminal that term_close() restores, or NULL with a message in
 * err (the terminal is then untouched). */
struct term *term_open(struct strbuf *err);
/* True when the terminal can show colours. */
bool term_has_colors(const struct term *t);
/* Sets up colour pairs and attributes for the theme's roles. */
void term_apply_theme(struct term *t, const struct theme *th);
/* Runs the shell until it is done: paints, places the cursor, waits for keys
 * and signals without any timeout.  SIGWINCH resizes; SIGINT asks to quit;
 * SIGHUP, SIGTERM or the terminal going away end it through
 * ui_terminate().  Returns the exit status ui_done() gives. */
int term_loop(struct term *t, struct ui *ui);
/* Restores the terminal and the signal handlers; frees t. */
void term_close(struct term **t);

#endif
