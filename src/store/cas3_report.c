/* cas3_report.c: the window rule, CSV, file names and occupancy bars of the
 * CAS3 reports. */
#include "store/cas3_report.h"

#include <stdlib.h>
#include <string.h>

#include "catalogue/catalogue.h"
#include "util/dates.h"

enum ct_status cas3_report_window(const char *from, const char *to, struct strbuf *err)
{
	struct ymd f, t, lim;
	long fd, td;

	if (!from || !*from || !to || !*to) {
		sb_adds(err, "a report needs a start date and an end date");
		return CT_USAGE;
	}
	if (!date_parse_iso(from, &f)) {
		sb_addf(err, "the start date must be a real date written YYYY-MM-DD, like 2027-01-31");
		return CT_USAGE;
	}
	if (!date_parse_iso(to, &t)) {
		sb_addf(err, "the end date must be a real date written YYYY-MM-DD, like 2027-01-31");
		return CT_USAGE;
	}
	fd = date_to_days(f);
	td = date_to_days(t);
	if (fd > td) {
		sb_addf(err, "the start date %s is after the end date %s", from, to);
		return CT_USAGE;
	}
	/* from + 6 months, the day clamped to the month's length (as Postgres) */
	lim.y = f.y + (f.m + 6 - 1) / 12;
	lim.m = (f.m + 6 - 1) % 12 + 1;
	lim.d = f.d;
	if (lim.d > date_days_in_month(lim.y, lim.m))
		lim.d = date_days_in_month(lim.y, lim.m);
	if (td > date_to_days(lim)) {
		sb_addf(err, "a report covers at most 6 months: %s to %s is longer "
			     "(the latest end date for that start is %04d-%02d-%02d)",
			from, to, lim.y, lim.m, lim.d);
		return CT_USAGE;
	}
	return CT_OK;
}

int cas3_table_csv(const struct cas3_table *t, struct strbuf *out)
{
	size_t i, j;
	int rc = 0;

	for (j = 0; j < t->ncols; j++) {
		if (j)
			rc |= sb_addc(out, ',');
		rc |= cat_csv_field(out, t->cols[j]);
	}
	rc |= sb_adds(out, "\r\n");
	for (i = 0; i < t->nrows; i++) {
		for (j = 0; j < t->ncols; j++) {
			if (j)
				rc |= sb_addc(out, ',');
			rc |= cat_csv_field(out, cas3_table_cell(t, i, j));
		}
		rc |= sb_adds(out, "\r\n");
	}
	return rc ? -1 : 0;
}

int cas3_report_file_name(enum cas3_report r, const char *region, const char *from,
			  const char *to, struct strbuf *out)
{
	const char *p;
	int rc = sb_adds(out, cas3_report_key(r));

	rc |= sb_addc(out, ' ');
	if (!region || !*region) {
		rc |= sb_adds(out, "national");
	} else {
		for (p = region; *p; p++) {
			char c = *p;

			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == ' ')
				rc |= sb_addc(out, c);
		}
	}
	/* the dates were checked (digits and '-'), but keep the name safe anyway */
	rc |= sb_addc(out, ' ');
	for (p = from ? from : ""; *p; p++)
		if ((*p >= '0' && *p <= '9') || *p == '-')
			rc |= sb_addc(out, *p);
	rc |= sb_adds(out, " to ");
	for (p = to ? to : ""; *p; p++)
		if ((*p >= '0' && *p <= '9') || *p == '-')
			rc |= sb_addc(out, *p);
	rc |= sb_adds(out, ".csv");
	return rc ? -1 : 0;
}

static long num_cell(const struct cas3_table *t, size_t row, long col)
{
	const char *s = col >= 0 ? cas3_table_cell(t, row, (size_t)col) : NULL;

	return s ? strtol(s, NULL, 10) : 0;
}

enum ct_status cas3_occupancy_bars(const struct cas3_table *t, struct cas3_occupancy_bar **out,
				   size_t *n)
{
	long cp = cas3_table_col(t, "propertyRef"), cb = cas3_table_col(t, "bedspaceRef");
	long cr = cas3_table_col(t, "occupancyRate"), ck = cas3_table_col(t, "totalBookedDays");
	long co = cas3_table_col(t, "bedspaceOnlineDays");
	struct cas3_occupancy_bar *v;
	size_t i;

	*out = NULL;
	*n = 0;
	if (cp < 0 || cb < 0 || cr < 0 || ck < 0 || co < 0)
		return CT_USAGE;
	v = calloc(t->nrows + 1, sizeof *v);
	if (!v)
		return CT_NOMEM;
	for (i = 0; i < t->nrows; i++) {
		v[i].property = cas3_table_cell(t, i, (size_t)cp);
		v[i].bedspace = cas3_table_cell(t, i, (size_t)cb);
		v[i].rate_text = cas3_table_cell(t, i, (size_t)cr);
		v[i].rate = v[i].rate_text ? strtod(v[i].rate_text, NULL) : 0;
		if (v[i].rate < 0)
			v[i].rate = 0;
		if (v[i].rate > 100)
			v[i].rate = 100;
		v[i].booked = num_cell(t, i, ck);
		v[i].online = num_cell(t, i, co);
	}
	*out = v;
	*n = t->nrows;
	return CT_OK;
}

int cas3_bar(double pct, int width, struct strbuf *out)
{
	int full, i, rc = 0;

	if (width < 0)
		width = 0;
	if (pct < 0)
		pct = 0;
	if (pct > 100)
		pct = 100;
	full = (int)(pct * width / 100.0 + 0.5);
	for (i = 0; i < width; i++)
		rc |= sb_addc(out, i < full ? '#' : '.');
	return rc ? -1 : 0;
}

double cas3_occupancy_total(const struct cas3_occupancy_bar *bars, size_t n)
{
	long booked = 0, online = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		booked += bars[i].booked;
		online += bars[i].online;
	}
	return online > 0 ? 100.0 * (double)booked / (double)online : 0;
}
