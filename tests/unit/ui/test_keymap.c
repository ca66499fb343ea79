/* test_keymap.c: built-in bindings, keymap.yaml parsing with positioned
 * errors, override rules and look-up order (ui/keymap.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "build_config.h"
#include "ui/keymap.h"

static ui_key key(const char *name)
{
	ui_key k = UIK_NONE;

	assert_int_equal(ui_key_from_name(name, &k), 0);
	return k;
}

static int load(struct keymap *km, const char *text, struct strbuf *err)
{
	return keymap_load_string(km, "k.yaml", text, strlen(text), err);
}

/* Loads text, expects failure, and checks the message. */
static void assert_error(const char *text, const char *want)
{
	struct keymap *km = keymap_new();
	struct strbuf err = STRBUF_INIT;

	assert_non_null(km);
	assert_int_equal(load(km, text, &err), -1);
	if (!strstr(err.buf, want))
		fail_msg("error '%s' does not contain '%s'", err.buf, want);
	/* a failed load leaves the built-in keys in place */
	assert_int_equal(keymap_lookup(km, SEC_HOME, key("F10")), ACT_QUIT);
	assert_int_equal(keymap_lookup(km, SEC_HOME, 'q'), ACT_QUIT);
	sb_release(&err);
	keymap_free(&km);
	assert_null(km);
}

static void test_action_names_round_trip(void **state)
{
	int a;

	(void)state;
	assert_string_equal(action_name(ACT_NONE), "");
	assert_string_equal(action_name(ACT_COUNT), "");
	assert_int_equal(action_from_name("nonsense"), ACT_NONE);
	for (a = ACT_NONE + 1; a < ACT_COUNT; a++) {
		assert_int_equal(action_from_name(action_name((enum ui_action)a)), a);
		assert_true(strlen(action_help((enum ui_action)a)) > 0);
	}
	assert_string_equal(action_name(ACT_QUIT), "quit");
	assert_string_equal(action_help(ACT_QUIT), "Quit caseterm");
	assert_int_equal(section_from_name("home"), SEC_HOME);
	assert_int_equal(section_from_name("nope"), SEC_COUNT);
	assert_int_equal(section_from_name(section_name(SEC_DIALOG)), SEC_DIALOG);
}

static void test_builtin_bindings(void **state)
{
	struct keymap *km = keymap_new();

	(void)state;
	assert_non_null(km);
	assert_int_equal(keymap_lookup(km, SEC_GLOBAL, key("F10")), ACT_QUIT);
	assert_int_equal(keymap_lookup(km, SEC_GLOBAL, '?'), ACT_HELP);
	assert_int_equal(keymap_lookup(km, SEC_GLOBAL, key("F1")), ACT_HELP);
	assert_int_equal(keymap_lookup(km, SEC_GLOBAL, UIK_ESC), ACT_BACK);
	assert_int_equal(keymap_lookup(km, SEC_GLOBAL, UIK_TAB), ACT_NEXT_FIELD);
	assert_int_equal(keymap_lookup(km, SEC_GLOBAL, UIK_BTAB), ACT_PREV_FIELD);
	assert_int_equal(keymap_lookup(km, SEC_GLOBAL, UIK_ENTER), ACT_SELECT);
	/* q quits on home only */
	assert_int_equal(keymap_lookup(km, SEC_HOME, 'q'), ACT_QUIT);
	assert_int_equal(keymap_lookup(km, SEC_GLOBAL, 'q'), ACT_NONE);
	assert_int_equal(keymap_lookup(km, SEC_AREA, 'q'), ACT_BACK);
	/* F-keys mirror the letters */
	assert_int_equal(keymap_lookup(km, SEC_HOME, 'r'), ACT_OPEN_REFERRALS);
	assert_int_equal(keymap_lookup(km, SEC_HOME, key("F2")), ACT_OPEN_REFERRALS);
	assert_int_equal(keymap_lookup(km, SEC_HOME, 'p'), ACT_OPEN_REPORTS);
	/* screen first, then global */
	assert_int_equal(keymap_lookup(km, SEC_HOME, UIK_ESC), ACT_BACK);
	assert_int_equal(keymap_lookup_own(km, SEC_HOME, UIK_ESC), ACT_NONE);
	assert_int_equal(keymap_lookup(km, SEC_HOME, 'z'), ACT_NONE);
	keymap_free(&km);
}

static void test_shipped_keymap_loads_and_matches_builtin(void **state)
{
	struct keymap *km = keymap_new(), *builtin = keymap_new();
	struct strbuf err = STRBUF_INIT;
	int s, a;

	(void)state;
	if (keymap_load_file(km, CASETERM_SOURCE_ROOT "/config/keymap.yaml", &err))
		fail_msg("%s", err.buf);
	for (s = 0; s < SEC_COUNT; s++)
		for (a = ACT_NONE + 1; a < ACT_COUNT; a++) {
			ui_key k1[16], k2[16];
			size_t n1 = keymap_own_keys(km, (enum ui_section)s, (enum ui_action)a, k1, 16);
			size_t n2 = keymap_own_keys(builtin, (enum ui_section)s, (enum ui_action)a, k2,
						    16);

			if (n1 != n2 || memcmp(k1, k2, n1 * sizeof k1[0]))
				fail_msg("config/keymap.yaml and the built-in keys differ for %s in %s",
					 action_name((enum ui_action)a), section_name((enum ui_section)s));
		}
	sb_release(&err);
	keymap_free(&km);
	keymap_free(&builtin);
}

static void test_file_replaces_only_the_actions_it_names(void **state)
{
	struct keymap *km = keymap_new();
	struct strbuf err = STRBUF_INIT;

	(void)state;
	assert_int_equal(load(km, "global:\n  quit: [F12, C-q]\nhome:\n  open-reports: t\n", &err),
			 0);
	assert_int_equal(err.len, 0);
	assert_int_equal(keymap_lookup(km, SEC_HOME, key("F12")), ACT_QUIT);
	assert_int_equal(keymap_lookup(km, SEC_GLOBAL, key("C-q")), ACT_QUIT);
	assert_int_equal(keymap_lookup(km, SEC_GLOBAL, key("F10")), ACT_NONE); /* replaced */
	assert_int_equal(keymap_lookup(km, SEC_HOME, 'q'), ACT_QUIT);        /* kept */
	assert_int_equal(keymap_lookup(km, SEC_HOME, 't'), ACT_OPEN_REPORTS);
	assert_int_equal(keymap_lookup(km, SEC_HOME, 'p'), ACT_NONE);
	assert_int_equal(keymap_letter(km, SEC_HOME, ACT_OPEN_REPORTS), 't');
	assert_int_equal(keymap_lookup(km, SEC_GLOBAL, '?'), ACT_HELP);
	sb_release(&err);
	keymap_free(&km);
}

static void test_file_key_takes_a_builtin_key_from_another_action(void **state)
{
	struct keymap *km = keymap_new();
	struct strbuf err = STRBUF_INIT;

	(void)state;
	/* r belongs to open-referrals by default; the file gives it to refresh */
	assert_int_equal(load(km, "home:\n  refresh: [r]\n", &err), 0);
	assert_int_equal(keymap_lookup(km, SEC_HOME, 'r'), ACT_REFRESH);
	assert_int_equal(keymap_lookup(km, SEC_HOME, key("F2")), ACT_OPEN_REFERRALS);
	sb_release(&err);
	keymap_free(&km);
}

static void test_empty_list_unbinds(void **state)
{
	struct keymap *km = keymap_new();
	struct strbuf err = STRBUF_INIT;
	ui_key k;

	(void)state;
	assert_int_equal(load(km, "home:\n  quit: []\n", &err), 0);
	assert_int_equal(keymap_lookup(km, SEC_HOME, 'q'), ACT_NONE);
	/* F10 still quits there, from global */
	assert_int_equal(keymap_lookup(km, SEC_HOME, key("F10")), ACT_QUIT);
	assert_int_equal(keymap_keys(km, SEC_HOME, ACT_QUIT, &k, 1), 1);
	assert_int_equal(k, UIK_F(10));
	sb_release(&err);
	keymap_free(&km);
}

static void test_empty_file_is_the_builtin_keymap(void **state)
{
	struct keymap *km = keymap_new();
	struct strbuf err = STRBUF_INIT;

	(void)state;
	assert_int_equal(load(km, "", &err), 0);
	assert_int_equal(load(km, "# only a comment\n", &err), 0);
	assert_int_equal(keymap_lookup(km, SEC_HOME, 'q'), ACT_QUIT);
	sb_release(&err);
	keymap_free(&km);
}

static void test_unknown_action_says_where(void **state)
{
	(void)state;
	assert_error("global:\n  quit: [F10]\n  launch-rockets: [x]\n",
		     "k.yaml:3:3: unknown action 'launch-rockets' in section 'global'");
}

static void test_unknown_key_name_says_where(void **state)
{
	(void)state;
	assert_error("home:\n  quit: [q, F99]\n", "k.yaml:2:13: 'F99' is not a key name");
	assert_error("home:\n  quit: Hyper-q\n", "k.yaml:2:9: 'Hyper-q' is not a key name");
}

static void test_duplicate_binding_says_where(void **state)
{
	(void)state;
	assert_error("home:\n  quit: [q]\n  open-reports: [x, q]\n",
		     "k.yaml:3:21: key 'q' is already bound to 'quit' in section 'home' (line 2)");
	assert_error("home:\n  quit: [q, q]\n", "k.yaml:2:13: key 'q' is listed twice for 'quit'");
	assert_error("home:\n  quit: [q]\n  quit: [F10]\n",
		     "k.yaml:3:3: duplicate key 'quit'");
}

static void test_wrong_types_say_where(void **state)
{
	(void)state;
	assert_error("- global\n", "k.yaml:1:1: a keymap must be a map of sections");
	assert_error("global: [quit]\n", "k.yaml:1:9: section 'global' must be a map");
	assert_error("global:\n  quit: {key: F10}\n",
		     "k.yaml:2:9: keys for 'quit' must be a key name or a list of key names");
	assert_error("global:\n  quit: [[F10]]\n",
		     "k.yaml:2:10: each key of 'quit' must be a key name, not a list");
	assert_error("bogus:\n  quit: [F10]\n", "k.yaml:1:1: unknown section 'bogus' (known: global");
	assert_error("global:\n  quit: [F10\n", "k.yaml:");
}

static void test_missing_file_says_which(void **state)
{
	struct keymap *km = keymap_new();
	struct strbuf err = STRBUF_INIT;

	(void)state;
	assert_int_equal(keymap_load_file(km, "/nonexistent/keymap.yaml", &err), -1);
	assert_non_null(strstr(err.buf, "/nonexistent/keymap.yaml:1:1: cannot read"));
	sb_release(&err);
	keymap_free(&km);
}

static void test_keys_and_describe_follow_lookup_order(void **state)
{
	struct keymap *km = keymap_new();
	struct strbuf sb = STRBUF_INIT, err = STRBUF_INIT;
	ui_key k[8];

	(void)state;
	/* home's own key first, then global */
	assert_int_equal(keymap_keys(km, SEC_HOME, ACT_QUIT, k, 8), 2);
	assert_int_equal(k[0], 'q');
	assert_int_equal(k[1], UIK_F(10));
	assert_int_equal(keymap_describe(km, SEC_HOME, ACT_QUIT, ", ", &sb), 2);
	assert_string_equal(sb.buf, "q, F10");
	/* a global key the screen takes for another action is not listed */
	assert_int_equal(load(km, "home:\n  refresh: [F10]\n", &err), 0);
	sb_reset(&sb);
	assert_int_equal(keymap_describe(km, SEC_HOME, ACT_QUIT, ", ", &sb), 1);
	assert_string_equal(sb.buf, "q");
	assert_int_equal(keymap_letter(km, SEC_HOME, ACT_QUIT), 'q');
	assert_int_equal(keymap_letter(km, SEC_GLOBAL, ACT_QUIT), UIK_NONE);
	sb_release(&sb);
	sb_release(&err);
	keymap_free(&km);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_action_names_round_trip),
		cmocka_unit_test(test_builtin_bindings),
		cmocka_unit_test(test_shipped_keymap_loads_and_matches_builtin),
		cmocka_unit_test(test_file_replaces_only_the_actions_it_names),
		cmocka_unit_test(test_file_key_takes_a_builtin_key_from_another_action),
		cmocka_unit_test(test_empty_list_unbinds),
		cmocka_unit_test(test_empty_file_is_the_builtin_keymap),
		cmocka_unit_test(test_unknown_action_says_where),
		cmocka_unit_test(test_unknown_key_name_says_where),
		cmocka_unit_test(test_duplicate_binding_says_where),
		cmocka_unit_test(test_wrong_types_say_where),
		cmocka_unit_test(test_missing_file_says_which),
		cmocka_unit_test(test_keys_and_describe_follow_lookup_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
