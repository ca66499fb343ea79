/* catalogue_detail.c: one catalogue entry, everything the source holds
 * (descriptions, criteria, session counts and hours, locations, contacts,
 * suitability notes), and with a person in context the verdict with every
 * reason.  A scrolling list of labelled lines (ui/lines.h); the mark key
 * marks it for comparison from here too. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/lines.h"
#include "ui/screens/catalogue_internal.h"
#include "util/sanitize.h"

struct detail {
	struct cat_ctx *ctx;
	size_t entry;
	struct ui_lines lines;
	unsigned gen;
	int page;
};

static void add(struct ui_lines *l, const char *key, const char *value)
{
	char *clean;

	if (!value || !*value)
		return;
	clean = text_sanitize(value, SAN_SINGLE_LINE);
	if (clean)
		lines_add(l, ROLE_NORMAL, key, clean);
	free(clean);
}

static void addf(struct ui_lines *l, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void addf(struct ui_lines *l, const char *key, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	add(l, key, sb.buf);
	sb_release(&sb);
}

static void heading(struct ui_lines *l, const char *text)
{
	lines_add(l, ROLE_HEADING, NULL, "");
	lines_add(l, ROLE_HEADING, NULL, text);
}

static void offences(struct ui_lines *l, const char *key, const struct cat_offence_def *o, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct strbuf sb = STRBUF_INIT;

		sb_adds(&sb, o[i].type ? o[i].type : "not stated");
		if (o[i].victim_type)
			sb_addf(&sb, "; victim: %s", o[i].victim_type);
		if (o[i].motivation)
			sb_addf(&sb, "; motivation: %s", o[i].motivation);
		add(l, i ? "" : key, sb.buf);
		sb_release(&sb);
	}
}

static void build(struct detail *d)
{
	struct cat_ctx *x = d->ctx;
	const struct cat_def *e = cat_entry(x->cat, d->entry);
	struct ui_lines *l = &d->lines;
	struct strbuf sb = STRBUF_INIT;
	size_t i, k;
	int s;

	lines_release(l);
	lines_init(l);
	d->gen = x->gen;
	lines_add(l, ROLE_HEADING, NULL, x->names[d->entry]);
	add(l, "Type", cat_type_label(e->type));
	for (s = 0; s < CAT_SETTING_COUNT; s++)
		if (e->settings & (1u << s))
			sb_addf(&sb, "%s%s", sb.len ? ", " : "",
				cat_setting_label((enum cat_setting)s));
	add(l, "Setting", sb.len ? sb.buf : "Not stated");
	if (cat_ctx_marked(x, d->entry) >= 0)
		add(l, "Compare", "Marked for comparison");
	if (x->elig) {
		const struct cat_elig *v = &x->elig[d->entry];

		heading(l, "For this person");
		add(l, "Person", x->person_line);
		add(l, "Eligibility", cat_verdict_label((enum cat_verdict)v->verdict));
		for (k = 0; k < v->n; k++) {
			sb_reset(&sb);
			cat_reason_text(x->cat, d->entry, &x->person, &v->r[k], &sb);
			add(l, k ? "" : "Why", sb.buf);
		}
		if (*cat_pni_fit_label((enum cat_pni_fit)v->pni_fit))
			add(l, "PNI fit", cat_pni_fit_label((enum cat_pni_fit)v->pni_fit));
	}
	heading(l, "Description");
	add(l, "Summary", e->short_description);
	for (i = 0; i < e->n_long_description; i++)
		add(l, i ? "" : "In full", e->long_description[i]);
	add(l, "Topic", e->topic);
	add(l, "Why refer", e->reason_for_referral);
	for (i = 0; i < e->n_outcomes; i++)
		add(l, i ? "" : "Outcomes", e->outcomes[i]);
	heading(l, "Who it is for");
	sb_reset(&sb);
	for (i = 0; i < e->n_needs; i++)
		sb_addf(&sb, "%s%s", i ? ", " : "", e->needs[i]);
	add(l, "Needs", sb.len ? sb.buf : "Not stated");
	if (e->min_age != CAT_UNKNOWN && e->max_age != CAT_UNKNOWN)
		addf(l, "Age", "%d to %d", e->min_age, e->max_age);
	else if (e->min_age != CAT_UNKNOWN)
		addf(l, "Age", "%d or over", e->min_age);
	else if (e->max_age != CAT_UNKNOWN)
		addf(l, "Age", "up to %d", e->max_age);
	else
		add(l, "Age", "Not stated");
	add(l, "Men", e->males == 1 ? "Yes" : e->males == 0 ? "No" : "Not stated");
	add(l, "Women", e->females == 1 ? "Yes" : e->females == 0 ? "No" : "Not stated");
	offences(l, "Offences", e->eligible_offences, e->n_eligible_offences);
	offences(l, "Not for", e->excluded_offences, e->n_excluded_offences);
	add(l, "Convicted of", e->convicted_for_offence_type);
	add(l, "Done before", e->qualifying_previous_intervention);
	sb_reset(&sb);
	for (s = 1; s < CAT_REGION_END; s++)
		if (e->regions & CAT_REGION_BIT(s))
			sb_addf(&sb, "%s%s", sb.len ? ", " : "",
				cat_region_name((enum cat_region)s));
	add(l, "Regions", sb.len ? sb.buf : "Every region");
	if (e->n_risk_guides) {
		heading(l, "Risk and suitability");
		for (i = 0; i < e->n_risk_guides; i++)
			add(l, cat_field_label(e->risk_guides[i].name), e->risk_guides[i].value);
	}
	add(l, "Literacy", e->literacy_level);
	add(l, "Learning disability", e->learning_disability);
	add(l, "Non-LDC", e->equivalent_non_ldc);
	for (i = 0; i < e->n_exclusions; i++)
		addf(l, i ? "" : "Exclusions", "%s: %s", cat_field_label(e->exclusions[i].name),
		     e->exclusions[i].value ? e->exclusions[i].value : "");
	heading(l, "Delivery");
	add(l, "Format", e->format);
	add(l, "Attendance", e->attendance);
	add(l, "Sessions", e->session_detail);
	if (e->sessions_min != CAT_UNKNOWN && e->sessions_max != CAT_UNKNOWN &&
	    e->sessions_min != e->sessions_max)
		addf(l, "Session count", "%d to %d", e->sessions_min, e->sessions_max);
	else if (e->sessions_min != CAT_UNKNOWN)
		addf(l, "Session count", "%d%s", e->sessions_min,
		     e->sessions_max == CAT_UNKNOWN ? " or more" : "");
	if (e->hours != CAT_UNKNOWN)
		addf(l, "Hours", "about %g", e->hours);
	add(l, "Length", e->time_to_complete);
	for (i = 0; i < e->n_courses; i++) {
		const struct cat_course *c = &e->courses[i];

		sb_reset(&sb);
		sb_addf(&sb, "%s%s%s", c->name ? c->name : "", c->identifier ? " – " : "",
			c->identifier ? c->identifier : "");
		if (c->audience)
			sb_addf(&sb, "; for: %s", c->audience);
		if (*cat_intensity_label(c->intensity))
			sb_addf(&sb, "; %s", cat_intensity_label(c->intensity));
		if (c->withdrawn)
			sb_adds(&sb, "; withdrawn");
		add(l, i ? "" : "Courses", sb.buf);
		for (k = 0; k < c->n_prerequisites; k++)
			addf(l, "", "Prerequisite, %s: %s",
			     c->prerequisites[k].name ? c->prerequisites[k].name : "",
			     c->prerequisites[k].value ? c->prerequisites[k].value : "");
	}
	heading(l, "Where and how to refer");
	if (!e->n_locations)
		add(l, "Locations", "Not stated");
	for (i = 0; i < e->n_locations; i++) {
		const struct cat_location *o = &e->locations[i];

		sb_reset(&sb);
		sb_addf(&sb, "%s (%s)", o->name ? o->name : (o->code ? o->code : "not named"),
			cat_setting_label(o->setting));
		if (o->region)
			sb_addf(&sb, ", %s", cat_region_name(o->region));
		if (o->contact)
			sb_addf(&sb, "; contact: %s", o->contact);
		if (!o->referable)
			sb_adds(&sb, "; not taking referrals");
		add(l, i ? "" : "Locations", sb.buf);
	}
	add(l, "Source", e->source_file);
	sb_release(&sb);
}

static int detail_enter(struct ui *ui, const void *arg, void **state, struct strbuf *err)
{
	const struct cat_detail_arg *a = arg;
	struct detail *d;

	(void)ui;
	if (!a || !a->ctx || a->entry >= a->ctx->n) {
		sb_adds(err, "no catalogue entry given");
		return -1;
	}
	d = calloc(1, sizeof *d);
	if (!d) {
		sb_adds(err, "out of memory");
		return -1;
	}
	d->ctx = a->ctx;
	d->entry = a->entry;
	lines_init(&d->lines);
	build(d);
	*state = d;
	return 0;
}

static void detail_leave(struct ui *ui, void *state)
{
	struct detail *d = state;

	(void)ui;
	lines_release(&d->lines);
	free(d);
}

static const char *detail_title(void *state)
{
	(void)state;
	return "Catalogue entry";
}

static void detail_draw(void *state, struct ui *ui, struct ui_canvas *c)
{
	struct detail *d = state;

	(void)ui;
	if (d->gen != d->ctx->gen) {
		size_t focus = d->lines.focus;

		build(d);
		d->lines.focus = focus < d->lines.n ? focus : 0;
	}
	if (c->linear) {
		d->page = c->rows > 1 ? c->rows - 1 : 1;
		cat_lines_linear(&d->lines, c, &d->lines.focus_row);
		d->lines.focus_col = 0;
	} else {
		d->page = c->rows > 3 ? c->rows - 3 : 1;
		lines_draw(&d->lines, c, 0, 1, c->rows - 1, c->cols - 2, 20);
		cv_textn(c, c->rows - 1, 1, ROLE_HINT, 0,
			 "Up/Down scroll  m mark for comparison  Esc back  ? help", c->cols - 2);
	}
}

static enum ui_result detail_key(void *state, struct ui *ui, const struct ui_event *ev)
{
	struct detail *d = state;
	int r;

	if (ev->action == ACT_CAT_MARK) {
		r = cat_ctx_toggle_mark(d->ctx, d->entry);
		if (r < 0)
			ui_message(ui, true, "Only %d entries can be compared: unmark one first.",
				   CAT_COMPARE_MAX);
		else
			ui_message(ui, false, "%s for comparison: %zu of %d marked.",
				   r ? "Marked" : "Unmarked", d->ctx->n_marks, CAT_COMPARE_MAX);
		d->gen = d->ctx->gen - 1; /* rebuild: the "Marked" line */
		return UI_REDRAW;
	}
	if (ev->action == ACT_CAT_COMPARE) {
		if (d->ctx->n_marks < 2) {
			ui_message(ui, true,
				   "Mark two to four entries to compare them side by side.");
			return UI_REDRAW;
		}
		ui_push(ui, &catalogue_compare_screen, d->ctx);
		return UI_REDRAW;
	}
	return lines_key(&d->lines, ev, d->page);
}

static bool detail_cursor(void *state, struct ui *ui, const struct ui_canvas *c, int *row, int *col)
{
	struct detail *d = state;

	(void)ui;
	(void)c;
	*row = d->lines.focus_row;
	*col = d->lines.focus_col;
	return true;
}

static void detail_help(void *state, struct ui *ui, struct ui_help *h)
{
	(void)state;
	(void)ui;
	ui_help_action(h, ACT_UP);
	ui_help_action(h, ACT_DOWN);
	ui_help_action(h, ACT_PAGE_UP);
	ui_help_action(h, ACT_PAGE_DOWN);
	ui_help_action(h, ACT_FIRST);
	ui_help_action(h, ACT_LAST);
	ui_help_action(h, ACT_CAT_MARK);
	ui_help_action(h, ACT_CAT_COMPARE);
	ui_help_action(h, ACT_BACK);
}

const struct screen_ops catalogue_detail_screen = {
    .name = "catalogue-detail",
    .title = "Catalogue entry",
    .section = SEC_CATALOGUE,
    .enter = detail_enter,
    .leave = detail_leave,
    .draw = detail_draw,
    .key = detail_key,
    .place_cursor = detail_cursor,
    .help = detail_help,
    .title_of = detail_title,
};
