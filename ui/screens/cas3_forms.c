/* cas3_forms.c: submit callbacks of the small CAS3 forms (forms/cas3_*.yaml)
 * and opening them through the form screen.  Each callback reads the
 * answers (normalised: ISO dates, trimmed text), calls one store function
 * for the record the form was opened for, and says what happened in words;
 * on a refusal the store's reason goes back to the form, which keeps every
 * answer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forms/validate.h"
#include "ui/screens/cas3_forms.h"
#include "ui/screens/cas3_priv.h"
#include "util/dates.h"

static const struct {
	const char *id, *label;
	cas3_submit_fn fn;
} forms[CAS3_FORM_COUNT] = {
#define CAS3_FORM_ROW(e, id, label, fn) {id, label, fn},
	CAS3_FORM_LIST(CAS3_FORM_ROW)
#undef CAS3_FORM_ROW
};

const char *cas3_form_id(enum cas3_form f)
{
	return f < CAS3_FORM_COUNT ? forms[f].id : "";
}

const char *cas3_form_label(enum cas3_form f)
{
	return f < CAS3_FORM_COUNT ? forms[f].label : "";
}

cas3_submit_fn cas3_form_submit_fn(enum cas3_form f)
{
	return f < CAS3_FORM_COUNT ? forms[f].fn : NULL;
}

/* The normalised answer of field id into out (reset first); "" when
 * unanswered or when the form has no such field.  Returns out->buf, or NULL
 * when it is empty (for optional store arguments). */
static const char *answer(const struct form_state *st, const char *id, struct strbuf *out)
{
	const struct form_field *f = form_find_field(form_state_form(st), id);

	sb_reset(out);
	if (f) {
		const char *v = form_state_get(st, f, 0);

		if (v && *v && field_normalise(f, v, out) != 0) {
			sb_reset(out);
			sb_adds(out, v);
		}
	}
	return out->len ? out->buf : NULL;
}

static enum ct_status done(struct cas3_action_ctx *a, enum ct_status rc)
{
	if (rc == CT_OK && a->changed)
		*a->changed = true;
	return rc;
}

enum ct_status cas3_submit_reject(struct cas3_action_ctx *a, PGconn *db,
				  const struct form_state *st, struct strbuf *confirmation,
				  struct strbuf *err)
{
	struct strbuf reason = STRBUF_INIT, detail = STRBUF_INIT, w = STRBUF_INIT;
	enum ct_status rc;

	answer(st, "reason", &reason);
	answer(st, "withdrawn", &w);
	rc = cas3_assessment_reject(db, a->id, a->version, reason.buf,
				    answer(st, "detail", &detail), !strcmp(w.buf, "yes"), err);
	if (rc == CT_OK)
		sb_adds(confirmation, "Referral rejected\nIt is in the Rejected tab of the queue.");
	sb_release(&reason);
	sb_release(&detail);
	sb_release(&w);
	return done(a, rc);
}

enum ct_status cas3_submit_note(struct cas3_action_ctx *a, PGconn *db,
				const struct form_state *st, struct strbuf *confirmation,
				struct strbuf *err)
{
	struct strbuf note = STRBUF_INIT;
	enum ct_status rc;

	answer(st, "note", &note);
	rc = cas3_assessment_add_note(db, a->id, note.buf, err);
	if (rc == CT_OK)
		sb_adds(confirmation, "Note added\nIt is in the referral's timeline.");
	sb_release(&note);
	return done(a, rc);
}

enum ct_status cas3_submit_dates(struct cas3_action_ctx *a, PGconn *db,
				 const struct form_state *st, struct strbuf *confirmation,
				 struct strbuf *err)
{
	struct strbuf rel = STRBUF_INIT, from = STRBUF_INIT;
	enum ct_status rc;

	rc = cas3_assessment_update_dates(db, a->id, a->version, answer(st, "release_date", &rel),
					  answer(st, "required_from", &from), err);
	if (rc == CT_OK)
		sb_addf(confirmation, "Dates changed\nReleased on %s; accommodation needed from %s.",
			rel.buf, from.buf);
	sb_release(&rel);
	sb_release(&from);
	return done(a, rc);
}

enum ct_status cas3_submit_confirm(struct cas3_action_ctx *a, PGconn *db,
				   const struct form_state *st, struct strbuf *confirmation,
				   struct strbuf *err)
{
	struct strbuf notes = STRBUF_INIT;
	enum ct_status rc;

	rc = cas3_booking_confirm(db, a->id, a->version, answer(st, "notes", &notes), err);
	if (rc == CT_OK)
		sb_adds(confirmation,
			"Booking confirmed\nThe referral is closed (Archived); nDelius is told.");
	sb_release(&notes);
	return done(a, rc);
}

enum ct_status cas3_submit_arrive(struct cas3_action_ctx *a, PGconn *db,
				  const struct form_state *st, struct strbuf *confirmation,
				  struct strbuf *err)
{
	struct strbuf arr = STRBUF_INIT, dep = STRBUF_INIT, notes = STRBUF_INIT;
	enum ct_status rc;

	answer(st, "arrival_date", &arr);
	answer(st, "expected_departure", &dep);
	rc = cas3_booking_arrive(db, a->id, a->version, arr.buf, dep.buf,
				 answer(st, "notes", &notes), err);
	if (rc == CT_OK)
		sb_addf(confirmation, "Arrival recorded\nArrived on %s, expected to leave on %s.",
			arr.buf, dep.buf);
	sb_release(&arr);
	sb_release(&dep);
	sb_release(&notes);
	return done(a, rc);
}

enum ct_status cas3_submit_depart(struct cas3_action_ctx *a, PGconn *db,
				  const struct form_state *st, struct strbuf *confirmation,
				  struct strbuf *err)
{
	struct strbuf date = STRBUF_INIT, reason = STRBUF_INIT, move = STRBUF_INIT;
	struct strbuf notes = STRBUF_INIT;
	enum ct_status rc;

	answer(st, "departure_date", &date);
	answer(st, "reason", &reason);
	answer(st, "move_on", &move);
	rc = cas3_booking_depart(db, a->id, a->version, date.buf, reason.buf, move.buf,
				 answer(st, "notes", &notes), err);
	if (rc == CT_OK)
		sb_addf(confirmation,
			"Departure recorded\nDeparted on %s. The bedspace is in turnaround, then "
			"free.",
			date.buf);
	sb_release(&date);
	sb_release(&reason);
	sb_release(&move);
	sb_release(&notes);
	return done(a, rc);
}

enum ct_status cas3_submit_extend(struct cas3_action_ctx *a, PGconn *db,
				  const struct form_state *st, struct strbuf *confirmation,
				  struct strbuf *err)
{
	struct strbuf dep = STRBUF_INIT, notes = STRBUF_INIT;
	enum ct_status rc;

	answer(st, "new_departure", &dep);
	rc = cas3_booking_extend(db, a->id, a->version, dep.buf, answer(st, "notes", &notes), err);
	if (rc == CT_OK)
		sb_addf(confirmation, "Booking changed\nThe departure date is now %s.", dep.buf);
	sb_release(&dep);
	sb_release(&notes);
	return done(a, rc);
}

enum ct_status cas3_submit_overstay(struct cas3_action_ctx *a, PGconn *db,
				    const struct form_state *st, struct strbuf *confirmation,
				    struct strbuf *err)
{
	struct strbuf dep = STRBUF_INIT, auth = STRBUF_INIT, reason = STRBUF_INIT;
	enum ct_status rc;

	answer(st, "new_departure", &dep);
	answer(st, "authorised", &auth);
	rc = cas3_booking_overstay(db, a->id, a->version, dep.buf, !strcmp(auth.buf, "yes"),
				   answer(st, "reason", &reason), err);
	if (rc == CT_OK)
		sb_addf(confirmation, "Overstay recorded\n%s overstay; the departure date is now %s.",
			!strcmp(auth.buf, "yes") ? "An authorised" : "An unauthorised", dep.buf);
	sb_release(&dep);
	sb_release(&auth);
	sb_release(&reason);
	return done(a, rc);
}

enum ct_status cas3_submit_cancel(struct cas3_action_ctx *a, PGconn *db,
				  const struct form_state *st, struct strbuf *confirmation,
				  struct strbuf *err)
{
	struct strbuf reason = STRBUF_INIT, notes = STRBUF_INIT;
	enum ct_status rc;

	answer(st, "reason", &reason);
	rc = cas3_booking_cancel(db, a->id, a->version, reason.buf, answer(st, "notes", &notes),
				 err);
	if (rc == CT_OK)
		sb_adds(confirmation, "Booking cancelled\nThe days are free again and the referral "
				      "is back in Ready to place.");
	sb_release(&reason);
	sb_release(&notes);
	return done(a, rc);
}

enum ct_status cas3_submit_turnaround(struct cas3_action_ctx *a, PGconn *db,
				      const struct form_state *st, struct strbuf *confirmation,
				      struct strbuf *err)
{
	struct strbuf days = STRBUF_INIT;
	enum ct_status rc;
	long n;
	char *end = NULL;

	answer(st, "working_days", &days);
	n = strtol(days.buf, &end, 10);
	if (!days.len || *end || n < 0 || n > 60) {
		sb_adds(err, "Enter the turnaround as a whole number of working days, 0 to 60");
		sb_release(&days);
		return CT_USAGE;
	}
	rc = cas3_booking_change_turnaround(db, a->id, a->version, (int)n, err);
	if (rc == CT_OK)
		sb_addf(confirmation, "Turnaround changed\nIt is now %ld working day%s.", n,
			n == 1 ? "" : "s");
	sb_release(&days);
	return done(a, rc);
}

enum ct_status cas3_form_preset(enum cas3_form f, struct form_state *st, const char *arrival,
				const char *departure, struct strbuf *err)
{
	char today[16];
	struct ymd t = date_today();
	enum ct_status rc = CT_OK;

	snprintf(today, sizeof today, "%04d-%02d-%02d", t.y % 10000, t.m % 100, t.d % 100);
	switch (f) {
	case CAS3_FORM_ARRIVE: {
		struct ymd a, d;

		/* arriving today: the same number of nights as booked */
		rc = form_state_set_id(st, "arrival_date", 0, today, err);
		if (rc == CT_OK && arrival && departure && date_parse_iso(arrival, &a) &&
		    date_parse_iso(departure, &d)) {
			struct ymd e = date_from_days(date_to_days(t) + date_to_days(d) -
						      date_to_days(a));
			char exp[16];

			snprintf(exp, sizeof exp, "%04d-%02d-%02d", e.y % 10000, e.m % 100,
				 e.d % 100);
			rc = form_state_set_id(st, "expected_departure", 0, exp, err);
		}
		break;
	}
	case CAS3_FORM_DEPART:
		rc = form_state_set_id(st, "departure_date", 0, today, err);
		break;
	case CAS3_FORM_EXTEND:
	case CAS3_FORM_OVERSTAY:
		if (departure)
			rc = form_state_set_id(st, "new_departure", 0, departure, err);
		break;
	case CAS3_FORM_TURNAROUND:
		rc = form_state_set_id(st, "working_days", 0, "2", err);
		break;
	case CAS3_FORM_DATES:
		if (arrival)
			rc = form_state_set_id(st, "release_date", 0, arrival, err);
		if (rc == CT_OK && departure)
			rc = form_state_set_id(st, "required_from", 0, departure, err);
		break;
	default:
		break;
	}
	return rc;
}
