/* generic - does a PTR name look dynamic or provider-generic?
 *
 * Receivers and filters (SpamAssassin RDNS_DYNAMIC, rspamd HFILTER, Yahoo's
 * guidance) distrust names that encode the address or carry access-network
 * words, and providers' default names. This module says whether a name
 * looks that way, and why. It only looks at the name; it never queries DNS. */
#ifndef PTRDOCTOR_GENERIC_H
#define PTRDOCTOR_GENERIC_H

#include <stdbool.h>
#include <stddef.h>

#include "util/names.h"

/* Why a name looks generic; GENERIC_NO (0) when it does not. */
enum generic_reason {
	GENERIC_NO = 0,
	GENERIC_PROVIDER_DEFAULT, /* a provider's default name (help/provider-fingerprints.txt) */
	GENERIC_ADDRESS,          /* it carries the address, in one encoding or another */
	GENERIC_ACCESS_WORD,      /* a word of access networks (dyn, dsl, pool...) with a number */
	GENERIC_PLACEHOLDER,      /* no host-specific part: static.isp.example, customer.provider.example */
	GENERIC_MACHINE_ID,       /* a server or contract id at a host (s12345678.host.example), not the mail domain's */
	GENERIC_HASHED,           /* a hashed IPv6 access name (ptr-<hash>..., ip6.access) */
	GENERIC_PEER_RULE,        /* only a spam filter's own rule calls it dynamic (SpamAssassin, rspamd) */
};

/* generic_name_check - why name looks generic for ip, or GENERIC_NO. helo
 * (may be NULL) is the server's HELO name: a numbered name under the HELO's
 * own domain is one the owner chose. why (may be NULL) gets the reason in
 * words ("contains the address 192.0.2.7 as 192-0-2-7"), and the spam
 * filters whose own rules call the name dynamic (SpamAssassin's
 * RDNS_DYNAMIC, rspamd's HFILTER_HOSTNAME_N) as evidence; when they do and
 * ptrdoctor does not flag the name (a hosted sender's, one under the
 * HELO's own domain), GENERIC_NO with why saying so. Hosted senders'
 * names are never flagged. */
enum generic_reason generic_name_check(const char *name, const struct ip_address *ip, const char *helo, char *why,
				       size_t size);

/* generic_is_hosted_sender - the name belongs to a big hosted sender
 * (Microsoft 365, Google, Amazon SES, SendGrid, Mailgun, QQ): nothing to fix. */
bool generic_is_hosted_sender(const char *name);

#endif
