/* supplier_forms.c: what the supplier forms (forms/supplier_*.yaml) do when
 * prepared and submitted.  Each submit reads form_state_submit()'s answers
 * (normalised; hidden fields left out), calls one store function
 * (store/supplier_store.h, store/referral_store.h) and says what happened in
 * words; a refusal (the database's reason) goes back to the form, which
 * keeps every answer. */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/cas3_report.h"
#include "store/cas3_store.h"

#include "store/draft_store.h"
#include "store/referral_store.h"
#include "store/supplier_store.h"
#include "ui/screens/supplier.h"

static const struct {
	const char *id, *label;
} forms[SF_COUNT] = {
#define SUPPLIER_FORM_ROW(e, id, label) {id, label},
	SUPPLIER_FORM_LIST(SUPPLIER_FORM_ROW)
#undef SUPPLIER_FORM_ROW
};

const char *supplier_form_id(enum supplier_form f)
{
	return f < SF_COUNT ? forms[f].id : "";
}

const char *supplier_form_label(enum supplier_form f)
{
	return f < SF_COUNT ? forms[f].label : "";
}

/* ---- prepare ------------------------------------------------------------- */

/* Gives an options_from field its options from the store's option table. */
static enum ct_status set_options(PGconn *db, struct form_state *st, const char *field,
				  const char *table, const char *parent, struct strbuf *err)
{
	const struct form_field *fld = form_find_field(form_state_form(st), field);
	struct option_item *items = NULL;
	struct form_option *fo;
	size_t n = 0, i;
	enum ct_status rc;

	if (!fld || !db)
		return CT_OK;
	rc = options_load(db, table, parent, &items, &n, err);
	if (rc != CT_OK)
		return rc;
	fo = calloc(n ? n : 1, sizeof *fo);
	if (!fo) {
		option_items_free(&items, n);
		return CT_NOMEM;
	}
	for (i = 0; i < n; i++) {
		fo[i].value = items[i].value;
		fo[i].label = items[i].label;
		fo[i].hint = items[i].group;
	}
	rc = form_state_set_options(st, fld, fo, n);
	free(fo);
	option_items_free(&items, n);
	return rc;
}

enum ct_status supplier_form_prepare(PGconn *db, enum supplier_form f,
				     const struct supplier_form_target *t, struct form_state *st,
				     struct strbuf *err)
{
	const struct form_field *grp, *out;
	enum ct_status rc = CT_OK;
	size_t i, idx;

	switch (f) {
	case SF_ASSIGN:
		return set_options(db, st, "caseworker", "supplier_caseworkers", t->referral_id, err);
	case SF_BOOK:
	case SF_RESCHEDULE:
		return set_options(db, st, "office", "probation_offices", NULL, err);
	case SF_EOSR:
		rc = set_options(db, st, "outcome", "referral_desired_outcomes", t->referral_id, err);
		grp = form_find_field(form_state_form(st), "outcomes");
		out = form_find_field(form_state_form(st), "outcome");
		if (rc != CT_OK || !grp || !out)
			return rc;
		/* one item per desired outcome, unless a resumed draft has them */
		if (form_state_items(st, grp) > 0 && form_state_get(st, out, 0)[0])
			return CT_OK;
		while (form_state_items(st, grp) > 0)
			if ((rc = form_state_item_remove(st, grp, 0, err)) != CT_OK)
				return rc;
		for (i = 0; i < t->n_outcomes; i++) {
			rc = form_state_item_add(st, grp, &idx, err);
			if (rc == CT_OK)
				rc = form_state_set(st, out, idx, t->outcome_ids[i], err);
			if (rc != CT_OK)
				return rc;
		}
		return CT_OK;
	default:
		return CT_OK;
	}
}

/* ---- submit -------------------------------------------------------------- */

static const char *ans(json_t *answers, const char *id)
{
	const char *v = json_string_value(json_object_get(answers, id));

	return v && *v ? v : NULL;
}

static const char *item_ans(json_t *item, const char *id)
{
	return ans(item, id);
}

/* True when the multiselect answer id holds value. */
static bool has(json_t *answers, const char *id, const char *value)
{
	json_t *a = json_object_get(answers, id), *v;
	size_t i;

	if (json_is_string(a))
		return !strcmp(json_string_value(a), value);
	json_array_foreach(a, i, v)
		if (json_is_string(v) && !strcmp(json_string_value(v), value))
			return true;
	return false;
}

static enum ct_status submit_assign(PGconn *db, const struct supplier_form_target *t,
				    json_t *a, struct strbuf *conf, struct strbuf *err)
{
	const char *who = ans(a, "caseworker");
	enum ct_status rc;

	if (!who) {
		sb_adds(err, "choose a caseworker");
		return CT_USAGE;
	}
	rc = supplier_assign(db, t->referral_id, atol(who), t->assigned_to, err);
	if (rc == CT_OK)
		sb_addf(conf, "Caseworker assigned\nReferral %s now has its caseworker.",
			t->reference_number ? t->reference_number : "");
	else if (rc == CT_CONFLICT)
		sb_adds(err, ". Go back to see who has it now.");
	return rc;
}

static enum ct_status submit_booking(PGconn *db, const struct supplier_form_target *t,
				     json_t *a, bool reschedule, struct strbuf *conf,
				     struct strbuf *err)
{
	struct supplier_booking b = {0};
	const char *by = ans(a, "requested_by");
	enum ct_status rc;

	b.referral_id = t->referral_id;
	b.session_number = t->session_number;
	b.date = ans(a, "date");
	b.time = ans(a, "time");
	b.duration_minutes = ans(a, "duration") ? atoi(ans(a, "duration")) : 0;
	b.session_type = ans(a, "session_type");
	b.delivery_type = ans(a, "method");
	b.nps_office_code = ans(a, "office");
	b.address_line1 = ans(a, "address_line1");
	b.address_line2 = ans(a, "address_line2");
	b.town_city = ans(a, "town_city");
	b.county = ans(a, "county");
	b.postcode = ans(a, "postcode");
	if (reschedule) {
		b.reschedule_requested_by = by && !strcmp(by, "person")
			? (t->person_name && *t->person_name ? t->person_name : "The person on probation")
			: "Service Provider";
		b.rescheduled_reason = ans(a, "reason");
	}
	rc = supplier_schedule(db, &b, NULL, err);
	if (rc == CT_OK) {
		sb_addf(conf, "%s\n", reschedule ? "Appointment changed" : "Appointment booked");
		if (t->session_number > 0)
			sb_addf(conf, "Session %d", t->session_number);
		else
			sb_adds(conf, "Supplier assessment appointment");
		sb_addf(conf, " on %s at %s.", b.date ? b.date : "", b.time ? b.time : "");
	}
	return rc;
}

static enum ct_status submit_feedback(PGconn *db, const struct supplier_form_target *t,
				      json_t *a, struct strbuf *conf, struct strbuf *err)
{
	struct supplier_feedback fb = {0};
	const char *att = ans(a, "attended"), *happened = ans(a, "session_happened");
	char *status = NULL;
	enum ct_status rc;

	fb.appointment_id = t->appointment_id;
	fb.attended = att;
	fb.session_happened = !happened || !strcmp(happened, "yes");
	fb.late_reason = ans(a, "late_reason");
	fb.summary = ans(a, "summary");
	fb.response = ans(a, "response");
	fb.no_session_reason_type = ans(a, "no_session_reason");
	fb.no_session_reason_detail = ans(a, "no_session_detail");
	fb.no_attendance_information = ans(a, "no_attendance_information");
	fb.future_plans = ans(a, "future_plans");
	fb.notify_behaviour = has(a, "notify", "behaviour");
	fb.behaviour = ans(a, "behaviour");
	fb.notify_concerns = has(a, "notify", "concerns");
	fb.concerns = ans(a, "concerns");
	rc = supplier_record_feedback(db, &fb, &status, err);
	if (rc == CT_OK) {
		sb_adds(conf, "Attendance and feedback recorded\n");
		if (att && !strcmp(att, "no"))
			sb_adds(conf, "Recorded as did not attend. nDelius is told of the missed "
				"appointment.");
		else
			sb_adds(conf, "Recorded.");
		if (fb.notify_behaviour || fb.notify_concerns)
			sb_adds(conf, "\nThe probation practitioner sees this in their attention list.");
	}
	free(status);
	return rc;
}

static enum ct_status submit_plan(PGconn *db, const struct supplier_form_target *t, json_t *a,
				  struct strbuf *conf, struct strbuf *err)
{
	json_t *items = json_object_get(a, "activities"), *it;
	const char **acts;
	size_t n = json_array_size(items), i, k = 0;
	int sessions = ans(a, "sessions") ? atoi(ans(a, "sessions")) : 0;
	enum ct_status rc;

	acts = calloc(n ? n : 1, sizeof *acts);
	if (!acts)
		return CT_NOMEM;
	json_array_foreach(items, i, it) {
		const char *d = item_ans(it, "activity");

		if (d)
			acts[k++] = d;
	}
	rc = supplier_submit_action_plan(db, t->referral_id, acts, k, sessions, NULL, err);
	free(acts);
	if (rc == CT_OK)
		sb_addf(conf, "Action plan submitted\n%zu activit%s, %d session%s. The probation "
			"practitioner is asked to approve it.", k, k == 1 ? "y" : "ies", sessions,
			sessions == 1 ? "" : "s");
	return rc;
}

static enum ct_status submit_eosr(PGconn *db, const struct supplier_form_target *t, json_t *a,
				  struct strbuf *conf, struct strbuf *err)
{
	json_t *items = json_object_get(a, "outcomes"), *it;
	struct supplier_outcome_input *o;
	size_t n = json_array_size(items), i;
	char *state = NULL;
	enum ct_status rc;

	o = calloc(n ? n : 1, sizeof *o);
	if (!o)
		return CT_NOMEM;
	json_array_foreach(items, i, it) {
		o[i].desired_outcome_id = item_ans(it, "outcome");
		o[i].achievement_level = item_ans(it, "achievement");
		o[i].progression_comments = item_ans(it, "progress");
		o[i].additional_task_comments = item_ans(it, "further_tasks");
	}
	rc = supplier_submit_eosr(db, t->referral_id, ans(a, "further_information"), o, n, &state,
				  err);
	free(o);
	if (rc == CT_OK)
		sb_addf(conf, "End-of-service report submitted\nReferral %s has concluded: %s.",
			t->reference_number ? t->reference_number : "",
			!state ? "" : !strcmp(state, "COMPLETED") ? "completed"
			: !strcmp(state, "PREMATURELY_ENDED") ? "prematurely ended" : "cancelled");
	free(state);
	return rc;
}

static enum ct_status submit_note(PGconn *db, const struct supplier_form_target *t, json_t *a,
				  struct strbuf *conf, struct strbuf *err)
{
	enum ct_status rc = referral_add_case_note(db, t->referral_id, ans(a, "subject"),
						   ans(a, "body"), NULL, err);

	if (rc == CT_OK)
		sb_adds(conf, "Case note sent\nIt is in the referral's timeline for both sides.");
	return rc;
}

/* Writes text to a new file at path (never over one).  0, or -1 with err. */
static int write_new_file(const char *path, const struct strbuf *text, struct strbuf *err)
{
	size_t off = 0;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);

	if (fd < 0) {
		if (errno == EEXIST)
			sb_addf(err, "%s already exists: give another file name", path);
		else
			sb_addf(err, "could not create %s: %s", path, strerror(errno));
		return -1;
	}
	while (off < text->len) {
		ssize_t w = write(fd, text->buf + off, text->len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			sb_addf(err, "could not write %s: %s", path, strerror(errno));
			close(fd);
			unlink(path);
			return -1;
		}
		off += (size_t)w;
	}
	if (close(fd)) {
		sb_addf(err, "could not write %s: %s", path, strerror(errno));
		unlink(path);
		return -1;
	}
	return 0;
}

static enum ct_status submit_performance(PGconn *db, json_t *a, struct strbuf *conf,
					 struct strbuf *err)
{
	const char *from = ans(a, "from"), *to = ans(a, "to"), *file = ans(a, "file");
	struct cas3_table t = {0};
	struct strbuf csv = STRBUF_INIT, path = STRBUF_INIT;
	enum ct_status rc;

	rc = supplier_performance_report(db, from, to, &t, err);
	if (rc != CT_OK)
		return rc;
	if (file)
		sb_adds(&path, file);
	else
		sb_addf(&path, "supplier-performance %s to %s.csv", from ? from : "", to ? to : "");
	if (cas3_table_csv(&t, &csv)) {
		rc = CT_NOMEM;
	} else if (write_new_file(path.buf, &csv, err)) {
		rc = CT_USAGE;
	} else {
		sb_addf(conf, "Report saved\n%zu referral%s from %s to %s saved to %s.", t.nrows,
			t.nrows == 1 ? "" : "s", from ? from : "", to ? to : "", path.buf);
	}
	cas3_table_release(&t);
	sb_release(&csv);
	sb_release(&path);
	return rc;
}

enum ct_status supplier_form_submit(PGconn *db, enum supplier_form f,
				    const struct supplier_form_target *t, const char *json,
				    struct strbuf *confirmation, struct strbuf *err)
{
	json_t *doc = json_loads(json ? json : "", 0, NULL);
	json_t *a = json_object_get(doc, "answers");
	enum ct_status rc;

	if (!json_is_object(a)) {
		json_decref(doc);
		sb_adds(err, "the form gave no answers");
		return CT_USAGE;
	}
	switch (f) {
	case SF_ASSIGN:
		rc = submit_assign(db, t, a, confirmation, err);
		break;
	case SF_BOOK:
	case SF_RESCHEDULE:
		rc = submit_booking(db, t, a, f == SF_RESCHEDULE, confirmation, err);
		break;
	case SF_FEEDBACK:
		rc = submit_feedback(db, t, a, confirmation, err);
		break;
	case SF_ACTION_PLAN:
		rc = submit_plan(db, t, a, confirmation, err);
		break;
	case SF_EOSR:
		rc = submit_eosr(db, t, a, confirmation, err);
		break;
	case SF_CASE_NOTE:
		rc = submit_note(db, t, a, confirmation, err);
		break;
	case SF_PERFORMANCE:
		rc = submit_performance(db, a, confirmation, err);
		break;
	default:
		sb_adds(err, "no such form");
		rc = CT_USAGE;
	}
	json_decref(doc);
	return rc;
}
