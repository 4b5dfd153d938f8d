/* test_meaning - every answer said in the step's own terms: the outcomes
 * from real lab packets, the sentences filled in, nothing raw from DNS. */
#include "labkit.h"
#include "util/help.h"
#include "diagnosis/meaning.h"

static const struct step *find_step(const struct labkit *kit, enum step_purpose purpose, ldns_rr_type type)
{
	for (size_t i = 0; i < diagnosis_step_count(kit->diagnosis); i++) {
		const struct step *s = diagnosis_step(kit->diagnosis, i);
		if (s->purpose == purpose && s->qtype == type)
			return s;
	}
	fail_msg("no %s step of type %d", step_purpose_name(purpose), (int)type);
	return NULL;
}

/* assert_means - the step's outcome and its sentence. */
static void assert_means(const struct labkit *kit, enum step_purpose purpose, ldns_rr_type type,
			 const char *outcome, const char *words)
{
	const struct step *s = find_step(kit, purpose, type);
	char buf[1200];
	assert_string_equal(meaning_outcome(s, diagnosis_ip(kit->diagnosis)), outcome);
	meaning_of(s, diagnosis_ip(kit->diagnosis), buf, sizeof buf);
	assert_string_equal(buf, words);
}

static void meaning__passing_server(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit,
		   LABKIT_ZONES "$ORIGIN 100.51.198.in-addr.arpa.\n5 PTR mail.example.com.\n"
				"$ORIGIN example.com.\n"
				"mail A 198.51.100.5\n"
				"mail MX 10 mail.example.com.\n",
		   "198.51.100.5", "mail.example.com");
	assert_means(&kit, PURPOSE_PTR, LDNS_RR_TYPE_PTR, "records", "198.51.100.5 points to mail.example.com");
	/* 5.100.51.198.in-addr.arpa. is no zone apex: its SOA comes in the
	 * authority section, which dig +short does not print */
	assert_means(&kit, PURPOSE_REVERSE_SOA, LDNS_RR_TYPE_SOA, "zone",
		     "zone 100.51.198.in-addr.arpa, run by ns1.isp.example (from the authority section)");
	assert_means(&kit, PURPOSE_TARGET_A, LDNS_RR_TYPE_A, "match", "yes: mail.example.com has 198.51.100.5");
	assert_means(&kit, PURPOSE_TARGET_AAAA, LDNS_RR_TYPE_AAAA, "no-data", "no IPv6 address for mail.example.com");
	assert_means(&kit, PURPOSE_HELO_MX, LDNS_RR_TYPE_MX, "records", "mail for mail.example.com goes to 10 mail.example.com");
	assert_means(&kit, PURPOSE_REVERSE_NS, LDNS_RR_TYPE_NS, "records",
		     "served by ns1.isp.example and ns2.isp.example");
	const struct step *soa = find_step(&kit, PURPOSE_REVERSE_SOA, LDNS_RR_TYPE_SOA);
	assert_true(step_dig_shows_authority(soa));
	assert_string_equal(soa->dig, "dig SOA 5.100.51.198.in-addr.arpa. +noall +authority");
	const struct step *ptr = find_step(&kit, PURPOSE_PTR, LDNS_RR_TYPE_PTR);
	assert_false(step_dig_shows_authority(ptr)); /* +short prints what it read */
	labkit_free(&kit);
}

static void meaning__failing_names(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit,
		   LABKIT_ZONES "$ORIGIN example.com.\n"
				"mail A 198.51.100.5\n",
		   "198.51.100.9", "nosuch.example.com");
	assert_means(&kit, PURPOSE_PTR, LDNS_RR_TYPE_PTR, "no-name", "no such name: 198.51.100.9 has no PTR");
	assert_means(&kit, PURPOSE_REVERSE_SOA, LDNS_RR_TYPE_SOA, "no-name-zone",
		     "no such name in zone 100.51.198.in-addr.arpa, run by ns1.isp.example");
	assert_means(&kit, PURPOSE_HELO_A, LDNS_RR_TYPE_A, "no-name",
		     "no such name: the HELO name nosuch.example.com does not exist");
	labkit_free(&kit);
}

static void meaning__points_elsewhere_and_ipv6(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit,
		   LABKIT_ZONES "$ORIGIN 100.51.198.in-addr.arpa.\n5 PTR mail.example.com.\n"
				"$ORIGIN example.com.\n"
				"mail A 198.51.100.77\n"
				"mail A 198.51.100.78\n",
		   "198.51.100.5", NULL);
	assert_means(&kit, PURPOSE_TARGET_A, LDNS_RR_TYPE_A, "no-match",
		     "no: mail.example.com has 198.51.100.77 and 198.51.100.78, not 198.51.100.5");
	labkit_free(&kit);
	labkit_run(&kit, LABKIT_ZONES "$ORIGIN example.com.\nmail AAAA 2001:db8:1::5\n", "2001:db8:1::5",
		   "mail.example.com");
	assert_means(&kit, PURPOSE_PTR, LDNS_RR_TYPE_PTR, "no-name", "no such name: 2001:db8:1::5 has no PTR");
	assert_means(&kit, PURPOSE_HELO_AAAA, LDNS_RR_TYPE_AAAA, "records",
		     "mail.example.com has the IPv6 address 2001:db8:1::5");
	assert_means(&kit, PURPOSE_HELO_A, LDNS_RR_TYPE_A, "no-data", "mail.example.com exists but has no IPv4 address");
	labkit_free(&kit);
}

static void meaning__servfail_and_timeout(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, "; servfail: 100.51.198.in-addr.arpa\n; timeout: example.com\n" LABKIT_ZONES, "198.51.100.5",
		   "mail.example.com");
	assert_means(&kit, PURPOSE_PTR, LDNS_RR_TYPE_PTR, "servfail",
		     "the server failed (SERVFAIL): the name servers of the reverse zone are broken or unreachable");
	assert_means(&kit, PURPOSE_HELO_A, LDNS_RR_TYPE_A, "timeout",
		     "no reply in time: the server is down, or the way to it is blocked");
	labkit_free(&kit);
}

/* A step answered by hand: a server asked directly, and a hostile name. */
static struct step *answered(enum step_purpose purpose, const char *qname, ldns_rr_type type, bool aa,
			     const char *record)
{
	struct step *s = step_new(purpose, qname, type, "dig x", NULL);
	assert_non_null(s);
	s->packet = ldns_pkt_query_new(ldns_dname_new_frm_str(qname), type, LDNS_RR_CLASS_IN, 0);
	ldns_pkt_set_aa(s->packet, aa);
	if (record) {
		ldns_rr *rr;
		assert_int_equal(ldns_rr_new_frm_str(&rr, record, 300, NULL, NULL), LDNS_STATUS_OK);
		ldns_pkt_push_rr(s->packet, LDNS_SECTION_ANSWER, rr);
	}
	s->state = STEP_ANSWERED;
	s->rcode = LDNS_RCODE_NOERROR;
	return s;
}

static void meaning__direct_servers_and_escapes(void **state)
{
	(void)state;
	struct ip_address ip;
	char buf[1200];
	assert_int_equal(names_parse_ip("198.51.100.5", &ip), NAMES_OK);
	struct step *s = answered(PURPOSE_AUTH_ANSWER, "5.100.51.198.in-addr.arpa.", LDNS_RR_TYPE_PTR, false, NULL);
	assert_true(step_set_target(s, "192.0.2.53", "ns1.isp.example.", 53));
	meaning_of(s, &ip, buf, sizeof buf);
	assert_string_equal(buf, "ns1.isp.example answers without authority: it does not serve this zone (a lame server)");
	step_free(s);
	s = answered(PURPOSE_AUTH_SOA, "100.51.198.in-addr.arpa.", LDNS_RR_TYPE_SOA, true,
		     "100.51.198.in-addr.arpa. 300 IN SOA ns1.isp.example. h.isp.example. 2026120201 3600 600 86400 300");
	assert_true(step_set_target(s, "192.0.2.53", NULL, 53));
	meaning_of(s, &ip, buf, sizeof buf);
	assert_string_equal(buf, "192.0.2.53 serves serial 2026120201 of zone 100.51.198.in-addr.arpa");
	step_free(s);
	s = answered(PURPOSE_PTR, "5.100.51.198.in-addr.arpa.", LDNS_RR_TYPE_PTR, false,
		     "5.100.51.198.in-addr.arpa. 300 IN PTR evil\\027[31m\\007.example.com.");
	meaning_of(s, &ip, buf, sizeof buf);
	assert_string_equal(buf, "198.51.100.5 points to evil\\027[31m\\007.example.com");
	for (const char *p = buf; *p; p++)
		assert_true(*p >= 0x20 && *p < 0x7f);
	step_free(s);
	s = answered(PURPOSE_PTR, "5.100.51.198.in-addr.arpa.", LDNS_RR_TYPE_PTR, false,
		     "5.100.51.198.in-addr.arpa. 300 IN CNAME 5.0/25.100.51.198.in-addr.arpa.");
	meaning_of(s, &ip, buf, sizeof buf);
	assert_string_equal(buf, "the reverse name is an alias (CNAME) for 5.0/25.100.51.198.in-addr.arpa, which holds no PTR");
	s->state = STEP_RUNNING;
	meaning_of(s, &ip, buf, sizeof buf);
	assert_string_equal(buf, ""); /* nothing to say yet */
	step_free(s);
}

/* Every outcome has a sentence for any purpose: a new purpose never
 * shows an empty line. */
static void meaning__every_outcome_has_a_default(void **state)
{
	(void)state;
	const char *outcomes[] = {"records", "match", "no-match", "alias", "no-data", "no-name", "zone", "no-name-zone",
				  "not-authoritative", "servfail", "refused", "rcode", "timeout", "failed", "stopped"};
	char key[64], buf[400];
	for (size_t i = 0; i < sizeof outcomes / sizeof outcomes[0]; i++) {
		snprintf(key, sizeof key, "any.%s", outcomes[i]);
		if (!help_line("step-answers.txt", key, buf, sizeof buf))
			fail_msg("help/step-answers.txt has no %s", key);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(meaning__passing_server),
		cmocka_unit_test(meaning__failing_names),
		cmocka_unit_test(meaning__points_elsewhere_and_ipv6),
		cmocka_unit_test(meaning__servfail_and_timeout),
		cmocka_unit_test(meaning__direct_servers_and_escapes),
		cmocka_unit_test(meaning__every_outcome_has_a_default),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
