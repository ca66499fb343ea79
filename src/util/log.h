/* log.h: a plain append-only log file for support engineers.
 * Secrets never go through here: callers log names of things, not values of
 * credentials.  With no file opened, messages are dropped (the TUI owns the
 * terminal, so nothing is written to stderr while it runs). */
#ifndef CASETERM_LOG_H
#define CASETERM_LOG_H

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

/* Opens (appends to) path, mode 0600.  Returns 0, or -1 with errno set. */
int log_open(const char *path);
void log_close(void);
void log_msg(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
