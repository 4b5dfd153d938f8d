/* term - the terminal: curses, signals, colours, marks, safe text. */
#define _XOPEN_SOURCE 700
#define _XOPEN_SOURCE_EXTENDED 1
#include "term.h"

#include <langinfo.h>
#include <locale.h>
#include <panel.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "util/names.h"
#include "wrap.h"

#define TEXT_MAX 4096

volatile sig_atomic_t term_signal;
static SCREEN *screen;
/* What stands for the part of a line left out: one column in UTF-8. */
static const char *ellipsis = "...";
static int ellipsis_cols = 3;

static void on_signal(int sig)
{
	term_signal = sig;
}

static void install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

enum { PAIR_PASS = 1, PAIR_WARN, PAIR_FAIL, PAIR_ERROR, PAIR_TITLE, PAIR_SELECTED, PAIR_FIELD, PAIR_LAB };

static void set_colors(struct theme *t)
{
	start_color();
	use_default_colors();
	init_pair(PAIR_PASS, COLOR_GREEN, -1);
	init_pair(PAIR_WARN, COLOR_YELLOW, -1);
	init_pair(PAIR_FAIL, COLOR_RED, -1);
	init_pair(PAIR_ERROR, COLOR_MAGENTA, -1);
	init_pair(PAIR_TITLE, COLOR_BLACK, COLOR_CYAN);
	init_pair(PAIR_SELECTED, COLOR_BLACK, COLOR_WHITE);
	init_pair(PAIR_FIELD, COLOR_WHITE, COLOR_BLUE);
	init_pair(PAIR_LAB, COLOR_BLACK, COLOR_YELLOW);
	t->title = COLOR_PAIR(PAIR_TITLE) | A_BOLD;
	t->pass = COLOR_PAIR(PAIR_PASS) | A_BOLD;
	t->warn = COLOR_PAIR(PAIR_WARN) | A_BOLD;
	t->fail = COLOR_PAIR(PAIR_FAIL) | A_BOLD;
	t->error = COLOR_PAIR(PAIR_ERROR) | A_BOLD;
	t->selected = COLOR_PAIR(PAIR_SELECTED);
	t->field = COLOR_PAIR(PAIR_FIELD);
	t->lab = COLOR_PAIR(PAIR_LAB) | A_BOLD;
}

/* Monochrome: the same meaning through reverse, bold and underline. */
static void set_mono(struct theme *t)
{
	t->title = A_REVERSE | A_BOLD;
	t->pass = A_NORMAL;
	t->warn = A_BOLD;
	t->fail = A_BOLD;
	t->error = A_BOLD;
	t->selected = A_REVERSE;
	t->field = A_UNDERLINE;
	t->lab = A_REVERSE | A_BOLD;
}

/* term_prime_panels - the panel library allocates a pseudo panel for
 * stdscr on first use and never frees it (a known ncurses leak). Doing it
 * here keeps that one allocation in one place, which the leak checker's
 * suppression file (tests/lsan.supp) names. */
static void term_prime_panels(void)
{
	WINDOW *win = newwin(1, 1, 0, 0);
	PANEL *panel = win ? new_panel(win) : NULL;
	if (panel)
		del_panel(panel);
	if (win)
		delwin(win);
}

/* define_other_keys - Home and End as the common terminals send them,
 * where the terminfo entry in use says otherwise (TERM not the terminal's
 * own, as over ssh or in tmux): the keys still work. Sequences the entry
 * has are left to it. */
static void define_other_keys(void)
{
	static const struct {
		const char *sequence;
		int key;
	} keys[] = {
		{"\033[1~", KEY_HOME}, {"\033[7~", KEY_HOME}, {"\033[H", KEY_HOME}, {"\033OH", KEY_HOME},
		{"\033[4~", KEY_END},  {"\033[8~", KEY_END},  {"\033[F", KEY_END},  {"\033OF", KEY_END},
	};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (key_defined(keys[i].sequence) == 0)
			define_key(keys[i].sequence, keys[i].key);
}

static bool has_string_cap(const char *s)
{
	return s && s != (char *)-1 && *s;
}

/* paste_mode - bracketed paste on or off, through the terminfo entry's
 * BE/BD, so a paste arrives between PS and PE and its newlines are text,
 * not Enter. Terminals whose entry lacks them are left alone. */
static void paste_mode(bool on)
{
	char *set = tigetstr(on ? "BE" : "BD");
	char *start = tigetstr("PS"), *end = tigetstr("PE");
	if (!has_string_cap(set) || !has_string_cap(start) || !has_string_cap(end))
		return;
	if (on) {
		define_key(start, TERM_KEY_PASTE_BEGIN);
		define_key(end, TERM_KEY_PASTE_END);
	}
	putp(set);
	fflush(stdout);
}

bool term_start(struct theme *theme, char *err, size_t errsize)
{
	memset(theme, 0, sizeof *theme);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		snprintf(err, errsize, "the wizard needs a terminal");
		return false;
	}
	const char *term = getenv("TERM");
	if (!term || !*term || strcmp(term, "dumb") == 0) {
		snprintf(err, errsize, "the wizard needs a terminal that can move the cursor (TERM is %s)",
			 term && *term ? term : "unset");
		return false;
	}
	setlocale(LC_ALL, "");
	const char *codeset = nl_langinfo(CODESET);
	theme->utf8 = codeset && strcasecmp(codeset, "UTF-8") == 0;
	if (theme->utf8) {
		ellipsis = "\xe2\x80\xa6";
		ellipsis_cols = 1;
	}
	screen = newterm(NULL, stdout, stdin);
	if (!screen) {
		snprintf(err, errsize, "cannot use the terminal \"%s\"", term);
		return false;
	}
	set_term(screen);
	term_prime_panels();
	install_signals();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	define_other_keys();
	set_escdelay(25);
	curs_set(0);
	paste_mode(true);
	theme->color = has_colors() && getenv("NO_COLOR") == NULL;
	theme->dim = A_DIM;
	theme->bold = A_BOLD;
	theme->skip = A_DIM;
	if (theme->color)
		set_colors(theme);
	else
		set_mono(theme);
	return true;
}

void term_stop(void)
{
	if (!screen)
		return;
	paste_mode(false);
	endwin();
	delscreen(screen);
	screen = NULL;
}

const char *term_mark(const struct theme *t, enum tone tone)
{
	static const char *const utf8[] = {"\xe2\x9c\x94", "\xe2\x9a\xa0", "\xe2\x9c\x98", "?", "-"};
	static const char *const ascii[] = {"+", "!", "x", "?", "-"};
	return (t->utf8 ? utf8 : ascii)[tone];
}

attr_t term_tone_attr(const struct theme *t, enum tone tone)
{
	switch (tone) {
	case TONE_GOOD: return t->pass;
	case TONE_WARN: return t->warn;
	case TONE_BAD: return t->fail;
	case TONE_ERROR: return t->error;
	case TONE_QUIET: return t->skip;
	}
	return A_NORMAL;
}

const char *term_spinner(const struct theme *t, unsigned n)
{
	static const char *const utf8[] = {"\xe2\xa0\x8b", "\xe2\xa0\x99", "\xe2\xa0\xb9", "\xe2\xa0\xb8",
					   "\xe2\xa0\xbc", "\xe2\xa0\xb4", "\xe2\xa0\xa6", "\xe2\xa0\xa7"};
	static const char *const ascii[] = {"|", "/", "-", "\\"};
	return t->utf8 ? utf8[n % 8] : ascii[n % 4];
}

int term_text(WINDOW *win, int y, int x, int width, const char *text, attr_t attr)
{
	char safe[TEXT_MAX];
	size_t head, tail;
	if (width <= 0)
		return 0;
	names_escape(text ? text : "", safe, sizeof safe);
	int len = (int)strlen(safe);
	wattron(win, attr);
	if (width <= ellipsis_cols || !wrap_elide(safe, width, ellipsis_cols, &head, &tail)) {
		len = len < width ? len : width;
		mvwaddnstr(win, y, x, safe, len);
	} else {
		mvwaddnstr(win, y, x, safe, (int)head);
		waddstr(win, ellipsis);
		waddnstr(win, safe + tail, len - (int)tail);
		len = (int)head + ellipsis_cols + len - (int)tail;
	}
	wattroff(win, attr);
	return len;
}

int term_wrap(WINDOW *win, int y, int x, int width, int height, const char *text, attr_t attr)
{
	char line[TEXT_MAX];
	int lines = 0;
	const char *p = text ? text : "";
	/* Break first, escape each line after (in term_text), so newlines stay
	 * line breaks rather than \010. */
	while (*p && lines < height && width > 0) {
		int skip, len = wrap_cut(p, width, &skip);
		snprintf(line, sizeof line, "%.*s", len, p);
		term_text(win, y + lines, x, width, line, attr);
		p += len + skip;
		lines++;
	}
	return lines;
}

int term_wrap_lines(int width, const char *text)
{
	int lines = 0;
	for (const char *p = text; *p && width > 0; lines++) {
		int skip, len = wrap_cut(p, width, &skip);
		p += len + skip;
	}
	return lines;
}
