/* textmatch - POSIX extended regular expressions over pasted text,
 * matched without regard to case. A pattern is compiled on its first use
 * and kept for the life of the process, keyed by its pointer: pass static
 * strings, or strings kept as long (the bounce tables). Thread-safe. */
#ifndef PTRDOCTOR_TEXTMATCH_H
#define PTRDOCTOR_TEXTMATCH_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

/* textmatch_find - the first match of pattern in text at or after from;
 * fills the whole match and up to groups-1 groups (offsets into text).
 * `^` matches only at the start of text, not at from. */
bool textmatch_find(const char *pattern, const char *text, size_t from, regmatch_t *m, size_t groups);

/* textmatch_copy - a matched group, escaped for the terminal, into out. */
void textmatch_copy(const char *text, const regmatch_t *g, char *out, size_t size);

/* textmatch_flatten - header lines and SMTP continuation lines unfolded
 * into one line of single spaces, a reply's repeated "550-5.7.25 "
 * prefixes after the first removed. Owned string, NULL on no memory. */
char *textmatch_flatten(const char *text);

#endif
