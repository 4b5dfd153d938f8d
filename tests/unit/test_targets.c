/* test_targets - addresses, prefixes and batch lines, one at a time. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "check/targets.h"

/* drain - every address as "IP HELO LINE;" and every bad line's reason. */
static void drain(struct targets *t, char *out, size_t size)
{
	struct target target;
	char err[300];
	size_t used = 0;
	out[0] = '\0';
	for (enum targets_result r; (r = targets_next(t, &target, err, sizeof err)) != TARGETS_END;) {
		assert_int_not_equal(r, TARGETS_NO_MEMORY);
		int w = r == TARGETS_NEXT
				? snprintf(out + used, size - used, "%s %s %zu;", target.ip.text, target.helo, target.line)
				: snprintf(out + used, size - used, "[%s];", err);
		used += (size_t)w;
	}
}

static void words__addresses_prefixes_duplicates(void **state)
{
	(void)state;
	const char *words[] = {"192.0.2.9", "192.0.2.8/30", "2001:db8::/127", "192.0.2.9"};
	struct targets *t;
	char err[200], out[1000];
	assert_true(targets_new(words, 4, NULL, "mail.example.com", &t, err, sizeof err));
	assert_int_equal(targets_known(t), 1 + 4 + 2 + 1);
	drain(t, out, sizeof out);
	assert_string_equal(out, "192.0.2.9 mail.example.com 0;192.0.2.8 mail.example.com 0;"
				 "192.0.2.10 mail.example.com 0;192.0.2.11 mail.example.com 0;"
				 "2001:db8:: mail.example.com 0;2001:db8::1 mail.example.com 0;");
	assert_int_equal(targets_duplicates(t), 2); /* 192.0.2.9 in the /30 and again at the end */
	targets_free(t);
}

static void words__bad_prefixes_named(void **state)
{
	(void)state;
	const char *const cases[][2] = {
		{"203.0.113.5/24", "host bits set; the prefix is 203.0.113.0/24"},
		{"10.0.0.0/8", "prefixes from /16 to /32 for IPv4"},
		{"2001:db8::/64", "prefixes from /112 to /128 for IPv6"},
		{"mail.example.com", "not an address or a prefix"},
		{"192.0.2.0/x", "not an address or a prefix"},
		{"300.1.1.1/24", "is not an IP address"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct targets *t = NULL;
		char err[300];
		assert_false(targets_new(&cases[i][0], 1, NULL, NULL, &t, err, sizeof err));
		if (!strstr(err, cases[i][1]))
			fail_msg("%s: got %s", cases[i][0], err);
		assert_null(t);
	}
}

static void batch__lines_comments_helo_and_bad_lines(void **state)
{
	(void)state;
	char text[] = "# the pool\n"
		      "192.0.2.1 mx1.example.com\n"
		      "\n"
		      "192.0.2.2   # no HELO of its own\n"
		      "not-an-ip\n"
		      "192.0.2.3 a b\n"
		      "192.0.2.4/31 mx4.example.com\n"
		      "192.0.2.1\n"
		      "192.0.2.9 bad\x01helo\n";
	FILE *f = fmemopen(text, strlen(text), "r");
	struct targets *t;
	char err[200], out[2000];
	assert_true(targets_new(NULL, 0, f, "default.example", &t, err, sizeof err));
	drain(t, out, sizeof out);
	assert_string_equal(out, "192.0.2.1 mx1.example.com 2;192.0.2.2 default.example 4;"
				 "[line 5: not-an-ip is not an IP address];"
				 "[line 6: expected IP [HELO], one HELO of printable characters];"
				 "192.0.2.4 mx4.example.com 7;192.0.2.5 mx4.example.com 7;"
				 "[line 9: expected IP [HELO], one HELO of printable characters];");
	assert_int_equal(targets_duplicates(t), 1);
	targets_free(t);
	fclose(f);
}

static void batch__empty_file(void **state)
{
	(void)state;
	FILE *f = fmemopen((char[]){"\n"}, 1, "r");
	struct targets *t;
	char err[200], out[100];
	assert_true(targets_new(NULL, 0, f, NULL, &t, err, sizeof err));
	drain(t, out, sizeof out);
	assert_string_equal(out, "");
	targets_free(t);
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(words__addresses_prefixes_duplicates),
		cmocka_unit_test(words__bad_prefixes_named),
		cmocka_unit_test(batch__lines_comments_helo_and_bad_lines),
		cmocka_unit_test(batch__empty_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
