/* ui.c: ui_run(), the entry point of the terminal interface: loads the
 * keymap and theme, finds the signed-in member of staff, then runs the shell
 * in the terminal and restores it on every way out.
 *
 * Exit status: 0 after "Quit caseterm? y"; 1 when the login is not a member
 * of staff or there is no terminal; 2 for a bad keymap or themes file
 * ("file:line:col: message"); 3 when the database fails at start;
 * 128 + signal (129 SIGHUP, 143 SIGTERM) when a signal or a lost terminal
 * ends it, after the terminate hooks (drafts) ran and the terminal was
 * restored. */
#include "ui/ui.h"

#include "store/store.h"
#include "ui/form_screen.h"
#include "ui/keymap.h"
#include "ui/screens/screens.h"
#include "ui/shell.h"
#include "ui/term.h"
#include "ui/theme.h"
#include "util/status.h"

int ui_run(const struct ct_config *cfg, PGconn *db, const struct ui_options *opt,
	   struct strbuf *err)
{
	struct keymap *km = keymap_new();
	struct themes *ts = NULL;
	struct staff staff = {0};
	struct theme theme;
	struct term *t = NULL;
	struct ui *ui = NULL;
	enum ct_status st;
	int rc = 1;

	if (!km) {
		sb_adds(err, "out of memory");
		return 1;
	}
	if (keymap_load_file(km, cfg->keymap, err) || themes_load_file(cfg->themes, &ts, err)) {
		rc = 2;
		goto out;
	}
	if (theme_pick(ts, cfg->theme, opt->no_color, true, &theme, err)) {
		sb_addf(err, " (%s)", cfg->themes);
		rc = 2;
		goto out;
	}
	st = staff_current(db, &staff, err);
	if (st == CT_NOT_FOUND) {
		sb_reset(err);
		sb_addf(err,
			"the database login '%s' is not a member of staff in caseterm; "
			"ask an administrator to add you",
			PQuser(db));
		rc = 1;
		goto out;
	}
	if (st != CT_OK) {
		rc = ct_status_exit_code(st);
		goto out;
	}
	if (opt->form_id && form_screen_check_id(cfg->forms_dir, opt->form_id, err)) {
		rc = 4;
		goto out;
	}
	t = term_open(err);
	if (!t)
		goto out;
	theme_pick(ts, cfg->theme, opt->no_color, term_has_colors(t), &theme, err);
	term_apply_theme(t, &theme);
	ui = ui_new(&(struct ui_setup){
			    .keymap = km,
			    .db = db,
			    .staff = &staff,
			    .linear = opt->linear,
			    .config_path = cfg->path,
			    .keymap_path = cfg->keymap,
			    .themes_path = cfg->themes,
			    .theme_name = theme.name,
			    .config = cfg,
		    },
		    err);
	if (!ui)
		goto out;
	if (opt->form_id) {
		/* caseterm form ID [SUBJECT]: that form over the home screen */
		sb_reset(err);
		if (form_screen_open_id(ui, opt->form_id, opt->form_subject, 0, err)) {
			rc = 4;
			goto out;
		}
	} else {
		drafts_offer(ui);
	}
	rc = term_loop(t, ui);
out:
	term_close(&t); /* the terminal first, so a slow free never holds it */
	ui_free(&ui);
	staff_release(&staff);
	themes_free(&ts);
	keymap_free(&km);
	return rc;
}
