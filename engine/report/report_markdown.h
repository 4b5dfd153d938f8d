/* report_markdown - a finished diagnosis as a post for a forum or an issue
 * tracker: CommonMark with HTML <details>, the verdict and the one thing to
 * do on top, the rules as a table, the receivers' replies, and every lookup
 * with its dig command folded away. Text from DNS or from the user is made
 * terminal-safe (\DDD), and in table cells '|' and '<', '>', '&' are
 * escaped, so that nothing in it can break the post's layout. */
#ifndef PTRDOCTOR_REPORT_MARKDOWN_H
#define PTRDOCTOR_REPORT_MARKDOWN_H

#include "report_input.h"

/* report_markdown - the post. Owned string (free), NULL on no memory. */
char *report_markdown(const struct report_input *in);

#endif
