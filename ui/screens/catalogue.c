/* catalogue.c: the catalogue of interventions: type-ahead search over names
 * and descriptions (the list is filtered again at each key), filters that
 * cycle their values, counts, sort, marks for comparison (up to four), and
 * with a person in context (a CRN) each entry's verdict with its reasons in
 * words and the PNI pathway at the top.  Enter opens an entry's details; the
 * compare key the side-by-side comparison (catalogue_compare.c).
 *
 * Focus is on the search field, the list, the filter panel or the CRN
 * prompt.  In the search field and the prompt printable keys are typed;
 * everywhere else they are actions (config/keymap.yaml, section catalogue),
 * and a printable key that is no action starts typing in the search. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/catalogue_store.h"
#include "ui/screens/catalogue_internal.h"
#include "util/sanitize.h"

enum focus { FOCUS_SEARCH, FOCUS_LIST, FOCUS_FILTERS, FOCUS_CRN };

/* The filter dimensions, in panel order. */
enum dim {
	DIM_TYPE,
	DIM_SETTING,
	DIM_NEED,
	DIM_REGION,
	DIM_SEX,
	DIM_AGE,
	DIM_RISK,
	DIM_DELIVERY,
	DIM_VERDICT,
	DIM_COUNT
};

static const char *const dim_label[DIM_COUNT] = {
    "Type", "Setting", "Need", "Region", "Open to", "Age", "Risk level", "Delivery", "Eligibility",
};

static const int ages[] = {18, 21, 25, 30, 35, 40, 50, 60, 70};
#define N_AGES ((int)(sizeof ages / sizeof ages[0]))

static const char *const sort_label[] = {"relevance", "name", "type", "eligibility"};

struct catlist {
	struct cat_ctx ctx;
	struct cat_view view;
	struct cat_filter filter;
	int value[DIM_COUNT]; /* -1: any; else the value index */
	enum cat_sort sort;
	enum focus focus;
	struct cat_field search;
	struct cat_field crn; /* the CRN prompt */
	char *crn_error;      /* words, under the prompt */
	size_t sel;	      /* row of the view */
	size_t top;	      /* first row shown */
	int dim;	      /* focused filter */
	int lookup_id;
	unsigned seen_gen;
	/* where the cursor goes, from the last draw */
	int cur_row, cur_col;
	int list_rows;
};

struct lookup_job {
	struct catlist *l;
	char crn[8];
};

static int dim_count(int d)
{
	switch (d) {
	case DIM_TYPE:
		return CAT_TYPE_COUNT;
	case DIM_SETTING:
		return CAT_SETTING_COUNT;
	case DIM_NEED:
		return CAT_NEED_COUNT;
	case DIM_REGION:
		return CAT_REGION_COUNT;
	case DIM_SEX:
		return 2;
	case DIM_AGE:
		return N_AGES;
	case DIM_RISK:
		return CAT_LEVEL_COUNT;
	case DIM_DELIVERY:
		return CAT_DELIVERY_COUNT;
	case DIM_VERDICT:
		return 3;
	default:
		return 0;
	}
}

static const char *dim_value_label(int d, int v, char *buf, size_t size)
{
	if (v < 0)
		return "Any";
	switch (d) {
	case DIM_TYPE:
		return cat_type_label((enum cat_type)v);
	case DIM_SETTING:
		return cat_setting_label((enum cat_setting)v);
	case DIM_NEED:
		return cat_need_label((enum cat_need)v);
	case DIM_REGION:
		return cat_region_name((enum cat_region)(v + 1));
	case DIM_SEX:
		return v ? "Women" : "Men";
	case DIM_AGE:
		snprintf(buf, size, "%d", ages[v]);
		return buf;
	case DIM_RISK:
		return cat_level_label((enum cat_level)(v + 1));
	case DIM_DELIVERY:
		return cat_delivery_label((enum cat_delivery)v);
	case DIM_VERDICT:
		return cat_verdict_label((enum cat_verdict)v);
	default:
		return "?";
	}
}

/* How many entries the value would show (faceted counts); -1 when none. */
static long dim_value_count(const struct catlist *l, int d, int v)
{
	const struct cat_counts *k = &l->view.counts;

	if (v < 0)
		return -1;
	switch (d) {
	case DIM_TYPE:
		return k->type[v];
	case DIM_SETTING:
		return k->setting[v];
	case DIM_NEED:
		return k->need[v];
	case DIM_REGION:
		return k->region[v];
	case DIM_SEX:
		return k->sex[v];
	case DIM_RISK:
		return k->risk_level[v];
	case DIM_DELIVERY:
		return k->delivery[v];
	case DIM_VERDICT:
		return l->ctx.elig ? (long)k->verdict[v] : -1;
	default:
		return -1;
	}
}

static void filter_from_values(struct catlist *l)
{
	struct cat_filter *f = &l->filter;
	const int *v = l->value;

	memset(f, 0, sizeof *f);
	if (v[DIM_TYPE] >= 0)
		f->types = 1u << v[DIM_TYPE];
	if (v[DIM_SETTING] >= 0)
		f->settings = 1u << v[DIM_SETTING];
	if (v[DIM_NEED] >= 0)
		f->needs = 1u << v[DIM_NEED];
	if (v[DIM_REGION] >= 0)
		f->regions = CAT_REGION_BIT(v[DIM_REGION] + 1);
	if (v[DIM_SEX] >= 0)
		f->sexes = v[DIM_SEX] ? CAT_FILTER_FEMALE : CAT_FILTER_MALE;
	if (v[DIM_AGE] >= 0) {
		f->age_set = true;
		f->age = ages[v[DIM_AGE]];
	}
	if (v[DIM_RISK] >= 0)
		f->risk_levels = CAT_LEVEL_BIT(v[DIM_RISK] + 1);
	if (v[DIM_DELIVERY] >= 0)
		f->delivery = 1u << v[DIM_DELIVERY];
	if (v[DIM_VERDICT] >= 0 && l->ctx.elig)
		f->verdicts = 1u << v[DIM_VERDICT];
}

/* Runs the search and filters again and keeps the selection in range. */
static void refresh(struct catlist *l)
{
	enum cat_sort sort = l->sort;

	if (sort == CAT_SORT_ELIGIBILITY && !l->ctx.elig)
		sort = CAT_SORT_NAME;
	filter_from_values(l);
	if (cat_view_update(&l->view, l->search.text.buf ? l->search.text.buf : "", &l->filter,
			    sort, l->ctx.elig))
		return;
	if (l->sel >= l->view.n)
		l->sel = l->view.n ? l->view.n - 1 : 0;
	if (l->top > l->sel)
		l->top = l->sel;
}

/* ---------------------------------------------------------------- person */

static void lookup_done(struct ui *ui, void *arg, struct person_lookup *p, enum ct_status st,
			const char *err)
{
	struct lookup_job *j = arg;
	struct catlist *l;

	if (!ui) {
		person_lookup_free(&p);
		free(j);
		return;
	}
	l = j->l;
	l->lookup_id = 0;
	if (cat_ctx_set_person(&l->ctx, j->crn, p, st, err, time(NULL)))
		ui_message(ui, true, "out of memory while reading the person's details");
	l->ctx.loading = false;
	if (l->value[DIM_VERDICT] >= 0 && !l->ctx.elig)
		l->value[DIM_VERDICT] = -1;
	refresh(l);
	person_lookup_free(&p);
	free(j);
}

/* Starts the look-up of crn (normalised).  Returns 0, or -1 with err. */
static int start_person(struct catlist *l, struct ui *ui, const char *crn, unsigned flags,
			struct strbuf *err)
{
	struct lookup_job *j;

	if (l->lookup_id > 0) {
		ui_async_cancel(ui, l->lookup_id);
		l->lookup_id = 0;
	}
	cat_ctx_clear_person(&l->ctx);
	snprintf(l->ctx.crn, sizeof l->ctx.crn, "%s", crn);
	l->ctx.has_crn = true;
	j = calloc(1, sizeof *j);
	if (!j) {
		sb_adds(err, "out of memory");
		return -1;
	}
	j->l = l;
	snprintf(j->crn, sizeof j->crn, "%s", crn);
	l->lookup_id = ui_lookup_start(ui, crn, flags, lookup_done, j);
	if (l->lookup_id <= 0) {
		free(j);
		l->lookup_id = 0;
		cat_ctx_set_person(&l->ctx, crn, NULL, CT_UPSTREAM,
				   "caseterm has no connection settings for nDelius and OASys",
				   time(NULL));
		refresh(l);
		return 0;
	}
	l->ctx.loading = true;
	refresh(l);
	return 0;
}

/* ---------------------------------------------------------------- enter */

static int list_enter(struct ui *ui, const void *arg, void **state, struct strbuf *err)
{
	const struct catalogue_arg *a = arg;
	struct catlist *l = calloc(1, sizeof *l);
	struct catalogue *cat = NULL;
	int d;

	if (!l) {
		sb_adds(err, "out of memory");
		return -1;
	}
	if (a && a->cat) {
		cat = a->cat;
	} else if (!ui_db(ui)) {
		free(l);
		sb_adds(err, "the catalogue needs the database, and there is no connection");
		return -1;
	} else if (catalogue_store_load(ui_db(ui), &cat, err) != CT_OK) {
		struct strbuf why = STRBUF_INIT;

		sb_addf(&why, "could not read the catalogue: %s", err->buf ? err->buf : "");
		sb_reset(err);
		sb_add(err, why.buf, why.len);
		sb_release(&why);
		free(l);
		return -1;
	}
	if (cat_ctx_init(&l->ctx, cat) || cat_view_init(&l->view, l->ctx.cat)) {
		cat_ctx_release(&l->ctx);
		free(l);
		sb_adds(err, "out of memory");
		return -1;
	}
	for (d = 0; d < DIM_COUNT; d++)
		l->value[d] = -1;
	cat_field_init(&l->search, NULL);
	cat_field_init(&l->crn, NULL);
	l->focus = FOCUS_SEARCH;
	refresh(l);
	if (a && a->lookup) {
		/* tests: a look-up result instead of asking upstream */
		cat_ctx_set_person(&l->ctx, a->lookup->crn, a->lookup,
				   lookup_person_status(a->lookup), NULL,
				   a->now ? a->now : time(NULL));
		refresh(l);
	} else if (a && a->crn) {
		char crn[8];

		if (!lookup_crn_normalise(a->crn, crn)) {
			sb_adds(err, LOOKUP_CRN_FORMAT_MESSAGE);
			cat_view_release(&l->view);
			cat_ctx_release(&l->ctx);
			cat_field_release(&l->search);
			cat_field_release(&l->crn);
			free(l);
			return -1;
		}
		start_person(l, ui, crn, 0, err);
	}
	l->seen_gen = l->ctx.gen;
	*state = l;
	return 0;
}

static void list_leave(struct ui *ui, void *state)
{
	struct catlist *l = state;

	if (l->lookup_id > 0)
		ui_async_cancel(ui, l->lookup_id);
	cat_view_release(&l->view);
	cat_ctx_release(&l->ctx);
	cat_field_release(&l->search);
	cat_field_release(&l->crn);
	free(l->crn_error);
	free(l);
}

static const char *list_title(void *state)
{
	struct catlist *l = state;

	return l->ctx.has_crn ? "Catalogue for a person" : "Catalogue";
}

/* ---------------------------------------------------------------- draw */

/* The first key of action a; with typing, the first one that is not a
 * character (typed keys go into the field). */
static void key_hint_for(struct ui *ui, enum ui_action a, bool typing, struct strbuf *sb)
{
	ui_key k[8];
	size_t n = keymap_keys(ui_keymap(ui), SEC_CATALOGUE, a, k, 8), i;

	for (i = 0; i < n && i < 8; i++) {
		if (typing && ui_key_is_text(k[i]))
			continue;
		ui_key_name(k[i], sb);
		return;
	}
	sb_adds(sb, "(no key)");
}

static void key_hint(struct ui *ui, enum ui_action a, struct strbuf *sb)
{
	key_hint_for(ui, a, false, sb);
}

/* "Showing 12 of 51. Sorted by relevance. Marked for comparison: 2 of 4."
 * into sb and "Filters: Type Accredited Programmes, Age 25." into fl. */
static void status_line(struct catlist *l, struct strbuf *sb, struct strbuf *fl)
{
	char buf[16];
	int d, nf = 0;

	sb_addf(
	    sb, "Showing %zu of %zu. Sorted by %s.", l->view.n, l->ctx.n,
	    sort_label[l->sort == CAT_SORT_ELIGIBILITY && !l->ctx.elig ? CAT_SORT_NAME : l->sort]);
	if (l->ctx.n_marks)
		sb_addf(sb, " Marked for comparison: %zu of %d.", l->ctx.n_marks, CAT_COMPARE_MAX);
	sb_adds(fl, "Filters: ");
	for (d = 0; d < DIM_COUNT; d++) {
		if (l->value[d] < 0)
			continue;
		sb_addf(fl, "%s%s %s", nf ? ", " : "", dim_label[d],
			dim_value_label(d, l->value[d], buf, sizeof buf));
		nf++;
	}
	sb_adds(fl, nf ? "." : "none.");
}

static void person_lines(struct catlist *l, struct ui *ui, struct strbuf *a)
{
	if (l->ctx.loading) {
		sb_addf(a, "Person: looking up %s in nDelius and OASys...", l->ctx.crn);
		return;
	}
	if (!l->ctx.has_crn) {
		sb_adds(a, "Person: none. Press ");
		key_hint(ui, ACT_CAT_PERSON, a);
		sb_adds(a, " to enter a CRN and see who is eligible.");
		return;
	}
	if (!l->ctx.has_person) {
		sb_addf(a, "Person: %s. Error: %s.", l->ctx.crn,
			l->ctx.person_problem ? l->ctx.person_problem : "not known");
		return;
	}
	sb_addf(a, "Person: %s", l->ctx.person_line);
}

static void entry_verdict(struct catlist *l, size_t e, struct strbuf *sb)
{
	const char *why, *lab;
	size_t n;

	if (!l->ctx.elig)
		return;
	lab = cat_verdict_label((enum cat_verdict)l->ctx.elig[e].verdict);
	n = strlen(lab);
	sb_adds(sb, lab);
	why = cat_ctx_why(&l->ctx, e);
	if (l->ctx.elig[e].verdict == CAT_ELIGIBLE || !*why)
		return;
	/* "Check: Check: ..." reads badly: a reason may name its verdict */
	if (!strncmp(why, lab, n) && why[n] == ':')
		sb_adds(sb, why + n);
	else
		sb_addf(sb, ": %s", why);
}

static void draw_linear(struct catlist *l, struct ui *ui, struct ui_canvas *c)
{
	struct strbuf sb = STRBUF_INIT, b = STRBUF_INIT;
	int row = 0, d;
	size_t i;
	char buf[16];

	l->cur_col =
	    cat_field_draw(&l->search, c, row, 0, c->cols, "Search: ", l->focus == FOCUS_SEARCH);
	l->cur_row = row++;
	status_line(l, &sb, &b);
	row += cv_wrap(c, row, 0, c->cols, ROLE_NORMAL, sb.buf);
	row += cv_wrap(c, row, 0, c->cols, ROLE_NORMAL, b.buf);
	sb_reset(&sb);
	sb_reset(&b);
	if (l->focus == FOCUS_CRN) {
		l->cur_col = cat_field_draw(&l->crn, c, row, 0, c->cols, "CRN: ", true);
		l->cur_row = row++;
		if (l->crn_error)
			row += cv_wrap(c, row, 0, c->cols, ROLE_ERROR, l->crn_error);
	}
	person_lines(l, ui, &sb);
	row += cv_wrap(c, row, 0, c->cols, ROLE_NORMAL, sb.buf);
	if (l->ctx.has_person) {
		struct strbuf miss = STRBUF_INIT;

		sb_reset(&b);
		cat_ctx_pni_lines(&l->ctx, &b, &miss);
		row += cv_wrap(c, row, 0, c->cols, ROLE_NORMAL, b.buf);
		row += cv_wrap(c, row, 0, c->cols, ROLE_NORMAL, miss.buf);
		sb_release(&miss);
	}
	if (l->ctx.has_person && l->ctx.person_problem)
		row += cv_wrap(c, row, 0, c->cols, ROLE_ERROR, l->ctx.person_problem);
	if (l->focus == FOCUS_FILTERS) {
		cv_text(c, row++, 0, ROLE_HEADING, "Filters (Left and Right change the value):");
		for (d = 0; d < DIM_COUNT; d++) {
			long n = dim_value_count(l, d, l->value[d]);

			if (d == DIM_VERDICT && !l->ctx.elig)
				continue;
			sb_reset(&sb);
			sb_addf(&sb, "%s: %s", dim_label[d],
				dim_value_label(d, l->value[d], buf, sizeof buf));
			if (n >= 0)
				sb_addf(&sb, " (%ld)", n);
			if (d == l->dim) {
				l->cur_row = row;
				l->cur_col = 0;
			}
			row += cv_wrap(c, row, 0, c->cols,
				       d == l->dim ? ROLE_SELECTED : ROLE_NORMAL, sb.buf);
		}
	}
	cv_textf(c, row++, 0, ROLE_HEADING, "Entries (%zu):", l->view.n);
	if (!l->view.n)
		row += cv_wrap(c, row, 0, c->cols, ROLE_NORMAL,
			       l->ctx.n ? "No entry matches the search and filters."
					: "The catalogue is empty: an administrator adds entries "
					  "with caseterm catalogue import.");
	for (i = 0; i < l->view.n; i++) {
		size_t e = l->view.rows[i];

		sb_reset(&sb);
		sb_addf(&sb, "%zu. %s%s. %s.", i + 1,
			cat_ctx_marked(&l->ctx, e) >= 0 ? "[marked] " : "", l->ctx.names[e],
			cat_type_label(cat_entry_facts(l->ctx.cat, e)->type));
		if (l->ctx.elig) {
			sb_adds(&sb, " ");
			entry_verdict(l, e, &sb);
			sb_adds(&sb, ".");
		}
		if (i == l->sel && l->focus == FOCUS_LIST) {
			l->cur_row = row;
			l->cur_col = 0;
		}
		row += cv_wrap(c, row, 0, c->cols,
			       i == l->sel && l->focus == FOCUS_LIST ? ROLE_SELECTED : ROLE_NORMAL,
			       sb.buf);
	}
	sb_release(&sb);
	sb_release(&b);
}

static void draw_filters(struct catlist *l, struct ui_canvas *c, int row, int rows)
{
	char buf[16];
	int d, r = row;

	cv_text(c, r++, 1, ROLE_HEADING, "Filters: Up/Down choose, Left/Right change");
	for (d = 0; d < DIM_COUNT && r < row + rows; d++) {
		long n = dim_value_count(l, d, l->value[d]);
		bool sel = d == l->dim;
		enum theme_role role = sel ? ROLE_SELECTED : ROLE_NORMAL;
		struct strbuf sb = STRBUF_INIT;

		if (d == DIM_VERDICT && !l->ctx.elig)
			continue;
		if (sel) {
			cv_fill(c, r, 1, c->cols - 2, role);
			cv_text(c, r, 1, ROLE_MARKER, ">");
			l->cur_row = r;
			l->cur_col = 3;
		}
		cv_text(c, r, 3, sel ? role : ROLE_LABEL, dim_label[d]);
		sb_addf(&sb, "< %s >", dim_value_label(d, l->value[d], buf, sizeof buf));
		if (n >= 0)
			sb_addf(&sb, "  %ld %s", n, n == 1 ? "entry" : "entries");
		cv_textn(c, r, 16, role, 0, sb.buf, c->cols - 18);
		sb_release(&sb);
		r++;
	}
}

static void list_draw(void *state, struct ui *ui, struct ui_canvas *c)
{
	struct catlist *l = state;
	struct strbuf sb = STRBUF_INIT, b = STRBUF_INIT;
	int row = 0, w = c->cols, head, foot = 3, list_rows, r, namew, typew = 9, restw;
	size_t i;

	if (l->seen_gen != l->ctx.gen) {
		l->seen_gen = l->ctx.gen;
		refresh(l);
	}
	if (c->linear) {
		draw_linear(l, ui, c);
		return;
	}
	/* search and counts */
	l->cur_col =
	    cat_field_draw(&l->search, c, row, 1, w - 2, "Search: ", l->focus == FOCUS_SEARCH);
	l->cur_row = row++;
	status_line(l, &sb, &b);
	cv_textn(c, row++, 1, ROLE_HINT, 0, sb.buf, w - 2);
	cv_textn(c, row++, 1, ROLE_HINT, 0, b.buf, w - 2);
	sb_reset(&sb);
	sb_reset(&b);
	/* the person */
	if (l->focus == FOCUS_CRN) {
		l->cur_col = cat_field_draw(&l->crn, c, row, 1, w > 40 ? 30 : w - 2,
					    "CRN (Enter looks up, Esc cancels): ", true);
		l->cur_row = row++;
		if (l->crn_error)
			cv_textn(c, row, 1, ROLE_ERROR, 0, l->crn_error, w - 2);
		row++;
	} else {
		struct strbuf miss = STRBUF_INIT;

		person_lines(l, ui, &sb);
		cv_textn(c, row++, 1,
			 l->ctx.has_crn && !l->ctx.has_person && !l->ctx.loading ? ROLE_ERROR
										 : ROLE_NORMAL,
			 0, sb.buf, w - 2);
		if (l->ctx.has_person) {
			sb_reset(&b);
			cat_ctx_pni_lines(&l->ctx, &b, &miss);
			cv_textn(c, row++, 1, ROLE_NORMAL, 0, b.buf, w - 2);
			{
				struct ui_canvas sub = cv_sub(c, row, 1, 2, w - 2);

				row +=
				    cv_wrap(&sub, 0, 0, w - 2, ROLE_NORMAL, miss.buf) > 1 ? 2 : 1;
			}
			if (l->ctx.person_problem)
				cv_textn(c, row++, 1, ROLE_ERROR, 0, l->ctx.person_problem, w - 2);
		} else {
			row++;
		}
		sb_release(&miss);
	}
	head = row;
	list_rows = c->rows - head - 1 - foot;
	if (list_rows < 1)
		list_rows = 1;
	l->list_rows = list_rows;
	if (l->focus == FOCUS_FILTERS) {
		draw_filters(l, c, head, list_rows + 1);
		goto footer;
	}
	/* the list */
	restw = l->ctx.elig ? (w * 2) / 5 : (w - 6 - typew) / 2;
	namew = w - 6 - typew - restw - 1;
	cv_text(c, head, 1, ROLE_HEADING, "Mk");
	cv_text(c, head, 5, ROLE_HEADING, "Name");
	cv_text(c, head, 5 + namew + 1, ROLE_HEADING, "Type");
	cv_text(c, head, 5 + namew + 1 + typew, ROLE_HEADING,
		l->ctx.elig ? "Eligibility" : "Description");
	if (!l->view.n)
		cv_textn(c, head + 1, 5, ROLE_HINT, 0,
			 l->ctx.n ? "No entry matches the search and filters."
				  : "The catalogue is empty: an administrator adds entries with "
				    "caseterm catalogue import.",
			 w - 6);
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + (size_t)list_rows)
		l->top = l->sel - (size_t)list_rows + 1;
	for (r = 0, i = l->top; i < l->view.n && r < list_rows; i++, r++) {
		size_t e = l->view.rows[i];
		bool sel = i == l->sel && l->focus == FOCUS_LIST;
		bool selrow = i == l->sel;
		enum theme_role role = sel ? ROLE_SELECTED : ROLE_NORMAL;
		int y = head + 1 + r;

		if (sel) {
			cv_fill(c, y, 0, w, role);
			cv_text(c, y, 0, ROLE_MARKER, ">");
		} else if (selrow) {
			cv_text(c, y, 0, ROLE_MARKER, ">");
		}
		cv_text(c, y, 1, role, cat_ctx_marked(&l->ctx, e) >= 0 ? "[x]" : "[ ]");
		cv_textn(c, y, 5, role, 0, l->ctx.names[e], namew);
		cv_textn(c, y, 5 + namew + 1, role, 0,
			 cat_type_short(cat_entry_facts(l->ctx.cat, e)->type), typew - 1);
		sb_reset(&sb);
		if (l->ctx.elig)
			entry_verdict(l, e, &sb);
		else
			sb_adds(&sb, l->ctx.descs[e]);
		cv_textn(c, y, 5 + namew + 1 + typew, role, 0, sb.buf, restw);
		if (sel) {
			l->cur_row = y;
			l->cur_col = 1;
		}
	}
footer:
	/* the selected entry's reasons in full */
	row = c->rows - foot;
	sb_reset(&sb);
	if (l->view.n && l->ctx.elig) {
		size_t e = l->view.rows[l->sel];
		const char *why = cat_ctx_why(&l->ctx, e);

		sb_addf(&sb, "%s: %s%s%s", l->ctx.names[e],
			cat_verdict_label((enum cat_verdict)l->ctx.elig[e].verdict),
			*why ? ". " : "", why);
	} else if (l->view.n) {
		size_t e = l->view.rows[l->sel];

		sb_addf(&sb, "%s: %s", l->ctx.names[e], l->ctx.descs[e]);
	}
	{
		struct ui_canvas sub = cv_sub(c, row, 1, 2, w - 2);

		cv_wrap(&sub, 0, 0, w - 2, ROLE_NORMAL, sb.buf);
	}
	sb_reset(&sb);
	{
		bool typing = l->focus == FOCUS_SEARCH || l->focus == FOCUS_CRN;
		static const struct {
			enum ui_action a;
			const char *what;
		} hints[] = {
		    {ACT_CAT_MARK, "mark"},	  {ACT_CAT_COMPARE, "compare"},
		    {ACT_CAT_FILTERS, "filters"}, {ACT_CAT_SORT, "sort"},
		    {ACT_CAT_PERSON, "person"},
		};
		size_t h;

		if (l->focus == FOCUS_SEARCH)
			sb_adds(&sb, "Type to search, Down to the list  ");
		else if (l->focus == FOCUS_FILTERS)
			sb_adds(&sb, "Left/Right change, Enter done  ");
		else
			sb_adds(&sb, "Enter details  ");
		for (h = 0; h < sizeof hints / sizeof hints[0]; h++) {
			key_hint_for(ui, hints[h].a, typing, &sb);
			sb_addf(&sb, " %s  ", hints[h].what);
		}
		sb_adds(&sb, typing ? "F1 help" : "? help");
	}
	cv_textn(c, c->rows - 1, 1, ROLE_HINT, 0, sb.buf, w - 2);
	sb_release(&sb);
	sb_release(&b);
}

static bool list_cursor(void *state, struct ui *ui, const struct ui_canvas *c, int *row, int *col)
{
	struct catlist *l = state;

	(void)ui;
	(void)c;
	*row = l->cur_row;
	*col = l->cur_col;
	return true;
}

/* ---------------------------------------------------------------- keys */

static enum ui_result mark(struct catlist *l, struct ui *ui, size_t e)
{
	int r = cat_ctx_toggle_mark(&l->ctx, e);

	if (r < 0) {
		ui_message(ui, true, "Only %d entries can be compared: unmark one first.",
			   CAT_COMPARE_MAX);
		return UI_REDRAW;
	}
	ui_message(ui, false, "%s for comparison: %zu of %d marked.", r ? "Marked" : "Unmarked",
		   l->ctx.n_marks, CAT_COMPARE_MAX);
	return UI_REDRAW;
}

static enum ui_result compare(struct catlist *l, struct ui *ui)
{
	struct strbuf sb = STRBUF_INIT;

	if (l->ctx.n_marks < 2) {
		sb_adds(&sb, "Mark two to four entries with ");
		key_hint(ui, ACT_CAT_MARK, &sb);
		sb_adds(&sb, " to compare them side by side.");
		ui_message(ui, true, "%s", sb.buf);
		sb_release(&sb);
		return UI_REDRAW;
	}
	sb_release(&sb);
	ui_push(ui, &catalogue_compare_screen, &l->ctx);
	return UI_REDRAW;
}

static enum ui_result open_detail(struct catlist *l, struct ui *ui)
{
	struct cat_detail_arg a;

	if (!l->view.n)
		return UI_HANDLED;
	a.ctx = &l->ctx;
	a.entry = l->view.rows[l->sel];
	ui_push(ui, &catalogue_detail_screen, &a);
	return UI_REDRAW;
}

static enum ui_result move(struct catlist *l, enum ui_action a)
{
	size_t page = l->list_rows > 1 ? (size_t)l->list_rows - 1 : 1;

	if (!l->view.n)
		return UI_HANDLED;
	switch (a) {
	case ACT_UP:
		if (l->sel == 0) {
			l->focus = FOCUS_SEARCH;
			return UI_REDRAW;
		}
		l->sel--;
		break;
	case ACT_DOWN:
		if (l->sel + 1 < l->view.n)
			l->sel++;
		break;
	case ACT_PAGE_UP:
		l->sel = l->sel > page ? l->sel - page : 0;
		break;
	case ACT_PAGE_DOWN:
		l->sel = l->sel + page < l->view.n ? l->sel + page : l->view.n - 1;
		break;
	case ACT_FIRST:
		l->sel = 0;
		break;
	case ACT_LAST:
		l->sel = l->view.n - 1;
		break;
	default:
		return UI_IGNORED;
	}
	return UI_REDRAW;
}

static enum ui_result filters_key(struct catlist *l, const struct ui_event *ev)
{
	int n = dim_count(l->dim), last = l->ctx.elig ? DIM_VERDICT : DIM_DELIVERY;

	switch (ev->action) {
	case ACT_UP:
	case ACT_PREV_FIELD:
		l->dim = l->dim > 0 ? l->dim - 1 : last;
		return UI_REDRAW;
	case ACT_DOWN:
	case ACT_NEXT_FIELD:
		l->dim = l->dim < last ? l->dim + 1 : 0;
		return UI_REDRAW;
	case ACT_RIGHT:
		l->value[l->dim] = l->value[l->dim] + 1 >= n ? -1 : l->value[l->dim] + 1;
		l->sel = 0;
		refresh(l);
		return UI_REDRAW;
	case ACT_LEFT:
		l->value[l->dim] = l->value[l->dim] < 0 ? n - 1 : l->value[l->dim] - 1;
		l->sel = 0;
		refresh(l);
		return UI_REDRAW;
	case ACT_FIRST:
	case ACT_PAGE_UP:
		l->dim = 0;
		return UI_REDRAW;
	case ACT_LAST:
	case ACT_PAGE_DOWN:
		l->dim = last;
		return UI_REDRAW;
	case ACT_SELECT:
	case ACT_BACK:
	case ACT_CAT_FILTERS:
		l->focus = FOCUS_LIST;
		return UI_REDRAW;
	default:
		return UI_IGNORED;
	}
}

static enum ui_result crn_key(struct catlist *l, struct ui *ui, const struct ui_event *ev)
{
	struct strbuf err = STRBUF_INIT;
	bool changed;
	char crn[8];

	if (ev->action == ACT_BACK) {
		l->focus = FOCUS_LIST;
		free(l->crn_error);
		l->crn_error = NULL;
		return UI_REDRAW;
	}
	if (ev->action == ACT_SELECT) {
		free(l->crn_error);
		l->crn_error = NULL;
		if (!l->crn.text.len) {
			/* an empty CRN: no person */
			if (l->lookup_id > 0)
				ui_async_cancel(ui, l->lookup_id);
			l->lookup_id = 0;
			cat_ctx_clear_person(&l->ctx);
			if (l->value[DIM_VERDICT] >= 0)
				l->value[DIM_VERDICT] = -1;
			refresh(l);
			l->focus = FOCUS_LIST;
			return UI_REDRAW;
		}
		if (!lookup_crn_normalise(l->crn.text.buf, crn)) {
			l->crn_error = strdup("Error: " LOOKUP_CRN_FORMAT_MESSAGE);
			return UI_REDRAW;
		}
		if (start_person(l, ui, crn, 0, &err))
			ui_message(ui, true, "%s", err.buf);
		sb_release(&err);
		l->focus = FOCUS_LIST;
		return UI_REDRAW;
	}
	if (cat_field_key(&l->crn, ev, &changed))
		return UI_REDRAW;
	return ev->global ? UI_IGNORED : UI_HANDLED;
}

static enum ui_result list_key(void *state, struct ui *ui, const struct ui_event *ev)
{
	struct catlist *l = state;
	bool changed;

	if (l->focus == FOCUS_CRN)
		return crn_key(l, ui, ev);
	if (l->focus == FOCUS_FILTERS) {
		enum ui_result r = filters_key(l, ev);

		if (r != UI_IGNORED)
			return r;
	}
	if (l->focus == FOCUS_SEARCH) {
		if (cat_field_key(&l->search, ev, &changed)) {
			if (changed) {
				l->sel = 0;
				l->top = 0;
				refresh(l);
			}
			return UI_REDRAW;
		}
		switch (ev->action) {
		case ACT_DOWN:
		case ACT_NEXT_FIELD:
		case ACT_SELECT:
			l->focus = FOCUS_LIST;
			return UI_REDRAW;
		default:
			break;
		}
	}
	switch (ev->action) {
	case ACT_SEARCH:
		l->focus = FOCUS_SEARCH;
		return UI_REDRAW;
	case ACT_PREV_FIELD:
	case ACT_NEXT_FIELD:
		l->focus = l->focus == FOCUS_LIST ? FOCUS_SEARCH : FOCUS_LIST;
		return UI_REDRAW;
	case ACT_UP:
	case ACT_DOWN:
	case ACT_PAGE_UP:
	case ACT_PAGE_DOWN:
	case ACT_FIRST:
	case ACT_LAST:
		l->focus = FOCUS_LIST;
		return move(l, ev->action);
	case ACT_SELECT:
		return open_detail(l, ui);
	case ACT_CAT_MARK:
		if (l->view.n)
			return mark(l, ui, l->view.rows[l->sel]);
		return UI_HANDLED;
	case ACT_CAT_COMPARE:
		return compare(l, ui);
	case ACT_CAT_FILTERS:
		l->focus = FOCUS_FILTERS;
		return UI_REDRAW;
	case ACT_CAT_CLEAR_FILTERS: {
		int d;

		for (d = 0; d < DIM_COUNT; d++)
			l->value[d] = -1;
		cat_field_set(&l->search, NULL);
		l->sel = l->top = 0;
		refresh(l);
		ui_message(ui, false, "Search and filters cleared: showing all %zu entries.",
			   l->ctx.n);
		return UI_REDRAW;
	}
	case ACT_CAT_SORT:
		l->sort = (enum cat_sort)((l->sort + 1) % (l->ctx.elig ? 4 : 3));
		l->sel = l->top = 0;
		refresh(l);
		ui_message(ui, false, "Sorted by %s.", sort_label[l->sort]);
		return UI_REDRAW;
	case ACT_CAT_PERSON:
		free(l->crn_error);
		l->crn_error = NULL;
		cat_field_set(&l->crn, l->ctx.has_crn ? l->ctx.crn : NULL);
		l->focus = FOCUS_CRN;
		return UI_REDRAW;
	case ACT_REFRESH:
		if (l->ctx.has_crn) {
			char crn[8];
			struct strbuf err = STRBUF_INIT;

			snprintf(crn, sizeof crn, "%s", l->ctx.crn);
			/* ask nDelius and OASys again, not the cache */
			start_person(l, ui, crn, LOOKUP_REFRESH, &err);
			sb_release(&err);
			return UI_REDRAW;
		}
		return UI_HANDLED;
	case ACT_NONE:
		/* type-ahead: a printable key that is no action starts a search */
		if (l->focus == FOCUS_LIST && ui_key_is_text(ev->key) && ev->key != ' ') {
			l->focus = FOCUS_SEARCH;
			cat_field_key(&l->search, ev, &changed);
			l->sel = l->top = 0;
			refresh(l);
			return UI_REDRAW;
		}
		return UI_IGNORED;
	default:
		return UI_IGNORED;
	}
}

static void list_help(void *state, struct ui *ui, struct ui_help *h)
{
	(void)state;
	(void)ui;
	ui_help_action(h, ACT_SEARCH);
	ui_help_action(h, ACT_UP);
	ui_help_action(h, ACT_DOWN);
	ui_help_action(h, ACT_PAGE_UP);
	ui_help_action(h, ACT_PAGE_DOWN);
	ui_help_action(h, ACT_NEXT_FIELD);
	ui_help_action(h, ACT_SELECT);
	ui_help_action(h, ACT_CAT_MARK);
	ui_help_action(h, ACT_CAT_COMPARE);
	ui_help_action(h, ACT_CAT_FILTERS);
	ui_help_action(h, ACT_LEFT);
	ui_help_action(h, ACT_RIGHT);
	ui_help_action(h, ACT_CAT_CLEAR_FILTERS);
	ui_help_action(h, ACT_CAT_SORT);
	ui_help_action(h, ACT_CAT_PERSON);
	ui_help_action(h, ACT_REFRESH);
	ui_help_action(h, ACT_BACK);
}

const struct screen_ops catalogue_screen = {
    .name = "catalogue",
    .title = "Catalogue",
    .section = SEC_CATALOGUE,
    .enter = list_enter,
    .leave = list_leave,
    .draw = list_draw,
    .key = list_key,
    .place_cursor = list_cursor,
    .help = list_help,
    .title_of = list_title,
};

int catalogue_open(struct ui *ui, const char *crn_or_null, struct strbuf *err)
{
	struct catalogue_arg a = {.crn = crn_or_null};
	char crn[8];

	if (crn_or_null && !lookup_crn_normalise(crn_or_null, crn)) {
		sb_adds(err, LOOKUP_CRN_FORMAT_MESSAGE);
		return -1;
	}
	if (ui_push(ui, &catalogue_screen, &a)) {
		sb_adds(err,
			"the catalogue could not be opened (the reason is in the status line)");
		return -1;
	}
	return 0;
}
