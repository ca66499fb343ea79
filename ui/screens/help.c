/* help.c: the Help screen: every key of every keymap section (from the
 * action table and the keymap in use) and a few lines about caseterm. */
#include <stdlib.h>

#include "ui/lines.h"
#include "ui/screens/screens.h"

struct help {
	struct ui_lines lines;
	int page;
};

static int build(struct ui *ui, struct ui_lines *l)
{
	const struct keymap *km = ui_keymap(ui);
	const struct staff *s = ui_staff(ui);
	struct strbuf keys = STRBUF_INIT;
	const char *cfg = ui_about(ui, "config");
	int sec, a, rc = 0;

	rc |= lines_add(l, ROLE_HEADING, NULL, "Keys");
	for (sec = 0; sec < SEC_COUNT; sec++) {
		bool any = false;

		for (a = ACT_NONE + 1; a < ACT_COUNT; a++) {
			ui_key k[16];
			size_t n = keymap_own_keys(km, (enum ui_section)sec, (enum ui_action)a, k, 16),
			       i;

			if (!n)
				continue;
			if (!any) {
				rc |= lines_addf(l, ROLE_HEADING, NULL, "%s (%s)",
						 section_help((enum ui_section)sec),
						 section_name((enum ui_section)sec));
				any = true;
			}
			sb_reset(&keys);
			for (i = 0; i < n && i < 16; i++) {
				if (i)
					sb_adds(&keys, ", ");
				ui_key_name(k[i], &keys);
			}
			rc |= lines_add(l, ROLE_NORMAL, keys.buf, action_help((enum ui_action)a));
		}
	}
	rc |= lines_add(l, ROLE_NORMAL, NULL, "");
	rc |= lines_add(l, ROLE_HEADING, NULL, "About caseterm");
	rc |= lines_addf(l, ROLE_NORMAL, NULL,
			 "caseterm %s: referrals, interventions and accommodation for the "
			 "Probation Service.",
			 ui_about(ui, "version"));
	rc |= lines_addf(l, ROLE_NORMAL, NULL, "Signed in as %s (%s).",
			 s->display_name ? s->display_name : "", s->role_label ? s->role_label : "");
	rc |= lines_addf(l, ROLE_NORMAL, NULL, "Configuration: %s.",
			 *cfg ? cfg : "built-in defaults");
	rc |= lines_addf(l, ROLE_NORMAL, NULL, "Keys are read from %s; change them there.",
			 ui_about(ui, "keymap"));
	rc |= lines_addf(l, ROLE_NORMAL, NULL, "Themes are read from %s; the theme in use is %s.",
			 ui_about(ui, "themes"), ui_about(ui, "theme"));
	rc |= lines_add(l, ROLE_NORMAL, NULL,
			"--linear (or accessibility.linear: true) draws every screen as plain "
			"lines for screen readers. NO_COLOR=1 turns colour off. The cursor always "
			"sits on the focused item.");
	sb_release(&keys);
	return rc;
}

static int help_enter(struct ui *ui, const void *arg, void **state, struct strbuf *err)
{
	struct help *h = calloc(1, sizeof *h);

	(void)arg;
	if (!h) {
		sb_adds(err, "out of memory");
		return -1;
	}
	lines_init(&h->lines);
	if (build(ui, &h->lines)) {
		lines_release(&h->lines);
		free(h);
		sb_adds(err, "out of memory");
		return -1;
	}
	h->lines.focus = 1;
	h->page = 10;
	*state = h;
	return 0;
}

static void help_leave(struct ui *ui, void *state)
{
	struct help *h = state;

	(void)ui;
	lines_release(&h->lines);
	free(h);
}

static void help_draw(void *state, struct ui *ui, struct ui_canvas *c)
{
	struct help *h = state;

	(void)ui;
	if (c->linear) {
		h->page = c->rows > 1 ? c->rows - 1 : 1;
		lines_draw(&h->lines, c, 0, 0, c->rows, c->cols, 0);
	} else {
		h->page = c->rows > 3 ? c->rows - 3 : 1;
		lines_draw(&h->lines, c, 1, 2, c->rows - 2, c->cols - 4, 18);
	}
}

static enum ui_result help_key(void *state, struct ui *ui, const struct ui_event *ev)
{
	struct help *h = state;

	(void)ui;
	return lines_key(&h->lines, ev, h->page);
}

static bool help_cursor(void *state, struct ui *ui, const struct ui_canvas *c, int *row,
			int *col)
{
	struct help *h = state;

	(void)ui;
	(void)c;
	*row = h->lines.focus_row;
	*col = h->lines.focus_col;
	return true;
}

static void help_help(void *state, struct ui *ui, struct ui_help *hp)
{
	(void)state;
	(void)ui;
	ui_help_action(hp, ACT_UP);
	ui_help_action(hp, ACT_DOWN);
	ui_help_action(hp, ACT_PAGE_UP);
	ui_help_action(hp, ACT_PAGE_DOWN);
	ui_help_action(hp, ACT_FIRST);
	ui_help_action(hp, ACT_LAST);
	ui_help_action(hp, ACT_BACK);
}

const struct screen_ops help_screen = {
	.name = "help",
	.title = "Help",
	.section = SEC_HELP_SCREEN,
	.enter = help_enter,
	.leave = help_leave,
	.draw = help_draw,
	.key = help_key,
	.place_cursor = help_cursor,
	.help = help_help,
};
