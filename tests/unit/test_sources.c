/* test_sources - the IPv6 addresses of /proc/net/if_inet6, with their
 * flags; the route choice and interfaces are tested in a namespace
 * (tests/integration/detect.py). */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "machine/sources.h"

static void if_inet6__global_only_with_flags(void **state)
{
	(void)state;
	struct sources s;
	memset(&s, 0, sizeof s);
	sources_parse_if_inet6("2a0c9a40024000000000000000000005 03 40 00 80       v0\n"
			       "2a0c9a400241000008109d2654fa2c64 03 40 00 01       v0\n"
			       "20010db8000000000000000000000009 03 40 00 a0       v0\n"
			       "00000000000000000000000000000001 01 80 10 80       lo\n"
			       "fe80000000000000f49ccdfffeacbc3b 03 40 20 80       v0\n"
			       "not a line\n", &s);
	assert_int_equal(s.count, 3);
	assert_string_equal(s.items[0].ip.text, "2a0c:9a40:240::5");
	assert_false(s.items[0].temporary);
	assert_string_equal(s.items[1].ip.text, "2a0c:9a40:241:0:810:9d26:54fa:2c64");
	assert_true(s.items[1].temporary);
	assert_string_equal(s.items[1].interface, "v0");
	assert_true(s.items[2].deprecated);
	struct ip_address ip;
	assert_int_equal(names_parse_ip("2a0c:9a40:240::5", &ip), NAMES_OK);
	assert_ptr_equal(sources_find(&s, &ip), &s.items[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(if_inet6__global_only_with_flags),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
