#!/bin/bash
# test_referral_ndelius_down.sh: nDelius hangs past the timeout while the PP
# makes a referral.  The summary and the form say so (since when); the PP
# types what nDelius would have given; F5 in the form, once nDelius is back,
# fills only what is still empty (the first name typed stays); the referral
# is completed and sent.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/referral_lib.sh"

REF_TIMEOUT_MS=1500 ref_setup F710011
e2e_start
wait_for "Anna Clarke"
ref_fault '{"path_prefix": "/ndelius", "hang": true}'
ref_person F710011
wait_for "Error: nDelius is unavailable since" 100
shows "RoSH"
kk Enter                                   # Accommodation
wait_for "1. Person's details"
jshows "nDelius unavailable since"
kk Enter
wait_for "Personal details"
kk Tab Tab                                 # CRN, Title, First name
tt Kez
wait_for "[Kez"                            # the first name typed is shown
# nDelius is back: F5 fills what is empty, never what was typed
ref_faults_clear
kk F5
wait_for "Walsh" 100
shows "[Kez"
not_shows "Kieran"
wait_gone "nDelius unavailable" 50
kk F2 F2
wait_for "> 2. Needs and requirements"
kk Enter
wait_for "Do they need an interpreter?"
kk n F2
wait_for "Do they have caring or employment responsibilities?"
kk n F2
wait_for "> 3. Risk information"
kk Enter
wait_for "Risk of serious harm"
ref_review_risk_page
wait_for "Risk to themselves"
ref_review_risk_page
wait_for "Confirm you have reviewed the risk information"
kk Tab Space F2
ref_finish_crs
got=$(e2e_sql -At -c "SELECT d.first_name || ' ' || d.last_name FROM referral r
  JOIN referral_service_user_data d ON d.referral_id = r.id WHERE r.reference_number = '$REF_SENT'")
[ "$got" = "Kez Walsh" ] || fail "person sent: $got"
kk Enter F10 y
wait_exit 0
