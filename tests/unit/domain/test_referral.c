/* test_referral.c: the Refer and Monitor referral state derived from its facts:
 * each lifecycle stage, delivery state, end state and withdrawal state. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "domain/domain.h"

static struct rm_state derive(const struct rm_facts *f)
{
	struct rm_state s;

	memset(&s, 0xA5, sizeof(s)); /* every field must be written */
	rm_derive(f, &s);
	return s;
}

/* A sent, assigned referral with an approved plan of 4 sessions. */
static struct rm_facts delivering(int recorded, int attended)
{
	struct rm_facts f;

	memset(&f, 0, sizeof(f));
	f.sent = f.assigned = f.saa_delivered = true;
	f.action_plan_submitted = f.action_plan_approved = true;
	f.planned_sessions = 4;
	f.sessions_with_attendance = recorded;
	f.sessions_attended = attended;
	return f;
}

static void test_lifecycle_stages(void **state)
{
	struct rm_facts f;
	struct rm_state s;

	(void)state;
	memset(&f, 0, sizeof(f));
	assert_int_equal(derive(&f).stage, RM_STAGE_DRAFT);
	f.sent = true;
	assert_int_equal(derive(&f).stage, RM_STAGE_SENT);
	f.assigned = true;
	assert_int_equal(derive(&f).stage, RM_STAGE_ASSIGNED);
	f.saa_delivered = true;
	assert_int_equal(derive(&f).stage, RM_STAGE_SAA_DELIVERED);
	f.action_plan_submitted = true;
	assert_int_equal(derive(&f).stage, RM_STAGE_ACTION_PLAN_SUBMITTED);
	f.action_plan_approved = true;
	f.planned_sessions = 3;
	s = derive(&f);
	assert_int_equal(s.stage, RM_STAGE_ACTION_PLAN_APPROVED);
	assert_int_equal(s.delivery, RM_MISSING_FIRST_SUBSTANTIVE_APPOINTMENT);
	f.sessions_with_attendance = 1; /* did not attend: recorded, not attended */
	s = derive(&f);
	assert_int_equal(s.stage, RM_STAGE_SESSIONS_IN_PROGRESS);
	assert_false(s.post_ica);
	f.sessions_with_attendance = 2;
	f.sessions_attended = 1;
	s = derive(&f);
	assert_int_equal(s.stage, RM_STAGE_SESSIONS_IN_PROGRESS);
	assert_int_equal(s.delivery, RM_IN_PROGRESS);
	assert_true(s.post_ica);
	f.sessions_with_attendance = 3;
	s = derive(&f);
	assert_int_equal(s.stage, RM_STAGE_AWAITING_END_OF_SERVICE_REPORT);
	assert_int_equal(s.delivery, RM_DELIVERY_COMPLETED);
	assert_true(s.eosr_creation_required);
	f.eosr_started = true;
	s = derive(&f);
	assert_int_equal(s.stage, RM_STAGE_AWAITING_END_OF_SERVICE_REPORT);
	assert_false(s.eosr_creation_required);
	f.eosr_submitted = true;
	s = derive(&f);
	assert_int_equal(s.stage, RM_STAGE_READY_TO_CONCLUDE);
	assert_int_equal(s.end, RM_CAN_CONCLUDE);
	assert_null(s.end_state);
	f.concluded = true;
	s = derive(&f);
	assert_int_equal(s.stage, RM_STAGE_CONCLUDED);
	assert_int_equal(s.concluded_state, RM_COMPLETED);
	assert_string_equal(s.end_state, "completed");
	/* a draft stays a draft whatever else is set */
	f.sent = false;
	assert_int_equal(derive(&f).stage, RM_STAGE_DRAFT);
}

static void test_delivery_states(void **state)
{
	struct rm_facts f = delivering(0, 0);
	struct rm_state s;

	(void)state;
	f.action_plan_approved = false;
	s = derive(&f);
	assert_int_equal(s.delivery, RM_NOT_DELIVERING_YET);
	assert_false(s.requires_eosr);
	assert_true(s.in_progress);
	assert_int_equal(s.concluded_state, RM_CANCELLED);

	f = delivering(2, 0); /* two did-not-attend records */
	s = derive(&f);
	assert_int_equal(s.delivery, RM_MISSING_FIRST_SUBSTANTIVE_APPOINTMENT);
	assert_false(s.requires_eosr);
	assert_true(s.in_progress);
	assert_int_equal(s.concluded_state, RM_CANCELLED);

	f = delivering(3, 1); /* one short of the plan */
	s = derive(&f);
	assert_int_equal(s.delivery, RM_IN_PROGRESS);
	assert_true(s.requires_eosr);
	assert_true(s.in_progress);
	assert_int_equal(s.concluded_state, RM_PREMATURELY_ENDED);

	f = delivering(4, 1); /* every planned session has attendance */
	s = derive(&f);
	assert_int_equal(s.delivery, RM_DELIVERY_COMPLETED);
	assert_true(s.requires_eosr);
	assert_false(s.in_progress);
	assert_int_equal(s.concluded_state, RM_COMPLETED);
}

static void test_end_state(void **state)
{
	struct rm_facts f;

	(void)state;
	f = delivering(0, 0);
	assert_int_equal(derive(&f).end, RM_CAN_CONCLUDE); /* no report needed */
	f = delivering(3, 2);
	assert_int_equal(derive(&f).end, RM_AWAITING_END_OF_SERVICE_REPORT);
	f.eosr_started = true; /* a draft report is not enough */
	assert_int_equal(derive(&f).end, RM_AWAITING_END_OF_SERVICE_REPORT);
	f.eosr_submitted = true;
	assert_int_equal(derive(&f).end, RM_CAN_CONCLUDE);
	f = delivering(4, 4);
	assert_int_equal(derive(&f).end, RM_AWAITING_END_OF_SERVICE_REPORT);
}

static void test_withdrawal_and_early_end(void **state)
{
	struct rm_facts f;
	struct rm_state s;

	(void)state;
	/* withdrawn before anything was delivered: cancelled, no report */
	f = delivering(0, 0);
	f.end_requested = true;
	s = derive(&f);
	assert_int_equal(s.withdrawal, RM_PRE_ICA_WITHDRAWAL);
	assert_int_equal(s.stage, RM_STAGE_READY_TO_CONCLUDE);
	assert_false(s.eosr_creation_required);
	f.concluded = true;
	s = derive(&f);
	assert_int_equal(s.concluded_state, RM_CANCELLED);
	assert_string_equal(s.end_state, "cancelled");

	/* ended after one attended session: a report is needed first */
	f = delivering(1, 1);
	f.end_requested = true;
	s = derive(&f);
	assert_int_equal(s.withdrawal, RM_POST_ICA_WITHDRAWAL);
	assert_int_equal(s.stage, RM_STAGE_AWAITING_END_OF_SERVICE_REPORT);
	assert_true(s.eosr_creation_required);
	assert_int_equal(s.concluded_state, RM_PREMATURELY_ENDED);
	f.eosr_started = f.eosr_submitted = f.concluded = true;
	s = derive(&f);
	assert_string_equal(s.end_state, "ended");
	assert_int_equal(s.concluded_state, RM_PREMATURELY_ENDED);
	/* "ended" is about a report existing, even one never submitted */
	f.eosr_submitted = false;
	assert_string_equal(derive(&f).end_state, "ended");

	/* two attended: close early */
	f = delivering(2, 2);
	f.end_requested = true;
	assert_int_equal(derive(&f).withdrawal, RM_POST_ICA_CLOSE_REFERRAL_EARLY);
	/* one attended while still in progress and not ended: no report due, so
	 * the rule gives "close early" (POST_ICA_WITHDRAWAL needs one due) */
	f = delivering(1, 1);
	s = derive(&f);
	assert_false(s.eosr_creation_required);
	assert_int_equal(s.withdrawal, RM_POST_ICA_CLOSE_REFERRAL_EARLY);
	/* one attended, delivery complete: a report is due */
	f = delivering(4, 1);
	assert_int_equal(derive(&f).withdrawal, RM_POST_ICA_WITHDRAWAL);
	/* ... unless one was started */
	f.eosr_started = true;
	assert_int_equal(derive(&f).withdrawal, RM_POST_ICA_CLOSE_REFERRAL_EARLY);
	/* concluded with no end requested but a withdrawal-free completion */
	f = delivering(4, 4);
	f.eosr_started = f.eosr_submitted = f.concluded = true;
	assert_string_equal(derive(&f).end_state, "completed");
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(rm_stage_label(RM_STAGE_DRAFT), "Draft");
	assert_string_equal(rm_stage_label(RM_STAGE_AWAITING_END_OF_SERVICE_REPORT),
			    "Awaiting end of service report");
	assert_string_equal(rm_stage_label((enum rm_stage)99), "?");
	assert_string_equal(rm_delivery_state_name(RM_MISSING_FIRST_SUBSTANTIVE_APPOINTMENT),
			    "MISSING_FIRST_SUBSTANTIVE_APPOINTMENT");
	assert_string_equal(rm_delivery_state_name(RM_DELIVERY_COMPLETED), "COMPLETED");
	assert_string_equal(rm_concluded_state_name(RM_PREMATURELY_ENDED), "PREMATURELY_ENDED");
	assert_string_equal(rm_concluded_state_label(RM_PREMATURELY_ENDED), "Prematurely ended");
	assert_string_equal(rm_end_state_name(RM_CAN_CONCLUDE), "CAN_CONCLUDE");
	assert_string_equal(rm_withdrawal_state_name(RM_POST_ICA_CLOSE_REFERRAL_EARLY),
			    "POST_ICA_CLOSE_REFERRAL_EARLY");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lifecycle_stages),
		cmocka_unit_test(test_delivery_states),
		cmocka_unit_test(test_end_state),
		cmocka_unit_test(test_withdrawal_and_early_end),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
