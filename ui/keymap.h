/* keymap.h: which key runs which action, per keymap section (no curses).
 *
 * config/keymap.yaml has one map per section (global, home, ...; see
 * UI_SECTION_LIST in ui/actions.h), each mapping an action name to a key
 * name or a list of key names (see ui/keys.h):
 *
 *     global:
 *       quit: [F10]
 *       help: ["?", F1]
 *     home:
 *       quit: q
 *
 * An action the file names replaces the built-in keys of that action in that
 * section ([] unbinds it); actions it does not name keep their built-in keys,
 * unless the file gives one of those keys to another action of the section.
 * Look-up is: the screen's section, then global; an unbound key reaches the
 * screen as ACT_NONE (its default handling, e.g. typing into a field).
 *
 * Ownership: keymap_new() returns a keymap that keymap_free() frees. */
#ifndef CASETERM_UI_KEYMAP_H
#define CASETERM_UI_KEYMAP_H

#include <stddef.h>

#include "ui/actions.h"
#include "ui/keys.h"
#include "util/strbuf.h"

struct keymap;

/* A keymap holding the built-in bindings; NULL on ENOMEM. */
struct keymap *keymap_new(void);
void keymap_free(struct keymap **km);

/* Applies a keymap file over the built-in bindings.  Returns 0, or -1 with
 * "file:line:col: message" appended to err (km is then unchanged). */
int keymap_load_file(struct keymap *km, const char *path, struct strbuf *err);
int keymap_load_string(struct keymap *km, const char *name, const char *text, size_t len,
		       struct strbuf *err);

/* The action key k runs on a screen of section sec (sec, then global), or
 * ACT_NONE. */
enum ui_action keymap_lookup(const struct keymap *km, enum ui_section sec, ui_key k);
/* The action key k runs in section sec itself (no fallback), or ACT_NONE. */
enum ui_action keymap_lookup_own(const struct keymap *km, enum ui_section sec, ui_key k);
/* Stores in out[0..max) the keys that run action a on a screen of section sec
 * (those of sec first, then global ones sec does not take over), in keymap
 * order.  Returns how many there are (may exceed max). */
size_t keymap_keys(const struct keymap *km, enum ui_section sec, enum ui_action a,
		   ui_key *out, size_t max);
/* Like keymap_keys, but only the keys section sec binds itself. */
size_t keymap_own_keys(const struct keymap *km, enum ui_section sec, enum ui_action a,
		       ui_key *out, size_t max);
/* Appends the names of those keys joined by sep ("?, F1"); nothing when a has
 * no key.  Returns the number of keys named. */
size_t keymap_describe(const struct keymap *km, enum ui_section sec, enum ui_action a,
		       const char *sep, struct strbuf *out);
/* The first key of action a (as keymap_keys) that is a printable character,
 * or UIK_NONE: the letter shown as "[R]eferrals". */
ui_key keymap_letter(const struct keymap *km, enum ui_section sec, enum ui_action a);

#endif
