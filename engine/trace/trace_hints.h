/* trace_hints - the root servers a walk starts from: a named.root file,
 * a lab scenario's root servers, or the built-in hints (NULL). */
#ifndef PTRDOCTOR_TRACE_HINTS_H
#define PTRDOCTOR_TRACE_HINTS_H

#include <stddef.h>

struct backend;

/* trace_hints_read - the whole of a named.root file (at most 1 MB of
 * text), owned; NULL with the reason (escaped) in err. */
char *trace_hints_read(const char *path, char *err, size_t errsize);

/* trace_hints_for - the hints of path (--root-hints) when not NULL, else
 * the lab scenario's root servers, else NULL with err empty: the built-in
 * ones. NULL with err set when the file or the scenario has none. */
char *trace_hints_for(const char *path, const struct backend *backend, char *err, size_t errsize);

#endif
