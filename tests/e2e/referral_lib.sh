# tests/e2e/referral_lib.sh: what the referral e2e tests share, sourced after
# lib.sh: the fake upstream (tests/fake) with its faults, a config that
# points caseterm at it, a practitioner with a caseload, and interventions
# to refer to.  Needs FAKE_UPSTREAM and RUN_FAKE (meson sets them).
: "${FAKE_UPSTREAM:?FAKE_UPSTREAM must name the fake-upstream binary}"
: "${RUN_FAKE:?RUN_FAKE must name tests/fake/run-fake}"
REF_FAKE_PID=""
REF_PORT=""
# keystrokes sent: keys (kk) and typed characters (tt)
REF_KEYS=0
REF_CHARS=0

ref_cleanup() {
	[ -n "$REF_FAKE_PID" ] && "$RUN_FAKE" --stop "$REF_FAKE_PID" >/dev/null 2>&1
	e2e_cleanup
}
trap ref_cleanup EXIT

# ref_fake_start: the fake on a free port; sets REF_PORT.
ref_fake_start() {
	(umask 077; echo "e2e-secret-$RANDOM$RANDOM" >"$E2E_TMP/secret")
	read -r REF_PORT REF_FAKE_PID < <("$RUN_FAKE" --bin "$FAKE_UPSTREAM" --log "$E2E_TMP/fake.log" \
		--client-id caseterm --client-secret-file "$E2E_TMP/secret") ||
		fail "run-fake did not start the fake"
	[[ "$REF_PORT" =~ ^[0-9]+$ ]] || fail "run-fake printed '$REF_PORT'"
}

# ref_config [TIMEOUT_MS]: caseterm's config with the fake as upstream.
ref_config() {
	e2e_config "upstream:" \
		"  ndelius_url: http://127.0.0.1:$REF_PORT/ndelius" \
		"  oasys_url: http://127.0.0.1:$REF_PORT/oasys" \
		"  auth_token_url: http://127.0.0.1:$REF_PORT/auth/oauth/token" \
		"  client_id: caseterm" \
		"  client_secret_file: $E2E_TMP/secret" \
		"  connect_timeout_ms: 1000" \
		"  timeout_ms: ${1:-3000}" \
		"  retries: 0" \
		"events:" \
		"  endpoint: http://127.0.0.1:$REF_PORT/events"
}

# ref_fault JSON: adds a fault (POST /_control/faults); ref_faults_clear.
ref_fault() {
	curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' \
		--data "$1" "http://127.0.0.1:$REF_PORT/_control/faults" || fail "fault $1 refused"
}
ref_faults_clear() {
	curl -fsS -o /dev/null -X DELETE "http://127.0.0.1:$REF_PORT/_control/faults" ||
		fail "faults not cleared"
}

# ref_setup CRN...: database, fake, config, a practitioner (Anna Clarke) with
# these CRNs on her caseload, and interventions: Accommodation (CRS, one
# service category), Personal Wellbeing (CRS, a cohort), a structured one.
ref_setup() {
	e2e_db
	ref_fake_start
	ref_config "${REF_TIMEOUT_MS:-3000}"
	e2e_staff pp "Anna Clarke" "East Kent"
	local crn
	for crn in "$@"; do
		e2e_sql -v login="$E2E_ROLE" -v crn="$crn" >/dev/null <<'SQL' || fail "caseload"
INSERT INTO caseload (staff_id, crn) SELECT id, :'crn' FROM staff WHERE username = :'login';
SQL
	done
	e2e_sql >/dev/null <<'SQL' || fail "interventions"
INSERT INTO intervention (id, title, description, kind, contract_reference, contract_type_code,
    prime_provider_id, nps_region_id, minimum_age, allows_female, allows_male,
    referral_start_date)
VALUES
  ('4a1d0c1e-0001-4000-8000-000000000001', 'Accommodation Services - Kent, Surrey and Sussex',
   'Short-term housing and support.', 'CRS', 'PRJ_14249', 'ACC', 'SHELTER', 'K', 18, true, true,
   '2021-06-01'),
  ('4a1d0c1e-0001-4000-8000-000000000003', 'Personal Wellbeing - Kent',
   'Emotional wellbeing, family, lifestyle and social inclusion.', 'CRS', 'PRJ_16310', 'PWB',
   'CATCH_22_CHARITY_LTD', 'K', 18, true, true, '2021-06-01'),
  ('4a1d0c1e-0002-4000-8000-000000000001', 'Managing My Emotions',
   'Understand and manage emotions.', 'STRUCTURED', NULL, NULL, NULL, NULL, 18, true, true,
   NULL);
SQL
}

# Counted input: kk KEY... (tmux key names), tt TEXT (typed literally).
kk() { keys "$@"; REF_KEYS=$((REF_KEYS + $#)); }
tt() { type_text "$1"; REF_CHARS=$((REF_CHARS + ${#1})); }

# ref_person CRN: Home -> Referrals -> Make a referral -> CRN typed -> the
# person summary (waits for the look-up to finish).
ref_person() {
	wait_for "Work queues"
	kk r
	wait_for "Make a referral"
	kk Enter
	wait_for "Enter the person's CRN"
	tt "$1"
	kk Enter
	wait_for "Make a referral for"
	wait_gone "Looking up" 100
}

# The screen as one line (rows joined, indentation dropped), for text that
# wraps: jshows TEXT.
joined() { screen | sed 's/^ *//; s/ *$//' | tr '\n' ' '; }
jshows() { joined | grep -qF -- "$1" || fail "'$1' is not on the screen"; }
jwait_for() {
	local i
	for ((i = 0; i < ${2:-50}; i++)); do
		joined | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	fail "timed out waiting for '$1'"
}

# ref_review_risk_page: Save and continue until the page passes, confirming
# each OASys text still to review through the error summary (Enter on an
# error goes to its field; F7 confirms it as shown).
ref_review_risk_page() {
	local i
	for i in 1 2 3 4 5 6 7 8 9; do
		kk F2
		sleep 0.4
		if screen | grep -q "There is a problem"; then
			kk Enter F7
		else
			return 0
		fi
	done
	fail "the risk page never passed"
}

# ref_finish_crs: sections 4 to 7 of a CRS referral to Accommodation with
# nDelius answering (Medium complexity, the first outcome, 10 days, a date
# in 90 days, a reason), then send; sets REF_SENT to the reference.
ref_finish_crs() {
	wait_for "> 4. Intervention details"
	kk Enter
	wait_for "The intervention"
	kk F2
	wait_for "Services, complexity and desired outcomes"
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
	kk Enter
	wait_for "Relevant sentence"
	kk F2
	wait_for "Where are they now?"
	kk F2
	wait_for "> 6. Your details"
	kk Enter
	wait_for "Probation practitioner details"
	kk F2
	wait_for "> 7. Check your answers"
	kk Enter
	wait_for "Check your answers before you submit"
	kk F2
	if [ -n "${REF_DUPLICATE:-}" ]; then
		# an open referral to the same intervention: asked first; n keeps
		# every answer, y sends
		jwait_for "already has an open referral to Accommodation Services - Kent, Surrey and Sussex: $REF_DUPLICATE"
		kk n
		wait_for "Submit (F2)"
		wait_gone "already has an open referral"
		not_shows "Referral sent"
		kk F2
		jwait_for "already has an open referral"
		kk y
	fi
	wait_for "Referral sent" 50
	REF_SENT=$(screen | sed -n 's/.*Reference \([A-Z][A-Z][0-9][0-9][0-9][0-9][A-Z][A-Z]\).*/\1/p' | head -n1)
	[ -n "$REF_SENT" ] || fail "no reference on the confirmation page"
}
