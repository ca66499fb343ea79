#!/bin/bash
# test_referral_follow.sh: a practitioner follows a referral after sending
# it (issue 5, "After sending"): the demo PP Anna opens My referrals from the
# Referrals area, filters and searches, opens a demo referral and reads its
# timeline; another PP cannot see Anna's referral.
. "$(dirname "$0")/lib.sh"

e2e_db
e2e_demo pp_anna
e2e_start
wait_for "Anna Clarke"
keys r
wait_for "Home > Referrals"
shows "My referrals"
shows "Need your attention"
keys 2
wait_for "Home > Referrals > My referrals"
# Anna sees her own open referrals and Zoë's for Karen Puckett (her caseload)
shows "Aadland Bertrand"
shows "Harry Fielding"
shows "Karen Puckett"
shows "Grace Adeyemi"
shows "Show: open"
wait_until "the cursor is on the first row" cursor_on ">"
# 5 referrals in all: one withdrawn
shows "5 referrals: 4 open, 1 closed."
keys f
wait_for "Show: all"
shows "withdrawn"
keys f
wait_for "Show: closed"
not_shows "Harry Fielding"
keys f
wait_for "Show: status sent"
not_shows "Harry Fielding"
shows "Aadland Bertrand"
keys f f f
wait_for "Show: open"
# sort by person: Adeyemi comes first
keys s s
wait_for "Sort: person, A to Z"
first_row() { screen | grep -A1 '^  Ref ' | tail -n1; }
wait_until "Adeyemi comes first" eval 'first_row | grep -q "Grace Adeyemi"'
keys Home
wait_until "Home selects her" cursor_on "Grace Adeyemi"
# search by name
keys /
type_text "fiel"
wait_for "Search: fiel"
not_shows "Grace Adeyemi"
shows "Harry Fielding"
keys Enter
wait_until "the cursor is on Harry" cursor_on "Harry Fielding"
keys Enter
wait_for "[Summary]"
shows "Harry Fielding (K320021)"
shows "Status: assigned"
shows "Caseworker"
shows "Kate Morgan"
keys Tab
wait_for "[Timeline (3)]"
shows "Referral sent"
shows "Assigned to Kate Morgan"
shows "Case note from the service provider: Best time to call"
keys Tab Tab
wait_for "[Risk]"
wait_for "Your reading of it has been recorded"
shows "Children, Staff. Mainly strangers"
# Enter opens the supplier's delivery of it, and Esc comes back
keys Enter
wait_for "Supplier assessment:"
keys Escape
wait_for "[Risk]"
keys Escape
wait_for "Show: open"
keys F10 y
wait_exit 0
# the audit log has Anna's risk read
n=$(e2e_sql -tAc "SELECT count(*) FROM audit_log WHERE action = 'risk.read'")
[ "$n" -ge 1 ] || fail "no risk.read audit row"

# Zoë sees her own referrals and Karen's, not Anna's Harry Fielding
E2E_ROLE=pp_zoe
e2e_start
wait_for "Zoë Ní Bhriain"
keys r 2
wait_for "My referrals"
shows "Karen Puckett"
shows "Mohammed Iqbal"
not_shows "Harry Fielding"
not_shows "Aadland Bertrand"
keys F10 y
wait_exit 0
