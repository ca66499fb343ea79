/* cas3_report.h: what the `report` command and the Reports screen share
 * about the CAS3 reports (§4) once cas3_report_run has the table: the
 * window rule said in words before asking the database, CSV, a file name,
 * and the bed occupancy figures for a bar chart.  Pure functions, no I/O. */
#ifndef CASETERM_CAS3_REPORT_H
#define CASETERM_CAS3_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "store/cas3_store.h"
#include "util/status.h"
#include "util/strbuf.h"

/* Checks a report window: both dates real (YYYY-MM-DD), from not after to,
 * and at most 6 months (to no later than from + 6 months, as the database
 * checks).  CT_OK, or CT_USAGE with the reason in words in err. */
enum ct_status cas3_report_window(const char *from, const char *to, struct strbuf *err);

/* Appends the table as CSV (RFC 4180, CRLF line ends, a header row; cells
 * that a spreadsheet would run as a formula are quoted with a leading ').
 * Returns 0 or -1 on ENOMEM. */
int cas3_table_csv(const struct cas3_table *t, struct strbuf *out);

/* Appends a file name for the export: "bed-occupancy K 2027-01-01 to
 * 2027-01-31.csv" (region NULL or "": "national").  Only letters, digits,
 * '-', '_' and spaces from region.  Returns 0 or -1. */
int cas3_report_file_name(enum cas3_report r, const char *region, const char *from,
			  const char *to, struct strbuf *out);

/* One bar of the occupancy chart: a bedspace and its occupancy rate. */
struct cas3_occupancy_bar {
	const char *property;   /* propertyRef (points into the table) */
	const char *bedspace;   /* bedspaceRef */
	const char *rate_text;  /* occupancyRate as the database gave it ("29.0"), or NULL */
	double rate;            /* 0..100; 0 when rate_text is NULL */
	long booked, online;    /* totalBookedDays, bedspaceOnlineDays */
};

/* The bars of a bed occupancy table (rows in the table's order).  *out is a
 * new array of *n (free() it); pointers borrow from t.  Returns CT_OK,
 * CT_USAGE when t lacks the occupancy columns, CT_NOMEM. */
enum ct_status cas3_occupancy_bars(const struct cas3_table *t, struct cas3_occupancy_bar **out,
				   size_t *n);

/* Appends a bar of `width` cells for pct (0..100, clamped): '#' for each
 * full cell, '.' for the rest, so it reads without colour. */
int cas3_bar(double pct, int width, struct strbuf *out);

/* The whole window's occupancy: sum of booked over sum of online days, as
 * a percentage (0 when nothing was online). */
double cas3_occupancy_total(const struct cas3_occupancy_bar *bars, size_t n);

#endif
