/* trace_hints - the root servers a walk starts from. */
#define _POSIX_C_SOURCE 200809L
#include "trace_hints.h"

#include <stdio.h>
#include <stdlib.h>

#include "dns/backend.h"
#include "lab/lab.h"
#include "util/textfile.h"

#define HINTS_FILE_MAX (1 << 20)

char *trace_hints_read(const char *path, char *err, size_t errsize)
{
	char *text, why[700];
	if (textfile_read(path, HINTS_FILE_MAX, &text, why, sizeof why))
		return text;
	snprintf(err, errsize, "--root-hints %s", why);
	return NULL;
}

char *trace_hints_for(const char *path, const struct backend *backend, char *err, size_t errsize)
{
	if (path)
		return trace_hints_read(path, err, errsize);
	const struct lab_scenario *sc = backend_scenario(backend);
	if (!sc)
		return NULL; /* the built-in hints */
	char *hints = lab_scenario_root_hints(sc);
	if (!hints || !hints[0]) {
		snprintf(err, errsize, "%s", hints ? "the lab scenario declares no server of the root zone (server: NAME ADDRESS .)"
						   : "out of memory");
		free(hints);
		return NULL;
	}
	return hints;
}
