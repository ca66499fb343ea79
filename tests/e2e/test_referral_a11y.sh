#!/bin/bash
# test_referral_a11y.sh: My referrals and one referral in --linear mode
# (plain lines in reading order, the cursor on the selected line) and with
# NO_COLOR=1 (the selection marked with ">" and statuses in words).
. "$(dirname "$0")/lib.sh"

e2e_db
e2e_demo pp_anna
e2e_start --linear
wait_for "Anna Clarke"
keys r 2
wait_for "Referrals shown (4):"
shows "Showing: open. Sorted by date sent, newest first."
wait_until "the cursor is on the first referral" cursor_on "> 1. "
shows ", status sent, last change "
keys /
type_text "fiel"
keys Enter
wait_until "Harry is selected" cursor_on "Harry Fielding"
keys Enter
wait_for "Part 1 of 5: Summary. Tab for the next part."
wait_until "the cursor is on the reference" cursor_on "> Reference: "
keys Tab
wait_for "Part 2 of 5: Timeline (3). Tab for the next part."
shows ": Assigned to Kate Morgan. by Omar Haddad (service provider)"
wait_until "the cursor is on the first event" cursor_on "Referral sent."
keys Down
wait_until "the cursor follows" cursor_on "Assigned to Kate Morgan"
not_shows "────"
keys F10 y
wait_exit 0

e2e_start -e NO_COLOR=1
wait_for "Anna Clarke"
keys r 2
wait_for "Show: open"
keys /
type_text "fiel"
keys Enter Enter
wait_for "[Summary]"
shows "Status: assigned."
keys Tab
wait_for "[Timeline (3)]"
wait_until "the selected event is marked" cursor_on "> 2026-"
# no colour codes at all, only attributes
screen -e | grep -q $'\e\\[[0-9;]*3[0-7]m' && fail "colour used with NO_COLOR"
keys F10 y
wait_exit 0
