-- 0004_referrals: interventions, sent referrals and who may see them (row-level security).
--
-- Vocabulary and lifecycle follow reference/interventions.md 1.1, 1.6, 1.8,
-- 1.9, 1.11, 3.4-3.5 and 6.2-6.4.  Drafts are not here: they live in the form
-- engine's tables (0003); a referral row exists only once it has been sent.
--
-- Status is derived, not stored (1.6): from the actor/timestamp columns
-- (sent_at, end_requested_at, concluded_at, assignments, the PRE_ICA/POST_ICA
-- flag ...) by referral_state(referral).  The supplier half (appointments,
-- action plans, end-of-service reports) arrives with a later migration, which
-- replaces the small derivation functions below with CREATE OR REPLACE:
-- referral_attended_sessions, referral_delivery_state, referral_eosr_required,
-- referral_state, referral_needs_attention.
--
-- Access (all in policies here, none in C):
--   pp        reads referrals they sent, and those for CRNs on their caseload;
--             writes (amend, withdraw, case notes) only referrals they sent;
--             reads the original OASys risk text only of referrals they sent.
--   sp        reads and works on referrals whose intervention has their
--             provider (staff.provider_id) as prime provider or subcontractor
--             (6.2); a supplier without a provider sees nothing; never the
--             original OASys risk text (no grant on referral_risk_original).
--   reporter  reads every referral for MI, but no risk text and no case-note
--             bodies.
--   admin     reads everything, including the original risk text.
-- Child tables delegate to the referral's own policies: a child row is
-- visible when EXISTS (SELECT FROM referral ...) is, which is evaluated under
-- the caller's referral policies.  Every helper runs as the caller (SECURITY
-- INVOKER) except referral_open_duplicate(), which is SECURITY DEFINER on
-- purpose and says why.

-- ---------------------------------------------------------------- types

CREATE TYPE intervention_kind AS ENUM
  ('CRS', 'STRUCTURED', 'CFO', 'ACCREDITED_PROGRAMME', 'TOOLKIT');
CREATE TYPE referral_ica_status AS ENUM ('PRE_ICA', 'POST_ICA');
CREATE TYPE referral_location_type AS ENUM ('CUSTODY', 'COMMUNITY');
-- The eight OASys texts a referral shares (3.4), in the order they are shown.
CREATE TYPE referral_risk_field AS ENUM
  ('who_is_at_risk', 'nature_of_risk', 'risk_imminence', 'suicide', 'self_harm',
   'hostel_setting', 'vulnerability', 'additional_information');
CREATE TYPE referral_risk_decision AS ENUM ('CONFIRMED', 'EDITED', 'REMOVED');
-- PG enum amendtypes of the reference (1.9).
CREATE TYPE referral_amend_topic AS ENUM
  ('COMPLEXITY_LEVEL', 'DESIRED_OUTCOMES',
   'NEEDS_AND_REQUIREMENTS_HAS_ADDITIONAL_RESPONSIBILITIES',
   'NEEDS_AND_REQUIREMENTS_ACCESSIBILITY_NEEDS',
   'NEEDS_AND_REQUIREMENTS_ADDITIONAL_INFORMATION', 'COMPLETION_DATETIME',
   'MAXIMUM_ENFORCEABLE_DAYS', 'NEEDS_AND_REQUIREMENTS_INTERPRETER_REQUIRED',
   'REASON_FOR_REFERRAL', 'PRISON_ESTABLISHMENT', 'EXPECTED_RELEASE_DATE',
   'EXPECTED_PROBATION_OFFICE', 'PROBATION_PRACTITIONER_PROBATION_OFFICE',
   'PROBATION_PRACTITIONER_NAME', 'REASON_FOR_REFERRAL_FURTHER_INFORMATION',
   'PROBATION_PRACTITIONER_EMAIL', 'PROBATION_PRACTITIONER_PHONE_NUMBER',
   'PROBATION_PRACTITIONER_TEAM_PHONE_NUMBER');

-- ---------------------------------------------------------------- interventions

-- What a PP refers to.  For CRS this is the reference's intervention and its
-- dynamic framework contract in one row (they are 1:1, 1.1); other kinds
-- (structured, CFO, accredited programme, toolkit) have no contract and, when
-- probation delivers them, no provider.
CREATE TABLE intervention (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title               text NOT NULL,
  description         text,
  kind                intervention_kind NOT NULL,
  contract_reference  text UNIQUE,                 -- e.g. PRJ_14249
  contract_type_code  text REFERENCES contract_type (code),
  prime_provider_id   text REFERENCES service_provider (id),
  nps_region_id       text REFERENCES probation_region (id),
  pcc_region_id       text REFERENCES pcc_region (id),
  minimum_age         integer NOT NULL DEFAULT 18,
  maximum_age         integer,
  allows_female       boolean NOT NULL DEFAULT true,
  allows_male         boolean NOT NULL DEFAULT true,
  referral_start_date date,                        -- "hide before"
  referral_end_at     timestamptz,                 -- "hide after"
  incoming_referral_distribution_email text,
  created_at          timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT intervention_one_region CHECK (nps_region_id IS NULL OR pcc_region_id IS NULL),
  CONSTRAINT intervention_crs_contract CHECK (kind <> 'CRS' OR (contract_reference IS NOT NULL
    AND contract_type_code IS NOT NULL AND prime_provider_id IS NOT NULL)),
  CONSTRAINT intervention_ages CHECK (minimum_age >= 0
    AND (maximum_age IS NULL OR maximum_age >= minimum_age)),
  CONSTRAINT intervention_some_sex CHECK (allows_female OR allows_male)
);

CREATE TABLE intervention_subcontractor (
  intervention_id uuid NOT NULL REFERENCES intervention (id) ON DELETE CASCADE,
  provider_id     text NOT NULL REFERENCES service_provider (id),
  PRIMARY KEY (intervention_id, provider_id)
);
CREATE INDEX intervention_subcontractor_provider ON intervention_subcontractor (provider_id);

CREATE FUNCTION intervention_kind_label(k intervention_kind) RETURNS text
  LANGUAGE sql IMMUTABLE AS
$$ SELECT CASE k WHEN 'CRS' THEN 'Commissioned rehabilitative service'
                 WHEN 'STRUCTURED' THEN 'Structured intervention'
                 WHEN 'CFO' THEN 'Creating Future Opportunities (CFO)'
                 WHEN 'ACCREDITED_PROGRAMME' THEN 'Accredited programme'
                 ELSE 'Toolkit' END $$;

-- ---------------------------------------------------------------- caseload

-- CRNs each practitioner manages (nDelius managed-cases, 6.2), so a PP also
-- sees referrals other people made for them.  Filled by an administrator or a
-- sync job; the demo data fills it for the demo practitioners.
CREATE TABLE caseload (
  staff_id bigint NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
  crn      text NOT NULL CHECK (crn ~ '^[A-Z][0-9]{6}$'),
  since    date NOT NULL DEFAULT current_date,
  PRIMARY KEY (staff_id, crn)
);
CREATE INDEX caseload_crn ON caseload (crn);

-- ---------------------------------------------------------------- referrals

CREATE TABLE referral (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  reference_number     text NOT NULL,
  intervention_id      uuid NOT NULL REFERENCES intervention (id),
  crn                  text NOT NULL CHECK (crn ~ '^[A-Z][0-9]{6}$'),
  sent_at              timestamptz NOT NULL DEFAULT now(),
  sent_by              bigint NOT NULL REFERENCES staff (id),
  status               referral_ica_status NOT NULL DEFAULT 'PRE_ICA',
  relevant_sentence_id bigint,                     -- nDelius conviction (event) id
  relevant_sentence_end_date date,
  -- needs and requirements (3.3)
  accessibility_needs           text,
  additional_needs_information  text,
  needs_interpreter             boolean NOT NULL DEFAULT false,
  interpreter_language          text,
  has_additional_responsibilities boolean NOT NULL DEFAULT false,
  when_unavailable              text,
  -- where the person is (referral_location of the reference)
  location_type        referral_location_type NOT NULL DEFAULT 'COMMUNITY',
  prison_id            text,
  expected_release_date date,
  expected_release_date_missing_reason text,
  expected_probation_office text,
  -- ending (1.6)
  end_requested_at     timestamptz,
  end_requested_by     bigint REFERENCES staff (id),
  withdrawal_reason_code text REFERENCES withdrawal_reason (code),
  withdrawal_comments  text,
  withdrawal_state     text CHECK (withdrawal_state IN
    ('PRE_ICA_WITHDRAWAL', 'POST_ICA_WITHDRAWAL', 'POST_ICA_CLOSE_REFERRAL_EARLY')),
  concluded_at         timestamptz,
  -- optimistic locking: every change to the referral or its PP-owned parts
  -- adds one, and says who and when
  version              integer NOT NULL DEFAULT 1,
  updated_at           timestamptz NOT NULL DEFAULT now(),
  updated_by           bigint REFERENCES staff (id),
  CONSTRAINT referral_reference_number_key UNIQUE (reference_number),
  -- two letters without I and O, four digits, two letters of the contract type
  CONSTRAINT referral_reference_format
    CHECK (reference_number ~ '^[A-HJ-NP-Z]{2}[0-9]{4}[A-Z]{2}$'),
  CONSTRAINT referral_interpreter_language
    CHECK (NOT needs_interpreter OR coalesce(btrim(interpreter_language), '') <> ''),
  CONSTRAINT referral_when_unavailable
    CHECK (NOT has_additional_responsibilities OR coalesce(btrim(when_unavailable), '') <> ''),
  -- a custody referral needs a release date or the reason there is none (3.5)
  CONSTRAINT referral_custody_release
    CHECK (location_type <> 'CUSTODY' OR expected_release_date IS NOT NULL
           OR coalesce(btrim(expected_release_date_missing_reason), '') <> ''),
  CONSTRAINT referral_withdrawal_whole
    CHECK ((withdrawal_reason_code IS NULL) = (withdrawal_state IS NULL)
           AND (withdrawal_reason_code IS NULL OR end_requested_at IS NOT NULL)),
  CONSTRAINT referral_end_requested_by CHECK ((end_requested_at IS NULL) = (end_requested_by IS NULL))
);
CREATE INDEX referral_crn ON referral (crn);
CREATE INDEX referral_sent_by ON referral (sent_by);
CREATE INDEX referral_intervention ON referral (intervention_id);
CREATE INDEX referral_open ON referral (intervention_id) WHERE concluded_at IS NULL;

-- Versioned details: the current row has superseded_by_id NULL (1.1).  A new
-- version is written by pointing the old row at the new id first (the foreign
-- key is checked at commit), then inserting the new row.
CREATE TABLE referral_details (
  id                       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  referral_id              uuid NOT NULL REFERENCES referral (id),
  completion_deadline      date,
  maximum_enforceable_days integer CHECK (maximum_enforceable_days > 0),
  reason_for_referral      text,
  further_information      text,
  reason_for_change        text,
  created_by               bigint NOT NULL REFERENCES staff (id),
  created_at               timestamptz NOT NULL DEFAULT now(),
  superseded_by_id         uuid REFERENCES referral_details (id) DEFERRABLE INITIALLY DEFERRED,
  CONSTRAINT referral_details_change_has_reason
    CHECK (superseded_by_id IS NOT NULL OR reason_for_change IS NULL
           OR btrim(reason_for_change) <> '')
);
CREATE UNIQUE INDEX referral_details_current ON referral_details (referral_id)
  WHERE superseded_by_id IS NULL;

-- The person as nDelius (or the PP) gave them when the referral was sent.
CREATE TABLE referral_service_user_data (
  referral_id        uuid PRIMARY KEY REFERENCES referral (id),
  title              text,
  first_name         text NOT NULL,
  last_name          text NOT NULL,
  dob                date,
  gender             text,
  ethnicity          text,
  preferred_language text,
  religion_or_belief text,
  disabilities       text[] NOT NULL DEFAULT '{}'
);

-- Both sets are kept: from nDelius, and as the PP typed them (1.1).
CREATE TABLE probation_practitioner_details (
  referral_id                 uuid PRIMARY KEY REFERENCES referral (id),
  ndelius_name                text,
  ndelius_email_address       text,
  ndelius_pdu                 text,
  ndelius_phone_number        text,
  ndelius_team_phone_number   text,
  pp_name                     text,
  pp_email_address            text,
  pp_pdu                      text,
  pp_probation_office         text,
  pp_establishment            text,
  pp_role_job_title           text,
  pp_phone_number             text,
  pp_team_phone_number        text
);

CREATE TABLE referral_selected_service_category (
  referral_id         uuid NOT NULL REFERENCES referral (id),
  service_category_id text NOT NULL REFERENCES service_category (id),
  PRIMARY KEY (referral_id, service_category_id)
);

CREATE TABLE referral_desired_outcome (
  referral_id         uuid NOT NULL,
  service_category_id text NOT NULL,
  desired_outcome_id  uuid NOT NULL REFERENCES desired_outcome (id),
  PRIMARY KEY (referral_id, service_category_id, desired_outcome_id),
  FOREIGN KEY (referral_id, service_category_id)
    REFERENCES referral_selected_service_category (referral_id, service_category_id)
);

CREATE TABLE referral_complexity_level (
  referral_id         uuid NOT NULL,
  service_category_id text NOT NULL,
  complexity_level_id text NOT NULL REFERENCES complexity_level (id),
  PRIMARY KEY (referral_id, service_category_id),
  FOREIGN KEY (referral_id, service_category_id)
    REFERENCES referral_selected_service_category (referral_id, service_category_id)
);

-- An outcome or complexity level must belong to the category it is chosen for.
CREATE FUNCTION referral_category_item_check() RETURNS trigger
  LANGUAGE plpgsql AS
$$
BEGIN
  IF TG_TABLE_NAME = 'referral_desired_outcome' THEN
    IF NOT EXISTS (SELECT 1 FROM desired_outcome d
                   WHERE d.id = NEW.desired_outcome_id
                     AND d.service_category_id = NEW.service_category_id) THEN
      RAISE EXCEPTION 'desired outcome % is not an outcome of service category %',
        NEW.desired_outcome_id, NEW.service_category_id USING ERRCODE = 'foreign_key_violation';
    END IF;
  ELSE
    IF NOT EXISTS (SELECT 1 FROM complexity_level c
                   WHERE c.id = NEW.complexity_level_id
                     AND c.service_category_id = NEW.service_category_id) THEN
      RAISE EXCEPTION 'complexity level % is not a level of service category %',
        NEW.complexity_level_id, NEW.service_category_id USING ERRCODE = 'foreign_key_violation';
    END IF;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER referral_desired_outcome_check BEFORE INSERT OR UPDATE ON referral_desired_outcome
  FOR EACH ROW EXECUTE FUNCTION referral_category_item_check();
CREATE TRIGGER referral_complexity_level_check BEFORE INSERT OR UPDATE ON referral_complexity_level
  FOR EACH ROW EXECUTE FUNCTION referral_category_item_check();

-- Risk (3.4).  What the supplier may read: per OASys field, the text the PP
-- confirmed or edited (NULL when removed) and the decision.
CREATE TABLE referral_shared_risk (
  referral_id  uuid NOT NULL REFERENCES referral (id),
  field        referral_risk_field NOT NULL,
  shared_text  text,
  decision     referral_risk_decision NOT NULL,
  source       text NOT NULL DEFAULT 'OASys',
  assessed_on  date,
  PRIMARY KEY (referral_id, field),
  CONSTRAINT referral_shared_risk_removed_is_empty
    CHECK ((decision = 'REMOVED') = (shared_text IS NULL))
);

-- The OASys text as it was read, before the PP's edits: the audit record.
-- Granted only to caseterm_pp (policy: the sending PP) and caseterm_admin.
CREATE TABLE referral_risk_original (
  referral_id   uuid NOT NULL REFERENCES referral (id),
  field         referral_risk_field NOT NULL,
  original_text text NOT NULL,
  source        text NOT NULL DEFAULT 'OASys',
  assessed_on   date,
  PRIMARY KEY (referral_id, field)
);

-- Every state the referral reached, appended and never changed.  state is a
-- referral_state() code (SENT, ASSIGNED, IN_PROGRESS, WITHDRAWN ...).
CREATE TABLE referral_status_history (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  referral_id uuid NOT NULL REFERENCES referral (id),
  state       text NOT NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  by_staff_id bigint REFERENCES staff (id),
  note        text
);
CREATE INDEX referral_status_history_referral ON referral_status_history (referral_id, at);

CREATE FUNCTION referral_status_history_is_append_only() RETURNS trigger
  LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'referral_status_history is append-only'; END $$;
CREATE TRIGGER referral_status_history_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON referral_status_history
  FOR EACH STATEMENT EXECUTE FUNCTION referral_status_history_is_append_only();

-- Messages between the PP and the supplier (2.7).
CREATE TABLE case_note (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  referral_id uuid NOT NULL REFERENCES referral (id),
  subject     text NOT NULL CHECK (btrim(subject) <> ''),
  body        text NOT NULL CHECK (btrim(body) <> ''),
  sent_at     timestamptz NOT NULL DEFAULT now(),
  sent_by     bigint NOT NULL REFERENCES staff (id)
);
CREATE INDEX case_note_referral ON case_note (referral_id, sent_at);

-- Caseworker assignments (1.1): every row but the latest is superseded.
CREATE TABLE referral_assignment (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  referral_id uuid NOT NULL REFERENCES referral (id),
  assigned_to bigint NOT NULL REFERENCES staff (id),
  assigned_by bigint NOT NULL REFERENCES staff (id),
  assigned_at timestamptz NOT NULL DEFAULT now(),
  superseded  boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX referral_assignment_current ON referral_assignment (referral_id)
  WHERE NOT superseded;
CREATE INDEX referral_assignment_to ON referral_assignment (assigned_to) WHERE NOT superseded;

-- Post-send amendments (1.9): one row per topic changed, with a reason.
CREATE TABLE changelog (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  referral_id       uuid NOT NULL REFERENCES referral (id),
  topic             referral_amend_topic NOT NULL,
  old_value         jsonb,
  new_value         jsonb,
  reason_for_change text NOT NULL CHECK (btrim(reason_for_change) <> ''),
  changed_by        bigint NOT NULL REFERENCES staff (id),
  changed_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX changelog_referral ON changelog (referral_id, changed_at);

CREATE FUNCTION referral_amend_topic_label(t referral_amend_topic) RETURNS text
  LANGUAGE sql IMMUTABLE AS
$$ SELECT CASE t
    WHEN 'COMPLEXITY_LEVEL' THEN 'Complexity level'
    WHEN 'DESIRED_OUTCOMES' THEN 'Desired outcomes'
    WHEN 'NEEDS_AND_REQUIREMENTS_HAS_ADDITIONAL_RESPONSIBILITIES' THEN 'Caring or employment responsibilities'
    WHEN 'NEEDS_AND_REQUIREMENTS_ACCESSIBILITY_NEEDS' THEN 'Mobility, disability or accessibility needs'
    WHEN 'NEEDS_AND_REQUIREMENTS_ADDITIONAL_INFORMATION' THEN 'Additional information about needs'
    WHEN 'COMPLETION_DATETIME' THEN 'Date intervention to be completed by'
    WHEN 'MAXIMUM_ENFORCEABLE_DAYS' THEN 'Maximum number of enforceable days'
    WHEN 'NEEDS_AND_REQUIREMENTS_INTERPRETER_REQUIRED' THEN 'Interpreter required'
    WHEN 'REASON_FOR_REFERRAL' THEN 'Reason for referral'
    WHEN 'PRISON_ESTABLISHMENT' THEN 'Prison establishment'
    WHEN 'EXPECTED_RELEASE_DATE' THEN 'Expected release date'
    WHEN 'EXPECTED_PROBATION_OFFICE' THEN 'Expected probation office'
    WHEN 'PROBATION_PRACTITIONER_PROBATION_OFFICE' THEN 'Probation practitioner''s probation office'
    WHEN 'PROBATION_PRACTITIONER_NAME' THEN 'Probation practitioner''s name'
    WHEN 'REASON_FOR_REFERRAL_FURTHER_INFORMATION' THEN 'Further information for the service provider'
    WHEN 'PROBATION_PRACTITIONER_EMAIL' THEN 'Probation practitioner''s email address'
    WHEN 'PROBATION_PRACTITIONER_PHONE_NUMBER' THEN 'Probation practitioner''s phone number'
    ELSE 'Probation practitioner''s team phone number' END $$;

-- ---------------------------------------------------------------- access helpers

-- The provider of the signed-in supplier, NULL for anyone else (and for a
-- supplier with none).  staff is readable by all staff, so no SECURITY
-- DEFINER is needed and current_user is the caller.
CREATE FUNCTION current_provider_id() RETURNS text
  LANGUAGE sql STABLE AS
$$ SELECT provider_id FROM staff WHERE username = current_user AND active AND role = 'sp' $$;

-- True when the signed-in supplier's provider is the intervention's prime
-- provider or one of its subcontractors (6.2).  NULL provider: false.
CREATE FUNCTION intervention_in_my_contracts(p_intervention_id uuid) RETURNS boolean
  LANGUAGE sql STABLE AS
$$
  SELECT EXISTS (
    SELECT 1 FROM intervention i
    WHERE i.id = p_intervention_id
      AND (i.prime_provider_id = current_provider_id()
           OR EXISTS (SELECT 1 FROM intervention_subcontractor s
                      WHERE s.intervention_id = i.id
                        AND s.provider_id = current_provider_id())))
$$;

-- The caller can see the referral (under their own referral policies).
CREATE FUNCTION referral_visible(p_referral_id uuid) RETURNS boolean
  LANGUAGE sql STABLE AS
$$ SELECT EXISTS (SELECT 1 FROM referral r WHERE r.id = p_referral_id) $$;

-- The caller sent the referral.
CREATE FUNCTION referral_is_mine(p_referral_id uuid) RETURNS boolean
  LANGUAGE sql STABLE AS
$$ SELECT EXISTS (SELECT 1 FROM referral r
                  WHERE r.id = p_referral_id AND r.sent_by = current_staff_id()) $$;

-- ---------------------------------------------------------------- derived state

-- Attended delivery sessions.  Until the supplier tables exist, POST_ICA
-- (set on the first attended session, 1.6) means at least one.
CREATE FUNCTION referral_attended_sessions(r referral) RETURNS integer
  LANGUAGE sql STABLE AS
$$ SELECT CASE WHEN r.status = 'POST_ICA' THEN 1 ELSE 0 END $$;

-- DeliveryState (1.6): NOT_DELIVERING_YET, MISSING_FIRST_SUBSTANTIVE_APPOINTMENT,
-- IN_PROGRESS, COMPLETED.  Without action plans and sessions yet: in progress
-- once a session was attended.
CREATE FUNCTION referral_delivery_state(r referral) RETURNS text
  LANGUAGE sql STABLE AS
$$ SELECT CASE WHEN referral_attended_sessions(r) > 0 THEN 'IN_PROGRESS'
               ELSE 'NOT_DELIVERING_YET' END $$;

-- requiresEndOfServiceReport of the delivery state.
CREATE FUNCTION referral_eosr_required(r referral) RETURNS boolean
  LANGUAGE sql STABLE AS
$$ SELECT referral_delivery_state(r) IN ('IN_PROGRESS', 'COMPLETED') $$;

-- ReferralConcludedState: CANCELLED, PREMATURELY_ENDED or COMPLETED.
CREATE FUNCTION referral_concluded_state(r referral) RETURNS text
  LANGUAGE sql STABLE AS
$$ SELECT CASE referral_delivery_state(r)
            WHEN 'COMPLETED' THEN 'COMPLETED'
            WHEN 'IN_PROGRESS' THEN 'PREMATURELY_ENDED'
            ELSE 'CANCELLED' END $$;

-- ReferralWithdrawalState: PRE_ICA_WITHDRAWAL (no attended session),
-- POST_ICA_WITHDRAWAL (one attended and an EOSR required), otherwise
-- POST_ICA_CLOSE_REFERRAL_EARLY.
CREATE FUNCTION referral_withdrawal_state(r referral) RETURNS text
  LANGUAGE sql STABLE AS
$$ SELECT CASE WHEN referral_attended_sessions(r) = 0 THEN 'PRE_ICA_WITHDRAWAL'
               WHEN referral_attended_sessions(r) = 1 AND referral_eosr_required(r)
                 THEN 'POST_ICA_WITHDRAWAL'
               ELSE 'POST_ICA_CLOSE_REFERRAL_EARLY' END $$;

-- The referral's state as a code.  Codes and words: referral_state_words().
CREATE FUNCTION referral_state(r referral) RETURNS text
  LANGUAGE sql STABLE AS
$$
  SELECT CASE
    WHEN r.concluded_at IS NOT NULL THEN
      CASE WHEN r.end_requested_at IS NULL THEN 'COMPLETED'
           WHEN r.withdrawal_state = 'PRE_ICA_WITHDRAWAL' THEN 'WITHDRAWN'
           WHEN r.withdrawal_state IS NOT NULL THEN 'PREMATURELY_ENDED'
           ELSE referral_concluded_state(r) END
    WHEN r.end_requested_at IS NOT NULL THEN 'AWAITING_END_OF_SERVICE_REPORT'
    WHEN referral_delivery_state(r) = 'COMPLETED' THEN 'AWAITING_END_OF_SERVICE_REPORT'
    WHEN referral_delivery_state(r) = 'IN_PROGRESS' THEN 'IN_PROGRESS'
    WHEN EXISTS (SELECT 1 FROM referral_assignment a
                 WHERE a.referral_id = r.id AND NOT a.superseded) THEN 'ASSIGNED'
    ELSE 'SENT' END
$$;

CREATE FUNCTION referral_state_words(code text) RETURNS text
  LANGUAGE sql IMMUTABLE AS
$$ SELECT CASE code
    WHEN 'SENT' THEN 'sent'
    WHEN 'ASSIGNED' THEN 'assigned'
    WHEN 'IN_PROGRESS' THEN 'in progress'
    WHEN 'AWAITING_END_OF_SERVICE_REPORT' THEN 'awaiting end of service report'
    WHEN 'COMPLETED' THEN 'completed'
    WHEN 'CANCELLED' THEN 'cancelled'
    WHEN 'WITHDRAWN' THEN 'withdrawn'
    WHEN 'PREMATURELY_ENDED' THEN 'prematurely ended'
    ELSE lower(replace(code, '_', ' ')) END $$;

-- Whether an open referral needs its practitioner: for now, when the latest
-- case note came from the supplier (unanswered).  The supplier migration adds
-- "notify the practitioner" flags, missed appointments and action plans
-- awaiting approval.
CREATE FUNCTION referral_needs_attention(r referral) RETURNS boolean
  LANGUAGE sql STABLE AS
$$
  SELECT r.concluded_at IS NULL AND coalesce((
    SELECT s.role = 'sp' FROM case_note c JOIN staff s ON s.id = c.sent_by
    WHERE c.referral_id = r.id ORDER BY c.sent_at DESC, c.id DESC LIMIT 1), false)
$$;

-- One row per referral the caller may see, for lists and dashboards.  Runs as
-- the caller (security_invoker), so every policy applies.
CREATE VIEW referral_overview WITH (security_invoker = true) AS
SELECT r.id, r.reference_number, r.crn, u.first_name, u.last_name,
       i.id AS intervention_id, i.title AS intervention_title, i.kind AS intervention_kind,
       i.contract_reference, ct.name AS contract_type_name,
       i.prime_provider_id AS provider_id, sp.name AS provider_name,
       r.sent_at, r.sent_by, sb.display_name AS sent_by_name,
       a.assigned_to, st.display_name AS assigned_to_name,
       referral_state(r) AS state, referral_state_words(referral_state(r)) AS state_words,
       r.status, r.concluded_at, r.version,
       greatest(r.updated_at,
                (SELECT max(h.at) FROM referral_status_history h WHERE h.referral_id = r.id),
                (SELECT max(c.sent_at) FROM case_note c WHERE c.referral_id = r.id))
         AS last_change_at
FROM referral r
JOIN intervention i ON i.id = r.intervention_id
LEFT JOIN referral_service_user_data u ON u.referral_id = r.id
LEFT JOIN contract_type ct ON ct.code = i.contract_type_code
LEFT JOIN service_provider sp ON sp.id = i.prime_provider_id
LEFT JOIN staff sb ON sb.id = r.sent_by
LEFT JOIN referral_assignment a ON a.referral_id = r.id AND NOT a.superseded
LEFT JOIN staff st ON st.id = a.assigned_to;

-- ---------------------------------------------------------------- references

-- True when a candidate holds both members of an ambiguous pair (0/O, 1/I,
-- 5/S, 8/B): such references are regenerated (1.6).
CREATE FUNCTION referral_reference_is_ambiguous(c text) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT AS
$$ SELECT (strpos(c, '0') > 0 AND strpos(c, 'O') > 0) OR (strpos(c, '1') > 0 AND strpos(c, 'I') > 0)
       OR (strpos(c, '5') > 0 AND strpos(c, 'S') > 0) OR (strpos(c, '8') > 0 AND strpos(c, 'B') > 0) $$;

-- The last two letters: the first two letters of the contract type name,
-- upper-cased ("Accommodation" -> AC); for interventions without a contract,
-- a code for the kind (SI, CF, AP, TK).
CREATE FUNCTION referral_reference_suffix(p_intervention_id uuid) RETURNS text
  LANGUAGE sql STABLE AS
$$
  SELECT coalesce(
    nullif(upper(left(regexp_replace(ct.name, '[^A-Za-z]', '', 'g'), 2)), ''),
    CASE i.kind WHEN 'STRUCTURED' THEN 'SI' WHEN 'CFO' THEN 'CF'
                WHEN 'ACCREDITED_PROGRAMME' THEN 'AP' WHEN 'TOOLKIT' THEN 'TK'
                ELSE 'CR' END)
  FROM intervention i LEFT JOIN contract_type ct ON ct.code = i.contract_type_code
  WHERE i.id = p_intervention_id
$$;

-- One candidate: two letters from A-Z without I and O, four digits, suffix;
-- never with an ambiguous pair.  Uniqueness is the insert's job (see
-- referral_send: it retries on unique_violation).
CREATE FUNCTION referral_reference_candidate(p_suffix text) RETURNS text
  LANGUAGE plpgsql VOLATILE AS
$$
DECLARE
  letters constant text := 'ABCDEFGHJKLMNPQRSTUVWXYZ';
  c text;
BEGIN
  LOOP
    c := substr(letters, 1 + floor(random() * 24)::int, 1)
      || substr(letters, 1 + floor(random() * 24)::int, 1)
      || lpad(floor(random() * 10000)::int::text, 4, '0')
      || p_suffix;
    EXIT WHEN NOT referral_reference_is_ambiguous(c);
  END LOOP;
  RETURN c;
END
$$;

-- ---------------------------------------------------------------- writing

-- Chooses who acts: the signed-in member of staff, or -- only when the caller
-- is not staff (the database owner loading demo data) -- the id given.
CREATE FUNCTION referral_actor(p_given bigint) RETURNS bigint
  LANGUAGE plpgsql STABLE AS
$$
DECLARE me bigint := current_staff_id();
BEGIN
  IF me IS NOT NULL THEN
    RETURN me;
  END IF;
  IF p_given IS NULL THEN
    RAISE EXCEPTION 'only a member of staff can change referrals'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN p_given;
END
$$;

-- Sends a referral: every row in one go, inside the caller's transaction.
-- p is the JSON document src/store/referral_store.c builds (keys below);
-- "sentBy"/"sentAt" are honoured only for a caller who is not staff (demo
-- data).  Returns the new referral row.  Fails (and so rolls back the
-- caller's transaction) on anything invalid.
--
--   {id?, interventionId, crn, sentBy?, sentAt?, relevantSentenceId?,
--    relevantSentenceEndDate?,
--    serviceUser: {title, firstName, lastName, dateOfBirth, gender, ethnicity,
--                  preferredLanguage, religionOrBelief, disabilities: []},
--    needs: {accessibilityNeeds, additionalNeedsInformation, needsInterpreter,
--            interpreterLanguage, hasAdditionalResponsibilities, whenUnavailable},
--    location: {type: CUSTODY|COMMUNITY, prisonId, expectedReleaseDate,
--               expectedReleaseDateMissingReason, expectedProbationOffice},
--    details: {completionDeadline, maximumEnforceableDays, reasonForReferral,
--              furtherInformation},
--    probationPractitioner: {ndeliusName, ndeliusEmailAddress, ndeliusPdu,
--              ndeliusPhoneNumber, ndeliusTeamPhoneNumber, name, emailAddress, pdu,
--              probationOffice, establishment, roleJobTitle, phoneNumber,
--              teamPhoneNumber},
--    serviceCategories: [{serviceCategoryId, complexityLevelId, desiredOutcomeIds: []}],
--    risk: {source, assessedOn,
--           fields: {<referral_risk_field>: {decision, original, shared}}}}
CREATE FUNCTION referral_send(p jsonb) RETURNS referral
  LANGUAGE plpgsql VOLATILE AS
$$
DECLARE
  v_by       bigint := referral_actor(CASE WHEN current_staff_id() IS NULL
                                           THEN (p->>'sentBy')::bigint END);
  v_at       timestamptz := CASE WHEN current_staff_id() IS NULL
                                 THEN coalesce((p->>'sentAt')::timestamptz, now())
                                 ELSE now() END;
  v_int      intervention;
  v_ref      referral;
  v_suffix   text;
  v_attempt  integer;
  v_cons     text;
  v_su       jsonb := coalesce(p->'serviceUser', '{}');
  v_needs    jsonb := coalesce(p->'needs', '{}');
  v_loc      jsonb := coalesce(p->'location', '{}');
  v_det      jsonb := coalesce(p->'details', '{}');
  v_pp       jsonb := coalesce(p->'probationPractitioner', '{}');
  v_risk     jsonb := coalesce(p->'risk', '{}');
  v_cat      jsonb;
  v_field    text;
  v_rf       jsonb;
  v_decision referral_risk_decision;
  v_original text;
  v_shared   text;
  v_deadline date;
  v_confirmed text[] := '{}';
  v_edited    text[] := '{}';
  v_removed   text[] := '{}';
BEGIN
  SELECT * INTO v_int FROM intervention WHERE id = (p->>'interventionId')::uuid;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no intervention %', p->>'interventionId' USING ERRCODE = 'no_data_found';
  END IF;
  IF (v_int.referral_start_date IS NOT NULL AND v_at::date < v_int.referral_start_date)
     OR (v_int.referral_end_at IS NOT NULL AND v_at >= v_int.referral_end_at) THEN
    RAISE EXCEPTION '% is not taking referrals at the moment', v_int.title
      USING ERRCODE = 'check_violation';
  END IF;

  v_suffix := referral_reference_suffix(v_int.id);
  FOR v_attempt IN 1..100 LOOP
    BEGIN
      INSERT INTO referral (id, reference_number, intervention_id, crn, sent_at, sent_by,
          relevant_sentence_id, relevant_sentence_end_date,
          accessibility_needs, additional_needs_information, needs_interpreter,
          interpreter_language, has_additional_responsibilities, when_unavailable,
          location_type, prison_id, expected_release_date,
          expected_release_date_missing_reason, expected_probation_office,
          updated_at, updated_by)
      VALUES (coalesce((p->>'id')::uuid, gen_random_uuid()),
          referral_reference_candidate(v_suffix), v_int.id, upper(btrim(p->>'crn')), v_at, v_by,
          (p->>'relevantSentenceId')::bigint, (p->>'relevantSentenceEndDate')::date,
          nullif(v_needs->>'accessibilityNeeds', ''),
          nullif(v_needs->>'additionalNeedsInformation', ''),
          coalesce((v_needs->>'needsInterpreter')::boolean, false),
          nullif(v_needs->>'interpreterLanguage', ''),
          coalesce((v_needs->>'hasAdditionalResponsibilities')::boolean, false),
          nullif(v_needs->>'whenUnavailable', ''),
          coalesce((v_loc->>'type')::referral_location_type, 'COMMUNITY'),
          nullif(v_loc->>'prisonId', ''), (v_loc->>'expectedReleaseDate')::date,
          nullif(v_loc->>'expectedReleaseDateMissingReason', ''),
          nullif(v_loc->>'expectedProbationOffice', ''),
          v_at, v_by)
      RETURNING * INTO v_ref;
      EXIT;
    EXCEPTION WHEN unique_violation THEN
      GET STACKED DIAGNOSTICS v_cons = CONSTRAINT_NAME;
      IF v_cons <> 'referral_reference_number_key' OR v_attempt = 100 THEN
        RAISE;
      END IF;
    END;
  END LOOP;

  INSERT INTO referral_service_user_data (referral_id, title, first_name, last_name, dob,
      gender, ethnicity, preferred_language, religion_or_belief, disabilities)
  VALUES (v_ref.id, nullif(v_su->>'title', ''), v_su->>'firstName', v_su->>'lastName',
      (v_su->>'dateOfBirth')::date, nullif(v_su->>'gender', ''), nullif(v_su->>'ethnicity', ''),
      nullif(v_su->>'preferredLanguage', ''), nullif(v_su->>'religionOrBelief', ''),
      ARRAY(SELECT jsonb_array_elements_text(coalesce(v_su->'disabilities', '[]'))));

  v_deadline := (v_det->>'completionDeadline')::date;
  IF v_deadline IS NOT NULL AND v_deadline <= v_at::date THEN
    RAISE EXCEPTION 'the completion deadline must be in the future' USING ERRCODE = 'check_violation';
  END IF;
  INSERT INTO referral_details (referral_id, completion_deadline, maximum_enforceable_days,
      reason_for_referral, further_information, created_by, created_at)
  VALUES (v_ref.id, v_deadline, (v_det->>'maximumEnforceableDays')::integer,
      nullif(v_det->>'reasonForReferral', ''), nullif(v_det->>'furtherInformation', ''),
      v_by, v_at);

  INSERT INTO probation_practitioner_details (referral_id, ndelius_name, ndelius_email_address,
      ndelius_pdu, ndelius_phone_number, ndelius_team_phone_number, pp_name, pp_email_address,
      pp_pdu, pp_probation_office, pp_establishment, pp_role_job_title, pp_phone_number,
      pp_team_phone_number)
  VALUES (v_ref.id, v_pp->>'ndeliusName', v_pp->>'ndeliusEmailAddress', v_pp->>'ndeliusPdu',
      v_pp->>'ndeliusPhoneNumber', v_pp->>'ndeliusTeamPhoneNumber', v_pp->>'name',
      v_pp->>'emailAddress', v_pp->>'pdu', v_pp->>'probationOffice', v_pp->>'establishment',
      v_pp->>'roleJobTitle', v_pp->>'phoneNumber', v_pp->>'teamPhoneNumber');

  FOR v_cat IN SELECT value FROM jsonb_array_elements(coalesce(p->'serviceCategories', '[]')) LOOP
    IF v_int.contract_type_code IS NULL THEN
      RAISE EXCEPTION '% has no service categories to choose', v_int.title
        USING ERRCODE = 'check_violation';
    END IF;
    IF NOT EXISTS (
        SELECT 1 FROM contract_type_service_category x
        WHERE x.contract_type_code = v_int.contract_type_code
          AND x.service_category_id = v_cat->>'serviceCategoryId') THEN
      RAISE EXCEPTION 'service category % is not offered by %', v_cat->>'serviceCategoryId',
        v_int.title USING ERRCODE = 'foreign_key_violation';
    END IF;
    INSERT INTO referral_selected_service_category (referral_id, service_category_id)
    VALUES (v_ref.id, v_cat->>'serviceCategoryId');
    IF v_cat->>'complexityLevelId' IS NOT NULL THEN
      INSERT INTO referral_complexity_level (referral_id, service_category_id, complexity_level_id)
      VALUES (v_ref.id, v_cat->>'serviceCategoryId', v_cat->>'complexityLevelId');
    END IF;
    INSERT INTO referral_desired_outcome (referral_id, service_category_id, desired_outcome_id)
    SELECT v_ref.id, v_cat->>'serviceCategoryId', o::uuid
    FROM jsonb_array_elements_text(coalesce(v_cat->'desiredOutcomeIds', '[]')) o;
  END LOOP;

  IF v_int.kind = 'CRS' THEN
    IF NOT EXISTS (SELECT 1 FROM referral_selected_service_category s
                   WHERE s.referral_id = v_ref.id) THEN
      RAISE EXCEPTION 'a CRS referral needs at least one service category'
        USING ERRCODE = 'check_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM referral_selected_service_category s
               WHERE s.referral_id = v_ref.id
                 AND (NOT EXISTS (SELECT 1 FROM referral_complexity_level c
                                  WHERE c.referral_id = s.referral_id
                                    AND c.service_category_id = s.service_category_id)
                      OR NOT EXISTS (SELECT 1 FROM referral_desired_outcome d
                                     WHERE d.referral_id = s.referral_id
                                       AND d.service_category_id = s.service_category_id))) THEN
      RAISE EXCEPTION 'each service category needs a complexity level and at least one desired outcome'
        USING ERRCODE = 'check_violation';
    END IF;
  END IF;

  FOR v_field, v_rf IN SELECT key, value FROM jsonb_each(coalesce(v_risk->'fields', '{}')) LOOP
    v_decision := upper(v_rf->>'decision')::referral_risk_decision;
    v_original := nullif(v_rf->>'original', '');
    v_shared := CASE v_decision WHEN 'CONFIRMED' THEN v_original
                                WHEN 'EDITED' THEN nullif(btrim(v_rf->>'shared'), '') END;
    IF v_decision = 'CONFIRMED' AND v_original IS NULL THEN
      RAISE EXCEPTION 'risk field % has no OASys text to confirm', v_field
        USING ERRCODE = 'check_violation';
    END IF;
    IF v_decision = 'EDITED' AND v_shared IS NULL THEN
      RAISE EXCEPTION 'risk field % was edited to nothing: remove it instead', v_field
        USING ERRCODE = 'check_violation';
    END IF;
    INSERT INTO referral_shared_risk (referral_id, field, shared_text, decision, source, assessed_on)
    VALUES (v_ref.id, v_field::referral_risk_field, v_shared, v_decision,
            coalesce(nullif(v_risk->>'source', ''), 'OASys'), (v_risk->>'assessedOn')::date);
    IF v_original IS NOT NULL THEN
      INSERT INTO referral_risk_original (referral_id, field, original_text, source, assessed_on)
      VALUES (v_ref.id, v_field::referral_risk_field, v_original,
              coalesce(nullif(v_risk->>'source', ''), 'OASys'), (v_risk->>'assessedOn')::date);
    END IF;
    CASE v_decision
      WHEN 'CONFIRMED' THEN v_confirmed := v_confirmed || v_field;
      WHEN 'EDITED' THEN v_edited := v_edited || v_field;
      ELSE v_removed := v_removed || v_field;
    END CASE;
  END LOOP;

  INSERT INTO referral_status_history (referral_id, state, at, by_staff_id)
  VALUES (v_ref.id, 'SENT', v_at, v_by);

  INSERT INTO audit_log (action, crn, entity, entity_id, detail) VALUES
    ('referral.sent', v_ref.crn, 'referral', v_ref.id::text,
     jsonb_build_object('referenceNumber', v_ref.reference_number, 'interventionId', v_int.id,
                        'interventionTitle', v_int.title, 'sentBy', v_by)),
    ('risk.shared', v_ref.crn, 'referral', v_ref.id::text,
     jsonb_build_object('confirmed', to_jsonb(v_confirmed), 'edited', to_jsonb(v_edited),
                        'removed', to_jsonb(v_removed),
                        'source', coalesce(nullif(v_risk->>'source', ''), 'OASys'),
                        'assessedOn', v_risk->>'assessedOn'));
  RETURN v_ref;
END
$$;

-- Locks the referral for a change by its sender and checks the version the
-- user saw.  Raises no_data_found, insufficient_privilege, CT409 (changed by
-- someone else since: the store then says who and when) or 55000 (ended).
CREATE FUNCTION referral_lock_for_change(p_id uuid, p_version integer, p_actor bigint)
  RETURNS referral
  LANGUAGE plpgsql VOLATILE AS
$$
DECLARE r referral;
BEGIN
  SELECT * INTO r FROM referral WHERE id = p_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no referral %', p_id USING ERRCODE = 'no_data_found';
  END IF;
  IF current_staff_id() IS NOT NULL AND r.sent_by <> current_staff_id() THEN
    RAISE EXCEPTION 'only the practitioner who sent referral % may change it', r.reference_number
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT * INTO r FROM referral WHERE id = p_id FOR UPDATE;
  IF p_version IS NOT NULL AND r.version <> p_version THEN
    RAISE EXCEPTION 'referral % was changed by someone else', r.reference_number
      USING ERRCODE = 'CT409';
  END IF;
  IF r.concluded_at IS NOT NULL THEN
    RAISE EXCEPTION 'referral % has already ended', r.reference_number
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  RETURN r;
END
$$;

-- Amends a sent referral (1.9).  p_changes holds only the keys that change
-- (JSON null clears a field):
--   completionDeadline, maximumEnforceableDays, reasonForReferral,
--   furtherInformation                      -> a new referral_details version
--   accessibilityNeeds, additionalNeedsInformation, needsInterpreter,
--   interpreterLanguage, hasAdditionalResponsibilities, whenUnavailable,
--   prisonId, expectedReleaseDate, expectedReleaseDateMissingReason,
--   expectedProbationOffice                 -> the referral row
--   ppName, ppEmailAddress, ppPhoneNumber, ppTeamPhoneNumber,
--   ppProbationOffice                       -> probation_practitioner_details
--   complexityLevels: [{serviceCategoryId, complexityLevelId}]
--   desiredOutcomes: [{serviceCategoryId, desiredOutcomeIds: []}]
-- One changelog row per topic that really changed; no change at all is an
-- error.  Returns the new version.
CREATE FUNCTION referral_amend(p_id uuid, p_version integer, p_changes jsonb, p_reason text)
  RETURNS integer
  LANGUAGE plpgsql VOLATILE AS
$$
DECLARE
  v_by      bigint := referral_actor(NULL);
  r         referral;
  d         referral_details;
  pp        probation_practitioner_details;
  c         jsonb := coalesce(p_changes, '{}');
  v_new     referral;
  v_det_id  uuid;
  v_nd      referral_details;
  v_topics  text[] := '{}';
  v_item    jsonb;
  v_old     text;
  v_oldset  jsonb;
  v_newset  jsonb;
BEGIN
  IF coalesce(btrim(p_reason), '') = '' THEN
    RAISE EXCEPTION 'A reason for changing the referral must be supplied'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  r := referral_lock_for_change(p_id, p_version, v_by);
  v_new := r;

  -- details: a new version when any of its four fields changes
  SELECT * INTO d FROM referral_details WHERE referral_id = r.id AND superseded_by_id IS NULL;
  v_nd := d;
  IF c ? 'completionDeadline' THEN
    v_nd.completion_deadline := (c->>'completionDeadline')::date;
    IF v_nd.completion_deadline IS NOT NULL AND v_nd.completion_deadline <= current_date THEN
      RAISE EXCEPTION 'the completion deadline must be in the future'
        USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  IF c ? 'maximumEnforceableDays' THEN
    v_nd.maximum_enforceable_days := (c->>'maximumEnforceableDays')::integer;
  END IF;
  IF c ? 'reasonForReferral' THEN
    v_nd.reason_for_referral := nullif(c->>'reasonForReferral', '');
  END IF;
  IF c ? 'furtherInformation' THEN
    v_nd.further_information := nullif(c->>'furtherInformation', '');
  END IF;
  IF v_nd.completion_deadline IS DISTINCT FROM d.completion_deadline THEN
    INSERT INTO changelog (referral_id, topic, old_value, new_value, reason_for_change, changed_by)
    VALUES (r.id, 'COMPLETION_DATETIME', jsonb_build_object('completionDeadline', d.completion_deadline),
            jsonb_build_object('completionDeadline', v_nd.completion_deadline), p_reason, v_by);
    v_topics := v_topics || 'COMPLETION_DATETIME'::text;
  END IF;
  IF v_nd.maximum_enforceable_days IS DISTINCT FROM d.maximum_enforceable_days THEN
    INSERT INTO changelog (referral_id, topic, old_value, new_value, reason_for_change, changed_by)
    VALUES (r.id, 'MAXIMUM_ENFORCEABLE_DAYS',
            jsonb_build_object('maximumEnforceableDays', d.maximum_enforceable_days),
            jsonb_build_object('maximumEnforceableDays', v_nd.maximum_enforceable_days), p_reason, v_by);
    v_topics := v_topics || 'MAXIMUM_ENFORCEABLE_DAYS'::text;
  END IF;
  IF v_nd.reason_for_referral IS DISTINCT FROM d.reason_for_referral THEN
    INSERT INTO changelog (referral_id, topic, old_value, new_value, reason_for_change, changed_by)
    VALUES (r.id, 'REASON_FOR_REFERRAL', jsonb_build_object('reasonForReferral', d.reason_for_referral),
            jsonb_build_object('reasonForReferral', v_nd.reason_for_referral), p_reason, v_by);
    v_topics := v_topics || 'REASON_FOR_REFERRAL'::text;
  END IF;
  IF v_nd.further_information IS DISTINCT FROM d.further_information THEN
    INSERT INTO changelog (referral_id, topic, old_value, new_value, reason_for_change, changed_by)
    VALUES (r.id, 'REASON_FOR_REFERRAL_FURTHER_INFORMATION',
            jsonb_build_object('furtherInformation', d.further_information),
            jsonb_build_object('furtherInformation', v_nd.further_information), p_reason, v_by);
    v_topics := v_topics || 'REASON_FOR_REFERRAL_FURTHER_INFORMATION'::text;
  END IF;
  IF (v_nd.completion_deadline, v_nd.maximum_enforceable_days, v_nd.reason_for_referral,
      v_nd.further_information) IS DISTINCT FROM
     (d.completion_deadline, d.maximum_enforceable_days, d.reason_for_referral,
      d.further_information) THEN
    v_det_id := gen_random_uuid();
    UPDATE referral_details SET superseded_by_id = v_det_id WHERE id = d.id;
    INSERT INTO referral_details (id, referral_id, completion_deadline, maximum_enforceable_days,
        reason_for_referral, further_information, reason_for_change, created_by)
    VALUES (v_det_id, r.id, v_nd.completion_deadline, v_nd.maximum_enforceable_days,
        v_nd.reason_for_referral, v_nd.further_information, p_reason, v_by);
  END IF;

  -- needs and requirements, location
  IF c ? 'accessibilityNeeds' THEN
    v_new.accessibility_needs := nullif(c->>'accessibilityNeeds', '');
  END IF;
  IF c ? 'additionalNeedsInformation' THEN
    v_new.additional_needs_information := nullif(c->>'additionalNeedsInformation', '');
  END IF;
  IF c ? 'needsInterpreter' THEN
    v_new.needs_interpreter := coalesce((c->>'needsInterpreter')::boolean, false);
    IF NOT v_new.needs_interpreter THEN
      v_new.interpreter_language := NULL;
    END IF;
  END IF;
  IF c ? 'interpreterLanguage' THEN
    v_new.interpreter_language := nullif(c->>'interpreterLanguage', '');
  END IF;
  IF c ? 'hasAdditionalResponsibilities' THEN
    v_new.has_additional_responsibilities := coalesce((c->>'hasAdditionalResponsibilities')::boolean, false);
    IF NOT v_new.has_additional_responsibilities THEN
      v_new.when_unavailable := NULL;
    END IF;
  END IF;
  IF c ? 'whenUnavailable' THEN
    v_new.when_unavailable := nullif(c->>'whenUnavailable', '');
  END IF;
  IF c ? 'prisonId' THEN
    v_new.prison_id := nullif(c->>'prisonId', '');
  END IF;
  IF c ? 'expectedReleaseDate' THEN
    v_new.expected_release_date := (c->>'expectedReleaseDate')::date;
  END IF;
  IF c ? 'expectedReleaseDateMissingReason' THEN
    v_new.expected_release_date_missing_reason := nullif(c->>'expectedReleaseDateMissingReason', '');
  END IF;
  IF c ? 'expectedProbationOffice' THEN
    v_new.expected_probation_office := nullif(c->>'expectedProbationOffice', '');
  END IF;

  IF v_new.accessibility_needs IS DISTINCT FROM r.accessibility_needs THEN
    INSERT INTO changelog (referral_id, topic, old_value, new_value, reason_for_change, changed_by)
    VALUES (r.id, 'NEEDS_AND_REQUIREMENTS_ACCESSIBILITY_NEEDS',
            jsonb_build_object('accessibilityNeeds', r.accessibility_needs),
            jsonb_build_object('accessibilityNeeds', v_new.accessibility_needs), p_reason, v_by);
    v_topics := v_topics || 'NEEDS_AND_REQUIREMENTS_ACCESSIBILITY_NEEDS'::text;
  END IF;
  IF v_new.additional_needs_information IS DISTINCT FROM r.additional_needs_information THEN
    INSERT INTO changelog (referral_id, topic, old_value, new_value, reason_for_change, changed_by)
    VALUES (r.id, 'NEEDS_AND_REQUIREMENTS_ADDITIONAL_INFORMATION',
            jsonb_build_object('additionalNeedsInformation', r.additional_needs_information),
            jsonb_build_object('additionalNeedsInformation', v_new.additional_needs_information),
            p_reason, v_by);
    v_topics := v_topics || 'NEEDS_AND_REQUIREMENTS_ADDITIONAL_INFORMATION'::text;
  END IF;
  IF (v_new.needs_interpreter, v_new.interpreter_language) IS DISTINCT FROM
     (r.needs_interpreter, r.interpreter_language) THEN
    INSERT INTO changelog (referral_id, topic, old_value, new_value, reason_for_change, changed_by)
    VALUES (r.id, 'NEEDS_AND_REQUIREMENTS_INTERPRETER_REQUIRED',
            jsonb_build_object('needsInterpreter', r.needs_interpreter,
                               'interpreterLanguage', r.interpreter_language),
            jsonb_build_object('needsInterpreter', v_new.needs_interpreter,
                               'interpreterLanguage', v_new.interpreter_language), p_reason, v_by);
    v_topics := v_topics || 'NEEDS_AND_REQUIREMENTS_INTERPRETER_REQUIRED'::text;
  END IF;
  IF (v_new.has_additional_responsibilities, v_new.when_unavailable) IS DISTINCT FROM
     (r.has_additional_responsibilities, r.when_unavailable) THEN
    INSERT INTO changelog (referral_id, topic, old_value, new_value, reason_for_change, changed_by)
    VALUES (r.id, 'NEEDS_AND_REQUIREMENTS_HAS_ADDITIONAL_RESPONSIBILITIES',
            jsonb_build_object('hasAdditionalResponsibilities', r.has_additional_responsibilities,
                               'whenUnavailable', r.when_unavailable),
            jsonb_build_object('hasAdditionalResponsibilities', v_new.has_additional_responsibilities,
                               'whenUnavailable', v_new.when_unavailable), p_reason, v_by);
    v_topics := v_topics || 'NEEDS_AND_REQUIREMENTS_HAS_ADDITIONAL_RESPONSIBILITIES'::text;
  END IF;
  IF v_new.prison_id IS DISTINCT FROM r.prison_id THEN
    INSERT INTO changelog (referral_id, topic, old_value, new_value, reason_for_change, changed_by)
    VALUES (r.id, 'PRISON_ESTABLISHMENT', jsonb_build_object('prisonId', r.prison_id),
            jsonb_build_object('prisonId', v_new.prison_id), p_reason, v_by);
    v_topics := v_topics || 'PRISON_ESTABLISHMENT'::text;
  END IF;
  IF (v_new.expected_release_date, v_new.expected_release_date_missing_reason) IS DISTINCT FROM
     (r.expected_release_date, r.expected_release_date_missing_reason) THEN
    INSERT INTO changelog (referral_id, topic, old_value, new_value, reason_for_change, changed_by)
    VALUES (r.id, 'EXPECTED_RELEASE_DATE',
            jsonb_build_object('expectedReleaseDate', r.expected_release_date,
                               'expectedReleaseDateMissingReason', r.expected_release_date_missing_reason),
            jsonb_build_object('expectedReleaseDate', v_new.expected_release_date,
                               'expectedReleaseDateMissingReason', v_new.expected_release_date_missing_reason),
            p_reason, v_by);
    v_topics := v_topics || 'EXPECTED_RELEASE_DATE'::text;
  END IF;
  IF v_new.expected_probation_office IS DISTINCT FROM r.expected_probation_office THEN
    INSERT INTO changelog (referral_id, topic, old_value, new_value, reason_for_change, changed_by)
    VALUES (r.id, 'EXPECTED_PROBATION_OFFICE',
            jsonb_build_object('expectedProbationOffice', r.expected_probation_office),
            jsonb_build_object('expectedProbationOffice', v_new.expected_probation_office),
            p_reason, v_by);
    v_topics := v_topics || 'EXPECTED_PROBATION_OFFICE'::text;
  END IF;

  -- the PP's own details
  SELECT * INTO pp FROM probation_practitioner_details WHERE referral_id = r.id;
  IF c ? 'ppName' AND (c->>'ppName') IS DISTINCT FROM pp.pp_name THEN
    INSERT INTO changelog (referral_id, topic, old_value, new_value, reason_for_change, changed_by)
    VALUES (r.id, 'PROBATION_PRACTITIONER_NAME', jsonb_build_object('name', pp.pp_name),
            jsonb_build_object('name', c->>'ppName'), p_reason, v_by);
    UPDATE probation_practitioner_details SET pp_name = c->>'ppName' WHERE referral_id = r.id;
    v_topics := v_topics || 'PROBATION_PRACTITIONER_NAME'::text;
  END IF;
  IF c ? 'ppEmailAddress' AND (c->>'ppEmailAddress') IS DISTINCT FROM pp.pp_email_address THEN
    INSERT INTO changelog (referral_id, topic, old_value, new_value, reason_for_change, changed_by)
    VALUES (r.id, 'PROBATION_PRACTITIONER_EMAIL', jsonb_build_object('emailAddress', pp.pp_email_address),
            jsonb_build_object('emailAddress', c->>'ppEmailAddress'), p_reason, v_by);
    UPDATE probation_practitioner_details SET pp_email_address = c->>'ppEmailAddress'
      WHERE referral_id = r.id;
    v_topics := v_topics || 'PROBATION_PRACTITIONER_EMAIL'::text;
  END IF;
  IF c ? 'ppPhoneNumber' AND (c->>'ppPhoneNumber') IS DISTINCT FROM pp.pp_phone_number THEN
    INSERT INTO changelog (referral_id, topic, old_value, new_value, reason_for_change, changed_by)
    VALUES (r.id, 'PROBATION_PRACTITIONER_PHONE_NUMBER', jsonb_build_object('phoneNumber', pp.pp_phone_number),
            jsonb_build_object('phoneNumber', c->>'ppPhoneNumber'), p_reason, v_by);
    UPDATE probation_practitioner_details SET pp_phone_number = c->>'ppPhoneNumber'
      WHERE referral_id = r.id;
    v_topics := v_topics || 'PROBATION_PRACTITIONER_PHONE_NUMBER'::text;
  END IF;
  IF c ? 'ppTeamPhoneNumber' AND (c->>'ppTeamPhoneNumber') IS DISTINCT FROM pp.pp_team_phone_number THEN
    INSERT INTO changelog (referral_id, topic, old_value, new_value, reason_for_change, changed_by)
    VALUES (r.id, 'PROBATION_PRACTITIONER_TEAM_PHONE_NUMBER',
            jsonb_build_object('teamPhoneNumber', pp.pp_team_phone_number),
            jsonb_build_object('teamPhoneNumber', c->>'ppTeamPhoneNumber'), p_reason, v_by);
    UPDATE probation_practitioner_details SET pp_team_phone_number = c->>'ppTeamPhoneNumber'
      WHERE referral_id = r.id;
    v_topics := v_topics || 'PROBATION_PRACTITIONER_TEAM_PHONE_NUMBER'::text;
  END IF;
  IF c ? 'ppProbationOffice' AND (c->>'ppProbationOffice') IS DISTINCT FROM pp.pp_probation_office THEN
    INSERT INTO changelog (referral_id, topic, old_value, new_value, reason_for_change, changed_by)
    VALUES (r.id, 'PROBATION_PRACTITIONER_PROBATION_OFFICE',
            jsonb_build_object('probationOffice', pp.pp_probation_office),
            jsonb_build_object('probationOffice', c->>'ppProbationOffice'), p_reason, v_by);
    UPDATE probation_practitioner_details SET pp_probation_office = c->>'ppProbationOffice'
      WHERE referral_id = r.id;
    v_topics := v_topics || 'PROBATION_PRACTITIONER_PROBATION_OFFICE'::text;
  END IF;

  -- complexity level per service category
  FOR v_item IN SELECT value FROM jsonb_array_elements(coalesce(c->'complexityLevels', '[]')) LOOP
    IF NOT EXISTS (SELECT 1 FROM referral_selected_service_category s
                   WHERE s.referral_id = r.id AND s.service_category_id = v_item->>'serviceCategoryId') THEN
      RAISE EXCEPTION 'service category % is not part of this referral', v_item->>'serviceCategoryId'
        USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT complexity_level_id INTO v_old FROM referral_complexity_level
      WHERE referral_id = r.id AND service_category_id = v_item->>'serviceCategoryId';
    IF v_old IS DISTINCT FROM v_item->>'complexityLevelId' THEN
      INSERT INTO changelog (referral_id, topic, old_value, new_value, reason_for_change, changed_by)
      VALUES (r.id, 'COMPLEXITY_LEVEL',
              jsonb_build_object('serviceCategoryId', v_item->>'serviceCategoryId', 'complexityLevelId', v_old),
              jsonb_build_object('serviceCategoryId', v_item->>'serviceCategoryId',
                                 'complexityLevelId', v_item->>'complexityLevelId'), p_reason, v_by);
      INSERT INTO referral_complexity_level (referral_id, service_category_id, complexity_level_id)
      VALUES (r.id, v_item->>'serviceCategoryId', v_item->>'complexityLevelId')
      ON CONFLICT (referral_id, service_category_id)
        DO UPDATE SET complexity_level_id = EXCLUDED.complexity_level_id;
      v_topics := v_topics || 'COMPLEXITY_LEVEL'::text;
    END IF;
  END LOOP;

  -- desired outcomes per service category (kept outcomes stay, even if
  -- deprecated since; the set may not become empty)
  FOR v_item IN SELECT value FROM jsonb_array_elements(coalesce(c->'desiredOutcomes', '[]')) LOOP
    IF NOT EXISTS (SELECT 1 FROM referral_selected_service_category s
                   WHERE s.referral_id = r.id AND s.service_category_id = v_item->>'serviceCategoryId') THEN
      RAISE EXCEPTION 'service category % is not part of this referral', v_item->>'serviceCategoryId'
        USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF jsonb_array_length(coalesce(v_item->'desiredOutcomeIds', '[]')) = 0 THEN
      RAISE EXCEPTION 'choose at least one desired outcome' USING ERRCODE = 'check_violation';
    END IF;
    SELECT coalesce(jsonb_agg(desired_outcome_id::text ORDER BY desired_outcome_id::text), '[]')
      INTO v_oldset FROM referral_desired_outcome
      WHERE referral_id = r.id AND service_category_id = v_item->>'serviceCategoryId';
    SELECT coalesce(jsonb_agg(DISTINCT o::uuid::text), '[]') INTO v_newset
      FROM jsonb_array_elements_text(v_item->'desiredOutcomeIds') o;
    SELECT coalesce(jsonb_agg(x ORDER BY x), '[]') INTO v_newset
      FROM jsonb_array_elements_text(v_newset) x;
    IF v_oldset IS DISTINCT FROM v_newset THEN
      INSERT INTO changelog (referral_id, topic, old_value, new_value, reason_for_change, changed_by)
      VALUES (r.id, 'DESIRED_OUTCOMES',
              jsonb_build_object('serviceCategoryId', v_item->>'serviceCategoryId', 'desiredOutcomeIds', v_oldset),
              jsonb_build_object('serviceCategoryId', v_item->>'serviceCategoryId', 'desiredOutcomeIds', v_newset),
              p_reason, v_by);
      DELETE FROM referral_desired_outcome
        WHERE referral_id = r.id AND service_category_id = v_item->>'serviceCategoryId'
          AND NOT (desired_outcome_id::text IN (SELECT jsonb_array_elements_text(v_newset)));
      INSERT INTO referral_desired_outcome (referral_id, service_category_id, desired_outcome_id)
      SELECT r.id, v_item->>'serviceCategoryId', x::uuid FROM jsonb_array_elements_text(v_newset) x
      ON CONFLICT DO NOTHING;
      v_topics := v_topics || 'DESIRED_OUTCOMES'::text;
    END IF;
  END LOOP;

  IF cardinality(v_topics) = 0 THEN
    RAISE EXCEPTION 'nothing to change: the referral already says this'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;

  UPDATE referral SET
    accessibility_needs = v_new.accessibility_needs,
    additional_needs_information = v_new.additional_needs_information,
    needs_interpreter = v_new.needs_interpreter,
    interpreter_language = v_new.interpreter_language,
    has_additional_responsibilities = v_new.has_additional_responsibilities,
    when_unavailable = v_new.when_unavailable,
    prison_id = v_new.prison_id,
    expected_release_date = v_new.expected_release_date,
    expected_release_date_missing_reason = v_new.expected_release_date_missing_reason,
    expected_probation_office = v_new.expected_probation_office,
    version = version + 1, updated_at = now(), updated_by = v_by
  WHERE id = r.id;

  INSERT INTO audit_log (action, crn, entity, entity_id, detail)
  VALUES ('referral.amended', r.crn, 'referral', r.id::text,
          jsonb_build_object('topics', to_jsonb(v_topics), 'reason', p_reason));
  RETURN r.version + 1;
END
$$;

-- Withdraws a referral (1.6): the withdrawal state follows from how far
-- delivery got; the referral ends and concludes at once.  "Early closure"
-- reasons are only for referrals past their first session.  p_by/p_at are
-- honoured only for a caller who is not staff (demo data).  Returns
-- {referenceNumber, crn, withdrawalState, deliveryState, concludedAt, version}.
CREATE FUNCTION referral_withdraw(p_id uuid, p_version integer, p_code text, p_comments text,
                                  p_by bigint DEFAULT NULL, p_at timestamptz DEFAULT NULL)
  RETURNS jsonb
  LANGUAGE plpgsql VOLATILE AS
$$
DECLARE
  v_by    bigint := referral_actor(p_by);
  v_at    timestamptz := CASE WHEN current_staff_id() IS NULL THEN coalesce(p_at, now())
                              ELSE now() END;
  r       referral;
  v_state text;
  v_deliv text;
  v_group withdrawal_grouping;
  v_words text;
BEGIN
  r := referral_lock_for_change(p_id, p_version, v_by);
  SELECT g.* INTO v_group FROM withdrawal_reason w JOIN withdrawal_grouping g ON g.code = w.grouping
    WHERE w.code = p_code;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no withdrawal reason %', p_code USING ERRCODE = 'foreign_key_violation';
  END IF;
  SELECT description INTO v_words FROM withdrawal_reason WHERE code = p_code;
  v_state := referral_withdrawal_state(r);
  v_deliv := referral_concluded_state(r);
  IF v_group.post_ica_only AND v_state = 'PRE_ICA_WITHDRAWAL' THEN
    RAISE EXCEPTION '"%" is only for referrals whose intervention has started', v_group.heading
      USING ERRCODE = 'check_violation';
  END IF;
  UPDATE referral SET end_requested_at = v_at, end_requested_by = v_by,
      withdrawal_reason_code = p_code, withdrawal_comments = nullif(btrim(p_comments), ''),
      withdrawal_state = v_state, concluded_at = v_at,
      version = version + 1, updated_at = v_at, updated_by = v_by
    WHERE id = r.id
    RETURNING * INTO r;
  INSERT INTO referral_status_history (referral_id, state, at, by_staff_id, note)
  VALUES (r.id, referral_state(r), v_at, v_by, v_words);
  INSERT INTO audit_log (action, crn, entity, entity_id, detail)
  VALUES ('referral.withdrawn', r.crn, 'referral', r.id::text,
          jsonb_build_object('withdrawalCode', p_code, 'withdrawalState', v_state,
                             'deliveryState', v_deliv));
  RETURN jsonb_build_object('referenceNumber', r.reference_number, 'crn', r.crn,
                            'withdrawalState', v_state, 'deliveryState', v_deliv,
                            'concludedAt', r.concluded_at, 'version', r.version);
END
$$;

-- Adds a case note from the signed-in PP or supplier (p_by/p_at: demo data
-- only, as above).  Returns the new note's id.
CREATE FUNCTION referral_add_case_note(p_referral_id uuid, p_subject text, p_body text,
                                       p_by bigint DEFAULT NULL, p_at timestamptz DEFAULT NULL)
  RETURNS uuid
  LANGUAGE plpgsql VOLATILE AS
$$
DECLARE
  v_by  bigint := referral_actor(p_by);
  v_at  timestamptz := CASE WHEN current_staff_id() IS NULL THEN coalesce(p_at, now())
                            ELSE now() END;
  v_crn text;
  v_id  uuid;
BEGIN
  SELECT crn INTO v_crn FROM referral WHERE id = p_referral_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no referral %', p_referral_id USING ERRCODE = 'no_data_found';
  END IF;
  INSERT INTO case_note (referral_id, subject, body, sent_at, sent_by)
  VALUES (p_referral_id, btrim(p_subject), p_body, v_at, v_by)
  RETURNING id INTO v_id;
  INSERT INTO audit_log (action, crn, entity, entity_id, detail)
  VALUES ('case_note.added', v_crn, 'case_note', v_id::text,
          jsonb_build_object('referralId', p_referral_id));
  RETURN v_id;
END
$$;

-- Assigns (or re-assigns) a caseworker of the intervention's prime provider
-- or a subcontractor; the previous assignment is superseded, never removed
-- (2.2).  For the supplier work that follows; the demo data uses it too.
CREATE FUNCTION referral_assign(p_referral_id uuid, p_assigned_to bigint,
                                p_by bigint DEFAULT NULL, p_at timestamptz DEFAULT NULL)
  RETURNS bigint
  LANGUAGE plpgsql VOLATILE AS
$$
DECLARE
  v_by  bigint := referral_actor(p_by);
  v_at  timestamptz := CASE WHEN current_staff_id() IS NULL THEN coalesce(p_at, now())
                            ELSE now() END;
  r     referral;
  v_id  bigint;
BEGIN
  SELECT * INTO r FROM referral WHERE id = p_referral_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no referral %', p_referral_id USING ERRCODE = 'no_data_found';
  END IF;
  IF r.concluded_at IS NOT NULL THEN
    RAISE EXCEPTION 'referral % has already ended', r.reference_number
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  IF NOT EXISTS (
      SELECT 1 FROM staff s JOIN intervention i ON i.id = r.intervention_id
      WHERE s.id = p_assigned_to AND s.role = 'sp' AND s.active
        AND (s.provider_id = i.prime_provider_id
             OR s.provider_id IN (SELECT provider_id FROM intervention_subcontractor x
                                  WHERE x.intervention_id = i.id))) THEN
    RAISE EXCEPTION 'the caseworker must work for a provider of this contract'
      USING ERRCODE = 'check_violation';
  END IF;
  UPDATE referral_assignment SET superseded = true
    WHERE referral_id = r.id AND NOT superseded;
  INSERT INTO referral_assignment (referral_id, assigned_to, assigned_by, assigned_at)
  VALUES (r.id, p_assigned_to, v_by, v_at)
  RETURNING id INTO v_id;
  INSERT INTO referral_status_history (referral_id, state, at, by_staff_id)
  VALUES (r.id, 'ASSIGNED', v_at, v_by);
  INSERT INTO audit_log (action, crn, entity, entity_id, detail)
  VALUES ('referral.assigned', r.crn, 'referral', r.id::text,
          jsonb_build_object('assignedTo', p_assigned_to));
  RETURN v_id;
END
$$;

-- Whether the same person already has an open referral to the same
-- intervention, whoever sent it (3.1: pointed out before sending).
-- SECURITY DEFINER on purpose: the practitioner about to refer may not be
-- able to see a referral someone else made, yet must be told it exists; it
-- returns only the reference, when and who, never the content.  It does not
-- use current_user at all, and search_path is pinned.
CREATE FUNCTION referral_open_duplicate(p_crn text, p_intervention_id uuid)
  RETURNS TABLE (reference_number text, sent_at timestamptz, sent_by_name text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
$$
  SELECT r.reference_number, r.sent_at, s.display_name
  FROM referral r JOIN staff s ON s.id = r.sent_by
  WHERE r.crn = upper(btrim(p_crn)) AND r.intervention_id = p_intervention_id
    AND r.concluded_at IS NULL
  ORDER BY r.sent_at DESC
$$;
REVOKE ALL ON FUNCTION referral_open_duplicate(text, uuid) FROM PUBLIC;

-- ---------------------------------------------------------------- home screen

-- The referral work queues of the signed-in member of staff, counted under
-- their own policies.  home_queues() of any later migration should keep
-- calling this.
CREATE FUNCTION home_queues_referrals() RETURNS TABLE (queue text, label text, n bigint)
  LANGUAGE plpgsql STABLE AS
$$
DECLARE
  v_me   bigint := current_staff_id();
  v_role staff_role := current_staff_role();
BEGIN
  IF v_role = 'pp' THEN
    RETURN QUERY SELECT 'referrals_open'::text, 'Referrals sent, open'::text, count(*)
      FROM referral r WHERE r.sent_by = v_me AND r.concluded_at IS NULL;
    RETURN QUERY SELECT 'referrals_attention'::text, 'Need your attention'::text, count(*)
      FROM referral r WHERE r.concluded_at IS NULL AND referral_needs_attention(r);
  ELSIF v_role = 'sp' THEN
    RETURN QUERY SELECT 'referrals_unassigned'::text, 'Unassigned referrals'::text, count(*)
      FROM referral r
      WHERE r.concluded_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM referral_assignment a
                        WHERE a.referral_id = r.id AND NOT a.superseded);
    RETURN QUERY SELECT 'referrals_mine'::text, 'Assigned to me'::text, count(*)
      FROM referral r JOIN referral_assignment a ON a.referral_id = r.id AND NOT a.superseded
      WHERE r.concluded_at IS NULL AND a.assigned_to = v_me;
  END IF;
END
$$;

CREATE OR REPLACE FUNCTION home_queues() RETURNS TABLE (queue text, label text, n bigint)
  LANGUAGE plpgsql STABLE AS
$$
BEGIN
  RETURN QUERY SELECT * FROM home_queues_referrals();
  IF current_staff_role() = 'admin' THEN
    RETURN QUERY SELECT 'outbox'::text, 'Events waiting to reach nDelius'::text, count(*)
      FROM outbox WHERE sent_at IS NULL;
  END IF;
END
$$;

-- ---------------------------------------------------------------- row-level security

ALTER TABLE caseload ENABLE ROW LEVEL SECURITY;
CREATE POLICY caseload_own ON caseload FOR SELECT TO caseterm_pp
  USING (staff_id = current_staff_id());
CREATE POLICY caseload_admin ON caseload FOR ALL TO caseterm_admin USING (true) WITH CHECK (true);

ALTER TABLE referral ENABLE ROW LEVEL SECURITY;
CREATE POLICY referral_pp_read ON referral FOR SELECT TO caseterm_pp
  USING (sent_by = current_staff_id()
         OR crn IN (SELECT c.crn FROM caseload c WHERE c.staff_id = current_staff_id()));
CREATE POLICY referral_pp_insert ON referral FOR INSERT TO caseterm_pp
  WITH CHECK (sent_by = current_staff_id());
CREATE POLICY referral_pp_update ON referral FOR UPDATE TO caseterm_pp
  USING (sent_by = current_staff_id()) WITH CHECK (sent_by = current_staff_id());
CREATE POLICY referral_sp_read ON referral FOR SELECT TO caseterm_sp
  USING (intervention_in_my_contracts(intervention_id));
CREATE POLICY referral_sp_update ON referral FOR UPDATE TO caseterm_sp
  USING (intervention_in_my_contracts(intervention_id))
  WITH CHECK (intervention_in_my_contracts(intervention_id));
CREATE POLICY referral_read_all ON referral FOR SELECT TO caseterm_reporter, caseterm_admin
  USING (true);

-- Child tables: readable when the referral is; written by the referral's
-- sender (and, where the supplier works, by the supplier).
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['referral_details', 'referral_service_user_data',
      'probation_practitioner_details', 'referral_selected_service_category',
      'referral_desired_outcome', 'referral_complexity_level', 'referral_shared_risk',
      'referral_status_history', 'case_note', 'referral_assignment', 'changelog'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR SELECT TO caseterm_staff'
                   ' USING (referral_visible(referral_id))', t || '_read', t);
  END LOOP;
  FOREACH t IN ARRAY ARRAY['referral_details', 'referral_service_user_data',
      'probation_practitioner_details', 'referral_selected_service_category',
      'referral_desired_outcome', 'referral_complexity_level', 'referral_shared_risk',
      'changelog'] LOOP
    EXECUTE format('CREATE POLICY %I ON %I FOR INSERT TO caseterm_pp'
                   ' WITH CHECK (referral_is_mine(referral_id))', t || '_pp_insert', t);
  END LOOP;
  FOREACH t IN ARRAY ARRAY['referral_details', 'probation_practitioner_details',
      'referral_complexity_level'] LOOP
    EXECUTE format('CREATE POLICY %I ON %I FOR UPDATE TO caseterm_pp'
                   ' USING (referral_is_mine(referral_id))'
                   ' WITH CHECK (referral_is_mine(referral_id))', t || '_pp_update', t);
  END LOOP;
END $$;

CREATE POLICY referral_desired_outcome_pp_delete ON referral_desired_outcome FOR DELETE
  TO caseterm_pp USING (referral_is_mine(referral_id));

CREATE POLICY referral_status_history_pp_insert ON referral_status_history FOR INSERT
  TO caseterm_pp WITH CHECK (referral_is_mine(referral_id) AND by_staff_id = current_staff_id());
CREATE POLICY referral_status_history_sp_insert ON referral_status_history FOR INSERT
  TO caseterm_sp WITH CHECK (referral_visible(referral_id) AND by_staff_id = current_staff_id());

CREATE POLICY case_note_pp_insert ON case_note FOR INSERT TO caseterm_pp
  WITH CHECK (referral_is_mine(referral_id) AND sent_by = current_staff_id());
CREATE POLICY case_note_sp_insert ON case_note FOR INSERT TO caseterm_sp
  WITH CHECK (referral_visible(referral_id) AND sent_by = current_staff_id());

CREATE POLICY referral_assignment_sp_insert ON referral_assignment FOR INSERT TO caseterm_sp
  WITH CHECK (referral_visible(referral_id) AND assigned_by = current_staff_id());
CREATE POLICY referral_assignment_sp_update ON referral_assignment FOR UPDATE TO caseterm_sp
  USING (referral_visible(referral_id)) WITH CHECK (referral_visible(referral_id));

-- The original risk text: the sending PP and administrators only.
ALTER TABLE referral_risk_original ENABLE ROW LEVEL SECURITY;
CREATE POLICY referral_risk_original_pp_read ON referral_risk_original FOR SELECT TO caseterm_pp
  USING (referral_is_mine(referral_id));
CREATE POLICY referral_risk_original_pp_insert ON referral_risk_original FOR INSERT TO caseterm_pp
  WITH CHECK (referral_is_mine(referral_id));
CREATE POLICY referral_risk_original_admin ON referral_risk_original FOR SELECT TO caseterm_admin
  USING (true);

-- ---------------------------------------------------------------- grants

GRANT SELECT ON intervention, intervention_subcontractor TO caseterm_staff;
GRANT INSERT, UPDATE, DELETE ON intervention, intervention_subcontractor TO caseterm_admin;
GRANT SELECT ON caseload TO caseterm_pp;
GRANT SELECT, INSERT, UPDATE, DELETE ON caseload TO caseterm_admin;

GRANT SELECT ON referral, referral_details, referral_service_user_data,
  probation_practitioner_details, referral_selected_service_category, referral_desired_outcome,
  referral_complexity_level, referral_status_history, referral_assignment, changelog,
  referral_overview
  TO caseterm_pp, caseterm_sp, caseterm_reporter, caseterm_admin;
GRANT SELECT ON referral_shared_risk, case_note TO caseterm_pp, caseterm_sp, caseterm_admin;
-- reporters count notes, never read them
GRANT SELECT (id, referral_id, sent_at, sent_by) ON case_note TO caseterm_reporter;
GRANT SELECT ON referral_risk_original TO caseterm_pp, caseterm_admin;

-- the practitioner: sends, amends, withdraws, writes notes
GRANT INSERT ON referral, referral_details, referral_service_user_data,
  probation_practitioner_details, referral_selected_service_category, referral_desired_outcome,
  referral_complexity_level, referral_shared_risk, referral_risk_original,
  referral_status_history, case_note, changelog
  TO caseterm_pp;
GRANT UPDATE (accessibility_needs, additional_needs_information, needs_interpreter,
  interpreter_language, has_additional_responsibilities, when_unavailable, prison_id,
  expected_release_date, expected_release_date_missing_reason, expected_probation_office,
  end_requested_at, end_requested_by, withdrawal_reason_code, withdrawal_comments,
  withdrawal_state, concluded_at, version, updated_at, updated_by)
  ON referral TO caseterm_pp;
GRANT UPDATE (superseded_by_id) ON referral_details TO caseterm_pp;
GRANT UPDATE (pp_name, pp_email_address, pp_phone_number, pp_team_phone_number,
  pp_probation_office) ON probation_practitioner_details TO caseterm_pp;
GRANT UPDATE (complexity_level_id) ON referral_complexity_level TO caseterm_pp;
GRANT DELETE ON referral_desired_outcome TO caseterm_pp;

-- the supplier: notes, assignments, history, the PRE_ICA/POST_ICA flag
GRANT INSERT ON case_note, referral_assignment, referral_status_history TO caseterm_sp;
GRANT UPDATE (superseded) ON referral_assignment TO caseterm_sp;
GRANT UPDATE (status, version, updated_at, updated_by) ON referral TO caseterm_sp;

GRANT EXECUTE ON FUNCTION referral_open_duplicate(text, uuid) TO caseterm_pp, caseterm_admin;
