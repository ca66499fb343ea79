/* store.h: the only place SQL is written.  One file per aggregate; each
 * function takes the connection, fills a struct the caller owns, and returns
 * a status with the reason in err. */
#ifndef CASETERM_STORE_H
#define CASETERM_STORE_H

#include <libpq-fe.h>

#include "util/status.h"
#include "util/strbuf.h"

struct staff {
	long id;
	char *username;
	char *display_name;
	char *role;          /* pp, sp, hpt, reporter, admin */
	char *role_label;    /* "Probation practitioner", ... */
	char *region;        /* region name or NULL */
	char *provider;      /* provider name or NULL */
	char *team;
};

/* The member of staff behind the connected role.  CT_NOT_FOUND when the role
 * has no active staff row. */
enum ct_status staff_current(PGconn *db, struct staff *out, struct strbuf *err);
void staff_release(struct staff *s);

struct queue_count {
	char *queue;
	char *label;
	long n;
};

/* The signed-in member of staff's work queues (home_queues() in SQL).
 * *out is a new array of *count entries; free with queue_counts_free. */
enum ct_status staff_queue_counts(PGconn *db, struct queue_count **out, size_t *count,
				  struct strbuf *err);
void queue_counts_free(struct queue_count **q, size_t count);

#endif
