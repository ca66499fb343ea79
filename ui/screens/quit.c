/* quit.c: "Quit caseterm? y/n", which also says when there is unsaved work
 * (ui_has_unsaved_work()). */
#include <stdlib.h>

#include "ui/screens/screens.h"

struct quit {
	int row, col; /* where the cursor goes: after the question */
};

static int quit_enter(struct ui *ui, const void *arg, void **state, struct strbuf *err)
{
	struct quit *q = calloc(1, sizeof *q);

	(void)ui;
	(void)arg;
	if (!q) {
		sb_adds(err, "out of memory");
		return -1;
	}
	*state = q;
	return 0;
}

static void quit_leave(struct ui *ui, void *state)
{
	(void)ui;
	free(state);
}

static void question(struct ui *ui, struct strbuf *sb)
{
	ui_key y = keymap_letter(ui_keymap(ui), SEC_DIALOG, ACT_YES);
	ui_key n = keymap_letter(ui_keymap(ui), SEC_DIALOG, ACT_NO);

	sb_adds(sb, "Quit caseterm? ");
	ui_key_name(y ? y : UIK_ENTER, sb);
	sb_addc(sb, '/');
	ui_key_name(n ? n : UIK_ESC, sb);
}

static void quit_draw(void *state, struct ui *ui, struct ui_canvas *c)
{
	static const char warn[] = "Warning: you have unsaved work, which will be lost.";
	struct quit *q = state;
	struct strbuf sb = STRBUF_INIT;
	bool unsaved = ui_has_unsaved_work();
	int w, h, y, x, r;

	question(ui, &sb);
	if (c->linear) {
		r = 0;
		if (unsaved)
			r += cv_wrap(c, r, 0, c->cols, ROLE_ERROR, warn);
		q->row = r;
		q->col = cv_text(c, r, 0, ROLE_HEADING, sb.buf) + 1;
		sb_release(&sb);
		return;
	}
	w = unsaved ? 60 : 40;
	h = unsaved ? 6 : 5;
	if (w > c->cols - 2)
		w = c->cols - 2;
	y = (c->rows - h) / 2;
	x = (c->cols - w) / 2;
	for (r = 0; r < h; r++)
		cv_fill(c, y + r, x, w, ROLE_DIALOG);
	cv_box(c, y, x, h, w, ROLE_BORDER);
	cv_text(c, y, x + 2, ROLE_HEADING, " Quit ");
	r = y + 2;
	if (unsaved) {
		cv_textn(c, r, x + 2, ROLE_ERROR, 0, warn, w - 4);
		r++;
	}
	q->row = r;
	q->col = x + 2 + cv_textn(c, r, x + 2, ROLE_DIALOG, TA_BOLD, sb.buf, w - 5) + 1;
	sb_release(&sb);
}

static enum ui_result quit_key(void *state, struct ui *ui, const struct ui_event *ev)
{
	(void)state;
	switch (ev->action) {
	case ACT_YES:
		ui_quit(ui, 0);
		return UI_HANDLED;
	case ACT_NO:
	case ACT_BACK:
		return UI_CLOSE;
	case ACT_REDRAW:
		return UI_IGNORED;
	default:
		return UI_HANDLED; /* the question waits for an answer */
	}
}

static bool quit_cursor(void *state, struct ui *ui, const struct ui_canvas *c, int *row, int *col)
{
	struct quit *q = state;

	(void)ui;
	(void)c;
	*row = q->row;
	*col = q->col;
	return true;
}

static void quit_help(void *state, struct ui *ui, struct ui_help *h)
{
	(void)state;
	(void)ui;
	ui_help_action(h, ACT_YES);
	ui_help_action(h, ACT_NO);
	ui_help_action(h, ACT_BACK);
}

const struct screen_ops quit_dialog = {
	.name = "quit",
	.title = "Quit",
	.section = SEC_DIALOG,
	.flags = SCREEN_OVERLAY,
	.enter = quit_enter,
	.leave = quit_leave,
	.draw = quit_draw,
	.key = quit_key,
	.place_cursor = quit_cursor,
	.help = quit_help,
};
