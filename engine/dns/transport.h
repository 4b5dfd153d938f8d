/* transport - one DNS exchange with one server, on an event loop: UDP,
 * then TCP when the reply is truncated.
 *
 * Replies that do not answer the query (wrong id, wrong source, wrong
 * question, QR unset, unparsable bytes) are ignored, as stub resolvers
 * ignore them, and counted: if nothing usable arrives before the timeout
 * the exchange times out and says what it ignored. */
#ifndef PTRDOCTOR_TRANSPORT_H
#define PTRDOCTOR_TRANSPORT_H

#include <ldns/ldns.h>
#include <stddef.h>
#include <stdint.h>

struct loop;
struct transport_exchange;

enum transport_result {
	TRANSPORT_REPLY = 0, /* a reply that answers the query */
	TRANSPORT_TIMEOUT,
	TRANSPORT_FAILED,    /* could not send, or TCP failed after truncation */
};

/* transport_done_fn - the end of an exchange. reply is owned by the
 * callee (ldns_pkt_free), NULL unless TRANSPORT_REPLY; error (borrowed,
 * for the call only) says why for any other result. The exchange is gone
 * when this is called. */
typedef void (*transport_done_fn)(void *ctx, enum transport_result result, ldns_pkt *reply, const char *error);

/* transport_start - send query (copied) to address:port; each of `tries`
 * UDP tries waits timeout_ms, and TCP, when needed, timeout_ms in all.
 * done runs exactly once, from loop_process, never from here; unless the
 * exchange is cancelled first. Returns the exchange (borrowed until done
 * runs), or NULL on no memory. */
struct transport_exchange *transport_start(struct loop *loop, const ldns_pkt *query, const ldns_rdf *address,
					   uint16_t port, int timeout_ms, int tries, transport_done_fn done,
					   void *ctx);

/* transport_cancel - close the exchange's socket and forget it: done will
 * not run. NULL is a no-op. */
void transport_cancel(struct transport_exchange *x);

/* transport_reply_matches - reply answers query: same id, QR set, same
 * question (an error reply may carry none). */
bool transport_reply_matches(const ldns_pkt *query, const ldns_pkt *reply);

/* transport_random_id - a query id from the kernel's generator
 * (getrandom, read a block at a time), not from a library's
 * per-thread one. */
uint16_t transport_random_id(void);

#endif
