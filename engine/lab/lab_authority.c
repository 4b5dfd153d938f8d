/* lab_authority - the reply a scenario's authoritative server gives,
 * asked with recursion off: what NSD would send from the same zones. */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "lab.h"
#include "lab_scenario.h"

static bool at_or_below(const ldns_rdf *name, const ldns_rdf *zone)
{
	return ldns_dname_compare(name, zone) == 0 || ldns_dname_is_subdomain(name, zone);
}

static const struct lab_server *server_by_address(const struct lab_scenario *sc, const char *address)
{
	for (size_t i = 0; i < sc->server_count; i++)
		if (strcmp(sc->servers[i].address, address) == 0)
			return &sc->servers[i];
	return NULL;
}

/* served_zone - the deepest of the server's zones that holds qname. */
static const ldns_rdf *served_zone(const struct lab_server *s, const ldns_rdf *qname)
{
	const ldns_rdf *best = NULL;
	for (size_t i = 0; i < s->zone_count; i++)
		if (at_or_below(qname, s->zones[i]) &&
		    (!best || ldns_dname_label_count(s->zones[i]) > ldns_dname_label_count(best)))
			best = s->zones[i];
	return best;
}

/* push_served - the records of owner and type as this server serves them:
 * its own `differs` version when it has one. */
static bool push_served(const struct lab_scenario *sc, const struct lab_server *s, ldns_pkt *pkt,
			ldns_pkt_section section, const ldns_rdf *owner, ldns_rr_type type)
{
	const ldns_rr_list *lists[] = {s->differs, sc->records};
	for (size_t k = 0; k < 2; k++) {
		bool found = false;
		for (size_t i = 0; lists[k] && i < ldns_rr_list_rr_count(lists[k]); i++) {
			const ldns_rr *rr = ldns_rr_list_rr(lists[k], i);
			if (ldns_rr_get_type(rr) != type || ldns_dname_compare(ldns_rr_owner(rr), owner) != 0)
				continue;
			found = true;
			/* A cut's NS RRset is written in the parent and the child alike. */
			if (!ldns_pkt_rr(pkt, section, rr))
				ldns_pkt_push_rr(pkt, section, ldns_rr_clone(rr));
		}
		if (found)
			return true;
	}
	return false;
}

/* delegation - the zone cut closest to zone on the way down to qname:
 * an NS RRset below the apex, at or above qname; NULL when none. */
static const ldns_rdf *delegation(const struct lab_scenario *sc, const ldns_rdf *zone, const ldns_rdf *qname)
{
	const ldns_rdf *cut = NULL;
	for (size_t i = 0; i < ldns_rr_list_rr_count(sc->records); i++) {
		const ldns_rr *rr = ldns_rr_list_rr(sc->records, i);
		const ldns_rdf *owner = ldns_rr_owner(rr);
		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_NS || ldns_dname_compare(owner, zone) == 0 ||
		    !ldns_dname_is_subdomain(owner, zone) || !at_or_below(qname, owner))
			continue;
		if (!cut || ldns_dname_label_count(owner) < ldns_dname_label_count(cut))
			cut = owner;
	}
	return cut;
}

/* referral - NS of the cut in authority, glue for name servers under zone. */
static void referral(const struct lab_scenario *sc, const struct lab_server *s, ldns_pkt *pkt,
		     const ldns_rdf *zone, const ldns_rdf *cut)
{
	push_served(sc, s, pkt, LDNS_SECTION_AUTHORITY, cut, LDNS_RR_TYPE_NS);
	const ldns_rr_list *ns = ldns_pkt_authority(pkt);
	for (size_t i = 0; i < ldns_rr_list_rr_count(ns); i++) {
		const ldns_rdf *target = ldns_rr_rdf(ldns_rr_list_rr(ns, i), 0);
		if (!at_or_below(target, zone))
			continue; /* out of bailiwick: a server sends no glue for it */
		push_served(sc, s, pkt, LDNS_SECTION_ADDITIONAL, target, LDNS_RR_TYPE_A);
		push_served(sc, s, pkt, LDNS_SECTION_ADDITIONAL, target, LDNS_RR_TYPE_AAAA);
	}
}

static ldns_pkt *reply_new(const ldns_rdf *qname, ldns_rr_type qtype, uint16_t id)
{
	ldns_pkt *pkt = ldns_pkt_query_new(ldns_rdf_clone(qname), qtype, LDNS_RR_CLASS_IN, 0);
	if (pkt) {
		ldns_pkt_set_id(pkt, id);
		ldns_pkt_set_qr(pkt, true);
	}
	return pkt;
}

enum lab_fault lab_answer_server(const struct lab_scenario *sc, const char *address, const ldns_rdf *qname,
				 ldns_rr_type qtype, uint16_t id, ldns_pkt **reply)
{
	*reply = NULL;
	const struct lab_server *s = server_by_address(sc, address);
	if (!s)
		return LAB_TIMEOUT; /* nothing answers at that address */
	ldns_pkt *pkt = reply_new(qname, qtype, id);
	if (!pkt)
		return LAB_SERVFAIL;
	*reply = pkt;
	const ldns_rdf *zone = served_zone(s, qname);
	const ldns_rdf *cut = zone ? delegation(sc, zone, qname) : NULL;
	if (!zone) {
		ldns_pkt_set_rcode(pkt, LDNS_RCODE_REFUSED);
	} else if (cut) {
		referral(sc, s, pkt, zone, cut);
	} else {
		ldns_pkt_set_aa(pkt, true);
		if (!push_served(sc, s, pkt, LDNS_SECTION_ANSWER, qname, qtype) &&
		    !push_served(sc, s, pkt, LDNS_SECTION_ANSWER, qname, LDNS_RR_TYPE_CNAME)) {
			push_served(sc, s, pkt, LDNS_SECTION_AUTHORITY, zone, LDNS_RR_TYPE_SOA);
			if (!lab_name_exists(sc, qname))
				ldns_pkt_set_rcode(pkt, LDNS_RCODE_NXDOMAIN);
		}
	}
	return LAB_ANSWER;
}
