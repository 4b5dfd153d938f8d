/* screen_welcome - what ptrdoctor checks, and where to start. */
#define _XOPEN_SOURCE 700
#define _XOPEN_SOURCE_EXTENDED 1
#include <stdio.h>

#include "../engine/help.h"
#include "widgets.h"
#include "wizard.h"

enum choice { CHOICE_CHECK, CHOICE_BOUNCE, CHOICE_LAB, CHOICE_HELP };

static const char *const choices[] = {
	"Check my mail server",
	"Paste a bounce or a Received header",
	"Lab scenarios for trainers (offline)",
	"Help",
};

static int intro_lines(const struct wizard *w)
{
	return term_wrap_lines(w->cols - 4, help_text("screens/welcome-intro.txt"));
}

static void enter(struct wizard *w)
{
	int y = wizard_top(w) + intro_lines(w) + 1;
	choices_build(w, y, 4, 4, w->cols - 8, choices, 4, 0);
}

static void leave(struct wizard *w)
{
	choices_free(w);
}

static void draw(struct wizard *w)
{
	term_wrap(stdscr, wizard_top(w), 2, w->cols - 4, wizard_bottom(w) - wizard_top(w), help_text("screens/welcome-intro.txt"),
		  A_NORMAL);
	choices_show(w);
}

static bool act(struct wizard *w, enum action action)
{
	if (choices_move(w, action))
		return true;
	if (action != ACTION_NEXT)
		return action == ACTION_BACK; /* nothing before the welcome */
	switch ((enum choice)choices_selected(w)) {
	case CHOICE_CHECK:
		wizard_go(w, SCREEN_IP);
		break;
	case CHOICE_BOUNCE:
		wizard_go(w, SCREEN_PASTE);
		break;
	case CHOICE_LAB:
		wizard_go(w, SCREEN_LABS);
		break;
	case CHOICE_HELP: {
		char text[12000];
		snprintf(text, sizeof text, "%s\n\nGlossary\n\n%s", help_text("screens/welcome.txt"), help_text("glossary.txt"));
		overlay_open_text(&w->overlay, w->rows, w->cols, "Help and glossary", text);
		break;
	}
	}
	return true;
}

const struct screen screen_welcome = {
	SCREEN_WELCOME, "Welcome", "screens/welcome.txt", enter, leave, draw, act, NULL, NULL,
	0, NULL, /* no state of its own */
};
