/* http.c: libcurl easy requests with bounded size and timeouts. */
#include "lookup/http.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

/* Upstream bodies larger than this are refused rather than buffered. */
#define HTTP_MAX_BODY (16u * 1024u * 1024u)

void http_response_init(struct http_response *r)
{
	memset(r, 0, sizeof *r);
	sb_init(&r->body);
}

void http_response_release(struct http_response *r)
{
	sb_release(&r->body);
	free(r->content_type);
	http_response_init(r);
}

int http_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

void http_global_cleanup(void)
{
	curl_global_cleanup();
}

static size_t on_body(char *data, size_t size, size_t n, void *arg)
{
	struct strbuf *sb = arg;
	size_t len = size * n;

	if (sb->len + len > HTTP_MAX_BODY || sb_add(sb, data, len))
		return 0; /* makes curl stop with CURLE_WRITE_ERROR */
	return len;
}

static int perform(CURL *h, const struct ct_config *cfg, const char *url,
		   struct curl_slist *headers, struct http_response *out, struct strbuf *err)
{
	char errbuf[CURL_ERROR_SIZE] = "";
	const char *ct = NULL;
	CURLcode cc;

	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, cfg->connect_timeout_ms);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, cfg->timeout_ms);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &out->body);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "caseterm");
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	cc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_TOTAL_TIME, &out->seconds);
	if (cc != CURLE_OK) {
		sb_addf(err, "%s", errbuf[0] ? errbuf : curl_easy_strerror(cc));
		return -1;
	}
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out->status);
	if (curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct)
		out->content_type = strdup(ct);
	return 0;
}

int http_get(const struct ct_config *cfg, const char *url, const char *bearer,
	     struct http_response *out, struct strbuf *err)
{
	struct curl_slist *headers = NULL, *t;
	struct strbuf auth = STRBUF_INIT;
	CURL *h = curl_easy_init();
	int rc = -1;

	if (!h) {
		sb_adds(err, "cannot start an HTTP request");
		return -1;
	}
	t = curl_slist_append(headers, "Accept: application/json");
	if (t)
		headers = t;
	if (bearer && sb_addf(&auth, "Authorization: Bearer %s", bearer) == 0) {
		t = curl_slist_append(headers, auth.buf);
		if (t)
			headers = t;
	}
	rc = perform(h, cfg, url, headers, out, err);
	if (auth.len)
		explicit_bzero(auth.buf, auth.len);
	sb_release(&auth);
	curl_slist_free_all(headers);
	curl_easy_cleanup(h);
	return rc;
}

int http_post_form(const struct ct_config *cfg, const char *url, const char *user,
		   const char *password, const char *form, struct http_response *out,
		   struct strbuf *err)
{
	struct curl_slist *headers = NULL, *t;
	CURL *h = curl_easy_init();
	int rc;

	if (!h) {
		sb_adds(err, "cannot start an HTTP request");
		return -1;
	}
	t = curl_slist_append(headers, "Accept: application/json");
	if (t)
		headers = t;
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, form);
	curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
	curl_easy_setopt(h, CURLOPT_USERNAME, user);
	curl_easy_setopt(h, CURLOPT_PASSWORD, password);
	rc = perform(h, cfg, url, headers, out, err);
	curl_slist_free_all(headers);
	curl_easy_cleanup(h);
	return rc;
}

int http_post_json(const struct ct_config *cfg, const char *url, const char *bearer,
		   const char *json, const char *const *extra, struct http_response *out,
		   struct strbuf *err)
{
	struct curl_slist *headers = NULL, *t;
	struct strbuf auth = STRBUF_INIT;
	CURL *h = curl_easy_init();
	int rc;

	if (!h) {
		sb_adds(err, "cannot start an HTTP request");
		return -1;
	}
	t = curl_slist_append(headers, "Accept: application/json");
	if (t)
		headers = t;
	t = curl_slist_append(headers, "Content-Type: application/json");
	if (t)
		headers = t;
	for (; extra && *extra; extra++) {
		t = curl_slist_append(headers, *extra);
		if (t)
			headers = t;
	}
	if (bearer && sb_addf(&auth, "Authorization: Bearer %s", bearer) == 0) {
		t = curl_slist_append(headers, auth.buf);
		if (t)
			headers = t;
	}
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, json);
	rc = perform(h, cfg, url, headers, out, err);
	if (auth.len)
		explicit_bzero(auth.buf, auth.len);
	sb_release(&auth);
	curl_slist_free_all(headers);
	curl_easy_cleanup(h);
	return rc;
}
