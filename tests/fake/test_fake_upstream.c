/* test_fake_upstream.c: starts fake-upstream on a free port and checks it over HTTP with libcurl. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/strbuf.h"

#ifndef FAKE_UPSTREAM_PATH
#error "FAKE_UPSTREAM_PATH must name the fake-upstream binary"
#endif
#ifndef FIXTURES_DIR
#error "FIXTURES_DIR must name tests/fixtures"
#endif

extern char **environ;

#define SECRET "s3cret-for-tests"

struct server {
	pid_t pid;
	int port;
	char dir[64];
};

static struct server main_srv;

/* ---- process helpers -------------------------------------------------- */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

static void write_text(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
}

/* Starts fake-upstream with extra arguments (NULL-terminated); fills s.
 * Returns 0 when it wrote its port file within 5 seconds. */
static int start_server(struct server *s, const char *fixtures, const char *const *extra)
{
	char secret[128], portfile[128], events[128];
	const char *argv[32];
	int n = 0, i;
	FILE *f;

	snprintf(s->dir, sizeof s->dir, "/tmp/ct-fake-XXXXXX");
	if (!mkdtemp(s->dir))
		return -1;
	snprintf(secret, sizeof secret, "%s/secret", s->dir);
	snprintf(portfile, sizeof portfile, "%s/port", s->dir);
	snprintf(events, sizeof events, "%s/events.log", s->dir);
	write_text(secret, SECRET "\n", 0600);
	argv[n++] = FAKE_UPSTREAM_PATH;
	argv[n++] = "--port";
	argv[n++] = "0";
	argv[n++] = "--port-file";
	argv[n++] = portfile;
	argv[n++] = "--fixtures";
	argv[n++] = fixtures;
	argv[n++] = "--client-id";
	argv[n++] = "caseterm";
	argv[n++] = "--client-secret-file";
	argv[n++] = secret;
	argv[n++] = "--events-log";
	argv[n++] = events;
	for (i = 0; extra && extra[i] && n < 30; i++)
		argv[n++] = extra[i];
	argv[n] = NULL;
	if (posix_spawn(&s->pid, FAKE_UPSTREAM_PATH, NULL, NULL, (char *const *)argv, environ))
		return -1;
	for (i = 0; i < 100; i++) {
		f = fopen(portfile, "r");
		if (f) {
			int ok = fscanf(f, "%d", &s->port) == 1;

			fclose(f);
			if (ok && s->port > 0)
				return 0;
		}
		sleep_ms(50);
	}
	return -1;
}

/* SIGTERM, then waits up to 5 s.  Returns the exit status, or -1 when it
 * did not stop (it is then killed). */
static int stop_server(struct server *s)
{
	int st, i;
	char path[160];

	if (s->pid <= 0)
		return -1;
	kill(s->pid, SIGTERM);
	for (i = 0; i < 100; i++) {
		if (waitpid(s->pid, &st, WNOHANG) == s->pid) {
			s->pid = 0;
			snprintf(path, sizeof path, "%s/secret", s->dir);
			unlink(path);
			snprintf(path, sizeof path, "%s/port", s->dir);
			unlink(path);
			snprintf(path, sizeof path, "%s/events.log", s->dir);
			unlink(path);
			snprintf(path, sizeof path, "%s/faults.json", s->dir);
			unlink(path);
			rmdir(s->dir);
			return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
		}
		sleep_ms(50);
	}
	kill(s->pid, SIGKILL);
	waitpid(s->pid, &st, 0);
	s->pid = 0;
	return -1;
}

/* ---- HTTP ------------------------------------------------------------- */

struct resp {
	CURLcode rc;
	long status;
	struct strbuf body;
	char *ctype;
	double seconds;
};

struct req {
	const char *method;      /* default GET */
	const char *body;
	const char *ctype;       /* of the body */
	const char *bearer;
	const char *user, *pass; /* basic auth */
	long timeout_ms;         /* default 5000 */
	bool as_is;              /* send the path exactly as written */
};

static size_t on_data(char *p, size_t sz, size_t n, void *arg)
{
	return sb_add(arg, p, sz * n) ? 0 : sz * n;
}

static void resp_release(struct resp *r)
{
	sb_release(&r->body);
	free(r->ctype);
	r->ctype = NULL;
}

static struct resp http_to(int port, const char *path, const struct req *q)
{
	struct resp r = {CURLE_OK, 0, STRBUF_INIT, NULL, 0};
	struct strbuf url = STRBUF_INIT, auth = STRBUF_INIT, ct = STRBUF_INIT;
	struct curl_slist *h = NULL;
	CURL *c = curl_easy_init();
	const char *type = NULL;
	static const struct req none;

	if (!q)
		q = &none;
	assert_non_null(c);
	sb_addf(&url, "http://127.0.0.1:%d%s", port, path);
	curl_easy_setopt(c, CURLOPT_URL, url.buf);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &r.body);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, q->timeout_ms ? q->timeout_ms : 5000L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	if (q->as_is)
		curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
	if (q->method)
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, q->method);
	if (q->body) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, q->body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(q->body));
		sb_addf(&ct, "Content-Type: %s", q->ctype ? q->ctype : "application/json");
		h = curl_slist_append(h, ct.buf);
	}
	if (q->bearer) {
		sb_addf(&auth, "Authorization: Bearer %s", q->bearer);
		h = curl_slist_append(h, auth.buf);
	}
	if (q->user) {
		curl_easy_setopt(c, CURLOPT_USERNAME, q->user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, q->pass);
	}
	if (h)
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	r.rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
	curl_easy_getinfo(c, CURLINFO_TOTAL_TIME, &r.seconds);
	if (curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &type) == CURLE_OK && type)
		r.ctype = strdup(type);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	sb_release(&url);
	sb_release(&auth);
	sb_release(&ct);
	return r;
}

static struct resp http(const char *path, const struct req *q)
{
	return http_to(main_srv.port, path, q);
}

static long status_to(int port, const char *path, const struct req *q)
{
	struct resp r = http_to(port, path, q);
	long s = r.status;

	resp_release(&r);
	return s;
}

static long status_of(const char *path, const struct req *q)
{
	return status_to(main_srv.port, path, q);
}

static json_t *json_of(const struct resp *r)
{
	return json_loadb(r->body.buf, r->body.len, 0, NULL);
}

/* A fresh token from the fake's Auth. */
static char *token_from(int port)
{
	struct req q = {.method = "POST", .body = "grant_type=client_credentials",
			.ctype = "application/x-www-form-urlencoded", .user = "caseterm", .pass = SECRET};
	struct resp r = http_to(port, "/auth/oauth/token", &q);
	json_t *doc = json_of(&r);
	char *tok;

	assert_int_equal(r.status, 200);
	assert_non_null(doc);
	tok = strdup(json_string_value(json_object_get(doc, "access_token")));
	json_decref(doc);
	resp_release(&r);
	return tok;
}

static char *token;

static void fault(const char *json)
{
	struct req q = {.method = "POST", .body = json};

	assert_int_equal(status_of("/_control/faults", &q), 201);
}

static void clear_faults(void)
{
	struct req q = {.method = "DELETE"};

	assert_int_equal(status_of("/_control/faults", &q), 200);
}

static long authed_status(const char *path)
{
	struct req q = {.bearer = token};

	return status_of(path, &q);
}

/* ---- set-up ----------------------------------------------------------- */

static int setup(void **state)
{
	(void)state;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (start_server(&main_srv, FIXTURES_DIR, NULL))
		return -1;
	token = token_from(main_srv.port);
	return 0;
}

static int teardown(void **state)
{
	int rc;

	(void)state;
	free(token);
	rc = stop_server(&main_srv);
	curl_global_cleanup();
	return rc == 0 ? 0 : -1;
}

static int each_setup(void **state)
{
	struct req q = {.method = "DELETE"};

	(void)state;
	clear_faults();
	assert_int_equal(status_of("/_control/requests", &q), 200);
	return 0;
}

/* ---- tests ------------------------------------------------------------ */

static void test_ping_needs_no_token(void **state)
{
	struct resp r = http("/ndelius/health/ping", NULL);
	json_t *doc = json_of(&r);

	(void)state;
	assert_int_equal(r.status, 200);
	assert_string_equal(json_string_value(json_object_get(doc, "status")), "UP");
	json_decref(doc);
	resp_release(&r);
	assert_int_equal(status_of("/oasys/health/ping", NULL), 200);
}

static void test_token_flow(void **state)
{
	struct req good = {.method = "POST", .body = "grant_type=client_credentials",
			   .ctype = "application/x-www-form-urlencoded", .user = "caseterm", .pass = SECRET};
	struct req bad_secret = good, bad_id = good, no_grant = good, bogus = {.bearer = "0123456789abcdef"};
	struct req revoke = {.method = "DELETE"};
	struct resp r;
	json_t *doc;
	char *fresh;

	(void)state;
	r = http("/auth/oauth/token", &good);
	doc = json_of(&r);
	assert_int_equal(r.status, 200);
	assert_string_equal(json_string_value(json_object_get(doc, "token_type")), "bearer");
	assert_int_equal(json_integer_value(json_object_get(doc, "expires_in")), 1200);
	assert_true(json_string_length(json_object_get(doc, "access_token")) >= 32);
	json_decref(doc);
	resp_release(&r);

	bad_secret.pass = "wrong";
	bad_id.user = "someone-else";
	no_grant.body = "grant_type=password";
	assert_int_equal(status_of("/auth/oauth/token", &bad_secret), 401);
	assert_int_equal(status_of("/auth/oauth/token", &bad_id), 401);
	assert_int_equal(status_of("/auth/oauth/token", &no_grant), 400);
	assert_int_equal(status_of("/auth/oauth/token", NULL), 405); /* GET */

	assert_int_equal(status_of("/ndelius/probation-case/X320741/details", NULL), 401);
	assert_int_equal(status_of("/oasys/risks/crn/X320741", NULL), 401);
	assert_int_equal(status_of("/ndelius/probation-case/X320741/details", &bogus), 401);
	assert_int_equal(authed_status("/ndelius/probation-case/X320741/details"), 200);

	/* revoked tokens are refused; a new one works */
	fresh = token_from(main_srv.port);
	assert_int_equal(status_of("/_control/tokens", &revoke), 200);
	assert_int_equal(authed_status("/ndelius/probation-case/X320741/details"), 401);
	free(token);
	token = fresh;
	assert_int_equal(authed_status("/ndelius/probation-case/X320741/details"), 401);
	free(token);
	token = token_from(main_srv.port);
	assert_int_equal(authed_status("/ndelius/probation-case/X320741/details"), 200);
}

static void test_details_x320741(void **state)
{
	struct req q = {.bearer = token};
	struct resp r = http("/ndelius/probation-case/X320741/details", &q);
	json_t *doc = json_of(&r), *v;

	(void)state;
	assert_int_equal(r.status, 200);
	assert_non_null(r.ctype);
	assert_string_equal(r.ctype, "application/json");
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(doc, "crn")), "X320741");
	v = json_object_get(doc, "name");
	assert_string_equal(json_string_value(json_object_get(v, "forename")), "Aadland");
	assert_string_equal(json_string_value(json_object_get(v, "surname")), "Bertrand");
	assert_string_equal(json_string_value(json_object_get(doc, "dateOfBirth")), "1987-08-02");
	assert_string_equal(json_string_value(json_object_get(doc, "gender")), "Male");
	json_decref(doc);
	resp_release(&r);

	/* in custody: a prison manager too */
	r = http("/ndelius/probation-case/X320741/responsible-officer", &q);
	doc = json_of(&r);
	assert_int_equal(r.status, 200);
	assert_non_null(json_object_get(doc, "communityManager"));
	assert_non_null(json_object_get(doc, "prisonManager"));
	json_decref(doc);
	resp_release(&r);

	/* the conviction of the shared offences fixture, alone and in the list */
	r = http("/ndelius/probation-case/X320741/convictions/100002", &q);
	doc = json_of(&r);
	assert_int_equal(r.status, 200);
	v = json_object_get(json_object_get(doc, "conviction"), "mainOffence");
	assert_string_equal(json_string_value(json_object_get(v, "category")), "Murder");
	assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "caseDetail"), "crn")),
			    "X320741");
	json_decref(doc);
	resp_release(&r);
	assert_int_equal(authed_status("/ndelius/probation-case/X320741/convictions"), 200);
	assert_int_equal(authed_status("/ndelius/probation-case/X320741/convictions/999"), 404);
	assert_int_equal(authed_status("/ndelius/probation-case/X320741/identifiers"), 200);
	assert_int_equal(authed_status("/ndelius/probation-cases/X320741/details"), 200);

	/* OASys: the RoSH summary of the shared fixture */
	r = http("/oasys/risks/crn/X320741/summary", &q);
	doc = json_of(&r);
	assert_int_equal(r.status, 200);
	assert_string_equal(json_string_value(json_object_get(doc, "overallRiskLevel")), "HIGH");
	assert_string_equal(json_string_value(json_object_get(doc, "natureOfRisk")), "natureOfRisk");
	json_decref(doc);
	resp_release(&r);
	assert_int_equal(authed_status("/oasys/risks/crn/X320741"), 200);
	assert_int_equal(authed_status("/oasys/risks/crn/X320741/risk-management-plan"), 200);
	assert_int_equal(authed_status("/oasys/needs/crn/X320741"), 200);
	assert_int_equal(authed_status("/oasys/risks/predictors/all/CRN/X320741"), 200);
	assert_int_equal(authed_status("/oasys/assessments/pni/X320741"), 200);
}

static void test_summaries(void **state)
{
	struct req q = {.method = "POST", .bearer = token, .body = "[\"X320741\", \"D002399\", \"Z999999\", 7]"};
	struct resp r = http("/ndelius/probation-cases/summaries", &q);
	json_t *doc = json_of(&r);

	(void)state;
	assert_int_equal(r.status, 200);
	assert_int_equal(json_array_size(json_object_get(doc, "cases")), 2);
	json_decref(doc);
	resp_release(&r);
	q.body = "{}";
	assert_int_equal(status_of("/ndelius/probation-cases/summaries", &q), 400);
}

static void test_unknown_person(void **state)
{
	struct req q = {.bearer = token};
	struct resp r = http("/ndelius/probation-case/Z999999/details", &q);
	json_t *doc = json_of(&r);

	(void)state;
	assert_int_equal(r.status, 404);
	assert_non_null(doc); /* a JSON error body */
	assert_int_equal(json_integer_value(json_object_get(doc, "status")), 404);
	assert_non_null(strstr(json_string_value(json_object_get(doc, "userMessage")), "Z999999"));
	json_decref(doc);
	resp_release(&r);
	assert_int_equal(authed_status("/ndelius/probation-case/Z999999/responsible-officer"), 404);
	assert_int_equal(authed_status("/oasys/risks/crn/Z999999/summary"), 404);
	assert_int_equal(authed_status("/ndelius/no/such/thing"), 404);
}

static void test_no_oasys_is_404_on_oasys_only(void **state)
{
	static const char *const oasys[] = {
		"/oasys/risks/crn/B310004", "/oasys/risks/crn/B310004/summary",
		"/oasys/risks/crn/B310004/risk-management-plan", "/oasys/needs/crn/B310004",
		"/oasys/risks/predictors/all/CRN/B310004", "/oasys/assessments/pni/B310004",
	};
	struct req q = {.bearer = token};
	size_t i;

	(void)state;
	assert_int_equal(authed_status("/ndelius/probation-case/B310004/details"), 200);
	assert_int_equal(authed_status("/ndelius/probation-case/B310004/convictions"), 200);
	for (i = 0; i < sizeof oasys / sizeof *oasys; i++) {
		struct resp r = http(oasys[i], &q);
		json_t *doc = json_of(&r);

		assert_int_equal(r.status, 404);
		assert_non_null(doc);
		json_decref(doc);
		resp_release(&r);
	}
}

static void test_bad_crn_and_traversal(void **state)
{
	struct req q = {.bearer = token, .as_is = true};
	static const char *const bad[] = {
		"/ndelius/probation-case/../../../../etc/passwd",
		"/ndelius/probation-case/..%2f..%2f..%2fetc%2fpasswd/details",
		"/ndelius/probation-case/%2e%2e/details",
		"/oasys/risks/crn/..%2F..%2Findex.json",
		"/ndelius/probation-case/X320741%2f..%2f..%2fpeople/details",
		"/ndelius/probation-case/X320741\\..\\/details",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct resp r = http(bad[i], &q);

		assert_int_equal(r.status, 400);
		assert_null(strstr(r.body.buf, "root:"));
		resp_release(&r);
	}
	/* not a CRN: never becomes a path */
	assert_int_equal(authed_status("/ndelius/probation-case/x320741/details"), 400);
	assert_int_equal(authed_status("/ndelius/probation-case/X3207410/details"), 400);
	assert_int_equal(authed_status("/ndelius/probation-case/index.json/details"), 400);
	assert_int_equal(authed_status("/oasys/risks/crn/%41%30%30%30%30%30%31"), 404); /* A000001 */
}

/* A fixtures folder with a symbolic link where a fixture should be. */
static void test_symlinked_fixture_is_not_followed(void **state)
{
	char root[] = "/tmp/ct-fake-fixtures-XXXXXX", path[256];
	struct server s = {0};
	struct resp r;
	struct req q = {0};
	char *tok;

	(void)state;
	assert_non_null(mkdtemp(root));
	snprintf(path, sizeof path, "%s/people", root);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof path, "%s/people/A000001", root);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof path, "%s/people/A000001/ndelius-details.json", root);
	assert_int_equal(symlink("/etc/passwd", path), 0);
	assert_int_equal(start_server(&s, root, NULL), 0);
	tok = token_from(s.port);
	q.bearer = tok;
	r = http_to(s.port, "/ndelius/probation-case/A000001/details", &q);
	assert_int_equal(r.status, 404);
	assert_null(strstr(r.body.buf, "root:"));
	resp_release(&r);
	free(tok);
	assert_int_equal(stop_server(&s), 0);
	unlink(path);
	snprintf(path, sizeof path, "%s/people/A000001", root);
	rmdir(path);
	snprintf(path, sizeof path, "%s/people", root);
	rmdir(path);
	rmdir(root);
}

static void test_fault_latency(void **state)
{
	struct resp r;

	(void)state;
	fault("{\"path_prefix\": \"/ndelius/health\", \"latency_ms\": 600, \"times\": 1}");
	r = http("/ndelius/health/ping", NULL);
	assert_int_equal(r.status, 200);
	assert_true(r.seconds >= 0.6);
	resp_release(&r);
	r = http("/ndelius/health/ping", NULL); /* times: 1 is used up */
	assert_int_equal(r.status, 200);
	assert_true(r.seconds < 0.3);
	resp_release(&r);
}

static void test_fault_status(void **state)
{
	struct resp r;
	json_t *doc;

	(void)state;
	fault("{\"path_prefix\": \"/oasys\", \"status\": 503}");
	r = http("/oasys/health/ping", NULL);
	doc = json_of(&r);
	assert_int_equal(r.status, 503);
	assert_int_equal(json_integer_value(json_object_get(doc, "status")), 503);
	json_decref(doc);
	resp_release(&r);
	assert_int_equal(authed_status("/oasys/risks/crn/X320741"), 503);
	assert_int_equal(status_of("/ndelius/health/ping", NULL), 200); /* other prefix untouched */
	clear_faults();
	assert_int_equal(status_of("/oasys/health/ping", NULL), 200);
}

struct hang_arg {
	int port;
	long timeout_ms;
	struct resp r;
	double seconds;
};

static void *hang_thread(void *p)
{
	struct hang_arg *a = p;
	struct req q = {.timeout_ms = a->timeout_ms};
	double t0 = now();

	a->r = http_to(a->port, "/oasys/health/ping", &q);
	a->seconds = now() - t0;
	return NULL;
}

static void test_fault_hang(void **state)
{
	struct hang_arg a = {.port = main_srv.port, .timeout_ms = 1500};
	pthread_t th;
	struct resp r;
	json_t *doc, *e;
	size_t i;
	bool logged = false;
	int tries;

	(void)state;
	fault("{\"path_prefix\": \"/oasys\", \"hang\": true}");
	assert_int_equal(pthread_create(&th, NULL, hang_thread, &a), 0);
	sleep_ms(200);
	/* while that request hangs, others are answered at once */
	r = http("/ndelius/health/ping", NULL);
	assert_int_equal(r.status, 200);
	assert_true(r.seconds < 0.5);
	resp_release(&r);
	pthread_join(th, NULL);
	assert_int_equal(a.r.rc, CURLE_OPERATION_TIMEDOUT);
	assert_int_equal(a.r.status, 0);
	assert_true(a.seconds >= 1.4 && a.seconds < 3.0);
	resp_release(&a.r);

	/* the server saw the client go and logged the hang */
	for (tries = 0; tries < 50 && !logged; tries++) {
		r = http("/_control/requests", NULL);
		doc = json_of(&r);
		json_array_foreach(json_object_get(doc, "requests"), i, e)
			if (json_is_string(json_object_get(e, "fault")) &&
			    !strcmp(json_string_value(json_object_get(e, "fault")), "hang"))
				logged = true;
		json_decref(doc);
		resp_release(&r);
		if (!logged)
			sleep_ms(50);
	}
	assert_true(logged);
}

static void test_fault_malformed_json(void **state)
{
	struct req q = {.bearer = token};
	struct resp r;
	json_t *doc;

	(void)state;
	fault("{\"path_prefix\": \"/ndelius/probation-case/X320741/details\", \"malformed_json\": true}");
	r = http("/ndelius/probation-case/X320741/details", &q);
	assert_int_equal(r.status, 200);
	assert_true(r.body.len > 0);
	doc = json_of(&r);
	assert_null(doc);
	resp_release(&r);
	r = http("/ndelius/probation-case/D002399/details", &q); /* other paths are well */
	doc = json_of(&r);
	assert_non_null(doc);
	json_decref(doc);
	resp_release(&r);
}

static void test_fault_content_type(void **state)
{
	struct resp r;

	(void)state;
	fault("{\"path_prefix\": \"/oasys/health\", \"content_type\": \"text/html\"}");
	r = http("/oasys/health/ping", NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(r.ctype);
	assert_string_equal(r.ctype, "text/html");
	resp_release(&r);
}

static void test_fault_times_and_request_log(void **state)
{
	struct resp r;
	json_t *doc, *e;
	size_t i, n = 0;
	long seen[3] = {0, 0, 0};

	(void)state;
	fault("{\"path_prefix\": \"/ndelius/health\", \"status\": 500, \"times\": 2}");
	assert_int_equal(status_of("/ndelius/health/ping", NULL), 500);
	assert_int_equal(status_of("/ndelius/health/ping", NULL), 500);
	assert_int_equal(status_of("/ndelius/health/ping", NULL), 200);
	assert_int_equal(status_of("/ndelius/health/ping", NULL), 200);

	r = http("/_control/faults", NULL);
	doc = json_of(&r);
	assert_int_equal(json_array_size(json_object_get(doc, "faults")), 0); /* used up */
	json_decref(doc);
	resp_release(&r);

	r = http("/_control/requests", NULL);
	doc = json_of(&r);
	json_array_foreach(json_object_get(doc, "requests"), i, e) {
		assert_string_equal(json_string_value(json_object_get(e, "method")), "GET");
		assert_string_equal(json_string_value(json_object_get(e, "path")), "/ndelius/health/ping");
		if (n < 3)
			seen[n] = (long)json_integer_value(json_object_get(e, "status"));
		n++;
	}
	assert_int_equal(n, 4); /* control requests are not logged */
	assert_int_equal(seen[0], 500);
	assert_int_equal(seen[1], 500);
	assert_int_equal(seen[2], 200);
	json_decref(doc);
	resp_release(&r);
}

static void test_fault_bodies_checked(void **state)
{
	struct req q = {.method = "POST"};

	(void)state;
	q.body = "{\"bogus\": 1}";
	assert_int_equal(status_of("/_control/faults", &q), 400);
	q.body = "not json";
	assert_int_equal(status_of("/_control/faults", &q), 400);
	q.body = "{\"content_type\": \"text/html\\r\\nSet-Cookie: x=1\"}";
	assert_int_equal(status_of("/_control/faults", &q), 400);
	q.body = "{\"status\": 99}";
	assert_int_equal(status_of("/_control/faults", &q), 400);
	q.body = "[{\"path_prefix\": \"/oasys\", \"status\": 500}, {\"times\": 0}]";
	assert_int_equal(status_of("/_control/faults", &q), 400);
	assert_int_equal(status_of("/oasys/health/ping", NULL), 200); /* nothing was added */
}

static void test_events(void **state)
{
	struct req post = {.method = "POST"}, del = {.method = "DELETE"};
	struct resp r;
	json_t *doc, *list;
	char path[160], line[4096];
	FILE *f;
	int lines = 0;

	(void)state;
	assert_int_equal(status_of("/_control/events", &del), 200);
	post.body = "{\"id\": \"ev-1\", \"eventType\": \"intervention.referral.sent\"}";
	assert_int_equal(status_of("/events", &post), 202);
	assert_int_equal(status_of("/events", &post), 200); /* the same id again */
	post.body = "{\"id\": \"ev-2\", \"eventType\": \"accommodation.cas3.booking.confirmed\"}";
	assert_int_equal(status_of("/events", &post), 202);
	post.body = "{\"eventType\": \"no id\"}";
	assert_int_equal(status_of("/events", &post), 400);
	post.body = "{not json";
	assert_int_equal(status_of("/events", &post), 400);
	assert_int_equal(status_of("/events", NULL), 405);

	r = http("/_control/events", NULL);
	doc = json_of(&r);
	list = json_object_get(doc, "events");
	assert_int_equal(json_integer_value(json_object_get(doc, "count")), 3);
	assert_int_equal(json_integer_value(json_object_get(doc, "unique")), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(list, 0), "id")), "ev-1");
	assert_true(json_is_false(json_object_get(json_array_get(list, 0), "duplicate")));
	assert_true(json_is_true(json_object_get(json_array_get(list, 1), "duplicate")));
	assert_string_equal(json_string_value(json_object_get(
		json_object_get(json_array_get(list, 2), "body"), "eventType")),
		"accommodation.cas3.booking.confirmed");
	json_decref(doc);
	resp_release(&r);

	snprintf(path, sizeof path, "%s/events.log", main_srv.dir);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof line, f))
		lines++;
	fclose(f);
	assert_int_equal(lines, 3);
}

static void test_hostile_requests(void **state)
{
	struct req q = {.method = "POST"};
	struct strbuf big = STRBUF_INIT, path = STRBUF_INIT;
	struct sockaddr_in a;
	static const char junk[] = "\x00\xff\xfe GARBAGE \r\n\x1b[2J\r\n\r\n";
	long s;
	int fd;

	(void)state;
	/* a body over the limit */
	sb_adds(&big, "{\"id\": \"");
	while (big.len < 2 * 1024 * 1024)
		sb_adds(&big, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	sb_adds(&big, "\"}");
	q.body = big.buf;
	assert_int_equal(status_of("/events", &q), 413);
	sb_release(&big);

	/* a very long path */
	sb_adds(&path, "/ndelius/");
	while (path.len < 100000)
		sb_adds(&path, "abcdefghij/");
	s = status_of(path.buf, NULL);
	assert_true(s >= 400 && s < 500);
	sb_release(&path);

	/* an unknown method, odd bytes in the path */
	q.method = "BREW";
	q.body = NULL;
	assert_int_equal(status_of("/ndelius/health/ping", &q), 405);
	assert_int_equal(status_of("/ndelius/%ff%fe%00x", NULL), 400);

	/* not HTTP at all */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)main_srv.port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
	assert_true(write(fd, junk, sizeof junk - 1) > 0);
	close(fd);

	/* still well */
	assert_int_equal(status_of("/ndelius/health/ping", NULL), 200);
	assert_int_equal(authed_status("/ndelius/probation-case/X320741/details"), 200);
}

static void test_faults_file_at_start(void **state)
{
	struct server s = {0};
	char path[160];
	const char *extra[] = {"--faults", path, NULL};
	char dir[] = "/tmp/ct-fake-faults-XXXXXX";

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/faults.json", dir);
	write_text(path, "[{\"path_prefix\": \"/oasys\", \"status\": 500, \"times\": 1}]", 0600);
	assert_int_equal(start_server(&s, FIXTURES_DIR, extra), 0);
	assert_int_equal(status_to(s.port, "/oasys/health/ping", NULL), 500);
	assert_int_equal(status_to(s.port, "/oasys/health/ping", NULL), 200);
	assert_int_equal(stop_server(&s), 0);
	unlink(path);
	rmdir(dir);

	/* a bad file stops the start with exit status 2 */
	{
		struct server b = {0};
		int st;
		char bad[160];
		const char *extra2[] = {"--faults", bad, NULL};
		char dir2[] = "/tmp/ct-fake-faults-XXXXXX";

		assert_non_null(mkdtemp(dir2));
		snprintf(bad, sizeof bad, "%s/faults.json", dir2);
		write_text(bad, "{\"latency_ms\": \"soon\"}", 0600);
		assert_int_not_equal(start_server(&b, FIXTURES_DIR, extra2), 0);
		assert_int_equal(waitpid(b.pid, &st, 0), b.pid);
		assert_true(WIFEXITED(st));
		assert_int_equal(WEXITSTATUS(st), 2);
		unlink(bad);
		rmdir(dir2);
		snprintf(bad, sizeof bad, "%s/secret", b.dir);
		unlink(bad);
		rmdir(b.dir);
	}
}

/* SIGTERM while a request hangs: the server closes it and exits 0. */
static void test_sigterm_ends_hangs(void **state)
{
	struct server s = {0};
	struct hang_arg a = {.timeout_ms = 20000};
	struct req q = {.method = "POST", .body = "{\"hang\": true}"};
	pthread_t th;
	double t0;

	(void)state;
	assert_int_equal(start_server(&s, FIXTURES_DIR, NULL), 0);
	assert_int_equal(status_to(s.port, "/_control/faults", &q), 201);
	a.port = s.port;
	assert_int_equal(pthread_create(&th, NULL, hang_thread, &a), 0);
	sleep_ms(300);
	t0 = now();
	assert_int_equal(stop_server(&s), 0);
	assert_true(now() - t0 < 3.0);
	pthread_join(th, NULL);
	assert_int_not_equal(a.r.rc, CURLE_OPERATION_TIMEDOUT);
	assert_true(a.seconds < 5.0);
	resp_release(&a.r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_ping_needs_no_token, each_setup),
		cmocka_unit_test_setup(test_token_flow, each_setup),
		cmocka_unit_test_setup(test_details_x320741, each_setup),
		cmocka_unit_test_setup(test_summaries, each_setup),
		cmocka_unit_test_setup(test_unknown_person, each_setup),
		cmocka_unit_test_setup(test_no_oasys_is_404_on_oasys_only, each_setup),
		cmocka_unit_test_setup(test_bad_crn_and_traversal, each_setup),
		cmocka_unit_test_setup(test_symlinked_fixture_is_not_followed, each_setup),
		cmocka_unit_test_setup(test_fault_latency, each_setup),
		cmocka_unit_test_setup(test_fault_status, each_setup),
		cmocka_unit_test_setup(test_fault_hang, each_setup),
		cmocka_unit_test_setup(test_fault_malformed_json, each_setup),
		cmocka_unit_test_setup(test_fault_content_type, each_setup),
		cmocka_unit_test_setup(test_fault_times_and_request_log, each_setup),
		cmocka_unit_test_setup(test_fault_bodies_checked, each_setup),
		cmocka_unit_test_setup(test_events, each_setup),
		cmocka_unit_test_setup(test_hostile_requests, each_setup),
		cmocka_unit_test_setup(test_faults_file_at_start, each_setup),
		cmocka_unit_test_setup(test_sigterm_ends_hangs, each_setup),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
