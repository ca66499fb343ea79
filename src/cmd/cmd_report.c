/* cmd_report.c: `caseterm report NAME [--region R] --from D --to D [--csv]`:
 * the management reports, for managers and support engineers without the
 * TUI.  Runs as the database login, so row-level security decides what it
 * sees (an HPT assessor gets their own region whatever --region says).
 * Exit 0 done, 2 usage (unknown report, bad dates, more than 6 months),
 * 3 database unavailable, 1 any other failure.
 *
 * Reports are a table of names; an area adds its own with one line in
 * `reports` below and a runner that fills a struct cas3_table. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "db/db.h"
#include "store/cas3_report.h"
#include "store/cas3_store.h"
#include "store/supplier_store.h"
#include "util/sanitize.h"

typedef enum ct_status (*report_fn)(PGconn *db, int which, const char *region, const char *from,
				    const char *to, struct cas3_table *out, struct strbuf *err);

static enum ct_status run_cas3(PGconn *db, int which, const char *region, const char *from,
			       const char *to, struct cas3_table *out, struct strbuf *err)
{
	return cas3_report_run(db, (enum cas3_report)which, region, from, to, out, err);
}

/* The supplier performance report (interventions reference 7.1): no region
 * (a supplier gets their contracts), any window from 2021-06-01. */
static enum ct_status run_performance(PGconn *db, int which, const char *region, const char *from,
				      const char *to, struct cas3_table *out, struct strbuf *err)
{
	(void)which;
	(void)region;
	return supplier_performance_report(db, from, to, out, err);
}

static const struct report_def {
	const char *key;     /* NAME on the command line */
	const char *label;   /* heading of the text output */
	report_fn run;
	int which;
	bool any_window;     /* not limited to 6 months (the SQL checks the dates) */
} reports[] = {
#define CAS3_REPORT_DEF(name, key, label, fn) {key, label, run_cas3, CAS3_REPORT_##name, false},
	CAS3_REPORT_LIST(CAS3_REPORT_DEF)
#undef CAS3_REPORT_DEF
	{"performance", "Supplier performance", run_performance, 0, true},
};

enum { N_REPORTS = sizeof reports / sizeof reports[0] };

static void names(FILE *f)
{
	size_t i;

	for (i = 0; i < N_REPORTS; i++)
		fprintf(f, "%s%s", i ? ", " : "", reports[i].key);
	fputc('\n', f);
}

static int usage(void)
{
	fputs("usage: caseterm report NAME [--region R] --from YYYY-MM-DD --to YYYY-MM-DD [--csv]\n"
	      "NAME is one of: ", stderr);
	names(stderr);
	return 2;
}

static void help(void)
{
	fputs("usage: caseterm report NAME [--region R] --from YYYY-MM-DD --to YYYY-MM-DD [--csv]\n"
	      "Prints a management report for a region and a date range of at most 6 months\n"
	      "(performance: referrals sent to your contracts in any range from 2021-06-01).\n"
	      "NAME is one of: ", stdout);
	names(stdout);
	fputs("  --region R  the region's id (K, L, ...); left out: national (reporters),\n"
	      "              an HPT assessor always gets their own region\n"
	      "  --from D    first day of the report\n"
	      "  --to D      last day of the report (at most 6 months after --from)\n"
	      "  --csv       CSV with a header row instead of labelled text\n"
	      "Exit status: 0 done, 2 unknown report or dates not valid, 3 database\n"
	      "unavailable, 1 any other failure.\n",
	      stdout);
}

static const struct report_def *find(const char *key)
{
	size_t i;

	for (i = 0; key && i < N_REPORTS; i++)
		if (!strcmp(reports[i].key, key))
			return &reports[i];
	return NULL;
}

/* Prints s cleaned of control and escape sequences (it comes from the database). */
static void put_clean(const char *s)
{
	char *clean = text_sanitize(s ? s : "", SAN_SINGLE_LINE);

	fputs(clean ? clean : "", stdout);
	free(clean);
}

static int print_text(const struct report_def *def, const char *region, const char *from,
		      const char *to, const struct cas3_table *t)
{
	struct cas3_occupancy_bar *bars = NULL;
	struct strbuf bar = STRBUF_INIT;
	size_t i, j, nb = 0;

	printf("%s, %s, %s to %s: %zu row%s\n", def->label,
	       region && *region ? region : "national", from, to, t->nrows,
	       t->nrows == 1 ? "" : "s");
	if (def->run == run_cas3 && def->which == CAS3_REPORT_BED_OCCUPANCY &&
	    cas3_occupancy_bars(t, &bars, &nb) == CT_OK) {
		printf("Occupancy over the window: %.1f%%\n", cas3_occupancy_total(bars, nb));
		for (i = 0; i < nb; i++) {
			sb_reset(&bar);
			if (cas3_bar(bars[i].rate, 20, &bar))
				break;
			printf("  %s ", bar.buf);
			printf("%5s%% ", bars[i].rate_text ? bars[i].rate_text : "-");
			put_clean(bars[i].property);
			fputs(" bedspace ", stdout);
			put_clean(bars[i].bedspace);
			fputc('\n', stdout);
		}
		free(bars);
		sb_release(&bar);
	}
	for (i = 0; i < t->nrows; i++) {
		printf("\nRow %zu\n", i + 1);
		for (j = 0; j < t->ncols; j++) {
			const char *v = cas3_table_cell(t, i, j);

			printf("  %s: ", t->cols[j]);
			if (v)
				put_clean(v);
			fputc('\n', stdout);
		}
	}
	return 0;
}

int cmd_report(const struct ct_config *cfg, int argc, char **argv)
{
	const char *name = NULL, *region = NULL, *from = NULL, *to = NULL;
	const struct report_def *def;
	struct strbuf err = STRBUF_INIT, csv = STRBUF_INIT;
	struct cas3_table t = {0};
	enum ct_status st;
	bool as_csv = false;
	PGconn *db;
	int i, rc;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			help();
			return 0;
		} else if (!strcmp(a, "--csv")) {
			as_csv = true;
		} else if (!strcmp(a, "--region") || !strcmp(a, "--from") || !strcmp(a, "--to")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "caseterm: report: %s needs a value\n", a);
				return usage();
			}
			if (!strcmp(a, "--region"))
				region = argv[++i];
			else if (!strcmp(a, "--from"))
				from = argv[++i];
			else
				to = argv[++i];
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "caseterm: report: option '%s' is not known\n", a);
			return usage();
		} else if (!name) {
			name = a;
		} else {
			return usage();
		}
	}
	if (!name)
		return usage();
	def = find(name);
	if (!def) {
		char *clean = text_sanitize(name, SAN_SINGLE_LINE);

		fprintf(stderr, "caseterm: report: there is no report called '%s'.\n",
			clean ? clean : "?");
		free(clean);
		return usage();
	}
	if (def->any_window && (!from || !to)) {
		fputs("caseterm: report: give --from and --to\n", stderr);
		return usage();
	}
	if (!def->any_window && cas3_report_window(from, to, &err) != CT_OK) {
		fprintf(stderr, "caseterm: report: %s\n", err.buf);
		sb_release(&err);
		return ct_status_exit_code(CT_USAGE);
	}
	db = db_connect(cfg, &err);
	if (!db) {
		fprintf(stderr, "caseterm: cannot connect to the database: %s\n", err.buf);
		sb_release(&err);
		return ct_status_exit_code(CT_DB);
	}
	st = def->run(db, def->which, region, from, to, &t, &err);
	if (st != CT_OK) {
		char *clean = text_sanitize(err.buf, SAN_SINGLE_LINE);

		fprintf(stderr, "caseterm: report %s: %s\n", def->key,
			clean && *clean ? clean : ct_status_message(st));
		free(clean);
		rc = ct_status_exit_code(st);
		goto out;
	}
	if (as_csv) {
		if (cas3_table_csv(&t, &csv)) {
			rc = ct_status_exit_code(CT_NOMEM);
			goto out;
		}
		fwrite(csv.buf, 1, csv.len, stdout);
	} else {
		print_text(def, region, from, to, &t);
	}
	rc = fflush(stdout) ? ct_status_exit_code(CT_ERR) : 0;
out:
	cas3_table_release(&t);
	PQfinish(db);
	sb_release(&err);
	sb_release(&csv);
	return rc;
}
