/* lookup - the addresses of a host name, looked up in the background. */
#define _POSIX_C_SOURCE 200809L
#include "lookup.h"

#include <fcntl.h>
#include <ldns/ldns.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"
#include "names.h"

struct lookup {
	const struct backend *backend;
	char *name;
	pthread_t thread;
	atomic_bool cancel;
	atomic_bool finished;
	int pipe_fds[2];
	char addresses[LOOKUP_ADDRESSES_MAX][NAMES_ADDR_TEXT_MAX];
	size_t count;
	char error[200];
};

static void ask(struct lookup *l, ldns_rr_type type, bool *answered)
{
	ldns_pkt *reply;
	char *server, *error;
	enum backend_result r = backend_query(l->backend, l->name, type, &l->cancel, &reply, &server, &error);
	if (r == BACKEND_ANSWER && ldns_pkt_get_rcode(reply) == LDNS_RCODE_NOERROR)
		*answered = true;
	else if (r == BACKEND_ANSWER)
		snprintf(l->error, sizeof l->error, "%s", ldns_pkt_get_rcode(reply) == LDNS_RCODE_NXDOMAIN
							      ? "no such name (NXDOMAIN)" : "the resolver failed");
	else
		snprintf(l->error, sizeof l->error, "%s", error ? error : "no reply");
	ldns_rr_list *answer = reply ? ldns_pkt_answer(reply) : NULL;
	for (size_t i = 0; answer && i < ldns_rr_list_rr_count(answer) && l->count < LOOKUP_ADDRESSES_MAX; i++) {
		const ldns_rr *rr = ldns_rr_list_rr(answer, i);
		if (ldns_rr_get_type(rr) != type || ldns_rr_rd_count(rr) != 1)
			continue;
		char *text = ldns_rdf2str(ldns_rr_rdf(rr, 0));
		if (text)
			snprintf(l->addresses[l->count++], NAMES_ADDR_TEXT_MAX, "%s", text);
		free(text);
	}
	ldns_pkt_free(reply);
	free(server);
	free(error);
}

static void *lookup_thread(void *arg)
{
	struct lookup *l = arg;
	bool answered = false;
	ask(l, LDNS_RR_TYPE_A, &answered);
	ask(l, LDNS_RR_TYPE_AAAA, &answered);
	if (answered && l->count == 0)
		snprintf(l->error, sizeof l->error, "the name has no A or AAAA record");
	else if (answered || l->count > 0)
		l->error[0] = '\0';
	atomic_store(&l->finished, true);
	char byte = 1;
	ssize_t n = write(l->pipe_fds[1], &byte, 1);
	(void)n;
	return NULL;
}

bool lookup_start(const struct backend *backend, const char *name, struct lookup **out)
{
	*out = NULL;
	struct lookup *l = calloc(1, sizeof *l);
	if (!l)
		return false;
	l->backend = backend;
	l->pipe_fds[0] = l->pipe_fds[1] = -1;
	l->name = strdup(name);
	atomic_init(&l->cancel, false);
	atomic_init(&l->finished, false);
	if (!l->name || pipe(l->pipe_fds) != 0) {
		free(l->name);
		free(l);
		return false;
	}
	fcntl(l->pipe_fds[0], F_SETFL, O_NONBLOCK);
	if (pthread_create(&l->thread, NULL, lookup_thread, l) != 0) {
		close(l->pipe_fds[0]);
		close(l->pipe_fds[1]);
		free(l->name);
		free(l);
		return false;
	}
	*out = l;
	return true;
}

int lookup_fd(const struct lookup *l) { return l->pipe_fds[0]; }

bool lookup_poll(struct lookup *l)
{
	char drain[8];
	while (read(l->pipe_fds[0], drain, sizeof drain) > 0)
		;
	return atomic_load(&l->finished);
}

size_t lookup_count(const struct lookup *l) { return l->count; }
const char *lookup_address(const struct lookup *l, size_t i) { return i < l->count ? l->addresses[i] : NULL; }
const char *lookup_error(const struct lookup *l) { return l->error[0] ? l->error : NULL; }
const char *lookup_name(const struct lookup *l) { return l->name; }

void lookup_free(struct lookup *l)
{
	if (!l)
		return;
	atomic_store(&l->cancel, true);
	pthread_join(l->thread, NULL);
	close(l->pipe_fds[0]);
	close(l->pipe_fds[1]);
	free(l->name);
	free(l);
}
