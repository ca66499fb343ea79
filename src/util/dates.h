/* dates.h: calendar dates as day numbers (days since 1970-01-01), with no
 * time zone involved.  Pure functions. */
#ifndef CASETERM_DATES_H
#define CASETERM_DATES_H

#include <stdbool.h>

struct ymd {
	int y, m, d;
};

bool date_is_leap(int y);
int date_days_in_month(int y, int m);
/* true when y-m-d is a real calendar date between years 1 and 9999 */
bool date_valid(int y, int m, int d);
/* day number of a valid date */
long date_to_days(struct ymd t);
struct ymd date_from_days(long days);
/* 0 = Monday .. 6 = Sunday */
int date_weekday(long days);
/* Parses exactly "YYYY-MM-DD"; returns true and sets *out for a real date. */
bool date_parse_iso(const char *s, struct ymd *out);
/* Today's date in the local time zone. */
struct ymd date_today(void);

#endif
