/* eligibility.c: Eligible / Check / Not eligible for one person, with every
 * reason; rules come from the entry's data (ages, sex, regions, settings,
 * offence types, risk criteria) and the person's PNI pathway. */
#include <stdio.h>
#include <string.h>

#include "catalogue/internal.h"
#include "util/dates.h"

/* ------------------------------------------------------------ the person */

int cat_person_set_dob(struct cat_person *p, int by, int bm, int bd, int ty, int tm, int td)
{
	int age;

	if (!date_valid(by, bm, bd) || !date_valid(ty, tm, td))
		return -1;
	age = ty - by;
	if (tm < bm || (tm == bm && td < bd))
		age--;
	if (age < 0)
		return -1;
	p->age = age;
	p->age_known = true;
	return 0;
}

void cat_person_from_pni_input(struct cat_person *p, const struct pni_input *in)
{
	if (in->sex == PNI_SEX_MALE)
		p->sex = CAT_SEX_MALE;
	else if (in->sex == PNI_SEX_FEMALE)
		p->sex = CAT_SEX_FEMALE;
	p->ogrs3 = in->ogrs3;
	p->ovp = in->ovp;
	p->rsr = in->rsr;
	p->osp_dc = in->osp_dc;
	p->osp_iic = in->osp_iic;
	p->sara_partner = in->sara_partner;
	p->sara_other = in->sara_other;
}

/* ------------------------------------------------------------ risk rules */

enum rule_state { R_MET, R_NOT_MET, R_MISSING };

/* The level of one OSP or SARA answer: CAT_LEVEL_MISSING when not given,
 * END for "not applicable" (present, but no level). */
static int osp_level(enum pni_osp o)
{
	switch (o) {
	case PNI_OSP_LOW: return CAT_LEVEL_LOW;
	case PNI_OSP_MEDIUM: return CAT_LEVEL_MEDIUM;
	case PNI_OSP_HIGH: return CAT_LEVEL_HIGH;
	case PNI_OSP_VERY_HIGH: return CAT_LEVEL_VERY_HIGH;
	case PNI_OSP_NOT_APPLICABLE: return CAT_LEVEL_END;
	default: return CAT_LEVEL_MISSING;
	}
}

static int sara_level(enum pni_sara s)
{
	switch (s) {
	case PNI_SARA_LOW: return CAT_LEVEL_LOW;
	case PNI_SARA_MEDIUM: return CAT_LEVEL_MEDIUM;
	case PNI_SARA_HIGH: return CAT_LEVEL_HIGH;
	case PNI_SARA_NOT_APPLICABLE: return CAT_LEVEL_END;
	default: return CAT_LEVEL_MISSING;
	}
}

static const struct pni_pct *pct_of(const struct cat_person *p, enum cat_predictor pr)
{
	switch (pr) {
	case CAT_PREDICTOR_OGRS3: return &p->ogrs3;
	case CAT_PREDICTOR_OVP: return &p->ovp;
	case CAT_PREDICTOR_RSR: return &p->rsr;
	default: return NULL;
	}
}

/* Up to two levels the person has for a predictor (0 = missing, END = not
 * applicable).  Returns how many were filled. */
static int levels_of(const struct cat_person *p, enum cat_predictor pr, int lv[2])
{
	const struct pni_pct *pct = pct_of(p, pr);

	if (pct) {
		lv[0] = pct->present ? (int)cat_score_level(pr, pct->value) : CAT_LEVEL_MISSING;
		return 1;
	}
	switch (pr) {
	case CAT_PREDICTOR_OSP:
		lv[0] = osp_level(p->osp_dc);
		lv[1] = osp_level(p->osp_iic);
		return 2;
	case CAT_PREDICTOR_SARA:
		lv[0] = sara_level(p->sara_partner);
		lv[1] = sara_level(p->sara_other);
		return 2;
	case CAT_PREDICTOR_SARA_PARTNER:
		lv[0] = sara_level(p->sara_partner);
		return 1;
	case CAT_PREDICTOR_SARA_OTHER:
		lv[0] = sara_level(p->sara_other);
		return 1;
	case CAT_PREDICTOR_ROSH:
		lv[0] = p->rosh;
		return 1;
	default:
		lv[0] = CAT_LEVEL_MISSING;
		return 1;
	}
}

static bool present(const struct cat_person *p, enum cat_predictor pr)
{
	int lv[2], n = levels_of(p, pr, lv), k;

	for (k = 0; k < n; k++)
		if (lv[k] != CAT_LEVEL_MISSING)
			return true;
	return false;
}

/* Does the person have any OASys risk score or level at all? */
static bool has_any_score(const struct cat_person *p)
{
	return p->ogrs3.present || p->ovp.present || p->rsr.present || p->rosh ||
	       osp_level(p->osp_dc) || osp_level(p->osp_iic) || sara_level(p->sara_partner) ||
	       sara_level(p->sara_other);
}

static enum rule_state eval_rule(const struct cat_risk_rule *r, const struct cat_person *p)
{
	const struct pni_pct *pct = pct_of(p, r->predictor);
	int lv[2], n, k;
	bool missing = false;

	if (pct && !r->levels) {
		if (!pct->present)
			return R_MISSING;
		if ((r->min_score != CAT_UNKNOWN && pct->value < r->min_score) ||
		    (r->max_score != CAT_UNKNOWN && pct->value > r->max_score))
			return R_NOT_MET;
		return R_MET;
	}
	n = levels_of(p, r->predictor, lv);
	for (k = 0; k < n; k++) {
		if (lv[k] == CAT_LEVEL_MISSING)
			missing = true;
		else if (lv[k] != CAT_LEVEL_END && (r->levels & CAT_LEVEL_BIT(lv[k])))
			return R_MET;
	}
	return missing ? R_MISSING : R_NOT_MET;
}

/* ------------------------------------------------------------ evaluation */

static void add(struct cat_elig *e, enum cat_reason_code code, enum cat_severity sev, unsigned arg)
{
	if (sev == CAT_SEV_NOT_ELIGIBLE)
		e->verdict = CAT_NOT_ELIGIBLE;
	else if (sev == CAT_SEV_CHECK && e->verdict == CAT_ELIGIBLE)
		e->verdict = CAT_CHECK;
	if (e->n == CAT_REASONS_MAX) {
		e->truncated = true;
		return;
	}
	e->r[e->n].code = (uint8_t)code;
	e->r[e->n].severity = (uint8_t)sev;
	e->r[e->n].arg = (uint16_t)arg;
	e->n++;
}

static void risk(const struct cat_def *d, const struct cat_person *p, struct cat_elig *e)
{
	uint8_t state[64];
	size_t k, n = d->n_risk_rules < 64 ? d->n_risk_rules : 64;
	unsigned met = 0, not_met = 0, missing = 0;

	unsigned standing_in = 0; /* predictors a fallback rule stands in for */

	for (k = 0; k < n; k++) {
		const struct cat_risk_rule *r = &d->risk_rules[k];

		if (r->only_if_missing != CAT_PREDICTOR_NONE && !present(p, r->only_if_missing))
			standing_in |= 1u << r->only_if_missing;
	}
	for (k = 0; k < n; k++) {
		const struct cat_risk_rule *r = &d->risk_rules[k];

		state[k] = 255;
		if (r->only_if_missing != CAT_PREDICTOR_NONE && present(p, r->only_if_missing))
			continue; /* the other score is there and decides */
		if ((standing_in & (1u << r->predictor)) && !present(p, r->predictor))
			continue; /* missing, and another score stands in for it */
		state[k] = (uint8_t)eval_rule(r, p);
		if (state[k] == R_MET)
			met++;
		else if (state[k] == R_NOT_MET)
			not_met++;
		else
			missing++;
	}
	if (!met && !not_met && !missing)
		return;
	if (met && !not_met && !missing) {
		add(e, CAT_R_RISK_MET, CAT_SEV_INFO, 0);
		return;
	}
	if (!met && !not_met && !has_any_score(p)) {
		add(e, CAT_R_RISK_ALL_MISSING, CAT_SEV_CHECK, 0);
		return;
	}
	/* Not eligible only when no criterion is met and none could be;
	 * a mix (one met, one not) is for the practitioner to weigh. */
	for (k = 0; k < n; k++) {
		if (state[k] == R_NOT_MET)
			add(e, CAT_R_RISK_NOT_MET,
			    !met && !missing ? CAT_SEV_NOT_ELIGIBLE : CAT_SEV_CHECK, (unsigned)k);
		else if (state[k] == R_MISSING)
			add(e, CAT_R_RISK_SCORE_MISSING, CAT_SEV_CHECK, (unsigned)k);
	}
}

static void pni_fit(const struct cat_facts *f, const struct cat_person *p, struct cat_elig *e)
{
	bool high = f->intensity == CAT_INTENSITY_HIGH || f->intensity == CAT_INTENSITY_HIGH_MODERATE;
	bool moderate = f->intensity == CAT_INTENSITY_MODERATE ||
			f->intensity == CAT_INTENSITY_HIGH_MODERATE;

	if (f->intensity == CAT_INTENSITY_NONE) {
		e->pni_fit = CAT_PNI_NOT_APPLICABLE;
		return;
	}
	if (!p->pni) {
		e->pni_fit = CAT_PNI_UNKNOWN;
		add(e, CAT_R_PNI_UNKNOWN, CAT_SEV_CHECK, 0);
		return;
	}
	switch (p->pni->pathway) {
	case PNI_HIGH_INTENSITY_BC:
	case PNI_MODERATE_INTENSITY_BC:
		if (p->pni->pathway == PNI_HIGH_INTENSITY_BC ? high : moderate) {
			e->pni_fit = CAT_PNI_FITS;
			add(e, CAT_R_PNI_FITS, CAT_SEV_INFO, p->pni->pathway);
		} else {
			e->pni_fit = CAT_PNI_OTHER_INTENSITY;
			add(e, CAT_R_PNI_OTHER_INTENSITY, CAT_SEV_CHECK, p->pni->pathway);
		}
		break;
	case PNI_ALTERNATIVE_PATHWAY:
		e->pni_fit = CAT_PNI_ALTERNATIVE;
		add(e, CAT_R_PNI_ALTERNATIVE, CAT_SEV_NOT_ELIGIBLE, 0);
		break;
	default:
		e->pni_fit = CAT_PNI_MISSING_INFO;
		add(e, CAT_R_PNI_MISSING_INFO, CAT_SEV_CHECK, 0);
		break;
	}
}

void cat_eligibility(const struct catalogue *cat, size_t i, const struct cat_person *p,
		     struct cat_elig *out)
{
	const struct cat_facts *f = &cat->facts[i];
	const struct cat_def *d = &cat->defs[i];
	unsigned both = (1u << CAT_SETTING_COMMUNITY) | (1u << CAT_SETTING_CUSTODY);
	size_t a, b;

	out->verdict = CAT_ELIGIBLE;
	out->pni_fit = CAT_PNI_NOT_APPLICABLE;
	out->n = 0;
	out->truncated = false;

	if (f->min_age != CAT_UNKNOWN || f->max_age != CAT_UNKNOWN) {
		if (!p->age_known)
			add(out, CAT_R_AGE_MISSING, CAT_SEV_CHECK, 0);
		else if (f->min_age != CAT_UNKNOWN && p->age < f->min_age)
			add(out, CAT_R_AGE_BELOW, CAT_SEV_NOT_ELIGIBLE, 0);
		else if (f->max_age != CAT_UNKNOWN && p->age > f->max_age)
			add(out, CAT_R_AGE_ABOVE, CAT_SEV_NOT_ELIGIBLE, 0);
	}
	if (f->males == 0 && f->females == 0) {
		add(out, CAT_R_SEX, CAT_SEV_NOT_ELIGIBLE, 0);
	} else if (f->males == 0 || f->females == 0) {
		unsigned only = f->males == 0 ? 1 : 2; /* 1 women, 2 men */

		if (p->sex == CAT_SEX_UNKNOWN)
			add(out, CAT_R_SEX_MISSING, CAT_SEV_CHECK, only);
		else if ((p->sex == CAT_SEX_MALE && only == 1) || (p->sex == CAT_SEX_FEMALE && only == 2))
			add(out, CAT_R_SEX, CAT_SEV_NOT_ELIGIBLE, only);
	}
	if (f->regions) {
		if (p->region == CAT_REGION_UNKNOWN || p->region >= CAT_REGION_END)
			add(out, CAT_R_REGION_MISSING, CAT_SEV_CHECK, 0);
		else if (!(f->regions & CAT_REGION_BIT(p->region)))
			add(out, CAT_R_REGION, CAT_SEV_NOT_ELIGIBLE, p->region);
	}
	if (f->settings) {
		if (p->place == CAT_PLACE_UNKNOWN) {
			if ((f->settings & both) != both)
				add(out, CAT_R_SETTING_MISSING, CAT_SEV_CHECK, 0);
		} else {
			unsigned want = p->place == CAT_PLACE_CUSTODY ? CAT_SETTING_CUSTODY
								      : CAT_SETTING_COMMUNITY;

			if (!(f->settings & (1u << want)))
				add(out, CAT_R_SETTING, CAT_SEV_NOT_ELIGIBLE, want);
		}
	}
	if (f->offences_needed || f->offences_unclear || f->offences_excluded) {
		if (!p->offences_known) {
			add(out, CAT_R_OFFENCE_MISSING, CAT_SEV_CHECK, 0);
		} else {
			if (f->offences_needed & p->offences)
				; /* has one of them */
			else if (f->offences_unclear)
				add(out, CAT_R_OFFENCE_UNCLEAR, CAT_SEV_CHECK, 0);
			else if (f->offences_needed)
				add(out, CAT_R_OFFENCE_NEEDED, CAT_SEV_NOT_ELIGIBLE, 0);
			if (f->offences_excluded & p->offences)
				add(out, CAT_R_OFFENCE_EXCLUDED, CAT_SEV_NOT_ELIGIBLE,
				    f->offences_excluded & p->offences);
		}
	}
	risk(d, p, out);
	pni_fit(f, p, out);
	if (p->needs_known && (f->needs & p->needs & ~(1u << CAT_NEED_OTHER)))
		add(out, CAT_R_NEEDS_MET, CAT_SEV_INFO, f->needs & p->needs & ~(1u << CAT_NEED_OTHER));

	/* worst first, otherwise in the order found */
	for (a = 1; a < out->n; a++) {
		struct cat_reason r = out->r[a];

		for (b = a; b > 0 && out->r[b - 1].severity < r.severity; b--)
			out->r[b] = out->r[b - 1];
		out->r[b] = r;
	}
}

void cat_eligibility_all(const struct catalogue *cat, const struct cat_person *p,
			 struct cat_elig *out)
{
	size_t i;

	for (i = 0; i < cat->n; i++)
		cat_eligibility(cat, i, p, &out[i]);
}

/* ------------------------------------------------------------ words */

const char *cat_verdict_label(enum cat_verdict v)
{
	switch (v) {
	case CAT_ELIGIBLE: return "Eligible";
	case CAT_CHECK: return "Check";
	case CAT_NOT_ELIGIBLE: return "Not eligible";
	}
	return "?";
}

const char *cat_pni_fit_label(enum cat_pni_fit f)
{
	switch (f) {
	case CAT_PNI_NOT_APPLICABLE: return "";
	case CAT_PNI_UNKNOWN: return "PNI not known";
	case CAT_PNI_MISSING_INFO: return "PNI information missing";
	case CAT_PNI_FITS: return "Fits the PNI pathway";
	case CAT_PNI_OTHER_INTENSITY: return "Not the recommended intensity";
	case CAT_PNI_ALTERNATIVE: return "Not recommended (alternative pathway)";
	}
	return "?";
}

/* "low", "medium or high", "medium, high or very high" */
static void levels_words(struct strbuf *out, unsigned levels)
{
	int l, n = 0, total = 0;

	for (l = CAT_LEVEL_LOW; l < CAT_LEVEL_END; l++)
		if (levels & CAT_LEVEL_BIT(l))
			total++;
	for (l = CAT_LEVEL_LOW; l < CAT_LEVEL_END; l++) {
		char word[16];
		size_t k;

		if (!(levels & CAT_LEVEL_BIT(l)))
			continue;
		snprintf(word, sizeof word, "%s", cat_level_label((enum cat_level)l));
		for (k = 0; word[k]; k++)
			if (word[k] >= 'A' && word[k] <= 'Z')
				word[k] = (char)(word[k] - 'A' + 'a');
		n++;
		if (n > 1)
			sb_adds(out, n == total ? " or " : ", ");
		sb_adds(out, word);
	}
}

/* What a rule needs: "high", "25% or more", "35% to 75%". */
static void rule_needs(struct strbuf *out, const struct cat_risk_rule *r)
{
	if (r->levels)
		levels_words(out, r->levels);
	else if (r->min_score != CAT_UNKNOWN && r->max_score != CAT_UNKNOWN)
		sb_addf(out, "%g%% to %g%%", r->min_score, r->max_score);
	else if (r->min_score != CAT_UNKNOWN)
		sb_addf(out, "%g%% or more", r->min_score);
	else if (r->max_score != CAT_UNKNOWN)
		sb_addf(out, "up to %g%%", r->max_score);
}

/* What the person has: "medium (35%)", "high", "not applicable". */
static void person_value(struct strbuf *out, const struct cat_person *p, enum cat_predictor pr)
{
	const struct pni_pct *pct = pct_of(p, pr);
	int lv[2], n = levels_of(p, pr, lv), k, best = CAT_LEVEL_MISSING;
	bool na = false;

	if (pct && pct->present) {
		levels_words(out, CAT_LEVEL_BIT(cat_score_level(pr, pct->value)));
		sb_addf(out, " (%g%%)", pct->value);
		return;
	}
	for (k = 0; k < n; k++) {
		if (lv[k] == CAT_LEVEL_END)
			na = true;
		else if (lv[k] > best)
			best = lv[k];
	}
	if (best != CAT_LEVEL_MISSING)
		levels_words(out, CAT_LEVEL_BIT(best));
	else
		sb_adds(out, na ? "not applicable" : "missing");
}

static const char *article(const char *word)
{
	return strchr("aeiou", word[0]) ? "an" : "a";
}

/* "sexual offence" / "sexual offence or general violence offence"; with
 * articles: "a sexual offence or an extremism offence". */
static void offence_list(struct strbuf *out, unsigned bits, const char *joiner, bool articles)
{
	int o, n = 0, total = 0;

	for (o = 0; o < CAT_OFFENCE_COUNT; o++)
		if (bits & (1u << o))
			total++;
	for (o = 0; o < CAT_OFFENCE_COUNT; o++) {
		const char *label = cat_offence_label((enum cat_offence)o);

		if (!(bits & (1u << o)))
			continue;
		n++;
		if (n > 1)
			sb_adds(out, n == total ? joiner : ", ");
		if (articles)
			sb_addf(out, "%s ", article(label));
		sb_adds(out, label);
	}
}

static void offence_needed(struct strbuf *out, const struct cat_facts *f)
{
	if (!(f->offences_needed & (f->offences_needed - 1))) {
		const char *label = "offence";
		int o;

		for (o = 0; o < CAT_OFFENCE_COUNT; o++)
			if (f->offences_needed & (1u << o))
				label = cat_offence_label((enum cat_offence)o);
		sb_addf(out, "needs %s %s conviction", article(label), label);
	} else {
		sb_adds(out, "needs a conviction for one of: ");
		offence_list(out, f->offences_needed, ", ", false);
	}
}

static void written_offences(struct strbuf *out, const struct cat_def *d)
{
	size_t k;

	for (k = 0; k < d->n_eligible_offences; k++) {
		if (k)
			sb_adds(out, ", ");
		sb_adds(out, d->eligible_offences[k].type);
	}
}

static void age_range(struct strbuf *out, const struct cat_facts *f)
{
	if (f->min_age != CAT_UNKNOWN && f->max_age != CAT_UNKNOWN)
		sb_addf(out, "ages %d to %d", f->min_age, f->max_age);
	else if (f->min_age != CAT_UNKNOWN)
		sb_addf(out, "ages %d and over", f->min_age);
	else
		sb_addf(out, "ages up to %d", f->max_age);
}

static void regions_list(struct strbuf *out, unsigned regions)
{
	int r, n = 0;

	for (r = 1; r < CAT_REGION_END; r++) {
		if (!(regions & CAT_REGION_BIT(r)))
			continue;
		if (n++)
			sb_adds(out, ", ");
		sb_adds(out, cat_region_name((enum cat_region)r));
	}
}

static void settings_list(struct strbuf *out, unsigned settings)
{
	int s, n = 0;

	for (s = 0; s < CAT_SETTING_COUNT; s++) {
		char word[32];
		size_t k;

		if (!(settings & (1u << s)))
			continue;
		snprintf(word, sizeof word, "%s", s == CAT_SETTING_COMMUNITY ? "the community"
						   : cat_setting_label((enum cat_setting)s));
		for (k = 0; word[k]; k++)
			if (word[k] >= 'A' && word[k] <= 'Z')
				word[k] = (char)(word[k] - 'A' + 'a');
		if (n++)
			sb_adds(out, " or ");
		sb_adds(out, word);
	}
}

static void needs_list(struct strbuf *out, unsigned needs)
{
	int k, n = 0;

	for (k = 0; k < CAT_NEED_COUNT; k++) {
		if (!(needs & (1u << k)))
			continue;
		if (n++)
			sb_adds(out, ", ");
		sb_adds(out, cat_need_label((enum cat_need)k));
	}
}

static const char *pathway_words(unsigned pathway)
{
	return pathway == PNI_HIGH_INTENSITY_BC ? "high intensity" : "moderate intensity";
}

int cat_reason_text(const struct catalogue *cat, size_t i, const struct cat_person *p,
		    const struct cat_reason *r, struct strbuf *out)
{
	const struct cat_facts *f = &cat->facts[i];
	const struct cat_def *d = &cat->defs[i];
	const struct cat_risk_rule *rule = NULL;
	if (sb_grow(out, 256))
		return -1;
	if ((r->code == CAT_R_RISK_NOT_MET || r->code == CAT_R_RISK_SCORE_MISSING) &&
	    r->arg < d->n_risk_rules)
		rule = &d->risk_rules[r->arg];
	if (r->severity == CAT_SEV_CHECK)
		sb_adds(out, "Check: ");
	switch ((enum cat_reason_code)r->code) {
	case CAT_R_AGE_BELOW:
		sb_addf(out, "Age %d is below the minimum of %d", p->age, f->min_age);
		break;
	case CAT_R_AGE_ABOVE:
		sb_addf(out, "Age %d is above the maximum of %d", p->age, f->max_age);
		break;
	case CAT_R_AGE_MISSING:
		sb_adds(out, "age is not known (");
		age_range(out, f);
		sb_adds(out, ")");
		break;
	case CAT_R_SEX:
		sb_adds(out, r->arg == 1 ? "Only for women" : r->arg == 2 ? "Only for men"
			: "Not open to men or women (the catalogue entry says neither)");
		break;
	case CAT_R_SEX_MISSING:
		sb_addf(out, "sex is not known (only for %s)", r->arg == 1 ? "women" : "men");
		break;
	case CAT_R_REGION:
		sb_addf(out, "Not delivered in %s", cat_region_name((enum cat_region)r->arg));
		break;
	case CAT_R_REGION_MISSING:
		sb_adds(out, "region is not known (only delivered in ");
		regions_list(out, f->regions);
		sb_adds(out, ")");
		break;
	case CAT_R_SETTING:
		sb_addf(out, "Not delivered in %s",
			r->arg == CAT_SETTING_CUSTODY ? "custody" : "the community");
		break;
	case CAT_R_SETTING_MISSING:
		sb_adds(out, "custody or community is not known (only delivered in ");
		settings_list(out, f->settings);
		sb_adds(out, ")");
		break;
	case CAT_R_OFFENCE_NEEDED: {
		size_t at = out->len;

		offence_needed(out, f);
		if (out->len > at && r->severity != CAT_SEV_CHECK)
			out->buf[at] = 'N'; /* "Needs a sexual offence conviction" */
		break;
	}
	case CAT_R_OFFENCE_UNCLEAR:
		sb_adds(out, "needs one of these offence types: ");
		written_offences(out, d);
		break;
	case CAT_R_OFFENCE_MISSING:
		sb_adds(out, "offence type is not known (");
		if (f->offences_needed)
			offence_needed(out, f);
		else if (f->offences_unclear) {
			sb_adds(out, "needs one of: ");
			written_offences(out, d);
		} else {
			sb_adds(out, "not for people convicted of ");
			offence_list(out, f->offences_excluded, " or ", true);
		}
		sb_adds(out, ")");
		break;
	case CAT_R_OFFENCE_EXCLUDED:
		sb_adds(out, "Not for people convicted of ");
		offence_list(out, r->arg, " or ", true);
		break;
	case CAT_R_RISK_NOT_MET:
		if (!rule)
			break;
		sb_addf(out, "%s is ", cat_predictor_label(rule->predictor));
		person_value(out, p, rule->predictor);
		sb_adds(out, "; needs ");
		rule_needs(out, rule);
		break;
	case CAT_R_RISK_SCORE_MISSING:
		if (!rule)
			break;
		sb_addf(out, "%s %s is missing (needs ", cat_predictor_label(rule->predictor),
			pct_of(p, rule->predictor) ? "score" : "level");
		rule_needs(out, rule);
		sb_adds(out, ")");
		break;
	case CAT_R_RISK_ALL_MISSING:
		sb_adds(out, "OASys risk scores are missing");
		break;
	case CAT_R_RISK_MET:
		sb_adds(out, "Meets the risk criteria");
		break;
	case CAT_R_PNI_UNKNOWN:
		sb_addf(out, "PNI pathway is not known (%s programme)",
			f->intensity == CAT_INTENSITY_HIGH ? "high intensity"
			: f->intensity == CAT_INTENSITY_MODERATE ? "moderate intensity"
			: "high or moderate intensity");
		break;
	case CAT_R_PNI_MISSING_INFO:
		sb_adds(out, "PNI cannot be calculated \xe2\x80\x93 information missing");
		break;
	case CAT_R_PNI_OTHER_INTENSITY:
		sb_addf(out, "PNI recommends %s; this is a %s programme (a referral needs a reason for override)",
			pathway_words(r->arg),
			f->intensity == CAT_INTENSITY_HIGH ? "high intensity" : "moderate intensity");
		break;
	case CAT_R_PNI_ALTERNATIVE:
		sb_adds(out, "PNI pathway is the alternative pathway: accredited programmes are not recommended");
		break;
	case CAT_R_PNI_FITS:
		sb_addf(out, "Fits the PNI pathway (%s)", pathway_words(r->arg));
		break;
	case CAT_R_NEEDS_MET:
		sb_adds(out, "Addresses this person's needs: ");
		needs_list(out, r->arg);
		break;
	case CAT_R_COUNT:
		break;
	}
	return 0;
}
