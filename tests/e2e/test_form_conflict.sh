#!/usr/bin/env bash
# test_form_conflict.sh: two sessions of the same user on one draft: the
# second saves first; the first is then told plainly, nothing is
# overwritten, and F12 keeps its answers as a new draft.
. "$(dirname "$0")/lib.sh"
e2e_db
e2e_staff pp "Zoë Ní Bhriain"
e2e_start form sample X320741
first=$E2E_SESSION
wait_for "1. About the person"
keys Enter
wait_for "Who is this referral for?"
type_text "X320741"
keys Tab
wait_until "the draft is saved" test "$(e2e_sql -tA -c 'SELECT count(*) FROM form_draft')" = 1

# a second session of the same user opens the same form: the same draft
e2e_start form sample X320741
[ "$E2E_SESSION" = ui2 ] || fail "the harness names sessions differently"
wait_for "Your draft saved at"
keys Enter
wait_for "Who is this referral for?"
shows "X320741"
keys Tab C-u
type_text "Zed"
keys Tab
wait_until "the second session saved" test "$(e2e_sql -tA -c "SELECT answers->'answers'->>'forename' FROM form_draft")" = Zed

# the first session, still on its old version, saves: refused and said
E2E_SESSION=$first
keys C-u
type_text "Ann"
keys Tab
wait_for "This draft was changed in another session"
shows "Nothing was overwritten"
shows "press F12"
[ "$(e2e_sql -tA -c "SELECT answers->'answers'->>'forename' FROM form_draft")" = Zed ] ||
	fail "the other session's answers were overwritten"
# quitting now would lose them, and says so
keys F10
wait_for "Warning: you have unsaved work"
keys n
wait_gone "Quit caseterm?"
keys F12
wait_for "Your answers are kept as a new draft"
not_shows "This draft was changed in another session"
[ "$(e2e_sql -tA -c "SELECT string_agg(answers->'answers'->>'forename', ',' ORDER BY id) FROM form_draft")" = "Zed,Ann" ] ||
	fail "the answers were not kept as a new draft"
keys F10
wait_for "Quit caseterm?"
not_shows "unsaved work"
keys y
wait_for E2E-SHELL-READY
E2E_SESSION=ui2
keys F10 y
wait_exit 0
