/* hop - what one server's reply means for a walk down the delegations. */
#define _POSIX_C_SOURCE 200809L
#include "hop.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const kind_names[HOP_KIND_COUNT] = {
	[HOP_WAITING] = "waiting",     [HOP_REFERRAL] = "referral",   [HOP_ANSWER] = "answer",
	[HOP_ALIAS] = "alias",         [HOP_NO_NAME] = "no-name",     [HOP_NO_DATA] = "no-data",
	[HOP_LOOP] = "loop",           [HOP_UPWARD] = "upward",       [HOP_NOT_AA] = "not-authoritative",
	[HOP_WRONG_ZONE] = "wrong-zone", [HOP_REFUSED] = "refused",   [HOP_ERROR] = "error",
	[HOP_TIMEOUT] = "timeout",     [HOP_UNREACHABLE] = "unreachable", [HOP_NO_ADDRESS] = "no-address",
};

const char *hop_kind_name(enum hop_kind kind)
{
	return kind < HOP_KIND_COUNT ? kind_names[kind] : "?";
}

bool hop_kind_good(enum hop_kind kind)
{
	return kind >= HOP_REFERRAL && kind <= HOP_NO_DATA;
}


/* compare_names - for qsort over an array of char[HOP_NAME_MAX]. */
static int compare_names(const void *a, const void *b)
{
	return strcasecmp((const char *)a, (const char *)b);
}


/* owner_is - rr's owner is name (presentation format). */
static bool owner_is(const ldns_rr *rr, const char *name)
{
	char owner[HOP_NAME_MAX];
	names_rdf_text(ldns_rr_owner(rr), owner, sizeof owner);
	return names_equal(owner, name);
}

/* records_of - the records of section with this owner (NULL: any) and type. */
static ldns_rr_list *records_of(const ldns_rr_list *section, const char *owner, ldns_rr_type type)
{
	ldns_rr_list *out = ldns_rr_list_new();
	for (size_t i = 0; out && i < ldns_rr_list_rr_count(section); i++) {
		const ldns_rr *rr = ldns_rr_list_rr(section, i);
		if (ldns_rr_get_type(rr) == type && (!owner || owner_is(rr, owner)))
			ldns_rr_list_push_rr(out, ldns_rr_clone(rr));
	}
	return out;
}

/* SAY - the kind of a reply a walk does not follow, and why in words. */
#define SAY(out, k, ...) ((out)->kind = (k), (void)snprintf((out)->detail, sizeof (out)->detail, __VA_ARGS__))

/* read_soa_zone - the owner of the authority section's SOA into out->zone;
 * false when there is none. */
static bool read_soa_zone(const ldns_pkt *reply, struct hop_reading *out)
{
	ldns_rr_list *soa = records_of(ldns_pkt_authority(reply), NULL, LDNS_RR_TYPE_SOA);
	bool found = soa && ldns_rr_list_rr_count(soa) > 0;
	if (found)
		names_rdf_text(ldns_rr_owner(ldns_rr_list_rr(soa, 0)), out->zone, sizeof out->zone);
	ldns_rr_list_deep_free(soa);
	return found;
}

/* read_negative - an authoritative "no": its SOA must be of a zone that
 * holds qname and lies within the zone asked. */
static void read_negative(const ldns_pkt *reply, const char *zone, const char *qname, enum hop_kind kind,
			  struct hop_reading *out)
{
	out->kind = kind;
	if (!read_soa_zone(reply, out))
		return;
	if (!names_in_zone(qname, out->zone) || !names_in_zone(out->zone, zone))
		SAY(out, HOP_WRONG_ZONE, "answers with the SOA of %s, a zone that is not on the way to %s", out->zone,
		    qname);
}

/* read_glue - addresses for the referral's name servers under zone; the
 * others are counted as foreign. */
static void read_glue(const ldns_pkt *reply, const char *zone, struct hop_reading *out)
{
	const ldns_rr_list *extra = ldns_pkt_additional(reply);
	for (size_t i = 0; i < ldns_rr_list_rr_count(extra); i++) {
		const ldns_rr *rr = ldns_rr_list_rr(extra, i);
		ldns_rr_type type = ldns_rr_get_type(rr);
		if ((type != LDNS_RR_TYPE_A && type != LDNS_RR_TYPE_AAAA) || ldns_rr_rd_count(rr) < 1)
			continue;
		char owner[HOP_NAME_MAX];
		names_rdf_text(ldns_rr_owner(rr), owner, sizeof owner);
		bool listed = false;
		for (size_t k = 0; k < out->ns_count && !listed; k++)
			listed = names_equal(out->ns[k], owner);
		if (!listed || !names_in_zone(owner, zone)) {
			if (out->foreign_glue++ == 0)
				snprintf(out->foreign_glue_name, sizeof out->foreign_glue_name, "%s", owner);
			continue;
		}
		if (out->glue_count == HOP_GLUE_MAX)
			continue;
		struct hop_glue *g = &out->glue[out->glue_count++];
		snprintf(g->name, sizeof g->name, "%s", owner);
		names_rdf_text(ldns_rr_rdf(rr, 0), g->address, sizeof g->address);
	}
}

/* read_referral - NS records in the authority section, no SOA: where they
 * point decides whether a walk may follow them. */
static void read_referral(const ldns_pkt *reply, const ldns_rr_list *ns, const char *zone, const char *qname,
			  struct hop_reading *out)
{
	names_rdf_text(ldns_rr_owner(ldns_rr_list_rr(ns, 0)), out->child, sizeof out->child);
	ldns_rr_list *set = records_of(ns, out->child, LDNS_RR_TYPE_NS);
	for (size_t i = 0; i < ldns_rr_list_rr_count(set) && out->ns_count < HOP_NS_MAX; i++)
		names_rdf_text(ldns_rr_rdf(ldns_rr_list_rr(set, i), 0), out->ns[out->ns_count++], HOP_NAME_MAX);
	ldns_rr_list_deep_free(set);
	qsort(out->ns, out->ns_count, sizeof out->ns[0], compare_names);
	if (names_equal(out->child, zone))
		SAY(out, HOP_LOOP, "refers back to %s itself: a delegation loop", zone);
	else if (names_in_zone(zone, out->child))
		SAY(out, HOP_UPWARD, "refers upward, to %s, above %s", out->child, zone);
	else if (!names_in_zone(out->child, zone) || !names_in_zone(qname, out->child))
		SAY(out, HOP_UPWARD, "refers to %s, which is not on the way to %s", out->child, qname);
	else
		out->kind = HOP_REFERRAL;
	if (out->kind == HOP_REFERRAL)
		read_glue(reply, zone, out);
}

/* read_answer - records for qname in the answer section. */
static bool read_answer(const ldns_pkt *reply, const char *qname, ldns_rr_type qtype, struct hop_reading *out)
{
	ldns_rr_list *asked = records_of(ldns_pkt_answer(reply), qname, qtype);
	ldns_rr_list *alias = records_of(ldns_pkt_answer(reply), qname, LDNS_RR_TYPE_CNAME);
	bool found = true;
	if (ldns_rr_list_rr_count(asked) > 0) {
		out->kind = HOP_ANSWER;
		names_records_text(asked, out->answers, sizeof out->answers);
	} else if (ldns_rr_list_rr_count(alias) > 0) {
		out->kind = HOP_ALIAS;
		names_rdf_text(ldns_rr_rdf(ldns_rr_list_rr(alias, 0), 0), out->answers, sizeof out->answers);
	} else {
		found = false;
	}
	ldns_rr_list_deep_free(asked);
	ldns_rr_list_deep_free(alias);
	if (found && !out->aa)
		SAY(out, HOP_NOT_AA, "answers without authority (AA not set): %s", out->answers);
	return found;
}

void hop_read(const ldns_pkt *reply, const char *zone, const char *qname, ldns_rr_type qtype,
	      struct hop_reading *out)
{
	memset(out, 0, sizeof *out);
	ldns_pkt_rcode rcode = ldns_pkt_get_rcode(reply);
	out->aa = ldns_pkt_aa(reply);
	char *rname = ldns_pkt_rcode2str(rcode);
	snprintf(out->rcode, sizeof out->rcode, "%s", rname ? rname : "?");
	free(rname);
	if (rcode == LDNS_RCODE_REFUSED) {
		SAY(out, HOP_REFUSED, "refuses the question (REFUSED): it does not serve %s", zone);
		return;
	}
	if (rcode != LDNS_RCODE_NOERROR && rcode != LDNS_RCODE_NXDOMAIN) {
		SAY(out, HOP_ERROR, "fails (%s)", out->rcode);
		return;
	}
	if (rcode == LDNS_RCODE_NXDOMAIN) {
		if (out->aa)
			read_negative(reply, zone, qname, HOP_NO_NAME, out);
		else
			SAY(out, HOP_NOT_AA, "says no such name without authority (AA not set)");
		return;
	}
	if (read_answer(reply, qname, qtype, out))
		return;
	ldns_rr_list *ns = records_of(ldns_pkt_authority(reply), NULL, LDNS_RR_TYPE_NS);
	ldns_rr_list *soa = records_of(ldns_pkt_authority(reply), NULL, LDNS_RR_TYPE_SOA);
	bool cut = ldns_rr_list_rr_count(ns) > 0 && ldns_rr_list_rr_count(soa) == 0;
	/* Some servers set AA on a referral too: NS below the zone is a cut. */
	if (cut && !(out->aa && owner_is(ldns_rr_list_rr(ns, 0), zone)))
		read_referral(reply, ns, zone, qname, out);
	else if (out->aa)
		read_negative(reply, zone, qname, HOP_NO_DATA, out);
	else
		SAY(out, HOP_NOT_AA, "answers without authority and without a referral: lame for %s", zone);
	ldns_rr_list_deep_free(ns);
	ldns_rr_list_deep_free(soa);
}
