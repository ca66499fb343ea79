/* workdays.h: working days (Monday to Friday, not a bank holiday) and the CAS3
 * turnaround after a departure.  Pure functions over day numbers (util/dates.h). */
#ifndef CASETERM_DOMAIN_WORKDAYS_H
#define CASETERM_DOMAIN_WORKDAYS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Bank holidays as day numbers (date_to_days), sorted ascending, no repeats.
 * The caller owns the array; these functions only read it.  A NULL pointer to
 * the struct, or n == 0, means "no bank holidays".  England and Wales dates are
 * reference data loaded from the gov.uk feed's format, never fetched here.
 */
struct bank_holidays {
	const long *day;
	size_t n;
};

/* A half-open range of days [start, end): start is in it, end is not.
 * Empty when end <= start. */
struct day_range {
	long start;
	long end;
};

/* accommodation.md §1.2 / §1.5: premises default, "The standard turnaround
 * time should be 2 days". */
#define CAS3_DEFAULT_TURNAROUND_WORKING_DAYS 2

/* true when the holiday list is sorted strictly ascending (what every other
 * function assumes); NULL or empty lists are valid. */
bool bank_holidays_valid(const struct bank_holidays *h);
/* true when day is in the list (binary search). */
bool is_bank_holiday(long day, const struct bank_holidays *h);
/* accommodation.md §1.5: "Working days exclude Saturdays, Sundays and UK bank
 * holidays".  true for Monday to Friday that is not a bank holiday. */
bool is_working_day(long day, const struct bank_holidays *h);
/* The first working day strictly after day / strictly before day. */
long next_working_day(long day, const struct bank_holidays *h);
long previous_working_day(long day, const struct bank_holidays *h);
/*
 * Adds n working days to day, as the CAS3 service's addWorkingDays does: step
 * to the next working day n times.  n == 0 returns day itself (even when day is
 * not a working day); n > 0 always returns a working day after day; n < 0
 * steps back to earlier working days.
 */
long add_working_days(long day, int n, const struct bank_holidays *h);
/* Number of working days from..to, both included (0 when to < from), as the
 * service's getWorkingDaysCount. */
long count_working_days(long from, long to, const struct bank_holidays *h);

/* true when the range holds no day. */
bool day_range_empty(struct day_range r);
/* true when day is in [start, end). */
bool day_range_contains(struct day_range r, long day);
/* true when the two ranges share at least one day (empty ranges share none). */
bool day_ranges_overlap(struct day_range a, struct day_range b);
/* Number of days in the range (0 when empty). */
long day_range_days(struct day_range r);

/*
 * accommodation.md §1.5: "A bedspace is unavailable from arrival_date to
 * lastUnavailableDate = addWorkingDays(departure_date, turnaround)".  Returns
 * that last unavailable day (included).  Negative working days count as 0
 * (booking_check_turnaround() refuses them before they are stored).
 */
long cas3_last_unavailable_day(long departure, int turnaround_working_days,
			       const struct bank_holidays *h);
/*
 * The turnaround after a departure as a half-open range: from the day after
 * the departure day to the last unavailable day, i.e.
 * [departure + 1, cas3_last_unavailable_day() + 1).  Empty for 0 working days.
 * The departure day itself belongs to the booking (§1.9: a booking blocks
 * [arrival, lastUnavailableDate] both ends included).
 */
struct day_range cas3_turnaround_range(long departure, int turnaround_working_days,
				       const struct bank_holidays *h);
/*
 * Every day a booking keeps the bedspace from others, half-open:
 * [arrival, cas3_last_unavailable_day() + 1).  Two bookings, or a booking and
 * a void [start, end + 1), conflict exactly when these ranges overlap (§1.9).
 */
struct day_range cas3_unavailable_range(long arrival, long departure,
					int turnaround_working_days,
					const struct bank_holidays *h);
/*
 * accommodation.md §1.4: "Turnaround ended = addWorkingDays(departureDate,
 * turnaround.workingDayCount) < today".  true once today is after the last
 * unavailable day.
 */
bool cas3_turnaround_ended(long departure, int turnaround_working_days, long today,
			   const struct bank_holidays *h);

#endif
