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

/* A bounce's Received lines (its own way to you, the copy of your mail)
 * are nobody's verdict on your server: a bounce for an unknown mailbox
 * with "from unknown" hops is about the mailbox, and one with nothing
 * read is not a reverse-DNS refusal. */
static void bounce__its_received_lines_are_no_verdict(void **state)
{
	(void)state;
	struct bounce_result r;
	const char *mailbox = "Received: from relay.example.net (unknown [198.51.100.30])\n\tby you.example.org (Postfix)\n"
			      "From: MAILER-DAEMON@example.org\nSubject: Undelivered Mail Returned to Sender\n\n"
			      "Final-Recipient: rfc822; nobody@example.net\nAction: failed\n"
			      "Diagnostic-Code: smtp; 550 5.1.1 <nobody@example.net>: user unknown\n";
	assert_true(bounce_explain(mailbox, &r));
	assert_int_equal(r.kind, BOUNCE_KIND_BOUNCE);
	assert_int_equal(r.count, 1);
	assert_string_equal(r.findings[0].cause, "mailbox");
	assert_false(r.rdns);
	const char *unread = "Subject: Returned mail: see transcript for details\n"
			     "Received: from unknown (HELO pc) ([203.0.113.77])\n\tby mail.example.org\n"
			     "   ----- Transcript of session follows -----\n552 5.2.3 Message size exceeds fixed maximum\n";
	assert_false(bounce_explain(unread, &r));
	assert_int_equal(r.kind, BOUNCE_KIND_BOUNCE);
	assert_false(r.rdns);
	assert_false(bounce_explain("Feedback-Type: abuse\nReceived: from unknown ([192.0.2.9]) by mx.example.net;\n", &r));
	assert_int_equal(r.kind, BOUNCE_KIND_REPORT);
	assert_false(r.rdns);
}

/* The headers of a mail that arrived are read: the receiver's verdict. */
static void received__headers_of_a_mail_that_arrived_read(void **state)
{
	(void)state;
	struct bounce_result r;
	assert_true(bounce_explain("Received: from mail.example.com (unknown [203.0.113.5])\n\tby mx.example.org (Postfix)\n",
				   &r));
	assert_int_equal(r.kind, BOUNCE_KIND_TEXT);
	assert_true(r.rdns);
	assert_false(bounce_fcrdns_passed(&r));
	assert_true(bounce_explain("Received: from mail.example.com (mail.example.com [203.0.113.5])\n\tby mx.example.org "
				   "(Postfix)\n", &r));
	assert_false(r.rdns); /* FCrDNS passed there: not a reverse-DNS refusal */
	assert_true(bounce_fcrdns_passed(&r));
	assert_string_equal(r.ip, "203.0.113.5");
}

/* The sending side's own lookup of the recipient's domain is no
 * receiver's check of your PTR. */
static void host_name_lookup_failure__the_senders_own_lookup(void **state)
{
	(void)state;
	struct bounce_result r;
	assert_true(bounce_explain("Action: delayed\nStatus: 4.0.0 (mx.example.net: host name lookup failure)\n", &r));
	assert_string_equal(r.findings[0].cause, "hostlookup");
	assert_false(r.rdns);
	assert_true(bounce_explain("Subject: Returned mail: Deferred: Host Name Lookup Failure\n\n"
				   "550 example.net (smtp)... 550 Host unknown\n", &r));
	assert_string_equal(r.findings[0].cause, "hostlookup");
	assert_false(r.rdns);
}

/* "rdns" inside a host name is no word for reverse DNS: a DMARC refusal
 * beside a Received line from no.rdns.example.net stays DMARC. */
static void dmarc__not_rdns_for_a_host_name(void **state)
{
	(void)state;
	struct bounce_result r;
	assert_true(bounce_explain("Received: from shop.example (no.rdns.hosting.example [198.51.100.7] (may be forged))\n"
				   "Diagnostic-Code: SMTP; 550-5.7.1 Unauthenticated email from shop.example is not accepted "
				   "due to domain's DMARC policy\n", &r));
	assert_string_equal(r.findings[0].cause, "dmarc");
	assert_false(r.rdns);
}

/* The address a refusal names is the client, not the receiver's own:
 * Exim's "host NAME [IP]", qmail's "Connected to IP". */
static void client__named_by_the_refusal_not_the_receiver(void **state)
{
	(void)state;
	struct bounce_result r;
	assert_true(bounce_explain("  host mx.example.net [192.0.2.10]\n  SMTP error from remote mail server after MAIL FROM:\n"
				   "  554 5.7.1 Reverse DNS lookup for host 203.0.113.22 failed permanently.\n", &r));
	assert_true(r.rdns);
	assert_string_equal(r.ip, "203.0.113.22");
	assert_true(bounce_explain("  host mx.example.net [192.0.2.10]\n  SMTP error from remote mail server after initial "
				   "connection:\n  571 No PTR Record found. Reverse DNS required:\n  203.0.113.23\n", &r));
	assert_string_equal(r.ip, "203.0.113.23");
	assert_true(bounce_explain("  host mx.example.net [192.0.2.10]\n  554 mx.example.net comcast 203.0.113.24 Comcast "
				   "requires that all mail servers must have a PTR record with a valid Reverse DNS entry.\n", &r));
	assert_string_equal(r.ip, "203.0.113.24");
	assert_true(bounce_explain("Remote-MTA: dns; 192.0.2.11\nDiagnostic-Code: smtp;550 domain [example.com] mismatches "
				   "client ip 192.0.2.225.\n", &r));
	assert_string_equal(r.ip, "192.0.2.225");
	assert_true(bounce_explain("Connected to 192.0.2.12 but my name was rejected.\nRemote host said: 501 5.0.0 Invalid "
				   "domain name\n", &r));
	assert_string_equal(r.findings[0].cause, "helo");
	assert_true(r.rdns);
	assert_null(r.ip);
}

/* Orange's block for spam is a blocklist, not reverse DNS. */
static void orange_block__a_blocklist(void **state)
{
	(void)state;
	struct bounce_result r;
	assert_true(bounce_explain("550 mwinf0000 ME Client host blocked for spamming issues. OFR006_102 Ref "
				   "http://postmaster.example/ [102]\n", &r));
	assert_string_equal(r.findings[0].cause, "blocklist");
	assert_false(r.rdns);
}

/* What pasted logs and transcripts still hid: Exim's own log line for a
 * refused EHLO; the client in a sending server's log that also names the
 * receiver's address (Postfix's relay= and host [IP] said, Exim's H=NAME
 * [IP], over IPv6); the HELO of an OpenSMTPD transcript; Exim's ** mark
 * is no markdown. */
static void logs__client_helo_and_marks(void **state)
{
	(void)state;
	struct bounce_result r;
	assert_true(bounce_explain("2026-12-01 10:00:00 H=(mail_1.example.com) [203.0.113.32] rejected EHLO from "
				   "[203.0.113.32]: syntactically invalid argument(s): mail_1.example.com\n", &r));
	assert_string_equal(r.findings[0].rule, "helo-fqdn");
	assert_string_equal(r.ip, "203.0.113.32");
	assert_string_equal(r.helo, "mail_1.example.com");
	assert_true(bounce_explain("Dec  1 10:00:00 mail postfix/smtp[1234]: 4AB12: to=<user@freenet.example>, "
				   "relay=mx.freenet.example[2001:db8:ff::6]:25, dsn=5.0.0, status=bounced (host "
				   "mx.freenet.example[2001:db8:ff::6] said: 550 inconsistent or no DNS PTR record for "
				   "2001:db8:5::25 (in reply to MAIL FROM command))\n", &r));
	assert_string_equal(r.ip, "2001:db8:5::25");
	assert_true(bounce_explain("2026-12-01 10:00:00 1tAbc-000123-AB ** user@freenet.example R=dnslookup T=remote_smtp "
				   "H=mx.freenet.example [2001:db8:ff::6] X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=yes: SMTP error "
				   "from remote mail server after MAIL FROM:<me@example.com>: 550 inconsistent or no DNS PTR "
				   "record for 2001:db8:5::26\n", &r));
	assert_string_equal(r.ip, "2001:db8:5::26");
	assert_int_equal(r.repair_count, 0); /* the ** stays: Exim's mark, not markdown */
	assert_string_equal(r.findings[0].writer, "your server, in its log, quoting the receiver's reply");
	assert_true(bounce_explain("mta: 0x5593a1b2c3d0: >>> EHLO mail.example.com\n"
				   "mta: 0x5593a1b2c3d0: <<< 550 5.7.25 [203.0.113.7] The IP address sending this message "
				   "does not have a PTR record setup\n", &r));
	assert_string_equal(r.helo, "mail.example.com");
	assert_string_equal(r.ip, "203.0.113.7");
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
		cmocka_unit_test(bounce__its_received_lines_are_no_verdict),
		cmocka_unit_test(received__headers_of_a_mail_that_arrived_read),
		cmocka_unit_test(host_name_lookup_failure__the_senders_own_lookup),
		cmocka_unit_test(dmarc__not_rdns_for_a_host_name),
		cmocka_unit_test(client__named_by_the_refusal_not_the_receiver),
		cmocka_unit_test(orange_block__a_blocklist),
		cmocka_unit_test(logs__client_helo_and_marks),
		cmocka_unit_test(hostile_text__escaped_and_bounded),
		cmocka_unit_test(phrases__name_real_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
