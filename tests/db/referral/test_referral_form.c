/* test_referral_form.c: forms/referral.yaml filled the way the referral
 * screens fill it: prefilled from a person's nDelius and OASys records (the
 * fake upstream's fixture files, parsed as a look-up would), the risk text
 * confirmed, edited and removed, submitted, mapped by referral_form.c and
 * sent with referral_send: what the supplier gets, what stays original,
 * and the outbox row.  Also: OASys down (the PP types the risk text), a
 * cohort category without its complexity level, custody without a release
 * date or reason, and a programme off the recommended pathway. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dbtest.h"
#include "reftest.h"
#include "ui/screens/referral_form.h"
#include "util/dates.h"

static struct reftest T;
static struct form *F;

static int setup(void **state)
{
	struct strbuf err = STRBUF_INIT;

	(void)state;
	if (form_load_file(FORMS_DIR "/referral.yaml", &F, &err)) {
		fprintf(stderr, "%s\n", err.buf);
		return -1;
	}
	sb_release(&err);
	return reftest_setup(&T, "refform");
}

static int teardown(void **state)
{
	(void)state;
	form_free(&F);
	reftest_teardown(&T);
	return 0;
}

static char *slurp(const char *crn, const char *file, size_t *len)
{
	struct strbuf sb = STRBUF_INIT, path = STRBUF_INIT;

	sb_addf(&path, "%s/people/%s/%s", FIXTURES_DIR, crn, file);
	if (sb_read_file(&sb, path.buf)) {
		sb_release(&path);
		sb_release(&sb);
		return NULL;
	}
	sb_release(&path);
	return sb_detach(&sb, len);
}

/* A look-up result built from the fixture files of crn, as lookup_person
 * would give it with both services answering; oasys false: OASys down. */
static struct person_lookup *person_from_fixtures(const char *crn, bool oasys)
{
	struct person_lookup *p = calloc(1, sizeof *p);
	char *b;
	size_t n;

	assert_non_null(p);
	snprintf(p->crn, sizeof p->crn, "%s", crn);
	p->service[LOOKUP_NDELIUS].outcome = LOOKUP_OK;
	if ((b = slurp(crn, "ndelius-details.json", &n)))
		p->details = ndelius_case_parse(b, n, NULL);
	free(b);
	if ((b = slurp(crn, "ndelius-responsible-officer.json", &n)))
		p->officer = responsible_officer_parse(b, n, NULL);
	free(b);
	if ((b = slurp(crn, "ndelius-convictions.json", &n)))
		p->convictions = ndelius_convictions_parse(b, n, NULL);
	free(b);
	if (!oasys) {
		p->service[LOOKUP_OASYS].outcome = LOOKUP_UNAVAILABLE;
		p->service[LOOKUP_OASYS].reason = strdup("OASys answered 500");
		return p;
	}
	p->service[LOOKUP_OASYS].outcome = LOOKUP_OK;
	if ((b = slurp(crn, "oasys-summary.json", &n)))
		p->rosh = oasys_rosh_parse(b, n, NULL);
	free(b);
	if ((b = slurp(crn, "oasys-risks.json", &n))) {
		struct oasys_rosh *r2 = NULL;

		oasys_risks_parse(b, n, &p->risk_to_self, &r2, NULL);
		if (!p->rosh)
			p->rosh = r2;
		else
			oasys_rosh_free(&r2);
	}
	free(b);
	if ((b = slurp(crn, "oasys-predictors.json", &n)))
		p->predictors = oasys_predictors_parse(b, n, NULL);
	free(b);
	if ((b = slurp(crn, "oasys-pni.json", &n)))
		p->pni = oasys_pni_parse(b, n, NULL);
	free(b);
	return p;
}

struct fx {
	PGconn *pp, *owner;
	struct ref_person *rp;
	struct referral_ctx *c;
	struct form_state *st;
	struct strbuf report;
};

static void fx_open(struct fx *x, const char *crn, bool oasys, const char *intervention_id)
{
	struct intervention_filter f = {0};
	struct intervention_summary *list = NULL;
	struct ref_intervention iv;
	struct strbuf err = STRBUF_INIT;
	size_t n = 0, i;

	memset(x, 0, sizeof *x);
	sb_init(&x->report);
	x->pp = reftest_connect(&T, T.pp_a);
	x->owner = reftest_connect(&T, NULL);
	x->rp = ref_person_new(crn);
	ref_person_take(x->rp, person_from_fixtures(crn, oasys));
	assert_int_equal(interventions_list(x->pp, &f, &list, &n, &err), CT_OK);
	for (i = 0; i < n && strcmp(list[i].id, intervention_id); i++)
		;
	assert_true(i < n);
	assert_int_equal(ref_intervention_from_summary(&iv, &list[i]), CT_OK);
	intervention_summaries_free(&list, n);
	assert_int_equal(intervention_categories(x->pp, iv.id, &iv.cats, &iv.n_cats, &err), CT_OK);
	x->c = referral_ctx_new(x->rp, &iv);
	assert_non_null(x->c);
	x->st = form_state_new(F);
	assert_non_null(x->st);
	x->c->st = x->st;
	assert_int_equal(referral_set_options(x->c, x->st, &err), CT_OK);
	form_state_prefill(x->st, x->c->sources, REF_N_SOURCES, &x->report);
	sb_release(&err);
}

static void fx_close(struct fx *x)
{
	form_state_free(&x->st);
	referral_ctx_free(x->c);
	ref_person_unref(&x->rp);
	sb_release(&x->report);
	PQfinish(x->pp);
	PQfinish(x->owner);
}

static void set(struct fx *x, const char *id, const char *value)
{
	struct strbuf err = STRBUF_INIT;

	if (form_state_set_id(x->st, id, 0, value, &err))
		fail_msg("set %s: %s", id, err.buf);
	sb_release(&err);
}

static const struct form_field *fld(const char *id)
{
	const struct form_field *f = form_find_field(F, id);

	assert_non_null(f);
	return f;
}

/* Submits; on validation errors fails with them listed. */
static char *submit_json(struct fx *x)
{
	struct form_errors errs = FORM_ERRORS_INIT;
	char *json = NULL;
	size_t i;

	if (form_state_submit(x->st, &json, &errs, NULL)) {
		for (i = 0; i < errs.n; i++)
			fprintf(stderr, "  %s: %s\n", errs.v[i].field->id, errs.v[i].message);
		form_errors_release(&errs);
		fail_msg("the form did not submit");
	}
	form_errors_release(&errs);
	return json;
}

static void deadline(char out[16])
{
	struct ymd d = date_from_days(date_to_days(date_today()) + 60);

	snprintf(out, 16, "%04d-%02d-%02d", d.y, d.m, d.d);
}

/* What a PP who has nothing to change answers on top of the prefill. */
static void answer_crs(struct fx *x)
{
	char when[16];

	deadline(when);
	set(x, "needs_interpreter", "no");
	set(x, "has_additional_responsibilities", "no");
	set(x, "complexity_levels", "accommodation:medium");
	set(x, "desired_outcomes", OUTCOME_ACC_SECURE "\n" OUTCOME_ACC_PREVENT);
	set(x, "maximum_enforceable_days", "10");
	set(x, "completion_deadline", when);
	set(x, "reason_for_referral", "Needs somewhere settled to live before the order ends.");
	set(x, "risk_reviewed", "reviewed");
}

static void test_prefill_from_both_services(void **state)
{
	struct fx x;

	(void)state;
	fx_open(&x, "C410005", true, I_SHELTER);
	assert_string_equal(x.report.buf, "");
	assert_string_equal(form_state_get_id(x.st, "crn", 0), "C410005");
	assert_string_equal(form_state_get_id(x.st, "first_name", 0), "Aleksander");
	assert_string_equal(form_state_get_id(x.st, "date_of_birth", 0), "1990-10-12");
	assert_string_equal(form_state_get_id(x.st, "intervention_kind", 0), "CRS");
	assert_string_equal(form_state_get_id(x.st, "intervention_title", 0),
			    "Accommodation - Shelter");
	/* the one service category of an Accommodation contract is chosen */
	assert_string_equal(form_state_get_id(x.st, "service_categories", 0), "accommodation");
	assert_string_equal(form_state_get_id(x.st, "location_type", 0), "COMMUNITY");
	assert_true(*form_state_get_id(x.st, "pp_name", 0));
	assert_true(*form_state_get_id(x.st, "pp_email", 0));
	assert_true(*form_state_get_id(x.st, "relevant_sentence", 0));
	/* nDelius holds no interpreter need for anyone in the fixtures */
	assert_string_equal(form_state_get_id(x.st, "needs_interpreter", 0), "");
	assert_string_equal(form_state_get_id(x.st, "preferred_language", 0), "Polish");
	assert_true(form_state_prefilled(x.st, fld("who_is_at_risk")));
	assert_int_equal(form_state_redaction(x.st, fld("who_is_at_risk"), NULL),
			 REDACTION_PENDING);
	assert_true(*form_state_get_id(x.st, "risk_assessed_on", 0));
	fx_close(&x);
}

static void test_crs_referral_sent_with_reviewed_risk(void **state)
{
	struct fx x;
	struct referral_send_input in;
	struct referral_input_owner own;
	struct referral_sent sent;
	struct strbuf err = STRBUF_INIT, sql = STRBUF_INIT, conf = STRBUF_INIT;
	const char *original = NULL;
	char *json, *v;
	size_t i;
	static const char *const risk_ids[] = {"who_is_at_risk", "nature_of_risk", "risk_imminence",
					      "risk_suicide", "risk_self_harm",
					      "risk_hostel_setting", "risk_vulnerability"};

	(void)state;
	fx_open(&x, "C410005", true, I_SHELTER);
	answer_crs(&x);
	/* review every prefilled risk text: confirm, then edit one and remove one */
	for (i = 0; i < sizeof risk_ids / sizeof risk_ids[0]; i++)
		if (form_state_redaction(x.st, fld(risk_ids[i]), NULL) == REDACTION_PENDING)
			assert_int_equal(form_state_redaction_confirm(x.st, fld(risk_ids[i]), &err),
					 CT_OK);
	form_state_redaction(x.st, fld("nature_of_risk"), &original);
	assert_non_null(original);
	v = strdup(original);
	set(&x, "nature_of_risk", "Shared with the provider after review.");
	assert_int_equal(form_state_redaction_remove(x.st, fld("risk_imminence"), &err), CT_OK);
	json = submit_json(&x);
	assert_int_equal(referral_input_from_json(json, x.st, x.c, &in, &own, &err), CT_OK);
	assert_string_equal(in.crn, "C410005");
	assert_int_equal(in.n_categories, 1);
	assert_string_equal(in.categories[0].complexity_level_id, "accommodation:medium");
	assert_int_equal(in.categories[0].n_desired_outcomes, 2);
	assert_int_equal(in.risk[RISK_WHO_IS_AT_RISK].decision, RISK_CONFIRMED);
	assert_int_equal(in.risk[RISK_NATURE_OF_RISK].decision, RISK_EDITED);
	assert_int_equal(in.risk[RISK_IMMINENCE].decision, RISK_REMOVED);
	assert_false(in.location.custody);
	assert_non_null(in.pp.ndelius_email_address);
	if (referral_send(x.pp, &in, &sent, &err))
		fail_msg("referral_send: %s", err.buf);
	referral_confirmation(&sent, "Aleksander", &conf);
	assert_non_null(strstr(conf.buf, sent.reference_number));
	assert_non_null(strstr(conf.buf, "nDelius will be told"));

#define Q(...) (sb_reset(&sql), sb_addf(&sql, __VA_ARGS__), sql.buf)
	/* the supplier's text: confirmed and edited only */
	v = (free(v), reftest_str(x.owner, Q("SELECT shared_text FROM referral_shared_risk"
		" WHERE referral_id = '%s' AND field = 'nature_of_risk'", sent.id)));
	assert_string_equal(v, "Shared with the provider after review.");
	free(v);
	assert_int_equal(reftest_num(x.owner, Q("SELECT count(*) FROM referral_shared_risk"
		" WHERE referral_id = '%s' AND field = 'risk_imminence' AND shared_text IS NULL"
		" AND decision = 'REMOVED'", sent.id)), 1);
	/* the OASys originals kept apart, with the assessment date */
	assert_int_equal(reftest_num(x.owner, Q("SELECT count(*) FROM referral_risk_original"
		" WHERE referral_id = '%s' AND field IN ('nature_of_risk', 'risk_imminence',"
		" 'who_is_at_risk') AND assessed_on IS NOT NULL", sent.id)), 3);
	v = reftest_str(x.owner, Q("SELECT original_text FROM referral_risk_original"
		" WHERE referral_id = '%s' AND field = 'nature_of_risk'", sent.id));
	assert_string_equal(v, original);
	free(v);
	v = reftest_str(x.owner, Q("SELECT first_name || ' ' || dob FROM referral_service_user_data"
		" WHERE referral_id = '%s'", sent.id));
	assert_string_equal(v, "Aleksander 1990-10-12");
	free(v);
	assert_int_equal(reftest_num(x.owner, Q("SELECT count(*) FROM outbox WHERE"
		" event_type = 'intervention.referral.sent' AND payload->>'referralId' = '%s'",
		sent.id)), 1);
	assert_int_equal(reftest_num(x.owner, Q("SELECT count(*) FROM referral WHERE id = '%s'"
		" AND relevant_sentence_id IS NOT NULL", sent.id)), 1);
#undef Q
	referral_sent_release(&sent);
	referral_input_release(&own);
	free(json);
	sb_release(&conf);
	sb_release(&sql);
	sb_release(&err);
	fx_close(&x);
}

static void test_oasys_down_pp_types_the_risk(void **state)
{
	struct fx x;
	struct referral_send_input in;
	struct referral_input_owner own;
	struct referral_sent sent;
	struct strbuf err = STRBUF_INIT, banner = STRBUF_INIT;
	char *json;

	(void)state;
	fx_open(&x, "C410005", false, I_SHELTER);
	/* said once per source, with the reason; nDelius fields still filled */
	assert_non_null(strstr(x.report.buf, "oasys.rosh: OASys answered 500"));
	assert_string_equal(form_state_get_id(x.st, "first_name", 0), "Aleksander");
	assert_string_equal(form_state_get_id(x.st, "who_is_at_risk", 0), "");
	referral_services_banner(x.rp, &banner);
	assert_non_null(strstr(banner.buf, "OASys unavailable"));
	assert_non_null(strstr(banner.buf, "F5"));
	answer_crs(&x);
	set(&x, "who_is_at_risk", "Known adults: typed by the PP");
	json = submit_json(&x);
	assert_int_equal(referral_input_from_json(json, x.st, x.c, &in, &own, &err), CT_OK);
	assert_int_equal(in.risk[RISK_WHO_IS_AT_RISK].decision, RISK_EDITED);
	assert_null(in.risk[RISK_WHO_IS_AT_RISK].original);
	assert_int_equal(in.risk[RISK_NATURE_OF_RISK].decision, RISK_NOT_GIVEN);
	if (referral_send(x.pp, &in, &sent, &err))
		fail_msg("referral_send: %s", err.buf);
	referral_sent_release(&sent);
	referral_input_release(&own);
	free(json);
	sb_release(&banner);
	sb_release(&err);
	fx_close(&x);
}

static void test_rules_the_form_cannot_say(void **state)
{
	struct fx x;
	struct referral_send_input in;
	struct referral_input_owner own;
	struct strbuf err = STRBUF_INIT;
	char *json;

	(void)state;
	/* a level of a category that is not chosen (one category contract:
	 * level of another category cannot be chosen, so clear the category) */
	fx_open(&x, "C410005", false, I_SHELTER);
	answer_crs(&x);
	set(&x, "complexity_levels", "accommodation:medium\naccommodation:high");
	json = submit_json(&x);
	assert_int_equal(referral_input_from_json(json, x.st, x.c, &in, &own, &err), CT_USAGE);
	assert_string_equal(err.buf, "Select only one complexity level for Accommodation");
	referral_input_release(&own);
	free(json);
	sb_reset(&err);

	/* custody with neither a release date nor a reason */
	set(&x, "complexity_levels", "accommodation:medium");
	set(&x, "location_type", "CUSTODY");
	set(&x, "prison", "HMP Leeds");
	json = submit_json(&x);
	assert_int_equal(referral_input_from_json(json, x.st, x.c, &in, &own, &err), CT_USAGE);
	assert_string_equal(err.buf, "Enter the expected release date, or why it is not known");
	referral_input_release(&own);
	free(json);
	fx_close(&x);
	sb_release(&err);
}

static void test_programme_off_pathway_needs_a_reason(void **state)
{
	struct fx x;
	struct referral_send_input in;
	struct referral_input_owner own;
	struct referral_sent sent;
	struct strbuf err = STRBUF_INIT;
	char *json;

	(void)state;
	fx_open(&x, "C410005", false, I_PROBATION);
	assert_string_equal(form_state_get_id(x.st, "intervention_kind", 0), "STRUCTURED");
	set(&x, "needs_interpreter", "no");
	set(&x, "has_additional_responsibilities", "no");
	set(&x, "risk_reviewed", "reviewed");
	set(&x, "structured_delivery", "group");
	set(&x, "reason_for_referral", "To manage emotions");
	{
		char when[16];

		deadline(when);
		set(&x, "completion_deadline", when);
	}
	json = submit_json(&x);
	assert_int_equal(referral_input_from_json(json, x.st, x.c, &in, &own, &err), CT_OK);
	assert_int_equal(in.n_categories, 0);
	assert_non_null(strstr(in.details.further_information, "Delivery: in a group"));
	if (referral_send(x.pp, &in, &sent, &err))
		fail_msg("referral_send: %s", err.buf);
	referral_sent_release(&sent);
	referral_input_release(&own);
	free(json);

	/* the same answers read as an accredited programme off its pathway */
	json = strdup("{\"form\": \"referral\", \"answers\": {\"intervention_kind\":"
		      " \"ACCREDITED_PROGRAMME\", \"recommended_pathway\": \"HIGH_INTENSITY_BC\","
		      " \"requested_pathway\": \"MODERATE_INTENSITY_BC\", \"first_name\": \"A\","
		      " \"last_name\": \"B\"}, \"redactions\": {}}");
	sb_reset(&err);
	assert_int_equal(referral_input_from_json(json, x.st, x.c, &in, &own, &err), CT_USAGE);
	assert_non_null(strstr(err.buf, "off the recommended pathway (high intensity)"));
	referral_input_release(&own);
	free(json);
	sb_reset(&err);
	assert_int_equal(referral_input_from_json("{\"form\": \"sample\", \"answers\": {}}", x.st,
						  x.c, &in, &own, &err),
			 CT_ERR);
	referral_input_release(&own);
	sb_release(&err);
	fx_close(&x);
}

#define I_PWB "11111111-0000-4000-8000-0000000000f1"

/* A cohort contract (Personal Wellbeing): the PP chooses categories, then a
 * complexity level and outcomes for each chosen one, and only for those. */
static void test_cohort_categories(void **state)
{
	struct fx x;
	struct referral_send_input in;
	struct referral_input_owner own;
	struct referral_sent sent;
	struct strbuf err = STRBUF_INIT, sql = STRBUF_INIT, outs = STRBUF_INIT;
	const struct form_option *o;
	size_t n, i;
	char *json, *v;
	PGconn *owner = reftest_connect(&T, NULL);

	(void)state;
	assert_true(dbtest_ok(owner, "INSERT INTO intervention (id, title, kind, contract_reference,"
		" contract_type_code, prime_provider_id, minimum_age, allows_female, allows_male)"
		" VALUES ('" I_PWB "', 'Personal Wellbeing - Test', 'CRS', 'PRJ_TPWB', 'PWB',"
		" 'CATCH_22_CHARITY_LTD', 18, true, true) ON CONFLICT DO NOTHING"));
	PQfinish(owner);
	fx_open(&x, "C410005", false, I_PWB);
	/* no category is chosen for the PP; options are labelled by category */
	assert_string_equal(form_state_get_id(x.st, "service_categories", 0), "");
	o = form_state_options(x.st, fld("service_categories"), &n);
	assert_int_equal(n, 4);
	o = form_state_options(x.st, fld("complexity_levels"), &n);
	assert_int_equal(n, 12);
	assert_non_null(strchr(o[0].label, ':'));
	answer_crs(&x);
	set(&x, "service_categories", "emotional-wellbeing\nfamily");
	set(&x, "complexity_levels", "emotional-wellbeing:low\nfamily:high");
	o = form_state_options(x.st, fld("desired_outcomes"), &n);
	/* one outcome of each chosen category */
	{
		bool emo = false, fam = false;

		for (i = 0; i < n; i++) {
			if (!emo && !strncmp(o[i].label, "Emotional Wellbeing:", 20)) {
				sb_addf(&outs, "%s\n", o[i].value);
				emo = true;
			}
			if (!fam && !strncmp(o[i].label, "Family and Significant Others:", 30)) {
				sb_addf(&outs, "%s\n", o[i].value);
				fam = true;
			}
		}
		assert_true(emo && fam);
	}
	set(&x, "desired_outcomes", outs.buf);
	json = submit_json(&x);
	assert_int_equal(referral_input_from_json(json, x.st, x.c, &in, &own, &err), CT_OK);
	assert_int_equal(in.n_categories, 2);
	if (referral_send(x.pp, &in, &sent, &err))
		fail_msg("referral_send: %s", err.buf);
	sb_reset(&sql);
	sb_addf(&sql, "SELECT string_agg(complexity_level_id, ' ' ORDER BY complexity_level_id)"
		      " FROM referral_complexity_level WHERE referral_id = '%s'", sent.id);
	v = reftest_str(x.owner, sql.buf);
	assert_string_equal(v, "emotional-wellbeing:low family:high");
	free(v);
	referral_sent_release(&sent);
	referral_input_release(&own);
	free(json);

	/* a level for a category that is not chosen is pointed out */
	set(&x, "complexity_levels", "emotional-wellbeing:low\nfamily:high\nlifestyle:low");
	json = submit_json(&x);
	sb_reset(&err);
	assert_int_equal(referral_input_from_json(json, x.st, x.c, &in, &own, &err), CT_USAGE);
	assert_non_null(strstr(err.buf, "which is not one of the service categories"));
	referral_input_release(&own);
	free(json);
	/* and a chosen category without its level */
	set(&x, "complexity_levels", "emotional-wellbeing:low");
	json = submit_json(&x);
	sb_reset(&err);
	assert_int_equal(referral_input_from_json(json, x.st, x.c, &in, &own, &err), CT_USAGE);
	assert_non_null(strstr(err.buf, "Select a complexity level for Family"));
	referral_input_release(&own);
	free(json);
	sb_release(&err);
	sb_release(&sql);
	sb_release(&outs);
	fx_close(&x);
}

static void test_failed_retry_keeps_what_was_there(void **state)
{
	struct ref_person *rp = ref_person_new("C410005");
	struct person_lookup *down = calloc(1, sizeof *down);

	(void)state;
	ref_person_take(rp, person_from_fixtures("C410005", true));
	assert_non_null(rp->p->rosh);
	down->service[LOOKUP_OASYS].outcome = LOOKUP_UNAVAILABLE;
	down->service[LOOKUP_NDELIUS].outcome = LOOKUP_UNAVAILABLE;
	ref_person_take(rp, down);
	assert_ptr_equal(rp->p, down);
	assert_non_null(rp->p->rosh);
	assert_non_null(rp->p->details);
	assert_int_equal(rp->version, 2);
	ref_person_unref(&rp);
	assert_null(rp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prefill_from_both_services),
		cmocka_unit_test(test_crs_referral_sent_with_reviewed_risk),
		cmocka_unit_test(test_oasys_down_pp_types_the_risk),
		cmocka_unit_test(test_rules_the_form_cannot_say),
		cmocka_unit_test(test_programme_off_pathway_needs_a_reason),
		cmocka_unit_test(test_cohort_categories),
		cmocka_unit_test(test_failed_retry_keeps_what_was_there),
	};

	if (!dbtest_available())
		return DBTEST_SKIP;
	return cmocka_run_group_tests(tests, setup, teardown);
}
