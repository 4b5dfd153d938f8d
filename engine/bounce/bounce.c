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

#include "bounce_repair.h"
#include "client_address.h"
#include "util/help.h"
#include "received.h"
#include "textmatch.h"

#define NEAR 200     /* how far words for reverse DNS may stand from a refusal */
#define PHRASES_MAX 64
#define CAUSES_MAX 16
#define RECEIVERS_MAX 32
#define KINDS_MAX 8

/* A receiver's wording (help/bounce/phrases.txt). */
struct phrase {
	char receiver[24];
	char rule[24];  /* a rule id's name (rules.h), checked by test_bounce */
	enum bounce_source source;
	char *pattern; /* POSIX ERE, matched case-insensitively on the flattened text */
	char *meaning;
};

/* Another cause of a rejection (help/bounce/causes.txt). */
struct cause {
	char name[16];
	char *pattern;
	char *meaning;
};

/* The tables, read from help/ once and kept for the life of the process
 * (their patterns are the keys of the compiled cache below). */
static struct {
	pthread_once_t once;
	struct phrase phrases[PHRASES_MAX];
	size_t phrase_count;
	struct cause causes[CAUSES_MAX];
	size_t cause_count;
	char receivers[RECEIVERS_MAX][2][64];
	size_t receiver_count;
	struct {
		enum bounce_kind kind;
		char *pattern;
	} kinds[KINDS_MAX];
	size_t kind_count;
} tables = {.once = PTHREAD_ONCE_INIT};

/* split - the " | " separated fields of a line, trimmed, into field[]
 * (pointing into line, which is changed); how many. */
static size_t split(char *line, char *field[], size_t max)
{
	size_t n = 0;
	for (char *p = line; p && n < max;) {
		char *bar = n + 1 < max ? strstr(p, " | ") : NULL;
		if (bar)
			*bar = '\0';
		while (*p == ' ')
			p++;
		size_t len = strlen(p);
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\r'))
			p[--len] = '\0';
		field[n++] = p;
		p = bar ? bar + 3 : NULL;
	}
	return n;
}

/* each_line - fn over every line of a help file that is not a comment. */
static void each_line(const char *path, void (*fn)(char *field[], size_t n))
{
	const char *text = help_text(path);
	for (const char *line = text; line && *line;) {
		size_t len = strcspn(line, "\n");
		char *copy = strndup(line, len);
		char *field[5];
		if (copy && copy[0] && copy[0] != '#')
			fn(field, split(copy, field, 5));
		free(copy);
		line += len + (line[len] == '\n');
	}
}

static void add_phrase(char *field[], size_t n)
{
	struct phrase *ph = &tables.phrases[tables.phrase_count];
	if (n != 5 || tables.phrase_count >= PHRASES_MAX || !field[1][0])
		return;
	snprintf(ph->rule, sizeof ph->rule, "%s", field[1]);
	snprintf(ph->receiver, sizeof ph->receiver, "%s", field[0]);
	ph->source = strcmp(field[2], "log") == 0 ? BOUNCE_LOG : BOUNCE_REPLY;
	ph->pattern = strdup(field[3]);
	ph->meaning = strdup(field[4]);
	if (ph->pattern && ph->meaning)
		tables.phrase_count++;
}

static void add_cause(char *field[], size_t n)
{
	struct cause *c = &tables.causes[tables.cause_count];
	if (n != 3 || tables.cause_count >= CAUSES_MAX)
		return;
	snprintf(c->name, sizeof c->name, "%s", field[0]);
	c->pattern = strdup(field[1]);
	c->meaning = strdup(field[2]);
	if (c->pattern && c->meaning)
		tables.cause_count++;
}

static void add_receiver(char *field[], size_t n)
{
	if (n != 2 || tables.receiver_count >= RECEIVERS_MAX)
		return;
	snprintf(tables.receivers[tables.receiver_count][0], 64, "%s", field[0]);
	snprintf(tables.receivers[tables.receiver_count][1], 64, "%s", field[1]);
	tables.receiver_count++;
}

static void add_kind(char *field[], size_t n)
{
	if (n != 2 || tables.kind_count >= KINDS_MAX)
		return;
	enum bounce_kind kind = strcmp(field[0], "report") == 0 ? BOUNCE_KIND_REPORT : BOUNCE_KIND_BOUNCE;
	tables.kinds[tables.kind_count].kind = kind;
	tables.kinds[tables.kind_count].pattern = strdup(field[1]);
	if (tables.kinds[tables.kind_count].pattern)
		tables.kind_count++;
}

static void load_tables(void)
{
	each_line("bounce/kinds.txt", add_kind);
	each_line("bounce/phrases.txt", add_phrase);
	each_line("bounce/causes.txt", add_cause);
	each_line("bounce/receivers.txt", add_receiver);
}

static void tables_ready(void)
{
	pthread_once(&tables.once, load_tables);
}

const char *bounce_receiver_name(const char *receiver)
{
	tables_ready();
	for (size_t i = 0; i < tables.receiver_count; i++)
		if (strcmp(receiver, tables.receivers[i][0]) == 0)
			return tables.receivers[i][1];
	return receiver;
}

const char *bounce_kind_name(enum bounce_kind kind)
{
	return kind == BOUNCE_KIND_BOUNCE ? "bounce" : kind == BOUNCE_KIND_REPORT ? "report" : "text";
}

/* text_kind - a bounce, a report or any other text (the first pattern of
 * help/bounce/kinds.txt that matches). */
static enum bounce_kind text_kind(const char *flat)
{
	tables_ready();
	for (size_t i = 0; i < tables.kind_count; i++) {
		regmatch_t m[1];
		if (textmatch_find(tables.kinds[i].pattern, flat, 0, m, 1))
			return tables.kinds[i].kind;
	}
	return BOUNCE_KIND_TEXT;
}

/* The causes a finding may name: id, and the words for it. */
static const char *const causes[][2] = {
	{"rdns", "rdns"}, {"helo", "helo"}, {"spf", "SPF"}, {"dmarc", "DMARC"}, {"blocklist", "a blocklist"},
	{"greylist", "greylisting"}, {"mailbox", "the recipient's mailbox"}, {"port25", "port 25 unreachable"},
	{"hostlookup", "the recipient domain's lookup"},
};

#define CAUSE_COUNT (sizeof causes / sizeof causes[0])

const char *bounce_cause_name(const char *cause)
{
	for (size_t i = 0; i < CAUSE_COUNT; i++)
		if (strcmp(cause, causes[i][0]) == 0)
			return causes[i][1];
	return cause;
}

/* static_cause - a cause id of the table as a static string, for the findings. */
static const char *static_cause(const char *name)
{
	for (size_t i = 0; i < CAUSE_COUNT; i++)
		if (strcmp(name, causes[i][0]) == 0)
			return causes[i][0];
	return "other";
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
	for (size_t from = 0; textmatch_find(code, text, from, m, 4); from = (size_t)m[0].rm_eo) {
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
		"rejected (EHLO|HELO) or (EHLO|HELO) ([^ :]+)", "(HELO|EHLO) argument ([^ :,]+) (is|was)",
		"syntactically invalid argument\\(s\\): ([^ ]+)", "(^| )H=\\(([^) ]+)\\) \\[",
		"(>>> |^| )(EHLO|HELO) ([A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)+)( |$)",
	};
	static const int groups[] = {1, 1, 1, 3, 2, 1, 2, 3};
	for (size_t k = 0; k < sizeof patterns / sizeof patterns[0]; k++) {
		regmatch_t m[4];
		if (textmatch_find(patterns[k], text, 0, m, 4)) {
			textmatch_copy(text, &m[groups[k]], out, size);
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
	f->rule = "";
	return f;
}

/* receiver_host - the receiving server a bounce names: "host NAME[IP]
 * said:", a DSN's "Remote-MTA: dns; NAME", Exim's "H=NAME [IP]". */
static void receiver_host(const char *flat, char *out, size_t size)
{
	static const char *const patterns[] = {
		"host ([A-Za-z0-9._-]+\\.[A-Za-z]+)\\[[0-9A-Fa-f:.]+\\] said", "Remote-MTA: *dns; *([A-Za-z0-9._-]+\\.[A-Za-z]+)",
		"(^| )([A-Za-z0-9-]+\\.)*([A-Za-z0-9-]+)\\.(net|com|org|de|fr|uk|io|cloud)[^A-Za-z0-9.]* +\\(?[A-Za-z]* ?E?SMTP",
	};
	static const int groups[] = {1, 1, 0};
	for (size_t k = 0; k < sizeof patterns / sizeof patterns[0]; k++) {
		regmatch_t m[5];
		if (textmatch_find(patterns[k], flat, 0, m, 5)) {
			regmatch_t g = m[groups[k]];
			while (g.rm_so < g.rm_eo && flat[g.rm_so] == ' ')
				g.rm_so++;
			int len = (int)(g.rm_eo - g.rm_so);
			while (len > 0 && !isalnum((unsigned char)flat[g.rm_so + len - 1]))
				len--;
			char raw[256];
			snprintf(raw, sizeof raw, "%.*s", len, flat + g.rm_so);
			names_escape(raw, out, size);
			return;
		}
	}
}

/* fill - what every finding of a reply or log line carries; the
 * refusal's wording matched at [at, end). */
static void fill(struct bounce_finding *f, const char *flat, size_t at, size_t end, enum bounce_source source)
{
	f->source = source;
	client_address_find(flat, at, end, f->ip, sizeof f->ip);
	nearest_code(flat, at, f);
	find_helo(flat, f->helo, sizeof f->helo);
	receiver_host(flat, f->receiver_host, sizeof f->receiver_host);
	f->writer = source == BOUNCE_LOG ? "the receiver, in its log" : "the receiver, in its SMTP reply";
	regmatch_t m[3];
	bool syslog = textmatch_find("^[A-Z][a-z]{2} +[0-9]+ [0-9:]{8} [^ ]+ ([a-z/-]+)\\[[0-9]+\\]:", flat, 0, m, 3);
	bool exim_log = textmatch_find("^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8} ", flat, 0, m, 1);
	if (syslog || exim_log)
		f->source = BOUNCE_LOG;
	if (strstr(flat, "temporarily rejected"))
		f->temporary = true;
	if (textmatch_find("^[A-Z][a-z]{2} +[0-9]+ [0-9:]{8} [^ ]+ (postfix/smtp|postfix/lmtp)\\[", flat, 0, m, 2) ||
	    textmatch_find("^[0-9-]+ [0-9:]+ [^ ]+ (\\*\\*|==) ", flat, 0, m, 2)) {
		f->writer = "your server, in its log";
	} else if (syslog || exim_log) {
		f->writer = "the receiver, in its log";
	}
	if (strstr(flat, "NOQUEUE: reject")) {
		f->source = BOUNCE_LOG; /* a line of the receiving Postfix's own log */
		f->writer = "the receiver, in its log";
	} else if (strstr(flat, "status=bounced") || strstr(flat, "status=deferred") || strstr(flat, " ** ") ||
		   strstr(flat, " == ")) {
		f->source = BOUNCE_LOG; /* the sending server's log, quoting the receiver's reply */
		f->writer = "your server, in its log, quoting the receiver's reply";
	} else if (strstr(flat, "Diagnostic-Code:")) {
		f->source = BOUNCE_DSN;
		f->writer = "your server, in the bounce it sent you, quoting the receiver's reply";
	}
}

static bool is_helo_rule(const char *rule)
{
	return strncmp(rule, "helo-", 5) == 0;
}

static void scan_phrases(const char *flat, struct bounce_result *out)
{
	bool named = false;
	for (size_t i = 0; i < tables.phrase_count; i++) {
		const struct phrase *ph = &tables.phrases[i];
		regmatch_t m[1];
		bool generic = strcmp(ph->receiver, "other") == 0;
		if ((generic && named) || !textmatch_find(ph->pattern, flat, 0, m, 1))
			continue; /* the generic wordings only when nothing named the receiver */
		named = named || !generic;
		struct bounce_finding *f = add(out);
		if (!f)
			continue; /* counted in dropped */
		f->receiver = ph->receiver;
		f->rule = ph->rule;
		f->rdns = true;
		f->cause = is_helo_rule(ph->rule) ? "helo" : "rdns";
		snprintf(f->meaning, sizeof f->meaning, "%s", ph->meaning);
		fill(f, flat, (size_t)m[0].rm_so, (size_t)m[0].rm_eo, ph->source);
		if (generic)
			break;
	}
}

/* within_cause - the span [so, eo) lies inside the match of another
 * cause's wording ("host name lookup failure" is the sending side's own
 * lookup of the recipient, not a receiver's check). */
static bool within_cause(const char *flat, size_t so, size_t eo)
{
	for (size_t i = 0; i < tables.cause_count; i++) {
		regmatch_t m[1];
		size_t from = so > 80 ? so - 80 : 0;
		if (textmatch_find(tables.causes[i].pattern, flat, from, m, 1) && (size_t)m[0].rm_so <= so &&
		    (size_t)m[0].rm_eo >= eo)
			return true;
	}
	return false;
}

/* scan_meaning - an unknown receiver's refusal: words for reverse DNS
 * near a refusal (a reply code, "rejected", "refused", "Fix"). The words
 * stand alone: "rdns" inside a host name (no.rdns.example.net) is none. */
static void scan_meaning(const char *flat, struct bounce_result *out)
{
	static const char *const words = "(^|[^A-Za-z0-9.-])(PTR( record)?|reverse[ -]?DNS|rDNS|reverse (lookup|mapping|"
					 "host ?name|DNS entry)|host ?name lookup|IP name lookup|resolve to (an|a|the) "
					 "(IP|host ?name)|inconsistent[^.]{0,40}PTR)([^A-Za-z0-9-]|\\.([^A-Za-z0-9-]|$)|$)";
	static const char *const refusal = "([245][0-9][0-9][ -]|reject|refus|denied|not accepted|blocked|Fix )";
	regmatch_t w[3], r[1];
	for (size_t from = 0; textmatch_find(words, flat, from, w, 3); from = (size_t)w[2].rm_eo) {
		w[0] = w[2];
		if (within_cause(flat, (size_t)w[0].rm_so, (size_t)w[0].rm_eo))
			continue;
		size_t lo = (size_t)w[0].rm_so > NEAR ? (size_t)w[0].rm_so - NEAR : 0;
		if (!textmatch_find(refusal, flat, lo, r, 1) || (size_t)r[0].rm_so > (size_t)w[0].rm_eo + NEAR)
			continue;
		struct bounce_finding *f = add(out);
		if (!f)
			return;
		f->receiver = "other";
		f->rule = "fcrdns";
		f->rdns = true;
		f->by_meaning = true;
		f->cause = "rdns";
		fill(f, flat, (size_t)w[0].rm_so, (size_t)w[0].rm_eo, BOUNCE_REPLY);
		char by[sizeof f->receiver_host + 4] = "";
		if (f->receiver_host[0])
			snprintf(by, sizeof by, " by %s", f->receiver_host);
		snprintf(f->meaning, sizeof f->meaning, "A reverse-DNS refusal%s, recognised by its wording: no PTR for "
							"the address, or one that does not resolve back", by);
		return;
	}
}

/* scan_causes - a rejection about something else; a blocklist is said
 * even beside a reverse-DNS finding (a proper PTR often helps there). */
static void scan_causes(const char *flat, struct bounce_result *out, bool rdns_found)
{
	for (size_t i = 0; i < tables.cause_count; i++) {
		const struct cause *c = &tables.causes[i];
		regmatch_t m[1];
		bool blocklist = strcmp(c->name, "blocklist") == 0;
		if ((rdns_found && !blocklist) || !textmatch_find(c->pattern, flat, 0, m, 1))
			continue;
		struct bounce_finding *f = add(out);
		if (!f)
			return;
		f->receiver = "other";
		f->cause = static_cause(c->name);
		f->rule = ""; /* none */
		fill(f, flat, (size_t)m[0].rm_so, (size_t)m[0].rm_eo, BOUNCE_REPLY);
		regmatch_t pbl[1];
		bool is_pbl = blocklist && textmatch_find("PBL|pbl\\.spamhaus|policy block ?list", flat, 0, pbl, 1);
		snprintf(f->meaning, sizeof f->meaning, "%s%s", c->meaning,
			 is_pbl ? " The Spamhaus PBL lists addresses that should not send mail directly: a proper PTR set "
				  "by the provider (and their request to Spamhaus) often gets a server's address removed."
				: "");
		if (!rdns_found)
			return; /* the first cause names it */
	}
}

static void scan_replies(const char *flat, struct bounce_result *out)
{
	tables_ready();
	scan_phrases(flat, out);
	if (out->count == 0)
		scan_meaning(flat, out);
	scan_causes(flat, out, out->count > 0);
}

#define WRAPPED_LINE 50 /* a line at least this long that ends in a letter may have been cut mid-word */

/* split_words_joined - text with the words a narrow window broke across
 * two lines put back together (a long line ends in a letter, the next
 * starts with a lower-case one); NULL when there is none. Owned. */
static char *split_words_joined(const char *text)
{
	char *out = strdup(text), *o = out;
	bool joined = false;
	if (!out)
		return NULL;
	const char *line = text;
	for (const char *p = text; *p; p++) {
		if (*p == '\n' && p - line >= WRAPPED_LINE && p > text && isalpha((unsigned char)p[-1]) &&
		    islower((unsigned char)p[1])) {
			joined = true;
			line = p + 1;
			continue;
		}
		if (*p == '\n')
			line = p + 1;
		*o++ = *p;
	}
	*o = '\0';
	if (!joined) {
		free(out);
		return NULL;
	}
	return out;
}

/* joined_replies - reply lines run together: a "550-5.7.25" prefix in
 * the middle of a line (flatten then reads them as one). */
static bool joined_replies(const char *text)
{
	for (const char *p = text; *p; p++)
		if (p > text && p[-1] == ' ' && bounce_reply_code_at(p) && p[3] == '-') {
			const char *line = p;
			while (line > text && line[-1] != '\n')
				line--;
			if (strspn(line, " \t") < (size_t)(p - line) - 1)
				return true;
		}
	return false;
}

/* named - a finding names its receiver (not only "other"). */
static bool named(const struct bounce_result *r)
{
	for (size_t i = 0; i < r->count; i++)
		if (strcmp(r->findings[i].receiver, "other") != 0)
			return true;
	return false;
}

/* rescan_joined - when no receiver was named, the text again with the
 * words a narrow window broke put back together; its findings replace
 * the first ones if they name the receiver. */
static void rescan_joined(const char *text, struct bounce_result *out)
{
	char *joined = split_words_joined(text);
	char *flat = joined ? textmatch_flatten(joined) : NULL;
	struct bounce_result *again = flat ? calloc(1, sizeof *again) : NULL;
	if (again) {
		scan_replies(flat, again);
		if (named(again)) {
			memcpy(out->findings, again->findings, sizeof out->findings);
			out->count = again->count;
			out->dropped = again->dropped;
			if (out->repair_count < BOUNCE_REPAIRS_MAX)
				snprintf(out->repairs[out->repair_count++], sizeof out->repairs[0],
					 "words broken across two lines joined again");
		}
	}
	free(again);
	free(flat);
	free(joined);
}

/* summarise - the address, HELO and cause to act on, and whether the
 * refusal is about reverse DNS: a refusal read says so, or, with none,
 * a Received line showing the receiver verified no name. */
static void summarise(struct bounce_result *out)
{
	bool refusal = false;
	for (size_t i = 0; i < out->count; i++) {
		const struct bounce_finding *f = &out->findings[i];
		if (!out->ip && f->ip[0])
			out->ip = f->ip;
		if (!out->helo && f->helo[0])
			out->helo = f->helo;
		if (!out->cause)
			out->cause = f->cause;
		if (f->source != BOUNCE_RECEIVED) {
			refusal = true;
			out->rdns = out->rdns || f->rdns;
		} else if (!refusal) {
			out->rdns = out->rdns || (f->rdns && f->failed);
		}
	}
}

bool bounce_received_only(const struct bounce_result *r)
{
	return r->count > 0 && r->findings[0].source == BOUNCE_RECEIVED;
}

bool bounce_fcrdns_passed(const struct bounce_result *r)
{
	return bounce_received_only(r) && !r->findings[0].failed && strcmp(r->findings[0].name, "unknown") != 0;
}

bool bounce_explain(const char *text, struct bounce_result *out)
{
	memset(out, 0, sizeof *out);
	char *repaired = bounce_repair(text ? text : "", out->repairs, BOUNCE_REPAIRS_MAX, &out->repair_count);
	char *flat = repaired ? textmatch_flatten(repaired) : NULL;
	if (!flat) {
		free(repaired);
		return false;
	}
	if (joined_replies(repaired) && out->repair_count < BOUNCE_REPAIRS_MAX)
		snprintf(out->repairs[out->repair_count++], sizeof out->repairs[0],
			 "reply-code prefixes (550-5.7.25) inside lines removed");
	scan_replies(flat, out);
	if (!named(out))
		rescan_joined(repaired, out);
	for (size_t i = 0; i < out->count; i++)
		out->findings[i].failed = true;
	out->kind = text_kind(flat);
	struct bounce_finding hop;
	if (out->kind == BOUNCE_KIND_TEXT && received_explain(repaired, &hop)) {
		struct bounce_finding *f = add(out);
		if (f)
			*f = hop;
	}
	free(flat);
	free(repaired);
	summarise(out);
	return out->count > 0;
}
