/* lookup.c: one person's look-up: the cache first, then every endpoint still
 * needed at once, then parsing, caching, the risk.read audit and a verdict
 * per service. */
#include "lookup/lookup.h"

#include <ctype.h>
#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "lookup/fetch.h"
#include "lookup/internal.h"
#include "lookup/jsonx.h"
#include "lookup/token.h"
#include "store/lookup_cache_store.h"
#include "util/log.h"

static const struct {
	enum lookup_service service;
	const char *key, *before, *after;
} endpoints[LOOKUP_ENDPOINT_COUNT] = {
#define LOOKUP_EP_ROW(e, svc, key, pre, post) {svc, key, pre, post},
	LOOKUP_ENDPOINT_LIST(LOOKUP_EP_ROW)
#undef LOOKUP_EP_ROW
};

struct lookup_client {
	const struct ct_config *cfg;
	struct token_cache *tokens;
	CURLSH *share;
	pthread_mutex_t share_lock[CURL_LOCK_DATA_LAST];
	bool share_locks_ready;
	pthread_mutex_t state_lock;
	time_t down_since[LOOKUP_SERVICE_COUNT];
};

const char *lookup_service_name(enum lookup_service s)
{
	return s == LOOKUP_NDELIUS ? "nDelius" : s == LOOKUP_OASYS ? "OASys" : "?";
}

const char *lookup_endpoint_key(enum lookup_endpoint e)
{
	return (unsigned)e < LOOKUP_ENDPOINT_COUNT ? endpoints[e].key : "?";
}

enum lookup_service lookup_endpoint_service(enum lookup_endpoint e)
{
	return (unsigned)e < LOOKUP_ENDPOINT_COUNT ? endpoints[e].service : LOOKUP_NDELIUS;
}

const char *lookup_outcome_name(enum lookup_outcome o)
{
	switch (o) {
	case LOOKUP_OK:
		return "ok";
	case LOOKUP_NOT_FOUND:
		return "not_found";
	case LOOKUP_UNAVAILABLE:
		return "unavailable";
	case LOOKUP_MALFORMED:
		return "malformed";
	default:
		return "not_asked";
	}
}

bool lookup_crn_normalise(const char *in, char out[8])
{
	size_t len, i;

	if (!in)
		return false;
	while (*in == ' ' || *in == '\t')
		in++;
	len = strlen(in);
	while (len && (in[len - 1] == ' ' || in[len - 1] == '\t' || in[len - 1] == '\n'))
		len--;
	if (len != 7 || !isalpha((unsigned char)in[0]) || (unsigned char)in[0] >= 0x80)
		return false;
	for (i = 1; i < 7; i++)
		if (in[i] < '0' || in[i] > '9')
			return false;
	out[0] = (char)toupper((unsigned char)in[0]);
	memcpy(out + 1, in + 1, 6);
	out[7] = '\0';
	return true;
}

/* ---- the client ---- */

static void share_lock(CURL *h, curl_lock_data data, curl_lock_access access, void *arg)
{
	struct lookup_client *c = arg;

	(void)h;
	(void)access;
	if ((unsigned)data < CURL_LOCK_DATA_LAST)
		pthread_mutex_lock(&c->share_lock[data]);
}

static void share_unlock(CURL *h, curl_lock_data data, void *arg)
{
	struct lookup_client *c = arg;

	(void)h;
	if ((unsigned)data < CURL_LOCK_DATA_LAST)
		pthread_mutex_unlock(&c->share_lock[data]);
}

struct lookup_client *lookup_client_new(const struct ct_config *cfg, struct strbuf *err)
{
	struct lookup_client *c = calloc(1, sizeof *c);
	int i;

	if (!c || !(c->tokens = token_cache_new(cfg)) || pthread_mutex_init(&c->state_lock, NULL)) {
		if (c)
			token_cache_free(&c->tokens);
		free(c);
		sb_adds(err, "out of memory");
		return NULL;
	}
	c->cfg = cfg;
	for (i = 0; i < CURL_LOCK_DATA_LAST; i++)
		pthread_mutex_init(&c->share_lock[i], NULL);
	c->share_locks_ready = true;
	/* connections, DNS answers and TLS sessions outlive one look-up, so a
	 * second look-up does not pay for new connections */
	c->share = curl_share_init();
	if (c->share) {
		curl_share_setopt(c->share, CURLSHOPT_LOCKFUNC, share_lock);
		curl_share_setopt(c->share, CURLSHOPT_UNLOCKFUNC, share_unlock);
		curl_share_setopt(c->share, CURLSHOPT_USERDATA, c);
		curl_share_setopt(c->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
		curl_share_setopt(c->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
		curl_share_setopt(c->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
	}
	return c;
}

void lookup_client_free(struct lookup_client **p)
{
	struct lookup_client *c = p ? *p : NULL;
	int i;

	if (!c)
		return;
	if (c->share)
		curl_share_cleanup(c->share);
	if (c->share_locks_ready)
		for (i = 0; i < CURL_LOCK_DATA_LAST; i++)
			pthread_mutex_destroy(&c->share_lock[i]);
	token_cache_free(&c->tokens);
	pthread_mutex_destroy(&c->state_lock);
	free(c);
	*p = NULL;
}

void lookup_client_set_clock(struct lookup_client *c, double (*now)(void *arg), void *arg)
{
	token_cache_set_clock(c->tokens, now, arg);
}

long lookup_client_token_requests(const struct lookup_client *c)
{
	return token_cache_requests(c->tokens);
}

/* ---- the result ---- */

void person_lookup_free(struct person_lookup **pp)
{
	struct person_lookup *p = pp ? *pp : NULL;
	int i;

	if (!p)
		return;
	for (i = 0; i < LOOKUP_SERVICE_COUNT; i++)
		free(p->service[i].reason);
	for (i = 0; i < LOOKUP_ENDPOINT_COUNT; i++)
		free(p->source[i].reason);
	ndelius_case_free(&p->details);
	responsible_officer_free(&p->officer);
	ndelius_convictions_free(&p->convictions);
	oasys_rosh_free(&p->rosh);
	oasys_risk_to_self_free(&p->risk_to_self);
	oasys_rmp_free(&p->rmp);
	oasys_needs_free(&p->needs);
	oasys_predictors_free(&p->predictors);
	oasys_pni_free(&p->pni);
	free(p);
	*pp = NULL;
}

static void free_oasys_data(struct person_lookup *p)
{
	oasys_rosh_free(&p->rosh);
	oasys_risk_to_self_free(&p->risk_to_self);
	oasys_rmp_free(&p->rmp);
	oasys_needs_free(&p->needs);
	oasys_predictors_free(&p->predictors);
	oasys_pni_free(&p->pni);
}

static bool has_data(const struct person_lookup *p, enum lookup_endpoint e)
{
	switch (e) {
	case LOOKUP_EP_NDELIUS_DETAILS:
		return p->details;
	case LOOKUP_EP_NDELIUS_OFFICER:
		return p->officer;
	case LOOKUP_EP_NDELIUS_CONVICTIONS:
		return p->convictions;
	case LOOKUP_EP_OASYS_SUMMARY:
		return p->rosh;
	case LOOKUP_EP_OASYS_RISKS:
		return p->risk_to_self;
	case LOOKUP_EP_OASYS_RMP:
		return p->rmp;
	case LOOKUP_EP_OASYS_NEEDS:
		return p->needs;
	case LOOKUP_EP_OASYS_PREDICTORS:
		return p->predictors;
	case LOOKUP_EP_OASYS_PNI:
		return p->pni;
	default:
		return false;
	}
}

/* Parses body for endpoint e into p.  0, or -1 with the reason in err. */
static int take_body(struct person_lookup *p, enum lookup_endpoint e, const char *body, size_t len,
		     struct strbuf *err)
{
	struct oasys_rosh *rosh = NULL;

	switch (e) {
	case LOOKUP_EP_NDELIUS_DETAILS:
		ndelius_case_free(&p->details);
		return (p->details = ndelius_case_parse(body, len, err)) ? 0 : -1;
	case LOOKUP_EP_NDELIUS_OFFICER:
		responsible_officer_free(&p->officer);
		return (p->officer = responsible_officer_parse(body, len, err)) ? 0 : -1;
	case LOOKUP_EP_NDELIUS_CONVICTIONS:
		ndelius_convictions_free(&p->convictions);
		return (p->convictions = ndelius_convictions_parse(body, len, err)) ? 0 : -1;
	case LOOKUP_EP_OASYS_SUMMARY: {
		struct oasys_rosh *r = oasys_rosh_parse(body, len, err);

		if (!r)
			return -1;
		/* /summary wins over the summary inside /risks */
		oasys_rosh_free(&p->rosh);
		p->rosh = r;
		return 0;
	}
	case LOOKUP_EP_OASYS_RISKS:
		oasys_risk_to_self_free(&p->risk_to_self);
		if (oasys_risks_parse(body, len, &p->risk_to_self, &rosh, err))
			return -1;
		if (!p->rosh)
			p->rosh = rosh;
		else
			oasys_rosh_free(&rosh);
		return 0;
	case LOOKUP_EP_OASYS_RMP:
		oasys_rmp_free(&p->rmp);
		return (p->rmp = oasys_rmp_parse(body, len, err)) ? 0 : -1;
	case LOOKUP_EP_OASYS_NEEDS:
		oasys_needs_free(&p->needs);
		return (p->needs = oasys_needs_parse(body, len, err)) ? 0 : -1;
	case LOOKUP_EP_OASYS_PREDICTORS:
		oasys_predictors_free(&p->predictors);
		return (p->predictors = oasys_predictors_parse(body, len, err)) ? 0 : -1;
	case LOOKUP_EP_OASYS_PNI:
		oasys_pni_free(&p->pni);
		return (p->pni = oasys_pni_parse(body, len, err)) ? 0 : -1;
	default:
		return -1;
	}
}

static const struct lookup_cache_row *cached(const struct lookup_cache_row *rows, size_t n,
					     enum lookup_endpoint e)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(rows[i].endpoint, endpoints[e].key))
			return &rows[i];
	return NULL;
}

static bool json_content_type(const char *ct)
{
	/* application/json, application/problem+json, ...; none given is allowed */
	return !ct || strstr(ct, "json") || strstr(ct, "JSON");
}

static void set_reason(char **dst, const struct strbuf *src)
{
	free(*dst);
	*dst = src->len ? strdup(src->buf) : NULL;
}

/* Uses a cached body of any age after a failure.  Returns true if it did. */
static bool fall_back(struct person_lookup *p, enum lookup_endpoint e,
		      const struct lookup_cache_row *row)
{
	struct lookup_source *s = &p->source[e];

	if (!row || row->http_status != 200 || !row->body)
		return false;
	if (take_body(p, e, row->body, strlen(row->body), NULL))
		return false;
	s->from_cache = true;
	s->stale = true;
	s->fetched_at = row->fetched_at;
	return true;
}

/* Settles endpoint e from a finished request. */
static void settle(PGconn *db, struct person_lookup *p,
		   enum lookup_endpoint e, struct fetch_req *r, const struct lookup_cache_row *row)
{
	struct lookup_source *s = &p->source[e];
	struct strbuf why = STRBUF_INIT, cerr = STRBUF_INIT, fixed = STRBUF_INIT;
	const struct strbuf *body = &r->body;

	s->attempts = r->attempts;
	s->http_status = r->status;
	s->seconds = r->seconds;
	if (r->result == FETCH_FAILED || (r->status != 404 && (r->status < 200 || r->status > 299))) {
		s->outcome = LOOKUP_UNAVAILABLE;
		set_reason(&s->reason, &r->reason);
		fall_back(p, e, row);
		goto out;
	}
	if (r->status == 404) {
		s->outcome = LOOKUP_NOT_FOUND;
		s->fetched_at = time(NULL);
		if (db && lookup_cache_put(db, endpoints[e].key, p->crn, 404, NULL, &cerr) != CT_OK)
			log_msg(LOG_WARN, "lookup cache: %s", cerr.buf);
		goto out;
	}
	/* the cache is UTF-8 text: keep the mended body if it needed mending */
	if (jx_repair_body(r->body.buf, r->body.len, &fixed) == 1)
		body = &fixed;
	if (!json_content_type(r->content_type)) {
		sb_addf(&why, "sent %s, not JSON", r->content_type);
	} else if (take_body(p, e, body->buf, body->len, &why) == 0) {
		s->outcome = LOOKUP_OK;
		s->fetched_at = time(NULL);
		if (db && lookup_cache_put(db, endpoints[e].key, p->crn, 200, body->buf, &cerr) != CT_OK)
			log_msg(LOG_WARN, "lookup cache: %s", cerr.buf);
		goto out;
	}
	s->outcome = LOOKUP_MALFORMED;
	{
		struct strbuf m = STRBUF_INIT;

		sb_addf(&m, "sent an answer caseterm cannot read: %s", why.buf);
		set_reason(&s->reason, &m);
		sb_release(&m);
	}
	fall_back(p, e, row);
out:
	sb_release(&why);
	sb_release(&cerr);
	sb_release(&fixed);
}

static void summarise(struct lookup_client *c, struct person_lookup *p, enum lookup_service svc)
{
	struct lookup_service_status *st = &p->service[svc];
	enum lookup_endpoint bad = LOOKUP_ENDPOINT_COUNT;
	int asked = 0, not_found = 0, answered = 0, e;
	bool malformed = false, unavailable = false;

	for (e = 0; e < LOOKUP_ENDPOINT_COUNT; e++) {
		struct lookup_source *s = &p->source[e];

		if (endpoints[e].service != svc || s->outcome == LOOKUP_NOT_ASKED)
			continue;
		asked++;
		if (s->outcome == LOOKUP_NOT_FOUND)
			not_found++;
		if (s->attempts > 0 && (s->outcome == LOOKUP_OK || s->outcome == LOOKUP_NOT_FOUND))
			answered++;
		if (s->outcome == LOOKUP_UNAVAILABLE && !unavailable) {
			unavailable = true;
			bad = (enum lookup_endpoint)e;
		}
		if (s->outcome == LOOKUP_MALFORMED && !malformed) {
			malformed = true;
			if (!unavailable)
				bad = (enum lookup_endpoint)e;
		}
		if (has_data(p, (enum lookup_endpoint)e) && s->fetched_at) {
			if (s->from_cache)
				st->from_cache = true;
			if (s->stale)
				st->stale = true;
			if (!st->fetched_at || s->fetched_at < st->fetched_at)
				st->fetched_at = s->fetched_at;
		}
	}
	if (!asked) {
		st->outcome = LOOKUP_NOT_ASKED;
		return;
	}
	if (svc == LOOKUP_NDELIUS && p->source[LOOKUP_EP_NDELIUS_DETAILS].outcome == LOOKUP_NOT_FOUND)
		st->outcome = LOOKUP_NOT_FOUND;
	else if (unavailable)
		st->outcome = LOOKUP_UNAVAILABLE;
	else if (malformed)
		st->outcome = LOOKUP_MALFORMED;
	else if (not_found == asked)
		st->outcome = LOOKUP_NOT_FOUND;
	else
		st->outcome = LOOKUP_OK;
	if (st->outcome == LOOKUP_UNAVAILABLE || st->outcome == LOOKUP_MALFORMED) {
		struct strbuf m = STRBUF_INIT;

		sb_addf(&m, "%s %s", lookup_service_name(svc),
			p->source[bad].reason ? p->source[bad].reason : "did not answer");
		set_reason(&st->reason, &m);
		sb_release(&m);
	}
	pthread_mutex_lock(&c->state_lock);
	if (st->outcome == LOOKUP_UNAVAILABLE || st->outcome == LOOKUP_MALFORMED) {
		if (!c->down_since[svc])
			c->down_since[svc] = time(NULL);
		st->since = c->down_since[svc];
	} else if (answered) {
		c->down_since[svc] = 0;
	}
	pthread_mutex_unlock(&c->state_lock);
}

/* Writes the risk.read audit row when OASys data is handed out; withholds
 * the OASys data when the row cannot be written. */
static void audit_risk_read(PGconn *db, struct person_lookup *p)
{
	struct strbuf err = STRBUF_INIT;
	json_t *detail, *eps;
	char *text = NULL;
	int e;

	if (!db || !(p->rosh || p->risk_to_self || p->rmp || p->needs || p->predictors ||
		    p->pni))
		return;
	detail = json_object();
	eps = json_array();
	for (e = 0; e < LOOKUP_ENDPOINT_COUNT; e++)
		if (endpoints[e].service == LOOKUP_OASYS && has_data(p, (enum lookup_endpoint)e))
			json_array_append_new(eps, json_pack("{s:s,s:b}", "endpoint", endpoints[e].key,
							     "cached", p->source[e].from_cache));
	json_object_set_new(detail, "read", eps);
	json_object_set_new(detail, "by", json_string("caseterm lookup"));
	text = json_dumps(detail, JSON_COMPACT);
	json_decref(detail);
	if (!text || lookup_cache_audit_risk_read(db, p->crn, text, &err) != CT_OK) {
		struct lookup_service_status *st = &p->service[LOOKUP_OASYS];

		log_msg(LOG_ERROR, "audit of risk.read for %s failed: %s", p->crn, err.buf);
		free_oasys_data(p);
		st->outcome = LOOKUP_UNAVAILABLE;
		free(st->reason);
		st->reason = strdup("OASys information is withheld: caseterm could not record "
				    "that it was read (the audit log is unavailable)");
		st->since = time(NULL);
	}
	free(text);
	sb_release(&err);
}

enum ct_status lookup_person(struct lookup_client *c, PGconn *db, const char *crn_in,
			     unsigned flags, struct person_lookup **out, struct strbuf *err)
{
	const struct ct_config *cfg = c->cfg;
	struct lookup_cache_row *rows = NULL;
	size_t nrows = 0, nreq = 0, i;
	struct fetch_req reqs[LOOKUP_ENDPOINT_COUNT];
	enum lookup_endpoint which[LOOKUP_ENDPOINT_COUNT];
	struct strbuf urls[LOOKUP_ENDPOINT_COUNT];
	struct person_lookup *p;
	struct strbuf cerr = STRBUF_INIT;
	double t0 = lookup_mono_now(NULL);
	long tokens_before;
	char crn[8];
	int e;

	*out = NULL;
	if (!lookup_crn_normalise(crn_in, crn)) {
		sb_adds(err, LOOKUP_CRN_FORMAT_MESSAGE);
		return CT_USAGE;
	}
	p = calloc(1, sizeof *p);
	if (!p) {
		sb_adds(err, "out of memory");
		return CT_NOMEM;
	}
	memcpy(p->crn, crn, sizeof p->crn);
	if (db && lookup_cache_get(db, crn, &rows, &nrows, &cerr) != CT_OK) {
		log_msg(LOG_WARN, "lookup cache: %s", cerr.buf);
		nrows = 0;
	}
	for (e = 0; e < LOOKUP_ENDPOINT_COUNT; e++) {
		const struct lookup_cache_row *row = cached(rows, nrows, (enum lookup_endpoint)e);
		struct lookup_source *s = &p->source[e];
		const char *base;
		size_t blen;

		if ((endpoints[e].service == LOOKUP_NDELIUS && (flags & LOOKUP_SKIP_NDELIUS)) ||
		    (endpoints[e].service == LOOKUP_OASYS && (flags & LOOKUP_SKIP_OASYS)))
			continue;
		if (row && !(flags & LOOKUP_REFRESH) && row->age_s < cfg->cache_ttl_s) {
			if (row->http_status == 404) {
				s->outcome = LOOKUP_NOT_FOUND;
				s->from_cache = true;
				s->fetched_at = row->fetched_at;
				continue;
			}
			if (row->http_status == 200 && row->body &&
			    take_body(p, (enum lookup_endpoint)e, row->body, strlen(row->body), NULL) == 0) {
				s->outcome = LOOKUP_OK;
				s->from_cache = true;
				s->fetched_at = row->fetched_at;
				continue;
			}
		}
		base = endpoints[e].service == LOOKUP_NDELIUS ? cfg->ndelius_url : cfg->oasys_url;
		blen = strlen(base);
		while (blen && base[blen - 1] == '/')
			blen--;
		sb_init(&urls[nreq]);
		if (sb_add(&urls[nreq], base, blen) ||
		    sb_addf(&urls[nreq], "%s%s%s", endpoints[e].before, crn, endpoints[e].after)) {
			sb_release(&urls[nreq]);
			s->outcome = LOOKUP_UNAVAILABLE;
			s->reason = strdup("could not be asked: out of memory");
			continue;
		}
		which[nreq] = (enum lookup_endpoint)e;
		fetch_req_init(&reqs[nreq], urls[nreq].buf);
		nreq++;
	}
	tokens_before = token_cache_requests(c->tokens);
	fetch_run(cfg, c->share, c->tokens, reqs, nreq, &p->http_requests);
	p->http_requests += (int)(token_cache_requests(c->tokens) - tokens_before);
	for (i = 0; i < nreq; i++) {
		settle(db, p, which[i], &reqs[i], cached(rows, nrows, which[i]));
		fetch_req_release(&reqs[i]);
		sb_release(&urls[i]);
	}
	summarise(c, p, LOOKUP_NDELIUS);
	summarise(c, p, LOOKUP_OASYS);
	audit_risk_read(db, p);
	lookup_cache_rows_free(&rows, nrows);
	sb_release(&cerr);
	p->seconds = lookup_mono_now(NULL) - t0;
	*out = p;
	return CT_OK;
}

enum ct_status lookup_person_status(const struct person_lookup *p)
{
	int s;

	if (!p)
		return CT_ERR;
	if (p->service[LOOKUP_NDELIUS].outcome == LOOKUP_NOT_FOUND)
		return CT_NOT_FOUND;
	for (s = 0; s < LOOKUP_SERVICE_COUNT; s++)
		if (p->service[s].outcome == LOOKUP_UNAVAILABLE ||
		    p->service[s].outcome == LOOKUP_MALFORMED)
			return CT_UPSTREAM;
	return CT_OK;
}
