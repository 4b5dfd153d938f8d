/* backend_live - the live kind: the resolvers asked (--server, or
 * /etc/resolv.conf), the zones' servers asked directly, made on first
 * use, and the questions sent through the queue. */
#define _POSIX_C_SOURCE 200809L
#include "backend_kind.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loop.h"
#include "queue.h"
#include "util/help.h"

#define ZONE_SERVER_BUCKETS 1024

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

/* server_set - resolve host (numeric or by name) into srv, one of b's. */
static bool server_set(struct backend *b, struct server *srv, const char *host, long port, char *err, size_t errsize)
{
	srv->backend = b;
	struct addrinfo hints = {0}, *res = NULL;
	hints.ai_socktype = SOCK_DGRAM;
	int rc = getaddrinfo(host, NULL, &hints, &res);
	if (rc != 0 || !res) {
		snprintf(err, errsize, "--server %s: %s", host, gai_strerror(rc));
		return false;
	}
	struct sockaddr_storage addr = {0};
	memcpy(&addr, res->ai_addr, res->ai_addrlen < sizeof addr ? res->ai_addrlen : sizeof addr);
	freeaddrinfo(res);
	uint16_t ignored_port;
	srv->address = ldns_sockaddr_storage2rdf(&addr, &ignored_port);
	char *text = names_rdf_string(srv->address);
	if (!text) {
		snprintf(err, errsize, "--server %s: not an address", host);
		return false;
	}
	srv->port = (uint16_t)port;
	snprintf(srv->label, sizeof srv->label, "%s#%ld", text, port);
	if (port == 53)
		snprintf(srv->dig_args, sizeof srv->dig_args, "@%s", text);
	else
		snprintf(srv->dig_args, sizeof srv->dig_args, "@%s -p %ld", text, port);
	free(text);
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
		char *text = names_rdf_string(ns[i]);
		bool ok = text && server_set(b, &b->servers[b->server_count], text, 53, err, errsize);
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
	struct backend *b = backend_new_of(&backend_kind_live, timeout_ms, "");
	if (!b) {
		snprintf(err, errsize, "out of memory");
		return false;
	}
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
		if (!server_set(b, &b->servers[b->server_count], host, port, err, errsize)) {
			backend_free(b);
			return false;
		}
		b->server_count++;
	}
	if (count == 0 && !servers_from_resolv_conf(b, resolv_conf, err, errsize)) {
		backend_free(b);
		return false;
	}
	for (size_t i = 0; i < b->server_count; i++)
		b->servers[i].resolver = true;
	if (b->from_resolv_conf)
		snprintf(b->label, sizeof b->label, "the resolvers of /etc/resolv.conf");
	else
		snprintf(b->label, sizeof b->label, "%s", b->servers[0].label);
	*out = b;
	return true;
}

/* zone_server - the backend's server for address#port, made on first
 * use: every question to one zone server queues and takes turns there. */
static struct server *zone_server(struct backend *b, const char *address, uint16_t port, char *err, size_t errsize)
{
	char label[BACKEND_LABEL_MAX];
	snprintf(label, sizeof label, "%s#%u", address, port);
	uint32_t hash = 2166136261u; /* FNV-1a */
	for (const char *p = label; *p; p++)
		hash = (hash ^ (uint8_t)*p) * 16777619u;
	if (!b->zone_servers && !(b->zone_servers = calloc(ZONE_SERVER_BUCKETS, sizeof *b->zone_servers))) {
		snprintf(err, errsize, "out of memory");
		return NULL;
	}
	struct server **bucket = &b->zone_servers[hash % ZONE_SERVER_BUCKETS];
	for (struct server *srv = *bucket; srv; srv = srv->table_next)
		if (strcmp(srv->label, label) == 0)
			return srv;
	struct server *srv = calloc(1, sizeof *srv);
	if (!srv) {
		snprintf(err, errsize, "out of memory");
		return NULL;
	}
	if (!server_set(b, srv, address, port, err, errsize)) {
		ldns_rdf_deep_free(srv->address);
		free(srv);
		return NULL;
	}
	srv->table_next = *bucket;
	*bucket = srv;
	return srv;
}

static bool live_ask(struct backend_query *q)
{
	return queue_ask(q, 0);
}

static bool live_ask_server(struct backend_query *q, const char *address, uint16_t port)
{
	char err[200];
	if (!(q->direct = zone_server(q->backend, address, port, err, sizeof err)))
		return backend_query_fail_soon(q, err);
	if (q->direct->silent)
		return backend_query_timeout_soon(q, "no reply: it left an earlier question unanswered too");
	return queue_ask(q, 0);
}

static bool live_can_ask_servers(const struct backend *b)
{
	(void)b;
	return true;
}

static void live_free(struct backend *b)
{
	for (size_t i = 0; i < b->server_count; i++) {
		ldns_rdf_deep_free(b->servers[i].address);
		loop_timer_cancel(b->servers[i].pace_loop, b->servers[i].pace_timer);
	}
	for (size_t i = 0; b->zone_servers && i < ZONE_SERVER_BUCKETS; i++)
		for (struct server *srv = b->zone_servers[i], *next; srv; srv = next) {
			next = srv->table_next;
			ldns_rdf_deep_free(srv->address);
			free(srv);
		}
	free(b->zone_servers);
}

const struct backend_kind backend_kind_live = {
	.ask = live_ask, .ask_server = live_ask_server, .can_ask_servers = live_can_ask_servers,
	.cancel = queue_cancel, .free = live_free,
};

bool backend_asks_public_resolver(const struct backend *b)
{
	const char *list = help_text("public-resolvers.txt");
	for (size_t i = 0; list && i < b->server_count; i++) {
		char *text = names_rdf_string(b->servers[i].address);
		for (const char *p = list; text && *p;) {
			size_t len = strcspn(p, "\n");
			if (len == strlen(text) && strncmp(p, text, len) == 0) {
				free(text);
				return true;
			}
			p += len + (p[len] == '\n');
		}
		free(text);
	}
	return false;
}
