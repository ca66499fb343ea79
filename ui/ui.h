/* ui.h: the terminal user interface (ncursesw).  The only public entry point
 * for main.c; everything else under ui/ is private to it. */
#ifndef CASETERM_UI_H
#define CASETERM_UI_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "config/config.h"
#include "util/strbuf.h"

struct ui_options {
	bool linear;      /* --linear or accessibility.linear */
	bool no_color;    /* NO_COLOR set (any value) */
	/* caseterm form ID [SUBJECT]: open this form at once (NULL: offer the
	 * user's drafts, if any, over the home screen). */
	const char *form_id, *form_subject;
};

/* Runs the TUI until the user quits or a terminating signal arrives.
 * db is the signed-in member of staff's connection (owned by the caller).
 * Returns the process exit status; on failure err says why (the terminal is
 * restored before this returns). */
int ui_run(const struct ct_config *cfg, PGconn *db, const struct ui_options *opt,
	   struct strbuf *err);

#endif
