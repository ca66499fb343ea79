-- 0008_supplier: what suppliers record about a referral, and what the
-- practitioner sees of it (reference/interventions.md 1.6, 1.7, 2.1-2.10,
-- 6.2-6.3, 7.1).
--
--   appointment           supplier assessment (SAA) and delivery-session
--                         appointments; rescheduling adds a row that names the
--                         one it replaces, with who asked and why
--   appointment_feedback  attendance (yes, late, no) and session feedback, once
--                         per appointment
--   action_plan (+ _activity, _approval)  submitted plans and the PP's approval
--   delivery_session      sessions 1..N, made when a plan is approved
--   end_of_service_report (+ _outcome)   per desired outcome, then submit:
--                         the referral concludes
--   attention_seen        the practitioner has seen a flag or missed appointment
--
-- Every table here is insert-only (a trigger refuses UPDATE and DELETE): a
-- change is a new row, so the history is the data.  Each writing function
-- below runs as the caller (row-level security decides), locks the referral
-- row, writes audit_log rows and the outbox event the reference names (6.3).
-- Derived state: the small functions of 0004 are replaced here (CREATE OR
-- REPLACE, same signatures) to read these tables; referral_state() calls them.

-- ---------------------------------------------------------------- reference data

-- Probation offices an appointment can be held at (1.7: nps_office_code).
-- CRSEXTL is the reference's default "external location" office.
CREATE TABLE probation_office (
  code      text PRIMARY KEY,
  name      text NOT NULL,
  region_id text NOT NULL REFERENCES probation_region (id),
  pdu_id    text REFERENCES pdu (id),
  address   text
);
INSERT INTO probation_office (code, name, region_id, pdu_id, address) VALUES
  ('CRSEXTL', 'Provider''s own premises (external location)', 'K', NULL, NULL),
  ('KSS_CANT', 'Canterbury Probation Office', 'K', 'east-kent', '40 Broad Street, Canterbury CT1 2LR'),
  ('KSS_ASHF', 'Ashford Probation Office', 'K', 'east-kent', 'Elwick Road, Ashford TN23 1PF'),
  ('KSS_MARG', 'Margate Probation Office', 'K', 'east-kent', '38 Grosvenor Place, Margate CT9 1UW'),
  ('KSS_BRIG', 'Brighton Probation Office', 'K', NULL, '9 Old Steine, Brighton BN1 1EJ'),
  ('GM_MANC', 'Manchester Probation Office', 'L', NULL, 'Oakland House, Talbot Road, Manchester M16 0PQ'),
  ('GM_SALF', 'Salford Probation Office', 'L', NULL, '2 Redwood Street, Salford M6 6PF'),
  ('LDN_STRA', 'Stratford Probation Office', 'J', NULL, '1 Union Street, London E15 1LL');

CREATE TYPE appointment_kind AS ENUM ('SUPPLIER_ASSESSMENT', 'SERVICE_DELIVERY');
CREATE TYPE appointment_session_type AS ENUM ('ONE_TO_ONE', 'GROUP');
CREATE TYPE appointment_delivery_type AS ENUM
  ('PHONE_CALL', 'VIDEO_CALL', 'IN_PERSON_MEETING_PROBATION_OFFICE', 'IN_PERSON_MEETING_OTHER');
CREATE TYPE appointment_attended AS ENUM ('YES', 'LATE', 'NO');
CREATE TYPE no_session_reason AS ENUM ('POP_ACCEPTABLE', 'POP_UNACCEPTABLE', 'LOGISTICS');
CREATE TYPE achievement_level AS ENUM ('ACHIEVED', 'PARTIALLY_ACHIEVED', 'NOT_ACHIEVED');

-- The longest feedback text (characters) the forms and the database accept.
CREATE FUNCTION supplier_text_limit() RETURNS integer
  LANGUAGE sql IMMUTABLE AS $$ SELECT 2000 $$;

-- A UK postcode as the reference checks it (1.7), after upper-casing and
-- taking the spaces out.
CREATE FUNCTION uk_postcode_valid(p text) RETURNS boolean
  LANGUAGE sql IMMUTABLE AS
$$ SELECT p IS NOT NULL
      AND upper(regexp_replace(p, '\s', '', 'g')) ~ '^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$' $$;

-- ---------------------------------------------------------------- tables

CREATE TABLE appointment (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq                 bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  referral_id         uuid NOT NULL REFERENCES referral (id),
  kind                appointment_kind NOT NULL,
  session_number      integer NOT NULL DEFAULT 0,   -- 0 for the SAA, 1..N for sessions
  appointment_time    timestamptz NOT NULL,
  duration_minutes    integer NOT NULL,
  session_type        appointment_session_type NOT NULL DEFAULT 'ONE_TO_ONE',
  delivery_type       appointment_delivery_type NOT NULL,
  nps_office_code     text REFERENCES probation_office (code),
  address_line1       text,
  address_line2       text,
  town_city           text,
  county              text,
  postcode            text,
  rescheduled_from    uuid UNIQUE REFERENCES appointment (id),
  reschedule_requested_by text,
  rescheduled_reason  text,
  created_at          timestamptz NOT NULL DEFAULT now(),
  created_by          bigint NOT NULL REFERENCES staff (id),
  CONSTRAINT appointment_id_referral UNIQUE (id, referral_id),
  CONSTRAINT appointment_session_number
    CHECK ((kind = 'SUPPLIER_ASSESSMENT') = (session_number = 0) AND session_number >= 0),
  -- never in the past, at most 6 months ahead (1.7, AppointmentValidator)
  CONSTRAINT appointment_not_in_past CHECK (appointment_time > created_at),
  CONSTRAINT appointment_within_6_months
    CHECK (appointment_time <= created_at + interval '6 months'),
  CONSTRAINT appointment_duration CHECK (duration_minutes BETWEEN 1 AND 600),
  CONSTRAINT appointment_office
    CHECK ((delivery_type = 'IN_PERSON_MEETING_PROBATION_OFFICE') = (nps_office_code IS NOT NULL)),
  CONSTRAINT appointment_other_address
    CHECK (delivery_type <> 'IN_PERSON_MEETING_OTHER'
           OR (coalesce(btrim(address_line1), '') <> '' AND uk_postcode_valid(postcode))),
  CONSTRAINT appointment_address_only_other
    CHECK (delivery_type = 'IN_PERSON_MEETING_OTHER'
           OR (address_line1 IS NULL AND postcode IS NULL)),
  CONSTRAINT appointment_reschedule_reason
    CHECK (rescheduled_from IS NULL
           OR (coalesce(btrim(rescheduled_reason), '') <> ''
               AND coalesce(btrim(reschedule_requested_by), '') <> '')),
  CONSTRAINT appointment_text_limits
    CHECK (length(coalesce(rescheduled_reason, '')) <= 2000
           AND length(coalesce(address_line1, '') || coalesce(address_line2, '')
                      || coalesce(town_city, '') || coalesce(county, '')) <= 400)
);
CREATE INDEX appointment_referral ON appointment (referral_id, kind, session_number, seq);

CREATE TABLE appointment_feedback (
  appointment_id      uuid PRIMARY KEY,
  referral_id         uuid NOT NULL REFERENCES referral (id),
  attended            appointment_attended NOT NULL,
  did_session_happen  boolean NOT NULL,
  late_reason         text,
  session_summary     text,
  session_response    text,
  session_behaviour   text,
  session_concerns    text,
  notify_pp_of_behaviour boolean NOT NULL DEFAULT false,
  notify_pp_of_concerns  boolean NOT NULL DEFAULT false,
  future_session_plans   text,
  no_attendance_information text,
  no_session_reason_type no_session_reason,
  no_session_reason_detail text,
  submitted_at        timestamptz NOT NULL DEFAULT now(),
  submitted_by        bigint NOT NULL REFERENCES staff (id),
  FOREIGN KEY (appointment_id, referral_id) REFERENCES appointment (id, referral_id),
  -- 2.4: the session happened only if the person came
  CONSTRAINT feedback_happened_means_attended
    CHECK (NOT did_session_happen OR attended IN ('YES', 'LATE')),
  CONSTRAINT feedback_happened_has_summary
    CHECK (NOT did_session_happen
           OR (coalesce(btrim(session_summary), '') <> ''
               AND coalesce(btrim(session_response), '') <> '')),
  CONSTRAINT feedback_not_happened_reason
    CHECK (did_session_happen OR attended = 'NO' OR no_session_reason_type IS NOT NULL),
  CONSTRAINT feedback_late_reason
    CHECK (attended <> 'LATE' OR coalesce(btrim(late_reason), '') <> ''),
  CONSTRAINT feedback_behaviour_detail
    CHECK (NOT notify_pp_of_behaviour OR coalesce(btrim(session_behaviour), '') <> ''),
  CONSTRAINT feedback_concerns_detail
    CHECK (NOT notify_pp_of_concerns OR coalesce(btrim(session_concerns), '') <> ''),
  CONSTRAINT feedback_length CHECK (
    length(coalesce(late_reason, '')) <= 2000
    AND length(coalesce(session_summary, '')) <= 2000
    AND length(coalesce(session_response, '')) <= 2000
    AND length(coalesce(session_behaviour, '')) <= 2000
    AND length(coalesce(session_concerns, '')) <= 2000
    AND length(coalesce(future_session_plans, '')) <= 2000
    AND length(coalesce(no_attendance_information, '')) <= 2000
    AND length(coalesce(no_session_reason_detail, '')) <= 2000)
);
CREATE INDEX appointment_feedback_referral ON appointment_feedback (referral_id);

CREATE TABLE action_plan (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  referral_id         uuid NOT NULL REFERENCES referral (id),
  number_of_sessions  integer NOT NULL CHECK (number_of_sessions BETWEEN 1 AND 100),
  submitted_at        timestamptz NOT NULL DEFAULT now(),
  submitted_by        bigint NOT NULL REFERENCES staff (id),
  CONSTRAINT action_plan_id_referral UNIQUE (id, referral_id)
);
CREATE INDEX action_plan_referral ON action_plan (referral_id, submitted_at);

CREATE TABLE action_plan_activity (
  action_plan_id uuid NOT NULL REFERENCES action_plan (id),
  referral_id    uuid NOT NULL REFERENCES referral (id),
  number         integer NOT NULL CHECK (number BETWEEN 1 AND 50),
  description    text NOT NULL CHECK (btrim(description) <> '' AND length(description) <= 2000),
  PRIMARY KEY (action_plan_id, number),
  FOREIGN KEY (action_plan_id, referral_id) REFERENCES action_plan (id, referral_id)
);

CREATE TABLE action_plan_approval (
  action_plan_id uuid PRIMARY KEY,
  referral_id    uuid NOT NULL REFERENCES referral (id),
  approved_at    timestamptz NOT NULL DEFAULT now(),
  approved_by    bigint NOT NULL REFERENCES staff (id),
  FOREIGN KEY (action_plan_id, referral_id) REFERENCES action_plan (id, referral_id)
);

CREATE TABLE delivery_session (
  referral_id     uuid NOT NULL REFERENCES referral (id),
  session_number  integer NOT NULL CHECK (session_number >= 1),
  action_plan_id  uuid NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (referral_id, session_number),
  FOREIGN KEY (action_plan_id, referral_id) REFERENCES action_plan (id, referral_id)
);

CREATE TABLE end_of_service_report (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  referral_id         uuid NOT NULL UNIQUE REFERENCES referral (id),
  further_information text CHECK (length(coalesce(further_information, '')) <= 2000),
  submitted_at        timestamptz NOT NULL DEFAULT now(),
  submitted_by        bigint NOT NULL REFERENCES staff (id),
  CONSTRAINT eosr_id_referral UNIQUE (id, referral_id)
);

CREATE TABLE end_of_service_report_outcome (
  eosr_id             uuid NOT NULL,
  referral_id         uuid NOT NULL REFERENCES referral (id),
  desired_outcome_id  uuid NOT NULL REFERENCES desired_outcome (id),
  achievement_level   achievement_level NOT NULL,
  progression_comments text NOT NULL
    CHECK (btrim(progression_comments) <> '' AND length(progression_comments) <= 2000),
  additional_task_comments text CHECK (length(coalesce(additional_task_comments, '')) <= 2000),
  PRIMARY KEY (eosr_id, desired_outcome_id),
  FOREIGN KEY (eosr_id, referral_id) REFERENCES end_of_service_report (id, referral_id)
);

-- The practitioner has seen a flagged or missed appointment (it leaves the
-- attention list).
CREATE TABLE attention_seen (
  appointment_id uuid NOT NULL,
  referral_id    uuid NOT NULL REFERENCES referral (id),
  staff_id       bigint NOT NULL REFERENCES staff (id),
  seen_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (appointment_id, staff_id),
  FOREIGN KEY (appointment_id, referral_id) REFERENCES appointment (id, referral_id)
);

CREATE FUNCTION supplier_table_is_append_only() RETURNS trigger
  LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION '% is append-only: record a new row instead', TG_TABLE_NAME; END $$;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['appointment', 'appointment_feedback', 'action_plan',
      'action_plan_activity', 'action_plan_approval', 'delivery_session',
      'end_of_service_report', 'end_of_service_report_outcome', 'attention_seen'] LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE OR TRUNCATE ON %I'
                   ' FOR EACH STATEMENT EXECUTE FUNCTION supplier_table_is_append_only()',
                   t || '_append_only', t);
  END LOOP;
END $$;

-- ---------------------------------------------------------------- reading helpers

-- The appointments of a slot (SAA, or one session) newest first; the first is
-- the current one.
CREATE FUNCTION appointment_current(p_referral_id uuid, p_kind appointment_kind,
                                    p_session integer) RETURNS appointment
  LANGUAGE sql STABLE AS
$$ SELECT * FROM appointment a
   WHERE a.referral_id = p_referral_id AND a.kind = p_kind AND a.session_number = p_session
   ORDER BY a.seq DESC LIMIT 1 $$;

-- UI session status (1.7): notScheduled, scheduled, awaitingFeedback,
-- completed, didNotAttend, didNotHappen, rescheduled.  NULL appointment:
-- notScheduled.
CREATE FUNCTION appointment_status(a appointment) RETURNS text
  LANGUAGE sql STABLE AS
$$
  SELECT CASE
    WHEN a.id IS NULL THEN 'notScheduled'
    WHEN f.appointment_id IS NOT NULL THEN
      CASE WHEN f.attended = 'NO' THEN 'didNotAttend'
           WHEN NOT f.did_session_happen THEN 'didNotHappen'
           ELSE 'completed' END
    WHEN EXISTS (SELECT 1 FROM appointment n WHERE n.rescheduled_from = a.id) THEN 'rescheduled'
    WHEN a.appointment_time <= now() THEN 'awaitingFeedback'
    ELSE 'scheduled' END
  FROM (SELECT 1) one
  LEFT JOIN appointment_feedback f ON f.appointment_id = a.id
$$;

-- The words the screens show (1.7).
CREATE FUNCTION appointment_status_words(s text) RETURNS text
  LANGUAGE sql IMMUTABLE AS
$$ SELECT CASE s WHEN 'notScheduled' THEN 'not scheduled' WHEN 'scheduled' THEN 'scheduled'
                 WHEN 'awaitingFeedback' THEN 'awaiting feedback'
                 WHEN 'completed' THEN 'completed' WHEN 'didNotAttend' THEN 'did not attend'
                 WHEN 'didNotHappen' THEN 'did not happen' WHEN 'rescheduled' THEN 'rescheduled'
                 ELSE s END $$;

CREATE FUNCTION appointment_delivery_words(d appointment_delivery_type) RETURNS text
  LANGUAGE sql IMMUTABLE AS
$$ SELECT CASE d WHEN 'PHONE_CALL' THEN 'Phone call' WHEN 'VIDEO_CALL' THEN 'Video call'
                 WHEN 'IN_PERSON_MEETING_PROBATION_OFFICE' THEN 'In person, probation office'
                 WHEN 'IN_PERSON_MEETING_OTHER' THEN 'In person, other location' END $$;

-- The latest approved action plan, NULL when none.
CREATE FUNCTION referral_approved_action_plan(p_referral_id uuid) RETURNS action_plan
  LANGUAGE sql STABLE AS
$$ SELECT p.* FROM action_plan p JOIN action_plan_approval ap ON ap.action_plan_id = p.id
   WHERE p.referral_id = p_referral_id ORDER BY ap.approved_at DESC, p.submitted_at DESC LIMIT 1 $$;

-- The latest submitted plan not yet approved (awaiting the practitioner).
CREATE FUNCTION referral_plan_awaiting_approval(p_referral_id uuid) RETURNS action_plan
  LANGUAGE sql STABLE AS
$$ SELECT p.* FROM action_plan p
   WHERE p.referral_id = p_referral_id
     AND NOT EXISTS (SELECT 1 FROM action_plan_approval ap WHERE ap.action_plan_id = p.id)
     AND p.submitted_at > coalesce((SELECT max(q.submitted_at) FROM action_plan q
                                    JOIN action_plan_approval x ON x.action_plan_id = q.id
                                    WHERE q.referral_id = p_referral_id), '-infinity')
   ORDER BY p.submitted_at DESC LIMIT 1 $$;

-- Sessions whose current appointment has attendance recorded, and of those
-- the ones attended (yes or late), for the sessions of the approved plan.
CREATE FUNCTION referral_session_counts(p_referral_id uuid,
                                        OUT with_attendance integer, OUT attended integer)
  LANGUAGE sql STABLE AS
$$
  SELECT count(f.appointment_id)::integer,
         count(f.appointment_id) FILTER (WHERE f.attended IN ('YES', 'LATE'))::integer
  FROM delivery_session s
  CROSS JOIN LATERAL (SELECT a.id FROM appointment a
                      WHERE a.referral_id = s.referral_id AND a.kind = 'SERVICE_DELIVERY'
                        AND a.session_number = s.session_number
                      ORDER BY a.seq DESC LIMIT 1) cur
  LEFT JOIN appointment_feedback f ON f.appointment_id = cur.id
  WHERE s.referral_id = p_referral_id
$$;

-- ---------------------------------------------------------------- derived state (replacing 0004's)

-- Attended delivery sessions.  A referral marked POST_ICA (the first
-- attended session, 1.6) counts at least one even when its sessions were
-- recorded before caseterm (the flag is the reference's stored fact).
CREATE OR REPLACE FUNCTION referral_attended_sessions(r referral) RETURNS integer
  LANGUAGE sql STABLE AS
$$ SELECT greatest((SELECT attended FROM referral_session_counts(r.id)),
                   CASE WHEN r.status = 'POST_ICA' THEN 1 ELSE 0 END) $$;

-- DeliveryState (1.6, ReferralConcluder): NOT_DELIVERING_YET without an
-- approved action plan; MISSING_FIRST_SUBSTANTIVE_APPOINTMENT with one but
-- no attended session; COMPLETED when every session of the plan has
-- attendance recorded; IN_PROGRESS otherwise.  (A POST_ICA referral without
-- a plan on record is in progress.)
CREATE OR REPLACE FUNCTION referral_delivery_state(r referral) RETURNS text
  LANGUAGE plpgsql STABLE AS
$$
DECLARE
  plan action_plan := referral_approved_action_plan(r.id);
  c    record;
BEGIN
  IF plan.id IS NULL THEN
    RETURN CASE WHEN r.status = 'POST_ICA' THEN 'IN_PROGRESS' ELSE 'NOT_DELIVERING_YET' END;
  END IF;
  SELECT * INTO c FROM referral_session_counts(r.id);
  IF c.attended = 0 AND r.status = 'PRE_ICA' THEN
    RETURN 'MISSING_FIRST_SUBSTANTIVE_APPOINTMENT';
  END IF;
  IF c.with_attendance >= plan.number_of_sessions THEN
    RETURN 'COMPLETED';
  END IF;
  RETURN 'IN_PROGRESS';
END
$$;

-- The referral's state as a code: as 0004, and a referral concluded by its
-- end-of-service report is COMPLETED, PREMATURELY_ENDED or CANCELLED as
-- its delivery state says (ReferralConcludedState).
CREATE OR REPLACE FUNCTION referral_state(r referral) RETURNS text
  LANGUAGE sql STABLE AS
$$
  SELECT CASE
    WHEN r.concluded_at IS NOT NULL THEN
      CASE WHEN r.withdrawal_state = 'PRE_ICA_WITHDRAWAL' THEN 'WITHDRAWN'
           WHEN r.withdrawal_state IS NOT NULL THEN 'PREMATURELY_ENDED'
           WHEN r.end_requested_at IS NULL
                AND NOT EXISTS (SELECT 1 FROM end_of_service_report e WHERE e.referral_id = r.id)
             THEN 'COMPLETED'
           ELSE referral_concluded_state(r) END
    WHEN r.end_requested_at IS NOT NULL THEN 'AWAITING_END_OF_SERVICE_REPORT'
    WHEN referral_delivery_state(r) = 'COMPLETED' THEN 'AWAITING_END_OF_SERVICE_REPORT'
    WHEN referral_delivery_state(r) = 'IN_PROGRESS' THEN 'IN_PROGRESS'
    WHEN EXISTS (SELECT 1 FROM referral_assignment a
                 WHERE a.referral_id = r.id AND NOT a.superseded) THEN 'ASSIGNED'
    ELSE 'SENT' END
$$;

-- The supplier-assessment summary status (1.7, interventionProgressPresenter):
-- awaitingCaseworker, notScheduled, scheduled, delivered.
CREATE FUNCTION referral_saa_status(p_referral_id uuid) RETURNS text
  LANGUAGE sql STABLE AS
$$
  SELECT CASE
    WHEN NOT EXISTS (SELECT 1 FROM referral_assignment x
                     WHERE x.referral_id = p_referral_id AND NOT x.superseded)
      THEN 'awaitingCaseworker'
    WHEN a.id IS NULL THEN 'notScheduled'
    WHEN EXISTS (SELECT 1 FROM appointment_feedback f WHERE f.appointment_id = a.id
                 AND f.attended IN ('YES', 'LATE')) THEN 'delivered'
    ELSE 'scheduled' END
  FROM (SELECT (appointment_current(p_referral_id, 'SUPPLIER_ASSESSMENT', 0)).*) a
$$;

-- Appointments the practitioner should look at: missed ones and those whose
-- feedback asks to notify them, not yet marked seen by this member of staff.
CREATE FUNCTION referral_flagged_appointments(p_referral_id uuid)
  RETURNS TABLE (appointment_id uuid, kind appointment_kind, session_number integer,
                 appointment_time timestamptz, reason text, detail text,
                 submitted_at timestamptz, submitted_by text)
  LANGUAGE sql STABLE AS
$$
  SELECT a.id, a.kind, a.session_number, a.appointment_time,
         concat_ws(', ',
           CASE WHEN f.attended = 'NO' THEN 'did not attend' END,
           CASE WHEN f.notify_pp_of_behaviour THEN 'poor behaviour' END,
           CASE WHEN f.notify_pp_of_concerns THEN 'concerns' END),
         concat_ws(E'\n',
           CASE WHEN f.notify_pp_of_behaviour THEN 'Behaviour: ' || f.session_behaviour END,
           CASE WHEN f.notify_pp_of_concerns THEN 'Concerns: ' || f.session_concerns END,
           CASE WHEN f.attended = 'NO' AND f.no_attendance_information IS NOT NULL
                THEN 'Why: ' || f.no_attendance_information END),
         f.submitted_at, s.display_name
  FROM appointment_feedback f
  JOIN appointment a ON a.id = f.appointment_id
  LEFT JOIN staff s ON s.id = f.submitted_by
  WHERE f.referral_id = p_referral_id
    AND (f.attended = 'NO' OR f.notify_pp_of_behaviour OR f.notify_pp_of_concerns)
    AND NOT EXISTS (SELECT 1 FROM attention_seen x
                    WHERE x.appointment_id = a.id AND x.staff_id = current_staff_id())
  ORDER BY f.submitted_at
$$;

-- Why an open referral needs its practitioner (0007's reason, kept first),
-- now also: an appointment missed or flagged "notify the practitioner" and
-- not yet marked seen, or an action plan awaiting approval.
-- referral_needs_attention() (0007) is "has a reason", so the home count
-- follows.
ALTER FUNCTION referral_attention_reason(referral) RENAME TO referral_attention_reason_before_supplier;

CREATE FUNCTION referral_attention_reason(r referral) RETURNS text
  LANGUAGE sql STABLE AS
$$
  SELECT CASE WHEN r.concluded_at IS NULL THEN coalesce(
    referral_attention_reason_before_supplier(r),
    (SELECT CASE WHEN f.kind = 'SUPPLIER_ASSESSMENT' THEN 'Assessment appointment: '
                 ELSE 'Session ' || f.session_number || ': ' END || f.reason
     FROM referral_flagged_appointments(r.id) f ORDER BY f.submitted_at DESC LIMIT 1),
    CASE WHEN (referral_plan_awaiting_approval(r.id)).id IS NOT NULL
         THEN 'An action plan is waiting for your approval' END) END
$$;

-- The practitioner's attention list: one row per thing to look at, for the
-- open referrals the caller sees (their own and their caseload's).
CREATE FUNCTION referral_attention_items()
  RETURNS TABLE (referral_id uuid, reference_number text, crn text, person_name text,
                 at timestamptz, kind text, summary text, detail text, appointment_id uuid)
  LANGUAGE sql STABLE AS
$$
  SELECT r.id, r.reference_number, r.crn, concat_ws(' ', u.first_name, u.last_name),
         x.at, x.kind, x.summary, x.detail, x.appointment_id
  FROM referral r
  LEFT JOIN referral_service_user_data u ON u.referral_id = r.id
  CROSS JOIN LATERAL (
    SELECT f.submitted_at AS at, 'appointment'::text AS kind,
           CASE WHEN f.kind = 'SUPPLIER_ASSESSMENT' THEN 'Assessment appointment'
                ELSE 'Session ' || f.session_number END
             || ' on ' || to_char(f.appointment_time, 'DD Mon YYYY') || ': ' || f.reason AS summary,
           nullif(f.detail, '') AS detail, f.appointment_id
    FROM referral_flagged_appointments(r.id) f
    UNION ALL
    SELECT p.submitted_at, 'action_plan',
           'Action plan awaiting your approval (' || p.number_of_sessions
             || CASE WHEN p.number_of_sessions = 1 THEN ' session)' ELSE ' sessions)' END,
           NULL, NULL
    FROM (SELECT (referral_plan_awaiting_approval(r.id)).*) p WHERE p.id IS NOT NULL
    UNION ALL
    SELECT c.sent_at, 'case_note', 'Case note from the supplier: ' || c.subject, c.body, NULL
    FROM (SELECT c1.* , s.role FROM case_note c1 JOIN staff s ON s.id = c1.sent_by
          WHERE c1.referral_id = r.id ORDER BY c1.sent_at DESC, c1.id DESC LIMIT 1) c
    WHERE c.role = 'sp') x
  WHERE r.concluded_at IS NULL
  ORDER BY x.at DESC
$$;

-- The referral's timeline (0007's referral_timeline, kept as
-- referral_timeline_before_supplier) with the supplier's rows, same columns:
-- appointments booked and rescheduled (with who asked and why), attendance
-- and feedback, action plans submitted and approved, the end-of-service
-- report.
ALTER FUNCTION referral_timeline(uuid) RENAME TO referral_timeline_before_supplier;

CREATE FUNCTION referral_timeline(p_id uuid)
  RETURNS TABLE (at timestamptz, kind text, who text, who_role text, summary text,
                 detail text, item_id text, seq integer)
  LANGUAGE sql STABLE AS
$$
  SELECT t.* FROM (
    SELECT * FROM referral_timeline_before_supplier(p_id)
    UNION ALL
    SELECT a.created_at, 'appointment'::text, s.display_name, s.role::text,
           CASE WHEN a.rescheduled_from IS NULL THEN 'Booked: ' ELSE 'Rescheduled: ' END
           || CASE WHEN a.kind = 'SUPPLIER_ASSESSMENT' THEN 'assessment appointment'
                   ELSE 'session ' || a.session_number END
           || ' on ' || to_char(a.appointment_time AT TIME ZONE 'Europe/London',
                                'Dy DD Mon YYYY HH24:MI')
           || ' (' || appointment_delivery_words(a.delivery_type) || ')',
           CASE WHEN a.rescheduled_from IS NOT NULL
                THEN 'Asked by ' || a.reschedule_requested_by || ': ' || a.rescheduled_reason END,
           a.id::text, 50
    FROM appointment a LEFT JOIN staff s ON s.id = a.created_by
    WHERE a.referral_id = p_id
    UNION ALL
    SELECT f.submitted_at, 'attendance', s.display_name, s.role::text,
           CASE WHEN a.kind = 'SUPPLIER_ASSESSMENT' THEN 'Assessment appointment'
                ELSE 'Session ' || a.session_number END || ': '
           || CASE WHEN f.attended = 'NO' THEN 'did not attend'
                   WHEN NOT f.did_session_happen THEN 'did not happen'
                   WHEN f.attended = 'LATE' THEN 'attended, late'
                   ELSE 'attended' END
           || CASE WHEN f.notify_pp_of_behaviour OR f.notify_pp_of_concerns
                   THEN '; the supplier asks you to look' ELSE '' END,
           nullif(concat_ws(E'\n',
             'Summary: ' || f.session_summary, 'Response: ' || f.session_response,
             'Late: ' || f.late_reason,
             'Behaviour: ' || f.session_behaviour, 'Concerns: ' || f.session_concerns,
             'Why they did not attend: ' || f.no_attendance_information,
             'Why it did not happen: ' || f.no_session_reason_detail,
             'Next session: ' || f.future_session_plans), ''),
           f.appointment_id::text, 60
    FROM appointment_feedback f JOIN appointment a ON a.id = f.appointment_id
    LEFT JOIN staff s ON s.id = f.submitted_by
    WHERE f.referral_id = p_id
    UNION ALL
    SELECT p.submitted_at, 'action_plan', s.display_name, s.role::text,
           'Action plan submitted: ' || p.number_of_sessions || ' sessions',
           (SELECT string_agg(x.number || '. ' || x.description, E'\n' ORDER BY x.number)
            FROM action_plan_activity x WHERE x.action_plan_id = p.id),
           p.id::text, 70
    FROM action_plan p LEFT JOIN staff s ON s.id = p.submitted_by
    WHERE p.referral_id = p_id
    UNION ALL
    SELECT ap.approved_at, 'action_plan', s.display_name, s.role::text,
           'Action plan approved', NULL, ap.action_plan_id::text, 80
    FROM action_plan_approval ap LEFT JOIN staff s ON s.id = ap.approved_by
    WHERE ap.referral_id = p_id
    UNION ALL
    SELECT e.submitted_at, 'end_of_service_report', s.display_name, s.role::text,
           'End-of-service report submitted',
           (SELECT string_agg(d.description || ': '
                     || lower(replace(o.achievement_level::text, '_', ' ')), E'\n')
            FROM end_of_service_report_outcome o JOIN desired_outcome d ON d.id = o.desired_outcome_id
            WHERE o.eosr_id = e.id),
           e.id::text, 90
    FROM end_of_service_report e LEFT JOIN staff s ON s.id = e.submitted_by
    WHERE e.referral_id = p_id
  ) AS t (at, kind, who, who_role, summary, detail, item_id, seq)
  ORDER BY t.at, t.seq, t.item_id
$$;

-- ---------------------------------------------------------------- writing

-- Locks a referral for supplier work: visible to the caller (their
-- contracts), not concluded.
CREATE FUNCTION supplier_lock_referral(p_referral_id uuid) RETURNS referral
  LANGUAGE plpgsql VOLATILE AS
$$
DECLARE r referral;
BEGIN
  SELECT * INTO r FROM referral WHERE id = p_referral_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no referral % that you may work on', p_referral_id
      USING ERRCODE = 'no_data_found';
  END IF;
  IF r.concluded_at IS NOT NULL THEN
    RAISE EXCEPTION 'referral % has already ended', r.reference_number
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  RETURN r;
END
$$;

-- The fields of an outbox event about a referral (6.3 additionalInformation).
CREATE FUNCTION supplier_event_base(r referral) RETURNS jsonb
  LANGUAGE sql STABLE AS
$$
  SELECT jsonb_build_object('referralId', r.id, 'referralReference', r.reference_number,
                            'serviceUserCRN', r.crn,
                            'contractTypeName', ct.name, 'primeProviderName', sp.name,
                            'referralURN', 'urn:hmpps:interventions-referral:' || r.id)
  FROM intervention i
  LEFT JOIN contract_type ct ON ct.code = i.contract_type_code
  LEFT JOIN service_provider sp ON sp.id = i.prime_provider_id
  WHERE i.id = r.intervention_id
$$;

-- Records the state the referral reached when it changed.
CREATE FUNCTION supplier_note_state(p_id uuid, p_before text, p_by bigint, p_at timestamptz,
                                    p_note text) RETURNS text
  LANGUAGE plpgsql VOLATILE AS
$$
DECLARE v_after text;
BEGIN
  SELECT referral_state(r) INTO v_after FROM referral r WHERE r.id = p_id;
  IF v_after IS DISTINCT FROM p_before THEN
    INSERT INTO referral_status_history (referral_id, state, at, by_staff_id, note)
    VALUES (p_id, v_after, p_at, p_by, p_note);
  END IF;
  RETURN v_after;
END
$$;

-- Assigns a caseworker (2.2) when the referral is still assigned as the
-- caller last saw it (p_expected: the caseworker's staff id, NULL for
-- "unassigned").  Two caseworkers assigning at once: the first wins, the
-- second gets CT409 naming who assigned it to whom.  Writes the outbox event
-- intervention.referral.assigned.
CREATE FUNCTION supplier_assign(p_referral_id uuid, p_assigned_to bigint, p_expected bigint)
  RETURNS bigint
  LANGUAGE plpgsql VOLATILE AS
$$
DECLARE
  r      referral := supplier_lock_referral(p_referral_id);
  cur    referral_assignment;
  v_id   bigint;
  v_to   staff;
BEGIN
  IF current_staff_role() IS DISTINCT FROM 'sp' THEN
    RAISE EXCEPTION 'only a supplier caseworker can assign a referral'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT * INTO cur FROM referral_assignment a WHERE a.referral_id = r.id AND NOT a.superseded;
  IF cur.assigned_to IS DISTINCT FROM p_expected THEN
    RAISE EXCEPTION '% was assigned to % by % at % while you were choosing',
      r.reference_number,
      (SELECT display_name FROM staff WHERE id = cur.assigned_to),
      (SELECT display_name FROM staff WHERE id = cur.assigned_by),
      to_char(cur.assigned_at AT TIME ZONE 'Europe/London', 'HH24:MI')
      USING ERRCODE = 'CT409';
  END IF;
  IF cur.assigned_to = p_assigned_to THEN
    RAISE EXCEPTION 'the referral is already assigned to them' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  v_id := referral_assign(r.id, p_assigned_to);
  SELECT * INTO v_to FROM staff WHERE id = p_assigned_to;
  INSERT INTO outbox (event_type, crn, payload)
  VALUES ('intervention.referral.assigned', r.crn,
          supplier_event_base(r) || jsonb_build_object('assignedTo', v_to.username));
  RETURN v_id;
END
$$;

-- Books or rebooks the supplier assessment appointment or a delivery
-- session (2.3, 2.6).  p:
--   {referralId, kind: SUPPLIER_ASSESSMENT|SERVICE_DELIVERY, sessionNumber,
--    appointmentTime, durationMinutes, sessionType, deliveryType,
--    npsOfficeCode, address: {line1, line2, townCity, county, postcode},
--    rescheduleRequestedBy, rescheduledReason, createdBy?, createdAt?}
-- When the slot already has an appointment without attendance, this
-- reschedules it (a reason is required).  createdBy/createdAt only for a
-- caller who is not staff (demo data).  Returns the new appointment's id.
CREATE FUNCTION supplier_schedule(p jsonb) RETURNS uuid
  LANGUAGE plpgsql VOLATILE AS
$$
DECLARE
  v_by    bigint := referral_actor(CASE WHEN current_staff_id() IS NULL
                                        THEN (p->>'createdBy')::bigint END);
  v_at    timestamptz := CASE WHEN current_staff_id() IS NULL
                              THEN coalesce((p->>'createdAt')::timestamptz, now()) ELSE now() END;
  r       referral := supplier_lock_referral((p->>'referralId')::uuid);
  v_kind  appointment_kind := coalesce(p->>'kind', 'SUPPLIER_ASSESSMENT')::appointment_kind;
  v_n     integer := CASE WHEN v_kind = 'SUPPLIER_ASSESSMENT' THEN 0
                          ELSE (p->>'sessionNumber')::integer END;
  v_time  timestamptz := (p->>'appointmentTime')::timestamptz;
  v_cur   appointment;
  v_from  uuid;
  v_id    uuid;
  v_start date;
  v_type  appointment_delivery_type := (p->>'deliveryType')::appointment_delivery_type;
  v_addr  jsonb := coalesce(p->'address', '{}');
BEGIN
  IF current_staff_id() IS NOT NULL AND current_staff_role() <> 'sp' THEN
    RAISE EXCEPTION 'only the supplier books appointments' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM referral_assignment a WHERE a.referral_id = r.id AND NOT a.superseded) THEN
    RAISE EXCEPTION 'assign a caseworker before booking appointments'
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  IF v_kind = 'SERVICE_DELIVERY' AND NOT EXISTS (
      SELECT 1 FROM delivery_session s WHERE s.referral_id = r.id AND s.session_number = v_n) THEN
    RAISE EXCEPTION 'there is no session % until an action plan with it is approved', v_n
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  IF v_time IS NULL THEN
    RAISE EXCEPTION 'enter the date and time of the appointment' USING ERRCODE = 'not_null_violation';
  END IF;
  IF v_time <= v_at THEN
    RAISE EXCEPTION 'the appointment must be in the future' USING ERRCODE = 'check_violation';
  END IF;
  IF v_time > v_at + interval '6 months' THEN
    RAISE EXCEPTION 'the appointment cannot be more than 6 months ahead' USING ERRCODE = 'check_violation';
  END IF;
  SELECT referral_start_date INTO v_start FROM intervention WHERE id = r.intervention_id;
  IF v_start IS NOT NULL AND v_time::date < v_start THEN
    RAISE EXCEPTION 'the appointment cannot be before the contract starts on %', v_start
      USING ERRCODE = 'check_violation';
  END IF;
  IF v_type = 'IN_PERSON_MEETING_OTHER' AND NOT uk_postcode_valid(v_addr->>'postcode') THEN
    RAISE EXCEPTION 'enter a valid UK postcode for the address, like SW1A 1AA'
      USING ERRCODE = 'check_violation';
  END IF;
  v_cur := appointment_current(r.id, v_kind, v_n);
  IF v_cur.id IS NOT NULL THEN
    IF EXISTS (SELECT 1 FROM appointment_feedback f WHERE f.appointment_id = v_cur.id
               AND f.attended <> 'NO' AND f.did_session_happen) THEN
      RAISE EXCEPTION 'this % has already taken place',
        CASE WHEN v_kind = 'SUPPLIER_ASSESSMENT' THEN 'assessment' ELSE 'session' END
        USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM appointment_feedback f WHERE f.appointment_id = v_cur.id) THEN
      v_from := v_cur.id;
      IF coalesce(btrim(p->>'rescheduledReason'), '') = '' THEN
        RAISE EXCEPTION 'enter the reason for changing the appointment'
          USING ERRCODE = 'check_violation';
      END IF;
    END IF;
  END IF;
  INSERT INTO appointment (referral_id, kind, session_number, appointment_time, duration_minutes,
      session_type, delivery_type, nps_office_code, address_line1, address_line2, town_city,
      county, postcode, rescheduled_from, reschedule_requested_by, rescheduled_reason,
      created_at, created_by)
  VALUES (r.id, v_kind, v_n, v_time, (p->>'durationMinutes')::integer,
      coalesce(p->>'sessionType', 'ONE_TO_ONE')::appointment_session_type, v_type,
      CASE WHEN v_type = 'IN_PERSON_MEETING_PROBATION_OFFICE' THEN nullif(p->>'npsOfficeCode', '') END,
      CASE WHEN v_type = 'IN_PERSON_MEETING_OTHER' THEN nullif(btrim(v_addr->>'line1'), '') END,
      CASE WHEN v_type = 'IN_PERSON_MEETING_OTHER' THEN nullif(btrim(v_addr->>'line2'), '') END,
      CASE WHEN v_type = 'IN_PERSON_MEETING_OTHER' THEN nullif(btrim(v_addr->>'townCity'), '') END,
      CASE WHEN v_type = 'IN_PERSON_MEETING_OTHER' THEN nullif(btrim(v_addr->>'county'), '') END,
      CASE WHEN v_type = 'IN_PERSON_MEETING_OTHER'
           THEN upper(regexp_replace(v_addr->>'postcode', '\s', '', 'g')) END,
      v_from,
      CASE WHEN v_from IS NOT NULL THEN coalesce(nullif(btrim(p->>'rescheduleRequestedBy'), ''),
                                                 'Service Provider') END,
      CASE WHEN v_from IS NOT NULL THEN btrim(p->>'rescheduledReason') END,
      v_at, v_by)
  RETURNING id INTO v_id;
  INSERT INTO audit_log (action, crn, entity, entity_id, detail)
  VALUES (CASE WHEN v_from IS NULL THEN 'appointment.scheduled' ELSE 'appointment.rescheduled' END,
          r.crn, 'appointment', v_id::text,
          jsonb_build_object('referralId', r.id, 'kind', v_kind, 'sessionNumber', v_n,
                             'appointmentTime', v_time, 'rescheduledFrom', v_from));
  RETURN v_id;
END
$$;

-- Records attendance and feedback for the current appointment of a slot
-- (2.4), once.  p:
--   {appointmentId, attended: yes|late|no, didSessionHappen, lateReason,
--    sessionSummary, sessionResponse, sessionBehaviour, sessionConcerns,
--    notifyBehaviour, notifyConcerns, futureSessionPlans,
--    noAttendanceInformation, noSessionReasonType, noSessionReasonDetail,
--    submittedBy?, submittedAt?}
-- Writes the outbox events intervention.{initial-assessment-appointment |
-- session-appointment}.{attended|missed} and ....session-feedback-submitted;
-- the first attended session turns the referral POST_ICA (1.6).
CREATE FUNCTION supplier_record_feedback(p jsonb) RETURNS text
  LANGUAGE plpgsql VOLATILE AS
$$
DECLARE
  v_by     bigint := referral_actor(CASE WHEN current_staff_id() IS NULL
                                         THEN (p->>'submittedBy')::bigint END);
  v_at     timestamptz := CASE WHEN current_staff_id() IS NULL
                               THEN coalesce((p->>'submittedAt')::timestamptz, now()) ELSE now() END;
  a        appointment;
  r        referral;
  v_before text;
  v_att    appointment_attended := upper(p->>'attended')::appointment_attended;
  v_happen boolean;
  v_prefix text;
  v_base   jsonb;
BEGIN
  IF current_staff_id() IS NOT NULL AND current_staff_role() <> 'sp' THEN
    RAISE EXCEPTION 'only the supplier records attendance' USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT * INTO a FROM appointment WHERE id = (p->>'appointmentId')::uuid;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no appointment %', p->>'appointmentId' USING ERRCODE = 'no_data_found';
  END IF;
  r := supplier_lock_referral(a.referral_id);
  v_before := referral_state(r);
  IF (appointment_current(a.referral_id, a.kind, a.session_number)).id <> a.id THEN
    RAISE EXCEPTION 'this appointment was rescheduled: record attendance for the new one'
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  IF EXISTS (SELECT 1 FROM appointment_feedback f WHERE f.appointment_id = a.id) THEN
    RAISE EXCEPTION 'attendance for this appointment has already been recorded'
      USING ERRCODE = 'CT409';
  END IF;
  IF a.appointment_time > v_at THEN
    RAISE EXCEPTION 'the appointment has not happened yet (%)',
      to_char(a.appointment_time AT TIME ZONE 'Europe/London', 'DD Mon YYYY HH24:MI')
      USING ERRCODE = 'check_violation';
  END IF;
  v_happen := CASE WHEN v_att = 'NO' THEN false
                   ELSE coalesce((p->>'didSessionHappen')::boolean, true) END;
  INSERT INTO appointment_feedback (appointment_id, referral_id, attended, did_session_happen,
      late_reason, session_summary, session_response, session_behaviour, session_concerns,
      notify_pp_of_behaviour, notify_pp_of_concerns, future_session_plans,
      no_attendance_information, no_session_reason_type, no_session_reason_detail,
      submitted_at, submitted_by)
  VALUES (a.id, a.referral_id, v_att, v_happen,
      nullif(btrim(p->>'lateReason'), ''), nullif(btrim(p->>'sessionSummary'), ''),
      nullif(btrim(p->>'sessionResponse'), ''), nullif(btrim(p->>'sessionBehaviour'), ''),
      nullif(btrim(p->>'sessionConcerns'), ''),
      coalesce((p->>'notifyBehaviour')::boolean, false),
      coalesce((p->>'notifyConcerns')::boolean, false),
      nullif(btrim(p->>'futureSessionPlans'), ''), nullif(btrim(p->>'noAttendanceInformation'), ''),
      (nullif(p->>'noSessionReasonType', ''))::no_session_reason,
      nullif(btrim(p->>'noSessionReasonDetail'), ''), v_at, v_by);
  IF a.kind = 'SERVICE_DELIVERY' AND v_att <> 'NO' AND r.status = 'PRE_ICA' THEN
    UPDATE referral SET status = 'POST_ICA', version = version + 1, updated_at = v_at,
        updated_by = v_by
      WHERE id = r.id RETURNING * INTO r;
  END IF;
  PERFORM supplier_note_state(r.id, v_before, v_by, v_at, NULL);
  INSERT INTO audit_log (action, crn, entity, entity_id, detail)
  VALUES ('appointment.feedback', r.crn, 'appointment', a.id::text,
          jsonb_build_object('referralId', r.id, 'attended', v_att, 'didSessionHappen', v_happen,
                             'notifyBehaviour', coalesce((p->>'notifyBehaviour')::boolean, false),
                             'notifyConcerns', coalesce((p->>'notifyConcerns')::boolean, false)));
  v_prefix := CASE WHEN a.kind = 'SUPPLIER_ASSESSMENT' THEN 'intervention.initial-assessment-appointment'
                   ELSE 'intervention.session-appointment' END;
  v_base := supplier_event_base(r);
  INSERT INTO outbox (event_type, crn, payload) VALUES
    (v_prefix || CASE WHEN v_att = 'NO' THEN '.missed' ELSE '.attended' END, r.crn,
     jsonb_build_object('serviceUserCRN', r.crn, 'referralId', r.id, 'appointmentId', a.id,
                        'sessionNumber', a.session_number)),
    (v_prefix || '.session-feedback-submitted', r.crn,
     v_base || jsonb_build_object('appointmentId', a.id, 'sessionNumber', a.session_number,
                                  'attended', lower(v_att::text), 'didSessionHappen', v_happen,
                                  'notifyProbationPractitionerOfBehaviour',
                                    coalesce((p->>'notifyBehaviour')::boolean, false),
                                  'notifyProbationPractitionerOfConcerns',
                                    coalesce((p->>'notifyConcerns')::boolean, false),
                                  'notifyProbationPractitionerOfAttendanceFailure', v_att = 'NO'));
  RETURN appointment_status(a);
END
$$;

-- Submits an action plan for the practitioner's approval (2.5): activities
-- (a JSON array of texts) and the number of sessions, which cannot go below
-- the last approved plan's.  Event intervention.action-plan.submitted.
CREATE FUNCTION supplier_submit_action_plan(p_referral_id uuid, p_activities jsonb,
                                            p_sessions integer, p_by bigint DEFAULT NULL,
                                            p_at timestamptz DEFAULT NULL)
  RETURNS uuid
  LANGUAGE plpgsql VOLATILE AS
$$
DECLARE
  v_by    bigint := referral_actor(p_by);
  v_at    timestamptz := CASE WHEN current_staff_id() IS NULL THEN coalesce(p_at, now())
                              ELSE now() END;
  r       referral := supplier_lock_referral(p_referral_id);
  v_prev  action_plan := referral_approved_action_plan(p_referral_id);
  v_id    uuid;
  v_n     integer := 0;
  v_text  text;
BEGIN
  IF current_staff_id() IS NOT NULL AND current_staff_role() <> 'sp' THEN
    RAISE EXCEPTION 'only the supplier submits action plans' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM referral_assignment a WHERE a.referral_id = r.id AND NOT a.superseded) THEN
    RAISE EXCEPTION 'assign a caseworker before writing the action plan'
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  IF (referral_plan_awaiting_approval(r.id)).id IS NOT NULL THEN
    RAISE EXCEPTION 'an action plan is already waiting for the practitioner''s approval'
      USING ERRCODE = 'CT409';
  END IF;
  IF p_sessions IS NULL OR p_sessions <= 0 THEN
    RAISE EXCEPTION 'the number of sessions must be 1 or more' USING ERRCODE = 'check_violation';
  END IF;
  IF v_prev.id IS NOT NULL AND p_sessions < v_prev.number_of_sessions THEN
    RAISE EXCEPTION 'the number of sessions cannot go below the % already approved',
      v_prev.number_of_sessions USING ERRCODE = 'check_violation';
  END IF;
  IF jsonb_typeof(p_activities) IS DISTINCT FROM 'array' OR jsonb_array_length(p_activities) = 0 THEN
    RAISE EXCEPTION 'add at least one activity' USING ERRCODE = 'check_violation';
  END IF;
  INSERT INTO action_plan (referral_id, number_of_sessions, submitted_at, submitted_by)
  VALUES (r.id, p_sessions, v_at, v_by) RETURNING id INTO v_id;
  FOR v_text IN SELECT jsonb_array_elements_text(p_activities) LOOP
    v_n := v_n + 1;
    INSERT INTO action_plan_activity (action_plan_id, referral_id, number, description)
    VALUES (v_id, r.id, v_n, btrim(v_text));
  END LOOP;
  INSERT INTO audit_log (action, crn, entity, entity_id, detail)
  VALUES ('action_plan.submitted', r.crn, 'action_plan', v_id::text,
          jsonb_build_object('referralId', r.id, 'numberOfSessions', p_sessions, 'activities', v_n));
  INSERT INTO outbox (event_type, crn, payload)
  VALUES ('intervention.action-plan.submitted', r.crn,
          supplier_event_base(r) || jsonb_build_object('actionPlanId', v_id,
            'submittedBy', (SELECT username FROM staff WHERE id = v_by)));
  RETURN v_id;
END
$$;

-- The practitioner approves an action plan of a referral they sent (2.5):
-- delivery sessions 1..N are made (those missing).  Event
-- intervention.action-plan.approved.
CREATE FUNCTION pp_approve_action_plan(p_action_plan_id uuid, p_by bigint DEFAULT NULL,
                                       p_at timestamptz DEFAULT NULL)
  RETURNS integer
  LANGUAGE plpgsql VOLATILE AS
$$
DECLARE
  v_by    bigint := referral_actor(p_by);
  v_at    timestamptz := CASE WHEN current_staff_id() IS NULL THEN coalesce(p_at, now())
                              ELSE now() END;
  plan    action_plan;
  r       referral;
  v_before text;
  v_made  integer;
BEGIN
  SELECT * INTO plan FROM action_plan WHERE id = p_action_plan_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no action plan %', p_action_plan_id USING ERRCODE = 'no_data_found';
  END IF;
  IF current_staff_id() IS NOT NULL AND NOT referral_is_mine(plan.referral_id) THEN
    RAISE EXCEPTION 'only the practitioner who sent the referral approves its action plan'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT * INTO r FROM referral WHERE id = plan.referral_id FOR UPDATE;
  IF r.concluded_at IS NOT NULL THEN
    RAISE EXCEPTION 'referral % has already ended', r.reference_number
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  IF (referral_plan_awaiting_approval(r.id)).id IS DISTINCT FROM plan.id THEN
    RAISE EXCEPTION 'this action plan is not the one waiting for approval (approved already, or replaced)'
      USING ERRCODE = 'CT409';
  END IF;
  v_before := referral_state(r);
  INSERT INTO action_plan_approval (action_plan_id, referral_id, approved_at, approved_by)
  VALUES (plan.id, r.id, v_at, v_by);
  INSERT INTO delivery_session (referral_id, session_number, action_plan_id, created_at)
  SELECT r.id, n, plan.id, v_at FROM generate_series(1, plan.number_of_sessions) n
  WHERE NOT EXISTS (SELECT 1 FROM delivery_session s WHERE s.referral_id = r.id
                    AND s.session_number = n);
  GET DIAGNOSTICS v_made = ROW_COUNT;
  PERFORM supplier_note_state(r.id, v_before, v_by, v_at, 'action plan approved');
  INSERT INTO audit_log (action, crn, entity, entity_id, detail)
  VALUES ('action_plan.approved', r.crn, 'action_plan', plan.id::text,
          jsonb_build_object('referralId', r.id, 'sessionsCreated', v_made));
  INSERT INTO outbox (event_type, crn, payload)
  VALUES ('intervention.action-plan.approved', r.crn,
          supplier_event_base(r) || jsonb_build_object('actionPlanId', plan.id,
            'approvedBy', (SELECT username FROM staff WHERE id = v_by)));
  RETURN v_made;
END
$$;

-- The practitioner has seen a flagged or missed appointment.
CREATE FUNCTION pp_mark_attention_seen(p_appointment_id uuid) RETURNS void
  LANGUAGE plpgsql VOLATILE AS
$$
DECLARE a appointment;
BEGIN
  SELECT * INTO a FROM appointment WHERE id = p_appointment_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no appointment %', p_appointment_id USING ERRCODE = 'no_data_found';
  END IF;
  INSERT INTO attention_seen (appointment_id, referral_id, staff_id)
  VALUES (a.id, a.referral_id, referral_actor(NULL)) ON CONFLICT DO NOTHING;
END
$$;

-- Submits the end-of-service report (2.8) and concludes the referral (1.6):
-- one outcome per desired outcome of the referral.  Only when an EOSR is
-- required (delivery in progress or completed) or the end was requested.
-- p_outcomes: [{desiredOutcomeId, achievementLevel, progressionComments,
-- additionalTaskComments}].  Events: intervention.end-of-service-report.
-- submitted, intervention.referral.concluded and intervention.referral.ended
-- (deliveryState).  Returns the concluded state.
CREATE FUNCTION supplier_submit_eosr(p_referral_id uuid, p_further text, p_outcomes jsonb,
                                     p_by bigint DEFAULT NULL, p_at timestamptz DEFAULT NULL)
  RETURNS text
  LANGUAGE plpgsql VOLATILE AS
$$
DECLARE
  v_by     bigint := referral_actor(p_by);
  v_at     timestamptz := CASE WHEN current_staff_id() IS NULL THEN coalesce(p_at, now())
                               ELSE now() END;
  r        referral := supplier_lock_referral(p_referral_id);
  v_id     uuid;
  v_state  text;
  v_o      jsonb;
  v_before text := referral_state(r);
BEGIN
  IF current_staff_id() IS NOT NULL AND current_staff_role() <> 'sp' THEN
    RAISE EXCEPTION 'only the supplier writes the end-of-service report'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NOT referral_eosr_required(r) AND r.end_requested_at IS NULL THEN
    RAISE EXCEPTION 'an end-of-service report is written once delivery has started (no session attended yet)'
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  IF EXISTS (SELECT 1 FROM end_of_service_report e WHERE e.referral_id = r.id) THEN
    RAISE EXCEPTION 'the end-of-service report has already been submitted' USING ERRCODE = 'CT409';
  END IF;
  v_state := referral_concluded_state(r);
  INSERT INTO end_of_service_report (referral_id, further_information, submitted_at, submitted_by)
  VALUES (r.id, nullif(btrim(p_further), ''), v_at, v_by) RETURNING id INTO v_id;
  FOR v_o IN SELECT value FROM jsonb_array_elements(coalesce(p_outcomes, '[]')) LOOP
    IF NOT EXISTS (SELECT 1 FROM referral_desired_outcome d WHERE d.referral_id = r.id
                   AND d.desired_outcome_id = (v_o->>'desiredOutcomeId')::uuid) THEN
      RAISE EXCEPTION 'outcome % is not a desired outcome of this referral', v_o->>'desiredOutcomeId'
        USING ERRCODE = 'foreign_key_violation';
    END IF;
    INSERT INTO end_of_service_report_outcome (eosr_id, referral_id, desired_outcome_id,
        achievement_level, progression_comments, additional_task_comments)
    VALUES (v_id, r.id, (v_o->>'desiredOutcomeId')::uuid,
        upper(v_o->>'achievementLevel')::achievement_level, btrim(v_o->>'progressionComments'),
        nullif(btrim(v_o->>'additionalTaskComments'), ''));
  END LOOP;
  IF EXISTS (SELECT 1 FROM referral_desired_outcome d WHERE d.referral_id = r.id
             AND NOT EXISTS (SELECT 1 FROM end_of_service_report_outcome o
                             WHERE o.eosr_id = v_id AND o.desired_outcome_id = d.desired_outcome_id)) THEN
    RAISE EXCEPTION 'say how the person did on every desired outcome'
      USING ERRCODE = 'check_violation';
  END IF;
  UPDATE referral SET concluded_at = v_at, version = version + 1, updated_at = v_at,
      updated_by = v_by WHERE id = r.id RETURNING * INTO r;
  PERFORM supplier_note_state(r.id, v_before, v_by, v_at, 'end-of-service report submitted');
  INSERT INTO audit_log (action, crn, entity, entity_id, detail) VALUES
    ('eosr.submitted', r.crn, 'end_of_service_report', v_id::text,
     jsonb_build_object('referralId', r.id)),
    ('referral.concluded', r.crn, 'referral', r.id::text,
     jsonb_build_object('deliveryState', v_state));
  INSERT INTO outbox (event_type, crn, payload) VALUES
    ('intervention.end-of-service-report.submitted', r.crn,
     jsonb_build_object('endOfServiceReportId', v_id, 'referralId', r.id,
                        'submittedBy', (SELECT username FROM staff WHERE id = v_by))),
    ('intervention.referral.concluded', r.crn,
     jsonb_build_object('deliveryState', v_state, 'referralId', r.id)),
    ('intervention.referral.ended', r.crn,
     jsonb_build_object('deliveryState', v_state, 'referralId', r.id,
                        'referralURN', 'urn:hmpps:interventions-referral:' || r.id));
  RETURN v_state;
END
$$;

-- A supplier may set concluded_at (GRANT below) only by submitting the
-- end-of-service report: the row must exist by then.
CREATE FUNCTION referral_supplier_conclude_check() RETURNS trigger
  LANGUAGE plpgsql AS
$$
BEGIN
  IF NEW.concluded_at IS DISTINCT FROM OLD.concluded_at AND current_staff_role() = 'sp'
     AND (OLD.concluded_at IS NOT NULL
          OR NOT EXISTS (SELECT 1 FROM end_of_service_report e WHERE e.referral_id = NEW.id)) THEN
    RAISE EXCEPTION 'a supplier concludes a referral only by its end-of-service report'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER referral_supplier_conclude BEFORE UPDATE OF concluded_at ON referral
  FOR EACH ROW EXECUTE FUNCTION referral_supplier_conclude_check();

-- ---------------------------------------------------------------- performance report (7.1)

-- The supplier performance report, one row per referral sent in [from, to]
-- that the caller may see (a supplier: their contracts), columns in the
-- reference's order.
CREATE FUNCTION supplier_performance_report(p_from date, p_to date)
  RETURNS TABLE (referral_ref text, referral_id uuid, contract_ref text, organisation_id text,
                 caseworker_id text, service_user_crn text, date_referral_received timestamptz,
                 date_saa_first_arranged timestamptz, date_saa_first_scheduled_for timestamptz,
                 date_saa_first_not_attended timestamptz, date_saa_first_attended timestamptz,
                 date_saa_first_completed timestamptz, saa_attended_on_time boolean,
                 date_first_action_plan_submitted timestamptz,
                 date_of_first_action_plan_approval timestamptz,
                 date_of_first_attended_session timestamptz, outcomes_to_be_achieved_count integer,
                 outcomes_achieved numeric, count_of_sessions_expected integer,
                 count_of_sessions_attended integer, end_requested_by_pp_at timestamptz,
                 end_requested_by_pp_reason text, date_eosr_submitted timestamptz,
                 concluded_at timestamptz, referral_end_state text,
                 date_intervention_to_be_completed_by date, end_of_sentence_date date)
  LANGUAGE plpgsql STABLE AS
$$
BEGIN
  IF p_from IS NULL OR p_to IS NULL OR p_from > p_to THEN
    RAISE EXCEPTION 'give a start date on or before the end date' USING ERRCODE = '22023';
  END IF;
  IF p_from < date '2021-06-01' THEN
    RAISE EXCEPTION 'the earliest date is 1 June 2021' USING ERRCODE = '22023';
  END IF;
  RETURN QUERY
  SELECT r.reference_number, r.id, i.contract_reference, i.prime_provider_id,
         (SELECT s.email FROM referral_assignment a JOIN staff s ON s.id = a.assigned_to
          WHERE a.referral_id = r.id AND NOT a.superseded),
         r.crn, r.sent_at,
         (SELECT min(a.created_at) FROM appointment a
          WHERE a.referral_id = r.id AND a.kind = 'SUPPLIER_ASSESSMENT'),
         (SELECT a.appointment_time FROM appointment a
          WHERE a.referral_id = r.id AND a.kind = 'SUPPLIER_ASSESSMENT' ORDER BY a.seq LIMIT 1),
         (SELECT min(a.appointment_time) FROM appointment a JOIN appointment_feedback f
            ON f.appointment_id = a.id
          WHERE a.referral_id = r.id AND a.kind = 'SUPPLIER_ASSESSMENT' AND f.attended = 'NO'),
         (SELECT min(a.appointment_time) FROM appointment a JOIN appointment_feedback f
            ON f.appointment_id = a.id
          WHERE a.referral_id = r.id AND a.kind = 'SUPPLIER_ASSESSMENT' AND f.attended <> 'NO'),
         (SELECT min(f.submitted_at) FROM appointment a JOIN appointment_feedback f
            ON f.appointment_id = a.id
          WHERE a.referral_id = r.id AND a.kind = 'SUPPLIER_ASSESSMENT' AND f.attended <> 'NO'),
         (SELECT f.attended = 'YES' FROM appointment a JOIN appointment_feedback f
            ON f.appointment_id = a.id
          WHERE a.referral_id = r.id AND a.kind = 'SUPPLIER_ASSESSMENT' AND f.attended <> 'NO'
          ORDER BY a.appointment_time LIMIT 1),
         (SELECT min(p.submitted_at) FROM action_plan p WHERE p.referral_id = r.id),
         (SELECT min(ap.approved_at) FROM action_plan_approval ap WHERE ap.referral_id = r.id),
         (SELECT min(a.appointment_time) FROM appointment a JOIN appointment_feedback f
            ON f.appointment_id = a.id
          WHERE a.referral_id = r.id AND a.kind = 'SERVICE_DELIVERY' AND f.attended <> 'NO'),
         (SELECT count(*)::integer FROM referral_desired_outcome d WHERE d.referral_id = r.id),
         (SELECT sum(CASE o.achievement_level WHEN 'ACHIEVED' THEN 1.0
                     WHEN 'PARTIALLY_ACHIEVED' THEN 0.5 ELSE 0 END)
          FROM end_of_service_report e JOIN end_of_service_report_outcome o ON o.eosr_id = e.id
          WHERE e.referral_id = r.id),
         (referral_approved_action_plan(r.id)).number_of_sessions,
         (SELECT attended FROM referral_session_counts(r.id)),
         r.end_requested_at,
         (SELECT w.description FROM withdrawal_reason w WHERE w.code = r.withdrawal_reason_code),
         (SELECT e.submitted_at FROM end_of_service_report e WHERE e.referral_id = r.id),
         r.concluded_at,
         CASE WHEN r.concluded_at IS NULL THEN NULL
              WHEN r.end_requested_at IS NULL THEN 'completed'
              WHEN EXISTS (SELECT 1 FROM end_of_service_report e WHERE e.referral_id = r.id)
                THEN 'ended'
              ELSE 'cancelled' END,
         (SELECT d.completion_deadline FROM referral_details d
          WHERE d.referral_id = r.id AND d.superseded_by_id IS NULL),
         r.relevant_sentence_end_date
  FROM referral r JOIN intervention i ON i.id = r.intervention_id
  WHERE r.sent_at >= p_from AND r.sent_at < p_to + 1
  ORDER BY r.sent_at, r.reference_number;
END
$$;

-- ---------------------------------------------------------------- home screen

CREATE FUNCTION home_queues_supplier() RETURNS TABLE (queue text, label text, n bigint)
  LANGUAGE plpgsql STABLE AS
$$
BEGIN
  IF current_staff_role() = 'sp' THEN
    RETURN QUERY SELECT 'supplier_feedback_due'::text, 'Appointments needing feedback'::text,
      count(*)
      FROM referral r
      CROSS JOIN LATERAL (SELECT DISTINCT ON (a.kind, a.session_number) a AS ap
                          FROM appointment a WHERE a.referral_id = r.id
                          ORDER BY a.kind, a.session_number, a.seq DESC) cur
      WHERE r.concluded_at IS NULL
        AND appointment_status(cur.ap) = 'awaitingFeedback'
        AND EXISTS (SELECT 1 FROM referral_assignment x WHERE x.referral_id = r.id
                    AND NOT x.superseded AND x.assigned_to = current_staff_id());
  END IF;
END
$$;

ALTER FUNCTION home_queues() RENAME TO home_queues_before_supplier;

CREATE FUNCTION home_queues() RETURNS TABLE (queue text, label text, n bigint)
  LANGUAGE plpgsql STABLE AS
$$
BEGIN
  RETURN QUERY SELECT * FROM home_queues_before_supplier();
  RETURN QUERY SELECT * FROM home_queues_supplier();
END
$$;

-- ---------------------------------------------------------------- row-level security

-- Readable when the referral is (a supplier: their contracts; a PP: sent by
-- them or on their caseload); written only through the functions above, as
-- the caller: a supplier adds rows to referrals of their contracts, the
-- sending practitioner approves plans and marks things seen.  No UPDATE or
-- DELETE policy exists: nobody changes history.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['appointment', 'appointment_feedback', 'action_plan',
      'action_plan_activity', 'action_plan_approval', 'delivery_session',
      'end_of_service_report', 'end_of_service_report_outcome', 'attention_seen'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR SELECT TO caseterm_staff'
                   ' USING (referral_visible(referral_id))', t || '_read', t);
  END LOOP;
END $$;

CREATE POLICY appointment_sp_insert ON appointment FOR INSERT TO caseterm_sp
  WITH CHECK (referral_visible(referral_id) AND created_by = current_staff_id());
CREATE POLICY appointment_feedback_sp_insert ON appointment_feedback FOR INSERT TO caseterm_sp
  WITH CHECK (referral_visible(referral_id) AND submitted_by = current_staff_id());
CREATE POLICY action_plan_sp_insert ON action_plan FOR INSERT TO caseterm_sp
  WITH CHECK (referral_visible(referral_id) AND submitted_by = current_staff_id());
CREATE POLICY action_plan_activity_sp_insert ON action_plan_activity FOR INSERT TO caseterm_sp
  WITH CHECK (referral_visible(referral_id));
CREATE POLICY end_of_service_report_sp_insert ON end_of_service_report FOR INSERT TO caseterm_sp
  WITH CHECK (referral_visible(referral_id) AND submitted_by = current_staff_id());
CREATE POLICY end_of_service_report_outcome_sp_insert ON end_of_service_report_outcome
  FOR INSERT TO caseterm_sp WITH CHECK (referral_visible(referral_id));
CREATE POLICY action_plan_approval_pp_insert ON action_plan_approval FOR INSERT TO caseterm_pp
  WITH CHECK (referral_is_mine(referral_id) AND approved_by = current_staff_id());
CREATE POLICY delivery_session_pp_insert ON delivery_session FOR INSERT TO caseterm_pp
  WITH CHECK (referral_is_mine(referral_id));
CREATE POLICY attention_seen_pp_insert ON attention_seen FOR INSERT TO caseterm_pp
  WITH CHECK (referral_visible(referral_id) AND staff_id = current_staff_id());

-- ---------------------------------------------------------------- grants

GRANT SELECT ON probation_office TO caseterm_staff;
GRANT SELECT ON appointment, appointment_feedback, action_plan, action_plan_activity,
  action_plan_approval, delivery_session, end_of_service_report, end_of_service_report_outcome,
  attention_seen TO caseterm_pp, caseterm_sp, caseterm_reporter, caseterm_admin;
GRANT INSERT ON appointment, appointment_feedback, action_plan, action_plan_activity,
  end_of_service_report, end_of_service_report_outcome TO caseterm_sp;
GRANT INSERT ON action_plan_approval, delivery_session, attention_seen TO caseterm_pp;
-- the supplier concludes a referral by its end-of-service report
GRANT UPDATE (concluded_at) ON referral TO caseterm_sp;
GRANT EXECUTE ON FUNCTION home_queues(), home_queues_supplier(), referral_timeline(uuid),
  referral_attention_reason(referral) TO caseterm_staff;
