/* rules - the checks of a diagnosis, each with a status and a finding. */
#define _POSIX_C_SOURCE 200809L
#include "rules.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "dns/backend.h"
#include "util/clock.h"
#include "generic.h"

/* check_fn - one rule: its status and finding into out->rules[its id]. */
typedef void (*check_fn)(const struct diagnosis *d, const struct evidence *ev, struct rule_results *out);

static void rule_ip_public(const struct diagnosis *d, const struct evidence *ev, struct rule_results *out);
static void rule_ptr_exists(const struct diagnosis *d, const struct evidence *ev, struct rule_results *out);
static void rule_ptr_single(const struct diagnosis *d, const struct evidence *ev, struct rule_results *out);
static void rule_ptr_hostname(const struct diagnosis *d, const struct evidence *ev, struct rule_results *out);
static void rule_ptr_forward(const struct diagnosis *d, const struct evidence *ev, struct rule_results *out);
static void rule_fcrdns(const struct diagnosis *d, const struct evidence *ev, struct rule_results *out);
static void rule_ptr_not_generic(const struct diagnosis *d, const struct evidence *ev, struct rule_results *out);
static void rule_helo_fqdn(const struct diagnosis *d, const struct evidence *ev, struct rule_results *out);
static void rule_helo_resolves(const struct diagnosis *d, const struct evidence *ev, struct rule_results *out);
static void rule_helo_matches_ptr(const struct diagnosis *d, const struct evidence *ev, struct rule_results *out);
static void rule_ipv6_ptr(const struct diagnosis *d, const struct evidence *ev, struct rule_results *out);
static void rule_auth_agree(const struct diagnosis *d, const struct evidence *ev, struct rule_results *out);
static void rule_cache_current(const struct diagnosis *d, const struct evidence *ev, struct rule_results *out);
static void rule_dns_complete(const struct diagnosis *d, const struct evidence *ev, struct rule_results *out);
static void rule_dnssec(const struct diagnosis *d, const struct evidence *ev, struct rule_results *out);

/* The rules, in the order they are reported; the help of each is
 * help/rules/NAME.txt. */
static const struct {
	const char *name;
	const char *title;
	check_fn check;
} rule_table[RULE_COUNT] = {
	[RULE_IP_PUBLIC] = {"ip-public", "the IP is a public address", rule_ip_public},
	[RULE_PTR_EXISTS] = {"ptr-exists", "the IP has a PTR record", rule_ptr_exists},
	[RULE_PTR_SINGLE] = {"ptr-single", "one PTR record only", rule_ptr_single},
	[RULE_PTR_HOSTNAME] = {"ptr-hostname", "the PTR name is a valid host name", rule_ptr_hostname},
	[RULE_PTR_FORWARD] = {"ptr-forward", "the PTR name has addresses", rule_ptr_forward},
	[RULE_FCRDNS] = {"fcrdns", "the PTR name resolves back to the IP (FCrDNS)", rule_fcrdns},
	[RULE_PTR_NOT_GENERIC] = {"ptr-not-generic", "the PTR name does not look generic", rule_ptr_not_generic},
	[RULE_HELO_FQDN] = {"helo-fqdn", "the HELO name is fully qualified", rule_helo_fqdn},
	[RULE_HELO_RESOLVES] = {"helo-resolves", "the HELO name resolves", rule_helo_resolves},
	[RULE_HELO_MATCHES_PTR] = {"helo-matches-ptr", "the HELO name equals the PTR name", rule_helo_matches_ptr},
	[RULE_IPV6_PTR] = {"ipv6-ptr", "the server's other addresses have PTRs too", rule_ipv6_ptr},
	[RULE_AUTH_AGREE] = {"auth-agree", "the zones' own servers agree", rule_auth_agree},
	[RULE_CACHE_CURRENT] = {"cache-current", "the resolver's answer is the zone's current one", rule_cache_current},
	[RULE_DNS_COMPLETE] = {"dns-complete", "every lookup got an answer", rule_dns_complete},
	[RULE_DNSSEC] = {"dnssec", "validating resolvers accept the PTR (DNSSEC)", rule_dnssec},
};

const char *rule_id_name(enum rule_id id)
{
	return id < RULE_COUNT ? rule_table[id].name : "?";
}

const char *rule_title(enum rule_id id)
{
	return id < RULE_COUNT ? rule_table[id].title : "?";
}

bool rule_id_from_name(const char *name, enum rule_id *id)
{
	for (int i = 0; i < RULE_COUNT; i++)
		if (strcmp(rule_table[i].name, name) == 0) {
			*id = (enum rule_id)i;
			return true;
		}
	return false;
}

const char *rule_status_name(enum rule_status status)
{
	switch (status) {
	case RULE_PASS: return "pass";
	case RULE_WARN: return "warn";
	case RULE_FAIL: return "fail";
	case RULE_ERROR: return "error";
	case RULE_SKIP: return "skip";
	}
	return "?";
}

int rules_exit_code(enum rule_status verdict)
{
	switch (verdict) {
	case RULE_PASS: return 0;
	case RULE_FAIL: return 1;
	case RULE_WARN: return 2;
	case RULE_ERROR: return 3;
	case RULE_SKIP: return 0;
	}
	return 3;
}

int rule_status_severity(enum rule_status status)
{
	static const int rank[] = {[RULE_PASS] = 0, [RULE_SKIP] = 0, [RULE_WARN] = 1, [RULE_ERROR] = 2, [RULE_FAIL] = 3};
	return rank[status];
}

/* set - status and a formatted finding, made terminal-safe. */
static void set(struct rule_results *out, enum rule_id id, enum rule_status status, const char *fmt, ...)
{
	char raw[RULE_FINDING_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	out->rules[id].id = id;
	out->rules[id].status = status;
	names_escape(raw, out->rules[id].finding, sizeof out->rules[id].finding);
}

static const char *family_record(const struct diagnosis *d)
{
	return diagnosis_ip(d)->family == AF_INET ? "A" : "AAAA";
}

/* ptr_failure - why the PTR lookup gave no answer, from the step itself. */
static const char *ptr_failure(const struct diagnosis *d)
{
	const struct step *s = diagnosis_find(d, PURPOSE_PTR_FOLLOW, NULL, NULL);
	if (!s || !step_problem(s))
		s = diagnosis_find(d, PURPOSE_PTR, NULL, NULL);
	const char *problem = step_problem(s);
	return problem ? problem : step_rcode_name(s);
}

/* servfail_words - why a SERVFAIL came, as the CD question and the
 * resolver's own words tell ("" when neither says). */
static const char *servfail_words(const struct servfail_view *v, char *buf, size_t size)
{
	const char *sep = v->ede[0] ? "; " : "";
	if (v->cause == SERVFAIL_DNSSEC)
		snprintf(buf, size, "; with DNSSEC checking off it gives %s: the zone's DNSSEC is broken, so validating "
				    "resolvers refuse the answer%s%s", v->answer, sep, v->ede);
	else if (v->cause == SERVFAIL_SERVERS)
		snprintf(buf, size, "; it fails with DNSSEC checking off too: the zone's servers, not DNSSEC%s%s", sep,
			 v->ede);
	else
		snprintf(buf, size, "%s%s", sep, v->ede);
	return buf;
}

static void rule_ip_public(const struct diagnosis *d, const struct evidence *ev, struct rule_results *out)
{
	(void)ev;
	const struct ip_address *ip = diagnosis_ip(d);
	enum ip_kind kind = names_ip_kind(ip);
	if (kind == IP_PUBLIC)
		set(out, RULE_IP_PUBLIC, RULE_PASS, "%s is a public address", ip->text);
	else if (kind == IP_DOCUMENTATION && backend_is_lab(diagnosis_backend(d)))
		set(out, RULE_IP_PUBLIC, RULE_PASS, "%s is a documentation address, as lab scenarios use", ip->text);
	else if (kind == IP_DOCUMENTATION)
		set(out, RULE_IP_PUBLIC, RULE_WARN,
		    "%s is a documentation address (RFC 5737/3849): no real mail comes from it", ip->text);
	else
		set(out, RULE_IP_PUBLIC, RULE_FAIL,
		    "%s is a %s address: receivers see the public address it is translated to; check that one",
		    ip->text, names_ip_kind_name(kind));
}

/* local_note - where the resolver's own answer comes from, into buf. */
static const char *local_note(const struct evidence *ev, char *buf, size_t size)
{
	snprintf(buf, size,
		 "your resolver answers %s from its own data (the AA flag on a recursive answer: local-data, dnsmasq, "
		 "/etc/hosts or split horizon), which receivers never see",
		 ev->ptr_local_answer[0] ? ev->ptr_local_answer : "\"no PTR\"");
	return buf;
}

static void rule_ptr_exists(const struct diagnosis *d, const struct evidence *ev, struct rule_results *out)
{
	const char *rev = diagnosis_reverse_name(d);
	char via[EVIDENCE_NAME_MAX + 64] = "", note[AUTHORITY_ANSWERS_MAX + 300];
	if (ev->cname_target[0])
		snprintf(via, sizeof via, " (through the CNAME %s: RFC 2317 delegation)", ev->cname_target);
	if (ev->ptr_from_zone) {
		/* the world's answer, which differs from the resolver's own data */
		if (ev->ptr == OUTCOME_FOUND)
			set(out, RULE_PTR_EXISTS, RULE_PASS, "%s has a PTR record at its zone's servers: %s; %s",
			    diagnosis_ip(d)->text, ev->targets[0].name, local_note(ev, note, sizeof note));
		else
			set(out, RULE_PTR_EXISTS, RULE_FAIL, "%s has no PTR record at its zone's servers (%s); %s",
			    diagnosis_ip(d)->text, ev->authority[ZONE_REVERSE].zone, local_note(ev, note, sizeof note));
		return;
	}
	if (ev->ptr == OUTCOME_FOUND)
		set(out, RULE_PTR_EXISTS, RULE_PASS, "%s has a PTR record: %s%s", diagnosis_ip(d)->text,
		    ev->targets[0].name, via);
	else if (ev->ptr == OUTCOME_NONE)
		set(out, RULE_PTR_EXISTS, RULE_FAIL, "%s has no PTR record: %s answered %s%s",
		    diagnosis_ip(d)->text, rev, ptr_failure(d), via);
	else {
		char why[1600];
		set(out, RULE_PTR_EXISTS, RULE_ERROR, "the PTR lookup of %s failed (%s)%s%s: no decision", rev,
		    ptr_failure(d), servfail_words(&ev->ptr_servfail, why, sizeof why), via);
	}
}

static void rule_ptr_single(const struct diagnosis *d, const struct evidence *ev, struct rule_results *out)
{
	(void)d;
	if (ev->ptr != OUTCOME_FOUND) {
		set(out, RULE_PTR_SINGLE, RULE_SKIP, "no PTR record to count");
		return;
	}
	if (ev->ptr_count == 1) {
		set(out, RULE_PTR_SINGLE, RULE_PASS, "one PTR record");
		return;
	}
	char names[RULE_FINDING_MAX] = "";
	for (size_t i = 0; i < ev->target_count; i++) {
		size_t used = strlen(names);
		snprintf(names + used, sizeof names - used, "%s%s", i ? ", " : "", ev->targets[i].name);
	}
	set(out, RULE_PTR_SINGLE, RULE_WARN,
	    "%zu PTR records (%s%s): Postfix uses whichever its resolver returns first, so results vary",
	    ev->ptr_count, names, ev->ptr_count > ev->target_count ? ", ..." : "");
}

/* hostname_problem - why a PTR target is no usable host name, or NULL. */
static const char *hostname_problem(const struct ptr_target *t)
{
	size_t len = strlen(t->name);
	if (names_equal(t->name, "localhost") || names_equal(t->name, "localhost.localdomain"))
		return "\"localhost\" names every machine";
	char bare[EVIDENCE_NAME_MAX];
	if (names_is_numeric_address(names_strip_dot(t->name, bare, sizeof bare)))
		return "an address, not a name; receivers treat it as no PTR";
	if (len > 14 && (strcasecmp(t->name + len - 14, ".in-addr.arpa.") == 0 ||
			 (len > 10 && strcasecmp(t->name + len - 10, ".ip6.arpa.") == 0)))
		return "ends in the reverse zone: the zone file probably lacks the name's trailing dot";
	if (!t->postfix_valid)
		return "has characters or labels a host name may not have; receivers treat it as no PTR";
	if (!strchr(bare, '.'))
		return "a single label, not a fully qualified name";
	return NULL;
}

static void rule_ptr_hostname(const struct diagnosis *d, const struct evidence *ev, struct rule_results *out)
{
	(void)d;
	if (ev->ptr != OUTCOME_FOUND) {
		set(out, RULE_PTR_HOSTNAME, RULE_SKIP, "no PTR record to judge");
		return;
	}
	for (size_t i = 0; i < ev->target_count; i++) {
		const char *problem = hostname_problem(&ev->targets[i]);
		if (problem) {
			set(out, RULE_PTR_HOSTNAME, RULE_FAIL, "%s is not a usable host name: %s",
			    ev->targets[i].name, problem);
			return;
		}
	}
	for (size_t i = 0; i < ev->target_count; i++) {
		if (strchr(ev->targets[i].name, '_')) {
			set(out, RULE_PTR_HOSTNAME, RULE_WARN,
			    "%s has an underscore (RFC 1123 host names may not); Postfix and Exim accept it",
			    ev->targets[i].name);
			return;
		}
	}
	set(out, RULE_PTR_HOSTNAME, RULE_PASS, "%s is a valid host name", ev->targets[0].name);
}

struct target_counts {
	size_t found, none, temp, confirms, via_cname;
	const struct ptr_target *first_none, *first_mismatch, *first_cname;
};

static struct target_counts count_targets(const struct evidence *ev)
{
	struct target_counts c = {0};
	for (size_t i = 0; i < ev->target_count; i++) {
		const struct ptr_target *t = &ev->targets[i];
		if (t->forward == OUTCOME_FOUND)
			c.found++;
		else if (t->forward == OUTCOME_NONE && ++c.none == 1)
			c.first_none = t;
		else if (t->forward != OUTCOME_NONE)
			c.temp++;
		if (t->confirms)
			c.confirms++;
		else if (t->forward == OUTCOME_FOUND && !c.first_mismatch)
			c.first_mismatch = t;
		if (t->forward_via_cname && ++c.via_cname == 1)
			c.first_cname = t;
	}
	return c;
}

static void rule_ptr_forward(const struct diagnosis *d, const struct evidence *ev, struct rule_results *out)
{
	const char *rr = family_record(d);
	if (ev->ptr != OUTCOME_FOUND) {
		set(out, RULE_PTR_FORWARD, RULE_SKIP, "no PTR name to look up");
		return;
	}
	struct target_counts c = count_targets(ev);
	if (c.found == 0 && c.temp > 0)
		set(out, RULE_PTR_FORWARD, RULE_ERROR, "the %s lookup of %s failed: no decision", rr, ev->targets[0].name);
	else if (c.found == 0)
		set(out, RULE_PTR_FORWARD, RULE_FAIL, "%s has no %s record", c.first_none->name, rr);
	else if (c.found < ev->target_count)
		set(out, RULE_PTR_FORWARD, RULE_WARN, "only %zu of %zu PTR names have %s records (%s has none)",
		    c.found, ev->target_count, rr, c.first_none ? c.first_none->name : "one");
	else if (c.via_cname > 0)
		set(out, RULE_PTR_FORWARD, RULE_WARN,
		    "%s is an alias (CNAME); RFC 1912 asks a PTR to name the canonical host. Postfix and Exim follow it",
		    c.first_cname->name);
	else
		set(out, RULE_PTR_FORWARD, RULE_PASS, "%s has %s records: %s", ev->targets[0].name, rr,
		    ev->targets[0].addresses);
}

static void rule_fcrdns(const struct diagnosis *d, const struct evidence *ev, struct rule_results *out)
{
	const char *ip = diagnosis_ip(d)->text;
	if (ev->ptr == OUTCOME_NONE) {
		set(out, RULE_FCRDNS, RULE_FAIL, "no PTR record, so %s cannot be forward-confirmed", ip);
		return;
	}
	if (ev->ptr != OUTCOME_FOUND) {
		set(out, RULE_FCRDNS, RULE_ERROR, "the PTR lookup failed: no decision");
		return;
	}
	struct target_counts c = count_targets(ev);
	if (c.confirms == ev->target_count)
		set(out, RULE_FCRDNS, RULE_PASS, "%s resolves back to %s", ev->targets[0].name, ip);
	else if (c.confirms > 0)
		set(out, RULE_FCRDNS, RULE_WARN,
		    "only %zu of %zu PTR names resolve back to %s: a receiver that picks another one fails",
		    c.confirms, ev->target_count, ip);
	else if (c.temp > 0)
		set(out, RULE_FCRDNS, RULE_ERROR, "the forward lookup of %s failed: no decision", ev->targets[0].name);
	else if (c.first_mismatch)
		set(out, RULE_FCRDNS, RULE_FAIL, "%s resolves to %s, not to %s", c.first_mismatch->name,
		    c.first_mismatch->addresses, ip);
	else
		set(out, RULE_FCRDNS, RULE_FAIL, "%s has no %s record, so it does not resolve back to %s",
		    ev->targets[0].name, family_record(d), ip);
}

/* same_operator - two name servers of one registrable domain. */
static bool same_operator(const char *a, const char *b)
{
	char da[EVIDENCE_NAME_MAX], db[EVIDENCE_NAME_MAX];
	return generic_domain(a, da, sizeof da) && generic_domain(b, db, sizeof db) && strcmp(da, db) == 0;
}

void rules_generic_owner(const char *helo, const struct evidence *ev, struct generic_owner *out, char *words,
			 size_t size)
{
	*out = (struct generic_owner){.helo = helo};
	const struct zone_authority *own = &ev->authority[ZONE_FORWARD];
	if (!own->asked || own->ns_count == 0 || ev->zone_ns_count == 0 || size == 0)
		return;
	for (size_t i = 0; i < own->ns_count; i++)
		for (size_t j = 0; j < ev->zone_ns_count; j++)
			if (same_operator(own->ns[i], ev->zone_ns[j]))
				return; /* the reverse zone's operator serves it too: the provider's domain */
	snprintf(words, size, "%s, not the reverse zone's %s", own->ns[0], ev->zone_ns[0]);
	out->zone = own->zone;
	out->zone_servers = words;
}

static void rule_ptr_not_generic(const struct diagnosis *d, const struct evidence *ev, struct rule_results *out)
{
	if (ev->ptr != OUTCOME_FOUND) {
		set(out, RULE_PTR_NOT_GENERIC, RULE_SKIP, "no PTR name to judge");
		return;
	}
	struct generic_owner owner;
	char servers[2 * EVIDENCE_NAME_MAX + 40];
	rules_generic_owner(diagnosis_helo(d), ev, &owner, servers, sizeof servers);
	for (size_t i = 0; i < ev->target_count; i++) {
		char why[700];
		if (generic_name_judge(ev->targets[i].name, diagnosis_ip(d), &owner, why, sizeof why)) {
			set(out, RULE_PTR_NOT_GENERIC, RULE_WARN, "%s looks generic: %s", ev->targets[i].name, why);
			return;
		}
	}
	char note[700];
	generic_name_judge(ev->targets[0].name, diagnosis_ip(d), &owner, note, sizeof note);
	const char *kind = generic_is_hosted_sender(ev->targets[0].name) ? "belongs to a hosted sender"
									  : "looks like a server's own name";
	if (note[0]) /* a filter calls it dynamic, and ptrdoctor says why it differs */
		set(out, RULE_PTR_NOT_GENERIC, RULE_PASS, "%s %s (%s)", ev->targets[0].name, kind, note);
	else
		set(out, RULE_PTR_NOT_GENERIC, RULE_PASS, "%s %s", ev->targets[0].name, kind);
}

static void rule_helo_fqdn(const struct diagnosis *d, const struct evidence *ev, struct rule_results *out)
{
	if (!ev->helo_given) {
		set(out, RULE_HELO_FQDN, RULE_SKIP, "no HELO name given");
		return;
	}
	bool ok = ev->helo_kind == HELO_FQDN || ev->helo_kind == HELO_ADDRESS_LITERAL;
	if (ev->helo_kind == HELO_FQDN && strchr(diagnosis_helo(d), '_'))
		set(out, RULE_HELO_FQDN, RULE_WARN,
		    "HELO %s has an underscore: Postfix accepts it, Exim refuses it (501)", diagnosis_helo(d));
	else
		set(out, RULE_HELO_FQDN, ok ? RULE_PASS : RULE_FAIL, "HELO %s: %s", diagnosis_helo(d),
		    names_helo_kind_message(ev->helo_kind));
}

static void rule_helo_resolves(const struct diagnosis *d, const struct evidence *ev, struct rule_results *out)
{
	const char *helo = diagnosis_helo(d);
	if (!ev->helo_given) {
		set(out, RULE_HELO_RESOLVES, RULE_SKIP, "no HELO name given");
	} else if (ev->helo_kind == HELO_ADDRESS_LITERAL) {
		set(out, RULE_HELO_RESOLVES, RULE_PASS, "HELO %s is an address literal: nothing to resolve", helo);
	} else if (ev->helo_a == OUTCOME_MISSING) {
		set(out, RULE_HELO_RESOLVES, RULE_FAIL, "HELO %s is not a name DNS can look up", helo);
	} else if (ev->helo_a == OUTCOME_FOUND || ev->helo_aaaa == OUTCOME_FOUND || ev->helo_mx == OUTCOME_FOUND) {
		char kinds[20] = "";
		snprintf(kinds, sizeof kinds, "%s%s%s", ev->helo_a == OUTCOME_FOUND ? " A" : "",
			 ev->helo_aaaa == OUTCOME_FOUND ? " AAAA" : "", ev->helo_mx == OUTCOME_FOUND ? " MX" : "");
		set(out, RULE_HELO_RESOLVES, RULE_PASS, "HELO %s has%s records", helo, kinds);
	} else if (ev->helo_a == OUTCOME_TEMP || ev->helo_aaaa == OUTCOME_TEMP || ev->helo_mx == OUTCOME_TEMP) {
		set(out, RULE_HELO_RESOLVES, RULE_ERROR, "the lookups of HELO %s failed: no decision", helo);
	} else {
		set(out, RULE_HELO_RESOLVES, RULE_FAIL, "HELO %s has no A, AAAA or MX record", helo);
	}
}

static void rule_helo_matches_ptr(const struct diagnosis *d, const struct evidence *ev, struct rule_results *out)
{
	const char *helo = diagnosis_helo(d);
	if (!ev->helo_given) {
		set(out, RULE_HELO_MATCHES_PTR, RULE_SKIP, "no HELO name given");
		return;
	}
	if (ev->helo_kind == HELO_ADDRESS_LITERAL) {
		bool same = names_ip_equal(&ev->helo_literal, diagnosis_ip(d));
		set(out, RULE_HELO_MATCHES_PTR, same ? RULE_PASS : RULE_WARN, "HELO %s is an address literal %s",
		    helo, same ? "of the IP itself" : "of another address");
		return;
	}
	if (ev->ptr != OUTCOME_FOUND) {
		set(out, RULE_HELO_MATCHES_PTR, RULE_SKIP, "no PTR name to compare with");
		return;
	}
	for (size_t i = 0; i < ev->target_count; i++)
		if (names_equal(helo, ev->targets[i].name)) {
			set(out, RULE_HELO_MATCHES_PTR, RULE_PASS, "HELO %s equals the PTR name", helo);
			return;
		}
	set(out, RULE_HELO_MATCHES_PTR, RULE_WARN,
	    "HELO %s differs from the PTR name %s: Exim's verify = helo and SpamAssassin notice", helo,
	    ev->targets[0].name);
}

static void rule_ipv6_ptr(const struct diagnosis *d, const struct evidence *ev, struct rule_results *out)
{
	const char *other = diagnosis_ip(d)->family == AF_INET ? "IPv6" : "IPv4";
	const char *rr = diagnosis_ip(d)->family == AF_INET ? "AAAA" : "A";
	bool temp = false;
	for (size_t i = 0; i < ev->other_count; i++) {
		const struct other_address *o = &ev->others[i];
		if (o->ptr == OUTCOME_NONE) {
			set(out, RULE_IPV6_PTR, RULE_WARN,
			    "%s (an %s address of this server's names) has no PTR: mail sent over %s from it is rejected",
			    o->address, other, other);
			return;
		}
		if (o->ptr == OUTCOME_FOUND && o->forward != OUTCOME_TEMP && !o->confirms) {
			set(out, RULE_IPV6_PTR, RULE_WARN, "the PTR of %s, %s, does not resolve back to it", o->address,
			    o->ptr_name);
			return;
		}
		temp |= o->ptr == OUTCOME_TEMP || o->forward == OUTCOME_TEMP;
	}
	if (temp)
		set(out, RULE_IPV6_PTR, RULE_ERROR, "a lookup for the %s addresses failed: no decision", other);
	else if (ev->other_count == 0)
		set(out, RULE_IPV6_PTR, RULE_PASS, "no %s record for the HELO or PTR name: the server sends over %s only",
		    rr, diagnosis_ip(d)->family == AF_INET ? "IPv4" : "IPv6");
	else
		set(out, RULE_IPV6_PTR, RULE_PASS, "the %s address %s has its own PTR, %s, which resolves back",
		    other, ev->others[0].address, ev->others[0].ptr_name);
}

static bool answered(enum outcome o)
{
	return o == OUTCOME_FOUND || o == OUTCOME_NONE;
}

/* resolver_answered - the resolver got the zone's answer for the role's
 * name: its servers answer someone. */
static bool resolver_answered(const struct evidence *ev, enum zone_role role)
{
	switch (role) {
	case ZONE_REVERSE: return answered(ev->ptr);
	case ZONE_FORWARD: return ev->target_count > 0 && answered(ev->targets[0].forward);
	case ZONE_HELO: return answered(ev->helo_a) || answered(ev->helo_aaaa);
	case ZONE_ROLE_COUNT: break;
	}
	return false;
}

bool rules_zone_unreachable(const struct evidence *ev, enum zone_role role)
{
	const struct zone_authority *z = &ev->authority[role];
	if (!z->asked || z->server_count == 0 || !resolver_answered(ev, role))
		return false;
	for (size_t i = 0; i < z->server_count; i++)
		if (z->servers[i].health != SERVER_TIMEOUT && z->servers[i].health != SERVER_UNREACHABLE)
			return false;
	return true;
}

/* zone_problem - the worst of one zone's servers, as a status and words. */
static enum rule_status zone_problem(const struct zone_authority *z, char *words, size_t size)
{
	const struct authority_server *lame = NULL;
	for (size_t i = 0; i < z->server_count && !lame; i++)
		if (authority_server_lame(&z->servers[i]))
			lame = &z->servers[i];
	if (z->good > 0 && !z->agree) {
		snprintf(words, size, "the servers of %s disagree: %s", z->zone, z->disagreement);
		return RULE_FAIL;
	}
	if (z->good == 0 && lame) {
		snprintf(words, size, "no server of %s answers for it (lame delegation): %s (%s) %s", z->zone, lame->name,
			 lame->address, authority_health_name(lame->health));
		return RULE_FAIL;
	}
	if (z->good == 0) {
		snprintf(words, size, "no server of %s could be asked from here%s%s", z->zone,
			 z->ns_without_address ? ": the name servers have no address, such as " : "", z->ns_missing);
		return z->ns_without_address == z->ns_count ? RULE_FAIL : RULE_ERROR;
	}
	if (lame) {
		snprintf(words, size, "%s (%s), a server of %s, is lame (%s): resolvers that ask it lose time or fail",
			 lame->name, lame->address, z->zone, authority_health_name(lame->health));
		return RULE_WARN;
	}
	if (z->ns_without_address) {
		snprintf(words, size, "%s, a name server of %s, has no address", z->ns_missing, z->zone);
		return RULE_WARN;
	}
	return RULE_PASS;
}

/* zones_agreeing - "ZONE: N servers agree, serial S" for each zone asked. */
static void zones_agreeing(const struct evidence *ev, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int role = 0; role < ZONE_ROLE_COUNT; role++) {
		const struct zone_authority *z = &ev->authority[role];
		if (!z->asked || (role > 0 && names_equal(z->zone, ev->authority[role - 1].zone)))
			continue;
		const struct authority_server *n = &z->servers[z->newest];
		char serial[32] = "";
		if (n->has_serial)
			snprintf(serial, sizeof serial, ", serial %u", n->serial);
		char count[48] = "its one server answers";
		if (z->good > 1)
			snprintf(count, sizeof count, "its %zu servers agree", z->good);
		int w = snprintf(buf + used, size - used, "%s%s: %s%s", used ? "; " : "", z->zone, count, serial);
		used = w > 0 && (size_t)w < size - used ? used + (size_t)w : size - 1;
	}
}

static void rule_auth_agree(const struct diagnosis *d, const struct evidence *ev, struct rule_results *out)
{
	(void)d;
	enum rule_status worst = RULE_SKIP;
	char words[RULE_FINDING_MAX] = "", mine[RULE_FINDING_MAX];
	static const int rank[] = {[RULE_PASS] = 1, [RULE_WARN] = 2, [RULE_ERROR] = 3, [RULE_FAIL] = 4, [RULE_SKIP] = 0};
	char unreachable[RULE_FINDING_MAX / 2] = "";
	for (int role = 0; role < ZONE_ROLE_COUNT; role++) {
		const struct zone_authority *z = &ev->authority[role];
		if (!z->asked)
			continue;
		if (rules_zone_unreachable(ev, (enum zone_role)role)) {
			size_t used = strlen(unreachable);
			if (!strstr(unreachable, z->zone))
				snprintf(unreachable + used, sizeof unreachable - used, "%s%s", used ? ", " : "", z->zone);
			continue;
		}
		enum rule_status status = zone_problem(z, mine, sizeof mine);
		if (rank[status] > rank[worst]) {
			worst = status;
			memcpy(words, mine, sizeof words);
		}
	}
	if (ev->authority_pending) {
		set(out, RULE_AUTH_AGREE, RULE_SKIP, "the zones' own servers are still being asked");
		return;
	}
	if (worst == RULE_SKIP && unreachable[0]) {
		set(out, RULE_AUTH_AGREE, RULE_SKIP,
		    "no server of %s answered a direct question from here, while the resolver got their answers: this "
		    "network lets DNS through only to its resolver (a firewall or a route), which is no fault of the "
		    "zones; nothing to compare",
		    unreachable);
		return;
	}
	if (worst == RULE_SKIP) {
		set(out, RULE_AUTH_AGREE, RULE_SKIP, "the zones' own servers were not asked (a lab, or no zone found)");
		return;
	}
	if (worst == RULE_PASS)
		zones_agreeing(ev, words, sizeof words);
	set(out, RULE_AUTH_AGREE, worst, "%s%s%s%s", words,
	    ev->authority[ZONE_REVERSE].asked ? "" : "; the reverse zone's own servers were not found",
	    unreachable[0] ? "; not answering from here (only the resolver does): " : "", unreachable);
}

static void rule_cache_current(const struct diagnosis *d, const struct evidence *ev, struct rule_results *out)
{
	(void)d;
	const struct cache_view *c = &ev->cache;
	char until[32];
	clock_local(c->expires, true, until, sizeof until);
	const char *now = c->authoritative[0] ? c->authoritative : "no PTR";
	char note[AUTHORITY_ANSWERS_MAX + 300];
	if (ev->authority_pending)
		set(out, RULE_CACHE_CURRENT, RULE_SKIP, "the reverse zone's own servers are still being asked");
	else if (ev->ptr_from_zone)
		set(out, RULE_CACHE_CURRENT, RULE_SKIP, "not a cache: %s", local_note(ev, note, sizeof note));
	else if (!c->compared && rules_zone_unreachable(ev, ZONE_REVERSE))
		set(out, RULE_CACHE_CURRENT, RULE_SKIP,
		    "nothing to compare: the reverse zone's servers do not answer from here, only the resolver does "
		    "(a firewall or a route of this network)");
	else if (!c->compared)
		set(out, RULE_CACHE_CURRENT, RULE_SKIP,
		    "nothing to compare: the resolver or the reverse zone's servers gave no usable answer");
	else if (c->current)
		set(out, RULE_CACHE_CURRENT, RULE_PASS, "the resolver's answer is what %s serves", c->server);
	else if (c->negative)
		set(out, RULE_CACHE_CURRENT, RULE_WARN,
		    "the resolver still holds \"no PTR\" for %u s more, until %s; %s already serves %s (serial %u). "
		    "A \"no\" is cached for the SOA's minimum, capped by its TTL (RFC 2308): %u s here",
		    c->ttl_left, until, c->server, now, c->serial, c->record_ttl);
	else
		set(out, RULE_CACHE_CURRENT, RULE_WARN,
		    "the resolver still holds %s for %u s more, until %s; %s already serves %s (serial %u). "
		    "Receivers' resolvers may keep an old answer up to the record's TTL: %u s at the zone now",
		    c->resolver, c->ttl_left, until, c->server, now, c->serial, c->record_ttl);
}

static void rule_dns_complete(const struct diagnosis *d, const struct evidence *ev, struct rule_results *out)
{
	char list[600] = "";
	for (size_t i = 0; i < diagnosis_step_count(d); i++) {
		const struct step *s = diagnosis_step(d, i);
		const char *problem = step_problem(s);
		if (!problem || step_is_authoritative_round(s))
			continue;
		size_t used = strlen(list);
		snprintf(list + used, sizeof list - used, "%s%s %s: %s", used ? "; " : "", step_type_name(s), s->qname,
			 problem);
	}
	if (ev->failed_steps == 0)
		set(out, RULE_DNS_COMPLETE, RULE_PASS, "every lookup got an answer");
	else if (ev->decisive_failed_steps > 0)
		set(out, RULE_DNS_COMPLETE, RULE_ERROR, "%zu lookups got no usable answer (%s)", ev->failed_steps, list);
	else
		set(out, RULE_DNS_COMPLETE, RULE_WARN, "%zu side lookups got no usable answer (%s)", ev->failed_steps, list);
}

const struct rule_result *rules_first_problem(const struct rule_results *r)
{
	static const enum rule_status order[] = {RULE_FAIL, RULE_ERROR, RULE_WARN};
	for (size_t o = 0; o < 3; o++)
		for (int i = 0; i < RULE_COUNT; i++)
			if (r->rules[i].status == order[o])
				return &r->rules[i];
	return NULL;
}

void rules_evaluate(const struct diagnosis *d, const struct evidence *ev, struct rule_results *out)
{
	memset(out, 0, sizeof *out);
	for (int i = 0; i < RULE_COUNT; i++)
		rule_table[i].check(d, ev, out);
	const struct rule_result *problem = rules_first_problem(out);
	out->verdict = problem ? problem->status : RULE_PASS;
}

/* rule_dnssec - as the resolver validates: bogus when its SERVFAIL turns
 * into the PTR with checking off, secure when it vouches for the answer
 * (the AD bit). A resolver that says neither follows no chain that
 * ptrdoctor could judge (an unsigned zone, or a resolver that does not
 * validate): skip. */
static void rule_dnssec(const struct diagnosis *d, const struct evidence *ev, struct rule_results *out)
{
	const struct servfail_view *v = &ev->ptr_servfail;
	if (v->cause == SERVFAIL_DNSSEC)
		set(out, RULE_DNSSEC, RULE_FAIL, "the resolver refuses the PTR of %s as DNSSEC bogus, though the zone "
						 "serves it (%s with checking off)%s%s",
		    diagnosis_ip(d)->text, v->answer, v->ede[0] ? "; " : "", v->ede);
	else if (ev->ptr_validated)
		set(out, RULE_DNSSEC, RULE_PASS, "the resolver validated the PTR answer (AD bit): the reverse zone is "
						 "signed and its chain of trust holds");
	else if (ev->ptr == OUTCOME_FOUND || ev->ptr == OUTCOME_NONE)
		set(out, RULE_DNSSEC, RULE_SKIP, "the resolver does not vouch for the PTR answer (no AD bit): the reverse "
						 "zone is unsigned, or the resolver does not validate");
	else
		set(out, RULE_DNSSEC, RULE_SKIP, "no PTR answer to judge");
}
