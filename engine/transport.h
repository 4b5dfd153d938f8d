/* transport - one DNS exchange with one server: UDP, then TCP when the
 * reply is truncated; every wait can be cancelled.
 *
 * Replies that do not answer the query (wrong id, wrong source, wrong
 * question, QR unset, unparsable bytes) are ignored, as stub resolvers
 * ignore them, and counted: if nothing usable arrives before the timeout
 * the exchange times out and says what it ignored. */
#ifndef PTRDOCTOR_TRANSPORT_H
#define PTRDOCTOR_TRANSPORT_H

#include <ldns/ldns.h>
#include <stdatomic.h>
#include <stddef.h>

enum transport_result {
	TRANSPORT_REPLY = 0, /* *reply set */
	TRANSPORT_TIMEOUT,
	TRANSPORT_FAILED,    /* could not send, or connection refused */
	TRANSPORT_CANCELLED,
};

/* transport_exchange - send query (borrowed) to address:port; each of
 * `tries` tries waits timeout_ms. On TRANSPORT_REPLY *reply is owned
 * (ldns_pkt_free). err gets a reason for any other result. */
enum transport_result transport_exchange(const ldns_pkt *query, const ldns_rdf *address, uint16_t port,
					 int timeout_ms, int tries, const atomic_bool *cancel, ldns_pkt **reply,
					 char *err, size_t errsize);

/* transport_reply_matches - reply answers query: same id, QR set, same
 * question (an error reply may carry none). */
bool transport_reply_matches(const ldns_pkt *query, const ldns_pkt *reply);

#endif
