/* cmd.h: the subcommands that run without the TUI (for support engineers
 * over SSH and for scripts).  Each returns the process exit status and prints
 * its own messages. */
#ifndef CASETERM_CMD_H
#define CASETERM_CMD_H

#include "config/config.h"

/* Runs argv[0] as a command.  Unknown commands print a message, exit 2. */
int cmd_dispatch(const struct ct_config *cfg, const char *name, int argc, char **argv);

int cmd_check(const struct ct_config *cfg, int argc, char **argv);
int cmd_migrate(const struct ct_config *cfg, int argc, char **argv);
int cmd_outbox(const struct ct_config *cfg, int argc, char **argv);
int cmd_forms(const struct ct_config *cfg, int argc, char **argv);
int cmd_lookup(const struct ct_config *cfg, int argc, char **argv);
int cmd_catalogue(const struct ct_config *cfg, int argc, char **argv);
int cmd_report(const struct ct_config *cfg, int argc, char **argv);

#endif
