/* test_causes - every problem becomes who changes what, from the facts:
 * the HELO or the PTR, the address record of a moved server, the PTR to
 * remove, a zone the user serves, a provider's panel, the IPv6 PTR, a
 * stale or lame server, an answer still cached; nothing for what holds. */
#include "labkit.h"
#include "util/help.h"

#define IP "198.51.100.5"
#define REV "$ORIGIN 100.51.198.in-addr.arpa.\n"
#define FWD "$ORIGIN example.com.\n"

static const struct cause *first_cause(const struct labkit *kit)
{
	if (kit->findings.causes.count == 0)
		fail_msg("no cause; headline: %s", kit->findings.headline.text);
	return &kit->findings.causes.items[0];
}

/* assert_cause - the first cause's who, kind, old and new values. */
static void assert_cause(const struct labkit *kit, enum cause_who who, const char *kind, const char *old_value,
			 const char *new_value)
{
	const struct cause *c = first_cause(kit);
	if (c->who != who || strcmp(c->kind, kind) != 0 || strcmp(c->old_value, old_value) != 0 ||
	    strcmp(c->new_value, new_value) != 0)
		fail_msg("got %s %s \"%s\" -> \"%s\": %s", cause_who_id(c->who), c->kind, c->old_value, c->new_value,
			 c->text);
	assert_null(strstr(c->text, "Rule "));
	assert_null(strstr(c->text, "(why."));
}

static void good_server__no_cause(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, LABKIT_ZONES FWD "mail A 198.51.100.5\n" REV "5 PTR mail.example.com.\n", IP, "mail.example.com");
	assert_int_equal(kit.findings.causes.count, 0);
	assert_int_equal(kit.findings.headline.verdict, RULE_PASS);
	labkit_free(&kit);
}

static void no_ptr__the_zone_operator_sets_it_to_the_helo(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, LABKIT_ZONES FWD "mail A 198.51.100.5\n", IP, "mail.example.com");
	assert_cause(&kit, CAUSE_BY_OPERATOR, "ptr-set", "", "mail.example.com");
	const struct cause *c = first_cause(&kit);
	assert_string_equal(c->who_name, "the operator of 100.51.198.in-addr.arpa (hostmaster@isp.example)");
	assert_string_equal(c->type, "PTR");
	assert_string_equal(c->record, "5.100.51.198.in-addr.arpa.");
	assert_true(c->refusal);
	assert_non_null(strstr(c->why, "Gmail (550 5.7.25)"));
	assert_true(cause_for_ticket(c));
	labkit_free(&kit);
}

static void no_ptr__a_provider_chosen__its_panel(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, LABKIT_ZONES FWD "mail A 198.51.100.5\n", IP, "mail.example.com");
	findings_choose_provider(&kit.findings, "hetzner");
	assert_cause(&kit, CAUSE_BY_PROVIDER, "ptr-set", "", "mail.example.com");
	assert_string_equal(first_cause(&kit)->who_name, "Hetzner (Cloud and Robot)");
	assert_non_null(strstr(first_cause(&kit)->where, "reverse DNS"));
	labkit_free(&kit);
}

static void no_ptr__helo_without_address__the_a_record_too(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, LABKIT_ZONES, IP, "mail.example.com");
	assert_cause(&kit, CAUSE_BY_OPERATOR, "ptr-set", "", "mail.example.com");
	bool forward = false;
	for (size_t i = 1; i < kit.findings.causes.count; i++) {
		const struct cause *c = &kit.findings.causes.items[i];
		forward |= c->who == CAUSE_BY_YOU_DNS && strcmp(c->kind, "forward-add") == 0 &&
			   strcmp(c->record, "mail.example.com") == 0 && strcmp(c->new_value, IP) == 0;
	}
	assert_true(forward);
	labkit_free(&kit);
}

static void helo_differs__the_helo_becomes_the_ptr_name(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, help_text("lab/helo-mismatch.zone"), "203.0.113.80", "server1.example.com");
	assert_cause(&kit, CAUSE_BY_YOU_MAIL, "helo-set", "server1.example.com", "mail.example.com");
	assert_true(first_cause(&kit)->setting);
	assert_non_null(strstr(first_cause(&kit)->where, "smtp_helo_name = mail.example.com"));
	assert_false(cause_for_ticket(first_cause(&kit)));
	labkit_free(&kit);
}

static void helo_bare__a_full_name(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, help_text("lab/helo-bare.zone"), "203.0.113.70", "mail");
	assert_cause(&kit, CAUSE_BY_YOU_MAIL, "helo-set", "mail", "mail.example.com");
	labkit_free(&kit);
}

static void name_points_elsewhere__its_address_record_changes(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, help_text("lab/ptr-elsewhere.zone"), "203.0.113.40", "mail.example.com");
	assert_cause(&kit, CAUSE_BY_YOU_DNS, "forward-change", "203.0.113.99", "203.0.113.40");
	assert_string_equal(first_cause(&kit)->type, "A");
	labkit_free(&kit);
}

static void name_without_address__the_ptr_becomes_the_helo(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, help_text("lab/ptr-no-address.zone"), "203.0.113.30", "mail.example.com");
	assert_cause(&kit, CAUSE_BY_OPERATOR, "ptr-set", "smtp.example.com", "mail.example.com");
	labkit_free(&kit);
}

static void two_ptrs__the_other_one_is_removed(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, help_text("lab/two-ptrs.zone"), "203.0.113.90", "mail.example.com");
	assert_cause(&kit, CAUSE_BY_OPERATOR, "ptr-remove", "www.example.com", "mail.example.com");
	assert_int_equal(kit.findings.causes.count, 1);
	labkit_free(&kit);
}

static void rfc2317_zone_of_ones_own__you_set_it_there(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, help_text("lab/rfc2317-broken.zone"), "198.51.100.6", "mail.example.com");
	assert_cause(&kit, CAUSE_BY_YOU_ZONE, "ptr-set", "", "mail.example.com");
	assert_string_equal(first_cause(&kit)->record, "6.0/25.100.51.198.in-addr.arpa.");
	assert_non_null(strstr(first_cause(&kit)->text, "ns1.example.com"));
	assert_false(cause_for_ticket(first_cause(&kit)));
	labkit_free(&kit);
}

static void ipv6_forgotten__the_ipv6_ptr_or_ipv4_only(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, help_text("lab/ipv6-forgotten.zone"), "203.0.113.60", "mail.example.com");
	findings_choose_provider(&kit.findings, "hetzner");
	assert_cause(&kit, CAUSE_BY_PROVIDER, "ptr-set", "", "mail.example.com");
	const struct cause *c = first_cause(&kit);
	assert_string_equal(c->address, "2001:db8:10::60");
	assert_true(c->refusal);
	assert_non_null(strstr(c->instead, "inet_protocols = ipv4"));
	assert_int_equal(kit.findings.headline.verdict, RULE_FAIL);
	labkit_free(&kit);
}

static void stale_secondary__its_operator_brings_it_up_to_date(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, help_text("lab/secondary-stale.zone"), IP, "mail.example.com");
	assert_cause(&kit, CAUSE_BY_OPERATOR, "server-stale", "2026112601", "2026112602");
	assert_non_null(strstr(first_cause(&kit)->record, "ns2.isp.example."));
	assert_int_equal(kit.findings.headline.verdict, RULE_WARN);
	labkit_free(&kit);
}

static void lame_server__named_with_what_it_answers(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, help_text("lab/lame-delegation.zone"), IP, "mail.example.com");
	assert_cause(&kit, CAUSE_BY_OPERATOR, "server-lame", "refused", "");
	labkit_free(&kit);
}

static void cached_answer__wait_until_it_expires(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, help_text("lab/negative-cached.zone"), IP, "mail.example.com");
	assert_cause(&kit, CAUSE_BY_NOBODY, "wait", "no PTR", "mail.example.com");
	/* the PTR is in place at the zone: nothing asks to set it */
	for (size_t i = 0; i < kit.findings.causes.count; i++)
		assert_string_not_equal(kit.findings.causes.items[i].kind, "ptr-set");
	labkit_free(&kit);
}

static void private_address__the_public_one_instead(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, LABKIT_ZONES, "10.0.0.5", "mail.example.com");
	assert_int_equal(kit.findings.causes.count, 1);
	assert_string_equal(first_cause(&kit)->kind, "private");
	labkit_free(&kit);
}

static void names__as_json_says_them(void **state)
{
	(void)state;
	assert_string_equal(cause_who_id(CAUSE_BY_PROVIDER), "provider");
	assert_string_equal(cause_who_id(CAUSE_BY_YOU_ZONE), "you-zone");
	assert_string_equal(cause_who_id(CAUSE_BY_NOBODY), "nobody");
	assert_string_equal(cause_action_name(CAUSE_REMOVE), "remove");
	assert_string_equal(cause_action_name(CAUSE_WAIT), "wait");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(good_server__no_cause),
		cmocka_unit_test(no_ptr__the_zone_operator_sets_it_to_the_helo),
		cmocka_unit_test(no_ptr__a_provider_chosen__its_panel),
		cmocka_unit_test(no_ptr__helo_without_address__the_a_record_too),
		cmocka_unit_test(helo_differs__the_helo_becomes_the_ptr_name),
		cmocka_unit_test(helo_bare__a_full_name),
		cmocka_unit_test(name_points_elsewhere__its_address_record_changes),
		cmocka_unit_test(name_without_address__the_ptr_becomes_the_helo),
		cmocka_unit_test(two_ptrs__the_other_one_is_removed),
		cmocka_unit_test(rfc2317_zone_of_ones_own__you_set_it_there),
		cmocka_unit_test(ipv6_forgotten__the_ipv6_ptr_or_ipv4_only),
		cmocka_unit_test(stale_secondary__its_operator_brings_it_up_to_date),
		cmocka_unit_test(lame_server__named_with_what_it_answers),
		cmocka_unit_test(cached_answer__wait_until_it_expires),
		cmocka_unit_test(private_address__the_public_one_instead),
		cmocka_unit_test(names__as_json_says_them),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
