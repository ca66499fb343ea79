/* theme.c: themes.yaml parsing and theme choice (no curses; tested in
 * tests/unit/ui/test_theme.c). */
#include "ui/theme.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/ytree.h"

static const char *const role_names[] = {
#define NAME(e, name, help) name,
	THEME_ROLE_LIST(NAME)
#undef NAME
};

const char *theme_role_name(enum theme_role r)
{
	return r < ROLE_COUNT ? role_names[r] : "";
}

#define D THEME_COLOR_DEFAULT
/* The monochrome look, which every theme starts from. */
static const struct theme_style baseline[ROLE_COUNT] = {
	[ROLE_NORMAL] = {D, D, 0},
	[ROLE_TITLE] = {D, D, TA_REVERSE | TA_BOLD},
	[ROLE_HEADING] = {D, D, TA_BOLD},
	[ROLE_LABEL] = {D, D, 0},
	[ROLE_VALUE] = {D, D, TA_BOLD},
	[ROLE_HINT] = {D, D, TA_DIM},
	[ROLE_FOCUS] = {D, D, TA_REVERSE},
	[ROLE_SELECTED] = {D, D, TA_REVERSE | TA_BOLD},
	[ROLE_MARKER] = {D, D, TA_BOLD},
	[ROLE_SHORTCUT] = {D, D, TA_UNDERLINE | TA_BOLD},
	[ROLE_KEY] = {D, D, TA_BOLD},
	[ROLE_ERROR] = {D, D, TA_BOLD},
	[ROLE_STATUS] = {D, D, TA_REVERSE},
	[ROLE_BORDER] = {D, D, 0},
	[ROLE_DIALOG] = {D, D, 0},
	[ROLE_GRID_FREE] = {D, D, 0},
	[ROLE_GRID_BOOKED] = {D, D, TA_BOLD},
	[ROLE_GRID_TURNAROUND] = {D, D, 0},
	[ROLE_GRID_VOID] = {D, D, TA_BOLD},
};
#undef D

struct themes {
	size_t n;
	struct theme *v;
};

static const struct {
	const char *name;
	short n;
} colours[] = {
	{"default", THEME_COLOR_DEFAULT}, {"black", 0}, {"red", 1}, {"green", 2},
	{"yellow", 3}, {"blue", 4}, {"magenta", 5}, {"cyan", 6}, {"white", 7},
	{"bright-black", 8}, {"bright-red", 9}, {"bright-green", 10}, {"bright-yellow", 11},
	{"bright-blue", 12}, {"bright-magenta", 13}, {"bright-cyan", 14}, {"bright-white", 15},
};

static const struct {
	const char *name;
	unsigned bit;
} attr_names[] = {
	{"bold", TA_BOLD}, {"dim", TA_DIM}, {"underline", TA_UNDERLINE},
	{"reverse", TA_REVERSE}, {"standout", TA_STANDOUT}, {"italic", TA_ITALIC},
};

static int parse_colour(const char *file, const struct ynode *v, short *out,
			struct strbuf *err)
{
	size_t i;
	long n;

	if (v->type == YN_SCALAR) {
		for (i = 0; i < sizeof colours / sizeof colours[0]; i++)
			if (!strcmp(v->str, colours[i].name)) {
				*out = colours[i].n;
				return 0;
			}
		if (yscalar_long(v, &n) && n >= 0 && n <= 255) {
			*out = (short)n;
			return 0;
		}
	}
	yerr(err, file, v,
	     "'%s' is not a colour (default, black, red, green, yellow, blue, magenta, cyan, "
	     "white, bright-black .. bright-white, or 0..255)",
	     v->type == YN_SCALAR ? v->str : "?");
	return -1;
}

static int parse_attr(const char *file, const struct ynode *v, unsigned *out,
		      struct strbuf *err)
{
	size_t i;

	if (v->type == YN_SCALAR)
		for (i = 0; i < sizeof attr_names / sizeof attr_names[0]; i++)
			if (!strcmp(v->str, attr_names[i].name)) {
				*out |= attr_names[i].bit;
				return 0;
			}
	yerr(err, file, v,
	     "'%s' is not an attribute (bold, dim, underline, reverse, standout, italic)",
	     v->type == YN_SCALAR ? v->str : "?");
	return -1;
}

static int parse_style(const char *file, const char *role, const struct ynode *map,
		       struct theme_style *st, struct strbuf *err)
{
	size_t i, j;

	if (map->type != YN_MAP) {
		yerr(err, file, map, "role '%s' must be a map with fg, bg and attrs", role);
		return -1;
	}
	*st = (struct theme_style){THEME_COLOR_DEFAULT, THEME_COLOR_DEFAULT, 0};
	for (i = 0; i < map->len; i++) {
		const struct ynode *k = map->items[2 * i], *v = map->items[2 * i + 1];

		if (k->type != YN_SCALAR) {
			yerr(err, file, k, "expected fg, bg or attrs");
			return -1;
		}
		if (!strcmp(k->str, "fg")) {
			if (parse_colour(file, v, &st->fg, err))
				return -1;
		} else if (!strcmp(k->str, "bg")) {
			if (parse_colour(file, v, &st->bg, err))
				return -1;
		} else if (!strcmp(k->str, "attrs")) {
			if (v->type == YN_SEQ) {
				for (j = 0; j < v->len; j++)
					if (parse_attr(file, v->items[j], &st->attrs, err))
						return -1;
			} else if (v->type == YN_SCALAR && (!v->str[0] || !strcmp(v->str, "none"))) {
				st->attrs = 0;
			} else if (parse_attr(file, v, &st->attrs, err)) {
				return -1;
			}
		} else {
			yerr(err, file, k, "unknown key '%s' in role '%s' (expected fg, bg, attrs)",
			     k->str, role);
			return -1;
		}
	}
	return 0;
}

static int parse_theme(const char *file, const struct ynode *name, const struct ynode *map,
		       struct theme *t, struct strbuf *err)
{
	bool seen[ROLE_COUNT] = {false};
	size_t i;
	int r;

	if (strlen(name->str) >= sizeof t->name) {
		yerr(err, file, name, "theme name '%s' is too long", name->str);
		return -1;
	}
	memset(t, 0, sizeof *t);
	snprintf(t->name, sizeof t->name, "%s", name->str);
	memcpy(t->role, baseline, sizeof baseline);
	if (map->type != YN_MAP) {
		yerr(err, file, map, "theme '%s' must be a map of role: {fg, bg, attrs}", name->str);
		return -1;
	}
	for (i = 0; i < map->len; i++) {
		const struct ynode *k = map->items[2 * i];

		for (r = 0; r < ROLE_COUNT; r++)
			if (k->type == YN_SCALAR && !strcmp(k->str, role_names[r]))
				break;
		if (r == ROLE_COUNT) {
			struct strbuf known = STRBUF_INIT;
			int j;

			for (j = 0; j < ROLE_COUNT; j++)
				sb_addf(&known, "%s%s", j ? ", " : "", role_names[j]);
			yerr(err, file, k, "unknown role '%s' in theme '%s' (known: %s)",
			     k->type == YN_SCALAR ? k->str : "?", name->str, known.buf);
			sb_release(&known);
			return -1;
		}
		if (seen[r]) {
			yerr(err, file, k, "role '%s' appears twice in theme '%s'", k->str, name->str);
			return -1;
		}
		seen[r] = true;
		if (parse_style(file, k->str, map->items[2 * i + 1], &t->role[r], err))
			return -1;
	}
	return 0;
}

static int load_tree(const char *file, const struct ynode *root, struct themes **out,
		     struct strbuf *err)
{
	struct themes *ts;
	size_t i, j;

	*out = NULL;
	if (root->type != YN_MAP) {
		yerr(err, file, root, "a themes file must be a map of theme names");
		return -1;
	}
	ts = calloc(1, sizeof *ts);
	if (!ts || (root->len && !(ts->v = calloc(root->len, sizeof *ts->v)))) {
		sb_addf(err, "%s: out of memory", file);
		free(ts);
		return -1;
	}
	for (i = 0; i < root->len; i++) {
		const struct ynode *k = root->items[2 * i];

		if (k->type != YN_SCALAR) {
			yerr(err, file, k, "theme names must be plain words");
			themes_free(&ts);
			return -1;
		}
		for (j = 0; j < ts->n; j++)
			if (!strcmp(ts->v[j].name, k->str)) {
				yerr(err, file, k, "theme '%s' is defined twice", k->str);
				themes_free(&ts);
				return -1;
			}
		if (parse_theme(file, k, root->items[2 * i + 1], &ts->v[ts->n], err)) {
			themes_free(&ts);
			return -1;
		}
		ts->n++;
	}
	*out = ts;
	return 0;
}

int themes_load_string(const char *name, const char *text, size_t len, struct themes **out,
		       struct strbuf *err)
{
	struct ynode *root = NULL;
	int rc;

	*out = NULL;
	if (ytree_load_string(name, text, len, &root, err))
		return -1;
	rc = load_tree(name, root, out, err);
	ytree_free(&root);
	return rc;
}

int themes_load_file(const char *path, struct themes **out, struct strbuf *err)
{
	struct ynode *root = NULL;
	int rc;

	*out = NULL;
	if (ytree_load_file(path, &root, err))
		return -1;
	rc = load_tree(path, root, out, err);
	ytree_free(&root);
	return rc;
}

void themes_free(struct themes **ts)
{
	if (!ts || !*ts)
		return;
	free((*ts)->v);
	free(*ts);
	*ts = NULL;
}

static const struct theme *find(const struct themes *ts, const char *name)
{
	size_t i;

	for (i = 0; ts && i < ts->n; i++)
		if (!strcmp(ts->v[i].name, name))
			return &ts->v[i];
	return NULL;
}

int theme_pick(const struct themes *ts, const char *name, bool no_color, bool has_colors,
	       struct theme *out, struct strbuf *err)
{
	const struct theme *t;
	int r;

	if (!name || !*name)
		name = "default";
	if (no_color || !has_colors)
		name = "monochrome";
	t = find(ts, name);
	if (t) {
		*out = *t;
	} else if (!strcmp(name, "monochrome")) {
		memset(out, 0, sizeof *out);
		snprintf(out->name, sizeof out->name, "monochrome");
		memcpy(out->role, baseline, sizeof baseline);
	} else {
		sb_addf(err, "theme '%s' is not defined in the themes file", name);
		return -1;
	}
	if (!strcmp(name, "monochrome")) {
		out->monochrome = true;
		for (r = 0; r < ROLE_COUNT; r++)
			out->role[r].fg = out->role[r].bg = THEME_COLOR_DEFAULT;
	}
	return 0;
}
