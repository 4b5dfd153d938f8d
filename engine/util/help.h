/* help - the texts under help/, compiled into the binary at build time.
 *
 * Paths are relative to help/ ("usage.txt", "lab/no-ptr.zone"). The data
 * lives in a generated file in the build folder (tools/embed.c). */
#ifndef PTRDOCTOR_HELP_H
#define PTRDOCTOR_HELP_H

#include <stdbool.h>
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

/* help_expand - copy template into out with each {KEY} of keys replaced by
 * the value at the same index (values are copied as they are; callers
 * escape them). Unknown {WORDS} stay. Always NUL-terminates. */
void help_expand(const char *template, const char *const *keys, const char *const *values, size_t count,
		 char *out, size_t size);

/* help_line - in a file of "KEY: sentence" lines (help/trace.txt,
 * help/step-answers.txt), the sentence of key, into buf; false when the
 * file or the key is missing. */
bool help_line(const char *path, const char *key, char *buf, size_t size);

/* help_section - the part of a help text after a line that is exactly
 * `header` (up to the next such line "Word:" or the end), into out;
 * header NULL means the part before the first header. */
void help_section(const char *text, const char *header, char *out, size_t size);

#endif
