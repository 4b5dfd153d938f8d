/* test_step - answers as dig +short prints them, CNAME chains and loops. */
#include "labkit.h"

static struct step *answered(const char *qname, ldns_rr_type type, const char *const *records, size_t count)
{
	struct step *s = step_new(PURPOSE_PTR, qname, type, "dig x", NULL);
	assert_non_null(s);
	ldns_rdf *q = ldns_dname_new_frm_str(qname);
	s->packet = ldns_pkt_query_new(q, type, LDNS_RR_CLASS_IN, LDNS_RD);
	for (size_t i = 0; i < count; i++) {
		ldns_rr *rr;
		assert_int_equal(ldns_rr_new_frm_str(&rr, records[i], 300, NULL, NULL), LDNS_STATUS_OK);
		ldns_pkt_push_rr(s->packet, LDNS_SECTION_ANSWER, rr);
	}
	s->state = STEP_ANSWERED;
	s->rcode = LDNS_RCODE_NOERROR;
	return s;
}

static void answers__dig_short_format(void **state)
{
	(void)state;
	const char *const records[] = {
		"mail.example.com. 300 IN MX 10 mx.example.com.",
		"mail.example.com. 300 IN TXT \"v=spf1 -all\"",
		"mail.example.com. 300 IN AAAA 2001:db8::5",
		"mail.example.com. 300 IN SOA ns. host. 1 2 3 4 5",
	};
	struct step *s = answered("mail.example.com.", LDNS_RR_TYPE_MX, records, 4);
	char **lines;
	size_t n = step_answers(s, &lines);
	assert_int_equal(n, 4);
	assert_string_equal(lines[0], "10 mx.example.com.");
	assert_string_equal(lines[1], "\"v=spf1 -all\"");
	assert_string_equal(lines[2], "2001:db8::5");
	assert_string_equal(lines[3], "ns. host. 1 2 3 4 5");
	step_answers_free(lines, n);
	step_free(s);
}

static void records__follow_cname_chain(void **state)
{
	(void)state;
	const char *const records[] = {
		"5.2.0.192.in-addr.arpa. 300 IN CNAME 5.0/25.2.0.192.in-addr.arpa.",
		"5.0/25.2.0.192.in-addr.arpa. 300 IN PTR mail.example.com.",
		"other.example. 300 IN PTR stray.example.com.",
	};
	struct step *s = answered("5.2.0.192.in-addr.arpa.", LDNS_RR_TYPE_PTR, records, 3);
	ldns_rr_list *ptrs = step_records(s, LDNS_RR_TYPE_PTR);
	assert_int_equal(ldns_rr_list_rr_count(ptrs), 1);
	ldns_rr_list *chain = step_cname_chain(s);
	assert_int_equal(ldns_rr_list_rr_count(chain), 1);
	assert_false(step_has_cname_loop(s));
	ldns_rr_list_deep_free(ptrs);
	ldns_rr_list_deep_free(chain);
	step_free(s);
}

static void records__loop_detected(void **state)
{
	(void)state;
	const char *const records[] = {
		"a.example. 300 IN CNAME b.example.",
		"b.example. 300 IN CNAME a.example.",
	};
	struct step *s = answered("a.example.", LDNS_RR_TYPE_A, records, 2);
	assert_true(step_has_cname_loop(s));
	ldns_rr_list *a = step_records(s, LDNS_RR_TYPE_A);
	assert_int_equal(ldns_rr_list_rr_count(a), 0);
	ldns_rr_list_deep_free(a);
	step_free(s);
}

static void names__rcode_type_purpose(void **state)
{
	(void)state;
	struct step *s = step_new(PURPOSE_TARGET_AAAA, "x.example.", LDNS_RR_TYPE_AAAA, NULL, NULL);
	assert_string_equal(step_rcode_name(s), "PENDING");
	s->state = STEP_TIMEOUT;
	assert_string_equal(step_rcode_name(s), "TIMEOUT");
	assert_false(step_ok(s));
	s->state = STEP_ANSWERED;
	s->rcode = LDNS_RCODE_SERVFAIL;
	assert_string_equal(step_rcode_name(s), "SERVFAIL");
	assert_false(step_ok(s));
	s->rcode = LDNS_RCODE_NXDOMAIN;
	assert_true(step_ok(s));
	assert_string_equal(step_type_name(s), "AAAA");
	assert_string_equal(step_purpose_name(s->purpose), "target-aaaa");
	char **lines;
	assert_int_equal(step_answers(s, &lines), 0);
	step_free(s);
	step_free(NULL);
}

/* An Extended DNS Error read from the wire (RFC 8914): the info code, the
 * extra text escaped; none without the option. */
static void ede__code_and_text_from_the_wire(void **state)
{
	(void)state;
	struct step *s = answered("5.113.0.203.in-addr.arpa.", LDNS_RR_TYPE_PTR, NULL, 0);
	ldns_pkt_set_qr(s->packet, true);
	ldns_pkt_set_rcode(s->packet, LDNS_RCODE_SERVFAIL);
	ldns_pkt_set_edns_udp_size(s->packet, 1232);
	static const uint8_t ede[] = {0, 7, 's', 'i', 'g', ' ', 'e', 'x', 'p', 'i', 'r', 'e', 'd', '\x1b', '[', '2', 'J'};
	uint8_t *data = malloc(sizeof ede);
	assert_non_null(data);
	memcpy(data, ede, sizeof ede);
	ldns_edns_option_list *list = ldns_edns_option_list_new();
	assert_true(ldns_edns_option_list_push(list, ldns_edns_new(LDNS_EDNS_EDE, sizeof ede, data)));
	ldns_pkt_set_edns_option_list(s->packet, list);
	uint8_t *wire;
	size_t size;
	assert_int_equal(ldns_pkt2wire(&wire, s->packet, &size), LDNS_STATUS_OK);
	ldns_pkt_free(s->packet);
	assert_int_equal(ldns_wire2pkt(&s->packet, wire, size), LDNS_STATUS_OK);
	free(wire);
	int code = 0;
	char text[64];
	assert_true(step_ede(s, &code, text, sizeof text));
	assert_int_equal(code, 7);
	assert_null(strchr(text, '\x1b')); /* no byte from DNS reaches the terminal unescaped */
	assert_non_null(strstr(text, "sig expired"));
	step_free(s);
	s = answered("5.113.0.203.in-addr.arpa.", LDNS_RR_TYPE_PTR, NULL, 0);
	assert_false(step_ede(s, &code, text, sizeof text));
	assert_string_equal(text, "");
	step_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(answers__dig_short_format),
		cmocka_unit_test(records__follow_cname_chain),
		cmocka_unit_test(records__loop_detected),
		cmocka_unit_test(names__rcode_type_purpose),
		cmocka_unit_test(ede__code_and_text_from_the_wire),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
