/* batch_command - `ptrdoctor check` of many addresses (several words, a
 * prefix, or --batch FILE|-): one line or one JSON object per address in
 * input order, then a summary on stdout (text) and progress on stderr
 * while it is a terminal. */
#ifndef PTRDOCTOR_BATCH_COMMAND_H
#define PTRDOCTOR_BATCH_COMMAND_H

#include <stdbool.h>

#include "session/options.h"

/* batch_command_wanted - the options name more than one address. */
bool batch_command_wanted(const struct options *opts);

/* batch_command_run - the exit code of the worst verdict (as check's),
 * 130 after Ctrl-C, 64 for a usage error. */
int batch_command_run(const struct options *opts);

#endif
