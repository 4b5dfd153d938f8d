/* watch - a check repeated until a fix has landed. */
#define _POSIX_C_SOURCE 200809L
#include "watch.h"

#include <stdio.h>
#include <string.h>

void watch_init(struct watch *w)
{
	memset(w, 0, sizeof *w);
}

static bool all_pass(const struct rule_results *r)
{
	for (size_t i = 0; i < RULE_COUNT; i++)
		if (r->rules[i].status != RULE_PASS && r->rules[i].status != RULE_SKIP)
			return false;
	return true;
}

enum watch_state watch_record(struct watch *w, const struct findings *f, long long now,
			      struct watch_change *changes, size_t *count)
{
	*count = 0;
	for (size_t i = 0; w->started && i < RULE_COUNT; i++) {
		const struct rule_result *was = &w->last.rules[i], *is = &f->rules.rules[i];
		if (was->status == is->status)
			continue;
		struct watch_change *c = &changes[(*count)++];
		c->id = is->id;
		c->before = was->status;
		c->after = is->status;
		snprintf(c->finding, sizeof c->finding, "%s", is->finding);
	}
	const struct cache_view *cache = &f->evidence.cache;
	/* Read again: its TTL went back up, or the expiry is past by more
	 * than the whole seconds both clocks round to (a resolver serves the
	 * old answer until its own, finer expiry). */
	bool expired_before = w->cache_expires > 0 && (now >= w->cache_expires + WATCH_EXPIRY_SLACK ||
							(cache->compared && cache->ttl_left > w->cache_ttl_left));
	w->last = f->rules;
	w->started = true;
	w->checks++;
	if (!expired_before) {
		w->cache_expires = cache->compared && !cache->current ? cache->expires : 0;
		w->cache_ttl_left = cache->ttl_left;
	}
	if (all_pass(&f->rules))
		return WATCH_ALL_PASS;
	return expired_before ? WATCH_CACHE_REREAD : WATCH_GO_ON;
}

long watch_wait(const struct watch *w, long interval, long long now)
{
	long wait = interval;
	if (w->cache_expires > 0 && w->cache_expires + WATCH_EXPIRY_SLACK - now < wait)
		wait = (long)(w->cache_expires + WATCH_EXPIRY_SLACK - now);
	return wait < 1 ? 1 : wait;
}

const char *watch_state_words(enum watch_state state)
{
	switch (state) {
	case WATCH_ALL_PASS:
		return "every rule passes";
	case WATCH_CACHE_REREAD:
		return "the cached answer has expired and the resolver has read it again: this is what receivers see now";
	default:
		return "still watching";
	}
}
