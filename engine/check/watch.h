/* watch - a check repeated until a fix has landed: what changed from one
 * check to the next, when to look again, and when to stop.
 *
 * Watching stops when every rule passes, or once a check has run after
 * the resolver's cached answer expired (the cache has been re-read, so
 * what it shows now is what receivers will see). Until then the next
 * check comes after the interval, or one second after the cache expires
 * when that is sooner. Pure: the caller runs the checks and the clock. */
#ifndef PTRDOCTOR_WATCH_H
#define PTRDOCTOR_WATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "findings.h"
#include "rules/rules.h"

#define WATCH_INTERVAL_DEFAULT 30
#define WATCH_INTERVAL_MAX 3600
#define WATCH_EXPIRY_SLACK 2 /* seconds past a cached answer's expiry before it counts as read again */

struct watch_change {
	enum rule_id id;
	enum rule_status before, after;
	char finding[RULE_FINDING_MAX]; /* the new finding */
};

enum watch_state {
	WATCH_GO_ON = 0,
	WATCH_ALL_PASS,     /* every rule passes (or does not apply) */
	WATCH_CACHE_REREAD, /* a check ran after the cached answer expired */
};

struct watch {
	bool started;
	struct rule_results last;
	long long cache_expires; /* Unix time; 0 when no stale cache is waited on */
	uint32_t cache_ttl_left; /* the stale answer's remaining TTL at the last check */
	size_t checks;
};

void watch_init(struct watch *w);

/* watch_record - one more check's findings at Unix time now: the rules
 * that changed since the last check go to changes (room for RULE_COUNT),
 * their number to *count; returns whether to go on. */
enum watch_state watch_record(struct watch *w, const struct findings *f, long long now,
			      struct watch_change *changes, size_t *count);

/* watch_wait - seconds until the next check: interval, or one second
 * after the cache's expiry when that comes first (at least 1). */
long watch_wait(const struct watch *w, long interval, long long now);

/* watch_state_words - why watching stopped, in words (static). */
const char *watch_state_words(enum watch_state state);

#endif
