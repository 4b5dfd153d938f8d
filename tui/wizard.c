/* wizard - the interactive front: one model, one input loop, screens. */
#define _XOPEN_SOURCE 700
#define _XOPEN_SOURCE_EXTENDED 1
#include "wizard.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../engine/backend.h"
#include "../engine/help.h"
#include "../engine/lab.h"
#include "../engine/lookup.h"
#include "../engine/provider.h"
#include "check.h"

#define SPIN_MS 100
/* A paste arrives in one burst; a pause this long means its end mark was
 * lost (split by a slow line), and the keys after it are keys again. */
#define PASTE_GAP_MS 500

static const struct screen *const screens[SCREEN_COUNT] = {
	&screen_welcome, &screen_ip, &screen_helo, &screen_provider, &screen_steps, &screen_verdict, &screen_labs,
	&screen_paste,
};

const struct screen *screen_get(enum screen_id id)
{
	return screens[id];
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

static bool too_small(const struct wizard *w)
{
	return w->cols < TERM_MIN_COLS || w->rows < TERM_MIN_ROWS;
}

void wizard_go(struct wizard *w, enum screen_id id)
{
	if (screens[w->screen]->leave)
		screens[w->screen]->leave(w);
	w->screen = id;
	w->message[0] = '\0';
	if (!too_small(w) && screens[id]->enter)
		screens[id]->enter(w);
}

/* --- the check ----------------------------------------------------- */

static void on_started(void *ctx, const struct step *step)
{
	struct wizard *w = ctx;
	if ((size_t)step->index + 1 > w->steps_seen)
		w->steps_seen = (size_t)step->index + 1;
}

static void on_finished(void *ctx, const struct step *step)
{
	struct wizard *w = ctx;
	if (step->index < WIZARD_STEPS_MAX) {
		w->step_answered[step->index] = true;
		w->step_done[step->index] = !w->step_mode;
	}
}

/* all_shown - every answer that arrived is on the screen. */
static bool all_shown(const struct wizard *w)
{
	for (size_t i = 0; i < w->steps_seen && i < WIZARD_STEPS_MAX; i++)
		if (w->step_answered[i] && !w->step_done[i])
			return false;
	return true;
}

static void announce_done(struct wizard *w)
{
	if (w->screen == SCREEN_STEPS && diagnosis_was_cancelled(w->diagnosis))
		wizard_message(w, MESSAGE_WARN, "Check stopped. Press r to run it again, Esc to go back.");
	else if (w->screen == SCREEN_STEPS)
		wizard_message(w, MESSAGE_OK, "All lookups answered: press v or Right for the verdict");
}

bool wizard_step_visible(const struct wizard *w, size_t index)
{
	if (!w->step_mode || !w->diagnosis)
		return true;
	int lowest = 1 << 30;
	for (size_t i = 0; i < w->steps_seen && i < WIZARD_STEPS_MAX; i++)
		if (!w->step_done[i] && diagnosis_step(w->diagnosis, i)->round < lowest)
			lowest = diagnosis_step(w->diagnosis, i)->round;
	return diagnosis_step(w->diagnosis, index)->round <= lowest;
}

bool wizard_reveal(struct wizard *w)
{
	for (size_t i = 0; i < w->steps_seen && i < WIZARD_STEPS_MAX; i++) {
		if (!w->step_answered[i] || w->step_done[i] || !wizard_step_visible(w, i))
			continue;
		w->step_done[i] = true;
		if (w->diagnosis_done && all_shown(w)) {
			w->done = true;
			announce_done(w);
		}
		return true;
	}
	return false;
}

static void on_done(void *ctx, const struct diagnosis *d)
{
	struct wizard *w = ctx;
	w->diagnosis_done = true;
	w->done = all_shown(w);
	findings_compute(d, NULL, &w->findings);
	w->have_results = true;
	if (w->done)
		announce_done(w);
	else
		wizard_message(w, MESSAGE_INFO, "Presenter mode: Space shows the next answer.");
}

static const struct diagnosis_callbacks callbacks = {on_started, on_finished, on_done};

void wizard_check_stop(struct wizard *w)
{
	diagnosis_free(w->diagnosis);
	w->diagnosis = NULL;
	w->steps_seen = 0;
	memset(w->step_done, 0, sizeof w->step_done);
	memset(w->step_answered, 0, sizeof w->step_answered);
	w->done = false;
	w->diagnosis_done = false;
	w->have_results = false;
	memset(&w->findings, 0, sizeof w->findings);
	w->checked_ip[0] = '\0';
}

void wizard_check_start(struct wizard *w, bool with_helo)
{
	wizard_check_stop(w);
	const char *helo = with_helo && w->helo[0] ? w->helo : NULL;
	if (diagnosis_start(w->ip, helo, w->backend, &callbacks, w, &w->diagnosis) != DIAGNOSIS_OK) {
		wizard_message(w, MESSAGE_ERROR, "Could not start the lookups");
		return;
	}
	snprintf(w->checked_ip, sizeof w->checked_ip, "%s", w->ip);
	w->selected = 0;
	w->top = 0;
}

/* wizard_report_input - the report of what the screens show. A provider
 * picked from the menu where the guess was preselected counts as the
 * guess (with its evidence); another pick is the user's. */
struct report_input wizard_report_input(struct wizard *w)
{
	const struct provider *picked = w->provider >= 0 ? provider_at((size_t)w->provider) : NULL;
	findings_choose_provider(&w->findings, picked && picked != w->findings.guess.provider ? picked->id : NULL);
	return (struct report_input){w->diagnosis, &w->findings};
}

bool wizard_check_running(const struct wizard *w)
{
	return w->diagnosis && !w->done;
}

/* --- drawing -------------------------------------------------------- */

/* rule_line - a horizontal line: box drawing in UTF-8, dashes otherwise
 * (the alternate character set garbles in some terminals and captures). */
static void rule_line(const struct wizard *w, int y)
{
	if (w->theme.utf8) {
		cchar_t line;
		setcchar(&line, L"\u2500", A_NORMAL, 0, NULL);
		mvhline_set(y, 0, &line, w->cols);
	} else {
		mvhline(y, 0, '-', w->cols);
	}
}

static void draw_title(struct wizard *w)
{
	attron(w->theme.title);
	mvhline(0, 0, ' ', w->cols);
	mvaddstr(0, 1, "ptrdoctor: reverse DNS checkup for a mail server");
	attroff(w->theme.title);
	if (w->backend && backend_is_lab(w->backend))
		term_text(stdscr, 0, w->cols - 27, 26, " LAB: answers from a file ", w->theme.lab);
	int x = 1;
	for (int i = SCREEN_IP; i <= SCREEN_VERDICT; i++) {
		attr_t attr = i == (int)w->screen ? w->theme.bold | A_UNDERLINE : w->theme.dim;
		x += term_text(stdscr, 1, x, w->cols - x, screens[i]->name, attr);
		if (i < SCREEN_VERDICT)
			x += term_text(stdscr, 1, x, w->cols - x, " > ", w->theme.dim);
	}
	rule_line(w, 2);
}

static void draw_footer(struct wizard *w)
{
	static const attr_t none = A_NORMAL;
	attr_t attr[] = {none, w->theme.pass, w->theme.warn, w->theme.fail};
	rule_line(w, w->rows - 3);
	term_text(stdscr, w->rows - 2, 1, w->cols - 2, w->message, attr[w->message_kind]);
	const char *hints = w->screen == SCREEN_PASTE ? "F2 or Ctrl-D read it   Esc back   F1 help   F10 quit"
			    : w->screen == SCREEN_IP || w->screen == SCREEN_HELO
				    ? "Enter next   Esc back   F1 help   F10 quit"
				    : "Enter select   Esc back   F1 or ? help   q quit";
	term_text(stdscr, w->rows - 1, 1, w->cols - 2, hints, w->theme.dim);
}

static void draw_too_small(struct wizard *w)
{
	char text[160];
	snprintf(text, sizeof text, "Terminal too small: %dx%d. ptrdoctor needs %dx%d.", w->cols, w->rows,
		 TERM_MIN_COLS, TERM_MIN_ROWS);
	int y = w->rows / 2 - 1 > 0 ? w->rows / 2 - 1 : 0;
	term_wrap(stdscr, y, 1, w->cols - 2, 2, text, A_BOLD);
	if (w->rows > 2)
		term_wrap(stdscr, y + 2, 1, w->cols - 2, 2, "Enlarge the window, or press q to quit.", A_NORMAL);
}

static void draw(struct wizard *w)
{
	curs_set(0);
	erase();
	if (too_small(w)) {
		draw_too_small(w);
	} else {
		draw_title(w);
		draw_footer(w);
		screens[w->screen]->draw(w);
		overlay_draw(&w->overlay, &w->theme);
	}
	wnoutrefresh(stdscr);
	update_panels();
	if (w->form && w->overlay.kind == OVERLAY_NONE && !too_small(w))
		pos_form_cursor(w->form);
	doupdate();
}

/* --- input ---------------------------------------------------------- */

static void request_quit(struct wizard *w)
{
	overlay_close(&w->overlay);
	if (wizard_check_running(w))
		overlay_open_confirm_quit(&w->overlay, w->rows, w->cols);
	else
		w->quit = true;
}

void wizard_open_help(struct wizard *w)
{
	const struct screen *s = screens[w->screen];
	char keys[2048], text[8192], title[80];
	const char *body = help_text(s->help);
	snprintf(text, sizeof text, "%s\nKeys on this screen\n%s", body ? body : "",
		 keys_help_text(w->screen, keys, sizeof keys));
	snprintf(title, sizeof title, "Help: %s", s->name);
	overlay_open_text(&w->overlay, w->rows, w->cols, title, text);
}

void wizard_save_report(struct wizard *w, const char *path)
{
	struct report_input in = wizard_report_input(w);
	char *text = report_text(&in, false);
	FILE *f = text ? fopen(path, "w") : NULL;
	bool ok = f && fputs(text, f) >= 0;
	int err = text ? errno : ENOMEM;
	if (f && fclose(f) != 0) {
		ok = false;
		err = errno;
	}
	free(text);
	if (ok)
		wizard_message(w, MESSAGE_OK, "Report saved to %s", path);
	else
		wizard_message(w, MESSAGE_ERROR, "Could not save to %s: %s", path, strerror(err));
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
	if (screens[w->screen]->leave)
		screens[w->screen]->leave(w);
	if (!too_small(w) && screens[w->screen]->enter)
		screens[w->screen]->enter(w);
	if (had_overlay && !too_small(w) && strncmp(title, "Help", 4) == 0)
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
	const struct screen *s = screens[w->screen];
	w->pasting = false;
	if (!too_small(w) && w->overlay.kind == OVERLAY_NONE && s->act)
		s->act(w, ACTION_EXPLAIN);
}

/* handle_paste - a bracketed paste: every key inside it is text for the
 * screen's field (Enter, Esc and q included); its end asks the screen to
 * read it. True when the key belonged to a paste. */
static bool handle_paste(struct wizard *w, wint_t ch, bool key_code)
{
	const struct screen *s = screens[w->screen];
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
	if (!too_small(w) && w->overlay.kind == OVERLAY_NONE && s->type)
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
	if (too_small(w)) {
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
	const struct screen *s = screens[w->screen];
	if (action == ACTION_HELP) {
		wizard_open_help(w);
	} else if (action == ACTION_QUIT) {
		request_quit(w);
	} else if (action != ACTION_NONE && s->act && s->act(w, action)) {
		/* handled by the screen */
	} else if (s->type && s->type(w, ch, key_code)) {
		/* typed into the screen's field */
	} else if (action == ACTION_BACK && w->screen > SCREEN_WELCOME && w->screen <= SCREEN_VERDICT) {
		wizard_go(w, (enum screen_id)(w->screen - 1));
	}
}

/* read_keys - everything the terminal has for us; false when it is gone. */
static bool read_keys(struct wizard *w)
{
	wint_t ch;
	int r;
	int reads = 0;
	while ((r = get_wch(&ch)) != ERR) {
		handle_key(w, ch, r == KEY_CODE_YES);
		if (w->quit || ++reads > 4096)
			break;
	}
	return reads > 0 || errno == EINTR || errno == EAGAIN || errno == 0;
}

static int poll_once(struct wizard *w)
{
	struct pollfd fds[3] = {{STDIN_FILENO, POLLIN, 0}, {-1, POLLIN, 0}, {-1, POLLIN, 0}};
	if (w->diagnosis)
		fds[1].fd = diagnosis_fd(w->diagnosis);
	if (w->lookup)
		fds[2].fd = lookup_fd(w->lookup);
	bool busy = wizard_check_running(w) || w->lookup;
	int n = poll(fds, 3, busy ? SPIN_MS : -1);
	if (n < 0)
		return errno == EINTR ? 0 : -1;
	if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL))
		return -1;
	if (busy)
		w->tick++;
	return fds[0].revents & POLLIN ? 1 : 0;
}

static void loop(struct wizard *w)
{
	nodelay(stdscr, TRUE);
	while (!w->quit && !term_signal) {
		draw(w);
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
		if (screens[w->screen]->tick)
			screens[w->screen]->tick(w);
	}
}

bool wizard_use_lab(struct wizard *w, const char *name, bool fixed)
{
	struct lab_scenario *sc;
	struct backend *backend;
	char err[2048];
	bool ok = fixed ? lab_fixed_open(name, &sc, err, sizeof err) : lab_scenario_open(name, &sc, err, sizeof err);
	if (!ok) {
		wizard_message(w, MESSAGE_ERROR, "%s", err);
		return false;
	}
	if (!backend_new_lab(sc, w->opts->timeout_ms, &backend)) {
		lab_scenario_free(sc);
		wizard_message(w, MESSAGE_ERROR, "out of memory");
		return false;
	}
	wizard_check_stop(w);
	backend_free(w->backend);
	w->backend = backend;
	if (!fixed)
		snprintf(w->lab_name, sizeof w->lab_name, "%s", name);
	w->showing_fixed = fixed;
	const char *ip = lab_scenario_get(sc, "ip"), *helo = lab_scenario_get(sc, "helo");
	const struct provider *p = provider_find(lab_scenario_get(sc, "provider"));
	snprintf(w->ip, sizeof w->ip, "%s", ip ? ip : "");
	snprintf(w->helo, sizeof w->helo, "%s", helo ? helo : "");
	w->provider = -1;
	for (size_t i = 0; p && i < provider_count(); i++)
		if (provider_at(i) == p)
			w->provider = (int)i;
	struct ip_address parsed;
	if (names_parse_ip(w->ip, &parsed) != NAMES_OK) {
		wizard_go(w, SCREEN_IP);
		return true;
	}
	wizard_check_start(w, true);
	wizard_go(w, SCREEN_STEPS);
	return true;
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

static void release(struct wizard *w)
{
	if (screens[w->screen]->leave)
		screens[w->screen]->leave(w);
	overlay_close(&w->overlay);
	lookup_free(w->lookup);
	wizard_check_stop(w);
	textview_clear(&w->view);
	free(w->pasted);
}

int wizard_run(const struct options *opts)
{
	struct wizard w;
	memset(&w, 0, sizeof w);
	w.opts = opts;
	w.step_mode = opts->step;
	char err[300];
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "ptrdoctor: the wizard needs a terminal; in scripts use: ptrdoctor check IP --helo NAME\n");
		return EXIT_USAGE;
	}
	w.backend = check_backend_new(opts);
	if (!w.backend)
		return opts->lab ? EXIT_USAGE : 3;
	if (!term_start(&w.theme, err, sizeof err)) {
		fprintf(stderr, "ptrdoctor: %s; without one use: ptrdoctor check IP --helo NAME\n", err);
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
