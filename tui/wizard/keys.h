/* keys - one table of key bindings: it drives dispatch and the help
 * overlay, and a test checks that every action is listed there. */
#ifndef PTRDOCTOR_KEYS_H
#define PTRDOCTOR_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "toolkit/action.h"

enum screen_id {
	SCREEN_WELCOME = 0, SCREEN_IP, SCREEN_HELO, SCREEN_PROVIDER, SCREEN_STEPS, SCREEN_VERDICT,
	SCREEN_LABS,  /* the lab scenarios, reached from the welcome screen */
	SCREEN_PASTE, /* a pasted bounce or Received header, from the welcome screen */
	SCREEN_SOURCE, /* where the answer comes from: the zones' servers and the walk from the root */
	SCREEN_POOL,   /* several addresses typed in the IP field */
	SCREEN_MACHINE, /* "Check this machine": what detect found */
	SCREEN_COUNT
};

#define ON(s) (1u << (s))
#define ON_ALL ((1u << SCREEN_COUNT) - 1)
#define ON_INPUT (ON(SCREEN_IP) | ON(SCREEN_HELO) | ON(SCREEN_PASTE))
#define ON_NOT_INPUT (ON_ALL & ~ON_INPUT)


struct key_binding {
	int key;            /* a character, or a curses KEY_ code when code is true */
	bool code;
	const char *name;   /* as the help overlay shows it */
	enum action action;
	unsigned screens;   /* ON(...) mask */
	const char *description;
};

/* keys_table - every binding, in help order. */
const struct key_binding *keys_table(size_t *count);

/* keys_action - the action of a key on a screen, or ACTION_NONE. */
enum action keys_action(enum screen_id screen, wint_t ch, bool key_code);

/* keys_help_text - the key list of a screen, one "name  description" line
 * each (a binding sharing an action with the previous line is joined).
 * Writes into buf; returns buf. */
char *keys_help_text(enum screen_id screen, char *buf, size_t size);

#endif
