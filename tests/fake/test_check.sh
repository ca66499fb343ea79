#!/bin/bash
# test_check.sh: `caseterm check` end to end against fake-upstream and the
# test database: all ok; nDelius answering 503; the fake stopped.
#
#   test_check.sh CASETERM FAKE-UPSTREAM RUN-FAKE
#
# Needs PGHOST (tools/test sets it); exits 77 (skipped) without it.
set -uo pipefail
CASETERM=$1 FAKE=$2 RUN_FAKE=$3
[ -n "${PGHOST:-}" ] || { echo "no PGHOST: skipped"; exit 77; }
export PGUSER=${PGUSER:-postgres}

TMP=$(mktemp -d "${TMPDIR:-/tmp}/ct-check.XXXXXX")
DB=ct_check_$$_$RANDOM
PID=""
cleanup() {
  [ -n "$PID" ] && "$RUN_FAKE" --stop "$PID" >/dev/null 2>&1
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1
  rm -rf "$TMP"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; [ -f "$TMP/out" ] && { echo "--- caseterm check said:" >&2; cat "$TMP/out" >&2; }; exit 1; }

(umask 077; echo "check-secret-$RANDOM$RANDOM" > "$TMP/secret")
read -r PORT PID < <("$RUN_FAKE" --bin "$FAKE" --log "$TMP/fake.log" --client-id caseterm \
                     --client-secret-file "$TMP/secret") || fail "run-fake did not start the fake"
[[ "$PORT" =~ ^[0-9]+$ ]] && [[ "$PID" =~ ^[0-9]+$ ]] || fail "run-fake printed '$PORT $PID'"

cat > "$TMP/config.yaml" <<EOF
database:
  conninfo: "dbname=$DB"
upstream:
  ndelius_url: http://127.0.0.1:$PORT/ndelius
  oasys_url: http://127.0.0.1:$PORT/oasys
  auth_token_url: http://127.0.0.1:$PORT/auth/oauth/token
  client_id: caseterm
  client_secret_file: $TMP/secret
  connect_timeout_ms: 1000
  timeout_ms: 2000
events:
  endpoint: http://127.0.0.1:$PORT/events
EOF

psql -X -q -d postgres -c "CREATE DATABASE $DB" >/dev/null || fail "cannot create database $DB"
"$CASETERM" --config "$TMP/config.yaml" migrate >"$TMP/migrate.out" 2>&1 ||
  { cat "$TMP/migrate.out" >&2; fail "caseterm migrate failed"; }

# part NAME: the line of the last check output for that part
part() { awk -v p="$1" '$2 == p' "$TMP/out"; }

# 1. everything healthy
"$CASETERM" --config "$TMP/config.yaml" check >"$TMP/out" 2>&1
rc=$?
[ "$rc" = 0 ] || fail "check exited $rc with everything up"
for p in config database outbox ndelius oasys auth; do
  part "$p" | grep -q '^ok ' || fail "no ok line for $p"
done
grep -qv '^ok ' "$TMP/out" && fail "a line is not ok"
echo "all ok: $(wc -l < "$TMP/out") lines"

# 2. nDelius answers 503
curl -sf -X POST -H 'Content-Type: application/json' \
  -d '{"path_prefix": "/ndelius", "status": 503}' "http://127.0.0.1:$PORT/_control/faults" >/dev/null ||
  fail "could not set the fault"
"$CASETERM" --config "$TMP/config.yaml" check >"$TMP/out" 2>&1
rc=$?
[ "$rc" = 1 ] || fail "check exited $rc with nDelius at 503"
part ndelius | grep -q '^FAIL .*503' || fail "the ndelius line does not say FAIL ... 503"
part oasys | grep -q '^ok ' || fail "oasys should still be ok"
part auth | grep -q '^ok ' || fail "auth should still be ok"
curl -sf -X DELETE "http://127.0.0.1:$PORT/_control/faults" >/dev/null || fail "could not clear faults"
echo "ndelius 503: FAIL as expected"

# 3. the fake stopped: nothing answers on that port
"$RUN_FAKE" --stop "$PID" || fail "run-fake --stop failed"
# gone, or a zombie nobody has reaped yet
state=$(awk '{print $3}' "/proc/$PID/stat" 2>/dev/null)
[ -z "$state" ] || [ "$state" = Z ] || fail "the fake is still running (state $state)"
PID=""
"$CASETERM" --config "$TMP/config.yaml" check >"$TMP/out" 2>&1
rc=$?
[ "$rc" = 1 ] || fail "check exited $rc with the fake stopped"
for p in ndelius oasys auth; do
  part "$p" | grep -q '^FAIL ' || fail "the $p line does not say FAIL"
done
part database | grep -q '^ok ' || fail "database should still be ok"
echo "fake stopped: ndelius, oasys, auth FAIL as expected"
