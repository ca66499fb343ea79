/* catfix.h: helpers for the catalogue unit tests: definitions from inline
 * JSON and catalogues built from them.  Failures end the test (cmocka). */
#ifndef CASETERM_TEST_CATFIX_H
#define CASETERM_TEST_CATFIX_H

#include "catalogue/catalogue.h"

/* Parses doc into *d (the test fails on any problem). */
void fix_parse(const char *doc, struct cat_def *d);
/* Adds an accredited-programme strand to d (strings copied into d's arena). */
void fix_add_course(struct cat_def *d, const char *identifier, const char *audience,
		    enum cat_intensity intensity, bool withdrawn);
/* Builds a catalogue from n parsed definitions (takes them over). */
struct catalogue *fix_build_defs(struct cat_def *defs, size_t n);
/* Parses and builds in one go. */
struct catalogue *fix_build(const char *const *docs, size_t n);
/* A minimal entry document: name, type, settings (JSON list text, e.g.
 * "[\"COMMUNITY\"]"), and the rest of the top-level fields as JSON text
 * (may be ""; starts with a comma when given). */
char *fix_doc(const char *name, const char *type, const char *settings, const char *rest);
/* The words of every reason of entry i for p, joined with "\n". */
char *fix_reasons(const struct catalogue *cat, size_t i, const struct cat_person *p,
		  struct cat_elig *e);

#endif
