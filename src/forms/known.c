/* known.c: the prefill sources and option tables forms may name, type names,
 * look-ups in a loaded form, and the words used in messages. */
#include "forms/form.h"

#include <ctype.h>
#include <string.h>

/* What the look-up module serves (src/lookup/); each maps to one upstream
 * endpoint or to the signed-in member of staff. */
const char *const form_prefill_sources[] = {
	"ndelius.details",            /* /probation-case/{crn}/details */
	"ndelius.responsible_officer", /* /probation-case/{crn}/responsible-officer */
	"ndelius.prison_manager",     /* /probation-case/{crn}/responsible-officer */
	"ndelius.convictions",        /* /probation-case/{crn}/convictions */
	"oasys.rosh",                 /* /risks/crn/{crn}/summary */
	"oasys.risk_to_self",         /* /risks/crn/{crn} (riskToSelf) */
	"oasys.rmp",                  /* /risks/crn/{crn}/risk-management-plan */
	"oasys.needs",                /* /needs/crn/{crn} */
	"oasys.predictors",           /* /risks/predictors/all/CRN/{crn} */
	"staff",                      /* the signed-in member of staff */
	"referral",                   /* the referral being made: CRN, intervention, derived choices */
	NULL,
};

/* Reference lists a choice field may take its options from; the SQL for
 * each is in src/store/draft_store.c (options_load). */
const char *const form_option_tables[] = {
	"withdrawal_reasons",
	"cancellation_reasons",
	"service_categories",
	"complexity_levels",
	"desired_outcomes",
	"contract_types",
	"service_providers",
	"probation_regions",
	"pdus",
	"pcc_regions",
	"local_authorities",
	"cas3_rejection_reasons",
	"cas3_cancellation_reasons",
	"cas3_departure_reasons",
	"cas3_move_on_categories",
	"cas3_void_reasons",
	"cas3_characteristics",
	"probation_offices",
	"supplier_caseworkers",
	"referral_desired_outcomes",
	"referral_amend_topics",
	NULL,
};

static bool in_list(const char *const *list, const char *name)
{
	size_t i;

	for (i = 0; name && list[i]; i++)
		if (!strcmp(list[i], name))
			return true;
	return false;
}

bool form_prefill_source_known(const char *name)
{
	return in_list(form_prefill_sources, name);
}

bool form_option_table_known(const char *name)
{
	return in_list(form_option_tables, name);
}

size_t form_prefill_split(const char *prefill)
{
	size_t i, n, best = 0;

	if (!prefill)
		return 0;
	for (i = 0; form_prefill_sources[i]; i++) {
		n = strlen(form_prefill_sources[i]);
		if (!strncmp(prefill, form_prefill_sources[i], n) && prefill[n] == '.' &&
		    prefill[n + 1] && n > best)
			best = n;
	}
	return best;
}

const char *field_type_name(enum field_type t)
{
	static const char *const names[] = {
#define FORM_FT_NAME(name, yaml) yaml,
		FORM_FIELD_TYPES(FORM_FT_NAME)
#undef FORM_FT_NAME
		"repeat",
	};

	return (unsigned)t < FT_COUNT ? names[t] : "?";
}

static const struct form_field *find_in(const struct form_field *fields, size_t n,
					const char *id)
{
	const struct form_field *r;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!strcmp(fields[i].id, id))
			return &fields[i];
		if (fields[i].type == FT_GROUP &&
		    (r = find_in(fields[i].fields, fields[i].n_fields, id)))
			return r;
	}
	return NULL;
}

const struct form_field *form_find_field(const struct form *f, const char *id)
{
	const struct form_field *r;
	size_t s, p;

	if (!f || !id)
		return NULL;
	for (s = 0; s < f->n_sections; s++)
		for (p = 0; p < f->sections[s].n_pages; p++)
			if ((r = find_in(f->sections[s].pages[p].fields,
					 f->sections[s].pages[p].n_fields, id)))
				return r;
	return NULL;
}

const struct form_section *form_find_section(const struct form *f, const char *id)
{
	size_t s;

	for (s = 0; f && id && s < f->n_sections; s++)
		if (!strcmp(f->sections[s].id, id))
			return &f->sections[s];
	return NULL;
}

const struct form_page *form_find_page(const struct form *f, const char *id)
{
	size_t s, p;

	for (s = 0; f && id && s < f->n_sections; s++)
		for (p = 0; p < f->sections[s].n_pages; p++)
			if (!strcmp(f->sections[s].pages[p].id, id))
				return &f->sections[s].pages[p];
	return NULL;
}

const char *form_option_label(const struct form_field *fld, const char *value)
{
	size_t i;

	for (i = 0; fld && value && i < fld->n_options; i++)
		if (!strcmp(fld->options[i].value, value))
			return fld->options[i].label;
	return NULL;
}

/* The words for messages, before any case change. */
static const char *message_name(const struct form_field *fld)
{
	return fld->error_name ? fld->error_name : fld->label;
}

static size_t article_len(const char *s)
{
	static const char *const art[] = {"a ", "an ", "the ", "A ", "An ", "The "};
	size_t i, n;

	for (i = 0; i < sizeof art / sizeof art[0]; i++) {
		n = strlen(art[i]);
		if (!strncmp(s, art[i], n) && s[n])
			return n;
	}
	return 0;
}

/* True when s starts with an abbreviation ("CRN", "PNC number") whose case
 * must stay as written. */
static bool starts_upper_word(const char *s)
{
	return isupper((unsigned char)s[0]) && isupper((unsigned char)s[1]);
}

void form_field_subject(const struct form_field *fld, struct strbuf *out)
{
	const char *s = message_name(fld);
	size_t start = out->len;

	s += article_len(s);
	sb_adds(out, s);
	if (out->len > start && islower((unsigned char)out->buf[start]))
		out->buf[start] = (char)toupper((unsigned char)out->buf[start]);
}

void form_field_object(const struct form_field *fld, struct strbuf *out)
{
	const char *s = message_name(fld);
	size_t start = out->len;

	sb_adds(out, s);
	if (!fld->error_name && out->len > start && !starts_upper_word(s) &&
	    isupper((unsigned char)out->buf[start]))
		out->buf[start] = (char)tolower((unsigned char)out->buf[start]);
}
