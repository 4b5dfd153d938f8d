/* lookup - the addresses of a host name, looked up in the background. */
#define _POSIX_C_SOURCE 200809L
#include "lookup.h"

#include <ldns/ldns.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "loop.h"
#include "util/names.h"

struct answer {
	struct backend_query *query;   /* NULL once answered */
	enum backend_result result;
	ldns_pkt *reply;
	char *error;
};

struct lookup {
	struct backend *backend;
	struct loop *loop;
	char *name;
	struct answer a, aaaa;
	int pending;
	char addresses[LOOKUP_ADDRESSES_MAX][NAMES_ADDR_TEXT_MAX];
	size_t count;
	size_t more;                   /* addresses past the table */
	char error[200];
};

/* take - one question's addresses and, when it was not answered, why. */
static void take(struct lookup *l, const struct answer *an, ldns_rr_type type, bool *answered)
{
	ldns_pkt *reply = an->reply;
	if (an->result == BACKEND_ANSWER && ldns_pkt_get_rcode(reply) == LDNS_RCODE_NOERROR)
		*answered = true;
	else if (an->result == BACKEND_ANSWER)
		snprintf(l->error, sizeof l->error, "%s", ldns_pkt_get_rcode(reply) == LDNS_RCODE_NXDOMAIN
							      ? "no such name (NXDOMAIN)" : "the resolver failed");
	else
		snprintf(l->error, sizeof l->error, "%s", an->error ? an->error : "no reply");
	ldns_rr_list *answer = reply ? ldns_pkt_answer(reply) : NULL;
	for (size_t i = 0; answer && i < ldns_rr_list_rr_count(answer); i++) {
		const ldns_rr *rr = ldns_rr_list_rr(answer, i);
		if (ldns_rr_get_type(rr) != type || ldns_rr_rd_count(rr) != 1)
			continue;
		if (l->count == LOOKUP_ADDRESSES_MAX) {
			l->more++;
			continue;
		}
		char *text = names_rdf_string(ldns_rr_rdf(rr, 0));
		if (text)
			snprintf(l->addresses[l->count++], NAMES_ADDR_TEXT_MAX, "%s", text);
		free(text);
	}
}

/* conclude - A first, then AAAA, as the wizard lists them. */
static void conclude(struct lookup *l)
{
	bool answered = false;
	take(l, &l->a, LDNS_RR_TYPE_A, &answered);
	take(l, &l->aaaa, LDNS_RR_TYPE_AAAA, &answered);
	if (answered && l->count == 0)
		snprintf(l->error, sizeof l->error, "the name has no A or AAAA record");
	else if (answered || l->count > 0)
		l->error[0] = '\0';
}

static void on_answer(void *ctx, enum backend_result result, ldns_pkt *reply, const char *server, const char *error)
{
	(void)server;
	struct answer *an = ctx;
	*an = (struct answer){NULL, result, reply, error ? strdup(error) : NULL};
}

bool lookup_start(struct backend *backend, const char *name, struct lookup **out)
{
	*out = NULL;
	struct lookup *l = calloc(1, sizeof *l);
	if (!l)
		return false;
	l->backend = backend;
	l->name = strdup(name);
	if (!l->name || !loop_new(&l->loop) ||
	    !(l->a.query = backend_ask(backend, l->loop, name, LDNS_RR_TYPE_A, on_answer, &l->a)) ||
	    !(l->aaaa.query = backend_ask(backend, l->loop, name, LDNS_RR_TYPE_AAAA, on_answer, &l->aaaa))) {
		lookup_free(l);
		return false;
	}
	l->pending = 2;
	*out = l;
	return true;
}

int lookup_fd(const struct lookup *l) { return loop_fd(l->loop); }

bool lookup_poll(struct lookup *l)
{
	if (l->pending == 0)
		return true;
	loop_process(l->loop, 0);
	if (l->a.query || l->aaaa.query)
		return false;
	l->pending = 0;
	conclude(l);
	return true;
}

size_t lookup_count(const struct lookup *l) { return l->count; }
size_t lookup_more(const struct lookup *l) { return l->more; }
const char *lookup_address(const struct lookup *l, size_t i) { return i < l->count ? l->addresses[i] : NULL; }
const char *lookup_error(const struct lookup *l) { return l->error[0] ? l->error : NULL; }
const char *lookup_name(const struct lookup *l) { return l->name; }

static void answer_free(struct answer *an)
{
	backend_query_cancel(an->query);
	ldns_pkt_free(an->reply);
	free(an->error);
}

void lookup_free(struct lookup *l)
{
	if (!l)
		return;
	answer_free(&l->a);
	answer_free(&l->aaaa);
	loop_free(l->loop);
	free(l->name);
	free(l);
}
