/* sources - the addresses this machine may send mail from: the kernel's
 * choice of source toward the internet for each family, and every
 * address on the interfaces, IPv6 temporary (privacy) ones flagged.
 *
 * The route choice is asked of the kernel by connecting a UDP socket to
 * an address of a root server (a.root-servers.net, help/root.hints):
 * connect() on UDP sends nothing, it only picks the route and the source.
 * Nothing here needs root. */
#ifndef PTRDOCTOR_SOURCES_H
#define PTRDOCTOR_SOURCES_H

#include <stdbool.h>
#include <stddef.h>

#include "util/names.h"

#define SOURCES_MAX 32

struct source_address {
	struct ip_address ip;
	char interface[32];
	bool temporary;   /* IPv6 privacy address: replaced every day or so */
	bool deprecated;  /* IPv6: no longer chosen for new connections */
};

struct sources {
	bool routed[2];                  /* [0] IPv4, [1] IPv6: a route toward the internet */
	struct ip_address route[2];      /* ... and the source the kernel picks for it */
	char route_problem[2][128];      /* why not, when !routed */
	size_t count;                    /* the interfaces' addresses, loopback and link-local left out */
	struct source_address items[SOURCES_MAX];
};

/* sources_read - route choices and interface addresses. false only when
 * the interfaces cannot be listed at all (out->route_problem says more). */
bool sources_read(struct sources *out);

/* sources_find - the interface address equal to ip, or NULL. */
const struct source_address *sources_find(const struct sources *s, const struct ip_address *ip);

/* sources_parse_if_inet6 - the IPv6 addresses of /proc/net/if_inet6 text
 * (hex address, index, prefix length, scope, flags, name per line) added
 * to out: global scope only, with their temporary and deprecated flags. */
void sources_parse_if_inet6(const char *text, struct sources *out);

#endif
