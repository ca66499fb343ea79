/* dbtest.h: helpers for cmocka suites that run against the private cluster.
 *
 * Each suite makes its own database (so suites run in parallel) from the
 * libpq environment tools/test sets (PGHOST, PGUSER=postgres), migrates it
 * with the real migrations runner, and drops it at the end. */
#ifndef CASETERM_DBTEST_H
#define CASETERM_DBTEST_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "config/config.h"

/* Exit status meson reads as "skipped". */
#define DBTEST_SKIP 77

/* True when a test cluster is reachable (PGHOST set). */
bool dbtest_available(void);

/* Creates database ct_<tag>_<pid> and returns its name (static buffer). */
const char *dbtest_create_db(const char *tag);
/* Applies all migrations to dbname as the owner; aborts the test on failure. */
void dbtest_migrate(const char *dbname);
/* Connects to dbname as role (NULL = the owner from PGUSER). */
PGconn *dbtest_connect(const char *dbname, const char *role);
/* Drops the database (after closing connections to it). */
void dbtest_drop_db(const char *dbname);

/* A login role unique to this process: "<base>_<pid>" (static buffer per call
 * slot; copy it if you need more than 4 at once). */
const char *dbtest_role_name(const char *base);
/* Creates the login role (member of caseterm_<role>) and its staff row.
 * region and provider may be NULL.  Returns 0 or -1. */
int dbtest_add_staff(PGconn *owner, const char *username, const char *role,
		     const char *display_name, const char *region, const char *provider);
/* Drops the login roles this process made. */
void dbtest_drop_roles(void);

/* Runs sql (no parameters) and returns the first value as a new string, or
 * NULL on error or no rows.  For assertions only. */
char *dbtest_value(PGconn *c, const char *sql);
/* Runs sql and returns true when it succeeded. */
bool dbtest_ok(PGconn *c, const char *sql);

/* Runs a whole SQL file (e.g. demo data) as one script; fails the test on
 * any error, naming the file. */
void dbtest_run_file(PGconn *c, const char *path);
/* Fails the test unless sql's first value is want, showing both. */
void dbtest_assert_value(PGconn *c, const char *sql, const char *want);

/* A config pointing at dbname as the owner (release with config_release). */
void dbtest_config(struct ct_config *cfg, const char *dbname);

#endif
