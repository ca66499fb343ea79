#!/bin/bash
# test_supplier_missed.sh: a supplier caseworker (demo sp_kate, Shelter)
# sees only her provider's referrals in the dashboard tabs, searches, opens
# the unassigned one, assigns herself, books the assessment appointment
# (a date in the past, one more than 6 months ahead and a postcode that is
# not one are refused in words), and once the time has passed records it as
# missed with concerns (the 2000-character limit: test_supplier_limits); the
# practitioner who sent it (pp_anna) sees the flag in her attention list and
# marks it seen.
. "$(dirname "$0")/lib.sh"

DEMO="$(dirname "$0")/../fixtures/demo"
e2e_db
for f in 10_staff.sql 20_interventions.sql 50_supplier.sql; do
	e2e_sql -f "$DEMO/$f" >/dev/null || fail "demo $f"
done
R1=de0de000-0000-4000-8000-000000000001
# the demo roles are cluster-wide and shared: sign in as them, never drop them
E2E_ROLE=sp_kate

# "D M YYYY" for a day relative to today, and the parts of it
dmy() { date -d "$1" '+%-d %-m %Y'; }
type_date() {
	local d m y
	read -r d m y <<<"$(dmy "$1")"
	type_text "$d"; keys Tab; type_text "$m"; keys Tab; type_text "$y"
}

e2e_start
wait_for "Kate Morgan"
keys s
wait_for "1. Referrals sent to your contracts"
keys Enter
wait_for "[Unassigned 1]"
shows "Assigned to me 1"
shows "All open 2"
shows "Completed 1"
shows "Aadland Bertrand X320741"
not_shows "L420023"        # StepChange's referral: not Kate's contracts
not_shows "D002399"
keys ']' ']'
wait_for "[All open 2]"
shows "Harry Fielding K320021"
# search by name
keys /
type_text "fielding"
keys Enter
wait_for "Search: fielding"
shows "Harry Fielding K320021"
not_shows "X320741"
keys / Escape
wait_for "Search: none"
keys '[' '['
wait_for "[Unassigned 1]"

# open it and assign herself
keys Enter
wait_for "Aadland Bertrand (X320741)"
shows "Caseworker: not assigned yet."
keys a
wait_for "Who will work on this referral?"
type_text "Kate"
keys Enter
wait_for "Chosen: Kate Morgan"
keys F2
wait_for "Check your answers"
keys F2
wait_for "Caseworker assigned"
keys Enter
wait_for "Caseworker: Kate Morgan."

# book the assessment: bad dates first
keys b
wait_for "When is it?"
type_date yesterday
keys Tab; type_text "10:00"; keys Tab; type_text "60"
keys F2
wait_for "There is a problem"
keys Enter C-u
type_text "$(dmy '+7 months' | cut -d' ' -f1)"
keys Tab C-u; type_text "$(dmy '+7 months' | cut -d' ' -f2)"
keys Tab C-u; type_text "$(dmy '+7 months' | cut -d' ' -f3)"
keys F2
wait_for "There is a problem"
keys Enter C-u
type_text "$(dmy tomorrow | cut -d' ' -f1)"
keys Tab C-u; type_text "$(dmy tomorrow | cut -d' ' -f2)"
keys Tab C-u; type_text "$(dmy tomorrow | cut -d' ' -f3)"
keys F2
wait_for "How will it take place?"
keys 1 Tab 4
wait_for "Address line 1"
keys Tab; type_text "1 High Street"
keys Tab Tab Tab Tab; type_text "NOT A CODE"
keys F2
wait_for "Enter a postcode"
keys Enter C-u
type_text "ct1 2lr"
keys F2
wait_for "Check your answers"
shows "CT1 2LR"
keys F2
wait_for "Appointment booked"
keys Enter
wait_for "> Assessment"
screen | grep -q '> Assessment .*scheduled' || fail "the assessment is not scheduled"

# the appointment time passes (the owner moves it, as a reschedule)
e2e_sql -c "SELECT supplier_schedule(jsonb_build_object('referralId', '$R1',
  'appointmentTime', now() - interval '1 hour', 'durationMinutes', 60,
  'deliveryType', 'PHONE_CALL', 'createdBy', (SELECT id FROM staff WHERE username = 'sp_kate'),
  'createdAt', now() - interval '1 day', 'rescheduledReason', 'E2E: the time has come'))" \
	>/dev/null || fail "moving the appointment"
keys C-r
wait_for "awaiting feedback"

# missed, with concerns for the practitioner
keys f
wait_for "Did they come to the appointment?"
keys 3
keys F2
wait_for "Why did they not attend"
keys Tab
type_text "No answer on his phone or at the door."
keys F2
wait_for "Tell the probation practitioner about"
keys 2
wait_for "What concerned you?"
keys Tab
type_text "His neighbour says he has been threatened."
keys F2
wait_for "Check your answers"
keys F2
wait_for "Attendance and feedback recorded"
keys Enter
wait_for "did not attend (flagged)"
keys F10 y
wait_exit 0

# the practitioner sees the flag
E2E_ROLE=pp_anna
e2e_start
wait_for "Anna Clarke"
keys s
wait_for "1. Need your attention"
keys Enter
wait_for "did not attend, concerns"
shows "Aadland Bertrand (X320741)"
shows "threatened"
keys Enter
wait_for "did not attend (flagged)"
keys m
wait_for "Marked as seen"
keys Escape
wait_for "needs your attention"
not_shows "did not attend, concerns"
keys F10 y
wait_exit 0
