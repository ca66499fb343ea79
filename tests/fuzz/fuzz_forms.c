/* fuzz_forms.c: libFuzzer target: any bytes as a form definition
 * (a forms/ YAML file) load or fail with "file:line:col: message"; a form that
 * loads can be filled in and turned to JSON. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "forms/form.h"
#include "forms/state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf err = STRBUF_INIT;
	struct form *form = NULL;
	struct form_state *st;
	char *json = NULL;

	if (form_load_string("fuzz.yaml", (const char *)data, size, &form, &err) != CT_OK) {
		if (!err.len || form)
			abort();
		sb_release(&err);
		return 0;
	}
	st = form_state_new(form);
	if (st) {
		if (form_state_to_json(st, &json) == CT_OK && !json)
			abort();
		free(json);
		form_state_free(&st);
	}
	form_free(&form);
	sb_release(&err);
	return 0;
}
