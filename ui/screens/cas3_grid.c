/* cas3_grid.c: the availability grid: bedspaces as rows, days as columns,
 * each day a letter (B booked, T turnaround, V void, . free, - closed) and
 * a colour, weeks from Monday.  As many whole weeks as the terminal is wide
 * (8 at 80 columns); [ and ] scroll by a week, Left and Right move the day,
 * Enter opens the booking under the cursor.  --linear says each bedspace's
 * runs of days in words. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/screens/cas3_priv.h"
#include "util/dates.h"
#include "util/sanitize.h"

#define LABEL_W 16   /* "ACACIA3/1      " */
#define HEAD_ROWS 4  /* legend, week dates, weekday letters, rule */

static const char *const month_abbr[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

struct grid {
	long start;       /* first day shown (a Monday) */
	long today;
	int weeks;        /* weeks loaded */
	struct cas3_grid g;
	bool loaded;
	char *error;
	size_t row;       /* selected bedspace */
	int day;          /* selected day, 0 .. weeks*7-1 */
	size_t top;       /* first bedspace row shown */
	int cur_row, cur_col; /* cursor at the last draw */
	bool stale;       /* back from a booking: read again before drawing */
};

static void iso(long day, char out[16])
{
	struct ymd t = date_from_days(day);

	snprintf(out, 16, "%04d-%02d-%02d", t.y % 10000, t.m % 100, t.d % 100);
}

static void load(struct grid *s, struct ui *ui)
{
	struct strbuf err = STRBUF_INIT;
	char from[16];
	size_t i;

	if (s->loaded)
		cas3_grid_release(&s->g);
	memset(&s->g, 0, sizeof s->g);
	s->loaded = false;
	free(s->error);
	s->error = NULL;
	iso(s->start, from);
	if (!ui_db(ui)) {
		s->error = strdup("could not read the grid: no database connection");
	} else if (cas3_availability_grid(ui_db(ui), NULL, from, s->weeks * 7, &s->g, &err) !=
		   CT_OK) {
		struct strbuf m = STRBUF_INIT;

		sb_addf(&m, "could not read the grid: %s", err.buf);
		s->error = text_sanitize(m.buf, SAN_SINGLE_LINE);
		sb_release(&m);
	} else {
		s->loaded = true;
		for (i = 0; i < s->g.n_rows; i++) {
			cas3_san(&s->g.rows[i].premises_name, SAN_SINGLE_LINE);
			cas3_san(&s->g.rows[i].reference, SAN_SINGLE_LINE);
		}
	}
	if (s->row >= s->g.n_rows)
		s->row = s->g.n_rows ? s->g.n_rows - 1 : 0;
	if (s->day >= s->weeks * 7)
		s->day = s->weeks * 7 - 1;
	sb_release(&err);
}

static long monday_of(long day)
{
	return day - date_weekday(day);
}

static int grid_enter(struct ui *ui, const void *arg, void **state, struct strbuf *err)
{
	struct grid *s = calloc(1, sizeof *s);

	(void)arg;
	if (!s) {
		sb_adds(err, "out of memory");
		return -1;
	}
	s->today = date_to_days(date_today());
	s->start = monday_of(s->today);
	s->day = (int)(s->today - s->start);
	s->weeks = 8;
	load(s, ui);
	*state = s;
	return 0;
}

static void grid_leave(struct ui *ui, void *state)
{
	struct grid *s = state;

	(void)ui;
	if (s->loaded)
		cas3_grid_release(&s->g);
	free(s->error);
	free(s);
}

static enum theme_role cell_role(char ch)
{
	switch (ch) {
	case CAS3_CELL_BOOKED:
		return ROLE_GRID_BOOKED;
	case CAS3_CELL_TURNAROUND:
		return ROLE_GRID_TURNAROUND;
	case CAS3_CELL_VOID:
		return ROLE_GRID_VOID;
	case CAS3_CELL_FREE:
		return ROLE_GRID_FREE;
	default:
		return ROLE_HINT;
	}
}

static const char *cell_word(char ch)
{
	switch (ch) {
	case CAS3_CELL_BOOKED:
		return "booked";
	case CAS3_CELL_TURNAROUND:
		return "turnaround";
	case CAS3_CELL_VOID:
		return "void";
	case CAS3_CELL_FREE:
		return "free";
	default:
		return "closed";
	}
}

static void day_words(long day, struct strbuf *out)
{
	static const char *const wd[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
	struct ymd t = date_from_days(day);

	sb_addf(out, "%s %d %s %d", wd[date_weekday(day)], t.d, month_abbr[(t.m - 1) % 12], t.y);
}

static void row_label(const struct cas3_grid_row *r, struct strbuf *out)
{
	sb_addf(out, "%s/%s", cas3_or(r->premises_name, "?"), cas3_or(r->reference, "?"));
}

static void draw_linear(struct grid *s, struct ui_canvas *c)
{
	struct strbuf sb = STRBUF_INIT;
	int row = 0;
	size_t i;

	sb_adds(&sb, "Availability from ");
	day_words(s->start, &sb);
	sb_adds(&sb, " to ");
	day_words(s->start + s->weeks * 7 - 1, &sb);
	sb_adds(&sb, ". Letters: B booked, T turnaround, V void, . free, - closed.");
	row += cv_wrap(c, row, 0, c->cols, ROLE_NORMAL, sb.buf);
	if (s->error) {
		sb_reset(&sb);
		sb_addf(&sb, "Error: %s", s->error);
		row += cv_wrap(c, row, 0, c->cols, ROLE_ERROR, sb.buf);
	}
	if (s->loaded && !s->g.n_rows)
		row += cv_wrap(c, row, 0, c->cols, ROLE_NORMAL, "You have no bedspaces to show.");
	for (i = 0; s->loaded && i < s->g.n_rows; i++) {
		const struct cas3_grid_row *r = &s->g.rows[i];
		int d = 0;

		sb_reset(&sb);
		row_label(r, &sb);
		sb_adds(&sb, ":");
		while (d < s->g.days) {
			int e = d;

			while (e + 1 < s->g.days && r->cells[e + 1] == r->cells[d])
				e++;
			sb_adds(&sb, d ? "; " : " ");
			day_words(s->start + d, &sb);
			if (e > d) {
				sb_adds(&sb, " to ");
				day_words(s->start + e, &sb);
			}
			sb_addf(&sb, " %s", cell_word(r->cells[d]));
			d = e + 1;
		}
		sb_adds(&sb, ".");
		if (i == s->row)
			s->cur_row = row;
		row += cv_wrap(c, row, 0, c->cols, i == s->row ? ROLE_SELECTED : ROLE_NORMAL, sb.buf);
	}
	s->cur_col = 0;
	sb_release(&sb);
}

static void grid_draw(void *state, struct ui *ui, struct ui_canvas *c)
{
	struct grid *s = state;
	struct strbuf sb = STRBUF_INIT;
	int weeks = (c->cols - LABEL_W) / 8, visible, w, d, row;
	size_t i;

	if (weeks < 1)
		weeks = 1;
	if (c->linear)
		weeks = s->weeks;
	if (weeks != s->weeks || s->stale) {
		s->stale = false;
		s->weeks = weeks;
		load(s, ui);
	}
	if (c->linear) {
		draw_linear(s, c);
		return;
	}
	/* legend: letters and colours */
	row = 0;
	{
		static const char cells[] = {CAS3_CELL_BOOKED, CAS3_CELL_TURNAROUND, CAS3_CELL_VOID,
					     CAS3_CELL_FREE, CAS3_CELL_CLOSED};
		int x = 0;
		size_t k;

		for (k = 0; k < sizeof cells; k++) {
			char l[2] = {cells[k], 0};

			x += cv_text(c, row, x, cell_role(cells[k]), l);
			x += cv_textf(c, row, x, ROLE_HINT, " %s  ", cell_word(cells[k]));
		}
		cv_text(c, row, x, ROLE_HINT, "* today");
	}
	row++;
	for (w = 0; w < s->weeks; w++) {
		struct ymd t = date_from_days(s->start + 7 * w);

		cv_textf(c, row, LABEL_W + 8 * w, ROLE_LABEL, "%d %s", t.d, month_abbr[(t.m - 1) % 12]);
	}
	cv_text(c, row, 0, ROLE_LABEL, "Bedspace");
	row++;
	for (d = 0; d < s->weeks * 7; d++) {
		long day = s->start + d;
		char l[2] = {"MTWTFSS"[date_weekday(day)], 0};

		if (day == s->today)
			l[0] = '*';
		cv_text(c, row, LABEL_W + 8 * (d / 7) + d % 7,
			d == s->day ? ROLE_FOCUS : ROLE_LABEL, l);
	}
	row++;
	if (s->error) {
		sb_reset(&sb);
		sb_addf(&sb, "Error: %s", s->error);
		cv_wrap(c, row, 0, c->cols, ROLE_ERROR, sb.buf);
		s->cur_row = row;
		s->cur_col = 0;
		sb_release(&sb);
		return;
	}
	if (!s->g.n_rows) {
		cv_text(c, row, 0, ROLE_NORMAL, "You have no bedspaces to show.");
		s->cur_row = row;
		s->cur_col = 0;
		sb_release(&sb);
		return;
	}
	visible = c->rows - HEAD_ROWS - 1;
	if (visible < 1)
		visible = 1;
	if (s->row < s->top)
		s->top = s->row;
	if (s->row >= s->top + (size_t)visible)
		s->top = s->row - (size_t)visible + 1;
	for (i = s->top; i < s->g.n_rows && i < s->top + (size_t)visible; i++, row++) {
		const struct cas3_grid_row *r = &s->g.rows[i];

		sb_reset(&sb);
		row_label(r, &sb);
		cv_textn(c, row, 0, i == s->row ? ROLE_SELECTED : ROLE_NORMAL, 0, sb.buf,
			 LABEL_W - 1);
		for (d = 0; d < s->g.days && d < s->weeks * 7; d++) {
			char l[2] = {r->cells[d], 0};
			bool cur = i == s->row && d == s->day;

			cv_textn(c, row, LABEL_W + 8 * (d / 7) + d % 7, cell_role(l[0]),
				 cur ? TA_REVERSE | TA_UNDERLINE : 0, l, 1);
		}
		if (i == s->row) {
			s->cur_row = row;
			s->cur_col = LABEL_W + 8 * (s->day / 7) + s->day % 7;
		}
	}
	/* the cell under the cursor, in words, under the rows */
	row++;
	if (s->row < s->g.n_rows) {
		const struct cas3_grid_row *r = &s->g.rows[s->row];

		sb_reset(&sb);
		row_label(r, &sb);
		sb_adds(&sb, ", ");
		day_words(s->start + s->day, &sb);
		sb_addf(&sb, ": %s", cell_word(r->cells[s->day]));
		if (r->cells[s->day] == CAS3_CELL_BOOKED || r->cells[s->day] == CAS3_CELL_TURNAROUND)
			sb_adds(&sb, " (Enter opens the booking)");
		cv_textn(c, row, 0, ROLE_HINT, 0, sb.buf, c->cols);
	}
	sb_release(&sb);
}

static enum ui_result shift(struct grid *s, struct ui *ui, long days)
{
	s->start += days;
	load(s, ui);
	return UI_REDRAW;
}

static enum ui_result open_cell(struct grid *s, struct ui *ui)
{
	const struct cas3_grid_row *r;
	char ch;

	if (!s->loaded || s->row >= s->g.n_rows)
		return UI_HANDLED;
	r = &s->g.rows[s->row];
	ch = r->cells[s->day];
	if ((ch != CAS3_CELL_BOOKED && ch != CAS3_CELL_TURNAROUND) || !r->ids ||
	    !r->ids[s->day]) {
		ui_message(ui, false, "That day is %s: there is no booking to open.", cell_word(ch));
		return UI_REDRAW;
	}
	/* read again when back: the booking may have changed */
	if (ui_push(ui, &cas3_booking_screen, r->ids[s->day]) == 0)
		s->stale = true;
	return UI_REDRAW;
}

static enum ui_result grid_key(void *state, struct ui *ui, const struct ui_event *ev)
{
	struct grid *s = state;

	switch (ev->action) {
	case ACT_NEXT_WEEK:
		return shift(s, ui, 7);
	case ACT_PREV_WEEK:
		return shift(s, ui, -7);
	case ACT_TODAY:
		s->start = monday_of(s->today);
		s->day = (int)(s->today - s->start);
		load(s, ui);
		return UI_REDRAW;
	case ACT_LEFT:
		if (s->day > 0) {
			s->day--;
			return UI_REDRAW;
		}
		s->day = 6;
		return shift(s, ui, -7);
	case ACT_RIGHT:
		if (s->day + 1 < s->weeks * 7) {
			s->day++;
			return UI_REDRAW;
		}
		s->day = s->weeks * 7 - 7;
		return shift(s, ui, 7);
	case ACT_UP:
		if (s->row > 0)
			s->row--;
		return UI_REDRAW;
	case ACT_DOWN:
		if (s->row + 1 < s->g.n_rows)
			s->row++;
		return UI_REDRAW;
	case ACT_PAGE_UP:
		s->row = s->row > 10 ? s->row - 10 : 0;
		return UI_REDRAW;
	case ACT_PAGE_DOWN:
		s->row = s->row + 10 < s->g.n_rows ? s->row + 10 : (s->g.n_rows ? s->g.n_rows - 1 : 0);
		return UI_REDRAW;
	case ACT_FIRST:
		s->row = 0;
		return UI_REDRAW;
	case ACT_LAST:
		s->row = s->g.n_rows ? s->g.n_rows - 1 : 0;
		return UI_REDRAW;
	case ACT_REFRESH:
		load(s, ui);
		return UI_REDRAW;
	case ACT_SELECT:
		return open_cell(s, ui);
	default:
		return UI_IGNORED;
	}
}

static bool grid_cursor(void *state, struct ui *ui, const struct ui_canvas *c, int *row,
			int *col)
{
	struct grid *s = state;

	(void)ui;
	(void)c;
	*row = s->cur_row;
	*col = s->cur_col;
	return true;
}

static void grid_help(void *state, struct ui *ui, struct ui_help *h)
{
	(void)state;
	(void)ui;
	ui_help_action(h, ACT_NEXT_WEEK);
	ui_help_action(h, ACT_PREV_WEEK);
	ui_help_action(h, ACT_TODAY);
	ui_help_action(h, ACT_LEFT);
	ui_help_action(h, ACT_RIGHT);
	ui_help_action(h, ACT_UP);
	ui_help_action(h, ACT_DOWN);
	ui_help_action(h, ACT_SELECT);
	ui_help_action(h, ACT_REFRESH);
	ui_help_action(h, ACT_BACK);
}

const struct screen_ops cas3_grid_screen = {
	.name = "cas3-grid",
	.title = "Availability grid",
	.section = SEC_CAS3_GRID,
	.enter = grid_enter,
	.leave = grid_leave,
	.draw = grid_draw,
	.key = grid_key,
	.place_cursor = grid_cursor,
	.help = grid_help,
};
