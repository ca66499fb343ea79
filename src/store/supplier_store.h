/* supplier_store.h: what a supplier records about a referral (caseworker,
 * appointments, attendance and feedback, action plan, sessions,
 * end-of-service report) and what the practitioner does with it (approve
 * the plan, the attention list), plus the supplier performance report.
 *
 * The rules are in migration 0007 (supplier_assign, supplier_schedule,
 * supplier_record_feedback, supplier_submit_action_plan,
 * pp_approve_action_plan, supplier_submit_eosr ...), and who may see or
 * change what is row-level security: every function here runs as the
 * signed-in member of staff and writes, in one transaction, the rows, the
 * audit_log rows and the outbox events of the reference.
 *
 * Conventions as referral_store.h: inputs borrowed, outputs owned by the
 * caller (free with the _free next to them); times ISO 8601 UTC; changing
 * functions refuse (CT_USAGE) to run inside a transaction the caller has
 * open.  Status: CT_OK; CT_NOT_FOUND (not there, or not yours to see);
 * CT_CONFLICT (someone else changed it first: err says who, in words);
 * CT_USAGE (input the rules refuse, err says why in words); CT_ERR (not
 * allowed for your role); CT_DB; CT_NOMEM. */
#ifndef CASETERM_SUPPLIER_STORE_H
#define CASETERM_SUPPLIER_STORE_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/status.h"
#include "util/strbuf.h"

/* The longest feedback text the database accepts (characters). */
#define SUPPLIER_TEXT_MAX 2000

/* ---- caseworkers ------------------------------------------------------- */

struct supplier_caseworker {
	long id;              /* staff id */
	char *name;
	char *provider_name;
	bool me;
};

/* Supplier caseworkers who may be assigned the referral (its prime
 * provider's and subcontractors').  Free with supplier_caseworkers_free. */
enum ct_status supplier_caseworkers(PGconn *db, const char *referral_id,
				    struct supplier_caseworker **out, size_t *n,
				    struct strbuf *err);
void supplier_caseworkers_free(struct supplier_caseworker **list, size_t n);

/* Assigns staff_id, if the referral is still assigned to expected (0:
 * unassigned) as the caller saw it; otherwise CT_CONFLICT and err says who
 * assigned it to whom (two caseworkers at once: the first wins).  Event
 * intervention.referral.assigned. */
enum ct_status supplier_assign(PGconn *db, const char *referral_id, long staff_id, long expected,
			       struct strbuf *err);

/* ---- appointments ------------------------------------------------------ */

struct supplier_booking {
	const char *referral_id;
	int session_number;            /* 0: the supplier assessment appointment */
	const char *date;              /* YYYY-MM-DD */
	const char *time;              /* HH:MM, UK local time */
	int duration_minutes;
	const char *session_type;      /* ONE_TO_ONE | GROUP; NULL one to one */
	const char *delivery_type;     /* PHONE_CALL, VIDEO_CALL,
					* IN_PERSON_MEETING_PROBATION_OFFICE,
					* IN_PERSON_MEETING_OTHER */
	const char *nps_office_code;   /* probation office */
	const char *address_line1, *address_line2, *town_city, *county, *postcode;
	const char *reschedule_requested_by; /* when rescheduling */
	const char *rescheduled_reason;
};

/* Books (or, when the slot has an appointment without attendance, rebooks
 * with a reason) an appointment.  *id (may be NULL) gets the new id. */
enum ct_status supplier_schedule(PGconn *db, const struct supplier_booking *b, char **id,
				 struct strbuf *err);

struct supplier_feedback {
	const char *appointment_id;
	const char *attended;          /* yes | late | no */
	bool session_happened;         /* ignored when attended is no */
	const char *late_reason;
	const char *summary, *response;
	bool notify_behaviour;
	const char *behaviour;
	bool notify_concerns;
	const char *concerns;
	const char *future_plans;
	const char *no_attendance_information;
	const char *no_session_reason_type;  /* POP_ACCEPTABLE, POP_UNACCEPTABLE, LOGISTICS */
	const char *no_session_reason_detail;
};

/* Records attendance and feedback for an appointment that has taken place,
 * once.  Events: ....attended or ....missed, and ....session-feedback-
 * submitted.  *status (may be NULL) gets the session status code. */
enum ct_status supplier_record_feedback(PGconn *db, const struct supplier_feedback *f,
					char **status, struct strbuf *err);

/* ---- action plan and end of service ------------------------------------ */

/* Submits an action plan for approval.  *id (may be NULL) gets its id. */
enum ct_status supplier_submit_action_plan(PGconn *db, const char *referral_id,
					   const char *const *activities, size_t n_activities,
					   int sessions, char **id, struct strbuf *err);

/* The practitioner approves the plan waiting for approval (their own
 * referral): sessions are created.  *made (may be NULL) gets how many. */
enum ct_status supplier_approve_action_plan(PGconn *db, const char *plan_id, int *made,
					    struct strbuf *err);

struct supplier_outcome_input {
	const char *desired_outcome_id;
	const char *achievement_level;       /* ACHIEVED, PARTIALLY_ACHIEVED, NOT_ACHIEVED */
	const char *progression_comments;
	const char *additional_task_comments;
};

/* Submits the end-of-service report and concludes the referral.
 * *concluded_state (may be NULL) gets COMPLETED, PREMATURELY_ENDED or
 * CANCELLED. */
enum ct_status supplier_submit_eosr(PGconn *db, const char *referral_id, const char *further,
				    const struct supplier_outcome_input *outcomes, size_t n,
				    char **concluded_state, struct strbuf *err);

/* ---- reading a referral's delivery ----------------------------------- */

struct supplier_slot {
	char *appointment_id;    /* NULL: not scheduled */
	int session_number;      /* 0: assessment */
	char *time;              /* "Tue 24 Nov 2026 14:00" (UK time), or NULL */
	char *time_iso;
	int duration_minutes;
	char *method;            /* "Phone call", ... */
	char *where;             /* office name or address, or NULL */
	char *status;            /* notScheduled, scheduled, awaitingFeedback, ... */
	char *status_words;      /* "not scheduled", "scheduled", "awaiting feedback" ... */
	int earlier;             /* appointments it replaced or that were missed */
	bool flagged;            /* missed or "notify the practitioner" */
	char *feedback;          /* the feedback in lines, or NULL */
};

struct supplier_outcome {
	char *id;
	char *description;
};

struct supplier_progress {
	char *referral_id, *reference_number, *crn, *person_name, *intervention_title;
	char *state, *state_words;
	char *delivery_state;    /* NOT_DELIVERING_YET, ... (1.6) */
	bool open;
	bool mine_to_approve;    /* the caller is the sending PP */
	long assigned_to;        /* staff id, 0 unassigned */
	char *assigned_to_name;
	char *saa_status;        /* awaitingCaseworker, notScheduled, scheduled, delivered */
	struct supplier_slot saa;
	char *plan_id;           /* latest plan, NULL when none */
	char *plan_status;       /* "Not submitted", "Awaiting approval", "Approved" */
	int plan_sessions;
	char *plan_submitted_at, *plan_submitted_by, *plan_approved_at, *plan_approved_by;
	char **activities;
	size_t n_activities;
	struct supplier_slot *sessions;
	size_t n_sessions;
	bool eosr_required;      /* the report can be written now */
	char *eosr_submitted_at;
	struct supplier_outcome *outcomes;   /* the referral's desired outcomes */
	size_t n_outcomes;
};

/* Loads the delivery of one referral, read at one moment.  Free with
 * supplier_progress_free. */
enum ct_status supplier_progress_load(PGconn *db, const char *referral_id,
				      struct supplier_progress **out, struct strbuf *err);
void supplier_progress_free(struct supplier_progress **p);

/* ---- the practitioner's attention list ----------------------------------- */

struct attention_item {
	char *referral_id, *reference_number, *crn, *person_name;
	char *at;
	char *kind;              /* appointment | action_plan | case_note */
	char *summary;
	char *detail;            /* may be NULL */
	char *appointment_id;    /* for kind appointment: mark it seen */
};

enum ct_status attention_list(PGconn *db, struct attention_item **out, size_t *n,
			      struct strbuf *err);
void attention_items_free(struct attention_item **list, size_t n);
/* The practitioner has seen a flagged or missed appointment. */
enum ct_status attention_mark_seen(PGconn *db, const char *appointment_id, struct strbuf *err);

/* ---- performance report (reference 7.1) ---------------------------------- */

/* The supplier performance report for referrals sent from..to (YYYY-MM-DD,
 * both included, from 2021-06-01), one row per referral the caller may see
 * (a supplier: their contracts), the reference's columns in order; as a
 * table `caseterm report performance` and the screens print or save as CSV
 * (cas3_table_csv).  Release *out with cas3_table_release. */
struct cas3_table;
enum ct_status supplier_performance_report(PGconn *db, const char *from, const char *to,
					   struct cas3_table *out, struct strbuf *err);

#endif
