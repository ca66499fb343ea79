-- 0005_catalogue: the catalogue of interventions (find-and-refer model) and
-- the accredited-programme courses it links to.
--
-- Catalogue entries (intervention_catalogue and its satellites, after
-- programmes_catalogue.md 5.2 / interventions.md 5.2) are loaded and kept up
-- to date by `caseterm catalogue import FILE...` from the find-and-refer JSON
-- format; this migration holds no entries.  An entry's id is the file's uuid
-- (or one made on first import when the file has none); name + type is
-- unique, so a re-import updates the entry it made.  Satellites are replaced
-- whole on every import, in the same transaction.
--
-- The accredited-programme strands (acp_course, acp_prerequisite,
-- acp_offering) are reference data from programmes_catalogue.md 1.2-1.7,
-- verbatim (texts the reference cuts end in "…").  acp_course.catalogue_name
-- names the catalogue entry a strand belongs to, matched by name against
-- intervention_catalogue (type ACP), so entries and strands can be loaded in
-- either order.  Links to R&M contracts (the intervention table) can come
-- later; nothing here depends on them.
--
-- Everyone on the staff may read the catalogue; administrators maintain it.

CREATE TYPE catalogue_type AS ENUM ('ACP', 'CRS', 'SI', 'TOOLKITS');
CREATE TYPE catalogue_setting_type AS ENUM ('COMMUNITY', 'CUSTODY', 'REMAND', 'PRE_RELEASE');
CREATE TYPE catalogue_offence_kind AS ENUM ('ELIGIBLE', 'EXCLUDED');
CREATE TYPE catalogue_predictor AS ENUM ('OGRS3', 'OVP', 'RSR', 'OSP', 'SARA', 'SARA_PARTNER',
                                         'SARA_OTHER', 'ROSH');
CREATE TYPE catalogue_level AS ENUM ('LOW', 'MEDIUM', 'HIGH', 'VERY_HIGH');

CREATE TABLE intervention_catalogue (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name                text NOT NULL CHECK (name <> ''),
  int_type            catalogue_type NOT NULL,
  short_description   text,
  topic               text,
  session_detail      text,
  reason_for_referral text,
  time_to_complete    text,
  -- read from session_detail by the importer (cat_parse_sessions); NULL = not stated
  sessions_min        integer CHECK (sessions_min >= 0),
  sessions_max        integer CHECK (sessions_max >= sessions_min),
  hours               numeric(7,1) CHECK (hours >= 0),
  commencement_date   date,
  termination_date    date,
  source_file         text,
  version             integer NOT NULL DEFAULT 1,
  created             timestamptz NOT NULL DEFAULT now(),
  created_by          name NOT NULL DEFAULT current_user,
  last_modified       timestamptz,
  last_modified_by    name,
  CONSTRAINT intervention_catalogue_name_type UNIQUE (name, int_type)
);

-- One row per paragraph, in order.
CREATE TABLE catalogue_long_description (
  intervention_id uuid NOT NULL REFERENCES intervention_catalogue (id) ON DELETE CASCADE,
  seq             integer NOT NULL,
  paragraph       text NOT NULL,
  PRIMARY KEY (intervention_id, seq)
);

CREATE TABLE catalogue_delivery_method (
  intervention_id             uuid PRIMARY KEY REFERENCES intervention_catalogue (id) ON DELETE CASCADE,
  delivery_format             text,
  attendance_type             text,
  delivery_method_description text
);

CREATE TABLE catalogue_delivery_setting (
  intervention_id uuid NOT NULL REFERENCES intervention_catalogue (id) ON DELETE CASCADE,
  setting         catalogue_setting_type NOT NULL,
  PRIMARY KEY (intervention_id, setting)
);

-- Probation regions an entry is limited to; none = not limited.
CREATE TABLE catalogue_region (
  intervention_id uuid NOT NULL REFERENCES intervention_catalogue (id) ON DELETE CASCADE,
  region_id       text NOT NULL REFERENCES probation_region (id),
  PRIMARY KEY (intervention_id, region_id)
);

-- Community delivery locations (find-and-refer delivery_location: provider,
-- contact, PDU); custody locations come from acp_offering.
CREATE TABLE catalogue_location (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  intervention_id uuid NOT NULL REFERENCES intervention_catalogue (id) ON DELETE CASCADE,
  setting         catalogue_setting_type NOT NULL DEFAULT 'COMMUNITY',
  provider_name   text,
  contact         text,
  pdu_id          text REFERENCES pdu (id)
);
CREATE INDEX catalogue_location_entry ON catalogue_location (intervention_id);

-- Criminogenic needs as the file names them ("Drug Misuse", ...).
CREATE TABLE catalogue_need (
  intervention_id uuid NOT NULL REFERENCES intervention_catalogue (id) ON DELETE CASCADE,
  seq             integer NOT NULL,
  need            text NOT NULL,
  PRIMARY KEY (intervention_id, seq)
);

-- eligibility_offence (ELIGIBLE) and exclude_offence (EXCLUDED).
CREATE TABLE catalogue_offence (
  intervention_id uuid NOT NULL REFERENCES intervention_catalogue (id) ON DELETE CASCADE,
  kind            catalogue_offence_kind NOT NULL,
  seq             integer NOT NULL,
  offence_type    text NOT NULL,
  victim_type     text,
  motivation      text,
  PRIMARY KEY (intervention_id, kind, seq)
);

CREATE TABLE catalogue_enabling_intervention (
  intervention_id                  uuid PRIMARY KEY REFERENCES intervention_catalogue (id) ON DELETE CASCADE,
  qualifying_previous_intervention text,
  convicted_for_offence_type       text
);

-- NULL = not stated (never "no").
CREATE TABLE catalogue_personal_eligibility (
  intervention_id uuid PRIMARY KEY REFERENCES intervention_catalogue (id) ON DELETE CASCADE,
  min_age         integer CHECK (min_age BETWEEN 0 AND 120),
  max_age         integer CHECK (max_age BETWEEN 0 AND 120),
  males           boolean,
  females         boolean,
  CHECK (min_age IS NULL OR max_age IS NULL OR min_age <= max_age)
);

CREATE TABLE catalogue_possible_outcome (
  intervention_id uuid NOT NULL REFERENCES intervention_catalogue (id) ON DELETE CASCADE,
  seq             integer NOT NULL,
  outcome         text NOT NULL,
  PRIMARY KEY (intervention_id, seq)
);

-- The guides as written.
CREATE TABLE catalogue_risk_consideration (
  intervention_id              uuid PRIMARY KEY REFERENCES intervention_catalogue (id) ON DELETE CASCADE,
  cn_score_guide               text,
  extremism_risk_guide         text,
  sara_partner_score_guide     text,
  sara_other_score_guide       text,
  osp_score_guide              text,
  osp_dc_icc_combination_guide text,
  ogrs_score_guide             text,
  ovp_guide                    text,
  ogp_guide                    text,
  pna_guide                    text,
  rosh_level                   text,
  rsr_guide                    text
);

-- Risk rules as data, read from the guides by the importer (cat_risk_parse):
-- the predictor must be at one of levels, or its percentage within
-- [min_score, max_score]; only_if_missing: the rule applies only when that
-- other score is missing ("If OVP not available, then OGRS3: score 25+").
CREATE TABLE catalogue_risk_rule (
  intervention_id uuid NOT NULL REFERENCES intervention_catalogue (id) ON DELETE CASCADE,
  seq             integer NOT NULL,
  predictor       catalogue_predictor NOT NULL,
  levels          catalogue_level[] NOT NULL DEFAULT '{}',
  min_score       numeric(6,2),
  max_score       numeric(6,2),
  only_if_missing catalogue_predictor,
  source_field    text NOT NULL,
  guide           text NOT NULL,
  PRIMARY KEY (intervention_id, seq),
  CHECK (cardinality(levels) > 0 OR min_score IS NOT NULL OR max_score IS NOT NULL)
);

CREATE TABLE catalogue_special_educational_need (
  intervention_id                    uuid PRIMARY KEY REFERENCES intervention_catalogue (id) ON DELETE CASCADE,
  literacy_level_guide               text,
  learning_disability_catered_for    text,    -- 'Yes', 'No' or free text
  equivalent_non_ldc_programme_guide text
);

CREATE TABLE catalogue_exclusion (
  intervention_id                                      uuid PRIMARY KEY REFERENCES intervention_catalogue (id) ON DELETE CASCADE,
  min_remaining_sentence_duration_guide                text,
  remaining_license_community_order_guide              text,
  alcohol_drug_problem_guide                           text,
  mental_health_problem_guide                          text,
  not_allowed_if_eligible_for_another_intervention_guide text,
  literacy_level_guide                                 text,
  other_preferred_method_guide                         text,
  same_type_rule_guide                                 text,
  schedule_frequency_guide                             text,
  convicted_for_offence_type_guide                     text
);

-- ---------------------------------------------------------------- courses

-- Audiences and their tag colours (programmes_catalogue.md 1.2, V79).
CREATE TABLE acp_audience (
  name   text NOT NULL,
  colour text,
  UNIQUE (name, colour)
);
INSERT INTO acp_audience (name, colour) VALUES
  ('All offences', 'light-blue'),
  ('Extremism offence', 'turquoise'),
  ('Gang-related offence', 'purple'),
  ('General violence offence', 'yellow'),
  ('Intimate partner violence offence', 'green'),
  ('Legacy Course', NULL),
  ('Sexual offence', 'orange');

-- One row per strand (1.4).  Intensity is the final state (V142 names,
-- V140 moves Healthy Sex Programme to HIGH_MODERATE).  Descriptions only
-- where the reference quotes them.
CREATE TABLE acp_course (
  identifier        text PRIMARY KEY,
  name              text NOT NULL,
  alternate_name    text,
  audience          text,
  audience_colour   text,
  intensity         text CHECK (intensity IN ('HIGH', 'MODERATE', 'HIGH_MODERATE')),
  withdrawn         boolean NOT NULL DEFAULT false,
  list_display_name text,
  description       text,
  catalogue_name    text          -- the intervention_catalogue entry (type ACP)
);
CREATE INDEX acp_course_catalogue ON acp_course (catalogue_name);

-- Prerequisites (1.6): name/description pairs, a name repeated for each value.
CREATE TABLE acp_prerequisite (
  course_identifier text NOT NULL REFERENCES acp_course (identifier) ON DELETE CASCADE,
  seq               integer NOT NULL,
  name              text NOT NULL,
  description       text NOT NULL,
  PRIMARY KEY (course_identifier, seq)
);

-- Building Choices: the displayed sexual-offence strand and its general twin (1.8).
CREATE TABLE acp_course_variant (
  course_identifier  text NOT NULL REFERENCES acp_course (identifier),
  variant_identifier text NOT NULL REFERENCES acp_course (identifier),
  PRIMARY KEY (course_identifier, variant_identifier)
);

-- Where a strand is offered (1.7): prison (organisation) code, name where the
-- reference gives it, contact mailbox as given ("TBC" is a real value).
CREATE TABLE acp_offering (
  course_identifier       text NOT NULL REFERENCES acp_course (identifier) ON DELETE CASCADE,
  organisation_code       text NOT NULL,
  organisation_name       text,
  gender                  text CHECK (gender IN ('MALE', 'FEMALE', 'ANY')),
  contact_email           text,
  secondary_contact_email text,
  referable               boolean NOT NULL DEFAULT true,
  withdrawn               boolean NOT NULL DEFAULT false,
  PRIMARY KEY (course_identifier, organisation_code)
);

INSERT INTO acp_course (identifier, name, alternate_name, audience, audience_colour, intensity, withdrawn, list_display_name, description, catalogue_name) VALUES
  ('BNM-VO', 'Becoming New Me Plus', 'BNM+', 'General violence offence', 'yellow', 'HIGH', false, 'Becoming New Me Plus: general violence', NULL, 'Becoming New Me Plus: general violence offence'),
  ('BNM-IPVO', 'Becoming New Me Plus', 'BNM+', 'Intimate partner violence offence', 'green', 'HIGH', false, 'Becoming New Me Plus: intimate partner violence', NULL, 'Becoming New Me Plus: intimate partner violence offence'),
  ('BNM-SO', 'Becoming New Me Plus', 'BNM+', 'Sexual offence', 'orange', 'HIGH', false, 'Becoming New Me Plus: sexual offence', NULL, 'Becoming New Me Plus: sexual offence'),
  ('BBR-IPVO', 'Building Better Relationships', 'BBR', 'Intimate partner violence offence', 'green', 'MODERATE', false, NULL, NULL, 'Building Better Relationships'),
  ('BCH-2', 'Building Choices: high intensity', NULL, 'General offence', 'light-blue', 'HIGH', false, 'Building Choices: high intensity', 'Building Choices helps people to develop skills for change and future-focused goals. It is a cognitive-behavioural programme, combining group and one-to-one sessions. It develops skills such as emotion management, healthy thinking, healthy relationships, sense of purpose and healthy sex. This is the high intensity pathway, including Getting Ready.', 'Building Choices: high intensity'),
  ('BCH-1', 'Building Choices: high intensity', NULL, 'Sexual offence', 'orange', 'HIGH', false, 'Building Choices: high intensity', 'Building Choices helps people to develop skills for change and future-focused goals. It is a cognitive-behavioural programme, combining group and one-to-one sessions. It develops skills such as emotion management, healthy thinking, healthy relationships, sense of purpose and healthy sex. This is the high intensity pathway, including Getting Ready.', 'Building Choices: high intensity'),
  ('BCM-2', 'Building Choices: moderate intensity', NULL, 'General offence', 'light-blue', 'MODERATE', false, 'Building Choices: moderate intensity', NULL, 'Building Choices: moderate intensity'),
  ('BCM-1', 'Building Choices: moderate intensity', NULL, 'Sexual offence', 'orange', 'MODERATE', false, 'Building Choices: moderate intensity', NULL, 'Building Choices: moderate intensity'),
  ('MZKDRHYKWR', 'Control of Violence for Angry Impulsive Drinkers', 'COVAID', 'General violence offence', 'yellow', 'MODERATE', false, NULL, NULL, 'Control of Violence for Angry Impulsive Drinkers'),
  ('HII-EO', 'Healthy Identity Intervention', 'HII', 'Extremism offence', 'turquoise', 'HIGH', false, NULL, NULL, 'Healthy Identity Intervention'),
  ('HSP-SO', 'Healthy Sex Programme', 'HSP', 'Sexual offence', 'orange', 'HIGH_MODERATE', false, NULL, 'Healthy Sex Programme (HSP) is a follow-up programme for men who have completed Kaizen, Becoming New Me Plus, Horizon, or New Me Strengths. It uses cognitive behavioural therapy and is aimed at men convicted of a sexual offence, or an offence with a sexual element.', 'Healthy Sex Programme'),
  ('H-SO', 'Horizon', NULL, 'Sexual offence', 'orange', 'MODERATE', false, NULL, NULL, 'Horizon'),
  ('IM-EO', 'Identity Matters', 'IM', 'Extremism offence', 'turquoise', 'MODERATE', true, NULL, NULL, 'Identity Matters'),
  ('IM-GO', 'Identity Matters', 'IM', 'Gang-related offence', 'purple', 'MODERATE', false, NULL, NULL, 'Identity Matters'),
  ('K-VO', 'Kaizen', NULL, 'General violence offence', 'yellow', 'HIGH', false, 'Kaizen: general violence', NULL, 'Kaizen: general violence offence'),
  ('K-IPVO', 'Kaizen', NULL, 'Intimate partner violence offence', 'green', 'HIGH', false, 'Kaizen: intimate partner violence', NULL, 'Kaizen: intimate partner violence offence'),
  ('K-SO', 'Kaizen', NULL, 'Sexual offence', 'orange', 'HIGH', false, 'Kaizen: sexual offence', 'Kaizen uses a unified approach, focusing on the needs of participants. It is inclusive and effective for a range of responsivity needs, including difficulties with engagement, therapeutic relationships and denial. This strand is for men convicted of a sexual offence.', 'Kaizen: sexual offence'),
  ('LNM-SO', 'Living as New Me', 'LNM', 'All offences', 'light-blue', 'HIGH_MODERATE', false, NULL, NULL, 'Living as New Me'),
  ('NMS-AO', 'New Me Strengths', 'NMS', 'General violence offence', 'yellow', 'MODERATE', true, 'New Me Strengths: general violence', NULL, 'New Me Strengths: general violence offence'),
  ('NMS-VO', 'New Me Strengths', 'NMS', 'General violence offence', 'yellow', 'MODERATE', false, 'New Me Strengths: general violence', NULL, 'New Me Strengths: general violence offence'),
  ('NMS-IPVO', 'New Me Strengths', 'NMS', 'Intimate partner violence offence', 'green', 'MODERATE', false, 'New Me Strengths: intimate partner violence', NULL, 'New Me Strengths: intimate partner violence offence'),
  ('NMS-SO', 'New Me Strengths', 'NMS', 'Sexual offence', 'orange', 'MODERATE', false, NULL, NULL, 'New Me Strengths: sexual offence'),
  ('TSP-AO', 'Thinking Skills Programme', 'TSP', 'All offences', 'light-blue', 'MODERATE', false, NULL, 'Thinking Skills Programme (TSP) helps men and women to develop skills in pro-social problem solving, perspective taking, developing and managing relationships, and self-management. Suitable for all offences – for sexual offences, consider Horizon or Kaizen first.', 'Thinking Skills Programme'),
  ('LEG-01', 'Controlling Anger and Learning to Manage it', NULL, 'Legacy Course', NULL, NULL, true, NULL, 'Legacy Course', NULL),
  ('LEG-02', 'Core Sex Offender Treatment Programme', NULL, 'Legacy Course', NULL, NULL, true, NULL, 'Legacy Course', NULL),
  ('LEG-03', 'Enhanced Thinking Skills', NULL, 'Legacy Course', NULL, NULL, true, NULL, 'Legacy Course', NULL),
  ('LEG-04', 'Healthy Relationships Programme', NULL, 'Legacy Course', NULL, NULL, true, NULL, 'Legacy Course', NULL),
  ('LEG-07', 'New Me MOT', NULL, 'All offences', 'light-blue', 'HIGH_MODERATE', false, NULL, NULL, 'New Me MOT'),
  ('LEG-08', 'Resolve', NULL, 'Legacy Course', NULL, NULL, true, NULL, 'Legacy Course', NULL),
  ('LEG-09', 'Self Change Programme', NULL, 'Legacy Course', NULL, NULL, true, NULL, 'Legacy Course', NULL),
  ('LEG-10', 'Sex Offender Treatment Programme', NULL, 'Legacy Course', NULL, NULL, true, NULL, 'Legacy Course', NULL),
  ('LEG-06', 'iHorizon', NULL, 'Legacy Course', NULL, 'MODERATE', true, NULL, 'Legacy Course', 'iHorizon'),
  ('LEG-05', 'iSex Offender Treatment Programme', NULL, 'Legacy Course', NULL, NULL, true, NULL, 'Legacy Course', NULL);

INSERT INTO acp_prerequisite (course_identifier, seq, name, description) VALUES
  ('BBR-IPVO', 1, 'Age', '18+'),
  ('BBR-IPVO', 2, 'Criminogenic needs', 'Alcohol misuse'),
  ('BBR-IPVO', 3, 'Criminogenic needs', 'Drug misuse'),
  ('BBR-IPVO', 4, 'Criminogenic needs', 'Relationships'),
  ('BBR-IPVO', 5, 'Criminogenic needs', 'Thinking and behaviour'),
  ('BBR-IPVO', 6, 'Gender', 'Male'),
  ('BBR-IPVO', 7, 'Need requirements', 'Aggression and anger'),
  ('BBR-IPVO', 8, 'Need requirements', 'Alcohol and drug misuse'),
  ('BBR-IPVO', 9, 'Need requirements', 'Attitudes that support relationship violence'),
  ('BBR-IPVO', 10, 'Need requirements', 'Coercive control'),
  ('BBR-IPVO', 11, 'Need requirements', 'Emotional mismanagement / self-regulation'),
  ('BBR-IPVO', 12, 'Need requirements', 'Hostile masculinity'),
  ('BBR-IPVO', 13, 'Need requirements', 'Jealousy'),
  ('BBR-IPVO', 14, 'Need requirements', 'Obsessive and controlling behaviour towards a current or former partner in context of an intimate relationship'),
  ('BBR-IPVO', 15, 'Need requirements', 'Relationship problems'),
  ('BBR-IPVO', 16, 'Need requirements', 'Separation / threat of separation'),
  ('BBR-IPVO', 17, 'Need requirements', 'Social skills deficits'),
  ('BBR-IPVO', 18, 'Need requirements', 'Stereotyped Gender roles and inequality beliefs'),
  ('BBR-IPVO', 19, 'Responsivity requirements', 'BBR aims to be responsive and there are no specific cut-off points for excluding individuals based on intelligence or personality disorder'),
  ('BBR-IPVO', 20, 'Responsivity requirements', 'Individuals should be sufficiently literate (able to read and understand simple sentences), or reasonable adjustments should be made to support the individual through the programme'),
  ('BBR-IPVO', 21, 'Responsivity requirements', 'Individuals who are transgender (including those who wish to permanently transition to an acquired gender, those who are intersex and those who identify as non-binary, gender fluid and / or transvestite) are eligible to …'),
  ('BBR-IPVO', 22, 'Responsivity requirements', 'Men who deny their current offence can participate in BBR if they have a history of unconvicted or convicted IPV, which is functionally similar to their current offence, which they are willing to acknowledge and work on'),
  ('BBR-IPVO', 23, 'Responsivity requirements', 'Offences which arise out of intimate partner conflict against a non-partner'),
  ('BBR-IPVO', 24, 'Risk criteria', 'Medium SARA (Spousal Assault Risk Assessment) in custody'),
  ('BBR-IPVO', 25, 'Risk criteria', 'Medium or high SARA (Spousal Assault Risk Assessment) in the community'),
  ('BBR-IPVO', 26, 'Setting', 'Custody or community'),
  ('BBR-IPVO', 27, 'Suitable for people with learning disabilities or challenges (LDC)?', 'Yes'),
  ('BBR-IPVO', 28, 'Time to complete', 'At least 6 months'),
  ('BCH-1', 1, 'Gender', 'Any, depending on prison requirements'),
  ('BCH-1', 2, 'Needs criteria', 'High need, based on their programme needs identifier score'),
  ('BCH-1', 3, 'Risk criteria', 'OGRS3 (Offender Group Reconviction Scale 3)'),
  ('BCH-1', 4, 'Risk criteria', 'OSP-DC or OSP-IIC (OASys Sexual Reconviction Predictor – Contact or Indecent Imagery)'),
  ('BCH-1', 5, 'Risk criteria', 'OVP (OASys Violence Predictor)'),
  ('BCH-1', 6, 'Risk criteria', 'RSR (Risk of Serious Recidivism)'),
  ('BCH-1', 7, 'Risk criteria', 'SARA (Spousal Assault Risk Assessment)'),
  ('BCH-1', 8, 'Risk criteria pre', 'High or very high in at least one of these areas:'),
  ('BCH-1', 9, 'Setting', 'Custody or community'),
  ('BCH-1', 10, 'Suitable for people with learning disabilities or challenges (LDC)', 'Yes'),
  ('BCH-1', 11, 'Time to complete', 'Around 17 to 25 weeks (2 to 3 sessions a week)'),
  ('BCM-1', 1, 'Gender', 'Any, depending on prison requirements'),
  ('BCM-1', 2, 'Needs criteria', 'Medium need, based on their programme needs identifier score.'),
  ('BCM-1', 3, 'Risk criteria', 'OGRS3 (Offender Group Reconviction Scale 3)'),
  ('BCM-1', 4, 'Risk criteria', 'OSP-DC or OSP-IIC (OASys Sexual Reconviction Predictor – Contact or Indecent Imagery)'),
  ('BCM-1', 5, 'Risk criteria', 'OVP (OASys Violence Predictor)'),
  ('BCM-1', 6, 'Risk criteria', 'RSR (Risk of Serious Recidivism)'),
  ('BCM-1', 7, 'Risk criteria', 'SARA (Spousal Assault Risk Assessment)'),
  ('BCM-1', 8, 'Risk criteria post', 'The person should not score high in any risk areas for the moderate intensity pathway.'),
  ('BCM-1', 9, 'Risk criteria pre', 'Medium in at least one of these areas:'),
  ('BCM-1', 10, 'Setting', 'Custody or community'),
  ('BCM-1', 11, 'Suitable for people with learning disabilities or challenges (LDC)', 'Yes'),
  ('BCM-1', 12, 'Time to complete', 'Around 10 to 13 weeks (2 to 3 sessions a week)'),
  ('BNM-IPVO', 1, 'Age', '18+'),
  ('BNM-IPVO', 2, 'Criminogenic needs', 'Attitudes'),
  ('BNM-IPVO', 3, 'Criminogenic needs', 'Relationships'),
  ('BNM-IPVO', 4, 'Equivalent non-LDC programme', 'Kaizen'),
  ('BNM-IPVO', 5, 'Gender', 'Male'),
  ('BNM-IPVO', 6, 'Need requirements', 'High need on PNA in Attitudes, Relationships, and Self-management'),
  ('BNM-IPVO', 7, 'Responsivity requirements', 'OASys Learning Screening Tool'),
  ('BNM-IPVO', 8, 'Risk criteria', 'High SARA (Spousal Assault Risk Assessment) against partners'),
  ('BNM-IPVO', 9, 'Setting', 'Custody'),
  ('BNM-IPVO', 10, 'Suitable for people with learning disabilities or challenges (LDC)?', 'Yes'),
  ('BNM-IPVO', 11, 'Time to complete', 'At least 12 months'),
  ('BNM-SO', 1, 'Age', '18+'),
  ('BNM-SO', 2, 'Criminogenic needs', 'Attitudes'),
  ('BNM-SO', 3, 'Criminogenic needs', 'Relationships'),
  ('BNM-SO', 4, 'Equivalent non-LDC programme', 'Kaizen'),
  ('BNM-SO', 5, 'Gender', 'Male'),
  ('BNM-SO', 6, 'Need requirements', 'High need on PNA in Attitudes, Relationships, and Self-management'),
  ('BNM-SO', 7, 'Responsivity requirements', 'OASys Learning Screening Tool'),
  ('BNM-SO', 8, 'Risk criteria', 'High or very high OSP (OASys Sexual Reconviction Predictor)'),
  ('BNM-SO', 9, 'Setting', 'Custody'),
  ('BNM-SO', 10, 'Suitable for people with learning disabilities or challenges (LDC)?', 'Yes'),
  ('BNM-SO', 11, 'Time to complete', 'At least 12 months'),
  ('BNM-VO', 1, 'Age', '18+'),
  ('BNM-VO', 2, 'Criminogenic needs', 'Attitudes'),
  ('BNM-VO', 3, 'Criminogenic needs', 'Relationships'),
  ('BNM-VO', 4, 'Equivalent non-LDC programme', 'Kaizen'),
  ('BNM-VO', 5, 'Gender', 'Male'),
  ('BNM-VO', 6, 'Need requirements', 'High need on PNA in Attitudes, Relationships, and Self-management'),
  ('BNM-VO', 7, 'Responsivity requirements', 'OASys Learning Screening Tool'),
  ('BNM-VO', 8, 'Risk criteria', 'High OGRS (Offender Group Reconviction Scale)'),
  ('BNM-VO', 9, 'Risk criteria', 'High OVP (OASys Violence Predictor)'),
  ('BNM-VO', 10, 'Setting', 'Custody'),
  ('BNM-VO', 11, 'Suitable for people with learning disabilities or challenges (LDC)?', 'Yes'),
  ('BNM-VO', 12, 'Time to complete', 'At least 12 months'),
  ('H-SO', 1, 'Age', '18+'),
  ('H-SO', 2, 'Equivalent LDC programme', 'Becoming New Me Plus'),
  ('H-SO', 3, 'Gender', 'Male'),
  ('H-SO', 4, 'Need requirements', 'Horizon is designed to meet the needs of those who have committed sexual and / or sexually motivated offences against children and/or adults, as well as those who have committed non-contact sexual offences who are assess…'),
  ('H-SO', 5, 'Need requirements', 'In community Settings where programmes are run by the National Probation Service (NPS), Horizon is suitable for those men who are medium, high and very high risk on OSP'),
  ('H-SO', 6, 'Need requirements', 'In prisons, Horizon is suitable for medium risk men (on OSP). For high and very high risk men in prison, Horizon may be suitable where a Programmes Need Assessment (PNA) has shown the individual to have a criminogenic ne…'),
  ('H-SO', 7, 'Responsivity requirements', 'Alcohol / drug problems need to be stable before attendance'),
  ('H-SO', 8, 'Responsivity requirements', 'Care should be taken in assessing people who are suicidal to ensure the programme does not risk worsening their condition.'),
  ('H-SO', 9, 'Responsivity requirements', 'Cognitive behavioural groupwork does not lend itself to working with offenders through interpreters, so specific arrangements should be made for those who do not speak English'),
  ('H-SO', 10, 'Responsivity requirements', 'Horizon is open to those who maintain their innocence, though rules apply to the number of such individuals that may be included in any one group (see programme manuals)'),
  ('H-SO', 11, 'Responsivity requirements', 'IQ 80+'),
  ('H-SO', 12, 'Responsivity requirements', 'Individuals must be motivated to work on the areas addressed within the programme, must not be hostile to it, and must agree to sign the group contract etc.'),
  ('H-SO', 13, 'Responsivity requirements', 'Physical disability, including deafness or blindness, are not reasons for exclusion. Arrangements should be made to adjust the environment so that the programme is available to individuals with a disability'),
  ('H-SO', 14, 'Responsivity requirements', 'Special consideration needs to be given to younger individuals to ensure their level of maturity is such that they can gain from the programme and will not be adversely affected by it. Under 21 year olds should be provid…'),
  ('H-SO', 15, 'Responsivity requirements', 'Those with mental health problems should only be excluded from the programme if the issues are acute and damage the individual’s ability to relate to others or concentrate'),
  ('H-SO', 16, 'Risk criteria', 'Medium, high or very high OSP (OASys Sexual Reconviction Predictor)'),
  ('H-SO', 17, 'Setting', 'Custody or community'),
  ('H-SO', 18, 'Suitable for people with learning disabilities or challenges (LDC)?', 'No'),
  ('H-SO', 19, 'Time to complete', 'At least 6 months (custody); at least 12 months (community)'),
  ('HII-EO', 1, 'Age', '18+'),
  ('HII-EO', 2, 'Gender', 'Male or female'),
  ('HII-EO', 3, 'Need requirements', 'Evidence that the individual’s offence was motivated by engagement and/or identification with an extremist group, cause and/or ideology.'),
  ('HII-EO', 4, 'Need requirements', 'Exhibit risks and/or needs identified in the ERG assessment that are designed to be targeted by the HII.'),
  ('HII-EO', 5, 'Need requirements', 'Individuals do not need to admit to their offence but need to be willing to discuss their engagement in an extremist group, cause and/or ideology.'),
  ('HII-EO', 6, 'Responsivity requirements', 'Flexible to respond to an individual’s level of engagement and/or identification with the extremist group, cause and/or ideology.'),
  ('HII-EO', 7, 'Responsivity requirements', 'One-to-one intervention in which selection of sessions, length of sessions and frequency of sessions can be adjusted to meet the individual’s needs.'),
  ('HII-EO', 8, 'Risk criteria', '22+ ERG (Extremism Risk Guidance) and an assessment'),
  ('HII-EO', 9, 'Setting', 'Custody or community'),
  ('HII-EO', 10, 'Suitable for people with learning disabilities or challenges (LDC)?', 'Yes, but reviewed case by case'),
  ('HII-EO', 11, 'Time to complete', '10 to 32 sessions (at least 3 months)'),
  ('HSP-SO', 1, 'Age', '18+'),
  ('HSP-SO', 2, 'Criminogenic needs', ''),
  ('HSP-SO', 3, 'Gender', 'Male'),
  ('HSP-SO', 4, 'Need requirements', 'The HSP is designed to meet the needs of participants who have strong offence-related sexual interests relevant to their convictions for sexual offences, and who acknowledge such an interest(s) and who would benefit from…'),
  ('HSP-SO', 5, 'Need requirements', 'Usually, but not always, participants will have graduated from Kaizen, Becoming New Me plus, Horizon or New Me Strengths.'),
  ('HSP-SO', 6, 'Responsivity requirements', 'Alcohol / drug problems need to be stable before referral.'),
  ('HSP-SO', 7, 'Responsivity requirements', 'Care should be taken in assessing participants who are suicidal to ensure the HSP does not risk worsening their condition.'),
  ('HSP-SO', 8, 'Responsivity requirements', 'Individuals must be motivated to work on the areas addressed within the HSP.'),
  ('HSP-SO', 9, 'Responsivity requirements', 'Participants with mental health problems should only be excluded from the HSP if their symptoms are acute and damages their ability to relate to others or concentrate.'),
  ('HSP-SO', 10, 'Responsivity requirements', 'Special consideration needs to be given to younger individuals, especially those still developing in psychosexual identity. It is also important to ensure that their level of maturity is such that they can gain from the …'),
  ('HSP-SO', 11, 'Risk criteria', 'Medium, high or very high OSP (OASys Sexual Reconviction Predictor)'),
  ('HSP-SO', 12, 'Setting', 'Custody'),
  ('HSP-SO', 13, 'Suitable for people with learning disabilities or challenges (LDC)?', 'Yes'),
  ('IM-GO', 1, 'Age', '18+'),
  ('IM-GO', 2, 'Criminogenic needs', ''),
  ('IM-GO', 3, 'Gender', 'Male'),
  ('IM-GO', 4, 'Need requirements', 'There should be evidence of offending and harmful behaviour that has been motivated by their group / gang affiliation. Participants should be assessed as having needs that the programme addresses through the use of the I…'),
  ('IM-GO', 5, 'Responsivity requirements', 'IM is a one-to-one programme, individuals who fit the above criteria who are not suitable for group work can be given consideration for the programme.'),
  ('IM-GO', 6, 'Responsivity requirements', 'Individuals are required to consent to the programme and be willing to sign up to the Conditions of Success. These engage, increase therapeutic alliance, and uphold the collaborative ethos which underpins the interventio…'),
  ('IM-GO', 7, 'Responsivity requirements', 'The content of IM is supported by optional animations that explain key concepts through the central character “J”.'),
  ('IM-GO', 8, 'Responsivity requirements', 'The intervention is flexible, the frequency and length of sessions can be adjusted to meet individual’s needs.'),
  ('IM-GO', 9, 'Risk criteria', '50+ OGRS (Offender Group Reconviction Scale)'),
  ('IM-GO', 10, 'Risk criteria', 'Medium or high ROSH (Risk of Serious Harm)'),
  ('IM-GO', 11, 'Setting', 'Custody'),
  ('IM-GO', 12, 'Suitable for people with learning disabilities or challenges (LDC)?', 'Assessed case by case'),
  ('IM-GO', 13, 'Time to complete', 'Flexible delivery with up to 23 sessions plus pre-programme session and programme review. Around 25 hours (at least 3 months).'),
  ('K-IPVO', 1, 'Age', '18+'),
  ('K-IPVO', 2, 'Criminogenic needs', ''),
  ('K-IPVO', 3, 'Equivalent LDC programme', 'Becoming New Me Plus'),
  ('K-IPVO', 4, 'Gender', 'Male'),
  ('K-IPVO', 5, 'Need requirements', 'High Need on PNA as indicated by major treatment needs in Attitudes, Relationships and Self-Management domains'),
  ('K-IPVO', 6, 'Responsivity requirements', 'OASys Learning Screen and / or AFC-R indicate LDC not present'),
  ('K-IPVO', 7, 'Risk criteria', 'High SARA (Spousal Assault Risk Assessment) against partners'),
  ('K-IPVO', 8, 'Setting', 'Custody'),
  ('K-IPVO', 9, 'Suitable for people with learning disabilities or challenges (LDC)?', 'No'),
  ('K-IPVO', 10, 'Time to complete', 'At least 6 months'),
  ('K-SO', 1, 'Age', '18+'),
  ('K-SO', 2, 'Criminogenic needs', ''),
  ('K-SO', 3, 'Equivalent LDC programme', 'Becoming New Me Plus'),
  ('K-SO', 4, 'Gender', 'Male'),
  ('K-SO', 5, 'Need requirements', 'High Need on PNA as indicated by major treatment needs in Attitudes, Relationships and Self-Management domains'),
  ('K-SO', 6, 'Responsivity requirements', 'OASys Learning Screen and / or AFC-R indicate LDC not present'),
  ('K-SO', 7, 'Risk criteria', 'High or very high OSP (OASys Sexual Reconviction Predictor)'),
  ('K-SO', 8, 'Setting', 'Custody'),
  ('K-SO', 9, 'Suitable for people with learning disabilities or challenges (LDC)?', 'No'),
  ('K-SO', 10, 'Time to complete', 'At least 6 months'),
  ('K-VO', 1, 'Age', '18+'),
  ('K-VO', 2, 'Criminogenic needs', ''),
  ('K-VO', 3, 'Equivalent LDC programme', 'Becoming New Me Plus'),
  ('K-VO', 4, 'Gender', 'Male'),
  ('K-VO', 5, 'Need requirements', 'High Need on PNA as indicated by major treatment needs in Attitudes, Relationships and Self-Management domains'),
  ('K-VO', 6, 'Responsivity requirements', 'OASys Learning Screen and / or AFC-R indicate LDC not present'),
  ('K-VO', 7, 'Risk criteria', 'High OVP (OASys Violence Predictor)'),
  ('K-VO', 8, 'Setting', 'Custody'),
  ('K-VO', 9, 'Suitable for people with learning disabilities or challenges (LDC)?', 'No'),
  ('K-VO', 10, 'Time to complete', 'At least 6 months'),
  ('LNM-SO', 1, 'Age', '18+'),
  ('LNM-SO', 2, 'Criminogenic needs', ''),
  ('LNM-SO', 3, 'Gender', 'Male'),
  ('LNM-SO', 4, 'Need requirements', 'Variable. LNM is suitable for anyone who has successfully graduated from NMS or BNM+'),
  ('LNM-SO', 5, 'Responsivity requirements', 'OASys Learning Screen Tool and AFC - R indicate characteristics of LDC'),
  ('LNM-SO', 6, 'Risk criteria', 'Medium or above risk'),
  ('LNM-SO', 7, 'Setting', 'Custody or community'),
  ('LNM-SO', 8, 'Suitable for people with learning disabilities or challenges (LDC)?', 'Yes'),
  ('LNM-SO', 9, 'Time to complete', 'Rolling programme with at least 5 sessions, often more'),
  ('MZKDRHYKWR', 1, 'Gender', 'Separate male and female programmes'),
  ('MZKDRHYKWR', 2, 'Risk criteria', '2 to 3 alcohol-related violence incidents in their last 2 years in the community'),
  ('MZKDRHYKWR', 3, 'Risk criteria', 'Medium (35 to 75%) OGRS (Offender Group Reconviction Scale)'),
  ('MZKDRHYKWR', 4, 'Risk criteria', 'Score of under 20 on AUDIT questionnaire'),
  ('MZKDRHYKWR', 5, 'Setting', 'Custody'),
  ('MZKDRHYKWR', 6, 'Time to complete', 'Around 4 weeks'),
  ('NMS-IPVO', 1, 'Equivalent non-LDC programmes', 'Building Better Relationships, Horizon, Thinking Skills Programme'),
  ('NMS-IPVO', 2, 'Gender', 'Male'),
  ('NMS-IPVO', 3, 'Risk criteria', 'Medium SARA (Spousal Assault Risk Assessment) against partners'),
  ('NMS-IPVO', 4, 'Setting', 'Custody or community'),
  ('NMS-IPVO', 5, 'Suitable for people with learning disabilities or challenges (LDC)?', 'Yes'),
  ('NMS-IPVO', 6, 'Time to complete', 'At least 6 months'),
  ('NMS-SO', 1, 'Equivalent non-LDC programmes', 'Building Better Relationships, Horizon, Thinking Skills Programme'),
  ('NMS-SO', 2, 'Gender', 'Male'),
  ('NMS-SO', 3, 'Risk criteria', 'Medium OSP (OASys Sexual Reconviction Predictor)'),
  ('NMS-SO', 4, 'Setting', 'Custody or community'),
  ('NMS-SO', 5, 'Suitable for people with learning disabilities or challenges (LDC)?', 'Yes'),
  ('NMS-SO', 6, 'Time to complete', 'At least 6 months'),
  ('NMS-VO', 1, 'Equivalent non-LDC programmes', 'Building Better Relationships, Horizon, Thinking Skills Programme'),
  ('NMS-VO', 2, 'Gender', 'Male'),
  ('NMS-VO', 3, 'Risk criteria', '50+ OGRS (Offender Group Reconviction Scale)'),
  ('NMS-VO', 4, 'Risk criteria', 'Medium OVP (OASys Violence Predictor)'),
  ('NMS-VO', 5, 'Setting', 'Custody or community'),
  ('NMS-VO', 6, 'Suitable for people with learning disabilities or challenges (LDC)?', 'Yes'),
  ('NMS-VO', 7, 'Time to complete', 'At least 6 months'),
  ('TSP-AO', 1, 'Age', '18+'),
  ('TSP-AO', 2, 'Criminogenic needs', ''),
  ('TSP-AO', 3, 'Equivalent LDC programme', 'New Me Strengths'),
  ('TSP-AO', 4, 'Gender', 'Male or female'),
  ('TSP-AO', 5, 'Need requirements', '11.4 - Temper control'),
  ('TSP-AO', 6, 'Need requirements', '11.6 - Problem solving'),
  ('TSP-AO', 7, 'Need requirements', '11.7 - Awareness of consequences'),
  ('TSP-AO', 8, 'Need requirements', '11.9 - Understands other people’s point of view'),
  ('TSP-AO', 9, 'Need requirements', '12.1 - Pro-criminal attitudes'),
  ('TSP-AO', 10, 'Need requirements', '2.6 - Recognises the impact and consequences of offending on victim, community / wider society'),
  ('TSP-AO', 11, 'Need requirements', '7.2 - Regular activities encourage offending'),
  ('TSP-AO', 12, 'Need requirements', 'The TSP Needs Assessment Tool (Where Need for the programme is evidenced by a total score of 5 or more)'),
  ('TSP-AO', 13, 'Responsivity requirements', 'Delivery teams should consider protected characteristics throughout programme delivery and must make all reasonable adjustments to ensure that TSP is accessible to all those suitable based on risk on need who could poten…'),
  ('TSP-AO', 14, 'Responsivity requirements', 'For some potential individuals with identified mental illness, or personality disorder it might not be the right time for them to participate.'),
  ('TSP-AO', 15, 'Responsivity requirements', 'Potential individuals should have enough time on their sentence or Order to complete all programme sessions and the post programme review.'),
  ('TSP-AO', 16, 'Responsivity requirements', 'Potential individuals should have the intellectual and social functioning ability to engage with the material. If appropriate, individuals should be referred to New Me Strengths (NMS) which has been designed to meet the …'),
  ('TSP-AO', 17, 'Responsivity requirements', 'Reasonable adjustments should be made to support individuals with reading and writing difficulties through the programme.'),
  ('TSP-AO', 18, 'Responsivity requirements', 'TSP is inclusive of people who are maintaining their innocence and who recognise problematic areas of their lives.'),
  ('TSP-AO', 19, 'Responsivity requirements', 'TSP takes into account general responsivity in order for it to have the capacity to meet a wide range of needs. It is vital that facilitators take responsibility for specific responsivity needs and make every effort to e…'),
  ('TSP-AO', 20, 'Risk criteria', '50+ OGRS3 (Offender Group Reconviction Scale 3) over 2 years'),
  ('TSP-AO', 21, 'Setting', 'Custody or community'),
  ('TSP-AO', 22, 'Suitable for all offences', 'for sexual offences, consider Horizon or Kaizen first.'),
  ('TSP-AO', 23, 'Suitable for people with learning disabilities or challenges (LDC)?', 'No'),
  ('TSP-AO', 24, 'Time to complete', 'At least 6 months');

INSERT INTO acp_course_variant (course_identifier, variant_identifier) VALUES
  ('BCH-1', 'BCH-2'),
  ('BCM-1', 'BCM-2');

-- BCH-1 and HSP-SO as 1.7 gives them (one personal address left out by the
-- reference: no contact for Five Wells).  HSP is referred nationally (NAT).
INSERT INTO acp_offering (course_identifier, organisation_code, organisation_name, gender,
                          contact_email, referable, withdrawn) VALUES
  ('BCH-1', 'FKI', 'Frankland (HMP)', 'MALE', 'Psychologyandprogrammes.frankland@justice.gov.uk', true, false),
  ('BCH-1', 'FWI', 'Five Wells (HMP)', 'MALE', NULL, true, false),
  ('BCH-1', 'LPI', 'Liverpool (HMP)', 'MALE', 'programmes.liverpool@justice.gov.uk', true, false),
  ('BCH-1', 'RHI', 'Rye Hill (HMP)', 'MALE', 'programmesfunctionalmailbox@uk.g4s.com', true, false),
  ('BCH-1', 'RSI', 'Risley (HMP)', 'MALE', 'programmesrisley@justice.gov.uk', true, false),
  ('BCH-1', 'SFI', 'Stafford (HMP)', 'MALE', 'Programmesadmin.stafford@justice.gov.uk', true, false),
  ('BCH-1', 'SNI', 'Swinfen Hall (HMP & YOI)', 'MALE', 'Programmes.Swinfen@justice.gov.uk', true, false),
  ('BCH-1', 'WMI', 'Wymott (HMP)', 'MALE', 'programmeswymott@justice.gov.uk', true, false),
  ('BCH-1', 'WTI', NULL, NULL, 'whattonprogrammes@justice.gov.uk', true, false),
  ('HSP-SO', 'NAT', 'United Kingdom', 'ANY', 'NationalHSP@justice.gov.uk', true, false);

-- BCH-2 and BCM-2 (general-offence twins): the reference names 12 of their
-- 17 offerings (1.7 notes); names and genders only where it gives them.
INSERT INTO acp_offering (course_identifier, organisation_code, organisation_name, gender,
                          contact_email)
SELECT c.identifier, o.code, o.name, o.gender, o.email
  FROM (VALUES ('BCH-2'), ('BCM-2')) AS c (identifier),
       (VALUES ('ACI', 'Altcourse (HMP & YOI)', 'MALE', 'AC.AccreditedInterventions@sodexogov.co.uk'),
               ('BCI', NULL, NULL, 'programmesbuckleyhall@justice.gov.uk'),
               ('BWI', NULL, NULL, 'interventions.berwyn@justice.gov.uk'),
               ('DHI', NULL, NULL, 'TBC'),
               ('FBI', NULL, NULL, 'programmes@sodexogov.co.uk'),
               ('HII', NULL, NULL, 'programmeshindley@justice.gov.uk'),
               ('LFI', NULL, NULL, NULL),
               ('LNI', 'Low Newton', 'FEMALE', NULL),
               ('NHI', 'New Hall', 'FEMALE', 'Newhall.programmes@justice.gov.uk'),
               ('SKI', NULL, NULL, 'Programmes.Stocken@justice.gov.uk'),
               ('HHI', NULL, NULL, NULL),
               ('HMI', NULL, NULL, NULL)) AS o (code, name, gender, email);

-- Who may read and maintain the catalogue.  The importer replaces an entry's
-- satellites, so administrators may delete those rows (not entries).
GRANT SELECT ON intervention_catalogue, catalogue_long_description, catalogue_delivery_method,
  catalogue_delivery_setting, catalogue_region, catalogue_location, catalogue_need,
  catalogue_offence, catalogue_enabling_intervention, catalogue_personal_eligibility,
  catalogue_possible_outcome, catalogue_risk_consideration, catalogue_risk_rule,
  catalogue_special_educational_need, catalogue_exclusion, acp_audience, acp_course,
  acp_prerequisite, acp_course_variant, acp_offering
  TO caseterm_staff;
GRANT INSERT, UPDATE ON intervention_catalogue, catalogue_long_description,
  catalogue_delivery_method, catalogue_delivery_setting, catalogue_region, catalogue_location,
  catalogue_need, catalogue_offence, catalogue_enabling_intervention,
  catalogue_personal_eligibility, catalogue_possible_outcome, catalogue_risk_consideration,
  catalogue_risk_rule, catalogue_special_educational_need, catalogue_exclusion, acp_audience,
  acp_course, acp_prerequisite, acp_course_variant, acp_offering
  TO caseterm_admin;
GRANT DELETE ON catalogue_long_description, catalogue_delivery_method, catalogue_delivery_setting,
  catalogue_region, catalogue_location, catalogue_need, catalogue_offence,
  catalogue_enabling_intervention, catalogue_personal_eligibility, catalogue_possible_outcome,
  catalogue_risk_consideration, catalogue_risk_rule, catalogue_special_educational_need,
  catalogue_exclusion, acp_prerequisite, acp_offering
  TO caseterm_admin;
