/* screen_labs - the built-in lab scenarios, with their titles and lessons;
 * Enter runs one, answered from the scenario. */
#define _XOPEN_SOURCE 700
#define _XOPEN_SOURCE_EXTENDED 1
#include <stdio.h>

#include "lab/lab.h"
#include "toolkit/widgets.h"
#include "screens.h"
#include "wizard/wizard.h"

#define LABS_MAX 64

/* header - a value of a built-in scenario's header, copied. */
static void header(const char *name, const char *key, char *out, size_t size)
{
	struct lab_scenario *sc;
	char err[256];
	out[0] = '\0';
	if (!lab_scenario_open(name, &sc, err, sizeof err))
		return;
	const char *value = lab_scenario_get(sc, key);
	snprintf(out, size, "%s", value ? value : "");
	lab_scenario_free(sc);
}

static void enter(struct wizard *w)
{
	char labels[LABS_MAX][160];
	const char *rows[LABS_MAX];
	size_t n = lab_builtin_count() < LABS_MAX ? lab_builtin_count() : LABS_MAX;
	for (size_t i = 0; i < n; i++) {
		char title[120], expect[16];
		header(lab_builtin_name(i), "title", title, sizeof title);
		header(lab_builtin_name(i), "expect", expect, sizeof expect);
		snprintf(labels[i], sizeof labels[i], "%-16s %-5s %s", lab_builtin_name(i), expect, title);
		rows[i] = labels[i];
	}
	int top = wizard_top(w) + 1;
	int height = (wizard_bottom(w) - top) / 2;
	choices_build(&w->choices, top, 2, height, w->cols - 4, rows, n, 0, w->theme.selected);
	wizard_message(w, MESSAGE_INFO, "Enter runs the scenario offline; Esc goes back. On the command line: ptrdoctor lab NAME --step");
}

static void leave(struct wizard *w)
{
	choices_free(&w->choices);
}

static void draw(struct wizard *w)
{
	term_text(stdscr, wizard_top(w), 2, w->cols - 4, "Lab scenarios: every answer comes from the scenario, no network needed",
		  A_BOLD);
	choices_show(&w->choices);
	const char *name = lab_builtin_name((size_t)choices_selected(&w->choices));
	if (!name)
		return;
	char lesson[2000];
	header(name, "lesson", lesson, sizeof lesson);
	int top = wizard_top(w) + 1;
	int y = top + (wizard_bottom(w) - top) / 2 + 1;
	term_text(stdscr, y, 2, w->cols - 4, "Lesson", A_BOLD);
	term_wrap(stdscr, y + 1, 2, w->cols - 4, wizard_bottom(w) - y - 1, lesson, A_NORMAL);
}

static bool act(struct wizard *w, enum action action)
{
	if (choices_move(&w->choices, action))
		return true;
	if (action == ACTION_BACK) {
		wizard_go(w, SCREEN_WELCOME);
		return true;
	}
	if (action != ACTION_NEXT)
		return false;
	const char *name = lab_builtin_name((size_t)choices_selected(&w->choices));
	if (name)
		wizard_use_lab(w, name, false);
	return true;
}

const struct screen screen_labs = {
	.id = SCREEN_LABS, .name = "Lab scenarios", .help = "screens/labs.txt", .enter = enter, .leave = leave,
	.draw = draw, .act = act,
};
