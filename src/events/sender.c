/* sender.c: outbox -> HTTP delivery, one transaction per batch. */
#include "events/events.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "lookup/http.h"
#include "store/outbox_store.h"
#include "util/log.h"

char *event_envelope(const char *id, const char *event_type, const char *crn,
		     const char *occurred_at, const char *payload_json)
{
	json_t *doc, *detail, *ids;
	char *out;

	detail = json_loads(payload_json ? payload_json : "{}", 0, NULL);
	if (!detail)
		detail = json_object();
	doc = json_pack("{s:s, s:s, s:i, s:s, s:o}", "id", id, "eventType", event_type,
			"version", 1, "occurredAt", occurred_at, "additionalInformation", detail);
	if (!doc)
		return NULL;
	if (crn) {
		ids = json_pack("{s:[{s:s, s:s}]}", "identifiers", "type", "CRN", "value", crn);
		if (ids)
			json_object_set_new(doc, "personReference", ids);
	}
	out = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	return out;
}

static int deliver(const struct ct_config *cfg, const struct outbox_row *row, struct strbuf *why)
{
	struct http_response resp;
	struct strbuf hdr = STRBUF_INIT;
	const char *headers[2] = {NULL, NULL};
	char *body = event_envelope(row->id, row->event_type, row->crn, row->created_at,
				    row->payload);
	int ok = 0;

	http_response_init(&resp);
	if (!body) {
		sb_adds(why, "could not build the event body");
		return -1;
	}
	sb_addf(&hdr, "X-Event-Id: %s", row->id);
	headers[0] = hdr.buf;
	if (http_post_json(cfg, cfg->events_endpoint, NULL, body, headers, &resp, why) == 0) {
		if (resp.status >= 200 && resp.status < 300)
			ok = 1;
		else
			sb_addf(why, "the events endpoint answered HTTP %ld", resp.status);
	}
	http_response_release(&resp);
	sb_release(&hdr);
	free(body);
	return ok ? 0 : -1;
}

enum ct_status outbox_send_round(const struct ct_config *cfg, PGconn *db, int batch,
				 struct outbox_round *round, struct strbuf *err)
{
	struct outbox_row *rows = NULL;
	struct strbuf why = STRBUF_INIT;
	enum ct_status st;
	size_t n = 0, i;

	round->sent = round->failed = 0;
	if (db_command(db, "BEGIN", 0, NULL, err))
		return CT_DB;
	st = outbox_claim_due(db, batch, &rows, &n, err);
	for (i = 0; st == CT_OK && i < n; i++) {
		sb_reset(&why);
		if (deliver(cfg, &rows[i], &why) == 0) {
			st = outbox_mark_sent(db, rows[i].id, err);
			round->sent++;
		} else {
			log_msg(LOG_WARN, "outbox: %s %s not delivered: %s", rows[i].event_type,
				rows[i].id, why.buf);
			st = outbox_mark_failed(db, rows[i].id, why.buf, err);
			round->failed++;
		}
	}
	outbox_rows_free(&rows, n);
	sb_release(&why);
	if (st != CT_OK) {
		struct strbuf ignore = STRBUF_INIT;

		db_command(db, "ROLLBACK", 0, NULL, &ignore);
		sb_release(&ignore);
		return st;
	}
	return db_command(db, "COMMIT", 0, NULL, err) ? CT_DB : CT_OK;
}
