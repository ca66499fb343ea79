/* cas3_reports.c: the CAS3 reports (accommodation.md §4) for a chosen
 * report, region and date range: the table scrolls both ways, bed
 * occupancy is also drawn as a bar chart of characters with the percentage
 * as text, and the table is saved as CSV to a file named on the screen.
 *
 * The report runs as the signed-in member of staff, so row-level security
 * decides what it holds (an HPT assessor gets their own region).  Text from
 * the database is sanitised once, when the report arrives; the CSV is
 * written from the table as the database gave it (cas3_table_csv quotes
 * what a spreadsheet would run). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/cas3_report.h"
#include "store/cas3_store.h"
#include "db/db.h"
#include "store/draft_store.h"
#include "ui/screens/screens.h"
#include "util/dates.h"
#include "util/sanitize.h"

enum focus { F_REPORT, F_REGION, F_FROM, F_TO, F_RESULTS, F_COUNT };

/* A line of the results view. */
enum vkind { V_TEXT, V_BAR, V_HEADER, V_ROW };

struct vline {
	enum vkind kind;
	size_t i;          /* bar or table row index */
};

struct reports {
	const struct cas3_reports_arg *arg;
	int report;                       /* enum cas3_report */
	struct option_item *regions;      /* probation regions; index 0 of the choice is national */
	size_t n_regions;
	size_t region;                    /* 0 national, else regions[region - 1] */
	struct strbuf from, to;           /* what is typed in the date fields */
	enum focus focus;

	/* the last report run */
	bool have;
	struct cas3_table t;              /* as the database gave it (for CSV) */
	char **shown;                     /* its cells sanitised (for the screen) */
	int *width;                       /* display width of each column */
	struct cas3_occupancy_bar *bars;  /* bed occupancy only */
	size_t n_bars;
	int ran_report;
	char *ran_region, *ran_from, *ran_to, *ran_label;
	bool running;                     /* a report is being run */
	int job_id;                       /* > 0: it runs on its own thread */
	struct strbuf summary;            /* "Bed occupancy, ...: 10 rows" */
	struct strbuf error;              /* why the last run or save failed, in words */
	struct strbuf saved;              /* "Saved ... to FILE" */

	struct vline *v;
	size_t nv, cur, top;
	size_t hcol;                      /* first table column shown */
	int view_rows;                    /* rows of the results view at the last draw */

	bool saving;                      /* the "Save as" prompt is open */
	struct strbuf path;
	int cursor_row, cursor_col;       /* where the cursor goes (set by draw) */
};

static const char *region_label(const struct reports *r)
{
	return r->region ? r->regions[r->region - 1].label : "National (all regions)";
}

static const char *region_id(const struct reports *r)
{
	return r->region ? r->regions[r->region - 1].value : NULL;
}

static void clear_result(struct reports *r)
{
	size_t i;

	if (r->shown)
		for (i = 0; i < r->t.nrows * r->t.ncols + r->t.ncols; i++)
			free(r->shown[i]);
	free(r->shown);
	r->shown = NULL;
	free(r->width);
	r->width = NULL;
	free(r->bars);
	r->bars = NULL;
	r->n_bars = 0;
	cas3_table_release(&r->t);
	free(r->v);
	r->v = NULL;
	r->nv = r->cur = r->top = r->hcol = 0;
	free(r->ran_region);
	free(r->ran_from);
	free(r->ran_to);
	free(r->ran_label);
	r->ran_region = r->ran_from = r->ran_to = r->ran_label = NULL;
	r->have = false;
	sb_reset(&r->summary);
}

static int add_line(struct reports *r, enum vkind k, size_t i)
{
	struct vline *nv = realloc(r->v, (r->nv + 1) * sizeof *nv);

	if (!nv)
		return -1;
	r->v = nv;
	r->v[r->nv++] = (struct vline){k, i};
	return 0;
}

/* The sanitised header of column j (stored after the cells). */
static const char *head(const struct reports *r, size_t j)
{
	return r->shown[r->t.nrows * r->t.ncols + j];
}

static const char *cell(const struct reports *r, size_t i, size_t j)
{
	return r->shown[i * r->t.ncols + j];
}

/* Sanitised copies, column widths, bars and the lines of the view. */
static int prepare(struct reports *r)
{
	size_t i, j, n = r->t.nrows * r->t.ncols;

	r->shown = calloc(n + r->t.ncols + 1, sizeof *r->shown);
	r->width = calloc(r->t.ncols + 1, sizeof *r->width);
	if (!r->shown || !r->width)
		return -1;
	for (j = 0; j < r->t.ncols; j++) {
		if (!(r->shown[n + j] = text_sanitize(r->t.cols[j], SAN_SINGLE_LINE)))
			return -1;
		r->width[j] = (int)text_width(r->shown[n + j]);
	}
	for (i = 0; i < r->t.nrows; i++)
		for (j = 0; j < r->t.ncols; j++) {
			const char *s = cas3_table_cell(&r->t, i, j);
			int w;

			if (!(r->shown[i * r->t.ncols + j] = text_sanitize(s ? s : "", SAN_SINGLE_LINE)))
				return -1;
			w = (int)text_width(r->shown[i * r->t.ncols + j]);
			if (w > r->width[j])
				r->width[j] = w;
		}
	for (j = 0; j < r->t.ncols; j++)
		if (r->width[j] > 30)
			r->width[j] = 30;
	if (r->ran_report == CAS3_REPORT_BED_OCCUPANCY &&
	    cas3_occupancy_bars(&r->t, &r->bars, &r->n_bars) == CT_OK) {
		/* the bar labels borrow from the raw table: point them at the
		 * sanitised copies instead */
		long cp = cas3_table_col(&r->t, "propertyRef"), cb = cas3_table_col(&r->t, "bedspaceRef");

		for (i = 0; i < r->n_bars; i++) {
			r->bars[i].property = cell(r, i, (size_t)cp);
			r->bars[i].bedspace = cell(r, i, (size_t)cb);
		}
		if (add_line(r, V_TEXT, 0))
			return -1;
		for (i = 0; i < r->n_bars; i++)
			if (add_line(r, V_BAR, i))
				return -1;
		if (add_line(r, V_TEXT, 1))
			return -1;
	}
	if (!r->t.nrows)
		return add_line(r, V_TEXT, 2);
	if (add_line(r, V_HEADER, 0))
		return -1;
	for (i = 0; i < r->t.nrows; i++)
		if (add_line(r, V_ROW, i))
			return -1;
	return 0;
}

static enum ct_status run_db(void *ctx, int which, const char *region, const char *from,
			     const char *to, struct cas3_table *out, struct strbuf *err)
{
	PGconn *db = ctx;

	if (!db) {
		sb_adds(err, "there is no database connection");
		return CT_DB;
	}
	return cas3_report_run(db, (enum cas3_report)which, region, from, to, out, err);
}

/* Takes a report's outcome: its table (moved out of t) or why it failed. */
static void finish(struct reports *r, enum ct_status st, struct cas3_table *t,
		   const struct strbuf *err)
{
	r->running = false;
	sb_reset(&r->error);
	if (st != CT_OK) {
		char *clean = text_sanitize(err->buf, SAN_SINGLE_LINE);

		sb_addf(&r->error, "Could not run the %s report: %s.",
			cas3_report_label((enum cas3_report)r->ran_report),
			clean && *clean ? clean : ct_status_message(st));
		free(clean);
		cas3_table_release(t);
		return;
	}
	r->t = *t;
	memset(t, 0, sizeof *t);
	if (prepare(r)) {
		clear_result(r);
		sb_adds(&r->error, "Out of memory while showing the report.");
		return;
	}
	r->have = true;
	sb_addf(&r->summary, "%s, %s, %s to %s: %zu row%s.",
		cas3_report_label((enum cas3_report)r->ran_report), r->ran_label, r->ran_from,
		r->ran_to, r->t.nrows, r->t.nrows == 1 ? "" : "s");
	r->focus = F_RESULTS;
}

/* A report running on its own thread with its own connection (as the same
 * login), so the screen answers keys meanwhile and Esc stops it. */
struct report_job {
	struct reports *r;              /* valid until the job is cancelled */
	const struct ct_config *cfg;
	int which;
	char *region, *from, *to;
	struct cas3_table t;
	struct strbuf err;
	enum ct_status st;
};

static void job_free(struct report_job *j)
{
	cas3_table_release(&j->t);
	sb_release(&j->err);
	free(j->region);
	free(j->from);
	free(j->to);
	free(j);
}

static void *job_work(void *arg)
{
	struct report_job *j = arg;
	PGconn *db = db_connect(j->cfg, &j->err);

	if (!db) {
		j->st = CT_DB;
		return j;
	}
	j->st = cas3_report_run(db, (enum cas3_report)j->which, j->region, j->from, j->to, &j->t,
				&j->err);
	PQfinish(db);
	return j;
}

static void job_done(struct ui *ui, void *arg, void *result)
{
	struct report_job *j = arg;

	(void)result;
	if (ui) {
		j->r->job_id = 0;
		finish(j->r, j->st, &j->t, &j->err);
	}
	job_free(j);
}

static void run(struct reports *r, struct ui *ui)
{
	const char *region = region_id(r);
	struct cas3_table t = {0};
	struct strbuf err = STRBUF_INIT;
	struct report_job *j;
	enum ct_status st;

	if (r->running)
		return;
	sb_reset(&r->error);
	sb_reset(&r->saved);
	if (cas3_report_window(r->from.buf, r->to.buf, &r->error) != CT_OK) {
		/* "the start date must be ...": say it as a sentence */
		if (r->error.len && r->error.buf[0] >= 'a' && r->error.buf[0] <= 'z')
			r->error.buf[0] = (char)(r->error.buf[0] - 'a' + 'A');
		r->focus = strstr(r->error.buf, "end date must") ? F_TO : F_FROM;
		return;
	}
	clear_result(r);
	r->ran_report = r->report;
	r->ran_region = region ? strdup(region) : NULL;
	r->ran_from = strdup(r->from.buf);
	r->ran_to = strdup(r->to.buf);
	r->ran_label = strdup(region_label(r));
	if ((region && !r->ran_region) || !r->ran_from || !r->ran_to || !r->ran_label) {
		clear_result(r);
		sb_adds(&r->error, "Out of memory.");
		return;
	}
	r->running = true;
	if (!(r->arg && r->arg->run) && ui_config(ui) && ui_db(ui)) {
		j = calloc(1, sizeof *j);
		if (j) {
			j->r = r;
			j->cfg = ui_config(ui);
			j->which = r->report;
			j->region = region ? strdup(region) : NULL;
			j->from = strdup(r->from.buf);
			j->to = strdup(r->to.buf);
			sb_init(&j->err);
			if ((!region || j->region) && j->from && j->to)
				r->job_id = ui_async_start(ui, job_work, job_done, j);
			if (r->job_id > 0)
				return;
			r->job_id = 0;
			job_free(j);
		}
	}
	/* tests (a runner, or no configuration): here and now */
	if (r->arg && r->arg->run)
		st = r->arg->run(r->arg->ctx, r->report, region, r->from.buf, r->to.buf, &t, &err);
	else
		st = run_db(ui_db(ui), r->report, region, r->from.buf, r->to.buf, &t, &err);
	finish(r, st, &t, &err);
	sb_release(&err);
}

/* ---- saving CSV ---- */

static void default_path(struct reports *r)
{
	const char *dir = r->arg && r->arg->export_dir ? r->arg->export_dir : NULL;

	sb_reset(&r->path);
	if (dir && *dir) {
		sb_adds(&r->path, dir);
		if (r->path.buf[r->path.len - 1] != '/')
			sb_addc(&r->path, '/');
	}
	cas3_report_file_name((enum cas3_report)r->ran_report, r->ran_region, r->ran_from,
			      r->ran_to, &r->path);
}

/* Writes the CSV to r->path; never over an existing file. */
static void save(struct reports *r)
{
	struct strbuf csv = STRBUF_INIT;
	size_t off = 0;
	int fd;

	sb_reset(&r->error);
	sb_reset(&r->saved);
	if (!r->path.len) {
		sb_adds(&r->error, "Enter a file name to save the report to.");
		return;
	}
	if (cas3_table_csv(&r->t, &csv)) {
		sb_adds(&r->error, "Out of memory while writing the CSV.");
		return;
	}
	fd = open(r->path.buf, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	if (fd < 0) {
		if (errno == EEXIST)
			sb_addf(&r->error, "%s already exists: give another file name.", r->path.buf);
		else
			sb_addf(&r->error, "Could not create %s: %s.", r->path.buf, strerror(errno));
		sb_release(&csv);
		return;
	}
	while (off < csv.len) {
		ssize_t w = write(fd, csv.buf + off, csv.len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			sb_addf(&r->error, "Could not write %s: %s.", r->path.buf, strerror(errno));
			break;
		}
		off += (size_t)w;
	}
	if (close(fd) && !r->error.len)
		sb_addf(&r->error, "Could not write %s: %s.", r->path.buf, strerror(errno));
	if (r->error.len)
		unlink(r->path.buf);
	else
		sb_addf(&r->saved, "Saved %zu row%s to %s.", r->t.nrows, r->t.nrows == 1 ? "" : "s",
			r->path.buf);
	r->saving = r->error.len > 0;
	sb_release(&csv);
}

/* ---- enter / leave ---- */

static void default_dates(struct reports *r)
{
	struct ymd t, f;

	if (!(r->arg && r->arg->today && date_parse_iso(r->arg->today, &t)))
		t = date_today();
	f = t;
	if (--f.m < 1) {
		f.m = 12;
		f.y--;
	}
	if (f.d > date_days_in_month(f.y, f.m))
		f.d = date_days_in_month(f.y, f.m);
	sb_addf(&r->from, "%04d-%02d-%02d", f.y, f.m, f.d);
	sb_addf(&r->to, "%04d-%02d-%02d", t.y, t.m, t.d);
}

static int reports_enter(struct ui *ui, const void *arg, void **state, struct strbuf *err)
{
	struct reports *r = calloc(1, sizeof *r);
	const struct staff *s = ui_staff(ui);
	struct strbuf e = STRBUF_INIT;
	size_t i;

	if (!r) {
		sb_adds(err, "out of memory");
		return -1;
	}
	r->arg = arg;
	r->report = CAS3_REPORT_BED_OCCUPANCY;
	sb_init(&r->from);
	sb_init(&r->to);
	sb_init(&r->summary);
	sb_init(&r->error);
	sb_init(&r->saved);
	sb_init(&r->path);
	default_dates(r);
	if (ui_db(ui) && options_load(ui_db(ui), "probation_regions", NULL, &r->regions,
				      &r->n_regions, &e) != CT_OK) {
		sb_addf(&r->error, "Could not read the list of regions (%s); national only.", e.buf);
		r->regions = NULL;
		r->n_regions = 0;
	}
	sb_release(&e);
	for (i = 0; i < r->n_regions; i++) {
		char *clean = text_sanitize(r->regions[i].label, SAN_SINGLE_LINE);

		if (clean) {
			free(r->regions[i].label);
			r->regions[i].label = clean;
		}
		/* the signed-in member of staff's own region first */
		if (s && s->region && !strcmp(s->region, r->regions[i].label))
			r->region = i + 1;
	}
	*state = r;
	return 0;
}

static void reports_leave(struct ui *ui, void *state)
{
	struct reports *r = state;

	if (r->job_id > 0)
		ui_async_cancel(ui, r->job_id);
	clear_result(r);
	option_items_free(&r->regions, r->n_regions);
	sb_release(&r->from);
	sb_release(&r->to);
	sb_release(&r->summary);
	sb_release(&r->error);
	sb_release(&r->saved);
	sb_release(&r->path);
	free(r);
}

/* ---- drawing ---- */

static void bar_text(const struct reports *r, size_t i, int width, struct strbuf *out)
{
	const struct cas3_occupancy_bar *b = &r->bars[i];

	cas3_bar(b->rate, width, out);
	sb_addf(out, " %5s%%", b->rate_text ? b->rate_text : "-");
}

static void line_text(const struct reports *r, size_t li, struct strbuf *out)
{
	const struct vline *v = &r->v[li];
	size_t j;

	switch (v->kind) {
	case V_TEXT:
		if (v->i == 0)
			sb_addf(out, "Bed occupancy over the window: %.1f%% of online bedspace days "
				     "booked (# = booked, . = not booked)",
				cas3_occupancy_total(r->bars, r->n_bars));
		else if (v->i == 2)
			sb_adds(out, "No rows for this region and window.");
		break;
	case V_BAR:
		sb_addf(out, "%s bedspace %s: %s%% occupied, %ld of %ld days booked ",
			r->bars[v->i].property ? r->bars[v->i].property : "?",
			r->bars[v->i].bedspace ? r->bars[v->i].bedspace : "?",
			r->bars[v->i].rate_text ? r->bars[v->i].rate_text : "no days online, 0",
			r->bars[v->i].booked, r->bars[v->i].online);
		cas3_bar(r->bars[v->i].rate, 20, out);
		break;
	case V_HEADER:
		sb_addf(out, "Table: %zu rows, %zu columns.", r->t.nrows, r->t.ncols);
		break;
	case V_ROW:
		sb_addf(out, "Row %zu of %zu: ", v->i + 1, r->t.nrows);
		for (j = 0; j < r->t.ncols; j++)
			sb_addf(out, "%s%s %s", j ? "; " : "", head(r, j),
				*cell(r, v->i, j) ? cell(r, v->i, j) : "(none)");
		break;
	}
}

/* Draws a table line (header or row) from column r->hcol. */
static void draw_table_line(const struct reports *r, struct ui_canvas *c, int row, int x0,
			    const struct vline *v, enum theme_role role)
{
	int x = x0;
	size_t j;

	for (j = r->hcol; j < r->t.ncols && x < c->cols; j++) {
		const char *s = v->kind == V_HEADER ? head(r, j) : cell(r, v->i, j);
		int w = r->width[j];

		cv_textn(c, row, x, v->kind == V_HEADER ? ROLE_LABEL : role, 0, s,
			 w < c->cols - x ? w : c->cols - x);
		x += w + 2;
	}
}

static void draw_params(struct reports *r, struct ui *ui, struct ui_canvas *c, int *row)
{
	const int col = 2, vx = 10;
	struct strbuf hint = STRBUF_INIT;
	int y = *row;

	cv_text(c, y, col, ROLE_LABEL, "Report");
	cv_textf(c, y, vx, r->focus == F_REPORT ? ROLE_FOCUS : ROLE_VALUE, "< %s >",
		 cas3_report_label((enum cas3_report)r->report));
	if (r->focus == F_REPORT) {
		r->cursor_row = y;
		r->cursor_col = vx + 2;
	}
	y++;
	cv_text(c, y, col, ROLE_LABEL, "Region");
	cv_textf(c, y, vx, r->focus == F_REGION ? ROLE_FOCUS : ROLE_VALUE, "< %s >", region_label(r));
	if (r->focus == F_REGION) {
		r->cursor_row = y;
		r->cursor_col = vx + 2;
	}
	y++;
	cv_text(c, y, col, ROLE_LABEL, "From");
	cv_fill(c, y, vx, 12, r->focus == F_FROM ? ROLE_FOCUS : ROLE_VALUE);
	cv_textf(c, y, vx, r->focus == F_FROM ? ROLE_FOCUS : ROLE_VALUE, "[%-10s]", r->from.buf);
	cv_text(c, y, vx + 14, ROLE_LABEL, "To");
	cv_textf(c, y, vx + 18, r->focus == F_TO ? ROLE_FOCUS : ROLE_VALUE, "[%-10s]", r->to.buf);
	if (r->focus == F_FROM) {
		r->cursor_row = y;
		r->cursor_col = vx + 1 + (int)r->from.len;
	} else if (r->focus == F_TO) {
		r->cursor_row = y;
		r->cursor_col = vx + 19 + (int)r->to.len;
	}
	cv_text(c, y, vx + 32, ROLE_HINT, "(YYYY-MM-DD, at most 6 months)");
	y++;
	sb_adds(&hint, "Tab: next field  Left/Right: change  Enter: run  ");
	if (keymap_describe(ui_keymap(ui), SEC_REPORTS, ACT_EXPORT, " or ", &hint))
		sb_adds(&hint, ": save CSV");
	cv_textn(c, y, col, ROLE_HINT, 0, hint.buf, c->cols - col);
	sb_release(&hint);
	y++;
	*row = y;
}

static void draw_status(struct reports *r, struct ui_canvas *c, int *row)
{
	int col = c->linear ? 0 : 2, w = c->cols - col;
	struct strbuf sb = STRBUF_INIT;

	if (r->saving) {
		const char *p = r->path.buf;
		int avail = w - 14, pw = (int)text_width(p), x = col + 13;

		cv_text(c, *row, col, ROLE_LABEL, "Save CSV as:");
		if (avail > 2 && pw > avail) {
			/* the end of the name, where the cursor is, stays in view */
			while (*p && (int)text_width(p) > avail - 1) {
				unsigned cp;
				size_t skip, l = utf8_decode((const unsigned char *)p, strlen(p),
							     &cp, &skip);

				p += l ? l : skip;
			}
			x += cv_text(c, *row, x, ROLE_FOCUS, "\xe2\x80\xa6");
		}
		x += cv_textn(c, *row, x, ROLE_FOCUS, 0, p, avail);
		r->cursor_row = *row;
		r->cursor_col = x < c->cols ? x : c->cols - 1;
		(*row)++;
		if (!c->linear) {
			cv_textn(c, *row, col, ROLE_HINT, 0,
				 "Enter saves (never over an existing file); Esc cancels.", w);
			(*row)++;
		}
	}
	if (r->error.len) {
		sb_addf(&sb, "Error: %s", r->error.buf);
		*row += cv_wrap(c, *row, col, w, ROLE_ERROR, sb.buf);
	} else if (r->saved.len) {
		*row += cv_wrap(c, *row, col, w, ROLE_NORMAL, r->saved.buf);
	} else if (r->running) {
		sb_addf(&sb, "Running the %s report for %s, %s to %s... Esc stops it.",
			cas3_report_label((enum cas3_report)r->ran_report), r->ran_label, r->ran_from,
			r->ran_to);
		*row += cv_wrap(c, *row, col, w, ROLE_NORMAL, sb.buf);
	} else if (r->have) {
		*row += cv_wrap(c, *row, col, w, ROLE_NORMAL, r->summary.buf);
	} else {
		*row += cv_wrap(c, *row, col, w, ROLE_HINT, "Press Enter to run the report.");
	}
	sb_release(&sb);
}

static void draw_linear(struct reports *r, struct ui_canvas *c)
{
	struct strbuf sb = STRBUF_INIT;
	int row = 0;
	size_t i;

	cv_textf(c, row, 0, ROLE_NORMAL, "Report: %s (Left and Right change it)",
		 cas3_report_label((enum cas3_report)r->report));
	if (r->focus == F_REPORT)
		r->cursor_row = row, r->cursor_col = 8;
	row++;
	cv_textf(c, row, 0, ROLE_NORMAL, "Region: %s (Left and Right change it)", region_label(r));
	if (r->focus == F_REGION)
		r->cursor_row = row, r->cursor_col = 8;
	row++;
	cv_textf(c, row, 0, ROLE_NORMAL, "From (YYYY-MM-DD): %s", r->from.buf);
	if (r->focus == F_FROM)
		r->cursor_row = row, r->cursor_col = 19 + (int)r->from.len;
	row++;
	cv_textf(c, row, 0, ROLE_NORMAL, "To (YYYY-MM-DD): %s", r->to.buf);
	if (r->focus == F_TO)
		r->cursor_row = row, r->cursor_col = 17 + (int)r->to.len;
	row++;
	draw_status(r, c, &row);
	for (i = 0; i < r->nv; i++) {
		sb_reset(&sb);
		line_text(r, i, &sb);
		if (r->focus == F_RESULTS && i == r->cur && !r->saving) {
			r->cursor_row = row;
			r->cursor_col = 0;
		}
		row += cv_wrap(c, row, 0, c->cols,
			       r->focus == F_RESULTS && i == r->cur ? ROLE_SELECTED : ROLE_NORMAL,
			       sb.buf);
	}
	sb_release(&sb);
}

static void reports_draw(void *state, struct ui *ui, struct ui_canvas *c)
{
	struct reports *r = state;
	struct strbuf sb = STRBUF_INIT;
	int row = 0, label_w = 0, bar_w, rows, y;
	size_t i;

	r->cursor_row = 0;
	r->cursor_col = 0;
	if (c->linear) {
		draw_linear(r, c);
		return;
	}
	draw_params(r, ui, c, &row);
	draw_status(r, c, &row);
	cv_hline(c, row++, 0, c->cols, ROLE_BORDER);
	rows = c->rows - row;
	if (rows < 1)
		rows = 1;
	r->view_rows = rows;
	if (r->cur < r->top)
		r->top = r->cur;
	if (r->cur >= r->top + (size_t)rows)
		r->top = r->cur - (size_t)rows + 1;
	for (i = 0; i < r->n_bars; i++) {
		int w = (int)text_width(r->bars[i].property ? r->bars[i].property : "") + 1 +
			(int)text_width(r->bars[i].bedspace ? r->bars[i].bedspace : "");

		if (w > label_w)
			label_w = w;
	}
	if (label_w > 24)
		label_w = 24;
	bar_w = c->cols - 2 - label_w - 2 - 8;
	if (bar_w > 50)
		bar_w = 50;
	if (bar_w < 10)
		bar_w = 10;
	for (i = r->top, y = row; i < r->nv && y < row + rows; i++, y++) {
		const struct vline *v = &r->v[i];
		bool sel = r->focus == F_RESULTS && i == r->cur;
		enum theme_role role = sel ? ROLE_SELECTED : ROLE_NORMAL;

		if (sel) {
			cv_fill(c, y, 0, c->cols, role);
			cv_text(c, y, 0, ROLE_MARKER, ">");
			if (!r->saving) {
				r->cursor_row = y;
				r->cursor_col = 2;
			}
		}
		sb_reset(&sb);
		switch (v->kind) {
		case V_TEXT:
			line_text(r, i, &sb);
			cv_textn(c, y, 2, v->i == 0 ? ROLE_HEADING : role, 0, sb.buf, c->cols - 2);
			break;
		case V_BAR:
			sb_addf(&sb, "%s %s", r->bars[v->i].property ? r->bars[v->i].property : "?",
				r->bars[v->i].bedspace ? r->bars[v->i].bedspace : "?");
			cv_textn(c, y, 2, role, 0, sb.buf, label_w);
			sb_reset(&sb);
			bar_text(r, v->i, bar_w, &sb);
			cv_text(c, y, 2 + label_w + 2, role, sb.buf);
			break;
		case V_HEADER:
		case V_ROW:
			draw_table_line(r, c, y, 2, v, role);
			break;
		}
	}
	if (r->have && r->t.ncols && r->hcol > 0 && y < row + rows)
		cv_textf(c, y, 2, ROLE_HINT, "Columns from %zu of %zu; Left and Right scroll.",
			 r->hcol + 1, r->t.ncols);
	sb_release(&sb);
}

static bool reports_cursor(void *state, struct ui *ui, const struct ui_canvas *c, int *row,
			   int *col)
{
	struct reports *r = state;

	(void)ui;
	(void)c;
	*row = r->cursor_row;
	*col = r->cursor_col;
	return true;
}

/* ---- keys ---- */

static bool can_focus(const struct reports *r, enum focus f)
{
	return f != F_RESULTS || (r->have && r->nv > 0);
}

static void move_focus(struct reports *r, int d)
{
	int f = (int)r->focus;

	do
		f = (f + d + F_COUNT) % F_COUNT;
	while (!can_focus(r, (enum focus)f));
	r->focus = (enum focus)f;
}

static enum ui_result results_key(struct reports *r, const struct ui_event *ev)
{
	size_t page = r->view_rows > 1 ? (size_t)r->view_rows - 1 : 1;

	switch (ev->action) {
	case ACT_UP:
		if (r->cur == 0) {
			r->focus = F_TO;
			return UI_REDRAW;
		}
		r->cur--;
		return UI_REDRAW;
	case ACT_DOWN:
		if (r->cur + 1 < r->nv)
			r->cur++;
		return UI_REDRAW;
	case ACT_PAGE_UP:
		r->cur = r->cur > page ? r->cur - page : 0;
		return UI_REDRAW;
	case ACT_PAGE_DOWN:
		r->cur = r->cur + page < r->nv ? r->cur + page : r->nv - 1;
		return UI_REDRAW;
	case ACT_FIRST:
		r->cur = 0;
		return UI_REDRAW;
	case ACT_LAST:
		r->cur = r->nv - 1;
		return UI_REDRAW;
	case ACT_LEFT:
		if (r->hcol > 0)
			r->hcol--;
		return UI_REDRAW;
	case ACT_RIGHT:
		if (r->hcol + 1 < r->t.ncols)
			r->hcol++;
		return UI_REDRAW;
	default:
		return UI_IGNORED;
	}
}

static enum ui_result date_key(struct strbuf *sb, const struct ui_event *ev)
{
	if (ev->key == UIK_BACKSPACE) {
		if (sb->len)
			sb_setlen(sb, sb->len - 1);
		return UI_REDRAW;
	}
	if ((ev->key >= '0' && ev->key <= '9') || ev->key == '-') {
		if (sb->len < 10)
			sb_addc(sb, (char)ev->key);
		return UI_REDRAW;
	}
	return UI_IGNORED;
}

static enum ui_result saving_key(struct reports *r, const struct ui_event *ev)
{
	if (ev->action == ACT_BACK) {
		r->saving = false;
		sb_reset(&r->error);
		return UI_REDRAW;
	}
	if (ev->key == UIK_ENTER) {
		save(r);
		return UI_REDRAW;
	}
	if (ev->key == UIK_BACKSPACE) {
		/* one whole UTF-8 character */
		while (r->path.len && ((unsigned char)r->path.buf[r->path.len - 1] & 0xC0) == 0x80)
			sb_setlen(&r->path, r->path.len - 1);
		if (r->path.len)
			sb_setlen(&r->path, r->path.len - 1);
		return UI_REDRAW;
	}
	if (ev->key == UIK_CTRL('u')) {
		sb_reset(&r->path);
		return UI_REDRAW;
	}
	if (ui_key_is_text(ev->key) && r->path.len < 4096) {
		utf8_encode(&r->path, (unsigned)ev->key);
		return UI_REDRAW;
	}
	return UI_HANDLED;   /* the prompt keeps every other key */
}

static enum ui_result reports_key(void *state, struct ui *ui, const struct ui_event *ev)
{
	struct reports *r = state;
	enum ui_result res;

	if (r->saving)
		return saving_key(r, ev);
	if (ev->action == ACT_BACK && r->running) {
		if (r->job_id > 0)
			ui_async_cancel(ui, r->job_id);
		r->job_id = 0;
		r->running = false;
		sb_reset(&r->error);
		sb_adds(&r->error, "The report was stopped before it finished.");
		return UI_REDRAW;
	}
	switch (ev->action) {
	case ACT_EXPORT:
		if (!r->have) {
			sb_reset(&r->error);
			sb_adds(&r->error, "Run a report first, then save it as CSV.");
			return UI_REDRAW;
		}
		default_path(r);
		sb_reset(&r->saved);
		r->saving = true;
		return UI_REDRAW;
	case ACT_REFRESH:
		run(r, ui);
		return UI_REDRAW;
	case ACT_NEXT_FIELD:
		move_focus(r, 1);
		return UI_REDRAW;
	case ACT_PREV_FIELD:
		move_focus(r, -1);
		return UI_REDRAW;
	case ACT_SELECT:
		run(r, ui);
		return UI_REDRAW;
	default:
		break;
	}
	if (r->focus == F_RESULTS)
		return results_key(r, ev);
	switch (ev->action) {
	case ACT_UP:
		if (r->focus != F_REPORT)
			move_focus(r, -1);
		return UI_REDRAW;
	case ACT_DOWN:
		if (r->focus != F_TO || can_focus(r, F_RESULTS))
			move_focus(r, 1);
		return UI_REDRAW;
	case ACT_LEFT:
	case ACT_RIGHT: {
		int d = ev->action == ACT_LEFT ? -1 : 1;

		if (r->focus == F_REPORT)
			r->report = (r->report + d + CAS3_REPORT_COUNT) % CAS3_REPORT_COUNT;
		else if (r->focus == F_REGION)
			r->region = (r->region + (size_t)(d + (int)r->n_regions + 1)) % (r->n_regions + 1);
		return UI_REDRAW;
	}
	default:
		break;
	}
	if (r->focus == F_FROM || r->focus == F_TO) {
		res = date_key(r->focus == F_FROM ? &r->from : &r->to, ev);
		if (res != UI_IGNORED)
			return res;
	}
	return UI_IGNORED;
}

static void reports_help(void *state, struct ui *ui, struct ui_help *h)
{
	(void)state;
	(void)ui;
	ui_help_action(h, ACT_NEXT_FIELD);
	ui_help_action(h, ACT_PREV_FIELD);
	ui_help_action(h, ACT_UP);
	ui_help_action(h, ACT_DOWN);
	ui_help_action(h, ACT_LEFT);
	ui_help_action(h, ACT_RIGHT);
	ui_help_action(h, ACT_PAGE_UP);
	ui_help_action(h, ACT_PAGE_DOWN);
	ui_help_action(h, ACT_SELECT);
	ui_help_action(h, ACT_REFRESH);
	ui_help_action(h, ACT_EXPORT);
	ui_help_action(h, ACT_BACK);
}

const struct screen_ops cas3_reports_screen = {
	.name = "cas3-reports",
	.title = "Accommodation reports",
	.section = SEC_REPORTS,
	.enter = reports_enter,
	.leave = reports_leave,
	.draw = reports_draw,
	.key = reports_key,
	.place_cursor = reports_cursor,
	.help = reports_help,
};

int cas3_reports_open(struct ui *ui)
{
	return ui_push(ui, &cas3_reports_screen, NULL);
}
