/* screen - what a screen of the wizard is: a descriptor of functions, as
 * tig's views are behind struct view_ops.
 *
 * One state machine (wizard.c) moves between screens; each screen draws
 * itself from the model and turns actions or typed characters into
 * changes of the model. Screens never read keys themselves. The table of
 * screens is handed to wizard_run (screens/screens.h has it), so that the
 * wizard knows the contract, never the screens. */
#ifndef PTRDOCTOR_SCREEN_H
#define PTRDOCTOR_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "keys.h"

struct wizard;

struct screen {
	enum screen_id id;
	const char *name;       /* in the breadcrumb */
	const char *help;       /* help/ path of the screen's help text */
	void (*enter)(struct wizard *w);   /* build widgets; also after a resize */
	void (*leave)(struct wizard *w);   /* free widgets */
	void (*draw)(struct wizard *w);
	bool (*act)(struct wizard *w, enum action action);   /* true when handled */
	bool (*type)(struct wizard *w, wint_t ch, bool key_code); /* input screens: a typed key */
	void (*tick)(struct wizard *w);    /* after each wait, while the screen is in view */
	size_t state_size;                 /* the screen's own state, private to its file (0: none) */
	void (*state_free)(void *state);   /* frees what the state owns, not the state itself */
	/* Work of the screen's own that goes on whatever screen is in view
	 * (NULL: none). The wizard polls every screen's descriptor (-1 for
	 * none now) beside the terminal's and calls background after each
	 * wait, so two screens' work never share one slot. */
	int (*background_fd)(struct wizard *w);
	void (*background)(struct wizard *w);
};

/* screen_state - the screen's own state (zeroed at start, kept for the
 * whole run), or NULL for a screen without one. Only the screen's file
 * knows what it holds. */
void *screen_state(struct wizard *w, enum screen_id id);

/* screen_get - the descriptor of an id. */
const struct screen *screen_get(const struct wizard *w, enum screen_id id);

#endif
