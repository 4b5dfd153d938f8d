/* microsoft - Microsoft: Exchange Online's IPv6 rule and Outlook.com's dynamic-space refusal. */
#define _POSIX_C_SOURCE 200809L
#include "receiver.h"

#include <stdio.h>
#include <string.h>

#include "rules/generic.h"

static const char *const basis_microsoft =
	"Microsoft's published documentation (no program to run and compare): Exchange Online requires a PTR for IPv6 senders (450 4.7.25); Outlook.com refuses dynamic IP space (DY-001, wording unverified)";

void receiver_microsoft_reply(const struct ip_address *ip, const struct client_names *names, bool dynamic,
			      struct prediction *p)
{
	if (ip->family == AF_INET6 && names->ptr != OUTCOME_FOUND)
		receiver_reply(p, VERDICT_REJECT, names->ptr == OUTCOME_TEMP, 450, "4.7.25",
			       "450 4.7.25 Service unavailable, sending IPv6 address [%s] must have reverse DNS record.", ip->text);
	else if (dynamic)
		receiver_reply(p, VERDICT_WARN, false, 0, "", "The PTR looks like dynamic IP space, which Outlook.com may refuse: "
			       "550 DY-001 Mail rejected by Outlook.com for policy reasons. We generally do not accept email "
			       "from dynamic IP's ...");
	else if (names->ptr != OUTCOME_FOUND)
		receiver_reply(p, VERDICT_WARN, false, 0, "", "Outlook.com: \"Email servers must have valid reverse DNS records\"");
	else
		receiver_reply(p, VERDICT_PASS, false, 0, "", "");
}

void receiver_microsoft_predict(const struct diagnosis *d, const struct evidence *ev, struct predictions *out)
{
	const struct ip_address *ip = diagnosis_ip(d);
	char why[300];
	bool dynamic = ev->ptr == OUTCOME_FOUND &&
		       generic_name_check(ev->targets[0].name, ip, diagnosis_helo(d), why, sizeof why) == GENERIC_ACCESS_WORD;
	struct client_names names = {.ptr = ev->ptr, .count = ev->target_count};
	receiver_microsoft_reply(ip, &names, dynamic, receiver_add(out, "microsoft", "", basis_microsoft));
}

const char *receiver_microsoft_basis(void)
{
	return basis_microsoft;
}
