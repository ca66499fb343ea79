#!/bin/bash
# test_cas3_grid.sh: the availability grid on the demo data for hpt_sam
# (region K) with NO_COLOR=1 (letters, no colour codes; the demo's
# turnaround at ACACIA1/3 drawn with T) and in --linear (each bedspace's
# runs of days in words); hpt_ria (region L) sees none of region K's
# referrals, bookings or bedspaces.  Then the Bedspace search entry: the
# criteria form (forms/cas3_search.yaml), its results, and a provisional
# booking for a CRN without a referral.
. "$(dirname "$0")/lib.sh"

DEMO="$(dirname "$0")/../fixtures/demo"
e2e_db
e2e_sql -f "$DEMO/10_staff.sql" >/dev/null || fail "demo staff"
e2e_sql -f "$DEMO/40_cas3.sql" >/dev/null || fail "demo CAS3 data"
# the demo roles are cluster-wide and shared: sign in as them, never drop them
E2E_ROLE=hpt_sam

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

# Bedspace search from the area: the criteria form, then the results, and a
# booking for a CRN without a referral
E2E_ROLE=hpt_sam
e2e_start
wait_for "Sam Okafor"
keys a 2
wait_for "CRN of the person to book for"
type_text "K320099"
keys Tab
IFS=- read -r y m d <<<"$(date -d '+60 days' +%F)"
type_text "$d"; keys Space; type_text "$m"; keys Space; type_text "$y"
keys F2
wait_for "Property and bedspace attributes"
keys F2
wait_for "Check your answers before you submit"
shows "Number of nights required"
keys F2
wait_for "free for 84 nights from $(date -d '+60 days' +%F)"
shows "For K320099."
shows "Other people staying:"
keys b
wait_for "K320099): Provisional"
keys F10 y
wait_exit 0
