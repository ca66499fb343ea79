/* fetch.h: private to src/lookup: runs a set of GET requests together on one
 * curl multi handle, with a bearer token, timeouts, retries and backoff. */
#ifndef CASETERM_LOOKUP_FETCH_H
#define CASETERM_LOOKUP_FETCH_H

#include <curl/curl.h>
#include <stdbool.h>

#include "config/config.h"
#include "lookup/token.h"
#include "util/strbuf.h"

enum fetch_result {
	FETCH_ANSWERED,   /* an HTTP answer that is final: 2xx, 404, other 4xx, or 5xx
			   * after the last retry; see status */
	FETCH_FAILED,     /* no answer (transport, Auth): reason says why */
};

struct fetch_req {
	/* in */
	const char *url;
	/* out */
	enum fetch_result result;
	long status;            /* HTTP status of the final answer, 0 when none */
	struct strbuf body;     /* the final answer's body */
	char *content_type;     /* may be NULL */
	struct strbuf reason;   /* FETCH_FAILED, and 401/403/5xx answers: words */
	int attempts;           /* HTTP requests sent */
	double seconds;         /* from fetch_run's start to the final answer */
	/* private */
	CURL *h;
	struct curl_slist *headers;
	char *token;
	char errbuf[CURL_ERROR_SIZE];
	double due;
	int failures;
	bool reauthed, active, done;
};

void fetch_req_init(struct fetch_req *r, const char *url);
void fetch_req_release(struct fetch_req *r);

/* Runs every request to its end.  share may be NULL.  *http_requests is
 * increased by the requests sent (token requests counted by the cache). */
void fetch_run(const struct ct_config *cfg, CURLSH *share, struct token_cache *tokens,
	       struct fetch_req *reqs, size_t n, int *http_requests);

#endif
