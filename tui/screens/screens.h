/* screens - the wizard's screens, one file each: welcome, the IP and HELO
 * questions, the provider, the lookups, the verdict (and its watch mode),
 * the labs, a pasted bounce, where the answer comes from, a pool of
 * addresses and this machine. main hands the table to wizard_run. */
#ifndef PTRDOCTOR_SCREENS_H
#define PTRDOCTOR_SCREENS_H

#include <stdbool.h>

#include "machine/machine.h"
#include "wizard/screen.h"
#include "wizard/wizard.h"

extern const struct screen screen_welcome, screen_ip, screen_helo, screen_provider, screen_steps, screen_verdict,
	screen_labs, screen_paste, screen_source, screen_pool, screen_machine;

/* screens_all - every screen, indexed by its id. */
extern const struct screen *const screens_all[SCREEN_COUNT];

/* screen_machine_detection - what "Check this machine" found, or NULL
 * when it was not chosen. */
const struct detection *screen_machine_detection(struct wizard *w);

/* screen_pool_wanted - the IP field holds several addresses or a prefix. */
bool screen_pool_wanted(const char *input);

#endif
