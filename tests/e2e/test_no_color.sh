#!/bin/bash
# test_no_color.sh: with NO_COLOR=1 the screen has no colour at all (no
# colour SGR codes in the pane), while the default theme does use colour;
# the selected item is still marked by text and attributes.
. "$(dirname "$0")/lib.sh"

# Counts the SGR parameters that set a colour (30-38, 40-48, 90-97, 100-107);
# 39 and 49 (the default colours) do not count.
colour_codes() {
	screen -e | grep -oE $'\e\\[[0-9;]*m' | tr -d '\033[m' | tr ';' '\n' |
		awk '($1 >= 30 && $1 <= 38) || ($1 >= 40 && $1 <= 48) || ($1 >= 90 && $1 <= 97) ||
		     ($1 >= 100 && $1 <= 107) { n++ } END { print n + 0 }'
}

e2e_db
e2e_staff pp "Zoë Ní Bhriain"
e2e_start
wait_for "Zoë Ní Bhriain"
[ "$(colour_codes)" -gt 0 ] || fail "the default theme shows no colour; the test could not fail"
keys F10 y
wait_exit 0

e2e_start -e NO_COLOR=1
wait_for "Zoë Ní Bhriain"
n=$(colour_codes)
[ "$n" = 0 ] || fail "NO_COLOR=1 still shows $n colour codes: $(screen -e | grep -oE $'\e\\[[0-9;]*m' | sort -u | tr '\n' ' ')"
shows "> [R]eferrals"
screen -e | grep -qE $'\e\\[[0-9;]*7[0-9;]*m' || fail "no reverse video without colour"
keys F10 y
wait_exit 0
echo "ok"
