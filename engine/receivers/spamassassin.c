/* spamassassin - SpamAssassin: its rDNS and HELO rules on the Received header Postfix writes. */
#define _POSIX_C_SOURCE 200809L
#include "receiver.h"

#include <stdio.h>
#include <string.h>

#include "peers/sa_rules.h"

#define BASIS_SPAMASSASSIN                                                                                         \
	"SpamAssassin 4.0.1, compared with the running spamassassin: its own rules (20_dynrdns.cf, "                  \
	"20_fake_helo_tests.cf, 72_active.cf, 25_spf.cf's HELO rules with Mail::SPF), score set 1, on the Received "  \
	"header Postfix writes, for a message whose sender passes neither SPF nor DKIM"

static const char *const basis_spamassassin = BASIS_SPAMASSASSIN;
static const char *const basis_without_spf =
	BASIS_SPAMASSASSIN "; SPF for the HELO not predicted: its record needs lookups ptrdoctor does not make "
			   "(include, mx, ptr, exists, redirect or a macro)";

static void add_hit(const char *rule, double score, void *arg)
{
	receiver_score(arg, rule, score, true);
}

void receiver_spamassassin_predict(const struct diagnosis *d, const struct evidence *ev, struct predictions *out)
{
	struct sa_client client = {.ip = diagnosis_ip(d), .helo = diagnosis_helo(d), .helo_spf = spf_helo(d)};
	struct prediction *p = receiver_add(out, "spamassassin", "",
					    client.helo_spf == SPF_NOT_PREDICTED ? basis_without_spf : basis_spamassassin);
	struct score_list l = {0}, unknown = {0};
	bool either;
	client.rdns = receiver_postfix_name(ev, &either);
	if (sa_rules_run(&client, add_hit, &l) != SA_OK) {
		receiver_reply(p, VERDICT_PASS, false, 0, "", "(SpamAssassin's rules did not load: %s)", sa_rules_error());
		return;
	}
	if (!either) {
		receiver_scored(p, &l);
		return;
	}
	client.rdns = NULL; /* a PTR that does not verify came first: Postfix wrote "unknown" */
	sa_rules_run(&client, add_hit, &unknown);
	receiver_scored_either(p, &unknown, &l);
}
