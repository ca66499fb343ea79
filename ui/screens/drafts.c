/* drafts.c: the user's drafts (forms not yet submitted): resume one (Enter)
 * or delete it (d, after y/n).  Offered on start when there are any, and
 * from home (d).  The table of form_resumer lines says how each area
 * reopens its forms (ui/form_screen.h); `caseterm form ID` uses it too. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "store/draft_store.h"
#include "ui/form_screen.h"
#include "ui/screens/cas3_estate.h"
#include "ui/screens/referral_form.h"
#include "ui/screens/supplier.h"
#include "ui/screens/screens.h"
#include "util/sanitize.h"

/* ---- the sample form: submit shows what would be sent, stores nothing ---- */

static enum ct_status preview_submit(void *ctx, struct ui *ui, struct form_state *st,
				     const char *json, struct strbuf *confirmation,
				     struct strbuf *err)
{
	json_t *doc;
	char *pretty;

	(void)ctx;
	(void)ui;
	(void)st;
	(void)err;
	sb_adds(confirmation, "Form submitted\n"
			      "Nothing was stored or sent: this form is for trying the form engine.\n"
			      "\n"
			      "What it would send:\n");
	doc = json_loads(json, 0, NULL);
	pretty = doc ? json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
	sb_adds(confirmation, pretty ? pretty : json);
	free(pretty);
	json_decref(doc);
	return CT_OK;
}

/* Made-up look-up answers for the sample form, so that its prefilled,
 * readonly and redactable fields can be tried without nDelius or OASys. */
static const struct {
	const char *path, *value;
} sample_values[] = {
	{"ndelius.details.name.forename", "Zoë"},
	{"ndelius.details.name.surname", "Ní Bhriain"},
	{"ndelius.details.dateOfBirth", "1990-04-12"},
	{"ndelius.details.contactDetails.mainAddress.postcode", "LS1 4AP"},
	{"oasys.rosh.whoIsAtRisk", "Sample text: a former partner and her two children."},
	{"oasys.rosh.natureOfRisk",
	 "Sample text: verbal threats when drinking; no weapons. Risk is higher at weekends."},
	{"oasys.rosh.riskToChildren", "Medium"},
	{"ndelius.responsible_officer.name", "Sam Practitioner"},
	{"ndelius.responsible_officer.email", "sam.practitioner@example.com"},
};

static int sample_get(void *ctx, const char *path, struct strbuf *out)
{
	size_t i;

	(void)ctx;
	for (i = 0; i < sizeof sample_values / sizeof sample_values[0]; i++)
		if (!strcmp(sample_values[i].path, path)) {
			sb_adds(out, sample_values[i].value);
			return PREFILL_OK;
		}
	return PREFILL_NONE;
}

static const struct prefill_source sample_sources[] = {
	{"ndelius.details", sample_get, NULL},
	{"ndelius.responsible_officer", sample_get, NULL},
	{"oasys.rosh", sample_get, NULL},
};

static const char *sample_banner(void *ctx)
{
	(void)ctx;
	return "This is the sample form: the pre-filled answers are made up, and submitting "
	       "stores nothing.";
}

static int preview_resume(struct ui *ui, long draft_id, const char *form_id, const char *subject,
			  struct strbuf *err)
{
	struct form_screen_spec spec = {
		.form_id = form_id,
		.subject = subject,
		.draft_id = draft_id,
		.submit = preview_submit,
		.banner = sample_banner,
	};

	if (!strcmp(form_id, "sample")) {
		spec.sources = sample_sources;
		spec.n_sources = sizeof sample_sources / sizeof sample_sources[0];
	}

	return form_screen_open(ui, &spec, err);
}

/* One line per area: which forms it reopens, and how. */
static const struct form_resumer resumers[] = {
	{"sample", preview_resume},
	{"cas3_application", cas3_apply_resume},
	{"cas3_premises", cas3_estate_resume},
	{"cas3_bedspace", cas3_estate_resume},
	{"cas3_void", cas3_estate_resume},
	{"referral", referral_resume},   /* subject CRN:intervention; look-ups fetched again */
	{"supplier_", supplier_form_resume},
};

static const struct form_resumer *find_resumer(const char *form_id)
{
	size_t i, best = 0, bestlen = 0;

	for (i = 0; i < sizeof resumers / sizeof resumers[0]; i++) {
		size_t n = strlen(resumers[i].form_id_prefix);

		if (!strncmp(form_id, resumers[i].form_id_prefix, n) && n >= bestlen) {
			best = i;
			bestlen = n;
		}
	}
	return bestlen ? &resumers[best] : NULL;
}

int form_screen_open_id(struct ui *ui, const char *form_id, const char *subject, long draft_id,
			struct strbuf *err)
{
	const struct form_resumer *r = find_resumer(form_id);

	if (!r) {
		sb_addf(err, "caseterm does not know how to open the form '%s' (no area names it)",
			form_id);
		return -1;
	}
	return r->resume(ui, draft_id, form_id, subject, err);
}

int form_screen_check_id(const char *forms_dir, const char *form_id, struct strbuf *err)
{
	struct strbuf path = STRBUF_INIT;
	struct form *f = NULL;
	int rc = 0;

	if (!find_resumer(form_id)) {
		sb_addf(err, "caseterm does not know how to open the form '%s' (no area names it)",
			form_id);
		return -1;
	}
	sb_addf(&path, "%s/%s.yaml", forms_dir ? forms_dir : "forms", form_id);
	if (form_load_file(path.buf, &f, err) != CT_OK)
		rc = -1;
	form_free(&f);
	sb_release(&path);
	return rc;
}

/* ---- the screen ---- */

struct drafts {
	struct form_draft *d;
	size_t n;
	size_t sel;
	bool asking;       /* "Delete ...? y/n" */
	bool offered;      /* opened on start */
	char *error;       /* the list could not be read */
	int list_row;
};

static void sanitize_field(char **s)
{
	char *c;

	if (!*s)
		return;
	c = text_sanitize(*s, SAN_SINGLE_LINE);
	if (c) {
		free(*s);
		*s = c;
	}
}

static void reload(struct drafts *ds, struct ui *ui)
{
	struct strbuf err = STRBUF_INIT;
	size_t i;

	drafts_free(&ds->d, ds->n);
	ds->n = 0;
	free(ds->error);
	ds->error = NULL;
	if (!ui_db(ui)) {
		ds->error = strdup("there is no database connection");
	} else if (draft_list_mine(ui_db(ui), NULL, &ds->d, &ds->n, &err) != CT_OK) {
		ds->error = text_sanitize(err.len ? err.buf : "out of memory", SAN_SINGLE_LINE);
		ds->n = 0;
	}
	for (i = 0; i < ds->n; i++) {
		sanitize_field(&ds->d[i].form_id);
		sanitize_field(&ds->d[i].subject);
		sanitize_field(&ds->d[i].title);
		sanitize_field(&ds->d[i].updated_words);
	}
	if (ds->sel >= ds->n)
		ds->sel = ds->n ? ds->n - 1 : 0;
	sb_release(&err);
}

static int drafts_enter(struct ui *ui, const void *arg, void **state, struct strbuf *err)
{
	struct drafts *ds = calloc(1, sizeof *ds);

	if (!ds) {
		sb_adds(err, "out of memory");
		return -1;
	}
	ds->offered = arg != NULL;
	reload(ds, ui);
	*state = ds;
	return 0;
}

static void drafts_leave(struct ui *ui, void *state)
{
	struct drafts *ds = state;

	(void)ui;
	drafts_free(&ds->d, ds->n);
	free(ds->error);
	free(ds);
}

/* "2025-11-24T15:04:05Z" -> seconds, or -1. */
static time_t parse_utc(const char *s)
{
	struct tm tm = {0};

	if (!s || sscanf(s, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
			 &tm.tm_min, &tm.tm_sec) != 6)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return timegm(&tm);
}

/* "saved 5 minutes ago (15:04 on 24 November 2025)" */
static void saved_words(const struct form_draft *d, struct strbuf *out)
{
	time_t t = parse_utc(d->updated_at), now = time(NULL);
	long ago = t < 0 ? -1 : (long)(now - t);

	if (ago < 0)
		sb_adds(out, "saved");
	else if (ago < 60)
		sb_adds(out, "saved just now");
	else if (ago < 3600)
		sb_addf(out, "saved %ld minute%s ago", ago / 60, ago / 60 == 1 ? "" : "s");
	else if (ago < 86400)
		sb_addf(out, "saved %ld hour%s ago", ago / 3600, ago / 3600 == 1 ? "" : "s");
	else
		sb_addf(out, "saved %ld day%s ago", ago / 86400, ago / 86400 == 1 ? "" : "s");
	if (d->updated_words)
		sb_addf(out, " (%s)", d->updated_words);
}

static void describe(const struct form_draft *d, struct strbuf *out)
{
	sb_adds(out, d->title ? d->title : d->form_id);
	if (d->subject)
		sb_addf(out, ", %s", d->subject);
}

static void drafts_draw(void *state, struct ui *ui, struct ui_canvas *c)
{
	struct drafts *ds = state;
	struct strbuf sb = STRBUF_INIT;
	int x = c->linear ? 0 : 2, w = c->cols - 2 * x, row = 0;
	size_t i;

	(void)ui;
	if (ds->offered && ds->n)
		row += cv_wrap(c, row, x, w, ROLE_HEADING, "You have forms you have not finished");
	else
		row += cv_wrap(c, row, x, w, ROLE_HEADING, "Your drafts");
	if (ds->error) {
		sb_addf(&sb, "Error: could not read your drafts: %s", ds->error);
		row += cv_wrap(c, row, x, w, ROLE_ERROR, sb.buf);
	} else if (!ds->n) {
		row += cv_wrap(c, row, x, w, ROLE_NORMAL, "You have no drafts.");
	} else {
		sb_addf(&sb, "%zu draft%s. Enter resumes the selected one, d deletes it, Esc goes "
			     "back.",
			ds->n, ds->n == 1 ? "" : "s");
		row += cv_wrap(c, row, x, w, ROLE_HINT, sb.buf);
	}
	if (!c->linear)
		row++;
	ds->list_row = row;
	for (i = 0; i < ds->n; i++) {
		bool on = i == ds->sel;
		enum theme_role role = on ? ROLE_SELECTED : ROLE_NORMAL;

		sb_reset(&sb);
		sb_addf(&sb, "%zu. ", i + 1);
		describe(&ds->d[i], &sb);
		if (c->linear) {
			sb_adds(&sb, ", ");
			saved_words(&ds->d[i], &sb);
			if (on)
				cv_text(c, row, 0, ROLE_MARKER, ">");
			cv_textn(c, row++, 2, role, 0, sb.buf, w - 2);
			continue;
		}
		if (on) {
			cv_fill(c, row, x, w, role);
			cv_fill(c, row + 1, x, w, role);
			cv_text(c, row, x, ROLE_MARKER, ">");
		}
		cv_textn(c, row++, x + 2, role, TA_BOLD, sb.buf, w - 2);
		sb_reset(&sb);
		saved_words(&ds->d[i], &sb);
		cv_textn(c, row++, x + 5, on ? role : ROLE_HINT, 0, sb.buf, w - 5);
	}
	if (ds->asking && ds->sel < ds->n) {
		row++;
		sb_reset(&sb);
		sb_adds(&sb, "Delete the draft ");
		describe(&ds->d[ds->sel], &sb);
		sb_adds(&sb, "? Its answers cannot be got back. y/n");
		cv_wrap(c, row, x, w, ROLE_ERROR, sb.buf);
	}
	sb_release(&sb);
}

static enum ui_result drafts_key(void *state, struct ui *ui, const struct ui_event *ev)
{
	struct drafts *ds = state;
	struct strbuf err = STRBUF_INIT;
	const struct form_draft *d;

	if (ds->asking) {
		if (ev->key == 'y' || ev->key == 'Y') {
			ds->asking = false;
			if (ds->sel < ds->n &&
			    draft_delete(ui_db(ui), ds->d[ds->sel].id, 0, &err) != CT_OK)
				ui_message(ui, true, "could not delete the draft: %s", err.buf);
			else
				ui_message(ui, false, "Draft deleted");
			sb_release(&err);
			reload(ds, ui);
			return UI_REDRAW;
		}
		if (ev->key == 'n' || ev->key == 'N' || ev->action == ACT_BACK) {
			ds->asking = false;
			return UI_REDRAW;
		}
		return ui_key_is_text(ev->key) ? UI_HANDLED : UI_IGNORED;
	}
	switch (ev->action) {
	case ACT_UP:
	case ACT_PREV_FIELD:
		if (ds->sel > 0)
			ds->sel--;
		return UI_REDRAW;
	case ACT_DOWN:
	case ACT_NEXT_FIELD:
		if (ds->sel + 1 < ds->n)
			ds->sel++;
		return UI_REDRAW;
	case ACT_FIRST:
	case ACT_PAGE_UP:
		ds->sel = 0;
		return UI_REDRAW;
	case ACT_LAST:
	case ACT_PAGE_DOWN:
		ds->sel = ds->n ? ds->n - 1 : 0;
		return UI_REDRAW;
	case ACT_REFRESH:
		reload(ds, ui);
		return UI_REDRAW;
	case ACT_DELETE:
		if (ds->sel < ds->n)
			ds->asking = true;
		return UI_REDRAW;
	case ACT_SELECT:
		if (ds->sel >= ds->n)
			return UI_HANDLED;
		d = &ds->d[ds->sel];
		if (form_screen_open_id(ui, d->form_id, d->subject, d->id, &err)) {
			ui_message(ui, true, "%s", err.len ? err.buf : "cannot open the draft");
			sb_release(&err);
			return UI_REDRAW;
		}
		sb_release(&err);
		return UI_CLOSE; /* the form takes this screen's place */
	default:
		return UI_IGNORED;
	}
}

static bool drafts_cursor(void *state, struct ui *ui, const struct ui_canvas *c, int *row,
			  int *col)
{
	struct drafts *ds = state;

	(void)ui;
	*row = ds->list_row + (int)ds->sel * (c->linear ? 1 : 2);
	*col = c->linear ? 2 : 4;
	return true;
}

static void drafts_help(void *state, struct ui *ui, struct ui_help *h)
{
	(void)state;
	(void)ui;
	ui_help_action(h, ACT_UP);
	ui_help_action(h, ACT_DOWN);
	ui_help_action(h, ACT_SELECT);
	ui_help_action(h, ACT_DELETE);
	ui_help_action(h, ACT_REFRESH);
	ui_help_action(h, ACT_BACK);
	ui_help_action(h, ACT_QUIT);
}

const struct screen_ops drafts_screen = {
	.name = "drafts",
	.title = "Your drafts",
	.section = SEC_DRAFTS,
	.enter = drafts_enter,
	.leave = drafts_leave,
	.draw = drafts_draw,
	.key = drafts_key,
	.place_cursor = drafts_cursor,
	.help = drafts_help,
};

void drafts_offer(struct ui *ui)
{
	struct strbuf err = STRBUF_INIT;
	struct form_draft *d = NULL;
	size_t n = 0;

	if (!ui_db(ui))
		return;
	if (draft_list_mine(ui_db(ui), NULL, &d, &n, &err) == CT_OK && n)
		ui_push(ui, &drafts_screen, (const void *)1);
	drafts_free(&d, n);
	sb_release(&err);
}
