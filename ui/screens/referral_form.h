/* referral_form.h: what the referral screens share and the parts of making a
 * referral that are not drawing: the person being referred (one look-up
 * shared by the start screen and the form), the prefill sources of
 * forms/referral.yaml built from it, the choices of the intervention
 * (service categories, complexity levels, desired outcomes), and the
 * mapping of form_state_submit()'s JSON to referral_send().  No curses and
 * no screen state here, so the unit and db tests call it directly. */
#ifndef CASETERM_UI_SCREENS_REFERRAL_FORM_H
#define CASETERM_UI_SCREENS_REFERRAL_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "forms/form.h"
#include "forms/state.h"
#include "lookup/lookup.h"
#include "store/referral_store.h"
#include "util/status.h"
#include "util/strbuf.h"

#define REFERRAL_FORM_ID "referral"

/* ---- the person: one look-up shared by reference ------------------------ */

struct ref_person {
	int refs;
	char crn[8];
	struct person_lookup *p;  /* NULL until the first look-up answered */
	int async_id;             /* > 0 while a look-up is under way */
	time_t asked_at;          /* when the look-up under way was started */
	enum ct_status status;    /* of the last look-up (CT_OK before any) */
	char *error;              /* why the last look-up failed as a whole, or NULL */
	unsigned version;         /* counts the look-ups taken (screens redraw from it) */
	struct referral_ctx *form;/* the form open for this person, or NULL */
	char *sent_reference;     /* set once a referral was sent (sanitised) */
};

struct ref_person *ref_person_new(const char *crn);
struct ref_person *ref_person_ref(struct ref_person *rp);
void ref_person_unref(struct ref_person **rp);
/* Takes the result of a look-up (p is consumed).  What a service could not
 * give this time but gave before is kept: the old parts move into the new
 * result, so a failed retry never loses what the screen showed. */
void ref_person_take(struct ref_person *rp, struct person_lookup *p);

struct referral_ctx;

/* ---- the intervention ---------------------------------------------------- */

struct ref_intervention {
	char *id, *title, *kind, *kind_label, *contract_type_name, *provider_name;
	struct intervention_category *cats;  /* CRS: from intervention_categories() */
	size_t n_cats;
};
void ref_intervention_release(struct ref_intervention *iv);
/* Sanitises the categories' names, labels and descriptions (from the
 * database) once, after intervention_categories(). */
void ref_intervention_sanitize(struct ref_intervention *iv);
/* Copies a summary, its text sanitised (the categories are loaded
 * separately). */
enum ct_status ref_intervention_from_summary(struct ref_intervention *iv,
					     const struct intervention_summary *s);

/* ---- the form's context -------------------------------------------------- */

enum { REF_N_SOURCES = 7 };

struct referral_ctx {
	struct ref_person *person;        /* a reference of its own */
	struct ref_intervention iv;
	char *recommended_pathway;        /* PNI pathway code, or NULL */
	struct prefill_source sources[REF_N_SOURCES];
	struct form_state *st;            /* the open form's state (from prepare) */
	int async_id;                     /* a look-up started by the form (retry, resume) */
	struct strbuf banner;
	bool closed;
};

/* A context for person and iv (iv is moved in and zeroed).  The sources
 * point at the context itself.  NULL on ENOMEM. */
struct referral_ctx *referral_ctx_new(struct ref_person *person, struct ref_intervention *iv);
void referral_ctx_free(struct referral_ctx *c);

/* The prefill source callback of every source of the form: "referral.*"
 * from the intervention and what the look-up gives; "ndelius.*" and
 * "oasys.*" through lookup_prefill_get, PREFILL_DOWN (with the reason) when
 * that service did not answer.  Yes/No become the yesno values. */
int referral_prefill_get(void *ctx, const char *path, struct strbuf *out);

/* Gives the options_from fields of the form their options from iv's
 * categories: service categories, complexity levels and desired outcomes
 * (labelled with their category when there are several), and selects the
 * only category when there is one. */
enum ct_status referral_set_options(struct referral_ctx *c, struct form_state *st,
				    struct strbuf *err);

/* "Community order (12 months): Burglary, ends 1 May 2027": how a conviction is
 * offered in the relevant-sentence field (and matched back on submit). */
void referral_conviction_label(const struct ndelius_conviction *cv, struct strbuf *out);

/* A line for the form's banner about services that did not answer, or ""
 * when both did. */
void referral_services_banner(const struct ref_person *rp, struct strbuf *out);

/* ---- submit ------------------------------------------------------------- */

/* What a referral_send_input points into: free with referral_input_release. */
struct referral_input_owner {
	void *json;                           /* the parsed document (json_t) */
	struct referral_category_input *cats;
	size_t n_cats;
	const char **outcomes;                /* all categories' ids, back to back */
	const char **disabilities;
	struct strbuf further;                /* further information with the kind's answers */
	struct strbuf sentence_end;
};
void referral_input_release(struct referral_input_owner *o);

/* Builds in from form_state_submit()'s json, the state (for the original
 * OASys text of each risk field) and the context.  CT_USAGE with the reason
 * in words when the answers do not make a referral (a category without its
 * complexity level, custody without a release date or a reason, a
 * programme off the recommended pathway without a reason); CT_ERR when json
 * is not a submission of this form. */
enum ct_status referral_input_from_json(const char *json, const struct form_state *st,
					const struct referral_ctx *c,
					struct referral_send_input *in,
					struct referral_input_owner *own, struct strbuf *err);

/* The confirmation page text of a sent referral: "Referral sent", the
 * reference, the provider, and that nDelius will be told. */
void referral_confirmation(const struct referral_sent *sent, const char *person_name,
			   struct strbuf *out);

/* ---- screens (ui/screens/referral_open.c) ------------------------------- */

struct ui;

/* Opens the referral form for rp (a reference is taken) and the
 * intervention s, resuming draft draft_id (0: the newest draft of this
 * person and intervention, if any).  Returns 0, or -1 with err set. */
int referral_open_form(struct ui *ui, struct ref_person *rp, const struct intervention_summary *s,
		       long draft_id, struct strbuf *err);
/* The form_resumer of referral drafts (subject "CRN:intervention id"): the
 * person is looked up again and the form fills in when they answer. */
int referral_resume(struct ui *ui, long draft_id, const char *form_id, const char *subject,
		    struct strbuf *err);

#endif
