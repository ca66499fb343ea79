/* test_booking.c: every (state, action) pair of the CAS3 booking state machine,
 * the derived status, and the date rules of each action at their edges. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "domain/domain.h"
#include "util/dates.h"

static long D(int y, int m, int d)
{
	return date_to_days((struct ymd){y, m, d});
}

#define P BOOKING_PROVISIONAL
#define C BOOKING_CONFIRMED
#define A BOOKING_ARRIVED
#define N BOOKING_NOT_ARRIVED
#define DP BOOKING_DEPARTED
#define CL BOOKING_CLOSED
#define X BOOKING_CANCELLED
#define NO (-1) /* refused */

/* expected[state][action]: the next state, or NO.  Written out in full from
 * accommodation.md §1.4 "Allowed actions per status" so that a change to the
 * machine has to change this table too. */
static const int expected[BOOKING_STATE_COUNT][BOOKING_ACTION_COUNT] = {
	/*                 CONFIRM ARRIVE CHG_ARR EXTEND OVERSTAY DEPART UPD_DEP CANCEL UPD_CAN TURN NON_ARR */
	[BOOKING_PROVISIONAL] = {C, NO, NO, NO, NO, NO, NO, X, NO, P, NO},
	[BOOKING_CONFIRMED] = {NO, A, NO, NO, NO, NO, NO, X, NO, C, NO},
	[BOOKING_ARRIVED] = {NO, NO, A, A, A, DP, NO, NO, NO, A, NO},
	[BOOKING_NOT_ARRIVED] = {NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO},
	[BOOKING_DEPARTED] = {NO, NO, NO, NO, NO, NO, DP, NO, NO, DP, NO},
	[BOOKING_CLOSED] = {NO, NO, NO, NO, NO, NO, DP, NO, NO, CL, NO},
	[BOOKING_CANCELLED] = {NO, NO, NO, NO, NO, NO, NO, NO, X, NO, NO},
};

static void test_every_state_action_pair(void **state)
{
	unsigned s, a, allowed = 0;

	(void)state;
	for (s = 0; s < BOOKING_STATE_COUNT; s++) {
		for (a = 0; a < BOOKING_ACTION_COUNT; a++) {
			enum booking_state next = (enum booking_state)99;
			const char *why = "unset";
			bool ok = booking_can((enum booking_state)s, (enum booking_action)a, &next,
					      &why);

			if (expected[s][a] == NO) {
				if (ok)
					fail_msg("%s allowed for %s", booking_action_key(a),
						 booking_state_value(s));
				assert_int_equal(next, 99); /* untouched */
				assert_non_null(why);
				assert_true(strlen(why) > 10);
			} else {
				if (!ok)
					fail_msg("%s refused for %s: %s", booking_action_key(a),
						 booking_state_value(s), why);
				assert_int_equal(next, expected[s][a]);
				assert_null(why);
				allowed++;
			}
		}
	}
	assert_int_equal(allowed, 16);
}

static void test_refusals_say_what_to_do(void **state)
{
	const char *why;

	(void)state;
	assert_false(booking_can(BOOKING_CONFIRMED, BOOKING_ACT_CONFIRM, NULL, &why));
	assert_non_null(strstr(why, "already confirmed"));
	assert_false(booking_can(BOOKING_PROVISIONAL, BOOKING_ACT_ARRIVE, NULL, &why));
	assert_non_null(strstr(why, "Confirm the booking"));
	assert_false(booking_can(BOOKING_ARRIVED, BOOKING_ACT_ARRIVE, NULL, &why));
	assert_non_null(strstr(why, "Change arrival date"));
	assert_false(booking_can(BOOKING_ARRIVED, BOOKING_ACT_CANCEL, NULL, &why));
	assert_non_null(strstr(why, "departed instead"));
	assert_false(booking_can(BOOKING_CLOSED, BOOKING_ACT_CANCEL, NULL, &why));
	assert_non_null(strstr(why, "no longer be cancelled"));
	assert_false(booking_can(BOOKING_DEPARTED, BOOKING_ACT_DEPART, NULL, &why));
	assert_non_null(strstr(why, "Update departure details"));
	assert_false(booking_can(BOOKING_CONFIRMED, BOOKING_ACT_DEPART, NULL, &why));
	assert_non_null(strstr(why, "not arrived yet"));
	assert_false(booking_can(BOOKING_CONFIRMED, BOOKING_ACT_EXTEND, NULL, &why));
	assert_non_null(strstr(why, "after the person has arrived"));
	assert_false(booking_can(BOOKING_CANCELLED, BOOKING_ACT_CHANGE_TURNAROUND, NULL, &why));
	assert_non_null(strstr(why, "cancelled"));
	assert_false(booking_can(BOOKING_PROVISIONAL, BOOKING_ACT_NON_ARRIVAL, NULL, &why));
	assert_non_null(strstr(why, "failed to arrive"));
	assert_false(booking_can(BOOKING_NOT_ARRIVED, BOOKING_ACT_CANCEL, NULL, &why));
	assert_non_null(strstr(why, "old non-arrival"));
	assert_false(booking_can(BOOKING_PROVISIONAL, BOOKING_ACT_UPDATE_CANCELLATION, NULL, &why));
	assert_string_equal(why, "This booking is not cancelled.");
	/* out of range values are refused, not read past the tables */
	assert_false(booking_can((enum booking_state)42, BOOKING_ACT_CONFIRM, NULL, &why));
	assert_false(booking_can(BOOKING_ARRIVED, (enum booking_action)42, NULL, &why));
	assert_non_null(why);
	/* NULL next and why are allowed */
	assert_true(booking_can(BOOKING_PROVISIONAL, BOOKING_ACT_CONFIRM, NULL, NULL));
	assert_false(booking_can(BOOKING_PROVISIONAL, BOOKING_ACT_DEPART, NULL, NULL));
}

static void test_actions_in_service_order(void **state)
{
	enum booking_action v[BOOKING_ACTION_COUNT];
	size_t n;

	(void)state;
	n = booking_actions(BOOKING_PROVISIONAL, v);
	assert_int_equal(n, 3);
	assert_int_equal(v[0], BOOKING_ACT_CONFIRM);
	assert_int_equal(v[1], BOOKING_ACT_CANCEL);
	assert_int_equal(v[2], BOOKING_ACT_CHANGE_TURNAROUND);
	n = booking_actions(BOOKING_ARRIVED, v);
	assert_int_equal(n, 5);
	assert_int_equal(v[0], BOOKING_ACT_DEPART);
	assert_int_equal(v[1], BOOKING_ACT_EXTEND);
	assert_int_equal(v[4], BOOKING_ACT_CHANGE_TURNAROUND);
	n = booking_actions(BOOKING_CANCELLED, v);
	assert_int_equal(n, 1);
	assert_int_equal(v[0], BOOKING_ACT_UPDATE_CANCELLATION);
	assert_int_equal(booking_actions(BOOKING_NOT_ARRIVED, v), 0);
	assert_int_equal(booking_actions(BOOKING_CLOSED, v), 2);
}

static void test_names_and_labels(void **state)
{
	enum booking_state s;

	(void)state;
	assert_string_equal(booking_state_value(BOOKING_NOT_ARRIVED), "notMinusArrived");
	assert_string_equal(booking_state_label(BOOKING_ARRIVED), "Active");
	assert_string_equal(booking_state_label(BOOKING_DEPARTED), "Turnaround");
	assert_string_equal(booking_state_label(BOOKING_CLOSED), "Departed");
	assert_string_equal(booking_action_label(BOOKING_ACT_ARRIVE), "Mark as active");
	assert_string_equal(booking_action_key(BOOKING_ACT_CHANGE_TURNAROUND), "change-turnaround");
	assert_string_equal(booking_state_value((enum booking_state)77), "?");
	assert_true(booking_state_parse("closed", &s));
	assert_int_equal(s, BOOKING_CLOSED);
	assert_true(booking_state_parse("notMinusArrived", &s));
	assert_int_equal(s, BOOKING_NOT_ARRIVED);
	assert_false(booking_state_parse("Closed", &s));
	assert_false(booking_state_parse(NULL, &s));
	assert_string_equal(booking_problem_key(BOOKING_PROBLEM_BEFORE_ARRIVAL),
			    "beforeBookingArrivalDate");
	assert_string_equal(booking_field_name(BOOKING_FIELD_NEW_DEPARTURE_DATE), "newDepartureDate");
	assert_string_equal(booking_problem_message(BOOKING_PROBLEM_AUTHORISED_MISSING),
			    "You must confirm whether the overstay is authorised");
}

static void test_derived_status(void **state)
{
	long hols[] = {D(2026, 12, 25), D(2026, 12, 28), D(2027, 1, 1)};
	struct bank_holidays h = {hols, 3};
	struct booking_facts f;

	(void)state;
	memset(&f, 0, sizeof(f));
	assert_int_equal(booking_derive_state(&f, D(2026, 12, 1), &h), BOOKING_PROVISIONAL);
	f.has_confirmation = true;
	assert_int_equal(booking_derive_state(&f, D(2026, 12, 1), &h), BOOKING_CONFIRMED);
	f.has_non_arrival = true;
	assert_int_equal(booking_derive_state(&f, D(2026, 12, 1), &h), BOOKING_NOT_ARRIVED);
	f.has_non_arrival = false;
	f.has_arrival = true;
	assert_int_equal(booking_derive_state(&f, D(2026, 12, 1), &h), BOOKING_ARRIVED);
	/* departed Thursday 24 December 2026 with 2 working days: 29 and 30 December */
	f.has_departure = true;
	f.departure_date = D(2026, 12, 24);
	f.turnaround_working_days = 2;
	assert_int_equal(booking_derive_state(&f, D(2026, 12, 24), &h), BOOKING_DEPARTED);
	assert_int_equal(booking_derive_state(&f, D(2026, 12, 30), &h), BOOKING_DEPARTED);
	assert_int_equal(booking_derive_state(&f, D(2026, 12, 31), &h), BOOKING_CLOSED);
	/* without the bank holidays the turnaround would end on 28 December */
	assert_int_equal(booking_derive_state(&f, D(2026, 12, 29), NULL), BOOKING_CLOSED);
	/* a 0-day turnaround closes at once */
	f.turnaround_working_days = 0;
	assert_int_equal(booking_derive_state(&f, D(2026, 12, 24), &h), BOOKING_CLOSED);
	/* a cancellation wins over everything */
	f.has_cancellation = true;
	assert_int_equal(booking_derive_state(&f, D(2026, 12, 24), &h), BOOKING_CANCELLED);
}

static void test_nights_and_overstay(void **state)
{
	long a = D(2026, 1, 1);

	(void)state;
	assert_int_equal(booking_nights(a, a + 84), 84);
	assert_false(booking_is_overstay(a, a + 83));
	assert_false(booking_is_overstay(a, a + 84)); /* exactly 84 nights is allowed */
	assert_true(booking_is_overstay(a, a + 85));
}

static void assert_only(const struct booking_problems *p, enum booking_problem_code c,
			enum booking_field f)
{
	assert_int_equal(p->n, 1);
	assert_int_equal(p->v[0].code, c);
	assert_int_equal(p->v[0].field, f);
}

static void test_check_new(void **state)
{
	struct booking_problems p;
	long a = D(2026, 9, 1), start = D(2026, 8, 1), end = D(2027, 1, 31);

	(void)state;
	assert_true(booking_check_new(a, a + 84, start, end, &p));
	assert_int_equal(p.n, 0);
	assert_true(booking_check_new(a, a, start, BOOKING_NO_DATE, &p)); /* same day */
	assert_false(booking_check_new(a, a - 1, start, end, &p));
	assert_only(&p, BOOKING_PROBLEM_BEFORE_ARRIVAL, BOOKING_FIELD_DEPARTURE_DATE);
	assert_false(booking_check_new(a, a + 85, start, end, &p));
	assert_only(&p, BOOKING_PROBLEM_EXCEEDS_MAX_NIGHTS, BOOKING_FIELD_DEPARTURE_DATE);
	/* bedspace start date: at it is fine, the day before is not */
	assert_true(booking_check_new(start, start + 10, start, end, &p));
	assert_false(booking_check_new(start - 1, start + 10, start, end, &p));
	assert_only(&p, BOOKING_PROBLEM_BEFORE_BEDSPACE_START, BOOKING_FIELD_ARRIVAL_DATE);
	assert_true(booking_check_new(start - 1, start + 10, BOOKING_NO_DATE, end, &p));
	/* bedspace end date: "endDate < departureDate" is archived */
	assert_true(booking_check_new(end - 10, end, start, end, &p));
	assert_false(booking_check_new(end - 10, end + 1, start, end, &p));
	assert_only(&p, BOOKING_PROBLEM_BEDSPACE_ARCHIVED, BOOKING_FIELD_DEPARTURE_DATE);
	/* several problems at once, each named */
	assert_false(booking_check_new(start - 1, start - 2, start, start - 5, &p));
	assert_int_equal(p.n, 3);
	assert_true(booking_problems_has(&p, BOOKING_PROBLEM_BEFORE_BEDSPACE_START));
	assert_true(booking_problems_has(&p, BOOKING_PROBLEM_BEFORE_ARRIVAL));
	assert_true(booking_problems_has(&p, BOOKING_PROBLEM_BEDSPACE_ARCHIVED));
	assert_false(booking_problems_has(&p, BOOKING_PROBLEM_EXCEEDS_MAX_NIGHTS));
}

static void test_check_arrival(void **state)
{
	struct booking_problems p;
	long today = D(2026, 11, 24);

	(void)state;
	assert_true(booking_check_arrival(today, today + 84, today, false, &p));
	assert_false(booking_check_arrival(today + 1, today + 30, today, false, &p));
	assert_only(&p, BOOKING_PROBLEM_ARRIVAL_IN_FUTURE, BOOKING_FIELD_ARRIVAL_DATE);
	/* 14 days ago is the limit */
	assert_true(booking_check_arrival(today - 14, today + 30, today, false, &p));
	assert_false(booking_check_arrival(today - 15, today + 30, today, false, &p));
	assert_only(&p, BOOKING_PROBLEM_ARRIVAL_TOO_LONG_AGO, BOOKING_FIELD_ARRIVAL_DATE);
	/* expected departure: the arrival day itself is allowed, the day before not */
	assert_true(booking_check_arrival(today, today, today, false, &p));
	assert_false(booking_check_arrival(today, today - 1, today, false, &p));
	assert_only(&p, BOOKING_PROBLEM_BEFORE_ARRIVAL, BOOKING_FIELD_EXPECTED_DEPARTURE_DATE);
	/* 84 nights */
	assert_true(booking_check_arrival(today - 3, today - 3 + 84, today, false, &p));
	assert_false(booking_check_arrival(today - 3, today - 3 + 85, today, false, &p));
	assert_only(&p, BOOKING_PROBLEM_EXCEEDS_MAX_NIGHTS, BOOKING_FIELD_EXPECTED_DEPARTURE_DATE);
	/* changing the arrival date keeps the departure; no 84-night check */
	assert_true(booking_check_arrival(today - 3, today - 3 + 100, today, true, &p));
	assert_false(booking_check_arrival(today, today - 1, today, true, &p));
	assert_only(&p, BOOKING_PROBLEM_BEFORE_ARRIVAL, BOOKING_FIELD_ARRIVAL_DATE);
	assert_false(booking_check_arrival(today - 20, today + 10, today, true, &p));
	assert_only(&p, BOOKING_PROBLEM_ARRIVAL_TOO_LONG_AGO, BOOKING_FIELD_ARRIVAL_DATE);
}

static void test_check_departure(void **state)
{
	struct booking_problems p;
	long today = D(2026, 11, 24), arr = D(2026, 9, 1);
	bool over = true;

	(void)state;
	/* 1 September to 24 November 2026 is exactly 84 nights: not an overstay */
	assert_int_equal(booking_nights(arr, today), 84);
	assert_true(booking_check_departure(today, arr, today, &over, &p));
	assert_false(over);
	assert_true(booking_check_departure(arr + 85, arr, arr + 90, &over, &p));
	assert_true(over);
	assert_true(booking_check_departure(arr, arr, today, NULL, &p)); /* same day */
	assert_false(booking_check_departure(arr - 1, arr, today, &over, &p));
	assert_only(&p, BOOKING_PROBLEM_BEFORE_ARRIVAL, BOOKING_FIELD_DEPARTURE_DATE);
	assert_false(booking_check_departure(today + 1, arr, today, &over, &p));
	assert_only(&p, BOOKING_PROBLEM_DEPARTURE_IN_FUTURE, BOOKING_FIELD_DEPARTURE_DATE);
}

static void test_check_extension_and_overstay(void **state)
{
	struct booking_problems p;
	long arr = D(2026, 9, 1);

	(void)state;
	/* extend or shorten: any date from the arrival up to 84 nights */
	assert_true(booking_check_extension(arr + 10, arr, &p));
	assert_true(booking_check_extension(arr, arr, &p));
	assert_true(booking_check_extension(arr + 84, arr, &p));
	assert_false(booking_check_extension(arr - 1, arr, &p));
	assert_only(&p, BOOKING_PROBLEM_BEFORE_ARRIVAL, BOOKING_FIELD_NEW_DEPARTURE_DATE);
	assert_false(booking_check_extension(arr + 85, arr, &p));
	assert_only(&p, BOOKING_PROBLEM_OVERSTAY_REQUIRED, BOOKING_FIELD_NEW_DEPARTURE_DATE);
	/* overstay: past 84 nights and answered */
	assert_true(booking_check_overstay(arr + 85, arr, true, &p));
	assert_false(booking_check_overstay(arr + 84, arr, true, &p));
	assert_only(&p, BOOKING_PROBLEM_NOT_AN_OVERSTAY, BOOKING_FIELD_NEW_DEPARTURE_DATE);
	assert_false(booking_check_overstay(arr + 85, arr, false, &p));
	assert_only(&p, BOOKING_PROBLEM_AUTHORISED_MISSING, BOOKING_FIELD_IS_AUTHORISED);
	assert_false(booking_check_overstay(arr - 1, arr, false, &p));
	assert_int_equal(p.n, 2);
	assert_int_equal(p.v[0].code, BOOKING_PROBLEM_BEFORE_ARRIVAL);
	assert_int_equal(p.v[1].code, BOOKING_PROBLEM_AUTHORISED_MISSING);
}

static void test_check_turnaround(void **state)
{
	struct booking_problems p;

	(void)state;
	assert_true(booking_check_turnaround(0, &p));
	assert_true(booking_check_turnaround(2, &p));
	assert_false(booking_check_turnaround(-1, &p));
	assert_only(&p, BOOKING_PROBLEM_NEGATIVE_WORKING_DAYS, BOOKING_FIELD_WORKING_DAYS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_state_action_pair),
		cmocka_unit_test(test_refusals_say_what_to_do),
		cmocka_unit_test(test_actions_in_service_order),
		cmocka_unit_test(test_names_and_labels),
		cmocka_unit_test(test_derived_status),
		cmocka_unit_test(test_nights_and_overstay),
		cmocka_unit_test(test_check_new),
		cmocka_unit_test(test_check_arrival),
		cmocka_unit_test(test_check_departure),
		cmocka_unit_test(test_check_extension_and_overstay),
		cmocka_unit_test(test_check_turnaround),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
