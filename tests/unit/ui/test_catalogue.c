/* test_catalogue.c: the catalogue screens (ui/screens/catalogue*.c) drawn
 * into a text grid while keys are replayed: search per keystroke, filters,
 * sort, marks and the limit of four, details, the comparison at 80x24 and
 * 200x50 with horizontal scrolling, --linear, export, and eligibility with
 * reasons for a person of tests/fixtures/people. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <glob.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalogue/catalogue.h"
#include "lookup/lookup.h"
#include "ui/keymap.h"
#include "ui/screens/catalogue_internal.h"
#include "ui/screens/screens.h"
#include "ui/shell.h"
#include "ui/textgrid.h"

struct fix {
	struct keymap *km;
	struct textgrid *g;
	struct ui *ui;
	struct strbuf screen;
	struct person_lookup *person;
	int rows, cols;
	bool linear;
};

static struct staff zoe = {
    .id = 7,
    .username = "zoe",
    .display_name = "Zo\xc3\xab N\xc3\xad Bhriain",
    .role = "pp",
    .role_label = "Probation practitioner",
};

static char *slurp(const char *path, size_t *len)
{
	struct strbuf b = STRBUF_INIT;

	if (sb_read_file(&b, path)) {
		sb_release(&b);
		return NULL;
	}
	return sb_detach(&b, len);
}

/* The store links accredited programme strands with their intensity; the
 * JSON files do not hold them.  Building Choices gets its two. */
static void add_strand(struct cat_def *d)
{
	struct cat_course *c;
	enum cat_intensity in;

	if (!d->name || strncmp(d->name, "Building Choices: ", 18))
		return;
	in = strstr(d->name, "high") ? CAT_INTENSITY_HIGH : CAT_INTENSITY_MODERATE;
	c = cat_arena_alloc(d->own, sizeof *c);
	assert_non_null(c);
	memset(c, 0, sizeof *c);
	c->identifier = in == CAT_INTENSITY_HIGH ? "BC-H" : "BC-M";
	c->name = d->name;
	c->audience = "General offence";
	c->intensity = in;
	d->courses = c;
	d->n_courses = 1;
}

/* Every entry of tests/fixtures/catalogue, as `caseterm catalogue import`
 * reads them. */
static struct catalogue *load_catalogue(void)
{
	struct strbuf problems = STRBUF_INIT;
	struct catalogue *cat = NULL;
	struct cat_def *defs;
	glob_t gl;
	size_t i, n = 0;

	assert_int_equal(glob(CATALOGUE_DIR "/*.json", 0, NULL, &gl), 0);
	defs = calloc(gl.gl_pathc, sizeof *defs);
	assert_non_null(defs);
	for (i = 0; i < gl.gl_pathc; i++) {
		size_t len;
		char *body = slurp(gl.gl_pathv[i], &len);

		assert_non_null(body);
		if (cat_def_parse(body, len, gl.gl_pathv[i], &defs[n], &problems) == CT_OK) {
			add_strand(&defs[n]);
			n++;
		}
		free(body);
	}
	globfree(&gl);
	assert_true(n >= 50);
	assert_int_equal(cat_build(defs, n, NULL, &cat), CT_OK);
	sb_release(&problems);
	return cat;
}

static char *person_file(const char *crn, const char *name, size_t *len)
{
	struct strbuf p = STRBUF_INIT;
	char *body;

	sb_addf(&p, "%s/%s/%s", PEOPLE_DIR, crn, name);
	body = slurp(p.buf, len);
	sb_release(&p);
	return body;
}

/* A look-up result made from the fixture files the fake upstream serves. */
static struct person_lookup *load_person(const char *crn)
{
	struct person_lookup *p = calloc(1, sizeof *p);
	size_t len;
	char *b;

	assert_non_null(p);
	snprintf(p->crn, sizeof p->crn, "%s", crn);
	p->service[LOOKUP_NDELIUS].outcome = LOOKUP_OK;
	p->service[LOOKUP_OASYS].outcome = LOOKUP_OK;
#define LOAD(file, field, parser)                                                                  \
	if ((b = person_file(crn, file, &len)))                                                    \
		p->field = parser(b, len, NULL);                                                   \
	free(b);
	LOAD("ndelius-details.json", details, ndelius_case_parse)
	LOAD("ndelius-responsible-officer.json", officer, responsible_officer_parse)
	LOAD("ndelius-convictions.json", convictions, ndelius_convictions_parse)
	LOAD("oasys-summary.json", rosh, oasys_rosh_parse)
	LOAD("oasys-needs.json", needs, oasys_needs_parse)
	LOAD("oasys-predictors.json", predictors, oasys_predictors_parse)
	LOAD("oasys-pni.json", pni, oasys_pni_parse)
#undef LOAD
	assert_non_null(p->details);
	if (!p->pni)
		p->service[LOOKUP_OASYS].outcome = LOOKUP_NOT_FOUND;
	return p;
}

static int setup_size(void **state, int rows, int cols, bool linear)
{
	static struct fix f;
	struct strbuf err = STRBUF_INIT;
	struct ui_setup setup;

	memset(&f, 0, sizeof f);
	f.rows = rows;
	f.cols = cols;
	f.linear = linear;
	f.km = keymap_new();
	f.g = textgrid_new(60, 220);
	sb_init(&f.screen);
	if (!f.km || !f.g)
		return -1;
	memset(&setup, 0, sizeof setup);
	setup.keymap = f.km;
	setup.staff = &zoe;
	setup.linear = linear;
	f.ui = ui_new(&setup, &err);
	if (!f.ui)
		fail_msg("ui_new: %s", err.buf);
	sb_release(&err);
	ui_resize(f.ui, rows, cols);
	*state = &f;
	return 0;
}

static int setup(void **state)
{
	return setup_size(state, 24, 80, false);
}

static int setup_big(void **state)
{
	return setup_size(state, 50, 200, false);
}

static int setup_linear(void **state)
{
	return setup_size(state, 24, 80, true);
}

static int teardown(void **state)
{
	struct fix *f = *state;

	ui_free(&f->ui);
	person_lookup_free(&f->person);
	keymap_free(&f->km);
	textgrid_free(&f->g);
	sb_release(&f->screen);
	return 0;
}

static const char *paint(struct fix *f)
{
	struct ui_canvas c;

	textgrid_clear(f->g);
	c = cv_root(&textgrid_ops, f->g, f->rows, f->cols, ui_linear(f->ui));
	ui_paint(f->ui, &c);
	sb_reset(&f->screen);
	textgrid_dump(f->g, &f->screen);
	return f->screen.buf;
}

static void press(struct fix *f, const char *name)
{
	ui_key k;

	if (ui_key_from_name(name, &k))
		fail_msg("bad key name %s", name);
	ui_handle_key(f->ui, k);
	paint(f);
}

static void type(struct fix *f, const char *text)
{
	for (; *text; text++) {
		ui_handle_key(f->ui, (ui_key)(unsigned char)*text);
		paint(f);
	}
}

static void assert_shows(struct fix *f, const char *text)
{
	paint(f);
	if (!strstr(f->screen.buf, text)) {
		fprintf(stderr, "%s\n", f->screen.buf);
		fail_msg("'%s' is not on the screen (above)", text);
	}
}

static void assert_not_shown(struct fix *f, const char *text)
{
	paint(f);
	if (strstr(f->screen.buf, text)) {
		fprintf(stderr, "%s\n", f->screen.buf);
		fail_msg("'%s' should not be on the screen (above)", text);
	}
}

static void assert_cursor_on(struct fix *f, const char *text)
{
	int row, col, crow, ccol;

	paint(f);
	if (!textgrid_find(f->g, text, &row, &col))
		fail_msg("'%s' is not on the screen:\n%s", text, f->screen.buf);
	ui_cursor(f->ui, &crow, &ccol);
	if (crow != row)
		fail_msg("cursor on row %d, '%s' on row %d:\n%s", crow, text, row, f->screen.buf);
}

static void open_catalogue(struct fix *f, const char *crn)
{
	struct catalogue_arg a = {.cat = load_catalogue(), .now = 1780000000 /* 2026-05-28 */};

	if (crn) {
		f->person = load_person(crn);
		a.lookup = f->person;
	}
	assert_int_equal(ui_push(f->ui, &catalogue_screen, &a), 0);
	assert_string_equal(ui_top_name(f->ui), "catalogue");
}

/* ------------------------------------------------------------------ */

static void test_home_opens_the_catalogue(void **state)
{
	struct fix *f = *state;

	/* no database in a screen test: the error says so in words */
	press(f, "c");
	assert_string_equal(ui_top_name(f->ui), "home");
	assert_shows(f, "Error: the catalogue needs the database");
}

static void test_search_as_you_type(void **state)
{
	struct fix *f = *state;

	open_catalogue(f, NULL);
	assert_shows(f, "Showing 51 of 51");
	assert_cursor_on(f, "Search:");
	type(f, "b");
	assert_shows(f, "Building Better Relationships");
	type(f, "uild");
	assert_shows(f, "Search: build");
	assert_shows(f, "Building Choices: high intensity");
	assert_not_shown(f, "Accommodation services");
	assert_not_shown(f, "Showing 51 of 51");
	/* words match the description too, and every word must match */
	press(f, "C-u");
	type(f, "debt");
	assert_shows(f, "Finance, benefit and debt");
	type(f, " zzzz");
	assert_shows(f, "Showing 0 of 51");
	assert_shows(f, "No entry matches the search and filters.");
	press(f, "Backspace");
	press(f, "Backspace");
	press(f, "Backspace");
	press(f, "Backspace");
	press(f, "Backspace");
	assert_shows(f, "Finance, benefit and debt");
	/* Down goes to the list; an unbound letter starts typing again */
	press(f, "Down");
	assert_cursor_on(f, ">[ ] Finance");
	type(f, "z");
	assert_shows(f, "Search: debtz");
	/* x clears the search and filters (from the list) */
	press(f, "Down");
	type(f, "x");
	assert_shows(f, "Showing 51 of 51");
}

static void test_filters_and_sort(void **state)
{
	struct fix *f = *state;

	open_catalogue(f, NULL);
	press(f, "Down");
	type(f, "f");
	assert_shows(f, "Filters: Up/Down choose, Left/Right change");
	assert_cursor_on(f, "> Type");
	press(f, "Right");
	assert_shows(f, "< Accredited Programmes >");
	assert_shows(f, "Filters: Type Accredited Programmes.");
	assert_not_shown(f, "Showing 51 of 51");
	press(f, "Down"); /* setting */
	press(f, "Right");
	press(f, "Right");
	assert_shows(f, "Setting Custody");
	press(f, "Down");
	press(f, "Down");
	press(f, "Down");
	press(f, "Down");
	assert_cursor_on(f, "> Age");
	press(f, "Left"); /* the last age */
	assert_shows(f, "Age 70");
	press(f, "Enter");
	assert_shows(f, "Type");
	assert_shows(f, "Filters: Type Accredited Programmes, Setting Custody, Age 70.");
	/* clearing */
	type(f, "x");
	assert_shows(f, "Filters: none.");
	assert_shows(f, "Showing 51 of 51");
	/* sort cycles: relevance, name, type (no eligibility without a person) */
	type(f, "s");
	assert_shows(f, "Sorted by name.");
	type(f, "s");
	assert_shows(f, "Sorted by type.");
	type(f, "s");
	assert_shows(f, "Sorted by relevance.");
}

static void test_marks_up_to_four(void **state)
{
	struct fix *f = *state;
	int i;

	open_catalogue(f, NULL);
	press(f, "Down");
	for (i = 0; i < 4; i++) {
		type(f, "m");
		press(f, "Down");
	}
	assert_shows(f, "Marked for comparison: 4 of 4.");
	type(f, "m");
	assert_shows(f, "Error: Only 4 entries can be compared");
	/* the mark is a symbol, not a colour */
	assert_shows(f, "[x] ");
	press(f, "Up");
	type(f, "m");
	assert_shows(f, "Unmarked for comparison: 3 of 4 marked.");
	/* one entry is not a comparison */
	press(f, "Home");
	type(f, "m");
	type(f, "m");
	press(f, "Up");
	type(f, "m");
	type(f, "m");
}

static void test_detail_scrolls(void **state)
{
	struct fix *f = *state;

	open_catalogue(f, NULL);
	type(f, "building choices high");
	press(f, "Enter"); /* to the list */
	press(f, "Enter"); /* the details */
	assert_string_equal(ui_top_name(f->ui), "catalogue-detail");
	assert_shows(f, "Building Choices: high intensity");
	assert_shows(f, "Accredited Programmes");
	press(f, "End");
	assert_shows(f, "Source");
	press(f, "Home");
	type(f, "m");
	assert_shows(f, "Marked for comparison");
	press(f, "Esc");
	assert_string_equal(ui_top_name(f->ui), "catalogue");
	assert_shows(f, "[x] Building Choices: high");
}

static void mark_three(struct fix *f)
{
	press(f, "Down");
	type(f, "m");
	press(f, "Down");
	press(f, "Down");
	type(f, "m");
	press(f, "Down");
	press(f, "Down");
	press(f, "Down");
	type(f, "m");
}

static void test_compare_80x24(void **state)
{
	struct fix *f = *state;

	open_catalogue(f, NULL);
	type(f, "c"); /* typed into the search: not the compare key there */
	assert_shows(f, "Search: c");
	press(f, "C-u");
	press(f, "Down");
	type(f, "c");
	assert_shows(f, "Error: Mark two to four entries with m");
	mark_three(f);
	press(f, "F5");
	assert_string_equal(ui_top_name(f->ui), "catalogue-compare");
	assert_shows(f, "* = the entries differ.");
	assert_shows(f, "Showing entries 1-2 of 3: Left/Right for the others.");
	assert_shows(f, "1. ");
	assert_not_shown(f, "3. ");
	assert_shows(f, "> Type");
	assert_cursor_on(f, "> Type");
	press(f, "Right");
	assert_shows(f, "Showing entries 2-3 of 3");
	assert_shows(f, "3. ");
	assert_not_shown(f, "1. ");
	/* the attribute column stays */
	assert_shows(f, "Attribute");
	press(f, "Right");
	assert_shows(f, "Showing entries 2-3 of 3");
	press(f, "Left");
	assert_shows(f, "Showing entries 1-2 of 3");
	/* Down moves through the attributes, down to How to refer */
	press(f, "End");
	assert_cursor_on(f, "How to refer");
	press(f, "Home");
	assert_cursor_on(f, "Type");
	assert_shows(f, "No person: eligibility needs a CRN");
	/* refer asks which entry; these entries are not in a database */
	type(f, "r");
	assert_cursor_on(f, "Refer for which entry? Press 1 to 3 (Esc cancels).");
	type(f, "7"); /* not an entry: still asking */
	assert_shows(f, "Refer for which entry?");
	press(f, "Esc");
	assert_not_shown(f, "Refer for which entry?");
	press(f, "F2");
	type(f, "2");
	assert_shows(f, "Error: this entry is not stored in the database");
	assert_string_equal(ui_top_name(f->ui), "catalogue-compare");
	press(f, "Esc");
	assert_string_equal(ui_top_name(f->ui), "catalogue");
}

static void test_compare_200x50(void **state)
{
	struct fix *f = *state;

	open_catalogue(f, NULL);
	mark_three(f);
	type(f, "c");
	assert_string_equal(ui_top_name(f->ui), "catalogue-compare");
	assert_shows(f, "1. ");
	assert_shows(f, "2. ");
	assert_shows(f, "3. ");
	assert_not_shown(f, "Showing entries");
	assert_shows(f, "How to refer");
}

static void test_compare_export(void **state)
{
	struct fix *f = *state;
	char dir[] = "/tmp/ct-cat-XXXXXX", path[64], *body;
	size_t len;

	assert_non_null(mkdtemp(dir));
	open_catalogue(f, NULL);
	mark_three(f);
	type(f, "c");
	type(f, "e");
	assert_shows(f, "Save as text to: catalogue-comparison.txt");
	press(f, "C-u");
	type(f, "/nonexistent-folder/x.txt");
	press(f, "Enter");
	assert_shows(f, "Error: could not save to /nonexistent-folder/x.txt: No such file or");
	/* what was typed stays */
	assert_shows(f, "Save as text to: /nonexistent-folder/x.txt");
	press(f, "C-u");
	snprintf(path, sizeof path, "%s/cmp.txt", dir);
	type(f, path);
	press(f, "Enter");
	assert_shows(f, "Saved the comparison as text");
	body = slurp(path, &len);
	assert_non_null(body);
	assert_non_null(strstr(body, "Comparison of 3 interventions"));
	assert_non_null(strstr(body, "[differs]"));
	free(body);
	/* CSV; an existing file is replaced only on a second Enter */
	type(f, "v");
	press(f, "C-u");
	type(f, path);
	press(f, "Enter");
	assert_shows(f, "Error: the file exists. Enter again replaces it");
	press(f, "Enter");
	assert_shows(f, "Saved the comparison as CSV");
	body = slurp(path, &len);
	assert_non_null(body);
	assert_int_equal(strncmp(body, "Attribute,", 10), 0);
	free(body);
	unlink(path);
	rmdir(dir);
}

static void test_linear_compare(void **state)
{
	struct fix *f = *state;

	open_catalogue(f, NULL);
	assert_shows(f, "Search:");
	assert_shows(f, "Entries (51):");
	mark_three(f);
	assert_shows(f, "[marked] ");
	type(f, "c");
	assert_string_equal(ui_top_name(f->ui), "catalogue-compare");
	assert_shows(f, "Comparison of 3 interventions.");
	assert_shows(f, "Type [differs]:");
	assert_shows(f, "Type [differs]:\n1. ");
	assert_not_shown(f, "\xe2\x94\x80"); /* no box drawing */
	press(f, "Down");
	assert_cursor_on(f, "1. ");
}

static void test_person_eligibility_with_reasons(void **state)
{
	struct fix *f = *state;

	/* Jade Whitfield: female, 19, East Midlands, community, alternative
	 * pathway */
	open_catalogue(f, "F710012");
	assert_shows(f, "Catalogue for a person");
	assert_shows(f, "Person: Jade Whitfield (F710012)");
	assert_shows(f, "female");
	assert_shows(f, "East Midlands");
	assert_shows(f, "PNI pathway: Alternative pathway");
	assert_shows(f, "Missing scores: none");
	assert_shows(f, "Eligibility");
	/* every Not eligible says why, in words */
	assert_shows(f, "Not eligible: Only for men");
	assert_not_shown(f, "Not eligible \n");
	assert_shows(f, "Eligible");
	/* the selected entry's reasons in full below the list */
	press(f, "Down");
	assert_shows(f, "Accommodation services: Not eligible. Only for men");
	/* filter by verdict and sort by eligibility */
	type(f, "f");
	press(f, "End"); /* the panel keeps its own keys */
	assert_cursor_on(f, "> Eligibility");
	press(f, "Down"); /* wraps to Type */
	assert_cursor_on(f, "> Type");
	press(f, "Up");
	assert_cursor_on(f, "> Eligibility");
	press(f, "Right");
	assert_shows(f, "< Eligible >");
	press(f, "Enter");
	assert_not_shown(f, "Not eligible:");
	type(f, "x");
	type(f, "s");
	type(f, "s");
	type(f, "s");
	assert_shows(f, "Sorted by eligibility.");
}

static void test_linear_person(void **state)
{
	struct fix *f = *state;

	open_catalogue(f, "F710012");
	assert_shows(f, "Person: Jade Whitfield (F710012)");
	assert_shows(f, "\nPNI pathway: Alternative pathway");
	assert_shows(f, "\nMissing scores: none\n");
	assert_shows(f, "1. Accommodation services. Commissioned Rehabilitative Services. Not "
			"eligible:\nOnly for men.");
	mark_three(f);
	type(f, "c");
	assert_shows(f, "For Jade Whitfield (F710012)");
	assert_shows(f, "\nPNI pathway: Alternative pathway");
	assert_shows(f, "\nMissing scores: none\n");
	assert_shows(f, "Type [differs]:");
	type(f, "r");
	assert_shows(f, "Refer for which entry? Press 1 to 3 (Esc cancels).\n1. ");
}

static void test_person_with_missing_scores(void **state)
{
	struct fix *f = *state;

	/* Aadland Bertrand: PNI missing information (two needs items) */
	open_catalogue(f, "X320741");
	assert_shows(f, "PNI pathway: Information missing");
	assert_shows(f, "Missing scores: 6.12");
	assert_shows(f, "Difficulties coping (needed)");
	assert_shows(f, "Check: PNI cannot be calculated");
	assert_not_shown(f, "Check: Check:");
}

static void test_person_without_oasys(void **state)
{
	struct fix *f = *state;

	open_catalogue(f, "B310004");
	assert_shows(f, "PNI pathway: not known");
	assert_shows(f, "OASys has no assessment for this person");
}

static void test_person_from_lookup(void **state)
{
	struct person_lookup *p = load_person("D002399");
	struct cat_person cp;
	struct pni_input in;

	(void)state;
	cat_person_from_lookup(p, 1780000000, &cp, &in);
	assert_true(cp.age_known);
	assert_int_equal(cp.sex, CAT_SEX_FEMALE);
	assert_int_equal(cp.region, CAT_REGION_B);
	assert_int_equal(cp.place, CAT_PLACE_CUSTODY);
	assert_true(cp.offences_known);
	assert_true(cp.needs_known);
	assert_true(cp.rosh != CAT_LEVEL_MISSING);
	assert_true(cp.ogrs3.present);
	person_lookup_free(&p);
	/* nothing known */
	cat_person_from_lookup(NULL, 0, &cp, &in);
	assert_false(cp.age_known);
	assert_int_equal(cp.region, CAT_REGION_UNKNOWN);
}

static void test_help_lists_the_keys(void **state)
{
	struct fix *f = *state;

	open_catalogue(f, NULL);
	press(f, "Down");
	press(f, "?");
	assert_shows(f, "Mark or unmark the entry for comparison");
	assert_shows(f, "Compare the marked entries side by side");
	assert_shows(f, "Show or hide the filters");
	assert_shows(f, "Enter a CRN to see who is eligible");
}

static void test_crn_prompt(void **state)
{
	struct fix *f = *state;
	struct strbuf err = STRBUF_INIT;

	/* catalogue_open, for the person summary: the CRN is checked first */
	assert_int_equal(catalogue_open(f->ui, "12345", &err), -1);
	assert_string_equal(err.buf, LOOKUP_CRN_FORMAT_MESSAGE);
	sb_reset(&err);
	assert_int_equal(catalogue_open(f->ui, " x320741 ", &err), -1); /* no database here */
	assert_string_equal(ui_top_name(f->ui), "home");
	assert_shows(f, "Error: the catalogue needs the database");
	sb_release(&err);

	open_catalogue(f, NULL);
	press(f, "F7");
	assert_cursor_on(f, "CRN (Enter looks up, Esc cancels):");
	type(f, "X12");
	press(f, "Enter");
	assert_shows(f, "Error: Enter a CRN in the correct format, like X320741");
	assert_shows(f, "X12");
	press(f, "Esc");
	assert_shows(f, "Person: none.");
	/* a well-formed CRN with no configuration: said in words */
	press(f, "F7");
	press(f, "C-u");
	type(f, "x320741");
	press(f, "Enter");
	assert_shows(f, "Person: X320741. Error: Could not look up X320741");
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_home_opens_the_catalogue),
	    T(test_search_as_you_type),
	    T(test_filters_and_sort),
	    T(test_marks_up_to_four),
	    T(test_detail_scrolls),
	    T(test_compare_80x24),
	    cmocka_unit_test_setup_teardown(test_compare_200x50, setup_big, teardown),
	    T(test_compare_export),
	    cmocka_unit_test_setup_teardown(test_linear_compare, setup_linear, teardown),
	    T(test_person_eligibility_with_reasons),
	    cmocka_unit_test_setup_teardown(test_linear_person, setup_linear, teardown),
	    T(test_person_with_missing_scores),
	    T(test_person_without_oasys),
	    T(test_person_from_lookup),
	    T(test_help_lists_the_keys),
	    T(test_crn_prompt),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
