/* backend_script - the script kind: a function answers every question,
 * for fuzzing the code after the backend with any packet at all. */
#define _POSIX_C_SOURCE 200809L
#include "backend_kind.h"

#include "loop.h"

bool backend_new_scripted(backend_answer_fn answer, void *ctx, struct backend **out)
{
	*out = backend_new_of(&backend_kind_script, 0, "script");
	if (!*out)
		return false;
	(*out)->script = answer;
	(*out)->script_ctx = ctx;
	return true;
}

static void on_script(void *ctx)
{
	struct backend_query *q = ctx;
	q->timer = NULL;
	ldns_pkt *reply = q->backend->script(q->backend->script_ctx, q->name, q->type);
	backend_query_finish(q, reply ? BACKEND_ANSWER : BACKEND_TIMEOUT, reply, reply ? "script" : NULL);
}

static bool script_ask(struct backend_query *q)
{
	q->timer = loop_timer_add(q->loop, 0, on_script, q);
	return q->timer != NULL;
}

static bool script_ask_server(struct backend_query *q, const char *address, uint16_t port)
{
	(void)address;
	(void)port;
	return backend_query_fail_soon(q, "this backend answers as a resolver only");
}

static bool script_can_ask_servers(const struct backend *b)
{
	(void)b;
	return false;
}

/* A question is only its timer (no cancel); the script is the caller's (no free). */
const struct backend_kind backend_kind_script = {
	.ask = script_ask, .ask_server = script_ask_server, .can_ask_servers = script_can_ask_servers,
};
