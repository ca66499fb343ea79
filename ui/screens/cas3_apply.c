/* cas3_apply.c: "Apply for accommodation": the practitioner types a CRN
 * (or picks a person of their caseload), caseterm looks the person up in
 * nDelius and OASys without blocking the screen, then opens the CAS3
 * application form (forms/cas3_application.yaml) through form_screen_open
 * with prefill sources built from the look-up.  Submitting sends it to the
 * HPT queue of the placement region (cas3_application.c).  The same path
 * reopens a draft of the form (cas3_apply_resume, ui/screens/drafts.c). */
#include <stdlib.h>
#include <string.h>

#include "store/cas3_apply_store.h"
#include "store/referral_store.h"
#include "ui/form_screen.h"
#include "ui/screens/cas3_application.h"
#include "ui/screens/screens.h"
#include "util/sanitize.h"

struct apply_arg {
	char crn[8];       /* "" : ask for one */
	long draft_id;     /* > 0: resume this draft once the person is looked up */
};

struct apply {
	struct strbuf crn;          /* as typed */
	char **caseload;            /* CRNs of my caseload (sanitised) */
	size_t n_caseload;
	size_t focus;               /* 0: the CRN field, 1..n: caseload[focus - 1] */
	int lookup_id;              /* > 0 while a look-up runs */
	char looking[8];            /* the CRN being looked up */
	long draft_id;
	struct strbuf error;        /* in words, shown under the field */
	struct strbuf note;         /* what is happening */
	int list_row;               /* virtual row of the first caseload entry */
	int field_row, field_col;
};

/* A look-up job: its own allocation (the screen may go first). */
struct apply_job {
	struct apply *a;
	long draft_id;
};

/* ---- the form's callbacks ---- */

static enum ct_status form_prepare(void *ctx, struct ui *ui, struct form_state *st,
				   struct strbuf *err)
{
	struct cas3_apply *c = ctx;

	sb_reset(&c->banner);
	cas3_apply_banner(c, &c->banner);
	return cas3_apply_prepare(c, ui_db(ui), st, err);
}

static enum ct_status form_submit(void *ctx, struct ui *ui, struct form_state *st,
				  const char *json, struct strbuf *confirmation, struct strbuf *err)
{
	struct cas3_apply *c = ctx;
	enum ct_status rc = cas3_apply_submit(c, ui_db(ui), st, json, confirmation, err);

	if (rc == CT_OK)
		ui_refresh_queues(ui);
	return rc;
}

static const char *form_banner(void *ctx)
{
	struct cas3_apply *c = ctx;

	return c->banner.len ? c->banner.buf : NULL;
}

static void retry_done(struct ui *ui, void *arg, struct person_lookup *p, enum ct_status st,
		       const char *err)
{
	struct cas3_apply *c = arg;

	(void)err;
	if (!ui) {
		person_lookup_free(&p);
		return;
	}
	c->async_id = 0;
	if (st == CT_OK && p) {
		cas3_apply_take(c, p);
		sb_reset(&c->banner);
		cas3_apply_banner(c, &c->banner);
		if (c->st)
			form_screen_prefill(ui, c->st, c->sources, CAS3_APPLY_N_SOURCES);
	} else {
		person_lookup_free(&p);
	}
}

static void form_retry(void *ctx, struct ui *ui, struct form_state *st)
{
	struct cas3_apply *c = ctx;

	c->st = st;
	if (c->async_id > 0)
		return;
	c->async_id = ui_lookup_start(ui, c->crn, LOOKUP_REFRESH, retry_done, c);
	if (c->async_id < 0) {
		c->async_id = 0;
		ui_message(ui, true, "could not look %s up again", c->crn);
	}
}

static void form_closed(void *ctx, struct ui *ui, bool submitted)
{
	struct cas3_apply *c = ctx;

	(void)submitted;
	/* the context goes with the screen: no look-up may come back to it */
	if (c->async_id > 0)
		ui_async_cancel(ui, c->async_id);
	c->async_id = 0;
	c->st = NULL;
}

/* Opens the form for a looked-up person (p consumed). */
static int open_form(struct ui *ui, const char *crn, struct person_lookup *p, long draft_id,
		     struct strbuf *err)
{
	const struct staff *s = ui_staff(ui);
	struct cas3_my_contact me = {0};
	struct strbuf title = STRBUF_INIT, e = STRBUF_INIT;
	struct form_screen_spec spec;
	struct cas3_apply *c;
	int rc;

	if (ui_db(ui) && cas3_my_contact_get(ui_db(ui), &me, &e) != CT_OK)
		memset(&me, 0, sizeof me);   /* the form asks for them instead */
	sb_release(&e);
	c = cas3_apply_new(crn, p, &me, s ? s->display_name : NULL);
	cas3_my_contact_release(&me);
	if (!c) {
		sb_adds(err, "out of memory");
		return -1;
	}
	sb_adds(&title, "Apply for CAS3 accommodation: ");
	if (c->p && lookup_prefill_get(c->p, "ndelius.details.name", &title) == 0) {
		char *clean = text_sanitize(title.buf, SAN_SINGLE_LINE);

		sb_reset(&title);
		sb_addf(&title, "%s (%s)", clean ? clean : "", crn);
		free(clean);
	} else {
		sb_adds(&title, crn);
	}
	memset(&spec, 0, sizeof spec);
	spec.form_id = CAS3_APPLICATION_FORM_ID;
	spec.subject = crn;
	spec.title = title.buf;
	spec.draft_id = draft_id;
	spec.sources = c->sources;
	spec.n_sources = CAS3_APPLY_N_SOURCES;
	spec.ctx = c;
	spec.ctx_free = cas3_apply_free;
	spec.prepare = form_prepare;
	spec.submit = form_submit;
	spec.retry = form_retry;
	spec.banner = form_banner;
	spec.closed = form_closed;
	rc = form_screen_open(ui, &spec, err);
	sb_release(&title);
	return rc;
}

/* ---- the start screen ---- */

static void lookup_done(struct ui *ui, void *arg, struct person_lookup *p, enum ct_status st,
			const char *err)
{
	struct apply_job *job = arg;
	struct apply *a = job->a;
	struct strbuf e = STRBUF_INIT;
	char crn[8];

	if (!ui) {
		person_lookup_free(&p);
		free(job);
		return;
	}
	a->lookup_id = 0;
	sb_reset(&a->note);
	sb_reset(&a->error);
	memcpy(crn, a->looking, sizeof crn);
	if (st != CT_OK || !p) {
		sb_addf(&a->error, "Could not look %s up: %s.", crn,
			err && *err ? err : ct_status_message(st));
		person_lookup_free(&p);
	} else if (lookup_person_status(p) == CT_NOT_FOUND) {
		sb_addf(&a->error, "nDelius has no person with CRN %s. Check the CRN and try again.",
			crn);
		person_lookup_free(&p);
	} else if (open_form(ui, crn, p, job->draft_id, &e)) {
		char *clean = text_sanitize(e.buf, SAN_SINGLE_LINE);

		sb_addf(&a->error, "Could not open the application form: %s.",
			clean && *clean ? clean : "unknown error");
		free(clean);
	}
	sb_release(&e);
	free(job);
}

static void start_lookup(struct apply *a, struct ui *ui, const char *typed)
{
	struct apply_job *job;
	char crn[8];

	sb_reset(&a->error);
	sb_reset(&a->note);
	if (a->lookup_id > 0)
		return;
	if (!lookup_crn_normalise(typed, crn)) {
		sb_adds(&a->error, LOOKUP_CRN_FORMAT_MESSAGE);
		a->focus = 0;
		return;
	}
	job = calloc(1, sizeof *job);
	if (!job) {
		sb_adds(&a->error, "Out of memory.");
		return;
	}
	job->a = a;
	job->draft_id = a->draft_id;
	memcpy(a->looking, crn, sizeof crn);
	a->lookup_id = ui_lookup_start(ui, crn, 0, lookup_done, job);
	if (a->lookup_id < 0) {
		a->lookup_id = 0;
		free(job);
		sb_addf(&a->error, "Could not start looking %s up (no connection to nDelius and "
				   "OASys is configured).",
			crn);
		return;
	}
	sb_addf(&a->note, "Looking %s up in nDelius and OASys... Esc stops.", crn);
}

static int apply_enter(struct ui *ui, const void *arg, void **state, struct strbuf *err)
{
	const struct apply_arg *in = arg;
	struct apply *a = calloc(1, sizeof *a);
	struct strbuf e = STRBUF_INIT;
	char **crns = NULL;
	size_t n = 0, i;

	if (!a) {
		sb_adds(err, "out of memory");
		return -1;
	}
	sb_init(&a->crn);
	sb_init(&a->error);
	sb_init(&a->note);
	if (ui_db(ui) && caseload_crns(ui_db(ui), &crns, &n, &e) == CT_OK) {
		a->caseload = calloc(n + 1, sizeof *a->caseload);
		for (i = 0; a->caseload && i < n; i++)
			if ((a->caseload[a->n_caseload] = text_sanitize(crns[i], SAN_SINGLE_LINE)))
				a->n_caseload++;
		caseload_crns_free(&crns, n);
	} else if (ui_db(ui)) {
		sb_addf(&a->error, "Could not read your caseload: %s. Type a CRN instead.", e.buf);
	}
	sb_release(&e);
	*state = a;
	if (in && in->crn[0]) {
		sb_adds(&a->crn, in->crn);
		a->draft_id = in->draft_id;
		start_lookup(a, ui, in->crn);
	}
	return 0;
}

static void apply_leave(struct ui *ui, void *state)
{
	struct apply *a = state;
	size_t i;

	if (a->lookup_id > 0)
		ui_async_cancel(ui, a->lookup_id);
	for (i = 0; i < a->n_caseload; i++)
		free(a->caseload[i]);
	free(a->caseload);
	sb_release(&a->crn);
	sb_release(&a->error);
	sb_release(&a->note);
	free(a);
}

static void apply_draw(void *state, struct ui *ui, struct ui_canvas *c)
{
	struct apply *a = state;
	int col = c->linear ? 0 : 2, w = c->cols - 2 * col, row = c->linear ? 0 : 1;
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	(void)ui;
	if (!c->linear) {
		cv_text(c, row++, col, ROLE_HEADING, "Apply for CAS3 accommodation");
		row++;
		row += cv_wrap(c, row, col, w, ROLE_NORMAL,
			       "Whose referral is it? Type their case reference number (CRN) and "
			       "press Enter, or choose a person from your caseload. nDelius and OASys "
			       "fill in what they know.");
		row++;
	}
	a->field_row = row;
	if (c->linear) {
		sb_addf(&sb, "CRN (a letter and 6 numbers, like X320741): %s", a->crn.buf);
		a->field_col = (int)text_width(sb.buf);
		cv_text(c, row++, 0, a->focus == 0 ? ROLE_FOCUS : ROLE_NORMAL, sb.buf);
	} else {
		cv_text(c, row, col, ROLE_LABEL, "CRN");
		cv_fill(c, row, col + 5, 12, a->focus == 0 ? ROLE_FOCUS : ROLE_VALUE);
		cv_textn(c, row, col + 5, a->focus == 0 ? ROLE_FOCUS : ROLE_VALUE, 0, a->crn.buf, 12);
		a->field_col = col + 5 + (int)text_width(a->crn.buf);
		if (a->field_col > col + 16)
			a->field_col = col + 16;
		cv_text(c, row, col + 19, ROLE_HINT, "A letter and 6 numbers, like X320741");
		row++;
	}
	if (a->error.len) {
		sb_reset(&sb);
		sb_addf(&sb, "Error: %s", a->error.buf);
		row += cv_wrap(c, row, col, w, ROLE_ERROR, sb.buf);
	}
	if (a->note.len)
		row += cv_wrap(c, row, col, w, ROLE_NORMAL, a->note.buf);
	if (!c->linear)
		row++;
	if (a->n_caseload) {
		cv_textf(c, row++, col, ROLE_HEADING, "Your caseload (%zu):", a->n_caseload);
		a->list_row = row;
		for (i = 0; i < a->n_caseload; i++, row++) {
			bool sel = a->focus == i + 1;

			if (sel && !c->linear)
				cv_fill(c, row, 0, c->cols, ROLE_SELECTED);
			if (sel)
				cv_text(c, row, 0, ROLE_MARKER, ">");
			cv_textf(c, row, col + 2, sel ? ROLE_SELECTED : ROLE_NORMAL, "%zu. %s", i + 1,
				 a->caseload[i]);
		}
	} else {
		a->list_row = row;
		cv_text(c, row++, col, ROLE_HINT, "No one on your caseload: type a CRN.");
	}
	if (!c->linear)
		row++;
	cv_wrap(c, row, col, w, ROLE_HINT,
		"Enter looks the person up; Up and Down move between the CRN and your caseload.");
	sb_release(&sb);
}

static bool apply_cursor(void *state, struct ui *ui, const struct ui_canvas *c, int *row,
			 int *col)
{
	struct apply *a = state;

	(void)ui;
	if (a->focus == 0) {
		*row = a->field_row;
		*col = a->field_col;
	} else {
		*row = a->list_row + (int)a->focus - 1;
		*col = c->linear ? 2 : 4;
	}
	return true;
}

static enum ui_result apply_key(void *state, struct ui *ui, const struct ui_event *ev)
{
	struct apply *a = state;

	if (ev->action == ACT_BACK && a->lookup_id > 0) {
		/* Esc stops the look-up first */
		ui_async_cancel(ui, a->lookup_id);
		a->lookup_id = 0;
		sb_reset(&a->note);
		sb_adds(&a->note, "Look-up stopped.");
		return UI_REDRAW;
	}
	switch (ev->action) {
	case ACT_SELECT:
		start_lookup(a, ui, a->focus ? a->caseload[a->focus - 1] : a->crn.buf);
		return UI_REDRAW;
	case ACT_UP:
	case ACT_PREV_FIELD:
		a->focus = a->focus ? a->focus - 1 : a->n_caseload;
		return UI_REDRAW;
	case ACT_DOWN:
	case ACT_NEXT_FIELD:
		a->focus = a->focus < a->n_caseload ? a->focus + 1 : 0;
		return UI_REDRAW;
	case ACT_FIRST:
		a->focus = 0;
		return UI_REDRAW;
	case ACT_LAST:
		a->focus = a->n_caseload;
		return UI_REDRAW;
	default:
		break;
	}
	if (a->focus != 0)
		return UI_IGNORED;
	if (ev->key == UIK_BACKSPACE) {
		if (a->crn.len)
			sb_setlen(&a->crn, a->crn.len - 1);
		return UI_REDRAW;
	}
	if (ev->key < 0x80 && ui_key_is_text(ev->key) && a->crn.len < 16 &&
	    (ev->action == ACT_NONE || ev->global == false)) {
		sb_addc(&a->crn, (char)ev->key);
		sb_reset(&a->error);
		return UI_REDRAW;
	}
	return UI_IGNORED;
}

static void apply_help(void *state, struct ui *ui, struct ui_help *h)
{
	(void)state;
	(void)ui;
	ui_help_action(h, ACT_SELECT);
	ui_help_action(h, ACT_UP);
	ui_help_action(h, ACT_DOWN);
	ui_help_action(h, ACT_BACK);
}

const struct screen_ops cas3_apply_screen = {
	.name = "cas3-apply",
	.title = "Apply for accommodation",
	.section = SEC_AREA,
	.enter = apply_enter,
	.leave = apply_leave,
	.draw = apply_draw,
	.key = apply_key,
	.place_cursor = apply_cursor,
	.help = apply_help,
};

int cas3_apply_start(struct ui *ui)
{
	return ui_push(ui, &cas3_apply_screen, NULL);
}

int cas3_apply_resume(struct ui *ui, long draft_id, const char *form_id, const char *subject,
		      struct strbuf *err)
{
	static struct apply_arg arg;   /* enter copies what it needs */
	char crn[8];

	(void)form_id;
	if (!subject || !lookup_crn_normalise(subject, crn)) {
		sb_adds(err, "an application needs the person's CRN: caseterm form "
			     "cas3_application X320741");
		return -1;
	}
	memset(&arg, 0, sizeof arg);
	memcpy(arg.crn, crn, sizeof crn);
	arg.draft_id = draft_id;
	return ui_push(ui, &cas3_apply_screen, &arg);
}
