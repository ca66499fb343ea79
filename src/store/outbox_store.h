/* outbox_store.h: the outbox table, written in the same transaction as each
 * change nDelius must hear about, and drained by the sender (src/events/). */
#ifndef CASETERM_OUTBOX_STORE_H
#define CASETERM_OUTBOX_STORE_H

#include <libpq-fe.h>
#include <stddef.h>

#include "util/status.h"
#include "util/strbuf.h"

struct outbox_row {
	char *id;           /* uuid: the receiver de-duplicates on it */
	char *event_type;   /* e.g. intervention.referral.sent */
	char *crn;          /* may be NULL */
	char *payload;      /* JSON text */
	char *created_at;   /* ISO 8601 with zone */
	int attempts;
};

/* Adds an event; call inside the transaction that makes the change.
 * payload_json must be a JSON object. */
enum ct_status outbox_add(PGconn *db, const char *event_type, const char *crn,
			  const char *payload_json, struct strbuf *err);

/* Locks up to limit due rows (FOR UPDATE SKIP LOCKED) in the caller's open
 * transaction.  *rows is a new array the caller frees with outbox_rows_free. */
enum ct_status outbox_claim_due(PGconn *db, int limit, struct outbox_row **rows, size_t *n,
				struct strbuf *err);
void outbox_rows_free(struct outbox_row **rows, size_t n);
enum ct_status outbox_mark_sent(PGconn *db, const char *id, struct strbuf *err);
/* Records a failed delivery: attempts + 1 and the next try after a backoff
 * of 5 s doubling per attempt, at most an hour. */
enum ct_status outbox_mark_failed(PGconn *db, const char *id, const char *reason,
				  struct strbuf *err);

struct outbox_status {
	long pending;        /* not yet delivered */
	long failing;        /* pending with at least one failed attempt */
	long oldest_age_s;   /* age of the oldest pending, 0 with none */
	long sent;           /* delivered */
};
enum ct_status outbox_get_status(PGconn *db, struct outbox_status *st, struct strbuf *err);

#endif
