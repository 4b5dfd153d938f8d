/* yahoo - Yahoo: its published guidance on reverse DNS. */
#define _POSIX_C_SOURCE 200809L
#include "receiver.h"

#include <stdio.h>
#include <string.h>

#include "rules/rules.h"

static const char *const basis_yahoo =
	"Yahoo's published sender best practices (no program to run and compare): valid, non-generic reverse DNS; missing rDNS lowers reputation and causes deferrals";

void receiver_yahoo_predict(const struct diagnosis *d, const struct evidence *ev, struct predictions *out)
{
	struct prediction *p = receiver_add(out, "yahoo", "", basis_yahoo);
	char why[700], servers[2 * EVIDENCE_NAME_MAX + 40];
	struct generic_owner owner;
	rules_generic_owner(diagnosis_helo(d), ev, &owner, servers, sizeof servers);
	if (ev->ptr != OUTCOME_FOUND)
		receiver_reply(p, VERDICT_WARN, false, 0, "", "No reverse DNS for %s: Yahoo lowers the IP's reputation and may defer "
			       "mail (421/451)", diagnosis_ip(d)->text);
	else if (ev->targets[0].postfix_valid && generic_name_judge(ev->targets[0].name, diagnosis_ip(d), &owner, why, sizeof why))
		receiver_reply(p, VERDICT_WARN, false, 0, "", "The PTR %s looks generic (%s): Yahoo asks for a meaningful, "
			       "non-generic name", ev->targets[0].name, why);
	else
		receiver_reply(p, VERDICT_PASS, false, 0, "", "");
}
