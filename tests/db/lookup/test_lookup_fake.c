/* test_lookup_fake.c: look-ups against the fake upstream (tests/fake) and the
 * test database: both services at once, retries counted by the fake, hangs
 * ending at the timeout, malformed answers, the token cache, the Postgres
 * cache and its stale fallback, the risk.read audit, and the exit codes of
 * `caseterm lookup`.  Skipped (77) without PGHOST or without the fake. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "db/db.h"
#include "dbtest.h"
#include "lookup/lookup.h"
#include "ui/keymap.h"
#include "ui/shell.h"

#ifndef RUN_FAKE
#error "RUN_FAKE must name tests/fake/run-fake"
#endif

#define SECRET "lookup-test-secret"
#define CRN "X320741"

static const char *dbname;
static char pp[64], tmpdir[64];
static int port, fake_pid;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- the fake --------------------------------------------------------- */

static int start_fake(void)
{
	char cmd[512], secret[128];
	FILE *f;
	int n;

	snprintf(tmpdir, sizeof tmpdir, "/tmp/ct-lookup.XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(secret, sizeof secret, "%s/secret", tmpdir);
	f = fopen(secret, "w");
	if (!f)
		return -1;
	fputs(SECRET "\n", f);
	fclose(f);
	chmod(secret, 0600);
	snprintf(cmd, sizeof cmd, "'%s' --bin '%s' --log '%s/fake.log' --client-id caseterm "
		 "--client-secret-file '%s'", RUN_FAKE, FAKE_UPSTREAM, tmpdir, secret);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	n = fscanf(f, "%d %d", &port, &fake_pid);
	return pclose(f) == 0 && n == 2 ? 0 : -1;
}

static void stop_fake(void)
{
	char cmd[512];

	if (fake_pid > 0) {
		snprintf(cmd, sizeof cmd, "'%s' --stop %d", RUN_FAKE, fake_pid);
		if (system(cmd) != 0)
			fprintf(stderr, "could not stop the fake (pid %d)\n", fake_pid);
	}
	if (tmpdir[0]) {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", tmpdir);
	}
}

static size_t collect(char *data, size_t size, size_t n, void *arg)
{
	return sb_add(arg, data, size * n) ? 0 : size * n;
}

/* One control request; returns the HTTP status and the parsed body. */
static long control(const char *method, const char *path, const char *body, json_t **out)
{
	struct strbuf url = STRBUF_INIT, resp = STRBUF_INIT;
	struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
	CURL *c = curl_easy_init();
	long status = 0;

	sb_addf(&url, "http://127.0.0.1:%d%s", port, path);
	curl_easy_setopt(c, CURLOPT_URL, url.buf);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &resp);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
	if (body)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	if (out)
		*out = json_loadb(resp.buf, resp.len, 0, NULL);
	curl_easy_cleanup(c);
	curl_slist_free_all(h);
	sb_release(&url);
	sb_release(&resp);
	return status;
}

static void fault(const char *json)
{
	assert_int_equal(control("POST", "/_control/faults", json, NULL), 201);
}

/* Clears faults and the request log. */
static void reset(void)
{
	assert_int_equal(control("DELETE", "/_control/faults", NULL, NULL), 200);
	assert_int_equal(control("DELETE", "/_control/requests", NULL, NULL), 200);
}

/* Requests the fake received whose path starts with prefix. */
static int received(const char *prefix)
{
	json_t *doc = NULL, *list, *e;
	size_t i;
	int n = 0;

	assert_int_equal(control("GET", "/_control/requests", NULL, &doc), 200);
	list = json_object_get(doc, "requests");
	json_array_foreach(list, i, e) {
		const char *path = json_string_value(json_object_get(e, "path"));

		if (path && !strncmp(path, prefix, strlen(prefix)))
			n++;
	}
	json_decref(doc);
	return n;
}

/* ---- set-up ------------------------------------------------------------ */

static void config(struct ct_config *cfg)
{
	struct strbuf s = STRBUF_INIT;

	dbtest_config(cfg, dbname);
	free(cfg->ndelius_url);
	free(cfg->oasys_url);
	free(cfg->auth_token_url);
	free(cfg->client_id);
	sb_addf(&s, "http://127.0.0.1:%d/ndelius", port);
	cfg->ndelius_url = sb_detach(&s, NULL);
	sb_addf(&s, "http://127.0.0.1:%d/oasys/", port); /* a trailing / is allowed */
	cfg->oasys_url = sb_detach(&s, NULL);
	sb_addf(&s, "http://127.0.0.1:%d/auth/oauth/token", port);
	cfg->auth_token_url = sb_detach(&s, NULL);
	cfg->client_id = strdup("caseterm");
	cfg->client_secret = strdup(SECRET);
	cfg->connect_timeout_ms = 1000;
	cfg->timeout_ms = 3000;
	cfg->retries = 2;
	cfg->cache_ttl_s = 900;
}

static int setup(void **state)
{
	PGconn *c;

	(void)state;
	if (start_fake())
		return -1;
	dbname = dbtest_create_db("lkfake");
	dbtest_migrate(dbname);
	snprintf(pp, sizeof pp, "%s", dbtest_role_name("lkfpp"));
	c = dbtest_connect(dbname, NULL);
	if (!c || dbtest_add_staff(c, pp, "pp", "Pat Practitioner", NULL, NULL))
		return -1;
	PQfinish(c);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	stop_fake();
	dbtest_drop_db(dbname);
	dbtest_drop_roles();
	return 0;
}

static void clear_cache(void)
{
	PGconn *c = dbtest_connect(dbname, NULL);

	assert_true(dbtest_ok(c, "DELETE FROM lookup_cache"));
	PQfinish(c);
}

static long audit_rows(const char *crn)
{
	PGconn *c = dbtest_connect(dbname, NULL);
	char sql[160], *v;
	long n;

	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM audit_log WHERE action = 'risk.read' AND crn = '%s'", crn);
	v = dbtest_value(c, sql);
	n = v ? atol(v) : -1;
	free(v);
	PQfinish(c);
	return n;
}

/* ---- tests ------------------------------------------------------------- */

static void test_found_parsed_cached_and_audited(void **state)
{
	struct ct_config cfg;
	struct strbuf err = STRBUF_INIT, v = STRBUF_INIT;
	struct lookup_client *cl;
	struct person_lookup *p = NULL;
	PGconn *db;
	long audits;
	int e;

	(void)state;
	reset();
	clear_cache();
	config(&cfg);
	db = dbtest_connect(dbname, pp);
	cl = lookup_client_new(&cfg, &err);
	audits = audit_rows(CRN);
	assert_int_equal(lookup_person(cl, db, CRN, 0, &p, &err), CT_OK);
	assert_int_equal(p->service[LOOKUP_NDELIUS].outcome, LOOKUP_OK);
	assert_int_equal(p->service[LOOKUP_OASYS].outcome, LOOKUP_OK);
	for (e = 0; e < LOOKUP_ENDPOINT_COUNT; e++) {
		assert_int_equal(p->source[e].outcome, LOOKUP_OK);
		assert_int_equal(p->source[e].attempts, 1);
		assert_false(p->source[e].from_cache);
	}
	assert_int_equal(p->http_requests, 10); /* 9 endpoints + 1 token */
	assert_int_equal(received("/auth/"), 1);
	assert_int_equal(received("/ndelius/"), 3);
	assert_int_equal(received("/oasys/"), 6);
	assert_string_equal(p->details->forename, "Aadland");
	assert_string_equal(p->officer->community.email, "helen.marsh@probation.example.com");
	assert_true(p->officer->has_prison);
	assert_int_equal(p->convictions->n, 1);
	assert_int_equal(p->rosh->overall, ROSH_HIGH);
	assert_int_equal(p->rosh->community[ROSH_STAFF], ROSH_HIGH);
	assert_string_equal(p->risk_to_self->vulnerability.current_text, "Current Vulnerability");
	assert_non_null(p->rmp->supervision);
	assert_true(p->needs->n >= 5);
	assert_true(p->predictors->ogrs.has_two_years);
	assert_string_equal(p->predictors->assessed_on, "2024-12-19T16:57:25");
	assert_int_equal(lookup_prefill_get(p, "oasys.rosh.riskToChildren", &v), 0);
	assert_string_equal(v.buf, "Low");
	assert_int_equal(lookup_person_status(p), CT_OK);
	assert_int_equal(audit_rows(CRN), audits + 1);
	{
		PGconn *o = dbtest_connect(dbname, NULL);
		char *n = dbtest_value(o, "SELECT count(*) FROM lookup_cache WHERE crn = '" CRN "'");

		assert_string_equal(n, "9");
		free(n);
		PQfinish(o);
	}
	person_lookup_free(&p);
	lookup_client_free(&cl);
	PQfinish(db);
	config_release(&cfg);
	sb_release(&err);
	sb_release(&v);
}

static void test_cached_second_lookup_asks_nothing(void **state)
{
	struct ct_config cfg;
	struct strbuf err = STRBUF_INIT;
	struct lookup_client *cl;
	struct person_lookup *p = NULL;
	PGconn *db;
	long audits;
	double t;
	int e;

	(void)state;
	reset();
	clear_cache();
	config(&cfg);
	db = dbtest_connect(dbname, pp);
	cl = lookup_client_new(&cfg, &err);
	assert_int_equal(lookup_person(cl, db, CRN, 0, &p, &err), CT_OK);
	person_lookup_free(&p);
	assert_int_equal(control("DELETE", "/_control/requests", NULL, NULL), 200);
	audits = audit_rows(CRN);
	/* a new client too: the cache is in Postgres, not in this process */
	lookup_client_free(&cl);
	cl = lookup_client_new(&cfg, &err);
	t = now();
	assert_int_equal(lookup_person(cl, db, CRN, 0, &p, &err), CT_OK);
	t = now() - t;
	assert_int_equal(p->http_requests, 0);
	assert_int_equal(received("/"), 0);
	for (e = 0; e < LOOKUP_ENDPOINT_COUNT; e++) {
		assert_int_equal(p->source[e].outcome, LOOKUP_OK);
		assert_true(p->source[e].from_cache);
		assert_false(p->source[e].stale);
		assert_int_equal(p->source[e].attempts, 0);
	}
	assert_true(p->service[LOOKUP_OASYS].from_cache);
	assert_string_equal(p->details->surname, "Bertrand");
	assert_int_equal(p->rosh->overall, ROSH_HIGH);
	assert_true(t < 0.5);
	/* reading risk from the cache is a read too */
	assert_int_equal(audit_rows(CRN), audits + 1);
	person_lookup_free(&p);
	/* --refresh asks again */
	assert_int_equal(lookup_person(cl, db, CRN, LOOKUP_REFRESH, &p, &err), CT_OK);
	assert_int_equal(received("/ndelius/"), 3);
	assert_false(p->source[LOOKUP_EP_NDELIUS_DETAILS].from_cache);
	person_lookup_free(&p);
	lookup_client_free(&cl);
	PQfinish(db);
	config_release(&cfg);
	sb_release(&err);
}

static void test_both_services_are_asked_at_once(void **state)
{
	struct ct_config cfg;
	struct strbuf err = STRBUF_INIT;
	struct lookup_client *cl;
	struct person_lookup *p = NULL;
	double t;

	(void)state;
	reset();
	config(&cfg);
	cl = lookup_client_new(&cfg, &err);
	/* the token first, so only the services' latency is measured */
	assert_int_equal(lookup_person(cl, NULL, CRN, 0, &p, &err), CT_OK);
	person_lookup_free(&p);
	fault("{\"path_prefix\":\"/ndelius/\",\"latency_ms\":800}");
	fault("{\"path_prefix\":\"/oasys/\",\"latency_ms\":800}");
	t = now();
	assert_int_equal(lookup_person(cl, NULL, CRN, LOOKUP_REFRESH, &p, &err), CT_OK);
	t = now() - t;
	assert_int_equal(p->service[LOOKUP_NDELIUS].outcome, LOOKUP_OK);
	assert_int_equal(p->service[LOOKUP_OASYS].outcome, LOOKUP_OK);
	/* 9 requests of 800 ms each: about max, not the sum (1.6 s by service,
	 * 7.2 s by request) */
	assert_true(t >= 0.8);
	assert_true(t < 1.4);
	person_lookup_free(&p);
	lookup_client_free(&cl);
	config_release(&cfg);
	sb_release(&err);
}

static void test_retries_on_503_none_on_404(void **state)
{
	struct ct_config cfg;
	struct strbuf err = STRBUF_INIT;
	struct lookup_client *cl;
	struct person_lookup *p = NULL;

	(void)state;
	reset();
	config(&cfg);
	cl = lookup_client_new(&cfg, &err);
	fault("{\"path_prefix\":\"/oasys/risks/crn/" CRN "/summary\",\"status\":503}");
	assert_int_equal(lookup_person(cl, NULL, CRN, LOOKUP_REFRESH, &p, &err), CT_OK);
	assert_int_equal(received("/oasys/risks/crn/" CRN "/summary"), 3); /* 1 + 2 retries */
	assert_int_equal(received("/oasys/needs/"), 1);
	assert_int_equal(p->source[LOOKUP_EP_OASYS_SUMMARY].outcome, LOOKUP_UNAVAILABLE);
	assert_int_equal(p->source[LOOKUP_EP_OASYS_SUMMARY].attempts, 3);
	assert_int_equal(p->service[LOOKUP_OASYS].outcome, LOOKUP_UNAVAILABLE);
	assert_non_null(strstr(p->service[LOOKUP_OASYS].reason, "OASys failed (HTTP 503)"));
	assert_non_null(strstr(p->service[LOOKUP_OASYS].reason, "3 tries"));
	assert_true(p->service[LOOKUP_OASYS].since > 0);
	/* what the other endpoints gave is kept: the summary comes from /risks */
	assert_non_null(p->rosh);
	assert_non_null(p->risk_to_self);
	assert_int_equal(p->service[LOOKUP_NDELIUS].outcome, LOOKUP_OK);
	assert_int_equal(lookup_person_status(p), CT_UPSTREAM);
	person_lookup_free(&p);

	/* a 503 that clears after one answer: the retry succeeds */
	reset();
	fault("{\"path_prefix\":\"/ndelius/\",\"status\":503,\"times\":1}");
	assert_int_equal(lookup_person(cl, NULL, CRN, LOOKUP_REFRESH | LOOKUP_SKIP_OASYS, &p, &err),
			 CT_OK);
	assert_int_equal(received("/ndelius/"), 4);
	assert_int_equal(p->service[LOOKUP_NDELIUS].outcome, LOOKUP_OK);
	assert_int_equal(p->service[LOOKUP_OASYS].outcome, LOOKUP_NOT_ASKED);
	assert_int_equal(received("/oasys/"), 0);
	person_lookup_free(&p);

	/* an unknown person: 404, never retried */
	reset();
	assert_int_equal(lookup_person(cl, NULL, "X999999", 0, &p, &err), CT_OK);
	assert_int_equal(received("/ndelius/probation-case/X999999/details"), 1);
	assert_int_equal(received("/"), 9);
	assert_int_equal(p->source[LOOKUP_EP_NDELIUS_DETAILS].outcome, LOOKUP_NOT_FOUND);
	assert_int_equal(p->service[LOOKUP_NDELIUS].outcome, LOOKUP_NOT_FOUND);
	assert_int_equal(p->service[LOOKUP_OASYS].outcome, LOOKUP_NOT_FOUND);
	assert_null(p->details);
	assert_int_equal(lookup_person_status(p), CT_NOT_FOUND);
	person_lookup_free(&p);

	/* other 4xx: not retried either */
	reset();
	fault("{\"path_prefix\":\"/ndelius/probation-case/" CRN "/details\",\"status\":400}");
	assert_int_equal(lookup_person(cl, NULL, CRN, LOOKUP_SKIP_OASYS, &p, &err), CT_OK);
	assert_int_equal(received("/ndelius/probation-case/" CRN "/details"), 1);
	assert_int_equal(p->service[LOOKUP_NDELIUS].outcome, LOOKUP_UNAVAILABLE);
	assert_non_null(strstr(p->service[LOOKUP_NDELIUS].reason, "HTTP 400"));
	person_lookup_free(&p);
	lookup_client_free(&cl);
	config_release(&cfg);
	sb_release(&err);
}

static void test_hang_ends_at_the_timeout(void **state)
{
	struct ct_config cfg;
	struct strbuf err = STRBUF_INIT;
	struct lookup_client *cl;
	struct person_lookup *p = NULL;
	double t;

	(void)state;
	reset();
	config(&cfg);
	cfg.timeout_ms = 1000;
	cfg.retries = 0;
	cl = lookup_client_new(&cfg, &err);
	fault("{\"path_prefix\":\"/oasys/\",\"hang\":true}");
	t = now();
	assert_int_equal(lookup_person(cl, NULL, CRN, 0, &p, &err), CT_OK);
	t = now() - t;
	assert_true(t >= 1.0);
	assert_true(t < 1.8);
	assert_int_equal(p->service[LOOKUP_OASYS].outcome, LOOKUP_UNAVAILABLE);
	assert_string_equal(p->service[LOOKUP_OASYS].reason, "OASys did not answer within 1 s");
	assert_int_equal(p->service[LOOKUP_NDELIUS].outcome, LOOKUP_OK); /* not held up */
	assert_true(p->source[LOOKUP_EP_NDELIUS_DETAILS].seconds < 0.9);
	assert_null(p->rosh);
	person_lookup_free(&p);
	lookup_client_free(&cl);

	/* timeouts are retried, with backoff */
	reset();
	cfg.timeout_ms = 400;
	cfg.retries = 1;
	cl = lookup_client_new(&cfg, &err);
	fault("{\"path_prefix\":\"/oasys/needs/\",\"hang\":true}");
	assert_int_equal(lookup_person(cl, NULL, CRN, LOOKUP_SKIP_NDELIUS, &p, &err), CT_OK);
	assert_int_equal(received("/oasys/needs/"), 2);
	assert_int_equal(p->source[LOOKUP_EP_OASYS_NEEDS].attempts, 2);
	assert_string_equal(p->service[LOOKUP_OASYS].reason,
			    "OASys did not answer within 0.4 s (2 tries)");
	person_lookup_free(&p);
	lookup_client_free(&cl);
	config_release(&cfg);
	sb_release(&err);
}

static void test_malformed_answers(void **state)
{
	struct ct_config cfg;
	struct strbuf err = STRBUF_INIT;
	struct lookup_client *cl;
	struct person_lookup *p = NULL;

	(void)state;
	reset();
	config(&cfg);
	cl = lookup_client_new(&cfg, &err);
	fault("{\"path_prefix\":\"/ndelius/probation-case/" CRN "/details\",\"malformed_json\":true}");
	assert_int_equal(lookup_person(cl, NULL, CRN, LOOKUP_SKIP_OASYS, &p, &err), CT_OK);
	assert_int_equal(p->source[LOOKUP_EP_NDELIUS_DETAILS].outcome, LOOKUP_MALFORMED);
	assert_int_equal(p->source[LOOKUP_EP_NDELIUS_DETAILS].attempts, 1); /* not retried */
	assert_int_equal(p->service[LOOKUP_NDELIUS].outcome, LOOKUP_MALFORMED);
	assert_non_null(strstr(p->service[LOOKUP_NDELIUS].reason,
			       "nDelius sent an answer caseterm cannot read"));
	assert_null(p->details);
	assert_non_null(p->officer); /* the other endpoints still count */
	assert_int_equal(lookup_person_status(p), CT_UPSTREAM);
	person_lookup_free(&p);

	reset();
	fault("{\"path_prefix\":\"/oasys/risks/crn/" CRN "/risk-management-plan\","
	      "\"content_type\":\"text/html\"}");
	assert_int_equal(lookup_person(cl, NULL, CRN, LOOKUP_SKIP_NDELIUS, &p, &err), CT_OK);
	assert_int_equal(p->source[LOOKUP_EP_OASYS_RMP].outcome, LOOKUP_MALFORMED);
	assert_non_null(strstr(p->source[LOOKUP_EP_OASYS_RMP].reason, "text/html"));
	assert_null(p->rmp);
	person_lookup_free(&p);
	lookup_client_free(&cl);
	config_release(&cfg);
	sb_release(&err);
}

struct fake_clock {
	double offset;
};

static double shifted(void *arg)
{
	return now() + ((struct fake_clock *)arg)->offset;
}

static void test_token_reused_refreshed_and_renewed_after_401(void **state)
{
	struct ct_config cfg;
	struct strbuf err = STRBUF_INIT;
	struct lookup_client *cl;
	struct person_lookup *p = NULL;
	struct fake_clock clk = {0};
	int i;

	(void)state;
	reset();
	config(&cfg);
	cl = lookup_client_new(&cfg, &err);
	lookup_client_set_clock(cl, shifted, &clk);
	for (i = 0; i < 3; i++) {
		assert_int_equal(lookup_person(cl, NULL, CRN, LOOKUP_REFRESH, &p, &err), CT_OK);
		assert_int_equal(p->service[LOOKUP_NDELIUS].outcome, LOOKUP_OK);
		person_lookup_free(&p);
	}
	assert_int_equal(received("/auth/"), 1);
	assert_int_equal(lookup_client_token_requests(cl), 1);
	/* the fake's tokens live 1200 s: 61 s before the end it is fetched again */
	clk.offset = 1200 - 59;
	assert_int_equal(lookup_person(cl, NULL, CRN, LOOKUP_REFRESH, &p, &err), CT_OK);
	person_lookup_free(&p);
	assert_int_equal(received("/auth/"), 2);
	clk.offset = 1200 - 61; /* not yet within the margin of the new one */
	assert_int_equal(lookup_person(cl, NULL, CRN, LOOKUP_REFRESH, &p, &err), CT_OK);
	person_lookup_free(&p);
	assert_int_equal(received("/auth/"), 2);

	/* the fake forgets its tokens: one 401 each, one new token, one more try */
	assert_int_equal(control("DELETE", "/_control/tokens", NULL, NULL), 200);
	assert_int_equal(control("DELETE", "/_control/requests", NULL, NULL), 200);
	assert_int_equal(lookup_person(cl, NULL, CRN, LOOKUP_REFRESH, &p, &err), CT_OK);
	assert_int_equal(p->service[LOOKUP_NDELIUS].outcome, LOOKUP_OK);
	assert_int_equal(p->service[LOOKUP_OASYS].outcome, LOOKUP_OK);
	assert_int_equal(received("/auth/"), 1);
	assert_int_equal(received("/ndelius/"), 6);
	assert_int_equal(p->source[LOOKUP_EP_NDELIUS_DETAILS].attempts, 2);
	person_lookup_free(&p);
	lookup_client_free(&cl);

	/* a wrong secret: both services say Auth refused */
	config_release(&cfg);
	config(&cfg);
	free(cfg.client_secret);
	cfg.client_secret = strdup("wrong");
	cl = lookup_client_new(&cfg, &err);
	assert_int_equal(lookup_person(cl, NULL, CRN, 0, &p, &err), CT_OK);
	assert_int_equal(p->service[LOOKUP_NDELIUS].outcome, LOOKUP_UNAVAILABLE);
	assert_non_null(strstr(p->service[LOOKUP_OASYS].reason, "HMPPS Auth refused client"));
	person_lookup_free(&p);
	lookup_client_free(&cl);
	config_release(&cfg);
	sb_release(&err);
}

struct worker {
	struct lookup_client *cl;
	enum ct_status st;
	enum lookup_outcome nd, oa;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	struct strbuf err = STRBUF_INIT;
	struct person_lookup *p = NULL;

	w->st = lookup_person(w->cl, NULL, CRN, LOOKUP_REFRESH, &p, &err);
	if (p) {
		w->nd = p->service[LOOKUP_NDELIUS].outcome;
		w->oa = p->service[LOOKUP_OASYS].outcome;
	}
	person_lookup_free(&p);
	sb_release(&err);
	return NULL;
}

static void test_token_fetched_once_under_concurrency(void **state)
{
	struct ct_config cfg;
	struct strbuf err = STRBUF_INIT;
	struct worker w[6];
	pthread_t th[6];
	struct lookup_client *cl;
	int i;

	(void)state;
	reset();
	config(&cfg);
	cl = lookup_client_new(&cfg, &err);
	fault("{\"path_prefix\":\"/auth/\",\"latency_ms\":300}"); /* all threads arrive while it is out */
	for (i = 0; i < 6; i++) {
		w[i] = (struct worker){cl, CT_ERR, LOOKUP_NOT_ASKED, LOOKUP_NOT_ASKED};
		assert_int_equal(pthread_create(&th[i], NULL, work, &w[i]), 0);
	}
	for (i = 0; i < 6; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(w[i].st, CT_OK);
		assert_int_equal(w[i].nd, LOOKUP_OK);
		assert_int_equal(w[i].oa, LOOKUP_OK);
	}
	assert_int_equal(received("/auth/"), 1);
	assert_int_equal(received("/ndelius/"), 18);
	lookup_client_free(&cl);
	config_release(&cfg);
	sb_release(&err);
}

static void test_stale_cache_when_a_service_is_down(void **state)
{
	struct ct_config cfg;
	struct strbuf err = STRBUF_INIT, text = STRBUF_INIT;
	struct lookup_client *cl;
	struct person_lookup *p = NULL;
	PGconn *db, *o;

	(void)state;
	reset();
	clear_cache();
	config(&cfg);
	cfg.retries = 0;
	db = dbtest_connect(dbname, pp);
	cl = lookup_client_new(&cfg, &err);
	assert_int_equal(lookup_person(cl, db, CRN, 0, &p, &err), CT_OK);
	person_lookup_free(&p);
	o = dbtest_connect(dbname, NULL);
	assert_true(dbtest_ok(o, "UPDATE lookup_cache SET fetched_at = now() - interval '3 hours'"));
	PQfinish(o);
	fault("{\"path_prefix\":\"/oasys/\",\"status\":500}");
	assert_int_equal(lookup_person(cl, db, CRN, 0, &p, &err), CT_OK);
	/* nDelius: old rows, asked again, fresh */
	assert_int_equal(p->service[LOOKUP_NDELIUS].outcome, LOOKUP_OK);
	assert_false(p->service[LOOKUP_NDELIUS].stale);
	/* OASys: down, but what was fetched 3 hours ago is shown, and says so */
	assert_int_equal(p->service[LOOKUP_OASYS].outcome, LOOKUP_UNAVAILABLE);
	assert_true(p->service[LOOKUP_OASYS].stale);
	assert_true(p->service[LOOKUP_OASYS].from_cache);
	assert_true(labs((long)(time(NULL) - p->service[LOOKUP_OASYS].fetched_at) - 3 * 3600) < 60);
	assert_true(p->source[LOOKUP_EP_OASYS_SUMMARY].stale);
	assert_non_null(p->rosh);
	assert_int_equal(p->rosh->overall, ROSH_HIGH);
	assert_int_equal(lookup_person_describe(p, &text), 0);
	assert_non_null(strstr(text.buf, "OASys: unavailable since"));
	if (!strstr(text.buf, "Showing what was fetched 3 h 0 min ago"))
		fail_msg("no age of the cached OASys answer in:\n%s", text.buf);
	assert_int_equal(lookup_person_status(p), CT_UPSTREAM);
	person_lookup_free(&p);
	lookup_client_free(&cl);
	PQfinish(db);
	config_release(&cfg);
	sb_release(&err);
	sb_release(&text);
}

static void test_person_without_oasys(void **state)
{
	struct ct_config cfg;
	struct strbuf err = STRBUF_INIT, path = STRBUF_INIT;
	struct lookup_client *cl;
	struct person_lookup *p = NULL;
	json_t *index, *e;
	const char *crn = NULL;
	size_t i;

	(void)state;
	sb_addf(&path, "%s/people/index.json", FIXTURES_DIR);
	index = json_load_file(path.buf, 0, NULL);
	assert_non_null(index);
	json_array_foreach(index, i, e)
		if (json_is_false(json_object_get(e, "hasOasys")) && !crn)
			crn = json_string_value(json_object_get(e, "crn"));
	if (!crn) {
		json_decref(index);
		sb_release(&path);
		skip();
	}
	reset();
	config(&cfg);
	cl = lookup_client_new(&cfg, &err);
	assert_int_equal(lookup_person(cl, NULL, crn, LOOKUP_REFRESH, &p, &err), CT_OK);
	assert_int_equal(p->service[LOOKUP_NDELIUS].outcome, LOOKUP_OK);
	assert_int_equal(p->service[LOOKUP_OASYS].outcome, LOOKUP_NOT_FOUND);
	assert_int_equal(received("/oasys/"), 6); /* 404s are not retried */
	assert_int_equal(lookup_person_status(p), CT_OK);
	person_lookup_free(&p);
	lookup_client_free(&cl);
	config_release(&cfg);
	json_decref(index);
	sb_release(&path);
	sb_release(&err);
}

static void test_audit_failure_withholds_risk(void **state)
{
	struct ct_config cfg;
	struct strbuf err = STRBUF_INIT;
	struct lookup_client *cl;
	struct person_lookup *p = NULL;
	PGconn *db, *o;

	(void)state;
	reset();
	config(&cfg);
	db = dbtest_connect(dbname, pp);
	o = dbtest_connect(dbname, NULL);
	assert_true(dbtest_ok(o, "REVOKE INSERT ON audit_log FROM caseterm_staff"));
	cl = lookup_client_new(&cfg, &err);
	assert_int_equal(lookup_person(cl, db, CRN, LOOKUP_REFRESH, &p, &err), CT_OK);
	assert_true(dbtest_ok(o, "GRANT INSERT ON audit_log TO caseterm_staff"));
	assert_int_equal(p->service[LOOKUP_NDELIUS].outcome, LOOKUP_OK);
	assert_non_null(p->details);
	assert_int_equal(p->service[LOOKUP_OASYS].outcome, LOOKUP_UNAVAILABLE);
	assert_non_null(strstr(p->service[LOOKUP_OASYS].reason, "withheld"));
	assert_null(p->rosh);
	assert_null(p->risk_to_self);
	assert_null(p->rmp);
	assert_null(p->needs);
	assert_null(p->predictors);
	person_lookup_free(&p);
	lookup_client_free(&cl);
	PQfinish(o);
	PQfinish(db);
	config_release(&cfg);
	sb_release(&err);
}

/* ---- caseterm lookup ---------------------------------------------------- */

static void write_config(const char *path)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fprintf(f,
		"database:\n  conninfo: \"dbname=%s user=%s\"\n"
		"upstream:\n  ndelius_url: http://127.0.0.1:%d/ndelius\n"
		"  oasys_url: http://127.0.0.1:%d/oasys\n"
		"  auth_token_url: http://127.0.0.1:%d/auth/oauth/token\n"
		"  client_id: caseterm\n  client_secret_file: %s/secret\n"
		"  connect_timeout_ms: 1000\n  timeout_ms: 1000\n  retries: 0\n",
		dbname, pp, port, port, port, tmpdir);
	fclose(f);
	chmod(path, 0600);
}

/* Runs caseterm lookup ARGS; returns its exit status, output in out/err. */
static int run(const char *args, struct strbuf *out, struct strbuf *errout)
{
	char cmd[1024], cfg[128], o[128], e[128];
	int st;

	snprintf(cfg, sizeof cfg, "%s/config.yaml", tmpdir);
	snprintf(o, sizeof o, "%s/out", tmpdir);
	snprintf(e, sizeof e, "%s/err", tmpdir);
	write_config(cfg);
	snprintf(cmd, sizeof cmd, "'%s' --config '%s' lookup %s >'%s' 2>'%s'", CASETERM_BIN, cfg,
		 args, o, e);
	st = system(cmd);
	sb_reset(out);
	sb_reset(errout);
	assert_int_equal(sb_read_file(out, o), 0);
	assert_int_equal(sb_read_file(errout, e), 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Runs caseterm lookup ARGS and checks its exit status, showing what it said
 * when the status is not the one expected. */
static void expect_run(const char *args, int code, struct strbuf *out, struct strbuf *err)
{
	int rc = run(args, out, err);

	if (rc != code)
		fail_msg("caseterm lookup %s: exit %d, not %d\n--- stdout:\n%s\n--- stderr:\n%s", args,
			 rc, code, out->buf, err->buf);
}

static void test_cmd_lookup_exit_codes(void **state)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	json_t *doc;
	size_t i;

	(void)state;
	reset();
	clear_cache();
	expect_run(CRN, 0, &out, &err);
	assert_non_null(strstr(out.buf, "Aadland"));
	assert_non_null(strstr(out.buf, "Risk of serious harm"));
	assert_non_null(strstr(out.buf, "Helen Marsh"));

	expect_run("X999999", 4, &out, &err);
	assert_non_null(strstr(err.buf, "No person with CRN X999999 in nDelius"));

	expect_run("x32074", 2, &out, &err);
	assert_non_null(strstr(err.buf, "Enter a CRN in the correct format, like X320741"));
	expect_run("", 2, &out, &err);

	fault("{\"path_prefix\":\"/oasys/\",\"hang\":true}");
	expect_run(CRN " --refresh", 5, &out, &err);
	assert_non_null(strstr(err.buf, "OASys did not answer within 1 s"));
	assert_int_equal(control("DELETE", "/_control/faults", NULL, NULL), 200);

	expect_run(CRN " --json", 0, &out, &err);
	doc = json_loads(out.buf, 0, NULL);
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(doc, "crn")), CRN);
	assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "oasys"),
							      "status")),
			    "ok");
	json_decref(doc);

	/* hostile text from upstream never reaches the terminal raw */
	expect_run("K666013", 0, &out, &err);
	for (i = 0; i < out.len; i++)
		assert_true((unsigned char)out.buf[i] >= 0x20 || out.buf[i] == '\n');
	assert_null(strstr(out.buf, "\xe2\x80\xae"));
	assert_non_null(strstr(out.buf, "Mallory"));
	sb_release(&out);
	sb_release(&err);
}

/* ---- the TUI's look-up off the main thread (ui_lookup_start) ---------- */

struct got {
	int called;
	bool ui_null;
	enum ct_status st;
	char *forename;
	bool main_thread;
	pthread_t main;
};

static void got_person(struct ui *ui, void *arg, struct person_lookup *p, enum ct_status st,
		       const char *err)
{
	struct got *g = arg;

	(void)err;
	g->called++;
	g->ui_null = ui == NULL;
	g->st = st;
	g->main_thread = pthread_equal(pthread_self(), g->main);
	if (p && p->details && p->details->forename)
		g->forename = strdup(p->details->forename);
	person_lookup_free(&p);
}

static void test_ui_lookup_runs_off_the_main_thread(void **state)
{
	struct staff s = {.id = 1, .username = pp, .display_name = "Pat", .role = "pp",
			  .role_label = "Probation practitioner", .team = "T"};
	struct strbuf err = STRBUF_INIT;
	struct keymap *km = keymap_new();
	struct got g = {.main = pthread_self()}, g2 = {.main = pthread_self()};
	struct ct_config cfg;
	struct ui *ui;
	int id;

	(void)state;
	reset();
	clear_cache();
	config(&cfg);
	ui = ui_new(&(struct ui_setup){.keymap = km, .staff = &s, .config = &cfg}, &err);
	assert_non_null(ui);
	assert_ptr_equal(ui_config(ui), &cfg);
	assert_int_equal(ui_lookup_start(ui, "not a crn", 0, got_person, &g), -1);
	/* the fake takes 300 ms: the call returns at once, done comes later */
	fault("{\"path_prefix\":\"/ndelius/\",\"latency_ms\":300}");
	id = ui_lookup_start(ui, " x320741 ", 0, got_person, &g);
	assert_true(id > 0);
	assert_int_equal(g.called, 0);
	ui_async_wait(ui);
	assert_int_equal(g.called, 1);
	assert_false(g.ui_null);
	assert_true(g.main_thread);
	assert_int_equal(g.st, CT_OK);
	assert_string_equal(g.forename, "Aadland");
	/* a cancelled look-up still gets done, with no ui, so it can free */
	id = ui_lookup_start(ui, CRN, LOOKUP_REFRESH, got_person, &g2);
	assert_true(id > 0);
	ui_async_cancel(ui, id);
	ui_free(&ui);
	assert_int_equal(g2.called, 1);
	assert_true(g2.ui_null);
	reset();
	free(g.forename);
	free(g2.forename);
	keymap_free(&km);
	sb_release(&err);
	config_release(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_found_parsed_cached_and_audited),
		cmocka_unit_test(test_cached_second_lookup_asks_nothing),
		cmocka_unit_test(test_both_services_are_asked_at_once),
		cmocka_unit_test(test_retries_on_503_none_on_404),
		cmocka_unit_test(test_hang_ends_at_the_timeout),
		cmocka_unit_test(test_malformed_answers),
		cmocka_unit_test(test_token_reused_refreshed_and_renewed_after_401),
		cmocka_unit_test(test_token_fetched_once_under_concurrency),
		cmocka_unit_test(test_stale_cache_when_a_service_is_down),
		cmocka_unit_test(test_person_without_oasys),
		cmocka_unit_test(test_audit_failure_withholds_risk),
		cmocka_unit_test(test_cmd_lookup_exit_codes),
		cmocka_unit_test(test_ui_lookup_runs_off_the_main_thread),
	};

	if (!dbtest_available() || access(FAKE_UPSTREAM, X_OK) || access(RUN_FAKE, X_OK))
		return DBTEST_SKIP;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	return cmocka_run_group_tests(tests, setup, teardown);
}
