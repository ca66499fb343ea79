/* cmd_lookup.c: `caseterm lookup CRN [--json] [--refresh]`: what nDelius and
 * OASys hold for a person, without the TUI, for support engineers.
 * Exit 0 found, 4 not in nDelius, 5 a service unavailable, 2 bad CRN. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "db/db.h"
#include "lookup/lookup.h"
#include "util/sanitize.h"

static int usage(void)
{
	fputs("usage: caseterm lookup CRN [--json] [--refresh]\n", stderr);
	return 2;
}

static void say(const char *text)
{
	char *clean = text_sanitize(text, SAN_SINGLE_LINE);

	fprintf(stderr, "caseterm: %s\n", clean ? clean : "(out of memory)");
	free(clean);
}

int cmd_lookup(const struct ct_config *cfg, int argc, char **argv)
{
	struct strbuf err = STRBUF_INIT, text = STRBUF_INIT;
	struct lookup_client *client = NULL;
	struct person_lookup *p = NULL;
	const char *crn = NULL;
	bool json = false, refresh = false;
	enum ct_status st;
	PGconn *db = NULL;
	char norm[8];
	int i, rc;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = true;
		else if (!strcmp(argv[i], "--refresh"))
			refresh = true;
		else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs("usage: caseterm lookup CRN [--json] [--refresh]\n"
			      "Shows what nDelius and OASys hold for the person with this CRN.\n"
			      "  --json     normalised JSON instead of labelled text\n"
			      "  --refresh  ask both services even when the cache is fresh\n"
			      "Exit status: 0 found, 2 CRN not valid, 3 database unavailable,\n"
			      "4 no such person in nDelius, 5 nDelius or OASys unavailable.\n",
			      stdout);
			return 0;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "caseterm: lookup: option '%s' is not known\n", argv[i]);
			return usage();
		} else if (!crn) {
			crn = argv[i];
		} else {
			return usage();
		}
	}
	if (!crn)
		return usage();
	if (!lookup_crn_normalise(crn, norm)) {
		fprintf(stderr, "caseterm: %s\n", LOOKUP_CRN_FORMAT_MESSAGE);
		return ct_status_exit_code(CT_USAGE);
	}
	/* the database holds the cache and, above all, the audit of risk reads */
	db = db_connect(cfg, &err);
	if (!db) {
		fprintf(stderr, "caseterm: cannot connect to the database: %s\n", err.buf);
		sb_release(&err);
		return ct_status_exit_code(CT_DB);
	}
	client = lookup_client_new(cfg, &err);
	if (!client) {
		rc = ct_status_exit_code(CT_NOMEM);
		goto out;
	}
	st = lookup_person(client, db, norm, refresh ? LOOKUP_REFRESH : 0, &p, &err);
	if (st != CT_OK) {
		fprintf(stderr, "caseterm: %s\n", err.buf);
		rc = ct_status_exit_code(st);
		goto out;
	}
	if (json) {
		char *s = lookup_person_json(p, isatty(STDOUT_FILENO));

		if (!s) {
			rc = ct_status_exit_code(CT_NOMEM);
			goto out;
		}
		puts(s);
		free(s);
	} else {
		if (lookup_person_describe(p, &text)) {
			rc = ct_status_exit_code(CT_NOMEM);
			goto out;
		}
		fputs(text.buf, stdout);
	}
	fflush(stdout);
	st = lookup_person_status(p);
	if (st == CT_NOT_FOUND) {
		sb_reset(&err);
		sb_addf(&err, "No person with CRN %s in nDelius", p->crn);
		say(err.buf);
	} else if (st == CT_UPSTREAM) {
		for (i = 0; i < LOOKUP_SERVICE_COUNT; i++)
			if (p->service[i].reason && (p->service[i].outcome == LOOKUP_UNAVAILABLE ||
						     p->service[i].outcome == LOOKUP_MALFORMED))
				say(p->service[i].reason);
	}
	rc = ct_status_exit_code(st);
out:
	person_lookup_free(&p);
	lookup_client_free(&client);
	if (db)
		PQfinish(db);
	sb_release(&err);
	sb_release(&text);
	return rc;
}
