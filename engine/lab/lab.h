/* lab - scenario files: zone data plus a header, answered in process
 * (lab/ holds the reading, the answers, the authority and the servers).
 *
 * A scenario is zone-file text (several zones allowed, each starting with
 * its SOA) preceded by `; key: value` comments: title, ip, helo, provider,
 * expect, lesson, and the faults `servfail NAME`, `timeout NAME`,
 * `latency MS`, `bogus ZONE CODE` (a validating resolver refuses the
 * zone's answers as DNSSEC bogus with that Extended DNS Error, and gives
 * them with checking off). lab_answer() builds the reply a recursive resolver would
 * give if the scenario's zones were the whole DNS: NOERROR, NODATA and
 * NXDOMAIN with the zone's SOA in authority, CNAMEs followed.
 *
 * A scenario may also declare authoritative servers (`server: NAME
 * ADDRESS ZONE...`, with `differs: ADDRESS RECORD` for data one server
 * serves differently) and what the resolver still has cached (`cache:
 * RECORD` with the TTL left, or `cache: NAME TYPE nxdomain SECONDS`):
 * lab_answer_server() answers as that server would, referrals included,
 * so the authoritative round and the trace from the root run offline. */
#ifndef PTRDOCTOR_LAB_H
#define PTRDOCTOR_LAB_H

#include <ldns/ldns.h>
#include <stdbool.h>
#include <stddef.h>

struct lab_scenario;

enum lab_fault {
	LAB_ANSWER = 0, /* a reply packet was built */
	LAB_SERVFAIL,   /* reply is a SERVFAIL packet (declared fault or CNAME loop) */
	LAB_TIMEOUT,    /* the scenario says this name never answers */
};

/* lab_scenario_parse - parse scenario text; `source` names it in errors.
 * On failure returns false and writes "source:LINE: message" lines into
 * err (truncated to errsize). On success *out is owned (lab_scenario_free). */
bool lab_scenario_parse(const char *text, const char *source, struct lab_scenario **out,
			char *err, size_t errsize);

/* lab_scenario_load - read and parse a file; same contract as _parse. */
bool lab_scenario_load(const char *path, struct lab_scenario **out, char *err, size_t errsize);

/* lab_scenario_open - a built-in scenario by name (help/lab/NAME.zone) or
 * a file by path; same contract as _parse. */
bool lab_scenario_open(const char *name_or_path, struct lab_scenario **out, char *err, size_t errsize);

/* lab_fixed_open - the scenario's fixed version: NAME.fixed (built in) or
 * the sibling file PATH without .zone plus .fixed.zone. Returns false with
 * a message when there is none. */
bool lab_fixed_open(const char *name_or_path, struct lab_scenario **out, char *err, size_t errsize);

/* lab_builtin_count / lab_builtin_name - the built-in scenarios (without
 * their fixed versions), in name order; names are static. */
size_t lab_builtin_count(void);
const char *lab_builtin_name(size_t index);

void lab_scenario_free(struct lab_scenario *scenario);

/* Header values; borrowed, valid while the scenario lives; NULL if absent. */
const char *lab_scenario_get(const struct lab_scenario *scenario, const char *key);

/* lab_scenario_latency_ms - the declared latency, 0 if none. */
int lab_scenario_latency_ms(const struct lab_scenario *scenario);

/* lab_answer - answer one question. For LAB_ANSWER and LAB_SERVFAIL *reply
 * is an owned packet (ldns_pkt_free); for LAB_TIMEOUT it is NULL. Thread-safe:
 * the scenario is not modified. */
enum lab_fault lab_answer(const struct lab_scenario *scenario, const ldns_rdf *qname,
			  ldns_rr_type qtype, uint16_t id, ldns_pkt **reply);

/* lab_answer_checked - lab_answer as a validating resolver asked with
 * DNSSEC checking on or off (CD): a bogus zone's answers are SERVFAIL
 * with its Extended DNS Error unless checking is off. lab_answer is this
 * with checking on. */
enum lab_fault lab_answer_checked(const struct lab_scenario *scenario, const ldns_rdf *qname, ldns_rr_type qtype,
				  uint16_t id, bool checking_disabled, ldns_pkt **reply);

/* lab_answer_server - the reply of the server at address (numeric), asked
 * with recursion off: a referral below its zones, an authoritative
 * answer, REFUSED for a zone it does not serve, LAB_TIMEOUT for an
 * address no server has. Same ownership as lab_answer. */
enum lab_fault lab_answer_server(const struct lab_scenario *scenario, const char *address, const ldns_rdf *qname,
				 ldns_rr_type qtype, uint16_t id, ldns_pkt **reply);

/* lab_scenario_has_servers - the scenario declares authoritative servers. */
bool lab_scenario_has_servers(const struct lab_scenario *scenario);

/* lab_scenario_root_hints - its servers of the root zone, as a named.root
 * text (owned; "" when there are none), or NULL on no memory. */
char *lab_scenario_root_hints(const struct lab_scenario *scenario);

#endif
