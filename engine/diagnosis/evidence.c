/* evidence - the facts of a finished diagnosis, in the terms receivers use. */
#define _POSIX_C_SOURCE 200809L
#include "evidence.h"

#include "meaning.h"

#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

static ldns_rr_type family_type(int family)
{
	return family == AF_INET ? LDNS_RR_TYPE_A : LDNS_RR_TYPE_AAAA;
}

/* addresses_include - the step's address records include ip; their text
 * goes into list (may be NULL). */
static bool addresses_include(const struct step *step, const struct ip_address *ip, char *list,
			      size_t size)
{
	bool hit = false;
	if (list && size)
		list[0] = '\0';
	if (!step || step->state != STEP_ANSWERED)
		return false;
	ldns_rr_list *addrs = step_records(step, family_type(ip->family));
	size_t want = ip->family == AF_INET ? 4 : 16;
	for (size_t i = 0; i < ldns_rr_list_rr_count(addrs); i++) {
		const ldns_rdf *rdf = ldns_rr_rdf(ldns_rr_list_rr(addrs, i), 0);
		if (ldns_rdf_size(rdf) == want && memcmp(ldns_rdf_data(rdf), ip->bytes, want) == 0)
			hit = true;
		if (list) {
			char text[NAMES_ADDR_TEXT_MAX];
			names_rdf_text(rdf, text, sizeof text);
			size_t used = strlen(list);
			snprintf(list + used, size - used, "%s%s", used ? " " : "", text);
		}
	}
	ldns_rr_list_deep_free(addrs);
	return hit;
}

/* exim_valid_name - Exim 4.96 keeps a PTR name of letters, digits, '-',
 * '.' and '_' (the underscore measured against the real Exim in
 * tests/receivers; that it drops names with other bytes is from its
 * documentation, not measured). */
static bool exim_valid_name(const char *name)
{
	return *name && strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._") ==
			       strlen(name);
}

static void gather_target(const struct diagnosis *d, const char *name, struct ptr_target *t)
{
	const struct ip_address *ip = diagnosis_ip(d);
	enum step_purpose own = ip->family == AF_INET ? PURPOSE_TARGET_A : PURPOSE_TARGET_AAAA;
	snprintf(t->name, sizeof t->name, "%s", name);
	t->postfix_valid = names_valid_hostname(name, true) && !names_is_numeric_address(name);
	t->exim_valid = exim_valid_name(name);
	const struct step *fwd = diagnosis_find(d, own, name, NULL);
	t->forward = step_outcome(fwd, family_type(ip->family));
	t->confirms = addresses_include(fwd, ip, t->addresses, sizeof t->addresses);
	ldns_rr_list *chain = fwd ? step_cname_chain(fwd) : NULL;
	t->forward_via_cname = chain && ldns_rr_list_rr_count(chain) > 0;
	ldns_rr_list_deep_free(chain);
}

/* ptr_step - the step that holds the PTR records: our own follow-up of an
 * RFC 2317 CNAME when the resolver did not chase it. */
static const struct step *ptr_step(const struct diagnosis *d, struct evidence *ev)
{
	const struct step *ptr = diagnosis_find(d, PURPOSE_PTR, NULL, NULL);
	ldns_rr_list *chain = ptr ? step_cname_chain(ptr) : NULL;
	size_t links = chain ? ldns_rr_list_rr_count(chain) : 0;
	if (links > 0)
		names_rdf_text(ldns_rr_rdf(ldns_rr_list_rr(chain, links - 1), 0), ev->cname_target,
			      sizeof ev->cname_target);
	ldns_rr_list_deep_free(chain);
	const struct step *follow = diagnosis_find(d, PURPOSE_PTR_FOLLOW, NULL, NULL);
	return follow ? follow : ptr;
}

/* gather_servfail - why step got SERVFAIL: the same question with DNSSEC
 * checking off, and the resolver's words. */
static void gather_servfail(const struct diagnosis *d, const struct step *step, struct servfail_view *out)
{
	out->ede_detail.code = -1;
	if (!step || step->state != STEP_ANSWERED || step->rcode != LDNS_RCODE_SERVFAIL)
		return;
	out->servfail = true;
	meaning_ede(step, out->ede, sizeof out->ede);
	meaning_ede_of(step, &out->ede_detail);
	const struct step *cd = diagnosis_find(d, PURPOSE_CHECKING_DISABLED, step->qname,
					       step_purpose_name(step->purpose));
	if (!cd || cd->state == STEP_PENDING || cd->state == STEP_RUNNING || cd->state == STEP_CANCELLED)
		return;
	bool answered = cd->state == STEP_ANSWERED &&
			(cd->rcode == LDNS_RCODE_NOERROR || cd->rcode == LDNS_RCODE_NXDOMAIN);
	out->cause = answered ? SERVFAIL_DNSSEC : SERVFAIL_SERVERS;
	if (!answered)
		return;
	char **lines = NULL;
	size_t n = step_answers(cd, &lines);
	char joined[256] = "";
	for (size_t i = 0; i < n; i++)
		snprintf(joined + strlen(joined), sizeof joined - strlen(joined), "%s%s", i ? ", " : "", lines[i]);
	step_answers_free(lines, n);
	snprintf(out->answer, sizeof out->answer, "%s", n ? joined : cd->rcode == LDNS_RCODE_NXDOMAIN ? "no such name" : "no record");
}

static void gather_ptr(const struct diagnosis *d, struct evidence *ev)
{
	const struct step *step = ptr_step(d, ev);
	ev->ptr = step_outcome(step, LDNS_RR_TYPE_PTR);
	gather_servfail(d, step, &ev->ptr_servfail);
	ev->ptr_validated = step && step->state == STEP_ANSWERED && step->packet && !step->target &&
			    ldns_pkt_ad(step->packet) && (ev->ptr == OUTCOME_FOUND || ev->ptr == OUTCOME_NONE);
	if (ev->ptr != OUTCOME_FOUND)
		return;
	ldns_rr_list *ptrs = step_records(step, LDNS_RR_TYPE_PTR);
	ev->ptr_count = ldns_rr_list_rr_count(ptrs);
	for (size_t i = 0; i < ldns_rr_list_rr_count(ptrs) && ev->target_count < EVIDENCE_TARGETS_MAX; i++) {
		char name[EVIDENCE_NAME_MAX];
		names_rdf_text(ldns_rr_rdf(ldns_rr_list_rr(ptrs, i), 0), name, sizeof name);
		gather_target(d, name, &ev->targets[ev->target_count++]);
	}
	ldns_rr_list_deep_free(ptrs);
}

static void gather_helo(const struct diagnosis *d, struct evidence *ev)
{
	const char *helo = diagnosis_helo(d);
	ev->helo_given = helo != NULL;
	ev->helo_kind = names_helo_kind(helo, &ev->helo_literal);
	const struct step *a = diagnosis_find(d, PURPOSE_HELO_A, NULL, NULL);
	const struct step *aaaa = diagnosis_find(d, PURPOSE_HELO_AAAA, NULL, NULL);
	ev->helo_a = step_outcome(a, LDNS_RR_TYPE_A);
	ev->helo_aaaa = step_outcome(aaaa, LDNS_RR_TYPE_AAAA);
	ev->helo_mx = step_outcome(diagnosis_find(d, PURPOSE_HELO_MX, NULL, NULL), LDNS_RR_TYPE_MX);
	const struct ip_address *ip = diagnosis_ip(d);
	ev->helo_has_ip = addresses_include(ip->family == AF_INET ? a : aaaa, ip, NULL, 0);
}

static void gather_others(const struct diagnosis *d, struct evidence *ev)
{
	for (size_t i = 0; i < diagnosis_step_count(d) && ev->other_count < EVIDENCE_OTHERS_MAX; i++) {
		const struct step *s = diagnosis_step(d, i);
		if (s->purpose != PURPOSE_OTHER_PTR || !s->about)
			continue;
		struct other_address *o = &ev->others[ev->other_count++];
		snprintf(o->address, sizeof o->address, "%s", s->about);
		o->ptr = step_outcome(s, LDNS_RR_TYPE_PTR);
		o->forward = OUTCOME_MISSING;
		if (o->ptr != OUTCOME_FOUND)
			continue;
		ldns_rr_list *ptrs = step_records(s, LDNS_RR_TYPE_PTR);
		names_rdf_text(ldns_rr_rdf(ldns_rr_list_rr(ptrs, 0), 0), o->ptr_name, sizeof o->ptr_name);
		ldns_rr_list_deep_free(ptrs);
		struct ip_address addr;
		if (names_parse_ip(o->address, &addr) != NAMES_OK)
			continue;
		const struct step *fwd = diagnosis_find(d, PURPOSE_OTHER_FORWARD, o->ptr_name, o->address);
		o->forward = step_outcome(fwd, family_type(addr.family));
		o->confirms = addresses_include(fwd, &addr, NULL, 0);
	}
}

/* reverse_soa - the first SOA read for the reverse name: its own, or one
 * found a label up when the resolver named no zone (plan.h). */
/* reverse_soa - the reverse zone's SOA: from its lookup, or, when that
 * failed DNSSEC validation, from the same question with checking off. */
static const ldns_rr *reverse_soa(const struct diagnosis *d)
{
	for (size_t i = 0; i < diagnosis_step_count(d); i++) {
		const struct step *s = diagnosis_step(d, i);
		if (s->purpose == PURPOSE_REVERSE_SOA && step_soa(s))
			return step_soa(s);
	}
	const struct step *cd = diagnosis_find(d, PURPOSE_CHECKING_DISABLED, NULL, step_purpose_name(PURPOSE_REVERSE_SOA));
	return cd && step_ok(cd) ? step_soa(cd) : NULL;
}

static void gather_zone(const struct diagnosis *d, struct evidence *ev)
{
	const ldns_rr *soa = reverse_soa(d);
	if (!soa)
		return;
	names_rdf_text(ldns_rr_owner(soa), ev->zone, sizeof ev->zone);
	names_rdf_text(ldns_rr_rdf(soa, 0), ev->zone_primary, sizeof ev->zone_primary);
	names_rdf_text(ldns_rr_rdf(soa, 1), ev->zone_rname, sizeof ev->zone_rname);
	const struct step *ns = diagnosis_find(d, PURPOSE_REVERSE_NS, ev->zone, NULL);
	ldns_rr_list *names = ns && ns->packet ? step_records(ns, LDNS_RR_TYPE_NS) : NULL;
	for (size_t i = 0; names && i < ldns_rr_list_rr_count(names) && ev->zone_ns_count < EVIDENCE_OTHERS_MAX; i++)
		names_rdf_text(ldns_rr_rdf(ldns_rr_list_rr(names, i), 0), ev->zone_ns[ev->zone_ns_count++],
			      EVIDENCE_NAME_MAX);
	ldns_rr_list_deep_free(names);
}


/* judge_local_answer - a recursive answer with the AA flag comes from the
 * resolver's own data (Unbound's local-data, dnsmasq, /etc/hosts behind a
 * stub, split horizon), which receivers never see. When the zone's own
 * servers answered otherwise, the PTR is theirs: what the world gets. */
static void judge_local_answer(const struct diagnosis *d, struct evidence *ev)
{
	const struct step *ptr = diagnosis_find(d, PURPOSE_PTR, NULL, NULL);
	const struct step *follow = diagnosis_find(d, PURPOSE_PTR_FOLLOW, NULL, NULL);
	const struct step *step = follow ? follow : ptr;
	if (!step || step->state != STEP_ANSWERED || !step->packet || !ldns_pkt_aa(step->packet))
		return;
	ev->ptr_local = true;
	const struct cache_view *c = &ev->cache;
	snprintf(ev->ptr_local_answer, sizeof ev->ptr_local_answer, "%s", c->compared ? c->resolver : "");
	if (!c->compared || c->current)
		return;
	ev->ptr_from_zone = true;
	ev->ptr = c->authoritative[0] ? OUTCOME_FOUND : OUTCOME_NONE;
	ev->ptr_count = 0;
	ev->target_count = 0;
	char names[AUTHORITY_ANSWERS_MAX];
	snprintf(names, sizeof names, "%s", c->authoritative);
	for (char *save, *name = strtok_r(names, " ", &save); name && ev->target_count < EVIDENCE_TARGETS_MAX;
	     name = strtok_r(NULL, " ", &save)) {
		gather_target(d, name, &ev->targets[ev->target_count++]);
		ev->ptr_count++;
	}
	ev->cache.compared = false; /* not a cache: nothing to wait for */
}

void evidence_gather(const struct diagnosis *d, struct evidence *ev)
{
	/* the authority is a hundred times the rest: each role's is cleared
	 * as it is gathered */
	memset(ev, 0, offsetof(struct evidence, authority));
	gather_ptr(d, ev);
	gather_helo(d, ev);
	gather_others(d, ev);
	gather_zone(d, ev);
	for (int role = 0; role < ZONE_ROLE_COUNT; role++)
		authority_gather(d, (enum zone_role)role, &ev->authority[role]);
	ev->authority_pending = diagnosis_authority_pending(d);
	if (!ev->authority_pending) { /* a partial round compares nothing yet */
		authority_compare_cache(d, &ev->authority[ZONE_REVERSE], &ev->cache);
		judge_local_answer(d, ev);
	}
	for (size_t i = 0; i < diagnosis_step_count(d); i++) {
		const struct step *s = diagnosis_step(d, i);
		if (step_is_authoritative_round(s) || !step_problem(s))
			continue;
		ev->failed_steps++;
		if (step_is_decisive(s, diagnosis_ip(d)->family))
			ev->decisive_failed_steps++;
	}
}
