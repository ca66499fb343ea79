/* fuzz_ytree.c: libFuzzer target: any bytes load or fail with a message. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "util/ytree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf err = STRBUF_INIT;
	struct ynode *root = NULL;

	if (ytree_load_string("fuzz.yaml", (const char *)data, size, &root, &err) == 0) {
		if (!root)
			abort();
	} else if (!err.len || root) {
		abort();
	}
	ytree_free(&root);
	sb_release(&err);
	return 0;
}
