/* booking.c: the CAS3 booking state machine and date rules; see booking.h. */
#include "domain/booking.h"

#include <string.h>

static const char *const state_values[] = {
#define X(name, value, label) value,
	BOOKING_STATE_LIST(X)
#undef X
};
static const char *const state_labels[] = {
#define X(name, value, label) label,
	BOOKING_STATE_LIST(X)
#undef X
};
static const char *const action_keys[] = {
#define X(name, key, label) key,
	BOOKING_ACTION_LIST(X)
#undef X
};
static const char *const action_labels[] = {
#define X(name, key, label) label,
	BOOKING_ACTION_LIST(X)
#undef X
};
static const char *const problem_keys[] = {
#define X(name, key, msg) key,
	BOOKING_PROBLEM_LIST(X)
#undef X
};
static const char *const problem_messages[] = {
#define X(name, key, msg) msg,
	BOOKING_PROBLEM_LIST(X)
#undef X
};
static const char *const field_names[] = {
#define X(name, api) api,
	BOOKING_FIELD_LIST(X)
#undef X
};

const char *booking_state_value(enum booking_state s)
{
	return (unsigned)s < BOOKING_STATE_COUNT ? state_values[s] : "?";
}

const char *booking_state_label(enum booking_state s)
{
	return (unsigned)s < BOOKING_STATE_COUNT ? state_labels[s] : "?";
}

const char *booking_action_key(enum booking_action a)
{
	return (unsigned)a < BOOKING_ACTION_COUNT ? action_keys[a] : "?";
}

const char *booking_action_label(enum booking_action a)
{
	return (unsigned)a < BOOKING_ACTION_COUNT ? action_labels[a] : "?";
}

bool booking_state_parse(const char *value, enum booking_state *out)
{
	unsigned i;

	if (!value)
		return false;
	for (i = 0; i < BOOKING_STATE_COUNT; i++) {
		if (!strcmp(value, state_values[i])) {
			*out = (enum booking_state)i;
			return true;
		}
	}
	return false;
}

const char *booking_problem_key(enum booking_problem_code c)
{
	return (unsigned)c < BOOKING_PROBLEM_COUNT ? problem_keys[c] : "?";
}

const char *booking_problem_message(enum booking_problem_code c)
{
	return (unsigned)c < BOOKING_PROBLEM_COUNT ? problem_messages[c] : "?";
}

const char *booking_field_name(enum booking_field f)
{
	return (unsigned)f < BOOKING_FIELD_COUNT ? field_names[f] : "?";
}

/*
 * The allowed transitions, accommodation.md §1.4 "Allowed actions per status"
 * (TA-UI bookingUtils.ts bookingActions), in the order the service offers
 * them.  "Change turnaround time" is offered for every status but cancelled;
 * the legacy non-arrival status offers nothing the table names.
 */
struct transition {
	enum booking_state from;
	enum booking_action action;
	enum booking_state to;
};

static const struct transition transitions[] = {
	{BOOKING_PROVISIONAL, BOOKING_ACT_CONFIRM, BOOKING_CONFIRMED},
	{BOOKING_PROVISIONAL, BOOKING_ACT_CANCEL, BOOKING_CANCELLED},
	{BOOKING_PROVISIONAL, BOOKING_ACT_CHANGE_TURNAROUND, BOOKING_PROVISIONAL},
	{BOOKING_CONFIRMED, BOOKING_ACT_ARRIVE, BOOKING_ARRIVED},
	{BOOKING_CONFIRMED, BOOKING_ACT_CANCEL, BOOKING_CANCELLED},
	{BOOKING_CONFIRMED, BOOKING_ACT_CHANGE_TURNAROUND, BOOKING_CONFIRMED},
	{BOOKING_ARRIVED, BOOKING_ACT_DEPART, BOOKING_DEPARTED},
	{BOOKING_ARRIVED, BOOKING_ACT_EXTEND, BOOKING_ARRIVED},
	{BOOKING_ARRIVED, BOOKING_ACT_OVERSTAY, BOOKING_ARRIVED},
	{BOOKING_ARRIVED, BOOKING_ACT_CHANGE_ARRIVAL, BOOKING_ARRIVED},
	{BOOKING_ARRIVED, BOOKING_ACT_CHANGE_TURNAROUND, BOOKING_ARRIVED},
	/* createDeparture writes status "departed" also when details are updated */
	{BOOKING_DEPARTED, BOOKING_ACT_UPDATE_DEPARTURE, BOOKING_DEPARTED},
	{BOOKING_DEPARTED, BOOKING_ACT_CHANGE_TURNAROUND, BOOKING_DEPARTED},
	{BOOKING_CLOSED, BOOKING_ACT_UPDATE_DEPARTURE, BOOKING_DEPARTED},
	{BOOKING_CLOSED, BOOKING_ACT_CHANGE_TURNAROUND, BOOKING_CLOSED},
	{BOOKING_CANCELLED, BOOKING_ACT_UPDATE_CANCELLATION, BOOKING_CANCELLED},
};

#define NTRANSITIONS (sizeof(transitions) / sizeof(transitions[0]))

static bool before_arrival(enum booking_state s)
{
	return s == BOOKING_PROVISIONAL || s == BOOKING_CONFIRMED;
}

/* Why action is refused in state: the most useful sentence, naming what to do
 * instead where there is something. */
static const char *refusal(enum booking_state s, enum booking_action a)
{
	if ((unsigned)s >= BOOKING_STATE_COUNT || (unsigned)a >= BOOKING_ACTION_COUNT)
		return "Unknown booking status or action.";
	if (a == BOOKING_ACT_NON_ARRIVAL)
		return "A non-arrival is no longer recorded on its own: cancel the booking with a "
		       "\"Person on probation failed to arrive\" reason.";
	if (s == BOOKING_NOT_ARRIVED)
		return "This is an old non-arrival record and cannot be changed; make a new booking "
		       "if one is needed.";
	if (s == BOOKING_CANCELLED)
		return "This booking is cancelled: only the cancellation details can be updated.";
	switch (a) {
	case BOOKING_ACT_CONFIRM:
		if (s == BOOKING_CONFIRMED)
			return "This booking is already confirmed.";
		return "The person has already arrived, so there is nothing to confirm.";
	case BOOKING_ACT_ARRIVE:
		if (s == BOOKING_PROVISIONAL)
			return "Confirm the booking before marking the person as arrived.";
		if (s == BOOKING_ARRIVED)
			return "The arrival is already recorded: use \"Change arrival date\".";
		return "The person has already departed.";
	case BOOKING_ACT_CHANGE_ARRIVAL:
		if (before_arrival(s))
			return "No arrival is recorded yet: use \"Mark as active\".";
		return "The person has departed, so the arrival date can no longer be changed.";
	case BOOKING_ACT_EXTEND:
	case BOOKING_ACT_OVERSTAY:
		if (before_arrival(s))
			return "The departure date can be changed only after the person has arrived.";
		return "The person has departed: use \"Update departure details\".";
	case BOOKING_ACT_DEPART:
		if (before_arrival(s))
			return "The person has not arrived yet: cancel the booking if they will not "
			       "come.";
		return "The departure is already recorded: use \"Update departure details\".";
	case BOOKING_ACT_UPDATE_DEPARTURE:
		return "No departure is recorded yet.";
	case BOOKING_ACT_CANCEL:
		if (s == BOOKING_ARRIVED)
			return "The person has arrived: mark them as departed instead of cancelling.";
		return "The person has departed, so the booking can no longer be cancelled.";
	case BOOKING_ACT_UPDATE_CANCELLATION:
		return "This booking is not cancelled.";
	default:
		break;
	}
	return "This action is not allowed for this booking.";
}

bool booking_can(enum booking_state state, enum booking_action action,
		 enum booking_state *next, const char **why)
{
	size_t i;

	for (i = 0; i < NTRANSITIONS; i++) {
		if (transitions[i].from == state && transitions[i].action == action) {
			if (next)
				*next = transitions[i].to;
			if (why)
				*why = NULL;
			return true;
		}
	}
	if (why)
		*why = refusal(state, action);
	return false;
}

size_t booking_actions(enum booking_state state, enum booking_action *out)
{
	size_t i, n = 0;

	for (i = 0; i < NTRANSITIONS; i++)
		if (transitions[i].from == state)
			out[n++] = transitions[i].action;
	return n;
}

enum booking_state booking_derive_state(const struct booking_facts *f, long today,
					const struct bank_holidays *h)
{
	if (f->has_cancellation)
		return BOOKING_CANCELLED;
	if (f->has_departure) {
		if (f->turnaround_working_days > 0 &&
		    !cas3_turnaround_ended(f->departure_date, f->turnaround_working_days, today, h))
			return BOOKING_DEPARTED;
		return BOOKING_CLOSED;
	}
	if (f->has_arrival)
		return BOOKING_ARRIVED;
	if (f->has_non_arrival)
		return BOOKING_NOT_ARRIVED;
	if (f->has_confirmation)
		return BOOKING_CONFIRMED;
	return BOOKING_PROVISIONAL;
}

long booking_nights(long arrival, long departure)
{
	return departure - arrival;
}

bool booking_is_overstay(long arrival, long departure)
{
	return booking_nights(arrival, departure) > CAS3_MAX_NIGHTS;
}

bool booking_problems_has(const struct booking_problems *p, enum booking_problem_code c)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->v[i].code == c)
			return true;
	return false;
}

static void add(struct booking_problems *p, enum booking_problem_code c, enum booking_field f)
{
	if (p->n < BOOKING_PROBLEM_COUNT && !booking_problems_has(p, c)) {
		p->v[p->n].code = c;
		p->v[p->n].field = f;
		p->n++;
	}
}

bool booking_check_new(long arrival, long departure, long bedspace_start, long bedspace_end,
		       struct booking_problems *out)
{
	out->n = 0;
	if (bedspace_start != BOOKING_NO_DATE && arrival < bedspace_start)
		add(out, BOOKING_PROBLEM_BEFORE_BEDSPACE_START, BOOKING_FIELD_ARRIVAL_DATE);
	if (departure < arrival)
		add(out, BOOKING_PROBLEM_BEFORE_ARRIVAL, BOOKING_FIELD_DEPARTURE_DATE);
	else if (booking_is_overstay(arrival, departure))
		add(out, BOOKING_PROBLEM_EXCEEDS_MAX_NIGHTS, BOOKING_FIELD_DEPARTURE_DATE);
	/* findArchivedBedspaceByBedspaceIdAndDate: endDate < :departureDate */
	if (bedspace_end != BOOKING_NO_DATE && bedspace_end < departure)
		add(out, BOOKING_PROBLEM_BEDSPACE_ARCHIVED, BOOKING_FIELD_DEPARTURE_DATE);
	return out->n == 0;
}

bool booking_check_arrival(long arrival, long expected_departure, long today, bool changing,
			   struct booking_problems *out)
{
	enum booking_field dep = BOOKING_FIELD_EXPECTED_DEPARTURE_DATE;

	out->n = 0;
	if (arrival > today)
		add(out, BOOKING_PROBLEM_ARRIVAL_IN_FUTURE, BOOKING_FIELD_ARRIVAL_DATE);
	else if (arrival < today - CAS3_ARRIVAL_LATEST_DAYS_IN_PAST)
		add(out, BOOKING_PROBLEM_ARRIVAL_TOO_LONG_AGO, BOOKING_FIELD_ARRIVAL_DATE);
	if (expected_departure < arrival)
		add(out, BOOKING_PROBLEM_BEFORE_ARRIVAL, changing ? BOOKING_FIELD_ARRIVAL_DATE : dep);
	else if (!changing && booking_is_overstay(arrival, expected_departure))
		add(out, BOOKING_PROBLEM_EXCEEDS_MAX_NIGHTS, dep);
	return out->n == 0;
}

bool booking_check_departure(long departure, long arrival, long today, bool *overstay,
			     struct booking_problems *out)
{
	out->n = 0;
	if (departure < arrival)
		add(out, BOOKING_PROBLEM_BEFORE_ARRIVAL, BOOKING_FIELD_DEPARTURE_DATE);
	if (departure > today)
		add(out, BOOKING_PROBLEM_DEPARTURE_IN_FUTURE, BOOKING_FIELD_DEPARTURE_DATE);
	if (overstay)
		*overstay = booking_is_overstay(arrival, departure);
	return out->n == 0;
}

bool booking_check_extension(long new_departure, long arrival, struct booking_problems *out)
{
	out->n = 0;
	if (new_departure < arrival)
		add(out, BOOKING_PROBLEM_BEFORE_ARRIVAL, BOOKING_FIELD_NEW_DEPARTURE_DATE);
	else if (booking_is_overstay(arrival, new_departure))
		add(out, BOOKING_PROBLEM_OVERSTAY_REQUIRED, BOOKING_FIELD_NEW_DEPARTURE_DATE);
	return out->n == 0;
}

bool booking_check_overstay(long new_departure, long arrival, bool authorised_answered,
			    struct booking_problems *out)
{
	out->n = 0;
	if (new_departure < arrival)
		add(out, BOOKING_PROBLEM_BEFORE_ARRIVAL, BOOKING_FIELD_NEW_DEPARTURE_DATE);
	else if (!booking_is_overstay(arrival, new_departure))
		add(out, BOOKING_PROBLEM_NOT_AN_OVERSTAY, BOOKING_FIELD_NEW_DEPARTURE_DATE);
	if (!authorised_answered)
		add(out, BOOKING_PROBLEM_AUTHORISED_MISSING, BOOKING_FIELD_IS_AUTHORISED);
	return out->n == 0;
}

bool booking_check_turnaround(int working_days, struct booking_problems *out)
{
	out->n = 0;
	if (working_days < 0)
		add(out, BOOKING_PROBLEM_NEGATIVE_WORKING_DAYS, BOOKING_FIELD_WORKING_DAYS);
	return out->n == 0;
}
