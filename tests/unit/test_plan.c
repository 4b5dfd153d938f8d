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

#include "plan.h"

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
	plan_first_round("5.113.0.203.in-addr.arpa.", "mail.example.com", &p);
	assert_int_equal(p.count, 5);
	assert_question(&p, 0, PURPOSE_PTR, "5.113.0.203.in-addr.arpa.", LDNS_RR_TYPE_PTR, NULL, 1);
	assert_question(&p, 1, PURPOSE_REVERSE_SOA, "5.113.0.203.in-addr.arpa.", LDNS_RR_TYPE_SOA, NULL, 1);
	assert_question(&p, 2, PURPOSE_HELO_A, "mail.example.com", LDNS_RR_TYPE_A, NULL, 1);
	assert_question(&p, 3, PURPOSE_HELO_AAAA, "mail.example.com", LDNS_RR_TYPE_AAAA, NULL, 1);
	assert_question(&p, 4, PURPOSE_HELO_MX, "mail.example.com", LDNS_RR_TYPE_MX, NULL, 1);
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
		plan_first_round("5.113.0.203.in-addr.arpa.", helos[i], &p);
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
	plan_after(s, AF_INET, &p);
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
	plan_after(s, AF_INET, &p);
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
	plan_after(s, AF_INET, &p);
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
	plan_after(s, AF_INET, &p);
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
	plan_after(s, AF_INET, &p);
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
	plan_after(helo, AF_INET, &p);
	assert_int_equal(p.count, 1);
	const char *rev6 = "5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.";
	assert_question(&p, 0, PURPOSE_OTHER_PTR, rev6, LDNS_RR_TYPE_PTR, "2001:db8:1::5", 2);
	plan_free(&p);
	/* the same answer in an IPv6 check is the IP's own family: nothing */
	plan_init(&p);
	plan_after(helo, AF_INET6, &p);
	assert_int_equal(p.count, 0);
	step_free(helo);

	const char *ptr[] = {"5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa. PTR mail.example.com."};
	struct step *other = answered(PURPOSE_OTHER_PTR, rev6, LDNS_RR_TYPE_PTR, 2, ptr, 1, NULL);
	other->about = strdup("2001:db8:1::5");
	plan_after(other, AF_INET, &p);
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
	plan_after(s, AF_INET, &p);
	assert_int_equal(p.count, 0);
	step_free(s);
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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
