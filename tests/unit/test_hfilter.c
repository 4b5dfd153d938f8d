/* test_hfilter - rspamd's hfilter lists as ptrdoctor reads them: weights,
 * the line rspamd never matches, check_fqdn, scores and local networks.
 * The real rspamd agrees on the same names in tests/receivers. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "peers/hfilter.h"

static void lists__load_without_error(void **state)
{
	(void)state;
	assert_string_equal(hfilter_error(), "");
}

static void weight__highest_matching_line(void **state)
{
	(void)state;
	assert_int_equal(hfilter_weight(HFILTER_HELLOHOST, "45-90-5-5.dyn.s05.test"), 5);
	assert_int_equal(hfilter_weight(HFILTER_HELLOHOST, "host-12.example.net"), 2);
	assert_int_equal(hfilter_weight(HFILTER_HELLOHOST, "customer-7.example.net"), 1);
	assert_int_equal(hfilter_weight(HFILTER_HELLOHOST, "CABLE-7.example.net"), 3); /* /i */
	assert_int_equal(hfilter_weight(HFILTER_HELLOHOST, "mail.example.net"), 0);
	assert_int_equal(hfilter_weight(HFILTER_HELLO, "COMPUTER"), 5);
	assert_int_equal(hfilter_weight(HFILTER_HELLO, "speedtouch.lan"), 5);
	/* "/\.(lan|local|...)$ 5" has no closing slash: rspamd never matches it */
	assert_int_equal(hfilter_weight(HFILTER_HELLO, "router.lan"), 0);
	assert_int_equal(hfilter_weight(HFILTER_HELLO, "mail.example.net"), 0);
}

static void ip_lists(void **state)
{
	(void)state;
	assert_int_equal(hfilter_weight(HFILTER_BADIP, "10.0.0.1"), 1);
	assert_int_equal(hfilter_weight(HFILTER_BADIP, "198.51.100.7"), 1);
	assert_int_equal(hfilter_weight(HFILTER_BADIP, "45.90.5.5"), 0);
	assert_int_equal(hfilter_weight(HFILTER_BAREIP, "45.90.5.5"), 1); /* a line without a weight */
	assert_int_equal(hfilter_weight(HFILTER_BAREIP, "2a0c:9a40::5"), 1);
	assert_int_equal(hfilter_weight(HFILTER_BAREIP, "IPv6:2a0c:9a40::5"), 0);
}

static void fqdn__check_fqdn(void **state)
{
	(void)state;
	assert_true(hfilter_fqdn("mail.example.com"));
	assert_true(hfilter_fqdn("mail.example.com."));
	assert_false(hfilter_fqdn("mail_1.example.com"));
	assert_false(hfilter_fqdn("bad..example.com"));
	assert_false(hfilter_fqdn("-mail.example.com"));
	assert_false(hfilter_fqdn("a.b")); /* fewer than 4 characters */
	assert_false(hfilter_fqdn("mail"));
}

static void scores_and_local_networks(void **state)
{
	(void)state;
	assert_true(hfilter_score("RDNS_NONE") == 1.0);
	assert_true(hfilter_score("HFILTER_HOSTNAME_UNKNOWN") == 2.5);
	assert_true(hfilter_score("HFILTER_HELO_5") == 3.0);
	assert_true(hfilter_score("NO_SUCH_SYMBOL") == 0.0);
	const char *local[] = {"10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "127.0.0.1", "::1", "fd12::1", "fe80::1"};
	const char *other[] = {"172.32.0.1", "100.64.0.1", "45.90.1.5", "fc00::1", "2a0c:9a40::5"};
	struct ip_address ip;
	for (size_t i = 0; i < sizeof local / sizeof local[0]; i++) {
		assert_int_equal(names_parse_ip(local[i], &ip), NAMES_OK);
		if (!hfilter_local(&ip))
			fail_msg("%s should be local", local[i]);
	}
	for (size_t i = 0; i < sizeof other / sizeof other[0]; i++) {
		assert_int_equal(names_parse_ip(other[i], &ip), NAMES_OK);
		if (hfilter_local(&ip))
			fail_msg("%s should not be local", other[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lists__load_without_error),
		cmocka_unit_test(weight__highest_matching_line),
		cmocka_unit_test(ip_lists),
		cmocka_unit_test(fqdn__check_fqdn),
		cmocka_unit_test(scores_and_local_networks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
