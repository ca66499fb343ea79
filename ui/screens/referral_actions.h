/* referral_actions.h: the forms of a referral after sending (case note,
 * change with a reason, withdrawal), for referral_detail.c and the tests that
 * drive their prepare and submit callbacks without a form screen. */
#ifndef CASETERM_UI_REFERRAL_ACTIONS_H
#define CASETERM_UI_REFERRAL_ACTIONS_H

#include "ui/form_screen.h"
#include "ui/screens/referral_screens.h"

enum referral_action { RA_CASE_NOTE, RA_AMEND, RA_WITHDRAW };

/* What a form needs to know of the referral (copied from v).  NULL when out
 * of memory.  Free with referral_action_ctx_free (the form screen does, once
 * it was given the spec). */
struct referral_action_ctx *referral_action_ctx_new(enum referral_action k,
						     const struct referral_view *v);
void referral_action_ctx_free(void *ctx);

/* Fills spec for form_screen_open: the form, its title (written into title,
 * which must outlive the call), prepare/before_submit/submit, and ctx. */
void referral_action_spec(struct referral_action_ctx *c, struct form_screen_spec *spec,
			  struct strbuf *title, struct strbuf *subject);

#endif
