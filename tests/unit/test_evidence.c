/* test_evidence - step outcomes and the facts rules and receivers share. */
#include "labkit.h"

static void outcomes__found_none_temp_missing(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit,
		   "; servfail: broken.example.com\n" LABKIT_ZONES
		   "$ORIGIN example.com.\nmail A 198.51.100.5\n$ORIGIN 100.51.198.in-addr.arpa.\n"
		   "5 PTR mail.example.com.\n5 PTR none.example.com.\n5 PTR x.broken.example.com.\n",
		   "198.51.100.5", "mail.example.com");
	const struct evidence *ev = &kit.findings.evidence;
	assert_int_equal(ev->ptr, OUTCOME_FOUND);
	assert_int_equal(ev->target_count, 3);
	assert_string_equal(ev->targets[0].name, "mail.example.com.");
	assert_int_equal(ev->targets[0].forward, OUTCOME_FOUND);
	assert_true(ev->targets[0].confirms);
	assert_string_equal(ev->targets[0].addresses, "198.51.100.5");
	assert_int_equal(ev->targets[1].forward, OUTCOME_NONE);
	assert_false(ev->targets[1].confirms);
	assert_int_equal(ev->targets[2].forward, OUTCOME_TEMP);
	assert_true(ev->helo_given);
	assert_int_equal(ev->helo_a, OUTCOME_FOUND);
	assert_int_equal(ev->helo_mx, OUTCOME_NONE);
	assert_true(ev->helo_has_ip);
	assert_string_equal(ev->zone, "100.51.198.in-addr.arpa.");
	assert_string_equal(ev->zone_primary, "ns1.isp.example.");
	assert_int_equal(ev->zone_ns_count, 2);
	assert_true(ev->failed_steps >= 2); /* A and AAAA of x.broken.example.com */
	assert_true(ev->decisive_failed_steps >= 1);
	assert_int_equal(step_outcome(NULL, LDNS_RR_TYPE_A), OUTCOME_MISSING);
	assert_string_equal(step_outcome_name(OUTCOME_TEMP), "temporary failure");
	labkit_free(&kit);
}

static void helo__not_given_and_literal(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, LABKIT_ZONES, "198.51.100.5", NULL);
	assert_false(kit.findings.evidence.helo_given);
	assert_int_equal(kit.findings.evidence.helo_a, OUTCOME_MISSING);
	labkit_free(&kit);
	labkit_run(&kit, LABKIT_ZONES, "198.51.100.5", "[IPv6:2001:db8::7]");
	assert_int_equal(kit.findings.evidence.helo_kind, HELO_ADDRESS_LITERAL);
	assert_string_equal(kit.findings.evidence.helo_literal.text, "2001:db8::7");
	labkit_free(&kit);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(outcomes__found_none_temp_missing),
		cmocka_unit_test(helo__not_given_and_literal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
