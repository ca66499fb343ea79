/* cas3_application.h: the parts of a CAS3 application (forms/
 * cas3_application.yaml) that are not drawing: the context the form screen
 * keeps (the person's look-up, the practitioner's contact details, the
 * prefill sources built from them), the choices and defaults set when the
 * form opens, and the mapping of form_state_submit()'s JSON to
 * cas3_application_submit().  No curses and no screen state here, so unit
 * and db tests call it directly; ui/screens/cas3_apply.c is the screen that
 * starts an application and opens the form. */
#ifndef CASETERM_UI_SCREENS_CAS3_APPLICATION_H
#define CASETERM_UI_SCREENS_CAS3_APPLICATION_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

#include "forms/form.h"
#include "forms/state.h"
#include "lookup/lookup.h"
#include "store/cas3_apply_store.h"
#include "store/cas3_store.h"
#include "util/status.h"
#include "util/strbuf.h"

#define CAS3_APPLICATION_FORM_ID "cas3_application"

enum { CAS3_APPLY_N_SOURCES = 7 };

struct cas3_apply {
	char crn[8];
	struct person_lookup *p;        /* owned; NULL when no look-up answered */
	struct cas3_my_contact me;      /* owned */
	char *staff_name;               /* the signed-in member of staff (sanitised) */
	struct prefill_source sources[CAS3_APPLY_N_SOURCES];
	struct form_state *st;          /* the open form's state, set by prepare */
	int async_id;                   /* a retry look-up under way, or 0 */
	struct strbuf banner;
	char *sent_region;              /* after submit: the region's name */
};

/* A context for crn; p (may be NULL) and me are moved in (me is zeroed).
 * The sources point at the context.  NULL on ENOMEM. */
struct cas3_apply *cas3_apply_new(const char *crn, struct person_lookup *p,
				  struct cas3_my_contact *me, const char *staff_name);
/* Frees a context (void * so it can be form_screen_spec.ctx_free). */
void cas3_apply_free(void *ctx);
/* Takes a newer look-up (p consumed); the old one is freed. */
void cas3_apply_take(struct cas3_apply *c, struct person_lookup *p);

/* The callback of every prefill source of the form: "staff.*" (name, email,
 * phone) from the practitioner, the rest through lookup_prefill_get;
 * PREFILL_DOWN with the reason when that service did not answer. */
int cas3_apply_prefill_get(void *ctx, const char *path, struct strbuf *out);

/* A line for the form's banner about services that did not answer, or "". */
void cas3_apply_banner(const struct cas3_apply *c, struct strbuf *out);

/* Gives the form's options_from fields their options (regions, PDUs,
 * local authorities) and chooses the practitioner's own region and PDU
 * when those are still empty.  db may be NULL (tests): no options. */
enum ct_status cas3_apply_prepare(struct cas3_apply *c, PGconn *db, struct form_state *st,
				  struct strbuf *err);

/* What a cas3_application_input points into. */
struct cas3_apply_owner {
	void *json;                 /* the parsed submission (json_t) */
	char *release_types;        /* comma-separated */
	char *risk_ratings;         /* RoSH snapshot as JSON */
	char *event_number;
	char *local_authority;      /* the Duty to Refer local authority's name */
};
void cas3_apply_owner_release(struct cas3_apply_owner *o);

/* Builds in from form_state_submit()'s json (st, may be NULL, gives option
 * labels).  CT_USAGE with the reason in words when the answers do not make
 * an application (no consent; the release after the date accommodation is
 * required from); CT_ERR when json is not a submission of this form. */
enum ct_status cas3_apply_input(const char *json, const struct form_state *st,
				const struct cas3_apply *c, struct cas3_application_input *in,
				struct cas3_apply_owner *own, struct strbuf *err);

/* The confirmation page: "Application sent" then lines saying where it is. */
void cas3_apply_confirmation(const char *region_name, const char *application_id,
			     struct strbuf *out);

/* Submits (cas3_apply_input then cas3_application_submit) and fills the
 * confirmation.  The status and err as those two give them. */
enum ct_status cas3_apply_submit(struct cas3_apply *c, PGconn *db, const struct form_state *st,
				 const char *json, struct strbuf *confirmation, struct strbuf *err);

#endif
