/* cas3_estate.h: CAS3 premises, their bedspaces and voids (accommodation.md
 * §1.2, §1.3, §1.6) for administrators (anywhere) and HPT assessors (their
 * own region: row-level security refuses the rest).  The lists are screens
 * (ui/screens/cas3_estate_screens.c); adding and changing goes through the
 * forms forms/cas3_premises.yaml, cas3_bedspace.yaml, cas3_void.yaml and
 * cas3_void_cancel.yaml, whose prepare and submit are here, without
 * drawing, so the tests call them directly. */
#ifndef CASETERM_UI_SCREENS_CAS3_ESTATE_H
#define CASETERM_UI_SCREENS_CAS3_ESTATE_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "forms/state.h"
#include "store/cas3_store.h"
#include "ui/shell.h"
#include "util/status.h"
#include "util/strbuf.h"

enum cas3_estate_form {
	CAS3_FORM_PREMISES,      /* forms/cas3_premises.yaml */
	CAS3_FORM_BEDSPACE,      /* forms/cas3_bedspace.yaml */
	CAS3_FORM_VOID,          /* forms/cas3_void.yaml */
	CAS3_FORM_VOID_CANCEL,   /* forms/cas3_void_cancel.yaml */
};

/* What a form is opened for.  Ids are NULL for a new record. */
struct cas3_estate_ctx {
	enum cas3_estate_form which;
	char *premises_id;   /* premises to change, or the premises of a new bedspace */
	char *bedspace_id;   /* bedspace to change, or the bedspace of a void */
	char *void_id;       /* void to change or cancel */
	char *today;         /* YYYY-MM-DD (tests); NULL: the clock */
	bool *changed;       /* set once the store saved (the opener's; may be NULL) */
	char *saved_id;      /* after submit: the id created or changed */
	long draft_id;       /* > 0: resume this draft */
};

/* A context (ids copied; NULL on ENOMEM); free with cas3_estate_ctx_free. */
struct cas3_estate_ctx *cas3_estate_ctx_new(enum cas3_estate_form which, const char *premises_id,
					    const char *bedspace_id, const char *void_id);
void cas3_estate_ctx_free(void *ctx);

/* The form id of which ("cas3_premises", ...). */
const char *cas3_estate_form_id(enum cas3_estate_form which);

/* Gives the form its choices (PDUs and local authorities of my region,
 * characteristics of the right scope by property name, void reasons) and,
 * when changing a record, its current values (or defaults for a new one:
 * turnaround 2 working days, online, bookable from today). */
enum ct_status cas3_estate_prepare(struct cas3_estate_ctx *c, PGconn *db, struct form_state *st,
				   struct strbuf *err);

/* Saves the answers of st through the store (create or update, then
 * archive or bring online when the status or end date changed; cancel for
 * a void) and fills confirmation ("Premises added" then a line).  The
 * store's status and words otherwise: a bedspace taken on a void's days is
 * CT_CONFLICT with the days named, another region's record CT_NOT_FOUND. */
enum ct_status cas3_estate_submit(struct cas3_estate_ctx *c, PGconn *db,
				  const struct form_state *st, struct strbuf *confirmation,
				  struct strbuf *err);

/* Opens a form for c (owned by the form screen from then on, freed also
 * on failure).  0, or -1 with err. */
int cas3_estate_form_open(struct ui *ui, struct cas3_estate_ctx *c, const char *title,
			  struct strbuf *err);

/* Reopens a draft of one of these forms (a form_resumer of drafts.c; the
 * subject says which premises, bedspace and void it is about). */
int cas3_estate_resume(struct ui *ui, long draft_id, const char *form_id, const char *subject,
		       struct strbuf *err);

/* Screens.  The premises list: arg NULL.  One premises with its bedspaces:
 * arg the premises id (copied).  One bedspace with its voids: arg the
 * bedspace id (copied). */
extern const struct screen_ops cas3_premises_list_screen;
extern const struct screen_ops cas3_premises_screen;
extern const struct screen_ops cas3_bedspace_screen;
/* The Accommodation area's entry. */
int cas3_open_premises(struct ui *ui);

#endif
