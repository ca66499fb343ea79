/* config.h: caseterm's configuration, from one YAML file plus environment.
 *
 * Where the file is found: --config FILE, else $CASETERM_CONFIG, else
 * $XDG_CONFIG_HOME/caseterm/config.yaml (or ~/.config/...), else
 * /etc/caseterm/config.yaml, else built-in defaults.  libpq's own environment
 * (PGHOST, PGDATABASE, ...) applies when database.conninfo is empty.
 *
 * Ownership: config_load fills a struct the caller owns; config_release frees
 * every string in it. */
#ifndef CASETERM_CONFIG_H
#define CASETERM_CONFIG_H

#include <stdbool.h>

#include "util/status.h"
#include "util/strbuf.h"

struct ct_config {
	char *path;               /* file read, or NULL for built-in defaults */
	char *dir;                /* its folder, for relative paths; "." with none */
	char *db_conninfo;        /* "" = libpq environment */
	char *ndelius_url;
	char *oasys_url;
	char *auth_token_url;
	char *client_id;
	char *client_secret_file; /* path; the file must not be readable by others */
	char *client_secret;      /* inline secret: the config file must then be 0600 */
	long connect_timeout_ms;
	long timeout_ms;
	long retries;
	long cache_ttl_s;
	char *events_endpoint;
	char *theme;              /* default | high-contrast | monochrome */
	char *keymap;             /* resolved path of keymap.yaml */
	char *themes;             /* resolved path of themes.yaml */
	char *forms_dir;          /* resolved path of the forms folder */
	bool linear;
	char *log_file;           /* "" = no log */
};

/* Fills cfg with built-in defaults (no file). Returns CT_OK or CT_NOMEM. */
enum ct_status config_defaults(struct ct_config *cfg);
/* Finds and loads the configuration.  explicit_path is --config or NULL.
 * On error returns CT_CONFIG with "file:line:column: what is wrong" in err. */
enum ct_status config_load(const char *explicit_path, struct ct_config *cfg,
			   struct strbuf *err);
/* Loads exactly this file over the defaults (used by config_load and tests). */
enum ct_status config_load_file(const char *path, struct ct_config *cfg,
				struct strbuf *err);
/* Reads the client secret (inline or from its file).  Returns a new string
 * the caller frees (and should wipe), or NULL with a message in err. */
char *config_client_secret(const struct ct_config *cfg, struct strbuf *err);
void config_release(struct ct_config *cfg);

#endif
