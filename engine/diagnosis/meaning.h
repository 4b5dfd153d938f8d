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

#include <stdbool.h>
#include <stddef.h>

#include "util/names.h"
#include "step.h"

/* meaning_outcome - the outcome of a step's answer (static), "" while it
 * runs. ip: the address being checked (match and no-match compare with it). */
const char *meaning_outcome(const struct step *step, const struct ip_address *ip);

/* meaning_of - the sentence for the step's answer, into buf ("" while it
 * runs). */
void meaning_of(const struct step *step, const struct ip_address *ip, char *buf, size_t size);

/* An Extended DNS Error (RFC 8914) of a reply, in words (help/ede.txt). */
struct ede_words {
	int code;           /* -1: the reply carries none */
	char name[64];      /* "Signature Expired" */
	char words[400];    /* what it means for the reader */
	char text[600];     /* the resolver's own extra text, escaped, or "" */
};

/* meaning_ede_of - the step's EDE, read and named into *out; false (code
 * -1) when its reply carries none. */
bool meaning_ede_of(const struct step *step, struct ede_words *out);

/* meaning_ede - the EDE in one phrase: "the resolver says: Signature
 * Expired (EDE 7): the zone's signatures have expired..." ("" when none);
 * meaning_of ends with it. The resolver's extra text is left out: it
 * names servers and times (struct ede_words has it). */
void meaning_ede(const struct step *step, char *buf, size_t size);

#endif
