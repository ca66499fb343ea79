/* ndelius.c: nDelius (refer-and-monitor-and-delius) bodies -> C structs.
 * Also reads the neighbouring person-summary dialect (name as one string,
 * sex, genderIdentity, religionOrBelief) so its sample values can be used. */
#include <stdlib.h>
#include <string.h>

#include "lookup/jsonx.h"
#include "lookup/lookup.h"

#define KEYS(...) ((const char *const[]){__VA_ARGS__, NULL})

static json_t *parse_object(const char *body, size_t len, struct strbuf *err)
{
	json_t *root = jx_parse(body, len, err);

	if (root && !json_is_object(root)) {
		if (err)
			sb_adds(err, "the answer is JSON but not an object");
		json_decref(root);
		return NULL;
	}
	return root;
}

/* "type": "Autism" or "type": {"code": "AU", "description": "Autism"} */
static char *code_or_description(const json_t *v)
{
	if (json_is_string(v))
		return jx_strdup(v);
	return jx_str_any(v, KEYS("description", "code"));
}

static void period_note_read(struct ndelius_period_note *n, const json_t *v)
{
	n->type = code_or_description(jx_any(v, KEYS("type", "description")));
	n->start = jx_str_any(v, KEYS("start", "startDate"));
	n->end = jx_str_any(v, KEYS("endDate", "end", "finishDate"));
	n->notes = jx_str(v, "notes");
}

static void period_note_release(struct ndelius_period_note *n)
{
	free(n->type);
	free(n->start);
	free(n->end);
	free(n->notes);
}

static struct ndelius_period_note *period_notes_read(const json_t *arr, size_t *count)
{
	size_t n = jx_len(arr), i, k = 0;
	struct ndelius_period_note *out;

	*count = 0;
	if (!n || !(out = calloc(n, sizeof *out)))
		return NULL;
	for (i = 0; i < n; i++) {
		json_t *v = json_array_get(arr, i);

		if (json_is_object(v))
			period_note_read(&out[k++], v);
	}
	if (!k) {
		free(out);
		return NULL;
	}
	*count = k;
	return out;
}

static bool address_read(struct ndelius_address *a, const json_t *v, bool main)
{
	if (!json_is_object(v))
		return false;
	a->main = main;
	a->building_name = jx_str(v, "buildingName");
	a->building_number = jx_str_any(v, KEYS("buildingNumber", "addressNumber"));
	a->street_name = jx_str(v, "streetName");
	a->district = jx_str(v, "district");
	a->town = jx_str_any(v, KEYS("town", "townCity"));
	a->county = jx_str(v, "county");
	a->postcode = jx_str(v, "postcode");
	return true;
}

static void address_release(struct ndelius_address *a)
{
	free(a->building_name);
	free(a->building_number);
	free(a->street_name);
	free(a->district);
	free(a->town);
	free(a->county);
	free(a->postcode);
}

static void addresses_read(struct ndelius_case *c, const json_t *contact)
{
	const json_t *main = jx_get(contact, "mainAddress"), *others = jx_get(contact, "addresses");
	size_t n = jx_len(others), i;

	c->addresses = calloc(n + 1, sizeof *c->addresses);
	if (!c->addresses)
		return;
	if (address_read(&c->addresses[c->n_addresses], main, true))
		c->n_addresses++;
	for (i = 0; i < n; i++)
		if (address_read(&c->addresses[c->n_addresses], json_array_get(others, i), false))
			c->n_addresses++;
	if (!c->n_addresses) {
		free(c->addresses);
		c->addresses = NULL;
	}
}

struct ndelius_case *ndelius_case_parse(const char *body, size_t len, struct strbuf *err)
{
	json_t *root = parse_object(body, len, err), *name, *profile, *contact;
	struct ndelius_case *c;

	if (!root)
		return NULL;
	c = calloc(1, sizeof *c);
	if (!c) {
		json_decref(root);
		return NULL;
	}
	/* GET /convictions/{id} wraps the case in caseDetail */
	if (json_is_object(jx_get(root, "caseDetail")) && !jx_get(root, "crn")) {
		json_t *inner = json_incref(jx_get(root, "caseDetail"));

		json_decref(root);
		root = inner;
	}
	profile = jx_get(root, "profile");
	contact = jx_get(root, "contactDetails");
	c->crn = jx_str(root, "crn");
	c->title = jx_str_any(root, KEYS("title", "name.title"));
	name = jx_get(root, "name");
	if (json_is_string(name)) {
		c->full_name = jx_strdup(name);
	} else {
		c->forename = jx_str_any(name, KEYS("forename", "firstName"));
		c->middle_name = jx_str_any(name, KEYS("middleName", "middleNames"));
		c->surname = jx_str_any(name, KEYS("surname", "lastName"));
	}
	c->date_of_birth = jx_str_any(root, KEYS("dateOfBirth", "dob"));
	c->sex = jx_str_any(root, KEYS("gender", "sex", "profile.gender"));
	c->gender_identity = jx_str_any(root, KEYS("genderIdentity", "profile.genderIdentity"));
	c->ethnicity = jx_str_any(root, KEYS("profile.ethnicity", "ethnicity"));
	c->nationality = jx_str_any(root, KEYS("profile.nationality", "nationality"));
	c->language = jx_str_any(root, KEYS("profile.primaryLanguage", "primaryLanguage",
					     "profile.language", "language"));
	c->has_interpreter =
		jx_bool(profile, "requiresInterpreter", &c->interpreter_required) ||
		jx_bool(profile, "interpreterRequired", &c->interpreter_required) ||
		jx_bool(root, "requiresInterpreter", &c->interpreter_required) ||
		jx_bool(root, "interpreterRequired", &c->interpreter_required);
	c->religion = jx_str_any(root, KEYS("profile.religion", "religion", "religionOrBelief",
					    "profile.religionOrBelief"));
	c->disabilities = period_notes_read(jx_any(root, KEYS("profile.disabilities", "disabilities")),
					    &c->n_disabilities);
	c->adjustments = period_notes_read(
		jx_any(root, KEYS("profile.provisions", "provisions", "profile.reasonableAdjustments",
				  "reasonableAdjustments", "profile.adjustments", "adjustments")),
		&c->n_adjustments);
	c->has_no_fixed_abode = jx_bool(contact, "noFixedAbode", &c->no_fixed_abode);
	addresses_read(c, contact);
	c->phone = jx_str_any(root, KEYS("contactDetails.telephoneNumber", "telephoneNumber"));
	c->mobile = jx_str_any(root, KEYS("contactDetails.mobileNumber", "mobileNumber"));
	c->email = jx_str_any(root, KEYS("contactDetails.emailAddress", "emailAddress", "email"));
	json_decref(root);
	return c;
}

void ndelius_case_free(struct ndelius_case **p)
{
	struct ndelius_case *c = p ? *p : NULL;
	size_t i;

	if (!c)
		return;
	free(c->crn);
	free(c->title);
	free(c->forename);
	free(c->middle_name);
	free(c->surname);
	free(c->full_name);
	free(c->date_of_birth);
	free(c->sex);
	free(c->gender_identity);
	free(c->ethnicity);
	free(c->nationality);
	free(c->language);
	free(c->religion);
	for (i = 0; i < c->n_disabilities; i++)
		period_note_release(&c->disabilities[i]);
	free(c->disabilities);
	for (i = 0; i < c->n_adjustments; i++)
		period_note_release(&c->adjustments[i]);
	free(c->adjustments);
	for (i = 0; i < c->n_addresses; i++)
		address_release(&c->addresses[i]);
	free(c->addresses);
	free(c->phone);
	free(c->mobile);
	free(c->email);
	free(c);
	*p = NULL;
}

/* ---- responsible officer ---- */

static bool manager_read(struct ndelius_manager *m, const json_t *v)
{
	if (!json_is_object(v))
		return false;
	m->code = jx_str(v, "code");
	m->forename = jx_str_any(v, KEYS("name.forename", "forename"));
	m->surname = jx_str_any(v, KEYS("name.surname", "surname"));
	m->username = jx_str(v, "username");
	m->email = jx_str_any(v, KEYS("email", "emailAddress"));
	m->phone = jx_str_any(v, KEYS("telephoneNumber", "phone"));
	m->pdu_code = jx_str(v, "pdu.code");
	m->pdu = jx_str_any(v, KEYS("pdu.description", "pdu.name"));
	m->team_code = jx_str(v, "team.code");
	m->team = jx_str_any(v, KEYS("team.description", "team.name"));
	m->team_email = jx_str(v, "team.email");
	m->team_phone = jx_str(v, "team.telephoneNumber");
	m->has_unallocated = jx_bool(v, "unallocated", &m->unallocated);
	m->has_responsible_officer = jx_bool(v, "responsibleOfficer", &m->responsible_officer);
	return true;
}

static void manager_release(struct ndelius_manager *m)
{
	free(m->code);
	free(m->forename);
	free(m->surname);
	free(m->username);
	free(m->email);
	free(m->phone);
	free(m->pdu_code);
	free(m->pdu);
	free(m->team_code);
	free(m->team);
	free(m->team_email);
	free(m->team_phone);
}

struct responsible_officer *responsible_officer_parse(const char *body, size_t len,
						       struct strbuf *err)
{
	json_t *root = parse_object(body, len, err);
	struct responsible_officer *r;

	if (!root)
		return NULL;
	r = calloc(1, sizeof *r);
	if (r) {
		r->has_community = manager_read(&r->community, jx_get(root, "communityManager"));
		r->has_prison = manager_read(&r->prison, jx_get(root, "prisonManager"));
	}
	json_decref(root);
	return r;
}

void responsible_officer_free(struct responsible_officer **p)
{
	struct responsible_officer *r = p ? *p : NULL;

	if (!r)
		return;
	manager_release(&r->community);
	manager_release(&r->prison);
	free(r);
	*p = NULL;
}

/* ---- convictions ---- */

static char *length_read(const json_t *v)
{
	json_t *len = jx_get(v, "length");
	char *unit = jx_str_any(v, KEYS("lengthUnit", "lengthUnits", "unit"));
	struct strbuf sb = STRBUF_INIT;
	long long n;

	if (json_is_string(len)) {
		free(unit);
		return jx_strdup(len);
	}
	if (!jx_int(v, "length", &n)) {
		free(unit);
		return NULL;
	}
	sb_addf(&sb, "%lld", n);
	if (unit)
		sb_addf(&sb, " %s", unit);
	free(unit);
	return sb.len ? sb_detach(&sb, NULL) : NULL;
}

static void requirement_read(struct ndelius_requirement *q, const json_t *v)
{
	q->has_id = jx_int(v, "id", &q->id);
	q->category = code_or_description(
		jx_any(v, KEYS("category", "mainCategory", "type", "description")));
	q->sub_category = code_or_description(jx_any(v, KEYS("subCategory", "subType")));
	q->length = length_read(v);
	q->start = jx_str_any(v, KEYS("startDate", "start"));
	q->end = jx_str_any(v, KEYS("expectedEndDate", "endDate", "terminationDate"));
}

static void requirement_release(struct ndelius_requirement *q)
{
	free(q->category);
	free(q->sub_category);
	free(q->length);
	free(q->start);
	free(q->end);
}

static void conviction_read(struct ndelius_conviction *cv, const json_t *v)
{
	const json_t *reqs = jx_any(v, KEYS("requirements", "sentence.requirements"));
	size_t n = jx_len(reqs), i;

	cv->has_id = jx_int(v, "id", &cv->id);
	cv->date = jx_str_any(v, KEYS("date", "convictionDate"));
	cv->sentence = jx_str_any(v, KEYS("sentence.description", "sentence.type"));
	cv->sentence_end = jx_str_any(v, KEYS("sentence.expectedEndDate", "sentence.endDate"));
	cv->offence_category = jx_str_any(v, KEYS("mainOffence.category", "mainOffence.description"));
	cv->offence_subcategory = jx_str(v, "mainOffence.subCategory");
	cv->has_active = jx_bool(v, "active", &cv->active);
	if (n && (cv->requirements = calloc(n, sizeof *cv->requirements)))
		for (i = 0; i < n; i++) {
			json_t *r = json_array_get(reqs, i);

			if (json_is_object(r))
				requirement_read(&cv->requirements[cv->n_requirements++], r);
		}
}

static void conviction_release(struct ndelius_conviction *cv)
{
	size_t i;

	free(cv->date);
	free(cv->sentence);
	free(cv->sentence_end);
	free(cv->offence_category);
	free(cv->offence_subcategory);
	for (i = 0; i < cv->n_requirements; i++)
		requirement_release(&cv->requirements[i]);
	free(cv->requirements);
}

struct ndelius_convictions *ndelius_convictions_parse(const char *body, size_t len,
						       struct strbuf *err)
{
	json_t *root = jx_parse(body, len, err), *list;
	struct ndelius_convictions *out;
	size_t n, i;

	if (!root)
		return NULL;
	/* {caseDetail, convictions: [...]}, {conviction: {...}}, or a bare array */
	list = json_is_array(root) ? root : jx_get(root, "convictions");
	if (!json_is_array(list) && !json_is_object(root)) {
		if (err)
			sb_adds(err, "the answer is JSON but neither an object nor a list");
		json_decref(root);
		return NULL;
	}
	out = calloc(1, sizeof *out);
	if (!out) {
		json_decref(root);
		return NULL;
	}
	if (json_is_array(list)) {
		n = jx_len(list);
		if (n && (out->items = calloc(n, sizeof *out->items)))
			for (i = 0; i < n; i++) {
				json_t *v = json_array_get(list, i);

				if (json_is_object(v))
					conviction_read(&out->items[out->n++], v);
			}
	} else if (json_is_object(jx_get(root, "conviction"))) {
		if ((out->items = calloc(1, sizeof *out->items)))
			conviction_read(&out->items[out->n++], jx_get(root, "conviction"));
	}
	json_decref(root);
	return out;
}

void ndelius_convictions_free(struct ndelius_convictions **p)
{
	struct ndelius_convictions *c = p ? *p : NULL;
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->n; i++)
		conviction_release(&c->items[i]);
	free(c->items);
	free(c);
	*p = NULL;
}
