#!/bin/bash
# test_referral_faults.sh: Make a referral when the services misbehave: OASys
# answering 500, nDelius hanging past the timeout, malformed JSON, a person
# with no OASys assessment (B310004), hostile text (K666013).  Each time the
# person summary says which service failed, in words and since when, keeps
# what it has, and F5 / r asks again.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/referral_lib.sh"

REF_TIMEOUT_MS=1500 ref_setup C410005 J220019 F710011 B310004 K666013
e2e_start
wait_for "Anna Clarke"

# OASys answering 500: nDelius's part is shown
ref_fault '{"path_prefix": "/oasys", "status": 500}'
ref_person C410005
wait_for "Error: OASys is unavailable since"
shows "Aleksander"
jshows "You can still refer and type what is missing; F5 or r tries again."
# F5 with OASys back: the error goes, the RoSH levels come
ref_faults_clear
kk F5
wait_gone "OASys is unavailable" 100
wait_for "RoSH"
kk Escape
wait_for "Enter the person's CRN"

# malformed JSON from OASys (a person not looked up yet: nothing cached)
ref_fault '{"path_prefix": "/oasys", "malformed_json": true}'
for i in 1 2 3 4 5 6 7; do kk BSpace; done
tt J220019
kk Enter
jwait_for "OASys sent an answer that could not be read" 100
shows "Kwame"
# the form says it too, and its risk fields wait to be typed
kk Enter
wait_for "1. Person's details"
jshows "OASys sent an answer that could not be read"
kk Escape
wait_for "Choose the intervention"
ref_faults_clear
kk Escape

# nDelius hanging past the timeout (1.5 s): OASys's part is kept, and r retries
ref_fault '{"path_prefix": "/ndelius", "hang": true}'
for i in 1 2 3 4 5 6 7; do kk BSpace; done
tt F710011
kk Enter
wait_for "Error: nDelius is unavailable since" 100
shows "RoSH"
not_shows "Kieran"
ref_faults_clear
kk r
wait_for "Kieran" 100
wait_gone "nDelius is unavailable" 100
kk Escape

# no OASys assessment
for i in 1 2 3 4 5 6 7; do kk BSpace; done
tt B310004
kk Enter
jwait_for "OASys has no assessment for this person" 100
shows "Samuel"
kk Escape

# hostile text: no escape sequence reaches the terminal
for i in 1 2 3 4 5 6 7; do kk BSpace; done
tt K666013
kk Enter
wait_for "Mallory" 100
screen -e | grep -q $'\e\\]52' && fail "an OSC 52 sequence reached the terminal"
screen | grep -q '2J' && fail "a clear-screen sequence was shown as text"
kk F10 y
wait_exit 0
