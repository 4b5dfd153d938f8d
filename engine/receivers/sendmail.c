/* sendmail - Sendmail 8.17: FEATURE(`require_rdns') and the Received header it writes. */
#define _POSIX_C_SOURCE 200809L
#include "receiver.h"

#include <stdio.h>

static const char *const basis_sendmail =
	"Sendmail 8.17, compared with the running Sendmail: cf/m4/proto.m4's FEATURE(`require_rdns') on "
	"${client_resolve} (OK, FAIL, TEMP or FORGED) and the Received header's client part; the first PTR name, "
	"a number being none, confirmed in the client's family";

/* Sendmail's ${client_resolve}. */
enum client_resolve { RESOLVE_OK, RESOLVE_FAIL, RESOLVE_TEMP, RESOLVE_FORGED };

/* client_resolve - ${client_resolve} when the PTR name at index first
 * comes first (a number is none), forward-confirmed; only a PTR lookup
 * that fails for now is TEMP, a forward one that does is FORGED. *name is
 * the name it writes in Received, or NULL. */
static enum client_resolve client_resolve(const struct evidence *ev, size_t first, const char **name)
{
	*name = NULL;
	if (ev->ptr == OUTCOME_TEMP)
		return RESOLVE_TEMP;
	if (ev->ptr != OUTCOME_FOUND || ev->target_count <= first)
		return RESOLVE_FAIL;
	const struct ptr_target *t = &ev->targets[first];
	char stripped[EVIDENCE_NAME_MAX];
	if (names_is_numeric_address(names_strip_dot(t->name, stripped, sizeof stripped)))
		return RESOLVE_FAIL;
	*name = t->name;
	return t->confirms ? RESOLVE_OK : RESOLVE_FORGED;
}

/* refusal_if_first - with several PTRs, the outcome when another comes
 * first: the first that refuses, else ok; *either when they differ. */
static enum client_resolve refusal_if_first(const struct evidence *ev, enum client_resolve first, size_t *which,
					    bool *either)
{
	enum client_resolve shown = first;
	const char *name;
	*either = false;
	*which = 0;
	for (size_t i = 1; ev->ptr == OUTCOME_FOUND && i < ev->target_count; i++) {
		enum client_resolve other = client_resolve(ev, i, &name);
		*either = *either || other != first;
		if (shown == RESOLVE_OK && other != RESOLVE_OK) {
			shown = other;
			*which = i;
		}
	}
	return shown;
}

/* sendmail_address - the address as Sendmail writes it: IPv6 with its
 * "IPv6:" tag and all eight groups (built with IPV6_FULL). */
static void sendmail_address(const struct ip_address *ip, char *out, size_t size)
{
	if (ip->family != AF_INET6) {
		snprintf(out, size, "%s", ip->text);
		return;
	}
	const unsigned char *b = ip->bytes;
	snprintf(out, size, "IPv6:%x:%x:%x:%x:%x:%x:%x:%x", b[0] << 8 | b[1], b[2] << 8 | b[3], b[4] << 8 | b[5],
		 b[6] << 8 | b[7], b[8] << 8 | b[9], b[10] << 8 | b[11], b[12] << 8 | b[13], b[14] << 8 | b[15]);
}

void receiver_sendmail_predict(const struct diagnosis *d, const struct evidence *ev, struct predictions *out)
{
	const char *helo = diagnosis_helo(d), *name;
	char ip[NAMES_ADDR_TEXT_MAX + 8];
	sendmail_address(diagnosis_ip(d), ip, sizeof ip);
	bool either;
	size_t which;
	enum client_resolve resolve = client_resolve(ev, 0, &name);
	enum client_resolve shown = refusal_if_first(ev, resolve, &which, &either);
	struct prediction *p = receiver_add(out, "sendmail", "require_rdns", basis_sendmail);
	switch (shown) {
	case RESOLVE_OK: receiver_reply(p, VERDICT_PASS, false, 0, "", ""); break;
	case RESOLVE_FAIL:
		receiver_reply(p, VERDICT_REJECT, false, 550, "5.7.1", "550 5.7.1 Fix reverse DNS for %s", ip);
		break;
	case RESOLVE_TEMP:
		receiver_reply(p, VERDICT_DEFER, true, 451, "4.1.8", "451 4.1.8 Client IP address %s does not resolve", ip);
		break;
	case RESOLVE_FORGED:
		/* from DNS trouble when the name's forward lookup failed for now */
		receiver_reply(p, VERDICT_DEFER, ev->targets[which].forward == OUTCOME_TEMP, 451, "4.1.8",
			       "451 4.1.8 Possibly forged hostname for %s", ip);
		break;
	}
	if (either)
		p->verdict = VERDICT_EITHER; /* getnameinfo returns whichever the resolver gives first */

	char stripped[EVIDENCE_NAME_MAX];
	struct prediction *r = receiver_add(out, "sendmail", "received", basis_sendmail);
	if (name)
		receiver_reply(r, resolve == RESOLVE_OK ? VERDICT_PASS : VERDICT_WARN, false, 0, "",
			       "from %s (%s [%s]%s)", helo ? helo : "", names_strip_dot(name, stripped, sizeof stripped), ip,
			       resolve == RESOLVE_OK ? "" : " (may be forged)");
	else
		receiver_reply(r, VERDICT_WARN, false, 0, "", "from %s ([%s])", helo ? helo : "", ip);
}
