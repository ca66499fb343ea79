#!/bin/bash
# test_referral_crs.sh: a full CRS referral for a person with complete
# nDelius and OASys data (C410005), from Home to "Referral sent", counting
# the keystrokes (README.md says how many).  Everything nDelius and OASys
# hold is prefilled: the PP answers what only they know, reviews the risk
# text, and sends.  Then the database holds the referral with the shared and
# original risk text, and the outbox sender tells nDelius (the fake).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/referral_lib.sh"

# The count README.md gives; change both together.
WANT_KEYS=52
WANT_CHARS=32

ref_setup C410005
e2e_start
wait_for "Anna Clarke"
wait_for "Work queues"
kk r                                   # Referrals
wait_for "Make a referral"
kk Enter                               # Make a referral
wait_for "Enter the person's CRN"
kk Down Enter                          # C410005 from the caseload
wait_for "Make a referral for Aleksander"
wait_gone "Looking up" 100
shows "RoSH"
kk Enter                               # Accommodation Services (the first)
wait_for "1. Person's details"
shows "Not started"

# 1. person's details: all from nDelius
kk Enter F2 F2
wait_for "> 2. Needs and requirements"
shows "Completed"
# 2. needs: no interpreter, no caring or employment responsibilities
kk Enter
wait_for "Do they need an interpreter?"
kk n F2
wait_for "Do they have caring or employment responsibilities?"
kk n F2
wait_for "> 3. Risk information"
# 3. risk: confirm each OASys text as it is, then say it was reviewed
kk Enter
wait_for "Risk of serious harm"
shows "4 May 2025"
shows "Status: not yet checked"
kk Tab Tab F7 Tab Tab Tab F7 Tab Tab Tab F7 F2
wait_for "Risk to themselves"
kk Tab Tab Tab F7 F2                   # only vulnerability has current concerns
wait_for "Confirm you have reviewed the risk information"
kk Tab Space F2
wait_for "> 4. Intervention details"
# 4. intervention: Medium complexity, the first outcome, 10 days, a date, why
kk Enter
wait_for "The intervention"
kk F2
wait_for "Services, complexity and desired outcomes"
shows "[x] Accommodation"
kk Tab Down Space Tab Space F2
wait_for "Maximum number of enforceable days"
tt 10
kk Tab
tt "$(date -d '+90 days' '+%d %m %Y')"
kk F2
wait_for "Reason for this referral"
tt "Needs a settled home"
kk F2
wait_for "> 5. Sentence, requirement and location"
# 5. sentence and location: from nDelius
kk Enter
wait_for "ORA Community Order: Arson"
kk F2
wait_for "(*) In the community"
kk F2
wait_for "> 6. Your details"
# 6. the responsible officer's details
kk Enter
wait_for "Gwen Evans"
kk F2
wait_for "> 7. Check your answers"
# 7. check your answers and send
kk Enter
wait_for "Check your answers before you submit"
kk F2
wait_for "Referral sent" 50
jshows "nDelius will be told"
ref=$(screen | sed -n 's/.*Reference \([A-Z][A-Z][0-9][0-9][0-9][0-9][A-Z][A-Z]\).*/\1/p' | head -n1)
[ -n "$ref" ] || fail "no reference on the confirmation page"
echo "sent $ref with $REF_KEYS keys and $REF_CHARS typed characters"
[ "$REF_KEYS" = "$WANT_KEYS" ] || fail "$REF_KEYS keys, README.md says $WANT_KEYS"
[ "$REF_CHARS" = "$WANT_CHARS" ] || fail "$REF_CHARS characters, README.md says $WANT_CHARS"
kk Enter
jwait_for "Referral $ref sent for Aleksander"

# what was written: the referral, reviewed risk text, originals, one event
got=$(e2e_sql -At -c "SELECT r.crn || ' ' || d.first_name || ' ' || c.complexity_level_id
  FROM referral r JOIN referral_service_user_data d ON d.referral_id = r.id
  JOIN referral_complexity_level c ON c.referral_id = r.id
  WHERE r.reference_number = '$ref'")
[ "$got" = "C410005 Aleksander accommodation:medium" ] || fail "referral row: $got"
got=$(e2e_sql -At -c "SELECT string_agg(s.field || '=' || s.decision, ' ' ORDER BY s.field)
  FROM referral_shared_risk s JOIN referral r ON r.id = s.referral_id
  WHERE r.reference_number = '$ref'")
[ "$got" = "who_is_at_risk=CONFIRMED nature_of_risk=CONFIRMED risk_imminence=CONFIRMED vulnerability=CONFIRMED" ] ||
	fail "shared risk: $got"
got=$(e2e_sql -At -c "SELECT count(*) FROM referral_risk_original o JOIN referral r ON r.id = o.referral_id
  WHERE r.reference_number = '$ref'")
[ "$got" = 4 ] || fail "$got original risk texts"
got=$(e2e_sql -At -c "SELECT count(*) FROM outbox WHERE event_type = 'intervention.referral.sent'
  AND payload->>'referenceNumber' = '$ref'")
[ "$got" = 1 ] || fail "$got outbox rows"
# the outbox sender tells nDelius (the fake upstream's event endpoint)
e2e_run out st env PGHOST="$PGHOST" PGUSER="$E2E_ADMIN" "$CASETERM" --config "$E2E_CONFIG" outbox send --once
[ "$st" = 0 ] || fail "outbox send: $st $out"
curl -fsS "http://127.0.0.1:$REF_PORT/_control/events" | grep -q "$ref" ||
	fail "nDelius (the fake) did not get the event"

kk F10 y
wait_exit 0
