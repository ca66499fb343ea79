/* screens.h: the screens of the shell (one per file in this folder). */
#ifndef CASETERM_UI_SCREENS_H
#define CASETERM_UI_SCREENS_H

#include "ui/shell.h"

/* Home: who you are, your work queues, the areas.  arg: NULL. */
extern const struct screen_ops home_screen;

/* An area not built yet: says honestly what will come there. */
struct area_info {
	const char *title;    /* "Referrals" */
	int issue;            /* the issue that builds it */
	const char *summary;  /* one line, for the home menu */
	const char *text;     /* what will come, a few sentences */
};
/* arg: const struct area_info * (static). */
extern const struct screen_ops area_screen;

/* Help: every key of every section, and about caseterm.  arg: NULL. */
extern const struct screen_ops help_screen;

/* The ? overlay: the keys of the screen below.  arg: const struct help_target *
 * (copied by enter). */
struct help_target {
	const struct screen_ops *ops;
	void *state;
};
extern const struct screen_ops help_overlay;

/* "Quit caseterm? y/n".  arg: NULL. */
extern const struct screen_ops quit_dialog;

#endif
