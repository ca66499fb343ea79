/* cmd.c: the table of subcommands. */
#include "cmd/cmd.h"

#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	int (*run)(const struct ct_config *, int, char **);
} commands[] = {
	{"check", cmd_check},
	{"migrate", cmd_migrate},
	{"outbox", cmd_outbox},
	{"forms", cmd_forms},
	{"lookup", cmd_lookup},
	{"catalogue", cmd_catalogue},
	{"report", cmd_report},
};

int cmd_dispatch(const struct ct_config *cfg, const char *name, int argc, char **argv)
{
	size_t i;

	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (!strcmp(commands[i].name, name))
			return commands[i].run(cfg, argc, argv);
	fprintf(stderr, "caseterm: '%s' is not a command. Try 'caseterm --help'.\n", name);
	return 2;
}
