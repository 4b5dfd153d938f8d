/* test_headline - the verdict follows the receivers: a refusal from any
 * address the server sends from fails; refusals that come from failed
 * lookups are an error; spam points that count, a refusal by chance or a
 * warning rule warn; SpamAssassin's informational 0.001 rules do not. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "check/headline.h"

static struct ip_address ip4;

static int setup(void **state)
{
	(void)state;
	return names_parse_ip("198.51.100.5", &ip4) == NAMES_OK ? 0 : -1;
}

static struct prediction *add(struct predictions *p, const char *receiver, enum receiver_verdict verdict, int code,
			      const char *address)
{
	struct prediction *x = &p->items[p->count++];
	memset(x, 0, sizeof *x);
	x->receiver = receiver;
	x->check = "";
	x->verdict = verdict;
	x->code = code;
	snprintf(x->address, sizeof x->address, "%s", address);
	return x;
}

static void decide(const struct predictions *checked, const struct predictions *others, const struct rule_results *rules,
		   const char *later, struct headline *h)
{
	headline_decide(&ip4, checked, others, rules, later, NULL, h);
}

static void reject__fails_naming_receiver_and_address(void **state)
{
	(void)state;
	struct predictions checked = {0}, others = {0};
	struct rule_results rules = {0};
	add(&checked, "postfix", VERDICT_REJECT, 450, "");
	add(&checked, "gmail", VERDICT_REJECT, 550, "");
	add(&checked, "spamassassin", VERDICT_POINTS, 0, "")->score = 1.2;
	struct headline h;
	decide(&checked, &others, &rules, NULL, &h);
	assert_int_equal(h.verdict, RULE_FAIL);
	assert_string_equal(h.text, "Postfix and Gmail refuse mail from 198.51.100.5");
}

static void other_family_refused__fails_and_says_ipv4_passes(void **state)
{
	(void)state;
	struct predictions checked = {0}, others = {0};
	struct rule_results rules = {0};
	add(&checked, "gmail", VERDICT_PASS, 0, "");
	add(&others, "gmail", VERDICT_REJECT, 550, "2001:db8::5");
	add(&others, "microsoft", VERDICT_REJECT, 450, "2001:db8::5");
	struct headline h;
	decide(&checked, &others, &rules, NULL, &h);
	assert_int_equal(h.verdict, RULE_FAIL);
	assert_string_equal(h.text, "Gmail and Microsoft refuse mail sent over IPv6 from 2001:db8::5; IPv4 passes");
}

static void only_temporary_refusals__error(void **state)
{
	(void)state;
	struct predictions checked = {0}, others = {0};
	struct rule_results rules = {0};
	add(&checked, "postfix", VERDICT_REJECT, 450, "")->temporary = true;
	add(&checked, "gmail", VERDICT_DEFER, 451, "")->temporary = true;
	struct headline h;
	decide(&checked, &others, &rules, NULL, &h);
	assert_int_equal(h.verdict, RULE_ERROR);
	assert_non_null(strstr(h.text, "(Postfix and Gmail) defer"));
}

static void informational_points__pass(void **state)
{
	(void)state;
	struct predictions checked = {0}, others = {0};
	struct rule_results rules = {0};
	struct prediction *sa = add(&checked, "spamassassin", VERDICT_POINTS, 0, "");
	sa->score = 0.001;
	sa->has_score = true;
	struct headline h;
	decide(&checked, &others, &rules, NULL, &h);
	assert_int_equal(h.verdict, RULE_PASS);
	assert_string_equal(h.text, "every receiver ptrdoctor knows accepts mail from 198.51.100.5");
}

static void points_that_count__warn(void **state)
{
	(void)state;
	struct predictions checked = {0}, others = {0};
	struct rule_results rules = {0};
	struct prediction *sa = add(&checked, "spamassassin", VERDICT_POINTS, 0, "");
	sa->score = 1;
	sa->has_score = true;
	snprintf(sa->text, sizeof sa->text, "KHOP_HELO_FCRDNS (1)");
	struct headline h;
	decide(&checked, &others, &rules, NULL, &h);
	assert_int_equal(h.verdict, RULE_WARN);
	assert_string_equal(h.text, "receivers accept mail from 198.51.100.5, but SpamAssassin adds 1 point (KHOP_HELO_FCRDNS (1))");
}

static void refused_by_chance__warn(void **state)
{
	(void)state;
	struct predictions checked = {0}, others = {0};
	struct rule_results rules = {0};
	add(&checked, "gmail", VERDICT_EITHER, 550, "");
	struct headline h;
	decide(&checked, &others, &rules, NULL, &h);
	assert_int_equal(h.verdict, RULE_WARN);
	assert_non_null(strstr(h.text, "Gmail refuse mail from 198.51.100.5 whenever"));
}

static void warning_rule_alone__warn_with_what_breaks_later(void **state)
{
	(void)state;
	struct predictions checked = {0}, others = {0};
	struct rule_results rules = {0};
	rules.rules[RULE_AUTH_AGREE].status = RULE_FAIL;
	add(&checked, "gmail", VERDICT_PASS, 0, "");
	struct headline h;
	decide(&checked, &others, &rules, "a server serves the old answer", &h);
	assert_int_equal(h.verdict, RULE_WARN);
	assert_string_equal(h.text, "every receiver accepts mail from 198.51.100.5 today, but a server serves the old answer");
}

static void refusals__words_with_codes(void **state)
{
	(void)state;
	struct predictions p = {0};
	struct prediction *x = add(&p, "gmail", VERDICT_REJECT, 550, "");
	snprintf(x->enhanced, sizeof x->enhanced, "5.7.25");
	add(&p, "microsoft", VERDICT_REJECT, 450, "2001:db8::5");
	char buf[300];
	headline_refusals(&p, "", buf, sizeof buf);
	assert_string_equal(buf, "Gmail (550 5.7.25) refuses its mail");
	assert_true(headline_address_refused(&p, "2001:db8::5"));
	assert_false(headline_address_refused(&p, "2001:db8::6"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reject__fails_naming_receiver_and_address),
		cmocka_unit_test(other_family_refused__fails_and_says_ipv4_passes),
		cmocka_unit_test(only_temporary_refusals__error),
		cmocka_unit_test(informational_points__pass),
		cmocka_unit_test(points_that_count__warn),
		cmocka_unit_test(refused_by_chance__warn),
		cmocka_unit_test(warning_rule_alone__warn_with_what_breaks_later),
		cmocka_unit_test(refusals__words_with_codes),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
