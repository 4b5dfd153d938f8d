/* test_lab_servers - a scenario's authoritative servers and resolver cache
 * (lab_servers.c), and what those servers answer (lab_authority.c). */
#define _POSIX_C_SOURCE 200809L
#include "labkit.h"

#include <stdlib.h>

static const char scenario[] =
	"; ip: 198.51.100.5\n"
	"; server: a.root.example 192.0.2.1 .\n"
	"; server: ns1.isp.example 192.0.2.53 100.51.198.in-addr.arpa\n"
	"; server: ns2.isp.example 192.0.2.54 100.51.198.in-addr.arpa\n"
	"; server: lame.isp.example 192.0.2.55 isp.example\n"
	"; differs: 192.0.2.54 5.100.51.198.in-addr.arpa. 60 IN PTR old.example.com.\n"
	"; cache: 5.100.51.198.in-addr.arpa. 1200 IN PTR cached.example.com.\n"
	"; cache: 6.100.51.198.in-addr.arpa. PTR nxdomain 90\n"
	"$TTL 300\n"
	"$ORIGIN .\n"
	"@ SOA a.root.example. h.example. 1 3600 600 86400 300\n"
	"@ NS a.root.example.\n"
	"100.51.198.in-addr.arpa. NS ns1.isp.example.\n"
	"100.51.198.in-addr.arpa. NS ns.100.51.198.in-addr.arpa.\n"
	"ns.100.51.198.in-addr.arpa. A 192.0.2.56\n"
	"ns1.isp.example. A 192.0.2.53\n"
	"$ORIGIN 100.51.198.in-addr.arpa.\n"
	"@ SOA ns1.isp.example. h.isp.example. 7 3600 600 86400 300\n"
	"@ NS ns1.isp.example.\n"
	"5 PTR mail.example.com.\n"
	"6 PTR new.example.com.\n";

static struct lab_scenario *parse_ok(const char *text)
{
	struct lab_scenario *sc;
	char err[1024];
	bool ok = lab_scenario_parse(text, "test", &sc, err, sizeof err);
	if (!ok)
		fail_msg("%s", err);
	return sc;
}

static ldns_pkt *ask(const struct lab_scenario *sc, const char *address, const char *name, ldns_rr_type type,
		     enum lab_fault *fault)
{
	ldns_rdf *qname = ldns_dname_new_frm_str(name);
	ldns_pkt *reply = NULL;
	*fault = lab_answer_server(sc, address, qname, type, 7, &reply);
	ldns_rdf_deep_free(qname);
	return reply;
}

static char *first_rdata(const ldns_rr_list *section)
{
	return ldns_rr_list_rr_count(section) ? ldns_rdf2str(ldns_rr_rdf(ldns_rr_list_rr(section, 0), 0)) : NULL;
}

static void server__referral_answer_differs_refused(void **state)
{
	(void)state;
	struct lab_scenario *sc = parse_ok(scenario);
	enum lab_fault fault;
	assert_true(lab_scenario_has_servers(sc));
	ldns_pkt *p = ask(sc, "192.0.2.1", "5.100.51.198.in-addr.arpa.", LDNS_RR_TYPE_PTR, &fault);
	assert_int_equal(fault, LAB_ANSWER);
	assert_false(ldns_pkt_aa(p)); /* a referral */
	assert_int_equal(ldns_rr_list_rr_count(ldns_pkt_authority(p)), 2);
	assert_int_equal(ldns_rr_list_rr_count(ldns_pkt_additional(p)), 2); /* the root glues any name */
	ldns_pkt_free(p);
	p = ask(sc, "192.0.2.53", "5.100.51.198.in-addr.arpa.", LDNS_RR_TYPE_PTR, &fault);
	char *text = first_rdata(ldns_pkt_answer(p));
	assert_true(ldns_pkt_aa(p));
	assert_string_equal(text, "mail.example.com.");
	free(text);
	ldns_pkt_free(p);
	p = ask(sc, "192.0.2.54", "5.100.51.198.in-addr.arpa.", LDNS_RR_TYPE_PTR, &fault);
	text = first_rdata(ldns_pkt_answer(p));
	assert_string_equal(text, "old.example.com."); /* its own, older data */
	free(text);
	ldns_pkt_free(p);
	p = ask(sc, "192.0.2.53", "9.100.51.198.in-addr.arpa.", LDNS_RR_TYPE_PTR, &fault);
	assert_int_equal(ldns_pkt_get_rcode(p), LDNS_RCODE_NXDOMAIN);
	assert_int_equal(ldns_rr_list_rr_count(ldns_pkt_authority(p)), 1); /* the SOA */
	ldns_pkt_free(p);
	p = ask(sc, "192.0.2.55", "5.100.51.198.in-addr.arpa.", LDNS_RR_TYPE_PTR, &fault);
	assert_int_equal(ldns_pkt_get_rcode(p), LDNS_RCODE_REFUSED); /* lame */
	ldns_pkt_free(p);
	p = ask(sc, "192.0.2.99", "5.100.51.198.in-addr.arpa.", LDNS_RR_TYPE_PTR, &fault);
	assert_int_equal(fault, LAB_TIMEOUT);
	assert_null(p);
	char *hints = lab_scenario_root_hints(sc);
	assert_string_equal(hints, ". 3600000 NS a.root.example.\na.root.example. 3600000 A 192.0.2.1\n");
	free(hints);
	lab_scenario_free(sc);
}

static void cache__positive_and_negative(void **state)
{
	(void)state;
	struct lab_scenario *sc = parse_ok(scenario);
	ldns_rdf *name = ldns_dname_new_frm_str("5.100.51.198.in-addr.arpa.");
	ldns_pkt *p = NULL;
	assert_int_equal(lab_answer(sc, name, LDNS_RR_TYPE_PTR, 1, &p), LAB_ANSWER);
	assert_int_equal(ldns_rr_ttl(ldns_rr_list_rr(ldns_pkt_answer(p), 0)), 1200);
	char *text = first_rdata(ldns_pkt_answer(p));
	assert_string_equal(text, "cached.example.com.");
	free(text);
	ldns_pkt_free(p);
	ldns_rdf_deep_free(name);
	name = ldns_dname_new_frm_str("6.100.51.198.in-addr.arpa.");
	assert_int_equal(lab_answer(sc, name, LDNS_RR_TYPE_PTR, 1, &p), LAB_ANSWER);
	assert_int_equal(ldns_pkt_get_rcode(p), LDNS_RCODE_NXDOMAIN);
	assert_int_equal(ldns_rr_ttl(ldns_rr_list_rr(ldns_pkt_authority(p), 0)), 90); /* the time left */
	ldns_pkt_free(p);
	ldns_rdf_deep_free(name);
	lab_scenario_free(sc);
}

static void parse__bad_lines_named(void **state)
{
	(void)state;
	const char *const bad[][2] = {
		{"; server: ns1.example\n", "server: expected NAME ADDRESS ZONE"},
		{"; server: ns1.example not-an-ip example.com\n", "is not a host name and an IP address"},
		{"; differs: 192.0.2.9 x. 60 IN A 192.0.2.1\n", "differs: 192.0.2.9 is not a server declared above"},
		{"; cache: 5.in-addr.arpa. PTR nxdomain soon\n", "cache: expected NAME TYPE nxdomain SECONDS"},
		{"; cache: not a record\n", "cache: not a record"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char text[512], err[512];
		struct lab_scenario *sc = NULL;
		snprintf(text, sizeof text, "%s$ORIGIN example.\n@ SOA a. b. 1 2 3 4 5\n", bad[i][0]);
		assert_false(lab_scenario_parse(text, "t", &sc, err, sizeof err));
		assert_non_null(strstr(err, "t:1: "));
		if (!strstr(err, bad[i][1]))
			fail_msg("%s: got %s", bad[i][0], err);
		assert_null(sc);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(server__referral_answer_differs_refused),
		cmocka_unit_test(cache__positive_and_negative),
		cmocka_unit_test(parse__bad_lines_named),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
