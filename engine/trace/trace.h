/* trace - the delegation from the root, walked as a resolver walks it.
 *
 * From the root servers (the built-in hints or a named.root file) the
 * walk asks every address of a level at once, recursion off, the name's
 * PTR (for an address) or A (for a name). It goes on with the first
 * reply it may follow (hop.h): a referral becomes the next level, an
 * authoritative answer ends the walk, a CNAME (an RFC 2317 classless
 * delegation) starts the walk again for its target from the deepest zone
 * already known. The other servers of a level are still heard and listed.
 * Name servers without trusted glue are looked up through the backend's
 * resolver, as `dig +trace` looks them up. For each level reached by a
 * referral, the zone's own NS set is asked of the server that answered,
 * beside the next level, so that parent and child NS sets can be compared
 * without a round trip more.
 *
 * The walk stops with a finding, never a hang: no server of a level may
 * be followed (all lame, refusing, looping, referring upward, silent or
 * without an address), more than TRACE_LEVELS_MAX levels, more than
 * TRACE_ALIASES_MAX CNAMEs, more than TRACE_QUESTIONS_MAX questions.
 *
 * Runs on the caller's event loop (loop.h) with a live backend; a trace
 * belongs to one thread. */
#ifndef PTRDOCTOR_TRACE_H
#define PTRDOCTOR_TRACE_H

#include <ldns/ldns.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hop.h"
#include "trace_hints.h"

struct backend;
struct loop;
struct trace;

#define TRACE_LEVELS_MAX 24
#define TRACE_SERVERS_MAX 32   /* addresses asked at one level */
#define TRACE_ALIASES_MAX 4
#define TRACE_QUESTIONS_MAX 400
#define TRACE_NS_TEXT_MAX 2048 /* an NS set, sorted, one space between */

/* What one server said (hop.h's reading, kept short). */
struct trace_server {
	char name[HOP_NAME_MAX];
	char address[NAMES_ADDR_TEXT_MAX]; /* "" for HOP_NO_ADDRESS */
	enum hop_kind kind;                /* HOP_WAITING until it replies */
	char rcode[16];
	bool aa;
	char child[HOP_NAME_MAX];          /* a referral's zone */
	char ns[TRACE_NS_TEXT_MAX];        /* a referral's NS set, sorted */
	size_t glue, foreign_glue;         /* addresses trusted, and not */
	char answers[HOP_ANSWERS_MAX];     /* the records, or a CNAME's target */
	char detail[HOP_DETAIL_MAX];       /* why a walk does not follow it */
	long ms;
	char *dig;                         /* owned: the same question with dig */
};

struct trace_level {
	char zone[HOP_NAME_MAX];           /* whose servers are asked */
	char qname[HOP_NAME_MAX];          /* what they are asked */
	ldns_rr_type qtype;
	bool restart;                      /* asked again after a CNAME */
	size_t restart_of;                 /* the level whose servers it asks again */
	char parent_ns[TRACE_NS_TEXT_MAX]; /* the NS set the parent handed down ("" at the root) */
	char zone_ns[TRACE_NS_TEXT_MAX];   /* the NS set the zone's own server gives */
	bool zone_ns_asked, zone_ns_known;
	size_t server_count;
	struct trace_server servers[TRACE_SERVERS_MAX];
	int chosen;                        /* the server the walk went on with, -1 none */
	size_t lookups_pending;            /* name server addresses still asked of the resolver */
};

enum trace_end {
	TRACE_RUNNING = 0,
	TRACE_FOUND,   /* an authoritative answer with the records */
	TRACE_ABSENT,  /* an authoritative no such name, or no such type */
	TRACE_STOPPED, /* a level no walk may follow; finding says why */
};

/* trace_new - a walk for target, an IP address (its reverse name, PTR) or
 * a host name (A). root_hints: the text of a named.root file, NULL for the
 * built-in hints. Servers are asked on port (53 but in tests). backend is
 * borrowed (its resolver finds name servers' addresses). false with a
 * message in err for a target or hints that cannot be used. */
bool trace_new(struct backend *backend, const char *target, const char *root_hints, uint16_t port,
	       struct trace **out, char *err, size_t errsize);

/* trace_start - ask the root servers on loop (borrowed: it must outlive
 * the trace). false on no memory. */
bool trace_start(struct trace *t, struct loop *loop);

/* trace_finished - the walk has ended and every question is back. */
bool trace_finished(const struct trace *t);

enum trace_end trace_end(const struct trace *t);

/* trace_finding - why the walk stopped, in words ("" unless STOPPED). */
const char *trace_finding(const struct trace *t);

/* trace_target, trace_qname - as given, and the first name asked. */
const char *trace_target(const struct trace *t);
const char *trace_qname(const struct trace *t);
ldns_rr_type trace_qtype(const struct trace *t);

/* trace_answers - the records of the last level's chosen answer ("" for none). */
const char *trace_answers(const struct trace *t);

/* trace_hints_source - "built in" or "file". */
bool trace_hints_builtin(const struct trace *t);

size_t trace_level_count(const struct trace *t);
const struct trace_level *trace_level(const struct trace *t, size_t index);

/* trace_questions - how many questions were sent; trace_round_trips -
 * the levels the walk waited on, one round trip each (lookups of name
 * server addresses add one). */
size_t trace_questions(const struct trace *t);
size_t trace_round_trips(const struct trace *t);

/* trace_cancel - stop every question in flight (before their loop is
 * freed); the walk ends as it stands. */
void trace_cancel(struct trace *t);

/* trace_free - cancels what is in flight. NULL is a no-op. */
void trace_free(struct trace *t);

#endif
