/* config.c: defaults, file discovery, and a strict YAML reader for the keys
 * listed in DESIGN.md ("Configuration keys"). */
#include "config/config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build_config.h"
#include "util/ytree.h"

static int set_str(char **dst, const char *v)
{
	char *c = strdup(v ? v : "");

	if (!c)
		return -1;
	free(*dst);
	*dst = c;
	return 0;
}

/* The folder holding forms/ and config/: installed data dir, else the source
 * tree this binary was built from (so build/caseterm works in place). */
static const char *data_root(void)
{
	static char buf[PATH_MAX];
	struct stat st;
	const char *env = getenv("CASETERM_DATA");

	if (env && *env)
		return env;
	snprintf(buf, sizeof buf, "%s/forms", CASETERM_DATADIR);
	if (stat(buf, &st) == 0 && S_ISDIR(st.st_mode))
		return CASETERM_DATADIR;
	return CASETERM_SOURCE_ROOT;
}

static int join_path(char **dst, const char *dir, const char *name)
{
	struct strbuf sb = STRBUF_INIT;

	if (name[0] == '/')
		return set_str(dst, name);
	if (sb_addf(&sb, "%s/%s", dir, name)) {
		sb_release(&sb);
		return -1;
	}
	free(*dst);
	*dst = sb_detach(&sb, NULL);
	return *dst ? 0 : -1;
}

enum ct_status config_defaults(struct ct_config *cfg)
{
	const char *root = data_root();
	struct strbuf dir = STRBUF_INIT;
	int bad = 0;

	memset(cfg, 0, sizeof *cfg);
	sb_addf(&dir, "%s/config", root);
	bad |= set_str(&cfg->dir, ".");
	bad |= set_str(&cfg->db_conninfo, "");
	bad |= set_str(&cfg->ndelius_url, "http://127.0.0.1:8089/ndelius");
	bad |= set_str(&cfg->oasys_url, "http://127.0.0.1:8089/oasys");
	bad |= set_str(&cfg->auth_token_url, "http://127.0.0.1:8089/auth/oauth/token");
	bad |= set_str(&cfg->client_id, "caseterm");
	bad |= set_str(&cfg->client_secret_file, "/etc/caseterm/client-secret");
	bad |= set_str(&cfg->events_endpoint, "http://127.0.0.1:8089/events");
	bad |= set_str(&cfg->theme, "default");
	bad |= join_path(&cfg->keymap, dir.buf, "keymap.yaml");
	bad |= join_path(&cfg->themes, dir.buf, "themes.yaml");
	bad |= join_path(&cfg->forms_dir, root, "forms");
	bad |= set_str(&cfg->log_file, "");
	cfg->connect_timeout_ms = 2000;
	cfg->timeout_ms = 5000;
	cfg->retries = 2;
	cfg->cache_ttl_s = 900;
	sb_release(&dir);
	if (bad) {
		config_release(cfg);
		return CT_NOMEM;
	}
	return CT_OK;
}

void config_release(struct ct_config *cfg)
{
	free(cfg->path);
	free(cfg->dir);
	free(cfg->db_conninfo);
	free(cfg->ndelius_url);
	free(cfg->oasys_url);
	free(cfg->auth_token_url);
	free(cfg->client_id);
	free(cfg->client_secret_file);
	if (cfg->client_secret) {
		explicit_bzero(cfg->client_secret, strlen(cfg->client_secret));
		free(cfg->client_secret);
	}
	free(cfg->events_endpoint);
	free(cfg->theme);
	free(cfg->keymap);
	free(cfg->themes);
	free(cfg->forms_dir);
	free(cfg->log_file);
	memset(cfg, 0, sizeof *cfg);
}

enum key_kind { K_STR, K_URL, K_PATH, K_LONG, K_BOOL, K_THEME };

struct key_spec {
	const char *section, *key;
	enum key_kind kind;
	size_t offset;
	long min, max;
};

#define OFF(f) offsetof(struct ct_config, f)
static const struct key_spec keys[] = {
	{"database", "conninfo", K_STR, OFF(db_conninfo), 0, 0},
	{"upstream", "ndelius_url", K_URL, OFF(ndelius_url), 0, 0},
	{"upstream", "oasys_url", K_URL, OFF(oasys_url), 0, 0},
	{"upstream", "auth_token_url", K_URL, OFF(auth_token_url), 0, 0},
	{"upstream", "client_id", K_STR, OFF(client_id), 0, 0},
	{"upstream", "client_secret_file", K_PATH, OFF(client_secret_file), 0, 0},
	{"upstream", "client_secret", K_STR, OFF(client_secret), 0, 0},
	{"upstream", "connect_timeout_ms", K_LONG, OFF(connect_timeout_ms), 1, 600000},
	{"upstream", "timeout_ms", K_LONG, OFF(timeout_ms), 1, 600000},
	{"upstream", "retries", K_LONG, OFF(retries), 0, 10},
	{"upstream", "cache_ttl_s", K_LONG, OFF(cache_ttl_s), 0, 86400 * 30},
	{"events", "endpoint", K_URL, OFF(events_endpoint), 0, 0},
	{"ui", "theme", K_THEME, OFF(theme), 0, 0},
	{"ui", "keymap", K_PATH, OFF(keymap), 0, 0},
	{"ui", "themes", K_PATH, OFF(themes), 0, 0},
	{"ui", "forms", K_PATH, OFF(forms_dir), 0, 0},
	{"accessibility", "linear", K_BOOL, OFF(linear), 0, 0},
	{"log", "file", K_PATH, OFF(log_file), 0, 0},
};
#undef OFF

static const char *const sections[] = {"database", "upstream", "events", "ui",
				       "accessibility", "log"};

static int apply_key(struct ct_config *cfg, const struct key_spec *k, const struct ynode *v,
		     const char *name, struct strbuf *err)
{
	char **s = (char **)((char *)cfg + k->offset);
	long *l = (long *)((char *)cfg + k->offset);
	bool *b = (bool *)((char *)cfg + k->offset);

	if (k->kind == K_BOOL) {
		if (!yscalar_bool(v, b)) {
			yerr(err, name, v, "%s.%s must be true or false", k->section, k->key);
			return -1;
		}
		return 0;
	}
	if (k->kind == K_LONG) {
		if (!yscalar_long(v, l) || *l < k->min || *l > k->max) {
			yerr(err, name, v, "%s.%s must be a whole number from %ld to %ld",
			     k->section, k->key, k->min, k->max);
			return -1;
		}
		return 0;
	}
	if (v->type != YN_SCALAR) {
		yerr(err, name, v, "%s.%s must be text, not a %s", k->section, k->key,
		     v->type == YN_MAP ? "mapping" : "list");
		return -1;
	}
	if (k->kind == K_URL && strncmp(v->str, "http://", 7) && strncmp(v->str, "https://", 8)) {
		yerr(err, name, v, "%s.%s must be an http:// or https:// URL", k->section, k->key);
		return -1;
	}
	if (k->kind == K_THEME && strcmp(v->str, "default") && strcmp(v->str, "high-contrast") &&
	    strcmp(v->str, "monochrome")) {
		yerr(err, name, v, "ui.theme must be default, high-contrast or monochrome, not '%s'",
		     v->str);
		return -1;
	}
	if (k->kind == K_PATH && v->str[0])
		return join_path(s, cfg->dir, v->str);
	return set_str(s, v->str);
}

/* Checks the open fd when fd >= 0, else the file at path. */
static bool file_readable_by_others(const char *path, int fd)
{
	struct stat st;
	int r = fd >= 0 ? fstat(fd, &st) : (path ? stat(path, &st) : -1);

	if (r != 0)
		return false;
	return (st.st_mode & (S_IRGRP | S_IROTH | S_IWGRP | S_IWOTH)) != 0;
}

enum ct_status config_load_file(const char *path, struct ct_config *cfg, struct strbuf *err)
{
	struct ynode *root = NULL;
	const struct ynode *sec, *key, *val;
	size_t i, j, k, nk = sizeof keys / sizeof keys[0];
	enum ct_status rc = CT_CONFIG;
	char *slash;
	bool known;

	if (set_str(&cfg->path, path) || set_str(&cfg->dir, path))
		return CT_NOMEM;
	slash = strrchr(cfg->dir, '/');
	if (slash)
		*(slash == cfg->dir ? slash + 1 : slash) = '\0';
	else
		set_str(&cfg->dir, ".");
	if (ytree_load_file(path, &root, err))
		return CT_CONFIG;
	if (root->type != YN_MAP) {
		yerr(err, path, root, "the configuration must be a mapping of sections");
		goto out;
	}
	for (i = 0; i < root->len; i++) {
		key = root->items[2 * i];
		sec = root->items[2 * i + 1];
		known = false;
		for (j = 0; j < sizeof sections / sizeof sections[0]; j++)
			known |= !strcmp(key->str, sections[j]);
		if (!known) {
			yerr(err, path, key,
			     "unknown section '%s' (expected database, upstream, events, ui, "
			     "accessibility or log)", key->str);
			goto out;
		}
		if (sec->type == YN_SCALAR && !sec->quoted && (!sec->str[0] || !strcmp(sec->str, "~")))
			continue; /* an empty section */
		if (sec->type != YN_MAP) {
			yerr(err, path, sec, "section '%s' must be a mapping of keys", key->str);
			goto out;
		}
		for (j = 0; j < sec->len; j++) {
			const struct ynode *sk = sec->items[2 * j];

			val = sec->items[2 * j + 1];
			for (k = 0; k < nk; k++)
				if (!strcmp(keys[k].section, key->str) && !strcmp(keys[k].key, sk->str))
					break;
			if (k == nk) {
				yerr(err, path, sk, "unknown key '%s' in section '%s'", sk->str, key->str);
				goto out;
			}
			if (apply_key(cfg, &keys[k], val, path, err))
				goto out;
		}
	}
	if (cfg->client_secret && cfg->client_secret[0] && file_readable_by_others(path, -1)) {
		const struct ynode *up = ymap_get(root, "upstream");

		yerr(err, path, ymap_get(up, "client_secret"),
		     "holds upstream.client_secret but other users can read or change it; "
		     "run: chmod 600 %s", path);
		goto out;
	}
	rc = CT_OK;
out:
	ytree_free(&root);
	return rc;
}

static bool exists(const char *p)
{
	return access(p, F_OK) == 0;
}

enum ct_status config_load(const char *explicit_path, struct ct_config *cfg, struct strbuf *err)
{
	struct strbuf p = STRBUF_INIT;
	const char *env;
	enum ct_status rc;

	rc = config_defaults(cfg);
	if (rc != CT_OK)
		return rc;
	if (explicit_path) {
		rc = config_load_file(explicit_path, cfg, err);
		goto out;
	}
	env = getenv("CASETERM_CONFIG");
	if (env && *env) {
		rc = config_load_file(env, cfg, err);
		goto out;
	}
	env = getenv("XDG_CONFIG_HOME");
	if (env && *env)
		sb_addf(&p, "%s/caseterm/config.yaml", env);
	else if ((env = getenv("HOME")) && *env)
		sb_addf(&p, "%s/.config/caseterm/config.yaml", env);
	if (p.len && exists(p.buf)) {
		rc = config_load_file(p.buf, cfg, err);
		goto out;
	}
	if (exists("/etc/caseterm/config.yaml"))
		rc = config_load_file("/etc/caseterm/config.yaml", cfg, err);
out:
	sb_release(&p);
	if (rc != CT_OK)
		config_release(cfg); /* callers only release a loaded config */
	return rc;
}

char *config_client_secret(const struct ct_config *cfg, struct strbuf *err)
{
	struct strbuf sb = STRBUF_INIT;
	int fd;
	FILE *f;
	char tmp[512];
	size_t n;

	if (cfg->client_secret && cfg->client_secret[0])
		return strdup(cfg->client_secret);
	if (!cfg->client_secret_file || !cfg->client_secret_file[0]) {
		sb_adds(err, "no upstream.client_secret_file is configured");
		return NULL;
	}
	fd = open(cfg->client_secret_file, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		sb_addf(err, "%s: cannot read the client secret: %s", cfg->client_secret_file,
			strerror(errno));
		return NULL;
	}
	if (file_readable_by_others(cfg->client_secret_file, fd)) {
		sb_addf(err, "%s: the client secret file can be read by other users; "
			"run: chmod 600 %s", cfg->client_secret_file, cfg->client_secret_file);
		close(fd);
		return NULL;
	}
	f = fdopen(fd, "r");
	if (!f) {
		close(fd);
		sb_adds(err, "out of memory");
		return NULL;
	}
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
		sb_add(&sb, tmp, n);
	explicit_bzero(tmp, sizeof tmp);
	fclose(f);
	while (sb.len && (sb.buf[sb.len - 1] == '\n' || sb.buf[sb.len - 1] == '\r'))
		sb_setlen(&sb, sb.len - 1);
	return sb_detach(&sb, NULL);
}
