/* fake.h: the fake upstream server's shared state (tests/fake/, one process).
 *
 * fake-upstream serves HMPPS Auth, nDelius and OASys from the JSON files in
 * tests/fixtures/people/<CRN>/, receives outbox event deliveries, and can be
 * told to misbehave (latency, a status, a hang, malformed JSON, a wrong
 * content type).  See tests/fixtures/README.md for the endpoints.
 *
 * Every member of struct fake below `lock` is guarded by it.  Strings and
 * JSON values in the state are owned by the state. */
#ifndef CASETERM_FAKE_H
#define CASETERM_FAKE_H

#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>

#include <microhttpd.h>

#include "util/strbuf.h"

#define FAKE_MAX_BODY (1024 * 1024)       /* largest request body accepted */
#define FAKE_MAX_FIXTURE (8 * 1024 * 1024) /* largest fixture file served */
#define FAKE_MAX_LOG 10000                 /* request log entries kept */
#define FAKE_MAX_EVENTS 100000             /* event deliveries kept */
#define FAKE_MAX_TOKENS 1000               /* live tokens kept */
#define FAKE_TOKEN_LEN 64                  /* hex characters */

struct fake_fault {
	char *path_prefix;   /* "" matches every path outside /_control */
	long latency_ms;     /* 0 = none */
	int status;          /* 0 = the normal status */
	bool hang;           /* never answer; hold the connection until the client goes */
	bool malformed_json; /* cut the body so that it is not JSON */
	char *content_type;  /* NULL = the normal one */
	long times;          /* requests left; -1 = until cleared */
};

struct fake_token {
	char value[FAKE_TOKEN_LEN + 1];
	double expires;      /* monotonic seconds */
};

struct fake {
	/* set before the daemon starts, then read-only */
	const char *fixtures;
	const char *client_id;
	char *client_secret;
	long token_ttl_s;
	bool verbose;
	unsigned short port;
	atomic_int stopping;   /* set on SIGTERM/SIGINT: hangs and delays end */

	pthread_mutex_t lock;
	FILE *events_log;      /* NULL when not asked for */
	struct fake_fault *faults;
	size_t n_faults;
	struct fake_token *tokens;
	size_t n_tokens;
	json_t *requests;      /* array of {seq, method, path, status, ms, fault} */
	long request_seq;
	json_t *events;        /* array of {seq, id, duplicate, receivedAt, body} */
	long event_seq;
	json_t *event_ids;     /* object used as a set of ids seen */
};

/* The reply a route builds; fake_http.c applies faults and sends it. */
struct reply {
	int status;
	struct strbuf body;
	const char *content_type; /* static string */
};

/* One request's data, alive from its first to its last handler call. */
struct request {
	struct strbuf body;
	bool too_big;
	json_t *log_entry;     /* borrowed from fake.requests (NULL for /_control) */
	double started;
};

/* ---- fake_state.c ----------------------------------------------------- */

double fake_now(void);
int fake_state_init(struct fake *f);
void fake_state_release(struct fake *f);

/* Parses one fault object or an array of them (the body of POST
 * /_control/faults or the --faults file) and appends them.  Returns 0, or -1
 * with a reason in err (nothing is added then). */
int fake_faults_add(struct fake *f, json_t *doc, struct strbuf *err);
void fake_faults_clear(struct fake *f);
/* Takes the first fault matching path (counting down its times) into out,
 * which the caller releases with fake_fault_release.  Returns false when none. */
bool fake_faults_take(struct fake *f, const char *path, struct fake_fault *out);
void fake_fault_release(struct fake_fault *ft);
/* A new JSON array describing the faults in force. */
json_t *fake_faults_json(struct fake *f);

/* Issues a new token into out; returns 0 or -1. */
int fake_token_issue(struct fake *f, char out[FAKE_TOKEN_LEN + 1]);
bool fake_token_valid(struct fake *f, const char *token);
void fake_tokens_revoke(struct fake *f);

/* Adds a request log entry (status 0 until fake_log_finish) and returns it
 * (borrowed).  method and path are copied, made safe for JSON. */
json_t *fake_log_start(struct fake *f, const char *method, const char *path);
void fake_log_finish(struct fake *f, json_t *entry, int status, double ms, const char *fault);

/* Records an event delivery; returns true when id was seen before.  body is
 * borrowed (a reference is taken). */
bool fake_event_record(struct fake *f, const char *id, json_t *body);

/* A new JSON string that holds s, with bytes that are not valid UTF-8
 * replaced by '?'; never NULL unless out of memory. */
json_t *fake_json_text(const char *s, size_t len);

/* ---- fake_routes.c ---------------------------------------------------- */

/* Fills r for the request; conn gives headers.  Never fails: errors are
 * replies too. */
void fake_route(struct fake *f, struct MHD_Connection *conn, const char *method, const char *url,
		struct request *req, struct reply *r);

/* Reply helpers. */
void reply_json(struct reply *r, int status, json_t *doc); /* steals doc */
void reply_error(struct reply *r, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Serves tests/fixtures/people/<crn>/<name>; 404 (JSON) when absent. */
void reply_fixture(struct fake *f, struct reply *r, const char *crn, const char *name,
		   const char *missing_message);

/* True when crn is one capital letter and six digits. */
bool fake_crn_ok(const char *crn);

/* ---- fake_http.c ------------------------------------------------------ */

enum MHD_Result fake_access(void *cls, struct MHD_Connection *conn, const char *url,
			    const char *method, const char *version, const char *upload_data,
			    size_t *upload_data_size, void **con_cls);
void fake_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
		    enum MHD_RequestTerminationCode toe);

#endif
