/* trace_report - a finished walk from the root as plain text or JSON. */
#define _POSIX_C_SOURCE 200809L
#include "trace_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/help.h"
#include "json.h"
#include "util/names.h"
#include "render.h"
#include "trace/trace.h"

#define SAFE_MAX 2048
#define WORDS_MAX 4096

static const char *safe(const char *text, char *buf)
{
	names_escape(text ? text : "", buf, SAFE_MAX);
	return buf;
}

static bool is_reverse_tree(const char *zone)
{
	return names_equal(zone, "in-addr.arpa.") || names_equal(zone, "ip6.arpa.");
}

static size_t label_count(const char *zone)
{
	size_t n = 0;
	for (const char *p = zone; *p; p++)
		n += *p == '.' && p[1] != '\0';
	return zone[0] && strcmp(zone, ".") != 0 ? n + 1 : 0;
}

/* referrer - the level that handed zone down (the one before its first
 * appearance), or NULL for the root. */
static const struct trace_level *referrer(const struct trace *t, const char *zone)
{
	for (size_t i = 1; i < trace_level_count(t); i++)
		if (names_equal(trace_level(t, i)->zone, zone))
			return trace_level(t, i - 1);
	return NULL;
}

const char *trace_level_role(const struct trace *t, size_t index)
{
	const char *zone = trace_level(t, index)->zone;
	if (strcmp(zone, ".") == 0)
		return "root";
	if (names_equal(zone, "arpa."))
		return "arpa";
	if (is_reverse_tree(zone))
		return "reverse-tree";
	if (names_in_zone(zone, "arpa.")) {
		const struct trace_level *up = referrer(t, zone);
		if (up && up->restart)
			return "classless"; /* reached through an RFC 2317 CNAME */
		return up && is_reverse_tree(up->zone) ? "registry" : "holder";
	}
	return label_count(zone) == 1 ? "tld" : "domain";
}

static const struct trace_server *chosen(const struct trace_level *level)
{
	return level->chosen >= 0 ? &level->servers[level->chosen] : NULL;
}

/* outcome - the key help/trace.txt has for what the level did. */
static const char *outcome(const struct trace *t, size_t index)
{
	const struct trace_level *level = trace_level(t, index);
	const struct trace_server *r = chosen(level);
	if (!r)
		return "stopped";
	if (r->kind != HOP_REFERRAL)
		return hop_kind_name(r->kind);
	size_t last = trace_level_count(t) - 1;
	bool ended = trace_end(t) == TRACE_FOUND || trace_end(t) == TRACE_ABSENT;
	return ended && names_equal(r->child, trace_level(t, last)->zone) ? "referral-last" : "referral";
}

/* commas - an NS set as words: "a, b and c". */
static void commas(const char *set, char *buf, size_t size)
{
	char escaped[SAFE_MAX];
	names_escape(set, escaped, sizeof escaped);
	size_t words = 1, used = 0;
	for (const char *p = escaped; *p; p++)
		words += *p == ' ';
	buf[0] = '\0';
	size_t n = 0;
	for (const char *p = escaped; *p && used + 1 < size; p++) {
		if (*p == '.' && (p[1] == ' ' || p[1] == '\0') && p != escaped && p[-1] != ' ')
			continue; /* host names without the root's dot, in a sentence */
		if (*p != ' ') {
			buf[used++] = *p;
			continue;
		}
		const char *sep = ++n == words - 1 ? " and " : ", ";
		int w = snprintf(buf + used, size - used, "%s", sep);
		used = w > 0 && (size_t)w < size - used ? used + (size_t)w : size - 1;
	}
	buf[used < size ? used : size - 1] = '\0';
}

static const char *zone_own_ns(const struct trace_level *level)
{
	return level->zone_ns_known ? level->zone_ns : level->parent_ns;
}

void trace_level_words(const struct trace *t, size_t index, char *buf, size_t size)
{
	const struct trace_level *level = trace_level(t, index);
	const struct trace_server *r = chosen(level);
	const char *out_key = outcome(t, index);
	char key[64], template[WORDS_MAX];
	snprintf(key, sizeof key, "%s.%s", trace_level_role(t, index), out_key);
	if (!help_line("trace.txt", key, template, sizeof template)) {
		snprintf(key, sizeof key, "any.%s", out_key);
		if (!help_line("trace.txt", key, template, sizeof template))
			snprintf(template, sizeof template, "%s", "");
	}
	char zone[SAFE_MAX], child[SAFE_MAX], ns[SAFE_MAX], qname[SAFE_MAX], answers[SAFE_MAX], finding[SAFE_MAX];
	char type[16];
	safe(level->zone, zone);
	safe(r ? r->child : "", child);
	commas(r && r->kind == HOP_REFERRAL ? r->ns : zone_own_ns(level), ns, sizeof ns);
	safe(level->qname, qname);
	safe(r ? r->answers : "", answers);
	safe(trace_finding(t), finding);
	char *tname = ldns_rr_type2str(level->qtype);
	snprintf(type, sizeof type, "%s", tname ? tname : "?");
	free(tname);
	const char *keys[] = {"zone", "child", "ns", "qname", "type", "answers", "finding"};
	const char *values[] = {zone, child, ns, qname, type, answers, finding};
	help_expand(template, keys, values, sizeof keys / sizeof keys[0], buf, size);
}

bool trace_ns_differ(const struct trace *t, size_t index)
{
	const struct trace_level *level = trace_level(t, index);
	return level->zone_ns_known && level->parent_ns[0] && strcasecmp(level->parent_ns, level->zone_ns) != 0 /* both sorted */;
}

static void ns_differ_words(const struct trace_level *level, char *buf, size_t size)
{
	char template[WORDS_MAX], parent[SAFE_MAX], own[SAFE_MAX];
	if (!help_line("trace.txt", "any.ns-differ", template, sizeof template))
		template[0] = '\0';
	commas(level->parent_ns, parent, sizeof parent);
	commas(level->zone_ns, own, sizeof own);
	const char *keys[] = {"parent_ns", "zone_ns"};
	const char *values[] = {parent, own};
	help_expand(template, keys, values, 2, buf, size);
}

/* said - what one server said, in a few words. */
static void said(const struct trace_server *s, char *buf, size_t size)
{
	const struct trace_server *r = s;
	char b[SAFE_MAX];
	switch (r->kind) {
	case HOP_REFERRAL:
		snprintf(buf, size, "referral to %s", safe(r->child, b));
		break;
	case HOP_ANSWER:
		snprintf(buf, size, "answer %s", safe(r->answers, b));
		break;
	case HOP_ALIAS:
		snprintf(buf, size, "CNAME %s", safe(r->answers, b));
		break;
	case HOP_NO_NAME:
		snprintf(buf, size, "no such name (NXDOMAIN)");
		break;
	case HOP_NO_DATA:
		snprintf(buf, size, "no such record (NODATA)");
		break;
	case HOP_WAITING:
		snprintf(buf, size, "waiting for its reply...");
		break;
	default:
		snprintf(buf, size, "%s", safe(r->detail, b));
		break;
	}
}

/* server_order - indices of the level's servers sorted by name, address. */
static void server_order(const struct trace_level *level, size_t *order)
{
	for (size_t i = 0; i < level->server_count; i++)
		order[i] = i;
	for (size_t i = 1; i < level->server_count; i++)
		for (size_t k = i; k > 0; k--) {
			const struct trace_server *a = &level->servers[order[k - 1]], *b = &level->servers[order[k]];
			int c = strcasecmp(a->name, b->name);
			if (c < 0 || (c == 0 && strcmp(a->address, b->address) <= 0))
				break;
			size_t tmp = order[k];
			order[k] = order[k - 1];
			order[k - 1] = tmp;
		}
}

static const char *paint(const char *text, const char *color, bool on, char *buf, size_t size)
{
	if (on)
		snprintf(buf, size, "\033[%sm%s\033[0m", color, text);
	else
		snprintf(buf, size, "%s", text);
	return buf;
}

static void text_server(FILE *out, const struct trace_level *level, size_t i, bool color)
{
	const struct trace_server *s = &level->servers[i];
	char name[SAFE_MAX], who[SAFE_MAX + 64], words[SAFE_MAX + 64], shown[SAFE_MAX + 80], dig[SAFE_MAX];
	bool followed = level->chosen == (int)i, good = hop_kind_good(s->kind);
	said(s, words, sizeof words);
	snprintf(who, sizeof who, "%s (%s)", safe(s->name, name), s->address[0] ? s->address : "no address");
	fprintf(out, "   %s %-40s %s", followed ? ">" : " ", who,
		paint(words, good ? "32" : "31", color && s->kind != HOP_WAITING, shown, sizeof shown));
	if (s->address[0] && s->kind != HOP_UNREACHABLE)
		fprintf(out, "  %ld ms", s->ms);
	fputc('\n', out);
	if ((followed || !good) && s->dig)
		fprintf(out, "       $ %s\n", safe(s->dig, dig));
}

static void text_level(FILE *out, const struct trace *t, size_t index, bool color)
{
	const struct trace_level *level = trace_level(t, index);
	char zone[SAFE_MAX], qname[SAFE_MAX], words[WORDS_MAX];
	fprintf(out, "\n%zu. %s", index + 1, safe(level->zone, zone));
	if (level->restart)
		fprintf(out, "  again, now for %s", safe(level->qname, qname));
	fprintf(out, "  (%s; %zu server%s asked)\n", trace_level_role(t, index), level->server_count,
		level->server_count == 1 ? "" : "s");
	size_t order[TRACE_SERVERS_MAX];
	server_order(level, order);
	for (size_t i = 0; i < level->server_count; i++)
		text_server(out, level, order[i], color);
	trace_level_words(t, index, words, sizeof words);
	fprintf(out, "   %s\n", words);
	if (trace_ns_differ(t, index)) {
		ns_differ_words(level, words, sizeof words);
		fprintf(out, "   %s\n", words);
	}
}

static const char *end_name(enum trace_end end)
{
	static const char *const names[] = {"running", "found", "absent", "stopped"};
	return names[end];
}

/* What write_text shows: the first `levels` levels (presenter mode holds
 * the others back). */
struct text_request {
	const struct trace *t;
	size_t levels;
	bool color;
};

static void write_text(FILE *out, const struct text_request *req)
{
	const struct trace *t = req->t;
	char qname[SAFE_MAX], answers[SAFE_MAX];
	char *type = ldns_rr_type2str(trace_qtype(t));
	fprintf(out, "Trace of %s %s from the root (%s root hints)\n", safe(trace_qname(t), qname), type ? type : "?",
		trace_hints_builtin(t) ? "built-in" : "given");
	fputs("Each level's servers are asked at once, recursion off; the walk goes on with\n"
	      "the first reply it may follow (marked >).\n", out);
	size_t shown = req->levels < trace_level_count(t) ? req->levels : trace_level_count(t);
	for (size_t i = 0; i < shown; i++)
		text_level(out, t, i, req->color);
	bool presenter = req->levels != (size_t)-1;
	if (presenter && (shown < trace_level_count(t) || trace_end(t) == TRACE_RUNNING)) {
		fprintf(out, "\nSpace shows the next level (%zu of %zu so far).\n", shown, trace_level_count(t));
		free(type);
		return;
	}
	fputs("\nResult: ", out);
	switch (trace_end(t)) {
	case TRACE_FOUND:
		fprintf(out, "%s %s\n", type ? type : "?", safe(trace_answers(t), answers));
		break;
	case TRACE_ABSENT:
		fprintf(out, "no %s record: the zone's own servers say so\n", type ? type : "?");
		break;
	case TRACE_RUNNING:
		fputs("still walking...\n", out);
		break;
	default:
		fprintf(out, "stopped: %s\n", safe(trace_finding(t), answers));
		break;
	}
	fprintf(out, "%zu levels, %zu round trips, %zu questions\n", trace_level_count(t), trace_round_trips(t),
		trace_questions(t));
	free(type);
}

static void json_server(FILE *out, const struct trace_level *level, size_t i)
{
	const struct trace_server *r = &level->servers[i], *s = r;
	json_field(out, "name", s->name, true);
	json_field(out, "address", s->address[0] ? s->address : NULL, false);
	json_field(out, "kind", hop_kind_name(r->kind), false);
	json_field(out, "rcode", r->rcode[0] ? r->rcode : NULL, false);
	fprintf(out, ",\"aa\":%s,\"followed\":%s", r->aa ? "true" : "false", level->chosen == (int)i ? "true" : "false");
	json_field(out, "referral", r->kind == HOP_REFERRAL ? r->child : NULL, false);
	json_key(out, "ns", false);
	json_words(out, r->ns);
	fprintf(out, ",\"glue\":%zu,\"foreign_glue\":%zu", r->glue, r->foreign_glue);
	json_key(out, "answers", false);
	json_words(out, r->answers);
	json_field(out, "detail", r->detail[0] ? r->detail : NULL, false);
	fprintf(out, ",\"ms\":%ld", s->ms);
	json_field(out, "dig", s->dig, false);
}

static void json_level(FILE *out, const struct trace *t, size_t index)
{
	const struct trace_level *level = trace_level(t, index);
	char words[WORDS_MAX];
	json_field(out, "zone", level->zone, true);
	json_field(out, "qname", level->qname, false);
	fprintf(out, ",\"restart\":%s", level->restart ? "true" : "false");
	json_field(out, "role", trace_level_role(t, index), false);
	trace_level_words(t, index, words, sizeof words);
	json_field(out, "words", words, false);
	json_key(out, "parent_ns", false);
	json_words(out, level->parent_ns);
	json_key(out, "zone_ns", false);
	if (level->zone_ns_known)
		json_words(out, level->zone_ns);
	else
		fputs("null", out);
	fprintf(out, ",\"ns_differ\":%s,\"servers\":[", trace_ns_differ(t, index) ? "true" : "false");
	size_t order[TRACE_SERVERS_MAX];
	server_order(level, order);
	for (size_t i = 0; i < level->server_count; i++) {
		fputs(i ? ",{" : "{", out);
		json_server(out, level, order[i]);
		fputc('}', out);
	}
	fputc(']', out);
}

static void write_json(FILE *out, const struct text_request *req)
{
	const struct trace *t = req->t;
	char *type = ldns_rr_type2str(trace_qtype(t));
	fputc('{', out);
	json_field(out, "target", trace_target(t), true);
	json_field(out, "qname", trace_qname(t), false);
	json_field(out, "type", type, false);
	json_field(out, "root_hints", trace_hints_builtin(t) ? "built-in" : "file", false);
	json_field(out, "end", end_name(trace_end(t)), false);
	json_field(out, "finding", trace_end(t) == TRACE_STOPPED ? trace_finding(t) : NULL, false);
	json_key(out, "answers", false);
	json_words(out, trace_answers(t));
	fprintf(out, ",\"round_trips\":%zu,\"questions\":%zu,\"levels\":[", trace_round_trips(t),
		trace_questions(t));
	for (size_t i = 0; i < trace_level_count(t); i++) {
		fputs(i ? ",{" : "{", out);
		json_level(out, t, i);
		fputc('}', out);
	}
	fputs("]}\n", out);
	free(type);
}

struct render_job {
	void (*write)(FILE *, const struct text_request *);
	const struct text_request *req;
};

static void run_job(FILE *out, const void *ctx)
{
	const struct render_job *job = ctx;
	job->write(out, job->req);
}

static char *render(void (*write)(FILE *, const struct text_request *), const struct text_request *req)
{
	struct render_job job = {write, req};
	return render_string(run_job, &job);
}

char *trace_report_text(const struct trace *t, bool color)
{
	struct text_request req = {t, (size_t)-1, color};
	return render(write_text, &req);
}

char *trace_report_text_levels(const struct trace *t, size_t levels, bool color)
{
	struct text_request req = {t, levels, color};
	return render(write_text, &req);
}

char *trace_report_json(const struct trace *t)
{
	struct text_request req = {t, (size_t)-1, false};
	return render(write_json, &req);
}
