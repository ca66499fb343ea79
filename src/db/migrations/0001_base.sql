-- 0001_base: roles, staff, regions, audit log, outbox, look-up cache.
--
-- Every member of staff logs in as their own Postgres role, a member of one
-- of the group roles below.  Group roles are cluster-wide, so creating them
-- tolerates another database (or a concurrent migration) having made them.

CREATE EXTENSION IF NOT EXISTS btree_gist;

DO $$
DECLARE r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['caseterm_staff', 'caseterm_pp', 'caseterm_sp',
                           'caseterm_hpt', 'caseterm_reporter', 'caseterm_admin'] LOOP
    BEGIN
      EXECUTE format('CREATE ROLE %I NOLOGIN', r);
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL;
    END;
  END LOOP;
END $$;

DO $$
DECLARE r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['caseterm_pp', 'caseterm_sp', 'caseterm_hpt',
                           'caseterm_reporter', 'caseterm_admin'] LOOP
    IF NOT pg_has_role(r, 'caseterm_staff', 'MEMBER') THEN
      EXECUTE format('GRANT caseterm_staff TO %I', r);
    END IF;
  END LOOP;
END $$;

-- The 12 probation regions (NPS regions, reference/interventions.md 1.5);
-- rows come with the reference-data migration.
CREATE TABLE probation_region (
  id   text PRIMARY KEY,
  name text NOT NULL UNIQUE
);

CREATE TABLE pdu (
  id        text PRIMARY KEY,
  name      text NOT NULL,
  region_id text NOT NULL REFERENCES probation_region (id)
);

CREATE TABLE service_provider (
  id   text PRIMARY KEY,          -- HMPPS Auth group code, e.g. A_WAY_OUT
  name text NOT NULL
);

CREATE TYPE staff_role AS ENUM ('pp', 'sp', 'hpt', 'reporter', 'admin');

CREATE TABLE staff (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username     name NOT NULL UNIQUE,          -- their Postgres role
  display_name text NOT NULL,
  role         staff_role NOT NULL,
  email        text,
  phone        text,
  team         text,
  staff_code   text,
  region_id    text REFERENCES probation_region (id),
  pdu_id       text REFERENCES pdu (id),
  provider_id  text REFERENCES service_provider (id),
  active       boolean NOT NULL DEFAULT true,
  created_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT hpt_has_region CHECK (role <> 'hpt' OR region_id IS NOT NULL)
);

-- Who is asking: the staff row of the connected role.  These run as the
-- caller (never SECURITY DEFINER, where current_user would be the owner).
CREATE FUNCTION current_staff_id() RETURNS bigint
  LANGUAGE sql STABLE AS
  $$ SELECT id FROM staff WHERE username = current_user AND active $$;

CREATE FUNCTION current_staff_role() RETURNS staff_role
  LANGUAGE sql STABLE AS
  $$ SELECT role FROM staff WHERE username = current_user AND active $$;

-- Insert-only record of every read of risk information and every change.
CREATE TABLE audit_log (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at        timestamptz NOT NULL DEFAULT now(),
  username  name NOT NULL DEFAULT current_user,
  action    text NOT NULL,               -- e.g. risk.read, referral.sent
  crn       text,
  entity    text,
  entity_id text,
  detail    jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_crn ON audit_log (crn, at);

CREATE FUNCTION audit_log_is_insert_only() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'audit_log is insert-only'; END $$;
CREATE TRIGGER audit_log_insert_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_insert_only();

-- Everything nDelius must hear about, written in the same transaction as the
-- change; delivered by `caseterm outbox send` with FOR UPDATE SKIP LOCKED.
CREATE TABLE outbox (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq             bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  event_type      text NOT NULL,
  crn             text,
  payload         jsonb NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  created_by      name NOT NULL DEFAULT current_user,
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz,
  last_error      text
);
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE sent_at IS NULL;

-- Upstream answers kept so a second user or a restart does not wait again.
CREATE TABLE lookup_cache (
  endpoint   text NOT NULL,               -- e.g. ndelius.details, oasys.summary
  crn        text NOT NULL,
  http_status integer NOT NULL,
  body       text,
  fetched_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (endpoint, crn)
);

-- Counts for the home screen, one row per work queue of the signed-in
-- member of staff.  Later migrations replace this function as each area's
-- tables arrive, so the home screen never needs to know the SQL.  It runs
-- as the caller, so row-level security shapes every count.
CREATE FUNCTION home_queues() RETURNS TABLE (queue text, label text, n bigint)
  LANGUAGE plpgsql STABLE AS
$$
BEGIN
  IF current_staff_role() = 'admin' THEN
    RETURN QUERY SELECT 'outbox'::text, 'Events waiting to reach nDelius'::text, count(*)
      FROM outbox WHERE sent_at IS NULL;
  END IF;
END
$$;

ALTER TABLE staff ENABLE ROW LEVEL SECURITY;
CREATE POLICY staff_read ON staff FOR SELECT TO caseterm_staff USING (true);

GRANT USAGE ON SCHEMA public TO caseterm_staff;
GRANT SELECT ON probation_region, pdu, service_provider, staff TO caseterm_staff;
GRANT INSERT, SELECT ON audit_log TO caseterm_admin, caseterm_reporter;
GRANT INSERT ON audit_log TO caseterm_staff;
GRANT INSERT ON outbox TO caseterm_staff;
GRANT SELECT, UPDATE ON outbox TO caseterm_admin;
-- The cache holds raw OASys text: only those who may read it in full get it.
-- Suppliers see shared (redacted) risk text through their referrals only, and
-- reporters work on aggregates.
GRANT SELECT, INSERT, UPDATE ON lookup_cache TO caseterm_pp, caseterm_hpt, caseterm_admin;
GRANT EXECUTE ON FUNCTION current_staff_id(), current_staff_role(), home_queues() TO caseterm_staff;
GRANT INSERT, UPDATE ON staff TO caseterm_admin;
CREATE POLICY staff_admin ON staff FOR ALL TO caseterm_admin USING (true) WITH CHECK (true);
