/* form_check.c: validate every form definition in a folder (for
 * `caseterm forms check` and the tests). */
#include "forms/form.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/ytree.h"

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_yaml(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > 5 && !strcmp(name + n - 5, ".yaml");
}

struct seen_form {
	char *id;
	char *path;
};

enum ct_status form_check_dir(const char *dir, struct strbuf *err, size_t *files, size_t *bad)
{
	struct strbuf path = STRBUF_INIT;
	struct seen_form *seen = NULL;
	char **names = NULL, **grown;
	size_t n = 0, cap = 0, i, j, nseen = 0;
	struct dirent *de;
	struct form *f;
	enum ct_status st, rc = CT_OK;
	DIR *d;

	*files = *bad = 0;
	d = opendir(dir);
	if (!d) {
		sb_addf(err, "%s: cannot read the folder: %s\n", dir, strerror(errno));
		return CT_USAGE;
	}
	while ((de = readdir(d))) {
		if (!is_yaml(de->d_name))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			grown = realloc(names, cap * sizeof *names);
			if (!grown) {
				rc = CT_NOMEM;
				break;
			}
			names = grown;
		}
		if (!(names[n] = strdup(de->d_name))) {
			rc = CT_NOMEM;
			break;
		}
		n++;
	}
	closedir(d);
	if (rc == CT_OK) {
		if (n)
			qsort(names, n, sizeof *names, cmp_names);
		seen = calloc(n ? n : 1, sizeof *seen);
		if (!seen)
			rc = CT_NOMEM;
	}
	for (i = 0; rc == CT_OK && i < n; i++) {
		sb_reset(&path);
		sb_addf(&path, "%s/%s", dir, names[i]);
		(*files)++;
		st = form_load_file(path.buf, &f, err);
		if (st == CT_NOMEM) {
			rc = CT_NOMEM;
			break;
		}
		if (st != CT_OK) {
			(*bad)++;
			continue;
		}
		for (j = 0; j < nseen; j++) {
			if (!strcmp(seen[j].id, f->id)) {
				const struct ynode *at = ymap_get(f->doc, "id");

				sb_addf(err, "%s:%u:%u: form id '%s' is also used by %s\n", path.buf,
					at ? at->line : 1, at ? at->col : 1, f->id, seen[j].path);
				(*bad)++;
				break;
			}
		}
		if (j == nseen) {
			seen[nseen].id = strdup(f->id);
			seen[nseen].path = strdup(path.buf);
			if (!seen[nseen].id || !seen[nseen].path) {
				free(seen[nseen].id);
				free(seen[nseen].path);
				rc = CT_NOMEM;
			} else {
				nseen++;
			}
		}
		form_free(&f);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	for (i = 0; i < nseen; i++) {
		free(seen[i].id);
		free(seen[i].path);
	}
	free(seen);
	sb_release(&path);
	if (rc != CT_OK)
		return rc;
	return *bad ? CT_ERR : CT_OK;
}
