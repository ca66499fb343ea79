/* cas3_common.c: what the CAS3 screens share: sanitising loaded text, the
 * search criteria (struct cas3_place) and opening the area's entries. */
#include <stdlib.h>
#include <string.h>

#include "ui/screens/cas3_priv.h"
#include "forms/validate.h"
#include "util/sanitize.h"

void cas3_san(char **s, int flags)
{
	char *t;

	if (!s || !*s)
		return;
	t = text_sanitize(*s, flags);
	if (!t)
		return; /* out of memory: keep nothing unsafe */
	free(*s);
	*s = t;
}

const char *cas3_or(const char *s, const char *dflt)
{
	return s && *s ? s : dflt;
}

static int dup_into(char **dst, const char *src)
{
	*dst = NULL;
	if (!src)
		return 0;
	*dst = strdup(src);
	return *dst ? 0 : -1;
}

struct cas3_place *cas3_place_dup(const struct cas3_place *p)
{
	struct cas3_place *d = calloc(1, sizeof *d);
	size_t i;
	int bad = 0;

	if (!d)
		return NULL;
	if (!p) {
		d->nights = CAS3_DEFAULT_NIGHTS;
		return d;
	}
	bad |= dup_into(&d->assessment_id, p->assessment_id);
	bad |= dup_into(&d->crn, p->crn);
	bad |= dup_into(&d->person_name, p->person_name);
	bad |= dup_into(&d->sex, p->sex);
	bad |= dup_into(&d->start_date, p->start_date);
	d->nights = p->nights;
	for (i = 0; i < p->n_pdus && i < CAS3_MAX_SEARCH_PDUS; i++)
		bad |= dup_into(&d->pdu_ids[i], p->pdu_ids[i]);
	d->n_pdus = i;
	d->occupancy = p->occupancy;
	d->sex_filter = p->sex_filter;
	d->risk_adults = p->risk_adults;
	d->risk_children = p->risk_children;
	d->wheelchair = p->wheelchair;
	if (p->n_characteristics) {
		d->characteristics = calloc(p->n_characteristics, sizeof *d->characteristics);
		if (!d->characteristics)
			bad = 1;
		else
			for (i = 0; i < p->n_characteristics; i++)
				bad |= dup_into(&d->characteristics[i], p->characteristics[i]);
		d->n_characteristics = p->n_characteristics;
	}
	if (bad) {
		cas3_place_free(d);
		return NULL;
	}
	return d;
}

void cas3_place_free(struct cas3_place *p)
{
	size_t i;

	if (!p)
		return;
	free(p->assessment_id);
	free(p->crn);
	free(p->person_name);
	free(p->sex);
	free(p->start_date);
	for (i = 0; i < p->n_pdus; i++)
		free(p->pdu_ids[i]);
	for (i = 0; i < p->n_characteristics; i++)
		if (p->characteristics)
			free(p->characteristics[i]);
	free(p->characteristics);
	free(p);
}

void cas3_place_query(const struct cas3_place *p, struct cas3_search *q,
		      const char *pdus[CAS3_MAX_SEARCH_PDUS])
{
	size_t i;

	memset(q, 0, sizeof *q);
	q->start_date = p->start_date;
	q->nights = p->nights;
	for (i = 0; i < p->n_pdus && i < CAS3_MAX_SEARCH_PDUS; i++)
		pdus[i] = p->pdu_ids[i];
	q->pdu_ids = pdus;
	q->n_pdus = i;
	q->occupancy = p->occupancy;
	q->sex = p->sex_filter;
	q->sexual_risk_to_adults = p->risk_adults;
	q->sexual_risk_to_children = p->risk_children;
	q->wheelchair = p->wheelchair;
	q->characteristics = (const char *const *)p->characteristics;
	q->n_characteristics = p->n_characteristics;
}

int cas3_open_queue(struct ui *ui)
{
	return ui_push(ui, &cas3_queue_screen, NULL);
}

int cas3_open_grid(struct ui *ui)
{
	return ui_push(ui, &cas3_grid_screen, NULL);
}

int cas3_open_bookings(struct ui *ui)
{
	return ui_push(ui, &cas3_bookings_screen, NULL);
}

int cas3_open_search(struct ui *ui)
{
	struct strbuf err = STRBUF_INIT;
	int rc = cas3_open_search_for(ui, NULL, &err);

	if (rc != 0)
		ui_message(ui, true, "%s", err.len ? err.buf : "the search did not open");
	sb_release(&err);
	return rc;
}

void cas3_key_name(struct ui *ui, enum ui_section sec, enum ui_action a, const char *fallback,
		   struct strbuf *out)
{
	if (!keymap_describe(ui_keymap(ui), sec, a, " or ", out))
		sb_adds(out, fallback);
}

/* The normalised answer of field id, or "" (reset first). */
static void form_answer(const struct form_state *st, const char *id, struct strbuf *out)
{
	const struct form_field *f = form_find_field(form_state_form(st), id);
	const char *v = f ? form_state_get(st, f, 0) : "";

	sb_reset(out);
	if (v && *v && field_normalise(f, v, out) != 0) {
		sb_reset(out);
		sb_adds(out, v);
	}
}

static bool has_line(const char *list, const char *value)
{
	size_t n = strlen(value);

	while (list && *list) {
		size_t w = strcspn(list, "\n");

		if (w == n && !strncmp(list, value, n))
			return true;
		list += w;
		if (*list)
			list++;
	}
	return false;
}

enum ct_status cas3_place_from_form(struct cas3_place *p, const struct form_state *st,
				    struct strbuf *err)
{
	struct strbuf sb = STRBUF_INIT;
	const struct form_field *f;
	const char *v;
	char *end = NULL, *start = NULL;
	long nights;
	size_t i, n;

	form_answer(st, "start_date", &sb);
	if (!sb.len) {
		sb_adds(err, "Enter the date the bedspace is needed from");
		sb_release(&sb);
		return CT_USAGE;
	}
	start = strdup(sb.buf);
	form_answer(st, "nights", &sb);
	nights = sb.len ? strtol(sb.buf, &end, 10) : CAS3_DEFAULT_NIGHTS;
	if (!start) {
		sb_adds(err, "out of memory");
		sb_release(&sb);
		return CT_NOMEM;
	}
	if (sb.len && (*end || nights < 1 || nights > 365)) {
		free(start);
		sb_adds(err, "The number of nights must be 1 to 365");
		sb_release(&sb);
		return CT_USAGE;
	}
	free(p->start_date);
	p->start_date = start;
	p->nights = (int)nights;
	form_answer(st, "crn", &sb);
	if (sb.len && (!p->crn || strcmp(p->crn, sb.buf))) {
		char *crn = strdup(sb.buf);

		if (!crn) {
			sb_release(&sb);
			return CT_NOMEM;
		}
		/* another person than the referral's: a booking without a referral */
		free(p->crn);
		free(p->person_name);
		free(p->sex);
		free(p->assessment_id);
		p->crn = crn;
		p->person_name = p->sex = p->assessment_id = NULL;
	}
	for (i = 0; i < p->n_pdus; i++)
		free(p->pdu_ids[i]);
	p->n_pdus = 0;
	f = form_find_field(form_state_form(st), "pdus");
	v = f ? form_state_get(st, f, 0) : "";
	while (v && *v) {
		size_t w = strcspn(v, "\n");

		if (w && p->n_pdus >= CAS3_MAX_SEARCH_PDUS) {
			sb_addf(err, "Select up to %d PDUs", CAS3_MAX_SEARCH_PDUS);
			sb_release(&sb);
			return CT_USAGE;
		}
		if (w && !(p->pdu_ids[p->n_pdus++] = strndup(v, w))) {
			p->n_pdus--;
			sb_release(&sb);
			return CT_NOMEM;
		}
		v += w;
		if (*v)
			v++;
	}
	form_answer(st, "occupancy", &sb);
	p->occupancy = !strcmp(sb.buf, "single")   ? CAS3_OCC_SINGLE
		       : !strcmp(sb.buf, "shared") ? CAS3_OCC_SHARED
						   : CAS3_OCC_ANY;
	form_answer(st, "sex", &sb);
	p->sex_filter = !strcmp(sb.buf, "men")     ? CAS3_SEX_MEN_ONLY
			: !strcmp(sb.buf, "women") ? CAS3_SEX_WOMEN_ONLY
						   : CAS3_SEX_NONE;
	f = form_find_field(form_state_form(st), "sexual_risk");
	v = f ? form_state_get(st, f, 0) : "";
	p->risk_adults = has_line(v, "adults");
	p->risk_children = has_line(v, "children");
	form_answer(st, "wheelchair", &sb);
	p->wheelchair = !strcmp(sb.buf, "yes");
	for (i = 0; i < p->n_characteristics; i++)
		free(p->characteristics[i]);
	free(p->characteristics);
	p->characteristics = NULL;
	p->n_characteristics = 0;
	f = form_find_field(form_state_form(st), "characteristics");
	v = f ? form_state_get(st, f, 0) : "";
	for (n = 0, end = (char *)v; v && *end; end++)
		n += *end == '\n';
	if (v && *v) {
		p->characteristics = calloc(n + 1, sizeof *p->characteristics);
		if (!p->characteristics) {
			sb_release(&sb);
			return CT_NOMEM;
		}
		while (*v) {
			size_t w = strcspn(v, "\n");

			if (w && !(p->characteristics[p->n_characteristics++] = strndup(v, w))) {
				p->n_characteristics--;
				sb_release(&sb);
				return CT_NOMEM;
			}
			v += w;
			if (*v)
				v++;
		}
	}
	sb_release(&sb);
	return CT_OK;
}

/* Puts p's criteria into the search form's answers (the values a new search
 * starts from, or what was typed before). */
enum ct_status cas3_place_to_form(const struct cas3_place *p, struct form_state *st,
				  struct strbuf *err)
{
	struct strbuf sb = STRBUF_INIT;
	enum ct_status rc = CT_OK;
	size_t i;

	if (p->crn)
		rc = form_state_set_id(st, "crn", 0, p->crn, err);
	if (rc == CT_OK && p->start_date)
		rc = form_state_set_id(st, "start_date", 0, p->start_date, err);
	sb_addf(&sb, "%d", p->nights > 0 ? p->nights : CAS3_DEFAULT_NIGHTS);
	if (rc == CT_OK)
		rc = form_state_set_id(st, "nights", 0, sb.buf, err);
	sb_reset(&sb);
	for (i = 0; i < p->n_pdus; i++)
		sb_addf(&sb, "%s%s", i ? "\n" : "", p->pdu_ids[i]);
	if (rc == CT_OK && sb.len)
		rc = form_state_set_id(st, "pdus", 0, sb.buf, err);
	if (rc == CT_OK)
		rc = form_state_set_id(st, "occupancy", 0,
				       p->occupancy == CAS3_OCC_SINGLE   ? "single"
				       : p->occupancy == CAS3_OCC_SHARED ? "shared"
									 : "any",
				       err);
	if (rc == CT_OK)
		rc = form_state_set_id(st, "sex", 0,
				       p->sex_filter == CAS3_SEX_MEN_ONLY     ? "men"
				       : p->sex_filter == CAS3_SEX_WOMEN_ONLY ? "women"
									      : "none",
				       err);
	sb_reset(&sb);
	if (p->risk_adults)
		sb_adds(&sb, "adults");
	if (p->risk_children)
		sb_addf(&sb, "%schildren", sb.len ? "\n" : "");
	if (rc == CT_OK && sb.len)
		rc = form_state_set_id(st, "sexual_risk", 0, sb.buf, err);
	if (rc == CT_OK)
		rc = form_state_set_id(st, "wheelchair", 0, p->wheelchair ? "yes" : "no", err);
	sb_reset(&sb);
	for (i = 0; i < p->n_characteristics; i++)
		sb_addf(&sb, "%s%s", i ? "\n" : "", p->characteristics[i]);
	if (rc == CT_OK && sb.len)
		rc = form_state_set_id(st, "characteristics", 0, sb.buf, err);
	sb_release(&sb);
	return rc;
}
