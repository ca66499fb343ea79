/* form_screen.h: any form of forms/<id>.yaml as a screen, the one way every
 * area asks for data (referrals, supplier updates, accommodation
 * applications, bookings).  The screen draws from src/forms/state.h and does
 * everything the form engine issue asks, the same for every form:
 *
 *  - a task list when the form has more than one section (status of each),
 *    then its pages one at a time; "Save and continue" validates the page;
 *  - errors: a summary at the top listing every error (focus moves to it),
 *    each message also beside its field; nothing typed is lost;
 *  - check your answers with "change" that comes back to it; submit; a
 *    confirmation page;
 *  - redactable prefilled fields: confirm as shown, edit, or remove;
 *  - the draft (form_draft, store/draft_store.h) saved as the user leaves a
 *    field, every 10 s while typing, and on SIGHUP/SIGTERM; a version
 *    conflict with a second session is said, never overwritten silently;
 *  - --linear: label, hint, value, error as plain lines, one field at a time.
 *
 * Keys (section "form" of config/keymap.yaml): F2 save and continue (on
 * check your answers: submit), F3/F4 add/remove a repeat item, F5 retry
 * (when spec.retry is set), F6 check your answers, F7/F8/F9 confirm /
 * remove / put back prefilled text, F12 keep the answers as a new draft
 * after a conflict; Tab/S-Tab and Up/Down move, Enter acts, Esc goes back
 * a page (the task list, then closes).  Text fields edit through
 * ui/edit.h (its "text-field" keys) and take bracketed pastes.
 * screen_ops.unsaved is true only for answers that quitting would lose
 * (a conflict, no_draft, no database, a refused save): others are saved
 * into the draft as the screen closes.
 *
 * The caller says which form, what it is about, where prefilled values come
 * from, and what submitting does: */
#ifndef CASETERM_UI_FORM_SCREEN_H
#define CASETERM_UI_FORM_SCREEN_H

#include <stdbool.h>
#include <stddef.h>

#include "forms/form.h"
#include "forms/state.h"
#include "util/status.h"
#include "util/strbuf.h"

struct ui;

struct form_screen_spec {
	/* The form: <forms_dir>/<form_id>.yaml (forms_dir from the config). */
	const char *form_id;
	/* What the form is about; with form_id it keys the draft ("X320741",
	 * "referral:AB1234AC").  Copied. */
	const char *subject;
	/* Title bar text ("Refer Zoë Ní Bhriain (X320741)").  Copied; NULL: the
	 * form's own title. */
	const char *title;
	/* >0: resume this draft of the signed-in user (its answers replace the
	 * empty state before prepare() runs).  0: the user's newest draft of
	 * the same form_id and subject is resumed when there is one (said in a
	 * note at the top), so opening a form twice never starts it twice;
	 * otherwise a new draft is created at the first change. */
	long draft_id;
	/* True for short forms (a withdrawal reason) that are never kept as
	 * drafts (none is created, none is resumed). */
	bool no_draft;
	/* Optional: the folder of the form definitions; NULL: forms_dir of
	 * ui_config() (screen tests give their source folder). */
	const char *forms_dir;

	/* Prefill sources (forms/form.h), copied as structs; their ctx must
	 * live as long as the screen (put them in ctx). */
	const struct prefill_source *sources;
	size_t n_sources;

	/* The caller's state; the screen owns it once form_screen_open returned
	 * 0 (also when it failed: ctx_free runs then too), and calls
	 * ctx_free(ctx) when it closes. */
	void *ctx;
	void (*ctx_free)(void *ctx);

	/* Optional: runs once the state exists (draft loaded, before prefill):
	 * set options (form_state_set_options), preset hidden answers.
	 * Non-CT_OK: the screen does not open and err says why. */
	enum ct_status (*prepare)(void *ctx, struct ui *ui, struct form_state *st,
				  struct strbuf *err);
	/* Optional: asked on "Submit" before submit(): CT_OK goes on;
	 * CT_CONFLICT shows question (a y/n: "y" goes on); anything else shows
	 * question as the error at the top of check your answers. */
	enum ct_status (*before_submit)(void *ctx, struct ui *ui, const struct form_state *st,
					struct strbuf *question);
	/* Required.  json is form_state_submit()'s output.  CT_OK: the draft
	 * is deleted and the confirmation page shows `confirmation` (first line
	 * its heading, "Referral sent", then lines of text, "Reference
	 * AB1234AC").  Otherwise err is shown at the top of check your answers
	 * and every answer stays. */
	enum ct_status (*submit)(void *ctx, struct ui *ui, struct form_state *st, const char *json,
				 struct strbuf *confirmation, struct strbuf *err);
	/* Optional: the "retry look-ups" key (shown in ? help only when set).
	 * The caller fetches again (ui_lookup_start) and then calls
	 * form_screen_prefill(); it may keep st until ctx_free runs. */
	void (*retry)(void *ctx, struct ui *ui, struct form_state *st);
	/* Optional: a line under the title while look-ups are missing ("OASys
	 * unavailable since 14:02: type the risk fields or press F5 to retry").
	 * Returns NULL when there is nothing to say. */
	const char *(*banner)(void *ctx);
	/* Optional: the screen is closing; submitted says whether it was sent. */
	void (*closed)(void *ctx, struct ui *ui, bool submitted);
};

/* Opens the form on top of the stack.  Returns 0, or -1 with err set (the
 * form does not load, prepare() failed, the draft is someone else's). */
int form_screen_open(struct ui *ui, const struct form_screen_spec *spec, struct strbuf *err);

/* Fills the still-empty prefilled fields of the open form whose state is st
 * from sources (never overwriting what the user typed) and redraws; for a
 * retry that completed.  Returns how many fields were filled. */
size_t form_screen_prefill(struct ui *ui, struct form_state *st,
			   const struct prefill_source *sources, size_t n_sources);

/* Drafts are offered on start (and from home) to resume.  Each area says how
 * to reopen its forms: a line in the table in ui/screens/drafts.c, matched
 * by form_id prefix, whose resume() rebuilds the spec (sources, submit) and
 * calls form_screen_open with .draft_id set.  The same line serves
 * `caseterm form ID [SUBJECT]`, which calls resume() with draft_id 0 (a new
 * form, or the user's draft of that form and subject) and subject NULL
 * when none was given; resume() says in err when it needs a subject. */
struct form_resumer {
	const char *form_id_prefix; /* "referral_" matches "referral_crs" */
	int (*resume)(struct ui *ui, long draft_id, const char *form_id, const char *subject,
		      struct strbuf *err);
};

/* Opens form_id through its line of the table in ui/screens/drafts.c
 * (draft_id as above).  A form no line names (the sample form) opens with a
 * submit that stores nothing and shows the submitted JSON on the
 * confirmation page, for support engineers and the tests.  Returns 0, or
 * -1 with err set. */
int form_screen_open_id(struct ui *ui, const char *form_id, const char *subject, long draft_id,
			struct strbuf *err);
/* Whether form_screen_open_id could open form_id: a line of the table
 * names it and <forms_dir>/<form_id>.yaml loads.  Returns 0, or -1 with
 * err set (for `caseterm form`, before the terminal is taken). */
int form_screen_check_id(const char *forms_dir, const char *form_id, struct strbuf *err);

#endif
