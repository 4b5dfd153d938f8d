/* queue - inside dns/ only: a live backend's questions on their way to
 * servers. A server has at most its in-flight maximum of questions out;
 * the rest wait in order, and the servers with some waiting take turns,
 * one question each, so that one with a long line does not hold every
 * slot; with --qps a token bucket paces each resolver. A question whose
 * server does not answer goes on to the next of its servers. */
#ifndef PTRDOCTOR_QUEUE_H
#define PTRDOCTOR_QUEUE_H

#include <stdbool.h>
#include <stddef.h>

#include "backend_kind.h"

/* queue_ask - send q to its server `index` (the backend's resolvers in
 * turn, or q->direct), or queue it there; false when neither that nor a
 * report of the failure could be arranged (no memory). */
bool queue_ask(struct backend_query *q, size_t index);

/* queue_cancel - take q out of its line, or stop its exchange. */
void queue_cancel(struct backend_query *q);

#endif
