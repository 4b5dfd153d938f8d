/* test_transport - replies that are not ours are ignored, truncation falls
 * back to TCP, waits can be cancelled. A fake server on loopback plays the
 * other side. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "transport.h"

enum mode { WRONG_ID_THEN_RIGHT, GARBAGE_ONLY, TRUNCATED_THEN_TCP, SILENT };

struct fake {
	enum mode mode;
	int udp, tcp;
	uint16_t port;
	pthread_t thread;
};

static void send_pkt(int fd, const ldns_pkt *pkt, const struct sockaddr_in *to, bool tcp)
{
	uint8_t *wire;
	size_t size;
	assert_int_equal(ldns_pkt2wire(&wire, pkt, &size), LDNS_STATUS_OK);
	if (tcp) {
		uint8_t len[2] = {(uint8_t)(size >> 8), (uint8_t)size};
		assert_int_equal(write(fd, len, 2), 2);
		assert_int_equal(write(fd, wire, size), (ssize_t)size);
	} else {
		assert_int_equal(sendto(fd, wire, size, 0, (const struct sockaddr *)to, sizeof *to), (ssize_t)size);
	}
	free(wire);
}

static ldns_pkt *reply_to(const ldns_pkt *query)
{
	ldns_pkt *r = ldns_pkt_clone(query);
	ldns_pkt_set_qr(r, true);
	ldns_rr *rr;
	ldns_rr_new_frm_str(&rr, "example.com. 300 IN A 192.0.2.1", 0, NULL, NULL);
	ldns_pkt_push_rr(r, LDNS_SECTION_ANSWER, rr);
	return r;
}

static void *fake_serve(void *arg)
{
	struct fake *f = arg;
	uint8_t buf[4096];
	struct sockaddr_in from;
	socklen_t len = sizeof from;
	ssize_t n = recvfrom(f->udp, buf, sizeof buf, 0, (struct sockaddr *)&from, &len);
	ldns_pkt *query = NULL;
	if (n <= 0 || ldns_wire2pkt(&query, buf, (size_t)n) != LDNS_STATUS_OK || f->mode == SILENT) {
		ldns_pkt_free(query);
		return NULL;
	}
	ldns_pkt *reply = reply_to(query);
	if (f->mode == WRONG_ID_THEN_RIGHT) {
		ldns_pkt_set_id(reply, (uint16_t)(ldns_pkt_id(query) + 1));
		send_pkt(f->udp, reply, &from, false);
		ldns_pkt_set_id(reply, ldns_pkt_id(query));
		send_pkt(f->udp, reply, &from, false);
	} else if (f->mode == GARBAGE_ONLY) {
		sendto(f->udp, "\x12\x34\xff\x00\x01", 5, 0, (struct sockaddr *)&from, len);
	} else if (f->mode == TRUNCATED_THEN_TCP) {
		ldns_pkt *tc = ldns_pkt_clone(query);
		ldns_pkt_set_qr(tc, true);
		ldns_pkt_set_tc(tc, true);
		send_pkt(f->udp, tc, &from, false);
		ldns_pkt_free(tc);
		int conn = accept(f->tcp, NULL, NULL);
		uint8_t head[2];
		if (conn >= 0 && read(conn, head, 2) == 2) {
			size_t want = (size_t)(head[0] << 8 | head[1]);
			assert_int_equal(read(conn, buf, want), (ssize_t)want);
			send_pkt(conn, reply, NULL, true);
		}
		if (conn >= 0)
			close(conn);
	}
	ldns_pkt_free(reply);
	ldns_pkt_free(query);
	return NULL;
}

static void fake_start(struct fake *f, enum mode mode)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof a;
	f->mode = mode;
	/* The kernel's UDP port may be taken for TCP: try again until both bind. */
	for (int tries = 0;; tries++) {
		a.sin_port = 0;
		f->udp = socket(AF_INET, SOCK_DGRAM, 0);
		assert_int_equal(bind(f->udp, (struct sockaddr *)&a, sizeof a), 0);
		assert_int_equal(getsockname(f->udp, (struct sockaddr *)&a, &len), 0);
		f->tcp = socket(AF_INET, SOCK_STREAM, 0);
		if (bind(f->tcp, (struct sockaddr *)&a, sizeof a) == 0)
			break;
		close(f->udp);
		close(f->tcp);
		assert_true(tries < 100);
	}
	f->port = ntohs(a.sin_port);
	assert_int_equal(listen(f->tcp, 1), 0);
	assert_int_equal(pthread_create(&f->thread, NULL, fake_serve, f), 0);
}

static void fake_stop(struct fake *f)
{
	pthread_join(f->thread, NULL);
	close(f->udp);
	close(f->tcp);
}

static enum transport_result exchange(struct fake *f, int timeout_ms, const atomic_bool *cancel, ldns_pkt **reply,
				      char *err, size_t size)
{
	ldns_rdf *name = ldns_dname_new_frm_str("example.com.");
	ldns_rdf *addr = ldns_rdf_new_frm_str(LDNS_RDF_TYPE_A, "127.0.0.1");
	ldns_pkt *q = ldns_pkt_query_new(name, LDNS_RR_TYPE_A, LDNS_RR_CLASS_IN, LDNS_RD);
	ldns_pkt_set_id(q, 4711);
	enum transport_result r = transport_exchange(q, addr, f->port, timeout_ms, 1, cancel, reply, err, size);
	ldns_pkt_free(q);
	ldns_rdf_deep_free(addr);
	return r;
}

static void wrong_id__ignored_then_right_reply_taken(void **state)
{
	(void)state;
	struct fake f;
	fake_start(&f, WRONG_ID_THEN_RIGHT);
	ldns_pkt *reply;
	char err[200];
	assert_int_equal(exchange(&f, 2000, NULL, &reply, err, sizeof err), TRANSPORT_REPLY);
	assert_int_equal(ldns_pkt_id(reply), 4711);
	assert_int_equal(ldns_pkt_ancount(reply), 1);
	ldns_pkt_free(reply);
	fake_stop(&f);
}

static void garbage__times_out_saying_what_was_ignored(void **state)
{
	(void)state;
	struct fake f;
	fake_start(&f, GARBAGE_ONLY);
	ldns_pkt *reply;
	char err[200];
	assert_int_equal(exchange(&f, 200, NULL, &reply, err, sizeof err), TRANSPORT_TIMEOUT);
	assert_null(reply);
	assert_non_null(strstr(err, "1 ignored"));
	assert_non_null(strstr(err, "malformed"));
	fake_stop(&f);
}

static void truncated__falls_back_to_tcp(void **state)
{
	(void)state;
	struct fake f;
	fake_start(&f, TRUNCATED_THEN_TCP);
	ldns_pkt *reply;
	char err[200];
	assert_int_equal(exchange(&f, 2000, NULL, &reply, err, sizeof err), TRANSPORT_REPLY);
	assert_false(ldns_pkt_tc(reply));
	assert_int_equal(ldns_pkt_ancount(reply), 1);
	ldns_pkt_free(reply);
	fake_stop(&f);
}

static atomic_bool cancel_flag;

static void *cancel_soon(void *arg)
{
	(void)arg;
	struct timespec ts = {0, 50 * 1000000L};
	nanosleep(&ts, NULL);
	atomic_store(&cancel_flag, true);
	return NULL;
}

static void silent__cancel_ends_the_wait(void **state)
{
	(void)state;
	struct fake f;
	fake_start(&f, SILENT);
	pthread_t t;
	atomic_store(&cancel_flag, false);
	pthread_create(&t, NULL, cancel_soon, NULL);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ldns_pkt *reply;
	char err[200];
	assert_int_equal(exchange(&f, 10000, &cancel_flag, &reply, err, sizeof err), TRANSPORT_CANCELLED);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_true(t1.tv_sec - t0.tv_sec < 5); /* the timeout was 10 s */
	pthread_join(t, NULL);
	fake_stop(&f);
}

static void closed_port__fails(void **state)
{
	(void)state;
	struct fake f = {.port = 9};
	ldns_pkt *reply;
	char err[200];
	enum transport_result r = exchange(&f, 500, NULL, &reply, err, sizeof err);
	assert_true(r == TRANSPORT_FAILED || r == TRANSPORT_TIMEOUT);
	assert_true(strlen(err) > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(wrong_id__ignored_then_right_reply_taken),
		cmocka_unit_test(garbage__times_out_saying_what_was_ignored),
		cmocka_unit_test(truncated__falls_back_to_tcp),
		cmocka_unit_test(silent__cancel_ends_the_wait),
		cmocka_unit_test(closed_port__fails),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
