/* sources - the addresses this machine may send mail from. */
#define _DEFAULT_SOURCE
#include "sources.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/textfile.h"

/* a.root-servers.net: a destination the default route of any machine
 * on the internet reaches (connect() on UDP sends nothing to it) */
#define ROUTE_PROBE_V4 "198.41.0.4"
#define ROUTE_PROBE_V6 "2001:503:ba3e::2:30"

#define IFA_TEMPORARY 0x01  /* linux/if_addr.h: IFA_F_TEMPORARY */
#define IFA_DEPRECATED 0x20 /* IFA_F_DEPRECATED */
#define SCOPE_GLOBAL 0x00

/* route_source - the source address the kernel picks toward probe. */
static void route_source(int family, const char *probe, struct sources *out)
{
	int i = family == AF_INET6;
	struct sockaddr_storage to = {0}, from = {0};
	socklen_t to_len, from_len = sizeof from;
	if (family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&to;
		sin->sin_family = AF_INET;
		sin->sin_port = htons(53);
		inet_pton(AF_INET, probe, &sin->sin_addr);
		to_len = sizeof *sin;
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&to;
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(53);
		inet_pton(AF_INET6, probe, &sin6->sin6_addr);
		to_len = sizeof *sin6;
	}
	int fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&to, to_len) != 0 ||
	    getsockname(fd, (struct sockaddr *)&from, &from_len) != 0) {
		snprintf(out->route_problem[i], sizeof out->route_problem[i], "no IPv%d route to the internet (%s)",
			 family == AF_INET ? 4 : 6, strerror(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
	close(fd);
	char text[NAMES_ADDR_TEXT_MAX];
	const void *addr = family == AF_INET ? (const void *)&((struct sockaddr_in *)&from)->sin_addr
					     : (const void *)&((struct sockaddr_in6 *)&from)->sin6_addr;
	if (inet_ntop(family, addr, text, sizeof text) && names_parse_ip(text, &out->route[i]) == NAMES_OK)
		out->routed[i] = true;
}

static void add(struct sources *out, const struct ip_address *ip, const char *interface, unsigned flags)
{
	if (out->count >= SOURCES_MAX || sources_find(out, ip))
		return;
	struct source_address *a = &out->items[out->count++];
	memset(a, 0, sizeof *a);
	a->ip = *ip;
	snprintf(a->interface, sizeof a->interface, "%s", interface);
	a->temporary = flags & IFA_TEMPORARY;
	a->deprecated = flags & IFA_DEPRECATED;
}

void sources_parse_if_inet6(const char *text, struct sources *out)
{
	for (const char *line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		char hex[33], name[32];
		unsigned index, length, scope, flags;
		if (sscanf(line, "%32[0-9a-fA-F] %x %x %x %x %31s", hex, &index, &length, &scope, &flags, name) != 6 ||
		    strlen(hex) != 32 || scope != SCOPE_GLOBAL)
			continue;
		char text6[40];
		for (int g = 0; g < 8; g++)
			snprintf(text6 + g * 5, sizeof text6 - (size_t)g * 5, "%.4s%s", hex + g * 4, g < 7 ? ":" : "");
		struct ip_address ip;
		if (names_parse_ip(text6, &ip) == NAMES_OK)
			add(out, &ip, name, flags);
	}
}

/* interfaces_v4 - the IPv4 addresses of the interfaces (getifaddrs). */
static bool interfaces_v4(struct sources *out)
{
	struct ifaddrs *list = NULL;
	if (getifaddrs(&list) != 0)
		return false;
	for (struct ifaddrs *i = list; i; i = i->ifa_next) {
		char text[NAMES_ADDR_TEXT_MAX];
		struct ip_address ip;
		if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET || (i->ifa_flags & IFF_LOOPBACK) ||
		    !inet_ntop(AF_INET, &((struct sockaddr_in *)i->ifa_addr)->sin_addr, text, sizeof text) ||
		    names_parse_ip(text, &ip) != NAMES_OK || names_ip_kind(&ip) == IP_LINK_LOCAL)
			continue;
		add(out, &ip, i->ifa_name, 0);
	}
	freeifaddrs(list);
	return true;
}

bool sources_read(struct sources *out)
{
	memset(out, 0, sizeof *out);
	route_source(AF_INET, ROUTE_PROBE_V4, out);
	route_source(AF_INET6, ROUTE_PROBE_V6, out);
	bool listed = interfaces_v4(out);
	char *text = NULL, err[200];
	if (textfile_read("/proc/net/if_inet6", 1024 * 1024, &text, err, sizeof err)) /* none: no IPv6 here */
		sources_parse_if_inet6(text, out);
	free(text);
	return listed;
}

const struct source_address *sources_find(const struct sources *s, const struct ip_address *ip)
{
	for (size_t i = 0; i < s->count; i++)
		if (names_ip_equal(&s->items[i].ip, ip))
			return &s->items[i];
	return NULL;
}
