/* textfile - a whole text file read into memory: scenarios, root hints.
 *
 * A file larger than the limit, or holding a NUL byte, is refused with a
 * reason; the path in messages is escaped, as everything shown is. */
#ifndef PTRDOCTOR_TEXTFILE_H
#define PTRDOCTOR_TEXTFILE_H

#include <stdbool.h>
#include <stddef.h>

/* textfile_read - *out gets the text, NUL-terminated (owned, free). false
 * with "PATH: why" in err. */
bool textfile_read(const char *path, size_t max, char **out, char *err, size_t errsize);

#endif
