/* backend - where DNS answers come from: live servers or a lab scenario. */
#define _POSIX_C_SOURCE 200809L
#include "backend.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/help.h"
#include "lab/lab.h"
#include "loop.h"
#include "util/names.h"
#include "transport.h"

#define LABEL_MAX 80
#define TRIES 2 /* one try and one retry */
#define ZONE_SERVER_BUCKETS 1024

struct server {
	ldns_rdf *address;
	uint16_t port;
	char label[LABEL_MAX];    /* 127.0.0.1#5353, as dig names it */
	char dig_args[LABEL_MAX]; /* @127.0.0.1 -p 5353 */
	int in_flight;            /* questions out to it now */
	struct backend_query *wait_head, *wait_tail; /* waiting for a turn */
	struct backend *backend;
	bool resolver;            /* one of the backend's own (--qps applies), not a zone's */
	struct server *turn_prev, *turn_next; /* the ring of servers with some waiting */
	struct server *table_next; /* a zone's server: the next in its bucket */
	double tokens;            /* --qps: questions it may be sent now */
	long refilled_ms;
	struct loop *pace_loop;   /* where pace_timer runs */
	struct loop_timer *pace_timer; /* the next token, while some wait for it */
};

struct backend {
	struct server servers[BACKEND_SERVERS_MAX];
	size_t server_count;
	bool from_resolv_conf;
	int timeout_ms;
	uint16_t auth_port;              /* where backend_ask_server's servers listen */
	int in_flight_max;               /* per server and in all; 0: BACKEND_IN_FLIGHT_MAX per server */
	int in_flight;                   /* questions out, all servers */
	struct server *turn;             /* whose turn it is among those with some waiting */
	size_t turn_count;               /* servers in that ring */
	struct server **zone_servers;    /* servers asked directly, by label: a hash table */
	int qps;                         /* per resolver; 0: no cap */
	struct lab_scenario *scenario;
	backend_answer_fn script;
	void *script_ctx;
	char label[LABEL_MAX];
};

void backend_free(struct backend *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->server_count; i++) {
		ldns_rdf_deep_free(b->servers[i].address);
		loop_timer_cancel(b->servers[i].pace_loop, b->servers[i].pace_timer);
	}
	for (size_t i = 0; b->zone_servers && i < ZONE_SERVER_BUCKETS; i++)
		for (struct server *srv = b->zone_servers[i], *next; srv; srv = next) {
			next = srv->table_next;
			ldns_rdf_deep_free(srv->address);
			free(srv);
		}
	free(b->zone_servers);
	lab_scenario_free(b->scenario);
	free(b);
}

/* split_host_port - "h", "h:p", "[v6]", "[v6]:p", or a bare IPv6 address. */
static bool split_host_port(const char *spec, char *host, size_t size, long *port)
{
	const char *colon = strrchr(spec, ':');
	*port = 53;
	if (spec[0] == '[') {
		const char *close = strchr(spec, ']');
		if (!close || (size_t)(close - spec - 1) >= size)
			return false;
		memcpy(host, spec + 1, (size_t)(close - spec - 1));
		host[close - spec - 1] = '\0';
		if (close[1] == '\0')
			return true;
		if (close[1] != ':')
			return false;
		colon = close + 1;
	} else if (colon && strchr(spec, ':') == colon) {
		if ((size_t)(colon - spec) >= size)
			return false;
		memcpy(host, spec, (size_t)(colon - spec));
		host[colon - spec] = '\0';
	} else {
		if (strlen(spec) >= size)
			return false;
		strcpy(host, spec);
		return *host != '\0';
	}
	char *end;
	errno = 0;
	*port = strtol(colon + 1, &end, 10);
	return *host && colon[1] && *end == '\0' && errno == 0 && *port > 0 && *port <= 65535;
}

/* server_set - resolve host (numeric or by name) into srv, one of b's. */
static bool server_set(struct backend *b, struct server *srv, const char *host, long port, char *err, size_t errsize)
{
	srv->backend = b;
	struct addrinfo hints = {0}, *res = NULL;
	hints.ai_socktype = SOCK_DGRAM;
	int rc = getaddrinfo(host, NULL, &hints, &res);
	if (rc != 0 || !res) {
		snprintf(err, errsize, "--server %s: %s", host, gai_strerror(rc));
		return false;
	}
	struct sockaddr_storage addr = {0};
	memcpy(&addr, res->ai_addr, res->ai_addrlen < sizeof addr ? res->ai_addrlen : sizeof addr);
	freeaddrinfo(res);
	uint16_t ignored_port;
	srv->address = ldns_sockaddr_storage2rdf(&addr, &ignored_port);
	char *text = names_rdf_string(srv->address);
	if (!text) {
		snprintf(err, errsize, "--server %s: not an address", host);
		return false;
	}
	srv->port = (uint16_t)port;
	snprintf(srv->label, sizeof srv->label, "%s#%ld", text, port);
	if (port == 53)
		snprintf(srv->dig_args, sizeof srv->dig_args, "@%s", text);
	else
		snprintf(srv->dig_args, sizeof srv->dig_args, "@%s -p %ld", text, port);
	free(text);
	return true;
}

static bool servers_from_resolv_conf(struct backend *b, const char *path, char *err, size_t errsize)
{
	ldns_resolver *res = NULL;
	const char *file = path ? path : "/etc/resolv.conf";
	ldns_status st = ldns_resolver_new_frm_file(&res, file);
	if (st != LDNS_STATUS_OK || ldns_resolver_nameserver_count(res) == 0) {
		snprintf(err, errsize, "no resolver found in %s (%s); name one with --server HOST[:PORT]",
			 file, st != LDNS_STATUS_OK ? ldns_get_errorstr_by_id(st) : "no nameserver line");
		ldns_resolver_deep_free(res);
		return false;
	}
	ldns_rdf **ns = ldns_resolver_nameservers(res);
	for (size_t i = 0; i < ldns_resolver_nameserver_count(res) && b->server_count < BACKEND_SERVERS_MAX; i++) {
		char *text = names_rdf_string(ns[i]);
		bool ok = text && server_set(b, &b->servers[b->server_count], text, 53, err, errsize);
		free(text);
		if (!ok) {
			ldns_resolver_deep_free(res);
			return false;
		}
		b->server_count++;
	}
	ldns_resolver_deep_free(res);
	b->from_resolv_conf = true;
	return true;
}

bool backend_new_live(const char *const *servers, size_t count, const char *resolv_conf,
		      int timeout_ms, struct backend **out, char *err, size_t errsize)
{
	*out = NULL;
	struct backend *b = calloc(1, sizeof *b);
	if (!b) {
		snprintf(err, errsize, "out of memory");
		return false;
	}
	b->timeout_ms = timeout_ms > 0 ? timeout_ms : BACKEND_TIMEOUT_DEFAULT_MS;
	b->auth_port = 53;
	if (count > BACKEND_SERVERS_MAX) {
		snprintf(err, errsize, "at most %d --server options", BACKEND_SERVERS_MAX);
		backend_free(b);
		return false;
	}
	for (size_t i = 0; i < count; i++) {
		char host[256];
		long port;
		if (!split_host_port(servers[i], host, sizeof host, &port)) {
			snprintf(err, errsize, "--server %s: expected HOST, HOST:PORT or [IPV6]:PORT", servers[i]);
			backend_free(b);
			return false;
		}
		if (!server_set(b, &b->servers[b->server_count], host, port, err, errsize)) {
			backend_free(b);
			return false;
		}
		b->server_count++;
	}
	if (count == 0 && !servers_from_resolv_conf(b, resolv_conf, err, errsize)) {
		backend_free(b);
		return false;
	}
	for (size_t i = 0; i < b->server_count; i++)
		b->servers[i].resolver = true;
	if (b->from_resolv_conf)
		snprintf(b->label, sizeof b->label, "the resolvers of /etc/resolv.conf");
	else
		snprintf(b->label, sizeof b->label, "%s", b->servers[0].label);
	*out = b;
	return true;
}

bool backend_new_lab(struct lab_scenario *scenario, int timeout_ms, struct backend **out)
{
	*out = calloc(1, sizeof **out);
	if (!*out)
		return false;
	(*out)->scenario = scenario;
	(*out)->timeout_ms = timeout_ms > 0 ? timeout_ms : BACKEND_TIMEOUT_DEFAULT_MS;
	snprintf((*out)->label, sizeof (*out)->label, "lab");
	return true;
}

bool backend_new_scripted(backend_answer_fn answer, void *ctx, struct backend **out)
{
	*out = calloc(1, sizeof **out);
	if (!*out)
		return false;
	(*out)->script = answer;
	(*out)->script_ctx = ctx;
	(*out)->timeout_ms = BACKEND_TIMEOUT_DEFAULT_MS;
	snprintf((*out)->label, sizeof (*out)->label, "script");
	return true;
}

bool backend_is_lab(const struct backend *b)
{
	return b->scenario != NULL;
}

const struct lab_scenario *backend_scenario(const struct backend *b)
{
	return b->scenario;
}

const char *backend_server_label(const struct backend *b)
{
	return b->label;
}

/* shell_word - text as one shell word: quoted when it holds anything but
 * the characters of ordinary names and addresses. */
static void shell_word(const char *text, char *buf, size_t size)
{
	if (strspn(text, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_:/") ==
	    strlen(text)) {
		snprintf(buf, size, "%s", text);
		return;
	}
	size_t used = 0;
	buf[used++] = '\'';
	for (const char *p = text; *p && used + 6 < size; p++) {
		if (*p == '\'') {
			memcpy(buf + used, "'\\''", 4);
			used += 4;
		} else {
			buf[used++] = *p;
		}
	}
	buf[used++] = '\'';
	buf[used] = '\0';
}

/* dig_line - "dig [SERVER ]QUESTION FLAGS", the question quoted for a shell. */
static char *dig_line(const char *server, const char *qname, ldns_rr_type type, const char *reverse_of,
		      const char *flags)
{
	char word[1200], line[1400];
	if (reverse_of) {
		shell_word(reverse_of, word, sizeof word);
		snprintf(line, sizeof line, "dig %s%s-x %s %s", server, *server ? " " : "", word, flags);
	} else {
		char *type_text = ldns_rr_type2str(type);
		shell_word(qname, word, sizeof word);
		snprintf(line, sizeof line, "dig %s%s%s %s %s", server, *server ? " " : "",
			 type_text ? type_text : "A", word, flags);
		free(type_text);
	}
	return strdup(line);
}

char *backend_dig_command(const struct backend *b, const char *qname, ldns_rr_type type,
			  const char *reverse_of)
{
	const char *server = "";
	if (!b->from_resolv_conf && !b->scenario && b->server_count > 0)
		server = b->servers[0].dig_args;
	return dig_line(server, qname, type, reverse_of, "+short");
}

char *backend_dig_command_server(const char *address, uint16_t port, const char *qname, ldns_rr_type type,
				 const char *reverse_of)
{
	char server[LABEL_MAX];
	if (port == 53)
		snprintf(server, sizeof server, "@%s", address);
	else
		snprintf(server, sizeof server, "@%s -p %u", address, (unsigned)port);
	return dig_line(server, qname, type, reverse_of, "+norecurse");
}

/* A question in flight, or waiting for a server's turn. */
struct backend_query {
	struct backend *backend;
	struct loop *loop;
	ldns_rdf *name;
	ldns_rr_type type;
	size_t server;                   /* the live server asked now */
	struct server *direct;           /* the one server of backend_ask_server (the backend's) */
	char lab_address[NAMES_ADDR_TEXT_MAX]; /* the same, when a lab's server answers */
	bool recurse;                    /* RD: false when asking an authoritative server */
	struct transport_exchange *exchange;
	struct loop_timer *timer;        /* lab latency and timeout, script, failure */
	bool waiting;                    /* in its server's queue */
	struct backend_query *prev, *next;
	enum backend_result result;      /* what a pending timer reports */
	char *error;                     /* the last server's reason */
	backend_done_fn done;
	void *ctx;
};

static void query_free(struct backend_query *q)
{
	ldns_rdf_deep_free(q->name);
	free(q->error);
	free(q);
}

/* query_finish - report and free. */
static void query_finish(struct backend_query *q, enum backend_result result, ldns_pkt *reply, const char *server)
{
	backend_done_fn done = q->done;
	void *ctx = q->ctx;
	char *error = q->error;
	char label[LABEL_MAX]; /* server may point into q */
	snprintf(label, sizeof label, "%s", server ? server : "");
	q->error = NULL;
	query_free(q);
	done(ctx, result, reply, server ? label : NULL, result == BACKEND_ANSWER ? NULL : error);
	free(error);
}

/* set_error - "prefix: why", or just why when prefix is NULL. */
static void set_error(struct backend_query *q, const char *prefix, const char *why)
{
	char msg[400];
	snprintf(msg, sizeof msg, "%s%s%s", prefix ? prefix : "", prefix ? ": " : "", why);
	free(q->error);
	q->error = strdup(msg);
}

static void on_timer_report(void *ctx)
{
	struct backend_query *q = ctx;
	q->timer = NULL;
	query_finish(q, q->result, NULL, NULL);
}

/* report_soon - end the query from the loop, not from the caller's stack. */
static bool report_soon(struct backend_query *q, enum backend_result result, long ms)
{
	q->result = result;
	q->timer = loop_timer_add(q->loop, ms, on_timer_report, q);
	return q->timer != NULL;
}

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

static bool ask_server(struct backend_query *q, size_t index);
static bool query_fail_soon(struct backend_query *q, const char *why);

/* ask_server_now - from a loop callback, where the query may end at once. */
static void ask_server_now(struct backend_query *q, size_t index)
{
	if (!ask_server(q, index))
		query_finish(q, BACKEND_FAILED, NULL, NULL);
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
			query_finish(next, BACKEND_FAILED, NULL, NULL);
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
	if (result == TRANSPORT_REPLY) {
		query_finish(q, BACKEND_ANSWER, reply, srv->label);
		return;
	}
	set_error(q, srv->label, why ? why : "no reply");
	if (index + 1 < query_server_count(q))
		ask_server_now(q, index + 1);
	else
		query_finish(q, result == TRANSPORT_TIMEOUT ? BACKEND_TIMEOUT : BACKEND_FAILED, NULL, NULL);
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
		q->exchange = transport_start(q->loop, query, srv->address, srv->port, b->timeout_ms, TRIES,
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

/* ask_server - send to server `index`, or queue for it (in order) when it
 * or the backend has no room or, with --qps, no token; false when neither
 * that nor a report of the failure could be arranged (no memory). */
static bool ask_server(struct backend_query *q, size_t index)
{
	struct server *srv = query_server(q, index);
	q->server = index;
	if (!srv->wait_head && room(srv) && take_token(srv))
		return send_now(q, index) || query_fail_soon(q, "out of memory");
	waiting_add(q);
	if (room(srv))
		arm_pace(srv, q->loop); /* tokens are what lacks */
	return true;
}

static void on_lab_timeout(void *ctx)
{
	struct backend_query *q = ctx;
	q->timer = NULL;
	query_finish(q, BACKEND_TIMEOUT, NULL, NULL);
}

static void on_lab_latency(void *ctx)
{
	struct backend_query *q = ctx;
	q->timer = NULL;
	ldns_pkt *reply = NULL;
	enum lab_fault fault = lab_answer(q->backend->scenario, q->name, q->type, transport_random_id(), &reply);
	if (fault == LAB_TIMEOUT) {
		/* A dead server in a lab costs what it costs live: every try. */
		q->timer = loop_timer_add(q->loop, (long)q->backend->timeout_ms * TRIES, on_lab_timeout, q);
		if (!q->timer)
			query_finish(q, BACKEND_FAILED, NULL, NULL);
		return;
	}
	query_finish(q, reply ? BACKEND_ANSWER : BACKEND_FAILED, reply, reply ? "lab" : NULL);
}

static void on_lab_server_latency(void *ctx)
{
	struct backend_query *q = ctx;
	q->timer = NULL;
	ldns_pkt *reply = NULL;
	enum lab_fault fault = lab_answer_server(q->backend->scenario, q->lab_address, q->name, q->type,
						 transport_random_id(), &reply);
	if (fault == LAB_TIMEOUT) {
		q->timer = loop_timer_add(q->loop, (long)q->backend->timeout_ms * TRIES, on_lab_timeout, q);
		if (!q->timer)
			query_finish(q, BACKEND_FAILED, NULL, NULL);
		return;
	}
	query_finish(q, reply ? BACKEND_ANSWER : BACKEND_FAILED, reply, reply ? q->lab_address : NULL);
}

static void on_script(void *ctx)
{
	struct backend_query *q = ctx;
	q->timer = NULL;
	ldns_pkt *reply = q->backend->script(q->backend->script_ctx, q->name, q->type);
	query_finish(q, reply ? BACKEND_ANSWER : BACKEND_TIMEOUT, reply, reply ? "script" : NULL);
}

/* query_new - a question not yet asked; its name is NULL when qname is
 * not a domain name (query_fail_soon says so from the loop). */
static struct backend_query *query_new(struct backend *b, struct loop *loop, const char *qname, ldns_rr_type type,
				       backend_done_fn done, void *ctx)
{
	struct backend_query *q = calloc(1, sizeof *q);
	if (q) {
		*q = (struct backend_query){.backend = b, .loop = loop, .type = type, .recurse = true, .done = done,
					    .ctx = ctx};
		q->name = ldns_dname_new_frm_str(qname);
	}
	return q;
}

static bool query_fail_soon(struct backend_query *q, const char *why)
{
	set_error(q, NULL, why);
	return report_soon(q, BACKEND_FAILED, 0);
}

/* query_started - the query, or NULL (and freed) when it could not start. */
static struct backend_query *query_started(struct backend_query *q, bool started)
{
	if (started)
		return q;
	query_free(q);
	return NULL;
}

struct backend_query *backend_ask(struct backend *b, struct loop *loop, const char *qname, ldns_rr_type type,
				  backend_done_fn done, void *ctx)
{
	struct backend_query *q = query_new(b, loop, qname, type, done, ctx);
	if (!q)
		return NULL;
	bool started;
	if (!q->name) {
		started = query_fail_soon(q, "not a valid domain name");
	} else if (b->script) {
		q->timer = loop_timer_add(loop, 0, on_script, q);
		started = q->timer != NULL;
	} else if (b->scenario) {
		q->timer = loop_timer_add(loop, lab_scenario_latency_ms(b->scenario), on_lab_latency, q);
		started = q->timer != NULL;
	} else {
		started = ask_server(q, 0);
	}
	return query_started(q, started);
}

void backend_query_cancel(struct backend_query *q)
{
	if (!q)
		return;
	if (q->waiting)
		waiting_remove(q);
	loop_timer_cancel(q->loop, q->timer);
	if (q->exchange) {
		transport_cancel(q->exchange);
		server_slot_freed(query_server(q, q->server));
	}
	query_free(q);
}

/* lab_server_ask - a lab's server answers after the lab's latency. */
static bool lab_server_ask(struct backend_query *q, const char *address)
{
	snprintf(q->lab_address, sizeof q->lab_address, "%s", address);
	q->timer = loop_timer_add(q->loop, lab_scenario_latency_ms(q->backend->scenario), on_lab_server_latency, q);
	return q->timer != NULL;
}

/* zone_server - the backend's server for address#port, made on first
 * use: every question to one zone server queues and takes turns there. */
static struct server *zone_server(struct backend *b, const char *address, uint16_t port, char *err, size_t errsize)
{
	char label[LABEL_MAX];
	snprintf(label, sizeof label, "%s#%u", address, port);
	uint32_t hash = 2166136261u; /* FNV-1a */
	for (const char *p = label; *p; p++)
		hash = (hash ^ (uint8_t)*p) * 16777619u;
	if (!b->zone_servers && !(b->zone_servers = calloc(ZONE_SERVER_BUCKETS, sizeof *b->zone_servers))) {
		snprintf(err, errsize, "out of memory");
		return NULL;
	}
	struct server **bucket = &b->zone_servers[hash % ZONE_SERVER_BUCKETS];
	for (struct server *srv = *bucket; srv; srv = srv->table_next)
		if (strcmp(srv->label, label) == 0)
			return srv;
	struct server *srv = calloc(1, sizeof *srv);
	if (!srv) {
		snprintf(err, errsize, "out of memory");
		return NULL;
	}
	if (!server_set(b, srv, address, port, err, errsize)) {
		ldns_rdf_deep_free(srv->address);
		free(srv);
		return NULL;
	}
	srv->table_next = *bucket;
	*bucket = srv;
	return srv;
}

struct backend_query *backend_ask_server(struct backend *b, struct loop *loop, const char *address,
					 uint16_t port, const char *qname, ldns_rr_type type, backend_done_fn done,
					 void *ctx)
{
	struct backend_query *q = query_new(b, loop, qname, type, done, ctx);
	if (!q)
		return NULL;
	q->recurse = false;
	char err[200];
	struct ip_address numeric;
	bool started;
	if (!q->name)
		started = query_fail_soon(q, "not a valid domain name");
	else if (!backend_can_ask_servers(b))
		started = query_fail_soon(q, "this backend answers as a resolver only");
	else if (names_parse_ip(address, &numeric) != NAMES_OK)
		started = query_fail_soon(q, "not a numeric address");
	else if (b->scenario)
		started = lab_server_ask(q, numeric.text);
	else if (!(q->direct = zone_server(b, numeric.text, port, err, sizeof err)))
		started = query_fail_soon(q, err);
	else
		started = ask_server(q, 0);
	return query_started(q, started);
}

struct sync_answer {
	bool done;
	enum backend_result result;
	ldns_pkt *reply;
	char *server, *error;
};

static void on_sync_done(void *ctx, enum backend_result result, ldns_pkt *reply, const char *server,
			 const char *error)
{
	struct sync_answer *a = ctx;
	*a = (struct sync_answer){true, result, reply, server ? strdup(server) : NULL, error ? strdup(error) : NULL};
}

enum backend_result backend_query(struct backend *b, const char *qname, ldns_rr_type type, ldns_pkt **reply,
				  char **server, char **error)
{
	struct sync_answer a = {0};
	struct loop *loop = NULL;
	struct backend_query *q = NULL;
	*reply = NULL;
	*server = NULL;
	*error = NULL;
	if (!loop_new(&loop) || !(q = backend_ask(b, loop, qname, type, on_sync_done, &a))) {
		loop_free(loop);
		*error = strdup("out of memory");
		return BACKEND_FAILED;
	}
	while (!a.done)
		if (loop_process(loop, -1) < 0) {
			backend_query_cancel(q);
			a.error = strdup("the event loop failed");
			break;
		}
	loop_free(loop);
	*reply = a.reply;
	*server = a.server;
	*error = a.error;
	return a.done ? a.result : BACKEND_FAILED;
}

bool backend_can_ask_servers(const struct backend *b)
{
	return !b->script && (!b->scenario || lab_scenario_has_servers(b->scenario));
}

void backend_set_auth_port(struct backend *b, uint16_t port)
{
	b->auth_port = port ? port : 53;
}

void backend_set_in_flight_max(struct backend *b, int max)
{
	b->in_flight_max = max;
}

bool backend_asks_public_resolver(const struct backend *b)
{
	const char *list = help_text("public-resolvers.txt");
	for (size_t i = 0; list && !b->scenario && !b->script && i < b->server_count; i++) {
		char *text = names_rdf_string(b->servers[i].address);
		for (const char *p = list; text && *p;) {
			size_t len = strcspn(p, "\n");
			if (len == strlen(text) && strncmp(p, text, len) == 0) {
				free(text);
				return true;
			}
			p += len + (p[len] == '\n');
		}
		free(text);
	}
	return false;
}

int backend_qps(const struct backend *b)
{
	return b->qps;
}

void backend_set_qps(struct backend *b, int qps)
{
	b->qps = qps;
}

uint16_t backend_auth_port(const struct backend *b)
{
	return b->auth_port ? b->auth_port : 53;
}
