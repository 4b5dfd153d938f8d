/* test_bounce - rejection texts and Received headers read correctly; the
 * full sample set runs through `ptrdoctor explain` (tests/bounce/). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "bounce/bounce.h"
#include "rules/rules.h"
#include "util/help.h"

static void gmail_multiline__unwrapped_and_read(void **state)
{
	(void)state;
	struct bounce_result r;
	assert_true(bounce_explain("550-5.7.25 [203.0.113.5] The IP address sending this message does not\r\n"
				   "550-5.7.25 have a PTR record setup, or the corresponding forward DNS entry\r\n"
				   "550 5.7.25 does not point to the sending IP. - gsmtp\r\n",
				   &r));
	assert_int_equal(r.count, 1);
	assert_string_equal(r.findings[0].receiver, "gmail");
	assert_string_equal(r.findings[0].rule, "fcrdns");
	assert_int_equal(r.findings[0].code, 550);
	assert_string_equal(r.findings[0].enhanced, "5.7.25");
	assert_false(r.findings[0].temporary);
	assert_string_equal(r.ip, "203.0.113.5");
}

static void postfix_helo__helo_from_the_reply(void **state)
{
	(void)state;
	struct bounce_result r;
	assert_true(bounce_explain("504 5.5.2 <mail>: Helo command rejected: need fully-qualified hostname", &r));
	assert_string_equal(r.findings[0].rule, "helo-fqdn");
	assert_string_equal(r.helo, "mail");
	assert_null(r.ip);
}

/* A code is three digits that stand alone: a queue id or a port that ends
 * in digits is not one (the pattern once relied on GNU's \b). */
static void reply_code__not_glued_to_a_word(void **state)
{
	(void)state;
	struct bounce_result r;
	assert_true(bounce_explain("[203.0.113.5] does not have a PTR record (ref AB451 4.7.1); reply 550 5.7.25", &r));
	assert_int_equal(r.findings[0].code, 550);
	assert_string_equal(r.findings[0].enhanced, "5.7.25");
	assert_true(bounce_explain("queue x550 5.7.25: [203.0.113.5] does not have a PTR record", &r));
	assert_int_equal(r.findings[0].code, 0);
}

/* A text naming more refusals than fit: the rest are counted, not lost. */
static void many_refusals__counted_past_the_table(void **state)
{
	(void)state;
	struct bounce_result r;
	assert_true(bounce_explain("550 5.7.25 [203.0.113.5] does not have a PTR record; "
				   "450 4.7.1 cannot find your reverse hostname; 450 4.7.25 cannot find your hostname; "
				   "504 5.5.2 Helo command rejected: need fully-qualified hostname; "
				   "501 5.5.2 Helo command rejected: Invalid name; 450 4.7.1 Helo command rejected: Host not found; "
				   "450 4.7.25 must have reverse DNS record; 550 DY-001; no host name found for IP address; "
				   "does not match any IP address for; 501 Syntactically invalid EHLO argument",
				   &r));
	assert_int_equal(r.count, BOUNCE_FINDINGS_MAX);
	assert_int_equal(r.dropped, 3);
}

static void received__newest_public_hop_chosen(void **state)
{
	(void)state;
	struct bounce_result r;
	assert_true(bounce_explain("Received: from a.example (localhost [127.0.0.1])\n\tby a.example (Postfix)\n"
				   "Received: from mail.example.com (unknown\n [IPv6:2001:db8::25])\n\tby mx.example.org (Postfix)\n",
				   &r));
	assert_int_equal(r.findings[0].source, BOUNCE_RECEIVED);
	assert_true(r.findings[0].failed);
	assert_string_equal(r.findings[0].ip, "2001:db8::25");
	assert_string_equal(r.findings[0].helo, "mail.example.com");
	assert_non_null(strstr(r.findings[0].why, "line 2 of 2"));
}

static void hostile_text__escaped_and_bounded(void **state)
{
	(void)state;
	struct bounce_result r;
	char big[20000];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_false(bounce_explain(big, &r));
	assert_false(bounce_explain("", &r));
	assert_true(bounce_explain("504 5.5.2 <m\x1b]0;x\x07>: Helo command rejected: need fully-qualified hostname", &r));
	assert_null(strchr(r.helo, '\x1b'));
}

/* bounce/ knows rules by name only (it sits on util/ alone): every rule
 * its table names must be one the rules table has. */
static void phrases__name_real_rules(void **state)
{
	(void)state;
	const char *text = help_text("bounce/phrases.txt");
	assert_non_null(text);
	size_t checked = 0;
	for (const char *line = text; *line; line += strcspn(line, "\n") + (line[strcspn(line, "\n")] != '\0')) {
		if (*line == '#' || *line == '\n')
			continue;
		const char *bar = strchr(line, '|');
		assert_non_null(bar);
		char rule[32] = "";
		size_t skip = strspn(bar + 1, " ");
		size_t len = strcspn(bar + 1 + skip, " |");
		assert_true(len > 0 && len < sizeof rule);
		memcpy(rule, bar + 1 + skip, len);
		enum rule_id id;
		if (!rule_id_from_name(rule, &id))
			fail_msg("phrases.txt names no rule: %s", rule);
		checked++;
	}
	assert_true(checked > 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gmail_multiline__unwrapped_and_read),
		cmocka_unit_test(postfix_helo__helo_from_the_reply),
		cmocka_unit_test(reply_code__not_glued_to_a_word),
		cmocka_unit_test(many_refusals__counted_past_the_table),
		cmocka_unit_test(received__newest_public_hop_chosen),
		cmocka_unit_test(hostile_text__escaped_and_bounded),
		cmocka_unit_test(phrases__name_real_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
