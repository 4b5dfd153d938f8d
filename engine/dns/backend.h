/* backend - where DNS answers come from.
 *
 * Three kinds, one contract: every query hands back a real ldns_pkt, so
 * all code after the backend is the same for the network and for a lab.
 *   live:   recursive servers, from /etc/resolv.conf or given as HOST[:PORT]
 *           (backend_live.c, sending through queue.c);
 *   lab:    a scenario answered in process (backend_lab.c, lab.h);
 *   script: a function's answers, for fuzzing (backend_script.c).
 * Questions run on an event loop (loop.h). A backend and the loops that
 * ask it belong to one thread: it counts each server's questions in
 * flight. */
#ifndef PTRDOCTOR_BACKEND_H
#define PTRDOCTOR_BACKEND_H

#include <ldns/ldns.h>
#include <stdbool.h>
#include <stddef.h>

struct backend;
struct backend_query;
struct lab_scenario;
struct loop;

#define BACKEND_TIMEOUT_DEFAULT_MS 3000
#define BACKEND_SERVERS_MAX 8
#define BACKEND_IN_FLIGHT_MAX 32 /* per server */

/* backend_new_live - servers: "HOST", "HOST:PORT", "[V6]:PORT" (count 0:
 * the nameservers of /etc/resolv.conf, or of resolv_conf when not NULL).
 * timeout_ms applies to each try; each query has one retry. Returns false
 * with a message in err when a server cannot be parsed or found. */
bool backend_new_live(const char *const *servers, size_t count, const char *resolv_conf,
		      int timeout_ms, struct backend **out, char *err, size_t errsize);

/* backend_new_lab - answers from a scenario; takes ownership of it. */
bool backend_new_lab(struct lab_scenario *scenario, int timeout_ms, struct backend **out);

/* backend_answer_fn - the reply to one question: an owned packet, used as
 * it is (no checks), or NULL for no reply. */
typedef ldns_pkt *(*backend_answer_fn)(void *ctx, const ldns_rdf *qname, ldns_rr_type type);

/* backend_new_scripted - answers from a function, for fuzzing the code
 * after the backend with any packet at all. ctx is borrowed. */
bool backend_new_scripted(backend_answer_fn answer, void *ctx, struct backend **out);

void backend_free(struct backend *backend);

bool backend_is_lab(const struct backend *backend);

/* backend_scenario - the lab scenario (borrowed), or NULL for live. */
const struct lab_scenario *backend_scenario(const struct backend *backend);

/* backend_server_label - what a front end shows as "the server asked"
 * ("127.0.0.1#5353", "the resolvers of /etc/resolv.conf", "lab"). Borrowed. */
const char *backend_server_label(const struct backend *backend);

enum backend_result {
	BACKEND_ANSWER = 0, /* a reply came back (any rcode) */
	BACKEND_TIMEOUT,    /* no reply within the timeout, retry included */
	BACKEND_FAILED,     /* could not send, or the reply was unusable; error says why */
};

/* backend_done_fn - the end of a question. reply is owned by the callee
 * (ldns_pkt_free) and set only for BACKEND_ANSWER; server (who answered,
 * "127.0.0.1#5353") and error (why not, may be NULL) are borrowed for the
 * call only. The query is gone when this is called. */
typedef void (*backend_done_fn)(void *ctx, enum backend_result result, ldns_pkt *reply, const char *server,
				const char *error);

/* backend_ask - ask one question on loop: each server in turn until one
 * answers, each with one retry; a lab answers after its latency. done runs
 * exactly once, from loop_process (never from here), unless the query is
 * cancelled first. A server has at most BACKEND_IN_FLIGHT_MAX questions
 * out at once (see backend_set_in_flight_max); the others wait their
 * turn, in order. Returns the query
 * (borrowed until done runs), or NULL on no memory. */
struct backend_query *backend_ask(struct backend *backend, struct loop *loop, const char *qname,
				  ldns_rr_type type, backend_done_fn done, void *ctx);

/* backend_ask_checking_disabled - backend_ask with the CD bit set: a
 * validating resolver answers without checking DNSSEC (dig +cd), so a
 * SERVFAIL that then turns into data was a validation failure. A lab
 * answers as its scenario's validating resolver would (its bogus zones'
 * data comes); a script as it always does. */
struct backend_query *backend_ask_checking_disabled(struct backend *backend, struct loop *loop, const char *qname,
						    ldns_rr_type type, backend_done_fn done, void *ctx);

/* backend_ask_server - ask one server directly, with recursion off, as
 * one asks an authoritative server: address is numeric (IPv4 or IPv6),
 * not one of the backend's resolvers; its questions share a line with
 * every other to that address and port. The contract is backend_ask's; a
 * lab or scripted backend reports BACKEND_FAILED (it has no servers). A
 * server that let a question go unanswered (a timeout, or an expired
 * question) is not asked again by this backend: the question reports
 * BACKEND_TIMEOUT at once, so a batch waits for a silent server once. */
struct backend_query *backend_ask_server(struct backend *backend, struct loop *loop, const char *address,
					 uint16_t port, const char *qname, ldns_rr_type type, backend_done_fn done,
					 void *ctx);

/* backend_can_ask_servers - backend_ask_server can reach real servers
 * (a live backend; a lab or script answers as a resolver only). */
bool backend_can_ask_servers(const struct backend *backend);

/* backend_set_auth_port - the port authoritative servers are asked on
 * (53 unless set; a test setup runs its servers elsewhere). */
void backend_set_auth_port(struct backend *backend, uint16_t port);
uint16_t backend_auth_port(const struct backend *backend);

/* backend_set_in_flight_max - questions out at once, in all and so to
 * any one server. Questions over it wait: in order for each server, and
 * the servers with some waiting take turns, one question each, so a zone
 * server with a long line does not hold every slot. 0 restores the
 * default: BACKEND_IN_FLIGHT_MAX per server, no cap in all. */
void backend_set_in_flight_max(struct backend *backend, int max);

/* backend_set_qps - at most qps questions a second to each resolver (a
 * token bucket; questions over it wait their turn, in order); 0 for no
 * cap. Servers asked directly are not capped. */
void backend_set_qps(struct backend *backend, int qps);
int backend_qps(const struct backend *backend);

/* backend_asks_public_resolver - one of its resolvers is a public one
 * (help/public-resolvers.txt). */
bool backend_asks_public_resolver(const struct backend *backend);

/* backend_query_cancel - stop the question (its socket is closed at
 * once); done will not run. NULL is a no-op. */
void backend_query_cancel(struct backend_query *query);

/* backend_query_expire - end a question a server has had as unanswered:
 * done runs at once with BACKEND_TIMEOUT and why, and a server asked
 * directly is remembered as silent, so later questions to it end at once.
 * false, and nothing done, for a question still in line, a lab's or a
 * script's, or NULL. */
bool backend_query_expire(struct backend_query *query, const char *why);

/* backend_query - ask one question and wait for the answer, on a loop of
 * its own: for tests and one-off callers. *reply (owned, ldns_pkt_free),
 * *server and *error (owned strings) are set as the result says and NULL
 * otherwise. */
enum backend_result backend_query(struct backend *backend, const char *qname, ldns_rr_type type, ldns_pkt **reply,
				  char **server, char **error);

#endif
