/* cas3_estate.c: prepare and submit of the premises, bedspace and void
 * forms, and opening them through the form screen. */
#include "ui/screens/cas3_estate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forms/validate.h"
#include "ui/form_screen.h"
#include "util/dates.h"
#include "util/sanitize.h"

static const char *const form_ids[] = {"cas3_premises", "cas3_bedspace", "cas3_void",
				       "cas3_void_cancel"};

const char *cas3_estate_form_id(enum cas3_estate_form which)
{
	return (unsigned)which < sizeof form_ids / sizeof form_ids[0] ? form_ids[which] : "";
}

static int dup_or_null(char **dst, const char *src)
{
	*dst = src ? strdup(src) : NULL;
	return src && !*dst ? -1 : 0;
}

struct cas3_estate_ctx *cas3_estate_ctx_new(enum cas3_estate_form which, const char *premises_id,
					    const char *bedspace_id, const char *void_id)
{
	struct cas3_estate_ctx *c = calloc(1, sizeof *c);

	if (!c)
		return NULL;
	c->which = which;
	if (dup_or_null(&c->premises_id, premises_id) || dup_or_null(&c->bedspace_id, bedspace_id) ||
	    dup_or_null(&c->void_id, void_id)) {
		cas3_estate_ctx_free(c);
		return NULL;
	}
	return c;
}

void cas3_estate_ctx_free(void *ctx)
{
	struct cas3_estate_ctx *c = ctx;

	if (!c)
		return;
	free(c->premises_id);
	free(c->bedspace_id);
	free(c->void_id);
	free(c->today);
	free(c->saved_id);
	free(c);
}

static void today_iso(const struct cas3_estate_ctx *c, char buf[16])
{
	struct ymd t = date_today();

	if (c->today) {
		snprintf(buf, 16, "%s", c->today);
		return;
	}
	snprintf(buf, 16, "%04d-%02d-%02d", t.y, t.m, t.d);
}

/* The answer of field id, normalised (ISO dates, trimmed text); "" when none. */
static void answer(const struct form_state *st, const char *id, struct strbuf *out)
{
	const struct form_field *f = form_find_field(form_state_form(st), id);
	const char *v = f ? form_state_get(st, f, 0) : "";

	sb_reset(out);
	if (v && *v && field_normalise(f, v, out) != 0) {
		sb_reset(out);
		sb_adds(out, v);
	}
}

/* ---- choices ---- */

static enum ct_status set_list(PGconn *db, struct form_state *st, const char *field,
			       enum cas3_list which, bool by_key, struct strbuf *err)
{
	const struct form_field *f = form_find_field(form_state_form(st), field);
	struct cas3_option *o = NULL;
	struct form_option *fo;
	size_t n = 0, i;
	enum ct_status rc;

	if (!f || !db)
		return CT_OK;
	rc = cas3_list_options(db, which, &o, &n, err);
	if (rc != CT_OK)
		return rc;
	fo = calloc(n + 1, sizeof *fo);
	if (!fo) {
		cas3_options_free(&o, n);
		return CT_NOMEM;
	}
	for (i = 0; i < n; i++) {
		char *clean = text_sanitize(o[i].name, SAN_SINGLE_LINE);

		if (clean) {
			free(o[i].name);
			o[i].name = clean;
		}
		fo[i].value = by_key ? o[i].key : o[i].id;
		fo[i].label = o[i].name;
	}
	rc = form_state_set_options(st, f, fo, n);
	free(fo);
	cas3_options_free(&o, n);
	return rc;
}

static enum ct_status preset(struct form_state *st, const char *id, const char *value,
			     struct strbuf *err)
{
	if (!value || !*value || *form_state_get_id(st, id, 0))
		return CT_OK;
	return form_state_set_id(st, id, 0, value, err);
}

/* "isMenOnly\nisGroundFloor" from the keys. */
static enum ct_status preset_keys(struct form_state *st, const char *id, char *const *keys,
				  size_t n, struct strbuf *err)
{
	struct strbuf sb = STRBUF_INIT;
	enum ct_status rc;
	size_t i;

	for (i = 0; i < n; i++)
		sb_addf(&sb, "%s%s", i ? "\n" : "", keys[i]);
	rc = preset(st, id, sb.buf, err);
	sb_release(&sb);
	return rc;
}

static enum ct_status prepare_premises(struct cas3_estate_ctx *c, PGconn *db,
				       struct form_state *st, struct strbuf *err)
{
	struct cas3_premises p;
	enum ct_status rc;
	char num[16];

	if ((rc = set_list(db, st, "pdu", CAS3_LIST_PDUS, false, err)) != CT_OK ||
	    (rc = set_list(db, st, "local_authority", CAS3_LIST_LOCAL_AUTHORITIES, false, err)) !=
		    CT_OK ||
	    (rc = set_list(db, st, "characteristics", CAS3_LIST_PREMISES_CHARACTERISTICS, true,
			   err)) != CT_OK)
		return rc;
	if (!c->premises_id || !db) {
		if ((rc = preset(st, "turnaround_working_days", "2", err)) == CT_OK)
			rc = preset(st, "status", "online", err);
		return rc;
	}
	rc = cas3_premises_get(db, c->premises_id, &p, err);
	if (rc != CT_OK)
		return rc;
	snprintf(num, sizeof num, "%d", p.turnaround_working_days);
	if ((rc = preset(st, "name", p.name, err)) == CT_OK &&
	    (rc = preset(st, "address_line1", p.address_line1, err)) == CT_OK &&
	    (rc = preset(st, "address_line2", p.address_line2, err)) == CT_OK &&
	    (rc = preset(st, "town", p.town, err)) == CT_OK &&
	    (rc = preset(st, "postcode", p.postcode, err)) == CT_OK &&
	    (rc = preset(st, "pdu", p.pdu_id, err)) == CT_OK &&
	    (rc = preset(st, "local_authority", p.local_authority_id, err)) == CT_OK &&
	    (rc = preset_keys(st, "characteristics", p.characteristic_keys,
			      p.n_characteristic_keys, err)) == CT_OK &&
	    (rc = preset(st, "turnaround_working_days", num, err)) == CT_OK &&
	    (rc = preset(st, "notes", p.notes, err)) == CT_OK &&
	    (rc = preset(st, "status", p.archive_date ? "archived" : "online", err)) == CT_OK)
		rc = preset(st, "archive_date", p.archive_date, err);
	cas3_premises_release(&p);
	return rc;
}

/* The bedspace id of c among its premises' bedspaces (copied into *out). */
static enum ct_status find_bedspace(PGconn *db, const struct cas3_estate_ctx *c,
				    struct cas3_bedspace *out, struct strbuf *err)
{
	struct cas3_bedspace *v = NULL;
	enum ct_status rc;
	size_t n = 0, i;

	memset(out, 0, sizeof *out);
	rc = cas3_bedspace_list(db, c->premises_id, &v, &n, err);
	if (rc != CT_OK)
		return rc;
	for (i = 0; i < n; i++)
		if (!strcmp(v[i].id, c->bedspace_id)) {
			*out = v[i];
			memset(&v[i], 0, sizeof v[i]);
			break;
		}
	cas3_bedspace_list_free(&v, n);
	if (!out->id) {
		sb_adds(err, "that bedspace is not there any more");
		return CT_NOT_FOUND;
	}
	return CT_OK;
}

static void bedspace_release(struct cas3_bedspace *b)
{
	struct cas3_bedspace *v = malloc(sizeof *v);

	if (!v)
		return;
	*v = *b;
	cas3_bedspace_list_free(&v, 1);
	memset(b, 0, sizeof *b);
}

static enum ct_status prepare_bedspace(struct cas3_estate_ctx *c, PGconn *db,
				       struct form_state *st, struct strbuf *err)
{
	struct cas3_bedspace b;
	enum ct_status rc;
	char today[16];

	if ((rc = set_list(db, st, "characteristics", CAS3_LIST_BEDSPACE_CHARACTERISTICS, true,
			   err)) != CT_OK)
		return rc;
	if (!c->bedspace_id || !db) {
		today_iso(c, today);
		return preset(st, "start_date", today, err);
	}
	if ((rc = find_bedspace(db, c, &b, err)) != CT_OK)
		return rc;
	if ((rc = preset(st, "reference", b.reference, err)) == CT_OK &&
	    (rc = preset(st, "start_date", b.start_date, err)) == CT_OK &&
	    (rc = preset(st, "end_date", b.end_date, err)) == CT_OK &&
	    (rc = preset_keys(st, "characteristics", b.characteristic_keys,
			      b.n_characteristic_keys, err)) == CT_OK)
		rc = preset(st, "notes", b.notes, err);
	bedspace_release(&b);
	return rc;
}

/* The void of c among its bedspace's voids (moved into *out). */
static enum ct_status find_void(PGconn *db, const struct cas3_estate_ctx *c, struct cas3_void *out,
				struct strbuf *err)
{
	struct cas3_void *v = NULL;
	enum ct_status rc;
	size_t n = 0, i;

	memset(out, 0, sizeof *out);
	rc = cas3_void_list(db, c->bedspace_id, true, &v, &n, err);
	if (rc != CT_OK)
		return rc;
	for (i = 0; i < n; i++)
		if (!strcmp(v[i].id, c->void_id)) {
			*out = v[i];
			memset(&v[i], 0, sizeof v[i]);
			break;
		}
	cas3_void_list_free(&v, n);
	if (!out->id) {
		sb_adds(err, "that void is not there any more");
		return CT_NOT_FOUND;
	}
	return CT_OK;
}

static void void_release(struct cas3_void *vd)
{
	struct cas3_void *v = malloc(sizeof *v);

	if (!v)
		return;
	*v = *vd;
	cas3_void_list_free(&v, 1);
	memset(vd, 0, sizeof *vd);
}

static enum ct_status prepare_void(struct cas3_estate_ctx *c, PGconn *db, struct form_state *st,
				   struct strbuf *err)
{
	struct cas3_void vd;
	enum ct_status rc;

	if ((rc = set_list(db, st, "reason", CAS3_LIST_VOID_REASONS, false, err)) != CT_OK)
		return rc;
	if (!c->void_id || !db)
		return CT_OK;
	if ((rc = find_void(db, c, &vd, err)) != CT_OK)
		return rc;
	if ((rc = preset(st, "start_date", vd.start_date, err)) == CT_OK &&
	    (rc = preset(st, "end_date", vd.end_date, err)) == CT_OK &&
	    (rc = preset(st, "reason", vd.reason_id, err)) == CT_OK &&
	    (rc = preset(st, "cost_centre", vd.cost_centre, err)) == CT_OK &&
	    (rc = preset(st, "reference_number", vd.reference_number, err)) == CT_OK)
		rc = preset(st, "notes", vd.notes, err);
	void_release(&vd);
	return rc;
}

enum ct_status cas3_estate_prepare(struct cas3_estate_ctx *c, PGconn *db, struct form_state *st,
				   struct strbuf *err)
{
	switch (c->which) {
	case CAS3_FORM_PREMISES:
		return prepare_premises(c, db, st, err);
	case CAS3_FORM_BEDSPACE:
		return prepare_bedspace(c, db, st, err);
	case CAS3_FORM_VOID:
		return prepare_void(c, db, st, err);
	case CAS3_FORM_VOID_CANCEL:
		return CT_OK;
	}
	return CT_OK;
}

/* ---- submit ---- */

/* The lines of a multiselect answer as an array pointing into text (which
 * is changed: '\n' become NULs).  *n gets the count; free() the array. */
static const char **split_lines(char *text, size_t *n)
{
	const char **v;
	size_t cap = 1, i = 0;
	char *p;

	for (p = text; *p; p++)
		if (*p == '\n')
			cap++;
	v = calloc(cap + 1, sizeof *v);
	if (!v)
		return NULL;
	p = text;
	while (p && *p) {
		char *nl = strchr(p, '\n');

		if (nl)
			*nl = '\0';
		if (*p)
			v[i++] = p;
		p = nl ? nl + 1 : NULL;
	}
	*n = i;
	return v;
}

static char *raw(const struct form_state *st, const char *id)
{
	const char *v = form_state_get_id(st, id, 0);

	return strdup(v ? v : "");
}

/* Store messages start in lower case ("a bedspace needs ..."): a sentence. */
static void sentence(struct strbuf *err, size_t from)
{
	if (err->len > from && err->buf[from] >= 'a' && err->buf[from] <= 'z')
		err->buf[from] = (char)(err->buf[from] - 'a' + 'A');
}

static enum ct_status submit_premises(struct cas3_estate_ctx *c, PGconn *db,
				      const struct form_state *st, struct strbuf *conf,
				      struct strbuf *err)
{
	struct strbuf name = STRBUF_INIT, a1 = STRBUF_INIT, a2 = STRBUF_INIT, town = STRBUF_INIT,
		      pc = STRBUF_INIT, pdu = STRBUF_INIT, la = STRBUF_INIT, notes = STRBUF_INIT,
		      ta = STRBUF_INIT, status = STRBUF_INIT, date = STRBUF_INIT;
	struct cas3_premises_input in;
	struct cas3_premises before;
	char *keys = raw(st, "characteristics"), *id = NULL, today[16];
	const char **kv = NULL;
	bool had_before = false;
	enum ct_status rc;
	size_t nk = 0;

	memset(&before, 0, sizeof before);
	answer(st, "name", &name);
	answer(st, "address_line1", &a1);
	answer(st, "address_line2", &a2);
	answer(st, "town", &town);
	answer(st, "postcode", &pc);
	answer(st, "pdu", &pdu);
	answer(st, "local_authority", &la);
	answer(st, "notes", &notes);
	answer(st, "turnaround_working_days", &ta);
	answer(st, "status", &status);
	answer(st, "archive_date", &date);
	if (!keys || !(kv = split_lines(keys, &nk))) {
		rc = CT_NOMEM;
		goto out;
	}
	memset(&in, 0, sizeof in);
	in.name = name.buf;
	in.address_line1 = a1.buf;
	in.address_line2 = a2.len ? a2.buf : NULL;
	in.town = town.len ? town.buf : NULL;
	in.postcode = pc.buf;
	in.local_authority_id = la.len ? la.buf : NULL;
	in.pdu_id = pdu.buf;
	in.notes = notes.len ? notes.buf : NULL;
	in.turnaround_working_days = ta.len ? atoi(ta.buf) : -1;
	in.characteristics = kv;
	in.n_characteristics = nk;
	if (!db) {
		sb_adds(err, "there is no database connection");
		rc = CT_DB;
		goto out;
	}
	if (c->premises_id) {
		rc = cas3_premises_get(db, c->premises_id, &before, err);
		if (rc != CT_OK)
			goto out;
		had_before = true;
		rc = cas3_premises_update(db, c->premises_id, before.version, &in, err);
		if (rc == CT_OK && !(id = strdup(c->premises_id)))
			rc = CT_NOMEM;
	} else {
		rc = cas3_premises_create(db, &in, &id, err);
	}
	if (rc != CT_OK)
		goto out;
	free(c->saved_id);
	c->saved_id = id;
	if (c->changed)
		*c->changed = true;
	/* the status: archive from the date, or back online today */
	if (!strcmp(status.buf, "archived") &&
	    (!had_before || !before.archive_date || strcmp(before.archive_date, date.buf))) {
		rc = cas3_premises_archive(db, id, 0, date.buf, err);
	} else if (!strcmp(status.buf, "online") && had_before && before.archive_date) {
		today_iso(c, today);
		rc = cas3_premises_unarchive(db, id, 0, today, err);
	}
	if (rc != CT_OK) {
		struct strbuf why = STRBUF_INIT;

		/* the premises were saved; only the status change was refused */
		sentence(err, 0);
		sb_addf(&why, "The details were saved, but the status was not changed: %s",
			err->buf);
		sb_reset(err);
		sb_adds(err, why.buf);
		sb_release(&why);
		goto out;
	}
	sb_addf(conf, "%s\n%s, %s%s%s %s", had_before ? "Premises changed" : "Premises added",
		name.buf, a1.buf, town.len ? ", " : "", town.buf, pc.buf);
	if (!strcmp(status.buf, "archived"))
		sb_addf(conf, "\nArchived from %s, with its bedspaces.", date.buf);
out:
	if (rc != CT_OK && !c->saved_id)
		free(id);
	if (rc != CT_OK)
		sentence(err, 0);
	if (had_before)
		cas3_premises_release(&before);
	free(kv);
	free(keys);
	sb_release(&name);
	sb_release(&a1);
	sb_release(&a2);
	sb_release(&town);
	sb_release(&pc);
	sb_release(&pdu);
	sb_release(&la);
	sb_release(&notes);
	sb_release(&ta);
	sb_release(&status);
	sb_release(&date);
	return rc;
}

static enum ct_status submit_bedspace(struct cas3_estate_ctx *c, PGconn *db,
				      const struct form_state *st, struct strbuf *conf,
				      struct strbuf *err)
{
	struct strbuf ref = STRBUF_INIT, start = STRBUF_INIT, end = STRBUF_INIT, notes = STRBUF_INIT;
	struct cas3_bedspace_input in;
	struct cas3_bedspace before;
	char *keys = raw(st, "characteristics"), *id = NULL;
	const char **kv = NULL;
	bool had_before = false;
	enum ct_status rc;
	size_t nk = 0;

	memset(&before, 0, sizeof before);
	answer(st, "reference", &ref);
	answer(st, "start_date", &start);
	answer(st, "end_date", &end);
	answer(st, "notes", &notes);
	if (!keys || !(kv = split_lines(keys, &nk))) {
		rc = CT_NOMEM;
		goto out;
	}
	if (end.len && strcmp(end.buf, start.buf) <= 0) {
		sb_addf(err, "The archive date (%s) must be after the day it is bookable from (%s)",
			end.buf, start.buf);
		rc = CT_USAGE;
		goto out;
	}
	memset(&in, 0, sizeof in);
	in.reference = ref.buf;
	in.start_date = start.len ? start.buf : NULL;
	in.notes = notes.len ? notes.buf : NULL;
	in.characteristics = kv;
	in.n_characteristics = nk;
	if (!db) {
		sb_adds(err, "there is no database connection");
		rc = CT_DB;
		goto out;
	}
	if (c->bedspace_id) {
		if ((rc = find_bedspace(db, c, &before, err)) != CT_OK)
			goto out;
		had_before = true;
		rc = cas3_bedspace_update(db, c->bedspace_id, before.version, &in, err);
		if (rc == CT_OK && !(id = strdup(c->bedspace_id)))
			rc = CT_NOMEM;
	} else {
		rc = cas3_bedspace_create(db, c->premises_id, &in, &id, err);
	}
	if (rc != CT_OK)
		goto out;
	free(c->saved_id);
	c->saved_id = id;
	if (c->changed)
		*c->changed = true;
	if (end.len && (!had_before || !before.end_date || strcmp(before.end_date, end.buf)))
		rc = cas3_bedspace_archive(db, id, 0, end.buf, err);
	else if (!end.len && had_before && before.end_date)
		rc = cas3_bedspace_archive(db, id, 0, NULL, err);
	if (rc != CT_OK) {
		struct strbuf why = STRBUF_INIT;

		sentence(err, 0);
		sb_addf(&why, "The bedspace was saved, but its archive date was not changed: %s",
			err->buf);
		sb_reset(err);
		sb_adds(err, why.buf);
		sb_release(&why);
		goto out;
	}
	sb_addf(conf, "%s\nBedspace %s, bookable from %s", had_before ? "Bedspace changed" :
		"Bedspace added", ref.buf, start.buf);
	if (end.len)
		sb_addf(conf, " until %s (archived from that day)", end.buf);
	sb_adds(conf, ".");
out:
	if (rc != CT_OK && c->saved_id != id)
		free(id);
	if (rc != CT_OK)
		sentence(err, 0);
	if (had_before)
		bedspace_release(&before);
	free(kv);
	free(keys);
	sb_release(&ref);
	sb_release(&start);
	sb_release(&end);
	sb_release(&notes);
	return rc;
}

static enum ct_status submit_void(struct cas3_estate_ctx *c, PGconn *db,
				  const struct form_state *st, struct strbuf *conf, struct strbuf *err)
{
	struct strbuf start = STRBUF_INIT, end = STRBUF_INIT, reason = STRBUF_INIT,
		      cc = STRBUF_INIT, ref = STRBUF_INIT, notes = STRBUF_INIT;
	struct cas3_void_input in;
	struct cas3_void before;
	bool had_before = false;
	enum ct_status rc;
	char *id = NULL;

	memset(&before, 0, sizeof before);
	answer(st, "start_date", &start);
	answer(st, "end_date", &end);
	answer(st, "reason", &reason);
	answer(st, "cost_centre", &cc);
	answer(st, "reference_number", &ref);
	answer(st, "notes", &notes);
	if (strcmp(end.buf, start.buf) < 0) {
		sb_addf(err, "The end date (%s) is before the start date (%s)", end.buf, start.buf);
		rc = CT_USAGE;
		goto out;
	}
	memset(&in, 0, sizeof in);
	in.bedspace_id = c->bedspace_id;
	in.start_date = start.buf;
	in.end_date = end.buf;
	in.reason_id = reason.buf;
	in.reference_number = ref.len ? ref.buf : NULL;
	in.notes = notes.len ? notes.buf : NULL;
	in.cost_centre = cc.len ? cc.buf : NULL;
	if (!db) {
		sb_adds(err, "there is no database connection");
		rc = CT_DB;
		goto out;
	}
	if (c->void_id) {
		if ((rc = find_void(db, c, &before, err)) != CT_OK)
			goto out;
		had_before = true;
		rc = cas3_void_update(db, c->void_id, before.version, &in, err);
		if (rc == CT_OK && !(id = strdup(c->void_id)))
			rc = CT_NOMEM;
	} else {
		rc = cas3_void_create(db, &in, &id, err);
	}
	if (rc != CT_OK)
		goto out;
	free(c->saved_id);
	c->saved_id = id;
	if (c->changed)
		*c->changed = true;
	sb_addf(conf, "%s\nThe bedspace cannot be booked from %s to %s.",
		had_before ? "Void changed" : "Void added", start.buf, end.buf);
out:
	if (rc != CT_OK) {
		free(id);
		sentence(err, 0);
	}
	if (had_before)
		void_release(&before);
	sb_release(&start);
	sb_release(&end);
	sb_release(&reason);
	sb_release(&cc);
	sb_release(&ref);
	sb_release(&notes);
	return rc;
}

static enum ct_status submit_void_cancel(struct cas3_estate_ctx *c, PGconn *db,
					 const struct form_state *st, struct strbuf *conf,
					 struct strbuf *err)
{
	struct strbuf notes = STRBUF_INIT;
	struct cas3_void vd;
	enum ct_status rc;

	if (!db) {
		sb_adds(err, "There is no database connection");
		return CT_DB;
	}
	answer(st, "notes", &notes);
	rc = find_void(db, c, &vd, err);
	if (rc == CT_OK) {
		rc = cas3_void_cancel(db, c->void_id, vd.version, notes.buf, err);
		if (rc == CT_OK) {
			sb_addf(conf, "Void cancelled\nThe bedspace can be booked from %s to %s "
				      "again.",
				vd.start_date, vd.end_date);
			if (c->changed)
				*c->changed = true;
		}
		void_release(&vd);
	}
	if (rc != CT_OK)
		sentence(err, 0);
	sb_release(&notes);
	return rc;
}

enum ct_status cas3_estate_submit(struct cas3_estate_ctx *c, PGconn *db,
				  const struct form_state *st, struct strbuf *confirmation,
				  struct strbuf *err)
{
	switch (c->which) {
	case CAS3_FORM_PREMISES:
		return submit_premises(c, db, st, confirmation, err);
	case CAS3_FORM_BEDSPACE:
		return submit_bedspace(c, db, st, confirmation, err);
	case CAS3_FORM_VOID:
		return submit_void(c, db, st, confirmation, err);
	case CAS3_FORM_VOID_CANCEL:
		return submit_void_cancel(c, db, st, confirmation, err);
	}
	return CT_ERR;
}

/* ---- the form screen ---- */

static enum ct_status fprepare(void *ctx, struct ui *ui, struct form_state *st, struct strbuf *err)
{
	return cas3_estate_prepare(ctx, ui_db(ui), st, err);
}

static enum ct_status fsubmit(void *ctx, struct ui *ui, struct form_state *st, const char *json,
			      struct strbuf *confirmation, struct strbuf *err)
{
	(void)json;
	return cas3_estate_submit(ctx, ui_db(ui), st, confirmation, err);
}

int cas3_estate_form_open(struct ui *ui, struct cas3_estate_ctx *c, const char *title,
			  struct strbuf *err)
{
	struct form_screen_spec spec;
	struct strbuf subject = STRBUF_INIT;
	int rc;

	/* the draft is keyed by what it is about: premises/bedspace/void ids,
	 * "-" for none (cas3_estate_resume reads them back) */
	sb_addf(&subject, "%s/%s/%s", c->premises_id ? c->premises_id : "-",
		c->bedspace_id ? c->bedspace_id : "-", c->void_id ? c->void_id : "-");
	memset(&spec, 0, sizeof spec);
	spec.draft_id = c->draft_id;
	spec.form_id = cas3_estate_form_id(c->which);
	spec.subject = subject.buf;
	spec.title = title;
	spec.no_draft = c->which == CAS3_FORM_VOID_CANCEL;
	spec.ctx = c;
	spec.ctx_free = cas3_estate_ctx_free;
	spec.prepare = fprepare;
	spec.submit = fsubmit;
	rc = form_screen_open(ui, &spec, err);
	sb_release(&subject);
	return rc;
}

int cas3_estate_resume(struct ui *ui, long draft_id, const char *form_id, const char *subject,
		       struct strbuf *err)
{
	static const char *const titles[] = {"Premises", "Bedspace", "Void bedspace",
					     "Cancel the void"};
	char *ids[3] = {NULL, NULL, NULL}, *copy, *p, *slash;
	enum cas3_estate_form which;
	struct cas3_estate_ctx *c;
	int i;

	for (i = 0; i <= CAS3_FORM_VOID_CANCEL; i++)
		if (!strcmp(form_id, form_ids[i]))
			break;
	if (i > CAS3_FORM_VOID_CANCEL) {
		sb_addf(err, "%s is not a premises, bedspace or void form", form_id);
		return -1;
	}
	which = (enum cas3_estate_form)i;
	copy = strdup(subject ? subject : "-/-/-");
	if (!copy) {
		sb_adds(err, "out of memory");
		return -1;
	}
	for (p = copy, i = 0; i < 3 && p; i++) {
		slash = strchr(p, '/');
		if (slash)
			*slash = '\0';
		ids[i] = strcmp(p, "-") && *p ? p : NULL;
		p = slash ? slash + 1 : NULL;
	}
	if ((which == CAS3_FORM_BEDSPACE && !ids[0]) ||
	    (which >= CAS3_FORM_VOID && (!ids[0] || !ids[1])) ||
	    (which == CAS3_FORM_VOID_CANCEL && !ids[2])) {
		free(copy);
		sb_adds(err, "open it from Accommodation > Premises and bedspaces: the draft does "
			     "not say which premises or bedspace it is for");
		return -1;
	}
	c = cas3_estate_ctx_new(which, ids[0], ids[1], ids[2]);
	free(copy);
	if (!c) {
		sb_adds(err, "out of memory");
		return -1;
	}
	c->draft_id = draft_id;
	return cas3_estate_form_open(ui, c, titles[which], err);
}
