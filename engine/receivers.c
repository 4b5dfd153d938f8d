/* receivers - what real mail receivers answer for a diagnosis. */
#define _POSIX_C_SOURCE 200809L
#include "receivers.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Postfix's view of the client (smtpd_peer.c): status of name and reverse name. */
enum peer_status { PEER_OK, PEER_TEMP, PEER_PERM, PEER_FORGED };

struct outcome_pair {
	enum peer_status name, reverse;
};

static const char *const basis_postfix_client =
	"Postfix smtpd_peer.c: one PTR name via getnameinfo, forward lookup in the client's family only, "
	"default unknown_client_reject_code 450";
static const char *const basis_postfix_helo =
	"Postfix smtpd_check.c with default reject codes; restrictions are opt-in and evaluated at RCPT TO";
static const char *const basis_gmail =
	"Google's sender guidelines: PTR name must have an A (IPv4) or AAAA (IPv6) record with the sending IP";

const char *receiver_verdict_name(enum receiver_verdict verdict)
{
	switch (verdict) {
	case VERDICT_PASS: return "pass";
	case VERDICT_REJECT: return "reject";
	case VERDICT_EITHER: return "either";
	case VERDICT_DEFER: return "defer";
	}
	return "?";
}

const struct prediction *predictions_find(const struct predictions *p, const char *receiver, const char *check)
{
	for (size_t i = 0; i < p->count; i++)
		if (strcmp(p->items[i].receiver, receiver) == 0 && strcmp(p->items[i].check, check) == 0)
			return &p->items[i];
	return NULL;
}

static struct prediction *add(struct predictions *out, const char *receiver, const char *check, const char *basis)
{
	struct prediction *p = &out->items[out->count++];
	memset(p, 0, sizeof *p);
	p->receiver = receiver;
	p->check = check;
	p->basis = basis;
	return p;
}

static void reply(struct prediction *p, enum receiver_verdict verdict, bool temporary, int code,
		  const char *enhanced, const char *fmt, ...)
{
	char raw[sizeof p->text];
	p->verdict = verdict;
	p->temporary = temporary;
	p->code = code;
	snprintf(p->enhanced, sizeof p->enhanced, "%s", enhanced);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	names_escape(raw, p->text, sizeof p->text);
}

/* peer_as_if_first - Postfix's statuses if target t came first in the answer. */
static struct outcome_pair peer_as_if_first(const struct ptr_target *t)
{
	struct outcome_pair o = {PEER_OK, PEER_OK};
	if (!t->postfix_valid)
		return (struct outcome_pair){PEER_PERM, PEER_PERM};
	if (t->forward == OUTCOME_TEMP || t->forward == OUTCOME_MISSING)
		o.name = PEER_TEMP;
	else if (!t->confirms)
		o.name = PEER_FORGED;
	return o;
}

/* client_check - one client restriction over every possible first PTR. */
static void client_check(struct prediction *p, const struct evidence *ev, bool reverse, const char *ip)
{
	const char *enhanced_perm = reverse ? "4.7.1" : "4.7.25";
	const char *what = reverse ? "reverse hostname" : "hostname";
	enum peer_status statuses[EVIDENCE_TARGETS_MAX];
	size_t n = 0;
	if (ev->ptr == OUTCOME_FOUND) {
		for (size_t i = 0; i < ev->target_count; i++) {
			struct outcome_pair o = peer_as_if_first(&ev->targets[i]);
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
		reply(p, VERDICT_PASS, false, 0, "", "");
		return;
	}
	enum receiver_verdict verdict = ok > 0 ? VERDICT_EITHER : VERDICT_REJECT;
	reply(p, verdict, temp == n - ok, 450, enhanced_perm,
	      "450 %s Client host rejected: cannot find your %s, [%s]", enhanced_perm, what, ip);
}

static void helo_reject(struct prediction *p, const char *helo, int code, const char *enhanced, bool temporary,
			const char *why)
{
	reply(p, VERDICT_REJECT, temporary, code, enhanced, "%d %s <%s>: Helo command rejected: %s", code, enhanced,
	      helo, why);
}

/* strip_dot - the HELO without one trailing dot, as Postfix checks it. */
static void strip_dot(const char *helo, char *buf, size_t size)
{
	size_t len = strlen(helo);
	snprintf(buf, size, "%.*s", (int)(len > 1 && helo[len - 1] == '.' ? len - 1 : len), helo);
}

static void postfix_invalid_helo(struct prediction *p, const char *helo, const struct evidence *ev)
{
	char bare[1100];
	strip_dot(helo, bare, sizeof bare);
	if (helo[0] == '[') {
		if (ev->helo_kind != HELO_ADDRESS_LITERAL)
			helo_reject(p, helo, 501, "5.5.2", false, "invalid ip address");
		else
			reply(p, VERDICT_PASS, false, 0, "", "");
	} else if (names_valid_hostname(bare, false) || names_is_numeric_address(bare)) {
		reply(p, VERDICT_PASS, false, 0, "", "");
	} else {
		helo_reject(p, helo, 501, "5.5.2", false, "Invalid name");
	}
}

static void postfix_non_fqdn_helo(struct prediction *p, const char *helo, const struct evidence *ev)
{
	char bare[1100];
	strip_dot(helo, bare, sizeof bare);
	bool ok = helo[0] == '[' ? ev->helo_kind == HELO_ADDRESS_LITERAL
				 : names_valid_hostname(bare, false) && strchr(bare, '.') != NULL;
	if (ok)
		reply(p, VERDICT_PASS, false, 0, "", "");
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
		reply(p, VERDICT_PASS, false, 0, "", "");
		return;
	}
	bool found = ev->helo_a == OUTCOME_FOUND || ev->helo_aaaa == OUTCOME_FOUND || ev->helo_mx == OUTCOME_FOUND;
	bool temp = ev->helo_a == OUTCOME_TEMP || ev->helo_aaaa == OUTCOME_TEMP || ev->helo_mx == OUTCOME_TEMP;
	if (found && !(len > 1 && helo[len - 1] == '.'))
		reply(p, VERDICT_PASS, false, 0, "", "");
	else
		helo_reject(p, helo, 450, "4.7.1", temp && !found, "Host not found");
}

static void predict_postfix(const struct diagnosis *d, const struct evidence *ev, struct predictions *out)
{
	const char *ip = diagnosis_ip(d)->text;
	client_check(add(out, "postfix", "reject_unknown_client_hostname", basis_postfix_client), ev, false, ip);
	client_check(add(out, "postfix", "reject_unknown_reverse_client_hostname", basis_postfix_client), ev, true, ip);
	const char *helo = diagnosis_helo(d);
	struct prediction *unknown = add(out, "postfix", "reject_unknown_helo_hostname", basis_postfix_helo);
	struct prediction *non_fqdn = add(out, "postfix", "reject_non_fqdn_helo_hostname", basis_postfix_helo);
	struct prediction *invalid = add(out, "postfix", "reject_invalid_helo_hostname", basis_postfix_helo);
	if (!helo)
		return; /* no HELO: Postfix skips HELO restrictions (smtpd_helo_required = no) */
	postfix_unknown_helo(unknown, helo, ev);
	postfix_non_fqdn_helo(non_fqdn, helo, ev);
	postfix_invalid_helo(invalid, helo, ev);
}

static void predict_gmail(const struct diagnosis *d, const struct evidence *ev, struct predictions *out)
{
	struct prediction *p = add(out, "gmail", "", basis_gmail);
	const struct ip_address *ip = diagnosis_ip(d);
	size_t confirms = 0, temp = 0;
	for (size_t i = 0; ev->ptr == OUTCOME_FOUND && i < ev->target_count; i++) {
		const struct ptr_target *t = &ev->targets[i];
		confirms += t->postfix_valid && t->confirms;
		temp += t->forward == OUTCOME_TEMP;
	}
	if (ev->ptr == OUTCOME_FOUND && confirms == ev->target_count) {
		reply(p, VERDICT_PASS, false, 0, "", "");
	} else if (ev->ptr == OUTCOME_TEMP || (confirms == 0 && temp > 0)) {
		reply(p, VERDICT_DEFER, true, 451, "4.7.23",
		      "451 4.7.23 The sending IP address for this message doesn't have a PTR record, or the PTR "
		      "record's forward DNS entry doesn't match the sending IP address. To protect users from spam, "
		      "your email has been temporarily rate limited.");
	} else if (ip->family == AF_INET6) {
		reply(p, confirms ? VERDICT_EITHER : VERDICT_REJECT, false, 550, "5.7.1",
		      "550 5.7.1 [%s] This message does not meet IPv6 sending guidelines regarding PTR records "
		      "and authentication.", ip->text);
	} else {
		reply(p, confirms ? VERDICT_EITHER : VERDICT_REJECT, false, 550, "5.7.25",
		      "550 5.7.25 [%s] The IP address sending this message does not have a PTR record setup, or "
		      "the corresponding forward DNS entry does not point to the sending IP. As a policy, Gmail "
		      "does not accept messages from IPs with missing PTR records.", ip->text);
	}
}

void receivers_predict(const struct diagnosis *d, const struct evidence *ev, struct predictions *out)
{
	memset(out, 0, sizeof *out);
	predict_postfix(d, ev, out);
	predict_gmail(d, ev, out);
}
