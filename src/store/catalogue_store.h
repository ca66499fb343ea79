/* catalogue_store.h: the catalogue of interventions in Postgres (migration
 * 0005): writing one entry from a parsed definition, and loading the whole
 * catalogue into memory for search and eligibility. */
#ifndef CASETERM_CATALOGUE_STORE_H
#define CASETERM_CATALOGUE_STORE_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "catalogue/catalogue.h"
#include "util/status.h"
#include "util/strbuf.h"

/*
 * Writes def as one catalogue entry in one transaction: the entry with
 * def->id is inserted or updated (without an id, the entry with the same
 * name and type); its satellites (descriptions, settings, needs, offences,
 * eligibility, guides, risk rules, ...) are replaced.  Importing the same
 * definition twice leaves one entry.  *created (may be NULL) says whether the
 * entry is new; id (may be NULL) receives its uuid.  Needs caseterm_admin.
 * Returns CT_OK; CT_CONFLICT when another entry (a different uuid) already
 * has this name and type; CT_DB otherwise; err gives "field: problem" or the
 * server's message.  The connection must not be inside a transaction.
 */
enum ct_status catalogue_store_upsert(PGconn *db, const struct cat_def *def, bool *created,
				      struct strbuf *id, struct strbuf *err);

/*
 * Refreshes the planner's statistics of the catalogue tables after an import
 * (autovacuum never analyses tables this small, and without statistics the
 * planner overestimates the load query by orders of magnitude).  Needs the
 * tables' owner; CT_DB with the reason otherwise (the import still stands).
 */
enum ct_status catalogue_store_analyze(PGconn *db, struct strbuf *err);

/*
 * Loads every entry with its satellites, linked accredited-programme strands
 * (with prerequisites) and locations (prison offerings and community
 * locations), and builds the in-memory catalogue.  *out is the caller's (free
 * with cat_free).  Needs only caseterm_staff.  Returns CT_OK, CT_DB or
 * CT_NOMEM.
 */
enum ct_status catalogue_store_load(PGconn *db, struct catalogue **out, struct strbuf *err);

#endif
