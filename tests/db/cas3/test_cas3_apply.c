/* test_cas3_apply.c: a practitioner's CAS3 application, from the form's
 * answers (forms/cas3_application.yaml) through cas3_apply_submit, lands
 * unallocated in the HPT queue of the placement region and nowhere else,
 * with the practitioner's contact details and the choices read from the
 * database. */
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
#include "store/cas3_apply_store.h"
#include "store/cas3_store.h"
#include "ui/screens/cas3_application.h"

static PGconn *ppk, *hk, *hl;

static int setup(void **state)
{
	(void)state;
	if (fx_setup("cas3app"))
		return -1;
	ppk = fx_connect(fx.pp_k);
	hk = fx_connect(fx.hpt_k);
	hl = fx_connect(fx.hpt_l);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	PQfinish(ppk);
	PQfinish(hk);
	PQfinish(hl);
	fx_teardown();
	return 0;
}

/* What form_state_submit gives for an application (the fields the mapping
 * reads), for the placement region given. */
static char *answers(const char *crn, const char *name, const char *region, const char *consent)
{
	struct strbuf sb = STRBUF_INIT;

	sb_addf(&sb,
		"{\"form\": \"cas3_application\", \"answers\": {\"crn\": \"%s\","
		" \"person_name\": \"%s\", \"sex\": \"Male\", \"placement_region\": \"%s\","
		" \"history_of_sexual_offence\": \"no\", \"concerning_sexual_behaviour\": \"no\","
		" \"history_of_arson\": \"yes\", \"needs_accessible_property\": \"no\","
		" \"release_types\": [\"crdLicence\"], \"eligibility_reason\": \"homelessFromCustody\","
		" \"release_date\": \"2027-03-01\", \"accommodation_required_from\": \"2027-03-02\","
		" \"consent_given\": \"%s\", \"dtr_submitted\": \"yes\", \"dtr_date\": \"2027-01-05\","
		" \"dtr_local_authority\": \"ashford\", \"dtr_outcome\": \"pending\"},"
		" \"redactions\": {}}",
		crn, name, region, consent);
	return sb_detach(&sb, NULL);
}

static long in_queue(PGconn *c, const char *crn)
{
	struct strbuf err = STRBUF_INIT;
	struct cas3_queue_item *v = NULL;
	size_t n = 0, i;
	long found = 0;

	assert_int_equal(cas3_queue_list(c, CAS3_TAB_UNALLOCATED, crn, &v, &n, &err), CT_OK);
	for (i = 0; i < n; i++)
		if (!strcmp(v[i].crn, crn))
			found++;
	cas3_queue_free(&v, n);
	sb_release(&err);
	return found;
}

static void test_application_lands_in_the_region_queue(void **state)
{
	struct strbuf err = STRBUF_INIT, conf = STRBUF_INIT;
	struct cas3_my_contact me;
	struct form *form = NULL;
	struct form_state *st;
	struct cas3_apply *c;
	char *json;

	(void)state;
	assert_int_equal(cas3_my_contact_get(ppk, &me, &err), CT_OK);
	assert_string_equal(me.name, "Anna Clarke");
	assert_string_equal(me.region_id, "K");
	assert_int_equal(form_load_file(FORMS_DIR "/cas3_application.yaml", &form, &err), CT_OK);
	st = form_state_new(form);
	c = cas3_apply_new("X320741", NULL, &me, "Anna Clarke");
	assert_non_null(c);
	/* the choices come from the database, the region is the practitioner's */
	assert_int_equal(cas3_apply_prepare(c, ppk, st, &err), CT_OK);
	assert_string_equal(form_state_get_id(st, "placement_region", 0), "K");
	{
		size_t n = 0;
		const struct form_option *o =
			form_state_options(st, form_find_field(form, "placement_pdu"), &n);

		assert_non_null(o);
		assert_true(n >= 3);
	}
	json = answers("X320741", "Alex River", "K", "yes");
	assert_int_equal(cas3_apply_submit(c, ppk, st, json, &conf, &err), CT_OK);
	assert_non_null(strstr(conf.buf, "Application sent\n"));
	assert_non_null(strstr(conf.buf, "queue for Kent, Surrey and Sussex"));
	assert_int_equal(in_queue(hk, "X320741"), 1);
	assert_int_equal(in_queue(hl, "X320741"), 0);
	/* what the assessor reads: flags and the Duty to Refer authority's name */
	assert_int_equal(fx_num(hk, "SELECT count(*) FROM cas3_application WHERE crn = 'X320741'"
				    " AND has_history_of_arson AND NOT is_history_of_sexual_offence"
				    " AND is_registered_sex_offender = false"
				    " AND duty_to_refer_local_authority = 'Ashford'"
				    " AND prison_release_types = 'crdLicence'"
				    " AND answers->'answers'->>'person_name' = 'Alex River'"),
			 1);
	free(json);
	sb_reset(&conf);

	/* out of region: the practitioner in K places someone in L */
	json = answers("D002399", "Sam Taylor", "L", "yes");
	assert_int_equal(cas3_apply_submit(c, ppk, st, json, &conf, &err), CT_OK);
	assert_non_null(strstr(conf.buf, "queue for Greater Manchester"));
	assert_int_equal(in_queue(hl, "D002399"), 1);
	assert_int_equal(in_queue(hk, "D002399"), 0);
	free(json);

	/* refused answers write nothing */
	sb_reset(&err);
	json = answers("K320021", "Jo Bloggs", "K", "no");
	assert_int_equal(cas3_apply_submit(c, ppk, st, json, &conf, &err), CT_USAGE);
	assert_non_null(strstr(err.buf, "has not consented"));
	free(json);
	assert_int_equal(in_queue(hk, "K320021"), 0);

	cas3_apply_free(c);
	form_state_free(&st);
	form_free(&form);
	sb_release(&err);
	sb_release(&conf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_application_lands_in_the_region_queue),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
