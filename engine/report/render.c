/* render - a report written to a FILE, returned as one string. */
#define _POSIX_C_SOURCE 200809L
#include "render.h"

#include <stdlib.h>

char *render_string(render_writer write, const void *ctx)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&buf, &size);
	if (!out)
		return NULL;
	write(out, ctx);
	if (fclose(out) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}
