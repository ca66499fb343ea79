/* cas3_forms.h: the small CAS3 forms (forms/cas3_*.yaml) an assessor fills
 * in for one referral or booking, opened through the form screen
 * (ui/form_screen.h) with the submit callback that calls the store. */
#ifndef CASETERM_UI_SCREENS_CAS3_FORMS_H
#define CASETERM_UI_SCREENS_CAS3_FORMS_H

#include <stdbool.h>

#include "ui/screens/cas3.h"

#define CAS3_FORM_LIST(_)                                                         \
	_(REJECT, "cas3_reject", "Reject the referral", cas3_submit_reject)         \
	_(NOTE, "cas3_note", "Add a note", cas3_submit_note)                        \
	_(CONFIRM, "cas3_confirm", "Mark as confirmed", cas3_submit_confirm)        \
	_(ARRIVE, "cas3_arrive", "Mark as arrived", cas3_submit_arrive)             \
	_(DEPART, "cas3_depart", "Mark as departed", cas3_submit_depart)            \
	_(EXTEND, "cas3_extend", "Extend or shorten", cas3_submit_extend)           \
	_(OVERSTAY, "cas3_overstay", "Record an overstay", cas3_submit_overstay)    \
	_(CANCEL, "cas3_cancel", "Cancel the booking", cas3_submit_cancel)          \
	_(TURNAROUND, "cas3_turnaround", "Change the turnaround", cas3_submit_turnaround) \
	_(DATES, "cas3_dates", "Change the dates", cas3_submit_dates)

enum cas3_form {
#define CAS3_FORM_ENUM(e, id, label, fn) CAS3_FORM_##e,
	CAS3_FORM_LIST(CAS3_FORM_ENUM)
#undef CAS3_FORM_ENUM
	CAS3_FORM_COUNT
};

const char *cas3_form_id(enum cas3_form f);
const char *cas3_form_label(enum cas3_form f);
cas3_submit_fn cas3_form_submit_fn(enum cas3_form f);

/* Presets answers of form f for a record (the booking's dates as defaults:
 * arrival today, expected departure as booked, ...; for CAS3_FORM_DATES the
 * referral's release and needed-from dates).  arrival / departure may be
 * NULL. */
enum ct_status cas3_form_preset(enum cas3_form f, struct form_state *st, const char *arrival,
				const char *departure, struct strbuf *err);

/* Opens form f for the referral or booking id as shown at version; arrival
 * and departure are the booking's dates (NULL for a referral).  *changed
 * (may be NULL) is set once the store saved; it must outlive the form (the
 * screen below owns it).  Returns 0, or -1 with err. */
int cas3_form_open(struct ui *ui, enum cas3_form f, const char *id, long version,
		   const char *arrival, const char *departure, bool *changed, struct strbuf *err);

#endif
