#!/bin/sh
# check_bad.sh CASETERM: `caseterm forms check bad` must exit 1 and print
# exactly bad_expected.txt (run from this folder, so paths are relative).
set -u
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$1" forms check bad >"$out" 2>&1
rc=$?
if [ "$rc" != 1 ]; then
  echo "expected exit status 1, got $rc" >&2
  cat "$out" >&2
  exit 1
fi
diff -u bad_expected.txt "$out" || { echo "output differs from bad_expected.txt" >&2; exit 1; }
# usage errors exit 2
"$1" forms >/dev/null 2>&1; [ $? = 2 ] || { echo "'forms' without check should exit 2" >&2; exit 1; }
"$1" forms check --bogus >/dev/null 2>&1; [ $? = 2 ] || { echo "unknown option should exit 2" >&2; exit 1; }
"$1" forms check no/such/folder >/dev/null 2>&1; [ $? = 2 ] || { echo "missing folder should exit 2" >&2; exit 1; }
exit 0
