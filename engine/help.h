/* help - the texts under help/, compiled into the binary at build time.
 *
 * Paths are relative to help/ ("usage.txt", "lab/no-ptr.zone"). The data
 * lives in a generated file in the build folder (tools/embed.c). */
#ifndef PTRDOCTOR_HELP_H
#define PTRDOCTOR_HELP_H

#include <stddef.h>

struct help_file {
	const char *path;
	const char *text; /* NUL-terminated */
	size_t size;
};

extern const struct help_file help_files[];
extern const unsigned help_file_count;

/* help_text - the text of a help file, or NULL. Static storage. */
const char *help_text(const char *path);

#endif
