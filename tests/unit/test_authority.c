/* test_authority - what a zone's own servers say and what the resolver
 * still holds, read from a finished diagnosis over a lab with servers. */
#include "labkit.h"

#include "diagnosis/authority.h"

#define SERVERS \
	"; server: ns1.example.com 192.0.2.80 example.com\n" \
	"; server: ns1.isp.example 192.0.2.53 100.51.198.in-addr.arpa\n" \
	"; server: ns2.isp.example 192.0.2.54 100.51.198.in-addr.arpa\n"

#define ZONES \
	"$TTL 300\n" \
	"$ORIGIN example.com.\n" \
	"@ SOA ns1.example.com. h.example.com. 1 3600 600 86400 300\n" \
	"@ NS ns1\n" \
	"ns1 A 192.0.2.80\n" \
	"mail A 198.51.100.5\n" \
	"old A 198.51.100.5\n" \
	"$ORIGIN isp.example.\n" \
	"@ SOA ns1.isp.example. h.isp.example. 1 3600 600 86400 300\n" \
	"ns1 A 192.0.2.53\n" \
	"ns2 A 192.0.2.54\n" \
	"$ORIGIN 100.51.198.in-addr.arpa.\n" \
	"@ SOA ns1.isp.example. h.isp.example. 5 3600 600 86400 120\n" \
	"@ NS ns1.isp.example.\n" \
	"@ NS ns2.isp.example.\n" \
	"5 PTR mail.example.com.\n"

static void agree__both_servers_same_serial(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, SERVERS ZONES, "198.51.100.5", "mail.example.com");
	const struct zone_authority *z = &kit.findings.evidence.authority[ZONE_REVERSE];
	assert_true(z->asked);
	assert_string_equal(z->zone, "100.51.198.in-addr.arpa.");
	assert_int_equal(z->server_count, 2);
	assert_int_equal(z->good, 2);
	assert_int_equal(z->lame, 0);
	assert_true(z->agree);
	assert_int_equal(z->servers[0].serial, 5);
	assert_string_equal(z->servers[0].answers, "mail.example.com.");
	assert_true(kit.findings.evidence.cache.compared);
	assert_true(kit.findings.evidence.cache.current);
	assert_rule(&kit, RULE_AUTH_AGREE, RULE_PASS);
	assert_rule(&kit, RULE_CACHE_CURRENT, RULE_PASS);
	labkit_free(&kit);
}

static void disagree__a_secondary_missed_the_change(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit,
		   SERVERS "; differs: 192.0.2.54 100.51.198.in-addr.arpa. 300 IN SOA ns1.isp.example. h.isp.example. 4 "
			   "3600 600 86400 120\n"
			   "; differs: 192.0.2.54 5.100.51.198.in-addr.arpa. 300 IN PTR old.example.com.\n" ZONES,
		   "198.51.100.5", "mail.example.com");
	const struct zone_authority *z = &kit.findings.evidence.authority[ZONE_REVERSE];
	assert_false(z->agree);
	assert_non_null(strstr(z->disagreement, "serial 4"));
	assert_non_null(strstr(z->disagreement, "serial 5"));
	assert_string_equal(z->servers[z->newest].name, "ns1.isp.example.");
	assert_rule(&kit, RULE_AUTH_AGREE, RULE_FAIL);
	labkit_free(&kit);
}

static void lame__refused_server_counted(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit,
		   "; server: ns1.example.com 192.0.2.80 example.com\n"
		   "; server: ns1.isp.example 192.0.2.53 100.51.198.in-addr.arpa\n"
		   "; server: ns2.isp.example 192.0.2.54 isp.example\n" ZONES,
		   "198.51.100.5", "mail.example.com");
	const struct zone_authority *z = &kit.findings.evidence.authority[ZONE_REVERSE];
	assert_int_equal(z->good, 1);
	assert_int_equal(z->lame, 1);
	assert_true(authority_server_lame(&z->servers[1]) || authority_server_lame(&z->servers[0]));
	assert_rule(&kit, RULE_AUTH_AGREE, RULE_WARN);
	labkit_free(&kit);
}

static void cache__stale_and_negative(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, SERVERS "; cache: 5.100.51.198.in-addr.arpa. 700 IN PTR old.example.com.\n" ZONES,
		   "198.51.100.5", "mail.example.com");
	const struct cache_view *c = &kit.findings.evidence.cache;
	assert_true(c->compared);
	assert_false(c->current);
	assert_false(c->negative);
	assert_string_equal(c->resolver, "old.example.com.");
	assert_string_equal(c->authoritative, "mail.example.com.");
	assert_int_equal(c->ttl_left, 700);
	assert_int_equal(c->record_ttl, 300);
	assert_rule(&kit, RULE_CACHE_CURRENT, RULE_WARN);
	labkit_free(&kit);
	labkit_run(&kit, SERVERS "; cache: 5.100.51.198.in-addr.arpa. PTR nxdomain 90\n" ZONES, "198.51.100.5",
		   "mail.example.com");
	c = &kit.findings.evidence.cache;
	assert_true(c->negative);
	assert_int_equal(c->ttl_left, 90);
	assert_int_equal(c->record_ttl, 120); /* RFC 2308: min(SOA minimum 120, SOA TTL 300) */
	labkit_free(&kit);
}

static void helpers__local_names_and_health(void **state)
{
	(void)state;
	assert_true(authority_ns_is_local("localhost."));
	assert_false(authority_ns_is_local("ns1.example.com."));
	assert_string_equal(authority_health_name(SERVER_REFUSED), "refused");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(agree__both_servers_same_serial),
		cmocka_unit_test(disagree__a_secondary_missed_the_change),
		cmocka_unit_test(lame__refused_server_counted),
		cmocka_unit_test(cache__stale_and_negative),
		cmocka_unit_test(helpers__local_names_and_health),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
