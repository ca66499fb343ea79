#!/bin/bash
# test_resize.sh: below 80x24 caseterm draws one line saying so and nothing
# else; the screen comes back on resize (big -> small -> big).
. "$(dirname "$0")/lib.sh"

e2e_db
e2e_staff admin "Amani Okafor"
e2e_start
wait_for "Amani Okafor"
keys c
wait_for "Home > Catalogue"
resize 60 20
wait_for "Terminal too small: 80x24 needed, have 60x20"
[ "$(screen | grep -c .)" = 1 ] || fail "more than one line on the too-small screen"
resize 79 24
wait_for "Terminal too small: 80x24 needed, have 79x24"
resize 80 24
wait_for "Home > Catalogue"
not_shows "too small"
resize 120 40
wait_until "the status line is on row 40" last_line_has "Amani Okafor"
[ "$(screen | wc -l)" = 40 ] || fail "not 40 rows"
resize 80 24
wait_for "Home > Catalogue"
keys Escape
wait_for "Work queues"
keys F10
wait_for "Quit caseterm? y/n"
keys y
wait_exit 0
echo "ok"
