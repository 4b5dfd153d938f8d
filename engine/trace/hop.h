/* hop - what one server's reply means for a walk down the delegations.
 *
 * A server of zone Z, asked QNAME TYPE with recursion off, either hands
 * the walk down (a referral to a zone below Z on the way to QNAME, with
 * its name servers and their glue), answers with authority (the records,
 * a CNAME, no such name, no such type), or says something a resolver must
 * not follow: a referral to Z itself (a loop), upward or beside the way,
 * an answer without authority (lame), an authoritative "no" from another
 * zone, REFUSED, a server failure.
 *
 * Glue is trusted only for the name servers of the referral and only
 * under Z, the zone of the server asked (the bailiwick rule resolvers
 * apply, RFC 2181 section 5.4.1): an address for any other name is
 * counted and named, never used.
 *
 * Pure: no I/O. Every text is as ldns prints it, so escaped. */
#ifndef PTRDOCTOR_HOP_H
#define PTRDOCTOR_HOP_H

#include <ldns/ldns.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/names.h"

#define HOP_NAME_MAX 1024   /* presentation format, escapes included */
#define HOP_NS_MAX 13       /* name servers kept from a referral */
#define HOP_GLUE_MAX 26     /* two addresses for each */
#define HOP_ANSWERS_MAX 1024
#define HOP_DETAIL_MAX (2 * HOP_NAME_MAX + 200)

enum hop_kind {
	HOP_WAITING = 0,  /* not answered yet */
	HOP_REFERRAL,     /* NS of a zone below, on the way to the name */
	HOP_ANSWER,       /* authoritative: the records asked */
	HOP_ALIAS,        /* authoritative: a CNAME for the name */
	HOP_NO_NAME,      /* authoritative NXDOMAIN */
	HOP_NO_DATA,      /* authoritative NOERROR without the type */
	HOP_LOOP,         /* a referral to the zone asked itself */
	HOP_UPWARD,       /* a referral to a zone above, beside or off the way */
	HOP_NOT_AA,       /* no authority and no referral: lame */
	HOP_WRONG_ZONE,   /* authoritative for another zone */
	HOP_REFUSED,
	HOP_ERROR,        /* SERVFAIL, FORMERR or another rcode */
	HOP_TIMEOUT,      /* no reply, retry included */
	HOP_UNREACHABLE,  /* the question could not be sent from here */
	HOP_NO_ADDRESS,   /* a name server without an address */
	HOP_KIND_COUNT
};

struct hop_glue {
	char name[HOP_NAME_MAX];
	char address[NAMES_ADDR_TEXT_MAX];
};

struct hop_reading {
	enum hop_kind kind;
	char rcode[16];
	bool aa;
	char child[HOP_NAME_MAX];        /* REFERRAL, LOOP, UPWARD: the zone handed down */
	size_t ns_count;                 /* REFERRAL: its name servers, sorted */
	char ns[HOP_NS_MAX][HOP_NAME_MAX];
	size_t glue_count;
	struct hop_glue glue[HOP_GLUE_MAX];
	size_t foreign_glue;             /* addresses not trusted (outside the bailiwick) */
	char foreign_glue_name[HOP_NAME_MAX];
	char answers[HOP_ANSWERS_MAX];   /* ANSWER: the data, sorted; ALIAS: the target */
	char zone[HOP_NAME_MAX];         /* NO_NAME, NO_DATA, WRONG_ZONE: the SOA's owner */
	char detail[HOP_DETAIL_MAX];     /* in words, for everything a walk does not follow */
};

/* hop_read - the meaning of reply, from a server of zone, to qname type
 * (all presentation format). out is filled whole. */
void hop_read(const ldns_pkt *reply, const char *zone, const char *qname, ldns_rr_type qtype,
	      struct hop_reading *out);

/* hop_kind_good - a walk may go on with (or end on) this reply. */
bool hop_kind_good(enum hop_kind kind);

/* hop_kind_name - "referral", "answer", "alias", "no-name", "no-data",
 * "loop", "upward", "not-authoritative", "wrong-zone", "refused",
 * "error", "timeout", "unreachable", "no-address", "waiting". Static. */
const char *hop_kind_name(enum hop_kind kind);

#endif
