/* gmail - Gmail: the PTR confirmed in the client's family. */
#define _POSIX_C_SOURCE 200809L
#include "receiver.h"

#include <stdio.h>
#include <string.h>

static const char *const basis_gmail =
	"Google's published sender guidelines (no program to run and compare): PTR name must have an A (IPv4) or AAAA (IPv6) record with the sending IP";

void receiver_gmail_reply(const struct ip_address *ip, const struct client_names *names, struct prediction *p)
{
	if (names->ptr == OUTCOME_FOUND && names->confirming == names->count) {
		receiver_reply(p, VERDICT_PASS, false, 0, "", "");
	} else if (names->ptr == OUTCOME_TEMP || (names->confirming == 0 && names->temp > 0)) {
		receiver_reply(p, VERDICT_DEFER, true, 451, "4.7.23",
			       "451 4.7.23 The sending IP address for this message doesn't have a PTR record, or the PTR "
			       "record's forward DNS entry doesn't match the sending IP address. To protect users from spam, "
			       "your email has been temporarily rate limited.");
	} else if (ip->family == AF_INET6) {
		receiver_reply(p, names->confirming ? VERDICT_EITHER : VERDICT_REJECT, false, 550, "5.7.1",
			       "550 5.7.1 [%s] This message does not meet IPv6 sending guidelines regarding PTR records "
			       "and authentication.", ip->text);
	} else {
		receiver_reply(p, names->confirming ? VERDICT_EITHER : VERDICT_REJECT, false, 550, "5.7.25",
			       "550 5.7.25 [%s] The IP address sending this message does not have a PTR record setup, or "
			       "the corresponding forward DNS entry does not point to the sending IP. As a policy, Gmail "
			       "does not accept messages from IPs with missing PTR records.", ip->text);
	}
}

void receiver_gmail_predict(const struct diagnosis *d, const struct evidence *ev, struct predictions *out)
{
	struct client_names names = {.ptr = ev->ptr};
	for (size_t i = 0; ev->ptr == OUTCOME_FOUND && i < ev->target_count; i++) {
		const struct ptr_target *t = &ev->targets[i];
		names.count++;
		names.confirming += t->postfix_valid && t->confirms;
		names.temp += t->forward == OUTCOME_TEMP;
	}
	receiver_gmail_reply(diagnosis_ip(d), &names, receiver_add(out, "gmail", "", basis_gmail));
}

const char *receiver_gmail_basis(void)
{
	return basis_gmail;
}
