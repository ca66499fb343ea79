/* test_workdays.c: working days across weekends, Christmas, New Year and Easter
 * with the real England and Wales bank holidays, and CAS3 turnaround ranges. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/domain.h"
#include "util/dates.h"

static long D(int y, int m, int d)
{
	return date_to_days((struct ymd){y, m, d});
}

/* From fixtures/accommodation/bank-holidays-england-and-wales.json, 2025-12 to
 * 2028-01 (substitute days included). */
static long hol_days[19];
static struct bank_holidays hol = {hol_days, 19};

static int setup(void **state)
{
	static const struct ymd t[19] = {
		{2025, 12, 25}, {2025, 12, 26}, {2026, 1, 1},  {2026, 4, 3},   {2026, 4, 6},
		{2026, 5, 4},   {2026, 5, 25},  {2026, 8, 31}, {2026, 12, 25}, {2026, 12, 28},
		{2027, 1, 1},   {2027, 3, 26},  {2027, 3, 29}, {2027, 5, 3},   {2027, 5, 31},
		{2027, 8, 30},  {2027, 12, 27}, {2027, 12, 28}, {2028, 1, 3},
	};
	int i;

	(void)state;
	for (i = 0; i < 19; i++)
		hol_days[i] = date_to_days(t[i]);
	return 0;
}

static void assert_day(long got, int y, int m, int d)
{
	struct ymd g = date_from_days(got);

	if (g.y != y || g.m != m || g.d != d)
		fail_msg("got %04d-%02d-%02d, expected %04d-%02d-%02d", g.y, g.m, g.d, y, m, d);
}

static void test_holiday_list(void **state)
{
	long unsorted[] = {D(2026, 12, 28), D(2026, 12, 25)};
	long dup[] = {D(2026, 12, 25), D(2026, 12, 25)};
	struct bank_holidays bad = {unsorted, 2}, twice = {dup, 2}, none = {NULL, 0};
	struct bank_holidays broken = {NULL, 3};

	(void)state;
	assert_true(bank_holidays_valid(&hol));
	assert_true(bank_holidays_valid(NULL));
	assert_true(bank_holidays_valid(&none));
	assert_false(bank_holidays_valid(&bad));
	assert_false(bank_holidays_valid(&twice));
	assert_false(bank_holidays_valid(&broken));
	/* first, middle and last entries are found; the days around are not */
	assert_true(is_bank_holiday(D(2025, 12, 25), &hol));
	assert_true(is_bank_holiday(D(2026, 12, 28), &hol));
	assert_true(is_bank_holiday(D(2028, 1, 3), &hol));
	assert_false(is_bank_holiday(D(2025, 12, 24), &hol));
	assert_false(is_bank_holiday(D(2026, 12, 26), &hol)); /* Boxing Day is a Saturday */
	assert_false(is_bank_holiday(D(2028, 1, 4), &hol));
	assert_false(is_bank_holiday(D(2026, 12, 25), NULL));
	assert_false(is_bank_holiday(D(2026, 12, 25), &none));
}

static void test_working_day(void **state)
{
	(void)state;
	assert_true(is_working_day(D(2026, 11, 27), &hol));  /* Friday */
	assert_false(is_working_day(D(2026, 11, 28), &hol)); /* Saturday */
	assert_false(is_working_day(D(2026, 11, 29), &hol)); /* Sunday */
	assert_true(is_working_day(D(2026, 11, 30), &hol));  /* Monday */
	assert_false(is_working_day(D(2026, 12, 25), &hol)); /* Christmas, a Friday */
	assert_true(is_working_day(D(2026, 12, 25), NULL));  /* ... without the list */
	assert_false(is_working_day(D(2026, 12, 28), &hol)); /* Boxing Day substitute */
	assert_true(is_working_day(D(2026, 12, 29), &hol));
	assert_false(is_working_day(D(2027, 3, 26), &hol)); /* Good Friday 2027 */
	assert_false(is_working_day(D(2027, 3, 29), &hol)); /* Easter Monday 2027 */
}

static void test_add_across_weekend(void **state)
{
	(void)state;
	/* 0 days is the day itself, even a Saturday (addWorkingDays with 0) */
	assert_day(add_working_days(D(2026, 11, 28), 0, &hol), 2026, 11, 28);
	assert_day(add_working_days(D(2026, 11, 26), 1, &hol), 2026, 11, 27); /* Thu -> Fri */
	assert_day(add_working_days(D(2026, 11, 27), 1, &hol), 2026, 11, 30); /* Fri -> Mon */
	assert_day(add_working_days(D(2026, 11, 27), 2, &hol), 2026, 12, 1);
	assert_day(add_working_days(D(2026, 11, 28), 1, &hol), 2026, 11, 30); /* Sat -> Mon */
	assert_day(add_working_days(D(2026, 11, 29), 1, &hol), 2026, 11, 30); /* Sun -> Mon */
	assert_day(add_working_days(D(2026, 11, 30), 5, &hol), 2026, 12, 7);  /* a whole week */
	assert_day(next_working_day(D(2026, 11, 27), &hol), 2026, 11, 30);
	assert_day(previous_working_day(D(2026, 11, 30), &hol), 2026, 11, 27);
	assert_day(add_working_days(D(2026, 11, 30), -1, &hol), 2026, 11, 27);
}

static void test_add_across_christmas_and_new_year(void **state)
{
	(void)state;
	/* 2026: Christmas Friday 25th, Boxing Day substitute Monday 28th,
	 * New Year's Day Friday 1 January 2027 */
	assert_day(add_working_days(D(2026, 12, 23), 1, &hol), 2026, 12, 24);
	assert_day(add_working_days(D(2026, 12, 24), 1, &hol), 2026, 12, 29);
	assert_day(add_working_days(D(2026, 12, 24), 2, &hol), 2026, 12, 30);
	assert_day(add_working_days(D(2026, 12, 24), 3, &hol), 2026, 12, 31);
	assert_day(add_working_days(D(2026, 12, 24), 4, &hol), 2027, 1, 4);
	assert_day(add_working_days(D(2026, 12, 31), 1, &hol), 2027, 1, 4);
	assert_day(add_working_days(D(2026, 12, 25), 1, &hol), 2026, 12, 29); /* from a holiday */
	/* the same days with no bank holidays given */
	assert_day(add_working_days(D(2026, 12, 24), 1, NULL), 2026, 12, 25);
	assert_day(add_working_days(D(2026, 12, 24), 2, NULL), 2026, 12, 28);
	/* 2027: Christmas and Boxing Day fall at the weekend, substitutes Mon 27
	 * and Tue 28; New Year's Day 2028 is a Saturday, substitute Mon 3 Jan */
	assert_day(add_working_days(D(2027, 12, 23), 1, &hol), 2027, 12, 24);
	assert_day(add_working_days(D(2027, 12, 23), 2, &hol), 2027, 12, 29);
	assert_day(add_working_days(D(2027, 12, 24), 1, &hol), 2027, 12, 29);
	assert_day(add_working_days(D(2027, 12, 31), 1, &hol), 2028, 1, 4);
	/* backwards over the same days */
	assert_day(add_working_days(D(2027, 1, 4), -1, &hol), 2026, 12, 31);
	assert_day(add_working_days(D(2026, 12, 29), -1, &hol), 2026, 12, 24);
	assert_day(add_working_days(D(2028, 1, 4), -2, &hol), 2027, 12, 30);
}

static void test_add_across_easter(void **state)
{
	(void)state;
	/* 2026: Good Friday 3 April, Easter Monday 6 April */
	assert_day(add_working_days(D(2026, 4, 2), 1, &hol), 2026, 4, 7);
	assert_day(add_working_days(D(2026, 4, 2), 2, &hol), 2026, 4, 8);
	assert_day(add_working_days(D(2026, 4, 1), 2, &hol), 2026, 4, 7);
	/* 2027: Good Friday 26 March, Easter Monday 29 March */
	assert_day(add_working_days(D(2027, 3, 25), 1, &hol), 2027, 3, 30);
	assert_day(add_working_days(D(2027, 3, 24), 2, &hol), 2027, 3, 30);
	assert_day(add_working_days(D(2027, 3, 30), -1, &hol), 2027, 3, 25);
}

static void test_count(void **state)
{
	(void)state;
	/* Mon 21 Dec 2026 .. Sun 3 Jan 2027: 21-24 and 29-31 */
	assert_int_equal(count_working_days(D(2026, 12, 21), D(2027, 1, 3), &hol), 7);
	assert_int_equal(count_working_days(D(2026, 12, 21), D(2027, 1, 3), NULL), 10);
	assert_int_equal(count_working_days(D(2026, 12, 24), D(2026, 12, 24), &hol), 1);
	assert_int_equal(count_working_days(D(2026, 12, 25), D(2026, 12, 25), &hol), 0);
	assert_int_equal(count_working_days(D(2026, 12, 29), D(2026, 12, 24), &hol), 0);
	assert_int_equal(count_working_days(D(2026, 4, 1), D(2026, 4, 10), &hol), 6);
}

static void test_ranges(void **state)
{
	struct day_range a = {10, 20}, b = {20, 30}, c = {19, 21}, e = {5, 5};

	(void)state;
	assert_false(day_ranges_overlap(a, b)); /* adjacent half-open ranges */
	assert_true(day_ranges_overlap(a, c));
	assert_true(day_ranges_overlap(c, b));
	assert_false(day_ranges_overlap(a, e));
	assert_false(day_ranges_overlap((struct day_range){12, 12}, a)); /* empty inside */
	assert_true(day_range_contains(a, 10));
	assert_true(day_range_contains(a, 19));
	assert_false(day_range_contains(a, 20));
	assert_false(day_range_contains(a, 9));
	assert_int_equal(day_range_days(a), 10);
	assert_int_equal(day_range_days(e), 0);
	assert_int_equal(day_range_days((struct day_range){9, 3}), 0);
	assert_true(day_range_empty(e));
}

static void test_turnaround(void **state)
{
	struct day_range r;
	long dep = D(2026, 12, 24);

	(void)state;
	assert_int_equal(CAS3_DEFAULT_TURNAROUND_WORKING_DAYS, 2);
	/* Thursday 24 December 2026, 2 working days: 29 and 30 December */
	assert_day(cas3_last_unavailable_day(dep, 2, &hol), 2026, 12, 30);
	r = cas3_turnaround_range(dep, 2, &hol);
	assert_day(r.start, 2026, 12, 25);
	assert_day(r.end, 2026, 12, 31);
	assert_false(day_range_contains(r, dep)); /* the departure day is the booking's */
	assert_true(day_range_contains(r, D(2026, 12, 30)));
	assert_false(day_range_contains(r, D(2026, 12, 31)));
	assert_false(cas3_turnaround_ended(dep, 2, D(2026, 12, 30), &hol));
	assert_true(cas3_turnaround_ended(dep, 2, D(2026, 12, 31), &hol));
	/* Friday 27 November 2026: Monday 30 and Tuesday 1 December */
	r = cas3_turnaround_range(D(2026, 11, 27), 2, &hol);
	assert_day(r.start, 2026, 11, 28);
	assert_day(r.end, 2026, 12, 2);
	/* 0 working days: no turnaround; ended the day after the departure */
	r = cas3_turnaround_range(dep, 0, &hol);
	assert_true(day_range_empty(r));
	assert_day(cas3_last_unavailable_day(dep, 0, &hol), 2026, 12, 24);
	assert_false(cas3_turnaround_ended(dep, 0, dep, &hol));
	assert_true(cas3_turnaround_ended(dep, 0, dep + 1, &hol));
	/* negative counts as 0 */
	assert_int_equal(cas3_last_unavailable_day(dep, -3, &hol), dep);
	assert_true(day_range_empty(cas3_turnaround_range(dep, -3, &hol)));
	/* Easter 2027: departure Thursday 25 March, 2 days: 30 and 31 March */
	assert_day(cas3_last_unavailable_day(D(2027, 3, 25), 2, &hol), 2027, 3, 31);
}

static void test_unavailable_range_conflicts(void **state)
{
	struct day_range first, next;

	(void)state;
	/* §1.9: a booking blocks [arrival, lastUnavailableDate], both ends included */
	first = cas3_unavailable_range(D(2026, 12, 1), D(2026, 12, 24), 2, &hol);
	assert_day(first.start, 2026, 12, 1);
	assert_day(first.end, 2026, 12, 31);
	next = cas3_unavailable_range(D(2026, 12, 30), D(2027, 1, 10), 2, &hol);
	assert_true(day_ranges_overlap(first, next)); /* arrives in the turnaround */
	next = cas3_unavailable_range(D(2026, 12, 31), D(2027, 1, 10), 2, &hol);
	assert_false(day_ranges_overlap(first, next)); /* first day after it */
	/* with no turnaround the departure day itself is still taken */
	first = cas3_unavailable_range(D(2026, 11, 1), D(2026, 12, 1), 0, &hol);
	next = cas3_unavailable_range(D(2026, 12, 1), D(2026, 12, 5), 0, &hol);
	assert_true(day_ranges_overlap(first, next));
	next = cas3_unavailable_range(D(2026, 12, 2), D(2026, 12, 5), 0, &hol);
	assert_false(day_ranges_overlap(first, next));
	/* a void [start, end] is the range [start, end + 1) */
	assert_true(day_ranges_overlap(first, (struct day_range){D(2026, 12, 1), D(2026, 12, 2)}));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_holiday_list),
		cmocka_unit_test(test_working_day),
		cmocka_unit_test(test_add_across_weekend),
		cmocka_unit_test(test_add_across_christmas_and_new_year),
		cmocka_unit_test(test_add_across_easter),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_turnaround),
		cmocka_unit_test(test_unavailable_range_conflicts),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
