#!/bin/bash
# test_bad_start.sh: refusals at start, each with a clear message and exit
# status: a bad config file (2, file:line:column:), a bad keymap (2), the
# database down (3, no core dump), a login that is not a member of staff (1),
# no terminal (1).
. "$(dirname "$0")/lib.sh"

e2e_db

# a YAML error in the config file
bad="$E2E_TMP/bad.yaml"
printf 'database:\n  conninfo: "dbname=x"\nui:\n  theme: [unclosed\n' >"$bad"
e2e_run out st "$CASETERM" --config "$bad"
[ "$st" = 2 ] || fail "bad config: exit $st ($out)"
grep -qE "^caseterm: $bad:[0-9]+:[0-9]+: " <<<"$out" || fail "bad config message: $out"

# a bad keymap is refused before the terminal is touched
printf 'global:\n  quit: [F10]\n  explode: [x]\n' >"$E2E_TMP/keymap.yaml"
e2e_config "ui:" "  keymap: $E2E_TMP/keymap.yaml"
e2e_staff pp "Zoë Ní Bhriain"
e2e_run out st env PGUSER="$E2E_ROLE" "$CASETERM" --config "$E2E_CONFIG"
[ "$st" = 2 ] || fail "bad keymap: exit $st ($out)"
grep -qF "$E2E_TMP/keymap.yaml:3:3: unknown action 'explode'" <<<"$out" || fail "bad keymap message: $out"
e2e_config

# the database is down: a socket folder where no server listens
printf 'database:\n  conninfo: "host=%s/nowhere dbname=x connect_timeout=2"\n' "$E2E_TMP" >"$E2E_TMP/down.yaml"
cd "$E2E_TMP"
e2e_run out st "$CASETERM" --config "$E2E_TMP/down.yaml"
[ "$st" = 3 ] || fail "database down: exit $st ($out)"
grep -qF "caseterm: cannot connect to the database" <<<"$out" || fail "database down message: $out"
ls "$E2E_TMP" | grep -q '^core' && fail "core dump"

# a login role with no staff row
e2e_login_only
e2e_run out st env PGUSER="$E2E_ROLE" "$CASETERM" --config "$E2E_CONFIG"
[ "$st" = 1 ] || fail "not staff: exit $st ($out)"
grep -qF "the database login '$E2E_ROLE' is not a member of staff in caseterm" <<<"$out" ||
	fail "not staff message: $out"

# staff, but no terminal
e2e_staff pp "Zoë Ní Bhriain"
e2e_run out st env PGUSER="$E2E_ROLE" "$CASETERM" --config "$E2E_CONFIG"
[ "$st" = 1 ] || fail "no terminal: exit $st ($out)"
grep -qF "needs a terminal" <<<"$out" || fail "no terminal message: $out"
echo "ok"
