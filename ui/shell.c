/* shell.c: the screen stack, key dispatch, title bar, status line, the
 * "terminal too small" line and the --linear layout.  No curses: ui/term.c
 * feeds keys and sizes in and gives a canvas to paint on; the screen tests
 * use a text grid instead. */
#include "ui/shell.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "build_config.h"
#include "ui/async.h"
#include "ui/screens/screens.h"
#include "util/sanitize.h"

#define MIN_ROWS 24
#define MIN_COLS 80
#define MAX_HOOKS 16

struct entry {
	const struct screen_ops *ops;
	void *st;
	int top; /* first body row shown (scrolling) */
};

struct ui {
	struct entry *stack;
	size_t depth, cap;
	const struct keymap *km;
	PGconn *db;
	struct staff staff;
	struct queue_count *queues;
	size_t nq;
	char *queue_error;
	bool linear;
	int rows, cols;
	bool dirty, full;
	bool done;
	int status;
	struct strbuf msg;
	bool msg_error;
	char *about[4]; /* config, keymap, themes, theme */
	/* the canvas the top screen was last drawn on, for its cursor */
	struct ui_canvas cursor_canvas;
	bool too_small_shown;
	int small_cursor_x;
	struct ui_async *async; /* timers, jobs, look-ups */
};

static struct ui *running; /* for ui_has_unsaved_work() */

static struct {
	bool (*fn)(void *arg);
	void *arg;
} unsaved_hooks[MAX_HOOKS];
static size_t n_unsaved_hooks;

static struct {
	void (*fn)(void *arg, int signo);
	void *arg;
} term_hooks[MAX_HOOKS];
static size_t n_term_hooks;

/* ---- hooks ---- */

int ui_on_unsaved(bool (*fn)(void *arg), void *arg)
{
	if (n_unsaved_hooks == MAX_HOOKS)
		return -1;
	unsaved_hooks[n_unsaved_hooks].fn = fn;
	unsaved_hooks[n_unsaved_hooks++].arg = arg;
	return 0;
}

void ui_on_unsaved_remove(bool (*fn)(void *arg), void *arg)
{
	size_t i;

	for (i = 0; i < n_unsaved_hooks; i++)
		if (unsaved_hooks[i].fn == fn && unsaved_hooks[i].arg == arg) {
			memmove(&unsaved_hooks[i], &unsaved_hooks[i + 1],
				(n_unsaved_hooks - i - 1) * sizeof unsaved_hooks[0]);
			n_unsaved_hooks--;
			return;
		}
}

int ui_on_terminate(void (*fn)(void *arg, int signo), void *arg)
{
	if (n_term_hooks == MAX_HOOKS)
		return -1;
	term_hooks[n_term_hooks].fn = fn;
	term_hooks[n_term_hooks++].arg = arg;
	return 0;
}

void ui_on_terminate_remove(void (*fn)(void *arg, int signo), void *arg)
{
	size_t i;

	for (i = 0; i < n_term_hooks; i++)
		if (term_hooks[i].fn == fn && term_hooks[i].arg == arg) {
			memmove(&term_hooks[i], &term_hooks[i + 1],
				(n_term_hooks - i - 1) * sizeof term_hooks[0]);
			n_term_hooks--;
			return;
		}
}

bool ui_has_unsaved_work(void)
{
	size_t i;

	if (!running)
		return false;
	for (i = 0; i < running->depth; i++)
		if (running->stack[i].ops->unsaved &&
		    running->stack[i].ops->unsaved(running->stack[i].st))
			return true;
	for (i = 0; i < n_unsaved_hooks; i++)
		if (unsaved_hooks[i].fn(unsaved_hooks[i].arg))
			return true;
	return false;
}

/* ---- data the screens read ---- */

static char *clean(const char *s)
{
	return s ? text_sanitize(s, SAN_SINGLE_LINE) : NULL;
}

static int copy_staff(struct staff *dst, const struct staff *src)
{
	memset(dst, 0, sizeof *dst);
	if (!src)
		return 0;
	dst->id = src->id;
	dst->username = clean(src->username);
	dst->display_name = clean(src->display_name);
	dst->role = clean(src->role);
	dst->role_label = clean(src->role_label);
	dst->region = clean(src->region);
	dst->provider = clean(src->provider);
	dst->team = clean(src->team);
	if ((src->username && !dst->username) || (src->display_name && !dst->display_name) ||
	    (src->role && !dst->role) || (src->role_label && !dst->role_label) ||
	    (src->region && !dst->region) || (src->provider && !dst->provider) ||
	    (src->team && !dst->team)) {
		staff_release(dst);
		return -1;
	}
	return 0;
}

static int set_queues(struct ui *ui, const struct queue_count *q, size_t n, const char *error)
{
	struct queue_count *copy = NULL;
	char *qe = NULL;
	size_t i;

	if (n) {
		copy = calloc(n, sizeof *copy);
		if (!copy)
			return -1;
		for (i = 0; i < n; i++) {
			copy[i].queue = clean(q[i].queue);
			copy[i].label = clean(q[i].label);
			copy[i].n = q[i].n;
			if (!copy[i].queue || !copy[i].label) {
				queue_counts_free(&copy, n);
				return -1;
			}
		}
	}
	if (error) {
		qe = clean(error);
		if (!qe) {
			queue_counts_free(&copy, n);
			return -1;
		}
	}
	queue_counts_free(&ui->queues, ui->nq);
	free(ui->queue_error);
	ui->queues = copy;
	ui->nq = n;
	ui->queue_error = qe;
	return 0;
}

void ui_refresh_queues(struct ui *ui)
{
	struct strbuf err = STRBUF_INIT;
	struct queue_count *q = NULL;
	size_t n = 0;

	if (!ui->db)
		return;
	if (staff_queue_counts(ui->db, &q, &n, &err) != CT_OK) {
		if (!err.len)
			sb_adds(&err, "out of memory");
		set_queues(ui, NULL, 0, err.buf);
	} else {
		set_queues(ui, q, n, NULL);
	}
	queue_counts_free(&q, n);
	sb_release(&err);
	ui->dirty = true;
}

const struct keymap *ui_keymap(const struct ui *ui)
{
	return ui->km;
}

bool ui_linear(const struct ui *ui)
{
	return ui->linear;
}

PGconn *ui_db(const struct ui *ui)
{
	return ui->db;
}

const struct staff *ui_staff(const struct ui *ui)
{
	return &ui->staff;
}

const struct queue_count *ui_queues(const struct ui *ui, size_t *n, const char **error)
{
	*n = ui->nq;
	*error = ui->queue_error;
	return ui->queues;
}

const char *ui_about(const struct ui *ui, const char *what)
{
	static const char *const names[] = {"config", "keymap", "themes", "theme"};
	size_t i;

	if (!strcmp(what, "version"))
		return CASETERM_VERSION_STR;
	for (i = 0; i < 4; i++)
		if (!strcmp(what, names[i]))
			return ui->about[i] ? ui->about[i] : "";
	return "";
}

void ui_help_action(struct ui_help *h, enum ui_action a)
{
	size_t i;

	if (a <= ACT_NONE || a >= ACT_COUNT)
		return;
	for (i = 0; i < h->n; i++)
		if (h->acts[i] == a)
			return;
	if (h->n < ACT_COUNT) {
		h->sec[h->n] = 0;
		h->acts[h->n++] = a;
	}
}

void ui_help_action_in(struct ui_help *h, enum ui_section sec, enum ui_action a)
{
	size_t n = h->n;

	ui_help_action(h, a);
	if (h->n > n)
		h->sec[n] = (unsigned char)sec;
}

void ui_message(struct ui *ui, bool error, const char *fmt, ...)
{
	struct strbuf raw = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(&raw, fmt, ap);
	va_end(ap);
	sb_reset(&ui->msg);
	if (error)
		sb_adds(&ui->msg, "Error: ");
	text_sanitize_into(&ui->msg, raw.buf, raw.len, SAN_SINGLE_LINE);
	sb_release(&raw);
	ui->msg_error = error;
	ui->dirty = true;
}

/* ---- the stack ---- */

static int body_rows(const struct ui *ui)
{
	return ui->rows - 2 > 0 ? ui->rows - 2 : 1;
}

static struct entry *top_entry(const struct ui *ui)
{
	return ui->depth ? &ui->stack[ui->depth - 1] : NULL;
}

int ui_push(struct ui *ui, const struct screen_ops *ops, const void *arg)
{
	struct strbuf err = STRBUF_INIT;
	void *st = NULL;

	if (ui->depth == ui->cap) {
		size_t cap = ui->cap ? ui->cap * 2 : 8;
		struct entry *nv = realloc(ui->stack, cap * sizeof *nv);

		if (!nv) {
			ui_message(ui, true, "out of memory");
			return -1;
		}
		ui->stack = nv;
		ui->cap = cap;
	}
	if (ops->enter && ops->enter(ui, arg, &st, &err)) {
		ui_message(ui, true, "%s", err.len ? err.buf : "cannot open this screen");
		sb_release(&err);
		return -1;
	}
	sb_release(&err);
	ui->stack[ui->depth++] = (struct entry){ops, st, 0};
	if (ops->resize)
		ops->resize(st, ui, body_rows(ui), ui->cols);
	ui->dirty = true;
	return 0;
}

void ui_scroll_home(struct ui *ui)
{
	struct entry *e = top_entry(ui);

	if (e)
		e->top = 0;
	ui->dirty = true;
}

/* Removes the entry holding st (normally the top one). */
static void close_entry(struct ui *ui, void *st, const struct screen_ops *ops)
{
	size_t i;

	for (i = ui->depth; i-- > 0;) {
		struct entry e = ui->stack[i];

		if (e.st != st || e.ops != ops)
			continue;
		if (i == 0)
			return; /* home is never popped */
		memmove(&ui->stack[i], &ui->stack[i + 1], (ui->depth - i - 1) * sizeof e);
		ui->depth--;
		if (e.ops->leave)
			e.ops->leave(ui, e.st);
		ui->dirty = true;
		/* back on home: the work done since may have changed its counts */
		if (ui->depth == 1 && ui->db)
			ui_refresh_queues(ui);
		return;
	}
}

static void finish(struct ui *ui, int status)
{
	ui->done = true;
	ui->status = status;
}

void ui_quit(struct ui *ui, int status)
{
	finish(ui, status);
}

static bool too_small(const struct ui *ui)
{
	return ui->rows < MIN_ROWS || ui->cols < MIN_COLS;
}

void ui_request_quit(struct ui *ui)
{
	struct entry *e = top_entry(ui);

	if (too_small(ui)) {
		if (!ui_has_unsaved_work())
			finish(ui, 0);
		return;
	}
	if (e && e->ops == &quit_dialog)
		return;
	ui_push(ui, &quit_dialog, NULL);
}

static enum ui_result global_action(struct ui *ui, enum ui_action a)
{
	struct entry *e = top_entry(ui);

	switch (a) {
	case ACT_QUIT:
		ui_request_quit(ui);
		return UI_HANDLED;
	case ACT_HELP: {
		struct help_target t = {e->ops, e->st};

		if (e->ops == &help_overlay)
			return UI_CLOSE;
		ui_push(ui, &help_overlay, &t);
		return UI_HANDLED;
	}
	case ACT_BACK:
		return ui->depth > 1 ? UI_CLOSE : UI_IGNORED;
	case ACT_REDRAW:
		ui->full = true;
		return UI_REDRAW;
	default:
		return UI_IGNORED;
	}
}

static void relayout(struct ui *ui)
{
	size_t i;

	for (i = 0; i < ui->depth; i++)
		if (ui->stack[i].ops->resize)
			ui->stack[i].ops->resize(ui->stack[i].st, ui, body_rows(ui), ui->cols);
	ui->dirty = true;
}

void ui_handle_key(struct ui *ui, ui_key k)
{
	const struct screen_ops *ops;
	struct ui_event ev = {ACT_NONE, k, false};
	enum ui_result r;
	struct entry *e;
	void *st;

	if (ui->done || !ui->depth || k == UIK_RESIZE || k == UIK_NONE)
		return;
	if (ui->msg.len) {
		sb_reset(&ui->msg);
		ui->dirty = true;
	}
	if (too_small(ui)) {
		if (keymap_lookup(ui->km, SEC_GLOBAL, k) == ACT_QUIT)
			ui_request_quit(ui);
		return;
	}
	e = top_entry(ui);
	ops = e->ops;
	st = e->st;
	ev.action = keymap_lookup_own(ui->km, ops->section, k);
	if (ev.action == ACT_NONE && ops->section != SEC_GLOBAL) {
		ev.action = keymap_lookup_own(ui->km, SEC_GLOBAL, k);
		ev.global = ev.action != ACT_NONE;
	}
	r = ops->key ? ops->key(st, ui, &ev) : UI_IGNORED;
	if (r == UI_IGNORED)
		r = global_action(ui, ev.action);
	switch (r) {
	case UI_CLOSE:
		close_entry(ui, st, ops);
		break;
	case UI_RELAYOUT:
		relayout(ui);
		break;
	case UI_REDRAW:
		ui->dirty = true;
		break;
	default:
		break;
	}
}

void ui_handle_paste(struct ui *ui, const char *text, size_t len)
{
	const struct screen_ops *ops;
	enum ui_result r;
	struct entry *e;

	if (ui->done || !ui->depth)
		return;
	if (ui->msg.len) {
		sb_reset(&ui->msg);
		ui->dirty = true;
	}
	e = top_entry(ui);
	ops = e->ops;
	if (too_small(ui) || !ops->paste) {
		ui_message(ui, false, "Paste is not possible here");
		return;
	}
	r = ops->paste(e->st, ui, text, len);
	switch (r) {
	case UI_CLOSE:
		close_entry(ui, e->st, ops);
		break;
	case UI_RELAYOUT:
		relayout(ui);
		break;
	case UI_REDRAW:
		ui->dirty = true;
		break;
	default:
		break;
	}
}

void ui_resize(struct ui *ui, int rows, int cols)
{
	if (rows == ui->rows && cols == ui->cols)
		return;
	ui->rows = rows;
	ui->cols = cols;
	relayout(ui);
}

void ui_terminate(struct ui *ui, int signo)
{
	size_t i;

	for (i = ui->depth; i-- > 0;)
		if (ui->stack[i].ops->terminate)
			ui->stack[i].ops->terminate(ui->stack[i].st, ui, signo);
	for (i = n_term_hooks; i-- > 0;)
		term_hooks[i].fn(term_hooks[i].arg, signo);
	finish(ui, 128 + signo);
}

bool ui_done(const struct ui *ui, int *status)
{
	if (status)
		*status = ui->status;
	return ui->done;
}

bool ui_dirty(const struct ui *ui, bool *full)
{
	if (full)
		*full = ui->full;
	return ui->dirty;
}

const char *ui_top_name(const struct ui *ui)
{
	const struct entry *e = top_entry(ui);

	return e ? e->ops->name : "";
}

size_t ui_depth(const struct ui *ui)
{
	return ui->depth;
}

/* ---- painting ---- */

static const char *entry_title(const struct entry *e)
{
	const char *t = e->ops->title_of ? e->ops->title_of(e->st) : NULL;

	return t ? t : e->ops->title;
}

static void breadcrumb(const struct ui *ui, struct strbuf *sb)
{
	size_t i;
	bool first = true;

	for (i = 0; i < ui->depth; i++) {
		if (ui->stack[i].ops->flags & SCREEN_OVERLAY)
			continue;
		sb_addf(sb, "%s%s", first ? "" : " > ", entry_title(&ui->stack[i]));
		first = false;
	}
}

/* Appends "KEY word" for action a; with named, a named key (Esc, F10) is
 * preferred over a letter, as letters change from screen to screen. */
static void add_hint(const struct ui *ui, enum ui_section sec, enum ui_action a, bool named,
		     const char *word, const char *sep, struct strbuf *sb)
{
	ui_key k[8];
	size_t n = keymap_keys(ui->km, sec, a, k, 8), i, pick = 0;

	if (!n)
		return;
	for (i = 0; named && i < n && i < 8; i++)
		if (!ui_key_is_text(k[i])) {
			pick = i;
			break;
		}
	if (sb->len)
		sb_adds(sb, sep);
	ui_key_name(k[pick], sb);
	sb_addf(sb, " %s", word);
}

static void hints(const struct ui *ui, const char *sep, struct strbuf *sb)
{
	const struct entry *e = top_entry(ui);
	enum ui_section sec = e->ops->section;

	if (sec == SEC_DIALOG) {
		add_hint(ui, sec, ACT_YES, false, "yes", sep, sb);
		add_hint(ui, sec, ACT_NO, false, "no", sep, sb);
		return;
	}
	if (e->ops == &help_overlay) {
		add_hint(ui, sec, ACT_BACK, true, "close help", sep, sb);
	} else {
		add_hint(ui, sec, ACT_HELP, false, "help", sep, sb);
		if (ui->depth > 1)
			add_hint(ui, sec, ACT_BACK, true, "back", sep, sb);
	}
	add_hint(ui, sec, ACT_QUIT, true, "quit", sep, sb);
}

/* Draws entry e on a copy of canvas c scrolled to its top, scrolling once
 * more when its cursor falls outside.  Returns the canvas it drew on. */
static struct ui_canvas draw_entry(struct ui *ui, struct entry *e, const struct ui_canvas *c,
				   bool scroll)
{
	struct ui_canvas cv = *c;
	int pass, r, col;

	for (pass = 0; pass < 2; pass++) {
		cv = *c;
		cv.top = scroll ? e->top : 0;
		if (pass)
			for (r = 0; r < cv.rows; r++)
				cv_fill(&cv, cv.top + r, 0, cv.cols, ROLE_NORMAL);
		cv.used = 0;
		if (e->ops->draw)
			e->ops->draw(e->st, ui, &cv);
		if (!scroll || !e->ops->place_cursor || !e->ops->place_cursor(e->st, ui, &cv, &r, &col))
			break;
		if (r < cv.top)
			e->top = r;
		else if (r >= cv.top + cv.rows)
			e->top = r - cv.rows + 1;
		else
			break;
	}
	return cv;
}

static void paint_too_small(struct ui *ui, struct ui_canvas *c)
{
	struct strbuf sb = STRBUF_INIT;

	sb_addf(&sb, "Terminal too small: %dx%d needed, have %dx%d", MIN_COLS, MIN_ROWS, ui->cols,
		ui->rows);
	ui->small_cursor_x = cv_textn(c, 0, 0, ROLE_ERROR, 0, sb.buf, -1);
	if (ui->small_cursor_x >= ui->cols)
		ui->small_cursor_x = ui->cols - 1;
	sb_release(&sb);
}

static void paint_linear(struct ui *ui, struct ui_canvas *c)
{
	struct strbuf sb = STRBUF_INIT;
	struct ui_canvas body = cv_sub(c, 1, 0, ui->rows - 2, ui->cols), cv;
	struct entry *e = top_entry(ui);
	int shown, row;

	breadcrumb(ui, &sb);
	if (e->ops->flags & SCREEN_OVERLAY)
		sb_addf(&sb, " > %s", entry_title(e));
	cv_textf(c, 0, 0, ROLE_HEADING, "caseterm: %s", sb.buf);
	cv = draw_entry(ui, e, &body, true);
	ui->cursor_canvas = cv;
	shown = cv.used - cv.top;
	if (shown > cv.rows)
		shown = cv.rows;
	if (shown < 0)
		shown = 0;
	row = 1 + shown;
	if (ui->msg.len) {
		cv_text(c, row++, 0, ui->msg_error ? ROLE_ERROR : ROLE_NORMAL, ui->msg.buf);
		if (row >= ui->rows)
			row = ui->rows - 1;
	}
	sb_reset(&sb);
	hints(ui, ", ", &sb);
	cv_textf(c, row, 0, ROLE_HINT, "Keys: %s", sb.buf);
	sb_release(&sb);
}

static void paint_normal(struct ui *ui, struct ui_canvas *c)
{
	struct strbuf left = STRBUF_INIT, right = STRBUF_INIT, crumb = STRBUF_INIT;
	struct ui_canvas body = cv_sub(c, 1, 0, ui->rows - 2, ui->cols), cv;
	size_t base, i;
	int rw, x;

	breadcrumb(ui, &crumb);
	/* title bar */
	cv_fill(c, 0, 0, ui->cols, ROLE_TITLE);
	x = cv_text(c, 0, 1, ROLE_TITLE, "caseterm");
	cv_textn(c, 0, x + 3, ROLE_TITLE, 0, crumb.buf, ui->cols - x - 4);
	/* body: the topmost full screen, then the overlays above it */
	base = ui->depth - 1;
	while (base > 0 && (ui->stack[base].ops->flags & SCREEN_OVERLAY))
		base--;
	cv = draw_entry(ui, &ui->stack[base], &body, true);
	for (i = base + 1; i < ui->depth; i++)
		cv = draw_entry(ui, &ui->stack[i], &body, false);
	ui->cursor_canvas = cv;
	/* status line */
	cv_fill(c, ui->rows - 1, 0, ui->cols, ROLE_STATUS);
	hints(ui, "  ", &right);
	rw = (int)text_width(right.buf);
	if (rw > ui->cols / 2)
		rw = ui->cols / 2;
	cv_textn(c, ui->rows - 1, ui->cols - rw - 1, ROLE_STATUS, 0, right.buf, rw);
	if (ui->msg.len) {
		cv_textn(c, ui->rows - 1, 1, ui->msg_error ? ROLE_ERROR : ROLE_STATUS, 0, ui->msg.buf,
			 ui->cols - rw - 3);
	} else {
		sb_addf(&left, "%s (%s) | %s", ui->staff.display_name ? ui->staff.display_name : "",
			ui->staff.role_label ? ui->staff.role_label : "",
			entry_title(&ui->stack[base]));
		cv_textn(c, ui->rows - 1, 1, ROLE_STATUS, 0, left.buf, ui->cols - rw - 3);
	}
	sb_release(&left);
	sb_release(&right);
	sb_release(&crumb);
}

void ui_paint(struct ui *ui, struct ui_canvas *c)
{
	ui->dirty = false;
	ui->full = false;
	ui->too_small_shown = too_small(ui);
	if (!ui->depth)
		return;
	if (ui->too_small_shown)
		paint_too_small(ui, c);
	else if (ui->linear)
		paint_linear(ui, c);
	else
		paint_normal(ui, c);
}

void ui_cursor(struct ui *ui, int *row, int *col)
{
	struct entry *e = top_entry(ui);
	const struct ui_canvas *cv = &ui->cursor_canvas;
	int r = 0, x = 0;

	if (ui->too_small_shown || !e) {
		*row = 0;
		*col = ui->too_small_shown ? ui->small_cursor_x : 0;
		return;
	}
	if (!e->ops->place_cursor || !e->ops->place_cursor(e->st, ui, cv, &r, &x)) {
		r = cv->top;
		x = 0;
	}
	*row = cv->y0 + r - cv->top;
	*col = cv->x0 + x;
	if (*row < 0)
		*row = 0;
	if (*row >= ui->rows)
		*row = ui->rows - 1;
	if (*col < 0)
		*col = 0;
	if (*col >= ui->cols)
		*col = ui->cols - 1;
}

/* ---- life ---- */

struct ui *ui_new(const struct ui_setup *s, struct strbuf *err)
{
	const char *about[4] = {s->config_path, s->keymap_path, s->themes_path, s->theme_name};
	struct ui *ui = calloc(1, sizeof *ui);
	int i;

	if (!ui) {
		sb_adds(err, "out of memory");
		return NULL;
	}
	sb_init(&ui->msg);
	ui->km = s->keymap;
	ui->db = s->db;
	ui->linear = s->linear;
	ui->rows = MIN_ROWS;
	ui->cols = MIN_COLS;
	ui->dirty = true;
	for (i = 0; i < 4; i++)
		if (about[i] && !(ui->about[i] = strdup(about[i])))
			goto nomem;
	if (!(ui->async = ui_async_new(s->config)))
		goto nomem;
	if (copy_staff(&ui->staff, s->staff))
		goto nomem;
	if (s->db)
		ui_refresh_queues(ui);
	else if (set_queues(ui, s->queues, s->n_queues, s->queue_error))
		goto nomem;
	running = ui;
	if (ui_push(ui, &home_screen, NULL)) {
		sb_addf(err, "cannot open the home screen: %s", ui->msg.buf);
		ui_free(&ui);
		return NULL;
	}
	return ui;
nomem:
	sb_adds(err, "out of memory");
	ui_free(&ui);
	return NULL;
}

void ui_free(struct ui **uip)
{
	struct ui *ui;
	int i;

	if (!uip || !*uip)
		return;
	ui = *uip;
	while (ui->depth) {
		struct entry e = ui->stack[--ui->depth];

		if (e.ops->leave)
			e.ops->leave(ui, e.st);
	}
	/* after the screens left (they cancel their jobs): waits for threads */
	ui_async_free(&ui->async);
	free(ui->stack);
	staff_release(&ui->staff);
	queue_counts_free(&ui->queues, ui->nq);
	free(ui->queue_error);
	sb_release(&ui->msg);
	for (i = 0; i < 4; i++)
		free(ui->about[i]);
	if (running == ui)
		running = NULL;
	free(ui);
	*uip = NULL;
}

/* ---- configuration, timers, jobs ---- */

const struct ct_config *ui_config(const struct ui *ui)
{
	return ui_async_config(ui->async);
}

int ui_timer_start(struct ui *ui, int ms, void (*fn)(struct ui *ui, void *arg), void *arg)
{
	return ui_async_timer_start(ui->async, ms, fn, arg);
}

void ui_timer_cancel(struct ui *ui, int id)
{
	if (id > 0)
		ui_async_timer_cancel(ui->async, id);
}

int ui_async_start(struct ui *ui, void *(*work)(void *arg),
		   void (*done)(struct ui *ui, void *arg, void *result), void *arg)
{
	return ui_async_job_start(ui->async, work, done, arg);
}

void ui_async_cancel(struct ui *ui, int id)
{
	if (id > 0)
		ui_async_job_cancel(ui->async, id);
}

void ui_async_wait(struct ui *ui)
{
	ui_async_wait_all(ui->async, ui);
	ui->dirty = true;
}

int ui_lookup_start(struct ui *ui, const char *crn, unsigned flags,
		    void (*done)(struct ui *ui, void *arg, struct person_lookup *p,
				 enum ct_status st, const char *err),
		    void *arg)
{
	return ui_async_lookup_start(ui->async, crn, flags, done, arg);
}

int ui_next_timeout(struct ui *ui)
{
	return ui_async_timeout_ms(ui->async);
}

void ui_set_waker(struct ui *ui, void (*wake)(void *arg), void *arg)
{
	ui_async_set_waker(ui->async, wake, arg);
}

void ui_run_due(struct ui *ui)
{
	/* a callback may have changed what a screen shows; only changed cells
	 * reach the terminal, so a repaint that changes nothing costs little */
	if (ui_async_run_due(ui->async, ui))
		ui->dirty = true;
}
