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

/* What shows that a name's domain is the sender's own, not its
 * provider's: a numbered name there is one its owner chose. */
struct generic_owner {
	const char *helo;         /* the HELO: another name in the same domain shows it (may be NULL) */
	const char *zone;         /* a zone whose own servers stand apart from the reverse zone's, or NULL */
	const char *zone_servers; /* those servers, in words ("ns1.example.net, not ns1.isp.example") */
};

/* generic_domain - the registrable domain of name ("example.co.uk"),
 * lower-cased, without a trailing dot; false when it has none. */
bool generic_domain(const char *name, char *out, size_t size);

/* generic_name_judge - generic_name_check with every piece of evidence
 * that the name's domain is the sender's own; a machine id or a filter's
 * dynamic call there is the owner's choice, and why names the evidence. */
enum generic_reason generic_name_judge(const char *name, const struct ip_address *ip, const struct generic_owner *owner,
				       char *why, size_t size);

/* generic_name_check - why name looks generic for ip, or GENERIC_NO. helo
 * (may be NULL) is the server's HELO name. why (may be NULL) gets the reason in
 * words ("contains the address 192.0.2.7 as 192-0-2-7"), and the spam
 * filters whose own rules call the name dynamic (SpamAssassin's
 * RDNS_DYNAMIC, rspamd's HFILTER_HOSTNAME_N) as evidence; when they do and
 * ptrdoctor does not flag the name (a hosted sender's, one in a domain
 * shown to be the sender's own), GENERIC_NO with why saying so. Hosted
 * senders' names are never flagged. The HELO is the only evidence of
 * ownership here: another name in the same domain (not the name itself,
 * which a server left at its provider's default also sends). */
enum generic_reason generic_name_check(const char *name, const struct ip_address *ip, const char *helo, char *why,
				       size_t size);

/* generic_is_hosted_sender - the name belongs to a big hosted sender
 * (Microsoft 365, Google, Amazon SES, SendGrid, Mailgun, QQ): nothing to fix. */
bool generic_is_hosted_sender(const char *name);

#endif
