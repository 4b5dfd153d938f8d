/* screen_machine - "Check this machine": what detect found (the mail
 * server, its HELO and the addresses it sends from, and the notes), then
 * Enter prefills the IP and HELO fields with it, for the user to change
 * anything before the check. The verdict reads the detection back
 * (screen_machine_detection) to name the lines to change here. */
#define _XOPEN_SOURCE 700
#define _XOPEN_SOURCE_EXTENDED 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine/machine.h"

#include "screens.h"
#include "session/session.h"
#include "wizard/wizard.h"

/* This screen's own state (screen_state): nobody else reads it. */
struct machine_state {
	bool read;
	struct detection detection;
	struct textview view;
};

static struct machine_state *state_of(struct wizard *w)
{
	return screen_state(w, SCREEN_MACHINE);
}

const struct detection *screen_machine_detection(struct wizard *w)
{
	struct machine_state *st = state_of(w);
	return st->read ? &st->detection : NULL;
}

/* fill_view - the detect text, one line of the view a line. */
static void fill_view(struct wizard *w)
{
	struct machine_state *st = state_of(w);
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);
	if (!out)
		return;
	report_detect_text(out, &st->detection);
	fclose(out);
	textview_clear(&st->view);
	for (char *line = text, *end; line && *line; line = end ? end + 1 : NULL) {
		end = strchr(line, '\n');
		if (end)
			*end = '\0';
		if (strncmp(line, "- ", 2) == 0)
			textview_add_wrapped(&st->view, A_NORMAL, w->cols - 6, 2, line);
		else
			textview_add(&st->view, strchr(line, ':') && line[0] != ' ' ? A_BOLD : A_NORMAL, line);
	}
	free(text);
}

static void enter(struct wizard *w)
{
	struct machine_state *st = state_of(w);
	if (!st->read) {
		struct detect_options o = session_detect_options(w->opts);
		st->read = detect_run(&o, &st->detection);
		if (!st->read) {
			wizard_message(w, MESSAGE_ERROR, "This machine's interfaces cannot be read: type the address.");
			return;
		}
	}
	fill_view(w);
	if (detect_checkable_count(&st->detection))
		wizard_message(w, MESSAGE_INFO, "Enter: check what was found (the fields come prefilled: change anything).");
	else if (detect_sending_count(&st->detection))
		wizard_message(w, MESSAGE_WARN, "No public address sends from here: Enter to paste a Received header that "
						"names the one receivers see.");
	else
		wizard_message(w, MESSAGE_WARN, "No address here sends mail to the internet: Enter, then type the one to check.");
}

static void draw(struct wizard *w)
{
	struct machine_state *st = state_of(w);
	term_text(stdscr, wizard_top(w), 2, w->cols - 4, "What the mail server on this machine sends with", A_BOLD);
	textview_draw(&st->view, stdscr, wizard_top(w) + 2, 2, wizard_bottom(w) - wizard_top(w) - 2, w->cols - 4);
}

/* prefill - the IP field gets every public sending address (several
 * open the pool), the HELO field the HELO found. */
static void prefill(struct wizard *w)
{
	const struct detection *d = &state_of(w)->detection;
	size_t used = 0;
	w->ip[0] = '\0';
	for (size_t i = 0; i < d->address_count; i++) {
		const struct detected_address *a = &d->addresses[i];
		if (detect_checkable(a) && used + strlen(a->ip.text) + 2 < sizeof w->ip)
			used += (size_t)snprintf(w->ip + used, sizeof w->ip - used, "%s%s", used ? " " : "", a->ip.text);
	}
	if (d->helo[0] && names_helo_kind(d->helo, NULL) != HELO_INVALID)
		snprintf(w->helo, sizeof w->helo, "%s", d->helo);
}

static bool act(struct wizard *w, enum action action)
{
	struct machine_state *st = state_of(w);
	if (textview_scroll(&st->view, action, wizard_bottom(w) - wizard_top(w) - 2))
		return true;
	if (action == ACTION_NEXT) {
		if (st->read && !detect_checkable_count(&st->detection) && detect_sending_count(&st->detection)) {
			/* behind NAT: the Received header of a sent mail names the address receivers see */
			wizard_go(w, SCREEN_PASTE);
			wizard_message(w, MESSAGE_INFO, "Paste the Received header of a mail you sent: it names the "
							"address receivers see.");
			return true;
		}
		if (st->read)
			prefill(w);
		wizard_go(w, SCREEN_IP);
		return true;
	}
	if (action == ACTION_BACK) {
		wizard_go(w, SCREEN_WELCOME);
		return true;
	}
	return false;
}

static void state_free(void *state)
{
	struct machine_state *st = state;
	textview_clear(&st->view);
}

const struct screen screen_machine = {
	.id = SCREEN_MACHINE, .name = "This machine", .help = "screens/machine.txt", .enter = enter, .draw = draw,
	.act = act, .state_size = sizeof(struct machine_state), .state_free = state_free,
};
