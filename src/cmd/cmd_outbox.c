/* cmd_outbox.c: `caseterm outbox send|status`: deliver events to nDelius. */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd/cmd.h"
#include "db/db.h"
#include "events/events.h"
#include "store/outbox_store.h"

static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static int usage(void)
{
	fputs("usage: caseterm outbox send [--once] [--batch N]\n"
	      "       caseterm outbox status\n", stderr);
	return 2;
}

static int outbox_status(PGconn *db)
{
	struct strbuf err = STRBUF_INIT;
	struct outbox_status st;

	if (outbox_get_status(db, &st, &err) != CT_OK) {
		fprintf(stderr, "caseterm: %s\n", err.buf);
		sb_release(&err);
		return ct_status_exit_code(CT_DB);
	}
	printf("pending %ld\nfailing %ld\noldest_pending_s %ld\nsent %ld\n", st.pending,
	       st.failing, st.oldest_age_s, st.sent);
	sb_release(&err);
	return 0;
}

static int outbox_send(const struct ct_config *cfg, PGconn *db, bool once, int batch)
{
	struct strbuf err = STRBUF_INIT;
	struct outbox_round round;
	struct sigaction sa;
	long total_sent = 0, total_failed = 0;
	int rc = 0;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	while (!stop_requested) {
		if (outbox_send_round(cfg, db, batch, &round, &err) != CT_OK) {
			fprintf(stderr, "caseterm: outbox: %s\n", err.buf);
			rc = ct_status_exit_code(CT_DB);
			break;
		}
		total_sent += round.sent;
		total_failed += round.failed;
		if (once && round.sent + round.failed < batch)
			break;
		if (round.sent + round.failed == 0 || round.failed) {
			struct timespec ts = {1, 0};

			if (once)
				break;
			nanosleep(&ts, NULL);
		}
	}
	printf("sent %ld, failed %ld\n", total_sent, total_failed);
	sb_release(&err);
	if (rc == 0 && total_failed)
		rc = 1;
	return rc;
}

int cmd_outbox(const struct ct_config *cfg, int argc, char **argv)
{
	struct strbuf err = STRBUF_INIT;
	bool once = false;
	int batch = 50, i, rc;
	PGconn *db;

	if (argc < 2)
		return usage();
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--once")) {
			once = true;
		} else if (!strcmp(argv[i], "--batch") && i + 1 < argc) {
			char *end;
			long v = strtol(argv[++i], &end, 10);

			if (*end || v < 1 || v > 10000) {
				fputs("caseterm: --batch takes a number from 1 to 10000\n", stderr);
				return 2;
			}
			batch = (int)v;
		} else {
			return usage();
		}
	}
	if (strcmp(argv[1], "send") && strcmp(argv[1], "status"))
		return usage();
	db = db_connect(cfg, &err);
	if (!db) {
		fprintf(stderr, "caseterm: cannot connect to the database: %s\n", err.buf);
		sb_release(&err);
		return ct_status_exit_code(CT_DB);
	}
	rc = !strcmp(argv[1], "status") ? outbox_status(db) : outbox_send(cfg, db, once, batch);
	PQfinish(db);
	sb_release(&err);
	return rc;
}
