/* screen_helo - the HELO/EHLO name: validated as typed, with where to
 * read it for common mail servers. */
#define _XOPEN_SOURCE 700
#define _XOPEN_SOURCE_EXTENDED 1
#include <stdio.h>
#include <string.h>

#include "util/help.h"
#include "util/names.h"
#include "toolkit/widgets.h"
#include "screens.h"
#include "wizard/wizard.h"

#define FIELD_Y(w) (wizard_top(w) + 1)

static void validate(struct wizard *w)
{
	input_value(&w->input, w->helo, sizeof w->helo);
	enum helo_kind kind = names_helo_kind(w->helo, NULL);
	if (kind == HELO_EMPTY)
		wizard_message(w, MESSAGE_INFO, "Type the name your server says in HELO/EHLO, or leave it empty to skip those checks.");
	else if (kind == HELO_FQDN || kind == HELO_ADDRESS_LITERAL)
		wizard_message(w, MESSAGE_OK, "HELO %s: %s.", w->helo, names_helo_kind_message(kind));
	else
		wizard_message(w, MESSAGE_WARN, "%s. You can go on: the check will show what receivers do with it.",
			       names_helo_kind_message(kind));
}

static void enter(struct wizard *w)
{
	input_build(&w->input, FIELD_Y(w), 4, 60, w->helo, WIZARD_INPUT_MAX, w->theme.field);
	validate(w);
}

static void leave(struct wizard *w)
{
	input_free(&w->input);
}

static void draw(struct wizard *w)
{
	char head[400];
	snprintf(head, sizeof head, "Which name does the server at %s give in HELO/EHLO?", w->ip);
	term_text(stdscr, wizard_top(w), 2, w->cols - 4, head, A_BOLD);
	int y = FIELD_Y(w) + 2;
	term_wrap(stdscr, y, 2, w->cols - 4, wizard_bottom(w) - y, help_text("screens/helo-intro.txt"), A_NORMAL);
	input_show(&w->input, w->overlay.kind == OVERLAY_NONE);
}

/* go_on - add the HELO to the running check, or start again with it. */
static void go_on(struct wizard *w)
{
	validate(w);
	const char *had = w->diagnosis ? diagnosis_helo(w->diagnosis) : NULL;
	bool same = (!had && !w->helo[0]) || (had && strcmp(had, w->helo) == 0);
	if (!w->diagnosis || strcmp(w->checked_ip, w->ip) != 0 || (had && !same))
		wizard_check_start(w, true);
	else if (!had && w->helo[0] && !diagnosis_add_helo(w->diagnosis, w->helo))
		wizard_check_start(w, true);
	if (w->done) {
		w->done = diagnosis_is_done(w->diagnosis);
		w->diagnosis_done = w->done;
	}
	wizard_go(w, SCREEN_PROVIDER);
}

static bool act(struct wizard *w, enum action action)
{
	if (action == ACTION_NEXT || action == ACTION_FOCUS_NEXT) {
		go_on(w);
		return true;
	}
	if (action == ACTION_FOCUS_PREV) {
		wizard_go(w, SCREEN_IP);
		return true;
	}
	return false;
}

static bool type(struct wizard *w, wint_t ch, bool key_code)
{
	if (!input_type(&w->input, ch, key_code))
		return false;
	validate(w);
	return true;
}

const struct screen screen_helo = {
	.id = SCREEN_HELO, .name = "HELO name", .help = "screens/helo.txt", .enter = enter, .leave = leave,
	.draw = draw, .act = act, .type = type,
};
