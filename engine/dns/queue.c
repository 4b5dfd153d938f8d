/* queue - a live backend's questions on their way to servers: each
 * server's line, the turns the servers take when slots are scarce, --qps
 * pacing, and the exchange with the server through the transport. */
#define _POSIX_C_SOURCE 200809L
#include "queue.h"

#define QUEUE_EDNS_UDP_SIZE 1232 /* dig's default, the DNS flag day's size */

#include <stdlib.h>

#include "loop.h"
#include "transport.h"

/* ask_server_now - q to server index, from a loop callback, where the
 * query may end at once. */
static void ask_server_now(struct backend_query *q, size_t index);

/* query_server - the server a query asks as its `index`th: the backend's
 * resolvers in turn, or the one server it was given. */
static struct server *query_server(struct backend_query *q, size_t index)
{
	return q->direct ? q->direct : &q->backend->servers[index];
}

static size_t query_server_count(const struct backend_query *q)
{
	return q->direct ? 1 : q->backend->server_count;
}

/* The turn ring: the servers with questions waiting. When slots are
 * scarce they take turns, one question each, so that a server with a
 * long line does not hold every slot while another's few wait. */
static void turn_join(struct backend *b, struct server *srv)
{
	if (!b->turn) {
		srv->turn_prev = srv->turn_next = srv;
		b->turn = srv;
	} else { /* last in the round: just before whose turn it is */
		srv->turn_next = b->turn;
		srv->turn_prev = b->turn->turn_prev;
		srv->turn_prev->turn_next = srv;
		b->turn->turn_prev = srv;
	}
	b->turn_count++;
}

static void turn_leave(struct backend *b, struct server *srv)
{
	if (srv->turn_next == srv) {
		b->turn = NULL;
	} else {
		srv->turn_prev->turn_next = srv->turn_next;
		srv->turn_next->turn_prev = srv->turn_prev;
		if (b->turn == srv)
			b->turn = srv->turn_next;
	}
	srv->turn_prev = srv->turn_next = NULL;
	b->turn_count--;
}

static void waiting_add(struct backend_query *q)
{
	struct server *srv = query_server(q, q->server);
	q->waiting = true;
	q->prev = srv->wait_tail;
	if (srv->wait_tail)
		srv->wait_tail->next = q;
	else
		srv->wait_head = q;
	srv->wait_tail = q;
	if (!srv->turn_next)
		turn_join(srv->backend, srv);
}

static void waiting_remove(struct backend_query *q)
{
	struct server *srv = query_server(q, q->server);
	if (q->prev)
		q->prev->next = q->next;
	else
		srv->wait_head = q->next;
	if (q->next)
		q->next->prev = q->prev;
	else
		srv->wait_tail = q->prev;
	q->prev = q->next = NULL;
	q->waiting = false;
	if (!srv->wait_head) {
		turn_leave(srv->backend, srv);
		/* nothing left to pace: its loop may go */
		loop_timer_cancel(srv->pace_loop, srv->pace_timer);
		srv->pace_timer = NULL;
	}
}

static void ask_server_now(struct backend_query *q, size_t index)
{
	if (!queue_ask(q, index))
		backend_query_finish(q, BACKEND_FAILED, NULL, NULL);
}

static int in_flight_max(const struct backend *b)
{
	return b->in_flight_max > 0 ? b->in_flight_max : BACKEND_IN_FLIGHT_MAX;
}

/* room - one more question may go out: to srv, and in all. */
static bool room(const struct server *srv)
{
	const struct backend *b = srv->backend;
	return srv->in_flight < in_flight_max(b) && (b->in_flight_max <= 0 || b->in_flight < b->in_flight_max);
}

/* take_token - the resolver may be sent one more question now (--qps: a
 * token bucket holding a tenth of a second's worth, at least one). */
static bool take_token(struct server *srv)
{
	const struct backend *b = srv->backend;
	if (!srv->resolver || b->qps <= 0)
		return true;
	long now = loop_now_ms();
	double cap = b->qps / 10.0 < 1 ? 1 : b->qps / 10.0;
	srv->tokens += (double)(now - srv->refilled_ms) * b->qps / 1000.0;
	srv->tokens = srv->refilled_ms == 0 || srv->tokens > cap ? cap : srv->tokens;
	srv->refilled_ms = now;
	if (srv->tokens < 1)
		return false;
	srv->tokens -= 1;
	return true;
}

static void dispatch(struct backend *b);

static void on_pace(void *ctx)
{
	struct server *srv = ctx;
	srv->pace_timer = NULL;
	dispatch(srv->backend);
}

static bool send_now(struct backend_query *q, size_t index);

/* arm_pace - dispatch again when srv's next token is due. */
static void arm_pace(struct server *srv, struct loop *loop)
{
	if (srv->pace_timer || !srv->resolver || srv->backend->qps <= 0)
		return;
	srv->pace_loop = loop;
	srv->pace_timer = loop_timer_add(loop, (long)((1 - srv->tokens) * 1000.0 / srv->backend->qps) + 1, on_pace, srv);
}

/* dispatch - waiting questions go while there is room, the servers
 * taking turns; a server short only of --qps tokens goes again once the
 * next one is due. Stops after a whole round in which none could go. */
static void dispatch(struct backend *b)
{
	size_t passed = 0;
	while (b->turn && passed < b->turn_count && (b->in_flight_max <= 0 || b->in_flight < b->in_flight_max)) {
		struct server *srv = b->turn;
		b->turn = srv->turn_next;
		if (!room(srv)) {
			passed++;
			continue;
		}
		if (!take_token(srv)) {
			arm_pace(srv, srv->wait_head->loop);
			passed++;
			continue;
		}
		passed = 0;
		struct backend_query *next = srv->wait_head;
		waiting_remove(next);
		if (!send_now(next, next->server))
			backend_query_finish(next, BACKEND_FAILED, NULL, NULL);
	}
}

/* server_slot_freed - one question fewer out to srv: the next in line goes. */
static void server_slot_freed(struct server *srv)
{
	srv->in_flight--;
	srv->backend->in_flight--;
	dispatch(srv->backend);
}

static void on_exchange_done(void *ctx, enum transport_result result, ldns_pkt *reply, const char *why)
{
	struct backend_query *q = ctx;
	size_t index = q->server;
	struct server *srv = query_server(q, index);
	q->exchange = NULL;
	server_slot_freed(srv);
	if (!srv->resolver && (result == TRANSPORT_REPLY || result == TRANSPORT_TIMEOUT))
		srv->silent = result == TRANSPORT_TIMEOUT;
	if (result == TRANSPORT_REPLY) {
		backend_query_finish(q, BACKEND_ANSWER, reply, srv->label);
		return;
	}
	backend_query_error(q, srv->label, why ? why : "no reply");
	if (index + 1 < query_server_count(q))
		ask_server_now(q, index + 1);
	else
		backend_query_finish(q, result == TRANSPORT_TIMEOUT ? BACKEND_TIMEOUT : BACKEND_FAILED, NULL, NULL);
}

/* send_now - the question to server `index`, now; false on no memory. */
static bool send_now(struct backend_query *q, size_t index)
{
	struct backend *b = q->backend;
	struct server *srv = query_server(q, index);
	q->server = index;
	ldns_pkt *query = ldns_pkt_query_new(ldns_rdf_clone(q->name), q->type, LDNS_RR_CLASS_IN, q->recurse ? LDNS_RD : 0);
	if (query) {
		ldns_pkt_set_id(query, transport_random_id());
		/* EDNS as dig asks: a validating resolver then says why it failed (RFC 8914) */
		ldns_pkt_set_edns_udp_size(query, QUEUE_EDNS_UDP_SIZE);
		ldns_pkt_set_cd(query, q->checking_disabled);
		ldns_pkt_set_ad(query, q->recurse); /* as dig asks: a validating resolver says whether it vouches (RFC 6840) */
		q->exchange = transport_start(q->loop, query, srv->address, srv->port, b->timeout_ms, BACKEND_TRIES,
					      on_exchange_done, q);
		ldns_pkt_free(query);
	}
	if (q->exchange) {
		srv->in_flight++;
		b->in_flight++;
		return true;
	}
	return false;
}

bool queue_ask(struct backend_query *q, size_t index)
{
	struct server *srv = query_server(q, index);
	q->server = index;
	if (!srv->wait_head && room(srv) && take_token(srv))
		return send_now(q, index) || backend_query_fail_soon(q, "out of memory");
	waiting_add(q);
	if (room(srv))
		arm_pace(srv, q->loop); /* tokens are what lacks */
	return true;
}

void queue_cancel(struct backend_query *q)
{
	if (q->waiting)
		waiting_remove(q);
	if (q->exchange) {
		transport_cancel(q->exchange);
		server_slot_freed(query_server(q, q->server));
	}
}
