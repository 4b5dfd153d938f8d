/* labkit - run a diagnosis over inline lab data, for unit tests.
 *
 * The lab backend is the DNS boundary of the unit tests: real ldns packets,
 * answered in process from zone text, with declared faults. */
#ifndef PTRDOCTOR_LABKIT_H
#define PTRDOCTOR_LABKIT_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "dns/backend.h"
#include "diagnosis/diagnose.h"
#include "diagnosis/evidence.h"
#include "check/findings.h"
#include "lab/lab.h"
#include "receivers/receivers.h"
#include "rules/rules.h"

#define LABKIT_TIMEOUT_MS 40

/* A zone set most tests start from: 198.51.100.0/24 (documentation, so
 * ip-public passes in the lab) and 2001:db8:1::/48. */
#define LABKIT_ZONES \
	"$TTL 300\n" \
	"$ORIGIN example.com.\n" \
	"@ SOA ns1.example.com. hostmaster.example.com. 1 3600 600 86400 300\n" \
	"@ NS ns1\n" \
	"$ORIGIN 100.51.198.in-addr.arpa.\n" \
	"@ SOA ns1.isp.example. hostmaster.isp.example. 1 3600 600 86400 300\n" \
	"@ NS ns1.isp.example.\n" \
	"@ NS ns2.isp.example.\n" \
	"$ORIGIN 1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.\n" \
	"@ SOA ns1.isp.example. hostmaster.isp.example. 1 3600 600 86400 300\n"

struct labkit {
	struct backend *backend;
	struct diagnosis *diagnosis;
	struct findings findings;
};

/* labkit_run - parse text, run a diagnosis of ip/helo to the end, evaluate. */
static inline void labkit_run(struct labkit *kit, const char *text, const char *ip, const char *helo)
{
	char err[2048];
	struct lab_scenario *sc = NULL;
	memset(kit, 0, sizeof *kit);
	if (!lab_scenario_parse(text, "test", &sc, err, sizeof err))
		fail_msg("scenario does not parse: %s", err);
	assert_true(backend_new_lab(sc, LABKIT_TIMEOUT_MS, &kit->backend));
	assert_int_equal(diagnosis_start(ip, helo, kit->backend, NULL, NULL, &kit->diagnosis), DIAGNOSIS_OK);
	assert_true(diagnosis_wait(kit->diagnosis));
	findings_compute(kit->diagnosis, NULL, &kit->findings);
}

static inline void labkit_free(struct labkit *kit)
{
	diagnosis_free(kit->diagnosis);
	backend_free(kit->backend);
}

static inline enum rule_status labkit_status(const struct labkit *kit, enum rule_id id)
{
	return kit->findings.rules.rules[id].status;
}

/* assert_rule - the rule has this status, else fail showing its finding. */
#define assert_rule(kit, id, want) \
	do { \
		const struct rule_result *r_ = &(kit)->findings.rules.rules[id]; \
		if (r_->status != (want)) \
			fail_msg("%s is %s, expected %s: %s", rule_id_name(id), rule_status_name(r_->status), \
				 rule_status_name(want), r_->finding); \
	} while (0)

#endif
