/* cas3.h: the housing placement team's accommodation (CAS3) screens: the
 * assessment queue, one assessment, the bedspace search and its results,
 * the availability grid, bookings and their lifecycle (issue 8,
 * accommodation.md §1.4-§3.5).  Data comes from store/cas3_store.h as the
 * signed-in member of staff, so row-level security keeps each assessor to
 * their own region. */
#ifndef CASETERM_UI_SCREENS_CAS3_H
#define CASETERM_UI_SCREENS_CAS3_H

#include "forms/state.h"
#include "store/cas3_store.h"
#include "ui/shell.h"

/* Entries of the Accommodation area (struct area_entry.open): 0, or -1
 * with the reason shown in the status line. */
int cas3_open_queue(struct ui *ui);
int cas3_open_search(struct ui *ui);
int cas3_open_grid(struct ui *ui);
int cas3_open_bookings(struct ui *ui);

/* The queue with its tabs.  arg: NULL (Unallocated), or the tab to show
 * first as a const char * key of cas3_tab_key(). */
extern const struct screen_ops cas3_queue_screen;
/* One assessment: the person, dates, answers, timeline and actions.
 * arg: const char * assessment id (copied). */
extern const struct screen_ops cas3_assessment_screen;
/* Search results grouped by premises.  arg: const struct cas3_place *
 * (copied). */
extern const struct screen_ops cas3_results_screen;
/* The availability grid.  arg: NULL (every bedspace I may see). */
extern const struct screen_ops cas3_grid_screen;
/* Bookings of my region.  arg: NULL. */
extern const struct screen_ops cas3_bookings_screen;
/* One booking with its records and lifecycle actions.  arg: const char *
 * booking id (copied). */
extern const struct screen_ops cas3_booking_screen;

/* What a search is for: the criteria as typed (kept so nothing is lost when
 * a booking loses its race) and, when placing a referral, its assessment. */
struct cas3_place {
	char *assessment_id;          /* or NULL: a booking without a referral */
	char *crn, *person_name, *sex; /* for the title and the booking */
	char *start_date;
	int nights;
	char *pdu_ids[CAS3_MAX_SEARCH_PDUS];
	size_t n_pdus;
	enum cas3_occupancy_filter occupancy;
	enum cas3_sex_filter sex_filter;
	bool risk_adults, risk_children, wheelchair;
	char **characteristics;       /* further property names */
	size_t n_characteristics;
};

/* Deep copy (NULL on ENOMEM) and release. */
struct cas3_place *cas3_place_dup(const struct cas3_place *p);
void cas3_place_free(struct cas3_place *p);
/* The store's query for p (pointers into p). */
void cas3_place_query(const struct cas3_place *p, struct cas3_search *q,
		      const char *pdus[CAS3_MAX_SEARCH_PDUS]);
/* Reads the cas3_search form's answers into p (fields it holds are
 * replaced).  CT_USAGE with err for a bad answer, CT_NOMEM. */
enum ct_status cas3_place_from_form(struct cas3_place *p, const struct form_state *st,
				    struct strbuf *err);
/* Sets the search form's answers from p (before the user changes them). */
enum ct_status cas3_place_to_form(const struct cas3_place *p, struct form_state *st,
				  struct strbuf *err);

/* Opens the search for p (copied): the criteria form, or the criteria
 * screen when the forms folder is not known.  Returns 0 or -1 with err. */
int cas3_open_search_for(struct ui *ui, const struct cas3_place *p, struct strbuf *err);

/* Runs the search and opens the results (used by the form's submit and the
 * criteria screen).  Returns CT_OK, or the store's status with err. */
enum ct_status cas3_run_search(struct ui *ui, const struct cas3_place *p, struct strbuf *err);

/* Submit callbacks of the booking lifecycle forms (forms/cas3_*.yaml), for
 * the form screen and the tests: each reads the answers of st, calls the
 * store for the booking or assessment id it was opened for and fills
 * confirmation (first line a heading). */
struct cas3_action_ctx {
	char *id;          /* booking or assessment id */
	long version;      /* as shown */
	char *what;        /* "Mark as confirmed", for titles */
	char *arrival_date, *departure_date; /* the booking's, for defaults */
	bool *changed;     /* set true once the store saved (owned by the opener; may be NULL) */
};
typedef enum ct_status (*cas3_submit_fn)(struct cas3_action_ctx *a, PGconn *db, const struct form_state *st,
					 struct strbuf *confirmation, struct strbuf *err);
enum ct_status cas3_submit_confirm(struct cas3_action_ctx *a, PGconn *db, const struct form_state *st,
				   struct strbuf *confirmation, struct strbuf *err);
enum ct_status cas3_submit_arrive(struct cas3_action_ctx *a, PGconn *db, const struct form_state *st,
				  struct strbuf *confirmation, struct strbuf *err);
enum ct_status cas3_submit_depart(struct cas3_action_ctx *a, PGconn *db, const struct form_state *st,
				  struct strbuf *confirmation, struct strbuf *err);
enum ct_status cas3_submit_extend(struct cas3_action_ctx *a, PGconn *db, const struct form_state *st,
				  struct strbuf *confirmation, struct strbuf *err);
enum ct_status cas3_submit_overstay(struct cas3_action_ctx *a, PGconn *db, const struct form_state *st,
				    struct strbuf *confirmation, struct strbuf *err);
enum ct_status cas3_submit_cancel(struct cas3_action_ctx *a, PGconn *db, const struct form_state *st,
				  struct strbuf *confirmation, struct strbuf *err);
enum ct_status cas3_submit_turnaround(struct cas3_action_ctx *a, PGconn *db, const struct form_state *st,
				      struct strbuf *confirmation, struct strbuf *err);
enum ct_status cas3_submit_reject(struct cas3_action_ctx *a, PGconn *db, const struct form_state *st,
				  struct strbuf *confirmation, struct strbuf *err);
enum ct_status cas3_submit_dates(struct cas3_action_ctx *a, PGconn *db, const struct form_state *st,
				 struct strbuf *confirmation, struct strbuf *err);
enum ct_status cas3_submit_note(struct cas3_action_ctx *a, PGconn *db, const struct form_state *st,
				struct strbuf *confirmation, struct strbuf *err);

#endif
