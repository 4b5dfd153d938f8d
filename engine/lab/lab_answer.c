/* lab_answer - the reply a recursive resolver would give if a scenario's
 * zones were the whole DNS. */
#define _POSIX_C_SOURCE 200809L
#include "lab.h"

#include <stdlib.h>

#include "lab_scenario.h"

#define CNAME_HOPS_MAX 16

static bool at_or_below(const ldns_rdf *name, ldns_rdf *const *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (ldns_dname_compare(name, list[i]) == 0 || ldns_dname_is_subdomain(name, list[i]))
			return true;
	return false;
}

/* zone_soa - the SOA of the closest enclosing zone, or NULL. */
static const ldns_rr *zone_soa(const struct lab_scenario *sc, const ldns_rdf *name)
{
	const ldns_rr *best = NULL;
	for (size_t i = 0; i < ldns_rr_list_rr_count(sc->soas); i++) {
		const ldns_rr *soa = ldns_rr_list_rr(sc->soas, i);
		const ldns_rdf *apex = ldns_rr_owner(soa);
		if (ldns_dname_compare(name, apex) != 0 && !ldns_dname_is_subdomain(name, apex))
			continue;
		if (!best || ldns_dname_label_count(apex) > ldns_dname_label_count(ldns_rr_owner(best)))
			best = soa;
	}
	return best;
}

bool lab_name_exists(const struct lab_scenario *sc, const ldns_rdf *name)
{
	for (size_t i = 0; i < ldns_rr_list_rr_count(sc->records); i++) {
		const ldns_rdf *owner = ldns_rr_owner(ldns_rr_list_rr(sc->records, i));
		if (ldns_dname_compare(owner, name) == 0 || ldns_dname_is_subdomain(owner, name))
			return true;
	}
	return false;
}

static void push_records_at(const struct lab_scenario *sc, ldns_pkt *pkt, const ldns_rdf *name,
			    ldns_rr_type type, bool *found)
{
	*found = false;
	for (size_t i = 0; i < ldns_rr_list_rr_count(sc->records); i++) {
		ldns_rr *rr = ldns_rr_list_rr(sc->records, i);
		if (ldns_rr_get_type(rr) == type && ldns_dname_compare(ldns_rr_owner(rr), name) == 0) {
			if (!ldns_pkt_rr(pkt, LDNS_SECTION_ANSWER, rr)) /* a cut's NS: in parent and child */
				ldns_pkt_push_rr(pkt, LDNS_SECTION_ANSWER, ldns_rr_clone(rr));
			*found = true;
		}
	}
}

static ldns_pkt *reply_new(const ldns_rdf *qname, ldns_rr_type qtype, uint16_t id)
{
	ldns_pkt *pkt = ldns_pkt_query_new(ldns_rdf_clone(qname), qtype, LDNS_RR_CLASS_IN, LDNS_RD);
	if (!pkt)
		return NULL;
	ldns_pkt_set_id(pkt, id);
	ldns_pkt_set_qr(pkt, true);
	ldns_pkt_set_ra(pkt, true);
	return pkt;
}

/* cname_target - the target of the answer section's CNAME at owner. */
static const ldns_rdf *cname_target(const ldns_pkt *pkt, const ldns_rdf *owner)
{
	const ldns_rr_list *answer = ldns_pkt_answer(pkt);
	for (size_t i = 0; i < ldns_rr_list_rr_count(answer); i++) {
		const ldns_rr *rr = ldns_rr_list_rr(answer, i);
		if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_CNAME && ldns_dname_compare(ldns_rr_owner(rr), owner) == 0)
			return ldns_rr_rdf(rr, 0);
	}
	return owner; /* not reached: the caller has just pushed it */
}

/* answer_cached - what the resolver still holds, with the time left as
 * its TTL (the SOA's, for a cached "no"), as a cache answers. */
static ldns_pkt_rcode answer_cached(ldns_pkt *pkt, const struct lab_cache_entry *c, const ldns_rr *soa)
{
	if (!c->nxdomain) {
		for (size_t i = 0; i < ldns_rr_list_rr_count(c->records); i++)
			ldns_pkt_push_rr(pkt, LDNS_SECTION_ANSWER, ldns_rr_clone(ldns_rr_list_rr(c->records, i)));
		return LDNS_RCODE_NOERROR;
	}
	ldns_rr *negative = soa ? ldns_rr_clone(soa) : NULL;
	if (negative) {
		ldns_rr_set_ttl(negative, c->ttl_left);
		ldns_pkt_push_rr(pkt, LDNS_SECTION_AUTHORITY, negative);
	}
	return LDNS_RCODE_NXDOMAIN;
}

/* answer_name - resolve `name`, following CNAMEs into pkt. Returns the
 * rcode; a CNAME loop or an over-long chain is a SERVFAIL, as unbound
 * answers it. */
static ldns_pkt_rcode answer_name(const struct lab_scenario *sc, ldns_pkt *pkt,
				  const ldns_rdf *qname, ldns_rr_type qtype)
{
	const ldns_rdf *name = qname;
	for (int hop = 0; hop <= CNAME_HOPS_MAX; hop++) {
		if (at_or_below(name, sc->servfail, sc->servfail_count))
			return LDNS_RCODE_SERVFAIL;
		const ldns_rr *soa = zone_soa(sc, name);
		const struct lab_cache_entry *cached = lab_cache_find(sc, name, qtype);
		if (cached)
			return answer_cached(pkt, cached, soa);
		if (!soa)
			return LDNS_RCODE_NXDOMAIN;
		bool found;
		push_records_at(sc, pkt, name, qtype, &found);
		if (found)
			return LDNS_RCODE_NOERROR;
		if (qtype != LDNS_RR_TYPE_CNAME) {
			push_records_at(sc, pkt, name, LDNS_RR_TYPE_CNAME, &found);
			if (found) { /* a loop's CNAME is in the answer once: find it by owner */
				name = cname_target(pkt, name);
				continue;
			}
		}
		ldns_pkt_push_rr(pkt, LDNS_SECTION_AUTHORITY, ldns_rr_clone(soa));
		return lab_name_exists(sc, name) ? LDNS_RCODE_NOERROR : LDNS_RCODE_NXDOMAIN;
	}
	return LDNS_RCODE_SERVFAIL;
}

/* bogus_reply - the SERVFAIL a validating resolver gives for a name of a
 * zone whose DNSSEC fails, with its Extended DNS Error (RFC 8914); NULL
 * when the name is in no such zone. */
static ldns_pkt *bogus_reply(const struct lab_scenario *sc, const ldns_rdf *qname, ldns_rr_type qtype, uint16_t id)
{
	for (size_t i = 0; i < sc->bogus_count; i++) {
		if (!at_or_below(qname, &sc->bogus[i], 1))
			continue;
		ldns_pkt *pkt = reply_new(qname, qtype, id);
		uint8_t *data = malloc(2);
		ldns_edns_option_list *options = ldns_edns_option_list_new();
		ldns_edns_option *ede = data ? ldns_edns_new(LDNS_EDNS_EDE, 2, data) : NULL;
		if (!pkt || !options || !ede || !ldns_edns_option_list_push(options, ede)) {
			ldns_edns_deep_free(ede);
			if (!ede)
				free(data);
			ldns_edns_option_list_deep_free(options);
			return pkt;
		}
		data[0] = (uint8_t)(sc->bogus_ede[i] >> 8);
		data[1] = (uint8_t)sc->bogus_ede[i];
		ldns_pkt_set_rcode(pkt, LDNS_RCODE_SERVFAIL);
		ldns_pkt_set_edns_udp_size(pkt, 1232);
		ldns_pkt_set_edns_option_list(pkt, options);
		return pkt;
	}
	return NULL;
}

enum lab_fault lab_answer(const struct lab_scenario *sc, const ldns_rdf *qname, ldns_rr_type qtype,
			  uint16_t id, ldns_pkt **reply)
{
	return lab_answer_checked(sc, qname, qtype, id, false, reply);
}

enum lab_fault lab_answer_checked(const struct lab_scenario *sc, const ldns_rdf *qname, ldns_rr_type qtype,
				  uint16_t id, bool checking_disabled, ldns_pkt **reply)
{
	*reply = NULL;
	if (at_or_below(qname, sc->timeout, sc->timeout_count))
		return LAB_TIMEOUT;
	if (!checking_disabled && (*reply = bogus_reply(sc, qname, qtype, id)) != NULL)
		return LAB_SERVFAIL;
	ldns_pkt *pkt = reply_new(qname, qtype, id);
	if (!pkt)
		return LAB_SERVFAIL;
	ldns_pkt_rcode rcode = answer_name(sc, pkt, qname, qtype);
	if (rcode == LDNS_RCODE_SERVFAIL) {
		ldns_pkt_free(pkt);
		pkt = reply_new(qname, qtype, id);
	}
	if (pkt)
		ldns_pkt_set_rcode(pkt, (uint8_t)rcode);
	*reply = pkt;
	return rcode == LDNS_RCODE_SERVFAIL ? LAB_SERVFAIL : LAB_ANSWER;
}
