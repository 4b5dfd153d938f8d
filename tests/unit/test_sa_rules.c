/* test_sa_rules - SpamAssassin's rules as sa_rules runs them: the relay
 * line Received.pm writes, SpamAssassin's trusted addresses, the metas,
 * a rule scored 0 left off, and the eval helo_ip_mismatch(). The real
 * spamassassin agrees on the same cases in tests/receivers. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "peers/sa_rules.h"

struct hits {
	char text[600];
};

static void collect(const char *rule, double score, void *arg)
{
	struct hits *h = arg;
	size_t used = strlen(h->text);
	snprintf(h->text + used, sizeof h->text - used, "%s%s=%g", used ? " " : "", rule, score);
}

/* hits - the rules that hit a client at ip with rdns (NULL: unknown) and helo. */
static const char *hits(struct hits *h, const char *ip, const char *rdns, const char *helo)
{
	struct ip_address addr;
	assert_int_equal(names_parse_ip(ip, &addr), NAMES_OK);
	struct sa_client c = {.ip = &addr, .rdns = rdns, .helo = helo};
	h->text[0] = '\0';
	assert_int_equal(sa_rules_run(&c, collect, h), SA_OK);
	return h->text;
}

static void rules__load_without_error(void **state)
{
	(void)state;
	assert_string_equal(sa_rules_error(), "");
}

static void relay_line__as_received_pm_writes_it(void **state)
{
	(void)state;
	struct ip_address ip;
	char line[SA_RELAY_LINE_MAX];
	assert_int_equal(names_parse_ip("2001:DB8:0::5", &ip), NAMES_OK);
	struct sa_client c = {.ip = &ip, .rdns = "Mail.Example.com.", .helo = "[IPv6:2001:db8::5]"};
	sa_relay_line(&c, line, sizeof line);
	assert_string_equal(line, "[ ip=2001:db8::5 rdns=Mail.Example.com helo=!IPv6:2001:db8::5! "
				  "by=mx.receiver.invalid ident= envfrom= intl=0 id=4AB2C3D4E5 auth= msa=0 ]");
	c.rdns = NULL;
	c.helo = "a b<c>";
	sa_relay_line(&c, line, sizeof line);
	assert_non_null(strstr(line, " rdns= helo=a!b!c! by="));
	sa_received_line(&c, line, sizeof line);
	assert_int_equal(strncmp(line, "from a b<c> (unknown [IPv6:2001:db8::5])", 40), 0);
}

static void ip_private__spamassassin_s_list(void **state)
{
	(void)state;
	const char *trusted[] = {"10.1.2.3", "127.0.0.2", "169.254.1.1", "172.31.0.1", "192.168.9.9", "100.127.0.1",
				 "::1", "fe80::1", "::ffff:10.0.0.1"};
	const char *external[] = {"172.32.0.1", "100.128.0.1", "192.0.2.1", "45.90.1.5", "fc00::1", "2001:db8::1",
				  "::ffff:45.90.1.5"};
	struct ip_address ip;
	for (size_t i = 0; i < sizeof trusted / sizeof trusted[0]; i++) {
		assert_int_equal(names_parse_ip(trusted[i], &ip), NAMES_OK);
		if (!sa_ip_private(&ip))
			fail_msg("%s should be trusted", trusted[i]);
	}
	for (size_t i = 0; i < sizeof external / sizeof external[0]; i++) {
		assert_int_equal(names_parse_ip(external[i], &ip), NAMES_OK);
		if (sa_ip_private(&ip))
			fail_msg("%s should be external", external[i]);
	}
}

static void rules__rdns(void **state)
{
	(void)state;
	struct hits h;
	assert_string_equal(hits(&h, "45.90.2.5", NULL, "mail.s02.test"), "RDNS_NONE=1.274");
	assert_string_equal(hits(&h, "45.90.1.5", "mail.s01.test.", "mail.s01.test"), "");
	/* a trusted (private) client is no external relay: nothing hits */
	assert_string_equal(hits(&h, "10.1.2.3", NULL, "mail.s26.test"), "");
	/* "static" in the name keeps RDNS_DYNAMIC off, but not the HELO rules */
	assert_string_equal(hits(&h, "45.90.5.5", "45-90-5-5.dyn.example.net", "mail.example.net"),
			    "RDNS_DYNAMIC=0.363 KHOP_HELO_FCRDNS=1");
	assert_string_equal(hits(&h, "45.90.5.5", "static.5.5.90.45.clients.example.de", "static.5.5.90.45.clients.example.de"),
			    "HELO_DYNAMIC_IPADDR=3.243 CK_HELO_GENERIC=1");
	assert_string_equal(hits(&h, "45.90.5.5", "localhost", "mail.example.net"), "RDNS_LOCALHOST=0.969");
}

static void rules__helo(void **state)
{
	(void)state;
	struct hits h;
	const char *ip = "45.90.1.5", *rdns = "mail.example-host.net"; /* 21 characters: not __RDNS_SHORT */
	assert_string_equal(hits(&h, ip, rdns, "mail"), "FSL_HELO_NON_FQDN_1=0.001 HELO_NO_DOMAIN=1 KHOP_HELO_FCRDNS=1");
	assert_string_equal(hits(&h, ip, rdns, "localhost"),
			    "FSL_HELO_NON_FQDN_1=0.001 HELO_LOCALHOST=3.603 KHOP_HELO_FCRDNS=1");
	/* KHOP_HELO_FCRDNS: not when the HELO starts with the PTR name, any case */
	assert_string_equal(hits(&h, ip, rdns, "MAIL.example-host.net."), "");
	/* nor when the PTR name has 4 to 14 characters */
	assert_string_equal(hits(&h, ip, "mail.s18.test", "other.s18.test"), "");
	/* a bare IPv4 HELO outside the client's /24; the same /24 is fine */
	assert_string_equal(hits(&h, ip, rdns, "45.90.99.1"),
			    "FSL_HELO_BARE_IP_1=1.426 KHOP_HELO_FCRDNS=1 TVD_RCVD_IP=0.001 TVD_RCVD_IP4=0.001 "
			    "RCVD_HELO_IP_MISMATCH=1.186");
	assert_null(strstr(hits(&h, ip, rdns, "45.90.1.77"), "RCVD_HELO_IP_MISMATCH"));
	/* an address literal is "!45.90.1.5!" to SpamAssassin: no IP rule */
	assert_string_equal(hits(&h, ip, rdns, "[45.90.1.5]"), "KHOP_HELO_FCRDNS=1");
	/* HELO_LH_LD and HELO_FRIEND are scored 0: SpamAssassin does not run them */
	assert_string_equal(hits(&h, ip, rdns, "localhost.localdomain"), "KHOP_HELO_FCRDNS=1");
	assert_string_equal(hits(&h, ip, rdns, "friend"), "FSL_HELO_NON_FQDN_1=0.001 HELO_NO_DOMAIN=1 KHOP_HELO_FCRDNS=1");
}

/* The SPF plugin's HELO rules: one per result, scored as 50_scores.cf
 * says (set 1), the T_ ones 0.01; none for a trusted client. */
static void rules__spf_helo(void **state)
{
	(void)state;
	static const struct {
		enum spf_result result;
		const char *hit;
	} cases[] = {
		{SPF_NONE, "SPF_HELO_NONE=0.001"},         {SPF_PASS, "SPF_HELO_PASS=-0.001"},
		{SPF_FAIL, "SPF_HELO_FAIL=0.001"},         {SPF_SOFTFAIL, "SPF_HELO_SOFTFAIL=0.896"},
		{SPF_NEUTRAL, "SPF_HELO_NEUTRAL=0.001"},   {SPF_PERMERROR, "T_SPF_HELO_PERMERROR=0.01"},
		{SPF_TEMPERROR, "T_SPF_HELO_TEMPERROR=0.01"}, {SPF_SKIPPED, ""}, {SPF_NOT_PREDICTED, ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct ip_address addr;
		assert_int_equal(names_parse_ip("203.0.113.5", &addr), NAMES_OK);
		struct sa_client c = {.ip = &addr, .rdns = "mail.example.com", .helo = "mail.example.com",
				      .helo_spf = cases[i].result};
		struct hits h = {""};
		assert_int_equal(sa_rules_run(&c, collect, &h), SA_OK);
		assert_string_equal(h.text, cases[i].hit);
	}
	struct ip_address private_address;
	assert_int_equal(names_parse_ip("192.168.1.5", &private_address), NAMES_OK);
	struct sa_client trusted = {.ip = &private_address, .helo = "mail.example.com", .helo_spf = SPF_FAIL};
	struct hits h = {""};
	assert_int_equal(sa_rules_run(&trusted, collect, &h), SA_OK);
	assert_string_equal(h.text, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rules__load_without_error),
		cmocka_unit_test(relay_line__as_received_pm_writes_it),
		cmocka_unit_test(ip_private__spamassassin_s_list),
		cmocka_unit_test(rules__rdns),
		cmocka_unit_test(rules__helo),
		cmocka_unit_test(rules__spf_helo),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
