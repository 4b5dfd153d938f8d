/* clock - times as people read them: the local wall clock. */
#ifndef PTRDOCTOR_CLOCK_H
#define PTRDOCTOR_CLOCK_H

#include <stdbool.h>
#include <stddef.h>

/* clock_local - a Unix time as the local HH:MM:SS (seconds) or HH:MM;
 * "?" when the time cannot be shown. */
void clock_local(long long when, bool seconds, char *buf, size_t size);

#endif
