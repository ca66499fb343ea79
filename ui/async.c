/* async.c: timers and work off the main thread for screens (ui/shell.h).
 *
 * The shell is single-threaded: keys, drawing and every callback a screen
 * gets run on the main thread.  A screen that must wait for the network
 * (a person look-up) hands the waiting to a thread with ui_async_start(); the
 * thread never touches the ui or its PGconn.  When it finishes it queues its
 * result and wakes the main loop (ui/term.c's self-pipe), which calls done()
 * on the main thread at its next turn (ui_run_due).
 *
 * Ownership: the hub (timers, jobs, the look-up worker) belongs to the ui.
 * ui_free() cancels every job and waits for running threads, so no thread
 * outlives the configuration and connection it borrows; a look-up is bounded
 * by the configured timeouts and retries. */
#include "ui/async.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "lookup/lookup.h"

struct timer {
	int id;
	long long due_ms;
	void (*fn)(struct ui *ui, void *arg);
	void *arg;
};

struct job {
	int id;
	pthread_t thread;
	void *(*work)(void *arg);
	void (*done)(struct ui *ui, void *arg, void *result);
	void *arg;
	void *result;
	bool finished;   /* work returned (under hub->lock) */
	bool cancelled;  /* done gets ui == NULL */
	struct job *next;
};

struct ui_async {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	struct job *jobs;
	int next_id;
	void (*wake)(void *arg);
	void *wake_arg;

	struct timer *timers;
	size_t nt, cap;

	/* the look-up worker: one client and one connection of its own, used
	 * by one look-up at a time */
	const struct ct_config *cfg;
	pthread_mutex_t lookup_lock;
	struct lookup_client *client;
	PGconn *db;
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct ui_async *ui_async_new(const struct ct_config *cfg)
{
	struct ui_async *h = calloc(1, sizeof *h);

	if (!h)
		return NULL;
	if (pthread_mutex_init(&h->lock, NULL)) {
		free(h);
		return NULL;
	}
	if (pthread_cond_init(&h->changed, NULL)) {
		pthread_mutex_destroy(&h->lock);
		free(h);
		return NULL;
	}
	if (pthread_mutex_init(&h->lookup_lock, NULL)) {
		pthread_cond_destroy(&h->changed);
		pthread_mutex_destroy(&h->lock);
		free(h);
		return NULL;
	}
	h->cfg = cfg;
	h->next_id = 1;
	return h;
}

/* Takes the finished jobs off the list (caller holds the lock). */
static struct job *take_finished(struct ui_async *h)
{
	struct job **p = &h->jobs, *done = NULL, **tail = &done, *j;

	while ((j = *p)) {
		if (j->finished) {
			*p = j->next;
			j->next = NULL;
			*tail = j;
			tail = &j->next;
		} else {
			p = &j->next;
		}
	}
	return done;
}

static void finish_jobs(struct ui *ui, struct job *j)
{
	struct job *next;

	for (; j; j = next) {
		next = j->next;
		pthread_join(j->thread, NULL);
		if (j->done)
			j->done(j->cancelled ? NULL : ui, j->arg, j->result);
		free(j);
	}
}

void ui_async_free(struct ui_async **hp)
{
	struct ui_async *h = hp ? *hp : NULL;
	struct job *j;

	if (!h)
		return;
	pthread_mutex_lock(&h->lock);
	for (j = h->jobs; j; j = j->next)
		j->cancelled = true;
	h->wake = NULL;
	while (h->jobs) {
		j = take_finished(h);
		if (j) {
			pthread_mutex_unlock(&h->lock);
			finish_jobs(NULL, j);
			pthread_mutex_lock(&h->lock);
			continue;
		}
		pthread_cond_wait(&h->changed, &h->lock);
	}
	pthread_mutex_unlock(&h->lock);
	free(h->timers);
	lookup_client_free(&h->client);
	if (h->db)
		PQfinish(h->db);
	pthread_mutex_destroy(&h->lookup_lock);
	pthread_cond_destroy(&h->changed);
	pthread_mutex_destroy(&h->lock);
	free(h);
	*hp = NULL;
}

void ui_async_set_waker(struct ui_async *h, void (*wake)(void *arg), void *arg)
{
	pthread_mutex_lock(&h->lock);
	h->wake = wake;
	h->wake_arg = arg;
	pthread_mutex_unlock(&h->lock);
}

const struct ct_config *ui_async_config(const struct ui_async *h)
{
	return h->cfg;
}

/* ---- timers ---- */

int ui_async_timer_start(struct ui_async *h, int ms, void (*fn)(struct ui *ui, void *arg),
			 void *arg)
{
	struct timer *t;

	if (!fn)
		return -1;
	if (h->nt == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 8;

		t = realloc(h->timers, cap * sizeof *t);
		if (!t)
			return -1;
		h->timers = t;
		h->cap = cap;
	}
	t = &h->timers[h->nt++];
	t->id = h->next_id++;
	t->due_ms = now_ms() + (ms > 0 ? ms : 0);
	t->fn = fn;
	t->arg = arg;
	return t->id;
}

void ui_async_timer_cancel(struct ui_async *h, int id)
{
	size_t i;

	for (i = 0; i < h->nt; i++)
		if (h->timers[i].id == id) {
			memmove(&h->timers[i], &h->timers[i + 1], (h->nt - i - 1) * sizeof *h->timers);
			h->nt--;
			return;
		}
}

int ui_async_timeout_ms(struct ui_async *h)
{
	long long now = now_ms(), best = -1;
	size_t i;

	for (i = 0; i < h->nt; i++) {
		long long left = h->timers[i].due_ms - now;

		if (left < 0)
			left = 0;
		if (best < 0 || left < best)
			best = left;
	}
	return best > 1000000 ? 1000000 : (int)best;
}

/* ---- jobs ---- */

struct job_start {
	struct ui_async *h;
	struct job *j;
};

/* The thread body: run the work, then mark the job finished and wake the
 * main loop.  The hub outlives every job (ui_async_free waits). */
static void *job_thread(void *p)
{
	struct job_start s = *(struct job_start *)p;

	free(p);
	s.j->result = s.j->work(s.j->arg);
	pthread_mutex_lock(&s.h->lock);
	s.j->finished = true;
	if (s.h->wake)
		s.h->wake(s.h->wake_arg);
	pthread_cond_broadcast(&s.h->changed);
	pthread_mutex_unlock(&s.h->lock);
	return NULL;
}

int ui_async_job_start(struct ui_async *h, void *(*work)(void *arg),
		       void (*done)(struct ui *ui, void *arg, void *result), void *arg)
{
	struct job *j = calloc(1, sizeof *j);
	struct job_start *s = malloc(sizeof *s);
	int id;

	if (!j || !s || !work) {
		free(j);
		free(s);
		return -1;
	}
	j->work = work;
	j->done = done;
	j->arg = arg;
	*s = (struct job_start){h, j};
	pthread_mutex_lock(&h->lock);
	id = j->id = h->next_id++;
	if (pthread_create(&j->thread, NULL, job_thread, s)) {
		pthread_mutex_unlock(&h->lock);
		free(j);
		free(s);
		return -1;
	}
	j->next = h->jobs;
	h->jobs = j;
	pthread_mutex_unlock(&h->lock);
	return id;
}

void ui_async_job_cancel(struct ui_async *h, int id)
{
	struct job *j;

	pthread_mutex_lock(&h->lock);
	for (j = h->jobs; j; j = j->next)
		if (j->id == id)
			j->cancelled = true;
	pthread_mutex_unlock(&h->lock);
}

bool ui_async_busy(struct ui_async *h)
{
	bool busy;

	pthread_mutex_lock(&h->lock);
	busy = h->jobs != NULL;
	pthread_mutex_unlock(&h->lock);
	return busy;
}

bool ui_async_run_due(struct ui_async *h, struct ui *ui)
{
	long long now = now_ms();
	struct job *done;
	bool ran;
	size_t i;

	pthread_mutex_lock(&h->lock);
	done = take_finished(h);
	pthread_mutex_unlock(&h->lock);
	ran = done != NULL;
	finish_jobs(ui, done);

	/* due timers, one at a time: a callback may start or cancel timers */
	for (;;) {
		struct timer t;

		size_t best = h->nt;

		/* the earliest due first, so timers run in the order they fall due */
		for (i = 0; i < h->nt; i++)
			if (h->timers[i].due_ms <= now &&
			    (best == h->nt || h->timers[i].due_ms < h->timers[best].due_ms))
				best = i;
		if (best == h->nt)
			break;
		i = best;
		t = h->timers[i];
		memmove(&h->timers[i], &h->timers[i + 1], (h->nt - i - 1) * sizeof *h->timers);
		h->nt--;
		t.fn(ui, t.arg);
		ran = true;
	}
	return ran;
}

void ui_async_wait_all(struct ui_async *h, struct ui *ui)
{
	struct job *done;

	pthread_mutex_lock(&h->lock);
	while (h->jobs) {
		done = take_finished(h);
		if (done) {
			pthread_mutex_unlock(&h->lock);
			finish_jobs(ui, done);
			pthread_mutex_lock(&h->lock);
			continue;
		}
		pthread_cond_wait(&h->changed, &h->lock);
	}
	pthread_mutex_unlock(&h->lock);
}

/* ---- person look-ups ---- */

struct lookup_job {
	struct ui_async *h;
	char crn[8];
	unsigned flags;
	void (*done)(struct ui *ui, void *arg, struct person_lookup *p, enum ct_status st,
		     const char *err);
	void *arg;
	/* results */
	struct person_lookup *p;
	enum ct_status st;
	struct strbuf err;
};

static void *lookup_work(void *arg)
{
	struct lookup_job *lj = arg;
	struct ui_async *h = lj->h;

	pthread_mutex_lock(&h->lookup_lock);
	if (!h->client)
		h->client = lookup_client_new(h->cfg, &lj->err);
	if (h->client && h->db && PQstatus(h->db) != CONNECTION_OK) {
		PQreset(h->db);
		if (PQstatus(h->db) != CONNECTION_OK) {
			PQfinish(h->db);
			h->db = NULL;
		}
	}
	if (h->client && !h->db)
		h->db = db_connect(h->cfg, &lj->err);
	if (!h->client)
		lj->st = CT_NOMEM;
	else if (!h->db)
		lj->st = CT_DB;
	else
		lj->st = lookup_person(h->client, h->db, lj->crn, lj->flags, &lj->p, &lj->err);
	pthread_mutex_unlock(&h->lookup_lock);
	return NULL;
}

static void lookup_done(struct ui *ui, void *arg, void *result)
{
	struct lookup_job *lj = arg;

	(void)result;
	if (lj->done)
		lj->done(ui, lj->arg, lj->p, lj->st, lj->err.len ? lj->err.buf : NULL);
	else
		person_lookup_free(&lj->p);
	sb_release(&lj->err);
	free(lj);
}

int ui_async_lookup_start(struct ui_async *h, const char *crn, unsigned flags,
			  void (*done)(struct ui *ui, void *arg, struct person_lookup *p,
				       enum ct_status st, const char *err),
			  void *arg)
{
	struct lookup_job *lj;
	char norm[8];
	int id;

	if (!h->cfg || !crn || !lookup_crn_normalise(crn, norm))
		return -1;
	lj = calloc(1, sizeof *lj);
	if (!lj)
		return -1;
	lj->h = h;
	memcpy(lj->crn, norm, sizeof norm);
	lj->flags = flags;
	lj->done = done;
	lj->arg = arg;
	sb_init(&lj->err);
	id = ui_async_job_start(h, lookup_work, lookup_done, lj);
	if (id < 0) {
		sb_release(&lj->err);
		free(lj);
	}
	return id;
}
