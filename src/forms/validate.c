/* validate.c: pure checks of single answers, with GOV.UK-style messages. */
#include "forms/validate.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/sanitize.h"

static const char *fail(struct strbuf *msg, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static const char *fail(struct strbuf *msg, const char *fmt, ...)
{
	va_list ap;

	sb_reset(msg);
	va_start(ap, fmt);
	sb_vaddf(msg, fmt, ap);
	va_end(ap);
	return msg->buf;
}

/* Copies s without spaces, tabs and newlines at both ends into out. */
static void trimmed(const char *s, struct strbuf *out)
{
	size_t n;

	sb_reset(out);
	if (!s)
		return;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	sb_add(out, s, n);
}

static bool all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return n > 0;
}

/* ---- characters and length ---------------------------------------------- */

size_t utf8_count(const char *s, bool *valid)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), count = 0, len, skip;
	unsigned cp;

	if (valid)
		*valid = true;
	while (n) {
		len = utf8_decode(p, n, &cp, &skip);
		if (!len) {
			if (valid)
				*valid = false;
			len = skip;
		}
		p += len;
		n -= len;
		count++;
	}
	return count;
}

const char *validate_chars(struct strbuf *msg, const char *subject, const char *s,
			   bool multiline)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), len, skip;
	unsigned cp;

	while (n) {
		len = utf8_decode(p, n, &cp, &skip);
		if (!len)
			return fail(msg, "%s contains characters that cannot be read; delete them "
				    "and type them again", subject);
		if ((cp < 0x20 && !(multiline && (cp == '\n' || cp == '\t'))) || cp == 0x7f ||
		    (cp >= 0x80 && cp < 0xa0))
			return fail(msg, "%s must not contain control characters%s", subject,
				    multiline ? "" : " or line breaks");
		p += len;
		n -= len;
	}
	return NULL;
}

const char *validate_text(struct strbuf *msg, const char *subject, const char *object,
			  const char *s, long max_length, bool multiline, const regex_t *re)
{
	struct strbuf t = STRBUF_INIT;
	const char *r;

	if ((r = validate_chars(msg, subject, s, multiline)))
		return r;
	trimmed(s, &t);
	if (max_length > 0 && utf8_count(t.buf, NULL) > (size_t)max_length)
		r = fail(msg, "%s must be %ld characters or fewer", subject, max_length);
	else if (re && regexec(re, t.buf, 0, NULL, 0))
		r = fail(msg, "Enter %s in the correct format", object);
	sb_release(&t);
	return r;
}

/* ---- numbers and money -------------------------------------------------- */

/* -?digits(.digits)?, at most 15 digits in all. */
static bool parse_decimal(const char *s, double *out)
{
	double v = 0, scale = 1;
	bool neg = false;
	int digits = 0;

	if (*s == '-') {
		neg = true;
		s++;
	}
	if (!isdigit((unsigned char)*s))
		return false;
	for (; isdigit((unsigned char)*s); s++, digits++)
		v = v * 10 + (*s - '0');
	if (*s == '.') {
		s++;
		if (!isdigit((unsigned char)*s))
			return false;
		for (; isdigit((unsigned char)*s); s++, digits++) {
			scale /= 10;
			v += (*s - '0') * scale;
		}
	}
	if (*s || digits > 15)
		return false;
	*out = neg ? -v : v;
	return true;
}

const char *validate_number(struct strbuf *msg, const char *subject, const char *s,
			    const struct form_bound *min, const struct form_bound *max)
{
	struct strbuf t = STRBUF_INIT;
	const char *r = NULL;
	double v;

	trimmed(s, &t);
	if (!parse_decimal(t.buf, &v))
		r = fail(msg, "%s must be a number", subject);
	else if (min && min->set && max && max->set && (v < min->num || v > max->num))
		r = fail(msg, "%s must be between %s and %s", subject, min->text, max->text);
	else if (min && min->set && v < min->num)
		r = fail(msg, "%s must be %s or more", subject, min->text);
	else if (max && max->set && v > max->num)
		r = fail(msg, "%s must be %s or less", subject, max->text);
	sb_release(&t);
	return r;
}

/* "£1,234.50" from pence. */
static void money_format(struct strbuf *out, long long pence)
{
	char digits[32];
	unsigned long long a = pence < 0 ? 0ULL - (unsigned long long)pence : (unsigned long long)pence;
	size_t n, i;

	if (pence < 0)
		sb_addc(out, '-');
	sb_adds(out, "\xc2\xa3");
	n = (size_t)snprintf(digits, sizeof digits, "%llu", a / 100);
	for (i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			sb_addc(out, ',');
		sb_addc(out, digits[i]);
	}
	sb_addf(out, ".%02llu", a % 100);
}

/* Parses money into pence: returns 0, or -1 when not money. */
static int parse_money(const char *s, long long *pence)
{
	bool neg = false;
	long long whole = 0;
	int digits = 0, frac = 0, nfrac = 0, group = -1;

	if (*s == '-') {
		neg = true;
		s++;
	}
	if (!strncmp(s, "\xc2\xa3", 2))
		s += 2;
	if (*s == '-' && !neg) {
		neg = true;
		s++;
	}
	if (!isdigit((unsigned char)*s))
		return -1;
	for (; isdigit((unsigned char)*s) || *s == ','; s++) {
		if (*s == ',') {
			/* thousands separators: 1,234,567 */
			if (group >= 0 && group != 3)
				return -1;
			if (group < 0 && (digits < 1 || digits > 3))
				return -1;
			group = 0;
			continue;
		}
		if (++digits > 13)
			return -1;
		whole = whole * 10 + (*s - '0');
		if (group >= 0)
			group++;
	}
	if (group >= 0 && group != 3)
		return -1;
	if (*s == '.') {
		for (s++; isdigit((unsigned char)*s); s++) {
			if (++nfrac > 2)
				return -1;
			frac = frac * 10 + (*s - '0');
		}
		if (!nfrac)
			return -1;
		if (nfrac == 1)
			frac *= 10;
	}
	if (*s)
		return -1;
	*pence = (neg ? -1 : 1) * (whole * 100 + frac);
	return 0;
}

static long long pence_of(double pounds)
{
	double p = pounds * 100;

	return (long long)(p < 0 ? p - 0.5 : p + 0.5);
}

const char *validate_money(struct strbuf *msg, const char *subject, const char *s,
			   const struct form_bound *min, const struct form_bound *max,
			   long long *pence)
{
	struct strbuf t = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT;
	const char *r = NULL;
	long long v, lo = 0, hi = 0;
	bool has_lo = true, has_hi = max && max->set;

	trimmed(s, &t);
	if (min && min->set)
		lo = pence_of(min->num);
	if (has_hi)
		hi = pence_of(max->num);
	if (parse_money(t.buf, &v)) {
		r = fail(msg, "Enter an amount of money, like 12.50");
	} else if ((has_lo && v < lo) || (has_hi && v > hi)) {
		money_format(&a, lo);
		money_format(&b, hi);
		if (has_lo && has_hi)
			r = fail(msg, "%s must be between %s and %s", subject, a.buf, b.buf);
		else if (v < lo)
			r = fail(msg, "%s must be %s or more", subject, a.buf);
		else
			r = fail(msg, "%s must be %s or less", subject, b.buf);
	} else if (pence) {
		*pence = v;
	}
	sb_release(&t);
	sb_release(&a);
	sb_release(&b);
	return r;
}

/* ---- dates -------------------------------------------------------------- */

static const char *const month_names[] = {
	"January", "February", "March", "April", "May", "June", "July", "August",
	"September", "October", "November", "December",
};

void date_format_long(struct strbuf *out, struct ymd d)
{
	if (d.m >= 1 && d.m <= 12)
		sb_addf(out, "%d %s %d", d.d, month_names[d.m - 1], d.y);
}

/* Adds months keeping the day where the month has it, else its last day. */
static struct ymd add_months(struct ymd t, long months)
{
	long m = (long)t.y * 12 + (t.m - 1) + months;
	int dim;

	t.y = (int)(m >= 0 ? m / 12 : (m - 11) / 12);
	t.m = (int)(m - (long)t.y * 12) + 1;
	dim = date_days_in_month(t.y, t.m);
	if (t.d > dim)
		t.d = dim;
	return t;
}

long form_date_bound_days(const struct date_bound *b, struct ymd today)
{
	struct ymd t;

	if (b->kind == DB_FIXED)
		return date_to_days(b->fixed);
	t = add_months(today, (long)b->years * 12 + b->months);
	return date_to_days(t) + b->days;
}

static bool is_today_plus(const struct date_bound *b, int days)
{
	return b->kind == DB_TODAY && !b->years && !b->months && b->days == days;
}

static const char *check_date_bounds(struct strbuf *msg, const char *subject, struct ymd d,
				     const struct form_bound *min, const struct form_bound *max,
				     struct ymd today)
{
	struct strbuf when = STRBUF_INIT;
	long v = date_to_days(d), lim;
	const char *r = NULL;

	if (max && max->set && max->date.kind != DB_NONE &&
	    v > (lim = form_date_bound_days(&max->date, today))) {
		if (is_today_plus(&max->date, 0))
			r = fail(msg, "%s must be today or in the past", subject);
		else if (is_today_plus(&max->date, -1))
			r = fail(msg, "%s must be in the past", subject);
		else {
			date_format_long(&when, date_from_days(lim));
			r = fail(msg, "%s must be the same as or before %s", subject, when.buf);
		}
	} else if (min && min->set && min->date.kind != DB_NONE &&
		   v < (lim = form_date_bound_days(&min->date, today))) {
		if (is_today_plus(&min->date, 0))
			r = fail(msg, "%s must be today or in the future", subject);
		else if (is_today_plus(&min->date, 1))
			r = fail(msg, "%s must be in the future", subject);
		else {
			date_format_long(&when, date_from_days(lim));
			r = fail(msg, "%s must be the same as or after %s", subject, when.buf);
		}
	}
	sb_release(&when);
	return r;
}

const char *validate_date_parts(struct strbuf *msg, const char *subject, const char *object,
				const char *day, const char *month, const char *year,
				const struct form_bound *min, const struct form_bound *max,
				struct ymd today, struct ymd *out)
{
	struct strbuf d = STRBUF_INIT, m = STRBUF_INIT, y = STRBUF_INIT;
	const char *r = NULL, *missing[3];
	size_t nmiss = 0;
	struct ymd t;

	(void)object;
	trimmed(day, &d);
	trimmed(month, &m);
	trimmed(year, &y);
	if (!d.len)
		missing[nmiss++] = "day";
	if (!m.len)
		missing[nmiss++] = "month";
	if (!y.len)
		missing[nmiss++] = "year";
	if (nmiss == 3)
		r = fail(msg, "Enter %s", object);
	else if (nmiss == 2)
		r = fail(msg, "%s must include a %s and %s", subject, missing[0], missing[1]);
	else if (nmiss == 1)
		r = fail(msg, "%s must include a %s", subject, missing[0]);
	else if (!all_digits(d.buf, d.len) || !all_digits(m.buf, m.len) ||
		 !all_digits(y.buf, y.len) || d.len > 2 || m.len > 2)
		r = fail(msg, "%s must be a real date", subject);
	else if (y.len != 4)
		r = fail(msg, "Year must include 4 numbers");
	else {
		t.d = atoi(d.buf);
		t.m = atoi(m.buf);
		t.y = atoi(y.buf);
		if (!date_valid(t.y, t.m, t.d))
			r = fail(msg, "%s must be a real date", subject);
		else if (!(r = check_date_bounds(msg, subject, t, min, max, today)) && out)
			*out = t;
	}
	sb_release(&d);
	sb_release(&m);
	sb_release(&y);
	return r;
}

/* Splits s into day, month, year text; returns false when it has no shape
 * of a date at all. */
static bool split_date(const char *s, struct strbuf *d, struct strbuf *m, struct strbuf *y)
{
	struct strbuf t = STRBUF_INIT;
	struct strbuf *parts[3] = {d, m, y};
	const char *p, *q;
	size_t i = 0;
	bool ok = true;

	trimmed(s, &t);
	p = t.buf;
	if (t.len == 10 && p[4] == '-' && p[7] == '-' && all_digits(p, 4)) {
		/* ISO: YYYY-MM-DD */
		sb_add(y, p, 4);
		sb_add(m, p + 5, 2);
		sb_add(d, p + 8, 2);
	} else if (strchr(p, '/')) {
		/* the renderer's boxes: exactly three parts, empty ones kept */
		for (i = 0; i < 3; i++) {
			q = i < 2 ? strchr(p, '/') : p + strlen(p);
			if (!q) {
				ok = false;
				break;
			}
			sb_add(parts[i], p, (size_t)(q - p));
			p = *q ? q + 1 : q;
		}
		if (ok && strchr(p, '/'))
			ok = false;
		if (ok && i == 3 && p < t.buf + t.len)
			ok = false;
	} else {
		/* "27 3 2007", "27-03-2007", "27.3.2007" */
		while (*p && i < 3) {
			while (*p == ' ' || *p == '-' || *p == '.')
				p++;
			q = p;
			while (*q && *q != ' ' && *q != '-' && *q != '.')
				q++;
			if (q > p)
				sb_add(parts[i++], p, (size_t)(q - p));
			p = q;
		}
		while (*p == ' ' || *p == '-' || *p == '.')
			p++;
		ok = i == 3 && !*p;
	}
	sb_release(&t);
	return ok;
}

void date_split_parts(const char *s, struct strbuf *day, struct strbuf *month,
		      struct strbuf *year)
{
	struct strbuf d = STRBUF_INIT, m = STRBUF_INIT, y = STRBUF_INIT;

	if (s && split_date(s, &d, &m, &y)) {
		/* drop a leading zero for display only in ISO form: keep as typed */
		sb_add(day, d.buf, d.len);
		sb_add(month, m.buf, m.len);
		sb_add(year, y.buf, y.len);
	}
	sb_release(&d);
	sb_release(&m);
	sb_release(&y);
}

const char *validate_date(struct strbuf *msg, const char *subject, const char *object,
			  const char *s, const struct form_bound *min,
			  const struct form_bound *max, struct ymd today, struct ymd *out)
{
	struct strbuf d = STRBUF_INIT, m = STRBUF_INIT, y = STRBUF_INIT;
	const char *r;

	if (!split_date(s, &d, &m, &y))
		r = fail(msg, "%s must be a real date, like 27 3 2007", subject);
	else
		r = validate_date_parts(msg, subject, object, d.buf, m.buf, y.buf, min, max,
					today, out);
	sb_release(&d);
	sb_release(&m);
	sb_release(&y);
	return r;
}

/* ---- time --------------------------------------------------------------- */

static bool parse_time(const char *s, int *minutes)
{
	struct strbuf t = STRBUF_INIT;
	const char *p;
	int h = 0, m = 0, nh = 0;
	bool ok = false, am = false, pm = false;
	size_t i;

	trimmed(s, &t);
	for (i = 0; i < t.len; i++)
		t.buf[i] = (char)tolower((unsigned char)t.buf[i]);
	if (t.len >= 2 && (!strcmp(t.buf + t.len - 2, "am") || !strcmp(t.buf + t.len - 2, "pm"))) {
		am = t.buf[t.len - 2] == 'a';
		pm = !am;
		t.len -= 2;
		while (t.len && t.buf[t.len - 1] == ' ')
			t.len--;
		t.buf[t.len] = '\0';
	}
	p = t.buf;
	for (; isdigit((unsigned char)*p) && nh < 2; p++, nh++)
		h = h * 10 + (*p - '0');
	if (!nh)
		goto out;
	if (*p == ':' || *p == '.') {
		if (!isdigit((unsigned char)p[1]) || !isdigit((unsigned char)p[2]) || p[3])
			goto out;
		m = (p[1] - '0') * 10 + (p[2] - '0');
	} else if (*p || !(am || pm)) {
		goto out;   /* "9am" is fine; a bare "9" is not a time */
	}
	if (m > 59)
		goto out;
	if (am || pm) {
		if (h < 1 || h > 12)
			goto out;
		h = h % 12 + (pm ? 12 : 0);
	} else if (h > 23) {
		goto out;
	}
	*minutes = h * 60 + m;
	ok = true;
out:
	sb_release(&t);
	return ok;
}

const char *validate_time(struct strbuf *msg, const char *subject, const char *s,
			  const struct form_bound *min, const struct form_bound *max,
			  int *minutes)
{
	int v;
	bool lo, hi;

	if (!parse_time(s, &v))
		return fail(msg, "%s must be a real time, like 09:30", subject);
	lo = min && min->set && v < min->minutes;
	hi = max && max->set && v > max->minutes;
	if ((lo || hi) && min && min->set && max && max->set)
		return fail(msg, "%s must be between %s and %s", subject, min->text, max->text);
	if (lo)
		return fail(msg, "%s must be %s or later", subject, min->text);
	if (hi)
		return fail(msg, "%s must be %s or earlier", subject, max->text);
	if (minutes)
		*minutes = v;
	return NULL;
}

/* ---- postcode, phone, email, CRN ---------------------------------------- */

static bool is_alpha(char c)
{
	return c >= 'A' && c <= 'Z';
}

static bool is_num(char c)
{
	return c >= '0' && c <= '9';
}

/* outward code: A9, A99, AA9, AA99, A9A, AA9A (Q, V, X never first; I, J, Z
 * never second) */
static bool outward_ok(const char *o, size_t n)
{
	if (n < 2 || n > 4 || !is_alpha(o[0]) || strchr("QVX", o[0]))
		return false;
	if (is_num(o[1]))   /* A9, A99, A9A */
		return n == 2 || (n == 3 && (is_num(o[2]) || is_alpha(o[2])));
	if (!is_alpha(o[1]) || strchr("IJZ", o[1]) || n < 3 || !is_num(o[2]))
		return false;
	return n == 3 || (n == 4 && (is_num(o[3]) || is_alpha(o[3])));   /* AA9, AA99, AA9A */
}

const char *validate_postcode(struct strbuf *msg, const char *s, struct strbuf *norm)
{
	char pc[16];
	size_t n = 0;

	for (; *s; s++) {
		if (*s == ' ' || *s == '\t')
			continue;
		if (n == sizeof pc - 1 || !isalnum((unsigned char)*s))
			return fail(msg, "Enter a postcode, like AA1 1AA");
		pc[n++] = (char)toupper((unsigned char)*s);
	}
	pc[n] = '\0';
	if (strcmp(pc, "GIR0AA") &&
	    (n < 5 || n > 7 || !is_num(pc[n - 3]) || !is_alpha(pc[n - 2]) ||
	     !is_alpha(pc[n - 1]) || strchr("CIKMOV", pc[n - 2]) || strchr("CIKMOV", pc[n - 1]) ||
	     !outward_ok(pc, n - 3)))
		return fail(msg, "Enter a postcode, like AA1 1AA");
	if (norm) {
		sb_add(norm, pc, n - 3);
		sb_addc(norm, ' ');
		sb_adds(norm, pc + n - 3);
	}
	return NULL;
}

const char *validate_phone(struct strbuf *msg, const char *s, struct strbuf *norm)
{
	struct strbuf d = STRBUF_INIT;
	const char *r = NULL;
	bool plus = false;
	size_t i;

	while (*s == ' ')
		s++;
	if (*s == '+') {
		plus = true;
		s++;
	}
	for (; *s; s++) {
		if (plus && d.len == 2 && !strcmp(d.buf, "44") && !strncmp(s, "(0)", 3)) {
			s += 2;   /* +44 (0)20 ...: the 0 is not dialled */
			continue;
		}
		if (is_num(*s))
			sb_addc(&d, *s);
		else if (!strchr(" -().", *s))
			goto bad;
	}
	if (plus) {
		if (d.len && d.buf[0] == '0')
			goto bad;
		if (!strncmp(d.buf, "44", 2)) {
			if (d.len > 2 && d.buf[2] == '0')   /* +44 07700 ... */
				memmove(d.buf + 2, d.buf + 3, d.len-- - 2);
			if (d.len < 11 || d.len > 12)
				goto bad;
		} else if (d.len < 8 || d.len > 15) {
			goto bad;
		}
	} else if (!strncmp(d.buf, "00", 2)) {
		if (d.len < 10 || d.len > 17)
			goto bad;
	} else if (d.len < 10 || d.len > 11 || d.buf[0] != '0') {
		goto bad;
	}
	if (norm) {
		if (plus)
			sb_addc(norm, '+');
		sb_add(norm, d.buf, d.len);
	}
	sb_release(&d);
	return NULL;
bad:
	for (i = 0; i < d.len; i++)
		d.buf[i] = 0;
	sb_release(&d);
	r = fail(msg, "Enter a telephone number, like 01632 960 001, 07700 900 982 or "
		 "+44 808 157 0192");
	return r;
}

static bool email_local_char(char c)
{
	return isalnum((unsigned char)c) || strchr(".!#$%&'*+/=?^_`{|}~-", c);
}

const char *validate_email(struct strbuf *msg, const char *s)
{
	struct strbuf t = STRBUF_INIT;
	const char *at, *p, *label;
	bool ok = false, tld_alpha;
	size_t i, n;

	trimmed(s, &t);
	at = strchr(t.buf, '@');
	if (!at || strchr(at + 1, '@') || t.len > 254 || at == t.buf || at - t.buf > 64)
		goto out;
	for (p = t.buf; p < at; p++)
		if (!email_local_char(*p) || (*p == '.' && (p == t.buf || p[1] == '.' || p + 1 == at)))
			goto out;
	/* domain: labels of letters, digits and -, at least two, TLD letters */
	label = at + 1;
	n = 0;
	for (;;) {
		for (p = label; *p && *p != '.'; p++)
			if (!isalnum((unsigned char)*p) && *p != '-')
				goto out;
		i = (size_t)(p - label);
		if (!i || i > 63 || label[0] == '-' || label[i - 1] == '-')
			goto out;
		n++;
		if (!*p)
			break;
		label = p + 1;
	}
	tld_alpha = true;
	for (p = label; *p; p++)
		if (!isalpha((unsigned char)*p))
			tld_alpha = false;
	ok = n >= 2 && tld_alpha && strlen(label) >= 2;
out:
	sb_release(&t);
	return ok ? NULL
		  : fail(msg, "Enter an email address in the correct format, like name@example.com");
}

const char *validate_crn(struct strbuf *msg, const char *s, struct strbuf *norm)
{
	struct strbuf t = STRBUF_INIT;
	bool ok;

	trimmed(s, &t);
	ok = t.len == 7 && isalpha((unsigned char)t.buf[0]) && all_digits(t.buf + 1, 6);
	if (ok && norm) {
		sb_addc(norm, (char)toupper((unsigned char)t.buf[0]));
		sb_add(norm, t.buf + 1, 6);
	}
	sb_release(&t);
	return ok ? NULL : fail(msg, "Enter a CRN in the correct format, like X320741");
}

/* ---- one field ---------------------------------------------------------- */

static bool is_choice(enum field_type t)
{
	return t == FT_YESNO || t == FT_RADIO || t == FT_SELECT || t == FT_MULTISELECT;
}

static bool option_ok(const struct form_option *opts, size_t n, const char *v, size_t len)
{
	size_t i;

	if (!n)
		return true;   /* options not known yet: nothing to check against */
	for (i = 0; i < n; i++)
		if (strlen(opts[i].value) == len && !strncmp(opts[i].value, v, len))
			return true;
	return false;
}

static const char *validate_multi(struct strbuf *msg, const struct form_field *fld,
				  const char *value, const struct form_option *opts, size_t n,
				  const char *object)
{
	const char *p = value, *e;
	long count = 0;

	while (*p) {
		e = strchr(p, '\n');
		if (!e)
			e = p + strlen(p);
		if (e > p) {
			if (!option_ok(opts, n, p, (size_t)(e - p)))
				return fail(msg, "Select %s from the list", object);
			count++;
		}
		p = *e ? e + 1 : e;
	}
	if (fld->min.set && count < (long)fld->min.num)
		return fail(msg, "Select at least %ld for %s", (long)fld->min.num, object);
	if (fld->max.set && count > (long)fld->max.num)
		return fail(msg, "Select no more than %ld for %s", (long)fld->max.num, object);
	return NULL;
}

const char *field_validate(struct strbuf *msg, const struct form_field *fld, const char *value,
			   const struct form_option *options, size_t n_options,
			   struct ymd today)
{
	struct strbuf subject = STRBUF_INIT, object = STRBUF_INIT, t = STRBUF_INIT;
	const char *r = NULL;

	if (!value)
		value = "";
	if (!options) {
		options = fld->options;
		n_options = fld->n_options;
	}
	form_field_subject(fld, &subject);
	form_field_object(fld, &object);
	if ((r = validate_chars(msg, subject.buf, value,
				fld->type == FT_TEXTAREA || fld->type == FT_MULTISELECT)))
		goto out;
	trimmed(value, &t);
	if (!t.len) {
		if (fld->required)
			r = fail(msg, "%s %s", is_choice(fld->type) ? "Select" : "Enter", object.buf);
		else if (fld->type == FT_MULTISELECT && fld->min.set && fld->min.num > 0)
			r = validate_multi(msg, fld, "", options, n_options, object.buf);
		goto out;
	}
	switch (fld->type) {
	case FT_TEXT:
	case FT_TEXTAREA:
		r = validate_text(msg, subject.buf, object.buf, value, fld->max_length,
				  fld->type == FT_TEXTAREA, fld->re);
		break;
	case FT_NUMBER:
		r = validate_number(msg, subject.buf, value, &fld->min, &fld->max);
		break;
	case FT_MONEY:
		r = validate_money(msg, subject.buf, value, &fld->min, &fld->max, NULL);
		break;
	case FT_DATE:
		r = validate_date(msg, subject.buf, object.buf, value, &fld->min, &fld->max,
				  today, NULL);
		break;
	case FT_TIME:
		r = validate_time(msg, subject.buf, value, &fld->min, &fld->max, NULL);
		break;
	case FT_POSTCODE:
		r = validate_postcode(msg, value, NULL);
		break;
	case FT_PHONE:
		r = validate_phone(msg, value, NULL);
		break;
	case FT_EMAIL:
		r = validate_email(msg, value);
		break;
	case FT_CRN:
		r = validate_crn(msg, value, NULL);
		break;
	case FT_YESNO:
	case FT_RADIO:
	case FT_SELECT:
		if (!option_ok(options, n_options, t.buf, t.len))
			r = fail(msg, "Select %s from the list", object.buf);
		break;
	case FT_MULTISELECT:
		r = validate_multi(msg, fld, value, options, n_options, object.buf);
		break;
	default:
		break;
	}
out:
	sb_release(&subject);
	sb_release(&object);
	sb_release(&t);
	return r;
}

int field_normalise(const struct form_field *fld, const char *value, struct strbuf *out)
{
	struct strbuf msg = STRBUF_INIT, t = STRBUF_INIT;
	struct ymd d;
	long long pence;
	int minutes, rc = 0;
	const char *r = NULL;

	if (!value)
		value = "";
	trimmed(value, &t);
	switch (fld->type) {
	case FT_DATE:
		r = validate_date(&msg, "", "", t.buf, NULL, NULL, (struct ymd){2000, 1, 1}, &d);
		if (!r)
			sb_addf(out, "%04d-%02d-%02d", d.y, d.m, d.d);
		break;
	case FT_TIME:
		r = validate_time(&msg, "", t.buf, NULL, NULL, &minutes);
		if (!r)
			sb_addf(out, "%02d:%02d", minutes / 60, minutes % 60);
		break;
	case FT_MONEY:
		r = parse_money(t.buf, &pence) ? "bad" : NULL;
		if (!r)
			sb_addf(out, "%s%lld.%02lld", pence < 0 ? "-" : "",
				(pence < 0 ? -pence : pence) / 100, (pence < 0 ? -pence : pence) % 100);
		break;
	case FT_POSTCODE:
		r = validate_postcode(&msg, t.buf, out);
		break;
	case FT_PHONE:
		r = validate_phone(&msg, t.buf, out);
		break;
	case FT_CRN:
		r = validate_crn(&msg, t.buf, out);
		break;
	case FT_EMAIL:
		r = validate_email(&msg, t.buf);
		if (!r)
			sb_add(out, t.buf, t.len);
		break;
	case FT_TEXTAREA:
		/* keep inner line breaks; trim the ends */
		sb_add(out, t.buf, t.len);
		break;
	default:
		sb_add(out, t.buf, t.len);
		break;
	}
	if (r) {
		sb_add(out, t.buf, t.len);
		rc = -1;
	}
	sb_release(&msg);
	sb_release(&t);
	return rc;
}

static const char *option_label(const struct form_option *opts, size_t n, const char *v,
				 size_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(opts[i].value) == len && !strncmp(opts[i].value, v, len))
			return opts[i].label;
	return NULL;
}

void field_display(const struct form_field *fld, const char *value,
		   const struct form_option *options, size_t n_options, struct strbuf *out)
{
	struct strbuf norm = STRBUF_INIT, msg = STRBUF_INIT;
	const char *p, *e, *label;
	struct ymd d;
	long long pence;
	bool first = true;

	if (!value)
		value = "";
	if (!options) {
		options = fld->options;
		n_options = fld->n_options;
	}
	switch (fld->type) {
	case FT_DATE:
		if (!validate_date(&msg, "", "", value, NULL, NULL, (struct ymd){2000, 1, 1}, &d))
			date_format_long(out, d);
		else
			sb_adds(out, value);
		break;
	case FT_MONEY:
		trimmed(value, &norm);
		if (!parse_money(norm.buf, &pence))
			money_format(out, pence);
		else
			sb_adds(out, value);
		break;
	case FT_YESNO:
	case FT_RADIO:
	case FT_SELECT:
		trimmed(value, &norm);
		label = option_label(options, n_options, norm.buf, norm.len);
		sb_adds(out, label ? label : norm.buf);
		break;
	case FT_MULTISELECT:
		for (p = value; *p; p = *e ? e + 1 : e) {
			e = strchr(p, '\n');
			if (!e)
				e = p + strlen(p);
			if (e == p)
				continue;
			label = option_label(options, n_options, p, (size_t)(e - p));
			if (!first)
				sb_addc(out, '\n');
			first = false;
			if (label)
				sb_adds(out, label);
			else
				sb_add(out, p, (size_t)(e - p));
		}
		break;
	case FT_TEXTAREA:
	case FT_TEXT:
		trimmed(value, &norm);
		sb_add(out, norm.buf, norm.len);
		break;
	default:
		field_normalise(fld, value, out);
		break;
	}
	sb_release(&norm);
	sb_release(&msg);
}
