/* shell.h: the screen stack, and the API a screen uses (no curses).
 *
 * A screen is a const struct screen_ops (one screen per file under
 * ui/screens/) plus a private state struct that its enter() allocates and
 * its leave() frees.  The shell owns the stack:
 *
 *  - ui_push(ui, &my_screen, arg) calls enter(ui, arg, &state, err) and puts
 *    the screen on top; returning UI_CLOSE from key() pops it (leave() runs).
 *    Esc (BACK) pops by default; the home screen is never popped.
 *  - Keys: the shell looks the key up in the screen's keymap section, then
 *    in global (ui/keymap.h), and calls key() with the action (ACT_NONE when
 *    unbound) and the raw key.  A screen that returns UI_IGNORED lets the
 *    shell act: QUIT asks "Quit caseterm? y/n", HELP opens the ? overlay,
 *    BACK pops, REDRAW repaints everything.
 *  - Handlers never draw.  key() returns what must happen (UI_HANDLED: no
 *    repaint; UI_REDRAW: repaint; UI_RELAYOUT: resize and repaint; UI_CLOSE:
 *    pop this screen) and the main loop calls draw() and place_cursor().
 *  - draw() paints the whole screen on a canvas (ui/canvas.h) of the body
 *    area: rows between the title bar and the status line, or, with
 *    --linear (canvas->linear), plain lines one under another.  Rows are
 *    virtual; the shell scrolls so that the cursor row is in view.
 *  - place_cursor() says where the hardware cursor goes (virtual row, column
 *    of the same canvas): always on the focused item, for screen readers.
 *  - help() lists the actions the screen answers to, for the ? overlay.
 *  - paste() (optional) gets a whole bracketed paste at once: the terminal
 *    layer collects everything between ESC [200~ and ESC [201~ into one
 *    ui_handle_paste() call, so a long paste is one insertion and one
 *    redraw, never a key per character.  The text is raw terminal input
 *    (any bytes, "\r" for line breaks): pass it to edit_insert()
 *    (ui/edit.h), which sanitises it.  A screen without paste() does not
 *    get the text as keys: the status line says "Paste is not possible
 *    here".
 *
 * Screens with SCREEN_OVERLAY are drawn over the screen below them (help
 * overlay, questions); with --linear they are drawn alone.
 *
 * Adding a screen (e.g. ui/screens/catalogue.c):
 *   1. ui/actions.h: a UI_SECTION_LIST line _(CATALOGUE, "catalogue", ...)
 *      and any new actions; their default keys in ui/keymap.c and
 *      config/keymap.yaml (test_keymap checks the two agree).
 *   2. the file: a state struct, the callbacks, and
 *        const struct screen_ops catalogue_screen = {.name = "catalogue",
 *            .title = "Catalogue", .section = SEC_CATALOGUE, .enter = ...};
 *      declared in ui/screens/screens.h, listed in ui/meson.build.
 *   3. open it from another screen's key(): ui_push(ui, &catalogue_screen,
 *      arg); return UI_REDRAW;
 *   4. a screen test in tests/unit/ui/ (see test_shell.c): keys replayed,
 *      the text grid compared.
 * Text from the database is sanitised (text_sanitize) once, when the screen
 * loads it, never at draw time. */
#ifndef CASETERM_UI_SHELL_H
#define CASETERM_UI_SHELL_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

#include "config/config.h"
#include "lookup/lookup.h"
#include "store/store.h"
#include "ui/actions.h"
#include "ui/canvas.h"
#include "ui/keymap.h"
#include "ui/keys.h"
#include "util/strbuf.h"

struct ui;

/* What the ? overlay lists for a screen: filled by screen_ops.help. */
struct ui_help {
	enum ui_action acts[ACT_COUNT];
	unsigned char sec[ACT_COUNT]; /* 0: the screen's section; else its keys' */
	size_t n;
};

enum ui_result {
	UI_IGNORED = 0, /* not mine: let the shell handle the action */
	UI_HANDLED,     /* done, nothing to repaint (the cursor is placed again) */
	UI_REDRAW,      /* repaint */
	UI_RELAYOUT,    /* sizes changed: resize() and repaint */
	UI_CLOSE,       /* pop this screen */
};

struct ui_event {
	enum ui_action action; /* ACT_NONE when the key is bound to nothing */
	ui_key key;
	bool global;           /* the binding came from the global section */
};

enum screen_flags {
	SCREEN_OVERLAY = 1u << 0, /* drawn over the screen below it */
};

struct screen_ops {
	const char *name;        /* short id for logs and tests: "home" */
	const char *title;       /* "Home": title bar, status line, breadcrumb */
	enum ui_section section; /* keymap section of this screen */
	unsigned flags;          /* enum screen_flags */
	/* Allocates *state from arg (which belongs to the caller and lives as
	 * long as the screen does).  Returns 0, or -1 with a message in err. */
	int (*enter)(struct ui *ui, const void *arg, void **state, struct strbuf *err);
	/* Frees state.  Called when popped and when caseterm ends. */
	void (*leave)(struct ui *ui, void *state);
	void (*draw)(void *state, struct ui *ui, struct ui_canvas *c);
	enum ui_result (*key)(void *state, struct ui *ui, const struct ui_event *ev);
	/* Optional: the body is now rows x cols. */
	enum ui_result (*resize)(void *state, struct ui *ui, int rows, int cols);
	/* Sets the cursor position (virtual row, column of the canvas draw()
	 * got) and returns true; false puts it at the top left. */
	bool (*place_cursor)(void *state, struct ui *ui, const struct ui_canvas *c, int *row,
			     int *col);
	/* Optional: ui_help_action() for each action the screen answers to. */
	void (*help)(void *state, struct ui *ui, struct ui_help *h);
	/* Optional: a title that depends on the state ("Referrals"). */
	const char *(*title_of)(void *state);
	/* Optional: true while the screen holds work not yet saved. */
	bool (*unsaved)(void *state);
	/* Optional: SIGHUP/SIGTERM is ending caseterm; save what can be saved
	 * (a draft).  The terminal may be gone: do not draw. */
	void (*terminate)(void *state, struct ui *ui, int signo);
	/* Optional: a bracketed paste, text[0..len) raw (see above).  Returns
	 * like key(). */
	enum ui_result (*paste)(void *state, struct ui *ui, const char *text, size_t len);
};

/* ---- for screens ---- */

/* Opens a screen on top.  Returns 0, or -1 and shows "Error: ..." in the
 * status line (the current screen stays). */
int ui_push(struct ui *ui, const struct screen_ops *ops, const void *arg);
/* Asks "Quit caseterm? y/n" (saying when there is unsaved work). */
void ui_request_quit(struct ui *ui);
/* Ends caseterm with exit status `status` once this key is handled (the
 * quit dialog, after the user said yes). */
void ui_quit(struct ui *ui, int status);
/* Shows a one-line message in the status line until the next key; error
 * messages start with "Error: " so colour is not the only signal. */
void ui_message(struct ui *ui, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

const struct keymap *ui_keymap(const struct ui *ui);
bool ui_linear(const struct ui *ui);
/* The database connection of the signed-in member of staff, or NULL in tests. */
PGconn *ui_db(const struct ui *ui);
/* The signed-in member of staff; every string already sanitised. */
const struct staff *ui_staff(const struct ui *ui);
/* Their work queues (labels sanitised).  *error is NULL, or why they could
 * not be read. */
const struct queue_count *ui_queues(const struct ui *ui, size_t *n, const char **error);
/* Reads the work queues again from the database (no-op without one). */
void ui_refresh_queues(struct ui *ui);
/* The top screen is drawn from its first row again at the next paint (a
 * new page of a form); it still scrolls to keep the cursor in view. */
void ui_scroll_home(struct ui *ui);
/* For the help screen's "about" text. */
const char *ui_about(const struct ui *ui, const char *what);

/* The ? overlay: adds an action the screen answers to (in order). */
void ui_help_action(struct ui_help *h, enum ui_action a);
/* Same for an action whose keys are bound in another section (a text
 * field's editing keys, SEC_TEXT_FIELD: see edit_help() in ui/edit.h). */
void ui_help_action_in(struct ui_help *h, enum ui_section sec, enum ui_action a);

/* ---- hooks for work that must not be lost (the form engine) ---- */

/* True when a screen on the stack (screen_ops.unsaved) or a registered probe
 * says work is not saved.  False when no TUI is running. */
bool ui_has_unsaved_work(void);
/* Registers fn(arg) to be asked by ui_has_unsaved_work().  Returns 0, or -1
 * when the table (16) is full.  Remove it before arg is freed. */
int ui_on_unsaved(bool (*fn)(void *arg), void *arg);
void ui_on_unsaved_remove(bool (*fn)(void *arg), void *arg);
/* Registers fn(arg, signo), run (newest first, after every screen's
 * terminate()) when SIGHUP or SIGTERM ends caseterm, before the terminal is
 * restored.  Returns 0, or -1 when the table (16) is full. */
int ui_on_terminate(void (*fn)(void *arg, int signo), void *arg);
void ui_on_terminate_remove(void (*fn)(void *arg, int signo), void *arg);

/* ---- configuration, timers and work off the main thread ---- */

/* The configuration caseterm runs with (forms_dir, look-up timeouts), or
 * NULL in screen tests that gave none. */
const struct ct_config *ui_config(const struct ui *ui);

/* One-shot timer: fn(ui, arg) runs on the main thread about ms from now
 * (the screen is repainted after it).  Returns an id > 0, or -1.  A screen
 * cancels its timers in leave(). */
int ui_timer_start(struct ui *ui, int ms, void (*fn)(struct ui *ui, void *arg), void *arg);
void ui_timer_cancel(struct ui *ui, int id);

/* Runs work(arg) on a thread of its own (it must not touch the ui, its
 * PGconn or any screen state), then done(ui, arg, result) on the main thread
 * at the main loop's next turn (the screen is repainted after it).  Returns
 * an id > 0, or -1 (nothing started, done is not called).
 * After ui_async_cancel(ui, id), or when caseterm ends first, done is still
 * called, with ui == NULL: it must then only free arg and result.  So arg is
 * an allocation of its own, never a pointer into a screen's state that
 * leave() frees; a screen cancels its jobs in leave(). */
int ui_async_start(struct ui *ui, void *(*work)(void *arg),
		   void (*done)(struct ui *ui, void *arg, void *result), void *arg);
void ui_async_cancel(struct ui *ui, int id);
/* Waits for every job and runs its done() (screen tests). */
void ui_async_wait(struct ui *ui);

/* Looks a person up in nDelius and OASys (lookup_person, src/lookup) on a
 * thread with its own look-up client and database connection, one look-up
 * at a time; done(ui, arg, p, st, err) runs on the main thread with the
 * result (p belongs to done, which frees it with person_lookup_free; err is
 * NULL or why st is not CT_OK).  Same cancel rules as ui_async_start: with
 * ui == NULL done only frees.  Returns an id > 0, or -1 when crn is not a
 * CRN, there is no configuration, or out of memory. */
int ui_lookup_start(struct ui *ui, const char *crn, unsigned flags,
		    void (*done)(struct ui *ui, void *arg, struct person_lookup *p,
				 enum ct_status st, const char *err),
		    void *arg);

/* ---- for the main loop (ui/term.c) and the screen tests ---- */

struct ui_setup {
	const struct keymap *keymap;  /* borrowed */
	PGconn *db;                   /* borrowed; may be NULL */
	const struct staff *staff;    /* copied and sanitised */
	const struct queue_count *queues; /* copied and sanitised */
	size_t n_queues;
	const char *queue_error;      /* or NULL; copied and sanitised */
	bool linear;
	const char *config_path, *keymap_path, *themes_path, *theme_name; /* for "about" */
	const struct ct_config *config; /* borrowed; may be NULL (no look-ups) */
};

/* Returns a shell with the home screen open, or NULL with a message in err.
 * Free with ui_free(), which leaves every screen. */
struct ui *ui_new(const struct ui_setup *setup, struct strbuf *err);
void ui_free(struct ui **ui);
/* Handles one key press. */
void ui_handle_key(struct ui *ui, ui_key k);
/* Handles one bracketed paste (raw bytes): the top screen's paste(), or
 * "Paste is not possible here" in the status line. */
void ui_handle_paste(struct ui *ui, const char *text, size_t len);
/* The terminal is now rows x cols. */
void ui_resize(struct ui *ui, int rows, int cols);
/* True when something must be repainted (and, in *full, when the terminal
 * should be cleared first: Ctrl-L). */
bool ui_dirty(const struct ui *ui, bool *full);
/* Paints everything on a canvas of the whole terminal. */
void ui_paint(struct ui *ui, struct ui_canvas *c);
/* Where the hardware cursor goes (terminal row and column). */
void ui_cursor(struct ui *ui, int *row, int *col);
/* The main loop: how long it may sleep (ms, -1 = until a key), the function
 * a worker thread calls to wake it (async-signal-safe: a self-pipe), and
 * running what is due (finished jobs, timers). */
int ui_next_timeout(struct ui *ui);
void ui_set_waker(struct ui *ui, void (*wake)(void *arg), void *arg);
void ui_run_due(struct ui *ui);
/* SIGHUP/SIGTERM: runs the terminate hooks and ends with 128 + signo. */
void ui_terminate(struct ui *ui, int signo);
/* True once caseterm should end; *status is the exit status (0 for quit). */
bool ui_done(const struct ui *ui, int *status);
/* The title of the top screen (tests). */
const char *ui_top_name(const struct ui *ui);
size_t ui_depth(const struct ui *ui);

#endif
