/* pni.c: the programme needs identifier (PNI) pathway; see pni.h.
 * Every rule quotes programmes_catalogue.md §2.2 (ACP-API PniNeedsEngine.kt,
 * PniRiskEngine.kt, IndividualNeedsScores.kt, V88__add_pni_rules.sql). */
#include "domain/pni.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"

struct item_info {
	enum pni_domain domain;
	const char *key, *number, *label;
};

static const struct item_info items[PNI_ITEM_COUNT] = {
#define X(name, domain, key, number, label) {PNI_DOMAIN_##domain, key, number, label},
	PNI_ITEM_LIST(X)
#undef X
};

static const char *const domain_labels[PNI_DOMAIN_COUNT] = {
#define X(name, label) label,
	PNI_DOMAIN_LIST(X)
#undef X
};

/* "11.11 Sexual preoccupation" ... then the other inputs */
static const char *const input_labels[PNI_INPUT_COUNT] = {
#define X(name, domain, key, number, label) number " " label,
	PNI_ITEM_LIST(X)
#undef X
	"Sex",
	"OGRS3",
	"OVP",
	"RSR",
	"OSP-DC",
	"OSP-IIC",
	"SARA (partner)",
	"SARA (others)",
};

const char *pni_item_key(enum pni_item i)
{
	return (unsigned)i < PNI_ITEM_COUNT ? items[i].key : "?";
}

const char *pni_item_number(enum pni_item i)
{
	return (unsigned)i < PNI_ITEM_COUNT ? items[i].number : "?";
}

const char *pni_item_label(enum pni_item i)
{
	return (unsigned)i < PNI_ITEM_COUNT ? items[i].label : "?";
}

enum pni_domain pni_item_domain(enum pni_item i)
{
	return (unsigned)i < PNI_ITEM_COUNT ? items[i].domain : PNI_DOMAIN_SEX;
}

const char *pni_domain_label(enum pni_domain d)
{
	return (unsigned)d < PNI_DOMAIN_COUNT ? domain_labels[d] : "?";
}

const char *pni_input_label(int id)
{
	return (unsigned)id < PNI_INPUT_COUNT ? input_labels[id] : "?";
}

const char *pni_pathway_name(enum pni_pathway p)
{
	static const char *const v[] = {"MISSING_INFORMATION", "ALTERNATIVE_PATHWAY",
					"MODERATE_INTENSITY_BC", "HIGH_INTENSITY_BC"};

	return (unsigned)p < 4 ? v[p] : "?";
}

const char *pni_pathway_label(enum pni_pathway p)
{
	/* §2.3 pniUtils.formatPathwayValue */
	static const char *const v[] = {"Information missing", "Not eligible",
					"Moderate intensity", "High intensity"};

	return (unsigned)p < 4 ? v[p] : "?";
}

const char *pni_need_name(enum pni_need n)
{
	static const char *const v[] = {"INFORMATION_MISSING", "LOW_NEED", "MEDIUM_NEED",
					"HIGH_NEED"};

	return (unsigned)n < 4 ? v[n] : "?";
}

const char *pni_need_label(enum pni_need n)
{
	/* §2.3 need labels */
	static const char *const v[] = {"Cannot calculate \u2013 information missing", "Low need",
					"Medium need", "High need"};

	return (unsigned)n < 4 ? v[n] : "?";
}

const char *pni_risk_name(enum pni_risk r)
{
	static const char *const v[] = {"INFORMATION_MISSING", "LOW_RISK", "MEDIUM_RISK",
					"HIGH_RISK"};

	return (unsigned)r < 4 ? v[r] : "?";
}

const char *pni_risk_label(enum pni_risk r)
{
	static const char *const v[] = {"Cannot calculate \u2013 information missing", "Low risk",
					"Medium risk", "High risk"};

	return (unsigned)r < 4 ? v[r] : "?";
}

int pni_answer_score(enum pni_answer a)
{
	switch (a) {
	case PNI_ANSWER_NONE:
		return 0;
	case PNI_ANSWER_SOME:
		return 1;
	case PNI_ANSWER_SIGNIFICANT:
		return 2;
	default:
		return PNI_SCORE_MISSING;
	}
}

/* Case-insensitive compare where '_' in s matches ' ' in word. */
static bool word_eq(const char *s, const char *word)
{
	for (; *s && *word; s++, word++) {
		char c = *s == '_' ? ' ' : (char)tolower((unsigned char)*s);

		if (c != *word)
			return false;
	}
	return !*s && !*word;
}

enum pni_answer pni_answer_parse(const char *s)
{
	if (!s)
		return PNI_ANSWER_MISSING;
	if (word_eq(s, "none"))
		return PNI_ANSWER_NONE;
	if (word_eq(s, "some"))
		return PNI_ANSWER_SOME;
	if (word_eq(s, "significant"))
		return PNI_ANSWER_SIGNIFICANT;
	/* "parsed from the leading digit of OASys answers such as
	 * 2-Significant problems" (§2.1) */
	if (s[0] >= '0' && s[0] <= '2' && (s[1] == '-' || s[1] == ' ' || s[1] == '\0'))
		return (enum pni_answer)(PNI_ANSWER_NONE + (s[0] - '0'));
	return PNI_ANSWER_MISSING;
}

enum pni_osp pni_osp_parse(const char *s)
{
	if (!s)
		return PNI_OSP_MISSING;
	if (word_eq(s, "not applicable"))
		return PNI_OSP_NOT_APPLICABLE;
	if (word_eq(s, "low"))
		return PNI_OSP_LOW;
	if (word_eq(s, "medium"))
		return PNI_OSP_MEDIUM;
	if (word_eq(s, "high"))
		return PNI_OSP_HIGH;
	if (word_eq(s, "very high"))
		return PNI_OSP_VERY_HIGH;
	return PNI_OSP_MISSING;
}

enum pni_sara pni_sara_from_oasys(int level)
{
	switch (level) {
	case 1:
		return PNI_SARA_LOW;
	case 2:
		return PNI_SARA_MEDIUM;
	case 3:
		return PNI_SARA_HIGH;
	default:
		return PNI_SARA_NOT_APPLICABLE;
	}
}

/* ---- the rules with every input known ---------------------------------- */

/* Sex, OSP and the risk scores, all known: one "world". */
struct world {
	enum pni_sex sex;
	double ogrs3, ovp, rsr;
	enum pni_osp osp_dc, osp_iic;
	enum pni_sara sara_partner, sara_other;
};

static int item(const struct pni_input *in, enum pni_item i)
{
	return pni_answer_score(in->item[i]);
}

/* §2.2 Sex: "OSP-DC or OSP-IIC in LOW/MEDIUM/HIGH/VERY_HIGH" */
static bool osp_level_given(enum pni_osp o)
{
	return o >= PNI_OSP_LOW;
}

/* §2.2 Sex domain: "total = sum; total in 4..6 OR offenceRelatedSexualInterests
 * == 2 -> 2; 0..1 -> 0; 2..3 -> 1.  If not all three present: for a male with
 * OSP-DC or OSP-IIC in LOW/MEDIUM/HIGH/VERY_HIGH -> error; for a female with
 * some but not all -> error; otherwise 0". */
static int sex_domain(const struct pni_input *in, const struct world *w)
{
	int a = item(in, PNI_ITEM_SEXUAL_PREOCCUPATION);
	int b = item(in, PNI_ITEM_OFFENCE_RELATED_SEXUAL_INTERESTS);
	int c = item(in, PNI_ITEM_EMOTIONAL_CONGRUENCE);
	int total;

	if (a >= 0 && b >= 0 && c >= 0) {
		total = a + b + c;
		if ((total >= 4 && total <= 6) || b == 2)
			return 2;
		return total <= 1 ? 0 : 1;
	}
	if (w->sex == PNI_SEX_MALE && (osp_level_given(w->osp_dc) || osp_level_given(w->osp_iic)))
		return PNI_SCORE_MISSING;
	if (w->sex == PNI_SEX_FEMALE && (a >= 0 || b >= 0 || c >= 0))
		return PNI_SCORE_MISSING;
	return 0;
}

/* Thinking, relationships and self-management; a missing item leaves the
 * domain unscored (the reference's "null -> INFORMATION_MISSING"). */
static int other_domain(const struct pni_input *in, enum pni_domain d)
{
	int total = 0, s;
	unsigned i;

	for (i = 0; i < PNI_ITEM_COUNT; i++) {
		if (items[i].domain != d)
			continue;
		s = item(in, (enum pni_item)i);
		if (s < 0)
			return PNI_SCORE_MISSING;
		total += s;
	}
	switch (d) {
	case PNI_DOMAIN_THINKING:
		/* "total = sum; 0 -> 0; 3..4 OR proCriminalAttitudes == 2 -> 2; 1..2 -> 1" */
		if (total == 0)
			return 0;
		if (total >= 3 || item(in, PNI_ITEM_PRO_CRIMINAL_ATTITUDES) == 2)
			return 2;
		return 1;
	default:
		/* Relationships and self-management: "0..1 -> 0; 2..4 -> 1; 5..8 -> 2" */
		if (total <= 1)
			return 0;
		return total <= 4 ? 1 : 2;
	}
}

/* §2.2 "Overall needs score = sum of 4 domain scores (0-8): null ->
 * INFORMATION_MISSING, 0..2 -> LOW_NEED, 3..5 -> MEDIUM_NEED, 6..8 -> HIGH_NEED" */
static enum pni_need need_level(int score)
{
	if (score < 0)
		return PNI_NEED_INFORMATION_MISSING;
	if (score <= 2)
		return PNI_LOW_NEED;
	return score <= 5 ? PNI_MEDIUM_NEED : PNI_HIGH_NEED;
}

static bool ogrs3_high(double v)
{
	return v >= PNI_OGRS3_HIGH;
}

static bool ogrs3_medium(double v)
{
	return v >= PNI_OGRS3_MEDIUM_MIN && v <= PNI_OGRS3_MEDIUM_MAX;
}

static bool ovp_high(double v)
{
	return v >= PNI_OVP_HIGH;
}

static bool ovp_medium(double v)
{
	return v >= PNI_OVP_MEDIUM_MIN && v <= PNI_OVP_MEDIUM_MAX;
}

static bool rsr_high(double v)
{
	return v >= PNI_RSR_HIGH;
}

static bool rsr_medium(double v)
{
	return v >= PNI_RSR_MEDIUM_MIN && v <= PNI_RSR_MEDIUM_MAX;
}

/* §2.2 RSR: "for males counts only if OSP-DC and OSP-IIC are null or
 * Not Applicable" (PniRiskEngine: any sex but female is treated so). */
static bool rsr_counts(enum pni_sex sex, enum pni_osp dc, enum pni_osp iic)
{
	return sex == PNI_SEX_FEMALE || (!osp_level_given(dc) && !osp_level_given(iic));
}

/* §2.2 OSP: "contains High (so High or Very High), male only"; "equals Medium,
 * male only"; "ignored for females". */
static bool osp_high(enum pni_sex sex, enum pni_osp o)
{
	return sex == PNI_SEX_MALE && (o == PNI_OSP_HIGH || o == PNI_OSP_VERY_HIGH);
}

static bool osp_medium(enum pni_sex sex, enum pni_osp o)
{
	return sex == PNI_SEX_MALE && o == PNI_OSP_MEDIUM;
}

/* §2.2 "HIGH_RISK if any HIGH; else MEDIUM_RISK if any MEDIUM; else LOW_RISK" */
static enum pni_risk risk_level(const struct world *w)
{
	bool rsr = rsr_counts(w->sex, w->osp_dc, w->osp_iic);

	if (ogrs3_high(w->ogrs3) || ovp_high(w->ovp) || osp_high(w->sex, w->osp_dc) ||
	    osp_high(w->sex, w->osp_iic) || (rsr && rsr_high(w->rsr)) ||
	    w->sara_partner == PNI_SARA_HIGH || w->sara_other == PNI_SARA_HIGH)
		return PNI_HIGH_RISK;
	if (ogrs3_medium(w->ogrs3) || ovp_medium(w->ovp) || osp_medium(w->sex, w->osp_dc) ||
	    osp_medium(w->sex, w->osp_iic) || (rsr && rsr_medium(w->rsr)) ||
	    w->sara_partner == PNI_SARA_MEDIUM || w->sara_other == PNI_SARA_MEDIUM)
		return PNI_MEDIUM_RISK;
	return PNI_LOW_RISK;
}

/* §2.2 combined pathway (pni_rule rows, V88):
 *                HIGH_RISK            MEDIUM_RISK          LOW_RISK
 *   HIGH_NEED    HIGH_INTENSITY_BC    MODERATE_INTENSITY   ALTERNATIVE
 *   MEDIUM_NEED  MODERATE_INTENSITY   MODERATE_INTENSITY   ALTERNATIVE
 *   LOW_NEED     ALTERNATIVE          ALTERNATIVE          ALTERNATIVE
 * "Missing data -> MISSING_INFORMATION". */
static enum pni_pathway pathway_of(enum pni_need n, enum pni_risk r)
{
	if (n == PNI_NEED_INFORMATION_MISSING || r == PNI_RISK_INFORMATION_MISSING)
		return PNI_MISSING_INFORMATION;
	if (n == PNI_LOW_NEED || r == PNI_LOW_RISK)
		return PNI_ALTERNATIVE_PATHWAY;
	if (n == PNI_HIGH_NEED && r == PNI_HIGH_RISK)
		return PNI_HIGH_INTENSITY_BC;
	return PNI_MODERATE_INTENSITY_BC;
}

/* ---- missing sex and risk inputs: try every value they could take ------ */

enum var { V_SEX, V_OGRS3, V_OVP, V_RSR, V_OSP_DC, V_OSP_IIC, V_SARA_P, V_SARA_O, NVARS };

static const enum pni_input_id var_input[NVARS] = {
	PNI_IN_SEX, PNI_IN_OGRS3, PNI_IN_OVP, PNI_IN_RSR,
	PNI_IN_OSP_DC, PNI_IN_OSP_IIC, PNI_IN_SARA_PARTNER, PNI_IN_SARA_OTHER,
};

/* One value for each class the rules tell apart: a low, a medium and a high
 * percentage; OSP not applicable / low / medium / high (Very High acts as
 * High everywhere); SARA none-or-low / medium / high. */
static const double ogrs3_values[] = {0.0, PNI_OGRS3_MEDIUM_MIN, PNI_OGRS3_HIGH};
static const double ovp_values[] = {0.0, PNI_OVP_MEDIUM_MIN, PNI_OVP_HIGH};
static const double rsr_values[] = {0.0, PNI_RSR_MEDIUM_MIN, PNI_RSR_HIGH};
static const enum pni_osp osp_values[] = {PNI_OSP_NOT_APPLICABLE, PNI_OSP_LOW, PNI_OSP_MEDIUM,
					  PNI_OSP_HIGH};
static const enum pni_sara sara_values[] = {PNI_SARA_NOT_APPLICABLE, PNI_SARA_MEDIUM,
					    PNI_SARA_HIGH};
static const enum pni_sex sex_values[] = {PNI_SEX_MALE, PNI_SEX_FEMALE};
static const unsigned var_count[NVARS] = {2, 3, 3, 3, 4, 4, 3, 3};

static bool var_missing(const struct pni_input *in, enum var v)
{
	switch (v) {
	case V_SEX:
		return in->sex == PNI_SEX_MISSING;
	case V_OGRS3:
		return !in->ogrs3.present;
	case V_OVP:
		return !in->ovp.present;
	case V_RSR:
		return !in->rsr.present;
	case V_OSP_DC:
		return in->osp_dc == PNI_OSP_MISSING;
	case V_OSP_IIC:
		return in->osp_iic == PNI_OSP_MISSING;
	case V_SARA_P:
		return in->sara_partner == PNI_SARA_MISSING;
	case V_SARA_O:
		return in->sara_other == PNI_SARA_MISSING;
	default:
		return false;
	}
}

static void set_var(struct world *w, enum var v, unsigned k)
{
	switch (v) {
	case V_SEX:
		w->sex = sex_values[k];
		break;
	case V_OGRS3:
		w->ogrs3 = ogrs3_values[k];
		break;
	case V_OVP:
		w->ovp = ovp_values[k];
		break;
	case V_RSR:
		w->rsr = rsr_values[k];
		break;
	case V_OSP_DC:
		w->osp_dc = osp_values[k];
		break;
	case V_OSP_IIC:
		w->osp_iic = osp_values[k];
		break;
	case V_SARA_P:
		w->sara_partner = sara_values[k];
		break;
	case V_SARA_O:
		w->sara_other = sara_values[k];
		break;
	default:
		break;
	}
}

/* What one world gives. */
struct outcome {
	signed char sex_domain;
	signed char need_score;
	unsigned char risk;
};

static bool outcome_eq(struct outcome a, struct outcome b)
{
	return a.need_score == b.need_score && a.risk == b.risk;
}

/* ---- reasons in words --------------------------------------------------- */

static void add_items(struct strbuf *sb, const struct pni_input *in, enum pni_domain d,
		      bool missing_only)
{
	unsigned i;
	bool first = true;

	for (i = 0; i < PNI_ITEM_COUNT; i++) {
		if (items[i].domain != d)
			continue;
		if (missing_only && in->item[i] != PNI_ANSWER_MISSING)
			continue;
		sb_adds(sb, first ? "" : ", ");
		first = false;
		if (missing_only)
			sb_addf(sb, "%s %s", items[i].number, items[i].label);
		else if (in->item[i] == PNI_ANSWER_MISSING)
			sb_addf(sb, "%s missing", items[i].number);
		else
			sb_addf(sb, "%s = %d", items[i].number, pni_answer_score(in->item[i]));
	}
}

static int domain_total(const struct pni_input *in, enum pni_domain d)
{
	int total = 0;
	unsigned i;

	for (i = 0; i < PNI_ITEM_COUNT; i++)
		if (items[i].domain == d && in->item[i] != PNI_ANSWER_MISSING)
			total += pni_answer_score(in->item[i]);
	return total;
}

static bool domain_complete(const struct pni_input *in, enum pni_domain d)
{
	unsigned i;

	for (i = 0; i < PNI_ITEM_COUNT; i++)
		if (items[i].domain == d && in->item[i] == PNI_ANSWER_MISSING)
			return false;
	return true;
}

/* Which band of the domain's rule gave score s from a complete domain. */
static const char *domain_rule(const struct pni_input *in, enum pni_domain d, int s)
{
	int total = domain_total(in, d);

	switch (d) {
	case PNI_DOMAIN_SEX:
		if (s == 2 && total < 4)
			return "11.12 Offence-related sexual interests is 2, which scores 2";
		return s == 2 ? "a total of 4 to 6 scores 2"
		       : s == 1 ? "a total of 2 to 3 scores 1" : "a total of 0 to 1 scores 0";
	case PNI_DOMAIN_THINKING:
		if (s == 2 && total < 3)
			return "12.1 Pro-criminal attitudes is 2, which scores 2";
		return s == 2 ? "a total of 3 to 4 scores 2"
		       : s == 1 ? "a total of 1 to 2 scores 1" : "a total of 0 scores 0";
	default:
		return s == 2 ? "a total of 5 to 8 scores 2"
		       : s == 1 ? "a total of 2 to 4 scores 1" : "a total of 0 to 1 scores 0";
	}
}

static void reason_domain(struct pni_result *out, const struct pni_input *in, enum pni_domain d)
{
	struct strbuf sb = STRBUF_INIT;
	int s = out->domain_score[d];

	if (domain_complete(in, d)) {
		add_items(&sb, in, d, false);
		dom_reasons_addf(&out->reasons, "%s domain scores %d: %s, total %d; %s.",
				 domain_labels[d], s, sb.buf, domain_total(in, d),
				 domain_rule(in, d, s));
	} else if (d != PNI_DOMAIN_SEX) {
		add_items(&sb, in, d, true);
		dom_reasons_addf(&out->reasons, "%s domain cannot be scored: score missing for %s.",
				 domain_labels[d], sb.buf);
	} else if (s == 0) {
		add_items(&sb, in, d, false);
		dom_reasons_addf(&out->reasons,
				 "Sex domain scores 0: not all of its items are answered (%s), "
				 "and the rule scores that 0 %s.",
				 sb.buf,
				 in->sex == PNI_SEX_FEMALE ? "for a woman when none is answered"
				 : in->sex == PNI_SEX_MALE ? "for a man when neither OSP-DC nor "
							     "OSP-IIC has a level"
							   : "when none is answered and no OSP "
							     "level applies");
	} else {
		const char *why;

		add_items(&sb, in, d, true);
		if (in->sex == PNI_SEX_MALE &&
		    (osp_level_given(in->osp_dc) || osp_level_given(in->osp_iic)))
			why = "an OSP-DC or OSP-IIC level applies to this man, so every item is "
			      "needed";
		else if (in->sex == PNI_SEX_FEMALE)
			why = "some but not all of its items are answered for this woman";
		else if (in->sex == PNI_SEX_MISSING)
			why = "the rule for unanswered items depends on the person's sex, which is "
			      "missing";
		else
			why = "the rule for unanswered items depends on OSP-DC and OSP-IIC, and "
			      "one is missing";
		dom_reasons_addf(&out->reasons,
				 "Sex domain cannot be scored: score missing for %s; %s.", sb.buf,
				 why);
	}
	sb_release(&sb);
}

static void reason_need(struct pni_result *out)
{
	static const char *const band[] = {"", "0 to 2 is low", "3 to 5 is medium",
					   "6 to 8 is high"};

	if (out->need == PNI_NEED_INFORMATION_MISSING)
		dom_reasons_addf(&out->reasons,
				 "Need: %s (a domain cannot be scored).", pni_need_label(out->need));
	else
		dom_reasons_addf(&out->reasons, "Need: %s (total %d of 8; %s).",
				 pni_need_label(out->need), out->need_score, band[out->need]);
}

/* One percentage predictor. */
static void reason_pct(struct pni_result *out, const char *name, struct pni_pct p, double high,
		       double mmin, double mmax)
{
	if (!p.present)
		dom_reasons_addf(&out->reasons, "%s: score missing.", name);
	else if (p.value >= high)
		dom_reasons_addf(&out->reasons, "%s %.2f%%: high (%.2f or more).", name, p.value,
				 high);
	else if (p.value >= mmin && p.value <= mmax)
		dom_reasons_addf(&out->reasons, "%s %.2f%%: medium (%.2f to %.2f).", name, p.value,
				 mmin, mmax);
	else if (p.value > mmax)
		dom_reasons_addf(&out->reasons,
				 "%s %.2f%%: low (above the medium band %.2f to %.2f but below "
				 "high, %.2f).",
				 name, p.value, mmin, mmax, high);
	else
		dom_reasons_addf(&out->reasons, "%s %.2f%%: low (below %.2f).", name, p.value,
				 mmin);
}

static const char *osp_word(enum pni_osp o)
{
	static const char *const v[] = {"missing", "Not Applicable", "Low", "Medium", "High",
					"Very High"};

	return (unsigned)o < 6 ? v[o] : "?";
}

static void reason_osp(struct pni_result *out, const struct pni_input *in, const char *name,
		       enum pni_osp o)
{
	const char *lvl = o == PNI_OSP_HIGH || o == PNI_OSP_VERY_HIGH ? "high"
			  : o == PNI_OSP_MEDIUM			   ? "medium"
								   : "low";

	if (o == PNI_OSP_MISSING)
		dom_reasons_addf(&out->reasons, "%s: score missing.", name);
	else if (o == PNI_OSP_NOT_APPLICABLE)
		dom_reasons_addf(&out->reasons, "%s: not applicable.", name);
	else if (in->sex == PNI_SEX_FEMALE)
		dom_reasons_addf(&out->reasons, "%s %s: not counted for women.", name, osp_word(o));
	else if (in->sex == PNI_SEX_MISSING)
		dom_reasons_addf(&out->reasons, "%s %s: %s if the person is male (sex is missing).",
				 name, osp_word(o), lvl);
	else
		dom_reasons_addf(&out->reasons, "%s %s: %s.", name, osp_word(o), lvl);
}

static void reason_rsr(struct pni_result *out, const struct pni_input *in)
{
	if (in->rsr.present && in->sex != PNI_SEX_FEMALE &&
	    (osp_level_given(in->osp_dc) || osp_level_given(in->osp_iic))) {
		dom_reasons_addf(&out->reasons,
				 "RSR %.2f%%: not counted%s, because an OSP-DC or OSP-IIC level "
				 "applies.",
				 in->rsr.value, in->sex == PNI_SEX_MALE ? " for this man" : " for a man");
		return;
	}
	reason_pct(out, "RSR", in->rsr, PNI_RSR_HIGH, PNI_RSR_MEDIUM_MIN, PNI_RSR_MEDIUM_MAX);
	if (in->rsr.present && in->sex != PNI_SEX_FEMALE &&
	    (in->osp_dc == PNI_OSP_MISSING || in->osp_iic == PNI_OSP_MISSING))
		dom_reasons_addf(&out->reasons,
				 "RSR counts for a man only when OSP-DC and OSP-IIC are not "
				 "applicable, and one of them is missing.");
}

static void reason_sara(struct pni_result *out, const char *name, enum pni_sara s)
{
	static const char *const v[] = {"score missing", "not applicable", "low", "medium",
					"high"};

	if (s == PNI_SARA_MISSING || s == PNI_SARA_NOT_APPLICABLE)
		dom_reasons_addf(&out->reasons, "%s: %s.", name, v[s]);
	else
		dom_reasons_addf(&out->reasons, "%s %s: %s.", name,
				 s == PNI_SARA_HIGH ? "High" : s == PNI_SARA_MEDIUM ? "Medium" : "Low",
				 v[s]);
}

/* Comma-separated labels of the blocking inputs, from first to last-1. */
static void add_blocking(struct strbuf *sb, const struct pni_result *out, unsigned first,
			 unsigned last)
{
	unsigned i;
	bool any = false;

	for (i = first; i < last; i++) {
		if (!out->blocking[i])
			continue;
		sb_adds(sb, any ? ", " : "");
		sb_adds(sb, input_labels[i]);
		any = true;
	}
}

static void reason_risk(struct pni_result *out)
{
	struct strbuf sb = STRBUF_INIT;

	switch (out->risk) {
	case PNI_HIGH_RISK:
		dom_reasons_addf(&out->reasons, "Risk: High risk (at least one score is high).");
		break;
	case PNI_MEDIUM_RISK:
		dom_reasons_addf(&out->reasons,
				 "Risk: Medium risk (at least one score is medium and none is "
				 "high).");
		break;
	case PNI_LOW_RISK:
		dom_reasons_addf(&out->reasons, "Risk: Low risk (no score is medium or high).");
		break;
	default:
		add_blocking(&sb, out, PNI_IN_SEX, PNI_INPUT_COUNT);
		dom_reasons_addf(&out->reasons,
				 "Risk: %s (the scores present give %s; %s could change it).",
				 pni_risk_label(out->risk),
				 out->risk_at_least == PNI_MEDIUM_RISK ? "at least Medium risk"
								       : "Low risk",
				 sb.buf);
		break;
	}
	sb_release(&sb);
}

static void reason_pathway(struct pni_result *out)
{
	struct strbuf sb = STRBUF_INIT;

	if (out->pathway == PNI_MISSING_INFORMATION) {
		add_blocking(&sb, out, 0, PNI_INPUT_COUNT);
		/* §2.3: MISSING_INFORMATION -> warning "Update layer 3 assessment scores" */
		dom_reasons_addf(&out->reasons,
				 "Pathway: %s. Update layer 3 assessment scores: %s.",
				 pni_pathway_label(out->pathway), sb.buf);
	} else if (out->need == PNI_LOW_NEED) {
		dom_reasons_addf(&out->reasons, "Pathway: %s (Low need, whatever the risk).",
				 pni_pathway_label(out->pathway));
	} else if (out->risk == PNI_RISK_INFORMATION_MISSING) {
		dom_reasons_addf(&out->reasons,
				 "Pathway: %s (%s and at least Medium risk give the same pathway "
				 "at any higher risk).",
				 pni_pathway_label(out->pathway), pni_need_label(out->need));
	} else {
		dom_reasons_addf(&out->reasons, "Pathway: %s (%s and %s).",
				 pni_pathway_label(out->pathway), pni_need_label(out->need),
				 pni_risk_label(out->risk));
	}
	sb_release(&sb);
}

/* ---- putting it together ------------------------------------------------ */

static void mark_missing(const struct pni_input *in, struct pni_result *out)
{
	unsigned i;

	for (i = 0; i < PNI_ITEM_COUNT; i++)
		out->missing[i] = in->item[i] == PNI_ANSWER_MISSING;
	for (i = 0; i < NVARS; i++)
		out->missing[var_input[i]] = var_missing(in, (enum var)i);
}

enum ct_status pni_evaluate(const struct pni_input *in, struct pni_result *out)
{
	struct world base, w;
	struct outcome *res, first;
	unsigned radix[NVARS], stride[NVARS];
	size_t total = 1, i, j;
	int other[PNI_DOMAIN_COUNT];
	bool same_sex_domain = true, same_need = true, same_risk = true, same_path = true;
	enum pni_pathway path0 = PNI_MISSING_INFORMATION;
	unsigned v, d, k;

	memset(out, 0, sizeof(*out));
	mark_missing(in, out);

	for (d = PNI_DOMAIN_THINKING; d < PNI_DOMAIN_COUNT; d++)
		other[d] = other_domain(in, (enum pni_domain)d);

	base.sex = in->sex;
	base.ogrs3 = in->ogrs3.value;
	base.ovp = in->ovp.value;
	base.rsr = in->rsr.value;
	base.osp_dc = in->osp_dc;
	base.osp_iic = in->osp_iic;
	base.sara_partner = in->sara_partner;
	base.sara_other = in->sara_other;
	for (v = 0; v < NVARS; v++) {
		radix[v] = var_missing(in, (enum var)v) ? var_count[v] : 1;
		stride[v] = (unsigned)total;
		total *= radix[v];
	}
	/* at most 2 * 3^5 * 4^2 = 7776 worlds */
	res = calloc(total, sizeof(*res));
	if (!res)
		return CT_NOMEM;

	for (i = 0; i < total; i++) {
		int sum = 0;
		enum pni_pathway p;

		w = base;
		for (v = 0; v < NVARS; v++)
			if (radix[v] > 1)
				set_var(&w, (enum var)v, (unsigned)(i / stride[v] % radix[v]));
		res[i].sex_domain = (signed char)sex_domain(in, &w);
		res[i].risk = (unsigned char)risk_level(&w);
		sum = res[i].sex_domain;
		for (d = PNI_DOMAIN_THINKING; d < PNI_DOMAIN_COUNT && sum >= 0; d++)
			sum = other[d] < 0 ? PNI_SCORE_MISSING : sum + other[d];
		res[i].need_score = (signed char)sum;
		p = pathway_of(need_level(sum), (enum pni_risk)res[i].risk);
		if (i == 0)
			path0 = p;
		else if (p != path0)
			same_path = false;
		if (res[i].sex_domain != res[0].sex_domain)
			same_sex_domain = false;
		if (res[i].need_score != res[0].need_score)
			same_need = false;
		if (res[i].risk != res[0].risk)
			same_risk = false;
	}

	first = res[0];
	out->domain_score[PNI_DOMAIN_SEX] = same_sex_domain ? first.sex_domain : PNI_SCORE_MISSING;
	for (d = PNI_DOMAIN_THINKING; d < PNI_DOMAIN_COUNT; d++)
		out->domain_score[d] = other[d];
	out->need_score = same_need ? first.need_score : PNI_SCORE_MISSING;
	out->need = need_level(out->need_score);
	out->risk_at_least = PNI_HIGH_RISK;
	for (i = 0; i < total; i++)
		if (res[i].risk < out->risk_at_least)
			out->risk_at_least = (enum pni_risk)res[i].risk;
	out->risk = same_risk ? (enum pni_risk)first.risk : PNI_RISK_INFORMATION_MISSING;
	out->pathway = same_path ? path0 : PNI_MISSING_INFORMATION;
	if (out->need == PNI_NEED_INFORMATION_MISSING)
		out->pathway = PNI_MISSING_INFORMATION;

	/* A missing sex or risk input blocks when changing it alone changes the
	 * need or the risk in some world. */
	for (v = 0; v < NVARS; v++) {
		if (radix[v] < 2)
			continue;
		for (i = 0; i < total && !out->blocking[var_input[v]]; i++) {
			if (i / stride[v] % radix[v])
				continue;
			for (k = 1; k < radix[v]; k++) {
				j = i + k * stride[v];
				if (!outcome_eq(res[i], res[j])) {
					out->blocking[var_input[v]] = true;
					break;
				}
			}
		}
	}
	/* A missing item blocks when its domain cannot be scored. */
	for (i = 0; i < PNI_ITEM_COUNT; i++)
		out->blocking[i] = out->missing[i] &&
				   out->domain_score[items[i].domain] == PNI_SCORE_MISSING;
	free(res);

	for (d = 0; d < PNI_DOMAIN_COUNT; d++)
		reason_domain(out, in, (enum pni_domain)d);
	reason_need(out);
	reason_pct(out, "OGRS3", in->ogrs3, PNI_OGRS3_HIGH, PNI_OGRS3_MEDIUM_MIN,
		   PNI_OGRS3_MEDIUM_MAX);
	reason_pct(out, "OVP", in->ovp, PNI_OVP_HIGH, PNI_OVP_MEDIUM_MIN, PNI_OVP_MEDIUM_MAX);
	reason_osp(out, in, "OSP-DC", in->osp_dc);
	reason_osp(out, in, "OSP-IIC", in->osp_iic);
	reason_rsr(out, in);
	reason_sara(out, "SARA (partner)", in->sara_partner);
	reason_sara(out, "SARA (others)", in->sara_other);
	if (in->sex == PNI_SEX_MISSING)
		dom_reasons_addf(&out->reasons, "Sex: missing%s.",
				 out->blocking[PNI_IN_SEX] ? " (the rules differ for men and women)"
							   : " (it does not change the result)");
	reason_risk(out);
	reason_pathway(out);
	return out->reasons.oom ? CT_NOMEM : CT_OK;
}

void pni_result_release(struct pni_result *r)
{
	dom_reasons_release(&r->reasons);
}
