/* reftest.c: the shared fixture of the referral suites (see reftest.h). */
#include "reftest.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dbtest.h"

static const char *const acc_outcomes[] = {OUTCOME_ACC_SECURE, OUTCOME_ACC_PROGRESS};
static const struct referral_category_input acc_category = {
	"accommodation", "accommodation:medium", acc_outcomes, 2,
};
static const char *const disabilities[] = {"Dyslexia", "Uses a hearing aid"};

void reftest_input(struct referral_send_input *in, const char *intervention_id, const char *crn)
{
	memset(in, 0, sizeof *in);
	in->intervention_id = intervention_id;
	in->crn = crn;
	in->has_relevant_sentence = true;
	in->relevant_sentence_id = 2500295345LL;
	in->person.title = "Mr";
	in->person.first_name = "Aadland";
	in->person.last_name = "Bertrand";
	in->person.date_of_birth = "1987-08-02";
	in->person.gender = "Male";
	in->person.preferred_language = "English";
	in->person.disabilities = disabilities;
	in->person.n_disabilities = 2;
	in->needs.accessibility_needs = "Give extra time for forms.";
	in->needs.needs_interpreter = true;
	in->needs.interpreter_language = "Polish";
	in->location.custody = true;
	in->location.prison_id = "LEI";
	in->location.expected_release_date = "2099-03-01";
	in->details.completion_deadline = "2099-06-30";
	in->details.maximum_enforceable_days = 10;
	in->details.reason_for_referral = "Needs somewhere stable to live on release.";
	in->pp.ndelius_name = "Bob Alice";
	in->pp.ndelius_email_address = "bobalice@example.com";
	in->pp.name = "Anna Clarke";
	in->pp.email_address = "anna.clarke@justice.gov.uk";
	in->pp.phone_number = "01227 000101";
	in->categories = &acc_category;
	in->n_categories = 1;
	in->risk_source = "OASys";
	in->risk_assessed_on = "2024-12-19";
	in->risk[RISK_WHO_IS_AT_RISK].decision = RISK_CONFIRMED;
	in->risk[RISK_WHO_IS_AT_RISK].original = "Original who: staff";
	in->risk[RISK_NATURE_OF_RISK].decision = RISK_EDITED;
	in->risk[RISK_NATURE_OF_RISK].original = "Original nature: victim Jane Doe of 1 High St";
	in->risk[RISK_NATURE_OF_RISK].shared = "Threats and damage to property";
	in->risk[RISK_IMMINENCE].decision = RISK_REMOVED;
	in->risk[RISK_IMMINENCE].original = "Original imminence";
	in->risk[RISK_ADDITIONAL_INFORMATION].decision = RISK_EDITED;
	in->risk[RISK_ADDITIONAL_INFORMATION].shared = "Exclusion zone around the victim's street";
}

static int add(PGconn *owner, char *buf, const char *base, const char *role, const char *name,
	       const char *provider)
{
	snprintf(buf, 64, "%s", dbtest_role_name(base));
	return dbtest_add_staff(owner, buf, role, name, NULL, provider);
}

int reftest_setup(struct reftest *t, const char *tag)
{
	PGconn *c;
	char sql[256];
	int bad = 0;

	memset(t, 0, sizeof *t);
	snprintf(t->db, sizeof t->db, "%s", dbtest_create_db(tag));
	dbtest_migrate(t->db);
	c = dbtest_connect(t->db, NULL);
	if (!c)
		return -1;
	bad |= add(c, t->pp_a, "rpa", "pp", "Pat Aske", NULL);
	bad |= add(c, t->pp_b, "rpb", "pp", "Bea Brown", NULL);
	bad |= add(c, t->pp_c, "rpc", "pp", "Cai Caseload", NULL);
	bad |= add(c, t->sp_shelter, "rss", "sp", "Sam Shelter", "SHELTER");
	bad |= add(c, t->sp_shelter2, "rss2", "sp", "Sue Shelter", "SHELTER");
	bad |= add(c, t->sp_step, "rst", "sp", "Stu Step", "STEPCHANGE_DEBT_CHARITY");
	bad |= add(c, t->sp_none, "rsn", "sp", "Nia None", NULL);
	bad |= add(c, t->rep, "rrp", "reporter", "Rex Report", NULL);
	bad |= add(c, t->adm, "rad", "admin", "Ada Admin", NULL);
	if (bad)
		return -1;
	if (!dbtest_ok(c,
		"INSERT INTO intervention (id, title, kind, contract_reference, contract_type_code,"
		" prime_provider_id, nps_region_id, pcc_region_id, minimum_age, maximum_age,"
		" allows_female, allows_male) VALUES"
		" ('" I_SHELTER "', 'Accommodation - Shelter', 'CRS', 'PRJ_T1', 'ACC', 'SHELTER',"
		"  'K', NULL, 18, NULL, false, true),"
		" ('" I_STEP "', 'Accommodation - StepChange', 'CRS', 'PRJ_T2', 'ACC',"
		"  'STEPCHANGE_DEBT_CHARITY', NULL, 'greater-manchester', 18, 25, true, true),"
		" ('" I_SUB "', 'Accommodation - Catch22 with Shelter', 'CRS', 'PRJ_T3', 'ACC',"
		"  'CATCH_22_CHARITY_LTD', 'J', NULL, 21, NULL, true, false),"
		" ('" I_PROBATION "', 'Managing My Emotions', 'STRUCTURED', NULL, NULL, NULL, NULL,"
		"  NULL, 18, NULL, true, true)") ||
	    !dbtest_ok(c, "INSERT INTO intervention_subcontractor VALUES ('" I_SUB "', 'SHELTER')"))
		return -1;
	snprintf(sql, sizeof sql,
		 "INSERT INTO caseload (staff_id, crn) SELECT id, '" REFTEST_CASELOAD_CRN "'"
		 " FROM staff WHERE username = '%s'", t->pp_c);
	if (!dbtest_ok(c, sql))
		return -1;
	PQfinish(c);
	return 0;
}

void reftest_teardown(struct reftest *t)
{
	dbtest_drop_db(t->db);
	dbtest_drop_roles();
}

PGconn *reftest_connect(const struct reftest *t, const char *role)
{
	PGconn *c = dbtest_connect(t->db, role);

	if (!c)
		fail_msg("cannot connect as %s", role ? role : "owner");
	return c;
}

long reftest_num(PGconn *c, const char *sql)
{
	char *v = dbtest_value(c, sql);
	long n = v ? atol(v) : -1;

	free(v);
	return n;
}

char *reftest_str(PGconn *c, const char *sql)
{
	return dbtest_value(c, sql);
}

char *reftest_send(const struct reftest *t, const char *role, const char *intervention_id,
		   const char *crn)
{
	PGconn *c = reftest_connect(t, role);
	struct referral_send_input in;
	struct referral_sent sent;
	struct strbuf err = STRBUF_INIT;
	enum ct_status rc;
	char *id;

	reftest_input(&in, intervention_id, crn);
	if (!strcmp(intervention_id, I_PROBATION)) {
		in.categories = NULL;
		in.n_categories = 0;
	}
	rc = referral_send(c, &in, &sent, &err);
	if (rc != CT_OK)
		fail_msg("send as %s: %s", role, err.buf);
	id = strdup(sent.id);
	referral_sent_release(&sent);
	sb_release(&err);
	PQfinish(c);
	return id;
}
