/* screen_watch - the verdict screen's watch mode (w): a live check again
 * and again until every rule passes, nothing can change any more, or the
 * user stops it; the next check comes just after the resolver's cached
 * answer expires (check/watch.h decides when and when to stop). */
#ifndef PTRDOCTOR_SCREEN_WATCH_H
#define PTRDOCTOR_SCREEN_WATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "check/check.h"
#include "toolkit/textview.h"
#include "wizard/wizard.h"

#define WATCH_LOG_MAX 24

/* One rule that changed while watching. */
struct watch_log_line {
	long long at;
	enum rule_id id;
	enum rule_status before, after;
};

struct watch_mode {
	bool watching, rechecking;
	unsigned check;                  /* checks_started of the watch's own check */
	struct watch watch;
	long long since, next_at;
	size_t log_count;
	struct watch_log_line log[WATCH_LOG_MAX];
	char end[200];                   /* why watching stopped; "" while on */
};

/* watch_mode_start - from the findings in view; false (with a message)
 * when there is nothing to watch: a lab, presenter mode, every rule
 * passing. True: the verdict is to be drawn again. */
bool watch_mode_start(struct watch_mode *m, struct wizard *w);

/* watch_mode_stop - why, in the message line; true when the verdict is
 * to be drawn again now (not while its check runs). */
bool watch_mode_stop(struct watch_mode *m, struct wizard *w, const char *why);

/* watch_mode_tick - the countdown, the next check when due; true when a
 * check of the watch has ended and the verdict is to be drawn again. */
bool watch_mode_tick(struct watch_mode *m, struct wizard *w);

/* watch_mode_show - when, and what changed, under a heading; nothing
 * before the first check. */
void watch_mode_show(const struct watch_mode *m, struct wizard *w, struct textview *view, int width);

#endif
