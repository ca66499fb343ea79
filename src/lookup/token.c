/* token.c: the HMPPS Auth client-credentials token cache (see token.h), and
 * the helpers shared with the request engine (internal.h). */
#include "lookup/token.h"

#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lookup/internal.h"
#include "util/log.h"

/* Tokens longer than this, or holding control characters, are refused: the
 * token goes into a header line. */
#define TOKEN_MAX_LEN 16384

struct token_cache {
	const struct ct_config *cfg;
	pthread_mutex_t lock;
	char *token;          /* owned; wiped when dropped */
	double good_until;    /* clock seconds; the token is not used after this */
	double (*now)(void *arg);
	void *now_arg;
	long requests;
};

double lookup_mono_now(void *unused)
{
	struct timespec ts;

	(void)unused;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void add_seconds(struct strbuf *out, long ms)
{
	if (ms % 1000 == 0)
		sb_addf(out, "%ld s", ms / 1000);
	else
		sb_addf(out, "%.1f s", (double)ms / 1000.0);
}

void lookup_describe_transport(struct strbuf *out, int curl_code, bool connected,
			       long timeout_ms, long connect_timeout_ms, const char *curl_message)
{
	switch ((CURLcode)curl_code) {
	case CURLE_OPERATION_TIMEDOUT:
		if (connected) {
			sb_adds(out, "did not answer within ");
			add_seconds(out, timeout_ms);
		} else {
			sb_adds(out, "could not be reached within ");
			add_seconds(out, connect_timeout_ms < timeout_ms ? connect_timeout_ms
									 : timeout_ms);
		}
		break;
	case CURLE_COULDNT_CONNECT:
		sb_adds(out, "could not be reached: the connection was refused");
		break;
	case CURLE_COULDNT_RESOLVE_HOST:
		sb_adds(out, "could not be found (its host name does not resolve)");
		break;
	case CURLE_GOT_NOTHING:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_PARTIAL_FILE:
		sb_adds(out, "closed the connection before answering");
		break;
	case CURLE_WRITE_ERROR:
		sb_addf(out, "sent an answer larger than %u MiB", LOOKUP_MAX_BODY >> 20);
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CACERT_BADFILE:
		sb_addf(out, "failed the TLS check: %s", curl_message);
		break;
	default:
		sb_addf(out, "could not be asked: %s", curl_message);
	}
}

bool lookup_transport_retryable(int curl_code)
{
	switch ((CURLcode)curl_code) {
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_GOT_NOTHING:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_PARTIAL_FILE:
	case CURLE_SSL_CONNECT_ERROR:
		return true;
	default:
		return false;
	}
}

long lookup_backoff_ms(int retry)
{
	static _Thread_local unsigned seed;
	long base;

	if (retry < 1)
		retry = 1;
	if (retry > 5)
		retry = 5;
	base = 200L << (retry - 1);
	/* jitter spreads the retries of many sessions after an outage */
	if (!seed)
		seed = (unsigned)time(NULL) ^ ((unsigned)getpid() << 16);
	return base + (long)(rand_r(&seed) % (int)(base / 4 + 1));
}

struct token_cache *token_cache_new(const struct ct_config *cfg)
{
	struct token_cache *tc = calloc(1, sizeof *tc);

	if (!tc)
		return NULL;
	if (pthread_mutex_init(&tc->lock, NULL)) {
		free(tc);
		return NULL;
	}
	tc->cfg = cfg;
	tc->now = lookup_mono_now;
	return tc;
}

static void drop_token(struct token_cache *tc)
{
	if (tc->token) {
		explicit_bzero(tc->token, strlen(tc->token));
		free(tc->token);
		tc->token = NULL;
	}
	tc->good_until = 0;
}

void token_cache_free(struct token_cache **p)
{
	struct token_cache *tc = p ? *p : NULL;

	if (!tc)
		return;
	drop_token(tc);
	pthread_mutex_destroy(&tc->lock);
	free(tc);
	*p = NULL;
}

void token_cache_set_clock(struct token_cache *tc, double (*now)(void *arg), void *arg)
{
	pthread_mutex_lock(&tc->lock);
	tc->now = now ? now : lookup_mono_now;
	tc->now_arg = arg;
	pthread_mutex_unlock(&tc->lock);
}

long token_cache_requests(const struct token_cache *tc)
{
	struct token_cache *m = (struct token_cache *)tc;
	long n;

	pthread_mutex_lock(&m->lock);
	n = m->requests;
	pthread_mutex_unlock(&m->lock);
	return n;
}

static size_t on_body(char *data, size_t size, size_t n, void *arg)
{
	struct strbuf *sb = arg;
	size_t len = size * n;

	if (sb->len + len > 1024u * 1024u || sb_add(sb, data, len))
		return 0;
	return len;
}

static bool token_acceptable(const char *t, size_t len)
{
	size_t i;

	if (len == 0 || len > TOKEN_MAX_LEN)
		return false;
	for (i = 0; i < len; i++)
		if ((unsigned char)t[i] <= 0x20 || (unsigned char)t[i] == 0x7f)
			return false;
	return true;
}

/* One POST to HMPPS Auth.  Returns 1 to try again, 0 done (token set or
 * a final error in err). */
static int fetch_once(struct token_cache *tc, const char *secret, char **token,
		      double *lifetime, struct strbuf *err)
{
	const struct ct_config *cfg = tc->cfg;
	char errbuf[CURL_ERROR_SIZE] = "";
	struct strbuf body = STRBUF_INIT;
	long sent = 0;
	long status = 0;
	json_t *doc = NULL, *tok, *exp;
	CURLcode cc;
	CURL *h = curl_easy_init();
	int again = 0;

	if (!h) {
		sb_adds(err, "HMPPS Auth could not be asked: out of memory");
		return 0;
	}
	curl_easy_setopt(h, CURLOPT_URL, cfg->auth_token_url);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, cfg->connect_timeout_ms);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, cfg->timeout_ms);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "caseterm");
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
	curl_easy_setopt(h, CURLOPT_USERNAME, cfg->client_id);
	curl_easy_setopt(h, CURLOPT_PASSWORD, secret);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, "grant_type=client_credentials");
	tc->requests++;
	cc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_REQUEST_SIZE, &sent);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(h);
	if (cc != CURLE_OK) {
		sb_adds(err, "HMPPS Auth ");
		lookup_describe_transport(err, cc, sent > 0, cfg->timeout_ms,
					  cfg->connect_timeout_ms,
					  errbuf[0] ? errbuf : curl_easy_strerror(cc));
		again = lookup_transport_retryable(cc);
		goto out;
	}
	if (status >= 500) {
		sb_addf(err, "HMPPS Auth failed (HTTP %ld)", status);
		again = 1;
		goto out;
	}
	if (status == 401 || status == 403) {
		sb_addf(err, "HMPPS Auth refused client '%s' (HTTP %ld): check the client id and "
			     "secret", cfg->client_id, status);
		goto out;
	}
	if (status != 200) {
		sb_addf(err, "HMPPS Auth answered HTTP %ld", status);
		goto out;
	}
	doc = json_loadb(body.buf, body.len, 0, NULL);
	tok = json_object_get(doc, "access_token");
	if (!json_is_string(tok) || !token_acceptable(json_string_value(tok), json_string_length(tok))) {
		sb_adds(err, "HMPPS Auth gave no usable access_token");
		goto out;
	}
	*token = strdup(json_string_value(tok));
	if (!*token) {
		sb_adds(err, "out of memory");
		goto out;
	}
	exp = json_object_get(doc, "expires_in");
	*lifetime = json_is_number(exp) ? json_number_value(exp) : 0;
out:
	json_decref(doc);
	if (body.len)
		explicit_bzero(body.buf, body.len);
	sb_release(&body);
	return again;
}

char *token_get(struct token_cache *tc, struct strbuf *err)
{
	char *secret = NULL, *fresh = NULL, *copy = NULL;
	struct strbuf why = STRBUF_INIT;
	double started, lifetime = 0;
	int attempt;

	pthread_mutex_lock(&tc->lock);
	if (tc->token && tc->now(tc->now_arg) < tc->good_until) {
		copy = strdup(tc->token);
		if (!copy)
			sb_adds(err, "out of memory");
		goto out;
	}
	/* Fetch while holding the lock: other threads wanting a token wait
	 * for this one answer instead of asking Auth themselves. */
	drop_token(tc);
	secret = config_client_secret(tc->cfg, err);
	if (!secret)
		goto out;
	started = tc->now(tc->now_arg);
	for (attempt = 0; attempt <= tc->cfg->retries; attempt++) {
		if (attempt) {
			long ms = lookup_backoff_ms(attempt);
			struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

			nanosleep(&ts, NULL);
		}
		sb_reset(&why);
		if (!fetch_once(tc, secret, &fresh, &lifetime, &why))
			break;
	}
	if (!fresh) {
		sb_add(err, why.buf, why.len);
		log_msg(LOG_WARN, "token: %s", why.buf);
		goto out;
	}
	tc->token = fresh;
	/* a token that lives less than the margin is used once, never cached */
	tc->good_until = started + lifetime - TOKEN_EXPIRY_MARGIN_S;
	copy = strdup(fresh);
	if (!copy)
		sb_adds(err, "out of memory");
out:
	pthread_mutex_unlock(&tc->lock);
	if (secret) {
		explicit_bzero(secret, strlen(secret));
		free(secret);
	}
	sb_release(&why);
	return copy;
}

void token_invalidate(struct token_cache *tc, const char *token)
{
	pthread_mutex_lock(&tc->lock);
	if (!token || (tc->token && !strcmp(tc->token, token)))
		drop_token(tc);
	pthread_mutex_unlock(&tc->lock);
}
