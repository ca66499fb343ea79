/* prefill.c: dotted paths -> values of a look-up, for the form engine's
 * pre-fill.  Segments match ignoring case and '_' (risk_to_self = riskToSelf).
 *
 *   ndelius.details.  crn title forename middleName surname name dateOfBirth
 *       sex (gender) genderIdentity ethnicity nationality language
 *       (primaryLanguage) religion (religionOrBelief) interpreterRequired
 *       ("Yes"/"No") interpreterLanguage disabilities adjustments (provisions)
 *       noFixedAbode address (several lines) address.<buildingName
 *       buildingNumber streetName district town county postcode> email
 *       (emailAddress) phone (telephoneNumber) mobile (mobileNumber)
 *       "name.", "profile." and "contactDetails." may be written before a leaf,
 *       and mainAddress for address.
 *   ndelius.responsible_officer.  (also ndelius.prison_manager.)  name forename
 *       surname email phone (telephoneNumber) code username team teamCode
 *       teamEmail teamPhone pdu pduCode unallocated; "communityManager." may
 *       be written first, "pdu.description", "team.telephoneNumber" also work.
 *   ndelius.convictions.  count; N.<id date sentence sentenceEndDate offence
 *       offenceSubcategory active>  (N from 0)
 *   oasys.rosh.  whoIsAtRisk natureOfRisk riskImminence riskIncreaseFactors
 *       riskMitigationFactors analysisOfRiskFactors assessedOn overall
 *       riskTo<Children|Public|KnownAdult|Staff|Prisoners>[InCustody]
 *       riskInCommunity riskInCustody (as "High: Staff; Low: Children")
 *       Levels are given as words: Low, Medium, High, Very high.
 *   oasys.risk_to_self.  <suicide selfHarm custody hostelSetting
 *       vulnerability>[.risk .previous .previousConcernsText .current
 *       .currentConcernsText]  (the bare name gives currentConcernsText)
 *       assessedOn
 *   oasys.rmp.  keyInformation furtherConsiderations supervision
 *       monitoringAndControl interventionsAndTreatment victimSafetyPlanning
 *       contingencyPlans additionalComments assessedOn
 *   oasys.needs.  identified (names, comma-separated) assessedOn
 *       <SECTION>.<score threshold severity identified name riskOfHarm
 *       riskOfReoffending>
 *   oasys.predictors.  assessedOn status <ogrs ovp ogp rsr ospContact
 *       ospIndecent>[.oneYear .twoYears .percentage .level] (bare = level)
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lookup/lookup.h"

#define MAX_SEGS 8

struct segs {
	const char *s[MAX_SEGS];
	size_t len[MAX_SEGS];
	int n;
};

/* Splits path at '.' (no copies).  False when there are too many segments
 * or an empty one. */
static bool split(const char *path, struct segs *sg)
{
	const char *p = path;

	sg->n = 0;
	while (*p) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);

		if (n == 0 || sg->n == MAX_SEGS)
			return false;
		sg->s[sg->n] = p;
		sg->len[sg->n++] = n;
		p += n + (dot ? 1 : 0);
		if (dot && !*p)
			return false;
	}
	return sg->n > 0;
}

/* Segment i equals name, ignoring case and '_'. */
static bool is(const struct segs *sg, int i, const char *name)
{
	const char *a, *end;

	if (i >= sg->n)
		return false;
	a = sg->s[i];
	end = a + sg->len[i];
	for (;;) {
		while (a < end && *a == '_')
			a++;
		while (*name == '_')
			name++;
		if (a == end || !*name)
			return a == end && !*name;
		if (tolower((unsigned char)*a) != tolower((unsigned char)*name))
			return false;
		a++;
		name++;
	}
}

/* Same test against a C string (a section name from OASys). */
static bool is_text(const struct segs *sg, int i, const char *text)
{
	return text && is(sg, i, text);
}

static void drop(struct segs *sg, int i)
{
	int k;

	for (k = i; k + 1 < sg->n; k++) {
		sg->s[k] = sg->s[k + 1];
		sg->len[k] = sg->len[k + 1];
	}
	sg->n--;
}

/* Appends s; 0 found, 1 missing (NULL or empty), -1 ENOMEM. */
static int put(struct strbuf *out, const char *s)
{
	if (!s || !*s)
		return 1;
	return sb_adds(out, s) ? -1 : 0;
}

static int put_bool(struct strbuf *out, bool has, bool v)
{
	return has ? put(out, v ? "Yes" : "No") : 1;
}

static int put_num(struct strbuf *out, bool has, double v)
{
	return has ? (sb_addf(out, "%.6g", v) ? -1 : 0) : 1;
}

static int put_int(struct strbuf *out, bool has, long long v)
{
	return has ? (sb_addf(out, "%lld", v) ? -1 : 0) : 1;
}

static int put_level(struct strbuf *out, enum rosh_level l)
{
	return put(out, rosh_level_label(l));
}

/* Appends the parts that are there, separated by sep. */
static int join(struct strbuf *out, const char *sep, const char *const *parts, size_t n)
{
	size_t i, added = 0;

	for (i = 0; i < n; i++) {
		if (!parts[i] || !*parts[i])
			continue;
		if ((added++ && sb_adds(out, sep)) || sb_adds(out, parts[i]))
			return -1;
	}
	return added ? 0 : 1;
}

/* ---- nDelius ---- */

static int address_get(const struct ndelius_case *c, const struct segs *sg, int i,
		       struct strbuf *out)
{
	const struct ndelius_address *a = c->n_addresses && c->addresses[0].main ? &c->addresses[0]
										  : NULL;
	struct strbuf line1 = STRBUF_INIT;
	int rc;

	if (!a)
		return 1;
	if (i == sg->n) {
		const char *parts[6];

		if (join(&line1, " ", (const char *const[]){a->building_number, a->street_name}, 2) < 0) {
			sb_release(&line1);
			return -1;
		}
		parts[0] = a->building_name;
		parts[1] = line1.buf;
		parts[2] = a->district;
		parts[3] = a->town;
		parts[4] = a->county;
		parts[5] = a->postcode;
		rc = join(out, "\n", parts, 6);
		sb_release(&line1);
		return rc;
	}
	if (is(sg, i, "buildingName"))
		return put(out, a->building_name);
	if (is(sg, i, "buildingNumber"))
		return put(out, a->building_number);
	if (is(sg, i, "streetName"))
		return put(out, a->street_name);
	if (is(sg, i, "district"))
		return put(out, a->district);
	if (is(sg, i, "town"))
		return put(out, a->town);
	if (is(sg, i, "county"))
		return put(out, a->county);
	if (is(sg, i, "postcode"))
		return put(out, a->postcode);
	return 1;
}

static int notes_get(const struct ndelius_period_note *n, size_t count, struct strbuf *out)
{
	const char **types;
	size_t i;
	int rc;

	if (!count)
		return 1;
	types = calloc(count, sizeof *types);
	if (!types)
		return -1;
	for (i = 0; i < count; i++)
		types[i] = n[i].type;
	rc = join(out, ", ", types, count);
	free(types);
	return rc;
}

static int details_get(const struct ndelius_case *c, struct segs *sg, int i, struct strbuf *out)
{
	if (!c || i >= sg->n)
		return 1;
	if ((is(sg, i, "profile") || is(sg, i, "contactDetails")) && i + 1 < sg->n)
		drop(sg, i);
	if (is(sg, i, "name") && i + 1 < sg->n)
		drop(sg, i);
	if (i + 1 != sg->n && !is(sg, i, "address") && !is(sg, i, "mainAddress"))
		return 1;
	if (is(sg, i, "crn"))
		return put(out, c->crn);
	if (is(sg, i, "title"))
		return put(out, c->title);
	if (is(sg, i, "forename") || is(sg, i, "firstName"))
		return put(out, c->forename);
	if (is(sg, i, "middleName"))
		return put(out, c->middle_name);
	if (is(sg, i, "surname") || is(sg, i, "lastName"))
		return put(out, c->surname);
	if (is(sg, i, "name") || is(sg, i, "fullName")) {
		if (c->full_name)
			return put(out, c->full_name);
		return join(out, " ", (const char *const[]){c->forename, c->middle_name, c->surname},
			    3);
	}
	if (is(sg, i, "dateOfBirth") || is(sg, i, "dob"))
		return put(out, c->date_of_birth);
	if (is(sg, i, "sex") || is(sg, i, "gender"))
		return put(out, c->sex);
	if (is(sg, i, "genderIdentity"))
		return put(out, c->gender_identity);
	if (is(sg, i, "ethnicity"))
		return put(out, c->ethnicity);
	if (is(sg, i, "nationality"))
		return put(out, c->nationality);
	if (is(sg, i, "language") || is(sg, i, "primaryLanguage") || is(sg, i, "preferredLanguage"))
		return put(out, c->language);
	if (is(sg, i, "religion") || is(sg, i, "religionOrBelief"))
		return put(out, c->religion);
	if (is(sg, i, "interpreterRequired") || is(sg, i, "needsInterpreter") ||
	    is(sg, i, "requiresInterpreter"))
		return put_bool(out, c->has_interpreter, c->interpreter_required);
	if (is(sg, i, "interpreterLanguage"))
		return c->has_interpreter && c->interpreter_required ? put(out, c->language) : 1;
	if (is(sg, i, "disabilities"))
		return notes_get(c->disabilities, c->n_disabilities, out);
	if (is(sg, i, "adjustments") || is(sg, i, "provisions") || is(sg, i, "reasonableAdjustments"))
		return notes_get(c->adjustments, c->n_adjustments, out);
	if (is(sg, i, "noFixedAbode"))
		return put_bool(out, c->has_no_fixed_abode, c->no_fixed_abode);
	if (is(sg, i, "address") || is(sg, i, "mainAddress"))
		return address_get(c, sg, i + 1, out);
	if (is(sg, i, "email") || is(sg, i, "emailAddress"))
		return put(out, c->email);
	if (is(sg, i, "phone") || is(sg, i, "telephoneNumber") || is(sg, i, "phoneNumber"))
		return put(out, c->phone);
	if (is(sg, i, "mobile") || is(sg, i, "mobileNumber"))
		return put(out, c->mobile);
	return 1;
}

static int manager_get(const struct ndelius_manager *m, struct segs *sg, int i, struct strbuf *out)
{
	if (i >= sg->n)
		return 1;
	if (is(sg, i, "name") && i + 1 < sg->n)
		drop(sg, i);
	if (is(sg, i, "pdu") && is(sg, i + 1, "description"))
		drop(sg, i + 1);
	if (is(sg, i, "pdu") && is(sg, i + 1, "code")) {
		drop(sg, i + 1);
		return i + 1 == sg->n ? put(out, m->pdu_code) : 1;
	}
	if (is(sg, i, "team") && i + 1 < sg->n) {
		if (is(sg, i + 1, "description"))
			return i + 2 == sg->n ? put(out, m->team) : 1;
		if (i + 2 != sg->n)
			return 1;
		if (is(sg, i + 1, "code"))
			return put(out, m->team_code);
		if (is(sg, i + 1, "email"))
			return put(out, m->team_email);
		if (is(sg, i + 1, "telephoneNumber") || is(sg, i + 1, "phone"))
			return put(out, m->team_phone);
		return 1;
	}
	if (i + 1 != sg->n)
		return 1;
	if (is(sg, i, "name") || is(sg, i, "fullName"))
		return join(out, " ", (const char *const[]){m->forename, m->surname}, 2);
	if (is(sg, i, "forename"))
		return put(out, m->forename);
	if (is(sg, i, "surname"))
		return put(out, m->surname);
	if (is(sg, i, "email") || is(sg, i, "emailAddress"))
		return put(out, m->email);
	if (is(sg, i, "phone") || is(sg, i, "telephoneNumber") || is(sg, i, "phoneNumber"))
		return put(out, m->phone);
	if (is(sg, i, "code"))
		return put(out, m->code);
	if (is(sg, i, "username"))
		return put(out, m->username);
	if (is(sg, i, "team"))
		return put(out, m->team);
	if (is(sg, i, "teamCode"))
		return put(out, m->team_code);
	if (is(sg, i, "teamEmail"))
		return put(out, m->team_email);
	if (is(sg, i, "teamPhone") || is(sg, i, "teamPhoneNumber") ||
	    is(sg, i, "teamTelephoneNumber"))
		return put(out, m->team_phone);
	if (is(sg, i, "pdu"))
		return put(out, m->pdu);
	if (is(sg, i, "pduCode"))
		return put(out, m->pdu_code);
	if (is(sg, i, "unallocated"))
		return put_bool(out, m->has_unallocated, m->unallocated);
	return 1;
}

/* A non-negative index segment, or -1. */
static long index_at(const struct segs *sg, int i)
{
	long v = 0;
	size_t k;

	if (i >= sg->n || sg->len[i] > 6)
		return -1;
	for (k = 0; k < sg->len[i]; k++) {
		if (sg->s[i][k] < '0' || sg->s[i][k] > '9')
			return -1;
		v = v * 10 + (sg->s[i][k] - '0');
	}
	return v;
}

static int convictions_get(const struct ndelius_convictions *cv, struct segs *sg, int i,
			   struct strbuf *out)
{
	const struct ndelius_conviction *c;
	long k;

	if (!cv)
		return 1;
	if (is(sg, i, "count") && i + 1 == sg->n)
		return sb_addf(out, "%zu", cv->n) ? -1 : 0;
	k = index_at(sg, i);
	if (k < 0 || (size_t)k >= cv->n || i + 2 != sg->n)
		return 1;
	c = &cv->items[k];
	i++;
	if (is(sg, i, "id"))
		return put_int(out, c->has_id, c->id);
	if (is(sg, i, "date"))
		return put(out, c->date);
	if (is(sg, i, "sentence"))
		return put(out, c->sentence);
	if (is(sg, i, "sentenceEndDate") || is(sg, i, "expectedEndDate"))
		return put(out, c->sentence_end);
	if (is(sg, i, "offence") || is(sg, i, "category"))
		return put(out, c->offence_category);
	if (is(sg, i, "offenceSubcategory") || is(sg, i, "subCategory"))
		return put(out, c->offence_subcategory);
	if (is(sg, i, "active"))
		return put_bool(out, c->has_active, c->active);
	return 1;
}

/* ---- OASys ---- */

static const char *const group_keys[ROSH_GROUP_COUNT] = {"Children", "Public", "KnownAdult",
							 "Staff", "Prisoners"};

/* "High: Staff; Medium: Public; Low: Children, Known adult" */
static int levels_text(const enum rosh_level *lv, struct strbuf *out)
{
	int l, g, any = 0;

	for (l = ROSH_VERY_HIGH; l >= ROSH_LOW; l--) {
		int here = 0;

		for (g = 0; g < ROSH_GROUP_COUNT; g++) {
			if (lv[g] != (enum rosh_level)l)
				continue;
			if (sb_addf(out, "%s%s%s", here ? ", " : any ? "; " : "",
				    here ? "" : rosh_level_label((enum rosh_level)l),
				    here ? "" : ": ") ||
			    sb_adds(out, rosh_group_label((enum rosh_group)g)))
				return -1;
			here = any = 1;
		}
	}
	return any ? 0 : 1;
}

static int rosh_get(const struct oasys_rosh *r, const struct segs *sg, int i, struct strbuf *out)
{
	char name[40];
	int g;

	if (!r || i + 1 != sg->n)
		return 1;
	if (is(sg, i, "whoIsAtRisk"))
		return put(out, r->who_is_at_risk);
	if (is(sg, i, "natureOfRisk"))
		return put(out, r->nature_of_risk);
	if (is(sg, i, "riskImminence"))
		return put(out, r->risk_imminence);
	if (is(sg, i, "riskIncreaseFactors"))
		return put(out, r->risk_increase_factors);
	if (is(sg, i, "riskMitigationFactors") || is(sg, i, "riskReductionFactors"))
		return put(out, r->risk_mitigation_factors);
	if (is(sg, i, "analysisOfRiskFactors"))
		return put(out, r->analysis_of_risk_factors);
	if (is(sg, i, "assessedOn"))
		return put(out, r->assessed_on);
	if (is(sg, i, "overall") || is(sg, i, "overallRiskLevel"))
		return put_level(out, r->overall);
	if (is(sg, i, "riskInCommunity"))
		return levels_text(r->community, out);
	if (is(sg, i, "riskInCustody"))
		return levels_text(r->custody, out);
	for (g = 0; g < ROSH_GROUP_COUNT; g++) {
		snprintf(name, sizeof name, "riskTo%s", group_keys[g]);
		if (is(sg, i, name))
			return put_level(out, r->community[g]);
		snprintf(name, sizeof name, "riskTo%sInCommunity", group_keys[g]);
		if (is(sg, i, name))
			return put_level(out, r->community[g]);
		snprintf(name, sizeof name, "riskTo%sInCustody", group_keys[g]);
		if (is(sg, i, name))
			return put_level(out, r->custody[g]);
	}
	return 1;
}

static int concern_get(const struct oasys_concern *c, const struct segs *sg, int i,
		       struct strbuf *out)
{
	if (i == sg->n)
		return put(out, c->current_text);
	if (i + 1 != sg->n)
		return 1;
	if (is(sg, i, "risk"))
		return put(out, c->risk);
	if (is(sg, i, "previous"))
		return put(out, c->previous);
	if (is(sg, i, "previousConcernsText") || is(sg, i, "previousText"))
		return put(out, c->previous_text);
	if (is(sg, i, "current"))
		return put(out, c->current);
	if (is(sg, i, "currentConcernsText") || is(sg, i, "currentText") || is(sg, i, "text"))
		return put(out, c->current_text);
	return 1;
}

static int risk_to_self_get(const struct oasys_risk_to_self *r, const struct segs *sg, int i,
			    struct strbuf *out)
{
	if (!r || i >= sg->n)
		return 1;
	if (is(sg, i, "assessedOn"))
		return i + 1 == sg->n ? put(out, r->assessed_on) : 1;
	if (is(sg, i, "suicide"))
		return concern_get(&r->suicide, sg, i + 1, out);
	if (is(sg, i, "selfHarm"))
		return concern_get(&r->self_harm, sg, i + 1, out);
	if (is(sg, i, "custody"))
		return concern_get(&r->custody, sg, i + 1, out);
	if (is(sg, i, "hostelSetting") || is(sg, i, "hostel"))
		return concern_get(&r->hostel_setting, sg, i + 1, out);
	if (is(sg, i, "vulnerability"))
		return concern_get(&r->vulnerability, sg, i + 1, out);
	return 1;
}

static int rmp_get(const struct oasys_rmp *r, const struct segs *sg, int i, struct strbuf *out)
{
	if (!r || i + 1 != sg->n)
		return 1;
	if (is(sg, i, "keyInformation") || is(sg, i, "keyInformationCurrentSituation"))
		return put(out, r->key_information);
	if (is(sg, i, "furtherConsiderations"))
		return put(out, r->further_considerations);
	if (is(sg, i, "supervision"))
		return put(out, r->supervision);
	if (is(sg, i, "monitoringAndControl"))
		return put(out, r->monitoring_and_control);
	if (is(sg, i, "interventionsAndTreatment"))
		return put(out, r->interventions_and_treatment);
	if (is(sg, i, "victimSafetyPlanning"))
		return put(out, r->victim_safety_planning);
	if (is(sg, i, "contingencyPlans"))
		return put(out, r->contingency_plans);
	if (is(sg, i, "additionalComments"))
		return put(out, r->additional_comments);
	if (is(sg, i, "assessedOn"))
		return put(out, r->assessed_on);
	return 1;
}

static int needs_get(const struct oasys_needs *nd, const struct segs *sg, int i,
		     struct strbuf *out)
{
	size_t k;

	if (!nd || i >= sg->n)
		return 1;
	if (i + 1 == sg->n && is(sg, i, "assessedOn"))
		return put(out, nd->assessed_on);
	if (i + 1 == sg->n && is(sg, i, "identified")) {
		size_t added = 0;

		for (k = 0; k < nd->n; k++) {
			const struct oasys_need *n = &nd->items[k];
			const char *label = n->name ? n->name : n->section;

			if (!n->identified || !label)
				continue;
			if ((added++ && sb_adds(out, ", ")) || sb_adds(out, label))
				return -1;
		}
		return added ? 0 : 1;
	}
	if (i + 2 != sg->n)
		return 1;
	for (k = 0; k < nd->n; k++) {
		const struct oasys_need *n = &nd->items[k];

		if (!is_text(sg, i, n->section))
			continue;
		if (is(sg, i + 1, "score"))
			return put_int(out, n->has_score, n->score);
		if (is(sg, i + 1, "threshold"))
			return put_int(out, n->has_threshold, n->threshold);
		if (is(sg, i + 1, "severity"))
			return put(out, n->severity);
		if (is(sg, i + 1, "identified"))
			return put_bool(out, n->has_identified, n->identified);
		if (is(sg, i + 1, "name"))
			return put(out, n->name);
		if (is(sg, i + 1, "riskOfHarm"))
			return put_bool(out, n->has_risk_of_harm, n->risk_of_harm);
		if (is(sg, i + 1, "riskOfReoffending"))
			return put_bool(out, n->has_risk_of_reoffending, n->risk_of_reoffending);
		return 1;
	}
	return 1;
}

static int score_get(const struct oasys_score *s, const struct segs *sg, int i, struct strbuf *out)
{
	if (i == sg->n || (is(sg, i, "level") && i + 1 == sg->n))
		return put(out, s->level);
	if (i + 1 != sg->n)
		return 1;
	if (is(sg, i, "oneYear"))
		return put_num(out, s->has_one_year, s->one_year);
	if (is(sg, i, "twoYears"))
		return put_num(out, s->has_two_years, s->two_years);
	if (is(sg, i, "percentage") || is(sg, i, "percentageScore") || is(sg, i, "score"))
		return put_num(out, s->has_percentage, s->percentage);
	return 1;
}

static int predictors_get(const struct oasys_predictors *p, const struct segs *sg, int i,
			  struct strbuf *out)
{
	if (!p || i >= sg->n)
		return 1;
	if (is(sg, i, "assessedOn") || is(sg, i, "completedDate"))
		return i + 1 == sg->n ? put(out, p->assessed_on) : 1;
	if (is(sg, i, "status"))
		return i + 1 == sg->n ? put(out, p->status) : 1;
	if (is(sg, i, "ogrs") || is(sg, i, "ogrs3") || is(sg, i, "groupReconvictionScore"))
		return score_get(&p->ogrs, sg, i + 1, out);
	if (is(sg, i, "ovp") || is(sg, i, "violencePredictorScore"))
		return score_get(&p->ovp, sg, i + 1, out);
	if (is(sg, i, "ogp") || is(sg, i, "generalPredictorScore"))
		return score_get(&p->ogp, sg, i + 1, out);
	if (is(sg, i, "rsr") || is(sg, i, "riskOfSeriousRecidivismScore"))
		return score_get(&p->rsr, sg, i + 1, out);
	if (is(sg, i, "ospContact") || is(sg, i, "ospC") || is(sg, i, "ospDc"))
		return score_get(&p->osp_contact, sg, i + 1, out);
	if (is(sg, i, "ospIndecent") || is(sg, i, "ospI") || is(sg, i, "ospIic"))
		return score_get(&p->osp_indecent, sg, i + 1, out);
	return 1;
}

int lookup_prefill_get(const struct person_lookup *p, const char *path, struct strbuf *out)
{
	struct segs sg;
	size_t before = out->len;
	int rc = 1;

	if (!p || !path || !split(path, &sg) || sg.n < 2)
		return 1;
	if (is(&sg, 0, "ndelius")) {
		if (is(&sg, 1, "details") || is(&sg, 1, "person") || is(&sg, 1, "case"))
			rc = details_get(p->details, &sg, 2, out);
		else if (is(&sg, 1, "responsibleOfficer") || is(&sg, 1, "communityManager")) {
			if (is(&sg, 2, "communityManager"))
				drop(&sg, 2);
			if (is(&sg, 2, "prisonManager")) {
				drop(&sg, 2);
				rc = p->officer && p->officer->has_prison
					     ? manager_get(&p->officer->prison, &sg, 2, out)
					     : 1;
			} else {
				rc = p->officer && p->officer->has_community
					     ? manager_get(&p->officer->community, &sg, 2, out)
					     : 1;
			}
		} else if (is(&sg, 1, "prisonManager")) {
			rc = p->officer && p->officer->has_prison
				     ? manager_get(&p->officer->prison, &sg, 2, out)
				     : 1;
		} else if (is(&sg, 1, "convictions")) {
			rc = convictions_get(p->convictions, &sg, 2, out);
		}
	} else if (is(&sg, 0, "oasys")) {
		if (is(&sg, 1, "rosh") || is(&sg, 1, "summary"))
			rc = rosh_get(p->rosh, &sg, 2, out);
		else if (is(&sg, 1, "riskToSelf"))
			rc = risk_to_self_get(p->risk_to_self, &sg, 2, out);
		else if (is(&sg, 1, "rmp") || is(&sg, 1, "riskManagementPlan"))
			rc = rmp_get(p->rmp, &sg, 2, out);
		else if (is(&sg, 1, "needs"))
			rc = needs_get(p->needs, &sg, 2, out);
		else if (is(&sg, 1, "predictors") || is(&sg, 1, "scores"))
			rc = predictors_get(p->predictors, &sg, 2, out);
	}
	if (rc != 0)
		sb_setlen(out, before); /* nothing half-written on a miss */
	return rc;
}
