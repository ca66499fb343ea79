/* test_referral_send.c: sending writes every row once, or nothing at all; references are unique and unambiguous. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dbtest.h"
#include "reftest.h"

static struct reftest T;

static int setup(void **state)
{
	(void)state;
	return reftest_setup(&T, "refsend");
}

static int teardown(void **state)
{
	(void)state;
	reftest_teardown(&T);
	return 0;
}

/* Row counts of everything a send writes, as one string, for "nothing
 * changed" comparisons. */
static char *footprint(PGconn *owner)
{
	char *v = reftest_str(owner,
		"SELECT concat_ws(' ',"
		" (SELECT count(*) FROM referral), (SELECT count(*) FROM referral_details),"
		" (SELECT count(*) FROM referral_service_user_data),"
		" (SELECT count(*) FROM probation_practitioner_details),"
		" (SELECT count(*) FROM referral_selected_service_category),"
		" (SELECT count(*) FROM referral_desired_outcome),"
		" (SELECT count(*) FROM referral_complexity_level),"
		" (SELECT count(*) FROM referral_shared_risk), (SELECT count(*) FROM referral_risk_original),"
		" (SELECT count(*) FROM referral_status_history), (SELECT count(*) FROM audit_log),"
		" (SELECT count(*) FROM outbox))");

	assert_non_null(v);
	return v;
}

static void assert_reference_format(const char *ref, const char *suffix)
{
	regex_t re;

	assert_int_equal(regcomp(&re, "^[A-HJ-NP-Z]{2}[0-9]{4}[A-Z]{2}$", REG_EXTENDED | REG_NOSUB), 0);
	assert_int_equal(regexec(&re, ref, 0, NULL, 0), 0);
	regfree(&re);
	assert_string_equal(ref + 6, suffix);
}

static void test_send_writes_every_row_and_one_outbox_row(void **state)
{
	PGconn *pp = reftest_connect(&T, T.pp_a), *owner = reftest_connect(&T, NULL);
	struct referral_send_input in;
	struct referral_sent sent;
	struct strbuf err = STRBUF_INIT, sql = STRBUF_INIT;
	long outbox_before = reftest_num(owner, "SELECT count(*) FROM outbox");
	char *v;

	(void)state;
	reftest_input(&in, I_SHELTER, "X320741");
	assert_int_equal(referral_send(pp, &in, &sent, &err), CT_OK);
	assert_reference_format(sent.reference_number, "AC");
	assert_string_equal(sent.intervention_title, "Accommodation - Shelter");
	assert_string_equal(sent.provider_name, "Shelter");
	assert_int_equal(PQtransactionStatus(pp), PQTRANS_IDLE);

#define Q(...) (sb_reset(&sql), sb_addf(&sql, __VA_ARGS__), sql.buf)
	assert_int_equal(reftest_num(owner, Q("SELECT count(*) FROM referral WHERE id = '%s'"
		" AND reference_number = '%s' AND crn = 'X320741' AND status = 'PRE_ICA'"
		" AND version = 1 AND needs_interpreter AND interpreter_language = 'Polish'"
		" AND location_type = 'CUSTODY' AND expected_release_date = '2099-03-01'"
		" AND relevant_sentence_id = 2500295345", sent.id, sent.reference_number)), 1);
	v = reftest_str(owner, Q("SELECT r.sent_by = s.id FROM referral r, staff s"
		" WHERE r.id = '%s' AND s.username = '%s'", sent.id, T.pp_a));
	assert_string_equal(v, "t");
	free(v);
	v = reftest_str(owner, Q("SELECT first_name || ' ' || last_name || ' ' || dob || ' '"
		" || array_to_string(disabilities, '|') FROM referral_service_user_data"
		" WHERE referral_id = '%s'", sent.id));
	assert_string_equal(v, "Aadland Bertrand 1987-08-02 Dyslexia|Uses a hearing aid");
	free(v);
	v = reftest_str(owner, Q("SELECT completion_deadline || ' ' || maximum_enforceable_days"
		" FROM referral_details WHERE referral_id = '%s' AND superseded_by_id IS NULL", sent.id));
	assert_string_equal(v, "2099-06-30 10");
	free(v);
	assert_int_equal(reftest_num(owner, Q("SELECT count(*) FROM referral_details"
		" WHERE referral_id = '%s'", sent.id)), 1);
	v = reftest_str(owner, Q("SELECT ndelius_name || '/' || pp_name FROM"
		" probation_practitioner_details WHERE referral_id = '%s'", sent.id));
	assert_string_equal(v, "Bob Alice/Anna Clarke");
	free(v);
	assert_int_equal(reftest_num(owner, Q("SELECT count(*) FROM referral_selected_service_category"
		" WHERE referral_id = '%s' AND service_category_id = 'accommodation'", sent.id)), 1);
	assert_int_equal(reftest_num(owner, Q("SELECT count(*) FROM referral_desired_outcome"
		" WHERE referral_id = '%s'", sent.id)), 2);
	assert_int_equal(reftest_num(owner, Q("SELECT count(*) FROM referral_complexity_level"
		" WHERE referral_id = '%s' AND complexity_level_id = 'accommodation:medium'", sent.id)), 1);

	/* risk: what the supplier gets, and the original kept apart */
	v = reftest_str(owner, Q("SELECT string_agg(field || '=' || decision || ':'"
		" || coalesce(shared_text, '-'), ' | ' ORDER BY field) FROM referral_shared_risk"
		" WHERE referral_id = '%s'", sent.id));
	assert_string_equal(v, "who_is_at_risk=CONFIRMED:Original who: staff"
		" | nature_of_risk=EDITED:Threats and damage to property"
		" | risk_imminence=REMOVED:-"
		" | additional_information=EDITED:Exclusion zone around the victim's street");
	free(v);
	v = reftest_str(owner, Q("SELECT string_agg(field || ':' || original_text, ' | ' ORDER BY field)"
		" FROM referral_risk_original WHERE referral_id = '%s'", sent.id));
	assert_string_equal(v, "who_is_at_risk:Original who: staff"
		" | nature_of_risk:Original nature: victim Jane Doe of 1 High St"
		" | risk_imminence:Original imminence");
	free(v);
	assert_int_equal(reftest_num(owner, Q("SELECT count(*) FROM referral_shared_risk"
		" WHERE referral_id = '%s' AND source = 'OASys' AND assessed_on = '2024-12-19'",
		sent.id)), 4);

	/* history, audit and exactly one event */
	v = reftest_str(owner, Q("SELECT string_agg(state, ',') FROM referral_status_history"
		" WHERE referral_id = '%s'", sent.id));
	assert_string_equal(v, "SENT");
	free(v);
	v = reftest_str(owner, Q("SELECT string_agg(action || '@' || username, ',' ORDER BY id)"
		" FROM audit_log WHERE entity_id = '%s'", sent.id));
	sb_reset(&err);
	sb_addf(&err, "referral.sent@%s,risk.shared@%s", T.pp_a, T.pp_a);
	assert_string_equal(v, err.buf);
	free(v);
	v = reftest_str(owner, Q("SELECT detail->>'confirmed' || ' ' || (detail->>'edited') || ' '"
		" || (detail->>'removed') FROM audit_log WHERE entity_id = '%s'"
		" AND action = 'risk.shared'", sent.id));
	assert_string_equal(v, "[\"who_is_at_risk\"] [\"nature_of_risk\", \"additional_information\"]"
		" [\"risk_imminence\"]");
	free(v);
	assert_int_equal(reftest_num(owner, "SELECT count(*) FROM outbox"), outbox_before + 1);
	v = reftest_str(owner, Q("SELECT event_type || ' ' || crn || ' ' || (payload->>'referenceNumber')"
		" || ' ' || (payload->>'referralURN') || ' ' || (payload->>'contractReference')"
		" FROM outbox WHERE payload->>'referralId' = '%s'", sent.id));
	sb_reset(&err);
	sb_addf(&err, "intervention.referral.sent X320741 %s urn:hmpps:interventions-referral:%s PRJ_T1",
		sent.reference_number, sent.id);
	assert_string_equal(v, err.buf);
	free(v);
#undef Q
	referral_sent_release(&sent);
	sb_release(&sql);
	sb_release(&err);
	PQfinish(pp);
	PQfinish(owner);
}

static void test_sending_is_atomic_when_an_outcome_is_bad(void **state)
{
	PGconn *pp = reftest_connect(&T, T.pp_a), *owner = reftest_connect(&T, NULL);
	static const char *const missing[] = {OUTCOME_ACC_SECURE, "00000000-0000-4000-8000-00000000dead"};
	static const char *const wrong_category[] = {OUTCOME_ETE_COMMENCE};
	struct referral_category_input cat = {"accommodation", "accommodation:low", missing, 2};
	struct referral_send_input in;
	struct referral_sent sent;
	struct strbuf err = STRBUF_INIT;
	char *before = footprint(owner), *after;

	(void)state;
	/* the outcomes come after the referral, snapshot, details and PP rows */
	reftest_input(&in, I_SHELTER, "X320741");
	in.categories = &cat;
	assert_int_equal(referral_send(pp, &in, &sent, &err), CT_USAGE);
	assert_null(sent.reference_number);
	assert_non_null(strstr(err.buf, "desired outcome"));
	assert_null(strstr(err.buf, "CONTEXT"));
	assert_int_equal(PQtransactionStatus(pp), PQTRANS_IDLE);
	after = footprint(owner);
	assert_string_equal(before, after);
	free(after);

	/* a real outcome of another service category */
	sb_reset(&err);
	cat.desired_outcome_ids = wrong_category;
	cat.n_desired_outcomes = 1;
	assert_int_equal(referral_send(pp, &in, &sent, &err), CT_USAGE);
	after = footprint(owner);
	assert_string_equal(before, after);
	free(after);

	/* and a risk decision the rules refuse, which comes last of all */
	sb_reset(&err);
	reftest_input(&in, I_SHELTER, "X320741");
	in.risk[RISK_SUICIDE].decision = RISK_CONFIRMED; /* no OASys text to confirm */
	assert_int_equal(referral_send(pp, &in, &sent, &err), CT_USAGE);
	after = footprint(owner);
	assert_string_equal(before, after);
	free(after);

	/* the connection still works */
	sb_reset(&err);
	reftest_input(&in, I_SHELTER, "X320741");
	assert_int_equal(referral_send(pp, &in, &sent, &err), CT_OK);
	referral_sent_release(&sent);
	free(before);
	sb_release(&err);
	PQfinish(pp);
	PQfinish(owner);
}

static void test_sending_is_atomic_when_the_outbox_fails(void **state)
{
	PGconn *pp = reftest_connect(&T, T.pp_a), *owner = reftest_connect(&T, NULL);
	struct referral_send_input in;
	struct referral_sent sent;
	struct strbuf err = STRBUF_INIT;
	char *before, *after;

	(void)state;
	/* the outbox row is the very last thing a send writes */
	assert_true(dbtest_ok(owner,
		"CREATE FUNCTION reftest_refuse() RETURNS trigger LANGUAGE plpgsql AS"
		" $$ BEGIN RAISE EXCEPTION 'events endpoint store is full'; END $$"));
	assert_true(dbtest_ok(owner, "CREATE TRIGGER reftest_refuse BEFORE INSERT ON outbox"
				     " FOR EACH ROW EXECUTE FUNCTION reftest_refuse()"));
	before = footprint(owner);
	reftest_input(&in, I_SUB, "X320741");
	assert_int_equal(referral_send(pp, &in, &sent, &err), CT_DB);
	assert_non_null(strstr(err.buf, "events endpoint store is full"));
	after = footprint(owner);
	assert_string_equal(before, after);
	free(after);
	assert_true(dbtest_ok(owner, "DROP TRIGGER reftest_refuse ON outbox"));
	assert_true(dbtest_ok(owner, "DROP FUNCTION reftest_refuse()"));
	free(before);
	sb_release(&err);
	PQfinish(pp);
	PQfinish(owner);
}

/* A terminal session that dies in the middle of sending (a dropped SSH
 * link): the child process is killed while its send waits on the outbox. */
static void test_killed_mid_send_leaves_nothing(void **state)
{
	PGconn *owner = reftest_connect(&T, NULL), *locker = reftest_connect(&T, NULL);
	struct strbuf sql = STRBUF_INIT;
	char *before, *after;
	pid_t child;
	long waiting = 0;
	int i, status;

	(void)state;
	before = footprint(owner);
	assert_true(dbtest_ok(locker, "BEGIN"));
	assert_true(dbtest_ok(locker, "LOCK TABLE outbox IN EXCLUSIVE MODE"));
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		PGconn *pp = dbtest_connect(T.db, T.pp_a);
		struct referral_send_input in;
		struct referral_sent sent;
		struct strbuf err = STRBUF_INIT;

		reftest_input(&in, I_STEP, "K666013");
		if (pp)
			referral_send(pp, &in, &sent, &err);
		_exit(0);
	}
	/* wait until the send has written its rows and blocks on the outbox */
	sb_addf(&sql, "SELECT count(*) FROM pg_stat_activity WHERE usename = '%s'"
		      " AND wait_event_type = 'Lock'", T.pp_a);
	for (i = 0; i < 200 && waiting != 1; i++) {
		waiting = reftest_num(owner, sql.buf);
		if (waiting != 1)
			usleep(20000);
	}
	assert_int_equal(waiting, 1);
	assert_int_equal(kill(child, SIGKILL), 0);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFSIGNALED(status));
	assert_true(dbtest_ok(locker, "ROLLBACK"));
	/* the server notices the lost client and throws the transaction away */
	sb_reset(&sql);
	sb_addf(&sql, "SELECT count(*) FROM pg_stat_activity WHERE usename = '%s'", T.pp_a);
	for (i = 0; i < 250 && reftest_num(owner, sql.buf) != 0; i++)
		usleep(20000);
	assert_int_equal(reftest_num(owner, sql.buf), 0);
	after = footprint(owner);
	assert_string_equal(before, after);
	assert_int_equal(reftest_num(owner, "SELECT count(*) FROM referral WHERE crn = 'K666013'"), 0);
	free(before);
	free(after);
	sb_release(&sql);
	PQfinish(owner);
	PQfinish(locker);
}

static void test_reference_generator_never_emits_ambiguous_text(void **state)
{
	PGconn *owner = reftest_connect(&T, NULL);
	char *v;

	(void)state;
	/* the rule itself */
	v = reftest_str(owner, "SELECT string_agg(c || '=' || referral_reference_is_ambiguous(c)::text,"
		" ' ' ORDER BY c) FROM unnest(ARRAY['AB1234AC', 'AS5234AC', 'AB8234AC', 'KL1234FI',"
		" 'KL2234FI', 'KL0234WO', 'KL2234WO', 'KS2234AC']) c");
	assert_string_equal(v, "AB1234AC=false AB8234AC=true AS5234AC=true KL0234WO=true"
		" KL1234FI=true KL2234FI=false KL2234WO=false KS2234AC=false");
	free(v);
	/* 20,000 candidates for each suffix: right shape, no I or O in the
	 * letters, never an ambiguous pair (the suffixes hold I, O, S and B) */
	assert_int_equal(reftest_num(owner,
		"SELECT count(*) FROM (SELECT s, referral_reference_candidate(s) AS c"
		" FROM unnest(ARRAY['AC', 'FI', 'WO', 'SB']) s, generate_series(1, 20000) g) x"
		" WHERE c !~ ('^[A-HJ-NP-Z]{2}[0-9]{4}' || s || '$')"
		"  OR referral_reference_is_ambiguous(c)"), 0);
	assert_int_equal(reftest_num(owner,
		"SELECT count(*) FROM (SELECT referral_reference_candidate('FI') AS c"
		" FROM generate_series(1, 20000) g) x WHERE c ~ '1'"), 0);
	assert_int_equal(reftest_num(owner,
		"SELECT count(*) FROM (SELECT referral_reference_candidate('WO') AS c"
		" FROM generate_series(1, 20000) g) x WHERE c ~ '0'"), 0);
	assert_int_equal(reftest_num(owner,
		"SELECT count(*) FROM (SELECT referral_reference_candidate('SB') AS c"
		" FROM generate_series(1, 20000) g) x WHERE c ~ '[58]'"), 0);
	/* ... and it is not degenerate: all 24 letters in both places, all digits */
	assert_int_equal(reftest_num(owner,
		"SELECT count(DISTINCT substr(c, 1, 1)) + count(DISTINCT substr(c, 2, 1))"
		" + count(DISTINCT substr(c, 3, 1)) + count(DISTINCT c) / 19000"
		" FROM (SELECT referral_reference_candidate('AC') AS c"
		" FROM generate_series(1, 20000) g) x"), 24 + 24 + 10 + 1);
	/* letters of the contract type name; a code for the kind otherwise */
	v = reftest_str(owner, "SELECT string_agg(referral_reference_suffix(id), ' ' ORDER BY id)"
			       " FROM intervention");
	assert_string_equal(v, "AC AC AC SI");
	free(v);
	PQfinish(owner);
}

/* A reference already taken is retried, not an error: the candidate
 * function is replaced by one whose first answer collides. */
static void test_a_taken_reference_is_retried(void **state)
{
	PGconn *owner = reftest_connect(&T, NULL);
	char *taken, *id, *v;
	struct strbuf sql = STRBUF_INIT;

	(void)state;
	id = reftest_send(&T, T.pp_a, I_SHELTER, "B310003");
	sb_addf(&sql, "SELECT reference_number FROM referral WHERE id = '%s'", id);
	taken = reftest_str(owner, sql.buf);
	assert_non_null(taken);
	assert_true(dbtest_ok(owner, "ALTER FUNCTION referral_reference_candidate(text)"
				     " RENAME TO reftest_real_candidate"));
	assert_true(dbtest_ok(owner, "CREATE SEQUENCE reftest_tries"));
	assert_true(dbtest_ok(owner, "GRANT USAGE ON SEQUENCE reftest_tries TO caseterm_pp"));
	sb_reset(&sql);
	sb_addf(&sql, "CREATE FUNCTION referral_reference_candidate(p_suffix text) RETURNS text"
		      " LANGUAGE sql VOLATILE AS $$ SELECT CASE WHEN nextval('reftest_tries') < 3"
		      " THEN '%s' ELSE 'ZZ9999' || p_suffix END $$", taken);
	assert_true(dbtest_ok(owner, sql.buf));
	free(id);
	id = reftest_send(&T, T.pp_a, I_SHELTER, "B310003");
	sb_reset(&sql);
	sb_addf(&sql, "SELECT reference_number FROM referral WHERE id = '%s'", id);
	v = reftest_str(owner, sql.buf);
	assert_string_equal(v, "ZZ9999AC");
	assert_int_equal(reftest_num(owner, "SELECT last_value FROM reftest_tries"), 3);
	assert_true(dbtest_ok(owner, "DROP FUNCTION referral_reference_candidate(text)"));
	assert_true(dbtest_ok(owner, "DROP SEQUENCE reftest_tries"));
	assert_true(dbtest_ok(owner, "ALTER FUNCTION reftest_real_candidate(text)"
				     " RENAME TO referral_reference_candidate"));
	free(v);
	free(taken);
	free(id);
	sb_release(&sql);
	PQfinish(owner);
}

/* n processes send at the same moment (released together by closing a
 * pipe); returns how many succeeded. */
static int concurrent_sends(int n, const char *crn)
{
	int go[2], i, ok = 0, status;
	pid_t *kids = calloc((size_t)n, sizeof *kids);

	assert_non_null(kids);
	assert_int_equal(pipe(go), 0);
	for (i = 0; i < n; i++) {
		kids[i] = fork();
		assert_true(kids[i] >= 0);
		if (kids[i] == 0) {
			PGconn *pp;
			struct referral_send_input in;
			struct referral_sent sent;
			struct strbuf err = STRBUF_INIT;
			char byte;
			int rc;

			close(go[1]);
			pp = dbtest_connect(T.db, T.pp_b);
			while (read(go[0], &byte, 1) < 0 && errno == EINTR)
				;
			if (!pp)
				_exit(2);
			reftest_input(&in, I_SHELTER, crn);
			rc = referral_send(pp, &in, &sent, &err);
			if (rc != CT_OK)
				fprintf(stderr, "concurrent send failed: %s\n", err.buf);
			PQfinish(pp);
			_exit(rc == CT_OK ? 0 : 1);
		}
	}
	close(go[0]);
	usleep(300000); /* let them all connect */
	close(go[1]);
	for (i = 0; i < n; i++) {
		assert_int_equal(waitpid(kids[i], &status, 0), kids[i]);
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
			ok++;
	}
	free(kids);
	return ok;
}

static void test_fifty_concurrent_sends_get_fifty_references(void **state)
{
	PGconn *owner = reftest_connect(&T, NULL);

	(void)state;
	assert_int_equal(concurrent_sends(50, "C410005"), 50);
	assert_int_equal(reftest_num(owner, "SELECT count(*) FROM referral WHERE crn = 'C410005'"), 50);
	assert_int_equal(reftest_num(owner, "SELECT count(DISTINCT reference_number) FROM referral"
					    " WHERE crn = 'C410005'"), 50);
	assert_int_equal(reftest_num(owner, "SELECT count(*) FROM referral WHERE crn = 'C410005'"
		" AND reference_number ~ '^[A-HJ-NP-Z]{2}[0-9]{4}AC$'"
		" AND NOT referral_reference_is_ambiguous(reference_number)"), 50);
	assert_int_equal(reftest_num(owner, "SELECT count(*) FROM outbox WHERE crn = 'C410005'"
					    " AND event_type = 'intervention.referral.sent'"), 50);
	assert_int_equal(reftest_num(owner, "SELECT count(*) FROM referral_status_history h"
		" JOIN referral r ON r.id = h.referral_id WHERE r.crn = 'C410005'"), 50);
	PQfinish(owner);
}

/* The same with only 100 possible references: many sends collide and retry,
 * and still every one succeeds with its own reference. */
static void test_concurrent_sends_retry_collisions(void **state)
{
	PGconn *owner = reftest_connect(&T, NULL);

	(void)state;
	assert_true(dbtest_ok(owner, "ALTER FUNCTION referral_reference_candidate(text)"
				     " RENAME TO reftest_real_candidate"));
	assert_true(dbtest_ok(owner, "CREATE FUNCTION referral_reference_candidate(p_suffix text)"
		" RETURNS text LANGUAGE sql VOLATILE AS $$ SELECT 'QQ00'"
		" || lpad(floor(random() * 100)::int::text, 2, '0') || p_suffix $$"));
	assert_int_equal(concurrent_sends(40, "C410006"), 40);
	assert_int_equal(reftest_num(owner, "SELECT count(DISTINCT reference_number) FROM referral"
					    " WHERE crn = 'C410006' AND reference_number LIKE 'QQ00%'"), 40);
	assert_true(dbtest_ok(owner, "DROP FUNCTION referral_reference_candidate(text)"));
	assert_true(dbtest_ok(owner, "ALTER FUNCTION reftest_real_candidate(text)"
				     " RENAME TO referral_reference_candidate"));
	PQfinish(owner);
}

static void test_an_open_duplicate_is_pointed_out_to_any_practitioner(void **state)
{
	PGconn *other = reftest_connect(&T, T.pp_b), *sp = reftest_connect(&T, T.sp_shelter);
	struct referral_duplicate d;
	struct strbuf err = STRBUF_INIT;
	bool found = true;
	char *id;

	(void)state;
	assert_int_equal(referral_find_open_duplicate(other, "E610009", I_SHELTER, &found, &d, &err),
			 CT_OK);
	assert_false(found);
	id = reftest_send(&T, T.pp_a, I_SHELTER, "E610009");
	/* pp_b cannot read pp_a's referral, but is told it exists */
	assert_int_equal(reftest_num(other, "SELECT count(*) FROM referral WHERE crn = 'E610009'"), 0);
	assert_int_equal(referral_find_open_duplicate(other, "e610009 ", I_SHELTER, &found, &d, &err),
			 CT_OK);
	assert_true(found);
	assert_int_equal(strlen(d.reference_number), 8);
	assert_string_equal(d.sent_by_name, "Pat Aske");
	referral_duplicate_release(&d);
	/* another intervention is not a duplicate */
	assert_int_equal(referral_find_open_duplicate(other, "E610009", I_STEP, &found, &d, &err),
			 CT_OK);
	assert_false(found);
	/* suppliers may not ask */
	assert_int_equal(referral_find_open_duplicate(sp, "E610009", I_SHELTER, &found, &d, &err),
			 CT_ERR);
	free(id);
	sb_release(&err);
	PQfinish(other);
	PQfinish(sp);
}

static void test_the_rules_refuse_incomplete_referrals(void **state)
{
	PGconn *pp = reftest_connect(&T, T.pp_a), *sp = reftest_connect(&T, T.sp_shelter);
	PGconn *owner = reftest_connect(&T, NULL);
	struct referral_send_input in;
	struct referral_sent sent;
	struct strbuf err = STRBUF_INIT;
	char *before = footprint(owner), *after;

	(void)state;
	reftest_input(&in, I_SHELTER, "X320741");
	in.needs.interpreter_language = NULL;
	assert_int_equal(referral_send(pp, &in, &sent, &err), CT_USAGE);
	reftest_input(&in, I_SHELTER, "X320741");
	in.location.expected_release_date = NULL;
	assert_int_equal(referral_send(pp, &in, &sent, &err), CT_USAGE);
	reftest_input(&in, I_SHELTER, "X320741");
	in.details.completion_deadline = "2001-01-01";
	assert_int_equal(referral_send(pp, &in, &sent, &err), CT_USAGE);
	reftest_input(&in, I_SHELTER, "X320741");
	in.n_categories = 0;
	assert_int_equal(referral_send(pp, &in, &sent, &err), CT_USAGE);
	reftest_input(&in, I_PROBATION, "X320741"); /* categories for a structured one */
	assert_int_equal(referral_send(pp, &in, &sent, &err), CT_USAGE);
	reftest_input(&in, I_SHELTER, "not-a-crn");
	assert_int_equal(referral_send(pp, &in, &sent, &err), CT_USAGE);
	/* a supplier cannot send */
	reftest_input(&in, I_SHELTER, "X320741");
	assert_int_equal(referral_send(sp, &in, &sent, &err), CT_ERR);
	after = footprint(owner);
	assert_string_equal(before, after);
	free(before);
	free(after);
	sb_release(&err);
	PQfinish(pp);
	PQfinish(sp);
	PQfinish(owner);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_send_writes_every_row_and_one_outbox_row),
		cmocka_unit_test(test_sending_is_atomic_when_an_outcome_is_bad),
		cmocka_unit_test(test_sending_is_atomic_when_the_outbox_fails),
		cmocka_unit_test(test_killed_mid_send_leaves_nothing),
		cmocka_unit_test(test_reference_generator_never_emits_ambiguous_text),
		cmocka_unit_test(test_a_taken_reference_is_retried),
		cmocka_unit_test(test_fifty_concurrent_sends_get_fifty_references),
		cmocka_unit_test(test_concurrent_sends_retry_collisions),
		cmocka_unit_test(test_an_open_duplicate_is_pointed_out_to_any_practitioner),
		cmocka_unit_test(test_the_rules_refuse_incomplete_referrals),
	};

	if (!dbtest_available())
		return DBTEST_SKIP;
	return cmocka_run_group_tests(tests, setup, teardown);
}
