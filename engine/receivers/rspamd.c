/* rspamd - rspamd: hfilter and the RDNS rules, on the name Postfix passes. */
#define _POSIX_C_SOURCE 200809L
#include "receiver.h"

#include <stdio.h>
#include <string.h>

static const char *const basis_rspamd =
	"rspamd hfilter.lua and misc.lua (4.1.5) with the name Postfix passes; FCrDNS failures without a missing PTR score nothing (inferred)";

void receiver_rspamd_predict(const struct diagnosis *d, const struct evidence *ev, struct predictions *out)
{
	struct prediction *p = receiver_add(out, "rspamd", "", basis_rspamd);
	struct score_list l = {0};
	const char *helo = diagnosis_helo(d);
	if (ev->ptr == OUTCOME_NONE) {
		receiver_score(&l, "RDNS_NONE", 2.0, true);
		receiver_score(&l, "HFILTER_HOSTNAME_UNKNOWN", 2.5, true);
	} else if (ev->ptr == OUTCOME_TEMP) {
		receiver_score(&l, "RDNS_DNSFAIL", 0.0, true);
	}
	if (helo && (ev->helo_kind == HELO_ADDRESS_LITERAL || ev->helo_kind == HELO_BARE_ADDRESS)) {
		struct ip_address lit;
		bool parsed = names_parse_ip(helo, &lit) == NAMES_OK;
		if (parsed && names_ip_kind(&lit) != IP_PUBLIC)
			receiver_score(&l, "HFILTER_HELO_BADIP", 4.5, true);
		else
			receiver_score(&l, "HFILTER_HELO_BAREIP", 3.0, true);
	} else if (helo && !strchr(helo, '.')) {
		receiver_score(&l, "HFILTER_HELO_5", 0, false); /* a name without a dot weighs 5 */
	} else if (helo) {
		bool found = ev->helo_a == OUTCOME_FOUND || ev->helo_aaaa == OUTCOME_FOUND;
		if (ev->helo_kind != HELO_FQDN)
			receiver_score(&l, "HFILTER_HELO_NOT_FQDN", 2.0, true);
		else if (found && !ev->helo_has_ip)
			receiver_score(&l, "HFILTER_HELO_IP_A", 1.0, true);
		else if (!found && ev->helo_mx != OUTCOME_FOUND)
			receiver_score(&l, "HFILTER_HELO_NORES_A_OR_MX", 0.3, true);
	}
	receiver_scored(p, &l);
}
