/* ptyrun.c: drive the real caseterm in a pseudo-terminal (see ptyrun.h). */
#define _GNU_SOURCE
#include "ptyrun.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef CASETERM_BIN
#error "CASETERM_BIN must name the caseterm binary"
#endif

double pty_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

int pty_start(struct pty *p, const char *name, const char *user, char *const argv[])
{
	struct winsize ws = {.ws_row = 24, .ws_col = 80};
	pid_t pid;

	p->name = name;
	p->master = -1;
	sb_reset(&p->log);
	pid = forkpty(&p->master, NULL, NULL, &ws);
	if (pid == 0) {
		setenv("TERM", "xterm-256color", 1);
		setenv("ESCDELAY", "25", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		setenv("LANG", "C.UTF-8", 1);
		setenv("PGUSER", user, 1);
		unsetenv("NO_COLOR");
		unsetenv("CASETERM_CONFIG");
		execv(CASETERM_BIN, argv);
		perror("exec " CASETERM_BIN);
		_exit(127);
	}
	p->pid = pid;
	if (pid < 0) {
		p->master = -1;
		return -1;
	}
	return 0;
}

ssize_t pty_read_some(struct pty *p, int timeout_ms)
{
	struct pollfd pf = {.fd = p->master, .events = POLLIN};
	char buf[65536];
	ssize_t n;
	int r;

	r = poll(&pf, 1, timeout_ms);
	if (r < 0)
		return errno == EINTR ? 0 : -1;
	if (r == 0)
		return 0;
	n = read(p->master, buf, sizeof buf);
	if (n <= 0)
		return -1;
	sb_add(&p->log, buf, (size_t)n);
	return n;
}

int pty_wait_for(struct pty *p, const char *text, int timeout_ms)
{
	double end = pty_now_us() + timeout_ms * 1e3;

	while (!strstr(p->log.buf, text)) {
		if (pty_now_us() > end || pty_read_some(p, 100) < 0) {
			fprintf(stderr, "%s: '%s' did not appear; caseterm wrote:\n%s\n", p->name,
				text, p->log.buf);
			return -1;
		}
	}
	while (pty_read_some(p, 300) > 0)
		;
	sb_reset(&p->log);
	return 0;
}

int pty_wait_quiet(struct pty *p)
{
	ssize_t n;

	while ((n = pty_read_some(p, 300)) > 0)
		;
	sb_reset(&p->log);
	return n < 0 ? -1 : 0;
}

int pty_send(struct pty *p, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(p->master, s, n);

		if (w <= 0) {
			if (w < 0 && errno == EINTR)
				continue;
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

static double schedstat_ns(const char *path)
{
	unsigned long long ns = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return 0;
	if (fscanf(f, "%llu", &ns) != 1)
		ns = 0;
	fclose(f);
	return (double)ns;
}

double pty_cpu_ns(const struct pty *p)
{
	char path[64];

	snprintf(path, sizeof path, "/proc/%ld/schedstat", (long)p->pid);
	return schedstat_ns(path);
}

double pty_cpu_all_ns(const struct pty *p)
{
	char path[300];
	struct dirent *e;
	double ns = 0;
	DIR *d;

	snprintf(path, sizeof path, "/proc/%ld/task", (long)p->pid);
	d = opendir(path);
	if (!d)
		return 0;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "/proc/%ld/task/%.32s/schedstat", (long)p->pid,
			 e->d_name);
		ns += schedstat_ns(path);
	}
	closedir(d);
	return ns;
}

int pty_measure(struct pty *p, const char *key, const char *expect, struct pty_answer *a)
{
	double t0, last, c0 = pty_cpu_ns(p), end;
	ssize_t n;
	size_t total = 0;

	sb_reset(&p->log);
	t0 = pty_now_us();
	end = t0 + PTY_START_TIMEOUT_MS * 1e3;
	if (pty_send(p, key, strlen(key)))
		return -1;
	n = pty_read_some(p, expect ? PTY_START_TIMEOUT_MS : PTY_KEY_TIMEOUT_MS);
	if (n <= 0) {
		fprintf(stderr, "%s: no answer to a key\n", p->name);
		return -1;
	}
	last = pty_now_us();
	total += (size_t)n;
	for (;;) {
		while ((n = pty_read_some(p, PTY_QUIET_MS)) > 0) {
			last = pty_now_us();
			total += (size_t)n;
		}
		if (n < 0)
			return -1;
		if (!expect || strstr(p->log.buf, expect))
			break;
		if (pty_now_us() > end) {
			fprintf(stderr, "%s: '%s' did not appear; caseterm wrote:\n%s\n", p->name,
				expect, p->log.buf);
			return -1;
		}
	}
	a->us = last - t0;
	a->cpu_us = (pty_cpu_ns(p) - c0) / 1e3;
	a->bytes = total;
	if (p->verbose) {
		size_t i;

		fprintf(stderr, "%8.0f us %6.0f us cpu %4zu bytes: ", a->us, a->cpu_us, total);
		for (i = 0; i < p->log.len; i++) {
			unsigned char c = (unsigned char)p->log.buf[i];

			if (c < 0x20 || c == 0x7f)
				fprintf(stderr, "\\x%02x", c);
			else
				fputc(c, stderr);
		}
		fputc('\n', stderr);
	}
	return 0;
}

long pty_proc_kb(const struct pty *p, const char *file, const char *field)
{
	char path[96], *line = NULL;
	size_t cap = 0, len = strlen(field);
	long kb = -1;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%ld/%.32s", (long)p->pid, file);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (getline(&line, &cap, f) > 0)
		if (!strncmp(line, field, len) && line[len] == ':') {
			kb = strtol(line + len + 1, NULL, 10);
			break;
		}
	free(line);
	fclose(f);
	return kb;
}

void pty_stop(struct pty *p)
{
	int st, i;

	if (p->pid > 0) {
		/* F10 then y: the quit question */
		pty_send(p, "\033[21~", 5);
		usleep(100000);
		pty_send(p, "y", 1);
		for (i = 0; i < 30; i++) {
			if (waitpid(p->pid, &st, WNOHANG) == p->pid)
				break;
			usleep(100000);
		}
		if (i == 30) {
			kill(p->pid, SIGTERM);
			waitpid(p->pid, &st, 0);
		}
	}
	p->pid = -1;
	if (p->master >= 0)
		close(p->master);
	p->master = -1;
	sb_reset(&p->log);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double pty_pct(double *v, size_t n, double p)
{
	size_t i;

	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, cmp_double);
	i = (size_t)(p * (double)(n - 1) + 0.5);
	return v[i < n ? i : n - 1];
}

void pty_load(double *load1, long *cpus)
{
	double l[1] = {0};

	if (getloadavg(l, 1) < 1)
		l[0] = 0;
	*load1 = l[0];
	*cpus = sysconf(_SC_NPROCESSORS_ONLN);
	if (*cpus < 1)
		*cpus = 1;
}
