/* machine_command - `ptrdoctor check --this-machine`: what detect finds,
 * then every public address the mail server sends from checked at once
 * with the HELO it says, each report whole, and the lines to change in
 * the mail server's own configuration. */
#ifndef PTRDOCTOR_MACHINE_COMMAND_H
#define PTRDOCTOR_MACHINE_COMMAND_H

#include "session/options.h"

/* machine_command_run - the worst verdict's exit code (as check), 3 when
 * nothing could be checked. */
int machine_command_run(const struct options *opts);

#endif
