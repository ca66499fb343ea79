/* referral_store.h: sent referrals (send, list, load, risk, amend, withdraw, case notes) and the interventions to refer to.
 *
 * The SQL is in referral_store.c and in the functions of migration 0004
 * (referral_send, referral_amend, referral_withdraw ...); who may see and
 * change what is decided by row-level security in the database, never here:
 * every function runs as the signed-in member of staff.
 *
 * Conventions:
 *  - Inputs are borrowed (const char *, NULL = not given); outputs are owned
 *    by the caller and freed with the _release (struct the caller holds) or
 *    _free (array or heap object the store allocated) function next to them.
 *  - Times come back as ISO 8601 in UTC ("2026-11-23T10:35:00Z"), dates as
 *    YYYY-MM-DD.  Text is as stored: pass it through text_sanitize() before
 *    drawing.
 *  - Functions that change data run their own transaction and refuse
 *    (CT_USAGE) to run inside one the caller has open.
 *  - Status: CT_OK; CT_NOT_FOUND (no such referral, or not one you may see);
 *    CT_CONFLICT (changed by someone else since you read it, or it has
 *    ended); CT_USAGE (input the rules refuse: the reason is in err, in
 *    words); CT_ERR (not allowed for your role); CT_DB; CT_NOMEM. */
#ifndef CASETERM_REFERRAL_STORE_H
#define CASETERM_REFERRAL_STORE_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/status.h"
#include "util/strbuf.h"

/* ---- risk fields (reference/interventions.md 3.4) ------------------------ */

enum referral_risk_field {
	RISK_WHO_IS_AT_RISK,
	RISK_NATURE_OF_RISK,
	RISK_IMMINENCE,
	RISK_SUICIDE,
	RISK_SELF_HARM,
	RISK_HOSTEL_SETTING,
	RISK_VULNERABILITY,
	RISK_ADDITIONAL_INFORMATION,
	RISK_FIELD_COUNT
};

/* "who_is_at_risk" ... as stored; NULL for an out-of-range value. */
const char *referral_risk_field_code(enum referral_risk_field f);
/* "Who is at risk", ... the check-your-answers labels; "" when out of range. */
const char *referral_risk_field_label(enum referral_risk_field f);
/* The field for a code, or RISK_FIELD_COUNT when unknown. */
enum referral_risk_field referral_risk_field_from_code(const char *code);

enum referral_risk_decision {
	RISK_NOT_GIVEN = 0,  /* the field is left out of the referral */
	RISK_CONFIRMED,      /* OASys text shared unchanged */
	RISK_EDITED,         /* the PP's text shared instead */
	RISK_REMOVED         /* nothing shared */
};
/* "CONFIRMED", "EDITED", "REMOVED"; "" for RISK_NOT_GIVEN. */
const char *referral_risk_decision_code(enum referral_risk_decision d);

/* ---- sending ----------------------------------------------------------- */

struct referral_person_input {
	const char *title, *first_name, *last_name;   /* first and last required */
	const char *date_of_birth;                     /* YYYY-MM-DD */
	const char *gender, *ethnicity, *preferred_language, *religion_or_belief;
	const char *const *disabilities;
	size_t n_disabilities;
};

struct referral_needs_input {
	const char *accessibility_needs;
	const char *additional_needs_information;
	bool needs_interpreter;
	const char *interpreter_language;              /* required when needs_interpreter */
	bool has_additional_responsibilities;
	const char *when_unavailable;                  /* required with responsibilities */
};

struct referral_location_input {
	bool custody;                                  /* false: in the community */
	const char *prison_id;
	const char *expected_release_date;             /* custody: this ...            */
	const char *expected_release_date_missing_reason; /* ... or why it is unknown */
	const char *expected_probation_office;
};

struct referral_details_input {
	const char *completion_deadline;               /* YYYY-MM-DD, after today */
	int maximum_enforceable_days;                  /* 0: not given */
	const char *reason_for_referral;
	const char *further_information;
};

/* Both sets are kept: as nDelius has them, and as the PP typed them. */
struct referral_pp_input {
	const char *ndelius_name, *ndelius_email_address, *ndelius_pdu;
	const char *ndelius_phone_number, *ndelius_team_phone_number;
	const char *name, *email_address, *pdu, *probation_office, *establishment;
	const char *role_job_title, *phone_number, *team_phone_number;
};

struct referral_category_input {
	const char *service_category_id;               /* e.g. "accommodation" */
	const char *complexity_level_id;               /* e.g. "accommodation:medium" */
	const char *const *desired_outcome_ids;        /* uuids */
	size_t n_desired_outcomes;
};

struct referral_risk_input {
	enum referral_risk_decision decision;
	const char *original;   /* the OASys text as read; NULL when OASys had none */
	const char *shared;     /* RISK_EDITED only: the text to share */
};

struct referral_send_input {
	const char *id;                /* optional uuid (so a retried send cannot double) */
	const char *intervention_id;
	const char *crn;
	bool has_relevant_sentence;
	long long relevant_sentence_id; /* nDelius conviction id */
	const char *relevant_sentence_end_date;
	struct referral_person_input person;
	struct referral_needs_input needs;
	struct referral_location_input location;
	struct referral_details_input details;
	struct referral_pp_input pp;
	const struct referral_category_input *categories; /* CRS: one or more */
	size_t n_categories;
	struct referral_risk_input risk[RISK_FIELD_COUNT];
	const char *risk_source;        /* NULL: "OASys" */
	const char *risk_assessed_on;   /* YYYY-MM-DD */
};

struct referral_sent {
	char *id;
	char *reference_number;   /* e.g. AB1234AC */
	char *sent_at;
	char *intervention_title;
	char *provider_name;      /* NULL when no supplier delivers it */
};
void referral_sent_release(struct referral_sent *s);

/* Sends a referral in one transaction: the referral with a new unique
 * reference, person snapshot, details version 1, PP details, categories,
 * outcomes and complexity levels, shared and original risk text, status
 * history, audit rows (referral.sent, risk.shared) and the outbox event
 * intervention.referral.sent.  Any failure leaves nothing behind.  On CT_OK
 * *out is filled (release it); otherwise it is zeroed. */
enum ct_status referral_send(PGconn *db, const struct referral_send_input *in,
			     struct referral_sent *out, struct strbuf *err);

struct referral_duplicate {
	char *reference_number;
	char *sent_at;
	char *sent_by_name;
};
void referral_duplicate_release(struct referral_duplicate *d);

/* Whether crn already has an open referral to intervention_id, whoever sent
 * it (the PP is told before sending).  *found says; when true *out holds the
 * newest one (release it). */
enum ct_status referral_find_open_duplicate(PGconn *db, const char *crn, const char *intervention_id,
					    bool *found, struct referral_duplicate *out,
					    struct strbuf *err);

/* ---- lists ------------------------------------------------------------- */

enum referral_scope { REFERRALS_OPEN = 0, REFERRALS_CLOSED, REFERRALS_ALL };

struct referral_list_filter {
	enum referral_scope scope;
	const char *text;        /* part of the reference, CRN or name; NULL = any */
	bool sent_by_me;         /* only those I sent (not my caseload's) */
	bool unassigned;         /* supplier: open, no caseworker */
	bool assigned_to_me;     /* supplier: my cases */
	bool needs_attention;    /* open, and referral_attention_reason() says why */
	int limit;               /* 0: 200 */
	int offset;
};

enum referral_sort {
	REFERRAL_SORT_SENT_DESC = 0,
	REFERRAL_SORT_SENT_ASC,
	REFERRAL_SORT_REFERENCE,
	REFERRAL_SORT_PERSON,
	REFERRAL_SORT_STATUS,
	REFERRAL_SORT_LAST_CHANGE,
	REFERRAL_SORT_INTERVENTION
};

struct referral_summary {
	char *id;
	char *reference_number;
	char *crn;
	char *person_name;        /* "First Last" from the snapshot */
	char *intervention_title;
	char *provider_name;      /* "" when none */
	char *state;              /* SENT, ASSIGNED, IN_PROGRESS, WITHDRAWN ... */
	char *state_words;        /* "sent", "assigned", "in progress", "withdrawn" ... */
	char *sent_at;
	char *sent_by_name;
	char *assigned_to_name;   /* NULL when unassigned */
	char *last_change_at;
	bool open;
	bool sent_by_me;
	char *attention_reason;   /* why it needs its practitioner, in words; NULL when not */
};

/* "My referrals" (PP: sent by me or for my caseload) and, with the supplier
 * flags, a supplier's dashboard: whatever the caller may see, filtered and
 * sorted.  *out is a new array of *n (free with referral_summaries_free). */
enum ct_status referral_list_mine(PGconn *db, const struct referral_list_filter *filter,
				  enum referral_sort sort, struct referral_summary **out, size_t *n,
				  struct strbuf *err);
void referral_summaries_free(struct referral_summary **list, size_t n);

/* ---- one referral -------------------------------------------------------- */

struct referral_outcome {
	char *id;
	char *description;
};

struct referral_category {
	char *service_category_id;
	char *service_category_name;
	char *complexity_level_id;     /* NULL when none */
	char *complexity_title;        /* "Medium complexity" */
	struct referral_outcome *outcomes;
	size_t n_outcomes;
};

/* One row of referral_timeline() (migration 0007), already in words. */
struct referral_timeline_entry {
	char *at;
	char *kind;       /* status | assignment | case_note | amendment | the
			   * supplier's kinds (appointments, action plan ...) */
	char *who;        /* display name of whoever acted; may be NULL */
	char *who_role;   /* their role: pp, sp, admin ...; may be NULL */
	char *summary;    /* one line: "Referral sent", "Assigned to Kate Morgan",
			   * "Case note from the service provider: Best time to call",
			   * "Changed: Complexity level" */
	char *detail;     /* a case note's body, "Reason: ...\nWas: ...\nNow: ...";
			   * may hold newlines; may be NULL */
	char *item_id;    /* the row it came from (a case note's id ...); may be NULL */
};

struct referral_view {
	char *id, *reference_number, *crn;
	char *intervention_id, *intervention_title, *intervention_kind, *intervention_kind_label;
	char *contract_reference, *contract_type_name, *provider_name;
	char *sent_at, *sent_by_name;
	bool sent_by_me;          /* the signed-in PP may amend and withdraw it */
	char *state, *state_words;
	char *ica_status;         /* PRE_ICA | POST_ICA */
	char *assigned_to_name;   /* NULL when unassigned */
	char *end_requested_at, *concluded_at;
	char *withdrawal_state, *withdrawal_reason_code, *withdrawal_reason, *withdrawal_comments;
	int version;              /* pass back to referral_amend / referral_withdraw */
	char *updated_at, *updated_by_name;
	/* person, as sent */
	char *title, *first_name, *last_name, *date_of_birth, *gender, *ethnicity;
	char *preferred_language, *religion_or_belief;
	char **disabilities;
	size_t n_disabilities;
	/* needs and requirements */
	char *accessibility_needs, *additional_needs_information;
	bool needs_interpreter;
	char *interpreter_language;
	bool has_additional_responsibilities;
	char *when_unavailable;
	/* location and sentence */
	char *location_type;      /* CUSTODY | COMMUNITY */
	char *prison_id, *expected_release_date, *expected_release_date_missing_reason;
	char *expected_probation_office;
	char *relevant_sentence_id, *relevant_sentence_end_date;
	/* current details version */
	char *completion_deadline;
	int maximum_enforceable_days;  /* 0: not given */
	char *reason_for_referral, *further_information;
	char *details_changed_at;
	/* PP details */
	char *ndelius_name, *ndelius_email_address, *ndelius_pdu;
	char *ndelius_phone_number, *ndelius_team_phone_number;
	char *pp_name, *pp_email_address, *pp_pdu, *pp_probation_office, *pp_establishment;
	char *pp_role_job_title, *pp_phone_number, *pp_team_phone_number;
	struct referral_category *categories;
	size_t n_categories;
	struct referral_timeline_entry *timeline;   /* oldest first */
	size_t n_timeline;
};

/* Loads one referral with its timeline (status history, case notes,
 * assignments, amendments), all read at one moment.  Risk text is not part
 * of it: see referral_risk_load.  *out is new (free with referral_view_free). */
enum ct_status referral_load(PGconn *db, const char *id, struct referral_view **out,
			     struct strbuf *err);
void referral_view_free(struct referral_view **v);

struct referral_risk_item {
	bool present;             /* the referral has this field */
	enum referral_risk_decision decision;
	char *shared_text;        /* NULL when removed */
	char *original_text;      /* NULL unless you may read it (sender, admin) */
};

struct referral_risk {
	char *source;             /* "OASys" */
	char *assessed_on;
	bool original_readable;   /* you may see the original OASys text */
	struct referral_risk_item items[RISK_FIELD_COUNT];
};

/* Reads the risk information of a referral and writes the audit row
 * risk.read in the same transaction (no audit row, no text).  Suppliers get
 * the shared text only; the sending PP and administrators also the original
 * OASys text.  Release *out with referral_risk_release. */
enum ct_status referral_risk_load(PGconn *db, const char *id, struct referral_risk *out,
				  struct strbuf *err);
void referral_risk_release(struct referral_risk *r);

/* One version of a referral's details (1.9): version 1 as sent, then one
 * per amendment of the completion date, enforceable days, reason for
 * referral or further information. */
struct referral_details_version {
	int version;                   /* 1 = as sent */
	char *created_at, *created_by; /* created_by: display name; may be NULL */
	char *completion_deadline;     /* YYYY-MM-DD or NULL */
	int maximum_enforceable_days;  /* 0: not given */
	char *reason_for_referral, *further_information;
	char *reason_for_change;       /* NULL for version 1 */
	bool current;
};

/* Every details version of a referral the caller may see, newest first
 * (referral_details_history() in SQL).  *out is a new array of *n (free with
 * referral_details_versions_free); none for a referral the caller may not see. */
enum ct_status referral_details_versions(PGconn *db, const char *id,
					 struct referral_details_version **out, size_t *n,
					 struct strbuf *err);
void referral_details_versions_free(struct referral_details_version **list, size_t n);

/* ---- changes after sending --------------------------------------------- */

enum referral_tristate { TRI_UNCHANGED = 0, TRI_NO, TRI_YES };

/* What to change.  A zeroed struct changes nothing: NULL = unchanged, ""
 * = clear, TRI_UNCHANGED, maximum_enforceable_days 0 = unchanged (-1
 * clears).  One category's complexity level and one category's outcomes
 * may change at a time (as the reference's screens do). */
struct referral_amendment {
	const char *completion_deadline;
	int maximum_enforceable_days;
	const char *reason_for_referral, *further_information;
	const char *accessibility_needs, *additional_needs_information;
	enum referral_tristate needs_interpreter;
	const char *interpreter_language;
	enum referral_tristate has_additional_responsibilities;
	const char *when_unavailable;
	const char *prison_id, *expected_release_date, *expected_release_date_missing_reason;
	const char *expected_probation_office;
	const char *pp_name, *pp_email_address, *pp_phone_number, *pp_team_phone_number;
	const char *pp_probation_office;
	const char *complexity_category_id, *complexity_level_id;
	const char *outcomes_category_id;
	const char *const *desired_outcome_ids;
	size_t n_desired_outcomes;
};

/* Who changed the referral since the caller read it, filled on CT_CONFLICT. */
struct referral_conflict {
	char *changed_by;         /* display name; NULL if unknown */
	char *changed_at;
	int version;              /* the version now */
};
void referral_conflict_release(struct referral_conflict *c);

/* Amends a referral the caller sent: a new details version where the
 * details change, one changelog row per topic, with reason (required).
 * expected_version is referral_view.version as the user saw it: when it has
 * moved, nothing changes, CT_CONFLICT is returned, *conflict (may be NULL)
 * says who and when, and err says so in words.  *new_version (may be NULL)
 * gets the version after the change. */
enum ct_status referral_amend(PGconn *db, const char *id, int expected_version,
			      const struct referral_amendment *changes, const char *reason,
			      int *new_version, struct referral_conflict *conflict,
			      struct strbuf *err);

struct referral_withdrawn {
	char *withdrawal_state;   /* PRE_ICA_WITHDRAWAL, POST_ICA_WITHDRAWAL, POST_ICA_CLOSE_REFERRAL_EARLY */
	char *delivery_state;     /* CANCELLED, PREMATURELY_ENDED, COMPLETED */
	char *concluded_at;
	int version;
};
void referral_withdrawn_release(struct referral_withdrawn *w);

/* Withdraws a referral the caller sent, with a withdrawal_reason code (and
 * optional comments): ends and concludes it, and writes the outbox events
 * intervention.referral.concluded and intervention.referral.ended.  Version
 * handling as referral_amend.  *out (may be NULL) says the resulting state. */
enum ct_status referral_withdraw(PGconn *db, const char *id, int expected_version,
				 const char *reason_code, const char *comments,
				 struct referral_withdrawn *out, struct referral_conflict *conflict,
				 struct strbuf *err);

/* Adds a case note (PP or supplier) to a referral the caller may write to.
 * *note_id (may be NULL) gets the new id, to free(). */
enum ct_status referral_add_case_note(PGconn *db, const char *referral_id, const char *subject,
				      const char *body, char **note_id, struct strbuf *err);

/* ---- interventions and the caseload -------------------------------------- */

struct intervention_filter {
	const char *kind;        /* CRS, STRUCTURED, CFO, ACCREDITED_PROGRAMME, TOOLKIT; NULL any */
	const char *text;        /* part of the title, provider or contract reference */
	const char *region_id;   /* NPS region: national and that region's (or its PCC areas') */
	int age;                 /* 0: any; else within minimum/maximum age */
	char sex;                /* 'M', 'F' or 0 for any */
	bool open_only;          /* only those taking referrals now */
};

struct intervention_summary {
	char *id, *title, *description;
	char *kind, *kind_label;
	char *contract_reference, *contract_type_code, *contract_type_name;
	char *provider_id, *provider_name;   /* NULL when probation delivers it */
	char *subcontractors;                /* "A, B" or NULL */
	char *region_name;                   /* NULL: national */
	int minimum_age;
	int maximum_age;                     /* 0: no upper limit */
	bool allows_female, allows_male;
	bool open;                           /* taking referrals now */
};

/* Interventions to pick from, by title.  *out is a new array of *n (free
 * with intervention_summaries_free). */
enum ct_status interventions_list(PGconn *db, const struct intervention_filter *f,
				  struct intervention_summary **out, size_t *n, struct strbuf *err);
void intervention_summaries_free(struct intervention_summary **list, size_t n);

struct intervention_choice {
	char *id;
	char *label;
	char *description;   /* may be NULL */
};

struct intervention_category {
	char *id, *name;
	struct intervention_choice *levels;     /* LOW, MEDIUM, HIGH */
	size_t n_levels;
	struct intervention_choice *outcomes;   /* current (not deprecated) */
	size_t n_outcomes;
};

/* The service categories an intervention's contract offers (one, or several
 * for a cohort contract), each with its complexity levels and desired
 * outcomes: the choices of the referral-details section.  Empty for an
 * intervention without a contract.  Free with intervention_categories_free. */
enum ct_status intervention_categories(PGconn *db, const char *intervention_id,
				       struct intervention_category **out, size_t *n,
				       struct strbuf *err);
void intervention_categories_free(struct intervention_category **list, size_t n);

/* The CRNs on the signed-in PP's caseload, in order.  *crns is a new array
 * of *n strings (free with caseload_crns_free). */
enum ct_status caseload_crns(PGconn *db, char ***crns, size_t *n, struct strbuf *err);
void caseload_crns_free(char ***crns, size_t n);

#endif
