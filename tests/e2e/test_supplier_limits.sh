#!/bin/bash
# test_supplier_limits.sh: session feedback over 2000 characters is refused
# in words by the form, and nothing typed is lost; the shorter text is then
# recorded.  (Dates and postcodes: test_supplier_missed.)
. "$(dirname "$0")/lib.sh"

DEMO="$(dirname "$0")/../fixtures/demo"
e2e_db
for f in 10_staff.sql 20_interventions.sql; do
	e2e_sql -f "$DEMO/$f" >/dev/null || fail "demo $f"
done
R2=de0de000-0000-4000-8000-000000000002
KATE="(SELECT id FROM staff WHERE username = 'sp_kate')"
e2e_sql -c "SELECT supplier_schedule(jsonb_build_object('referralId', '$R2',
  'appointmentTime', now() - interval '1 hour', 'durationMinutes', 60,
  'deliveryType', 'PHONE_CALL', 'createdBy', $KATE, 'createdAt', now() - interval '2 days'))" \
	>/dev/null || fail "booking the assessment"
E2E_ROLE=sp_kate

e2e_start
wait_for "Kate Morgan"
keys s
wait_for "1. Referrals sent to your contracts"
keys Enter ']'
wait_for "[Assigned to me 1]"
keys Enter
wait_for "Harry Fielding (K320021)"
shows "awaiting feedback"
keys f
wait_for "Did they come to the appointment?"
keys 1 Tab y
keys F2
wait_for "What did you do in the session?"
type_text "$(printf 'x%.0s' $(seq 1 2001))"
keys Tab
type_text "Listened well."
keys F2
wait_for "There is a problem"
screen | grep -q "2000" || fail "the limit of 2000 characters is not said"
shows "Listened well."
keys Enter C-u
type_text "Talked about what he wants from the sessions."
keys F2
wait_for "Tell the probation practitioner about"
keys F2
wait_for "Check your answers"
keys F2
wait_for "Attendance and feedback recorded"
keys F10 y
wait_exit 0
[ "$(e2e_sql -Atc "SELECT f.attended || ' ' || length(f.session_summary) FROM appointment_feedback f
	WHERE f.referral_id = '$R2'")" = "YES 45" ] || fail "the feedback is not what was typed"
