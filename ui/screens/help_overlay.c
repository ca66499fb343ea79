/* help_overlay.c: the ? / F1 panel over the current screen, listing its
 * keys (those the screen answers to, then the ones that work everywhere),
 * from the action table and the keymap in use.  Esc, ? or q close it. */
#include <stdlib.h>

#include "ui/lines.h"
#include "ui/screens/screens.h"

struct overlay {
	struct ui_lines lines;
	int page;
	int box_rows;   /* lines needed inside the box */
};

static int add_action(struct ui *ui, struct ui_lines *l, enum ui_section sec, enum ui_action a)
{
	struct strbuf keys = STRBUF_INIT;
	int rc = 0;

	if (keymap_describe(ui_keymap(ui), sec, a, ", ", &keys))
		rc = lines_add(l, ROLE_NORMAL, keys.buf, action_help(a));
	sb_release(&keys);
	return rc;
}

static int build(struct ui *ui, const struct help_target *t, struct ui_lines *l)
{
	struct ui_help h = {.n = 0};
	enum ui_section sec = t->ops->section;
	const char *title = t->ops->title_of ? t->ops->title_of(t->state) : NULL;
	struct strbuf close = STRBUF_INIT;
	ui_key k;
	size_t i;
	int a, rc = 0;

	if (t->ops->help)
		t->ops->help(t->state, ui, &h);
	rc |= lines_addf(l, ROLE_HEADING, NULL, "Keys of this screen (%s)",
			 title ? title : t->ops->title);
	for (i = 0; i < h.n; i++)
		rc |= add_action(ui, l, h.sec[i] ? (enum ui_section)h.sec[i] : sec, h.acts[i]);
	if (!h.n)
		rc |= lines_add(l, ROLE_HINT, NULL, "This screen has no keys of its own.");
	rc |= lines_add(l, ROLE_HEADING, NULL, "Keys everywhere");
	for (a = ACT_NONE + 1; a < ACT_COUNT; a++) {
		bool listed = false;

		for (i = 0; i < h.n; i++)
			listed |= h.acts[i] == (enum ui_action)a;
		if (listed || !keymap_own_keys(ui_keymap(ui), SEC_GLOBAL, (enum ui_action)a, &k, 1))
			continue;
		rc |= add_action(ui, l, sec, (enum ui_action)a);
	}
	keymap_describe(ui_keymap(ui), SEC_HELP_OVERLAY, ACT_BACK, ", ", &close);
	if (close.len)
		sb_adds(&close, ", ");
	keymap_describe(ui_keymap(ui), SEC_HELP_OVERLAY, ACT_HELP, ", ", &close);
	rc |= lines_addf(l, ROLE_HINT, NULL, "Close this help with %s.", close.buf);
	sb_release(&close);
	return rc;
}

static int ov_enter(struct ui *ui, const void *arg, void **state, struct strbuf *err)
{
	struct overlay *o = calloc(1, sizeof *o);

	if (!o || !arg) {
		free(o);
		sb_adds(err, o ? "no screen given" : "out of memory");
		return -1;
	}
	lines_init(&o->lines);
	if (build(ui, arg, &o->lines)) {
		lines_release(&o->lines);
		free(o);
		sb_adds(err, "out of memory");
		return -1;
	}
	o->lines.focus = 1;
	o->page = 10;
	*state = o;
	return 0;
}

static void ov_leave(struct ui *ui, void *state)
{
	struct overlay *o = state;

	(void)ui;
	lines_release(&o->lines);
	free(o);
}

static void ov_draw(void *state, struct ui *ui, struct ui_canvas *c)
{
	struct overlay *o = state;
	int w, h, y, x, r;

	(void)ui;
	if (c->linear) {
		o->page = c->rows > 1 ? c->rows - 1 : 1;
		lines_draw(&o->lines, c, 0, 0, c->rows, c->cols, 0);
		return;
	}
	w = c->cols - 8 < 72 ? c->cols - 8 : 72;
	h = (int)o->lines.n + 4;
	if (h > c->rows - 2)
		h = c->rows - 2;
	y = (c->rows - h) / 2;
	x = (c->cols - w) / 2;
	for (r = 0; r < h; r++)
		cv_fill(c, y + r, x, w, ROLE_DIALOG);
	cv_box(c, y, x, h, w, ROLE_BORDER);
	cv_text(c, y, x + 2, ROLE_HEADING, " Help: keys ");
	o->page = h - 5 > 1 ? h - 5 : 1;
	lines_draw(&o->lines, c, y + 1, x + 2, h - 2, w - 4, 16);
}

static enum ui_result ov_key(void *state, struct ui *ui, const struct ui_event *ev)
{
	struct overlay *o = state;
	enum ui_result r;

	(void)ui;
	switch (ev->action) {
	case ACT_BACK:
	case ACT_HELP:
		return UI_CLOSE;
	case ACT_QUIT:
	case ACT_REDRAW:
		return UI_IGNORED;
	default:
		r = lines_key(&o->lines, ev, o->page);
		return r == UI_IGNORED ? UI_HANDLED : r; /* other keys do nothing here */
	}
}

static bool ov_cursor(void *state, struct ui *ui, const struct ui_canvas *c, int *row, int *col)
{
	struct overlay *o = state;

	(void)ui;
	(void)c;
	*row = o->lines.focus_row;
	*col = o->lines.focus_col;
	return true;
}

static void ov_help(void *state, struct ui *ui, struct ui_help *h)
{
	(void)state;
	(void)ui;
	ui_help_action(h, ACT_BACK);
}

const struct screen_ops help_overlay = {
	.name = "help-overlay",
	.title = "Keys",
	.section = SEC_HELP_OVERLAY,
	.flags = SCREEN_OVERLAY,
	.enter = ov_enter,
	.leave = ov_leave,
	.draw = ov_draw,
	.key = ov_key,
	.place_cursor = ov_cursor,
	.help = ov_help,
};
