# tests/e2e/form_lib.sh: steps shared by the form e2e tests (sourced after
# lib.sh): fill the sample form (forms/sample.yaml) through the real screens.

# How a text field starts on the screen: "[" normally, "Value: " in --linear.
FORM_IN=${FORM_IN:-[}

# form_press_until TEXT KEY: presses KEY (at most 40 times) until the row
# under the cursor holds TEXT.
form_press_until() {
	local i
	for ((i = 0; i < 40; i++)); do
		cursor_on "$1" && return 0
		keys "$2"
		sleep 0.05
	done
	fail "the cursor never reached '$1'"
}

# form_section1: "About the person", with a deliberate error on each page.
form_section1() {
	wait_for "1. About the person"
	keys Enter
	wait_for "Who is this referral for?"
	type_text "X32"
	keys F2
	wait_for "There is a problem"
	shows "Error: Enter a CRN in the correct format, like X320741"
	cursor_on "Error: Enter a CRN" || fail "the focus is not on the error summary"
	# Enter on an error moves to its field; what was typed is still there
	keys Enter
	wait_until "the cursor is on the CRN" cursor_on "${FORM_IN}X32"
	keys C-u
	type_text "X320741"
	keys F2
	wait_for "How to contact them"
	not_shows "There is a problem"
	keys Tab
	type_text "12"
	keys F2
	wait_for "Error: Enter a telephone number"
	keys Enter
	wait_until "the cursor is on the phone" cursor_on "${FORM_IN}12"
	keys C-u
	type_text "07700 900982"
	# a repeat group: add an item, fill it
	keys F3
	wait_for "Previous addresses 1"
	type_text "1 High Street"
	keys Tab
	type_text "ls2 7hy"
	keys F2
	wait_for "You have completed 1 of 3 sections"
	shows "Completed"
}

# form_section2: "Needs and requirements": yes/no with show_if, checkboxes,
# radios, select with type-ahead, number (an error), money, time, date.
form_section2() {
	form_press_until "2. Needs and requirements" Down
	keys Enter
	wait_for "Do they need an interpreter?"
	keys y
	wait_for "What language?"
	keys Tab
	type_text "Polish"
	keys F2
	wait_for "Which needs have been identified?"
	keys Space
	keys Tab
	wait_until "the cursor is on the radios" cursor_on "Low complexity"
	keys 2
	keys Tab
	type_text "kent"
	wait_for "East Kent"
	keys Enter
	wait_for "Chosen: East Kent"
	keys Tab
	type_text "200"
	keys Tab
	type_text "12.50"
	keys Tab
	type_text "9:30"
	keys Tab
	type_text "1"
	keys Tab
	type_text "3"
	keys Tab
	type_text "2027"
	keys F2
	wait_for "Maximum number of enforceable days must be between 1 and 100"
	keys Enter
	wait_until "the cursor is on the days" cursor_on "${FORM_IN}200"
	keys BSpace BSpace
	keys F2
	wait_for "You have completed 2 of 3 sections"
}

# form_section3: "Risk information": confirm one prefilled text, remove
# another, readonly text shown, prefilled officer.
form_section3() {
	form_press_until "3. Risk information" Down
	keys Enter
	wait_for "Risk of serious harm"
	keys F2
	wait_for "Confirm, change or remove who is at risk before you continue"
	keys Enter
	keys F7
	wait_for "Status: confirmed as shown"
	form_press_until "weekends." Tab
	keys F8
	wait_for "Status: removed, it will not be shared"
	keys F2
	wait_for "Probation practitioner's name"
	shows "Sam Practitioner"
	keys F2
	wait_for "You have completed 3 of 3 sections"
}

# form_check_change_submit: check your answers, change the phone number
# there (back to check your answers), submit, the confirmation page.
form_check_change_submit() {
	form_press_until "4. Check your answers" Down
	keys Enter
	wait_for "Check your answers before you submit"
	form_press_until "Telephone number" Down
	keys Enter
	wait_for "How to contact them"
	wait_until "the cursor is on the phone" cursor_on "07700 900982"
	keys C-u
	type_text "07700 900983"
	keys F2
	wait_for "Check your answers before you submit"
	form_press_until "Telephone number" Down
	cursor_on "07700900983" || fail "the changed answer is not shown"
	keys F2
	wait_for "Form submitted"
	shows "Nothing was stored or sent"
	shows '"phone": "07700900983"'
}

# form_hup_resume [CASETERM ARGS]: SIGHUP while a field is being typed; the
# next start offers the draft, which resumes with every answer (the one
# being typed too); then the draft is deleted from the drafts screen.
form_hup_resume() {
	e2e_start "$@" form sample J104522
	wait_for "1. About the person"
	keys Enter
	wait_for "Who is this referral for?"
	type_text "j104522"
	keys F2
	wait_for "How to contact them"
	keys Tab
	type_text "07700 900"
	wait_for "07700 900"
	kill -HUP "$E2E_PID"
	wait_exit 129
	e2e_start "$@"
	wait_for "You have forms you have not finished"
	shows "Sample referral, J104522"
	shows "saved just now"
	keys Enter
	wait_for "1. About the person"
	shows "In progress"
	keys Enter
	wait_for "Who is this referral for?"
	wait_until "the CRN is there" cursor_on "${FORM_IN}j104522"
	keys F2
	wait_for "How to contact them"
	shows "07700 900"
	keys Escape
	wait_for "Who is this referral for?"
	keys Escape
	wait_for "You have completed 0 of 3 sections"
	keys Escape
	wait_gone "Sample referral"
	keys d
	wait_for "Your drafts"
	shows "Sample referral, J104522"
	keys d
	wait_for "Delete the draft Sample referral, J104522?"
	keys y
	wait_for "You have no drafts."
	[ "$(e2e_sql -tA -c "SELECT count(*) FROM form_draft")" = 0 ] || fail "the draft was not deleted"
	keys Escape
	keys F10 y
	wait_exit 0
}
