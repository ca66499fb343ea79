#!/bin/bash
# test_referral_hostile.sh: a person whose every text is hostile (K666013:
# escape sequences, OSC 52, SQL, HTML, 20,000-character risk text) and a
# person with no OASys assessment (B310004): each referral is completed and
# sent, the problem is said in words, and no control sequence reaches the
# terminal.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/referral_lib.sh"

ref_setup K666013 B310004
e2e_start
wait_for "Anna Clarke"
ref_person K666013
shows "Mallory"
kk Enter
wait_for "1. Person's details"
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
ref_review_risk_page
wait_for "Risk to themselves"
ref_review_risk_page
wait_for "Confirm you have reviewed the risk information"
kk Tab Space F2
ref_finish_crs
screen -e | grep -q $'\e\\]52' && fail "an OSC 52 sequence reached the terminal"
screen -e | grep -q $'\e\\]0;' && fail "an OSC 0 title sequence reached the terminal"
# what the supplier gets was reviewed as shown, and holds no escape character
got=$(e2e_sql -At -c "SELECT count(*) || ' ' || count(*) FILTER (WHERE strpos(s.shared_text, chr(27)) > 0)
  || ' ' || max(length(s.shared_text)) FROM referral_shared_risk s JOIN referral r ON r.id = s.referral_id
  WHERE r.reference_number = '$REF_SENT' AND s.decision = 'CONFIRMED'")
read -r n_conf n_esc longest <<<"$got"
[ "$n_conf" -ge 3 ] || fail "$n_conf confirmed risk texts"
[ "$n_esc" = 0 ] || fail "$n_esc shared risk texts hold an escape character"
# (sanitising drops its controls and zero-width marks, nothing else)
[ "$longest" -gt 10000 ] || fail "the 20,000-character risk text was cut to $longest"
kk Enter
jwait_for "Referral $REF_SENT sent"

# B310004: OASys has no assessment; the PP types the risk information
tt B310004
kk Enter
jwait_for "OASys has no assessment for this person" 100
kk Enter
wait_for "1. Person's details"
jshows "OASys has no assessment for this person: type the risk information."
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
kk F2
wait_for "Risk to themselves"
kk F2
wait_for "Confirm you have reviewed the risk information"
tt "No OASys yet: avoid evening sessions"
kk Tab Space F2
ref_finish_crs
got=$(e2e_sql -At -c "SELECT s.field || '=' || s.decision FROM referral_shared_risk s
  JOIN referral r ON r.id = s.referral_id WHERE r.reference_number = '$REF_SENT'")
[ "$got" = "additional_information=EDITED" ] || fail "shared risk: $got"
kk Enter F10 y
wait_exit 0
