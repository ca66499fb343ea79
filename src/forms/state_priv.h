/* state_priv.h: the inside of struct form_state, shared by state.c and
 * state_json.c only. */
#ifndef CASETERM_FORMS_STATE_PRIV_H
#define CASETERM_FORMS_STATE_PRIV_H

#include "forms/state.h"

struct answer {
	char *text;            /* NULL = never set */
	char *original;        /* redactable: the prefilled text, else NULL */
	enum redaction red;
	bool prefilled;        /* text came from a prefill source */
	bool touched;          /* the user set or reviewed it */
};

struct group_data {
	size_t count, cap;     /* items */
	struct answer *rows;   /* count * group->n_fields, item-major */
	bool touched;
};

struct runtime_options {
	const struct form_field *field;
	struct form_option *v;
	size_t n;
};

struct form_state {
	const struct form *form;
	struct ymd today;
	struct answer *top;             /* form->n_fields, by form_field.index */
	struct group_data *groups;      /* form->n_fields; used for FT_GROUP fields */
	bool *completed;                /* form->n_sections */
	struct runtime_options *opts;
	size_t n_opts;
};

/* The answer slot of f (item for group fields), or NULL when out of range. */
struct answer *state_answer(const struct form_state *st, const struct form_field *f,
			    size_t item);
/* Frees the strings of an answer and clears it. */
void answer_clear(struct answer *a);
/* Replaces a->text with a copy of text (NULL allowed).  Returns 0 or -1. */
int answer_set_text(struct answer *a, const char *text);
/* Grows a group to hold at least count items. Returns 0 or -1. */
int group_reserve(struct group_data *g, size_t n_fields, size_t count);

#endif
