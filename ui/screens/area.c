/* area.c: an area of caseterm that is not built yet.  It says honestly what
 * will come there and which issue builds it; Esc goes back. */
#include <stdlib.h>

#include "ui/screens/screens.h"

struct area {
	const struct area_info *info;
};

static int area_enter(struct ui *ui, const void *arg, void **state, struct strbuf *err)
{
	struct area *a = calloc(1, sizeof *a);

	(void)ui;
	if (!a || !arg) {
		free(a);
		sb_adds(err, a ? "no area given" : "out of memory");
		return -1;
	}
	a->info = arg;
	*state = a;
	return 0;
}

static void area_leave(struct ui *ui, void *state)
{
	(void)ui;
	free(state);
}

static const char *area_title(void *state)
{
	return ((struct area *)state)->info->title;
}

static void area_draw(void *state, struct ui *ui, struct ui_canvas *c)
{
	const struct area_info *in = ((struct area *)state)->info;
	struct strbuf sb = STRBUF_INIT;
	int col = c->linear ? 0 : 2, w = c->cols - 2 * col, row = c->linear ? 0 : 1;

	cv_text(c, row++, col, ROLE_HEADING, in->title);
	if (!c->linear)
		row++;
	row += cv_wrap(c, row, col, w, ROLE_NORMAL, in->text);
	if (!c->linear)
		row++;
	sb_addf(&sb, "Not built yet: this area arrives with issue %d.", in->issue);
	row += cv_wrap(c, row, col, w, ROLE_HINT, sb.buf);
	sb_reset(&sb);
	if (!c->linear)
		row++;
	sb_adds(&sb, "Press ");
	if (!keymap_describe(ui_keymap(ui), SEC_AREA, ACT_BACK, " or ", &sb))
		sb_adds(&sb, "the back key");
	sb_adds(&sb, " to go back to Home.");
	cv_wrap(c, row, col, w, ROLE_HINT, sb.buf);
	sb_release(&sb);
}

static bool area_cursor(void *state, struct ui *ui, const struct ui_canvas *c, int *row, int *col)
{
	(void)state;
	(void)ui;
	*row = c->linear ? 0 : 1;
	*col = c->linear ? 0 : 2;
	return true;
}

static void area_help(void *state, struct ui *ui, struct ui_help *h)
{
	(void)state;
	(void)ui;
	ui_help_action(h, ACT_BACK);
}

const struct screen_ops area_screen = {
	.name = "area",
	.title = "Area",
	.section = SEC_AREA,
	.enter = area_enter,
	.leave = area_leave,
	.draw = area_draw,
	.place_cursor = area_cursor,
	.help = area_help,
	.title_of = area_title,
};
