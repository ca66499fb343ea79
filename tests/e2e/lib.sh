# tests/e2e/lib.sh: harness for end-to-end tests: the real caseterm binary
# in a real terminal (tmux on a private socket, 80x24), against its own
# database on the test cluster that tools/test starts.
#
# A test script:
#     . "$(dirname "$0")/lib.sh"
#     e2e_db                                   # database + migrations
#     e2e_staff pp "Zoë Ní Bhriain"            # login role + staff row
#     e2e_start                                # caseterm in tmux, as that role
#     wait_for "Zoë Ní Bhriain"
#     keys Down Enter; wait_for "Catalogue"
#     keys F10 y; wait_exit 0
#
# Needs CASETERM (the binary; meson sets it), PGHOST (tools/test sets it) and
# tmux; without them the test is skipped (exit 77).  Everything it makes (the
# tmux server, the database, the roles, the temp folder) is removed on exit.
# Pitfalls (see ENV.md §4): capture the screen before quitting (the
# alternate screen goes away), ESCDELAY=25 so Esc is quick, LC_ALL=C.UTF-8.

set -euo pipefail

: "${CASETERM:?CASETERM must name the caseterm binary}"
if [ -z "${PGHOST:-}" ]; then
	echo "SKIP: PGHOST is not set (run through tools/test)"
	exit 77
fi
command -v tmux >/dev/null || { echo "SKIP: no tmux"; exit 77; }
export LC_ALL=C.UTF-8 LANG=C.UTF-8
export PGUSER=${PGUSER:-postgres}
E2E_ADMIN=${PGUSER}
E2E_NAME=$(basename "$0" .sh | tr -c 'a-z0-9_\n' _)
E2E_TMP=$(mktemp -d "${TMPDIR:-/tmp}/ct-e2e.XXXXXX")
E2E_TMUX=(tmux -S "$E2E_TMP/tmux.sock" -f /dev/null)
E2E_DB=""
E2E_ROLES=()
E2E_ROLE=""
E2E_SESSION=""
E2E_CONFIG="$E2E_TMP/config.yaml"
E2E_RUNS=0

e2e_cleanup() {
	local r
	"${E2E_TMUX[@]}" kill-server >/dev/null 2>&1 || true
	if [ -n "$E2E_DB" ]; then
		PGUSER=$E2E_ADMIN dropdb --if-exists --force "$E2E_DB" >/dev/null 2>&1 || true
	fi
	for r in "${E2E_ROLES[@]}"; do
		PGUSER=$E2E_ADMIN psql -X -q -d postgres -c "DROP ROLE IF EXISTS \"$r\"" >/dev/null 2>&1 || true
	done
	rm -rf "$E2E_TMP"
}
trap e2e_cleanup EXIT

fail() {
	echo "FAIL: $*" >&2
	if [ -n "$E2E_SESSION" ]; then
		echo "--- screen ---" >&2
		screen >&2 || true
		echo "--------------" >&2
	fi
	exit 1
}

# psql as the database owner, in the test database.  Extra args go to psql.
e2e_sql() {
	PGUSER=$E2E_ADMIN psql -X -q -v ON_ERROR_STOP=1 -d "${E2E_DB:-postgres}" "$@"
}

# Writes the config file caseterm runs with; extra YAML lines may follow.
e2e_config() {
	{
		echo "database:"
		echo "  conninfo: \"dbname=$E2E_DB\""
		for line in "$@"; do echo "$line"; done
	} >"$E2E_CONFIG"
}

# Creates this test's database and brings its schema up to date.
e2e_db() {
	E2E_DB="ct_e2e_${E2E_NAME}_$$"
	PGUSER=$E2E_ADMIN createdb "$E2E_DB" || fail "createdb $E2E_DB"
	e2e_config
	PGUSER=$E2E_ADMIN "$CASETERM" --config "$E2E_CONFIG" migrate >/dev/null ||
		fail "caseterm migrate"
}

# e2e_staff ROLE DISPLAY_NAME [TEAM]: a login role (cluster-wide, so named
# with $$) in group caseterm_ROLE and its staff row; caseterm then signs in
# as it.  Sets E2E_ROLE.
e2e_staff() {
	local role=$1 name=$2 team=${3:-}
	E2E_ROLE="ct_e2e_${E2E_NAME}_${role}_$$_${#E2E_ROLES[@]}"
	E2E_ROLES+=("$E2E_ROLE")
	e2e_sql -v login="$E2E_ROLE" -v grp="caseterm_$role" -v role="$role" -v name="$name" \
		-v team="$team" >/dev/null <<'SQL' || fail "cannot add staff"
CREATE ROLE :"login" LOGIN IN ROLE :"grp";
INSERT INTO staff (username, display_name, role, team)
  VALUES (:'login', :'name', :'role'::staff_role, NULLIF(:'team', ''));
SQL
}

# A login role with no staff row.  Sets E2E_ROLE.
e2e_login_only() {
	E2E_ROLE="ct_e2e_${E2E_NAME}_nostaff_$$_${#E2E_ROLES[@]}"
	E2E_ROLES+=("$E2E_ROLE")
	e2e_sql -v login="$E2E_ROLE" >/dev/null <<<'CREATE ROLE :"login" LOGIN IN ROLE caseterm_pp;' ||
		fail "cannot create role"
}

# e2e_start [-e VAR=value]... [caseterm args...]: opens caseterm in a new
# 80x24 tmux session signed in as E2E_ROLE.  The pane records the exit
# status in $E2E_TMP/exit.N and `stty -a` in $E2E_TMP/stty.N after caseterm
# ends, then prints E2E-SHELL-READY and waits.  Sets E2E_SESSION and E2E_PID.
e2e_start() {
	local envs=(-e LC_ALL=C.UTF-8 -e LANG=C.UTF-8 -e TERM=tmux-256color -e ESCDELAY=25
		-e "PGHOST=$PGHOST" -e "PGUSER=$E2E_ROLE")
	local run i
	while [ "${1:-}" = -e ]; do envs+=(-e "$2"); shift 2; done
	E2E_RUNS=$((E2E_RUNS + 1))
	E2E_SESSION="ui$E2E_RUNS"
	run="$E2E_TMP/run.$E2E_RUNS.sh"
	{
		echo '#!/bin/sh'
		printf 'unset NO_COLOR CASETERM_CONFIG\n'
		for i in "${envs[@]}"; do
			case $i in NO_COLOR=*) printf 'export %q\n' "$i" ;; esac
		done
		printf 'sh -c '\''echo $$ > "$0.pid"; exec "$@"'\'' %q %q --config %q' \
			"$E2E_TMP/pane.$E2E_RUNS" "$CASETERM" "$E2E_CONFIG"
		for i in "$@"; do printf ' %q' "$i"; done
		echo
		printf 'echo $? > %q\n' "$E2E_TMP/exit.$E2E_RUNS.tmp"
		printf 'mv %q %q\n' "$E2E_TMP/exit.$E2E_RUNS.tmp" "$E2E_TMP/exit.$E2E_RUNS"
		printf 'stty -a > %q 2>&1\n' "$E2E_TMP/stty.$E2E_RUNS"
		echo 'echo E2E-SHELL-READY'
		echo 'exec sleep 600'
	} >"$run"
	chmod +x "$run"
	"${E2E_TMUX[@]}" new-session -d -s "$E2E_SESSION" -x 80 -y 24 "${envs[@]}" "$run" ||
		fail "tmux new-session"
	for ((i = 0; i < 50; i++)); do
		[ -s "$E2E_TMP/pane.$E2E_RUNS.pid" ] && break
		sleep 0.05
	done
	E2E_PID=$(cat "$E2E_TMP/pane.$E2E_RUNS.pid" 2>/dev/null) || fail "caseterm did not start"
}

# The screen as text (or with -e, with colour and attribute codes).
screen() {
	"${E2E_TMUX[@]}" capture-pane -p "$@" -t "$E2E_SESSION"
}

# wait_for TEXT [TENTHS]: waits (default 5 s) until TEXT is on the screen.
wait_for() {
	local i
	for ((i = 0; i < ${2:-50}; i++)); do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	fail "timed out waiting for '$1'"
}

# wait_gone TEXT: waits until TEXT is no longer on the screen.
wait_gone() {
	local i
	for ((i = 0; i < ${2:-50}; i++)); do
		screen | grep -qF -- "$1" || return 0
		sleep 0.1
	done
	fail "'$1' is still on the screen"
}

# wait_until DESCRIPTION CMD...: retries CMD for 5 s (the screen may be
# half drawn when captured).
wait_until() {
	local what=$1 i
	shift
	for ((i = 0; i < 50; i++)); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	fail "timed out waiting until $what"
}

# last_line_has TEXT: the bottom row (the status line) holds TEXT.
last_line_has() { screen | tail -n1 | grep -qF -- "$1"; }
# cursor_on TEXT: the row under the cursor holds TEXT.
cursor_on() { cursor_line | grep -qF -- "$1"; }

# Asserts TEXT is / is not on the screen now.
shows() { screen | grep -qF -- "$1" || fail "'$1' is not on the screen"; }
not_shows() { ! screen | grep -qF -- "$1" || fail "'$1' should not be on the screen"; }

# keys NAME...: tmux key names (Enter Tab BTab Up Down Escape F1 C-c ...).
keys() { "${E2E_TMUX[@]}" send-keys -t "$E2E_SESSION" "$@"; }
# type TEXT: literal UTF-8 text.
type_text() { "${E2E_TMUX[@]}" send-keys -t "$E2E_SESSION" -l -- "$1"; }

# The cursor as "x,y".
cursor() { "${E2E_TMUX[@]}" display -p -t "$E2E_SESSION" '#{cursor_x},#{cursor_y}'; }
# The screen row the cursor is on.
cursor_line() {
	local y
	y=$("${E2E_TMUX[@]}" display -p -t "$E2E_SESSION" '#{cursor_y}')
	screen | sed -n "$((y + 1))p"
}

resize() { "${E2E_TMUX[@]}" resize-window -t "$E2E_SESSION" -x "$1" -y "$2"; }

# wait_exit STATUS: waits (5 s) for caseterm to end and checks its status,
# that it is gone, and that the terminal was given back sane.
wait_exit() {
	local want=$1 i got f="$E2E_TMP/exit.$E2E_RUNS"
	for ((i = 0; i < 50; i++)); do
		[ -s "$f" ] && break
		sleep 0.1
	done
	[ -s "$f" ] || fail "caseterm did not end"
	got=$(cat "$f")
	[ "$got" = "$want" ] || fail "exit status $got, expected $want"
	! kill -0 "$E2E_PID" 2>/dev/null || fail "caseterm (pid $E2E_PID) is still running"
	wait_for E2E-SHELL-READY
	terminal_sane
}

# The terminal modes caseterm leaves behind are the usual cooked ones, and
# the normal screen is back (the alternate screen is gone).
terminal_sane() {
	local f="$E2E_TMP/stty.$E2E_RUNS" i
	for ((i = 0; i < 20; i++)); do
		[ -s "$f" ] && break
		sleep 0.1
	done
	grep -qE '(^| )icanon( |$)' "$f" || fail "terminal left without icanon: $(cat "$f")"
	grep -qE '(^| )echo( |$)' "$f" || fail "terminal left without echo: $(cat "$f")"
	grep -qE '(^| )icrnl( |$)' "$f" || fail "terminal left without icrnl: $(cat "$f")"
	[ "$("${E2E_TMUX[@]}" display -p -t "$E2E_SESSION" '#{alternate_on}')" = 0 ] ||
		fail "still on the alternate screen"
}

# Runs caseterm outside the terminal: e2e_run OUT_VAR STATUS_VAR args...
# (stdin from /dev/null; stderr and stdout together).
e2e_run() {
	local __out=$1 __st=$2 __o __s=0
	shift 2
	__o=$("$@" </dev/null 2>&1) || __s=$?
	printf -v "$__out" '%s' "$__o"
	printf -v "$__st" '%s' "$__s"
}

# e2e_demo USERNAME: loads the demo data (tests/fixtures/demo/*.sql, as
# tools/demo does) into this test's database and signs in as that demo
# member of staff (pp_anna, sp_kate ...).  The demo login roles are shared by
# the whole cluster and are never dropped here.  Sets E2E_ROLE.
e2e_demo() {
	local f dir
	dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../fixtures/demo" && pwd)"
	for f in "$dir"/*.sql; do
		e2e_sql -f "$f" >/dev/null || fail "loading $f"
	done
	E2E_ROLE=$1
}
