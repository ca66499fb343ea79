/* cas3_fixture.h: a database with CAS3 staff, PDUs, premises and bedspaces for the cas3 db suites. */
#ifndef CASETERM_CAS3_FIXTURE_H
#define CASETERM_CAS3_FIXTURE_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "util/strbuf.h"

/* The suite's database and its members of staff (login role names). */
struct fx {
	const char *db;
	char hpt_k[64];    /* HPT assessor, region K */
	char hpt_l[64];    /* HPT assessor, region L */
	char pp_k[64];     /* practitioner, region K */
	char pp_l[64];     /* practitioner, region L */
	char admin[64];
	char reporter[64];
};

extern struct fx fx;

/* PDUs the fixture adds: two in K, one in L. */
#define FX_PDU_K1 "fx-k1"
#define FX_PDU_K2 "fx-k2"
#define FX_PDU_L1 "fx-l1"

/* Creates and migrates the database, the staff and the PDUs.  0 or -1. */
int fx_setup(const char *tag);
/* Drops the database and the roles. */
void fx_teardown(void);

/* Connects as role (NULL: the owner); aborts the test when it cannot. */
PGconn *fx_connect(const char *role);

/* Runs printf-formatted SQL as c; returns the first value (free it) or NULL.
 * For fixture values only (uuids, dates, constants): never user text. */
char *fx_sql(PGconn *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Like fx_sql for a number (-1 on error or no row). */
long fx_num(PGconn *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Runs printf-formatted SQL; true when it succeeded. */
bool fx_ok(PGconn *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Premises (as the owner) in pdu with a turnaround and characteristics
 * (comma-separated property names, may be ""): returns the new id. */
char *fx_premises(PGconn *owner, const char *name, const char *pdu, int turnaround,
		  const char *keys);
/* A bedspace open from start, with characteristics: returns the new id. */
char *fx_bedspace(PGconn *owner, const char *premises, const char *ref, const char *start,
		  const char *keys);

/* today + days as YYYY-MM-DD in buf (16 bytes), using the database's date. */
const char *fx_day(PGconn *c, int days, char buf[16]);

#endif
