/* supplier_referral.c: one referral's delivery, for the supplier and for
 * the practitioner (interventions reference 2.2-2.8 and 2.10 "intervention
 * progress"): the caseworker, the supplier assessment appointment, the
 * action plan with its activities, the sessions with their status in words,
 * the end-of-service report, the feedback of the selected appointment and
 * the referral's timeline.
 *
 * A supplier assigns a caseworker, books or reschedules the selected
 * appointment, records attendance and feedback, submits the action plan and
 * the end-of-service report, and writes case notes (each a form).  The
 * practitioner who sent the referral approves the action plan (y/n) and
 * marks a flagged or missed appointment as seen.  What each may do is the
 * database's rule; the keys only say when something cannot be done yet. */
#include <stdlib.h>
#include <string.h>

#include "store/referral_store.h"
#include "store/supplier_store.h"
#include "ui/screens/screens.h"
#include "ui/screens/supplier.h"
#include "util/sanitize.h"

struct sref {
	char *id;
	struct supplier_progress *p;
	struct referral_view *v;      /* for the timeline */
	char *error;
	size_t sel;                   /* 0: assessment, 1..: sessions */
	bool changed;                 /* a form was submitted: reload */
	bool confirm_approve;
	char *notice;                 /* the last refusal, said in the screen too */
	int slot_row[64];             /* virtual rows of the slots at the last draw */
	int top_row;
};

static struct sref *current;   /* the screen refuse() talks about */
static enum ui_result refuse(struct ui *ui, const char *why);

static void san(char **s, int flags)
{
	char *c;

	if (!*s)
		return;
	c = text_sanitize(*s, flags);
	if (c) {
		free(*s);
		*s = c;
	}
}

static void san_slot(struct supplier_slot *s)
{
	san(&s->where, SAN_SINGLE_LINE);
	san(&s->feedback, 0);
}

static size_t n_slots(const struct sref *r)
{
	return r->p ? 1 + r->p->n_sessions : 0;
}

static const struct supplier_slot *slot(const struct sref *r, size_t i)
{
	if (!r->p)
		return NULL;
	return i == 0 ? &r->p->saa : i <= r->p->n_sessions ? &r->p->sessions[i - 1] : NULL;
}

static void load(struct sref *r, struct ui *ui)
{
	struct strbuf err = STRBUF_INIT;
	PGconn *db = ui_db(ui);
	struct supplier_progress *p;
	size_t i;

	r->changed = false;
	supplier_progress_free(&r->p);
	referral_view_free(&r->v);
	free(r->error);
	r->error = NULL;
	if (!db) {
		r->error = strdup("no database connection");
		return;
	}
	if (supplier_progress_load(db, r->id, &r->p, &err) != CT_OK) {
		r->error = text_sanitize(err.buf, SAN_SINGLE_LINE);
		sb_release(&err);
		return;
	}
	p = r->p;
	san(&p->reference_number, SAN_SINGLE_LINE);
	san(&p->crn, SAN_SINGLE_LINE);
	san(&p->person_name, SAN_SINGLE_LINE);
	san(&p->intervention_title, SAN_SINGLE_LINE);
	san(&p->assigned_to_name, SAN_SINGLE_LINE);
	san(&p->plan_submitted_by, SAN_SINGLE_LINE);
	san(&p->plan_approved_by, SAN_SINGLE_LINE);
	for (i = 0; i < p->n_activities; i++)
		san(&p->activities[i], 0);
	for (i = 0; i < p->n_outcomes; i++)
		san(&p->outcomes[i].description, SAN_SINGLE_LINE);
	san_slot(&p->saa);
	for (i = 0; i < p->n_sessions; i++)
		san_slot(&p->sessions[i]);
	if (r->sel >= n_slots(r))
		r->sel = 0;
	sb_reset(&err);
	if (referral_load(db, r->id, &r->v, &err) == CT_OK) {
		for (i = 0; i < r->v->n_timeline; i++) {
			san(&r->v->timeline[i].who, SAN_SINGLE_LINE);
			san(&r->v->timeline[i].summary, SAN_SINGLE_LINE);
			san(&r->v->timeline[i].detail, 0);
		}
	} else {
		r->error = text_sanitize(err.buf, SAN_SINGLE_LINE);
	}
	sb_release(&err);
}

static int sref_enter(struct ui *ui, const void *arg, void **state, struct strbuf *err)
{
	struct sref *r;

	if (!arg) {
		sb_adds(err, "no referral given");
		return -1;
	}
	r = calloc(1, sizeof *r);
	if (!r || !(r->id = strdup(arg))) {
		free(r);
		sb_adds(err, "out of memory");
		return -1;
	}
	load(r, ui);
	if (!r->p) {
		sb_addf(err, "could not open the referral: %s", r->error ? r->error : "not found");
		referral_view_free(&r->v);
		free(r->error);
		free(r->id);
		free(r);
		return -1;
	}
	*state = r;
	return 0;
}

static void sref_leave(struct ui *ui, void *state)
{
	struct sref *r = state;

	(void)ui;
	if (current == r)
		current = NULL;
	supplier_progress_free(&r->p);
	referral_view_free(&r->v);
	free(r->error);
	free(r->notice);
	free(r->id);
	free(r);
}

static const char *sref_title(void *state)
{
	struct sref *r = state;

	return r->p && r->p->reference_number ? r->p->reference_number : "Referral";
}

static const char *saa_words(const char *code)
{
	if (!code)
		return "";
	if (!strcmp(code, "awaitingCaseworker"))
		return "Once a caseworker has been assigned the assessment will be booked.";
	if (!strcmp(code, "notScheduled"))
		return "A caseworker has been assigned and will book the assessment appointment.";
	if (!strcmp(code, "scheduled"))
		return "The appointment has been scheduled by the supplier.";
	return "The initial assessment has been delivered and feedback added.";
}

static int draw_slot(struct sref *r, struct ui_canvas *c, int row, size_t i)
{
	const struct supplier_slot *s = slot(r, i);
	bool sel = i == r->sel;
	enum theme_role role = sel ? ROLE_SELECTED : ROLE_NORMAL;
	struct strbuf sb = STRBUF_INIT, name = STRBUF_INIT;

	if (i < sizeof r->slot_row / sizeof r->slot_row[0])
		r->slot_row[i] = row;
	if (i == 0)
		sb_adds(&name, "Assessment");
	else
		sb_addf(&name, "Session %d", s->session_number);
	if (c->linear) {
		sb_addf(&sb, "%s%s: %s", sel ? "(selected) " : "", name.buf, s->status_words);
		if (s->time)
			sb_addf(&sb, ", %s, %d minutes, %s", s->time, s->duration_minutes,
				s->method ? s->method : "");
		if (s->flagged)
			sb_adds(&sb, ", flagged for the practitioner");
		row = cv_wrap(c, row, 0, c->cols, role, sb.buf);
	} else {
		if (sel) {
			cv_fill(c, row, 0, c->cols, role);
			cv_text(c, row, 0, ROLE_MARKER, ">");
		}
		cv_text(c, row, 2, role, name.buf);
		cv_textn(c, row, 14, role, 0, s->time ? s->time : "-", 21);
		cv_textn(c, row, 36, role, 0, s->method ? s->method : "", 16);
		sb_addf(&sb, "%s%s", s->status_words ? s->status_words : "",
			s->flagged ? " (flagged)" : "");
		cv_textn(c, row, 53, role, 0, sb.buf, c->cols - 54);
		row = 1;
	}
	sb_release(&sb);
	sb_release(&name);
	return row;
}

/* The keys that apply now, in words, for the hint line. */
static void hint(const struct sref *r, const struct staff *s, struct strbuf *sb)
{
	const struct supplier_progress *p = r->p;
	bool sp = s && s->role && !strcmp(s->role, "sp");

	if (!p->open) {
		sb_adds(sb, "This referral has ended. n adds a case note.");
		return;
	}
	if (sp) {
		sb_adds(sb, "a assigns a caseworker; b books or reschedules the selected appointment;"
			" f records attendance and feedback; p submits the action plan;");
		if (p->eosr_required)
			sb_adds(sb, " e writes the end-of-service report;");
		sb_adds(sb, " n adds a case note.");
	} else if (p->mine_to_approve) {
		sb_adds(sb, "n adds a case note;");
		if (p->plan_status && !strcmp(p->plan_status, "Awaiting approval"))
			sb_adds(sb, " v approves the action plan;");
		sb_adds(sb, " m marks a flagged appointment as seen.");
	} else {
		sb_adds(sb, "Read only: you did not send this referral.");
	}
}

static void sref_draw(void *state, struct ui *ui, struct ui_canvas *c)
{
	struct sref *r = state;
	const struct supplier_progress *p;
	const struct supplier_slot *cur;
	struct strbuf sb = STRBUF_INIT;
	int row = 0, w = c->cols;
	size_t i;

	if (r->changed)
		load(r, ui);
	p = r->p;
	if (!p) {
		cv_wrap(c, 0, 0, w, ROLE_ERROR, "Error: the referral could not be read.");
		return;
	}
	r->top_row = 0;
	if (r->confirm_approve) {
		sb_addf(&sb, "Approve the action plan (%d session%s)? y approves, n does not.",
			p->plan_sessions, p->plan_sessions == 1 ? "" : "s");
		row += cv_wrap(c, row, 0, w, ROLE_DIALOG, sb.buf);
		sb_reset(&sb);
		r->top_row = 0;
	}
	sb_addf(&sb, "%s  %s (%s)", p->reference_number, p->person_name ? p->person_name : "",
		p->crn);
	row += cv_wrap(c, row, 0, w, ROLE_HEADING, sb.buf);
	sb_reset(&sb);
	sb_addf(&sb, "%s. Status: %s.", p->intervention_title,
		p->state_words ? p->state_words : "");
	row += cv_wrap(c, row, 0, w, ROLE_NORMAL, sb.buf);
	sb_reset(&sb);
	sb_addf(&sb, "Caseworker: %s.", p->assigned_to_name ? p->assigned_to_name
		: "not assigned yet");
	row += cv_wrap(c, row, 0, w, ROLE_NORMAL, sb.buf);
	if (r->error) {
		sb_reset(&sb);
		sb_addf(&sb, "Error: %s", r->error);
		row += cv_wrap(c, row, 0, w, ROLE_ERROR, sb.buf);
	}
	if (r->notice) {
		sb_reset(&sb);
		sb_addf(&sb, "Error: %s", r->notice);
		row += cv_wrap(c, row, 0, w, ROLE_ERROR, sb.buf);
	}
	if (!c->linear)
		row++;
	sb_reset(&sb);
	sb_addf(&sb, "Supplier assessment: %s", saa_words(p->saa_status));
	row += cv_wrap(c, row, 0, w, ROLE_LABEL, sb.buf);
	row += draw_slot(r, c, row, 0);
	if (!c->linear)
		row++;
	sb_reset(&sb);
	sb_addf(&sb, "Action plan: %s", p->plan_status ? p->plan_status : "Not submitted");
	if (p->plan_id)
		sb_addf(&sb, ", %d session%s, submitted by %s on %.10s", p->plan_sessions,
			p->plan_sessions == 1 ? "" : "s", p->plan_submitted_by ? p->plan_submitted_by
			: "the supplier", p->plan_submitted_at ? p->plan_submitted_at : "");
	if (p->plan_approved_at)
		sb_addf(&sb, ", approved by %s on %.10s", p->plan_approved_by ? p->plan_approved_by
			: "the practitioner", p->plan_approved_at);
	row += cv_wrap(c, row, 0, w, ROLE_LABEL, sb.buf);
	for (i = 0; i < p->n_activities; i++) {
		sb_reset(&sb);
		sb_addf(&sb, "%zu. %s", i + 1, p->activities[i] ? p->activities[i] : "");
		row += cv_wrap(c, row, 2, w - 2, ROLE_NORMAL, sb.buf);
	}
	if (!c->linear)
		row++;
	if (!p->n_sessions) {
		row += cv_wrap(c, row, 0, w, ROLE_LABEL,
			       "Sessions: none yet (they are made when an action plan is approved).");
	} else {
		cv_text(c, row++, 0, ROLE_LABEL, "Sessions:");
		for (i = 1; i < n_slots(r); i++)
			row += draw_slot(r, c, row, i);
	}
	if (!c->linear)
		row++;
	sb_reset(&sb);
	if (p->eosr_submitted_at)
		sb_addf(&sb, "End-of-service report: submitted on %.10s.", p->eosr_submitted_at);
	else if (p->eosr_required)
		sb_adds(&sb, "End-of-service report: can be written now.");
	else
		sb_adds(&sb, "End-of-service report: not yet (once a session has been attended).");
	row += cv_wrap(c, row, 0, w, ROLE_LABEL, sb.buf);
	if (!c->linear)
		row++;
	cur = slot(r, r->sel);
	if (cur) {
		sb_reset(&sb);
		if (r->sel == 0)
			sb_adds(&sb, "Assessment appointment:");
		else
			sb_addf(&sb, "Session %d:", cur->session_number);
		cv_text(c, row++, 0, ROLE_HEADING, sb.buf);
		sb_reset(&sb);
		if (!cur->appointment_id)
			sb_adds(&sb, "Not booked yet.");
		else
			sb_addf(&sb, "%s, %d minutes, %s%s%s. %s%s", cur->time, cur->duration_minutes,
				cur->method ? cur->method : "", cur->where ? ": " : "",
				cur->where ? cur->where : "", cur->status_words,
				cur->earlier ? " (rebooked; see the timeline)" : "");
		row += cv_wrap(c, row, 2, w - 2, ROLE_NORMAL, sb.buf);
		if (cur->feedback)
			row += cv_wrap(c, row, 2, w - 2, ROLE_NORMAL, cur->feedback);
	}
	if (!c->linear)
		row++;
	cv_text(c, row++, 0, ROLE_HEADING, "Timeline:");
	for (i = 0; r->v && i < r->v->n_timeline; i++) {
		const struct referral_timeline_entry *e = &r->v->timeline[i];

		sb_reset(&sb);
		sb_addf(&sb, "%.10s %.5s  %s%s%s", e->at ? e->at : "", e->at && strlen(e->at) > 11
			? e->at + 11 : "", e->summary ? e->summary : "", e->who ? " - " : "",
			e->who ? e->who : "");
		row += cv_wrap(c, row, 2, w - 2, ROLE_NORMAL, sb.buf);
		if (e->detail)
			row += cv_wrap(c, row, 6, w - 6, ROLE_HINT, e->detail);
	}
	if (!c->linear)
		row++;
	sb_reset(&sb);
	hint(r, ui_staff(ui), &sb);
	cv_wrap(c, row, 0, w, ROLE_HINT, sb.buf);
	sb_release(&sb);
}

static void fill_target(const struct sref *r, struct supplier_form_target *t)
{
	memset(t, 0, sizeof *t);
	t->referral_id = r->id;
	t->reference_number = r->p->reference_number;
	t->person_name = r->p->person_name;
	t->assigned_to = r->p->assigned_to;
}

static enum ui_result open_form(struct sref *r, struct ui *ui, enum supplier_form f,
				struct supplier_form_target *t)
{
	struct strbuf err = STRBUF_INIT;

	if (supplier_form_open(ui, f, t, &r->changed, &err) != 0)
		refuse(ui, err.buf);
	sb_release(&err);
	return UI_REDRAW;
}

static bool is_sp(struct ui *ui)
{
	const struct staff *s = ui_staff(ui);

	return s && s->role && !strcmp(s->role, "sp");
}

static enum ui_result refuse(struct ui *ui, const char *why)
{
	if (current) {
		free(current->notice);
		current->notice = text_sanitize(why, SAN_SINGLE_LINE);
	}
	ui_message(ui, true, "%s", why);
	return UI_REDRAW;
}

static enum ui_result act(struct sref *r, struct ui *ui, enum ui_action a)
{
	const struct supplier_progress *p = r->p;
	const struct supplier_slot *s = slot(r, r->sel);
	struct supplier_form_target t;
	const char **ids;
	enum ui_result res;
	size_t i;

	fill_target(r, &t);
	if (a == ACT_ADD_NOTE)
		return open_form(r, ui, SF_CASE_NOTE, &t);
	if (!p->open)
		return refuse(ui, "this referral has ended");
	if (!is_sp(ui))
		return refuse(ui, "only the supplier's caseworkers do this");
	switch (a) {
	case ACT_ASSIGN:
		return open_form(r, ui, SF_ASSIGN, &t);
	case ACT_SCHEDULE:
		if (!p->assigned_to)
			return refuse(ui, "assign a caseworker before booking appointments");
		t.session_number = s->session_number;
		if (!strcmp(s->status, "scheduled") || !strcmp(s->status, "awaitingFeedback"))
			return open_form(r, ui, SF_RESCHEDULE, &t);
		if (!strcmp(s->status, "completed") || !strcmp(s->status, "didNotHappen"))
			return refuse(ui, "this appointment has taken place and has its feedback");
		return open_form(r, ui, SF_BOOK, &t);
	case ACT_RECORD_FEEDBACK:
		if (!s->appointment_id || !strcmp(s->status, "notScheduled"))
			return refuse(ui, "book the appointment first");
		if (!strcmp(s->status, "scheduled"))
			return refuse(ui, "the appointment has not happened yet");
		if (strcmp(s->status, "awaitingFeedback"))
			return refuse(ui, "attendance for this appointment is already recorded");
		t.appointment_id = s->appointment_id;
		return open_form(r, ui, SF_FEEDBACK, &t);
	case ACT_ACTION_PLAN:
		if (p->plan_status && !strcmp(p->plan_status, "Awaiting approval"))
			return refuse(ui, "the action plan is waiting for the practitioner's approval");
		return open_form(r, ui, SF_ACTION_PLAN, &t);
	case ACT_END_OF_SERVICE:
		if (!p->eosr_required)
			return refuse(ui, "the end-of-service report is written once a session has "
				      "been attended");
		ids = calloc(p->n_outcomes ? p->n_outcomes : 1, sizeof *ids);
		if (!ids)
			return refuse(ui, "out of memory");
		for (i = 0; i < p->n_outcomes; i++)
			ids[i] = p->outcomes[i].id;
		t.outcome_ids = ids;
		t.n_outcomes = p->n_outcomes;
		res = open_form(r, ui, SF_EOSR, &t);
		free(ids);
		return res;
	default:
		return UI_IGNORED;
	}
}

static enum ui_result approve(struct sref *r, struct ui *ui)
{
	struct strbuf err = STRBUF_INIT;
	int made = 0;

	r->confirm_approve = false;
	if (supplier_approve_action_plan(ui_db(ui), r->p->plan_id, &made, &err) != CT_OK) {
		ui_message(ui, true, "the action plan was not approved: %s", err.buf);
	} else {
		ui_message(ui, false, "Action plan approved: %d session%s made for the supplier to "
			   "book.", made, made == 1 ? "" : "s");
		ui_refresh_queues(ui);
	}
	sb_release(&err);
	load(r, ui);
	return UI_REDRAW;
}

static enum ui_result mark_seen(struct sref *r, struct ui *ui)
{
	const struct supplier_slot *s = slot(r, r->sel);
	struct strbuf err = STRBUF_INIT;

	if (!s || !s->flagged)
		return refuse(ui, "the selected appointment is not flagged");
	if (attention_mark_seen(ui_db(ui), s->appointment_id, &err) != CT_OK)
		ui_message(ui, true, "could not mark it seen: %s", err.buf);
	else
		ui_message(ui, false, "Marked as seen: it has left your attention list.");
	sb_release(&err);
	ui_refresh_queues(ui);
	load(r, ui);
	return UI_REDRAW;
}

static enum ui_result sref_key(void *state, struct ui *ui, const struct ui_event *ev)
{
	struct sref *r = state;

	current = r;
	free(r->notice);
	r->notice = NULL;
	if (r->confirm_approve) {
		if (ev->key == 'y' || ev->key == 'Y')
			return approve(r, ui);
		if (ev->key == 'n' || ev->key == 'N' || ev->action == ACT_BACK) {
			r->confirm_approve = false;
			ui_message(ui, false, "Not approved.");
			return UI_REDRAW;
		}
		return UI_HANDLED;
	}
	switch (ev->action) {
	case ACT_UP:
		if (r->sel > 0)
			r->sel--;
		return UI_REDRAW;
	case ACT_DOWN:
		if (r->sel + 1 < n_slots(r))
			r->sel++;
		return UI_REDRAW;
	case ACT_FIRST:
		r->sel = 0;
		return UI_REDRAW;
	case ACT_LAST:
		r->sel = n_slots(r) ? n_slots(r) - 1 : 0;
		return UI_REDRAW;
	case ACT_REFRESH:
		load(r, ui);
		return UI_REDRAW;
	case ACT_APPROVE:
		if (!r->p->mine_to_approve)
			return refuse(ui, "only the practitioner who sent the referral approves its "
				      "action plan");
		if (!r->p->plan_status || strcmp(r->p->plan_status, "Awaiting approval"))
			return refuse(ui, "no action plan is waiting for approval");
		r->confirm_approve = true;
		return UI_REDRAW;
	case ACT_MARK_SEEN:
		return mark_seen(r, ui);
	case ACT_ASSIGN:
	case ACT_SCHEDULE:
	case ACT_RECORD_FEEDBACK:
	case ACT_ACTION_PLAN:
	case ACT_END_OF_SERVICE:
	case ACT_ADD_NOTE:
		return act(r, ui, ev->action);
	default:
		return UI_IGNORED;
	}
}

static bool sref_cursor(void *state, struct ui *ui, const struct ui_canvas *c, int *row,
			int *col)
{
	struct sref *r = state;

	(void)ui;
	if (r->confirm_approve) {
		*row = 0;
		*col = 0;
		return true;
	}
	*row = r->sel < sizeof r->slot_row / sizeof r->slot_row[0] ? r->slot_row[r->sel] : 0;
	*col = c->linear ? 0 : 2;
	return true;
}

static void sref_help(void *state, struct ui *ui, struct ui_help *h)
{
	struct sref *r = state;

	ui_help_action(h, ACT_UP);
	ui_help_action(h, ACT_DOWN);
	if (is_sp(ui)) {
		ui_help_action(h, ACT_ASSIGN);
		ui_help_action(h, ACT_SCHEDULE);
		ui_help_action(h, ACT_RECORD_FEEDBACK);
		ui_help_action(h, ACT_ACTION_PLAN);
		ui_help_action(h, ACT_END_OF_SERVICE);
	} else if (r->p && r->p->mine_to_approve) {
		ui_help_action(h, ACT_APPROVE);
		ui_help_action(h, ACT_MARK_SEEN);
	}
	ui_help_action(h, ACT_ADD_NOTE);
	ui_help_action(h, ACT_REFRESH);
	ui_help_action(h, ACT_BACK);
}

const struct screen_ops supplier_referral_screen = {
	.name = "supplier-referral",
	.title = "Referral delivery",
	.section = SEC_SUPPLIER_REFERRAL,
	.enter = sref_enter,
	.leave = sref_leave,
	.draw = sref_draw,
	.key = sref_key,
	.place_cursor = sref_cursor,
	.help = sref_help,
	.title_of = sref_title,
};

int supplier_referral_open(struct ui *ui, const char *referral_id)
{
	return ui_push(ui, &supplier_referral_screen, referral_id);
}
