/* screen - the wizard's screens as a table of descriptors.
 *
 * One state machine (wizard.c) moves between screens; each screen draws
 * itself from the model and turns actions or typed characters into
 * changes of the model. Screens never read keys themselves. */
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
	void (*tick)(struct wizard *w);    /* after each wait: look at background work */
	size_t state_size;                 /* the screen's own state, private to its file (0: none) */
	void (*state_free)(void *state);   /* frees what the state owns, not the state itself */
};

extern const struct screen screen_welcome, screen_ip, screen_helo, screen_provider, screen_steps, screen_verdict,
	screen_labs, screen_paste, screen_source, screen_pool, screen_machine;

struct detection;

/* screen_machine_detection - what "Check this machine" found, or NULL
 * when it was not chosen. */
const struct detection *screen_machine_detection(struct wizard *w);

/* screen_pool_wanted - the IP field holds several addresses or a prefix. */
bool screen_pool_wanted(const char *input);

/* screen_pool_background - the pool's checks go on whatever screen shows
 * (the wizard calls it after every wait). */
void screen_pool_background(struct wizard *w);

/* screen_state - the screen's own state (zeroed at start, kept for the
 * whole run), or NULL for a screen without one. Only the screen's file
 * knows what it holds. */
void *screen_state(struct wizard *w, enum screen_id id);

/* screen_get - the descriptor of an id. */
const struct screen *screen_get(enum screen_id id);

#endif
