/* fakedns - a scripted DNS server on 127.0.0.1 for unit tests, served by
 * the same event loop as the code under test: no thread, so every cmocka
 * assertion runs on the test's own thread.
 *
 * It counts the queries it receives and answers each as its mode says. */
#ifndef PTRDOCTOR_FAKEDNS_H
#define PTRDOCTOR_FAKEDNS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <ldns/ldns.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dns/loop.h"

enum fake_mode {
	FAKE_ANSWER,              /* a plain answer */
	FAKE_SILENT,              /* never answers */
	FAKE_WRONG_ID_THEN_RIGHT, /* a reply with another id, then the right one */
	FAKE_GARBAGE,             /* 5 bytes that are no DNS message */
	FAKE_TRUNCATED,           /* TC over UDP; over TCP the answer, in two writes */
	FAKE_SECOND_TRY,          /* ignores the first query, answers the next */
};

struct fake {
	struct loop *loop;
	enum fake_mode mode;
	int udp, tcp, conn;
	uint16_t port;
	int queries;              /* UDP queries received */
	bool last_rd;             /* the RD bit of the last one */
	void (*on_query)(struct fake *f, const ldns_pkt *query); /* optional */
	void *ctx;                /* for on_query */
	int tcp_queries;
	ldns_pkt *tcp_reply;      /* what the second TCP write completes */
	struct loop_timer *tcp_rest;
};

static inline void fake_send(int fd, const ldns_pkt *pkt, const struct sockaddr_in *to, bool tcp)
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

static inline ldns_pkt *fake_reply_to(const ldns_pkt *query)
{
	ldns_pkt *r = ldns_pkt_clone(query);
	ldns_pkt_set_qr(r, true);
	char *owner = ldns_rdf2str(ldns_rr_owner(ldns_rr_list_rr(ldns_pkt_question(query), 0)));
	char text[300];
	snprintf(text, sizeof text, "%s 300 IN A 192.0.2.1", owner);
	free(owner);
	ldns_rr *rr;
	assert_int_equal(ldns_rr_new_frm_str(&rr, text, 0, NULL, NULL), LDNS_STATUS_OK);
	ldns_pkt_push_rr(r, LDNS_SECTION_ANSWER, rr);
	return r;
}

static inline void fake_on_udp(void *ctx, int fd, unsigned events)
{
	(void)events;
	struct fake *f = ctx;
	uint8_t buf[4096];
	struct sockaddr_in from;
	socklen_t len = sizeof from;
	ssize_t n = recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &len);
	ldns_pkt *query = NULL;
	if (n <= 0 || ldns_wire2pkt(&query, buf, (size_t)n) != LDNS_STATUS_OK)
		return;
	f->queries++;
	f->last_rd = ldns_pkt_rd(query);
	if (f->on_query)
		f->on_query(f, query);
	ldns_pkt *reply = fake_reply_to(query);
	switch (f->mode) {
	case FAKE_ANSWER:
		fake_send(fd, reply, &from, false);
		break;
	case FAKE_SECOND_TRY:
		if (f->queries > 1)
			fake_send(fd, reply, &from, false);
		break;
	case FAKE_WRONG_ID_THEN_RIGHT:
		ldns_pkt_set_id(reply, (uint16_t)(ldns_pkt_id(query) + 1));
		fake_send(fd, reply, &from, false);
		ldns_pkt_set_id(reply, ldns_pkt_id(query));
		fake_send(fd, reply, &from, false);
		break;
	case FAKE_GARBAGE:
		sendto(fd, "\x12\x34\xff\x00\x01", 5, 0, (struct sockaddr *)&from, len);
		break;
	case FAKE_TRUNCATED: {
		ldns_pkt *tc = ldns_pkt_clone(query);
		ldns_pkt_set_qr(tc, true);
		ldns_pkt_set_tc(tc, true);
		fake_send(fd, tc, &from, false);
		ldns_pkt_free(tc);
		break;
	}
	case FAKE_SILENT:
		break;
	}
	ldns_pkt_free(reply);
	ldns_pkt_free(query);
}

/* fake_tcp_rest - the rest of a TCP reply, a while after its first byte,
 * so the client must put a reply together from several reads. */
static inline void fake_tcp_rest(void *ctx)
{
	struct fake *f = ctx;
	f->tcp_rest = NULL;
	uint8_t *wire;
	size_t size;
	assert_int_equal(ldns_pkt2wire(&wire, f->tcp_reply, &size), LDNS_STATUS_OK);
	uint8_t low = (uint8_t)size;
	assert_int_equal(write(f->conn, &low, 1), 1);
	assert_int_equal(write(f->conn, wire, size), (ssize_t)size);
	free(wire);
}

static inline void fake_on_tcp_query(void *ctx, int fd, unsigned events)
{
	(void)events;
	struct fake *f = ctx;
	uint8_t buf[4096];
	ssize_t n = read(fd, buf, sizeof buf);
	if (n <= 2)
		return;
	ldns_pkt *query = NULL;
	assert_int_equal(ldns_wire2pkt(&query, buf + 2, (size_t)n - 2), LDNS_STATUS_OK);
	f->tcp_queries++;
	f->tcp_reply = fake_reply_to(query);
	ldns_pkt_free(query);
	uint8_t *wire;
	size_t size;
	assert_int_equal(ldns_pkt2wire(&wire, f->tcp_reply, &size), LDNS_STATUS_OK);
	free(wire);
	uint8_t high = (uint8_t)(size >> 8);
	assert_int_equal(write(fd, &high, 1), 1);
	f->tcp_rest = loop_timer_add(f->loop, 30, fake_tcp_rest, f);
	assert_non_null(f->tcp_rest);
	loop_unwatch(f->loop, fd);
}

static inline void fake_on_accept(void *ctx, int fd, unsigned events)
{
	(void)events;
	struct fake *f = ctx;
	int conn = accept(fd, NULL, NULL);
	if (conn < 0)
		return;
	if (f->conn >= 0)
		close(f->conn);
	f->conn = conn;
	assert_true(loop_watch(f->loop, conn, LOOP_READ, fake_on_tcp_query, f));
}

/* fake_start - UDP and TCP on one port of 127.0.0.1, served by loop. */
static inline void fake_start(struct fake *f, struct loop *loop, enum fake_mode mode)
{
	*f = (struct fake){.loop = loop, .mode = mode, .conn = -1};
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof a;
	/* The kernel's UDP port may be taken for TCP: try again until both bind. */
	for (int tries = 0;; tries++) {
		a.sin_port = 0;
		f->udp = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
		assert_int_equal(bind(f->udp, (struct sockaddr *)&a, sizeof a), 0);
		assert_int_equal(getsockname(f->udp, (struct sockaddr *)&a, &len), 0);
		f->tcp = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		if (bind(f->tcp, (struct sockaddr *)&a, sizeof a) == 0)
			break;
		close(f->udp);
		close(f->tcp);
		assert_true(tries < 100);
	}
	f->port = ntohs(a.sin_port);
	assert_int_equal(listen(f->tcp, 4), 0);
	assert_true(loop_watch(loop, f->udp, LOOP_READ, fake_on_udp, f));
	assert_true(loop_watch(loop, f->tcp, LOOP_READ, fake_on_accept, f));
}

static inline void fake_stop(struct fake *f)
{
	loop_timer_cancel(f->loop, f->tcp_rest);
	ldns_pkt_free(f->tcp_reply);
	int fds[] = {f->udp, f->tcp, f->conn};
	for (size_t i = 0; i < 3; i++) {
		if (fds[i] >= 0) {
			loop_unwatch(f->loop, fds[i]);
			close(fds[i]);
		}
	}
}

/* fake_closed_port - a UDP port nobody listens on now: bound, then closed. */
static inline uint16_t fake_closed_port(void)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof a;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	close(fd);
	return ntohs(a.sin_port);
}

#endif
