/* trace_command - `ptrdoctor trace IP|NAME`: the walk from the root,
 * printed as text or JSON when it has ended. */
#ifndef PTRDOCTOR_TRACE_COMMAND_H
#define PTRDOCTOR_TRACE_COMMAND_H

#include "options.h"

/* trace_command_run - returns the process exit code: 0 the zone's
 * servers answer with the record, 1 they say there is none, 3 the walk
 * stopped (or could not start), 64 a usage error. */
int trace_command_run(const struct options *opts);

/* trace_hints_read - the whole of a named.root file (at most 1 MB of
 * text), owned; NULL with the reason (escaped) in err. */
char *trace_hints_read(const char *path, char *err, size_t errsize);

struct backend;

/* trace_hints_for - the root hints a walk starts from: --root-hints, or
 * a lab scenario's root servers, or NULL for the built-in ones (err
 * empty). NULL with err set when the file or the scenario has none. */
char *trace_hints_for(const struct options *opts, const struct backend *backend, char *err, size_t errsize);

#endif
