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

#include "names.h"

/* generic_name_check - true when name looks generic for ip. why (may be
 * NULL) gets the reason ("contains the address 192.0.2.7 as 192-0-2-7").
 * Hosted senders' names are never flagged. */
bool generic_name_check(const char *name, const struct ip_address *ip, char *why, size_t size);

/* generic_is_hosted_sender - the name belongs to a big hosted sender
 * (Microsoft 365, Google, Amazon SES, SendGrid, Mailgun, QQ): nothing to fix. */
bool generic_is_hosted_sender(const char *name);

#endif
