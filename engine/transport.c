/* transport - one DNS exchange with one server, cancellable. */
#define _POSIX_C_SOURCE 200809L
#include "transport.h"

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SLICE_MS 25 /* how often a wait looks at the cancel flag */

struct exchange {
	const ldns_pkt *query;
	ldns_buffer *wire;
	struct sockaddr_storage *to;
	size_t to_len;
	const atomic_bool *cancel;
	int ignored;           /* replies dropped as not ours */
	char why_ignored[80];  /* the last reason */
};

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static struct timeval ms_to_tv(long ms)
{
	return (struct timeval){ms / 1000, (ms % 1000) * 1000};
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

/* wait_readable - poll fd until readable, the deadline, or a cancel.
 * Returns 1 readable (or a pending error), 0 timeout, -1 cancelled, -2 error. */
static int wait_readable(int fd, long deadline, const atomic_bool *cancel)
{
	for (;;) {
		if (cancel && atomic_load(cancel))
			return -1;
		long left = deadline - now_ms();
		if (left <= 0)
			return 0;
		struct pollfd pfd = {fd, POLLIN, 0};
		int n = poll(&pfd, 1, (int)(left < SLICE_MS ? left : SLICE_MS));
		if (n > 0)
			return 1; /* readable, or an error the read will report */
		if (n < 0 && errno != EINTR)
			return -2;
	}
}

static bool same_source(const struct exchange *x, const struct sockaddr_storage *from, socklen_t from_len)
{
	if ((size_t)from_len != x->to_len)
		return false;
	if (from->ss_family == AF_INET) {
		const struct sockaddr_in *a = (const void *)from, *b = (const void *)x->to;
		return a->sin_port == b->sin_port && a->sin_addr.s_addr == b->sin_addr.s_addr;
	}
	const struct sockaddr_in6 *a = (const void *)from, *b = (const void *)x->to;
	return a->sin6_port == b->sin6_port && memcmp(&a->sin6_addr, &b->sin6_addr, sizeof a->sin6_addr) == 0;
}

/* accept_wire - parse bytes; NULL (and counted) when they are not our reply. */
static ldns_pkt *accept_wire(struct exchange *x, uint8_t *wire, size_t size)
{
	ldns_pkt *pkt = NULL;
	const char *why = NULL;
	if (!wire)
		why = "empty read";
	else if (ldns_wire2pkt(&pkt, wire, size) != LDNS_STATUS_OK)
		why = "a malformed packet";
	else if (!transport_reply_matches(x->query, pkt))
		why = "a reply to another query";
	free(wire);
	if (why) {
		ldns_pkt_free(pkt);
		x->ignored++;
		snprintf(x->why_ignored, sizeof x->why_ignored, "%s", why);
		return NULL;
	}
	return pkt;
}

/* udp_try - one UDP try; keeps listening past replies that are not ours. */
static enum transport_result udp_try(struct exchange *x, long timeout_ms, ldns_pkt **reply, char *err, size_t errsize)
{
	int fd = ldns_udp_bgsend2(x->wire, x->to, (socklen_t)x->to_len, ms_to_tv(timeout_ms));
	if (fd < 0) {
		snprintf(err, errsize, "cannot send: %s", strerror(errno));
		return TRANSPORT_FAILED;
	}
	long deadline = now_ms() + timeout_ms;
	enum transport_result result = TRANSPORT_TIMEOUT;
	for (;;) {
		int w = wait_readable(fd, deadline, x->cancel);
		if (w != 1) {
			result = w == -1 ? TRANSPORT_CANCELLED : TRANSPORT_TIMEOUT;
			break;
		}
		struct sockaddr_storage from;
		socklen_t from_len = sizeof from;
		size_t size = 0;
		uint8_t *wire = ldns_udp_read_wire(fd, &size, &from, &from_len);
		if (!wire && errno != EAGAIN && errno != EINTR) {
			snprintf(err, errsize, "%s", strerror(errno));
			result = TRANSPORT_FAILED;
			break;
		}
		if (wire && !same_source(x, &from, from_len)) {
			free(wire);
			x->ignored++;
			snprintf(x->why_ignored, sizeof x->why_ignored, "a reply from another address");
			continue;
		}
		if ((*reply = accept_wire(x, wire, size)) != NULL) {
			result = TRANSPORT_REPLY;
			break;
		}
	}
	close(fd);
	return result;
}

/* tcp_try - the whole exchange over TCP, within timeout_ms. */
static enum transport_result tcp_try(struct exchange *x, long timeout_ms, ldns_pkt **reply, char *err, size_t errsize)
{
	long deadline = now_ms() + timeout_ms;
	int fd = ldns_tcp_bgsend2(x->wire, x->to, (socklen_t)x->to_len, ms_to_tv(timeout_ms));
	if (fd < 0) {
		snprintf(err, errsize, "TCP connection failed");
		return TRANSPORT_FAILED;
	}
	enum transport_result result = TRANSPORT_TIMEOUT;
	int w = wait_readable(fd, deadline, x->cancel);
	if (w == 1) {
		size_t size = 0;
		long left = deadline - now_ms();
		uint8_t *wire = ldns_tcp_read_wire_timeout(fd, &size, ms_to_tv(left > 0 ? left : 1));
		if ((*reply = accept_wire(x, wire, size)) != NULL)
			result = TRANSPORT_REPLY;
	} else if (w == -1) {
		result = TRANSPORT_CANCELLED;
	}
	close(fd);
	return result;
}

enum transport_result transport_exchange(const ldns_pkt *query, const ldns_rdf *address, uint16_t port,
					 int timeout_ms, int tries, const atomic_bool *cancel, ldns_pkt **reply,
					 char *err, size_t errsize)
{
	struct exchange x = {.query = query, .cancel = cancel};
	enum transport_result result = TRANSPORT_FAILED;
	*reply = NULL;
	snprintf(err, errsize, "out of memory");
	x.wire = ldns_buffer_new(LDNS_MIN_BUFLEN);
	x.to = ldns_rdf2native_sockaddr_storage(address, port, &x.to_len);
	if (!x.wire || !x.to || ldns_pkt2buffer_wire(x.wire, query) != LDNS_STATUS_OK)
		goto done;
	for (int i = 0; i < tries; i++) {
		err[0] = '\0';
		result = udp_try(&x, timeout_ms, reply, err, errsize);
		if (result != TRANSPORT_TIMEOUT)
			break;
	}
	if (result == TRANSPORT_REPLY && ldns_pkt_tc(*reply)) {
		/* A truncated reply may lack records: only the TCP answer counts. */
		ldns_pkt_free(*reply);
		*reply = NULL;
		result = tcp_try(&x, timeout_ms, reply, err, errsize);
		if (result == TRANSPORT_TIMEOUT)
			snprintf(err, errsize, "the UDP reply was truncated and TCP gave no reply");
		if (result != TRANSPORT_REPLY) {
			result = result == TRANSPORT_CANCELLED ? result : TRANSPORT_FAILED;
			goto done;
		}
	}
	if (result == TRANSPORT_TIMEOUT)
		snprintf(err, errsize, x.ignored ? "no usable reply (%d ignored, the last %s)" : "no reply", x.ignored,
			 x.why_ignored);
done:
	ldns_buffer_free(x.wire);
	free(x.to);
	return result;
}
