/* test_catalogue_db.c: `caseterm catalogue import` and the catalogue store
 * against a real database: all fixtures, re-import without duplicates,
 * broken files reported as "file: field: problem" while the others load,
 * who may read and write, and what a load brings back. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalogue/catalogue.h"
#include "cmd/cmd.h"
#include "dbtest.h"
#include "store/catalogue_store.h"

static const char *dbname;
static PGconn *owner;
static char **fixtures; /* the entry files, sorted */
static size_t n_fixtures;

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_fixtures(void)
{
	DIR *d = opendir(CAT_FIXTURES);
	struct dirent *e;

	assert_non_null(d);
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		struct strbuf p = STRBUF_INIT;

		if (len < 6 || strcmp(e->d_name + len - 5, ".json"))
			continue;
		fixtures = realloc(fixtures, (n_fixtures + 1) * sizeof *fixtures);
		assert_non_null(fixtures);
		sb_addf(&p, "%s/%s", CAT_FIXTURES, e->d_name);
		fixtures[n_fixtures++] = sb_detach(&p, NULL);
	}
	closedir(d);
	qsort(fixtures, n_fixtures, sizeof *fixtures, by_name);
}

static int setup(void **state)
{
	(void)state;
	dbname = dbtest_create_db("catalogue");
	dbtest_migrate(dbname);
	owner = dbtest_connect(dbname, NULL);
	list_fixtures();
	return owner ? 0 : -1;
}

static int teardown(void **state)
{
	size_t i;

	(void)state;
	PQfinish(owner);
	dbtest_drop_db(dbname);
	dbtest_drop_roles();
	for (i = 0; i < n_fixtures; i++)
		free(fixtures[i]);
	free(fixtures);
	return 0;
}

static long num(const char *sql)
{
	char *v = dbtest_value(owner, sql);
	long n;

	if (!v)
		fail_msg("no value from: %s", sql);
	n = strtol(v, NULL, 10);
	free(v);
	return n;
}

static void read_back(FILE *f, struct strbuf *out)
{
	char buf[4096];
	size_t n;

	rewind(f);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sb_add(out, buf, n);
	fclose(f);
}

/* Runs `caseterm catalogue ARGS...` as the owner, capturing its output. */
static int run(int argc, char **argv, struct strbuf *out, struct strbuf *err)
{
	struct ct_config cfg;
	FILE *fo = tmpfile(), *fe = tmpfile();
	int so, se, rc;

	assert_non_null(fo);
	assert_non_null(fe);
	dbtest_config(&cfg, dbname);
	fflush(stdout);
	fflush(stderr);
	so = dup(1);
	se = dup(2);
	dup2(fileno(fo), 1);
	dup2(fileno(fe), 2);
	rc = cmd_catalogue(&cfg, argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(so);
	close(se);
	read_back(fo, out);
	read_back(fe, err);
	config_release(&cfg);
	return rc;
}

static int import_files(char **files, size_t n, struct strbuf *out, struct strbuf *err)
{
	char **argv = calloc(n + 2, sizeof *argv);
	int rc;

	assert_non_null(argv);
	argv[0] = "catalogue";
	argv[1] = "import";
	memcpy(argv + 2, files, n * sizeof *argv);
	rc = run((int)n + 2, argv, out, err);
	free(argv);
	return rc;
}

static void test_import_all_fixtures(void **state)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;

	(void)state;
	assert_int_equal(n_fixtures, 51);
	assert_int_equal(import_files(fixtures, n_fixtures, &out, &err), 0);
	assert_string_equal(err.buf, "");
	assert_string_equal(out.buf, "catalogue: 51 of 51 files imported (51 new, 0 updated)\n");
	assert_int_equal(num("SELECT count(*) FROM intervention_catalogue"), 51);
	/* the import refreshed the planner's statistics (never-analysed is -1) */
	assert_int_equal(num("SELECT reltuples::int FROM pg_class WHERE relname = 'intervention_catalogue'"),
			 51);
	assert_int_equal(num("SELECT count(*) FROM intervention_catalogue WHERE int_type = 'ACP'"), 21);
	assert_int_equal(num("SELECT count(*) FROM intervention_catalogue WHERE int_type = 'CRS'"), 7);
	assert_int_equal(num("SELECT count(*) FROM intervention_catalogue WHERE int_type = 'SI'"), 12);
	assert_int_equal(num("SELECT count(*) FROM intervention_catalogue WHERE int_type = 'TOOLKITS'"), 11);
	/* every ACP strand in use names an entry that exists */
	assert_int_equal(num("SELECT count(*) FROM acp_course k WHERE catalogue_name IS NOT NULL AND NOT EXISTS"
			     " (SELECT 1 FROM intervention_catalogue c WHERE c.name = k.catalogue_name"
			     " AND c.int_type = 'ACP')"), 0);
	/* a file's uuid is the entry's id */
	assert_int_equal(num("SELECT count(*) FROM intervention_catalogue"
			     " WHERE id = '554b9fd0-6e66-4f1a-ad67-4f47503d3270'"
			     " AND name = 'Building Better Relationships'"), 1);
	assert_int_equal(num("SELECT sessions_min FROM intervention_catalogue"
			     " WHERE name = 'Building Better Relationships'"), 30);
	assert_int_equal(num("SELECT count(*) FROM catalogue_region r JOIN intervention_catalogue c"
			     " ON c.id = r.intervention_id WHERE r.region_id = 'L'"), 1);
	sb_release(&out);
	sb_release(&err);
}

static void test_reimport_updates_never_duplicates(void **state)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	static const char *const tables[] = {
		"catalogue_long_description", "catalogue_delivery_method", "catalogue_delivery_setting",
		"catalogue_region", "catalogue_need", "catalogue_offence", "catalogue_enabling_intervention",
		"catalogue_personal_eligibility", "catalogue_possible_outcome",
		"catalogue_risk_consideration", "catalogue_risk_rule", "catalogue_special_educational_need",
		"catalogue_exclusion"};
	long before[sizeof tables / sizeof tables[0]];
	char *ids_before, *ids_after;
	size_t t;

	(void)state;
	for (t = 0; t < sizeof tables / sizeof tables[0]; t++) {
		struct strbuf q = STRBUF_INIT;

		sb_addf(&q, "SELECT count(*) FROM %s", tables[t]);
		before[t] = num(q.buf);
		assert_true(before[t] > 0);
		sb_release(&q);
	}
	ids_before = dbtest_value(owner, "SELECT string_agg(id::text, ',' ORDER BY name, int_type)"
				  " FROM intervention_catalogue");
	assert_int_equal(import_files(fixtures, n_fixtures, &out, &err), 0);
	assert_string_equal(out.buf, "catalogue: 51 of 51 files imported (0 new, 51 updated)\n");
	assert_string_equal(err.buf, "");
	assert_int_equal(num("SELECT count(*) FROM intervention_catalogue"), 51);
	ids_after = dbtest_value(owner, "SELECT string_agg(id::text, ',' ORDER BY name, int_type)"
				 " FROM intervention_catalogue");
	assert_string_equal(ids_before, ids_after); /* files without a uuid keep theirs */
	for (t = 0; t < sizeof tables / sizeof tables[0]; t++) {
		struct strbuf q = STRBUF_INIT;

		sb_addf(&q, "SELECT count(*) FROM %s", tables[t]);
		if (num(q.buf) != before[t])
			fail_msg("%s: %ld rows, %ld before", tables[t], num(q.buf), before[t]);
		sb_release(&q);
	}
	assert_int_equal(num("SELECT min(version) FROM intervention_catalogue"), 2);
	free(ids_before);
	free(ids_after);
	sb_release(&out);
	sb_release(&err);
}

static void test_broken_files_are_reported_and_others_load(void **state)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	char *files[4] = {CAT_FIXTURES "/invalid/broken-syntax.json", CAT_FIXTURES "/invalid/bad-fields.json",
			  CAT_FIXTURES "/nowhere.json", NULL};
	char *lines;

	(void)state;
	assert_true(dbtest_ok(owner, "DELETE FROM intervention_catalogue WHERE name = 'Horizon'"));
	files[3] = fixtures[0];
	{
		size_t i;

		for (i = 0; i < n_fixtures; i++)
			if (strstr(fixtures[i], "/horizon-acp.json"))
				files[3] = fixtures[i];
	}
	assert_int_equal(import_files(files, 4, &out, &err), 1);
	lines = err.buf;
	assert_non_null(strstr(lines, CAT_FIXTURES "/invalid/broken-syntax.json: json: "));
	assert_non_null(strstr(lines, "\n" CAT_FIXTURES "/invalid/bad-fields.json: intervention_catalogue.name: is required\n"));
	assert_non_null(strstr(lines, "\n" CAT_FIXTURES "/invalid/bad-fields.json: intervention_catalogue.int_type:"
			       " \"Workshop\" is not AcP, CRS, SI or Toolkits\n"));
	assert_non_null(strstr(lines, "\n" CAT_FIXTURES "/invalid/bad-fields.json: delivery_method_settings[1]:"
			       " \"PRISON\" is not COMMUNITY, CUSTODY, REMAND or PRE_RELEASE\n"));
	assert_non_null(strstr(lines, "\n" CAT_FIXTURES "/invalid/bad-fields.json: personal_eligibility.min_age:"
			       " \"eighteen\" is not an age (a whole number, \"Any\" or null)\n"));
	assert_non_null(strstr(lines, CAT_FIXTURES "/nowhere.json: file: cannot read: "));
	assert_string_equal(out.buf, "catalogue: 1 of 4 files imported (1 new, 0 updated), some files have "
				     "problems (see above)\n");
	assert_int_equal(num("SELECT count(*) FROM intervention_catalogue WHERE name = 'Horizon'"), 1);
	assert_int_equal(num("SELECT count(*) FROM intervention_catalogue"), 51);
	assert_int_equal(num("SELECT count(*) FROM intervention_catalogue WHERE name = 'Broken'"), 0);
	sb_release(&out);
	sb_release(&err);
}

static void test_usage_and_list(void **state)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	char *bad1[] = {"catalogue"};
	char *bad2[] = {"catalogue", "import"};
	char *bad3[] = {"catalogue", "list", "extra"};
	char *list[] = {"catalogue", "list"};

	(void)state;
	assert_int_equal(run(1, bad1, &out, &err), 2);
	assert_int_equal(run(2, bad2, &out, &err), 2);
	assert_int_equal(run(3, bad3, &out, &err), 2);
	assert_non_null(strstr(err.buf, "usage: caseterm catalogue import FILE..."));
	sb_reset(&out);
	sb_reset(&err);
	assert_int_equal(run(2, list, &out, &err), 0);
	assert_string_equal(err.buf, "");
	assert_true(!strncmp(out.buf, "TYPE", 4));
	assert_non_null(strstr(out.buf, "\nACP       COMMUNITY,CUSTODY     554b9fd0-6e66-4f1a-ad67-4f47503d3270"
				       "  Building Better Relationships\n"));
	assert_non_null(strstr(out.buf, "\n51 entries (ACP 21, CRS 7, SI 12, TOOLKITS 11)\n"));
	sb_release(&out);
	sb_release(&err);
}

/* Everyone on the staff reads the catalogue; only administrators write it. */
static void test_staff_read_admin_write(void **state)
{
	char pp[64], admin[64];
	PGconn *c;
	struct strbuf err = STRBUF_INIT, id = STRBUF_INIT;
	struct catalogue *cat = NULL;
	struct cat_def d;
	bool created = true;
	PGresult *r;

	(void)state;
	snprintf(pp, sizeof pp, "%s", dbtest_role_name("catpp"));
	snprintf(admin, sizeof admin, "%s", dbtest_role_name("catadmin"));
	assert_int_equal(dbtest_add_staff(owner, pp, "pp", "Pat Practitioner", NULL, NULL), 0);
	assert_int_equal(dbtest_add_staff(owner, admin, "admin", "Ada Admin", NULL, NULL), 0);

	c = dbtest_connect(dbname, pp);
	assert_non_null(c);
	assert_int_equal(catalogue_store_load(c, &cat, &err), CT_OK);
	assert_int_equal(cat_count(cat), 51);
	cat_free(&cat);
	r = PQexec(c, "SELECT count(*) FROM acp_prerequisite");
	assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
	PQclear(r);
	r = PQexec(c, "UPDATE intervention_catalogue SET name = 'x'");
	assert_string_equal(PQresultErrorField(r, PG_DIAG_SQLSTATE), "42501");
	PQclear(r);
	r = PQexec(c, "DELETE FROM catalogue_need");
	assert_string_equal(PQresultErrorField(r, PG_DIAG_SQLSTATE), "42501");
	PQclear(r);
	r = PQexec(c, "INSERT INTO acp_course (identifier, name) VALUES ('X', 'X')");
	assert_string_equal(PQresultErrorField(r, PG_DIAG_SQLSTATE), "42501");
	PQclear(r);
	cat_def_init(&d);
	{
		static const char doc[] = "{\"intervention_catalogue\": {\"name\": \"Staff test\", \"int_type\": \"SI\"},"
					  " \"criminogenic_needs\": [\"Attitudes\", \"Drug Misuse\"],"
					  " \"delivery_method_settings\": [\"COMMUNITY\"]}";

		assert_int_equal(cat_def_parse(doc, strlen(doc), "t.json", &d, NULL), CT_OK);
	}
	assert_int_equal(catalogue_store_upsert(c, &d, &created, &id, &err), CT_DB);
	assert_false(created);
	assert_non_null(strstr(err.buf, "permission denied"));
	assert_int_equal(PQtransactionStatus(c), PQTRANS_IDLE); /* rolled back */
	PQfinish(c);

	c = dbtest_connect(dbname, admin);
	assert_non_null(c);
	sb_reset(&err);
	assert_int_equal(catalogue_store_upsert(c, &d, &created, &id, &err), CT_OK);
	assert_true(created);
	assert_int_equal(strlen(id.buf), 36);
	assert_int_equal(catalogue_store_upsert(c, &d, &created, &id, &err), CT_OK);
	assert_false(created);
	PQfinish(c);
	cat_def_release(&d);
	assert_int_equal(num("SELECT count(*) FROM intervention_catalogue WHERE name = 'Staff test'"), 1);
	assert_int_equal(num("SELECT count(*) FROM catalogue_need n JOIN intervention_catalogue c"
			     " ON c.id = n.intervention_id WHERE c.name = 'Staff test'"), 2);
	assert_int_equal(num("SELECT count(*) FROM intervention_catalogue WHERE name = 'Staff test'"
			     " AND last_modified_by IS NOT NULL"), 1);
	sb_release(&err);
	sb_release(&id);
}

/* A changed file replaces the satellites; another uuid with the same name
 * and type is refused. */
static void test_changes_replace_and_conflicts(void **state)
{
	struct strbuf err = STRBUF_INIT, id = STRBUF_INIT;
	struct cat_def d;
	bool created;
	static const char one[] = "{\"uuid\": \"11111111-2222-3333-4444-555555555555\","
				  " \"intervention_catalogue\": {\"name\": \"Changing\", \"int_type\": \"CRS\"},"
				  " \"criminogenic_needs\": [\"Attitudes\", \"Drug Misuse\", \"Accommodation\"],"
				  " \"risk_consideration\": {\"ovp_guide\": \"High OVP\"}}";
	static const char two[] = "{\"uuid\": \"11111111-2222-3333-4444-555555555555\","
				  " \"intervention_catalogue\": {\"name\": \"Changed\", \"int_type\": \"CRS\"},"
				  " \"criminogenic_needs\": [\"Finance and Debt\"]}";
	static const char clash[] = "{\"uuid\": \"99999999-2222-3333-4444-555555555555\","
				    " \"intervention_catalogue\": {\"name\": \"Changed\", \"int_type\": \"CRS\"}}";

	(void)state;
	assert_int_equal(cat_def_parse(one, strlen(one), "one.json", &d, NULL), CT_OK);
	assert_int_equal(catalogue_store_upsert(owner, &d, &created, &id, &err), CT_OK);
	assert_string_equal(id.buf, "11111111-2222-3333-4444-555555555555");
	cat_def_release(&d);
	assert_int_equal(num("SELECT count(*) FROM catalogue_need WHERE intervention_id = '11111111-2222-3333-4444-555555555555'"), 3);
	assert_int_equal(num("SELECT count(*) FROM catalogue_risk_rule WHERE intervention_id = '11111111-2222-3333-4444-555555555555'"), 1);

	assert_int_equal(cat_def_parse(two, strlen(two), "two.json", &d, NULL), CT_OK);
	assert_int_equal(catalogue_store_upsert(owner, &d, &created, &id, &err), CT_OK);
	assert_false(created);
	cat_def_release(&d);
	assert_int_equal(num("SELECT count(*) FROM intervention_catalogue WHERE name IN ('Changing', 'Changed')"), 1);
	assert_int_equal(num("SELECT count(*) FROM catalogue_need WHERE intervention_id = '11111111-2222-3333-4444-555555555555'"), 1);
	assert_int_equal(num("SELECT count(*) FROM catalogue_risk_rule WHERE intervention_id = '11111111-2222-3333-4444-555555555555'"), 0);

	assert_int_equal(cat_def_parse(clash, strlen(clash), "clash.json", &d, NULL), CT_OK);
	assert_int_equal(catalogue_store_upsert(owner, &d, &created, &id, &err), CT_CONFLICT);
	assert_string_equal(err.buf, "intervention_catalogue.name: another entry called \"Changed\" (CRS) has a "
				     "different uuid");
	cat_def_release(&d);
	assert_int_equal(PQtransactionStatus(owner), PQTRANS_IDLE);
	assert_true(dbtest_ok(owner, "DELETE FROM intervention_catalogue WHERE name = 'Changed'"));
	sb_release(&err);
	sb_release(&id);
}

/* The loaded catalogue: strands, offerings, prerequisites, and eligibility
 * reasons from the real entries. */
static void test_load_and_evaluate(void **state)
{
	struct strbuf err = STRBUF_INIT, words = STRBUF_INIT;
	struct catalogue *cat = NULL;
	const struct cat_def *d;
	struct cat_person p;
	struct cat_elig e;
	long i;
	size_t k;

	(void)state;
	assert_int_equal(catalogue_store_load(owner, &cat, &err), CT_OK);
	assert_int_equal(cat_count(cat), 52); /* the fixtures and "Staff test" */

	i = cat_find(cat, "Building Choices: high intensity");
	assert_true(i >= 0);
	d = cat_entry(cat, (size_t)i);
	assert_int_equal(d->n_courses, 2);
	assert_string_equal(d->courses[0].identifier, "BCH-1");
	assert_int_equal(d->courses[0].intensity, CAT_INTENSITY_HIGH);
	assert_true(d->courses[0].n_prerequisites >= 7);
	assert_int_equal(cat_entry_facts(cat, (size_t)i)->intensity, CAT_INTENSITY_HIGH);
	assert_int_equal(d->n_locations, 21); /* 9 for BCH-1, 12 for BCH-2, none shared */
	assert_string_equal(d->time_to_complete, "Around 17 to 25 weeks (2 to 3 sessions a week)");
	assert_string_equal(d->learning_disability, "Yes"); /* from the strand's prerequisites */

	i = cat_find(cat, "Healthy Sex Programme");
	d = cat_entry(cat, (size_t)i);
	assert_int_equal(d->n_locations, 1);
	assert_string_equal(d->locations[0].contact, "NationalHSP@justice.gov.uk");
	assert_string_equal(d->id, "2dd44b43-46f2-4c91-968f-77a00f33ef35");
	assert_int_equal(cat_entry_facts(cat, (size_t)i)->intensity, CAT_INTENSITY_HIGH_MODERATE);

	i = cat_find(cat, "Building Better Relationships");
	d = cat_entry(cat, (size_t)i);
	assert_string_equal(d->time_to_complete, "At least 6 months");
	assert_int_equal(d->n_exclusions, 3);
	assert_int_equal(d->n_eligible_offences, 1);
	assert_string_equal(d->eligible_offences[0].type, "IPV");

	/* a man of 19 in Wales, in the community, with a general violence offence */
	memset(&p, 0, sizeof p);
	p.age_known = true;
	p.age = 19;
	p.sex = CAT_SEX_MALE;
	p.region = CAT_REGION_D;
	p.place = CAT_PLACE_COMMUNITY;
	p.offences_known = true;
	p.offences = 1u << CAT_OFFENCE_GENERAL_VIOLENCE;
	p.ovp.present = true;
	p.ovp.value = 45;

	i = cat_find(cat, "Greater Manchester - Education, training and employment (ETE)");
	cat_eligibility(cat, (size_t)i, &p, &e);
	assert_int_equal(e.verdict, CAT_NOT_ELIGIBLE);
	assert_int_equal(cat_reason_text(cat, (size_t)i, &p, &e.r[0], &words), 0);
	assert_string_equal(words.buf, "Not delivered in Wales");

	i = cat_find(cat, "Kaizen: sexual offence");
	cat_eligibility(cat, (size_t)i, &p, &e);
	assert_int_equal(e.verdict, CAT_NOT_ELIGIBLE);
	sb_reset(&words);
	for (k = 0; k < e.n; k++) {
		cat_reason_text(cat, (size_t)i, &p, &e.r[k], &words);
		sb_addc(&words, '\n');
	}
	assert_string_equal(words.buf, "Not delivered in the community\nNeeds a sexual offence conviction\n"
				       "Check: OSP level is missing (needs high or very high)\n"
				       "Check: PNI pathway is not known (high intensity programme)\n");

	i = cat_find(cat, "Choices and Changes");
	cat_eligibility(cat, (size_t)i, &p, &e);
	assert_int_equal(e.verdict, CAT_ELIGIBLE);
	sb_release(&err);
	sb_release(&words);
	cat_free(&cat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_import_all_fixtures),
		cmocka_unit_test(test_reimport_updates_never_duplicates),
		cmocka_unit_test(test_broken_files_are_reported_and_others_load),
		cmocka_unit_test(test_usage_and_list),
		cmocka_unit_test(test_staff_read_admin_write),
		cmocka_unit_test(test_changes_replace_and_conflicts),
		cmocka_unit_test(test_load_and_evaluate),
	};

	if (!dbtest_available())
		return DBTEST_SKIP;
	return cmocka_run_group_tests(tests, setup, teardown);
}
