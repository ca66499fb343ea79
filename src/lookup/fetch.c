/* fetch.c: all the GET requests of a look-up at once on one curl multi
 * handle; retries with backoff on 5xx and transport failures, never on 4xx;
 * one new token and one more try after a 401. */
#include "lookup/fetch.h"

#include <stdlib.h>
#include <string.h>

#include "lookup/internal.h"
#include "util/log.h"

void fetch_req_init(struct fetch_req *r, const char *url)
{
	memset(r, 0, sizeof *r);
	r->url = url;
	sb_init(&r->body);
	sb_init(&r->reason);
}

static void wipe_free(char **s)
{
	if (*s) {
		explicit_bzero(*s, strlen(*s));
		free(*s);
		*s = NULL;
	}
}

void fetch_req_release(struct fetch_req *r)
{
	if (r->h)
		curl_easy_cleanup(r->h);
	curl_slist_free_all(r->headers);
	wipe_free(&r->token);
	sb_release(&r->body);
	sb_release(&r->reason);
	free(r->content_type);
	r->h = NULL;
	r->headers = NULL;
}

static size_t on_body(char *data, size_t size, size_t n, void *arg)
{
	struct strbuf *sb = arg;
	size_t len = size * n;

	if (sb->len + len > LOOKUP_MAX_BODY || sb_add(sb, data, len))
		return 0; /* curl stops with CURLE_WRITE_ERROR */
	return len;
}

/* Sets the request's token (a copy) and its header lines.  0 or -1. */
static int set_token(struct fetch_req *r, const char *token)
{
	struct strbuf line = STRBUF_INIT;
	struct curl_slist *h = NULL, *t;
	int rc = -1;

	wipe_free(&r->token);
	r->token = strdup(token);
	if (!r->token || sb_addf(&line, "Authorization: Bearer %s", token))
		goto out;
	if (!(t = curl_slist_append(h, "Accept: application/json")))
		goto out;
	h = t;
	if (!(t = curl_slist_append(h, line.buf)))
		goto out;
	h = t;
	curl_slist_free_all(r->headers);
	r->headers = h;
	h = NULL;
	rc = 0;
out:
	curl_slist_free_all(h);
	if (line.len)
		explicit_bzero(line.buf, line.len);
	sb_release(&line);
	return rc;
}

static int start(CURLM *m, CURLSH *share, const struct ct_config *cfg, struct fetch_req *r)
{
	if (!r->h) {
		r->h = curl_easy_init();
		if (!r->h)
			return -1;
		curl_easy_setopt(r->h, CURLOPT_URL, r->url);
		curl_easy_setopt(r->h, CURLOPT_PRIVATE, r);
		curl_easy_setopt(r->h, CURLOPT_ERRORBUFFER, r->errbuf);
		curl_easy_setopt(r->h, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(r->h, CURLOPT_CONNECTTIMEOUT_MS, cfg->connect_timeout_ms);
		curl_easy_setopt(r->h, CURLOPT_TIMEOUT_MS, cfg->timeout_ms);
		curl_easy_setopt(r->h, CURLOPT_WRITEFUNCTION, on_body);
		curl_easy_setopt(r->h, CURLOPT_WRITEDATA, &r->body);
		curl_easy_setopt(r->h, CURLOPT_USERAGENT, "caseterm");
		curl_easy_setopt(r->h, CURLOPT_PROTOCOLS_STR, "http,https");
		curl_easy_setopt(r->h, CURLOPT_ACCEPT_ENCODING, "");
		if (share)
			curl_easy_setopt(r->h, CURLOPT_SHARE, share);
	}
	curl_easy_setopt(r->h, CURLOPT_HTTPHEADER, r->headers);
	sb_reset(&r->body);
	free(r->content_type);
	r->content_type = NULL;
	r->errbuf[0] = '\0';
	if (curl_multi_add_handle(m, r->h) != CURLM_OK)
		return -1;
	r->active = true;
	r->attempts++;
	return 0;
}

static void finish_failed(struct fetch_req *r, double at)
{
	r->result = FETCH_FAILED;
	r->done = true;
	r->seconds = at;
}

static void tries(struct strbuf *sb, int attempts)
{
	if (attempts > 1)
		sb_addf(sb, " (%d tries)", attempts);
}

/* Decides what follows a finished transfer: done, or again at r->due. */
static void on_done(const struct ct_config *cfg, struct token_cache *tokens, struct fetch_req *r,
		    CURLcode cc, double now, double t0)
{
	long status = 0;
	long sent = 0;
	const char *ct = NULL;

	r->active = false;
	curl_easy_getinfo(r->h, CURLINFO_RESPONSE_CODE, &status);
	/* bytes of request sent: "connected" also for a reused connection,
	 * whose connect time is 0 */
	curl_easy_getinfo(r->h, CURLINFO_REQUEST_SIZE, &sent);
	if (cc != CURLE_OK) {
		r->failures++;
		if (lookup_transport_retryable(cc) && r->failures <= cfg->retries) {
			r->due = now + (double)lookup_backoff_ms(r->failures) / 1000.0;
			log_msg(LOG_INFO, "lookup: %s: %s; trying again", r->url,
				r->errbuf[0] ? r->errbuf : curl_easy_strerror(cc));
			return;
		}
		sb_reset(&r->reason);
		lookup_describe_transport(&r->reason, cc, sent > 0 || status > 0,
					  cfg->timeout_ms, cfg->connect_timeout_ms,
					  r->errbuf[0] ? r->errbuf : curl_easy_strerror(cc));
		tries(&r->reason, r->attempts);
		finish_failed(r, now - t0);
		return;
	}
	r->status = status;
	if (status == 401 && !r->reauthed) {
		struct strbuf err = STRBUF_INIT;
		char *fresh;

		r->reauthed = true;
		token_invalidate(tokens, r->token);
		fresh = token_get(tokens, &err);
		if (!fresh || set_token(r, fresh)) {
			sb_reset(&r->reason);
			sb_addf(&r->reason, "could not be asked again after HTTP 401: %s",
				err.len ? err.buf : "out of memory");
			finish_failed(r, now - t0);
		} else {
			r->due = now;
		}
		wipe_free(&fresh);
		sb_release(&err);
		return;
	}
	if (status >= 500) {
		r->failures++;
		if (r->failures <= cfg->retries) {
			r->due = now + (double)lookup_backoff_ms(r->failures) / 1000.0;
			log_msg(LOG_INFO, "lookup: %s: HTTP %ld; trying again", r->url, status);
			return;
		}
	}
	sb_reset(&r->reason);
	if (status >= 500)
		sb_addf(&r->reason, "failed (HTTP %ld)", status);
	else if (status == 401)
		sb_adds(&r->reason, "refused caseterm's credentials (HTTP 401)");
	else if (status == 403)
		sb_adds(&r->reason, "refused access (HTTP 403)");
	else if (status < 200 || (status >= 300 && status != 404))
		sb_addf(&r->reason, "answered HTTP %ld", status);
	if (r->reason.len)
		tries(&r->reason, r->attempts);
	if (curl_easy_getinfo(r->h, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct)
		r->content_type = strdup(ct);
	r->result = FETCH_ANSWERED;
	r->done = true;
	r->seconds = now - t0;
}

void fetch_run(const struct ct_config *cfg, CURLSH *share, struct token_cache *tokens,
	       struct fetch_req *reqs, size_t n, int *http_requests)
{
	struct strbuf err = STRBUF_INIT;
	double t0 = lookup_mono_now(NULL), now;
	CURLM *m = NULL;
	char *token = NULL;
	size_t i, left = n;

	if (!n)
		return;
	token = token_get(tokens, &err);
	if (!token) {
		for (i = 0; i < n; i++) {
			sb_addf(&reqs[i].reason, "could not be asked: %s", err.buf);
			finish_failed(&reqs[i], lookup_mono_now(NULL) - t0);
		}
		goto out;
	}
	m = curl_multi_init();
	for (i = 0; i < n; i++) {
		if (!m || set_token(&reqs[i], token)) {
			sb_adds(&reqs[i].reason, "could not be asked: out of memory");
			finish_failed(&reqs[i], 0);
			left--;
		}
	}
	while (left) {
		double wait_s = 1.0;
		CURLMsg *msg;
		int running = 0, q;

		now = lookup_mono_now(NULL);
		for (i = 0; i < n; i++) {
			struct fetch_req *r = &reqs[i];

			if (r->done || r->active)
				continue;
			if (r->due <= now) {
				if (start(m, share, cfg, r)) {
					sb_adds(&r->reason, "could not be asked: out of memory");
					finish_failed(r, now - t0);
					left--;
				} else if (http_requests) {
					(*http_requests)++;
				}
			} else if (r->due - now < wait_s) {
				wait_s = r->due - now;
			}
		}
		if (!left)
			break;
		curl_multi_perform(m, &running);
		while ((msg = curl_multi_info_read(m, &q))) {
			struct fetch_req *r = NULL;

			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&r);
			curl_multi_remove_handle(m, msg->easy_handle);
			if (!r)
				continue;
			on_done(cfg, tokens, r, msg->data.result, lookup_mono_now(NULL), t0);
			if (r->done)
				left--;
			else
				wait_s = 0; /* a retry may be due at once (after a 401) */
		}
		if (!left)
			break;
		if (wait_s > 0)
			curl_multi_poll(m, NULL, 0, (int)(wait_s * 1000) + 1, NULL);
	}
out:
	if (m) {
		for (i = 0; i < n; i++)
			if (reqs[i].active)
				curl_multi_remove_handle(m, reqs[i].h);
		curl_multi_cleanup(m);
	}
	wipe_free(&token);
	sb_release(&err);
}
