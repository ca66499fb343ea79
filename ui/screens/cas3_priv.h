/* cas3_priv.h: helpers the CAS3 screens share (ui/screens/cas3_*.c). */
#ifndef CASETERM_UI_SCREENS_CAS3_PRIV_H
#define CASETERM_UI_SCREENS_CAS3_PRIV_H

#include "ui/screens/cas3.h"
#include "ui/screens/screens.h"
#include "util/strbuf.h"

/* Replaces *s (may be NULL) by its sanitised copy (util/sanitize.h flags). */
void cas3_san(char **s, int flags);
/* s, or dflt when s is NULL or "". */
const char *cas3_or(const char *s, const char *dflt);

/* "Press q to go back" style key names of action a in section sec, or
 * fallback when it has no key; appended to out. */
void cas3_key_name(struct ui *ui, enum ui_section sec, enum ui_action a, const char *fallback,
		   struct strbuf *out);

#endif
