/* test_cas3_search.c: bedspace search, availability grid, premises upkeep and report figures on known data. */
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
#include "store/cas3_store.h"

static PGconn *owner, *hk, *hl, *rep;
/* search data, all in region K */
static char *single, *shared_men, *shared_women, *kids_unsuitable, *other_pdu, *manc;
static char *b_single, *b_men1, *b_men2, *b_women, *b_kids, *b_other, *b_manc;

static int setup(void **state)
{
	(void)state;
	if (fx_setup("cas3srch"))
		return -1;
	owner = fx_connect(NULL);
	hk = fx_connect(fx.hpt_k);
	hl = fx_connect(fx.hpt_l);
	rep = fx_connect(fx.reporter);
	single = fx_premises(owner, "ALDER", FX_PDU_K1, 2, "isSingleOccupancy,isGroundFloor");
	shared_men = fx_premises(owner, "BIRCH", FX_PDU_K1, 2, "isSharedProperty,isMenOnly");
	shared_women = fx_premises(owner, "CHERRY", FX_PDU_K1, 2, "isSharedProperty,isWomenOnly");
	kids_unsuitable = fx_premises(owner, "DAMSON", FX_PDU_K1, 2,
				      "isSharedProperty,notSuitableForSexualRiskToChildren");
	other_pdu = fx_premises(owner, "ELDER", FX_PDU_K2, 2, "isSingleOccupancy");
	manc = fx_premises(owner, "FIG", FX_PDU_L1, 2, "isSingleOccupancy");
	b_single = fx_bedspace(owner, single, "1", "2026-01-01", "isWheelchairAccessible");
	b_men1 = fx_bedspace(owner, shared_men, "1", "2026-01-01", "hasSharedKitchen");
	b_men2 = fx_bedspace(owner, shared_men, "2", "2026-01-01", "hasSharedKitchen");
	b_women = fx_bedspace(owner, shared_women, "1", "2026-01-01", "");
	b_kids = fx_bedspace(owner, kids_unsuitable, "1", "2026-01-01", "");
	b_other = fx_bedspace(owner, other_pdu, "1", "2026-01-01", "");
	b_manc = fx_bedspace(owner, manc, "1", "2026-01-01", "");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	PQfinish(owner);
	PQfinish(hk);
	PQfinish(hl);
	PQfinish(rep);
	free(single);
	free(shared_men);
	free(shared_women);
	free(kids_unsuitable);
	free(other_pdu);
	free(manc);
	free(b_single);
	free(b_men1);
	free(b_men2);
	free(b_women);
	free(b_kids);
	free(b_other);
	free(b_manc);
	fx_teardown();
	return 0;
}

/* Is bedspace in the result?  Returns its entry or NULL. */
static const struct cas3_search_bedspace *found(const struct cas3_search_result *r,
						const char *bedspace)
{
	size_t i, j;

	for (i = 0; i < r->n_premises; i++)
		for (j = 0; j < r->premises[i].n_bedspaces; j++)
			if (!strcmp(r->premises[i].bedspaces[j].bedspace_id, bedspace))
				return &r->premises[i].bedspaces[j];
	return NULL;
}

static void test_search_filters_and_groups_by_premises(void **state)
{
	struct strbuf err = STRBUF_INIT;
	struct cas3_search s;
	struct cas3_search_result r;
	const char *pdus[] = {FX_PDU_K1};
	const char *six[] = {"a", "b", "c", "d", "e", "f"};

	(void)state;
	memset(&s, 0, sizeof s);
	s.start_date = "2027-09-06";
	/* everything in my region, nothing of L */
	assert_int_equal(cas3_bedspace_search(hk, &s, &r, &err), CT_OK);
	assert_int_equal(r.n_bedspaces, 6);
	assert_int_equal(r.n_premises, 5);
	assert_string_equal(r.departure_date, "2027-11-29");   /* 84 nights */
	assert_null(found(&r, b_manc));
	/* grouped: BIRCH has both its bedspaces under one premises */
	assert_string_equal(r.premises[1].name, "BIRCH");
	assert_int_equal(r.premises[1].n_bedspaces, 2);
	assert_int_equal(r.premises[1].bedspaces_total, 2);
	assert_non_null(strstr(r.premises[1].characteristics, "Men only"));
	cas3_search_result_release(&r);

	s.pdu_ids = pdus;
	s.n_pdus = 1;
	s.occupancy = CAS3_OCC_SINGLE;
	assert_int_equal(cas3_bedspace_search(hk, &s, &r, &err), CT_OK);
	assert_int_equal(r.n_bedspaces, 1);
	assert_non_null(found(&r, b_single));
	assert_non_null(strstr(found(&r, b_single)->why, "single occupancy"));
	assert_non_null(strstr(found(&r, b_single)->why, "in Fixture Kent One PDU"));
	assert_non_null(strstr(found(&r, b_single)->why, "free from 2027-09-06 to 2027-11-29"));
	cas3_search_result_release(&r);

	s.occupancy = CAS3_OCC_SHARED;
	s.sex = CAS3_SEX_MEN_ONLY;
	s.sexual_risk_to_children = true;
	assert_int_equal(cas3_bedspace_search(hk, &s, &r, &err), CT_OK);
	assert_int_equal(r.n_bedspaces, 2);   /* BIRCH 1 and 2: not CHERRY (women), not DAMSON */
	assert_non_null(found(&r, b_men1));
	assert_non_null(strstr(found(&r, b_men1)->why, "men only"));
	cas3_search_result_release(&r);

	memset(&s, 0, sizeof s);
	s.start_date = "2027-09-06";
	s.wheelchair = true;
	assert_int_equal(cas3_bedspace_search(hk, &s, &r, &err), CT_OK);
	assert_int_equal(r.n_bedspaces, 1);
	assert_non_null(strstr(found(&r, b_single)->why, "wheelchair accessible"));
	cas3_search_result_release(&r);

	s.wheelchair = false;
	s.pdu_ids = six;
	s.n_pdus = 6;
	assert_int_equal(cas3_bedspace_search(hk, &s, &r, &err), CT_USAGE);
	assert_non_null(strstr(err.buf, "at most 5"));
	sb_release(&err);
}

static void test_search_leaves_out_taken_bedspaces_and_shows_who_stays(void **state)
{
	struct strbuf err = STRBUF_INIT;
	struct cas3_search s;
	struct cas3_search_result r;
	const char *pdus[] = {FX_PDU_K1};

	(void)state;
	/* a woman staying at DAMSON (not tagged men only) and a man at BIRCH 1
	 * whose turnaround runs into the start day */
	assert_true(fx_ok(owner, "INSERT INTO cas3_booking (bedspace_id, crn, sex, arrival_date,"
				 " departure_date) VALUES ('%s', 'D002399', 'Female', '2027-10-01',"
				 " '2027-10-20')", b_kids));
	assert_true(fx_ok(owner, "INSERT INTO cas3_booking (bedspace_id, crn, sex, arrival_date,"
				 " departure_date) VALUES ('%s', 'X320741', 'Male', '2027-08-01',"
				 " '2027-10-01')", b_men1));   /* Fri: turnaround Mon 4, Tue 5 Oct */
	memset(&s, 0, sizeof s);
	s.start_date = "2027-10-05";
	s.nights = 7;
	s.pdu_ids = pdus;
	s.n_pdus = 1;
	s.sex = CAS3_SEX_MEN_ONLY;
	assert_int_equal(cas3_bedspace_search(hk, &s, &r, &err), CT_OK);
	assert_null(found(&r, b_men1));     /* still in turnaround */
	assert_non_null(found(&r, b_men2));
	assert_null(found(&r, b_kids));     /* a woman is staying there */
	assert_null(found(&r, b_women));    /* women only */
	cas3_search_result_release(&r);
	s.start_date = "2027-10-06";
	assert_int_equal(cas3_bedspace_search(hk, &s, &r, &err), CT_OK);
	assert_non_null(found(&r, b_men1));
	cas3_search_result_release(&r);
	/* women-only search sees DAMSON, with its other people staying */
	s.sex = CAS3_SEX_WOMEN_ONLY;
	assert_int_equal(cas3_bedspace_search(hk, &s, &r, &err), CT_OK);
	assert_null(found(&r, b_kids));     /* her own bedspace is taken */
	cas3_search_result_release(&r);
	assert_true(fx_ok(owner, "INSERT INTO cas3_bedspace (premises_id, reference, start_date)"
				 " VALUES ('%s', '2', '2026-01-01')", kids_unsuitable));
	assert_int_equal(cas3_bedspace_search(hk, &s, &r, &err), CT_OK);
	{
		size_t i;
		const struct cas3_search_premises *p = NULL;

		for (i = 0; i < r.n_premises; i++)
			if (!strcmp(r.premises[i].name, "DAMSON"))
				p = &r.premises[i];
		assert_non_null(p);
		assert_int_equal(p->bedspaces_total, 2);
		assert_int_equal(p->bedspaces_booked, 1);
		assert_non_null(strstr(p->others, "D002399 (Female, 8 days)"));
	}
	cas3_search_result_release(&r);
	sb_release(&err);
}

static void test_availability_grid_letters(void **state)
{
	struct strbuf err = STRBUF_INIT;
	struct cas3_grid g;
	char *prem = fx_premises(owner, "GRID", FX_PDU_K2, 2, "");
	char *bed = fx_bedspace(owner, prem, "1", "2027-01-04", "");
	char *late = fx_bedspace(owner, prem, "2", "2027-01-08", "");
	char *booking;
	size_t i;

	(void)state;
	/* Mon 4 .. Wed 6 booked; Thu 7, Fri 8 turnaround; void Tue 12, Wed 13 */
	booking = fx_sql(owner, "INSERT INTO cas3_booking (bedspace_id, crn, arrival_date,"
				" departure_date) VALUES ('%s', 'X320741', '2027-01-04', '2027-01-06')"
				" RETURNING id", bed);
	assert_non_null(booking);
	assert_true(fx_ok(owner, "INSERT INTO cas3_void_bedspace (bedspace_id, start_date, end_date,"
				 " reason_id) SELECT '%s', '2027-01-12', '2027-01-13', id"
				 " FROM cas3_void_reason WHERE sort_order = 4", bed));
	assert_true(fx_ok(owner, "UPDATE cas3_bedspace SET end_date = '2027-01-12' WHERE id = '%s'",
			  late));
	assert_int_equal(cas3_availability_grid(hk, prem, "2027-01-03", 12, &g, &err), CT_OK);
	assert_int_equal(g.n_rows, 2);
	assert_string_equal(g.rows[0].bedspace_id, bed);
	assert_string_equal(g.rows[0].cells, "-BBBTT...VV.");
	assert_string_equal(g.rows[1].cells, "-----....---");
	assert_null(g.rows[0].ids[0]);
	assert_string_equal(g.rows[0].ids[1], booking);
	assert_string_equal(g.rows[0].ids[5], booking);
	assert_null(g.rows[0].ids[6]);
	assert_non_null(g.rows[0].ids[9]);
	for (i = 0; i < g.n_rows; i++)
		assert_int_equal(strlen(g.rows[i].cells), 12);
	cas3_grid_release(&g);
	/* region L sees nothing of it */
	assert_int_equal(cas3_availability_grid(hl, prem, "2027-01-03", 12, &g, &err), CT_OK);
	assert_int_equal(g.n_rows, 0);
	cas3_grid_release(&g);
	free(booking);
	free(bed);
	free(late);
	free(prem);
	sb_release(&err);
}

static void test_premises_and_bedspaces_through_the_store(void **state)
{
	struct strbuf err = STRBUF_INIT;
	struct cas3_premises_input in;
	struct cas3_bedspace_input bin;
	struct cas3_premises p, *list;
	struct cas3_bedspace *beds;
	size_t n;
	const char *keys[] = {"isSingleOccupancy", "isMenOnly"};
	const char *bad[] = {"isWheelchairAccessible"};   /* bedspace scope only */
	const char *bkeys[] = {"isWheelchairAccessible"};
	char *id = NULL, *bid = NULL, *dup = NULL;
	char today[16], later[16];

	(void)state;
	memset(&in, 0, sizeof in);
	in.name = "HAZEL";
	in.address_line1 = "7 Hazel Grove";
	in.town = "Ashford";
	in.postcode = "tn23 1aa";
	in.pdu_id = FX_PDU_K2;
	in.turnaround_working_days = -1;
	in.characteristics = keys;
	in.n_characteristics = 2;
	if (cas3_premises_create(hk, &in, &id, &err) != CT_OK)
		fail_msg("create: %s", err.buf);
	assert_int_equal(cas3_premises_get(hk, id, &p, &err), CT_OK);
	assert_string_equal(p.postcode, "TN23 1AA");
	assert_string_equal(p.region_id, "K");
	assert_string_equal(p.status, "online");
	assert_int_equal(p.turnaround_working_days, 2);
	assert_int_equal(p.n_characteristic_keys, 2);
	assert_string_equal(p.characteristics, "Men only, Single occupancy");
	/* the same name in the same PDU is refused, whatever its case */
	in.name = "hazel";
	assert_int_equal(cas3_premises_create(hk, &in, &dup, &err), CT_USAGE);
	sb_reset(&err);
	in.name = "HAZEL";
	in.characteristics = bad;
	in.n_characteristics = 1;
	assert_int_equal(cas3_premises_update(hk, id, p.version, &in, &err), CT_USAGE);
	sb_reset(&err);
	in.characteristics = keys;
	in.n_characteristics = 1;
	in.notes = "Near the station";
	assert_int_equal(cas3_premises_update(hk, id, p.version, &in, &err), CT_OK);
	assert_int_equal(cas3_premises_update(hk, id, p.version, &in, &err), CT_CONFLICT);
	assert_non_null(strstr(err.buf, "Sam Okafor"));
	sb_reset(&err);
	cas3_premises_release(&p);
	/* region L cannot see it */
	assert_int_equal(cas3_premises_get(hl, id, &p, &err), CT_NOT_FOUND);
	sb_reset(&err);
	assert_int_equal(cas3_premises_list(hk, "tn231aa", NULL, &list, &n, &err), CT_OK);
	assert_int_equal(n, 1);
	cas3_premises_list_free(&list, n);

	memset(&bin, 0, sizeof bin);
	bin.reference = "1";
	bin.start_date = "2026-06-01";
	bin.characteristics = bkeys;
	bin.n_characteristics = 1;
	assert_int_equal(cas3_bedspace_create(hk, id, &bin, &bid, &err), CT_OK);
	assert_int_equal(cas3_bedspace_list(hk, id, &beds, &n, &err), CT_OK);
	assert_int_equal(n, 1);
	assert_string_equal(beds[0].characteristics, "Wheelchair accessible");
	assert_string_equal(beds[0].status, "online");
	cas3_bedspace_list_free(&beds, n);
	assert_int_equal(cas3_premises_get(hk, id, &p, &err), CT_OK);
	assert_int_equal(p.bedspaces_online, 1);
	assert_int_equal(p.bedspaces_archived, 0);
	cas3_premises_release(&p);

	/* archiving is refused while a booking runs past the date */
	assert_true(fx_ok(owner, "INSERT INTO cas3_booking (bedspace_id, crn, arrival_date,"
				 " departure_date) VALUES ('%s', 'X320741', current_date + 1,"
				 " current_date + 20)", bid));
	assert_int_equal(cas3_premises_archive(hk, id, 0, fx_day(owner, 10, later), &err), CT_USAGE);
	assert_non_null(strstr(err.buf, "bedspace 1 has a booking"));
	sb_reset(&err);
	assert_int_equal(cas3_premises_archive(hk, id, 0, fx_day(owner, 60, later), &err), CT_OK);
	assert_int_equal(cas3_premises_get(hk, id, &p, &err), CT_OK);
	assert_string_equal(p.status, "online");              /* scheduled, not yet */
	assert_string_equal(p.archive_date, later);
	cas3_premises_release(&p);
	assert_int_equal(fx_num(owner, "SELECT count(*) FROM cas3_bedspace WHERE id = '%s'"
				" AND end_date = '%s'", bid, later), 1);
	/* archived from today: needs nothing running (move it to a fresh one) */
	free(id);
	in.name = "IVY";
	id = NULL;
	assert_int_equal(cas3_premises_create(hk, &in, &id, &err), CT_OK);
	assert_int_equal(cas3_premises_archive(hk, id, 0, fx_day(owner, 0, today), &err), CT_OK);
	assert_int_equal(cas3_premises_get(hk, id, &p, &err), CT_OK);
	assert_string_equal(p.status, "archived");
	cas3_premises_release(&p);
	assert_int_equal(cas3_premises_unarchive(hk, id, 0, today, &err), CT_OK);
	assert_int_equal(cas3_premises_get(hk, id, &p, &err), CT_OK);
	assert_string_equal(p.status, "online");
	cas3_premises_release(&p);
	free(id);
	free(bid);
	free(dup);
	sb_release(&err);
}

static void test_voids_bedspace_archive_and_booking_list(void **state)
{
	struct strbuf err = STRBUF_INIT;
	struct cas3_void_input v;
	struct cas3_void *voids;
	struct cas3_booking *list;
	struct cas3_premises p;
	size_t n;
	char *prem = fx_premises(owner, "JUNIPER", FX_PDU_K2, 2, "");
	char *bed = fx_bedspace(owner, prem, "1", "2026-01-01", "");
	char *reason = fx_sql(owner, "SELECT id FROM cas3_void_reason WHERE sort_order = 5");
	char *void_id = NULL;
	char d10[16], d41[16], d50[16];
	long version;

	(void)state;
	assert_true(fx_ok(owner, "INSERT INTO cas3_booking (bedspace_id, crn, person_name,"
				 " arrival_date, departure_date) VALUES ('%s', 'K320021', 'Harry Fielding',"
				 " current_date + 30, current_date + 40)", bed));
	memset(&v, 0, sizeof v);
	v.bedspace_id = bed;
	v.start_date = "2000-01-01";   /* before the bedspace opened */
	v.end_date = fx_day(owner, 10, d10);
	v.reason_id = reason;
	assert_int_equal(cas3_void_create(hk, &v, &void_id, &err), CT_USAGE);
	sb_reset(&err);
	v.start_date = d10;
	v.end_date = d10;
	assert_int_equal(cas3_void_create(hk, &v, &void_id, &err), CT_OK);
	/* moved onto the booking: refused, and it stays where it was */
	v.start_date = fx_day(owner, 35, d41);
	v.end_date = d41;
	assert_int_equal(cas3_void_update(hk, void_id, 1, &v, &err), CT_CONFLICT);
	assert_non_null(strstr(err.buf, "another booking"));
	sb_reset(&err);
	assert_int_equal(cas3_void_list(hk, bed, false, &voids, &n, &err), CT_OK);
	assert_int_equal(n, 1);
	assert_string_equal(voids[0].start_date, d10);
	assert_string_equal(voids[0].reason, "Maintenance repairs (e.g. damp, infestation)");
	cas3_void_list_free(&voids, n);

	/* the bedspace can be archived only after the booking and its turnaround */
	version = fx_num(owner, "SELECT version FROM cas3_bedspace WHERE id = '%s'", bed);
	assert_int_equal(cas3_bedspace_archive(hk, bed, version, fx_day(owner, 41, d41), &err),
			 CT_USAGE);
	assert_non_null(strstr(err.buf, "can be archived from"));
	sb_reset(&err);
	assert_int_equal(cas3_bedspace_archive(hk, bed, version, fx_day(owner, 50, d50), &err), CT_OK);
	/* it was the only one: the property goes with it */
	assert_int_equal(cas3_premises_get(hk, prem, &p, &err), CT_OK);
	assert_string_equal(p.archive_date, d50);
	cas3_premises_release(&p);
	/* and coming back online brings the property back */
	assert_int_equal(cas3_bedspace_archive(hk, bed, 0, NULL, &err), CT_OK);
	assert_int_equal(fx_num(owner, "SELECT count(*) FROM cas3_bedspace WHERE id = '%s'"
				" AND end_date IS NULL", bed), 1);

	assert_int_equal(cas3_booking_list(hk, "harry", NULL, &list, &n, &err), CT_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].premises_name, "JUNIPER");
	assert_string_equal(list[0].shown_status, "provisional");
	cas3_booking_list_free(&list, n);
	assert_int_equal(cas3_booking_list(hl, "harry", NULL, &list, &n, &err), CT_OK);
	assert_int_equal(n, 0);
	cas3_booking_list_free(&list, n);
	free(void_id);
	free(reason);
	free(bed);
	free(prem);
	sb_release(&err);
}

static void test_options_lists(void **state)
{
	struct strbuf err = STRBUF_INIT;
	struct cas3_option *o;
	size_t n, i;
	bool k1 = false;

	(void)state;
	assert_int_equal(cas3_list_options(hk, CAS3_LIST_REJECTION_REASONS, &o, &n, &err), CT_OK);
	assert_int_equal(n, 19);
	assert_string_equal(o[0].name, "CAS1/AP alternative suitable accommodation provided");
	cas3_options_free(&o, n);
	assert_int_equal(cas3_list_options(hk, CAS3_LIST_PDUS, &o, &n, &err), CT_OK);
	for (i = 0; i < n; i++) {
		assert_string_not_equal(o[i].id, FX_PDU_L1);
		if (!strcmp(o[i].id, FX_PDU_K1))
			k1 = true;
	}
	assert_true(k1);
	cas3_options_free(&o, n);
	assert_int_equal(cas3_list_options(hk, CAS3_LIST_BEDSPACE_CHARACTERISTICS, &o, &n, &err), CT_OK);
	for (i = 0; i < n && strcmp(o[i].key, "isWheelchairAccessible"); i++)
		;
	assert_true(i < n);
	cas3_options_free(&o, n);
	sb_release(&err);
}

/* The first row whose column col holds value (fails the test when none). */
static size_t row_of(const struct cas3_table *t, const char *col, const char *value)
{
	long c = cas3_table_col(t, col);
	size_t i;

	assert_true(c >= 0);
	for (i = 0; i < t->nrows; i++)
		if (cas3_table_cell(t, i, (size_t)c) && !strcmp(cas3_table_cell(t, i, (size_t)c), value))
			return i;
	fail_msg("no row with %s = %s", col, value);
	return 0;
}

/* Report figures on a known data set, January 2027, one bedspace in region L:
 * void 3-5 Jan; arrived 11 Jan (Mon) to 20 Jan (Wed), 9 nights, turnaround
 * Thu 21, Fri 22; provisional 25 Jan to 10 Feb, 7 nights in January. */
static void test_report_figures_on_a_known_data_set(void **state)
{
	struct strbuf err = STRBUF_INIT;
	struct cas3_table t;
	char *prem = fx_premises(owner, "REPORT", FX_PDU_L1, 2, "");
	char *bed = fx_bedspace(owner, prem, "R1", "2026-06-01", "");
	enum cas3_report rep_kind;
	size_t r1;
	long c;

	(void)state;
	assert_true(fx_ok(owner, "INSERT INTO cas3_void_bedspace (bedspace_id, start_date, end_date,"
				 " reason_id, cost_centre) SELECT '%s', '2027-01-03', '2027-01-05', id,"
				 " 'HMPPS' FROM cas3_void_reason WHERE sort_order = 4", bed));
	assert_true(fx_ok(owner, "INSERT INTO cas3_booking (bedspace_id, crn, arrival_date,"
				 " departure_date, status) VALUES ('%s', 'L420023', '2027-01-11',"
				 " '2027-01-20', 'arrived')", bed));
	assert_true(fx_ok(owner, "INSERT INTO cas3_booking (bedspace_id, crn, arrival_date,"
				 " departure_date) VALUES ('%s', 'L420024', '2027-01-25', '2027-02-10')",
			  bed));

	assert_int_equal(cas3_report_run(hl, CAS3_REPORT_BED_OCCUPANCY, "L", "2027-01-01",
					 "2027-01-31", &t, &err), CT_OK);
	/* region L's bedspaces: FIG's (empty) and REPORT's */
	assert_int_equal(t.nrows, 2);
	r1 = row_of(&t, "bedspaceRef", "R1");
#define CELL(name) cas3_table_cell(&t, r1, (size_t)cas3_table_col(&t, name))
	assert_string_equal(CELL("bookedDaysActiveAndClosed"), "9");
	assert_string_equal(CELL("provisionalDays"), "7");
	assert_string_equal(CELL("confirmedDays"), "0");
	assert_string_equal(CELL("scheduledTurnaroundDays"), "2");
	assert_string_equal(CELL("effectiveTurnaroundDays"), "2");
	assert_string_equal(CELL("voidDays"), "3");
	assert_string_equal(CELL("bedspaceOnlineDays"), "31");
	assert_string_equal(CELL("occupancyRate"), "29.0");
#undef CELL
	cas3_table_release(&t);

	assert_int_equal(cas3_report_run(hl, CAS3_REPORT_BOOKING_GAPS, "L", "2027-01-01",
					 "2027-01-31", &t, &err), CT_OK);
	assert_int_equal(t.nrows, 4);   /* FIG: all of January; REPORT: three gaps */
	c = cas3_table_col(&t, "gap");
	r1 = row_of(&t, "bedName", "R1");
	assert_string_equal(cas3_table_cell(&t, r1, (size_t)c), "2027-01-01 to 2027-01-02");
	assert_string_equal(cas3_table_cell(&t, r1 + 1, (size_t)c), "2027-01-06 to 2027-01-10");
	assert_string_equal(cas3_table_cell(&t, r1 + 2, (size_t)c), "2027-01-23 to 2027-01-24");
	assert_string_equal(cas3_table_cell(&t, r1 + 1, (size_t)cas3_table_col(&t, "gapDays")), "5");
	assert_string_equal(cas3_table_cell(&t, row_of(&t, "bedName", "1"),
					    (size_t)cas3_table_col(&t, "gapDays")), "31");
	cas3_table_release(&t);

	assert_int_equal(cas3_report_run(hl, CAS3_REPORT_BED_USAGE, "L", "2027-01-01", "2027-01-31",
					 &t, &err), CT_OK);
	assert_int_equal(t.nrows, 4);
	c = cas3_table_col(&t, "type");
	assert_string_equal(cas3_table_cell(&t, 0, (size_t)c), "Void");
	assert_string_equal(cas3_table_cell(&t, 1, (size_t)c), "Booking");
	assert_string_equal(cas3_table_cell(&t, 2, (size_t)c), "Turnaround");
	assert_string_equal(cas3_table_cell(&t, 3, (size_t)c), "Booking");
	assert_string_equal(cas3_table_cell(&t, 0, (size_t)cas3_table_col(&t, "costCentre")), "HMPPS");
	cas3_table_release(&t);

	assert_int_equal(cas3_report_run(hl, CAS3_REPORT_BOOKINGS, "L", "2027-01-01", "2027-01-31",
					 &t, &err), CT_OK);
	assert_int_equal(t.nrows, 2);
	cas3_table_release(&t);
	assert_int_equal(cas3_report_run(hl, CAS3_REPORT_FUTURE_BOOKINGS, "L", "2027-01-01",
					 "2027-01-31", &t, &err), CT_OK);
	assert_int_equal(t.nrows, 1);   /* the provisional one */
	cas3_table_release(&t);
	assert_int_equal(cas3_report_run(rep, CAS3_REPORT_REFERRALS, NULL, "2026-01-01",
					 "2026-06-30", &t, &err), CT_OK);
	assert_true(cas3_table_col(&t, "referralRejected") >= 0);
	cas3_table_release(&t);

	/* region K's assessor asking for L, or national, gets only K's rows */
	assert_int_equal(cas3_report_run(hk, CAS3_REPORT_BED_OCCUPANCY, "L", "2027-01-01",
					 "2027-01-31", &t, &err), CT_OK);
	assert_int_equal(t.nrows, 0);
	cas3_table_release(&t);
	assert_int_equal(cas3_report_run(hk, CAS3_REPORT_BED_OCCUPANCY, NULL, "2027-01-01",
					 "2027-01-31", &t, &err), CT_OK);
	for (size_t i = 0; i < t.nrows; i++)
		assert_string_equal(cas3_table_cell(&t, i, (size_t)cas3_table_col(&t, "probationRegion")),
				    "Kent, Surrey and Sussex");
	cas3_table_release(&t);
	/* the reporter sees the national picture */
	assert_int_equal(cas3_report_run(rep, CAS3_REPORT_BED_OCCUPANCY, NULL, "2027-01-01",
					 "2027-01-31", &t, &err), CT_OK);
	assert_true(t.nrows > 1);
	cas3_table_release(&t);

	/* at most six months */
	assert_int_equal(cas3_report_run(hl, CAS3_REPORT_BOOKINGS, "L", "2027-01-01", "2027-07-02",
					 &t, &err), CT_USAGE);
	assert_non_null(strstr(err.buf, "at most 6 months"));
	assert_true(cas3_report_parse("bed-occupancy", &rep_kind));
	assert_int_equal(rep_kind, CAS3_REPORT_BED_OCCUPANCY);
	assert_false(cas3_report_parse("nope", &rep_kind));
	free(bed);
	free(prem);
	sb_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_search_filters_and_groups_by_premises),
		cmocka_unit_test(test_search_leaves_out_taken_bedspaces_and_shows_who_stays),
		cmocka_unit_test(test_availability_grid_letters),
		cmocka_unit_test(test_premises_and_bedspaces_through_the_store),
		cmocka_unit_test(test_voids_bedspace_archive_and_booking_list),
		cmocka_unit_test(test_options_lists),
		cmocka_unit_test(test_report_figures_on_a_known_data_set),
	};

	if (!dbtest_available())
		return DBTEST_SKIP;
	return cmocka_run_group_tests(tests, setup, teardown);
}
