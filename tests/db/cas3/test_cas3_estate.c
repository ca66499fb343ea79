/* test_cas3_estate.c: the premises, bedspace and void forms
 * (forms/cas3_premises.yaml ...) through their prepare and submit
 * (ui/screens/cas3_estate.c) against a real database: an HPT assessor adds
 * and changes premises in their region with its choices read from the
 * database, adds a bedspace and a void, cancels the void, archives the
 * premises; another region's PDU is refused; an administrator works
 * anywhere. */
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
#include "forms/form.h"
#include "forms/state.h"
#include "store/cas3_store.h"
#include "ui/screens/cas3_estate.h"

static PGconn *hk, *adm;

static int setup(void **state)
{
	(void)state;
	if (fx_setup("cas3est"))
		return -1;
	hk = fx_connect(fx.hpt_k);
	adm = fx_connect(fx.admin);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	PQfinish(hk);
	PQfinish(adm);
	fx_teardown();
	return 0;
}

struct open_form {
	struct form *form;
	struct form_state *st;
	struct cas3_estate_ctx *c;
};

static void open_as(PGconn *db, struct open_form *o, enum cas3_estate_form which,
		    const char *prem, const char *bed, const char *vd)
{
	struct strbuf err = STRBUF_INIT, path = STRBUF_INIT;

	memset(o, 0, sizeof *o);
	o->c = cas3_estate_ctx_new(which, prem, bed, vd);
	assert_non_null(o->c);
	sb_addf(&path, "%s/%s.yaml", FORMS_DIR, cas3_estate_form_id(which));
	if (form_load_file(path.buf, &o->form, &err) != CT_OK)
		fail_msg("%s", err.buf);
	o->st = form_state_new(o->form);
	if (cas3_estate_prepare(o->c, db, o->st, &err) != CT_OK)
		fail_msg("prepare: %s", err.buf);
	sb_release(&err);
	sb_release(&path);
}

static void close_form(struct open_form *o)
{
	form_state_free(&o->st);
	form_free(&o->form);
	cas3_estate_ctx_free(o->c);
}

static void set(struct open_form *o, const char *id, const char *v)
{
	struct strbuf err = STRBUF_INIT;

	if (form_state_set_id(o->st, id, 0, v, &err) != CT_OK)
		fail_msg("set %s: %s", id, err.buf);
	sb_release(&err);
}

/* Validates every page as the form screen does before submit. */
static void valid(struct open_form *o)
{
	struct form_errors errs = FORM_ERRORS_INIT;
	const struct form_page *bad = NULL;
	char *json = NULL;

	if (form_state_submit(o->st, &json, &errs, &bad) != CT_OK)
		fail_msg("page %s: %s", bad ? bad->id : "?", errs.n ? errs.v[0].message : "?");
	free(json);
	form_errors_release(&errs);
}

static bool has_option(struct open_form *o, const char *field, const char *value)
{
	size_t n = 0, i;
	const struct form_option *opt =
		form_state_options(o->st, form_find_field(o->form, field), &n);

	for (i = 0; opt && i < n; i++)
		if (!strcmp(opt[i].value, value))
			return true;
	return false;
}

static void test_premises_bedspace_void_lifecycle(void **state)
{
	struct strbuf err = STRBUF_INIT, conf = STRBUF_INIT;
	struct open_form o;
	struct cas3_premises p;
	struct cas3_void *voids = NULL;
	char *prem, *bed, *vd, *reason, today[16], later[16], last[16];
	size_t nv = 0;

	(void)state;
	fx_day(hk, 0, today);
	fx_day(hk, 10, later);
	fx_day(hk, 12, last);

	/* add: choices of my region, by property name; defaults */
	open_as(hk, &o, CAS3_FORM_PREMISES, NULL, NULL, NULL);
	assert_true(has_option(&o, "pdu", FX_PDU_K1));
	assert_false(has_option(&o, "pdu", FX_PDU_L1));
	assert_true(has_option(&o, "characteristics", "isMenOnly"));
	assert_false(has_option(&o, "characteristics", "isWheelchairAccessible"));
	assert_string_equal(form_state_get_id(o.st, "turnaround_working_days", 0), "2");
	assert_string_equal(form_state_get_id(o.st, "status", 0), "online");
	set(&o, "name", "OAK7");
	set(&o, "address_line1", "7 Oak Street");
	set(&o, "town", "Canterbury");
	set(&o, "postcode", "ct1 2aa");
	set(&o, "pdu", FX_PDU_K1);
	set(&o, "characteristics", "isMenOnly\nisSingleOccupancy");
	set(&o, "notes", "Near the station.");
	valid(&o);
	assert_int_equal(cas3_estate_submit(o.c, hk, o.st, &conf, &err), CT_OK);
	assert_string_equal(conf.buf, "Premises added\nOAK7, 7 Oak Street, Canterbury CT1 2AA");
	prem = strdup(o.c->saved_id);
	close_form(&o);
	assert_int_equal(cas3_premises_get(hk, prem, &p, &err), CT_OK);
	assert_string_equal(p.postcode, "CT1 2AA");
	assert_int_equal(p.turnaround_working_days, 2);
	assert_int_equal(p.n_characteristic_keys, 2);
	cas3_premises_release(&p);

	/* a bedspace, bookable from today */
	sb_reset(&conf);
	open_as(hk, &o, CAS3_FORM_BEDSPACE, prem, NULL, NULL);
	assert_string_equal(form_state_get_id(o.st, "start_date", 0), today);
	assert_true(has_option(&o, "characteristics", "isWheelchairAccessible"));
	set(&o, "reference", "1");
	set(&o, "characteristics", "isWheelchairAccessible");
	valid(&o);
	assert_int_equal(cas3_estate_submit(o.c, hk, o.st, &conf, &err), CT_OK);
	assert_non_null(strstr(conf.buf, "Bedspace added\nBedspace 1, bookable from "));
	bed = strdup(o.c->saved_id);
	close_form(&o);

	/* a void: end before start is said; then added */
	sb_reset(&conf);
	open_as(hk, &o, CAS3_FORM_VOID, prem, bed, NULL);
	reason = fx_sql(hk, "SELECT id::text FROM cas3_void_reason WHERE name = 'Deep clean'");
	assert_non_null(reason);
	assert_true(has_option(&o, "reason", reason));
	set(&o, "start_date", later);
	set(&o, "end_date", today);
	set(&o, "reason", reason);
	free(reason);
	set(&o, "cost_centre", "SUPPLIER");
	assert_int_equal(cas3_estate_submit(o.c, hk, o.st, &conf, &err), CT_USAGE);
	assert_non_null(strstr(err.buf, "is before the start date"));
	sb_reset(&err);
	set(&o, "end_date", last);
	assert_int_equal(cas3_estate_submit(o.c, hk, o.st, &conf, &err), CT_OK);
	assert_non_null(strstr(conf.buf, "Void added\nThe bedspace cannot be booked from "));
	vd = strdup(o.c->saved_id);
	close_form(&o);
	assert_int_equal(cas3_void_list(hk, bed, false, &voids, &nv, &err), CT_OK);
	assert_int_equal(nv, 1);
	assert_string_equal(voids[0].cost_centre, "SUPPLIER");
	cas3_void_list_free(&voids, nv);

	/* changing the void keeps what is not changed */
	sb_reset(&conf);
	open_as(hk, &o, CAS3_FORM_VOID, prem, bed, vd);
	assert_string_equal(form_state_get_id(o.st, "cost_centre", 0), "SUPPLIER");
	set(&o, "notes", "Carpets.");
	assert_int_equal(cas3_estate_submit(o.c, hk, o.st, &conf, &err), CT_OK);
	assert_non_null(strstr(conf.buf, "Void changed"));
	close_form(&o);

	/* cancel it */
	sb_reset(&conf);
	open_as(hk, &o, CAS3_FORM_VOID_CANCEL, prem, bed, vd);
	set(&o, "notes", "Cleaned early.");
	assert_int_equal(cas3_estate_submit(o.c, hk, o.st, &conf, &err), CT_OK);
	assert_non_null(strstr(conf.buf, "Void cancelled\n"));
	close_form(&o);
	assert_int_equal(cas3_void_list(hk, bed, false, &voids, &nv, &err), CT_OK);
	assert_int_equal(nv, 0);
	cas3_void_list_free(&voids, nv);

	/* change the premises: current values preset; archive from a later day */
	sb_reset(&conf);
	open_as(hk, &o, CAS3_FORM_PREMISES, prem, NULL, NULL);
	assert_string_equal(form_state_get_id(o.st, "name", 0), "OAK7");
	assert_non_null(strstr(form_state_get_id(o.st, "characteristics", 0), "isMenOnly"));
	assert_non_null(strstr(form_state_get_id(o.st, "characteristics", 0), "isSingleOccupancy"));
	set(&o, "town", "Canterbury East");
	set(&o, "status", "archived");
	set(&o, "archive_date", later);
	valid(&o);
	assert_int_equal(cas3_estate_submit(o.c, hk, o.st, &conf, &err), CT_OK);
	assert_non_null(strstr(conf.buf, "Premises changed\nOAK7, 7 Oak Street, Canterbury East"));
	assert_non_null(strstr(conf.buf, "Archived from "));
	close_form(&o);
	assert_int_equal(cas3_premises_get(hk, prem, &p, &err), CT_OK);
	assert_string_equal(p.archive_date, later);
	cas3_premises_release(&p);

	free(prem);
	free(bed);
	free(vd);
	sb_release(&err);
	sb_release(&conf);
}

static void test_region_rules(void **state)
{
	struct strbuf err = STRBUF_INIT, conf = STRBUF_INIT;
	struct open_form o;

	(void)state;
	/* an assessor of K cannot add premises in L's PDU, even by hand */
	open_as(hk, &o, CAS3_FORM_PREMISES, NULL, NULL, NULL);
	set(&o, "name", "ELSEWHERE");
	set(&o, "address_line1", "1 Far Road");
	set(&o, "postcode", "M1 1AA");
	set(&o, "pdu", FX_PDU_L1);
	assert_int_not_equal(cas3_estate_submit(o.c, hk, o.st, &conf, &err), CT_OK);
	assert_true(err.len > 0);
	assert_true(err.buf[0] >= 'A' && err.buf[0] <= 'Z');   /* said as a sentence */
	close_form(&o);
	assert_int_equal(fx_num(adm, "SELECT count(*) FROM cas3_premises WHERE name = 'ELSEWHERE'"),
			 0);
	/* an administrator may */
	sb_reset(&err);
	open_as(adm, &o, CAS3_FORM_PREMISES, NULL, NULL, NULL);
	assert_true(has_option(&o, "pdu", FX_PDU_L1));
	set(&o, "name", "ELSEWHERE");
	set(&o, "address_line1", "1 Far Road");
	set(&o, "postcode", "M1 1AA");
	set(&o, "pdu", FX_PDU_L1);
	assert_int_equal(cas3_estate_submit(o.c, adm, o.st, &conf, &err), CT_OK);
	close_form(&o);
	sb_release(&err);
	sb_release(&conf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_premises_bedspace_void_lifecycle),
		cmocka_unit_test(test_region_rules),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
