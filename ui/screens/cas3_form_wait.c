/* cas3_form_wait.c: until the form screen (ui/form_screen.h) is built, the
 * CAS3 forms cannot open; this says so in words.  Replaced by
 * cas3_form_open.c when it lands. */
#include "ui/screens/cas3_forms.h"
#include "ui/screens/cas3_priv.h"

int cas3_form_open(struct ui *ui, enum cas3_form which, const char *id, long version,
		   const char *arrival, const char *departure, bool *changed, struct strbuf *err)
{
	(void)ui;
	(void)id;
	(void)version;
	(void)arrival;
	(void)departure;
	(void)changed;
	sb_addf(err, "%s needs the form screen, which is not in this build yet",
		cas3_form_label(which));
	return -1;
}

int cas3_open_search_for(struct ui *ui, const struct cas3_place *p, struct strbuf *err)
{
	(void)ui;
	(void)p;
	sb_adds(err, "the search criteria need the form screen, which is not in this build yet");
	return -1;
}
