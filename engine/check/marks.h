/* marks - the mark beside a finished lookup, from the rule its answer
 * feeds, so that a tick never stands beside an answer that hurts:
 *   good:    the answer satisfies that rule (a PTR that exists, a PTR
 *            name that leads back to the address, a HELO that resolves);
 *   bad:     the answer is why that rule fails or warns (no PTR, a name
 *            that points elsewhere, a server answering without authority);
 *   error:   DNS gave no usable answer (SERVFAIL, REFUSED, a timeout);
 *   neutral: the lookup feeds no rule alone (a zone's SOA and NS, the
 *            HELO's MX and TXT, the other family's names), or decides
 *            nothing here.
 * Pure over the findings; help/screens/steps.txt and the man page carry
 * the legend. */
#ifndef PTRDOCTOR_MARKS_H
#define PTRDOCTOR_MARKS_H

#include "diagnosis/diagnose.h"
#include "findings.h"

enum mark { MARK_NEUTRAL = 0, MARK_GOOD, MARK_BAD, MARK_ERROR };

/* mark_of_step - the mark of step s, a step of d, whose findings are f. */
enum mark mark_of_step(const struct findings *f, const struct diagnosis *d, const struct step *s);

/* mark_name - "good", "bad", "error", "neutral" (static), as JSON says it. */
const char *mark_name(enum mark mark);

#endif
