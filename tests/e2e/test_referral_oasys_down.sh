#!/bin/bash
# test_referral_oasys_down.sh: OASys answers 500 while the PP makes a
# referral.  The form says which service and since when; the risk fields
# are empty for the PP to type; the referral is completed and sent, sharing
# the typed text (with no OASys original behind it).  The person already has
# an open referral to that intervention: the PP is asked before sending.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/referral_lib.sh"

ref_setup C410005
# an open referral of the same person to the same intervention, sent earlier
e2e_sql -v login="$E2E_ROLE" >/dev/null <<'SQL' || fail "earlier referral"
SELECT referral_send(jsonb_build_object(
  'interventionId', '4a1d0c1e-0001-4000-8000-000000000001', 'crn', 'C410005',
  'sentBy', (SELECT id FROM staff WHERE username = :'login'), 'sentAt', now() - interval '2 days',
  'serviceUser', jsonb_build_object('firstName', 'Aleksander', 'lastName', 'Wiśniewski'),
  'location', jsonb_build_object('type', 'COMMUNITY'),
  'details', jsonb_build_object('completionDeadline', (current_date + 60)::text),
  'probationPractitioner', jsonb_build_object('name', 'Anna Clarke'),
  'serviceCategories', jsonb_build_array(jsonb_build_object(
    'serviceCategoryId', 'accommodation', 'complexityLevelId', 'accommodation:low',
    'desiredOutcomeIds', jsonb_build_array('5d2777b0-c69f-5b60-9e78-3d60aac39c56')))));
SQL
first=$(e2e_sql -At -c "SELECT reference_number FROM referral WHERE crn = 'C410005'")
[ -n "$first" ] || fail "the earlier referral was not made"
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
REF_DUPLICATE=$first ref_finish_crs
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
