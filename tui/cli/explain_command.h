/* explain_command - `ptrdoctor explain [FILE|-]`: what a pasted bounce or Received
 * header says, and the check command for the address it names. */
#ifndef PTRDOCTOR_EXPLAIN_H
#define PTRDOCTOR_EXPLAIN_H

#include "session/options.h"

/* explain_command_run - read FILE (or stdin for "-" or none), print the findings;
 * returns the exit code: 0 found, 64 nothing recognised or unreadable. */
int explain_command_run(const struct options *opts);

#endif
