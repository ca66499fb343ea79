/* referral_detail.c: one sent referral, in five parts (Tab moves between
 * them): Summary, Timeline (every event in time order, from
 * referral_timeline() in SQL), Details (as sent, and every amended version),
 * Risk (the shared text, read with an audit row when the part is opened;
 * the practitioner who sent it may also show the original OASys text), and
 * Case notes.
 *
 * Practitioners and suppliers use the same screen; what each sees is decided
 * by row-level security, and what each may do by their role: the
 * practitioner who sent an open referral amends it, withdraws it and adds
 * case notes; a supplier adds case notes.  Text from the database is
 * sanitised once, when the parts are built after loading. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ui/screens/referral_screens.h"
#include "ui/screens/supplier.h"
#include "util/sanitize.h"

enum tab { TAB_SUMMARY, TAB_TIMELINE, TAB_DETAILS, TAB_RISK, TAB_NOTES, TAB_COUNT };

static const char *const tab_names[TAB_COUNT] = {"Summary", "Timeline", "Details", "Risk",
						  "Case notes"};

enum item_kind { IT_HEADING, IT_FIELD, IT_TEXT, IT_HINT, IT_ERROR, IT_EVENT };

struct item {
	enum item_kind kind;
	char *label;   /* field label, event time */
	char *text;    /* value, paragraph, event summary */
	char *sub;     /* event: who, then detail; may be NULL */
};

struct part {
	struct item *v;
	size_t n, alloc;
	size_t sel;
};

struct rdetail {
	char *id;
	struct referral_view *v;
	struct referral_details_version *versions;
	size_t n_versions;
	char *error;            /* why it could not be loaded */
	bool risk_loaded, show_original;
	struct referral_risk risk;
	char *risk_error;
	enum tab tab;
	struct part parts[TAB_COUNT];
	int *rows;              /* virtual row of each item of the current part, last draw */
	size_t n_rows;
	int tab_row;
	void (*changed)(struct ui *ui, void *arg);
	void *changed_arg;
	/* what the signed-in member of staff may do */
	bool can_amend, can_note, is_supplier;
};

/* ---- items ---------------------------------------------------------------- */

static void part_clear(struct part *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		free(p->v[i].label);
		free(p->v[i].text);
		free(p->v[i].sub);
	}
	free(p->v);
	p->v = NULL;
	p->n = p->alloc = 0;
}

/* Adds an item; label/text/sub are sanitised copies (NULL stays NULL). */
static void add(struct part *p, enum item_kind k, const char *label, const char *text,
		const char *sub)
{
	struct item *it;

	if (p->n == p->alloc) {
		size_t na = p->alloc ? p->alloc * 2 : 16;
		struct item *nv = realloc(p->v, na * sizeof *nv);

		if (!nv)
			return;
		p->v = nv;
		p->alloc = na;
	}
	it = &p->v[p->n];
	it->kind = k;
	it->label = label ? text_sanitize(label, SAN_SINGLE_LINE) : NULL;
	it->text = text ? text_sanitize(text, SAN_KEEP_NEWLINES) : NULL;
	it->sub = sub ? text_sanitize(sub, SAN_KEEP_NEWLINES) : NULL;
	p->n++;
}

static void field(struct part *p, const char *label, const char *value)
{
	add(p, IT_FIELD, label, value && value[0] ? value : "Not given", NULL);
}

static void fieldf(struct part *p, const char *label, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void fieldf(struct part *p, const char *label, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	field(p, label, sb.buf);
	sb_release(&sb);
}

static const char *role_words(const char *role)
{
	if (!role)
		return NULL;
	if (!strcmp(role, "sp"))
		return "service provider";
	if (!strcmp(role, "pp"))
		return "probation practitioner";
	if (!strcmp(role, "admin"))
		return "administrator";
	return NULL;
}

static const char *withdrawal_state_words(const char *s)
{
	if (!s)
		return NULL;
	if (!strcmp(s, "PRE_ICA_WITHDRAWAL"))
		return "withdrawn before the intervention started";
	if (!strcmp(s, "POST_ICA_WITHDRAWAL"))
		return "withdrawn after the intervention started (an end of service report is due)";
	if (!strcmp(s, "POST_ICA_CLOSE_REFERRAL_EARLY"))
		return "closed early after the intervention started";
	return s;
}

static void key_hint(struct ui *ui, struct strbuf *sb, enum ui_action a, const char *what)
{
	struct strbuf k = STRBUF_INIT;

	if (keymap_describe(ui_keymap(ui), SEC_REFERRAL_DETAIL, a, " or ", &k))
		sb_addf(sb, "Press %s to %s. ", k.buf, what);
	sb_release(&k);
}

static void build_summary(struct rdetail *d, struct ui *ui)
{
	struct part *p = &d->parts[TAB_SUMMARY];
	const struct referral_view *v = d->v;
	struct strbuf sb = STRBUF_INIT;

	fieldf(p, "Reference", "%s", v->reference_number);
	fieldf(p, "Person", "%s %s (CRN %s)", v->first_name ? v->first_name : "",
	       v->last_name ? v->last_name : "", v->crn);
	field(p, "Date of birth", v->date_of_birth);
	fieldf(p, "Intervention", "%s (%s)", v->intervention_title,
	       v->intervention_kind_label ? v->intervention_kind_label : "");
	field(p, "Provider", v->provider_name ? v->provider_name : "Delivered by probation");
	if (v->contract_reference)
		fieldf(p, "Contract", "%s%s%s", v->contract_reference,
		       v->contract_type_name ? ", " : "",
		       v->contract_type_name ? v->contract_type_name : "");
	sb_adds(&sb, v->state_words ? v->state_words : "");
	if (v->withdrawal_state)
		sb_addf(&sb, ": %s", withdrawal_state_words(v->withdrawal_state));
	field(p, "Status", sb.buf);
	if (v->withdrawal_reason) {
		sb_reset(&sb);
		sb_adds(&sb, v->withdrawal_reason);
		if (v->withdrawal_comments)
			sb_addf(&sb, "\n%s", v->withdrawal_comments);
		field(p, "Why it was withdrawn", sb.buf);
	}
	sb_reset(&sb);
	referral_when(v->sent_at, true, &sb);
	if (v->sent_by_name)
		sb_addf(&sb, " by %s", v->sent_by_name);
	field(p, "Sent", sb.buf);
	field(p, "Caseworker", v->assigned_to_name ? v->assigned_to_name : "Not assigned yet");
	if (v->concluded_at) {
		sb_reset(&sb);
		referral_when(v->concluded_at, true, &sb);
		field(p, "Ended", sb.buf);
	}
	sb_reset(&sb);
	referral_when(v->updated_at, true, &sb);
	if (v->updated_by_name)
		sb_addf(&sb, " by %s", v->updated_by_name);
	field(p, "Last changed", sb.buf);
	add(p, IT_HEADING, NULL, "What you can do", NULL);
	sb_reset(&sb);
	if (d->can_note)
		key_hint(ui, &sb, ACT_ADD_NOTE, "add a case note");
	if (d->can_amend) {
		key_hint(ui, &sb, ACT_AMEND, "change the referral's details");
		key_hint(ui, &sb, ACT_WITHDRAW, "withdraw it");
	}
	if (!sb.len)
		sb_adds(&sb, v->concluded_at ? "This referral has ended: it can only be read. "
					     : "You can read this referral; only the practitioner "
					       "who sent it can change it. ");
	if (v->provider_name) {
		struct strbuf k = STRBUF_INIT;

		if (keymap_describe(ui_keymap(ui), SEC_REFERRAL_DETAIL, ACT_SELECT, " or ", &k))
			sb_addf(&sb, "Press %s to open its delivery: appointments, action plan, "
				"sessions and the end-of-service report. ", k.buf);
		sb_release(&k);
	}
	sb_adds(&sb, "Tab moves to the next part: timeline, details, risk, case notes.");
	add(p, IT_TEXT, NULL, sb.buf, NULL);
	sb_release(&sb);
}

static void event_item(struct part *p, const struct referral_timeline_entry *e)
{
	struct strbuf when = STRBUF_INIT, sub = STRBUF_INIT;
	const char *rw = role_words(e->who_role);

	referral_when(e->at, true, &when);
	if (e->who) {
		sb_addf(&sub, "by %s", e->who);
		if (rw)
			sb_addf(&sub, " (%s)", rw);
	}
	if (e->detail && e->detail[0])
		sb_addf(&sub, "%s%s", sub.len ? "\n" : "", e->detail);
	add(p, IT_EVENT, when.buf, e->summary ? e->summary : "", sub.len ? sub.buf : NULL);
	sb_release(&when);
	sb_release(&sub);
}

static void build_timeline(struct rdetail *d)
{
	struct part *p = &d->parts[TAB_TIMELINE];
	size_t i;

	for (i = 0; i < d->v->n_timeline; i++)
		event_item(p, &d->v->timeline[i]);
	if (!d->v->n_timeline)
		add(p, IT_TEXT, NULL, "Nothing has happened yet.", NULL);
}

static void build_notes(struct rdetail *d, struct ui *ui)
{
	struct part *p = &d->parts[TAB_NOTES];
	struct strbuf sb = STRBUF_INIT;
	size_t i, n = 0;

	for (i = 0; i < d->v->n_timeline; i++) {
		const struct referral_timeline_entry *e = &d->v->timeline[i];

		if (e->kind && !strcmp(e->kind, "case_note")) {
			event_item(p, e);
			n++;
		}
	}
	if (!n)
		add(p, IT_TEXT, NULL, "No case notes yet.", NULL);
	if (d->can_note)
		key_hint(ui, &sb, ACT_ADD_NOTE, "add a case note");
	if (sb.len)
		add(p, IT_HINT, NULL, sb.buf, NULL);
	sb_release(&sb);
}

static void yesno(struct part *p, const char *label, bool yes, const char *then)
{
	if (yes && then && then[0])
		fieldf(p, label, "Yes: %s", then);
	else
		field(p, label, yes ? "Yes" : "No");
}

static void version_fields(struct part *p, const struct referral_details_version *x)
{
	field(p, "Completion deadline", x->completion_deadline);
	if (x->maximum_enforceable_days > 0)
		fieldf(p, "Maximum enforceable days", "%d", x->maximum_enforceable_days);
	else
		field(p, "Maximum enforceable days", NULL);
	field(p, "Reason for referral", x->reason_for_referral);
	field(p, "Further information", x->further_information);
}

static void build_details(struct rdetail *d)
{
	struct part *p = &d->parts[TAB_DETAILS];
	const struct referral_view *v = d->v;
	struct strbuf sb = STRBUF_INIT;
	size_t i, j;

	add(p, IT_HEADING, NULL, "The person, as sent", NULL);
	fieldf(p, "Name", "%s%s%s %s", v->title ? v->title : "", v->title ? " " : "",
	       v->first_name ? v->first_name : "", v->last_name ? v->last_name : "");
	field(p, "Date of birth", v->date_of_birth);
	field(p, "Gender", v->gender);
	field(p, "Ethnicity", v->ethnicity);
	field(p, "Preferred language", v->preferred_language);
	field(p, "Religion or belief", v->religion_or_belief);
	for (i = 0; i < v->n_disabilities; i++)
		sb_addf(&sb, "%s%s", i ? "\n" : "", v->disabilities[i]);
	field(p, "Disabilities", sb.buf);

	add(p, IT_HEADING, NULL, "Needs and requirements", NULL);
	field(p, "Accessibility needs", v->accessibility_needs);
	field(p, "Other needs", v->additional_needs_information);
	yesno(p, "Interpreter needed", v->needs_interpreter, v->interpreter_language);
	yesno(p, "Caring or work commitments", v->has_additional_responsibilities,
	      v->when_unavailable);

	add(p, IT_HEADING, NULL, "Where they are", NULL);
	if (v->location_type && !strcmp(v->location_type, "CUSTODY")) {
		fieldf(p, "Location", "In custody%s%s", v->prison_id ? ", prison " : "",
		       v->prison_id ? v->prison_id : "");
		if (v->expected_release_date)
			field(p, "Expected release date", v->expected_release_date);
		else
			fieldf(p, "Expected release date", "Not known: %s",
			       v->expected_release_date_missing_reason
				       ? v->expected_release_date_missing_reason : "no reason given");
		field(p, "Expected probation office", v->expected_probation_office);
	} else {
		field(p, "Location", "In the community");
	}
	if (v->relevant_sentence_id)
		fieldf(p, "Sentence (nDelius)", "%s%s%s", v->relevant_sentence_id,
		       v->relevant_sentence_end_date ? ", ends " : "",
		       v->relevant_sentence_end_date ? v->relevant_sentence_end_date : "");

	for (i = 0; i < v->n_categories; i++) {
		const struct referral_category *c = &v->categories[i];

		sb_reset(&sb);
		sb_addf(&sb, "Service category: %s", c->service_category_name);
		add(p, IT_HEADING, NULL, sb.buf, NULL);
		field(p, "Complexity level", c->complexity_title);
		sb_reset(&sb);
		for (j = 0; j < c->n_outcomes; j++)
			sb_addf(&sb, "%s%s", j ? "\n" : "", c->outcomes[j].description);
		field(p, "Desired outcomes", sb.buf);
	}

	if (d->n_versions) {
		for (i = 0; i < d->n_versions; i++) {
			const struct referral_details_version *x = &d->versions[i];

			sb_reset(&sb);
			sb_addf(&sb, "Referral details, version %d%s", x->version,
				x->current ? " (current)" : "");
			add(p, IT_HEADING, NULL, sb.buf, NULL);
			sb_reset(&sb);
			referral_when(x->created_at, true, &sb);
			if (x->created_by)
				sb_addf(&sb, " by %s", x->created_by);
			field(p, x->version == 1 ? "Sent" : "Changed", sb.buf);
			if (x->reason_for_change)
				field(p, "Reason for the change", x->reason_for_change);
			version_fields(p, x);
		}
	} else {
		struct referral_details_version cur = {
			.completion_deadline = v->completion_deadline,
			.maximum_enforceable_days = v->maximum_enforceable_days,
			.reason_for_referral = v->reason_for_referral,
			.further_information = v->further_information,
		};

		add(p, IT_HEADING, NULL, "Referral details", NULL);
		version_fields(p, &cur);
	}

	add(p, IT_HEADING, NULL, "Probation practitioner", NULL);
	field(p, "Name", v->pp_name ? v->pp_name : v->ndelius_name);
	field(p, "Email address", v->pp_email_address ? v->pp_email_address
						      : v->ndelius_email_address);
	field(p, "Phone number", v->pp_phone_number ? v->pp_phone_number : v->ndelius_phone_number);
	field(p, "Team phone number", v->pp_team_phone_number ? v->pp_team_phone_number
							      : v->ndelius_team_phone_number);
	field(p, "Probation delivery unit", v->pp_pdu ? v->pp_pdu : v->ndelius_pdu);
	field(p, "Probation office", v->pp_probation_office);
	if (v->ndelius_name && v->pp_name && strcmp(v->ndelius_name, v->pp_name))
		field(p, "Name in nDelius", v->ndelius_name);
	sb_release(&sb);
}

static const char *decision_words(enum referral_risk_decision dc)
{
	switch (dc) {
	case RISK_CONFIRMED: return "shared as it is in OASys";
	case RISK_EDITED: return "edited by the practitioner before sharing";
	case RISK_REMOVED: return "removed: not shared";
	default: return "";
	}
}

static void build_risk(struct rdetail *d, struct ui *ui)
{
	struct part *p = &d->parts[TAB_RISK];
	struct strbuf sb = STRBUF_INIT;
	int f, n = 0;

	part_clear(p);
	if (!d->risk_loaded) {
		add(p, IT_TEXT, NULL, "The risk information is read when you open this part.", NULL);
		return;
	}
	if (d->risk_error) {
		sb_addf(&sb, "Error: could not read the risk information: %s", d->risk_error);
		add(p, IT_ERROR, NULL, sb.buf, NULL);
		sb_release(&sb);
		return;
	}
	sb_addf(&sb, "From %s", d->risk.source ? d->risk.source : "OASys");
	if (d->risk.assessed_on)
		sb_addf(&sb, ", assessed on %s", d->risk.assessed_on);
	sb_adds(&sb, ". Your reading of it has been recorded in the audit log.");
	add(p, IT_TEXT, NULL, sb.buf, NULL);
	add(p, IT_HEADING, NULL, "Shared with the service provider", NULL);
	for (f = 0; f < RISK_FIELD_COUNT; f++) {
		const struct referral_risk_item *it = &d->risk.items[f];

		if (!it->present)
			continue;
		n++;
		sb_reset(&sb);
		if (it->decision == RISK_REMOVED || !it->shared_text)
			sb_adds(&sb, "(not shared)");
		else
			sb_adds(&sb, it->shared_text);
		if (!d->is_supplier)
			sb_addf(&sb, "\n[%s]", decision_words(it->decision));
		if (d->show_original && d->risk.original_readable)
			sb_addf(&sb, "\nOriginal OASys text: %s",
				it->original_text ? it->original_text : "(none)");
		field(p, referral_risk_field_label((enum referral_risk_field)f), sb.buf);
	}
	if (!n)
		add(p, IT_TEXT, NULL, "No risk information was shared with this referral.", NULL);
	if (d->risk.original_readable) {
		sb_reset(&sb);
		key_hint(ui, &sb, ACT_SHOW_ORIGINAL,
			 d->show_original ? "hide the original OASys text"
					  : "show the original OASys text beside what was shared "
					    "(only you, as the sender, and administrators can see it)");
		add(p, IT_HINT, NULL, sb.buf, NULL);
	}
	sb_release(&sb);
}

static void build_all(struct rdetail *d, struct ui *ui)
{
	int t;

	for (t = 0; t < TAB_COUNT; t++)
		part_clear(&d->parts[t]);
	if (!d->v) {
		struct strbuf sb = STRBUF_INIT;

		sb_addf(&sb, "Error: could not read the referral: %s", d->error ? d->error : "");
		add(&d->parts[TAB_SUMMARY], IT_ERROR, NULL, sb.buf, NULL);
		sb_release(&sb);
		return;
	}
	build_summary(d, ui);
	build_timeline(d);
	build_details(d);
	build_risk(d, ui);
	build_notes(d, ui);
	for (t = 0; t < TAB_COUNT; t++)
		if (d->parts[t].sel >= d->parts[t].n)
			d->parts[t].sel = d->parts[t].n ? d->parts[t].n - 1 : 0;
}

/* ---- loading ---------------------------------------------------------------- */

static void load(struct rdetail *d, struct ui *ui)
{
	const struct referral_source *src = referral_screens_source();
	const struct staff *s = ui_staff(ui);
	struct strbuf err = STRBUF_INIT;
	enum ct_status st;

	referral_view_free(&d->v);
	referral_details_versions_free(&d->versions, d->n_versions);
	d->n_versions = 0;
	free(d->error);
	d->error = NULL;
	if (src && src->load)
		st = src->load(src->ctx, d->id, &d->v, &err);
	else if (ui_db(ui))
		st = referral_load(ui_db(ui), d->id, &d->v, &err);
	else {
		st = CT_ERR;
		sb_adds(&err, "no database connection");
	}
	if (st != CT_OK) {
		if (!err.len)
			sb_adds(&err, ct_status_message(st));
		d->error = text_sanitize(err.buf, SAN_SINGLE_LINE);
		d->v = NULL;
	} else {
		sb_reset(&err);
		if (src && src->versions)
			st = src->versions(src->ctx, d->id, &d->versions, &d->n_versions, &err);
		else if (ui_db(ui))
			st = referral_details_versions(ui_db(ui), d->id, &d->versions, &d->n_versions,
						       &err);
		if (st != CT_OK) {
			d->versions = NULL;
			d->n_versions = 0;
		}
	}
	d->is_supplier = s && s->role && !strcmp(s->role, "sp");
	d->can_amend = d->v && s && s->role && !strcmp(s->role, "pp") && d->v->sent_by_me &&
		       !d->v->concluded_at;
	d->can_note = d->v && !d->v->concluded_at &&
		      (d->is_supplier || (s && s->role && !strcmp(s->role, "pp") && d->v->sent_by_me));
	sb_release(&err);
}

static void load_risk(struct rdetail *d, struct ui *ui)
{
	const struct referral_source *src = referral_screens_source();
	struct strbuf err = STRBUF_INIT;
	enum ct_status st;

	if (d->risk_loaded || !d->v)
		return;
	if (src && src->risk)
		st = src->risk(src->ctx, d->id, &d->risk, &err);
	else if (ui_db(ui))
		st = referral_risk_load(ui_db(ui), d->id, &d->risk, &err);
	else {
		st = CT_ERR;
		sb_adds(&err, "no database connection");
	}
	d->risk_loaded = true;
	if (st != CT_OK) {
		if (!err.len)
			sb_adds(&err, ct_status_message(st));
		d->risk_error = text_sanitize(err.buf, SAN_SINGLE_LINE);
	}
	build_risk(d, ui);
	sb_release(&err);
}

/* After a form was sent: read it all again (the risk stays as read). */
static void reloaded(struct ui *ui, void *arg)
{
	struct rdetail *d = arg;

	load(d, ui);
	build_all(d, ui);
	d->parts[TAB_TIMELINE].sel = d->parts[TAB_TIMELINE].n ? d->parts[TAB_TIMELINE].n - 1 : 0;
	d->parts[TAB_NOTES].sel = 0;
	ui_refresh_queues(ui);
	if (d->changed)
		d->changed(ui, d->changed_arg);
}

/* ---- screen ------------------------------------------------------------------ */

static int rd_enter(struct ui *ui, const void *arg, void **state, struct strbuf *err)
{
	const struct referral_detail_arg *a = arg;
	struct rdetail *d;

	if (!a || !a->id) {
		sb_adds(err, "no referral given");
		return -1;
	}
	d = calloc(1, sizeof *d);
	if (!d || !(d->id = strdup(a->id))) {
		free(d);
		sb_adds(err, "out of memory");
		return -1;
	}
	d->changed = a->changed;
	d->changed_arg = a->changed_arg;
	load(d, ui);
	if (!d->v && d->error) {
		sb_adds(err, d->error);
		free(d->error);
		free(d->id);
		free(d);
		return -1;
	}
	build_all(d, ui);
	*state = d;
	return 0;
}

static void rd_leave(struct ui *ui, void *state)
{
	struct rdetail *d = state;
	int t;

	(void)ui;
	for (t = 0; t < TAB_COUNT; t++)
		part_clear(&d->parts[t]);
	referral_view_free(&d->v);
	referral_details_versions_free(&d->versions, d->n_versions);
	referral_risk_release(&d->risk);
	free(d->risk_error);
	free(d->error);
	free(d->rows);
	free(d->id);
	free(d);
}

static const char *rd_title(void *state)
{
	struct rdetail *d = state;

	return d->v && d->v->reference_number ? d->v->reference_number : "Referral";
}

static void tab_label(struct rdetail *d, int t, struct strbuf *out)
{
	size_t n = 0, i;

	sb_adds(out, tab_names[t]);
	if (t == TAB_TIMELINE && d->v)
		sb_addf(out, " (%zu)", d->v->n_timeline);
	if (t == TAB_NOTES && d->v) {
		for (i = 0; i < d->v->n_timeline; i++)
			n += d->v->timeline[i].kind && !strcmp(d->v->timeline[i].kind, "case_note");
		sb_addf(out, " (%zu)", n);
	}
}

/* Draws one item from row; returns the rows used. */
static int draw_item(struct ui_canvas *c, int row, const struct item *it, bool sel)
{
	int lw = c->cols >= 100 ? 30 : 26, vx = 2 + lw + 1, vw = c->cols - vx - 1, used = 1;
	enum theme_role r = sel ? ROLE_SELECTED : ROLE_NORMAL;

	if (c->linear) {
		struct strbuf sb = STRBUF_INIT;

		switch (it->kind) {
		case IT_FIELD:
			sb_addf(&sb, "%s: %s", it->label, it->text);
			break;
		case IT_EVENT:
			sb_addf(&sb, "%s: %s.%s%s", it->label, it->text, it->sub ? " " : "",
				it->sub ? it->sub : "");
			break;
		case IT_HEADING:
			sb_addf(&sb, "%s:", it->text);
			break;
		default:
			sb_adds(&sb, it->text ? it->text : "");
		}
		if (sel)
			cv_text(c, row, 0, ROLE_MARKER, ">");
		used = cv_wrap(c, row, 2, c->cols - 2,
			       it->kind == IT_HEADING ? ROLE_HEADING
			       : it->kind == IT_ERROR ? ROLE_ERROR : r, sb.buf);
		sb_release(&sb);
		return used;
	}
	if (sel)
		cv_text(c, row, 0, ROLE_MARKER, ">");
	switch (it->kind) {
	case IT_HEADING:
		cv_textn(c, row, 2, sel ? ROLE_SELECTED : ROLE_HEADING, 0, it->text, c->cols - 3);
		return 1;
	case IT_FIELD:
		/* a label wider than its column gets a line of its own */
		if ((int)text_width(it->label) > lw) {
			cv_textn(c, row, 2, sel ? ROLE_SELECTED : ROLE_LABEL, 0, it->label,
				 c->cols - 3);
			return 1 + cv_wrap(c, row + 1, vx, vw, ROLE_VALUE, it->text);
		}
		cv_textn(c, row, 2, sel ? ROLE_SELECTED : ROLE_LABEL, 0, it->label, lw);
		return cv_wrap(c, row, vx, vw, ROLE_VALUE, it->text);
	case IT_EVENT:
		cv_textn(c, row, 2, sel ? ROLE_SELECTED : ROLE_LABEL, 0, it->label, 16);
		used = cv_wrap(c, row, 19, c->cols - 20, ROLE_NORMAL, it->text);
		if (it->sub)
			used += cv_wrap(c, row + used, 19, c->cols - 20, ROLE_HINT, it->sub);
		return used;
	case IT_HINT:
		return cv_wrap(c, row, 2, c->cols - 3, ROLE_HINT, it->text);
	case IT_ERROR:
		return cv_wrap(c, row, 2, c->cols - 3, ROLE_ERROR, it->text);
	default:
		return cv_wrap(c, row, 2, c->cols - 3, r, it->text);
	}
}

static void rd_draw(void *state, struct ui *ui, struct ui_canvas *c)
{
	struct rdetail *d = state;
	struct part *p = &d->parts[d->tab];
	struct strbuf sb = STRBUF_INIT;
	int row = 0, t, x;
	size_t i;

	(void)ui;
	if (d->v) {
		sb_addf(&sb, "%s  %s %s (%s)", d->v->reference_number,
			d->v->first_name ? d->v->first_name : "", d->v->last_name ? d->v->last_name : "",
			d->v->crn);
		/* the header is built from sanitised copies too */
		{
			char *s = text_sanitize(sb.buf, SAN_SINGLE_LINE);

			cv_textn(c, row++, c->linear ? 0 : 1, ROLE_HEADING, 0, s ? s : "", c->cols - 2);
			free(s);
		}
		sb_reset(&sb);
		sb_addf(&sb, "Status: %s. %s%s%s", d->v->state_words ? d->v->state_words : "",
			d->v->intervention_title ? d->v->intervention_title : "",
			d->v->provider_name ? ", " : "", d->v->provider_name ? d->v->provider_name : "");
		{
			char *s = text_sanitize(sb.buf, SAN_SINGLE_LINE);

			row += cv_wrap(c, row, c->linear ? 0 : 1, c->cols - 2, ROLE_NORMAL, s ? s : "");
			free(s);
		}
	}
	d->tab_row = row;
	if (c->linear) {
		sb_reset(&sb);
		tab_label(d, d->tab, &sb);
		cv_textf(c, row++, 0, ROLE_HEADING, "Part %d of %d: %s. Tab for the next part.",
			 d->tab + 1, TAB_COUNT, sb.buf);
	} else {
		x = 1;
		for (t = 0; t < TAB_COUNT; t++) {
			bool cur = (int)d->tab == t;

			sb_reset(&sb);
			if (cur)
				sb_addc(&sb, '[');
			tab_label(d, t, &sb);
			if (cur)
				sb_addc(&sb, ']');
			x += cv_text(c, row, x, cur ? ROLE_SELECTED : ROLE_NORMAL, sb.buf) + 1;
		}
		row++;
		cv_hline(c, row++, 0, c->cols, ROLE_BORDER);
	}
	free(d->rows);
	d->rows = calloc(p->n + 1, sizeof *d->rows);
	d->n_rows = d->rows ? p->n : 0;
	for (i = 0; i < p->n; i++) {
		if (!c->linear && p->v[i].kind == IT_HEADING && i > 0)
			row++;
		if (d->rows)
			d->rows[i] = row;
		row += draw_item(c, row, &p->v[i], i == p->sel);
	}
	sb_release(&sb);
}

static void switch_tab(struct rdetail *d, struct ui *ui, int t)
{
	d->tab = (enum tab)((t + TAB_COUNT) % TAB_COUNT);
	if (d->tab == TAB_RISK)
		load_risk(d, ui);
}

static void run_action(struct rdetail *d, struct ui *ui,
		       int (*open)(struct ui *, const struct referral_view *,
				   void (*)(struct ui *, void *), void *, struct strbuf *))
{
	struct strbuf err = STRBUF_INIT;

	if (open(ui, d->v, reloaded, d, &err) && err.len)
		ui_message(ui, true, "%s", err.buf);
	sb_release(&err);
}

static enum ui_result rd_key(void *state, struct ui *ui, const struct ui_event *ev)
{
	struct rdetail *d = state;
	struct part *p = &d->parts[d->tab];

	switch (ev->action) {
	case ACT_NEXT_FIELD:
	case ACT_NEXT_TAB:
	case ACT_RIGHT:
		switch_tab(d, ui, (int)d->tab + 1);
		return UI_REDRAW;
	case ACT_PREV_FIELD:
	case ACT_PREV_TAB:
	case ACT_LEFT:
		switch_tab(d, ui, (int)d->tab - 1);
		return UI_REDRAW;
	case ACT_UP:
		if (p->sel > 0)
			p->sel--;
		return UI_REDRAW;
	case ACT_DOWN:
		if (p->sel + 1 < p->n)
			p->sel++;
		return UI_REDRAW;
	case ACT_PAGE_UP:
		p->sel = p->sel > 8 ? p->sel - 8 : 0;
		return UI_REDRAW;
	case ACT_PAGE_DOWN:
		p->sel = p->n ? (p->sel + 8 < p->n ? p->sel + 8 : p->n - 1) : 0;
		return UI_REDRAW;
	case ACT_FIRST:
		p->sel = 0;
		return UI_REDRAW;
	case ACT_LAST:
		p->sel = p->n ? p->n - 1 : 0;
		return UI_REDRAW;
	case ACT_SELECT:
		/* the supplier's delivery of it (issue 7), for both sides */
		if (d->v && d->v->provider_name)
			supplier_referral_open(ui, d->id);
		return UI_REDRAW;
	case ACT_REFRESH:
		load(d, ui);
		if (d->risk_loaded) {
			referral_risk_release(&d->risk);
			free(d->risk_error);
			d->risk_error = NULL;
			d->risk_loaded = false;
		}
		build_all(d, ui);
		if (d->tab == TAB_RISK)
			load_risk(d, ui);
		return UI_REDRAW;
	case ACT_ADD_NOTE:
		if (!d->can_note) {
			ui_message(ui, true, "%s",
				   d->v && d->v->concluded_at
					   ? "this referral has ended; no more case notes can be added"
					   : "only the practitioner who sent this referral, or its "
					     "service provider, can add case notes");
			return UI_REDRAW;
		}
		run_action(d, ui, referral_case_note_open);
		return UI_REDRAW;
	case ACT_AMEND:
	case ACT_WITHDRAW:
		if (!d->can_amend) {
			ui_message(ui, true, "%s",
				   d->v && d->v->concluded_at
					   ? "this referral has ended and cannot be changed"
					   : "only the practitioner who sent this referral can change it");
			return UI_REDRAW;
		}
		run_action(d, ui, ev->action == ACT_AMEND ? referral_amend_open
							 : referral_withdraw_open);
		return UI_REDRAW;
	case ACT_SHOW_ORIGINAL:
		if (d->tab != TAB_RISK)
			switch_tab(d, ui, TAB_RISK);
		if (!d->risk.original_readable) {
			ui_message(ui, true, "%s",
				   "only the practitioner who sent the referral can see the original "
				   "OASys text");
			return UI_REDRAW;
		}
		d->show_original = !d->show_original;
		build_risk(d, ui);
		return UI_REDRAW;
	case ACT_NONE:
		if (ev->key >= '1' && ev->key < '1' + TAB_COUNT) {
			switch_tab(d, ui, ev->key - '1');
			return UI_REDRAW;
		}
		return UI_IGNORED;
	default:
		return UI_IGNORED;
	}
}

static bool rd_cursor(void *state, struct ui *ui, const struct ui_canvas *c, int *row, int *col)
{
	struct rdetail *d = state;
	struct part *p = &d->parts[d->tab];

	(void)ui;
	if (d->rows && p->sel < d->n_rows) {
		*row = d->rows[p->sel];
		*col = 2;
		return true;
	}
	*row = d->tab_row;
	*col = c->linear ? 0 : 1;
	return true;
}

static void rd_help(void *state, struct ui *ui, struct ui_help *h)
{
	struct rdetail *d = state;

	(void)ui;
	ui_help_action(h, ACT_NEXT_FIELD);
	ui_help_action(h, ACT_PREV_FIELD);
	ui_help_action(h, ACT_UP);
	ui_help_action(h, ACT_DOWN);
	if (d->v && d->v->provider_name)
		ui_help_action(h, ACT_SELECT);
	if (d->can_note)
		ui_help_action(h, ACT_ADD_NOTE);
	if (d->can_amend) {
		ui_help_action(h, ACT_AMEND);
		ui_help_action(h, ACT_WITHDRAW);
	}
	if (d->risk.original_readable || !d->risk_loaded)
		ui_help_action(h, ACT_SHOW_ORIGINAL);
	ui_help_action(h, ACT_REFRESH);
	ui_help_action(h, ACT_BACK);
}

static enum ui_result rd_resize(void *state, struct ui *ui, int rows, int cols)
{
	(void)state;
	(void)ui;
	(void)rows;
	(void)cols;
	return UI_REDRAW;
}

const struct screen_ops referral_detail_screen = {
	.name = "referral-detail",
	.title = "Referral",
	.section = SEC_REFERRAL_DETAIL,
	.enter = rd_enter,
	.leave = rd_leave,
	.draw = rd_draw,
	.key = rd_key,
	.resize = rd_resize,
	.place_cursor = rd_cursor,
	.help = rd_help,
	.title_of = rd_title,
};

int referral_detail_open(struct ui *ui, const char *referral_id, struct strbuf *err)
{
	struct referral_detail_arg a = {.id = referral_id};

	(void)err;
	/* enter() copies the id, so a stack arg is enough */
	return ui_push(ui, &referral_detail_screen, &a);
}
