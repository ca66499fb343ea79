#!/usr/bin/env bash
# test_form.sh: the sample form end to end (`caseterm form sample CRN`):
# three sections with deliberate errors (the error summary, focus on it,
# fixed), a repeat group, show_if, every kind of field, redaction, check
# your answers with a change that comes back to it, submit, the
# confirmation page; the draft exists while filling and is gone after.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/form_lib.sh"
e2e_db
e2e_staff pp "Zoë Ní Bhriain"
# a form no area opens is refused before the terminal is taken
PGUSER=$E2E_ROLE e2e_run out st "$CASETERM" --config "$E2E_CONFIG" form nosuch X320741
[ "$st" = 4 ] || fail "caseterm form nosuch: exit $st: $out"
grep -qF "does not know how to open the form 'nosuch'" <<<"$out" || fail "caseterm form nosuch said: $out"
e2e_start form sample X320741
form_section1
[ "$(e2e_sql -tA -c "SELECT count(*) FROM form_draft WHERE form_id = 'sample' AND subject = 'X320741'")" = 1 ] ||
	fail "no draft after the first section"
form_section2
form_section3
form_check_change_submit
[ "$(e2e_sql -tA -c "SELECT count(*) FROM form_draft")" = 0 ] || fail "the draft was kept after submit"
keys Enter
wait_for "Work queues"
keys F10 y
wait_exit 0
