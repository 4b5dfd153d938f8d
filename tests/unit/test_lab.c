/* test_lab - scenario parsing (header, records, errors with line numbers)
 * and in-process answers (NOERROR, NODATA, NXDOMAIN, CNAMEs, faults). */
#define _POSIX_C_SOURCE 200809L
#include "labkit.h"

#include <stdlib.h>
#include <unistd.h>

static const char scenario[] =
	"; title: A test scenario\n"
	"; ip: 198.51.100.5\n"
	"; helo: mail.example.com\n"
	"; lesson: first line\n"
	"; lesson: second line\n"
	"; latency: 5\n"
	"; servfail: broken.example\n"
	"; timeout: slow.example\n"
	"; an ordinary comment: ignored\n"
	LABKIT_ZONES
	"$ORIGIN example.com.\n"
	"mail A 198.51.100.5\n"
	"alias CNAME mail\n"
	"loop1 CNAME loop2\n"
	"loop2 CNAME loop1\n"
	"deep.empty.nonterminal TXT \"x\"\n";

static struct lab_scenario *parse_ok(const char *text)
{
	struct lab_scenario *sc;
	char err[1024];
	if (!lab_scenario_parse(text, "t", &sc, err, sizeof err))
		fail_msg("parse failed: %s", err);
	return sc;
}

static ldns_pkt *ask(const struct lab_scenario *sc, const char *name, ldns_rr_type type, enum lab_fault *fault)
{
	ldns_rdf *q = ldns_dname_new_frm_str(name);
	ldns_pkt *reply;
	*fault = lab_answer(sc, q, type, 4242, &reply);
	ldns_rdf_deep_free(q);
	return reply;
}

static void header__keys_values_and_joined_lesson(void **state)
{
	(void)state;
	struct lab_scenario *sc = parse_ok(scenario);
	assert_string_equal(lab_scenario_get(sc, "title"), "A test scenario");
	assert_string_equal(lab_scenario_get(sc, "ip"), "198.51.100.5");
	assert_string_equal(lab_scenario_get(sc, "lesson"), "first line second line");
	assert_null(lab_scenario_get(sc, "provider"));
	assert_null(lab_scenario_get(sc, "an ordinary comment"));
	assert_int_equal(lab_scenario_latency_ms(sc), 5);
	lab_scenario_free(sc);
}

static void answer__noerror_nodata_nxdomain(void **state)
{
	(void)state;
	struct lab_scenario *sc = parse_ok(scenario);
	enum lab_fault fault;
	ldns_pkt *p = ask(sc, "mail.example.com.", LDNS_RR_TYPE_A, &fault);
	assert_int_equal(fault, LAB_ANSWER);
	assert_int_equal(ldns_pkt_get_rcode(p), LDNS_RCODE_NOERROR);
	assert_int_equal(ldns_pkt_ancount(p), 1);
	assert_int_equal(ldns_pkt_id(p), 4242);
	assert_true(ldns_pkt_qr(p));
	ldns_pkt_free(p);

	p = ask(sc, "mail.example.com.", LDNS_RR_TYPE_AAAA, &fault);
	assert_int_equal(ldns_pkt_get_rcode(p), LDNS_RCODE_NOERROR);
	assert_int_equal(ldns_pkt_ancount(p), 0);
	assert_int_equal(ldns_pkt_nscount(p), 1); /* the zone's SOA */
	assert_int_equal(ldns_rr_get_type(ldns_rr_list_rr(ldns_pkt_authority(p), 0)), LDNS_RR_TYPE_SOA);
	ldns_pkt_free(p);

	p = ask(sc, "empty.nonterminal.example.com.", LDNS_RR_TYPE_A, &fault);
	assert_int_equal(ldns_pkt_get_rcode(p), LDNS_RCODE_NOERROR);
	ldns_pkt_free(p);

	p = ask(sc, "nothing.example.com.", LDNS_RR_TYPE_A, &fault);
	assert_int_equal(ldns_pkt_get_rcode(p), LDNS_RCODE_NXDOMAIN);
	assert_int_equal(ldns_pkt_nscount(p), 1);
	ldns_pkt_free(p);

	p = ask(sc, "outside.invalid.", LDNS_RR_TYPE_A, &fault);
	assert_int_equal(ldns_pkt_get_rcode(p), LDNS_RCODE_NXDOMAIN);
	ldns_pkt_free(p);
	lab_scenario_free(sc);
}

static void answer__cname_followed_and_loop_servfails(void **state)
{
	(void)state;
	struct lab_scenario *sc = parse_ok(scenario);
	enum lab_fault fault;
	ldns_pkt *p = ask(sc, "alias.example.com.", LDNS_RR_TYPE_A, &fault);
	assert_int_equal(ldns_pkt_ancount(p), 2);
	assert_int_equal(ldns_rr_get_type(ldns_rr_list_rr(ldns_pkt_answer(p), 0)), LDNS_RR_TYPE_CNAME);
	assert_int_equal(ldns_rr_get_type(ldns_rr_list_rr(ldns_pkt_answer(p), 1)), LDNS_RR_TYPE_A);
	ldns_pkt_free(p);
	p = ask(sc, "alias.example.com.", LDNS_RR_TYPE_CNAME, &fault);
	assert_int_equal(ldns_pkt_ancount(p), 1);
	ldns_pkt_free(p);
	p = ask(sc, "loop1.example.com.", LDNS_RR_TYPE_A, &fault);
	assert_int_equal(fault, LAB_SERVFAIL);
	assert_int_equal(ldns_pkt_get_rcode(p), LDNS_RCODE_SERVFAIL);
	ldns_pkt_free(p);
	lab_scenario_free(sc);
}

static void answer__declared_faults(void **state)
{
	(void)state;
	struct lab_scenario *sc = parse_ok(scenario);
	enum lab_fault fault;
	ldns_pkt *p = ask(sc, "a.broken.example.", LDNS_RR_TYPE_A, &fault);
	assert_int_equal(fault, LAB_SERVFAIL);
	assert_int_equal(ldns_pkt_get_rcode(p), LDNS_RCODE_SERVFAIL);
	ldns_pkt_free(p);
	p = ask(sc, "slow.example.", LDNS_RR_TYPE_A, &fault);
	assert_int_equal(fault, LAB_TIMEOUT);
	assert_null(p);
	lab_scenario_free(sc);
}

static void parse__errors_carry_line_numbers(void **state)
{
	(void)state;
	struct lab_scenario *sc;
	char err[1024];
	const char *bad = "; ip: 300.1.2.3\n"
			  "; latency: soon\n"
			  LABKIT_ZONES
			  "mail A not-an-address\n";
	assert_false(lab_scenario_parse(bad, "my.zone", &sc, err, sizeof err));
	assert_null(sc);
	assert_non_null(strstr(err, "my.zone:1: ip: \"300.1.2.3\""));
	assert_non_null(strstr(err, "my.zone:2: latency"));
	assert_non_null(strstr(err, "my.zone:13:"));
	assert_false(lab_scenario_parse("www A 192.0.2.1\n", "nosoa", &sc, err, sizeof err));
	assert_non_null(strstr(err, "no SOA"));
}

static void load__missing_file_and_nul_byte(void **state)
{
	(void)state;
	struct lab_scenario *sc;
	char err[512];
	assert_false(lab_scenario_load("/nonexistent/x.zone", &sc, err, sizeof err));
	assert_non_null(strstr(err, "No such file"));
	char path[] = "/tmp/ptrdoctor-lab-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "a\0b", 3), 3);
	close(fd);
	assert_false(lab_scenario_load(path, &sc, err, sizeof err));
	assert_non_null(strstr(err, "NUL"));
	unlink(path);
}

/* A bogus zone: a validating resolver's SERVFAIL with the scenario's
 * Extended DNS Error; with checking off (CD), the data. */
static void answer__bogus_zone_refused_unless_checking_disabled(void **state)
{
	(void)state;
	struct lab_scenario *sc = parse_ok("; bogus: 100.51.198.in-addr.arpa 7\n" LABKIT_ZONES
					   "$ORIGIN 100.51.198.in-addr.arpa.\n5 PTR mail.example.com.\n");
	ldns_rdf *q = ldns_dname_new_frm_str("5.100.51.198.in-addr.arpa.");
	ldns_pkt *reply;
	assert_int_equal(lab_answer_checked(sc, q, LDNS_RR_TYPE_PTR, 1, false, &reply), LAB_SERVFAIL);
	assert_int_equal(ldns_pkt_get_rcode(reply), LDNS_RCODE_SERVFAIL);
	ldns_edns_option_list *options = ldns_pkt_edns_get_option_list(reply);
	assert_non_null(options);
	const ldns_edns_option *ede = ldns_edns_option_list_get_option(options, 0);
	assert_int_equal(ldns_edns_get_code(ede), LDNS_EDNS_EDE);
	assert_int_equal(ldns_edns_get_data(ede)[1], 7);
	ldns_pkt_free(reply);
	assert_int_equal(lab_answer_checked(sc, q, LDNS_RR_TYPE_PTR, 1, true, &reply), LAB_ANSWER);
	assert_int_equal(ldns_rr_list_rr_count(ldns_pkt_answer(reply)), 1);
	ldns_pkt_free(reply);
	ldns_rdf_deep_free(q);
	lab_scenario_free(sc);
	char err[512];
	assert_false(lab_scenario_parse("; bogus: 100.51.198.in-addr.arpa seven\n" LABKIT_ZONES, "t", &sc, err, sizeof err));
	assert_non_null(strstr(err, "bogus: expected a zone and an Extended DNS Error code"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(header__keys_values_and_joined_lesson),
		cmocka_unit_test(answer__noerror_nodata_nxdomain),
		cmocka_unit_test(answer__cname_followed_and_loop_servfails),
		cmocka_unit_test(answer__declared_faults),
		cmocka_unit_test(answer__bogus_zone_refused_unless_checking_disabled),
		cmocka_unit_test(parse__errors_carry_line_numbers),
		cmocka_unit_test(load__missing_file_and_nul_byte),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
