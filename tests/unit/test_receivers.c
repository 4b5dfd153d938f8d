/* test_receivers - Postfix's five restrictions and Gmail, as the real
 * programs decide them: Postfix's smtpd_peer.c and smtpd_check.c (the
 * running Postfix agrees in tests/receivers), Google's "Email sender
 * guidelines" for Gmail. */
#include "labkit.h"

#define IP "198.51.100.5"
#define FWD "$ORIGIN example.com.\n"
#define REV "$ORIGIN 100.51.198.in-addr.arpa.\n"

#define GOOD LABKIT_ZONES FWD "mail A 198.51.100.5\nmail TXT \"v=spf1 a -all\"\n" REV "5 PTR mail.example.com.\n"
static const char good[] = GOOD;

static const struct prediction *postfix(const struct labkit *kit, const char *check)
{
	const struct prediction *p = predictions_find(&kit->findings.predictions, "postfix", check);
	assert_non_null(p);
	return p;
}

static void assert_prediction(const struct prediction *p, enum receiver_verdict verdict, int code,
			      const char *enhanced, bool temporary, const char *text)
{
	if (p->verdict != verdict)
		fail_msg("%s %s: %s, expected %s (%s)", p->receiver, p->check, receiver_verdict_name(p->verdict),
			 receiver_verdict_name(verdict), p->text);
	assert_int_equal(p->code, code);
	assert_string_equal(p->enhanced, enhanced);
	assert_int_equal(p->temporary, temporary);
	assert_string_equal(p->text, text);
}

static void postfix__good_server__all_pass(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, good, IP, "mail.example.com");
	for (size_t i = 0; i < kit.findings.predictions.count; i++)
		if (kit.findings.predictions.items[i].verdict != VERDICT_PASS)
			fail_msg("%s %s: %s", kit.findings.predictions.items[i].receiver, kit.findings.predictions.items[i].check,
				 kit.findings.predictions.items[i].text);
	assert_int_equal(kit.findings.predictions.count, 16);
	assert_false(kit.findings.predictions.overflow);
	labkit_free(&kit);
}

static void postfix__no_ptr__both_client_checks_450(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, LABKIT_ZONES, IP, NULL);
	assert_prediction(postfix(&kit, "reject_unknown_client_hostname"), VERDICT_REJECT, 450, "4.7.25", false,
			  "450 4.7.25 Client host rejected: cannot find your hostname, [198.51.100.5]");
	assert_prediction(postfix(&kit, "reject_unknown_reverse_client_hostname"), VERDICT_REJECT, 450, "4.7.1", false,
			  "450 4.7.1 Client host rejected: cannot find your reverse hostname, [198.51.100.5]");
	/* No HELO given: Postfix skips the HELO restrictions. */
	assert_int_equal(postfix(&kit, "reject_unknown_helo_hostname")->verdict, VERDICT_PASS);
	labkit_free(&kit);
}

static void postfix__fcrdns_mismatch__only_client_check_fails(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, LABKIT_ZONES FWD "mail A 198.51.100.9\n" REV "5 PTR mail.example.com.\n", IP, NULL);
	assert_int_equal(postfix(&kit, "reject_unknown_client_hostname")->verdict, VERDICT_REJECT);
	assert_int_equal(postfix(&kit, "reject_unknown_reverse_client_hostname")->verdict, VERDICT_PASS);
	labkit_free(&kit);
}

static void postfix__numeric_or_invalid_ptr__treated_as_none(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, LABKIT_ZONES REV "5 PTR 198.51.100.5.\n", IP, NULL);
	assert_int_equal(postfix(&kit, "reject_unknown_reverse_client_hostname")->verdict, VERDICT_REJECT);
	labkit_free(&kit);
	labkit_run(&kit, LABKIT_ZONES REV "5 PTR bad\\032name.example.com.\n", IP, NULL);
	assert_int_equal(postfix(&kit, "reject_unknown_reverse_client_hostname")->verdict, VERDICT_REJECT);
	labkit_free(&kit);
	/* An underscore is tolerated. */
	labkit_run(&kit, LABKIT_ZONES FWD "mail_1 A 198.51.100.5\n" REV "5 PTR mail_1.example.com.\n", IP, NULL);
	assert_int_equal(postfix(&kit, "reject_unknown_client_hostname")->verdict, VERDICT_PASS);
	labkit_free(&kit);
}

static void postfix__two_ptrs_one_good__either(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, LABKIT_ZONES FWD "mail A 198.51.100.5\n" REV "5 PTR mail.example.com.\n5 PTR x.example.com.\n",
		   IP, NULL);
	const struct prediction *p = postfix(&kit, "reject_unknown_client_hostname");
	assert_int_equal(p->verdict, VERDICT_EITHER);
	assert_int_equal(p->code, 450);
	assert_int_equal(postfix(&kit, "reject_unknown_reverse_client_hostname")->verdict, VERDICT_PASS);
	labkit_free(&kit);
}

static void postfix__dns_trouble__temporary_450(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, "; servfail: example.com\n" LABKIT_ZONES REV "5 PTR mail.example.com.\n", IP, "mail.example.com");
	assert_prediction(postfix(&kit, "reject_unknown_client_hostname"), VERDICT_REJECT, 450, "4.7.25", true,
			  "450 4.7.25 Client host rejected: cannot find your hostname, [198.51.100.5]");
	assert_int_equal(postfix(&kit, "reject_unknown_reverse_client_hostname")->verdict, VERDICT_PASS);
	assert_prediction(postfix(&kit, "reject_unknown_helo_hostname"), VERDICT_REJECT, 450, "4.7.1", true,
			  "450 4.7.1 <mail.example.com>: Helo command rejected: Host not found");
	labkit_free(&kit);
}

static void postfix__helo_restrictions(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, good, IP, "mail");
	assert_prediction(postfix(&kit, "reject_non_fqdn_helo_hostname"), VERDICT_REJECT, 504, "5.5.2", false,
			  "504 5.5.2 <mail>: Helo command rejected: need fully-qualified hostname");
	assert_int_equal(postfix(&kit, "reject_unknown_helo_hostname")->verdict, VERDICT_REJECT);
	assert_int_equal(postfix(&kit, "reject_invalid_helo_hostname")->verdict, VERDICT_PASS);
	labkit_free(&kit);

	labkit_run(&kit, good, IP, "bad..example.com");
	assert_prediction(postfix(&kit, "reject_invalid_helo_hostname"), VERDICT_REJECT, 501, "5.5.2", false,
			  "501 5.5.2 <bad..example.com>: Helo command rejected: Invalid name");
	assert_int_equal(postfix(&kit, "reject_non_fqdn_helo_hostname")->verdict, VERDICT_REJECT);
	assert_int_equal(postfix(&kit, "reject_unknown_helo_hostname")->verdict, VERDICT_REJECT);
	labkit_free(&kit);

	labkit_run(&kit, good, IP, "[999.1.1.1]");
	assert_prediction(postfix(&kit, "reject_invalid_helo_hostname"), VERDICT_REJECT, 501, "5.5.2", false,
			  "501 5.5.2 <[999.1.1.1]>: Helo command rejected: invalid ip address");
	labkit_free(&kit);

	/* An address literal, even of another address, passes every HELO check. */
	labkit_run(&kit, good, IP, "[192.0.2.99]");
	for (size_t i = 2; i < 5; i++)
		assert_int_equal(kit.findings.predictions.items[i].verdict, VERDICT_PASS);
	labkit_free(&kit);

	/* A trailing dot passes the syntax checks but not the lookup (Postfix 3.7). */
	labkit_run(&kit, good, IP, "mail.example.com.");
	assert_int_equal(postfix(&kit, "reject_unknown_helo_hostname")->verdict, VERDICT_REJECT);
	assert_int_equal(postfix(&kit, "reject_non_fqdn_helo_hostname")->verdict, VERDICT_PASS);
	assert_int_equal(postfix(&kit, "reject_invalid_helo_hostname")->verdict, VERDICT_PASS);
	labkit_free(&kit);

	/* localhost fails only the FQDN check when it resolves. */
	labkit_run(&kit, GOOD "$ORIGIN localhost.\n@ SOA a. b. 1 2 3 4 5\n@ A 127.0.0.1\n", IP, "localhost");
	assert_int_equal(postfix(&kit, "reject_non_fqdn_helo_hostname")->verdict, VERDICT_REJECT);
	assert_int_equal(postfix(&kit, "reject_unknown_helo_hostname")->verdict, VERDICT_PASS);
	labkit_free(&kit);
}

static void postfix__hostile_helo_is_escaped_in_text(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, good, IP, "evil\x1b]0;pwned\x07.example.com");
	const struct prediction *p = postfix(&kit, "reject_invalid_helo_hostname");
	assert_int_equal(p->verdict, VERDICT_REJECT);
	assert_null(strchr(p->text, '\x1b'));
	assert_non_null(strstr(p->text, "evil\\027]0;pwned\\007"));
	labkit_free(&kit);
}

static void gmail__verdicts(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, LABKIT_ZONES, IP, NULL);
	const struct prediction *g = predictions_find(&kit.findings.predictions, "gmail", "");
	assert_int_equal(g->verdict, VERDICT_REJECT);
	assert_int_equal(g->code, 550);
	assert_string_equal(g->enhanced, "5.7.25");
	assert_non_null(strstr(g->text, "[198.51.100.5]"));
	labkit_free(&kit);

	labkit_run(&kit, LABKIT_ZONES, "2001:db8:1::5", NULL);
	g = predictions_find(&kit.findings.predictions, "gmail", "");
	assert_string_equal(g->enhanced, "5.7.1");
	labkit_free(&kit);

	labkit_run(&kit, "; servfail: 100.51.198.in-addr.arpa\n" LABKIT_ZONES, IP, NULL);
	g = predictions_find(&kit.findings.predictions, "gmail", "");
	assert_int_equal(g->verdict, VERDICT_DEFER);
	assert_true(g->temporary);
	labkit_free(&kit);
}

static const struct prediction *find(const struct labkit *kit, const char *receiver, const char *check)
{
	const struct prediction *p = predictions_find(&kit->findings.predictions, receiver, check);
	assert_non_null(p);
	return p;
}

/* Exim tries every PTR name: the good one second still passes, where
 * Postfix depends on the order. */
static void exim__all_ptr_names_tried(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, LABKIT_ZONES FWD "mail A 198.51.100.5\n" REV "5 PTR x.example.com.\n5 PTR mail.example.com.\n",
		   IP, "mail.example.com");
	assert_int_equal(find(&kit, "exim", "reverse_host_lookup")->verdict, VERDICT_PASS);
	assert_int_equal(find(&kit, "exim", "helo")->verdict, VERDICT_PASS);
	assert_int_equal(postfix(&kit, "reject_unknown_client_hostname")->verdict, VERDICT_EITHER);
	labkit_free(&kit);
}

static void exim__failures_defers_and_syntax(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, LABKIT_ZONES, IP, "other.example.com");
	assert_prediction(find(&kit, "exim", "reverse_host_lookup"), VERDICT_REJECT, 550, "", false,
			  "550 Administrative prohibition");
	assert_int_equal(find(&kit, "exim", "helo")->verdict, VERDICT_REJECT);
	labkit_free(&kit);
	labkit_run(&kit, "; servfail: 100.51.198.in-addr.arpa\n" LABKIT_ZONES, IP, NULL);
	assert_prediction(find(&kit, "exim", "reverse_host_lookup"), VERDICT_DEFER, 451, "", true,
			  "451 Temporary local problem - please try later");
	labkit_free(&kit);
	/* Exim keeps a PTR name with an underscore, but refuses such an EHLO. */
	labkit_run(&kit, LABKIT_ZONES FWD "mail_1 A 198.51.100.5\n" REV "5 PTR mail_1.example.com.\n", IP,
		   "mail_1.example.com");
	assert_int_equal(find(&kit, "exim", "reverse_host_lookup")->verdict, VERDICT_PASS);
	assert_prediction(find(&kit, "exim", "helo"), VERDICT_REJECT, 501, "", false,
			  "501 Syntactically invalid EHLO argument(s)");
	labkit_free(&kit);
	/* verify = helo never defers: a HELO whose lookups fail for now is
	 * refused, a refusal that comes from DNS trouble (the verdict: error). */
	labkit_run(&kit, "; servfail: helo.example.com\n" GOOD, IP, "helo.example.com");
	assert_prediction(find(&kit, "exim", "helo"), VERDICT_REJECT, 550, "", true, "550 Administrative prohibition");
	labkit_free(&kit);
	/* A HELO that resolves to the client passes verify = helo without matching the PTR. */
	labkit_run(&kit, GOOD FWD "other A 198.51.100.5\n", IP, "other.example.com");
	assert_int_equal(find(&kit, "exim", "helo")->verdict, VERDICT_PASS);
	labkit_free(&kit);
	labkit_run(&kit, GOOD, IP, "[198.51.100.5]");
	assert_int_equal(find(&kit, "exim", "helo")->verdict, VERDICT_PASS);
	labkit_free(&kit);
}

static void spam_filters__scores(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, LABKIT_ZONES FWD "mail A 198.51.100.9\n" REV "5 PTR mail.example.com.\n", IP, "mail");
	const struct prediction *sa = find(&kit, "spamassassin", "");
	assert_int_equal(sa->verdict, VERDICT_POINTS);
	assert_string_equal(sa->text, "RDNS_NONE (1.274), FSL_HELO_NON_FQDN_1 (0.001), HELO_NO_DOMAIN (1)");
	assert_true(sa->has_score && sa->score > 2.274 && sa->score < 2.276);
	/* Postfix passes no name (the PTR does not confirm); rspamd then
	 * looks the PTR up itself, finds one and does not confirm it. */
	const struct prediction *rs = find(&kit, "rspamd", "");
	assert_null(strstr(rs->text, "RDNS_NONE"));
	assert_string_equal(rs->text, "HFILTER_HOSTNAME_UNKNOWN (2.5), HFILTER_HELO_5 (3)");
	labkit_free(&kit);

	labkit_run(&kit, LABKIT_ZONES FWD "198-51-100-5.dyn A 198.51.100.5\n" REV "5 PTR 198-51-100-5.dyn.example.com.\n",
		   IP, "198-51-100-5.dyn.example.com");
	assert_string_equal(find(&kit, "spamassassin", "")->text,
			    "RDNS_DYNAMIC (0.363), HELO_DYNAMIC_IPADDR2 (3.888), TVD_RCVD_IP (0.001), SPF_HELO_NONE (0.001)");
	/* a dynamic-looking HELO weighs as much as the name: the HELO's symbol */
	assert_string_equal(find(&kit, "rspamd", "")->text, "HFILTER_HELO_5 (3)");
	assert_int_equal(find(&kit, "yahoo", "")->verdict, VERDICT_WARN);
	labkit_free(&kit);

	labkit_run(&kit, LABKIT_ZONES, IP, "[10.0.0.1]");
	assert_string_equal(find(&kit, "rspamd", "")->text,
			    "HFILTER_HELO_BADIP (4.5), HFILTER_HOSTNAME_UNKNOWN (2.5), RDNS_NONE (1)");
	labkit_free(&kit);

	labkit_run(&kit, GOOD FWD "other A 198.51.100.77\n", IP, "other.example.com");
	assert_string_equal(find(&kit, "spamassassin", "")->text, "KHOP_HELO_FCRDNS (1), SPF_HELO_NONE (0.001)");
	labkit_free(&kit);

	/* The HELO's SPF passes for the client, the HELO is not its PTR name
	 * and the sender's SPF does not pass: FORGED_SPF_HELO. */
	labkit_run(&kit, GOOD FWD "other A 198.51.100.77\nother TXT \"v=spf1 ip4:198.51.100.0/24 -all\"\n", IP,
		   "other.example.com");
	assert_string_equal(find(&kit, "spamassassin", "")->text,
			    "FORGED_SPF_HELO (1), KHOP_HELO_FCRDNS (1), SPF_HELO_PASS (-0.001)");
	/* the HELO has an address, if another one: rspamd says nothing */
	assert_int_equal(find(&kit, "rspamd", "")->verdict, VERDICT_PASS);
	labkit_free(&kit);
}

/* OpenSMTPD: the first PTR, a number is no name, and getaddrinfo of that
 * number gives it back (the running OpenSMTPD 6.8 agrees in tests/receivers). */
static void opensmtpd__rdns_and_fcrdns(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, good, IP, "mail.example.com");
	assert_int_equal(find(&kit, "opensmtpd", "rdns")->verdict, VERDICT_PASS);
	assert_int_equal(find(&kit, "opensmtpd", "fcrdns")->verdict, VERDICT_PASS);
	labkit_free(&kit);

	labkit_run(&kit, LABKIT_ZONES, IP, "mail.example.com");
	assert_prediction(find(&kit, "opensmtpd", "rdns"), VERDICT_REJECT, 550, "", false, "550 no rDNS is so 80s");
	assert_prediction(find(&kit, "opensmtpd", "fcrdns"), VERDICT_REJECT, 550, "", false, "550 no FCrDNS is so 80s");
	labkit_free(&kit);

	labkit_run(&kit, LABKIT_ZONES REV "5 PTR 198.51.100.5.\n", IP, NULL);
	assert_int_equal(find(&kit, "opensmtpd", "rdns")->verdict, VERDICT_REJECT);
	assert_int_equal(find(&kit, "opensmtpd", "fcrdns")->verdict, VERDICT_PASS);
	labkit_free(&kit);

	labkit_run(&kit, GOOD REV "5 PTR other.example.com.\n", IP, NULL);
	assert_int_equal(find(&kit, "opensmtpd", "rdns")->verdict, VERDICT_PASS);
	assert_int_equal(find(&kit, "opensmtpd", "fcrdns")->verdict, VERDICT_EITHER);
	labkit_free(&kit);
}

/* Sendmail: ${client_resolve} from the first PTR (a number is none; only a
 * PTR lookup that fails for now is TEMP) and the Received header's client
 * part, IPv6 written in full (the running Sendmail 8.17 agrees). */
static void sendmail__require_rdns_and_received(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, good, IP, "mail.example.com");
	assert_int_equal(find(&kit, "sendmail", "require_rdns")->verdict, VERDICT_PASS);
	assert_string_equal(find(&kit, "sendmail", "received")->text, "from mail.example.com (mail.example.com [198.51.100.5])");
	labkit_free(&kit);

	labkit_run(&kit, LABKIT_ZONES REV "5 PTR 198.51.100.5.\n", IP, "mail.example.com");
	assert_prediction(find(&kit, "sendmail", "require_rdns"), VERDICT_REJECT, 550, "5.7.1", false,
			  "550 5.7.1 Fix reverse DNS for 198.51.100.5");
	assert_string_equal(find(&kit, "sendmail", "received")->text, "from mail.example.com ([198.51.100.5])");
	labkit_free(&kit);

	labkit_run(&kit, LABKIT_ZONES FWD "mail A 198.51.100.9\n" REV "5 PTR mail.example.com.\n", IP, "mail.example.com");
	assert_prediction(find(&kit, "sendmail", "require_rdns"), VERDICT_DEFER, 451, "4.1.8", false,
			  "451 4.1.8 Possibly forged hostname for 198.51.100.5");
	assert_string_equal(find(&kit, "sendmail", "received")->text,
			    "from mail.example.com (mail.example.com [198.51.100.5] (may be forged))");
	labkit_free(&kit);

	labkit_run(&kit, LABKIT_ZONES, "2001:db8:1::5", "mail.example.com");
	assert_prediction(find(&kit, "sendmail", "require_rdns"), VERDICT_REJECT, 550, "5.7.1", false,
			  "550 5.7.1 Fix reverse DNS for IPv6:2001:db8:1:0:0:0:0:5");
	labkit_free(&kit);
}

static void microsoft__ipv6_needs_ptr(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, LABKIT_ZONES, "2001:db8:1::5", NULL);
	assert_prediction(find(&kit, "microsoft", ""), VERDICT_REJECT, 450, "4.7.25", false,
			  "450 4.7.25 Service unavailable, sending IPv6 address [2001:db8:1::5] must have reverse DNS record.");
	labkit_free(&kit);
	labkit_run(&kit, LABKIT_ZONES, IP, NULL);
	assert_int_equal(find(&kit, "microsoft", "")->verdict, VERDICT_WARN);
	assert_string_equal(receiver_display_name("spamassassin"), "SpamAssassin");
	labkit_free(&kit);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(postfix__good_server__all_pass),
		cmocka_unit_test(postfix__no_ptr__both_client_checks_450),
		cmocka_unit_test(postfix__fcrdns_mismatch__only_client_check_fails),
		cmocka_unit_test(postfix__numeric_or_invalid_ptr__treated_as_none),
		cmocka_unit_test(postfix__two_ptrs_one_good__either),
		cmocka_unit_test(postfix__dns_trouble__temporary_450),
		cmocka_unit_test(postfix__helo_restrictions),
		cmocka_unit_test(postfix__hostile_helo_is_escaped_in_text),
		cmocka_unit_test(gmail__verdicts),
		cmocka_unit_test(exim__all_ptr_names_tried),
		cmocka_unit_test(exim__failures_defers_and_syntax),
		cmocka_unit_test(spam_filters__scores),
		cmocka_unit_test(opensmtpd__rdns_and_fcrdns),
		cmocka_unit_test(sendmail__require_rdns_and_received),
		cmocka_unit_test(microsoft__ipv6_needs_ptr),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
