/* test_plan - the questions of a check, from answers made by hand: no
 * network, no loop, no diagnosis. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "diagnosis/plan.h"

/* answered - a step of this purpose whose reply holds these records
 * (presentation lines, one per element) in the answer section, or with
 * authority != NULL that record in the authority section. */
static struct step *answered(enum step_purpose purpose, const char *qname, ldns_rr_type type, int round,
			     const char *const *answers, size_t count, const char *authority)
{
	struct step *s = step_new(purpose, qname, type, NULL, NULL);
	assert_non_null(s);
	s->state = STEP_ANSWERED;
	s->round = round;
	s->packet = ldns_pkt_query_new(ldns_dname_new_frm_str(qname), type, LDNS_RR_CLASS_IN, LDNS_RD);
	assert_non_null(s->packet);
	ldns_pkt_set_qr(s->packet, true);
	for (size_t i = 0; i < count; i++) {
		ldns_rr *rr;
		assert_int_equal(ldns_rr_new_frm_str(&rr, answers[i], 300, NULL, NULL), LDNS_STATUS_OK);
		ldns_pkt_push_rr(s->packet, LDNS_SECTION_ANSWER, rr);
	}
	if (authority) {
		ldns_rr *rr;
		assert_int_equal(ldns_rr_new_frm_str(&rr, authority, 300, NULL, NULL), LDNS_STATUS_OK);
		ldns_pkt_push_rr(s->packet, LDNS_SECTION_AUTHORITY, rr);
	}
	return s;
}

static void assert_question(const struct plan *p, size_t i, enum step_purpose purpose, const char *qname,
			    ldns_rr_type type, const char *about, int round)
{
	assert_true(i < p->count);
	const struct plan_question *q = &p->questions[i];
	if (q->purpose != purpose || strcmp(q->qname, qname) != 0 || q->type != type || q->round != round)
		fail_msg("question %zu is %s %s, round %d; expected %s %s, round %d", i, step_purpose_name(q->purpose),
			 q->qname, q->round, step_purpose_name(purpose), qname, round);
	if (about)
		assert_string_equal(q->about, about);
	else
		assert_null(q->about);
}

static void first_round__ptr_soa_and_the_helo(void **state)
{
	(void)state;
	struct plan p;
	plan_init(&p);
	plan_first_round("5.113.0.203.in-addr.arpa.", "mail.example.com", false, &p);
	assert_int_equal(p.count, 6);
	assert_question(&p, 0, PURPOSE_PTR, "5.113.0.203.in-addr.arpa.", LDNS_RR_TYPE_PTR, NULL, 1);
	assert_question(&p, 1, PURPOSE_REVERSE_SOA, "5.113.0.203.in-addr.arpa.", LDNS_RR_TYPE_SOA, NULL, 1);
	assert_question(&p, 2, PURPOSE_HELO_A, "mail.example.com", LDNS_RR_TYPE_A, NULL, 1);
	assert_question(&p, 3, PURPOSE_HELO_AAAA, "mail.example.com", LDNS_RR_TYPE_AAAA, NULL, 1);
	assert_question(&p, 4, PURPOSE_HELO_MX, "mail.example.com", LDNS_RR_TYPE_MX, NULL, 1);
	assert_question(&p, 5, PURPOSE_HELO_TXT, "mail.example.com", LDNS_RR_TYPE_TXT, NULL, 1);
	plan_free(&p);
	assert_int_equal(p.count, 0);
}

static void first_round__no_dns_for_literals_and_broken_names(void **state)
{
	(void)state;
	const char *helos[] = {NULL, "", "[203.0.113.5]", "203.0.113.5", "bad..name", ".lead"};
	for (size_t i = 0; i < sizeof helos / sizeof helos[0]; i++) {
		struct plan p;
		plan_init(&p);
		plan_first_round("5.113.0.203.in-addr.arpa.", helos[i], false, &p);
		if (p.count != 2)
			fail_msg("HELO \"%s\": %zu questions, expected only PTR and SOA", helos[i] ? helos[i] : "(null)",
				 p.count);
		plan_free(&p);
	}
}

static void ptr_answer__both_families_of_each_name(void **state)
{
	(void)state;
	const char *rrs[] = {"5.113.0.203.in-addr.arpa. PTR mail.example.com.",
			     "5.113.0.203.in-addr.arpa. PTR other.example.net."};
	struct step *s = answered(PURPOSE_PTR, "5.113.0.203.in-addr.arpa.", LDNS_RR_TYPE_PTR, 1, rrs, 2, NULL);
	struct plan p;
	plan_init(&p);
	plan_after(s, AF_INET, false, &p);
	assert_int_equal(p.count, 4);
	assert_question(&p, 0, PURPOSE_TARGET_A, "mail.example.com.", LDNS_RR_TYPE_A, NULL, 2);
	assert_question(&p, 1, PURPOSE_TARGET_AAAA, "mail.example.com.", LDNS_RR_TYPE_AAAA, NULL, 2);
	assert_question(&p, 3, PURPOSE_TARGET_AAAA, "other.example.net.", LDNS_RR_TYPE_AAAA, NULL, 2);
	plan_free(&p);
	step_free(s);
}

static void ptr_answer__names_followed_up_to_the_limit(void **state)
{
	(void)state;
	char lines[PLAN_TARGETS_MAX + 3][80];
	const char *rrs[PLAN_TARGETS_MAX + 3];
	for (size_t i = 0; i < PLAN_TARGETS_MAX + 3; i++) {
		snprintf(lines[i], sizeof lines[i], "5.113.0.203.in-addr.arpa. PTR host%zu.example.com.", i);
		rrs[i] = lines[i];
	}
	struct step *s = answered(PURPOSE_PTR, "5.113.0.203.in-addr.arpa.", LDNS_RR_TYPE_PTR, 1, rrs,
				  PLAN_TARGETS_MAX + 3, NULL);
	struct plan p;
	plan_init(&p);
	plan_after(s, AF_INET, false, &p);
	assert_int_equal(p.count, 2 * PLAN_TARGETS_MAX);
	plan_free(&p);
	step_free(s);
}

/* RFC 2317: the reverse name is a CNAME into the provider's child zone,
 * and the resolver handed back the CNAME alone. */
static void ptr_answer__unchased_cname_is_followed(void **state)
{
	(void)state;
	const char *rrs[] = {"5.113.0.203.in-addr.arpa. CNAME 5.0-25.113.0.203.in-addr.arpa."};
	struct step *s = answered(PURPOSE_PTR, "5.113.0.203.in-addr.arpa.", LDNS_RR_TYPE_PTR, 1, rrs, 1, NULL);
	struct plan p;
	plan_init(&p);
	plan_after(s, AF_INET, false, &p);
	assert_int_equal(p.count, 1);
	assert_question(&p, 0, PURPOSE_PTR_FOLLOW, "5.0-25.113.0.203.in-addr.arpa.", LDNS_RR_TYPE_PTR, NULL, 2);
	plan_free(&p);
	step_free(s);
}

/* The followed name is a CNAME again: not followed further, so a server
 * that hands out CNAME after CNAME cannot make a check without end. */
static void followed_name__is_followed_once_only(void **state)
{
	(void)state;
	const char *rrs[] = {"5.0-25.113.0.203.in-addr.arpa. CNAME 5.0-26.113.0.203.in-addr.arpa."};
	struct step *s = answered(PURPOSE_PTR_FOLLOW, "5.0-25.113.0.203.in-addr.arpa.", LDNS_RR_TYPE_PTR, 2, rrs, 1, NULL);
	struct plan p;
	plan_init(&p);
	plan_after(s, AF_INET, false, &p);
	assert_int_equal(p.count, 0);
	step_free(s);
}

static void soa_in_authority__asks_the_zone_ns(void **state)
{
	(void)state;
	struct step *s = answered(PURPOSE_REVERSE_SOA, "5.113.0.203.in-addr.arpa.", LDNS_RR_TYPE_SOA, 1, NULL, 0,
				  "113.0.203.in-addr.arpa. SOA ns1.provider.example. h.provider.example. 1 2 3 4 5");
	struct plan p;
	plan_init(&p);
	plan_after(s, AF_INET, false, &p);
	assert_int_equal(p.count, 1);
	assert_question(&p, 0, PURPOSE_REVERSE_NS, "113.0.203.in-addr.arpa.", LDNS_RR_TYPE_NS, NULL, 2);
	plan_free(&p);
	step_free(s);
}

/* An IPv4 check whose HELO name also has an IPv6 address: that address's
 * PTR, and then its name's AAAA. */
static void other_family__ptr_then_its_forward(void **state)
{
	(void)state;
	const char *aaaa[] = {"mail.example.com. AAAA 2001:db8:1::5"};
	struct step *helo = answered(PURPOSE_HELO_AAAA, "mail.example.com", LDNS_RR_TYPE_AAAA, 1, aaaa, 1, NULL);
	struct plan p;
	plan_init(&p);
	plan_after(helo, AF_INET, false, &p);
	assert_int_equal(p.count, 1);
	const char *rev6 = "5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.";
	assert_question(&p, 0, PURPOSE_OTHER_PTR, rev6, LDNS_RR_TYPE_PTR, "2001:db8:1::5", 2);
	plan_free(&p);
	/* the same answer in an IPv6 check is the IP's own family: nothing */
	plan_init(&p);
	plan_after(helo, AF_INET6, false, &p);
	assert_int_equal(p.count, 0);
	step_free(helo);

	const char *ptr[] = {"5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa. PTR mail.example.com."};
	struct step *other = answered(PURPOSE_OTHER_PTR, rev6, LDNS_RR_TYPE_PTR, 2, ptr, 1, NULL);
	other->about = strdup("2001:db8:1::5");
	plan_after(other, AF_INET, false, &p);
	assert_int_equal(p.count, 1);
	assert_question(&p, 0, PURPOSE_OTHER_FORWARD, "mail.example.com.", LDNS_RR_TYPE_AAAA, "2001:db8:1::5", 3);
	plan_free(&p);
	step_free(other);
}

static void unanswered__leads_nowhere(void **state)
{
	(void)state;
	const char *rrs[] = {"5.113.0.203.in-addr.arpa. PTR mail.example.com."};
	struct step *s = answered(PURPOSE_PTR, "5.113.0.203.in-addr.arpa.", LDNS_RR_TYPE_PTR, 1, rrs, 1, NULL);
	s->state = STEP_TIMEOUT;
	struct plan p;
	plan_init(&p);
	plan_after(s, AF_INET, false, &p);
	assert_int_equal(p.count, 0);
	step_free(s);
}

/* A resolver's SERVFAIL on a lookup the verdict reads is asked again
 * with DNSSEC checking off, once; a zone server's SERVFAIL, or one on a
 * lookup the verdict does not read, is not. */
static void servfail__asked_again_with_checking_disabled(void **state)
{
	(void)state;
	struct step *s = answered(PURPOSE_PTR, "5.113.0.203.in-addr.arpa.", LDNS_RR_TYPE_PTR, 1, NULL, 0, NULL);
	s->rcode = LDNS_RCODE_SERVFAIL;
	struct plan p;
	plan_init(&p);
	plan_after(s, AF_INET, false, &p);
	assert_int_equal(p.count, 1);
	assert_question(&p, 0, PURPOSE_CHECKING_DISABLED, "5.113.0.203.in-addr.arpa.", LDNS_RR_TYPE_PTR, "ptr", 2);
	plan_free(&p);
	step_free(s);
	s = answered(PURPOSE_CHECKING_DISABLED, "5.113.0.203.in-addr.arpa.", LDNS_RR_TYPE_PTR, 2, NULL, 0, NULL);
	s->rcode = LDNS_RCODE_SERVFAIL;
	plan_init(&p);
	plan_after(s, AF_INET, false, &p);
	assert_int_equal(p.count, 0); /* never again and again */
	step_free(s);
	s = answered(PURPOSE_HELO_MX, "mail.example.com.", LDNS_RR_TYPE_MX, 1, NULL, 0, NULL);
	s->rcode = LDNS_RCODE_SERVFAIL;
	plan_after(s, AF_INET, false, &p);
	assert_int_equal(p.count, 0);
	step_free(s);
}

/* The authoritative round: an SOA answer that crossed an RFC 2317 CNAME
 * carries the child's name as the subject; the NS answer asks each name
 * server's addresses; an address answer asks that server, directly, the
 * zone's SOA and the subject's PTR. */
static void authority__zone_ns_servers_then_direct_questions(void **state)
{
	(void)state;
	const char *cname[] = {"5.113.0.203.in-addr.arpa. CNAME 5.0/26.113.0.203.in-addr.arpa."};
	struct step *soa = answered(PURPOSE_REVERSE_SOA, "5.113.0.203.in-addr.arpa.", LDNS_RR_TYPE_SOA, 1, cname, 1,
				    "0/26.113.0.203.in-addr.arpa. SOA ns1.example.com. h.example.com. 7 2 3 4 5");
	struct plan p;
	plan_init(&p);
	plan_after(soa, AF_INET, true, &p);
	assert_int_equal(p.count, 1);
	assert_question(&p, 0, PURPOSE_REVERSE_NS, "0/26.113.0.203.in-addr.arpa.", LDNS_RR_TYPE_NS, NULL, 2);
	assert_string_equal(p.questions[0].subject, "5.0/26.113.0.203.in-addr.arpa.");
	plan_free(&p);
	step_free(soa);

	const char *ns[] = {"0/26.113.0.203.in-addr.arpa. NS ns1.example.com.",
			    "0/26.113.0.203.in-addr.arpa. NS localhost."};
	struct step *nss = answered(PURPOSE_REVERSE_NS, "0/26.113.0.203.in-addr.arpa.", LDNS_RR_TYPE_NS, 2, ns, 2, NULL);
	assert_true(step_set_subject(nss, "5.0/26.113.0.203.in-addr.arpa."));
	plan_after(nss, AF_INET, true, &p);
	assert_int_equal(p.count, 2); /* localhost. stands for the resolver: not asked */
	assert_question(&p, 0, PURPOSE_NS_ADDRESS, "ns1.example.com.", LDNS_RR_TYPE_A, "0/26.113.0.203.in-addr.arpa.", 3);
	assert_question(&p, 1, PURPOSE_NS_ADDRESS, "ns1.example.com.", LDNS_RR_TYPE_AAAA, "0/26.113.0.203.in-addr.arpa.", 3);
	assert_string_equal(p.questions[1].subject, "5.0/26.113.0.203.in-addr.arpa.");
	plan_free(&p);
	step_free(nss);

	const char *a[] = {"ns1.example.com. A 192.0.2.53", "ns1.example.com. A 192.0.2.54",
			   "ns1.example.com. A 192.0.2.55"};
	struct step *addr = answered(PURPOSE_NS_ADDRESS, "ns1.example.com.", LDNS_RR_TYPE_A, 3, a, 3, NULL);
	addr->about = strdup("0/26.113.0.203.in-addr.arpa.");
	assert_true(step_set_subject(addr, "5.0/26.113.0.203.in-addr.arpa."));
	plan_after(addr, AF_INET, true, &p);
	assert_int_equal(p.count, 2 * PLAN_NS_ADDRESSES_MAX);
	assert_question(&p, 0, PURPOSE_AUTH_SOA, "0/26.113.0.203.in-addr.arpa.", LDNS_RR_TYPE_SOA,
			"0/26.113.0.203.in-addr.arpa.", 4);
	assert_question(&p, 1, PURPOSE_AUTH_ANSWER, "5.0/26.113.0.203.in-addr.arpa.", LDNS_RR_TYPE_PTR,
			"0/26.113.0.203.in-addr.arpa.", 4);
	assert_string_equal(p.questions[1].target, "192.0.2.53");
	assert_string_equal(p.questions[1].target_name, "ns1.example.com.");
	assert_string_equal(p.questions[3].target, "192.0.2.54");
	plan_free(&p);
	/* without the authoritative round, an address answer leads nowhere */
	plan_after(addr, AF_INET, false, &p);
	assert_int_equal(p.count, 0);
	step_free(addr);
}

/* A forward zone's servers are asked for both families of the subject;
 * the first PTR name's zone and a FQDN HELO's zone are looked up. */
static void authority__forward_zone_and_helo_zone(void **state)
{
	(void)state;
	const char *a[] = {"ns1.example.com. A 192.0.2.53"};
	struct step *addr = answered(PURPOSE_NS_ADDRESS, "ns1.example.com.", LDNS_RR_TYPE_A, 3, a, 1, NULL);
	addr->about = strdup("example.com.");
	assert_true(step_set_subject(addr, "mail.example.com."));
	struct plan p;
	plan_init(&p);
	plan_after(addr, AF_INET, true, &p);
	assert_int_equal(p.count, 3);
	assert_question(&p, 1, PURPOSE_AUTH_ANSWER, "mail.example.com.", LDNS_RR_TYPE_A, "example.com.", 4);
	assert_question(&p, 2, PURPOSE_AUTH_ANSWER, "mail.example.com.", LDNS_RR_TYPE_AAAA, "example.com.", 4);
	plan_free(&p);
	step_free(addr);

	const char *ptrs[] = {"5.113.0.203.in-addr.arpa. PTR mail.example.com.",
			      "5.113.0.203.in-addr.arpa. PTR other.example.net."};
	struct step *ptr = answered(PURPOSE_PTR, "5.113.0.203.in-addr.arpa.", LDNS_RR_TYPE_PTR, 1, ptrs, 2, NULL);
	plan_after(ptr, AF_INET, true, &p);
	size_t zone_soa = 0;
	for (size_t i = 0; i < p.count; i++)
		if (p.questions[i].purpose == PURPOSE_ZONE_SOA) {
			zone_soa++;
			assert_string_equal(p.questions[i].qname, "mail.example.com.");
		}
	assert_int_equal(zone_soa, 1);
	plan_free(&p);
	step_free(ptr);

	plan_first_round("5.113.0.203.in-addr.arpa.", "mail.example.com", true, &p);
	assert_question(&p, 6, PURPOSE_ZONE_SOA, "mail.example.com", LDNS_RR_TYPE_SOA, NULL, 1);
	plan_free(&p);
	plan_first_round("5.113.0.203.in-addr.arpa.", "localhost", true, &p);
	for (size_t i = 0; i < p.count; i++)
		assert_int_not_equal(p.questions[i].purpose, PURPOSE_ZONE_SOA);
	plan_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(first_round__ptr_soa_and_the_helo),
		cmocka_unit_test(first_round__no_dns_for_literals_and_broken_names),
		cmocka_unit_test(ptr_answer__both_families_of_each_name),
		cmocka_unit_test(ptr_answer__names_followed_up_to_the_limit),
		cmocka_unit_test(ptr_answer__unchased_cname_is_followed),
		cmocka_unit_test(followed_name__is_followed_once_only),
		cmocka_unit_test(soa_in_authority__asks_the_zone_ns),
		cmocka_unit_test(other_family__ptr_then_its_forward),
		cmocka_unit_test(unanswered__leads_nowhere),
		cmocka_unit_test(servfail__asked_again_with_checking_disabled),
		cmocka_unit_test(authority__zone_ns_servers_then_direct_questions),
		cmocka_unit_test(authority__forward_zone_and_helo_zone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
