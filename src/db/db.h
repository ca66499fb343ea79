/* db.h: the libpq connection, parameterised queries, and the migrations runner.
 *
 * Every query with a value in it goes through db_query (PQexecParams); the only
 * PQexec is for the compiled-in migration scripts. */
#ifndef CASETERM_DB_H
#define CASETERM_DB_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

#include "config/config.h"
#include "util/status.h"
#include "util/strbuf.h"

/* Connects with cfg->db_conninfo (or libpq's environment when empty).
 * Returns the connection (PQfinish it), or NULL with a message in err. */
PGconn *db_connect(const struct ct_config *cfg, struct strbuf *err);

/* Runs sql with text parameters.  Returns a result with status COMMAND_OK or
 * TUPLES_OK that the caller PQclear()s, or NULL with the server's message in
 * err (and, when sqlstate is given, the 5-character SQLSTATE copied there). */
PGresult *db_query(PGconn *c, const char *sql, int nparams, const char *const *params,
		   struct strbuf *err, char sqlstate[6]);
/* Like db_query for statements whose result is not needed. Returns 0 or -1. */
int db_command(PGconn *c, const char *sql, int nparams, const char *const *params,
	       struct strbuf *err);

/* Copies a result value: a new string the caller frees, or NULL for SQL NULL
 * (and when out of memory). */
char *db_value_dup(const PGresult *r, int row, int col);
/* The same for a struct being filled column by column: sets *oom when a
 * value could not be copied, so one check after all the columns suffices. */
char *db_value_take(const PGresult *r, int row, int col, bool *oom);
/* A boolean column (SQL NULL is false) and integer columns (NULL is 0). */
bool db_value_bool(const PGresult *r, int row, int col);
int db_value_int(const PGresult *r, int row, int col);
long db_value_long(const PGresult *r, int row, int col);

/* Keeps only the server's primary message of what db_query appended to err
 * after position start: "ERROR:  x\nCONTEXT: ..." becomes "x". */
void db_error_tidy(struct strbuf *err, size_t start);
/* The status a store returns for an SQLSTATE: CT_CONFLICT for caseterm's
 * CT409, lock and serialisation failures; CT_NOT_FOUND for P0002; CT_ERR for
 * a refused privilege; CT_USAGE for bad data (classes 22, 23); else CT_DB. */
enum ct_status db_status_from_sqlstate(const char *sqlstate);

/* db_query for the stores: the failure as a status (above), err holding the
 * server's primary message only; sqlstate (may be NULL) keeps the code.
 * db_run_command is the same for statements whose result is not needed. */
enum ct_status db_run(PGconn *c, PGresult **out, const char *sql, int nparams,
		      const char *const *params, struct strbuf *err, char sqlstate[6]);
enum ct_status db_run_command(PGconn *c, const char *sql, int nparams,
			      const char *const *params, struct strbuf *err);
/* A store's own transaction: begin (NULL = "BEGIN") refuses CT_USAGE when
 * one is already open; commit rolls back when it fails; rollback is a no-op
 * outside a transaction. */
enum ct_status db_tx_begin(PGconn *c, const char *begin, struct strbuf *err);
enum ct_status db_tx_commit(PGconn *c, struct strbuf *err);
void db_tx_rollback(PGconn *c);

/* The highest schema version this binary carries. */
int db_schema_known(void);
/* Reads the schema level of the database (0 when no migration ever ran).
 * Returns 0, or -1 with a message in err. */
int db_schema_level(PGconn *c, int *level, struct strbuf *err);
/* Applies pending migrations under pg_advisory_lock, each in its own
 * transaction, recording each in schema_migrations.  *applied gets how many
 * ran.  Returns CT_OK, CT_SCHEMA when the database is newer than the binary,
 * or CT_DB; err says what happened in words. */
enum ct_status db_migrate(PGconn *c, int *applied, struct strbuf *err);

/* The PostgreSQL server version as "15.18". */
const char *db_server_version(PGconn *c, char buf[32]);

#endif
