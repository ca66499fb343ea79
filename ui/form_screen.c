/* form_screen.c: the form screen of ui/form_screen.h: a task list, pages of
 * fields, the error summary, check your answers, the confirmation page, and
 * the draft that keeps every answer (store/draft_store.h).  No curses: it
 * draws on a canvas and edits text through ui/edit.h.
 *
 * The screen is a list of focusable widgets rebuilt from the form state
 * whenever it may have changed (a show_if answer, a repeat item added); the
 * focus is remembered by what it is (kind, field, item, part), not by its
 * place in the list, so it survives a rebuild.  Text fields are edited by
 * one struct edit for the focused widget; every change goes straight into
 * the form state, so nothing typed lives only in the editor. */
#include "ui/form_screen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "config/config.h"
#include "forms/validate.h"
#include "store/draft_store.h"
#include "ui/edit.h"
#include "ui/screens/screens.h"
#include "ui/shell.h"
#include "util/sanitize.h"

#define SAVE_EVERY_S 10
#define TEXTAREA_ROWS 6
#define SELECT_ROWS 6

enum view { V_TASKS, V_PAGE, V_CHECK, V_CONFIRM };

enum wkind {
	W_TASK,        /* a section of the task list (item = its index) */
	W_CHECK_TASK,  /* "Check your answers" on the task list */
	W_ERR,         /* a line of the error summary (item = error index) */
	W_FIELD,       /* a field (f, item) */
	W_DATE,        /* one box of a date (f, item, part 0 day, 1 month, 2 year) */
	W_REMOVE,      /* remove repeat item (f = group, item) */
	W_ADD,         /* add a repeat item (f = group) */
	W_RED_CONFIRM, /* redactable text: confirm / remove / put back (f) */
	W_RED_REMOVE,
	W_RED_RESTORE,
	W_SAVE,        /* Save and continue */
	W_CHANGE,      /* check your answers: change row item */
	W_SUBMIT,
	W_CLOSE,       /* confirmation page */
	W_NONE,        /* a focus that matches no widget (before the first) */
};

struct widget {
	enum wkind k;
	const struct form_field *f;
	size_t item;
	int part;
	int row, col; /* where the cursor goes, at the last draw */
};

struct fs {
	struct form_screen_spec spec; /* strings below are the copies */
	char *form_id, *subject, *title;
	struct prefill_source *sources;
	struct form *form;
	struct form_state *st;

	enum view view;
	const struct form_section *sec;
	const struct form_page *page;
	bool from_check;       /* a "change" from check your answers */
	struct form_errors errs;
	bool show_errs;
	char *top_error;       /* check your answers: why submit failed */
	struct strbuf notice;  /* look-ups that failed, lists not read */
	char *resumed;         /* "Your draft saved at ... is open", until a page opens */

	struct widget *w;
	size_t nw, cap;
	struct widget focus;   /* what has the focus */
	size_t fi;             /* its index in w */

	struct edit *ed;       /* editor of the focused text widget */
	bool ed_for_focus;     /* ed belongs to `focus` */
	size_t opt_sel;        /* highlighted option of a focused choice field */
	size_t sel_first;      /* first match shown in a select list */

	long draft_id;
	int version;
	bool dirty;            /* answers changed since the draft was saved */
	bool changed_ever;
	bool conflict;         /* another session saved the draft: stop saving */
	bool save_failed;      /* the last save was refused (database down) */
	char *conflict_msg;
	time_t saved_at;
	int timer;

	struct cya_row *rows;
	size_t nrows;
	char *confirmation;
	bool submitted;
	bool asking;           /* before_submit asked a y/n question */
	char *question;

	struct ui *ui;
	bool pushed;
	struct fs *next_open;  /* the list of open form screens */
};

static struct fs *open_forms;

extern const struct screen_ops form_screen;

/* ---- small helpers ---- */

static char *xstrdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = xstrdup(s);
}

static bool same_widget(const struct widget *a, const struct widget *b)
{
	return a->k == b->k && a->f == b->f && a->item == b->item && a->part == b->part;
}

static const struct widget *cur(const struct fs *fs)
{
	return fs->fi < fs->nw ? &fs->w[fs->fi] : NULL;
}

static bool multi_section(const struct fs *fs)
{
	return fs->form->n_sections > 1;
}

static bool is_choice_type(const struct form_field *f)
{
	return f->type == FT_YESNO || f->type == FT_RADIO || f->type == FT_MULTISELECT;
}

static const struct form_option *field_options(const struct fs *fs, const struct form_field *f,
					       size_t *n)
{
	return form_state_options(fs->st, f, n);
}

/* Radios and checkboxes; an options_from list not loaded (no database)
 * is typed as text instead, as the form state accepts any value then. */
static bool is_choice(const struct fs *fs, const struct form_field *f)
{
	size_t n = 0;

	if (!is_choice_type(f))
		return false;
	field_options(fs, f, &n);
	return n > 0 || !f->options_from;
}

/* A select with options picks from a list; without any (options_from not
 * loaded) it is typed like text. */
static bool is_select_list(const struct fs *fs, const struct form_field *f)
{
	size_t n = 0;

	if (f->type != FT_SELECT)
		return false;
	field_options(fs, f, &n);
	return n > 0;
}

static bool is_text_widget(const struct fs *fs, const struct widget *w)
{
	if (!w)
		return false;
	if (w->k == W_DATE)
		return form_state_editable(fs->st, w->f);
	if (w->k != W_FIELD || !form_state_editable(fs->st, w->f))
		return false;
	if (is_choice(fs, w->f))
		return false;
	return true; /* text-like types, and select (its type-ahead query) */
}

/* ---- drafts ---- */

static PGconn *fs_db(const struct fs *fs)
{
	return fs->ui ? ui_db(fs->ui) : NULL;
}

static void conflict_found(struct fs *fs, const char *msg)
{
	fs->conflict = true;
	set_str(&fs->conflict_msg, msg);
}

/* Saves the draft when something changed (creating it the first time).
 * Quiet: no status-line message (terminate). */
static void draft_sync(struct fs *fs, bool quiet)
{
	PGconn *db = fs_db(fs);
	struct strbuf err = STRBUF_INIT;
	struct form_draft d = {0};
	enum ct_status st;
	char *json = NULL;

	if (!fs->dirty || fs->conflict || fs->spec.no_draft || fs->submitted || !db)
		return;
	if (form_state_to_json(fs->st, &json) != CT_OK) {
		if (!quiet)
			ui_message(fs->ui, true, "could not save the draft: out of memory");
		return;
	}
	if (!fs->draft_id) {
		st = draft_create(db, fs->form_id, fs->subject, fs->title, json, &d, &err);
		if (st == CT_OK) {
			fs->draft_id = d.id;
			fs->version = d.version;
		}
		draft_release(&d);
	} else {
		st = draft_save(db, fs->draft_id, &fs->version, json, NULL, NULL, &err);
	}
	free(json);
	fs->save_failed = st != CT_OK;
	if (st == CT_OK) {
		fs->dirty = false;
		fs->saved_at = time(NULL);
	} else if (st == CT_CONFLICT) {
		conflict_found(fs, err.buf);
	} else if (st == CT_NOT_FOUND) {
		conflict_found(fs, "This draft was sent or deleted in another session. Nothing was "
				   "overwritten: press F12 to keep your answers as a new draft, "
				   "or Esc to leave them.");
	} else if (!quiet) {
		ui_message(fs->ui, true, "could not save the draft (your answers are still here): %s",
			   err.len ? err.buf : ct_status_message(st));
	}
	sb_release(&err);
}

static void on_timer(struct ui *ui, void *arg)
{
	struct fs *fs = arg;

	(void)ui;
	fs->timer = 0;
	draft_sync(fs, false);
}

/* The answers changed: the draft is created at the first change, then saved
 * when a field is left and at least every SAVE_EVERY_S seconds of typing. */
static void changed(struct fs *fs)
{
	fs->dirty = true;
	if (!fs->changed_ever || time(NULL) - fs->saved_at >= SAVE_EVERY_S) {
		/* the first change creates the draft.  A save that fails (the
		 * database is down) is tried again when a field is left and by
		 * the timer, not at every key. */
		fs->changed_ever = true;
		draft_sync(fs, false);
		if (!fs->dirty)
			return;
		fs->saved_at = time(NULL);
	}
	if (!fs->timer && fs->ui && !fs->conflict && !fs->spec.no_draft && fs_db(fs))
		fs->timer = ui_timer_start(fs->ui, SAVE_EVERY_S * 1000, on_timer, fs);
	if (fs->timer < 0)
		fs->timer = 0;
}

static void keep_copy(struct fs *fs)
{
	if (!fs->conflict) {
		ui_message(fs->ui, false, "Your answers are saved in your draft already.");
		return;
	}
	fs->conflict = false;
	free(fs->conflict_msg);
	fs->conflict_msg = NULL;
	fs->draft_id = 0;
	fs->version = 0;
	fs->dirty = true;
	draft_sync(fs, false);
	if (!fs->conflict && fs->draft_id)
		ui_message(fs->ui, false, "Your answers are kept as a new draft.");
}

/* ---- the widget list ---- */

static void add_w(struct fs *fs, enum wkind k, const struct form_field *f, size_t item, int part)
{
	if (fs->nw == fs->cap) {
		size_t cap = fs->cap ? fs->cap * 2 : 32;
		struct widget *nv = realloc(fs->w, cap * sizeof *nv);

		if (!nv)
			return;
		fs->w = nv;
		fs->cap = cap;
	}
	fs->w[fs->nw++] = (struct widget){k, f, item, part, 0, 0};
}

static void add_field_widgets(struct fs *fs, const struct form_field *f, size_t item)
{
	enum redaction r;
	const char *orig = NULL;

	if (f->type == FT_DATE && form_state_editable(fs->st, f)) {
		add_w(fs, W_DATE, f, item, 0);
		add_w(fs, W_DATE, f, item, 1);
		add_w(fs, W_DATE, f, item, 2);
	} else {
		add_w(fs, W_FIELD, f, item, 0);
	}
	if (f->redactable && !f->group) {
		r = form_state_redaction(fs->st, f, &orig);
		if (orig) {
			if (r != REDACTION_CONFIRMED && r != REDACTION_REMOVED)
				add_w(fs, W_RED_CONFIRM, f, 0, 0);
			if (r != REDACTION_REMOVED)
				add_w(fs, W_RED_REMOVE, f, 0, 0);
			if (r == REDACTION_EDITED || r == REDACTION_REMOVED || r == REDACTION_CONFIRMED)
				add_w(fs, W_RED_RESTORE, f, 0, 0);
		}
	}
}

static bool row_changeable(const struct fs *fs, const struct cya_row *r)
{
	return r->page && (!r->field || form_state_editable(fs->st, r->field));
}

static void build(struct fs *fs)
{
	size_t i, j, k, n;
	/* where the focused widget was drawn, for a key that does not redraw */
	int frow = fs->fi < fs->nw ? fs->w[fs->fi].row : 0;
	int fcol = fs->fi < fs->nw ? fs->w[fs->fi].col : 0;

	fs->nw = 0;
	switch (fs->view) {
	case V_TASKS:
		for (i = 0; i < fs->form->n_sections; i++)
			add_w(fs, W_TASK, NULL, i, 0);
		add_w(fs, W_CHECK_TASK, NULL, 0, 0);
		break;
	case V_PAGE:
		if (fs->show_errs)
			for (i = 0; i < fs->errs.n; i++)
				add_w(fs, W_ERR, NULL, i, 0);
		for (i = 0; i < fs->page->n_fields; i++) {
			const struct form_field *f = &fs->page->fields[i];

			if (!form_state_visible(fs->st, f, 0))
				continue;
			if (f->type != FT_GROUP) {
				add_field_widgets(fs, f, 0);
				continue;
			}
			n = form_state_items(fs->st, f);
			for (j = 0; j < n; j++) {
				for (k = 0; k < f->n_fields; k++)
					if (form_state_visible(fs->st, &f->fields[k], j))
						add_field_widgets(fs, &f->fields[k], j);
				add_w(fs, W_REMOVE, f, j, 0);
			}
			if (!f->max.set || (double)n < f->max.num)
				add_w(fs, W_ADD, f, 0, 0);
		}
		add_w(fs, W_SAVE, NULL, 0, 0);
		break;
	case V_CHECK:
		for (i = 0; i < fs->nrows; i++)
			if (row_changeable(fs, &fs->rows[i]))
				add_w(fs, W_CHANGE, NULL, i, 0);
		add_w(fs, W_SUBMIT, NULL, 0, 0);
		break;
	case V_CONFIRM:
		add_w(fs, W_CLOSE, NULL, 0, 0);
		break;
	}
	for (i = 0; i < fs->nw; i++)
		if (same_widget(&fs->w[i], &fs->focus)) {
			fs->fi = i;
			fs->w[i].row = frow;
			fs->w[i].col = fcol;
			return;
		}
	/* the focused widget went away (hidden, removed): stay near it */
	if (fs->fi >= fs->nw)
		fs->fi = fs->nw ? fs->nw - 1 : 0;
	if (fs->nw)
		fs->focus = fs->w[fs->fi];
	fs->ed_for_focus = false;
}

static size_t option_index(const struct fs *fs, const struct form_field *f, size_t item)
{
	size_t n, i;
	const struct form_option *o = field_options(fs, f, &n);
	const char *v = form_state_get(fs->st, f, item);

	for (i = 0; i < n; i++)
		if (!strcmp(o[i].value, v))
			return i;
	return 0;
}

/* Moves the focus to widget i: the field left is saved to the draft. */
static void focus_to(struct fs *fs, size_t i)
{
	if (i >= fs->nw)
		return;
	if (i != fs->fi || !same_widget(&fs->w[i], &fs->focus)) {
		draft_sync(fs, false);
		fs->ed_for_focus = false;
	}
	fs->fi = i;
	fs->focus = fs->w[i];
	if (fs->focus.k == W_FIELD && (is_choice(fs, fs->focus.f) || is_select_list(fs, fs->focus.f)))
		fs->opt_sel = fs->focus.f->type == FT_MULTISELECT ? 0
								  : option_index(fs, fs->focus.f, fs->focus.item);
	fs->sel_first = 0;
}

static void focus_first(struct fs *fs)
{
	if (fs->ui && fs->pushed)
		ui_scroll_home(fs->ui);
	build(fs);
	fs->fi = (size_t)-1;
	fs->focus = (struct widget){0};
	fs->focus.k = W_NONE;
	focus_to(fs, 0);
}

static bool focus_find(struct fs *fs, enum wkind k, const struct form_field *f, size_t item)
{
	size_t i;

	build(fs);
	for (i = 0; i < fs->nw; i++)
		if (fs->w[i].k == k && fs->w[i].f == f && (fs->w[i].item == item || !f)) {
			focus_to(fs, i);
			return true;
		}
	return false;
}

/* Focus on the first widget of a field (a date's day box). */
static bool focus_field(struct fs *fs, const struct form_field *f, size_t item)
{
	size_t i;

	build(fs);
	for (i = 0; i < fs->nw; i++)
		if ((fs->w[i].k == W_FIELD || fs->w[i].k == W_DATE || fs->w[i].k == W_REMOVE ||
		     fs->w[i].k == W_ADD) &&
		    fs->w[i].f == f && fs->w[i].item == item) {
			focus_to(fs, i);
			return true;
		}
	/* a group error with no items: its Add button */
	return focus_find(fs, W_ADD, f, 0);
}

/* ---- the editor of the focused text widget ---- */

static void date_parts(const char *answer, struct strbuf p[3])
{
	int i;

	for (i = 0; i < 3; i++)
		sb_init(&p[i]);
	date_split_parts(answer, &p[0], &p[1], &p[2]);
}

static void date_parts_release(struct strbuf p[3])
{
	int i;

	for (i = 0; i < 3; i++)
		sb_release(&p[i]);
}

static struct edit *ensure_editor(struct fs *fs)
{
	const struct widget *w = cur(fs);
	struct strbuf p[3];
	const char *text;

	if (!is_text_widget(fs, w)) {
		edit_free(&fs->ed);
		fs->ed_for_focus = false;
		return NULL;
	}
	if (fs->ed && fs->ed_for_focus)
		return fs->ed;
	edit_free(&fs->ed);
	if (w->k == W_DATE) {
		date_parts(form_state_get(fs->st, w->f, w->item), p);
		fs->ed = edit_new(p[w->part].buf, false);
		date_parts_release(p);
	} else if (w->f->type == FT_SELECT && is_select_list(fs, w->f)) {
		fs->ed = edit_new("", false); /* the type-ahead query */
	} else {
		text = form_state_get(fs->st, w->f, w->item);
		fs->ed = edit_new(text, w->f->type == FT_TEXTAREA);
	}
	fs->ed_for_focus = fs->ed != NULL;
	return fs->ed;
}

/* The editor's text goes into the answer. */
static void editor_to_state(struct fs *fs)
{
	const struct widget *w = cur(fs);
	struct strbuf err = STRBUF_INIT, p[3], joined = STRBUF_INIT;

	if (!w || !fs->ed)
		return;
	if (w->k == W_DATE) {
		date_parts(form_state_get(fs->st, w->f, w->item), p);
		sb_reset(&p[w->part]);
		sb_adds(&p[w->part], edit_text(fs->ed));
		if (p[0].len || p[1].len || p[2].len)
			sb_addf(&joined, "%s/%s/%s", p[0].buf, p[1].buf, p[2].buf);
		form_state_set(fs->st, w->f, w->item, joined.buf, &err);
		date_parts_release(p);
	} else if (w->f->type == FT_SELECT && is_select_list(fs, w->f)) {
		fs->opt_sel = 0; /* the query changed: the first match */
		fs->sel_first = 0;
		sb_release(&joined);
		return;
	} else {
		form_state_set(fs->st, w->f, w->item, edit_text(fs->ed), &err);
	}
	if (err.len)
		ui_message(fs->ui, true, "%s", err.buf);
	sb_release(&err);
	sb_release(&joined);
	changed(fs);
}

/* ---- select type-ahead ---- */

static bool ci_contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle), i, j;

	if (!n)
		return true;
	for (i = 0; hay[i]; i++) {
		for (j = 0; j < n && hay[i + j]; j++) {
			unsigned char a = (unsigned char)hay[i + j], b = (unsigned char)needle[j];

			if (a >= 'A' && a <= 'Z')
				a += 32;
			if (b >= 'A' && b <= 'Z')
				b += 32;
			if (a != b)
				break;
		}
		if (j == n)
			return true;
	}
	return false;
}

static bool ci_prefix(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	return n && !strncasecmp(hay, needle, n);
}

/* The options matching the query: those starting with it first. */
static size_t select_matches(const struct fs *fs, const struct form_field *f, const char *q,
			     size_t *idx, size_t max)
{
	size_t n, i, m = 0, pass;
	const struct form_option *o = field_options(fs, f, &n);

	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < n; i++) {
			bool pre = ci_prefix(o[i].label, q) || ci_prefix(o[i].value, q);
			bool any = ci_contains(o[i].label, q) || ci_contains(o[i].value, q);

			if (pass == 0 ? !(pre || !*q) : (pre || !any || !*q))
				continue;
			if (m < max)
				idx[m] = i;
			m++;
		}
	return m;
}

/* ---- navigation between views ---- */

static void clear_errors(struct fs *fs)
{
	form_errors_release(&fs->errs);
	fs->show_errs = false;
}

static void go_page(struct fs *fs, const struct form_page *p)
{
	draft_sync(fs, false);
	if (fs->pushed) {
		free(fs->resumed);
		fs->resumed = NULL;
	}
	fs->view = V_PAGE;
	fs->page = p;
	fs->sec = p->section;
	clear_errors(fs);
	focus_first(fs);
}

static void go_tasks(struct fs *fs)
{
	size_t i;

	draft_sync(fs, false);
	fs->view = V_TASKS;
	fs->from_check = false;
	clear_errors(fs);
	build(fs);
	/* the focus on the first section not completed */
	for (i = 0; i < fs->form->n_sections; i++)
		if (form_state_section_status(fs->st, &fs->form->sections[i]) != SECTION_COMPLETED)
			break;
	fs->focus = (struct widget){0};
	fs->focus.k = W_NONE;
	focus_to(fs, i < fs->nw ? i : 0);
	if (fs->ui && fs->pushed)
		ui_scroll_home(fs->ui);
}

static void go_check(struct fs *fs)
{
	draft_sync(fs, false);
	cya_rows_free(&fs->rows, fs->nrows);
	fs->nrows = 0;
	if (form_state_check_answers(fs->st, &fs->rows, &fs->nrows) != CT_OK) {
		ui_message(fs->ui, true, "out of memory");
		return;
	}
	fs->view = V_CHECK;
	fs->from_check = false;
	fs->asking = false;
	clear_errors(fs);
	focus_first(fs);
}

static bool all_completed(const struct fs *fs)
{
	size_t i;

	for (i = 0; i < fs->form->n_sections; i++)
		if (form_state_section_status(fs->st, &fs->form->sections[i]) != SECTION_COMPLETED)
			return false;
	return true;
}

/* Shows errs on page p with the focus on the summary. */
static void show_page_errors(struct fs *fs, const struct form_page *p)
{
	fs->view = V_PAGE;
	fs->page = p;
	fs->sec = p->section;
	fs->show_errs = true;
	focus_first(fs);
}

static void save_continue(struct fs *fs)
{
	const struct form_page *next, *bad = NULL;
	struct form_errors errs = FORM_ERRORS_INIT;

	draft_sync(fs, false);
	form_state_validate_page(fs->st, fs->page, &fs->errs);
	if (fs->errs.n) {
		show_page_errors(fs, fs->page);
		return;
	}
	clear_errors(fs);
	next = form_state_next_page(fs->st, fs->page);
	if (next && !fs->from_check) {
		go_page(fs, next);
		return;
	}
	if (form_state_complete_section(fs->st, fs->sec, &errs, &bad) != CT_OK && bad) {
		form_errors_release(&fs->errs);
		fs->errs = errs;
		show_page_errors(fs, bad);
		return;
	}
	form_errors_release(&errs);
	fs->dirty = true; /* the section is marked completed in the draft */
	if (fs->from_check || !multi_section(fs))
		go_check(fs);
	else
		go_tasks(fs);
}

/* The page before this one, the task list, or (single section, first
 * page) closing the screen. */
static enum ui_result go_back(struct fs *fs)
{
	const struct form_page *prev;

	switch (fs->view) {
	case V_PAGE:
		if (fs->from_check) {
			go_check(fs);
			return UI_REDRAW;
		}
		prev = form_state_prev_page(fs->st, fs->page);
		if (prev) {
			go_page(fs, prev);
			return UI_REDRAW;
		}
		if (multi_section(fs)) {
			go_tasks(fs);
			return UI_REDRAW;
		}
		return UI_CLOSE;
	case V_CHECK:
		if (fs->asking) {
			fs->asking = false;
			return UI_REDRAW;
		}
		if (multi_section(fs)) {
			go_tasks(fs);
		} else {
			const struct form_page *p = form_state_first_page(fs->st, &fs->form->sections[0]),
					       *n;

			while (p && (n = form_state_next_page(fs->st, p)))
				p = n;
			if (!p)
				return UI_CLOSE;
			go_page(fs, p);
		}
		return UI_REDRAW;
	default:
		return UI_CLOSE;
	}
}

static void submit_now(struct fs *fs)
{
	struct strbuf conf = STRBUF_INIT, err = STRBUF_INIT;
	const struct form_page *bad = NULL;
	struct form_errors errs = FORM_ERRORS_INIT;
	enum ct_status st;
	char *json = NULL;

	fs->asking = false;
	if (form_state_submit(fs->st, &json, &errs, &bad) != CT_OK) {
		form_errors_release(&fs->errs);
		fs->errs = errs;
		if (bad) {
			fs->from_check = true;
			show_page_errors(fs, bad);
		} else {
			set_str(&fs->top_error, "The answers could not be put together (out of memory).");
		}
		return;
	}
	form_errors_release(&errs);
	st = fs->spec.submit(fs->spec.ctx, fs->ui, fs->st, json, &conf, &err);
	free(json);
	if (st != CT_OK) {
		set_str(&fs->top_error, err.len ? err.buf : ct_status_message(st));
		focus_first(fs); /* the error at the top in view */
		sb_release(&conf);
		sb_release(&err);
		return;
	}
	fs->submitted = true;
	fs->dirty = false;
	if (fs->draft_id && fs_db(fs)) {
		sb_reset(&err);
		draft_delete(fs_db(fs), fs->draft_id, 0, &err);
		fs->draft_id = 0;
	}
	free(fs->top_error);
	fs->top_error = NULL;
	free(fs->confirmation);
	fs->confirmation = text_sanitize(conf.len ? conf.buf : "Sent", SAN_KEEP_NEWLINES);
	fs->view = V_CONFIRM;
	focus_first(fs);
	sb_release(&conf);
	sb_release(&err);
}

static void try_submit(struct fs *fs)
{
	struct strbuf q = STRBUF_INIT;
	enum ct_status st = CT_OK;

	free(fs->top_error);
	fs->top_error = NULL;
	if (fs->spec.before_submit)
		st = fs->spec.before_submit(fs->spec.ctx, fs->ui, fs->st, &q);
	if (st == CT_OK) {
		submit_now(fs);
	} else if (st == CT_CONFLICT) {
		set_str(&fs->question, q.len ? q.buf : "Send anyway?");
		fs->asking = true;
		focus_find(fs, W_SUBMIT, NULL, 0); /* the question is just above it */
	} else {
		set_str(&fs->top_error, q.len ? q.buf : ct_status_message(st));
		focus_first(fs); /* the error at the top in view */
	}
	sb_release(&q);
}

/* ---- actions on the page ---- */

static const struct form_field *redactable_near(const struct fs *fs)
{
	const struct widget *w = cur(fs);

	if (w && w->f && w->f->redactable && !w->f->group)
		return w->f;
	return NULL;
}

static void redaction(struct fs *fs, enum ui_action a)
{
	const struct form_field *f = redactable_near(fs);
	struct strbuf err = STRBUF_INIT;
	enum ct_status st;

	if (!f) {
		ui_message(fs->ui, true, "Move to a pre-filled answer first (Tab)");
		return;
	}
	if (a == ACT_CONFIRM_TEXT)
		st = form_state_redaction_confirm(fs->st, f, &err);
	else if (a == ACT_REMOVE_TEXT)
		st = form_state_redaction_remove(fs->st, f, &err);
	else
		st = form_state_redaction_restore(fs->st, f, &err);
	if (st != CT_OK) {
		ui_message(fs->ui, true, "%s", err.len ? err.buf : ct_status_message(st));
	} else {
		fs->ed_for_focus = false; /* the text may have changed */
		changed(fs);
		build(fs);
		if (!focus_find(fs, W_FIELD, f, 0))
			build(fs);
	}
	sb_release(&err);
}

static const struct form_field *group_near(const struct fs *fs, size_t *item)
{
	const struct widget *w = cur(fs);

	if (!w || !w->f)
		return NULL;
	if (w->k == W_ADD || w->k == W_REMOVE) {
		*item = w->item;
		return w->f;
	}
	if (w->f->group) {
		*item = w->item;
		return w->f->group;
	}
	return NULL;
}

/* The list F3 adds to: the one the cursor is in, else the first list on
 * the page. */
static const struct form_field *group_for_add(const struct fs *fs)
{
	size_t item = 0, i;
	const struct form_field *g = group_near(fs, &item);

	for (i = 0; !g && fs->view == V_PAGE && i < fs->page->n_fields; i++)
		if (fs->page->fields[i].type == FT_GROUP &&
		    form_state_visible(fs->st, &fs->page->fields[i], 0))
			g = &fs->page->fields[i];
	return g;
}

static void add_item(struct fs *fs, const struct form_field *g)
{
	struct strbuf err = STRBUF_INIT;
	size_t idx = 0;

	if (form_state_item_add(fs->st, g, &idx, &err) != CT_OK) {
		ui_message(fs->ui, true, "%s", err.len ? err.buf : "cannot add another");
	} else {
		changed(fs);
		if (g->n_fields)
			focus_field(fs, &g->fields[0], idx);
	}
	sb_release(&err);
}

static void remove_item(struct fs *fs, const struct form_field *g, size_t item)
{
	struct strbuf err = STRBUF_INIT;

	if (form_state_item_remove(fs->st, g, item, &err) != CT_OK) {
		ui_message(fs->ui, true, "%s", err.len ? err.buf : "cannot remove it");
	} else {
		changed(fs);
		fs->ed_for_focus = false;
		if (!focus_find(fs, W_ADD, g, 0))
			focus_find(fs, W_SAVE, NULL, 0);
		ui_message(fs->ui, false, "%s %zu removed", g->label, item + 1);
	}
	sb_release(&err);
}

static void choose(struct fs *fs, const struct widget *w, size_t opt)
{
	struct strbuf err = STRBUF_INIT;
	size_t n;
	const struct form_option *o = field_options(fs, w->f, &n);

	if (opt >= n)
		return;
	if (w->f->type == FT_MULTISELECT)
		form_state_toggle(fs->st, w->f, w->item, o[opt].value, &err);
	else
		form_state_set(fs->st, w->f, w->item, o[opt].value, &err);
	if (err.len)
		ui_message(fs->ui, true, "%s", err.buf);
	sb_release(&err);
	changed(fs);
	build(fs);
}

static enum ui_result move_focus(struct fs *fs, int d)
{
	if (!fs->nw)
		return UI_HANDLED;
	if (d < 0 && fs->fi > 0)
		focus_to(fs, fs->fi - 1);
	else if (d > 0 && fs->fi + 1 < fs->nw)
		focus_to(fs, fs->fi + 1);
	return UI_REDRAW;
}

/* Keys on a choice field: Up/Down move among options (off the ends to the
 * next field), Space/Enter choose, y/n on yes/no, digits pick. */
static enum ui_result choice_key(struct fs *fs, const struct widget *w, const struct ui_event *ev)
{
	size_t n;
	const struct form_option *o = field_options(fs, w->f, &n);

	switch (ev->action) {
	case ACT_UP:
	case ACT_LEFT:
		if (fs->opt_sel > 0) {
			fs->opt_sel--;
			return UI_REDRAW;
		}
		return ev->action == ACT_UP ? move_focus(fs, -1) : UI_HANDLED;
	case ACT_DOWN:
	case ACT_RIGHT:
		if (fs->opt_sel + 1 < n) {
			fs->opt_sel++;
			return UI_REDRAW;
		}
		return ev->action == ACT_DOWN ? move_focus(fs, 1) : UI_HANDLED;
	case ACT_SELECT:
		choose(fs, w, fs->opt_sel);
		return UI_REDRAW;
	default:
		break;
	}
	if (ev->key == ' ') {
		choose(fs, w, fs->opt_sel);
		return UI_REDRAW;
	}
	if (w->f->type == FT_YESNO && (ev->key == 'y' || ev->key == 'Y' || ev->key == 'n' ||
				       ev->key == 'N')) {
		size_t i;

		for (i = 0; i < n; i++)
			if ((o[i].value[0] | 32) == (ev->key | 32)) {
				fs->opt_sel = i;
				choose(fs, w, i);
			}
		return UI_REDRAW;
	}
	if (ev->key >= '1' && ev->key <= '9' && (size_t)(ev->key - '1') < n) {
		fs->opt_sel = (size_t)(ev->key - '1');
		choose(fs, w, fs->opt_sel);
		return UI_REDRAW;
	}
	if (ui_key_is_text(ev->key))
		return UI_HANDLED; /* letters do nothing here; never the global keys */
	return UI_IGNORED;
}

static enum ui_result select_key(struct fs *fs, const struct widget *w, const struct ui_event *ev)
{
	size_t idx[256], m;
	enum edit_result r;
	struct edit *ed = ensure_editor(fs);
	const char *q = ed ? edit_text(ed) : "";

	m = select_matches(fs, w->f, q, idx, 256);
	if (m > 256)
		m = 256;
	switch (ev->action) {
	case ACT_UP:
		if (fs->opt_sel > 0) {
			fs->opt_sel--;
			return UI_REDRAW;
		}
		return move_focus(fs, -1);
	case ACT_DOWN:
		if (fs->opt_sel + 1 < m) {
			fs->opt_sel++;
			return UI_REDRAW;
		}
		return move_focus(fs, 1);
	case ACT_SELECT:
		if (fs->opt_sel < m) {
			choose(fs, w, idx[fs->opt_sel]);
			if (ed)
				edit_set_text(ed, "");
			fs->opt_sel = option_index(fs, w->f, w->item);
		}
		return UI_REDRAW;
	default:
		break;
	}
	if (!ed)
		return UI_IGNORED;
	r = edit_handle(ed, ui_keymap(fs->ui), ev->key);
	if (r == EDIT_CHANGED) {
		fs->opt_sel = 0;
		fs->sel_first = 0;
		return UI_REDRAW;
	}
	if (r == EDIT_MOVED)
		return UI_REDRAW;
	if (r == EDIT_NOOP)
		return UI_HANDLED;
	return UI_IGNORED;
}

static enum ui_result text_key(struct fs *fs, const struct widget *w, const struct ui_event *ev)
{
	struct edit *ed = ensure_editor(fs);
	enum edit_result r;

	if (!ed)
		return UI_IGNORED;
	if (w->k == W_DATE && ui_key_is_text(ev->key) && (ev->key < '0' || ev->key > '9')) {
		/* '/', '-', '.' and space go to the next box; other letters are refused */
		if (ev->key == '/' || ev->key == ' ' || ev->key == '-' || ev->key == '.')
			return w->part < 2 ? move_focus(fs, 1) : UI_HANDLED;
		ui_message(fs->ui, true, "Enter the date in numbers, like 27 3 2007");
		return UI_HANDLED;
	}
	r = edit_handle(ed, ui_keymap(fs->ui), ev->key);
	switch (r) {
	case EDIT_CHANGED:
		editor_to_state(fs);
		return UI_REDRAW;
	case EDIT_MOVED:
		return UI_REDRAW;
	case EDIT_NOOP:
		return UI_HANDLED;
	case EDIT_NOMEM:
		ui_message(fs->ui, true, "out of memory: the last key was not taken");
		return UI_REDRAW;
	default:
		return UI_IGNORED;
	}
}

static enum ui_result page_key(struct fs *fs, const struct ui_event *ev)
{
	const struct widget *w = cur(fs);
	struct widget wc;
	enum ui_result r = UI_IGNORED;
	size_t item = 0;
	const struct form_field *g;

	switch (ev->action) {
	case ACT_SAVE_CONTINUE:
		save_continue(fs);
		return UI_REDRAW;
	case ACT_ADD_ITEM:
		g = group_for_add(fs);
		if (!g) {
			ui_message(fs->ui, true, "There is no list on this page to add to");
			return UI_REDRAW;
		}
		add_item(fs, g);
		return UI_REDRAW;
	case ACT_REMOVE_ITEM:
		g = group_near(fs, &item);
		if (!g || (w && w->k == W_ADD)) {
			ui_message(fs->ui, true, "Move into a list item first (Tab) to remove it");
			return UI_REDRAW;
		}
		remove_item(fs, g, item);
		return UI_REDRAW;
	case ACT_CONFIRM_TEXT:
	case ACT_REMOVE_TEXT:
	case ACT_RESTORE_TEXT:
		redaction(fs, ev->action);
		return UI_REDRAW;
	default:
		break;
	}
	if (!w)
		return UI_IGNORED;
	wc = *w;
	if (wc.k == W_FIELD && !form_state_editable(fs->st, wc.f) && ui_key_is_text(ev->key)) {
		ui_message(fs->ui, false, "%s comes from the case record and cannot be changed here",
			   wc.f->label);
		return UI_REDRAW;
	}
	if (wc.k == W_FIELD && form_state_editable(fs->st, wc.f)) {
		if (is_choice(fs, wc.f))
			r = choice_key(fs, &wc, ev);
		else if (is_select_list(fs, wc.f))
			r = select_key(fs, &wc, ev);
		else
			r = text_key(fs, &wc, ev);
	} else if (wc.k == W_DATE) {
		r = text_key(fs, &wc, ev);
	}
	if (r != UI_IGNORED)
		return r;
	switch (ev->action) {
	case ACT_NEXT_FIELD:
	case ACT_DOWN:
		return move_focus(fs, 1);
	case ACT_PREV_FIELD:
	case ACT_UP:
		return move_focus(fs, -1);
	case ACT_PAGE_UP:
	case ACT_FIRST:
		focus_to(fs, 0);
		return UI_REDRAW;
	case ACT_PAGE_DOWN:
	case ACT_LAST:
		focus_to(fs, fs->nw - 1);
		return UI_REDRAW;
	case ACT_SELECT:
		switch (wc.k) {
		case W_ERR:
			if (wc.item < fs->errs.n)
				focus_field(fs, fs->errs.v[wc.item].field, fs->errs.v[wc.item].item);
			return UI_REDRAW;
		case W_SAVE:
			save_continue(fs);
			return UI_REDRAW;
		case W_ADD:
			add_item(fs, wc.f);
			return UI_REDRAW;
		case W_REMOVE:
			remove_item(fs, wc.f, wc.item);
			return UI_REDRAW;
		case W_RED_CONFIRM:
			redaction(fs, ACT_CONFIRM_TEXT);
			return UI_REDRAW;
		case W_RED_REMOVE:
			redaction(fs, ACT_REMOVE_TEXT);
			return UI_REDRAW;
		case W_RED_RESTORE:
			redaction(fs, ACT_RESTORE_TEXT);
			return UI_REDRAW;
		default:
			return move_focus(fs, 1);
		}
	case ACT_BACK:
		return go_back(fs);
	default:
		break;
	}
	return UI_IGNORED;
}

static enum ui_result tasks_key(struct fs *fs, const struct ui_event *ev)
{
	const struct widget *w = cur(fs);
	const struct form_section *s;
	const struct form_page *p;

	switch (ev->action) {
	case ACT_NEXT_FIELD:
	case ACT_DOWN:
		return move_focus(fs, 1);
	case ACT_PREV_FIELD:
	case ACT_UP:
		return move_focus(fs, -1);
	case ACT_CHECK_ANSWERS:
		w = &fs->w[fs->nw - 1];
		/* fall through */
	case ACT_SELECT:
		if (!w)
			return UI_HANDLED;
		if (w->k == W_CHECK_TASK) {
			if (!all_completed(fs)) {
				ui_message(fs->ui, true, "Complete every section before you check your answers");
				return UI_REDRAW;
			}
			go_check(fs);
			return UI_REDRAW;
		}
		s = &fs->form->sections[w->item];
		if (form_state_section_status(fs->st, s) == SECTION_CANNOT_START) {
			ui_message(fs->ui, true, "Complete %s first",
				   s->n_depends_on ? s->depends_on[0]->title : "the sections before it");
			return UI_REDRAW;
		}
		p = form_state_first_page(fs->st, s);
		if (!p) {
			ui_message(fs->ui, true, "%s has nothing to answer", s->title);
			return UI_REDRAW;
		}
		go_page(fs, p);
		return UI_REDRAW;
	case ACT_BACK:
		return UI_CLOSE;
	default:
		return UI_IGNORED;
	}
}

static enum ui_result check_key(struct fs *fs, const struct ui_event *ev)
{
	const struct widget *w = cur(fs);
	const struct cya_row *row;

	if (fs->asking) {
		if (ev->key == 'y' || ev->key == 'Y') {
			submit_now(fs);
			return UI_REDRAW;
		}
		if (ev->key == 'n' || ev->key == 'N' || ev->action == ACT_BACK) {
			fs->asking = false;
			return UI_REDRAW;
		}
		return ui_key_is_text(ev->key) ? UI_HANDLED : UI_IGNORED;
	}
	switch (ev->action) {
	case ACT_NEXT_FIELD:
	case ACT_DOWN:
		return move_focus(fs, 1);
	case ACT_PREV_FIELD:
	case ACT_UP:
		return move_focus(fs, -1);
	case ACT_PAGE_UP:
	case ACT_FIRST:
		focus_to(fs, 0);
		return UI_REDRAW;
	case ACT_PAGE_DOWN:
	case ACT_LAST:
		focus_to(fs, fs->nw - 1);
		return UI_REDRAW;
	case ACT_SAVE_CONTINUE:
		try_submit(fs);
		return UI_REDRAW;
	case ACT_SELECT:
		if (!w)
			return UI_HANDLED;
		if (w->k == W_SUBMIT) {
			try_submit(fs);
			return UI_REDRAW;
		}
		if (w->k == W_CHANGE && w->item < fs->nrows) {
			row = &fs->rows[w->item];
			go_page(fs, row->page);
			fs->from_check = true;
			if (row->field)
				focus_field(fs, row->field, row->item);
		}
		return UI_REDRAW;
	case ACT_BACK:
		return go_back(fs);
	default:
		return UI_IGNORED;
	}
}

static enum ui_result fs_key(void *state, struct ui *ui, const struct ui_event *ev)
{
	struct fs *fs = state;

	fs->ui = ui;
	build(fs);
	if (ev->action == ACT_KEEP_COPY) {
		keep_copy(fs);
		return UI_REDRAW;
	}
	if (ev->action == ACT_RETRY && fs->spec.retry) {
		fs->spec.retry(fs->spec.ctx, ui, fs->st);
		return UI_REDRAW;
	}
	if (ev->action == ACT_CHECK_ANSWERS && fs->view == V_PAGE) {
		if (!all_completed(fs) && multi_section(fs)) {
			ui_message(ui, true, "Complete every section before you check your answers");
			return UI_REDRAW;
		}
		go_check(fs);
		return UI_REDRAW;
	}
	switch (fs->view) {
	case V_TASKS:
		return tasks_key(fs, ev);
	case V_PAGE:
		return page_key(fs, ev);
	case V_CHECK:
		return check_key(fs, ev);
	case V_CONFIRM:
		if (ev->action == ACT_SELECT || ev->action == ACT_BACK)
			return UI_CLOSE;
		return ui_key_is_text(ev->key) ? UI_HANDLED : UI_IGNORED;
	}
	return UI_IGNORED;
}

/* A bracketed paste: one insertion into the focused text field (sanitised
 * by edit_insert), one redraw.  A date pasted whole ("27/3/2007") fills
 * all three boxes. */
static enum ui_result fs_paste(void *state, struct ui *ui, const char *text, size_t len)
{
	struct fs *fs = state;
	const struct widget *w;
	struct edit *ed;
	enum edit_result r;

	fs->ui = ui;
	build(fs);
	w = cur(fs);
	ed = fs->view == V_PAGE ? ensure_editor(fs) : NULL;
	if (!ed) {
		ui_message(ui, true, "Move to a text field (Tab) to paste into it");
		return UI_REDRAW;
	}
	if (w->k == W_DATE &&
	    (memchr(text, '/', len) || memchr(text, '-', len) || memchr(text, ' ', len))) {
		struct strbuf raw = STRBUF_INIT, p[3], joined = STRBUF_INIT, err = STRBUF_INIT;
		int i;

		text_sanitize_into(&raw, text, len, SAN_SINGLE_LINE);
		for (i = 0; i < 3; i++)
			sb_init(&p[i]);
		date_split_parts(raw.buf, &p[0], &p[1], &p[2]);
		if (p[0].len || p[1].len || p[2].len)
			sb_addf(&joined, "%s/%s/%s", p[0].buf, p[1].buf, p[2].buf);
		form_state_set(fs->st, w->f, w->item, joined.buf, &err);
		date_parts_release(p);
		sb_release(&raw);
		sb_release(&joined);
		sb_release(&err);
		fs->ed_for_focus = false;
		changed(fs);
		return UI_REDRAW;
	}
	r = edit_insert(ed, text, len);
	if (r == EDIT_NOMEM) {
		ui_message(ui, true, "out of memory: the paste was not taken");
		return UI_REDRAW;
	}
	if (r == EDIT_CHANGED) {
		if (w->k == W_FIELD && w->f->type == FT_SELECT && is_select_list(fs, w->f)) {
			fs->opt_sel = 0;
			fs->sel_first = 0;
		} else {
			editor_to_state(fs);
		}
	}
	return UI_REDRAW;
}

/* ---- drawing ---- */

struct pen {
	struct ui_canvas *c;
	int row;
	int x;      /* left margin */
	int w;      /* width from x */
	bool lin;
};

static int wrap(struct pen *p, int x, enum theme_role role, const char *s)
{
	int w = p->w - (x - p->x);
	int n;

	if (w < 10)
		w = 10;
	n = cv_wrap(p->c, p->row, x, w, role, s);
	p->row += n;
	return n;
}

static void line(struct pen *p, int x, enum theme_role role, const char *s)
{
	cv_textn(p->c, p->row++, x, role, 0, s, p->w - (x - p->x));
}

static void set_cursor(struct fs *fs, enum wkind k, const struct form_field *f, size_t item,
		       int part, int row, int col)
{
	size_t i;

	for (i = 0; i < fs->nw; i++)
		if (fs->w[i].k == k && fs->w[i].f == f && fs->w[i].item == item &&
		    fs->w[i].part == part) {
			fs->w[i].row = row;
			fs->w[i].col = col;
			return;
		}
}

static bool focused(const struct fs *fs, enum wkind k, const struct form_field *f, size_t item,
		    int part)
{
	const struct widget *w = cur(fs);

	return w && w->k == k && w->f == f && w->item == item && w->part == part;
}

static void marker(struct pen *p, bool on)
{
	if (on)
		cv_text(p->c, p->row, p->x > 2 ? p->x - 2 : 0, ROLE_MARKER, ">");
}

/* A button: "[ Save and continue ]" (plain text in --linear). */
static void button(struct fs *fs, struct pen *p, int *x, enum wkind k, const struct form_field *f,
		   size_t item, const char *label)
{
	bool on = focused(fs, k, f, item, 0);
	struct strbuf sb = STRBUF_INIT;
	int w;

	if (p->lin)
		sb_addf(&sb, "%s%s", on ? "> " : "", label);
	else
		sb_addf(&sb, "[ %s ]", label);
	w = (int)text_width(sb.buf);
	if (!p->lin && *x > p->x && *x + w > p->x + p->w) {
		p->row++;
		*x = p->x;
	}
	if (!p->lin && *x == p->x)
		marker(p, on);
	cv_textn(p->c, p->row, *x, on ? ROLE_FOCUS : ROLE_NORMAL, on ? TA_BOLD : 0, sb.buf, p->w);
	set_cursor(fs, k, f, item, 0, p->row, *x + (p->lin ? 0 : 2));
	if (p->lin) {
		p->row++;
		*x = p->x;
	} else {
		*x += w + 2;
	}
	sb_release(&sb);
}

static void label_line(const struct fs *fs, struct pen *p, const struct form_field *f)
{
	struct strbuf sb = STRBUF_INIT;
	bool req = f->required && !(f->readonly && form_state_prefilled(fs->st, f));

	sb_addf(&sb, "%s%s", f->label, req ? " (required)" : "");
	wrap(p, p->x, ROLE_LABEL, sb.buf);
	sb_release(&sb);
}

static void hint_lines(struct pen *p, const char *hint)
{
	struct strbuf sb = STRBUF_INIT;

	if (!hint)
		return;
	if (p->lin)
		sb_addf(&sb, "Hint: %s", hint);
	else
		sb_adds(&sb, hint);
	wrap(p, p->x, ROLE_HINT, sb.buf);
	sb_release(&sb);
}

static void error_line(struct pen *p, const char *msg)
{
	struct strbuf sb = STRBUF_INIT;

	if (!msg)
		return;
	sb_addf(&sb, "Error: %s", msg);
	wrap(p, p->x, ROLE_ERROR, sb.buf);
	sb_release(&sb);
}

/* One row of single-line text in brackets (plain text in --linear): the
 * editor's view when focused. */
static void draw_input(struct fs *fs, struct pen *p, int x, int width, const struct widget *w,
		       const char *text, bool on)
{
	struct edit_view v;
	enum theme_role role = on ? ROLE_FOCUS : ROLE_VALUE;
	int cx = x + (p->lin ? 0 : 1), tx = cx;
	struct strbuf sb = STRBUF_INIT;

	if (width < 4)
		width = 4;
	if (p->lin)
		width = p->w - (x - p->x) - 1 > 4 ? p->w - (x - p->x) - 1 : 4;
	if (!p->lin) {
		cv_text(p->c, p->row, x, ROLE_NORMAL, "[");
		cv_fill(p->c, p->row, tx, width, role);
		cv_text(p->c, p->row, tx + width, ROLE_NORMAL, "]");
	}
	if (on && fs->ed && !edit_layout(fs->ed, width, 1, &v) && v.rows > 0) {
		sb_add(&sb, v.lines[0].s, v.lines[0].len);
		cv_textn(p->c, p->row, tx, role, 0, sb.buf, width);
		cx = tx + v.cursor_col;
	} else {
		cv_textn(p->c, p->row, tx, role, 0, text, width);
	}
	set_cursor(fs, w->k, w->f, w->item, w->part, p->row, cx);
	sb_release(&sb);
}

static int input_width(const struct form_field *f, int avail)
{
	int w;

	switch (f->type) {
	case FT_NUMBER:
	case FT_MONEY:
	case FT_TIME:
	case FT_POSTCODE:
	case FT_CRN:
		w = 12;
		break;
	case FT_PHONE:
		w = 22;
		break;
	case FT_EMAIL:
		w = 40;
		break;
	default:
		w = avail - 2;
	}
	return w > avail - 2 ? avail - 2 : w;
}

static void draw_textarea(struct fs *fs, struct pen *p, const struct widget *w, bool on)
{
	const char *text = form_state_get(fs->st, w->f, w->item);
	struct edit *tmp = NULL, *ed = on ? fs->ed : NULL;
	struct edit_view v;
	int inner = p->w - (p->lin ? 0 : 2), top = p->row, i, h = TEXTAREA_ROWS;
	enum theme_role role = on ? ROLE_FOCUS : ROLE_VALUE;
	struct strbuf sb = STRBUF_INIT;
	int crow = top + (p->lin ? 0 : 1), ccol = p->x + (p->lin ? 0 : 1);

	if (!ed) {
		tmp = edit_new(text, true);
		if (tmp)
			edit_set_cursor(tmp, 0);
		ed = tmp;
	}
	if (!p->lin)
		cv_box(p->c, top, p->x, h + 2, p->w, on ? ROLE_FOCUS : ROLE_BORDER);
	if (ed && !edit_layout(ed, inner, h, &v)) {
		for (i = 0; i < v.rows; i++) {
			sb_reset(&sb);
			sb_add(&sb, v.lines[i].s, v.lines[i].len);
			cv_textn(p->c, top + (p->lin ? 0 : 1) + i, p->x + (p->lin ? 0 : 1), role, 0,
				 sb.buf, inner);
		}
		if (on) {
			crow = top + (p->lin ? 0 : 1) + v.cursor_row;
			ccol = p->x + (p->lin ? 0 : 1) + v.cursor_col;
		}
		p->row = top + (p->lin ? (v.rows ? v.rows : 1) : h + 2);
		sb_reset(&sb);
		if (v.top > 0 || v.top + v.rows < v.total_rows)
			sb_addf(&sb, "Rows %d to %d of %d. ", v.top + 1, v.top + v.rows, v.total_rows);
		sb_addf(&sb, "%zu of %ld characters", ed ? edit_chars(ed) : (size_t)0,
			w->f->max_length);
		line(p, p->x, ROLE_HINT, sb.buf);
	} else {
		p->row = top + h + 2;
	}
	set_cursor(fs, w->k, w->f, w->item, w->part, crow, ccol);
	edit_free(&tmp);
	sb_release(&sb);
}

static void draw_choices(struct fs *fs, struct pen *p, const struct widget *w, bool on)
{
	size_t n, i;
	const struct form_option *o = field_options(fs, w->f, &n);
	struct strbuf sb = STRBUF_INIT;
	bool multi = w->f->type == FT_MULTISELECT;
	int crow = p->row;

	for (i = 0; i < n; i++) {
		bool sel = multi ? form_state_selected(fs->st, w->f, w->item, o[i].value)
				 : !strcmp(form_state_get(fs->st, w->f, w->item), o[i].value);
		bool hl = on && i == fs->opt_sel;

		sb_reset(&sb);
		if (multi)
			sb_addf(&sb, "[%s] %s", sel ? "x" : " ", o[i].label);
		else
			sb_addf(&sb, "(%s) %s", sel ? "*" : " ", o[i].label);
		if (p->lin && sel)
			sb_adds(&sb, multi ? " (selected)" : " (chosen)");
		if (hl) {
			cv_text(p->c, p->row, p->x > 2 ? p->x - 2 : 0, ROLE_MARKER, ">");
			crow = p->row;
		}
		cv_textn(p->c, p->row, p->x + 2, hl ? ROLE_FOCUS : ROLE_NORMAL, 0, sb.buf, p->w - 2);
		p->row++;
		if (o[i].hint) {
			sb_reset(&sb);
			sb_addf(&sb, p->lin ? "Hint: %s" : "%s", o[i].hint);
			cv_textn(p->c, p->row++, p->x + 6, ROLE_HINT, 0, sb.buf, p->w - 6);
		}
	}
	if (!n)
		line(p, p->x + 2, ROLE_HINT, "No options available");
	set_cursor(fs, w->k, w->f, w->item, w->part, crow, p->x + 3);
	sb_release(&sb);
}

/* A select: what is chosen, then (when focused) the options matching
 * what was typed, the highlighted one marked, and the type-ahead box last,
 * so that the list stays in view above the cursor. */
static void draw_select(struct fs *fs, struct pen *p, const struct widget *w, bool on)
{
	size_t n, i, m, total, idx[256];
	const struct form_option *o = field_options(fs, w->f, &n);
	const char *v = form_state_get(fs->st, w->f, w->item);
	const char *lab = form_option_label(w->f, v);
	struct strbuf sb = STRBUF_INIT;
	int x;

	for (i = 0; !lab && i < n; i++)
		if (!strcmp(o[i].value, v))
			lab = o[i].label;
	sb_addf(&sb, "Chosen: %s", *v ? (lab ? lab : v) : "none");
	if (!on) {
		line(p, p->x, ROLE_VALUE, sb.buf);
		sb_release(&sb);
		set_cursor(fs, w->k, w->f, w->item, w->part, p->row - 1, p->x);
		return;
	}
	line(p, p->x, ROLE_VALUE, sb.buf);
	total = select_matches(fs, w->f, fs->ed ? edit_text(fs->ed) : "", idx, 256);
	m = total > 256 ? 256 : total;
	if (fs->opt_sel >= m)
		fs->opt_sel = m ? m - 1 : 0;
	if (fs->opt_sel < fs->sel_first)
		fs->sel_first = fs->opt_sel;
	if (fs->opt_sel >= fs->sel_first + SELECT_ROWS)
		fs->sel_first = fs->opt_sel - SELECT_ROWS + 1;
	for (i = fs->sel_first; i < m && i < fs->sel_first + SELECT_ROWS; i++) {
		bool hl = i == fs->opt_sel;

		sb_reset(&sb);
		sb_addf(&sb, "%s%s", hl && p->lin ? "> " : "", o[idx[i]].label);
		if (hl && !p->lin)
			cv_text(p->c, p->row, p->x, ROLE_MARKER, ">");
		cv_textn(p->c, p->row++, p->x + 2, hl ? ROLE_FOCUS : ROLE_NORMAL, 0, sb.buf, p->w - 2);
	}
	sb_reset(&sb);
	if (!m)
		sb_adds(&sb, "Nothing matches: Backspace to widen the search");
	else
		sb_addf(&sb, "%zu of %zu options match; Up and Down move, Enter chooses", total, n);
	line(p, p->x + 2, ROLE_HINT, sb.buf);
	x = p->x + cv_text(p->c, p->row, p->x, ROLE_LABEL, "Search: ");
	draw_input(fs, p, x, 30, w, "", true);
	p->row++;
	sb_release(&sb);
}

static void draw_date(struct fs *fs, struct pen *p, const struct form_field *f, size_t item)
{
	static const char *const names[3] = {"Day", "Month", "Year"};
	static const int widths[3] = {2, 2, 4};
	struct strbuf parts[3];
	int x = p->x, i;

	date_parts(form_state_get(fs->st, f, item), parts);
	for (i = 0; i < 3; i++) {
		struct widget w = {W_DATE, f, item, i, 0, 0};
		bool on = focused(fs, W_DATE, f, item, i);

		if (p->lin) {
			/* one box a line: "Day: 27" */
			x = p->x + cv_textf(p->c, p->row, p->x, ROLE_LABEL, "%s: ", names[i]);
			draw_input(fs, p, x, widths[i] + 1, &w, parts[i].buf, on);
			p->row++;
			continue;
		}
		if (on)
			marker(p, true);
		x += cv_text(p->c, p->row, x, ROLE_LABEL, names[i]) + 1;
		draw_input(fs, p, x, widths[i] + 1, &w, parts[i].buf, on);
		x += widths[i] + 5;
	}
	if (!p->lin)
		p->row++;
	date_parts_release(parts);
}

static void draw_field(struct fs *fs, struct pen *p, const struct form_field *f, size_t item)
{
	const char *err = fs->show_errs ? form_errors_for(&fs->errs, f, item) : NULL;
	const char *orig = NULL;
	enum redaction red = f->redactable ? form_state_redaction(fs->st, f, &orig) : REDACTION_NONE;
	struct widget w = {W_FIELD, f, item, 0, 0, 0};
	bool on = focused(fs, W_FIELD, f, item, 0);
	struct strbuf sb = STRBUF_INIT;
	const char *v = form_state_get(fs->st, f, item);
	int x;

	label_line(fs, p, f);
	hint_lines(p, f->hint);
	if (orig) {
		static const char *const words[] = {
			"", "Status: not yet checked. Confirm it (F7), change it, or remove it (F8)",
			"Status: confirmed as shown", "Status: changed by you",
			"Status: removed, it will not be shared"};

		line(p, p->x, red == REDACTION_PENDING ? ROLE_ERROR : ROLE_HINT, words[red]);
	}
	/* the error above the input (GOV.UK); in --linear after the value, as
	 * label, hint, value, error */
	if (!p->lin)
		error_line(p, err);
	if (!form_state_editable(fs->st, f)) {
		sb_reset(&sb);
		field_display(f, v, NULL, 0, &sb);
		if (p->lin)
			sb_adds(&sb, " (from the case record; cannot be changed)");
		marker(p, on);
		cv_textn(p->c, p->row, p->x, on ? ROLE_FOCUS : ROLE_VALUE, 0,
			 sb.len ? sb.buf : "Not known", p->w);
		set_cursor(fs, W_FIELD, f, item, 0, p->row, p->x);
		p->row++;
		if (!p->lin)
			line(p, p->x, ROLE_HINT, "From the case record; cannot be changed here");
		sb_release(&sb);
		return;
	}
	if (f->type == FT_DATE) {
		draw_date(fs, p, f, item);
	} else if (is_choice(fs, f)) {
		draw_choices(fs, p, &w, on);
	} else if (is_select_list(fs, f)) {
		draw_select(fs, p, &w, on);
	} else if (f->type == FT_TEXTAREA) {
		if (p->lin)
			line(p, p->x, ROLE_LABEL, "Value:");
		draw_textarea(fs, p, &w, on);
	} else {
		x = p->x;
		if (p->lin)
			x += cv_text(p->c, p->row, x, ROLE_LABEL, "Value: ");
		else
			marker(p, on);
		if (f->type == FT_MONEY)
			x += cv_text(p->c, p->row, x, ROLE_LABEL, "£");
		draw_input(fs, p, x, input_width(f, p->w - (x - p->x)), &w, v, on);
		p->row++;
	}
	if (p->lin)
		error_line(p, err);
	sb_release(&sb);
}

static void draw_redaction_buttons(struct fs *fs, struct pen *p, const struct form_field *f)
{
	int x = p->x;
	size_t i;
	bool any = false;

	for (i = 0; i < fs->nw; i++)
		if (fs->w[i].f == f && (fs->w[i].k == W_RED_CONFIRM || fs->w[i].k == W_RED_REMOVE ||
					fs->w[i].k == W_RED_RESTORE)) {
			const char *lab = fs->w[i].k == W_RED_CONFIRM  ? "Confirm as shown (F7)"
					  : fs->w[i].k == W_RED_REMOVE ? "Remove (F8)"
								       : "Put back the original (F9)";

			button(fs, p, &x, fs->w[i].k, f, 0, lab);
			any = true;
		}
	if (any && !p->lin)
		p->row++;
}

static void draw_summary(struct fs *fs, struct pen *p)
{
	size_t i;
	int top = p->row, n;
	struct strbuf sb = STRBUF_INIT;

	if (!fs->show_errs || !fs->errs.n)
		return;
	if (p->lin) {
		line(p, p->x, ROLE_ERROR, "There is a problem:");
		for (i = 0; i < fs->errs.n; i++) {
			bool on = focused(fs, W_ERR, NULL, i, 0);

			sb_reset(&sb);
			sb_addf(&sb, "%sError: %s", on ? "> " : "", fs->errs.v[i].message);
			set_cursor(fs, W_ERR, NULL, i, 0, p->row, p->x);
			wrap(p, p->x, ROLE_ERROR, sb.buf);
		}
		sb_release(&sb);
		return;
	}
	p->row++;
	cv_text(p->c, p->row++, p->x + 2, ROLE_ERROR, "There is a problem");
	for (i = 0; i < fs->errs.n; i++) {
		bool on = focused(fs, W_ERR, NULL, i, 0);
		struct ui_canvas in = cv_sub(p->c, p->row, p->x + 4, 1000, p->w - 6);

		if (on)
			cv_text(p->c, p->row, p->x + 2, ROLE_MARKER, ">");
		sb_reset(&sb);
		sb_addf(&sb, "Error: %s", fs->errs.v[i].message);
		set_cursor(fs, W_ERR, NULL, i, 0, p->row, p->x + 4);
		n = cv_wrap(&in, 0, 0, p->w - 6, on ? ROLE_FOCUS : ROLE_ERROR, sb.buf);
		p->row += n;
	}
	cv_box(p->c, top, p->x, p->row - top + 1, p->w, ROLE_ERROR);
	p->row += 2;
	sb_release(&sb);
}

static void draw_header(struct fs *fs, struct pen *p)
{
	const char *b = fs->spec.banner ? fs->spec.banner(fs->spec.ctx) : NULL;
	struct strbuf sb = STRBUF_INIT;

	if (fs->conflict && fs->conflict_msg) {
		sb_addf(&sb, "Error: %s", fs->conflict_msg);
		wrap(p, p->x, ROLE_ERROR, sb.buf);
		wrap(p, p->x, ROLE_ERROR,
		     "Your answers on this screen are not saved: press F12 to keep them as a new "
		     "draft.");
	}
	if (b) {
		sb_reset(&sb);
		sb_addf(&sb, "Note: %s", b);
		wrap(p, p->x, ROLE_HINT, sb.buf);
	}
	if (fs->notice.len) {
		sb_reset(&sb);
		sb_addf(&sb, "Note: %s", fs->notice.buf);
		wrap(p, p->x, ROLE_HINT, sb.buf);
	}
	if (fs->resumed) {
		sb_reset(&sb);
		sb_addf(&sb, "Note: %s", fs->resumed);
		wrap(p, p->x, ROLE_HINT, sb.buf);
	}
	sb_release(&sb);
}

static void draw_page(struct fs *fs, struct pen *p)
{
	const struct form_page *pg = fs->page;
	struct strbuf sb = STRBUF_INIT;
	size_t i, j, k, n;
	int x;

	if (multi_section(fs)) {
		sb_addf(&sb, "%s%s", p->lin ? "Section: " : "", fs->sec->title);
		line(p, p->x, ROLE_HINT, sb.buf);
	}
	sb_reset(&sb);
	sb_addf(&sb, "%s%s", p->lin ? "Page: " : "",
		pg->title ? pg->title : pg->n_fields ? pg->fields[0].label : "");
	wrap(p, p->x, ROLE_HEADING, sb.buf);
	if (pg->description)
		wrap(p, p->x, ROLE_NORMAL, pg->description);
	draw_header(fs, p);
	if (!p->lin)
		p->row++;
	draw_summary(fs, p);
	for (i = 0; i < pg->n_fields; i++) {
		const struct form_field *f = &pg->fields[i];

		if (!form_state_visible(fs->st, f, 0))
			continue;
		if (f->type != FT_GROUP) {
			draw_field(fs, p, f, 0);
			draw_redaction_buttons(fs, p, f);
			if (!p->lin)
				p->row++;
			continue;
		}
		/* a repeat group */
		wrap(p, p->x, ROLE_HEADING, f->label);
		hint_lines(p, f->hint);
		error_line(p, fs->show_errs ? form_errors_for(&fs->errs, f, 0) : NULL);
		n = form_state_items(fs->st, f);
		if (!n)
			line(p, p->x + 2, ROLE_HINT, "None added yet.");
		for (j = 0; j < n; j++) {
			struct pen sub = *p;

			sb_reset(&sb);
			sb_addf(&sb, "%s %zu", f->label, j + 1);
			line(p, p->x + 2, ROLE_LABEL, sb.buf);
			sub.row = p->row;
			sub.x = p->x + 4;
			sub.w = p->w - 4;
			for (k = 0; k < f->n_fields; k++) {
				if (form_state_visible(fs->st, &f->fields[k], j))
					draw_field(fs, &sub, &f->fields[k], j);
			}
			x = sub.x;
			sb_reset(&sb);
			sb_addf(&sb, "Remove %s %zu (F4)", f->label, j + 1);
			button(fs, &sub, &x, W_REMOVE, f, j, sb.buf);
			p->row = sub.row + (p->lin ? 0 : 2);
		}
		if (!f->max.set || (double)n < f->max.num) {
			x = p->x;
			sb_reset(&sb);
			sb_addf(&sb, "Add %s: %s (F3)", n ? "another" : "one", f->label);
			button(fs, p, &x, W_ADD, f, 0, sb.buf);
			if (!p->lin)
				p->row++;
		}
		if (!p->lin)
			p->row++;
	}
	x = p->x;
	button(fs, p, &x, W_SAVE, NULL, 0, "Save and continue (F2)");
	if (!p->lin)
		p->row++;
	sb_release(&sb);
}

static void draw_tasks(struct fs *fs, struct pen *p)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, done = 0;
	int numw = p->w - 20;

	wrap(p, p->x, ROLE_HEADING, fs->title);
	if (fs->form->description)
		wrap(p, p->x, ROLE_NORMAL, fs->form->description);
	draw_header(fs, p);
	for (i = 0; i < fs->form->n_sections; i++)
		done += form_state_section_status(fs->st, &fs->form->sections[i]) == SECTION_COMPLETED;
	sb_addf(&sb, "You have completed %zu of %zu sections.", done, fs->form->n_sections);
	line(p, p->x, ROLE_NORMAL, sb.buf);
	if (!p->lin)
		p->row++;
	for (i = 0; i <= fs->form->n_sections; i++) {
		bool last = i == fs->form->n_sections;
		enum wkind k = last ? W_CHECK_TASK : W_TASK;
		size_t item = last ? 0 : i;
		bool on = focused(fs, k, NULL, item, 0);
		const char *status =
			last ? (done == fs->form->n_sections ? "Not started" : "Cannot start yet")
			     : section_status_label(
				       form_state_section_status(fs->st, &fs->form->sections[i]));
		const char *title = last ? "Check your answers and submit" : fs->form->sections[i].title;

		sb_reset(&sb);
		sb_addf(&sb, "%zu. %s", i + 1, title);
		if (p->lin) {
			sb_addf(&sb, ": %s", status);
			if (on)
				cv_text(p->c, p->row, 0, ROLE_MARKER, ">");
			cv_textn(p->c, p->row, p->x + 2, on ? ROLE_SELECTED : ROLE_NORMAL, 0, sb.buf,
				 p->w - 2);
		} else {
			if (on) {
				cv_fill(p->c, p->row, p->x, p->w, ROLE_SELECTED);
				cv_text(p->c, p->row, p->x, ROLE_MARKER, ">");
			}
			cv_textn(p->c, p->row, p->x + 2, on ? ROLE_SELECTED : ROLE_NORMAL, 0, sb.buf,
				 numw);
			cv_textn(p->c, p->row, p->x + p->w - 18, on ? ROLE_SELECTED : ROLE_VALUE, 0,
				 status, 18);
		}
		set_cursor(fs, k, NULL, item, 0, p->row, p->x + 2);
		p->row++;
	}
	if (!p->lin) {
		p->row++;
		wrap(p, p->x, ROLE_HINT,
		     "Enter opens the selected section. Your answers are saved as a draft as you go.");
	}
	sb_release(&sb);
}

static void draw_check(struct fs *fs, struct pen *p)
{
	struct strbuf sb = STRBUF_INIT;
	const struct form_section *sec = NULL;
	size_t i;
	int lw = 28, vx = p->x + lw + 2, vw = p->w - lw - 12, x;

	wrap(p, p->x, ROLE_HEADING, "Check your answers before you submit");
	draw_header(fs, p);
	if (fs->top_error) {
		sb_addf(&sb, "Error: %s", fs->top_error);
		wrap(p, p->x, ROLE_ERROR, sb.buf);
	}
	for (i = 0; i < fs->nrows; i++) {
		const struct cya_row *r = &fs->rows[i];
		bool on = focused(fs, W_CHANGE, NULL, i, 0);
		int used;

		if (r->section != sec && multi_section(fs)) {
			sec = r->section;
			if (!p->lin)
				p->row++;
			line(p, p->x, ROLE_HEADING, sec->title);
		}
		if (r->heading)
			line(p, p->x, ROLE_LABEL, r->heading);
		sb_reset(&sb);
		sb_adds(&sb, r->value[0] ? r->value : "Not answered");
		if (r->redaction == REDACTION_CONFIRMED)
			sb_adds(&sb, " (confirmed as shown)");
		else if (r->redaction == REDACTION_EDITED)
			sb_adds(&sb, " (changed before sharing)");
		else if (r->redaction == REDACTION_REMOVED)
			sb_adds(&sb, " (removed: not shared)");
		if (p->lin) {
			struct strbuf l = STRBUF_INIT;

			sb_addf(&l, "%s%s: %s", on ? "> " : "", r->label, sb.buf);
			if (row_changeable(fs, r))
				sb_adds(&l, " (Change: Enter)");
			set_cursor(fs, W_CHANGE, NULL, i, 0, p->row, p->x);
			wrap(p, p->x, on ? ROLE_FOCUS : ROLE_NORMAL, l.buf);
			sb_release(&l);
			continue;
		}
		{
			struct ui_canvas lc = cv_sub(p->c, p->row, p->x, 1000, lw);
			struct ui_canvas vc = cv_sub(p->c, p->row, vx, 1000, vw);
			int lu = cv_wrap(&lc, 0, 0, lw, ROLE_LABEL, r->label);
			int vu = cv_wrap(&vc, 0, 0, vw, ROLE_VALUE, sb.buf);

			used = lu > vu ? lu : vu;
		}
		if (row_changeable(fs, r)) {
			if (on)
				cv_text(p->c, p->row, p->x + p->w - 10, ROLE_MARKER, ">");
			cv_textn(p->c, p->row, p->x + p->w - 8, on ? ROLE_FOCUS : ROLE_KEY, TA_UNDERLINE,
				 "Change", 8);
			set_cursor(fs, W_CHANGE, NULL, i, 0, p->row, p->x + p->w - 8);
		}
		p->row += used;
	}
	p->row++;
	if (fs->asking) {
		sb_reset(&sb);
		sb_addf(&sb, "%s y/n", fs->question ? fs->question : "Submit?");
		wrap(p, p->x, ROLE_ERROR, sb.buf);
	}
	x = p->x;
	button(fs, p, &x, W_SUBMIT, NULL, 0, "Submit (F2)");
	sb_release(&sb);
}

/* The confirmation: its first line as the heading (the cursor is there,
 * so the page is read from the top), then the caller's lines. */
static void draw_confirm(struct fs *fs, struct pen *p)
{
	const char *c = fs->confirmation ? fs->confirmation : "Sent";
	const char *nl = strchr(c, '\n');
	struct strbuf sb = STRBUF_INIT;
	size_t ind;

	sb_add(&sb, c, nl ? (size_t)(nl - c) : strlen(c));
	set_cursor(fs, W_CLOSE, NULL, 0, 0, p->row + (p->lin ? 0 : 1), p->x + (p->lin ? 0 : 2));
	if (!p->lin) {
		cv_box(p->c, p->row, p->x, 3, p->w, ROLE_HEADING);
		cv_textn(p->c, p->row + 1, p->x + 2, ROLE_HEADING, TA_BOLD, sb.buf, p->w - 4);
		p->row += 4;
	} else {
		line(p, p->x, ROLE_HEADING, sb.buf);
	}
	while (nl) {
		const char *s = nl + 1;

		nl = strchr(s, '\n');
		sb_reset(&sb);
		sb_add(&sb, s, nl ? (size_t)(nl - s) : strlen(s));
		for (ind = 0; ind < sb.len && sb.buf[ind] == ' ' && ind < 20; ind++)
			;
		if (sb.len > ind)
			wrap(p, p->x + (int)ind, ROLE_NORMAL, sb.buf + ind);
		else
			p->row++;
	}
	p->row++;
	line(p, p->x, ROLE_HINT, "Press Enter to close this form.");
	sb_release(&sb);
}

static void fs_draw(void *state, struct ui *ui, struct ui_canvas *c)
{
	struct fs *fs = state;
	struct pen p = {c, 0, c->linear ? 0 : 2, c->cols - (c->linear ? 0 : 4), c->linear};

	fs->ui = ui;
	build(fs);
	ensure_editor(fs);
	switch (fs->view) {
	case V_TASKS:
		draw_tasks(fs, &p);
		break;
	case V_PAGE:
		draw_page(fs, &p);
		break;
	case V_CHECK:
		draw_check(fs, &p);
		break;
	case V_CONFIRM:
		draw_confirm(fs, &p);
		break;
	}
}

static bool fs_cursor(void *state, struct ui *ui, const struct ui_canvas *c, int *row, int *col)
{
	struct fs *fs = state;
	const struct widget *w = cur(fs);

	(void)ui;
	(void)c;
	if (!w)
		return false;
	*row = w->row;
	*col = w->col;
	return true;
}

static void fs_help(void *state, struct ui *ui, struct ui_help *h)
{
	struct fs *fs = state;

	(void)ui;
	ui_help_action(h, ACT_NEXT_FIELD);
	ui_help_action(h, ACT_PREV_FIELD);
	ui_help_action(h, ACT_UP);
	ui_help_action(h, ACT_DOWN);
	ui_help_action(h, ACT_SELECT);
	switch (fs->view) {
	case V_TASKS:
		ui_help_action(h, ACT_CHECK_ANSWERS);
		break;
	case V_PAGE:
		ui_help_action(h, ACT_LEFT);
		ui_help_action(h, ACT_RIGHT);
		if (is_text_widget(fs, cur(fs)))
			edit_help(h);
		ui_help_action(h, ACT_SAVE_CONTINUE);
		ui_help_action(h, ACT_ADD_ITEM);
		ui_help_action(h, ACT_REMOVE_ITEM);
		ui_help_action(h, ACT_CONFIRM_TEXT);
		ui_help_action(h, ACT_REMOVE_TEXT);
		ui_help_action(h, ACT_RESTORE_TEXT);
		ui_help_action(h, ACT_CHECK_ANSWERS);
		break;
	case V_CHECK:
		ui_help_action(h, ACT_SAVE_CONTINUE);
		break;
	case V_CONFIRM:
		break;
	}
	if (fs->spec.retry)
		ui_help_action(h, ACT_RETRY);
	if (fs->conflict)
		ui_help_action(h, ACT_KEEP_COPY);
	ui_help_action(h, ACT_BACK);
	ui_help_action(h, ACT_QUIT);
}

static const char *fs_title(void *state)
{
	struct fs *fs = state;

	return fs->title;
}

/* Answers that quitting would lose: changes the draft cannot take (a
 * conflict, a form kept without drafts, no database, a save refused).
 * Other changes are saved as the screen closes, so quitting keeps them. */
static bool fs_unsaved(void *state)
{
	struct fs *fs = state;

	if (!fs->dirty || fs->submitted)
		return false;
	return fs->conflict || fs->spec.no_draft || !fs_db(fs) || fs->save_failed;
}

static void fs_terminate(void *state, struct ui *ui, int signo)
{
	struct fs *fs = state;

	(void)signo;
	fs->ui = ui;
	draft_sync(fs, true);
}

/* ---- life ---- */

static void fs_free(struct fs *fs)
{
	struct fs **pp;

	if (!fs)
		return;
	for (pp = &open_forms; *pp; pp = &(*pp)->next_open)
		if (*pp == fs) {
			*pp = fs->next_open;
			break;
		}
	if (fs->timer > 0 && fs->ui)
		ui_timer_cancel(fs->ui, fs->timer);
	if (fs->spec.ctx_free)
		fs->spec.ctx_free(fs->spec.ctx);
	edit_free(&fs->ed);
	free(fs->w);
	form_errors_release(&fs->errs);
	cya_rows_free(&fs->rows, fs->nrows);
	form_state_free(&fs->st);
	form_free(&fs->form);
	free(fs->form_id);
	free(fs->subject);
	free(fs->title);
	free(fs->sources);
	free(fs->top_error);
	free(fs->conflict_msg);
	free(fs->confirmation);
	free(fs->question);
	free(fs->resumed);
	sb_release(&fs->notice);
	free(fs);
}

static int fs_enter(struct ui *ui, const void *arg, void **state, struct strbuf *err)
{
	struct fs *fs = (struct fs *)arg;

	(void)err;
	fs->ui = ui;
	fs->pushed = true;
	*state = fs;
	return 0;
}

static void fs_leave(struct ui *ui, void *state)
{
	struct fs *fs = state;

	fs->ui = ui;
	draft_sync(fs, true);
	if (fs->spec.closed)
		fs->spec.closed(fs->spec.ctx, ui, fs->submitted);
	fs_free(fs);
}

const struct screen_ops form_screen = {
	.name = "form",
	.title = "Form",
	.section = SEC_FORM,
	.enter = fs_enter,
	.leave = fs_leave,
	.draw = fs_draw,
	.key = fs_key,
	.place_cursor = fs_cursor,
	.help = fs_help,
	.title_of = fs_title,
	.unsaved = fs_unsaved,
	.terminate = fs_terminate,
	.paste = fs_paste,
};

/* Gives options_from fields their lists from the database. */
static void load_options(struct fs *fs, const struct form_field *f)
{
	PGconn *db = fs_db(fs);
	struct strbuf err = STRBUF_INIT;
	struct option_item *items = NULL;
	struct form_option *opts;
	size_t n = 0, i;

	if (!f->options_from || !db)
		return;
	if (options_load(db, f->options_from, NULL, &items, &n, &err) != CT_OK) {
		sb_addf(&fs->notice, "%sThe list for %s could not be read (%s); type the answer.",
			fs->notice.len ? " " : "", f->label, err.buf);
		sb_release(&err);
		return;
	}
	opts = calloc(n ? n : 1, sizeof *opts);
	if (opts) {
		for (i = 0; i < n; i++) {
			opts[i].value = items[i].value;
			opts[i].label = text_sanitize(items[i].label ? items[i].label : items[i].value,
						      SAN_SINGLE_LINE);
			opts[i].hint = items[i].hint ? text_sanitize(items[i].hint, SAN_SINGLE_LINE)
						     : NULL;
		}
		form_state_set_options(fs->st, f, opts, n);
		for (i = 0; i < n; i++) {
			free((char *)opts[i].label);
			free((char *)opts[i].hint);
		}
		free(opts);
	}
	option_items_free(&items, n);
	sb_release(&err);
}

static const char *forms_dir(struct ui *ui, const struct form_screen_spec *spec)
{
	const struct ct_config *cfg;

	if (spec->forms_dir)
		return spec->forms_dir;
	cfg = ui_config(ui);
	return cfg && cfg->forms_dir ? cfg->forms_dir : "forms";
}

/* Says which sources did not fill anything in, in one short note: their
 * names and the first reason ("ndelius.details, oasys.rosh: nDelius could
 * not be asked: ..."); a caller with a banner says it its own way. */
static void prefill_notice(struct fs *fs, const char *report)
{
	struct strbuf names = STRBUF_INIT, why = STRBUF_INIT;
	const char *p = report, *nl, *colon;
	char *clean;

	while (p && *p) {
		nl = strchr(p, '\n');
		colon = memchr(p, ':', nl ? (size_t)(nl - p) : strlen(p));
		if (colon) {
			if (names.len)
				sb_adds(&names, ", ");
			sb_add(&names, p, (size_t)(colon - p));
			if (!why.len) {
				const char *r = colon + 1;

				while (*r == ' ')
					r++;
				sb_add(&why, r, nl ? (size_t)(nl - r) : strlen(r));
			}
		}
		p = nl ? nl + 1 : NULL;
	}
	if (names.len) {
		if (why.len > 120) {
			sb_setlen(&why, text_prefix_for_width(why.buf, 117));
			sb_adds(&why, "...");
		}
		sb_addf(&fs->notice, "%sNot filled in from %s (%s); type those answers.",
			fs->notice.len ? " " : "", names.buf, why.buf);
		clean = text_sanitize(fs->notice.buf, SAN_SINGLE_LINE);
		if (clean) {
			sb_reset(&fs->notice);
			sb_adds(&fs->notice, clean);
			free(clean);
		}
	}
	sb_release(&names);
	sb_release(&why);
}

/* Resumes the draft spec names, or the user's newest draft of the same form
 * and subject (so that opening a form twice does not start it twice). */
static int load_draft(struct fs *fs, struct strbuf *err)
{
	PGconn *db = fs_db(fs);
	struct form_draft d = {0}, *list = NULL;
	enum ct_status st;
	size_t n = 0, i;
	long id = fs->spec.draft_id;
	int rc = 0;

	if (!db || fs->spec.no_draft)
		return 0;
	if (id <= 0) {
		if (draft_list_mine(db, fs->form_id, &list, &n, err) != CT_OK) {
			sb_reset(err);
			return 0; /* start afresh; saving will say what is wrong */
		}
		for (i = 0; i < n; i++)
			if ((!list[i].subject && !fs->subject) ||
			    (list[i].subject && fs->subject && !strcmp(list[i].subject, fs->subject))) {
				id = list[i].id;
				break;
			}
		drafts_free(&list, n);
		if (id <= 0)
			return 0;
	}
	st = draft_load(db, id, &d, err);
	if (st == CT_NOT_FOUND) {
		sb_reset(err);
		sb_adds(err, "That draft is not yours, or it was sent or deleted");
		return -1;
	}
	if (st != CT_OK)
		return -1;
	if (form_state_from_json(fs->st, d.answers ? d.answers : "{}", err) != CT_OK) {
		sb_addf(err, " (draft %ld)", id);
		rc = -1;
	} else {
		fs->draft_id = d.id;
		fs->version = d.version;
		fs->changed_ever = true;
		fs->saved_at = time(NULL);
		if (fs->spec.draft_id <= 0) {
			struct strbuf sb = STRBUF_INIT;

			sb_addf(&sb, "Your draft saved at %s is open.",
				d.updated_words ? d.updated_words : "");
			fs->resumed = text_sanitize(sb.buf, SAN_SINGLE_LINE);
			sb_release(&sb);
		}
	}
	draft_release(&d);
	return rc;
}

/* Where the form starts: a resumed draft at the task list (or its first
 * page when there is one section). */
static void start_view(struct fs *fs)
{
	const struct form_page *p;

	if (multi_section(fs)) {
		go_tasks(fs);
		return;
	}
	p = form_state_first_page(fs->st, &fs->form->sections[0]);
	if (p) {
		go_page(fs, p);
	} else {
		fs->view = V_TASKS;
		focus_first(fs);
	}
}

int form_screen_open(struct ui *ui, const struct form_screen_spec *spec, struct strbuf *err)
{
	struct fs *fs = calloc(1, sizeof *fs);
	struct strbuf path = STRBUF_INIT, report = STRBUF_INIT;
	size_t i, j;

	if (!fs) {
		if (spec->ctx_free)
			spec->ctx_free(spec->ctx);
		sb_adds(err, "out of memory");
		return -1;
	}
	fs->spec = *spec;
	fs->ui = ui;
	sb_init(&fs->notice);
	fs->next_open = open_forms;
	open_forms = fs;
	if (!spec->form_id || !spec->submit) {
		sb_adds(err, "a form needs an id and a submit");
		goto fail;
	}
	fs->form_id = strdup(spec->form_id);
	fs->subject = xstrdup(spec->subject);
	if (spec->n_sources) {
		fs->sources = calloc(spec->n_sources, sizeof *fs->sources);
		if (!fs->sources)
			goto nomem;
		memcpy(fs->sources, spec->sources, spec->n_sources * sizeof *fs->sources);
	}
	fs->spec.sources = fs->sources;
	if (!fs->form_id || (spec->subject && !fs->subject))
		goto nomem;
	sb_addf(&path, "%s/%s.yaml", forms_dir(ui, spec), spec->form_id);
	if (form_load_file(path.buf, &fs->form, err) != CT_OK)
		goto fail;
	fs->title = text_sanitize(spec->title ? spec->title : fs->form->title, SAN_SINGLE_LINE);
	fs->st = form_state_new(fs->form);
	if (!fs->title || !fs->st)
		goto nomem;
	if (load_draft(fs, err))
		goto fail;
	for (i = 0; i < fs->form->n_fields; i++) {
		const struct form_field *f = fs->form->all[i];

		load_options(fs, f);
		for (j = 0; j < f->n_fields; j++)
			load_options(fs, &f->fields[j]);
	}
	if (spec->prepare && spec->prepare(spec->ctx, ui, fs->st, err) != CT_OK) {
		if (!err->len)
			sb_adds(err, "the form could not be prepared");
		goto fail;
	}
	if (fs->spec.n_sources) {
		form_state_prefill(fs->st, fs->sources, fs->spec.n_sources, &report);
		if (!fs->spec.banner)
			prefill_notice(fs, report.buf);
	}
	start_view(fs);
	sb_release(&path);
	sb_release(&report);
	if (ui_push(ui, &form_screen, fs)) {
		if (!fs->pushed) {
			sb_adds(err, "cannot open the form screen");
			fs_free(fs);
		}
		return -1;
	}
	return 0;
nomem:
	sb_adds(err, "out of memory");
fail:
	sb_release(&path);
	sb_release(&report);
	fs_free(fs);
	return -1;
}

size_t form_screen_prefill(struct ui *ui, struct form_state *st,
			   const struct prefill_source *sources, size_t n_sources)
{
	struct strbuf report = STRBUF_INIT;
	struct fs *fs;
	size_t n;

	for (fs = open_forms; fs && fs->st != st; fs = fs->next_open)
		;
	if (!fs)
		return 0;
	n = form_state_prefill(st, sources, n_sources, &report);
	sb_release(&report);
	if (n) {
		fs->ed_for_focus = false;
		changed(fs);
		ui_message(ui, false, "%zu answer%s filled in from the look-ups", n, n == 1 ? "" : "s");
	}
	return n;
}
