/* lab_scenario - the inside of a parsed lab scenario, shared by the two
 * halves of the lab module only: lab.c reads scenarios, lab_answer.c
 * answers from them. Everything else sees struct lab_scenario as opaque
 * (lab.h). */
#ifndef PTRDOCTOR_LAB_SCENARIO_H
#define PTRDOCTOR_LAB_SCENARIO_H

#include <ldns/ldns.h>
#include <stddef.h>

#define FAULTS_MAX 32 /* names per fault (servfail, timeout) */
#define HEADER_MAX 16 /* header lines */
#define LAB_SERVERS_MAX 16
#define LAB_SERVER_ZONES_MAX 8
#define LAB_CACHE_MAX 16

struct header_entry {
	char *key;
	char *value;
};

/* An authoritative server: `; server: NAME ADDRESS ZONE...`; its
 * `; differs: ADDRESS RECORD` lines replace the scenario's records of the
 * same owner and type at this server only (a secondary that missed a
 * change). */
struct lab_server {
	char *name;
	char *address;
	ldns_rdf *zones[LAB_SERVER_ZONES_MAX];
	size_t zone_count;
	ldns_rr_list *differs;
};

/* What the resolver still holds: `; cache: RECORD` (its TTL is the time
 * left) or `; cache: NAME TYPE nxdomain SECONDS`. */
struct lab_cache_entry {
	ldns_rdf *name;
	ldns_rr_type type;
	bool nxdomain;
	uint32_t ttl_left;
	ldns_rr_list *records;
};

struct lab_scenario {
	ldns_rr_list *records;   /* every record of every zone */
	ldns_rr_list *soas;      /* the SOA records: one per zone */
	ldns_rdf *servfail[FAULTS_MAX];
	size_t servfail_count;
	ldns_rdf *timeout[FAULTS_MAX];
	size_t timeout_count;
	ldns_rdf *bogus[FAULTS_MAX];   /* zones whose DNSSEC a validating resolver refuses */
	int bogus_ede[FAULTS_MAX];     /* the Extended DNS Error it says for each */
	size_t bogus_count;
	int latency_ms;
	struct header_entry header[HEADER_MAX];
	size_t header_count;
	struct lab_server servers[LAB_SERVERS_MAX];
	size_t server_count;
	struct lab_cache_entry cache[LAB_CACHE_MAX];
	size_t cache_count;
};

/* lab_name_exists - records at the name, or below it (an empty
 * non-terminal) (lab_answer.c). */
bool lab_name_exists(const struct lab_scenario *sc, const ldns_rdf *name);

/* lab_servers_parse - a `server`, `differs` or `cache` header line; false
 * with a message in why when it cannot be used (lab_servers.c). */
bool lab_servers_parse(struct lab_scenario *sc, const char *key, const char *value, char *why, size_t size);

/* lab_servers_free - what the three keys hold. */
void lab_servers_free(struct lab_scenario *sc);

/* lab_cache_find - the resolver's cached answer for name and type, or NULL. */
const struct lab_cache_entry *lab_cache_find(const struct lab_scenario *sc, const ldns_rdf *name, ldns_rr_type type);

#endif
