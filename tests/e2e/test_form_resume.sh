#!/usr/bin/env bash
# test_form_resume.sh: a dropped link (SIGHUP) in the middle of the sample
# form loses nothing: the next start offers the draft and resumes it with
# the answers intact, even the field being typed; the drafts screen
# deletes a draft after y/n; SIGTERM keeps the field being typed as well.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/form_lib.sh"
e2e_db
e2e_staff pp "Zoë Ní Bhriain"
form_hup_resume

# SIGTERM too: the field being typed is in the draft
e2e_start form sample X320741
wait_for "1. About the person"
keys Enter
wait_for "Who is this referral for?"
type_text "Q9"
wait_for "[Q9"
kill -TERM "$E2E_PID"
wait_exit 143
[ "$(e2e_sql -tA -c "SELECT answers->'answers'->>'crn' FROM form_draft")" = Q9 ] ||
	fail "SIGTERM lost the field being typed"
