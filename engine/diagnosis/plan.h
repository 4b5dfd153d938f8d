/* plan - which questions a check asks, and which each answer leads to.
 *
 * Pure: no network, no loop, no diagnosis. The first round (PTR and SOA
 * of the reverse name; A, AAAA and MX of the HELO name) is known at the
 * start; every other question follows from one answer (A/AAAA of each PTR
 * name, NS of the reverse zone, the server's addresses of the other family
 * and their PTRs). The run (diagnose.c) asks what the plan lists, drops
 * questions it already asked, and applies PLAN_OTHERS_MAX. */
#ifndef PTRDOCTOR_PLAN_H
#define PTRDOCTOR_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "util/names.h"
#include "step.h"

#define PLAN_TARGETS_MAX 8 /* PTR names followed per answer */
#define PLAN_OTHERS_MAX 4  /* addresses of the other family checked per check */
#define PLAN_NS_MAX 4      /* name servers of a zone asked directly */
#define PLAN_NS_ADDRESSES_MAX 2 /* addresses of each family per name server */
#define PLAN_SERVERS_MAX (PLAN_NS_MAX * 2 * PLAN_NS_ADDRESSES_MAX) /* server addresses per zone */

/* The most questions one check can ask: the first round (6: PTR, SOA, the
 * HELO's A, AAAA, MX and TXT), both
 * families of each PTR name (of the PTR, or of the one CNAME followed),
 * that CNAME, the zone's NS, and for each address of the other family its
 * PTR and its names' addresses. Front ends may size tables by it. */
#define PLAN_RESOLVER_STEPS_MAX (6 + 2 * PLAN_TARGETS_MAX + 1 + 1 + PLAN_OTHERS_MAX * (1 + PLAN_TARGETS_MAX))

/* The authoritative round: for the reverse zone, the name servers'
 * addresses and at each server the SOA and the PTR; for the zones of the
 * PTR name and of the HELO, their SOA and NS too, and at each server the
 * SOA, A and AAAA. */
#define PLAN_ZONE_STEPS_MAX(per_server) (2 + 2 * PLAN_NS_MAX + PLAN_SERVERS_MAX * (per_server))
#define PLAN_STEPS_MAX (PLAN_RESOLVER_STEPS_MAX + PLAN_ZONE_STEPS_MAX(2) + 2 * PLAN_ZONE_STEPS_MAX(3))

struct plan_question {
	enum step_purpose purpose;
	char *qname;   /* owned */
	ldns_rr_type type;
	char *about;   /* owned, may be NULL: the address an OTHER_* step is about, or the zone */
	char *subject; /* owned, may be NULL: see step.h */
	char *target;  /* owned, may be NULL: a server to ask directly (numeric) */
	char *target_name; /* owned, may be NULL: that server's name */
	int round;     /* 1 for the first round, the answer's round + 1 after */
};

struct plan {
	struct plan_question *questions; /* owned */
	size_t count, cap;
	bool out_of_memory;              /* a question could not be stored */
};

/* plan_init / plan_free - an empty plan; plan_free empties it again. */
void plan_init(struct plan *plan);
void plan_free(struct plan *plan);

/* plan_first_round - the questions asked at once: PTR and SOA of reverse
 * (the IP's reverse name), and plan_helo's. helo may be NULL. */
void plan_first_round(const char *reverse, const char *helo, bool authority, struct plan *out);

/* plan_helo - A, AAAA and MX of a HELO name worth asking DNS about (not
 * an address literal, a name DNS can carry), and with authority its
 * zone's SOA; nothing otherwise. */
void plan_helo(const char *helo, bool authority, struct plan *out);

/* plan_after - the questions an answered step leads to, for a check of an
 * IP of this family (AF_INET or AF_INET6); with authority, the
 * authoritative round's too. */
void plan_after(const struct step *step, int family, bool authority, struct plan *out);

#endif
