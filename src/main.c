/* main.c: argument parsing, subcommands, and the start of the TUI.
 * The only file that ends the program. */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build_config.h"
#include "config/config.h"
#include "db/db.h"
#include "lookup/http.h"
#include "ui/ui.h"
#include "util/log.h"
#include "util/status.h"

#include "cmd/cmd.h"

static void usage(FILE *out)
{
	fputs("Usage: caseterm [OPTION]... [COMMAND [ARG]...]\n"
	      "Referrals, interventions and accommodation for the Probation Service.\n"
	      "\n"
	      "With no COMMAND, opens the terminal interface signed in as the database\n"
	      "login (PGUSER or database.conninfo).\n"
	      "\n"
	      "Commands:\n"
	      "  check          one line each for config, database, nDelius, OASys, Auth\n"
	      "                 and the outbox; exit 0 only when all are healthy\n"
	      "  migrate        apply pending database migrations\n"
	      "  outbox send [--once] [--batch N]\n"
	      "                 deliver pending events to nDelius\n"
	      "  outbox status  count pending, failing and sent events\n"
	      "  lookup CRN [--json] [--refresh]\n"
	      "                 what nDelius and OASys hold for a person\n"
	      "  forms check [DIR|FILE]...\n"
	      "                 validate form definitions (file:line:column: message)\n"
	      "  catalogue import FILE...\n"
	      "                 load find-and-refer catalogue entries (idempotent)\n"
	      "  catalogue list list the catalogue entries loaded\n"
	      "  report NAME [--region R] --from D --to D [--csv]\n"
	      "                 a CAS3 report (referrals, bookings, bed-usage, bed-occupancy,\n"
	      "                 future-bookings, booking-gaps) over at most 6 months\n"
	      "  form ID [SUBJECT]\n"
	      "                 open the terminal interface on the form forms/ID.yaml\n"
	      "                 (about SUBJECT, e.g. a CRN), resuming your draft of it\n"
	      "\n"
	      "Options:\n"
	      "  -c, --config FILE  read configuration from FILE\n"
	      "      --linear       one field per line, for screen readers\n"
	      "  -h, --help         show this help and exit\n"
	      "  -V, --version      show the version and exit\n"
	      "\n"
	      "Exit status: 0 ok, 1 failure, 2 usage or configuration error,\n"
	      "3 database unavailable, 4 not found, 5 upstream unavailable,\n"
	      "6 database schema newer than this program.\n"
	      "See caseterm(1).\n", out);
}

static int fail(enum ct_status st, const char *what, const struct strbuf *err)
{
	fprintf(stderr, "caseterm: %s%s%s\n", what ? what : "", what && err->len ? ": " : "",
		err->buf);
	return ct_status_exit_code(st);
}

static int run_tui(const struct ct_config *cfg, bool linear, const char *form_id,
		   const char *form_subject)
{
	struct ui_options opt = {.linear = linear || cfg->linear,
				 .no_color = getenv("NO_COLOR") != NULL,
				 .form_id = form_id,
				 .form_subject = form_subject};
	struct strbuf err = STRBUF_INIT;
	enum ct_status st;
	PGconn *db;
	int applied, level, rc;

	db = db_connect(cfg, &err);
	if (!db) {
		rc = fail(CT_DB, "cannot connect to the database", &err);
		sb_release(&err);
		return rc;
	}
	if (db_schema_level(db, &level, &err) == 0 && level != db_schema_known()) {
		st = db_migrate(db, &applied, &err);
		if (st != CT_OK) {
			rc = fail(st, st == CT_SCHEMA ? NULL : "cannot bring the database schema up to date",
				  &err);
			PQfinish(db);
			sb_release(&err);
			return rc;
		}
	}
	sb_reset(&err);
	rc = ui_run(cfg, db, &opt, &err);
	PQfinish(db);
	if (err.len)
		fprintf(stderr, "caseterm: %s\n", err.buf);
	sb_release(&err);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"config", required_argument, NULL, 'c'},
		{"linear", no_argument, NULL, 'L'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	struct ct_config cfg;
	struct strbuf err = STRBUF_INIT;
	const char *config_path = NULL, *cmd;
	bool linear = false;
	enum ct_status st;
	int c, rc;

	setlocale(LC_ALL, "");
	opterr = 0;
	/* '+': stop at the first command word so commands keep their own options */
	while ((c = getopt_long(argc, argv, "+c:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			config_path = optarg;
			break;
		case 'L':
			linear = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("caseterm %s\n", CASETERM_VERSION_STR);
			return 0;
		default:
			if (optopt)
				fprintf(stderr, "caseterm: option -%c %s\n", optopt,
					strchr("c", optopt) ? "needs an argument" : "is not known");
			else
				fprintf(stderr, "caseterm: option '%s' is not known\n", argv[optind - 1]);
			fputs("Try 'caseterm --help'.\n", stderr);
			return 2;
		}
	}
	st = config_load(config_path, &cfg, &err);
	if (st != CT_OK) {
		rc = fail(st, NULL, &err);
		sb_release(&err);
		return rc;
	}
	if (cfg.log_file[0] && log_open(cfg.log_file))
		fprintf(stderr, "caseterm: cannot open the log %s; going on without it\n", cfg.log_file);
	if (http_global_init()) {
		fputs("caseterm: cannot initialise libcurl\n", stderr);
		config_release(&cfg);
		return 1;
	}
	cmd = optind < argc ? argv[optind] : NULL;
	if (!cmd)
		rc = run_tui(&cfg, linear, NULL, NULL);
	else if (!strcmp(cmd, "form") && (argc - optind == 2 || argc - optind == 3))
		rc = run_tui(&cfg, linear, argv[optind + 1], argc - optind == 3 ? argv[optind + 2] : NULL);
	else if (!strcmp(cmd, "form")) {
		fputs("Usage: caseterm [--linear] form ID [SUBJECT]\n", stderr);
		rc = 2;
	} else
		rc = cmd_dispatch(&cfg, cmd, argc - optind, argv + optind);
	http_global_cleanup();
	log_close();
	config_release(&cfg);
	sb_release(&err);
	return rc;
}
