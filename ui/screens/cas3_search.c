/* cas3_search.c: bedspace search results (accommodation.md §3.4-§3.5):
 * free bedspaces for the stay grouped by premises, with why each fits, the
 * property's attributes and the other people staying; b books the selected
 * bedspace provisionally.  A booking that loses its race (someone else
 * booked the days first) says so plainly, offers the next free bedspace
 * and keeps the criteria. */
#include <stdlib.h>
#include <string.h>

#include "ui/screens/cas3_priv.h"
#include "util/sanitize.h"

struct results {
	struct cas3_place *p;
	struct cas3_search_result r;
	bool loaded;
	char *error;        /* plain words: search failed, booking lost its race */
	char *offer;        /* the bedspace offered instead (id), or NULL */
	size_t sel;         /* index over every bedspace of every premises */
	int cur_row;
};

static void sanitise(struct cas3_search_result *r)
{
	size_t i, j;

	for (i = 0; i < r->n_premises; i++) {
		struct cas3_search_premises *p = &r->premises[i];
		char **one[] = {&p->name, &p->address_line1, &p->address_line2, &p->town,
				&p->postcode, &p->pdu_name, &p->notes, &p->characteristics,
				&p->others};
		size_t k;

		for (k = 0; k < sizeof one / sizeof one[0]; k++)
			cas3_san(one[k], SAN_SINGLE_LINE);
		for (j = 0; j < p->n_bedspaces; j++) {
			cas3_san(&p->bedspaces[j].reference, SAN_SINGLE_LINE);
			cas3_san(&p->bedspaces[j].characteristics, SAN_SINGLE_LINE);
			cas3_san(&p->bedspaces[j].why, SAN_SINGLE_LINE);
			cas3_san(&p->bedspaces[j].turnaround_end, SAN_SINGLE_LINE);
		}
	}
}

static const struct cas3_search_bedspace *nth(const struct results *s, size_t k,
					      const struct cas3_search_premises **prem)
{
	size_t i;

	for (i = 0; s->loaded && i < s->r.n_premises; i++) {
		if (k < s->r.premises[i].n_bedspaces) {
			if (prem)
				*prem = &s->r.premises[i];
			return &s->r.premises[i].bedspaces[k];
		}
		k -= s->r.premises[i].n_bedspaces;
	}
	return NULL;
}

static enum ct_status search(struct results *s, PGconn *db, struct strbuf *err)
{
	struct cas3_search q;
	const char *pdus[CAS3_MAX_SEARCH_PDUS];
	enum ct_status rc;

	if (s->loaded)
		cas3_search_result_release(&s->r);
	memset(&s->r, 0, sizeof s->r);
	s->loaded = false;
	cas3_place_query(s->p, &q, pdus);
	if (!db) {
		sb_adds(err, "no database connection");
		return CT_DB;
	}
	rc = cas3_bedspace_search(db, &q, &s->r, err);
	if (rc == CT_OK) {
		s->loaded = true;
		sanitise(&s->r);
	}
	if (s->sel >= s->r.n_bedspaces)
		s->sel = 0;
	return rc;
}

static int results_enter(struct ui *ui, const void *arg, void **state, struct strbuf *err)
{
	struct results *s = calloc(1, sizeof *s);

	if (!s || !(s->p = cas3_place_dup(arg))) {
		free(s);
		sb_adds(err, "out of memory");
		return -1;
	}
	if (search(s, ui_db(ui), err) != CT_OK) {
		cas3_place_free(s->p);
		free(s);
		return -1;
	}
	*state = s;
	return 0;
}

static void results_leave(struct ui *ui, void *state)
{
	struct results *s = state;

	(void)ui;
	if (s->loaded)
		cas3_search_result_release(&s->r);
	cas3_place_free(s->p);
	free(s->error);
	free(s->offer);
	free(s);
}

static const char *results_title(void *state)
{
	struct results *s = state;

	return s->p->person_name ? s->p->person_name : "Bedspace search";
}

static void results_draw(void *state, struct ui *ui, struct ui_canvas *c)
{
	struct results *s = state;
	struct strbuf sb = STRBUF_INIT;
	int row = 0, w = c->cols;
	size_t i, j, k = 0;

	(void)ui;
	if (s->p->crn && s->p->person_name)
		sb_addf(&sb, "For %s (%s). ", s->p->person_name, s->p->crn);
	else if (s->p->crn)
		sb_addf(&sb, "For %s. ", s->p->crn);
	sb_addf(&sb, "%zu bedspace%s free for %d nights from %s to %s.", s->r.n_bedspaces,
		s->r.n_bedspaces == 1 ? " is" : "s are",
		s->p->nights > 0 ? s->p->nights : CAS3_DEFAULT_NIGHTS, cas3_or(s->r.start_date, "-"),
		cas3_or(s->r.departure_date, "-"));
	row += cv_wrap(c, row, 0, w, ROLE_NORMAL, sb.buf);
	if (s->error) {
		sb_reset(&sb);
		sb_addf(&sb, "Error: %s", s->error);
		row += cv_wrap(c, row, 0, w, ROLE_ERROR, sb.buf);
	}
	s->cur_row = row;
	if (!s->r.n_bedspaces) {
		sb_reset(&sb);
		sb_addf(&sb, "There are no available bedspaces for %d days from %s. Press s to "
			     "change the criteria.",
			s->p->nights > 0 ? s->p->nights : CAS3_DEFAULT_NIGHTS,
			cas3_or(s->r.start_date, "-"));
		cv_wrap(c, row, 0, w, ROLE_NORMAL, sb.buf);
		sb_release(&sb);
		return;
	}
	for (i = 0; i < s->r.n_premises; i++) {
		const struct cas3_search_premises *p = &s->r.premises[i];

		if (!c->linear)
			row++;
		sb_reset(&sb);
		sb_addf(&sb, "%s, %s, %s %s (PDU %s)", cas3_or(p->name, "-"),
			cas3_or(p->address_line1, "-"), cas3_or(p->town, ""), cas3_or(p->postcode, ""),
			cas3_or(p->pdu_name, "-"));
		row += cv_wrap(c, row, 0, w, ROLE_HEADING, sb.buf);
		sb_reset(&sb);
		sb_addf(&sb, "Bedspaces: %ld total: %ld booked, %ld available.", p->bedspaces_total,
			p->bedspaces_booked, p->bedspaces_total - p->bedspaces_booked);
		row += cv_wrap(c, row, 2, w - 2, ROLE_NORMAL, sb.buf);
		if (p->characteristics && *p->characteristics) {
			sb_reset(&sb);
			sb_addf(&sb, "Property: %s.", p->characteristics);
			row += cv_wrap(c, row, 2, w - 2, ROLE_NORMAL, sb.buf);
		}
		sb_reset(&sb);
		sb_addf(&sb, "Other people staying: %s%s",
			p->others && *p->others ? p->others : "nobody",
			p->sexual_risk_nearby ? " (someone staying has a sexual risk flag)" : "");
		row += cv_wrap(c, row, 2, w - 2, ROLE_NORMAL, sb.buf);
		for (j = 0; j < p->n_bedspaces; j++, k++) {
			const struct cas3_search_bedspace *b = &p->bedspaces[j];
			bool sel = k == s->sel;
			enum theme_role role = sel ? ROLE_SELECTED : ROLE_NORMAL;

			sb_reset(&sb);
			sb_addf(&sb, "Bedspace %s: %s", cas3_or(b->reference, "-"),
				cas3_or(b->why, "free for the whole stay"));
			if (b->characteristics && *b->characteristics)
				sb_addf(&sb, "; %s", b->characteristics);
			if (s->offer && !strcmp(s->offer, b->bedspace_id))
				sb_adds(&sb, " (offered instead)");
			if (sel) {
				s->cur_row = row;
				if (!c->linear) {
					cv_fill(c, row, 0, w, role);
					cv_text(c, row, 0, ROLE_MARKER, ">");
				}
			}
			row += cv_wrap(c, row, c->linear ? 0 : 2, c->linear ? w : w - 2, role, sb.buf);
		}
	}
	row++;
	cv_wrap(c, row, 0, w, ROLE_HINT,
		"b books the selected bedspace provisionally; s changes the criteria; g shows the "
		"availability grid.");
	sb_release(&sb);
}

/* Selects the bedspace with id when it is in the results; false if not. */
static bool select_id(struct results *s, const char *id)
{
	const struct cas3_search_bedspace *b;
	size_t k;

	for (k = 0; (b = nth(s, k, NULL)); k++)
		if (!strcmp(b->bedspace_id, id)) {
			s->sel = k;
			return true;
		}
	return false;
}

static enum ui_result book(struct results *s, struct ui *ui)
{
	const struct cas3_search_premises *prem = NULL;
	const struct cas3_search_bedspace *b = nth(s, s->sel, &prem);
	struct cas3_booking_input in;
	struct cas3_search q;
	const char *pdus[CAS3_MAX_SEARCH_PDUS];
	struct strbuf err = STRBUF_INIT, m = STRBUF_INIT;
	char *id = NULL, *next = NULL;
	enum ct_status rc;

	if (!b)
		return UI_HANDLED;
	if (!s->p->crn) {
		ui_message(ui, true,
			   "say who to book for: press s and give their CRN, or place a "
			   "referral (p on a referral that is Ready to place).");
		return UI_REDRAW;
	}
	memset(&in, 0, sizeof in);
	in.bedspace_id = b->bedspace_id;
	in.assessment_id = s->p->assessment_id;
	in.crn = s->p->crn;
	in.person_name = s->p->person_name;
	in.sex = s->p->sex;
	in.arrival_date = s->r.start_date;
	in.departure_date = s->r.departure_date;
	cas3_place_query(s->p, &q, pdus);
	rc = cas3_booking_create(ui_db(ui), &in, &q, &id, &next, &err);
	free(s->error);
	s->error = NULL;
	free(s->offer);
	s->offer = NULL;
	if (rc == CT_OK) {
		ui_message(ui, false, "Booked provisionally: %s bedspace %s from %s to %s.",
			   cas3_or(prem->name, "-"), cas3_or(b->reference, "-"), in.arrival_date,
			   in.departure_date);
		ui_refresh_queues(ui);
		ui_push(ui, &cas3_booking_screen, id);
		free(id);
		/* the results are out of date now */
		search(s, ui_db(ui), &err);
		sb_release(&err);
		return UI_REDRAW;
	}
	if (rc == CT_CONFLICT) {
		sb_addf(&m, "Someone else was quicker: %s.", err.buf);
		sb_reset(&err);
		/* read the results again; offer the next free bedspace */
		search(s, ui_db(ui), &err);
		if (next && select_id(s, next)) {
			const struct cas3_search_premises *np = NULL;
			const struct cas3_search_bedspace *nb = nth(s, s->sel, &np);

			sb_addf(&m, " Bedspace %s at %s is free for the same dates and is "
				    "selected: press b to book it.",
				cas3_or(nb->reference, "-"), cas3_or(np->name, "-"));
			s->offer = next;
			next = NULL;
		} else {
			sb_adds(&m, s->r.n_bedspaces ? " Choose another bedspace below."
						     : " No other bedspace is free for these dates.");
		}
	} else {
		sb_addf(&m, "Could not book: %s", err.buf);
	}
	s->error = text_sanitize(m.buf, SAN_SINGLE_LINE);
	free(next);
	free(id);
	sb_release(&err);
	sb_release(&m);
	return UI_REDRAW;
}

static enum ui_result results_key(void *state, struct ui *ui, const struct ui_event *ev)
{
	struct results *s = state;
	struct strbuf err = STRBUF_INIT;

	switch (ev->action) {
	case ACT_UP:
	case ACT_PREV_FIELD:
		if (s->sel > 0)
			s->sel--;
		return UI_REDRAW;
	case ACT_DOWN:
	case ACT_NEXT_FIELD:
		if (s->sel + 1 < s->r.n_bedspaces)
			s->sel++;
		return UI_REDRAW;
	case ACT_FIRST:
		s->sel = 0;
		return UI_REDRAW;
	case ACT_LAST:
		s->sel = s->r.n_bedspaces ? s->r.n_bedspaces - 1 : 0;
		return UI_REDRAW;
	case ACT_BOOK:
	case ACT_SELECT:
		return book(s, ui);
	case ACT_OPEN_GRID:
		ui_push(ui, &cas3_grid_screen, NULL);
		return UI_REDRAW;
	case ACT_SEARCH:
		if (cas3_open_search_for(ui, s->p, &err) != 0)
			ui_message(ui, true, "%s", err.len ? err.buf : "the search did not open");
		sb_release(&err);
		return UI_REDRAW;
	case ACT_REFRESH:
		if (search(s, ui_db(ui), &err) != CT_OK)
			ui_message(ui, true, "%s", err.buf);
		sb_release(&err);
		return UI_REDRAW;
	default:
		return UI_IGNORED;
	}
}

static bool results_cursor(void *state, struct ui *ui, const struct ui_canvas *c, int *row,
			   int *col)
{
	struct results *s = state;

	(void)ui;
	*row = s->cur_row;
	*col = c->linear ? 0 : 2;
	return true;
}

static void results_help(void *state, struct ui *ui, struct ui_help *h)
{
	(void)state;
	(void)ui;
	ui_help_action(h, ACT_UP);
	ui_help_action(h, ACT_DOWN);
	ui_help_action(h, ACT_BOOK);
	ui_help_action(h, ACT_SEARCH);
	ui_help_action(h, ACT_OPEN_GRID);
	ui_help_action(h, ACT_REFRESH);
	ui_help_action(h, ACT_BACK);
}

const struct screen_ops cas3_results_screen = {
	.name = "cas3-results",
	.title = "Bedspace search",
	.section = SEC_CAS3_SEARCH,
	.enter = results_enter,
	.leave = results_leave,
	.draw = results_draw,
	.key = results_key,
	.place_cursor = results_cursor,
	.help = results_help,
	.title_of = results_title,
};

enum ct_status cas3_run_search(struct ui *ui, const struct cas3_place *p, struct strbuf *err)
{
	if (ui_push(ui, &cas3_results_screen, p) != 0) {
		sb_adds(err, "the search could not run (see the status line)");
		return CT_ERR;
	}
	return CT_OK;
}
