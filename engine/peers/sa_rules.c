/* sa_rules - SpamAssassin's rDNS and HELO rules, run the way SpamAssassin runs them. */
#define _POSIX_C_SOURCE 200809L
#define PCRE2_CODE_UNIT_WIDTH 8
#include "sa_rules.h"

#include <pcre2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/help.h"

#define RULES_MAX 128
#define RULE_NAME_MAX 48
#define META_DEPTH_MAX 32

enum rule_kind { RULE_HEADER, RULE_META, RULE_EVAL };

struct sa_rule {
	char name[RULE_NAME_MAX];
	enum rule_kind kind;
	pcre2_code *re;   /* RULE_HEADER */
	bool received;    /* RULE_HEADER: reads Received, not the relay line */
	char *expr;       /* RULE_META: the expression; RULE_EVAL: the function */
	double score;     /* set 1 */
	bool scored;      /* a score line names it */
};

static struct sa_rule rules[RULES_MAX];
static size_t rule_count;
static char load_error[200];
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static struct sa_rule *rule_named(const char *name, size_t len)
{
	for (size_t i = 0; i < rule_count; i++)
		if (strlen(rules[i].name) == len && strncmp(rules[i].name, name, len) == 0)
			return &rules[i];
	return NULL;
}

/* strip_comment - SpamAssassin's configuration ends a line at an unescaped #. */
static void strip_comment(char *s)
{
	for (char *p = s; *p; p++)
		if (*p == '#' && (p == s || p[-1] != '\\')) {
			*p = '\0';
			break;
		}
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
}

static bool header_named(const char *rest, const char *header)
{
	size_t n = strlen(header);
	return strncmp(rest, header, n) == 0 && (rest[n] == ' ' || rest[n] == '\t');
}

/* compile_header - "X-Spam-Relays-External =~ /RE/i" into a PCRE2 pattern. */
static bool compile_header(struct sa_rule *r, const char *rest)
{
	if (strncmp(rest, "eval:", 5) == 0) {
		r->kind = RULE_EVAL;
		r->expr = strdup(rest + 5);
		return r->expr != NULL;
	}
	const char *op = strstr(rest, "=~");
	r->received = header_named(rest, "Received");
	if (!op || !(r->received || header_named(rest, "X-Spam-Relays-External") ||
		     header_named(rest, "X-Spam-Relays-Untrusted")))
		return false;
	const char *open = strchr(op, '/'), *close = strrchr(op, '/');
	if (!open || close == open)
		return false;
	uint32_t options = 0;
	for (const char *f = close + 1; *f && *f != ' ' && *f != '\t'; f++) {
		if (*f != 'i')
			return false;
		options |= PCRE2_CASELESS;
	}
	int code;
	PCRE2_SIZE offset;
	r->re = pcre2_compile((PCRE2_SPTR)(open + 1), (PCRE2_SIZE)(close - open - 1), options, &code, &offset, NULL);
	return r->re != NULL;
}

static bool parse_score(const char *rest)
{
	char name[RULE_NAME_MAX];
	double set[4];
	int n = sscanf(rest, "%47s %lf %lf %lf %lf", name, &set[0], &set[1], &set[2], &set[3]);
	struct sa_rule *r = n >= 2 ? rule_named(name, strlen(name)) : NULL;
	if (!r || (n != 2 && n != 5))
		return false;
	r->score = n == 5 ? set[1] : set[0];
	r->scored = true;
	return true;
}

static bool parse_line(char *line)
{
	char keyword[16], name[RULE_NAME_MAX];
	int used = 0;
	if (sscanf(line, "%15s %47s %n", keyword, name, &used) < 2)
		return false;
	char *rest = line + used;
	if (strcmp(keyword, "describe") == 0)
		return true;
	strip_comment(rest);
	if (strcmp(keyword, "score") == 0)
		return parse_score(line + strlen(keyword) + 1);
	if (rule_count == RULES_MAX)
		return false;
	struct sa_rule *r = rule_named(name, strlen(name));
	if (!r) {
		r = &rules[rule_count++];
		snprintf(r->name, sizeof r->name, "%s", name);
	}
	if (strcmp(keyword, "header") == 0) {
		r->kind = RULE_HEADER;
		return compile_header(r, rest);
	}
	if (strcmp(keyword, "meta") == 0) {
		r->kind = RULE_META;
		free(r->expr);
		r->expr = strdup(rest);
		return r->expr != NULL;
	}
	return false;
}

static void load_rules(void)
{
	const char *text = help_text("receivers/spamassassin.cf");
	if (!text) {
		snprintf(load_error, sizeof load_error, "receivers/spamassassin.cf is missing");
		return;
	}
	size_t number = 0;
	for (const char *p = text; *p;) {
		size_t len = strcspn(p, "\n");
		char line[1024];
		number++;
		if (len >= sizeof line) {
			snprintf(load_error, sizeof load_error, "spamassassin.cf line %zu is too long", number);
			return;
		}
		memcpy(line, p, len);
		line[len] = '\0';
		p += len + (p[len] == '\n');
		const char *first = line + strspn(line, " \t");
		if (*first == '\0' || *first == '#')
			continue;
		if (!parse_line(line)) {
			snprintf(load_error, sizeof load_error, "spamassassin.cf line %zu cannot be read", number);
			return;
		}
	}
}

const char *sa_rules_error(void)
{
	pthread_once(&load_once, load_rules);
	return load_error;
}

/* One run: each rule's hit, worked out once. */
struct run {
	const struct sa_client *client;
	char relay[SA_RELAY_LINE_MAX];
	char received[SA_RELAY_LINE_MAX];
	pcre2_match_data *match;
	signed char state[RULES_MAX]; /* -1 not yet, 0 or 1 */
	int depth;
};

/* run_start - a run for client c: its relay line and Received header, no
 * rule worked out yet; false on no memory (run_end is then not needed). */
static bool run_start(struct run *run, const struct sa_client *c)
{
	run->client = c;
	run->depth = 0;
	sa_relay_line(c, run->relay, sizeof run->relay);
	sa_received_line(c, run->received, sizeof run->received);
	memset(run->state, -1, sizeof run->state);
	run->match = pcre2_match_data_create(16, NULL);
	return run->match != NULL;
}

static void run_end(struct run *run)
{
	pcre2_match_data_free(run->match);
}

static bool rule_hits(struct run *run, struct sa_rule *r);

/* Metas: expr := term ('||' term)*; term := factor ('&&' factor)*;
 * factor := '!' factor | '(' expr ')' | NAME. A name not defined is 0. */
static bool meta_expr(struct run *run, const char **p);

static void skip_blanks(const char **p)
{
	while (**p == ' ' || **p == '\t')
		(*p)++;
}

static bool meta_factor(struct run *run, const char **p)
{
	skip_blanks(p);
	if (**p == '!') {
		(*p)++;
		return !meta_factor(run, p);
	}
	if (**p == '(') {
		(*p)++;
		bool v = meta_expr(run, p);
		skip_blanks(p);
		if (**p == ')')
			(*p)++;
		return v;
	}
	size_t n = strspn(*p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");
	struct sa_rule *r = rule_named(*p, n);
	*p += n ? n : (**p != '\0');
	return r && rule_hits(run, r);
}

static bool meta_term(struct run *run, const char **p)
{
	bool v = meta_factor(run, p);
	for (skip_blanks(p); (*p)[0] == '&' && (*p)[1] == '&'; skip_blanks(p)) {
		*p += 2;
		v = meta_factor(run, p) && v;
	}
	return v;
}

static bool meta_expr(struct run *run, const char **p)
{
	bool v = meta_term(run, p);
	for (skip_blanks(p); (*p)[0] == '|' && (*p)[1] == '|'; skip_blanks(p)) {
		*p += 2;
		v = meta_term(run, p) || v;
	}
	return v;
}

static bool ipv4_text(const char *s)
{
	struct ip_address a;
	return names_parse_ip(s, &a) == NAMES_OK && a.family == AF_INET && strcmp(a.text, s) == 0;
}

/* helo_ip_mismatch - RelayEval.pm: an IPv4 HELO, neither it nor the
 * client private, outside the client's /24. */
static bool helo_ip_mismatch(const struct sa_client *c)
{
	struct ip_address helo;
	if (!c->helo || !ipv4_text(c->helo) || names_parse_ip(c->helo, &helo) != NAMES_OK || sa_ip_private(&helo))
		return false;
	if (c->ip->family != AF_INET || sa_ip_private(c->ip) || strcmp(c->helo, c->ip->text) == 0)
		return false;
	return memcmp(helo.bytes, c->ip->bytes, 3) != 0;
}

/* spf_helo_eval - SPF.pm's check_for_spf_helo_RESULT(): the HELO's SPF
 * result is RESULT ("error" counts as temperror there, and here). */
static bool spf_helo_eval(const char *expr, enum spf_result result)
{
	static const char prefix[] = "check_for_spf_helo_";
	if (strncmp(expr, prefix, sizeof prefix - 1) != 0)
		return false;
	char name[24];
	snprintf(name, sizeof name, "%s()", spf_result_name(result));
	return result != SPF_SKIPPED && result != SPF_NOT_PREDICTED && strcmp(expr + sizeof prefix - 1, name) == 0;
}

static bool eval_hits(const char *expr, const struct sa_client *c)
{
	if (strcmp(expr, "helo_ip_mismatch()") == 0)
		return helo_ip_mismatch(c);
	return spf_helo_eval(expr, c->helo_spf);
}

static bool rule_evaluate(struct run *run, struct sa_rule *r)
{
	if (r->scored && r->score == 0)
		return false; /* scored 0: SpamAssassin does not run it */
	if (r->kind == RULE_HEADER) {
		const char *text = r->received ? run->received : run->relay;
		return pcre2_match(r->re, (PCRE2_SPTR)text, strlen(text), 0, 0, run->match, NULL) >= 0;
	}
	if (r->kind == RULE_EVAL)
		return *run->relay && eval_hits(r->expr, run->client);
	const char *p = r->expr;
	return meta_expr(run, &p);
}

static bool rule_hits(struct run *run, struct sa_rule *r)
{
	size_t i = (size_t)(r - rules);
	if (run->state[i] < 0) {
		if (run->depth == META_DEPTH_MAX)
			return false;
		run->depth++;
		run->state[i] = rule_evaluate(run, r);
		run->depth--;
	}
	return run->state[i] == 1;
}

/* default_score - Conf.pm: a rule no score line names scores 1.0, one in
 * testing (its name starts T_) 0.01. */
static double default_score(const char *name)
{
	return strncmp(name, "T_", 2) == 0 ? 0.01 : 1.0;
}

enum sa_status sa_rules_run(const struct sa_client *c, sa_hit_fn hit, void *arg)
{
	struct run run;
	if (*sa_rules_error() || !run_start(&run, c))
		return SA_RULES_BROKEN;
	for (size_t i = 0; i < rule_count; i++)
		if (strncmp(rules[i].name, "__", 2) != 0 && rule_hits(&run, &rules[i]))
			hit(rules[i].name, rules[i].scored ? rules[i].score : default_score(rules[i].name), arg);
	run_end(&run);
	return SA_OK;
}

/* munge - Received.pm writes [ ] ( ) < > | # NUL and blanks as '!'. */
static void munge(const char *in, char *out, size_t size)
{
	size_t n = 0;
	for (; in && *in && n + 1 < size; in++)
		out[n++] = strchr(" \t\r\n#[]()<>|", *in) ? '!' : *in;
	out[n] = '\0';
}

void sa_relay_line(const struct sa_client *c, char *out, size_t size)
{
	char rdns[300] = "", helo[300];
	if (sa_ip_private(c->ip)) {
		snprintf(out, size, "%s", "");
		return;
	}
	munge(c->rdns, rdns, sizeof rdns);
	for (size_t n = strlen(rdns); n && rdns[n - 1] == '.';)
		rdns[--n] = '\0'; /* Bug 7810: the ending dot goes */
	munge(c->helo, helo, sizeof helo);
	snprintf(out, size, "[ ip=%s rdns=%s helo=%s by=mx.receiver.invalid ident= envfrom= intl=0 id=4AB2C3D4E5 auth= msa=0 ]",
		 c->ip->text, rdns, helo);
}

bool sa_ip_private(const struct ip_address *ip)
{
	const unsigned char *b = ip->bytes;
	if (ip->family == AF_INET6) {
		static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
		static const unsigned char loopback[16] = {[15] = 1};
		if (memcmp(b, loopback, 16) == 0 || (b[0] == 0xfe && (b[1] & 0xc0) == 0x80))
			return true;
		if (memcmp(b, mapped, 12) != 0)
			return false;
		b += 12;
	}
	return b[0] == 10 || b[0] == 127 || (b[0] == 169 && b[1] == 254) || (b[0] == 172 && (b[1] & 0xf0) == 16) ||
	       (b[0] == 192 && b[1] == 168) || (b[0] == 100 && (b[1] & 0xc0) == 64);
}

void sa_received_line(const struct sa_client *c, char *out, size_t size)
{
	snprintf(out, size, "from %s (%s [%s%s])\n\tby mx.receiver.invalid (Postfix) with ESMTP id 4AB2C3D4E5",
		 c->helo ? c->helo : "", c->rdns ? c->rdns : "unknown", c->ip->family == AF_INET6 ? "IPv6:" : "",
		 c->ip->text);
}

/* first_part_hit - the first name in a meta's expression, starting with
 * prefix, whose rule hit in this run. */
static const char *first_part_hit(struct run *run, const char *expr, const char *prefix)
{
	for (const char *p = expr; *p;) {
		size_t n = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");
		struct sa_rule *r = n ? rule_named(p, n) : NULL;
		if (r && strncmp(r->name, prefix, strlen(prefix)) == 0 && rule_hits(run, r))
			return r->name;
		p += n ? n : 1;
	}
	return NULL;
}

bool sa_rules_rdns_dynamic(const char *name, const struct ip_address *ip, char *rule, size_t size)
{
	struct sa_rule *meta = *sa_rules_error() ? NULL : rule_named("RDNS_DYNAMIC", strlen("RDNS_DYNAMIC"));
	if (!meta || meta->kind != RULE_META)
		return false;
	struct sa_client c = {.ip = ip, .rdns = name};
	struct run run;
	if (!run_start(&run, &c))
		return false;
	bool hit = rule_hits(&run, meta);
	const char *part = hit ? first_part_hit(&run, meta->expr, "__RDNS_") : NULL;
	if (hit)
		snprintf(rule, size, "RDNS_DYNAMIC (%s)", part ? part : "its parts");
	run_end(&run);
	return hit;
}
