/* trace - the delegation from the root, walked as a resolver walks it. */
#define _POSIX_C_SOURCE 200809L
#include "trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/backend.h"
#include "dns/dig.h"
#include "util/help.h"
#include "dns/loop.h"
#include "util/names.h"

#define HINTS_MAX TRACE_SERVERS_MAX
#define ADDRESSES_PER_NAME 2 /* of each family, from the resolver */

enum ask_kind {
	ASK_SERVER,  /* the level's question, of one server */
	ASK_ZONE_NS, /* the zone's own NS set, of the server the walk went on with */
	ASK_ADDRESS, /* a name server's A or AAAA, of the resolver */
};

struct trace_ask {
	struct trace *t;
	enum ask_kind kind;
	size_t level, server;
	char ns[HOP_NAME_MAX]; /* ASK_ADDRESS: the name server */
	ldns_rr_type type;
	long started;
	struct backend_query *query;
	struct trace_ask *prev, *next;
};

struct hint {
	char name[HOP_NAME_MAX];
	char address[NAMES_ADDR_TEXT_MAX];
};

struct trace {
	struct backend *backend;
	struct loop *loop;
	uint16_t port;
	char target[HOP_NAME_MAX];
	char reverse_of[NAMES_ADDR_TEXT_MAX]; /* the address, when the target is one */
	char qname[HOP_NAME_MAX];
	ldns_rr_type qtype;
	bool builtin_hints;
	size_t hint_count;
	struct hint hints[HINTS_MAX];
	struct trace_level *levels[TRACE_LEVELS_MAX];
	size_t level_count;
	size_t current; /* the level the walk waits on */
	enum trace_end end;
	char finding[HOP_DETAIL_MAX + HOP_NAME_MAX];
	char answers[HOP_ANSWERS_MAX];
	size_t questions, round_trips, aliases;
	struct trace_ask *asks; /* in flight */
};

static void ask_server(struct trace *t, size_t li, size_t si);

/* --- root hints ----------------------------------------------------- */

/* hints_add_record - an address record of the hints; NS records are
 * implied by the addresses (named.root lists both). */
static void hints_add_record(struct trace *t, const ldns_rr *rr)
{
	ldns_rr_type type = ldns_rr_get_type(rr);
	if ((type != LDNS_RR_TYPE_A && type != LDNS_RR_TYPE_AAAA) || ldns_rr_rd_count(rr) < 1 ||
	    t->hint_count == HINTS_MAX)
		return;
	struct hint *h = &t->hints[t->hint_count++];
	names_rdf_text(ldns_rr_owner(rr), h->name, sizeof h->name);
	names_rdf_text(ldns_rr_rdf(rr, 0), h->address, sizeof h->address);
}

/* hints_parse - named.root: comments after ';', one record per line. */
static bool hints_parse(struct trace *t, const char *text, char *err, size_t errsize)
{
	size_t line_no = 0;
	for (const char *p = text; *p;) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char line[1024];
		line_no++;
		snprintf(line, sizeof line, "%.*s", (int)(len < sizeof line ? len : sizeof line - 1), p);
		p += len + (end ? 1 : 0);
		char *semi = strchr(line, ';');
		if (semi)
			*semi = '\0';
		if (line[strspn(line, " \t\r")] == '\0')
			continue;
		ldns_rr *rr = NULL;
		if (ldns_rr_new_frm_str(&rr, line, 3600, NULL, NULL) != LDNS_STATUS_OK) {
			snprintf(err, errsize, "root hints, line %zu: not a DNS record", line_no);
			return false;
		}
		hints_add_record(t, rr);
		ldns_rr_free(rr);
	}
	if (t->hint_count == 0) {
		snprintf(err, errsize, "root hints: no A or AAAA record of a root server");
		return false;
	}
	return true;
}

/* --- levels and questions ------------------------------------------ */

static struct trace_level *level_add(struct trace *t, const char *zone, const char *qname, ldns_rr_type qtype)
{
	struct trace_level *level = calloc(1, sizeof *level);
	if (!level)
		return NULL;
	snprintf(level->zone, sizeof level->zone, "%s", zone);
	snprintf(level->qname, sizeof level->qname, "%s", qname);
	level->qtype = qtype;
	level->chosen = -1;
	t->levels[t->level_count] = level;
	t->current = t->level_count++;
	t->round_trips++;
	return level;
}

/* server_add - a name and address to ask at level li; its index, or -1
 * when the level is full or already has the address. */
static int server_add(struct trace_level *level, const char *name, const char *address)
{
	for (size_t i = 0; i < level->server_count; i++)
		if (address[0] && strcmp(level->servers[i].address, address) == 0)
			return -1;
	if (level->server_count == TRACE_SERVERS_MAX)
		return -1;
	struct trace_server *s = &level->servers[level->server_count];
	memset(s, 0, sizeof *s);
	snprintf(s->name, sizeof s->name, "%s", name);
	snprintf(s->address, sizeof s->address, "%s", address);
	return (int)level->server_count++;
}

static void stop(struct trace *t, enum trace_end end, const char *finding)
{
	if (t->end != TRACE_RUNNING)
		return;
	t->end = end;
	snprintf(t->finding, sizeof t->finding, "%s", finding ? finding : "");
}

static struct trace_ask *ask_new(struct trace *t, enum ask_kind kind, size_t li, size_t si, ldns_rr_type type)
{
	if (t->questions >= TRACE_QUESTIONS_MAX) {
		char why[128];
		snprintf(why, sizeof why, "the walk took more than %d questions; stopped there", TRACE_QUESTIONS_MAX);
		stop(t, TRACE_STOPPED, why);
		return NULL;
	}
	struct trace_ask *a = calloc(1, sizeof *a);
	if (!a)
		return NULL;
	*a = (struct trace_ask){.t = t, .kind = kind, .level = li, .server = si, .type = type,
				.started = loop_now_ms(), .next = t->asks};
	if (t->asks)
		t->asks->prev = a;
	t->asks = a;
	t->questions++;
	return a;
}

static void ask_unlink(struct trace_ask *a)
{
	struct trace *t = a->t;
	if (a->prev)
		a->prev->next = a->next;
	else
		t->asks = a->next;
	if (a->next)
		a->next->prev = a->prev;
}

/* address_lookup_pending - a question for this name server's address at
 * level li is still out. */
static bool address_lookup_pending(const struct trace *t, size_t li, const char *ns)
{
	for (const struct trace_ask *a = t->asks; a; a = a->next)
		if (a->kind == ASK_ADDRESS && a->level == li && names_equal(a->ns, ns))
			return true;
	return false;
}

static bool level_settled(const struct trace *t, size_t li)
{
	const struct trace_level *level = t->levels[li];
	if (level->lookups_pending > 0 || (level->restart && t->levels[level->restart_of]->lookups_pending > 0))
		return false;
	for (size_t i = 0; i < level->server_count; i++)
		if (level->servers[i].kind == HOP_WAITING)
			return false;
	return true;
}

/* stop_at_level - no server of the level may be followed: say why with
 * the first two servers' own words. */
static void stop_at_level(struct trace *t, const struct trace_level *level)
{
	char why[sizeof t->finding];
	int w = snprintf(why, sizeof why, "no server of %s gives a reply the walk may follow", level->zone);
	size_t said = 0;
	for (size_t i = 0; i < level->server_count && said < 2 && w > 0 && (size_t)w < sizeof why; i++) {
		const struct trace_server *s = &level->servers[i];
		w += snprintf(why + w, sizeof why - (size_t)w, "%s %s%s%s%s %s", said ? ";" : ":", s->name,
			      s->address[0] ? " (" : "", s->address, s->address[0] ? ")" : "", s->detail);
		said++;
	}
	stop(t, TRACE_STOPPED, why);
}

static void settle(struct trace *t, size_t li)
{
	const struct trace_level *level = t->levels[li];
	if (t->end == TRACE_RUNNING && li == t->current && level->chosen < 0 && level_settled(t, li))
		stop_at_level(t, level);
}

/* --- replies -------------------------------------------------------- */

/* no_reply - a server that did not answer, in words. */
static void no_reply(struct trace_server *s, enum backend_result result, const char *error)
{
	s->kind = result == BACKEND_TIMEOUT ? HOP_TIMEOUT : HOP_UNREACHABLE;
	if (result == BACKEND_TIMEOUT)
		snprintf(s->detail, sizeof s->detail, "does not reply (timeout, retry included)");
	else
		snprintf(s->detail, sizeof s->detail, "cannot be asked from here: %s", error ? error : "send failed");
}

static void join_ns(const struct hop_reading *r, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < r->ns_count; i++) {
		int w = snprintf(buf + used, size - used, "%s%s", used ? " " : "", r->ns[i]);
		used = w > 0 && (size_t)w < size - used ? used + (size_t)w : size - 1;
	}
}

/* keep - what the server said, from its reading. */
static void keep(struct trace_server *s, const struct hop_reading *r)
{
	s->kind = r->kind;
	snprintf(s->rcode, sizeof s->rcode, "%s", r->rcode);
	s->aa = r->aa;
	snprintf(s->child, sizeof s->child, "%s", r->child);
	join_ns(r, s->ns, sizeof s->ns);
	s->glue = r->glue_count;
	s->foreign_glue = r->foreign_glue;
	snprintf(s->answers, sizeof s->answers, "%s", r->answers);
	snprintf(s->detail, sizeof s->detail, "%s", r->detail);
}

static void follow(struct trace *t, size_t li, const struct hop_reading *r);

static void server_replied(struct trace *t, struct trace_ask *a, enum backend_result result, const ldns_pkt *reply,
			   const char *error)
{
	struct trace_level *level = t->levels[a->level];
	struct trace_server *s = &level->servers[a->server];
	s->ms = loop_now_ms() - a->started;
	struct hop_reading *r = result == BACKEND_ANSWER && reply ? malloc(sizeof *r) : NULL;
	if (!r) {
		no_reply(s, result == BACKEND_ANSWER ? BACKEND_FAILED : result, result == BACKEND_ANSWER ? "out of memory" : error);
		return;
	}
	hop_read(reply, level->zone, level->qname, level->qtype, r);
	keep(s, r);
	if (t->end == TRACE_RUNNING && a->level == t->current && level->chosen < 0 && hop_kind_good(r->kind)) {
		level->chosen = (int)a->server;
		follow(t, a->level, r);
	}
	free(r);
}

static void zone_ns_replied(struct trace *t, struct trace_ask *a, const ldns_pkt *reply)
{
	struct trace_level *level = t->levels[a->level];
	if (!reply || !ldns_pkt_aa(reply) || ldns_pkt_get_rcode(reply) != LDNS_RCODE_NOERROR)
		return;
	ldns_rr_list *ns = ldns_pkt_rr_list_by_type(reply, LDNS_RR_TYPE_NS, LDNS_SECTION_ANSWER);
	if (ns && names_records_text(ns, level->zone_ns, sizeof level->zone_ns) > 0)
		level->zone_ns_known = true;
	ldns_rr_list_deep_free(ns);
}

/* share_with_restarts - a level asked again after a CNAME asks the
 * servers its model found after it started too. */
static void share_with_restarts(struct trace *t, size_t li)
{
	const struct trace_level *from = t->levels[li];
	for (size_t k = li + 1; k < t->level_count; k++) {
		if (!t->levels[k]->restart || t->levels[k]->restart_of != li)
			continue;
		for (size_t i = 0; i < from->server_count; i++) {
			if (!from->servers[i].address[0])
				continue;
			int si = server_add(t->levels[k], from->servers[i].name, from->servers[i].address);
			if (si >= 0)
				ask_server(t, k, (size_t)si);
		}
	}
}

/* address_replied - a name server's addresses: each is asked the level's
 * question; a name left with none at all is listed as such. */
static void address_replied(struct trace *t, struct trace_ask *a, const ldns_pkt *reply)
{
	struct trace_level *level = t->levels[a->level];
	level->lookups_pending--;
	ldns_rr_list *rrs = reply ? ldns_pkt_rr_list_by_type(reply, a->type, LDNS_SECTION_ANSWER) : NULL;
	size_t added = 0;
	for (size_t i = 0; rrs && i < ldns_rr_list_rr_count(rrs) && added < ADDRESSES_PER_NAME; i++) {
		char address[NAMES_ADDR_TEXT_MAX];
		names_rdf_text(ldns_rr_rdf(ldns_rr_list_rr(rrs, i), 0), address, sizeof address);
		int si = server_add(level, a->ns, address);
		if (si >= 0) {
			added++;
			ask_server(t, a->level, (size_t)si);
		}
	}
	ldns_rr_list_deep_free(rrs);
	share_with_restarts(t, a->level);
	bool has_address = false;
	for (size_t i = 0; i < level->server_count; i++)
		has_address |= names_equal(level->servers[i].name, a->ns) && level->servers[i].address[0];
	if (!has_address && !address_lookup_pending(t, a->level, a->ns)) {
		int si = server_add(level, a->ns, "");
		if (si >= 0) {
			struct trace_server *s = &level->servers[si];
			s->kind = HOP_NO_ADDRESS;
			snprintf(s->detail, sizeof s->detail, "has no address: no glue, and no A or AAAA record");
		}
	}
}

static void ask_done(void *ctx, enum backend_result result, ldns_pkt *reply, const char *server, const char *error)
{
	(void)server;
	struct trace_ask *a = ctx;
	struct trace *t = a->t;
	ask_unlink(a);
	if (a->kind == ASK_SERVER)
		server_replied(t, a, result, reply, error);
	else if (a->kind == ASK_ZONE_NS)
		zone_ns_replied(t, a, result == BACKEND_ANSWER ? reply : NULL);
	else
		address_replied(t, a, result == BACKEND_ANSWER ? reply : NULL);
	size_t li = a->level;
	free(a);
	ldns_pkt_free(reply);
	settle(t, li);
	settle(t, t->current); /* a level asked again waits on its model's lookups */
}

/* --- questions ------------------------------------------------------ */

static void ask_server(struct trace *t, size_t li, size_t si)
{
	struct trace_level *level = t->levels[li];
	struct trace_server *s = &level->servers[si];
	bool reverse = t->reverse_of[0] && names_equal(level->qname, t->qname);
	s->dig = dig_command_server(s->address, t->port, level->qname, level->qtype,
					    reverse ? t->reverse_of : NULL);
	struct trace_ask *a = ask_new(t, ASK_SERVER, li, si, level->qtype);
	if (a)
		a->query = backend_ask_server(t->backend, t->loop, s->address, t->port, level->qname, level->qtype,
					      ask_done, a);
	if (a && a->query)
		return;
	if (a) {
		ask_unlink(a);
		free(a);
	}
	no_reply(s, BACKEND_FAILED, a ? "out of memory" : "not asked");
}

static void ask_zone_ns(struct trace *t, size_t li)
{
	struct trace_level *level = t->levels[li];
	const struct trace_server *s = &level->servers[level->chosen];
	level->zone_ns_asked = true;
	struct trace_ask *a = ask_new(t, ASK_ZONE_NS, li, (size_t)level->chosen, LDNS_RR_TYPE_NS);
	if (a)
		a->query = backend_ask_server(t->backend, t->loop, s->address, t->port, level->zone, LDNS_RR_TYPE_NS,
					      ask_done, a);
	if (a && !a->query) {
		ask_unlink(a);
		free(a);
		level->zone_ns_asked = false;
	}
}

static void ask_address(struct trace *t, size_t li, const char *ns, ldns_rr_type type)
{
	struct trace_ask *a = ask_new(t, ASK_ADDRESS, li, 0, type);
	if (!a)
		return;
	snprintf(a->ns, sizeof a->ns, "%s", ns);
	a->query = backend_ask(t->backend, t->loop, ns, type, ask_done, a);
	if (!a->query) {
		ask_unlink(a);
		free(a);
		return;
	}
	t->levels[li]->lookups_pending++;
}

/* --- the walk ------------------------------------------------------- */

/* descend - the next level, from a referral: glue where it is trusted,
 * the resolver for the other name servers. */
static void descend(struct trace *t, const struct trace_level *parent, const struct hop_reading *r)
{
	if (t->level_count == TRACE_LEVELS_MAX) {
		char why[sizeof t->finding];
		snprintf(why, sizeof why, "%s is more than %d delegations below the root; the walk stopped there",
			 r->child, TRACE_LEVELS_MAX);
		stop(t, TRACE_STOPPED, why);
		return;
	}
	char qname[HOP_NAME_MAX];
	snprintf(qname, sizeof qname, "%s", parent->qname);
	struct trace_level *level = level_add(t, r->child, qname, parent->qtype);
	if (!level) {
		stop(t, TRACE_STOPPED, "out of memory");
		return;
	}
	size_t li = t->level_count - 1;
	join_ns(r, level->parent_ns, sizeof level->parent_ns);
	for (size_t n = 0; n < r->ns_count; n++) {
		bool glued = false;
		for (size_t g = 0; g < r->glue_count; g++) {
			if (!names_equal(r->glue[g].name, r->ns[n]))
				continue;
			glued = true;
			int si = server_add(level, r->ns[n], r->glue[g].address);
			if (si >= 0)
				ask_server(t, li, (size_t)si);
		}
		if (!glued) {
			ask_address(t, li, r->ns[n], LDNS_RR_TYPE_A);
			ask_address(t, li, r->ns[n], LDNS_RR_TYPE_AAAA);
		}
	}
	if (r->glue_count == 0)
		t->round_trips++; /* the addresses first, then the question */
	settle(t, li);
}

/* deepest_zone_of - the deepest level already walked whose zone holds
 * name, where the walk may start again. */
static bool deepest_zone_of(const struct trace *t, const char *name, size_t *index)
{
	const struct trace_level *best = NULL;
	for (size_t i = 0; i < t->level_count; i++) {
		const struct trace_level *l = t->levels[i];
		if (l->chosen >= 0 && !l->restart && names_in_zone(name, l->zone) &&
		    (!best || names_in_zone(l->zone, best->zone))) {
			best = l;
			*index = i;
		}
	}
	return best != NULL;
}

/* restart - a CNAME: the walk again for its target, from the deepest zone
 * known to hold it, with that zone's servers. */
static void restart(struct trace *t, const char *target, ldns_rr_type qtype)
{
	char why[sizeof t->finding];
	size_t from_index = 0;
	bool known = deepest_zone_of(t, target, &from_index);
	if (++t->aliases > TRACE_ALIASES_MAX || t->level_count == TRACE_LEVELS_MAX || !known) {
		snprintf(why, sizeof why, "more than %d CNAMEs or levels; the walk stopped at %s", TRACE_ALIASES_MAX,
			 target);
		stop(t, TRACE_STOPPED, why);
		return;
	}
	char zone[HOP_NAME_MAX];
	snprintf(zone, sizeof zone, "%s", t->levels[from_index]->zone);
	struct trace_level *level = level_add(t, zone, target, qtype);
	if (!level) {
		stop(t, TRACE_STOPPED, "out of memory");
		return;
	}
	level->restart = true;
	level->restart_of = from_index;
	const struct trace_level *from = t->levels[from_index];
	snprintf(level->parent_ns, sizeof level->parent_ns, "%s", from->parent_ns);
	size_t li = t->level_count - 1;
	share_with_restarts(t, from_index);
	settle(t, li);
}

/* follow - the chosen server's reply at level li decides what comes next. */
static void follow(struct trace *t, size_t li, const struct hop_reading *r)
{
	struct trace_level *level = t->levels[li];
	if (li > 0 && !level->restart && !level->zone_ns_asked)
		ask_zone_ns(t, li);
	switch (r->kind) {
	case HOP_REFERRAL:
		descend(t, level, r);
		break;
	case HOP_ALIAS:
		restart(t, r->answers, level->qtype);
		break;
	case HOP_ANSWER:
		snprintf(t->answers, sizeof t->answers, "%s", r->answers);
		stop(t, TRACE_FOUND, NULL);
		break;
	default:
		stop(t, TRACE_ABSENT, NULL);
		break;
	}
}

/* --- the public face ----------------------------------------------- */

static bool target_parse(struct trace *t, const char *target, char *err, size_t errsize)
{
	struct ip_address ip;
	snprintf(t->target, sizeof t->target, "%s", target);
	if (names_parse_ip(target, &ip) == NAMES_OK) {
		snprintf(t->reverse_of, sizeof t->reverse_of, "%s", target);
		t->qtype = LDNS_RR_TYPE_PTR;
		return names_reverse(&ip, t->qname, sizeof t->qname);
	}
	if (!names_valid_hostname(target, true)) {
		snprintf(err, errsize, "trace needs an IP address or a host name");
		return false;
	}
	size_t len = strlen(target);
	snprintf(t->qname, sizeof t->qname, "%s%s", target, target[len - 1] == '.' ? "" : ".");
	t->qtype = LDNS_RR_TYPE_A;
	return true;
}

bool trace_new(struct backend *backend, const char *target, const char *root_hints, uint16_t port,
	       struct trace **out, char *err, size_t errsize)
{
	struct trace *t = calloc(1, sizeof *t);
	*out = NULL;
	if (!t) {
		snprintf(err, errsize, "out of memory");
		return false;
	}
	t->backend = backend;
	t->port = port;
	t->builtin_hints = root_hints == NULL;
	const char *hints = root_hints ? root_hints : help_text("root.hints");
	if (!target_parse(t, target, err, errsize) || !hints_parse(t, hints ? hints : "", err, errsize)) {
		free(t);
		return false;
	}
	*out = t;
	return true;
}

bool trace_start(struct trace *t, struct loop *loop)
{
	t->loop = loop;
	if (!level_add(t, ".", t->qname, t->qtype))
		return false;
	for (size_t i = 0; i < t->hint_count; i++) {
		int si = server_add(t->levels[0], t->hints[i].name, t->hints[i].address);
		if (si >= 0)
			ask_server(t, 0, (size_t)si);
	}
	settle(t, 0);
	return true;
}

bool trace_finished(const struct trace *t)
{
	return t->end != TRACE_RUNNING && !t->asks;
}

enum trace_end trace_end(const struct trace *t) { return t->end; }
const char *trace_finding(const struct trace *t) { return t->finding; }
const char *trace_target(const struct trace *t) { return t->target; }
const char *trace_qname(const struct trace *t) { return t->qname; }
ldns_rr_type trace_qtype(const struct trace *t) { return t->qtype; }
const char *trace_answers(const struct trace *t) { return t->answers; }
bool trace_hints_builtin(const struct trace *t) { return t->builtin_hints; }
size_t trace_level_count(const struct trace *t) { return t->level_count; }
size_t trace_questions(const struct trace *t) { return t->questions; }
size_t trace_round_trips(const struct trace *t) { return t->round_trips; }

const struct trace_level *trace_level(const struct trace *t, size_t index)
{
	return index < t->level_count ? t->levels[index] : NULL;
}

void trace_cancel(struct trace *t)
{
	while (t->asks) {
		struct trace_ask *a = t->asks;
		t->asks = a->next;
		backend_query_cancel(a->query);
		free(a);
	}
	if (t->end == TRACE_RUNNING)
		stop(t, TRACE_STOPPED, "cancelled before the end");
}

void trace_free(struct trace *t)
{
	if (!t)
		return;
	trace_cancel(t);
	for (size_t i = 0; i < t->level_count; i++) {
		for (size_t k = 0; k < t->levels[i]->server_count; k++)
			free(t->levels[i]->servers[k].dig);
		free(t->levels[i]);
	}
	free(t);
}
