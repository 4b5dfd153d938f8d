/* exim - Exim: verify = reverse_host_lookup and verify = helo. */
#define _POSIX_C_SOURCE 200809L
#include "receiver.h"

#include <stdio.h>
#include <string.h>

static const char *const basis_exim =
	"Exim 4.96 host.c/acl.c, compared with the running Exim: every PTR name forward-checked (A and AAAA); "
	"deny without message gives 550, a deferred reverse lookup 451; verify = helo never defers";

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
	struct prediction *p = receiver_add(out, "exim", "reverse_host_lookup", basis_exim);
	bool temp = ev->ptr == OUTCOME_TEMP;
	if (exim_verified(ev, NULL, &temp))
		receiver_reply(p, VERDICT_PASS, false, 0, "", "");
	else if (temp)
		receiver_reply(p, VERDICT_DEFER, true, 451, "", "451 Temporary local problem - please try later");
	else
		receiver_reply(p, VERDICT_REJECT, false, 550, "", "550 Administrative prohibition");
}

static void predict_exim_helo(const struct diagnosis *d, const struct evidence *ev, struct predictions *out)
{
	struct prediction *p = receiver_add(out, "exim", "helo", basis_exim);
	const char *helo = diagnosis_helo(d);
	if (!helo) {
		receiver_reply(p, VERDICT_PASS, false, 0, "", "");
		return;
	}
	bool literal = ev->helo_kind == HELO_ADDRESS_LITERAL;
	size_t len = strlen(helo);
	if (!literal && (len == 0 || strspn(helo, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.") != len)) {
		/* Checked before any ACL runs; the word follows the command used. */
		receiver_reply(p, VERDICT_REJECT, false, 501, "", "501 Syntactically invalid EHLO argument(s)");
		return;
	}
	/* verify = helo never defers: a lookup that fails for now is a failed
	 * verification (measured against Exim 4.96 in tests/receivers). */
	/* from DNS trouble when a lookup it reads failed for now: the HELO's, or
	 * the PTR's, whose name would verify the HELO had it answered */
	bool temp = ev->helo_a == OUTCOME_TEMP || ev->helo_aaaa == OUTCOME_TEMP || ev->ptr == OUTCOME_TEMP;
	bool ok = literal ? names_ip_equal(&ev->helo_literal, diagnosis_ip(d))
			  : exim_verified(ev, helo, &temp) || ev->helo_has_ip;
	if (ok)
		receiver_reply(p, VERDICT_PASS, false, 0, "", "");
	else /* a 550 all the same, but from DNS trouble when a lookup failed */
		receiver_reply(p, VERDICT_REJECT, temp, 550, "", "550 Administrative prohibition");
}

void receiver_exim_predict(const struct diagnosis *d, const struct evidence *ev, struct predictions *out)
{
	predict_exim_reverse(ev, out);
	predict_exim_helo(d, ev, out);
}
