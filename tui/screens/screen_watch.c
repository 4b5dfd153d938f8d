/* screen_watch - the verdict screen's watch mode (w): the check again and
 * again until the fix lands, when each next one comes, and which rules
 * changed. The verdict screen owns a struct watch_mode and shows it. */
#define _XOPEN_SOURCE 700
#define _XOPEN_SOURCE_EXTENDED 1
#include "screen_watch.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "dns/dns.h"
#include "util/clock.h"

static void countdown(const struct watch_mode *m, struct wizard *w, long long now)
{
	long long left = m->next_at - now;
	if (m->watch.cache_expires > 0) {
		long long cache_left = m->watch.cache_expires - now;
		wizard_message(w, MESSAGE_INFO, "Watching: next check in %lld s; the cached answer expires in %lld:%02lld. w stops.",
			       left < 0 ? 0 : left, cache_left < 0 ? 0 : cache_left / 60, cache_left < 0 ? 0 : cache_left % 60);
	} else {
		wizard_message(w, MESSAGE_INFO, "Watching: next check in %lld s. w stops.", left < 0 ? 0 : left);
	}
}

bool watch_mode_stop(struct watch_mode *m, struct wizard *w, const char *why)
{
	m->watching = false;
	w->wake_ms = 0;
	snprintf(m->end, sizeof m->end, "%s", why);
	wizard_message(w, MESSAGE_OK, "Stopped watching: %s.", why);
	return !m->rechecking;
}

static void log_changes(struct watch_mode *m, const struct watch_change *changes, size_t count, long long now)
{
	for (size_t i = 0; i < count; i++) {
		if (m->log_count == WATCH_LOG_MAX) /* the oldest goes */
			memmove(m->log, m->log + 1, sizeof m->log[0] * (WATCH_LOG_MAX - 1));
		else
			m->log_count++;
		m->log[m->log_count - 1] = (struct watch_log_line){now, changes[i].id, changes[i].before, changes[i].after};
	}
}

bool watch_mode_start(struct watch_mode *m, struct wizard *w)
{
	if (backend_is_lab(w->backend) || w->step_mode) {
		wizard_message(w, MESSAGE_INFO, "w watches a live check; a lab scenario does not change by itself.");
		return false;
	}
	struct watch_change changes[RULE_COUNT];
	size_t count;
	long long now = (long long)time(NULL);
	watch_init(&m->watch);
	m->log_count = 0;
	m->end[0] = '\0';
	m->since = now;
	if (watch_record(&m->watch, &w->findings, now, changes, &count) == WATCH_ALL_PASS) {
		m->watch.checks = 0;
		wizard_message(w, MESSAGE_OK, "Every rule passes already: nothing to watch.");
		return false;
	}
	m->watching = true;
	m->check = w->checks_started;
	m->next_at = now + watch_wait(&m->watch, WATCH_INTERVAL_DEFAULT, now);
	w->wake_ms = 1000;
	countdown(m, w, now);
	return true;
}

/* recheck_done - the watch's check has ended: record it. */
static void recheck_done(struct watch_mode *m, struct wizard *w, long long now)
{
	m->rechecking = false;
	if (!m->watching)
		return;
	struct watch_change changes[RULE_COUNT];
	size_t count;
	enum watch_state state = watch_record(&m->watch, &w->findings, now, changes, &count);
	log_changes(m, changes, count, now);
	if (state != WATCH_GO_ON) {
		watch_mode_stop(m, w, watch_state_words(state));
		return;
	}
	m->next_at = now + watch_wait(&m->watch, WATCH_INTERVAL_DEFAULT, now);
	countdown(m, w, now);
}

bool watch_mode_tick(struct watch_mode *m, struct wizard *w)
{
	long long now = (long long)time(NULL);
	if (m->rechecking) {
		if (!w->done || w->servers_pending) /* a watch compares whole checks */
			return false;
		recheck_done(m, w, now);
		return true;
	}
	if (!m->watching)
		return false;
	if (w->checks_started != m->check) { /* another check took over */
		m->watching = false;
		w->wake_ms = 0;
		return false;
	}
	if (now < m->next_at) {
		countdown(m, w, now);
		return false;
	}
	m->rechecking = true;
	wizard_check_start(w, true);
	m->check = w->checks_started;
	wizard_message(w, MESSAGE_INFO, "Watching: checking again...");
	return false;
}

void watch_mode_show(const struct watch_mode *m, struct wizard *w, struct textview *view, int width)
{
	char line[400], since[16], next[16], expiry[16];
	if (m->watch.checks == 0)
		return;
	textview_add(view, A_NORMAL, "");
	textview_add(view, w->theme.bold | A_UNDERLINE, "Watching the fix land");
	clock_local(m->since, true, since, sizeof since);
	clock_local(m->next_at, true, next, sizeof next);
	if (m->watching) {
		int used = snprintf(line, sizeof line, "%zu check%s since %s; the next at %s", m->watch.checks,
				    m->watch.checks == 1 ? "" : "s", since, next);
		if (m->watch.cache_expires > 0 && used > 0 && (size_t)used < sizeof line) {
			clock_local(m->watch.cache_expires, true, expiry, sizeof expiry);
			snprintf(line + used, sizeof line - (size_t)used, ", just after the resolver's cached answer expires (%s)",
				 expiry);
		}
		textview_add_wrapped(view, A_NORMAL, width, 2, line);
	}
	for (size_t i = 0; i < m->log_count; i++) {
		const struct watch_log_line *l = &m->log[i];
		char at[16];
		clock_local(l->at, true, at, sizeof at);
		snprintf(line, sizeof line, "%s  %-17s %s -> %s", at, rule_id_name(l->id), rule_status_name(l->before),
			 rule_status_name(l->after));
		textview_add_marked(view, term_mark(&w->theme, status_tone(l->after)), term_tone_attr(&w->theme, status_tone(l->after)),
				    A_NORMAL, line);
	}
	if (m->log_count == 0)
		textview_add(view, A_NORMAL, "  No rule has changed yet.");
	if (m->end[0]) {
		snprintf(line, sizeof line, "Stopped watching: %s.", m->end);
		textview_add_wrapped(view, A_BOLD, width, 2, line);
	}
}

