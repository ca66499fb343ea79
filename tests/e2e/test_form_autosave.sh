#!/usr/bin/env bash
# test_form_autosave.sh: the draft is created at the first change, and
# while the user keeps typing in one field it is saved at least every 10 s
# (a killed process loses at most those seconds).
. "$(dirname "$0")/lib.sh"
e2e_db
e2e_staff pp "Zoë Ní Bhriain"
crn() { e2e_sql -tA -c "SELECT answers->'answers'->>'crn' FROM form_draft"; }
e2e_start form sample X320741
wait_for "1. About the person"
[ "$(e2e_sql -tA -c 'SELECT count(*) FROM form_draft')" = 0 ] || fail "a draft before any change"
keys Enter
wait_for "Who is this referral for?"
type_text "X"
wait_until "the draft is created at the first change" test "$(crn)" = X
type_text "3207"
sleep 1
[ "$(crn)" = X ] || fail "saved at every key: $(crn)"
# no field is left: the timer saves within 10 s of the first unsaved key
for ((i = 0; i < 120; i++)); do
	[ "$(crn)" = X3207 ] && break
	sleep 0.1
done
[ "$(crn)" = X3207 ] || fail "not saved after 10 s of typing: $(crn)"
kill -KILL "$E2E_PID"
wait_for E2E-SHELL-READY
[ "$(crn)" = X3207 ] || fail "the last saved state is gone"
