/* area.c: an area of caseterm from Home.  An area with entries (see
 * `menus` below) is a menu of what it offers to the signed-in member of
 * staff; an area without any says honestly what will come there and which
 * issue builds it.  Esc goes back.
 *
 * Adding an entry: one line in the area's table below, with the roles that
 * see it and a function that opens its screen (ui_push or
 * form_screen_open).  Entries are numbered in table order; their number
 * opens them at once. */
#include <stdlib.h>
#include <string.h>

#include "ui/screens/cas3.h"
#include "ui/screens/cas3_estate.h"
#include "ui/screens/screens.h"
#include "ui/screens/supplier.h"

/* ---- Accommodation (issue 8) ---- */
static const struct area_entry accommodation_entries[] = {
	{"Apply for accommodation", "pp admin",
	 "Apply for CAS3 temporary accommodation for a person on probation", cas3_apply_start},
	{"Assessment queue", "hpt admin reporter",
	 "Referrals for your region: allocate, assess, reject, place", cas3_open_queue},
	{"Bedspace search", "hpt admin", "Free bedspaces for a stay, by property; book one",
	 cas3_open_search},
	{"Availability grid", "hpt admin reporter",
	 "Every bedspace by day: booked, void, turnaround or free", cas3_open_grid},
	{"Bookings", "hpt admin reporter", "Bookings of your region, provisional to departed",
	 cas3_open_bookings},
	{"Premises and bedspaces", "hpt admin",
	 "Add and change premises, their bedspaces and voids", cas3_open_premises},
};

/* ---- Referrals (issue 5) ---- */
static const struct area_entry referral_entries[] = {
	{"Make a referral", "pp admin",
	 "Look a person up in nDelius and OASys, then refer them", referral_make_open},
	{"My referrals", "pp admin reporter",
	 "Referrals you sent or for your caseload, with their status", referral_list_open_mine},
	{"Need your attention", "pp", "Open referrals waiting for you, and why",
	 referral_list_open_attention},
};

/* ---- Reports (issue 8) ---- */
static const struct area_entry report_entries[] = {
	{"Accommodation reports", "hpt reporter admin",
	 "CAS3 referrals, bookings, bed usage and occupancy, future bookings, gaps",
	 cas3_reports_open},
	{"Supplier performance", "sp reporter admin",
	 "Referrals sent to your contracts, with the service's columns, saved as CSV",
	 supplier_performance_open},
};

/* ---- Supplier work (issue 7) ---- */
static const struct area_entry supplier_entries[] = {
	{"Referrals sent to your contracts", "sp",
	 "Unassigned, assigned to you, all open, completed; assign, book, record, report",
	 supplier_dashboard_open},
	{"Need your attention", "pp",
	 "Missed or flagged appointments and action plans waiting for your approval",
	 attention_open},
	{"How your referrals are going", "pp admin",
	 "Appointments, action plans, sessions and end-of-service reports",
	 supplier_dashboard_open},
};

static const struct {
	const char *title;                   /* area_info.title */
	const struct area_entry *entries;
	size_t n;
} menus[] = {
	{"Referrals", referral_entries, sizeof referral_entries / sizeof referral_entries[0]},
	{"Reports", report_entries, sizeof report_entries / sizeof report_entries[0]},
	{"Supplier work", supplier_entries, sizeof supplier_entries / sizeof supplier_entries[0]},
	{"Accommodation", accommodation_entries,
	 sizeof accommodation_entries / sizeof accommodation_entries[0]},
};

struct area {
	const struct area_info *info;
	const struct area_entry *shown[32];  /* entries this member of staff sees */
	size_t n_shown;
	bool has_menu;                       /* the area has entries (for anyone) */
	size_t sel;
	int menu_row;                        /* virtual row of the first entry at the last draw */
};

/* True when role (e.g. "hpt") is one of the space-separated roles. */
static bool role_in(const char *roles, const char *role)
{
	size_t n;

	if (!roles)
		return true;
	if (!role || !*role)
		return false;
	n = strlen(role);
	while (*roles) {
		size_t w = strcspn(roles, " ");

		if (w == n && !strncmp(roles, role, n))
			return true;
		roles += w;
		while (*roles == ' ')
			roles++;
	}
	return false;
}

static int area_enter(struct ui *ui, const void *arg, void **state, struct strbuf *err)
{
	struct area *a = calloc(1, sizeof *a);
	const struct staff *s = ui_staff(ui);
	size_t i, j;

	if (!a || !arg) {
		free(a);
		sb_adds(err, a ? "no area given" : "out of memory");
		return -1;
	}
	a->info = arg;
	for (i = 0; i < sizeof menus / sizeof menus[0]; i++) {
		if (strcmp(menus[i].title, a->info->title))
			continue;
		a->has_menu = menus[i].n > 0;
		for (j = 0; j < menus[i].n && a->n_shown < 32; j++)
			if (role_in(menus[i].entries[j].roles, s ? s->role : NULL))
				a->shown[a->n_shown++] = &menus[i].entries[j];
	}
	*state = a;
	return 0;
}

static void area_leave(struct ui *ui, void *state)
{
	(void)ui;
	free(state);
}

static const char *area_title(void *state)
{
	return ((struct area *)state)->info->title;
}

static void draw_placeholder(struct area *a, struct ui *ui, struct ui_canvas *c, int row,
			     int col, int w)
{
	struct strbuf sb = STRBUF_INIT;

	sb_addf(&sb, "Not built yet: this area arrives with issue %d.", a->info->issue);
	row += cv_wrap(c, row, col, w, ROLE_HINT, sb.buf);
	sb_reset(&sb);
	if (!c->linear)
		row++;
	sb_adds(&sb, "Press ");
	if (!keymap_describe(ui_keymap(ui), SEC_AREA, ACT_BACK, " or ", &sb))
		sb_adds(&sb, "the back key");
	sb_adds(&sb, " to go back to Home.");
	cv_wrap(c, row, col, w, ROLE_HINT, sb.buf);
	sb_release(&sb);
}

static void area_draw(void *state, struct ui *ui, struct ui_canvas *c)
{
	struct area *a = state;
	const struct area_info *in = a->info;
	int col = c->linear ? 0 : 2, w = c->cols - 2 * col, row = c->linear ? 0 : 1;
	size_t i;

	cv_text(c, row++, col, ROLE_HEADING, in->title);
	if (!c->linear)
		row++;
	if (!a->has_menu) {
		row += cv_wrap(c, row, col, w, ROLE_NORMAL, in->text);
		if (!c->linear)
			row++;
		draw_placeholder(a, ui, c, row, col, w);
		return;
	}
	if (!a->n_shown) {
		const struct staff *s = ui_staff(ui);
		struct strbuf sb = STRBUF_INIT;

		sb_addf(&sb, "Nothing here is open to your role (%s). Press Esc to go back.",
			s && s->role_label ? s->role_label : "none");
		cv_wrap(c, row, col, w, ROLE_HINT, sb.buf);
		sb_release(&sb);
		a->menu_row = row;
		return;
	}
	a->menu_row = row;
	for (i = 0; i < a->n_shown; i++, row++) {
		const struct area_entry *e = a->shown[i];
		bool sel = i == a->sel;
		enum theme_role role = sel ? ROLE_SELECTED : ROLE_NORMAL;
		int x;

		if (c->linear) {
			if (sel)
				cv_text(c, row, 0, ROLE_MARKER, ">");
			cv_textf(c, row, 2, role, "%zu. %s: %s.", i + 1, e->label, e->summary);
			continue;
		}
		if (sel) {
			cv_fill(c, row, 0, c->cols, role);
			cv_text(c, row, 0, ROLE_MARKER, "> ");
		}
		x = col + cv_textf(c, row, col, role, "%zu. %s", i + 1, e->label);
		if (x < 36)
			x = 36;
		cv_textn(c, row, x + 1, role, 0, e->summary, c->cols - x - 2);
	}
	if (!c->linear)
		row++;
	cv_wrap(c, row, col, w, ROLE_HINT,
		"Enter opens the selected item; its number opens it at once. Esc goes back.");
}

static enum ui_result open_entry(struct ui *ui, struct area *a, size_t i)
{
	if (i >= a->n_shown)
		return UI_HANDLED;
	a->sel = i;
	a->shown[i]->open(ui);
	return UI_REDRAW;
}

static enum ui_result area_key(void *state, struct ui *ui, const struct ui_event *ev)
{
	struct area *a = state;

	if (!a->n_shown)
		return UI_IGNORED;
	switch (ev->action) {
	case ACT_UP:
	case ACT_PREV_FIELD:
		a->sel = (a->sel + a->n_shown - 1) % a->n_shown;
		return UI_REDRAW;
	case ACT_DOWN:
	case ACT_NEXT_FIELD:
		a->sel = (a->sel + 1) % a->n_shown;
		return UI_REDRAW;
	case ACT_FIRST:
	case ACT_PAGE_UP:
		a->sel = 0;
		return UI_REDRAW;
	case ACT_LAST:
	case ACT_PAGE_DOWN:
		a->sel = a->n_shown - 1;
		return UI_REDRAW;
	case ACT_SELECT:
		return open_entry(ui, a, a->sel);
	case ACT_NONE:
		if (ev->key >= '1' && ev->key <= '9')
			return open_entry(ui, a, (size_t)(ev->key - '1'));
		return UI_IGNORED;
	default:
		return UI_IGNORED;
	}
}

static bool area_cursor(void *state, struct ui *ui, const struct ui_canvas *c, int *row, int *col)
{
	struct area *a = state;

	(void)ui;
	if (a->n_shown) {
		*row = a->menu_row + (int)a->sel;
		*col = c->linear ? 2 : 2;
		return true;
	}
	*row = c->linear ? 0 : 1;
	*col = c->linear ? 0 : 2;
	return true;
}

static void area_help(void *state, struct ui *ui, struct ui_help *h)
{
	struct area *a = state;

	(void)ui;
	if (a->n_shown) {
		ui_help_action(h, ACT_UP);
		ui_help_action(h, ACT_DOWN);
		ui_help_action(h, ACT_SELECT);
	}
	ui_help_action(h, ACT_BACK);
}

const struct screen_ops area_screen = {
	.name = "area",
	.title = "Area",
	.section = SEC_AREA,
	.enter = area_enter,
	.leave = area_leave,
	.draw = area_draw,
	.key = area_key,
	.place_cursor = area_cursor,
	.help = area_help,
	.title_of = area_title,
};
