/* cas3_queue.c: the HPT assessment queue (accommodation.md §3.1): tabs
 * Unallocated, In review, Ready to place, Archived and Rejected with their
 * counts, for the assessor's own region (row-level security); allocate the
 * selected referral to me, open it; / narrows the list by CRN or name. */
#include <stdlib.h>
#include <string.h>

#include "ui/edit.h"
#include "ui/screens/cas3_priv.h"
#include "util/sanitize.h"

struct queue {
	enum cas3_tab tab;
	long counts[CAS3_TAB_COUNT];
	struct cas3_queue_item *items;
	size_t n;
	size_t sel;
	bool stale;        /* reload before the next draw (back from a child) */
	char *error;       /* why the queue could not be read, or NULL */
	int list_row;      /* virtual row of the first item at the last draw */
	int sel_row;       /* virtual row of the selected item at the last draw */
	int tabs_row;
	char *search;      /* the applied CRN or name, or NULL: every referral */
	struct edit *typing; /* the search line while / is being typed, or NULL */
	int search_row, search_col; /* where the typing cursor was drawn */
};

#define SEARCH_PROMPT "Search by CRN or name (Enter applies, Esc clears): "

static void set_error(struct queue *q, const char *what, const char *why)
{
	struct strbuf sb = STRBUF_INIT;

	free(q->error);
	sb_addf(&sb, "%s: %s", what, why);
	q->error = text_sanitize(sb.buf, SAN_SINGLE_LINE);
	sb_release(&sb);
}

static void load(struct queue *q, struct ui *ui)
{
	struct strbuf err = STRBUF_INIT;
	PGconn *db = ui_db(ui);
	size_t i;
	char *keep = NULL;

	if (q->n && q->sel < q->n)
		keep = strdup(q->items[q->sel].assessment_id);
	cas3_queue_free(&q->items, q->n);
	q->n = 0;
	free(q->error);
	q->error = NULL;
	q->stale = false;
	if (!db) {
		set_error(q, "Could not read the queue", "no database connection");
		free(keep);
		return;
	}
	if (cas3_queue_counts(db, q->counts, &err) != CT_OK) {
		set_error(q, "Could not count the queue", err.buf);
		sb_reset(&err);
	}
	if (cas3_queue_list(db, q->tab, q->search, &q->items, &q->n, &err) != CT_OK) {
		set_error(q, "Could not read the queue", err.buf);
		q->items = NULL;
		q->n = 0;
	}
	for (i = 0; i < q->n; i++) {
		struct cas3_queue_item *it = &q->items[i];

		cas3_san(&it->crn, SAN_SINGLE_LINE);
		cas3_san(&it->person_name, SAN_SINGLE_LINE);
		cas3_san(&it->pdu_name, SAN_SINGLE_LINE);
		cas3_san(&it->allocated_to, SAN_SINGLE_LINE);
	}
	q->sel = 0;
	for (i = 0; keep && i < q->n; i++)
		if (!strcmp(q->items[i].assessment_id, keep))
			q->sel = i;
	free(keep);
	sb_release(&err);
}

static int queue_enter(struct ui *ui, const void *arg, void **state, struct strbuf *err)
{
	struct queue *q = calloc(1, sizeof *q);

	if (!q) {
		sb_adds(err, "out of memory");
		return -1;
	}
	if (arg) { /* the tab to show first, by its key (a work queue of home) */
		int t;

		for (t = 0; t < CAS3_TAB_COUNT; t++)
			if (!strcmp(arg, cas3_tab_key((enum cas3_tab)t)))
				q->tab = (enum cas3_tab)t;
	}
	load(q, ui);
	*state = q;
	return 0;
}

static void queue_leave(struct ui *ui, void *state)
{
	struct queue *q = state;

	(void)ui;
	cas3_queue_free(&q->items, q->n);
	free(q->error);
	free(q->search);
	edit_free(&q->typing);
	free(q);
}

/* Draws one referral from row; returns the rows used. */
static int draw_item(struct ui_canvas *c, int row, const struct cas3_queue_item *it, bool sel,
		     bool linear)
{
	enum theme_role role = sel ? ROLE_SELECTED : ROLE_NORMAL;
	struct strbuf sb = STRBUF_INIT;
	int w = c->cols;

	if (linear) {
		sb_addf(&sb, "%s (%s), required from %s, PDU %s, %s", cas3_or(it->person_name, "No name"),
			it->crn, cas3_or(it->required_from, "not given"),
			cas3_or(it->pdu_name, "not given"),
			it->allocated_to ? it->allocated_to : "not allocated");
		if (it->sexual_risk)
			sb_adds(&sb, ", sexual risk");
		sb_adds(&sb, ".");
		row = cv_wrap(c, row, 0, w, role, sb.buf);
		sb_release(&sb);
		return row;
	}
	if (sel) {
		cv_fill(c, row, 0, w, role);
		cv_text(c, row, 0, ROLE_MARKER, ">");
	}
	sb_addf(&sb, "%s %s", cas3_or(it->person_name, "No name"), it->crn);
	cv_textn(c, row, 2, role, 0, sb.buf, 28);
	cv_textn(c, row, 31, role, 0, cas3_or(it->required_from, "-"), 10);
	cv_textn(c, row, 43, role, 0, cas3_or(it->pdu_name, "-"), w > 100 ? 30 : 16);
	cv_textn(c, row, w > 100 ? 75 : 61, role, 0,
		 it->allocated_to ? it->allocated_to : "Not allocated", w > 100 ? 20 : w - 65);
	if (it->sexual_risk && w >= 78)
		cv_text(c, row, w - 4, role, "SR");
	sb_release(&sb);
	return 1;
}

static void queue_draw(void *state, struct ui *ui, struct ui_canvas *c)
{
	struct queue *q = state;
	const struct staff *s = ui_staff(ui);
	struct strbuf sb = STRBUF_INIT;
	int row = 0, col = 0, t;
	size_t i;

	if (q->stale)
		load(q, ui);
	sb_addf(&sb, "Region: %s", s && s->region ? s->region : "none (you see no referrals)");
	cv_text(c, row++, 0, ROLE_NORMAL, sb.buf);
	sb_reset(&sb);
	q->tabs_row = row;
	if (c->linear) {
		sb_adds(&sb, "Tabs:");
		for (t = 0; t < CAS3_TAB_COUNT; t++)
			sb_addf(&sb, "%s %s %ld%s", t ? "," : "", cas3_tab_label((enum cas3_tab)t),
				q->counts[t], t == (int)q->tab ? " (shown)" : "");
		sb_adds(&sb, ".");
		row += cv_wrap(c, row, 0, c->cols, ROLE_NORMAL, sb.buf);
	} else {
		for (t = 0; t < CAS3_TAB_COUNT; t++) {
			bool cur = t == (int)q->tab;

			sb_reset(&sb);
			sb_addf(&sb, cur ? "[%s %ld]" : " %s %ld ", cas3_tab_label((enum cas3_tab)t),
				q->counts[t]);
			col += cv_textn(c, row, col, cur ? ROLE_HEADING : ROLE_NORMAL,
					cur ? TA_UNDERLINE : 0, sb.buf, -1);
			col += cv_text(c, row, col, ROLE_NORMAL, " ");
		}
		row++;
		cv_hline(c, row++, 0, c->cols, ROLE_BORDER);
	}
	q->search_row = row;
	if (q->typing) {
		struct edit_view v;
		int pw = (int)strlen(SEARCH_PROMPT);

		cv_text(c, row, 0, ROLE_FOCUS, SEARCH_PROMPT);
		q->search_col = pw;
		if (c->cols - pw >= 2 && edit_layout(q->typing, c->cols - pw, 1, &v) == 0) {
			cv_textn(c, row, pw, ROLE_FOCUS, 0, v.lines[0].s, (int)v.lines[0].len);
			q->search_col = pw + v.cursor_col;
		}
		row++;
	} else {
		sb_reset(&sb);
		if (q->search)
			sb_addf(&sb, "Search: %s (/ to change it, / then Esc to clear)", q->search);
		else
			sb_adds(&sb, "Search: none (/ searches by CRN or name)");
		cv_textn(c, row++, 0, ROLE_HINT, 0, sb.buf, c->cols);
	}
	if (q->error) {
		sb_reset(&sb);
		sb_addf(&sb, "Error: %s", q->error);
		row += cv_wrap(c, row, 0, c->cols, ROLE_ERROR, sb.buf);
	}
	if (!q->n) {
		sb_reset(&sb);
		sb_addf(&sb, "No referrals in %s in your region%s%s%s.", cas3_tab_label(q->tab),
			q->search ? " that match \"" : "", q->search ? q->search : "",
			q->search ? "\"" : "");
		cv_text(c, row, 0, ROLE_HINT, sb.buf);
		q->list_row = row;
		sb_release(&sb);
		return;
	}
	if (!c->linear) {
		cv_text(c, row, 2, ROLE_LABEL, "Person and CRN");
		cv_text(c, row, 31, ROLE_LABEL, "Needed from");
		cv_text(c, row, 43, ROLE_LABEL, "PDU");
		cv_text(c, row, c->cols > 100 ? 75 : 61, ROLE_LABEL, "Allocated to");
		row++;
	}
	q->list_row = row;
	for (i = 0; i < q->n; i++) {
		if (i == q->sel)
			q->sel_row = row;
		row += draw_item(c, row, &q->items[i], i == q->sel, c->linear);
	}
	row++;
	if (!c->linear)
		cv_wrap(c, row, 0, c->cols, ROLE_HINT,
			"Enter opens a referral; a allocates it to you; [ and ] change tab; "
			"/ searches; SR: sexual risk.");
	sb_release(&sb);
}

static enum ui_result allocate(struct queue *q, struct ui *ui)
{
	struct strbuf err = STRBUF_INIT;
	struct cas3_queue_item *it;

	if (!q->n)
		return UI_HANDLED;
	it = &q->items[q->sel];
	if (cas3_assessment_allocate_to_me(ui_db(ui), it->assessment_id, it->version, &err) !=
	    CT_OK) {
		ui_message(ui, true, "could not allocate %s: %s", it->crn, err.buf);
		sb_release(&err);
		return UI_REDRAW;
	}
	ui_message(ui, false, "%s allocated to you: In review.", it->crn);
	sb_release(&err);
	load(q, ui);
	ui_refresh_queues(ui);
	return UI_REDRAW;
}

/* Keys while the search line is typed: Enter applies it (an empty one
 * shows every referral), Esc clears it; the rest edits the line. */
static enum ui_result typing_key(struct queue *q, struct ui *ui, const struct ui_event *ev)
{
	if (ev->key == UIK_ENTER || ev->key == UIK_ESC) {
		const char *t = edit_text(q->typing);
		size_t i = 0;

		while (t[i] == ' ')
			i++;
		free(q->search);
		q->search = NULL;
		if (ev->key == UIK_ENTER && t[i]) {
			q->search = strdup(t + i);
			if (!q->search) {
				ui_message(ui, true, "out of memory: the search was not applied");
				return UI_REDRAW;
			}
		}
		edit_free(&q->typing);
		load(q, ui);
		return UI_REDRAW;
	}
	if (edit_handle(q->typing, ui_keymap(ui), ev->key) == EDIT_NOMEM)
		ui_message(ui, true, "out of memory: that key did nothing");
	return UI_REDRAW;
}

static enum ui_result queue_key(void *state, struct ui *ui, const struct ui_event *ev)
{
	struct queue *q = state;

	if (q->typing)
		return typing_key(q, ui, ev);
	switch (ev->action) {
	case ACT_SEARCH:
		q->typing = edit_new(q->search, false);
		if (!q->typing)
			ui_message(ui, true, "out of memory: the search line did not open");
		return UI_REDRAW;
	case ACT_NEXT_TAB:
		q->tab = (enum cas3_tab)((q->tab + 1) % CAS3_TAB_COUNT);
		load(q, ui);
		return UI_REDRAW;
	case ACT_PREV_TAB:
		q->tab = (enum cas3_tab)((q->tab + CAS3_TAB_COUNT - 1) % CAS3_TAB_COUNT);
		load(q, ui);
		return UI_REDRAW;
	case ACT_UP:
		if (q->sel > 0)
			q->sel--;
		return UI_REDRAW;
	case ACT_DOWN:
		if (q->sel + 1 < q->n)
			q->sel++;
		return UI_REDRAW;
	case ACT_FIRST:
	case ACT_PAGE_UP:
		q->sel = 0;
		return UI_REDRAW;
	case ACT_LAST:
	case ACT_PAGE_DOWN:
		q->sel = q->n ? q->n - 1 : 0;
		return UI_REDRAW;
	case ACT_REFRESH:
		load(q, ui);
		return UI_REDRAW;
	case ACT_ALLOCATE:
		return allocate(q, ui);
	case ACT_SELECT:
		if (!q->n)
			return UI_HANDLED;
		if (ui_push(ui, &cas3_assessment_screen, q->items[q->sel].assessment_id) == 0)
			q->stale = true;
		return UI_REDRAW;
	default:
		return UI_IGNORED;
	}
}

static bool queue_cursor(void *state, struct ui *ui, const struct ui_canvas *c, int *row,
			 int *col)
{
	struct queue *q = state;

	(void)ui;
	if (q->typing) {
		*row = q->search_row;
		*col = q->search_col < c->cols ? q->search_col : c->cols - 1;
		return true;
	}
	*row = q->n ? q->sel_row : q->list_row;
	*col = q->n && !c->linear ? 2 : 0;
	return true;
}

static void queue_help(void *state, struct ui *ui, struct ui_help *h)
{
	struct queue *q = state;

	(void)ui;
	if (q->typing) {
		edit_help(h);
		return;
	}
	ui_help_action(h, ACT_SEARCH);
	ui_help_action(h, ACT_NEXT_TAB);
	ui_help_action(h, ACT_PREV_TAB);
	ui_help_action(h, ACT_UP);
	ui_help_action(h, ACT_DOWN);
	ui_help_action(h, ACT_SELECT);
	ui_help_action(h, ACT_ALLOCATE);
	ui_help_action(h, ACT_REFRESH);
	ui_help_action(h, ACT_BACK);
}

const struct screen_ops cas3_queue_screen = {
	.name = "cas3-queue",
	.title = "Assessment queue",
	.section = SEC_CAS3_QUEUE,
	.enter = queue_enter,
	.leave = queue_leave,
	.draw = queue_draw,
	.key = queue_key,
	.place_cursor = queue_cursor,
	.help = queue_help,
};
