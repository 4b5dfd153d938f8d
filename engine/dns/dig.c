/* dig - the dig command that asks what a question asks. */
#define _POSIX_C_SOURCE 200809L
#include "dig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend_kind.h"

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

/* dig_line - "dig [SERVER ]QUESTION FLAGS", the question quoted for a shell. */
static char *dig_line(const char *server, const char *qname, ldns_rr_type type, const char *reverse_of,
		      const char *flags)
{
	char word[1200], line[1400];
	if (reverse_of) {
		shell_word(reverse_of, word, sizeof word);
		snprintf(line, sizeof line, "dig %s%s-x %s %s", server, *server ? " " : "", word, flags);
	} else {
		char *type_text = ldns_rr_type2str(type);
		shell_word(qname, word, sizeof word);
		snprintf(line, sizeof line, "dig %s%s%s %s %s", server, *server ? " " : "",
			 type_text ? type_text : "A", word, flags);
		free(type_text);
	}
	return strdup(line);
}

/* resolver_args - the @SERVER [-p PORT] of the backend's first resolver,
 * or "" (/etc/resolv.conf's, a lab's). */
static const char *resolver_args(const struct backend *b)
{
	if (b->kind == &backend_kind_live && !b->from_resolv_conf && b->server_count > 0)
		return b->servers[0].dig_args;
	return "";
}

char *dig_command(const struct backend *b, const char *qname, ldns_rr_type type, const char *reverse_of)
{
	return dig_line(resolver_args(b), qname, type, reverse_of, "+short");
}

char *dig_command_checking_disabled(const struct backend *b, const char *qname, ldns_rr_type type,
				    const char *reverse_of)
{
	return dig_line(resolver_args(b), qname, type, reverse_of, "+cd +short");
}

char *dig_command_server(const char *address, uint16_t port, const char *qname, ldns_rr_type type,
			 const char *reverse_of)
{
	char server[BACKEND_LABEL_MAX];
	if (port == 53)
		snprintf(server, sizeof server, "@%s", address);
	else
		snprintf(server, sizeof server, "@%s -p %u", address, (unsigned)port);
	return dig_line(server, qname, type, reverse_of, "+norecurse");
}
