/* frame - what surrounds every screen: the title and breadcrumb, the
 * message and key lines, the "too small" screen; then the screen in view
 * and any box over it, drawn from the model in one pass. */
#define _XOPEN_SOURCE 700
#define _XOPEN_SOURCE_EXTENDED 1
#include "frame.h"

#include <stdio.h>
#include <string.h>

#include "wizard.h"

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
		x += term_text(stdscr, 1, x, w->cols - x, screen_get(w, (enum screen_id)i)->name, attr);
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

void frame_draw(struct wizard *w)
{
	curs_set(0);
	erase();
	if (wizard_too_small(w)) {
		draw_too_small(w);
	} else {
		draw_title(w);
		draw_footer(w);
		screen_get(w, w->screen)->draw(w);
		overlay_draw(&w->overlay, &w->theme);
	}
	wnoutrefresh(stdscr);
	update_panels();
	if (w->input.form && w->overlay.kind == OVERLAY_NONE && !wizard_too_small(w))
		pos_form_cursor(w->input.form);
	doupdate();
}
