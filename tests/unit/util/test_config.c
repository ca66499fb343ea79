/* test_config.c: configuration files, good and bad. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/config.h"

static char dir[] = "/tmp/ct-config-XXXXXX";

static const char *write_file(const char *name, const char *text, mode_t mode)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
	return path;
}

static enum ct_status load(const char *text, mode_t mode, struct ct_config *cfg,
			   struct strbuf *err)
{
	const char *p = write_file("c.yaml", text, mode);

	return config_load(p, cfg, err);
}

static void test_defaults(void **state)
{
	struct ct_config cfg;

	(void)state;
	assert_int_equal(config_defaults(&cfg), CT_OK);
	assert_string_equal(cfg.ndelius_url, "http://127.0.0.1:8089/ndelius");
	assert_int_equal(cfg.timeout_ms, 5000);
	assert_int_equal(cfg.retries, 2);
	assert_false(cfg.linear);
	config_release(&cfg);
}

static void test_full_file(void **state)
{
	struct ct_config cfg;
	struct strbuf err = STRBUF_INIT;

	(void)state;
	assert_int_equal(load("database:\n  conninfo: \"dbname=x\"\n"
			      "upstream:\n  ndelius_url: http://127.0.0.1:9/nd\n  timeout_ms: 100\n"
			      "  client_secret_file: secret\n"
			      "ui:\n  theme: monochrome\n  keymap: km.yaml\n"
			      "accessibility:\n  linear: true\n",
			      0644, &cfg, &err), CT_OK);
	assert_string_equal(cfg.db_conninfo, "dbname=x");
	assert_string_equal(cfg.ndelius_url, "http://127.0.0.1:9/nd");
	assert_int_equal(cfg.timeout_ms, 100);
	assert_string_equal(cfg.theme, "monochrome");
	assert_true(cfg.linear);
	/* relative paths are relative to the config file's folder */
	assert_true(strncmp(cfg.keymap, dir, strlen(dir)) == 0);
	assert_non_null(strstr(cfg.client_secret_file, "/secret"));
	config_release(&cfg);
	sb_release(&err);
}

static void test_bad_files_name_the_place(void **state)
{
	struct ct_config cfg;
	struct strbuf err = STRBUF_INIT;
	char want[512];

	(void)state;
	assert_int_equal(load("upstream:\n  timeout_ms: soon\n", 0644, &cfg, &err), CT_CONFIG);
	snprintf(want, sizeof want, "%s/c.yaml:2:15: upstream.timeout_ms must be a whole number "
		 "from 1 to 600000", dir);
	assert_string_equal(err.buf, want);
	config_release(&cfg);
	sb_reset(&err);

	assert_int_equal(load("upstrem:\n  x: 1\n", 0644, &cfg, &err), CT_CONFIG);
	assert_non_null(strstr(err.buf, "c.yaml:1:1: unknown section 'upstrem'"));
	config_release(&cfg);
	sb_reset(&err);

	assert_int_equal(load("ui:\n  colour: red\n", 0644, &cfg, &err), CT_CONFIG);
	assert_non_null(strstr(err.buf, "c.yaml:2:3: unknown key 'colour' in section 'ui'"));
	config_release(&cfg);
	sb_reset(&err);

	assert_int_equal(load("ui:\n  theme: pink\n", 0644, &cfg, &err), CT_CONFIG);
	assert_non_null(strstr(err.buf, "ui.theme must be default, high-contrast or monochrome"));
	config_release(&cfg);
	sb_reset(&err);

	assert_int_equal(load("events:\n  endpoint: ftp://x\n", 0644, &cfg, &err), CT_CONFIG);
	assert_non_null(strstr(err.buf, "must be an http:// or https:// URL"));
	config_release(&cfg);
	sb_reset(&err);

	assert_int_equal(load("database: [1, 2\n", 0644, &cfg, &err), CT_CONFIG);
	assert_non_null(strstr(err.buf, "c.yaml:"));
	config_release(&cfg);
	sb_reset(&err);

	assert_int_equal(load("- just\n- a list\n", 0644, &cfg, &err), CT_CONFIG);
	assert_non_null(strstr(err.buf, "must be a mapping"));
	config_release(&cfg);
	sb_reset(&err);

	assert_int_equal(load("\xff\xfe: \x01\n", 0644, &cfg, &err), CT_CONFIG);
	assert_true(err.len > 0);
	config_release(&cfg);
	sb_release(&err);
}

static void test_inline_secret_needs_a_private_file(void **state)
{
	struct ct_config cfg;
	struct strbuf err = STRBUF_INIT;
	char *secret;

	(void)state;
	assert_int_equal(load("upstream:\n  client_secret: s3cret\n", 0644, &cfg, &err), CT_CONFIG);
	assert_non_null(strstr(err.buf, "other users can read"));
	assert_null(strstr(err.buf, "s3cret")); /* the secret is never echoed */
	config_release(&cfg);
	sb_reset(&err);
	assert_int_equal(load("upstream:\n  client_secret: s3cret\n", 0600, &cfg, &err), CT_OK);
	secret = config_client_secret(&cfg, &err);
	assert_string_equal(secret, "s3cret");
	free(secret);
	config_release(&cfg);
	sb_release(&err);
}

static void test_secret_file_must_be_private(void **state)
{
	struct ct_config cfg;
	struct strbuf err = STRBUF_INIT;
	char *secret;

	(void)state;
	write_file("secret", "topsecret\n", 0644);
	assert_int_equal(load("upstream:\n  client_secret_file: secret\n", 0644, &cfg, &err), CT_OK);
	assert_null(config_client_secret(&cfg, &err));
	assert_non_null(strstr(err.buf, "can be read by other users"));
	sb_reset(&err);
	write_file("secret", "topsecret\n", 0600);
	secret = config_client_secret(&cfg, &err);
	assert_string_equal(secret, "topsecret");
	free(secret);
	config_release(&cfg);
	sb_release(&err);
}

static void test_search_order(void **state)
{
	struct ct_config cfg;
	struct strbuf err = STRBUF_INIT;
	char xdg[256];
	const char *p;

	(void)state;
	snprintf(xdg, sizeof xdg, "%s/caseterm", dir);
	mkdir(xdg, 0700);
	write_file("caseterm/config.yaml", "ui:\n  theme: high-contrast\n", 0644);
	setenv("XDG_CONFIG_HOME", dir, 1);
	unsetenv("CASETERM_CONFIG");
	assert_int_equal(config_load(NULL, &cfg, &err), CT_OK);
	assert_string_equal(cfg.theme, "high-contrast");
	config_release(&cfg);
	p = write_file("env.yaml", "ui:\n  theme: monochrome\n", 0644);
	setenv("CASETERM_CONFIG", p, 1);
	assert_int_equal(config_load(NULL, &cfg, &err), CT_OK);
	assert_string_equal(cfg.theme, "monochrome");
	config_release(&cfg);
	unsetenv("CASETERM_CONFIG");
	sb_release(&err);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_full_file),
		cmocka_unit_test(test_bad_files_name_the_place),
		cmocka_unit_test(test_inline_secret_needs_a_private_file),
		cmocka_unit_test(test_secret_file_must_be_private),
		cmocka_unit_test(test_search_order),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
