#!/bin/bash
# test_supplier_complete.sh: from an attended assessment to the end: the
# supplier (demo sp_kate) submits an action plan of one session; the
# practitioner (pp_anna) finds it in her attention list and approves it,
# which makes the session; the supplier records the session as attended and
# writes the end-of-service report, and the referral concludes as completed
# (the Completed tab).  The assessment and the session's time in the past
# are set up by the database owner through the same SQL functions.
. "$(dirname "$0")/lib.sh"

DEMO="$(dirname "$0")/../fixtures/demo"
e2e_db
for f in 10_staff.sql 20_interventions.sql; do
	e2e_sql -f "$DEMO/$f" >/dev/null || fail "demo $f"
done
R1=de0de000-0000-4000-8000-000000000001
KATE="(SELECT id FROM staff WHERE username = 'sp_kate')"
e2e_sql >/dev/null <<SQL || fail "setting up the assessment"
SELECT referral_assign('$R1', $KATE, $KATE, now() - interval '3 days');
SELECT supplier_record_feedback(jsonb_build_object(
  'appointmentId', supplier_schedule(jsonb_build_object('referralId', '$R1',
     'appointmentTime', now() - interval '1 day', 'durationMinutes', 60,
     'deliveryType', 'PHONE_CALL', 'createdBy', $KATE, 'createdAt', now() - interval '2 days')),
  'attended', 'yes', 'sessionSummary', 'Assessment done', 'sessionResponse', 'Keen',
  'submittedBy', $KATE));
SQL
E2E_ROLE=sp_kate

open_referral() {
	wait_for "Kate Morgan"
	keys s
	wait_for "1. Referrals sent to your contracts"
	keys Enter
	wait_for "Assigned to me 2"
	keys ']'
	wait_for "[Assigned to me 2]"
	keys Enter
	wait_for "Aadland Bertrand (X320741)"
}

e2e_start
open_referral
shows "The initial assessment has been delivered"
keys p
wait_for "Add one: Activities"
keys F3
wait_for "Activity (required)"
type_text "Find a flat near his work"
keys F2
wait_for "Number of sessions"
type_text "1"
keys F2
wait_for "Check your answers"
keys F2
wait_for "Action plan submitted"
keys Enter
wait_for "Action plan: Awaiting approval, 1 session"
keys F10 y
wait_exit 0

# the practitioner approves it from her attention list
E2E_ROLE=pp_anna
e2e_start
wait_for "Anna Clarke"
keys s
wait_for "1. Need your attention"
keys Enter
wait_for "Action plan awaiting your approval"
wait_until "the cursor is on the action plan" cursor_on "Action plan awaiting"
keys Enter
wait_for "Aadland Bertrand (X320741)"
keys v
wait_for "Approve the action plan (1 session)? y approves"
keys y
wait_for "Action plan approved"
shows "Session 1"
keys F10 y
wait_exit 0

# the session took place yesterday
e2e_sql -c "SELECT supplier_schedule(jsonb_build_object('referralId', '$R1',
  'kind', 'SERVICE_DELIVERY', 'sessionNumber', 1, 'appointmentTime', now() - interval '1 day',
  'durationMinutes', 60, 'deliveryType', 'VIDEO_CALL', 'createdBy', $KATE,
  'createdAt', now() - interval '2 days'))" >/dev/null || fail "booking the session"

E2E_ROLE=sp_kate
e2e_start
open_referral
keys Down
wait_until "session 1 is selected" cursor_on "Session 1"
shows "awaiting feedback"
keys f
wait_for "Did they come to the appointment?"
keys 1 Tab y
keys F2
wait_for "What did you do in the session?"
type_text "Viewed two flats in Canterbury."
keys Tab
type_text "Liked the second one."
keys F2
wait_for "Tell the probation practitioner about"
keys F2
wait_for "Check your answers"
keys F2
wait_for "Attendance and feedback recorded"
keys Enter
wait_for "Status: awaiting end of"

# the end-of-service report: one item per desired outcome
keys e
wait_for "Desired outcomes"
# save, and answer what the error summary asks for (Enter goes to it)
on_page_or_error() { screen | grep -qE "Any additional information|There is a problem"; }
for ((i = 0; i < 12; i++)); do
	keys F2
	wait_until "the next page or an error" on_page_or_error
	screen | grep -q "Any additional information" && break
	if screen | grep -q "> Error: .*achieved"; then
		keys Enter 1
	else
		keys Enter
		type_text "Has a tenancy from next month."
	fi
done
wait_for "Any additional information"
keys F2
wait_for "Check your answers"
shows "Achieved"
keys F2
wait_for "has concluded: completed"
keys Enter
wait_for "Status: completed."
keys Escape
wait_for "Completed 2"
keys F10 y
wait_exit 0
[ "$(e2e_sql -Atc "SELECT string_agg(event_type, ' ' ORDER BY seq) FROM outbox
	WHERE event_type LIKE 'intervention.referral.%' AND payload->>'referralId' = '$R1'")" = \
	"intervention.referral.concluded intervention.referral.ended" ] ||
	fail "the concluded and ended events are not in the outbox"
