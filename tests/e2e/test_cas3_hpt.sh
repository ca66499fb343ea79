#!/bin/bash
# test_cas3_hpt.sh: the housing placement team assessor's day on the demo
# data at 80x24.  hpt_sam (region K) opens Accommodation > Assessment queue,
# allocates Aadland Bertrand's referral to himself, moves it to Ready to
# place, places it (the search opens on the referral's dates and PDU with
# why each bedspace fits), books the first bedspace provisionally and sees
# the booking; the availability grid shows it booked (B) with the legend,
# in --linear as words and with NO_COLOR=1 without colour codes.  hpt_ria
# (region L) sees none of it.
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
# the grid: booked from the referral's date
keys g
wait_for "B booked  T turnaround  V void  . free  - closed  * today"
screen | grep -qE '^ACACIA1/1 +[.BTV -]*B' || fail "ACACIA1/1 shows no booked day"
keys ']'
wait_until "the grid moved on a week" shows "ACACIA1/1"
keys F10 y
wait_exit 0

# the referral left the unallocated tab for good; the booking is in Bookings
got=$(e2e_sql -tA -c "SELECT count(*) FROM cas3_booking WHERE crn = 'X320741' AND status = 'provisional'")
[ "$got" = 1 ] || fail "no provisional booking in the database"

# NO_COLOR over the grid: letters, no colour codes
e2e_start -e NO_COLOR=1
wait_for "Sam Okafor"
keys a 3
wait_for "B booked  T turnaround"
screen | grep -qE '^ACACIA1/3 +[.BTV -]*T' || fail "the turnaround of ACACIA1/3 is not drawn with T"
n=$(screen -e | grep -oE $'\e\\[[0-9;]*m' | tr -d '\033[m' | tr ';' '\n' |
	awk '($1 >= 30 && $1 <= 38) || ($1 >= 40 && $1 <= 48) || ($1 >= 90 && $1 <= 97) ||
	     ($1 >= 100 && $1 <= 107) { n++ } END { print n + 0 }')
[ "$n" = 0 ] || fail "NO_COLOR=1 still shows $n colour codes"
keys F10 y
wait_exit 0

# --linear: each bedspace's days in words
e2e_start --linear
wait_for "Signed in as Sam Okafor"
keys a 3
wait_for "Letters: B booked"
wait_for "ACACIA1/1:"
screen | grep -q "booked" || fail "no booked run said in words"
screen | grep -qE '[┌┐└┘│─]' && fail "box drawing in --linear"
keys F10 y
wait_exit 0

# another region's assessor sees none of it
E2E_ROLE=hpt_ria
e2e_start
wait_for "Ria Patel"
keys a Enter
wait_for "Region: Greater Manchester"
not_shows "X320741"
keys ']'
wait_for "[In review"
not_shows "X320741"
keys ']'
wait_for "[Ready to place"
not_shows "X320741"
keys Escape
wait_for "4. Bookings"
keys 4
wait_for "Showing: [All]"
not_shows "X320741"
not_shows "ACACIA1"
keys F10 y
wait_exit 0
