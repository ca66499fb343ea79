#!/bin/bash
# test_linear.sh: --linear draws the home screen as plain lines (title, each
# item with its number and shortcut, then the keys), no boxes; the cursor is
# on the focused line and the keys still work.
. "$(dirname "$0")/lib.sh"

e2e_db
e2e_staff reporter "Tomás Ó Briain"
e2e_start --linear
wait_for "Signed in as Tomás Ó Briain, MI reporter."
hints_follow_items() { [ "$(screen | grep -A1 -F "6. [H]elp" | tail -n1)" = "Keys: ? help, F10 quit" ]; }
wait_until "the keys follow the last item" hints_follow_items
[ "$(screen | head -n1)" = "caseterm: Home" ] || fail "first line is not the title"
shows "> 1. [R]eferrals (F2): Start and follow universal referrals."
shows "  6. [H]elp (F7): Every key, and about caseterm."
screen | grep -qE '[┌┐└┘│─]' && fail "box drawing in --linear"
wait_until "the cursor is on the focused line" cursor_on "> 1. [R]eferrals"
keys Down
wait_for "> 2. [C]atalogue"
wait_until "the cursor follows" cursor_on "> 2. [C]atalogue"
keys Enter
wait_for "caseterm: Home > Catalogue"
screen | grep -qE '[┌┐└┘│─]' && fail "box drawing in --linear area"
keys Escape
wait_for "> 2. [C]atalogue"
keys F10
wait_for "Quit caseterm? y/n"
keys y
wait_exit 0
echo "ok"
