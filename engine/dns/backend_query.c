/* backend_query - a question's life from backend_ask to its one done
 * call, whatever the kind (backend_kind.h) that answers it, and the
 * settings every kind shares: what backend.h promises. */
#define _POSIX_C_SOURCE 200809L
#include "backend_kind.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/lab.h"
#include "loop.h"

struct backend *backend_new_of(const struct backend_kind *kind, int timeout_ms, const char *label)
{
	struct backend *b = calloc(1, sizeof *b);
	if (!b)
		return NULL;
	b->kind = kind;
	b->timeout_ms = timeout_ms > 0 ? timeout_ms : BACKEND_TIMEOUT_DEFAULT_MS;
	b->auth_port = 53;
	snprintf(b->label, sizeof b->label, "%s", label);
	return b;
}

void backend_free(struct backend *b)
{
	if (!b)
		return;
	if (b->kind->free)
		b->kind->free(b);
	free(b);
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

static void query_free(struct backend_query *q)
{
	ldns_rdf_deep_free(q->name);
	free(q->error);
	free(q);
}

void backend_query_finish(struct backend_query *q, enum backend_result result, ldns_pkt *reply, const char *server)
{
	backend_done_fn done = q->done;
	void *ctx = q->ctx;
	char *error = q->error;
	char label[BACKEND_LABEL_MAX]; /* server may point into q */
	snprintf(label, sizeof label, "%s", server ? server : "");
	q->error = NULL;
	query_free(q);
	done(ctx, result, reply, server ? label : NULL, result == BACKEND_ANSWER ? NULL : error);
	free(error);
}

void backend_query_error(struct backend_query *q, const char *prefix, const char *why)
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
	backend_query_finish(q, q->result, NULL, NULL);
}

bool backend_query_fail_soon(struct backend_query *q, const char *why)
{
	backend_query_error(q, NULL, why);
	q->result = BACKEND_FAILED;
	q->timer = loop_timer_add(q->loop, 0, on_timer_report, q);
	return q->timer != NULL;
}

bool backend_query_timeout_soon(struct backend_query *q, const char *why)
{
	backend_query_error(q, NULL, why);
	q->result = BACKEND_TIMEOUT;
	q->timer = loop_timer_add(q->loop, 0, on_timer_report, q);
	return q->timer != NULL;
}

bool backend_query_expire(struct backend_query *q, const char *why)
{
	/* only a question a server has had: one in line, or a lab's, goes on */
	if (!q || !q->exchange)
		return false;
	if (q->backend->kind->cancel)
		q->backend->kind->cancel(q);
	if (q->direct)
		q->direct->silent = true;
	backend_query_error(q, q->direct ? q->direct->label : NULL, why);
	backend_query_finish(q, BACKEND_TIMEOUT, NULL, NULL);
	return true;
}

/* query_new - a question not yet asked; its name is NULL when qname is
 * not a domain name (backend_query_fail_soon says so from the loop). */
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

/* query_started - the query, or NULL (and freed) when it could not start. */
static struct backend_query *query_started(struct backend_query *q, bool started)
{
	if (started)
		return q;
	query_free(q);
	return NULL;
}

/* ask_resolver - a question to the backend's resolvers. */
static struct backend_query *ask_resolver(struct backend *b, struct loop *loop, const char *qname, ldns_rr_type type,
					  bool checking_disabled, backend_done_fn done, void *ctx)
{
	struct backend_query *q = query_new(b, loop, qname, type, done, ctx);
	if (!q)
		return NULL;
	q->checking_disabled = checking_disabled;
	bool started = q->name ? b->kind->ask(q) : backend_query_fail_soon(q, "not a valid domain name");
	return query_started(q, started);
}

struct backend_query *backend_ask(struct backend *b, struct loop *loop, const char *qname, ldns_rr_type type,
				  backend_done_fn done, void *ctx)
{
	return ask_resolver(b, loop, qname, type, false, done, ctx);
}

struct backend_query *backend_ask_checking_disabled(struct backend *b, struct loop *loop, const char *qname,
						    ldns_rr_type type, backend_done_fn done, void *ctx)
{
	return ask_resolver(b, loop, qname, type, true, done, ctx);
}

struct backend_query *backend_ask_server(struct backend *b, struct loop *loop, const char *address,
					 uint16_t port, const char *qname, ldns_rr_type type, backend_done_fn done,
					 void *ctx)
{
	struct backend_query *q = query_new(b, loop, qname, type, done, ctx);
	if (!q)
		return NULL;
	q->recurse = false;
	struct ip_address numeric;
	bool started;
	if (!q->name)
		started = backend_query_fail_soon(q, "not a valid domain name");
	else if (!backend_can_ask_servers(b))
		started = backend_query_fail_soon(q, "this backend answers as a resolver only");
	else if (names_parse_ip(address, &numeric) != NAMES_OK)
		started = backend_query_fail_soon(q, "not a numeric address");
	else
		started = b->kind->ask_server(q, numeric.text, port);
	return query_started(q, started);
}

void backend_query_cancel(struct backend_query *q)
{
	if (!q)
		return;
	if (q->backend->kind->cancel)
		q->backend->kind->cancel(q);
	loop_timer_cancel(q->loop, q->timer);
	query_free(q);
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
	return b->kind->can_ask_servers(b);
}

void backend_set_auth_port(struct backend *b, uint16_t port)
{
	b->auth_port = port ? port : 53;
}

uint16_t backend_auth_port(const struct backend *b)
{
	return b->auth_port ? b->auth_port : 53;
}

void backend_set_in_flight_max(struct backend *b, int max)
{
	b->in_flight_max = max;
}

int backend_qps(const struct backend *b)
{
	return b->qps;
}

void backend_set_qps(struct backend *b, int qps)
{
	b->qps = qps;
}
