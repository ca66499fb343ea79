/* test_cas3_ui.c: the HPT assessor's screens without a database: the
 * Accommodation area lists its entries by role, each screen opens and says
 * in words that it could not read its data (never a crash or a blank
 * screen), the ? overlay lists their keys, and Esc comes back.  The same
 * screens against a real database: tests/db/cas3/test_cas3_screens.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "ui/keymap.h"
#include "ui/screens/cas3.h"
#include "ui/shell.h"
#include "ui/textgrid.h"

static struct staff sam = {
	.id = 9,
	.username = "hpt_sam",
	.display_name = "Sam Okafor",
	.role = "hpt",
	.role_label = "Housing placement team assessor",
	.region = "Kent, Surrey and Sussex",
};

static struct staff anna = {
	.id = 1,
	.username = "pp_anna",
	.display_name = "Anna Clarke",
	.role = "pp",
	.role_label = "Probation practitioner",
};

struct fix {
	struct keymap *km;
	struct textgrid *g;
	struct ui *ui;
	struct strbuf text;
};

static struct fix fx;

static void open_as(const struct staff *s, bool linear)
{
	struct strbuf err = STRBUF_INIT;
	struct ui_setup setup = {.keymap = fx.km, .staff = s, .linear = linear};

	ui_free(&fx.ui);
	fx.ui = ui_new(&setup, &err);
	if (!fx.ui)
		fail_msg("ui_new: %s", err.buf);
	ui_resize(fx.ui, 24, 80);
	sb_release(&err);
}

static int setup(void **state)
{
	(void)state;
	fx.km = keymap_new();
	fx.g = textgrid_new(24, 80);
	sb_init(&fx.text);
	return fx.km && fx.g ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	ui_free(&fx.ui);
	keymap_free(&fx.km);
	textgrid_free(&fx.g);
	sb_release(&fx.text);
	return 0;
}

static const char *paint(bool linear)
{
	struct ui_canvas c;

	textgrid_clear(fx.g);
	c = cv_root(&textgrid_ops, fx.g, 24, 80, linear);
	ui_paint(fx.ui, &c);
	sb_reset(&fx.text);
	textgrid_dump(fx.g, &fx.text);
	return fx.text.buf;
}

static void press(const char *name)
{
	ui_key k;

	if (ui_key_from_name(name, &k))
		fail_msg("bad key name %s", name);
	ui_handle_key(fx.ui, k);
}

static void shows(const char *text)
{
	const char *s = paint(false);

	if (!strstr(s, text))
		fail_msg("'%s' is not on the screen:\n%s", text, s);
}

static void test_the_area_lists_hpt_entries_by_role(void **state)
{
	(void)state;
	open_as(&sam, false);
	press("a");
	shows("1. Assessment queue");
	shows("2. Bedspace search");
	shows("3. Availability grid");
	shows("4. Bookings");
	open_as(&anna, false);
	press("a");
	paint(false);
	assert_null(strstr(fx.text.buf, "Assessment queue"));
	assert_null(strstr(fx.text.buf, "Availability grid"));
}

static void test_each_screen_says_why_it_has_no_data(void **state)
{
	static const struct {
		const char *key, *name, *error;
	} entries[] = {
		{"1", "cas3-queue", "Error: Could not read the queue: no database connection"},
		{"3", "cas3-grid", "Error: could not read the grid: no database connection"},
		{"4", "cas3-bookings", "Error: could not read the bookings: no database connection"},
	};
	size_t i;

	(void)state;
	open_as(&sam, false);
	press("a");
	for (i = 0; i < sizeof entries / sizeof entries[0]; i++) {
		press(entries[i].key);
		assert_string_equal(ui_top_name(fx.ui), entries[i].name);
		shows(entries[i].error);
		press("?");
		shows("Go back");
		press("Esc");
		press("Esc");
		assert_string_equal(ui_top_name(fx.ui), "area");
	}
	/* a referral or booking that cannot be read says so where it would be */
	assert_int_equal(ui_push(fx.ui, &cas3_assessment_screen, "no-such-id"), 0);
	shows("Error: could not read the referral: no database connection");
	press("Esc");
	assert_int_equal(ui_push(fx.ui, &cas3_booking_screen, "no-such-id"), 0);
	shows("Error: could not read the booking: no database connection");
	press("Esc");
}

static void test_the_queue_help_lists_its_keys(void **state)
{
	(void)state;
	open_as(&sam, false);
	assert_int_equal(ui_push(fx.ui, &cas3_queue_screen, NULL), 0);
	press("?");
	shows("Allocate the referral to me");
	shows("Show the next tab");
	press("Esc");
	assert_int_equal(ui_push(fx.ui, &cas3_grid_screen, NULL), 0);
	press("?");
	shows("Show the next week");
	shows("Go back to today");
}

static void test_linear_grid_says_its_letters(void **state)
{
	(void)state;
	open_as(&sam, true);
	assert_int_equal(ui_push(fx.ui, &cas3_grid_screen, NULL), 0);
	paint(true);
	if (!strstr(fx.text.buf, "Letters: B booked"))
		fail_msg("no letters said:\n%s", fx.text.buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_area_lists_hpt_entries_by_role),
		cmocka_unit_test(test_each_screen_says_why_it_has_no_data),
		cmocka_unit_test(test_the_queue_help_lists_its_keys),
		cmocka_unit_test(test_linear_grid_says_its_letters),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
