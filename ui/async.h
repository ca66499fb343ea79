/* async.h: the hub behind ui_timer_* / ui_async_* / ui_lookup_start of
 * ui/shell.h (private to ui/: shell.c owns one per ui, term.c drives it). */
#ifndef CASETERM_UI_ASYNC_H
#define CASETERM_UI_ASYNC_H

#include <stdbool.h>

#include "config/config.h"
#include "lookup/lookup.h"
#include "util/status.h"

struct ui;
struct ui_async;

/* cfg is borrowed (may be NULL: no look-ups). */
struct ui_async *ui_async_new(const struct ct_config *cfg);
/* Cancels every job (their done() gets ui == NULL) and waits for their
 * threads. */
void ui_async_free(struct ui_async **h);
/* wake(arg) is called from a worker thread when a job finishes. */
void ui_async_set_waker(struct ui_async *h, void (*wake)(void *arg), void *arg);
const struct ct_config *ui_async_config(const struct ui_async *h);

int ui_async_timer_start(struct ui_async *h, int ms, void (*fn)(struct ui *ui, void *arg),
			 void *arg);
void ui_async_timer_cancel(struct ui_async *h, int id);
/* Milliseconds until the next timer is due, or -1 when none. */
int ui_async_timeout_ms(struct ui_async *h);

int ui_async_job_start(struct ui_async *h, void *(*work)(void *arg),
		       void (*done)(struct ui *ui, void *arg, void *result), void *arg);
void ui_async_job_cancel(struct ui_async *h, int id);
bool ui_async_busy(struct ui_async *h);
/* Calls done() of finished jobs and the due timers (main thread); true
 * when anything ran. */
bool ui_async_run_due(struct ui_async *h, struct ui *ui);
/* Waits for every job and calls their done() (screen tests). */
void ui_async_wait_all(struct ui_async *h, struct ui *ui);

int ui_async_lookup_start(struct ui_async *h, const char *crn, unsigned flags,
			  void (*done)(struct ui *ui, void *arg, struct person_lookup *p,
				       enum ct_status st, const char *err),
			  void *arg);

#endif
