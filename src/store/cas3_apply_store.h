/* cas3_apply_store.h: what a CAS3 application needs from the database about
 * the practitioner making it (their contact details prefill the form). */
#ifndef CASETERM_CAS3_APPLY_STORE_H
#define CASETERM_CAS3_APPLY_STORE_H

#include <libpq-fe.h>

#include "util/status.h"
#include "util/strbuf.h"

struct cas3_my_contact {
	char *name, *email, *phone;   /* NULL when not recorded */
	char *region_id, *pdu_id;     /* their region and PDU ids, or NULL */
};

/* The signed-in member of staff's contact details.  CT_NOT_FOUND when the
 * role has no staff row.  Release with cas3_my_contact_release. */
enum ct_status cas3_my_contact_get(PGconn *db, struct cas3_my_contact *out, struct strbuf *err);
void cas3_my_contact_release(struct cas3_my_contact *c);

#endif
