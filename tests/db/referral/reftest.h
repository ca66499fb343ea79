/* reftest.h: a migrated database with staff, interventions and a valid referral to send, for the referral suites.
 *
 * Staff (login roles unique to the test process):
 *   pp_a, pp_b     practitioners who send referrals
 *   pp_c           a practitioner with CRN REFTEST_CASELOAD_CRN on their caseload
 *   sp_shelter     supplier of SHELTER; sp_shelter2 a second one
 *   sp_step        supplier of STEPCHANGE_DEBT_CHARITY
 *   sp_none        supplier with no provider
 *   rep, adm       MI reporter, administrator
 * Interventions (fixed ids below):
 *   I_SHELTER  CRS Accommodation, prime SHELTER
 *   I_STEP     CRS Accommodation, prime STEPCHANGE_DEBT_CHARITY
 *   I_SUB      CRS Accommodation, prime CATCH_22_CHARITY_LTD, subcontractor SHELTER
 *   I_PROBATION a structured intervention with no provider */
#ifndef CASETERM_REFTEST_H
#define CASETERM_REFTEST_H

#include <libpq-fe.h>

#include "store/referral_store.h"

#define I_SHELTER   "11111111-0000-4000-8000-000000000001"
#define I_STEP      "11111111-0000-4000-8000-000000000002"
#define I_SUB       "11111111-0000-4000-8000-000000000003"
#define I_PROBATION "11111111-0000-4000-8000-000000000004"

#define REFTEST_CASELOAD_CRN "A000002"

/* Desired outcomes of Accommodation (migration 0002). */
#define OUTCOME_ACC_SECURE  "5d2777b0-c69f-5b60-9e78-3d60aac39c56"
#define OUTCOME_ACC_PREVENT "8b5510e6-6507-56ae-805f-8511b2a33ab8"
#define OUTCOME_ACC_PROGRESS "7cd7e362-caef-5384-8e7e-c1e551e6ff84"
/* An ETE outcome: real, but not an Accommodation one. */
#define OUTCOME_ETE_COMMENCE "23cca484-836d-54c9-9f94-cbf95540fd23"

struct reftest {
	char db[64];
	char pp_a[64], pp_b[64], pp_c[64];
	char sp_shelter[64], sp_shelter2[64], sp_step[64], sp_none[64];
	char rep[64], adm[64];
};

/* Creates and migrates the database, the staff and the interventions.
 * Returns 0, or -1 (the reason on stderr). */
int reftest_setup(struct reftest *t, const char *tag);
void reftest_teardown(struct reftest *t);

/* A connection as role (NULL: the owner); aborts the test when it fails. */
PGconn *reftest_connect(const struct reftest *t, const char *role);

/* A complete, valid referral to intervention_id (an Accommodation contract
 * or, with categories cleared, any) for crn.  The strings are static. */
void reftest_input(struct referral_send_input *in, const char *intervention_id, const char *crn);

/* The first value of sql as a number (-1 on error or no row), or as a new
 * string (free it; NULL on error). */
long reftest_num(PGconn *c, const char *sql);
char *reftest_str(PGconn *c, const char *sql);

/* Sends a referral as role and returns its id (a new string) or aborts. */
char *reftest_send(const struct reftest *t, const char *role, const char *intervention_id,
		   const char *crn);

#endif
