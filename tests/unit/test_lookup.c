/* test_lookup - a host name's addresses, in the background. */
#define _POSIX_C_SOURCE 200809L
#include "labkit.h"

#include <poll.h>
#include <stdio.h>
#include <string.h>

#include "dns/lookup.h"

static struct lookup *run(struct backend *b, const char *name)
{
	struct lookup *l;
	assert_true(lookup_start(b, name, &l));
	while (!lookup_poll(l)) {
		struct pollfd pfd = {lookup_fd(l), POLLIN, 0};
		assert_true(poll(&pfd, 1, 2000) > 0);
	}
	return l;
}

static void lookup__addresses_and_errors(void **state)
{
	(void)state;
	struct lab_scenario *sc;
	struct backend *b;
	char err[256];
	assert_true(lab_scenario_parse("; servfail: broken.example.com\n" LABKIT_ZONES "$ORIGIN example.com.\n"
				       "mail A 198.51.100.5\nmail AAAA 2001:db8:1::5\nnoaddr TXT \"x\"\n",
				       "t", &sc, err, sizeof err));
	assert_true(backend_new_lab(sc, LABKIT_TIMEOUT_MS, &b));
	struct lookup *l = run(b, "mail.example.com");
	assert_int_equal(lookup_count(l), 2);
	assert_string_equal(lookup_address(l, 0), "198.51.100.5");
	assert_string_equal(lookup_address(l, 1), "2001:db8:1::5");
	assert_null(lookup_address(l, 2));
	assert_null(lookup_error(l));
	assert_string_equal(lookup_name(l), "mail.example.com");
	lookup_free(l);
	l = run(b, "ghost.example.com");
	assert_int_equal(lookup_count(l), 0);
	assert_non_null(strstr(lookup_error(l), "NXDOMAIN"));
	lookup_free(l);
	l = run(b, "noaddr.example.com");
	assert_non_null(strstr(lookup_error(l), "no A or AAAA"));
	lookup_free(l);
	l = run(b, "x.broken.example.com");
	assert_non_null(lookup_error(l));
	lookup_free(l);
	lookup_free(NULL);
	backend_free(b);
}

/* A name with more addresses than the pick list holds: the rest are
 * counted, so the wizard can say they exist. */
static void lookup__past_the_table_counted(void **state)
{
	(void)state;
	char text[4096] = "; t\n" LABKIT_ZONES "$ORIGIN example.com.\n";
	for (int i = 1; i <= LOOKUP_ADDRESSES_MAX + 3; i++) {
		char line[64];
		snprintf(line, sizeof line, "pool A 198.51.100.%d\n", i);
		strcat(text, line);
	}
	struct lab_scenario *sc;
	struct backend *b;
	char err[256];
	assert_true(lab_scenario_parse(text, "t", &sc, err, sizeof err));
	assert_true(backend_new_lab(sc, LABKIT_TIMEOUT_MS, &b));
	struct lookup *l = run(b, "pool.example.com");
	assert_int_equal(lookup_count(l), LOOKUP_ADDRESSES_MAX);
	assert_int_equal(lookup_more(l), 3);
	lookup_free(l);
	backend_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lookup__addresses_and_errors),
		cmocka_unit_test(lookup__past_the_table_counted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
