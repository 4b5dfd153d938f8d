/* peers - the spam filters' own rule lines and lists, run as the filters
 * run them: SpamAssassin's rDNS and HELO rules (sa_rules.h), rspamd's
 * hfilter lists (hfilter.h), and SPF for the HELO as Mail::SPF gives it
 * to SpamAssassin (spf.h). They sit under rules/ so that a rule can take
 * a peer's judgment as its evidence (ptr-not-generic names the filter
 * that calls a name dynamic), and under receivers/, whose SpamAssassin
 * and rspamd predictions run them on the whole client. */
#ifndef PTRDOCTOR_PEERS_H
#define PTRDOCTOR_PEERS_H

#include "hfilter.h"
#include "sa_rules.h"
#include "spf.h"

#endif
