/* referral_open.c: opens forms/referral.yaml for a person and an
 * intervention through the form screen (ui/form_screen.h), with the
 * callbacks that make it a referral: prepare (the intervention's options),
 * the duplicate check before sending, the send itself (referral_send in
 * one transaction, with the outbox row that tells nDelius), the retry key
 * and the banner about services that did not answer.  Also the draft
 * resumer: a referral draft reopens with its look-ups fetched again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/referral_store.h"
#include "ui/form_screen.h"
#include "ui/screens/referral_form.h"
#include "ui/screens/screens.h"
#include "util/sanitize.h"

/* ---- look-ups the form starts (retry, resume) ----------------------------- */

struct form_job {
	struct referral_ctx *c;   /* valid while the job runs: closed() cancels it */
	struct ref_person *rp;
};

static void form_lookup_done(struct ui *ui, void *arg, struct person_lookup *p,
			     enum ct_status st, const char *err)
{
	struct form_job *j = arg;

	if (!ui) {
		person_lookup_free(&p);
		ref_person_unref(&j->rp);
		free(j);
		return;
	}
	j->rp->async_id = 0;
	j->rp->status = st;
	free(j->rp->error);
	j->rp->error = err ? text_sanitize(err, SAN_SINGLE_LINE) : NULL;
	ref_person_take(j->rp, p);
	if (j->rp->form && j->rp->form != j->c && j->rp->form->st && !j->rp->form->closed)
		form_screen_prefill(ui, j->rp->form->st, j->rp->form->sources, REF_N_SOURCES);
	if (j->c) {
		j->c->async_id = 0;
		if (j->c->st && !j->c->closed)
			form_screen_prefill(ui, j->c->st, j->c->sources, REF_N_SOURCES);
	}
	ref_person_unref(&j->rp);
	free(j);
}

static void form_lookup(struct referral_ctx *c, struct ui *ui, unsigned flags)
{
	struct form_job *j;

	if (c->async_id > 0 || c->person->async_id > 0)
		return;
	j = calloc(1, sizeof *j);
	if (!j)
		return;
	j->c = c;
	j->rp = ref_person_ref(c->person);
	c->person->asked_at = time(NULL);
	c->async_id = ui_lookup_start(ui, c->person->crn, flags, form_lookup_done, j);
	if (c->async_id <= 0) {
		c->async_id = 0;
		ref_person_unref(&j->rp);
		free(j);
		return;
	}
	c->person->async_id = c->async_id;
}

/* ---- callbacks ------------------------------------------------------------ */

static void ctx_free(void *ctx)
{
	referral_ctx_free(ctx);
}

static enum ct_status prepare(void *ctx, struct ui *ui, struct form_state *st,
			      struct strbuf *err)
{
	struct referral_ctx *c = ctx;

	(void)ui;
	c->st = st;
	return referral_set_options(c, st, err);
}

static enum ct_status before_submit(void *ctx, struct ui *ui, const struct form_state *st,
				    struct strbuf *question)
{
	struct referral_ctx *c = ctx;
	struct referral_duplicate d;
	struct strbuf err = STRBUF_INIT;
	bool found = false;
	enum ct_status rc;
	const char *crn = form_state_get_id(st, "crn", 0);

	memset(&d, 0, sizeof d);
	if (!ui_db(ui))
		return CT_OK;
	rc = referral_find_open_duplicate(ui_db(ui), *crn ? crn : c->person->crn, c->iv.id, &found,
					  &d, &err);
	if (rc) {
		/* said, not hidden: the send itself is still possible */
		sb_addf(question, "Could not check for an open referral of this person to %s "
				  "(%s). Send anyway?", c->iv.title, err.buf);
		sb_release(&err);
		return CT_CONFLICT;
	}
	sb_release(&err);
	if (!found)
		return CT_OK;
	{
		char *ref = text_sanitize(d.reference_number, SAN_SINGLE_LINE);
		char *by = text_sanitize(d.sent_by_name, SAN_SINGLE_LINE);

		sb_addf(question, "%s already has an open referral to %s: %s, sent %.10s by %s. "
				  "Send another?",
			*crn ? crn : c->person->crn, c->iv.title, ref ? ref : "",
			d.sent_at ? d.sent_at : "", by ? by : "someone");
		free(ref);
		free(by);
	}
	referral_duplicate_release(&d);
	return CT_CONFLICT;
}

static enum ct_status submit(void *ctx, struct ui *ui, struct form_state *st, const char *json,
			     struct strbuf *confirmation, struct strbuf *err)
{
	struct referral_ctx *c = ctx;
	struct referral_send_input in;
	struct referral_input_owner own;
	struct referral_sent sent;
	enum ct_status rc;
	char *name;

	memset(&sent, 0, sizeof sent);
	if (!ui_db(ui)) {
		sb_adds(err, "there is no database connection to send the referral");
		return CT_DB;
	}
	rc = referral_input_from_json(json, st, c, &in, &own, err);
	if (!rc)
		rc = referral_send(ui_db(ui), &in, &sent, err);
	if (!rc) {
		struct strbuf nm = STRBUF_INIT;

		sb_addf(&nm, "%s %s", form_state_get_id(st, "first_name", 0),
			form_state_get_id(st, "last_name", 0));
		name = text_sanitize(nm.buf, SAN_SINGLE_LINE);
		{
			struct referral_sent clean = sent;

			clean.reference_number = text_sanitize(sent.reference_number, SAN_SINGLE_LINE);
			clean.intervention_title = text_sanitize(sent.intervention_title,
								 SAN_SINGLE_LINE);
			clean.provider_name = sent.provider_name
						      ? text_sanitize(sent.provider_name, SAN_SINGLE_LINE)
						      : NULL;
			referral_confirmation(&clean, name, confirmation);
			free(c->person->sent_reference);
			c->person->sent_reference = clean.reference_number;
			free(clean.intervention_title);
			free(clean.provider_name);
		}
		free(name);
		sb_release(&nm);
		referral_sent_release(&sent);
		ui_refresh_queues(ui);
	}
	referral_input_release(&own);
	return rc;
}

static void retry(void *ctx, struct ui *ui, struct form_state *st)
{
	struct referral_ctx *c = ctx;

	c->st = st;
	form_lookup(c, ui, LOOKUP_REFRESH);
}

static const char *banner(void *ctx)
{
	struct referral_ctx *c = ctx;

	sb_reset(&c->banner);
	referral_services_banner(c->person, &c->banner);
	return c->banner.len ? c->banner.buf : NULL;
}

static void closed(void *ctx, struct ui *ui, bool submitted)
{
	struct referral_ctx *c = ctx;

	(void)submitted;
	c->closed = true;
	c->st = NULL;
	if (c->person->form == c)
		c->person->form = NULL;
	if (c->async_id > 0) {
		ui_async_cancel(ui, c->async_id);
		if (c->person->async_id == c->async_id)
			c->person->async_id = 0;
		c->async_id = 0;
	}
}

/* ---- opening -------------------------------------------------------------- */

static int open_with(struct ui *ui, struct ref_person *rp, struct ref_intervention *iv,
		     long draft_id, struct strbuf *err)
{
	struct form_screen_spec spec;
	struct referral_ctx *c;
	struct strbuf subject = STRBUF_INIT, title = STRBUF_INIT, name = STRBUF_INIT;
	char *clean = NULL;
	int rc;

	if (ui_db(ui) && iv->kind && !strcmp(iv->kind, "CRS") &&
	    intervention_categories(ui_db(ui), iv->id, &iv->cats, &iv->n_cats, err)) {
		ref_intervention_release(iv);
		return -1;
	}
	ref_intervention_sanitize(iv);
	c = referral_ctx_new(rp, iv);
	if (!c) {
		ref_intervention_release(iv);
		sb_adds(err, "out of memory");
		return -1;
	}
	if (rp->p && lookup_prefill_get(rp->p, "ndelius.details.name", &name) == 0)
		clean = text_sanitize(name.buf, SAN_SINGLE_LINE);
	sb_addf(&subject, "%s:%s", rp->crn, c->iv.id);
	sb_addf(&title, "Refer %s (%s) to %s", clean ? clean : "", rp->crn, c->iv.title);
	if (!clean)
		sb_reset(&title), sb_addf(&title, "Refer %s to %s", rp->crn, c->iv.title);
	memset(&spec, 0, sizeof spec);
	spec.form_id = REFERRAL_FORM_ID;
	spec.subject = subject.buf;
	spec.title = title.buf;
	spec.draft_id = draft_id;
	spec.sources = c->sources;
	spec.n_sources = REF_N_SOURCES;
	spec.ctx = c;
	spec.ctx_free = ctx_free;
	spec.prepare = prepare;
	spec.before_submit = before_submit;
	spec.submit = submit;
	spec.retry = retry;
	spec.banner = banner;
	spec.closed = closed;
	rc = form_screen_open(ui, &spec, err);
	/* the form owns c now (freed on failure too); a person still being
	 * looked up (a resumed draft) fills the form when the look-up answers */
	if (!rc) {
		rp->form = c;
		if (!rp->p && rp->async_id <= 0)
			form_lookup(c, ui, 0);
	}
	free(clean);
	sb_release(&subject);
	sb_release(&title);
	sb_release(&name);
	return rc;
}

int referral_open_form(struct ui *ui, struct ref_person *rp, const struct intervention_summary *s,
		       long draft_id, struct strbuf *err)
{
	struct ref_intervention iv;

	if (ref_intervention_from_summary(&iv, s)) {
		sb_adds(err, "out of memory");
		return -1;
	}
	return open_with(ui, rp, &iv, draft_id, err);
}

/* Draft subjects are "CRN:intervention id". */
int referral_resume(struct ui *ui, long draft_id, const char *form_id, const char *subject,
		    struct strbuf *err)
{
	struct intervention_filter f = {0};
	struct intervention_summary *list = NULL;
	struct ref_person *rp;
	const char *colon = subject ? strchr(subject, ':') : NULL;
	char crn[8] = "";
	size_t n = 0, i;
	int rc = -1;

	(void)form_id;
	if (!subject || !colon) {
		sb_adds(err, "a referral needs a subject: CRN:intervention id (start it from "
			     "Referrals, Make a referral)");
		return -1;
	}
	{
		char head[16];

		snprintf(head, sizeof head, "%.*s", (int)(colon - subject) < 15 ? (int)(colon - subject) : 15,
			 subject);
		if (!lookup_crn_normalise(head, crn)) {
			sb_addf(err, "%s", LOOKUP_CRN_FORMAT_MESSAGE);
			return -1;
		}
	}
	if (!ui_db(ui)) {
		sb_adds(err, "no database connection");
		return -1;
	}
	if (interventions_list(ui_db(ui), &f, &list, &n, err))
		return -1;
	for (i = 0; i < n; i++)
		if (!strcmp(list[i].id, colon + 1))
			break;
	if (i == n) {
		sb_adds(err, "the intervention of this draft no longer exists");
		intervention_summaries_free(&list, n);
		return -1;
	}
	rp = ref_person_new(crn);
	if (!rp) {
		sb_adds(err, "out of memory");
	} else {
		rc = referral_open_form(ui, rp, &list[i], draft_id, err);
		ref_person_unref(&rp);
	}
	intervention_summaries_free(&list, n);
	return rc;
}
