/* compare.c: the side-by-side comparison of up to four entries for one
 * person, and its plain-text and CSV exports. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalogue/internal.h"
#include "util/sanitize.h"

#define NOT_STATED "Not stated"
#define MAX_LOCATIONS_SHOWN 12

/* Appends text with runs of white space (newlines too) as one space. */
static void add_flat(struct strbuf *b, const char *s)
{
	bool space = false;

	if (!s)
		return;
	while (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')
		s++;
	for (; *s; s++) {
		if (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t') {
			space = true;
			continue;
		}
		if (space)
			sb_addc(b, ' ');
		space = false;
		sb_addc(b, *s);
	}
}

/* Starts a new part of a cell: "; " between parts. */
static void part(struct strbuf *b)
{
	if (b->len)
		sb_adds(b, "; ");
}

static void cell_type(struct strbuf *b, const struct cat_def *d)
{
	sb_adds(b, cat_type_label(d->type));
}

static void cell_setting(struct strbuf *b, const struct cat_def *d)
{
	int s, n = 0;

	for (s = 0; s < CAT_SETTING_COUNT; s++)
		if (d->settings & (1u << s)) {
			if (n++)
				sb_adds(b, ", ");
			sb_adds(b, cat_setting_label((enum cat_setting)s));
		}
}

static void cell_who(struct strbuf *b, const struct cat_def *d, const struct cat_facts *f)
{
	if (d->males == 1 && d->females == 1)
		sb_adds(b, "Men and women");
	else if (d->males == 1 && d->females != 1)
		sb_adds(b, "Men");
	else if (d->females == 1 && d->males != 1)
		sb_adds(b, "Women");
	if (d->min_age != CAT_UNKNOWN || d->max_age != CAT_UNKNOWN) {
		part(b);
		if (d->min_age != CAT_UNKNOWN && d->max_age != CAT_UNKNOWN)
			sb_addf(b, "aged %d to %d", d->min_age, d->max_age);
		else if (d->min_age != CAT_UNKNOWN)
			sb_addf(b, "aged %d and over", d->min_age);
		else
			sb_addf(b, "aged up to %d", d->max_age);
	}
	if (f->offences_needed) {
		int o, n = 0;

		part(b);
		sb_adds(b, "convicted of ");
		for (o = 0; o < CAT_OFFENCE_COUNT; o++)
			if (f->offences_needed & (1u << o)) {
				const char *label = cat_offence_label((enum cat_offence)o);

				if (n++)
					sb_adds(b, " or ");
				sb_addf(b, "%s %s", strchr("aeiou", label[0]) ? "an" : "a", label);
			}
	}
}

static void cell_eligibility(struct strbuf *b, const struct catalogue *cat, size_t i,
			     const struct cat_person *p, struct cat_elig *e)
{
	size_t k;

	if (!p) {
		sb_adds(b, "No person chosen");
		return;
	}
	cat_eligibility(cat, i, p, e);
	sb_adds(b, cat_verdict_label((enum cat_verdict)e->verdict));
	for (k = 0; k < e->n; k++) {
		size_t at = b->len;
		const char *lab = cat_verdict_label((enum cat_verdict)e->verdict);
		size_t n = strlen(lab);

		sb_adds(b, k ? "; " : ": ");
		cat_reason_text(cat, i, p, &e->r[k], b);
		/* "Check: Check: ..." when the first reason names the verdict */
		if (!k && b->len >= at + 2 + n + 1 && !strncmp(b->buf + at + 2, lab, n) &&
		    b->buf[at + 2 + n] == ':') {
			memmove(b->buf + at, b->buf + at + 2 + n, b->len - (at + 2 + n) + 1);
			b->len -= 2 + n;
		}
	}
	if (e->truncated)
		sb_adds(b, "; and more");
}

static void cell_intensity(struct strbuf *b, const struct cat_facts *f, const struct cat_person *p,
			   const struct cat_elig *e)
{
	if (f->intensity == CAT_INTENSITY_NONE)
		return;
	sb_adds(b, cat_intensity_label(f->intensity));
	if (p) {
		part(b);
		sb_adds(b, cat_pni_fit_label((enum cat_pni_fit)e->pni_fit));
		if (p->pni) {
			sb_adds(b, " (PNI: ");
			sb_adds(b, pni_pathway_label(p->pni->pathway));
			sb_adds(b, ")");
		}
	}
}

/* Risk criteria in the find-and-refer card order (interventions.md 5.5). */
static void cell_risk(struct strbuf *b, const struct cat_def *d)
{
	static const char *const order[] = {
		"ovp_guide", "ogrs_score_guide", "ogp_guide", "osp_dc_icc_combination_guide",
		"osp_score_guide", "extremism_risk_guide", "sara_partner_score_guide",
		"sara_other_score_guide", "pna_guide", "rsr_guide", "rosh_level"};
	size_t k, j;

	for (k = 0; k < sizeof order / sizeof order[0]; k++)
		for (j = 0; j < d->n_risk_guides; j++)
			if (!strcmp(d->risk_guides[j].name, order[k])) {
				part(b);
				add_flat(b, d->risk_guides[j].value);
			}
}

static void cell_needs(struct strbuf *b, const struct cat_def *d)
{
	size_t k;

	for (k = 0; k < d->n_needs; k++) {
		if (k)
			sb_adds(b, ", ");
		add_flat(b, d->needs[k]);
	}
}

static void cell_format(struct strbuf *b, const struct cat_def *d)
{
	add_flat(b, d->format);
	if (d->attendance) {
		part(b);
		add_flat(b, d->attendance);
	}
}

static void cell_sessions(struct strbuf *b, const struct cat_def *d)
{
	if (d->sessions_min != CAT_UNKNOWN) {
		if (d->sessions_max == d->sessions_min)
			sb_addf(b, "%d", d->sessions_min);
		else if (d->sessions_max == CAT_UNKNOWN)
			sb_addf(b, "%d or more", d->sessions_min);
		else
			sb_addf(b, "%d to %d", d->sessions_min, d->sessions_max);
		if (d->session_detail)
			sb_adds(b, ": ");
	}
	add_flat(b, d->session_detail);
}

static void cell_locations(struct strbuf *b, const struct cat_def *d)
{
	size_t k, shown = 0;
	int r, n = 0;

	if (d->regions) {
		sb_adds(b, "Only in ");
		for (r = 1; r < CAT_REGION_END; r++)
			if (d->regions & CAT_REGION_BIT(r)) {
				if (n++)
					sb_adds(b, ", ");
				sb_adds(b, cat_region_name((enum cat_region)r));
			}
	}
	for (k = 0; k < d->n_locations; k++) {
		const struct cat_location *l = &d->locations[k];

		if (shown == MAX_LOCATIONS_SHOWN) {
			sb_addf(b, " and %zu more", d->n_locations - k);
			break;
		}
		if (shown++ == 0)
			part(b);
		else
			sb_adds(b, ", ");
		add_flat(b, l->name ? l->name : l->code);
	}
}

/* ACP-UI CourseUtils.noOfferingsMessage (programmes_catalogue.md 1.3). */
static const char *no_offerings_message(const struct cat_def *d)
{
	if (d->name && strstr(d->name, "Healthy Identity Intervention"))
		return "contact the regional psychology counter-terrorism lead or regional "
		       "psychology team.";
	if (d->name && strstr(d->name, "Healthy Sex Programme"))
		return "email the national psychology team: NationalHSP@justice.gov.uk";
	return "speak to your Offender Management Unit (custody) or regional probation team "
	       "(community).";
}

static void cell_refer(struct strbuf *b, const struct cat_def *d)
{
	size_t k, n = 0;

	sb_adds(b, "Universal referral in caseterm");
	for (k = 0; k < d->n_locations; k++) {
		const struct cat_location *l = &d->locations[k];

		if (!l->referable || !l->contact)
			continue;
		if (n == 0)
			sb_adds(b, "; programme team contacts: ");
		else if (n == MAX_LOCATIONS_SHOWN) {
			sb_adds(b, ", ...");
			break;
		} else {
			sb_adds(b, ", ");
		}
		add_flat(b, l->contact);
		n++;
	}
	if (d->type == CAT_TYPE_ACP && n == 0) {
		sb_adds(b, "; to find a place, ");
		sb_adds(b, no_offerings_message(d));
	}
}

enum ct_status cat_compare_build(const struct catalogue *cat, const size_t *idx, size_t n,
				 const struct cat_person *p, struct cat_compare *out)
{
	static const char *const attributes[] = {
		"Type", "Setting", "Who it is for", "Eligibility", "Intensity and PNI fit",
		"Risk criteria", "Needs", "Format", "Suitable for learning disabilities (LDC)",
		"Length", "Sessions", "Hours", "Locations", "How to refer"};
	const size_t nrows = sizeof attributes / sizeof attributes[0];
	struct cat_elig elig[CAT_COMPARE_MAX];
	struct strbuf b = STRBUF_INIT;
	size_t row, col;

	memset(out, 0, sizeof *out);
	if (!cat || n == 0 || n > CAT_COMPARE_MAX)
		return CT_USAGE;
	for (col = 0; col < n; col++)
		if (idx[col] >= cat->n)
			return CT_USAGE;
	out->rows = calloc(nrows, sizeof *out->rows);
	if (!out->rows)
		return CT_NOMEM;
	out->nrows = nrows;
	out->ncols = n;
	memset(elig, 0, sizeof elig);
	for (col = 0; col < n; col++) {
		out->entry[col] = idx[col];
		sb_reset(&b);
		add_flat(&b, cat->defs[idx[col]].name);
		if (!(out->headers[col] = strdup(b.buf)))
			goto nomem;
	}
	for (row = 0; row < nrows; row++) {
		struct cat_compare_row *r = &out->rows[row];

		r->attribute = attributes[row];
		for (col = 0; col < n; col++) {
			size_t i = idx[col];
			const struct cat_def *d = &cat->defs[i];
			const struct cat_facts *f = &cat->facts[i];

			sb_reset(&b);
			switch (row) {
			case 0: cell_type(&b, d); break;
			case 1: cell_setting(&b, d); break;
			case 2: cell_who(&b, d, f); break;
			case 3: cell_eligibility(&b, cat, i, p, &elig[col]); break;
			case 4: cell_intensity(&b, f, p, &elig[col]); break;
			case 5: cell_risk(&b, d); break;
			case 6: cell_needs(&b, d); break;
			case 7: cell_format(&b, d); break;
			case 8: add_flat(&b, d->learning_disability); break;
			case 9: add_flat(&b, d->time_to_complete); break;
			case 10: cell_sessions(&b, d); break;
			case 11:
				if (d->hours != CAT_UNKNOWN)
					sb_addf(&b, "%g", d->hours);
				break;
			case 12: cell_locations(&b, d); break;
			default: cell_refer(&b, d); break;
			}
			if (!b.len)
				sb_adds(&b, NOT_STATED);
			if (!(r->cells[col] = strdup(b.buf)))
				goto nomem;
			if (col > 0 && strcmp(r->cells[col], r->cells[0]))
				r->differs = true;
		}
	}
	sb_release(&b);
	return CT_OK;

nomem:
	sb_release(&b);
	return CT_NOMEM;
}

void cat_compare_release(struct cat_compare *c)
{
	size_t r, k;

	if (!c)
		return;
	for (r = 0; r < c->nrows && c->rows; r++)
		for (k = 0; k < CAT_COMPARE_MAX; k++)
			free(c->rows[r].cells[k]);
	for (k = 0; k < CAT_COMPARE_MAX; k++)
		free(c->headers[k]);
	free(c->rows);
	memset(c, 0, sizeof *c);
}

static int add_clean(struct strbuf *out, const char *s, int flags)
{
	return text_sanitize_into(out, s, strlen(s), flags);
}

int cat_compare_text(const struct cat_compare *c, struct strbuf *out)
{
	size_t r, k;
	int rc = 0;

	rc |= sb_addf(out, "Comparison of %zu intervention%s\n", c->ncols, c->ncols == 1 ? "" : "s");
	for (k = 0; k < c->ncols; k++) {
		rc |= sb_addf(out, "%zu. ", k + 1);
		rc |= add_clean(out, c->headers[k], SAN_SINGLE_LINE);
		rc |= sb_addc(out, '\n');
	}
	for (r = 0; r < c->nrows; r++) {
		rc |= sb_addf(out, "\n%s%s\n", c->rows[r].attribute, c->rows[r].differs ? " [differs]" : "");
		for (k = 0; k < c->ncols; k++) {
			rc |= sb_adds(out, "  ");
			rc |= add_clean(out, c->headers[k], SAN_SINGLE_LINE);
			rc |= sb_adds(out, ": ");
			rc |= add_clean(out, c->rows[r].cells[k], SAN_SINGLE_LINE);
			rc |= sb_addc(out, '\n');
		}
	}
	return rc ? -1 : 0;
}

int cat_csv_field(struct strbuf *out, const char *s)
{
	struct strbuf clean = STRBUF_INIT;
	const char *p;
	bool quote, formula;
	int rc = 0;

	if (text_sanitize_into(&clean, s ? s : "", s ? strlen(s) : 0, SAN_KEEP_NEWLINES))
		return -1;
	formula = clean.len && strchr("=+-@\t\r", clean.buf[0]);
	quote = formula || clean.buf[0] == ' ' || strpbrk(clean.buf, ",\"\r\n") != NULL;
	if (quote)
		rc |= sb_addc(out, '"');
	if (formula)
		rc |= sb_addc(out, '\'');
	for (p = clean.buf; *p; p++) {
		if (*p == '"')
			rc |= sb_addc(out, '"');
		rc |= sb_addc(out, *p);
	}
	if (quote)
		rc |= sb_addc(out, '"');
	sb_release(&clean);
	return rc ? -1 : 0;
}

int cat_compare_csv(const struct cat_compare *c, struct strbuf *out)
{
	size_t r, k;
	int rc = 0;

	rc |= cat_csv_field(out, "Attribute");
	for (k = 0; k < c->ncols; k++) {
		rc |= sb_addc(out, ',');
		rc |= cat_csv_field(out, c->headers[k]);
	}
	rc |= sb_adds(out, ",Differs\r\n");
	for (r = 0; r < c->nrows; r++) {
		rc |= cat_csv_field(out, c->rows[r].attribute);
		for (k = 0; k < c->ncols; k++) {
			rc |= sb_addc(out, ',');
			rc |= cat_csv_field(out, c->rows[r].cells[k]);
		}
		rc |= sb_adds(out, c->rows[r].differs ? ",yes\r\n" : ",no\r\n");
	}
	return rc ? -1 : 0;
}
