/* supplier_dashboard.c: the supplier's referrals (interventions reference
 * 2.1): tabs Unassigned, Assigned to me, All open and Completed with their
 * counts, search by reference, CRN or name, sorted by the date received
 * (newest or oldest first).  Row-level security decides which referrals
 * exist here: those sent to the contracts of the caseworker's provider.
 * A practitioner gets All open and Completed of the referrals they sent or
 * that are for people on their caseload.  Enter opens a referral's
 * delivery. */
#include <stdlib.h>
#include <string.h>

#include "store/referral_store.h"
#include "ui/screens/screens.h"
#include "ui/screens/supplier.h"
#include "util/sanitize.h"

#define SEARCH_PROMPT "Search (reference, CRN or name; Enter applies, Esc clears): "

enum tab { TAB_UNASSIGNED, TAB_MINE, TAB_OPEN, TAB_DONE, TAB_COUNT };

static const char *const tab_label[TAB_COUNT] = {
	"Unassigned", "Assigned to me", "All open", "Completed",
};

struct dash {
	bool supplier;         /* a practitioner sees All open and Completed only */
	enum tab tab;
	long counts[TAB_COUNT];
	struct referral_summary *items;
	size_t n, sel;
	bool oldest_first;
	bool searching;        /* typing into the search line */
	struct strbuf search;  /* applied search text */
	char *error;
	bool stale;
	int list_row, search_row;
};

static void filter_for(const struct dash *d, enum tab t, struct referral_list_filter *f)
{
	memset(f, 0, sizeof *f);
	f->scope = t == TAB_DONE ? REFERRALS_CLOSED : REFERRALS_OPEN;
	f->unassigned = t == TAB_UNASSIGNED;
	f->assigned_to_me = t == TAB_MINE;
	f->text = d->search.len ? d->search.buf : NULL;
	f->limit = 500;
}

static void san(char **s)
{
	char *c;

	if (!*s)
		return;
	c = text_sanitize(*s, SAN_SINGLE_LINE);
	if (c) {
		free(*s);
		*s = c;
	}
}

static void load(struct dash *d, struct ui *ui)
{
	struct strbuf err = STRBUF_INIT;
	struct referral_list_filter f;
	struct referral_summary *tmp;
	PGconn *db = ui_db(ui);
	char *keep = NULL;
	size_t n, i;
	int t;

	d->stale = false;
	if (d->n && d->sel < d->n)
		keep = strdup(d->items[d->sel].id);
	referral_summaries_free(&d->items, d->n);
	d->n = 0;
	free(d->error);
	d->error = NULL;
	if (!db) {
		d->error = strdup("no database connection");
		free(keep);
		return;
	}
	for (t = 0; t < TAB_COUNT; t++) {
		filter_for(d, (enum tab)t, &f);
		tmp = NULL;
		n = 0;
		if (referral_list_mine(db, &f, d->oldest_first ? REFERRAL_SORT_SENT_ASC
					   : REFERRAL_SORT_SENT_DESC, &tmp, &n, &err) != CT_OK) {
			d->error = text_sanitize(err.buf, SAN_SINGLE_LINE);
			break;
		}
		d->counts[t] = (long)n;
		if (t == (int)d->tab) {
			d->items = tmp;
			d->n = n;
		} else {
			referral_summaries_free(&tmp, n);
		}
	}
	for (i = 0; i < d->n; i++) {
		san(&d->items[i].reference_number);
		san(&d->items[i].crn);
		san(&d->items[i].person_name);
		san(&d->items[i].intervention_title);
		san(&d->items[i].assigned_to_name);
		san(&d->items[i].state_words);
	}
	d->sel = 0;
	for (i = 0; keep && i < d->n; i++)
		if (!strcmp(d->items[i].id, keep))
			d->sel = i;
	free(keep);
	sb_release(&err);
}

static int dash_enter(struct ui *ui, const void *arg, void **state, struct strbuf *err)
{
	struct dash *d = calloc(1, sizeof *d);

	if (!d) {
		sb_adds(err, "out of memory");
		return -1;
	}
	sb_init(&d->search);
	d->supplier = ui_staff(ui) && ui_staff(ui)->role && !strcmp(ui_staff(ui)->role, "sp");
	if (arg) { /* a work queue of home: "unassigned", "mine", "open" or "done" */
		static const char *const keys[TAB_COUNT] = {"unassigned", "mine", "open", "done"};
		int t;

		for (t = 0; t < TAB_COUNT; t++)
			if (!strcmp(arg, keys[t]))
				d->tab = (enum tab)t;
	}
	if (!d->supplier && d->tab < TAB_OPEN)
		d->tab = TAB_OPEN;
	load(d, ui);
	*state = d;
	return 0;
}

static void dash_leave(struct ui *ui, void *state)
{
	struct dash *d = state;

	(void)ui;
	referral_summaries_free(&d->items, d->n);
	sb_release(&d->search);
	free(d->error);
	free(d);
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

static void draw_item(struct ui_canvas *c, int row, const struct referral_summary *it, bool sel)
{
	enum theme_role role = sel ? ROLE_SELECTED : ROLE_NORMAL;
	struct strbuf sb = STRBUF_INIT;
	char date[11] = "";

	if (it->sent_at)
		snprintf(date, sizeof date, "%.10s", it->sent_at);
	if (c->linear) {
		sb_addf(&sb, "%s, %s, %s (%s), %s, caseworker %s, %s", date,
			or_dash(it->reference_number), or_dash(it->person_name), or_dash(it->crn),
			or_dash(it->intervention_title),
			it->assigned_to_name ? it->assigned_to_name : "unassigned",
			or_dash(it->state_words));
		cv_wrap(c, row, 0, c->cols, role, sb.buf);
		sb_release(&sb);
		return;
	}
	if (sel) {
		cv_fill(c, row, 0, c->cols, role);
		cv_text(c, row, 0, ROLE_MARKER, ">");
	}
	cv_text(c, row, 2, role, date);
	cv_textn(c, row, 13, role, 0, or_dash(it->reference_number), 8);
	sb_addf(&sb, "%s %s", or_dash(it->person_name), or_dash(it->crn));
	cv_textn(c, row, 23, role, 0, sb.buf, 24);
	cv_textn(c, row, 48, role, 0, it->assigned_to_name ? it->assigned_to_name : "Unassigned",
		 14);
	cv_textn(c, row, 63, role, 0, or_dash(it->state_words), c->cols - 64);
	sb_release(&sb);
}

static void dash_draw(void *state, struct ui *ui, struct ui_canvas *c)
{
	struct dash *d = state;
	const struct staff *s = ui_staff(ui);
	struct strbuf sb = STRBUF_INIT;
	int row = 0, col = 0, t;
	size_t i;

	if (d->stale)
		load(d, ui);
	if (d->supplier)
		sb_addf(&sb, "Provider: %s. Sorted by date received, %s first.",
			s && s->provider ? s->provider : "none (you see no referrals)",
			d->oldest_first ? "oldest" : "newest");
	else
		sb_addf(&sb, "Referrals you sent or for people on your caseload. Sorted by date "
			"sent, %s first.", d->oldest_first ? "oldest" : "newest");
	row += cv_wrap(c, row, 0, c->cols, ROLE_NORMAL, sb.buf);
	sb_reset(&sb);
	if (c->linear) {
		sb_adds(&sb, "Tabs:");
		for (t = d->supplier ? 0 : TAB_OPEN; t < TAB_COUNT; t++)
			sb_addf(&sb, " %s%s %ld%s", t == (int)d->tab ? "[" : "", tab_label[t],
				d->counts[t], t == (int)d->tab ? "] (shown)" : ",");
		row += cv_wrap(c, row, 0, c->cols, ROLE_NORMAL, sb.buf);
	} else {
		for (t = d->supplier ? 0 : TAB_OPEN; t < TAB_COUNT; t++) {
			bool cur = t == (int)d->tab;

			sb_reset(&sb);
			sb_addf(&sb, cur ? "[%s %ld]" : " %s %ld ", tab_label[t], d->counts[t]);
			col += cv_textn(c, row, col, cur ? ROLE_HEADING : ROLE_NORMAL,
					cur ? TA_UNDERLINE : 0, sb.buf, -1);
			col += cv_text(c, row, col, ROLE_NORMAL, " ");
		}
		row++;
	}
	d->search_row = row;
	sb_reset(&sb);
	if (d->searching)
		sb_addf(&sb, "%s%s", SEARCH_PROMPT, d->search.buf);
	else if (d->search.len)
		sb_addf(&sb, "Search: %s (press / to search again, / then Esc to clear)",
			d->search.buf);
	else
		sb_adds(&sb, "Search: none (press / to search by reference, CRN or name)");
	cv_textn(c, row++, 0, d->searching ? ROLE_FOCUS : ROLE_HINT, 0, sb.buf, c->cols);
	if (!c->linear)
		cv_hline(c, row++, 0, c->cols, ROLE_BORDER);
	if (d->error) {
		sb_reset(&sb);
		sb_addf(&sb, "Error: could not read your referrals: %s", d->error);
		row += cv_wrap(c, row, 0, c->cols, ROLE_ERROR, sb.buf);
	}
	if (!d->n) {
		sb_reset(&sb);
		sb_addf(&sb, "No referrals in %s%s.", tab_label[d->tab],
			d->search.len ? " that match the search" : "");
		cv_text(c, row, 0, ROLE_HINT, sb.buf);
		d->list_row = row;
		sb_release(&sb);
		return;
	}
	if (!c->linear) {
		cv_text(c, row, 2, ROLE_LABEL, "Received");
		cv_text(c, row, 13, ROLE_LABEL, "Referral");
		cv_text(c, row, 23, ROLE_LABEL, "Person and CRN");
		cv_text(c, row, 48, ROLE_LABEL, "Caseworker");
		cv_text(c, row, 63, ROLE_LABEL, "Status");
		row++;
	}
	d->list_row = row;
	for (i = 0; i < d->n; i++)
		draw_item(c, row + (int)i, &d->items[i], i == d->sel);
	row += (int)d->n + 1;
	if (!c->linear)
		cv_wrap(c, row, 0, c->cols, ROLE_HINT,
			"Enter opens a referral; [ and ] change tab; / searches; o changes the order.");
	sb_release(&sb);
}

/* Appends code point k as UTF-8. */
static void add_utf8(struct strbuf *sb, ui_key k)
{
	char b[4];
	int n;

	if (k < 0x80) {
		b[0] = (char)k;
		n = 1;
	} else if (k < 0x800) {
		b[0] = (char)(0xc0 | (k >> 6));
		b[1] = (char)(0x80 | (k & 0x3f));
		n = 2;
	} else if (k < 0x10000) {
		b[0] = (char)(0xe0 | (k >> 12));
		b[1] = (char)(0x80 | ((k >> 6) & 0x3f));
		b[2] = (char)(0x80 | (k & 0x3f));
		n = 3;
	} else {
		b[0] = (char)(0xf0 | (k >> 18));
		b[1] = (char)(0x80 | ((k >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((k >> 6) & 0x3f));
		b[3] = (char)(0x80 | (k & 0x3f));
		n = 4;
	}
	sb_add(sb, b, (size_t)n);
}

static enum ui_result search_key(struct dash *d, struct ui *ui, const struct ui_event *ev)
{
	if (ev->key == UIK_ENTER) {
		d->searching = false;
		load(d, ui);
		return UI_REDRAW;
	}
	if (ev->key == UIK_ESC) {
		d->searching = false;
		sb_reset(&d->search);
		load(d, ui);
		return UI_REDRAW;
	}
	if (ev->key == UIK_BACKSPACE) {
		size_t n = d->search.len;

		while (n > 0 && ((unsigned char)d->search.buf[n - 1] & 0xc0) == 0x80)
			n--;
		sb_setlen(&d->search, n > 0 ? n - 1 : 0);
		return UI_REDRAW;
	}
	if (ui_key_is_text(ev->key) && d->search.len < 100) {
		add_utf8(&d->search, ev->key);
		return UI_REDRAW;
	}
	return UI_HANDLED;
}

static enum ui_result dash_key(void *state, struct ui *ui, const struct ui_event *ev)
{
	struct dash *d = state;

	if (d->searching)
		return search_key(d, ui, ev);
	switch (ev->action) {
	case ACT_NEXT_TAB:
		d->tab = (enum tab)((d->tab + 1) % TAB_COUNT);
		if (!d->supplier && d->tab < TAB_OPEN)
			d->tab = TAB_OPEN;
		load(d, ui);
		return UI_REDRAW;
	case ACT_PREV_TAB:
		d->tab = (enum tab)((d->tab + TAB_COUNT - 1) % TAB_COUNT);
		if (!d->supplier && d->tab < TAB_OPEN)
			d->tab = TAB_DONE;
		load(d, ui);
		return UI_REDRAW;
	case ACT_UP:
		if (d->sel > 0)
			d->sel--;
		return UI_REDRAW;
	case ACT_DOWN:
		if (d->sel + 1 < d->n)
			d->sel++;
		return UI_REDRAW;
	case ACT_FIRST:
	case ACT_PAGE_UP:
		d->sel = 0;
		return UI_REDRAW;
	case ACT_LAST:
	case ACT_PAGE_DOWN:
		d->sel = d->n ? d->n - 1 : 0;
		return UI_REDRAW;
	case ACT_SEARCH:
		d->searching = true;
		sb_reset(&d->search);
		return UI_REDRAW;
	case ACT_ORDER:
		d->oldest_first = !d->oldest_first;
		load(d, ui);
		return UI_REDRAW;
	case ACT_REFRESH:
		load(d, ui);
		return UI_REDRAW;
	case ACT_SELECT:
		if (!d->n)
			return UI_HANDLED;
		if (supplier_referral_open(ui, d->items[d->sel].id) == 0)
			d->stale = true;
		return UI_REDRAW;
	default:
		return UI_IGNORED;
	}
}

static bool dash_cursor(void *state, struct ui *ui, const struct ui_canvas *c, int *row, int *col)
{
	struct dash *d = state;

	(void)ui;
	if (d->searching) {
		*row = d->search_row;
		*col = (int)(strlen(SEARCH_PROMPT) + d->search.len);
		if (*col >= c->cols)
			*col = c->cols - 1;
		return true;
	}
	*row = d->n ? d->list_row + (int)d->sel : d->list_row;
	*col = d->n && !c->linear ? 2 : 0;
	return true;
}

static void dash_help(void *state, struct ui *ui, struct ui_help *h)
{
	(void)state;
	(void)ui;
	ui_help_action(h, ACT_NEXT_TAB);
	ui_help_action(h, ACT_PREV_TAB);
	ui_help_action(h, ACT_UP);
	ui_help_action(h, ACT_DOWN);
	ui_help_action(h, ACT_SELECT);
	ui_help_action(h, ACT_SEARCH);
	ui_help_action(h, ACT_ORDER);
	ui_help_action(h, ACT_REFRESH);
	ui_help_action(h, ACT_BACK);
}

const struct screen_ops supplier_dashboard_screen = {
	.name = "supplier-dashboard",
	.title = "Referrals",
	.section = SEC_SUPPLIER_DASHBOARD,
	.enter = dash_enter,
	.leave = dash_leave,
	.draw = dash_draw,
	.key = dash_key,
	.place_cursor = dash_cursor,
	.help = dash_help,
};

int supplier_dashboard_open(struct ui *ui)
{
	return ui_push(ui, &supplier_dashboard_screen, NULL);
}
