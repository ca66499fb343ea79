/* keys.c: key names <-> key codes (no curses). */
#include "ui/keys.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/sanitize.h"

struct key_alias {
	const char *name;
	ui_key key;
};

/* The first name for a key is the canonical one. */
static const struct key_alias named[] = {
	{"Space", UIK_SPACE},       {"Enter", UIK_ENTER},         {"Return", UIK_ENTER},
	{"Tab", UIK_TAB},           {"S-Tab", UIK_BTAB},          {"BTab", UIK_BTAB},
	{"Backtab", UIK_BTAB},      {"Esc", UIK_ESC},             {"Escape", UIK_ESC},
	{"Backspace", UIK_BACKSPACE}, {"BS", UIK_BACKSPACE},      {"Delete", UIK_DELETE},
	{"Del", UIK_DELETE},        {"Insert", UIK_INSERT},       {"Ins", UIK_INSERT},
	{"Home", UIK_HOME},         {"End", UIK_END},             {"PageUp", UIK_PAGE_UP},
	{"PgUp", UIK_PAGE_UP},      {"PageDown", UIK_PAGE_DOWN},  {"PgDn", UIK_PAGE_DOWN},
	{"Up", UIK_UP},             {"Down", UIK_DOWN},           {"Left", UIK_LEFT},
	{"Right", UIK_RIGHT},
};

static int ctrl_key(char c, ui_key *out)
{
	if (c >= 'A' && c <= 'Z')
		c = (char)(c - 'A' + 'a');
	switch (c) {
	case 'i':
		*out = UIK_TAB;
		return 0;
	case 'm':
	case 'j':
		*out = UIK_ENTER;
		return 0;
	case 'h':
		*out = UIK_BACKSPACE;
		return 0;
	case '[':
		*out = UIK_ESC;
		return 0;
	default:
		if (c >= 'a' && c <= 'z') {
			*out = UIK_CTRL(c);
			return 0;
		}
		return -1;
	}
}

int ui_key_from_name(const char *name, ui_key *out)
{
	size_t i, len, skip;
	unsigned cp;
	char *end;
	long n;

	if (!name || !*name)
		return -1;
	len = strlen(name);
	/* one character: itself */
	if (utf8_decode((const unsigned char *)name, len, &cp, &skip) == len) {
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
			return -1;
		*out = (ui_key)cp;
		return 0;
	}
	for (i = 0; i < sizeof named / sizeof named[0]; i++) {
		if (!strcasecmp(name, named[i].name)) {
			*out = named[i].key;
			return 0;
		}
	}
	if ((name[0] == 'F' || name[0] == 'f') && name[1] >= '1' && name[1] <= '9') {
		n = strtol(name + 1, &end, 10);
		if (*end == '\0' && n >= 1 && n <= 24) {
			*out = UIK_F(n);
			return 0;
		}
		return -1;
	}
	if (len == 3 && (name[0] == 'C' || name[0] == 'c') && name[1] == '-')
		return ctrl_key(name[2], out);
	if (len == 2 && name[0] == '^')
		return ctrl_key(name[1], out);
	return -1;
}

int ui_key_name(ui_key k, struct strbuf *out)
{
	size_t i;

	for (i = 0; i < sizeof named / sizeof named[0]; i++)
		if (named[i].key == k)
			return sb_adds(out, named[i].name);
	if (k > UIK_F0 && k <= UIK_LAST)
		return sb_addf(out, "F%d", (int)(k - UIK_F0));
	if (k >= 1 && k <= 26)
		return sb_addf(out, "C-%c", 'a' + k - 1);
	if (k > 0x20 && k <= 0x10ffff && k != 0x7f)
		return utf8_encode(out, (unsigned)k);
	return sb_addf(out, "<key %ld>", (long)k);
}

int ui_key_is_text(ui_key k)
{
	return k >= 0x20 && k <= 0x10ffff && k != 0x7f && !(k >= 0x80 && k < 0xa0);
}
