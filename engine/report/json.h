/* json - the one JSON writer of `check --json` and `explain --json`.
 *
 * Strings are made terminal-safe first (names_escape: \DDD for control
 * and non-ASCII bytes, as in every report) and then JSON-escaped, so the
 * output is plain ASCII and valid JSON whatever DNS or a paste held. */
#ifndef PTRDOCTOR_JSON_H
#define PTRDOCTOR_JSON_H

#include <stdbool.h>
#include <stdio.h>

/* json_string - text as a JSON string, or null when text is NULL. */
void json_string(FILE *out, const char *text);

/* json_key - `"key":`, after a comma unless it is the first of its object. */
void json_key(FILE *out, const char *key, bool first);

/* json_field - json_key then json_string. */
void json_field(FILE *out, const char *key, const char *text, bool first);

/* json_words - space separated words (sorted record data, an NS set) as
 * a JSON array of strings. */
void json_words(FILE *out, const char *text);

#endif
