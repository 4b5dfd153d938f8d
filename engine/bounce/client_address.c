/* client_address - which address in a refusal is the client's. */
#define _POSIX_C_SOURCE 200809L
#include "client_address.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textmatch.h"
#include "util/names.h"

#define WINDOW 400     /* how far from a refusal its address may stand */
#define SENTENCE 100   /* how far the refusal's own sentence may name it */
#define CANDIDATES 256 /* addresses looked at in one text */

enum rank { RANK_BRACKETED = 0, RANK_MARKED, RANK_BARE };

/* An address form: the group that holds the address, its rank, and a
 * group that, when it matched, makes this one address the receiver's. */
struct ip_form {
	const char *pattern;
	int group;
	enum rank rank;
	int unless;
};

/* The client's forms. Gmail writes the client with a counter after
 * spaces: "[203.0.113.5      12]". */
static const struct ip_form client_forms[] = {
	{"(^|[ (;,:=])\\[(IPv6:)?([0-9A-Fa-f:.]+)( +[0-9]+)?\\]", 3, RANK_BRACKETED, 0},
	{"IP address ([0-9A-Fa-f:.]+)", 1, RANK_BRACKETED, 0},
	{" ([0-9A-Fa-f:.]{7,}) does not match", 1, RANK_BRACKETED, 0},
	{"[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*\\[(IPv6:)?([0-9A-Fa-f:.]+)\\]", 3, RANK_BRACKETED, 0},
	{"(^|[^A-Za-z])(IP|ip|client|addr|v)=\\[?([0-9A-Fa-f:.]{7,})", 3, RANK_MARKED, 0},
	{"((at|Server|from) [A-Za-z0-9.-]+ )?\\(([0-9A-Fa-f:.]{7,})\\)", 3, RANK_MARKED, 1},
	{"(^|[^0-9A-Za-z.:/[])(([0-9]{1,3}\\.){3}[0-9]{1,3})([^0-9A-Za-z.]|\\.([^0-9A-Za-z]|$)|$)", 2, RANK_BARE, 0},
	{"(^|[^0-9A-Za-z.:/[])([0-9A-Fa-f]{1,4}(:[0-9A-Fa-f]{0,4}){2,7})([^0-9A-Za-z.:]|$)", 2, RANK_BARE, 0},
};

/* The receiver's own, wherever they stand: what the sending side
 * connected to. */
static const struct ip_form receiver_forms[] = {
	{"(host|to) [A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)* ?[[(](IPv6:)?([0-9A-Fa-f:.]+)[])]", 4, 0, 0},
	{"(^| )H=[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)* \\[(IPv6:)?([0-9A-Fa-f:.]+)\\]", 4, 0, 0},
	{"relay=[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*\\[(IPv6:)?([0-9A-Fa-f:.]+)\\]", 3, 0, 0},
	{"Connected to \\[?([0-9A-Fa-f:.]{7,})", 1, 0, 0},
	{"(^|[^0-9A-Fa-f:.])([0-9A-Fa-f:.]{7,}) does not like (recipient|sender)", 2, 0, 0},
	{"Giving up on \\[?([0-9A-Fa-f:.]{7,})", 1, 0, 0},
	{"Remote-MTA: *[A-Za-z]+; *\\[?([0-9A-Fa-f:.]{7,})", 1, 0, 0},
	{"Remote-MTA: *[A-Za-z]+; *[A-Za-z0-9._-]+ ?\\[(IPv6:)?([0-9A-Fa-f:.]{7,})", 2, 0, 0},
};

struct candidate {
	size_t so, eo;
	enum rank rank;
	struct ip_address ip;
};

struct candidates {
	struct candidate at[CANDIDATES];
	size_t count;
	regmatch_t headers[32]; /* Received header lines: another hop's client, never this refusal's */
	size_t header_count;
	struct ip_address receivers[16];
	size_t receiver_count;
};

/* usable - a client could connect from it: no loopback, unspecified,
 * link-local or multicast address. */
static bool usable(const char *text, const regmatch_t *g, struct ip_address *ip)
{
	char candidate[NAMES_ADDR_TEXT_MAX + 8];
	if (g->rm_so < 0 || g->rm_eo - g->rm_so >= (regoff_t)sizeof candidate)
		return false;
	snprintf(candidate, sizeof candidate, "%.*s", (int)(g->rm_eo - g->rm_so), text + g->rm_so);
	if (names_parse_ip(candidate, ip) != NAMES_OK)
		return false;
	enum ip_kind kind = names_ip_kind(ip);
	return kind != IP_LOOPBACK && kind != IP_UNSPECIFIED && kind != IP_LINK_LOCAL && kind != IP_MULTICAST;
}

/* each_match - fn for every address of a form in text. */
static void each_match(const struct ip_form *form, const char *text, struct candidates *c,
		       void (*fn)(struct candidates *, const struct ip_form *, const regmatch_t *, const struct ip_address *))
{
	regmatch_t m[6];
	for (size_t from = 0; textmatch_find(form->pattern, text, from, m, 6); from = (size_t)m[0].rm_eo) {
		struct ip_address ip;
		bool theirs = form->unless && m[form->unless].rm_so >= 0;
		if (!theirs && usable(text, &m[form->group], &ip))
			fn(c, form, &m[form->group], &ip);
		if (m[0].rm_eo == m[0].rm_so)
			break;
	}
}

static void add_receiver(struct candidates *c, const struct ip_form *form, const regmatch_t *g, const struct ip_address *ip)
{
	(void)form;
	(void)g;
	if (c->receiver_count < sizeof c->receivers / sizeof c->receivers[0])
		c->receivers[c->receiver_count++] = *ip;
}

static bool receivers(const struct candidates *c, const struct ip_address *ip)
{
	for (size_t i = 0; i < c->receiver_count; i++)
		if (strcmp(c->receivers[i].text, ip->text) == 0)
			return true;
	return false;
}

static bool in_header(const struct candidates *c, const regmatch_t *g)
{
	for (size_t i = 0; i < c->header_count; i++)
		if (g->rm_so >= c->headers[i].rm_so && g->rm_so < c->headers[i].rm_eo)
			return true;
	return false;
}

/* find_headers - the spans of the Received lines, up to their dates. */
static void find_headers(const char *text, struct candidates *c)
{
	regmatch_t m[1];
	for (size_t from = 0; c->header_count < sizeof c->headers / sizeof c->headers[0] &&
			      textmatch_find("Received: [^;]*", text, from, m, 1);
	     from = (size_t)m[0].rm_eo)
		c->headers[c->header_count++] = m[0];
}

static void add_candidate(struct candidates *c, const struct ip_form *form, const regmatch_t *g, const struct ip_address *ip)
{
	if (c->count < CANDIDATES && !receivers(c, ip) && !in_header(c, g))
		c->at[c->count++] = (struct candidate){(size_t)g->rm_so, (size_t)g->rm_eo, form->rank, *ip};
}

/* in_sentence - the first address from the refusal's start to just past
 * its end, else the last one just before it. */
static const struct candidate *in_sentence(const struct candidates *c, size_t so, size_t eo)
{
	const struct candidate *after = NULL, *before = NULL;
	for (size_t i = 0; i < c->count; i++) {
		const struct candidate *k = &c->at[i];
		if (k->so >= so && k->so <= eo + SENTENCE && (!after || k->so < after->so))
			after = k;
		if (k->eo <= so && k->eo + SENTENCE >= so && (!before || k->eo > before->eo))
			before = k;
	}
	return after ? after : before;
}

/* nearest - the best-ranked address within WINDOW, the nearest of those. */
static const struct candidate *nearest(const struct candidates *c, size_t pos)
{
	const struct candidate *best = NULL;
	long best_distance = 0;
	for (size_t i = 0; i < c->count; i++) {
		const struct candidate *k = &c->at[i];
		long distance = labs((long)k->so - (long)pos);
		if (distance > WINDOW)
			continue;
		if (!best || k->rank < best->rank || (k->rank == best->rank && distance < best_distance)) {
			best = k;
			best_distance = distance;
		}
	}
	return best;
}

bool client_address_find(const char *text, size_t so, size_t eo, char *out, size_t size)
{
	struct candidates *c = calloc(1, sizeof *c);
	if (!c)
		return false;
	find_headers(text, c);
	for (size_t k = 0; k < sizeof receiver_forms / sizeof receiver_forms[0]; k++)
		each_match(&receiver_forms[k], text, c, add_receiver);
	for (size_t k = 0; k < sizeof client_forms / sizeof client_forms[0]; k++)
		each_match(&client_forms[k], text, c, add_candidate);
	const struct candidate *chosen = in_sentence(c, so, eo);
	if (!chosen)
		chosen = nearest(c, so);
	if (chosen)
		snprintf(out, size, "%s", chosen->ip.text);
	free(c);
	return chosen != NULL;
}
