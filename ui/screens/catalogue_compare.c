/* catalogue_compare.c: the marked entries side by side: one column per
 * entry, one row per attribute (cat_compare_build), rows where the entries
 * differ marked with "*" (not colour alone).  When the columns do not fit,
 * Left and Right scroll them while the attribute column stays; Up and Down
 * move between attributes.  With --linear it reads attribute by attribute.
 * The comparison is exported as plain text or CSV to a file the user names
 * (the current directory by default). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ui/lines.h"
#include "ui/screens/catalogue_internal.h"
#include "util/sanitize.h"

enum { MIN_COL = 24 };

struct compare {
	struct cat_ctx *ctx;
	struct cat_compare cmp; /* cells and headers sanitised */
	bool built;
	unsigned gen;
	size_t nmarks_built;
	size_t sel;	       /* attribute row */
	size_t top;	       /* first attribute row shown */
	size_t hcol;	       /* first entry column shown */
	size_t vis;	       /* entry columns shown at the last draw */
	struct ui_lines lines; /* --linear */
	int page;
	bool choosing; /* "Refer for which entry? 1 to n" */
	/* export prompt */
	bool exporting;
	bool csv;
	bool overwrite_ok; /* the user was told the file exists */
	struct cat_field path;
	char *export_error;
	int cur_row, cur_col;
};

static int clean_in_place(char **s)
{
	char *c = text_sanitize(*s, SAN_SINGLE_LINE);

	if (!c)
		return -1;
	free(*s);
	*s = c;
	return 0;
}

static void build_lines(struct compare *m)
{
	struct strbuf sb = STRBUF_INIT;
	size_t r, k;

	lines_release(&m->lines);
	lines_init(&m->lines);
	lines_addf(&m->lines, ROLE_HEADING, NULL, "Comparison of %zu interventions.", m->cmp.ncols);
	if (m->ctx->has_person) {
		struct strbuf miss = STRBUF_INIT;

		lines_addf(&m->lines, ROLE_NORMAL, NULL, "For %s.", m->ctx->person_line);
		cat_ctx_pni_lines(m->ctx, &sb, &miss);
		lines_add(&m->lines, ROLE_NORMAL, NULL, sb.buf);
		lines_add(&m->lines, ROLE_NORMAL, NULL, miss.buf);
		sb_release(&miss);
	}
	for (k = 0; k < m->cmp.ncols; k++)
		lines_addf(&m->lines, ROLE_NORMAL, NULL, "%zu. %s", k + 1, m->cmp.headers[k]);
	for (r = 0; r < m->cmp.nrows; r++) {
		lines_addf(&m->lines, ROLE_HEADING, NULL, "%s%s:", m->cmp.rows[r].attribute,
			   m->cmp.rows[r].differs ? " [differs]" : " [same for all]");
		for (k = 0; k < m->cmp.ncols; k++)
			lines_addf(&m->lines, ROLE_NORMAL, NULL, "  %zu. %s: %s", k + 1,
				   m->cmp.headers[k], m->cmp.rows[r].cells[k]);
	}
	sb_release(&sb);
}

/* (Re)builds the comparison for the marks and the person.  0, or -1 with err. */
static int build(struct compare *m, struct strbuf *err)
{
	struct cat_ctx *x = m->ctx;
	size_t r, k;
	enum ct_status st;

	if (m->built)
		cat_compare_release(&m->cmp);
	m->built = true;
	m->gen = x->gen;
	m->nmarks_built = x->n_marks;
	st = cat_compare_build(x->cat, x->marks, x->n_marks, x->has_person ? &x->person : NULL,
			       &m->cmp);
	if (st != CT_OK) {
		sb_adds(err, st == CT_NOMEM ? "out of memory"
					    : "mark two to four entries to compare them");
		return -1;
	}
	for (k = 0; k < m->cmp.ncols; k++)
		if (clean_in_place(&m->cmp.headers[k]))
			goto nomem;
	for (r = 0; r < m->cmp.nrows; r++)
		for (k = 0; k < m->cmp.ncols; k++)
			if (clean_in_place(&m->cmp.rows[r].cells[k]))
				goto nomem;
	if (m->sel >= m->cmp.nrows)
		m->sel = 0;
	if (m->hcol >= m->cmp.ncols)
		m->hcol = 0;
	build_lines(m);
	return 0;
nomem:
	sb_adds(err, "out of memory");
	return -1;
}

static int compare_enter(struct ui *ui, const void *arg, void **state, struct strbuf *err)
{
	struct compare *m;

	(void)ui;
	if (!arg) {
		sb_adds(err, "no catalogue given");
		return -1;
	}
	m = calloc(1, sizeof *m);
	if (!m) {
		sb_adds(err, "out of memory");
		return -1;
	}
	m->ctx = (struct cat_ctx *)arg;
	lines_init(&m->lines);
	cat_field_init(&m->path, NULL);
	if (m->ctx->n_marks < 1 || build(m, err)) {
		if (!err->len)
			sb_adds(err, "mark two to four entries to compare them");
		if (m->built)
			cat_compare_release(&m->cmp);
		lines_release(&m->lines);
		cat_field_release(&m->path);
		free(m);
		return -1;
	}
	*state = m;
	return 0;
}

static void compare_leave(struct ui *ui, void *state)
{
	struct compare *m = state;

	(void)ui;
	if (m->built)
		cat_compare_release(&m->cmp);
	lines_release(&m->lines);
	cat_field_release(&m->path);
	free(m->export_error);
	free(m);
}

static const char *compare_title(void *state)
{
	(void)state;
	return "Compare interventions";
}

/* Draws one attribute row from y; returns its height (rows used, >= 1). */
static int draw_row(struct compare *m, struct ui_canvas *c, size_t r, int y, int aw, int cw,
		    int maxh)
{
	const struct cat_compare_row *row = &m->cmp.rows[r];
	bool sel = r == m->sel && !m->exporting;
	int h = 1, k, used;
	struct ui_canvas sub;

	if (maxh < 1)
		return 0;
	sub = cv_sub(c, y, 2, maxh, aw - 3);
	used = cv_wrap(&sub, 0, 0, aw - 3, sel ? ROLE_SELECTED : ROLE_LABEL, row->attribute);
	if (used > h)
		h = used;
	cv_text(c, y, 0, ROLE_MARKER, sel ? ">" : " ");
	if (row->differs)
		cv_text(c, y, 1, ROLE_MARKER, "*");
	for (k = 0; k < (int)m->vis && m->hcol + (size_t)k < m->cmp.ncols; k++) {
		int x = aw + k * cw;

		sub = cv_sub(c, y, x + 1, maxh, cw - 2);
		used = cv_wrap(&sub, 0, 0, cw - 2, ROLE_NORMAL, row->cells[m->hcol + (size_t)k]);
		if (used > h)
			h = used;
	}
	if (h > maxh)
		h = maxh;
	return h;
}

static void draw_table(struct compare *m, struct ui *ui, struct ui_canvas *c)
{
	struct strbuf sb = STRBUF_INIT;
	int aw = c->cols >= 120 ? 24 : 18, avail = c->cols - aw, cw, y, k, body0, bodyh, tries;
	size_t r, last_start;

	(void)ui;
	m->vis = (size_t)(avail / MIN_COL);
	if (m->vis < 1)
		m->vis = 1;
	if (m->vis > m->cmp.ncols)
		m->vis = m->cmp.ncols;
	if (m->hcol + m->vis > m->cmp.ncols)
		m->hcol = m->cmp.ncols - m->vis;
	cw = avail / (int)m->vis;
	y = 0;
	/* who it is for, and the legend */
	if (m->ctx->has_person) {
		sb_addf(&sb, "For %s", m->ctx->person_line);
		cv_textn(c, y++, 1, ROLE_NORMAL, 0, sb.buf, c->cols - 2);
		struct strbuf miss = STRBUF_INIT;

		sb_reset(&sb);
		cat_ctx_pni_lines(m->ctx, &sb, &miss);
		sb_addf(&sb, " %s", miss.buf);
		cv_textn(c, y++, 1, ROLE_NORMAL, 0, sb.buf, c->cols - 2);
		sb_reset(&sb);
		sb_release(&miss);
	} else {
		cv_textn(c, y++, 1, ROLE_HINT, 0,
			 "No person: eligibility needs a CRN (p on the list).", c->cols - 2);
	}
	sb_addf(&sb, "* = the entries differ.");
	if (m->vis < m->cmp.ncols)
		sb_addf(&sb, " Showing entries %zu-%zu of %zu: Left/Right for the others.",
			m->hcol + 1, m->hcol + m->vis, m->cmp.ncols);
	cv_textn(c, y++, 1, ROLE_HINT, 0, sb.buf, c->cols - 2);
	/* headers: entry names over two rows */
	cv_text(c, y, 2, ROLE_HEADING, "Attribute");
	for (k = 0; k < (int)m->vis; k++) {
		struct ui_canvas sub = cv_sub(c, y, aw + k * cw + 1, 2, cw - 2);

		sb_reset(&sb);
		sb_addf(&sb, "%zu. %s", m->hcol + (size_t)k + 1,
			m->cmp.headers[m->hcol + (size_t)k]);
		cv_wrap(&sub, 0, 0, cw - 2, ROLE_HEADING, sb.buf);
	}
	if (m->hcol > 0)
		cv_text(c, y, aw - 2, ROLE_MARKER, "<");
	if (m->hcol + m->vis < m->cmp.ncols)
		cv_text(c, y, c->cols - 1, ROLE_MARKER, ">");
	y += 2;
	cv_hline(c, y++, 0, c->cols, ROLE_BORDER);
	body0 = y;
	bodyh = c->rows - body0 - 2;
	if (bodyh < 1)
		bodyh = 1;
	if (m->top > m->sel)
		m->top = m->sel;
	for (tries = 0; tries < (int)m->cmp.nrows + 1; tries++) {
		for (y = body0; y < body0 + bodyh; y++)
			cv_fill(c, y, 0, c->cols, ROLE_NORMAL);
		y = body0;
		last_start = m->top;
		for (r = m->top; r < m->cmp.nrows && y < body0 + bodyh; r++) {
			int h = draw_row(m, c, r, y, aw, cw, body0 + bodyh - y);

			if (r == m->sel) {
				m->cur_row = y;
				m->cur_col = 2;
			}
			last_start = r;
			y += h;
			if (y < body0 + bodyh)
				y++; /* a blank row between attributes */
		}
		/* the selected row must start on screen and, unless it is the
		 * first one shown, end on it too */
		if (m->sel <= last_start &&
		    (m->sel < last_start || m->sel == m->top || y < body0 + bodyh))
			break;
		m->top++;
	}
	sb_release(&sb);
}

static void draw_footer(struct compare *m, struct ui *ui, struct ui_canvas *c)
{
	int y = c->rows - 2;

	(void)ui;
	cv_fill(c, y, 0, c->cols, ROLE_NORMAL);
	cv_fill(c, y + 1, 0, c->cols, ROLE_NORMAL);
	if (m->exporting) {
		if (m->export_error)
			cv_textn(c, y, 1, ROLE_ERROR, 0, m->export_error, c->cols - 2);
		else
			cv_textn(c, y, 1, ROLE_HINT, 0, "Enter saves, Esc cancels.", c->cols - 2);
		m->cur_col =
		    cat_field_draw(&m->path, c, y + 1, 1, c->cols - 2,
				   m->csv ? "Save as CSV to: " : "Save as text to: ", true);
		m->cur_row = y + 1;
		return;
	}
	if (m->choosing) {
		struct strbuf sb = STRBUF_INIT;

		sb_addf(&sb, "Refer for which entry? Press 1 to %zu (Esc cancels).", m->cmp.ncols);
		cv_textn(c, y + 1, 1, ROLE_FOCUS, 0, sb.buf, c->cols - 2);
		m->cur_row = y + 1;
		m->cur_col = 1 + (int)text_width(sb.buf) < c->cols ? 1 + (int)text_width(sb.buf)
								   : c->cols - 1;
		sb_release(&sb);
		return;
	}
	cv_textn(c, y + 1, 1, ROLE_HINT, 0,
		 "Up/Down rows  Left/Right entries  r refer  e text  v CSV  Esc back", c->cols - 2);
}

static void compare_draw(void *state, struct ui *ui, struct ui_canvas *c)
{
	struct compare *m = state;

	if (m->gen != m->ctx->gen || m->nmarks_built != m->ctx->n_marks) {
		struct strbuf err = STRBUF_INIT;

		if (m->ctx->n_marks >= 1)
			build(m, &err);
		sb_release(&err);
	}
	if (c->linear) {
		int row;

		m->page = c->rows > 1 ? c->rows - 1 : 1;
		if (m->choosing) {
			struct strbuf sb = STRBUF_INIT;

			sb_addf(&sb, "Refer for which entry? Press 1 to %zu (Esc cancels).",
				m->cmp.ncols);
			row = cv_wrap(c, 0, 0, c->cols, ROLE_NORMAL, sb.buf);
			for (size_t k = 0; k < m->cmp.ncols; k++) {
				sb_reset(&sb);
				sb_addf(&sb, "%zu. %s", k + 1, m->cmp.headers[k]);
				row += cv_wrap(c, row, 0, c->cols, ROLE_NORMAL, sb.buf);
			}
			m->cur_row = 0;
			m->cur_col = 0;
			sb_release(&sb);
			return;
		}
		if (m->exporting) {
			row = 0;
			if (m->export_error)
				row += cv_wrap(c, row, 0, c->cols, ROLE_ERROR, m->export_error);
			m->cur_col =
			    cat_field_draw(&m->path, c, row, 0, c->cols,
					   m->csv ? "Save as CSV to: " : "Save as text to: ", true);
			m->cur_row = row;
			return;
		}
		cat_lines_linear(&m->lines, c, &m->cur_row);
		m->cur_col = 0;
		return;
	}
	draw_table(m, ui, c);
	draw_footer(m, ui, c);
}

/* ---------------------------------------------------------------- export */

static void set_error(struct compare *m, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void set_error(struct compare *m, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	sb_adds(&sb, "Error: ");
	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	free(m->export_error);
	m->export_error = text_sanitize(sb.buf, SAN_SINGLE_LINE);
	sb_release(&sb);
}

/* Writes the export.  Returns 0, or -1 with the error set (the path stays). */
static int write_export(struct compare *m, struct ui *ui)
{
	const char *path = m->path.text.buf ? m->path.text.buf : "";
	struct strbuf body = STRBUF_INIT;
	struct stat stt;
	FILE *f;
	int rc;

	if (!*path) {
		set_error(m, "Enter the name of the file to save to.");
		return -1;
	}
	if (!stat(path, &stt)) {
		if (S_ISDIR(stt.st_mode)) {
			set_error(m, "%s is a folder: add a file name to it.", path);
			return -1;
		}
		if (!m->overwrite_ok) {
			set_error(m,
				  "the file exists. Enter again replaces it; or change the name.");
			m->overwrite_ok = true;
			return -1;
		}
	}
	rc = m->csv ? cat_compare_csv(&m->cmp, &body) : cat_compare_text(&m->cmp, &body);
	if (rc) {
		set_error(m, "out of memory while writing the comparison");
		sb_release(&body);
		return -1;
	}
	f = fopen(path, "w");
	if (!f) {
		set_error(m, "could not save to %s: %s.", path, strerror(errno));
		sb_release(&body);
		return -1;
	}
	if ((body.len && fwrite(body.buf, 1, body.len, f) != body.len) || ferror(f)) {
		set_error(m, "could not write %s: %s.", path, strerror(errno));
		fclose(f);
		sb_release(&body);
		return -1;
	}
	if (fclose(f)) {
		set_error(m, "could not write %s: %s.", path, strerror(errno));
		sb_release(&body);
		return -1;
	}
	ui_message(ui, false, "Saved the comparison as %s to %s.", m->csv ? "CSV" : "text", path);
	sb_release(&body);
	return 0;
}

static void start_export(struct compare *m, bool csv)
{
	m->exporting = true;
	m->csv = csv;
	m->overwrite_ok = false;
	free(m->export_error);
	m->export_error = NULL;
	cat_field_set(&m->path, csv ? "catalogue-comparison.csv" : "catalogue-comparison.txt");
}

static enum ui_result export_key(struct compare *m, struct ui *ui, const struct ui_event *ev)
{
	bool changed;

	if (ev->action == ACT_BACK) {
		m->exporting = false;
		return UI_REDRAW;
	}
	if (ev->action == ACT_SELECT) {
		if (!write_export(m, ui)) {
			m->exporting = false;
			free(m->export_error);
			m->export_error = NULL;
		}
		return UI_REDRAW;
	}
	if (cat_field_key(&m->path, ev, &changed)) {
		if (changed)
			m->overwrite_ok = false;
		return UI_REDRAW;
	}
	return ev->global && ev->action != ACT_NONE ? UI_IGNORED : UI_HANDLED;
}

/* Starts a universal referral for entry k of the comparison, for the
 * person in context (or one to be typed). */
static enum ui_result refer(struct compare *m, struct ui *ui, size_t k)
{
	struct strbuf err = STRBUF_INIT;
	const struct cat_def *d = cat_entry(m->ctx->cat, m->cmp.entry[k]);

	m->choosing = false;
	if (!d->id) {
		ui_message(ui, true,
			   "this entry is not stored in the database, so it cannot be referred to");
		return UI_REDRAW;
	}
	if (referral_start(ui, m->ctx->has_crn ? m->ctx->crn : NULL, d->id, &err))
		ui_message(ui, true, "%s", err.len ? err.buf : "could not start the referral");
	sb_release(&err);
	return UI_REDRAW;
}

static enum ui_result choose_key(struct compare *m, struct ui *ui, const struct ui_event *ev)
{
	if (ev->action == ACT_BACK) {
		m->choosing = false;
		return UI_REDRAW;
	}
	if (ev->key >= '1' && ev->key < '1' + (ui_key)m->cmp.ncols)
		return refer(m, ui, (size_t)(ev->key - '1'));
	if (ev->global && (ev->action == ACT_QUIT || ev->action == ACT_HELP))
		return UI_IGNORED;
	return UI_HANDLED;
}

static enum ui_result compare_key(void *state, struct ui *ui, const struct ui_event *ev)
{
	struct compare *m = state;

	if (m->exporting)
		return export_key(m, ui, ev);
	if (m->choosing)
		return choose_key(m, ui, ev);
	switch (ev->action) {
	case ACT_START_REFERRAL:
		if (m->cmp.ncols == 1)
			return refer(m, ui, 0);
		m->choosing = true;
		return UI_REDRAW;
	case ACT_EXPORT_TEXT:
		start_export(m, false);
		return UI_REDRAW;
	case ACT_EXPORT_CSV:
		start_export(m, true);
		return UI_REDRAW;
	default:
		break;
	}
	if (ui_linear(ui))
		return lines_key(&m->lines, ev, m->page);
	switch (ev->action) {
	case ACT_UP:
	case ACT_PREV_FIELD:
		if (m->sel > 0)
			m->sel--;
		return UI_REDRAW;
	case ACT_DOWN:
	case ACT_NEXT_FIELD:
		if (m->sel + 1 < m->cmp.nrows)
			m->sel++;
		return UI_REDRAW;
	case ACT_PAGE_UP:
		m->sel = m->sel > 5 ? m->sel - 5 : 0;
		return UI_REDRAW;
	case ACT_PAGE_DOWN:
		m->sel = m->sel + 5 < m->cmp.nrows ? m->sel + 5 : m->cmp.nrows - 1;
		return UI_REDRAW;
	case ACT_FIRST:
		m->sel = 0;
		m->hcol = 0;
		return UI_REDRAW;
	case ACT_LAST:
		m->sel = m->cmp.nrows ? m->cmp.nrows - 1 : 0;
		return UI_REDRAW;
	case ACT_LEFT:
		if (m->hcol > 0)
			m->hcol--;
		return UI_REDRAW;
	case ACT_RIGHT:
		if (m->hcol + m->vis < m->cmp.ncols)
			m->hcol++;
		return UI_REDRAW;
	default:
		return UI_IGNORED;
	}
}

static bool compare_cursor(void *state, struct ui *ui, const struct ui_canvas *c, int *row,
			   int *col)
{
	struct compare *m = state;

	(void)ui;
	(void)c;
	*row = m->cur_row;
	*col = m->cur_col;
	return true;
}

static void compare_help(void *state, struct ui *ui, struct ui_help *h)
{
	(void)state;
	(void)ui;
	ui_help_action(h, ACT_UP);
	ui_help_action(h, ACT_DOWN);
	ui_help_action(h, ACT_LEFT);
	ui_help_action(h, ACT_RIGHT);
	ui_help_action(h, ACT_PAGE_UP);
	ui_help_action(h, ACT_PAGE_DOWN);
	ui_help_action(h, ACT_START_REFERRAL);
	ui_help_action(h, ACT_EXPORT_TEXT);
	ui_help_action(h, ACT_EXPORT_CSV);
	ui_help_action(h, ACT_BACK);
}

const struct screen_ops catalogue_compare_screen = {
    .name = "catalogue-compare",
    .title = "Compare interventions",
    .section = SEC_CATALOGUE,
    .enter = compare_enter,
    .leave = compare_leave,
    .draw = compare_draw,
    .key = compare_key,
    .place_cursor = compare_cursor,
    .help = compare_help,
    .title_of = compare_title,
};
