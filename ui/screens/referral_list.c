/* referral_list.c: "My referrals" (every referral the signed-in member of
 * staff may see: for a practitioner, those they sent and those for people on
 * their caseload) and "Need your attention" (the open ones waiting for
 * them, each with why).  Filter by status, search by reference, CRN or name,
 * sort by date sent, last change or person; counts; Enter opens one.
 *
 * Rows are read once (row-level security decides which) and sanitised when
 * loaded; filtering, searching and sorting work on them in memory, so typing
 * a search redraws at once.  Ctrl-R reads them again. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ui/screens/referral_screens.h"
#include "util/sanitize.h"

/* Which rows are shown: open, all, closed, or one status (by its words). */
enum show { SHOW_OPEN, SHOW_ALL, SHOW_CLOSED, SHOW_STATE };
enum sortby { SORT_SENT, SORT_CHANGED, SORT_PERSON, SORT_COUNT };

static const char *const sort_words[SORT_COUNT] = {
	"date sent, newest first", "last change, newest first", "person, A to Z"};

/* Statuses in lifecycle order, for the filter and the counts. */
static const char *const state_order[] = {
	"sent", "assigned", "in progress", "awaiting end of service report", "completed",
	"prematurely ended", "cancelled", "withdrawn", NULL};

struct rlist {
	enum referral_list_kind kind;
	struct referral_summary *rows;
	size_t n;
	size_t *vis;          /* indexes of the rows shown, in order */
	size_t n_vis;
	char *error;          /* why the rows could not be read, or NULL */
	enum show show;
	int state_i;          /* SHOW_STATE: index into state_order */
	enum sortby sort;
	struct strbuf search;
	bool searching;       /* typing into the search */
	size_t sel;
	int first_row;        /* virtual row of the first list row at the last draw */
	int sel_row;          /* --linear: virtual row of the selected one (lines wrap) */
	int search_row, search_col;
};

/* ---- data ---------------------------------------------------------------- */

static const struct referral_source *source;

void referral_screens_set_source(const struct referral_source *src)
{
	source = src;
}

const struct referral_source *referral_screens_source(void)
{
	return source;
}

void referral_when(const char *iso, bool with_time, struct strbuf *out)
{
	if (!iso)
		return;
	if (strlen(iso) >= 16 && iso[10] == 'T') {
		sb_add(out, iso, 10);
		if (with_time) {
			sb_addc(out, ' ');
			sb_add(out, iso + 11, 5);
		}
		return;
	}
	sb_adds(out, iso);
}

/* Replaces *s with its sanitised copy; false when out of memory. */
static bool clean(char **s)
{
	char *c;

	if (!*s)
		return true;
	c = text_sanitize(*s, SAN_SINGLE_LINE);
	if (!c)
		return false;
	free(*s);
	*s = c;
	return true;
}

static bool clean_summary(struct referral_summary *r)
{
	return clean(&r->reference_number) & clean(&r->crn) & clean(&r->person_name) &
	       clean(&r->intervention_title) & clean(&r->provider_name) & clean(&r->state_words) &
	       clean(&r->sent_by_name) & clean(&r->assigned_to_name) & clean(&r->attention_reason);
}

static void load(struct rlist *l, struct ui *ui)
{
	struct referral_list_filter f = {.scope = REFERRALS_ALL, .limit = 1000};
	struct strbuf err = STRBUF_INIT;
	enum ct_status st;
	size_t i;

	referral_summaries_free(&l->rows, l->n);
	l->n = 0;
	free(l->error);
	l->error = NULL;
	if (l->kind == REFERRAL_LIST_ATTENTION) {
		f.scope = REFERRALS_OPEN;
		f.needs_attention = true;
	}
	if (source && source->list)
		st = source->list(source->ctx, &f, &l->rows, &l->n, &err);
	else if (ui_db(ui))
		st = referral_list_mine(ui_db(ui), &f, REFERRAL_SORT_SENT_DESC, &l->rows, &l->n, &err);
	else {
		st = CT_ERR;
		sb_adds(&err, "no database connection");
	}
	if (st != CT_OK) {
		if (!err.len)
			sb_adds(&err, ct_status_message(st));
		l->error = text_sanitize(err.buf, SAN_SINGLE_LINE);
		l->rows = NULL;
		l->n = 0;
	}
	for (i = 0; i < l->n; i++)
		if (!clean_summary(&l->rows[i]) && !l->error)
			l->error = strdup("out of memory");
	sb_release(&err);
}

/* The last word of a name, for sorting by surname. */
static const char *surname(const char *name)
{
	const char *sp = name ? strrchr(name, ' ') : NULL;

	return sp ? sp + 1 : name ? name : "";
}

static int cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static enum sortby sort_for_cmp;
static const struct referral_summary *rows_for_cmp;

static int cmp_rows(const void *pa, const void *pb)
{
	const struct referral_summary *a = &rows_for_cmp[*(const size_t *)pa];
	const struct referral_summary *b = &rows_for_cmp[*(const size_t *)pb];
	int c = 0;

	switch (sort_for_cmp) {
	case SORT_CHANGED:
		c = -cmp_str(a->last_change_at, b->last_change_at);
		break;
	case SORT_PERSON:
		c = strcasecmp(surname(a->person_name), surname(b->person_name));
		if (!c)
			c = strcasecmp(a->person_name ? a->person_name : "",
				       b->person_name ? b->person_name : "");
		break;
	default:
		break;
	}
	if (!c)
		c = -cmp_str(a->sent_at, b->sent_at);
	if (!c)
		c = cmp_str(a->reference_number, b->reference_number);
	return c;
}

static bool contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	if (!n)
		return true;
	for (; hay && *hay; hay++)
		if (!strncasecmp(hay, needle, n))
			return true;
	return false;
}

static bool shown(const struct rlist *l, const struct referral_summary *r)
{
	const char *q = l->search.buf ? l->search.buf : "";

	switch (l->show) {
	case SHOW_OPEN:
		if (!r->open)
			return false;
		break;
	case SHOW_CLOSED:
		if (r->open)
			return false;
		break;
	case SHOW_STATE:
		if (cmp_str(r->state_words, state_order[l->state_i]))
			return false;
		break;
	default:
		break;
	}
	return contains_ci(r->reference_number, q) || contains_ci(r->crn, q) ||
	       contains_ci(r->person_name, q);
}

/* Recomputes the rows shown, keeping the selection on the same referral. */
static void refilter(struct rlist *l)
{
	const char *keep = l->n_vis && l->sel < l->n_vis ? l->rows[l->vis[l->sel]].id : NULL;
	size_t i;

	free(l->vis);
	l->vis = calloc(l->n + 1, sizeof *l->vis);
	l->n_vis = 0;
	if (!l->vis)
		return;
	for (i = 0; i < l->n; i++)
		if (shown(l, &l->rows[i]))
			l->vis[l->n_vis++] = i;
	sort_for_cmp = l->sort;
	rows_for_cmp = l->rows;
	qsort(l->vis, l->n_vis, sizeof *l->vis, cmp_rows);
	l->sel = 0;
	for (i = 0; keep && i < l->n_vis; i++)
		if (!cmp_str(l->rows[l->vis[i]].id, keep))
			l->sel = i;
}

/* ---- screen -------------------------------------------------------------- */

static int rl_enter(struct ui *ui, const void *arg, void **state, struct strbuf *err)
{
	const struct referral_list_arg *a = arg;
	struct rlist *l = calloc(1, sizeof *l);

	if (!l) {
		sb_adds(err, "out of memory");
		return -1;
	}
	l->kind = a ? a->kind : REFERRAL_LIST_MINE;
	l->sort = l->kind == REFERRAL_LIST_ATTENTION ? SORT_CHANGED : SORT_SENT;
	sb_init(&l->search);
	load(l, ui);
	refilter(l);
	*state = l;
	return 0;
}

static void rl_leave(struct ui *ui, void *state)
{
	struct rlist *l = state;

	(void)ui;
	referral_summaries_free(&l->rows, l->n);
	free(l->vis);
	free(l->error);
	sb_release(&l->search);
	free(l);
}

static const char *rl_title(void *state)
{
	return ((struct rlist *)state)->kind == REFERRAL_LIST_ATTENTION ? "Need your attention"
									: "My referrals";
}

static void show_words(const struct rlist *l, struct strbuf *out)
{
	switch (l->show) {
	case SHOW_OPEN: sb_adds(out, "open"); break;
	case SHOW_ALL: sb_adds(out, "all"); break;
	case SHOW_CLOSED: sb_adds(out, "closed"); break;
	default: sb_addf(out, "status %s", state_order[l->state_i]); break;
	}
}

/* "6 referrals: 4 open, 2 closed. sent 2, assigned 1, withdrawn 1." */
static void counts(const struct rlist *l, struct strbuf *out)
{
	size_t open = 0, i;
	int s;
	bool first = true;

	for (i = 0; i < l->n; i++)
		open += l->rows[i].open;
	sb_addf(out, "%zu referral%s: %zu open, %zu closed.", l->n, l->n == 1 ? "" : "s", open,
		l->n - open);
	for (s = 0; state_order[s]; s++) {
		size_t k = 0;

		for (i = 0; i < l->n; i++)
			k += !cmp_str(l->rows[i].state_words, state_order[s]);
		if (!k)
			continue;
		sb_addf(out, "%s%s %zu", first ? " " : ", ", state_order[s], k);
		first = false;
	}
	if (!first)
		sb_addc(out, '.');
}

struct cols {
	int ref, person, what, who, status, date; /* start columns */
	int wperson, wwhat, wwho, wstatus;
};

static struct cols layout(int width, bool attention)
{
	struct cols c;
	int rest;

	c.ref = 2;
	c.person = c.ref + 9;
	if (attention) {
		/* ref, person, why, date */
		rest = width - c.person - 12;
		c.wperson = rest > 40 ? 18 : rest * 2 / 5;
		c.what = c.person + c.wperson + 1;
		c.wwhat = rest - c.wperson - 1;
		c.who = c.status = c.what;
		c.wwho = c.wstatus = 0;
		c.date = width - 10;
		return c;
	}
	rest = width - c.person - 13 - 11; /* status 12 + space, date 10 + space */
	c.wperson = rest * 38 / 100;
	c.wwhat = rest * 36 / 100;
	c.wwho = rest - c.wperson - c.wwhat - 2;
	c.what = c.person + c.wperson + 1;
	c.who = c.what + c.wwhat + 1;
	c.status = c.who + c.wwho + 1;
	c.wstatus = 12;
	c.date = width - 10;
	return c;
}

static void draw_linear(struct rlist *l, struct ui_canvas *c)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int row = 0;

	sb_adds(&sb, "Showing: ");
	show_words(l, &sb);
	sb_addf(&sb, ". Sorted by %s. Search: %s%s", sort_words[l->sort],
		l->search.len ? l->search.buf : "none", l->searching ? " (typing)" : ".");
	row += cv_wrap(c, row, 0, c->cols, ROLE_NORMAL, sb.buf);
	l->search_row = 0;
	sb_reset(&sb);
	counts(l, &sb);
	row += cv_wrap(c, row, 0, c->cols, ROLE_NORMAL, sb.buf);
	if (l->error) {
		sb_reset(&sb);
		sb_addf(&sb, "Error: could not read the referrals: %s", l->error);
		row += cv_wrap(c, row, 0, c->cols, ROLE_ERROR, sb.buf);
	}
	cv_textf(c, row++, 0, ROLE_HEADING, "Referrals shown (%zu):", l->n_vis);
	l->first_row = row;
	l->sel_row = row;
	for (i = 0; i < l->n_vis; i++, row++) {
		const struct referral_summary *r = &l->rows[l->vis[i]];

		sb_reset(&sb);
		sb_addf(&sb, "%zu. %s, %s (%s), %s", i + 1, r->reference_number, r->person_name,
			r->crn, r->intervention_title);
		if (r->provider_name && r->provider_name[0])
			sb_addf(&sb, ", %s", r->provider_name);
		sb_addf(&sb, ", status %s", r->state_words);
		if (l->kind == REFERRAL_LIST_ATTENTION && r->attention_reason)
			sb_addf(&sb, ", why: %s", r->attention_reason);
		sb_adds(&sb, ", last change ");
		referral_when(r->last_change_at, false, &sb);
		sb_addc(&sb, '.');
		if (i == l->sel) {
			cv_text(c, row, 0, ROLE_MARKER, ">");
			l->sel_row = row;
		}
		/* plain lines wrap, never cut, for screen readers */
		row += cv_wrap(c, row, 2, c->cols - 2, i == l->sel ? ROLE_SELECTED : ROLE_NORMAL,
			       sb.buf) - 1;
	}
	if (!l->n_vis && !l->error)
		cv_text(c, row++, 0, ROLE_NORMAL, "No referrals match.");
	sb_release(&sb);
}

static void rl_draw(void *state, struct ui *ui, struct ui_canvas *c)
{
	struct rlist *l = state;
	bool att = l->kind == REFERRAL_LIST_ATTENTION;
	struct cols k = layout(c->cols, att);
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int row = 0, x;

	(void)ui;
	if (c->linear) {
		draw_linear(l, c);
		return;
	}
	x = cv_text(c, row, 1, ROLE_LABEL, "Show: ");
	sb_reset(&sb);
	show_words(l, &sb);
	x += cv_text(c, row, 1 + x, ROLE_VALUE, sb.buf);
	x += cv_text(c, row, 1 + x, ROLE_LABEL, "  Sort: ");
	x += cv_text(c, row, 1 + x, ROLE_VALUE, sort_words[l->sort]);
	row++;
	x = cv_text(c, row, 1, ROLE_LABEL, "Search: ");
	l->search_row = row;
	l->search_col = 1 + x + (int)text_width(l->search.buf ? l->search.buf : "");
	if (l->search.len)
		cv_text(c, row, 1 + x, l->searching ? ROLE_FOCUS : ROLE_VALUE, l->search.buf);
	else if (!l->searching)
		cv_text(c, row, 1 + x, ROLE_HINT, "none (press / to search by reference, CRN or name)");
	row++;
	sb_reset(&sb);
	counts(l, &sb);
	row += cv_wrap(c, row, 1, c->cols - 2, ROLE_NORMAL, sb.buf);
	if (l->error) {
		sb_reset(&sb);
		sb_addf(&sb, "Error: could not read the referrals: %s", l->error);
		row += cv_wrap(c, row, 1, c->cols - 2, ROLE_ERROR, sb.buf);
	}
	row++;
	cv_text(c, row, k.ref, ROLE_LABEL, "Ref");
	cv_text(c, row, k.person, ROLE_LABEL, "Person");
	if (att) {
		cv_text(c, row, k.what, ROLE_LABEL, "Why");
	} else {
		cv_textn(c, row, k.what, ROLE_LABEL, 0, "Intervention", k.wwhat);
		cv_textn(c, row, k.who, ROLE_LABEL, 0, "Provider", k.wwho);
		cv_text(c, row, k.status, ROLE_LABEL, "Status");
	}
	cv_text(c, row, k.date, ROLE_LABEL, "Changed");
	row++;
	l->first_row = row;
	for (i = 0; i < l->n_vis; i++, row++) {
		const struct referral_summary *r = &l->rows[l->vis[i]];
		bool sel = i == l->sel;
		enum theme_role role = sel ? ROLE_SELECTED : ROLE_NORMAL;

		if (sel) {
			cv_fill(c, row, 0, c->cols, role);
			cv_text(c, row, 0, ROLE_MARKER, ">");
		}
		cv_textn(c, row, k.ref, role, 0, r->reference_number, 8);
		cv_textn(c, row, k.person, role, 0, r->person_name, k.wperson);
		if (att) {
			cv_textn(c, row, k.what, role, 0, r->attention_reason, k.wwhat);
		} else {
			cv_textn(c, row, k.what, role, 0, r->intervention_title, k.wwhat);
			cv_textn(c, row, k.who, role, 0,
				 r->provider_name && r->provider_name[0] ? r->provider_name : "probation",
				 k.wwho);
			cv_textn(c, row, k.status, role, 0, r->state_words, k.wstatus);
		}
		sb_reset(&sb);
		referral_when(r->last_change_at, false, &sb);
		cv_textn(c, row, k.date, role, 0, sb.buf, 10);
	}
	if (!l->n_vis && !l->error) {
		cv_wrap(c, row++, 2, c->cols - 4, ROLE_NORMAL,
			att ? "Nothing needs your attention now."
			    : "No referrals match. Press f to show others, or / to change the search.");
	}
	row++;
	cv_wrap(c, row, 1, c->cols - 2, ROLE_HINT,
		l->searching ? "Type to search; Enter keeps the search, Esc clears it."
			     : "Enter opens the referral. f filter, s sort, / search, ? every key.");
	sb_release(&sb);
}

static void next_show(struct rlist *l)
{
	/* open -> all -> closed -> each status present -> open */
	size_t i;

	if (l->show == SHOW_OPEN) {
		l->show = SHOW_ALL;
		return;
	}
	if (l->show == SHOW_ALL) {
		l->show = SHOW_CLOSED;
		return;
	}
	for (l->state_i = l->show == SHOW_CLOSED ? 0 : l->state_i + 1; state_order[l->state_i];
	     l->state_i++)
		for (i = 0; i < l->n; i++)
			if (!cmp_str(l->rows[i].state_words, state_order[l->state_i])) {
				l->show = SHOW_STATE;
				return;
			}
	l->show = SHOW_OPEN;
	l->state_i = 0;
}

/* A form on the referral opened from here changed it: read the rows again. */
static void changed(struct ui *ui, void *arg)
{
	struct rlist *l = arg;

	load(l, ui);
	refilter(l);
}

static enum ui_result open_selected(struct rlist *l, struct ui *ui)
{
	struct referral_detail_arg a = {.changed = changed, .changed_arg = l};

	if (!l->n_vis)
		return UI_HANDLED;
	a.id = l->rows[l->vis[l->sel]].id;
	/* the detail screen copies what it needs; ui_push says its errors */
	ui_push(ui, &referral_detail_screen, &a);
	return UI_REDRAW;
}

static enum ui_result search_key(struct rlist *l, const struct ui_event *ev)
{
	if (ev->key == UIK_ENTER) {
		l->searching = false;
		return UI_REDRAW;
	}
	if (ev->key == UIK_ESC) {
		l->searching = false;
		sb_reset(&l->search);
		refilter(l);
		return UI_REDRAW;
	}
	if (ev->key == UIK_BACKSPACE) {
		/* drop the last UTF-8 character */
		size_t n = l->search.len;

		while (n > 0 && ((unsigned char)l->search.buf[n - 1] & 0xC0) == 0x80)
			n--;
		if (n > 0)
			n--;
		sb_setlen(&l->search, n);
		refilter(l);
		return UI_REDRAW;
	}
	if (ev->key == UIK_DOWN || ev->key == UIK_UP || ev->key == UIK_TAB) {
		l->searching = false;
		return UI_REDRAW;
	}
	if (ui_key_is_text(ev->key)) {
		utf8_encode(&l->search, (unsigned)ev->key);
		refilter(l);
		return UI_REDRAW;
	}
	return UI_HANDLED;
}

static enum ui_result rl_key(void *state, struct ui *ui, const struct ui_event *ev)
{
	struct rlist *l = state;

	if (l->searching)
		return search_key(l, ev);
	switch (ev->action) {
	case ACT_UP:
		if (l->sel > 0)
			l->sel--;
		return UI_REDRAW;
	case ACT_DOWN:
		if (l->sel + 1 < l->n_vis)
			l->sel++;
		return UI_REDRAW;
	case ACT_PAGE_UP:
		l->sel = l->sel > 10 ? l->sel - 10 : 0;
		return UI_REDRAW;
	case ACT_PAGE_DOWN:
		l->sel = l->n_vis ? (l->sel + 10 < l->n_vis ? l->sel + 10 : l->n_vis - 1) : 0;
		return UI_REDRAW;
	case ACT_FIRST:
		l->sel = 0;
		return UI_REDRAW;
	case ACT_LAST:
		l->sel = l->n_vis ? l->n_vis - 1 : 0;
		return UI_REDRAW;
	case ACT_SELECT:
		return open_selected(l, ui);
	case ACT_SEARCH:
		l->searching = true;
		return UI_REDRAW;
	case ACT_FILTER:
		next_show(l);
		refilter(l);
		return UI_REDRAW;
	case ACT_SORT_REFERRALS:
		l->sort = (enum sortby)((l->sort + 1) % SORT_COUNT);
		refilter(l);
		return UI_REDRAW;
	case ACT_REFRESH:
		load(l, ui);
		refilter(l);
		ui_refresh_queues(ui);
		return UI_REDRAW;
	default:
		return UI_IGNORED;
	}
}

static bool rl_cursor(void *state, struct ui *ui, const struct ui_canvas *c, int *row, int *col)
{
	struct rlist *l = state;

	(void)ui;
	if (l->searching && !c->linear) {
		*row = l->search_row;
		*col = l->search_col;
		return true;
	}
	if (l->searching) {
		*row = 0;
		*col = 0;
		return true;
	}
	*row = c->linear ? l->sel_row : l->first_row + (l->n_vis ? (int)l->sel : 0);
	*col = 2;
	return true;
}

static void rl_help(void *state, struct ui *ui, struct ui_help *h)
{
	(void)state;
	(void)ui;
	ui_help_action(h, ACT_UP);
	ui_help_action(h, ACT_DOWN);
	ui_help_action(h, ACT_SELECT);
	ui_help_action(h, ACT_SEARCH);
	ui_help_action(h, ACT_FILTER);
	ui_help_action(h, ACT_SORT_REFERRALS);
	ui_help_action(h, ACT_REFRESH);
	ui_help_action(h, ACT_BACK);
}

static enum ui_result rl_resize(void *state, struct ui *ui, int rows, int cols)
{
	(void)state;
	(void)ui;
	(void)rows;
	(void)cols;
	return UI_REDRAW;
}

const struct screen_ops referral_list_screen = {
	.name = "referral-list",
	.title = "My referrals",
	.section = SEC_REFERRAL_LIST,
	.enter = rl_enter,
	.leave = rl_leave,
	.draw = rl_draw,
	.key = rl_key,
	.resize = rl_resize,
	.place_cursor = rl_cursor,
	.help = rl_help,
	.title_of = rl_title,
};

int referral_list_open_mine(struct ui *ui)
{
	static const struct referral_list_arg a = {REFERRAL_LIST_MINE};

	return ui_push(ui, &referral_list_screen, &a);
}

int referral_list_open_attention(struct ui *ui)
{
	static const struct referral_list_arg a = {REFERRAL_LIST_ATTENTION};

	return ui_push(ui, &referral_list_screen, &a);
}
