/* test_ytree.c: the positioned YAML loader, including broken input. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "util/ytree.h"

static struct ynode *load(const char *text, struct strbuf *err)
{
	struct ynode *root = NULL;

	ytree_load_string("t.yaml", text, strlen(text), &root, err);
	return root;
}

static void test_maps_sequences_and_positions(void **state)
{
	struct strbuf err = STRBUF_INIT;
	struct ynode *r = load("a: 1\nlist:\n  - x\n  - \"yes\"\nm:\n  k: v\n", &err);
	const struct ynode *l, *m;
	bool b;
	long v;

	(void)state;
	assert_non_null(r);
	assert_int_equal(r->type, YN_MAP);
	assert_int_equal(r->len, 3);
	assert_true(yscalar_long(ymap_get(r, "a"), &v));
	assert_int_equal(v, 1);
	l = ymap_get(r, "list");
	assert_int_equal(l->type, YN_SEQ);
	assert_int_equal(l->len, 2);
	assert_int_equal(l->items[1]->line, 4);
	assert_int_equal(l->items[1]->col, 5);
	assert_false(yscalar_bool(l->items[1], &b)); /* quoted "yes" is text */
	m = ymap_get(r, "m");
	assert_string_equal(ymap_get(m, "k")->str, "v");
	assert_null(ymap_get(m, "nope"));
	ytree_free(&r);
	assert_null(r);
	sb_release(&err);
}

static void test_errors_carry_file_line_column(void **state)
{
	struct strbuf err = STRBUF_INIT;
	struct ynode *r;

	(void)state;
	r = load("a: 1\nb: [1, 2\n", &err);
	assert_null(r);
	assert_true(strncmp(err.buf, "t.yaml:", 7) == 0);
	sb_reset(&err);
	r = load("a: 1\na: 2\n", &err);
	assert_null(r);
	assert_string_equal(err.buf, "t.yaml:2:1: duplicate key 'a' (first at line 1)");
	sb_reset(&err);
	r = load("a: &x 1\nb: *x\n", &err);
	assert_null(r);
	assert_non_null(strstr(err.buf, "t.yaml:2:4: aliases"));
	sb_reset(&err);
	r = load("? [a, b]\n: c\n", &err);
	assert_null(r);
	assert_non_null(strstr(err.buf, "a key must be plain text"));
	sb_release(&err);
}

static void test_empty_document_is_empty_map(void **state)
{
	struct strbuf err = STRBUF_INIT;
	struct ynode *r = load("", &err);

	(void)state;
	assert_non_null(r);
	assert_int_equal(r->type, YN_MAP);
	assert_int_equal(r->len, 0);
	ytree_free(&r);
	sb_release(&err);
}

static void test_deep_nesting_is_refused(void **state)
{
	struct strbuf err = STRBUF_INIT, doc = STRBUF_INIT;
	struct ynode *r;
	int i;

	(void)state;
	for (i = 0; i < 200; i++)
		sb_addc(&doc, '[');
	for (i = 0; i < 200; i++)
		sb_addc(&doc, ']');
	r = load(doc.buf, &err);
	assert_null(r);
	assert_non_null(strstr(err.buf, "nested too deeply"));
	sb_release(&doc);
	sb_release(&err);
}

static void test_missing_file(void **state)
{
	struct strbuf err = STRBUF_INIT;
	struct ynode *r;

	(void)state;
	assert_int_equal(ytree_load_file("/nonexistent/x.yaml", &r, &err), -1);
	assert_non_null(strstr(err.buf, "/nonexistent/x.yaml:1:1: cannot read"));
	sb_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_maps_sequences_and_positions),
		cmocka_unit_test(test_errors_carry_file_line_column),
		cmocka_unit_test(test_empty_document_is_empty_map),
		cmocka_unit_test(test_deep_nesting_is_refused),
		cmocka_unit_test(test_missing_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
