/* cmd_catalogue.c: `caseterm catalogue import FILE...|list`: load catalogue
 * entries (find-and-refer JSON, one entry a file) and show what is loaded. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue/catalogue.h"
#include "cmd/cmd.h"
#include "db/db.h"
#include "store/catalogue_store.h"
#include "util/sanitize.h"

static int usage(void)
{
	fputs("usage: caseterm catalogue import FILE...\n"
	      "       caseterm catalogue list\n", stderr);
	return 2;
}

/* Prints each line of problems to stderr (they already say "file: field: ..."). */
static void report(const char *text)
{
	char *clean = text_sanitize(text, SAN_KEEP_NEWLINES);

	fputs(clean ? clean : text, stderr);
	free(clean);
}

struct seen {
	char **id, **file;
	size_t n, alloc;
};

/* The file that already brought this uuid in this run, or NULL (and notes it). */
static const char *seen_before(struct seen *s, const char *id, const char *file)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->id[i], id))
			return s->file[i];
	if (s->n == s->alloc) {
		size_t na = s->alloc ? s->alloc * 2 : 64;
		char **a = realloc(s->id, na * sizeof *a), **b;

		if (!a)
			return NULL;
		s->id = a;
		b = realloc(s->file, na * sizeof *b);
		if (!b)
			return NULL;
		s->file = b;
		s->alloc = na;
	}
	s->id[s->n] = strdup(id);
	s->file[s->n] = strdup(file);
	if (s->id[s->n] && s->file[s->n])
		s->n++;
	else {
		free(s->id[s->n]);
		free(s->file[s->n]);
	}
	return NULL;
}

static void seen_release(struct seen *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->id[i]);
		free(s->file[i]);
	}
	free(s->id);
	free(s->file);
}

static int import(PGconn *db, int nfiles, char **files)
{
	struct strbuf text = STRBUF_INIT, problems = STRBUF_INIT, err = STRBUF_INIT, id = STRBUF_INIT;
	struct seen seen = {NULL, NULL, 0, 0};
	int i, created = 0, updated = 0, invalid = 0;
	enum ct_status fatal = CT_OK;

	for (i = 0; i < nfiles && fatal == CT_OK; i++) {
		const char *file = files[i];
		struct cat_def def;
		enum ct_status rc;
		bool is_new = false;
		const char *other;

		sb_reset(&text);
		sb_reset(&problems);
		sb_reset(&err);
		if (sb_read_file(&text, file)) {
			fprintf(stderr, "%s: file: cannot read: %s\n", file, strerror(errno));
			invalid++;
			continue;
		}
		rc = cat_def_parse(text.buf, text.len, file, &def, &problems);
		if (rc == CT_NOMEM) {
			fatal = rc;
			break;
		}
		if (rc != CT_OK) {
			report(problems.buf);
			invalid++;
			continue;
		}
		if (def.id && (other = seen_before(&seen, def.id, file))) {
			fprintf(stderr, "%s: uuid: the same uuid as %s\n", file, other);
			cat_def_release(&def);
			invalid++;
			continue;
		}
		rc = catalogue_store_upsert(db, &def, &is_new, &id, &err);
		cat_def_release(&def);
		if (rc == CT_OK) {
			if (is_new)
				created++;
			else
				updated++;
		} else if (rc == CT_CONFLICT) {
			sb_addc(&err, '\n');
			fprintf(stderr, "%s: ", file);
			report(err.buf);
			invalid++;
		} else {
			fprintf(stderr, "%s: ", file);
			sb_addc(&err, '\n');
			report(err.buf);
			invalid++;
			if (PQstatus(db) != CONNECTION_OK)
				fatal = CT_DB;
		}
	}
	if (fatal == CT_NOMEM)
		fputs("caseterm: catalogue: out of memory\n", stderr);
	if (created + updated > 0 && fatal == CT_OK) {
		sb_reset(&err);
		if (catalogue_store_analyze(db, &err) != CT_OK)
			fprintf(stderr, "caseterm: catalogue: imported, but the statistics were not "
					"refreshed (searches may be slower until autovacuum runs): %s\n",
				err.buf);
	}
	printf("catalogue: %d of %d file%s imported (%d new, %d updated)%s\n", created + updated,
	       nfiles, nfiles == 1 ? "" : "s", created, updated,
	       invalid ? ", some files have problems (see above)" : "");
	sb_release(&text);
	sb_release(&problems);
	sb_release(&err);
	sb_release(&id);
	seen_release(&seen);
	if (fatal != CT_OK)
		return ct_status_exit_code(fatal);
	return invalid ? 1 : 0;
}

static void settings_text(struct strbuf *b, unsigned settings)
{
	int s, n = 0;

	for (s = 0; s < CAT_SETTING_COUNT; s++)
		if (settings & (1u << s)) {
			if (n++)
				sb_addc(b, ',');
			sb_adds(b, cat_setting_db((enum cat_setting)s));
		}
	if (!n)
		sb_addc(b, '-');
}

static int list(PGconn *db)
{
	struct strbuf err = STRBUF_INIT, line = STRBUF_INIT;
	struct catalogue *cat = NULL;
	enum ct_status rc = catalogue_store_load(db, &cat, &err);
	unsigned per_type[CAT_TYPE_COUNT] = {0};
	struct cat_view view;
	size_t i;

	if (rc != CT_OK) {
		fprintf(stderr, "caseterm: %s\n", err.len ? err.buf : ct_status_message(rc));
		sb_release(&err);
		return ct_status_exit_code(rc);
	}
	if (cat_view_init(&view, cat) || cat_view_update(&view, "", NULL, CAT_SORT_TYPE, NULL)) {
		fputs("caseterm: catalogue: out of memory\n", stderr);
		cat_view_release(&view);
		cat_free(&cat);
		sb_release(&err);
		return ct_status_exit_code(CT_NOMEM);
	}
	printf("%-8s  %-20s  %-36s  %s\n", "TYPE", "SETTINGS", "ID", "NAME");
	for (i = 0; i < view.n; i++) {
		const struct cat_def *d = cat_entry(cat, view.rows[i]);
		char *name = text_sanitize(d->name, SAN_SINGLE_LINE);

		sb_reset(&line);
		settings_text(&line, d->settings);
		printf("%-8s  %-20s  %-36s  %s\n", cat_type_db(d->type), line.buf, d->id ? d->id : "-",
		       name ? name : "?");
		free(name);
		per_type[d->type]++;
	}
	printf("%zu entries (ACP %u, CRS %u, SI %u, TOOLKITS %u)\n", cat_count(cat),
	       per_type[CAT_TYPE_ACP], per_type[CAT_TYPE_CRS], per_type[CAT_TYPE_SI],
	       per_type[CAT_TYPE_TOOLKITS]);
	cat_view_release(&view);
	cat_free(&cat);
	sb_release(&err);
	sb_release(&line);
	return 0;
}

int cmd_catalogue(const struct ct_config *cfg, int argc, char **argv)
{
	struct strbuf err = STRBUF_INIT;
	PGconn *db;
	int rc;

	if (argc < 2)
		return usage();
	if (!strcmp(argv[1], "import")) {
		if (argc < 3)
			return usage();
	} else if (strcmp(argv[1], "list") || argc != 2) {
		return usage();
	}
	db = db_connect(cfg, &err);
	if (!db) {
		fprintf(stderr, "caseterm: cannot connect to the database: %s\n", err.buf);
		sb_release(&err);
		return ct_status_exit_code(CT_DB);
	}
	rc = !strcmp(argv[1], "list") ? list(db) : import(db, argc - 2, argv + 2);
	PQfinish(db);
	sb_release(&err);
	return rc;
}
