/* spf - the SPF result for the client's HELO, as SpamAssassin gets it.
 *
 * SpamAssassin's SPF plugin (with Mail::SPF, which `apt-get install
 * spamassassin` brings as a recommended package) asks SPF about the HELO
 * identity (RFC 7208, scope helo) of the client that connected, unless
 * the HELO has no dot or is an IPv4 address; its rules SPF_HELO_* then
 * say the result. ptrdoctor evaluates the HELO's record from what the
 * diagnosis read: its TXT records and, for the `a` mechanism, its A or
 * AAAA records. A record that needs lookups ptrdoctor does not make
 * (include, mx, ptr, exists, a:other.name, redirect, macros) before it
 * decides is SPF_NOT_PREDICTED: no SPF rule is predicted then. */
#ifndef PTRDOCTOR_SPF_H
#define PTRDOCTOR_SPF_H

#include <stddef.h>

#include "diagnosis/diagnose.h"
#include "util/names.h"

enum spf_result {
	SPF_SKIPPED = 0,   /* not asked: no HELO, no dot in it, or an IPv4 address */
	SPF_NONE,          /* no SPF record (no TXT, no such name, no v=spf1) */
	SPF_NEUTRAL,
	SPF_PASS,
	SPF_FAIL,
	SPF_SOFTFAIL,
	SPF_PERMERROR,     /* two records, or one SPF cannot parse */
	SPF_TEMPERROR,     /* a lookup failed, or the name cannot be asked */
	SPF_NOT_PREDICTED, /* the record needs lookups ptrdoctor does not make */
};

/* What the evaluation of one record reads. */
struct spf_input {
	const struct ip_address *ip;       /* the client */
	enum outcome txt;                  /* the HELO's TXT lookup */
	const char *const *records;        /* each TXT record, its strings joined */
	size_t record_count;
	const char *domain;                /* the HELO, for `a:DOMAIN` naming itself */
	enum outcome a;                    /* the HELO's A (IPv4 client) or AAAA lookup */
	const struct ip_address *addresses; /* its records */
	size_t address_count;
};

/* spf_evaluate - the result of check_host() for the record in in. */
enum spf_result spf_evaluate(const struct spf_input *in);

/* spf_helo - the result SpamAssassin's plugin gets for the diagnosis's
 * client and HELO. */
enum spf_result spf_helo(const struct diagnosis *d);

/* spf_result_name - "pass", "none", ... "not predicted" (static). */
const char *spf_result_name(enum spf_result result);

#endif
