/* advice - the one thing to do next, from the findings: who changes what,
 * and where, with the user's own values. Every writer and the wizard's
 * verdict say it in the same words. */
#ifndef PTRDOCTOR_ADVICE_H
#define PTRDOCTOR_ADVICE_H

#include <stddef.h>

#include "report_input.h"

/* advice_ptr_name - the name the PTR should carry: the HELO when it is a
 * full name, else a PTR name that resolves back, else NULL. Borrowed. */
const char *advice_ptr_name(const struct report_input *in);

/* advice_next_step - the next step in one sentence ("Ask Hetzner to set
 * the PTR of 203.0.113.5 to mail.example.com: ..."), or, when the zone
 * already serves the fix and only caches hold the old answer, until when
 * to wait. Never "fix the PTR" for a fix that is in place. */
void advice_next_step(const struct report_input *in, char *buf, size_t size);

#endif
