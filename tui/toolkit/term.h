/* term - the terminal: start and stop curses, signals, colours and marks,
 * and drawing text that is always safe.
 *
 * Signal handlers only set a flag (term_signal); the input loop notices
 * it, ends curses and exits. Every string drawn through term_text() is
 * escaped first, so no byte from DNS or the user reaches the terminal raw. */
#ifndef PTRDOCTOR_TERM_H
#define PTRDOCTOR_TERM_H

#include <curses.h>
#include <signal.h>
#include <stdbool.h>


/* The start and end of a bracketed paste (terminfo PS and PE), as key
 * codes beyond ncurses' own. Terminals without them never send these. */
#define TERM_KEY_PASTE_BEGIN (KEY_MAX + 1)
#define TERM_KEY_PASTE_END (KEY_MAX + 2)

#define TERM_MIN_COLS 80
#define TERM_MIN_ROWS 24

struct theme {
	bool color;
	bool utf8;
	attr_t title, dim, bold, pass, warn, fail, error, skip, selected, field, lab;
};

/* The signal that asked us to stop (SIGINT, SIGTERM, SIGHUP), or 0. */
extern volatile sig_atomic_t term_signal;

/* term_start - curses on this terminal; false with a reason when there is
 * none usable (not a tty, TERM unset or unknown). */
bool term_start(struct theme *theme, char *err, size_t errsize);

/* term_stop - end curses; safe to call twice. */
void term_stop(void);

/* How a line reads: good, a warning, bad, an error (no answer), or
 * quiet (did not apply). The front end maps its own statuses to these. */
enum tone { TONE_GOOD = 0, TONE_WARN, TONE_BAD, TONE_ERROR, TONE_QUIET };

/* term_mark - the mark of a tone: ✔ ⚠ ✘ ? - (ASCII without UTF-8). */
const char *term_mark(const struct theme *theme, enum tone tone);

/* term_tone_attr - the colour of a tone. */
attr_t term_tone_attr(const struct theme *theme, enum tone tone);

/* term_spinner - frame n of the busy spinner. */
const char *term_spinner(const struct theme *theme, unsigned n);

/* term_text - draw text at y,x in at most width columns, escaped, cut
 * with "..." when longer. Returns the columns used. */
int term_text(WINDOW *win, int y, int x, int width, const char *text, attr_t attr);

/* term_wrap - draw text wrapped at word boundaries in a width x height
 * box; returns the lines used (at most height). */
int term_wrap(WINDOW *win, int y, int x, int width, int height, const char *text, attr_t attr);

/* term_wrap_lines - how many lines term_wrap needs for text at width. */
int term_wrap_lines(int width, const char *text);

#endif
