/* screen_provider - who hosts the server: the PTR is set there. */
#define _XOPEN_SOURCE 700
#define _XOPEN_SOURCE_EXTENDED 1
#include <stdio.h>

#include "../engine/help.h"
#include "../engine/provider.h"
#include "wizard.h"

static int other_index(void)
{
	for (size_t i = 0; i < provider_count(); i++)
		if (provider_at(i) == provider_find("other"))
			return (int)i;
	return 0;
}

static void enter(struct wizard *w)
{
	const char *labels[64];
	size_t n = provider_count() < 64 ? provider_count() : 64;
	for (size_t i = 0; i < n; i++)
		labels[i] = provider_at(i)->name;
	int top = wizard_top(w) + 2;
	int height = wizard_bottom(w) - top - 2;
	choices_build(w, top, 4, height, w->cols - 8, labels, n, w->provider >= 0 ? w->provider : other_index());
	wizard_message(w, MESSAGE_INFO, "Up/Down to choose, Enter to confirm. Not sure? Pick \"Other / I don't know\".");
}

static void leave(struct wizard *w)
{
	choices_free(w);
}

static void draw(struct wizard *w)
{
	term_text(stdscr, wizard_top(w), 2, w->cols - 4, "Who hosts the server? The PTR is set there, not in your domain's DNS.",
		  A_BOLD);
	choices_show(w);
	const struct provider *p = provider_at((size_t)choices_selected(w));
	if (p) {
		char where[300];
		snprintf(where, sizeof where, "Where: %s", p->where);
		term_wrap(stdscr, wizard_bottom(w) - 1, 2, w->cols - 4, 2, where, w->theme.dim);
	}
}

static bool act(struct wizard *w, enum action action)
{
	if (choices_move(w, action))
		return true;
	if (action != ACTION_NEXT)
		return false;
	w->provider = choices_selected(w);
	wizard_go(w, SCREEN_STEPS);
	return true;
}

const struct screen screen_provider = {
	SCREEN_PROVIDER, "Provider", "screens/provider.txt", enter, leave, draw, act, NULL, NULL,
};
