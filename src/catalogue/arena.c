/* arena.c: a bump allocator for catalogue definitions, freed in one call. */
#include <stdlib.h>
#include <string.h>

#include "catalogue/catalogue.h"

#define CHUNK_MIN 16384

struct chunk {
	struct chunk *next;
	size_t used, size;
	max_align_t data[];
};

struct cat_arena {
	struct chunk *head;
};

struct cat_arena *cat_arena_new(void)
{
	return calloc(1, sizeof(struct cat_arena));
}

void cat_arena_free(struct cat_arena **a)
{
	struct chunk *c, *next;

	if (!a || !*a)
		return;
	for (c = (*a)->head; c; c = next) {
		next = c->next;
		free(c);
	}
	free(*a);
	*a = NULL;
}

void *cat_arena_alloc(struct cat_arena *a, size_t size)
{
	const size_t align = sizeof(max_align_t);
	struct chunk *c = a->head;
	void *p;

	if (size == 0)
		size = 1;
	if (size > (size_t)-1 / 2)
		return NULL;
	size = (size + align - 1) / align * align;
	if (!c || c->size - c->used < size) {
		size_t want = size > CHUNK_MIN ? size : CHUNK_MIN;

		c = malloc(sizeof(*c) + want);
		if (!c)
			return NULL;
		c->used = 0;
		c->size = want;
		c->next = a->head;
		a->head = c;
	}
	p = (char *)c->data + c->used;
	c->used += size;
	memset(p, 0, size);
	return p;
}

char *cat_arena_strndup(struct cat_arena *a, const char *s, size_t len)
{
	char *p;

	if (!s)
		return NULL;
	if (len == (size_t)-1)
		len = strlen(s);
	p = cat_arena_alloc(a, len + 1);
	if (!p)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *cat_arena_strdup(struct cat_arena *a, const char *s)
{
	return cat_arena_strndup(a, s, (size_t)-1);
}
