/* detect_command - `ptrdoctor detect`: which mail server runs here, the
 * HELO it says and the addresses it sends from, as text or JSON. */
#ifndef PTRDOCTOR_DETECT_COMMAND_H
#define PTRDOCTOR_DETECT_COMMAND_H

#include "session/options.h"

/* detect_command_run - returns 0 when an MTA was found and some address
 * sends, 1 when not (the notes say why), 3 when the machine could not be
 * read, 64 a usage error. */
int detect_command_run(const struct options *opts);

#endif
