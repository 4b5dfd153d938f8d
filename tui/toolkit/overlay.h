/* overlay - one modal box over the screen, on the panel library: a long
 * text (help, a step's whole answer, the support request), the quit
 * question, the file name for saving the report.
 *
 * It knows nothing of the wizard: opening takes the screen's size, and
 * overlay_key says what the wizard should do next (as ncdu's key handlers
 * return a value), so the box never reaches into the model. */
#ifndef PTRDOCTOR_OVERLAY_H
#define PTRDOCTOR_OVERLAY_H

#include <form.h>
#include <panel.h>
#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "action.h"
#include "term.h"
#include "textview.h"

enum overlay_kind { OVERLAY_NONE = 0, OVERLAY_TEXT, OVERLAY_CONFIRM_QUIT, OVERLAY_SAVE };

struct overlay {
	enum overlay_kind kind;
	char title[120];
	struct textview view;
	WINDOW *win;
	PANEL *panel;
	FORM *form;
	FIELD *fields[2];
};

/* What a key in the box asks of the wizard. */
enum overlay_result {
	OVERLAY_KEPT = 0,      /* the box stays (scrolled, or a character typed) */
	OVERLAY_CLOSED,        /* the box is gone; nothing else to do */
	OVERLAY_QUIT,          /* the user confirmed quitting */
	OVERLAY_SAVE_TO,       /* save the report to the path given back */
	OVERLAY_SAVE_NO_NAME,  /* Enter on an empty file name: nothing saved */
};

/* overlay_open_text - a scrolling text box sized for a rows x cols screen. */
void overlay_open_text(struct overlay *o, int rows, int cols, const char *title, const char *text);

/* overlay_open_confirm_quit - "a check is still running: quit anyway?" */
void overlay_open_confirm_quit(struct overlay *o, int rows, int cols);

/* overlay_open_save - a file name field, prefilled with default_path. */
void overlay_open_save(struct overlay *o, int rows, int cols, const struct theme *theme, const char *default_path);

/* overlay_close - remove the box (if any) and free its windows. */
void overlay_close(struct overlay *o);

/* overlay_draw - the box over what the screen drew, on the top panel. */
void overlay_draw(struct overlay *o, const struct theme *theme);

/* overlay_key - one key for the box (action: what the key table says it
 * is). For OVERLAY_SAVE_TO, path gets the file name. */
enum overlay_result overlay_key(struct overlay *o, enum action action, wint_t ch, bool key_code, char *path,
				size_t size);

#endif
