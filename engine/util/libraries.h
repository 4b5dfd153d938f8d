/* libraries - the versions of the libraries the engine runs with, as the
 * libraries themselves report them at run time (not the headers built
 * against), for --version and bug reports. */
#ifndef PTRDOCTOR_LIBRARIES_H
#define PTRDOCTOR_LIBRARIES_H

#include <stddef.h>

/* libraries_versions - "ldns 1.8.3, PCRE2 10.42 2022-12-11" into out. */
void libraries_versions(char *out, size_t size);

#endif
