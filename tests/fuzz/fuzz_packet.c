/* fuzz_packet - wire bytes through ldns into every finding: the first
 * part of the input answers the PTR question, the rest every other one.
 * Whatever the bytes, nothing crashes and no report holds a raw control
 * byte. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diagnosis/diagnose.h"
#include "diagnosis/evidence.h"
#include "receivers/receivers.h"
#include "report/report.h"
#include "rules/rules.h"
#include "dns/backend.h"
#include "trace/hop.h"

struct parts {
	const uint8_t *ptr, *other;
	size_t ptr_size, other_size;
};

static ldns_pkt *answer(void *ctx, const ldns_rdf *qname, ldns_rr_type type)
{
	(void)qname;
	const struct parts *p = ctx;
	ldns_pkt *pkt = NULL;
	bool ptr = type == LDNS_RR_TYPE_PTR;
	if (ldns_wire2pkt(&pkt, ptr ? p->ptr : p->other, ptr ? p->ptr_size : p->other_size) != LDNS_STATUS_OK)
		return NULL;
	return pkt;
}

static void assert_safe(const char *text)
{
	for (const unsigned char *c = (const unsigned char *)text; c && *c; c++)
		if ((*c < 0x20 && *c != '\n') || *c >= 0x7f)
			abort();
}

/* read_as_hop - the same bytes as a trace reads them: what it keeps is
 * as ldns prints it, so escaped. */
static void read_as_hop(const uint8_t *wire, size_t size)
{
	ldns_pkt *pkt = NULL;
	if (ldns_wire2pkt(&pkt, wire, size) != LDNS_STATUS_OK)
		return;
	static struct hop_reading r;
	hop_read(pkt, "203.in-addr.arpa.", "5.113.0.203.in-addr.arpa.", LDNS_RR_TYPE_PTR, &r);
	const char *texts[] = {r.child, r.answers, r.zone, r.detail, r.foreign_glue_name};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		assert_safe(texts[i]);
	for (size_t i = 0; i < r.ns_count; i++)
		assert_safe(r.ns[i]);
	ldns_pkt_free(pkt);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	size_t split = ((size_t)data[0] << 8 | data[1]) % size;
	struct parts parts = {data + 2, data + 2 + (split > 2 ? split - 2 : 0), split > 2 ? split - 2 : 0,
			      size - 2 - (split > 2 ? split - 2 : 0)};
	struct backend *b;
	struct diagnosis *d;
	if (!backend_new_scripted(answer, &parts, &b))
		return 0;
	if (diagnosis_start("198.51.100.5", "mail.example.com", b, NULL, NULL, &d) == DIAGNOSIS_OK) {
		diagnosis_wait(d);
		struct findings findings;
		findings_compute(d, NULL, &findings);
		struct report_input in = {d, &findings};
		bool request;
		char *outputs[3] = {report_text(&in, false), report_json(&in), report_ticket(&in, &request)};
		for (int i = 0; i < 3; i++) {
			assert_safe(outputs[i]);
			free(outputs[i]);
		}
	}
	diagnosis_free(d);
	backend_free(b);
	read_as_hop(parts.ptr, parts.ptr_size);
	return 0;
}
