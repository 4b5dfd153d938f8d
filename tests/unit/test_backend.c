/* test_backend - server parsing, dig command lines, resolv.conf errors, and
 * the live backend on loopback: failure paths, the next server after a
 * silent one, the cap on questions in flight per server, and the turns
 * servers take when slots are scarce. */
#define _POSIX_C_SOURCE 200809L
#include "labkit.h"
#include "fakedns.h"
#include "dns/dig.h"

#include <stdio.h>
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
	char *dig = dig_command(b, "5.113.0.203.in-addr.arpa.", LDNS_RR_TYPE_PTR, "203.0.113.5");
	assert_string_equal(dig, "dig @127.0.0.1 -p 5353 -x 203.0.113.5 +short");
	free(dig);
	dig = dig_command(b, "mail.example.com", LDNS_RR_TYPE_AAAA, NULL);
	assert_string_equal(dig, "dig @127.0.0.1 -p 5353 AAAA mail.example.com +short");
	free(dig);
	/* Names with shell-special bytes are quoted. */
	dig = dig_command(b, "a\\032b;$(x).example.", LDNS_RR_TYPE_A, NULL);
	assert_string_equal(dig, "dig @127.0.0.1 -p 5353 A 'a\\032b;$(x).example.' +short");
	free(dig);
	dig = dig_command(b, "it's.example.", LDNS_RR_TYPE_A, NULL);
	assert_string_equal(dig, "dig @127.0.0.1 -p 5353 A 'it'\\''s.example.' +short");
	free(dig);
	assert_string_equal(backend_server_label(b), "127.0.0.1#5353");
	assert_false(backend_is_lab(b));
	backend_free(b);

	b = live("[::1]:53", err, sizeof err);
	assert_non_null(b);
	dig = dig_command(b, "x.example.", LDNS_RR_TYPE_MX, NULL);
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
	char *dig = dig_command(b, "x.example.", LDNS_RR_TYPE_A, NULL);
	/* The system's resolvers: dig without @, as the user would type it. */
	assert_string_equal(dig, "dig A x.example. +short");
	free(dig);
	backend_free(b);
	unlink(path);
}

static void query__no_server_times_out_and_bad_names_fail(void **state)
{
	(void)state;
	char err[256], spec[64];
	snprintf(spec, sizeof spec, "127.0.0.1:%u", fake_closed_port());
	struct backend *b = live(spec, err, sizeof err);
	ldns_pkt *reply;
	char *server, *error;
	enum backend_result r = backend_query(b, "example.com.", LDNS_RR_TYPE_A, &reply, &server, &error);
	assert_int_equal(r, BACKEND_TIMEOUT);
	assert_null(reply);
	assert_null(server);
	assert_non_null(strstr(error, "no reply"));
	char label[32];
	snprintf(label, sizeof label, "127.0.0.1#%s", strchr(spec, ':') + 1);
	assert_non_null(strstr(error, label)); /* names the server */
	free(error);
	r = backend_query(b, "bad..name", LDNS_RR_TYPE_A, &reply, &server, &error);
	assert_int_equal(r, BACKEND_FAILED);
	assert_string_equal(error, "not a valid domain name");
	free(error);
	backend_free(b);
}

struct answers {
	int done, answered;
	char last_server[64];
};

static void on_answer(void *ctx, enum backend_result result, ldns_pkt *reply, const char *server, const char *error)
{
	(void)error;
	struct answers *a = ctx;
	a->done++;
	a->answered += result == BACKEND_ANSWER;
	snprintf(a->last_server, sizeof a->last_server, "%s", server ? server : "");
	ldns_pkt_free(reply);
}

static struct backend *live_pair(uint16_t first, uint16_t second, int timeout_ms)
{
	char a[32], b[32], err[256];
	snprintf(a, sizeof a, "127.0.0.1:%u", first);
	snprintf(b, sizeof b, "127.0.0.1:%u", second);
	const char *servers[] = {a, b};
	struct backend *backend = NULL;
	assert_true(backend_new_live(servers, 2, NULL, timeout_ms, &backend, err, sizeof err));
	return backend;
}

/* The first server never answers: the second one is asked after the
 * first's two tries, and names itself as the one that answered. */
static void query__next_server_after_a_silent_one(void **state)
{
	(void)state;
	struct loop *loop;
	assert_true(loop_new(&loop));
	struct fake silent, good;
	fake_start(&silent, loop, FAKE_SILENT);
	fake_start(&good, loop, FAKE_ANSWER);
	struct backend *b = live_pair(silent.port, good.port, 50);
	struct answers a = {0};
	assert_non_null(backend_ask(b, loop, "example.com.", LDNS_RR_TYPE_A, on_answer, &a));
	while (a.done == 0)
		assert_true(loop_process(loop, -1) >= 0);
	assert_int_equal(a.answered, 1);
	assert_int_equal(silent.queries, 2);
	assert_int_equal(good.queries, 1);
	char label[32];
	snprintf(label, sizeof label, "127.0.0.1#%u", good.port);
	assert_string_equal(a.last_server, label);
	fake_stop(&silent);
	fake_stop(&good);
	backend_free(b);
	loop_free(loop);
}

/* seen_question - the highest N of the qN.example.com. names asked. */
static void seen_question(struct fake *f, const ldns_pkt *query)
{
	char *name = ldns_rdf2str(ldns_rr_owner(ldns_rr_list_rr(ldns_pkt_question(query), 0)));
	int n = name && name[0] == 'q' ? atoi(name + 1) : -1;
	int *highest = f->ctx;
	if (n > *highest)
		*highest = n;
	free(name);
}

/* More questions than a server takes at once: the rest wait their turn,
 * in order, and one goes out as soon as a slot frees. No slot frees by
 * itself here (each try waits a minute), so nothing depends on timing. */
static void query__in_flight_capped_per_server(void **state)
{
	(void)state;
	struct loop *loop;
	assert_true(loop_new(&loop));
	struct fake silent;
	int highest = -1;
	fake_start(&silent, loop, FAKE_SILENT);
	silent.on_query = seen_question;
	silent.ctx = &highest;
	struct backend *b = live_pair(silent.port, silent.port, 60000);
	enum { ASKED = BACKEND_IN_FLIGHT_MAX + 8 };
	struct answers a = {0};
	struct backend_query *queries[ASKED];
	for (int i = 0; i < ASKED; i++) {
		char name[32];
		snprintf(name, sizeof name, "q%d.example.com.", i);
		queries[i] = backend_ask(b, loop, name, LDNS_RR_TYPE_A, on_answer, &a);
		assert_non_null(queries[i]);
	}
	while (silent.queries < BACKEND_IN_FLIGHT_MAX)
		assert_true(loop_process(loop, -1) >= 0);
	assert_true(loop_process(loop, 50) >= 0);
	assert_int_equal(silent.queries, BACKEND_IN_FLIGHT_MAX); /* the others wait */
	assert_int_equal(highest, BACKEND_IN_FLIGHT_MAX - 1);
	backend_query_cancel(queries[ASKED - 1]);                  /* a waiting one leaves the line */
	backend_query_cancel(queries[0]);                          /* a slot frees: the next in line goes */
	while (silent.queries < BACKEND_IN_FLIGHT_MAX + 1)
		assert_true(loop_process(loop, -1) >= 0);
	assert_int_equal(highest, BACKEND_IN_FLIGHT_MAX);
	for (int i = 1; i < ASKED - 1; i++)
		backend_query_cancel(queries[i]);
	assert_int_equal(a.done, 0);
	fake_stop(&silent);
	assert_false(loop_pending(loop)); /* every socket and deadline gone */
	backend_free(b);
	loop_free(loop);
}

/* wait_for - process the loop until the fakes have seen a and b questions,
 * then a little longer: no more may arrive. */
static void wait_for(struct loop *loop, struct fake *fa, int a, struct fake *fb, int b)
{
	while (fa->queries < a || fb->queries < b)
		assert_true(loop_process(loop, -1) >= 0);
	assert_true(loop_process(loop, 50) >= 0);
	assert_int_equal(fa->queries, a);
	assert_int_equal(fb->queries, b);
}

/* --parallel 2 over two zone servers: A's six questions come first and
 * take both slots, B's three wait; as slots free, A and B take turns
 * instead of B waiting behind all of A's line. Nothing answers (each
 * try waits a minute), so only the cancels free slots. */
static void ask_server__slots_taken_in_turn_between_servers(void **state)
{
	(void)state;
	struct loop *loop;
	assert_true(loop_new(&loop));
	struct fake fa, fb;
	fake_start(&fa, loop, FAKE_SILENT);
	fake_start(&fb, loop, FAKE_SILENT);
	struct backend *b = live_pair(fa.port, fa.port, 60000);
	backend_set_in_flight_max(b, 2);
	struct answers a = {0};
	struct backend_query *qa[6], *qb[3];
	for (int i = 0; i < 6; i++)
		assert_non_null(qa[i] = backend_ask_server(b, loop, "127.0.0.1", fa.port, "a.example.", LDNS_RR_TYPE_A,
							  on_answer, &a));
	for (int i = 0; i < 3; i++)
		assert_non_null(qb[i] = backend_ask_server(b, loop, "127.0.0.1", fb.port, "b.example.", LDNS_RR_TYPE_A,
							  on_answer, &a));
	wait_for(loop, &fa, 2, &fb, 0);
	backend_query_cancel(qa[0]); /* A's turn: the first to wait */
	wait_for(loop, &fa, 3, &fb, 0);
	backend_query_cancel(qa[1]); /* B's turn */
	wait_for(loop, &fa, 3, &fb, 1);
	backend_query_cancel(qa[2]); /* A's */
	wait_for(loop, &fa, 4, &fb, 1);
	backend_query_cancel(qb[0]); /* B's */
	wait_for(loop, &fa, 4, &fb, 2);
	backend_query_cancel(qb[2]); /* a waiting one leaves B's line */
	backend_query_cancel(qa[3]); /* A's turn; B's line is empty after qb[1] went */
	wait_for(loop, &fa, 5, &fb, 2);
	backend_query_cancel(qa[4]);
	wait_for(loop, &fa, 6, &fb, 2);
	backend_query_cancel(qa[5]);
	backend_query_cancel(qb[1]);
	assert_int_equal(a.done, 0);
	fake_stop(&fa);
	fake_stop(&fb);
	assert_false(loop_pending(loop));
	backend_free(b);
	loop_free(loop);
}

/* An authoritative server is asked directly, recursion off, whatever the
 * backend's resolvers are; its dig command says +norecurse. */
static void ask_server__direct_without_recursion(void **state)
{
	(void)state;
	struct loop *loop;
	assert_true(loop_new(&loop));
	struct fake auth, resolver;
	fake_start(&auth, loop, FAKE_ANSWER);
	fake_start(&resolver, loop, FAKE_ANSWER);
	struct backend *b = live_pair(resolver.port, resolver.port, 500);
	struct answers a = {0};
	assert_non_null(backend_ask_server(b, loop, "127.0.0.1", auth.port, "example.com.", LDNS_RR_TYPE_A, on_answer, &a));
	while (a.done == 0)
		assert_true(loop_process(loop, -1) >= 0);
	assert_int_equal(a.answered, 1);
	assert_int_equal(auth.queries, 1);
	assert_false(auth.last_rd);
	assert_int_equal(resolver.queries, 0);
	char label[32];
	snprintf(label, sizeof label, "127.0.0.1#%u", auth.port);
	assert_string_equal(a.last_server, label);
	/* the backend's own questions still ask for recursion */
	assert_non_null(backend_ask(b, loop, "example.com.", LDNS_RR_TYPE_A, on_answer, &a));
	while (a.done == 1)
		assert_true(loop_process(loop, -1) >= 0);
	assert_true(resolver.last_rd);
	/* a name where an address belongs is refused, from the loop */
	assert_non_null(backend_ask_server(b, loop, "ns1.example.net", 53, "example.com.", LDNS_RR_TYPE_A, on_answer, &a));
	assert_int_equal(a.done, 2);
	while (a.done == 2)
		assert_true(loop_process(loop, -1) >= 0);
	assert_int_equal(a.answered, 2);
	fake_stop(&auth);
	fake_stop(&resolver);
	backend_free(b);
	loop_free(loop);
	char *dig = dig_command_server("192.0.2.53", 53, "5.113.0.203.in-addr.arpa.", LDNS_RR_TYPE_PTR,
					       "203.0.113.5");
	assert_string_equal(dig, "dig @192.0.2.53 -x 203.0.113.5 +norecurse");
	free(dig);
	dig = dig_command_server("2001:db8::53", 5353, "113.0.203.in-addr.arpa.", LDNS_RR_TYPE_SOA, NULL);
	assert_string_equal(dig, "dig @2001:db8::53 -p 5353 SOA 113.0.203.in-addr.arpa. +norecurse");
	free(dig);
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
	char *dig = dig_command(b, "x.example.", LDNS_RR_TYPE_A, NULL);
	assert_string_equal(dig, "dig A x.example. +short");
	free(dig);
	ldns_pkt *reply;
	char *server, *error;
	assert_int_equal(backend_query(b, "example.com.", LDNS_RR_TYPE_SOA, &reply, &server, &error), BACKEND_ANSWER);
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
		cmocka_unit_test(query__no_server_times_out_and_bad_names_fail),
		cmocka_unit_test(query__next_server_after_a_silent_one),
		cmocka_unit_test(query__in_flight_capped_per_server),
		cmocka_unit_test(ask_server__slots_taken_in_turn_between_servers),
		cmocka_unit_test(ask_server__direct_without_recursion),
		cmocka_unit_test(lab__answers_and_labels),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
