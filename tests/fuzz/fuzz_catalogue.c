/* fuzz_catalogue.c: libFuzzer target: any bytes as a find-and-refer
 * catalogue entry load or are refused with problems in words; never a
 * crash or a leak. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "catalogue/catalogue.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf problems = STRBUF_INIT;
	struct cat_def def;
	enum ct_status st;

	cat_def_init(&def);
	st = cat_def_parse((const char *)data, size, "fuzz.json", &def, &problems);
	if (st != CT_OK && st != CT_NOMEM && !problems.len)
		abort(); /* a refusal always says why */
	cat_def_release(&def);
	sb_release(&problems);
	return 0;
}
