/* headline - the verdict from what the receivers do. */
#define _POSIX_C_SOURCE 200809L
#include "headline.h"

#include <stdio.h>
#include <string.h>

#include "receivers/receivers.h"

/* SpamAssassin scores its informational rules (SPF_HELO_NONE) 0.001:
 * they show, but are not meant to move a message's score. */
#define SCORE_THAT_COUNTS 0.01

typedef bool (*pick_fn)(const struct prediction *p);

static bool refused(const struct prediction *p)
{
	return (p->verdict == VERDICT_REJECT || p->verdict == VERDICT_DEFER) && !p->temporary;
}

static bool refused_for_dns(const struct prediction *p)
{
	return (p->verdict == VERDICT_REJECT || p->verdict == VERDICT_DEFER) && p->temporary;
}

static bool refused_by_chance(const struct prediction *p)
{
	return p->verdict == VERDICT_EITHER && p->code > 0;
}

static bool scored(const struct prediction *p)
{
	return (p->verdict == VERDICT_POINTS || (p->verdict == VERDICT_EITHER && p->has_score)) &&
	       p->score >= SCORE_THAT_COUNTS;
}

static bool cautioned(const struct prediction *p)
{
	return p->verdict == VERDICT_WARN;
}

/* named - the receivers of p for address that pick selects, once each,
 * as "A, B and C" (with the first reply's code when codes); how many. */
static size_t named(const struct predictions *p, const char *address, pick_fn pick, bool codes, char *buf,
		    size_t size)
{
	const char *seen[PREDICTIONS_MAX];
	const struct prediction *first[PREDICTIONS_MAX];
	size_t n = 0;
	for (size_t i = 0; i < p->count; i++) {
		const struct prediction *x = &p->items[i];
		bool known = false;
		for (size_t j = 0; j < n; j++)
			known |= strcmp(seen[j], x->receiver) == 0;
		if (!known && strcmp(x->address, address) == 0 && pick(x)) {
			seen[n] = x->receiver;
			first[n++] = x;
		}
	}
	size_t used = 0;
	buf[0] = '\0';
	for (size_t j = 0; j < n && used < size; j++) {
		char code[32] = "";
		if (codes && first[j]->code)
			snprintf(code, sizeof code, " (%d%s%s)", first[j]->code, first[j]->enhanced[0] ? " " : "",
				 first[j]->enhanced);
		int w = snprintf(buf + used, size - used, "%s%s%s", j == 0 ? "" : j + 1 == n ? " and " : ", ",
				 receiver_display_name(first[j]->receiver), code);
		used += w > 0 ? (size_t)w : 0;
	}
	return n;
}

/* spam_points - "SpamAssassin adds 1 point (KHOP_HELO_FCRDNS (1))..." */
static bool spam_points(const struct predictions *p, const char *address, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < p->count && used < size; i++) {
		const struct prediction *x = &p->items[i];
		if (strcmp(x->address, address) != 0 || !scored(x))
			continue;
		int w = snprintf(buf + used, size - used, "%s%s adds %g point%s (%s)", used ? ", " : "",
				 receiver_display_name(x->receiver), x->score, x->score == 1 ? "" : "s", x->text);
		used += w > 0 ? (size_t)w : 0;
	}
	return used > 0;
}

bool headline_address_refused(const struct predictions *p, const char *address)
{
	for (size_t i = 0; i < p->count; i++)
		if (strcmp(p->items[i].address, address) == 0 && refused(&p->items[i]))
			return true;
	return false;
}

void headline_refusals(const struct predictions *p, const char *address, char *buf, size_t size)
{
	char who[HEADLINE_MAX];
	size_t n;
	if ((n = named(p, address, refused, true, who, sizeof who)))
		snprintf(buf, size, "%s refuse%s its mail", who, n == 1 ? "s" : "");
	else if ((n = named(p, address, refused_for_dns, true, who, sizeof who)))
		snprintf(buf, size, "%s defer%s its mail while the lookups fail", who, n == 1 ? "s" : "");
	else if ((n = named(p, address, refused_by_chance, true, who, sizeof who)))
		snprintf(buf, size, "%s refuse%s its mail whenever their resolver returns the PTR that does not lead back",
			 who, n == 1 ? "s" : "");
	else if (!spam_points(p, address, buf, size))
		snprintf(buf, size, "no receiver refuses its mail yet");
}

static const char *family_name(const char *address)
{
	return strchr(address, ':') ? "IPv6" : "IPv4";
}

/* fail_text - who refuses mail from which address; the address checked
 * "passes" when only the others are refused. */
static void fail_text(const struct ip_address *ip, const struct predictions *checked, const struct predictions *others,
		      char *buf, size_t size)
{
	char who[HEADLINE_MAX / 2];
	size_t used = 0, n;
	buf[0] = '\0';
	if ((n = named(checked, "", refused, false, who, sizeof who)))
		used = (size_t)snprintf(buf, size, "%s refuse%s mail from %s", who, n == 1 ? "s" : "", ip->text);
	for (size_t i = 0; i < others->count && used < size; i++) {
		const char *address = others->items[i].address;
		if (i > 0 && strcmp(address, others->items[i - 1].address) == 0)
			continue;
		if (!(n = named(others, address, refused, false, who, sizeof who)))
			continue;
		int w = snprintf(buf + used, size - used, "%s%s refuse%s mail sent over %s from %s", used ? "; " : "",
				 who, n == 1 ? "s" : "", family_name(address), address);
		used += w > 0 ? (size_t)w : 0;
	}
	if (!headline_address_refused(checked, "") && used < size)
		snprintf(buf + used, size - used, "; %s passes", family_name(ip->text));
}

static bool others_refused(const struct predictions *others)
{
	for (size_t i = 0; i < others->count; i++)
		if (refused(&others->items[i]))
			return true;
	return false;
}

static const struct rule_result *first_with(const struct rule_results *rules, enum rule_status a, enum rule_status b)
{
	for (int i = 0; i < RULE_COUNT; i++)
		if (rules->rules[i].status == a || rules->rules[i].status == b)
			return &rules->rules[i];
	return NULL;
}

/* accepted_text - nothing is refused: what still counts against the mail. */
static enum rule_status accepted_text(const struct ip_address *ip, const struct predictions *checked,
				      const struct rule_results *rules, const char *later, char *buf, size_t size)
{
	char who[HEADLINE_MAX / 2], points[HEADLINE_MAX / 2];
	const struct rule_result *warning = first_with(rules, RULE_WARN, RULE_FAIL);
	if (named(checked, "", refused_by_chance, false, who, sizeof who)) {
		snprintf(buf, size, "%s refuse mail from %s whenever their resolver returns the PTR that does not lead back",
			 who, ip->text);
	} else if (spam_points(checked, "", points, sizeof points)) {
		snprintf(buf, size, "receivers accept mail from %s, but %s", ip->text, points);
	} else if (named(checked, "", cautioned, false, who, sizeof who)) {
		snprintf(buf, size, "receivers accept mail from %s, with reservations from %s", ip->text, who);
	} else if (warning) {
		snprintf(buf, size, "every receiver accepts mail from %s today, but %s", ip->text,
			 later && later[0] ? later : warning->finding);
	} else {
		snprintf(buf, size, "every receiver ptrdoctor knows accepts mail from %s", ip->text);
		return RULE_PASS;
	}
	return RULE_WARN;
}

void headline_decide(const struct ip_address *ip, const struct predictions *checked, const struct predictions *others,
		     const struct rule_results *rules, const char *later, const char *trouble, struct headline *out)
{
	char who[HEADLINE_MAX / 2], raw[2 * HEADLINE_MAX];
	const struct rule_result *undecided = first_with(rules, RULE_ERROR, RULE_ERROR);
	if (headline_address_refused(checked, "") || others_refused(others)) {
		out->verdict = RULE_FAIL;
		fail_text(ip, checked, others, raw, sizeof raw);
	} else if (named(checked, "", refused_for_dns, false, who, sizeof who)) {
		out->verdict = RULE_ERROR;
		char plain[HEADLINE_MAX / 2];
		if (!trouble) {
			snprintf(plain, sizeof plain, "DNS did not answer for %s", ip->text);
			trouble = plain;
		}
		snprintf(raw, sizeof raw, "%s: receivers whose lookups fail the same way (%s) defer its mail", trouble, who);
	} else if (undecided) {
		out->verdict = RULE_ERROR;
		snprintf(raw, sizeof raw, "DNS did not answer well enough to decide: %s", undecided->finding);
	} else {
		out->verdict = accepted_text(ip, checked, rules, later, raw, sizeof raw);
	}
	names_escape(raw, out->text, sizeof out->text);
}
