/* cas3_estate_screens.c: the lists of CAS3 premises, one premises with its
 * bedspaces, and one bedspace with its voids (accommodation.md §1.2, §1.3,
 * §1.6).  Adding and changing open the forms of cas3_estate.c; the list is
 * read again when a form saved something. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ui/lines.h"
#include "ui/screens/cas3_estate.h"
#include "ui/screens/screens.h"
#include "util/sanitize.h"

static void san(char **s)
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

static const char *or(const char *s, const char *dflt)
{
	return s && *s ? s : dflt;
}

/* What every estate screen holds: its lines, which record each line is
 * (index into the screen's list, or -1), and whether a form changed
 * something. */
struct est {
	char *id;                 /* premises or bedspace id (NULL for the list) */
	char *parent_id;          /* the bedspace's premises */
	struct ui_lines lines;
	long *item;               /* per line: the list index, or -1 */
	size_t n_item;
	bool changed, loaded;
	char *title;

	struct cas3_premises *prem;   /* the list, or [0] the premises shown */
	size_t n_prem;
	struct cas3_bedspace *beds;
	size_t n_beds;
	struct cas3_void *voids;
	size_t n_voids;
};

static void est_clear(struct est *s)
{
	lines_release(&s->lines);
	free(s->item);
	s->item = NULL;
	s->n_item = 0;
	cas3_premises_list_free(&s->prem, s->n_prem);
	s->n_prem = 0;
	cas3_bedspace_list_free(&s->beds, s->n_beds);
	s->n_beds = 0;
	cas3_void_list_free(&s->voids, s->n_voids);
	s->n_voids = 0;
}

static int add(struct est *s, enum theme_role role, long item, const char *key, const char *fmt,
	       ...) __attribute__((format(printf, 5, 6)));

static int add(struct est *s, enum theme_role role, long item, const char *key, const char *fmt,
	       ...)
{
	struct strbuf sb = STRBUF_INIT;
	long *ni;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	ni = rc ? NULL : realloc(s->item, (s->n_item + 1) * sizeof *ni);
	if (!ni) {
		sb_release(&sb);
		return -1;
	}
	s->item = ni;
	rc = lines_add(&s->lines, role, key, sb.buf);
	if (!rc)
		s->item[s->n_item++] = item;
	sb_release(&sb);
	return rc;
}

static void est_error(struct est *s, const char *what, const struct strbuf *err)
{
	char *clean = text_sanitize(err->buf, SAN_SINGLE_LINE);

	add(s, ROLE_ERROR, -1, NULL, "Error: could not read %s: %s", what, clean ? clean : "");
	free(clean);
}

/* The list index of the focused line, or -1. */
static long focused(const struct est *s)
{
	return s->lines.focus < s->n_item ? s->item[s->lines.focus] : -1;
}

/* Puts the focus on the first line that is a record (after a load). */
static void focus_first_item(struct est *s)
{
	size_t i;

	for (i = 0; i < s->n_item; i++)
		if (s->item[i] >= 0) {
			s->lines.focus = i;
			return;
		}
}

static void key_hint(struct est *s, struct ui *ui, const char *const *what,
		     const enum ui_action *acts, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		size_t at = sb.len;

		if (i)
			sb_adds(&sb, "; ");
		if (!keymap_describe(ui_keymap(ui), SEC_CAS3_ESTATE, acts[i], " or ", &sb)) {
			sb_setlen(&sb, at);
			continue;
		}
		sb_addf(&sb, " %s", what[i]);
	}
	add(s, ROLE_HINT, -1, NULL, "Keys: %s.", sb.buf);
	sb_release(&sb);
}

static const char *premises_status(const struct cas3_premises *p)
{
	if (p->status && !strcmp(p->status, "archived"))
		return "Archived";
	if (p->archive_date)
		return "Archiving";
	return "Online";
}

/* ---- the premises list ---- */

static void list_load(struct est *s, struct ui *ui)
{
	static const char *const what[] = {"opens", "adds premises", "changes the selected"};
	static const enum ui_action acts[] = {ACT_SELECT, ACT_ADD, ACT_EDIT};
	struct strbuf err = STRBUF_INIT;
	size_t i;

	est_clear(s);
	lines_init(&s->lines);
	s->changed = false;
	s->loaded = true;
	if (!ui_db(ui)) {
		add(s, ROLE_ERROR, -1, NULL, "Error: there is no database connection.");
		return;
	}
	if (cas3_premises_list(ui_db(ui), NULL, NULL, &s->prem, &s->n_prem, &err) != CT_OK) {
		est_error(s, "the premises", &err);
		sb_release(&err);
		return;
	}
	add(s, ROLE_HEADING, -1, NULL, "Premises you may manage (%zu)", s->n_prem);
	for (i = 0; i < s->n_prem; i++) {
		struct cas3_premises *p = &s->prem[i];

		san(&p->name);
		san(&p->address_line1);
		san(&p->town);
		san(&p->postcode);
		san(&p->pdu_name);
		san(&p->archive_date);
		add(s, ROLE_NORMAL, (long)i, premises_status(p), "%s, %s%s%s %s (%s): %ld online, %ld upcoming",
		    or(p->name, "?"), or(p->address_line1, ""), p->town ? ", " : "", or(p->town, ""),
		    or(p->postcode, ""), or(p->pdu_name, "no PDU"), p->bedspaces_online,
		    p->bedspaces_upcoming);
	}
	if (!s->n_prem)
		add(s, ROLE_HINT, -1, NULL, "No premises yet.");
	add(s, ROLE_NORMAL, -1, NULL, "%s", "");
	key_hint(s, ui, what, acts, 3);
	focus_first_item(s);
	sb_release(&err);
}

static int list_enter(struct ui *ui, const void *arg, void **state, struct strbuf *err)
{
	struct est *s = calloc(1, sizeof *s);

	(void)arg;
	if (!s) {
		sb_adds(err, "out of memory");
		return -1;
	}
	lines_init(&s->lines);
	list_load(s, ui);
	*state = s;
	return 0;
}

static void est_leave(struct ui *ui, void *state)
{
	struct est *s = state;

	(void)ui;
	est_clear(s);
	free(s->id);
	free(s->parent_id);
	free(s->title);
	free(s);
}

static bool est_cursor(void *state, struct ui *ui, const struct ui_canvas *c, int *row, int *col)
{
	struct est *s = state;

	(void)ui;
	(void)c;
	*row = s->lines.focus_row;
	*col = s->lines.focus_col;
	return true;
}

static void est_draw_lines(struct est *s, struct ui_canvas *c)
{
	lines_draw(&s->lines, c, 0, 0, c->linear ? (int)s->lines.n + 1 : c->rows, c->cols,
		   c->linear ? 0 : 10);
}

static void list_draw(void *state, struct ui *ui, struct ui_canvas *c)
{
	struct est *s = state;

	if (s->changed)
		list_load(s, ui);
	est_draw_lines(s, c);
}

static void open_form(struct ui *ui, struct est *s, enum cas3_estate_form which,
		      const char *premises_id, const char *bedspace_id, const char *void_id,
		      const char *title)
{
	struct cas3_estate_ctx *c = cas3_estate_ctx_new(which, premises_id, bedspace_id, void_id);
	struct strbuf err = STRBUF_INIT;

	if (!c) {
		ui_message(ui, true, "out of memory");
		return;
	}
	c->changed = &s->changed;
	if (cas3_estate_form_open(ui, c, title, &err) != 0)
		ui_message(ui, true, "%s", err.len ? err.buf : "the form did not open");
	sb_release(&err);
}

static enum ui_result list_key(void *state, struct ui *ui, const struct ui_event *ev)
{
	struct est *s = state;
	long i = focused(s);

	switch (ev->action) {
	case ACT_SELECT:
		if (i >= 0)
			ui_push(ui, &cas3_premises_screen, s->prem[i].id);
		return UI_REDRAW;
	case ACT_ADD:
		open_form(ui, s, CAS3_FORM_PREMISES, NULL, NULL, NULL, "Add premises");
		return UI_REDRAW;
	case ACT_EDIT:
		if (i < 0) {
			ui_message(ui, true, "choose premises first");
			return UI_REDRAW;
		}
		open_form(ui, s, CAS3_FORM_PREMISES, s->prem[i].id, NULL, NULL, "Change premises");
		return UI_REDRAW;
	case ACT_REFRESH:
		list_load(s, ui);
		return UI_REDRAW;
	default:
		return lines_key(&s->lines, ev, 10);
	}
}

static void list_help(void *state, struct ui *ui, struct ui_help *h)
{
	(void)state;
	(void)ui;
	ui_help_action(h, ACT_UP);
	ui_help_action(h, ACT_DOWN);
	ui_help_action(h, ACT_SELECT);
	ui_help_action(h, ACT_ADD);
	ui_help_action(h, ACT_EDIT);
	ui_help_action(h, ACT_REFRESH);
	ui_help_action(h, ACT_BACK);
}

const struct screen_ops cas3_premises_list_screen = {
	.name = "cas3-premises-list",
	.title = "Premises and bedspaces",
	.section = SEC_CAS3_ESTATE,
	.enter = list_enter,
	.leave = est_leave,
	.draw = list_draw,
	.key = list_key,
	.place_cursor = est_cursor,
	.help = list_help,
};

int cas3_open_premises(struct ui *ui)
{
	return ui_push(ui, &cas3_premises_list_screen, NULL);
}

/* ---- one premises and its bedspaces ---- */

static const char *bedspace_status(const struct cas3_bedspace *b)
{
	if (b->status && !strcmp(b->status, "archived"))
		return "Archived";
	if (b->status && !strcmp(b->status, "upcoming"))
		return "Upcoming";
	if (b->end_date)
		return "Archiving";
	return "Online";
}

static void premises_load(struct est *s, struct ui *ui)
{
	static const char *const what[] = {"opens the bedspace", "adds a bedspace",
					   "changes the selected bedspace", "changes the premises"};
	static const enum ui_action acts[] = {ACT_SELECT, ACT_ADD, ACT_EDIT, ACT_EDIT_THIS};
	struct strbuf err = STRBUF_INIT;
	struct cas3_premises *p;
	size_t i;

	est_clear(s);
	lines_init(&s->lines);
	s->changed = false;
	s->loaded = true;
	p = calloc(1, sizeof *p);
	if (!p || !ui_db(ui)) {
		free(p);
		add(s, ROLE_ERROR, -1, NULL, "Error: there is no database connection.");
		return;
	}
	if (cas3_premises_get(ui_db(ui), s->id, p, &err) != CT_OK) {
		free(p);
		est_error(s, "the premises", &err);
		sb_release(&err);
		return;
	}
	s->prem = p;
	s->n_prem = 1;
	san(&p->name);
	san(&p->address_line1);
	san(&p->address_line2);
	san(&p->town);
	san(&p->postcode);
	san(&p->pdu_name);
	san(&p->region_name);
	san(&p->local_authority);
	san(&p->characteristics);
	san(&p->notes);
	san(&p->archive_date);
	free(s->title);
	s->title = strdup(or(p->name, "Premises"));
	add(s, ROLE_HEADING, -1, NULL, "%s", or(p->name, "?"));
	add(s, ROLE_NORMAL, -1, "Address", "%s%s%s%s%s %s", or(p->address_line1, ""),
	    p->address_line2 ? ", " : "", or(p->address_line2, ""), p->town ? ", " : "",
	    or(p->town, ""), or(p->postcode, ""));
	add(s, ROLE_NORMAL, -1, "PDU", "%s (%s)", or(p->pdu_name, "none"), or(p->region_name, "?"));
	add(s, ROLE_NORMAL, -1, "Authority", "%s", or(p->local_authority, "not recorded"));
	if (p->archive_date)
		add(s, ROLE_NORMAL, -1, "Status", "%s (archive from %s)", premises_status(p),
		    p->archive_date);
	else
		add(s, ROLE_NORMAL, -1, "Status", "%s", premises_status(p));
	add(s, ROLE_NORMAL, -1, "Turnaround", "%d working day%s", p->turnaround_working_days,
	    p->turnaround_working_days == 1 ? "" : "s");
	add(s, ROLE_NORMAL, -1, "Attributes", "%s", or(p->characteristics, "none"));
	add(s, ROLE_NORMAL, -1, "Notes", "%s", or(p->notes, "none"));
	add(s, ROLE_NORMAL, -1, NULL, "%s", "");
	if (cas3_bedspace_list(ui_db(ui), s->id, &s->beds, &s->n_beds, &err) != CT_OK) {
		est_error(s, "the bedspaces", &err);
		sb_release(&err);
		return;
	}
	add(s, ROLE_HEADING, -1, NULL, "Bedspaces (%zu)", s->n_beds);
	for (i = 0; i < s->n_beds; i++) {
		struct cas3_bedspace *b = &s->beds[i];

		san(&b->reference);
		san(&b->characteristics);
		san(&b->end_date);
		add(s, ROLE_NORMAL, (long)i, bedspace_status(b), "Bedspace %s: from %s%s%s; %s",
		    or(b->reference, "?"), or(b->start_date, "?"), b->end_date ? " until " : "",
		    or(b->end_date, ""), or(b->characteristics, "no attributes"));
	}
	if (!s->n_beds)
		add(s, ROLE_HINT, -1, NULL, "No bedspaces yet.");
	add(s, ROLE_NORMAL, -1, NULL, "%s", "");
	key_hint(s, ui, what, acts, 4);
	focus_first_item(s);
	sb_release(&err);
}

static int premises_enter(struct ui *ui, const void *arg, void **state, struct strbuf *err)
{
	struct est *s = calloc(1, sizeof *s);

	if (!s || !arg || !(s->id = strdup(arg))) {
		free(s);
		sb_adds(err, arg ? "out of memory" : "no premises given");
		return -1;
	}
	lines_init(&s->lines);
	premises_load(s, ui);
	*state = s;
	return 0;
}

static void premises_draw(void *state, struct ui *ui, struct ui_canvas *c)
{
	struct est *s = state;

	if (s->changed)
		premises_load(s, ui);
	est_draw_lines(s, c);
}

struct bed_arg {
	const char *premises_id, *bedspace_id;
};

static enum ui_result premises_key(void *state, struct ui *ui, const struct ui_event *ev)
{
	struct est *s = state;
	long i = focused(s);
	struct bed_arg ba;

	switch (ev->action) {
	case ACT_SELECT:
		if (i >= 0) {
			ba.premises_id = s->id;
			ba.bedspace_id = s->beds[i].id;
			ui_push(ui, &cas3_bedspace_screen, &ba);
		}
		return UI_REDRAW;
	case ACT_ADD:
		open_form(ui, s, CAS3_FORM_BEDSPACE, s->id, NULL, NULL, "Add a bedspace");
		return UI_REDRAW;
	case ACT_EDIT:
		if (i < 0) {
			ui_message(ui, true, "choose a bedspace first");
			return UI_REDRAW;
		}
		open_form(ui, s, CAS3_FORM_BEDSPACE, s->id, s->beds[i].id, NULL,
			  "Change the bedspace");
		return UI_REDRAW;
	case ACT_EDIT_THIS:
		open_form(ui, s, CAS3_FORM_PREMISES, s->id, NULL, NULL, "Change premises");
		return UI_REDRAW;
	case ACT_REFRESH:
		premises_load(s, ui);
		return UI_REDRAW;
	default:
		return lines_key(&s->lines, ev, 10);
	}
}

static void premises_help(void *state, struct ui *ui, struct ui_help *h)
{
	(void)state;
	(void)ui;
	ui_help_action(h, ACT_UP);
	ui_help_action(h, ACT_DOWN);
	ui_help_action(h, ACT_SELECT);
	ui_help_action(h, ACT_ADD);
	ui_help_action(h, ACT_EDIT);
	ui_help_action(h, ACT_EDIT_THIS);
	ui_help_action(h, ACT_REFRESH);
	ui_help_action(h, ACT_BACK);
}

static const char *est_title(void *state)
{
	struct est *s = state;

	return s->title ? s->title : "Premises";
}

const struct screen_ops cas3_premises_screen = {
	.name = "cas3-premises",
	.title = "Premises",
	.section = SEC_CAS3_ESTATE,
	.enter = premises_enter,
	.leave = est_leave,
	.draw = premises_draw,
	.key = premises_key,
	.place_cursor = est_cursor,
	.help = premises_help,
	.title_of = est_title,
};

/* ---- one bedspace and its voids ---- */

static void bedspace_load(struct est *s, struct ui *ui)
{
	static const char *const what[] = {"adds a void", "changes the selected void",
					   "cancels the selected void", "changes the bedspace"};
	static const enum ui_action acts[] = {ACT_ADD, ACT_EDIT, ACT_CANCEL_VOID, ACT_EDIT_THIS};
	struct strbuf err = STRBUF_INIT;
	struct cas3_bedspace *b = NULL;
	size_t i;

	est_clear(s);
	lines_init(&s->lines);
	s->changed = false;
	s->loaded = true;
	if (!ui_db(ui)) {
		add(s, ROLE_ERROR, -1, NULL, "Error: there is no database connection.");
		return;
	}
	if (cas3_bedspace_list(ui_db(ui), s->parent_id, &s->beds, &s->n_beds, &err) != CT_OK) {
		est_error(s, "the bedspace", &err);
		sb_release(&err);
		return;
	}
	for (i = 0; i < s->n_beds; i++)
		if (!strcmp(s->beds[i].id, s->id))
			b = &s->beds[i];
	if (!b) {
		add(s, ROLE_ERROR, -1, NULL, "Error: this bedspace is not there any more.");
		return;
	}
	san(&b->reference);
	san(&b->characteristics);
	san(&b->notes);
	san(&b->end_date);
	free(s->title);
	s->title = NULL;
	{
		struct strbuf t = STRBUF_INIT;

		sb_addf(&t, "Bedspace %s", or(b->reference, "?"));
		s->title = sb_detach(&t, NULL);
	}
	add(s, ROLE_HEADING, -1, NULL, "Bedspace %s", or(b->reference, "?"));
	add(s, ROLE_NORMAL, -1, "Status", "%s", bedspace_status(b));
	add(s, ROLE_NORMAL, -1, "From", "%s", or(b->start_date, "?"));
	add(s, ROLE_NORMAL, -1, "Until", "%s", b->end_date ? b->end_date : "no end date");
	add(s, ROLE_NORMAL, -1, "Attributes", "%s", or(b->characteristics, "none"));
	add(s, ROLE_NORMAL, -1, "Notes", "%s", or(b->notes, "none"));
	add(s, ROLE_NORMAL, -1, NULL, "%s", "");
	if (cas3_void_list(ui_db(ui), s->id, true, &s->voids, &s->n_voids, &err) != CT_OK) {
		est_error(s, "the voids", &err);
		sb_release(&err);
		return;
	}
	add(s, ROLE_HEADING, -1, NULL, "Voids (%zu)", s->n_voids);
	for (i = 0; i < s->n_voids; i++) {
		struct cas3_void *v = &s->voids[i];

		san(&v->reason);
		san(&v->notes);
		san(&v->reference_number);
		san(&v->cost_centre);
		san(&v->cancellation_notes);
		add(s, v->cancelled_at ? ROLE_HINT : ROLE_NORMAL, (long)i,
		    v->cancelled_at ? "Cancelled" : "Void", "%s to %s: %s%s%s%s%s",
		    or(v->start_date, "?"), or(v->end_date, "?"), or(v->reason, "?"),
		    v->cost_centre ? "; cost centre " : "", or(v->cost_centre, ""),
		    v->notes && *v->notes ? "; " : "", or(v->notes, ""));
	}
	if (!s->n_voids)
		add(s, ROLE_HINT, -1, NULL, "No voids.");
	add(s, ROLE_NORMAL, -1, NULL, "%s", "");
	key_hint(s, ui, what, acts, 4);
	focus_first_item(s);
	sb_release(&err);
}

static int bedspace_enter(struct ui *ui, const void *arg, void **state, struct strbuf *err)
{
	const struct bed_arg *ba = arg;
	struct est *s = calloc(1, sizeof *s);

	if (!s || !ba || !(s->id = strdup(ba->bedspace_id)) ||
	    !(s->parent_id = strdup(ba->premises_id))) {
		if (s)
			free(s->id);
		free(s);
		sb_adds(err, ba ? "out of memory" : "no bedspace given");
		return -1;
	}
	lines_init(&s->lines);
	bedspace_load(s, ui);
	*state = s;
	return 0;
}

static void bedspace_draw(void *state, struct ui *ui, struct ui_canvas *c)
{
	struct est *s = state;

	if (s->changed)
		bedspace_load(s, ui);
	est_draw_lines(s, c);
}

static enum ui_result bedspace_key(void *state, struct ui *ui, const struct ui_event *ev)
{
	struct est *s = state;
	long i = focused(s);

	switch (ev->action) {
	case ACT_ADD:
		open_form(ui, s, CAS3_FORM_VOID, s->parent_id, s->id, NULL, "Add a void");
		return UI_REDRAW;
	case ACT_EDIT:
	case ACT_CANCEL_VOID:
		if (i < 0) {
			ui_message(ui, true, "choose a void first");
			return UI_REDRAW;
		}
		if (s->voids[i].cancelled_at) {
			ui_message(ui, true, "this void is cancelled already");
			return UI_REDRAW;
		}
		if (ev->action == ACT_EDIT)
			open_form(ui, s, CAS3_FORM_VOID, s->parent_id, s->id, s->voids[i].id,
				  "Change the void");
		else
			open_form(ui, s, CAS3_FORM_VOID_CANCEL, s->parent_id, s->id,
				  s->voids[i].id, "Cancel the void");
		return UI_REDRAW;
	case ACT_EDIT_THIS:
		open_form(ui, s, CAS3_FORM_BEDSPACE, s->parent_id, s->id, NULL,
			  "Change the bedspace");
		return UI_REDRAW;
	case ACT_REFRESH:
		bedspace_load(s, ui);
		return UI_REDRAW;
	default:
		return lines_key(&s->lines, ev, 10);
	}
}

static void bedspace_help(void *state, struct ui *ui, struct ui_help *h)
{
	(void)state;
	(void)ui;
	ui_help_action(h, ACT_UP);
	ui_help_action(h, ACT_DOWN);
	ui_help_action(h, ACT_ADD);
	ui_help_action(h, ACT_EDIT);
	ui_help_action(h, ACT_CANCEL_VOID);
	ui_help_action(h, ACT_EDIT_THIS);
	ui_help_action(h, ACT_REFRESH);
	ui_help_action(h, ACT_BACK);
}

const struct screen_ops cas3_bedspace_screen = {
	.name = "cas3-bedspace",
	.title = "Bedspace",
	.section = SEC_CAS3_ESTATE,
	.enter = bedspace_enter,
	.leave = est_leave,
	.draw = bedspace_draw,
	.key = bedspace_key,
	.place_cursor = est_cursor,
	.help = bedspace_help,
	.title_of = est_title,
};
