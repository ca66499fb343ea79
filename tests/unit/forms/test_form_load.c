/* test_form_load.c: the YAML form loader: the model it builds, and every
 * class of broken definition with its exact file:line:column message. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "forms/form.h"
#include "forms/validate.h"
#include "store/draft_store.h"

/* Loads text as "t.yaml"; returns the form (or NULL) with problems in err. */
static struct form *load(const char *text, struct strbuf *err, enum ct_status *st)
{
	struct form *f = NULL;
	enum ct_status s;

	sb_reset(err);
	s = form_load_string("t.yaml", text, strlen(text), &f, err);
	if (st)
		*st = s;
	return f;
}

/* Asserts text fails to load with exactly these problems. */
static void expect_problems(const char *text, const char *want)
{
	struct strbuf err = STRBUF_INIT;
	enum ct_status st;
	struct form *f = load(text, &err, &st);

	assert_null(f);
	assert_int_equal(st, CT_ERR);
	assert_string_equal(err.buf, want);
	sb_release(&err);
}

#define HEAD "id: t\ntitle: T\npages:\n  - id: p\n    fields:\n"
/* fields start on line 6, column 7 ("- "), keys at column 9 */

static void test_sample_model(void **state)
{
	struct strbuf err = STRBUF_INIT;
	struct form *f = NULL;
	const struct form_field *fld, *g;
	const struct form_section *risk;
	size_t i, types[FT_COUNT] = {0}, s, p, k;

	(void)state;
	assert_int_equal(form_load_file(FORMS_DIR "/sample.yaml", &f, &err), CT_OK);
	assert_string_equal(err.buf, "");
	assert_non_null(f);
	assert_string_equal(f->id, "sample");
	assert_string_equal(f->title, "Sample referral");
	assert_int_equal(f->n_sources, 3);
	assert_int_equal(f->n_sections, 3);
	assert_string_equal(f->sections[0].id, "person");
	assert_int_equal(f->sections[0].n_pages, 2);
	risk = form_find_section(f, "risk");
	assert_non_null(risk);
	assert_int_equal(risk->n_depends_on, 1);
	assert_ptr_equal(risk->depends_on[0], &f->sections[0]);

	/* every type is used, and form order is kept in f->all */
	for (s = 0; s < f->n_sections; s++)
		for (p = 0; p < f->sections[s].n_pages; p++)
			for (i = 0; i < f->sections[s].pages[p].n_fields; i++) {
				fld = &f->sections[s].pages[p].fields[i];
				types[fld->type]++;
				assert_ptr_equal(f->all[fld->index], fld);
				for (k = 0; k < fld->n_fields; k++)
					types[fld->fields[k].type]++;
			}
	for (i = 0; i < FT_COUNT; i++) {
		print_message("type %s\n", field_type_name((enum field_type)i));
		assert_true(types[i] > 0);
	}

	fld = form_find_field(f, "interpreter_language");
	assert_non_null(fld);
	assert_ptr_equal(fld->show_if.field, form_find_field(f, "needs_interpreter"));
	assert_int_equal(fld->show_if.n_values, 1);
	assert_string_equal(fld->show_if.values[0], "yes");
	assert_non_null(fld->re);
	assert_int_equal(fld->max_length, 50);
	assert_int_equal(regexec(fld->re, "Welsh", 0, NULL, 0), 0);
	assert_int_not_equal(regexec(fld->re, "Welsh1", 0, NULL, 0), 0);

	fld = form_find_field(f, "date_of_birth");
	assert_true(fld->readonly);
	assert_true(fld->max.set);
	assert_int_equal(fld->max.date.kind, DB_TODAY);
	assert_int_equal(fld->max.date.days, -1);
	assert_int_equal(fld->min.date.years, -120);
	assert_string_equal(fld->prefill, "ndelius.details.dateOfBirth");
	assert_int_equal(form_prefill_split(fld->prefill), strlen("ndelius.details"));

	g = form_find_field(f, "previous_addresses");
	assert_int_equal(g->type, FT_GROUP);
	assert_int_equal(g->n_fields, 3);
	assert_true(g->max.set);
	assert_int_equal((int)g->max.num, 5);
	fld = form_find_field(f, "previous_postcode");
	assert_ptr_equal(fld->group, g);
	assert_int_equal(fld->index, 1);
	assert_ptr_equal(fld->page, g->page);

	fld = form_find_field(f, "complexity");
	assert_int_equal(fld->n_options, 3);
	assert_string_equal(form_option_label(fld, "medium"), "Medium complexity");
	assert_string_equal(fld->options[0].hint, "Some capacity and means");
	fld = form_find_field(f, "needs_interpreter");
	assert_string_equal(form_option_label(fld, "yes"), "Yes");
	fld = form_find_field(f, "pdu");
	assert_string_equal(fld->options_from, "pdus");
	assert_int_equal(fld->n_options, 0);
	fld = form_find_field(f, "who_is_at_risk");
	assert_true(fld->redactable);
	assert_int_equal(fld->max_length, 10000);
	fld = form_find_field(f, "forename");
	assert_int_equal(fld->line, 26);
	assert_int_equal(fld->col, 13);

	assert_null(form_find_field(f, "nope"));
	assert_non_null(form_find_page(f, "rosh"));
	form_free(&f);
	assert_null(f);
	form_free(&f);
	form_free(NULL);
	sb_release(&err);
}

static void test_single_section_form_and_words(void **state)
{
	struct strbuf err = STRBUF_INIT, words = STRBUF_INIT;
	struct form *f = load(HEAD "      - {id: crn, label: CRN, type: crn}\n"
			      "      - {id: dob, label: Date of birth, type: date}\n"
			      "      - {id: dob2, label: When, error_name: the date of birth, "
			      "type: date}\n", &err, NULL);

	(void)state;
	assert_non_null(f);
	assert_int_equal(f->n_sections, 1);
	assert_string_equal(f->sections[0].id, "t");
	assert_string_equal(f->sections[0].title, "T");
	assert_int_equal(f->n_fields, 3);
	form_field_subject(form_find_field(f, "crn"), &words);
	sb_adds(&words, "|");
	form_field_object(form_find_field(f, "crn"), &words);
	sb_adds(&words, "|");
	form_field_subject(form_find_field(f, "dob"), &words);
	sb_adds(&words, "|");
	form_field_object(form_find_field(f, "dob"), &words);
	sb_adds(&words, "|");
	form_field_subject(form_find_field(f, "dob2"), &words);
	sb_adds(&words, "|");
	form_field_object(form_find_field(f, "dob2"), &words);
	assert_string_equal(words.buf,
			    "CRN|CRN|Date of birth|date of birth|Date of birth|the date of birth");
	form_free(&f);
	sb_release(&words);
	sb_release(&err);
}

static void test_syntax_errors(void **state)
{
	(void)state;
	expect_problems("id: t\ntitle: [unclosed\n",
			"t.yaml:3:1: did not find expected ',' or ']' (while parsing a flow "
			"sequence)\n");
	expect_problems("id: t\nid: u\n", "t.yaml:2:1: duplicate key 'id' (first at line 1)\n");
	expect_problems("- a\n- b\n",
			"t.yaml:1:1: a form must be a mapping (id, title, sections), not a list\n");
	expect_problems("", "t.yaml:1:1: the form has no 'id'\n"
			"t.yaml:1:1: the form has no 'title'\n"
			"t.yaml:1:1: the form has no 'sections' (or 'pages')\n");
}

static void test_unknown_keys(void **state)
{
	(void)state;
	expect_problems(HEAD "      - id: a\n        label: A\n        type: text\n"
			"        requird: true\n",
			"t.yaml:9:9: unknown key 'requird' in a field; did you mean 'required'?\n");
	expect_problems("id: t\ntitle: T\nauthor: me\npages:\n  - id: p\n    fields:\n"
			"      - {id: a, label: A, type: text}\n",
			"t.yaml:3:1: unknown key 'author' in a form (expected one of: id, title, "
			"description, sources, sections, pages)\n");
	expect_problems(HEAD "      - {id: a, label: A, type: radio, options: [{value: x, "
			"lable: X}]}\n",
			"t.yaml:6:61: unknown key 'lable' in an option; did you mean 'label'?\n");
}

static void test_wrong_types(void **state)
{
	(void)state;
	expect_problems(HEAD "      - {id: a, label: A, type: text, required: sometimes}\n",
			"t.yaml:6:49: 'required' of a field must be true or false\n");
	expect_problems(HEAD "      - {id: a, label: {x: 1}, type: text}\n",
			"t.yaml:6:24: 'label' of field 'a' must be text, not a mapping\n");
	expect_problems(HEAD "      - {id: a, label: A, type: text, max_length: -1}\n",
			"t.yaml:6:51: 'max_length' must be a whole number from 1 to 100000, not "
			"'-1'\n");
	expect_problems(HEAD "      - {id: a, label: A, type: textt}\n",
			"t.yaml:6:33: unknown type 'textt'; did you mean 'text'?\n");
	expect_problems(HEAD "      - {id: a, label: A}\n",
			"t.yaml:6:9: field 'a' has no 'type' (one of: text, textarea, number, "
			"date, time, yesno, radio, select, multiselect, postcode, phone, email, "
			"crn, money)\n");
	expect_problems(HEAD "      - {id: a, label: A, type: number, min: few}\n",
			"t.yaml:6:46: 'min' must be a number, not 'few'\n");
	expect_problems(HEAD "      - {id: a, label: A, type: date, max: 2025-02-30}\n",
			"t.yaml:6:44: 'max' must be a date like 2024-03-31, or today, today+6m, "
			"today-18y, today-1d; not '2025-02-30'\n");
	expect_problems(HEAD "      - {id: a, label: A, type: email, max_length: 10}\n",
			"t.yaml:6:40: 'max_length' does not apply to email fields\n");
	expect_problems(HEAD "      - just text\n",
			"t.yaml:6:9: a field must be a mapping (id, label, type, ...), not text\n");
	expect_problems("id: t\ntitle: T\nsections:\n  - id: s\n    title: S\n"
			"    pages: {id: p}\n",
			"t.yaml:6:12: 'pages' of a section must be a list, not a mapping\n");
}

static void test_duplicate_ids(void **state)
{
	(void)state;
	expect_problems(HEAD "      - {id: a, label: A, type: text}\n"
			"      - {id: a, label: A2, type: text}\n",
			"t.yaml:7:14: duplicate field id 'a' (first at line 6)\n");
	/* across pages and inside repeat groups too */
	expect_problems(HEAD "      - {id: a, label: A, type: text}\n"
			"  - id: q\n    fields:\n"
			"      - id: g\n        label: G\n        repeat:\n          fields:\n"
			"            - {id: a, label: A3, type: text}\n",
			"t.yaml:13:20: duplicate field id 'a' (first at line 6)\n");
	expect_problems(HEAD "      - {id: a, label: A, type: text}\n"
			"  - id: p\n    fields:\n      - {id: b, label: B, type: text}\n",
			"t.yaml:7:9: duplicate page id 'p' (first at line 4)\n");
	expect_problems(HEAD "      - {id: Name, label: A, type: text}\n",
			"t.yaml:6:14: id 'Name' must start with a lower-case letter and have "
			"only lower-case letters, digits and _ (at most 64)\n");
}

static void test_show_if_problems(void **state)
{
	(void)state;
	expect_problems(HEAD "      - {id: a, label: A, type: text, show_if: {field: b, value: x}}\n",
			"t.yaml:6:56: show_if names field 'b', which does not exist\n");
	expect_problems(HEAD "      - {id: a, label: A, type: select, options: [x, y]}\n"
			"      - {id: b, label: B, type: text, show_if: {field: a, value: [y, z]}}\n",
			"t.yaml:7:70: show_if value 'z' is not an option of field 'a' "
			"(expected one of: x, y)\n");
	expect_problems(HEAD "      - {id: a, label: A, type: text, show_if: {field: b, value: x}}\n"
			"      - {id: b, label: B, type: text, show_if: {field: a, value: x}}\n",
			"t.yaml:6:56: show_if goes round in a loop: a -> b -> a\n");
	expect_problems(HEAD "      - {id: a, label: A, type: text, show_if: {field: a, value: x}}\n",
			"t.yaml:6:56: field 'a' cannot depend on itself\n");
	expect_problems(HEAD "      - {id: a, label: A, type: text, show_if: [a]}\n",
			"t.yaml:6:48: show_if must be a mapping like {field: other_field, "
			"value: yes}\n");
}

static void test_prefill_problems(void **state)
{
	(void)state;
	/* a source the look-up module does not have */
	expect_problems("id: t\ntitle: T\nsources: [ndelius.details]\npages:\n  - id: p\n"
			"    fields:\n"
			"      - {id: a, label: A, type: text, prefill: nomis.details.name}\n",
			"t.yaml:7:48: prefill 'nomis.details.name' names no known source (known: "
			"ndelius.details, ndelius.responsible_officer, ndelius.prison_manager, "
			"ndelius.convictions, oasys.rosh, oasys.risk_to_self, oasys.rmp, "
			"oasys.needs, oasys.predictors, staff, referral)\n");
	/* a known source the form did not list */
	expect_problems(HEAD "      - {id: a, label: A, type: text, prefill: oasys.rosh.x}\n",
			"t.yaml:6:48: prefill source 'oasys.rosh' is not in the form's 'sources' "
			"list\n");
	expect_problems("id: t\ntitle: T\nsources: [oasys.rosh, ndelius.detail]\npages:\n"
			"  - id: p\n    fields:\n      - {id: a, label: A, type: text}\n",
			"t.yaml:3:23: unknown prefill source 'ndelius.detail'; did you mean "
			"'ndelius.details'?\n");
	expect_problems("id: t\ntitle: T\nsources: [oasys.rosh]\npages:\n  - id: p\n"
			"    fields:\n"
			"      - {id: a, label: A, type: text, prefill: oasys.rosh.who is}\n",
			"t.yaml:7:48: prefill 'oasys.rosh.who is' is not a dotted path like "
			"ndelius.details.name.forename\n");
	expect_problems(HEAD "      - {id: a, label: A, type: textarea, redactable: true}\n",
			"t.yaml:6:43: redactable field 'a' needs a 'prefill' (it redacts "
			"prefilled text)\n");
}

static void test_options_problems(void **state)
{
	(void)state;
	expect_problems(HEAD "      - {id: a, label: A, type: select, options_from: reasons}\n",
			"t.yaml:6:55: unknown options table 'reasons' (known: withdrawal_reasons, "
			"cancellation_reasons, service_categories, complexity_levels, "
			"desired_outcomes, contract_types, service_providers, probation_regions, "
			"pdus, pcc_regions, local_authorities, cas3_rejection_reasons, "
			"cas3_cancellation_reasons, cas3_departure_reasons, "
			"cas3_move_on_categories, cas3_void_reasons, cas3_characteristics, probation_offices, supplier_caseworkers, referral_desired_outcomes, "
			"referral_amend_topics)\n");
	expect_problems(HEAD "      - {id: a, label: A, type: select}\n",
			"t.yaml:6:9: select field 'a' needs 'options' or 'options_from'\n");
	expect_problems(HEAD "      - {id: a, label: A, type: radio, options: [x, x]}\n",
			"t.yaml:6:53: duplicate option value 'x' in field 'a'\n");
	expect_problems(HEAD "      - {id: a, label: A, type: text, pattern: 'a{2'}\n",
			"t.yaml:6:48: pattern 'a{2' does not compile: Unmatched \\{\n");
}

static void test_check_dir(void **state)
{
	struct strbuf err = STRBUF_INIT;
	size_t files, bad;

	(void)state;
	assert_int_equal(form_check_dir(FORMS_DIR, &err, &files, &bad), CT_OK);
	assert_string_equal(err.buf, "");
	assert_true(files >= 1);
	assert_int_equal(bad, 0);

	assert_int_equal(form_check_dir(BAD_DIR, &err, &files, &bad), CT_ERR);
	assert_int_equal(files, 9);
	assert_int_equal(bad, 8);
	assert_non_null(strstr(err.buf, "/ids.yaml:15:24: duplicate field id 'name' "
				       "(first at line 10)\n"));
	assert_non_null(strstr(err.buf, "/same_id_2.yaml:2:5: form id 'same_id' is also used by "));
	sb_reset(&err);
	assert_int_equal(form_check_dir(BAD_DIR "/no-such-folder", &err, &files, &bad), CT_USAGE);
	assert_non_null(strstr(err.buf, "cannot read the folder"));
	sb_release(&err);
}

/* The option tables a form may name are exactly those the store can read. */
static void test_option_tables_match_store(void **state)
{
	size_t i, n = 0;

	(void)state;
	for (i = 0; form_option_tables[i]; i++) {
		print_message("%s\n", form_option_tables[i]);
		assert_true(options_table_known(form_option_tables[i]));
		assert_true(form_option_table_known(form_option_tables[i]));
	}
	for (n = 0; options_tables[n]; n++)
		assert_true(form_option_table_known(options_tables[n]));
	assert_int_equal(i, n);
	assert_false(form_option_table_known("staff; DROP TABLE staff"));
	assert_false(form_prefill_source_known("oasys"));
	assert_int_equal(form_prefill_split("oasys.rosh"), 0);
	assert_int_equal(form_prefill_split("oasys.rosh."), 0);
	assert_int_equal(form_prefill_split("ndelius.responsible_officer.name"),
			 strlen("ndelius.responsible_officer"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sample_model),
		cmocka_unit_test(test_single_section_form_and_words),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_unknown_keys),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_duplicate_ids),
		cmocka_unit_test(test_show_if_problems),
		cmocka_unit_test(test_prefill_problems),
		cmocka_unit_test(test_options_problems),
		cmocka_unit_test(test_check_dir),
		cmocka_unit_test(test_option_tables_match_store),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
