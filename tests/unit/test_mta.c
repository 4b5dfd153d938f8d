/* test_mta - what postconf, exim -bP, smtpd.conf and sendmail -bt say,
 * read into an MTA's outgoing identity. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "machine/mta.h"

static void postconf__helo_binds_families_relay(void **state)
{
	(void)state;
	struct mta_identity m = {0};
	mta_parse_postconf("myhostname = box.example.com\nsmtp_helo_name = mail.example.com\n"
			   "smtp_bind_address = 192.0.2.7\nsmtp_bind_address6 = 2001:db8::7\n"
			   "inet_protocols = ipv4, ipv6\nsmtp_address_preference = ipv6\nrelayhost =\n",
			   "smtp_helo_name = mail.example.com\ninet_protocols = ipv4, ipv6\n", &m);
	assert_string_equal(m.helo, "mail.example.com");
	assert_string_equal(m.helo_source, "smtp_helo_name");
	assert_int_equal(m.bind_count, 2);
	assert_string_equal(m.binds[0].text, "192.0.2.7");
	assert_string_equal(m.binds[1].text, "2001:db8::7");
	assert_true(m.ipv4 && m.ipv6);
	assert_string_equal(m.families_source, "inet_protocols");
	assert_string_equal(m.address_preference, "ipv6");
	assert_string_equal(m.relayhost, "");
}

/* smtp_helo_name left at its default ($myhostname, expanded by -x): the
 * HELO comes from myhostname, and says so. */
static void postconf__default_helo_is_myhostname(void **state)
{
	(void)state;
	struct mta_identity m = {0};
	mta_parse_postconf("myhostname = 3f4e9c2a1b7d\nsmtp_helo_name = 3f4e9c2a1b7d\ninet_protocols = ipv4\n"
			   "relayhost = [smtp.relay.example]:587\n", "myhostname = 3f4e9c2a1b7d\n", &m);
	assert_string_equal(m.helo, "3f4e9c2a1b7d");
	assert_string_equal(m.helo_source, "myhostname");
	assert_true(m.ipv4);
	assert_false(m.ipv6);
	assert_string_equal(m.families_source, "");
	assert_string_equal(m.relayhost, "[smtp.relay.example]:587");
}

/* master.cf's -o for the smtp service wins; another service's does not count. */
static void postconf_master__smtp_service_overrides(void **state)
{
	(void)state;
	struct mta_identity m = {0};
	mta_parse_postconf("myhostname = box.example.com\nsmtp_helo_name = box.example.com\n"
			   "smtp_bind_address = 192.0.2.7\nsmtp_bind_address6 = 2001:db8::7\n", "", &m);
	mta_parse_postconf_master("relay/unix/smtp_helo_name = relay.example.com\n"
				  "smtp/unix/smtp_bind_address = 192.0.2.9\n"
				  "smtp/unix/smtp_helo_name = mail.example.com\n", &m);
	assert_string_equal(m.helo, "mail.example.com");
	assert_string_equal(m.helo_source, "master.cf: smtp -o smtp_helo_name");
	assert_int_equal(m.bind_count, 2);
	assert_string_equal(m.binds[0].text, "2001:db8::7");
	assert_string_equal(m.binds[1].text, "192.0.2.9");
	assert_string_equal(m.bind_source, "master.cf: smtp -o smtp_bind_address");
}

static void exim__transport_helo_data_and_interface_list(void **state)
{
	(void)state;
	struct mta_identity m = {0};
	mta_parse_exim_transport("remote_smtp transport:\ndriver = smtp\nhelo_data = ${primary_hostname}\n"
				 "interface = <; 192.0.2.7 ; 2001:db8::7\nno_hosts_override\n", &m);
	assert_string_equal(m.helo, "${primary_hostname}");
	assert_string_equal(m.helo_source, "helo_data");
	assert_int_equal(m.bind_count, 2);
	assert_string_equal(m.binds[1].text, "2001:db8::7");
}

static void smtpd_conf__first_relay_action(void **state)
{
	(void)state;
	struct mta_identity m = {0};
	mta_parse_smtpd_conf("# outgoing\nlisten on lo\naction \"local\" mbox alias <aliases>\n"
			     "action \"outbound\" relay helo mail.example.com src 192.0.2.7 host "
			     "smtp+tls://relay.example:587\naction \"other\" relay helo other.example\n"
			     "match from local for any action \"outbound\"\n", &m);
	assert_string_equal(m.helo, "mail.example.com");
	assert_string_equal(m.helo_source, "helo (action outbound)");
	assert_int_equal(m.bind_count, 1);
	assert_string_equal(m.binds[0].text, "192.0.2.7");
	assert_string_equal(m.relayhost, "smtp+tls://relay.example:587");
}

static void sendmail__dollar_j(void **state)
{
	(void)state;
	struct mta_identity m = {0};
	assert_false(mta_parse_sendmail("sendmail: illegal option -- d\n", &m));
	assert_true(mta_parse_sendmail("Version 8.17.1\n ...\n(canonical domain name) $j = mail.example.com\n", &m));
	assert_string_equal(m.helo, "mail.example.com");
}

static void kind__names_round_trip(void **state)
{
	(void)state;
	enum mta_kind k;
	assert_true(mta_kind_parse("Exim", &k));
	assert_int_equal(k, MTA_EXIM);
	assert_string_equal(mta_kind_name(k), "exim");
	assert_false(mta_kind_parse("qmail", &k));
	assert_null(mta_kind_name(MTA_NONE));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(postconf__helo_binds_families_relay),
		cmocka_unit_test(postconf__default_helo_is_myhostname),
		cmocka_unit_test(postconf_master__smtp_service_overrides),
		cmocka_unit_test(exim__transport_helo_data_and_interface_list),
		cmocka_unit_test(smtpd_conf__first_relay_action),
		cmocka_unit_test(sendmail__dollar_j),
		cmocka_unit_test(kind__names_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
