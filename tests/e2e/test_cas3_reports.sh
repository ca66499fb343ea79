#!/bin/bash
# test_cas3_reports.sh: an HPT assessor opens Reports > Accommodation reports
# on the demo data at 80x24, runs bed occupancy and sees the bar chart with
# the percentages as text; the same in --linear and with NO_COLOR=1 (no
# colour codes, the bars are characters); `caseterm report bed-occupancy
# --csv` prints the same bedspaces as CSV, and a window over 6 months is
# refused in words with exit status 2.
. "$(dirname "$0")/lib.sh"

DEMO="$(dirname "$0")/../fixtures/demo"
e2e_db
e2e_sql -f "$DEMO/10_staff.sql" >/dev/null || fail "demo staff"
e2e_sql -f "$DEMO/40_cas3.sql" >/dev/null || fail "demo CAS3 data"
# the demo roles are cluster-wide and shared: sign in as one, never drop it
E2E_ROLE=hpt_sam

e2e_start
wait_for "Sam Okafor"
keys p
wait_for "1. Accommodation reports"
keys Enter
wait_for "Report  < Bed occupancy >"
shows "Region  < Kent, Surrey and Sussex >"
keys Enter
wait_for "Bed occupancy over the window:"
shows "CEDAR3 1"
screen | grep -qE '^  ACACIA1 3 +#+\.* +[0-9]+\.[0-9]%$' || fail "no bar with its percentage for ACACIA1 3"
not_shows "MANCH"   # region K only
wait_until "the cursor is on the first line of the result" cursor_on "Bed occupancy over the window"
keys F10 y
wait_exit 0

e2e_start -e NO_COLOR=1
wait_for "Sam Okafor"
keys p Enter
wait_for "Report  < Bed occupancy >"
keys Enter
wait_for "Bed occupancy over the window:"
n=$(screen -e | grep -oE $'\e\\[[0-9;]*m' | tr -d '\033[m' | tr ';' '\n' |
	awk '($1 >= 30 && $1 <= 38) || ($1 >= 40 && $1 <= 48) || ($1 >= 90 && $1 <= 97) ||
	     ($1 >= 100 && $1 <= 107) { n++ } END { print n + 0 }')
[ "$n" = 0 ] || fail "NO_COLOR=1 still shows $n colour codes"
screen | grep -qE '#+\.+ +[0-9]+\.[0-9]%' || fail "no bar drawn with characters"
keys F10 y
wait_exit 0

e2e_start --linear
wait_for "Signed in as Sam Okafor"
keys p Enter
wait_for "Report: Bed occupancy (Left and Right change it)"
keys Enter
wait_for "CEDAR3 bedspace 1:"
screen | grep -qE 'ACACIA1 bedspace 3: [0-9]+\.[0-9]% occupied, [0-9]+ of [0-9]+ days booked #+' ||
	fail "no linear bar line for ACACIA1 3"
screen | grep -qE '[┌┐└┘│─]' && fail "box drawing in --linear"
keys F10 y
wait_exit 0

# the command: CSV for managers, as the same assessor
to=$(date +%F)
from=$(date -d "$to - 1 month" +%F)
e2e_run out st env PGUSER=hpt_sam "$CASETERM" --config "$E2E_CONFIG" report bed-occupancy \
	--region K --from "$from" --to "$to" --csv
[ "$st" = 0 ] || fail "report --csv exit $st: $out"
head -n1 <<<"$out" | grep -q '^probationRegion,pdu,localAuthority,propertyRef,' || fail "no CSV header: $out"
grep -q '^"Kent, Surrey and Sussex",East Kent,Ashford,ACACIA1,' <<<"$out" || fail "no ACACIA1 row: $out"
grep -q 'Greater Manchester' <<<"$out" && fail "an HPT assessor of K sees region L: $out"
e2e_run out st env PGUSER=hpt_sam "$CASETERM" --config "$E2E_CONFIG" report bed-occupancy \
	--region K --from 2026-01-01 --to 2026-07-02
[ "$st" = 2 ] || fail "a 6-month-and-a-day window gave exit $st"
grep -q "a report covers at most 6 months" <<<"$out" || fail "not said in words: $out"
e2e_run out st env PGUSER=hpt_sam "$CASETERM" --config "$E2E_CONFIG" report nope --from "$from" --to "$to"
[ "$st" = 2 ] || fail "an unknown report gave exit $st"
grep -q "there is no report called 'nope'" <<<"$out" || fail "unknown report not said: $out"
echo "ok"
