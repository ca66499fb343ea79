/* booking.h: the CAS3 booking state machine and the date rules of each booking
 * action (accommodation.md §1.4, §1.7).  Pure: data in, decision out. */
#ifndef CASETERM_DOMAIN_BOOKING_H
#define CASETERM_DOMAIN_BOOKING_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/workdays.h"

/*
 * States, accommodation.md §1.4 (Cas3BookingStatus): name, the API value, the
 * UI label (TA-UI bookingUtils.ts).  NOT_ARRIVED is the legacy non-arrival
 * ("notMinusArrived"); the current service records a failed arrival as a
 * cancellation with a "Person on probation failed to arrive" reason (§1.7).
 */
#define BOOKING_STATE_LIST(_)                                   \
	_(PROVISIONAL, "provisional", "Provisional")            \
	_(CONFIRMED, "confirmed", "Confirmed")                  \
	_(ARRIVED, "arrived", "Active")                         \
	_(NOT_ARRIVED, "notMinusArrived", "Did not arrive")     \
	_(DEPARTED, "departed", "Turnaround")                   \
	_(CLOSED, "closed", "Departed")                         \
	_(CANCELLED, "cancelled", "Cancelled")

enum booking_state {
#define BOOKING_STATE_ENUM(name, value, label) BOOKING_##name,
	BOOKING_STATE_LIST(BOOKING_STATE_ENUM)
#undef BOOKING_STATE_ENUM
	BOOKING_STATE_COUNT
};

/*
 * Actions on a booking: name, a key for keymaps and logs, the UI label
 * (TA-UI bookingUtils.ts, verbatim where the service has one).  OVERSTAY is
 * the extension that takes the stay past 84 nights (§1.4: "a departure or
 * extension that makes the stay > 84 nights redirects to the overstay page").
 */
#define BOOKING_ACTION_LIST(_)                                                  \
	_(CONFIRM, "confirm", "Mark as confirmed")                              \
	_(ARRIVE, "arrive", "Mark as active")                                   \
	_(CHANGE_ARRIVAL, "change-arrival", "Change arrival date")              \
	_(EXTEND, "extend", "Extend or shorten booking")                        \
	_(OVERSTAY, "overstay", "Record an overstay")                           \
	_(DEPART, "depart", "Mark as departed")                                 \
	_(UPDATE_DEPARTURE, "update-departure", "Update departure details")     \
	_(CANCEL, "cancel", "Cancel booking")                                   \
	_(UPDATE_CANCELLATION, "update-cancellation", "Update cancelled booking") \
	_(CHANGE_TURNAROUND, "change-turnaround", "Change turnaround time")     \
	_(NON_ARRIVAL, "non-arrival", "Record non-arrival")

enum booking_action {
#define BOOKING_ACTION_ENUM(name, key, label) BOOKING_ACT_##name,
	BOOKING_ACTION_LIST(BOOKING_ACTION_ENUM)
#undef BOOKING_ACTION_ENUM
	BOOKING_ACTION_COUNT
};

/* Static strings, never NULL ("?" for an out-of-range value). */
const char *booking_state_value(enum booking_state s);
const char *booking_state_label(enum booking_state s);
const char *booking_action_key(enum booking_action a);
const char *booking_action_label(enum booking_action a);
/* Parses an API status value ("provisional", ...); false when unknown. */
bool booking_state_parse(const char *value, enum booking_state *out);

/*
 * May action be taken on a booking in state?  When it may, returns true and
 * sets *next to the status the action writes (NULL next is allowed); *why is
 * set to NULL.  When it may not, returns false, leaves *next alone and sets
 * *why to a static sentence saying why and what to do instead.
 *
 * Allowed (accommodation.md §1.4, "Allowed actions per status"):
 *   provisional: confirm -> confirmed; cancel -> cancelled; change turnaround
 *   confirmed:   arrive -> arrived; cancel -> cancelled; change turnaround
 *   arrived:     depart -> departed; extend or shorten, overstay, change arrival
 *                date, change turnaround (all stay arrived)
 *   departed, closed: update departure details -> departed; change turnaround
 *   cancelled:   update cancelled booking (stays cancelled)
 *   not arrived (legacy): nothing
 * A departure writes "departed"; what the screen shows is then derived by
 * booking_derive_state(): "closed" once the turnaround has ended.
 */
bool booking_can(enum booking_state state, enum booking_action action,
		 enum booking_state *next, const char **why);
/* Fills out[] (room for BOOKING_ACTION_COUNT) with the actions allowed in
 * state, in the order the service offers them; returns how many. */
size_t booking_actions(enum booking_state state, enum booking_action *out);

/* What the booking has on record, to derive its status from. */
struct booking_facts {
	bool has_cancellation;
	bool has_departure;
	bool has_arrival;
	bool has_non_arrival;
	bool has_confirmation;
	long departure_date;       /* current departure date (day number) */
	int turnaround_working_days; /* latest turnaround row; 0 when none */
};

/*
 * accommodation.md §1.4, Cas3BookingTransformer.determineStatus():
 *   cancellation -> cancelled; departure and turnaround > 0 days not yet ended
 *   -> departed; departure (turnaround ended, or 0 days) -> closed; arrival ->
 *   arrived; non-arrival -> notMinusArrived; confirmation -> confirmed; else
 *   provisional.
 */
enum booking_state booking_derive_state(const struct booking_facts *f, long today,
					const struct bank_holidays *h);

/* §1.4: DEFAULT_DURATION_DAYS = 84; a stay may not exceed arrival + 84 days
 * without being an overstay. */
#define CAS3_MAX_NIGHTS 84
/* §1.4: ARRIVAL_AFTER_LATEST_DATE_LIMIT_DAYS = 14 */
#define CAS3_ARRIVAL_LATEST_DAYS_IN_PAST 14

/* Nights between arrival and departure (departure - arrival). */
long booking_nights(long arrival, long departure);
/* true when the stay is longer than CAS3_MAX_NIGHTS nights; exactly 84 is not
 * an overstay (TA-UI #1571 "Fixed logic when stay is exactly 84 nights"). */
bool booking_is_overstay(long arrival, long departure);

/* The fields the date rules speak about: name, the API field. */
#define BOOKING_FIELD_LIST(_)                                   \
	_(ARRIVAL_DATE, "arrivalDate")                          \
	_(DEPARTURE_DATE, "departureDate")                      \
	_(EXPECTED_DEPARTURE_DATE, "expectedDepartureDate")     \
	_(NEW_DEPARTURE_DATE, "newDepartureDate")               \
	_(IS_AUTHORISED, "isAuthorised")                        \
	_(WORKING_DAYS, "workingDays")

enum booking_field {
#define BOOKING_FIELD_ENUM(name, api) BOOKING_FIELD_##name,
	BOOKING_FIELD_LIST(BOOKING_FIELD_ENUM)
#undef BOOKING_FIELD_ENUM
	BOOKING_FIELD_COUNT
};

/*
 * Problems the date rules find: name, error key, the message in words.  Keys
 * are the service's where it has one: API validation keys
 * (beforeBookingArrivalDate, bookingArrivalDateBeforeBedspaceStartDate,
 * arrivalAfterLatestDate, isNotAPositiveInteger) or TA-UI keys
 * (exceedsMaxNights, todayOrInThePast, departureDateInFuture).  The service
 * answers the archived bedspace with a 409 and no key, and handles the
 * overstay cases by redirecting; those four keys are ours.
 */
#define BOOKING_PROBLEM_LIST(_)                                                          \
	_(BEFORE_ARRIVAL, "beforeBookingArrivalDate",                                    \
	  "The departure date must be on or after the arrival date")                     \
	_(EXCEEDS_MAX_NIGHTS, "exceedsMaxNights",                                        \
	  "The stay cannot be longer than 84 nights")                                    \
	_(BEFORE_BEDSPACE_START, "bookingArrivalDateBeforeBedspaceStartDate",            \
	  "The arrival date is before the bedspace is available")                        \
	_(BEDSPACE_ARCHIVED, "bedspaceArchived",                                         \
	  "The bedspace is archived before the departure date")                          \
	_(ARRIVAL_IN_FUTURE, "todayOrInThePast",                                         \
	  "The arrival date must be today or in the past")                               \
	_(ARRIVAL_TOO_LONG_AGO, "arrivalAfterLatestDate",                                \
	  "The arrival date cannot be more than 14 days ago")                            \
	_(DEPARTURE_IN_FUTURE, "departureDateInFuture",                                  \
	  "The departure date must be today or in the past")                             \
	_(OVERSTAY_REQUIRED, "overstayRequired",                                         \
	  "The new departure date makes the stay longer than 84 nights: "               \
	  "record it as an overstay")                                                    \
	_(NOT_AN_OVERSTAY, "notAnOverstay",                                              \
	  "The stay is 84 nights or fewer: extend the booking instead")                  \
	_(AUTHORISED_MISSING, "isAuthorisedEmpty",                                       \
	  "You must confirm whether the overstay is authorised")                         \
	_(NEGATIVE_WORKING_DAYS, "isNotAPositiveInteger",                                \
	  "The turnaround must be 0 or more working days")

enum booking_problem_code {
#define BOOKING_PROBLEM_ENUM(name, key, msg) BOOKING_PROBLEM_##name,
	BOOKING_PROBLEM_LIST(BOOKING_PROBLEM_ENUM)
#undef BOOKING_PROBLEM_ENUM
	BOOKING_PROBLEM_COUNT
};

struct booking_problem {
	enum booking_problem_code code;
	enum booking_field field;
};

/* The problems one check found, in the order found; n == 0 means valid.
 * Fixed size: each code appears at most once per check. */
struct booking_problems {
	size_t n;
	struct booking_problem v[BOOKING_PROBLEM_COUNT];
};

/* Static strings, never NULL. */
const char *booking_problem_key(enum booking_problem_code c);
const char *booking_problem_message(enum booking_problem_code c);
const char *booking_field_name(enum booking_field f);
/* true when p holds code c. */
bool booking_problems_has(const struct booking_problems *p, enum booking_problem_code c);

/* A date that is not there (e.g. a bedspace with no end date). */
#define BOOKING_NO_DATE (-2147483647L - 1)

/*
 * A new (provisional) booking, Cas3BookingService.createBooking and TA-UI:
 * departure not before arrival (beforeBookingArrivalDate); not more than 84
 * nights (exceedsMaxNights); arrival not before the bedspace start date
 * (bookingArrivalDateBeforeBedspaceStartDate); bedspace end date, when there
 * is one, not before the departure ("BedSpace is archived from ...").
 * Overlaps with other bookings and voids are the database's to refuse.
 * Returns true when valid; *out always holds the problems found.
 */
bool booking_check_new(long arrival, long departure, long bedspace_start, long bedspace_end,
		       struct booking_problems *out);
/*
 * Marking the arrival ("Mark as active") or, with changing set, "Change
 * arrival date" (expected_departure is then the booking's current departure):
 * arrival today or in the past (TA-UI todayOrInThePast); not more than 14 days
 * ago (arrivalAfterLatestDate); expected departure not before the arrival;
 * for a new arrival, not more than 84 nights (exceedsMaxNights).  The arrival
 * may differ from the booked arrival date either way.
 */
bool booking_check_arrival(long arrival, long expected_departure, long today, bool changing,
			   struct booking_problems *out);
/*
 * Marking the departure, or updating its details: not before the arrival
 * (beforeBookingArrivalDate); today or in the past (departureDateInFuture).
 * *overstay (may be NULL) is set when the stay is longer than 84 nights, so
 * the screen asks "Is this an authorised overstay?".
 */
bool booking_check_departure(long departure, long arrival, long today, bool *overstay,
			     struct booking_problems *out);
/*
 * "Extend or shorten booking": the new departure date may be earlier or later
 * than the current one but not before the arrival (beforeBookingArrivalDate);
 * past 84 nights it must be recorded as an overstay instead (overstayRequired;
 * the service redirects to its overstay page).
 */
bool booking_check_extension(long new_departure, long arrival, struct booking_problems *out);
/*
 * An overstay (§1.7 cas3_overstays): new departure not before the arrival;
 * the stay must be longer than 84 nights (else it is an extension); whether
 * it is authorised must be answered (authorised_answered false = not yet).
 */
bool booking_check_overstay(long new_departure, long arrival, bool authorised_answered,
			    struct booking_problems *out);
/* "Change turnaround time": 0 or more working days (isNotAPositiveInteger). */
bool booking_check_turnaround(int working_days, struct booking_problems *out);

#endif
