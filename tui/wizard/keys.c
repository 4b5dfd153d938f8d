/* keys - one table of key bindings for dispatch and help. */
#define _XOPEN_SOURCE 700
#include "keys.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#define CTRL(c) ((c) & 0x1f)

static const struct key_binding bindings[] = {
	{'\r', false, "Enter", ACTION_NEXT, ON_ALL, "confirm, open the selected line, go on"},
	{'\n', false, "Enter", ACTION_NEXT, ON_ALL, NULL},
	{KEY_ENTER, true, "Enter", ACTION_NEXT, ON_ALL, NULL},
	{27, false, "Esc", ACTION_BACK, ON_ALL, "go back (on the lookups: stop a running check)"},
	{KEY_LEFT, true, "Left", ACTION_BACK, ON_NOT_INPUT, NULL},
	{KEY_F(1), true, "F1", ACTION_HELP, ON_ALL, "help for this screen"},
	{'?', false, "?", ACTION_HELP, ON_NOT_INPUT, NULL},
	{'q', false, "q", ACTION_QUIT, ON_NOT_INPUT, "quit (asks while a check runs)"},
	{KEY_F(10), true, "F10", ACTION_QUIT, ON_ALL, NULL},
	{CTRL('q'), false, "Ctrl-Q", ACTION_QUIT, ON_ALL, NULL},
	{KEY_UP, true, "Up", ACTION_UP, ON_ALL, "move up"},
	{'k', false, "k", ACTION_UP, ON_NOT_INPUT, NULL},
	{KEY_DOWN, true, "Down", ACTION_DOWN, ON_ALL, "move down"},
	{'j', false, "j", ACTION_DOWN, ON_NOT_INPUT, NULL},
	{KEY_PPAGE, true, "PgUp", ACTION_PAGE_UP, ON_NOT_INPUT, "page up"},
	{KEY_NPAGE, true, "PgDn", ACTION_PAGE_DOWN, ON_NOT_INPUT, "page down"},
	{' ', false, "Space", ACTION_PAGE_DOWN, ON(SCREEN_VERDICT), NULL},
	{KEY_HOME, true, "Home", ACTION_HOME, ON_NOT_INPUT, "to the top"},
	{KEY_END, true, "End", ACTION_END, ON_NOT_INPUT, "to the end"},
	{'\t', false, "Tab", ACTION_FOCUS_NEXT, ON_ALL, "next item (on a field: go on)"},
	{KEY_BTAB, true, "Shift-Tab", ACTION_FOCUS_PREV, ON_ALL, "previous item (on a field: go back)"},
	{KEY_RIGHT, true, "Right", ACTION_VERDICT, ON(SCREEN_STEPS), "show the verdict once the lookups are done"},
	{'v', false, "v", ACTION_VERDICT, ON(SCREEN_STEPS), NULL},
	{'r', false, "r", ACTION_RECHECK, ON(SCREEN_STEPS) | ON(SCREEN_VERDICT) | ON(SCREEN_SOURCE),
	 "run the check again (where the answer comes from: walk again)"},
	{'o', false, "o", ACTION_SORT, ON(SCREEN_POOL), "sort by verdict, worst first (o again: input order)"},
	{'a', false, "a", ACTION_SOURCE, ON(SCREEN_VERDICT),
	 "where does the answer come from: the zones' own servers and the walk from the root"},
	{'w', false, "w", ACTION_WATCH, ON(SCREEN_VERDICT),
	 "watch: check again until the fix lands, counting down to the cache's expiry (w again stops)"},
	{'s', false, "s", ACTION_SAVE, ON(SCREEN_VERDICT), "save the report to a file"},
	{'t', false, "t", ACTION_TICKET, ON(SCREEN_VERDICT), "show a support request to send your provider"},
	{'m', false, "m", ACTION_SAVE_POST, ON(SCREEN_VERDICT), "save the report as a post for a forum (Markdown)"},
	{' ', false, "Space", ACTION_REVEAL, ON(SCREEN_STEPS) | ON(SCREEN_SOURCE),
	 "presenter mode (--step): show the next answer (where it comes from: the next level)"},
	{'F', false, "F", ACTION_FIXED, ON(SCREEN_VERDICT), "lab: run the scenario's fixed version and show what changed"},
	{'f', false, "f", ACTION_FIXED, ON(SCREEN_VERDICT), NULL},
	{KEY_F(2), true, "F2", ACTION_EXPLAIN, ON(SCREEN_PASTE), "read the pasted text (then Enter checks the address it names)"},
	{CTRL('d'), false, "Ctrl-D", ACTION_EXPLAIN, ON(SCREEN_PASTE), NULL},
};

const struct key_binding *keys_table(size_t *count)
{
	*count = sizeof bindings / sizeof bindings[0];
	return bindings;
}

enum action keys_action(enum screen_id screen, wint_t ch, bool key_code)
{
	for (size_t i = 0; i < sizeof bindings / sizeof bindings[0]; i++) {
		const struct key_binding *b = &bindings[i];
		if (b->code == key_code && (wint_t)b->key == ch && (b->screens & ON(screen)))
			return b->action;
	}
	return ACTION_NONE;
}

char *keys_help_text(enum screen_id screen, char *buf, size_t size)
{
	size_t n = sizeof bindings / sizeof bindings[0], used = 0;
	buf[0] = '\0';
	/* A group is a run of bindings with one action: "Esc, Left  go back". */
	for (size_t i = 0; i < n;) {
		size_t end = i;
		while (end < n && bindings[end].action == bindings[i].action)
			end++;
		char names[64] = "";
		for (size_t k = i; k < end; k++) {
			if (!(bindings[k].screens & ON(screen)) || strstr(names, bindings[k].name))
				continue;
			size_t len = strlen(names);
			snprintf(names + len, sizeof names - len, "%s%s", len ? ", " : "", bindings[k].name);
		}
		if (names[0] && used < size) {
			int w = snprintf(buf + used, size - used, "%-18s %s\n", names, bindings[i].description);
			if (w > 0)
				used += (size_t)w < size - used ? (size_t)w : size - used - 1;
		}
		i = end;
	}
	return buf;
}
