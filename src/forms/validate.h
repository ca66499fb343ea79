/* validate.h: pure checks of one answer, GOV.UK style: each returns NULL when
 * the answer is acceptable, or a message saying what to do ("Enter a real
 * date of birth", "Enter a postcode, like AA1 1AA").
 *
 * Conventions for every validator below:
 *  - msg is the caller's buffer: it is reset, and the returned message is
 *    msg->buf (valid until msg changes).  Nothing else is allocated.
 *  - subject is how a message starts ("Date of birth"), object how it ends
 *    ("a date of birth"); form_field_subject/object make them from a field.
 *  - answers are trimmed of spaces at both ends before checking; empty
 *    answers are the caller's business (field_validate handles "required").
 *  - lengths are in characters (UTF-8 code points), never bytes; invalid
 *    UTF-8 and control characters are refused with a message.
 *  - "today" is a parameter, so the same input always gives the same answer. */
#ifndef CASETERM_FORMS_VALIDATE_H
#define CASETERM_FORMS_VALIDATE_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

#include "forms/form.h"
#include "util/dates.h"
#include "util/strbuf.h"

/* Counts code points of NUL-terminated s; *valid (may be NULL) is false when
 * s is not valid UTF-8 (invalid runs count one each). */
size_t utf8_count(const char *s, bool *valid);

/* Refuses invalid UTF-8 and control characters (multiline allows \n and \t). */
const char *validate_chars(struct strbuf *msg, const char *subject, const char *s,
			   bool multiline);
/* Checks characters, length (max_length characters; 0 = no limit) and,
 * when re is given, that the whole answer matches it. */
const char *validate_text(struct strbuf *msg, const char *subject, const char *object,
			  const char *s, long max_length, bool multiline, const regex_t *re);

/* A decimal number like -3, 7 or 2.5, within min..max (either may be unset). */
const char *validate_number(struct strbuf *msg, const char *subject, const char *s,
			    const struct form_bound *min, const struct form_bound *max);

/* Money: "12", "12.5", "12.50", "£1,234.50"; at most 2 decimal places.
 * Without a min, the amount must be 0 or more.  *pence (may be NULL) gets
 * the amount. */
const char *validate_money(struct strbuf *msg, const char *subject, const char *s,
			   const struct form_bound *min, const struct form_bound *max,
			   long long *pence);

/* A date as typed: "27/3/2007" (the renderer's day/month/year boxes joined
 * with '/', empty boxes giving empty parts), "27 3 2007", "27-03-2007" or
 * "2007-03-27".  Real dates only (no 31 April, 29 February only in leap
 * years), 4-digit years, then min/max resolved against today.  *out (may be
 * NULL) gets the date. */
const char *validate_date(struct strbuf *msg, const char *subject, const char *object,
			  const char *s, const struct form_bound *min,
			  const struct form_bound *max, struct ymd today, struct ymd *out);
/* The same from three boxes; messages name the missing part ("Date of birth
 * must include a month"). */
const char *validate_date_parts(struct strbuf *msg, const char *subject, const char *object,
				const char *day, const char *month, const char *year,
				const struct form_bound *min, const struct form_bound *max,
				struct ymd today, struct ymd *out);
/* Splits a stored date answer back into boxes for the renderer (each part
 * appended to its strbuf); ISO dates come back as day, month, year. */
void date_split_parts(const char *s, struct strbuf *day, struct strbuf *month,
		      struct strbuf *year);
/* Parses a date bound ("today-18y", "2024-01-31") and resolves one. */
bool form_parse_date_bound(const char *s, struct date_bound *out);
long form_date_bound_days(const struct date_bound *b, struct ymd today);
/* Appends "27 March 2007". */
void date_format_long(struct strbuf *out, struct ymd d);

/* A 24-hour time "09:30", "9:30", "9.30", or "9:30am"/"9:30 pm"; 24:00 is
 * not a time.  *minutes (may be NULL) gets minutes after midnight. */
const char *validate_time(struct strbuf *msg, const char *subject, const char *s,
			  const struct form_bound *min, const struct form_bound *max,
			  int *minutes);

/* A UK postcode in any case and spacing ("sw1a  1aa", "GIR 0AA").  norm (may
 * be NULL) gets it upper case with one space: "SW1A 1AA". */
const char *validate_postcode(struct strbuf *msg, const char *s, struct strbuf *norm);
/* A telephone number: UK ("01632 960 001", "07700 900 982", "+44 (0)7700
 * 900982") or international ("+33 1 23 45 67 89"); spaces, hyphens and
 * brackets allowed.  norm (may be NULL) gets the digits with a leading + or 0. */
const char *validate_phone(struct strbuf *msg, const char *s, struct strbuf *norm);
/* name@example.com: one @, no spaces, a domain with a dot, at most 254. */
const char *validate_email(struct strbuf *msg, const char *s);
/* A CRN: a letter and six digits ("X320741"); lower case is accepted.  norm
 * (may be NULL) gets it upper case. */
const char *validate_crn(struct strbuf *msg, const char *s, struct strbuf *norm);

/* The whole check of one answer of fld (not a group): characters, then
 * required ("Enter ..." / "Select ..."), then its type's rules.  For choice
 * fields, options lists the allowed values (NULL: fld's static options;
 * none known yet: any value is taken).  A multiselect answer is its values
 * separated by '\n'. */
const char *field_validate(struct strbuf *msg, const struct form_field *fld, const char *value,
			   const struct form_option *options, size_t n_options,
			   struct ymd today);

/* Appends the canonical form of a valid answer (ISO date, "09:30",
 * "SW1A 1AA", "12.50", upper-case CRN, trimmed text).  Returns 0, or -1 when
 * value is not valid (out then gets the trimmed text). */
int field_normalise(const struct form_field *fld, const char *value, struct strbuf *out);
/* Appends the answer as people read it: "27 March 2007", "£12.50", option
 * labels (one a line for a multiselect), "Yes"/"No".  Invalid answers are
 * shown as typed. */
void field_display(const struct form_field *fld, const char *value,
		   const struct form_option *options, size_t n_options, struct strbuf *out);

#endif
