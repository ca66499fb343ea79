/* test_validate.c: every validator, with its edge cases and exact messages. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "forms/form.h"
#include "forms/validate.h"

static const struct ymd today = {2025, 11, 24};

/* Asserts v (a validator's result) is NULL (want NULL) or equals want. */
#define CHECK(v, want)                                          \
	do {                                                    \
		const char *got_ = (v);                         \
		const char *want_ = (want);                     \
		if (!want_)                                     \
			assert_null(got_);                      \
		else {                                          \
			assert_non_null(got_);                  \
			assert_string_equal(got_, want_);       \
		}                                               \
	} while (0)

static struct form_bound num_bound(double v, const char *text)
{
	struct form_bound b = {true, v, {DB_NONE, {0, 0, 0}, 0, 0, 0}, 0, text};

	return b;
}

static struct form_bound date_bound(const char *text)
{
	struct form_bound b = {true, 0, {DB_NONE, {0, 0, 0}, 0, 0, 0}, 0, text};

	assert_true(form_parse_date_bound(text, &b.date));
	return b;
}

static void test_utf8_count_and_chars(void **state)
{
	struct strbuf msg = STRBUF_INIT;
	bool valid;

	(void)state;
	assert_int_equal(utf8_count("", &valid), 0);
	assert_true(valid);
	assert_int_equal(utf8_count("Zoë Ní Bhriain", &valid), 14);
	assert_true(valid);
	assert_int_equal(utf8_count("床床", NULL), 2);
	assert_int_equal(utf8_count("a\xff" "b", &valid), 3);
	assert_false(valid);
	/* truncated multi-byte sequence at the end */
	assert_int_equal(utf8_count("ab\xe5\xba", &valid), 3);
	assert_false(valid);

	CHECK(validate_chars(&msg, "Name", "Zoë", false), NULL);
	CHECK(validate_chars(&msg, "Name", "a\xc3", false),
	      "Name contains characters that cannot be read; delete them and type them again");
	CHECK(validate_chars(&msg, "Name", "over\xc0\xaflong", false),
	      "Name contains characters that cannot be read; delete them and type them again");
	CHECK(validate_chars(&msg, "Name", "a\x1b[31mred", false),
	      "Name must not contain control characters or line breaks");
	CHECK(validate_chars(&msg, "Name", "two\nlines", false),
	      "Name must not contain control characters or line breaks");
	CHECK(validate_chars(&msg, "Notes", "two\nlines\tand a tab", true), NULL);
	CHECK(validate_chars(&msg, "Notes", "bell\a", true),
	      "Notes must not contain control characters");
	CHECK(validate_chars(&msg, "Notes", "c1 \xc2\x9b", true),
	      "Notes must not contain control characters");
	sb_release(&msg);
}

static void test_text_length_in_characters(void **state)
{
	struct strbuf msg = STRBUF_INIT, s = STRBUF_INIT;
	regex_t re;
	int i;

	(void)state;
	/* 5 characters, 10 bytes: fits max_length 5 */
	CHECK(validate_text(&msg, "Name", "a name", "ééééé", 5, false, NULL), NULL);
	CHECK(validate_text(&msg, "Name", "a name", "éééééé", 5, false, NULL),
	      "Name must be 5 characters or fewer");
	CHECK(validate_text(&msg, "Name", "a name", "床床床床床", 5, false, NULL), NULL);
	/* surrounding spaces do not count */
	CHECK(validate_text(&msg, "Name", "a name", "  abcde  ", 5, false, NULL), NULL);
	/* textarea: 10,000 characters accepted, one more refused */
	for (i = 0; i < 10000; i++)
		sb_adds(&s, i % 100 == 99 ? "\n" : "ü");
	sb_setlen(&s, s.len - 1);
	sb_adds(&s, "x");
	CHECK(validate_text(&msg, "Notes", "notes", s.buf, 10000, true, NULL), NULL);
	sb_adds(&s, "y");
	CHECK(validate_text(&msg, "Notes", "notes", s.buf, 10000, true, NULL),
	      "Notes must be 10000 characters or fewer");
	CHECK(validate_text(&msg, "Notes", "notes", "bad \xff byte", 100, true, NULL),
	      "Notes contains characters that cannot be read; delete them and type them again");
	/* pattern matches the whole answer */
	assert_int_equal(regcomp(&re, "^([A-Z]{2}[0-9]+)$", REG_EXTENDED | REG_NOSUB), 0);
	CHECK(validate_text(&msg, "Code", "a code", "AB12", 0, false, &re), NULL);
	CHECK(validate_text(&msg, "Code", "a code", "AB12x", 0, false, &re),
	      "Enter a code in the correct format");
	regfree(&re);
	sb_release(&s);
	sb_release(&msg);
}

static void test_numbers(void **state)
{
	struct strbuf msg = STRBUF_INIT;
	struct form_bound one = num_bound(1, "1"), ten = num_bound(10, "10"), none = {0};

	(void)state;
	CHECK(validate_number(&msg, "Days", "1", &one, &ten), NULL);
	CHECK(validate_number(&msg, "Days", " 10 ", &one, &ten), NULL);
	CHECK(validate_number(&msg, "Days", "5.5", &one, &ten), NULL);
	CHECK(validate_number(&msg, "Days", "0", &one, &ten), "Days must be between 1 and 10");
	CHECK(validate_number(&msg, "Days", "10.01", &one, &ten), "Days must be between 1 and 10");
	CHECK(validate_number(&msg, "Days", "-3", &one, &none), "Days must be 1 or more");
	CHECK(validate_number(&msg, "Days", "11", &none, &ten), "Days must be 10 or less");
	CHECK(validate_number(&msg, "Days", "-3", &none, &none), NULL);
	CHECK(validate_number(&msg, "Days", "ten", &one, &ten), "Days must be a number");
	CHECK(validate_number(&msg, "Days", "1e3", NULL, NULL), "Days must be a number");
	CHECK(validate_number(&msg, "Days", "1.", NULL, NULL), "Days must be a number");
	CHECK(validate_number(&msg, "Days", "-", NULL, NULL), "Days must be a number");
	CHECK(validate_number(&msg, "Days", "1234567890123456", NULL, NULL),
	      "Days must be a number");
	sb_release(&msg);
}

static void test_money(void **state)
{
	struct strbuf msg = STRBUF_INIT;
	struct form_bound max = num_bound(1000, "1000"), neg = num_bound(-50, "-50");
	long long p = 0;

	(void)state;
	CHECK(validate_money(&msg, "Cost", "12.50", NULL, NULL, &p), NULL);
	assert_int_equal(p, 1250);
	CHECK(validate_money(&msg, "Cost", "12", NULL, NULL, &p), NULL);
	assert_int_equal(p, 1200);
	CHECK(validate_money(&msg, "Cost", "12.5", NULL, NULL, &p), NULL);
	assert_int_equal(p, 1250);
	CHECK(validate_money(&msg, "Cost", "£1,234.05", NULL, NULL, &p), NULL);
	assert_int_equal(p, 123405);
	CHECK(validate_money(&msg, "Cost", "0.00", NULL, NULL, &p), NULL);
	CHECK(validate_money(&msg, "Cost", "12.505", NULL, NULL, NULL),
	      "Enter an amount of money, like 12.50");
	CHECK(validate_money(&msg, "Cost", "12.", NULL, NULL, NULL),
	      "Enter an amount of money, like 12.50");
	CHECK(validate_money(&msg, "Cost", "1,23.00", NULL, NULL, NULL),
	      "Enter an amount of money, like 12.50");
	CHECK(validate_money(&msg, "Cost", "twelve", NULL, NULL, NULL),
	      "Enter an amount of money, like 12.50");
	CHECK(validate_money(&msg, "Cost", "$12", NULL, NULL, NULL),
	      "Enter an amount of money, like 12.50");
	/* negative amounts only when min allows them */
	CHECK(validate_money(&msg, "Cost", "-1.00", NULL, NULL, NULL),
	      "Cost must be \xc2\xa3" "0.00 or more");
	CHECK(validate_money(&msg, "Cost", "-£20", &neg, NULL, &p), NULL);
	assert_int_equal(p, -2000);
	CHECK(validate_money(&msg, "Cost", "£-60", &neg, NULL, NULL),
	      "Cost must be -\xc2\xa3" "50.00 or more");
	CHECK(validate_money(&msg, "Cost", "1000.01", NULL, &max, NULL),
	      "Cost must be between \xc2\xa3" "0.00 and \xc2\xa3" "1,000.00");
	sb_release(&msg);
}

static void test_dates_real_only(void **state)
{
	struct strbuf msg = STRBUF_INIT;
	struct ymd d = {0, 0, 0};

	(void)state;
	CHECK(validate_date(&msg, "Date of birth", "a date of birth", "29/2/2024", NULL, NULL,
			    today, &d), NULL);
	assert_int_equal(d.y, 2024);
	assert_int_equal(d.m, 2);
	assert_int_equal(d.d, 29);
	CHECK(validate_date(&msg, "Date of birth", "a date of birth", "29/2/2023", NULL, NULL,
			    today, NULL), "Date of birth must be a real date");
	CHECK(validate_date(&msg, "Date of birth", "a date of birth", "29/2/1900", NULL, NULL,
			    today, NULL), "Date of birth must be a real date");
	CHECK(validate_date(&msg, "Date of birth", "a date of birth", "29/2/2000", NULL, NULL,
			    today, NULL), NULL);
	CHECK(validate_date(&msg, "Start date", "a start date", "31/4/2025", NULL, NULL, today,
			    NULL), "Start date must be a real date");
	CHECK(validate_date(&msg, "Start date", "a start date", "30/4/2025", NULL, NULL, today,
			    NULL), NULL);
	CHECK(validate_date(&msg, "Start date", "a start date", "0/4/2025", NULL, NULL, today,
			    NULL), "Start date must be a real date");
	CHECK(validate_date(&msg, "Start date", "a start date", "1/13/2025", NULL, NULL, today,
			    NULL), "Start date must be a real date");
	/* other ways of writing it */
	CHECK(validate_date(&msg, "Start date", "a start date", "2025-04-30", NULL, NULL, today,
			    &d), NULL);
	assert_int_equal(d.d, 30);
	CHECK(validate_date(&msg, "Start date", "a start date", " 30 4 2025 ", NULL, NULL,
			    today, NULL), NULL);
	CHECK(validate_date(&msg, "Start date", "a start date", "30-04-2025", NULL, NULL, today,
			    NULL), NULL);
	CHECK(validate_date(&msg, "Start date", "a start date", "2025-04-31", NULL, NULL, today,
			    NULL), "Start date must be a real date");
	/* parts missing, in the renderer's day/month/year form */
	CHECK(validate_date(&msg, "Start date", "a start date", "30//2025", NULL, NULL, today,
			    NULL), "Start date must include a month");
	CHECK(validate_date(&msg, "Start date", "a start date", "//2025", NULL, NULL, today,
			    NULL), "Start date must include a day and month");
	CHECK(validate_date(&msg, "Start date", "a start date", "1/2/", NULL, NULL, today,
			    NULL), "Start date must include a year");
	CHECK(validate_date(&msg, "Start date", "a start date", "1/2/25", NULL, NULL, today,
			    NULL), "Year must include 4 numbers");
	CHECK(validate_date(&msg, "Start date", "a start date", "1/two/2025", NULL, NULL, today,
			    NULL), "Start date must be a real date");
	CHECK(validate_date(&msg, "Start date", "a start date", "tomorrow", NULL, NULL, today,
			    NULL), "Start date must be a real date, like 27 3 2007");
	CHECK(validate_date(&msg, "Start date", "a start date", "1/2/3/2025", NULL, NULL, today,
			    NULL), "Start date must be a real date");
	CHECK(validate_date_parts(&msg, "Start date", "a start date", "", "", "", NULL, NULL,
				  today, NULL), "Enter a start date");
	CHECK(validate_date_parts(&msg, "Start date", "a start date", "5", "", "", NULL, NULL,
				  today, NULL), "Start date must include a month and year");
	sb_release(&msg);
}

static void test_date_limits(void **state)
{
	struct strbuf msg = STRBUF_INIT;
	struct form_bound past = date_bound("today-1d"), upto_today = date_bound("today"),
			  future = date_bound("today+1d"), from_today = date_bound("today"),
			  adult = date_bound("today-18y"), six_months = date_bound("today+6m"),
			  fixed = date_bound("2020-01-01");

	(void)state;
	/* today is 24 November 2025 */
	CHECK(validate_date(&msg, "Date of birth", "a date of birth", "23/11/2025", NULL, &past,
			    today, NULL), NULL);
	CHECK(validate_date(&msg, "Date of birth", "a date of birth", "24/11/2025", NULL, &past,
			    today, NULL), "Date of birth must be in the past");
	CHECK(validate_date(&msg, "Date", "a date", "24/11/2025", NULL, &upto_today, today, NULL),
	      NULL);
	CHECK(validate_date(&msg, "Date", "a date", "25/11/2025", NULL, &upto_today, today, NULL),
	      "Date must be today or in the past");
	CHECK(validate_date(&msg, "Date", "a date", "24/11/2025", &future, NULL, today, NULL),
	      "Date must be in the future");
	CHECK(validate_date(&msg, "Date", "a date", "25/11/2025", &future, NULL, today, NULL),
	      NULL);
	CHECK(validate_date(&msg, "Date", "a date", "23/11/2025", &from_today, NULL, today, NULL),
	      "Date must be today or in the future");
	/* 18 years ago today is the last day that is old enough */
	CHECK(validate_date(&msg, "Date of birth", "a date of birth", "24/11/2007", NULL, &adult,
			    today, NULL), NULL);
	CHECK(validate_date(&msg, "Date of birth", "a date of birth", "25/11/2007", NULL, &adult,
			    today, NULL),
	      "Date of birth must be the same as or before 24 November 2007");
	CHECK(validate_date(&msg, "Date", "a date", "24/5/2026", NULL, &six_months, today, NULL),
	      NULL);
	CHECK(validate_date(&msg, "Date", "a date", "25/5/2026", NULL, &six_months, today, NULL),
	      "Date must be the same as or before 24 May 2026");
	CHECK(validate_date(&msg, "Date", "a date", "31/12/2019", &fixed, NULL, today, NULL),
	      "Date must be the same as or after 1 January 2020");
	CHECK(validate_date(&msg, "Date", "a date", "1/1/2020", &fixed, NULL, today, NULL), NULL);
	sb_release(&msg);
}

static void test_date_bounds_arithmetic(void **state)
{
	struct date_bound b;
	struct ymd feb29 = {2024, 2, 29}, jan31 = {2025, 1, 31};
	struct ymd r;

	(void)state;
	assert_true(form_parse_date_bound("today+1y", &b));
	r = date_from_days(form_date_bound_days(&b, feb29));
	assert_int_equal(r.y, 2025);
	assert_int_equal(r.m, 2);
	assert_int_equal(r.d, 28);   /* no 29 February in 2025 */
	assert_true(form_parse_date_bound("today+1m", &b));
	r = date_from_days(form_date_bound_days(&b, jan31));
	assert_int_equal(r.m, 2);
	assert_int_equal(r.d, 28);
	assert_true(form_parse_date_bound("today-2w+1d", &b));
	assert_int_equal(form_date_bound_days(&b, jan31), date_to_days(jan31) - 13);
	assert_true(form_parse_date_bound("today-18y", &b));
	r = date_from_days(form_date_bound_days(&b, (struct ymd){2025, 12, 31}));
	assert_int_equal(r.y, 2007);
	assert_false(form_parse_date_bound("today+", &b));
	assert_false(form_parse_date_bound("today+6x", &b));
	assert_false(form_parse_date_bound("yesterday", &b));
	assert_false(form_parse_date_bound("2025-02-29", &b));
	assert_true(form_parse_date_bound("2024-02-29", &b));
	assert_int_equal(b.kind, DB_FIXED);
}

static void test_times(void **state)
{
	struct strbuf msg = STRBUF_INIT;
	struct form_bound min = {true, 0, {DB_NONE, {0, 0, 0}, 0, 0, 0}, 8 * 60, "08:00"},
			  max = {true, 0, {DB_NONE, {0, 0, 0}, 0, 0, 0}, 18 * 60, "18:00"};
	int m = -1;

	(void)state;
	CHECK(validate_time(&msg, "Time", "23:59", NULL, NULL, &m), NULL);
	assert_int_equal(m, 23 * 60 + 59);
	CHECK(validate_time(&msg, "Time", "00:00", NULL, NULL, &m), NULL);
	assert_int_equal(m, 0);
	CHECK(validate_time(&msg, "Time", "24:00", NULL, NULL, NULL),
	      "Time must be a real time, like 09:30");
	CHECK(validate_time(&msg, "Time", "12:60", NULL, NULL, NULL),
	      "Time must be a real time, like 09:30");
	CHECK(validate_time(&msg, "Time", "9", NULL, NULL, NULL),
	      "Time must be a real time, like 09:30");
	CHECK(validate_time(&msg, "Time", "9:3", NULL, NULL, NULL),
	      "Time must be a real time, like 09:30");
	CHECK(validate_time(&msg, "Time", "9.30", NULL, NULL, &m), NULL);
	assert_int_equal(m, 9 * 60 + 30);
	CHECK(validate_time(&msg, "Time", "9:30pm", NULL, NULL, &m), NULL);
	assert_int_equal(m, 21 * 60 + 30);
	CHECK(validate_time(&msg, "Time", "12am", NULL, NULL, &m), NULL);
	assert_int_equal(m, 0);
	CHECK(validate_time(&msg, "Time", "12 PM", NULL, NULL, &m), NULL);
	assert_int_equal(m, 12 * 60);
	CHECK(validate_time(&msg, "Time", "13:00pm", NULL, NULL, NULL),
	      "Time must be a real time, like 09:30");
	CHECK(validate_time(&msg, "Time", "07:59", &min, &max, NULL),
	      "Time must be between 08:00 and 18:00");
	CHECK(validate_time(&msg, "Time", "18:01", NULL, &max, NULL),
	      "Time must be 18:00 or earlier");
	CHECK(validate_time(&msg, "Time", "07:00", &min, NULL, NULL),
	      "Time must be 08:00 or later");
	CHECK(validate_time(&msg, "Time", "18:00", &min, &max, NULL), NULL);
	sb_release(&msg);
}

static void test_postcodes(void **state)
{
	static const char *const good[] = {
		"SW1A 1AA", "sw1a 1aa", "  sw1a   1aa ", "SW1A1AA", "M1 1AE", "B33 8TH",
		"CR2 6XH", "DN55 1PT", "W1A 0AX", "EC1A 1BB", "GIR 0AA", "gir0aa",
	};
	static const char *const bad[] = {
		"", "SW1A", "SW1A 1A", "1AA 1AA", "SW1A 1AAA", "QA1 1AA", "AI1 1AA",
		"SW1A 1CA", "SW1A-1AA", "SW1A 1ÄA", "AA1 1AA1", "W1AAA 1AA",
	};
	struct strbuf msg = STRBUF_INIT, norm = STRBUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		print_message("good postcode '%s'\n", good[i]);
		CHECK(validate_postcode(&msg, good[i], NULL), NULL);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		print_message("bad postcode '%s'\n", bad[i]);
		CHECK(validate_postcode(&msg, bad[i], NULL), "Enter a postcode, like AA1 1AA");
	}
	CHECK(validate_postcode(&msg, " sw1a   1aa ", &norm), NULL);
	assert_string_equal(norm.buf, "SW1A 1AA");
	sb_reset(&norm);
	CHECK(validate_postcode(&msg, "gir0aa", &norm), NULL);
	assert_string_equal(norm.buf, "GIR 0AA");
	sb_release(&norm);
	sb_release(&msg);
}

static void test_phones(void **state)
{
	static const char *const good[] = {
		"01632 960 001", "07700 900 982", "07700900982", "+44 808 157 0192",
		"+44 7700 900982", "+44 (0)7700 900982", "+447700900982", "020 7946 0000",
		"(020) 7946-0000", "+33 1 23 45 67 89", "0033 1 23 45 67 89",
	};
	static const char *const bad[] = {
		"", "12345", "7700 900 982", "+44 0", "+0 123 456 789", "0770090098200",
		"07700 900 98x", "phone me", "+44 7700 900 982 1234", "++447700900982",
	};
	struct strbuf msg = STRBUF_INIT, norm = STRBUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		print_message("good phone '%s'\n", good[i]);
		CHECK(validate_phone(&msg, good[i], NULL), NULL);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		print_message("bad phone '%s'\n", bad[i]);
		CHECK(validate_phone(&msg, bad[i], NULL),
		      "Enter a telephone number, like 01632 960 001, 07700 900 982 or "
		      "+44 808 157 0192");
	}
	CHECK(validate_phone(&msg, "+44 (0)7700 900982", &norm), NULL);
	assert_string_equal(norm.buf, "+447700900982");
	sb_reset(&norm);
	CHECK(validate_phone(&msg, "07700 900-982", &norm), NULL);
	assert_string_equal(norm.buf, "07700900982");
	sb_release(&norm);
	sb_release(&msg);
}

static void test_emails(void **state)
{
	static const char *const good[] = {
		"name@example.com", " first.last@justice.gov.uk ", "a+tag@sub.example.co.uk",
		"o'brien@example.org", "x@y-z.io",
	};
	static const char *const bad[] = {
		"", "name", "name@", "@example.com", "name@example", "name@@example.com",
		"na me@example.com", "name@exa mple.com", ".name@example.com", "na..me@example.com",
		"name.@example.com", "name@-example.com", "name@example.c", "name@example.123",
		"name@example..com", "zoë@example.com", "a@b@c.com",
	};
	struct strbuf msg = STRBUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		print_message("good email '%s'\n", good[i]);
		CHECK(validate_email(&msg, good[i]), NULL);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		print_message("bad email '%s'\n", bad[i]);
		CHECK(validate_email(&msg, bad[i]),
		      "Enter an email address in the correct format, like name@example.com");
	}
	sb_release(&msg);
}

static void test_crns(void **state)
{
	static const char *const bad[] = {
		"", "X32074", "X3207411", "XX20741", "1320741", "X32O741", "X 320741", "É320741",
	};
	struct strbuf msg = STRBUF_INIT, norm = STRBUF_INIT;
	size_t i;

	(void)state;
	CHECK(validate_crn(&msg, "X320741", NULL), NULL);
	CHECK(validate_crn(&msg, " d002399 ", &norm), NULL);
	assert_string_equal(norm.buf, "D002399");
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		print_message("bad CRN '%s'\n", bad[i]);
		CHECK(validate_crn(&msg, bad[i], NULL),
		      "Enter a CRN in the correct format, like X320741");
	}
	sb_release(&norm);
	sb_release(&msg);
}

/* ---- field_validate: required, choices, and the words of messages ---- */

static const struct form_option colours[] = {
	{"red", "Red", NULL}, {"green", "Green", NULL}, {"blue", "Blue", NULL},
};

static void test_field_required_and_words(void **state)
{
	struct strbuf msg = STRBUF_INIT;
	struct form_field f;

	(void)state;
	memset(&f, 0, sizeof f);
	f.id = "dob";
	f.label = "Date of birth";
	f.type = FT_DATE;
	f.required = true;
	CHECK(field_validate(&msg, &f, "", NULL, 0, today), "Enter date of birth");
	CHECK(field_validate(&msg, &f, "   ", NULL, 0, today), "Enter date of birth");
	f.error_name = "a date of birth";
	CHECK(field_validate(&msg, &f, NULL, NULL, 0, today), "Enter a date of birth");
	f.max.set = true;
	f.max.text = "today-1d";
	assert_true(form_parse_date_bound("today-1d", &f.max.date));
	CHECK(field_validate(&msg, &f, "1/1/2030", NULL, 0, today),
	      "Date of birth must be in the past");
	CHECK(field_validate(&msg, &f, "31/4/1990", NULL, 0, today),
	      "Date of birth must be a real date");
	CHECK(field_validate(&msg, &f, "30/4/1990", NULL, 0, today), NULL);
	f.required = false;
	CHECK(field_validate(&msg, &f, "", NULL, 0, today), NULL);

	/* abbreviations keep their case when there is no error_name */
	memset(&f, 0, sizeof f);
	f.label = "CRN";
	f.type = FT_CRN;
	f.required = true;
	CHECK(field_validate(&msg, &f, "", NULL, 0, today), "Enter CRN");

	/* text: the label is the subject of a length message */
	memset(&f, 0, sizeof f);
	f.label = "Additional information";
	f.type = FT_TEXT;
	f.max_length = 500;
	{
		struct strbuf s = STRBUF_INIT;
		int i;

		for (i = 0; i < 501; i++)
			sb_adds(&s, "ł");
		CHECK(field_validate(&msg, &f, s.buf, NULL, 0, today),
		      "Additional information must be 500 characters or fewer");
		sb_setlen(&s, s.len - 2);
		CHECK(field_validate(&msg, &f, s.buf, NULL, 0, today), NULL);
		sb_release(&s);
	}
	CHECK(field_validate(&msg, &f, "bad \xfe", NULL, 0, today),
	      "Additional information contains characters that cannot be read; delete them "
	      "and type them again");
	/* invalid UTF-8 is refused even when the field may be empty */
	CHECK(field_validate(&msg, &f, "\xc3", NULL, 0, today),
	      "Additional information contains characters that cannot be read; delete them "
	      "and type them again");
	sb_release(&msg);
}

static void test_field_choices(void **state)
{
	struct strbuf msg = STRBUF_INIT;
	struct form_field f;

	(void)state;
	memset(&f, 0, sizeof f);
	f.label = "Favourite colour";
	f.error_name = "a favourite colour";
	f.type = FT_RADIO;
	f.required = true;
	f.options = colours;
	f.n_options = 3;
	CHECK(field_validate(&msg, &f, "", NULL, 0, today), "Select a favourite colour");
	CHECK(field_validate(&msg, &f, "green", NULL, 0, today), NULL);
	CHECK(field_validate(&msg, &f, "purple", NULL, 0, today),
	      "Select a favourite colour from the list");
	/* options given at run time (options_from) replace the static ones */
	CHECK(field_validate(&msg, &f, "purple", (const struct form_option[]){{"purple", "P", NULL}},
			     1, today), NULL);

	f.type = FT_MULTISELECT;
	f.error_name = "colours";
	f.min.set = true;
	f.min.num = 2;
	f.max.set = true;
	f.max.num = 2;
	CHECK(field_validate(&msg, &f, "red\nblue", NULL, 0, today), NULL);
	CHECK(field_validate(&msg, &f, "red", NULL, 0, today), "Select at least 2 for colours");
	CHECK(field_validate(&msg, &f, "red\ngreen\nblue", NULL, 0, today),
	      "Select no more than 2 for colours");
	CHECK(field_validate(&msg, &f, "red\npink", NULL, 0, today),
	      "Select colours from the list");
	CHECK(field_validate(&msg, &f, "", NULL, 0, today), "Select colours");
	sb_release(&msg);
}

static void test_normalise_and_display(void **state)
{
	struct strbuf out = STRBUF_INIT;
	struct form_field f;

	(void)state;
	memset(&f, 0, sizeof f);
	f.label = "X";
	f.type = FT_DATE;
	assert_int_equal(field_normalise(&f, "7/3/2007", &out), 0);
	assert_string_equal(out.buf, "2007-03-07");
	sb_reset(&out);
	field_display(&f, "2007-03-07", NULL, 0, &out);
	assert_string_equal(out.buf, "7 March 2007");
	sb_reset(&out);
	assert_int_equal(field_normalise(&f, "31/4/2007", &out), -1);
	assert_string_equal(out.buf, "31/4/2007");

	f.type = FT_MONEY;
	sb_reset(&out);
	assert_int_equal(field_normalise(&f, "£1,234.5", &out), 0);
	assert_string_equal(out.buf, "1234.50");
	sb_reset(&out);
	field_display(&f, "1234.5", NULL, 0, &out);
	assert_string_equal(out.buf, "\xc2\xa3" "1,234.50");

	f.type = FT_TIME;
	sb_reset(&out);
	assert_int_equal(field_normalise(&f, "9.05pm", &out), 0);
	assert_string_equal(out.buf, "21:05");

	f.type = FT_POSTCODE;
	sb_reset(&out);
	field_display(&f, "sw1a1aa", NULL, 0, &out);
	assert_string_equal(out.buf, "SW1A 1AA");

	f.type = FT_MULTISELECT;
	f.options = colours;
	f.n_options = 3;
	sb_reset(&out);
	field_display(&f, "blue\nred\nunknown", NULL, 0, &out);
	assert_string_equal(out.buf, "Blue\nRed\nunknown");

	f.type = FT_YESNO;
	f.options = (const struct form_option[]){{"yes", "Yes", NULL}, {"no", "No", NULL}};
	f.n_options = 2;
	sb_reset(&out);
	field_display(&f, "no", NULL, 0, &out);
	assert_string_equal(out.buf, "No");
	sb_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_count_and_chars),
		cmocka_unit_test(test_text_length_in_characters),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_money),
		cmocka_unit_test(test_dates_real_only),
		cmocka_unit_test(test_date_limits),
		cmocka_unit_test(test_date_bounds_arithmetic),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_postcodes),
		cmocka_unit_test(test_phones),
		cmocka_unit_test(test_emails),
		cmocka_unit_test(test_crns),
		cmocka_unit_test(test_field_required_and_words),
		cmocka_unit_test(test_field_choices),
		cmocka_unit_test(test_normalise_and_display),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
