/* test_cas3_application.c: forms/cas3_application.yaml filled in through the
 * form engine with prefill from a person's look-up (the people fixtures
 * of X320741) and the practitioner's details, then the submission mapped to
 * cas3_application_input: yes/no answers, the release types, the risk
 * snapshot, OASys text removed by the referrer not shared, and the answers
 * that refuse to make an application (no consent, release after the
 * required date).  No database. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "forms/form.h"
#include "forms/state.h"
#include "ui/screens/cas3_application.h"

static char *read_fixture(const char *name)
{
	struct strbuf sb = STRBUF_INIT, path = STRBUF_INIT;

	sb_addf(&path, "%s/X320741/%s", PEOPLE_DIR, name);
	if (sb_read_file(&sb, path.buf))
		fail_msg("cannot read %s", path.buf);
	sb_release(&path);
	return sb_detach(&sb, NULL);
}

/* What lookup_person would give for X320741, both services answering, or
 * with OASys down. */
static struct person_lookup *person(bool oasys)
{
	struct person_lookup *p = calloc(1, sizeof *p);
	struct strbuf err = STRBUF_INIT;
	char *b;

	assert_non_null(p);
	strcpy(p->crn, "X320741");
	b = read_fixture("ndelius-details.json");
	p->details = ndelius_case_parse(b, strlen(b), &err);
	free(b);
	b = read_fixture("ndelius-convictions.json");
	p->convictions = ndelius_convictions_parse(b, strlen(b), &err);
	free(b);
	assert_non_null(p->details);
	p->service[LOOKUP_NDELIUS].outcome = LOOKUP_OK;
	if (oasys) {
		b = read_fixture("oasys-summary.json");
		p->rosh = oasys_rosh_parse(b, strlen(b), &err);
		free(b);
		b = read_fixture("oasys-rmp.json");
		p->rmp = oasys_rmp_parse(b, strlen(b), &err);
		free(b);
		assert_non_null(p->rosh);
		assert_non_null(p->rmp);
		p->service[LOOKUP_OASYS].outcome = LOOKUP_OK;
	} else {
		p->service[LOOKUP_OASYS].outcome = LOOKUP_UNAVAILABLE;
		p->service[LOOKUP_OASYS].reason = strdup("OASys did not answer within 5 s");
	}
	sb_release(&err);
	return p;
}

struct fix {
	struct form *form;
	struct form_state *st;
	struct cas3_apply *c;
};

static void open_form(struct fix *f, bool oasys)
{
	struct strbuf err = STRBUF_INIT;
	struct cas3_my_contact me = {0};

	me.name = strdup("Anna Clarke");
	me.email = strdup("anna.clarke@justice.gov.uk");
	me.phone = strdup("01227 000101");
	me.region_id = strdup("K");
	me.pdu_id = strdup("east-kent");
	if (form_load_file(FORMS_DIR "/cas3_application.yaml", &f->form, &err) != CT_OK)
		fail_msg("%s", err.buf);
	f->st = form_state_new(f->form);
	f->c = cas3_apply_new("X320741", person(oasys), &me, "Anna Clarke");
	assert_non_null(f->st);
	assert_non_null(f->c);
	assert_null(me.name);   /* moved in */
	assert_int_equal(cas3_apply_prepare(f->c, NULL, f->st, &err), CT_OK);
	form_state_prefill(f->st, f->c->sources, CAS3_APPLY_N_SOURCES, &err);
	sb_release(&err);
}

static void close_form(struct fix *f)
{
	form_state_free(&f->st);
	cas3_apply_free(f->c);
	form_free(&f->form);
}

static void set(struct fix *f, const char *id, const char *v)
{
	struct strbuf err = STRBUF_INIT;

	if (form_state_set_id(f->st, id, 0, v, &err) != CT_OK)
		fail_msg("set %s: %s", id, err.buf);
	sb_release(&err);
}

/* Every required answer a practitioner types. */
static void answer_all(struct fix *f)
{
	set(f, "history_of_sexual_offence", "yes");
	set(f, "registered_sex_offender", "yes");
	set(f, "history_of_arson", "no");
	set(f, "concerning_arson_behaviour", "no");
	set(f, "offending_summary", "Burglary, 2024; two previous thefts.");
	set(f, "sentence_type", "standardDeterminate");
	set(f, "release_types", "crdLicence\nstandardRecall");
	set(f, "eligibility_reason", "homelessFromCustody");
	set(f, "release_date", "2027-03-01");
	set(f, "accommodation_required_from", "2027-03-01");
	set(f, "consent_given", "yes");
	set(f, "accommodation_sharing", "no");
	set(f, "anti_social_behaviour", "no");
	set(f, "substance_misuse", "no");
	set(f, "risk_to_children_impact", "None known.");
	set(f, "risk_to_public_impact", "Low.");
	set(f, "risk_to_known_adult_impact", "Former partner: not in Kent.");
	set(f, "risk_to_staff_impact", "None.");
	set(f, "self_harm_concerns", "no");
	set(f, "specific_risk_approvals", "no");
	set(f, "previous_stays", "no");
	set(f, "needs", "mobility");
	set(f, "needs_accessible_property", "yes");
	set(f, "accessible_property_detail", "Ground floor, no steps.");
	set(f, "religious_cultural_needs", "no");
	set(f, "safeguarding", "no");
	set(f, "caring_responsibilities", "no");
	set(f, "food_allergies", "no");
	set(f, "move_on_plan", "Private rental with a deposit scheme.");
	set(f, "dtr_submitted", "no");
	set(f, "crs_submitted", "no");
}

/* The referrer reviews the OASys text still pending: shares it as it is. */
static void confirm_pending(struct fix *f)
{
	static const char *const ids[] = {"rmp_supervision", "rmp_monitoring_and_control",
					  "rmp_interventions_and_treatment",
					  "rmp_victim_safety_planning", "risk_to_self_oasys"};
	struct strbuf err = STRBUF_INIT;
	size_t i;

	for (i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		const struct form_field *fld = form_find_field(f->form, ids[i]);

		if (form_state_redaction(f->st, fld, NULL) == REDACTION_PENDING &&
		    form_state_redaction_confirm(f->st, fld, &err) != CT_OK)
			fail_msg("confirm %s: %s", ids[i], err.buf);
	}
	sb_release(&err);
}

static char *submit(struct fix *f)
{
	struct form_errors errs;
	const struct form_page *bad = NULL;
	char *json = NULL;

	memset(&errs, 0, sizeof errs);
	confirm_pending(f);
	if (form_state_submit(f->st, &json, &errs, &bad) != CT_OK)
		fail_msg("submit refused on page %s (%zu errors): %s", bad ? bad->id : "?", errs.n,
			 errs.n ? errs.v[0].message : "");
	form_errors_release(&errs);
	return json;
}

static void test_prefill_from_the_look_up_and_the_practitioner(void **state)
{
	struct fix f;
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	open_form(&f, true);
	assert_string_equal(form_state_get_id(f.st, "crn", 0), "X320741");
	assert_true(*form_state_get_id(f.st, "person_name", 0));
	assert_true(*form_state_get_id(f.st, "offence", 0));
	assert_string_equal(form_state_get_id(f.st, "practitioner_name", 0), "Anna Clarke");
	assert_string_equal(form_state_get_id(f.st, "practitioner_email", 0),
			    "anna.clarke@justice.gov.uk");
	/* the practitioner's own region and PDU */
	assert_string_equal(form_state_get_id(f.st, "placement_region", 0), "K");
	assert_string_equal(form_state_get_id(f.st, "placement_pdu", 0), "east-kent");
	/* OASys risk management plan, redactable */
	assert_true(*form_state_get_id(f.st, "rmp_supervision", 0));
	assert_int_equal(form_state_redaction(f.st, form_find_field(f.form, "rmp_supervision"),
					      NULL),
			 REDACTION_PENDING);
	assert_true(*form_state_get_id(f.st, "rosh_overall", 0));
	cas3_apply_banner(f.c, &sb);
	assert_string_equal(sb.buf, "");
	sb_release(&sb);
	close_form(&f);
}

static void test_oasys_down_is_said_and_left_to_type(void **state)
{
	struct fix f;
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	open_form(&f, false);
	assert_true(*form_state_get_id(f.st, "person_name", 0));
	assert_string_equal(form_state_get_id(f.st, "rmp_supervision", 0), "");
	assert_int_equal(cas3_apply_prefill_get(f.c, "oasys.rmp.supervision", &sb), PREFILL_DOWN);
	assert_string_equal(sb.buf, "OASys did not answer within 5 s");
	sb_reset(&sb);
	cas3_apply_banner(f.c, &sb);
	assert_string_equal(sb.buf, "OASys did not answer: type the risk information yourself.");
	sb_release(&sb);
	close_form(&f);
}

static void test_submission_maps_to_the_application(void **state)
{
	struct fix f;
	struct strbuf err = STRBUF_INIT;
	struct cas3_application_input in;
	struct cas3_apply_owner own;
	const char *rmp_text, *removed;
	json_t *risk, *answers, *doc;
	char *json;

	(void)state;
	open_form(&f, true);
	answer_all(&f);
	/* the referrer edits one OASys answer and removes another */
	set(&f, "rmp_supervision", "Weekly appointments (edited).");
	assert_int_equal(form_state_redaction_remove(
				 f.st, form_find_field(f.form, "rmp_victim_safety_planning"), &err),
			 CT_OK);
	rmp_text = form_state_get_id(f.st, "rmp_monitoring_and_control", 0);
	assert_true(*rmp_text);
	assert_int_equal(form_state_redaction_confirm(
				 f.st, form_find_field(f.form, "rmp_monitoring_and_control"), &err),
			 CT_OK);
	json = submit(&f);
	assert_int_equal(cas3_apply_input(json, f.st, f.c, &in, &own, &err), CT_OK);
	assert_string_equal(in.crn, "X320741");
	assert_non_null(in.person_name);
	assert_string_equal(in.region_id, "K");
	assert_string_equal(in.pdu_id, "east-kent");
	assert_string_equal(in.release_date, "2027-03-01");
	assert_string_equal(in.accommodation_required_from, "2027-03-01");
	assert_int_equal(in.history_of_sexual_offence, CAS3_YES);
	assert_int_equal(in.registered_sex_offender, CAS3_YES);
	/* hidden by show_if: not answered rather than a guess */
	assert_int_equal(in.concerning_sexual_behaviour, CAS3_UNANSWERED);
	assert_int_equal(in.history_of_arson, CAS3_NO);
	assert_int_equal(in.concerning_arson_behaviour, CAS3_NO);
	assert_int_equal(in.needs_accessible_property, CAS3_YES);
	assert_int_equal(in.duty_to_refer_submitted, CAS3_NO);
	assert_null(in.duty_to_refer_date);
	assert_int_equal(in.eligible, CAS3_YES);
	assert_string_equal(in.eligibility_reason, "homelessFromCustody");
	assert_string_equal(in.prison_release_types, "crdLicence,standardRecall");
	assert_non_null(in.event_number);
	/* the RoSH snapshot the reports read */
	risk = json_loads(in.risk_ratings_json, 0, NULL);
	assert_non_null(risk);
	assert_string_equal(json_string_value(json_object_get(json_object_get(risk, "roshRisks"),
								"status")),
			    "Retrieved");
	assert_non_null(json_string_value(json_object_get(
		json_object_get(json_object_get(risk, "roshRisks"), "value"), "overallRisk")));
	json_decref(risk);
	/* the answers shared: the edit, not the removed text */
	doc = json_loads(in.answers_json, 0, NULL);
	answers = json_object_get(doc, "answers");
	assert_string_equal(json_string_value(json_object_get(answers, "rmp_supervision")),
			    "Weekly appointments (edited).");
	removed = json_string_value(json_object_get(answers, "rmp_victim_safety_planning"));
	assert_true(!removed || !*removed);
	assert_string_equal(json_string_value(json_object_get(
				    json_object_get(doc, "redactions"), "rmp_victim_safety_planning")),
			    "removed");
	json_decref(doc);
	cas3_apply_owner_release(&own);
	free(json);
	sb_release(&err);
	close_form(&f);
}

static void test_answers_that_make_no_application(void **state)
{
	struct fix f;
	struct strbuf err = STRBUF_INIT, conf = STRBUF_INIT;
	struct cas3_application_input in;
	struct cas3_apply_owner own;
	char *json;

	(void)state;
	open_form(&f, true);
	answer_all(&f);
	set(&f, "consent_given", "no");
	json = submit(&f);
	assert_int_equal(cas3_apply_input(json, f.st, f.c, &in, &own, &err), CT_USAGE);
	assert_non_null(strstr(err.buf, "has not consented to CAS3"));
	cas3_apply_owner_release(&own);
	free(json);
	sb_reset(&err);
	set(&f, "consent_given", "yes");
	set(&f, "release_date", "2027-03-10");
	json = submit(&f);
	assert_int_equal(cas3_apply_input(json, f.st, f.c, &in, &own, &err), CT_USAGE);
	assert_string_equal(err.buf, "The release date (2027-03-10) is after the date "
				     "accommodation is required from (2027-03-01): change one of "
				     "them under Eligibility.");
	cas3_apply_owner_release(&own);
	sb_reset(&err);
	/* without a database it says so, and nothing is lost */
	set(&f, "release_date", "2027-02-28");
	free(json);
	json = submit(&f);
	assert_int_equal(cas3_apply_submit(f.c, NULL, f.st, json, &conf, &err), CT_DB);
	assert_string_equal(err.buf, "there is no database connection");
	assert_string_equal(form_state_get_id(f.st, "release_date", 0), "2027-02-28");
	sb_reset(&err);
	/* not this form's answers */
	assert_int_equal(cas3_apply_input("{\"form\":\"sample\",\"answers\":{}}", f.st, f.c, &in,
					  &own, &err),
			 CT_ERR);
	cas3_apply_owner_release(&own);
	assert_int_equal(cas3_apply_input("not json", f.st, f.c, &in, &own, &err), CT_ERR);
	cas3_apply_owner_release(&own);
	free(json);
	sb_release(&err);
	sb_release(&conf);
	close_form(&f);
}

static void test_confirmation_says_where_it_went(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	cas3_apply_confirmation("Kent, Surrey and Sussex", "6f1c2a90-aaaa-bbbb-cccc-000000000000",
				&sb);
	assert_string_equal(sb.buf, "Application sent\n"
				    "It is now in the housing placement team's queue for Kent, "
				    "Surrey and Sussex, waiting to be allocated to an assessor.\n"
				    "Application reference: 6f1c2a90\n"
				    "The HPT will contact you if they need more information.");
	sb_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prefill_from_the_look_up_and_the_practitioner),
		cmocka_unit_test(test_oasys_down_is_said_and_left_to_type),
		cmocka_unit_test(test_submission_maps_to_the_application),
		cmocka_unit_test(test_answers_that_make_no_application),
		cmocka_unit_test(test_confirmation_says_where_it_went),
	};

	setlocale(LC_ALL, "");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
