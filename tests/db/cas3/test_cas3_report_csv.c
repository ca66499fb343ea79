/* test_cas3_report_csv.c: what `caseterm report` and the Reports screen
 * make of the reports on a known data set (January 2027, one bedspace in
 * region L: void 3-5 Jan; arrived 11 to 20 Jan, 9 nights, turnaround 21-22;
 * provisional 25 Jan to 10 Feb, 7 nights in January; nothing else in
 * region L): the CSV row with the
 * figures, the occupancy bars and the total, and the window refused by the
 * database too when a caller skips the check. */
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
#include "store/cas3_report.h"
#include "store/cas3_store.h"

static PGconn *owner, *hl;

static int setup(void **state)
{
	char *prem, *bed;

	(void)state;
	if (fx_setup("cas3csv"))
		return -1;
	owner = fx_connect(NULL);
	hl = fx_connect(fx.hpt_l);
	prem = fx_premises(owner, "REPORT", FX_PDU_L1, 2, "");
	bed = fx_bedspace(owner, prem, "R1", "2026-06-01", "");
	if (!fx_ok(owner, "INSERT INTO cas3_void_bedspace (bedspace_id, start_date, end_date,"
			  " reason_id, cost_centre) SELECT '%s', '2027-01-03', '2027-01-05', id,"
			  " 'HMPPS' FROM cas3_void_reason WHERE sort_order = 4", bed) ||
	    !fx_ok(owner, "INSERT INTO cas3_booking (bedspace_id, crn, arrival_date,"
			  " departure_date, status) VALUES ('%s', 'L420023', '2027-01-11',"
			  " '2027-01-20', 'arrived')", bed) ||
	    !fx_ok(owner, "INSERT INTO cas3_booking (bedspace_id, crn, arrival_date,"
			  " departure_date) VALUES ('%s', 'L420024', '2027-01-25', '2027-02-10')",
		   bed))
		return -1;
	free(prem);
	free(bed);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	PQfinish(hl);
	PQfinish(owner);
	fx_teardown();
	return 0;
}

static void test_occupancy_csv_and_bars(void **state)
{
	struct strbuf err = STRBUF_INIT, csv = STRBUF_INIT;
	struct cas3_occupancy_bar *bars = NULL;
	struct cas3_table t;
	size_t n = 0, i;
	const char *line;

	(void)state;
	assert_int_equal(cas3_report_window("2027-01-01", "2027-01-31", &err), CT_OK);
	assert_int_equal(cas3_report_run(hl, CAS3_REPORT_BED_OCCUPANCY, "L", "2027-01-01",
					 "2027-01-31", &t, &err), CT_OK);
	assert_int_equal(cas3_table_csv(&t, &csv), 0);
	assert_non_null(strstr(csv.buf, "probationRegion,pdu,localAuthority,propertyRef,"
					"addressLine1,town,postCode,bedspaceRef,"
					"bookedDaysActiveAndClosed,confirmedDays,provisionalDays,"
					"scheduledTurnaroundDays,effectiveTurnaroundDays,voidDays,"
					"totalBookedDays,bedspaceStartDate,bedspaceEndDate,"
					"bedspaceOnlineDays,occupancyRate,uniquePropertyRef,"
					"uniqueBedspaceRef\r\n"));
	line = strstr(csv.buf, ",REPORT,");
	assert_non_null(line);
	assert_non_null(strstr(line, ",R1,9,0,7,2,2,3,9,2026-06-01,,31,29.0,"));
	/* every line ends in CRLF, one per row and the header */
	for (i = 0, line = csv.buf; (line = strstr(line, "\r\n")); line += 2)
		i++;
	assert_int_equal(i, t.nrows + 1);

	assert_int_equal(cas3_occupancy_bars(&t, &bars, &n), CT_OK);
	assert_int_equal(n, t.nrows);
	for (i = 0; i < n; i++)
		if (!strcmp(bars[i].property, "REPORT")) {
			assert_string_equal(bars[i].rate_text, "29.0");
			assert_int_equal(bars[i].booked, 9);
			assert_int_equal(bars[i].online, 31);
		}
	/* region L holds only REPORT here: 9 of 31 days */
	assert_int_equal(n, 1);
	assert_true(cas3_occupancy_total(bars, n) > 29.0 && cas3_occupancy_total(bars, n) < 29.1);
	free(bars);
	cas3_table_release(&t);

	/* another report has no bars */
	assert_int_equal(cas3_report_run(hl, CAS3_REPORT_BOOKING_GAPS, "L", "2027-01-01",
					 "2027-01-31", &t, &err), CT_OK);
	assert_int_equal(cas3_occupancy_bars(&t, &bars, &n), CT_USAGE);
	assert_null(bars);
	cas3_table_release(&t);

	/* the database refuses a longer window in the same words */
	sb_reset(&err);
	assert_int_equal(cas3_report_run(hl, CAS3_REPORT_BED_OCCUPANCY, "L", "2027-01-01",
					 "2027-07-02", &t, &err), CT_USAGE);
	assert_non_null(strstr(err.buf, "a report covers at most 6 months"));
	sb_release(&err);
	sb_release(&csv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_occupancy_csv_and_bars),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
