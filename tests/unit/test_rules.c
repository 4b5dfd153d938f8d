/* test_rules - every rule and every status, over lab data: a table of
 * cases (one rule's status over one lab each), and the tests that look at
 * several rules or the verdict at once. */
#include "labkit.h"
#include "fakedns.h"

#define IP "198.51.100.5"
#define REV "$ORIGIN 100.51.198.in-addr.arpa.\n"
#define FWD "$ORIGIN example.com.\n"
#define IP6 "2001:db8:1::5"
#define REV6 "$ORIGIN 1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.\n"
#define PTR6_OWNER "5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0"

static const char good[] = LABKIT_ZONES FWD "mail A 198.51.100.5\n" REV "5 PTR mail.example.com.\n";

static const char forgotten[] = LABKIT_ZONES FWD "mail A 198.51.100.5\nmail AAAA 2001:db8:1::5\n" REV
	"5 PTR mail.example.com.\n";
static const char complete[] = LABKIT_ZONES FWD "mail A 198.51.100.5\nmail AAAA 2001:db8:1::5\n" REV
	"5 PTR mail.example.com.\n" REV6 PTR6_OWNER " PTR mail.example.com.\n";
static const char elsewhere[] = LABKIT_ZONES FWD "mail A 198.51.100.5\nmail AAAA 2001:db8:1::5\n" REV
	"5 PTR mail.example.com.\n" REV6 PTR6_OWNER " PTR v6.example.com.\n";

/* One rule's status over one lab: most rules are told apart this way. */
struct rule_case {
	const char *zones;
	const char *ip;
	const char *helo; /* NULL: none given */
	enum rule_id id;
	enum rule_status want;
};

static const struct rule_case cases[] = {
	/* ip-public: private, CGNAT, loopback and ULA addresses fail */
	{good, "10.0.0.5", NULL, RULE_IP_PUBLIC, RULE_FAIL},
	{good, "100.64.1.1", NULL, RULE_IP_PUBLIC, RULE_FAIL},
	{good, "127.0.0.1", NULL, RULE_IP_PUBLIC, RULE_FAIL},
	{good, "fd00::1", NULL, RULE_IP_PUBLIC, RULE_FAIL},
	/* ptr-exists: a name with no PTR fails; no answer is an error */
	{LABKIT_ZONES REV "5 TXT \"not a ptr\"\n", IP, NULL, RULE_PTR_EXISTS, RULE_FAIL},
	{"; timeout: 5.100.51.198.in-addr.arpa\n" LABKIT_ZONES, IP, NULL, RULE_PTR_EXISTS, RULE_ERROR},
	{LABKIT_ZONES REV "5 CNAME a\na CNAME 5\n", IP, NULL, RULE_PTR_EXISTS, RULE_ERROR},
	/* ptr-single: two PTR records warn */
	{LABKIT_ZONES FWD "mail A 198.51.100.5\n" REV "5 PTR mail.example.com.\n5 PTR www.example.com.\n",
	 IP, NULL, RULE_PTR_SINGLE, RULE_WARN},
	/* ptr-hostname: localhost, an address, no trailing dot, a blank, a leading dash, one
	 * label fail; an underscore warns */
	{LABKIT_ZONES REV "5 PTR localhost.\n", IP, NULL, RULE_PTR_HOSTNAME, RULE_FAIL},
	{LABKIT_ZONES REV "5 PTR 198.51.100.5.\n", IP, NULL, RULE_PTR_HOSTNAME, RULE_FAIL},
	{LABKIT_ZONES REV "5 PTR mail.example.com\n", IP, NULL, RULE_PTR_HOSTNAME, RULE_FAIL},
	{LABKIT_ZONES REV "5 PTR bad\\032name.example.com.\n", IP, NULL, RULE_PTR_HOSTNAME, RULE_FAIL},
	{LABKIT_ZONES REV "5 PTR -mail.example.com.\n", IP, NULL, RULE_PTR_HOSTNAME, RULE_FAIL},
	{LABKIT_ZONES REV "5 PTR mailhost.\n", IP, NULL, RULE_PTR_HOSTNAME, RULE_FAIL},
	{LABKIT_ZONES FWD "mail_1 A 198.51.100.5\n" REV "5 PTR mail_1.example.com.\n",
	 IP, NULL, RULE_PTR_HOSTNAME, RULE_WARN},
	/* ptr-forward: no address fails; through a CNAME, or one of two names without one,
	 * warns; a timeout is an error */
	{LABKIT_ZONES REV "5 PTR mail.example.com.\n", IP, NULL, RULE_PTR_FORWARD, RULE_FAIL},
	{LABKIT_ZONES FWD "alias CNAME mail\nmail A 198.51.100.5\n" REV "5 PTR alias.example.com.\n",
	 IP, NULL, RULE_PTR_FORWARD, RULE_WARN},
	{LABKIT_ZONES FWD "mail A 198.51.100.5\n" REV "5 PTR mail.example.com.\n5 PTR none.example.com.\n",
	 IP, NULL, RULE_PTR_FORWARD, RULE_WARN},
	{"; timeout: mail.example.com\n" LABKIT_ZONES REV "5 PTR mail.example.com.\n",
	 IP, NULL, RULE_PTR_FORWARD, RULE_ERROR},
	/* fcrdns: elsewhere fails, one of two warns, SERVFAIL is an error, IPv6 passes */
	{LABKIT_ZONES FWD "mail A 198.51.100.99\n" REV "5 PTR mail.example.com.\n", IP, NULL, RULE_FCRDNS, RULE_FAIL},
	{LABKIT_ZONES FWD "mail A 198.51.100.5\nold A 198.51.100.7\n" REV
	 "5 PTR mail.example.com.\n5 PTR old.example.com.\n",
	 IP, NULL, RULE_FCRDNS, RULE_WARN},
	{"; servfail: example.com\n" LABKIT_ZONES REV "5 PTR mail.example.com.\n", IP, NULL, RULE_FCRDNS, RULE_ERROR},
	{LABKIT_ZONES FWD "mail AAAA 2001:db8:1::5\n" REV6 PTR6_OWNER " PTR mail.example.com.\n",
	 IP6, NULL, RULE_FCRDNS, RULE_PASS},
	/* dnssec: a SERVFAIL that stays with checking off is no DNSSEC failure */
	{"; servfail: 100.51.198.in-addr.arpa\n" LABKIT_ZONES REV "5 PTR mail.example.com.\n", IP, NULL, RULE_DNSSEC,
	 RULE_SKIP},
	/* ptr-not-generic */
	{LABKIT_ZONES FWD "198-51-100-5.dyn A 198.51.100.5\n" REV "5 PTR 198-51-100-5.dyn.example.com.\n",
	 IP, NULL, RULE_PTR_NOT_GENERIC, RULE_WARN},
	{good, IP, NULL, RULE_PTR_NOT_GENERIC, RULE_PASS},
	/* helo-fqdn */
	{good, IP, "mail", RULE_HELO_FQDN, RULE_FAIL},
	{good, IP, "localhost", RULE_HELO_FQDN, RULE_FAIL},
	{good, IP, "198.51.100.5", RULE_HELO_FQDN, RULE_FAIL},
	{good, IP, "bad..example.com", RULE_HELO_FQDN, RULE_FAIL},
	{good, IP, "[198.51.100.5]", RULE_HELO_FQDN, RULE_PASS},
	{good, IP, "[not-an-ip]", RULE_HELO_FQDN, RULE_FAIL},
	{good, IP, "mail_1.example.com", RULE_HELO_FQDN, RULE_WARN},
	{good, IP, NULL, RULE_HELO_FQDN, RULE_SKIP},
	/* helo-resolves: an A, or a null MX alone, is enough */
	{good, IP, "mail.example.com", RULE_HELO_RESOLVES, RULE_PASS},
	{good, IP, "ghost.example.com", RULE_HELO_RESOLVES, RULE_FAIL},
	{LABKIT_ZONES FWD "relay MX 0 .\n" REV "5 PTR mail.example.com.\n",
	 IP, "relay.example.com", RULE_HELO_RESOLVES, RULE_PASS},
	{"; servfail: slow.example.com\n" LABKIT_ZONES, IP, "mail.slow.example.com", RULE_HELO_RESOLVES, RULE_ERROR},
	{good, IP, "[198.51.100.5]", RULE_HELO_RESOLVES, RULE_PASS},
	{good, IP, NULL, RULE_HELO_RESOLVES, RULE_SKIP},
	/* helo-matches-ptr: case and a trailing dot do not count; a literal matches its address */
	{good, IP, "MAIL.example.com.", RULE_HELO_MATCHES_PTR, RULE_PASS},
	{good, IP, "other.example.com", RULE_HELO_MATCHES_PTR, RULE_WARN},
	{good, IP, "[198.51.100.5]", RULE_HELO_MATCHES_PTR, RULE_PASS},
	{good, IP, "[198.51.100.6]", RULE_HELO_MATCHES_PTR, RULE_WARN},
	{LABKIT_ZONES, IP, "mail.example.com", RULE_HELO_MATCHES_PTR, RULE_SKIP},
	/* ipv6-ptr: the other family's address needs its own PTR, from either side */
	{forgotten, IP, "mail.example.com", RULE_IPV6_PTR, RULE_WARN},
	{complete, IP, "mail.example.com", RULE_IPV6_PTR, RULE_PASS},
	{elsewhere, IP, "mail.example.com", RULE_IPV6_PTR, RULE_WARN},
	{good, IP, "mail.example.com", RULE_IPV6_PTR, RULE_PASS},
	{"; timeout: 1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa\n" LABKIT_ZONES FWD
	 "mail A 198.51.100.5\nmail AAAA 2001:db8:1::5\n" REV "5 PTR mail.example.com.\n",
	 IP, "mail.example.com", RULE_IPV6_PTR, RULE_ERROR},
	{LABKIT_ZONES FWD "mail A 198.51.100.5\nmail AAAA 2001:db8:1::5\n" REV6 PTR6_OWNER " PTR mail.example.com.\n",
	 IP6, "mail.example.com", RULE_IPV6_PTR, RULE_WARN},
};

static void cases__each_rule_status(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct rule_case *c = &cases[i];
		struct labkit kit;
		labkit_run(&kit, c->zones, c->ip, c->helo);
		enum rule_status got = kit.findings.rules.rules[c->id].status;
		if (got != c->want)
			fail_msg("case %zu: %s from %s, HELO %s: %s, want %s (%s)", i, rule_id_name(c->id), c->ip,
				 c->helo ? c->helo : "(none)", rule_status_name(got), rule_status_name(c->want),
				 kit.findings.rules.rules[c->id].finding);
		labkit_free(&kit);
	}
}

static void all_rules__good_server__pass(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, good, IP, "mail.example.com");
	for (int i = 0; i < RULE_COUNT; i++)
		if (i != RULE_AUTH_AGREE && i != RULE_CACHE_CURRENT && i != RULE_DNSSEC)
			assert_rule(&kit, (enum rule_id)i, RULE_PASS);
	/* a lab scenario without servers: nobody to ask directly */
	assert_rule(&kit, RULE_AUTH_AGREE, RULE_SKIP);
	assert_rule(&kit, RULE_CACHE_CURRENT, RULE_SKIP);
	/* a lab's resolver validates nothing: no AD bit */
	assert_rule(&kit, RULE_DNSSEC, RULE_SKIP);
	assert_int_equal(kit.findings.rules.verdict, RULE_PASS);
	assert_int_equal(rules_exit_code(kit.findings.rules.verdict), 0);
	labkit_free(&kit);
}

/* A live backend pointed at a loopback port nobody listens on answers
 * nothing: enough to see the documentation-address warning outside the lab. */
static void ip_public__documentation_address_live__warns(void **state)
{
	(void)state;
	char spec[32];
	snprintf(spec, sizeof spec, "127.0.0.1:%u", fake_closed_port());
	const char *servers[] = {spec};
	struct backend *b;
	char err[200];
	assert_true(backend_new_live(servers, 1, NULL, 30, &b, err, sizeof err));
	struct diagnosis *d;
	assert_int_equal(diagnosis_start("203.0.113.9", NULL, b, NULL, NULL, &d), DIAGNOSIS_OK);
	diagnosis_wait(d);
	struct findings f;
	findings_compute(d, NULL, &f);
	const struct rule_results rr = f.rules;
	assert_int_equal(rr.rules[RULE_IP_PUBLIC].status, RULE_WARN);
	assert_int_equal(rr.rules[RULE_PTR_EXISTS].status, RULE_ERROR);
	assert_int_equal(rr.verdict, RULE_ERROR);
	assert_int_equal(rules_exit_code(rr.verdict), 3);
	diagnosis_free(d);
	backend_free(b);
}

static void ptr_exists__nxdomain__fails_and_dependents_skip(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, LABKIT_ZONES FWD "mail A 198.51.100.5\n", IP, "mail.example.com");
	assert_rule(&kit, RULE_PTR_EXISTS, RULE_FAIL);
	assert_rule(&kit, RULE_FCRDNS, RULE_FAIL);
	assert_rule(&kit, RULE_PTR_SINGLE, RULE_SKIP);
	assert_rule(&kit, RULE_PTR_HOSTNAME, RULE_SKIP);
	assert_rule(&kit, RULE_PTR_FORWARD, RULE_SKIP);
	assert_rule(&kit, RULE_PTR_NOT_GENERIC, RULE_SKIP);
	assert_rule(&kit, RULE_HELO_MATCHES_PTR, RULE_SKIP);
	assert_int_equal(kit.findings.rules.verdict, RULE_FAIL);
	assert_int_equal(rules_exit_code(kit.findings.rules.verdict), 1);
	labkit_free(&kit);
}

static void ptr_exists__servfail__error(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, "; servfail: 100.51.198.in-addr.arpa\n" LABKIT_ZONES, IP, NULL);
	assert_rule(&kit, RULE_PTR_EXISTS, RULE_ERROR);
	assert_rule(&kit, RULE_FCRDNS, RULE_ERROR);
	assert_rule(&kit, RULE_DNS_COMPLETE, RULE_ERROR);
	assert_int_equal(kit.findings.rules.verdict, RULE_ERROR);
	labkit_free(&kit);
}

static void ptr_exists__rfc2317_cname__passes_and_names_target(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit,
		   LABKIT_ZONES FWD "mail A 198.51.100.5\n" REV "5 CNAME 5.0/25.100.51.198.in-addr.arpa.\n"
				    "$ORIGIN 0/25.100.51.198.in-addr.arpa.\n"
				    "@ SOA ns.customer.example. h.customer.example. 1 2 3 4 5\n"
				    "5 PTR mail.example.com.\n",
		   IP, "mail.example.com");
	assert_rule(&kit, RULE_PTR_EXISTS, RULE_PASS);
	assert_rule(&kit, RULE_FCRDNS, RULE_PASS);
	assert_string_equal(kit.findings.evidence.cname_target, "5.0/25.100.51.198.in-addr.arpa.");
	assert_string_equal(kit.findings.evidence.zone, "0/25.100.51.198.in-addr.arpa.");
	assert_non_null(strstr(kit.findings.rules.rules[RULE_PTR_EXISTS].finding, "RFC 2317"));
	labkit_free(&kit);
}

static void ptr_forward__ipv6_client_name_with_only_a__fails(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, LABKIT_ZONES FWD "mail A 198.51.100.5\n" REV6 PTR6_OWNER " PTR mail.example.com.\n", IP6, NULL);
	assert_rule(&kit, RULE_PTR_FORWARD, RULE_FAIL);
	assert_rule(&kit, RULE_FCRDNS, RULE_FAIL);
	labkit_free(&kit);
}

static void dns_complete__side_lookup_fails__warns(void **state)
{
	(void)state;
	struct labkit kit;
	/* Only the other family's lookup times out: the verdict on the IP stands. */
	labkit_run(&kit, "; timeout: 1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa\n" LABKIT_ZONES FWD
		   "mail A 198.51.100.5\nmail AAAA 2001:db8:1::5\n" REV "5 PTR mail.example.com.\n",
		   IP, "mail.example.com");
	assert_rule(&kit, RULE_DNS_COMPLETE, RULE_WARN);
	assert_rule(&kit, RULE_FCRDNS, RULE_PASS);
	labkit_free(&kit);
}

static void verdict__worst_status_wins(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, LABKIT_ZONES FWD "mail A 198.51.100.5\nother A 198.51.100.6\n" REV "5 PTR mail.example.com.\n",
		   IP, "other.example.com");
	assert_int_equal(kit.findings.rules.verdict, RULE_WARN);
	assert_int_equal(rules_exit_code(kit.findings.rules.verdict), 2);
	labkit_free(&kit);
	/* A definite failure outranks DNS trouble elsewhere. */
	labkit_run(&kit, "; servfail: 100.51.198.in-addr.arpa\n" LABKIT_ZONES, IP, "mail");
	assert_rule(&kit, RULE_PTR_EXISTS, RULE_ERROR);
	assert_rule(&kit, RULE_HELO_FQDN, RULE_FAIL);
	assert_int_equal(kit.findings.rules.verdict, RULE_FAIL);
	labkit_free(&kit);
}

static void names__ids_round_trip(void **state)
{
	(void)state;
	for (int i = 0; i < RULE_COUNT; i++) {
		enum rule_id id;
		assert_true(rule_id_from_name(rule_id_name((enum rule_id)i), &id));
		assert_int_equal(id, i);
		assert_true(strlen(rule_title((enum rule_id)i)) > 0);
	}
	enum rule_id id;
	assert_false(rule_id_from_name("no-such-rule", &id));
	assert_string_equal(rule_status_name(RULE_SKIP), "skip");
}

/* A server's id as PTR and HELO: its domain is the sender's own only when
 * its zone has name servers of its own, apart from the reverse zone's. */
#define OWNER_ZONES(forward_ns) \
	"; server: ns1.example.com 192.0.2.80 example.com\n" \
	"; server: ns1.isp.example 192.0.2.53 100.51.198.in-addr.arpa isp.example\n" \
	"$TTL 300\n" \
	"$ORIGIN example.com.\n" \
	"@ SOA " forward_ns " h.example.com. 1 3600 600 86400 300\n" \
	"@ NS " forward_ns "\n" \
	"ns1 A 192.0.2.80\n" \
	"vm123456 A 198.51.100.5\n" \
	"$ORIGIN isp.example.\n" \
	"@ SOA ns1.isp.example. h.isp.example. 1 3600 600 86400 300\n" \
	"@ NS ns1.isp.example.\n" \
	"ns1 A 192.0.2.53\n" \
	"$ORIGIN 100.51.198.in-addr.arpa.\n" \
	"@ SOA ns1.isp.example. h.isp.example. 5 3600 600 86400 120\n" \
	"@ NS ns1.isp.example.\n" \
	"5 PTR vm123456.example.com.\n"

static void ptr_not_generic__machine_id_owned_by_its_zone_servers(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, OWNER_ZONES("ns1.example.com."), "198.51.100.5", "vm123456.example.com");
	assert_rule(&kit, RULE_PTR_NOT_GENERIC, RULE_PASS);
	assert_non_null(strstr(kit.findings.rules.rules[RULE_PTR_NOT_GENERIC].finding,
			       "example.com is yours: example.com has name servers of its own (ns1.example.com., not the "
			       "reverse zone's ns1.isp.example.)"));
	labkit_free(&kit);
	labkit_run(&kit, OWNER_ZONES("ns1.isp.example."), "198.51.100.5", "vm123456.example.com");
	assert_rule(&kit, RULE_PTR_NOT_GENERIC, RULE_WARN); /* the provider serves both: its domain */
	labkit_free(&kit);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(all_rules__good_server__pass),
		cmocka_unit_test(cases__each_rule_status),
		cmocka_unit_test(ip_public__documentation_address_live__warns),
		cmocka_unit_test(ptr_exists__nxdomain__fails_and_dependents_skip),
		cmocka_unit_test(ptr_exists__servfail__error),
		cmocka_unit_test(ptr_exists__rfc2317_cname__passes_and_names_target),
		cmocka_unit_test(ptr_forward__ipv6_client_name_with_only_a__fails),
		cmocka_unit_test(dns_complete__side_lookup_fails__warns),
		cmocka_unit_test(verdict__worst_status_wins),
		cmocka_unit_test(ptr_not_generic__machine_id_owned_by_its_zone_servers),
		cmocka_unit_test(names__ids_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
