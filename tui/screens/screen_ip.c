/* screen_ip - the sending IP: validated as typed, lookups started as soon
 * as it is valid; a host name offers its addresses to pick. */
#define _XOPEN_SOURCE 700
#define _XOPEN_SOURCE_EXTENDED 1
#include <stdio.h>
#include <string.h>

#include "util/help.h"
#include "dns/dns.h"
#include "util/names.h"
#include "toolkit/widgets.h"
#include "screens.h"
#include "wizard/wizard.h"

#define FIELD_Y(w) (wizard_top(w) + 1)

/* validate - the message for what is in the field; starts the lookups
 * once it is a valid address. Returns true when it is one. */
static bool validate(struct wizard *w)
{
	struct ip_address ip;
	input_value(&w->input, w->ip, sizeof w->ip);
	if (!w->ip[0]) {
		wizard_message(w, MESSAGE_INFO, "Type the IP address your server sends mail from (IPv4 or IPv6).");
		return false;
	}
	if (screen_pool_wanted(w->ip)) {
		wizard_message(w, MESSAGE_INFO, "Several addresses (a prefix or a list): Enter checks every one of them.");
		return false;
	}
	enum names_status st = names_parse_ip(w->ip, &ip);
	if (st != NAMES_OK) {
		if (st == NAMES_NOT_ADDRESS && names_valid_hostname(w->ip, true) && strchr(w->ip, '.'))
			wizard_message(w, MESSAGE_INFO, "A host name: press Enter to look up its addresses and pick one.");
		else
			wizard_message(w, MESSAGE_ERROR, "Not yet an address: %s.", names_status_message(st));
		return false;
	}
	enum ip_kind kind = names_ip_kind(&ip);
	if (kind == IP_PUBLIC)
		wizard_message(w, MESSAGE_OK, "A public %s address. Lookups have started; press Enter to go on.",
			       ip.family == AF_INET ? "IPv4" : "IPv6");
	else if (kind == IP_DOCUMENTATION)
		wizard_message(w, MESSAGE_WARN, "A documentation address: fine for practice, never seen on the internet.");
	else
		wizard_message(w, MESSAGE_WARN,
			       "A %s address: receivers see the public address it is translated to. Check that one.",
			       names_ip_kind_name(kind));
	if (strcmp(w->checked_ip, w->ip) != 0)
		wizard_check_start(w, false);
	return true;
}

static void enter(struct wizard *w)
{
	input_build(&w->input, FIELD_Y(w), 4, 50, w->ip, WIZARD_INPUT_MAX, w->theme.field);
	if (w->ip[0])
		validate(w);
	else
		wizard_message(w, MESSAGE_INFO, "Type the IP address your server sends mail from (IPv4 or IPv6).");
}

static void leave(struct wizard *w)
{
	input_free(&w->input);
	choices_free(&w->choices);
	lookup_free(w->lookup);
	w->lookup = NULL;
}

static void draw(struct wizard *w)
{
	term_text(stdscr, wizard_top(w), 2, w->cols - 4, "Which IP address does your mail server send from?", A_BOLD);
	int y = FIELD_Y(w) + 2;
	if (w->choices.menu) {
		char head[300];
		snprintf(head, sizeof head, "Addresses of %s: pick the one your server sends from (Enter), Esc to type again",
			 lookup_name(w->lookup));
		term_text(stdscr, y, 2, w->cols - 4, head, A_BOLD);
		choices_show(&w->choices);
		input_show(&w->input, w->overlay.kind == OVERLAY_NONE);
		curs_set(0);
		return;
	}
	term_wrap(stdscr, y, 2, w->cols - 4, wizard_bottom(w) - y, help_text("screens/ip-intro.txt"), A_NORMAL);
	input_show(&w->input, w->overlay.kind == OVERLAY_NONE);
}

static void start_lookup(struct wizard *w)
{
	lookup_free(w->lookup);
	w->lookup = NULL;
	if (lookup_start(w->backend, w->ip, &w->lookup))
		wizard_message(w, MESSAGE_INFO, "Looking up the addresses of %s ...", w->ip);
}

static void pick(struct wizard *w)
{
	const char *address = lookup_address(w->lookup, (size_t)choices_selected(&w->choices));
	if (!address)
		return;
	snprintf(w->ip, sizeof w->ip, "%s", address);
	choices_free(&w->choices);
	lookup_free(w->lookup);
	w->lookup = NULL;
	input_build(&w->input, FIELD_Y(w), 4, 50, w->ip, WIZARD_INPUT_MAX, w->theme.field);
	validate(w);
}

static bool act(struct wizard *w, enum action action)
{
	if (w->choices.menu) {
		if (choices_move(&w->choices, action))
			return true;
		if (action == ACTION_NEXT)
			pick(w);
		else if (action == ACTION_BACK) {
			choices_free(&w->choices);
			lookup_free(w->lookup);
			w->lookup = NULL;
		}
		return action == ACTION_NEXT || action == ACTION_BACK;
	}
	if (action == ACTION_NEXT || action == ACTION_FOCUS_NEXT) {
		if (screen_pool_wanted(w->ip)) {
			input_value(&w->input, w->ip, sizeof w->ip);
			wizard_go(w, SCREEN_POOL);
		} else if (validate(w))
			wizard_go(w, SCREEN_HELO);
		else if (names_valid_hostname(w->ip, true) && strchr(w->ip, '.') && !names_is_numeric_address(w->ip))
			start_lookup(w);
		return true;
	}
	if (action == ACTION_FOCUS_PREV) {
		wizard_go(w, SCREEN_WELCOME);
		return true;
	}
	return false;
}

static bool type(struct wizard *w, wint_t ch, bool key_code)
{
	if (w->choices.menu || !input_type(&w->input, ch, key_code))
		return false;
	validate(w);
	return true;
}

/* tick - the host-name lookup ended: offer its addresses. */
static void tick(struct wizard *w)
{
	if (!w->lookup || w->choices.menu || !lookup_poll(w->lookup))
		return;
	size_t n = lookup_count(w->lookup);
	if (n == 0) {
		wizard_message(w, MESSAGE_ERROR, "%s: %s", lookup_name(w->lookup),
			       lookup_error(w->lookup) ? lookup_error(w->lookup) : "no address");
		lookup_free(w->lookup);
		w->lookup = NULL;
		return;
	}
	const char *labels[LOOKUP_ADDRESSES_MAX];
	for (size_t i = 0; i < n; i++)
		labels[i] = lookup_address(w->lookup, i);
	int height = (int)n < wizard_bottom(w) - FIELD_Y(w) - 4 ? (int)n : wizard_bottom(w) - FIELD_Y(w) - 4;
	choices_build(&w->choices, FIELD_Y(w) + 3, 4, height, 50, labels, n, 0, w->theme.selected);
	if (lookup_more(w->lookup))
		wizard_message(w, MESSAGE_INFO, "Pick the address your server sends mail from (%zu more not listed).",
			       lookup_more(w->lookup));
	else
		wizard_message(w, MESSAGE_INFO, "Pick the address your server sends mail from.");
}

const struct screen screen_ip = {
	.id = SCREEN_IP, .name = "Sending IP", .help = "screens/ip.txt", .enter = enter, .leave = leave,
	.draw = draw, .act = act, .type = type, .tick = tick,
};
