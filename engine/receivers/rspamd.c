/* rspamd - rspamd 3.4: hfilter and once_received, on what Postfix passes as a milter. */
#define _POSIX_C_SOURCE 200809L
#include "receiver.h"

#include <stdio.h>
#include <string.h>

#include "peers/hfilter.h"

static const char *const basis_rspamd =
	"rspamd 3.4, compared with the running rspamd: hfilter.lua and once_received.lua with their own lists "
	"and scores, on the name, address and HELO Postfix passes as a milter (HFILTER_HELO_NORESOLVE_MX, an MX "
	"whose hosts have no address, is not predicted)";

static void add(struct score_list *l, const char *symbol)
{
	receiver_score(l, symbol, hfilter_score(symbol), true);
}

/* helo_host - check_host: a name that is no FQDN, or one with neither A
 * nor AAAA (rspamd then says HELO_IP_A whatever the addresses) and no MX. */
static void helo_host(struct score_list *l, const char *helo, const struct evidence *ev)
{
	if (!hfilter_fqdn(helo)) {
		add(l, "HFILTER_HELO_NOT_FQDN");
		return;
	}
	if (ev->helo_a == OUTCOME_FOUND || ev->helo_aaaa == OUTCOME_FOUND)
		return;
	add(l, "HFILTER_HELO_IP_A");
	if (ev->helo_mx != OUTCOME_FOUND)
		add(l, "HFILTER_HELO_NORES_A_OR_MX");
}

/* helo_checks - hfilter's HELO part; returns the HELO's weight. */
static int helo_checks(struct score_list *l, const char *helo, const struct evidence *ev)
{
	char bare[EVIDENCE_NAME_MAX];
	size_t n = 0;
	if (!helo || strcmp(helo, "rspamc.local") == 0)
		return 0;
	for (const char *c = helo; *c && n + 1 < sizeof bare; c++)
		if (*c != '[' && *c != ']')
			bare[n++] = *c;
	bare[n] = '\0';
	if (hfilter_weight(HFILTER_BADIP, bare)) {
		add(l, "HFILTER_HELO_BADIP");
		return 0;
	}
	if (hfilter_weight(HFILTER_BAREIP, bare)) {
		add(l, "HFILTER_HELO_BAREIP");
		return 0;
	}
	int weight = hfilter_weight(HFILTER_HELLO, bare), host = hfilter_weight(HFILTER_HELLOHOST, bare);
	weight = host > weight ? host : weight;
	if (weight == 0)
		helo_host(l, bare, ev);
	return weight;
}

/* hfilter_score_list - hfilter's and once_received's symbols for a client
 * whose name the MTA passed as hostname (NULL: "unknown"). */
static void hfilter_score_list(struct score_list *l, const char *hostname, const struct diagnosis *d,
			       const struct evidence *ev)
{
	char name[EVIDENCE_NAME_MAX];
	int weight_helo = helo_checks(l, diagnosis_helo(d), ev), weight_host = 0;
	if (hostname)
		weight_host = hfilter_weight(HFILTER_HELLOHOST, names_strip_dot(hostname, name, sizeof name));
	else
		add(l, "HFILTER_HOSTNAME_UNKNOWN");
	char symbol[32];
	if (weight_helo > 0 && weight_helo >= weight_host)
		snprintf(symbol, sizeof symbol, "HFILTER_HELO_%d", weight_helo);
	else if (weight_host > weight_helo)
		snprintf(symbol, sizeof symbol, "HFILTER_HOSTNAME_%d", weight_host);
	else
		symbol[0] = '\0';
	if (symbol[0])
		add(l, symbol);
	/* once_received: no name from the MTA, so rspamd asks for the PTR itself */
	if (!hostname && ev->ptr == OUTCOME_TEMP)
		add(l, "RDNS_DNSFAIL");
	if (!hostname && ev->ptr != OUTCOME_FOUND)
		add(l, "RDNS_NONE");
}

void receiver_rspamd_predict(const struct diagnosis *d, const struct evidence *ev, struct predictions *out)
{
	struct prediction *p = receiver_add(out, "rspamd", "", basis_rspamd);
	struct score_list l = {0};
	if (*hfilter_error()) {
		receiver_reply(p, VERDICT_PASS, false, 0, "", "(rspamd's lists did not load: %s)", hfilter_error());
		return;
	}
	if (hfilter_local(diagnosis_ip(d))) {
		receiver_scored(p, &l); /* rspamd skips hfilter and once_received for its local networks */
		return;
	}
	bool either;
	const char *hostname = receiver_postfix_name(ev, &either);
	hfilter_score_list(&l, hostname, d, ev);
	if (!either) {
		receiver_scored(p, &l);
		return;
	}
	struct score_list unknown = {0}; /* a PTR that does not verify came first: Postfix passes "unknown" */
	hfilter_score_list(&unknown, NULL, d, ev);
	receiver_scored_either(p, &unknown, &l);
}
