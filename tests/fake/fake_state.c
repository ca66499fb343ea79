/* fake_state.c: the fake upstream's memory: faults, tokens, request log, events. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "fake.h"

double fake_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int fake_state_init(struct fake *f)
{
	if (pthread_mutex_init(&f->lock, NULL))
		return -1;
	f->requests = json_array();
	f->events = json_array();
	f->event_ids = json_object();
	return f->requests && f->events && f->event_ids ? 0 : -1;
}

void fake_fault_release(struct fake_fault *ft)
{
	free(ft->path_prefix);
	free(ft->content_type);
	memset(ft, 0, sizeof *ft);
}

void fake_faults_clear(struct fake *f)
{
	size_t i;

	pthread_mutex_lock(&f->lock);
	for (i = 0; i < f->n_faults; i++)
		fake_fault_release(&f->faults[i]);
	free(f->faults);
	f->faults = NULL;
	f->n_faults = 0;
	pthread_mutex_unlock(&f->lock);
}

void fake_state_release(struct fake *f)
{
	fake_faults_clear(f);
	free(f->tokens);
	f->tokens = NULL;
	json_decref(f->requests);
	json_decref(f->events);
	json_decref(f->event_ids);
	if (f->events_log)
		fclose(f->events_log);
	f->events_log = NULL;
	pthread_mutex_destroy(&f->lock);
}

/* ---- faults ----------------------------------------------------------- */

static bool header_safe(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s == 0x7f)
			return false;
	return true;
}

static int parse_fault(json_t *o, struct fake_fault *ft, struct strbuf *err)
{
	const char *key;
	json_t *v;

	memset(ft, 0, sizeof *ft);
	ft->times = -1;
	if (!json_is_object(o)) {
		sb_adds(err, "a fault is a JSON object");
		return -1;
	}
	json_object_foreach(o, key, v) {
		if (!strcmp(key, "path_prefix") && json_is_string(v)) {
			free(ft->path_prefix);
			ft->path_prefix = strdup(json_string_value(v));
		} else if (!strcmp(key, "latency_ms") && json_is_integer(v) &&
			   json_integer_value(v) >= 0 && json_integer_value(v) <= 600000) {
			ft->latency_ms = (long)json_integer_value(v);
		} else if (!strcmp(key, "status") && json_is_integer(v) &&
			   json_integer_value(v) >= 100 && json_integer_value(v) <= 599) {
			ft->status = (int)json_integer_value(v);
		} else if (!strcmp(key, "hang") && json_is_boolean(v)) {
			ft->hang = json_is_true(v);
		} else if (!strcmp(key, "malformed_json") && json_is_boolean(v)) {
			ft->malformed_json = json_is_true(v);
		} else if (!strcmp(key, "content_type") && json_is_string(v) &&
			   json_string_length(v) > 0 && json_string_length(v) < 200 &&
			   header_safe(json_string_value(v))) {
			free(ft->content_type);
			ft->content_type = strdup(json_string_value(v));
		} else if (!strcmp(key, "times") && json_is_integer(v) && json_integer_value(v) >= 1) {
			ft->times = (long)json_integer_value(v);
		} else if (!strcmp(key, "times") && json_is_null(v)) {
			ft->times = -1;
		} else {
			sb_addf(err, "fault member '%.60s' is unknown or has a wrong value", key);
			fake_fault_release(ft);
			return -1;
		}
	}
	if (!ft->path_prefix)
		ft->path_prefix = strdup("");
	if (!ft->path_prefix) {
		sb_adds(err, "out of memory");
		fake_fault_release(ft);
		return -1;
	}
	return 0;
}

int fake_faults_add(struct fake *f, json_t *doc, struct strbuf *err)
{
	size_t n = json_is_array(doc) ? json_array_size(doc) : 1, i, k;
	struct fake_fault *add = calloc(n ? n : 1, sizeof *add), *grown;

	if (!add) {
		sb_adds(err, "out of memory");
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (parse_fault(json_is_array(doc) ? json_array_get(doc, i) : doc, &add[i], err)) {
			for (k = 0; k < i; k++)
				fake_fault_release(&add[k]);
			free(add);
			return -1;
		}
	}
	pthread_mutex_lock(&f->lock);
	grown = realloc(f->faults, (f->n_faults + n + 1) * sizeof *grown);
	if (!grown) {
		pthread_mutex_unlock(&f->lock);
		for (k = 0; k < n; k++)
			fake_fault_release(&add[k]);
		free(add);
		sb_adds(err, "out of memory");
		return -1;
	}
	f->faults = grown;
	memcpy(f->faults + f->n_faults, add, n * sizeof *add);
	f->n_faults += n;
	pthread_mutex_unlock(&f->lock);
	free(add);
	return 0;
}

bool fake_faults_take(struct fake *f, const char *path, struct fake_fault *out)
{
	size_t i;
	bool found = false;

	memset(out, 0, sizeof *out);
	pthread_mutex_lock(&f->lock);
	for (i = 0; i < f->n_faults; i++) {
		struct fake_fault *ft = &f->faults[i];

		if (strncmp(path, ft->path_prefix, strlen(ft->path_prefix)))
			continue;
		*out = *ft;
		out->path_prefix = strdup(ft->path_prefix);
		out->content_type = ft->content_type ? strdup(ft->content_type) : NULL;
		found = true;
		if (ft->times > 0 && --ft->times == 0) {
			fake_fault_release(ft);
			memmove(ft, ft + 1, (f->n_faults - i - 1) * sizeof *ft);
			f->n_faults--;
		}
		break;
	}
	pthread_mutex_unlock(&f->lock);
	return found;
}

json_t *fake_faults_json(struct fake *f)
{
	json_t *a = json_array();
	size_t i;

	pthread_mutex_lock(&f->lock);
	for (i = 0; a && i < f->n_faults; i++) {
		struct fake_fault *ft = &f->faults[i];

		json_array_append_new(a, json_pack("{s:s, s:I, s:i, s:b, s:b, s:s?, s:o}",
			"path_prefix", ft->path_prefix, "latency_ms", (json_int_t)ft->latency_ms,
			"status", ft->status, "hang", ft->hang, "malformed_json", ft->malformed_json,
			"content_type", ft->content_type,
			"times", ft->times < 0 ? json_null() : json_integer(ft->times)));
	}
	pthread_mutex_unlock(&f->lock);
	return a;
}

/* ---- tokens ----------------------------------------------------------- */

int fake_token_issue(struct fake *f, char out[FAKE_TOKEN_LEN + 1])
{
	unsigned char raw[FAKE_TOKEN_LEN / 2];
	size_t i, got = 0;
	struct fake_token *t;

	while (got < sizeof raw) {
		ssize_t n = getrandom(raw + got, sizeof raw - got, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	for (i = 0; i < sizeof raw; i++) {
		out[2 * i] = "0123456789abcdef"[raw[i] >> 4];
		out[2 * i + 1] = "0123456789abcdef"[raw[i] & 15];
	}
	out[FAKE_TOKEN_LEN] = '\0';
	pthread_mutex_lock(&f->lock);
	if (!f->tokens) {
		f->tokens = calloc(FAKE_MAX_TOKENS, sizeof *f->tokens);
		if (!f->tokens) {
			pthread_mutex_unlock(&f->lock);
			return -1;
		}
	}
	if (f->n_tokens == FAKE_MAX_TOKENS) { /* forget the oldest */
		memmove(f->tokens, f->tokens + 1, (FAKE_MAX_TOKENS - 1) * sizeof *f->tokens);
		f->n_tokens--;
	}
	t = &f->tokens[f->n_tokens++];
	memcpy(t->value, out, FAKE_TOKEN_LEN + 1);
	t->expires = fake_now() + (double)f->token_ttl_s;
	pthread_mutex_unlock(&f->lock);
	return 0;
}

bool fake_token_valid(struct fake *f, const char *token)
{
	size_t i;
	bool ok = false;
	double now = fake_now();

	if (strlen(token) != FAKE_TOKEN_LEN)
		return false;
	pthread_mutex_lock(&f->lock);
	for (i = 0; i < f->n_tokens && !ok; i++)
		ok = !strcmp(f->tokens[i].value, token) && f->tokens[i].expires > now;
	pthread_mutex_unlock(&f->lock);
	return ok;
}

void fake_tokens_revoke(struct fake *f)
{
	pthread_mutex_lock(&f->lock);
	f->n_tokens = 0;
	pthread_mutex_unlock(&f->lock);
}

/* ---- request log and events ------------------------------------------- */

json_t *fake_json_text(const char *s, size_t len)
{
	json_t *j = json_stringn(s, len);
	char *copy;
	size_t i;

	if (j)
		return j;
	copy = malloc(len + 1);
	if (!copy)
		return NULL;
	for (i = 0; i < len; i++)
		copy[i] = (unsigned char)s[i] < 0x80 && s[i] ? s[i] : '?';
	copy[len] = '\0';
	j = json_stringn(copy, len);
	free(copy);
	return j;
}

json_t *fake_log_start(struct fake *f, const char *method, const char *path)
{
	json_t *e;

	pthread_mutex_lock(&f->lock);
	e = json_object();
	if (e) {
		json_object_set_new(e, "seq", json_integer(++f->request_seq));
		json_object_set_new(e, "method", fake_json_text(method, strlen(method)));
		json_object_set_new(e, "path", fake_json_text(path, strlen(path)));
		json_object_set_new(e, "status", json_integer(0));
		if (json_array_size(f->requests) >= FAKE_MAX_LOG)
			json_array_remove(f->requests, 0);
		json_array_append(f->requests, e);
		json_decref(e); /* the array holds it; the caller borrows it */
	}
	pthread_mutex_unlock(&f->lock);
	return e;
}

void fake_log_finish(struct fake *f, json_t *entry, int status, double ms, const char *fault)
{
	if (!entry)
		return;
	pthread_mutex_lock(&f->lock);
	json_object_set_new(entry, "status", json_integer(status));
	json_object_set_new(entry, "ms", json_integer((json_int_t)ms));
	if (fault)
		json_object_set_new(entry, "fault", json_string(fault));
	pthread_mutex_unlock(&f->lock);
}

bool fake_event_record(struct fake *f, const char *id, json_t *body)
{
	json_t *e, *idj;
	bool dup;
	char when[32];
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	idj = fake_json_text(id, strlen(id));
	if (!idj)
		return false;
	pthread_mutex_lock(&f->lock);
	dup = json_object_get(f->event_ids, json_string_value(idj)) != NULL;
	if (!dup)
		json_object_set_new(f->event_ids, json_string_value(idj), json_true());
	e = json_pack("{s:I, s:O, s:b, s:s, s:O}", "seq", (json_int_t)++f->event_seq,
		      "id", idj, "duplicate", dup, "receivedAt", when, "body", body);
	if (e) {
		if (f->events_log) {
			char *line = json_dumps(e, JSON_COMPACT | JSON_ENSURE_ASCII);

			if (line) {
				fprintf(f->events_log, "%s\n", line);
				fflush(f->events_log);
				free(line);
			}
		}
		if (json_array_size(f->events) >= FAKE_MAX_EVENTS)
			json_array_remove(f->events, 0); /* the ids stay known */
		json_array_append_new(f->events, e);
	}
	pthread_mutex_unlock(&f->lock);
	json_decref(idj);
	return dup;
}
