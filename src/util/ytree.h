/* ytree.h: a YAML document loaded (with libyaml) into a small tree whose every
 * node knows its line and column, so that callers can report
 * "file:line:column: what is wrong".
 *
 * Ownership: ytree_load_* gives the caller a root that ytree_free() frees with
 * every node and string below it.  Anchors and aliases are refused. */
#ifndef CASETERM_YTREE_H
#define CASETERM_YTREE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"

enum ynode_type { YN_SCALAR, YN_MAP, YN_SEQ };

struct ynode {
	enum ynode_type type;
	unsigned line, col;      /* 1-based position of the node's start */
	char *str;               /* scalar text; NULL for maps and sequences */
	bool quoted;             /* scalar was written in quotes */
	size_t len;              /* items in a sequence, pairs in a map */
	struct ynode **items;    /* sequence: items[i]; map: key items[2i], value items[2i+1] */
};

/* Loads the first document of a file.  An empty file gives an empty map.
 * Returns 0, or -1 with "name:line:col: message" appended to err. */
int ytree_load_file(const char *path, struct ynode **root, struct strbuf *err);
int ytree_load_string(const char *name, const char *text, size_t len,
		      struct ynode **root, struct strbuf *err);
void ytree_free(struct ynode **root);

/* Returns the value for key in a map, or NULL. */
const struct ynode *ymap_get(const struct ynode *map, const char *key);
/* Appends "name:line:col: " + printf text to err. */
void yerr(struct strbuf *err, const char *name, const struct ynode *at,
	  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Scalar helpers: return true and set *out when n is a scalar of that kind. */
bool yscalar_bool(const struct ynode *n, bool *out);
bool yscalar_long(const struct ynode *n, long *out);

#endif
