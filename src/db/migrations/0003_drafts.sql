-- 0003_drafts: answers to forms being filled in.  One row per draft, seen and
-- changed only by the member of staff who owns it (row-level security on
-- current_user), saved as the user leaves each field.  `version` makes a
-- save from a second session over a newer one fail instead of overwriting
-- it; the trigger bumps it on every update, so no client can forget to.

CREATE TABLE form_draft (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner      name NOT NULL DEFAULT current_user,
  form_id    text NOT NULL CHECK (form_id ~ '^[a-z][a-z0-9_]{0,63}$'),
  subject    text,                          -- what it is about, e.g. a CRN
  title      text,                          -- shown in "resume a draft"
  answers    jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(answers) = 'object'),
  version    integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX form_draft_mine ON form_draft (owner, updated_at DESC);

CREATE FUNCTION form_draft_touch() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
  NEW.version := OLD.version + 1;
  NEW.updated_at := clock_timestamp();
  NEW.owner := OLD.owner;
  NEW.created_at := OLD.created_at;
  RETURN NEW;
END
$$;
CREATE TRIGGER form_draft_touch BEFORE UPDATE ON form_draft
  FOR EACH ROW EXECUTE FUNCTION form_draft_touch();

ALTER TABLE form_draft ENABLE ROW LEVEL SECURITY;
CREATE POLICY form_draft_owner ON form_draft FOR ALL TO caseterm_staff
  USING (owner = current_user) WITH CHECK (owner = current_user);

-- Columns a member of staff may write; owner, version and the times are the
-- database's.
GRANT SELECT, DELETE ON form_draft TO caseterm_staff;
GRANT INSERT (form_id, subject, title, answers) ON form_draft TO caseterm_staff;
GRANT UPDATE (subject, title, answers) ON form_draft TO caseterm_staff;
