/* refer.c: "Make a referral": the PP types a CRN (checked as they type) or
 * picks one from their caseload; the person is looked up in nDelius and
 * OASys without blocking the screen; a summary says who they are (name,
 * date of birth and age, address, responsible officer, sentence, RoSH
 * levels) and, for each service that did not answer, which one and since
 * when, keeping what it has; F5 or r asks again.  Then the PP picks the
 * intervention and the referral form (forms/referral.yaml) opens prefilled.
 * The form's callbacks are in referral_open.c; the mapping in
 * referral_form.c. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "forms/validate.h"
#include "ui/form_screen.h"
#include "store/referral_store.h"
#include "ui/screens/referral_form.h"
#include "ui/screens/screens.h"
#include "util/dates.h"
#include "util/sanitize.h"

enum stage { STAGE_CRN, STAGE_PERSON };

struct line {
	char *label, *value;
	bool error;
};

struct refer {
	enum stage stage;
	bool from_crn;                 /* the CRN was typed here (Esc goes back to it) */
	struct strbuf crn_text;        /* as typed, kept whatever happens */
	bool crn_tried;                /* Enter was pressed: show the message as an error */
	char *crn_error;               /* nDelius does not know it, and so on */
	char **caseload;
	size_t n_caseload;
	char *caseload_error;
	int focus;                     /* STAGE_CRN: 0 = the field, 1.. = caseload row */

	struct ref_person *person;
	struct line *lines;            /* the summary, sanitised */
	size_t n_lines;
	struct line *problems;         /* one per service that did not answer */
	size_t n_problems;
	char *name;                    /* sanitised "First Last", or NULL */

	struct intervention_summary *iv;
	size_t n_iv;
	char *iv_error;
	bool *iv_match;                /* matches the catalogue entry given */
	int sel;
	char *want_entry;              /* catalogue entry id given by the caller */
	char *entry_note;              /* what became of it, in words */
	char *sent_note;               /* "Referral AB1234AC sent ..." */

	unsigned seen_version;         /* person->version the summary was built from */
	int field_row, field_col, list_row, cursor_row, cursor_col;
};

struct refer_args {
	const char *crn;
	const char *entry_id;
};

/* ---- helpers ------------------------------------------------------------- */

static void lines_free(struct line **v, size_t *n)
{
	size_t i;

	for (i = 0; *v && i < *n; i++) {
		free((*v)[i].label);
		free((*v)[i].value);
	}
	free(*v);
	*v = NULL;
	*n = 0;
}

/* Adds a line; value is sanitised here (single line). */
static void line_add(struct line **v, size_t *n, const char *label, const char *value, bool error)
{
	struct line *nv;

	if (!value || !*value)
		return;
	nv = realloc(*v, (*n + 1) * sizeof **v);
	if (!nv)
		return;
	*v = nv;
	nv[*n].label = strdup(label);
	nv[*n].value = text_sanitize(value, SAN_SINGLE_LINE);
	nv[*n].error = error;
	if (!nv[*n].label || !nv[*n].value) {
		free(nv[*n].label);
		free(nv[*n].value);
		return;
	}
	(*n)++;
}

static int age_of(const char *dob)
{
	struct ymd d, t = date_today();
	int age;

	if (!dob || !date_parse_iso(dob, &d))
		return -1;
	age = t.y - d.y;
	if (t.m < d.m || (t.m == d.m && t.d < d.d))
		age--;
	return age;
}

static void when_words(time_t t, char out[32])
{
	struct tm tm;

	out[0] = '\0';
	if (t && localtime_r(&t, &tm))
		strftime(out, 32, "%H:%M", &tm);
}

/* The summary lines from the look-up (sanitised once, here). */
static void build_summary(struct refer *r)
{
	const struct person_lookup *p = r->person ? r->person->p : NULL;
	struct strbuf sb = STRBUF_INIT;
	int s;

	lines_free(&r->lines, &r->n_lines);
	lines_free(&r->problems, &r->n_problems);
	free(r->name);
	r->name = NULL;
	if (!p)
		return;
	if (lookup_prefill_get(p, "ndelius.details.name", &sb) == 0)
		r->name = text_sanitize(sb.buf, SAN_SINGLE_LINE);
	line_add(&r->lines, &r->n_lines, "Name", r->name, false);
	line_add(&r->lines, &r->n_lines, "CRN", r->person->crn, false);
	if (p->details && p->details->date_of_birth) {
		struct ymd d;
		int age = age_of(p->details->date_of_birth);

		sb_reset(&sb);
		if (date_parse_iso(p->details->date_of_birth, &d))
			date_format_long(&sb, d);
		else
			sb_adds(&sb, p->details->date_of_birth);
		if (age >= 0)
			sb_addf(&sb, " (age %d)", age);
		line_add(&r->lines, &r->n_lines, "Date of birth", sb.buf, false);
	}
	sb_reset(&sb);
	if (lookup_prefill_get(p, "ndelius.details.address", &sb) == 0) {
		struct strbuf one = STRBUF_INIT;
		size_t i;

		for (i = 0; i < sb.len; i++) {
			if (sb.buf[i] == '\n')
				sb_adds(&one, ", ");
			else
				sb_addc(&one, sb.buf[i]);
		}
		line_add(&r->lines, &r->n_lines, "Address", one.buf, false);
		sb_release(&one);
	} else if (p->details && p->details->has_no_fixed_abode && p->details->no_fixed_abode) {
		line_add(&r->lines, &r->n_lines, "Address", "No fixed abode", false);
	}
	if (p->officer && (p->officer->has_community || p->officer->has_prison)) {
		/* the one nDelius marks as responsible officer; else the community one */
		const struct ndelius_manager *m =
			p->officer->has_prison && p->officer->prison.has_responsible_officer &&
					p->officer->prison.responsible_officer
				? &p->officer->prison
			: p->officer->has_community ? &p->officer->community
						    : &p->officer->prison;

		sb_reset(&sb);
		sb_addf(&sb, "%s%s%s", m->forename ? m->forename : "",
			m->forename && m->surname ? " " : "", m->surname ? m->surname : "");
		if (m->unallocated)
			sb_adds(&sb, "not allocated");
		if (m->team)
			sb_addf(&sb, ", %s", m->team);
		if (m->pdu)
			sb_addf(&sb, ", %s", m->pdu);
		if (m->email)
			sb_addf(&sb, " (%s)", m->email);
		line_add(&r->lines, &r->n_lines, "Responsible officer", sb.buf, false);
	}
	if (p->convictions && p->convictions->n) {
		sb_reset(&sb);
		if (lookup_prefill_get(p, "ndelius.convictions.0.sentence", &sb) == 0) {
			size_t i;

			sb_reset(&sb);
			for (i = 0; i < p->convictions->n; i++)
				if (p->convictions->items[i].has_active && p->convictions->items[i].active)
					break;
			referral_conviction_label(
				&p->convictions->items[i < p->convictions->n ? i : 0], &sb);
			line_add(&r->lines, &r->n_lines, "Sentence", sb.buf, false);
		}
	}
	if (p->rosh) {
		sb_reset(&sb);
		if (p->rosh->overall)
			sb_addf(&sb, "%s overall", rosh_level_label(p->rosh->overall));
		{
			struct strbuf lv = STRBUF_INIT;

			if (lookup_prefill_get(p, "oasys.rosh.riskInCommunity", &lv) == 0)
				sb_addf(&sb, "%sin the community: %s", sb.len ? "; " : "", lv.buf);
			sb_release(&lv);
		}
		if (p->rosh->assessed_on)
			sb_addf(&sb, " (OASys, %.10s)", p->rosh->assessed_on);
		line_add(&r->lines, &r->n_lines, "RoSH", sb.buf, false);
	}
	for (s = 0; s < LOOKUP_SERVICE_COUNT; s++) {
		const struct lookup_service_status *ss = &p->service[s];
		const char *name = lookup_service_name((enum lookup_service)s);
		char when[32], at[32];

		sb_reset(&sb);
		when_words(ss->since, when);
		when_words(ss->fetched_at, at);
		switch (ss->outcome) {
		case LOOKUP_UNAVAILABLE:
		case LOOKUP_MALFORMED:
			sb_addf(&sb, "%s %s%s%s", name,
				ss->outcome == LOOKUP_MALFORMED ? "sent an answer that could not be read"
								: "is unavailable",
				*when ? " since " : "", when);
			if (ss->reason)
				sb_addf(&sb, " (%s)", ss->reason);
			if (ss->from_cache && *at)
				sb_addf(&sb, ". Showing what it said at %s", at);
			sb_adds(&sb, ". You can still refer and type what is missing; F5 or r "
				     "tries again.");
			line_add(&r->problems, &r->n_problems, "Error", sb.buf, true);
			break;
		case LOOKUP_NOT_FOUND:
			if (s == LOOKUP_OASYS) {
				line_add(&r->problems, &r->n_problems, "Note",
					 "OASys has no assessment for this person: the risk "
					 "information is typed by you.", false);
			}
			break;
		default:
			if (ss->stale && *at) {
				sb_addf(&sb, "%s: showing what it said at %s.", name, at);
				line_add(&r->problems, &r->n_problems, "Note", sb.buf, false);
			}
			break;
		}
	}
	sb_release(&sb);
}

/* ---- catalogue entry -> intervention ------------------------------------ */

/* Lower case letters and digits only ("Accommodation Services - KSS" ->
 * "accommodationserviceskss"). */
static char *squash(const char *s)
{
	char *out = malloc(strlen(s ? s : "") + 1), *o = out;

	if (!out)
		return NULL;
	for (; s && *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch >= 'A' && ch <= 'Z')
			*o++ = (char)(ch - 'A' + 'a');
		else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch >= 0x80)
			*o++ = (char)ch;
	}
	*o = '\0';
	return out;
}

static const char *kind_of_type(const char *t)
{
	if (!t)
		return NULL;
	if (!strcmp(t, "CRS"))
		return "CRS";
	if (!strcmp(t, "SI"))
		return "STRUCTURED";
	if (!strcmp(t, "ACP"))
		return "ACCREDITED_PROGRAMME";
	if (!strcmp(t, "TOOLKITS"))
		return "TOOLKIT";
	return NULL;
}

/* Marks the interventions that deliver the catalogue entry: the same kind,
 * and a title that starts with the entry's name ("Accommodation Services"
 * -> "Accommodation Services - Kent, Surrey and Sussex") or a name that
 * starts with the title up to its ":" ("Kaizen: general violence offence").
 * The first open match is selected. */
static void match_entry(struct refer *r, struct ui *ui)
{
	static const char sql[] =
		"SELECT name, int_type::text FROM intervention_catalogue WHERE id::text = $1";
	struct strbuf err = STRBUF_INIT, sb = STRBUF_INIT;
	const char *params[1] = {r->want_entry};
	PGresult *res;
	char *name = NULL, *type = NULL, *sq = NULL;
	size_t i, found = 0;

	free(r->entry_note);
	r->entry_note = NULL;
	if (!r->want_entry || !ui_db(ui) || !r->n_iv)
		return;
	/* an intervention id is taken as it is */
	for (i = 0; i < r->n_iv; i++)
		if (!strcmp(r->iv[i].id, r->want_entry)) {
			r->iv_match[i] = true;
			r->sel = (int)i;
			return;
		}
	res = db_query(ui_db(ui), sql, 1, params, &err, NULL);
	if (res && PQntuples(res) == 1) {
		name = db_value_dup(res, 0, 0);
		type = db_value_dup(res, 0, 1);
	}
	PQclear(res);
	sq = squash(name);
	for (i = 0; sq && *sq && i < r->n_iv; i++) {
		const char *kind = kind_of_type(type);
		char *title = squash(r->iv[i].title), *colon = strchr(r->iv[i].title, ':');
		char *head = NULL;

		if (colon) {
			char *t = strndup(r->iv[i].title, (size_t)(colon - r->iv[i].title));

			head = squash(t);
			free(t);
		}
		if (title && (!kind || !strcmp(kind, r->iv[i].kind)) &&
		    (!strncmp(title, sq, strlen(sq)) || !strcmp(title, sq) ||
		     (head && *head && !strncmp(sq, head, strlen(head))))) {
			r->iv_match[i] = true;
			if (!found++ || (!r->iv[r->sel].open && r->iv[i].open))
				r->sel = (int)i;
		}
		free(title);
		free(head);
	}
	if (name) {
		char *clean = text_sanitize(name, SAN_SINGLE_LINE);

		if (found)
			sb_addf(&sb, "Marked * : the interventions that deliver %s.",
				clean ? clean : "");
		else
			sb_addf(&sb, "No intervention here delivers %s yet: choose another below.",
				clean ? clean : "");
		free(clean);
	} else {
		sb_adds(&sb, "The catalogue entry was not found: choose the intervention below.");
	}
	r->entry_note = sb_detach(&sb, NULL);
	free(sq);
	free(name);
	free(type);
	sb_release(&err);
}

static void load_interventions(struct refer *r, struct ui *ui)
{
	struct intervention_filter f = {.open_only = true};
	struct strbuf err = STRBUF_INIT;

	intervention_summaries_free(&r->iv, r->n_iv);
	r->n_iv = 0;
	free(r->iv_match);
	r->iv_match = NULL;
	free(r->iv_error);
	r->iv_error = NULL;
	if (!ui_db(ui))
		return;
	if (interventions_list(ui_db(ui), &f, &r->iv, &r->n_iv, &err)) {
		r->iv_error = text_sanitize(err.buf, SAN_SINGLE_LINE);
	} else {
		size_t i;

		r->iv_match = calloc(r->n_iv + 1, sizeof *r->iv_match);
		/* sanitise once, here */
		for (i = 0; i < r->n_iv; i++) {
			char *t = text_sanitize(r->iv[i].title, SAN_SINGLE_LINE);
			char *pn = r->iv[i].provider_name
					   ? text_sanitize(r->iv[i].provider_name, SAN_SINGLE_LINE)
					   : NULL;

			if (t) {
				free(r->iv[i].title);
				r->iv[i].title = t;
			}
			if (pn) {
				free(r->iv[i].provider_name);
				r->iv[i].provider_name = pn;
			}
		}
	}
	sb_release(&err);
	r->sel = 0;
	match_entry(r, ui);
}

/* ---- the look-up ---------------------------------------------------------- */

struct job {
	struct ref_person *rp;
	struct refer *r;     /* valid while the job runs: leave() cancels it */
};

static void lookup_done(struct ui *ui, void *arg, struct person_lookup *p, enum ct_status st,
			const char *err)
{
	struct job *j = arg;

	if (!ui) {
		person_lookup_free(&p);
		ref_person_unref(&j->rp);
		free(j);
		return;
	}
	j->rp->async_id = 0;
	j->rp->status = st;
	free(j->rp->error);
	j->rp->error = err ? text_sanitize(err, SAN_SINGLE_LINE) : NULL;
	ref_person_take(j->rp, p);
	if (j->rp->form && j->rp->form->st && !j->rp->form->closed)
		form_screen_prefill(ui, j->rp->form->st, j->rp->form->sources, REF_N_SOURCES);
	if (j->r) {
		struct refer *r = j->r;

		if (j->rp->p && j->rp->p->service[LOOKUP_NDELIUS].outcome == LOOKUP_NOT_FOUND) {
			struct strbuf sb = STRBUF_INIT;

			sb_addf(&sb, "nDelius has no person with CRN %s: check the CRN",
				j->rp->crn);
			free(r->crn_error);
			r->crn_error = sb_detach(&sb, NULL);
			r->stage = STAGE_CRN;
			r->focus = 0;
			ref_person_unref(&r->person);
		} else {
			build_summary(r);
			r->seen_version = j->rp->version;
		}
	}
	ref_person_unref(&j->rp);
	free(j);
}

static void start_lookup(struct refer *r, struct ui *ui, unsigned flags)
{
	struct job *j;

	if (!r->person || r->person->async_id > 0)
		return;
	j = calloc(1, sizeof *j);
	if (!j)
		return;
	j->rp = ref_person_ref(r->person);
	j->r = r;
	r->person->asked_at = time(NULL);
	r->person->async_id = ui_lookup_start(ui, r->person->crn, flags, lookup_done, j);
	if (r->person->async_id <= 0) {
		r->person->async_id = 0;
		free(r->person->error);
		r->person->error = strdup(ui_config(ui) ? "the look-up could not be started"
							: "look-ups are not configured");
		ref_person_unref(&j->rp);
		free(j);
	}
}

static void go_person(struct refer *r, struct ui *ui, const char *crn)
{
	free(r->crn_error);
	r->crn_error = NULL;
	free(r->sent_note);
	r->sent_note = NULL;
	ref_person_unref(&r->person);
	r->person = ref_person_new(crn);
	lines_free(&r->lines, &r->n_lines);
	lines_free(&r->problems, &r->n_problems);
	if (!r->person)
		return;
	r->stage = STAGE_PERSON;
	if (!r->iv)
		load_interventions(r, ui);
	start_lookup(r, ui, 0);
}

/* ---- screen --------------------------------------------------------------- */

static int refer_enter(struct ui *ui, const void *arg, void **state, struct strbuf *err)
{
	const struct refer_args *a = arg;
	struct refer *r = calloc(1, sizeof *r);
	struct strbuf e = STRBUF_INIT;
	char crn[8];

	if (!r) {
		sb_adds(err, "out of memory");
		return -1;
	}
	sb_init(&r->crn_text);
	if (a && a->entry_id)
		r->want_entry = strdup(a->entry_id);
	if (ui_db(ui) && caseload_crns(ui_db(ui), &r->caseload, &r->n_caseload, &e))
		r->caseload_error = text_sanitize(e.buf, SAN_SINGLE_LINE);
	sb_release(&e);
	*state = r;
	if (a && a->crn && lookup_crn_normalise(a->crn, crn)) {
		sb_adds(&r->crn_text, crn);
		go_person(r, ui, crn);
	} else {
		r->from_crn = true;
		if (a && a->crn)
			sb_adds(&r->crn_text, a->crn);
	}
	return 0;
}

static void refer_leave(struct ui *ui, void *state)
{
	struct refer *r = state;

	if (r->person && r->person->async_id > 0) {
		ui_async_cancel(ui, r->person->async_id);
		r->person->async_id = 0;
	}
	ref_person_unref(&r->person);
	sb_release(&r->crn_text);
	free(r->crn_error);
	caseload_crns_free(&r->caseload, r->n_caseload);
	free(r->caseload_error);
	lines_free(&r->lines, &r->n_lines);
	lines_free(&r->problems, &r->n_problems);
	free(r->name);
	intervention_summaries_free(&r->iv, r->n_iv);
	free(r->iv_match);
	free(r->iv_error);
	free(r->want_entry);
	free(r->entry_note);
	free(r->sent_note);
	free(r);
}

static const char *refer_title(void *state)
{
	struct refer *r = state;

	return r->stage == STAGE_PERSON && r->name ? "Make a referral: person" : "Make a referral";
}

static void key_hint(struct ui *ui, enum ui_action a, const char *dflt, struct strbuf *out)
{
	if (!keymap_describe(ui_keymap(ui), SEC_REFER, a, " or ", out))
		sb_adds(out, dflt);
}

static void draw_crn(struct refer *r, struct ui *ui, struct ui_canvas *c)
{
	struct strbuf sb = STRBUF_INIT;
	char crn[8];
	int col = c->linear ? 0 : 2, w = c->cols - 2 * col, row = c->linear ? 0 : 1, x;
	size_t i;
	bool valid = lookup_crn_normalise(r->crn_text.buf ? r->crn_text.buf : "", crn);

	cv_text(c, row++, col, ROLE_HEADING, "Make a referral");
	if (!c->linear)
		row++;
	if (r->sent_note) {
		row += cv_wrap(c, row, col, w, ROLE_NORMAL, r->sent_note);
		if (!c->linear)
			row++;
	}
	row += cv_wrap(c, row, col, w, ROLE_NORMAL,
		       "Enter the person's CRN, or choose them from your caseload.");
	if (!c->linear)
		row++;
	x = col + cv_text(c, row, col, ROLE_LABEL, "CRN: ");
	r->field_row = row;
	if (c->linear) {
		r->field_col = x + cv_text(c, row, x, r->focus == 0 ? ROLE_FOCUS : ROLE_VALUE,
					   r->crn_text.len ? r->crn_text.buf : "");
	} else {
		cv_text(c, row, x, ROLE_BORDER, "[");
		cv_fill(c, row, x + 1, 9, r->focus == 0 ? ROLE_FOCUS : ROLE_VALUE);
		r->field_col = x + 1 + cv_textn(c, row, x + 1, r->focus == 0 ? ROLE_FOCUS : ROLE_VALUE,
						0, r->crn_text.len ? r->crn_text.buf : "", 9);
		cv_text(c, row, x + 10, ROLE_BORDER, "]");
		x += 12;
	}
	row++;
	if (r->crn_error) {
		sb_addf(&sb, "Error: %s", r->crn_error);
		row += cv_wrap(c, row, col, w, ROLE_ERROR, sb.buf);
	} else if (r->crn_text.len && !valid) {
		sb_addf(&sb, "%s%s", r->crn_tried ? "Error: " : "", LOOKUP_CRN_FORMAT_MESSAGE);
		row += cv_wrap(c, row, col, w, r->crn_tried ? ROLE_ERROR : ROLE_HINT, sb.buf);
	} else if (valid) {
		row += cv_wrap(c, row, col, w, ROLE_HINT, "Press Enter to look them up.");
	} else {
		row++;
	}
	if (!c->linear)
		row++;
	if (r->caseload_error) {
		sb_reset(&sb);
		sb_addf(&sb, "Error: could not read your caseload: %s", r->caseload_error);
		row += cv_wrap(c, row, col, w, ROLE_ERROR, sb.buf);
	} else if (!r->n_caseload) {
		row += cv_wrap(c, row, col, w, ROLE_HINT, "Your caseload is empty.");
	} else {
		cv_textf(c, row++, col, ROLE_HEADING, "Your caseload (%zu):", r->n_caseload);
		r->list_row = row;
		for (i = 0; i < r->n_caseload; i++, row++) {
			bool sel = r->focus == (int)i + 1;

			if (sel)
				cv_text(c, row, col, ROLE_MARKER, ">");
			cv_textf(c, row, col + 2, sel ? ROLE_SELECTED : ROLE_NORMAL, "%zu. %s", i + 1,
				 r->caseload[i]);
		}
	}
	if (!c->linear)
		row++;
	sb_reset(&sb);
	sb_adds(&sb, "Tab or Down moves to your caseload; Enter looks up the CRN; ");
	key_hint(ui, ACT_BACK, "Esc", &sb);
	sb_adds(&sb, " goes back.");
	cv_wrap(c, row, col, w, ROLE_HINT, sb.buf);
	if (r->focus == 0) {
		r->cursor_row = r->field_row;
		r->cursor_col = r->field_col;
	} else {
		r->cursor_row = r->list_row + r->focus - 1;
		r->cursor_col = col + 2;
	}
	sb_release(&sb);
}

static void draw_person(struct refer *r, struct ui *ui, struct ui_canvas *c)
{
	struct strbuf sb = STRBUF_INIT;
	int col = c->linear ? 0 : 2, w = c->cols - 2 * col, row = c->linear ? 0 : 1;
	int lw = c->linear ? 0 : 21;
	size_t i;

	sb_addf(&sb, "Make a referral for %s", r->name ? r->name : r->person->crn);
	cv_text(c, row++, col, ROLE_HEADING, sb.buf);
	r->cursor_row = row - 1;
	r->cursor_col = col;
	if (r->person->async_id > 0) {
		sb_reset(&sb);
		sb_addf(&sb, "Looking up %s in nDelius and OASys...", r->person->crn);
		row += cv_wrap(c, row, col, w, ROLE_HINT, sb.buf);
	} else if (r->person->error && !r->person->p) {
		sb_reset(&sb);
		sb_addf(&sb, "Error: %s. Press F5 or r to try again.", r->person->error);
		row += cv_wrap(c, row, col, w, ROLE_ERROR, sb.buf);
	}
	for (i = 0; i < r->n_lines; i++) {
		if (c->linear) {
			sb_reset(&sb);
			sb_addf(&sb, "%s: %s", r->lines[i].label, r->lines[i].value);
			row += cv_wrap(c, row, 0, w, ROLE_NORMAL, sb.buf);
			continue;
		}
		cv_text(c, row, col, ROLE_LABEL, r->lines[i].label);
		{
			/* at most three rows a value (a hostile 20,000-character name
			 * must not push the list off the screen) */
			struct ui_canvas in = cv_sub(c, row, col + lw, 3, w - lw);
			int used = cv_wrap(&in, 0, 0, w - lw, ROLE_VALUE, r->lines[i].value);

			row += used < 1 ? 1 : used > 3 ? 3 : used;
		}
	}
	for (i = 0; i < r->n_problems; i++) {
		sb_reset(&sb);
		sb_addf(&sb, "%s: %s", r->problems[i].label, r->problems[i].value);
		row += cv_wrap(c, row, col, w, r->problems[i].error ? ROLE_ERROR : ROLE_HINT, sb.buf);
	}
	if (!c->linear)
		row++;
	if (r->iv_error) {
		sb_reset(&sb);
		sb_addf(&sb, "Error: could not read the interventions: %s", r->iv_error);
		row += cv_wrap(c, row, col, w, ROLE_ERROR, sb.buf);
	} else if (!r->n_iv) {
		row += cv_wrap(c, row, col, w, ROLE_HINT, "No intervention is taking referrals.");
	} else {
		sb_reset(&sb);
		sb_adds(&sb, "Choose the intervention (Enter starts the referral");
		if (keymap_letter(ui_keymap(ui), SEC_REFER, ACT_RETRY))
			sb_adds(&sb, "; F5 or r looks them up again");
		if (keymap_letter(ui_keymap(ui), SEC_REFER, ACT_OPEN_CATALOGUE))
			sb_adds(&sb, "; c opens the catalogue for them");
		sb_adds(&sb, "):");
		row += cv_wrap(c, row, col, w, ROLE_HEADING, sb.buf);
		if (r->entry_note)
			row += cv_wrap(c, row, col, w, ROLE_HINT, r->entry_note);
		r->list_row = row;
		for (i = 0; i < r->n_iv; i++, row++) {
			bool sel = r->sel == (int)i;
			enum theme_role role = sel ? ROLE_SELECTED : ROLE_NORMAL;
			int x = col + 2;

			if (sel && !c->linear)
				cv_fill(c, row, col, w, role);
			if (sel)
				cv_text(c, row, col, ROLE_MARKER, ">");
			x += cv_textf(c, row, x, role, "%s%zu. ", r->iv_match && r->iv_match[i] ? "*" : "",
				      i + 1);
			sb_reset(&sb);
			sb_addf(&sb, "%s (%s%s%s)", r->iv[i].title,
				r->iv[i].kind_label ? r->iv[i].kind_label : r->iv[i].kind,
				r->iv[i].provider_name ? ", " : "",
				r->iv[i].provider_name ? r->iv[i].provider_name : "");
			cv_textn(c, row, x, role, 0, sb.buf, c->cols - x - 1);
			if (sel) {
				r->cursor_row = row;
				r->cursor_col = col + 2;
			}
		}
	}
	sb_release(&sb);
}

/* What happened above this screen while the form was open: a referral was
 * sent (start again with a note), or the form looked the person up again
 * (a new summary).  Called before drawing and handling keys. */
static void catch_up(struct refer *r)
{
	if (r->person && r->person->sent_reference) {
		struct strbuf sb = STRBUF_INIT;

		sb_addf(&sb, "Referral %s sent for %s. nDelius will be told. Enter another CRN to "
			     "make another referral.",
			r->person->sent_reference, r->name ? r->name : r->person->crn);
		free(r->sent_note);
		r->sent_note = sb_detach(&sb, NULL);
		ref_person_unref(&r->person);
		lines_free(&r->lines, &r->n_lines);
		lines_free(&r->problems, &r->n_problems);
		sb_reset(&r->crn_text);
		r->stage = STAGE_CRN;
		r->from_crn = true;
		r->focus = 0;
		return;
	}
	if (r->person && r->person->version != r->seen_version) {
		build_summary(r);
		r->seen_version = r->person->version;
	}
}

static void refer_draw(void *state, struct ui *ui, struct ui_canvas *c)
{
	struct refer *r = state;

	catch_up(r);
	if (r->stage == STAGE_CRN || !r->person)
		draw_crn(r, ui, c);
	else
		draw_person(r, ui, c);
}

static bool refer_cursor(void *state, struct ui *ui, const struct ui_canvas *c, int *row,
			 int *col)
{
	struct refer *r = state;

	(void)ui;
	(void)c;
	*row = r->cursor_row;
	*col = r->cursor_col;
	return true;
}

static enum ui_result crn_enter(struct refer *r, struct ui *ui)
{
	char crn[8];

	if (r->focus > 0 && (size_t)r->focus <= r->n_caseload) {
		sb_reset(&r->crn_text);
		sb_adds(&r->crn_text, r->caseload[r->focus - 1]);
	}
	free(r->crn_error);
	r->crn_error = NULL;
	if (!lookup_crn_normalise(r->crn_text.buf ? r->crn_text.buf : "", crn)) {
		r->crn_tried = true;
		r->focus = 0;
		return UI_REDRAW;
	}
	go_person(r, ui, crn);
	return UI_REDRAW;
}

static enum ui_result key_crn(struct refer *r, struct ui *ui, const struct ui_event *ev)
{
	int n = (int)r->n_caseload;

	switch (ev->action) {
	case ACT_SELECT:
		return crn_enter(r, ui);
	case ACT_DOWN:
	case ACT_NEXT_FIELD:
		if (n)
			r->focus = (r->focus + 1) % (n + 1);
		return UI_REDRAW;
	case ACT_UP:
	case ACT_PREV_FIELD:
		if (n)
			r->focus = (r->focus + n) % (n + 1);
		return UI_REDRAW;
	default:
		break;
	}
	if (ev->key == UIK_BACKSPACE) {
		r->focus = 0;
		if (r->crn_text.len) {
			/* CRNs are ASCII; anything else is dropped a byte at a time
			 * until the last character boundary */
			do
				r->crn_text.len--;
			while (r->crn_text.len &&
			       ((unsigned char)r->crn_text.buf[r->crn_text.len] & 0xC0) == 0x80);
			r->crn_text.buf[r->crn_text.len] = '\0';
		}
		r->crn_tried = false;
		free(r->crn_error);
		r->crn_error = NULL;
		return UI_REDRAW;
	}
	/* letters and digits are typed (r, bound to retry here, too); other
	 * keys keep their actions (? help, / search, q ...) */
	if (ui_key_is_text(ev->key) &&
	    (ev->action == ACT_NONE || ev->action == ACT_RETRY ||
	     (ev->key < 0x80 && ((ev->key >= '0' && ev->key <= '9') ||
				  ((ev->key | 0x20) >= 'a' && (ev->key | 0x20) <= 'z'))))) {
		if (r->crn_text.len >= 32)
			return UI_HANDLED;
		utf8_encode(&r->crn_text, (unsigned)ev->key);
		r->focus = 0;
		r->crn_tried = false;
		free(r->crn_error);
		r->crn_error = NULL;
		return UI_REDRAW;
	}
	return UI_IGNORED;
}

static enum ui_result key_person(struct refer *r, struct ui *ui, const struct ui_event *ev)
{
	int n = (int)r->n_iv;
	struct strbuf err = STRBUF_INIT;

	if (ev->action == ACT_RETRY) {
		start_lookup(r, ui, LOOKUP_REFRESH);
		return UI_REDRAW;
	}
	if (ev->action == ACT_OPEN_CATALOGUE) {
		/* the catalogue with this person's eligibility; it refers back
		 * through referral_start */
		if (catalogue_open(ui, r->person->crn, &err))
			ui_message(ui, true, "%s", err.buf);
		sb_release(&err);
		return UI_REDRAW;
	}
	switch (ev->action) {
	case ACT_DOWN:
	case ACT_NEXT_FIELD:
		if (n)
			r->sel = (r->sel + 1) % n;
		return UI_REDRAW;
	case ACT_UP:
	case ACT_PREV_FIELD:
		if (n)
			r->sel = (r->sel + n - 1) % n;
		return UI_REDRAW;
	case ACT_FIRST:
		r->sel = 0;
		return UI_REDRAW;
	case ACT_LAST:
		r->sel = n ? n - 1 : 0;
		return UI_REDRAW;
	case ACT_SELECT:
		if (!n)
			return UI_HANDLED;
		if (referral_open_form(ui, r->person, &r->iv[r->sel], 0, &err))
			ui_message(ui, true, "%s", err.buf);
		sb_release(&err);
		return UI_REDRAW;
	case ACT_BACK:
		if (!r->from_crn)
			return UI_IGNORED;
		if (r->person && r->person->async_id > 0) {
			ui_async_cancel(ui, r->person->async_id);
			r->person->async_id = 0;
		}
		ref_person_unref(&r->person);
		r->stage = STAGE_CRN;
		r->focus = 0;
		return UI_REDRAW;
	default:
		break;
	}
	if (ev->action == ACT_NONE && ev->key >= '1' && ev->key <= '9' && ev->key - '1' < n) {
		r->sel = ev->key - '1';
		return UI_REDRAW;
	}
	return UI_IGNORED;
}

static enum ui_result refer_key(void *state, struct ui *ui, const struct ui_event *ev)
{
	struct refer *r = state;

	catch_up(r);
	if (r->stage == STAGE_CRN || !r->person)
		return key_crn(r, ui, ev);
	return key_person(r, ui, ev);
}

static void refer_help(void *state, struct ui *ui, struct ui_help *h)
{
	struct refer *r = state;

	(void)ui;
	ui_help_action(h, ACT_UP);
	ui_help_action(h, ACT_DOWN);
	ui_help_action(h, ACT_NEXT_FIELD);
	ui_help_action(h, ACT_SELECT);
	if (r->stage == STAGE_PERSON) {
		ui_help_action(h, ACT_RETRY);
		ui_help_action(h, ACT_OPEN_CATALOGUE);
	}
	ui_help_action(h, ACT_BACK);
}

const struct screen_ops refer_screen = {
	.name = "refer",
	.title = "Make a referral",
	.section = SEC_REFER,
	.enter = refer_enter,
	.leave = refer_leave,
	.draw = refer_draw,
	.key = refer_key,
	.place_cursor = refer_cursor,
	.help = refer_help,
	.title_of = refer_title,
};

int referral_start(struct ui *ui, const char *crn_or_null, const char *catalogue_entry_id_or_null,
		   struct strbuf *err)
{
	struct refer_args a = {crn_or_null, catalogue_entry_id_or_null};

	if (ui_push(ui, &refer_screen, &a)) {
		sb_adds(err, "could not open Make a referral");
		return -1;
	}
	return 0;
}

int referral_make_open(struct ui *ui)
{
	struct strbuf err = STRBUF_INIT;
	int rc = referral_start(ui, NULL, NULL, &err);

	if (rc)
		ui_message(ui, true, "%s", err.buf);
	sb_release(&err);
	return rc;
}
