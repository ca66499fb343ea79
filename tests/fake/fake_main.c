/* fake_main.c: fake-upstream's command line, start-up and clean stop on SIGTERM/SIGINT. */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build_config.h"
#include "fake.h"

#define DEFAULT_SECRET "caseterm-fake-secret"

static const char usage[] =
	"usage: fake-upstream [options]\n"
	"A fake HMPPS Auth, nDelius and OASys for caseterm's tests and demo, on 127.0.0.1 only.\n"
	"  --port N                 port to listen on; 0 (default) takes any free port\n"
	"  --port-file FILE         write the port there once ready to answer\n"
	"  --fixtures DIR           fixtures folder (default: tests/fixtures of the source tree)\n"
	"  --client-id ID           client id Auth accepts (default: caseterm)\n"
	"  --client-secret-file F   file holding the client secret Auth accepts\n"
	"                           (default secret: " DEFAULT_SECRET ")\n"
	"  --events-log FILE        append each event delivery there as one JSON line\n"
	"  --faults FILE            faults in force from the start (JSON, as POST /_control/faults)\n"
	"  --token-ttl SECONDS      lifetime of issued tokens (default 1200)\n"
	"  -v, --verbose            one line per request on stderr\n"
	"  -h, --help               this text\n"
	"Stops cleanly on SIGTERM or SIGINT.\n";

static int read_secret(const char *path, char **out)
{
	struct strbuf sb = STRBUF_INIT;

	if (sb_read_file(&sb, path)) {
		fprintf(stderr, "fake-upstream: cannot read %s: %s\n", path, strerror(errno));
		sb_release(&sb);
		return -1;
	}
	while (sb.len && (sb.buf[sb.len - 1] == '\n' || sb.buf[sb.len - 1] == '\r'))
		sb_setlen(&sb, sb.len - 1);
	if (!sb.len || memchr(sb.buf, '\0', sb.len)) {
		fprintf(stderr, "fake-upstream: %s holds no usable secret\n", path);
		sb_release(&sb);
		return -1;
	}
	*out = sb_detach(&sb, NULL);
	return 0;
}

static int load_faults(struct fake *f, const char *path)
{
	json_error_t jerr;
	json_t *doc = json_load_file(path, 0, &jerr);
	struct strbuf err = STRBUF_INIT;
	int rc = 0;

	if (!doc) {
		fprintf(stderr, "fake-upstream: %s:%d:%d: %s\n", path, jerr.line, jerr.column, jerr.text);
		return -1;
	}
	if (fake_faults_add(f, doc, &err)) {
		fprintf(stderr, "fake-upstream: %s: %s\n", path, err.buf);
		rc = -1;
	}
	json_decref(doc);
	sb_release(&err);
	return rc;
}

/* Writes the port to path through a temporary file, so a reader never sees
 * half of it. */
static int write_port_file(const char *path, unsigned short port)
{
	struct strbuf tmp = STRBUF_INIT;
	FILE *fp;
	int rc = -1;

	sb_addf(&tmp, "%s.tmp.%ld", path, (long)getpid());
	fp = fopen(tmp.buf, "w");
	if (fp) {
		bool ok = fprintf(fp, "%u\n", port) > 0;

		ok = !fclose(fp) && ok;
		if (ok && !rename(tmp.buf, path))
			rc = 0;
		else
			unlink(tmp.buf);
	}
	if (rc)
		fprintf(stderr, "fake-upstream: cannot write %s: %s\n", path, strerror(errno));
	sb_release(&tmp);
	return rc;
}

/* libmicrohttpd's own messages ("closing connection" after a hang ...) are
 * noise in test output: shown only with --verbose. */
static void mhd_logger(void *cls, const char *fmt, va_list ap)
{
	const struct fake *f = cls;

	if (f->verbose) {
		fputs("fake-upstream: microhttpd: ", stderr);
		vfprintf(stderr, fmt, ap);
	}
}

static bool parse_long(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"port", required_argument, NULL, 'p'},
		{"port-file", required_argument, NULL, 'P'},
		{"fixtures", required_argument, NULL, 'f'},
		{"client-id", required_argument, NULL, 'i'},
		{"client-secret-file", required_argument, NULL, 's'},
		{"events-log", required_argument, NULL, 'e'},
		{"faults", required_argument, NULL, 'F'},
		{"token-ttl", required_argument, NULL, 't'},
		{"verbose", no_argument, NULL, 'v'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct fake f;
	const char *port_file = NULL, *secret_file = NULL, *events_log = NULL, *faults_file = NULL;
	long port = 0, ttl = 1200;
	struct sockaddr_in addr;
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;
	sigset_t sigs;
	int c, sig, rc = 1;

	memset(&f, 0, sizeof f);
	f.fixtures = CASETERM_SOURCE_ROOT "/tests/fixtures";
	f.client_id = "caseterm";
	atomic_init(&f.stopping, 0);
	while ((c = getopt_long(argc, argv, "vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (!parse_long(optarg, 0, 65535, &port)) {
				fprintf(stderr, "fake-upstream: --port needs 0 to 65535\n");
				return 2;
			}
			break;
		case 'P': port_file = optarg; break;
		case 'f': f.fixtures = optarg; break;
		case 'i': f.client_id = optarg; break;
		case 's': secret_file = optarg; break;
		case 'e': events_log = optarg; break;
		case 'F': faults_file = optarg; break;
		case 't':
			if (!parse_long(optarg, 1, 86400 * 365, &ttl)) {
				fprintf(stderr, "fake-upstream: --token-ttl needs a number of seconds\n");
				return 2;
			}
			break;
		case 'v': f.verbose = true; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "fake-upstream: unexpected argument '%s'\n%s", argv[optind], usage);
		return 2;
	}
	f.token_ttl_s = ttl;
	if (access(f.fixtures, R_OK | X_OK)) {
		fprintf(stderr, "fake-upstream: fixtures folder %s: %s\n", f.fixtures, strerror(errno));
		return 2;
	}
	if (fake_state_init(&f)) {
		fprintf(stderr, "fake-upstream: out of memory\n");
		return 1;
	}
	if (secret_file ? read_secret(secret_file, &f.client_secret)
			: !(f.client_secret = strdup(DEFAULT_SECRET))) {
		rc = 2;
		goto out;
	}
	if (faults_file && load_faults(&f, faults_file)) {
		rc = 2;
		goto out;
	}
	if (events_log && !(f.events_log = fopen(events_log, "a"))) {
		fprintf(stderr, "fake-upstream: cannot open %s: %s\n", events_log, strerror(errno));
		rc = 2;
		goto out;
	}

	/* Every thread MHD starts inherits this mask; the main thread takes the
	 * signals with sigwait. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons((unsigned short)port);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	d = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
			     MHD_USE_ERROR_LOG,
			     0, NULL, NULL, fake_access, &f,
			     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
			     MHD_OPTION_NOTIFY_COMPLETED, fake_completed, &f,
			     MHD_OPTION_EXTERNAL_LOGGER, mhd_logger, &f,
			     MHD_OPTION_CONNECTION_LIMIT, (unsigned int)256,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)120,
			     MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "fake-upstream: cannot listen on 127.0.0.1:%ld\n", port);
		goto out;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	f.port = info ? info->port : (unsigned short)port;
	if (port_file && write_port_file(port_file, f.port)) {
		MHD_stop_daemon(d);
		goto out;
	}
	if (f.verbose)
		fprintf(stderr, "fake-upstream: listening on 127.0.0.1:%u, fixtures %s\n", f.port, f.fixtures);

	do {
		if (sigwait(&sigs, &sig))
			sig = SIGTERM;
	} while (sig != SIGTERM && sig != SIGINT);

	atomic_store(&f.stopping, 1);
	MHD_stop_daemon(d);
	if (f.verbose)
		fprintf(stderr, "fake-upstream: stopped by signal %d\n", sig);
	rc = 0;
out:
	if (f.client_secret) {
		memset(f.client_secret, 0, strlen(f.client_secret));
		free(f.client_secret);
	}
	fake_state_release(&f);
	return rc;
}
