/* authority - what a zone's own servers say, and what the resolver still
 * holds.
 *
 * Reads the authoritative round of a finished diagnosis (plan.h): a
 * zone's NS set, each name server's addresses, and what every address
 * answered when asked directly with recursion off: the zone's SOA (its
 * serial) and the subject's records. From that: which servers are lame
 * (no AA, REFUSED, a timeout), whether the good ones agree, and, against
 * the resolver's answer, whether its cache is current and until when it
 * keeps an old answer (RFC 2308 for a cached "no").
 *
 * Pure over the steps; the structs hold copies, never pointers into the
 * diagnosis. Every text is as ldns prints it, so escaped. */
#ifndef PTRDOCTOR_AUTHORITY_H
#define PTRDOCTOR_AUTHORITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diagnose.h"
#include "plan.h"

#define AUTHORITY_NAME_MAX 1024    /* presentation format, escapes included */
#define AUTHORITY_ANSWERS_MAX 1024 /* the records' data, sorted, one space between */
#define AUTHORITY_DIG_MAX 1200

enum server_health {
	SERVER_GOOD = 0,    /* AA, NOERROR or NXDOMAIN */
	SERVER_NOT_AA,      /* answered without authority: lame */
	SERVER_REFUSED,     /* REFUSED: lame */
	SERVER_WRONG_ZONE,  /* authoritative, but its SOA is another zone's: lame */
	SERVER_ERROR,       /* SERVFAIL or another rcode */
	SERVER_TIMEOUT,     /* no reply: lame, or unreachable */
	SERVER_UNREACHABLE, /* the query could not be sent from here (no route) */
};

struct authority_server {
	char name[AUTHORITY_NAME_MAX];
	char address[NAMES_ADDR_TEXT_MAX];
	enum server_health health;
	char rcode[16];                      /* of the subject's question */
	bool aa;
	bool has_serial;
	uint32_t serial;
	bool has_records;                    /* the subject has records of the type asked */
	char answers[AUTHORITY_ANSWERS_MAX]; /* sorted data, "" for none */
	uint32_t ttl;                        /* the smallest TTL among them */
	long ms;
	char dig[AUTHORITY_DIG_MAX];         /* of the subject's question */
};

struct zone_authority {
	bool asked;                          /* the round found the zone and its NS */
	char zone[AUTHORITY_NAME_MAX];
	char subject[AUTHORITY_NAME_MAX];    /* the name asked of every server */
	size_t ns_count;
	char ns[PLAN_NS_MAX][AUTHORITY_NAME_MAX];
	size_t ns_without_address;           /* NS names with neither A nor AAAA */
	char ns_missing[AUTHORITY_NAME_MAX]; /* the first of them */
	size_t good, lame;                   /* lame: not AA, REFUSED or timeout */
	bool agree;                          /* every good server has the same answers and serial */
	size_t newest;                       /* index of the good server with the highest serial */
	char disagreement[600];              /* in words, when !agree */
	size_t server_count;
	/* last: only the first server_count are set, so clearing stops here */
	struct authority_server servers[PLAN_SERVERS_MAX];
};

enum zone_role { ZONE_REVERSE = 0, ZONE_FORWARD, ZONE_HELO, ZONE_ROLE_COUNT };

/* authority_gather - the zone of a role: the reverse zone, the zone of the
 * first PTR name, or of the HELO (empty, asked false, when the round did
 * not reach it, or when the HELO's zone is the PTR name's). */
void authority_gather(const struct diagnosis *d, enum zone_role role, struct zone_authority *out);

/* authority_ns_is_local - a name server that stands for the resolver
 * itself (localhost., as in the AS112 and RFC 6761 zones every resolver
 * serves): nothing to ask directly. */
bool authority_ns_is_local(const char *name);

/* authority_server_lame - not AA, REFUSED, another zone's SOA, or no reply. */
bool authority_server_lame(const struct authority_server *server);

/* authority_health_name - "good", "not authoritative", "REFUSED"... (static). */
const char *authority_health_name(enum server_health health);

struct cache_view {
	bool compared;                        /* both sides had a trustworthy answer */
	bool current;                         /* the resolver's records equal the authority's */
	char resolver[AUTHORITY_ANSWERS_MAX]; /* sorted data, "" for none */
	char authoritative[AUTHORITY_ANSWERS_MAX];
	bool negative;                        /* the resolver holds NXDOMAIN or NODATA */
	uint32_t ttl_left;                    /* seconds the resolver keeps its answer */
	long long expires;                    /* Unix time it does so until */
	uint32_t record_ttl;                  /* the authority's TTL (negative: RFC 2308's) */
	char server[AUTHORITY_NAME_MAX];      /* whose answer counts as the authority's */
	uint32_t serial;
};

/* authority_compare_cache - the resolver's PTR answer against the
 * reverse zone's newest good server. */
void authority_compare_cache(const struct diagnosis *d, const struct zone_authority *reverse,
			     struct cache_view *out);

#endif
