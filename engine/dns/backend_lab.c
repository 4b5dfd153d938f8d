/* backend_lab - the lab kind: a scenario answers in process, after its
 * latency; a dead server costs what it costs live. */
#define _POSIX_C_SOURCE 200809L
#include "backend_kind.h"

#include <stdio.h>

#include "lab/lab.h"
#include "loop.h"
#include "transport.h"

bool backend_new_lab(struct lab_scenario *scenario, int timeout_ms, struct backend **out)
{
	*out = backend_new_of(&backend_kind_lab, timeout_ms, "lab");
	if (!*out)
		return false;
	(*out)->scenario = scenario;
	return true;
}

static void on_lab_timeout(void *ctx)
{
	struct backend_query *q = ctx;
	q->timer = NULL;
	backend_query_finish(q, BACKEND_TIMEOUT, NULL, NULL);
}

static void on_lab_latency(void *ctx)
{
	struct backend_query *q = ctx;
	q->timer = NULL;
	ldns_pkt *reply = NULL;
	enum lab_fault fault = lab_answer_checked(q->backend->scenario, q->name, q->type, transport_random_id(),
						  q->checking_disabled, &reply);
	if (fault == LAB_TIMEOUT) {
		/* A dead server in a lab costs what it costs live: every try. */
		q->timer = loop_timer_add(q->loop, (long)q->backend->timeout_ms * BACKEND_TRIES, on_lab_timeout, q);
		if (!q->timer)
			backend_query_finish(q, BACKEND_FAILED, NULL, NULL);
		return;
	}
	backend_query_finish(q, reply ? BACKEND_ANSWER : BACKEND_FAILED, reply, reply ? "lab" : NULL);
}

static void on_lab_server_latency(void *ctx)
{
	struct backend_query *q = ctx;
	q->timer = NULL;
	ldns_pkt *reply = NULL;
	enum lab_fault fault = lab_answer_server(q->backend->scenario, q->lab_address, q->name, q->type,
						 transport_random_id(), &reply);
	if (fault == LAB_TIMEOUT) {
		q->timer = loop_timer_add(q->loop, (long)q->backend->timeout_ms * BACKEND_TRIES, on_lab_timeout, q);
		if (!q->timer)
			backend_query_finish(q, BACKEND_FAILED, NULL, NULL);
		return;
	}
	backend_query_finish(q, reply ? BACKEND_ANSWER : BACKEND_FAILED, reply, reply ? q->lab_address : NULL);
}

/* lab_server_ask - a lab's server answers after the lab's latency. */
static bool lab_server_ask(struct backend_query *q, const char *address, uint16_t port)
{
	(void)port; /* a lab's servers answer on any */
	snprintf(q->lab_address, sizeof q->lab_address, "%s", address);
	q->timer = loop_timer_add(q->loop, lab_scenario_latency_ms(q->backend->scenario), on_lab_server_latency, q);
	return q->timer != NULL;
}

static bool lab_ask(struct backend_query *q)
{
	q->timer = loop_timer_add(q->loop, lab_scenario_latency_ms(q->backend->scenario), on_lab_latency, q);
	return q->timer != NULL;
}

static bool lab_can_ask_servers(const struct backend *b)
{
	return lab_scenario_has_servers(b->scenario);
}

static void lab_free(struct backend *b)
{
	lab_scenario_free(b->scenario);
}

const struct backend_kind backend_kind_lab = {
	.ask = lab_ask, .ask_server = lab_server_ask, .can_ask_servers = lab_can_ask_servers,
	.free = lab_free, /* a question is only its timer: no cancel */
};
