/* cas3_fixture.c: database, staff, PDUs, premises and bedspaces for the cas3 db suites. */
#include "cas3_fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dbtest.h"

struct fx fx;

static void name_role(char dst[64], const char *base)
{
	snprintf(dst, 64, "%s", dbtest_role_name(base));
}

int fx_setup(const char *tag)
{
	PGconn *c;
	int rc = 0;

	memset(&fx, 0, sizeof fx);
	fx.db = dbtest_create_db(tag);
	dbtest_migrate(fx.db);
	c = dbtest_connect(fx.db, NULL);
	if (!c)
		return -1;
	name_role(fx.hpt_k, "c3hk");
	name_role(fx.hpt_l, "c3hl");
	name_role(fx.pp_k, "c3pk");
	name_role(fx.pp_l, "c3pl");
	name_role(fx.admin, "c3ad");
	name_role(fx.reporter, "c3rp");
	if (dbtest_add_staff(c, fx.hpt_k, "hpt", "Sam Okafor", "K", NULL) ||
	    dbtest_add_staff(c, fx.hpt_l, "hpt", "Ria Patel", "L", NULL) ||
	    dbtest_add_staff(c, fx.pp_k, "pp", "Anna Clarke", "K", NULL) ||
	    dbtest_add_staff(c, fx.pp_l, "pp", "Zoë Ní Bhriain", "L", NULL) ||
	    dbtest_add_staff(c, fx.admin, "admin", "Ada Byrne", NULL, NULL) ||
	    dbtest_add_staff(c, fx.reporter, "reporter", "Max Fischer", NULL, NULL))
		rc = -1;
	if (!rc && !dbtest_ok(c, "INSERT INTO pdu (id, name, region_id) VALUES"
				 " ('" FX_PDU_K1 "', 'Fixture Kent One', 'K'),"
				 " ('" FX_PDU_K2 "', 'Fixture Kent Two', 'K'),"
				 " ('" FX_PDU_L1 "', 'Fixture Manchester', 'L')"))
		rc = -1;
	if (!rc && !dbtest_ok(c, "UPDATE staff SET staff_code = 'N07HPT1' WHERE region_id = 'K'"
				 " AND role = 'hpt'"))
		rc = -1;
	PQfinish(c);
	return rc;
}

void fx_teardown(void)
{
	dbtest_drop_db(fx.db);
	dbtest_drop_roles();
}

PGconn *fx_connect(const char *role)
{
	PGconn *c = dbtest_connect(fx.db, role);

	if (!c)
		fail_msg("cannot connect as %s", role ? role : "owner");
	return c;
}

static char *vsql(PGconn *c, const char *fmt, va_list ap, bool *ok)
{
	struct strbuf sb = STRBUF_INIT;
	PGresult *r;
	char *v = NULL;

	sb_vaddf(&sb, fmt, ap);
	r = PQexec(c, sb.buf);
	*ok = PQresultStatus(r) == PGRES_TUPLES_OK || PQresultStatus(r) == PGRES_COMMAND_OK;
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0 && !PQgetisnull(r, 0, 0))
		v = strdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	sb_release(&sb);
	return v;
}

char *fx_sql(PGconn *c, const char *fmt, ...)
{
	va_list ap;
	bool ok;
	char *v;

	va_start(ap, fmt);
	v = vsql(c, fmt, ap, &ok);
	va_end(ap);
	return v;
}

long fx_num(PGconn *c, const char *fmt, ...)
{
	va_list ap;
	bool ok;
	char *v;
	long n;

	va_start(ap, fmt);
	v = vsql(c, fmt, ap, &ok);
	va_end(ap);
	n = v ? atol(v) : -1;
	free(v);
	return n;
}

bool fx_ok(PGconn *c, const char *fmt, ...)
{
	va_list ap;
	bool ok;
	char *v;

	va_start(ap, fmt);
	v = vsql(c, fmt, ap, &ok);
	va_end(ap);
	free(v);
	return ok;
}

char *fx_premises(PGconn *owner, const char *name, const char *pdu, int turnaround,
		  const char *keys)
{
	char *id = fx_sql(owner,
		"INSERT INTO cas3_premises (name, address_line1, town, postcode, pdu_id,"
		" turnaround_working_days, start_date)"
		" VALUES ('%s', '1 %s Street', 'Testtown', 'TT1 1TT', '%s', %d, '2026-01-01')"
		" RETURNING id", name, name, pdu, turnaround);

	assert_non_null(id);
	if (keys && *keys)
		assert_true(fx_ok(owner,
			"INSERT INTO cas3_premises_characteristic (premises_id, characteristic_id)"
			" SELECT '%s', c.id FROM characteristic c"
			" WHERE c.property_name = ANY (string_to_array('%s', ','))", id, keys));
	return id;
}

char *fx_bedspace(PGconn *owner, const char *premises, const char *ref, const char *start,
		  const char *keys)
{
	char *id = fx_sql(owner,
		"INSERT INTO cas3_bedspace (premises_id, reference, start_date)"
		" VALUES ('%s', '%s', '%s') RETURNING id", premises, ref, start);

	assert_non_null(id);
	if (keys && *keys)
		assert_true(fx_ok(owner,
			"INSERT INTO cas3_bedspace_characteristic (bedspace_id, characteristic_id)"
			" SELECT '%s', c.id FROM characteristic c"
			" WHERE c.property_name = ANY (string_to_array('%s', ','))", id, keys));
	return id;
}

const char *fx_day(PGconn *c, int days, char buf[16])
{
	char *v = fx_sql(c, "SELECT to_char(current_date + %d, 'YYYY-MM-DD')", days);

	assert_non_null(v);
	snprintf(buf, 16, "%s", v);
	free(v);
	return buf;
}
