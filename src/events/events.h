/* events.h: delivery of outbox rows to the events endpoint (nDelius side).
 *
 * Each row is sent once as an HMPPS-style domain event with its outbox id as
 * the event id (also in the X-Event-Id header), so a receiver that sees it
 * twice can de-duplicate.  A row is marked sent only after a 2xx answer, in
 * the same transaction that locked it: a crash between the answer and the
 * commit can repeat a delivery, never lose one. */
#ifndef CASETERM_EVENTS_H
#define CASETERM_EVENTS_H

#include <libpq-fe.h>

#include "config/config.h"
#include "util/status.h"
#include "util/strbuf.h"

struct outbox_round {
	int sent;
	int failed;
};

/* Builds the JSON delivered for one outbox row (a new string to free()). */
char *event_envelope(const char *id, const char *event_type, const char *crn,
		     const char *occurred_at, const char *payload_json);

/* Delivers up to batch due rows.  Returns CT_OK (even when some deliveries
 * failed: they are rescheduled), or CT_DB when the database failed. */
enum ct_status outbox_send_round(const struct ct_config *cfg, PGconn *db, int batch,
				 struct outbox_round *round, struct strbuf *err);

#endif
