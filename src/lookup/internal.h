/* internal.h: private to src/lookup: helpers shared by the token cache and
 * the request engine. */
#ifndef CASETERM_LOOKUP_INTERNAL_H
#define CASETERM_LOOKUP_INTERNAL_H

#include <stdbool.h>

#include "util/strbuf.h"

/* Upstream bodies larger than this are refused rather than buffered. */
#define LOOKUP_MAX_BODY (16u * 1024u * 1024u)

/* Appends words for a curl failure, e.g. "did not answer within 5 s" or
 * "could not be reached: connection refused". */
void lookup_describe_transport(struct strbuf *out, int curl_code, bool connected,
			       long timeout_ms, long connect_timeout_ms, const char *curl_message);

/* True when a transport failure is worth trying again (timeouts, refused or
 * dropped connections); false for answers too large, bad URLs and the like. */
bool lookup_transport_retryable(int curl_code);

/* Milliseconds to wait before retry number `retry` (1, 2, ...): 200 ms
 * doubling, at most 3.2 s, plus up to a quarter more at random. */
long lookup_backoff_ms(int retry);

/* Monotonic seconds. */
double lookup_mono_now(void *unused);

#endif
