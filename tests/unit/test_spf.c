/* test_spf - the HELO's SPF result as Mail::SPF gives it to SpamAssassin:
 * a table of records and lookups, each with the result. The real
 * spamassassin agrees on the records of tests/receivers (01's spf-*
 * names). */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "peers/spf.h"

struct spf_case {
	const char *client;
	enum outcome txt;
	const char *records[3];   /* NULL-ended */
	enum outcome a;           /* the HELO's A or AAAA lookup */
	const char *addresses[3]; /* its records, NULL-ended */
	enum spf_result want;
};

static const struct spf_case cases[] = {
	{"45.90.1.5", OUTCOME_NONE, {NULL}, OUTCOME_FOUND, {"45.90.1.5"}, SPF_NONE},
	{"45.90.1.5", OUTCOME_FOUND, {"hello"}, OUTCOME_FOUND, {"45.90.1.5"}, SPF_NONE},
	{"45.90.1.5", OUTCOME_FOUND, {"v=spf10 -all"}, OUTCOME_NONE, {NULL}, SPF_NONE},
	{"45.90.1.5", OUTCOME_TEMP, {NULL}, OUTCOME_FOUND, {"45.90.1.5"}, SPF_TEMPERROR},
	{"45.90.1.5", OUTCOME_FOUND, {"v=spf1 ip4:45.90.1.0/24 -all"}, OUTCOME_NONE, {NULL}, SPF_PASS},
	{"45.90.2.5", OUTCOME_FOUND, {"v=spf1 ip4:45.90.1.0/24 -all"}, OUTCOME_NONE, {NULL}, SPF_FAIL},
	{"45.90.1.5", OUTCOME_FOUND, {"V=SPF1 IP4:45.90.1.5 -ALL"}, OUTCOME_NONE, {NULL}, SPF_PASS},
	{"45.90.1.5", OUTCOME_FOUND, {"v=spf1 ip4:192.0.2.1 ~all"}, OUTCOME_NONE, {NULL}, SPF_SOFTFAIL},
	{"45.90.1.5", OUTCOME_FOUND, {"v=spf1 ?all"}, OUTCOME_NONE, {NULL}, SPF_NEUTRAL},
	{"45.90.1.5", OUTCOME_FOUND, {"v=spf1"}, OUTCOME_NONE, {NULL}, SPF_NEUTRAL},
	{"45.90.1.5", OUTCOME_FOUND, {"v=spf1 a -all"}, OUTCOME_FOUND, {"45.90.1.5"}, SPF_PASS},
	{"45.90.1.5", OUTCOME_FOUND, {"v=spf1 a -all"}, OUTCOME_FOUND, {"45.90.1.99"}, SPF_FAIL},
	{"45.90.1.5", OUTCOME_FOUND, {"v=spf1 a/24 -all"}, OUTCOME_FOUND, {"45.90.1.99"}, SPF_PASS},
	{"45.90.1.5", OUTCOME_FOUND, {"v=spf1 a -all"}, OUTCOME_NONE, {NULL}, SPF_FAIL},
	{"45.90.1.5", OUTCOME_FOUND, {"v=spf1 a -all"}, OUTCOME_TEMP, {NULL}, SPF_TEMPERROR},
	{"45.90.1.5", OUTCOME_FOUND, {"v=spf1 a:mail.example.com. -all"}, OUTCOME_FOUND, {"45.90.1.5"}, SPF_PASS},
	{"45.90.1.5", OUTCOME_FOUND, {"v=spf1 a:other.example -all"}, OUTCOME_FOUND, {"45.90.1.5"}, SPF_NOT_PREDICTED},
	{"2001:db8::5", OUTCOME_FOUND, {"v=spf1 ip4:45.90.1.5 ip6:2001:db8::/32 -all"}, OUTCOME_NONE, {NULL}, SPF_PASS},
	{"2001:db8::5", OUTCOME_FOUND, {"v=spf1 a//64 -all"}, OUTCOME_FOUND, {"2001:db8::99"}, SPF_PASS},
	{"45.90.1.5", OUTCOME_FOUND, {"v=spf1 -all", "v=spf1 +all"}, OUTCOME_NONE, {NULL}, SPF_PERMERROR},
	{"45.90.1.5", OUTCOME_FOUND, {"v=spf1 frobnicate -all"}, OUTCOME_NONE, {NULL}, SPF_PERMERROR},
	{"45.90.1.5", OUTCOME_FOUND, {"v=spf1 ip4:45.90.1.0/33 -all"}, OUTCOME_NONE, {NULL}, SPF_PERMERROR},
	{"45.90.1.5", OUTCOME_FOUND, {"v=spf1 include:_spf.example.net -all"}, OUTCOME_NONE, {NULL}, SPF_NOT_PREDICTED},
	{"45.90.1.5", OUTCOME_FOUND, {"v=spf1 ip4:45.90.1.5 include:_spf.example.net -all"}, OUTCOME_NONE, {NULL},
	 SPF_PASS},
	{"45.90.1.5", OUTCOME_FOUND, {"v=spf1 mx ~all"}, OUTCOME_NONE, {NULL}, SPF_NOT_PREDICTED},
	{"45.90.1.5", OUTCOME_FOUND, {"v=spf1 redirect=_spf.example.net"}, OUTCOME_NONE, {NULL}, SPF_NOT_PREDICTED},
	{"45.90.1.5", OUTCOME_FOUND, {"v=spf1 -all redirect=_spf.example.net"}, OUTCOME_NONE, {NULL}, SPF_FAIL},
	{"45.90.1.5", OUTCOME_FOUND, {"v=spf1 exp=why.example.net ~all"}, OUTCOME_NONE, {NULL}, SPF_SOFTFAIL},
	{"45.90.1.5", OUTCOME_FOUND, {"v=spf1 exists:%{i}.spf.example.net -all"}, OUTCOME_NONE, {NULL},
	 SPF_NOT_PREDICTED},
};

static void spf_evaluate__table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct spf_case *c = &cases[i];
		struct ip_address ip, addresses[3];
		assert_int_equal(names_parse_ip(c->client, &ip), NAMES_OK);
		size_t records = 0, count = 0;
		while (records < 3 && c->records[records])
			records++;
		for (; count < 3 && c->addresses[count]; count++)
			assert_int_equal(names_parse_ip(c->addresses[count], &addresses[count]), NAMES_OK);
		struct spf_input in = {.ip = &ip, .txt = c->txt, .records = c->records, .record_count = records,
				       .domain = "mail.example.com", .a = c->a, .addresses = addresses,
				       .address_count = count};
		enum spf_result got = spf_evaluate(&in);
		if (got != c->want)
			fail_msg("case %zu (%s from %s): %s, want %s", i, c->records[0] ? c->records[0] : "(none)",
				 c->client, spf_result_name(got), spf_result_name(c->want));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spf_evaluate__table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
