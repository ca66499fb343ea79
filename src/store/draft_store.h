/* draft_store.h: form drafts (table form_draft, 0003_drafts.sql) and the
 * option lists that form fields take from reference tables.
 *
 * Drafts belong to the connected role: row-level security shows and changes
 * only the caller's own, so another user's draft is simply "not found".
 * Every save names the version it started from; a save over a newer version
 * (another session of the same user) is refused with CT_CONFLICT and
 * changes nothing.  Answers are the JSON text of form_state_to_json.
 *
 * Ownership: functions fill structs the caller owns; release them with
 * draft_release / drafts_free / option_items_free. */
#ifndef CASETERM_DRAFT_STORE_H
#define CASETERM_DRAFT_STORE_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/status.h"
#include "util/strbuf.h"

struct form_draft {
	long id;
	char *form_id;
	char *subject;       /* e.g. the CRN; may be NULL */
	char *title;         /* may be NULL */
	char *answers;       /* JSON text; NULL in draft_list_mine results */
	int version;
	char *created_at;    /* ISO 8601, UTC: "2025-11-24T15:04:05Z" */
	char *updated_at;    /* ISO 8601, UTC */
	char *updated_words; /* for people, local time: "15:04 on 24 November 2025" */
};

void draft_release(struct form_draft *d);
void drafts_free(struct form_draft **d, size_t n);

/* Creates a draft owned by the connected role (answers_json NULL = {}).
 * On CT_OK *out holds the new row (version 1).  CT_DB with the reason. */
enum ct_status draft_create(PGconn *db, const char *form_id, const char *subject,
			    const char *title, const char *answers_json, struct form_draft *out,
			    struct strbuf *err);

/* The caller's drafts, newest first (form_id NULL = of every form), without
 * their answers.  *out is a new array of *n drafts (drafts_free). */
enum ct_status draft_list_mine(PGconn *db, const char *form_id, struct form_draft **out,
			       size_t *n, struct strbuf *err);

/* One draft with its answers.  CT_NOT_FOUND when there is no such draft of
 * the caller's (someone else's is not found either). */
enum ct_status draft_load(PGconn *db, long id, struct form_draft *out, struct strbuf *err);

/* Saves answers (and subject/title when not NULL) over version *version.
 * CT_OK: *version is the new version.  CT_CONFLICT: the draft was saved by
 * another session since; err says when ("This draft was changed in another
 * session at 15:04 on 24 November 2025. Nothing was overwritten: ...") and
 * *version is left as it was.  CT_NOT_FOUND: the draft is gone (submitted
 * or deleted elsewhere).  CT_DB otherwise. */
enum ct_status draft_save(PGconn *db, long id, int *version, const char *answers_json,
			  const char *subject, const char *title, struct strbuf *err);

/* Deletes a draft (on submit).  version 0 deletes whatever version it is at;
 * otherwise CT_CONFLICT when it has moved on.  CT_NOT_FOUND when absent. */
enum ct_status draft_delete(PGconn *db, long id, int version, struct strbuf *err);

/* ---- options for `options_from` fields ---------------------------------- */

struct option_item {
	char *value;
	char *label;
	char *hint;          /* description, or NULL */
	char *group;         /* heading it is listed under, or NULL */
};

/* The option tables this store can read (the names forms may use), NULL-
 * terminated. */
extern const char *const options_tables[];
bool options_table_known(const char *table);

/* Loads the options of a reference list by its form name ("withdrawal_reasons",
 * "pdus", ...; the SQL for each is fixed in draft_store.c, never built from
 * the name).  parent narrows lists that belong to something (pdus and
 * pcc_regions: a region id; complexity_levels and desired_outcomes: a
 * service category id; service_categories: a contract type code; withdrawal
 * reasons: a grouping code); NULL gives all.  Inactive and deprecated rows
 * are left out.  CT_NOT_FOUND for an unknown name.  *out is a new array of
 * *n items (option_items_free). */
enum ct_status options_load(PGconn *db, const char *table, const char *parent,
			    struct option_item **out, size_t *n, struct strbuf *err);
void option_items_free(struct option_item **items, size_t n);

#endif
