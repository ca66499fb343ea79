/* referral_screens.h: what the referral screens (My referrals, the attention
 * list, one referral, and its forms) share, and how a test gives them data
 * without a database.  Private to ui/screens/referral_*.c and their tests;
 * other screens use the openers in screens.h. */
#ifndef CASETERM_UI_REFERRAL_SCREENS_H
#define CASETERM_UI_REFERRAL_SCREENS_H

#include "store/referral_store.h"
#include "ui/screens/screens.h"

/* Where the screens read referrals.  NULL members (and a NULL source) mean
 * the store on ui_db(ui).  Results belong to the screen and are freed with
 * the store's _free/_release functions, so a fake must allocate them the
 * same way (malloc/strdup). */
struct referral_source {
	enum ct_status (*list)(void *ctx, const struct referral_list_filter *f,
			       struct referral_summary **out, size_t *n, struct strbuf *err);
	enum ct_status (*load)(void *ctx, const char *id, struct referral_view **out,
			       struct strbuf *err);
	enum ct_status (*risk)(void *ctx, const char *id, struct referral_risk *out,
			       struct strbuf *err);
	enum ct_status (*versions)(void *ctx, const char *id, struct referral_details_version **out,
				   size_t *n, struct strbuf *err);
	void *ctx;
};

/* Tests: every referral screen opened after this reads from src (borrowed;
 * NULL goes back to the database). */
void referral_screens_set_source(const struct referral_source *src);
const struct referral_source *referral_screens_source(void);

enum referral_list_kind { REFERRAL_LIST_MINE, REFERRAL_LIST_ATTENTION };

struct referral_list_arg {
	enum referral_list_kind kind;
};
extern const struct screen_ops referral_list_screen;

struct referral_detail_arg {
	const char *id;
	/* Optional: told after a form changed the referral (the list below
	 * reads its rows again). */
	void (*changed)(struct ui *ui, void *arg);
	void *changed_arg;
};
extern const struct screen_ops referral_detail_screen;

/* "2026-11-19T10:35:00Z" -> "2026-11-19 10:35" (UTC), or the text as it is. */
void referral_when(const char *iso, bool with_time, struct strbuf *out);

/* ---- the forms after sending (referral_actions.c) ----------------------
 * Each opens its form (forms/<id>.yaml) through form_screen_open; when it
 * is sent, done(ui, arg) runs (the detail screen reloads).  The submit and
 * prepare callbacks are exposed for tests that drive them without a form
 * screen. */
int referral_case_note_open(struct ui *ui, const struct referral_view *v,
			    void (*done)(struct ui *ui, void *arg), void *arg, struct strbuf *err);
int referral_amend_open(struct ui *ui, const struct referral_view *v,
			void (*done)(struct ui *ui, void *arg), void *arg, struct strbuf *err);
int referral_withdraw_open(struct ui *ui, const struct referral_view *v,
			   void (*done)(struct ui *ui, void *arg), void *arg, struct strbuf *err);

#endif
