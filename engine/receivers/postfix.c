/* postfix - Postfix's smtpd: the client and HELO restrictions, with its default codes. */
#define _POSIX_C_SOURCE 200809L
#include "receiver.h"

#include <stdio.h>
#include <string.h>

static const char *const basis_postfix_client =
	"Postfix 3.7 smtpd_peer.c, compared with the running Postfix: one PTR name via getnameinfo, forward lookup in the client's family only, "
	"default unknown_client_reject_code 450";
static const char *const basis_postfix_helo =
	"Postfix 3.7 smtpd_check.c, compared with the running Postfix: default reject codes; restrictions are opt-in and evaluated at RCPT TO";

/* client_check - one client restriction over every possible first PTR. */
static void client_check(struct prediction *p, const struct evidence *ev, bool reverse, const char *ip)
{
	const char *enhanced_perm = reverse ? "4.7.1" : "4.7.25";
	const char *what = reverse ? "reverse hostname" : "hostname";
	enum peer_status statuses[EVIDENCE_TARGETS_MAX];
	size_t n = 0;
	if (ev->ptr == OUTCOME_FOUND) {
		for (size_t i = 0; i < ev->target_count; i++) {
			struct peer_statuses o = receiver_postfix_peer(&ev->targets[i]);
			statuses[n++] = reverse ? o.reverse : o.name;
		}
	} else {
		statuses[n++] = ev->ptr == OUTCOME_NONE ? PEER_PERM : PEER_TEMP;
	}
	size_t ok = 0, temp = 0;
	for (size_t i = 0; i < n; i++) {
		ok += statuses[i] == PEER_OK;
		temp += statuses[i] == PEER_TEMP;
	}
	if (ok == n) {
		receiver_reply(p, VERDICT_PASS, false, 0, "", "");
		return;
	}
	enum receiver_verdict verdict = ok > 0 ? VERDICT_EITHER : VERDICT_REJECT;
	receiver_reply(p, verdict, temp == n - ok, 450, enhanced_perm,
		       "450 %s Client host rejected: cannot find your %s, [%s]", enhanced_perm, what, ip);
}

static void helo_reject(struct prediction *p, const char *helo, int code, const char *enhanced, bool temporary,
			const char *why)
{
	receiver_reply(p, VERDICT_REJECT, temporary, code, enhanced, "%d %s <%s>: Helo command rejected: %s", code, enhanced,
		       helo, why);
}

static void postfix_invalid_helo(struct prediction *p, const char *helo, const struct evidence *ev)
{
	char bare[1100];
	names_strip_dot(helo, bare, sizeof bare); /* as Postfix checks it */
	if (helo[0] == '[') {
		if (ev->helo_kind != HELO_ADDRESS_LITERAL)
			helo_reject(p, helo, 501, "5.5.2", false, "invalid ip address");
		else
			receiver_reply(p, VERDICT_PASS, false, 0, "", "");
	} else if (names_valid_hostname(bare, false) || names_is_numeric_address(bare)) {
		receiver_reply(p, VERDICT_PASS, false, 0, "", "");
	} else {
		helo_reject(p, helo, 501, "5.5.2", false, "Invalid name");
	}
}

static void postfix_non_fqdn_helo(struct prediction *p, const char *helo, const struct evidence *ev)
{
	char bare[1100];
	names_strip_dot(helo, bare, sizeof bare); /* as Postfix checks it */
	bool ok = helo[0] == '[' ? ev->helo_kind == HELO_ADDRESS_LITERAL
				 : names_valid_hostname(bare, false) && strchr(bare, '.') != NULL;
	if (ok)
		receiver_reply(p, VERDICT_PASS, false, 0, "", "");
	else
		helo_reject(p, helo, 504, "5.5.2", false, "need fully-qualified hostname");
}

/* postfix_unknown_helo - A, AAAA or MX of the HELO as written. A trailing
 * dot makes Postfix's lookup fail although the name resolves (observed
 * on Postfix 3.7). */
static void postfix_unknown_helo(struct prediction *p, const char *helo, const struct evidence *ev)
{
	size_t len = strlen(helo);
	if (helo[0] == '[') {
		receiver_reply(p, VERDICT_PASS, false, 0, "", "");
		return;
	}
	bool found = ev->helo_a == OUTCOME_FOUND || ev->helo_aaaa == OUTCOME_FOUND || ev->helo_mx == OUTCOME_FOUND;
	bool temp = ev->helo_a == OUTCOME_TEMP || ev->helo_aaaa == OUTCOME_TEMP || ev->helo_mx == OUTCOME_TEMP;
	if (found && !(len > 1 && helo[len - 1] == '.'))
		receiver_reply(p, VERDICT_PASS, false, 0, "", "");
	else
		helo_reject(p, helo, 450, "4.7.1", temp && !found, "Host not found");
}

void receiver_postfix_predict(const struct diagnosis *d, const struct evidence *ev, struct predictions *out)
{
	const char *ip = diagnosis_ip(d)->text;
	client_check(receiver_add(out, "postfix", "reject_unknown_client_hostname", basis_postfix_client), ev, false, ip);
	client_check(receiver_add(out, "postfix", "reject_unknown_reverse_client_hostname", basis_postfix_client), ev, true, ip);
	const char *helo = diagnosis_helo(d);
	struct prediction *unknown = receiver_add(out, "postfix", "reject_unknown_helo_hostname", basis_postfix_helo);
	struct prediction *non_fqdn = receiver_add(out, "postfix", "reject_non_fqdn_helo_hostname", basis_postfix_helo);
	struct prediction *invalid = receiver_add(out, "postfix", "reject_invalid_helo_hostname", basis_postfix_helo);
	if (!helo)
		return; /* no HELO: Postfix skips HELO restrictions (smtpd_helo_required = no) */
	postfix_unknown_helo(unknown, helo, ev);
	postfix_non_fqdn_helo(non_fqdn, helo, ev);
	postfix_invalid_helo(invalid, helo, ev);
}
