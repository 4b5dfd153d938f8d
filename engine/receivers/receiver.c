/* receiver - what the receivers share: adding a prediction, its reply,
 * Postfix's view of the client (which the spam filters read after it), and
 * spam scores. */
#define _POSIX_C_SOURCE 200809L
#include "receiver.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct prediction *receiver_add(struct predictions *out, const char *receiver, const char *check, const char *basis)
{
	if (out->count == PREDICTIONS_MAX) {
		out->overflow = true;
		out->count--;
	}
	struct prediction *p = &out->items[out->count++];
	memset(p, 0, sizeof *p);
	p->receiver = receiver;
	p->check = check;
	p->basis = basis;
	return p;
}

void receiver_reply(struct prediction *p, enum receiver_verdict verdict, bool temporary, int code,
		    const char *enhanced, const char *fmt, ...)
{
	char raw[sizeof p->text];
	p->verdict = verdict;
	p->temporary = temporary;
	p->code = code;
	snprintf(p->enhanced, sizeof p->enhanced, "%s", enhanced);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	names_escape(raw, p->text, sizeof p->text);
}

/* peer_as_if_first - Postfix's statuses if target t came first in the answer. */
struct peer_statuses receiver_postfix_peer(const struct ptr_target *t)
{
	struct peer_statuses o = {PEER_OK, PEER_OK};
	if (!t->postfix_valid)
		return (struct peer_statuses){PEER_PERM, PEER_PERM};
	if (t->forward == OUTCOME_TEMP || t->forward == OUTCOME_MISSING)
		o.name = PEER_TEMP;
	else if (!t->confirms)
		o.name = PEER_FORGED;
	return o;
}

void receiver_score(struct score_list *l, const char *rule, double value, bool known)
{
	size_t used = strlen(l->text);
	if (known)
		snprintf(l->text + used, sizeof l->text - used, "%s%s (%g)", used ? ", " : "", rule, value);
	else
		snprintf(l->text + used, sizeof l->text - used, "%s%s", used ? ", " : "", rule);
	l->total += value;
	l->count++;
}

void receiver_scored(struct prediction *p, const struct score_list *l)
{
	/* Rules that only take points off (SPF_HELO_PASS) add none. */
	receiver_reply(p, l->count && l->total > 0 ? VERDICT_POINTS : VERDICT_PASS, false, 0, "", "%s", l->text);
	p->score = l->total;
	p->has_score = true;
}

void receiver_scored_either(struct prediction *p, const struct score_list *first_fails,
			    const struct score_list *first_verifies)
{
	receiver_scored(p, first_fails);
	if (strcmp(first_fails->text, first_verifies->text) == 0)
		return;
	p->verdict = VERDICT_EITHER;
	snprintf(p->alternative, sizeof p->alternative, "%s", first_verifies->text);
}

/* postfix_name - the verified client name Postfix writes in Received, or
 * NULL for "unknown"; *either when it depends on the PTR order. */
const char *receiver_postfix_name(const struct evidence *ev, bool *either)
{
	const char *name = NULL;
	size_t ok = 0;
	for (size_t i = 0; ev->ptr == OUTCOME_FOUND && i < ev->target_count; i++) {
		struct peer_statuses o = receiver_postfix_peer(&ev->targets[i]);
		if (o.name == PEER_OK) {
			ok++;
			if (!name)
				name = ev->targets[i].name;
		}
	}
	*either = ok > 0 && ok < ev->target_count;
	return name;
}
