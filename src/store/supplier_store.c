/* supplier_store.c: SQL for supplier updates (the rules live in migration 0007). */
#include "store/supplier_store.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "store/cas3_store.h"

#define ISO(x) "to_char((" x ") AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
#define UK(x) "to_char((" x ") AT TIME ZONE 'Europe/London', 'Dy DD Mon YYYY HH24:MI')"

/* ---- helpers ------------------------------------------------------------ */

/* db_run without the SQLSTATE (this store needs only the status). */
static enum ct_status run(PGconn *db, PGresult **out, const char *sql, int n,
			  const char *const *p, struct strbuf *err)
{
	return db_run(db, out, sql, n, p, err, NULL);
}

/* One statement in its own transaction, returning its first value (a new
 * string in *val when val is given). */
static enum ct_status one_change(PGconn *db, const char *sql, int n, const char *const *p,
				 char **val, struct strbuf *err)
{
	PGresult *r = NULL;
	enum ct_status rc;
	bool oom = false;

	if (val)
		*val = NULL;
	rc = db_tx_begin(db, NULL, err);
	if (rc != CT_OK)
		return rc;
	rc = run(db, &r, sql, n, p, err);
	if (rc != CT_OK) {
		db_tx_rollback(db);
		return rc;
	}
	if (val && PQntuples(r) > 0)
		*val = db_value_take(r, 0, 0, &oom);
	PQclear(r);
	rc = db_tx_commit(db, err);
	if (rc != CT_OK && val) {
		free(*val);
		*val = NULL;
	}
	if (rc == CT_OK && oom)
		rc = CT_NOMEM;
	return rc;
}

static void put_s(json_t *o, const char *k, const char *v, bool *bad)
{
	if (v && v[0] && json_object_set_new(o, k, json_string(v)))
		*bad = true;
}

static void put_b(json_t *o, const char *k, bool v, bool *bad)
{
	if (json_object_set_new(o, k, json_boolean(v)))
		*bad = true;
}

static char *dump(json_t *doc, bool bad)
{
	char *s = doc && !bad ? json_dumps(doc, JSON_COMPACT) : NULL;

	json_decref(doc);
	return s;
}

/* ---- caseworkers ------------------------------------------------------- */

void supplier_caseworkers_free(struct supplier_caseworker **list, size_t n)
{
	size_t i;

	if (!*list)
		return;
	for (i = 0; i < n; i++) {
		free((*list)[i].name);
		free((*list)[i].provider_name);
	}
	free(*list);
	*list = NULL;
}

enum ct_status supplier_caseworkers(PGconn *db, const char *referral_id,
				    struct supplier_caseworker **out, size_t *n,
				    struct strbuf *err)
{
	const char *p[1] = {referral_id};
	struct supplier_caseworker *list;
	PGresult *r;
	enum ct_status rc;
	bool oom = false;
	int i, rows;

	*out = NULL;
	*n = 0;
	rc = run(db, &r,
		 "SELECT s.id, s.display_name, sp.name, s.id = current_staff_id()"
		 " FROM referral x JOIN intervention i ON i.id = x.intervention_id"
		 " JOIN staff s ON s.role = 'sp' AND s.active AND (s.provider_id = i.prime_provider_id"
		 "   OR s.provider_id IN (SELECT provider_id FROM intervention_subcontractor c"
		 "                        WHERE c.intervention_id = i.id))"
		 " LEFT JOIN service_provider sp ON sp.id = s.provider_id"
		 " WHERE x.id = $1::uuid ORDER BY s.id <> current_staff_id(), s.display_name",
		 1, p, err);
	if (rc != CT_OK)
		return rc;
	rows = PQntuples(r);
	list = calloc((size_t)rows + 1, sizeof *list);
	if (!list) {
		PQclear(r);
		return CT_NOMEM;
	}
	for (i = 0; i < rows; i++) {
		list[i].id = db_value_long(r, i, 0);
		list[i].name = db_value_take(r, i, 1, &oom);
		list[i].provider_name = db_value_take(r, i, 2, &oom);
		list[i].me = db_value_bool(r, i, 3);
	}
	PQclear(r);
	if (oom) {
		supplier_caseworkers_free(&list, (size_t)rows);
		return CT_NOMEM;
	}
	*out = list;
	*n = (size_t)rows;
	return CT_OK;
}

enum ct_status supplier_assign(PGconn *db, const char *referral_id, long staff_id, long expected,
			       struct strbuf *err)
{
	char to[24], ex[24];
	const char *p[3] = {referral_id, to, expected > 0 ? ex : NULL};

	snprintf(to, sizeof to, "%ld", staff_id);
	snprintf(ex, sizeof ex, "%ld", expected);
	return one_change(db, "SELECT supplier_assign($1::uuid, $2::bigint, $3::bigint)", 3, p,
			  NULL, err);
}

/* ---- appointments ------------------------------------------------------ */

enum ct_status supplier_schedule(PGconn *db, const struct supplier_booking *b, char **id,
				 struct strbuf *err)
{
	json_t *doc = json_object(), *addr = json_object();
	struct strbuf when = STRBUF_INIT;
	char dur[16], num[16];
	const char *p[5];
	char *js;
	bool bad = !doc || !addr;
	enum ct_status rc;

	if (id)
		*id = NULL;
	if (!b->date || !b->date[0] || !b->time || !b->time[0]) {
		json_decref(doc);
		json_decref(addr);
		sb_adds(err, "enter the date and time of the appointment");
		return CT_USAGE;
	}
	put_s(doc, "referralId", b->referral_id, &bad);
	put_s(doc, "kind", b->session_number > 0 ? "SERVICE_DELIVERY" : "SUPPLIER_ASSESSMENT", &bad);
	if (doc && json_object_set_new(doc, "sessionNumber", json_integer(b->session_number)))
		bad = true;
	if (doc && json_object_set_new(doc, "durationMinutes", json_integer(b->duration_minutes)))
		bad = true;
	put_s(doc, "sessionType", b->session_type, &bad);
	put_s(doc, "deliveryType", b->delivery_type, &bad);
	put_s(doc, "npsOfficeCode", b->nps_office_code, &bad);
	put_s(addr, "line1", b->address_line1, &bad);
	put_s(addr, "line2", b->address_line2, &bad);
	put_s(addr, "townCity", b->town_city, &bad);
	put_s(addr, "county", b->county, &bad);
	put_s(addr, "postcode", b->postcode, &bad);
	if (doc && json_object_set_new(doc, "address", addr))
		bad = true;
	put_s(doc, "rescheduleRequestedBy", b->reschedule_requested_by, &bad);
	put_s(doc, "rescheduledReason", b->rescheduled_reason, &bad);
	js = dump(doc, bad);
	if (!js)
		return CT_NOMEM;
	/* the date and time are UK local time: the database turns them into an
	 * instant (so summer time is right) */
	if (sb_addf(&when, "%s %s", b->date, b->time)) {
		free(js);
		return CT_NOMEM;
	}
	snprintf(dur, sizeof dur, "%d", b->duration_minutes);
	snprintf(num, sizeof num, "%d", b->session_number);
	p[0] = js;
	p[1] = when.buf;
	rc = one_change(db,
			"SELECT supplier_schedule($1::jsonb || jsonb_build_object('appointmentTime',"
			" ($2::timestamp AT TIME ZONE 'Europe/London')))",
			2, p, id, err);
	free(js);
	sb_release(&when);
	return rc;
}

enum ct_status supplier_record_feedback(PGconn *db, const struct supplier_feedback *f,
					char **status, struct strbuf *err)
{
	json_t *doc = json_object();
	const char *p[1];
	char *js;
	bool bad = !doc;
	enum ct_status rc;

	if (status)
		*status = NULL;
	put_s(doc, "appointmentId", f->appointment_id, &bad);
	put_s(doc, "attended", f->attended, &bad);
	put_b(doc, "didSessionHappen", f->session_happened, &bad);
	put_s(doc, "lateReason", f->late_reason, &bad);
	put_s(doc, "sessionSummary", f->summary, &bad);
	put_s(doc, "sessionResponse", f->response, &bad);
	put_b(doc, "notifyBehaviour", f->notify_behaviour, &bad);
	put_s(doc, "sessionBehaviour", f->behaviour, &bad);
	put_b(doc, "notifyConcerns", f->notify_concerns, &bad);
	put_s(doc, "sessionConcerns", f->concerns, &bad);
	put_s(doc, "futureSessionPlans", f->future_plans, &bad);
	put_s(doc, "noAttendanceInformation", f->no_attendance_information, &bad);
	put_s(doc, "noSessionReasonType", f->no_session_reason_type, &bad);
	put_s(doc, "noSessionReasonDetail", f->no_session_reason_detail, &bad);
	js = dump(doc, bad);
	if (!js)
		return CT_NOMEM;
	p[0] = js;
	rc = one_change(db, "SELECT supplier_record_feedback($1::jsonb)", 1, p, status, err);
	free(js);
	return rc;
}

/* ---- action plan and end of service ------------------------------------ */

enum ct_status supplier_submit_action_plan(PGconn *db, const char *referral_id,
					   const char *const *activities, size_t n_activities,
					   int sessions, char **id, struct strbuf *err)
{
	json_t *a = json_array();
	char num[16];
	const char *p[3];
	char *js;
	bool bad = !a;
	size_t i;
	enum ct_status rc;

	if (id)
		*id = NULL;
	for (i = 0; a && i < n_activities; i++)
		if (activities[i] && activities[i][0] &&
		    json_array_append_new(a, json_string(activities[i])))
			bad = true;
	js = dump(a, bad);
	if (!js)
		return CT_NOMEM;
	snprintf(num, sizeof num, "%d", sessions);
	p[0] = referral_id;
	p[1] = js;
	p[2] = num;
	rc = one_change(db, "SELECT supplier_submit_action_plan($1::uuid, $2::jsonb, $3::integer)",
			3, p, id, err);
	free(js);
	return rc;
}

enum ct_status supplier_approve_action_plan(PGconn *db, const char *plan_id, int *made,
					    struct strbuf *err)
{
	const char *p[1] = {plan_id};
	char *v = NULL;
	enum ct_status rc;

	rc = one_change(db, "SELECT pp_approve_action_plan($1::uuid)", 1, p, &v, err);
	if (made)
		*made = v ? atoi(v) : 0;
	free(v);
	return rc;
}

enum ct_status supplier_submit_eosr(PGconn *db, const char *referral_id, const char *further,
				    const struct supplier_outcome_input *outcomes, size_t n,
				    char **concluded_state, struct strbuf *err)
{
	json_t *a = json_array();
	const char *p[3];
	char *js;
	bool bad = !a;
	size_t i;
	enum ct_status rc;

	if (concluded_state)
		*concluded_state = NULL;
	for (i = 0; a && i < n; i++) {
		json_t *o = json_object();

		bad |= !o;
		put_s(o, "desiredOutcomeId", outcomes[i].desired_outcome_id, &bad);
		put_s(o, "achievementLevel", outcomes[i].achievement_level, &bad);
		put_s(o, "progressionComments", outcomes[i].progression_comments, &bad);
		put_s(o, "additionalTaskComments", outcomes[i].additional_task_comments, &bad);
		if (o && json_array_append_new(a, o))
			bad = true;
	}
	js = dump(a, bad);
	if (!js)
		return CT_NOMEM;
	p[0] = referral_id;
	p[1] = further && further[0] ? further : NULL;
	p[2] = js;
	rc = one_change(db, "SELECT supplier_submit_eosr($1::uuid, $2, $3::jsonb)", 3, p,
			concluded_state, err);
	free(js);
	return rc;
}

/* ---- reading a referral's delivery ----------------------------------- */

static void slot_release(struct supplier_slot *s)
{
	free(s->appointment_id);
	free(s->time);
	free(s->time_iso);
	free(s->method);
	free(s->where);
	free(s->status);
	free(s->status_words);
	free(s->feedback);
}

void supplier_progress_free(struct supplier_progress **pp)
{
	struct supplier_progress *p = *pp;
	size_t i;

	if (!p)
		return;
	free(p->referral_id);
	free(p->reference_number);
	free(p->crn);
	free(p->person_name);
	free(p->intervention_title);
	free(p->state);
	free(p->state_words);
	free(p->delivery_state);
	free(p->assigned_to_name);
	free(p->saa_status);
	free(p->eosr_submitted_at);
	slot_release(&p->saa);
	free(p->plan_id);
	free(p->plan_status);
	free(p->plan_submitted_at);
	free(p->plan_submitted_by);
	free(p->plan_approved_at);
	free(p->plan_approved_by);
	for (i = 0; i < p->n_activities; i++)
		free(p->activities[i]);
	free(p->activities);
	for (i = 0; i < p->n_sessions; i++)
		slot_release(&p->sessions[i]);
	free(p->sessions);
	for (i = 0; i < p->n_outcomes; i++) {
		free(p->outcomes[i].id);
		free(p->outcomes[i].description);
	}
	free(p->outcomes);
	free(p);
	*pp = NULL;
}

static enum ct_status load_header(PGconn *db, const char *id, struct supplier_progress *p,
				  struct strbuf *err)
{
	const char *q[1] = {id};
	PGresult *r;
	enum ct_status rc;
	bool oom = false;

	rc = run(db, &r,
		 "SELECT o.id, o.reference_number, o.crn, concat_ws(' ', o.first_name, o.last_name),"
		 " o.intervention_title, o.state, o.state_words, referral_delivery_state(x),"
		 " x.concluded_at IS NULL, current_staff_role() = 'pp' AND referral_is_mine(x.id),"
		 " o.assigned_to, o.assigned_to_name, referral_saa_status(x.id),"
		 " x.concluded_at IS NULL AND (referral_eosr_required(x) OR x.end_requested_at IS NOT NULL)"
		 "  AND NOT EXISTS (SELECT 1 FROM end_of_service_report e WHERE e.referral_id = x.id),"
		 " (SELECT " ISO("e.submitted_at") " FROM end_of_service_report e WHERE e.referral_id = x.id)"
		 " FROM referral x JOIN referral_overview o ON o.id = x.id WHERE x.id = $1::uuid",
		 1, q, err);
	if (rc != CT_OK)
		return rc;
	if (PQntuples(r) != 1) {
		PQclear(r);
		sb_adds(err, "no such referral, or not one you may see");
		return CT_NOT_FOUND;
	}
	p->referral_id = db_value_take(r, 0, 0, &oom);
	p->reference_number = db_value_take(r, 0, 1, &oom);
	p->crn = db_value_take(r, 0, 2, &oom);
	p->person_name = db_value_take(r, 0, 3, &oom);
	p->intervention_title = db_value_take(r, 0, 4, &oom);
	p->state = db_value_take(r, 0, 5, &oom);
	p->state_words = db_value_take(r, 0, 6, &oom);
	p->delivery_state = db_value_take(r, 0, 7, &oom);
	p->open = db_value_bool(r, 0, 8);
	p->mine_to_approve = db_value_bool(r, 0, 9);
	p->assigned_to = db_value_long(r, 0, 10);
	p->assigned_to_name = db_value_take(r, 0, 11, &oom);
	p->saa_status = db_value_take(r, 0, 12, &oom);
	p->eosr_required = db_value_bool(r, 0, 13);
	p->eosr_submitted_at = db_value_take(r, 0, 14, &oom);
	PQclear(r);
	return oom ? CT_NOMEM : CT_OK;
}

static enum ct_status load_slots(PGconn *db, const char *id, struct supplier_progress *p,
				 struct strbuf *err)
{
	const char *q[1] = {id};
	PGresult *r;
	enum ct_status rc;
	bool oom = false;
	int i, rows;

	rc = run(db, &r,
		 "WITH slots AS (SELECT 0 AS n, 'SUPPLIER_ASSESSMENT'::appointment_kind AS kind"
		 "  UNION ALL SELECT s.session_number, 'SERVICE_DELIVERY' FROM delivery_session s"
		 "  WHERE s.referral_id = $1::uuid)"
		 " SELECT s.n, (c.ap).id, " UK("(c.ap).appointment_time") ","
		 "  " ISO("(c.ap).appointment_time") ", (c.ap).duration_minutes,"
		 "  appointment_delivery_words((c.ap).delivery_type),"
		 "  coalesce(po.name, nullif(concat_ws(', ', (c.ap).address_line1, (c.ap).address_line2,"
		 "   (c.ap).town_city, (c.ap).county,"
		 "   regexp_replace((c.ap).postcode, '([0-9][A-Z]{2})$', ' \\1')), '')),"
		 "  appointment_status(c.ap), appointment_status_words(appointment_status(c.ap)),"
		 "  (SELECT count(*) - 1 FROM appointment x WHERE x.referral_id = $1::uuid"
		 "   AND x.kind = s.kind AND x.session_number = s.n),"
		 "  coalesce(f.attended = 'NO' OR f.notify_pp_of_behaviour OR f.notify_pp_of_concerns, false),"
		 "  nullif(concat_ws(E'\\n',"
		 "   'Attended: ' || lower(f.attended::text)"
		 "     || CASE WHEN f.did_session_happen THEN '' ELSE ', the session did not happen' END,"
		 "   'Late: ' || f.late_reason, 'Summary: ' || f.session_summary,"
		 "   'Response: ' || f.session_response,"
		 "   CASE WHEN f.notify_pp_of_behaviour THEN 'Notify the practitioner: poor behaviour' END,"
		 "   'Behaviour: ' || f.session_behaviour,"
		 "   CASE WHEN f.notify_pp_of_concerns THEN 'Notify the practitioner: concerns' END,"
		 "   'Concerns: ' || f.session_concerns,"
		 "   'Why they did not attend: ' || f.no_attendance_information,"
		 "   'Why it did not happen: ' || f.no_session_reason_detail,"
		 "   'Next session: ' || f.future_session_plans), '')"
		 " FROM slots s"
		 " LEFT JOIN LATERAL (SELECT a AS ap FROM appointment a WHERE a.referral_id = $1::uuid"
		 "   AND a.kind = s.kind AND a.session_number = s.n ORDER BY a.seq DESC LIMIT 1) c ON true"
		 " LEFT JOIN appointment_feedback f ON f.appointment_id = (c.ap).id"
		 " LEFT JOIN probation_office po ON po.code = (c.ap).nps_office_code"
		 " ORDER BY s.n",
		 1, q, err);
	if (rc != CT_OK)
		return rc;
	rows = PQntuples(r);
	p->sessions = calloc((size_t)rows + 1, sizeof *p->sessions);
	if (!p->sessions) {
		PQclear(r);
		return CT_NOMEM;
	}
	for (i = 0; i < rows; i++) {
		struct supplier_slot *s = i == 0 ? &p->saa : &p->sessions[p->n_sessions++];

		s->session_number = (int)db_value_long(r, i, 0);
		s->appointment_id = db_value_take(r, i, 1, &oom);
		s->time = db_value_take(r, i, 2, &oom);
		s->time_iso = db_value_take(r, i, 3, &oom);
		s->duration_minutes = (int)db_value_long(r, i, 4);
		s->method = db_value_take(r, i, 5, &oom);
		s->where = db_value_take(r, i, 6, &oom);
		s->status = db_value_take(r, i, 7, &oom);
		s->status_words = db_value_take(r, i, 8, &oom);
		s->earlier = (int)db_value_long(r, i, 9);
		if (s->earlier < 0)
			s->earlier = 0;
		s->flagged = db_value_bool(r, i, 10);
		s->feedback = db_value_take(r, i, 11, &oom);
	}
	PQclear(r);
	return oom ? CT_NOMEM : CT_OK;
}

static enum ct_status load_plan(PGconn *db, const char *id, struct supplier_progress *p,
				struct strbuf *err)
{
	const char *q[1] = {id};
	PGresult *r;
	enum ct_status rc;
	bool oom = false;
	int i, rows;

	rc = run(db, &r,
		 "SELECT p.id, CASE WHEN ap.action_plan_id IS NULL THEN 'Awaiting approval'"
		 "  ELSE 'Approved' END, p.number_of_sessions, " ISO("p.submitted_at") ","
		 " s.display_name, " ISO("ap.approved_at") ", t.display_name"
		 " FROM action_plan p LEFT JOIN action_plan_approval ap ON ap.action_plan_id = p.id"
		 " LEFT JOIN staff s ON s.id = p.submitted_by LEFT JOIN staff t ON t.id = ap.approved_by"
		 " WHERE p.referral_id = $1::uuid ORDER BY p.submitted_at DESC LIMIT 1",
		 1, q, err);
	if (rc != CT_OK)
		return rc;
	if (PQntuples(r) == 0) {
		PQclear(r);
		p->plan_status = strdup("Not submitted");
		return p->plan_status ? CT_OK : CT_NOMEM;
	}
	p->plan_id = db_value_take(r, 0, 0, &oom);
	p->plan_status = db_value_take(r, 0, 1, &oom);
	p->plan_sessions = (int)db_value_long(r, 0, 2);
	p->plan_submitted_at = db_value_take(r, 0, 3, &oom);
	p->plan_submitted_by = db_value_take(r, 0, 4, &oom);
	p->plan_approved_at = db_value_take(r, 0, 5, &oom);
	p->plan_approved_by = db_value_take(r, 0, 6, &oom);
	PQclear(r);
	if (oom)
		return CT_NOMEM;
	q[0] = p->plan_id;
	rc = run(db, &r, "SELECT description FROM action_plan_activity WHERE action_plan_id = $1::uuid"
		 " ORDER BY number", 1, q, err);
	if (rc != CT_OK)
		return rc;
	rows = PQntuples(r);
	p->activities = calloc((size_t)rows + 1, sizeof *p->activities);
	if (!p->activities) {
		PQclear(r);
		return CT_NOMEM;
	}
	for (i = 0; i < rows; i++)
		p->activities[i] = db_value_take(r, i, 0, &oom);
	p->n_activities = (size_t)rows;
	PQclear(r);
	return oom ? CT_NOMEM : CT_OK;
}

static enum ct_status load_outcomes(PGconn *db, const char *id, struct supplier_progress *p,
				    struct strbuf *err)
{
	const char *q[1] = {id};
	PGresult *r;
	enum ct_status rc;
	bool oom = false;
	int i, rows;

	rc = run(db, &r,
		 "SELECT d.id, d.description FROM referral_desired_outcome x"
		 " JOIN desired_outcome d ON d.id = x.desired_outcome_id"
		 " WHERE x.referral_id = $1::uuid ORDER BY x.service_category_id, d.description",
		 1, q, err);
	if (rc != CT_OK)
		return rc;
	rows = PQntuples(r);
	p->outcomes = calloc((size_t)rows + 1, sizeof *p->outcomes);
	if (!p->outcomes) {
		PQclear(r);
		return CT_NOMEM;
	}
	for (i = 0; i < rows; i++) {
		p->outcomes[i].id = db_value_take(r, i, 0, &oom);
		p->outcomes[i].description = db_value_take(r, i, 1, &oom);
	}
	p->n_outcomes = (size_t)rows;
	PQclear(r);
	return oom ? CT_NOMEM : CT_OK;
}

enum ct_status supplier_progress_load(PGconn *db, const char *referral_id,
				      struct supplier_progress **out, struct strbuf *err)
{
	struct supplier_progress *p;
	enum ct_status rc;

	*out = NULL;
	p = calloc(1, sizeof *p);
	if (!p)
		return CT_NOMEM;
	rc = db_tx_begin(db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err);
	if (rc == CT_OK)
		rc = load_header(db, referral_id, p, err);
	if (rc == CT_OK)
		rc = load_slots(db, referral_id, p, err);
	if (rc == CT_OK)
		rc = load_plan(db, referral_id, p, err);
	if (rc == CT_OK)
		rc = load_outcomes(db, referral_id, p, err);
	if (rc == CT_OK)
		rc = db_tx_commit(db, err);
	else
		db_tx_rollback(db);
	if (rc != CT_OK) {
		supplier_progress_free(&p);
		return rc;
	}
	*out = p;
	return CT_OK;
}

/* ---- the practitioner's attention list ----------------------------------- */

void attention_items_free(struct attention_item **list, size_t n)
{
	size_t i;

	if (!*list)
		return;
	for (i = 0; i < n; i++) {
		struct attention_item *a = &(*list)[i];

		free(a->referral_id);
		free(a->reference_number);
		free(a->crn);
		free(a->person_name);
		free(a->at);
		free(a->kind);
		free(a->summary);
		free(a->detail);
		free(a->appointment_id);
	}
	free(*list);
	*list = NULL;
}

enum ct_status attention_list(PGconn *db, struct attention_item **out, size_t *n,
			      struct strbuf *err)
{
	struct attention_item *list;
	PGresult *r;
	enum ct_status rc;
	bool oom = false;
	int i, rows;

	*out = NULL;
	*n = 0;
	rc = run(db, &r,
		 "SELECT referral_id, reference_number, crn, person_name, " ISO("at") ", kind, summary,"
		 " detail, appointment_id FROM referral_attention_items()", 0, NULL, err);
	if (rc != CT_OK)
		return rc;
	rows = PQntuples(r);
	list = calloc((size_t)rows + 1, sizeof *list);
	if (!list) {
		PQclear(r);
		return CT_NOMEM;
	}
	for (i = 0; i < rows; i++) {
		list[i].referral_id = db_value_take(r, i, 0, &oom);
		list[i].reference_number = db_value_take(r, i, 1, &oom);
		list[i].crn = db_value_take(r, i, 2, &oom);
		list[i].person_name = db_value_take(r, i, 3, &oom);
		list[i].at = db_value_take(r, i, 4, &oom);
		list[i].kind = db_value_take(r, i, 5, &oom);
		list[i].summary = db_value_take(r, i, 6, &oom);
		list[i].detail = db_value_take(r, i, 7, &oom);
		list[i].appointment_id = db_value_take(r, i, 8, &oom);
	}
	PQclear(r);
	if (oom) {
		attention_items_free(&list, (size_t)rows);
		return CT_NOMEM;
	}
	*out = list;
	*n = (size_t)rows;
	return CT_OK;
}

enum ct_status attention_mark_seen(PGconn *db, const char *appointment_id, struct strbuf *err)
{
	const char *p[1] = {appointment_id};

	return one_change(db, "SELECT pp_mark_attention_seen($1::uuid)", 1, p, NULL, err);
}

/* ---- performance report ------------------------------------------------ */

enum ct_status supplier_performance_report(PGconn *db, const char *from, const char *to,
					   struct cas3_table *out, struct strbuf *err)
{
	const char *p[2] = {from, to};
	PGresult *r;
	enum ct_status rc;
	size_t i, j;

	memset(out, 0, sizeof *out);
	rc = run(db, &r,
		 "SELECT referral_ref, referral_id, contract_ref, organisation_id, caseworker_id,"
		 " service_user_crn, " ISO("date_referral_received") " AS date_referral_received,"
		 " " ISO("date_saa_first_arranged") " AS date_saa_first_arranged,"
		 " " ISO("date_saa_first_scheduled_for") " AS date_saa_first_scheduled_for,"
		 " " ISO("date_saa_first_not_attended") " AS date_saa_first_not_attended,"
		 " " ISO("date_saa_first_attended") " AS date_saa_first_attended,"
		 " " ISO("date_saa_first_completed") " AS date_saa_first_completed,"
		 " CASE saa_attended_on_time WHEN true THEN 'true' WHEN false THEN 'false' END"
		 "  AS saa_attended_on_time,"
		 " " ISO("date_first_action_plan_submitted") " AS date_first_action_plan_submitted,"
		 " " ISO("date_of_first_action_plan_approval") " AS date_of_first_action_plan_approval,"
		 " " ISO("date_of_first_attended_session") " AS date_of_first_attended_session,"
		 " outcomes_to_be_achieved_count, outcomes_achieved, count_of_sessions_expected,"
		 " count_of_sessions_attended,"
		 " " ISO("end_requested_by_pp_at") " AS end_requested_by_pp_at, end_requested_by_pp_reason,"
		 " " ISO("date_eosr_submitted") " AS date_eosr_submitted,"
		 " " ISO("concluded_at") " AS concluded_at, referral_end_state,"
		 " date_intervention_to_be_completed_by, end_of_sentence_date"
		 " FROM supplier_performance_report($1::date, $2::date)",
		 2, p, err);
	if (rc != CT_OK)
		return rc;
	out->ncols = (size_t)PQnfields(r);
	out->nrows = (size_t)PQntuples(r);
	out->cols = calloc(out->ncols + 1, sizeof *out->cols);
	out->cells = calloc(out->ncols * out->nrows + 1, sizeof *out->cells);
	if (!out->cols || !out->cells)
		goto nomem;
	for (j = 0; j < out->ncols; j++)
		if (!(out->cols[j] = strdup(PQfname(r, (int)j))))
			goto nomem;
	for (i = 0; i < out->nrows; i++)
		for (j = 0; j < out->ncols; j++)
			if (!PQgetisnull(r, (int)i, (int)j) &&
			    !(out->cells[i * out->ncols + j] = db_value_dup(r, (int)i, (int)j)))
				goto nomem;
	PQclear(r);
	return CT_OK;
nomem:
	PQclear(r);
	cas3_table_release(out);
	return CT_NOMEM;
}
