/* test_async.c: timers and work off the main thread (ui/shell.h): timers
 * fire in due order and can be cancelled; a job's done() runs on the thread
 * that calls ui_run_due, with its result; a cancelled job, or one still
 * running when the ui is freed, gets done(NULL, ...) so it can free. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ui/keymap.h"
#include "ui/shell.h"

static struct staff anna = {
	.id = 1, .username = "anna", .display_name = "Anna", .role = "pp",
	.role_label = "Probation practitioner", .team = "Team",
};

struct fix {
	struct keymap *km;
	struct ui *ui;
};

static int setup(void **state)
{
	static struct fix f;
	struct strbuf err = STRBUF_INIT;

	memset(&f, 0, sizeof f);
	f.km = keymap_new();
	if (!f.km)
		return -1;
	f.ui = ui_new(&(struct ui_setup){.keymap = f.km, .staff = &anna}, &err);
	sb_release(&err);
	if (!f.ui)
		return -1;
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fix *f = *state;

	ui_free(&f->ui);
	keymap_free(&f->km);
	return 0;
}

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

/* ---- timers ---- */

struct order {
	char seen[16];
	size_t n;
};

static void tick_a(struct ui *ui, void *arg)
{
	struct order *o = arg;

	assert_non_null(ui);
	o->seen[o->n++] = 'a';
}

static void tick_b(struct ui *ui, void *arg)
{
	struct order *o = arg;

	assert_non_null(ui);
	o->seen[o->n++] = 'b';
}

static void test_timers_fire_in_order(void **state)
{
	struct fix *f = *state;
	struct order o = {{0}, 0};
	int t;

	assert_int_equal(ui_next_timeout(f->ui), -1);
	/* far apart, so a slow machine cannot make both due at once */
	assert_true(ui_timer_start(f->ui, 60000, tick_b, &o) > 0);
	assert_true(ui_timer_start(f->ui, 10, tick_a, &o) > 0);
	t = ui_next_timeout(f->ui);
	assert_true(t >= 0 && t <= 10);
	sleep_ms(15);
	ui_run_due(f->ui);
	assert_string_equal(o.seen, "a");
	t = ui_next_timeout(f->ui);
	assert_true(t > 50000 && t <= 60000);
}

static void test_due_timers_run_earliest_first(void **state)
{
	struct fix *f = *state;
	struct order o = {{0}, 0};

	/* both due by the time they run: started b first, a falls due first */
	assert_true(ui_timer_start(f->ui, 5, tick_b, &o) > 0);
	assert_true(ui_timer_start(f->ui, 0, tick_a, &o) > 0);
	sleep_ms(10);
	ui_run_due(f->ui);
	assert_string_equal(o.seen, "ab");
	assert_int_equal(ui_next_timeout(f->ui), -1);
}

static void test_timer_cancel(void **state)
{
	struct fix *f = *state;
	struct order o = {{0}, 0};
	int id;

	id = ui_timer_start(f->ui, 0, tick_a, &o);
	assert_true(id > 0);
	ui_timer_start(f->ui, 0, tick_b, &o);
	ui_timer_cancel(f->ui, id);
	ui_timer_cancel(f->ui, 9999); /* unknown: harmless */
	ui_run_due(f->ui);
	assert_string_equal(o.seen, "b");
}

/* ---- jobs ---- */

struct job_arg {
	pthread_t main_thread;
	int input;
	int *calls;          /* done() calls, owned by the test */
	int *null_calls;     /* done(NULL) calls */
	int *result_seen;
	int work_ms;
};

static void *work_double(void *p)
{
	struct job_arg *a = p;
	int *r = malloc(sizeof *r);

	sleep_ms(a->work_ms);
	if (r)
		*r = a->input * 2;
	return r;
}

static void done_record(struct ui *ui, void *p, void *result)
{
	struct job_arg *a = p;

	assert_true(pthread_equal(pthread_self(), a->main_thread));
	if (ui) {
		(*a->calls)++;
		*a->result_seen = result ? *(int *)result : -1;
	} else {
		(*a->null_calls)++;
	}
	free(result);
	free(a);
}

static struct job_arg *new_arg(int input, int work_ms, int *calls, int *null_calls, int *seen)
{
	struct job_arg *a = calloc(1, sizeof *a);

	assert_non_null(a);
	*a = (struct job_arg){pthread_self(), input, calls, null_calls, seen, work_ms};
	return a;
}

static void test_job_done_on_main_thread(void **state)
{
	struct fix *f = *state;
	int calls = 0, nulls = 0, seen = 0, i;

	assert_true(ui_async_start(f->ui, work_double, done_record,
				   new_arg(21, 5, &calls, &nulls, &seen)) > 0);
	for (i = 0; i < 200 && !calls; i++) {
		sleep_ms(5);
		ui_run_due(f->ui);
	}
	assert_int_equal(calls, 1);
	assert_int_equal(nulls, 0);
	assert_int_equal(seen, 42);
}

static void test_job_cancel_gets_null_ui(void **state)
{
	struct fix *f = *state;
	int calls = 0, nulls = 0, seen = 0, id;

	id = ui_async_start(f->ui, work_double, done_record, new_arg(1, 20, &calls, &nulls, &seen));
	assert_true(id > 0);
	ui_async_cancel(f->ui, id);
	ui_async_wait(f->ui);
	assert_int_equal(calls, 0);
	assert_int_equal(nulls, 1);
}

static void test_free_waits_for_running_jobs(void **state)
{
	struct fix *f = *state;
	int calls = 0, nulls = 0, seen = 0, i;

	for (i = 0; i < 5; i++)
		assert_true(ui_async_start(f->ui, work_double, done_record,
					   new_arg(i, 10 + i * 5, &calls, &nulls, &seen)) > 0);
	ui_free(&f->ui);
	assert_int_equal(calls, 0);
	assert_int_equal(nulls, 5);
	{
		struct strbuf err = STRBUF_INIT;

		/* a new ui for teardown to free; the keymap is kept */
		f->ui = ui_new(&(struct ui_setup){.keymap = f->km, .staff = &anna}, &err);
		sb_release(&err);
		assert_non_null(f->ui);
	}
}

static void test_lookup_refuses_bad_crn_and_no_config(void **state)
{
	struct fix *f = *state;

	assert_null(ui_config(f->ui));
	/* no configuration: no look-up can start, and done is never called */
	assert_int_equal(ui_lookup_start(f->ui, "X320741", 0, NULL, NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_timers_fire_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_due_timers_run_earliest_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timer_cancel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_job_done_on_main_thread, setup, teardown),
		cmocka_unit_test_setup_teardown(test_job_cancel_gets_null_ui, setup, teardown),
		cmocka_unit_test_setup_teardown(test_free_waits_for_running_jobs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lookup_refuses_bad_crn_and_no_config, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
