#!/bin/bash
# test_signals.sh: SIGHUP (a dropped SSH link) and SIGTERM end caseterm
# with 128+signal, the process is gone and the terminal is given back sane;
# SIGINT asks "Quit caseterm?" instead.
. "$(dirname "$0")/lib.sh"

e2e_db
e2e_staff sp "Priya Ramanathan"

e2e_start
wait_for "Priya Ramanathan"
kill -HUP "$E2E_PID"
wait_exit 129

e2e_start
wait_for "Priya Ramanathan"
keys r
wait_for "Home > Referrals"
kill -TERM "$E2E_PID"
wait_exit 143

e2e_start
wait_for "Priya Ramanathan"
kill -INT "$E2E_PID"
wait_for "Quit caseterm? y/n"
keys y
wait_exit 0
echo "ok"
