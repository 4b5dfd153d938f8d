/* wizard - the model the screens share: the layout of the screen in view,
 * the message line, the moves between screens, each screen's state, the
 * help of the screen in view. */
#define _XOPEN_SOURCE 700
#define _XOPEN_SOURCE_EXTENDED 1
#include "wizard.h"

#include <stdarg.h>
#include <stdio.h>

#include "util/help.h"

const struct screen *screen_get(const struct wizard *w, enum screen_id id)
{
	return w->screens[id];
}

int wizard_top(const struct wizard *w)
{
	(void)w;
	return 3;
}

int wizard_bottom(const struct wizard *w)
{
	return w->rows - 4;
}

void wizard_message(struct wizard *w, enum message_kind kind, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(w->message, sizeof w->message, fmt, ap);
	va_end(ap);
	w->message_kind = kind;
}

bool wizard_too_small(const struct wizard *w)
{
	return w->cols < TERM_MIN_COLS || w->rows < TERM_MIN_ROWS;
}

void wizard_go(struct wizard *w, enum screen_id id)
{
	if (w->screens[w->screen]->leave)
		w->screens[w->screen]->leave(w);
	w->screen = id;
	w->message[0] = '\0';
	if (!wizard_too_small(w) && w->screens[id]->enter)
		w->screens[id]->enter(w);
}

void wizard_open_help(struct wizard *w)
{
	const struct screen *s = w->screens[w->screen];
	char keys[2048], text[8192], title[80];
	const char *body = help_text(s->help);
	snprintf(text, sizeof text, "%s\nKeys on this screen\n%s", body ? body : "",
		 keys_help_text(w->screen, keys, sizeof keys));
	snprintf(title, sizeof title, "Help: %s", s->name);
	overlay_open_text(&w->overlay, w->rows, w->cols, title, text);
}

void *screen_state(struct wizard *w, enum screen_id id)
{
	return w->screen_states[id];
}

enum tone status_tone(enum rule_status status)
{
	switch (status) {
	case RULE_PASS: return TONE_GOOD;
	case RULE_WARN: return TONE_WARN;
	case RULE_FAIL: return TONE_BAD;
	case RULE_ERROR: return TONE_ERROR;
	case RULE_SKIP: return TONE_QUIET;
	}
	return TONE_QUIET;
}
