/* test_drafts.c: form drafts in Postgres: save and load, row-level security
 * between two members of staff, optimistic locking between two sessions of
 * one, delete on submit, and the option lists forms take from reference
 * tables. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dbtest.h"
#include "forms/form.h"
#include "forms/state.h"
#include "store/draft_store.h"

static const char *dbname;
static char alice[64], bob[64];

static int setup(void **state)
{
	PGconn *c;

	(void)state;
	if (!dbtest_available())
		return 0;
	dbname = dbtest_create_db("drafts");
	dbtest_migrate(dbname);
	snprintf(alice, sizeof alice, "%s", dbtest_role_name("dralice"));
	snprintf(bob, sizeof bob, "%s", dbtest_role_name("drbob"));
	c = dbtest_connect(dbname, NULL);
	if (!c || dbtest_add_staff(c, alice, "pp", "Alice Practitioner", NULL, NULL) ||
	    dbtest_add_staff(c, bob, "pp", "Bob Practitioner", NULL, NULL))
		return -1;
	PQfinish(c);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (!dbtest_available())
		return 0;
	dbtest_drop_db(dbname);
	dbtest_drop_roles();
	return 0;
}

/* True when two JSON texts hold the same value (jsonb reorders keys). */
static bool json_same(const char *a, const char *b)
{
	json_t *x = json_loads(a, 0, NULL), *y = json_loads(b, 0, NULL);
	bool same = x && y && json_equal(x, y);

	json_decref(x);
	json_decref(y);
	return same;
}

static void test_create_list_load_save(void **state)
{
	PGconn *a = dbtest_connect(dbname, alice);
	struct strbuf err = STRBUF_INIT;
	struct form_draft d1, d2, got;
	struct form_draft *list;
	size_t n;
	int v;

	(void)state;
	assert_int_equal(draft_create(a, "sample", "X320741", "Referral for X320741",
				      "{\"format\": 1, \"answers\": {\"crn\": \"X320741\"}}", &d1, &err),
			 CT_OK);
	assert_true(d1.id > 0);
	assert_int_equal(d1.version, 1);
	assert_string_equal(d1.form_id, "sample");
	assert_string_equal(d1.subject, "X320741");
	assert_int_equal(strlen(d1.updated_at), 20);   /* 2025-11-24T15:04:05Z */
	assert_non_null(strstr(d1.updated_words, " on "));
	assert_int_equal(draft_create(a, "sample", NULL, NULL, NULL, &d2, &err), CT_OK);
	assert_null(d2.subject);
	assert_true(json_same(d2.answers, "{}"));

	/* newest first: d2, then after saving d1, d1 */
	assert_int_equal(draft_list_mine(a, NULL, &list, &n, &err), CT_OK);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].id, d2.id);
	assert_null(list[0].answers);   /* lists leave the answers out */
	drafts_free(&list, n);
	v = d1.version;
	assert_int_equal(draft_save(a, d1.id, &v, "{\"answers\": {\"crn\": \"X320742\"}}", NULL,
				    "Changed title", &err), CT_OK);
	assert_int_equal(v, 2);
	assert_int_equal(draft_list_mine(a, "sample", &list, &n, &err), CT_OK);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].id, d1.id);
	assert_int_equal(list[0].version, 2);
	assert_string_equal(list[0].title, "Changed title");
	assert_string_equal(list[0].subject, "X320741");   /* NULL keeps it */
	drafts_free(&list, n);
	assert_int_equal(draft_list_mine(a, "other_form", &list, &n, &err), CT_OK);
	assert_int_equal(n, 0);
	drafts_free(&list, n);

	assert_int_equal(draft_load(a, d1.id, &got, &err), CT_OK);
	assert_true(json_same(got.answers, "{\"answers\": {\"crn\": \"X320742\"}}"));
	assert_int_equal(got.version, 2);
	draft_release(&got);
	/* a bad form id or non-object answers are refused by the table */
	sb_reset(&err);
	assert_int_equal(draft_create(a, "Bad Id", NULL, NULL, NULL, &got, &err), CT_DB);
	assert_int_equal(draft_create(a, "sample", NULL, NULL, "[1]", &got, &err), CT_DB);

	assert_int_equal(draft_delete(a, d1.id, 0, &err), CT_OK);
	assert_int_equal(draft_delete(a, d2.id, d2.version, &err), CT_OK);
	draft_release(&d1);
	draft_release(&d2);
	PQfinish(a);
	sb_release(&err);
}

static void test_other_staff_cannot_see_or_change(void **state)
{
	PGconn *a = dbtest_connect(dbname, alice), *b = dbtest_connect(dbname, bob);
	struct strbuf err = STRBUF_INIT;
	struct form_draft d, got;
	struct form_draft *list;
	char sql[256], *val;
	size_t n;
	int v;

	(void)state;
	assert_int_equal(draft_create(a, "sample", "X320741", "Alice's",
				      "{\"secret\": \"risk text\"}", &d, &err), CT_OK);

	assert_int_equal(draft_list_mine(b, NULL, &list, &n, &err), CT_OK);
	assert_int_equal(n, 0);
	drafts_free(&list, n);
	assert_int_equal(draft_load(b, d.id, &got, &err), CT_NOT_FOUND);
	v = 1;
	sb_reset(&err);
	assert_int_equal(draft_save(b, d.id, &v, "{\"stolen\": true}", NULL, NULL, &err),
			 CT_NOT_FOUND);
	assert_int_equal(v, 1);
	assert_int_equal(draft_delete(b, d.id, 0, &err), CT_NOT_FOUND);

	/* nor with SQL of his own */
	assert_non_null(val = dbtest_value(b, "SELECT count(*) FROM form_draft"));
	assert_string_equal(val, "0");
	free(val);
	snprintf(sql, sizeof sql,
		 "WITH u AS (UPDATE form_draft SET answers = '{}' WHERE id = %ld RETURNING 1)"
		 " SELECT count(*) FROM u", d.id);
	assert_non_null(val = dbtest_value(b, sql));
	assert_string_equal(val, "0");
	free(val);
	snprintf(sql, sizeof sql, "INSERT INTO form_draft (owner, form_id) VALUES ('%s', 'x')",
		 alice);
	assert_false(dbtest_ok(b, sql));   /* owner is not his to write */
	assert_false(dbtest_ok(a, "UPDATE form_draft SET owner = current_user"));
	assert_false(dbtest_ok(a, "UPDATE form_draft SET version = 1"));

	/* Alice's draft is as she left it */
	assert_int_equal(draft_load(a, d.id, &got, &err), CT_OK);
	assert_true(json_same(got.answers, "{\"secret\": \"risk text\"}"));
	assert_int_equal(got.version, 1);
	draft_release(&got);
	assert_int_equal(draft_delete(a, d.id, 0, &err), CT_OK);
	draft_release(&d);
	PQfinish(a);
	PQfinish(b);
	sb_release(&err);
}

static void test_second_session_conflict(void **state)
{
	PGconn *s1 = dbtest_connect(dbname, alice), *s2 = dbtest_connect(dbname, alice);
	struct strbuf err = STRBUF_INIT;
	struct form_draft d, in1, in2, got;
	int v1, v2;

	(void)state;
	assert_int_equal(draft_create(s1, "sample", NULL, NULL, "{\"n\": 0}", &d, &err), CT_OK);
	assert_int_equal(draft_load(s1, d.id, &in1, &err), CT_OK);
	assert_int_equal(draft_load(s2, d.id, &in2, &err), CT_OK);
	v1 = in1.version;
	v2 = in2.version;
	assert_int_equal(draft_save(s1, d.id, &v1, "{\"n\": 1}", NULL, NULL, &err), CT_OK);
	assert_int_equal(v1, 2);
	assert_int_equal(draft_save(s1, d.id, &v1, "{\"n\": 2}", NULL, NULL, &err), CT_OK);
	assert_int_equal(v1, 3);

	/* the second session still holds version 1 */
	sb_reset(&err);
	assert_int_equal(draft_save(s2, d.id, &v2, "{\"n\": 99}", NULL, "overwrite?", &err),
			 CT_CONFLICT);
	assert_int_equal(v2, 1);
	print_message("%s\n", err.buf);
	assert_non_null(strstr(err.buf, "This draft was changed in another session at "));
	assert_non_null(strstr(err.buf, "(version 3; you had version 1)"));
	assert_non_null(strstr(err.buf, "Nothing was overwritten"));
	assert_int_equal(draft_load(s2, d.id, &got, &err), CT_OK);
	assert_true(json_same(got.answers, "{\"n\": 2}"));
	assert_int_equal(got.version, 3);
	assert_null(got.title);
	draft_release(&got);

	/* deleting on submit from the stale session is refused too */
	sb_reset(&err);
	assert_int_equal(draft_delete(s2, d.id, 1, &err), CT_CONFLICT);
	assert_non_null(strstr(err.buf, "Nothing was deleted"));
	assert_int_equal(draft_delete(s1, d.id, v1, &err), CT_OK);
	sb_reset(&err);
	assert_int_equal(draft_save(s2, d.id, &v2, "{}", NULL, NULL, &err), CT_NOT_FOUND);
	assert_non_null(strstr(err.buf, "no longer exists"));
	assert_int_equal(draft_load(s1, d.id, &got, &err), CT_NOT_FOUND);
	draft_release(&d);
	draft_release(&in1);
	draft_release(&in2);
	PQfinish(s1);
	PQfinish(s2);
	sb_release(&err);
}

/* A filled-in form goes to Postgres and back with nothing lost. */
static void test_form_state_through_a_draft(void **state)
{
	PGconn *a = dbtest_connect(dbname, alice);
	struct strbuf err = STRBUF_INIT;
	struct form *form = NULL;
	struct form_state *st, *back;
	struct form_draft d, got;
	char *json = NULL, *again = NULL;
	size_t idx;
	int v;

	(void)state;
	assert_int_equal(form_load_file(FORMS_DIR "/sample.yaml", &form, &err), CT_OK);
	st = form_state_new(form);
	back = form_state_new(form);
	assert_int_equal(form_state_set_id(st, "crn", 0, "X320741", &err), CT_OK);
	assert_int_equal(form_state_set_id(st, "other_need", 0, "Zoë Ní Bhriain\n床 \"q\"", &err),
			 CT_OK);
	assert_int_equal(form_state_set_id(st, "identified_needs", 0, "ete\nother", &err), CT_OK);
	assert_int_equal(form_state_item_add(st, form_find_field(form, "previous_addresses"),
					     &idx, &err), CT_OK);
	assert_int_equal(form_state_set_id(st, "previous_line1", 0, "1 High St", &err), CT_OK);
	assert_int_equal(form_state_to_json(st, &json), CT_OK);
	assert_int_equal(draft_create(a, form->id, "X320741", form->title, json, &d, &err), CT_OK);

	assert_int_equal(form_state_set_id(st, "surname", 0, "Later", &err), CT_OK);
	free(json);
	assert_int_equal(form_state_to_json(st, &json), CT_OK);
	v = d.version;
	assert_int_equal(draft_save(a, d.id, &v, json, NULL, NULL, &err), CT_OK);

	assert_int_equal(draft_load(a, d.id, &got, &err), CT_OK);
	assert_int_equal(form_state_from_json(back, got.answers, &err), CT_OK);
	assert_string_equal(form_state_get_id(back, "other_need", 0), "Zoë Ní Bhriain\n床 \"q\"");
	assert_string_equal(form_state_get_id(back, "surname", 0), "Later");
	assert_string_equal(form_state_get_id(back, "previous_line1", 0), "1 High St");
	assert_int_equal(form_state_to_json(back, &again), CT_OK);
	assert_string_equal(again, json);   /* same text, whatever order jsonb keeps */
	assert_int_equal(draft_delete(a, d.id, v, &err), CT_OK);
	draft_release(&d);
	draft_release(&got);
	free(json);
	free(again);
	form_state_free(&st);
	form_state_free(&back);
	form_free(&form);
	PQfinish(a);
	sb_release(&err);
}

static void test_option_lists(void **state)
{
	PGconn *a = dbtest_connect(dbname, alice);
	struct strbuf err = STRBUF_INIT;
	struct option_item *items;
	size_t n, i, j;

	(void)state;
	/* every list a form may name loads for a member of staff */
	for (i = 0; options_tables[i]; i++) {
		sb_reset(&err);
		print_message("%s\n", options_tables[i]);
		if (options_load(a, options_tables[i], NULL, &items, &n, &err) != CT_OK)
			fail_msg("%s: %s", options_tables[i], err.buf);
		for (j = 0; j < n; j++) {
			assert_true(items[j].value[0] != '\0');
			assert_true(items[j].label[0] != '\0');
		}
		option_items_free(&items, n);
	}
	assert_int_equal(options_load(a, "probation_regions", NULL, &items, &n, &err), CT_OK);
	assert_int_equal(n, 12);
	assert_string_equal(items[0].label, "East Midlands");   /* by name */
	option_items_free(&items, n);

	/* narrowed by a parent */
	assert_int_equal(options_load(a, "pdus", "K", &items, &n, &err), CT_OK);
	assert_true(n > 0);
	for (i = 0; i < n; i++)
		assert_string_equal(items[i].group, "Kent, Surrey and Sussex");
	option_items_free(&items, n);
	assert_int_equal(options_load(a, "complexity_levels", "accommodation", &items, &n, &err),
			 CT_OK);
	assert_int_equal(n, 3);
	assert_string_equal(items[0].label, "Low complexity");
	assert_non_null(items[0].hint);
	option_items_free(&items, n);
	assert_int_equal(options_load(a, "withdrawal_reasons", NULL, &items, &n, &err), CT_OK);
	assert_true(n > 0);
	assert_non_null(items[0].group);
	option_items_free(&items, n);

	/* names come from a fixed list, never from the caller's text */
	sb_reset(&err);
	assert_int_equal(options_load(a, "staff", NULL, &items, &n, &err), CT_NOT_FOUND);
	assert_null(items);
	assert_int_equal(options_load(a, "pdus; DROP TABLE pdu", NULL, &items, &n, &err),
			 CT_NOT_FOUND);
	assert_int_equal(options_load(a, "probation_regions", "J", &items, &n, &err), CT_USAGE);
	/* a parent is a value, not SQL */
	assert_int_equal(options_load(a, "pdus", "J' OR '1'='1", &items, &n, &err), CT_OK);
	assert_int_equal(n, 0);
	option_items_free(&items, n);
	PQfinish(a);
	sb_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_list_load_save),
		cmocka_unit_test(test_other_staff_cannot_see_or_change),
		cmocka_unit_test(test_second_session_conflict),
		cmocka_unit_test(test_form_state_through_a_draft),
		cmocka_unit_test(test_option_lists),
	};

	if (!dbtest_available())
		return DBTEST_SKIP;
	return cmocka_run_group_tests(tests, setup, teardown);
}
