#!/usr/bin/env bash
# test_form_resume.sh: a dropped link (SIGHUP) in the middle of the sample
# form loses nothing: the next start offers the draft and resumes it with
# the answers intact, even the field being typed; the drafts screen
# deletes a draft after y/n.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/form_lib.sh"
e2e_db
e2e_staff pp "Zoë Ní Bhriain"
form_hup_resume
