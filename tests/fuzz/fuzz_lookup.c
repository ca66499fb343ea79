/* fuzz_lookup.c: libFuzzer target: any bytes given to every nDelius and
 * OASys parser parse or fail with a reason; never a crash, a leak, or a
 * struct left half-made (each result is freed through its _free). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "lookup/lookup.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body = (const char *)data;
	struct strbuf err = STRBUF_INIT;
	struct ndelius_case *nc = ndelius_case_parse(body, size, &err);
	struct responsible_officer *ro = responsible_officer_parse(body, size, &err);
	struct ndelius_convictions *cv = ndelius_convictions_parse(body, size, &err);
	struct oasys_rosh *rosh = oasys_rosh_parse(body, size, &err), *rosh2 = NULL;
	struct oasys_risk_to_self *rts = NULL;
	struct oasys_rmp *rmp = oasys_rmp_parse(body, size, &err);
	struct oasys_needs *needs = oasys_needs_parse(body, size, &err);
	struct oasys_predictors *pred = oasys_predictors_parse(body, size, &err);
	struct oasys_pni *pni = oasys_pni_parse(body, size, &err);

	if (oasys_risks_parse(body, size, &rts, &rosh2, &err) != 0 && (rts || rosh2))
		abort(); /* a failed parse hands nothing out */
	ndelius_case_free(&nc);
	responsible_officer_free(&ro);
	ndelius_convictions_free(&cv);
	oasys_rosh_free(&rosh);
	oasys_rosh_free(&rosh2);
	oasys_risk_to_self_free(&rts);
	oasys_rmp_free(&rmp);
	oasys_needs_free(&needs);
	oasys_predictors_free(&pred);
	oasys_pni_free(&pni);
	sb_release(&err);
	return 0;
}
