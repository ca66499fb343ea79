/* cas3_assessment.c: one referral as the HPT assessor sees it
 * (accommodation.md §3.1-§3.2): the person, the dates, the risk flags, the
 * application's answers and the timeline of status changes and notes;
 * allocate to me, move between states, reject with a reason, add a note,
 * and place (search bedspaces for this person). */
#include <stdlib.h>
#include <string.h>

#include "ui/lines.h"
#include "ui/screens/cas3_forms.h"
#include "ui/screens/cas3_priv.h"
#include "util/sanitize.h"
#include "util/ytree.h"

struct assess {
	char *id;
	struct cas3_assessment a;
	bool loaded;
	bool stale;
	bool changed;      /* a form saved something: reload */
	char *error;       /* why it could not be read, or NULL */
	struct ui_lines lines;
};

static const char *answer_word(enum cas3_answer a)
{
	return a == CAS3_YES ? "Yes" : a == CAS3_NO ? "No" : "Not answered";
}

/* Turns answer keys into words: "needs_accessible_property" -> "Needs
 * accessible property". */
static void key_words(const char *k, struct strbuf *out)
{
	size_t start = out->len;

	for (; *k; k++) {
		char ch = *k == '_' || *k == '-' ? ' ' : *k;

		if (ch >= 'A' && ch <= 'Z' && out->len > start && k[-1] >= 'a' && k[-1] <= 'z') {
			sb_addc(out, ' ');
			ch = (char)(ch + 32);
		}
		sb_addc(out, ch);
	}
	if (out->len > start && out->buf[start] >= 'a' && out->buf[start] <= 'z')
		out->buf[start] = (char)(out->buf[start] - 32);
}

static void add_answers(struct ui_lines *l, const struct ynode *n, int depth, const char *label)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	if (!n)
		return;
	for (i = 0; i < (size_t)depth; i++)
		sb_adds(&sb, "  ");
	if (label)
		key_words(label, &sb);
	if (n->type == YN_SCALAR) {
		char *v = text_sanitize(n->str, SAN_SINGLE_LINE);

		if (label)
			sb_adds(&sb, ": ");
		sb_adds(&sb, v && *v ? v : "(none)");
		free(v);
		lines_add(l, ROLE_NORMAL, NULL, sb.buf);
	} else if (n->type == YN_SEQ) {
		if (label) {
			if (!n->len)
				sb_adds(&sb, ": (none)");
			lines_add(l, ROLE_LABEL, NULL, sb.buf);
		}
		for (i = 0; i < n->len; i++)
			add_answers(l, n->items[i], depth + 1, NULL);
	} else {
		if (label)
			lines_add(l, ROLE_LABEL, NULL, sb.buf);
		for (i = 0; i < n->len; i++) {
			char *k = text_sanitize(n->items[2 * i]->str, SAN_SINGLE_LINE);

			add_answers(l, n->items[2 * i + 1], label ? depth + 1 : depth, k ? k : "?");
			free(k);
		}
	}
	sb_release(&sb);
}

static void build_lines(struct assess *s)
{
	struct cas3_assessment *a = &s->a;
	struct ui_lines *l = &s->lines;
	struct ynode *root = NULL;
	struct strbuf err = STRBUF_INIT;
	size_t i, focus = l->focus;

	lines_release(l);
	lines_init(l);
	if (s->error)
		lines_addf(l, ROLE_ERROR, NULL, "Error: %s", s->error);
	if (!s->loaded)
		return;
	lines_addf(l, ROLE_HEADING, NULL, "%s (%s)", cas3_or(a->person_name, "No name"), a->crn);
	lines_addf(l, ROLE_NORMAL, "Status", "%s", cas3_assessment_status_label(a->status));
	lines_addf(l, ROLE_NORMAL, "Allocated to", "%s", cas3_or(a->allocated_to, "Nobody"));
	lines_addf(l, ROLE_NORMAL, "Region", "%s", cas3_or(a->region_name, "-"));
	lines_addf(l, ROLE_NORMAL, "PDU", "%s", cas3_or(a->pdu_name, "Not given"));
	if (a->rejection_reason)
		lines_addf(l, ROLE_NORMAL, "Rejected", "%s%s%s%s", a->rejection_reason,
			   a->rejection_detail ? ": " : "", cas3_or(a->rejection_detail, ""),
			   a->is_withdrawn ? " (withdrawal asked by the practitioner)" : "");
	lines_add(l, ROLE_HEADING, NULL, "Person");
	lines_addf(l, ROLE_NORMAL, "CRN", "%s", a->crn);
	lines_addf(l, ROLE_NORMAL, "NOMS number", "%s", cas3_or(a->noms_number, "Not known"));
	lines_addf(l, ROLE_NORMAL, "Date of birth", "%s", cas3_or(a->date_of_birth, "Not known"));
	lines_addf(l, ROLE_NORMAL, "Sex", "%s", cas3_or(a->sex, "Not known"));
	lines_add(l, ROLE_HEADING, NULL, "Dates");
	lines_addf(l, ROLE_NORMAL, "Submitted", "%s by %s", cas3_or(a->submitted_at, "-"),
		   cas3_or(a->submitted_by, "-"));
	lines_addf(l, ROLE_NORMAL, "Release date", "%s", cas3_or(a->release_date, "Not given"));
	lines_addf(l, ROLE_NORMAL, "Needed from", "%s", cas3_or(a->required_from, "Not given"));
	lines_add(l, ROLE_HEADING, NULL, "Risk and needs");
	lines_addf(l, ROLE_NORMAL, "Registered sex offender", "%s",
		   answer_word(a->registered_sex_offender));
	lines_addf(l, ROLE_NORMAL, "Sexual offence history", "%s",
		   answer_word(a->history_of_sexual_offence));
	lines_addf(l, ROLE_NORMAL, "Concerning sexual behaviour", "%s",
		   answer_word(a->concerning_sexual_behaviour));
	lines_addf(l, ROLE_NORMAL, "Arson history", "%s", answer_word(a->history_of_arson));
	lines_addf(l, ROLE_NORMAL, "Concerning arson behaviour", "%s",
		   answer_word(a->concerning_arson_behaviour));
	lines_addf(l, ROLE_NORMAL, "Needs accessible property", "%s",
		   answer_word(a->needs_accessible_property));
	lines_add(l, ROLE_HEADING, NULL, "Application answers");
	if (a->answers_json && *a->answers_json &&
	    ytree_load_string("answers", a->answers_json, strlen(a->answers_json), &root, &err) ==
		    0 &&
	    root && root->len) {
		add_answers(l, root, 0, NULL);
	} else {
		lines_add(l, ROLE_HINT, NULL, "No answers were recorded with this referral.");
	}
	ytree_free(&root);
	lines_add(l, ROLE_HEADING, NULL, "Timeline");
	if (!a->n_timeline)
		lines_add(l, ROLE_HINT, NULL, "Nothing yet.");
	for (i = 0; i < a->n_timeline; i++) {
		const struct cas3_timeline_entry *t = &a->timeline[i];

		lines_addf(l, ROLE_NORMAL, NULL, "%s %s%s: %s", t->at, cas3_or(t->by, "-"),
			   strcmp(t->kind, "note") ? "" : " (note)", t->text);
	}
	l->focus = focus < l->n ? focus : 0;
	sb_release(&err);
}

static void sanitise(struct cas3_assessment *a)
{
	char **one[] = {&a->crn, &a->noms_number, &a->person_name, &a->date_of_birth, &a->sex,
			&a->region_name, &a->pdu_name, &a->submitted_at, &a->submitted_by,
			&a->allocated_to, &a->rejection_reason, &a->release_date,
			&a->required_from};
	size_t i;

	for (i = 0; i < sizeof one / sizeof one[0]; i++)
		cas3_san(one[i], SAN_SINGLE_LINE);
	cas3_san(&a->rejection_detail, SAN_SINGLE_LINE);
	for (i = 0; i < a->n_timeline; i++) {
		cas3_san(&a->timeline[i].by, SAN_SINGLE_LINE);
		cas3_san(&a->timeline[i].text, SAN_SINGLE_LINE);
		cas3_san(&a->timeline[i].at, SAN_SINGLE_LINE);
	}
}

static void load(struct assess *s, struct ui *ui)
{
	struct strbuf err = STRBUF_INIT;

	if (s->loaded)
		cas3_assessment_release(&s->a);
	memset(&s->a, 0, sizeof s->a);
	s->loaded = false;
	s->stale = false;
	s->changed = false;
	free(s->error);
	s->error = NULL;
	if (!ui_db(ui))
		sb_adds(&err, "no database connection");
	else if (cas3_assessment_get(ui_db(ui), s->id, &s->a, &err) == CT_OK)
		s->loaded = true;
	if (!s->loaded) {
		struct strbuf m = STRBUF_INIT;

		sb_addf(&m, "could not read the referral: %s", err.buf);
		s->error = text_sanitize(m.buf, SAN_SINGLE_LINE);
		sb_release(&m);
	} else {
		sanitise(&s->a);
	}
	build_lines(s);
	sb_release(&err);
}

static int assess_enter(struct ui *ui, const void *arg, void **state, struct strbuf *err)
{
	struct assess *s = calloc(1, sizeof *s);

	if (!s || !arg || !(s->id = strdup(arg))) {
		if (s)
			free(s->id);
		free(s);
		sb_adds(err, arg ? "out of memory" : "no referral given");
		return -1;
	}
	lines_init(&s->lines);
	load(s, ui);
	*state = s;
	return 0;
}

static void assess_leave(struct ui *ui, void *state)
{
	struct assess *s = state;

	(void)ui;
	if (s->loaded)
		cas3_assessment_release(&s->a);
	lines_release(&s->lines);
	free(s->error);
	free(s->id);
	free(s);
}

static const char *assess_title(void *state)
{
	struct assess *s = state;

	return s->loaded && s->a.person_name ? s->a.person_name : "Referral";
}

static void assess_draw(void *state, struct ui *ui, struct ui_canvas *c)
{
	struct assess *s = state;
	int rows = c->rows > 2 ? c->rows - 2 : c->rows;

	if (s->stale || s->changed)
		load(s, ui);
	if (c->linear) {
		lines_draw(&s->lines, c, 0, 0, (int)s->lines.n + 2, c->cols, 0);
		cv_wrap(c, (int)s->lines.n + 1, 0, c->cols, ROLE_HINT,
			"Keys: a allocate to me, i in review, r ready to place, u unallocated, z "
			"close, x reject, n note, d dates, p place, b the booking.");
		return;
	}
	lines_draw(&s->lines, c, 0, 0, rows, c->cols, 28);
	cv_hline(c, rows, 0, c->cols, ROLE_BORDER);
	cv_textn(c, rows + 1, 0, ROLE_HINT, 0,
		 "a allocate  i review  r ready  u unallocate  z close  x reject  n note  p place",
		 c->cols);
}

static enum ui_result move(struct assess *s, struct ui *ui, const char *status)
{
	struct strbuf err = STRBUF_INIT;
	enum ct_status rc;

	if (!s->loaded)
		return UI_HANDLED;
	rc = cas3_assessment_move(ui_db(ui), s->id, s->a.version, status, &err);
	if (rc != CT_OK)
		ui_message(ui, true, "%s", err.buf);
	else
		ui_message(ui, false, "Moved to %s.", cas3_assessment_status_label(status));
	sb_release(&err);
	load(s, ui);
	ui_refresh_queues(ui);
	return UI_REDRAW;
}

static enum ui_result allocate(struct assess *s, struct ui *ui)
{
	struct strbuf err = STRBUF_INIT;

	if (!s->loaded)
		return UI_HANDLED;
	if (cas3_assessment_allocate_to_me(ui_db(ui), s->id, s->a.version, &err) != CT_OK)
		ui_message(ui, true, "%s", err.buf);
	else
		ui_message(ui, false, "Allocated to you: now in review.");
	sb_release(&err);
	load(s, ui);
	ui_refresh_queues(ui);
	return UI_REDRAW;
}

static enum ui_result place(struct assess *s, struct ui *ui)
{
	struct cas3_place p;
	struct strbuf err = STRBUF_INIT;

	if (!s->loaded)
		return UI_HANDLED;
	if (strcmp(s->a.status, "ready_to_place")) {
		ui_message(ui, true,
			   "only a referral that is Ready to place can be placed; this one "
			   "is %s.",
			   cas3_assessment_status_label(s->a.status));
		return UI_REDRAW;
	}
	memset(&p, 0, sizeof p);
	p.assessment_id = s->id;
	p.crn = s->a.crn;
	p.person_name = s->a.person_name;
	p.sex = s->a.sex;
	p.start_date = s->a.required_from;
	p.nights = CAS3_DEFAULT_NIGHTS;
	if (s->a.pdu_id) {
		p.pdu_ids[0] = s->a.pdu_id;
		p.n_pdus = 1;
	}
	if (s->a.sex && !strcmp(s->a.sex, "Male"))
		p.sex_filter = CAS3_SEX_MEN_ONLY;
	else if (s->a.sex && !strcmp(s->a.sex, "Female"))
		p.sex_filter = CAS3_SEX_WOMEN_ONLY;
	p.risk_adults = s->a.registered_sex_offender == CAS3_YES ||
			s->a.history_of_sexual_offence == CAS3_YES ||
			s->a.concerning_sexual_behaviour == CAS3_YES;
	p.wheelchair = s->a.needs_accessible_property == CAS3_YES;
	/* the results at once, from the referral; s there changes the criteria */
	if (cas3_run_search(ui, &p, &err) == CT_OK)
		s->stale = true;
	sb_release(&err);
	return UI_REDRAW;
}

static enum ui_result open_form(struct assess *s, struct ui *ui, enum cas3_form which)
{
	struct strbuf err = STRBUF_INIT;

	if (!s->loaded)
		return UI_HANDLED;
	if (cas3_form_open(ui, which, s->id, s->a.version,
			   which == CAS3_FORM_DATES ? s->a.release_date : NULL,
			   which == CAS3_FORM_DATES ? s->a.required_from : NULL, &s->changed,
			   &err) != 0)
		ui_message(ui, true, "%s", err.len ? err.buf : "the form did not open");
	sb_release(&err);
	return UI_REDRAW;
}

static enum ui_result open_booking(struct assess *s, struct ui *ui)
{
	struct cas3_booking *v = NULL;
	struct strbuf err = STRBUF_INIT;
	size_t n = 0, i;
	enum ui_result r = UI_REDRAW;

	if (!s->loaded)
		return UI_HANDLED;
	if (cas3_booking_list(ui_db(ui), s->a.crn, NULL, &v, &n, &err) != CT_OK) {
		ui_message(ui, true, "could not read the bookings: %s", err.buf);
		sb_release(&err);
		return UI_REDRAW;
	}
	for (i = n; i-- > 0;)
		if (v[i].assessment_id && !strcmp(v[i].assessment_id, s->id))
			break;
	if (i == (size_t)-1)
		ui_message(ui, true, "this referral has no booking yet: press p to place it.");
	else if (ui_push(ui, &cas3_booking_screen, v[i].id) == 0)
		s->stale = true;
	cas3_booking_list_free(&v, n);
	sb_release(&err);
	return r;
}

static enum ui_result assess_key(void *state, struct ui *ui, const struct ui_event *ev)
{
	struct assess *s = state;

	switch (ev->action) {
	case ACT_ALLOCATE:
		return allocate(s, ui);
	case ACT_TO_UNALLOCATED:
		return move(s, ui, "unallocated");
	case ACT_TO_IN_REVIEW:
		return move(s, ui, "in_review");
	case ACT_TO_READY:
		return move(s, ui, "ready_to_place");
	case ACT_TO_ARCHIVED:
		return move(s, ui, "closed");
	case ACT_REJECT:
		return open_form(s, ui, CAS3_FORM_REJECT);
	case ACT_ADD_NOTE:
		return open_form(s, ui, CAS3_FORM_NOTE);
	case ACT_PLACE:
		return place(s, ui);
	case ACT_CHANGE_DATES:
		return open_form(s, ui, CAS3_FORM_DATES);
	case ACT_OPEN_BOOKING:
		return open_booking(s, ui);
	case ACT_REFRESH:
		load(s, ui);
		return UI_REDRAW;
	default:
		return lines_key(&s->lines, ev, 10);
	}
}

static bool assess_cursor(void *state, struct ui *ui, const struct ui_canvas *c, int *row,
			  int *col)
{
	struct assess *s = state;

	(void)ui;
	(void)c;
	*row = s->lines.focus_row;
	*col = s->lines.focus_col;
	return true;
}

static void assess_help(void *state, struct ui *ui, struct ui_help *h)
{
	(void)state;
	(void)ui;
	ui_help_action(h, ACT_ALLOCATE);
	ui_help_action(h, ACT_TO_IN_REVIEW);
	ui_help_action(h, ACT_TO_READY);
	ui_help_action(h, ACT_TO_UNALLOCATED);
	ui_help_action(h, ACT_TO_ARCHIVED);
	ui_help_action(h, ACT_REJECT);
	ui_help_action(h, ACT_ADD_NOTE);
	ui_help_action(h, ACT_CHANGE_DATES);
	ui_help_action(h, ACT_PLACE);
	ui_help_action(h, ACT_OPEN_BOOKING);
	ui_help_action(h, ACT_UP);
	ui_help_action(h, ACT_DOWN);
	ui_help_action(h, ACT_REFRESH);
	ui_help_action(h, ACT_BACK);
}

const struct screen_ops cas3_assessment_screen = {
	.name = "cas3-assessment",
	.title = "Referral",
	.section = SEC_CAS3_ASSESSMENT,
	.enter = assess_enter,
	.leave = assess_leave,
	.draw = assess_draw,
	.key = assess_key,
	.place_cursor = assess_cursor,
	.help = assess_help,
	.title_of = assess_title,
};
