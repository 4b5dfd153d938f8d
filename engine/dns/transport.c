/* transport - one DNS exchange with one server, on an event loop. */
#define _POSIX_C_SOURCE 200809L
#include "transport.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "loop.h"

#define UDP_BUFFER 65535

enum phase { PHASE_UDP, PHASE_TCP_CONNECT, PHASE_TCP_WRITE, PHASE_TCP_READ };

struct transport_exchange {
	struct loop *loop;
	ldns_pkt *query;              /* owned copy, to match replies against */
	uint8_t *wire;                /* the query: 2 length bytes, then the message */
	size_t wire_size;             /* the message's size, without the length */
	struct sockaddr_storage to;
	socklen_t to_len;
	int timeout_ms, tries_left;
	enum phase phase;
	int fd;
	struct loop_timer *deadline;
	size_t sent;                  /* TCP: bytes of wire written */
	uint8_t *in;                  /* TCP: the reply being read */
	size_t in_len, in_got;
	uint8_t len_bytes[2];
	size_t len_got;
	int start_errno;              /* why the first send failed */
	int ignored;                  /* replies dropped as not ours */
	char why_ignored[80];         /* the last reason */
	transport_done_fn done;
	void *ctx;
};

/* Ids are drawn from the kernel a block at a time: one getrandom per
 * query was a seventh of a batch's system calls. */
#define RANDOM_IDS 256

uint16_t transport_random_id(void)
{
	static uint16_t ids[RANDOM_IDS];
	static size_t left;
	if (left == 0) {
		ssize_t got;
		while ((got = getrandom(ids, sizeof ids, 0)) < 0 && errno == EINTR)
			;
		if (got < (ssize_t)sizeof ids[0])
			return 0;
		left = (size_t)got / sizeof ids[0];
	}
	uint16_t id = ids[--left];
	ids[left] = 0; /* an id is used once */
	return id;
}

bool transport_reply_matches(const ldns_pkt *query, const ldns_pkt *reply)
{
	if (ldns_pkt_id(reply) != ldns_pkt_id(query) || !ldns_pkt_qr(reply))
		return false;
	ldns_rr_list *q = ldns_pkt_question(query), *r = ldns_pkt_question(reply);
	if (ldns_rr_list_rr_count(r) == 0)
		return ldns_pkt_get_rcode(reply) != LDNS_RCODE_NOERROR;
	const ldns_rr *qr = ldns_rr_list_rr(q, 0), *rr = ldns_rr_list_rr(r, 0);
	return ldns_rr_list_rr_count(r) == 1 && ldns_rr_get_type(qr) == ldns_rr_get_type(rr) &&
	       ldns_dname_compare(ldns_rr_owner(qr), ldns_rr_owner(rr)) == 0;
}

static void close_socket(struct transport_exchange *x)
{
	if (x->fd >= 0) {
		loop_forget(x->loop, x->fd);
		close(x->fd);
		x->fd = -1;
	}
	loop_timer_cancel(x->loop, x->deadline);
	x->deadline = NULL;
}

static void exchange_free(struct transport_exchange *x)
{
	close_socket(x);
	ldns_pkt_free(x->query);
	free(x->wire);
	free(x->in);
	free(x);
}

void transport_cancel(struct transport_exchange *x)
{
	if (x)
		exchange_free(x);
}

/* finish - report and free. */
static void finish(struct transport_exchange *x, enum transport_result result, ldns_pkt *reply, const char *error)
{
	transport_done_fn done = x->done;
	void *ctx = x->ctx;
	char why[200];
	snprintf(why, sizeof why, "%s", error ? error : "");
	exchange_free(x);
	done(ctx, result, reply, error ? why : NULL);
}

static void finish_timeout(struct transport_exchange *x)
{
	char why[200] = "no reply";
	if (x->ignored)
		snprintf(why, sizeof why, "no usable reply (%d ignored, the last %s)", x->ignored, x->why_ignored);
	finish(x, TRANSPORT_TIMEOUT, NULL, why);
}

static void finish_errno(struct transport_exchange *x, const char *what)
{
	char why[200];
	snprintf(why, sizeof why, "%s%s", what, strerror(errno));
	finish(x, TRANSPORT_FAILED, NULL, why);
}

static void ignore(struct transport_exchange *x, const char *why)
{
	x->ignored++;
	snprintf(x->why_ignored, sizeof x->why_ignored, "%s", why);
}

/* parse_reply - the bytes as our reply, or NULL (counted) when they are not. */
static ldns_pkt *parse_reply(struct transport_exchange *x, const uint8_t *wire, size_t size)
{
	ldns_pkt *pkt = NULL;
	if (ldns_wire2pkt(&pkt, wire, size) != LDNS_STATUS_OK) {
		ignore(x, "a malformed packet");
		return NULL;
	}
	if (!transport_reply_matches(x->query, pkt)) {
		ldns_pkt_free(pkt);
		ignore(x, "a reply to another query");
		return NULL;
	}
	return pkt;
}

static bool same_source(const struct transport_exchange *x, const struct sockaddr_storage *from, socklen_t len)
{
	if (len != x->to_len || from->ss_family != x->to.ss_family)
		return false;
	if (from->ss_family == AF_INET) {
		const struct sockaddr_in *a = (const void *)from, *b = (const void *)&x->to;
		return a->sin_port == b->sin_port && a->sin_addr.s_addr == b->sin_addr.s_addr;
	}
	const struct sockaddr_in6 *a = (const void *)from, *b = (const void *)&x->to;
	return a->sin6_port == b->sin6_port && memcmp(&a->sin6_addr, &b->sin6_addr, sizeof a->sin6_addr) == 0;
}

static void tcp_start(struct transport_exchange *x);
static bool udp_try(struct transport_exchange *x);

static void on_udp_readable(void *ctx, int fd, unsigned events)
{
	(void)events;
	struct transport_exchange *x = ctx;
	uint8_t buf[UDP_BUFFER];
	for (;;) {
		struct sockaddr_storage from;
		socklen_t from_len = sizeof from;
		ssize_t n = recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &from_len);
		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
				return;
			finish_errno(x, "");
			return;
		}
		if (!same_source(x, &from, from_len)) {
			ignore(x, "a reply from another address");
			continue;
		}
		ldns_pkt *reply = n > 0 ? parse_reply(x, buf, (size_t)n) : NULL;
		if (n == 0)
			ignore(x, "empty read");
		if (!reply)
			continue;
		if (ldns_pkt_tc(reply)) {
			/* A truncated reply may lack records: only the TCP answer counts. */
			ldns_pkt_free(reply);
			tcp_start(x);
		} else {
			finish(x, TRANSPORT_REPLY, reply, NULL);
		}
		return;
	}
}

static void on_udp_deadline(void *ctx)
{
	struct transport_exchange *x = ctx;
	x->deadline = NULL;
	if (x->tries_left == 0)
		finish_timeout(x);
	else if (!udp_try(x))
		finish_errno(x, "cannot send: ");
}

/* udp_try - send on a new socket (a new source port for each try) and
 * wait; false (errno set) when that cannot be done. */
static bool udp_try(struct transport_exchange *x)
{
	close_socket(x);
	x->tries_left--;
	x->fd = socket(x->to.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (x->fd < 0 || sendto(x->fd, x->wire + 2, x->wire_size, 0, (struct sockaddr *)&x->to, x->to_len) < 0)
		return false;
	x->deadline = loop_timer_add(x->loop, x->timeout_ms, on_udp_deadline, x);
	if (!x->deadline) {
		errno = ENOMEM;
		return false;
	}
	return loop_watch(x->loop, x->fd, LOOP_READ, on_udp_readable, x);
}

static void tcp_failed(struct transport_exchange *x, bool connected)
{
	finish(x, TRANSPORT_FAILED, NULL,
	       connected ? "the UDP reply was truncated and TCP gave no reply" : "TCP connection failed");
}

static void on_tcp_deadline(void *ctx)
{
	struct transport_exchange *x = ctx;
	x->deadline = NULL;
	tcp_failed(x, x->phase != PHASE_TCP_CONNECT);
}

/* tcp_read - the 2-byte length, then the message; true while more is to come. */
static bool tcp_read(struct transport_exchange *x)
{
	while (x->len_got < 2) {
		ssize_t n = read(x->fd, x->len_bytes + x->len_got, 2 - x->len_got);
		if (n <= 0)
			return n < 0 && (errno == EAGAIN || errno == EINTR);
		x->len_got += (size_t)n;
		if (x->len_got == 2) {
			x->in_len = (size_t)x->len_bytes[0] << 8 | x->len_bytes[1];
			if (x->in_len == 0 || !(x->in = malloc(x->in_len)))
				return false;
		}
	}
	while (x->in_got < x->in_len) {
		ssize_t n = read(x->fd, x->in + x->in_got, x->in_len - x->in_got);
		if (n <= 0)
			return n < 0 && (errno == EAGAIN || errno == EINTR);
		x->in_got += (size_t)n;
	}
	return false;
}

static void on_tcp_ready(void *ctx, int fd, unsigned events)
{
	(void)events;
	struct transport_exchange *x = ctx;
	if (x->phase == PHASE_TCP_CONNECT) {
		int err = 0;
		socklen_t len = sizeof err;
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) {
			tcp_failed(x, false);
			return;
		}
		x->phase = PHASE_TCP_WRITE;
	}
	if (x->phase == PHASE_TCP_WRITE) {
		ssize_t n = write(fd, x->wire + x->sent, x->wire_size + 2 - x->sent);
		if (n < 0 && errno != EAGAIN && errno != EINTR) {
			tcp_failed(x, true);
			return;
		}
		x->sent += n > 0 ? (size_t)n : 0;
		if (x->sent < x->wire_size + 2)
			return;
		x->phase = PHASE_TCP_READ;
		if (!loop_watch(x->loop, fd, LOOP_READ, on_tcp_ready, x))
			tcp_failed(x, true);
		return;
	}
	if (tcp_read(x))
		return;
	ldns_pkt *reply = x->in && x->in_got == x->in_len ? parse_reply(x, x->in, x->in_len) : NULL;
	if (reply)
		finish(x, TRANSPORT_REPLY, reply, NULL);
	else
		tcp_failed(x, true);
}

static void tcp_start(struct transport_exchange *x)
{
	close_socket(x);
	x->phase = PHASE_TCP_CONNECT;
	x->fd = socket(x->to.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (x->fd < 0 || (connect(x->fd, (struct sockaddr *)&x->to, x->to_len) != 0 && errno != EINPROGRESS)) {
		tcp_failed(x, false);
		return;
	}
	x->deadline = loop_timer_add(x->loop, x->timeout_ms, on_tcp_deadline, x);
	if (!x->deadline || !loop_watch(x->loop, x->fd, LOOP_WRITE, on_tcp_ready, x))
		finish(x, TRANSPORT_FAILED, NULL, "out of memory");
}

/* on_start_failed - an exchange that could not start still ends from the
 * loop, as the contract says. */
static void on_start_failed(void *ctx)
{
	struct transport_exchange *x = ctx;
	x->deadline = NULL;
	errno = x->start_errno;
	finish_errno(x, "cannot send: ");
}

/* wire_with_length - the query's wire form with TCP's 2-byte length in
 * front, in a buffer sized for a query rather than ldns_pkt2wire's 64 KB
 * one, whose malloc and free per query cost more than the encoding. */
static uint8_t *wire_with_length(const ldns_pkt *query, size_t *wire_size)
{
	ldns_buffer *buf = ldns_buffer_new(512);
	uint8_t *wire = NULL;
	if (buf && ldns_buffer_reserve(buf, 2)) {
		ldns_buffer_skip(buf, 2);
		if (ldns_pkt2buffer_wire(buf, query) == LDNS_STATUS_OK && ldns_buffer_position(buf) - 2 <= 0xffff) {
			*wire_size = ldns_buffer_position(buf) - 2;
			ldns_buffer_write_u16_at(buf, 0, (uint16_t)*wire_size);
			wire = ldns_buffer_export(buf);
		}
	}
	ldns_buffer_free(buf);
	return wire;
}

/* prepare - the destination and the query's wire form (with TCP's
 * length in front); false on no memory or a query too big for DNS. */
static bool prepare(struct transport_exchange *x, const ldns_pkt *query, const ldns_rdf *address, uint16_t port)
{
	size_t to_len = 0;
	struct sockaddr_storage *to = ldns_rdf2native_sockaddr_storage(address, port, &to_len);
	bool ok = to && to_len <= sizeof x->to && (x->query = ldns_pkt_clone(query)) &&
		  (x->wire = wire_with_length(query, &x->wire_size));
	if (ok) {
		memcpy(&x->to, to, to_len);
		x->to_len = (socklen_t)to_len;
	}
	free(to);
	return ok;
}

struct transport_exchange *transport_start(struct loop *loop, const ldns_pkt *query, const ldns_rdf *address,
					   uint16_t port, int timeout_ms, int tries, transport_done_fn done,
					   void *ctx)
{
	struct transport_exchange *x = calloc(1, sizeof *x);
	if (!x)
		return NULL;
	*x = (struct transport_exchange){.loop = loop, .fd = -1, .timeout_ms = timeout_ms,
					 .tries_left = tries > 0 ? tries : 1, .done = done, .ctx = ctx};
	if (!prepare(x, query, address, port)) {
		exchange_free(x);
		return NULL;
	}
	if (udp_try(x))
		return x;
	x->start_errno = errno;
	close_socket(x);
	if ((x->deadline = loop_timer_add(loop, 0, on_start_failed, x)))
		return x; /* the failure is reported from the loop */
	exchange_free(x);
	return NULL;
}
