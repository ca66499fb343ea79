/* test_dates.c: calendar arithmetic. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/dates.h"

static void test_validity(void **state)
{
	(void)state;
	assert_true(date_valid(2024, 2, 29));
	assert_false(date_valid(2023, 2, 29));
	assert_false(date_valid(1900, 2, 29));
	assert_true(date_valid(2000, 2, 29));
	assert_false(date_valid(2026, 4, 31));
	assert_false(date_valid(2026, 13, 1));
	assert_false(date_valid(2026, 0, 1));
	assert_false(date_valid(0, 1, 1));
}

static void test_round_trip_and_weekday(void **state)
{
	struct ymd t = {2026, 11, 24};
	long d = date_to_days(t), i;
	struct ymd back;

	(void)state;
	assert_int_equal(date_to_days((struct ymd){1970, 1, 1}), 0);
	assert_int_equal(date_weekday(d), 1); /* 24 November 2026 is a Tuesday */
	for (i = -800000; i < 800000; i += 997) {
		back = date_from_days(i);
		assert_int_equal(date_to_days(back), i);
	}
}

static void test_parse_iso(void **state)
{
	struct ymd t;

	(void)state;
	assert_true(date_parse_iso("2026-12-25", &t));
	assert_int_equal(t.y, 2026);
	assert_int_equal(t.m, 12);
	assert_int_equal(t.d, 25);
	assert_false(date_parse_iso("2026-02-30", &t));
	assert_false(date_parse_iso("2026-2-3", &t));
	assert_false(date_parse_iso("2026-02-03x", &t));
	assert_false(date_parse_iso("", &t));
	assert_false(date_parse_iso(NULL, &t));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_validity),
		cmocka_unit_test(test_round_trip_and_weekday),
		cmocka_unit_test(test_parse_iso),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
