/* ui_placeholder.c: replaced by the real TUI shell. */
#include "ui/ui.h"

int ui_run(const struct ct_config *cfg, PGconn *db, const struct ui_options *opt,
	   struct strbuf *err)
{
	(void)cfg; (void)db; (void)opt;
	sb_adds(err, "the terminal interface is not built yet");
	return 1;
}
