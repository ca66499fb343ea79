/* catalogue_internal.h: what the catalogue screens (list, detail, compare)
 * share: the loaded catalogue, the person in context with their PNI and
 * every entry's verdict, the entries marked for comparison, and a one-line
 * text field for the search box and the prompts (CRN, export path).
 *
 * The list screen owns the struct cat_ctx; the detail and compare screens
 * are pushed on top of it and borrow it (they close before it does). */
#ifndef CASETERM_UI_CATALOGUE_INTERNAL_H
#define CASETERM_UI_CATALOGUE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "catalogue/catalogue.h"
#include "domain/pni.h"
#include "lookup/lookup.h"
#include "ui/screens/screens.h"

/* ---- a one-line text field ---- */

struct cat_field {
	struct strbuf text;
	size_t cur; /* byte offset of the cursor */
};

void cat_field_init(struct cat_field *f, const char *text);
void cat_field_release(struct cat_field *f);
void cat_field_set(struct cat_field *f, const char *text);
/* Edits for a typed character, Backspace, Delete, Left, Right, Home, End
 * (C-u empties).  Returns true when the key was an edit (text or cursor
 * moved); *changed says whether the text changed. */
bool cat_field_key(struct cat_field *f, const struct ui_event *ev, bool *changed);
/* Draws label then the text (its end when it does not fit) from (row,
 * col) over w columns; returns the column where the cursor goes. */
int cat_field_draw(const struct cat_field *f, struct ui_canvas *c, int row, int col, int w,
		   const char *label, bool focused);

/* Draws every line of l one under another as plain text ("key: text"),
 * for --linear, so the shell scrolls to the focused one; *focus_row gets
 * its row.  Returns the rows used. */
struct ui_lines;
int cat_lines_linear(struct ui_lines *l, struct ui_canvas *c, int *focus_row);

/* ---- the shared context ---- */

struct cat_ctx {
	struct catalogue *cat;
	size_t n;
	char **names; /* sanitised entry names */
	char **descs; /* sanitised short descriptions ("" when none) */

	/* the person in context */
	bool has_crn;
	char crn[8];
	bool loading;	      /* the look-up is running */
	bool has_person;      /* the look-up gave something */
	char *person_line;    /* sanitised: "Daniel Armstrong (A210001), 18, male, ..." */
	char *person_problem; /* sanitised: why something is not known, or NULL */
	struct cat_person person;
	struct pni_input pni_in;
	struct pni_result pni;
	bool has_pni;	       /* OASys gave PNI answers or predictors */
	struct cat_elig *elig; /* n verdicts when has_person, else NULL */
	char **why;	       /* n lazily made reason texts (sanitised) */
	unsigned gen;	       /* bumped when the person changes */

	size_t marks[CAT_COMPARE_MAX]; /* entry indexes, in the order marked */
	size_t n_marks;
};

/* Builds the context over cat (taken).  Returns 0, or -1 on ENOMEM (cat is
 * freed then too). */
int cat_ctx_init(struct cat_ctx *x, struct catalogue *cat);
void cat_ctx_release(struct cat_ctx *x);
/* Drops the person (and their verdicts). */
void cat_ctx_clear_person(struct cat_ctx *x);
/* Sets the person from a look-up result (p may be NULL with st and err
 * saying why); now gives the date for ages.  Returns 0, -1 on ENOMEM. */
int cat_ctx_set_person(struct cat_ctx *x, const char *crn, const struct person_lookup *p,
		       enum ct_status st, const char *err, time_t now);
/* The reasons of entry i for the person in words, worst first, joined by
 * "; " (sanitised; "" without a person or without reasons).  Borrowed. */
const char *cat_ctx_why(struct cat_ctx *x, size_t i);
/* The index of entry i in the marks, or -1. */
int cat_ctx_marked(const struct cat_ctx *x, size_t i);
/* Marks or unmarks entry i.  Returns 1 marked, 0 unmarked, -1 when four are
 * marked already. */
int cat_ctx_toggle_mark(struct cat_ctx *x, size_t i);
/* "PNI pathway: ..." and "Missing: ..." for the top of the screens
 * (appends; nothing without a person). */
void cat_ctx_pni_lines(const struct cat_ctx *x, struct strbuf *pathway, struct strbuf *missing);

/* What the catalogue knows about a person from a look-up: age (on the day
 * of now), sex, probation region (from the nDelius provider code of the
 * community manager's PDU or team), custody or community, offence types of
 * the convictions, OASys needs identified, overall RoSH, and the scores of
 * pin (lookup_pni_input).  Pure. */
void cat_person_from_lookup(const struct person_lookup *p, time_t now, struct cat_person *out,
			    struct pni_input *pin);

/* Short type names for narrow columns ("AcP", "CRS", "SI", "Toolkits"). */
const char *cat_type_short(enum cat_type t);

/* The screens of this area (arg in each). */
struct cat_detail_arg {
	struct cat_ctx *ctx;
	size_t entry;
};
extern const struct screen_ops catalogue_detail_screen;	 /* arg: struct cat_detail_arg * */
extern const struct screen_ops catalogue_compare_screen; /* arg: struct cat_ctx * */

#endif
