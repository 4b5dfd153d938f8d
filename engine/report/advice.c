/* advice - the one thing to do next. */
#define _POSIX_C_SOURCE 200809L
#include "advice.h"

#include <stdio.h>
#include <string.h>

#include "util/clock.h"

const char *advice_ptr_name(const struct report_input *in)
{
	const char *helo = diagnosis_helo(in->diagnosis);
	if (helo && names_helo_kind(helo, NULL) == HELO_FQDN)
		return helo;
	for (size_t i = 0; i < in->findings->evidence.target_count; i++)
		if (in->findings->evidence.targets[i].confirms)
			return in->findings->evidence.targets[i].name;
	return NULL;
}

/* next_wait - the fix is at the source, only caches hold the old answer. */
static bool next_wait(const struct report_input *in, char *buf, size_t size)
{
	const struct cache_view *c = &in->findings->evidence.cache;
	if (!c->compared || c->current || !c->authoritative[0])
		return false;
	char until[16], b1[REPORT_SAFE_MAX], b2[REPORT_SAFE_MAX];
	clock_local(c->expires, false, until, sizeof until);
	snprintf(buf, size,
		 "Fixed at the source: %s already serves the PTR %s (serial %u). Wait until %s: the resolver keeps the "
		 "old answer %u s more, and receivers' resolvers (Gmail's too) may keep it as long. Then check again.",
		 report_safe(c->server, b1), report_safe(c->authoritative, b2), c->serial, until, c->ttl_left);
	return true;
}

/* next_set_ptr - who sets the PTR, to which name, and where. */
static void next_set_ptr(const struct report_input *in, const char *name, char *buf, size_t size)
{
	const struct provider *p = in->findings->provider;
	const struct evidence *ev = &in->findings->evidence;
	const char *ip = diagnosis_ip(in->diagnosis)->text;
	char b1[REPORT_SAFE_MAX], b2[REPORT_SAFE_MAX], shown[EVIDENCE_NAME_MAX];
	names_strip_dot(name, shown, sizeof shown);
	if (p && provider_next(p, ip, report_safe(shown, b1), buf, size))
		return; /* a home line or a hosted sender: nobody to ask for a PTR */
	if (p && strcmp(p->id, "other") != 0)
		snprintf(buf, size, "Ask %s to set the PTR of %s to %s: %s.", p->name, ip, report_safe(shown, b1), p->where);
	else if (ev->zone[0])
		snprintf(buf, size, "Ask whoever runs %s (%s, the holder of %s) to set its PTR to %s.", report_safe(ev->zone, b1),
			 report_safe(ev->zone_rname, b2), ip, shown);
	else
		snprintf(buf, size, "Ask the holder of %s (your hosting provider or ISP) to set its PTR to %s.", ip,
			 report_safe(shown, b1));
}

void advice_next_step(const struct report_input *in, char *buf, size_t size)
{
	const struct rule_result *problem = rules_first_problem(&in->findings->rules);
	const struct evidence *ev = &in->findings->evidence;
	const char *ip = diagnosis_ip(in->diagnosis)->text;
	const char *name = advice_ptr_name(in);
	char b1[REPORT_SAFE_MAX], shown[EVIDENCE_NAME_MAX];
	names_strip_dot(name ? name : "mail.example.com", shown, sizeof shown);
	if (next_wait(in, buf, size))
		return;
	if (!problem) {
		snprintf(buf, size, "Nothing to do: receivers that check reverse DNS accept mail from %s.", ip);
		return;
	}
	switch (problem->id) {
	case RULE_PTR_EXISTS:
	case RULE_PTR_SINGLE:
	case RULE_PTR_HOSTNAME:
	case RULE_PTR_NOT_GENERIC:
		next_set_ptr(in, name ? name : "your server's name (such as mail.example.com)", buf, size);
		return;
	case RULE_PTR_FORWARD:
	case RULE_FCRDNS:
		if (ev->target_count > 0 && name && names_equal(name, ev->targets[0].name))
			snprintf(buf, size, "In your domain's DNS, add %s %s %s: the PTR already names it.",
				 report_safe(shown, b1), strchr(ip, ':') ? "AAAA" : "A", ip);
		else
			next_set_ptr(in, name ? name : "your server's name (such as mail.example.com)", buf, size);
		return;
	case RULE_HELO_FQDN:
	case RULE_HELO_RESOLVES:
	case RULE_HELO_MATCHES_PTR:
		snprintf(buf, size, "Make your server say HELO %s (Postfix: smtp_helo_name, or myhostname), a name "
			 "whose %s record is %s.", report_safe(shown, b1), strchr(ip, ':') ? "AAAA" : "A", ip);
		return;
	default:
		break;
	}
	if (problem->status == RULE_ERROR)
		snprintf(buf, size, "Check again in a few minutes: %s.", problem->finding);
	else
		snprintf(buf, size, "Rule %s: %s.", rule_id_name(problem->id), problem->finding);
}

