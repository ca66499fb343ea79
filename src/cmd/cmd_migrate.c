/* cmd_migrate.c: `caseterm migrate`. */
#include <stdio.h>

#include "cmd/cmd.h"
#include "db/db.h"

int cmd_migrate(const struct ct_config *cfg, int argc, char **argv)
{
	struct strbuf err = STRBUF_INIT;
	enum ct_status st;
	int applied = 0, level = 0, rc;
	PGconn *db;

	(void)argv;
	if (argc > 1) {
		fputs("caseterm: migrate takes no arguments\n", stderr);
		return 2;
	}
	db = db_connect(cfg, &err);
	if (!db) {
		fprintf(stderr, "caseterm: cannot connect to the database: %s\n", err.buf);
		sb_release(&err);
		return ct_status_exit_code(CT_DB);
	}
	st = db_migrate(db, &applied, &err);
	if (st == CT_OK && db_schema_level(db, &level, &err) == 0) {
		printf("schema at version %d (%d migration%s applied)\n", level, applied,
		       applied == 1 ? "" : "s");
		rc = 0;
	} else {
		fprintf(stderr, "caseterm: %s\n", err.buf);
		rc = ct_status_exit_code(st == CT_OK ? CT_DB : st);
	}
	PQfinish(db);
	sb_release(&err);
	return rc;
}
