/* lookup.h: what nDelius and OASys hold for a person, fetched together, cached
 * in Postgres, parsed into C structs.  The one public header of src/lookup/.
 *
 * A look-up for one CRN starts every request (3 nDelius + 5 OASys endpoints)
 * at once on one curl multi handle, so it takes about as long as the slowest
 * service, not the sum.  Each request has the connect and total timeouts of
 * the config and up to cfg->retries retries, with exponential backoff, on
 * 5xx answers and on timeouts or failed connections; never on 4xx.  A 401
 * drops the cached HMPPS Auth token and retries once with a new one.
 *
 * Cache: each raw body is kept in lookup_cache (endpoint, crn) with the time
 * it was fetched.  Rows younger than cfg->cache_ttl_s are used without asking
 * (unless LOOKUP_REFRESH); when a service fails, a row of any age is used and
 * the result says how old it is.  Every look-up that hands out OASys (risk)
 * data writes an audit_log row 'risk.read'; if that row cannot be written the
 * OASys data is withheld.
 *
 * Parsing: a missing or wrongly-typed JSON member is a missing value (NULL, or
 * a has_x flag that is false), never a crash.  Strings are kept as received
 * (callers sanitise before drawing: util/sanitize.h) but capped at
 * LOOKUP_MAX_STRING bytes; arrays at LOOKUP_MAX_ITEMS entries.
 *
 * Ownership: every struct here that a function returns is owned by the
 * caller and freed with its _free(&p), which also sets p to NULL. */
#ifndef CASETERM_LOOKUP_H
#define CASETERM_LOOKUP_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "config/config.h"
#include "domain/pni.h"
#include "util/status.h"
#include "util/strbuf.h"

#define LOOKUP_MAX_STRING (64u * 1024u)
#define LOOKUP_MAX_ITEMS 500u

/* ---- CRNs -------------------------------------------------------------- */

#define LOOKUP_CRN_FORMAT_MESSAGE "Enter a CRN in the correct format, like X320741"

/* True when in is a CRN: one letter then six digits (spaces around it and a
 * lower-case letter are accepted).  out gets the normal form ("X320741"). */
bool lookup_crn_normalise(const char *in, char out[8]);

/* ---- services and endpoints -------------------------------------------- */

enum lookup_service { LOOKUP_NDELIUS, LOOKUP_OASYS, LOOKUP_SERVICE_COUNT };

/* _(ENUM, service, cache key, path before the CRN, path after the CRN) */
#define LOOKUP_ENDPOINT_LIST(_)                                                           \
	_(NDELIUS_DETAILS, LOOKUP_NDELIUS, "ndelius.details", "/probation-case/", "/details") \
	_(NDELIUS_OFFICER, LOOKUP_NDELIUS, "ndelius.responsible_officer", "/probation-case/", \
	  "/responsible-officer")                                                          \
	_(NDELIUS_CONVICTIONS, LOOKUP_NDELIUS, "ndelius.convictions", "/probation-case/",     \
	  "/convictions")                                                                  \
	_(OASYS_SUMMARY, LOOKUP_OASYS, "oasys.summary", "/risks/crn/", "/summary")            \
	_(OASYS_RISKS, LOOKUP_OASYS, "oasys.risks", "/risks/crn/", "")                        \
	_(OASYS_RMP, LOOKUP_OASYS, "oasys.rmp", "/risks/crn/", "/risk-management-plan")       \
	_(OASYS_NEEDS, LOOKUP_OASYS, "oasys.needs", "/needs/crn/", "")                        \
	_(OASYS_PREDICTORS, LOOKUP_OASYS, "oasys.predictors", "/risks/predictors/all/CRN/", "") \
	_(OASYS_PNI, LOOKUP_OASYS, "oasys.pni", "/assessments/pni/", "")

enum lookup_endpoint {
#define LOOKUP_EP_ENUM(e, svc, key, pre, post) LOOKUP_EP_##e,
	LOOKUP_ENDPOINT_LIST(LOOKUP_EP_ENUM)
#undef LOOKUP_EP_ENUM
	LOOKUP_ENDPOINT_COUNT
};

/* "nDelius" / "OASys". */
const char *lookup_service_name(enum lookup_service s);
/* The cache key of an endpoint ("oasys.summary"). */
const char *lookup_endpoint_key(enum lookup_endpoint e);
enum lookup_service lookup_endpoint_service(enum lookup_endpoint e);

enum lookup_outcome {
	LOOKUP_NOT_ASKED = 0, /* skipped by flags, or not reached */
	LOOKUP_OK,            /* a body was read (perhaps from the cache) */
	LOOKUP_NOT_FOUND,     /* 404: no such person (OASys: no assessment) */
	LOOKUP_UNAVAILABLE,   /* no usable answer: timeout, refused, 5xx, 401/403 */
	LOOKUP_MALFORMED,     /* an answer came but could not be read as JSON */
};

/* "ok", "not_found", "unavailable", "malformed", "not_asked". */
const char *lookup_outcome_name(enum lookup_outcome o);

/* What happened to one endpoint. */
struct lookup_source {
	enum lookup_outcome outcome;
	long http_status;   /* last HTTP status seen, 0 when none */
	int attempts;       /* HTTP requests made; 0 when answered from the cache */
	bool from_cache;    /* the body in use came from lookup_cache */
	bool stale;         /* ... and is older than cache_ttl_s (the service failed) */
	time_t fetched_at;  /* when the body in use was fetched; 0 when none */
	char *reason;       /* words, for UNAVAILABLE and MALFORMED; else NULL */
	double seconds;     /* from the start of the look-up to the final answer */
};

/* What happened to one service, summed over its endpoints. */
struct lookup_service_status {
	enum lookup_outcome outcome;
	char *reason;        /* for UNAVAILABLE / MALFORMED: "OASys did not answer within 5 s" */
	time_t since;        /* UNAVAILABLE / MALFORMED: when this client first saw the
			      * service fail, counting every failure since its last success */
	bool from_cache;     /* some body in use came from the cache */
	bool stale;          /* some body in use is older than cache_ttl_s */
	time_t fetched_at;   /* oldest fetched_at of the bodies in use; 0 when none */
};

/* ---- nDelius ----------------------------------------------------------- */

struct ndelius_period_note {  /* a disability or a reasonable adjustment */
	char *type;
	char *start;          /* ISO date as received */
	char *end;
	char *notes;
};

struct ndelius_address {
	bool main;            /* the main address */
	char *building_name;
	char *building_number;
	char *street_name;
	char *district;
	char *town;
	char *county;
	char *postcode;
};

struct ndelius_case {
	char *crn;
	char *title;
	char *forename;
	char *middle_name;
	char *surname;
	char *full_name;      /* when nDelius sends the name as one string */
	char *date_of_birth;  /* ISO date as received */
	char *sex;            /* "gender" in the refer-and-monitor dialect */
	char *gender_identity;
	char *ethnicity;
	char *nationality;
	char *language;       /* profile.primaryLanguage */
	bool has_interpreter;
	bool interpreter_required;
	char *religion;
	struct ndelius_period_note *disabilities;
	size_t n_disabilities;
	struct ndelius_period_note *adjustments; /* reasonable adjustments / provisions */
	size_t n_adjustments;
	bool has_no_fixed_abode;
	bool no_fixed_abode;
	struct ndelius_address *addresses;        /* the main address first */
	size_t n_addresses;
	char *phone;          /* telephoneNumber */
	char *mobile;         /* mobileNumber */
	char *email;          /* emailAddress */
};

struct ndelius_manager {
	char *code;
	char *forename;
	char *surname;
	char *username;
	char *email;
	char *phone;
	char *pdu_code;
	char *pdu;            /* pdu.description */
	char *team_code;
	char *team;           /* team.description */
	char *team_email;
	char *team_phone;
	bool has_unallocated;
	bool unallocated;
	bool has_responsible_officer;
	bool responsible_officer;
};

struct responsible_officer {
	bool has_community;
	struct ndelius_manager community; /* communityManager */
	bool has_prison;
	struct ndelius_manager prison;    /* prisonManager */
};

struct ndelius_requirement {
	bool has_id;
	long long id;
	char *category;
	char *sub_category;
	char *length;         /* with its unit when nDelius gives one */
	char *start;
	char *end;
};

struct ndelius_conviction {
	bool has_id;
	long long id;
	char *date;
	char *sentence;           /* sentence.description */
	char *sentence_end;       /* sentence.expectedEndDate */
	char *offence_category;   /* mainOffence.category */
	char *offence_subcategory;
	bool has_active;
	bool active;
	struct ndelius_requirement *requirements;
	size_t n_requirements;
};

struct ndelius_convictions {
	struct ndelius_conviction *items;
	size_t n;
};

/* ---- OASys ------------------------------------------------------------- */

enum rosh_level { ROSH_UNKNOWN = 0, ROSH_LOW, ROSH_MEDIUM, ROSH_HIGH, ROSH_VERY_HIGH };
enum rosh_group { ROSH_CHILDREN, ROSH_PUBLIC, ROSH_KNOWN_ADULT, ROSH_STAFF, ROSH_PRISONERS,
		  ROSH_GROUP_COUNT };

/* "Low", "Medium", "High", "Very high"; "" for ROSH_UNKNOWN. */
const char *rosh_level_label(enum rosh_level l);
/* "LOW" ... "VERY_HIGH"; "" for ROSH_UNKNOWN. */
const char *rosh_level_code(enum rosh_level l);
/* "Children", "Public", "Known adult", "Staff", "Prisoners". */
const char *rosh_group_label(enum rosh_group g);
/* Reads "VERY_HIGH", "Very High", "very high" ...; ROSH_UNKNOWN otherwise. */
enum rosh_level rosh_level_from_text(const char *s);

struct oasys_rosh {
	char *who_is_at_risk;
	char *nature_of_risk;
	char *risk_imminence;           /* when the risk is likely to be greatest */
	char *risk_increase_factors;
	char *risk_mitigation_factors;  /* factors likely to reduce the risk */
	char *analysis_of_risk_factors;
	enum rosh_level community[ROSH_GROUP_COUNT];
	enum rosh_level custody[ROSH_GROUP_COUNT];
	enum rosh_level overall;        /* overallRiskLevel, else the highest community level */
	char *assessed_on;
};

struct oasys_concern {
	char *risk;          /* YES, NO, DK, NA as received */
	char *previous;
	char *previous_text;
	char *current;
	char *current_text;  /* currentConcernsText: the text a referral shares */
};

struct oasys_risk_to_self {
	struct oasys_concern suicide;
	struct oasys_concern self_harm;
	struct oasys_concern custody;
	struct oasys_concern hostel_setting;
	struct oasys_concern vulnerability;
	char *assessed_on;
};

struct oasys_rmp {
	char *assessed_on;
	char *key_information;          /* key information about the current situation */
	char *further_considerations;
	char *supervision;
	char *monitoring_and_control;
	char *interventions_and_treatment;
	char *victim_safety_planning;
	char *contingency_plans;
	char *additional_comments;
};

struct oasys_need {
	char *section;        /* ACCOMMODATION, THINKING_AND_BEHAVIOUR, ... */
	char *name;           /* "Accommodation" */
	bool has_score;
	long long score;
	bool has_threshold;
	long long threshold;
	char *severity;       /* NO_NEED, STANDARD, SEVERE */
	bool has_identified;
	bool identified;      /* identified as a need */
	bool has_risk_of_harm;
	bool risk_of_harm;
	bool has_risk_of_reoffending;
	bool risk_of_reoffending;
};

struct oasys_needs {
	char *assessed_on;
	struct oasys_need *items;
	size_t n;
};

struct oasys_score {
	bool has_one_year;
	double one_year;
	bool has_two_years;
	double two_years;
	bool has_percentage;
	double percentage;
	char *level;          /* LOW, MEDIUM, HIGH, VERY_HIGH as received */
};

struct oasys_predictors {
	char *assessed_on;    /* completedDate of the latest calculation */
	char *status;
	struct oasys_score ogrs;          /* group reconviction (OGRS3) */
	struct oasys_score ovp;           /* violence predictor */
	struct oasys_score ogp;           /* general predictor */
	struct oasys_score rsr;           /* risk of serious recidivism */
	struct oasys_score osp_contact;   /* OSP-C / OSP-DC */
	struct oasys_score osp_indecent;  /* OSP-I / OSP-IIC */
};

/* GET /assessments/pni/{crn}: the OASys programme needs identifier answers
 * (programmes_catalogue.md 2.1): the 15 needs items, SARA levels, and what
 * OASys itself calculated (kept to show, never trusted over pni_evaluate). */
struct oasys_pni {
	bool has_assessment_id;
	long long assessment_id;
	enum pni_answer item[PNI_ITEM_COUNT]; /* assessment.questions */
	enum pni_sara sara_partner;           /* pniCalculation.saraRiskLevel */
	enum pni_sara sara_other;
	bool has_rsr;
	double rsr;                           /* assessment.rsrPercentage */
	enum pni_osp osp_dc, osp_iic;         /* assessment.osp.cdc / .iiic */
	char *ogrs3_risk, *ovp_risk;          /* bands as received ("LOW") */
	char *pathway;        /* pniCalculation.pni as received: H, M, A, O */
	char *need_level, *risk_level;        /* "H", "M", "L" as received */
	char **missing_fields;                /* pniCalculation.missingFields */
	size_t n_missing_fields;
};

/* ---- parsers (pure; used by the look-up, the tests and the fuzzers) ----- */

/* Each returns a new struct, or NULL when the body is not JSON of the right
 * overall kind, with the reason in err (err may be NULL).  Both the
 * refer-and-monitor / assess-risks-and-needs dialects and the OASys "ORDS"
 * bodies (assessments[]) are read. */
struct ndelius_case *ndelius_case_parse(const char *body, size_t len, struct strbuf *err);
struct responsible_officer *responsible_officer_parse(const char *body, size_t len,
						       struct strbuf *err);
struct ndelius_convictions *ndelius_convictions_parse(const char *body, size_t len,
						       struct strbuf *err);
struct oasys_rosh *oasys_rosh_parse(const char *body, size_t len, struct strbuf *err);
/* GET /risks/crn/{crn}: risk to self, and the RoSH summary when it is there
 * (*rosh may stay NULL).  Returns 0, or -1 (malformed) with err. */
int oasys_risks_parse(const char *body, size_t len, struct oasys_risk_to_self **rts,
		      struct oasys_rosh **rosh, struct strbuf *err);
struct oasys_rmp *oasys_rmp_parse(const char *body, size_t len, struct strbuf *err);
struct oasys_needs *oasys_needs_parse(const char *body, size_t len, struct strbuf *err);
struct oasys_predictors *oasys_predictors_parse(const char *body, size_t len,
						 struct strbuf *err);
struct oasys_pni *oasys_pni_parse(const char *body, size_t len, struct strbuf *err);

void ndelius_case_free(struct ndelius_case **p);
void responsible_officer_free(struct responsible_officer **p);
void ndelius_convictions_free(struct ndelius_convictions **p);
void oasys_rosh_free(struct oasys_rosh **p);
void oasys_risk_to_self_free(struct oasys_risk_to_self **p);
void oasys_rmp_free(struct oasys_rmp **p);
void oasys_needs_free(struct oasys_needs **p);
void oasys_predictors_free(struct oasys_predictors **p);
void oasys_pni_free(struct oasys_pni **p);

/* ---- the look-up ------------------------------------------------------- */

struct person_lookup {
	char crn[8];
	struct lookup_service_status service[LOOKUP_SERVICE_COUNT];
	struct lookup_source source[LOOKUP_ENDPOINT_COUNT];
	struct ndelius_case *details;              /* NULL when not known */
	struct responsible_officer *officer;
	struct ndelius_convictions *convictions;
	struct oasys_rosh *rosh;                   /* /summary, else the summary in /risks */
	struct oasys_risk_to_self *risk_to_self;
	struct oasys_rmp *rmp;
	struct oasys_needs *needs;
	struct oasys_predictors *predictors;
	struct oasys_pni *pni;                     /* the PNI answers */
	int http_requests;     /* requests sent for this look-up, token requests included */
	double seconds;        /* wall time of the whole look-up */
};

void person_lookup_free(struct person_lookup **p);

/* Holds the HMPPS Auth token cache and the connection cache; one per process
 * is enough.  Safe to use from several threads at once. */
struct lookup_client;

/* cfg must outlive the client.  Returns NULL only on ENOMEM (err says so). */
struct lookup_client *lookup_client_new(const struct ct_config *cfg, struct strbuf *err);
void lookup_client_free(struct lookup_client **c);

enum lookup_flags {
	LOOKUP_REFRESH = 1 << 0,      /* ask even when the cache is fresh */
	LOOKUP_SKIP_NDELIUS = 1 << 1, /* leave nDelius endpoints NOT_ASKED */
	LOOKUP_SKIP_OASYS = 1 << 2,   /* leave OASys endpoints NOT_ASKED */
};

/* Looks the person up.  db may be NULL (no cache and no audit; tests only).
 * Returns CT_OK with *out filled whatever the services answered (see each
 * service's outcome), CT_USAGE for a malformed CRN (err holds
 * LOOKUP_CRN_FORMAT_MESSAGE), or CT_NOMEM.  Free *out with person_lookup_free. */
enum ct_status lookup_person(struct lookup_client *c, PGconn *db, const char *crn,
			     unsigned flags, struct person_lookup **out, struct strbuf *err);

/* CT_NOT_FOUND when nDelius has no such person, else CT_UPSTREAM when a
 * service asked was unavailable or malformed, else CT_OK. */
enum ct_status lookup_person_status(const struct person_lookup *p);

/* For tests: replaces the monotonic clock (seconds) the token cache uses. */
void lookup_client_set_clock(struct lookup_client *c, double (*now)(void *arg), void *arg);
/* HTTP requests this client has made to HMPPS Auth, for tests and `check`. */
long lookup_client_token_requests(const struct lookup_client *c);

/* ---- reading the result ------------------------------------------------ */

/* Gathers what pni_evaluate() needs from one look-up (fixtures README, "The
 * PNI pathway"): sex from nDelius; the needs items and SARA levels from the
 * PNI answers; OGRS3 and OVP (two-year %), RSR % and the OSP-DC/IIC levels
 * from the predictors, else from the PNI answers.  What is not there stays
 * missing.  Returns true when OASys gave PNI answers or predictors. */
bool lookup_pni_input(const struct person_lookup *p, struct pni_input *out);

/* Resolves a dotted pre-fill path ("ndelius.details.name.forename",
 * "ndelius.responsible_officer.email", "oasys.rosh.riskToChildren",
 * "oasys.rosh.whoIsAtRisk", "oasys.risk_to_self.suicide", ...) against p and
 * appends the value, as received (not sanitised), to out.  Path segments
 * match ignoring case and underscores (riskToSelf = risk_to_self).  Returns
 * 0 when found, 1 when missing (unknown path, service not answered, or no
 * value), -1 on ENOMEM.  The list of paths is at the top of prefill.c. */
int lookup_prefill_get(const struct person_lookup *p, const char *path, struct strbuf *out);

/* Appends labelled text for a terminal ("Name: Alex River"), every value
 * passed through text_sanitize.  Returns 0 or -1 on ENOMEM. */
int lookup_person_describe(const struct person_lookup *p, struct strbuf *out);

/* Normalised JSON of the whole result (outcomes, ages, every struct), as a
 * new string the caller frees.  ascii: escape all non-ASCII (for a terminal).
 * NULL on ENOMEM. */
char *lookup_person_json(const struct person_lookup *p, bool ascii);

#endif
