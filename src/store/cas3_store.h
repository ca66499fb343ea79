/* cas3_store.h: CAS3 accommodation in the database: premises, bedspaces, voids,
 * applications and assessments, bedspace search, bookings, reports.
 *
 * Schema and the no-double-booking design: src/db/migrations/0006_cas3.sql.
 * Every function runs as the signed-in member of staff, so row-level
 * security decides what they see: an HPT assessor sees and changes their own
 * region only, and a row of another region is CT_NOT_FOUND.
 *
 * Dates are ISO "YYYY-MM-DD" strings; ids are uuid strings.
 *
 * Each function that changes something runs in its own transaction (a
 * savepoint when the caller already has one open), writes audit_log, and
 * for the changes nDelius hears about the accommodation.cas3.* outbox event
 * of accommodation.md §6.2, all or nothing.
 *
 * Statuses returned:
 *   CT_OK
 *   CT_NOT_FOUND  no such row, or not yours to see (err says which record)
 *   CT_CONFLICT   someone saved a newer version first (err names who and when),
 *                 or the bedspace is taken for those dates (err says which days)
 *   CT_USAGE      a rule refuses the change (err says why in words)
 *   CT_DB, CT_NOMEM
 * Functions that take a `version` refuse to save over a newer one; pass the
 * version the user was shown (0 skips the check).
 *
 * Ownership: every struct filled here owns its strings; release it with its
 * _release/_free function.  Output pointers (char **id) get a new string the
 * caller free()s. */
#ifndef CASETERM_CAS3_STORE_H
#define CASETERM_CAS3_STORE_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/status.h"
#include "util/strbuf.h"

/* ---- reference lists for the screens' choices ---- */

enum cas3_list {
	CAS3_LIST_REJECTION_REASONS,     /* §3.3 */
	CAS3_LIST_CANCELLATION_REASONS,  /* §1.7 */
	CAS3_LIST_DEPARTURE_REASONS,     /* §1.7 */
	CAS3_LIST_MOVE_ON_CATEGORIES,    /* §1.7 */
	CAS3_LIST_VOID_REASONS,          /* §1.6 */
	CAS3_LIST_PREMISES_CHARACTERISTICS, /* scope premises or both */
	CAS3_LIST_BEDSPACE_CHARACTERISTICS, /* scope bedspace or both */
	CAS3_LIST_PDUS,                  /* PDUs of my region (all for national roles) */
	CAS3_LIST_LOCAL_AUTHORITIES,     /* of my region (all for national roles) */
	CAS3_LIST_COUNT
};

struct cas3_option {
	char *id;     /* uuid, or text id for PDUs and local authorities */
	char *key;    /* characteristic property name (isMenOnly ...); else = id */
	char *name;   /* in words */
};

/* Active entries in their sort order.  *out: new array of *n; free with
 * cas3_options_free. */
enum ct_status cas3_list_options(PGconn *db, enum cas3_list which, struct cas3_option **out,
				 size_t *n, struct strbuf *err);
void cas3_options_free(struct cas3_option **v, size_t n);

/* ---- premises and bedspaces (§1.2, §1.3) ---- */

struct cas3_premises_input {
	const char *name;                 /* property reference, unique in its PDU */
	const char *address_line1;
	const char *address_line2;        /* may be NULL */
	const char *town;                 /* may be NULL */
	const char *postcode;
	const char *local_authority_id;   /* may be NULL */
	const char *pdu_id;               /* the region is the PDU's */
	const char *notes;                /* may be NULL */
	int turnaround_working_days;      /* < 0: the default, 2 */
	const char *const *characteristics; /* property names, e.g. "isMenOnly" */
	size_t n_characteristics;
};

struct cas3_premises {
	char *id, *name, *address_line1, *address_line2, *town, *postcode;
	char *local_authority_id, *local_authority;
	char *pdu_id, *pdu_name, *region_id, *region_name;
	char *status;          /* today: online or archived */
	char *archive_date;    /* scheduled or past archive, or NULL */
	char *unarchive_date;  /* scheduled or past return, or NULL */
	char *notes;
	char *characteristics; /* names, ", "-joined ("" when none) */
	char **characteristic_keys; /* property names */
	size_t n_characteristic_keys;
	int turnaround_working_days;
	long bedspaces_online, bedspaces_upcoming, bedspaces_archived;
	long version;
};

/* Adds premises; *id gets the new id. */
enum ct_status cas3_premises_create(PGconn *db, const struct cas3_premises_input *in, char **id,
				    struct strbuf *err);
/* Replaces the fields and the characteristics. */
enum ct_status cas3_premises_update(PGconn *db, const char *id, long version,
				    const struct cas3_premises_input *in, struct strbuf *err);
enum ct_status cas3_premises_get(PGconn *db, const char *id, struct cas3_premises *out,
				 struct strbuf *err);
/* Premises I may see, by PDU then name.  search (may be NULL) matches the
 * name, address lines, town or postcode (with or without spaces); status
 * "online", "archived" or NULL for both. */
enum ct_status cas3_premises_list(PGconn *db, const char *search, const char *status,
				  struct cas3_premises **out, size_t *n, struct strbuf *err);
/* Archives from date (today or later: scheduled).  Refused (CT_USAGE) while a
 * booking, turnaround or void of one of its bedspaces runs on or after that
 * day; err names it and the earliest possible day.  Its bedspaces get the
 * same end date. */
enum ct_status cas3_premises_archive(PGconn *db, const char *id, long version, const char *date,
				     struct strbuf *err);
/* Brings archived premises back online from date. */
enum ct_status cas3_premises_unarchive(PGconn *db, const char *id, long version,
				       const char *date, struct strbuf *err);
void cas3_premises_release(struct cas3_premises *p);
void cas3_premises_list_free(struct cas3_premises **v, size_t n);

struct cas3_bedspace_input {
	const char *reference;
	const char *start_date;           /* NULL: today */
	const char *notes;                /* may be NULL */
	const char *const *characteristics; /* property names, e.g. "isWheelchairAccessible" */
	size_t n_characteristics;
};

struct cas3_bedspace {
	char *id, *premises_id, *reference, *start_date, *end_date, *notes;
	char *status;           /* online, upcoming or archived (today) */
	char *characteristics;  /* names, ", "-joined */
	char **characteristic_keys;
	size_t n_characteristic_keys;
	long version;
};

enum ct_status cas3_bedspace_create(PGconn *db, const char *premises_id,
				    const struct cas3_bedspace_input *in, char **id,
				    struct strbuf *err);
enum ct_status cas3_bedspace_update(PGconn *db, const char *id, long version,
				    const struct cas3_bedspace_input *in, struct strbuf *err);
/* The bedspaces of one premises, by reference. */
enum ct_status cas3_bedspace_list(PGconn *db, const char *premises_id, struct cas3_bedspace **out,
				  size_t *n, struct strbuf *err);
/* Archives from date (the bedspace's last day is the day before); refused
 * like cas3_premises_archive while something runs on or after it.  date NULL
 * brings it back online (clears the end date). */
enum ct_status cas3_bedspace_archive(PGconn *db, const char *id, long version, const char *date,
				     struct strbuf *err);
void cas3_bedspace_list_free(struct cas3_bedspace **v, size_t n);

/* ---- voids (§1.6) ---- */

struct cas3_void_input {
	const char *bedspace_id;
	const char *start_date, *end_date;   /* both days included */
	const char *reason_id;
	const char *reference_number;        /* may be NULL */
	const char *notes;                   /* may be NULL */
	const char *cost_centre;             /* "HMPPS", "SUPPLIER" or NULL */
};

struct cas3_void {
	char *id, *bedspace_id, *start_date, *end_date, *reason_id, *reason;
	char *reference_number, *notes, *cost_centre;
	char *cancelled_at;    /* NULL while active */
	char *cancellation_notes;
	long version;
};

/* CT_CONFLICT when a booking, turnaround or other void holds any of the days. */
enum ct_status cas3_void_create(PGconn *db, const struct cas3_void_input *in, char **id,
				struct strbuf *err);
/* Changes dates, reason, notes (not the bedspace); re-checked like a create. */
enum ct_status cas3_void_update(PGconn *db, const char *id, long version,
				const struct cas3_void_input *in, struct strbuf *err);
/* Soft cancel: the days are free again. */
enum ct_status cas3_void_cancel(PGconn *db, const char *id, long version, const char *notes,
				struct strbuf *err);
/* Voids of a bedspace, newest first; include_cancelled as it says. */
enum ct_status cas3_void_list(PGconn *db, const char *bedspace_id, bool include_cancelled,
			      struct cas3_void **out, size_t *n, struct strbuf *err);
void cas3_void_list_free(struct cas3_void **v, size_t n);

/* ---- applications and assessments (§2.3, §3.1-§3.3) ---- */

/* A yes/no answer that may not have been given. */
enum cas3_answer { CAS3_UNANSWERED = -1, CAS3_NO = 0, CAS3_YES = 1 };

struct cas3_application_input {
	const char *crn;                 /* e.g. X320741 */
	const char *noms_number, *person_name, *date_of_birth, *sex, *gender_identity;
	const char *ethnicity, *pnc_number, *event_number, *offence_id;
	const char *region_id;           /* placement region; NULL: mine */
	const char *pdu_id;              /* placement PDU, may be NULL */
	const char *accommodation_required_from, *release_date;
	enum cas3_answer registered_sex_offender, history_of_sexual_offence;
	enum cas3_answer concerning_sexual_behaviour, needs_accessible_property;
	enum cas3_answer history_of_arson, concerning_arson_behaviour;
	enum cas3_answer duty_to_refer_submitted, eligible;
	const char *duty_to_refer_date, *duty_to_refer_outcome, *duty_to_refer_local_authority;
	const char *eligibility_reason, *prison_name, *prison_release_types;
	const char *answers_json;        /* the form engine's answers (JSON object), may be NULL */
	const char *risk_ratings_json;   /* RoSH/MAPPA/tier snapshot (JSON object), may be NULL */
};

/* Submits a referral (practitioner): it lands, unallocated, in the HPT queue
 * of its region, with the accommodation.cas3.referral.submitted event.
 * application_id / assessment_id (either may be NULL) get the new ids. */
enum ct_status cas3_application_submit(PGconn *db, const struct cas3_application_input *in,
				       char **application_id, char **assessment_id,
				       struct strbuf *err);

/* HPT queue tabs (§3.1 UI list tabs). */
#define CAS3_TAB_LIST(_)                                           \
	_(UNALLOCATED, "unallocated", "Unallocated", "unallocated")   \
	_(IN_REVIEW, "in-review", "In review", "in_review")           \
	_(READY_TO_PLACE, "ready-to-place", "Ready to place", "ready_to_place") \
	_(ARCHIVED, "archived", "Archived", "closed")                 \
	_(REJECTED, "rejected", "Rejected", "rejected")

enum cas3_tab {
#define CAS3_TAB_ENUM(name, key, label, status) CAS3_TAB_##name,
	CAS3_TAB_LIST(CAS3_TAB_ENUM)
#undef CAS3_TAB_ENUM
	CAS3_TAB_COUNT
};

/* Static strings, never NULL. */
const char *cas3_tab_key(enum cas3_tab t);
const char *cas3_tab_label(enum cas3_tab t);
/* The assessment status a tab lists (unallocated, in_review, ...). */
const char *cas3_tab_status(enum cas3_tab t);
/* Label of an assessment status ("In review", "Archived" for closed ...). */
const char *cas3_assessment_status_label(const char *status);

struct cas3_queue_item {
	char *assessment_id, *application_id, *crn, *person_name;
	char *status;           /* unallocated, in_review, ready_to_place, rejected, closed */
	char *pdu_name;         /* may be NULL */
	char *required_from;    /* accommodation required from (assessor's update first), may be NULL */
	char *submitted_at;     /* YYYY-MM-DD */
	char *allocated_to;     /* assessor's name, or NULL */
	bool sexual_risk;       /* RSO, sexual offence history or concerning behaviour */
	long version;
};

/* One tab of my region's queue, by required-from date then submission.
 * crn_or_name (may be NULL) narrows it. */
enum ct_status cas3_queue_list(PGconn *db, enum cas3_tab tab, const char *crn_or_name,
			       struct cas3_queue_item **out, size_t *n, struct strbuf *err);
/* How many are in each tab. */
enum ct_status cas3_queue_counts(PGconn *db, long counts[CAS3_TAB_COUNT], struct strbuf *err);
void cas3_queue_free(struct cas3_queue_item **v, size_t n);

struct cas3_timeline_entry {
	char *at;       /* YYYY-MM-DD HH:MM */
	char *by;       /* staff name or login */
	char *kind;     /* "status" or "note" */
	char *text;     /* "Moved to In review" or the note */
};

struct cas3_assessment {
	char *id, *application_id, *status, *crn, *noms_number, *person_name, *date_of_birth, *sex;
	char *region_name, *pdu_id, *pdu_name, *submitted_at, *submitted_by;
	char *allocated_to;          /* name, or NULL */
	char *rejection_reason, *rejection_detail;
	bool is_withdrawn;
	char *release_date, *required_from;   /* assessor's update, else the application's */
	enum cas3_answer registered_sex_offender, history_of_sexual_offence;
	enum cas3_answer concerning_sexual_behaviour, needs_accessible_property;
	enum cas3_answer history_of_arson, concerning_arson_behaviour;
	char *answers_json;          /* the application's answers */
	struct cas3_timeline_entry *timeline;   /* oldest first: status history and notes */
	size_t n_timeline;
	long version;
};

/* The referral with its answers and timeline; writes a cas3.referral.read
 * audit row (the answers hold risk information). */
enum ct_status cas3_assessment_get(PGconn *db, const char *id, struct cas3_assessment *out,
				   struct strbuf *err);
void cas3_assessment_release(struct cas3_assessment *a);
/* "Reallocate to me" (§3.2): allocated to me and in review. */
enum ct_status cas3_assessment_allocate_to_me(PGconn *db, const char *id, long version,
					      struct strbuf *err);
/* Moves to status: "unallocated", "in_review" (allocates to me when nobody
 * has it), "ready_to_place" or "closed" (archive).  Refused moves are
 * CT_USAGE, e.g. "a referral that is rejected cannot be moved to ready to
 * place".  Rejecting goes through cas3_assessment_reject. */
enum ct_status cas3_assessment_move(PGconn *db, const char *id, long version, const char *status,
				    struct strbuf *err);
/* Rejects with a reason of the §3.3 list (id), details (may be NULL) and
 * whether the practitioner asked for it to be withdrawn. */
enum ct_status cas3_assessment_reject(PGconn *db, const char *id, long version,
				      const char *reason_id, const char *detail, bool withdrawn,
				      struct strbuf *err);
/* Updates the release date and/or the accommodation-required-from date
 * (NULL leaves one as it is); the release may not be after the required-from
 * date (§3.2). */
enum ct_status cas3_assessment_update_dates(PGconn *db, const char *id, long version,
					    const char *release_date, const char *required_from,
					    struct strbuf *err);
/* Appends an assessor's note. */
enum ct_status cas3_assessment_add_note(PGconn *db, const char *id, const char *message,
					struct strbuf *err);

/* ---- bedspace search (§3.4) and availability ---- */

enum cas3_occupancy_filter { CAS3_OCC_ANY, CAS3_OCC_SINGLE, CAS3_OCC_SHARED };
enum cas3_sex_filter { CAS3_SEX_NONE, CAS3_SEX_MEN_ONLY, CAS3_SEX_WOMEN_ONLY };

#define CAS3_DEFAULT_NIGHTS 84
#define CAS3_MAX_SEARCH_PDUS 5

struct cas3_search {
	const char *start_date;          /* available from */
	int nights;                      /* <= 0: 84; the stay is [start, start + nights] */
	const char *const *pdu_ids;      /* up to 5; none: every PDU of my region */
	size_t n_pdus;
	enum cas3_occupancy_filter occupancy;
	enum cas3_sex_filter sex;        /* men only: not women-only, no woman staying (and v.v.) */
	bool sexual_risk_to_adults;      /* person poses it: drop premises not suitable */
	bool sexual_risk_to_children;
	bool wheelchair;                 /* bedspace isWheelchairAccessible */
	const char *const *characteristics; /* further property names required (premises or bedspace) */
	size_t n_characteristics;
};

struct cas3_search_bedspace {
	char *bedspace_id, *reference;
	char *characteristics;   /* bedspace attributes in words */
	char *why;               /* why it fits, "; "-joined sentences */
	char *turnaround_end;    /* last day it would be taken, with turnaround */
};

struct cas3_search_premises {
	char *premises_id, *name, *address_line1, *address_line2, *town, *postcode;
	char *pdu_name, *notes;
	char *characteristics;   /* property attributes in words */
	long bedspaces_total, bedspaces_booked;  /* online for the stay / taken during it */
	char *others;            /* "other people staying": "X320741 (Male, 30 days, sexual risk); ..." or "" */
	bool sexual_risk_nearby; /* someone staying has a sexual-risk flag */
	struct cas3_search_bedspace *bedspaces;
	size_t n_bedspaces;
};

struct cas3_search_result {
	char *start_date, *departure_date;
	struct cas3_search_premises *premises;   /* by PDU, premises, bedspace */
	size_t n_premises;
	size_t n_bedspaces;                       /* over all premises */
};

/* Free bedspaces for the stay and each one's turnaround, grouped by
 * premises, with why each fits.  CT_USAGE for more than 5 PDUs or a bad date. */
enum ct_status cas3_bedspace_search(PGconn *db, const struct cas3_search *q,
				    struct cas3_search_result *out, struct strbuf *err);
void cas3_search_result_release(struct cas3_search_result *r);

/* Availability grid cells. */
#define CAS3_CELL_FREE '.'
#define CAS3_CELL_BOOKED 'B'
#define CAS3_CELL_TURNAROUND 'T'
#define CAS3_CELL_VOID 'V'
#define CAS3_CELL_CLOSED '-'   /* bedspace not open that day (not started, archived) */

struct cas3_grid_row {
	char *bedspace_id, *premises_id, *premises_name, *reference;
	char *cells;              /* one CAS3_CELL_* per day, days long, NUL-terminated */
	char **ids;               /* per day: booking or void id, or NULL */
};

struct cas3_grid {
	char *from;               /* first day */
	int days;
	struct cas3_grid_row *rows;
	size_t n_rows;
};

/* Per bedspace per day from `from` for `days` days (1..366): booked, void,
 * turnaround or free.  premises_id NULL: every bedspace I may see. */
enum ct_status cas3_availability_grid(PGconn *db, const char *premises_id, const char *from,
				      int days, struct cas3_grid *out, struct strbuf *err);
void cas3_grid_release(struct cas3_grid *g);

/* ---- bookings (§1.4, §1.5, §1.7) ---- */

struct cas3_booking_input {
	const char *bedspace_id;
	const char *assessment_id;      /* placing a referral (§3.5), may be NULL */
	const char *crn;                /* NULL: the assessment's */
	const char *noms_number, *person_name, *sex;  /* NULL: the assessment's */
	const char *arrival_date, *departure_date;
	const char *notes;              /* may be NULL */
};

/*
 * Books provisionally (accommodation.cas3.booking.provisionally-made).
 * *booking_id gets the new id.  When the bedspace is no longer free for the
 * stay and its turnaround (someone else was quicker), returns CT_CONFLICT
 * with err "Bedspace 2 at Acacia House is no longer free from 2027-01-04 to
 * 2027-03-29 ..." and, when one exists, *next_bedspace_id (may be NULL to
 * not ask) the next free bedspace matching `same` (NULL: the same dates in
 * the same PDU), so the screen can offer it.  Date rules
 * (booking_check_new) are CT_USAGE.
 */
enum ct_status cas3_booking_create(PGconn *db, const struct cas3_booking_input *in,
				   const struct cas3_search *same, char **booking_id,
				   char **next_bedspace_id, struct strbuf *err);

struct cas3_booking_record {
	char *kind;    /* provisional, confirmation, arrival, extension, overstay, departure,
			  cancellation, non-arrival, turnaround */
	char *at;      /* when recorded, YYYY-MM-DD HH:MM */
	char *by;      /* who */
	char *text;    /* what, in words */
};

struct cas3_booking {
	char *id, *bedspace_id, *bedspace_reference, *premises_id, *premises_name;
	char *address_line1, *town, *postcode, *pdu_name;
	char *application_id, *assessment_id, *crn, *noms_number, *person_name, *sex;
	char *arrival_date, *departure_date, *original_arrival_date, *original_departure_date;
	char *turnaround_end_date;   /* last day the bedspace is taken */
	char *status;                /* as stored: provisional ... cancelled */
	char *shown_status;          /* derived: closed once the turnaround has ended */
	int turnaround_working_days;
	long version;
	struct cas3_booking_record *records;   /* oldest first */
	size_t n_records;
};

enum ct_status cas3_booking_get(PGconn *db, const char *id, struct cas3_booking *out,
				struct strbuf *err);
/* Bookings I may see, by arrival: crn_or_name and shown_status (e.g.
 * "arrived") may be NULL.  Records are not filled. */
enum ct_status cas3_booking_list(PGconn *db, const char *crn_or_name, const char *shown_status,
				 struct cas3_booking **out, size_t *n, struct strbuf *err);
void cas3_booking_release(struct cas3_booking *b);
void cas3_booking_list_free(struct cas3_booking **v, size_t n);

/*
 * The lifecycle.  Each checks with the domain (booking_can and the date
 * rules of domain/booking.h) that the action is allowed now (CT_USAGE with
 * the reason if not), appends its record, updates the booking, writes
 * audit_log and the §6.2 event, in one transaction.
 */
/* provisional -> confirmed (accommodation.cas3.booking.confirmed); closes the
 * referral's assessment. */
enum ct_status cas3_booking_confirm(PGconn *db, const char *id, long version, const char *notes,
				    struct strbuf *err);
/* confirmed -> arrived (accommodation.cas3.person.arrived): the stay becomes
 * [arrival_date, expected_departure]. */
enum ct_status cas3_booking_arrive(PGconn *db, const char *id, long version,
				   const char *arrival_date, const char *expected_departure,
				   const char *notes, struct strbuf *err);
/* arrived -> departed (accommodation.cas3.person.departed) with a departure
 * reason and move-on category (ids); an earlier departure frees the days
 * after it and its turnaround. */
enum ct_status cas3_booking_depart(PGconn *db, const char *id, long version,
				   const char *departure_date, const char *reason_id,
				   const char *move_on_category_id, const char *notes,
				   struct strbuf *err);
/* Extends or shortens an arrived stay (accommodation.cas3.person.arrived.updated,
 * the arrival's expected departure changed); refused with CT_CONFLICT when
 * the longer stay or its turnaround would run into another booking or void. */
enum ct_status cas3_booking_extend(PGconn *db, const char *id, long version,
				   const char *new_departure, const char *notes,
				   struct strbuf *err);
/* Records an overstay (stay past 84 nights), authorised or not
 * (accommodation.cas3.person.arrived.updated). */
enum ct_status cas3_booking_overstay(PGconn *db, const char *id, long version,
				     const char *new_departure, bool authorised,
				     const char *reason, struct strbuf *err);
/* provisional/confirmed -> cancelled (accommodation.cas3.booking.cancelled)
 * with a reason id; the days are free again and the referral's assessment
 * goes back to ready to place. */
enum ct_status cas3_booking_cancel(PGconn *db, const char *id, long version,
				   const char *reason_id, const char *notes, struct strbuf *err);
/* "Change turnaround time" (no event: audit only); re-checked like an extension. */
enum ct_status cas3_booking_change_turnaround(PGconn *db, const char *id, long version,
					      int working_days, struct strbuf *err);

/* ---- reports (§4) ---- */

#define CAS3_REPORT_LIST(_)                                         \
	_(REFERRALS, "referrals", "Referrals", "cas3_report_referrals") \
	_(BOOKINGS, "bookings", "Bookings", "cas3_report_bookings")     \
	_(BED_USAGE, "bed-usage", "Bedspace usage", "cas3_report_bed_usage") \
	_(BED_OCCUPANCY, "bed-occupancy", "Bed occupancy", "cas3_report_bed_occupancy") \
	_(FUTURE_BOOKINGS, "future-bookings", "Future bookings", "cas3_report_future_bookings") \
	_(BOOKING_GAPS, "booking-gaps", "Booking gaps", "cas3_report_booking_gaps")

enum cas3_report {
#define CAS3_REPORT_ENUM(name, key, label, fn) CAS3_REPORT_##name,
	CAS3_REPORT_LIST(CAS3_REPORT_ENUM)
#undef CAS3_REPORT_ENUM
	CAS3_REPORT_COUNT
};

const char *cas3_report_key(enum cas3_report r);    /* "bed-occupancy" */
const char *cas3_report_label(enum cas3_report r);  /* "Bed occupancy" */
/* Parses a key; false when unknown. */
bool cas3_report_parse(const char *key, enum cas3_report *out);

/* A table of text: column names and rows, NULL cells for no value. */
struct cas3_table {
	size_t ncols, nrows;
	char **cols;
	char **cells;    /* nrows * ncols, row-major */
};

/* The cell at row, col (NULL for no value or out of range). */
const char *cas3_table_cell(const struct cas3_table *t, size_t row, size_t col);
/* The index of column name, or -1. */
long cas3_table_col(const struct cas3_table *t, const char *name);
void cas3_table_release(struct cas3_table *t);

/* Runs a report for region (id such as "K"; NULL: national, which an HPT
 * assessor gets as their own region) and from..to (at most 6 months, else
 * CT_USAGE).  Columns are the service's (§4). */
enum ct_status cas3_report_run(PGconn *db, enum cas3_report r, const char *region,
			       const char *from, const char *to, struct cas3_table *out,
			       struct strbuf *err);

#endif
