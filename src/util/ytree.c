/* ytree.c: libyaml event stream -> positioned node tree. */
#include "util/ytree.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

void yerr(struct strbuf *err, const char *name, const struct ynode *at,
	  const char *fmt, ...)
{
	va_list ap;

	sb_addf(err, "%s:%u:%u: ", name, at ? at->line : 1, at ? at->col : 1);
	va_start(ap, fmt);
	sb_vaddf(err, fmt, ap);
	va_end(ap);
}

static void node_free(struct ynode *n)
{
	size_t i, count;

	if (!n)
		return;
	count = n->type == YN_MAP ? n->len * 2 : n->len;
	for (i = 0; i < count; i++)
		node_free(n->items[i]);
	free(n->items);
	free(n->str);
	free(n);
}

void ytree_free(struct ynode **root)
{
	if (!root)
		return;
	node_free(*root);
	*root = NULL;
}

static struct ynode *node_new(enum ynode_type t, const yaml_mark_t *m)
{
	struct ynode *n = calloc(1, sizeof *n);

	if (n) {
		n->type = t;
		n->line = (unsigned)m->line + 1;
		n->col = (unsigned)m->column + 1;
	}
	return n;
}

struct builder {
	yaml_parser_t parser;
	const char *name;
	struct strbuf *err;
};

/* Parses one node whose first event is ev (owned by the caller). */
static struct ynode *parse_node(struct builder *b, yaml_event_t *ev, int depth);

static int next_event(struct builder *b, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&b->parser, ev)) {
		sb_addf(b->err, "%s:%lu:%lu: %s", b->name,
			(unsigned long)b->parser.problem_mark.line + 1,
			(unsigned long)b->parser.problem_mark.column + 1,
			b->parser.problem ? b->parser.problem : "malformed YAML");
		if (b->parser.context)
			sb_addf(b->err, " (%s)", b->parser.context);
		return -1;
	}
	return 0;
}

static int append_child(struct ynode *n, size_t *cap, size_t *count, struct ynode *c)
{
	struct ynode **p;

	if (*count == *cap) {
		size_t nc = *cap ? *cap * 2 : 8;

		p = realloc(n->items, nc * sizeof *p);
		if (!p)
			return -1;
		n->items = p;
		*cap = nc;
	}
	n->items[(*count)++] = c;
	return 0;
}

static struct ynode *parse_collection(struct builder *b, yaml_event_t *start,
				      enum ynode_type t, int depth)
{
	yaml_event_type_t end = t == YN_MAP ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT;
	struct ynode *n = node_new(t, &start->start_mark), *c;
	size_t cap = 0, count = 0, i;
	yaml_event_t ev;

	if (!n)
		goto nomem;
	for (;;) {
		if (next_event(b, &ev))
			goto fail;
		if (ev.type == end) {
			yaml_event_delete(&ev);
			break;
		}
		c = parse_node(b, &ev, depth + 1);
		yaml_event_delete(&ev);
		if (!c)
			goto fail;
		if (t == YN_MAP && count % 2 == 0) {
			if (c->type != YN_SCALAR) {
				yerr(b->err, b->name, c, "a key must be plain text");
				node_free(c);
				goto fail;
			}
			for (i = 0; i < count; i += 2) {
				if (!strcmp(n->items[i]->str, c->str)) {
					yerr(b->err, b->name, c, "duplicate key '%s' (first at line %u)",
					     c->str, n->items[i]->line);
					node_free(c);
					goto fail;
				}
			}
		}
		if (append_child(n, &cap, &count, c)) {
			node_free(c);
			goto nomem;
		}
	}
	n->len = t == YN_MAP ? count / 2 : count;
	return n;
nomem:
	sb_addf(b->err, "%s: out of memory", b->name);
fail:
	if (n)
		n->len = t == YN_MAP ? count / 2 : count;
	if (n && t == YN_MAP && count % 2) {
		node_free(n->items[count - 1]);
	}
	node_free(n);
	return NULL;
}

static struct ynode *parse_node(struct builder *b, yaml_event_t *ev, int depth)
{
	struct ynode *n;

	if (depth > 64) {
		sb_addf(b->err, "%s:%lu:%lu: nested too deeply", b->name,
			(unsigned long)ev->start_mark.line + 1,
			(unsigned long)ev->start_mark.column + 1);
		return NULL;
	}
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		n = node_new(YN_SCALAR, &ev->start_mark);
		if (!n)
			break;
		n->str = malloc(ev->data.scalar.length + 1);
		if (!n->str) {
			free(n);
			n = NULL;
			break;
		}
		memcpy(n->str, ev->data.scalar.value, ev->data.scalar.length);
		n->str[ev->data.scalar.length] = '\0';
		n->len = 0;
		n->quoted = ev->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
			    ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE ||
			    ev->data.scalar.style == YAML_LITERAL_SCALAR_STYLE ||
			    ev->data.scalar.style == YAML_FOLDED_SCALAR_STYLE;
		return n;
	case YAML_MAPPING_START_EVENT:
		return parse_collection(b, ev, YN_MAP, depth);
	case YAML_SEQUENCE_START_EVENT:
		return parse_collection(b, ev, YN_SEQ, depth);
	case YAML_ALIAS_EVENT:
		sb_addf(b->err, "%s:%lu:%lu: aliases (*name) are not supported", b->name,
			(unsigned long)ev->start_mark.line + 1,
			(unsigned long)ev->start_mark.column + 1);
		return NULL;
	default:
		sb_addf(b->err, "%s:%lu:%lu: unexpected YAML event", b->name,
			(unsigned long)ev->start_mark.line + 1,
			(unsigned long)ev->start_mark.column + 1);
		return NULL;
	}
	sb_addf(b->err, "%s: out of memory", b->name);
	return NULL;
}

int ytree_load_string(const char *name, const char *text, size_t len,
		      struct ynode **root, struct strbuf *err)
{
	struct builder b = {.name = name, .err = err};
	yaml_event_t ev;
	struct ynode *n = NULL;
	int rc = -1;

	*root = NULL;
	if (!yaml_parser_initialize(&b.parser)) {
		sb_addf(err, "%s: out of memory", name);
		return -1;
	}
	yaml_parser_set_input_string(&b.parser, (const unsigned char *)text, len);
	for (;;) {
		if (next_event(&b, &ev))
			goto out;
		if (ev.type == YAML_STREAM_END_EVENT || ev.type == YAML_DOCUMENT_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		if (ev.type == YAML_STREAM_START_EVENT || ev.type == YAML_DOCUMENT_START_EVENT) {
			yaml_event_delete(&ev);
			continue;
		}
		if (ev.type == YAML_SCALAR_EVENT || ev.type == YAML_MAPPING_START_EVENT ||
		    ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_ALIAS_EVENT) {
			if (n) {
				yaml_event_delete(&ev);
				break;
			}
			n = parse_node(&b, &ev, 0);
			yaml_event_delete(&ev);
			if (!n)
				goto out;
			continue;
		}
		yaml_event_delete(&ev);
	}
	if (!n) {
		yaml_mark_t m = {0, 0, 0};

		n = node_new(YN_MAP, &m);
		if (!n) {
			sb_addf(err, "%s: out of memory", name);
			goto out;
		}
	}
	*root = n;
	n = NULL;
	rc = 0;
out:
	node_free(n);
	yaml_parser_delete(&b.parser);
	return rc;
}

int ytree_load_file(const char *path, struct ynode **root, struct strbuf *err)
{
	struct strbuf text = STRBUF_INIT;
	int rc;

	*root = NULL;
	if (sb_read_file(&text, path)) {
		sb_addf(err, "%s:1:1: cannot read: %s", path, strerror(errno));
		sb_release(&text);
		return -1;
	}
	rc = ytree_load_string(path, text.buf, text.len, root, err);
	sb_release(&text);
	return rc;
}

const struct ynode *ymap_get(const struct ynode *map, const char *key)
{
	size_t i;

	if (!map || map->type != YN_MAP)
		return NULL;
	for (i = 0; i < map->len; i++)
		if (!strcmp(map->items[2 * i]->str, key))
			return map->items[2 * i + 1];
	return NULL;
}

bool yscalar_bool(const struct ynode *n, bool *out)
{
	static const char *yes[] = {"true", "yes", "on"}, *no[] = {"false", "no", "off"};
	size_t i;

	if (!n || n->type != YN_SCALAR || n->quoted)
		return false;
	for (i = 0; i < 3; i++) {
		if (!strcasecmp(n->str, yes[i])) {
			*out = true;
			return true;
		}
		if (!strcasecmp(n->str, no[i])) {
			*out = false;
			return true;
		}
	}
	return false;
}

bool yscalar_long(const struct ynode *n, long *out)
{
	char *end;
	long v;

	if (!n || n->type != YN_SCALAR || n->quoted || !n->str[0])
		return false;
	errno = 0;
	v = strtol(n->str, &end, 10);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}
