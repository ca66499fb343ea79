/* fuzz_sanitize.c: libFuzzer target: the sanitiser always yields valid,
 * escape-free UTF-8. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/sanitize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf out = STRBUF_INIT;
	size_t i = 0, l, skip;
	unsigned cp;

	if (text_sanitize_into(&out, (const char *)data, size, SAN_KEEP_NEWLINES))
		abort();
	while (i < out.len) {
		l = utf8_decode((const unsigned char *)out.buf + i, out.len - i, &cp, &skip);
		if (!l || cp == 0x1B || (cp < 0x20 && cp != '\n') || (cp >= 0x7F && cp <= 0x9F))
			abort();
		i += l;
	}
	sb_release(&out);
	return 0;
}
