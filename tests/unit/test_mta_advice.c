/* test_mta_advice - the configuration lines after a check of a sending
 * address, from findings set up by hand. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "machine/mta_advice.h"

static struct ip_address addr(const char *text)
{
	struct ip_address ip;
	assert_int_equal(names_parse_ip(text, &ip), NAMES_OK);
	return ip;
}

/* findings_with - every rule passing, then the PTR name given (if any). */
static struct findings *findings_with(const char *ptr_name, bool confirms)
{
	struct findings *f = calloc(1, sizeof *f);
	for (int i = 0; i < RULE_COUNT; i++)
		f->rules.rules[i] = (struct rule_result){.id = (enum rule_id)i, .status = RULE_PASS};
	if (ptr_name) {
		f->evidence.target_count = 1;
		snprintf(f->evidence.targets[0].name, sizeof f->evidence.targets[0].name, "%s", ptr_name);
		f->evidence.targets[0].confirms = confirms;
		f->evidence.targets[0].postfix_valid = true;
	}
	return f;
}

static struct detection *postfix_here(const char *helo)
{
	struct detection *d = calloc(1, sizeof *d);
	d->mta.kind = MTA_POSTFIX;
	d->mta.ipv4 = d->mta.ipv6 = true;
	snprintf(d->mta.helo_source, sizeof d->mta.helo_source, "myhostname");
	snprintf(d->helo, sizeof d->helo, "%s", helo);
	return d;
}

static void helo__set_to_the_confirmed_ptr_name(void **state)
{
	(void)state;
	struct detection *d = postfix_here("box.example.com");
	struct findings *f = findings_with("mail.example.com.", true);
	f->rules.rules[RULE_HELO_MATCHES_PTR].status = RULE_WARN;
	struct ip_address ip = addr("45.90.240.5");
	struct mta_change c[MTA_ADVICE_MAX];
	assert_int_equal(mta_advice(d, &ip, f, c, MTA_ADVICE_MAX), 1);
	assert_string_equal(c[0].line, "postconf -e 'smtp_helo_name = mail.example.com' && postfix reload");
	assert_non_null(strstr(c[0].why, "the HELO box.example.com (from myhostname) fails"));
	snprintf(d->mta.helo_source, sizeof d->mta.helo_source, "master.cf: smtp -o smtp_helo_name");
	assert_int_equal(mta_advice(d, &ip, f, c, MTA_ADVICE_MAX), 1);
	assert_string_equal(c[0].line, "postconf -P 'smtp/unix/smtp_helo_name=mail.example.com' && postfix reload");
	d->mta.kind = MTA_EXIM;
	assert_int_equal(mta_advice(d, &ip, f, c, MTA_ADVICE_MAX), 1);
	assert_non_null(strstr(c[0].line, "helo_data = mail.example.com"));
	/* a PTR name that does not resolve back is no HELO to take */
	f->evidence.targets[0].confirms = false;
	assert_int_equal(mta_advice(d, &ip, f, c, MTA_ADVICE_MAX), 0);
	free(f);
	free(d);
}

static void ipv6__stop_gap_and_stable_bind(void **state)
{
	(void)state;
	struct detection *d = postfix_here("mail.example.com");
	struct ip_address temp = addr("2a0c:9a40:241:0:810:9d26:54fa:2c64"), stable = addr("2a0c:9a40:240::5");
	d->addresses[d->address_count++] = (struct detected_address){temp, "route", true, true, true};
	d->addresses[d->address_count++] = (struct detected_address){stable, "interface", true, false, false};
	struct findings *f = findings_with(NULL, false);
	f->rules.rules[RULE_PTR_EXISTS].status = RULE_FAIL;
	struct mta_change c[MTA_ADVICE_MAX];
	assert_int_equal(mta_advice(d, &temp, f, c, MTA_ADVICE_MAX), 2);
	assert_string_equal(c[0].line, "postconf -e 'smtp_bind_address6 = 2a0c:9a40:240::5' && postfix reload");
	assert_string_equal(c[1].line, "postconf -e 'inet_protocols = ipv4' && postfix reload");
	assert_non_null(strstr(c[1].why, "It costs every receiver reachable only over IPv6"));
	d->mta.ipv4 = false; /* IPv6 only: turning it off would stop all mail */
	assert_int_equal(mta_advice(d, &temp, f, c, MTA_ADVICE_MAX), 1);
	free(f);
	free(d);
}

static void bind__another_address_per_mta(void **state)
{
	(void)state;
	struct detection *d = postfix_here("mail.example.com");
	struct ip_address from = addr("45.90.240.6"), to = addr("45.90.240.5"), to6 = addr("2a0c:9a40:240::5");
	struct mta_change c;
	assert_true(mta_advice_bind(d, &from, &to, &c));
	assert_string_equal(c.line, "postconf -e 'smtp_bind_address = 45.90.240.5' && postfix reload");
	assert_non_null(strstr(c.why, "45.90.240.5, another address of this machine, has a PTR that resolves back"));
	assert_true(mta_advice_bind(d, &from, &to6, &c));
	assert_string_equal(c.line, "postconf -e 'smtp_bind_address6 = 2a0c:9a40:240::5' && postfix reload");
	d->mta.kind = MTA_OPENSMTPD;
	assert_true(mta_advice_bind(d, &from, &to, &c));
	assert_string_equal(c.line, "action \"outbound\" relay src 45.90.240.5   (smtpd.conf)");
	d->mta.kind = MTA_NONE;
	assert_false(mta_advice_bind(d, &from, &to, &c));
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(helo__set_to_the_confirmed_ptr_name),
		cmocka_unit_test(ipv6__stop_gap_and_stable_bind),
		cmocka_unit_test(bind__another_address_per_mta),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
