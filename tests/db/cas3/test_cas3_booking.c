/* test_cas3_booking.c: booking dates and lifecycle: turnaround, voids, cancel, extend, depart, events. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cas3_fixture.h"
#include "dbtest.h"
#include "domain/workdays.h"
#include "store/cas3_store.h"
#include "util/dates.h"

static PGconn *hpt, *owner;
static char *prem2, *prem0;   /* turnaround 2 and 0 working days */

static int setup(void **state)
{
	(void)state;
	if (fx_setup("cas3book"))
		return -1;
	owner = fx_connect(NULL);
	hpt = fx_connect(fx.hpt_k);
	prem2 = fx_premises(owner, "TWO", FX_PDU_K1, 2, "");
	prem0 = fx_premises(owner, "ZERO", FX_PDU_K2, 0, "");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	PQfinish(hpt);
	PQfinish(owner);
	free(prem2);
	free(prem0);
	fx_teardown();
	return 0;
}

/* Books through the store as the HPT assessor; *id (may be NULL) gets the booking. */
static enum ct_status book(const char *bedspace, const char *arrival, const char *departure,
			   char **id, struct strbuf *err)
{
	struct cas3_booking_input in;
	char *got = NULL;
	enum ct_status rc;

	memset(&in, 0, sizeof in);
	in.bedspace_id = bedspace;
	in.crn = "X320741";
	in.person_name = "Aadland Bertrand";
	in.sex = "Male";
	in.arrival_date = arrival;
	in.departure_date = departure;
	sb_reset(err);
	rc = cas3_booking_create(hpt, &in, NULL, &got, NULL, err);
	if (id)
		*id = got;
	else
		free(got);
	return rc;
}

static long version_of(const char *booking)
{
	return fx_num(owner, "SELECT version FROM cas3_booking WHERE id = '%s'", booking);
}

/* The SQL working-day sum agrees with the domain's add_working_days for every
 * day of 2024-2028 and 0..5 days, over the same bank holidays. */
static void test_sql_working_days_agree_with_the_domain(void **state)
{
	PGresult *r = PQexec(owner, "SELECT date FROM bank_holiday ORDER BY date");
	PGresult *sums;
	long *days;
	struct bank_holidays h;
	int i, n;

	(void)state;
	assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
	n = PQntuples(r);
	assert_true(n > 30);
	days = calloc((size_t)n, sizeof *days);
	assert_non_null(days);
	for (i = 0; i < n; i++) {
		struct ymd t;

		assert_true(date_parse_iso(PQgetvalue(r, i, 0), &t));
		days[i] = date_to_days(t);
	}
	PQclear(r);
	h.day = days;
	h.n = (size_t)n;
	sums = PQexec(owner, "SELECT to_char(g.d, 'YYYY-MM-DD'), k,"
			     " to_char(cas3_add_working_days(g.d, k), 'YYYY-MM-DD')"
			     " FROM (SELECT date '2024-01-01' + i AS d"
			     "       FROM generate_series(0, 365 * 5 - 10) i) g,"
			     " generate_series(0, 5) k");
	assert_int_equal(PQresultStatus(sums), PGRES_TUPLES_OK);
	for (i = 0; i < PQntuples(sums); i++) {
		struct ymd from, want;
		int k = atoi(PQgetvalue(sums, i, 1));
		long got;

		assert_true(date_parse_iso(PQgetvalue(sums, i, 0), &from));
		assert_true(date_parse_iso(PQgetvalue(sums, i, 2), &want));
		got = add_working_days(date_to_days(from), k, &h);
		if (got != date_to_days(want))
			fail_msg("%s + %d working days: SQL says %s", PQgetvalue(sums, i, 0), k,
				 PQgetvalue(sums, i, 2));
	}
	PQclear(sums);
	free(days);
}

static void test_adjacent_bookings_are_allowed(void **state)
{
	struct strbuf err = STRBUF_INIT;
	char *bed = fx_bedspace(owner, prem0, "ADJ", "2026-01-01", "");

	(void)state;
	/* 0 working days of turnaround: taken 04-05..04-09, free from 04-10 */
	assert_int_equal(book(bed, "2027-04-05", "2027-04-09", NULL, &err), CT_OK);
	assert_int_equal(book(bed, "2027-04-09", "2027-04-20", NULL, &err), CT_CONFLICT);
	assert_int_equal(book(bed, "2027-04-10", "2027-04-20", NULL, &err), CT_OK);
	/* and the one before */
	assert_int_equal(book(bed, "2027-03-25", "2027-04-05", NULL, &err), CT_CONFLICT);
	assert_int_equal(book(bed, "2027-03-25", "2027-04-04", NULL, &err), CT_OK);
	free(bed);
	sb_release(&err);
}

static void test_turnaround_blocks_the_next_working_days_over_a_weekend(void **state)
{
	struct strbuf err = STRBUF_INIT;
	char *bed = fx_bedspace(owner, prem2, "WKND", "2026-01-01", "");
	char *id = NULL;

	(void)state;
	/* leaves Friday 2027-03-05: turnaround Monday 8th and Tuesday 9th */
	assert_int_equal(book(bed, "2027-03-01", "2027-03-05", &id, &err), CT_OK);
	{
		char *end = fx_sql(owner, "SELECT turnaround_end_date FROM cas3_booking WHERE id = '%s'",
				   id);

		assert_string_equal(end, "2027-03-09");
		free(end);
	}
	assert_int_equal(book(bed, "2027-03-06", "2027-03-20", NULL, &err), CT_CONFLICT);
	assert_int_equal(book(bed, "2027-03-09", "2027-03-20", NULL, &err), CT_CONFLICT);
	assert_non_null(strstr(err.buf, "is no longer free from 2027-03-09 to 2027-03-20"));
	assert_non_null(strstr(err.buf, "taken from 2027-03-01 to 2027-03-09"));
	assert_int_equal(book(bed, "2027-03-10", "2027-03-20", NULL, &err), CT_OK);
	free(id);
	free(bed);
	sb_release(&err);
}

static void test_turnaround_skips_christmas_bank_holidays_2026(void **state)
{
	struct strbuf err = STRBUF_INIT;
	char *bed = fx_bedspace(owner, prem2, "XMAS", "2026-01-01", "");

	(void)state;
	/* leaves Thursday 24 December 2026: Fri 25 and Mon 28 (substitute
	 * Boxing Day) are bank holidays, so the two working days are 29, 30 */
	assert_int_equal(book(bed, "2026-12-01", "2026-12-24", NULL, &err), CT_OK);
	assert_int_equal(book(bed, "2026-12-29", "2027-01-20", NULL, &err), CT_CONFLICT);
	assert_int_equal(book(bed, "2026-12-30", "2027-01-20", NULL, &err), CT_CONFLICT);
	assert_int_equal(book(bed, "2026-12-31", "2027-01-20", NULL, &err), CT_OK);
	free(bed);
	sb_release(&err);
}

static void test_a_void_blocks_bookings_and_their_turnaround(void **state)
{
	struct strbuf err = STRBUF_INIT;
	struct cas3_void_input v;
	char *bed = fx_bedspace(owner, prem2, "VOID", "2026-01-01", "");
	char *reason = fx_sql(owner, "SELECT id FROM cas3_void_reason WHERE name = 'Deep clean'");
	char *void_id = NULL, *other = NULL;

	(void)state;
	memset(&v, 0, sizeof v);
	v.bedspace_id = bed;
	v.start_date = "2027-05-05";
	v.end_date = "2027-05-10";
	v.reason_id = reason;
	v.cost_centre = "SUPPLIER";
	assert_int_equal(cas3_void_create(hpt, &v, &void_id, &err), CT_OK);
	assert_int_equal(book(bed, "2027-05-08", "2027-05-20", NULL, &err), CT_CONFLICT);
	if (!strstr(err.buf, "by a void"))
		fail_msg("message: %s", err.buf);
	/* leaving Wed 28 April: turnaround Thu 29, Fri 30: clear of the void */
	assert_int_equal(book(bed, "2027-04-20", "2027-04-28", NULL, &err), CT_OK);
	/* a void over a booking's turnaround is refused too */
	v.start_date = "2027-04-30";
	v.end_date = "2027-05-01";
	assert_int_equal(cas3_void_create(hpt, &v, &other, &err), CT_CONFLICT);
	/* cancelling the void frees its days */
	assert_int_equal(cas3_void_cancel(hpt, void_id, 1, "not needed", &err), CT_OK);
	assert_int_equal(book(bed, "2027-05-08", "2027-05-20", NULL, &err), CT_OK);
	free(void_id);
	free(other);
	free(reason);
	free(bed);
	sb_release(&err);
}

static void test_cancelling_a_booking_frees_the_dates(void **state)
{
	struct strbuf err = STRBUF_INIT;
	char *bed = fx_bedspace(owner, prem2, "CANC", "2026-01-01", "");
	char *reason = fx_sql(owner, "SELECT id FROM cas3_cancellation_reason WHERE sort_order = 3");
	char *id = NULL;
	long outbox;

	(void)state;
	assert_int_equal(book(bed, "2027-06-01", "2027-06-20", &id, &err), CT_OK);
	assert_int_equal(book(bed, "2027-06-10", "2027-06-30", NULL, &err), CT_CONFLICT);
	outbox = fx_num(owner, "SELECT count(*) FROM outbox");
	assert_int_equal(cas3_booking_cancel(hpt, id, version_of(id), reason, "changed plans", &err),
			 CT_OK);
	assert_int_equal(fx_num(owner, "SELECT count(*) FROM cas3_cancellation WHERE booking_id = '%s'",
				id), 1);
	assert_int_equal(fx_num(owner, "SELECT count(*) FROM outbox"), outbox + 1);
	assert_int_equal(fx_num(owner, "SELECT count(*) FROM outbox WHERE event_type ="
				" 'accommodation.cas3.booking.cancelled'"
				" AND payload->>'bookingId' = '%s'"
				" AND payload->>'notes' = 'changed plans'", id), 1);
	assert_int_equal(book(bed, "2027-06-10", "2027-06-30", NULL, &err), CT_OK);
	/* a cancelled booking cannot be cancelled again */
	assert_int_equal(cas3_booking_cancel(hpt, id, 0, reason, NULL, &err), CT_USAGE);
	free(id);
	free(reason);
	free(bed);
	sb_release(&err);
}

/* A booking that has arrived: booked, confirmed and arrived through the store. */
static char *arrived_booking(const char *bed, int arrival_offset, int departure_offset)
{
	struct strbuf err = STRBUF_INIT;
	char a[16], d[16];
	char *id = NULL;

	fx_day(owner, arrival_offset, a);
	fx_day(owner, departure_offset, d);
	assert_int_equal(book(bed, a, d, &id, &err), CT_OK);
	assert_int_equal(cas3_booking_confirm(hpt, id, version_of(id), NULL, &err), CT_OK);
	if (cas3_booking_arrive(hpt, id, version_of(id), a, d, "arrived", &err) != CT_OK)
		fail_msg("arrive: %s", err.buf);
	sb_release(&err);
	return id;
}

static void test_extending_into_another_booking_is_refused(void **state)
{
	struct strbuf err = STRBUF_INIT;
	char *bed = fx_bedspace(owner, prem2, "EXT", "2026-01-01", "");
	char *id = arrived_booking(bed, -2, 10);
	char next[16], d[16], *dep;

	(void)state;
	assert_int_equal(book(bed, fx_day(owner, 30, next), fx_day(owner, 60, d), NULL, &err), CT_OK);
	/* into the next booking: refused, nothing changes */
	assert_int_equal(cas3_booking_extend(hpt, id, version_of(id), fx_day(owner, 29, d), NULL,
					     &err), CT_CONFLICT);
	assert_non_null(strstr(err.buf, "another booking"));
	dep = fx_sql(owner, "SELECT departure_date = current_date + 10 FROM cas3_booking"
			    " WHERE id = '%s'", id);
	assert_string_equal(dep, "t");
	free(dep);
	assert_int_equal(fx_num(owner, "SELECT count(*) FROM cas3_extension WHERE booking_id = '%s'",
				id), 0);
	/* short of it (with its turnaround): fine */
	assert_int_equal(cas3_booking_extend(hpt, id, version_of(id), fx_day(owner, 20, d), "ok",
					     &err), CT_OK);
	assert_int_equal(fx_num(owner, "SELECT count(*) FROM cas3_extension WHERE booking_id = '%s'",
				id), 1);
	/* past 84 nights it is an overstay, not an extension */
	assert_int_equal(cas3_booking_extend(hpt, id, 0, fx_day(owner, 85, d), NULL, &err),
			 CT_USAGE);
	assert_non_null(strstr(err.buf, "overstay"));
	sb_reset(&err);
	assert_int_equal(cas3_booking_overstay(hpt, id, 0, fx_day(owner, 25, d), true, "x", &err),
			 CT_USAGE);   /* 27 nights is no overstay */
	free(bed);
	bed = fx_bedspace(owner, prem2, "OVER", "2026-01-01", "");
	free(id);
	id = arrived_booking(bed, -2, 10);
	assert_int_equal(cas3_booking_overstay(hpt, id, 0, fx_day(owner, 85, d), false,
					       "waiting for a tenancy", &err), CT_OK);
	assert_int_equal(fx_num(owner, "SELECT count(*) FROM cas3_overstay WHERE booking_id = '%s'"
				" AND NOT is_authorised AND reason = 'waiting for a tenancy'", id), 1);
	free(id);
	free(bed);
	sb_release(&err);
}

static void test_an_earlier_departure_shrinks_the_range(void **state)
{
	struct strbuf err = STRBUF_INIT;
	char *bed = fx_bedspace(owner, prem2, "EARLY", "2026-01-01", "");
	char *id = arrived_booking(bed, -5, 40);
	char *reason = fx_sql(owner, "SELECT id FROM cas3_departure_reason WHERE sort_order = 7");
	char *move_on = fx_sql(owner, "SELECT id FROM cas3_move_on_category WHERE sort_order = 4");
	char a[16], d[16], today[16];
	char *last;

	(void)state;
	assert_int_equal(book(bed, fx_day(owner, 10, a), fx_day(owner, 30, d), NULL, &err),
			 CT_CONFLICT);
	assert_int_equal(cas3_booking_depart(hpt, id, version_of(id), fx_day(owner, 0, today), reason,
					     move_on, "moved out early", &err), CT_OK);
	last = fx_sql(owner, "SELECT upper(during) - 1 = cas3_add_working_days(current_date, 2)"
			     " FROM cas3_occupancy WHERE booking_id = '%s'", id);
	assert_string_equal(last, "t");
	free(last);
	assert_int_equal(book(bed, fx_day(owner, 10, a), fx_day(owner, 30, d), NULL, &err), CT_OK);
	/* a departure cannot be in the future */
	free(id);
	free(bed);
	bed = fx_bedspace(owner, prem2, "FUT", "2026-01-01", "");
	id = arrived_booking(bed, -1, 20);
	assert_int_equal(cas3_booking_depart(hpt, id, 0, fx_day(owner, 3, d), reason, move_on, NULL,
					     &err), CT_USAGE);
	assert_non_null(strstr(err.buf, "today or in the past"));
	free(id);
	free(reason);
	free(move_on);
	free(bed);
	sb_release(&err);
}

static void test_each_lifecycle_step_appends_its_record_and_one_event(void **state)
{
	struct strbuf err = STRBUF_INIT;
	char *bed = fx_bedspace(owner, prem2, "LIFE", "2026-01-01", "");
	char *reason = fx_sql(owner, "SELECT id FROM cas3_departure_reason WHERE sort_order = 7");
	char *move_on = fx_sql(owner, "SELECT id FROM cas3_move_on_category WHERE sort_order = 4");
	char a[16], d[16], e[16], today[16];
	char *id = NULL, *type;
	long outbox, audit;
	struct cas3_booking b;

	(void)state;
	fx_day(owner, -3, a);
	fx_day(owner, 30, d);
	outbox = fx_num(owner, "SELECT count(*) FROM outbox");
	audit = fx_num(owner, "SELECT count(*) FROM audit_log");

#define LAST_EVENT() fx_sql(owner, "SELECT event_type FROM outbox ORDER BY seq DESC LIMIT 1")
#define STEP(event)                                                                          \
	do {                                                                                 \
		outbox++;                                                                    \
		audit++;                                                                     \
		assert_int_equal(fx_num(owner, "SELECT count(*) FROM outbox"), outbox);     \
		assert_int_equal(fx_num(owner, "SELECT count(*) FROM audit_log"), audit);   \
		type = LAST_EVENT();                                                         \
		assert_string_equal(type, event);                                            \
		free(type);                                                                  \
	} while (0)

	assert_int_equal(book(bed, a, d, &id, &err), CT_OK);
	STEP("accommodation.cas3.booking.provisionally-made");
	assert_int_equal(fx_num(owner, "SELECT count(*) FROM cas3_turnaround WHERE booking_id = '%s'",
				id), 1);
	/* the wrong next step is refused by the domain's state machine */
	assert_int_equal(cas3_booking_arrive(hpt, id, 0, a, d, NULL, &err), CT_USAGE);
	assert_non_null(strstr(err.buf, "Provisional"));

	assert_int_equal(cas3_booking_confirm(hpt, id, version_of(id), "told the PP", &err), CT_OK);
	STEP("accommodation.cas3.booking.confirmed");
	assert_int_equal(fx_num(owner, "SELECT count(*) FROM cas3_confirmation WHERE booking_id = '%s'",
				id), 1);
	/* saving over a newer version is refused and says who changed it */
	assert_int_equal(cas3_booking_arrive(hpt, id, 1, a, d, NULL, &err), CT_CONFLICT);
	assert_non_null(strstr(err.buf, "Sam Okafor"));

	assert_int_equal(cas3_booking_arrive(hpt, id, version_of(id), a, d, NULL, &err), CT_OK);
	STEP("accommodation.cas3.person.arrived");
	assert_int_equal(fx_num(owner, "SELECT count(*) FROM cas3_arrival WHERE booking_id = '%s'",
				id), 1);

	assert_int_equal(cas3_booking_extend(hpt, id, version_of(id), fx_day(owner, 40, e), NULL,
					     &err), CT_OK);
	STEP("accommodation.cas3.person.arrived.updated");
	assert_int_equal(cas3_booking_extend(hpt, id, version_of(id), fx_day(owner, 35, e), NULL,
					     &err), CT_OK);
	STEP("accommodation.cas3.person.arrived.updated");
	assert_int_equal(fx_num(owner, "SELECT count(*) FROM cas3_extension WHERE booking_id = '%s'",
				id), 2);

	assert_int_equal(cas3_booking_change_turnaround(hpt, id, version_of(id), 3, &err), CT_OK);
	outbox--; /* no event for a turnaround (§6.2), audit only */
	STEP("accommodation.cas3.person.arrived.updated");
	assert_int_equal(fx_num(owner, "SELECT count(*) FROM cas3_turnaround WHERE booking_id = '%s'",
				id), 2);
	assert_int_equal(fx_num(owner, "SELECT turnaround_working_days FROM cas3_booking"
				" WHERE id = '%s'", id), 3);

	assert_int_equal(cas3_booking_depart(hpt, id, version_of(id), fx_day(owner, 0, today), reason,
					     move_on, NULL, &err), CT_OK);
	STEP("accommodation.cas3.person.departed");
	assert_int_equal(fx_num(owner, "SELECT count(*) FROM outbox WHERE event_type ="
				" 'accommodation.cas3.person.departed' AND payload->>'bookingId' = '%s'"
				" AND payload->>'reason' = 'Planned Move on'"
				" AND payload->'recordedBy'->>'staffCode' = 'N07HPT1'", id), 1);

	/* the records read back oldest first; departed shows as Turnaround */
	assert_int_equal(cas3_booking_get(hpt, id, &b, &err), CT_OK);
	assert_string_equal(b.status, "departed");
	assert_string_equal(b.shown_status, "departed");
	assert_true(b.n_records >= 8);
	assert_string_equal(b.records[0].kind, "provisional");
	assert_string_equal(b.records[b.n_records - 1].kind, "departure");
	assert_string_equal(b.records[b.n_records - 1].by, "Sam Okafor");
	cas3_booking_release(&b);

	/* records are appended, never changed, even by the owner */
	assert_false(fx_ok(owner, "UPDATE cas3_arrival SET notes = 'x' WHERE booking_id = '%s'", id));
	assert_false(fx_ok(owner, "DELETE FROM cas3_departure WHERE booking_id = '%s'", id));
#undef STEP
#undef LAST_EVENT
	free(id);
	free(reason);
	free(move_on);
	free(bed);
	sb_release(&err);
}

static void test_a_lost_race_offers_the_next_free_bedspace(void **state)
{
	struct strbuf err = STRBUF_INIT;
	struct cas3_booking_input in;
	char *prem = fx_premises(owner, "NEXT", FX_PDU_K2, 2, "isSingleOccupancy");
	char *one = fx_bedspace(owner, prem, "1", "2026-01-01", "");
	char *two = fx_bedspace(owner, prem, "2", "2026-01-01", "");
	char *id = NULL, *next = NULL;

	(void)state;
	assert_int_equal(book(one, "2027-08-02", "2027-08-30", NULL, &err), CT_OK);
	memset(&in, 0, sizeof in);
	in.bedspace_id = one;
	in.crn = "D002399";
	in.arrival_date = "2027-08-10";
	in.departure_date = "2027-09-10";
	assert_int_equal(cas3_booking_create(hpt, &in, NULL, &id, &next, &err), CT_CONFLICT);
	assert_null(id);
	assert_non_null(strstr(err.buf, "Bedspace 1 at NEXT is no longer free from 2027-08-10 to "
					"2027-09-10"));
	assert_non_null(next);
	assert_string_equal(next, two);
	/* the offered bedspace books */
	in.bedspace_id = next;
	assert_int_equal(cas3_booking_create(hpt, &in, NULL, &id, NULL, &err), CT_OK);
	free(id);
	free(next);
	free(one);
	free(two);
	free(prem);
	sb_release(&err);
}

static void test_date_rules_come_from_the_domain(void **state)
{
	struct strbuf err = STRBUF_INIT;
	char *bed = fx_bedspace(owner, prem2, "RULES", "2027-01-10", "");

	(void)state;
	assert_int_equal(book(bed, "2027-02-10", "2027-02-01", NULL, &err), CT_USAGE);
	assert_non_null(strstr(err.buf, "on or after the arrival date"));
	assert_int_equal(book(bed, "2027-02-01", "2027-06-01", NULL, &err), CT_USAGE);
	assert_non_null(strstr(err.buf, "84 nights"));
	assert_int_equal(book(bed, "2027-01-05", "2027-02-01", NULL, &err), CT_USAGE);
	assert_non_null(strstr(err.buf, "before the bedspace is available"));
	free(bed);
	sb_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sql_working_days_agree_with_the_domain),
		cmocka_unit_test(test_adjacent_bookings_are_allowed),
		cmocka_unit_test(test_turnaround_blocks_the_next_working_days_over_a_weekend),
		cmocka_unit_test(test_turnaround_skips_christmas_bank_holidays_2026),
		cmocka_unit_test(test_a_void_blocks_bookings_and_their_turnaround),
		cmocka_unit_test(test_cancelling_a_booking_frees_the_dates),
		cmocka_unit_test(test_extending_into_another_booking_is_refused),
		cmocka_unit_test(test_an_earlier_departure_shrinks_the_range),
		cmocka_unit_test(test_each_lifecycle_step_appends_its_record_and_one_event),
		cmocka_unit_test(test_a_lost_race_offers_the_next_free_bedspace),
		cmocka_unit_test(test_date_rules_come_from_the_domain),
	};

	if (!dbtest_available())
		return DBTEST_SKIP;
	return cmocka_run_group_tests(tests, setup, teardown);
}
