/* test_state.c: answers, show_if, page validation and the error summary,
 * section status, prefill and redaction, check answers, submit, and the JSON
 * round trip of drafts. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "forms/form.h"
#include "forms/state.h"

static struct form *sample;
static const struct ymd today = {2025, 11, 24};

static int setup(void **state)
{
	struct strbuf err = STRBUF_INIT;

	(void)state;
	if (form_load_file(FORMS_DIR "/sample.yaml", &sample, &err) != CT_OK) {
		print_error("%s", err.buf);
		sb_release(&err);
		return -1;
	}
	sb_release(&err);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	form_free(&sample);
	return 0;
}

static struct form_state *fresh(void)
{
	struct form_state *st = form_state_new(sample);

	assert_non_null(st);
	form_state_set_today(st, today);
	return st;
}

static const struct form_field *F(const char *id)
{
	const struct form_field *f = form_find_field(sample, id);

	if (!f)
		fail_msg("no field %s", id);
	return f;
}

static void set(struct form_state *st, const char *id, size_t item, const char *text)
{
	struct strbuf err = STRBUF_INIT;

	if (form_state_set(st, F(id), item, text, &err) != CT_OK)
		fail_msg("set %s: %s", id, err.buf);
	sb_release(&err);
}

/* ---- a fake prefill source, as the look-up module will provide ---- */

struct fake {
	int calls;
	bool down;
};

static int fake_get(void *ctx, const char *path, struct strbuf *out)
{
	struct fake *fk = ctx;

	fk->calls++;
	if (fk->down) {
		sb_adds(out, "timed out after 5000 ms");
		return PREFILL_DOWN;
	}
	if (!strcmp(path, "ndelius.details.name.forename"))
		return sb_adds(out, "Zo\xc3\xab\x1b[2J"), PREFILL_OK;   /* with an escape */
	if (!strcmp(path, "ndelius.details.name.surname"))
		return sb_adds(out, "N\xc3\xad Bhriain"), PREFILL_OK;
	if (!strcmp(path, "ndelius.details.dateOfBirth"))
		return sb_adds(out, "1990-04-30"), PREFILL_OK;
	if (!strcmp(path, "oasys.rosh.whoIsAtRisk"))
		return sb_adds(out, "Children known to him.\nFormer partner."), PREFILL_OK;
	if (!strcmp(path, "oasys.rosh.natureOfRisk"))
		return sb_adds(out, "Physical violence"), PREFILL_OK;
	if (!strcmp(path, "oasys.rosh.riskToChildren"))
		return sb_adds(out, "Low"), PREFILL_OK;
	return PREFILL_NONE;
}

/* Fills every required answer of the sample validly (no prefill). */
static void fill_valid(struct form_state *st)
{
	set(st, "crn", 0, "x320741");
	set(st, "forename", 0, "Ann");
	set(st, "surname", 0, "Other");
	set(st, "date_of_birth", 0, "30/4/1990");
	set(st, "needs_interpreter", 0, "no");
	set(st, "identified_needs", 0, "finance");
	set(st, "complexity", 0, "low");
	set(st, "enforceable_days", 0, "10");
	set(st, "completion_date", 0, "1/3/2026");
	set(st, "who_is_at_risk", 0, "Nobody known");
	set(st, "officer_name", 0, "Pat Practitioner");
	set(st, "officer_email", 0, "pat@justice.gov.uk");
}

static void test_answers_get_set(void **state)
{
	struct form_state *st = fresh();
	struct strbuf err = STRBUF_INIT;

	(void)state;
	assert_string_equal(form_state_get(st, F("forename"), 0), "");
	set(st, "forename", 0, "Zoë");
	assert_string_equal(form_state_get(st, F("forename"), 0), "Zoë");
	assert_string_equal(form_state_get_id(st, "forename", 7), "Zoë");   /* item ignored */
	assert_int_equal(form_state_set_id(st, "nope", 0, "x", &err), CT_ERR);
	assert_string_equal(err.buf, "the form has no field 'nope'");
	/* a group field needs an item that exists */
	sb_reset(&err);
	assert_int_equal(form_state_set(st, F("previous_line1"), 0, "x", &err), CT_ERR);
	assert_string_equal(form_state_get(st, F("previous_line1"), 0), "");

	/* multiselect */
	assert_int_equal(form_state_toggle(st, F("identified_needs"), 0, "ete", &err), CT_OK);
	assert_int_equal(form_state_toggle(st, F("identified_needs"), 0, "finance", &err), CT_OK);
	assert_int_equal(form_state_toggle(st, F("identified_needs"), 0, "other", &err), CT_OK);
	assert_string_equal(form_state_get(st, F("identified_needs"), 0), "ete\nfinance\nother");
	assert_true(form_state_selected(st, F("identified_needs"), 0, "finance"));
	assert_int_equal(form_state_toggle(st, F("identified_needs"), 0, "finance", &err), CT_OK);
	assert_string_equal(form_state_get(st, F("identified_needs"), 0), "ete\nother");
	assert_false(form_state_selected(st, F("identified_needs"), 0, "finance"));
	assert_false(form_state_selected(st, F("identified_needs"), 0, "et"));
	assert_int_equal(form_state_toggle(st, F("identified_needs"), 0, "other", &err), CT_OK);
	assert_string_equal(form_state_get(st, F("identified_needs"), 0), "ete");
	sb_reset(&err);
	assert_int_equal(form_state_toggle(st, F("forename"), 0, "x", &err), CT_ERR);
	form_state_free(&st);
	assert_null(st);
	form_state_free(&st);
	sb_release(&err);
}

static void test_repeat_items(void **state)
{
	struct form_state *st = fresh();
	struct strbuf err = STRBUF_INIT;
	const struct form_field *g = F("previous_addresses");
	size_t idx, i;

	(void)state;
	assert_int_equal(form_state_items(st, g), 0);
	for (i = 0; i < 5; i++) {
		assert_int_equal(form_state_item_add(st, g, &idx, &err), CT_OK);
		assert_int_equal(idx, i);
	}
	assert_int_equal(form_state_item_add(st, g, &idx, &err), CT_ERR);   /* max: 5 */
	assert_string_equal(err.buf, "You can add up to 5 entries");
	set(st, "previous_line1", 0, "1 First Street");
	set(st, "previous_line1", 1, "2 Second Street");
	set(st, "previous_line1", 2, "3 Third Street");
	assert_int_equal(form_state_item_remove(st, g, 1, &err), CT_OK);
	assert_int_equal(form_state_items(st, g), 4);
	assert_string_equal(form_state_get(st, F("previous_line1"), 0), "1 First Street");
	assert_string_equal(form_state_get(st, F("previous_line1"), 1), "3 Third Street");
	assert_string_equal(form_state_get(st, F("previous_line1"), 3), "");
	assert_int_equal(form_state_item_remove(st, g, 4, &err), CT_ERR);
	form_state_free(&st);
	sb_release(&err);
}

static void test_show_if(void **state)
{
	struct form_state *st = fresh();
	struct form_errors errs = FORM_ERRORS_INIT;
	const struct form_page *interp = form_find_page(sample, "interpreter");

	(void)state;
	assert_false(form_state_visible(st, F("interpreter_language"), 0));
	set(st, "needs_interpreter", 0, "yes");
	assert_true(form_state_visible(st, F("interpreter_language"), 0));
	/* shown: required, so validated */
	assert_int_equal(form_state_validate_page(st, interp, &errs), 1);
	assert_string_equal(errs.v[0].message, "Enter the language they need");
	set(st, "needs_interpreter", 0, " no ");
	assert_false(form_state_visible(st, F("interpreter_language"), 0));
	/* hidden: not validated, even with a bad answer in it */
	set(st, "interpreter_language", 0, "Klingon 2");
	assert_int_equal(form_state_validate_page(st, interp, &errs), 0);
	assert_int_equal(errs.n, 0);
	set(st, "needs_interpreter", 0, "yes");
	assert_int_equal(form_state_validate_page(st, interp, &errs), 1);
	assert_string_equal(errs.v[0].message, "Enter the language they need in the correct format");
	/* multiselect controls: shown when the value is among those selected */
	assert_false(form_state_visible(st, F("other_need"), 0));
	set(st, "identified_needs", 0, "ete\nother");
	assert_true(form_state_visible(st, F("other_need"), 0));
	set(st, "identified_needs", 0, "ete\notherwise");
	assert_false(form_state_visible(st, F("other_need"), 0));
	form_errors_release(&errs);
	form_state_free(&st);
}

static void test_page_errors_in_order(void **state)
{
	struct form_state *st = fresh();
	struct form_errors errs = FORM_ERRORS_INIT;
	const struct form_page *support = form_find_page(sample, "support");
	const struct form_page *identity = form_find_page(sample, "identity");

	(void)state;
	set(st, "enforceable_days", 0, "0");
	set(st, "travel_costs", 0, "12.345");
	set(st, "first_appointment", 0, "24:00");
	set(st, "completion_date", 0, "31/4/2026");
	assert_int_equal(form_state_validate_page(st, support, &errs), 6);
	assert_ptr_equal(errs.v[0].field, F("identified_needs"));
	assert_string_equal(errs.v[0].message, "Select which needs have been identified");
	assert_string_equal(errs.v[1].message, "Select a complexity level");
	assert_string_equal(errs.v[2].message,
			    "Maximum number of enforceable days must be between 1 and 100");
	assert_string_equal(errs.v[3].message, "Enter an amount of money, like 12.50");
	assert_string_equal(errs.v[4].message, "Appointment time must be a real time, like 09:30");
	assert_string_equal(errs.v[5].message, "Completion date must be a real date");
	assert_string_equal(form_errors_for(&errs, F("travel_costs"), 0),
			    "Enter an amount of money, like 12.50");
	assert_null(form_errors_for(&errs, F("pdu"), 0));
	/* nothing typed is lost */
	assert_string_equal(form_state_get(st, F("travel_costs"), 0), "12.345");

	set(st, "identified_needs", 0, "ete\nfinance\nwellbeing\nother");
	set(st, "complexity", 0, "medium");
	set(st, "enforceable_days", 0, "100");
	set(st, "travel_costs", 0, "12.34");
	set(st, "first_appointment", 0, "9:30");
	set(st, "completion_date", 0, "30/4/2026");
	assert_int_equal(form_state_validate_page(st, support, &errs), 2);
	assert_string_equal(errs.v[0].message,
			    "Select no more than 3 for which needs have been identified");
	assert_string_equal(errs.v[1].message, "Enter the other need");
	set(st, "identified_needs", 0, "ete\nother");
	set(st, "other_need", 0, "Help with a bus pass");
	assert_int_equal(form_state_validate_page(st, support, &errs), 0);
	set(st, "completion_date", 0, "25/11/2026");
	assert_int_equal(form_state_validate_page(st, support, &errs), 1);
	assert_string_equal(errs.v[0].message,
			    "Completion date must be the same as or before 24 November 2026");

	/* identity: errors in field order; a group's item errors carry the item */
	assert_int_equal(form_state_validate_page(st, identity, &errs), 4);
	assert_string_equal(errs.v[0].message, "Enter a CRN");
	assert_string_equal(errs.v[3].message, "Enter a date of birth");
	set(st, "date_of_birth", 0, "24/11/2025");
	assert_int_equal(form_state_validate_page(st, identity, &errs), 4);
	assert_string_equal(errs.v[3].message, "Date of birth must be in the past");
	form_errors_release(&errs);
	assert_null(errs.v);
	form_state_free(&st);
}

static void test_repeat_validation(void **state)
{
	struct form_state *st = fresh();
	struct form_errors errs = FORM_ERRORS_INIT;
	struct strbuf err = STRBUF_INIT;
	const struct form_page *contact = form_find_page(sample, "contact");
	size_t idx;

	(void)state;
	assert_int_equal(form_state_validate_page(st, contact, &errs), 0);
	form_state_item_add(st, F("previous_addresses"), &idx, &err);
	form_state_item_add(st, F("previous_addresses"), &idx, &err);
	set(st, "previous_line1", 0, "1 High Street");
	set(st, "previous_postcode", 0, "sw1a 1aa");
	set(st, "previous_postcode", 1, "nowhere");
	set(st, "postcode", 0, "GIR 0AA");
	set(st, "phone", 0, "+44 (0)7700 900982");
	set(st, "email", 0, "not an email");
	assert_int_equal(form_state_validate_page(st, contact, &errs), 3);
	assert_string_equal(errs.v[0].message,
			    "Enter an email address in the correct format, like name@example.com");
	assert_ptr_equal(errs.v[1].field, F("previous_line1"));
	assert_int_equal(errs.v[1].item, 1);
	assert_string_equal(errs.v[1].message, "Enter address line 1");
	assert_int_equal(errs.v[2].item, 1);
	assert_string_equal(errs.v[2].message, "Enter a postcode, like AA1 1AA");
	assert_null(form_errors_for(&errs, F("previous_postcode"), 0));
	assert_non_null(form_errors_for(&errs, F("previous_postcode"), 1));
	form_errors_release(&errs);
	form_state_free(&st);
	sb_release(&err);
}

static void test_section_status(void **state)
{
	struct form_state *st = fresh();
	struct form_errors errs = FORM_ERRORS_INIT;
	struct strbuf err = STRBUF_INIT;
	const struct form_section *person = form_find_section(sample, "person"),
				  *needs = form_find_section(sample, "needs"),
				  *risk = form_find_section(sample, "risk");
	const struct form_page *bad;

	(void)state;
	assert_int_equal(form_state_section_status(st, person), SECTION_NOT_STARTED);
	assert_int_equal(form_state_section_status(st, needs), SECTION_NOT_STARTED);
	assert_int_equal(form_state_section_status(st, risk), SECTION_CANNOT_START);
	assert_string_equal(section_status_label(SECTION_CANNOT_START), "Cannot start yet");
	assert_string_equal(section_status_label(SECTION_IN_PROGRESS), "In progress");

	set(st, "crn", 0, "X320741");
	assert_int_equal(form_state_section_status(st, person), SECTION_IN_PROGRESS);
	assert_int_equal(form_state_complete_section(st, person, &errs, &bad), CT_ERR);
	assert_ptr_equal(bad, form_find_page(sample, "identity"));
	assert_int_equal(errs.n, 3);
	assert_int_equal(form_state_section_status(st, person), SECTION_IN_PROGRESS);

	set(st, "forename", 0, "Ann");
	set(st, "surname", 0, "Other");
	set(st, "date_of_birth", 0, "30/4/1990");
	assert_int_equal(form_state_complete_section(st, person, &errs, &bad), CT_OK);
	assert_null(bad);
	assert_int_equal(errs.n, 0);
	assert_int_equal(form_state_section_status(st, person), SECTION_COMPLETED);
	assert_int_equal(form_state_section_status(st, risk), SECTION_NOT_STARTED);
	/* an answer made invalid afterwards sends it back to in progress */
	set(st, "crn", 0, "X32");
	assert_int_equal(form_state_section_status(st, person), SECTION_IN_PROGRESS);
	assert_int_equal(form_state_section_status(st, risk), SECTION_CANNOT_START);
	set(st, "crn", 0, "X320741");
	assert_int_equal(form_state_section_status(st, person), SECTION_COMPLETED);

	/* page navigation skips pages with nothing shown */
	assert_ptr_equal(form_state_first_page(st, needs), form_find_page(sample, "interpreter"));
	assert_ptr_equal(form_state_next_page(st, form_find_page(sample, "interpreter")),
			 form_find_page(sample, "support"));
	assert_null(form_state_next_page(st, form_find_page(sample, "support")));
	assert_ptr_equal(form_state_prev_page(st, form_find_page(sample, "support")),
			 form_find_page(sample, "interpreter"));
	assert_null(form_state_prev_page(st, form_find_page(sample, "interpreter")));
	form_errors_release(&errs);
	form_state_free(&st);
	sb_release(&err);
}

static void test_prefill_and_redaction(void **state)
{
	struct form_state *st = fresh();
	struct form_errors errs = FORM_ERRORS_INIT;
	struct strbuf err = STRBUF_INIT, report = STRBUF_INIT;
	struct fake fk = {0, false}, down = {0, true};
	const struct prefill_source srcs[] = {
		{"ndelius.details", fake_get, &fk},
		{"oasys.rosh", fake_get, &fk},
		{"ndelius.responsible_officer", fake_get, &down},
	};
	const struct form_page *rosh = form_find_page(sample, "rosh");
	const char *orig;

	(void)state;
	set(st, "surname", 0, "Typed by the user");
	assert_int_equal(form_state_prefill(st, srcs, 3, &report), 5);
	assert_string_equal(report.buf,
			    "ndelius.responsible_officer: timed out after 5000 ms\n");
	/* sanitised on the way in; typed answers never overwritten */
	assert_string_equal(form_state_get(st, F("forename"), 0), "Zoë");
	assert_true(form_state_prefilled(st, F("forename")));
	assert_string_equal(form_state_get(st, F("surname"), 0), "Typed by the user");
	assert_false(form_state_prefilled(st, F("surname")));
	/* readonly once prefilled */
	assert_false(form_state_editable(st, F("date_of_birth")));
	assert_int_equal(form_state_set(st, F("date_of_birth"), 0, "1/1/2000", &err), CT_ERR);
	assert_string_equal(form_state_get(st, F("date_of_birth"), 0), "1990-04-30");
	assert_true(form_state_editable(st, F("forename")));
	/* a source that is down leaves the field to type */
	assert_string_equal(form_state_get(st, F("officer_name"), 0), "");
	assert_true(form_state_editable(st, F("officer_name")));
	/* prefilling again asks only for what is still empty (the postcode);
	 * a source not given is reported as not available when a field still
	 * needs it (oasys.rosh's fields are all filled) */
	sb_reset(&report);
	fk.calls = 0;
	assert_int_equal(form_state_prefill(st, srcs, 1, &report), 0);
	assert_int_equal(fk.calls, 1);
	assert_string_equal(report.buf, "ndelius.responsible_officer: not available\n");

	/* redaction: pending until confirmed, edited or removed */
	assert_int_equal(form_state_redaction(st, F("who_is_at_risk"), &orig), REDACTION_PENDING);
	assert_string_equal(orig, "Children known to him.\nFormer partner.");
	assert_int_equal(form_state_redaction(st, F("forename"), NULL), REDACTION_NONE);
	assert_int_equal(form_state_validate_page(st, rosh, &errs), 2);
	assert_string_equal(errs.v[0].message,
			    "Confirm, change or remove who is at risk before you continue");
	assert_string_equal(errs.v[1].message,
			    "Confirm, change or remove the nature of the risk before you continue");
	/* risk_to_children is readonly and prefilled: never in error */
	assert_int_equal(form_state_redaction_confirm(st, F("who_is_at_risk"), &err), CT_OK);
	assert_int_equal(form_state_redaction(st, F("who_is_at_risk"), NULL), REDACTION_CONFIRMED);
	set(st, "nature_of_risk", 0, "Violence");
	assert_int_equal(form_state_redaction(st, F("nature_of_risk"), &orig), REDACTION_EDITED);
	assert_string_equal(orig, "Physical violence");
	assert_int_equal(form_state_validate_page(st, rosh, &errs), 0);
	set(st, "nature_of_risk", 0, "Physical violence");   /* put back as it was */
	assert_int_equal(form_state_redaction(st, F("nature_of_risk"), NULL), REDACTION_PENDING);
	assert_int_equal(form_state_redaction_remove(st, F("nature_of_risk"), &err), CT_OK);
	assert_int_equal(form_state_redaction(st, F("nature_of_risk"), NULL), REDACTION_REMOVED);
	assert_string_equal(form_state_get(st, F("nature_of_risk"), 0), "");
	sb_reset(&err);
	assert_int_equal(form_state_redaction_confirm(st, F("nature_of_risk"), &err), CT_ERR);
	assert_int_equal(form_state_redaction_restore(st, F("nature_of_risk"), &err), CT_OK);
	assert_string_equal(form_state_get(st, F("nature_of_risk"), 0), "Physical violence");
	assert_int_equal(form_state_redaction_remove(st, F("nature_of_risk"), &err), CT_OK);
	/* removing a required redactable answer is a decision, not a gap */
	assert_int_equal(form_state_redaction_remove(st, F("who_is_at_risk"), &err), CT_OK);
	assert_int_equal(form_state_validate_page(st, rosh, &errs), 0);
	sb_reset(&err);
	assert_int_equal(form_state_redaction_confirm(st, F("forename"), &err), CT_ERR);
	form_errors_release(&errs);
	form_state_free(&st);
	sb_release(&err);
	sb_release(&report);
}

static void test_check_answers(void **state)
{
	struct form_state *st = fresh();
	struct strbuf err = STRBUF_INIT;
	struct cya_row *rows;
	size_t n, i, idx;
	const struct cya_row *r = NULL;

	(void)state;
	fill_valid(st);
	set(st, "travel_costs", 0, "1234.5");
	form_state_item_add(st, F("previous_addresses"), &idx, &err);
	set(st, "previous_line1", 0, "1 High Street");
	set(st, "previous_postcode", 0, "sw1a1aa");
	assert_int_equal(form_state_check_answers(st, &rows, &n), CT_OK);
	/* in form order, hidden fields left out */
	assert_ptr_equal(rows[0].field, F("crn"));
	assert_string_equal(rows[0].label, "Case reference number (CRN)");
	assert_string_equal(rows[0].value, "X320741");
	assert_ptr_equal(rows[0].page, form_find_page(sample, "identity"));
	for (i = 0; i < n; i++) {
		assert_ptr_not_equal(rows[i].field, F("interpreter_language"));
		assert_ptr_not_equal(rows[i].field, F("other_need"));
		if (rows[i].field == F("date_of_birth"))
			assert_string_equal(rows[i].value, "30 April 1990");
		if (rows[i].field == F("travel_costs"))
			assert_string_equal(rows[i].value, "\xc2\xa3" "1,234.50");
		if (rows[i].field == F("needs_interpreter"))
			assert_string_equal(rows[i].value, "No");
		if (rows[i].field == F("complexity"))
			assert_string_equal(rows[i].value, "Low complexity");
		if (rows[i].field == F("identified_needs"))
			assert_string_equal(rows[i].value, "Finance, benefit and debt");
		if (rows[i].field == F("phone"))
			assert_string_equal(rows[i].value, "");
		if (rows[i].field == F("previous_line1"))
			r = &rows[i];
	}
	assert_non_null(r);
	assert_string_equal(r->heading, "Previous addresses 1");
	assert_string_equal(r[1].label, "Postcode");
	assert_string_equal(r[1].value, "SW1A 1AA");
	assert_null(r[1].heading);
	assert_ptr_equal(r->section, form_find_section(sample, "person"));
	cya_rows_free(&rows, n);
	assert_null(rows);

	/* no items: one row saying so */
	form_state_item_remove(st, F("previous_addresses"), 0, &err);
	assert_int_equal(form_state_check_answers(st, &rows, &n), CT_OK);
	for (i = 0; i < n; i++)
		if (rows[i].field == F("previous_addresses"))
			assert_string_equal(rows[i].value, "None");
	cya_rows_free(&rows, n);
	form_state_free(&st);
	sb_release(&err);
}

static void test_submit(void **state)
{
	struct form_state *st = fresh();
	struct form_errors errs = FORM_ERRORS_INIT;
	struct strbuf err = STRBUF_INIT;
	const struct form_page *bad;
	struct fake fk = {0, false};
	const struct prefill_source srcs[] = {{"oasys.rosh", fake_get, &fk}};
	json_t *doc, *a;
	char *json = NULL;

	(void)state;
	assert_int_equal(form_state_submit(st, &json, &errs, &bad), CT_ERR);
	assert_null(json);
	assert_ptr_equal(bad, form_find_page(sample, "identity"));
	assert_true(errs.n > 5);
	assert_string_equal(errs.v[0].message, "Enter a CRN");

	form_state_prefill(st, srcs, 1, NULL);
	fill_valid(st);
	set(st, "interpreter_language", 0, "Welsh");   /* hidden: not submitted */
	form_state_redaction_remove(st, F("nature_of_risk"), &err);
	assert_int_equal(form_state_submit(st, &json, &errs, &bad), CT_OK);
	assert_int_equal(errs.n, 0);
	assert_null(bad);
	assert_non_null(json);
	doc = json_loads(json, 0, NULL);
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(doc, "form")), "sample");
	a = json_object_get(doc, "answers");
	assert_string_equal(json_string_value(json_object_get(a, "crn")), "X320741");
	assert_string_equal(json_string_value(json_object_get(a, "date_of_birth")), "1990-04-30");
	assert_string_equal(json_string_value(json_object_get(a, "completion_date")), "2026-03-01");
	assert_null(json_object_get(a, "interpreter_language"));
	assert_null(json_object_get(a, "nature_of_risk"));
	assert_string_equal(json_string_value(json_object_get(a, "who_is_at_risk")), "Nobody known");
	assert_string_equal(json_string_value(json_object_get(a, "risk_to_children")), "Low");
	assert_true(json_is_array(json_object_get(a, "identified_needs")));
	assert_true(json_is_array(json_object_get(a, "previous_addresses")));
	assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "redactions"),
							      "nature_of_risk")), "removed");
	assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "redactions"),
							      "who_is_at_risk")), "edited");
	json_decref(doc);
	free(json);
	form_errors_release(&errs);
	form_state_free(&st);
	sb_release(&err);
}

static void test_json_round_trip(void **state)
{
	struct form_state *st = fresh(), *back = fresh();
	struct strbuf err = STRBUF_INIT, report = STRBUF_INIT;
	struct fake fk = {0, false};
	const struct prefill_source srcs[] = {
		{"ndelius.details", fake_get, &fk},
		{"oasys.rosh", fake_get, &fk},
	};
	const struct form_section *person = form_find_section(sample, "person");
	struct form_errors errs = FORM_ERRORS_INIT;
	char *json = NULL, *again = NULL;
	const char *orig;
	size_t idx;

	(void)state;
	form_state_prefill(st, srcs, 2, &report);
	set(st, "crn", 0, "X320741");
	set(st, "forename", 0, "Zoë (edited)");
	set(st, "surname", 0, "bad \xff byte");
	set(st, "surname", 0, "Ní Bhriain");
	assert_int_equal(form_state_complete_section(st, person, &errs, NULL), CT_OK);
	set(st, "identified_needs", 0, "ete\nother");
	set(st, "other_need", 0, "Line one\nLine two with \"quotes\" and \\ and 床");
	form_state_item_add(st, F("previous_addresses"), &idx, &err);
	form_state_item_add(st, F("previous_addresses"), &idx, &err);
	set(st, "previous_line1", 1, "2 Second Street");
	set(st, "previous_postcode", 1, "bad postcode kept as typed");
	form_state_redaction_confirm(st, F("who_is_at_risk"), &err);
	set(st, "nature_of_risk", 0, "Shortened");

	assert_int_equal(form_state_to_json(st, &json), CT_OK);
	assert_int_equal(form_state_from_json(back, json, &err), CT_OK);
	assert_string_equal(err.buf, "");
	assert_string_equal(form_state_get(back, F("forename"), 0), "Zoë (edited)");
	assert_string_equal(form_state_get(back, F("identified_needs"), 0), "ete\nother");
	assert_string_equal(form_state_get(back, F("other_need"), 0),
			    "Line one\nLine two with \"quotes\" and \\ and 床");
	assert_int_equal(form_state_items(back, F("previous_addresses")), 2);
	assert_string_equal(form_state_get(back, F("previous_line1"), 0), "");
	assert_string_equal(form_state_get(back, F("previous_line1"), 1), "2 Second Street");
	assert_string_equal(form_state_get(back, F("previous_postcode"), 1),
			    "bad postcode kept as typed");
	assert_int_equal(form_state_redaction(back, F("who_is_at_risk"), &orig),
			 REDACTION_CONFIRMED);
	assert_string_equal(orig, "Children known to him.\nFormer partner.");
	assert_int_equal(form_state_redaction(back, F("nature_of_risk"), &orig), REDACTION_EDITED);
	assert_string_equal(orig, "Physical violence");
	assert_true(form_state_prefilled(back, F("date_of_birth")));
	assert_false(form_state_editable(back, F("date_of_birth")));
	assert_int_equal(form_state_section_status(back, form_find_section(sample, "needs")),
			 SECTION_IN_PROGRESS);
	/* and the same text again: nothing lost or added */
	assert_int_equal(form_state_to_json(back, &again), CT_OK);
	assert_string_equal(json, again);
	free(again);
	again = NULL;
	/* "completed" came back: person is completed again once the unfinished
	 * address items are gone */
	assert_non_null(strstr(json, "\"completed\":[\"person\"]"));
	assert_int_equal(form_state_section_status(back, person), SECTION_IN_PROGRESS);
	assert_int_equal(form_state_item_remove(back, F("previous_addresses"), 0, &err), CT_OK);
	assert_int_equal(form_state_item_remove(back, F("previous_addresses"), 0, &err), CT_OK);
	assert_int_equal(form_state_section_status(back, person), SECTION_COMPLETED);

	/* invalid UTF-8 typed into a field is kept (as U+FFFD) so the draft saves */
	set(st, "surname", 0, "bad \xff byte");
	free(json);
	assert_int_equal(form_state_to_json(st, &json), CT_OK);
	assert_int_equal(form_state_from_json(back, json, &err), CT_OK);
	assert_string_equal(form_state_get(back, F("surname"), 0), "bad \xef\xbf\xbd byte");

	/* what is refused */
	sb_reset(&err);
	assert_int_equal(form_state_from_json(back, "not json", &err), CT_ERR);
	assert_non_null(strstr(err.buf, "not readable"));
	sb_reset(&err);
	assert_int_equal(form_state_from_json(back, "{\"format\": 1, \"form\": \"other\"}", &err),
			 CT_ERR);
	assert_string_equal(err.buf, "the saved answers belong to another form");
	sb_reset(&err);
	assert_int_equal(form_state_from_json(back, "{\"format\": 9, \"form\": \"sample\"}", &err),
			 CT_ERR);
	/* fields the form no longer has, and wrong shapes, are ignored */
	sb_reset(&err);
	assert_int_equal(form_state_from_json(back,
		"{\"format\": 1, \"form\": \"sample\", \"answers\": {\"gone\": \"x\", \"crn\": 7,"
		" \"forename\": \"Al\", \"previous_line1\": \"not top level\","
		" \"previous_addresses\": [{\"previous_line1\": \"A\"}, 3, {}, {}, {}, {}, {}]},"
		" \"meta\": {\"forename\": {\"original\": \"x\", \"redaction\": \"confirmed\"}},"
		" \"completed\": [\"nope\", 4]}", &err), CT_OK);
	assert_string_equal(form_state_get(back, F("forename"), 0), "Al");
	assert_string_equal(form_state_get(back, F("crn"), 0), "");
	assert_int_equal(form_state_items(back, F("previous_addresses")), 5);   /* its max */
	assert_string_equal(form_state_get(back, F("previous_line1"), 0), "A");
	assert_int_equal(form_state_redaction(back, F("forename"), NULL), REDACTION_NONE);
	assert_int_equal(form_state_section_status(back, person), SECTION_IN_PROGRESS);

	free(json);
	form_errors_release(&errs);
	form_state_free(&st);
	form_state_free(&back);
	sb_release(&err);
	sb_release(&report);
}

static void test_runtime_options(void **state)
{
	struct form_state *st = fresh();
	struct form_errors errs = FORM_ERRORS_INIT;
	const struct form_option pdus[] = {
		{"pdu_a", "Barnet, Brent and Enfield", NULL},
		{"pdu_b", "Camden and Islington", "London"},
	};
	const struct form_option *o;
	struct cya_row *rows;
	size_t n, i;

	(void)state;
	fill_valid(st);
	set(st, "pdu", 0, "anything");
	/* before the options arrive any value is taken */
	assert_int_equal(form_state_validate_page(st, form_find_page(sample, "support"), &errs), 0);
	assert_int_equal(form_state_set_options(st, F("pdu"), pdus, 2), CT_OK);
	assert_int_equal(form_state_set_options(st, F("pdu"), pdus, 2), CT_OK);   /* replace */
	o = form_state_options(st, F("pdu"), &n);
	assert_int_equal(n, 2);
	assert_string_equal(o[1].hint, "London");
	assert_int_equal(form_state_validate_page(st, form_find_page(sample, "support"), &errs), 1);
	assert_string_equal(errs.v[0].message, "Select a probation delivery unit from the list");
	set(st, "pdu", 0, "pdu_b");
	assert_int_equal(form_state_validate_page(st, form_find_page(sample, "support"), &errs), 0);
	assert_int_equal(form_state_check_answers(st, &rows, &n), CT_OK);
	for (i = 0; i < n; i++)
		if (rows[i].field == F("pdu"))
			assert_string_equal(rows[i].value, "Camden and Islington");
	cya_rows_free(&rows, n);
	o = form_state_options(st, F("complexity"), &n);
	assert_int_equal(n, 3);
	form_errors_release(&errs);
	form_state_free(&st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_answers_get_set),
		cmocka_unit_test(test_repeat_items),
		cmocka_unit_test(test_show_if),
		cmocka_unit_test(test_page_errors_in_order),
		cmocka_unit_test(test_repeat_validation),
		cmocka_unit_test(test_section_status),
		cmocka_unit_test(test_prefill_and_redaction),
		cmocka_unit_test(test_check_answers),
		cmocka_unit_test(test_submit),
		cmocka_unit_test(test_json_round_trip),
		cmocka_unit_test(test_runtime_options),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
