/* referral.c: Refer and Monitor referral state derivation; see referral.h.
 * Rules quote interventions.md §1.6 (ReferralConcluder.kt) and §2.8. */
#include "domain/referral.h"

#include <stddef.h>

static const char *const stage_labels[] = {
#define X(name, label) label,
	RM_STAGE_LIST(X)
#undef X
};

const char *rm_stage_label(enum rm_stage s)
{
	return (unsigned)s < RM_STAGE_COUNT ? stage_labels[s] : "?";
}

const char *rm_delivery_state_name(enum rm_delivery_state d)
{
	static const char *const v[] = {"NOT_DELIVERING_YET", "MISSING_FIRST_SUBSTANTIVE_APPOINTMENT",
					"IN_PROGRESS", "COMPLETED"};

	return (unsigned)d < 4 ? v[d] : "?";
}

const char *rm_concluded_state_name(enum rm_concluded_state c)
{
	static const char *const v[] = {"CANCELLED", "PREMATURELY_ENDED", "COMPLETED"};

	return (unsigned)c < 3 ? v[c] : "?";
}

const char *rm_concluded_state_label(enum rm_concluded_state c)
{
	static const char *const v[] = {"Cancelled", "Prematurely ended", "Completed"};

	return (unsigned)c < 3 ? v[c] : "?";
}

const char *rm_end_state_name(enum rm_end_state e)
{
	static const char *const v[] = {"AWAITING_END_OF_SERVICE_REPORT", "CAN_CONCLUDE"};

	return (unsigned)e < 2 ? v[e] : "?";
}

const char *rm_withdrawal_state_name(enum rm_withdrawal_state w)
{
	static const char *const v[] = {"PRE_ICA_WITHDRAWAL", "POST_ICA_WITHDRAWAL",
					"POST_ICA_CLOSE_REFERRAL_EARLY"};

	return (unsigned)w < 3 ? v[w] : "?";
}

/* §1.6 DeliveryState: "NOT_DELIVERING_YET (no approved action plan);
 * MISSING_FIRST_SUBSTANTIVE_APPOINTMENT; IN_PROGRESS; COMPLETED (every session
 * has attendance)". */
static enum rm_delivery_state delivery_state(const struct rm_facts *f)
{
	if (!f->action_plan_approved)
		return RM_NOT_DELIVERING_YET;
	if (f->sessions_attended <= 0)
		return RM_MISSING_FIRST_SUBSTANTIVE_APPOINTMENT;
	if (f->sessions_with_attendance >= f->planned_sessions)
		return RM_DELIVERY_COMPLETED;
	return RM_IN_PROGRESS;
}

void rm_derive(const struct rm_facts *f, struct rm_state *out)
{
	enum rm_delivery_state d = delivery_state(f);

	out->delivery = d;
	/* (requiresEndOfServiceReport, inProgress, concludedState):
	 * NOT_DELIVERING_YET (false, true, CANCELLED);
	 * MISSING_FIRST_SUBSTANTIVE_APPOINTMENT (false, true, CANCELLED);
	 * IN_PROGRESS (true, true, PREMATURELY_ENDED);
	 * COMPLETED (true, false, COMPLETED) */
	out->requires_eosr = d == RM_IN_PROGRESS || d == RM_DELIVERY_COMPLETED;
	out->in_progress = d != RM_DELIVERY_COMPLETED;
	out->concluded_state = d == RM_DELIVERY_COMPLETED ? RM_COMPLETED
			       : d == RM_IN_PROGRESS	  ? RM_PREMATURELY_ENDED
							  : RM_CANCELLED;
	/* endState(): requiresEndOfServiceReport && endOfServiceReport?.submittedAt
	 * == null -> AWAITING_END_OF_SERVICE_REPORT, else CAN_CONCLUDE */
	out->end = out->requires_eosr && !f->eosr_submitted ? RM_AWAITING_END_OF_SERVICE_REPORT
							     : RM_CAN_CONCLUDE;
	/* requiresEndOfServiceReportCreation(): a started report -> false; in
	 * progress and not cancelled -> false; else requiresEndOfServiceReport */
	if (f->eosr_started || f->eosr_submitted)
		out->eosr_creation_required = false;
	else if (out->in_progress && !f->end_requested)
		out->eosr_creation_required = false;
	else
		out->eosr_creation_required = out->requires_eosr;
	/* withdrawalState(): 0 attended -> PRE_ICA_WITHDRAWAL; 1 attended and a
	 * report required -> POST_ICA_WITHDRAWAL; else POST_ICA_CLOSE_REFERRAL_EARLY */
	if (f->sessions_attended <= 0)
		out->withdrawal = RM_PRE_ICA_WITHDRAWAL;
	else if (f->sessions_attended == 1 && out->eosr_creation_required)
		out->withdrawal = RM_POST_ICA_WITHDRAWAL;
	else
		out->withdrawal = RM_POST_ICA_CLOSE_REFERRAL_EARLY;
	/* status PRE_ICA flips to POST_ICA on the first attended delivery session */
	out->post_ica = f->sessions_attended > 0;
	/* Referral.endState */
	if (!f->concluded)
		out->end_state = NULL;
	else if (!f->end_requested)
		out->end_state = "completed";
	else if (!f->eosr_started && !f->eosr_submitted)
		out->end_state = "cancelled";
	else
		out->end_state = "ended";

	/* where it is, the latest step first */
	if (!f->sent)
		out->stage = RM_STAGE_DRAFT;
	else if (f->concluded)
		out->stage = RM_STAGE_CONCLUDED;
	else if (f->end_requested || f->eosr_submitted || d == RM_DELIVERY_COMPLETED)
		out->stage = out->end == RM_AWAITING_END_OF_SERVICE_REPORT
				     ? RM_STAGE_AWAITING_END_OF_SERVICE_REPORT
				     : RM_STAGE_READY_TO_CONCLUDE;
	else if (f->sessions_with_attendance > 0 && f->action_plan_approved)
		out->stage = RM_STAGE_SESSIONS_IN_PROGRESS;
	else if (f->action_plan_approved)
		out->stage = RM_STAGE_ACTION_PLAN_APPROVED;
	else if (f->action_plan_submitted)
		out->stage = RM_STAGE_ACTION_PLAN_SUBMITTED;
	else if (f->saa_delivered)
		out->stage = RM_STAGE_SAA_DELIVERED;
	else if (f->assigned)
		out->stage = RM_STAGE_ASSIGNED;
	else
		out->stage = RM_STAGE_SENT;
}
