#!/bin/bash
# test_catalogue.sh: the catalogue end to end, against the 51 fixture
# entries imported with `caseterm catalogue import` and the fake upstream
# serving tests/fixtures/people: search, filter, a person who is not
# eligible with the reasons in words, mark three, compare at 80x24 (Left and
# Right scroll the entries), export to CSV, refer from the comparison.
# test_catalogue_linear.sh does 200x50, --linear and NO_COLOR.
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
[ -x "${FAKE_UPSTREAM:-}" ] || { echo "SKIP: FAKE_UPSTREAM is not set"; exit 77; }

e2e_db
echo "e2e-secret" >"$E2E_TMP/secret"
chmod 600 "$E2E_TMP/secret"
read -r FPORT FPID < <("$ROOT/tests/fake/run-fake" --bin "$FAKE_UPSTREAM" \
	--fixtures "$ROOT/tests/fixtures" --client-secret-file "$E2E_TMP/secret") ||
	fail "the fake upstream did not start"
trap '"$ROOT/tests/fake/run-fake" --stop "$FPID" >/dev/null 2>&1; e2e_cleanup' EXIT
e2e_config "upstream:" \
	"  ndelius_url: http://127.0.0.1:$FPORT/ndelius" \
	"  oasys_url: http://127.0.0.1:$FPORT/oasys" \
	"  auth_token_url: http://127.0.0.1:$FPORT/auth/oauth/token" \
	"  client_id: caseterm" \
	"  client_secret_file: $E2E_TMP/secret"
PGUSER=$E2E_ADMIN "$CASETERM" --config "$E2E_CONFIG" catalogue import \
	"$ROOT"/tests/fixtures/catalogue/*.json >/dev/null || fail "catalogue import"
e2e_staff pp "Zoë Ní Bhriain"

colour_codes() {
	screen -e | grep -oE $'\e\\[[0-9;]*m' | tr -d '\033[m' | tr ';' '\n' |
		awk '($1 >= 30 && $1 <= 38) || ($1 >= 40 && $1 <= 48) || ($1 >= 90 && $1 <= 97) ||
		     ($1 >= 100 && $1 <= 107) { n++ } END { print n + 0 }'
}

e2e_start
wait_for "Zoë Ní Bhriain"
keys c
wait_for "Showing 51 of 51."
wait_until "the cursor is in the search field" cursor_on "Search:"

# search: the list is filtered at each key
type_text "buil"
wait_for "Search: buil"
type_text "d"
wait_for "Search: build"
shows "Building Choices: high intensity"
not_shows "Accommodation services"
keys C-u
wait_for "Showing 51 of 51."

# filter: Type cycles with Right in the filter panel
keys Down f
wait_for "Filters: Up/Down choose, Left/Right change"
keys Right
wait_for "< Accredited Programmes >"
keys Enter
wait_for "Filters: Type Accredited Programmes."
not_shows "Showing 51 of 51."
keys x
wait_for "Filters: none."

# a person who is not eligible for most entries, and why
keys p
wait_for "CRN (Enter looks up, Esc cancels):"
type_text "F710012"
keys Enter
wait_for "Person: Jade Whitfield (F710012)" 100
shows "PNI pathway: Alternative pathway"
shows "Not eligible: Only for men"
shows "Accommodation services: Not eligible. Only for men"

# mark three and compare at 80x24
keys Home m Down Down m Down Down Down Down m
wait_for "Marked for comparison: 3 of 4."
shows "[x] Accommodation services"
keys c
wait_for "Home > Catalogue for a person > Compare interventions"
shows "For Jade Whitfield (F710012)"
shows "* = the entries differ."
shows "Showing entries 1-2 of 3: Left/Right for the others."
wait_until "the cursor is on the first attribute" cursor_on "Type"
keys Down Down Down
wait_until "the cursor is on Eligibility" cursor_on "Eligibility"
shows "Not eligible: Only for men"
keys Right
wait_for "Showing entries 2-3 of 3"
shows "Attribute"
keys Left
wait_for "Showing entries 1-2 of 3"

# export as CSV
keys v
wait_for "Save as CSV to: catalogue-comparison.csv"
keys C-u
type_text "$E2E_TMP/comparison.csv"
keys Enter
wait_for "Saved the comparison as CSV"
head -n1 "$E2E_TMP/comparison.csv" | grep -q "^Attribute,Accommodation services," ||
	fail "the CSV does not start with the attribute header"
grep -q "^Eligibility,Not eligible: Only for men" "$E2E_TMP/comparison.csv" ||
	fail "the CSV has no eligibility row with reasons"
keys v
keys C-u
type_text "/no/such/folder/x.csv"
keys Enter
wait_for "Error: could not save to /no/such/folder/x.csv: No such file or directory."
shows "Save as CSV to: /no/such/folder/x.csv"
keys Escape

# refer from the comparison: a universal referral for this person with the
# intervention chosen
keys r
wait_for "Refer for which entry? Press 1 to 3 (Esc cancels)."
keys 2
wait_for "Make a referral for Jade Whitfield" 100
keys F10 y
wait_exit 0
echo "ok"
