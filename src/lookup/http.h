/* http.h: one HTTP request with libcurl, with timeouts from config.
 * The bearer token and client secret are never logged. */
#ifndef CASETERM_HTTP_H
#define CASETERM_HTTP_H

#include "config/config.h"
#include "util/strbuf.h"

struct http_response {
	long status;             /* HTTP status, 0 when no answer came */
	struct strbuf body;      /* owned; http_response_release frees it */
	char *content_type;      /* owned, may be NULL */
	double seconds;          /* total time taken */
};

void http_response_init(struct http_response *r);
void http_response_release(struct http_response *r);

/* Process-wide libcurl set-up; call once from main before threads. */
int http_global_init(void);
void http_global_cleanup(void);

/* GET url with an optional bearer token.  Returns 0 when an HTTP answer came
 * (whatever its status), -1 with curl's reason in err otherwise. */
int http_get(const struct ct_config *cfg, const char *url, const char *bearer,
	     struct http_response *out, struct strbuf *err);
/* POST a form-encoded body (client credentials) with basic auth. */
int http_post_form(const struct ct_config *cfg, const char *url, const char *user,
		   const char *password, const char *form, struct http_response *out,
		   struct strbuf *err);

/* POST a JSON body with an optional bearer token and extra header lines
 * (NULL-terminated array, may be NULL). */
int http_post_json(const struct ct_config *cfg, const char *url, const char *bearer,
		   const char *json, const char *const *headers, struct http_response *out,
		   struct strbuf *err);

#endif
