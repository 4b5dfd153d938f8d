/* screen_provider - who hosts the server: the PTR is set there. */
#define _XOPEN_SOURCE 700
#define _XOPEN_SOURCE_EXTENDED 1
#include <stdio.h>

#include "util/help.h"
#include "rules/provider.h"
#include "toolkit/widgets.h"
#include "screens.h"
#include "wizard/wizard.h"

/* This screen's own state (screen_state): nobody else reads it. */
struct provider_state {
	bool guess_shown;  /* the guess from DNS was offered */
};

static struct provider_state *state_of(struct wizard *w)
{
	return screen_state(w, SCREEN_PROVIDER);
}

static int other_index(void)
{
	for (size_t i = 0; i < provider_count(); i++)
		if (provider_at(i) == provider_find("other"))
			return (int)i;
	return 0;
}

static int index_of(const struct provider *p)
{
	for (size_t i = 0; p && i < provider_count(); i++)
		if (provider_at(i) == p)
			return (int)i;
	return -1;
}

/* preselect - the user's earlier choice, else the guess from DNS. */
static int preselect(const struct wizard *w)
{
	if (w->provider >= 0)
		return w->provider;
	int guessed = w->have_results ? index_of(w->findings.guess.provider) : -1;
	return guessed >= 0 ? guessed : other_index();
}

static void tell_guess(struct wizard *w)
{
	if (w->provider < 0 && w->have_results && w->findings.guess.provider)
		wizard_message(w, MESSAGE_OK, "Recognised from DNS: %s.", w->findings.guess.evidence);
	else
		wizard_message(w, MESSAGE_INFO, "Up/Down to choose, Enter to confirm. Not sure? Pick \"Other / I don't know\".");
}

static void enter(struct wizard *w)
{
	const char *labels[64];
	size_t n = provider_count() < 64 ? provider_count() : 64;
	for (size_t i = 0; i < n; i++)
		labels[i] = provider_at(i)->name;
	int top = wizard_top(w) + 2;
	int height = wizard_bottom(w) - top - 2;
	choices_build(&w->choices, top, 4, height, w->cols - 8, labels, n, preselect(w), w->theme.selected);
	state_of(w)->guess_shown = w->have_results;
	tell_guess(w);
}

/* tick - the lookups finished while the menu was shown: move to the guess
 * unless the user has moved already. */
static void tick(struct wizard *w)
{
	struct provider_state *st = state_of(w);
	if (st->guess_shown || !w->have_results)
		return;
	st->guess_shown = true;
	int guessed = index_of(w->findings.guess.provider);
	if (guessed >= 0 && choices_selected(&w->choices) == other_index()) {
		set_current_item(w->choices.menu, w->choices.items[guessed]);
		tell_guess(w);
	}
}

static void leave(struct wizard *w)
{
	choices_free(&w->choices);
}

static void draw(struct wizard *w)
{
	term_text(stdscr, wizard_top(w), 2, w->cols - 4, "Who hosts the server? The PTR is set there, not in your domain's DNS.",
		  A_BOLD);
	choices_show(&w->choices);
	const struct provider *p = provider_at((size_t)choices_selected(&w->choices));
	if (p) {
		char where[300];
		snprintf(where, sizeof where, "Where: %s", p->where);
		term_wrap(stdscr, wizard_bottom(w) - 1, 2, w->cols - 4, 2, where, w->theme.dim);
	}
}

static bool act(struct wizard *w, enum action action)
{
	if (choices_move(&w->choices, action))
		return true;
	if (action != ACTION_NEXT)
		return false;
	w->provider = choices_selected(&w->choices);
	wizard_go(w, SCREEN_STEPS);
	return true;
}

const struct screen screen_provider = {
	.id = SCREEN_PROVIDER, .name = "Provider", .help = "screens/provider.txt", .enter = enter, .leave = leave,
	.draw = draw, .act = act, .tick = tick, .state_size = sizeof(struct provider_state),
};
