/* render - a report written to a FILE by its writer, returned as one
 * string: the text, JSON, ticket and post writers all print to a stream,
 * and their callers want the whole text (to print, save or show). */
#ifndef PTRDOCTOR_RENDER_H
#define PTRDOCTOR_RENDER_H

#include <stdio.h>

/* render_writer - prints one report of ctx to out. */
typedef void (*render_writer)(FILE *out, const void *ctx);

/* render_string - what write prints for ctx, as an owned string (free);
 * NULL on no memory. */
char *render_string(render_writer write, const void *ctx);

#endif
