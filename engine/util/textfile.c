/* textfile - a whole text file read into memory. */
#define _POSIX_C_SOURCE 200809L
#include "textfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"

bool textfile_read(const char *path, size_t max, char **out, char *err, size_t errsize)
{
	char shown[600];
	names_escape(path, shown, sizeof shown);
	*out = NULL;
	FILE *fp = fopen(path, "r");
	if (!fp) {
		snprintf(err, errsize, "%s: %s", shown, strerror(errno));
		return false;
	}
	char *text = malloc(max + 1);
	size_t len = text ? fread(text, 1, max + 1, fp) : 0;
	bool read_error = ferror(fp);
	fclose(fp);
	const char *why = !text ? "out of memory" : read_error ? "read error" : len > max ? "too large" : NULL;
	if (!why && memchr(text, '\0', len))
		why = "contains a NUL byte; a text file was expected";
	if (why) {
		snprintf(err, errsize, "%s: %s (at most %zu KB of text)", shown, why, max / 1024);
		free(text);
		return false;
	}
	text[len] = '\0';
	*out = text;
	return true;
}
