/* received - the Received header lines of a pasted mail, as Postfix,
 * Exim (both forms), Sendmail, Gmail, Microsoft, Haraka and Yahoo write
 * them, folded or not: the newest hop from a public address that is not
 * one of the receiver's own (a hop between servers of one organisation;
 * a loopback or private address never),
 * its HELO, address and the name the receiver verified, and why that
 * hop ("Received line N of M", every Received line counted). */
#ifndef PTRDOCTOR_RECEIVED_H
#define PTRDOCTOR_RECEIVED_H

#include <stdbool.h>

#include "bounce_finding.h"

/* received_explain - the chosen hop as a finding (source
 * BOUNCE_RECEIVED) into *out; false when text has no Received line read
 * from a public address. */
bool received_explain(const char *text, struct bounce_finding *out);

#endif
