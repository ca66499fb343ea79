#!/bin/bash
# test_referral_oasys_down.sh: OASys answers 500 while the PP makes a
# referral.  The form says which service and since when; the risk fields
# are empty for the PP to type; the referral is completed and sent, sharing
# the typed text (with no OASys original behind it).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/referral_lib.sh"

ref_setup C410005
e2e_start
wait_for "Anna Clarke"
ref_fault '{"path_prefix": "/oasys", "status": 500}'
ref_person C410005
wait_for "Error: OASys is unavailable since" 100
kk Enter                                   # Accommodation
wait_for "1. Person's details"
jshows "OASys unavailable since"
kk Enter F2 F2
wait_for "> 2. Needs and requirements"
kk Enter
wait_for "Do they need an interpreter?"
kk n F2
wait_for "Do they have caring or employment responsibilities?"
kk n F2
wait_for "> 3. Risk information"
kk Enter
wait_for "Risk of serious harm"
not_shows "Status: not yet checked"
# the assessment date (day, month, year) and the levels are empty too
kk Tab Tab Tab Tab
tt "Known adults: typed by the practitioner"
kk F2
wait_for "Risk to themselves"
kk F2
wait_for "Confirm you have reviewed the risk information"
kk Tab Space F2
ref_finish_crs
got=$(e2e_sql -At -c "SELECT s.field || '=' || s.decision || ':' || s.shared_text
  FROM referral_shared_risk s JOIN referral r ON r.id = s.referral_id
  WHERE r.reference_number = '$REF_SENT'")
[ "$got" = "who_is_at_risk=EDITED:Known adults: typed by the practitioner" ] ||
	fail "shared risk: $got"
got=$(e2e_sql -At -c "SELECT count(*) FROM referral_risk_original o JOIN referral r
  ON r.id = o.referral_id WHERE r.reference_number = '$REF_SENT'")
[ "$got" = 0 ] || fail "$got originals for text OASys never gave"
kk Enter F10 y
wait_exit 0
