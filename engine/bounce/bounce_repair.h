/* bounce_repair - undo what pasting did to a bounce, a log line or a
 * header before it is read: quote prefixes (> and |), indentation added
 * to every line, continuation lines of a Received header that lost their
 * indentation, newlines written as \n or #012 or turned into " / ",
 * spaces turned into underscores, markdown links and marks. Each repair
 * done is named in a short phrase, so that the reader can be told. */
#ifndef PTRDOCTOR_BOUNCE_REPAIR_H
#define PTRDOCTOR_BOUNCE_REPAIR_H

#include <stdbool.h>
#include <stddef.h>

#define BOUNCE_REPAIR_NOTE_MAX 120

/* bounce_repair - the repaired text (owned; NULL on no memory) and up to
 * max notes ("quote marks removed from 3 lines"), *count of them. */
char *bounce_repair(const char *text, char notes[][BOUNCE_REPAIR_NOTE_MAX], size_t max, size_t *count);

/* bounce_reply_code_at - p starts a reply code with an enhanced code:
 * "550-5.7.25" or "450 4.7.1". */
bool bounce_reply_code_at(const char *p);

#endif
