/* keymap.c: built-in key bindings, keymap.yaml parsing, and key look-up
 * (no curses; tested in tests/unit/ui/test_keymap.c). */
#include "ui/keymap.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/ytree.h"

/* ---- the action and section tables (generated from ui/actions.h) ---- */

static const char *const act_names[] = {
	"",
#define NAME(e, name, help) name,
	UI_ACTION_LIST(NAME)
#undef NAME
};
static const char *const act_helps[] = {
	"",
#define HELP(e, name, help) help,
	UI_ACTION_LIST(HELP)
#undef HELP
};
static const char *const sec_names[] = {
#define NAME(e, name, help) name,
	UI_SECTION_LIST(NAME)
#undef NAME
};
static const char *const sec_helps[] = {
#define HELP(e, name, help) help,
	UI_SECTION_LIST(HELP)
#undef HELP
};

const char *action_name(enum ui_action a)
{
	return a > ACT_NONE && a < ACT_COUNT ? act_names[a] : "";
}

const char *action_help(enum ui_action a)
{
	return a > ACT_NONE && a < ACT_COUNT ? act_helps[a] : "";
}

enum ui_action action_from_name(const char *name)
{
	int a;

	for (a = ACT_NONE + 1; a < ACT_COUNT; a++)
		if (!strcmp(act_names[a], name))
			return (enum ui_action)a;
	return ACT_NONE;
}

const char *section_name(enum ui_section s)
{
	return s < SEC_COUNT ? sec_names[s] : "";
}

const char *section_help(enum ui_section s)
{
	return s < SEC_COUNT ? sec_helps[s] : "";
}

enum ui_section section_from_name(const char *name)
{
	int s;

	for (s = 0; s < SEC_COUNT; s++)
		if (!strcmp(sec_names[s], name))
			return (enum ui_section)s;
	return SEC_COUNT;
}

/* ---- built-in bindings: config/keymap.yaml says the same ---- */

static const struct {
	enum ui_section sec;
	enum ui_action act;
	const char *keys; /* names separated by spaces */
} defaults[] = {
	{SEC_GLOBAL, ACT_QUIT, "F10"},
	{SEC_GLOBAL, ACT_HELP, "? F1"},
	{SEC_GLOBAL, ACT_BACK, "Esc"},
	{SEC_GLOBAL, ACT_REDRAW, "C-l"},
	{SEC_GLOBAL, ACT_UP, "Up"},
	{SEC_GLOBAL, ACT_DOWN, "Down"},
	{SEC_GLOBAL, ACT_LEFT, "Left"},
	{SEC_GLOBAL, ACT_RIGHT, "Right"},
	{SEC_GLOBAL, ACT_PAGE_UP, "PageUp"},
	{SEC_GLOBAL, ACT_PAGE_DOWN, "PageDown"},
	{SEC_GLOBAL, ACT_FIRST, "Home"},
	{SEC_GLOBAL, ACT_LAST, "End"},
	{SEC_GLOBAL, ACT_SELECT, "Enter"},
	{SEC_GLOBAL, ACT_NEXT_FIELD, "Tab"},
	{SEC_GLOBAL, ACT_PREV_FIELD, "S-Tab"},
	{SEC_GLOBAL, ACT_SEARCH, "/"},
	{SEC_GLOBAL, ACT_REFRESH, "C-r"},
	{SEC_HOME, ACT_QUIT, "q"},
	{SEC_HOME, ACT_OPEN_REFERRALS, "r F2"},
	{SEC_HOME, ACT_OPEN_CATALOGUE, "c F3"},
	{SEC_HOME, ACT_OPEN_SUPPLIER, "s F4"},
	{SEC_HOME, ACT_OPEN_ACCOMMODATION, "a F5"},
	{SEC_HOME, ACT_OPEN_REPORTS, "p F6"},
	{SEC_HOME, ACT_OPEN_HELP, "h F7"},
	{SEC_HOME, ACT_OPEN_DRAFTS, "d F8"},
	{SEC_AREA, ACT_BACK, "q"},
	{SEC_HELP_SCREEN, ACT_BACK, "q"},
	{SEC_HELP_OVERLAY, ACT_BACK, "q"},
	{SEC_DIALOG, ACT_YES, "y Y"},
	{SEC_DIALOG, ACT_NO, "n N"},
	/* F-keys for the Ctrl keys terminals, multiplexers and browsers take
	 * (C-a is screen's prefix, C-w closes a browser tab): F11, and F13/F14,
	 * which most terminals send for Shift-F1/Shift-F2 */
	{SEC_TEXT_FIELD, ACT_LINE_START, "Home C-a"},
	{SEC_TEXT_FIELD, ACT_LINE_END, "End C-e"},
	{SEC_TEXT_FIELD, ACT_DELETE_WORD, "C-w F11"},
	{SEC_TEXT_FIELD, ACT_DELETE_TO_START, "C-u F13"},
	{SEC_TEXT_FIELD, ACT_DELETE_TO_END, "C-k F14"},
	{SEC_REPORTS, ACT_EXPORT, "x F8"},
	{SEC_CAS3_QUEUE, ACT_BACK, "q"},
	{SEC_CAS3_QUEUE, ACT_NEXT_TAB, "] Right"},
	{SEC_CAS3_QUEUE, ACT_PREV_TAB, "[ Left"},
	{SEC_CAS3_QUEUE, ACT_ALLOCATE, "a"},
	{SEC_CAS3_ASSESSMENT, ACT_BACK, "q"},
	{SEC_CAS3_ASSESSMENT, ACT_ALLOCATE, "a"},
	{SEC_CAS3_ASSESSMENT, ACT_TO_UNALLOCATED, "u"},
	{SEC_CAS3_ASSESSMENT, ACT_TO_IN_REVIEW, "i"},
	{SEC_CAS3_ASSESSMENT, ACT_TO_READY, "r"},
	{SEC_CAS3_ASSESSMENT, ACT_TO_ARCHIVED, "z"},
	{SEC_CAS3_ASSESSMENT, ACT_REJECT, "x"},
	{SEC_CAS3_ASSESSMENT, ACT_ADD_NOTE, "n"},
	{SEC_CAS3_ASSESSMENT, ACT_PLACE, "p F2"},
	{SEC_CAS3_ASSESSMENT, ACT_OPEN_BOOKING, "b"},
	{SEC_CAS3_ASSESSMENT, ACT_CHANGE_DATES, "d"},
	{SEC_CAS3_SEARCH, ACT_BACK, "q"},
	{SEC_CAS3_SEARCH, ACT_BOOK, "b F2"},
	{SEC_CAS3_SEARCH, ACT_OPEN_GRID, "g"},
	{SEC_CAS3_SEARCH, ACT_SEARCH, "/ s"},
	{SEC_CAS3_GRID, ACT_BACK, "q"},
	{SEC_CAS3_GRID, ACT_NEXT_WEEK, "] w"},
	{SEC_CAS3_GRID, ACT_PREV_WEEK, "[ b"},
	{SEC_CAS3_GRID, ACT_TODAY, "t"},
	{SEC_CAS3_BOOKING, ACT_BACK, "q"},
	{SEC_CAS3_BOOKING, ACT_NEXT_TAB, "] Right"},
	{SEC_CAS3_BOOKING, ACT_PREV_TAB, "[ Left"},
	{SEC_CAS3_BOOKING, ACT_CONFIRM_BOOKING, "c"},
	{SEC_CAS3_BOOKING, ACT_MARK_ARRIVED, "a"},
	{SEC_CAS3_BOOKING, ACT_MARK_DEPARTED, "d"},
	{SEC_CAS3_BOOKING, ACT_EXTEND, "e"},
	{SEC_CAS3_BOOKING, ACT_OVERSTAY, "o"},
	{SEC_CAS3_BOOKING, ACT_CANCEL_BOOKING, "x"},
	{SEC_CAS3_BOOKING, ACT_CHANGE_TURNAROUND, "t"},
	{SEC_CAS3_BOOKING, ACT_OPEN_GRID, "g"},
	{SEC_FORM, ACT_SAVE_CONTINUE, "F2"},
	{SEC_FORM, ACT_ADD_ITEM, "F3"},
	{SEC_FORM, ACT_REMOVE_ITEM, "F4"},
	{SEC_FORM, ACT_RETRY, "F5"},
	{SEC_FORM, ACT_CHECK_ANSWERS, "F6"},
	{SEC_FORM, ACT_CONFIRM_TEXT, "F7"},
	{SEC_FORM, ACT_REMOVE_TEXT, "F8"},
	{SEC_FORM, ACT_RESTORE_TEXT, "F9"},
	{SEC_FORM, ACT_KEEP_COPY, "F12"},
	{SEC_DRAFTS, ACT_BACK, "q"},
	{SEC_DRAFTS, ACT_DELETE, "d Delete"},
	{SEC_CATALOGUE, ACT_CAT_MARK, "m Space F8"},
	{SEC_CATALOGUE, ACT_CAT_COMPARE, "c F5"},
	{SEC_CATALOGUE, ACT_CAT_FILTERS, "f F4"},
	{SEC_CATALOGUE, ACT_CAT_CLEAR_FILTERS, "x"},
	{SEC_CATALOGUE, ACT_CAT_SORT, "s F6"},
	{SEC_CATALOGUE, ACT_CAT_PERSON, "p F7"},
	{SEC_CATALOGUE, ACT_EXPORT_TEXT, "e"},
	{SEC_CATALOGUE, ACT_EXPORT_CSV, "v"},
	{SEC_CATALOGUE, ACT_START_REFERRAL, "r F2"},
	{SEC_CAS3_ESTATE, ACT_BACK, "q"},
	{SEC_CAS3_ESTATE, ACT_ADD, "a"},
	{SEC_CAS3_ESTATE, ACT_EDIT, "e"},
	{SEC_CAS3_ESTATE, ACT_EDIT_THIS, "d"},
	{SEC_CAS3_ESTATE, ACT_CANCEL_VOID, "x"},
	{SEC_REFER, ACT_RETRY, "F5 r"},
	{SEC_REFER, ACT_OPEN_CATALOGUE, "c F3"},
	{SEC_SUPPLIER_DASHBOARD, ACT_BACK, "q"},
	{SEC_SUPPLIER_DASHBOARD, ACT_NEXT_TAB, "] Right"},
	{SEC_SUPPLIER_DASHBOARD, ACT_PREV_TAB, "[ Left"},
	{SEC_SUPPLIER_DASHBOARD, ACT_ORDER, "o"},
	{SEC_SUPPLIER_REFERRAL, ACT_BACK, "q"},
	{SEC_SUPPLIER_REFERRAL, ACT_ASSIGN, "a"},
	{SEC_SUPPLIER_REFERRAL, ACT_SCHEDULE, "b"},
	{SEC_SUPPLIER_REFERRAL, ACT_RECORD_FEEDBACK, "f"},
	{SEC_SUPPLIER_REFERRAL, ACT_ACTION_PLAN, "p"},
	{SEC_SUPPLIER_REFERRAL, ACT_END_OF_SERVICE, "e"},
	{SEC_SUPPLIER_REFERRAL, ACT_ADD_NOTE, "n"},
	{SEC_SUPPLIER_REFERRAL, ACT_APPROVE, "v"},
	{SEC_SUPPLIER_REFERRAL, ACT_MARK_SEEN, "m"},
	{SEC_ATTENTION, ACT_BACK, "q"},
	{SEC_ATTENTION, ACT_MARK_SEEN, "m"},
	{SEC_REFERRAL_LIST, ACT_FILTER, "f"},
	{SEC_REFERRAL_LIST, ACT_SORT_REFERRALS, "s"},
	{SEC_REFERRAL_LIST, ACT_BACK, "q"},
	{SEC_REFERRAL_DETAIL, ACT_ADD_NOTE, "n"},
	{SEC_REFERRAL_DETAIL, ACT_NEXT_TAB, "]"},
	{SEC_REFERRAL_DETAIL, ACT_PREV_TAB, "["},
	{SEC_REFERRAL_DETAIL, ACT_AMEND, "a"},
	{SEC_REFERRAL_DETAIL, ACT_WITHDRAW, "w"},
	{SEC_REFERRAL_DETAIL, ACT_SHOW_ORIGINAL, "o"},
	{SEC_REFERRAL_DETAIL, ACT_BACK, "q"},
};

struct binding {
	ui_key key;
	enum ui_action act;
	unsigned line, col; /* where the file bound it; 0 for built-in */
};

struct bindings {
	struct binding *v;
	size_t n, cap;
};

struct keymap {
	struct bindings sec[SEC_COUNT];
};

static int bind_add(struct bindings *b, ui_key key, enum ui_action act, unsigned line,
		    unsigned col)
{
	struct binding *nv;

	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 16;

		nv = realloc(b->v, cap * sizeof *nv);
		if (!nv)
			return -1;
		b->v = nv;
		b->cap = cap;
	}
	b->v[b->n++] = (struct binding){key, act, line, col};
	return 0;
}

static const struct binding *bind_find(const struct bindings *b, ui_key key)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (b->v[i].key == key)
			return &b->v[i];
	return NULL;
}

static void keymap_clear(struct keymap *km)
{
	int s;

	for (s = 0; s < SEC_COUNT; s++) {
		free(km->sec[s].v);
		km->sec[s] = (struct bindings){0};
	}
}

/* Adds the built-in keys of every (section, action) that mentioned[s][a]
 * does not name, unless the section already binds that key. */
static int add_defaults(struct keymap *km, bool mentioned[SEC_COUNT][ACT_COUNT])
{
	size_t i;

	for (i = 0; i < sizeof defaults / sizeof defaults[0]; i++) {
		const char *p = defaults[i].keys;
		struct bindings *b = &km->sec[defaults[i].sec];

		if (mentioned && mentioned[defaults[i].sec][defaults[i].act])
			continue;
		while (*p) {
			char name[16];
			size_t n = strcspn(p, " ");
			ui_key k;

			if (n >= sizeof name)
				return -1;
			memcpy(name, p, n);
			name[n] = '\0';
			p += n + (p[n] == ' ');
			if (ui_key_from_name(name, &k))
				return -1; /* a typo in the table above; caught by the tests */
			if (!bind_find(b, k) && bind_add(b, k, defaults[i].act, 0, 0))
				return -1;
		}
	}
	return 0;
}

struct keymap *keymap_new(void)
{
	struct keymap *km = calloc(1, sizeof *km);

	if (km && add_defaults(km, NULL)) {
		keymap_clear(km);
		free(km);
		km = NULL;
	}
	return km;
}

void keymap_free(struct keymap **km)
{
	if (!km || !*km)
		return;
	keymap_clear(*km);
	free(*km);
	*km = NULL;
}

static bool is_empty_scalar(const struct ynode *n)
{
	return n->type == YN_SCALAR && !n->quoted && (!n->str[0] || !strcmp(n->str, "~") ||
						      !strcmp(n->str, "null"));
}

static int bind_one(struct bindings *b, const char *file, const char *sec,
		    const char *act_name, enum ui_action act, const struct ynode *k,
		    struct strbuf *err)
{
	const struct binding *old;
	ui_key key;

	if (k->type != YN_SCALAR) {
		yerr(err, file, k, "each key of '%s' must be a key name, not a %s", act_name,
		     k->type == YN_MAP ? "map" : "list");
		return -1;
	}
	if (ui_key_from_name(k->str, &key)) {
		yerr(err, file, k,
		     "'%s' is not a key name (use a character, Enter, Esc, Tab, S-Tab, "
		     "Up, Down, F1..F24, C-a..C-z, ...)",
		     k->str);
		return -1;
	}
	old = bind_find(b, key);
	if (old) {
		struct strbuf name = STRBUF_INIT;

		ui_key_name(key, &name);
		if (old->act == act)
			yerr(err, file, k, "key '%s' is listed twice for '%s' in section '%s'",
			     name.buf, act_name, sec);
		else
			yerr(err, file, k,
			     "key '%s' is already bound to '%s' in section '%s' (line %u)",
			     name.buf, action_name(old->act), sec, old->line);
		sb_release(&name);
		return -1;
	}
	return bind_add(b, key, act, k->line, k->col);
}

static int load_section(struct keymap *km, const char *file, enum ui_section s,
			const char *sec, const struct ynode *map,
			bool mentioned[SEC_COUNT][ACT_COUNT], struct strbuf *err)
{
	size_t i, j;

	if (is_empty_scalar(map))
		return 0;
	if (map->type != YN_MAP) {
		yerr(err, file, map, "section '%s' must be a map of action: [keys]", sec);
		return -1;
	}
	for (i = 0; i < map->len; i++) {
		const struct ynode *name = map->items[2 * i], *val = map->items[2 * i + 1];
		enum ui_action a;

		if (name->type != YN_SCALAR) {
			yerr(err, file, name, "action names must be plain words");
			return -1;
		}
		a = action_from_name(name->str);
		if (a == ACT_NONE) {
			yerr(err, file, name, "unknown action '%s' in section '%s'", name->str, sec);
			return -1;
		}
		if (mentioned[s][a]) {
			yerr(err, file, name, "action '%s' appears twice in section '%s'", name->str,
			     sec);
			return -1;
		}
		mentioned[s][a] = true;
		if (val->type == YN_MAP) {
			yerr(err, file, val, "keys for '%s' must be a key name or a list of key names",
			     name->str);
			return -1;
		}
		if (val->type == YN_SCALAR) {
			if (is_empty_scalar(val))
				continue;
			if (bind_one(&km->sec[s], file, sec, name->str, a, val, err))
				return -1;
			continue;
		}
		for (j = 0; j < val->len; j++)
			if (bind_one(&km->sec[s], file, sec, name->str, a, val->items[j], err))
				return -1;
	}
	return 0;
}

static int load_tree(struct keymap *km, const char *file, const struct ynode *root,
		     struct strbuf *err)
{
	bool mentioned[SEC_COUNT][ACT_COUNT];
	struct keymap tmp = {0};
	size_t i;
	int s;

	memset(mentioned, 0, sizeof mentioned);
	if (root->type != YN_MAP) {
		yerr(err, file, root, "a keymap must be a map of sections (global, home, ...)");
		return -1;
	}
	for (i = 0; i < root->len; i++) {
		const struct ynode *name = root->items[2 * i];

		s = name->type == YN_SCALAR ? section_from_name(name->str) : SEC_COUNT;
		if (s == SEC_COUNT) {
			struct strbuf known = STRBUF_INIT;
			int k;

			for (k = 0; k < SEC_COUNT; k++)
				sb_addf(&known, "%s%s", k ? ", " : "", sec_names[k]);
			yerr(err, file, name, "unknown section '%s' (known: %s)",
			     name->type == YN_SCALAR ? name->str : "?", known.buf);
			sb_release(&known);
			keymap_clear(&tmp);
			return -1;
		}
		if (load_section(&tmp, file, (enum ui_section)s, sec_names[s],
				 root->items[2 * i + 1], mentioned, err)) {
			keymap_clear(&tmp);
			return -1;
		}
	}
	if (add_defaults(&tmp, mentioned)) {
		sb_addf(err, "%s: out of memory", file);
		keymap_clear(&tmp);
		return -1;
	}
	keymap_clear(km);
	*km = tmp;
	return 0;
}

int keymap_load_string(struct keymap *km, const char *name, const char *text, size_t len,
		       struct strbuf *err)
{
	struct ynode *root = NULL;
	int rc;

	if (ytree_load_string(name, text, len, &root, err))
		return -1;
	rc = load_tree(km, name, root, err);
	ytree_free(&root);
	return rc;
}

int keymap_load_file(struct keymap *km, const char *path, struct strbuf *err)
{
	struct ynode *root = NULL;
	int rc;

	if (ytree_load_file(path, &root, err))
		return -1;
	rc = load_tree(km, path, root, err);
	ytree_free(&root);
	return rc;
}

enum ui_action keymap_lookup(const struct keymap *km, enum ui_section sec, ui_key k)
{
	const struct binding *b;

	if (sec >= SEC_COUNT)
		sec = SEC_GLOBAL;
	b = bind_find(&km->sec[sec], k);
	if (!b && sec != SEC_GLOBAL)
		b = bind_find(&km->sec[SEC_GLOBAL], k);
	return b ? b->act : ACT_NONE;
}

enum ui_action keymap_lookup_own(const struct keymap *km, enum ui_section sec, ui_key k)
{
	const struct binding *b = sec < SEC_COUNT ? bind_find(&km->sec[sec], k) : NULL;

	return b ? b->act : ACT_NONE;
}

size_t keymap_keys(const struct keymap *km, enum ui_section sec, enum ui_action a,
		   ui_key *out, size_t max)
{
	const struct bindings *own, *glob = &km->sec[SEC_GLOBAL];
	size_t i, n = 0;

	if (sec >= SEC_COUNT)
		sec = SEC_GLOBAL;
	own = &km->sec[sec];
	if (sec != SEC_GLOBAL)
		for (i = 0; i < own->n; i++)
			if (own->v[i].act == a) {
				if (n < max)
					out[n] = own->v[i].key;
				n++;
			}
	for (i = 0; i < glob->n; i++)
		if (glob->v[i].act == a && (sec == SEC_GLOBAL || !bind_find(own, glob->v[i].key))) {
			if (n < max)
				out[n] = glob->v[i].key;
			n++;
		}
	return n;
}

size_t keymap_own_keys(const struct keymap *km, enum ui_section sec, enum ui_action a,
		       ui_key *out, size_t max)
{
	const struct bindings *b;
	size_t i, n = 0;

	if (sec >= SEC_COUNT)
		return 0;
	b = &km->sec[sec];
	for (i = 0; i < b->n; i++)
		if (b->v[i].act == a) {
			if (n < max)
				out[n] = b->v[i].key;
			n++;
		}
	return n;
}

size_t keymap_describe(const struct keymap *km, enum ui_section sec, enum ui_action a,
		       const char *sep, struct strbuf *out)
{
	ui_key keys[16];
	size_t i, n = keymap_keys(km, sec, a, keys, 16);

	for (i = 0; i < n && i < 16; i++) {
		if (i)
			sb_adds(out, sep);
		ui_key_name(keys[i], out);
	}
	return n;
}

ui_key keymap_letter(const struct keymap *km, enum ui_section sec, enum ui_action a)
{
	ui_key keys[16];
	size_t i, n = keymap_keys(km, sec, a, keys, 16);

	for (i = 0; i < n && i < 16; i++)
		if (ui_key_is_text(keys[i]) && keys[i] != ' ')
			return keys[i];
	return UIK_NONE;
}
