/* advice - the one thing to do next, in words, from the findings' causes
 * (check/causes.h): who changes what, where, with the user's own values.
 * Every writer and the wizard's verdict say it in the same words. */
#ifndef PTRDOCTOR_ADVICE_H
#define PTRDOCTOR_ADVICE_H

#include <stddef.h>

#include "report_input.h"

/* advice_next_step - the first cause's sentence, or, when nothing is to
 * change, that nothing is. */
void advice_next_step(const struct report_input *in, char *buf, size_t size);

/* advice_cause_line - one cause in a line: who, the action, the record
 * or setting, old -> new, and the rules it clears. */
void advice_cause_line(const struct cause *c, char *buf, size_t size);

#endif
