/* test_received - which Received line is the sender's hop, and why. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "bounce/bounce.h"
#include "bounce/received.h"

/* A Microsoft chain: the newest public hop is between Microsoft's own
 * servers (same organisation), so the sender's hop is the third line. */
static void chain__receivers_own_hops_skipped(void **state)
{
	(void)state;
	struct bounce_finding f;
	assert_true(received_explain(
		"Received: from A1.prod.outlook.com (2603:10b6:5:1c0::15) by B2.prod.outlook.com with HTTPS; Tue\n"
		"Received: from mail.example.com (203.0.113.36) by C3.mail.protection.outlook.com (10.0.0.1) with "
		"Microsoft SMTP Server id 15.20; Tue, 1 Dec 2026\n"
		"Received: from A1.prod.outlook.com (2603:10b6:408:13e::17)\n by B2.prod.outlook.com (2603:10b6:5:1c0::15) "
		"with Microsoft SMTP Server id 15.20; Tue\n", &f));
	assert_string_equal(f.ip, "203.0.113.36");
	assert_string_equal(f.helo, "mail.example.com");
	assert_string_equal(f.receiver, "microsoft");
	assert_false(f.failed); /* Microsoft records no verified name: no verdict */
	assert_non_null(strstr(f.why, "Received line 2 of 3"));
}

static void exim__address_only_is_unverified(void **state)
{
	(void)state;
	struct bounce_finding f;
	assert_true(received_explain("Received: from [198.51.100.43] (helo=mail.example.com)\n\tby mx.example.net with "
				     "esmtp (Exim 4.96)\n\tid 1t; Tue, 01 Dec 2026 10:00:00 +0000\n", &f));
	assert_string_equal(f.ip, "198.51.100.43");
	assert_string_equal(f.receiver, "exim");
	assert_true(f.failed);
	assert_false(received_explain("Subject: no Received line here\n", &f));
}

/* A loopback or private hop is a mail system's inside: never offered as
 * the address to check, even when it is the only one. */
static void private_hops__never_the_client(void **state)
{
	(void)state;
	struct bounce_finding f;
	assert_false(received_explain("Received: from mail.example.org ([127.0.0.1])\n\tby mail.example.org (Postfix)\n"
				      "Received: from pc.lan (unknown [10.1.2.3])\n\tby mail.example.org (Postfix)\n", &f));
	assert_true(received_explain("Received: from pc.lan (unknown [192.168.1.5])\n\tby mx.example.org (Postfix)\n"
				     "Received: from mail.example.com (unknown [203.0.113.9])\n\tby mx.example.org (Postfix)\n",
				     &f));
	assert_string_equal(f.ip, "203.0.113.9");
}

/* A Microsoft chain pasted without its indentation, newest first: the
 * hop from its protection servers to office365.com is its own (over its
 * own public IPv6), the client is the oldest hop. */
static void microsoft_chain_unindented__the_client_hop(void **state)
{
	(void)state;
	struct bounce_result r;
	assert_true(bounce_explain(
		"Received: from BN9PR03CA0123.namprd03.prod.outlook.com (10.1.2.3) by\n"
		"SA1PR01MB1234.namprd01.prod.outlook.com (2603:10b6:806:1::2) with Microsoft\n"
		"SMTP Server; Tue, 1 Dec 2026 10:00:01 +0000\n"
		"Received: from DM6NAM10FT012.eop-nam10.prod.protection.outlook.com\n"
		"(2603:10b6:5:1c0::15) by BN9PR03CA0123.outlook.office365.com\n"
		"(2603:10b6:408:13e::17) with Microsoft SMTP Server; Tue, 1 Dec 2026 10:00:00 +0000\n"
		"Received: from mail.example.com (203.0.113.36) by\n"
		"DM6NAM10FT012.mail.protection.outlook.com (10.13.152.90) with Microsoft SMTP\n"
		"Server id 15.20.7677.13 via Frontend Transport; Tue, 1 Dec 2026 10:00:00 +0000\n", &r));
	assert_string_equal(r.ip, "203.0.113.36");
	assert_string_equal(r.helo, "mail.example.com");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(chain__receivers_own_hops_skipped),
		cmocka_unit_test(exim__address_only_is_unverified),
		cmocka_unit_test(private_hops__never_the_client),
		cmocka_unit_test(microsoft_chain_unindented__the_client_hop),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
