/* test_provider - the compiled-in provider list. */
#include "labkit.h"
#include "rules/provider.h"

static struct provider_guess guess_for(const char *zones, const char *ip)
{
	struct labkit kit;
	struct provider_guess g;
	labkit_run(&kit, zones, ip, NULL);
	provider_detect(&kit.findings.evidence, ip, &g);
	labkit_free(&kit);
	return g;
}

#define REV "$ORIGIN 113.0.203.in-addr.arpa.\n"
#define SOA(ns, rname) "@ SOA " ns " " rname " 1 2 3 4 5\n"

static void detect__from_ptr_name(void **state)
{
	(void)state;
	struct provider_guess g = guess_for(REV SOA("ns.example.", "h.example.") "5 PTR ec2-203-0-113-5.compute-1.amazonaws.com.\n",
					    "203.0.113.5");
	assert_non_null(g.provider);
	assert_string_equal(g.provider->id, "aws");
	assert_string_equal(g.source, "ptr");
	assert_string_equal(g.evidence, "the PTR name ec2-203-0-113-5.compute-1.amazonaws.com. follows the naming of Amazon Web Services (EC2)");
	g = guess_for(REV SOA("ns.example.", "h.example.") "5 PTR ns1006999.ip-203-0-113.us.\n", "203.0.113.5");
	assert_string_equal(g.provider->id, "ovh");
	g = guess_for(REV SOA("ns.example.", "h.example.") "5 PTR vmi3225967.contaboserver.net.\n", "203.0.113.5");
	assert_string_equal(g.provider->id, "contabo");
	g = guess_for(REV SOA("ns.example.", "h.example.") "5 PTR a8-87.smtp-out.amazonses.com.\n", "203.0.113.5");
	assert_string_equal(g.provider->id, "hosted");
	/* hosts whose default names carry a machine id, not the address */
	static const struct {
		const char *ptr, *id;
	} defaults[] = {
		{"h2977839.stratoserver.net.", "strato"},       {"hwsrv-1311600.hostwindsdns.com.", "hostwinds"},
		{"client-203-0-113-5.hostwindsdns.com.", "hostwinds"}, {"ded730.hostwindsdns.com.", "hostwinds"},
		{"v3179705.hosted-by-vdsina.ru.", "vdsina"},     {"v170184.hosted-by-vdsina.com.", "vdsina"},
		{"32881-63176.bacloud.info.", "bacloud"},        {"5-113-0-203.bacloud.info.", "bacloud"},
		{"customer.worldstream.nl.", "worldstream"},     {"static.5.113.0.203.clients.your-server.de.", "hetzner"},
	};
	for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++) {
		char zone[200];
		snprintf(zone, sizeof zone, REV SOA("ns.example.", "h.example.") "5 PTR %s\n", defaults[i].ptr);
		g = guess_for(zone, "203.0.113.5");
		if (!g.provider || strcmp(g.provider->id, defaults[i].id) != 0)
			fail_msg("%s: %s, expected %s", defaults[i].ptr, g.provider ? g.provider->id : "none", defaults[i].id);
	}
	/* a provider's own servers beside its default names are not defaults */
	static const char *const own[] = {"shared7.hostwindsdns.com.", "sea-shared-38.hostwindsdns.com.",
					  "www12.your-server.de.", "mx1.ovh.net.", "stratoserver.net."};
	for (size_t i = 0; i < sizeof own / sizeof own[0]; i++) {
		char zone[200];
		snprintf(zone, sizeof zone, REV SOA("ns.example.", "h.example.") "5 PTR %s\n", own[i]);
		g = guess_for(zone, "203.0.113.5");
		if (g.provider)
			fail_msg("%s taken for %s's default name", own[i], g.provider->id);
	}
	g = guess_for(REV SOA("ns.example.", "h.example.") "5 PTR mail.example.com.\n", "203.0.113.5");
	assert_null(g.provider);
	assert_string_equal(g.source, "none");
	assert_false(g.registry);
}

static void detect__from_reverse_zone_servers(void **state)
{
	(void)state;
	struct provider_guess g = guess_for(REV SOA("ns-1511.awsdns-60.org.", "awsdns-hostmaster.amazon.com.")
					    "@ NS ns1-24-us-east-1.ec2-rdns.amazonaws.com.\n", "203.0.113.5");
	assert_string_equal(g.provider->id, "aws");
	assert_string_equal(g.source, "zone");
	assert_non_null(strstr(g.evidence, "the reverse zone 113.0.203.in-addr.arpa. is served by"));
	g = guess_for(REV SOA("ns1.your-server.de.", "postmaster.your-server.de.") "@ NS ns.second-ns.com.\n", "203.0.113.5");
	assert_string_equal(g.provider->id, "hetzner");
}

static void detect__registry_zone_is_not_delegated(void **state)
{
	(void)state;
	struct provider_guess g = guess_for("$ORIGIN 203.in-addr.arpa.\n" SOA("pri.authdns.ripe.net.", "dns.ripe.net.")
					    "@ NS ns3.afrinic.net.\n", "203.0.113.5");
	assert_true(g.registry);
	assert_non_null(strstr(g.registry_note, "only the holder of the IP block"));
	assert_null(g.provider);
}

static void providers__listed_and_found(void **state)
{
	(void)state;
	const char *ids[] = {"aws", "gcp", "azure", "digitalocean", "hetzner", "ovh", "linode", "vultr", "scaleway",
			     "oracle", "contabo", "ionos", "hostinger", "upcloud", "alibaba", "strato", "hostwinds",
			     "vdsina", "bacloud", "worldstream", "home", "hosted", "other"};
	assert_int_equal(provider_count(), sizeof ids / sizeof ids[0]);
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		const struct provider *p = provider_find(ids[i]);
		if (!p)
			fail_msg("provider %s missing", ids[i]);
		assert_true(strlen(p->name) > 2);
		assert_true(strlen(p->where) > 5);
		assert_ptr_equal(provider_at(i), p);
	}
	assert_null(provider_find("nope"));
	assert_null(provider_find(NULL));
	assert_null(provider_at(1000));
	assert_string_equal(provider_find("hetzner")->name, "Hetzner (Cloud and Robot)");
}

/* A home line and a hosted sender have nobody to ask for a PTR: their own
 * next step, with the user's values; a host has none (the report asks it). */
static void providers__own_next_step(void **state)
{
	(void)state;
	char buf[512];
	assert_true(provider_next(provider_find("home"), "198.51.100.5", "mail.example.com", buf, sizeof buf));
	assert_non_null(strstr(buf, "relay (smarthost)"));
	assert_non_null(strstr(buf, "mail.example.com for 198.51.100.5"));
	assert_true(provider_next(provider_find("hosted"), "198.51.100.5", "mail.example.com", buf, sizeof buf));
	assert_non_null(strstr(buf, "choose your hosting provider"));
	assert_null(strstr(buf, "{IP}"));
	assert_false(provider_next(provider_find("hetzner"), "198.51.100.5", "mail.example.com", buf, sizeof buf));
	assert_false(provider_next(provider_find("other"), "198.51.100.5", "mail.example.com", buf, sizeof buf));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(providers__listed_and_found),
		cmocka_unit_test(providers__own_next_step),
		cmocka_unit_test(detect__from_ptr_name),
		cmocka_unit_test(detect__from_reverse_zone_servers),
		cmocka_unit_test(detect__registry_zone_is_not_delegated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
