/* paste.c: bracketed paste decoding (see paste.h). */
#include "ui/paste.h"

#include <string.h>

#include "util/sanitize.h"

static const ui_key start_marker[6] = {UIK_ESC, '[', '2', '0', '0', '~'};
static const char end_marker[] = "\x1b[201~";

void paste_init(struct paste_dec *d, const struct paste_sink *sink)
{
	memset(d, 0, sizeof *d);
	d->sink = *sink;
	sb_init(&d->buf);
}

void paste_release(struct paste_dec *d)
{
	sb_release(&d->buf);
	d->in_paste = false;
	d->npend = 0;
	d->deadline = 0;
}

bool paste_active(const struct paste_dec *d)
{
	return d->in_paste;
}

static void release_pending(struct paste_dec *d)
{
	int i, n = d->npend;

	d->npend = 0;
	d->deadline = 0;
	for (i = 0; i < n; i++)
		d->sink.key(d->sink.ctx, d->pend[i]);
}

static void begin(struct paste_dec *d, long now)
{
	d->npend = 0;
	d->in_paste = true;
	d->oom = false;
	sb_reset(&d->buf);
	d->deadline = now + PASTE_TIMEOUT_MS;
}

static void finish(struct paste_dec *d)
{
	d->in_paste = false;
	d->deadline = 0;
	if (d->buf.len)
		d->sink.paste(d->sink.ctx, d->buf.buf, d->buf.len);
	sb_reset(&d->buf);
}

/* Appends one key of the paste as the bytes the terminal sent for it. */
static void add(struct paste_dec *d, ui_key k)
{
	int rc = 0;

	if (k == UIK_ENTER)
		rc = sb_addc(&d->buf, '\n');
	else if (k >= 1 && k < 0x20) /* Tab, ESC, other controls: the sanitiser decides */
		rc = sb_addc(&d->buf, (char)k);
	else if (ui_key_is_text(k))
		rc = utf8_encode(&d->buf, (unsigned)k);
	/* keys curses decoded from an escape sequence in the text: dropped */
	if (rc)
		d->oom = true;
}

void paste_feed(struct paste_dec *d, ui_key k, long now)
{
	if (d->in_paste) {
		d->deadline = now + PASTE_TIMEOUT_MS;
		if (k == UIK_PASTE_END) {
			finish(d);
			return;
		}
		if (k == UIK_PASTE_START || d->oom)
			return;
		add(d, k);
		/* an end marker that came as separate keys */
		if (d->buf.len >= sizeof end_marker - 1 &&
		    !memcmp(d->buf.buf + d->buf.len - (sizeof end_marker - 1), end_marker,
			    sizeof end_marker - 1)) {
			sb_setlen(&d->buf, d->buf.len - (sizeof end_marker - 1));
			finish(d);
		}
		return;
	}
	if (d->npend) {
		if (k == start_marker[d->npend]) {
			d->pend[d->npend++] = k;
			if (d->npend == 6)
				begin(d, now);
			else
				d->deadline = now + PASTE_MARKER_WAIT_MS;
			return;
		}
		release_pending(d);
	}
	switch (k) {
	case UIK_ESC:
		d->pend[d->npend++] = k;
		return;
	case UIK_PASTE_START:
		begin(d, now);
		return;
	case UIK_PASTE_END:
		return; /* a stray end marker */
	default:
		d->sink.key(d->sink.ctx, k);
	}
}

void paste_idle(struct paste_dec *d, long now)
{
	if (d->in_paste) {
		if (now >= d->deadline)
			finish(d);
		return;
	}
	/* a lone ESC: curses already waited for the rest of a sequence */
	if (d->npend == 1 || (d->npend && now >= d->deadline))
		release_pending(d);
}

int paste_timeout(const struct paste_dec *d, long now)
{
	long left;

	if (!d->deadline || (!d->in_paste && !d->npend))
		return -1;
	left = d->deadline - now;
	return left <= 0 ? 0 : left > 60000 ? 60000 : (int)left;
}
