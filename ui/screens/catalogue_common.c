/* catalogue_common.c: the context the catalogue screens share (see
 * catalogue_internal.h): sanitised names, the person from a look-up with
 * their PNI and verdicts, marks, and the one-line text field. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/lines.h"
#include "ui/screens/catalogue_internal.h"
#include "util/sanitize.h"

/* ---------------------------------------------------------------- field */

void cat_field_init(struct cat_field *f, const char *text)
{
	sb_init(&f->text);
	f->cur = 0;
	cat_field_set(f, text);
}

void cat_field_release(struct cat_field *f)
{
	sb_release(&f->text);
	f->cur = 0;
}

void cat_field_set(struct cat_field *f, const char *text)
{
	sb_reset(&f->text);
	if (text)
		sb_adds(&f->text, text);
	f->cur = f->text.len;
}

static size_t prev_char(const char *s, size_t at)
{
	while (at > 0) {
		at--;
		if (((unsigned char)s[at] & 0xc0) != 0x80)
			break;
	}
	return at;
}

static size_t next_char(const char *s, size_t len, size_t at)
{
	if (at >= len)
		return len;
	at++;
	while (at < len && ((unsigned char)s[at] & 0xc0) == 0x80)
		at++;
	return at;
}

bool cat_field_key(struct cat_field *f, const struct ui_event *ev, bool *changed)
{
	struct strbuf *t = &f->text;
	ui_key k = ev->key;

	*changed = false;
	if (ui_key_is_text(k)) {
		struct strbuf ch = STRBUF_INIT, rest = STRBUF_INIT;

		if (utf8_encode(&ch, (unsigned)k) || sb_adds(&rest, t->buf + f->cur)) {
			sb_release(&ch);
			sb_release(&rest);
			return true;
		}
		sb_setlen(t, f->cur);
		sb_add(t, ch.buf, ch.len);
		sb_add(t, rest.buf, rest.len);
		f->cur += ch.len;
		sb_release(&ch);
		sb_release(&rest);
		*changed = true;
		return true;
	}
	switch (k) {
	case UIK_BACKSPACE:
	case 0x7f:
	case UIK_CTRL('h'):
		if (f->cur > 0) {
			size_t p = prev_char(t->buf, f->cur);

			memmove(t->buf + p, t->buf + f->cur, t->len - f->cur + 1);
			t->len -= f->cur - p;
			f->cur = p;
			*changed = true;
		}
		return true;
	case UIK_DELETE:
		if (f->cur < t->len) {
			size_t n = next_char(t->buf, t->len, f->cur);

			memmove(t->buf + f->cur, t->buf + n, t->len - n + 1);
			t->len -= n - f->cur;
			*changed = true;
		}
		return true;
	case UIK_LEFT:
		f->cur = prev_char(t->buf, f->cur);
		return true;
	case UIK_RIGHT:
		f->cur = next_char(t->buf, t->len, f->cur);
		return true;
	case UIK_HOME:
	case UIK_CTRL('a'):
		f->cur = 0;
		return true;
	case UIK_END:
	case UIK_CTRL('e'):
		f->cur = t->len;
		return true;
	case UIK_CTRL('u'):
		*changed = t->len > 0;
		sb_reset(t);
		f->cur = 0;
		return true;
	default:
		return false;
	}
}

int cat_field_draw(const struct cat_field *f, struct ui_canvas *c, int row, int col, int w,
		   const char *label, bool focused)
{
	struct strbuf before = STRBUF_INIT;
	const char *shown = f->text.buf ? f->text.buf : "";
	int x = col, lw = 0, avail, cw;

	if (label)
		lw = cv_text(c, row, x, ROLE_LABEL, label);
	x += lw;
	avail = w - lw;
	if (avail < 4)
		avail = 4;
	sb_add(&before, shown, f->cur);
	cw = (int)text_width(before.buf ? before.buf : "");
	/* scroll so the cursor shows: drop characters from the front */
	while (cw >= avail && *shown) {
		size_t n = next_char(shown, strlen(shown), 0);

		shown += n;
		sb_reset(&before);
		sb_add(&before, shown,
		       f->cur >= (size_t)(shown - f->text.buf)
			   ? f->cur - (size_t)(shown - f->text.buf)
			   : 0);
		cw = (int)text_width(before.buf ? before.buf : "");
	}
	if (!c->linear)
		cv_fill(c, row, x, avail, focused ? ROLE_FOCUS : ROLE_VALUE);
	cv_textn(c, row, x, focused ? ROLE_FOCUS : ROLE_VALUE, 0, shown, avail);
	sb_release(&before);
	return x + cw;
}

/* ---------------------------------------------------------------- lines */

int cat_lines_linear(struct ui_lines *l, struct ui_canvas *c, int *focus_row)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int row = 0;

	*focus_row = 0;
	if (l->focus >= l->n)
		l->focus = l->n ? l->n - 1 : 0;
	for (i = 0; i < l->n; i++) {
		const struct ui_line *ln = &l->v[i];

		sb_reset(&sb);
		if (ln->key && *ln->key)
			sb_addf(&sb, "%s: ", ln->key);
		sb_adds(&sb, ln->text ? ln->text : "");
		if (i == l->focus)
			*focus_row = row;
		if (!sb.len) /* blank separators are not read out */
			continue;
		row +=
		    cv_wrap(c, row, 0, c->cols, i == l->focus ? ROLE_SELECTED : ln->role, sb.buf);
	}
	sb_release(&sb);
	return row;
}

/* ---------------------------------------------------------------- names */

const char *cat_type_short(enum cat_type t)
{
	return cat_type_json(t);
}

static void free_strings(char **v, size_t n)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int cat_ctx_init(struct cat_ctx *x, struct catalogue *cat)
{
	size_t i;

	memset(x, 0, sizeof *x);
	x->cat = cat;
	x->n = cat_count(cat);
	x->names = calloc(x->n ? x->n : 1, sizeof *x->names);
	x->descs = calloc(x->n ? x->n : 1, sizeof *x->descs);
	if (!x->names || !x->descs)
		goto nomem;
	for (i = 0; i < x->n; i++) {
		const struct cat_def *d = cat_entry(cat, i);

		x->names[i] = text_sanitize(d->name ? d->name : "(no name)", SAN_SINGLE_LINE);
		x->descs[i] = text_sanitize(d->short_description    ? d->short_description
					    : d->n_long_description ? d->long_description[0]
								    : d->topic,
					    SAN_SINGLE_LINE);
		if (!x->names[i] || !x->descs[i])
			goto nomem;
	}
	return 0;
nomem:
	cat_ctx_release(x);
	return -1;
}

void cat_ctx_clear_person(struct cat_ctx *x)
{
	free_strings(x->why, x->n);
	x->why = NULL;
	free(x->elig);
	x->elig = NULL;
	free(x->person_line);
	x->person_line = NULL;
	free(x->person_problem);
	x->person_problem = NULL;
	if (x->has_pni)
		pni_result_release(&x->pni);
	memset(&x->pni, 0, sizeof x->pni);
	memset(&x->pni_in, 0, sizeof x->pni_in);
	memset(&x->person, 0, sizeof x->person);
	x->has_pni = false;
	x->has_person = false;
	x->has_crn = false;
	x->loading = false;
	x->crn[0] = '\0';
	x->gen++;
}

void cat_ctx_release(struct cat_ctx *x)
{
	cat_ctx_clear_person(x);
	free_strings(x->names, x->n);
	free_strings(x->descs, x->n);
	cat_free(&x->cat);
	memset(x, 0, sizeof *x);
}

int cat_ctx_marked(const struct cat_ctx *x, size_t i)
{
	size_t k;

	for (k = 0; k < x->n_marks; k++)
		if (x->marks[k] == i)
			return (int)k;
	return -1;
}

int cat_ctx_toggle_mark(struct cat_ctx *x, size_t i)
{
	int k = cat_ctx_marked(x, i);

	if (k >= 0) {
		memmove(&x->marks[k], &x->marks[k + 1],
			(x->n_marks - (size_t)k - 1) * sizeof x->marks[0]);
		x->n_marks--;
		return 0;
	}
	if (x->n_marks >= CAT_COMPARE_MAX)
		return -1;
	x->marks[x->n_marks++] = i;
	return 1;
}

const char *cat_ctx_why(struct cat_ctx *x, size_t i)
{
	struct strbuf sb = STRBUF_INIT;
	const struct cat_elig *e;
	size_t k;

	if (!x->elig || i >= x->n)
		return "";
	if (!x->why) {
		x->why = calloc(x->n, sizeof *x->why);
		if (!x->why)
			return "";
	}
	if (x->why[i])
		return x->why[i];
	e = &x->elig[i];
	for (k = 0; k < e->n; k++) {
		if (sb.len)
			sb_adds(&sb, "; ");
		cat_reason_text(x->cat, i, &x->person, &e->r[k], &sb);
	}
	if (e->truncated)
		sb_adds(&sb, "; and more (see the entry's details)");
	x->why[i] = text_sanitize(sb.buf ? sb.buf : "", SAN_SINGLE_LINE);
	sb_release(&sb);
	return x->why[i] ? x->why[i] : "";
}

/* pni_pathway_label() says "Not eligible" for the alternative pathway,
 * which reads as a verdict on the whole catalogue: say what it means. */
static const char *pathway_words(enum pni_pathway p)
{
	switch (p) {
	case PNI_HIGH_INTENSITY_BC:
		return "High intensity Building Choices";
	case PNI_MODERATE_INTENSITY_BC:
		return "Moderate intensity Building Choices";
	case PNI_ALTERNATIVE_PATHWAY:
		return "Alternative pathway (accredited programmes not recommended)";
	default:
		return "Information missing";
	}
}

void cat_ctx_pni_lines(const struct cat_ctx *x, struct strbuf *pathway, struct strbuf *missing)
{
	int i;
	size_t n = 0;

	if (!x->has_person)
		return;
	if (!x->has_pni) {
		sb_adds(pathway, "PNI pathway: not known (OASys gave no PNI answers or scores)");
		sb_adds(missing, "Missing scores: all (no OASys assessment found)");
		return;
	}
	sb_addf(pathway, "PNI pathway: %s. %s; %s.", pathway_words(x->pni.pathway),
		pni_need_label(x->pni.need), pni_risk_label(x->pni.risk));
	sb_adds(missing, "Missing scores: ");
	for (i = 0; i < PNI_INPUT_COUNT; i++) {
		if (!x->pni.missing[i])
			continue;
		/* OSP and SARA are "not applicable" more often than missing, and
		 * only the blocking ones change the pathway */
		if (!x->pni.blocking[i] && i >= PNI_IN_OSP_DC)
			continue;
		sb_addf(missing, "%s%s%s", n ? ", " : "", pni_input_label(i),
			x->pni.blocking[i] ? " (needed)" : "");
		n++;
	}
	if (!n)
		sb_adds(missing, "none");
}

/* ---------------------------------------------------------------- person */

/* nDelius provider codes (the first three characters of PDU and team
 * codes) of the probation regions (the people fixtures and nDelius). */
static const struct {
	const char *code;
	enum cat_region region;
} providers[] = {
    {"N54", CAT_REGION_A}, {"N51", CAT_REGION_B}, {"N53", CAT_REGION_C}, {"N03", CAT_REGION_D},
    {"N52", CAT_REGION_E}, {"N56", CAT_REGION_F}, {"N58", CAT_REGION_G}, {"N59", CAT_REGION_H},
    {"N57", CAT_REGION_I}, {"N07", CAT_REGION_J}, {"N55", CAT_REGION_K}, {"N50", CAT_REGION_L},
};

static enum cat_region region_of_code(const char *code)
{
	size_t i;

	if (!code || strlen(code) < 3)
		return CAT_REGION_UNKNOWN;
	for (i = 0; i < sizeof providers / sizeof providers[0]; i++)
		if (!strncmp(code, providers[i].code, 3))
			return providers[i].region;
	return CAT_REGION_UNKNOWN;
}

static enum cat_level level_of_rosh(enum rosh_level l)
{
	switch (l) {
	case ROSH_LOW:
		return CAT_LEVEL_LOW;
	case ROSH_MEDIUM:
		return CAT_LEVEL_MEDIUM;
	case ROSH_HIGH:
		return CAT_LEVEL_HIGH;
	case ROSH_VERY_HIGH:
		return CAT_LEVEL_VERY_HIGH;
	default:
		return CAT_LEVEL_MISSING;
	}
}

static void add_offence(unsigned *bits, const char *s)
{
	enum cat_offence o = cat_offence_parse(s);

	if (o < CAT_OFFENCE_COUNT)
		*bits |= 1u << o;
}

void cat_person_from_lookup(const struct person_lookup *p, time_t now, struct cat_person *out,
			    struct pni_input *pin)
{
	const struct ndelius_case *d = p ? p->details : NULL;
	const struct responsible_officer *o = p ? p->officer : NULL;
	struct tm tm;
	size_t i;

	memset(out, 0, sizeof *out);
	lookup_pni_input(p, pin);
	cat_person_from_pni_input(out, pin);
	if (!p)
		return;
	if (d && d->date_of_birth && localtime_r(&now, &tm)) {
		int y, m, dd;

		if (sscanf(d->date_of_birth, "%4d-%2d-%2d", &y, &m, &dd) == 3)
			cat_person_set_dob(out, y, m, dd, tm.tm_year + 1900, tm.tm_mon + 1,
					   tm.tm_mday);
	}
	if (out->sex == CAT_SEX_UNKNOWN && pin->sex != PNI_SEX_MISSING)
		out->sex = pin->sex == PNI_SEX_MALE ? CAT_SEX_MALE : CAT_SEX_FEMALE;
	if (o) {
		const struct ndelius_manager *m = o->has_community ? &o->community : NULL;

		if (m) {
			out->region = region_of_code(m->pdu_code);
			if (!out->region)
				out->region = region_of_code(m->team_code);
		}
		if (!out->region && o->has_prison)
			out->region = region_of_code(o->prison.pdu_code);
		out->place = o->has_prison ? CAT_PLACE_CUSTODY : CAT_PLACE_COMMUNITY;
	}
	if (p->convictions) {
		out->offences_known = true;
		for (i = 0; i < p->convictions->n; i++) {
			add_offence(&out->offences, p->convictions->items[i].offence_category);
			add_offence(&out->offences, p->convictions->items[i].offence_subcategory);
		}
	}
	if (p->needs) {
		out->needs_known = true;
		for (i = 0; i < p->needs->n; i++) {
			const struct oasys_need *n = &p->needs->items[i];
			enum cat_need k;

			if (!n->has_identified || !n->identified)
				continue;
			k = cat_need_parse(n->name ? n->name : n->section);
			if (k == CAT_NEED_OTHER && n->section)
				k = cat_need_parse(n->section);
			out->needs |= 1u << k;
		}
	}
	if (p->rosh)
		out->rosh = level_of_rosh(p->rosh->overall);
}

static void describe_person(struct strbuf *sb, const char *crn, const struct person_lookup *p,
			    const struct cat_person *cp)
{
	const struct ndelius_case *d = p ? p->details : NULL;
	static const char *const places[] = {"", "community", "custody"};

	if (d && (d->forename || d->surname || d->full_name)) {
		if (d->forename || d->surname)
			sb_addf(sb, "%s%s%s", d->forename ? d->forename : "",
				d->forename && d->surname ? " " : "", d->surname ? d->surname : "");
		else
			sb_adds(sb, d->full_name);
		sb_addf(sb, " (%s)", crn);
	} else {
		sb_adds(sb, crn);
	}
	if (cp->age_known)
		sb_addf(sb, ", age %d", cp->age);
	if (cp->sex)
		sb_adds(sb, cp->sex == CAT_SEX_MALE ? ", male" : ", female");
	if (cp->region)
		sb_addf(sb, ", %s", cat_region_name(cp->region));
	if (cp->place)
		sb_addf(sb, ", %s", places[cp->place]);
	if (cp->rosh)
		sb_addf(sb, ", RoSH %s", cat_level_label(cp->rosh));
}

int cat_ctx_set_person(struct cat_ctx *x, const char *crn, const struct person_lookup *p,
		       enum ct_status st, const char *err, time_t now)
{
	struct strbuf line = STRBUF_INIT, prob = STRBUF_INIT;
	int s, rc = 0;

	cat_ctx_clear_person(x);
	snprintf(x->crn, sizeof x->crn, "%s", crn);
	x->has_crn = true;
	if (!p || st == CT_NOT_FOUND || (p->service[LOOKUP_NDELIUS].outcome == LOOKUP_NOT_FOUND)) {
		if (st == CT_NOT_FOUND ||
		    (p && p->service[LOOKUP_NDELIUS].outcome == LOOKUP_NOT_FOUND))
			sb_addf(&prob, "nDelius has no person with CRN %s", crn);
		else
			sb_addf(&prob, "Could not look up %s: %s", crn,
				err && *err ? err : "the look-up failed");
		x->person_problem = text_sanitize(prob.buf, SAN_SINGLE_LINE);
		sb_release(&prob);
		return x->person_problem ? 0 : -1;
	}
	cat_person_from_lookup(p, now, &x->person, &x->pni_in);
	x->has_pni = p->pni || p->predictors;
	if (x->has_pni) {
		if (pni_evaluate(&x->pni_in, &x->pni) != CT_OK)
			rc = -1;
		x->person.pni = &x->pni;
	}
	x->has_person = true;
	describe_person(&line, x->crn, p, &x->person);
	for (s = 0; s < LOOKUP_SERVICE_COUNT; s++) {
		const struct lookup_service_status *ss = &p->service[s];

		if (ss->outcome == LOOKUP_UNAVAILABLE || ss->outcome == LOOKUP_MALFORMED) {
			if (prob.len)
				sb_adds(&prob, " ");
			sb_addf(&prob, "%s: %s.", lookup_service_name((enum lookup_service)s),
				ss->reason ? ss->reason : "unavailable");
		} else if (s == LOOKUP_OASYS && ss->outcome == LOOKUP_NOT_FOUND) {
			if (prob.len)
				sb_adds(&prob, " ");
			sb_adds(&prob, "OASys has no assessment for this person: risk scores "
				       "and needs are not known.");
		}
	}
	x->person_line = text_sanitize(line.buf ? line.buf : crn, SAN_SINGLE_LINE);
	if (prob.len)
		x->person_problem = text_sanitize(prob.buf, SAN_SINGLE_LINE);
	x->elig = calloc(x->n ? x->n : 1, sizeof *x->elig);
	if (!x->person_line || !x->elig || (prob.len && !x->person_problem))
		rc = -1;
	else
		cat_eligibility_all(x->cat, &x->person, x->elig);
	sb_release(&line);
	sb_release(&prob);
	return rc;
}
