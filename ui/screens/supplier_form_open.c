/* supplier_form_open.c: opens the supplier forms (forms/supplier_*.yaml)
 * through the form screen (ui/form_screen.h) with the prepare and submit
 * callbacks of supplier_forms.c. */
#include <stdlib.h>
#include <string.h>

#include "store/supplier_store.h"
#include "ui/form_screen.h"
#include "ui/screens/supplier.h"

struct fctx {
	enum supplier_form f;
	char *referral_id, *reference_number, *person_name, *appointment_id;
	char **outcome_ids;
	struct supplier_form_target t;
	bool *changed;
};

static void fctx_free(void *ctx)
{
	struct fctx *c = ctx;
	size_t i;

	if (!c)
		return;
	free(c->referral_id);
	free(c->reference_number);
	free(c->person_name);
	free(c->appointment_id);
	for (i = 0; i < c->t.n_outcomes; i++)
		free(c->outcome_ids[i]);
	free(c->outcome_ids);
	free(c);
}

static char *dup_or_null(const char *s, bool *oom)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		*oom = true;
	return d;
}

static enum ct_status fprepare(void *ctx, struct ui *ui, struct form_state *st, struct strbuf *err)
{
	struct fctx *c = ctx;

	return supplier_form_prepare(ui_db(ui), c->f, &c->t, st, err);
}

static enum ct_status fsubmit(void *ctx, struct ui *ui, struct form_state *st, const char *json,
			      struct strbuf *confirmation, struct strbuf *err)
{
	struct fctx *c = ctx;
	enum ct_status rc;

	(void)st;
	rc = supplier_form_submit(ui_db(ui), c->f, &c->t, json, confirmation, err);
	if (rc == CT_OK) {
		if (c->changed)
			*c->changed = true;
		ui_refresh_queues(ui);
	}
	return rc;
}

static int open_draft(struct ui *ui, enum supplier_form f, const struct supplier_form_target *t,
		      long draft_id, bool *changed, struct strbuf *err)
{
	struct form_screen_spec spec = {0};
	struct strbuf subject = STRBUF_INIT, title = STRBUF_INIT;
	struct fctx *c = calloc(1, sizeof *c);
	bool oom = !c;
	size_t i;
	int rc;

	if (c) {
		c->f = f;
		c->changed = changed;
		c->t = *t;
		c->referral_id = dup_or_null(t->referral_id, &oom);
		c->reference_number = dup_or_null(t->reference_number, &oom);
		c->person_name = dup_or_null(t->person_name, &oom);
		c->appointment_id = dup_or_null(t->appointment_id, &oom);
		c->t.n_outcomes = 0;
		c->outcome_ids = calloc(t->n_outcomes + 1, sizeof *c->outcome_ids);
		oom |= !c->outcome_ids;
		for (i = 0; !oom && i < t->n_outcomes; i++) {
			c->outcome_ids[i] = dup_or_null(t->outcome_ids[i], &oom);
			c->t.n_outcomes = i + 1;
		}
		c->t.referral_id = c->referral_id;
		c->t.reference_number = c->reference_number;
		c->t.person_name = c->person_name;
		c->t.appointment_id = c->appointment_id;
		c->t.outcome_ids = (const char *const *)c->outcome_ids;
	}
	if (oom) {
		fctx_free(c);
		sb_adds(err, "out of memory");
		return -1;
	}
	/* a draft per referral (and appointment or session) and form; the
	 * subject says enough to reopen it (supplier_form_resume) */
	if (f == SF_PERFORMANCE)
		sb_adds(&subject, "performance");
	else
		sb_addf(&subject, "referral:%s", t->referral_id ? t->referral_id : "");
	if (f == SF_FEEDBACK && t->appointment_id)
		sb_addf(&subject, ":appointment:%s", t->appointment_id);
	else if (f == SF_BOOK || f == SF_RESCHEDULE)
		sb_addf(&subject, ":session:%d", t->session_number);
	if (f == SF_PERFORMANCE)
		sb_adds(&title, supplier_form_label(f));
	else
		sb_addf(&title, "%s: %s (%s)", supplier_form_label(f),
			t->person_name ? t->person_name : "",
			t->reference_number ? t->reference_number : "");
	spec.form_id = supplier_form_id(f);
	spec.subject = subject.buf;
	spec.title = title.buf;
	spec.no_draft = f == SF_ASSIGN;
	spec.draft_id = draft_id;
	spec.ctx = c;
	spec.ctx_free = fctx_free;
	spec.prepare = fprepare;
	spec.submit = fsubmit;
	rc = form_screen_open(ui, &spec, err);
	sb_release(&subject);
	sb_release(&title);
	return rc;
}

int supplier_form_open(struct ui *ui, enum supplier_form f, const struct supplier_form_target *t,
		       bool *changed, struct strbuf *err)
{
	return open_draft(ui, f, t, 0, changed, err);
}

/* Reopens a draft of a supplier form from its subject
 * ("referral:<id>[:session:<n> | :appointment:<id>]"): the referral is read
 * again, so what the form is about is as it is now. */
int supplier_form_resume(struct ui *ui, long draft_id, const char *form_id, const char *subject,
			 struct strbuf *err)
{
	struct supplier_form_target t = {0};
	struct supplier_progress *p = NULL;
	enum supplier_form f;
	char id[37], *rest;
	const char **ids = NULL;
	size_t i;
	int rc;

	for (f = 0; f < SF_COUNT; f++)
		if (!strcmp(form_id, supplier_form_id(f)))
			break;
	if (f == SF_PERFORMANCE)
		return open_draft(ui, f, &t, draft_id, NULL, err);
	if (f == SF_COUNT || strncmp(subject, "referral:", 9) || strlen(subject + 9) < 36) {
		sb_addf(err, "this draft of %s cannot be reopened", form_id);
		return -1;
	}
	memcpy(id, subject + 9, 36);
	id[36] = '\0';
	rest = strchr(subject + 9, ':');
	if (supplier_progress_load(ui_db(ui), id, &p, err) != CT_OK)
		return -1;
	t.referral_id = p->referral_id;
	t.reference_number = p->reference_number;
	t.person_name = p->person_name;
	t.assigned_to = p->assigned_to;
	if (rest && !strncmp(rest, ":session:", 9))
		t.session_number = atoi(rest + 9);
	if (rest && !strncmp(rest, ":appointment:", 13))
		t.appointment_id = rest + 13;
	ids = calloc(p->n_outcomes + 1, sizeof *ids);
	if (!ids) {
		supplier_progress_free(&p);
		sb_adds(err, "out of memory");
		return -1;
	}
	for (i = 0; i < p->n_outcomes; i++)
		ids[i] = p->outcomes[i].id;
	t.outcome_ids = ids;
	t.n_outcomes = p->n_outcomes;
	rc = open_draft(ui, f, &t, draft_id, NULL, err);
	free(ids);
	supplier_progress_free(&p);
	return rc;
}

int supplier_performance_open(struct ui *ui)
{
	struct supplier_form_target t = {0};
	struct strbuf err = STRBUF_INIT;
	int rc = open_draft(ui, SF_PERFORMANCE, &t, 0, NULL, &err);

	if (rc)
		ui_message(ui, true, "%s", err.buf);
	sb_release(&err);
	return rc;
}
