/* oasys.c: OASys bodies (assess-risks-and-needs dialect, and the ORDS
 * "assessments[]" bodies of the samples) -> C structs. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lookup/jsonx.h"
#include "lookup/lookup.h"

#define KEYS(...) ((const char *const[]){__VA_ARGS__, NULL})

static const char *const level_labels[] = {"", "Low", "Medium", "High", "Very high"};
static const char *const level_codes[] = {"", "LOW", "MEDIUM", "HIGH", "VERY_HIGH"};
static const char *const group_labels[ROSH_GROUP_COUNT] = {"Children", "Public", "Known adult",
							   "Staff", "Prisoners"};

const char *rosh_level_label(enum rosh_level l)
{
	return (unsigned)l <= ROSH_VERY_HIGH ? level_labels[l] : "";
}

const char *rosh_level_code(enum rosh_level l)
{
	return (unsigned)l <= ROSH_VERY_HIGH ? level_codes[l] : "";
}

const char *rosh_group_label(enum rosh_group g)
{
	return (unsigned)g < ROSH_GROUP_COUNT ? group_labels[g] : "";
}

/* Lower-cases s into buf dropping spaces, '_' and '-'; false if too long. */
static bool squash(const char *s, char *buf, size_t size)
{
	size_t n = 0;

	for (; *s; s++) {
		if (*s == ' ' || *s == '_' || *s == '-')
			continue;
		if (n + 1 >= size)
			return false;
		buf[n++] = (char)tolower((unsigned char)*s);
	}
	buf[n] = '\0';
	return true;
}

enum rosh_level rosh_level_from_text(const char *s)
{
	char b[16];

	if (!s || !squash(s, b, sizeof b))
		return ROSH_UNKNOWN;
	if (!strcmp(b, "low") || !strcmp(b, "l"))
		return ROSH_LOW;
	if (!strcmp(b, "medium") || !strcmp(b, "m"))
		return ROSH_MEDIUM;
	if (!strcmp(b, "high") || !strcmp(b, "h"))
		return ROSH_HIGH;
	if (!strcmp(b, "veryhigh") || !strcmp(b, "vh"))
		return ROSH_VERY_HIGH;
	return ROSH_UNKNOWN;
}

static int group_from_text(const char *s)
{
	static const char *const names[ROSH_GROUP_COUNT] = {"children", "public", "knownadult",
							     "staff", "prisoners"};
	char b[24];
	int g;

	if (!s || !squash(s, b, sizeof b))
		return -1;
	for (g = 0; g < ROSH_GROUP_COUNT; g++)
		if (!strcmp(b, names[g]))
			return g;
	return -1;
}

static json_t *parse_any(const char *body, size_t len, struct strbuf *err)
{
	json_t *root = jx_parse(body, len, err);

	if (root && !json_is_object(root) && !json_is_array(root)) {
		if (err)
			sb_adds(err, "the answer is JSON but neither an object nor a list");
		json_decref(root);
		return NULL;
	}
	return root;
}

static json_t *parse_object(const char *body, size_t len, struct strbuf *err)
{
	json_t *root = jx_parse(body, len, err);

	if (root && !json_is_object(root)) {
		if (err)
			sb_adds(err, "the answer is JSON but not an object");
		json_decref(root);
		return NULL;
	}
	return root;
}

/* The entry of arr with the latest of the date keys (ISO text sorts by time);
 * the first entry when none has a date.  Borrowed; NULL for an empty list. */
static json_t *latest(const json_t *arr, const char *const *date_keys)
{
	size_t n = jx_len(arr), i;
	json_t *best = NULL;
	const char *best_date = NULL;

	for (i = 0; i < n; i++) {
		json_t *v = json_array_get(arr, i), *d;

		if (!json_is_object(v))
			continue;
		if (!best)
			best = v;
		d = jx_any(v, date_keys);
		if (json_is_string(d) && (!best_date || strcmp(json_string_value(d), best_date) > 0)) {
			best = v;
			best_date = json_string_value(d);
		}
	}
	return best;
}

static const char *const assessment_dates[] = {"dateCompleted", "completedDate",
					       "assessedOn", "initiationDate", NULL};

/* ORDS bodies put the answers in assessments[]: use the latest one.  Other
 * bodies are the answer themselves. */
static const json_t *ords_or_root(const json_t *root)
{
	const json_t *a = jx_get(root, "assessments");

	if (json_is_array(a)) {
		const json_t *l = latest(a, assessment_dates);

		return l ? l : NULL;
	}
	return root;
}

static char *assessed_on(const json_t *v)
{
	/* not latestCompleteDate: that is an earlier assessment's, when this
	 * one is still open */
	return jx_str_any(v, KEYS("assessedOn", "dateCompleted", "completedDate", "initiationDate"));
}

/* ---- RoSH summary ---- */

/* {"LOW": ["Children"], ...} or {"Children": "LOW", ...} */
static void levels_read(enum rosh_level *out, const json_t *obj)
{
	const char *key;
	json_t *val;

	if (!json_is_object(obj))
		return;
	json_object_foreach((json_t *)obj, key, val) {
		if (json_is_array(val)) {
			enum rosh_level l = rosh_level_from_text(key);
			size_t n = jx_len(val), i;

			for (i = 0; l && i < n; i++) {
				int g = group_from_text(json_string_value(json_array_get(val, i)));

				if (g >= 0 && l > out[g])
					out[g] = l;
			}
		} else if (json_is_string(val)) {
			int g = group_from_text(key);

			if (g >= 0)
				out[g] = rosh_level_from_text(json_string_value(val));
		}
	}
}

static enum rosh_level level_at(const json_t *v, const char *key)
{
	return rosh_level_from_text(json_string_value(jx_get(v, key)));
}

static void ords_levels_read(struct oasys_rosh *r, const json_t *v)
{
	static const char *const stems[ROSH_GROUP_COUNT] = {"Children", "Public", "KnownAdult",
							    "Staff", "Prisoners"};
	char key[48];
	int g;

	for (g = 0; g < ROSH_GROUP_COUNT; g++) {
		snprintf(key, sizeof key, "risk%sCommunity", stems[g]);
		if (!r->community[g])
			r->community[g] = level_at(v, key);
		snprintf(key, sizeof key, "risk%sCustody", stems[g]);
		if (!r->custody[g])
			r->custody[g] = level_at(v, key);
	}
}

static void rosh_read(struct oasys_rosh *r, const json_t *v, const json_t *outer)
{
	enum rosh_level top = ROSH_UNKNOWN;
	int g;

	r->who_is_at_risk = jx_str_any(v, KEYS("whoIsAtRisk", "whoAtRisk"));
	r->nature_of_risk = jx_str(v, "natureOfRisk");
	r->risk_imminence = jx_str_any(v, KEYS("riskImminence", "riskGreatest"));
	r->risk_increase_factors = jx_str_any(v, KEYS("riskIncreaseFactors", "factorsLikelyToIncreaseRisk",
						      "factorsSituationsLikelyToOffend",
						      "riskIncreaseLikelyTo"));
	r->risk_mitigation_factors = jx_str_any(v, KEYS("riskMitigationFactors",
							"factorsLikelyToReduceRisk",
							"factorsStrengthsAndProtective",
							"riskReductionLikelyTo"));
	r->analysis_of_risk_factors = jx_str_any(v, KEYS("analysisOfRiskFactors",
							 "factorsAnalysisOfRisk"));
	levels_read(r->community, jx_get(v, "riskInCommunity"));
	levels_read(r->custody, jx_get(v, "riskInCustody"));
	ords_levels_read(r, v);
	r->overall = rosh_level_from_text(json_string_value(jx_get(v, "overallRiskLevel")));
	if (!r->overall) {
		for (g = 0; g < ROSH_GROUP_COUNT; g++)
			if (r->community[g] > top)
				top = r->community[g];
		r->overall = top;
	}
	r->assessed_on = assessed_on(v);
	if (!r->assessed_on && outer)
		r->assessed_on = assessed_on(outer);
}

struct oasys_rosh *oasys_rosh_parse(const char *body, size_t len, struct strbuf *err)
{
	json_t *root = parse_object(body, len, err);
	const json_t *v;
	struct oasys_rosh *r;

	if (!root)
		return NULL;
	v = ords_or_root(root);
	if (json_is_object(jx_get(v, "roshSummary")))
		v = jx_get(v, "roshSummary");
	r = calloc(1, sizeof *r);
	if (r && v)
		rosh_read(r, v, root);
	json_decref(root);
	return r;
}

void oasys_rosh_free(struct oasys_rosh **p)
{
	struct oasys_rosh *r = p ? *p : NULL;

	if (!r)
		return;
	free(r->who_is_at_risk);
	free(r->nature_of_risk);
	free(r->risk_imminence);
	free(r->risk_increase_factors);
	free(r->risk_mitigation_factors);
	free(r->analysis_of_risk_factors);
	free(r->assessed_on);
	free(r);
	*p = NULL;
}

/* ---- risk to self ---- */

static void concern_read(struct oasys_concern *c, const json_t *v)
{
	if (!json_is_object(v))
		return;
	c->risk = jx_str(v, "risk");
	c->previous = jx_str(v, "previous");
	c->previous_text = jx_str(v, "previousConcernsText");
	c->current = jx_str(v, "current");
	c->current_text = jx_str(v, "currentConcernsText");
}

static void concern_release(struct oasys_concern *c)
{
	free(c->risk);
	free(c->previous);
	free(c->previous_text);
	free(c->current);
	free(c->current_text);
}

/* The ORDS / ap-oasys-context "risk to the individual" section. */
static void ords_risk_to_self_read(struct oasys_risk_to_self *r, const json_t *v)
{
	r->suicide.risk = jx_str_any(v, KEYS("concernsRiskOfSuicide"));
	r->suicide.current = jx_str(v, "currentConcernsRiskOfSuicide");
	r->suicide.current_text = jx_str(v, "currentConcernsSelfHarmSuicide");
	r->suicide.previous_text = jx_str(v, "previousConcernsSelfHarmSuicide");
	r->self_harm.risk = jx_str_any(v, KEYS("concernsRiskOfSelfHarm", "concernsBiskOfSelfHarm"));
	r->self_harm.current = jx_str(v, "currentConcernsRiskOfSelfHarm");
	r->self_harm.current_text = jx_str(v, "currentConcernsSelfHarmSuicide");
	r->self_harm.previous_text = jx_str(v, "previousConcernsSelfHarmSuicide");
	r->custody.current_text = jx_str(v, "currentCustodyHostelCoping");
	r->custody.previous_text = jx_str(v, "previousCustodyHostelCoping");
	r->hostel_setting.current_text = jx_str(v, "currentCustodyHostelCoping");
	r->hostel_setting.previous_text = jx_str(v, "previousCustodyHostelCoping");
	r->vulnerability.current_text = jx_str(v, "currentVulnerability");
	r->vulnerability.previous_text = jx_str(v, "previousVulnerability");
}

int oasys_risks_parse(const char *body, size_t len, struct oasys_risk_to_self **rts,
		      struct oasys_rosh **rosh, struct strbuf *err)
{
	json_t *root = parse_object(body, len, err);
	const json_t *v, *self, *summary;
	struct oasys_risk_to_self *r;

	*rts = NULL;
	*rosh = NULL;
	if (!root)
		return -1;
	v = ords_or_root(root);
	if (json_is_object(jx_get(v, "riskToTheIndividual")))
		v = jx_get(v, "riskToTheIndividual");
	r = calloc(1, sizeof *r);
	if (!r) {
		json_decref(root);
		return -1;
	}
	self = jx_get(v, "riskToSelf");
	if (json_is_object(self)) {
		concern_read(&r->suicide, jx_get(self, "suicide"));
		concern_read(&r->self_harm, jx_get(self, "selfHarm"));
		concern_read(&r->custody, jx_get(self, "custody"));
		concern_read(&r->hostel_setting, jx_get(self, "hostelSetting"));
		concern_read(&r->vulnerability, jx_get(self, "vulnerability"));
	} else if (v) {
		ords_risk_to_self_read(r, v);
	}
	r->assessed_on = assessed_on(v);
	summary = jx_get(v, "summary");
	if (json_is_object(summary) && (*rosh = calloc(1, sizeof **rosh)))
		rosh_read(*rosh, summary, v);
	*rts = r;
	json_decref(root);
	return 0;
}

void oasys_risk_to_self_free(struct oasys_risk_to_self **p)
{
	struct oasys_risk_to_self *r = p ? *p : NULL;

	if (!r)
		return;
	concern_release(&r->suicide);
	concern_release(&r->self_harm);
	concern_release(&r->custody);
	concern_release(&r->hostel_setting);
	concern_release(&r->vulnerability);
	free(r->assessed_on);
	free(r);
	*p = NULL;
}

/* ---- risk management plan ---- */

struct oasys_rmp *oasys_rmp_parse(const char *body, size_t len, struct strbuf *err)
{
	json_t *root = parse_any(body, len, err);
	const json_t *v, *plan;
	struct oasys_rmp *r;

	if (!root)
		return NULL;
	plan = json_is_array(root) ? root : jx_get(root, "riskManagementPlan");
	if (json_is_array(plan))
		v = latest(plan, assessment_dates);
	else if (json_is_object(plan))
		v = plan;
	else
		v = ords_or_root(root);
	r = calloc(1, sizeof *r);
	if (r && json_is_object(v)) {
		r->assessed_on = assessed_on(v);
		r->key_information = jx_str_any(v, KEYS("keyInformationCurrentSituation",
							"keyInformationAboutCurrentSituation"));
		r->further_considerations = jx_str_any(v, KEYS("furtherConsiderationsCurrentSituation",
							       "furtherConsiderations"));
		r->supervision = jx_str(v, "supervision");
		r->monitoring_and_control = jx_str(v, "monitoringAndControl");
		r->interventions_and_treatment = jx_str(v, "interventionsAndTreatment");
		r->victim_safety_planning = jx_str(v, "victimSafetyPlanning");
		r->contingency_plans = jx_str(v, "contingencyPlans");
		r->additional_comments = jx_str(v, "additionalComments");
	}
	json_decref(root);
	return r;
}

void oasys_rmp_free(struct oasys_rmp **p)
{
	struct oasys_rmp *r = p ? *p : NULL;

	if (!r)
		return;
	free(r->assessed_on);
	free(r->key_information);
	free(r->further_considerations);
	free(r->supervision);
	free(r->monitoring_and_control);
	free(r->interventions_and_treatment);
	free(r->victim_safety_planning);
	free(r->contingency_plans);
	free(r->additional_comments);
	free(r);
	*p = NULL;
}

/* ---- needs ---- */

static void need_read(struct oasys_need *n, const json_t *v, int identified)
{
	n->section = jx_str(v, "section");
	n->name = jx_str(v, "name");
	n->has_score = jx_int(v, "needScore", &n->score) || jx_int(v, "score", &n->score);
	/* a number, or {standard, severe}: the standard threshold makes a need */
	n->has_threshold = jx_int(v, "oasysThreshold", &n->threshold) ||
			   jx_int(v, "oasysThreshold.standard", &n->threshold) ||
			   jx_int(v, "threshold", &n->threshold);
	n->severity = jx_str(v, "severity");
	n->has_identified = jx_bool(v, "identifiedAsNeed", &n->identified);
	if (!n->has_identified && identified >= 0) {
		n->has_identified = true;
		n->identified = identified;
	}
	n->has_risk_of_harm = jx_bool(v, "riskOfHarm", &n->risk_of_harm);
	n->has_risk_of_reoffending = jx_bool(v, "riskOfReoffending", &n->risk_of_reoffending);
}

static void need_release(struct oasys_need *n)
{
	free(n->section);
	free(n->name);
	free(n->severity);
}

/* ORDS criminogenic needs: one object per section, keys prefixed with its
 * short name ("accThreshold", "accLinkedToHarm", "accOtherWeightedScore"). */
static const struct {
	const char *key, *section, *name;
} ords_sections[] = {
	{"acc", "ACCOMMODATION", "Accommodation"},
	{"eTE", "EDUCATION_TRAINING_AND_EMPLOYABILITY", "Education, training and employability"},
	{"rel", "RELATIONSHIPS", "Relationships"},
	{"lifestyle", "LIFESTYLE_AND_ASSOCIATES", "Lifestyle and associates"},
	{"drug", "DRUG_MISUSE", "Drug misuse"},
	{"alcohol", "ALCOHOL_MISUSE", "Alcohol misuse"},
	{"think", "THINKING_AND_BEHAVIOUR", "Thinking and behaviour"},
	{"att", "ATTITUDE", "Attitudes"},
	{"finance", "FINANCIAL_MANAGEMENT_AND_INCOME", "Financial management and income"},
	{"emo", "EMOTIONAL_WELL_BEING", "Emotional wellbeing"},
};

static bool yes_no(const json_t *v, const char *key, bool *out)
{
	const char *s = json_string_value(jx_get(v, key));

	if (!s)
		return jx_bool(v, key, out);
	if (!strcmp(s, "Yes") || !strcmp(s, "YES") || !strcmp(s, "Y")) {
		*out = true;
		return true;
	}
	if (!strcmp(s, "No") || !strcmp(s, "NO") || !strcmp(s, "N")) {
		*out = false;
		return true;
	}
	return false;
}

static void ords_needs_read(struct oasys_needs *out, const json_t *v)
{
	size_t i, n = sizeof ords_sections / sizeof ords_sections[0];
	char key[64];

	out->items = calloc(n, sizeof *out->items);
	if (!out->items)
		return;
	for (i = 0; i < n; i++) {
		const json_t *s = jx_get(v, ords_sections[i].key);
		struct oasys_need *nd;

		if (!json_is_object(s))
			continue;
		nd = &out->items[out->n++];
		nd->section = strdup(ords_sections[i].section);
		nd->name = strdup(ords_sections[i].name);
		snprintf(key, sizeof key, "%sOtherWeightedScore", ords_sections[i].key);
		nd->has_score = jx_int(s, key, &nd->score);
		snprintf(key, sizeof key, "%sThreshold", ords_sections[i].key);
		nd->has_threshold = jx_int(s, key, &nd->threshold);
		snprintf(key, sizeof key, "%sLinkedToHarm", ords_sections[i].key);
		nd->has_risk_of_harm = yes_no(s, key, &nd->risk_of_harm);
		snprintf(key, sizeof key, "%sLinkedToReoffending", ords_sections[i].key);
		nd->has_risk_of_reoffending = yes_no(s, key, &nd->risk_of_reoffending);
		if (nd->has_score && nd->has_threshold) {
			nd->has_identified = true;
			nd->identified = nd->score >= nd->threshold;
		}
	}
}

struct oasys_needs *oasys_needs_parse(const char *body, size_t len, struct strbuf *err)
{
	static const struct {
		const char *key;
		int identified;
	} lists[] = {{"identifiedNeeds", 1}, {"notIdentifiedNeeds", 0}, {"unansweredNeeds", -1}};
	json_t *root = parse_object(body, len, err);
	struct oasys_needs *out;
	size_t total = 0, i, j;

	if (!root)
		return NULL;
	out = calloc(1, sizeof *out);
	if (!out) {
		json_decref(root);
		return NULL;
	}
	for (i = 0; i < 3; i++)
		total += jx_len(jx_get(root, lists[i].key));
	if (total) {
		out->assessed_on = assessed_on(root);
		out->items = calloc(total, sizeof *out->items);
		for (i = 0; out->items && i < 3; i++) {
			const json_t *arr = jx_get(root, lists[i].key);
			size_t n = jx_len(arr);

			for (j = 0; j < n && out->n < total; j++) {
				json_t *v = json_array_get(arr, j);

				if (json_is_object(v))
					need_read(&out->items[out->n++], v, lists[i].identified);
			}
		}
	} else {
		const json_t *v = ords_or_root(root);

		out->assessed_on = v ? assessed_on(v) : NULL;
		if (v)
			ords_needs_read(out, v);
	}
	json_decref(root);
	return out;
}

void oasys_needs_free(struct oasys_needs **p)
{
	struct oasys_needs *r = p ? *p : NULL;
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->n; i++)
		need_release(&r->items[i]);
	free(r->items);
	free(r->assessed_on);
	free(r);
	*p = NULL;
}

/* ---- predictors ---- */

static void score_read(struct oasys_score *s, const json_t *v, const char *const *level_keys,
		       const char *const *pct_keys)
{
	static const char *const one[] = {"oneYear", "ogp1Year", "ovp1Year", "ogrs1Year", NULL};
	static const char *const two[] = {"twoYears", "ogp2Year", "ovp2Year", "ogrs2Year", NULL};
	size_t i;

	if (!json_is_object(v))
		return;
	for (i = 0; one[i] && !s->has_one_year; i++)
		s->has_one_year = jx_num(v, one[i], &s->one_year);
	for (i = 0; two[i] && !s->has_two_years; i++)
		s->has_two_years = jx_num(v, two[i], &s->two_years);
	for (i = 0; pct_keys && pct_keys[i] && !s->has_percentage; i++)
		s->has_percentage = jx_num(v, pct_keys[i], &s->percentage);
	s->level = jx_str_any(v, level_keys);
}

static void score_release(struct oasys_score *s)
{
	free(s->level);
}

struct oasys_predictors *oasys_predictors_parse(const char *body, size_t len, struct strbuf *err)
{
	json_t *root = parse_any(body, len, err);
	const json_t *entry, *out;
	struct oasys_predictors *p;

	if (!root)
		return NULL;
	entry = json_is_array(root) ? latest(root, KEYS("completedDate", "dateCompleted")) : root;
	p = calloc(1, sizeof *p);
	if (!p || !entry) {
		json_decref(root);
		return p;
	}
	p->assessed_on = jx_str_any(entry, KEYS("completedDate", "dateCompleted", "assessedOn"));
	p->status = jx_str_any(entry, KEYS("status", "assessmentStatus"));
	out = json_is_object(jx_get(entry, "output")) ? jx_get(entry, "output") : entry;
	/* version 1 (OGRS3 era) */
	score_read(&p->ogrs, jx_get(out, "groupReconvictionScore"), KEYS("scoreLevel"), NULL);
	score_read(&p->ovp, jx_get(out, "violencePredictorScore"), KEYS("scoreLevel", "ovpRisk"),
		   NULL);
	score_read(&p->ogp, jx_get(out, "generalPredictorScore"), KEYS("scoreLevel", "ogpRisk"),
		   NULL);
	score_read(&p->rsr, jx_get(out, "riskOfSeriousRecidivismScore"), KEYS("scoreLevel"),
		   KEYS("percentageScore"));
	score_read(&p->osp_contact, jx_get(out, "sexualPredictorScore"),
		   KEYS("ospContactPercentageScoreLevel", "ospContactScoreLevel",
			"ospDirectContactScoreLevel"),
		   KEYS("ospContactPercentageScore", "ospDirectContactPercentageScore"));
	score_read(&p->osp_indecent, jx_get(out, "sexualPredictorScore"),
		   KEYS("ospIndecentPercentageScoreLevel", "ospIndecentScoreLevel",
			"ospIndirectImageScoreLevel"),
		   KEYS("ospIndecentPercentageScore", "ospIndirectImagePercentageScore"));
	/* version 2 (OGRS4 era): {score, band} per predictor */
	if (!p->ogrs.level && !p->ogrs.has_two_years)
		score_read(&p->ogrs, jx_get(out, "allReoffendingPredictor"), KEYS("band", "level"),
			   KEYS("score"));
	if (!p->ovp.level && !p->ovp.has_two_years)
		score_read(&p->ovp, jx_get(out, "violentReoffendingPredictor"), KEYS("band", "level"),
			   KEYS("score"));
	if (!p->rsr.level && !p->rsr.has_percentage)
		score_read(&p->rsr, jx_get(out, "combinedSeriousReoffendingPredictor"),
			   KEYS("band", "level"), KEYS("score"));
	if (!p->osp_contact.level && !p->osp_contact.has_percentage)
		score_read(&p->osp_contact, jx_get(out, "directContactSexualReoffendingPredictor"),
			   KEYS("band", "level"), KEYS("score"));
	if (!p->osp_indecent.level && !p->osp_indecent.has_percentage)
		score_read(&p->osp_indecent,
			   jx_get(out, "indirectImageContactSexualReoffendingPredictor"),
			   KEYS("band", "level"), KEYS("score"));
	json_decref(root);
	return p;
}

void oasys_predictors_free(struct oasys_predictors **pp)
{
	struct oasys_predictors *p = pp ? *pp : NULL;

	if (!p)
		return;
	free(p->assessed_on);
	free(p->status);
	score_release(&p->ogrs);
	score_release(&p->ovp);
	score_release(&p->ogp);
	score_release(&p->rsr);
	score_release(&p->osp_contact);
	score_release(&p->osp_indecent);
	free(p);
	*pp = NULL;
}

/* ---- PNI answers ---- */

static enum pni_sara sara_read(const json_t *v)
{
	long long n;

	if (!v || json_is_null(v))
		return PNI_SARA_MISSING;
	if (json_is_integer(v)) {
		n = json_integer_value(v);
		return pni_sara_from_oasys(n < -1000 || n > 1000 ? 0 : (int)n);
	}
	if (json_is_string(v)) {
		const char *s = json_string_value(v);

		if (s[0] >= '0' && s[0] <= '9' && !s[1])
			return pni_sara_from_oasys(s[0] - '0');
		switch (rosh_level_from_text(s)) {
		case ROSH_LOW:
			return PNI_SARA_LOW;
		case ROSH_MEDIUM:
			return PNI_SARA_MEDIUM;
		case ROSH_HIGH:
		case ROSH_VERY_HIGH:
			return PNI_SARA_HIGH;
		default:
			return PNI_SARA_NOT_APPLICABLE;
		}
	}
	return PNI_SARA_MISSING;
}

struct oasys_pni *oasys_pni_parse(const char *body, size_t len, struct strbuf *err)
{
	json_t *root = parse_object(body, len, err);
	const json_t *calc, *as, *q, *mf;
	struct oasys_pni *p;
	char *s;
	size_t i, n;
	int it;

	if (!root)
		return NULL;
	p = calloc(1, sizeof *p);
	if (!p) {
		json_decref(root);
		return NULL;
	}
	calc = jx_get(root, "pniCalculation");
	as = jx_get(root, "assessment");
	q = jx_get(as, "questions");
	for (it = 0; it < PNI_ITEM_COUNT; it++) {
		s = jx_str(q, pni_item_key((enum pni_item)it));
		p->item[it] = pni_answer_parse(s);
		free(s);
	}
	p->sara_partner = sara_read(jx_path(calc, "saraRiskLevel.toPartner"));
	p->sara_other = sara_read(jx_path(calc, "saraRiskLevel.toOther"));
	p->has_assessment_id = jx_int(as, "id", &p->assessment_id);
	p->has_rsr = jx_num(as, "rsrPercentage", &p->rsr);
	s = jx_str(as, "osp.cdc");
	p->osp_dc = pni_osp_parse(s);
	free(s);
	s = jx_str(as, "osp.iiic");
	p->osp_iic = pni_osp_parse(s);
	free(s);
	p->ogrs3_risk = jx_str(as, "ogrs3Risk");
	p->ovp_risk = jx_str(as, "ovpRisk");
	p->pathway = jx_str(calc, "pni");
	p->need_level = jx_str(calc, "needLevel");
	p->risk_level = jx_str(calc, "riskLevel");
	mf = jx_get(calc, "missingFields");
	n = jx_len(mf);
	if (n) {
		p->missing_fields = calloc(n, sizeof *p->missing_fields);
		for (i = 0; p->missing_fields && i < n; i++) {
			char *f = jx_strdup(json_array_get(mf, i));

			if (f)
				p->missing_fields[p->n_missing_fields++] = f;
		}
	}
	json_decref(root);
	return p;
}

void oasys_pni_free(struct oasys_pni **pp)
{
	struct oasys_pni *p = pp ? *pp : NULL;
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->n_missing_fields; i++)
		free(p->missing_fields[i]);
	free(p->missing_fields);
	free(p->ogrs3_risk);
	free(p->ovp_risk);
	free(p->pathway);
	free(p->need_level);
	free(p->risk_level);
	free(p);
	*pp = NULL;
}

static enum pni_osp osp_of(const struct oasys_score *s)
{
	return pni_osp_parse(s->level);
}

bool lookup_pni_input(const struct person_lookup *p, struct pni_input *out)
{
	const struct oasys_predictors *pr;
	const struct oasys_pni *pn;
	int i;

	memset(out, 0, sizeof *out);
	if (!p)
		return false;
	pr = p->predictors;
	pn = p->pni;
	if (p->details && p->details->sex) {
		char b[16];

		if (squash(p->details->sex, b, sizeof b)) {
			if (!strcmp(b, "male") || !strcmp(b, "m"))
				out->sex = PNI_SEX_MALE;
			else if (!strcmp(b, "female") || !strcmp(b, "f"))
				out->sex = PNI_SEX_FEMALE;
		}
	}
	if (pn) {
		for (i = 0; i < PNI_ITEM_COUNT; i++)
			out->item[i] = pn->item[i];
		out->sara_partner = pn->sara_partner;
		out->sara_other = pn->sara_other;
		out->osp_dc = pn->osp_dc;
		out->osp_iic = pn->osp_iic;
		if (pn->has_rsr)
			out->rsr = (struct pni_pct){true, pn->rsr};
	}
	if (pr) {
		if (pr->ogrs.has_two_years)
			out->ogrs3 = (struct pni_pct){true, pr->ogrs.two_years};
		if (pr->ovp.has_two_years)
			out->ovp = (struct pni_pct){true, pr->ovp.two_years};
		if (pr->rsr.has_percentage)
			out->rsr = (struct pni_pct){true, pr->rsr.percentage};
		if (osp_of(&pr->osp_contact) != PNI_OSP_MISSING)
			out->osp_dc = osp_of(&pr->osp_contact);
		if (osp_of(&pr->osp_indecent) != PNI_OSP_MISSING)
			out->osp_iic = osp_of(&pr->osp_indecent);
	}
	return pn || pr;
}
