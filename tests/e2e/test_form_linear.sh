#!/usr/bin/env bash
# test_form_linear.sh: the sample form end to end in --linear (plain lines:
# label, hint, value, error), with errors, a change from check your answers
# and submit; then SIGHUP mid-form and the draft resumed with its answers.
. "$(dirname "$0")/lib.sh"
FORM_IN="Value: "
. "$(dirname "$0")/form_lib.sh"
e2e_db
e2e_staff pp "Zoë Ní Bhriain"
e2e_start --linear form sample X320741
wait_for "> 1. About the person: Not started"
not_shows "┌"
form_section1
form_section2
form_section3
form_check_change_submit
keys Enter
wait_for "Areas (6):"
keys F10 y
wait_exit 0
form_hup_resume --linear
