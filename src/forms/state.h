/* state.h: the answers to one form being filled in, and everything a
 * renderer asks of them: get/set answer text, repeat items, show_if, page
 * validation with an ordered error list, section status for the task list,
 * prefill through prefill sources, redaction of prefilled text, check your
 * answers, submit, and JSON for drafts.  No curses, no SQL: the renderer
 * draws what this returns, the store saves what form_state_to_json gives.
 *
 * Typical use by a renderer:
 *
 *   form_load_file(path, &form, &err);
 *   st = form_state_new(form);                  // or from a draft:
 *   form_state_from_json(st, draft.answers, &err);
 *   form_state_prefill(st, sources, n, &report);  // fills empty prefilled fields
 *   for each section: form_state_section_status(st, sec)   // task list
 *   page = form_state_first_page(st, sec);
 *   for each field of page: if form_state_visible(st, f, item) draw label,
 *       hint, form_state_get(st, f, item), errors.for_field(f, item)
 *   on typing: form_state_set(st, f, item, text)   (then save the draft:
 *       form_state_to_json -> draft_save)
 *   on "Save and continue": form_state_validate_page(st, page, &errs);
 *       errs.n == 0 ? page = form_state_next_page(st, page) : show summary
 *   at the end of a section: form_state_complete_section(st, sec, &errs, &bad)
 *   check answers: form_state_check_answers(st, &rows, &n)
 *   submit: form_state_submit(st, &json, &errs, &bad) -> store -> draft_delete
 *
 * Answers are text.  A repeat group's fields are addressed with an item
 * index (0 .. count-1); other fields take item 0 (any index is ignored).
 * A multiselect answer is its selected values separated by '\n'.
 *
 * Ownership: form_state_new returns a state the caller frees with
 * form_state_free; it borrows the form, which must outlive it.  Strings
 * returned by form_state_get stay valid until that answer changes. */
#ifndef CASETERM_FORMS_STATE_H
#define CASETERM_FORMS_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include "forms/form.h"
#include "util/dates.h"
#include "util/status.h"
#include "util/strbuf.h"

struct form_state;

struct form_state *form_state_new(const struct form *form);
void form_state_free(struct form_state **st);
const struct form *form_state_form(const struct form_state *st);
/* The date validation counts as today (default: date_today() at creation). */
void form_state_set_today(struct form_state *st, struct ymd today);

/* ---- answers ---- */

/* The answer text, "" when none (never NULL). */
const char *form_state_get(const struct form_state *st, const struct form_field *f,
			   size_t item);
/* Same by field id (top-level fields, or group fields with item). */
const char *form_state_get_id(const struct form_state *st, const char *id, size_t item);
/* Stores a copy of text as the answer (nothing is checked: that is what
 * validation is for, and nothing the user typed is lost).  CT_ERR with a
 * message when the field cannot be edited (readonly and prefilled) or item
 * is out of range; CT_NOMEM. */
enum ct_status form_state_set(struct form_state *st, const struct form_field *f, size_t item,
			      const char *text, struct strbuf *err);
enum ct_status form_state_set_id(struct form_state *st, const char *id, size_t item,
				 const char *text, struct strbuf *err);
/* Multiselect helpers: whether value is selected; select or clear it. */
bool form_state_selected(const struct form_state *st, const struct form_field *f, size_t item,
			 const char *value);
enum ct_status form_state_toggle(struct form_state *st, const struct form_field *f, size_t item,
				 const char *value, struct strbuf *err);
/* False for readonly fields that have their prefilled value. */
bool form_state_editable(const struct form_state *st, const struct form_field *f);

/* ---- repeat groups ---- */

size_t form_state_items(const struct form_state *st, const struct form_field *group);
/* Adds an empty item at the end; *index gets its index.  CT_ERR when the
 * group already has its max. */
enum ct_status form_state_item_add(struct form_state *st, const struct form_field *group,
				   size_t *index, struct strbuf *err);
/* Removes an item; later items move down one. */
enum ct_status form_state_item_remove(struct form_state *st, const struct form_field *group,
				      size_t index, struct strbuf *err);

/* ---- options from reference tables ---- */

/* Gives an options_from field its options (copied), e.g. from options_load.
 * Until then any value is accepted and shown as typed. */
enum ct_status form_state_set_options(struct form_state *st, const struct form_field *f,
				      const struct form_option *opts, size_t n);
/* The options of a choice field: static ones, or those set above. */
const struct form_option *form_state_options(const struct form_state *st,
					     const struct form_field *f, size_t *n);

/* ---- show_if and pages ---- */

/* Whether a field is shown: its show_if field is itself shown and has one of
 * the values.  Hidden fields are not validated and not submitted. */
bool form_state_visible(const struct form_state *st, const struct form_field *f, size_t item);
/* A page is shown when at least one of its fields is. */
bool form_state_page_visible(const struct form_state *st, const struct form_page *p);
/* The first shown page of a section, the shown page after/before p in its
 * section, or NULL. */
const struct form_page *form_state_first_page(const struct form_state *st,
					      const struct form_section *s);
const struct form_page *form_state_next_page(const struct form_state *st,
					     const struct form_page *p);
const struct form_page *form_state_prev_page(const struct form_state *st,
					     const struct form_page *p);

/* ---- validation ---- */

struct form_error {
	const struct form_field *field;   /* the field (or repeat group) in error */
	size_t item;                      /* repeat item, 0 otherwise */
	char *message;                    /* "Enter a date of birth" */
};

struct form_errors {
	struct form_error *v;             /* in page order: the error summary */
	size_t n, alloc;
};
#define FORM_ERRORS_INIT {NULL, 0, 0}

void form_errors_release(struct form_errors *e);
/* The message for one field (for beside it), or NULL. */
const char *form_errors_for(const struct form_errors *e, const struct form_field *f,
			    size_t item);

/* Validates the shown fields of a page, appending to errs (reset first).
 * Returns how many errors there are (0 = the page is fine). */
size_t form_state_validate_page(struct form_state *st, const struct form_page *p,
				struct form_errors *errs);
/* Validates every shown page of a section; when all pass, marks it completed
 * and returns CT_OK; otherwise CT_ERR with errs and *first_bad (may be NULL)
 * the first page with an error. */
enum ct_status form_state_complete_section(struct form_state *st, const struct form_section *s,
					   struct form_errors *errs,
					   const struct form_page **first_bad);

/* ---- task list ---- */

#define SECTION_STATUS_LIST(_)                      \
	_(NOT_STARTED, "Not started")               \
	_(IN_PROGRESS, "In progress")               \
	_(COMPLETED, "Completed")                   \
	_(CANNOT_START, "Cannot start yet")

enum section_status {
#define SECTION_STATUS_ENUM(name, label) SECTION_##name,
	SECTION_STATUS_LIST(SECTION_STATUS_ENUM)
#undef SECTION_STATUS_ENUM
};
const char *section_status_label(enum section_status s);
/* Cannot start yet: a section it depends on is not completed.  Completed:
 * marked so by form_state_complete_section and still valid.  In progress:
 * the user has answered something in it.  Otherwise not started. */
enum section_status form_state_section_status(const struct form_state *st,
					      const struct form_section *s);

/* ---- prefill and redaction ---- */

/* Fills every empty prefilled field the user has not touched, from the
 * source its path names (text sanitised for the terminal).  Sources not
 * given or down leave the field for the user to type.  Appends one line per
 * problem to report ("oasys.rosh: service unavailable").  Returns how many
 * fields were filled. */
size_t form_state_prefill(struct form_state *st, const struct prefill_source *sources,
			  size_t n_sources, struct strbuf *report);
/* Whether the field holds a prefilled value. */
bool form_state_prefilled(const struct form_state *st, const struct form_field *f);

#define REDACTION_LIST(_)                      \
	_(NONE, "none")          /* not redactable, or nothing prefilled */ \
	_(PENDING, "pending")    /* prefilled, not yet reviewed */          \
	_(CONFIRMED, "confirmed")/* shared as prefilled */                  \
	_(EDITED, "edited")      /* changed before sharing */              \
	_(REMOVED, "removed")    /* not shared */

enum redaction {
#define REDACTION_ENUM(name, word) REDACTION_##name,
	REDACTION_LIST(REDACTION_ENUM)
#undef REDACTION_ENUM
};
const char *redaction_name(enum redaction r);
/* State of a redactable field; *original (may be NULL) gets the prefilled
 * text (NULL when none). */
enum redaction form_state_redaction(const struct form_state *st, const struct form_field *f,
				    const char **original);
/* Confirm shares the prefilled text as it is; remove empties the answer and
 * records the removal; restore puts the prefilled text back (pending).
 * Setting the text of a redactable field records "edited" (or "removed"
 * when emptied, "pending" when put back as it was).  CT_ERR when f is not a
 * redactable field with prefilled text. */
enum ct_status form_state_redaction_confirm(struct form_state *st, const struct form_field *f,
					    struct strbuf *err);
enum ct_status form_state_redaction_remove(struct form_state *st, const struct form_field *f,
					   struct strbuf *err);
enum ct_status form_state_redaction_restore(struct form_state *st, const struct form_field *f,
					    struct strbuf *err);

/* ---- check your answers ---- */

struct cya_row {
	const struct form_section *section;
	const struct form_page *page;     /* where to change it */
	const struct form_field *field;
	size_t item;
	char *heading;      /* first row of a repeat item: "Addresses 2"; else NULL */
	char *label;        /* the field's label */
	char *value;        /* as people read it (may hold '\n'); "" when unanswered */
	enum redaction redaction;
};
/* Rows for every shown field of every section, in form order.  A repeat
 * group with no items gives one row with value "None".  *rows is a new
 * array of *n rows: free with cya_rows_free. */
enum ct_status form_state_check_answers(const struct form_state *st, struct cya_row **rows,
					size_t *n);
void cya_rows_free(struct cya_row **rows, size_t n);

/* ---- submit and drafts ---- */

/* Validates every shown page of every section that can be started.  When
 * all pass: CT_OK and *json (free() it) is
 *   {"form": id, "answers": {id: normalised value | [values] |
 *    [{id: value}...]}, "redactions": {id: "confirmed"|"edited"|"removed"}}
 * with hidden fields left out.  Otherwise CT_ERR with errs and *first_bad. */
enum ct_status form_state_submit(struct form_state *st, char **json, struct form_errors *errs,
				 const struct form_page **first_bad);

/* Everything needed to resume: answers as typed (repeat items, multiselect
 * lists), redaction originals and states, which fields were prefilled or
 * touched, which sections were completed.  *json is new text (free() it).
 *   {"format": 1, "form": id, "answers": {...}, "meta": {id: {"prefilled":
 *    true, "touched": true, "original": text, "redaction": "edited"}},
 *    "completed": [section ids]}                                        */
enum ct_status form_state_to_json(const struct form_state *st, char **json);
/* Loads answers saved by form_state_to_json into a fresh state.  Unknown
 * fields (from an older version of the form) are ignored; CT_ERR when json
 * is not such a document or belongs to another form. */
enum ct_status form_state_from_json(struct form_state *st, const char *json, struct strbuf *err);

#endif
