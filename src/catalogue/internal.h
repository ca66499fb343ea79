/* internal.h: the catalogue module's private structures (not for other modules). */
#ifndef CASETERM_CATALOGUE_INTERNAL_H
#define CASETERM_CATALOGUE_INTERNAL_H

#include "catalogue/catalogue.h"

/* Folded text of one entry: name and description in cat->text, with the
 * offsets of their word starts in cat->words. */
struct cat_index {
	uint32_t name_off, desc_off;   /* into text */
	uint32_t words_off;            /* into words: name words, then desc words */
	uint16_t n_name_words, n_desc_words;
};

struct catalogue {
	size_t n;
	struct cat_def *defs;        /* owned array */
	struct cat_arena *arena;     /* owned; may be NULL */
	struct cat_facts *facts;
	struct cat_index *index;
	char *text;                  /* folded names and descriptions, NUL separated */
	uint32_t *words;             /* word start offsets into text */
	uint32_t *by_name;           /* entry indexes in name order */
	uint32_t *by_type;           /* entry indexes in type, then name order */
};

/* The level of a percentage score by the PNI bands (domain/pni.h). */
enum cat_level cat_score_level(enum cat_predictor p, double pct);

#endif
