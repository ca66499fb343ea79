#!/bin/bash
# test_referral_act.sh: the demo PP Anna acts on a referral she sent (issue
# 5, "After sending"): adds a case note, changes the complexity level with a
# reason (a new changelog row on the timeline, the value in words), then
# withdraws it with a reason from the reference table and sees the state in
# words, on the referral and in My referrals.
. "$(dirname "$0")/lib.sh"

e2e_db
e2e_demo pp_anna
e2e_start
wait_for "Anna Clarke"
keys r 2
wait_for "Show: open"
keys /
type_text "aadl"
keys Enter Enter
wait_for "[Summary]"
shows "Status: sent."
# a case note
keys n
wait_for "Add a case note"
type_text "Release plan"
keys Tab
type_text "He is due out in six weeks; family in Canterbury."
keys F2
wait_for "Check your answers"
keys F2
wait_for "Case note added"
keys Enter
wait_for "Case notes (1)"
keys 2
wait_for "Case note from the probation practitioner: Release plan"
# a change with a reason: complexity level, medium to high
keys a
wait_for "What do you want to change?"
keys 1
keys F2
wait_for "Complexity level (required)"
keys 3
keys F2
wait_for "Why are you making this change?"
keys F2
wait_for "Error: Enter a reason for changing the referral"
keys Enter
type_text "Lost his place at the approved premises."
keys F2
wait_for "Check your answers"
keys F2
wait_for "Referral changed"
keys Enter
wait_for "Changed: Complexity level"
shows "Reason: Lost his place at the approved premises."
shows "Was: Medium complexity"
shows "Now: High complexity"
[ "$(e2e_sql -tAc "SELECT count(*) FROM changelog WHERE topic = 'COMPLEXITY_LEVEL'")" = 1 ] ||
	fail "no changelog row"
# withdraw with a reason
keys w
wait_for "Why are you withdrawing this referral?"
not_shows "Intervention has been completed" # early closure: not before it started
keys 4
keys Tab
type_text "The council housed him."
keys F2
wait_for "Check your answers"
keys F2
wait_for "cannot be undone. y/n"
keys y
wait_for "Referral withdrawn"
shows "is withdrawn before the intervention"
shows "Reason: Needs met through another route."
keys Enter
wait_for "Status: withdrawn."
keys 2 End
wait_for "Referral withdrawn"
shows "Reason: Needs met through another route"
shows "More information: The council housed him."
# it can no longer be changed
keys a
wait_for "Error: this referral has ended"
keys Escape
wait_for "Show: open"
not_shows "Aadland Bertrand"
keys f
wait_for "Show: all"
wait_until "Aadland's row says withdrawn" eval 'screen | grep "Aadland Bertrand" | grep -q withdrawn'
keys F10 y
wait_exit 0
# the outbox tells nDelius the referral ended
[ "$(e2e_sql -tAc "SELECT count(*) FROM outbox WHERE crn = 'X320741' AND created_by = 'pp_anna'
  AND event_type = 'intervention.referral.ended'")" = 1 ] ||
	fail "no intervention.referral.ended event for the new withdrawal"
