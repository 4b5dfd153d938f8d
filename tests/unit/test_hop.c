/* test_hop - what one server's reply means for a walk down the delegations. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "trace/hop.h"

/* reply - a packet: flags "aa", an rcode, and records "S owner TTL IN TYPE
 * DATA" with S one of a (answer), n (authority), x (additional). */
static ldns_pkt *reply(bool aa, ldns_pkt_rcode rcode, const char *const *records)
{
	ldns_pkt *p = ldns_pkt_new();
	assert_non_null(p);
	ldns_pkt_set_qr(p, true);
	ldns_pkt_set_aa(p, aa);
	ldns_pkt_set_rcode(p, (uint8_t)rcode);
	for (size_t i = 0; records && records[i]; i++) {
		ldns_rr *rr = NULL;
		assert_int_equal(ldns_rr_new_frm_str(&rr, records[i] + 2, 300, NULL, NULL), LDNS_STATUS_OK);
		ldns_pkt_section section = records[i][0] == 'a' ? LDNS_SECTION_ANSWER
					   : records[i][0] == 'n' ? LDNS_SECTION_AUTHORITY
								  : LDNS_SECTION_ADDITIONAL;
		assert_true(ldns_pkt_push_rr(p, section, rr));
	}
	return p;
}

static void read_reply(bool aa, ldns_pkt_rcode rcode, const char *const *records, const char *zone,
		       const char *qname, ldns_rr_type type, struct hop_reading *out)
{
	ldns_pkt *p = reply(aa, rcode, records);
	hop_read(p, zone, qname, type, out);
	ldns_pkt_free(p);
}

#define Q "5.113.0.203.in-addr.arpa."

static void referral__followed_with_glue_in_bailiwick_only(void **state)
{
	(void)state;
	const char *const records[] = {
		"n 113.0.203.in-addr.arpa. 300 IN NS ns2.provider.test.",
		"n 113.0.203.in-addr.arpa. 300 IN NS ns1.203.in-addr.arpa.",
		"x ns1.203.in-addr.arpa. 300 IN A 198.51.100.53",
		"x ns2.provider.test. 300 IN A 192.0.2.66",   /* not under the zone asked */
		"x www.203.in-addr.arpa. 300 IN A 192.0.2.67", /* not a name server of the referral */
		NULL};
	struct hop_reading r;
	read_reply(false, LDNS_RCODE_NOERROR, records, "203.in-addr.arpa.", Q, LDNS_RR_TYPE_PTR, &r);
	assert_int_equal(r.kind, HOP_REFERRAL);
	assert_true(hop_kind_good(r.kind));
	assert_string_equal(r.child, "113.0.203.in-addr.arpa.");
	assert_int_equal(r.ns_count, 2);
	assert_string_equal(r.ns[0], "ns1.203.in-addr.arpa."); /* sorted */
	assert_string_equal(r.ns[1], "ns2.provider.test.");
	assert_int_equal(r.glue_count, 1);
	assert_string_equal(r.glue[0].address, "198.51.100.53");
	assert_int_equal(r.foreign_glue, 2);
	assert_string_equal(r.foreign_glue_name, "ns2.provider.test.");
}

static void referral__with_aa_set_is_still_a_referral(void **state)
{
	(void)state;
	const char *const records[] = {"n 113.0.203.in-addr.arpa. 300 IN NS ns1.provider.test.", NULL};
	struct hop_reading r;
	read_reply(true, LDNS_RCODE_NOERROR, records, "203.in-addr.arpa.", Q, LDNS_RR_TYPE_PTR, &r);
	assert_int_equal(r.kind, HOP_REFERRAL);
	const char *const own[] = {"n 113.0.203.in-addr.arpa. 300 IN NS ns1.provider.test.", NULL};
	read_reply(true, LDNS_RCODE_NOERROR, own, "113.0.203.in-addr.arpa.", Q, LDNS_RR_TYPE_PTR, &r);
	assert_int_equal(r.kind, HOP_NO_DATA); /* its own NS, with authority: no such record */
}

static void referral__root_trusts_any_glue(void **state)
{
	(void)state;
	const char *const records[] = {"n arpa. 300 IN NS a.ns.arpa.", "x a.ns.arpa. 300 IN A 192.0.2.10", NULL};
	struct hop_reading r;
	read_reply(false, LDNS_RCODE_NOERROR, records, ".", Q, LDNS_RR_TYPE_PTR, &r);
	assert_int_equal(r.kind, HOP_REFERRAL);
	assert_int_equal(r.glue_count, 1);
	assert_int_equal(r.foreign_glue, 0);
}

static void referral__loop_upward_and_off_the_way(void **state)
{
	(void)state;
	struct hop_reading r;
	const char *const loop[] = {"n 114.0.203.in-addr.arpa. 300 IN NS ns.looper.test.", NULL};
	read_reply(false, LDNS_RCODE_NOERROR, loop, "114.0.203.in-addr.arpa.", "5.114.0.203.in-addr.arpa.",
		   LDNS_RR_TYPE_PTR, &r);
	assert_int_equal(r.kind, HOP_LOOP);
	assert_non_null(strstr(r.detail, "delegation loop"));
	assert_false(hop_kind_good(r.kind));
	const char *const up[] = {"n 203.in-addr.arpa. 300 IN NS ns.registry.test.", NULL};
	read_reply(false, LDNS_RCODE_NOERROR, up, "115.0.203.in-addr.arpa.", "5.115.0.203.in-addr.arpa.",
		   LDNS_RR_TYPE_PTR, &r);
	assert_int_equal(r.kind, HOP_UPWARD);
	assert_non_null(strstr(r.detail, "refers upward, to 203.in-addr.arpa."));
	const char *const aside[] = {"n 9.203.in-addr.arpa. 300 IN NS ns.other.test.", NULL};
	read_reply(false, LDNS_RCODE_NOERROR, aside, "203.in-addr.arpa.", Q, LDNS_RR_TYPE_PTR, &r);
	assert_int_equal(r.kind, HOP_UPWARD);
	assert_non_null(strstr(r.detail, "not on the way"));
	assert_int_equal(r.glue_count, 0);
}

static void answers__records_alias_and_no(void **state)
{
	(void)state;
	struct hop_reading r;
	const char *const ptr[] = {"a " Q " 300 IN PTR b.example.", "a " Q " 300 IN PTR a.example.", NULL};
	read_reply(true, LDNS_RCODE_NOERROR, ptr, "113.0.203.in-addr.arpa.", Q, LDNS_RR_TYPE_PTR, &r);
	assert_int_equal(r.kind, HOP_ANSWER);
	assert_string_equal(r.answers, "a.example. b.example.");
	read_reply(false, LDNS_RCODE_NOERROR, ptr, "113.0.203.in-addr.arpa.", Q, LDNS_RR_TYPE_PTR, &r);
	assert_int_equal(r.kind, HOP_NOT_AA); /* a cache, not the zone */
	const char *const alias[] = {"a " Q " 300 IN CNAME 5.0-25.113.0.203.in-addr.arpa.", NULL};
	read_reply(true, LDNS_RCODE_NOERROR, alias, "113.0.203.in-addr.arpa.", Q, LDNS_RR_TYPE_PTR, &r);
	assert_int_equal(r.kind, HOP_ALIAS);
	assert_string_equal(r.answers, "5.0-25.113.0.203.in-addr.arpa.");
	const char *const soa[] = {"n 113.0.203.in-addr.arpa. 300 IN SOA ns1.p.test. h.p.test. 1 2 3 4 5", NULL};
	read_reply(true, LDNS_RCODE_NXDOMAIN, soa, "113.0.203.in-addr.arpa.", Q, LDNS_RR_TYPE_PTR, &r);
	assert_int_equal(r.kind, HOP_NO_NAME);
	assert_string_equal(r.zone, "113.0.203.in-addr.arpa.");
	read_reply(true, LDNS_RCODE_NOERROR, soa, "113.0.203.in-addr.arpa.", Q, LDNS_RR_TYPE_PTR, &r);
	assert_int_equal(r.kind, HOP_NO_DATA);
}

static void errors__wrong_zone_refused_servfail_lame(void **state)
{
	(void)state;
	struct hop_reading r;
	const char *const other[] = {"n 203.in-addr.arpa. 300 IN SOA ns.r.test. h.r.test. 1 2 3 4 5", NULL};
	read_reply(true, LDNS_RCODE_NXDOMAIN, other, "116.0.203.in-addr.arpa.", "5.116.0.203.in-addr.arpa.",
		   LDNS_RR_TYPE_PTR, &r);
	assert_int_equal(r.kind, HOP_WRONG_ZONE);
	assert_string_equal(r.zone, "203.in-addr.arpa.");
	read_reply(false, LDNS_RCODE_REFUSED, NULL, "113.0.203.in-addr.arpa.", Q, LDNS_RR_TYPE_PTR, &r);
	assert_int_equal(r.kind, HOP_REFUSED);
	assert_string_equal(r.rcode, "REFUSED");
	read_reply(false, LDNS_RCODE_SERVFAIL, NULL, "113.0.203.in-addr.arpa.", Q, LDNS_RR_TYPE_PTR, &r);
	assert_int_equal(r.kind, HOP_ERROR);
	read_reply(false, LDNS_RCODE_NOERROR, NULL, "113.0.203.in-addr.arpa.", Q, LDNS_RR_TYPE_PTR, &r);
	assert_int_equal(r.kind, HOP_NOT_AA);
	read_reply(false, LDNS_RCODE_NXDOMAIN, NULL, "113.0.203.in-addr.arpa.", Q, LDNS_RR_TYPE_PTR, &r);
	assert_int_equal(r.kind, HOP_NOT_AA);
	assert_string_equal(hop_kind_name(HOP_NO_ADDRESS), "no-address");
	assert_string_equal(hop_kind_name(HOP_KIND_COUNT), "?");
}

static void hostile__escaped_names_stay_escaped(void **state)
{
	(void)state;
	struct hop_reading r;
	const char *const records[] = {"a " Q " 300 IN PTR evil\\027[2J.example.", NULL};
	read_reply(true, LDNS_RCODE_NOERROR, records, "113.0.203.in-addr.arpa.", Q, LDNS_RR_TYPE_PTR, &r);
	assert_int_equal(r.kind, HOP_ANSWER);
	assert_null(strchr(r.answers, '\033'));
	assert_non_null(strstr(r.answers, "\\027"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(referral__followed_with_glue_in_bailiwick_only),
		cmocka_unit_test(referral__with_aa_set_is_still_a_referral),
		cmocka_unit_test(referral__root_trusts_any_glue),
		cmocka_unit_test(referral__loop_upward_and_off_the_way),
		cmocka_unit_test(answers__records_alias_and_no),
		cmocka_unit_test(errors__wrong_zone_refused_servfail_lame),
		cmocka_unit_test(hostile__escaped_names_stay_escaped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
