/* status.h: the one list of error codes and their messages; errors are values. */
#ifndef CASETERM_STATUS_H
#define CASETERM_STATUS_H

/* Exit codes of the program follow the same list where a code reaches main(). */
#define CT_STATUS_LIST(_)                                              \
	_(OK, 0, "ok")                                                     \
	_(ERR, 1, "failed")                                                \
	_(USAGE, 2, "usage error")                                         \
	_(CONFIG, 2, "configuration error")                                \
	_(DB, 3, "database unavailable")                                   \
	_(NOT_FOUND, 4, "not found")                                       \
	_(UPSTREAM, 5, "upstream service unavailable")                     \
	_(SCHEMA, 6, "database schema is newer than this program")         \
	_(NOMEM, 7, "out of memory")                                       \
	_(CONFLICT, 8, "changed by someone else")

enum ct_status {
#define CT_STATUS_ENUM(name, code, msg) CT_##name,
	CT_STATUS_LIST(CT_STATUS_ENUM)
#undef CT_STATUS_ENUM
	CT_STATUS_COUNT
};

/* Returns a static message for s; never NULL. */
const char *ct_status_message(enum ct_status s);
/* Returns the process exit code that main() uses for s. */
int ct_status_exit_code(enum ct_status s);

#endif
