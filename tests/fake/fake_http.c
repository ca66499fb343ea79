/* fake_http.c: the libmicrohttpd side of the fake upstream: bodies, faults, logging, sending. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "fake.h"

/* True when the client has closed its side of the connection.  Each
 * connection has its own thread (MHD_USE_THREAD_PER_CONNECTION), so peeking
 * at the socket here does not race with the library. */
static bool client_gone(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	struct pollfd p;
	char c;
	ssize_t n;

	if (!ci)
		return false;
	p.fd = ci->connect_fd;
	p.events = POLLIN;
	p.revents = 0;
	if (poll(&p, 1, 0) <= 0)
		return false;
	if (p.revents & (POLLERR | POLLHUP | POLLNVAL))
		return true;
	n = recv(p.fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
	return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

/* Waits ms milliseconds (ms < 0: for ever).  Returns false when the client
 * went away or the server is stopping. */
static bool wait_while_client_stays(struct fake *f, struct MHD_Connection *conn, long ms)
{
	double until = fake_now() + (double)ms / 1000.0;
	struct timespec step = {0, 20 * 1000 * 1000};

	for (;;) {
		if (atomic_load(&f->stopping) || client_gone(conn))
			return false;
		if (ms >= 0 && fake_now() >= until)
			return true;
		nanosleep(&step, NULL);
	}
}

/* Turns the body into something that is certainly not JSON. */
static void make_malformed(struct reply *r)
{
	struct strbuf out = STRBUF_INIT;

	sb_adds(&out, "{\"malformed\": ");
	sb_add(&out, r->body.buf, r->body.len / 2);
	sb_release(&r->body);
	r->body = out;
}

static enum MHD_Result send_reply(struct MHD_Connection *conn, struct reply *r, const char *content_type)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	size_t len;
	char *buf = sb_detach(&r->body, &len);

	resp = MHD_create_response_from_buffer(len, buf, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(buf);
		return MHD_NO;
	}
	if (content_type)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
	ret = MHD_queue_response(conn, (unsigned int)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static bool path_safe(const char *url)
{
	const unsigned char *p;

	if (url[0] != '/' || strstr(url, "..") || strchr(url, '\\'))
		return false;
	for (p = (const unsigned char *)url; *p; p++)
		if (*p < 0x20 || *p >= 0x7f) /* the real paths are plain ASCII */
			return false;
	return true;
}

static void log_line(struct fake *f, const char *method, const char *url, int status, double ms,
		     const char *fault)
{
	const unsigned char *p;

	if (!f->verbose)
		return;
	fprintf(stderr, "fake-upstream: %.10s ", method);
	for (p = (const unsigned char *)url; *p && p - (const unsigned char *)url < 200; p++)
		fputc(*p >= 0x20 && *p < 0x7f ? *p : '?', stderr);
	fprintf(stderr, " %d %.0f ms%s%s\n", status, ms, fault ? " fault=" : "", fault ? fault : "");
}

enum MHD_Result fake_access(void *cls, struct MHD_Connection *conn, const char *url,
			    const char *method, const char *version, const char *upload_data,
			    size_t *upload_data_size, void **con_cls)
{
	struct fake *f = cls;
	struct request *req = *con_cls;
	struct reply r = {0, STRBUF_INIT, NULL};
	struct fake_fault ft;
	bool faulted = false, control;
	const char *fault_name = NULL;
	enum MHD_Result ret;
	double ms;

	(void)version;
	if (!req) { /* first call: headers only */
		req = calloc(1, sizeof *req);
		if (!req)
			return MHD_NO;
		sb_init(&req->body);
		req->started = fake_now();
		*con_cls = req;
		return MHD_YES;
	}
	if (*upload_data_size) { /* a piece of the body */
		if (!req->too_big && req->body.len + *upload_data_size <= FAKE_MAX_BODY)
			req->too_big = sb_add(&req->body, upload_data, *upload_data_size) != 0;
		else
			req->too_big = true;
		*upload_data_size = 0;
		return MHD_YES;
	}

	/* the whole request is here */
	if (!path_safe(url)) {
		req->log_entry = fake_log_start(f, method, url);
		reply_error(&r, 400, "the path is not allowed");
		goto send;
	}
	control = !strncmp(url, "/_control", 9);
	if (!control) {
		req->log_entry = fake_log_start(f, method, url);
		faulted = fake_faults_take(f, url, &ft);
	}
	if (faulted && ft.latency_ms > 0) {
		fault_name = "latency";
		if (!wait_while_client_stays(f, conn, ft.latency_ms)) {
			fake_log_finish(f, req->log_entry, 0, (fake_now() - req->started) * 1000, "client-gone");
			fake_fault_release(&ft);
			return MHD_NO;
		}
	}
	if (faulted && ft.hang) {
		wait_while_client_stays(f, conn, -1);
		ms = (fake_now() - req->started) * 1000;
		fake_log_finish(f, req->log_entry, 0, ms, "hang");
		log_line(f, method, url, 0, ms, "hang");
		fake_fault_release(&ft);
		return MHD_NO; /* closes the connection without an answer */
	}

	fake_route(f, conn, method, url, req, &r);

	if (faulted && ft.status) {
		fault_name = "status";
		reply_error(&r, ft.status, "fault injected: HTTP %d", ft.status);
	}
	if (faulted && ft.malformed_json) {
		fault_name = "malformed_json";
		make_malformed(&r);
	}
	if (faulted && ft.content_type) {
		fault_name = fault_name ? fault_name : "content_type";
		r.content_type = ft.content_type;
	}
send:
	ms = (fake_now() - req->started) * 1000;
	fake_log_finish(f, req->log_entry, r.status, ms, fault_name);
	log_line(f, method, url, r.status, ms, fault_name);
	ret = send_reply(conn, &r, r.content_type);
	sb_release(&r.body);
	if (faulted)
		fake_fault_release(&ft);
	return ret;
}

void fake_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
		    enum MHD_RequestTerminationCode toe)
{
	struct request *req = *con_cls;

	(void)cls;
	(void)conn;
	(void)toe;
	if (!req)
		return;
	sb_release(&req->body);
	free(req);
	*con_cls = NULL;
}
