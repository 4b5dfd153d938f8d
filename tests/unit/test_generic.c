/* test_generic - names that must and must not look generic: providers'
 * default names and access-network names in the forms SpamAssassin's
 * 20_dynrdns.cf and draft-msullivan-dnsop-generic-naming-schemes describe,
 * servers' own names, and synthetic encodings of the address. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "rules/generic.h"

struct sample {
	const char *name;
	const char *ip;
};

static const struct sample flagged[] = {
	{"ec2-54-1-2-3.compute-1.amazonaws.com", "54.1.2.3"},
	{"ec2-3-15-22-8.us-east-2.compute.amazonaws.com", "3.15.22.8"},
	{"60.140.196.35.bc.googleusercontent.com", "35.196.140.60"},
	{"172-105-1-2.ip.linodeusercontent.com", "172.105.1.2"},
	{"static.130.235.21.65.clients.your-server.de", "65.21.235.130"},
	{"static.213-239-213-133.clients.your-server.de", "213.239.213.133"},
	{"45.77.154.115.vultrusercontent.com", "45.77.154.115"},
	{"60-76-15-51.instances.scw.cloud", "51.15.76.60"},
	{"62-210-214-84.rev.poneytelecom.eu", "62.210.214.84"},
	{"94-237-98-172.de-fra1.upcloud.host", "94.237.98.172"},
	{"ip87-106-117-14.pbiaas.com", "87.106.117.14"},
	{"cip-109-107-38-125.gb1.brightbox.com", "109.107.38.125"},
	{"c-67-171-0-90.hsd1.wa.comcast.net", "67.171.0.90"},
	{"pool-151-203-32-68.bos.east.verizon.net", "151.203.32.68"},
	{"dhcp024-210-034-053.columbus.rr.com", "24.210.34.53"},
	{"pD9E4F89F.dip.t-dialin.net", "217.228.248.159"},
	{"0xd5aaf40b.dhcp.kabelnettet.dk", "213.170.244.11"},
	{"74.67-201-80.adsl.skynet.be", "80.201.67.74"},
	{"186-103-171-154.static.tie.cl", "186.103.171.154"},
	{"dsl.dynamic8510023760.ttnet.net.tr", "85.100.237.60"},
	{"YahooBB219173000034.bbtec.net", "219.173.0.34"},
	{"dhcp-2.3.5.2.foo.bar.example.com", "2.3.5.2"},
	{"c-66-176-16-108.se.client2.attbi.com", "66.176.16.108"},
	{"c-67-168-174-61.client.comcast.net", "67.168.174.61"},
	{"80-218-47-160.dclient.hispeed.ch", "80.218.47.160"},
	{"pptp-81-30-186-139.ufanet.ru", "81.30.186.139"},
	{"dsl-200-95-109-107.prod-infinitum.com.mx", "200.95.109.107"},
	{"port-212-202-77-203.reverse.qsc.de", "212.202.77.203"},
	{"200-171-228-6.customer.telesp.net.br", "200.171.228.6"},
	{"cdm-68-226-239-16.laft.cox-internet.com", "68.226.239.16"},
	{"12-218-225-223.client.mchsi.com", "12.218.225.223"},
	{"catv-506237d8.miskcatv.broadband.hu", "80.98.55.216"},
	{"ool-18be1aaf.dyn.optonline.net", "24.190.26.175"},
	{"c221106.ppp.asahi-net.or.jp", "203.0.113.9"},
	{"fia83-8.dsl.hccnet.nl", "203.0.113.9"},
	{"192-0-2-7.dyn.isp.example.net", "192.0.2.7"},
	{"7.2.0.192.static.isp.example.net", "192.0.2.7"},
	{"host192000002007.isp.example.net", "192.0.2.7"},
	{"c0000207.isp.example.net", "192.0.2.7"},
	{"3221225991.isp.example.net", "192.0.2.7"},
	{"cpe-0-2-7.res.isp.example.net", "192.0.2.7"},
	{"dsl-pool-4471.isp.example.net", "192.0.2.7"},
	{"dynamic12.example.net", "192.0.2.7"},
	{"host-2001-db8--5.isp.example.net", "2001:db8::5"},
	{"li1038-30.members.linode.com", "45.33.96.30"},
	{"vmi3225967.contaboserver.net", "161.97.139.27"},
	{"vmd64148.contaboserver.net", "161.97.139.27"},
	{"ns1006999.ip-51-81-155.us", "51.81.155.96"},
	{"9.ip-51-91-159.eu", "51.91.159.9"},
	{"srv1234567.hstgr.cloud", "192.0.2.7"},
	{"ip87-106-117-14.pbiaas.com", "192.0.2.7"},
	{"20010db8000000000000000000000005.v6.isp.example.net", "2001:db8::5"},
	/* hosts' default names, from the provider fingerprints */
	{"h2977839.stratoserver.net", "192.0.2.7"},
	{"hwsrv-1311600.hostwindsdns.com", "192.0.2.7"},
	{"v3179705.hosted-by-vdsina.ru", "192.0.2.7"},
	{"32881-63176.bacloud.info", "192.0.2.7"},
	{"customer.worldstream.nl", "192.0.2.7"},
	/* a server or contract id at a host, no address in it (HELO unknown) */
	{"s12345678.hostco.example", "192.0.2.7"},
	{"h2874512.hostco-server.example", "192.0.2.7"},
	{"vm123456.cloudhost.example", "192.0.2.7"},
	{"v1234567.hosted-by-vpsco.example", "192.0.2.7"},
	{"hwsrv-123456.hostdns.example", "192.0.2.7"},
	{"12345-67890.hostco.info", "192.0.2.7"},
	{"srv98765.vpsco.example", "192.0.2.7"},
	{"server123456.hostco.example", "192.0.2.7"},
	{"vps12345.vpsco.example", "192.0.2.7"},
	{"c123456.cloud.example", "192.0.2.7"},
	{"d0e1f2a3b4c5.hostco.example", "192.0.2.7"},
	{"a1b2c3d4e5f60718.vm.example", "192.0.2.7"},
	{"cust12345.isp.example", "192.0.2.7"},
	{"p1234567-ipngn1234.city.isp.example", "192.0.2.7"},
	{"ns3012345.hostco.example", "192.0.2.7"},
	{"vmi123456.cloudhost.example", "2001:db8::5"},
	{"id00042.hostco.example.co.uk", "192.0.2.7"},
	/* line ids with no address under residential domains */
	{"Nancy-651-1-55-112.w83-193.abo.isp.example", "192.0.2.7"},
	{"Place-101-12-3.abo.isp.example", "192.0.2.7"},
	/* the address written another way: last octet first, or in part */
	{"5.red-83-45-67.dynamicip.isp.example", "83.45.67.5"},
	{"12.sub-174-252-3.carrier.example", "174.252.3.12"},
	{"pa-83-45-67-line12345.isp.example", "83.45.67.200"},
	{"ip-83-45-67.isp.example", "83.45.67.200"},
	{"67.45.83.cust.isp.example", "83.45.67.9"},
	{"host-45-67-9.isp.example", "83.45.67.9"},
	{"line-9.67.45.isp.example", "83.45.67.9"},
	/* keywords without digits: no host-specific part at all */
	{"static.isp.example", "192.0.2.7"},
	{"static.example.com", "192.0.2.7"},
	{"pool.example.com", "192.0.2.7"},
	{"customer.provider.example", "192.0.2.7"},
	{"dynamicip.isp.example", "192.0.2.7"},
	{"dsl.isp.example", "192.0.2.7"},
	{"client.isp.example", "192.0.2.7"},
	{"unassigned.hostco.example", "192.0.2.7"},
	{"static.customer.isp.example", "192.0.2.7"},
	{"rev.hostco.example", "192.0.2.7"},
	{"unknown.isp.example", "192.0.2.7"},
	{"dynamic.pool.isp.example", "192.0.2.7"},
	{"dynamicip-7.isp.example", "192.0.2.7"},
	/* hashed IPv6 names of access networks */
	{"ptr-a1b2c3d4e5f6g7.12345.ip6.access.isp.example", "2001:db8::5"},
	{"ptr-0123456789ab.dyn.isp.example", "2001:db8::5"},
	{"x1y2z3.host.ipv6.access.isp.example", "2001:db8::5"},
	{"ptr-9f8e7d6c5b4a3.customers.isp.example", "2001:db8::77"},
};

static const struct sample clean[] = {
	{"mail.example.com", "192.0.2.7"},
	{"mx1.example.org", "192.0.2.7"},
	{"smtp-out.example.net", "192.0.2.7"},
	{"mail2.example.com", "192.0.2.7"},
	{"mx.example.co.uk", "192.0.2.7"},
	{"smtp.example.com", "192.0.2.7"},
	{"web10.example.com", "192.0.2.10"},
	{"web02.example.com", "192.0.2.2"},
	{"node-12.cluster.example.net", "192.0.2.12"},
	{"generaldynamics.com", "192.0.2.7"},
	{"a8-87.smtp-out.amazonses.com", "54.240.8.87"},
	{"m43-7.mailgun.net", "69.72.43.7"},
	{"so254-9.mailgun.net", "198.61.254.9"},
	{"mail-bn1on0065.outbound.protection.outlook.com", "157.56.110.65"},
	{"wrqvtvsv.outbound-mail.sendgrid.net", "192.0.2.7"},
	{"mail-io1-xd48.google.com", "209.85.166.72"},
	{"out203-205-221-243.mail.qq.com", "203.205.221.243"},
	{"mta-out-24.mail.protection.outlook.com", "192.0.2.24"},
	{"mail.example.com", "54.1.2.3"},
	{"mail.example.com.", "2001:db8::5"},
	/* numbers chosen on purpose */
	{"smtp-out-01.example.net", "192.0.2.7"},
	{"mx01.example.org", "192.0.2.7"},
	{"mail-01.shop.example", "192.0.2.7"},
	{"relay3.example.com", "192.0.2.7"},
	{"mail-2023.example.com", "192.0.2.7"},
	{"smtp1.mail-2.example.net", "192.0.2.7"},
	{"node7.example.org", "192.0.2.7"},
	{"mx-eu-west-1.example.io", "192.0.2.7"},
	{"mail-2-1.example.org", "192.0.2.7"},
	{"m1.example.co.uk", "192.0.2.7"},
	{"out-13.smtp.example.net", "192.0.2.7"},
	{"bulk2.newsletter.example", "192.0.2.7"},
	{"edge-01.mailer.example", "192.0.2.7"},
	{"srv-01.example.com", "192.0.2.7"},
	{"mail4321.example.com", "192.0.2.7"},
	{"deadbeef.example.com", "192.0.2.7"},
	{"cafe1234.example.com", "192.0.2.7"},
	/* placeholder words inside a chosen name */
	{"mail.static-site.example", "192.0.2.7"},
	{"static-assets.example.com", "192.0.2.7"},
	{"customer-portal.example.com", "192.0.2.7"},
	{"poolside.example.com", "192.0.2.7"},
	{"mail.dynamics.example", "192.0.2.7"},
	/* a provider's own servers under the domain of its default names */
	{"www12.your-server.de", "192.0.2.7"},
	{"mail.your-server.de", "192.0.2.7"},
	{"mx1.ovh.net", "192.0.2.7"},
	{"shared7.hostwindsdns.com", "192.0.2.7"},
	{"ssl0.ovh.net", "192.0.2.7"},
	/* hosted senders stay hosted senders */
	{"mail-yw1-f170.google.com", "209.85.128.170"},
	{"a48-108.smtp-out.amazonses.com", "54.240.48.108"},
	{"mail-am6eur05on2099.outbound.protection.outlook.com", "40.107.22.99"},
	{"mta-174-47.mailgun.net", "192.0.2.7"},
	/* a PTR whose zone file lacked the trailing dot: ptr-hostname's case, not this one */
	{"mail.example.com.5.2.0.192.in-addr.arpa.", "192.0.2.5"},
	/* IPv6 mail servers' own names */
	{"mail6.example.com", "2001:db8::5"},
	{"mx-v6.example.net", "2001:db8::25"},
};

/* A numbered name in the domain of a HELO that is another name there is
 * one its owner chose; the PTR name itself as the HELO shows nothing. */
struct helo_sample {
	const char *name, *ip, *helo;
	bool flagged;
};

static const struct helo_sample with_helo[] = {
	{"s12345678.mydomain.example", "192.0.2.7", "mail.mydomain.example", false},
	/* the HELO is the PTR name itself: a server left at its provider's default sends that too */
	{"vm123456.mycorp.example", "192.0.2.7", "vm123456.mycorp.example", true},
	{"s12345678.hosting-server.example", "192.0.2.7", "s12345678.hosting-server.example", true},
	{"vm1234567.ssd.host.example", "192.0.2.7", "vm1234567.ssd.host.example.", true},
	{"57723.ptr.example", "192.0.2.7", "57723.ptr.example", true},
	{"p12345-ipngn01city.city.isp.example", "192.0.2.7", "p12345-ipngn01city.city.isp.example", true},
	{"web12345.shop.example.co.uk", "192.0.2.7", "mail.shop.example.co.uk", false},
	{"d0e1f2a3b4c5.mydomain.example", "192.0.2.7", "mail.mydomain.example.", false},
	{"s12345678.hostco.example", "192.0.2.7", "mail.mydomain.example", true},
	{"vm123456.cloudhost.example", "192.0.2.7", "vm123456", true},
	{"h2874512.hostco-server.example", "192.0.2.7", "[192.0.2.7]", true},
	{"srv98765.vpsco.example", "192.0.2.7", "mail.vpsco.example.net", true},
};

static void check_all(const struct sample *samples, size_t count, bool want)
{
	size_t wrong = 0;
	for (size_t i = 0; i < count; i++) {
		struct ip_address ip;
		char why[300];
		assert_int_equal(names_parse_ip(samples[i].ip, &ip), NAMES_OK);
		bool got = generic_name_check(samples[i].name, &ip, NULL, why, sizeof why);
		if (got != want) {
			print_error("%s (%s): %s, expected %s (%s)\n", samples[i].name, samples[i].ip,
				    got ? "flagged" : "clean", want ? "flagged" : "clean", why);
			wrong++;
		}
		if (got)
			assert_true(strlen(why) > 10);
	}
	if (wrong)
		fail_msg("%zu of %zu judged wrong", wrong, count);
}

static void generic__should_flag(void **state)
{
	(void)state;
	check_all(flagged, sizeof flagged / sizeof flagged[0], true);
}

static void generic__machine_ids_and_the_helo_domain(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof with_helo / sizeof with_helo[0]; i++) {
		const struct helo_sample *t = &with_helo[i];
		struct ip_address ip;
		char why[300];
		assert_int_equal(names_parse_ip(t->ip, &ip), NAMES_OK);
		enum generic_reason got = generic_name_check(t->name, &ip, t->helo, why, sizeof why);
		if ((got != GENERIC_NO) != t->flagged)
			fail_msg("%s with HELO %s: %s (%s)", t->name, t->helo, got ? "flagged" : "clean", why);
		if (got)
			assert_int_equal(got, GENERIC_MACHINE_ID);
	}
}

/* An access line's name with the HELO the same name: flagged, whatever
 * reason comes first. */
static void generic__newcomers_default_names(void **state)
{
	(void)state;
	struct ip_address ip;
	char why[700];
	assert_int_equal(names_parse_ip("192.0.2.7", &ip), NAMES_OK);
	assert_int_not_equal(generic_name_check("Town-123-1-45-67.abo.isp.example", &ip, "Town-123-1-45-67.abo.isp.example",
						why, sizeof why), GENERIC_NO);
	/* the zone's own servers, apart from the reverse zone's, show the domain is the sender's */
	struct generic_owner owner = {.helo = "s12345678.mydomain.example", .zone = "mydomain.example.",
				      .zone_servers = "ns1.dns-host.example, not the reverse zone's ns1.provider.example"};
	assert_int_equal(generic_name_judge("s12345678.mydomain.example", &ip, &owner, why, sizeof why), GENERIC_NO);
	assert_string_equal(why, "s12345678 reads as a machine's id at mydomain.example, not a name someone chose for a mail "
				 "server, but mydomain.example is yours: mydomain.example has name servers of its own "
				 "(ns1.dns-host.example, not the reverse zone's ns1.provider.example)");
	/* another zone's servers say nothing of this domain */
	owner.zone = "other.example.";
	assert_int_equal(generic_name_judge("s12345678.mydomain.example", &ip, &owner, why, sizeof why), GENERIC_MACHINE_ID);
}

static void generic__must_not_flag(void **state)
{
	(void)state;
	check_all(clean, sizeof clean / sizeof clean[0], false);
}

/* Another address in the name (a neighbour's): not this address, but
 * SpamAssassin's __RDNS_DYNAMIC_IPADDR reads any four numbers as one, so
 * the filter's rule is the evidence. */
static void generic__a_filters_rule_is_evidence(void **state)
{
	(void)state;
	static const struct sample neighbours[] = {
		{"srv-192-0-2-70.example.net", "192.0.2.7"},
		{"x1192-0-2-77.example.net", "192.0.2.7"},
		{"gw-10-0-0-1.example.net", "192.0.2.7"},
	};
	for (size_t i = 0; i < sizeof neighbours / sizeof neighbours[0]; i++) {
		struct ip_address ip;
		char why[300];
		assert_int_equal(names_parse_ip(neighbours[i].ip, &ip), NAMES_OK);
		assert_int_equal(generic_name_check(neighbours[i].name, &ip, NULL, why, sizeof why), GENERIC_PEER_RULE);
		assert_string_equal(why, "SpamAssassin's RDNS_DYNAMIC (__RDNS_DYNAMIC_IPADDR) calls it dynamic");
	}
	/* under the HELO's own domain ptrdoctor differs, and says why */
	struct ip_address ip;
	char why[300];
	assert_int_equal(names_parse_ip("192.0.2.7", &ip), NAMES_OK);
	assert_int_equal(generic_name_check("srv-192-0-2-70.example.net", &ip, "mail.example.net", why, sizeof why),
			 GENERIC_NO);
	assert_string_equal(why, "SpamAssassin's RDNS_DYNAMIC (__RDNS_DYNAMIC_IPADDR) calls it dynamic, but example.net is "
				 "yours: your HELO mail.example.net is another name in example.net");
}

/* Every example name in SpamAssassin's 20_dynrdns.cf is judged generic,
 * and SpamAssassin's rule or rspamd's is named (the file lists them). */
static void generic__spamassassins_own_examples(void **state)
{
	(void)state;
	FILE *f = fopen("tests/unit/dynrdns-names.txt", "r");
	assert_non_null(f);
	char line[300];
	size_t judged = 0, wrong = 0;
	while (fgets(line, sizeof line, f)) {
		char name[256], address[64] = "192.0.2.7", why[400];
		if (line[0] == '#' || sscanf(line, "%255s %63s", name, address) < 1)
			continue;
		struct ip_address ip;
		assert_int_equal(names_parse_ip(address, &ip), NAMES_OK);
		enum generic_reason got = generic_name_check(name, &ip, NULL, why, sizeof why);
		if (got == GENERIC_NO || (!strstr(why, "RDNS_DYNAMIC") && !strstr(why, "HFILTER_HOSTNAME"))) {
			print_error("%s (%s): %s (%s)\n", name, address, got ? "no filter rule named" : "clean", why);
			wrong++;
		}
		judged++;
	}
	fclose(f);
	assert_true(judged >= 60);
	if (wrong)
		fail_msg("%zu of %zu of SpamAssassin's examples judged wrong", wrong, judged);
}

static void generic__finding_names_the_encoding(void **state)
{
	(void)state;
	struct ip_address ip;
	char why[300];
	assert_int_equal(names_parse_ip("203.0.113.5", &ip), NAMES_OK);
	assert_int_equal(generic_name_check("203-0-113-5.dyn.isp.example.net", &ip, NULL, why, sizeof why), GENERIC_ADDRESS);
	assert_string_equal(why, "contains the address 203.0.113.5 as 203-0-113-5; SpamAssassin's RDNS_DYNAMIC "
				 "(__RDNS_DYNAMIC_IPADDR) and rspamd's HFILTER_HOSTNAME_5 say so too");
	/* the reason is a value: receivers tell access networks from the rest by it */
	assert_int_equal(generic_name_check("dsl-pool-77.isp.example.net", &ip, NULL, why, sizeof why), GENERIC_ACCESS_WORD);
	assert_int_equal(generic_name_check("mail.example.com", &ip, NULL, why, sizeof why), GENERIC_NO);
	assert_string_equal(why, "");
	assert_int_equal(generic_name_check("static.isp.example", &ip, NULL, why, sizeof why), GENERIC_PLACEHOLDER);
	assert_string_equal(why, "\"static\" names no machine: a placeholder many addresses share, not a server's own name");
	assert_int_equal(generic_name_check("h2977839.stratoserver.net.", &ip, "mail.shop.example", why, sizeof why),
			 GENERIC_PROVIDER_DEFAULT);
	assert_string_equal(why, "it is the default name STRATO gives a server: set your own PTR there (the server's settings "
				 "in STRATO's customer login, or STRATO's support)");
	assert_int_equal(generic_name_check("s12345678.hostco.example", &ip, NULL, why, sizeof why), GENERIC_MACHINE_ID);
	assert_string_equal(why, "s12345678 reads as a machine's id at hostco.example, not a name someone chose for a mail "
				 "server; rspamd's HFILTER_HOSTNAME_2 says so too");
	assert_int_equal(names_parse_ip("64.53.171.35", &ip), NAMES_OK);
	assert_int_equal(generic_name_check("d53-64-35-171.nap.wideopenwest.com", &ip, NULL, why, sizeof why), GENERIC_ADDRESS);
	assert_non_null(strstr(why, "contains the address 64.53.171.35 as 53-64-35-171 (each pair swapped)"));
	assert_int_equal(names_parse_ip("203.0.113.5", &ip), NAMES_OK);
	assert_int_equal(generic_name_check("9.red-203-0-113.isp.example", &ip, NULL, why, sizeof why), GENERIC_ADDRESS);
	assert_string_equal(why, "contains part of the address 203.0.113.5 as 203-0-113; SpamAssassin's RDNS_DYNAMIC "
				 "(__RDNS_DYNAMIC_SPLIT_IP) says so too");
	assert_true(generic_is_hosted_sender("a8-87.smtp-out.amazonses.com."));
	assert_false(generic_is_hosted_sender("amazonses.com.example.net"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(generic__should_flag),
		cmocka_unit_test(generic__must_not_flag),
		cmocka_unit_test(generic__machine_ids_and_the_helo_domain),
		cmocka_unit_test(generic__newcomers_default_names),
		cmocka_unit_test(generic__a_filters_rule_is_evidence),
		cmocka_unit_test(generic__spamassassins_own_examples),
		cmocka_unit_test(generic__finding_names_the_encoding),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
