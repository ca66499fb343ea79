#!/bin/bash
# test_home.sh: the home screen shows who is signed in with their role;
# arrows move the cursor; Tab reaches the work queues and Enter opens one;
# each area opens and Esc comes back; the ? overlay
# opens and closes; q then y quits with status 0 and a sane terminal.
. "$(dirname "$0")/lib.sh"

e2e_db
e2e_staff pp "Zoë Ní Bhriain" "Leeds North"
e2e_start
wait_for "Zoë Ní Bhriain"
shows "Probation practitioner"
shows "Leeds North"
shows "[R]eferrals"
shows "Re[p]orts"
wait_until "the status line says who, role, where" \
	last_line_has "Zoë Ní Bhriain (Probation practitioner) | Home"
last_line_has "? help  F10 quit" || fail "status line hints"
# the hardware cursor sits on the selected item, which has a text marker
wait_until "the cursor is on the selected item" cursor_on "> [R]eferrals"
keys Down
wait_for "> [C]atalogue"
wait_until "the cursor follows" cursor_on "> [C]atalogue"
# Tab moves into the Work queues box; Enter opens the list behind a count
keys Tab
wait_for "> Work queues"
wait_until "the cursor is on the first queue" cursor_on "Referrals sent, open"
keys Down Enter
wait_for "Home > Need your attention"
keys Escape
wait_gone "Home > Need your attention"
wait_until "the focus stays on the queue" cursor_on "Need your attention"
keys BTab
wait_for "> [C]atalogue"
keys Up
wait_for "> [R]eferrals"

# each area opens (letter, F-key or Enter) and Esc comes back home
for area in "r:Referrals:5" "c:Catalogue:6" "s:Supplier work:7" "a:Accommodation:8" "p:Reports:8"; do
	IFS=: read -r key title issue <<<"$area"
	keys "$key"
	wait_for "Home > $title"
	# an area not built says so; a built one lists what it offers this role
	screen | grep -qE "Not built yet: this area arrives with issue $issue\.|Nothing here is open to your role|^> 1\. |^ Showing [0-9]+ of [0-9]+" ||
		fail "$title neither says it is not built nor lists entries"
	# the catalogue opens in its search field; a menu on its first entry
	cur=$title
	[ "$title" = Catalogue ] && cur="Search:"
	# a practitioner's Accommodation menu: the cursor is on its first entry
	[ "$title" = Accommodation ] && cur="> 1. Apply for accommodation"
	# a practitioner's Referrals menu: the cursor is on its first entry
	[ "$title" = Referrals ] && cur="> 1. Make a referral"
	# a practitioner's Supplier work lists their attention list
	[ "$title" = "Supplier work" ] && cur="Need your attention"
	wait_until "the cursor is on the $title heading" cursor_on "$cur"
	keys Escape
	wait_gone "Home > $title"
	wait_for "Work queues"
done
keys F2
wait_for "Home > Referrals"
keys q
wait_for "> [R]eferrals"
keys End Enter
wait_for "Home > Help"
shows "Keys everywhere (global)"
keys Escape
wait_for "Work queues"

# the ? overlay lists the keys of this screen, and Esc, ? or q close it
keys '?'
wait_for "Keys of this screen (Home)"
shows "Open Referrals"
keys Escape
wait_gone "Keys of this screen"
keys F1
wait_for "Keys of this screen (Home)"
keys q
wait_gone "Keys of this screen"
shows "Zoë Ní Bhriain"

# q asks first; n stays; q then y quits with 0
keys q
wait_for "Quit caseterm? y/n"
keys n
wait_gone "Quit caseterm?"
keys q
wait_for "Quit caseterm? y/n"
keys y
wait_exit 0
echo "ok"
