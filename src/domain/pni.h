/* pni.h: the programme needs identifier (PNI): needs domains, risk scores and
 * the Building Choices pathway, exactly as programmes_catalogue.md §2.2. */
#ifndef CASETERM_DOMAIN_PNI_H
#define CASETERM_DOMAIN_PNI_H

#include <stdbool.h>

#include "domain/reasons.h"
#include "util/status.h"

/*
 * Every input has an explicit "missing" value, and it is the zero value, so a
 * zeroed struct pni_input means "nothing known" and never "all scores 0".
 */

/* An OASys answer to one needs item (§2.1: NONE=0 / SOME=1 / SIGNIFICANT=2 /
 * MISSING=null).  Use pni_answer_score() for the number. */
enum pni_answer {
	PNI_ANSWER_MISSING = 0,
	PNI_ANSWER_NONE,        /* scores 0 */
	PNI_ANSWER_SOME,        /* scores 1 */
	PNI_ANSWER_SIGNIFICANT, /* scores 2 */
};

/*
 * The needs domains (§2.2): name, label.  ACP-API calls the thinking domain
 * "cognitive" (IndividualCognitiveScores); OASys calls it thinkingDomain.
 */
#define PNI_DOMAIN_LIST(_)                          \
	_(SEX, "Sex")                               \
	_(THINKING, "Thinking")                     \
	_(RELATIONSHIPS, "Relationships")           \
	_(SELF_MANAGEMENT, "Self-management")

enum pni_domain {
#define PNI_DOMAIN_ENUM(name, label) PNI_DOMAIN_##name,
	PNI_DOMAIN_LIST(PNI_DOMAIN_ENUM)
#undef PNI_DOMAIN_ENUM
	PNI_DOMAIN_COUNT
};

/*
 * The 15 OASys items (§2.2 table; question numbers from ACP-UI pniUtils.ts):
 * name, domain, OASys key (PniAssessment.questions), OASys number, UI label.
 */
#define PNI_ITEM_LIST(_)                                                                    \
	_(SEXUAL_PREOCCUPATION, SEX, "sexualPreOccupation", "11.11", "Sexual preoccupation")\
	_(OFFENCE_RELATED_SEXUAL_INTERESTS, SEX, "offenceRelatedSexualInterests", "11.12",  \
	  "Offence-related sexual interests")                                               \
	_(EMOTIONAL_CONGRUENCE, SEX, "emotionalCongruence", "6.12",                         \
	  "Emotional congruence with children or feeling closer to children than adults")  \
	_(PRO_CRIMINAL_ATTITUDES, THINKING, "proCriminalAttitudes", "12.1",                 \
	  "Pro-criminal attitudes")                                                         \
	_(HOSTILE_ORIENTATION, THINKING, "hostileOrientation", "12.9", "Hostile orientation")\
	_(REL_CLOSE_FAMILY, RELATIONSHIPS, "relCloseFamily", "6.1",                         \
	  "Current relationship with close family")                                         \
	_(PREV_CLOSE_RELATIONSHIPS, RELATIONSHIPS, "prevCloseRelationships", "6.6",         \
	  "Previous experience of close relationships")                                     \
	_(EASILY_INFLUENCED, RELATIONSHIPS, "easilyInfluenced", "7.3",                      \
	  "Easily influenced by criminal associates")                                       \
	_(AGGRESSIVE_CONTROLLING_BEHAVIOUR, RELATIONSHIPS, "aggressiveControllingBehaviour",\
	  "11.3", "Aggressive or controlling behaviour")                                    \
	_(IMPULSIVITY, SELF_MANAGEMENT, "impulsivity", "11.2", "Impulsivity")               \
	_(TEMPER_CONTROL, SELF_MANAGEMENT, "temperControl", "11.4", "Temper control")       \
	_(PROBLEM_SOLVING_SKILLS, SELF_MANAGEMENT, "problemSolvingSkills", "11.6",          \
	  "Problem-solving skills")                                                         \
	_(DIFFICULTIES_COPING, SELF_MANAGEMENT, "difficultiesCoping", "10.1",               \
	  "Difficulties coping")

enum pni_item {
#define PNI_ITEM_ENUM(name, domain, key, number, label) PNI_ITEM_##name,
	PNI_ITEM_LIST(PNI_ITEM_ENUM)
#undef PNI_ITEM_ENUM
	PNI_ITEM_COUNT
};

/* A percentage score (OGRS3, OVP, RSR); present == false means missing. */
struct pni_pct {
	bool present;
	double value;
};

/* OSP-DC / OSP-IIC level (§2.1: Low/Medium/High/Very High/Not Applicable). */
enum pni_osp {
	PNI_OSP_MISSING = 0,
	PNI_OSP_NOT_APPLICABLE,
	PNI_OSP_LOW,
	PNI_OSP_MEDIUM,
	PNI_OSP_HIGH,
	PNI_OSP_VERY_HIGH,
};

/* SARA level towards a partner or others (§2.1: 1 LOW, 2 MEDIUM, 3 HIGH,
 * other NOT_APPLICABLE); MISSING when OASys gave nothing. */
enum pni_sara {
	PNI_SARA_MISSING = 0,
	PNI_SARA_NOT_APPLICABLE,
	PNI_SARA_LOW,
	PNI_SARA_MEDIUM,
	PNI_SARA_HIGH,
};

/* §2.2 applies the OSP rules to males only and the RSR and sex-domain rules
 * differently by sex. */
enum pni_sex {
	PNI_SEX_MISSING = 0,
	PNI_SEX_MALE,
	PNI_SEX_FEMALE,
};

struct pni_input {
	enum pni_sex sex;
	enum pni_answer item[PNI_ITEM_COUNT];
	struct pni_pct ogrs3; /* OGRS3 2-year %, e.g. groupReconvictionScore.twoYears */
	struct pni_pct ovp;   /* OVP 2-year % */
	struct pni_pct rsr;   /* RSR %, rsrPercentage */
	enum pni_osp osp_dc;
	enum pni_osp osp_iic;
	enum pni_sara sara_partner;
	enum pni_sara sara_other;
};

/*
 * Every input by one index, for "which inputs are missing": the 15 items
 * (same values as enum pni_item) then these.
 */
enum pni_input_id {
	PNI_IN_SEX = PNI_ITEM_COUNT,
	PNI_IN_OGRS3,
	PNI_IN_OVP,
	PNI_IN_RSR,
	PNI_IN_OSP_DC,
	PNI_IN_OSP_IIC,
	PNI_IN_SARA_PARTNER,
	PNI_IN_SARA_OTHER,
	PNI_INPUT_COUNT
};

/* Overall need (§2.2 getClassification; labels from ACP-UI pniUtils.ts). */
enum pni_need {
	PNI_NEED_INFORMATION_MISSING = 0,
	PNI_LOW_NEED,
	PNI_MEDIUM_NEED,
	PNI_HIGH_NEED,
};

/* Overall risk (§2.2 getRiskClassification).  The reference has no missing
 * value for risk: PNI_RISK_INFORMATION_MISSING is ours (see pni_evaluate()). */
enum pni_risk {
	PNI_RISK_INFORMATION_MISSING = 0,
	PNI_LOW_RISK,
	PNI_MEDIUM_RISK,
	PNI_HIGH_RISK,
};

/* The pathway (§2.1 Type.toPathway, §2.2 pni_rule). */
enum pni_pathway {
	PNI_MISSING_INFORMATION = 0,
	PNI_ALTERNATIVE_PATHWAY,
	PNI_MODERATE_INTENSITY_BC,
	PNI_HIGH_INTENSITY_BC,
};

/* A domain or need score that cannot be given because of missing inputs. */
#define PNI_SCORE_MISSING (-1)

struct pni_result {
	enum pni_pathway pathway;
	enum pni_need need;
	enum pni_risk risk;
	/* The lowest risk the present scores allow; equals risk when risk is
	 * known (e.g. MEDIUM with risk missing: "at least medium"). */
	enum pni_risk risk_at_least;
	int domain_score[PNI_DOMAIN_COUNT]; /* 0..2 or PNI_SCORE_MISSING */
	int need_score;                      /* 0..8 or PNI_SCORE_MISSING */
	bool missing[PNI_INPUT_COUNT];       /* the input is missing */
	/* missing and one reason why the need, the risk or the pathway
	 * cannot be given: the inputs to update first */
	bool blocking[PNI_INPUT_COUNT];
	struct dom_reasons reasons;          /* owned; see pni_result_release() */
};

/*
 * Works out the PNI for in, into *out (overwritten; release it afterwards even
 * on failure).  Returns CT_OK, or CT_NOMEM when a reason could not be stored
 * (the levels and pathway are still right).
 *
 * With every input present the result is exactly §2.2.  For missing inputs:
 *  - needs items follow the reference: a domain with a missing item cannot be
 *    scored, except the sex domain's own rule (male with an OSP level, or
 *    female with some but not all items: cannot be scored; otherwise 0); a
 *    domain that cannot be scored makes the need INFORMATION_MISSING and the
 *    pathway MISSING_INFORMATION (OASys "pni O" with missingFields);
 *  - sex and the risk scores: the reference engine skips a null score, which
 *    would quietly under-rate risk.  Here every value a missing one could take
 *    is tried: when they all give the same level (say OGRS3 is missing but OVP
 *    is already high) the level stands; when they do not, the risk is
 *    RISK_INFORMATION_MISSING and the pathway MISSING_INFORMATION unless every
 *    possible risk gives the same pathway (low need is always ALTERNATIVE).
 * blocking[] names the missing inputs behind each "cannot calculate".
 */
enum ct_status pni_evaluate(const struct pni_input *in, struct pni_result *out);
/* Frees the reasons; r may then be reused. */
void pni_result_release(struct pni_result *r);

/* The score of an answer: 0, 1, 2, or PNI_SCORE_MISSING. */
int pni_answer_score(enum pni_answer a);
/* Parses an OASys answer: "NONE"/"SOME"/"SIGNIFICANT"/"MISSING" (any case) or
 * the leading digit of "0-No problems", "2-Significant problems"; NULL or
 * anything else is MISSING. */
enum pni_answer pni_answer_parse(const char *s);
/* Parses an OSP level: "Low", "Medium", "High", "Very High", "Not Applicable"
 * in any case, with '_' for ' ' ("VERY_HIGH"); NULL or unknown is MISSING. */
enum pni_osp pni_osp_parse(const char *s);
/* §2.1 saraRiskLevel: 1 LOW, 2 MEDIUM, 3 HIGH, anything else NOT_APPLICABLE. */
enum pni_sara pni_sara_from_oasys(int level);

/* Static strings, never NULL. */
const char *pni_item_key(enum pni_item i);    /* "sexualPreOccupation" */
const char *pni_item_number(enum pni_item i); /* "11.11" */
const char *pni_item_label(enum pni_item i);  /* "Sexual preoccupation" */
enum pni_domain pni_item_domain(enum pni_item i);
const char *pni_domain_label(enum pni_domain d);
/* "11.11 Sexual preoccupation", "OGRS3", "OSP-DC", "SARA (partner)", "Sex" */
const char *pni_input_label(int id); /* an enum pni_item or enum pni_input_id */
/* Reference names: "HIGH_INTENSITY_BC" ...; labels (ACP-UI formatPathwayValue):
 * "High intensity", "Moderate intensity", "Not eligible", "Information missing". */
const char *pni_pathway_name(enum pni_pathway p);
const char *pni_pathway_label(enum pni_pathway p);
/* "HIGH_NEED" ... "INFORMATION_MISSING"; "High need" ... "Cannot calculate –
 * information missing". */
const char *pni_need_name(enum pni_need n);
const char *pni_need_label(enum pni_need n);
/* "HIGH_RISK" ... "INFORMATION_MISSING"; "High risk" ... */
const char *pni_risk_name(enum pni_risk r);
const char *pni_risk_label(enum pni_risk r);

/* §2.2 thresholds, verbatim (percentages). */
#define PNI_OGRS3_HIGH 75.00
#define PNI_OGRS3_MEDIUM_MIN 50.00
#define PNI_OGRS3_MEDIUM_MAX 74.00
#define PNI_OVP_HIGH 60.00
#define PNI_OVP_MEDIUM_MIN 30.00
#define PNI_OVP_MEDIUM_MAX 59.00
#define PNI_RSR_HIGH 3.00
#define PNI_RSR_MEDIUM_MIN 1.00
#define PNI_RSR_MEDIUM_MAX 2.99

#endif
