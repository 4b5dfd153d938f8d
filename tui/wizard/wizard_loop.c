/* wizard_loop - the input loop: one poll over the terminal, the check,
 * the host-name lookup and every screen's own work; every key read here
 * and turned into an action for the screen in view or its overlay. */
#define _XOPEN_SOURCE 700
#define _XOPEN_SOURCE_EXTENDED 1
#include "wizard_loop.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dns/dns.h"
#include "util/help.h"
#include "lab/lab.h"
#include "rules/provider.h"
#include "session/session.h"
#include "frame.h"
#include "wizard.h"

#define SPIN_MS 100
/* A paste arrives in one burst; a pause this long means its end mark was
 * lost (split by a slow line), and the keys after it are keys again. */
#define PASTE_GAP_MS 500

/* --- input ---------------------------------------------------------- */

static void request_quit(struct wizard *w)
{
	overlay_close(&w->overlay);
	if (wizard_check_running(w))
		overlay_open_confirm_quit(&w->overlay, w->rows, w->cols);
	else
		w->quit = true;
}

/* overlay_done - what a key in the box asked for. */
static void overlay_done(struct wizard *w, enum overlay_result result, const char *path)
{
	if (result == OVERLAY_QUIT)
		w->quit = true;
	else if (result == OVERLAY_SAVE_TO)
		wizard_save_report(w, path);
	else if (result == OVERLAY_SAVE_NO_NAME)
		wizard_message(w, MESSAGE_WARN, "Not saved: no file name");
}

static void resize(struct wizard *w)
{
	getmaxyx(stdscr, w->rows, w->cols);
	bool had_overlay = w->overlay.kind == OVERLAY_TEXT;
	char title[sizeof w->overlay.title];
	snprintf(title, sizeof title, "%s", w->overlay.title);
	overlay_close(&w->overlay);
	if (w->screens[w->screen]->leave)
		w->screens[w->screen]->leave(w);
	if (!wizard_too_small(w) && w->screens[w->screen]->enter)
		w->screens[w->screen]->enter(w);
	if (had_overlay && !wizard_too_small(w) && strncmp(title, "Help", 4) == 0)
		wizard_open_help(w);
}

static long monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* paste_end - the paste is over: the screen reads what it got. */
static void paste_end(struct wizard *w)
{
	const struct screen *s = w->screens[w->screen];
	w->pasting = false;
	if (!wizard_too_small(w) && w->overlay.kind == OVERLAY_NONE && s->act)
		s->act(w, ACTION_EXPLAIN);
}

/* handle_paste - a bracketed paste: every key inside it is text for the
 * screen's field (Enter, Esc and q included); its end asks the screen to
 * read it. True when the key belonged to a paste. */
static bool handle_paste(struct wizard *w, wint_t ch, bool key_code)
{
	const struct screen *s = w->screens[w->screen];
	long now = monotonic_ms();
	if (w->pasting && now - w->paste_key_ms > PASTE_GAP_MS)
		paste_end(w); /* its end mark was lost: from here keys are keys */
	if (key_code && ch == TERM_KEY_PASTE_BEGIN) {
		w->pasting = true;
		w->paste_key_ms = now;
		return true;
	}
	if (key_code && ch == TERM_KEY_PASTE_END) {
		if (w->pasting)
			paste_end(w);
		return true;
	}
	if (!w->pasting)
		return false;
	w->paste_key_ms = now;
	if (!wizard_too_small(w) && w->overlay.kind == OVERLAY_NONE && s->type)
		s->type(w, ch, key_code);
	return true;
}

static void handle_key(struct wizard *w, wint_t ch, bool key_code)
{
	if (key_code && ch == KEY_RESIZE) {
		resize(w);
		return;
	}
	if (handle_paste(w, ch, key_code))
		return;
	enum action action = keys_action(w->screen, ch, key_code);
	if (wizard_too_small(w)) {
		if (action == ACTION_QUIT || (!key_code && ch == 'q'))
			request_quit(w);
		return;
	}
	if (w->overlay.kind != OVERLAY_NONE) {
		char path[1100] = "";
		if (action == ACTION_QUIT && w->overlay.kind == OVERLAY_TEXT)
			request_quit(w);
		else
			overlay_done(w, overlay_key(&w->overlay, action, ch, key_code, path, sizeof path), path);
		return;
	}
	const struct screen *s = w->screens[w->screen];
	if (action == ACTION_HELP) {
		wizard_open_help(w);
	} else if (action == ACTION_QUIT) {
		request_quit(w);
	} else if (action != ACTION_NONE && s->act && s->act(w, action)) {
		/* handled by the screen */
	} else if (s->type && s->type(w, ch, key_code)) {
		/* typed into the screen's field */
	} else if (action == ACTION_BACK && w->from_pool && w->screen == SCREEN_STEPS) {
		wizard_go(w, SCREEN_POOL);
	} else if (action == ACTION_BACK && w->screen > SCREEN_WELCOME && w->screen <= SCREEN_VERDICT) {
		wizard_go(w, (enum screen_id)(w->screen - 1));
	}
}

/* unknown_sequence - after an Esc: the rest of an escape sequence the
 * terminal description does not know (TERM not the terminal's own, as
 * over ssh or in tmux: End sent as \E[4~ where terminfo says \EOF) is
 * read and dropped, rather than taken for Esc (back) and typed text. A
 * lone Esc, or Esc then another key, is left as it came. */
static bool unknown_sequence(void)
{
	wint_t ch;
	int r = get_wch(&ch);
	if (r == ERR)
		return false;
	if (r == KEY_CODE_YES || (ch != '[' && ch != 'O')) {
		if (r == KEY_CODE_YES)
			ungetch((int)ch);
		else
			unget_wch((wchar_t)ch);
		return false;
	}
	bool csi = ch == '['; /* CSI ends with a byte from @ to ~; SS3 (O) after one */
	for (int i = 0; i < 16 && (r = get_wch(&ch)) != ERR; i++)
		if (r == KEY_CODE_YES || !csi || (ch >= 0x40 && ch <= 0x7e))
			break;
	return true;
}

/* read_keys - everything the terminal has for us; false when it is gone. */
static bool read_keys(struct wizard *w)
{
	wint_t ch;
	int r;
	int reads = 0;
	while ((r = get_wch(&ch)) != ERR) {
		if (r != KEY_CODE_YES && ch == 27 && unknown_sequence())
			continue;
		handle_key(w, ch, r == KEY_CODE_YES);
		if (w->quit || ++reads > 4096)
			break;
	}
	return reads > 0 || errno == EINTR || errno == EAGAIN || errno == 0;
}

/* poll_fds - every screen's own descriptor to poll, after the
 * terminal's, the check's and the host-name lookup's; returns how many
 * are set (-1 entries are skipped by poll). */
static nfds_t poll_fds(struct wizard *w, struct pollfd *fds, bool *busy)
{
	nfds_t n = 0;
	fds[n++] = (struct pollfd){STDIN_FILENO, POLLIN, 0};
	fds[n++] = (struct pollfd){w->diagnosis ? diagnosis_fd(w->diagnosis) : -1, POLLIN, 0};
	fds[n++] = (struct pollfd){w->lookup ? lookup_fd(w->lookup) : -1, POLLIN, 0};
	*busy = wizard_check_running(w) || w->lookup;
	for (int i = 0; i < SCREEN_COUNT; i++) {
		int fd = w->screens[i]->background_fd ? w->screens[i]->background_fd(w) : -1;
		fds[n++] = (struct pollfd){fd, POLLIN, 0};
		*busy = *busy || fd >= 0;
	}
	return n;
}

static int poll_once(struct wizard *w)
{
	struct pollfd fds[3 + SCREEN_COUNT];
	bool busy;
	nfds_t count = poll_fds(w, fds, &busy);
	int n = poll(fds, count, busy ? SPIN_MS : w->wake_ms > 0 ? w->wake_ms : -1);
	if (n < 0)
		return errno == EINTR ? 0 : -1;
	if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL))
		return -1;
	if (busy)
		w->tick++;
	return fds[0].revents & POLLIN ? 1 : 0;
}

/* background - every screen's own work, whichever is in view. */
static void background(struct wizard *w)
{
	for (int i = 0; i < SCREEN_COUNT; i++)
		if (w->screens[i]->background)
			w->screens[i]->background(w);
}

static void loop(struct wizard *w)
{
	nodelay(stdscr, TRUE);
	while (!w->quit && !term_signal) {
		frame_draw(w);
		int input = poll_once(w);
		if (input < 0) {
			w->exit_code = 1; /* the terminal is gone */
			break;
		}
		/* Always read: a resize arrives as KEY_RESIZE after the signal
		 * interrupted poll, with nothing on stdin. */
		(void)input;
		errno = 0;
		read_keys(w);
		if (w->diagnosis)
			diagnosis_dispatch(w->diagnosis);
		background(w);
		if (w->screens[w->screen]->tick)
			w->screens[w->screen]->tick(w);
	}
}

/* --- start and end -------------------------------------------------- */

static void prefill(struct wizard *w)
{
	const struct options *o = w->opts;
	const struct provider *p = provider_find(o->provider);
	w->provider = -1;
	const struct lab_scenario *sc = backend_scenario(w->backend);
	if (sc && o->lab)
		snprintf(w->lab_name, sizeof w->lab_name, "%s", o->lab);
	const char *ip = o->ip ? o->ip : sc ? lab_scenario_get(sc, "ip") : NULL;
	const char *helo = o->helo ? o->helo : sc && !o->ip ? lab_scenario_get(sc, "helo") : NULL;
	if (!p && sc && !o->ip)
		p = provider_find(lab_scenario_get(sc, "provider"));
	for (size_t i = 0; p && i < provider_count(); i++)
		if (provider_at(i) == p)
			w->provider = (int)i;
	if (helo)
		snprintf(w->helo, sizeof w->helo, "%s", helo);
	if (!ip) {
		wizard_go(w, SCREEN_WELCOME);
		return;
	}
	snprintf(w->ip, sizeof w->ip, "%s", ip);
	struct ip_address parsed;
	if (names_parse_ip(w->ip, &parsed) != NAMES_OK) {
		wizard_go(w, SCREEN_IP);
		return;
	}
	wizard_check_start(w, helo != NULL);
	wizard_go(w, helo ? SCREEN_STEPS : SCREEN_HELO);
}

static void release_states(struct wizard *w)
{
	for (int i = 0; i < SCREEN_COUNT; i++) {
		if (w->screen_states[i] && w->screens[i]->state_free)
			w->screens[i]->state_free(w->screen_states[i]);
		free(w->screen_states[i]);
		w->screen_states[i] = NULL;
	}
}

static void release(struct wizard *w)
{
	if (w->screens[w->screen]->leave)
		w->screens[w->screen]->leave(w);
	overlay_close(&w->overlay);
	lookup_free(w->lookup);
	wizard_check_stop(w);
	release_states(w);
}

/* screen_states_new - each screen's own state, zeroed. */
static bool screen_states_new(struct wizard *w)
{
	for (int i = 0; i < SCREEN_COUNT; i++)
		if (w->screens[i]->state_size && !(w->screen_states[i] = calloc(1, w->screens[i]->state_size)))
			return false;
	return true;
}

int wizard_run(const struct options *opts, const struct screen *const screens[SCREEN_COUNT])
{
	struct wizard w;
	memset(&w, 0, sizeof w);
	w.opts = opts;
	w.screens = screens;
	w.step_mode = opts->step;
	char err[300];
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "ptrdoctor: the wizard needs a terminal; in scripts use: ptrdoctor check IP --helo NAME\n");
		return EXIT_USAGE;
	}
	w.backend = session_backend_new(opts);
	if (!w.backend)
		return opts->lab ? EXIT_USAGE : 3;
	if (!screen_states_new(&w)) {
		fprintf(stderr, "ptrdoctor: out of memory\n");
		release_states(&w);
		backend_free(w.backend);
		return 3;
	}
	if (!term_start(&w.theme, err, sizeof err)) {
		fprintf(stderr, "ptrdoctor: %s; without one use: ptrdoctor check IP --helo NAME\n", err);
		release_states(&w);
		backend_free(w.backend);
		return EXIT_USAGE;
	}
	getmaxyx(stdscr, w.rows, w.cols);
	prefill(&w);
	loop(&w);
	release(&w);
	term_stop();
	backend_free(w.backend);
	if (term_signal) {
		fprintf(stderr, "ptrdoctor: stopped by signal %d\n", (int)term_signal);
		return 128 + term_signal;
	}
	return w.exit_code;
}

