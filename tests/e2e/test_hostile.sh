#!/bin/bash
# test_hostile.sh: a staff display name holding terminal escape sequences
# (clear screen, set title, colours, bidi override) is drawn harmlessly.
. "$(dirname "$0")/lib.sh"

e2e_db
e2e_staff pp placeholder
e2e_sql -v login="$E2E_ROLE" >/dev/null <<'SQL' || fail "update"
UPDATE staff SET display_name = E'Mallory\033[2J\033]0;pwned\007 \033[31mRed\033[0m\u202Eevil',
  team = E'Team\033[1;1H\r\nB' WHERE username = :'login';
SQL
e2e_start
wait_for "Mallory Red"
shows "Work queues"
shows "[R]eferrals"
not_shows "pwned"
shows "Team B"
[ "$("${E2E_TMUX[@]}" display -p -t "$E2E_SESSION" '#{pane_title}')" != pwned ] || fail "the title was set"
screen -e | grep -q $'\e\\[31m' && fail "the name's colour code reached the terminal"
keys F10 y
wait_exit 0
echo "ok"
