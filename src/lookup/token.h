/* token.h: private to src/lookup: the HMPPS Auth client-credentials token,
 * cached until 60 s before it expires and fetched by one thread at a time
 * (the others wait for that one answer instead of asking again). */
#ifndef CASETERM_LOOKUP_TOKEN_H
#define CASETERM_LOOKUP_TOKEN_H

#include "config/config.h"
#include "util/strbuf.h"

/* Seconds of margin: a token is not used in its last minute. */
#define TOKEN_EXPIRY_MARGIN_S 60

struct token_cache;

/* cfg must outlive the cache.  NULL on ENOMEM. */
struct token_cache *token_cache_new(const struct ct_config *cfg);
void token_cache_free(struct token_cache **tc);

/* Returns a new copy of a valid token (free() it after wiping), fetching one
 * when none is cached or it is within the margin of expiry.  NULL with the
 * reason in err ("HMPPS Auth did not answer within 5 s"). */
char *token_get(struct token_cache *tc, struct strbuf *err);
/* Drops the cached token if it is still `token` (after a 401), so the next
 * token_get fetches a new one.  NULL drops whatever is cached. */
void token_invalidate(struct token_cache *tc, const char *token);

/* The clock (monotonic seconds) used for expiry; tests replace it. */
void token_cache_set_clock(struct token_cache *tc, double (*now)(void *arg), void *arg);
/* How many token requests were sent to HMPPS Auth. */
long token_cache_requests(const struct token_cache *tc);

#endif
