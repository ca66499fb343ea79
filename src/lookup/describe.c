/* describe.c: a look-up as labelled text for a terminal (every upstream value
 * through text_sanitize) and as normalised JSON. */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lookup/lookup.h"
#include "util/sanitize.h"

#define LABEL_WIDTH 29

/* ---- text ---- */

struct out {
	struct strbuf *sb;
	int failed;
};

static void addf(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void addf(struct out *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (sb_vaddf(o->sb, fmt, ap))
		o->failed = 1;
	va_end(ap);
}

/* "  Label   value", label and value sanitised, its later lines indented under the
 * first; a label too long for the column goes on a line of its own.  CR LF
 * and a lone CR (OASys uses both) count as line ends.  Nothing when value is
 * NULL or empty. */
static void field(struct out *o, const char *label, const char *value)
{
	struct strbuf lf = STRBUF_INIT;
	bool indent = false;
	char *clean, *lab;
	const char *p;
	size_t n, i, w;

	if (!value || !*value)
		return;
	for (p = value; *p; p++) {
		if (*p == '\r') {
			if (p[1] == '\n')
				p++;
			if (sb_addc(&lf, '\n'))
				o->failed = 1;
		} else if (sb_addc(&lf, *p)) {
			o->failed = 1;
		}
	}
	clean = text_sanitize(lf.buf, SAN_KEEP_NEWLINES);
	sb_release(&lf);
	if (!clean) {
		o->failed = 1;
		return;
	}
	n = strlen(clean);
	while (n && (clean[n - 1] == '\n' || clean[n - 1] == ' '))
		n--;
	/* labels can come from upstream too (need names): sanitised, and
	 * padded by terminal width, not bytes */
	lab = text_sanitize(label, SAN_SINGLE_LINE);
	if (!lab) {
		o->failed = 1;
		free(clean);
		return;
	}
	w = text_width(lab);
	if (w > LABEL_WIDTH)
		addf(o, "  %s\n  %-*s ", lab, LABEL_WIDTH, "");
	else
		addf(o, "  %s%*s ", lab, (int)(LABEL_WIDTH - w), "");
	free(lab);
	for (i = 0; i < n; i++) {
		if (clean[i] == '\n') {
			indent = true; /* only before text: no spaces on blank lines */
			addf(o, "\n");
			continue;
		}
		if (indent)
			addf(o, "  %-*s ", LABEL_WIDTH, "");
		indent = false;
		if (sb_addc(o->sb, clean[i]))
			o->failed = 1;
	}
	addf(o, "\n");
	free(clean);
}

static void field_bool(struct out *o, const char *label, bool has, bool v)
{
	if (has)
		field(o, label, v ? "Yes" : "No");
}

static void age_text(struct strbuf *sb, time_t when)
{
	long s = (long)difftime(time(NULL), when);

	if (s < 60)
		sb_adds(sb, "just now");
	else if (s < 3600)
		sb_addf(sb, "%ld min ago", s / 60);
	else if (s < 86400)
		sb_addf(sb, "%ld h %ld min ago", s / 3600, (s % 3600) / 60);
	else
		sb_addf(sb, "%ld days ago", s / 86400);
}

static void clock_text(struct strbuf *sb, time_t when)
{
	struct tm tm, today;
	time_t now = time(NULL);
	char buf[64];

	localtime_r(&when, &tm);
	localtime_r(&now, &today);
	if (tm.tm_yday == today.tm_yday && tm.tm_year == today.tm_year)
		strftime(buf, sizeof buf, "%H:%M:%S", &tm);
	else
		strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
	sb_adds(sb, buf);
}

static void status_line(struct out *o, const struct person_lookup *p, enum lookup_service svc)
{
	const struct lookup_service_status *st = &p->service[svc];
	const char *name = lookup_service_name(svc);
	struct strbuf line = STRBUF_INIT;
	char *clean;

	switch (st->outcome) {
	case LOOKUP_NOT_ASKED:
		sb_addf(&line, "%s: not asked", name);
		break;
	case LOOKUP_OK:
		sb_addf(&line, "%s: found", name);
		if (st->from_cache) {
			sb_adds(&line, " (from the cache, fetched ");
			age_text(&line, st->fetched_at);
			sb_adds(&line, ")");
		}
		break;
	case LOOKUP_NOT_FOUND:
		if (svc == LOOKUP_NDELIUS)
			sb_addf(&line, "No person with CRN %s in nDelius", p->crn);
		else
			sb_addf(&line, "OASys: no assessment for CRN %s", p->crn);
		break;
	case LOOKUP_UNAVAILABLE:
	case LOOKUP_MALFORMED:
		sb_addf(&line, "%s: %s since ", name,
			st->outcome == LOOKUP_UNAVAILABLE ? "unavailable" : "unreadable");
		clock_text(&line, st->since);
		sb_addf(&line, ": %s", st->reason ? st->reason : "no answer");
		if (st->fetched_at) {
			sb_adds(&line, ". Showing what was fetched ");
			age_text(&line, st->fetched_at);
		} else {
			sb_adds(&line, ". Nothing is held from it; type these details by hand");
		}
		break;
	}
	clean = text_sanitize(line.buf, SAN_SINGLE_LINE);
	if (clean)
		addf(o, "%s\n", clean);
	else
		o->failed = 1;
	free(clean);
	sb_release(&line);
}

static void heading(struct out *o, const char *title, const char *assessed)
{
	char *clean = assessed ? text_sanitize(assessed, SAN_SINGLE_LINE) : NULL;

	if (clean && *clean)
		addf(o, "\n%s (assessed %s)\n", title, clean);
	else
		addf(o, "\n%s\n", title);
	free(clean);
}

static void describe_case(struct out *o, const struct ndelius_case *c)
{
	struct strbuf tmp = STRBUF_INIT;
	size_t i;

	heading(o, "Person", NULL);
	field(o, "CRN", c->crn);
	field(o, "Title", c->title);
	field(o, "Name", c->full_name);
	field(o, "First name", c->forename);
	field(o, "Middle names", c->middle_name);
	field(o, "Last name", c->surname);
	field(o, "Date of birth", c->date_of_birth);
	field(o, "Sex", c->sex);
	field(o, "Gender identity", c->gender_identity);
	field(o, "Ethnicity", c->ethnicity);
	field(o, "Nationality", c->nationality);
	field(o, "Preferred language", c->language);
	field_bool(o, "Interpreter needed", c->has_interpreter, c->interpreter_required);
	field(o, "Religion or belief", c->religion);
	for (i = 0; i < c->n_disabilities; i++) {
		const struct ndelius_period_note *d = &c->disabilities[i];

		sb_reset(&tmp);
		sb_adds(&tmp, d->type ? d->type : "(type not given)");
		if (d->start)
			sb_addf(&tmp, ", from %s", d->start);
		if (d->end)
			sb_addf(&tmp, " to %s", d->end);
		if (d->notes && *d->notes)
			sb_addf(&tmp, "\n%s", d->notes);
		field(o, "Disability", tmp.buf);
	}
	for (i = 0; i < c->n_adjustments; i++) {
		const struct ndelius_period_note *d = &c->adjustments[i];

		sb_reset(&tmp);
		sb_adds(&tmp, d->type ? d->type : "(type not given)");
		if (d->notes && *d->notes)
			sb_addf(&tmp, "\n%s", d->notes);
		field(o, "Reasonable adjustment", tmp.buf);
	}
	field_bool(o, "No fixed abode", c->has_no_fixed_abode, c->no_fixed_abode);
	for (i = 0; i < c->n_addresses; i++) {
		const struct ndelius_address *a = &c->addresses[i];
		const char *parts[] = {a->building_name, a->building_number, a->street_name,
				       a->district, a->town, a->county, a->postcode};
		size_t k;

		sb_reset(&tmp);
		for (k = 0; k < sizeof parts / sizeof parts[0]; k++) {
			if (!parts[k] || !*parts[k])
				continue;
			if (tmp.len)
				sb_adds(&tmp, k == 2 && parts[1] && *parts[1] ? " " : "\n");
			sb_adds(&tmp, parts[k]);
		}
		field(o, a->main ? "Main address" : "Other address", tmp.buf);
	}
	field(o, "Email address", c->email);
	field(o, "Phone number", c->phone);
	field(o, "Mobile number", c->mobile);
	sb_release(&tmp);
}

static void describe_manager(struct out *o, const char *title, const struct ndelius_manager *m)
{
	struct strbuf name = STRBUF_INIT;

	heading(o, title, NULL);
	if (m->forename)
		sb_adds(&name, m->forename);
	if (m->surname)
		sb_addf(&name, "%s%s", name.len ? " " : "", m->surname);
	field(o, "Name", name.buf);
	field_bool(o, "Unallocated", m->has_unallocated && m->unallocated, true);
	field(o, "Email address", m->email);
	field(o, "Phone number", m->phone);
	field(o, "Team", m->team);
	field(o, "Team email address", m->team_email);
	field(o, "Team phone number", m->team_phone);
	field(o, "PDU (Probation Delivery Unit)", m->pdu);
	sb_release(&name);
}

static void describe_convictions(struct out *o, const struct ndelius_convictions *cv)
{
	struct strbuf tmp = STRBUF_INIT, label = STRBUF_INIT;
	size_t i, k;

	heading(o, "Sentences", NULL);
	if (!cv->n)
		addf(o, "  None recorded\n");
	for (i = 0; i < cv->n; i++) {
		const struct ndelius_conviction *c = &cv->items[i];

		sb_reset(&label);
		sb_addf(&label, "Sentence %zu", i + 1);
		sb_reset(&tmp);
		sb_adds(&tmp, c->sentence ? c->sentence : "(no description)");
		if (c->sentence_end)
			sb_addf(&tmp, ", expected to end %s", c->sentence_end);
		if (c->has_active)
			sb_adds(&tmp, c->active ? " (active)" : " (ended)");
		field(o, label.buf, tmp.buf);
		sb_reset(&tmp);
		if (c->offence_category)
			sb_adds(&tmp, c->offence_category);
		if (c->offence_subcategory)
			sb_addf(&tmp, "%s%s", tmp.len ? " / " : "", c->offence_subcategory);
		field(o, "  Main offence", tmp.buf);
		field(o, "  Conviction date", c->date);
		if (c->has_id) {
			sb_reset(&tmp);
			sb_addf(&tmp, "%lld", c->id);
			field(o, "  nDelius event id", tmp.buf);
		}
		for (k = 0; k < c->n_requirements; k++) {
			const struct ndelius_requirement *q = &c->requirements[k];

			sb_reset(&tmp);
			sb_adds(&tmp, q->category ? q->category : "(no category)");
			if (q->sub_category)
				sb_addf(&tmp, " / %s", q->sub_category);
			if (q->length)
				sb_addf(&tmp, ", %s", q->length);
			if (q->start)
				sb_addf(&tmp, ", from %s", q->start);
			if (q->end)
				sb_addf(&tmp, " to %s", q->end);
			field(o, "  Requirement", tmp.buf);
		}
	}
	sb_release(&tmp);
	sb_release(&label);
}

static void levels_line(struct out *o, const char *label, const enum rosh_level *lv)
{
	struct strbuf sb = STRBUF_INIT;
	int l, g;

	for (l = ROSH_VERY_HIGH; l >= ROSH_LOW; l--) {
		bool here = false;

		for (g = 0; g < ROSH_GROUP_COUNT; g++) {
			if (lv[g] != (enum rosh_level)l)
				continue;
			if (!here)
				sb_addf(&sb, "%s%s: ", sb.len ? "; " : "", rosh_level_label(l));
			else
				sb_adds(&sb, ", ");
			sb_adds(&sb, rosh_group_label((enum rosh_group)g));
			here = true;
		}
	}
	field(o, label, sb.buf);
	sb_release(&sb);
}

static void describe_rosh(struct out *o, const struct oasys_rosh *r)
{
	heading(o, "Risk of serious harm (RoSH)", r->assessed_on);
	field(o, "Overall", rosh_level_label(r->overall));
	levels_line(o, "In the community", r->community);
	levels_line(o, "In custody", r->custody);
	field(o, "Who is at risk", r->who_is_at_risk);
	field(o, "Nature of risk", r->nature_of_risk);
	field(o, "When risk is greatest", r->risk_imminence);
	field(o, "Likely to increase risk", r->risk_increase_factors);
	field(o, "Likely to reduce risk", r->risk_mitigation_factors);
	field(o, "Analysis of risk factors", r->analysis_of_risk_factors);
}

static void concern(struct out *o, const char *label, const struct oasys_concern *c)
{
	struct strbuf sb = STRBUF_INIT;

	if (c->current)
		sb_addf(&sb, "current: %s", c->current);
	if (c->previous)
		sb_addf(&sb, "%sprevious: %s", sb.len ? ", " : "", c->previous);
	if (c->risk)
		sb_addf(&sb, "%srisk: %s", sb.len ? ", " : "", c->risk);
	if (c->current_text)
		sb_addf(&sb, "%s%s", sb.len ? "\n" : "", c->current_text);
	if (c->previous_text)
		sb_addf(&sb, "%sPreviously: %s", sb.len ? "\n" : "", c->previous_text);
	field(o, label, sb.buf);
	sb_release(&sb);
}

static void describe_rts(struct out *o, const struct oasys_risk_to_self *r)
{
	heading(o, "Risk to self", r->assessed_on);
	concern(o, "Suicide", &r->suicide);
	concern(o, "Self-harm", &r->self_harm);
	concern(o, "Coping in custody", &r->custody);
	concern(o, "Coping in a hostel", &r->hostel_setting);
	concern(o, "Vulnerability", &r->vulnerability);
}

static void describe_rmp(struct out *o, const struct oasys_rmp *r)
{
	heading(o, "Risk management plan", r->assessed_on);
	field(o, "Key information", r->key_information);
	field(o, "Further considerations", r->further_considerations);
	field(o, "Supervision", r->supervision);
	field(o, "Monitoring and control", r->monitoring_and_control);
	field(o, "Interventions and treatment", r->interventions_and_treatment);
	field(o, "Victim safety planning", r->victim_safety_planning);
	field(o, "Contingency plans", r->contingency_plans);
	field(o, "Additional comments", r->additional_comments);
}

static void describe_needs(struct out *o, const struct oasys_needs *nd)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	heading(o, "Criminogenic needs", nd->assessed_on);
	for (i = 0; i < nd->n; i++) {
		const struct oasys_need *n = &nd->items[i];

		sb_reset(&sb);
		if (n->has_score)
			sb_addf(&sb, "score %lld", n->score);
		if (n->has_threshold)
			sb_addf(&sb, "%sthreshold %lld", sb.len ? " of " : "", n->threshold);
		if (n->severity)
			sb_addf(&sb, "%s%s", sb.len ? ", " : "", n->severity);
		if (n->has_identified)
			sb_addf(&sb, "%s%s", sb.len ? ", " : "",
				n->identified ? "identified as a need" : "not a need");
		if (n->has_risk_of_harm && n->risk_of_harm)
			sb_addf(&sb, "%slinked to harm", sb.len ? ", " : "");
		if (n->has_risk_of_reoffending && n->risk_of_reoffending)
			sb_addf(&sb, "%slinked to reoffending", sb.len ? ", " : "");
		if (!sb.len)
			sb_adds(&sb, "not answered");
		field(o, n->name ? n->name : n->section ? n->section : "(unnamed)", sb.buf);
	}
	sb_release(&sb);
}

static void score_line(struct out *o, const char *label, const struct oasys_score *s)
{
	struct strbuf sb = STRBUF_INIT;

	if (s->has_two_years)
		sb_addf(&sb, "%g%% over 2 years", s->two_years);
	if (s->has_one_year)
		sb_addf(&sb, "%s%g%% over 1 year", sb.len ? ", " : "", s->one_year);
	if (s->has_percentage)
		sb_addf(&sb, "%s%g%%", sb.len ? ", " : "", s->percentage);
	if (s->level)
		sb_addf(&sb, "%s%s", sb.len ? ", " : "", s->level);
	field(o, label, sb.buf);
	sb_release(&sb);
}

static void describe_predictors(struct out *o, const struct oasys_predictors *p)
{
	heading(o, "Predictor scores", p->assessed_on);
	field(o, "Status", p->status);
	score_line(o, "OGRS3 (reconviction)", &p->ogrs);
	score_line(o, "OVP (violence)", &p->ovp);
	score_line(o, "OGP (general)", &p->ogp);
	score_line(o, "RSR (serious recidivism)", &p->rsr);
	score_line(o, "OSP-C (contact sexual)", &p->osp_contact);
	score_line(o, "OSP-I (indecent images)", &p->osp_indecent);
}

int lookup_person_describe(const struct person_lookup *p, struct strbuf *sb)
{
	struct out o = {sb, 0};

	addf(&o, "CRN %s\n", p->crn);
	status_line(&o, p, LOOKUP_NDELIUS);
	status_line(&o, p, LOOKUP_OASYS);
	if (p->details)
		describe_case(&o, p->details);
	if (p->officer && p->officer->has_community)
		describe_manager(&o, "Responsible officer (community manager)", &p->officer->community);
	if (p->officer && p->officer->has_prison)
		describe_manager(&o, "Prison manager", &p->officer->prison);
	if (p->convictions)
		describe_convictions(&o, p->convictions);
	if (p->rosh)
		describe_rosh(&o, p->rosh);
	if (p->risk_to_self)
		describe_rts(&o, p->risk_to_self);
	if (p->rmp)
		describe_rmp(&o, p->rmp);
	if (p->needs)
		describe_needs(&o, p->needs);
	if (p->predictors)
		describe_predictors(&o, p->predictors);
	if (p->pni) {
		int it, n = 0;

		heading(&o, "Programme needs identifier (PNI) answers", NULL);
		field(&o, "Pathway (OASys)", p->pni->pathway);
		for (it = 0; it < PNI_ITEM_COUNT; it++)
			if (p->pni->item[it] == PNI_ANSWER_MISSING) {
				field(&o, "Not answered",
				      pni_input_label(it));
				n++;
			}
	}
	return o.failed ? -1 : 0;
}

/* ---- JSON ---- */

static json_t *jstr(const char *s)
{
	json_t *v = s ? json_string(s) : NULL;

	return v ? v : json_null();
}

static json_t *jbool(bool has, bool v)
{
	return has ? json_boolean(v) : json_null();
}

static json_t *jint(bool has, long long v)
{
	return has ? json_integer((json_int_t)v) : json_null();
}

static json_t *jreal(bool has, double v)
{
	return has ? json_real(v) : json_null();
}

static json_t *jtime(time_t t)
{
	struct tm tm;
	char buf[32];

	if (!t || !gmtime_r(&t, &tm))
		return json_null();
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return json_string(buf);
}

static void set(json_t *o, const char *key, json_t *v)
{
	json_object_set_new(o, key, v ? v : json_null());
}

static json_t *notes_json(const struct ndelius_period_note *n, size_t count)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < count; i++) {
		json_t *o = json_object();

		set(o, "type", jstr(n[i].type));
		set(o, "start", jstr(n[i].start));
		set(o, "end", jstr(n[i].end));
		set(o, "notes", jstr(n[i].notes));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *case_json(const struct ndelius_case *c)
{
	json_t *o = json_object(), *name = json_object(), *addrs = json_array();
	size_t i;

	set(o, "crn", jstr(c->crn));
	set(o, "title", jstr(c->title));
	set(name, "forename", jstr(c->forename));
	set(name, "middleName", jstr(c->middle_name));
	set(name, "surname", jstr(c->surname));
	set(name, "full", jstr(c->full_name));
	set(o, "name", name);
	set(o, "dateOfBirth", jstr(c->date_of_birth));
	set(o, "sex", jstr(c->sex));
	set(o, "genderIdentity", jstr(c->gender_identity));
	set(o, "ethnicity", jstr(c->ethnicity));
	set(o, "nationality", jstr(c->nationality));
	set(o, "language", jstr(c->language));
	set(o, "interpreterRequired", jbool(c->has_interpreter, c->interpreter_required));
	set(o, "religion", jstr(c->religion));
	set(o, "disabilities", notes_json(c->disabilities, c->n_disabilities));
	set(o, "adjustments", notes_json(c->adjustments, c->n_adjustments));
	set(o, "noFixedAbode", jbool(c->has_no_fixed_abode, c->no_fixed_abode));
	for (i = 0; i < c->n_addresses; i++) {
		const struct ndelius_address *a = &c->addresses[i];
		json_t *ao = json_object();

		set(ao, "main", json_boolean(a->main));
		set(ao, "buildingName", jstr(a->building_name));
		set(ao, "buildingNumber", jstr(a->building_number));
		set(ao, "streetName", jstr(a->street_name));
		set(ao, "district", jstr(a->district));
		set(ao, "town", jstr(a->town));
		set(ao, "county", jstr(a->county));
		set(ao, "postcode", jstr(a->postcode));
		json_array_append_new(addrs, ao);
	}
	set(o, "addresses", addrs);
	set(o, "email", jstr(c->email));
	set(o, "phone", jstr(c->phone));
	set(o, "mobile", jstr(c->mobile));
	return o;
}

static json_t *manager_json(bool has, const struct ndelius_manager *m)
{
	json_t *o;

	if (!has)
		return json_null();
	o = json_object();
	set(o, "code", jstr(m->code));
	set(o, "forename", jstr(m->forename));
	set(o, "surname", jstr(m->surname));
	set(o, "username", jstr(m->username));
	set(o, "email", jstr(m->email));
	set(o, "phone", jstr(m->phone));
	set(o, "team", jstr(m->team));
	set(o, "teamCode", jstr(m->team_code));
	set(o, "teamEmail", jstr(m->team_email));
	set(o, "teamPhone", jstr(m->team_phone));
	set(o, "pdu", jstr(m->pdu));
	set(o, "pduCode", jstr(m->pdu_code));
	set(o, "unallocated", jbool(m->has_unallocated, m->unallocated));
	set(o, "responsibleOfficer", jbool(m->has_responsible_officer, m->responsible_officer));
	return o;
}

static json_t *convictions_json(const struct ndelius_convictions *cv)
{
	json_t *a = json_array();
	size_t i, k;

	for (i = 0; i < cv->n; i++) {
		const struct ndelius_conviction *c = &cv->items[i];
		json_t *o = json_object(), *reqs = json_array();

		set(o, "id", jint(c->has_id, c->id));
		set(o, "date", jstr(c->date));
		set(o, "sentence", jstr(c->sentence));
		set(o, "sentenceEndDate", jstr(c->sentence_end));
		set(o, "offence", jstr(c->offence_category));
		set(o, "offenceSubcategory", jstr(c->offence_subcategory));
		set(o, "active", jbool(c->has_active, c->active));
		for (k = 0; k < c->n_requirements; k++) {
			const struct ndelius_requirement *q = &c->requirements[k];
			json_t *qo = json_object();

			set(qo, "id", jint(q->has_id, q->id));
			set(qo, "category", jstr(q->category));
			set(qo, "subCategory", jstr(q->sub_category));
			set(qo, "length", jstr(q->length));
			set(qo, "start", jstr(q->start));
			set(qo, "end", jstr(q->end));
			json_array_append_new(reqs, qo);
		}
		set(o, "requirements", reqs);
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *levels_json(const enum rosh_level *lv)
{
	static const char *const keys[ROSH_GROUP_COUNT] = {"children", "public", "knownAdult",
							   "staff", "prisoners"};
	json_t *o = json_object();
	int g;

	for (g = 0; g < ROSH_GROUP_COUNT; g++)
		set(o, keys[g], lv[g] ? json_string(rosh_level_code(lv[g])) : json_null());
	return o;
}

static json_t *rosh_json(const struct oasys_rosh *r)
{
	json_t *o = json_object();

	set(o, "assessedOn", jstr(r->assessed_on));
	set(o, "overall", r->overall ? json_string(rosh_level_code(r->overall)) : json_null());
	set(o, "riskInCommunity", levels_json(r->community));
	set(o, "riskInCustody", levels_json(r->custody));
	set(o, "whoIsAtRisk", jstr(r->who_is_at_risk));
	set(o, "natureOfRisk", jstr(r->nature_of_risk));
	set(o, "riskImminence", jstr(r->risk_imminence));
	set(o, "riskIncreaseFactors", jstr(r->risk_increase_factors));
	set(o, "riskMitigationFactors", jstr(r->risk_mitigation_factors));
	set(o, "analysisOfRiskFactors", jstr(r->analysis_of_risk_factors));
	return o;
}

static json_t *concern_json(const struct oasys_concern *c)
{
	json_t *o = json_object();

	set(o, "risk", jstr(c->risk));
	set(o, "previous", jstr(c->previous));
	set(o, "previousConcernsText", jstr(c->previous_text));
	set(o, "current", jstr(c->current));
	set(o, "currentConcernsText", jstr(c->current_text));
	return o;
}

static json_t *rts_json(const struct oasys_risk_to_self *r)
{
	json_t *o = json_object();

	set(o, "assessedOn", jstr(r->assessed_on));
	set(o, "suicide", concern_json(&r->suicide));
	set(o, "selfHarm", concern_json(&r->self_harm));
	set(o, "custody", concern_json(&r->custody));
	set(o, "hostelSetting", concern_json(&r->hostel_setting));
	set(o, "vulnerability", concern_json(&r->vulnerability));
	return o;
}

static json_t *rmp_json(const struct oasys_rmp *r)
{
	json_t *o = json_object();

	set(o, "assessedOn", jstr(r->assessed_on));
	set(o, "keyInformation", jstr(r->key_information));
	set(o, "furtherConsiderations", jstr(r->further_considerations));
	set(o, "supervision", jstr(r->supervision));
	set(o, "monitoringAndControl", jstr(r->monitoring_and_control));
	set(o, "interventionsAndTreatment", jstr(r->interventions_and_treatment));
	set(o, "victimSafetyPlanning", jstr(r->victim_safety_planning));
	set(o, "contingencyPlans", jstr(r->contingency_plans));
	set(o, "additionalComments", jstr(r->additional_comments));
	return o;
}

static json_t *needs_json(const struct oasys_needs *nd)
{
	json_t *o = json_object(), *a = json_array();
	size_t i;

	for (i = 0; i < nd->n; i++) {
		const struct oasys_need *n = &nd->items[i];
		json_t *no = json_object();

		set(no, "section", jstr(n->section));
		set(no, "name", jstr(n->name));
		set(no, "score", jint(n->has_score, n->score));
		set(no, "threshold", jint(n->has_threshold, n->threshold));
		set(no, "severity", jstr(n->severity));
		set(no, "identified", jbool(n->has_identified, n->identified));
		set(no, "riskOfHarm", jbool(n->has_risk_of_harm, n->risk_of_harm));
		set(no, "riskOfReoffending", jbool(n->has_risk_of_reoffending, n->risk_of_reoffending));
		json_array_append_new(a, no);
	}
	set(o, "assessedOn", jstr(nd->assessed_on));
	set(o, "needs", a);
	return o;
}

static json_t *score_json(const struct oasys_score *s)
{
	json_t *o = json_object();

	set(o, "oneYear", jreal(s->has_one_year, s->one_year));
	set(o, "twoYears", jreal(s->has_two_years, s->two_years));
	set(o, "percentage", jreal(s->has_percentage, s->percentage));
	set(o, "level", jstr(s->level));
	return o;
}

static json_t *predictors_json(const struct oasys_predictors *p)
{
	json_t *o = json_object();

	set(o, "assessedOn", jstr(p->assessed_on));
	set(o, "status", jstr(p->status));
	set(o, "ogrs", score_json(&p->ogrs));
	set(o, "ovp", score_json(&p->ovp));
	set(o, "ogp", score_json(&p->ogp));
	set(o, "rsr", score_json(&p->rsr));
	set(o, "ospContact", score_json(&p->osp_contact));
	set(o, "ospIndecent", score_json(&p->osp_indecent));
	return o;
}

static const char *answer_name(enum pni_answer a)
{
	static const char *const names[] = {"MISSING", "NONE", "SOME", "SIGNIFICANT"};

	return (unsigned)a < 4 ? names[a] : "MISSING";
}

static json_t *sara_json(enum pni_sara s)
{
	static const char *const names[] = {NULL, "NOT_APPLICABLE", "LOW", "MEDIUM", "HIGH"};

	return (unsigned)s < 5 && names[s] ? json_string(names[s]) : json_null();
}

static json_t *pni_json(const struct oasys_pni *p)
{
	json_t *o = json_object(), *q = json_object(), *mf = json_array();
	size_t i;
	int it;

	set(o, "assessmentId", p->has_assessment_id ? json_integer(p->assessment_id) : json_null());
	for (it = 0; it < PNI_ITEM_COUNT; it++)
		set(q, pni_item_key((enum pni_item)it), json_string(answer_name(p->item[it])));
	set(o, "questions", q);
	set(o, "saraToPartner", sara_json(p->sara_partner));
	set(o, "saraToOther", sara_json(p->sara_other));
	set(o, "rsrPercentage", jreal(p->has_rsr, p->rsr));
	set(o, "ogrs3Risk", jstr(p->ogrs3_risk));
	set(o, "ovpRisk", jstr(p->ovp_risk));
	set(o, "pni", jstr(p->pathway));
	set(o, "needLevel", jstr(p->need_level));
	set(o, "riskLevel", jstr(p->risk_level));
	for (i = 0; i < p->n_missing_fields; i++)
		json_array_append_new(mf, jstr(p->missing_fields[i]));
	set(o, "missingFields", mf);
	return o;
}

static json_t *service_json(const struct person_lookup *p, enum lookup_service svc)
{
	const struct lookup_service_status *st = &p->service[svc];
	json_t *o = json_object(), *eps = json_object();
	int e;

	set(o, "status", json_string(lookup_outcome_name(st->outcome)));
	set(o, "reason", jstr(st->reason));
	set(o, "since", st->since ? jtime(st->since) : json_null());
	set(o, "fromCache", json_boolean(st->from_cache));
	set(o, "stale", json_boolean(st->stale));
	set(o, "fetchedAt", jtime(st->fetched_at));
	for (e = 0; e < LOOKUP_ENDPOINT_COUNT; e++) {
		const struct lookup_source *s = &p->source[e];
		json_t *so;

		if (lookup_endpoint_service((enum lookup_endpoint)e) != svc)
			continue;
		so = json_object();
		set(so, "status", json_string(lookup_outcome_name(s->outcome)));
		set(so, "httpStatus", s->http_status ? json_integer(s->http_status) : json_null());
		set(so, "attempts", json_integer(s->attempts));
		set(so, "fromCache", json_boolean(s->from_cache));
		set(so, "stale", json_boolean(s->stale));
		set(so, "fetchedAt", jtime(s->fetched_at));
		set(so, "reason", jstr(s->reason));
		set(eps, lookup_endpoint_key((enum lookup_endpoint)e), so);
	}
	set(o, "endpoints", eps);
	return o;
}

char *lookup_person_json(const struct person_lookup *p, bool ascii)
{
	json_t *root = json_object(), *nd, *oa;
	char *text;

	set(root, "crn", json_string(p->crn));
	nd = service_json(p, LOOKUP_NDELIUS);
	set(nd, "details", p->details ? case_json(p->details) : json_null());
	set(nd, "responsibleOfficer",
	    p->officer ? manager_json(p->officer->has_community, &p->officer->community) : json_null());
	set(nd, "prisonManager",
	    p->officer ? manager_json(p->officer->has_prison, &p->officer->prison) : json_null());
	set(nd, "convictions", p->convictions ? convictions_json(p->convictions) : json_null());
	set(root, "ndelius", nd);
	oa = service_json(p, LOOKUP_OASYS);
	set(oa, "rosh", p->rosh ? rosh_json(p->rosh) : json_null());
	set(oa, "riskToSelf", p->risk_to_self ? rts_json(p->risk_to_self) : json_null());
	set(oa, "riskManagementPlan", p->rmp ? rmp_json(p->rmp) : json_null());
	set(oa, "needs", p->needs ? needs_json(p->needs) : json_null());
	set(oa, "predictors", p->predictors ? predictors_json(p->predictors) : json_null());
	set(oa, "pni", p->pni ? pni_json(p->pni) : json_null());
	set(root, "oasys", oa);
	set(root, "httpRequests", json_integer(p->http_requests));
	set(root, "seconds", json_real(p->seconds));
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
					(ascii ? JSON_ENSURE_ASCII : 0));
	json_decref(root);
	return text;
}
