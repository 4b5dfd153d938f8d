/* meaning - what a finished step's answer means, in the step's own terms.
 *
 * dig prints records, or nothing: "no such name", "no address for this
 * name", "zone X, run by Y (from the authority section)" are left to the
 * reader. Each answer is sorted into an outcome (records, match,
 * no-match, alias, no-data, no-name, zone, no-name-zone,
 * not-authoritative, servfail, refused, rcode, timeout, failed, stopped)
 * and said with the sentence help/step-answers.txt has for the step's
 * purpose and that outcome. Every value from DNS is escaped, so the text
 * is terminal-safe. */
#ifndef PTRDOCTOR_MEANING_H
#define PTRDOCTOR_MEANING_H

#include <stddef.h>

#include "util/names.h"
#include "step.h"

/* meaning_outcome - the outcome of a step's answer (static), "" while it
 * runs. ip: the address being checked (match and no-match compare with it). */
const char *meaning_outcome(const struct step *step, const struct ip_address *ip);

/* meaning_of - the sentence for the step's answer, into buf ("" while it
 * runs). */
void meaning_of(const struct step *step, const struct ip_address *ip, char *buf, size_t size);

#endif
