/* receivers - what real mail receivers answer for a diagnosis. */
#define _POSIX_C_SOURCE 200809L
#include "receivers.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "generic.h"

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
static const char *const basis_exim =
	"Exim 4.96 host.c/acl.c, compared with the running Exim: every PTR name forward-checked (A and AAAA); "
	"deny without message gives 550, a deferred reverse lookup 451; verify = helo never defers";
static const char *const basis_spamassassin =
	"SpamAssassin 20_dynrdns.cf, 20_fake_helo_tests.cf, 50_scores.cf (set 3), reading the Received header Postfix writes";
static const char *const basis_rspamd =
	"rspamd hfilter.lua and misc.lua (4.1.5) with the name Postfix passes; FCrDNS failures without a missing PTR score nothing (inferred)";
static const char *const basis_yahoo =
	"Yahoo sender best practices: valid, non-generic reverse DNS; missing rDNS lowers reputation and causes deferrals";
static const char *const basis_microsoft =
	"Microsoft: Exchange Online requires a PTR for IPv6 senders (450 4.7.25); Outlook.com refuses dynamic IP space (DY-001, wording unverified)";
static const char *const basis_gmail =
	"Google's sender guidelines: PTR name must have an A (IPv4) or AAAA (IPv6) record with the sending IP";

const char *receiver_verdict_name(enum receiver_verdict verdict)
{
	switch (verdict) {
	case VERDICT_PASS: return "pass";
	case VERDICT_REJECT: return "reject";
	case VERDICT_EITHER: return "either";
	case VERDICT_DEFER: return "defer";
	case VERDICT_POINTS: return "points";
	case VERDICT_WARN: return "warn";
	}
	return "?";
}

const char *receiver_display_name(const char *receiver)
{
	static const char *const names[][2] = {
		{"postfix", "Postfix"}, {"gmail", "Gmail"}, {"exim", "Exim"}, {"spamassassin", "SpamAssassin"},
		{"rspamd", "rspamd"}, {"yahoo", "Yahoo"}, {"microsoft", "Microsoft"},
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(receiver, names[i][0]) == 0)
			return names[i][1];
	return receiver;
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

/* --- Exim ----------------------------------------------------------- */

/* exim_verified - a PTR name Exim keeps: its own syntax, and it resolves
 * back to the client (A and AAAA are both asked; only the client's family
 * can match). Sets *temp when a lookup it needed failed temporarily. */
static bool exim_verified(const struct evidence *ev, const char *name, bool *temp)
{
	for (size_t i = 0; ev->ptr == OUTCOME_FOUND && i < ev->target_count; i++) {
		const struct ptr_target *t = &ev->targets[i];
		if (!t->exim_valid)
			continue;
		if (t->forward == OUTCOME_TEMP || t->forward == OUTCOME_MISSING)
			*temp = true;
		if (t->confirms && (!name || names_equal(name, t->name)))
			return true;
	}
	return false;
}

static void predict_exim_reverse(const struct evidence *ev, struct predictions *out)
{
	struct prediction *p = add(out, "exim", "reverse_host_lookup", basis_exim);
	bool temp = ev->ptr == OUTCOME_TEMP;
	if (exim_verified(ev, NULL, &temp))
		reply(p, VERDICT_PASS, false, 0, "", "");
	else if (temp)
		reply(p, VERDICT_DEFER, true, 451, "", "451 Temporary local problem - please try later");
	else
		reply(p, VERDICT_REJECT, false, 550, "", "550 Administrative prohibition");
}

static void predict_exim_helo(const struct diagnosis *d, const struct evidence *ev, struct predictions *out)
{
	struct prediction *p = add(out, "exim", "helo", basis_exim);
	const char *helo = diagnosis_helo(d);
	if (!helo) {
		reply(p, VERDICT_PASS, false, 0, "", "");
		return;
	}
	bool literal = ev->helo_kind == HELO_ADDRESS_LITERAL;
	size_t len = strlen(helo);
	if (!literal && (len == 0 || strspn(helo, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.") != len)) {
		/* Checked before any ACL runs; the word follows the command used. */
		reply(p, VERDICT_REJECT, false, 501, "", "501 Syntactically invalid EHLO argument(s)");
		return;
	}
	/* verify = helo never defers: a lookup that fails for now is a failed
	 * verification (measured against Exim 4.96 in tests/receivers). */
	bool temp = false;
	bool ok = literal ? names_ip_equal(&ev->helo_literal, diagnosis_ip(d))
			  : exim_verified(ev, helo, &temp) || ev->helo_has_ip;
	if (ok)
		reply(p, VERDICT_PASS, false, 0, "", "");
	else
		reply(p, VERDICT_REJECT, false, 550, "", "550 Administrative prohibition");
}

/* --- spam filters ---------------------------------------------------- */

struct score_list {
	char text[600];
	double total;
	int count;
	bool either;
};

static void score(struct score_list *l, const char *rule, double value, bool known)
{
	size_t used = strlen(l->text);
	if (known)
		snprintf(l->text + used, sizeof l->text - used, "%s%s (%.3g)", used ? ", " : "", rule, value);
	else
		snprintf(l->text + used, sizeof l->text - used, "%s%s", used ? ", " : "", rule);
	l->total += value;
	l->count++;
}

static void scored(struct prediction *p, const struct score_list *l)
{
	reply(p, l->count ? VERDICT_POINTS : VERDICT_PASS, false, 0, "", "%s", l->text);
	p->score = l->total;
	p->has_score = true;
	if (l->either && l->count)
		p->verdict = VERDICT_EITHER;
}

/* postfix_name - the verified client name Postfix writes in Received, or
 * NULL for "unknown"; *either when it depends on the PTR order. */
static const char *postfix_name(const struct evidence *ev, bool *either)
{
	const char *name = NULL;
	size_t ok = 0;
	for (size_t i = 0; ev->ptr == OUTCOME_FOUND && i < ev->target_count; i++) {
		struct outcome_pair o = peer_as_if_first(&ev->targets[i]);
		if (o.name == PEER_OK) {
			ok++;
			if (!name)
				name = ev->targets[i].name;
		}
	}
	*either = ok > 0 && ok < ev->target_count;
	return name;
}

static bool has_any(const char *name, const char *const *words, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strstr(name, words[i]))
			return true;
	return false;
}

/* sa_embedded_ip - four groups of 1-3 digits joined by single non-digits,
 * then at least two more labels (the connecting IP is not compared). */
static bool sa_embedded_ip(const char *name)
{
	for (const char *p = name; *p; p++) {
		const char *q = p;
		int groups = 0;
		while (groups < 4) {
			int digits = 0;
			while (q[digits] >= '0' && q[digits] <= '9')
				digits++;
			if (digits < 1 || digits > 3)
				break;
			q += digits;
			groups++;
			if (groups < 4) {
				if (!*q || (*q >= '0' && *q <= '9'))
					break;
				q++;
			}
		}
		if (groups == 4 && (p == name || !(p[-1] >= '0' && p[-1] <= '9'))) {
			int dots = 0;
			for (const char *r = q; *r; r++)
				dots += *r == '.';
			if (dots >= 2 || (dots == 1 && q[strlen(q) - 1] != '.'))
				return true;
		}
	}
	return false;
}

/* sa_dynamic - an approximation of RDNS_DYNAMIC's sub-tests. */
static bool sa_dynamic(const char *rdns)
{
	static const char *const static_like[] = {"fix", "static", "dedicated", "mail-mail", "outbound-mail", "smtp"};
	static const char *const tokens[] = {"dyn", "dynamic", "dial", "dialup", "modem", "isdn", "dsl", "adsl",
					     "cable", "wireless", "res", "resnet", "client", "docsis", "dhcp", "cpe",
					     "catv", "dov"};
	char lower[EVIDENCE_NAME_MAX];
	size_t len = strlen(rdns);
	for (size_t i = 0; i <= len && i < sizeof lower; i++)
		lower[i] = (char)(rdns[i] >= 'A' && rdns[i] <= 'Z' ? rdns[i] + 32 : rdns[i]);
	lower[sizeof lower - 1] = '\0';
	if (has_any(lower, static_like, sizeof static_like / sizeof static_like[0]))
		return false;
	if (sa_embedded_ip(lower))
		return true;
	for (const char *p = lower; *p;) {
		size_t n = strcspn(p, ".-");
		size_t letters = 0;
		while (letters < n && p[letters] >= 'a' && p[letters] <= 'z')
			letters++;
		bool digits_only_after = strspn(p + letters, "0123456789") == n - letters;
		for (size_t t = 0; t < sizeof tokens / sizeof tokens[0] && digits_only_after; t++)
			if (strlen(tokens[t]) == letters && strncmp(p, tokens[t], letters) == 0)
				return true;
		p += n + (p[n] != '\0');
	}
	return false;
}

static void predict_spamassassin(const struct diagnosis *d, const struct evidence *ev, struct predictions *out)
{
	struct prediction *p = add(out, "spamassassin", "", basis_spamassassin);
	struct score_list l = {0};
	const char *rdns = postfix_name(ev, &l.either);
	const char *helo = diagnosis_helo(d);
	if (!rdns)
		score(&l, "RDNS_NONE", 0.793, true);
	else if (sa_dynamic(rdns))
		score(&l, "RDNS_DYNAMIC", 0.982, true);
	if (helo && ev->helo_kind == HELO_BARE_ADDRESS && !strchr(helo, ':'))
		score(&l, "FSL_HELO_BARE_IP_1", 2.347, true);
	else if (helo && ev->helo_kind != HELO_ADDRESS_LITERAL && !strchr(helo, '.'))
		score(&l, "FSL_HELO_NON_FQDN_1", 0.001, true);
	if (helo && ev->helo_kind == HELO_ADDRESS_LITERAL && ev->helo_literal.family == AF_INET &&
	    diagnosis_ip(d)->family == AF_INET && names_ip_kind(&ev->helo_literal) == IP_PUBLIC &&
	    memcmp(ev->helo_literal.bytes, diagnosis_ip(d)->bytes, 3) != 0)
		score(&l, "RCVD_HELO_IP_MISMATCH", 2.368, true);
	if (helo && rdns && ev->helo_kind != HELO_ADDRESS_LITERAL && !names_equal(helo, rdns))
		score(&l, "KHOP_HELO_FCRDNS", 0.4, true);
	scored(p, &l);
}

static void predict_rspamd(const struct diagnosis *d, const struct evidence *ev, struct predictions *out)
{
	struct prediction *p = add(out, "rspamd", "", basis_rspamd);
	struct score_list l = {0};
	const char *helo = diagnosis_helo(d);
	if (ev->ptr == OUTCOME_NONE) {
		score(&l, "RDNS_NONE", 2.0, true);
		score(&l, "HFILTER_HOSTNAME_UNKNOWN", 2.5, true);
	} else if (ev->ptr == OUTCOME_TEMP) {
		score(&l, "RDNS_DNSFAIL", 0.0, true);
	}
	if (helo && (ev->helo_kind == HELO_ADDRESS_LITERAL || ev->helo_kind == HELO_BARE_ADDRESS)) {
		struct ip_address lit;
		bool parsed = names_parse_ip(helo, &lit) == NAMES_OK;
		if (parsed && names_ip_kind(&lit) != IP_PUBLIC)
			score(&l, "HFILTER_HELO_BADIP", 4.5, true);
		else
			score(&l, "HFILTER_HELO_BAREIP", 3.0, true);
	} else if (helo && !strchr(helo, '.')) {
		score(&l, "HFILTER_HELO_5", 0, false); /* a name without a dot weighs 5 */
	} else if (helo) {
		bool found = ev->helo_a == OUTCOME_FOUND || ev->helo_aaaa == OUTCOME_FOUND;
		if (ev->helo_kind != HELO_FQDN)
			score(&l, "HFILTER_HELO_NOT_FQDN", 2.0, true);
		else if (found && !ev->helo_has_ip)
			score(&l, "HFILTER_HELO_IP_A", 1.0, true);
		else if (!found && ev->helo_mx != OUTCOME_FOUND)
			score(&l, "HFILTER_HELO_NORES_A_OR_MX", 0.3, true);
	}
	scored(p, &l);
}

/* --- mailbox providers ---------------------------------------------- */

static void predict_yahoo(const struct diagnosis *d, const struct evidence *ev, struct predictions *out)
{
	struct prediction *p = add(out, "yahoo", "", basis_yahoo);
	char why[300];
	if (ev->ptr != OUTCOME_FOUND)
		reply(p, VERDICT_WARN, false, 0, "", "No reverse DNS for %s: Yahoo lowers the IP's reputation and may defer "
			  "mail (421/451)", diagnosis_ip(d)->text);
	else if (ev->targets[0].postfix_valid && generic_name_check(ev->targets[0].name, diagnosis_ip(d), why, sizeof why))
		reply(p, VERDICT_WARN, false, 0, "", "The PTR %s looks generic (%s): Yahoo asks for a meaningful, "
			  "non-generic name", ev->targets[0].name, why);
	else
		reply(p, VERDICT_PASS, false, 0, "", "");
}

static void predict_microsoft(const struct diagnosis *d, const struct evidence *ev, struct predictions *out)
{
	struct prediction *p = add(out, "microsoft", "", basis_microsoft);
	const struct ip_address *ip = diagnosis_ip(d);
	char why[300];
	bool dynamic = ev->ptr == OUTCOME_FOUND && generic_name_check(ev->targets[0].name, ip, why, sizeof why) &&
		       strstr(why, "word") != NULL;
	if (ip->family == AF_INET6 && ev->ptr != OUTCOME_FOUND)
		reply(p, VERDICT_REJECT, ev->ptr == OUTCOME_TEMP, 450, "4.7.25",
		      "450 4.7.25 Service unavailable, sending IPv6 address [%s] must have reverse DNS record.", ip->text);
	else if (dynamic)
		reply(p, VERDICT_WARN, false, 0, "", "The PTR looks like dynamic IP space, which Outlook.com may refuse: "
			  "550 DY-001 Mail rejected by Outlook.com for policy reasons. We generally do not accept email "
			  "from dynamic IP's ...");
	else if (ev->ptr != OUTCOME_FOUND)
		reply(p, VERDICT_WARN, false, 0, "", "Outlook.com: \"Email servers must have valid reverse DNS records\"");
	else
		reply(p, VERDICT_PASS, false, 0, "", "");
}

void receivers_predict(const struct diagnosis *d, const struct evidence *ev, struct predictions *out)
{
	memset(out, 0, sizeof *out);
	predict_postfix(d, ev, out);
	predict_gmail(d, ev, out);
	predict_exim_reverse(ev, out);
	predict_exim_helo(d, ev, out);
	predict_spamassassin(d, ev, out);
	predict_rspamd(d, ev, out);
	predict_yahoo(d, ev, out);
	predict_microsoft(d, ev, out);
}
