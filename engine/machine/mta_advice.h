/* mta_advice - what to change in the mail server's own configuration,
 * after a check of one of the addresses it sends from: the exact line
 * for the MTA found (postconf -e, Exim's transport option, smtpd.conf,
 * sendmail.mc), and what it costs when it is only a stop-gap.
 *
 * What the owner of the address must change (the PTR itself) is the
 * report's own next step (report_next_step); this is the part that is in
 * the user's hands on this machine. */
#ifndef PTRDOCTOR_MTA_ADVICE_H
#define PTRDOCTOR_MTA_ADVICE_H

#include <stdbool.h>
#include <stddef.h>

#include "detect.h"
#include "check/findings.h"

#define MTA_ADVICE_MAX 4

struct mta_change {
	char line[400]; /* the command or configuration line */
	char why[600];  /* one sentence: what it fixes, or what it costs */
};

/* mta_advice - the changes for the check of one sending address
 * (findings of a diagnosis of ip with the detected HELO). Returns how
 * many were written to out (at most max). */
size_t mta_advice(const struct detection *d, const struct ip_address *ip, const struct findings *f,
		  struct mta_change *out, size_t max);

/* mta_advice_bind - the line that makes the MTA send from `to` (another
 * address of this machine whose PTR resolves back) instead of `from`,
 * whose does not. false when the MTA has no such setting known here. */
bool mta_advice_bind(const struct detection *d, const struct ip_address *from, const struct ip_address *to,
		     struct mta_change *out);

#endif
