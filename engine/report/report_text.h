/* report_text - a finished diagnosis as the human report: the lookups with
 * their dig commands and meaning, the zones, the rules, the receivers'
 * predictions, the verdict and the next step. Every string from DNS or the
 * user is made terminal-safe (\DDD escapes) before it is written. */
#ifndef PTRDOCTOR_REPORT_TEXT_H
#define PTRDOCTOR_REPORT_TEXT_H

#include <stdbool.h>

#include "report_input.h"

/* report_text - the human report; color adds ANSI colours to status words.
 * Owned string (free), NULL on no memory. */
char *report_text(const struct report_input *in, bool color);

/* report_sources_text - the zones' own servers (asked directly), each with
 * its dig command, and what the resolver's cache holds: the authoritative
 * part of the text report. "" when the round did not run. Owned string. */
char *report_sources_text(const struct report_input *in);

#endif
