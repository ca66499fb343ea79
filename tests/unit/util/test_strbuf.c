/* test_strbuf.c: the growable string's rules. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"

static void test_empty_is_a_valid_string(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char *s;
	size_t n = 9;

	(void)state;
	assert_string_equal(sb.buf, "");
	assert_int_equal(sb.len, 0);
	sb_release(&sb); /* releasing an unused buffer frees nothing */
	s = sb_detach(&sb, &n);
	assert_non_null(s);
	assert_string_equal(s, "");
	assert_int_equal(n, 0);
	free(s);
}

static void test_add_grows_and_terminates(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	int i;

	(void)state;
	for (i = 0; i < 1000; i++)
		assert_int_equal(sb_adds(&sb, "ab"), 0);
	assert_int_equal(sb.len, 2000);
	assert_int_equal(sb.buf[2000], '\0');
	assert_int_equal(sb_addf(&sb, "%d-%s", 42, "x"), 0);
	assert_string_equal(sb.buf + 2000, "42-x");
	sb_setlen(&sb, 1);
	assert_string_equal(sb.buf, "a");
	sb_setlen(&sb, 50); /* cannot grow by setlen */
	assert_int_equal(sb.len, 1);
	sb_reset(&sb);
	assert_string_equal(sb.buf, "");
	sb_release(&sb);
	assert_int_equal(sb.alloc, 0);
}

static void test_embedded_nul_is_kept(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_int_equal(sb_add(&sb, "a\0b", 3), 0);
	assert_int_equal(sb.len, 3);
	assert_int_equal(memcmp(sb.buf, "a\0b", 4), 0);
	sb_release(&sb);
}

static void test_huge_growth_is_refused(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_int_equal(sb_grow(&sb, (size_t)-1), -1);
	assert_string_equal(sb.buf, "");
	sb_release(&sb);
}

static void test_read_missing_file_fails(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_int_equal(sb_read_file(&sb, "/nonexistent/caseterm"), -1);
	sb_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_is_a_valid_string),
		cmocka_unit_test(test_add_grows_and_terminates),
		cmocka_unit_test(test_embedded_nul_is_kept),
		cmocka_unit_test(test_huge_growth_is_refused),
		cmocka_unit_test(test_read_missing_file_fails),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
