/* trace_report - a finished walk from the root as plain text or JSON.
 *
 * Each level in words (help/trace.txt: who runs that level and what it
 * did), every server asked with what it said, the time and its dig
 * command, the one the walk went on with marked; parent and child NS sets
 * compared. Every string from DNS is made terminal-safe first. Owned
 * strings (free), NULL on no memory. */
#ifndef PTRDOCTOR_TRACE_REPORT_H
#define PTRDOCTOR_TRACE_REPORT_H

#include <stdbool.h>
#include <stddef.h>

struct trace;

char *trace_report_text(const struct trace *t, bool color);
char *trace_report_json(const struct trace *t);

/* trace_report_text_levels - the text with only the first `levels`
 * levels, and a line saying Space shows the next (presenter mode). */
char *trace_report_text_levels(const struct trace *t, size_t levels, bool color);

/* trace_level_role - who runs level index, as help/trace.txt names it:
 * "root", "arpa", "reverse-tree", "registry", "holder", "classless"
 * (reached through an RFC 2317 CNAME), "tld", "domain". */
const char *trace_level_role(const struct trace *t, size_t index);

/* trace_level_words - what level index says, in one or two sentences
 * (terminal-safe), into buf. */
void trace_level_words(const struct trace *t, size_t index, char *buf, size_t size);

/* trace_ns_differ - the level's parent and child NS sets are both known
 * and are not the same set. */
bool trace_ns_differ(const struct trace *t, size_t index);

#endif
