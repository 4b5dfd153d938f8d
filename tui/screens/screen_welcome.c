/* screen_welcome - what ptrdoctor checks, and where to start. */
#define _XOPEN_SOURCE 700
#define _XOPEN_SOURCE_EXTENDED 1
#include <stdio.h>

#include "util/help.h"
#include "machine/machine.h"
#include "toolkit/widgets.h"
#include "screens.h"
#include "wizard/wizard.h"

enum choice { CHOICE_MACHINE, CHOICE_CHECK, CHOICE_BOUNCE, CHOICE_LAB, CHOICE_HELP };

static const char *const choices[] = {
	"Check this machine",
	"Check my mail server",
	"Paste a bounce or a Received header",
	"Lab scenarios for trainers (offline)",
	"Help",
};

/* This screen's own state (screen_state): nobody else reads it. */
struct welcome_state {
	bool looked;
	enum mta_kind mta;     /* installed here: "Check this machine" comes first */
	char machine[80];      /* its label */
};

static struct welcome_state *state_of(struct wizard *w)
{
	return screen_state(w, SCREEN_WELCOME);
}

/* first_choice - CHOICE_MACHINE when a mail server is installed (and no
 * lab answers instead of the network), else CHOICE_CHECK. */
static int first_choice(struct wizard *w)
{
	struct welcome_state *st = state_of(w);
	if (!st->looked) {
		st->looked = true;
		st->mta = w->opts->lab ? MTA_NONE : mta_installed(MTA_NONE);
		snprintf(st->machine, sizeof st->machine, "Check this machine (%s found)", mta_kind_name(st->mta));
	}
	return st->mta != MTA_NONE ? CHOICE_MACHINE : CHOICE_CHECK;
}

static int intro_lines(const struct wizard *w)
{
	return term_wrap_lines(w->cols - 4, help_text("screens/welcome-intro.txt"));
}

static void enter(struct wizard *w)
{
	int first = first_choice(w);
	const char *labels[5];
	for (int i = first; i <= CHOICE_HELP; i++)
		labels[i - first] = i == CHOICE_MACHINE ? state_of(w)->machine : choices[i];
	int y = wizard_top(w) + intro_lines(w) + 1;
	choices_build(&w->choices, y, 4, CHOICE_HELP + 1 - first, w->cols - 8, labels, (size_t)(CHOICE_HELP + 1 - first), 0, w->theme.selected);
}

static void leave(struct wizard *w)
{
	choices_free(&w->choices);
}

static void draw(struct wizard *w)
{
	term_wrap(stdscr, wizard_top(w), 2, w->cols - 4, wizard_bottom(w) - wizard_top(w), help_text("screens/welcome-intro.txt"),
		  A_NORMAL);
	choices_show(&w->choices);
}

static bool act(struct wizard *w, enum action action)
{
	if (choices_move(&w->choices, action))
		return true;
	if (action != ACTION_NEXT)
		return action == ACTION_BACK; /* nothing before the welcome */
	switch ((enum choice)(choices_selected(&w->choices) + first_choice(w))) {
	case CHOICE_MACHINE:
		wizard_go(w, SCREEN_MACHINE);
		break;
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
	.id = SCREEN_WELCOME, .name = "Welcome", .help = "screens/welcome.txt", .enter = enter, .leave = leave,
	.draw = draw, .act = act, .state_size = sizeof(struct welcome_state),
};
