/* paste.h: bracketed paste (xterm mode 2004) decoded from the key stream
 * (no curses; ui/term.c feeds it, tests/unit/ui/test_paste.c tests it).
 *
 * The terminal wraps pasted text in ESC [200~ ... ESC [201~.  ui/term.c asks
 * curses to report the two markers as the pseudo keys UIK_PASTE_START and
 * UIK_PASTE_END (define_key); the decoder then collects everything between
 * them into one buffer and hands it over once, so a paste of 100,000
 * characters is one insertion and one redraw.  It also copes with what
 * curses does not:
 *  - markers that arrive as separate keys (ESC, '[', '2', '0', '0', '~'),
 *    as when the bytes were split across reads by more than the ESC delay;
 *  - ESC and escape sequences inside the paste (kept as bytes for
 *    edit_insert() to drop; keys curses decoded, such as an arrow, are
 *    dropped here);
 *  - a paste whose end marker never comes: after PASTE_TIMEOUT_MS without
 *    input what was collected is handed over and keys work again.
 * Times are in milliseconds from any fixed point (the caller's clock). */
#ifndef CASETERM_UI_PASTE_H
#define CASETERM_UI_PASTE_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/keys.h"
#include "util/strbuf.h"

enum {
	UIK_PASTE_START = UIK_LAST + 1,
	UIK_PASTE_END,
};

/* No input for this long ends a paste that has no end marker. */
#define PASTE_TIMEOUT_MS 1000
/* A marker begun as separate keys waits this long for its next key. */
#define PASTE_MARKER_WAIT_MS 50

struct paste_sink {
	void (*key)(void *ctx, ui_key k);                       /* an ordinary key */
	void (*paste)(void *ctx, const char *text, size_t len); /* a whole paste */
	void *ctx;
};

struct paste_dec {
	struct paste_sink sink;
	bool in_paste;
	bool oom;            /* the buffer could not grow: the rest is lost */
	struct strbuf buf;   /* the paste so far */
	ui_key pend[6];      /* keys that may be the start of a start marker */
	int npend;
	long deadline;       /* when paste_idle must be called; 0: never */
};

void paste_init(struct paste_dec *d, const struct paste_sink *sink);
void paste_release(struct paste_dec *d);
/* One key as curses gave it (UIK_ENTER for '\r', UIK_PASTE_START...). */
void paste_feed(struct paste_dec *d, ui_key k, long now);
/* No more keys are waiting right now.  Releases a lone ESC held as a
 * possible marker start at once (curses already waited its ESC delay), and
 * ends what has timed out. */
void paste_idle(struct paste_dec *d, long now);
/* Milliseconds until paste_idle() must be called again, or -1. */
int paste_timeout(const struct paste_dec *d, long now);
/* True while inside a paste (keys are text, not commands). */
bool paste_active(const struct paste_dec *d);

#endif
