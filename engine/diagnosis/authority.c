/* authority - what a zone's own servers say, and what the resolver still holds. */
#define _POSIX_C_SOURCE 200809L
#include "authority.h"

#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "dns/backend.h"


static void copy_text(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

/* records_text - the data of the step's records of its own type, sorted,
 * appended to buf; *ttl gets the smallest TTL. Returns how many. */
static size_t records_text(const struct step *step, char *buf, size_t size, uint32_t *ttl)
{
	ldns_rr_list *rrs = step_records(step, step->qtype);
	for (size_t i = 0; ttl && i < ldns_rr_list_rr_count(rrs); i++)
		if (i == 0 || ldns_rr_ttl(ldns_rr_list_rr(rrs, i)) < *ttl)
			*ttl = ldns_rr_ttl(ldns_rr_list_rr(rrs, i));
	size_t n = names_records_text(rrs, buf, size);
	ldns_rr_list_deep_free(rrs);
	return n;
}

/* soa_of - the step's SOA when it has all seven fields (serial, minimum). */
static const ldns_rr *soa_of(const struct step *step)
{
	const ldns_rr *soa = step_soa(step);
	return soa && ldns_rr_rd_count(soa) == 7 ? soa : NULL;
}

/* find - the step of this purpose about zone (and for this server, and of
 * this qname and type, when given). */
static const struct step *find(const struct diagnosis *d, enum step_purpose purpose, const char *qname,
			       ldns_rr_type type, const char *zone, const char *target)
{
	for (size_t i = 0; i < diagnosis_step_count(d); i++) {
		const struct step *s = diagnosis_step(d, i);
		if (s->purpose != purpose || (type && s->qtype != type) || (qname && !names_equal(s->qname, qname)))
			continue;
		if (zone && !(s->about && names_equal(s->about, zone)))
			continue;
		if (target && !(s->target && strcmp(s->target, target) == 0))
			continue;
		return s;
	}
	return NULL;
}

/* first_ptr_name - the first PTR name the resolver gave, or "". */
static void first_ptr_name(const struct diagnosis *d, char *buf, size_t size)
{
	buf[0] = '\0';
	const struct step *steps[] = {find(d, PURPOSE_PTR, NULL, 0, NULL, NULL),
				      find(d, PURPOSE_PTR_FOLLOW, NULL, 0, NULL, NULL)};
	for (size_t k = 0; k < 2 && !buf[0]; k++) {
		if (!steps[k] || steps[k]->state != STEP_ANSWERED)
			continue;
		ldns_rr_list *ptrs = step_records(steps[k], LDNS_RR_TYPE_PTR);
		if (ldns_rr_list_rr_count(ptrs) > 0)
			names_rdf_text(ldns_rr_rdf(ldns_rr_list_rr(ptrs, 0), 0), buf, size);
		ldns_rr_list_deep_free(ptrs);
	}
}

/* zone_named_by - the zone an SOA step names, or "". */
static void zone_named_by(const struct step *soa_step, char *buf, size_t size)
{
	const ldns_rr *soa = soa_of(soa_step);
	buf[0] = '\0';
	if (soa)
		names_rdf_text(ldns_rr_owner(soa), buf, size);
}

/* ns_step_for - the NS step of zone asked for subject, else any of zone. */
static const struct step *ns_step_for(const struct diagnosis *d, const char *zone, const char *subject)
{
	const struct step *any = NULL;
	for (size_t i = 0; i < diagnosis_step_count(d); i++) {
		const struct step *s = diagnosis_step(d, i);
		if (s->purpose != PURPOSE_ZONE_NS || !names_equal(s->qname, zone))
			continue;
		if (s->subject && names_equal(s->subject, subject))
			return s;
		any = any ? any : s;
	}
	return any;
}

/* ns_step_of_role - the NS step of the role's zone, or NULL. */
static const struct step *ns_step_of_role(const struct diagnosis *d, enum zone_role role)
{
	char name[AUTHORITY_NAME_MAX], zone[AUTHORITY_NAME_MAX], forward[AUTHORITY_NAME_MAX];
	if (role == ZONE_REVERSE)
		return find(d, PURPOSE_REVERSE_NS, NULL, 0, NULL, NULL);
	first_ptr_name(d, name, sizeof name);
	zone_named_by(name[0] ? find(d, PURPOSE_ZONE_SOA, name, 0, NULL, NULL) : NULL, forward, sizeof forward);
	if (role == ZONE_FORWARD)
		return forward[0] ? ns_step_for(d, forward, name) : NULL;
	const char *helo = diagnosis_helo(d);
	zone_named_by(helo ? find(d, PURPOSE_ZONE_SOA, helo, 0, NULL, NULL) : NULL, zone, sizeof zone);
	if (!zone[0] || (forward[0] && names_equal(zone, forward)))
		return NULL;
	return ns_step_for(d, zone, helo);
}

static enum server_health health_of(const struct step *step)
{
	if (!step || step->state == STEP_FAILED || step->state == STEP_CANCELLED)
		return SERVER_UNREACHABLE;
	if (step->state != STEP_ANSWERED)
		return SERVER_TIMEOUT;
	if (step->rcode == LDNS_RCODE_REFUSED)
		return SERVER_REFUSED;
	if (step->rcode != LDNS_RCODE_NOERROR && step->rcode != LDNS_RCODE_NXDOMAIN)
		return SERVER_ERROR;
	return ldns_pkt_aa(step->packet) ? SERVER_GOOD : SERVER_NOT_AA;
}

/* server_read - one address of one name server: its SOA and answers. */
static void server_read(const struct diagnosis *d, const struct zone_authority *z, const char *ns,
			const char *address, struct authority_server *out)
{
	memset(out, 0, sizeof *out);
	copy_text(out->name, sizeof out->name, ns);
	copy_text(out->address, sizeof out->address, address);
	const struct step *soa = find(d, PURPOSE_AUTH_SOA, z->zone, 0, z->zone, address);
	const ldns_rr *soa_rr = soa_of(soa);
	bool other_zone = soa_rr && ldns_rr_list_rr_count(ldns_pkt_question(soa->packet)) == 1 &&
			  ldns_dname_compare(ldns_rr_owner(soa_rr),
					     ldns_rr_owner(ldns_rr_list_rr(ldns_pkt_question(soa->packet), 0))) != 0;
	if (soa_rr && ldns_pkt_aa(soa->packet) && !other_zone) {
		out->has_serial = true;
		out->serial = ldns_rdf2native_int32(ldns_rr_rdf(soa_rr, 2));
	}
	const struct step *first = NULL;
	for (size_t i = 0; i < diagnosis_step_count(d); i++) {
		const struct step *s = diagnosis_step(d, i);
		if (s->purpose != PURPOSE_AUTH_ANSWER || !s->about || !names_equal(s->about, z->zone) || !s->target ||
		    strcmp(s->target, address) != 0 || !names_equal(s->qname, z->subject))
			continue;
		if (!first)
			first = s;
		if (s->state == STEP_ANSWERED && records_text(s, out->answers, sizeof out->answers, &out->ttl) > 0)
			out->has_records = true;
	}
	out->health = health_of(first);
	if (out->health == SERVER_GOOD && other_zone)
		out->health = SERVER_WRONG_ZONE;
	if (first) {
		copy_text(out->rcode, sizeof out->rcode, step_rcode_name(first));
		out->aa = first->packet && ldns_pkt_aa(first->packet);
		out->ms = first->ms;
		copy_text(out->dig, sizeof out->dig, first->dig);
	}
}

/* serial_newer - RFC 1982 serial number arithmetic: a is after b. */
static bool serial_newer(uint32_t a, uint32_t b)
{
	return a != b && (uint32_t)(a - b) < 0x80000000u;
}

/* judge - who is lame, who is newest, and do the good ones agree. */
static void judge(struct zone_authority *z)
{
	z->agree = true;
	bool have_newest = false;
	for (size_t i = 0; i < z->server_count; i++) {
		const struct authority_server *s = &z->servers[i];
		if (authority_server_lame(s))
			z->lame++;
		if (s->health != SERVER_GOOD)
			continue;
		z->good++;
		if (!have_newest || (s->has_serial && serial_newer(s->serial, z->servers[z->newest].serial))) {
			z->newest = i;
			have_newest = true;
		}
	}
	if (!have_newest)
		return;
	const struct authority_server *n = &z->servers[z->newest];
	for (size_t i = 0; i < z->server_count && z->agree; i++) {
		const struct authority_server *s = &z->servers[i];
		if (s->health != SERVER_GOOD)
			continue;
		bool same_data = strcasecmp(s->answers, n->answers) == 0;
		bool same_serial = s->has_serial == n->has_serial && s->serial == n->serial;
		if (same_data && same_serial)
			continue;
		z->agree = false;
		snprintf(z->disagreement, sizeof z->disagreement,
			 "%.200s (%s) serves serial %u and %s; %.200s (%s) serves serial %u and %s",
			 s->name, s->address, s->serial, s->answers[0] ? s->answers : "no records", n->name,
			 n->address, n->serial, n->answers[0] ? n->answers : "no records");
	}
}

/* gather_servers - every address of every name server in the NS set. */
static void gather_servers(const struct diagnosis *d, const struct step *ns_step, struct zone_authority *z)
{
	ldns_rr_list *ns = step_records(ns_step, LDNS_RR_TYPE_NS);
	for (size_t i = 0; i < ldns_rr_list_rr_count(ns) && z->ns_count < PLAN_NS_MAX; i++) {
		char name[AUTHORITY_NAME_MAX];
		names_rdf_text(ldns_rr_rdf(ldns_rr_list_rr(ns, i), 0), name, sizeof name);
		if (authority_ns_is_local(name))
			continue;
		memcpy(z->ns[z->ns_count++], name, sizeof name);
		size_t found = 0;
		for (int k = 0; k < 2; k++) {
			ldns_rr_type type = k == 0 ? LDNS_RR_TYPE_A : LDNS_RR_TYPE_AAAA;
			const struct step *addr_step = find(d, PURPOSE_NS_ADDRESS, name, type, z->zone, NULL);
			ldns_rr_list *addrs = addr_step ? step_records(addr_step, type) : NULL;
			for (size_t a = 0; addrs && a < ldns_rr_list_rr_count(addrs) && a < PLAN_NS_ADDRESSES_MAX; a++) {
				char address[NAMES_ADDR_TEXT_MAX];
				names_rdf_text(ldns_rr_rdf(ldns_rr_list_rr(addrs, a), 0), address, sizeof address);
				found++;
				if (z->server_count < PLAN_SERVERS_MAX)
					server_read(d, z, name, address, &z->servers[z->server_count++]);
			}
			ldns_rr_list_deep_free(addrs);
		}
		if (found == 0 && z->ns_without_address++ == 0)
			copy_text(z->ns_missing, sizeof z->ns_missing, name);
	}
	ldns_rr_list_deep_free(ns);
}

/* clear - all but the servers, which server_read clears one by one as it
 * fills them: a check gathers three zones, and the servers are most of
 * their size. */
static void clear(struct zone_authority *z)
{
	memset(z, 0, offsetof(struct zone_authority, servers));
}

void authority_gather(const struct diagnosis *d, enum zone_role role, struct zone_authority *out)
{
	clear(out);
	const struct step *ns_step = ns_step_of_role(d, role);
	if (!ns_step || !ns_step->subject || !backend_can_ask_servers(diagnosis_backend(d)) ||
	    step_outcome(ns_step, LDNS_RR_TYPE_NS) != OUTCOME_FOUND)
		return;
	out->asked = true;
	copy_text(out->zone, sizeof out->zone, ns_step->qname);
	copy_text(out->subject, sizeof out->subject, ns_step->subject);
	gather_servers(d, ns_step, out);
	if (out->ns_count == 0) {
		clear(out); /* served by the resolver itself */
		return;
	}
	judge(out);
}

bool authority_ns_is_local(const char *name)
{
	return names_equal(name, "localhost.");
}

bool authority_server_lame(const struct authority_server *server)
{
	return server->health == SERVER_NOT_AA || server->health == SERVER_REFUSED ||
	       server->health == SERVER_WRONG_ZONE || server->health == SERVER_TIMEOUT;
}

const char *authority_health_name(enum server_health health)
{
	switch (health) {
	case SERVER_GOOD: return "good";
	case SERVER_NOT_AA: return "not authoritative";
	case SERVER_REFUSED: return "refused";
	case SERVER_WRONG_ZONE: return "serves another zone";
	case SERVER_ERROR: return "server failure";
	case SERVER_TIMEOUT: return "no reply";
	case SERVER_UNREACHABLE: return "unreachable from here";
	}
	return "?";
}

/* resolver_step - the resolver's PTR answer: of the delegated name when
 * the resolver did not follow the CNAME itself. */
static const struct step *resolver_step(const struct diagnosis *d)
{
	const struct step *follow = find(d, PURPOSE_PTR_FOLLOW, NULL, 0, NULL, NULL);
	return follow ? follow : find(d, PURPOSE_PTR, NULL, 0, NULL, NULL);
}

/* negative_ttl - RFC 2308: a "no" is cached for the SOA's minimum,
 * capped by the SOA record's own TTL. */
static uint32_t negative_ttl(const ldns_rr *soa)
{
	uint32_t minimum = ldns_rdf2native_int32(ldns_rr_rdf(soa, 6));
	return minimum < ldns_rr_ttl(soa) ? minimum : ldns_rr_ttl(soa);
}

void authority_compare_cache(const struct diagnosis *d, const struct zone_authority *reverse,
			     struct cache_view *out)
{
	memset(out, 0, sizeof *out);
	const struct step *step = resolver_step(d);
	enum outcome seen = step ? step_outcome(step, LDNS_RR_TYPE_PTR) : OUTCOME_MISSING;
	if (!reverse->asked || reverse->good == 0 || (seen != OUTCOME_FOUND && seen != OUTCOME_NONE))
		return;
	const struct authority_server *n = &reverse->servers[reverse->newest];
	out->compared = true;
	copy_text(out->authoritative, sizeof out->authoritative, n->answers);
	snprintf(out->server, sizeof out->server, "%s", n->name);
	out->serial = n->serial;
	out->negative = seen == OUTCOME_NONE;
	if (out->negative) {
		const ldns_rr *soa = soa_of(step);
		out->ttl_left = soa ? negative_ttl(soa) : 0;
		const ldns_rr *auth_soa = soa_of(find(d, PURPOSE_AUTH_SOA, reverse->zone, 0, reverse->zone, n->address));
		out->record_ttl = auth_soa ? negative_ttl(auth_soa) : out->ttl_left;
	} else {
		records_text(step, out->resolver, sizeof out->resolver, &out->ttl_left);
		out->record_ttl = n->ttl;
	}
	out->current = strcasecmp(out->resolver, out->authoritative) == 0;
	out->expires = step->answered_at + out->ttl_left;
}
