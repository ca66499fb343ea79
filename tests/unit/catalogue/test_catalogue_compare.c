/* test_catalogue_compare.c: the comparison rows, "differs" flags, and the
 * plain-text and CSV exports (RFC 4180 quoting, hostile text). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "catfix.h"

static const char *const docs[] = {
	"{\"intervention_catalogue\": {\"name\": \"Horizon\", \"int_type\": \"AcP\","
	" \"session_detail\": \"3 x one-to-one sessions and 31 x group sessions\"},"
	" \"delivery_method\": {\"format\": \"Group\"},"
	" \"delivery_method_settings\": [\"COMMUNITY\", \"CUSTODY\"],"
	" \"personal_eligibility\": {\"min_age\": \"18\", \"males\": true, \"females\": false},"
	" \"eligibility_offence\": [{\"offence_type_id\": \"Sexual\"}],"
	" \"risk_consideration\": {\"osp_score_guide\": \"Medium, high or very high OSP\"},"
	" \"special_educational_needs\": {\"learning_disability_catered_for\": \"No\"}}",
	"{\"intervention_catalogue\": {\"name\": \"Thinking Skills Programme\", \"int_type\": \"AcP\","
	" \"session_detail\": \"4 x one-to-one sessions and 15 x group sessions\"},"
	" \"delivery_method\": {\"format\": \"Group\"},"
	" \"delivery_method_settings\": [\"COMMUNITY\", \"CUSTODY\"],"
	" \"personal_eligibility\": {\"min_age\": \"18\", \"males\": true, \"females\": true},"
	" \"risk_consideration\": {\"ogrs_score_guide\": \"50+ OGRS3\\nover 2 years\","
	"   \"cn_score_guide\": \"total score of 5+\"},"
	" \"special_educational_needs\": {\"learning_disability_catered_for\": \"No\"}}",
	"{\"intervention_catalogue\": {\"name\": \"Women's services\", \"int_type\": \"CRS\"},"
	" \"delivery_method\": {\"format\": \"Group\\nOne-to-one\"},"
	" \"delivery_method_settings\": [\"COMMUNITY\", \"CUSTODY\"],"
	" \"criminogenic_needs\": [\"Accommodation\", \"Finance and Debt\"],"
	" \"personal_eligibility\": {\"males\": false, \"females\": true}}",
	"{\"intervention_catalogue\": {\"name\": \"=HYPERLINK(\\\"http://x\\\",\\\"a, b\\\")\\u001b[31m\", \"int_type\": \"SI\","
	" \"session_detail\": \"Line one\\nline \\\"two\\\", with comma\"},"
	" \"delivery_method_settings\": [\"COMMUNITY\"]}",
};
#define N_DOCS (sizeof docs / sizeof docs[0])

static const struct cat_compare_row *row(const struct cat_compare *c, const char *attribute)
{
	size_t r;

	for (r = 0; r < c->nrows; r++)
		if (!strcmp(c->rows[r].attribute, attribute))
			return &c->rows[r];
	fail_msg("no row %s", attribute);
	return NULL;
}

static void test_rows_and_differs(void **state)
{
	struct catalogue *cat = fix_build(docs, N_DOCS);
	struct cat_compare c;
	size_t idx[3] = {0, 1, 2};
	static const char *const attributes[] = {
		"Type", "Setting", "Who it is for", "Eligibility", "Intensity and PNI fit", "Risk criteria",
		"Needs", "Format", "Suitable for learning disabilities (LDC)", "Length", "Sessions", "Hours",
		"Locations", "How to refer"};
	size_t r;

	(void)state;
	assert_int_equal(cat_compare_build(cat, idx, 2, NULL, &c), CT_OK);
	assert_int_equal(c.ncols, 2);
	assert_int_equal(c.nrows, sizeof attributes / sizeof attributes[0]);
	for (r = 0; r < c.nrows; r++)
		assert_string_equal(c.rows[r].attribute, attributes[r]);
	assert_string_equal(c.headers[0], "Horizon");
	assert_string_equal(row(&c, "Type")->cells[0], "Accredited Programmes");
	assert_false(row(&c, "Type")->differs);
	assert_false(row(&c, "Setting")->differs);
	assert_string_equal(row(&c, "Setting")->cells[1], "Community, Custody");
	assert_true(row(&c, "Who it is for")->differs);
	assert_string_equal(row(&c, "Who it is for")->cells[0],
			    "Men; aged 18 and over; convicted of a sexual offence");
	assert_string_equal(row(&c, "Who it is for")->cells[1], "Men and women; aged 18 and over");
	assert_string_equal(row(&c, "Eligibility")->cells[0], "No person chosen");
	assert_false(row(&c, "Eligibility")->differs);
	assert_string_equal(row(&c, "Risk criteria")->cells[1], "50+ OGRS3 over 2 years"); /* not cn_score */
	assert_string_equal(row(&c, "Suitable for learning disabilities (LDC)")->cells[0], "No");
	assert_false(row(&c, "Suitable for learning disabilities (LDC)")->differs);
	assert_string_equal(row(&c, "Sessions")->cells[0], "34: 3 x one-to-one sessions and 31 x group sessions");
	assert_string_equal(row(&c, "Sessions")->cells[1], "19: 4 x one-to-one sessions and 15 x group sessions");
	assert_true(row(&c, "Sessions")->differs);
	assert_string_equal(row(&c, "Hours")->cells[0], "Not stated");
	assert_string_equal(row(&c, "Needs")->cells[0], "Not stated");
	assert_false(row(&c, "Needs")->differs);
	assert_string_equal(row(&c, "How to refer")->cells[0],
			    "Universal referral in caseterm; to find a place, speak to your Offender "
			    "Management Unit (custody) or regional probation team (community).");
	cat_compare_release(&c);

	assert_int_equal(cat_compare_build(cat, idx, 3, NULL, &c), CT_OK);
	assert_true(row(&c, "Type")->differs);
	assert_string_equal(row(&c, "Type")->cells[2], "Commissioned Rehabilitative Services");
	assert_string_equal(row(&c, "Needs")->cells[2], "Accommodation, Finance and Debt");
	assert_string_equal(row(&c, "Format")->cells[2], "Group One-to-one");
	assert_string_equal(row(&c, "How to refer")->cells[2], "Universal referral in caseterm");
	cat_compare_release(&c);

	/* one column: nothing differs */
	assert_int_equal(cat_compare_build(cat, idx + 2, 1, NULL, &c), CT_OK);
	for (r = 0; r < c.nrows; r++)
		assert_false(c.rows[r].differs);
	cat_compare_release(&c);
	cat_free(&cat);
}

static void test_eligibility_rows_for_a_person(void **state)
{
	struct catalogue *cat = fix_build(docs, N_DOCS);
	struct cat_compare c;
	struct cat_person p;
	size_t idx[3] = {0, 1, 2};

	(void)state;
	memset(&p, 0, sizeof p);
	p.age_known = true;
	p.age = 17;
	p.sex = CAT_SEX_FEMALE;
	p.place = CAT_PLACE_COMMUNITY;
	assert_int_equal(cat_compare_build(cat, idx, 3, &p, &c), CT_OK);
	assert_string_equal(row(&c, "Eligibility")->cells[0],
			    "Not eligible: Age 17 is below the minimum of 18; Only for men; "
			    "Check: offence type is not known (needs a sexual offence conviction); "
			    "Check: OASys risk scores are missing");
	assert_string_equal(row(&c, "Eligibility")->cells[1],
			    "Not eligible: Age 17 is below the minimum of 18; Check: OASys risk scores are missing");
	assert_string_equal(row(&c, "Eligibility")->cells[2], "Eligible");
	assert_true(row(&c, "Eligibility")->differs);
	cat_compare_release(&c);
	cat_free(&cat);
}

static void test_bad_arguments(void **state)
{
	struct catalogue *cat = fix_build(docs, N_DOCS);
	struct cat_compare c;
	size_t idx[5] = {0, 1, 2, 3, 0};
	size_t bad[2] = {0, 99};

	(void)state;
	assert_int_equal(cat_compare_build(cat, idx, 0, NULL, &c), CT_USAGE);
	cat_compare_release(&c);
	assert_int_equal(cat_compare_build(cat, idx, 5, NULL, &c), CT_USAGE);
	cat_compare_release(&c);
	assert_int_equal(cat_compare_build(cat, bad, 2, NULL, &c), CT_USAGE);
	cat_compare_release(&c);
	assert_int_equal(cat_compare_build(NULL, idx, 1, NULL, &c), CT_USAGE);
	cat_compare_release(&c);
	assert_int_equal(cat_compare_build(cat, idx, 4, NULL, &c), CT_OK); /* four is the most */
	cat_compare_release(&c);
	cat_free(&cat);
}

static void test_csv_field(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"plain", "plain"},
		{"", ""},
		{"a,b", "\"a,b\""},
		{"say \"hi\"", "\"say \"\"hi\"\"\""},
		{"two\nlines", "\"two\nlines\""},
		{"crlf\r\nline", "\"crlf\nline\""},         /* CR is a control: dropped */
		{" leading space", "\" leading space\""},
		{"=1+2", "\"'=1+2\""},                     /* formula injection */
		{"+cmd", "\"'+cmd\""},
		{"-2", "\"'-2\""},
		{"@SUM(A1)", "\"'@SUM(A1)\""},
		{"\x1b[31mred\x1b[0m", "red"},             /* escape sequences removed */
		{"bell\x07", "bell"},
		{"Zo\xc3\xab", "Zo\xc3\xab"},
		{"bad \xff byte", "bad \xef\xbf\xbd byte"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct strbuf b = STRBUF_INIT;

		assert_int_equal(cat_csv_field(&b, cases[i].in), 0);
		if (strcmp(b.buf, cases[i].out))
			fail_msg("case %zu: got [%s] want [%s]", i, b.buf, cases[i].out);
		sb_release(&b);
	}
	{
		struct strbuf b = STRBUF_INIT;

		assert_int_equal(cat_csv_field(&b, NULL), 0);
		assert_string_equal(b.buf, "");
		sb_release(&b);
	}
}

static void test_csv_export(void **state)
{
	struct catalogue *cat = fix_build(docs, N_DOCS);
	struct cat_compare c;
	struct strbuf b = STRBUF_INIT;
	size_t idx[2] = {2, 3};
	const char *line2;

	(void)state;
	assert_int_equal(cat_compare_build(cat, idx, 2, NULL, &c), CT_OK);
	assert_int_equal(cat_compare_csv(&c, &b), 0);
	/* header: the hostile name is quoted, neutralised and stripped of escapes */
	line2 = strstr(b.buf, "\r\n");
	assert_non_null(line2);
	assert_memory_equal(b.buf,
			    "Attribute,Women's services,\"'=HYPERLINK(\"\"http://x\"\",\"\"a, b\"\")\",Differs\r\n",
			    (size_t)(line2 - b.buf) + 2);
	assert_non_null(strstr(b.buf, "\r\nType,Commissioned Rehabilitative Services,Structured Interventions,yes\r\n"));
	assert_non_null(strstr(b.buf, "\r\nSetting,\"Community, Custody\",Community,yes\r\n"));
	assert_non_null(strstr(b.buf, "\r\nHours,Not stated,Not stated,no\r\n"));
	/* a cell with a newline in the source: white space is flattened in cells */
	assert_non_null(strstr(b.buf, "\r\nSessions,Not stated,\"Line one line \"\"two\"\", with comma\",yes\r\n"));
	assert_null(strchr(b.buf, '\033'));
	/* every record ends in CRLF: count them */
	{
		size_t records = 0;
		const char *p;

		for (p = b.buf; (p = strstr(p, "\r\n")); p += 2)
			records++;
		assert_int_equal(records, 1 + c.nrows);
		assert_int_equal(b.buf[b.len - 1], '\n');
		assert_int_equal(b.buf[b.len - 2], '\r');
	}
	cat_compare_release(&c);
	sb_release(&b);
	cat_free(&cat);
}

static void test_text_export(void **state)
{
	struct catalogue *cat = fix_build(docs, N_DOCS);
	struct cat_compare c;
	struct strbuf b = STRBUF_INIT;
	size_t idx[2] = {0, 3};

	(void)state;
	assert_int_equal(cat_compare_build(cat, idx, 2, NULL, &c), CT_OK);
	assert_int_equal(cat_compare_text(&c, &b), 0);
	assert_true(!strncmp(b.buf, "Comparison of 2 interventions\n1. Horizon\n2. =HYPERLINK(", 55));
	assert_non_null(strstr(b.buf, "\nType [differs]\n  Horizon: Accredited Programmes\n"));
	assert_non_null(strstr(b.buf, "\nHours\n  Horizon: Not stated\n"));
	assert_null(strchr(b.buf, '\033'));
	cat_compare_release(&c);
	sb_release(&b);
	cat_free(&cat);
}

/* Hours and length from the strand's prerequisites, as the store fills them. */
static void test_hours_and_locations(void **state)
{
	struct cat_def d;
	struct cat_location *loc;
	struct catalogue *cat;
	struct cat_compare c;
	size_t idx[1] = {0};

	(void)state;
	fix_parse("{\"intervention_catalogue\": {\"name\": \"Identity Matters\", \"int_type\": \"AcP\","
		  " \"time_to_complete\": \"Flexible delivery with up to 23 sessions. Around 25 hours (at least 3 months).\"},"
		  " \"delivery_method_settings\": [\"CUSTODY\"], \"delivery_regions\": [\"B\"]}", &d);
	loc = cat_arena_alloc(d.own, 2 * sizeof *loc);
	assert_non_null(loc);
	loc[0].setting = CAT_SETTING_CUSTODY;
	loc[0].name = "Frankland (HMP)";
	loc[0].contact = "programmes@example.org";
	loc[0].referable = true;
	loc[1].setting = CAT_SETTING_CUSTODY;
	loc[1].code = "WTI";
	d.locations = loc;
	d.n_locations = 2;
	cat = fix_build_defs(&d, 1);
	assert_int_equal(cat_compare_build(cat, idx, 1, NULL, &c), CT_OK);
	assert_string_equal(row(&c, "Hours")->cells[0], "25");
	assert_string_equal(row(&c, "Length")->cells[0],
			    "Flexible delivery with up to 23 sessions. Around 25 hours (at least 3 months).");
	assert_string_equal(row(&c, "Locations")->cells[0], "Only in North West; Frankland (HMP), WTI");
	assert_string_equal(row(&c, "How to refer")->cells[0],
			    "Universal referral in caseterm; programme team contacts: programmes@example.org");
	cat_compare_release(&c);
	cat_free(&cat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_and_differs),
		cmocka_unit_test(test_eligibility_rows_for_a_person),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_csv_field),
		cmocka_unit_test(test_csv_export),
		cmocka_unit_test(test_text_export),
		cmocka_unit_test(test_hours_and_locations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
