/* home.c: the home screen: who is signed in, their work queues, and the
 * areas of caseterm (Referrals, Catalogue, Supplier work, Accommodation,
 * Reports, Help). */
#include <stdlib.h>
#include <string.h>

#include "ui/screens/cas3.h"
#include "ui/screens/screens.h"
#include "ui/screens/supplier.h"
#include "util/sanitize.h"

/* What each area will hold, from the issue that builds it. */
static const struct area_info areas[] = {
	{"Referrals", 5, "Start and follow universal referrals",
	 "Start a universal referral for a person on probation: enter their CRN, see what "
	 "nDelius and OASys already hold filled in for you, review and redact the risk "
	 "information, and send one referral for any kind of intervention. Afterwards, follow "
	 "each referral: the caseworker assigned, appointments, attendance and feedback, the "
	 "action plan and the end-of-service report."},
	{"Catalogue", 6, "Search and compare interventions",
	 "Search the catalogue of interventions by name, with filters for type, setting, need, "
	 "region, sex, age and risk level. With a person in context each entry says Eligible, "
	 "Not eligible (and why, in words) or Check. Mark up to four entries and compare them "
	 "side by side, then refer from the comparison."},
	{"Supplier work", 7, "Referrals sent to your contracts",
	 "For supplier caseworkers: the referrals sent to your provider's contracts (unassigned, "
	 "assigned to you, all open, completed), and only those, as the database enforces. "
	 "Assign a caseworker, schedule appointments, record attendance and feedback, agree an "
	 "action plan, keep case notes and write the end-of-service report."},
	{"Accommodation", 8, "CAS3 applications, bedspaces and bookings",
	 "Temporary accommodation (CAS3) for people leaving prison: apply for a person, work "
	 "through the housing placement team's assessment queue for your region, search "
	 "bedspaces with an availability grid, and follow each booking from provisional to "
	 "departure. A bedspace is never double-booked."},
	{"Reports", 8, "Referrals, bookings and occupancy",
	 "Reports for a region and date range: referrals, bookings, bed usage and bed occupancy "
	 "(with a bar chart), future bookings and booking gaps, and supplier performance, each "
	 "on screen as a table and exported as CSV."},
};

enum { N_AREAS = sizeof areas / sizeof areas[0], N_ITEMS = N_AREAS + 1 };

static const enum ui_action item_action[N_ITEMS] = {
	ACT_OPEN_REFERRALS, ACT_OPEN_CATALOGUE, ACT_OPEN_SUPPLIER, ACT_OPEN_ACCOMMODATION,
	ACT_OPEN_REPORTS, ACT_OPEN_HELP,
};

struct home {
	int sel;
	int menu_row;  /* virtual row of the first menu item at the last draw */
	int item_col;  /* column where item labels start */
	bool in_queues; /* Tab moved the focus to the Work queues box */
	size_t qsel;    /* the selected queue there */
	int qsel_row, qsel_col; /* where it was drawn at the last draw */
};

/* The screen behind each work queue of home_queues() (migrations 0004,
 * 0006, 0008): its key, and what opening it does.  A key not listed has no
 * screen of its own; Enter on it says so. */
static int open_dash_unassigned(struct ui *ui)
{
	return ui_push(ui, &supplier_dashboard_screen, "unassigned");
}
static int open_dash_mine(struct ui *ui)
{
	return ui_push(ui, &supplier_dashboard_screen, "mine");
}
static int open_cas3_unallocated(struct ui *ui)
{
	return ui_push(ui, &cas3_queue_screen, cas3_tab_key(CAS3_TAB_UNALLOCATED));
}
static int open_cas3_in_review(struct ui *ui)
{
	return ui_push(ui, &cas3_queue_screen, cas3_tab_key(CAS3_TAB_IN_REVIEW));
}
static int open_cas3_ready(struct ui *ui)
{
	return ui_push(ui, &cas3_queue_screen, cas3_tab_key(CAS3_TAB_READY_TO_PLACE));
}

static const struct {
	const char *key;
	int (*open)(struct ui *ui);
} queue_screens[] = {
	{"referrals_open", referral_list_open_mine},
	{"referrals_attention", referral_list_open_attention},
	{"referrals_unassigned", open_dash_unassigned},
	{"referrals_mine", open_dash_mine},
	{"supplier_feedback_due", open_dash_mine},
	{"cas3.unallocated", open_cas3_unallocated},
	{"cas3.in_review", open_cas3_in_review},
	{"cas3.ready_to_place", open_cas3_ready},
	{"cas3.arriving_today", cas3_open_bookings},
};

static const char *item_title(int i)
{
	return i < N_AREAS ? areas[i].title : "Help";
}

static const char *item_summary(int i)
{
	return i < N_AREAS ? areas[i].summary : "Every key, and about caseterm";
}

static int home_enter(struct ui *ui, const void *arg, void **state, struct strbuf *err)
{
	struct home *h = calloc(1, sizeof *h);

	(void)ui;
	(void)arg;
	if (!h) {
		sb_adds(err, "out of memory");
		return -1;
	}
	*state = h;
	return 0;
}

static void home_leave(struct ui *ui, void *state)
{
	(void)ui;
	free(state);
}

/* Draws "[R]eferrals": the shortcut letter in brackets and underlined, or
 * "Referrals [x]" when the letter is not in the title.  Returns the width. */
static int draw_label(struct ui *ui, struct ui_canvas *c, int row, int col, int i,
		      enum theme_role role)
{
	ui_key k = keymap_letter(ui_keymap(ui), SEC_HOME, item_action[i]);
	const char *t = item_title(i);
	struct strbuf pre = STRBUF_INIT, ch = STRBUF_INIT;
	size_t at = strlen(t);
	int x = col;

	if (k > 0x20 && k < 0x7f) {
		int want = (k >= 'A' && k <= 'Z') ? k + 32 : k;
		const char *p;

		for (p = t; *p; p++) {
			int ch = (*p >= 'A' && *p <= 'Z') ? *p + 32 : *p;

			if (ch == want) {
				at = (size_t)(p - t);
				break;
			}
		}
	}
	if (at < strlen(t)) {
		sb_add(&pre, t, at);
		sb_add(&ch, t + at, 1);
		x += cv_text(c, row, x, role, pre.buf);
		x += cv_text(c, row, x, role, "[");
		x += cv_textn(c, row, x, role, TA_UNDERLINE, ch.buf, -1);
		x += cv_text(c, row, x, role, "]");
		x += cv_text(c, row, x, role, t + at + 1);
	} else {
		x += cv_text(c, row, x, role, t);
		if (k) {
			ui_key_name(k, &ch);
			x += cv_text(c, row, x, role, " [");
			x += cv_textn(c, row, x, role, TA_UNDERLINE, ch.buf, -1);
			x += cv_text(c, row, x, role, "]");
		}
	}
	sb_release(&pre);
	sb_release(&ch);
	return x - col;
}

static void other_keys(struct ui *ui, int i, struct strbuf *out)
{
	ui_key keys[8];
	size_t n = keymap_keys(ui_keymap(ui), SEC_HOME, item_action[i], keys, 8), j;

	for (j = 0; j < n && j < 8; j++) {
		if (ui_key_is_text(keys[j]))
			continue;
		if (out->len)
			sb_adds(out, ", ");
		ui_key_name(keys[j], out);
	}
}

static void draw_linear(struct home *h, struct ui *ui, struct ui_canvas *c)
{
	const struct staff *s = ui_staff(ui);
	const struct queue_count *q;
	struct strbuf sb = STRBUF_INIT;
	const char *qerr;
	size_t nq, j;
	int row, i, x;

	sb_addf(&sb, "Signed in as %s, %s.", s->display_name ? s->display_name : "",
		s->role_label ? s->role_label : "");
	row = cv_wrap(c, 0, 0, c->cols, ROLE_NORMAL, sb.buf);
	sb_reset(&sb);
	if (s->region)
		sb_addf(&sb, "Region: %s. ", s->region);
	if (s->provider)
		sb_addf(&sb, "Provider: %s. ", s->provider);
	if (s->team)
		sb_addf(&sb, "Team: %s. ", s->team);
	if (sb.len)
		row += cv_wrap(c, row, 0, c->cols, ROLE_NORMAL, sb.buf);
	q = ui_queues(ui, &nq, &qerr);
	if (qerr || !nq) /* read again: nothing left to focus */
		h->in_queues = false;
	if (qerr) {
		sb_reset(&sb);
		sb_addf(&sb, "Error: could not read your work queues: %s", qerr);
		row += cv_wrap(c, row, 0, c->cols, ROLE_ERROR, sb.buf);
	} else if (!nq) {
		cv_text(c, row++, 0, ROLE_NORMAL, "Work queues: No work queues yet.");
	} else {
		if (h->qsel >= nq) /* the queues were read again and are fewer */
			h->qsel = nq - 1;
		cv_text(c, row++, 0, ROLE_NORMAL,
			"Work queues (Tab moves here; Enter opens the selected one):");
		for (j = 0; j < nq; j++) {
			bool sel = h->in_queues && j == h->qsel;

			if (sel) {
				cv_text(c, row, 0, ROLE_MARKER, ">");
				h->qsel_row = row;
				h->qsel_col = 2;
			}
			cv_textf(c, row++, 2, sel ? ROLE_SELECTED : ROLE_NORMAL, "%s: %ld", q[j].label,
				 q[j].n);
		}
	}
	cv_textf(c, row++, 0, ROLE_HEADING, "Areas (%d):", N_ITEMS);
	h->menu_row = row;
	h->item_col = 2;
	for (i = 0; i < N_ITEMS; i++, row++) {
		bool sel = i == h->sel && !h->in_queues;

		if (sel)
			cv_text(c, row, 0, ROLE_MARKER, ">");
		x = 2 + cv_textf(c, row, 2, sel ? ROLE_SELECTED : ROLE_NORMAL, "%d. ", i + 1);
		x += draw_label(ui, c, row, x, i, sel ? ROLE_SELECTED : ROLE_NORMAL);
		sb_reset(&sb);
		other_keys(ui, i, &sb);
		if (sb.len)
			x += cv_textf(c, row, x, sel ? ROLE_SELECTED : ROLE_NORMAL, " (%s)", sb.buf);
		cv_textf(c, row, x, sel ? ROLE_SELECTED : ROLE_NORMAL, ": %s.", item_summary(i));
	}
	sb_release(&sb);
}

static void draw_you(struct ui *ui, struct ui_canvas *c, int w)
{
	const struct staff *s = ui_staff(ui);
	const char *labels[] = {"Name", "Role", "Region", "Provider", "Team"};
	const char *values[] = {s->display_name, s->role_label, s->region, s->provider, s->team};
	int i, row = 1;

	cv_box(c, 0, 0, 7, w, ROLE_BORDER);
	cv_text(c, 0, 2, ROLE_HEADING, " You ");
	for (i = 0; i < 5 && row < 6; i++) {
		if (!values[i])
			continue;
		cv_text(c, row, 2, ROLE_LABEL, labels[i]);
		cv_textn(c, row, 12, ROLE_VALUE, 0, values[i], w - 14);
		row++;
	}
}

static void draw_queues(struct home *h, struct ui *ui, struct ui_canvas *c, int col, int w)
{
	const struct queue_count *q;
	const char *qerr;
	size_t nq, j, first = 0;
	int row = 1;

	q = ui_queues(ui, &nq, &qerr);
	if (qerr || !nq) /* read again: nothing left to focus */
		h->in_queues = false;
	cv_box(c, 0, col, 7, w, ROLE_BORDER);
	cv_text(c, 0, col + 2, h->in_queues ? ROLE_MARKER : ROLE_HEADING,
		h->in_queues ? " > Work queues " : " Work queues ");
	if (qerr) {
		struct ui_canvas in = cv_sub(c, 1, col + 2, 5, w - 4);
		struct strbuf sb = STRBUF_INIT;

		sb_addf(&sb, "Error: could not read your work queues: %s", qerr);
		cv_wrap(&in, 0, 0, w - 4, ROLE_ERROR, sb.buf);
		sb_release(&sb);
		return;
	}
	if (!nq) {
		cv_text(c, 1, col + 2, ROLE_HINT, "No work queues yet");
		return;
	}
	if (h->qsel >= nq) /* the queues were read again and are fewer */
		h->qsel = nq - 1;
	/* five rows: when the focus is below them, the list scrolls */
	if (h->in_queues && nq > 5 && h->qsel >= 4)
		first = h->qsel - 3 < nq - 4 ? h->qsel - 3 : nq - 4;
	for (j = first; j < nq && row < 6; j++, row++) {
		struct strbuf n = STRBUF_INIT;
		bool sel = h->in_queues && j == h->qsel;
		enum theme_role role = sel ? ROLE_SELECTED : ROLE_LABEL;
		int nw;

		if (row == 5 && nq - j > 1) {
			cv_textf(c, row, col + 2, ROLE_HINT, "and %zu more", nq - j);
			break;
		}
		sb_addf(&n, "%ld", q[j].n);
		nw = (int)n.len;
		if (sel) {
			cv_fill(c, row, col + 1, w - 2, role);
			cv_text(c, row, col + 1, ROLE_MARKER, ">");
			h->qsel_row = row;
			h->qsel_col = col + 2;
		}
		cv_textn(c, row, col + 2, role, 0, q[j].label, w - 6 - nw);
		cv_text(c, row, col + w - 2 - nw, sel ? ROLE_SELECTED : ROLE_VALUE, n.buf);
		sb_release(&n);
	}
}

static void home_draw(void *state, struct ui *ui, struct ui_canvas *c)
{
	struct home *h = state;
	struct strbuf sb = STRBUF_INIT;
	int half = c->cols / 2, row, i;

	if (c->linear) {
		draw_linear(h, ui, c);
		return;
	}
	draw_you(ui, c, half);
	draw_queues(h, ui, c, half, c->cols - half);
	row = 8;
	cv_text(c, row++, 1, ROLE_HEADING, "Areas");
	h->menu_row = row;
	h->item_col = 3;
	for (i = 0; i < N_ITEMS; i++, row++) {
		bool sel = i == h->sel && !h->in_queues;
		enum theme_role role = sel ? ROLE_SELECTED : ROLE_NORMAL;

		if (sel) {
			cv_fill(c, row, 1, c->cols - 2, role);
			cv_text(c, row, 1, ROLE_MARKER, "> ");
		}
		draw_label(ui, c, row, 3, i, role);
		sb_reset(&sb);
		other_keys(ui, i, &sb);
		cv_textn(c, row, 22, role, 0, sb.buf, 8);
		cv_textn(c, row, 31, role, 0, item_summary(i), c->cols - 33);
	}
	row++;
	cv_wrap(c, row, 1, c->cols - 2, ROLE_HINT,
		"Enter opens the selected area; its letter or F-key opens it at once. "
		"Tab moves between the areas and your work queues.");
	sb_release(&sb);
}

static enum ui_result open_item(struct ui *ui, struct home *h, int i)
{
	h->sel = i;
	if (item_action[i] == ACT_OPEN_CATALOGUE) {
		struct strbuf err = STRBUF_INIT;

		catalogue_open(ui, NULL, &err); /* a failure is said in the status line */
		sb_release(&err);
	} else if (i < N_AREAS)
		ui_push(ui, &area_screen, &areas[i]);
	else
		ui_push(ui, &help_screen, NULL);
	return UI_REDRAW;
}

/* How many queues there are to move to (none when they could not be read). */
static size_t queue_count(struct ui *ui)
{
	const char *qerr;
	size_t nq;

	ui_queues(ui, &nq, &qerr);
	return qerr ? 0 : nq;
}

static enum ui_result open_queue(struct ui *ui, struct home *h)
{
	const struct queue_count *q;
	const char *qerr;
	size_t nq, i;

	q = ui_queues(ui, &nq, &qerr);
	if (qerr || h->qsel >= nq)
		return UI_HANDLED;
	for (i = 0; i < sizeof queue_screens / sizeof queue_screens[0]; i++)
		if (q[h->qsel].queue && !strcmp(q[h->qsel].queue, queue_screens[i].key)) {
			queue_screens[i].open(ui); /* a failure is said in the status line */
			return UI_REDRAW;
		}
	ui_message(ui, false, "%s: no screen lists these yet; the count is all caseterm shows.",
		   q[h->qsel].label ? q[h->qsel].label : "This queue");
	return UI_REDRAW;
}

/* Keys while the focus is in the Work queues box. */
static enum ui_result queues_key(struct home *h, struct ui *ui, const struct ui_event *ev,
				 size_t nq)
{
	if (h->qsel >= nq)
		h->qsel = nq - 1;
	switch (ev->action) {
	case ACT_UP:
		h->qsel = (h->qsel + nq - 1) % nq;
		return UI_REDRAW;
	case ACT_DOWN:
		h->qsel = (h->qsel + 1) % nq;
		return UI_REDRAW;
	case ACT_FIRST:
	case ACT_PAGE_UP:
		h->qsel = 0;
		return UI_REDRAW;
	case ACT_LAST:
	case ACT_PAGE_DOWN:
		h->qsel = nq - 1;
		return UI_REDRAW;
	case ACT_SELECT:
		return open_queue(ui, h);
	default:
		return UI_IGNORED;
	}
}

static enum ui_result home_key(void *state, struct ui *ui, const struct ui_event *ev)
{
	struct home *h = state;
	size_t nq = queue_count(ui);
	int i;

	for (i = 0; i < N_ITEMS; i++)
		if (ev->action == item_action[i])
			return open_item(ui, h, i);
	if (!nq)
		h->in_queues = false;
	if (nq && (ev->action == ACT_NEXT_FIELD || ev->action == ACT_PREV_FIELD)) {
		/* Tab and Shift-Tab move between the Areas list and the Work queues */
		h->in_queues = !h->in_queues;
		if (h->qsel >= nq)
			h->qsel = 0;
		return UI_REDRAW;
	}
	if (h->in_queues) {
		enum ui_result r = queues_key(h, ui, ev, nq);

		if (r != UI_IGNORED)
			return r;
	}
	switch (ev->action) {
	case ACT_UP:
	case ACT_PREV_FIELD:
		h->sel = (h->sel + N_ITEMS - 1) % N_ITEMS;
		return UI_REDRAW;
	case ACT_DOWN:
	case ACT_NEXT_FIELD:
		h->sel = (h->sel + 1) % N_ITEMS;
		return UI_REDRAW;
	case ACT_FIRST:
	case ACT_PAGE_UP:
		h->sel = 0;
		return UI_REDRAW;
	case ACT_LAST:
	case ACT_PAGE_DOWN:
		h->sel = N_ITEMS - 1;
		return UI_REDRAW;
	case ACT_SELECT:
		return open_item(ui, h, h->sel);
	case ACT_REFRESH:
		ui_refresh_queues(ui);
		return UI_REDRAW;
	case ACT_OPEN_DRAFTS:
		ui_push(ui, &drafts_screen, NULL);
		return UI_REDRAW;
	case ACT_NONE:
		/* the number of an item opens it (shown in --linear) */
		if (ev->key >= '1' && ev->key < '1' + N_ITEMS)
			return open_item(ui, h, ev->key - '1');
		return UI_IGNORED;
	default:
		return UI_IGNORED;
	}
}

static bool home_cursor(void *state, struct ui *ui, const struct ui_canvas *c, int *row,
			int *col)
{
	struct home *h = state;

	(void)c;
	if (h->in_queues && queue_count(ui)) {
		*row = h->qsel_row;
		*col = h->qsel_col;
		return true;
	}
	*row = h->menu_row + h->sel;
	*col = h->item_col;
	return true;
}

static void home_help(void *state, struct ui *ui, struct ui_help *hp)
{
	int i;

	(void)state;
	(void)ui;
	ui_help_action(hp, ACT_UP);
	ui_help_action(hp, ACT_DOWN);
	ui_help_action(hp, ACT_NEXT_FIELD);
	ui_help_action(hp, ACT_PREV_FIELD);
	ui_help_action(hp, ACT_SELECT);
	for (i = 0; i < N_ITEMS; i++)
		ui_help_action(hp, item_action[i]);
	ui_help_action(hp, ACT_OPEN_DRAFTS);
	ui_help_action(hp, ACT_REFRESH);
	ui_help_action(hp, ACT_QUIT);
}

const struct screen_ops home_screen = {
	.name = "home",
	.title = "Home",
	.section = SEC_HOME,
	.enter = home_enter,
	.leave = home_leave,
	.draw = home_draw,
	.key = home_key,
	.place_cursor = home_cursor,
	.help = home_help,
};
