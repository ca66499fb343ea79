/* cas3_form_open.c: opens the CAS3 forms (forms/cas3_*.yaml) through the
 * form screen (ui/form_screen.h): the booking and referral actions with
 * their submit callbacks (cas3_forms.c), and the bedspace search criteria,
 * whose submit runs the search and opens the results. */
#include <stdlib.h>
#include <string.h>

#include "ui/form_screen.h"
#include "ui/screens/cas3_forms.h"
#include "ui/screens/cas3_priv.h"

struct fctx {
	struct cas3_action_ctx a;
	enum cas3_form which;
	bool search;               /* the search form: place is its criteria */
	struct cas3_place *place;
};

static void fctx_free(void *ctx)
{
	struct fctx *f = ctx;

	if (!f)
		return;
	free(f->a.id);
	free(f->a.what);
	free(f->a.arrival_date);
	free(f->a.departure_date);
	cas3_place_free(f->place);
	free(f);
}

static enum ct_status set_pdu_options(struct ui *ui, struct form_state *st, struct strbuf *err)
{
	const struct form_field *fld = form_find_field(form_state_form(st), "pdus");
	struct cas3_option *o = NULL;
	struct form_option *fo;
	size_t n = 0, i;
	enum ct_status rc;

	if (!fld || !ui_db(ui))
		return CT_OK;
	rc = cas3_list_options(ui_db(ui), CAS3_LIST_PDUS, &o, &n, err);
	if (rc != CT_OK)
		return rc;
	fo = calloc(n ? n : 1, sizeof *fo);
	if (!fo) {
		cas3_options_free(&o, n);
		return CT_NOMEM;
	}
	for (i = 0; i < n; i++) {
		cas3_san(&o[i].name, 0);
		fo[i].value = o[i].id;
		fo[i].label = o[i].name;
	}
	rc = form_state_set_options(st, fld, fo, n);
	free(fo);
	cas3_options_free(&o, n);
	return rc;
}

static enum ct_status fprepare(void *ctx, struct ui *ui, struct form_state *st, struct strbuf *err)
{
	struct fctx *f = ctx;
	enum ct_status rc;

	if (!f->search)
		return cas3_form_preset(f->which, st, f->a.arrival_date, f->a.departure_date, err);
	rc = set_pdu_options(ui, st, err);
	if (rc == CT_OK)
		rc = cas3_place_to_form(f->place, st, err);
	return rc;
}

static enum ct_status fsubmit(void *ctx, struct ui *ui, struct form_state *st, const char *json,
			      struct strbuf *confirmation, struct strbuf *err)
{
	struct fctx *f = ctx;
	cas3_submit_fn fn;
	enum ct_status rc;

	(void)json;
	if (!f->search) {
		fn = cas3_form_submit_fn(f->which);
		rc = fn(&f->a, ui_db(ui), st, confirmation, err);
		if (rc == CT_OK)
			ui_refresh_queues(ui);
		return rc;
	}
	rc = cas3_place_from_form(f->place, st, err);
	if (rc != CT_OK)
		return rc;
	rc = cas3_run_search(ui, f->place, err);
	if (rc == CT_OK)
		sb_adds(confirmation, "Search run\nThe results are open; go back to search again.");
	return rc;
}

static int dup_or_null(char **dst, const char *src)
{
	*dst = src ? strdup(src) : NULL;
	return src && !*dst ? -1 : 0;
}

int cas3_form_open(struct ui *ui, enum cas3_form which, const char *id, long version,
		   const char *arrival, const char *departure, bool *changed, struct strbuf *err)
{
	struct fctx *f = calloc(1, sizeof *f);
	struct form_screen_spec spec;
	struct strbuf subject = STRBUF_INIT;
	int rc;

	if (!f || dup_or_null(&f->a.id, id) || dup_or_null(&f->a.what, cas3_form_label(which)) ||
	    dup_or_null(&f->a.arrival_date, arrival) ||
	    dup_or_null(&f->a.departure_date, departure)) {
		fctx_free(f);
		sb_adds(err, "out of memory");
		return -1;
	}
	f->which = which;
	f->a.version = version;
	f->a.changed = changed;
	sb_addf(&subject, "cas3:%s", id);
	memset(&spec, 0, sizeof spec);
	spec.form_id = cas3_form_id(which);
	spec.subject = subject.buf;
	spec.no_draft = true;
	spec.ctx = f;
	spec.ctx_free = fctx_free;
	spec.prepare = fprepare;
	spec.submit = fsubmit;
	rc = form_screen_open(ui, &spec, err);
	sb_release(&subject);
	return rc;
}

int cas3_open_search_for(struct ui *ui, const struct cas3_place *p, struct strbuf *err)
{
	struct fctx *f = calloc(1, sizeof *f);
	struct form_screen_spec spec;
	struct strbuf subject = STRBUF_INIT, title = STRBUF_INIT;
	int rc;

	if (!f || !(f->place = cas3_place_dup(p))) {
		free(f);
		sb_adds(err, "out of memory");
		return -1;
	}
	f->search = true;
	sb_addf(&subject, "cas3-search:%s", p && p->assessment_id ? p->assessment_id : "none");
	if (p && p->crn)
		sb_addf(&title, "Search a bedspace for %s (%s)", cas3_or(p->person_name, "No name"),
			p->crn);
	memset(&spec, 0, sizeof spec);
	spec.form_id = "cas3_search";
	spec.subject = subject.buf;
	spec.title = title.len ? title.buf : NULL;
	spec.no_draft = true;
	spec.ctx = f;
	spec.ctx_free = fctx_free;
	spec.prepare = fprepare;
	spec.submit = fsubmit;
	rc = form_screen_open(ui, &spec, err);
	sb_release(&subject);
	sb_release(&title);
	return rc;
}
