/* form.h: form definitions (the YAML files in forms/) loaded into a read-only model:
 * form -> sections -> pages -> fields (a repeat group holds fields of its
 * own), plus the known prefill sources and option tables that `caseterm forms
 * check` validates against.  No curses, no I/O beyond reading the YAML file.
 *
 * YAML shape (every key below; any other key is an error):
 *
 *   id: sample                      # [a-z][a-z0-9_]*
 *   title: Sample form
 *   description: ...                # optional
 *   sources: [ndelius.details, oasys.rosh]   # prefill sources the form uses
 *   sections:                       # or `pages:` for a one-section form
 *     - id: about
 *       title: About the person
 *       depends_on: [other_section] # optional: "Cannot start yet" until done
 *       pages:
 *         - id: name
 *           title: Their name       # optional
 *           description: ...        # optional
 *           fields:
 *             - id: forename
 *               label: First name
 *               hint: ...           # optional
 *               error_name: a first name   # optional, for messages:
 *                                   # "Enter a first name", "First name must ..."
 *               type: text          # see FORM_FIELD_TYPES
 *               required: true
 *               max_length: 100     # text, textarea: characters (code points)
 *               pattern: '[A-Za-z ]+'  # text, textarea: POSIX ERE, whole answer
 *               min: 1 / max: 10    # number, money: numbers; date: YYYY-MM-DD
 *                                   # or today, today+6m, today-18y, today-1d;
 *                                   # time: HH:MM; multiselect: choices count
 *               options: [a, b] or [{value: a, label: A, hint: ...}]
 *               options_from: withdrawal_reasons   # a known option table
 *               show_if: {field: other_id, value: yes}   # or value: [a, b]
 *               prefill: ndelius.details.name.forename   # source + path
 *               readonly: true      # shown, not editable once prefilled
 *               redactable: true    # prefilled text confirmed/edited/removed
 *             - id: addresses       # a repeat group: no type, fields inside
 *               label: Addresses
 *               repeat: {min: 1, max: 5, fields: [ ...fields... ]}
 *
 * Ownership: form_load_* gives the caller a form that form_free() frees in
 * one call with everything below it; the strings point into the YAML tree the
 * form keeps (an arena per loaded form).  The model is never changed after
 * loading, so one loaded form may back many form_state objects. */
#ifndef CASETERM_FORMS_FORM_H
#define CASETERM_FORMS_FORM_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/dates.h"
#include "util/status.h"
#include "util/strbuf.h"

struct ynode;
struct form_priv;

/* X-macro of field types: enum name, YAML name. */
#define FORM_FIELD_TYPES(_)          \
	_(TEXT, "text")              \
	_(TEXTAREA, "textarea")      \
	_(NUMBER, "number")          \
	_(DATE, "date")              \
	_(TIME, "time")              \
	_(YESNO, "yesno")            \
	_(RADIO, "radio")            \
	_(SELECT, "select")          \
	_(MULTISELECT, "multiselect") \
	_(POSTCODE, "postcode")      \
	_(PHONE, "phone")            \
	_(EMAIL, "email")            \
	_(CRN, "crn")                \
	_(MONEY, "money")

enum field_type {
#define FORM_FT_ENUM(name, yaml) FT_##name,
	FORM_FIELD_TYPES(FORM_FT_ENUM)
#undef FORM_FT_ENUM
	FT_GROUP,          /* a repeat group (YAML: `repeat:`, no `type:`) */
	FT_COUNT
};

/* The YAML name of a type ("text", ..., "repeat" for FT_GROUP). */
const char *field_type_name(enum field_type t);

/* Default and greatest max_length (characters) of text and textarea. */
#define FORM_TEXT_MAX_DEFAULT 500
#define FORM_TEXTAREA_MAX_DEFAULT 10000
#define FORM_MAX_LENGTH_LIMIT 100000

struct form_option {
	const char *value;
	const char *label;
	const char *hint;          /* NULL when none */
};

/* A date limit: a fixed date, or today moved by years, months and days. */
struct date_bound {
	enum { DB_NONE, DB_FIXED, DB_TODAY } kind;
	struct ymd fixed;
	int years, months, days;
};

/* min or max of a field; which member counts depends on the field's type. */
struct form_bound {
	bool set;
	double num;                /* number, money (pounds); counts for multiselect, repeat */
	struct date_bound date;    /* date */
	int minutes;               /* time: minutes after midnight */
	const char *text;          /* as written in the YAML, for messages */
};

struct form_field;

struct form_show_if {
	const struct form_field *field;  /* the field it depends on; NULL = always shown */
	const char *const *values;       /* shown when that field's answer is one of these */
	size_t n_values;
};

struct form_page;
struct form_section;

struct form_field {
	const char *id;
	const char *label;
	const char *hint;          /* NULL when none */
	const char *error_name;    /* for messages; defaults to the label */
	enum field_type type;
	bool required, readonly, redactable;
	struct form_bound min, max;
	long max_length;           /* characters; set for text and textarea */
	const char *pattern;       /* as written, or NULL */
	regex_t *re;               /* compiled "^(pattern)$", or NULL */
	const struct form_option *options;  /* static options (yesno: Yes/No) */
	size_t n_options;
	const char *options_from;  /* option table name, or NULL */
	struct form_show_if show_if;
	const char *prefill;       /* "source.path", or NULL */
	const struct form_field *fields;    /* FT_GROUP: the fields of one item */
	size_t n_fields;
	const struct form_field *group;     /* the group this field is inside, or NULL */
	const struct form_page *page;
	size_t index;              /* position among the form's top-level fields, or
	                              among its group's fields when group != NULL */
	unsigned line, col;        /* where it is defined */
};

struct form_page {
	const char *id;
	const char *title;         /* NULL: the renderer uses the first field's label */
	const char *description;
	const struct form_field *fields;
	size_t n_fields;
	const struct form_section *section;
	size_t index;              /* within its section */
};

struct form_section {
	const char *id;
	const char *title;
	const struct form_section *const *depends_on;
	size_t n_depends_on;
	const struct form_page *pages;
	size_t n_pages;
	size_t index;
};

struct form {
	const char *path;          /* the file it came from */
	const char *id;
	const char *title;
	const char *description;
	const char *const *sources;
	size_t n_sources;
	const struct form_section *sections;
	size_t n_sections;
	size_t n_fields;           /* top-level fields in all pages (form_field.index range) */
	const struct form_field *const *all;  /* those fields in form order */
	struct ynode *doc;         /* the YAML tree: owns every string */
	struct form_priv *priv;    /* the allocations, freed by form_free */
};

/* Loads and validates one definition.  Returns CT_OK with *out set, CT_ERR
 * with every problem appended to err as "file:line:column: message\n"
 * (*out NULL), or CT_NOMEM.  Free with form_free. */
enum ct_status form_load_file(const char *path, struct form **out, struct strbuf *err);
enum ct_status form_load_string(const char *name, const char *text, size_t len,
				struct form **out, struct strbuf *err);
void form_free(struct form **f);

/* Checks every *.yaml file in dir (in name order), appending problems as
 * above, plus form ids used by two files.  *files and *bad get the counts.
 * Returns CT_OK when all are valid, CT_ERR when any is not, CT_USAGE when
 * dir cannot be read (message in err). */
enum ct_status form_check_dir(const char *dir, struct strbuf *err, size_t *files, size_t *bad);

/* Look-ups in a loaded form; NULL when absent.  Fields inside repeat groups
 * are found too. */
const struct form_field *form_find_field(const struct form *f, const char *id);
const struct form_section *form_find_section(const struct form *f, const char *id);
const struct form_page *form_find_page(const struct form *f, const char *id);
/* The label of an option value of a field with static options, or NULL. */
const char *form_option_label(const struct form_field *fld, const char *value);

/* Words for messages: "a date of birth" -> subject "Date of birth" (article
 * dropped, first letter upper case) and object "a date of birth".  Both
 * append to out. */
void form_field_subject(const struct form_field *fld, struct strbuf *out);
void form_field_object(const struct form_field *fld, struct strbuf *out);

/* ---- prefill sources ----------------------------------------------------
 * A prefill path is "<source>.<path inside it>", where source is one of
 * form_prefill_sources (e.g. "oasys.rosh" + "riskToChildren").  The look-up
 * module implements each source through this one interface (one struct per
 * source; several may share get and ctx); the form engine
 * (form_state_prefill in state.h) calls get() for every prefilled field
 * whose source it was given. */
enum prefill_result {
	PREFILL_OK = 0,            /* value appended to out */
	PREFILL_NONE = 1,          /* the source has no value at that path */
	PREFILL_DOWN = -1,         /* the source cannot be reached; out may say why */
};

struct prefill_source {
	const char *name;          /* e.g. "ndelius.details" */
	/* Appends the text at path to out; path is the field's whole prefill
	 * path ("ndelius.details.name.forename").  ctx is the source's own
	 * state.  Returns an enum prefill_result. */
	int (*get)(void *ctx, const char *path, struct strbuf *out);
	void *ctx;
};

/* The sources the look-up module provides, NULL-terminated. */
extern const char *const form_prefill_sources[];
bool form_prefill_source_known(const char *name);
/* Splits a prefill path: returns the length of its source prefix when it
 * names a known source followed by ".path", else 0. */
size_t form_prefill_split(const char *prefill);

/* ---- option tables -------------------------------------------------------
 * Names that `options_from` may use, NULL-terminated.  The store layer maps
 * each to its SQL (options_load in store/draft_store.h); a unit test keeps
 * the two lists in step. */
extern const char *const form_option_tables[];
bool form_option_table_known(const char *name);

#endif
