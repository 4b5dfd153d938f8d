/* backend_kind - inside dns/ only: what the kinds of backend share.
 *
 * A backend is one of three kinds, each one file behind struct
 * backend_kind (as c-ares puts each event backend behind one ops struct):
 * live servers (backend_live.c, sending through queue.c), a lab scenario
 * (backend_lab.c) and a script (backend_script.c). backend_query.c holds what
 * every kind shares: a question's life from backend_ask to its one done
 * call, the settings, the synchronous helper. */
#ifndef PTRDOCTOR_BACKEND_KIND_H
#define PTRDOCTOR_BACKEND_KIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "backend.h"
#include "util/names.h"

#define BACKEND_LABEL_MAX 80
#define BACKEND_TRIES 2 /* one try and one retry */

struct loop_timer;
struct transport_exchange;

/* A server asked by a live backend: one of its resolvers, or a zone's
 * server asked directly (made on first use, kept in a hash table). */
struct server {
	ldns_rdf *address;
	uint16_t port;
	char label[BACKEND_LABEL_MAX];    /* 127.0.0.1#5353, as dig names it */
	char dig_args[BACKEND_LABEL_MAX]; /* @127.0.0.1 -p 5353 */
	int in_flight;                    /* questions out to it now */
	struct backend_query *wait_head, *wait_tail; /* waiting for a turn */
	struct backend *backend;
	bool resolver;                    /* one of the backend's own (--qps applies), not a zone's */
	bool silent;                      /* a zone's server that let a question go unanswered:
					     later questions to it end at once (a batch waits once) */
	struct server *turn_prev, *turn_next; /* the ring of servers with some waiting */
	struct server *table_next;        /* a zone's server: the next in its bucket */
	double tokens;                    /* --qps: questions it may be sent now */
	long refilled_ms;
	struct loop *pace_loop;           /* where pace_timer runs */
	struct loop_timer *pace_timer;    /* the next token, while some wait for it */
};

struct backend_kind {
	/* ask - start q, a question of the backend's resolvers; false when
	 * neither it nor a report of its failure could be arranged. */
	bool (*ask)(struct backend_query *q);
	/* ask_server - start q at one server, address numeric; false as ask. */
	bool (*ask_server)(struct backend_query *q, const char *address, uint16_t port);
	/* can_ask_servers - ask_server reaches servers (else it fails). */
	bool (*can_ask_servers)(const struct backend *b);
	/* cancel - stop what the kind has in flight for q (timers are the
	 * caller's); NULL when a timer is all it has. */
	void (*cancel)(struct backend_query *q);
	/* free - what the kind owns in b; NULL when it owns nothing. */
	void (*free)(struct backend *b);
};

extern const struct backend_kind backend_kind_live, backend_kind_lab, backend_kind_script;

struct backend {
	const struct backend_kind *kind;
	int timeout_ms;
	uint16_t auth_port;              /* where backend_ask_server's servers listen */
	int in_flight_max;               /* per server and in all; 0: BACKEND_IN_FLIGHT_MAX per server */
	int qps;                         /* per resolver; 0: no cap */
	char label[BACKEND_LABEL_MAX];
	/* live */
	struct server servers[BACKEND_SERVERS_MAX];
	size_t server_count;
	bool from_resolv_conf;
	int in_flight;                   /* questions out, all servers */
	struct server *turn;             /* whose turn it is among those with some waiting */
	size_t turn_count;               /* servers in that ring */
	struct server **zone_servers;    /* servers asked directly, by label: a hash table */
	/* lab */
	struct lab_scenario *scenario;
	/* script */
	backend_answer_fn script;
	void *script_ctx;
};

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
	bool checking_disabled;          /* CD: the resolver's DNSSEC validation off (a SERVFAIL asked again) */
	struct transport_exchange *exchange;
	struct loop_timer *timer;        /* lab latency and timeout, script, failure */
	bool waiting;                    /* in its server's queue */
	struct backend_query *prev, *next;
	enum backend_result result;      /* what a pending timer reports */
	char *error;                     /* the last server's reason */
	backend_done_fn done;
	void *ctx;
};

/* backend_new_of - a backend of a kind with its label; NULL on no memory. */
struct backend *backend_new_of(const struct backend_kind *kind, int timeout_ms, const char *label);

/* backend_query_finish - report the end of q (done runs) and free it. */
void backend_query_finish(struct backend_query *q, enum backend_result result, ldns_pkt *reply, const char *server);

/* backend_query_timeout_soon - report a timeout (why) from the loop, as
 * backend_query_fail_soon reports a failure. */
bool backend_query_timeout_soon(struct backend_query *q, const char *why);

/* backend_query_error - q's reason: "prefix: why", or why alone. */
void backend_query_error(struct backend_query *q, const char *prefix, const char *why);

/* backend_query_fail_soon - end q as failed, from the loop (never from
 * the caller's stack); false on no memory. */
bool backend_query_fail_soon(struct backend_query *q, const char *why);

#endif
