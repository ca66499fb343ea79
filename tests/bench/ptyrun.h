/* ptyrun.h: drive the real caseterm in a pseudo-terminal, for the benches that
 * measure what a user sees (bench_keystroke, bench_screens).
 *
 * pty_start() runs caseterm (CASETERM_BIN, given by meson to the bench) in a
 * pty of 80x24 with TERM=xterm-256color, a UTF-8 locale and PGUSER=user.
 * Everything it writes is kept in p->log until the next wait or measure.
 * An answer is complete when the terminal has been quiet for PTY_QUIET_MS. */
#ifndef CT_BENCH_PTYRUN_H
#define CT_BENCH_PTYRUN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "util/strbuf.h"

#define PTY_QUIET_MS 15       /* no output for this long: the answer is complete */
#define PTY_START_TIMEOUT_MS 15000
#define PTY_KEY_TIMEOUT_MS 2000

struct pty {
	int master;           /* -1 when not running */
	pid_t pid;            /* caseterm, -1 when not running */
	const char *name;     /* for messages: "bench keystroke" */
	bool verbose;         /* measure() prints each answer to stderr */
	struct strbuf log;    /* output since the last wait or measure */
};

/* One answer to a key. */
struct pty_answer {
	double us;            /* key written to the last byte of the answer read */
	double cpu_us;        /* CPU time of caseterm's main thread meanwhile */
	size_t bytes;         /* bytes caseterm wrote */
};

double pty_now_us(void);

/* Starts caseterm with argv (argv[0] ignored, NULL-terminated) as the Postgres
 * role user.  0, or -1 (errno set) when forkpty failed. */
int pty_start(struct pty *p, const char *name, const char *user, char *const argv[]);

/* Reads what is there within timeout_ms: bytes read, 0 on timeout, -1 when
 * caseterm is gone. */
ssize_t pty_read_some(struct pty *p, int timeout_ms);

/* Waits until text has been written (since the last wait) and then for 300 ms
 * of quiet; clears the log.  0, or -1 on timeout or exit (says so). */
int pty_wait_for(struct pty *p, const char *text, int timeout_ms);

/* Waits for 300 ms of quiet; clears the log.  0, or -1 when caseterm is gone. */
int pty_wait_quiet(struct pty *p);

int pty_send(struct pty *p, const char *s, size_t n);

/* Nanoseconds caseterm's main thread has run (/proc/PID/schedstat; 0 when
 * unknown), and the same summed over all its live threads. */
double pty_cpu_ns(const struct pty *p);
double pty_cpu_all_ns(const struct pty *p);

/* Sends key and measures the answer up to PTY_QUIET_MS of quiet.  With
 * expect, the answer is only complete once expect has been written (for
 * screens that draw in two steps, e.g. after a database query), then quiet.
 * The log then holds the answer.  0, or -1 when there was no answer. */
int pty_measure(struct pty *p, const char *key, const char *expect, struct pty_answer *a);

/* kB of a field of /proc/PID/<file>: ("status", "VmRSS"), ("smaps_rollup",
 * "Pss"); -1 when unknown. */
long pty_proc_kb(const struct pty *p, const char *file, const char *field);

/* Asks caseterm to quit (F10, y), kills it when it does not, closes the pty. */
void pty_stop(struct pty *p);

/* The p-th fraction (0..1) of v[0..n), sorting v. */
double pty_pct(double *v, size_t n, double p);

/* The 1-minute load average and the number of CPUs online, for saying how
 * noisy wall times are. */
void pty_load(double *load1, long *cpus);

#endif
