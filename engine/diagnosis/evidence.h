/* evidence - the facts of a finished diagnosis, in the terms receivers use.
 *
 * Turns steps (packets) into outcomes: did the PTR lookup find names, find
 * nothing, or fail temporarily; for each PTR name, do its addresses include
 * the IP. Rules and receiver predictions both read this, so they can never
 * disagree about what DNS said. */
#ifndef PTRDOCTOR_EVIDENCE_H
#define PTRDOCTOR_EVIDENCE_H

#include <stdbool.h>
#include <stddef.h>

#include "authority.h"
#include "meaning.h"
#include "diagnose.h"
#include "util/names.h"

#define EVIDENCE_TARGETS_MAX 8
#define EVIDENCE_OTHERS_MAX 4
#define EVIDENCE_NAME_MAX 1024 /* presentation format, escapes included */


struct ptr_target {
	char name[EVIDENCE_NAME_MAX];   /* as DNS gave it, escaped, trailing dot */
	bool postfix_valid;             /* passes Postfix's valid_hostname, not numeric */
	bool exim_valid;                /* letters, digits, '-', '.' and '_' only */
	enum outcome forward;           /* addresses of the IP's family */
	bool confirms;                  /* those addresses include the IP */
	bool forward_via_cname;         /* the forward answer went through a CNAME */
	char addresses[512];            /* the family's addresses, space separated */
};

struct other_address {
	char address[NAMES_ADDR_TEXT_MAX];
	enum outcome ptr;
	char ptr_name[EVIDENCE_NAME_MAX];
	enum outcome forward;
	bool confirms;
};

/* Why a resolver's SERVFAIL came, from the same question with DNSSEC
 * checking off (CD) and the resolver's own words (RFC 8914). */
enum servfail_cause {
	SERVFAIL_NONE = 0,     /* no SERVFAIL, or not asked again */
	SERVFAIL_DNSSEC,       /* with checking off the answer came: validation failed */
	SERVFAIL_SERVERS,      /* it failed again: the zone's servers, not DNSSEC */
};

struct servfail_view {
	bool servfail;         /* the lookup got SERVFAIL */
	enum servfail_cause cause;
	char answer[256];      /* SERVFAIL_DNSSEC: what came with checking off ("mail.example.com."), escaped */
	char ede[1200];        /* the resolver's own reason in words (meaning_ede), or "" */
	struct ede_words ede_detail; /* the same, read apart; code -1 when none */
};

struct evidence {
	enum outcome ptr;                   /* PTR of the IP's reverse name */
	struct servfail_view ptr_servfail;  /* when the PTR lookup got SERVFAIL */
	bool ptr_validated;                 /* the resolver vouched for the PTR answer (AD bit) */
	size_t ptr_count;                   /* PTR records in the answer (targets keeps the first few) */
	size_t target_count;
	struct ptr_target targets[EVIDENCE_TARGETS_MAX];
	char cname_target[EVIDENCE_NAME_MAX]; /* RFC 2317: where the reverse name points, or "" */
	bool helo_given;
	enum helo_kind helo_kind;
	struct ip_address helo_literal;     /* when helo_kind == HELO_ADDRESS_LITERAL */
	enum outcome helo_a, helo_aaaa, helo_mx;
	bool helo_has_ip;                   /* the HELO's A/AAAA include the IP */
	size_t other_count;
	struct other_address others[EVIDENCE_OTHERS_MAX];
	char zone[EVIDENCE_NAME_MAX];         /* the reverse zone holding the PTR, or "" */
	char zone_primary[EVIDENCE_NAME_MAX]; /* its SOA MNAME, or "" */
	char zone_rname[EVIDENCE_NAME_MAX];   /* its SOA RNAME (the contact), or "" */
	size_t zone_ns_count;
	char zone_ns[EVIDENCE_OTHERS_MAX][EVIDENCE_NAME_MAX];
	size_t failed_steps;                /* steps without a trustworthy answer (the
					       authoritative round's are in authority) */
	size_t decisive_failed_steps;       /* ... among those the verdict needs */
	struct cache_view cache;            /* the resolver's PTR against the reverse zone's servers */
	bool authority_pending;             /* the zones' own servers are still being asked */
	bool ptr_local;                     /* the resolver answered the PTR from its own data (AA) */
	bool ptr_from_zone;                 /* ... and the zone's servers differ: ptr and targets are theirs */
	char ptr_local_answer[AUTHORITY_ANSWERS_MAX]; /* what the resolver said, "" for no PTR */
	/* last: authority_gather clears its own, so clearing stops here */
	struct zone_authority authority[ZONE_ROLE_COUNT]; /* the zones' own servers */
};

/* evidence_gather - fill ev from a finished diagnosis. */
void evidence_gather(const struct diagnosis *d, struct evidence *ev);

#endif
