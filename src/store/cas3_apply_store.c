/* cas3_apply_store.c: the practitioner's own contact details for a CAS3
 * application. */
#include "store/cas3_apply_store.h"

#include <stdlib.h>
#include <string.h>

#include "db/db.h"

enum ct_status cas3_my_contact_get(PGconn *db, struct cas3_my_contact *out, struct strbuf *err)
{
	PGresult *r;
	char **f[5];
	int i;

	memset(out, 0, sizeof *out);
	r = db_query(db,
		     "SELECT display_name, email, phone, region_id, pdu_id FROM staff"
		     " WHERE id = current_staff_id()",
		     0, NULL, err, NULL);
	if (!r)
		return CT_DB;
	if (PQntuples(r) != 1) {
		PQclear(r);
		sb_adds(err, "you are not a member of staff caseterm knows");
		return CT_NOT_FOUND;
	}
	f[0] = &out->name;
	f[1] = &out->email;
	f[2] = &out->phone;
	f[3] = &out->region_id;
	f[4] = &out->pdu_id;
	for (i = 0; i < 5; i++) {
		if (PQgetisnull(r, 0, i))
			continue;
		*f[i] = db_value_dup(r, 0, i);
		if (!*f[i]) {
			PQclear(r);
			cas3_my_contact_release(out);
			sb_adds(err, "out of memory");
			return CT_NOMEM;
		}
	}
	PQclear(r);
	return CT_OK;
}

void cas3_my_contact_release(struct cas3_my_contact *c)
{
	free(c->name);
	free(c->email);
	free(c->phone);
	free(c->region_id);
	free(c->pdu_id);
	memset(c, 0, sizeof *c);
}
