/* lookup_cache_store.h: the lookup_cache table (raw nDelius and OASys bodies
 * with the time they were fetched) and the audit row written whenever risk
 * information is read. */
#ifndef CASETERM_LOOKUP_CACHE_STORE_H
#define CASETERM_LOOKUP_CACHE_STORE_H

#include <libpq-fe.h>
#include <stddef.h>
#include <time.h>

#include "util/status.h"
#include "util/strbuf.h"

struct lookup_cache_row {
	char *endpoint;      /* "ndelius.details", "oasys.summary", ... */
	int http_status;     /* 200 or 404 */
	char *body;          /* NULL when none was kept */
	time_t fetched_at;   /* seconds since the epoch */
	long age_s;          /* seconds since fetched_at, by the database's clock */
};

/* Every cached row for crn.  *rows is a new array of *n rows the caller frees
 * with lookup_cache_rows_free.  CT_OK (perhaps with no rows) or CT_DB. */
enum ct_status lookup_cache_get(PGconn *db, const char *crn, struct lookup_cache_row **rows,
				size_t *n, struct strbuf *err);
void lookup_cache_rows_free(struct lookup_cache_row **rows, size_t n);

/* Keeps (inserts or replaces) the answer for (endpoint, crn), fetched now.
 * body may be NULL.  CT_OK or CT_DB. */
enum ct_status lookup_cache_put(PGconn *db, const char *endpoint, const char *crn,
				int http_status, const char *body, struct strbuf *err);

/* Writes audit_log (action 'risk.read', entity 'oasys') for crn, as the
 * connected user; detail_json is a JSON object (NULL gives {}).  CT_OK or
 * CT_DB. */
enum ct_status lookup_cache_audit_risk_read(PGconn *db, const char *crn, const char *detail_json,
					    struct strbuf *err);

#endif
