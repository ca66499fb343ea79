#!/usr/bin/env python3
"""Writes src/db/migrations/0002_reference_data.sql from the shared reference.

    tools/gen_reference_data.py [--shared DIR] [--output FILE]

DIR defaults to ../shared next to the working copy (the folder holding
reference/ and fixtures/).  The lists that exist as JSON fixtures are read
from there; the lists that exist only as text in reference/*.md are copied
below, verbatim, with the section they come from.  Nothing here is invented:
where the reference gives part of a list, only that part is loaded and the
generated SQL says so.  The committed .sql is what the build uses; run this
again only when the reference changes, and commit both.
"""
import argparse
import json
import os
import sys
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Ids for rows the reference names but gives no id for: stable across
# databases and runs, so demo data and later migrations can refer to them.
ID_NAMESPACE = uuid.UUID('5f0b6a52-8c1e-4d0b-9b8e-2f1d8c0a7e31')


def stable_id(kind, name):
    return str(uuid.uuid5(ID_NAMESPACE, kind + ':' + name))


# --- interventions.md 1.5: NPS regions ------------------------------------
NPS_REGIONS = [
    ('A', 'North East'), ('B', 'North West'), ('C', 'Yorkshire and the Humber'),
    ('D', 'Wales'), ('E', 'West Midlands'), ('F', 'East Midlands'),
    ('G', 'South West'), ('H', 'South Central'), ('I', 'East of England'),
    ('J', 'London'), ('K', 'Kent, Surrey and Sussex'), ('L', 'Greater Manchester'),
]
# accommodation/probation-regions.json names the same regions a little
# differently; this maps them onto the NPS ids.
CAS3_REGION_NAMES = {
    'North East': 'A', 'North West': 'B', 'Yorkshire & The Humber': 'C',
    'Wales': 'D', 'West Midlands': 'E', 'East Midlands': 'F',
    'South West': 'G', 'South Central': 'H', 'East of England': 'I',
    'London': 'J', 'Kent, Surrey & Sussex': 'K', 'Greater Manchester': 'L',
}

# --- interventions.md 1.5: PCC regions, id -> NPS region --------------------
# "Names are the title-cased ids unless quoted."
PCC_REGIONS = {
    'A': ['cleveland', 'durham', 'northumbria'],
    'B': ['cheshire', 'cumbria', 'lancashire', 'merseyside'],
    'C': ['humberside', 'north-yorkshire', 'south-yorkshire', 'west-yorkshire'],
    'D': ['dyfed-powys', 'gwent', 'north-wales', 'south-wales'],
    'E': ['staffordshire', 'warwickshire', 'west-mercia', 'west-midlands'],
    'F': ['derbyshire', 'leicestershire', 'lincolnshire', 'nottinghamshire'],
    'G': ['avon-and-somerset', 'devon-and-cornwall', 'dorset', 'gloucestershire', 'wiltshire'],
    'H': ['hampshire', 'thames-valley'],
    'I': ['bedfordshire', 'cambridgeshire', 'essex', 'hertfordshire', 'norfolk',
          'northamptonshire', 'suffolk'],
    'J': ['metropolitan'],
    'K': ['kent', 'surrey', 'sussex'],
    'L': ['greater-manchester'],
}
PCC_QUOTED = {
    'avon-and-somerset': 'Avon & Somerset',
    'devon-and-cornwall': 'Devon & Cornwall',
    'metropolitan': 'London (Metropolitan Police)',
}

# --- PDUs and local authorities --------------------------------------------
# The reference has no PDU list (accommodation.md 1.1: "~108", one example:
# "East Kent (Swale, Ashford, …)" in Kent, Surrey & Sussex).
PDUS = [('east-kent', 'East Kent', 'K')]
# Local authorities the reference names: the ten Greater Manchester boroughs
# (interventions.md 1.2, the FBD borough categories) and Swale and Ashford
# (accommodation.md 1.1, the East Kent PDU example).
LOCAL_AUTHORITIES = [
    ('bolton', 'Bolton', 'L'), ('bury', 'Bury', 'L'), ('manchester', 'Manchester', 'L'),
    ('oldham', 'Oldham', 'L'), ('rochdale', 'Rochdale', 'L'), ('salford', 'Salford', 'L'),
    ('stockport', 'Stockport', 'L'), ('tameside', 'Tameside', 'L'),
    ('trafford', 'Trafford', 'L'), ('wigan', 'Wigan', 'L'),
    ('swale', 'Swale', 'K'), ('ashford', 'Ashford', 'K'),
]

# --- interventions.md 1.2: service categories (37) -------------------------
SERVICE_CATEGORIES = [
    ('accommodation', 'Accommodation'),
    ('ete', 'Education, Training and Employment (ETE)'),
    ('fbd', 'Finance, Benefits and Debt (FBD)'),
    ('dnr', 'Dependency and Recovery (D&R)'),
    ('lifestyle', 'Lifestyle and Associates'),
    ('family', 'Family and Significant Others'),
    ('emotional-wellbeing', 'Emotional Wellbeing'),
    ('social-inclusion', 'Social Inclusion'),
    ('family-gm', 'Family and Significant Others (GM)'),
    ('dnr-k', 'Dependency and Recovery (Kent, Surrey and Sussex)'),
    ('dnr-l', 'Dependency and Recovery (London)'),
    ('dnr-ne', 'Dependency and Recovery (North East)'),
    ('dnr-nen', 'Dependency and Recovery (North East: Northumbria)'),
    ('dnr-sc', 'Dependency and Recovery (South Central)'),
    ('dnr-sw', 'Dependency and Recovery (South West)'),
    ('dnr-sy', 'Dependency and Recovery (South Yorkshire)'),
    ('dnr-wm', 'Dependency and Recovery (West Midlands)'),
    ('dnr-y', 'Dependency and Recovery (Yorkshire and the Humber)'),
    ('fbd-em', 'Finance, Benefit and Debt (East Midlands)'),
    ('fbd-l', 'Finance, Benefit and Debt (London)'),
    ('fbd-nw', 'Finance, Benefit and Debt (North West)'),
    ('fbd-sc', 'Finance, Benefit and Debt (South Central)'),
    ('fbd-sw', 'Finance, Benefit and Debt (South West)'),
    ('fbd-w', 'Finance, Benefit and Debt (Wales)'),
    ('fbd-wm', 'Finance, Benefit and Debt (West Midlands)'),
    ('fbd-y', 'Finance, Benefit and Debt (Yorkshire and the Humber)'),
    ('fbd-ne', 'Finance, benefit and debt in the North East'),
    ('fbd-b', 'Finance, Benefit and Debt (Bolton)'),
    ('fbd-bu', 'Finance, Benefit and Debt (Bury)'),
    ('fbd-m', 'Finance, Benefit and Debt (Manchester)'),
    ('fbd-o', 'Finance, Benefit and Debt (Oldham)'),
    ('fbd-r', 'Finance, Benefit and Debt (Rochdale)'),
    ('fbd-sa', 'Finance, Benefit and Debt (Salford)'),
    ('fbd-sp', 'Finance, Benefit and Debt (Stockport)'),
    ('fbd-ta', 'Finance, Benefit and Debt (Tameside)'),
    ('fbd-tr', 'Finance, Benefit and Debt (Trafford)'),
    ('fbd-wi', 'Finance, Benefit and Debt (Wigan)'),
]

# --- interventions.md 1.2: contract types -> service categories -------------
CORE8 = ['accommodation', 'dnr', 'ete', 'emotional-wellbeing', 'family', 'fbd',
         'lifestyle', 'social-inclusion']
CONTRACT_TYPES = [
    ('ACC', 'Accommodation', ['accommodation']),
    ('ETE', 'Education, Training and Employment (ETE)', ['ete']),
    ('DNR', 'Dependency and Recovery', ['dnr']),
]
# Regional codes: "Dependency and Recovery (region)" / "Finance, Benefit and
# Debt (region/borough)", each offering the matching regional category; the
# name is that category's name, as in crs-contract-details (GM FBD).
for code in ['K', 'L', 'NE', 'NEN', 'SC', 'SW', 'SY', 'WM', 'Y']:
    CONTRACT_TYPES.append(('DNR-' + code, None, ['dnr-' + code.lower()]))
for code in ['EM', 'L', 'NE', 'NW', 'SC', 'SW', 'W', 'WM', 'Y',
             'B', 'BU', 'M', 'O', 'R', 'SA', 'SP', 'TA', 'TR', 'WI']:
    CONTRACT_TYPES.append(('FBD-' + code, None, ['fbd-' + code.lower()]))
CONTRACT_TYPES += [
    ('MTR', 'Mentoring', ['lifestyle']),
    ('PWB', 'Personal Wellbeing', ['emotional-wellbeing', 'family', 'lifestyle', 'social-inclusion']),
    ('WOS', "Women's Services", CORE8),
    ('WSM', "Women's Support Services (GM)",
     [c if c != 'family' else 'family-gm' for c in CORE8]),
]

# --- interventions.md 1.3: complexity levels --------------------------------
COMPLEXITY_TITLES = [('LOW', 'Low complexity'), ('MEDIUM', 'Medium complexity'),
                     ('HIGH', 'High complexity')]
COMPLEXITY_DESCRIPTIONS = {
    ('accommodation', 'LOW'): 'Service user has some capacity and means to secure and/or maintain suitable accommodation but requires some support and guidance to do so.',
    ('accommodation', 'MEDIUM'): 'Service user is at risk of homelessness/is homeless, or will be on release from prison. Service user has had some success in maintaining a tenancy but may have additional needs e.g. Learning Difficulties and/or Learning Disabilities or other challenges currently.',
    ('accommodation', 'HIGH'): 'Service user is homeless or in temporary/unstable accommodation, or will be on release from prison. Service user has poor accommodation history, complex needs and limited skills to secure or sustain a tenancy.',
    # the reference quotes only the beginnings of these two
    ('ete', 'LOW'): 'Service user has satisfactory basic numeracy & literacy skills…',
    ('emotional-wellbeing', 'HIGH'): 'Service user has suffered psychological and mental health problems over a period of time…',
}

# --- interventions.md 1.4: current desired outcomes of the core categories --
# Verbatim, including the reference's "…" where it leaves out the start.
DESIRED_OUTCOMES = {
    'accommodation': [
        'Service User is helped to secure social, supported housing or a tenancy in the PRS.',
        'Service User is prevented from losing existing accommodation or becoming homeless.',
        'Service User makes progress towards obtaining accommodation, through removal of barriers or active steps to secure accommodation.',
    ],
    'dnr': [
        'Service User accesses appropriate support, on release from custody or in the community.',
        'Service User achieves non-dependent or non-problematic substance misuse.',
        'Service User has a minimised risk of overdose following release from prison.',
    ],
    'ete': [
        'Service User commences suitable Education, Training & Employment.',
        'Service User increases their employability.',
        'Service User maintains suitable Education, Training & Employment.',
    ],
    'emotional-wellbeing': [
        '…improves one or more of: emotional wellbeing, resilience, coping mechanisms or self-confidence.',
        '…is supported to engage with other services that will improve their physical or mental wellbeing.',
        'Service User who is not NFA or at immediate risk of homelessness is supported to secure and maintain suitable accommodation.',
    ],
    'family': [
        '…supported to help service users comply with their licence or community order',
        '…respond to breakdown of family and other relationships',
        '…confident and responsible parenting behaviours',
        '…engages with voluntary or statutory family services',
        '…improves relationships with family and/or significant others',
    ],
    'fbd': [
        '…accesses relevant benefit entitlements.',
        '…addresses debt and financial management issues (Community - and Custody where available in your region).',
        '…develops skills to manage finances and debts.',
    ],
    'lifestyle': [
        '…engages in pro-social community-based support networks, relationships or activities.',
        '…reduces engagement with pro-criminal and/or negative relationships or networks.',
    ],
    'social-inclusion': [
        '…successful transition from custody to the community',
        '…develops and sustains social networks to reduce initial social isolation',
        '…develops resilience and perseverance…',
        '…secures early post-release engagement with community based services',
    ],
}

# --- interventions.md 1.8 ----------------------------------------------------
CANCELLATION_REASONS = [
    ('ACQ', 'Service user has been acquitted on appeal'),
    ('DIE', 'Service user died'),
    ('DIS', 'Service user has been disengaged'),
    ('DUP', 'Duplication of referral'),
    ('END', 'Sentence has ended'),
    ('MIS', 'Referral was made by mistake'),
    ('MOV', 'Service user has moved out of service area'),
    ('PPJ', "Probation practitioner's professional judgement"),
    ('REC', 'Service user has been recalled'),
    ('REV', 'Sentence has been revoked'),
]
WITHDRAWAL_GROUPINGS = [
    ('problem', 'Problem with referral', False),
    ('user', 'User related', False),
    ('sentence', 'Sentence / custody related', False),
    ('early', 'Early closure', True),
    ('other', 'Or', False),
]
WITHDRAWAL_REASONS = [
    ('INE', 'Ineligible Referral', 'problem'),
    ('MIS', 'Mistaken or duplicate referral', 'problem'),
    ('MOV', 'Moved out of service area', 'user'),
    ('NEE', 'Needs met through another route', 'user'),
    ('NOT', 'Not engaged', 'user'),
    ('USE', 'User died', 'user'),
    ('WOR', 'Work, caring commitments, or sickness', 'user'),
    ('ACQ', 'Acquitted on appeal', 'sentence'),
    ('RET', 'Returned to custody', 'sentence'),
    ('SEE', 'Sentence expired', 'sentence'),
    ('SER', 'Sentence revoked', 'sentence'),
    ('EAR', 'Intervention has been completed', 'early'),
    ('ANO', 'Any other change of circumstance', 'other'),
]

# --- accommodation.md 3.3: CAS3 referral rejection reasons (sort order) -----
CAS3_REJECTION_REASONS = [
    'CAS1/AP alternative suitable accommodation provided',
    'CAS2 alternative accommodation provided',
    'Consent not given by person on probation',
    'Local authority alternative suitable accommodation provided (includes Priority Need)',
    'No bedspace available in PDU',
    'No recourse to public funds (NRPF)',
    'Not eligible (e.g. already released into the community, HDC)',
    'Not enough time on their licence',
    'Not enough time to place',
    'Other alternative accommodation provided (e.g. friends or family)',
    'Out of region referral',
    'Person has had maximum CAS3 placements on current sentence',
    'Previous behavioural concerns in CAS3',
    'Referral submitted too early',
    'Remanded in custody or detained',
    'Risk or needs cannot be safely managed in CAS3',
    'Single occupancy bedspace not available',
    'Suitable bedspace not available (not related to single occupancy availability)',
    'Supplier unable to accommodate (e.g. arson needs cannot be met)',
]

# --- accommodation.md 1.7: CAS3 departure reasons and move-on categories ----
CAS3_DEPARTURE_REASONS = [
    'Admitted to Hospital/Healthcare Facility',
    'Bed Withdrawn - Serious Incident related to CAS3 placement',
    'Bed Withdrawn – Person on probation no longer in property',
    'Bed Withdrawn – Further offence/behaviour/increasing risk',
    'Bed Withdrawn - Recall/Breach',
    'Deceased',
    'Planned Move on',
    'Person on probation moved to another CAS3 property',
]
CAS3_MOVE_ON_CATEGORIES = [
    'Another CAS3 property or bedspace',
    'CAS1/AP',
    'CAS2',
    'Friends or family (settled)',
    'Friends or family (transient)',
    'Homeless – rough sleeping',
    'Homeless – shelter/emergency hostel/campsite',
    'Homeless – squat',
    'Hospital',
    'Householder (owner – freehold or leasehold)',
    'Long term residential healthcare',
    'Pending (awaiting move on outcome in NDelius – to be updated)',
    'Prison (further custodial event)',
    'Recalled',
    'Rental accommodation - private rental',
    'Rental accommodation - social rental',
    'Support housing',
    'They’re deceased',
    'Transient/Short term accommodation',
    'Updated move on outcome - not recorded in NDelius',
    'Unknown (the probation practitioner has not added the move-on category to NDelius)',
    'They’re unlawfully at large or at large',
]

# --- accommodation.md 1.6: CAS3 void reasons ("Other" deactivated) ----------
CAS3_VOID_REASONS = [
    ('Cooling off after incident (e.g. crime scene)', True),
    ('Damage repairs (e.g. by person, from flooding)', True),
    ('Death – personal property collection', True),
    ('Deep clean', True),
    ('Maintenance repairs (e.g. damp, infestation)', True),
    ('Needle sweep', True),
    ('Occupancy reduced (e.g. from 2 bed to single)', True),
    ('Pending handback of property', True),
    ('Replacing furniture or stolen goods', True),
    ('Other', False),
]

# --- accommodation.md 1.2/1.3: characteristics missing from the JSON -------
# (property name, name, scope, active).  The inactive bedspace ones
# hasLiftAccess, hassingleBed, hasDoubleBed have no name in the reference and
# are left out.
EXTRA_CHARACTERISTICS = [
    ('other', 'Other – please state in notes', 'both', True),
    ('notSuitableForRegisteredSexOffenders(RSO)', 'Not suitable for registered sex offenders (RSO)', 'both', False),
    ('notSuitableForArsonOffenders', 'Not suitable for arson offenders', 'both', False),
]


def q(s):
    """An SQL literal, or NULL."""
    if s is None:
        return 'NULL'
    if isinstance(s, bool):
        return 'true' if s else 'false'
    if isinstance(s, int):
        return str(s)
    lit = s.replace("'", "''")
    if lit.isascii():
        return "'" + lit + "'"
    # The migration stays ASCII (it is compiled into the binary as bytes):
    # other characters are written as E'\\uXXXX' escapes.
    lit = lit.replace('\\', '\\\\')
    return "E'" + ''.join(c if ord(c) < 128 else
                          (f'\\u{ord(c):04X}' if ord(c) < 0x10000 else f'\\U{ord(c):08X}')
                          for c in lit) + "'"


def values(rows):
    return ',\n'.join('  (' + ', '.join(q(v) for v in row) + ')' for row in rows)


def insert(out, table, cols, rows):
    out.append(f'INSERT INTO {table} ({", ".join(cols)}) VALUES\n{values(rows)};\n')


def load(shared, rel):
    with open(os.path.join(shared, 'fixtures', rel), encoding='utf-8') as f:
        return json.load(f)


def pcc_name(slug):
    if slug in PCC_QUOTED:
        return PCC_QUOTED[slug]
    return ' '.join(w.capitalize() for w in slug.split('-'))


def generate(shared):
    out = []
    cat_names = dict(SERVICE_CATEGORIES)
    cat_by_name = {n: i for i, n in SERVICE_CATEGORIES}
    out.append('''-- 0002_reference_data: regions, providers, intervention and CAS3 reference lists.
--
-- Generated by tools/gen_reference_data.py from ../shared/reference/*.md and
-- ../shared/fixtures/*.json; edit the generator, not this file.  Every row
-- comes from the reference; where it gives only part of a list, that part
-- is loaded and a comment says so.  Ids the reference does not give are
-- name-based UUIDs (uuid5), the same in every database.
--
-- Everyone on the staff may read every list; administrators maintain the
-- lists that change (providers, PDUs, reasons, bank holidays ...).
''')

    # regions ---------------------------------------------------------------
    regions = load(shared, 'accommodation/probation-regions.json')
    cas3 = {}
    for r in regions:
        if r['name'] not in CAS3_REGION_NAMES:
            sys.exit(f'probation-regions.json: unknown region {r["name"]!r}')
        cas3[CAS3_REGION_NAMES[r['name']]] = r
    out.append('''-- The 12 NPS regions (interventions.md 1.5).  cas3_id and hpt_email come
-- from fixtures/accommodation/probation-regions.json (CAS3's ids; the
-- addresses are that fixture's test mailboxes, to be replaced by an admin).
ALTER TABLE probation_region
  ADD COLUMN cas3_id uuid UNIQUE,
  ADD COLUMN hpt_email text;
''')
    insert(out, 'probation_region', ['id', 'name', 'cas3_id', 'hpt_email'],
           [(i, n, cas3[i]['id'], cas3[i]['hptEmail']) for i, n in NPS_REGIONS])

    out.append('''-- The 42 police and crime commissioner areas, each in one NPS region
-- (interventions.md 1.5; contracts are limited to an NPS or a PCC region).
CREATE TABLE pcc_region (
  id        text PRIMARY KEY,
  name      text NOT NULL UNIQUE,
  region_id text NOT NULL REFERENCES probation_region (id)
);
''')
    insert(out, 'pcc_region', ['id', 'name', 'region_id'],
           [(s, pcc_name(s), r) for r, slugs in PCC_REGIONS.items() for s in slugs])

    out.append('''-- PDUs: the reference has no list (about 108 exist, accommodation.md 1.1);
-- it names one, East Kent (Swale, Ashford, ...), in Kent, Surrey and Sussex.
-- Administrators add the rest.
''')
    insert(out, 'pdu', ['id', 'name', 'region_id'], PDUS)

    out.append('''-- Local authority areas (CAS3 premises, duty to refer).  Only the ones the
-- reference names: the ten Greater Manchester boroughs (interventions.md
-- 1.2) and Swale and Ashford (accommodation.md 1.1).
CREATE TABLE local_authority (
  id        text PRIMARY KEY,
  name      text NOT NULL UNIQUE,
  region_id text NOT NULL REFERENCES probation_region (id)
);
''')
    insert(out, 'local_authority', ['id', 'name', 'region_id'], LOCAL_AUTHORITIES)

    # providers -------------------------------------------------------------
    providers = load(shared, 'catalogue/crs-providers.json')
    out.append(f'-- CRS service providers ({len(providers)}, fixtures/catalogue/crs-providers.json);\n'
               '-- id = HMPPS Auth group code.\n')
    insert(out, 'service_provider', ['id', 'name'], [(p['code'], p['name']) for p in providers])

    # intervention lists ----------------------------------------------------
    out.append('''-- Service categories (interventions.md 1.2: 37 rows; regional variants
-- carry their region or borough in the name).
CREATE TABLE service_category (
  id   text PRIMARY KEY,
  name text NOT NULL UNIQUE
);
''')
    insert(out, 'service_category', ['id', 'name'], SERVICE_CATEGORIES)

    out.append('''-- Contract types and the categories each offers (interventions.md 1.2).  A
-- type with more than one category is a cohort referral.  Regional types
-- are named after their category, as crs-contract-details does for GM FBD.
CREATE TABLE contract_type (
  code text PRIMARY KEY,
  name text NOT NULL
);
CREATE TABLE contract_type_service_category (
  contract_type_code  text NOT NULL REFERENCES contract_type (code),
  service_category_id text NOT NULL REFERENCES service_category (id),
  PRIMARY KEY (contract_type_code, service_category_id)
);
''')
    ct_rows, ctsc_rows = [], []
    for code, name, cats in CONTRACT_TYPES:
        ct_rows.append((code, name if name else cat_names[cats[0]]))
        ctsc_rows += [(code, c) for c in cats]
    insert(out, 'contract_type', ['code', 'name'], ct_rows)
    insert(out, 'contract_type_service_category',
           ['contract_type_code', 'service_category_id'], ctsc_rows)

    # complexity + outcomes, with the GM FBD contract details
    details = load(shared, 'catalogue/crs-contract-details-fbd-desired-outcomes-complexity.json')
    complexity_desc = dict(COMPLEXITY_DESCRIPTIONS)
    outcomes = {k: list(v) for k, v in DESIRED_OUTCOMES.items()}
    for d in details:
        cat = cat_by_name.get(d['service_category'])
        if cat is None or d['contract_code'].lower() != cat:
            sys.exit(f'contract details: unexpected {d["contract_code"]} / {d["service_category"]}')
        for lvl in d['complexity_levels']:
            complexity_desc[(cat, lvl['severity'])] = lvl['description']
        seen = []
        for o in d['desired_outcomes']:
            if o not in seen:           # the source lists one outcome twice
                seen.append(o)
        outcomes[cat] = seen

    out.append('''-- Complexity levels: every category has LOW, MEDIUM and HIGH (interventions.md
-- 1.3).  Descriptions only where the reference gives them: Accommodation in
-- full, the beginnings of ETE LOW and Emotional Wellbeing HIGH, and the ten
-- Greater Manchester FBD categories in full (crs-contract-details); NULL
-- elsewhere.
CREATE TYPE complexity AS ENUM ('LOW', 'MEDIUM', 'HIGH');
CREATE TABLE complexity_level (
  id                  text PRIMARY KEY,             -- <category>:<low|medium|high>
  service_category_id text NOT NULL REFERENCES service_category (id),
  complexity          complexity NOT NULL,
  title               text NOT NULL,
  description         text,
  UNIQUE (service_category_id, complexity)
);
''')
    rows = []
    for cat, _ in SERVICE_CATEGORIES:
        for sev, title in COMPLEXITY_TITLES:
            rows.append((f'{cat}:{sev.lower()}', cat, sev, title, complexity_desc.get((cat, sev))))
    insert(out, 'complexity_level',
           ['id', 'service_category_id', 'complexity', 'title', 'description'], rows)

    out.append('''-- Desired outcomes per category.  Only current ones are known: the core
-- categories' from interventions.md 1.4 (verbatim, with its "..." where it
-- leaves out the start of a sentence) and the ten GM FBD categories' from
-- crs-contract-details (one duplicate dropped).  The reference names no
-- deprecated outcome, so deprecated_at is NULL throughout; the regional
-- D&R and FBD categories have none loaded.
CREATE TABLE desired_outcome (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  service_category_id text NOT NULL REFERENCES service_category (id),
  description         text NOT NULL,
  sort_order          integer NOT NULL DEFAULT 0,
  deprecated_at       timestamptz,
  UNIQUE (service_category_id, description)
);
''')
    rows = []
    for cat, _ in SERVICE_CATEGORIES:
        for n, o in enumerate(outcomes.get(cat, []), 1):
            rows.append((stable_id('desired_outcome', cat + ':' + o), cat, o, n))
    insert(out, 'desired_outcome', ['id', 'service_category_id', 'description', 'sort_order'], rows)

    out.append('''-- Reasons a referral ended: the older cancellation list and the current
-- withdrawal list with its headings (interventions.md 1.8).  "early" is only
-- offered once the first session has been attended (post-ICA).
CREATE TABLE cancellation_reason (
  code        text PRIMARY KEY,
  description text NOT NULL
);
''')
    insert(out, 'cancellation_reason', ['code', 'description'], CANCELLATION_REASONS)
    out.append('''CREATE TABLE withdrawal_grouping (
  code          text PRIMARY KEY,
  heading       text NOT NULL,
  sort_order    integer NOT NULL,
  post_ica_only boolean NOT NULL DEFAULT false
);
''')
    insert(out, 'withdrawal_grouping', ['code', 'heading', 'sort_order', 'post_ica_only'],
           [(c, h, n, p) for n, (c, h, p) in enumerate(WITHDRAWAL_GROUPINGS, 1)])
    out.append('''CREATE TABLE withdrawal_reason (
  code        text PRIMARY KEY,
  description text NOT NULL,
  grouping    text NOT NULL REFERENCES withdrawal_grouping (code),
  sort_order  integer NOT NULL
);
''')
    insert(out, 'withdrawal_reason', ['code', 'description', 'grouping', 'sort_order'],
           [(c, d, g, n) for n, (c, d, g) in enumerate(WITHDRAWAL_REASONS, 1)])

    # CAS3 lists --------------------------------------------------------------
    def cas3_list(table, comment, rows):
        out.append(f'''{comment}
CREATE TABLE {table} (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name       text NOT NULL UNIQUE,
  sort_order integer NOT NULL DEFAULT 0,
  active     boolean NOT NULL DEFAULT true
);
''')
        insert(out, table, ['id', 'name', 'sort_order', 'active'], rows)

    cas3_list('cas3_referral_rejection_reason',
              '-- Why an HPT assessor rejects a CAS3 referral: the active list in its sort\n'
              '-- order (accommodation.md 3.3).',
              [(stable_id('cas3_referral_rejection_reason', n), n, i, True)
               for i, n in enumerate(CAS3_REJECTION_REASONS, 1)])
    cancels = load(shared, 'accommodation/cas3-cancellation-reasons.json')
    cas3_list('cas3_cancellation_reason',
              '-- Why a CAS3 booking was cancelled: the active list (accommodation.md 1.7),\n'
              '-- ids and order from fixtures/accommodation/cas3-cancellation-reasons.json.',
              [(c['id'], c['name'], i, True) for i, c in enumerate(cancels, 1)])
    cas3_list('cas3_departure_reason',
              '-- Why a person left a CAS3 bedspace (accommodation.md 1.7).',
              [(stable_id('cas3_departure_reason', n), n, i, True)
               for i, n in enumerate(CAS3_DEPARTURE_REASONS, 1)])
    cas3_list('cas3_move_on_category',
              '-- Where a person went after CAS3 (accommodation.md 1.7).',
              [(stable_id('cas3_move_on_category', n), n, i, True)
               for i, n in enumerate(CAS3_MOVE_ON_CATEGORIES, 1)])
    cas3_list('cas3_void_reason',
              '-- Why a bedspace is void (out of use) (accommodation.md 1.6); "Other" is\n'
              '-- kept but inactive, as in the reference.',
              [(stable_id('cas3_void_reason', n), n, i, a)
               for i, (n, a) in enumerate(CAS3_VOID_REASONS, 1)])

    # characteristics ---------------------------------------------------------
    chars = load(shared, 'accommodation/cas3-characteristics.json')
    prem = {c['id'] for c in load(shared, 'accommodation/cas3-premises-characteristics.json')}
    beds = {c['id'] for c in load(shared, 'accommodation/cas3-bedspace-characteristics.json')}
    rows, seen = [], set()
    for n, c in enumerate(chars, 1):
        in_p, in_b = c['id'] in prem, c['id'] in beds
        scope = {'premises': 'premises', 'room': 'bedspace', '*': 'both'}[c['modelScope']]
        if (in_p and in_b) and scope != 'both' or (in_p != in_b) and scope != ('premises' if in_p else 'bedspace'):
            sys.exit(f'characteristic {c["propertyName"]}: scope {c["modelScope"]} disagrees with the premises/bedspace files')
        rows.append((c['id'], c['name'], c['propertyName'], scope, True, n))
        seen.add(c['propertyName'])
    for prop, name, scope, active in EXTRA_CHARACTERISTICS:
        if prop not in seen:
            rows.append((stable_id('characteristic', prop), name, prop, scope, active, len(rows) + 1))
    out.append('''-- Characteristics of CAS3 premises and bedspaces: the JSON fixtures
-- (cas3-characteristics.json with the premises and bedspace files) plus
-- those only in accommodation.md 1.2/1.3 ("other", and two inactive ones).
-- scope: premises, bedspace (the source's "room"; rooms are obsolete in CAS3)
-- or both (the source's "*", or listed for both).
CREATE TABLE characteristic (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name          text NOT NULL,
  property_name text NOT NULL UNIQUE,
  scope         text NOT NULL CHECK (scope IN ('premises', 'bedspace', 'both')),
  active        boolean NOT NULL DEFAULT true,
  sort_order    integer NOT NULL DEFAULT 0
);
''')
    insert(out, 'characteristic', ['id', 'name', 'property_name', 'scope', 'active', 'sort_order'], rows)

    # bank holidays -----------------------------------------------------------
    bh = load(shared, 'accommodation/bank-holidays-england-and-wales.json')['england-and-wales']
    out.append(f'''-- Bank holidays in England and Wales ({bh["events"][0]["date"][:4]}-{bh["events"][-1]["date"][:4]}, with substitute days), for
-- working-day sums such as CAS3 turnarounds
-- (fixtures/accommodation/bank-holidays-england-and-wales.json).  A bank
-- holiday is always a weekday: a substitute day replaces one at a weekend.
CREATE TABLE bank_holiday (
  date     date PRIMARY KEY CHECK (extract(isodow FROM date) < 6),
  title    text NOT NULL,
  division text NOT NULL DEFAULT 'england-and-wales' CHECK (division = 'england-and-wales'),
  notes    text NOT NULL DEFAULT ''
);
''')
    insert(out, 'bank_holiday', ['date', 'title', 'division', 'notes'],
           [(e['date'], e['title'], bh['division'], e['notes']) for e in bh['events']])

    out.append('''-- Who may read and maintain the lists.
GRANT SELECT ON pcc_region, local_authority, service_category, contract_type,
  contract_type_service_category, complexity_level, desired_outcome,
  cancellation_reason, withdrawal_grouping, withdrawal_reason,
  cas3_referral_rejection_reason, cas3_cancellation_reason, cas3_departure_reason,
  cas3_move_on_category, cas3_void_reason, characteristic, bank_holiday
  TO caseterm_staff;
GRANT INSERT, UPDATE ON pdu, service_provider, local_authority, desired_outcome,
  complexity_level, cas3_referral_rejection_reason, cas3_cancellation_reason,
  cas3_departure_reason, cas3_move_on_category, cas3_void_reason, characteristic,
  bank_holiday
  TO caseterm_admin;
''')
    return '\n'.join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--shared', default=os.path.join(os.path.dirname(ROOT), 'shared'))
    ap.add_argument('--output', default=os.path.join(ROOT, 'src/db/migrations/0002_reference_data.sql'))
    a = ap.parse_args()
    sql = generate(a.shared)
    if not sql.isascii():
        sys.exit('the generated SQL must be ASCII')
    with open(a.output, 'w', encoding='utf-8') as f:
        f.write(sql)


if __name__ == '__main__':
    main()
