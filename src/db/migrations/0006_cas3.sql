-- 0006_cas3: CAS3 temporary accommodation: premises, bedspaces, voids, applications, assessments, bookings, reports.
--
-- Vocabulary and rules: ../shared/reference/accommodation.md (section numbers
-- below are that file's).  Store code: src/store/cas3_store.c.
--
-- NO DOUBLE BOOKING, EVER (§1.9: the service we replace checks in application
-- code only).  Every day a bedspace is taken lives in ONE table,
-- cas3_occupancy, with
--     EXCLUDE USING gist (bedspace_id WITH =, during WITH &&)
-- One row per live booking and one per live void, kept by triggers on
-- cas3_booking and cas3_void_bedspace (SECURITY DEFINER: nobody writes
-- cas3_occupancy directly), so every path that changes a booking or a void,
-- store code, demo SQL or an administrator in psql, goes through it:
--   * a booking takes daterange(arrival_date, turnaround_end_date, '[]'):
--     from the arrival to the last unavailable day (§1.5 lastUnavailableDate
--     = addWorkingDays(departure_date, turnaround working days)), so the stay
--     AND its turnaround are one range.  turnaround_end_date is computed on
--     every insert and update of the booking by cas3_add_working_days(), in
--     SQL, from the bank_holiday table (weekends and England and Wales bank
--     holidays skipped; the same stepping as the domain's add_working_days);
--   * a void takes daterange(start_date, end_date, '[]');
--   * cancelling a booking (status 'cancelled'), recording a legacy
--     non-arrival, or cancelling a void deletes its row: the dates are free;
--   * an extension, an earlier departure or a new turnaround count UPDATEs the
--     booking; the trigger recomputes the range and updates the row in the
--     same statement, so a range that grows is re-checked atomically (the
--     UPDATE fails with SQLSTATE 23P01 and nothing changes) and a range that
--     shrinks frees the days at once.
-- Two transactions that race for overlapping days: the second waits for the
-- first at the constraint and fails with 23P01 when the first commits.  The
-- store also locks the bedspace row first (FOR NO KEY UPDATE) so that 100
-- racers queue instead of deadlocking each other; the constraint, not the
-- lock, is the guarantee.  Adjacent ranges ([a, b] then [b + 1, c]) do not
-- overlap: the day after the last unavailable day is bookable.
--
-- Statuses.  A booking stores the status its last action wrote (provisional,
-- confirmed, arrived, departed, cancelled; notMinusArrived is legacy); the
-- shown status is derived by cas3_booking_shown_status(): departed becomes
-- closed once the turnaround has ended (or at once with 0 days), §1.4.
-- Sub-records (confirmation, arrival, departure, extension, overstay,
-- cancellation, non-arrival, turnaround) are appended, never changed; the
-- booking's date and status columns are the latest of them.  An assessment
-- stores its status (§3.1 names); every change of status appends a row to
-- cas3_assessment_history and only the moves cas3_assessment_move_allowed()
-- lists are accepted.
--
-- Row-level security (§6.1): an HPT assessor reads and changes premises,
-- bedspaces, voids, applications' assessments and bookings of their own
-- staff.region_id only; a practitioner reads the applications they
-- submitted (with their assessment, status history and bookings); reporters
-- read everything; administrators do everything.  Child tables follow their
-- parent through EXISTS on the parent, which is itself filtered.  Views are
-- security_invoker, so they never widen what a role can see.
--
-- Versions: every row a user edits carries version, bumped with updated_at
-- and updated_by by a trigger on each UPDATE; the store refuses to save over
-- a newer version and says who changed it and when.

-- ---------------------------------------------------------------------------
-- Working days (§1.5) and who is asking

-- true for Monday to Friday that is not an England and Wales bank holiday.
CREATE FUNCTION cas3_is_working_day(d date) RETURNS boolean
  LANGUAGE sql STABLE AS
$$ SELECT extract(isodow FROM d) < 6 AND NOT EXISTS (SELECT 1 FROM bank_holiday h WHERE h.date = d) $$;

-- d plus n working days: step to the next working day n times; n <= 0 gives
-- d itself (even when d is not a working day), as addWorkingDays.
CREATE FUNCTION cas3_add_working_days(d date, n integer) RETURNS date
  LANGUAGE sql STABLE AS
$$
  SELECT CASE WHEN n IS NULL OR n <= 0 THEN d ELSE (
    SELECT g.day FROM (
      SELECT (d + i) AS day FROM generate_series(1, 7 * n + 21) AS i
    ) g
    WHERE cas3_is_working_day(g.day)
    ORDER BY g.day OFFSET n - 1 LIMIT 1) END
$$;

-- Working days from a to b, both included (0 when b < a).
CREATE FUNCTION cas3_count_working_days(a date, b date) RETURNS integer
  LANGUAGE sql STABLE AS
$$
  SELECT CASE WHEN b < a THEN 0 ELSE
    (SELECT count(*)::integer FROM generate_series(0, b - a) AS i WHERE cas3_is_working_day(a + i))
  END
$$;

-- The signed-in member of staff's region (NULL for national roles).  Runs
-- as the caller: staff is readable by every member of staff.
CREATE FUNCTION cas3_my_region() RETURNS text
  LANGUAGE sql STABLE AS
$$ SELECT region_id FROM staff WHERE username = current_user AND active $$;

-- Bumps version, updated_at and updated_by on every UPDATE of a versioned row.
CREATE FUNCTION cas3_touch() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
  NEW.version := OLD.version + 1;
  NEW.updated_at := now();
  NEW.updated_by := current_user;
  RETURN NEW;
END
$$;

-- Sub-records and history are appended, never changed.
CREATE FUNCTION cas3_append_only() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION '% is append-only: add a new record instead', TG_TABLE_NAME; END $$;

-- ---------------------------------------------------------------------------
-- Premises and bedspaces (§1.2, §1.3)

CREATE TABLE cas3_premises (
  id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name                    text NOT NULL CHECK (btrim(name) <> ''),   -- "property reference"
  address_line1           text NOT NULL CHECK (btrim(address_line1) <> ''),
  address_line2           text,
  town                    text,
  postcode                text NOT NULL CHECK (btrim(postcode) <> ''),
  local_authority_id      text REFERENCES local_authority (id),
  pdu_id                  text NOT NULL REFERENCES pdu (id),
  probation_region_id     text NOT NULL REFERENCES probation_region (id),  -- always the PDU's
  status                  text NOT NULL DEFAULT 'online' CHECK (status IN ('online', 'archived')),
  start_date              date NOT NULL DEFAULT current_date,
  archive_date            date,       -- scheduled (or past) archive: archived from this day
  unarchive_date          date,       -- scheduled (or past) return: online from this day
  turnaround_working_days integer NOT NULL DEFAULT 2 CHECK (turnaround_working_days >= 0),
  notes                   text NOT NULL DEFAULT '',
  version                 bigint NOT NULL DEFAULT 1,
  created_at              timestamptz NOT NULL DEFAULT now(),
  created_by              name NOT NULL DEFAULT current_user,
  updated_at              timestamptz NOT NULL DEFAULT now(),
  updated_by              name NOT NULL DEFAULT current_user
);
-- unique per PDU, case-insensitive (§1.2)
CREATE UNIQUE INDEX cas3_premises_name_per_pdu ON cas3_premises (pdu_id, lower(name));
CREATE INDEX cas3_premises_region ON cas3_premises (probation_region_id);

-- Status on a given day: the stored status with the scheduled change applied
-- once its day has come.
CREATE FUNCTION cas3_premises_status_on(status text, archive_date date, unarchive_date date, d date)
  RETURNS text LANGUAGE sql IMMUTABLE AS
$$
  SELECT CASE
    WHEN status = 'online' AND archive_date IS NOT NULL AND archive_date <= d THEN 'archived'
    WHEN status = 'archived' AND unarchive_date IS NOT NULL AND unarchive_date <= d THEN 'online'
    ELSE status END
$$;

CREATE FUNCTION cas3_premises_fill() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
  SELECT region_id INTO NEW.probation_region_id FROM pdu WHERE id = NEW.pdu_id;
  NEW.postcode := upper(btrim(NEW.postcode));
  RETURN NEW;
END
$$;
CREATE TRIGGER cas3_premises_fill BEFORE INSERT OR UPDATE ON cas3_premises
  FOR EACH ROW EXECUTE FUNCTION cas3_premises_fill();
CREATE TRIGGER cas3_premises_touch BEFORE UPDATE ON cas3_premises
  FOR EACH ROW EXECUTE FUNCTION cas3_touch();

CREATE TABLE cas3_bedspace (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  premises_id uuid NOT NULL REFERENCES cas3_premises (id),
  reference   text NOT NULL CHECK (btrim(reference) <> ''),
  start_date  date NOT NULL DEFAULT current_date,   -- bookable from
  end_date    date,                                 -- archived from (the last day is end_date - 1)
  notes       text NOT NULL DEFAULT '',
  version     bigint NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  name NOT NULL DEFAULT current_user,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  name NOT NULL DEFAULT current_user,
  CHECK (end_date IS NULL OR end_date > start_date)
);
CREATE UNIQUE INDEX cas3_bedspace_reference ON cas3_bedspace (premises_id, lower(reference));
CREATE TRIGGER cas3_bedspace_touch BEFORE UPDATE ON cas3_bedspace
  FOR EACH ROW EXECUTE FUNCTION cas3_touch();

-- §1.3 derived status: archived (end_date <= d), upcoming (start_date > d), online.
CREATE FUNCTION cas3_bedspace_status_on(start_date date, end_date date, d date)
  RETURNS text LANGUAGE sql IMMUTABLE AS
$$
  SELECT CASE WHEN end_date IS NOT NULL AND end_date <= d THEN 'archived'
              WHEN start_date > d THEN 'upcoming' ELSE 'online' END
$$;

CREATE TABLE cas3_premises_characteristic (
  premises_id       uuid NOT NULL REFERENCES cas3_premises (id) ON DELETE CASCADE,
  characteristic_id uuid NOT NULL REFERENCES characteristic (id),
  PRIMARY KEY (premises_id, characteristic_id)
);
CREATE TABLE cas3_bedspace_characteristic (
  bedspace_id       uuid NOT NULL REFERENCES cas3_bedspace (id) ON DELETE CASCADE,
  characteristic_id uuid NOT NULL REFERENCES characteristic (id),
  PRIMARY KEY (bedspace_id, characteristic_id)
);

-- A characteristic is given only where its scope allows (premises, bedspace, both).
CREATE FUNCTION cas3_characteristic_scope_check() RETURNS trigger LANGUAGE plpgsql AS
$$
DECLARE
  want text := CASE TG_TABLE_NAME WHEN 'cas3_premises_characteristic' THEN 'premises' ELSE 'bedspace' END;
  s text;
BEGIN
  SELECT scope INTO s FROM characteristic WHERE id = NEW.characteristic_id;
  IF s IS DISTINCT FROM want AND s IS DISTINCT FROM 'both' THEN
    RAISE EXCEPTION 'characteristic % is not for a %', NEW.characteristic_id, want
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER cas3_premises_characteristic_scope BEFORE INSERT OR UPDATE ON cas3_premises_characteristic
  FOR EACH ROW EXECUTE FUNCTION cas3_characteristic_scope_check();
CREATE TRIGGER cas3_bedspace_characteristic_scope BEFORE INSERT OR UPDATE ON cas3_bedspace_characteristic
  FOR EACH ROW EXECUTE FUNCTION cas3_characteristic_scope_check();

-- ---------------------------------------------------------------------------
-- Applications (the referral, §2.3) and assessments (§3.1)

CREATE TABLE cas3_application (
  id                          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  crn                         text NOT NULL CHECK (crn ~ '^[A-Z][0-9]{6}$'),
  -- the person as nDelius had them when the referral was made
  noms_number                 text,
  person_name                 text NOT NULL,
  date_of_birth               date,
  sex                         text,
  gender_identity             text,
  ethnicity                   text,
  pnc_number                  text,
  event_number                text,
  offence_id                  text,
  submitted_by                bigint NOT NULL REFERENCES staff (id),
  submitted_at                timestamptz NOT NULL DEFAULT now(),
  probation_region_id         text NOT NULL REFERENCES probation_region (id),  -- placement region
  pdu_id                      text REFERENCES pdu (id),
  referrer_region_id          text REFERENCES probation_region (id),  -- differs when out of region
  -- the main searchable answers (§2.3 Cas3SubmitApplication)
  accommodation_required_from date,
  release_date                date,
  is_registered_sex_offender  boolean,
  is_history_of_sexual_offence boolean,
  is_concerning_sexual_behaviour boolean,
  needs_accessible_property   boolean,
  has_history_of_arson        boolean,
  is_concerning_arson_behaviour boolean,
  is_duty_to_refer_submitted  boolean,
  duty_to_refer_submission_date date,
  duty_to_refer_outcome       text,
  duty_to_refer_local_authority text,
  is_eligible                 boolean,
  eligibility_reason          text,
  prison_name                 text,
  prison_release_types        text,
  answers                     jsonb NOT NULL DEFAULT '{}',   -- the form engine's answers
  risk_ratings                jsonb NOT NULL DEFAULT '{}',   -- RoSH/MAPPA/tier/flags snapshot
  version                     bigint NOT NULL DEFAULT 1,
  created_at                  timestamptz NOT NULL DEFAULT now(),
  updated_at                  timestamptz NOT NULL DEFAULT now(),
  updated_by                  name NOT NULL DEFAULT current_user
);
CREATE INDEX cas3_application_crn ON cas3_application (crn);
CREATE INDEX cas3_application_submitted_by ON cas3_application (submitted_by);
CREATE TRIGGER cas3_application_touch BEFORE UPDATE ON cas3_application
  FOR EACH ROW EXECUTE FUNCTION cas3_touch();

CREATE TYPE cas3_assessment_status AS ENUM
  ('unallocated', 'in_review', 'ready_to_place', 'rejected', 'closed');

CREATE TABLE cas3_assessment (
  id                          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  application_id              uuid NOT NULL UNIQUE REFERENCES cas3_application (id),
  probation_region_id         text NOT NULL REFERENCES probation_region (id),  -- the application's
  status                      cas3_assessment_status NOT NULL DEFAULT 'unallocated',
  allocated_to                bigint REFERENCES staff (id),
  allocated_at                timestamptz,
  rejection_reason_id         uuid REFERENCES cas3_referral_rejection_reason (id),
  rejection_detail            text,
  is_withdrawn                boolean NOT NULL DEFAULT false,
  decided_at                  timestamptz,   -- accepted (ready to place) or rejected
  completed_at                timestamptz,   -- closed ("Archived")
  release_date                date,          -- updated by the assessor; NULL = the application's
  accommodation_required_from date,
  version                     bigint NOT NULL DEFAULT 1,
  created_at                  timestamptz NOT NULL DEFAULT now(),
  updated_at                  timestamptz NOT NULL DEFAULT now(),
  updated_by                  name NOT NULL DEFAULT current_user,
  CHECK (status <> 'rejected' OR rejection_reason_id IS NOT NULL),
  CHECK (status <> 'in_review' OR allocated_to IS NOT NULL)
);
CREATE INDEX cas3_assessment_queue ON cas3_assessment (probation_region_id, status);

-- The moves an assessment may make (§3.1, §3.2; "Place referral" closes it
-- when a booking is confirmed and a cancellation reopens it as ready to place).
CREATE FUNCTION cas3_assessment_move_allowed(f cas3_assessment_status, t cas3_assessment_status)
  RETURNS boolean LANGUAGE sql IMMUTABLE AS
$$
  SELECT (f::text, t::text) IN (
    ('unallocated', 'in_review'), ('unallocated', 'rejected'),
    ('in_review', 'unallocated'), ('in_review', 'ready_to_place'), ('in_review', 'rejected'),
    ('in_review', 'closed'),
    ('ready_to_place', 'unallocated'), ('ready_to_place', 'in_review'),
    ('ready_to_place', 'rejected'), ('ready_to_place', 'closed'),
    ('rejected', 'unallocated'), ('rejected', 'in_review'),
    ('closed', 'ready_to_place'), ('closed', 'in_review'))
$$;

CREATE TABLE cas3_assessment_history (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  assessment_id uuid NOT NULL REFERENCES cas3_assessment (id),
  from_status   cas3_assessment_status,      -- NULL for the submission
  to_status     cas3_assessment_status NOT NULL,
  at            timestamptz NOT NULL DEFAULT now(),
  by_user       name NOT NULL DEFAULT current_user,
  by_staff_id   bigint REFERENCES staff (id) DEFAULT current_staff_id()
);
CREATE INDEX cas3_assessment_history_of ON cas3_assessment_history (assessment_id, id);

CREATE TABLE cas3_assessment_note (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  assessment_id uuid NOT NULL REFERENCES cas3_assessment (id),
  message       text NOT NULL CHECK (btrim(message) <> ''),
  created_at    timestamptz NOT NULL DEFAULT now(),
  created_by    name NOT NULL DEFAULT current_user,
  staff_id      bigint REFERENCES staff (id) DEFAULT current_staff_id()
);
CREATE INDEX cas3_assessment_note_of ON cas3_assessment_note (assessment_id, id);

CREATE TRIGGER cas3_assessment_history_append_only BEFORE UPDATE OR DELETE ON cas3_assessment_history
  FOR EACH STATEMENT EXECUTE FUNCTION cas3_append_only();
CREATE TRIGGER cas3_assessment_note_append_only BEFORE UPDATE OR DELETE ON cas3_assessment_note
  FOR EACH STATEMENT EXECUTE FUNCTION cas3_append_only();

-- Submitting lands the referral in the HPT queue of its placement region.
CREATE FUNCTION cas3_application_submitted() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS
$$
BEGIN
  INSERT INTO cas3_assessment (application_id, probation_region_id, release_date,
                               accommodation_required_from)
  VALUES (NEW.id, NEW.probation_region_id, NULL, NULL);
  RETURN NULL;
END
$$;
CREATE TRIGGER cas3_application_submitted AFTER INSERT ON cas3_application
  FOR EACH ROW EXECUTE FUNCTION cas3_application_submitted();

CREATE FUNCTION cas3_assessment_check() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW.application_id <> OLD.application_id OR NEW.probation_region_id <> OLD.probation_region_id THEN
      RAISE EXCEPTION 'an assessment stays with its referral and region';
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status THEN
      IF NOT cas3_assessment_move_allowed(OLD.status, NEW.status) THEN
        RAISE EXCEPTION 'a referral that is % cannot be moved to %',
          replace(OLD.status::text, '_', ' '), replace(NEW.status::text, '_', ' ');
      END IF;
      IF NEW.status = 'unallocated' THEN
        NEW.allocated_to := NULL;
        NEW.allocated_at := NULL;
      END IF;
      IF NEW.status IN ('unallocated', 'in_review') THEN
        NEW.decided_at := NULL;
      END IF;
      IF NEW.status IN ('ready_to_place', 'rejected') THEN
        NEW.decided_at := now();
      END IF;
      IF NEW.status <> 'rejected' THEN
        NEW.rejection_reason_id := NULL;
        NEW.rejection_detail := NULL;
        NEW.is_withdrawn := false;
      END IF;
      NEW.completed_at := CASE WHEN NEW.status = 'closed' THEN now() END;
    END IF;
    IF NEW.allocated_to IS DISTINCT FROM OLD.allocated_to AND NEW.allocated_to IS NOT NULL THEN
      NEW.allocated_at := now();
    END IF;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER cas3_assessment_check BEFORE INSERT OR UPDATE ON cas3_assessment
  FOR EACH ROW EXECUTE FUNCTION cas3_assessment_check();
CREATE TRIGGER cas3_assessment_touch BEFORE UPDATE ON cas3_assessment
  FOR EACH ROW EXECUTE FUNCTION cas3_touch();

-- Every status an assessment takes is appended to its history.
CREATE FUNCTION cas3_assessment_log() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS
$$
BEGIN
  -- who: the submitter for the submission, else the updated_by the
  -- (invoker's) touch trigger wrote; current_user here is the owner.
  IF TG_OP = 'INSERT' THEN
    INSERT INTO cas3_assessment_history (assessment_id, from_status, to_status, by_user, by_staff_id)
    SELECT NEW.id, NULL, NEW.status, s.username, s.id
      FROM cas3_application a JOIN staff s ON s.id = a.submitted_by
     WHERE a.id = NEW.application_id;
  ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
    INSERT INTO cas3_assessment_history (assessment_id, from_status, to_status, by_user, by_staff_id)
    VALUES (NEW.id, OLD.status, NEW.status, NEW.updated_by,
            (SELECT id FROM staff WHERE username = NEW.updated_by));
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER cas3_assessment_log AFTER INSERT OR UPDATE ON cas3_assessment
  FOR EACH ROW EXECUTE FUNCTION cas3_assessment_log();

-- ---------------------------------------------------------------------------
-- Voids (§1.6)

CREATE TABLE cas3_void_bedspace (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  bedspace_id        uuid NOT NULL REFERENCES cas3_bedspace (id),
  start_date         date NOT NULL,
  end_date           date NOT NULL,          -- last void day, included
  reason_id          uuid NOT NULL REFERENCES cas3_void_reason (id),
  reference_number   text,
  notes              text NOT NULL DEFAULT '',
  cost_centre        text CHECK (cost_centre IN ('HMPPS', 'SUPPLIER')),
  cancelled_at       timestamptz,
  cancellation_notes text,
  cancelled_by       name,
  version            bigint NOT NULL DEFAULT 1,
  created_at         timestamptz NOT NULL DEFAULT now(),
  created_by         name NOT NULL DEFAULT current_user,
  updated_at         timestamptz NOT NULL DEFAULT now(),
  updated_by         name NOT NULL DEFAULT current_user,
  CHECK (end_date >= start_date)
);
CREATE INDEX cas3_void_bedspace_of ON cas3_void_bedspace (bedspace_id, start_date);
CREATE TRIGGER cas3_void_bedspace_touch BEFORE UPDATE ON cas3_void_bedspace
  FOR EACH ROW EXECUTE FUNCTION cas3_touch();

-- ---------------------------------------------------------------------------
-- Bookings (§1.4) and their appended records (§1.5, §1.7)

CREATE TABLE cas3_booking (
  id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  bedspace_id             uuid NOT NULL REFERENCES cas3_bedspace (id),
  premises_id             uuid NOT NULL REFERENCES cas3_premises (id),     -- the bedspace's
  probation_region_id     text NOT NULL REFERENCES probation_region (id),  -- the premises'
  application_id          uuid REFERENCES cas3_application (id),
  assessment_id           uuid REFERENCES cas3_assessment (id),
  crn                     text NOT NULL CHECK (crn ~ '^[A-Z][0-9]{6}$'),
  noms_number             text,
  person_name             text,
  sex                     text,                 -- for the "other people staying" panel (§3.4)
  arrival_date            date NOT NULL,
  departure_date          date NOT NULL,
  original_arrival_date   date NOT NULL,
  original_departure_date date NOT NULL,
  turnaround_working_days integer NOT NULL CHECK (turnaround_working_days >= 0),  -- latest turnaround
  turnaround_end_date     date NOT NULL,        -- last unavailable day (§1.5), computed
  notes                   text NOT NULL DEFAULT '',   -- given when booked
  status                  text NOT NULL DEFAULT 'provisional' CHECK (status IN
                            ('provisional', 'confirmed', 'arrived', 'notMinusArrived',
                             'departed', 'cancelled')),
  version                 bigint NOT NULL DEFAULT 1,
  created_at              timestamptz NOT NULL DEFAULT now(),
  created_by              name NOT NULL DEFAULT current_user,
  created_by_staff_id     bigint REFERENCES staff (id) DEFAULT current_staff_id(),
  updated_at              timestamptz NOT NULL DEFAULT now(),
  updated_by              name NOT NULL DEFAULT current_user,
  CHECK (departure_date >= arrival_date),
  CHECK (turnaround_end_date >= departure_date)
);
CREATE INDEX cas3_booking_bedspace ON cas3_booking (bedspace_id, arrival_date);
CREATE INDEX cas3_booking_region_arrival ON cas3_booking (probation_region_id, arrival_date);
CREATE INDEX cas3_booking_crn ON cas3_booking (crn);
CREATE INDEX cas3_booking_application ON cas3_booking (application_id);

-- §1.4 shown status: departed is "closed" once the turnaround has ended, or
-- at once when it has 0 days.
CREATE FUNCTION cas3_booking_shown_status(status text, turnaround_working_days integer,
                                          turnaround_end_date date, today date)
  RETURNS text LANGUAGE sql IMMUTABLE AS
$$
  SELECT CASE WHEN status = 'departed'
               AND (turnaround_working_days = 0 OR turnaround_end_date < today)
              THEN 'closed' ELSE status END
$$;

-- Fills what the booking takes from its bedspace, keeps what may not change,
-- and computes the last unavailable day.  SECURITY DEFINER so the region is
-- always the true one: the row-level policy then refuses other regions'.
CREATE FUNCTION cas3_booking_fill() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS
$$
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT b.premises_id, p.probation_region_id,
           coalesce(NEW.turnaround_working_days, p.turnaround_working_days)
      INTO NEW.premises_id, NEW.probation_region_id, NEW.turnaround_working_days
      FROM cas3_bedspace b JOIN cas3_premises p ON p.id = b.premises_id
     WHERE b.id = NEW.bedspace_id;
    NEW.original_arrival_date := coalesce(NEW.original_arrival_date, NEW.arrival_date);
    NEW.original_departure_date := coalesce(NEW.original_departure_date, NEW.departure_date);
    IF NEW.assessment_id IS NOT NULL AND NEW.application_id IS NULL THEN
      SELECT application_id INTO NEW.application_id FROM cas3_assessment WHERE id = NEW.assessment_id;
    END IF;
  ELSE
    IF NEW.bedspace_id <> OLD.bedspace_id OR NEW.crn <> OLD.crn
       OR NEW.original_arrival_date <> OLD.original_arrival_date
       OR NEW.original_departure_date <> OLD.original_departure_date
       OR NEW.created_at <> OLD.created_at THEN
      RAISE EXCEPTION 'a booking keeps its bedspace, person and original dates: cancel it and book again';
    END IF;
    NEW.premises_id := OLD.premises_id;
    NEW.probation_region_id := OLD.probation_region_id;
  END IF;
  NEW.turnaround_end_date := cas3_add_working_days(NEW.departure_date, NEW.turnaround_working_days);
  RETURN NEW;
END
$$;
CREATE TRIGGER cas3_booking_fill BEFORE INSERT OR UPDATE ON cas3_booking
  FOR EACH ROW EXECUTE FUNCTION cas3_booking_fill();
CREATE TRIGGER cas3_booking_touch BEFORE UPDATE ON cas3_booking
  FOR EACH ROW EXECUTE FUNCTION cas3_touch();

CREATE TABLE cas3_confirmation (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  booking_id   uuid NOT NULL UNIQUE REFERENCES cas3_booking (id),   -- only one (§1.4)
  confirmed_at timestamptz NOT NULL DEFAULT now(),
  notes        text NOT NULL DEFAULT '',
  created_by   name NOT NULL DEFAULT current_user
);
CREATE TABLE cas3_arrival (
  id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  booking_id              uuid NOT NULL REFERENCES cas3_booking (id),
  arrival_date            date NOT NULL,
  expected_departure_date date NOT NULL,
  notes                   text NOT NULL DEFAULT '',
  created_at              timestamptz NOT NULL DEFAULT now(),
  created_by              name NOT NULL DEFAULT current_user,
  CHECK (expected_departure_date >= arrival_date)
);
CREATE TABLE cas3_departure (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  booking_id          uuid NOT NULL REFERENCES cas3_booking (id),
  departure_date      date NOT NULL,
  reason_id           uuid NOT NULL REFERENCES cas3_departure_reason (id),
  move_on_category_id uuid NOT NULL REFERENCES cas3_move_on_category (id),
  notes               text NOT NULL DEFAULT '',
  created_at          timestamptz NOT NULL DEFAULT now(),
  created_by          name NOT NULL DEFAULT current_user
);
CREATE TABLE cas3_extension (
  id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  booking_id              uuid NOT NULL REFERENCES cas3_booking (id),
  previous_departure_date date NOT NULL,
  new_departure_date      date NOT NULL,
  notes                   text NOT NULL DEFAULT '',
  created_at              timestamptz NOT NULL DEFAULT now(),
  created_by              name NOT NULL DEFAULT current_user
);
CREATE TABLE cas3_overstay (
  id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  booking_id              uuid NOT NULL REFERENCES cas3_booking (id),
  previous_departure_date date NOT NULL,
  new_departure_date      date NOT NULL,
  is_authorised           boolean NOT NULL,
  reason                  text NOT NULL DEFAULT '',
  created_at              timestamptz NOT NULL DEFAULT now(),
  created_by              name NOT NULL DEFAULT current_user
);
CREATE TABLE cas3_cancellation (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  booking_id        uuid NOT NULL REFERENCES cas3_booking (id),
  cancellation_date date NOT NULL DEFAULT current_date,
  reason_id         uuid NOT NULL REFERENCES cas3_cancellation_reason (id),
  notes             text NOT NULL DEFAULT '',
  other_reason      text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  created_by        name NOT NULL DEFAULT current_user
);
-- Legacy (§1.7 cas3_non_arrivals): the current service records a failed
-- arrival as a cancellation; kept so old records can be loaded.
CREATE TABLE cas3_non_arrival (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  booking_id       uuid NOT NULL REFERENCES cas3_booking (id),
  non_arrival_date date NOT NULL,
  reason           text NOT NULL,
  notes            text NOT NULL DEFAULT '',
  created_at       timestamptz NOT NULL DEFAULT now(),
  created_by       name NOT NULL DEFAULT current_user
);
-- §1.5: every booking gets one at creation (the premises' count); latest
-- wins.  end_date is the last unavailable day as computed when the row was
-- recorded; the live value, which follows extensions and departures, is
-- cas3_booking.turnaround_end_date.
CREATE TABLE cas3_turnaround (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  booking_id        uuid NOT NULL REFERENCES cas3_booking (id),
  working_day_count integer NOT NULL CHECK (working_day_count >= 0),
  end_date          date NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  created_by        name NOT NULL DEFAULT current_user
);
CREATE INDEX cas3_arrival_of ON cas3_arrival (booking_id, id);
CREATE INDEX cas3_departure_of ON cas3_departure (booking_id, id);
CREATE INDEX cas3_extension_of ON cas3_extension (booking_id, id);
CREATE INDEX cas3_overstay_of ON cas3_overstay (booking_id, id);
CREATE INDEX cas3_cancellation_of ON cas3_cancellation (booking_id, id);
CREATE INDEX cas3_non_arrival_of ON cas3_non_arrival (booking_id, id);
CREATE INDEX cas3_turnaround_of ON cas3_turnaround (booking_id, id);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['cas3_confirmation', 'cas3_arrival', 'cas3_departure', 'cas3_extension',
                           'cas3_overstay', 'cas3_cancellation', 'cas3_non_arrival',
                           'cas3_turnaround'] LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON %I'
                   ' FOR EACH STATEMENT EXECUTE FUNCTION cas3_append_only()',
                   t || '_append_only', t);
  END LOOP;
END $$;

CREATE FUNCTION cas3_turnaround_fill() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
  SELECT cas3_add_working_days(departure_date, NEW.working_day_count) INTO NEW.end_date
    FROM cas3_booking WHERE id = NEW.booking_id;
  RETURN NEW;
END
$$;
CREATE TRIGGER cas3_turnaround_fill BEFORE INSERT ON cas3_turnaround
  FOR EACH ROW EXECUTE FUNCTION cas3_turnaround_fill();

-- A new turnaround count is the booking's from now on (and re-checks the range).
CREATE FUNCTION cas3_turnaround_apply() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
  UPDATE cas3_booking SET turnaround_working_days = NEW.working_day_count
   WHERE id = NEW.booking_id AND turnaround_working_days IS DISTINCT FROM NEW.working_day_count;
  RETURN NULL;
END
$$;
CREATE TRIGGER cas3_turnaround_apply AFTER INSERT ON cas3_turnaround
  FOR EACH ROW EXECUTE FUNCTION cas3_turnaround_apply();

-- ---------------------------------------------------------------------------
-- Occupancy: the one table the no-double-booking rule lives on

CREATE TABLE cas3_occupancy (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  bedspace_id uuid NOT NULL REFERENCES cas3_bedspace (id),
  booking_id  uuid UNIQUE REFERENCES cas3_booking (id),
  void_id     uuid UNIQUE REFERENCES cas3_void_bedspace (id),
  during      daterange NOT NULL,
  CHECK ((booking_id IS NULL) <> (void_id IS NULL)),
  CHECK (NOT isempty(during) AND NOT lower_inf(during) AND NOT upper_inf(during)),
  CONSTRAINT cas3_no_double_booking EXCLUDE USING gist (bedspace_id WITH =, during WITH &&)
);

CREATE FUNCTION cas3_booking_occupy() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS
$$
BEGIN
  IF NEW.status IN ('cancelled', 'notMinusArrived') THEN
    DELETE FROM cas3_occupancy WHERE booking_id = NEW.id;
  ELSE
    UPDATE cas3_occupancy
       SET bedspace_id = NEW.bedspace_id,
           during = daterange(NEW.arrival_date, NEW.turnaround_end_date, '[]')
     WHERE booking_id = NEW.id;
    IF NOT FOUND THEN
      INSERT INTO cas3_occupancy (bedspace_id, booking_id, during)
      VALUES (NEW.bedspace_id, NEW.id, daterange(NEW.arrival_date, NEW.turnaround_end_date, '[]'));
    END IF;
  END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO cas3_turnaround (booking_id, working_day_count, end_date, created_by)
    VALUES (NEW.id, NEW.turnaround_working_days, NEW.turnaround_end_date, NEW.created_by);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER cas3_booking_occupy AFTER INSERT OR UPDATE ON cas3_booking
  FOR EACH ROW EXECUTE FUNCTION cas3_booking_occupy();

CREATE FUNCTION cas3_void_occupy() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS
$$
BEGIN
  IF NEW.cancelled_at IS NOT NULL THEN
    DELETE FROM cas3_occupancy WHERE void_id = NEW.id;
  ELSE
    UPDATE cas3_occupancy
       SET bedspace_id = NEW.bedspace_id, during = daterange(NEW.start_date, NEW.end_date, '[]')
     WHERE void_id = NEW.id;
    IF NOT FOUND THEN
      INSERT INTO cas3_occupancy (bedspace_id, void_id, during)
      VALUES (NEW.bedspace_id, NEW.id, daterange(NEW.start_date, NEW.end_date, '[]'));
    END IF;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER cas3_void_occupy AFTER INSERT OR UPDATE ON cas3_void_bedspace
  FOR EACH ROW EXECUTE FUNCTION cas3_void_occupy();

-- ---------------------------------------------------------------------------
-- Views for the screens (security_invoker: they show what the caller may see)

CREATE VIEW cas3_booking_view WITH (security_invoker = true) AS
SELECT b.*,
       cas3_booking_shown_status(b.status, b.turnaround_working_days, b.turnaround_end_date,
                                 current_date) AS shown_status,
       bs.reference AS bedspace_reference,
       p.name AS premises_name, p.address_line1, p.address_line2, p.town, p.postcode,
       p.pdu_id, pdu.name AS pdu_name, pr.name AS region_name
  FROM cas3_booking b
  JOIN cas3_bedspace bs ON bs.id = b.bedspace_id
  JOIN cas3_premises p ON p.id = b.premises_id
  JOIN pdu ON pdu.id = p.pdu_id
  JOIN probation_region pr ON pr.id = b.probation_region_id;

CREATE VIEW cas3_assessment_view WITH (security_invoker = true) AS
SELECT s.id AS assessment_id, s.status, s.allocated_to, st.display_name AS allocated_to_name,
       s.allocated_at, s.rejection_reason_id, rr.name AS rejection_reason, s.rejection_detail,
       s.is_withdrawn, s.decided_at, s.completed_at,
       coalesce(s.release_date, a.release_date) AS release_date,
       coalesce(s.accommodation_required_from, a.accommodation_required_from)
         AS accommodation_required_from,
       s.version, s.created_at, s.probation_region_id,
       a.id AS application_id, a.crn, a.noms_number, a.person_name, a.date_of_birth, a.sex,
       a.submitted_at, a.submitted_by, sub.display_name AS submitted_by_name,
       a.pdu_id, pdu.name AS pdu_name, pr.name AS region_name,
       a.is_registered_sex_offender, a.is_history_of_sexual_offence,
       a.is_concerning_sexual_behaviour, a.needs_accessible_property,
       a.has_history_of_arson, a.is_concerning_arson_behaviour
  FROM cas3_assessment s
  JOIN cas3_application a ON a.id = s.application_id
  JOIN probation_region pr ON pr.id = s.probation_region_id
  LEFT JOIN pdu ON pdu.id = a.pdu_id
  LEFT JOIN staff st ON st.id = s.allocated_to
  LEFT JOIN staff sub ON sub.id = a.submitted_by
  LEFT JOIN cas3_referral_rejection_reason rr ON rr.id = s.rejection_reason_id;

-- ---------------------------------------------------------------------------
-- Bedspace search (§3.4): free bedspaces of the caller's region (every
-- region for national roles) for the stay [start, start + nights] AND the
-- premises' turnaround after it, so any result can be booked.  One row per
-- bedspace, ordered by PDU, premises, bedspace, with the premises' counts,
-- the "other people staying" and why it fits.
--   $1 start, $2 nights, $3 PDU ids (NULL: all), $4 occupancy 'single' |
--   'shared' | NULL, $5 sex 'men' | 'women' | NULL (men: not women only and
--   no woman staying; and the other way), $6 / $7 the person poses a sexual
--   risk to adults / children (drop premises marked unsuitable), $8 property
--   names that premises or bedspace must have, $9 a bedspace to leave out,
--   $10 at most this many rows (NULL: all).
CREATE FUNCTION cas3_bedspace_search(date, integer, text[], text, text, boolean, boolean,
                                     text[], uuid, integer)
  RETURNS TABLE (premises_id uuid, name text, address_line1 text, address_line2 text,
                 town text, postcode text, pdu_name text, notes text,
                 premises_characteristics text, bedspaces_total bigint,
                 bedspaces_booked bigint, others text, sexual_risk_nearby boolean,
                 bedspace_id uuid, reference text, bedspace_characteristics text, why text,
                 last_unavailable_day text)
  LANGUAGE sql STABLE AS
$$
WITH q AS (SELECT $1 AS s, $1 + $2 AS dep),
cand AS (
  SELECT bs.id AS bedspace_id, bs.reference, p.id AS premises_id, p.name, p.address_line1,
         p.address_line2, p.town, p.postcode, p.notes, pdu.name AS pdu_name, q.s, q.dep,
         cas3_add_working_days(q.dep, p.turnaround_working_days) AS last_day,
         ARRAY(SELECT c.property_name FROM cas3_premises_characteristic pc
                 JOIN characteristic c ON c.id = pc.characteristic_id
                WHERE pc.premises_id = p.id) AS pkeys,
         ARRAY(SELECT c.property_name FROM cas3_bedspace_characteristic bc
                 JOIN characteristic c ON c.id = bc.characteristic_id
                WHERE bc.bedspace_id = bs.id) AS bkeys,
         (SELECT string_agg(c.name, ', ' ORDER BY c.sort_order)
            FROM cas3_premises_characteristic pc JOIN characteristic c ON c.id = pc.characteristic_id
           WHERE pc.premises_id = p.id) AS pnames,
         (SELECT string_agg(c.name, ', ' ORDER BY c.sort_order)
            FROM cas3_bedspace_characteristic bc JOIN characteristic c ON c.id = bc.characteristic_id
           WHERE bc.bedspace_id = bs.id) AS bnames
    FROM cas3_bedspace bs
    JOIN cas3_premises p ON p.id = bs.premises_id
    JOIN pdu ON pdu.id = p.pdu_id
   CROSS JOIN q
   WHERE (cas3_my_region() IS NULL OR p.probation_region_id = cas3_my_region())
     AND ($3 IS NULL OR p.pdu_id = ANY ($3))
     AND cas3_premises_status_on(p.status, p.archive_date, p.unarchive_date, q.s) = 'online'
     AND cas3_premises_status_on(p.status, p.archive_date, p.unarchive_date, q.dep) = 'online'
     AND bs.start_date <= q.s AND (bs.end_date IS NULL OR bs.end_date > q.dep)
     AND ($9 IS NULL OR bs.id <> $9)),
others AS (
  SELECT b.premises_id, b.crn, b.sex,
         least(b.departure_date, q.dep) - greatest(b.arrival_date, q.s) + 1 AS days,
         coalesce(a.is_registered_sex_offender OR a.is_history_of_sexual_offence
                  OR a.is_concerning_sexual_behaviour, false) AS sexual_risk
    FROM cas3_booking b CROSS JOIN q
    LEFT JOIN cas3_application a ON a.id = b.application_id
   WHERE b.status NOT IN ('cancelled', 'notMinusArrived')
     AND b.arrival_date <= q.dep AND b.departure_date >= q.s
     AND b.premises_id IN (SELECT c.premises_id FROM cand c)),
free AS (
  SELECT c.* FROM cand c
   WHERE NOT EXISTS (SELECT 1 FROM cas3_occupancy o
                      WHERE o.bedspace_id = c.bedspace_id
                        AND o.during && daterange(c.s, c.last_day, '[]')))
SELECT f.premises_id, f.name, f.address_line1, f.address_line2, f.town, f.postcode,
       f.pdu_name, f.notes, coalesce(f.pnames, ''),
       (SELECT count(*) FROM cas3_bedspace x
         WHERE x.premises_id = f.premises_id
           AND x.start_date <= f.s AND (x.end_date IS NULL OR x.end_date > f.dep)),
       (SELECT count(DISTINCT o.bedspace_id) FROM cas3_occupancy o
          JOIN cas3_bedspace x ON x.id = o.bedspace_id
         WHERE x.premises_id = f.premises_id AND o.during && daterange(f.s, f.dep, '[]')),
       coalesce((SELECT string_agg(o.crn || ' (' || coalesce(o.sex, 'sex not known') || ', '
                                   || o.days || CASE WHEN o.days = 1 THEN ' day' ELSE ' days' END
                                   || CASE WHEN o.sexual_risk THEN ', sexual risk' ELSE '' END
                                   || ')', '; ' ORDER BY o.crn)
                   FROM others o WHERE o.premises_id = f.premises_id), ''),
       EXISTS (SELECT 1 FROM others o WHERE o.premises_id = f.premises_id AND o.sexual_risk),
       f.bedspace_id, f.reference, coalesce(f.bnames, ''),
       concat_ws('; ',
         'free from ' || to_char(f.s, 'YYYY-MM-DD') || ' to ' || to_char(f.dep, 'YYYY-MM-DD')
           || CASE WHEN f.last_day > f.dep
                   THEN ' and for its turnaround to ' || to_char(f.last_day, 'YYYY-MM-DD')
                   ELSE '' END,
         CASE WHEN $3 IS NOT NULL THEN 'in ' || f.pdu_name || ' PDU' END,
         CASE $4 WHEN 'single' THEN 'single occupancy' WHEN 'shared' THEN 'shared property' END,
         CASE $5
           WHEN 'men' THEN CASE WHEN 'isMenOnly' = ANY (f.pkeys) THEN 'men only'
                                ELSE 'not women only, and no woman staying' END
           WHEN 'women' THEN CASE WHEN 'isWomenOnly' = ANY (f.pkeys) THEN 'women only'
                                  ELSE 'not men only, and no man staying' END END,
         CASE WHEN $6 THEN 'not marked unsuitable for a person who poses a sexual risk to adults' END,
         CASE WHEN $7 THEN 'not marked unsuitable for a person who poses a sexual risk to children' END,
         (SELECT string_agg(lower(c.name), '; ' ORDER BY c.sort_order) FROM characteristic c
           WHERE c.property_name = ANY ($8))),
       to_char(f.last_day, 'YYYY-MM-DD')
  FROM free f
 WHERE ($4 IS NULL OR ($4 = 'single' AND 'isSingleOccupancy' = ANY (f.pkeys))
                   OR ($4 = 'shared' AND 'isSharedProperty' = ANY (f.pkeys)))
   AND ($5 IS NULL
        OR ($5 = 'men' AND NOT 'isWomenOnly' = ANY (f.pkeys)
            AND NOT EXISTS (SELECT 1 FROM others o
                             WHERE o.premises_id = f.premises_id AND o.sex ILIKE 'f%'))
        OR ($5 = 'women' AND NOT 'isMenOnly' = ANY (f.pkeys)
            AND NOT EXISTS (SELECT 1 FROM others o
                             WHERE o.premises_id = f.premises_id AND o.sex ILIKE 'm%')))
   AND (NOT coalesce($6, false) OR NOT 'notSuitableForSexualRiskToAdults' = ANY (f.pkeys))
   AND (NOT coalesce($7, false) OR NOT 'notSuitableForSexualRiskToChildren' = ANY (f.pkeys))
   AND ($8 IS NULL OR $8 <@ (f.pkeys || f.bkeys))
 ORDER BY f.pdu_name, f.name, f.reference, f.bedspace_id
 LIMIT $10
$$;

-- ---------------------------------------------------------------------------
-- Event payloads (§6.2): the detail of a booking event, as the
-- additionalInformation of the message the outbox sender delivers.

-- by_key names who recorded it (bookedBy, confirmedBy, recordedBy, ...).
CREATE FUNCTION cas3_booking_event(booking uuid, by_key text, extra jsonb) RETURNS jsonb
  LANGUAGE sql STABLE AS
$$
  SELECT jsonb_build_object(
           'bookingId', b.id,
           'applicationId', b.application_id,
           'assessmentId', b.assessment_id,
           'personReference', jsonb_build_object('crn', b.crn, 'noms', b.noms_number),
           'premises', jsonb_build_object('addressLine1', b.address_line1,
                                          'addressLine2', b.address_line2,
                                          'postcode', b.postcode, 'town', b.town,
                                          'region', b.region_name),
           'bedspaceReference', b.bedspace_reference,
           'arrivalOn', b.arrival_date,
           'departureOn', b.departure_date,
           'status', b.status,
           coalesce(by_key, 'recordedBy'), (SELECT jsonb_build_object('staffCode', s.staff_code,
                                                    'username', s.username,
                                                    'probationRegionCode', s.region_id)
                            FROM staff s WHERE s.username = current_user))
         || coalesce(extra, '{}')
    FROM cas3_booking_view b WHERE b.id = booking
$$;

-- ---------------------------------------------------------------------------
-- Home screen queues: the HPT assessor's four.  home_queues() of the
-- earlier migrations (0001, and 0004 when it replaced it) is kept under the
-- name home_queues_before_cas3() and its rows come first, so each area adds
-- its queues without knowing the others' SQL.

CREATE FUNCTION home_queues_cas3() RETURNS TABLE (queue text, label text, n bigint)
  LANGUAGE plpgsql STABLE AS
$$
BEGIN
  IF current_staff_role() = 'hpt' THEN
    RETURN QUERY
      SELECT q.queue, q.label, coalesce(c.n, 0)
        FROM (VALUES (1, 'cas3.unallocated', 'Unallocated applications', 'unallocated'),
                     (2, 'cas3.in_review', 'In review', 'in_review'),
                     (3, 'cas3.ready_to_place', 'Ready to place', 'ready_to_place'))
             AS q (ord, queue, label, status)
        LEFT JOIN (SELECT s.status::text AS status, count(*) AS n FROM cas3_assessment s
                    WHERE s.probation_region_id = cas3_my_region() GROUP BY s.status) c
          ON c.status = q.status
       ORDER BY q.ord;
    RETURN QUERY
      SELECT 'cas3.arriving_today'::text, 'Arriving today'::text, count(*)
        FROM cas3_booking b
       WHERE b.probation_region_id = cas3_my_region()
         AND b.arrival_date = current_date AND b.status IN ('provisional', 'confirmed');
  END IF;
END
$$;

ALTER FUNCTION home_queues() RENAME TO home_queues_before_cas3;

CREATE FUNCTION home_queues() RETURNS TABLE (queue text, label text, n bigint)
  LANGUAGE plpgsql STABLE AS
$$
BEGIN
  RETURN QUERY SELECT * FROM home_queues_before_cas3();
  RETURN QUERY SELECT * FROM home_queues_cas3();
END
$$;
GRANT EXECUTE ON FUNCTION home_queues(), home_queues_cas3() TO caseterm_staff;

-- ---------------------------------------------------------------------------
-- Reports (§4).  Each takes a region id (NULL = national) and a window of at
-- most 6 months, and runs as the caller: an HPT assessor sees their region
-- whatever they ask for.  Day counts are clipped to the window.  Column
-- names are the service's, so managers' spreadsheets keep working.

CREATE FUNCTION cas3_report_window_check(from_date date, to_date date) RETURNS void
  LANGUAGE plpgsql IMMUTABLE AS
$$
BEGIN
  IF from_date IS NULL OR to_date IS NULL THEN
    RAISE EXCEPTION 'a report needs a start date and an end date' USING ERRCODE = '22023';
  END IF;
  IF from_date > to_date THEN
    RAISE EXCEPTION 'the start date % is after the end date %', from_date, to_date
      USING ERRCODE = '22023';
  END IF;
  IF to_date > (from_date + interval '6 months')::date THEN
    RAISE EXCEPTION 'a report covers at most 6 months: % to % is longer', from_date, to_date
      USING ERRCODE = '22023';
  END IF;
END
$$;

-- Days of [a, b] (both included) inside [f, t].
CREATE FUNCTION cas3_days_within(a date, b date, f date, t date) RETURNS integer
  LANGUAGE sql IMMUTABLE AS
$$ SELECT greatest(0, least(b, t) - greatest(a, f) + 1) $$;

CREATE FUNCTION cas3_report_referrals(region text, from_date date, to_date date)
  RETURNS TABLE ("referralId" uuid, "referralDate" date, "personName" text, "pncNumber" text,
                 crn text, sex text, "genderIdentity" text, ethnicity text, "dateOfBirth" date,
                 "registeredSexOffender" boolean, "historyOfSexualOffence" boolean,
                 "concerningSexualBehaviour" boolean, "needForAccessibleProperty" boolean,
                 "riskOfSeriousHarm" text, "historyOfArsonOffence" boolean,
                 "concerningArsonBehaviour" boolean, "dutyToReferMade" boolean,
                 "dateDutyToReferMade" date, "dutyToReferLocalAuthorityAreaName" text,
                 "dutyToReferOutcome" text, "probationRegion" text, pdu text,
                 "outOfRegion" boolean, "referralSubmittedDate" date, "assessmentStatus" text,
                 "referralRejected" boolean, "rejectionReason" text,
                 "rejectionReasonExplained" text, "rejectionDate" date,
                 "prisonReleaseType" text, "prisonAtReferral" text, "releaseDate" date,
                 "updatedReleaseDate" date, "accommodationRequiredDate" date,
                 "updatedAccommodationRequiredFromDate" date, "bookingOffered" boolean)
  LANGUAGE plpgsql STABLE AS
$$
#variable_conflict use_column
BEGIN
  PERFORM cas3_report_window_check(from_date, to_date);
  RETURN QUERY
  SELECT a.id, a.created_at::date, a.person_name, a.pnc_number, a.crn, a.sex, a.gender_identity,
         a.ethnicity, a.date_of_birth, a.is_registered_sex_offender,
         a.is_history_of_sexual_offence, a.is_concerning_sexual_behaviour,
         a.needs_accessible_property, a.risk_ratings #>> '{roshRisks,value,overallRisk}',
         a.has_history_of_arson, a.is_concerning_arson_behaviour, a.is_duty_to_refer_submitted,
         a.duty_to_refer_submission_date, a.duty_to_refer_local_authority,
         a.duty_to_refer_outcome, pr.name, pdu.name,
         a.referrer_region_id IS NOT NULL AND a.referrer_region_id <> a.probation_region_id,
         a.submitted_at::date, s.status::text, s.status = 'rejected', rr.name, s.rejection_detail,
         CASE WHEN s.status = 'rejected' THEN s.decided_at::date END,
         a.prison_release_types, a.prison_name, a.release_date, s.release_date,
         a.accommodation_required_from, s.accommodation_required_from,
         EXISTS (SELECT 1 FROM cas3_booking b WHERE b.application_id = a.id)
    FROM cas3_application a
    JOIN cas3_assessment s ON s.application_id = a.id
    JOIN probation_region pr ON pr.id = a.probation_region_id
    LEFT JOIN pdu ON pdu.id = a.pdu_id
    LEFT JOIN cas3_referral_rejection_reason rr ON rr.id = s.rejection_reason_id
   WHERE (region IS NULL OR a.probation_region_id = region)
     AND a.submitted_at::date BETWEEN from_date AND to_date
   ORDER BY a.submitted_at, a.id;
END
$$;

CREATE FUNCTION cas3_report_bookings(region text, from_date date, to_date date)
  RETURNS TABLE ("bookingId" uuid, "referralId" uuid, "referralDate" date, "personName" text,
                 "pncNumber" text, gender text, ethnicity text, "dateOfBirth" date,
                 "riskOfSeriousHarm" text, "registeredSexOffender" boolean,
                 "historyOfSexualOffence" boolean, "concerningSexualBehaviour" boolean,
                 "needForAccessibleProperty" boolean, "historyOfArsonOffence" boolean,
                 "concerningArsonBehaviour" boolean, "dutyToReferMade" boolean,
                 "dateDutyToReferMade" date, "dutyToReferLocalAuthorityAreaName" text,
                 "isReferralEligibleForCas3" boolean, "referralEligibilityReason" text,
                 "probationRegion" text, pdu text, "localAuthority" text, "propertyRef" text,
                 "bedspaceRef" text, town text, "postCode" text, crn text,
                 "offerAccepted" boolean, "isCancelled" boolean, "cancellationReason" text,
                 "startDate" date, "endDate" date, "actualEndDate" date,
                 "currentNightsStayed" integer, "actualNightsStayed" integer,
                 overstay boolean, authorised boolean, reason text,
                 "accommodationOutcome" text, "bookingStatus" text)
  LANGUAGE plpgsql STABLE AS
$$
#variable_conflict use_column
BEGIN
  PERFORM cas3_report_window_check(from_date, to_date);
  RETURN QUERY
  SELECT b.id, a.id, a.created_at::date, coalesce(a.person_name, b.person_name), a.pnc_number,
         coalesce(a.sex, b.sex), a.ethnicity, a.date_of_birth,
         a.risk_ratings #>> '{roshRisks,value,overallRisk}', a.is_registered_sex_offender,
         a.is_history_of_sexual_offence, a.is_concerning_sexual_behaviour,
         a.needs_accessible_property, a.has_history_of_arson, a.is_concerning_arson_behaviour,
         a.is_duty_to_refer_submitted, a.duty_to_refer_submission_date,
         a.duty_to_refer_local_authority, a.is_eligible, a.eligibility_reason,
         b.region_name, b.pdu_name, la.name, b.premises_name, b.bedspace_reference, b.town,
         b.postcode, b.crn,
         b.status IN ('confirmed', 'arrived', 'departed'), b.status = 'cancelled', cr.name,
         b.arrival_date, b.departure_date, d.departure_date,
         CASE WHEN b.status = 'arrived'
              THEN (least(current_date, b.departure_date) - b.arrival_date) END,
         CASE WHEN d.id IS NOT NULL THEN d.departure_date - b.arrival_date END,
         o.id IS NOT NULL, o.is_authorised, o.reason, mo.name, b.shown_status
    FROM cas3_booking_view b
    JOIN cas3_premises p ON p.id = b.premises_id
    LEFT JOIN local_authority la ON la.id = p.local_authority_id
    LEFT JOIN cas3_application a ON a.id = b.application_id
    LEFT JOIN LATERAL (SELECT * FROM cas3_cancellation c WHERE c.booking_id = b.id
                        ORDER BY c.id DESC LIMIT 1) c ON true
    LEFT JOIN cas3_cancellation_reason cr ON cr.id = c.reason_id
    LEFT JOIN LATERAL (SELECT * FROM cas3_departure x WHERE x.booking_id = b.id
                        ORDER BY x.id DESC LIMIT 1) d ON true
    LEFT JOIN cas3_move_on_category mo ON mo.id = d.move_on_category_id
    LEFT JOIN LATERAL (SELECT * FROM cas3_overstay x WHERE x.booking_id = b.id
                        ORDER BY x.id DESC LIMIT 1) o ON true
   WHERE (region IS NULL OR b.probation_region_id = region)
     AND b.arrival_date <= to_date AND b.departure_date >= from_date
   ORDER BY b.arrival_date, b.id;
END
$$;

-- One row per booking, turnaround and void period that touches the window.
CREATE FUNCTION cas3_report_bed_usage(region text, from_date date, to_date date)
  RETURNS TABLE ("probationRegion" text, pdu text, "localAuthority" text, "propertyRef" text,
                 "addressLine1" text, town text, "postCode" text, "bedspaceRef" text,
                 crn text, type text, "startDate" date, "endDate" date,
                 "durationOfBookingDays" integer, "bookingStatus" text, overstay boolean,
                 authorised boolean, reason text, "voidCategory" text, "voidNotes" text,
                 "costCentre" text, "uniquePropertyRef" uuid, "uniqueBedspaceRef" uuid)
  LANGUAGE plpgsql STABLE AS
$$
#variable_conflict use_column
BEGIN
  PERFORM cas3_report_window_check(from_date, to_date);
  RETURN QUERY
  WITH period AS (
    SELECT b.bedspace_id, b.crn, 'Booking'::text AS type, b.arrival_date AS s,
           b.departure_date AS e, b.shown_status AS booking_status,
           o.id IS NOT NULL AS overstay, o.is_authorised, o.reason,
           NULL::text AS void_category, NULL::text AS void_notes, NULL::text AS cost_centre
      FROM cas3_booking_view b
      LEFT JOIN LATERAL (SELECT * FROM cas3_overstay x WHERE x.booking_id = b.id
                          ORDER BY x.id DESC LIMIT 1) o ON true
     WHERE b.status NOT IN ('cancelled', 'notMinusArrived')
    UNION ALL
    SELECT b.bedspace_id, b.crn, 'Turnaround', b.departure_date + 1, b.turnaround_end_date,
           NULL, NULL, NULL, NULL, NULL, NULL, NULL
      FROM cas3_booking b
     WHERE b.status NOT IN ('cancelled', 'notMinusArrived')
       AND b.turnaround_end_date > b.departure_date
    UNION ALL
    SELECT v.bedspace_id, NULL, 'Void', v.start_date, v.end_date, NULL, NULL, NULL, NULL,
           vr.name, v.notes, v.cost_centre
      FROM cas3_void_bedspace v JOIN cas3_void_reason vr ON vr.id = v.reason_id
     WHERE v.cancelled_at IS NULL)
  SELECT pr.name, pdu.name, la.name, p.name, p.address_line1, p.town, p.postcode, bs.reference,
         x.crn, x.type, x.s, x.e, x.e - x.s + 1, x.booking_status, x.overstay, x.is_authorised,
         x.reason, x.void_category, x.void_notes, x.cost_centre, p.id, bs.id
    FROM period x
    JOIN cas3_bedspace bs ON bs.id = x.bedspace_id
    JOIN cas3_premises p ON p.id = bs.premises_id
    JOIN pdu ON pdu.id = p.pdu_id
    JOIN probation_region pr ON pr.id = p.probation_region_id
    LEFT JOIN local_authority la ON la.id = p.local_authority_id
   WHERE (region IS NULL OR p.probation_region_id = region)
     AND x.s <= to_date AND x.e >= from_date
   ORDER BY pdu.name, p.name, bs.reference, x.s, x.type;
END
$$;

-- Per bedspace.  Booked, confirmed and provisional days are nights:
-- [arrival, departure); voids and turnarounds count every day they cover;
-- online days are the bedspace's days in the window.  occupancyRate is the
-- percentage totalBookedDays / bedspaceOnlineDays (§4).
CREATE FUNCTION cas3_report_bed_occupancy(region text, from_date date, to_date date)
  RETURNS TABLE ("probationRegion" text, pdu text, "localAuthority" text, "propertyRef" text,
                 "addressLine1" text, town text, "postCode" text, "bedspaceRef" text,
                 "bookedDaysActiveAndClosed" integer, "confirmedDays" integer,
                 "provisionalDays" integer, "scheduledTurnaroundDays" integer,
                 "effectiveTurnaroundDays" integer, "voidDays" integer,
                 "totalBookedDays" integer, "bedspaceStartDate" date, "bedspaceEndDate" date,
                 "bedspaceOnlineDays" integer, "occupancyRate" numeric,
                 "uniquePropertyRef" uuid, "uniqueBedspaceRef" uuid)
  LANGUAGE plpgsql STABLE AS
$$
#variable_conflict use_column
BEGIN
  PERFORM cas3_report_window_check(from_date, to_date);
  RETURN QUERY
  WITH bk AS (
    SELECT b.bedspace_id,
           sum(CASE WHEN b.status IN ('arrived', 'departed')
                    THEN cas3_days_within(b.arrival_date, b.departure_date - 1, from_date, to_date)
                    ELSE 0 END)::integer AS booked,
           sum(CASE WHEN b.status = 'confirmed'
                    THEN cas3_days_within(b.arrival_date, b.departure_date - 1, from_date, to_date)
                    ELSE 0 END)::integer AS confirmed,
           sum(CASE WHEN b.status = 'provisional'
                    THEN cas3_days_within(b.arrival_date, b.departure_date - 1, from_date, to_date)
                    ELSE 0 END)::integer AS provisional,
           sum(CASE WHEN b.turnaround_end_date > b.departure_date
                    THEN cas3_count_working_days(greatest(b.departure_date + 1, from_date),
                                                 least(b.turnaround_end_date, to_date))
                    ELSE 0 END)::integer AS turn_sched,
           sum(CASE WHEN b.turnaround_end_date > b.departure_date
                    THEN cas3_days_within(b.departure_date + 1, b.turnaround_end_date,
                                          from_date, to_date)
                    ELSE 0 END)::integer AS turn_eff
      FROM cas3_booking b
     WHERE b.status NOT IN ('cancelled', 'notMinusArrived')
       AND b.arrival_date <= to_date AND b.turnaround_end_date >= from_date
     GROUP BY b.bedspace_id),
  vd AS (
    SELECT v.bedspace_id,
           sum(cas3_days_within(v.start_date, v.end_date, from_date, to_date))::integer AS days
      FROM cas3_void_bedspace v
     WHERE v.cancelled_at IS NULL AND v.start_date <= to_date AND v.end_date >= from_date
     GROUP BY v.bedspace_id),
  bs AS (
    SELECT s.*, cas3_days_within(s.start_date, coalesce(s.end_date - 1, to_date),
                                 from_date, to_date) AS online
      FROM cas3_bedspace s)
  SELECT pr.name, pdu.name, la.name, p.name, p.address_line1, p.town, p.postcode, bs.reference,
         coalesce(bk.booked, 0), coalesce(bk.confirmed, 0), coalesce(bk.provisional, 0),
         coalesce(bk.turn_sched, 0), coalesce(bk.turn_eff, 0), coalesce(vd.days, 0),
         coalesce(bk.booked, 0), bs.start_date, bs.end_date, bs.online,
         CASE WHEN bs.online > 0
              THEN round(100.0 * coalesce(bk.booked, 0) / bs.online, 1) END,
         p.id, bs.id
    FROM bs
    JOIN cas3_premises p ON p.id = bs.premises_id
    JOIN pdu ON pdu.id = p.pdu_id
    JOIN probation_region pr ON pr.id = p.probation_region_id
    LEFT JOIN local_authority la ON la.id = p.local_authority_id
    LEFT JOIN bk ON bk.bedspace_id = bs.id
    LEFT JOIN vd ON vd.bedspace_id = bs.id
   WHERE (region IS NULL OR p.probation_region_id = region)
     AND bs.online > 0
   ORDER BY pdu.name, p.name, bs.reference;
END
$$;

-- Bookings still to start: arriving from from_date to 6 months after to_date
-- (§4: "future-bookings reports add 6 months to the end date").
CREATE FUNCTION cas3_report_future_bookings(region text, from_date date, to_date date)
  RETURNS TABLE ("bookingId" uuid, "referralId" uuid, "referralDate" date, "personName" text,
                 gender text, ethnicity text, "dateOfBirth" date, "riskOfSeriousHarm" text,
                 "registeredSexOffender" boolean, "historyOfSexualOffence" boolean,
                 "concerningSexualBehaviour" boolean, "dutyToReferMade" boolean,
                 "dateDutyToReferMade" date, "dutyToReferLocalAuthorityAreaName" text,
                 "probationRegion" text, pdu text, "localAuthority" text, "addressLine1" text,
                 "postCode" text, crn text, "prisonAtReferral" text, "startDate" date,
                 "accommodationRequiredDate" date, "updatedAccommodationRequiredDate" date,
                 "bookingStatus" text)
  LANGUAGE plpgsql STABLE AS
$$
#variable_conflict use_column
BEGIN
  PERFORM cas3_report_window_check(from_date, to_date);
  RETURN QUERY
  SELECT b.id, a.id, a.created_at::date, coalesce(a.person_name, b.person_name),
         coalesce(a.sex, b.sex), a.ethnicity, a.date_of_birth,
         a.risk_ratings #>> '{roshRisks,value,overallRisk}', a.is_registered_sex_offender,
         a.is_history_of_sexual_offence, a.is_concerning_sexual_behaviour,
         a.is_duty_to_refer_submitted, a.duty_to_refer_submission_date,
         a.duty_to_refer_local_authority, b.region_name, b.pdu_name, la.name, b.address_line1,
         b.postcode, b.crn, a.prison_name, b.arrival_date, a.accommodation_required_from,
         s.accommodation_required_from, b.status
    FROM cas3_booking_view b
    JOIN cas3_premises p ON p.id = b.premises_id
    LEFT JOIN local_authority la ON la.id = p.local_authority_id
    LEFT JOIN cas3_application a ON a.id = b.application_id
    LEFT JOIN cas3_assessment s ON s.application_id = a.id
   WHERE (region IS NULL OR b.probation_region_id = region)
     AND b.status IN ('provisional', 'confirmed')
     AND b.arrival_date BETWEEN from_date AND (to_date + interval '6 months')::date
   ORDER BY b.arrival_date, b.id;
END
$$;

-- Empty periods of each online bedspace in the window: no booking, no
-- turnaround, no void.
CREATE FUNCTION cas3_report_booking_gaps(region text, from_date date, to_date date)
  RETURNS TABLE ("probationRegion" text, "pduName" text, "premisesName" text, "bedName" text,
                 gap text, "gapStart" date, "gapEnd" date, "gapDays" integer,
                 "uniqueBedspaceRef" uuid)
  LANGUAGE plpgsql STABLE AS
$$
#variable_conflict use_column
BEGIN
  PERFORM cas3_report_window_check(from_date, to_date);
  RETURN QUERY
  SELECT pr.name, pdu.name, p.name, bs.reference,
         to_char(lower(g), 'YYYY-MM-DD') || ' to ' || to_char(upper(g) - 1, 'YYYY-MM-DD'),
         lower(g), upper(g) - 1, upper(g) - lower(g), bs.id
    FROM cas3_bedspace bs
    JOIN cas3_premises p ON p.id = bs.premises_id
    JOIN pdu ON pdu.id = p.pdu_id
    JOIN probation_region pr ON pr.id = p.probation_region_id
    CROSS JOIN LATERAL (SELECT greatest(bs.start_date, from_date) AS lo,
                               least(coalesce(bs.end_date - 1, to_date), to_date) AS hi) w
    CROSS JOIN LATERAL unnest(
        CASE WHEN w.lo <= w.hi THEN datemultirange(daterange(w.lo, w.hi, '[]'))
             ELSE '{}'::datemultirange END
        - coalesce((SELECT range_agg(o.during) FROM cas3_occupancy o
                     WHERE o.bedspace_id = bs.id
                       AND o.during && daterange(from_date, to_date, '[]')),
                   '{}'::datemultirange)) AS g
   WHERE (region IS NULL OR p.probation_region_id = region)
     AND NOT isempty(g)
   ORDER BY pdu.name, p.name, bs.reference, lower(g);
END
$$;

-- ---------------------------------------------------------------------------
-- Row-level security

ALTER TABLE cas3_premises ENABLE ROW LEVEL SECURITY;
ALTER TABLE cas3_bedspace ENABLE ROW LEVEL SECURITY;
ALTER TABLE cas3_premises_characteristic ENABLE ROW LEVEL SECURITY;
ALTER TABLE cas3_bedspace_characteristic ENABLE ROW LEVEL SECURITY;
ALTER TABLE cas3_void_bedspace ENABLE ROW LEVEL SECURITY;
ALTER TABLE cas3_application ENABLE ROW LEVEL SECURITY;
ALTER TABLE cas3_assessment ENABLE ROW LEVEL SECURITY;
ALTER TABLE cas3_assessment_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE cas3_assessment_note ENABLE ROW LEVEL SECURITY;
ALTER TABLE cas3_booking ENABLE ROW LEVEL SECURITY;
ALTER TABLE cas3_occupancy ENABLE ROW LEVEL SECURITY;

-- Administrators: everything; reporters: read everything.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['cas3_premises', 'cas3_bedspace', 'cas3_premises_characteristic',
                           'cas3_bedspace_characteristic', 'cas3_void_bedspace',
                           'cas3_application', 'cas3_assessment', 'cas3_assessment_history',
                           'cas3_assessment_note', 'cas3_booking', 'cas3_occupancy'] LOOP
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL TO caseterm_admin USING (true) WITH CHECK (true)',
                   t || '_admin', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR SELECT TO caseterm_reporter USING (true)',
                   t || '_reporter', t);
  END LOOP;
END $$;

-- HPT assessors: their own region, on every read and every write (§6.1,
-- FM-1104: the region check applies to updates too).
CREATE POLICY cas3_premises_hpt ON cas3_premises FOR ALL TO caseterm_hpt
  USING (probation_region_id = cas3_my_region()) WITH CHECK (probation_region_id = cas3_my_region());
CREATE POLICY cas3_application_hpt ON cas3_application FOR SELECT TO caseterm_hpt
  USING (probation_region_id = cas3_my_region());
CREATE POLICY cas3_assessment_hpt ON cas3_assessment FOR ALL TO caseterm_hpt
  USING (probation_region_id = cas3_my_region()) WITH CHECK (probation_region_id = cas3_my_region());
CREATE POLICY cas3_booking_hpt ON cas3_booking FOR ALL TO caseterm_hpt
  USING (probation_region_id = cas3_my_region()) WITH CHECK (probation_region_id = cas3_my_region());

-- Practitioners: the applications they submitted, their assessment and
-- status history (not the assessors' notes), the bookings made from them
-- and where those are.
CREATE POLICY cas3_application_pp ON cas3_application FOR SELECT TO caseterm_pp
  USING (submitted_by = current_staff_id());
CREATE POLICY cas3_application_pp_submit ON cas3_application FOR INSERT TO caseterm_pp
  WITH CHECK (submitted_by = current_staff_id());
CREATE POLICY cas3_assessment_pp ON cas3_assessment FOR SELECT TO caseterm_pp
  USING (EXISTS (SELECT 1 FROM cas3_application a WHERE a.id = application_id));
CREATE POLICY cas3_booking_pp ON cas3_booking FOR SELECT TO caseterm_pp
  USING (application_id IS NOT NULL
         AND EXISTS (SELECT 1 FROM cas3_application a WHERE a.id = application_id));
CREATE POLICY cas3_premises_pp ON cas3_premises FOR SELECT TO caseterm_pp
  USING (EXISTS (SELECT 1 FROM cas3_booking b WHERE b.premises_id = cas3_premises.id));

-- Children follow their parent, which is itself filtered for every role.
CREATE POLICY cas3_bedspace_read ON cas3_bedspace FOR SELECT TO caseterm_pp, caseterm_hpt
  USING (EXISTS (SELECT 1 FROM cas3_premises p WHERE p.id = premises_id));
CREATE POLICY cas3_bedspace_hpt ON cas3_bedspace FOR ALL TO caseterm_hpt
  USING (EXISTS (SELECT 1 FROM cas3_premises p WHERE p.id = premises_id))
  WITH CHECK (EXISTS (SELECT 1 FROM cas3_premises p WHERE p.id = premises_id));
CREATE POLICY cas3_premises_characteristic_hpt ON cas3_premises_characteristic FOR ALL
  TO caseterm_pp, caseterm_hpt
  USING (EXISTS (SELECT 1 FROM cas3_premises p WHERE p.id = premises_id))
  WITH CHECK (EXISTS (SELECT 1 FROM cas3_premises p WHERE p.id = premises_id));
CREATE POLICY cas3_bedspace_characteristic_hpt ON cas3_bedspace_characteristic FOR ALL
  TO caseterm_pp, caseterm_hpt
  USING (EXISTS (SELECT 1 FROM cas3_bedspace b WHERE b.id = bedspace_id))
  WITH CHECK (EXISTS (SELECT 1 FROM cas3_bedspace b WHERE b.id = bedspace_id));
CREATE POLICY cas3_void_bedspace_hpt ON cas3_void_bedspace FOR ALL TO caseterm_hpt
  USING (EXISTS (SELECT 1 FROM cas3_bedspace b WHERE b.id = bedspace_id))
  WITH CHECK (EXISTS (SELECT 1 FROM cas3_bedspace b WHERE b.id = bedspace_id));
CREATE POLICY cas3_occupancy_read ON cas3_occupancy FOR SELECT TO caseterm_hpt
  USING (EXISTS (SELECT 1 FROM cas3_bedspace b WHERE b.id = bedspace_id));
CREATE POLICY cas3_assessment_history_read ON cas3_assessment_history FOR SELECT
  TO caseterm_pp, caseterm_hpt
  USING (EXISTS (SELECT 1 FROM cas3_assessment s WHERE s.id = assessment_id));
CREATE POLICY cas3_assessment_note_hpt ON cas3_assessment_note FOR ALL TO caseterm_hpt
  USING (EXISTS (SELECT 1 FROM cas3_assessment s WHERE s.id = assessment_id))
  WITH CHECK (EXISTS (SELECT 1 FROM cas3_assessment s WHERE s.id = assessment_id));

-- Booking records follow their booking.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['cas3_confirmation', 'cas3_arrival', 'cas3_departure', 'cas3_extension',
                           'cas3_overstay', 'cas3_cancellation', 'cas3_non_arrival',
                           'cas3_turnaround'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL TO caseterm_admin USING (true) WITH CHECK (true)',
                   t || '_admin', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR SELECT TO caseterm_reporter USING (true)',
                   t || '_reporter', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL TO caseterm_pp, caseterm_hpt'
                   ' USING (EXISTS (SELECT 1 FROM cas3_booking b WHERE b.id = booking_id))'
                   ' WITH CHECK (EXISTS (SELECT 1 FROM cas3_booking b WHERE b.id = booking_id))',
                   t || '_booking', t);
  END LOOP;
END $$;

-- Grants: what each role may try; the policies above say on which rows.
GRANT SELECT ON cas3_premises, cas3_bedspace, cas3_premises_characteristic,
  cas3_bedspace_characteristic, cas3_void_bedspace, cas3_application, cas3_assessment,
  cas3_assessment_history, cas3_assessment_note, cas3_booking, cas3_confirmation, cas3_arrival,
  cas3_departure, cas3_extension, cas3_overstay, cas3_cancellation, cas3_non_arrival,
  cas3_turnaround, cas3_occupancy, cas3_booking_view, cas3_assessment_view
  TO caseterm_staff;
GRANT INSERT, UPDATE ON cas3_premises, cas3_bedspace, cas3_void_bedspace, cas3_booking
  TO caseterm_hpt, caseterm_admin;
GRANT INSERT, DELETE ON cas3_premises_characteristic, cas3_bedspace_characteristic
  TO caseterm_hpt, caseterm_admin;
GRANT UPDATE ON cas3_assessment TO caseterm_hpt, caseterm_admin;
GRANT INSERT ON cas3_assessment_note, cas3_confirmation, cas3_arrival, cas3_departure,
  cas3_extension, cas3_overstay, cas3_cancellation, cas3_non_arrival, cas3_turnaround
  TO caseterm_hpt, caseterm_admin;
GRANT INSERT ON cas3_application TO caseterm_pp, caseterm_admin;
