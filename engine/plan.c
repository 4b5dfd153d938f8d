/* plan - which questions a check asks, and which each answer leads to. */
#define _POSIX_C_SOURCE 200809L
#include "plan.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

void plan_init(struct plan *plan)
{
	memset(plan, 0, sizeof *plan);
}

void plan_free(struct plan *plan)
{
	for (size_t i = 0; i < plan->count; i++) {
		free(plan->questions[i].qname);
		free(plan->questions[i].about);
	}
	free(plan->questions);
	plan_init(plan);
}

static void plan_add(struct plan *plan, enum step_purpose purpose, const char *qname, ldns_rr_type type,
		     const char *about, int round)
{
	if (plan->count == plan->cap) {
		size_t cap = plan->cap ? plan->cap * 2 : 8;
		struct plan_question *grown = realloc(plan->questions, cap * sizeof *grown);
		if (!grown) {
			plan->out_of_memory = true;
			return;
		}
		plan->questions = grown;
		plan->cap = cap;
	}
	struct plan_question q = {purpose, strdup(qname), type, about ? strdup(about) : NULL, round};
	if (!q.qname || (about && !q.about)) {
		free(q.qname);
		free(q.about);
		plan->out_of_memory = true;
		return;
	}
	plan->questions[plan->count++] = q;
}

static char *rdf_text(const ldns_rdf *rdf)
{
	return rdf ? ldns_rdf2str(rdf) : NULL;
}

static void plan_ptr_targets(const struct step *step, struct plan *out)
{
	ldns_rr_list *ptrs = step_records(step, LDNS_RR_TYPE_PTR);
	size_t n = ldns_rr_list_rr_count(ptrs);
	for (size_t i = 0; i < n && i < PLAN_TARGETS_MAX; i++) {
		char *target = rdf_text(ldns_rr_rdf(ldns_rr_list_rr(ptrs, i), 0));
		if (target) {
			plan_add(out, PURPOSE_TARGET_A, target, LDNS_RR_TYPE_A, NULL, step->round + 1);
			plan_add(out, PURPOSE_TARGET_AAAA, target, LDNS_RR_TYPE_AAAA, NULL, step->round + 1);
		}
		free(target);
	}
	ldns_rr_list_deep_free(ptrs);
	/* A CNAME the resolver did not chase (RFC 2317 child not answered in
	 * the same reply): ask its target ourselves, once; a followed name
	 * that is a CNAME again is not followed further (a chain of them
	 * would have no end). */
	ldns_rr_list *chain = step_cname_chain(step);
	size_t links = ldns_rr_list_rr_count(chain);
	if (n == 0 && links > 0 && step->purpose == PURPOSE_PTR && step->rcode == LDNS_RCODE_NOERROR && !step_has_cname_loop(step) &&
	    ldns_rr_list_rr_count(ldns_pkt_authority(step->packet)) == 0) {
		char *target = rdf_text(ldns_rr_rdf(ldns_rr_list_rr(chain, links - 1), 0));
		if (target)
			plan_add(out, PURPOSE_PTR_FOLLOW, target, LDNS_RR_TYPE_PTR, NULL, step->round + 1);
		free(target);
	}
	ldns_rr_list_deep_free(chain);
}

/* zone_of_soa_step - the zone named by an SOA answer or authority. Owned. */
static char *zone_of_soa_step(const struct step *step)
{
	ldns_rr_list *soa = step_records(step, LDNS_RR_TYPE_SOA);
	char *zone = NULL;
	if (ldns_rr_list_rr_count(soa) > 0)
		zone = rdf_text(ldns_rr_owner(ldns_rr_list_rr(soa, 0)));
	ldns_rr_list_deep_free(soa);
	ldns_rr_list *auth = ldns_pkt_authority(step->packet);
	for (size_t i = 0; !zone && i < ldns_rr_list_rr_count(auth); i++)
		if (ldns_rr_get_type(ldns_rr_list_rr(auth, i)) == LDNS_RR_TYPE_SOA)
			zone = rdf_text(ldns_rr_owner(ldns_rr_list_rr(auth, i)));
	return zone;
}

static ldns_rr_type other_family_type(int family)
{
	return family == AF_INET ? LDNS_RR_TYPE_AAAA : LDNS_RR_TYPE_A;
}

/* plan_other_family - addresses of the other family found for the HELO or
 * PTR name: the server may send from them too, so each gets its own PTR. */
static void plan_other_family(const struct step *step, int family, struct plan *out)
{
	ldns_rr_type want = other_family_type(family);
	if (step->qtype != want)
		return;
	ldns_rr_list *addrs = step_records(step, want);
	for (size_t i = 0; i < ldns_rr_list_rr_count(addrs); i++) {
		char *addr = rdf_text(ldns_rr_rdf(ldns_rr_list_rr(addrs, i), 0));
		struct ip_address ip;
		char reverse[80];
		if (addr && names_parse_ip(addr, &ip) == NAMES_OK && names_reverse(&ip, reverse, sizeof reverse))
			plan_add(out, PURPOSE_OTHER_PTR, reverse, LDNS_RR_TYPE_PTR, ip.text, step->round + 1);
		free(addr);
	}
	ldns_rr_list_deep_free(addrs);
}

static void plan_other_forward(const struct step *step, int family, struct plan *out)
{
	ldns_rr_list *ptrs = step_records(step, LDNS_RR_TYPE_PTR);
	for (size_t i = 0; i < ldns_rr_list_rr_count(ptrs) && i < PLAN_TARGETS_MAX; i++) {
		char *target = rdf_text(ldns_rr_rdf(ldns_rr_list_rr(ptrs, i), 0));
		if (target)
			plan_add(out, PURPOSE_OTHER_FORWARD, target, other_family_type(family), step->about,
				 step->round + 1);
		free(target);
	}
	ldns_rr_list_deep_free(ptrs);
}

void plan_after(const struct step *step, int family, struct plan *out)
{
	if (step->state != STEP_ANSWERED || !step->packet)
		return;
	switch (step->purpose) {
	case PURPOSE_PTR:
	case PURPOSE_PTR_FOLLOW:
		plan_ptr_targets(step, out);
		break;
	case PURPOSE_REVERSE_SOA: {
		char *zone = zone_of_soa_step(step);
		if (zone)
			plan_add(out, PURPOSE_REVERSE_NS, zone, LDNS_RR_TYPE_NS, NULL, step->round + 1);
		free(zone);
		break;
	}
	case PURPOSE_TARGET_A:
	case PURPOSE_TARGET_AAAA:
	case PURPOSE_HELO_A:
	case PURPOSE_HELO_AAAA:
		plan_other_family(step, family, out);
		break;
	case PURPOSE_OTHER_PTR:
		plan_other_forward(step, family, out);
		break;
	default:
		break;
	}
}

/* helo_is_queried - a HELO name worth asking DNS about: not an address
 * literal or bare address, and a name DNS can carry. */
static bool helo_is_queried(const char *helo)
{
	enum helo_kind kind = names_helo_kind(helo, NULL);
	if (kind == HELO_EMPTY || kind == HELO_ADDRESS_LITERAL || kind == HELO_BAD_LITERAL ||
	    kind == HELO_BARE_ADDRESS)
		return false;
	ldns_rdf *name = ldns_dname_new_frm_str(helo);
	bool ok = name != NULL && strstr(helo, "..") == NULL && helo[0] != '.';
	ldns_rdf_deep_free(name);
	return ok;
}

void plan_helo(const char *helo, struct plan *out)
{
	if (helo && helo_is_queried(helo)) {
		plan_add(out, PURPOSE_HELO_A, helo, LDNS_RR_TYPE_A, NULL, 1);
		plan_add(out, PURPOSE_HELO_AAAA, helo, LDNS_RR_TYPE_AAAA, NULL, 1);
		plan_add(out, PURPOSE_HELO_MX, helo, LDNS_RR_TYPE_MX, NULL, 1);
	}
}

void plan_first_round(const char *reverse, const char *helo, struct plan *out)
{
	plan_add(out, PURPOSE_PTR, reverse, LDNS_RR_TYPE_PTR, NULL, 1);
	plan_add(out, PURPOSE_REVERSE_SOA, reverse, LDNS_RR_TYPE_SOA, NULL, 1);
	plan_helo(helo, out);
}
