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

/* One line of an area's menu (the tables are in area.c). */
struct area_entry {
	const char *label;    /* "Apply for accommodation" */
	const char *roles;    /* space-separated staff roles that see it ("pp admin"); NULL: all */
	const char *summary;  /* one line */
	/* Opens its screen (ui_push or form_screen_open); 0, or -1 when it did
	 * not open (the reason already shown with ui_message). */
	int (*open)(struct ui *ui);
};

/* ---- Accommodation (CAS3, issue 8) ---- */

/* Starts an application: asks for the CRN (or a person of the caseload),
 * looks them up without blocking, then opens forms/cas3_application.yaml. */
int cas3_apply_start(struct ui *ui);
/* Reopens a draft of the application (a form_resumer of drafts.c): subject
 * is the CRN; the person is looked up again first. */
int cas3_apply_resume(struct ui *ui, long draft_id, const char *form_id, const char *subject,
		      struct strbuf *err);
extern const struct screen_ops cas3_apply_screen;
/* The CAS3 reports screen for a region and date range. */
int cas3_reports_open(struct ui *ui);

/* Reports screen.  arg: NULL, or a const struct cas3_reports_arg * for
 * tests (a runner instead of the database). */
struct cas3_table;
struct cas3_reports_arg {
	/* Runs report `which` (enum cas3_report); as cas3_report_run. */
	enum ct_status (*run)(void *ctx, int which, const char *region, const char *from,
			      const char *to, struct cas3_table *out, struct strbuf *err);
	void *ctx;
	const char *today;        /* YYYY-MM-DD instead of the clock, or NULL */
	const char *export_dir;   /* where CSV files go; NULL: the current directory */
};
extern const struct screen_ops cas3_reports_screen;

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

/* The user's drafts: resume (Enter) or delete (d).  arg: NULL from home,
 * non-NULL when offered on start.  The form_resumer table is in drafts.c. */
extern const struct screen_ops drafts_screen;
/* Opens drafts_screen when the signed-in user has any drafts (on start). */
void drafts_offer(struct ui *ui);

/* The catalogue of interventions (ui/screens/catalogue.c): search, filters,
 * marks, details and the side-by-side comparison, for a person when a CRN
 * is given.  arg: NULL or a struct catalogue_arg (read by enter only). */
struct catalogue;
struct person_lookup;
struct catalogue_arg {
	const char *crn;              /* or NULL: no person (the user may type one) */
	/* for screen tests: */
	struct catalogue *cat;        /* taken by the screen instead of loading it */
	const struct person_lookup *lookup; /* instead of asking nDelius and OASys */
	long long now;                /* time_t for ages; 0: now */
};
extern const struct screen_ops catalogue_screen;
/* Opens the catalogue on top, for the person with this CRN (looked up
 * without blocking) or for nobody (NULL).  Returns 0, or -1 with err in
 * words (a malformed CRN, no database). */
int catalogue_open(struct ui *ui, const char *crn_or_null, struct strbuf *err);

/* Make a referral (ui/screens/refer.c): CRN (typed, or from the caseload),
 * the person looked up in nDelius and OASys, the intervention, then the
 * referral form.  crn_or_null skips typing the CRN; catalogue_entry_id_or_null
 * (a catalogue entry or an intervention id) preselects the intervention
 * that delivers it.  Returns 0, or -1 with err set. */
int referral_start(struct ui *ui, const char *crn_or_null, const char *catalogue_entry_id_or_null,
		   struct strbuf *err);
/* referral_start(ui, NULL, NULL, ...) for the Referrals menu (errors shown). */
int referral_make_open(struct ui *ui);
extern const struct screen_ops refer_screen;
/* ---- Referrals after sending (issue 5) ------------------------------------
 * ui/screens/referral_list.c, referral_detail.c, referral_actions.c */

/* "My referrals": the referrals the signed-in member of staff may see
 * (practitioners: sent by them or for their caseload), with filter, search,
 * sort and counts; Enter opens one. */
int referral_list_open_mine(struct ui *ui);
/* The open referrals that need their practitioner, each with why. */
int referral_list_open_attention(struct ui *ui);
/* One referral: summary, timeline, details as sent and amended, shared risk
 * text, case notes; the practitioner who sent it amends, withdraws and adds
 * notes, a supplier adds notes (row-level security decides what each sees).
 * referral_id is copied.  Returns 0, or -1 with err set. */
int referral_detail_open(struct ui *ui, const char *referral_id, struct strbuf *err);

#endif
