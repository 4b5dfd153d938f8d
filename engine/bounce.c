/* bounce - what a pasted bounce or Received header says about reverse DNS. */
#define _POSIX_C_SOURCE 200809L
#include "bounce.h"

#include <ctype.h>
#include <pthread.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define WINDOW 400 /* how far from a phrase its IP may stand */

struct phrase {
	const char *pattern; /* POSIX ERE, matched case-insensitively on the flattened text */
	const char *receiver;
	enum rule_id rule;
	enum bounce_source source;
	const char *meaning;
};

/* Most specific first; the generic X.7.25 only when nothing else matched. */
static const struct phrase phrases[] = {
	{"IPv6 sending guidelines regarding PTR", "gmail", RULE_FCRDNS, BOUNCE_REPLY,
	 "Gmail refuses IPv6 mail unless the sending address has a PTR that resolves back (and the mail is authenticated)"},
	{"(does not|doesn't) have a PTR record|missing PTR records|PTR record's forward DNS", "gmail", RULE_FCRDNS,
	 BOUNCE_REPLY, "Gmail found no PTR for the sending address, or the PTR name does not resolve back to it"},
	{"cannot find your reverse hostname", "postfix", RULE_PTR_EXISTS, BOUNCE_REPLY,
	 "Postfix found no usable PTR for the address (reject_unknown_reverse_client_hostname)"},
	{"cannot find your hostname", "postfix", RULE_FCRDNS, BOUNCE_REPLY,
	 "Postfix could not forward-confirm the address (reject_unknown_client_hostname): no PTR, or its name does not resolve back"},
	{"Helo command rejected: need fully-qualified hostname", "postfix", RULE_HELO_FQDN, BOUNCE_REPLY,
	 "Postfix wants a fully qualified HELO name (reject_non_fqdn_helo_hostname)"},
	{"Helo command rejected: (Invalid name|invalid ip address)", "postfix", RULE_HELO_FQDN, BOUNCE_REPLY,
	 "Postfix found the HELO name malformed (reject_invalid_helo_hostname)"},
	{"Helo command rejected: Host not found", "postfix", RULE_HELO_RESOLVES, BOUNCE_REPLY,
	 "Postfix found no A, AAAA or MX record for the HELO name (reject_unknown_helo_hostname)"},
	{"must have reverse DNS record", "microsoft", RULE_PTR_EXISTS, BOUNCE_REPLY,
	 "Microsoft requires a PTR for every IPv6 sending address"},
	{"DY-001", "microsoft", RULE_PTR_NOT_GENERIC, BOUNCE_REPLY,
	 "Outlook.com refuses mail from what it takes for dynamic IP space"},
	{"no host name found for IP address", "exim", RULE_PTR_EXISTS, BOUNCE_LOG,
	 "Exim found no PTR for the address"},
	{"does not match any IP address for", "exim", RULE_FCRDNS, BOUNCE_LOG,
	 "Exim found a PTR whose name does not resolve back to the address"},
	{"host lookup (failed|deferred) for reverse lookup check", "exim", RULE_FCRDNS, BOUNCE_LOG,
	 "Exim's verify = reverse_host_lookup failed: no verified host name for the address"},
	{"argument does not match calling host", "exim", RULE_HELO_MATCHES_PTR, BOUNCE_REPLY,
	 "Exim checks that the HELO name belongs to the connecting address (helo_verify_hosts)"},
	{"Syntactically invalid (EHLO|HELO) argument", "exim", RULE_HELO_FQDN, BOUNCE_REPLY,
	 "Exim refused the HELO name's syntax (an underscore is enough)"},
	{"[45]\\.7\\.25", "other", RULE_FCRDNS, BOUNCE_REPLY,
	 "The receiver's reverse DNS validation failed (X.7.25, RFC 7372): no PTR, or it does not resolve back"},
};

#define PATTERNS_MAX 64 /* this file has 33; past it, a pattern is compiled for each use */

/* The patterns of this file, each compiled on its first use and kept for
 * the life of the process (they are static strings: the pointer is the
 * key). */
static struct {
	pthread_mutex_t lock;
	size_t count;
	const char *pattern[PATTERNS_MAX];
	regex_t re[PATTERNS_MAX];
	bool ok[PATTERNS_MAX];
} compiled = {.lock = PTHREAD_MUTEX_INITIALIZER};

static const regex_t *compile(const char *pattern)
{
	const regex_t *re = NULL;
	pthread_mutex_lock(&compiled.lock);
	size_t i = 0;
	while (i < compiled.count && compiled.pattern[i] != pattern)
		i++;
	if (i == compiled.count && i < PATTERNS_MAX) {
		compiled.pattern[i] = pattern;
		compiled.ok[i] = regcomp(&compiled.re[i], pattern, REG_EXTENDED | REG_ICASE) == 0;
		compiled.count++;
	}
	if (i < compiled.count && compiled.ok[i])
		re = &compiled.re[i]; /* NULL past PATTERNS_MAX, or for a pattern that does not compile */
	pthread_mutex_unlock(&compiled.lock);
	return re;
}

/* find - first match of pattern in text at or after from; fills the
 * whole match and up to groups-1 groups (offsets into text). `^` matches
 * only at the start of text, not at from. */
static bool find(const char *pattern, const char *text, size_t from, regmatch_t *m, size_t groups)
{
	const regex_t *re = compile(pattern);
	int eflags = from > 0 ? REG_NOTBOL : 0;
	bool hit;
	if (re) {
		hit = regexec(re, text + from, groups, m, eflags) == 0;
	} else {
		regex_t once;
		hit = regcomp(&once, pattern, REG_EXTENDED | REG_ICASE) == 0;
		if (hit) {
			hit = regexec(&once, text + from, groups, m, eflags) == 0;
			regfree(&once);
		}
	}
	for (size_t i = 0; hit && i < groups; i++)
		if (m[i].rm_so >= 0) {
			m[i].rm_so += (regoff_t)from;
			m[i].rm_eo += (regoff_t)from;
		}
	return hit;
}

static void copy_group(const char *text, const regmatch_t *g, char *out, size_t size)
{
	char raw[512];
	int len = g->rm_so < 0 ? 0 : (int)(g->rm_eo - g->rm_so);
	snprintf(raw, sizeof raw, "%.*s", len, text + (g->rm_so < 0 ? 0 : g->rm_so));
	names_escape(raw, out, size);
}

/* flatten - unfold header lines and SMTP continuation lines into one line
 * of single spaces. Owned string. */
static char *flatten(const char *text)
{
	size_t len = strlen(text);
	char *out = malloc(len + 1), *o = out;
	if (!out)
		return NULL;
	bool space = false;
	for (const char *p = text; *p; p++) {
		if (isspace((unsigned char)*p)) {
			space = true;
			continue;
		}
		if (space && o > out)
			*o++ = ' ';
		space = false;
		*o++ = *p;
	}
	*o = '\0';
	/* "550-5.7.25 a ... 550-5.7.25 b ... 550 5.7.25 c": keep the first prefix only. */
	regmatch_t m[3];
	if (find("([245][0-9][0-9])[ -]([245]\\.[0-9]{1,3}\\.[0-9]{1,3}) ", out, 0, m, 3)) {
		char prefix[2][32];
		snprintf(prefix[0], sizeof prefix[0], " %.3s-%.*s ", out + m[1].rm_so, (int)(m[2].rm_eo - m[2].rm_so),
			 out + m[2].rm_so);
		snprintf(prefix[1], sizeof prefix[1], " %.3s %.*s ", out + m[1].rm_so, (int)(m[2].rm_eo - m[2].rm_so),
			 out + m[2].rm_so);
		for (int k = 0; k < 2; k++) {
			size_t n = strlen(prefix[k]);
			char *hit;
			while ((hit = strstr(out + m[2].rm_eo, prefix[k])) != NULL)
				memmove(hit + 1, hit + n, strlen(hit + n) + 1);
		}
	}
	return out;
}

/* nearest_ip - the address closest to position pos: in brackets, after
 * "IP address", or before "does not match". */
static bool nearest_ip(const char *text, size_t pos, char *out, size_t size)
{
	/* A bracketed address glued to a host name ("host mx.example[192.0.2.1]
	 * said:") is the receiver's, not the client's. Gmail writes the client
	 * with a counter after spaces: "[203.0.113.5      12]". */
	static const struct {
		const char *pattern;
		int group;
	} patterns[] = {
		{"(^|[ (;,:])\\[(IPv6:)?([0-9A-Fa-f:.]+)( +[0-9]+)?\\]", 3},
		{"IP address ([0-9A-Fa-f:.]+)", 1},
		{" ([0-9A-Fa-f:.]{7,}) does not match", 1},
		{"unknown\\[([0-9A-Fa-f:.]+)\\]", 1},
	};
	long best = -1;
	for (size_t k = 0; k < sizeof patterns / sizeof patterns[0]; k++) {
		regmatch_t m[4];
		for (size_t from = 0; find(patterns[k].pattern, text, from, m, 4); from = (size_t)m[0].rm_eo) {
			const regmatch_t *g = &m[patterns[k].group];
			char candidate[NAMES_ADDR_TEXT_MAX + 8];
			struct ip_address ip;
			snprintf(candidate, sizeof candidate, "%.*s", (int)(g->rm_eo - g->rm_so), text + g->rm_so);
			long distance = labs((long)g->rm_so - (long)pos);
			if (distance <= WINDOW && names_parse_ip(candidate, &ip) == NAMES_OK && (best < 0 || distance < best)) {
				best = distance;
				snprintf(out, size, "%s", ip.text);
			}
			if (m[0].rm_eo == m[0].rm_so)
				break;
		}
	}
	return best >= 0;
}

/* nearest_code - the reply code (and enhanced code) last before pos, or
 * the first after it. */
static void nearest_code(const char *text, size_t pos, struct bounce_finding *f)
{
	/* A code is three digits not glued to a word before it (POSIX EREs
	 * have no \\b). Groups: 2 the code, 3 the enhanced code. */
	static const char *const code = "(^|[^0-9A-Za-z_])([245][0-9][0-9])[ -]([245]\\.[0-9]{1,3}\\.[0-9]{1,3})?";
	regmatch_t m[4], chosen[4];
	bool have = false;
	for (size_t from = 0; find(code, text, from, m, 4); from = (size_t)m[0].rm_eo) {
		if (!have || (size_t)m[2].rm_so <= pos) {
			memcpy(chosen, m, sizeof m);
			have = true;
		}
		if ((size_t)m[2].rm_so > pos)
			break;
	}
	if (!have)
		return;
	f->code = atoi(text + chosen[2].rm_so);
	if (chosen[3].rm_so >= 0)
		snprintf(f->enhanced, sizeof f->enhanced, "%.*s", (int)(chosen[3].rm_eo - chosen[3].rm_so),
			 text + chosen[3].rm_so);
	f->temporary = f->code / 100 == 4;
}

static void find_helo(const char *text, char *out, size_t size)
{
	static const char *const patterns[] = {
		"helo=<([^> ]*)>", "<([^> ]+)>: Helo command rejected", "helo=([^ )>;,]+)",
	};
	for (size_t k = 0; k < sizeof patterns / sizeof patterns[0]; k++) {
		regmatch_t m[2];
		if (find(patterns[k], text, 0, m, 2)) {
			copy_group(text, &m[1], out, size);
			return;
		}
	}
}

static struct bounce_finding *add(struct bounce_result *out)
{
	if (out->count == BOUNCE_FINDINGS_MAX) {
		out->dropped++;
		return NULL;
	}
	struct bounce_finding *f = &out->findings[out->count++];
	memset(f, 0, sizeof *f);
	return f;
}

static void scan_replies(const char *flat, struct bounce_result *out)
{
	size_t n = sizeof phrases / sizeof phrases[0];
	for (size_t i = 0; i < n; i++) {
		const struct phrase *ph = &phrases[i];
		regmatch_t m[1];
		if (i == n - 1 && out->count > 0)
			break; /* the generic X.7.25 only when nothing named it */
		if (!find(ph->pattern, flat, 0, m, 1))
			continue;
		struct bounce_finding *f = add(out);
		if (!f)
			continue; /* counted in dropped */
		f->source = ph->source;
		f->receiver = ph->receiver;
		f->rule = ph->rule;
		snprintf(f->meaning, sizeof f->meaning, "%s", ph->meaning);
		nearest_ip(flat, (size_t)m[0].rm_so, f->ip, sizeof f->ip);
		nearest_code(flat, (size_t)m[0].rm_so, f);
		find_helo(flat, f->helo, sizeof f->helo);
		if (strstr(flat, "NOQUEUE: reject") && strcmp(ph->receiver, "postfix") == 0)
			f->source = BOUNCE_LOG; /* a line of Postfix's own log */
	}
}

struct hop {
	char helo[256], name[256], ip[NAMES_ADDR_TEXT_MAX];
	const char *receiver;
	bool verified;
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
	};
	for (size_t k = 0; k < sizeof formats / sizeof formats[0]; k++) {
		regmatch_t m[6];
		if (!find(formats[k].pattern, line, 0, m, 6))
			continue;
		memset(h, 0, sizeof *h);
		copy_group(line, &m[formats[k].helo], h->helo, sizeof h->helo);
		char ip[NAMES_ADDR_TEXT_MAX + 8];
		struct ip_address parsed;
		snprintf(ip, sizeof ip, "%.*s", (int)(m[formats[k].ip].rm_eo - m[formats[k].ip].rm_so), line + m[formats[k].ip].rm_so);
		if (names_parse_ip(ip, &parsed) != NAMES_OK)
			continue;
		snprintf(h->ip, sizeof h->ip, "%s", parsed.text);
		if (formats[k].name)
			copy_group(line, &m[formats[k].name], h->name, sizeof h->name);
		h->verified = h->name[0] && strcmp(h->name, "unknown") != 0 && strcmp(h->name, "unknown.") != 0;
		h->receiver = formats[k].receiver;
		if (!h->receiver) {
			regmatch_t b[1];
			h->receiver = find("by [^ ]*google\\.com", line, 0, b, 1) ? "gmail"
				      : find("\\(Postfix\\)", line, 0, b, 1)        ? "postfix"
				      : find("\\([0-9.]+/[0-9.]+\\)", line, 0, b, 1) ? "sendmail"
										     : "other";
		}
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
			char *flat = header ? flatten(header) : NULL;
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

static void scan_received(const char *text, struct bounce_result *out)
{
	struct hop hops[32], *chosen = NULL;
	size_t n = 0;
	char *line;
	const char *p = text;
	while ((line = next_received(&p)) != NULL) {
		if (n < 32 && received_format(line, &hops[n]))
			n++;
		free(line);
	}
	for (size_t i = 0; i < n && !chosen; i++)
		if (routable(hops[i].ip))
			chosen = &hops[i];
	if (!chosen && n > 0)
		chosen = &hops[n - 1];
	struct bounce_finding *f = chosen ? add(out) : NULL;
	if (!f)
		return;
	f->source = BOUNCE_RECEIVED;
	f->receiver = chosen->receiver;
	f->rule = RULE_FCRDNS;
	/* Microsoft's Received line never records a verified name: no verdict. */
	bool silent = strcmp(chosen->receiver, "microsoft") == 0;
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
	size_t index = (size_t)(chosen - hops);
	bool public = routable(chosen->ip);
	snprintf(f->why, sizeof f->why, public ? "Received line %zu of %zu is the newest from a public address: the "
						 "receiver wrote it when your server connected; the lines above are "
						 "its own internal hops"
					       : "no Received line names a public address; line %zu of %zu is the oldest "
						 "with an address",
		 index + 1, n);
}

bool bounce_explain(const char *text, struct bounce_result *out)
{
	memset(out, 0, sizeof *out);
	char *flat = flatten(text ? text : "");
	if (!flat)
		return false;
	scan_replies(flat, out);
	for (size_t i = 0; i < out->count; i++)
		out->findings[i].failed = true;
	scan_received(text ? text : "", out);
	free(flat);
	for (size_t i = 0; i < out->count; i++) {
		if (!out->ip && out->findings[i].ip[0])
			out->ip = out->findings[i].ip;
		if (!out->helo && out->findings[i].helo[0])
			out->helo = out->findings[i].helo;
	}
	return out->count > 0;
}
