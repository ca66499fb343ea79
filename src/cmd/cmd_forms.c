/* cmd_forms.c: `caseterm forms check [DIR|FILE]...`: validate form definitions. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/cmd.h"
#include "forms/form.h"

static void forms_usage(FILE *out)
{
	fputs("Usage: caseterm forms check [DIR|FILE]...\n"
	      "Checks every form definition (*.yaml) in each DIR (default: the forms\n"
	      "folder of the configuration) and prints each problem as\n"
	      "file:line:column: message.\n"
	      "Exit status: 0 when all are valid, 1 when any is not, 2 on usage error.\n",
	      out);
}

/* Checks one folder or file; returns 0 valid, 1 invalid, 2 unreadable. */
static int check_one(const char *path, size_t *files, size_t *bad)
{
	struct strbuf err = STRBUF_INIT;
	struct form *f = NULL;
	enum ct_status st;
	struct stat sb;
	size_t nf = 0, nb = 0;

	if (stat(path, &sb)) {
		fprintf(stderr, "caseterm: forms check: %s: no such file or folder\n", path);
		return 2;
	}
	if (S_ISDIR(sb.st_mode)) {
		st = form_check_dir(path, &err, &nf, &nb);
	} else {
		nf = 1;
		st = form_load_file(path, &f, &err);
		nb = st != CT_OK;
		form_free(&f);
	}
	fputs(err.buf, st == CT_USAGE ? stderr : stdout);
	sb_release(&err);
	*files += nf;
	*bad += nb;
	if (st == CT_USAGE)
		return 2;
	if (st == CT_NOMEM) {
		fputs("caseterm: forms check: out of memory\n", stderr);
		return 1;
	}
	if (S_ISDIR(sb.st_mode) && !nf) {
		fprintf(stderr, "caseterm: forms check: %s holds no form definitions (*.yaml)\n",
			path);
		return 1;
	}
	return st == CT_OK ? 0 : 1;
}

int cmd_forms(const struct ct_config *cfg, int argc, char **argv)
{
	size_t files = 0, bad = 0;
	int i, rc = 0, r;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		forms_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "check")) {
		fprintf(stderr, "caseterm: forms: '%s' is not a forms command\n", argv[1]);
		forms_usage(stderr);
		return 2;
	}
	for (i = 2; i < argc; i++) {
		if (argv[i][0] == '-') {
			fprintf(stderr, "caseterm: forms check: unknown option '%s'\n", argv[i]);
			return 2;
		}
	}
	if (argc == 2) {
		rc = check_one(cfg->forms_dir, &files, &bad);
	} else {
		for (i = 2; i < argc; i++) {
			r = check_one(argv[i], &files, &bad);
			if (r > rc)
				rc = r;
		}
	}
	if (rc != 2)
		printf("%zu form%s checked, %zu with problems\n", files, files == 1 ? "" : "s", bad);
	fflush(stdout);
	return rc;
}
