/* received - the Received header lines of a pasted mail: which hop is
 * where the sender's server handed the mail to the first outside
 * receiver, and what that receiver verified of it. */
#define _POSIX_C_SOURCE 200809L
#include "received.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "textmatch.h"

struct hop {
	char helo[256], name[256], ip[NAMES_ADDR_TEXT_MAX], by[256];
	const char *receiver;
	bool verified;
	size_t line; /* among every Received line, from 1 */
};

/* received_format - one Received line's HELO, verified name and IP, in the
 * formats of Exim, Postfix/Sendmail/Gmail and Microsoft. */
static bool received_format(const char *line, struct hop *h)
{
	static const struct {
		const char *pattern;
		int helo, name, ip;      /* group numbers; 0 = absent */
		const char *receiver;
	} formats[] = {
		{"from ([^ ()]+) \\(\\[(IPv6:)?([0-9A-Fa-f:.]+)\\](:[0-9]+)? helo=([^) ]+)\\)", 5, 1, 3, "exim"},
		{"from \\[(IPv6:)?([0-9A-Fa-f:.]+)\\](:[0-9]+)? \\(port=[0-9]+ helo=([^) ]+)\\)", 4, 0, 2, "exim"},
		{"from ([^ ()]+) \\(([^ ()\\[]+) \\[(IPv6:)?([0-9A-Fa-f:.]+)\\]\\)", 1, 2, 4, NULL},
		{"from ([^ ()]+) \\(\\[(IPv6:)?([0-9A-Fa-f:.]+)\\]\\)", 1, 0, 3, NULL},
		{"from ([^ ()]+) \\(([0-9A-Fa-f:.]+)\\) by [^ ]+ (\\([^)]*\\) )?with Microsoft SMTP Server", 1, 0, 2, "microsoft"},
		{"from \\[(IPv6:)?([0-9A-Fa-f:.]+)\\](:[0-9]+)? \\(helo=([^) ]+)\\)", 4, 0, 2, "exim"},
		{"from [^ ()]+ \\(EHLO ([^ ()]+)\\) \\(([0-9A-Fa-f:.]+)\\)", 1, 0, 2, "yahoo"},
	};
	for (size_t k = 0; k < sizeof formats / sizeof formats[0]; k++) {
		regmatch_t m[6];
		if (!textmatch_find(formats[k].pattern, line, 0, m, 6))
			continue;
		memset(h, 0, sizeof *h);
		textmatch_copy(line, &m[formats[k].helo], h->helo, sizeof h->helo);
		char ip[NAMES_ADDR_TEXT_MAX + 8];
		struct ip_address parsed;
		snprintf(ip, sizeof ip, "%.*s", (int)(m[formats[k].ip].rm_eo - m[formats[k].ip].rm_so), line + m[formats[k].ip].rm_so);
		if (names_parse_ip(ip, &parsed) != NAMES_OK)
			continue;
		snprintf(h->ip, sizeof h->ip, "%s", parsed.text);
		if (formats[k].name)
			textmatch_copy(line, &m[formats[k].name], h->name, sizeof h->name);
		h->verified = h->name[0] && strcasecmp(h->name, "unknown") != 0 && strcasecmp(h->name, "unknown.") != 0;
		h->receiver = formats[k].receiver;
		if (!h->receiver) {
			regmatch_t b[1];
			h->receiver = textmatch_find("by [^ ]*google\\.com", line, 0, b, 1) ? "gmail"
				      : textmatch_find("\\(Postfix\\)", line, 0, b, 1)        ? "postfix"
				      : textmatch_find("\\(Haraka/", line, 0, b, 1)             ? "haraka"
				      : textmatch_find("\\([0-9.]+/[0-9.]+\\)", line, 0, b, 1) ? "sendmail"
										     : "other";
		}
		regmatch_t by[2];
		if (textmatch_find(" by ([^ ;()]+)", line, 0, by, 2))
			textmatch_copy(line, &by[1], h->by, sizeof h->by);
		return true;
	}
	return false;
}

/* next_received - the next Received header, unfolded and flattened, from
 * *p on; NULL at the end. Owned string. */
static char *next_received(const char **p)
{
	while (**p) {
		const char *line = *p;
		const char *end = line;
		do { /* a header goes on while the next line starts with blanks */
			end = strchr(end, '\n');
			end = end ? end + 1 : line + strlen(line);
		} while (*end == ' ' || *end == '\t');
		*p = end;
		if (strncasecmp(line, "Received:", 9) == 0 || (line[0] == '>' && strncasecmp(line + 1, " Received:", 10) == 0)) {
			char *header = strndup(line, (size_t)(end - line));
			char *flat = header ? textmatch_flatten(header) : NULL;
			free(header);
			return flat;
		}
	}
	return NULL;
}

/* routable - an address the internet could have connected from (the
 * documentation ranges count: examples and labs use them). */
static bool routable(const char *text)
{
	struct ip_address ip;
	if (names_parse_ip(text, &ip) != NAMES_OK)
		return false;
	enum ip_kind kind = names_ip_kind(&ip);
	return kind == IP_PUBLIC || kind == IP_DOCUMENTATION;
}

/* organisation - the last two labels of a host name ("outlook.com"). */
static const char *organisation(const char *name)
{
	const char *last = strrchr(name, '.');
	if (!last || last == name)
		return name;
	const char *p = last - 1;
	while (p > name && *p != '.')
		p--;
	return *p == '.' ? p + 1 : p;
}

/* internal - a hop between the receiver's own servers: the name it came
 * from belongs to the organisation of a server that took the mail in this
 * chain (Microsoft's *.prod.protection.outlook.com handing on to
 * *.outlook.office365.com over its own IPv6). */
static bool internal(const struct hop *h, const struct hop *hops, size_t n)
{
	if (!h->helo[0] || !strchr(h->helo, '.'))
		return false;
	for (size_t i = 0; i < n; i++)
		if (hops[i].by[0] && strcasecmp(organisation(h->helo), organisation(hops[i].by)) == 0)
			return true;
	return false;
}

/* choose - the newest hop from a public address that is not one of the
 * receiver's own; else the newest from a public address; else none (a
 * loopback or private hop is a mail system's inside, never the client). */
static struct hop *choose(struct hop *hops, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (routable(hops[i].ip) && !internal(&hops[i], hops, n))
			return &hops[i];
	for (size_t i = 0; i < n; i++)
		if (routable(hops[i].ip))
			return &hops[i];
	return NULL;
}

bool received_explain(const char *text, struct bounce_finding *f)
{
	struct hop hops[32], *chosen = NULL;
	size_t n = 0, total = 0;
	char *line;
	const char *p = text;
	while ((line = next_received(&p)) != NULL) {
		total++;
		if (n < 32 && received_format(line, &hops[n]))
			hops[n++].line = total;
		free(line);
	}
	chosen = choose(hops, n);
	if (!chosen)
		return false;
	memset(f, 0, sizeof *f);
	f->source = BOUNCE_RECEIVED;
	f->writer = "the receiver, in the mail's header";
	f->receiver = chosen->receiver;
	f->rule = "fcrdns";
	f->rdns = true;
	f->cause = "rdns";
	/* Microsoft's and Yahoo's Received lines never record a verified name: no verdict. */
	bool silent = strcmp(chosen->receiver, "microsoft") == 0 || strcmp(chosen->receiver, "yahoo") == 0;
	f->failed = !chosen->verified && !silent;
	snprintf(f->ip, sizeof f->ip, "%s", chosen->ip);
	snprintf(f->helo, sizeof f->helo, "%s", chosen->helo);
	snprintf(f->name, sizeof f->name, "%s", chosen->name[0] ? chosen->name : "unknown");
	if (silent)
		snprintf(f->meaning, sizeof f->meaning,
			 "Microsoft's Received line does not say whether it verified a name for %s: check the address",
			 chosen->ip);
	else if (chosen->verified)
		snprintf(f->meaning, sizeof f->meaning, "That receiver verified the name %s for %s: FCrDNS passed there",
			 chosen->name, chosen->ip);
	else
		snprintf(f->meaning, sizeof f->meaning,
			 "That receiver found no verified name for %s (\"unknown\"): no PTR, or it does not resolve back",
			 chosen->ip);
	size_t skipped = 0;
	for (struct hop *h = hops; h < chosen; h++)
		skipped += internal(h, hops, n) && routable(h->ip);
	if (skipped)
		snprintf(f->why, sizeof f->why, "Received line %zu of %zu is the newest from a public address outside the "
						"receiver: the lines above are its own hops between its servers (%zu of them "
						"from its own public addresses)", chosen->line, total, skipped);
	else
		snprintf(f->why, sizeof f->why, "Received line %zu of %zu is the newest from a public address: the "
						"receiver wrote it when your server connected; the lines above are its own "
						"internal hops", chosen->line, total);
	return true;
}

