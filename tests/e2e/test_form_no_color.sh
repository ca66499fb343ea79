#!/usr/bin/env bash
# test_form_no_color.sh: the sample form with NO_COLOR=1: no colour codes
# on its pages, required fields say "(required)", errors say "Error:" in
# the summary and beside the field, the focus is marked with ">"; filled
# end to end, then SIGHUP and resume the same way.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/form_lib.sh"

colour_codes() {
	screen -e | grep -oE $'\e\\[[0-9;]*m' | tr -d '\033[m' | tr ';' '\n' |
		awk '($1 >= 30 && $1 <= 38) || ($1 >= 40 && $1 <= 48) || ($1 >= 90 && $1 <= 97) ||
		     ($1 >= 100 && $1 <= 107) { n++ } END { print n + 0 }'
}

e2e_db
e2e_staff pp "Zoë Ní Bhriain"
e2e_start -e NO_COLOR=1 form sample X320741
wait_for "1. About the person"
keys Enter
wait_for "Case reference number (CRN) (required)"
keys F2
wait_for "There is a problem"
shows "Error: Enter a CRN"
[ "$(screen | grep -c 'Error: Enter a CRN')" = 2 ] || fail "the error is not both in the summary and beside the field"
[ "$(colour_codes)" = 0 ] || fail "colour codes with NO_COLOR=1"
cursor_line | grep -q '^ *│ >' || fail "the focused error is not marked with >"
keys Escape
wait_for "You have completed 0 of 3 sections"
form_section1
[ "$(colour_codes)" = 0 ] || fail "colour codes with NO_COLOR=1"
form_section2
form_section3
form_check_change_submit
[ "$(colour_codes)" = 0 ] || fail "colour codes with NO_COLOR=1"
keys Enter
wait_for "Work queues"
keys F10 y
wait_exit 0
form_hup_resume -e NO_COLOR=1
