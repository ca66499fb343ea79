/* test_outbox.c: outbox rows are claimed once, rescheduled on failure. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "dbtest.h"
#include "events/events.h"
#include "store/outbox_store.h"

static const char *dbname;
static char admin[64], pp[64];

static int setup(void **state)
{
	PGconn *c;

	(void)state;
	dbname = dbtest_create_db("outbox");
	dbtest_migrate(dbname);
	snprintf(admin, sizeof admin, "%s", dbtest_role_name("obadm"));
	snprintf(pp, sizeof pp, "%s", dbtest_role_name("obpp"));
	c = dbtest_connect(dbname, NULL);
	if (!c || dbtest_add_staff(c, admin, "admin", "Ada Admin", NULL, NULL) ||
	    dbtest_add_staff(c, pp, "pp", "Pat Practitioner", NULL, NULL))
		return -1;
	PQfinish(c);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	dbtest_drop_db(dbname);
	dbtest_drop_roles();
	return 0;
}

static void clear_outbox(void)
{
	PGconn *c = dbtest_connect(dbname, NULL);

	assert_true(dbtest_ok(c, "DELETE FROM outbox"));
	PQfinish(c);
}

static void test_two_senders_never_claim_the_same_row(void **state)
{
	PGconn *w = dbtest_connect(dbname, pp);
	PGconn *a = dbtest_connect(dbname, admin), *b = dbtest_connect(dbname, admin);
	struct strbuf err = STRBUF_INIT;
	struct outbox_row *ra, *rb;
	size_t na, nb, i, j;
	int k;

	(void)state;
	clear_outbox();
	for (k = 0; k < 10; k++)
		assert_int_equal(outbox_add(w, "test.event", "X320741", "{\"n\": 1}", &err), CT_OK);
	assert_true(dbtest_ok(a, "BEGIN"));
	assert_true(dbtest_ok(b, "BEGIN"));
	assert_int_equal(outbox_claim_due(a, 6, &ra, &na, &err), CT_OK);
	assert_int_equal(outbox_claim_due(b, 6, &rb, &nb, &err), CT_OK);
	assert_int_equal(na, 6);
	assert_int_equal(nb, 4); /* only what a left unlocked */
	for (i = 0; i < na; i++)
		for (j = 0; j < nb; j++)
			assert_string_not_equal(ra[i].id, rb[j].id);
	assert_string_equal(ra[0].event_type, "test.event");
	assert_string_equal(ra[0].crn, "X320741");
	outbox_rows_free(&ra, na);
	outbox_rows_free(&rb, nb);
	assert_true(dbtest_ok(a, "ROLLBACK"));
	assert_true(dbtest_ok(b, "ROLLBACK"));
	PQfinish(w);
	PQfinish(a);
	PQfinish(b);
	sb_release(&err);
}

static void test_failed_delivery_is_rescheduled_not_lost(void **state)
{
	PGconn *w = dbtest_connect(dbname, pp), *a = dbtest_connect(dbname, admin);
	struct strbuf err = STRBUF_INIT;
	struct outbox_round round;
	struct outbox_status st;
	struct ct_config cfg;
	char *v;

	(void)state;
	clear_outbox();
	assert_int_equal(outbox_add(w, "test.event", NULL, "{}", &err), CT_OK);
	assert_int_equal(config_defaults(&cfg), CT_OK);
	free(cfg.events_endpoint);
	cfg.events_endpoint = strdup("http://127.0.0.1:1/events"); /* nothing listens */
	cfg.connect_timeout_ms = 500;
	assert_int_equal(outbox_send_round(&cfg, a, 10, &round, &err), CT_OK);
	assert_int_equal(round.sent, 0);
	assert_int_equal(round.failed, 1);
	v = dbtest_value(a, "SELECT attempts || ' ' || (next_attempt_at > now())::text || ' ' ||"
			    " (last_error <> '')::text FROM outbox");
	assert_string_equal(v, "1 true true");
	free(v);
	/* not due again yet: a second round touches nothing */
	assert_int_equal(outbox_send_round(&cfg, a, 10, &round, &err), CT_OK);
	assert_int_equal(round.failed + round.sent, 0);
	assert_int_equal(outbox_get_status(a, &st, &err), CT_OK);
	assert_int_equal(st.pending, 1);
	assert_int_equal(st.failing, 1);
	config_release(&cfg);
	PQfinish(w);
	PQfinish(a);
	sb_release(&err);
}

static void test_practitioners_cannot_read_or_mark_the_outbox(void **state)
{
	PGconn *w = dbtest_connect(dbname, pp);

	(void)state;
	assert_false(dbtest_ok(w, "SELECT * FROM outbox"));
	assert_false(dbtest_ok(w, "UPDATE outbox SET sent_at = now()"));
	PQfinish(w);
}

static void test_envelope_carries_id_type_and_person(void **state)
{
	char *s = event_envelope("0b6c8e2a-0000-4000-8000-000000000001", "intervention.referral.sent",
				 "X320741", "2026-11-24T10:00:00.000Z", "{\"referralId\": \"r1\"}");
	json_t *doc = json_loads(s, 0, NULL);

	(void)state;
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(doc, "id")),
			    "0b6c8e2a-0000-4000-8000-000000000001");
	assert_string_equal(json_string_value(json_object_get(doc, "eventType")),
			    "intervention.referral.sent");
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(
		json_object_get(doc, "personReference"), "identifiers"), 0), "value")), "X320741");
	assert_string_equal(json_string_value(json_object_get(json_object_get(doc,
		"additionalInformation"), "referralId")), "r1");
	json_decref(doc);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_senders_never_claim_the_same_row),
		cmocka_unit_test(test_failed_delivery_is_rescheduled_not_lost),
		cmocka_unit_test(test_practitioners_cannot_read_or_mark_the_outbox),
		cmocka_unit_test(test_envelope_carries_id_type_and_person),
	};

	if (!dbtest_available())
		return DBTEST_SKIP;
	return cmocka_run_group_tests(tests, setup, teardown);
}
