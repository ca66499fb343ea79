/* referral.h: the Refer and Monitor referral's state, derived from what is on
 * record (interventions.md §1.6, §2.8).  Pure: facts in, state out. */
#ifndef CASETERM_DOMAIN_REFERRAL_H
#define CASETERM_DOMAIN_REFERRAL_H

#include <stdbool.h>

/*
 * §1.6: "Status is derived from actor/timestamp columns, not held in one
 * status field."  These are the facts the columns and child rows give.
 */
struct rm_facts {
	bool sent;                  /* a referral row (sent_at); false = still a draft */
	bool assigned;              /* a referral_assignments row */
	bool saa_delivered;         /* supplier assessment appointment attended, feedback submitted */
	bool action_plan_submitted; /* an action plan with submitted_at */
	bool action_plan_approved;  /* the latest approved action plan exists (approved_at) */
	int planned_sessions;       /* number_of_sessions of that approved plan */
	int sessions_with_attendance; /* delivery sessions with attendance recorded */
	int sessions_attended;      /* delivery sessions attended (YES or LATE) */
	bool end_requested;         /* end_requested_at: the PP withdrew or closed it early */
	bool eosr_started;          /* an end_of_service_report row, draft or submitted */
	bool eosr_submitted;        /* its submitted_at */
	bool concluded;             /* concluded_at */
};

/* Where the referral is, following the §1.6 lifecycle: name, label. */
#define RM_STAGE_LIST(_)                                                        \
	_(DRAFT, "Draft")                                                       \
	_(SENT, "Sent, not assigned")                                           \
	_(ASSIGNED, "Assigned")                                                 \
	_(SAA_DELIVERED, "Initial assessment delivered")                        \
	_(ACTION_PLAN_SUBMITTED, "Action plan submitted")                       \
	_(ACTION_PLAN_APPROVED, "Action plan approved")                         \
	_(SESSIONS_IN_PROGRESS, "Sessions in progress")                         \
	_(AWAITING_END_OF_SERVICE_REPORT, "Awaiting end of service report")     \
	_(READY_TO_CONCLUDE, "Ready to conclude")                               \
	_(CONCLUDED, "Concluded")

enum rm_stage {
#define RM_STAGE_ENUM(name, label) RM_STAGE_##name,
	RM_STAGE_LIST(RM_STAGE_ENUM)
#undef RM_STAGE_ENUM
	RM_STAGE_COUNT
};

/* ReferralConcluder DeliveryState (§1.6). */
enum rm_delivery_state {
	RM_NOT_DELIVERING_YET,                 /* no approved action plan */
	RM_MISSING_FIRST_SUBSTANTIVE_APPOINTMENT, /* plan approved, no session attended */
	RM_IN_PROGRESS,                        /* some session attended, not all recorded */
	RM_DELIVERY_COMPLETED,                 /* every planned session has attendance */
};

/* ReferralConcludedState: the deliveryState in the concluded/ended events. */
enum rm_concluded_state {
	RM_CANCELLED,
	RM_PREMATURELY_ENDED,
	RM_COMPLETED,
};

/* ReferralEndState. */
enum rm_end_state {
	RM_AWAITING_END_OF_SERVICE_REPORT,
	RM_CAN_CONCLUDE,
};

/* ReferralWithdrawalState, returned by GET /sent-referral/{id} as withdrawalState. */
enum rm_withdrawal_state {
	RM_PRE_ICA_WITHDRAWAL,
	RM_POST_ICA_WITHDRAWAL,
	RM_POST_ICA_CLOSE_REFERRAL_EARLY,
};

struct rm_state {
	enum rm_stage stage;
	enum rm_delivery_state delivery;
	/* DeliveryState flags: requiresEndOfServiceReport, inProgress */
	bool requires_eosr;
	bool in_progress;
	/* the state it concludes (or concluded) in, from the delivery state */
	enum rm_concluded_state concluded_state;
	enum rm_end_state end;
	enum rm_withdrawal_state withdrawal;
	/* SentReferralDTO.endOfServiceReportCreationRequired */
	bool eosr_creation_required;
	/* referral.status POST_ICA (first delivery session attended) */
	bool post_ica;
	/* Referral.endState: NULL (not concluded), "completed", "cancelled", "ended" */
	const char *end_state;
};

/*
 * Derives the whole state from the facts (§1.6, ReferralConcluder):
 *  - delivery: no approved plan -> NOT_DELIVERING_YET; no session attended ->
 *    MISSING_FIRST_SUBSTANTIVE_APPOINTMENT; every planned session with
 *    attendance -> COMPLETED; else IN_PROGRESS.  requiresEndOfServiceReport
 *    for IN_PROGRESS and COMPLETED; inProgress for all but COMPLETED;
 *    concluded state CANCELLED, CANCELLED, PREMATURELY_ENDED, COMPLETED.
 *  - end: AWAITING_END_OF_SERVICE_REPORT when the delivery needs a report and
 *    none is submitted (§2.8: submitting it "triggers conclusion"), else
 *    CAN_CONCLUDE.
 *  - withdrawal: no session attended -> PRE_ICA_WITHDRAWAL; exactly one
 *    attended and a report must be created -> POST_ICA_WITHDRAWAL; else
 *    POST_ICA_CLOSE_REFERRAL_EARLY.
 *  - report creation required: not when a report exists; not while delivery
 *    is in progress and no end is requested; else requiresEndOfServiceReport.
 *  - end_state: concluded and no end requested -> "completed"; end requested
 *    without a report -> "cancelled"; with one -> "ended".
 * out is overwritten; nothing is allocated.
 */
void rm_derive(const struct rm_facts *f, struct rm_state *out);

/* Static strings, never NULL ("?" when out of range). */
const char *rm_stage_label(enum rm_stage s);
/* "NOT_DELIVERING_YET", ... as the service names them */
const char *rm_delivery_state_name(enum rm_delivery_state d);
/* "CANCELLED", "PREMATURELY_ENDED", "COMPLETED" */
const char *rm_concluded_state_name(enum rm_concluded_state c);
/* "Cancelled", "Prematurely ended", "Completed" */
const char *rm_concluded_state_label(enum rm_concluded_state c);
const char *rm_end_state_name(enum rm_end_state e);
const char *rm_withdrawal_state_name(enum rm_withdrawal_state w);

#endif
