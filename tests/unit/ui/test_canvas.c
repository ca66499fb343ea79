/* test_canvas.c: width-aware text, clipping, scrolling and wrapping on a
 * canvas, drawn into a text grid (ui/canvas.h, ui/textgrid.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <string.h>

#include "ui/canvas.h"
#include "ui/textgrid.h"

struct fix {
	struct textgrid *g;
	struct ui_canvas c;
	struct strbuf row;
};

static int setup(void **state)
{
	static struct fix f;

	f.g = textgrid_new(6, 12);
	if (!f.g)
		return -1;
	f.c = cv_root(&textgrid_ops, f.g, 6, 12, false);
	sb_init(&f.row);
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fix *f = *state;

	textgrid_free(&f->g);
	sb_release(&f->row);
	return 0;
}

static const char *row(struct fix *f, int r)
{
	sb_reset(&f->row);
	textgrid_row(f->g, r, &f->row);
	return f->row.buf;
}

static void test_text_is_cut_by_display_width(void **state)
{
	struct fix *f = *state;

	assert_int_equal(cv_text(&f->c, 0, 0, ROLE_NORMAL, "Zo\xc3\xab N\xc3\xad"), 6);
	assert_string_equal(row(f, 0), "Zo\xc3\xab N\xc3\xad");
	/* 12 columns: a long name ends in an ellipsis at the edge */
	assert_int_equal(cv_text(&f->c, 1, 0, ROLE_NORMAL, "Zo\xc3\xab N\xc3\xad Bhriain"), 12);
	assert_string_equal(row(f, 1), "Zo\xc3\xab N\xc3\xad Bhri\xe2\x80\xa6");
	/* double-width characters are never split */
	assert_int_equal(cv_textn(&f->c, 2, 0, ROLE_NORMAL, 0, "\xe5\xba\x8a\xe5\xba\x8a\xe5\xba\x8a",
				  5),
			 5);
	assert_string_equal(row(f, 2), "\xe5\xba\x8a\xe5\xba\x8a\xe2\x80\xa6");
	assert_int_equal(cv_textn(&f->c, 3, 0, ROLE_NORMAL, 0, "\xe5\xba\x8a\xe5\xba\x8a", 4), 4);
	assert_string_equal(row(f, 3), "\xe5\xba\x8a\xe5\xba\x8a");
	/* nothing at or beyond the right edge, nothing for empty text */
	assert_int_equal(cv_text(&f->c, 4, 12, ROLE_NORMAL, "x"), 0);
	assert_int_equal(cv_text(&f->c, 4, 0, ROLE_NORMAL, ""), 0);
	assert_int_equal(cv_text(&f->c, 4, 0, ROLE_NORMAL, NULL), 0);
	assert_string_equal(row(f, 4), "");
}

static void test_roles_and_attrs_reach_the_cells(void **state)
{
	struct fix *f = *state;

	cv_textn(&f->c, 0, 2, ROLE_ERROR, TA_UNDERLINE, "E", -1);
	assert_int_equal(textgrid_role(f->g, 0, 2), ROLE_ERROR);
	assert_int_equal(textgrid_attrs(f->g, 0, 2), TA_UNDERLINE);
	assert_int_equal(textgrid_role(f->g, 0, 1), ROLE_NORMAL);
}

static void test_sub_canvas_clips_and_offsets(void **state)
{
	struct fix *f = *state;
	struct ui_canvas s = cv_sub(&f->c, 1, 3, 2, 4);

	cv_text(&s, 0, 0, ROLE_NORMAL, "abcdefgh");
	cv_text(&s, 1, 1, ROLE_NORMAL, "xy");
	cv_text(&s, 2, 0, ROLE_NORMAL, "hidden");
	cv_text(&s, -1, 0, ROLE_NORMAL, "hidden");
	assert_string_equal(row(f, 0), "");
	assert_string_equal(row(f, 1), "   abc\xe2\x80\xa6");
	assert_string_equal(row(f, 2), "    xy");
	assert_string_equal(row(f, 3), "");
}

static void test_virtual_rows_scroll(void **state)
{
	struct fix *f = *state;
	struct ui_canvas s = cv_sub(&f->c, 0, 0, 3, 12);
	int r;

	s.top = 4;
	for (r = 0; r < 10; r++)
		cv_textf(&s, r, 0, ROLE_NORMAL, "line %d", r);
	assert_string_equal(row(f, 0), "line 4");
	assert_string_equal(row(f, 2), "line 6");
	assert_string_equal(row(f, 3), "");
	assert_int_equal(s.used, 10);
}

static void test_wrap_breaks_at_words(void **state)
{
	struct fix *f = *state;
	int n = cv_wrap(&f->c, 0, 0, 10, ROLE_NORMAL, "one two three fourteen x supercalifragilistic");

	assert_int_equal(n, 5);
	assert_string_equal(row(f, 0), "one two");
	assert_string_equal(row(f, 1), "three");
	assert_string_equal(row(f, 2), "fourteen x");
	assert_string_equal(row(f, 3), "supercalif");
	assert_string_equal(row(f, 4), "ragilistic");
	assert_int_equal(cv_wrap(&f->c, 5, 0, 10, ROLE_NORMAL, ""), 1);
}

static void test_wrap_keeps_newlines(void **state)
{
	struct fix *f = *state;

	assert_int_equal(cv_wrap(&f->c, 0, 0, 12, ROLE_NORMAL, "a\n\nb"), 3);
	assert_string_equal(row(f, 0), "a");
	assert_string_equal(row(f, 1), "");
	assert_string_equal(row(f, 2), "b");
}

static void test_box(void **state)
{
	struct fix *f = *state;

	cv_box(&f->c, 0, 0, 3, 4, ROLE_BORDER);
	assert_string_equal(row(f, 0), "\xe2\x94\x8c\xe2\x94\x80\xe2\x94\x80\xe2\x94\x90");
	assert_string_equal(row(f, 1), "\xe2\x94\x82  \xe2\x94\x82");
	assert_string_equal(row(f, 2), "\xe2\x94\x94\xe2\x94\x80\xe2\x94\x80\xe2\x94\x98");
	assert_int_equal(textgrid_role(f->g, 1, 0), ROLE_BORDER);
}

static void test_find(void **state)
{
	struct fix *f = *state;
	int r = -1, c = -1;

	cv_text(&f->c, 3, 1, ROLE_NORMAL, "\xe5\xba\x8a" "ab");
	assert_true(textgrid_find(f->g, "ab", &r, &c));
	assert_int_equal(r, 3);
	assert_int_equal(c, 3);
	assert_false(textgrid_find(f->g, "zz", NULL, NULL));
}

int main(void)
{
	setlocale(LC_ALL, ""); /* wcwidth needs the UTF-8 locale */
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_text_is_cut_by_display_width),
		T(test_roles_and_attrs_reach_the_cells),
		T(test_sub_canvas_clips_and_offsets),
		T(test_virtual_rows_scroll),
		T(test_wrap_breaks_at_words),
		T(test_wrap_keeps_newlines),
		T(test_box),
		T(test_find),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
