/* wizard_loop - the wizard on this terminal: curses started, the answers
 * prefilled from the options (or a lab scenario's header), the input loop
 * until quit, the terminal given back as it was. */
#ifndef PTRDOCTOR_WIZARD_LOOP_H
#define PTRDOCTOR_WIZARD_LOOP_H

#include "screen.h"
#include "session/options.h"

/* wizard_run - with these screens (indexed by id); returns the exit
 * code: 0, 1 when the terminal went away, 64 without a terminal,
 * 128 + the signal that stopped it. */
int wizard_run(const struct options *opts, const struct screen *const screens[SCREEN_COUNT]);

#endif
