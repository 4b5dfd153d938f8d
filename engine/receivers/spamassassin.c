/* spamassassin - SpamAssassin: the rDNS and HELO rules that read the Received header Postfix writes. */
#define _POSIX_C_SOURCE 200809L
#include "receiver.h"

#include <stdio.h>
#include <string.h>

static const char *const basis_spamassassin =
	"SpamAssassin 20_dynrdns.cf, 20_fake_helo_tests.cf, 50_scores.cf (set 3), reading the Received header Postfix writes";

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

void receiver_spamassassin_predict(const struct diagnosis *d, const struct evidence *ev, struct predictions *out)
{
	struct prediction *p = receiver_add(out, "spamassassin", "", basis_spamassassin);
	struct score_list l = {0};
	const char *rdns = receiver_postfix_name(ev, &l.either);
	const char *helo = diagnosis_helo(d);
	if (!rdns)
		receiver_score(&l, "RDNS_NONE", 0.793, true);
	else if (sa_dynamic(rdns))
		receiver_score(&l, "RDNS_DYNAMIC", 0.982, true);
	if (helo && ev->helo_kind == HELO_BARE_ADDRESS && !strchr(helo, ':'))
		receiver_score(&l, "FSL_HELO_BARE_IP_1", 2.347, true);
	else if (helo && ev->helo_kind != HELO_ADDRESS_LITERAL && !strchr(helo, '.'))
		receiver_score(&l, "FSL_HELO_NON_FQDN_1", 0.001, true);
	if (helo && ev->helo_kind == HELO_ADDRESS_LITERAL && ev->helo_literal.family == AF_INET &&
	    diagnosis_ip(d)->family == AF_INET && names_ip_kind(&ev->helo_literal) == IP_PUBLIC &&
	    memcmp(ev->helo_literal.bytes, diagnosis_ip(d)->bytes, 3) != 0)
		receiver_score(&l, "RCVD_HELO_IP_MISMATCH", 2.368, true);
	/* 72_active.cf has no score for it (its "0.4" is commented out), so
	 * the default 1.0 applies: SpamAssassin 4.0.1 (Debian's) scores 1.0 */
	if (helo && rdns && ev->helo_kind != HELO_ADDRESS_LITERAL && !names_equal(helo, rdns))
		receiver_score(&l, "KHOP_HELO_FCRDNS", 1.0, true);
	receiver_scored(p, &l);
}
