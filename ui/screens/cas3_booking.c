/* cas3_booking.c: bookings (accommodation.md §1.4, §1.5, §1.7).  The list of
 * my region's bookings by status, and one booking: who, where, the dates
 * with the turnaround, every record appended to it (never overwritten) and
 * the actions its status allows, each a small form (forms/cas3_*.yaml). */
#include <stdlib.h>
#include <string.h>

#include "domain/booking.h"
#include "ui/lines.h"
#include "ui/screens/cas3_forms.h"
#include "ui/screens/cas3_priv.h"
#include "util/sanitize.h"

static const char *shown_label(const char *status)
{
	enum booking_state st;

	if (status && booking_state_parse(status, &st))
		return booking_state_label(st);
	return cas3_or(status, "?");
}

static void sanitise(struct cas3_booking *b)
{
	char **one[] = {&b->bedspace_reference, &b->premises_name, &b->address_line1, &b->town,
			&b->postcode, &b->pdu_name, &b->crn, &b->noms_number, &b->person_name,
			&b->sex, &b->arrival_date, &b->departure_date, &b->original_arrival_date,
			&b->original_departure_date, &b->turnaround_end_date, &b->status,
			&b->shown_status};
	size_t i;

	for (i = 0; i < sizeof one / sizeof one[0]; i++)
		cas3_san(one[i], SAN_SINGLE_LINE);
	for (i = 0; i < b->n_records; i++) {
		cas3_san(&b->records[i].kind, SAN_SINGLE_LINE);
		cas3_san(&b->records[i].at, SAN_SINGLE_LINE);
		cas3_san(&b->records[i].by, SAN_SINGLE_LINE);
		cas3_san(&b->records[i].text, SAN_SINGLE_LINE);
	}
}

/* ---- one booking ---- */

struct booking {
	char *id;
	struct cas3_booking b;
	bool loaded, changed;
	char *error;
	struct ui_lines lines;
};

/* The lifecycle actions of the screen, with their form and domain action. */
static const struct {
	enum ui_action act;
	enum booking_action dom;
	enum cas3_form form;
} acts[] = {
	{ACT_CONFIRM_BOOKING, BOOKING_ACT_CONFIRM, CAS3_FORM_CONFIRM},
	{ACT_MARK_ARRIVED, BOOKING_ACT_ARRIVE, CAS3_FORM_ARRIVE},
	{ACT_EXTEND, BOOKING_ACT_EXTEND, CAS3_FORM_EXTEND},
	{ACT_OVERSTAY, BOOKING_ACT_OVERSTAY, CAS3_FORM_OVERSTAY},
	{ACT_MARK_DEPARTED, BOOKING_ACT_DEPART, CAS3_FORM_DEPART},
	{ACT_CANCEL_BOOKING, BOOKING_ACT_CANCEL, CAS3_FORM_CANCEL},
	{ACT_CHANGE_TURNAROUND, BOOKING_ACT_CHANGE_TURNAROUND, CAS3_FORM_TURNAROUND},
};
#define N_ACTS (sizeof acts / sizeof acts[0])

static bool stored_state(const struct booking *s, enum booking_state *st)
{
	return s->loaded && s->b.status && booking_state_parse(s->b.status, st);
}

static void build_lines(struct booking *s, struct ui *ui)
{
	struct cas3_booking *b = &s->b;
	struct ui_lines *l = &s->lines;
	struct strbuf sb = STRBUF_INIT;
	enum booking_state st;
	size_t i, focus = l->focus;

	lines_release(l);
	lines_init(l);
	if (s->error)
		lines_addf(l, ROLE_ERROR, NULL, "Error: %s", s->error);
	if (!s->loaded)
		return;
	lines_addf(l, ROLE_HEADING, NULL, "%s (%s): %s", cas3_or(b->person_name, "No name"),
		   cas3_or(b->crn, "-"), shown_label(b->shown_status));
	lines_addf(l, ROLE_NORMAL, "Bedspace", "%s, bedspace %s", cas3_or(b->premises_name, "-"),
		   cas3_or(b->bedspace_reference, "-"));
	lines_addf(l, ROLE_NORMAL, "Address", "%s, %s %s", cas3_or(b->address_line1, "-"),
		   cas3_or(b->town, ""), cas3_or(b->postcode, ""));
	lines_addf(l, ROLE_NORMAL, "PDU", "%s", cas3_or(b->pdu_name, "-"));
	lines_addf(l, ROLE_NORMAL, "Arrival", "%s%s%s", cas3_or(b->arrival_date, "-"),
		   b->original_arrival_date && b->arrival_date &&
				   strcmp(b->original_arrival_date, b->arrival_date)
			   ? ", booked for "
			   : "",
		   b->original_arrival_date && b->arrival_date &&
				   strcmp(b->original_arrival_date, b->arrival_date)
			   ? b->original_arrival_date
			   : "");
	lines_addf(l, ROLE_NORMAL, "Departure", "%s%s%s", cas3_or(b->departure_date, "-"),
		   b->original_departure_date && b->departure_date &&
				   strcmp(b->original_departure_date, b->departure_date)
			   ? ", booked for "
			   : "",
		   b->original_departure_date && b->departure_date &&
				   strcmp(b->original_departure_date, b->departure_date)
			   ? b->original_departure_date
			   : "");
	lines_addf(l, ROLE_NORMAL, "Turnaround", "%d working day%s, bedspace taken until %s",
		   b->turnaround_working_days, b->turnaround_working_days == 1 ? "" : "s",
		   cas3_or(b->turnaround_end_date, "-"));
	lines_add(l, ROLE_HEADING, NULL, "What you can do");
	if (stored_state(s, &st)) {
		bool any = false;

		for (i = 0; i < N_ACTS; i++) {
			if (!booking_can(st, acts[i].dom, NULL, NULL))
				continue;
			sb_reset(&sb);
			cas3_key_name(ui, SEC_CAS3_BOOKING, acts[i].act, "-", &sb);
			lines_addf(l, ROLE_NORMAL, sb.buf, "%s", booking_action_label(acts[i].dom));
			any = true;
		}
		if (!any)
			lines_add(l, ROLE_HINT, NULL, "Nothing: this booking is finished.");
	}
	lines_add(l, ROLE_HEADING, NULL, "Record (oldest first; nothing is overwritten)");
	for (i = 0; i < b->n_records; i++) {
		const struct cas3_booking_record *r = &b->records[i];

		lines_addf(l, ROLE_NORMAL, NULL, "%s %s, %s: %s", cas3_or(r->at, "-"),
			   cas3_or(r->kind, "-"), cas3_or(r->by, "-"), cas3_or(r->text, ""));
	}
	l->focus = focus < l->n ? focus : 0;
	sb_release(&sb);
}

static void load(struct booking *s, struct ui *ui)
{
	struct strbuf err = STRBUF_INIT;

	if (s->loaded)
		cas3_booking_release(&s->b);
	memset(&s->b, 0, sizeof s->b);
	s->loaded = false;
	s->changed = false;
	free(s->error);
	s->error = NULL;
	if (!ui_db(ui))
		sb_adds(&err, "no database connection");
	else if (cas3_booking_get(ui_db(ui), s->id, &s->b, &err) == CT_OK)
		s->loaded = true;
	if (!s->loaded) {
		struct strbuf m = STRBUF_INIT;

		sb_addf(&m, "could not read the booking: %s", err.buf);
		s->error = text_sanitize(m.buf, SAN_SINGLE_LINE);
		sb_release(&m);
	} else {
		sanitise(&s->b);
	}
	build_lines(s, ui);
	sb_release(&err);
}

static int booking_enter(struct ui *ui, const void *arg, void **state, struct strbuf *err)
{
	struct booking *s = calloc(1, sizeof *s);

	if (!s || !arg || !(s->id = strdup(arg))) {
		if (s)
			free(s->id);
		free(s);
		sb_adds(err, arg ? "out of memory" : "no booking given");
		return -1;
	}
	lines_init(&s->lines);
	load(s, ui);
	*state = s;
	return 0;
}

static void booking_leave(struct ui *ui, void *state)
{
	struct booking *s = state;

	(void)ui;
	if (s->loaded)
		cas3_booking_release(&s->b);
	lines_release(&s->lines);
	free(s->error);
	free(s->id);
	free(s);
}

static const char *booking_title(void *state)
{
	struct booking *s = state;

	return s->loaded && s->b.person_name ? s->b.person_name : "Booking";
}

static void booking_draw(void *state, struct ui *ui, struct ui_canvas *c)
{
	struct booking *s = state;

	if (s->changed)
		load(s, ui);
	lines_draw(&s->lines, c, 0, 0, c->linear ? (int)s->lines.n + 1 : c->rows, c->cols,
		   c->linear ? 0 : 14);
}

static enum ui_result act(struct booking *s, struct ui *ui, size_t i)
{
	struct strbuf err = STRBUF_INIT;
	enum booking_state st;
	const char *why = NULL;

	if (!stored_state(s, &st))
		return UI_HANDLED;
	if (!booking_can(st, acts[i].dom, NULL, &why)) {
		ui_message(ui, true, "%s: %s", booking_action_label(acts[i].dom),
			   why ? why : "not allowed now");
		return UI_REDRAW;
	}
	if (cas3_form_open(ui, acts[i].form, s->id, s->b.version, s->b.arrival_date,
			   s->b.departure_date, &s->changed, &err) != 0)
		ui_message(ui, true, "%s", err.len ? err.buf : "the form did not open");
	sb_release(&err);
	return UI_REDRAW;
}

static enum ui_result booking_key(void *state, struct ui *ui, const struct ui_event *ev)
{
	struct booking *s = state;
	size_t i;

	for (i = 0; i < N_ACTS; i++)
		if (ev->action == acts[i].act)
			return act(s, ui, i);
	switch (ev->action) {
	case ACT_OPEN_GRID:
		ui_push(ui, &cas3_grid_screen, NULL);
		return UI_REDRAW;
	case ACT_REFRESH:
		load(s, ui);
		return UI_REDRAW;
	default:
		return lines_key(&s->lines, ev, 10);
	}
}

static bool booking_cursor(void *state, struct ui *ui, const struct ui_canvas *c, int *row,
			   int *col)
{
	struct booking *s = state;

	(void)ui;
	(void)c;
	*row = s->lines.focus_row;
	*col = s->lines.focus_col;
	return true;
}

static void booking_help(void *state, struct ui *ui, struct ui_help *h)
{
	size_t i;

	(void)state;
	(void)ui;
	for (i = 0; i < N_ACTS; i++)
		ui_help_action(h, acts[i].act);
	ui_help_action(h, ACT_OPEN_GRID);
	ui_help_action(h, ACT_UP);
	ui_help_action(h, ACT_DOWN);
	ui_help_action(h, ACT_REFRESH);
	ui_help_action(h, ACT_BACK);
}

const struct screen_ops cas3_booking_screen = {
	.name = "cas3-booking",
	.title = "Booking",
	.section = SEC_CAS3_BOOKING,
	.enter = booking_enter,
	.leave = booking_leave,
	.draw = booking_draw,
	.key = booking_key,
	.place_cursor = booking_cursor,
	.help = booking_help,
	.title_of = booking_title,
};

/* ---- the list ---- */

static const char *const filters[] = {NULL,      "provisional", "confirmed", "arrived",
				      "departed", "closed",      "cancelled"};
#define N_FILTERS (sizeof filters / sizeof filters[0])

struct blist {
	size_t filter;
	struct cas3_booking *v;
	size_t n, sel;
	bool stale;
	char *error;
	int list_row;
	int sel_row;      /* virtual row of the selected booking at the last draw */
};

static void list_load(struct blist *s, struct ui *ui)
{
	struct strbuf err = STRBUF_INIT;
	size_t i;

	cas3_booking_list_free(&s->v, s->n);
	s->n = 0;
	s->stale = false;
	free(s->error);
	s->error = NULL;
	if (!ui_db(ui)) {
		s->error = strdup("could not read the bookings: no database connection");
	} else if (cas3_booking_list(ui_db(ui), NULL, filters[s->filter], &s->v, &s->n, &err) !=
		   CT_OK) {
		struct strbuf m = STRBUF_INIT;

		sb_addf(&m, "could not read the bookings: %s", err.buf);
		s->error = text_sanitize(m.buf, SAN_SINGLE_LINE);
		sb_release(&m);
		s->v = NULL;
		s->n = 0;
	}
	for (i = 0; i < s->n; i++)
		sanitise(&s->v[i]);
	if (s->sel >= s->n)
		s->sel = s->n ? s->n - 1 : 0;
	sb_release(&err);
}

static int list_enter(struct ui *ui, const void *arg, void **state, struct strbuf *err)
{
	struct blist *s = calloc(1, sizeof *s);

	(void)arg;
	if (!s) {
		sb_adds(err, "out of memory");
		return -1;
	}
	list_load(s, ui);
	*state = s;
	return 0;
}

static void list_leave(struct ui *ui, void *state)
{
	struct blist *s = state;

	(void)ui;
	cas3_booking_list_free(&s->v, s->n);
	free(s->error);
	free(s);
}

static const char *filter_label(size_t f)
{
	return filters[f] ? shown_label(filters[f]) : "All";
}

static void list_draw(void *state, struct ui *ui, struct ui_canvas *c)
{
	struct blist *s = state;
	struct strbuf sb = STRBUF_INIT;
	int row = 0;
	size_t i;

	if (s->stale)
		list_load(s, ui);
	sb_adds(&sb, "Showing:");
	for (i = 0; i < N_FILTERS; i++)
		sb_addf(&sb, i == s->filter ? " [%s]" : " %s", filter_label(i));
	row += cv_wrap(c, row, 0, c->cols, ROLE_NORMAL, sb.buf);
	if (s->error) {
		sb_reset(&sb);
		sb_addf(&sb, "Error: %s", s->error);
		row += cv_wrap(c, row, 0, c->cols, ROLE_ERROR, sb.buf);
	}
	if (!c->linear)
		cv_hline(c, row++, 0, c->cols, ROLE_BORDER);
	s->list_row = row;
	if (!s->n)
		cv_text(c, row, 0, ROLE_HINT, "No bookings to show.");
	for (i = 0; i < s->n; i++, row++) {
		const struct cas3_booking *b = &s->v[i];
		bool sel = i == s->sel;
		enum theme_role role = sel ? ROLE_SELECTED : ROLE_NORMAL;

		sb_reset(&sb);
		sb_addf(&sb, "%s %s, %s/%s, %s to %s, %s", cas3_or(b->person_name, "No name"),
			cas3_or(b->crn, "-"), cas3_or(b->premises_name, "-"),
			cas3_or(b->bedspace_reference, "-"), cas3_or(b->arrival_date, "-"),
			cas3_or(b->departure_date, "-"), shown_label(b->shown_status));
		if (sel)
			s->sel_row = row;
		if (c->linear) {
			row += cv_wrap(c, row, 0, c->cols, role, sb.buf) - 1;
			continue;
		}
		if (sel) {
			cv_fill(c, row, 0, c->cols, role);
			cv_text(c, row, 0, ROLE_MARKER, ">");
		}
		cv_textn(c, row, 2, role, 0, sb.buf, c->cols - 2);
	}
	sb_release(&sb);
}

static enum ui_result list_key(void *state, struct ui *ui, const struct ui_event *ev)
{
	struct blist *s = state;

	switch (ev->action) {
	case ACT_NEXT_TAB:
		s->filter = (s->filter + 1) % N_FILTERS;
		s->sel = 0;
		list_load(s, ui);
		return UI_REDRAW;
	case ACT_PREV_TAB:
		s->filter = (s->filter + N_FILTERS - 1) % N_FILTERS;
		s->sel = 0;
		list_load(s, ui);
		return UI_REDRAW;
	case ACT_UP:
		if (s->sel > 0)
			s->sel--;
		return UI_REDRAW;
	case ACT_DOWN:
		if (s->sel + 1 < s->n)
			s->sel++;
		return UI_REDRAW;
	case ACT_FIRST:
	case ACT_PAGE_UP:
		s->sel = 0;
		return UI_REDRAW;
	case ACT_LAST:
	case ACT_PAGE_DOWN:
		s->sel = s->n ? s->n - 1 : 0;
		return UI_REDRAW;
	case ACT_REFRESH:
		list_load(s, ui);
		return UI_REDRAW;
	case ACT_OPEN_GRID:
		ui_push(ui, &cas3_grid_screen, NULL);
		return UI_REDRAW;
	case ACT_SELECT:
		if (s->n && ui_push(ui, &cas3_booking_screen, s->v[s->sel].id) == 0)
			s->stale = true;
		return UI_REDRAW;
	default:
		return UI_IGNORED;
	}
}

static bool list_cursor(void *state, struct ui *ui, const struct ui_canvas *c, int *row,
			int *col)
{
	struct blist *s = state;

	(void)ui;
	*row = s->n ? s->sel_row : s->list_row;
	*col = s->n && !c->linear ? 2 : 0;
	return true;
}

static void list_help(void *state, struct ui *ui, struct ui_help *h)
{
	(void)state;
	(void)ui;
	ui_help_action(h, ACT_NEXT_TAB);
	ui_help_action(h, ACT_PREV_TAB);
	ui_help_action(h, ACT_UP);
	ui_help_action(h, ACT_DOWN);
	ui_help_action(h, ACT_SELECT);
	ui_help_action(h, ACT_OPEN_GRID);
	ui_help_action(h, ACT_REFRESH);
	ui_help_action(h, ACT_BACK);
}

const struct screen_ops cas3_bookings_screen = {
	.name = "cas3-bookings",
	.title = "Bookings",
	.section = SEC_CAS3_BOOKING,
	.enter = list_enter,
	.leave = list_leave,
	.draw = list_draw,
	.key = list_key,
	.place_cursor = list_cursor,
	.help = list_help,
};
