/* rules - the checks of a diagnosis, each with a status and a finding;
 * beside them in rules/: generic names (generic.h) and the hosting
 * providers (provider.h) the findings name.
 *
 * One table (rules.c) lists them: id, name, title, the function that
 * decides. Rules decide from the evidence; from the diagnosis they read
 * only the IP, the HELO, whether it is a lab, and, to say why a lookup
 * gave nothing, that lookup's own problem.
 *
 * Rule ids are stable: they appear in JSON, in help/rules/ID.txt and in
 * tests. Statuses: pass, warn, fail, error (DNS failed, so it could not be
 * decided) and skip (does not apply: no HELO given, no PTR to judge). The
 * verdict is the worst status: fail, then error, then warn, then pass. */
#ifndef PTRDOCTOR_RULES_H
#define PTRDOCTOR_RULES_H

#include <stdbool.h>

#include "diagnosis/diagnose.h"
#include "diagnosis/evidence.h"
#include "generic.h"

enum rule_id {
	RULE_IP_PUBLIC = 0,
	RULE_PTR_EXISTS,
	RULE_PTR_SINGLE,
	RULE_PTR_HOSTNAME,
	RULE_PTR_FORWARD,
	RULE_FCRDNS,
	RULE_PTR_NOT_GENERIC,
	RULE_HELO_FQDN,
	RULE_HELO_RESOLVES,
	RULE_HELO_MATCHES_PTR,
	RULE_IPV6_PTR,
	RULE_AUTH_AGREE,
	RULE_CACHE_CURRENT,
	RULE_DNS_COMPLETE,
	RULE_DNSSEC,
	RULE_COUNT
};

enum rule_status { RULE_PASS = 0, RULE_WARN, RULE_FAIL, RULE_ERROR, RULE_SKIP };

#define RULE_FINDING_MAX 1200

struct rule_result {
	enum rule_id id;
	enum rule_status status;
	char finding[RULE_FINDING_MAX]; /* one line; every byte printable ASCII */
};

struct rule_results {
	struct rule_result rules[RULE_COUNT];
	enum rule_status verdict; /* never RULE_SKIP */
};

/* rules_evaluate - every rule over a finished diagnosis and its evidence. */
void rules_evaluate(const struct diagnosis *d, const struct evidence *ev, struct rule_results *out);

/* rules_first_problem - the first rule with the worst status (fail, then
 * error, then warn), or NULL when everything passed or was skipped. */
const struct rule_result *rules_first_problem(const struct rule_results *results);

/* rules_zone_unreachable - no server of the role's zone answered a direct
 * question at all (silence, or no route), while the resolver got the
 * zone's answers: this network's limit (a firewall, a route), not the
 * zone's fault, so auth-agree and cache-current skip it. Silence while the
 * resolver fails too stays lame. */
bool rules_zone_unreachable(const struct evidence *ev, enum zone_role role);

/* rules_generic_owner - what shows the PTR name's domain is the
 * sender's own (generic.h): the HELO, and the name's zone when its own
 * servers are none of the reverse zone's (another operator than the
 * address's provider). words holds the servers in words, size bytes. */
void rules_generic_owner(const char *helo, const struct evidence *ev, struct generic_owner *out, char *words,
			 size_t size);

/* rule_id_name - "fcrdns", "ptr-exists"... (static). */
const char *rule_id_name(enum rule_id id);

/* rule_id_from_name - the id for a name; false if unknown. */
bool rule_id_from_name(const char *name, enum rule_id *id);

/* rule_status_name - "pass", "warn", "fail", "error", "skip" (static). */
const char *rule_status_name(enum rule_status status);

/* rule_title - a short plain-words title ("PTR record exists") (static). */
const char *rule_title(enum rule_id id);

/* rule_status_severity - for ranking verdicts: fail is the worst, then
 * error (DNS did not answer), warn, pass (and skip). */
int rule_status_severity(enum rule_status status);

/* rules_exit_code - the exit code of `check` for a verdict: 0 pass,
 * 1 fail, 2 warn, 3 error. */
int rules_exit_code(enum rule_status verdict);

#endif
