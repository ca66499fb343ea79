/* test_paste.c: bracketed paste decoding (ui/paste.h): markers as curses
 * reports them and as separate keys, pastes split over many reads, ESC in
 * a paste, a paste that never ends, and ordinary keys around them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "ui/paste.h"
#include "util/strbuf.h"

struct rec {
	struct strbuf log; /* "k:<n> " for keys, "p:<text>| " for pastes */
	int pastes;
};

static void on_key(void *ctx, ui_key k)
{
	struct rec *r = ctx;

	sb_addf(&r->log, "k:%ld ", (long)k);
}

static void on_paste(void *ctx, const char *text, size_t len)
{
	struct rec *r = ctx;

	sb_adds(&r->log, "p:");
	sb_add(&r->log, text, len);
	sb_adds(&r->log, "| ");
	r->pastes++;
}

static int setup(void **state)
{
	static struct rec r;
	static struct paste_dec d;

	memset(&r, 0, sizeof r);
	sb_init(&r.log);
	paste_init(&d, &(struct paste_sink){on_key, on_paste, &r});
	state[0] = &d;
	return 0;
}

static int teardown(void **state)
{
	struct paste_dec *d = state[0];
	struct rec *r = d->sink.ctx;

	paste_release(d);
	sb_release(&r->log);
	return 0;
}

static const char *log_of(void **state)
{
	struct paste_dec *d = state[0];

	return ((struct rec *)d->sink.ctx)->log.buf;
}

static void feed_text(struct paste_dec *d, const char *s, long now)
{
	for (; *s; s++)
		paste_feed(d, *s == '\r' ? UIK_ENTER : (unsigned char)*s, now);
}

static void test_keys_pass_through(void **state)
{
	struct paste_dec *d = state[0];

	paste_feed(d, 'a', 0);
	paste_feed(d, UIK_F(2), 0);
	paste_feed(d, UIK_PASTE_END, 0); /* stray: ignored */
	paste_idle(d, 0);
	assert_string_equal(log_of(state), "k:97 k:2097410 ");
	assert_int_equal(paste_timeout(d, 0), -1);
}

static void test_one_paste_one_event(void **state)
{
	struct paste_dec *d = state[0];

	paste_feed(d, 'x', 0);
	paste_feed(d, UIK_PASTE_START, 1);
	assert_true(paste_active(d));
	feed_text(d, "line one\rline two", 1);
	paste_feed(d, 0xe9, 1);   /* é */
	paste_feed(d, UIK_TAB, 1);
	paste_feed(d, 'q', 1);    /* a key that would quit: only text here */
	paste_feed(d, UIK_PASTE_END, 2);
	assert_false(paste_active(d));
	paste_feed(d, 'y', 3);
	assert_string_equal(log_of(state), "k:120 p:line one\nline two\xc3\xa9\tq| k:121 ");
}

static void test_paste_split_over_reads(void **state)
{
	struct paste_dec *d = state[0];
	int i;

	paste_feed(d, UIK_PASTE_START, 0);
	for (i = 0; i < 50; i++) {
		feed_text(d, "0123456789", i * 20);
		paste_idle(d, i * 20 + 10); /* the read ended; more comes */
		assert_true(paste_active(d));
		assert_int_equal(paste_timeout(d, i * 20 + 10), PASTE_TIMEOUT_MS - 10);
	}
	paste_feed(d, UIK_PASTE_END, 1000);
	assert_int_equal(((struct rec *)d->sink.ctx)->pastes, 1);
	assert_int_equal(strlen(log_of(state)), 2 + 500 + 2);
}

static void test_markers_as_separate_keys(void **state)
{
	struct paste_dec *d = state[0];

	paste_feed(d, 'a', 0);
	feed_text(d, "\x1b[200~hi\x1b[201~", 0);
	paste_feed(d, 'b', 0);
	paste_idle(d, 0);
	assert_string_equal(log_of(state), "k:97 p:hi| k:98 ");
}

static void test_start_marker_split_between_reads(void **state)
{
	struct paste_dec *d = state[0];

	feed_text(d, "\x1b[2", 0);
	paste_idle(d, 10);
	assert_string_equal(log_of(state), "");
	assert_int_equal(paste_timeout(d, 10), PASTE_MARKER_WAIT_MS - 10);
	feed_text(d, "00~pasted", 20);
	paste_idle(d, 30);
	feed_text(d, "\x1b[20", 40);
	paste_idle(d, 45);
	feed_text(d, "1~", 50);
	assert_string_equal(log_of(state), "p:pasted| ");
}

static void test_esc_is_still_a_key(void **state)
{
	struct paste_dec *d = state[0];

	/* Esc alone: released as soon as the read ends */
	paste_feed(d, UIK_ESC, 0);
	assert_string_equal(log_of(state), "");
	paste_idle(d, 0);
	assert_string_equal(log_of(state), "k:27 ");
	/* Esc then other keys in the same read */
	feed_text(d, "\x1bx\x1b[A", 1);
	paste_idle(d, 1);
	/* "ESC [" waits for more, then goes out as keys */
	feed_text(d, "\x1b[", 2);
	paste_idle(d, 3);
	assert_string_equal(log_of(state), "k:27 k:27 k:120 k:27 k:91 k:65 ");
	paste_idle(d, 2 + PASTE_MARKER_WAIT_MS);
	assert_string_equal(log_of(state), "k:27 k:27 k:120 k:27 k:91 k:65 k:27 k:91 ");
	/* ESC ESC: the first is a key, the second may start a marker */
	feed_text(d, "\x1b\x1b[200~z\x1b[201~", 100);
	assert_string_equal(log_of(state), "k:27 k:27 k:120 k:27 k:91 k:65 k:27 k:91 k:27 p:z| ");
}

static void test_paste_containing_esc(void **state)
{
	struct paste_dec *d = state[0];

	paste_feed(d, UIK_PASTE_START, 0);
	feed_text(d, "a\x1b[31mred\x1b", 0);
	paste_feed(d, UIK_UP, 0);  /* curses decoded ESC [ A inside the paste */
	paste_feed(d, UIK_ESC, 0);
	paste_idle(d, 5);          /* ESC inside a paste is not released */
	feed_text(d, "\x1b[200~b", 10);
	paste_feed(d, UIK_PASTE_START, 10); /* nested start: ignored */
	paste_feed(d, UIK_PASTE_END, 10);
	assert_string_equal(log_of(state), "p:a\x1b[31mred\x1b\x1b\x1b[200~b| ");
}

static void test_paste_without_end_marker_times_out(void **state)
{
	struct paste_dec *d = state[0];

	paste_feed(d, UIK_PASTE_START, 0);
	feed_text(d, "abc", 100);
	paste_idle(d, 100);
	assert_int_equal(paste_timeout(d, 100), PASTE_TIMEOUT_MS);
	paste_idle(d, 100 + PASTE_TIMEOUT_MS - 1);
	assert_true(paste_active(d));
	assert_string_equal(log_of(state), "");
	paste_idle(d, 100 + PASTE_TIMEOUT_MS);
	assert_false(paste_active(d));
	assert_int_equal(paste_timeout(d, 100 + PASTE_TIMEOUT_MS), -1);
	/* keys work again */
	paste_feed(d, 'q', 2000);
	assert_string_equal(log_of(state), "p:abc| k:113 ");
	/* an empty paste says nothing */
	paste_feed(d, UIK_PASTE_START, 3000);
	paste_feed(d, UIK_PASTE_END, 3000);
	assert_string_equal(log_of(state), "p:abc| k:113 ");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_keys_pass_through, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_paste_one_event, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paste_split_over_reads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_markers_as_separate_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_start_marker_split_between_reads, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_esc_is_still_a_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paste_containing_esc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paste_without_end_marker_times_out, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
