/* catalogue.h: the catalogue of interventions in memory: entry definitions
 * (find-and-refer JSON format), type-ahead search, filters with counts,
 * eligibility for one person, and the side-by-side comparison.
 *
 * Pure code: no SQL, no curses, no file or network I/O.  The store
 * (store/catalogue_store.h) fills struct cat_def records from the database and
 * hands them to cat_build(); `caseterm catalogue import` parses JSON files
 * with cat_def_parse() and hands the result to the store.
 *
 * Speed: cat_build() folds every name and description once (lower case,
 * accents removed) and indexes word starts; a struct cat_view keeps its
 * result arrays between keystrokes, so cat_view_update() allocates nothing
 * unless the query grows past every earlier one; eligibility works on compact
 * per-entry rules and gives reason codes, turned into words only for the rows
 * on screen (cat_reason_text).
 *
 * Missing data: every "not stated" in the catalogue and every "not known"
 * about the person has its own value, so "not stated" never reads as "no".
 */
#ifndef CASETERM_CATALOGUE_H
#define CASETERM_CATALOGUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/pni.h"
#include "util/status.h"
#include "util/strbuf.h"

/* ---------------------------------------------------------------- values */

/* Intervention types (interventions.md 5.3): name, JSON spelling, label. */
#define CAT_TYPE_LIST(_)                                                  \
	_(ACP, "AcP", "Accredited Programmes")                            \
	_(CRS, "CRS", "Commissioned Rehabilitative Services")             \
	_(SI, "SI", "Structured Interventions")                           \
	_(TOOLKITS, "Toolkits", "Toolkits")

enum cat_type {
#define CAT_TYPE_ENUM(name, json, label) CAT_TYPE_##name,
	CAT_TYPE_LIST(CAT_TYPE_ENUM)
#undef CAT_TYPE_ENUM
	CAT_TYPE_COUNT
};

/* Settings (setting_type: COMMUNITY, CUSTODY, REMAND, PRE_RELEASE). */
#define CAT_SETTING_LIST(_)                         \
	_(COMMUNITY, "COMMUNITY", "Community")      \
	_(CUSTODY, "CUSTODY", "Custody")            \
	_(REMAND, "REMAND", "Remand")               \
	_(PRE_RELEASE, "PRE_RELEASE", "Pre-release")

enum cat_setting {
#define CAT_SETTING_ENUM(name, db, label) CAT_SETTING_##name,
	CAT_SETTING_LIST(CAT_SETTING_ENUM)
#undef CAT_SETTING_ENUM
	CAT_SETTING_COUNT
};

/* Criminogenic needs: the find-and-refer "Needs" filter vocabulary
 * (programmes_catalogue.md 5.2).  Older names ("Drug Use", "Employment and
 * Education", ...) map onto these; anything else is OTHER. */
#define CAT_NEED_LIST(_)                                                        \
	_(ACCOMMODATION, "Accommodation")                                       \
	_(ETE, "Education, Training and Employment")                            \
	_(FINANCE, "Finance and Debt")                                          \
	_(RELATIONSHIPS, "Relationships and Family")                            \
	_(LIFESTYLE, "Lifestyle and Associates")                                \
	_(DRUGS, "Drug Misuse")                                                 \
	_(ALCOHOL, "Alcohol Misuse")                                            \
	_(EMOTIONAL, "Emotional Wellbeing")                                     \
	_(THINKING, "Thinking and Behaviour")                                   \
	_(ATTITUDES, "Attitudes")                                               \
	_(OTHER, "Other")

enum cat_need {
#define CAT_NEED_ENUM(name, label) CAT_NEED_##name,
	CAT_NEED_LIST(CAT_NEED_ENUM)
#undef CAT_NEED_ENUM
	CAT_NEED_COUNT
};

/* The 12 probation (NPS) regions, interventions.md 1.5; the code is the
 * probation_region.id of migration 0002. */
#define CAT_REGION_LIST(_)                                  \
	_(A, "North East")                                  \
	_(B, "North West")                                  \
	_(C, "Yorkshire and the Humber")                    \
	_(D, "Wales")                                       \
	_(E, "West Midlands")                               \
	_(F, "East Midlands")                               \
	_(G, "South West")                                  \
	_(H, "South Central")                               \
	_(I, "East of England")                             \
	_(J, "London")                                      \
	_(K, "Kent, Surrey and Sussex")                     \
	_(L, "Greater Manchester")

/* CAT_REGION_UNKNOWN is 0 so a zeroed person has no region. */
enum cat_region {
	CAT_REGION_UNKNOWN = 0,
#define CAT_REGION_ENUM(code, name) CAT_REGION_##code,
	CAT_REGION_LIST(CAT_REGION_ENUM)
#undef CAT_REGION_ENUM
	CAT_REGION_END
};
#define CAT_REGION_COUNT (CAT_REGION_END - 1)
#define CAT_REGION_BIT(r) (1u << ((r) - 1))

/* Risk levels (rosh_levels and the OASys predictor bands). */
enum cat_level {
	CAT_LEVEL_MISSING = 0,
	CAT_LEVEL_LOW,
	CAT_LEVEL_MEDIUM,
	CAT_LEVEL_HIGH,
	CAT_LEVEL_VERY_HIGH,
	CAT_LEVEL_END
};
#define CAT_LEVEL_COUNT (CAT_LEVEL_END - 1)
#define CAT_LEVEL_BIT(l) (1u << ((l) - 1))

/* How it is delivered, from the free-text format and attendance type. */
enum cat_delivery {
	CAT_DELIVERY_GROUP,
	CAT_DELIVERY_ONE_TO_ONE,
	CAT_DELIVERY_IN_PERSON,
	CAT_DELIVERY_ONLINE,
	CAT_DELIVERY_COUNT
};

/* Offence types, the offence_type_ref list (programmes_catalogue.md 5.2)
 * plus the spellings the JSON files use; course audiences map onto these. */
#define CAT_OFFENCE_LIST(_)                                             \
	_(SEXUAL, "sexual offence")                                     \
	_(IPV, "intimate partner violence offence")                     \
	_(GENERAL_VIOLENCE, "general violence offence")                 \
	_(DOMESTIC_ABUSE, "domestic abuse offence")                     \
	_(EXTREMISM, "extremism offence")                               \
	_(GANG, "gang or organised crime-related offence")              \
	_(ACQUISITIVE, "acquisitive offence")                           \
	_(DRIVING, "driving offence")                                   \
	_(SUBSTANCE, "substance-related offence")                       \
	_(ROBBERY, "robbery offence")

enum cat_offence {
#define CAT_OFFENCE_ENUM(name, label) CAT_OFFENCE_##name,
	CAT_OFFENCE_LIST(CAT_OFFENCE_ENUM)
#undef CAT_OFFENCE_ENUM
	CAT_OFFENCE_COUNT,
	CAT_OFFENCE_ANY = 100,   /* "All offences", "Any", "General offence" */
	CAT_OFFENCE_UNKNOWN = 101 /* a name we cannot place */
};

/* Accredited programme intensity (course.intensity). */
enum cat_intensity {
	CAT_INTENSITY_NONE = 0,
	CAT_INTENSITY_MODERATE,
	CAT_INTENSITY_HIGH,
	CAT_INTENSITY_HIGH_MODERATE
};

/* The scores a risk rule looks at.  OSP is "OSP-DC or OSP-IIC" and SARA is
 * "towards a partner or others": either one meeting the rule is enough. */
#define CAT_PREDICTOR_LIST(_)                    \
	_(OGRS3, "OGRS3")                        \
	_(OVP, "OVP")                            \
	_(RSR, "RSR")                            \
	_(OSP, "OSP")                            \
	_(SARA, "SARA")                          \
	_(SARA_PARTNER, "SARA (partner)")        \
	_(SARA_OTHER, "SARA (others)")           \
	_(ROSH, "RoSH")

enum cat_predictor {
	CAT_PREDICTOR_NONE = 0,
#define CAT_PREDICTOR_ENUM(name, label) CAT_PREDICTOR_##name,
	CAT_PREDICTOR_LIST(CAT_PREDICTOR_ENUM)
#undef CAT_PREDICTOR_ENUM
	CAT_PREDICTOR_END
};

#define CAT_UNKNOWN (-1) /* an age, count or hours not stated */

struct cat_elig; /* below: one entry's verdict for one person */

/* Static labels, never NULL (an out-of-range value gives "?"). */
const char *cat_type_label(enum cat_type t);     /* "Accredited Programmes" */
const char *cat_type_json(enum cat_type t);      /* "AcP" */
const char *cat_type_db(enum cat_type t);        /* "ACP", the catalogue_type enum */
const char *cat_setting_label(enum cat_setting s);
const char *cat_setting_db(enum cat_setting s);  /* "COMMUNITY" */
const char *cat_need_label(enum cat_need n);
const char *cat_region_name(enum cat_region r);  /* "Wales" */
const char *cat_region_code(enum cat_region r);  /* "D" */
const char *cat_level_label(enum cat_level l);   /* "Low" ... "Very high" */
const char *cat_delivery_label(enum cat_delivery d);
const char *cat_offence_label(enum cat_offence o); /* "sexual offence" */
const char *cat_intensity_label(enum cat_intensity i); /* "High intensity" ... "" */
const char *cat_predictor_label(enum cat_predictor p);
const char *cat_predictor_db(enum cat_predictor p); /* "OGRS3", "SARA_PARTNER" */

/* A label for a JSON field name of the risk guides and exclusions
 * ("ovp_guide" gives "OVP", "literacy_level" "Literacy level"); the name
 * itself when unknown, "" for NULL. */
const char *cat_field_label(const char *field);

/* Parsers for stored or typed names (case-insensitive; NULL gives the
 * "unknown" value).  Return -1 when the name is not one of the values. */
int cat_type_parse(const char *s);      /* "AcP", "ACP", "Toolkits", ... */
int cat_setting_parse(const char *s);   /* "COMMUNITY", "community", "Pre-release" */
int cat_region_parse(const char *s);    /* "D" or "Wales"; CAT_REGION_* or -1 */
int cat_predictor_parse(const char *s); /* cat_predictor_db() names */
int cat_level_parse(const char *s);     /* "LOW", "Very high", "VERY_HIGH" */
int cat_intensity_parse(const char *s); /* "HIGH", "HIGH_MODERATE", "HIGH MODERATE" */
/* Places a need or offence name; never fails (OTHER / UNKNOWN). */
enum cat_need cat_need_parse(const char *s);
enum cat_offence cat_offence_parse(const char *s);
/* Places a course audience ("Sexual offence", "All offences", ...). */
enum cat_offence cat_audience_parse(const char *s);

/* ---------------------------------------------------------- definitions */

/*
 * One catalogue entry with everything the source holds.  Every string and
 * array lives in the arena the definition was made in; NULL means "not
 * stated" (and n_x == 0 for a list).  Built by cat_def_parse() (its own
 * arena, freed by cat_def_release()) or by the store (one arena for the
 * whole catalogue, handed to cat_build()).
 */
struct cat_arena;

struct cat_text {      /* a labelled text: a guide, a prerequisite */
	const char *name;  /* field or prerequisite name */
	const char *value;
};

struct cat_offence_def {
	const char *type;       /* as written: "Sexual", "IPV", ... */
	const char *victim_type;
	const char *motivation;
	enum cat_offence offence; /* cat_offence_parse(type) */
};

/* A risk rule read from a guide ("High OVP", "50+ OGRS3", "OVP: score 20+",
 * "If OVP not available, then OGRS3: score 25+"): the predictor must be at
 * one of the levels, or its percentage within [min, max]. */
struct cat_risk_rule {
	enum cat_predictor predictor;
	unsigned levels;          /* CAT_LEVEL_BIT()s; 0 when a score range is given */
	double min_score;         /* percent, or CAT_UNKNOWN */
	double max_score;         /* percent, or CAT_UNKNOWN */
	enum cat_predictor only_if_missing; /* applies only when that one is missing */
	const char *field;        /* the guide field it came from */
	const char *guide;        /* the guide text, verbatim */
};

struct cat_location {
	enum cat_setting setting;
	const char *code;       /* prison code (custody) or PDU id (community) */
	const char *name;       /* prison or PDU name, or provider */
	const char *contact;    /* e-mail or other contact text as given */
	enum cat_region region; /* or CAT_REGION_UNKNOWN */
	bool referable;
};

struct cat_course {          /* an accredited programme strand */
	const char *identifier;  /* "K-SO" */
	const char *name;
	const char *audience;    /* "Sexual offence" */
	enum cat_intensity intensity;
	bool withdrawn;
	const struct cat_text *prerequisites;
	size_t n_prerequisites;
};

struct cat_def {
	const char *id;            /* uuid text; NULL until stored (and in
				      files without one) */
	const char *name;
	enum cat_type type;
	const char *short_description;
	const char *const *long_description; /* paragraphs */
	size_t n_long_description;
	const char *topic;
	const char *session_detail;
	const char *reason_for_referral;
	const char *time_to_complete;
	const char *format;        /* delivery_method.format */
	const char *attendance;    /* delivery_method.attendance_type */
	unsigned settings;         /* 1u << enum cat_setting */
	const char *const *needs;  /* criminogenic needs as written */
	size_t n_needs;
	int min_age, max_age;      /* or CAT_UNKNOWN */
	int males, females;        /* 1 yes, 0 no, CAT_UNKNOWN not stated */
	const struct cat_offence_def *eligible_offences;
	size_t n_eligible_offences;
	const struct cat_offence_def *excluded_offences;
	size_t n_excluded_offences;
	const char *qualifying_previous_intervention;
	const char *convicted_for_offence_type;
	const char *const *outcomes;
	size_t n_outcomes;
	const struct cat_text *risk_guides;   /* non-empty risk_consideration fields */
	size_t n_risk_guides;
	const struct cat_risk_rule *risk_rules; /* read from the guides */
	size_t n_risk_rules;
	const char *literacy_level;        /* special_educational_needs */
	const char *learning_disability;   /* "Yes", "No", "Assessed case by case" */
	const char *equivalent_non_ldc;
	const struct cat_text *exclusions; /* non-empty exclusion fields */
	size_t n_exclusions;
	unsigned regions;          /* CAT_REGION_BIT()s; 0 = not limited */
	const struct cat_location *locations;
	size_t n_locations;
	const struct cat_course *courses; /* linked strands (from the store) */
	size_t n_courses;
	int sessions_min, sessions_max; /* or CAT_UNKNOWN */
	double hours;              /* or CAT_UNKNOWN */
	const char *source_file;

	struct cat_arena *own;     /* set when the definition owns its arena */
};

/* Arena: every allocation lives until cat_arena_free().  Returns NULL on
 * ENOMEM. */
struct cat_arena *cat_arena_new(void);
void cat_arena_free(struct cat_arena **a);
void *cat_arena_alloc(struct cat_arena *a, size_t size);
/* Copies s (NULL gives NULL; len bytes when len != (size_t)-1). */
char *cat_arena_strndup(struct cat_arena *a, const char *s, size_t len);
char *cat_arena_strdup(struct cat_arena *a, const char *s);

/* A definition with nothing stated (ages, counts CAT_UNKNOWN). */
void cat_def_init(struct cat_def *d);
/* Frees the arena the definition owns (if any) and re-initialises it. */
void cat_def_release(struct cat_def *d);

/*
 * Parses one find-and-refer JSON document (programmes_catalogue.md 5.3) into
 * *out, in a new arena the definition owns.  Every problem found is appended
 * to problems as one line "FILE: FIELD: PROBLEM\n" (file is the label to
 * use, usually the path).  Returns CT_OK with a definition, CT_ERR when the
 * file is invalid (out is released and empty), or CT_NOMEM.
 *
 * Accepted: the keys of 5.3; int_type AcP/ACP, CRS, SI, Toolkits/TOOLKITS;
 * ages as numbers, digit strings, "Any" or null; and one caseterm addition,
 * "delivery_regions": [region code or name, ...], for entries only delivered
 * in some probation regions.  Unknown keys are problems (a typo would
 * otherwise lose a rule quietly).  Risk rules are read from the guides and
 * session counts and hours from the text (cat_parse_sessions).
 */
enum ct_status cat_def_parse(const char *json, size_t len, const char *file,
			     struct cat_def *out, struct strbuf *problems);

/* Reads risk rules from one guide: field is the risk_consideration key
 * ("ovp_guide", "rosh_level", ...), text its value.  Writes up to max rules
 * (strings point at field and text) and returns how many; 0 when the text
 * states no level or score we can check (it stays a guide to read). */
size_t cat_risk_parse(const char *field, const char *text, struct cat_risk_rule *out,
		      size_t max);

/* Reads session counts from text like "5 x one-to-one sessions and 25 x
 * group sessions" (30), "10 to 32 sessions" (10..32), "Minimum of 5 x group
 * sessions" (5..unknown).  Sets both to CAT_UNKNOWN when none is stated. */
void cat_parse_sessions(const char *text, int *min, int *max);
/* Reads hours ("Around 25 hours" gives 25); CAT_UNKNOWN when none. */
double cat_parse_hours(const char *text);

/* ------------------------------------------------------------ catalogue */

struct catalogue;

/*
 * Builds the in-memory catalogue from n definitions.  Takes ownership of the
 * defs array (malloc'd) and of arena (where the definitions' strings live;
 * may be NULL when each definition owns its own), also on failure.
 * Returns CT_OK with *out (free with cat_free), or CT_NOMEM.
 */
enum ct_status cat_build(struct cat_def *defs, size_t n, struct cat_arena *arena,
			 struct catalogue **out);
void cat_free(struct catalogue **cat);

size_t cat_count(const struct catalogue *cat);
/* Entry i (0 <= i < cat_count), everything the source holds. */
const struct cat_def *cat_entry(const struct catalogue *cat, size_t i);
/* The index of the entry with this id or exact name, or -1. */
long cat_find(const struct catalogue *cat, const char *id_or_name);

/* What the entry says about each filter (derived at build time). */
struct cat_facts {
	enum cat_type type;
	unsigned settings;        /* 1u << enum cat_setting */
	unsigned needs;           /* 1u << enum cat_need */
	unsigned regions;         /* CAT_REGION_BIT()s; 0 = not limited */
	unsigned delivery;        /* 1u << enum cat_delivery */
	unsigned risk_levels;     /* CAT_LEVEL_BIT()s it is for; 0 = not stated */
	int min_age, max_age;     /* or CAT_UNKNOWN */
	int males, females;       /* 1, 0, or CAT_UNKNOWN */
	enum cat_intensity intensity;
	unsigned offences_needed; /* 1u << enum cat_offence: one of them needed; 0 = any */
	bool offences_unclear;    /* the list names a type we cannot place */
	unsigned offences_excluded;
};
const struct cat_facts *cat_entry_facts(const struct catalogue *cat, size_t i);

/* --------------------------------------------------- search and filters */

/* Zero = no filter.  Bit sets select "any of"; an entry that does not limit
 * a dimension (no regions, no risk levels stated, no sex stated) passes it. */
struct cat_filter {
	unsigned types;       /* 1u << enum cat_type */
	unsigned settings;    /* 1u << enum cat_setting */
	unsigned needs;       /* 1u << enum cat_need */
	unsigned regions;     /* CAT_REGION_BIT()s: delivered in one of them */
	unsigned sexes;       /* CAT_FILTER_MALE / CAT_FILTER_FEMALE: open to */
	unsigned risk_levels; /* CAT_LEVEL_BIT()s */
	unsigned delivery;    /* 1u << enum cat_delivery */
	unsigned verdicts;    /* 1u << enum cat_verdict (needs eligibility) */
	bool age_set;
	int age;              /* open to this age (when age_set) */
};
#define CAT_FILTER_MALE 1u
#define CAT_FILTER_FEMALE 2u

/* Entries that pass the search and every other filter, per value: what each
 * filter choice would give if ticked (faceted counts). */
struct cat_counts {
	unsigned matched;     /* entries matching the search text alone */
	unsigned shown;       /* entries in the result */
	unsigned type[CAT_TYPE_COUNT];
	unsigned setting[CAT_SETTING_COUNT];
	unsigned need[CAT_NEED_COUNT];
	unsigned region[CAT_REGION_COUNT];     /* index r - 1 */
	unsigned sex[2];                       /* male, female */
	unsigned risk_level[CAT_LEVEL_COUNT];  /* index level - 1 */
	unsigned delivery[CAT_DELIVERY_COUNT];
	unsigned verdict[3];
};

enum cat_sort {
	CAT_SORT_RELEVANCE, /* best match first, then name; name when no text */
	CAT_SORT_NAME,
	CAT_SORT_TYPE,      /* type, then name */
	CAT_SORT_ELIGIBILITY /* eligible, check, not eligible; then name */
};

/* A search over one catalogue, kept between keystrokes.  rows[0..n) are
 * entry indexes in display order; score[i] is entry i's match (-1 none). */
struct cat_view {
	const struct catalogue *cat;
	uint32_t *rows;
	size_t n;
	struct cat_counts counts;
	int16_t *score;
	/* private */
	uint32_t *matched;
	size_t n_matched;
	uint32_t *tmp;
	struct strbuf q, prev_q; /* folded query now and last time */
	bool prev_valid;
};

/* Allocates the arrays for cat.  Returns 0, or -1 on ENOMEM. */
int cat_view_init(struct cat_view *v, const struct catalogue *cat);
void cat_view_release(struct cat_view *v);
/*
 * Runs query (UTF-8; words matched as prefixes of words, all must match) with
 * filter (NULL = none) and sort.  elig (NULL = no person) is an array of
 * cat_count() verdicts from cat_eligibility_all, for the verdict filter,
 * counts and sort.  Ranking: a word starting the name, then a word of the
 * name, then a word of the description.  A query that extends the previous
 * one searches only the previous matches.  Returns 0, or -1 on ENOMEM (only
 * when the query is longer than any before).
 */
int cat_view_update(struct cat_view *v, const char *query, const struct cat_filter *filter,
		    enum cat_sort sort, const struct cat_elig *elig);

/* Folds text for matching (lower-case ASCII, Latin accents removed,
 * apostrophes dropped, other punctuation a space) into out.  Returns 0/-1. */
int cat_fold(struct strbuf *out, const char *text);

/* ------------------------------------------------------------ the person */

enum cat_sex { CAT_SEX_UNKNOWN = 0, CAT_SEX_MALE, CAT_SEX_FEMALE };
enum cat_place { CAT_PLACE_UNKNOWN = 0, CAT_PLACE_COMMUNITY, CAT_PLACE_CUSTODY };

/*
 * What we know about the person.  A zeroed struct knows nothing.  Risk
 * scores use the PNI types (domain/pni.h) so a pni_input fills them.
 */
struct cat_person {
	bool age_known;
	int age;
	enum cat_sex sex;
	enum cat_region region;
	enum cat_place place;
	bool offences_known;
	unsigned offences;        /* 1u << enum cat_offence */
	bool needs_known;
	unsigned needs;           /* 1u << enum cat_need */
	enum cat_level rosh;      /* overall RoSH, or CAT_LEVEL_MISSING */
	struct pni_pct ogrs3, ovp, rsr;
	enum pni_osp osp_dc, osp_iic;
	enum pni_sara sara_partner, sara_other;
	const struct pni_result *pni; /* optional, not owned */
};

/* Sets age from a date of birth (y, m, d) on the day today (y, m, d).
 * Returns 0, or -1 (age left unknown) when a date is invalid or dob is
 * after today. */
int cat_person_set_dob(struct cat_person *p, int by, int bm, int bd, int ty, int tm, int td);
/* Copies sex, scores and levels from a PNI input (what it knows). */
void cat_person_from_pni_input(struct cat_person *p, const struct pni_input *in);

/* ------------------------------------------------------------ eligibility */

enum cat_verdict { CAT_ELIGIBLE = 0, CAT_CHECK, CAT_NOT_ELIGIBLE };
enum cat_severity { CAT_SEV_INFO = 0, CAT_SEV_CHECK, CAT_SEV_NOT_ELIGIBLE };

/* How the entry fits the person's PNI pathway (accredited programmes with an
 * intensity only). */
enum cat_pni_fit {
	CAT_PNI_NOT_APPLICABLE = 0, /* no intensity */
	CAT_PNI_UNKNOWN,            /* no PNI given */
	CAT_PNI_MISSING_INFO,       /* PNI cannot be calculated */
	CAT_PNI_FITS,
	CAT_PNI_OTHER_INTENSITY,    /* recommended pathway is the other intensity */
	CAT_PNI_ALTERNATIVE         /* accredited programmes not recommended */
};

#define CAT_REASON_LIST(_)                                                    \
	_(AGE_BELOW)          /* Age 19 is below the minimum of 25 */        \
	_(AGE_ABOVE)          /* Age 31 is above the maximum of 30 */        \
	_(AGE_MISSING)                                                        \
	_(SEX)                /* Only for women */                            \
	_(SEX_MISSING)                                                        \
	_(REGION)             /* Not delivered in Wales */                    \
	_(REGION_MISSING)                                                     \
	_(SETTING)            /* Not delivered in custody */                  \
	_(SETTING_MISSING)                                                    \
	_(OFFENCE_NEEDED)     /* Needs a sexual offence conviction */         \
	_(OFFENCE_UNCLEAR)                                                    \
	_(OFFENCE_MISSING)                                                    \
	_(OFFENCE_EXCLUDED)                                                   \
	_(RISK_NOT_MET)       /* arg: rule index */                           \
	_(RISK_SCORE_MISSING) /* arg: rule index */                           \
	_(RISK_ALL_MISSING)   /* Check: OASys risk scores are missing */      \
	_(RISK_MET)                                                           \
	_(PNI_UNKNOWN)                                                        \
	_(PNI_MISSING_INFO)                                                   \
	_(PNI_OTHER_INTENSITY)                                                \
	_(PNI_ALTERNATIVE)                                                    \
	_(PNI_FITS)                                                           \
	_(NEEDS_MET)          /* arg: need bits */

enum cat_reason_code {
#define CAT_REASON_ENUM(name) CAT_R_##name,
	CAT_REASON_LIST(CAT_REASON_ENUM)
#undef CAT_REASON_ENUM
	CAT_R_COUNT
};

struct cat_reason {
	uint8_t code;     /* enum cat_reason_code */
	uint8_t severity; /* enum cat_severity */
	uint16_t arg;
};

#define CAT_REASONS_MAX 12

/* One entry's verdict for one person: every reason, worst first. */
struct cat_elig {
	uint8_t verdict;  /* enum cat_verdict */
	uint8_t pni_fit;  /* enum cat_pni_fit */
	uint8_t n;
	bool truncated;   /* more than CAT_REASONS_MAX reasons */
	struct cat_reason r[CAT_REASONS_MAX];
};

/* Evaluates entry i for person p.  Pure; no allocation. */
void cat_eligibility(const struct catalogue *cat, size_t i, const struct cat_person *p,
		     struct cat_elig *out);
/* Evaluates every entry into out[0..cat_count). */
void cat_eligibility_all(const struct catalogue *cat, const struct cat_person *p,
			 struct cat_elig *out);
/* Appends reason r of entry i for person p in words, e.g. "Age 19 is below
 * the minimum of 25" or "Check: OASys risk scores are missing".  Returns 0/-1. */
int cat_reason_text(const struct catalogue *cat, size_t i, const struct cat_person *p,
		    const struct cat_reason *r, struct strbuf *out);
/* "Eligible", "Check", "Not eligible". */
const char *cat_verdict_label(enum cat_verdict v);
/* "Fits the PNI pathway", ... ("" when not applicable). */
const char *cat_pni_fit_label(enum cat_pni_fit f);

/* ---------------------------------------------------------------- compare */

#define CAT_COMPARE_MAX 4

struct cat_compare_row {
	const char *attribute;           /* static: "Type", "Setting", ... */
	char *cells[CAT_COMPARE_MAX];    /* owned; never NULL ("Not stated") */
	bool differs;                    /* not every cell says the same */
};

struct cat_compare {
	size_t ncols;
	size_t entry[CAT_COMPARE_MAX];   /* catalogue indexes */
	char *headers[CAT_COMPARE_MAX];  /* entry names, owned */
	struct cat_compare_row *rows;    /* owned */
	size_t nrows;
};

/*
 * Builds the comparison of n (1..4) entries for person p (NULL: no person;
 * the eligibility rows then say so): Type, Setting, Who it is for,
 * Eligibility, Intensity and PNI fit, Risk criteria, Needs, Format, Length,
 * Sessions, Hours, Locations, How to refer.  Cells are plain text (lines
 * joined with "; "), not yet sanitised for the terminal.  Returns CT_OK,
 * CT_USAGE (n out of range or an index past the end), or CT_NOMEM; release
 * with cat_compare_release() in every case.
 */
enum ct_status cat_compare_build(const struct catalogue *cat, const size_t *idx, size_t n,
				 const struct cat_person *p, struct cat_compare *out);
void cat_compare_release(struct cat_compare *c);
/* Plain text, attribute by attribute (the --linear reading order), with
 * "[differs]" after the attribute name where the cells differ; control and
 * escape characters are removed.  Returns 0, -1 on ENOMEM. */
int cat_compare_text(const struct cat_compare *c, struct strbuf *out);
/* CSV (RFC 4180): header "Attribute,<names...>,Differs", CRLF line ends.
 * Returns 0, -1 on ENOMEM. */
int cat_compare_csv(const struct cat_compare *c, struct strbuf *out);
/* Appends one CSV field: quoted (with "" for ") when it holds a comma, quote,
 * CR or LF or starts with a space; a field starting with = + - @ or a tab is
 * prefixed with ' so spreadsheets do not run it as a formula. */
int cat_csv_field(struct strbuf *out, const char *s);

#endif
