#!/bin/bash
# test_cas3_apply.sh: a practitioner (demo pp_anna, region K) applies for
# CAS3 accommodation for X320741 through the real screens: a CRN in the
# wrong format is said under the field and kept, the look-up (fake
# upstream) prefills the person, their own details and the OASys risk
# management plan; one OASys answer is removed (excluded), the others
# confirmed; check your answers; submit; the confirmation names the
# region's HPT queue.  The application is then in region K's unallocated
# queue (the database, and hpt_sam's Assessment queue on screen) with the
# removed OASys text not shared, and not in region L's.
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
e2e_sql -f "$ROOT/tests/fixtures/demo/10_staff.sql" >/dev/null || fail "demo staff"
# the demo roles are cluster-wide and shared: sign in as one, never drop it
E2E_ROLE=pp_anna

# press_until TEXT KEY: presses KEY until the row under the cursor holds TEXT.
press_until() {
	local i
	for ((i = 0; i < 30; i++)); do
		cursor_on "$1" && return 0
		keys "$2"
		sleep 0.05
	done
	fail "the cursor never reached '$1'"
}

e2e_start
wait_for "Anna Clarke"
keys a
wait_for "1. Apply for accommodation"
keys Enter
wait_for "Apply for CAS3 accommodation"
type_text "x3207"
keys Enter
wait_for "Error: Enter a CRN in the correct format, like X320741"
shows "CRN  x3207"
type_text "41"
keys Enter
wait_for "1. Accommodation need" 100
keys Enter
wait_for "Who is the referral for?"
shows "Aadland Bertrand"
keys F2
wait_for "Which region should they be placed in?"
shows "Chosen: Kent, Surrey and Sussex"
keys F2
wait_for "Have they ever been convicted of a sexual offence?"
keys n Tab n Tab n Tab n F2
wait_for "Sentence information"
type_text "Burglary in 2024."
keys Tab 1 Tab Tab Tab Tab Space F2
wait_for "Contact details"
shows "[Anna Clarke"
shows "[anna.clarke@justice.gov.uk"
keys F2
wait_for "How are they eligible for CAS3?"
rel=$(date -d "+7 days" +"%-d %-m %Y")
read -r d m y <<<"$rel"
keys 1 Tab
type_text "$d"; keys Tab; type_text "$m"; keys Tab; type_text "$y"; keys Tab
type_text "$d"; keys Tab; type_text "$m"; keys Tab; type_text "$y"
keys F2
wait_for "Has consent for CAS3 been given?"
keys y F2
wait_for "You have completed 1 of 4 sections"
keys Enter
wait_for "Licence conditions"
keys F2
wait_for "Can they share accommodation?"
keys n Tab Tab Tab n Tab n F2
wait_for "Overall risk of serious harm (OASys)"
keys Tab Tab Tab Tab Tab
type_text "None known."; keys Tab
type_text "Low."; keys Tab
type_text "Former partner."; keys Tab
type_text "None."; keys Tab
keys n F2
wait_for "Risk management plan"
# confirm the supervision plan, exclude monitoring and control, confirm the rest
keys F7
wait_for "Status: confirmed as shown"
press_until "Monitored and Controlled by us" Tab
keys F8
wait_for "Status: removed, it will not be shared"
press_until "counselling" Tab
keys F7
press_until "tagging and Alcohol monitoring" Tab
keys F7
keys F2
wait_for "Have approvals been given for specific risks"
keys n F2
wait_for "Have they stayed in CAS accommodation before?"
keys n F2
wait_for "You have completed 2 of 4 sections"
keys Enter
wait_for "Do they have any of these needs?"
keys Space Tab Tab y Tab
type_text "Ground floor."
keys Tab n F2
wait_for "Are there safeguarding or vulnerability concerns?"
keys n Tab Tab Tab n F2
wait_for "Do they have food allergies"
keys n F2
wait_for "How will they move on from CAS3 accommodation?"
type_text "Private rental."
keys F2
wait_for "You have completed 3 of 4 sections"
keys Enter
wait_for "Has a Duty to Refer been submitted"
keys n F2
wait_for "Has a Commissioned Rehabilitative Services"
keys n F2
wait_for "You have completed 4 of 4 sections"
keys Enter
wait_for "Check your answers before you submit"
keys F2
wait_for "Application sent" 100
shows "queue for Kent, Surrey and Sussex"
keys Enter
wait_gone "Application sent"
keys F10 y
wait_exit 0

# in region K's queue, unallocated, with the removed OASys text not shared
q="SELECT count(*) FROM cas3_application a JOIN cas3_assessment s ON s.application_id = a.id
    WHERE a.crn = 'X320741' AND a.probation_region_id = 'K' AND s.status = 'unallocated'
      AND a.answers->'answers'->>'rmp_supervision' = 'under supervision'
      AND coalesce(a.answers->'answers'->>'rmp_monitoring_and_control', '') = ''
      AND a.answers->'redactions'->>'rmp_monitoring_and_control' = 'removed'"
[ "$(e2e_sql -tA -c "$q")" = 1 ] || fail "the application is not in region K's queue as sent: $(e2e_sql -tA -c "SELECT crn, probation_region_id, answers FROM cas3_application")"
[ "$(e2e_sql -tA -c "SELECT count(*) FROM outbox WHERE event_type = 'accommodation.cas3.referral.submitted'")" = 1 ] ||
	fail "no referral.submitted event"
# hpt_sam (K) sees it in the Assessment queue; hpt_ria (L) does not
[ "$(PGUSER=hpt_ria psql -X -tA -d "$E2E_DB" -c "SELECT count(*) FROM cas3_application")" = 0 ] ||
	fail "region L's assessor sees region K's application"
E2E_ROLE=hpt_sam
e2e_start
wait_for "Sam Okafor"
keys a
wait_for "1. Assessment queue"
keys Enter
wait_for "Aadland Bertrand"
shows "X320741"
keys F10 y
wait_exit 0
echo "ok"
