/* test_names - address parsing and classification, reverse names, host-name
 * and HELO validation, terminal escaping. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "util/names.h"

static void assert_parses(const char *text, int family, const char *canonical)
{
	struct ip_address ip;
	if (names_parse_ip(text, &ip) != NAMES_OK)
		fail_msg("%s does not parse", text);
	assert_int_equal(ip.family, family);
	assert_string_equal(ip.text, canonical);
}

static void assert_rejects(const char *text, enum names_status want)
{
	struct ip_address ip;
	enum names_status got = names_parse_ip(text, &ip);
	if (got != want)
		fail_msg("%s: got status %d, expected %d", text, got, want);
	assert_true(strlen(names_status_message(got)) > 0);
}

static void parse_ip__valid_forms(void **state)
{
	(void)state;
	assert_parses("203.0.113.5", AF_INET, "203.0.113.5");
	assert_parses("[203.0.113.5]", AF_INET, "203.0.113.5");
	assert_parses("2001:DB8::5", AF_INET6, "2001:db8::5");
	assert_parses("2001:0db8:0000:0000:0000:0000:0000:0005", AF_INET6, "2001:db8::5");
	assert_parses("[IPv6:2001:db8::5]", AF_INET6, "2001:db8::5");
	/* IPv4-mapped IPv6 becomes IPv4, as Postfix turns it back. */
	assert_parses("::ffff:192.0.2.7", AF_INET, "192.0.2.7");
}

static void parse_ip__bad_forms_say_why(void **state)
{
	(void)state;
	assert_rejects("", NAMES_EMPTY);
	assert_rejects("[]", NAMES_EMPTY);
	assert_rejects("010.1.2.3", NAMES_LEADING_ZERO);
	assert_rejects("1.2.3.04", NAMES_LEADING_ZERO);
	assert_rejects("192.0.2.1.", NAMES_TRAILING_DOT);
	assert_rejects("fe80::1%eth0", NAMES_ZONE_ID);
	assert_rejects("192.0.2.0/24", NAMES_PREFIX);
	assert_rejects("mail.example.com", NAMES_NOT_ADDRESS);
	assert_rejects("256.1.1.1", NAMES_NOT_ADDRESS);
	assert_rejects("1.2.3", NAMES_NOT_ADDRESS);
	assert_rejects("2001:db8:::1", NAMES_NOT_ADDRESS);
	assert_rejects("1.2.3.4\n", NAMES_NOT_ADDRESS);
	char longer[10000];
	memset(longer, '1', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	assert_rejects(longer, NAMES_TOO_LONG);
}

static enum ip_kind kind_of(const char *text)
{
	struct ip_address ip;
	assert_int_equal(names_parse_ip(text, &ip), NAMES_OK);
	return names_ip_kind(&ip);
}

static void ip_kind__special_ranges(void **state)
{
	(void)state;
	assert_int_equal(kind_of("8.8.8.8"), IP_PUBLIC);
	assert_int_equal(kind_of("10.1.2.3"), IP_PRIVATE);
	assert_int_equal(kind_of("172.16.0.1"), IP_PRIVATE);
	assert_int_equal(kind_of("172.32.0.1"), IP_PUBLIC);
	assert_int_equal(kind_of("192.168.1.1"), IP_PRIVATE);
	assert_int_equal(kind_of("100.64.0.1"), IP_CGNAT);
	assert_int_equal(kind_of("100.127.255.255"), IP_CGNAT);
	assert_int_equal(kind_of("100.128.0.1"), IP_PUBLIC);
	assert_int_equal(kind_of("127.0.0.1"), IP_LOOPBACK);
	assert_int_equal(kind_of("169.254.1.1"), IP_LINK_LOCAL);
	assert_int_equal(kind_of("192.0.2.1"), IP_DOCUMENTATION);
	assert_int_equal(kind_of("198.51.100.1"), IP_DOCUMENTATION);
	assert_int_equal(kind_of("203.0.113.1"), IP_DOCUMENTATION);
	assert_int_equal(kind_of("224.0.0.1"), IP_MULTICAST);
	assert_int_equal(kind_of("0.0.0.0"), IP_UNSPECIFIED);
	assert_int_equal(kind_of("255.255.255.255"), IP_RESERVED);
	assert_int_equal(kind_of("2a01:4f8::1"), IP_PUBLIC);
	assert_int_equal(kind_of("::1"), IP_LOOPBACK);
	assert_int_equal(kind_of("::"), IP_UNSPECIFIED);
	assert_int_equal(kind_of("fd12::1"), IP_PRIVATE);
	assert_int_equal(kind_of("fe80::1"), IP_LINK_LOCAL);
	assert_int_equal(kind_of("2001:db8::1"), IP_DOCUMENTATION);
	assert_int_equal(kind_of("ff02::1"), IP_MULTICAST);
	assert_int_equal(kind_of("64:ff9b::1.2.3.4"), IP_RESERVED);
	assert_string_equal(names_ip_kind_name(IP_CGNAT), "carrier-grade NAT (CGNAT)");
}

static void assert_reverse(const char *text, const char *want)
{
	struct ip_address ip;
	char buf[80];
	assert_int_equal(names_parse_ip(text, &ip), NAMES_OK);
	assert_true(names_reverse(&ip, buf, sizeof buf));
	assert_string_equal(buf, want);
}

static void reverse__ipv4_and_ipv6_nibbles(void **state)
{
	(void)state;
	assert_reverse("203.0.113.5", "5.113.0.203.in-addr.arpa.");
	assert_reverse("10.0.0.1", "1.0.0.10.in-addr.arpa.");
	/* The example of RFC 3596 section 2.5. */
	assert_reverse("4321:0:1:2:3:4:567:89ab",
		       "b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.0.0.0.0.1.2.3.4.ip6.arpa.");
	assert_reverse("2001:db8::5", "5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.");
	struct ip_address ip;
	char tiny[8];
	assert_int_equal(names_parse_ip("203.0.113.5", &ip), NAMES_OK);
	assert_false(names_reverse(&ip, tiny, sizeof tiny));
}

static void valid_hostname__postfix_rules(void **state)
{
	(void)state;
	assert_true(names_valid_hostname("mail.example.com", false));
	assert_true(names_valid_hostname("mail_1.example.com", false));
	assert_true(names_valid_hostname("mail.example.com.", true));
	assert_false(names_valid_hostname("mail.example.com.", false));
	assert_false(names_valid_hostname("", true));
	assert_false(names_valid_hostname("bad..example.com", true));
	assert_false(names_valid_hostname(".example.com", true));
	assert_false(names_valid_hostname("-mail.example.com", true));
	assert_false(names_valid_hostname("mail-.example.com", true));
	assert_false(names_valid_hostname("mail example.com", true));
	assert_false(names_valid_hostname("1234", true));
	assert_false(names_valid_hostname("192.0.2.1", true));
	char label[70];
	memset(label, 'a', 64);
	strcpy(label + 64, ".com");
	assert_false(names_valid_hostname(label, true));
	char longname[300];
	for (int i = 0; i < 296; i += 2)
		memcpy(longname + i, "a.", 2);
	strcpy(longname + 296, "com");
	assert_false(names_valid_hostname(longname, true));
}

static void helo_kind__classifies(void **state)
{
	(void)state;
	struct ip_address lit;
	assert_int_equal(names_helo_kind("mail.example.com", NULL), HELO_FQDN);
	assert_int_equal(names_helo_kind("mail.example.com.", NULL), HELO_FQDN);
	assert_int_equal(names_helo_kind("[192.0.2.1]", &lit), HELO_ADDRESS_LITERAL);
	assert_string_equal(lit.text, "192.0.2.1");
	assert_int_equal(names_helo_kind("[IPv6:2001:db8::1]", &lit), HELO_ADDRESS_LITERAL);
	assert_int_equal(names_helo_kind("[mail]", NULL), HELO_BAD_LITERAL);
	assert_int_equal(names_helo_kind("[192.0.2.1", NULL), HELO_BAD_LITERAL);
	assert_int_equal(names_helo_kind("localhost", NULL), HELO_LOCALHOST);
	assert_int_equal(names_helo_kind("localhost.localdomain", NULL), HELO_LOCALHOST);
	assert_int_equal(names_helo_kind("mail", NULL), HELO_BARE_NAME);
	assert_int_equal(names_helo_kind("mail.", NULL), HELO_BARE_NAME);
	assert_int_equal(names_helo_kind("192.0.2.1", NULL), HELO_BARE_ADDRESS);
	assert_int_equal(names_helo_kind("bad..example.com", NULL), HELO_INVALID);
	assert_int_equal(names_helo_kind("m\x1b[2Jail.example.com", NULL), HELO_INVALID);
	assert_int_equal(names_helo_kind("", NULL), HELO_EMPTY);
	assert_int_equal(names_helo_kind(NULL, NULL), HELO_EMPTY);
}

static void equal__ignores_case_and_trailing_dot(void **state)
{
	(void)state;
	assert_true(names_equal("Mail.Example.COM.", "mail.example.com"));
	assert_false(names_equal("mail.example.com", "mail.example.co"));
	assert_true(names_is_numeric_address("2001:db8::1"));
	assert_false(names_is_numeric_address("mail"));
}

static void escape__control_and_high_bytes(void **state)
{
	(void)state;
	char buf[64];
	names_escape("a\x1b[2J\nb\xc3\xa9", buf, sizeof buf);
	assert_string_equal(buf, "a\\027[2J\\010b\\195\\169");
	/* ldns output passes unchanged. */
	names_escape("bad\\032name.example.", buf, sizeof buf);
	assert_string_equal(buf, "bad\\032name.example.");
	char small[6];
	names_escape("\x01\x02\x03", small, sizeof small);
	assert_string_equal(small, "\\001");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_ip__valid_forms),
		cmocka_unit_test(parse_ip__bad_forms_say_why),
		cmocka_unit_test(ip_kind__special_ranges),
		cmocka_unit_test(reverse__ipv4_and_ipv6_nibbles),
		cmocka_unit_test(valid_hostname__postfix_rules),
		cmocka_unit_test(helo_kind__classifies),
		cmocka_unit_test(equal__ignores_case_and_trailing_dot),
		cmocka_unit_test(escape__control_and_high_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
