/* supplier.h: the supplier work screens (issue 7) and their forms.
 *
 * Screens: the supplier dashboard (tabs unassigned / assigned to me / all
 * open / completed), a referral's delivery (assessment appointment, action
 * plan, sessions, end-of-service report, timeline; supplier actions, and for
 * the sending practitioner: approve the action plan, mark flags seen) and
 * the practitioner's attention list.
 *
 * Forms (forms/supplier_*.yaml) open through the form screen; what their
 * submit does is here, apart from any screen, so tests call it directly:
 * supplier_form_prepare() fills choices and preset answers,
 * supplier_form_submit() turns form_state_submit()'s JSON into store calls. */
#ifndef CASETERM_UI_SCREENS_SUPPLIER_H
#define CASETERM_UI_SCREENS_SUPPLIER_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "forms/state.h"
#include "ui/shell.h"
#include "util/status.h"
#include "util/strbuf.h"

#define SUPPLIER_FORM_LIST(_)                                      \
	_(ASSIGN, "supplier_assign", "Assign a caseworker")         \
	_(BOOK, "supplier_appointment", "Book an appointment")      \
	_(RESCHEDULE, "supplier_reschedule", "Reschedule an appointment") \
	_(FEEDBACK, "supplier_feedback", "Attendance and feedback") \
	_(ACTION_PLAN, "supplier_action_plan", "Action plan")       \
	_(EOSR, "supplier_eosr", "End-of-service report")           \
	_(CASE_NOTE, "supplier_case_note", "Add a case note")         \
	_(PERFORMANCE, "supplier_performance", "Supplier performance report")

enum supplier_form {
#define SUPPLIER_FORM_ENUM(e, id, label) SF_##e,
	SUPPLIER_FORM_LIST(SUPPLIER_FORM_ENUM)
#undef SUPPLIER_FORM_ENUM
	SF_COUNT
};

const char *supplier_form_id(enum supplier_form f);
const char *supplier_form_label(enum supplier_form f);

/* What a form is about (strings copied by supplier_form_open). */
struct supplier_form_target {
	const char *referral_id;
	const char *reference_number;  /* for the draft subject and the title */
	const char *person_name;
	int session_number;            /* BOOK, RESCHEDULE: 0 = assessment */
	const char *appointment_id;    /* FEEDBACK */
	long assigned_to;              /* ASSIGN: as the user saw it, 0 unassigned */
	const char *const *outcome_ids; /* EOSR: the referral's desired outcomes */
	size_t n_outcomes;
};

/* Sets choices (caseworkers, probation offices, the referral's outcomes) and
 * preset answers (one end-of-service item per desired outcome). */
enum ct_status supplier_form_prepare(PGconn *db, enum supplier_form f,
				     const struct supplier_form_target *t, struct form_state *st,
				     struct strbuf *err);
/* Does what submitting the form means; confirmation gets the heading and
 * lines of the confirmation page. */
enum ct_status supplier_form_submit(PGconn *db, enum supplier_form f,
				    const struct supplier_form_target *t, const char *json,
				    struct strbuf *confirmation, struct strbuf *err);

/* Opens the form over the current screen.  *changed (may be NULL; must live
 * as long as the opener) is set true once it was submitted.  0, or -1 with
 * err set. */
int supplier_form_open(struct ui *ui, enum supplier_form f, const struct supplier_form_target *t,
		       bool *changed, struct strbuf *err);

/* Reopens a draft of a supplier form (the form_resumer of
 * ui/screens/drafts.c for "supplier_"). */
int supplier_form_resume(struct ui *ui, long draft_id, const char *form_id, const char *subject,
			 struct strbuf *err);

/* ---- screens ---- */

/* The supplier dashboard.  arg: NULL, or the tab to show first as a
 * const char *: "unassigned", "mine", "open" or "done" (a practitioner
 * sees "open" and "done" only). */
extern const struct screen_ops supplier_dashboard_screen;
/* One referral's delivery.  arg: const char * referral id (copied). */
extern const struct screen_ops supplier_referral_screen;
/* The practitioner's attention list.  arg: NULL. */
extern const struct screen_ops attention_screen;

/* Area entries (ui/screens/area.c). */
int supplier_dashboard_open(struct ui *ui);
int attention_open(struct ui *ui);
/* The supplier performance report form (saves CSV). */
int supplier_performance_open(struct ui *ui);
int supplier_referral_open(struct ui *ui, const char *referral_id);

#endif
