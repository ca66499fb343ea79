/* attention.c: the practitioner's attention list (interventions reference
 * 2.10): for the open referrals they see, appointments missed or flagged by
 * the supplier ("notify the probation practitioner" of poor behaviour or
 * concerns), action plans waiting for their approval and case notes from
 * the supplier still unanswered.  Enter opens the referral's delivery
 * (approve the plan there); m marks a flagged appointment as seen. */
#include <stdlib.h>
#include <string.h>

#include "store/supplier_store.h"
#include "ui/screens/screens.h"
#include "ui/screens/supplier.h"
#include "util/sanitize.h"

struct attn {
	struct attention_item *items;
	size_t n, sel;
	char *error;
	bool stale;
	int list_row;
	int item_row[256];
};

static void san(char **s, int flags)
{
	char *c;

	if (!*s)
		return;
	c = text_sanitize(*s, flags);
	if (c) {
		free(*s);
		*s = c;
	}
}

static void load(struct attn *a, struct ui *ui)
{
	struct strbuf err = STRBUF_INIT;
	size_t i;

	a->stale = false;
	attention_items_free(&a->items, a->n);
	a->n = 0;
	free(a->error);
	a->error = NULL;
	if (!ui_db(ui)) {
		a->error = strdup("no database connection");
		return;
	}
	if (attention_list(ui_db(ui), &a->items, &a->n, &err) != CT_OK)
		a->error = text_sanitize(err.buf, SAN_SINGLE_LINE);
	for (i = 0; i < a->n; i++) {
		san(&a->items[i].reference_number, SAN_SINGLE_LINE);
		san(&a->items[i].crn, SAN_SINGLE_LINE);
		san(&a->items[i].person_name, SAN_SINGLE_LINE);
		san(&a->items[i].summary, SAN_SINGLE_LINE);
		san(&a->items[i].detail, 0);
	}
	if (a->sel >= a->n)
		a->sel = a->n ? a->n - 1 : 0;
	sb_release(&err);
}

static int attn_enter(struct ui *ui, const void *arg, void **state, struct strbuf *err)
{
	struct attn *a = calloc(1, sizeof *a);

	(void)arg;
	if (!a) {
		sb_adds(err, "out of memory");
		return -1;
	}
	load(a, ui);
	*state = a;
	return 0;
}

static void attn_leave(struct ui *ui, void *state)
{
	struct attn *a = state;

	(void)ui;
	attention_items_free(&a->items, a->n);
	free(a->error);
	free(a);
}

static void attn_draw(void *state, struct ui *ui, struct ui_canvas *c)
{
	struct attn *a = state;
	struct strbuf sb = STRBUF_INIT;
	int row = 0;
	size_t i;

	if (a->stale)
		load(a, ui);
	sb_addf(&sb, "%zu thing%s need%s your attention.", a->n, a->n == 1 ? "" : "s",
		a->n == 1 ? "s" : "");
	row += cv_wrap(c, row, 0, c->cols, ROLE_HEADING, sb.buf);
	if (a->error) {
		sb_reset(&sb);
		sb_addf(&sb, "Error: could not read the list: %s", a->error);
		row += cv_wrap(c, row, 0, c->cols, ROLE_ERROR, sb.buf);
	}
	if (!c->linear)
		row++;
	a->list_row = row;
	for (i = 0; i < a->n; i++) {
		const struct attention_item *it = &a->items[i];
		bool sel = i == a->sel;
		enum theme_role role = sel ? ROLE_SELECTED : ROLE_NORMAL;

		if (i < sizeof a->item_row / sizeof a->item_row[0])
			a->item_row[i] = row;
		sb_reset(&sb);
		sb_addf(&sb, "%s%s %s (%s): %s", c->linear && sel ? "(selected) " : "",
			it->reference_number ? it->reference_number : "",
			it->person_name ? it->person_name : "", it->crn ? it->crn : "",
			it->summary ? it->summary : "");
		if (sel && !c->linear) {
			cv_fill(c, row, 0, c->cols, role);
			cv_text(c, row, 0, ROLE_MARKER, ">");
		}
		row += cv_wrap(c, row, c->linear ? 0 : 2, c->cols - (c->linear ? 0 : 2), role,
			       sb.buf);
		if (it->detail)
			row += cv_wrap(c, row, 4, c->cols - 4, ROLE_HINT, it->detail);
	}
	if (!a->n)
		cv_text(c, row++, 0, ROLE_HINT, "Nothing needs your attention now.");
	row++;
	cv_wrap(c, row, 0, c->cols, ROLE_HINT,
		"Enter opens the referral's delivery (approve action plans there); m marks the "
		"selected appointment as seen.");
	sb_release(&sb);
}

static enum ui_result attn_key(void *state, struct ui *ui, const struct ui_event *ev)
{
	struct attn *a = state;
	struct strbuf err = STRBUF_INIT;

	switch (ev->action) {
	case ACT_UP:
		if (a->sel > 0)
			a->sel--;
		return UI_REDRAW;
	case ACT_DOWN:
		if (a->sel + 1 < a->n)
			a->sel++;
		return UI_REDRAW;
	case ACT_REFRESH:
		load(a, ui);
		return UI_REDRAW;
	case ACT_SELECT:
		if (a->n && supplier_referral_open(ui, a->items[a->sel].referral_id) == 0)
			a->stale = true;
		return UI_REDRAW;
	case ACT_MARK_SEEN:
		if (!a->n || !a->items[a->sel].appointment_id) {
			ui_message(ui, true, "only appointments are marked seen; open the "
				   "referral for the rest");
			return UI_REDRAW;
		}
		if (attention_mark_seen(ui_db(ui), a->items[a->sel].appointment_id, &err) != CT_OK)
			ui_message(ui, true, "could not mark it seen: %s", err.buf);
		else
			ui_message(ui, false, "Marked as seen.");
		sb_release(&err);
		ui_refresh_queues(ui);
		load(a, ui);
		return UI_REDRAW;
	default:
		return UI_IGNORED;
	}
}

static bool attn_cursor(void *state, struct ui *ui, const struct ui_canvas *c, int *row, int *col)
{
	struct attn *a = state;

	(void)ui;
	(void)c;
	*row = a->n && a->sel < sizeof a->item_row / sizeof a->item_row[0] ? a->item_row[a->sel]
									     : a->list_row;
	*col = c->linear ? 0 : 2;
	return true;
}

static void attn_help(void *state, struct ui *ui, struct ui_help *h)
{
	(void)state;
	(void)ui;
	ui_help_action(h, ACT_UP);
	ui_help_action(h, ACT_DOWN);
	ui_help_action(h, ACT_SELECT);
	ui_help_action(h, ACT_MARK_SEEN);
	ui_help_action(h, ACT_REFRESH);
	ui_help_action(h, ACT_BACK);
}

const struct screen_ops attention_screen = {
	.name = "attention",
	.title = "Need your attention",
	.section = SEC_ATTENTION,
	.enter = attn_enter,
	.leave = attn_leave,
	.draw = attn_draw,
	.key = attn_key,
	.place_cursor = attn_cursor,
	.help = attn_help,
};

int attention_open(struct ui *ui)
{
	return ui_push(ui, &attention_screen, NULL);
}
