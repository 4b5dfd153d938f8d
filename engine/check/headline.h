/* headline - the verdict, from what the receivers do:
 *   fail  a receiver rejects or defers mail from an address the server
 *         sends from (the one checked, or another of its names' addresses);
 *   error the only refusals come from lookups that failed (receivers whose
 *         lookups fail the same way defer), or a rule could not be decided;
 *   warn  receivers only add spam points (SpamAssassin's informational
 *         0.001 rules do not count), refuse by chance (one of two PTRs), or
 *         a rule warns of what breaks later (a stale or lame server, an old
 *         answer cached, a generic name);
 *   pass  otherwise.
 * With one sentence that names the receivers and the address. */
#ifndef PTRDOCTOR_HEADLINE_H
#define PTRDOCTOR_HEADLINE_H

#include <stdbool.h>
#include <stddef.h>

#include "receivers/prediction.h"
#include "rules/rules.h"
#include "util/names.h"

#define HEADLINE_MAX 2400

struct headline {
	enum rule_status verdict; /* pass, warn, fail or error */
	char text[HEADLINE_MAX];  /* terminal-safe, no status word */
};

/* headline_decide - from the predictions for the address checked and for
 * the server's other addresses, and the rules; later is why the first
 * cause matters when nothing is refused today (may be NULL); trouble is
 * what fails when receivers defer for DNS trouble ("the reverse zone of
 * IP fails DNSSEC validation"; NULL: DNS did not answer for the address). */
void headline_decide(const struct ip_address *ip, const struct predictions *checked, const struct predictions *others,
		     const struct rule_results *rules, const char *later, const char *trouble, struct headline *out);

/* headline_address_refused - a receiver in p rejects or defers mail from
 * address ("" the address checked) on the records, not on DNS trouble. */
bool headline_address_refused(const struct predictions *p, const char *address);

/* headline_refusals - who refuses mail from address, in words with each
 * receiver's reply code ("Gmail (550 5.7.25) and Postfix (450 4.7.25)
 * refuse it"), or what spam filters add, or that none refuses. */
void headline_refusals(const struct predictions *p, const char *address, char *buf, size_t size);

#endif
