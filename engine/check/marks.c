/* marks - the mark beside a finished lookup, from the rule it feeds. */
#define _POSIX_C_SOURCE 200809L
#include "marks.h"

#include <stdbool.h>
#include <string.h>

#include "diagnosis/meaning.h"

const char *mark_name(enum mark mark)
{
	switch (mark) {
	case MARK_GOOD: return "good";
	case MARK_BAD: return "bad";
	case MARK_ERROR: return "error";
	case MARK_NEUTRAL: break;
	}
	return "neutral";
}

static bool is(const char *outcome, const char *name)
{
	return strcmp(outcome, name) == 0;
}

/* no_usable_answer - SERVFAIL, REFUSED, another rcode, a timeout, a failure. */
static bool no_usable_answer(const char *outcome)
{
	return is(outcome, "servfail") || is(outcome, "refused") || is(outcome, "rcode") || is(outcome, "timeout") ||
	       is(outcome, "failed");
}

static bool negative(const char *outcome)
{
	return is(outcome, "no-name") || is(outcome, "no-data") || is(outcome, "no-match");
}

static bool positive(const char *outcome)
{
	return is(outcome, "records") || is(outcome, "match");
}

/* judged - good when the answer is positive and the rule holds; bad when
 * it is negative and the rule fails or warns; neutral otherwise. */
static enum mark judged(const char *outcome, enum rule_status rule)
{
	if (positive(outcome) && (rule == RULE_PASS || rule == RULE_WARN))
		return MARK_GOOD;
	if (negative(outcome) && (rule == RULE_FAIL || rule == RULE_WARN))
		return MARK_BAD;
	return MARK_NEUTRAL;
}

/* own_family - an address lookup of the checked address's own family. */
static bool own_family(const struct step *s, const struct ip_address *ip)
{
	return (s->qtype == LDNS_RR_TYPE_A && ip->family == AF_INET) ||
	       (s->qtype == LDNS_RR_TYPE_AAAA && ip->family == AF_INET6);
}

/* behind - s asked a server of a zone whose servers disagree, and that
 * server serves another serial or other records than the newest one. */
static bool behind(const struct evidence *ev, const struct step *s)
{
	for (int role = 0; s->target && role < ZONE_ROLE_COUNT; role++) {
		const struct zone_authority *z = &ev->authority[role];
		if (!z->asked || z->agree || z->server_count == 0 || strcmp(z->zone, s->about ? s->about : "") != 0)
			continue;
		const struct authority_server *newest = &z->servers[z->newest];
		for (size_t i = 0; i < z->server_count; i++) {
			const struct authority_server *srv = &z->servers[i];
			if (srv->health == SERVER_GOOD && strcmp(srv->address, s->target) == 0 &&
			    (srv->serial != newest->serial || strcmp(srv->answers, newest->answers) != 0))
				return true;
		}
	}
	return false;
}

enum mark mark_of_step(const struct findings *f, const struct diagnosis *d, const struct step *s)
{
	const struct ip_address *ip = diagnosis_ip(d);
	const char *outcome = meaning_outcome(s, ip);
	const struct rule_result *rules = f->rules.rules;
	bool lame = is(outcome, "not-authoritative") || is(outcome, "refused");
	if (s->purpose == PURPOSE_AUTH_ANSWER || s->purpose == PURPOSE_AUTH_SOA) {
		bool at_fault = lame || behind(&f->evidence, s);
		return at_fault && rules[RULE_AUTH_AGREE].status != RULE_PASS ? MARK_BAD
		       : no_usable_answer(outcome)                        ? MARK_ERROR
									  : MARK_NEUTRAL;
	}
	if (no_usable_answer(outcome))
		return MARK_ERROR;
	switch (s->purpose) {
	case PURPOSE_PTR:
	case PURPOSE_PTR_FOLLOW:
		return judged(outcome, rules[RULE_PTR_EXISTS].status);
	case PURPOSE_TARGET_A:
	case PURPOSE_TARGET_AAAA:
		if (!own_family(s, ip))
			return MARK_NEUTRAL;
		if (is(outcome, "match"))
			return rules[RULE_FCRDNS].status == RULE_FAIL ? MARK_NEUTRAL : MARK_GOOD;
		return judged(outcome, rules[RULE_FCRDNS].status);
	case PURPOSE_HELO_A:
	case PURPOSE_HELO_AAAA:
		return judged(outcome, rules[RULE_HELO_RESOLVES].status);
	case PURPOSE_OTHER_PTR:
	case PURPOSE_OTHER_FORWARD:
		return judged(outcome, rules[RULE_IPV6_PTR].status);
	default:
		return MARK_NEUTRAL;
	}
}
