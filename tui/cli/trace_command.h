/* trace_command - `ptrdoctor trace IP|NAME`: the walk from the root,
 * printed as text or JSON when it has ended. */
#ifndef PTRDOCTOR_TRACE_COMMAND_H
#define PTRDOCTOR_TRACE_COMMAND_H

#include "session/options.h"

/* trace_command_run - returns the process exit code: 0 the zone's
 * servers answer with the record, 1 they say there is none, 3 the walk
 * stopped (or could not start), 64 a usage error. */
int trace_command_run(const struct options *opts);

#endif
