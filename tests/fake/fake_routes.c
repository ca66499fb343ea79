/* fake_routes.c: what each path of the fake upstream answers (Auth, nDelius, OASys, events, control). */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fake.h"

#define MAX_SEGMENTS 12

static const char JSON_TYPE[] = "application/json";

/* ---- replies ---------------------------------------------------------- */

void reply_json(struct reply *r, int status, json_t *doc)
{
	char *s = doc ? json_dumps(doc, JSON_COMPACT) : NULL;

	json_decref(doc);
	sb_reset(&r->body);
	r->status = status;
	r->content_type = JSON_TYPE;
	if (!s) {
		r->status = 500;
		sb_adds(&r->body, "{\"status\":500,\"userMessage\":\"out of memory\"}");
		return;
	}
	sb_adds(&r->body, s);
	free(s);
}

/* The HMPPS error shape: {status, errorCode, userMessage, developerMessage}. */
void reply_error(struct reply *r, int status, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;
	json_t *text;

	va_start(ap, fmt);
	sb_vaddf(&msg, fmt, ap);
	va_end(ap);
	text = fake_json_text(msg.buf, msg.len);
	reply_json(r, status, json_pack("{s:i, s:n, s:O, s:O, s:n}", "status", status, "errorCode",
					"userMessage", text, "developerMessage", text, "moreInfo"));
	json_decref(text);
	sb_release(&msg);
}

bool fake_crn_ok(const char *crn)
{
	int i;

	if (strlen(crn) != 7 || crn[0] < 'A' || crn[0] > 'Z')
		return false;
	for (i = 1; i < 7; i++)
		if (crn[i] < '0' || crn[i] > '9')
			return false;
	return true;
}

/* Reads a fixture file without following a symbolic link at its end, up to
 * FAKE_MAX_FIXTURE bytes.  Returns 0, or -1 with errno (ENOENT: not there). */
static int read_fixture(const char *path, struct strbuf *out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct stat st;
	char buf[16384];
	ssize_t n;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size > FAKE_MAX_FIXTURE) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || sb_add(out, buf, (size_t)n) || out->len > FAKE_MAX_FIXTURE) {
			close(fd);
			errno = EIO;
			return -1;
		}
	}
	close(fd);
	return 0;
}

static bool person_known(struct fake *f, const char *crn)
{
	struct strbuf path = STRBUF_INIT;
	struct stat st;
	bool ok;

	sb_addf(&path, "%s/people/%s/ndelius-details.json", f->fixtures, crn);
	ok = lstat(path.buf, &st) == 0 && S_ISREG(st.st_mode);
	sb_release(&path);
	return ok;
}

void reply_fixture(struct fake *f, struct reply *r, const char *crn, const char *name,
		   const char *missing_message)
{
	struct strbuf path = STRBUF_INIT;

	if (!fake_crn_ok(crn)) { /* never build a path from anything else */
		reply_error(r, 400, "'%s' is not a CRN (one capital letter and six digits)", crn);
		return;
	}
	if (!person_known(f, crn)) {
		reply_error(r, 404, "Person with crn of %s not found", crn);
		return;
	}
	sb_addf(&path, "%s/people/%s/%s", f->fixtures, crn, name);
	sb_reset(&r->body);
	if (read_fixture(path.buf, &r->body)) {
		int e = errno;

		sb_reset(&r->body);
		if (e == ENOENT)
			reply_error(r, 404, "%s for crn %s", missing_message, crn);
		else
			reply_error(r, 500, "cannot read the fixture %s for crn %s", name, crn);
	} else {
		r->status = 200;
		r->content_type = JSON_TYPE;
	}
	sb_release(&path);
}

/* Parses the fixture of crn as JSON; NULL when it is absent or broken. */
static json_t *load_fixture(struct fake *f, const char *crn, const char *name)
{
	struct strbuf path = STRBUF_INIT, body = STRBUF_INIT;
	json_t *doc = NULL;

	sb_addf(&path, "%s/people/%s/%s", f->fixtures, crn, name);
	if (fake_crn_ok(crn) && !read_fixture(path.buf, &body))
		doc = json_loadb(body.buf, body.len, 0, NULL);
	sb_release(&path);
	sb_release(&body);
	return doc;
}

/* ---- paths ------------------------------------------------------------ */

struct segments {
	char *copy;
	const char *s[MAX_SEGMENTS];
	size_t n;
	bool too_many;
};

static int split_path(const char *url, struct segments *sg)
{
	char *p, *save = NULL;

	memset(sg, 0, sizeof *sg);
	sg->copy = strdup(url);
	if (!sg->copy)
		return -1;
	for (p = strtok_r(sg->copy, "/", &save); p; p = strtok_r(NULL, "/", &save)) {
		if (sg->n == MAX_SEGMENTS) {
			sg->too_many = true;
			break;
		}
		sg->s[sg->n++] = p;
	}
	return 0;
}

static bool seg_is(const struct segments *sg, size_t i, const char *want)
{
	return i < sg->n && !strcmp(sg->s[i], want);
}

static bool is_get(const char *method)
{
	return !strcmp(method, "GET") || !strcmp(method, "HEAD");
}

/* ---- Auth ------------------------------------------------------------- */

static bool same_secret(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i;
	unsigned char d = la != lb;

	for (i = 0; i < la && i < lb; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0;
}

/* True when the form body (or the query) says grant_type=client_credentials. */
static bool client_credentials_grant(struct MHD_Connection *conn, const struct strbuf *body)
{
	const char *q = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "grant_type");
	const char *p = body->buf, *end = body->buf + body->len;
	static const char want[] = "grant_type=client_credentials";

	if (q && !strcmp(q, "client_credentials"))
		return true;
	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		size_t n = (size_t)((amp ? amp : end) - p);

		if (n == sizeof want - 1 && !memcmp(p, want, n))
			return true;
		p += n + 1;
	}
	return false;
}

static void route_auth(struct fake *f, struct MHD_Connection *conn, const char *method,
		       struct request *req, struct reply *r)
{
	char *pass = NULL, *user;
	char token[FAKE_TOKEN_LEN + 1];
	bool ok;

	if (strcmp(method, "POST")) {
		reply_error(r, 405, "use POST");
		return;
	}
	user = MHD_basic_auth_get_username_password(conn, &pass);
	ok = user && pass && same_secret(user, f->client_id) && same_secret(pass, f->client_secret);
	if (user)
		MHD_free(user);
	if (pass) {
		memset(pass, 0, strlen(pass));
		MHD_free(pass);
	}
	if (!ok) {
		reply_json(r, 401, json_pack("{s:s, s:s}", "error", "unauthorized", "error_description",
					     "Bad client credentials"));
		return;
	}
	if (!client_credentials_grant(conn, &req->body)) {
		reply_json(r, 400, json_pack("{s:s, s:s}", "error", "unsupported_grant_type",
					     "error_description", "grant_type must be client_credentials"));
		return;
	}
	if (fake_token_issue(f, token)) {
		reply_error(r, 500, "could not make a token");
		return;
	}
	reply_json(r, 200, json_pack("{s:s, s:s, s:I, s:s, s:s, s:s}", "access_token", token,
				     "token_type", "bearer", "expires_in", (json_int_t)f->token_ttl_s,
				     "scope", "read", "sub", f->client_id, "auth_source", "none"));
}

/* True when the request carries a bearer token this server issued. */
static bool bearer_ok(struct fake *f, struct MHD_Connection *conn)
{
	const char *h = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);

	if (!h || strncasecmp(h, "Bearer ", 7))
		return false;
	h += 7;
	while (*h == ' ')
		h++;
	return fake_token_valid(f, h);
}

/* ---- nDelius ---------------------------------------------------------- */

/* GET /probation-case/{crn}/convictions/{id}: one conviction with its case. */
static void conviction_by_id(struct fake *f, const char *crn, const char *id, struct reply *r)
{
	json_t *doc, *list, *c, *found = NULL;
	size_t i;
	char *end;
	long long want;

	if (!fake_crn_ok(crn) || !person_known(f, crn)) {
		reply_fixture(f, r, crn, "ndelius-convictions.json", "No convictions");
		return;
	}
	errno = 0;
	want = strtoll(id, &end, 10);
	if (errno || *end || end == id) {
		reply_error(r, 400, "'%s' is not a conviction id", id);
		return;
	}
	doc = load_fixture(f, crn, "ndelius-convictions.json");
	list = json_object_get(doc, "convictions");
	json_array_foreach(list, i, c)
		if (json_integer_value(json_object_get(c, "id")) == want)
			found = c;
	if (!found)
		reply_error(r, 404, "Conviction with id %s not found for crn %s", id, crn);
	else
		reply_json(r, 200, json_pack("{s:O, s:O}", "caseDetail", json_object_get(doc, "caseDetail"),
					     "conviction", found));
	json_decref(doc);
}

/* GET /probation-case/{crn}/identifiers */
static void identifiers(struct fake *f, const char *crn, struct reply *r)
{
	json_t *doc, *noms;

	if (!fake_crn_ok(crn) || !person_known(f, crn)) {
		reply_fixture(f, r, crn, "ndelius-details.json", "No identifiers");
		return;
	}
	doc = load_fixture(f, crn, "ndelius-ap-details.json");
	noms = json_object_get(json_object_get(doc, "case"), "nomsId");
	reply_json(r, 200, json_pack("{s:s, s:O}", "crn", crn, "nomsId", noms ? noms : json_null()));
	json_decref(doc);
}

/* GET or POST /probation-cases/summaries with a JSON array of CRNs. */
static void summaries(struct fake *f, struct request *req, struct reply *r)
{
	json_t *crns = json_loadb(req->body.buf, req->body.len, 0, NULL), *cases = json_array(), *v;
	size_t i;

	if (!json_is_array(crns) || json_array_size(crns) < 1 || json_array_size(crns) > 500) {
		reply_error(r, 400, "the body must be a JSON array of 1 to 500 CRNs");
		goto out;
	}
	json_array_foreach(crns, i, v) {
		json_t *doc;

		if (!json_is_string(v) || !fake_crn_ok(json_string_value(v)))
			continue;
		doc = load_fixture(f, json_string_value(v), "ndelius-ap-details.json");
		if (json_object_get(doc, "case"))
			json_array_append(cases, json_object_get(doc, "case"));
		json_decref(doc);
	}
	reply_json(r, 200, json_pack("{s:O}", "cases", cases));
out:
	json_decref(crns);
	json_decref(cases);
}

static void route_ndelius(struct fake *f, const char *method, const struct segments *sg,
			  struct request *req, struct reply *r)
{
	const char *crn = sg->n > 2 ? sg->s[2] : "";

	/* sg->s[0] is "ndelius" */
	if (seg_is(sg, 1, "probation-cases") && seg_is(sg, 2, "summaries") && sg->n == 3) {
		if (is_get(method) || !strcmp(method, "POST"))
			summaries(f, req, r);
		else
			reply_error(r, 405, "use GET or POST");
		return;
	}
	if (!is_get(method)) {
		reply_error(r, 405, "use GET");
		return;
	}
	if (seg_is(sg, 1, "probation-case") && sg->n == 4 && seg_is(sg, 3, "details"))
		reply_fixture(f, r, crn, "ndelius-details.json", "No case details");
	else if (seg_is(sg, 1, "probation-case") && sg->n == 4 && seg_is(sg, 3, "responsible-officer"))
		reply_fixture(f, r, crn, "ndelius-responsible-officer.json", "No responsible officer");
	else if (seg_is(sg, 1, "probation-case") && sg->n == 4 && seg_is(sg, 3, "convictions"))
		reply_fixture(f, r, crn, "ndelius-convictions.json", "No convictions");
	else if (seg_is(sg, 1, "probation-case") && sg->n == 5 && seg_is(sg, 3, "convictions"))
		conviction_by_id(f, crn, sg->s[4], r);
	else if (seg_is(sg, 1, "probation-case") && sg->n == 4 && seg_is(sg, 3, "identifiers"))
		identifiers(f, crn, r);
	else if (seg_is(sg, 1, "probation-cases") && sg->n == 4 && seg_is(sg, 3, "details"))
		reply_fixture(f, r, crn, "ndelius-ap-details.json", "No case details");
	else
		reply_error(r, 404, "No resource found");
}

/* ---- OASys (assess-risks-and-needs) ----------------------------------- */

static void route_oasys(struct fake *f, const char *method, const struct segments *sg,
			struct reply *r)
{
	static const char none[] = "No OASys assessment";

	if (!is_get(method)) {
		reply_error(r, 405, "use GET");
		return;
	}
	/* sg->s[0] is "oasys" */
	if (seg_is(sg, 1, "risks") && seg_is(sg, 2, "crn") && sg->n == 4)
		reply_fixture(f, r, sg->s[3], "oasys-risks.json", none);
	else if (seg_is(sg, 1, "risks") && seg_is(sg, 2, "crn") && sg->n == 5 && seg_is(sg, 4, "summary"))
		reply_fixture(f, r, sg->s[3], "oasys-summary.json", none);
	else if (seg_is(sg, 1, "risks") && seg_is(sg, 2, "crn") && sg->n == 5 &&
		 seg_is(sg, 4, "risk-management-plan"))
		reply_fixture(f, r, sg->s[3], "oasys-rmp.json", none);
	else if (seg_is(sg, 1, "needs") && seg_is(sg, 2, "crn") && sg->n == 4)
		reply_fixture(f, r, sg->s[3], "oasys-needs.json", none);
	else if (seg_is(sg, 1, "risks") && seg_is(sg, 2, "predictors") && seg_is(sg, 3, "all") && sg->n == 6 &&
		 (seg_is(sg, 4, "CRN") || seg_is(sg, 4, "crn")))
		reply_fixture(f, r, sg->s[5], "oasys-predictors.json", none);
	else if (seg_is(sg, 1, "assessments") && seg_is(sg, 2, "pni") && sg->n == 4)
		reply_fixture(f, r, sg->s[3], "oasys-pni.json", none);
	else
		reply_error(r, 404, "No resource found");
}

/* ---- events ----------------------------------------------------------- */

static void route_events(struct fake *f, struct MHD_Connection *conn, const char *method,
			 struct request *req, struct reply *r)
{
	json_t *doc, *idv;
	const char *hdr = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Event-Id");
	struct strbuf id = STRBUF_INIT;
	json_error_t jerr;
	bool dup;

	if (strcmp(method, "POST")) {
		reply_error(r, 405, "use POST");
		return;
	}
	doc = json_loadb(req->body.buf, req->body.len, 0, &jerr);
	if (!doc) {
		reply_error(r, 400, "the body is not JSON: %s", jerr.text);
		return;
	}
	idv = json_object_get(doc, "id");
	if (json_is_string(idv) && json_string_length(idv))
		sb_add(&id, json_string_value(idv), json_string_length(idv));
	else if (json_is_integer(idv))
		sb_addf(&id, "%" JSON_INTEGER_FORMAT, json_integer_value(idv));
	else if (hdr && *hdr)
		sb_adds(&id, hdr);
	if (!id.len) {
		reply_error(r, 400, "the event has no id (member \"id\" or header X-Event-Id)");
	} else {
		dup = fake_event_record(f, id.buf, doc);
		reply_json(r, dup ? 200 : 202, json_pack("{s:s, s:s%}", "status", dup ? "duplicate" : "accepted",
							 "id", id.buf, id.len));
	}
	sb_release(&id);
	json_decref(doc);
}

/* ---- control ---------------------------------------------------------- */

static void route_control(struct fake *f, const char *method, const struct segments *sg,
			  struct request *req, struct reply *r)
{
	const char *what = sg->n == 2 ? sg->s[1] : "";
	json_t *doc;

	if (!strcmp(what, "faults")) {
		if (!strcmp(method, "POST")) {
			struct strbuf err = STRBUF_INIT;
			json_error_t jerr;

			doc = json_loadb(req->body.buf, req->body.len, 0, &jerr);
			if (!doc)
				reply_error(r, 400, "the body is not JSON: %s", jerr.text);
			else if (fake_faults_add(f, doc, &err))
				reply_error(r, 400, "%s", err.buf);
			else
				reply_json(r, 201, json_pack("{s:o}", "faults", fake_faults_json(f)));
			json_decref(doc);
			sb_release(&err);
		} else if (!strcmp(method, "DELETE")) {
			fake_faults_clear(f);
			reply_json(r, 200, json_pack("{s:[]}", "faults"));
		} else if (is_get(method)) {
			reply_json(r, 200, json_pack("{s:o}", "faults", fake_faults_json(f)));
		} else {
			reply_error(r, 405, "use GET, POST or DELETE");
		}
	} else if (!strcmp(what, "requests") || !strcmp(what, "events")) {
		json_t **list = !strcmp(what, "requests") ? &f->requests : &f->events;

		if (is_get(method)) {
			pthread_mutex_lock(&f->lock);
			doc = json_pack("{s:I, s:O}", "count", (json_int_t)json_array_size(*list), what, *list);
			if (doc && list == &f->events)
				json_object_set_new(doc, "unique", json_integer((json_int_t)json_object_size(f->event_ids)));
			/* dump under the lock: the entries change while requests run */
			reply_json(r, 200, doc);
			pthread_mutex_unlock(&f->lock);
		} else if (!strcmp(method, "DELETE")) {
			pthread_mutex_lock(&f->lock);
			json_array_clear(*list);
			if (list == &f->events)
				json_object_clear(f->event_ids);
			pthread_mutex_unlock(&f->lock);
			reply_json(r, 200, json_pack("{s:i}", "count", 0));
		} else {
			reply_error(r, 405, "use GET or DELETE");
		}
	} else if (!strcmp(what, "tokens") && !strcmp(method, "DELETE")) {
		fake_tokens_revoke(f);
		reply_json(r, 200, json_pack("{s:s}", "tokens", "revoked"));
	} else {
		reply_error(r, 404, "control paths: /_control/faults, /_control/requests, "
				    "/_control/events, DELETE /_control/tokens");
	}
}

/* ---- dispatch --------------------------------------------------------- */

void fake_route(struct fake *f, struct MHD_Connection *conn, const char *method, const char *url,
		struct request *req, struct reply *r)
{
	struct segments sg;
	bool ping;

	if (req->too_big) {
		reply_error(r, 413, "the request body is larger than %d bytes", FAKE_MAX_BODY);
		return;
	}
	if (split_path(url, &sg)) {
		reply_error(r, 500, "out of memory");
		return;
	}
	if (sg.too_many) {
		reply_error(r, 404, "No resource found");
		goto out;
	}
	ping = sg.n == 3 && seg_is(&sg, 1, "health") && seg_is(&sg, 2, "ping");
	if (seg_is(&sg, 0, "auth") && seg_is(&sg, 1, "oauth") && seg_is(&sg, 2, "token") && sg.n == 3) {
		route_auth(f, conn, method, req, r);
	} else if ((seg_is(&sg, 0, "ndelius") || seg_is(&sg, 0, "oasys")) && ping) {
		if (is_get(method))
			reply_json(r, 200, json_pack("{s:s}", "status", "UP"));
		else
			reply_error(r, 405, "use GET");
	} else if (seg_is(&sg, 0, "ndelius") || seg_is(&sg, 0, "oasys")) {
		if (!bearer_ok(f, conn))
			reply_error(r, 401, "Unauthorised: a bearer token from HMPPS Auth is needed");
		else if (seg_is(&sg, 0, "ndelius"))
			route_ndelius(f, method, &sg, req, r);
		else
			route_oasys(f, method, &sg, r);
	} else if (seg_is(&sg, 0, "events") && sg.n == 1) {
		route_events(f, conn, method, req, r);
	} else if (seg_is(&sg, 0, "_control")) {
		route_control(f, method, &sg, req, r);
	} else {
		reply_error(r, 404, "No resource found");
	}
out:
	free(sg.copy);
}
