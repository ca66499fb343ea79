/* test_referral_forms.c: the forms after sending (ui/screens/referral_actions.c)
 * driven without a form screen: prepare offers only what applies, submit
 * calls the store, and a change that lost a race with someone else's is
 * refused in words, keeps every answer, and goes through when sent again. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dbtest.h"
#include "reftest.h"
#include "ui/keymap.h"
#include "ui/screens/referral_actions.h"
#include "ui/shell.h"

static struct reftest T;

static int setup(void **state)
{
	(void)state;
	return reftest_setup(&T, "refform");
}

static int teardown(void **state)
{
	(void)state;
	reftest_teardown(&T);
	return 0;
}

struct run {
	PGconn *db;
	struct keymap *km;
	struct ui *ui;
	struct form *form;
	struct form_state *st;
	struct referral_action_ctx *ctx;
	struct form_screen_spec spec;
	struct strbuf title, subject;
};

static void run_open(struct run *r, const char *role, const char *id, enum referral_action k,
		     const char *form_id)
{
	static struct staff pp = {.id = 1, .username = "x", .display_name = "Pat Aske", .role = "pp",
				  .role_label = "Probation practitioner"};
	struct strbuf err = STRBUF_INIT, path = STRBUF_INIT;
	struct ui_setup setup;
	struct referral_view *v;

	memset(r, 0, sizeof *r);
	sb_init(&r->title);
	sb_init(&r->subject);
	r->db = reftest_connect(&T, role);
	r->km = keymap_new();
	memset(&setup, 0, sizeof setup);
	setup.keymap = r->km;
	setup.db = r->db;
	setup.staff = &pp;
	r->ui = ui_new(&setup, &err);
	assert_non_null(r->ui);
	assert_int_equal(referral_load(r->db, id, &v, &err), CT_OK);
	r->ctx = referral_action_ctx_new(k, v);
	referral_view_free(&v);
	assert_non_null(r->ctx);
	referral_action_spec(r->ctx, &r->spec, &r->title, &r->subject);
	assert_string_equal(r->spec.form_id, form_id);
	sb_addf(&path, "%s/forms/%s.yaml", SOURCE_ROOT, form_id);
	assert_int_equal(form_load_file(path.buf, &r->form, &err), CT_OK);
	r->st = form_state_new(r->form);
	if (r->spec.prepare)
		assert_int_equal(r->spec.prepare(r->ctx, r->ui, r->st, &err), CT_OK);
	sb_release(&err);
	sb_release(&path);
}

static void run_close(struct run *r)
{
	form_state_free(&r->st);
	form_free(&r->form);
	referral_action_ctx_free(r->ctx);
	ui_free(&r->ui);
	keymap_free(&r->km);
	PQfinish(r->db);
	sb_release(&r->title);
	sb_release(&r->subject);
}

static enum ct_status submit(struct run *r, struct strbuf *confirmation, struct strbuf *err)
{
	struct form_errors errs = FORM_ERRORS_INIT;
	char *json = NULL;
	enum ct_status rc;

	rc = form_state_submit(r->st, &json, &errs, NULL);
	if (rc != CT_OK)
		fail_msg("the answers do not validate: %s", errs.n ? errs.v[0].message : "?");
	form_errors_release(&errs);
	sb_reset(confirmation);
	sb_reset(err);
	rc = r->spec.submit(r->ctx, r->ui, r->st, json, confirmation, err);
	free(json);
	return rc;
}

static bool offered(struct run *r, const char *field, const char *value)
{
	const struct form_field *f = form_find_field(r->form, field);
	const struct form_option *o;
	size_t n, i;

	o = form_state_options(r->st, f, &n);
	for (i = 0; i < n; i++)
		if (!strcmp(o[i].value, value))
			return true;
	return false;
}

static void test_amend_lost_race_keeps_answers(void **state)
{
	char *id = reftest_send(&T, T.pp_a, I_SHELTER, "X320741");
	struct strbuf conf = STRBUF_INIT, err = STRBUF_INIT;
	struct referral_amendment other = {0};
	struct referral_conflict k = {0};
	PGconn *again = reftest_connect(&T, T.pp_a);
	struct run r;

	(void)state;
	run_open(&r, T.pp_a, id, RA_AMEND, "referral_amend");
	assert_non_null(strstr(r.title.buf, "Change referral"));
	/* only the topics that apply; the current value to start from */
	assert_true(offered(&r, "topic", "COMPLEXITY_LEVEL"));
	assert_true(offered(&r, "topic", "PRISON_ESTABLISHMENT")); /* in custody */
	assert_true(offered(&r, "complexity_level", "accommodation:high"));
	assert_string_equal(form_state_get_id(r.st, "complexity_level", 0), "accommodation:medium");
	assert_string_equal(form_state_get_id(r.st, "completion_deadline", 0), "30 6 2099");

	assert_int_equal(form_state_set_id(r.st, "topic", 0, "COMPLEXITY_LEVEL", NULL), CT_OK);
	assert_int_equal(form_state_set_id(r.st, "complexity_level", 0, "accommodation:high", NULL),
			 CT_OK);
	assert_int_equal(form_state_set_id(r.st, "reason", 0, "Lost his place", NULL), CT_OK);

	/* someone else (the same PP in another session) changes it first */
	other.reason_for_referral = "Changed elsewhere";
	assert_int_equal(referral_amend(again, id, 1, &other, "Other session", NULL, &k, &err),
			 CT_OK);
	referral_conflict_release(&k);

	assert_int_equal(submit(&r, &conf, &err), CT_CONFLICT);
	assert_non_null(strstr(err.buf, "Pat Aske changed referral"));
	assert_non_null(strstr(err.buf, "so nothing was saved"));
	assert_non_null(strstr(err.buf, "send again"));
	/* nothing was saved; every answer is still there */
	assert_int_equal(reftest_num(again, "SELECT count(*) FROM changelog WHERE topic ="
				     " 'COMPLEXITY_LEVEL'"), 0);
	assert_string_equal(form_state_get_id(r.st, "reason", 0), "Lost his place");
	assert_string_equal(form_state_get_id(r.st, "complexity_level", 0), "accommodation:high");
	/* sending again, knowingly, saves it */
	assert_int_equal(submit(&r, &conf, &err), CT_OK);
	assert_non_null(strstr(conf.buf, "Referral changed\n"));
	assert_non_null(strstr(conf.buf, "Complexity level changed."));
	assert_int_equal(reftest_num(again, "SELECT count(*) FROM changelog WHERE topic ="
				     " 'COMPLEXITY_LEVEL'"), 1);
	/* the same again is refused in words */
	assert_int_equal(submit(&r, &conf, &err), CT_USAGE);
	assert_non_null(strstr(err.buf, "nothing to change"));
	run_close(&r);
	PQfinish(again);
	free(id);
	sb_release(&conf);
	sb_release(&err);
}

static void test_outcomes_change_per_category(void **state)
{
	char *id = reftest_send(&T, T.pp_a, I_SHELTER, "K320021");
	struct strbuf conf = STRBUF_INIT, err = STRBUF_INIT;
	struct run r;

	(void)state;
	run_open(&r, T.pp_a, id, RA_AMEND, "referral_amend");
	assert_int_equal(form_state_set_id(r.st, "topic", 0, "DESIRED_OUTCOMES", NULL), CT_OK);
	assert_int_equal(form_state_set_id(r.st, "desired_outcomes", 0, OUTCOME_ACC_PREVENT, NULL),
			 CT_OK);
	assert_int_equal(form_state_set_id(r.st, "reason", 0, "Narrower aim", NULL), CT_OK);
	assert_int_equal(submit(&r, &conf, &err), CT_OK);
	assert_int_equal(reftest_num(r.db, "SELECT count(*) FROM referral_desired_outcome"
				     " WHERE desired_outcome_id = '" OUTCOME_ACC_PREVENT "'"), 1);
	run_close(&r);
	free(id);
	sb_release(&conf);
	sb_release(&err);
}

static void test_withdraw_and_case_note(void **state)
{
	char *id = reftest_send(&T, T.pp_a, I_SHELTER, "K320022");
	struct strbuf conf = STRBUF_INIT, err = STRBUF_INIT, q = STRBUF_INIT;
	struct run r;

	(void)state;
	run_open(&r, T.pp_a, id, RA_CASE_NOTE, "referral_case_note");
	assert_int_equal(form_state_set_id(r.st, "subject", 0, "Hello", NULL), CT_OK);
	assert_int_equal(form_state_set_id(r.st, "body", 0, "Any news?", NULL), CT_OK);
	assert_int_equal(submit(&r, &conf, &err), CT_OK);
	assert_non_null(strstr(conf.buf, "Case note added\n"));
	run_close(&r);

	run_open(&r, T.pp_a, id, RA_WITHDRAW, "referral_withdraw");
	/* early closure is not offered before the intervention started */
	assert_true(offered(&r, "reason_code", "NEE"));
	assert_false(offered(&r, "reason_code", "EAR"));
	assert_int_equal(r.spec.before_submit(r.ctx, r.ui, r.st, &q), CT_CONFLICT);
	assert_non_null(strstr(q.buf, "cannot be undone"));
	assert_int_equal(form_state_set_id(r.st, "reason_code", 0, "NEE", NULL), CT_OK);
	assert_int_equal(form_state_set_id(r.st, "comments", 0, "Housed", NULL), CT_OK);
	assert_int_equal(submit(&r, &conf, &err), CT_OK);
	assert_non_null(strstr(conf.buf, "is withdrawn before the intervention started."));
	assert_non_null(strstr(conf.buf, "Reason: Needs met through another route."));
	assert_int_equal(reftest_num(r.db, "SELECT count(*) FROM referral WHERE withdrawal_state ="
				     " 'PRE_ICA_WITHDRAWAL' AND withdrawal_reason_code = 'NEE'"), 1);
	/* a second withdrawal is refused: it has ended */
	assert_int_not_equal(submit(&r, &conf, &err), CT_OK);
	assert_true(err.len > 0);
	run_close(&r);
	free(id);
	sb_release(&conf);
	sb_release(&err);
	sb_release(&q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_amend_lost_race_keeps_answers),
		cmocka_unit_test(test_outcomes_change_per_category),
		cmocka_unit_test(test_withdraw_and_case_note),
	};

	if (!dbtest_available())
		return DBTEST_SKIP;
	return cmocka_run_group_tests(tests, setup, teardown);
}
