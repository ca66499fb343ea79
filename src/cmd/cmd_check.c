/* cmd_check.c: `caseterm check`, one line per part, for support engineers. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd/cmd.h"
#include "db/db.h"
#include "lookup/http.h"

static void line(bool ok, const char *part, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void line(bool ok, const char *part, const char *fmt, ...)
{
	va_list ap;

	printf("%-8s %-9s ", ok ? "ok" : "FAIL", part);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static bool check_ping(const struct ct_config *cfg, const char *part, const char *base)
{
	struct http_response resp;
	struct strbuf url = STRBUF_INIT, err = STRBUF_INIT;
	bool ok = false;

	http_response_init(&resp);
	sb_addf(&url, "%s/health/ping", base);
	if (http_get(cfg, url.buf, NULL, &resp, &err))
		line(false, part, "%s: %s", base, err.buf);
	else if (resp.status != 200)
		line(false, part, "%s answered HTTP %ld", base, resp.status);
	else {
		line(true, part, "%s (%.0f ms)", base, resp.seconds * 1000);
		ok = true;
	}
	http_response_release(&resp);
	sb_release(&url);
	sb_release(&err);
	return ok;
}

static bool check_auth(const struct ct_config *cfg)
{
	struct http_response resp;
	struct strbuf err = STRBUF_INIT;
	char *secret = config_client_secret(cfg, &err);
	json_t *doc = NULL, *tok;
	bool ok = false;

	http_response_init(&resp);
	if (!secret) {
		line(false, "auth", "%s", err.buf);
		goto out;
	}
	if (http_post_form(cfg, cfg->auth_token_url, cfg->client_id, secret,
			   "grant_type=client_credentials", &resp, &err)) {
		line(false, "auth", "%s: %s", cfg->auth_token_url, err.buf);
		goto out;
	}
	if (resp.status != 200) {
		line(false, "auth", "%s answered HTTP %ld", cfg->auth_token_url, resp.status);
		goto out;
	}
	doc = json_loadb(resp.body.buf, resp.body.len, 0, NULL);
	tok = json_object_get(doc, "access_token");
	if (!json_is_string(tok) || !json_string_length(tok)) {
		line(false, "auth", "%s gave no access_token", cfg->auth_token_url);
		goto out;
	}
	line(true, "auth", "token for client '%s' (%.0f ms)", cfg->client_id, resp.seconds * 1000);
	ok = true;
out:
	json_decref(doc);
	if (secret) {
		explicit_bzero(secret, strlen(secret));
		free(secret);
	}
	http_response_release(&resp);
	sb_release(&err);
	return ok;
}

static bool check_db(const struct ct_config *cfg)
{
	struct strbuf err = STRBUF_INIT;
	PGresult *r = NULL;
	char ver[32];
	int level = 0;
	bool ok = false;
	PGconn *db = db_connect(cfg, &err);

	if (!db) {
		line(false, "database", "%s", err.buf);
		line(false, "outbox", "unknown: no database");
		sb_release(&err);
		return false;
	}
	if (db_schema_level(db, &level, &err)) {
		line(false, "database", "%s", err.buf);
	} else if (level != db_schema_known()) {
		line(false, "database", "PostgreSQL %s, schema at %d but this caseterm needs %d: %s",
		     db_server_version(db, ver), level, db_schema_known(),
		     level < db_schema_known() ? "run caseterm migrate" : "install a newer caseterm");
	} else {
		line(true, "database", "PostgreSQL %s, database %s, schema at %d", db_server_version(db, ver),
		     PQdb(db), level);
		ok = true;
	}
	sb_reset(&err);
	if (level > 0)
		r = db_query(db,
			"SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at))::bigint, 0)"
			" FROM outbox WHERE sent_at IS NULL", 0, NULL, &err, NULL);
	if (!r) {
		line(false, "outbox", "%s", err.len ? err.buf : "no schema");
		ok = false;
	} else {
		long n = atol(PQgetvalue(r, 0, 0)), age = atol(PQgetvalue(r, 0, 1));
		/* a backlog older than 15 minutes means the sender is not running */
		bool fresh = n == 0 || age < 900;

		line(fresh, "outbox", "%ld event%s waiting%s", n, n == 1 ? "" : "s",
		     n && !fresh ? " for more than 15 minutes: is `caseterm outbox send` running?" : "");
		ok = ok && fresh;
		PQclear(r);
	}
	PQfinish(db);
	sb_release(&err);
	return ok;
}

int cmd_check(const struct ct_config *cfg, int argc, char **argv)
{
	bool ok = true;

	(void)argv;
	if (argc > 1) {
		fputs("caseterm: check takes no arguments\n", stderr);
		return 2;
	}
	line(true, "config", "%s", cfg->path ? cfg->path : "built-in defaults");
	ok &= check_db(cfg);
	ok &= check_ping(cfg, "ndelius", cfg->ndelius_url);
	ok &= check_ping(cfg, "oasys", cfg->oasys_url);
	ok &= check_auth(cfg);
	fflush(stdout);
	return ok ? 0 : 1;
}
