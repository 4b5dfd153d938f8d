/* plan - which questions a check asks, and which each answer leads to. */
#define _POSIX_C_SOURCE 200809L
#include "plan.h"
#include "util/names.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

void plan_init(struct plan *plan)
{
	memset(plan, 0, sizeof *plan);
}

static void question_free(struct plan_question *q)
{
	free(q->qname);
	free(q->about);
	free(q->subject);
	free(q->target);
	free(q->target_name);
}

void plan_free(struct plan *plan)
{
	for (size_t i = 0; i < plan->count; i++)
		question_free(&plan->questions[i]);
	free(plan->questions);
	plan_init(plan);
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* plan_add_question - store a copy of q's strings. */
static void plan_add_question(struct plan *plan, const struct plan_question *q)
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
	struct plan_question copy = {q->purpose, dup_or_null(q->qname), q->type, dup_or_null(q->about),
				     dup_or_null(q->subject), dup_or_null(q->target), dup_or_null(q->target_name),
				     q->round};
	if (!copy.qname || (q->about && !copy.about) || (q->subject && !copy.subject) ||
	    (q->target && !copy.target) || (q->target_name && !copy.target_name)) {
		question_free(&copy);
		plan->out_of_memory = true;
		return;
	}
	plan->questions[plan->count++] = copy;
}

static void plan_add(struct plan *plan, enum step_purpose purpose, const char *qname, ldns_rr_type type,
		     const char *about, int round)
{
	struct plan_question q = {purpose, (char *)qname, type, (char *)about, NULL, NULL, NULL, round};
	plan_add_question(plan, &q);
}

static void plan_ptr_targets(const struct step *step, struct plan *out)
{
	ldns_rr_list *ptrs = step_records(step, LDNS_RR_TYPE_PTR);
	size_t n = ldns_rr_list_rr_count(ptrs);
	for (size_t i = 0; i < n && i < PLAN_TARGETS_MAX; i++) {
		char *target = names_rdf_string(ldns_rr_rdf(ldns_rr_list_rr(ptrs, i), 0));
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
		char *target = names_rdf_string(ldns_rr_rdf(ldns_rr_list_rr(chain, links - 1), 0));
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
		zone = names_rdf_string(ldns_rr_owner(ldns_rr_list_rr(soa, 0)));
	ldns_rr_list_deep_free(soa);
	ldns_rr_list *auth = ldns_pkt_authority(step->packet);
	for (size_t i = 0; !zone && i < ldns_rr_list_rr_count(auth); i++)
		if (ldns_rr_get_type(ldns_rr_list_rr(auth, i)) == LDNS_RR_TYPE_SOA)
			zone = names_rdf_string(ldns_rr_owner(ldns_rr_list_rr(auth, i)));
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
		char *addr = names_rdf_string(ldns_rr_rdf(ldns_rr_list_rr(addrs, i), 0));
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
		char *target = names_rdf_string(ldns_rr_rdf(ldns_rr_list_rr(ptrs, i), 0));
		if (target)
			plan_add(out, PURPOSE_OTHER_FORWARD, target, other_family_type(family), step->about,
				 step->round + 1);
		free(target);
	}
	ldns_rr_list_deep_free(ptrs);
}

/* subject_in_zone - the name whose records a zone's servers hold: the end
 * of the answer's CNAME chain when it lies in the zone (an RFC 2317
 * child), else the question name, fully qualified. Owned, NULL on no memory. */
static char *subject_in_zone(const struct step *step, const char *zone)
{
	ldns_rr_list *chain = step_cname_chain(step);
	size_t links = ldns_rr_list_rr_count(chain);
	char *subject = NULL;
	if (links > 0) {
		subject = names_rdf_string(ldns_rr_rdf(ldns_rr_list_rr(chain, links - 1), 0));
		if (subject && !names_in_zone(subject, zone)) {
			free(subject);
			subject = NULL;
		}
	}
	ldns_rr_list_deep_free(chain);
	if (subject)
		return subject;
	/* fully qualified, so the same name asked for the HELO and for the
	 * PTR is one question whichever lands first */
	ldns_rdf *name = ldns_dname_new_frm_str(step->qname);
	subject = names_rdf_string(name);
	ldns_rdf_deep_free(name);
	return subject;
}

/* plan_zone_ns - the NS of the zone an SOA answer names, carrying the
 * subject to ask its servers about (the name the walk up started from). */
static void plan_zone_ns(const struct step *step, enum step_purpose purpose, struct plan *out)
{
	char *zone = zone_of_soa_step(step);
	char *subject = !zone ? NULL : step->subject ? strdup(step->subject) : subject_in_zone(step, zone);
	if (zone && subject) {
		struct plan_question q = {purpose, zone, LDNS_RR_TYPE_NS, NULL, subject, NULL, NULL, step->round + 1};
		plan_add_question(out, &q);
	}
	free(zone);
	free(subject);
}

/* plan_reverse_soa_up - an SOA answer for the reverse name that names no
 * zone at all (a resolver serving that one name from its own data, as
 * Unbound's local-data does) is asked again one label up, until a zone is
 * named: the zone the world asks. The subject stays the reverse name. */
static void plan_reverse_soa_up(const struct step *step, struct plan *out)
{
	char *zone = zone_of_soa_step(step);
	/* only a NOERROR answer without any SOA: a failure names no zone either */
	bool nameless = !zone && step->rcode == LDNS_RCODE_NOERROR;
	ldns_rdf *name = nameless ? ldns_dname_new_frm_str(step->qname) : NULL;
	ldns_rdf *parent = name && ldns_dname_label_count(name) > 3 ? ldns_dname_left_chop(name) : NULL;
	char *up = parent ? names_rdf_string(parent) : NULL;
	char *subject = up ? names_rdf_string(name) : NULL;
	if (up && subject) {
		struct plan_question q = {PURPOSE_REVERSE_SOA, up, LDNS_RR_TYPE_SOA, NULL,
					  step->subject ? step->subject : subject, NULL, NULL, step->round + 1};
		plan_add_question(out, &q);
	}
	free(zone);
	free(up);
	free(subject);
	ldns_rdf_deep_free(parent);
	ldns_rdf_deep_free(name);
}

/* plan_ns_addresses - A and AAAA of each of the zone's name servers. */
static void plan_ns_addresses(const struct step *step, struct plan *out)
{
	ldns_rr_list *ns = step_records(step, LDNS_RR_TYPE_NS);
	for (size_t i = 0; i < ldns_rr_list_rr_count(ns) && i < PLAN_NS_MAX; i++) {
		char *name = names_rdf_string(ldns_rr_rdf(ldns_rr_list_rr(ns, i), 0));
		/* localhost.: a zone the resolver serves itself (AS112) */
		for (int k = 0; name && !names_equal(name, "localhost.") && k < 2; k++) {
			ldns_rr_type type = k == 0 ? LDNS_RR_TYPE_A : LDNS_RR_TYPE_AAAA;
			struct plan_question q = {PURPOSE_NS_ADDRESS, name, type, step->qname, step->subject, NULL,
						  NULL, step->round + 1};
			plan_add_question(out, &q);
		}
		free(name);
	}
	ldns_rr_list_deep_free(ns);
}

/* plan_server_questions - at each address of a name server, directly:
 * the zone's SOA (its serial) and the subject's records. */
static void plan_server_questions(const struct step *step, struct plan *out)
{
	if (!step->about || !step->subject)
		return;
	bool reverse = names_ends_with(step->subject, ".arpa.") || names_ends_with(step->subject, ".arpa");
	ldns_rr_list *addrs = step_records(step, step->qtype);
	for (size_t i = 0; i < ldns_rr_list_rr_count(addrs) && i < PLAN_NS_ADDRESSES_MAX; i++) {
		char *addr = names_rdf_string(ldns_rr_rdf(ldns_rr_list_rr(addrs, i), 0));
		if (!addr)
			continue;
		struct plan_question q = {PURPOSE_AUTH_SOA, step->about, LDNS_RR_TYPE_SOA, step->about, NULL, addr,
					  step->qname, step->round + 1};
		plan_add_question(out, &q);
		q.purpose = PURPOSE_AUTH_ANSWER;
		q.qname = step->subject;
		q.type = reverse ? LDNS_RR_TYPE_PTR : LDNS_RR_TYPE_A;
		plan_add_question(out, &q);
		if (!reverse) {
			q.type = LDNS_RR_TYPE_AAAA;
			plan_add_question(out, &q);
		}
		free(addr);
	}
	ldns_rr_list_deep_free(addrs);
}

/* plan_ptr_name_zone - the zone of the first PTR name, whose servers are
 * asked for its addresses: its SOA names the zone; the NS of the name's
 * parent is asked at once too, since the parent is the zone most of the
 * time (mail.example.com in example.com), which saves the SOA's round trip
 * (the same NS question then planned from the SOA is the same step). */
static void plan_ptr_name_zone(const struct step *step, struct plan *out)
{
	ldns_rr_list *ptrs = step_records(step, LDNS_RR_TYPE_PTR);
	if (ldns_rr_list_rr_count(ptrs) > 0) {
		ldns_rdf *name = ldns_rr_rdf(ldns_rr_list_rr(ptrs, 0), 0);
		char *target = names_rdf_string(name);
		ldns_rdf *parent = ldns_dname_label_count(name) > 2 ? ldns_dname_left_chop(name) : NULL;
		char *zone = parent ? names_rdf_string(parent) : NULL;
		if (target)
			plan_add(out, PURPOSE_ZONE_SOA, target, LDNS_RR_TYPE_SOA, NULL, step->round + 1);
		if (target && zone) {
			struct plan_question q = {PURPOSE_ZONE_NS, zone, LDNS_RR_TYPE_NS, NULL, target, NULL, NULL,
						  step->round + 1};
			plan_add_question(out, &q);
		}
		free(target);
		free(zone);
		ldns_rdf_deep_free(parent);
	}
	ldns_rr_list_deep_free(ptrs);
}

/* plan_authority_after - the authoritative round's share of an answer. */
static void plan_authority_after(const struct step *step, struct plan *out)
{
	switch (step->purpose) {
	case PURPOSE_PTR:
	case PURPOSE_PTR_FOLLOW:
		plan_ptr_name_zone(step, out);
		break;
	case PURPOSE_ZONE_SOA:
		plan_zone_ns(step, PURPOSE_ZONE_NS, out);
		break;
	case PURPOSE_REVERSE_NS:
	case PURPOSE_ZONE_NS:
		plan_ns_addresses(step, out);
		break;
	case PURPOSE_NS_ADDRESS:
		plan_server_questions(step, out);
		break;
	default:
		break;
	}
}

/* plan_checking_disabled - a resolver's SERVFAIL on a lookup the verdict
 * reads, asked again with DNSSEC checking off. */
static void plan_checking_disabled(const struct step *step, struct plan *out)
{
	switch (step->purpose) {
	case PURPOSE_PTR:
	case PURPOSE_PTR_FOLLOW:
	case PURPOSE_REVERSE_SOA: /* with checking off it still names the zone and its operator */
	case PURPOSE_TARGET_A:
	case PURPOSE_TARGET_AAAA:
	case PURPOSE_HELO_A:
	case PURPOSE_HELO_AAAA:
		break;
	default:
		return;
	}
	if (!step->target && step->rcode == LDNS_RCODE_SERVFAIL)
		plan_add(out, PURPOSE_CHECKING_DISABLED, step->qname, step->qtype, step_purpose_name(step->purpose),
			 step->round + 1);
}

void plan_after(const struct step *step, int family, bool authority, struct plan *out)
{
	if (step->state != STEP_ANSWERED || !step->packet)
		return;
	plan_checking_disabled(step, out);
	if (authority)
		plan_authority_after(step, out);
	switch (step->purpose) {
	case PURPOSE_PTR:
	case PURPOSE_PTR_FOLLOW:
		plan_ptr_targets(step, out);
		break;
	case PURPOSE_REVERSE_SOA:
		plan_zone_ns(step, PURPOSE_REVERSE_NS, out);
		plan_reverse_soa_up(step, out);
		break;
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

void plan_helo(const char *helo, bool authority, struct plan *out)
{
	if (helo && helo_is_queried(helo)) {
		plan_add(out, PURPOSE_HELO_A, helo, LDNS_RR_TYPE_A, NULL, 1);
		plan_add(out, PURPOSE_HELO_AAAA, helo, LDNS_RR_TYPE_AAAA, NULL, 1);
		plan_add(out, PURPOSE_HELO_MX, helo, LDNS_RR_TYPE_MX, NULL, 1);
		plan_add(out, PURPOSE_HELO_TXT, helo, LDNS_RR_TYPE_TXT, NULL, 1);
		if (authority && names_helo_kind(helo, NULL) == HELO_FQDN)
			plan_add(out, PURPOSE_ZONE_SOA, helo, LDNS_RR_TYPE_SOA, NULL, 1);
	}
}

void plan_first_round(const char *reverse, const char *helo, bool authority, struct plan *out)
{
	plan_add(out, PURPOSE_PTR, reverse, LDNS_RR_TYPE_PTR, NULL, 1);
	plan_add(out, PURPOSE_REVERSE_SOA, reverse, LDNS_RR_TYPE_SOA, NULL, 1);
	plan_helo(helo, authority, out);
}
