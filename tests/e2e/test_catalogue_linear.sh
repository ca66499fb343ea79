#!/bin/bash
# test_catalogue_linear.sh: the catalogue comparison at 200x50 (every entry
# in a column of its own), then with --linear and NO_COLOR=1 (attribute by
# attribute, no box drawing, no colour).  No person: no upstream needed.
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

colour_codes() {
	screen -e | grep -oE $'\e\\[[0-9;]*m' | tr -d '\033[m' | tr ';' '\n' |
		awk '($1 >= 30 && $1 <= 38) || ($1 >= 40 && $1 <= 48) || ($1 >= 90 && $1 <= 97) ||
		     ($1 >= 100 && $1 <= 107) { n++ } END { print n + 0 }'
}

e2e_db
PGUSER=$E2E_ADMIN "$CASETERM" --config "$E2E_CONFIG" catalogue import \
	"$ROOT"/tests/fixtures/catalogue/*.json >/dev/null || fail "catalogue import"
e2e_staff pp "Zoë Ní Bhriain"

e2e_start
wait_for "Zoë Ní Bhriain"
keys c
wait_for "Showing 51 of 51."
keys Down m Down m Down m c
wait_for "Compare interventions"
wait_for "Showing entries 1-2 of 3"
# 200x50: every entry in a column of its own
resize 200 50
wait_gone "Showing entries"
shows "3. "
shows "How to refer"
resize 80 24
wait_for "Showing entries 1-2 of 3"
keys F10 y
wait_exit 0

# --linear and NO_COLOR over the compare screen: attribute by attribute
e2e_start -e NO_COLOR=1 --linear
wait_for "Signed in as Zoë Ní Bhriain"
keys c
wait_for "Entries (51):"
keys Down m Down m Down m c
wait_for "caseterm: Home > Catalogue > Compare interventions"
wait_for "Comparison of 3 interventions."
shows "Type [differs]:"
shows "1. Accommodation services: Commissioned Rehabilitative Services"
screen | grep -qE '[┌┐└┘│─]' && fail "box drawing in --linear"
n=$(colour_codes)
[ "$n" = 0 ] || fail "NO_COLOR=1 still shows $n colour codes"
keys Down
wait_until "the cursor follows the lines" cursor_on "1. Accommodation services"
keys F10 y
wait_exit 0
echo "ok"
