/* workdays.c: working-day arithmetic and CAS3 turnaround dates; see workdays.h. */
#include "domain/workdays.h"

#include "util/dates.h"

bool bank_holidays_valid(const struct bank_holidays *h)
{
	size_t i;

	if (!h || !h->n)
		return true;
	if (!h->day)
		return false;
	for (i = 1; i < h->n; i++)
		if (h->day[i - 1] >= h->day[i])
			return false;
	return true;
}

bool is_bank_holiday(long day, const struct bank_holidays *h)
{
	size_t lo = 0, hi, mid;

	if (!h || !h->day)
		return false;
	hi = h->n;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (h->day[mid] < day)
			lo = mid + 1;
		else if (h->day[mid] > day)
			hi = mid;
		else
			return true;
	}
	return false;
}

bool is_working_day(long day, const struct bank_holidays *h)
{
	return date_weekday(day) < 5 && !is_bank_holiday(day, h);
}

long next_working_day(long day, const struct bank_holidays *h)
{
	do
		day++;
	while (!is_working_day(day, h));
	return day;
}

long previous_working_day(long day, const struct bank_holidays *h)
{
	do
		day--;
	while (!is_working_day(day, h));
	return day;
}

long add_working_days(long day, int n, const struct bank_holidays *h)
{
	for (; n > 0; n--)
		day = next_working_day(day, h);
	for (; n < 0; n++)
		day = previous_working_day(day, h);
	return day;
}

long count_working_days(long from, long to, const struct bank_holidays *h)
{
	long n = 0;

	for (; from <= to; from++)
		if (is_working_day(from, h))
			n++;
	return n;
}

bool day_range_empty(struct day_range r)
{
	return r.end <= r.start;
}

bool day_range_contains(struct day_range r, long day)
{
	return day >= r.start && day < r.end;
}

bool day_ranges_overlap(struct day_range a, struct day_range b)
{
	return !day_range_empty(a) && !day_range_empty(b) && a.start < b.end && b.start < a.end;
}

long day_range_days(struct day_range r)
{
	return day_range_empty(r) ? 0 : r.end - r.start;
}

long cas3_last_unavailable_day(long departure, int turnaround_working_days,
			       const struct bank_holidays *h)
{
	return add_working_days(departure, turnaround_working_days > 0 ? turnaround_working_days : 0,
				h);
}

struct day_range cas3_turnaround_range(long departure, int turnaround_working_days,
				       const struct bank_holidays *h)
{
	struct day_range r;

	r.start = departure + 1;
	r.end = cas3_last_unavailable_day(departure, turnaround_working_days, h) + 1;
	return r;
}

struct day_range cas3_unavailable_range(long arrival, long departure,
					int turnaround_working_days,
					const struct bank_holidays *h)
{
	struct day_range r;

	r.start = arrival;
	r.end = cas3_last_unavailable_day(departure, turnaround_working_days, h) + 1;
	return r;
}

bool cas3_turnaround_ended(long departure, int turnaround_working_days, long today,
			   const struct bank_holidays *h)
{
	return cas3_last_unavailable_day(departure, turnaround_working_days, h) < today;
}
