/* test_backend - server parsing, dig command lines, resolv.conf errors, and
 * the live backend's failure paths on loopback (no DNS server needed). */
#define _POSIX_C_SOURCE 200809L
#include "labkit.h"

#include <stdlib.h>
#include <unistd.h>

static struct backend *live(const char *server, char *err, size_t size)
{
	struct backend *b = NULL;
	const char *servers[] = {server};
	return backend_new_live(servers, 1, NULL, 50, &b, err, size) ? b : NULL;
}

static void dig_command__names_server_and_port(void **state)
{
	(void)state;
	char err[256];
	struct backend *b = live("127.0.0.1:5353", err, sizeof err);
	assert_non_null(b);
	char *dig = backend_dig_command(b, "5.113.0.203.in-addr.arpa.", LDNS_RR_TYPE_PTR, "203.0.113.5");
	assert_string_equal(dig, "dig @127.0.0.1 -p 5353 -x 203.0.113.5 +short");
	free(dig);
	dig = backend_dig_command(b, "mail.example.com", LDNS_RR_TYPE_AAAA, NULL);
	assert_string_equal(dig, "dig @127.0.0.1 -p 5353 AAAA mail.example.com +short");
	free(dig);
	/* Names with shell-special bytes are quoted. */
	dig = backend_dig_command(b, "a\\032b;$(x).example.", LDNS_RR_TYPE_A, NULL);
	assert_string_equal(dig, "dig @127.0.0.1 -p 5353 A 'a\\032b;$(x).example.' +short");
	free(dig);
	dig = backend_dig_command(b, "it's.example.", LDNS_RR_TYPE_A, NULL);
	assert_string_equal(dig, "dig @127.0.0.1 -p 5353 A 'it'\\''s.example.' +short");
	free(dig);
	assert_string_equal(backend_server_label(b), "127.0.0.1#5353");
	assert_false(backend_is_lab(b));
	backend_free(b);

	b = live("[::1]:53", err, sizeof err);
	assert_non_null(b);
	dig = backend_dig_command(b, "x.example.", LDNS_RR_TYPE_MX, NULL);
	assert_string_equal(dig, "dig @::1 MX x.example. +short");
	free(dig);
	backend_free(b);
	b = live("::1", err, sizeof err);
	assert_non_null(b);
	assert_string_equal(backend_server_label(b), "::1#53");
	backend_free(b);
}

static void server__bad_specs_rejected(void **state)
{
	(void)state;
	char err[256];
	const char *bad[] = {"", "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:70000", "127.0.0.1:53x", "[::1", "[::1]x"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		struct backend *b = live(bad[i], err, sizeof err);
		if (b)
			fail_msg("\"%s\" accepted", bad[i]);
		assert_true(strlen(err) > 0);
	}
}

static void resolv_conf__missing_or_empty_explained(void **state)
{
	(void)state;
	struct backend *b;
	char err[512];
	assert_false(backend_new_live(NULL, 0, "/nonexistent/resolv.conf", 100, &b, err, sizeof err));
	assert_non_null(strstr(err, "--server"));
	char path[] = "/tmp/ptrdoctor-resolv-XXXXXX";
	int fd = mkstemp(path);
	assert_int_equal(write(fd, "search example.com\nnameserver 127.0.0.1\n", 40), 40);
	close(fd);
	assert_true(backend_new_live(NULL, 0, path, 100, &b, err, sizeof err));
	char *dig = backend_dig_command(b, "x.example.", LDNS_RR_TYPE_A, NULL);
	/* The system's resolvers: dig without @, as the user would type it. */
	assert_string_equal(dig, "dig A x.example. +short");
	free(dig);
	backend_free(b);
	unlink(path);
}

static void query__closed_port_fails_fast(void **state)
{
	(void)state;
	char err[256];
	struct backend *b = live("127.0.0.1:9", err, sizeof err);
	ldns_pkt *reply;
	char *server, *error;
	enum backend_result r = backend_query(b, "example.com.", LDNS_RR_TYPE_A, NULL, &reply, &server, &error);
	assert_true(r == BACKEND_FAILED || r == BACKEND_TIMEOUT);
	assert_null(reply);
	assert_null(server);
	assert_non_null(error);
	free(error);
	r = backend_query(b, "bad..name", LDNS_RR_TYPE_A, NULL, &reply, &server, &error);
	assert_int_equal(r, BACKEND_FAILED);
	free(error);
	backend_free(b);
}

static void lab__answers_and_labels(void **state)
{
	(void)state;
	struct lab_scenario *sc;
	char err[256];
	assert_true(lab_scenario_parse(LABKIT_ZONES, "t", &sc, err, sizeof err));
	struct backend *b;
	assert_true(backend_new_lab(sc, 100, &b));
	assert_true(backend_is_lab(b));
	assert_ptr_equal(backend_scenario(b), sc);
	char *dig = backend_dig_command(b, "x.example.", LDNS_RR_TYPE_A, NULL);
	assert_string_equal(dig, "dig A x.example. +short");
	free(dig);
	ldns_pkt *reply;
	char *server, *error;
	assert_int_equal(backend_query(b, "example.com.", LDNS_RR_TYPE_SOA, NULL, &reply, &server, &error), BACKEND_ANSWER);
	assert_string_equal(server, "lab");
	assert_int_equal(ldns_pkt_ancount(reply), 1);
	ldns_pkt_free(reply);
	free(server);
	backend_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dig_command__names_server_and_port),
		cmocka_unit_test(server__bad_specs_rejected),
		cmocka_unit_test(resolv_conf__missing_or_empty_explained),
		cmocka_unit_test(query__closed_port_fails_fast),
		cmocka_unit_test(lab__answers_and_labels),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
