/* status.c: messages and exit codes for enum ct_status. */
#include "util/status.h"

static const struct {
	int exit_code;
	const char *message;
} table[] = {
#define CT_STATUS_ROW(name, code, msg) {code, msg},
	CT_STATUS_LIST(CT_STATUS_ROW)
#undef CT_STATUS_ROW
};

const char *ct_status_message(enum ct_status s)
{
	if ((unsigned)s >= CT_STATUS_COUNT)
		return "unknown error";
	return table[s].message;
}

int ct_status_exit_code(enum ct_status s)
{
	if ((unsigned)s >= CT_STATUS_COUNT)
		return 1;
	return table[s].exit_code;
}
