/* test_edit.c: the field editor (ui/edit.h): keys over multi-byte and
 * combining characters, wide characters, word deletion, pastes, wrapping,
 * scrolling and the dirty rows. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ui/edit.h"
#include "ui/keymap.h"
#include "ui/shell.h"
#include "util/sanitize.h"
#include "util/strbuf.h"

static struct edit *mk(const char *text, bool multi)
{
	struct edit *e = edit_new(text, multi);

	assert_non_null(e);
	return e;
}

static void type(struct edit *e, const char *s)
{
	assert_int_equal(edit_insert(e, s, strlen(s)), EDIT_CHANGED);
}

static void keys(struct edit *e, ui_key k, int n, enum edit_result want)
{
	while (n-- > 0)
		assert_int_equal(edit_key(e, k), want);
}

/* The rows of a layout joined with '|', and the cursor. */
static char *rows_of(struct edit *e, int w, int h, int *crow, int *ccol)
{
	struct edit_view v;
	struct strbuf sb = STRBUF_INIT;
	int i;

	assert_int_equal(edit_layout(e, w, h, &v), 0);
	for (i = 0; i < v.rows; i++) {
		if (i)
			sb_addc(&sb, '|');
		assert_true(v.lines[i].width <= w);
		assert_ptr_equal(v.lines[i].s, edit_text(e) + v.lines[i].off);
		sb_add(&sb, v.lines[i].s, v.lines[i].len);
	}
	assert_true(v.cursor_col >= 0 && v.cursor_col < w);
	assert_true(v.cursor_row >= 0 && v.cursor_row < v.rows);
	if (crow)
		*crow = v.cursor_row;
	if (ccol)
		*ccol = v.cursor_col;
	return sb_detach(&sb, NULL);
}

static void assert_rows(struct edit *e, int w, int h, const char *want, int crow, int ccol)
{
	int r, c;
	char *got = rows_of(e, w, h, &r, &c);

	assert_string_equal(got, want);
	assert_int_equal(r, crow);
	assert_int_equal(c, ccol);
	free(got);
}

/* ---- construction and sanitising ---- */

static void test_new_and_free(void **state)
{
	struct edit *e = mk(NULL, false);

	(void)state;
	assert_string_equal(edit_text(e), "");
	assert_int_equal(edit_cursor(e), 0);
	assert_int_equal(edit_len(e), 0);
	assert_false(edit_multiline(e));
	edit_free(&e);
	assert_null(e);
	edit_free(&e);
	edit_free(NULL);
	e = mk("héllo", true);
	assert_true(edit_multiline(e));
	assert_int_equal(edit_cursor(e), strlen("héllo"));
	assert_int_equal(edit_chars(e), 5);
	edit_free(&e);
}

static void test_invalid_utf8_initial_text_is_harmless(void **state)
{
	struct edit *e = mk("a\xff" "b\xc3", false);

	(void)state;
	assert_string_equal(edit_text(e), "a\xef\xbf\xbd" "b\xef\xbf\xbd");
	/* one step per replacement character */
	keys(e, UIK_BACKSPACE, 1, EDIT_CHANGED);
	assert_string_equal(edit_text(e), "a\xef\xbf\xbd" "b");
	keys(e, UIK_LEFT, 1, EDIT_MOVED);
	keys(e, UIK_BACKSPACE, 1, EDIT_CHANGED);
	assert_string_equal(edit_text(e), "ab");
	edit_free(&e);

	/* escapes and controls in the stored text never reach the screen */
	e = mk("\x1b[2J\x1b]0;pwned\x07ok\x07\x9b" "31m\xe2\x80\xaer", true);
	assert_null(strchr(edit_text(e), 0x1b));
	assert_null(strchr(edit_text(e), 0x07));
	assert_string_equal(edit_text(e), "ok\xef\xbf\xbd" "31mr"); /* a lone 8-bit CSI byte is not UTF-8 */
	edit_free(&e);

	e = mk("line one\nline two\tx", false);
	assert_string_equal(edit_text(e), "line one line two x");
	edit_free(&e);
	e = mk("line one\r\nline two\rthree", true);
	assert_string_equal(edit_text(e), "line one\nline two\nthree");
	edit_free(&e);
}

static void test_set_text(void **state)
{
	struct edit *e = mk("abc", true);
	int r, c;
	char *s;

	(void)state;
	s = rows_of(e, 10, 2, &r, &c);
	free(s);
	assert_int_equal(edit_set_text(e, "x\ny\nz"), 0);
	assert_string_equal(edit_text(e), "x\ny\nz");
	assert_int_equal(edit_cursor(e), 5);
	assert_rows(e, 10, 2, "y|z", 1, 1);
	assert_int_equal(edit_set_text(e, NULL), 0);
	assert_string_equal(edit_text(e), "");
	assert_rows(e, 10, 2, "|", 0, 0);
	edit_free(&e);
}

/* ---- keys ---- */

static void test_typing_and_moving(void **state)
{
	struct edit *e = mk("", false);

	(void)state;
	assert_int_equal(edit_key(e, 'a'), EDIT_CHANGED);
	assert_int_equal(edit_key(e, 0xe9), EDIT_CHANGED);   /* é */
	assert_int_equal(edit_key(e, 0x20ac), EDIT_CHANGED); /* € */
	assert_int_equal(edit_key(e, 0x1f600), EDIT_CHANGED);
	assert_string_equal(edit_text(e), "aé€\xf0\x9f\x98\x80");
	assert_int_equal(edit_chars(e), 4);
	keys(e, UIK_RIGHT, 1, EDIT_NOOP);
	keys(e, UIK_LEFT, 1, EDIT_MOVED);
	assert_int_equal(edit_cursor(e), 1 + 2 + 3);
	keys(e, UIK_LEFT, 1, EDIT_MOVED);
	assert_int_equal(edit_cursor(e), 3);
	keys(e, UIK_CTRL('b'), 1, EDIT_MOVED);
	assert_int_equal(edit_cursor(e), 1);
	keys(e, UIK_LEFT, 1, EDIT_MOVED);
	keys(e, UIK_LEFT, 1, EDIT_NOOP);
	keys(e, UIK_CTRL('f'), 1, EDIT_MOVED);
	assert_int_equal(edit_cursor(e), 1);
	assert_int_equal(edit_key(e, 'X'), EDIT_CHANGED);
	assert_string_equal(edit_text(e), "aXé€\xf0\x9f\x98\x80");
	assert_int_equal(edit_cursor(e), 2);
	keys(e, UIK_END, 1, EDIT_MOVED);
	assert_int_equal(edit_cursor(e), edit_len(e));
	keys(e, UIK_HOME, 1, EDIT_MOVED);
	keys(e, UIK_HOME, 1, EDIT_NOOP);
	keys(e, UIK_CTRL('e'), 1, EDIT_MOVED);
	keys(e, UIK_CTRL('a'), 1, EDIT_MOVED);
	assert_int_equal(edit_cursor(e), 0);
	edit_free(&e);
}

static void test_backspace_and_delete_take_whole_characters(void **state)
{
	struct edit *e = mk("aé€\xf0\x9f\x98\x80z", false);

	(void)state;
	keys(e, UIK_LEFT, 1, EDIT_MOVED);
	keys(e, UIK_BACKSPACE, 1, EDIT_CHANGED);
	assert_string_equal(edit_text(e), "aé€z");
	keys(e, UIK_CTRL('h'), 1, EDIT_CHANGED);
	assert_string_equal(edit_text(e), "aéz");
	keys(e, UIK_BACKSPACE, 1, EDIT_CHANGED);
	assert_string_equal(edit_text(e), "az");
	assert_int_equal(edit_cursor(e), 1);
	keys(e, UIK_DELETE, 1, EDIT_CHANGED);
	assert_string_equal(edit_text(e), "a");
	keys(e, UIK_DELETE, 1, EDIT_NOOP);
	keys(e, UIK_BACKSPACE, 1, EDIT_CHANGED);
	keys(e, UIK_BACKSPACE, 1, EDIT_NOOP);
	assert_string_equal(edit_text(e), "");
	edit_free(&e);

	e = mk("日本語", false);
	keys(e, UIK_HOME, 1, EDIT_MOVED);
	keys(e, UIK_CTRL('d'), 1, EDIT_CHANGED);
	assert_string_equal(edit_text(e), "本語");
	keys(e, UIK_DELETE, 2, EDIT_CHANGED);
	assert_string_equal(edit_text(e), "");
	edit_free(&e);
}

static void test_combining_marks_are_one_character(void **state)
{
	/* e + COMBINING ACUTE, then a + COMBINING RING + COMBINING DOT BELOW */
	struct edit *e = mk("e\xcc\x81" "a\xcc\x8a\xcc\xa3" "x", false);
	int r, c;
	char *s;

	(void)state;
	assert_int_equal(edit_chars(e), 3);
	keys(e, UIK_LEFT, 1, EDIT_MOVED);
	assert_int_equal(edit_cursor(e), 3 + 5);
	keys(e, UIK_LEFT, 1, EDIT_MOVED);
	assert_int_equal(edit_cursor(e), 3);
	keys(e, UIK_LEFT, 1, EDIT_MOVED);
	assert_int_equal(edit_cursor(e), 0);
	keys(e, UIK_RIGHT, 1, EDIT_MOVED);
	assert_int_equal(edit_cursor(e), 3);
	s = rows_of(e, 10, 1, &r, &c);
	assert_int_equal(c, 1); /* the marks take no column */
	free(s);
	keys(e, UIK_DELETE, 1, EDIT_CHANGED);
	assert_string_equal(edit_text(e), "e\xcc\x81x");
	keys(e, UIK_BACKSPACE, 1, EDIT_CHANGED);
	assert_string_equal(edit_text(e), "x");
	edit_free(&e);

	/* a mark with no base (start of text, start of a line) is a character */
	e = mk("\xcc\x81" "b\n\xcc\x81" "c", true);
	assert_int_equal(edit_chars(e), 5);
	keys(e, UIK_HOME, 1, EDIT_MOVED);
	assert_int_equal(edit_cursor(e), 4);
	keys(e, UIK_LEFT, 1, EDIT_MOVED); /* before the newline */
	assert_int_equal(edit_cursor(e), 3);
	keys(e, UIK_RIGHT, 2, EDIT_MOVED);
	assert_int_equal(edit_cursor(e), 6);
	keys(e, UIK_CTRL('a'), 1, EDIT_MOVED);
	keys(e, UIK_DELETE, 1, EDIT_CHANGED);
	assert_string_equal(edit_text(e), "\xcc\x81" "b\nc");
	/* typing a mark joins the character before it */
	keys(e, UIK_END, 1, EDIT_MOVED);
	assert_int_equal(edit_key(e, 0x301), EDIT_CHANGED);
	keys(e, UIK_LEFT, 1, EDIT_MOVED);
	assert_int_equal(edit_cursor(e), 4);
	/* the cursor set inside a character goes to its start */
	edit_set_cursor(e, 6);
	assert_int_equal(edit_cursor(e), 4);
	edit_set_cursor(e, 5);
	assert_int_equal(edit_cursor(e), 4);
	edit_set_cursor(e, 1);
	assert_int_equal(edit_cursor(e), 0);
	edit_set_cursor(e, 1000);
	assert_int_equal(edit_cursor(e), edit_len(e));
	edit_free(&e);

	/* a letter typed before a lone mark takes it: the cursor goes after both */
	e = mk("\xcc\x81x", false);
	edit_set_cursor(e, 0);
	assert_int_equal(edit_key(e, 'a'), EDIT_CHANGED);
	assert_string_equal(edit_text(e), "a\xcc\x81x");
	assert_int_equal(edit_cursor(e), 3);
	edit_free(&e);
	/* so does joining a line that starts with one */
	e = mk("a\n\xcc\x81x", true);
	edit_set_cursor(e, 2);
	keys(e, UIK_BACKSPACE, 1, EDIT_CHANGED);
	assert_string_equal(edit_text(e), "a\xcc\x81x");
	assert_int_equal(edit_cursor(e), 3);
	edit_free(&e);
}

static void test_wide_characters_take_two_columns(void **state)
{
	struct edit *e = mk("日本a", false);

	(void)state;
	assert_rows(e, 10, 1, "日本a", 0, 5);
	keys(e, UIK_LEFT, 1, EDIT_MOVED);
	assert_rows(e, 10, 1, "日本a", 0, 4);
	keys(e, UIK_LEFT, 1, EDIT_MOVED);
	assert_rows(e, 10, 1, "日本a", 0, 2);
	edit_free(&e);
}

static void test_ctrl_w(void **state)
{
	struct edit *e = mk("foo.bar", false);

	(void)state;
	keys(e, UIK_CTRL('w'), 1, EDIT_CHANGED);
	assert_string_equal(edit_text(e), "foo.");
	keys(e, UIK_CTRL('w'), 1, EDIT_CHANGED);
	assert_string_equal(edit_text(e), "");
	keys(e, UIK_CTRL('w'), 1, EDIT_NOOP);
	edit_free(&e);

	e = mk("Met at the office, then   ", false);
	keys(e, UIK_CTRL('w'), 1, EDIT_CHANGED);
	assert_string_equal(edit_text(e), "Met at the office, ");
	keys(e, UIK_CTRL('w'), 1, EDIT_CHANGED);
	assert_string_equal(edit_text(e), "Met at the ");
	edit_free(&e);

	/* only punctuation and spaces: all of it */
	e = mk("?! ...", false);
	keys(e, UIK_CTRL('w'), 1, EDIT_CHANGED);
	assert_string_equal(edit_text(e), "");
	edit_free(&e);

	/* in the middle, over multi-byte letters */
	e = mk("Zoë Ní Bhriain", false);
	edit_set_cursor(e, strlen("Zoë Ní"));
	keys(e, UIK_CTRL('w'), 1, EDIT_CHANGED);
	assert_string_equal(edit_text(e), "Zoë  Bhriain");
	keys(e, UIK_CTRL('w'), 1, EDIT_CHANGED);
	assert_string_equal(edit_text(e), " Bhriain");
	assert_int_equal(edit_cursor(e), 0);
	edit_free(&e);

	/* multi-line: stops at the line start; there it joins the lines */
	e = mk("one two\nthree", true);
	keys(e, UIK_CTRL('w'), 1, EDIT_CHANGED);
	assert_string_equal(edit_text(e), "one two\n");
	keys(e, UIK_CTRL('w'), 1, EDIT_CHANGED);
	assert_string_equal(edit_text(e), "one two");
	edit_free(&e);
}

static void test_ctrl_u_and_ctrl_k(void **state)
{
	struct edit *e = mk("first line\nsecond line\nthird", true);

	(void)state;
	edit_set_cursor(e, strlen("first line\nsecond"));
	keys(e, UIK_CTRL('u'), 1, EDIT_CHANGED);
	assert_string_equal(edit_text(e), "first line\n line\nthird");
	keys(e, UIK_CTRL('u'), 1, EDIT_NOOP);
	keys(e, UIK_CTRL('k'), 1, EDIT_CHANGED);
	assert_string_equal(edit_text(e), "first line\n\nthird");
	keys(e, UIK_CTRL('k'), 1, EDIT_CHANGED); /* joins */
	assert_string_equal(edit_text(e), "first line\nthird");
	keys(e, UIK_END, 1, EDIT_MOVED);
	keys(e, UIK_CTRL('k'), 1, EDIT_NOOP);
	edit_free(&e);

	e = mk("single", false);
	edit_set_cursor(e, 3);
	keys(e, UIK_CTRL('k'), 1, EDIT_CHANGED);
	assert_string_equal(edit_text(e), "sin");
	keys(e, UIK_CTRL('k'), 1, EDIT_NOOP);
	keys(e, UIK_CTRL('u'), 1, EDIT_CHANGED);
	assert_string_equal(edit_text(e), "");
	edit_free(&e);
}

static void test_keys_that_are_not_mine(void **state)
{
	struct edit *e = mk("abc", false);

	(void)state;
	keys(e, UIK_ENTER, 1, EDIT_NOT_MINE);
	keys(e, UIK_TAB, 1, EDIT_NOT_MINE);
	keys(e, UIK_BTAB, 1, EDIT_NOT_MINE);
	keys(e, UIK_ESC, 1, EDIT_NOT_MINE);
	keys(e, UIK_UP, 1, EDIT_NOT_MINE);
	keys(e, UIK_DOWN, 1, EDIT_NOT_MINE);
	keys(e, UIK_PAGE_UP, 1, EDIT_NOT_MINE);
	keys(e, UIK_F(2), 1, EDIT_NOT_MINE);
	keys(e, UIK_CTRL('s'), 1, EDIT_NOT_MINE);
	keys(e, UIK_RESIZE, 1, EDIT_NOT_MINE);
	keys(e, 0x9b, 1, EDIT_NOT_MINE); /* C1 CSI is not text */
	assert_string_equal(edit_text(e), "abc");
	edit_free(&e);

	e = mk("abc", true);
	keys(e, UIK_ENTER, 1, EDIT_CHANGED);
	assert_string_equal(edit_text(e), "abc\n");
	keys(e, UIK_TAB, 1, EDIT_NOT_MINE);
	keys(e, UIK_DOWN, 1, EDIT_NOT_MINE); /* last row */
	keys(e, UIK_UP, 1, EDIT_MOVED);
	keys(e, UIK_UP, 1, EDIT_NOT_MINE);   /* first row */
	edit_free(&e);
}

/* ---- pastes ---- */

static void test_paste_single_line(void **state)
{
	struct edit *e = mk("[]", false);

	(void)state;
	edit_set_cursor(e, 1);
	type(e, "one\ntwo\r\nthree\rfour\tfive");
	assert_string_equal(edit_text(e), "[one two three four five]");
	assert_int_equal(edit_cursor(e), strlen("[one two three four five"));
	type(e, "\x1b[31mred\x1b[0m \x1b]52;c;aGk=\x07\x1bPq#\x1b\\x");
	assert_string_equal(edit_text(e), "[one two three four fivered x]");
	assert_int_equal(edit_insert(e, "\x1b[0m\x01", 6), EDIT_NOOP);
	assert_int_equal(edit_insert(e, "", 0), EDIT_NOOP);
	edit_free(&e);
}

static void test_paste_multi_line(void **state)
{
	struct edit *e = mk("", true);

	(void)state;
	type(e, "Dear Sir\r\rThank you\r\n\x1b[1mSigned\x1b[m\x7f\x08");
	assert_string_equal(edit_text(e), "Dear Sir\n\nThank you\nSigned");
	assert_rows(e, 20, 5, "Dear Sir||Thank you|Signed|", 3, 6);
	edit_free(&e);
}

static void test_paste_100000_characters(void **state)
{
	size_t n = 100000, i;
	char *big = malloc(n + 1);
	struct edit *e = mk("start ", true);
	struct edit_view v;
	int rows;
	clock_t t0;

	(void)state;
	assert_non_null(big);
	for (i = 0; i < n; i++)
		big[i] = (i % 97 == 96) ? '\n' : (i % 7 == 6) ? ' ' : (char)('a' + i % 26);
	big[n] = '\0';
	type(e, big);
	assert_int_equal(edit_len(e), n + 6);
	assert_int_equal(edit_cursor(e), n + 6);
	assert_int_equal(edit_layout(e, 60, 10, &v), 0);
	rows = v.total_rows;
	assert_true(rows > 1000);
	assert_int_equal(v.cursor_row, 9);
	assert_int_equal(v.top, rows - 10);
	assert_true(v.all_dirty);
	/* keys at the end and in the middle of the long text stay cheap */
	t0 = clock();
	for (i = 0; i < 200; i++) {
		assert_int_equal(edit_key(e, 'x'), EDIT_CHANGED);
		assert_int_equal(edit_layout(e, 60, 10, &v), 0);
	}
	edit_set_cursor(e, n / 2);
	for (i = 0; i < 200; i++) {
		assert_int_equal(edit_key(e, 'y'), EDIT_CHANGED);
		assert_int_equal(edit_layout(e, 60, 10, &v), 0);
	}
	/* generous: a few ms per key even under ASan on a busy machine */
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 4.0);
	assert_int_equal(edit_len(e), n + 6 + 400);
	keys(e, UIK_BACKSPACE, 200, EDIT_CHANGED);
	assert_int_equal(memcmp(edit_text(e), "start ", 6), 0);
	assert_int_equal(memcmp(edit_text(e) + 6, big, n / 2 - 6), 0);
	/* single-line: one long row scrolled sideways */
	{
		struct edit *s = mk("", false);

		type(s, big);
		assert_int_equal(edit_layout(s, 40, 1, &v), 0);
		assert_int_equal(v.cursor_col, 39);
		assert_true(v.more_left);
		assert_false(v.more_right);
		assert_null(memchr(edit_text(s), '\n', edit_len(s)));
		edit_free(&s);
	}
	free(big);
	edit_free(&e);
}

/* ---- layout ---- */

static void test_wrap_at_exact_width(void **state)
{
	/* width 6: five columns of text and one for the cursor */
	struct edit *e = mk("abcde", true);

	(void)state;
	assert_rows(e, 6, 3, "abcde||", 0, 5);
	assert_int_equal(edit_key(e, 'f'), EDIT_CHANGED);
	assert_rows(e, 6, 3, "abcde|f|", 1, 1);
	keys(e, UIK_BACKSPACE, 1, EDIT_CHANGED);
	assert_rows(e, 6, 3, "abcde||", 0, 5);
	edit_free(&e);

	/* a space after a full row hangs in the cursor column */
	e = mk("hello world", true);
	assert_rows(e, 6, 3, "hello |world|", 1, 5);
	edit_set_cursor(e, 5);
	assert_rows(e, 6, 3, "hello |world|", 0, 5);
	edit_set_cursor(e, 6);
	assert_rows(e, 6, 3, "hello |world|", 1, 0);
	edit_free(&e);

	/* ...but not at the end of a line: the cursor needs that column */
	e = mk("hello \nx", true);
	assert_rows(e, 6, 3, "hello| |x", 2, 1);
	edit_free(&e);

	/* words move to the next row whole */
	e = mk("ab cd efgh ij", true);
	assert_rows(e, 8, 3, "ab cd |efgh ij|", 1, 7);
	edit_free(&e);
}

static void test_very_long_words_are_cut(void **state)
{
	struct edit *e = mk("aaaaaaaaaaaa", true);

	(void)state;
	assert_rows(e, 6, 4, "aaaaa|aaaaa|aa|", 2, 2);
	edit_free(&e);
	e = mk("ab cdefghijkl", true);
	assert_rows(e, 6, 4, "ab |cdefg|hijkl|", 2, 5);
	edit_free(&e);
	/* wide characters never straddle the row end */
	e = mk("日本語日本語", true);
	assert_rows(e, 6, 4, "日本|語日|本語|", 2, 4);
	edit_free(&e);
	/* a row too narrow for one wide character still shows it */
	e = mk("日本", true);
	assert_rows(e, 2, 3, "日|本|", 1, 1);
	edit_free(&e);
}

static void test_up_down_keep_the_column(void **state)
{
	struct edit *e = mk("a long first line\nab\nthe third line is long", true);

	(void)state;
	assert_rows(e, 40, 3, "a long first line|ab|the third line is long", 2, 22);
	keys(e, UIK_HOME, 1, EDIT_MOVED);
	keys(e, UIK_RIGHT, 10, EDIT_MOVED);
	keys(e, UIK_UP, 1, EDIT_MOVED);
	assert_int_equal(edit_cursor(e), strlen("a long first line\nab"));
	keys(e, UIK_UP, 1, EDIT_MOVED);
	assert_int_equal(edit_cursor(e), 10); /* the column came back */
	keys(e, UIK_DOWN, 2, EDIT_MOVED);
	assert_int_equal(edit_cursor(e), strlen("a long first line\nab\nthe third "));
	keys(e, UIK_DOWN, 1, EDIT_NOT_MINE);
	/* a horizontal move forgets the column */
	keys(e, UIK_LEFT, 1, EDIT_MOVED);
	keys(e, UIK_UP, 2, EDIT_MOVED);
	assert_int_equal(edit_cursor(e), 9);
	edit_free(&e);

	/* across soft-wrapped rows, by display column over wide characters */
	e = mk("日本語日本語 abc", true);
	assert_rows(e, 8, 3, "日本語|日本語 |abc", 2, 3);
	keys(e, UIK_UP, 1, EDIT_MOVED);
	assert_rows(e, 8, 3, "日本語|日本語 |abc", 1, 2); /* column 3 is inside 本 */
	keys(e, UIK_UP, 1, EDIT_MOVED);
	assert_rows(e, 8, 3, "日本語|日本語 |abc", 0, 2);
	/* on the last character of a wrapped row, not at the next row's start */
	edit_set_cursor(e, strlen("日本語日本語"));
	assert_rows(e, 8, 3, "日本語|日本語 |abc", 1, 6);
	keys(e, UIK_UP, 1, EDIT_MOVED);
	assert_rows(e, 8, 3, "日本語|日本語 |abc", 0, 4);
	keys(e, UIK_DOWN, 1, EDIT_MOVED);
	assert_rows(e, 8, 3, "日本語|日本語 |abc", 1, 6);
	edit_free(&e);
}

static void test_vertical_scroll_follows_the_cursor(void **state)
{
	struct edit *e = mk("", true);
	struct edit_view v;
	int i;

	(void)state;
	for (i = 0; i < 20; i++) {
		char line[16];

		snprintf(line, sizeof line, "%sline %d", i ? "\n" : "", i);
		type(e, line);
	}
	assert_rows(e, 20, 5, "line 15|line 16|line 17|line 18|line 19", 4, 7);
	keys(e, UIK_UP, 4, EDIT_MOVED);
	assert_rows(e, 20, 5, "line 15|line 16|line 17|line 18|line 19", 0, 7);
	keys(e, UIK_UP, 1, EDIT_MOVED);
	assert_rows(e, 20, 5, "line 14|line 15|line 16|line 17|line 18", 0, 7);
	keys(e, UIK_PAGE_UP, 1, EDIT_MOVED);
	assert_rows(e, 20, 5, "line 10|line 11|line 12|line 13|line 14", 0, 7);
	keys(e, UIK_PAGE_UP, 3, EDIT_MOVED);
	assert_rows(e, 20, 5, "line 0|line 1|line 2|line 3|line 4", 0, 6);
	keys(e, UIK_PAGE_UP, 1, EDIT_NOT_MINE);
	keys(e, UIK_PAGE_DOWN, 1, EDIT_MOVED);
	assert_rows(e, 20, 5, "line 0|line 1|line 2|line 3|line 4", 4, 6);
	/* deleting text pulls the view back */
	edit_set_cursor(e, 0);
	keys(e, UIK_CTRL('k'), 34, EDIT_CHANGED);
	assert_int_equal(edit_layout(e, 20, 5, &v), 0);
	assert_int_equal(v.top, 0);
	assert_int_equal(v.total_rows, 3);
	edit_free(&e);
}

static void test_single_line_scrolls_sideways(void **state)
{
	struct edit *e = mk("abcdefghijklmnopqrstuvwxyz0123", false);
	struct edit_view v;

	(void)state;
	assert_int_equal(edit_layout(e, 10, 1, &v), 0);
	assert_int_equal(v.rows, 1);
	assert_int_equal(v.cursor_col, 9);
	assert_true(v.more_left);
	assert_false(v.more_right);
	assert_int_equal(v.lines[0].len, 9);
	assert_string_equal(v.lines[0].s, "vwxyz0123");
	keys(e, UIK_HOME, 1, EDIT_MOVED);
	assert_rows(e, 10, 1, "abcdefghij", 0, 0);
	assert_int_equal(edit_layout(e, 10, 1, &v), 0);
	assert_false(v.more_left);
	assert_true(v.more_right);
	/* moving right keeps the view until the cursor reaches its edge, then
	 * jumps half a row, so typing redraws the row only every w/2 keys */
	keys(e, UIK_RIGHT, 9, EDIT_MOVED);
	assert_rows(e, 10, 1, "abcdefghij", 0, 9);
	keys(e, UIK_RIGHT, 1, EDIT_MOVED);
	assert_rows(e, 10, 1, "fghijklmno", 0, 5);
	keys(e, UIK_RIGHT, 4, EDIT_MOVED);
	assert_rows(e, 10, 1, "fghijklmno", 0, 9);
	keys(e, UIK_END, 1, EDIT_MOVED);
	assert_rows(e, 10, 1, "z0123", 0, 5);
	/* moving left past the edge shows some context */
	keys(e, UIK_LEFT, 5, EDIT_MOVED);
	assert_rows(e, 10, 1, "z0123", 0, 0);
	keys(e, UIK_LEFT, 1, EDIT_MOVED);
	assert_rows(e, 10, 1, "wxyz0123", 0, 2);
	edit_free(&e);

	/* typing at the end of a full row */
	e = mk("", false);
	type(e, "abcdefghi");
	assert_rows(e, 10, 1, "abcdefghi", 0, 9);
	assert_int_equal(edit_key(e, 'j'), EDIT_CHANGED);
	assert_rows(e, 10, 1, "fghij", 0, 5);
	assert_int_equal(edit_key(e, 'k'), EDIT_CHANGED);
	assert_rows(e, 10, 1, "fghijk", 0, 6);
	assert_rows(e, 8, 1, "fghijk", 0, 6); /* a new width keeps the view when it can */
	edit_free(&e);

	/* wide characters at the edge */
	e = mk("日本語日本語", false);
	assert_rows(e, 7, 1, "日本語", 0, 6);
	keys(e, UIK_HOME, 1, EDIT_MOVED);
	assert_rows(e, 7, 1, "日本語", 0, 0);
	edit_free(&e);
}

static void test_dirty_rows(void **state)
{
	struct edit *e = mk("first\nsecond\nthird", true);
	struct edit_view v;

	(void)state;
	assert_int_equal(edit_layout(e, 20, 4, &v), 0);
	assert_true(v.all_dirty);
	assert_true(v.lines[0].dirty && v.lines[3].dirty);
	assert_int_equal(edit_layout(e, 20, 4, &v), 0);
	assert_false(v.all_dirty);
	assert_false(v.lines[0].dirty || v.lines[1].dirty || v.lines[2].dirty || v.lines[3].dirty);
	assert_int_equal(edit_key(e, '!'), EDIT_CHANGED);
	assert_int_equal(edit_layout(e, 20, 4, &v), 0);
	assert_false(v.lines[0].dirty || v.lines[1].dirty || v.lines[3].dirty);
	assert_true(v.lines[2].dirty);
	/* moving the cursor changes no row */
	keys(e, UIK_UP, 1, EDIT_MOVED);
	assert_int_equal(edit_layout(e, 20, 4, &v), 0);
	assert_false(v.lines[0].dirty || v.lines[1].dirty || v.lines[2].dirty);
	/* a new line shifts the rows below it */
	keys(e, UIK_ENTER, 1, EDIT_CHANGED);
	assert_int_equal(edit_layout(e, 20, 4, &v), 0);
	assert_false(v.lines[0].dirty || v.lines[1].dirty);
	assert_true(v.lines[2].dirty && v.lines[3].dirty);
	/* a new size redraws everything */
	assert_int_equal(edit_layout(e, 21, 4, &v), 0);
	assert_true(v.all_dirty);
	assert_true(v.lines[0].dirty);
	edit_free(&e);

	e = mk("abc", false);
	assert_int_equal(edit_layout(e, 20, 1, &v), 0);
	assert_true(v.lines[0].dirty);
	keys(e, UIK_LEFT, 1, EDIT_MOVED);
	assert_int_equal(edit_layout(e, 20, 1, &v), 0);
	assert_false(v.lines[0].dirty);
	edit_free(&e);
}

/* The rows kept up to date edit by edit are those of a fresh wrap. */
static void test_incremental_wrap_matches_fresh_wrap(void **state)
{
	static const char *const pieces[] = {"a", " ", "\n", "word ", "日本", "é", "e\xcc\x81",
					     "longlonglongword", "x\ny\n", "  "};
	static const ui_key ks[] = {UIK_BACKSPACE, UIK_DELETE, UIK_CTRL('w'), UIK_CTRL('k'),
				    UIK_CTRL('u'), UIK_LEFT, UIK_RIGHT, UIK_UP, UIK_DOWN,
				    UIK_HOME, UIK_END, UIK_ENTER};
	struct edit *e = mk("", true);
	unsigned seed = 12345;
	int i, w;

	(void)state;
	for (i = 0; i < 3000; i++) {
		seed = seed * 1103515245u + 12345u;
		if ((seed >> 16) % 3 == 0)
			type(e, pieces[(seed >> 8) % (sizeof pieces / sizeof pieces[0])]);
		else
			edit_key(e, ks[(seed >> 8) % (sizeof ks / sizeof ks[0])]);
		if (i % 7 == 0) {
			struct edit *f = mk(edit_text(e), true);
			char *a, *b;
			int ra, ca, rb, cb;

			w = 4 + (int)((seed >> 20) % 3);
			edit_set_cursor(f, edit_cursor(e));
			a = rows_of(e, w, 5000, &ra, &ca);
			b = rows_of(f, w, 5000, &rb, &cb);
			assert_string_equal(a, b);
			assert_int_equal(ca, cb);
			free(a);
			free(b);
			edit_free(&f);
		}
	}
	edit_free(&e);
}

/* Random bytes pasted and random keys: the text stays valid UTF-8 with no
 * control characters (but '\n' in multi-line), the cursor on a character
 * boundary, and every layout inside its rectangle. */
static void test_random_input_keeps_the_text_clean(void **state)
{
	static const ui_key ks[] = {UIK_BACKSPACE, UIK_DELETE, UIK_CTRL('w'), UIK_CTRL('k'),
				    UIK_CTRL('u'), UIK_LEFT, UIK_RIGHT, UIK_UP, UIK_DOWN,
				    UIK_HOME, UIK_END, UIK_ENTER, UIK_PAGE_UP, UIK_PAGE_DOWN,
				    0x301, 0x65e5, 'a', ' ', 0x1f600, 0x200d};
	unsigned seed = 777;
	int round, i;

	(void)state;
	for (round = 0; round < 2; round++) {
		struct edit *e = mk("\xff\xfe seed", round == 1);

		for (i = 0; i < 4000; i++) {
			const unsigned char *t;
			size_t n, j, skip, l, cur;
			unsigned cp;

			seed = seed * 1103515245u + 12345u;
			if ((seed >> 16) % 4 == 0) {
				char buf[12];

				for (j = 0; j < sizeof buf; j++) {
					seed = seed * 1103515245u + 12345u;
					buf[j] = (char)(seed >> 16);
				}
				edit_insert(e, buf, sizeof buf);
			} else {
				edit_key(e, ks[(seed >> 8) % (sizeof ks / sizeof ks[0])]);
			}
			if (i % 50 == 0) {
				struct edit_view v;
				int w = 2 + (int)((seed >> 4) % 20), h = 1 + (int)((seed >> 9) % 6), r;

				assert_int_equal(edit_layout(e, w, h, &v), 0);
				assert_true(v.cursor_col >= 0 && v.cursor_col < w);
				assert_true(v.cursor_row >= 0 && v.cursor_row < v.rows);
				for (r = 0; r < v.rows; r++)
					assert_true(v.lines[r].width <= w);
			}
			t = (const unsigned char *)edit_text(e);
			n = edit_len(e);
			assert_int_equal(strlen(edit_text(e)), n);
			for (j = 0; j < n; j += l) {
				l = utf8_decode(t + j, n - j, &cp, &skip);
				assert_int_not_equal(l, 0);
				assert_true(cp >= 0x20 || (cp == '\n' && round == 1));
				assert_true(cp != 0x7f && !(cp >= 0x80 && cp < 0xa0) && cp != 0x1b);
			}
			if (i % 10 == 0) {
				struct edit *f = mk(edit_text(e), round == 1);

				assert_int_equal(edit_chars(e), edit_chars(f));
				edit_free(&f);
			}
			cur = edit_cursor(e);
			assert_true(cur <= n);
			edit_set_cursor(e, cur);
			assert_int_equal(edit_cursor(e), cur);
		}
		edit_free(&e);
	}
}

static void test_f_keys_for_swallowed_ctrl_keys(void **state)
{
	struct keymap *km = keymap_new();
	struct strbuf err = STRBUF_INIT;
	struct edit *e = mk("one two\nthree four", true);
	static const char yaml[] = "text-field:\n  delete-word: [F12]\n";
	struct ui_help h = {.n = 0};

	(void)state;
	assert_non_null(km);
	assert_int_equal(edit_handle(e, km, UIK_F(11)), EDIT_CHANGED);
	assert_string_equal(edit_text(e), "one two\nthree ");
	assert_int_equal(edit_handle(e, km, UIK_F(13)), EDIT_CHANGED);
	assert_string_equal(edit_text(e), "one two\n");
	edit_set_cursor(e, 3);
	assert_int_equal(edit_handle(e, km, UIK_F(14)), EDIT_CHANGED);
	assert_string_equal(edit_text(e), "one\n");
	assert_int_equal(edit_handle(e, km, UIK_CTRL('a')), EDIT_MOVED);
	assert_int_equal(edit_handle(e, km, UIK_END), EDIT_MOVED);
	assert_int_equal(edit_handle(e, km, 'x'), EDIT_CHANGED);
	assert_int_equal(edit_handle(e, NULL, UIK_CTRL('w')), EDIT_CHANGED);
	assert_string_equal(edit_text(e), "\n");
	assert_int_equal(edit_handle(e, km, UIK_TAB), EDIT_NOT_MINE);
	assert_int_equal(edit_action(e, ACT_QUIT), EDIT_NOT_MINE);
	/* rebound in keymap.yaml: F12 deletes a word, F11 is the form's again */
	assert_int_equal(keymap_load_string(km, "test", yaml, sizeof yaml - 1, &err), 0);
	assert_int_equal(edit_set_text(e, "a b"), 0);
	assert_int_equal(edit_handle(e, km, UIK_F(12)), EDIT_CHANGED);
	assert_string_equal(edit_text(e), "a ");
	assert_int_equal(edit_handle(e, km, UIK_F(11)), EDIT_NOT_MINE);
	/* the help lists them with the text-field keys */
	edit_help(&h);
	assert_int_equal(h.n, 5);
	assert_int_equal(h.acts[2], ACT_DELETE_WORD);
	assert_int_equal(h.sec[2], SEC_TEXT_FIELD);
	sb_release(&err);
	keymap_free(&km);
	edit_free(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_and_free),
		cmocka_unit_test(test_invalid_utf8_initial_text_is_harmless),
		cmocka_unit_test(test_set_text),
		cmocka_unit_test(test_typing_and_moving),
		cmocka_unit_test(test_backspace_and_delete_take_whole_characters),
		cmocka_unit_test(test_combining_marks_are_one_character),
		cmocka_unit_test(test_wide_characters_take_two_columns),
		cmocka_unit_test(test_ctrl_w),
		cmocka_unit_test(test_ctrl_u_and_ctrl_k),
		cmocka_unit_test(test_keys_that_are_not_mine),
		cmocka_unit_test(test_paste_single_line),
		cmocka_unit_test(test_paste_multi_line),
		cmocka_unit_test(test_paste_100000_characters),
		cmocka_unit_test(test_wrap_at_exact_width),
		cmocka_unit_test(test_very_long_words_are_cut),
		cmocka_unit_test(test_up_down_keep_the_column),
		cmocka_unit_test(test_vertical_scroll_follows_the_cursor),
		cmocka_unit_test(test_single_line_scrolls_sideways),
		cmocka_unit_test(test_dirty_rows),
		cmocka_unit_test(test_incremental_wrap_matches_fresh_wrap),
		cmocka_unit_test(test_f_keys_for_swallowed_ctrl_keys),
		cmocka_unit_test(test_random_input_keeps_the_text_clean),
	};

	setlocale(LC_ALL, "C.UTF-8"); /* wcwidth needs a UTF-8 locale */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
