-- 0007_referral_timeline: what happened to one referral, in time order, for
-- the referral detail screen (practitioner and supplier alike), and why a
-- referral needs its practitioner's attention.
--
-- referral_timeline(p_id) is the one place the timeline is put together.  It
-- runs as the caller (SECURITY INVOKER), so row-level security decides what
-- each person sees: a referral the caller may not see gives no rows.  Every
-- row is already in words (summary, detail), so a screen draws it without
-- knowing the kinds.  The supplier migration adds its tables (appointments,
-- attendance and feedback, action plans, sessions, end-of-service reports)
-- with CREATE OR REPLACE FUNCTION referral_timeline: keep the parts below and
-- UNION ALL the new ones, with the same columns:
--   at        when it happened
--   kind      status | assignment | case_note | amendment | (supplier kinds)
--   who       display name of whoever acted (NULL: the system)
--   who_role  their staff_role as text (pp, sp, admin ...), NULL when unknown
--   summary   one line: "Referral sent", "Assigned to Kate Morgan",
--             "Case note from the service provider: Best time to call"
--   detail    more text (a note's body, a reason), may hold newlines; NULL
--   item_id   the row it came from (a case note's id ...), as text
--   seq       orders rows with the same time (lower first)
--
-- referral_attention_reason(r) says in words why an open referral needs its
-- practitioner (NULL when it does not); referral_needs_attention(r) becomes
-- "has a reason", so the supplier migration extends only
-- referral_attention_reason (flags to notify the practitioner, missed
-- appointments, action plans awaiting approval) and the home queue count and
-- the attention list agree.

-- A changelog value (old_value or new_value of an amendment) in words:
-- booleans as yes/no, complexity levels and desired outcomes by their
-- titles, NULL as "not given".
CREATE FUNCTION referral_change_words(v jsonb) RETURNS text
  LANGUAGE sql STABLE AS
$$
  SELECT coalesce(string_agg(w, '; ' ORDER BY o), 'not given') FROM (
    SELECT e.o, CASE
      WHEN jsonb_typeof(e.value) = 'null' THEN NULL
      WHEN e.key = 'serviceCategoryId' THEN NULL
      WHEN e.key = 'complexityLevelId' THEN
        coalesce((SELECT l.title FROM complexity_level l WHERE l.id = e.value #>> '{}'),
                 e.value #>> '{}')
      WHEN e.key = 'desiredOutcomeIds' THEN
        (SELECT string_agg(coalesce(d.description, x.v), '; ' ORDER BY x.n)
           FROM jsonb_array_elements_text(e.value) WITH ORDINALITY AS x (v, n)
           LEFT JOIN desired_outcome d ON d.id::text = x.v)
      WHEN jsonb_typeof(e.value) = 'boolean' THEN
        CASE WHEN (e.value #>> '{}')::boolean THEN 'yes' ELSE 'no' END
      ELSE e.value #>> '{}' END AS w
    FROM jsonb_each(coalesce(v, '{}')) WITH ORDINALITY AS e (key, value, o)) t
  WHERE w IS NOT NULL AND w <> ''
$$;

CREATE FUNCTION referral_timeline(p_id uuid)
  RETURNS TABLE (at timestamptz, kind text, who text, who_role text, summary text,
                 detail text, item_id text, seq integer)
  LANGUAGE sql STABLE AS
$$
  SELECT t.* FROM (
    -- every state the referral reached (assignments have their own rows)
    SELECT h.at, 'status'::text, s.display_name, s.role::text,
           CASE h.state
             WHEN 'SENT' THEN 'Referral sent'
             WHEN 'WITHDRAWN' THEN 'Referral withdrawn'
             WHEN 'PREMATURELY_ENDED' THEN 'Referral ended early'
             WHEN 'CANCELLED' THEN 'Referral cancelled'
             WHEN 'COMPLETED' THEN 'Referral completed'
             ELSE 'Status: ' || referral_state_words(h.state) END,
           nullif(concat_ws(E'\n',
             CASE WHEN h.note IS NOT NULL AND r.end_requested_at = h.at
                  THEN 'Reason: ' || h.note ELSE h.note END,
             CASE WHEN r.end_requested_at = h.at AND r.withdrawal_comments IS NOT NULL
                  THEN 'More information: ' || r.withdrawal_comments END), ''),
           h.id::text, 10
    FROM referral_status_history h
    JOIN referral r ON r.id = h.referral_id
    LEFT JOIN staff s ON s.id = h.by_staff_id
    WHERE h.referral_id = p_id AND h.state <> 'ASSIGNED'
    UNION ALL
    -- caseworker assignments, first and later ones
    SELECT a.assigned_at, 'assignment', s.display_name, s.role::text,
           CASE WHEN EXISTS (SELECT 1 FROM referral_assignment p
                             WHERE p.referral_id = a.referral_id AND p.id < a.id)
                THEN 'Re-assigned to ' ELSE 'Assigned to ' END || t.display_name,
           NULL, a.id::text, 20
    FROM referral_assignment a
    JOIN staff t ON t.id = a.assigned_to
    LEFT JOIN staff s ON s.id = a.assigned_by
    WHERE a.referral_id = p_id
    UNION ALL
    -- case notes both ways
    SELECT c.sent_at, 'case_note', s.display_name, s.role::text,
           'Case note from ' ||
             CASE s.role WHEN 'sp' THEN 'the service provider'
                         WHEN 'pp' THEN 'the probation practitioner'
                         ELSE coalesce(s.display_name, 'someone') END || ': ' || c.subject,
           c.body, c.id::text, 30
    FROM case_note c
    LEFT JOIN staff s ON s.id = c.sent_by
    WHERE c.referral_id = p_id
    UNION ALL
    -- amendments after sending, one row per topic, with the reason
    SELECT l.changed_at, 'amendment', s.display_name, s.role::text,
           'Changed: ' || referral_amend_topic_label(l.topic),
           concat_ws(E'\n', 'Reason: ' || l.reason_for_change,
                     'Was: ' || referral_change_words(l.old_value),
                     'Now: ' || referral_change_words(l.new_value)),
           l.id::text, 40
    FROM changelog l
    LEFT JOIN staff s ON s.id = l.changed_by
    WHERE l.referral_id = p_id
  ) AS t (at, kind, who, who_role, summary, detail, item_id, seq)
  ORDER BY t.at, t.seq, t.item_id
$$;

-- Why an open referral needs its practitioner, in words; NULL when it does
-- not.  For now: the latest case note came from the supplier (unanswered).
CREATE FUNCTION referral_attention_reason(r referral) RETURNS text
  LANGUAGE sql STABLE AS
$$
  SELECT CASE WHEN r.concluded_at IS NULL AND coalesce((
    SELECT s.role = 'sp' FROM case_note c JOIN staff s ON s.id = c.sent_by
    WHERE c.referral_id = r.id ORDER BY c.sent_at DESC, c.id DESC LIMIT 1), false)
    THEN 'The service provider sent a case note' END
$$;

CREATE OR REPLACE FUNCTION referral_needs_attention(r referral) RETURNS boolean
  LANGUAGE sql STABLE AS
$$ SELECT referral_attention_reason(r) IS NOT NULL $$;

-- The versions of a referral's details (1.9), newest first, for "details as
-- sent and amended".  As the caller: RLS applies.
CREATE FUNCTION referral_details_history(p_id uuid)
  RETURNS TABLE (version integer, created_at timestamptz, created_by text,
                 completion_deadline date, maximum_enforceable_days integer,
                 reason_for_referral text, further_information text,
                 reason_for_change text, current boolean)
  LANGUAGE sql STABLE AS
$$
  SELECT (row_number() OVER (ORDER BY d.created_at, d.id))::integer, d.created_at,
         s.display_name, d.completion_deadline, d.maximum_enforceable_days,
         d.reason_for_referral, d.further_information, d.reason_for_change,
         d.superseded_by_id IS NULL
  FROM referral_details d
  LEFT JOIN staff s ON s.id = d.created_by
  WHERE d.referral_id = p_id
  ORDER BY d.created_at DESC, d.id DESC
$$;

GRANT EXECUTE ON FUNCTION referral_change_words(jsonb), referral_timeline(uuid),
  referral_attention_reason(referral), referral_details_history(uuid) TO caseterm_staff;
