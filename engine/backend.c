/* backend - where DNS answers come from: live servers or a lab scenario. */
#define _POSIX_C_SOURCE 200809L
#include "backend.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lab.h"
#include "transport.h"

#define LABEL_MAX 80
#define SLEEP_SLICE_MS 20
#define TRIES 2 /* one try and one retry */

struct server {
	ldns_rdf *address;
	uint16_t port;
	char label[LABEL_MAX];    /* 127.0.0.1#5353, as dig names it */
	char dig_args[LABEL_MAX]; /* @127.0.0.1 -p 5353 */
};

struct backend {
	struct server servers[BACKEND_SERVERS_MAX];
	size_t server_count;
	bool from_resolv_conf;
	int timeout_ms;
	struct lab_scenario *scenario;
	backend_answer_fn script;
	void *script_ctx;
	char label[LABEL_MAX];
};

void backend_free(struct backend *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->server_count; i++)
		ldns_rdf_deep_free(b->servers[i].address);
	lab_scenario_free(b->scenario);
	free(b);
}

/* split_host_port - "h", "h:p", "[v6]", "[v6]:p", or a bare IPv6 address. */
static bool split_host_port(const char *spec, char *host, size_t size, long *port)
{
	const char *colon = strrchr(spec, ':');
	*port = 53;
	if (spec[0] == '[') {
		const char *close = strchr(spec, ']');
		if (!close || (size_t)(close - spec - 1) >= size)
			return false;
		memcpy(host, spec + 1, (size_t)(close - spec - 1));
		host[close - spec - 1] = '\0';
		if (close[1] == '\0')
			return true;
		if (close[1] != ':')
			return false;
		colon = close + 1;
	} else if (colon && strchr(spec, ':') == colon) {
		if ((size_t)(colon - spec) >= size)
			return false;
		memcpy(host, spec, (size_t)(colon - spec));
		host[colon - spec] = '\0';
	} else {
		if (strlen(spec) >= size)
			return false;
		strcpy(host, spec);
		return *host != '\0';
	}
	char *end;
	errno = 0;
	*port = strtol(colon + 1, &end, 10);
	return *host && colon[1] && *end == '\0' && errno == 0 && *port > 0 && *port <= 65535;
}

/* server_set - resolve host (numeric or by name) into srv. */
static bool server_set(struct server *srv, const char *host, long port, char *err, size_t errsize)
{
	struct addrinfo hints = {0}, *res = NULL;
	hints.ai_socktype = SOCK_DGRAM;
	int rc = getaddrinfo(host, NULL, &hints, &res);
	if (rc != 0 || !res) {
		snprintf(err, errsize, "--server %s: %s", host, gai_strerror(rc));
		return false;
	}
	char text[INET6_ADDRSTRLEN] = "";
	if (res->ai_family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)res->ai_addr)->sin_addr, text, sizeof text);
	else
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)res->ai_addr)->sin6_addr, text, sizeof text);
	freeaddrinfo(res);
	srv->address = ldns_rdf_new_frm_str(strchr(text, ':') ? LDNS_RDF_TYPE_AAAA : LDNS_RDF_TYPE_A, text);
	if (!srv->address) {
		snprintf(err, errsize, "--server %s: not an address", host);
		return false;
	}
	srv->port = (uint16_t)port;
	snprintf(srv->label, sizeof srv->label, "%s#%ld", text, port);
	if (port == 53)
		snprintf(srv->dig_args, sizeof srv->dig_args, "@%s", text);
	else
		snprintf(srv->dig_args, sizeof srv->dig_args, "@%s -p %ld", text, port);
	return true;
}

static bool servers_from_resolv_conf(struct backend *b, const char *path, char *err, size_t errsize)
{
	ldns_resolver *res = NULL;
	const char *file = path ? path : "/etc/resolv.conf";
	ldns_status st = ldns_resolver_new_frm_file(&res, file);
	if (st != LDNS_STATUS_OK || ldns_resolver_nameserver_count(res) == 0) {
		snprintf(err, errsize, "no resolver found in %s (%s); name one with --server HOST[:PORT]",
			 file, st != LDNS_STATUS_OK ? ldns_get_errorstr_by_id(st) : "no nameserver line");
		ldns_resolver_deep_free(res);
		return false;
	}
	ldns_rdf **ns = ldns_resolver_nameservers(res);
	for (size_t i = 0; i < ldns_resolver_nameserver_count(res) && b->server_count < BACKEND_SERVERS_MAX; i++) {
		char *text = ldns_rdf2str(ns[i]);
		bool ok = text && server_set(&b->servers[b->server_count], text, 53, err, errsize);
		free(text);
		if (!ok) {
			ldns_resolver_deep_free(res);
			return false;
		}
		b->server_count++;
	}
	ldns_resolver_deep_free(res);
	b->from_resolv_conf = true;
	return true;
}

bool backend_new_live(const char *const *servers, size_t count, const char *resolv_conf,
		      int timeout_ms, struct backend **out, char *err, size_t errsize)
{
	*out = NULL;
	struct backend *b = calloc(1, sizeof *b);
	if (!b) {
		snprintf(err, errsize, "out of memory");
		return false;
	}
	b->timeout_ms = timeout_ms > 0 ? timeout_ms : BACKEND_TIMEOUT_DEFAULT_MS;
	if (count > BACKEND_SERVERS_MAX) {
		snprintf(err, errsize, "at most %d --server options", BACKEND_SERVERS_MAX);
		backend_free(b);
		return false;
	}
	for (size_t i = 0; i < count; i++) {
		char host[256];
		long port;
		if (!split_host_port(servers[i], host, sizeof host, &port)) {
			snprintf(err, errsize, "--server %s: expected HOST, HOST:PORT or [IPV6]:PORT", servers[i]);
			backend_free(b);
			return false;
		}
		if (!server_set(&b->servers[b->server_count], host, port, err, errsize)) {
			backend_free(b);
			return false;
		}
		b->server_count++;
	}
	if (count == 0 && !servers_from_resolv_conf(b, resolv_conf, err, errsize)) {
		backend_free(b);
		return false;
	}
	if (b->from_resolv_conf)
		snprintf(b->label, sizeof b->label, "the resolvers of /etc/resolv.conf");
	else
		snprintf(b->label, sizeof b->label, "%s", b->servers[0].label);
	*out = b;
	return true;
}

bool backend_new_lab(struct lab_scenario *scenario, int timeout_ms, struct backend **out)
{
	*out = calloc(1, sizeof **out);
	if (!*out)
		return false;
	(*out)->scenario = scenario;
	(*out)->timeout_ms = timeout_ms > 0 ? timeout_ms : BACKEND_TIMEOUT_DEFAULT_MS;
	snprintf((*out)->label, sizeof (*out)->label, "lab");
	return true;
}

bool backend_new_scripted(backend_answer_fn answer, void *ctx, struct backend **out)
{
	*out = calloc(1, sizeof **out);
	if (!*out)
		return false;
	(*out)->script = answer;
	(*out)->script_ctx = ctx;
	(*out)->timeout_ms = BACKEND_TIMEOUT_DEFAULT_MS;
	snprintf((*out)->label, sizeof (*out)->label, "script");
	return true;
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

/* shell_word - text as one shell word: quoted when it holds anything but
 * the characters of ordinary names and addresses. */
static void shell_word(const char *text, char *buf, size_t size)
{
	if (strspn(text, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_:/") ==
	    strlen(text)) {
		snprintf(buf, size, "%s", text);
		return;
	}
	size_t used = 0;
	buf[used++] = '\'';
	for (const char *p = text; *p && used + 6 < size; p++) {
		if (*p == '\'') {
			memcpy(buf + used, "'\\''", 4);
			used += 4;
		} else {
			buf[used++] = *p;
		}
	}
	buf[used++] = '\'';
	buf[used] = '\0';
}

char *backend_dig_command(const struct backend *b, const char *qname, ldns_rr_type type,
			  const char *reverse_of)
{
	char word[1200], line[1400];
	const char *server = "";
	if (!b->from_resolv_conf && !b->scenario && b->server_count > 0)
		server = b->servers[0].dig_args;
	if (reverse_of) {
		shell_word(reverse_of, word, sizeof word);
		snprintf(line, sizeof line, "dig %s%s-x %s +short", server, *server ? " " : "", word);
	} else {
		char *type_text = ldns_rr_type2str(type);
		shell_word(qname, word, sizeof word);
		snprintf(line, sizeof line, "dig %s%s%s %s +short", server, *server ? " " : "",
			 type_text ? type_text : "A", word);
		free(type_text);
	}
	return strdup(line);
}

/* wait_ms - sleep in slices so a cancel ends it early. */
static bool wait_ms(long ms, const atomic_bool *cancel)
{
	while (ms > 0) {
		if (cancel && atomic_load(cancel))
			return false;
		long slice = ms < SLEEP_SLICE_MS ? ms : SLEEP_SLICE_MS;
		struct timespec ts = {slice / 1000, (slice % 1000) * 1000000L};
		nanosleep(&ts, NULL);
		ms -= slice;
	}
	return !(cancel && atomic_load(cancel));
}

static enum backend_result lab_query(const struct backend *b, const ldns_rdf *name, ldns_rr_type type,
				     const atomic_bool *cancel, ldns_pkt **reply, char **server)
{
	if (!wait_ms(lab_scenario_latency_ms(b->scenario), cancel))
		return BACKEND_CANCELLED;
	enum lab_fault fault = lab_answer(b->scenario, name, type, ldns_get_random(), reply);
	if (fault == LAB_TIMEOUT)
		return wait_ms((long)b->timeout_ms * TRIES, cancel) ? BACKEND_TIMEOUT : BACKEND_CANCELLED;
	*server = strdup("lab");
	return *reply ? BACKEND_ANSWER : BACKEND_FAILED;
}

static enum backend_result server_query(const struct backend *b, const struct server *srv,
					const ldns_rdf *name, ldns_rr_type type, const atomic_bool *cancel,
					ldns_pkt **reply, char **error)
{
	static const enum backend_result from_transport[] = {
		[TRANSPORT_REPLY] = BACKEND_ANSWER,
		[TRANSPORT_TIMEOUT] = BACKEND_TIMEOUT,
		[TRANSPORT_FAILED] = BACKEND_FAILED,
		[TRANSPORT_CANCELLED] = BACKEND_CANCELLED,
	};
	ldns_pkt *query = ldns_pkt_query_new(ldns_rdf_clone(name), type, LDNS_RR_CLASS_IN, LDNS_RD);
	if (!query) {
		*error = strdup("out of memory");
		return BACKEND_FAILED;
	}
	ldns_pkt_set_id(query, ldns_get_random());
	char why[200] = "";
	enum transport_result t = transport_exchange(query, srv->address, srv->port, b->timeout_ms, TRIES, cancel,
						     reply, why, sizeof why);
	ldns_pkt_free(query);
	if (t != TRANSPORT_REPLY) {
		char msg[300];
		snprintf(msg, sizeof msg, "%s: %s", srv->label, why);
		*error = strdup(msg);
	}
	return from_transport[t];
}

enum backend_result backend_query(const struct backend *b, const char *qname, ldns_rr_type type,
				  const atomic_bool *cancel, ldns_pkt **reply, char **server,
				  char **error)
{
	*reply = NULL;
	*server = NULL;
	*error = NULL;
	ldns_rdf *name = ldns_dname_new_frm_str(qname);
	if (!name) {
		*error = strdup("not a valid domain name");
		return BACKEND_FAILED;
	}
	enum backend_result result = BACKEND_FAILED;
	if (b->script) {
		*reply = b->script(b->script_ctx, name, type);
		*server = *reply ? strdup("script") : NULL;
		ldns_rdf_deep_free(name);
		return *reply ? BACKEND_ANSWER : BACKEND_TIMEOUT;
	}
	if (b->scenario) {
		result = lab_query(b, name, type, cancel, reply, server);
		ldns_rdf_deep_free(name);
		return result;
	}
	for (size_t i = 0; i < b->server_count; i++) {
		if (cancel && atomic_load(cancel)) {
			result = BACKEND_CANCELLED;
			break;
		}
		free(*error);
		*error = NULL;
		result = server_query(b, &b->servers[i], name, type, cancel, reply, error);
		if (result == BACKEND_ANSWER) {
			*server = strdup(b->servers[i].label);
			break;
		}
	}
	ldns_rdf_deep_free(name);
	return result;
}
