/* batch - many checks on one event loop. */
#define _POSIX_C_SOURCE 200809L
#include "batch.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dns/backend.h"
#include "dns/loop.h"

#define STOP_POLL_MS 100
#define RETRY_FIRST_MS 250 /* then twice as long each time */
#define PACE_FIRST_QPS 200 /* the rate a resolver in trouble is first paced to */
#define PACE_FLOOR_QPS 10
#define PACE_HALVE_EVERY_MS 500 /* one burst of refusals halves the rate once */

/* One address in flight, waiting to be asked again, or finished and
 * waiting for those before it. */
struct slot {
	struct batch *batch;
	struct target target;
	size_t index;
	struct diagnosis *diagnosis; /* while it runs */
	struct loop_timer *retry;    /* while it waits to run again */
	int retries;                 /* counted against BATCH_RETRIES */
	int refusals;                /* REFUSED while the pace was still coming down */
	char *text;                  /* rendered when it ended */
	bool ended;
};

struct batch {
	struct backend *backend;
	struct targets *targets;
	const char *provider;
	struct loop *loop;
	struct batch_callbacks callbacks;
	void *ctx;
	struct findings *findings; /* of the check that has just ended */
	struct slot *slots; /* a ring of `window`, oldest at head */
	size_t window, head, count;
	size_t limit, running;   /* checks running now, at most limit (halved by each retry) */
	int qps_ceiling, qps;    /* --qps (0: none), and the pace now (0: unpaced) */
	int qps_refused;         /* the pace at the last burst of refusals (0: none yet) */
	long slowed_ms;          /* when the pace was last halved */
	size_t started, finished;
	bool exhausted, failed, begun;
};

bool batch_new(struct backend *backend, struct targets *targets, const char *provider, size_t window,
	       const struct batch_callbacks *callbacks, void *ctx, struct batch **out)
{
	*out = NULL;
	struct batch *b = calloc(1, sizeof *b);
	if (!b)
		return false;
	*b = (struct batch){.backend = backend, .targets = targets, .provider = provider, .ctx = ctx,
			    .window = window ? window : BATCH_PARALLEL_DEFAULT};
	b->limit = b->window;
	b->qps_ceiling = b->qps = backend_qps(backend);
	if (callbacks)
		b->callbacks = *callbacks;
	b->slots = calloc(b->window, sizeof *b->slots);
	b->findings = malloc(sizeof *b->findings);
	if (!b->slots || !b->findings || !loop_new(&b->loop)) {
		batch_free(b);
		return false;
	}
	*out = b;
	return true;
}

static struct slot *slot_at(struct batch *b, size_t k)
{
	return &b->slots[(b->head + k) % b->window];
}

static bool slot_start(struct slot *s)
{
	struct batch *b = s->batch;
	if (diagnosis_start_on(b->loop, s->target.ip.text, s->target.helo, b->backend, NULL, NULL, &s->diagnosis) !=
	    DIAGNOSIS_OK)
		return false;
	b->running++;
	return true;
}

/* fill - start targets while the window has room and fewer than the
 * limit run, until none are left. */
static void fill(struct batch *b)
{
	char err[400];
	while (!b->exhausted && !b->failed && b->count < b->window && b->running < b->limit) {
		struct slot *s = slot_at(b, b->count);
		memset(s, 0, sizeof *s);
		s->batch = b;
		enum targets_result r = targets_next(b->targets, &s->target, err, sizeof err);
		if (r == TARGETS_END) {
			b->exhausted = true;
		} else if (r == TARGETS_BAD_LINE) {
			if (b->callbacks.bad_line)
				b->callbacks.bad_line(b->ctx, err);
		} else if (r == TARGETS_NO_MEMORY || !slot_start(s)) {
			b->failed = true;
		} else {
			s->index = b->started++;
			b->count++;
			if (b->callbacks.started)
				b->callbacks.started(b->ctx, s->index, &s->target);
		}
	}
}

enum trouble { TROUBLE_NONE = 0, TROUBLE_FAILED, TROUBLE_REFUSED };

/* resolver_trouble - a question to the resolver got SERVFAIL or no reply
 * (which a broken zone gives too), or REFUSED (which a resolver limiting
 * its rate gives): either way the check is worth asking again; only a
 * refusal slows the batch down. The zones' own servers, asked directly,
 * are judged as they answer. */
static enum trouble resolver_trouble(const struct diagnosis *d)
{
	enum trouble worst = TROUBLE_NONE;
	for (size_t i = 0; i < diagnosis_step_count(d) && worst != TROUBLE_REFUSED; i++) {
		const struct step *s = diagnosis_step(d, i);
		if (s->target)
			continue; /* asked of a zone's own server, not of the resolver */
		ldns_pkt_rcode rcode = s->state == STEP_ANSWERED && s->packet ? ldns_pkt_get_rcode(s->packet) : 0;
		if (rcode == LDNS_RCODE_REFUSED)
			worst = TROUBLE_REFUSED;
		else if (step_is_authoritative_round(s))
			continue; /* the authoritative round ends at a deadline: not the verdict's trouble */
		else if (s->state == STEP_TIMEOUT || s->state == STEP_FAILED || rcode == LDNS_RCODE_SERVFAIL)
			worst = TROUBLE_FAILED;
	}
	return worst;
}

static void on_retry(void *ctx)
{
	struct slot *s = ctx;
	s->retry = NULL;
	if (!slot_start(s))
		s->batch->failed = true;
}

/* slow_down - a resolver in trouble: half the questions a second (once
 * per burst), half as many checks running. */
static void slow_down(struct batch *b)
{
	long now = loop_now_ms();
	b->limit = b->limit > 1 ? b->limit / 2 : 1;
	if (b->qps && now - b->slowed_ms < PACE_HALVE_EVERY_MS)
		return;
	b->slowed_ms = now;
	b->qps_refused = b->qps;
	b->qps = b->qps == 0 ? PACE_FIRST_QPS : b->qps / 2 > PACE_FLOOR_QPS ? b->qps / 2 : PACE_FLOOR_QPS;
	backend_set_qps(b->backend, b->qps);
}

/* speed_up - a check ended cleanly: a little faster again, up to --qps. */
static void speed_up(struct batch *b)
{
	if (b->limit < b->window)
		b->limit++;
	if (b->qps == 0 || b->qps == b->qps_ceiling)
		return;
	int ceiling = b->qps_refused ? b->qps_refused * 9 / 10 : b->qps_ceiling; /* stay below what was refused */
	if (b->qps_ceiling && (ceiling == 0 || ceiling > b->qps_ceiling))
		ceiling = b->qps_ceiling;
	if (ceiling && b->qps >= ceiling)
		return;
	b->qps += b->qps / 20 + 1;
	if (ceiling && b->qps > ceiling)
		b->qps = ceiling;
	backend_set_qps(b->backend, b->qps);
}

/* retry_counts - a refusal while the pace can still come down is the
 * batch's haste, not the address's trouble: it does not use up a retry
 * (up to BATCH_REFUSALS of them, so a resolver that refuses everything
 * still ends). At the floor, or after SERVFAIL or silence, it counts. */
static bool retry_counts(const struct batch *b, struct slot *s, enum trouble trouble)
{
	if (trouble != TROUBLE_REFUSED || b->qps == PACE_FLOOR_QPS || s->refusals >= BATCH_REFUSALS)
		return true;
	s->refusals++;
	return false;
}

/* retry_later - the check again after a backoff, the batch slowed down
 * until checks end cleanly again. */
static bool retry_later(struct batch *b, struct slot *s, enum trouble trouble)
{
	if (trouble == TROUBLE_NONE)
		return false;
	if (retry_counts(b, s, trouble)) {
		if (s->retries >= BATCH_RETRIES)
			return false;
		s->retries++;
	}
	long wait = (long)RETRY_FIRST_MS << (s->retries ? s->retries - 1 : 0);
	diagnosis_free(s->diagnosis);
	s->diagnosis = NULL;
	b->running--;
	if (trouble == TROUBLE_REFUSED)
		slow_down(b);
	s->retry = loop_timer_add(b->loop, wait, on_retry, s);
	b->failed = s->retry == NULL;
	return true;
}

/* collect - each check that has ended is rendered and freed, unless it
 * is to be asked again. */
static void collect(struct batch *b)
{
	for (size_t k = 0; k < b->count && !b->failed; k++) {
		struct slot *s = slot_at(b, k);
		if (s->ended || !s->diagnosis || !diagnosis_dispatch(s->diagnosis))
			continue;
		enum trouble trouble = resolver_trouble(s->diagnosis);
		if (retry_later(b, s, trouble))
			continue;
		b->running--;
		if (trouble == TROUBLE_NONE)
			speed_up(b);
		findings_compute(s->diagnosis, b->provider, b->findings);
		struct batch_item item = {s->index, &s->target, s->diagnosis, b->findings};
		s->text = b->callbacks.render ? b->callbacks.render(b->ctx, &item) : NULL;
		b->failed = b->callbacks.render && !s->text;
		diagnosis_free(s->diagnosis);
		s->diagnosis = NULL;
		s->ended = true;
		b->finished++;
	}
}

static void slot_release(struct slot *s)
{
	if (s->diagnosis)
		s->batch->running--;
	diagnosis_free(s->diagnosis);
	loop_timer_cancel(s->batch->loop, s->retry);
	free(s->text);
	s->diagnosis = NULL;
	s->retry = NULL;
	s->text = NULL;
}

static void hand_back(struct batch *b, struct slot *s)
{
	if (b->callbacks.result)
		b->callbacks.result(b->ctx, s->index, &s->target, s->text ? s->text : "");
}

/* flush - hand back the finished ones at the head, in input order. */
static void flush(struct batch *b)
{
	bool moved = false;
	while (b->count > 0 && slot_at(b, 0)->ended) {
		struct slot *s = slot_at(b, 0);
		hand_back(b, s);
		slot_release(s);
		b->head = (b->head + 1) % b->window;
		b->count--;
		moved = true;
	}
	if (moved && b->callbacks.progress)
		b->callbacks.progress(b->ctx, b->finished, b->started);
}

/* stop_now - cancel what is in flight; hand back what had finished. */
static void stop_now(struct batch *b)
{
	for (size_t k = 0; k < b->count; k++) {
		struct slot *s = slot_at(b, k);
		if (s->ended)
			hand_back(b, s);
		slot_release(s);
	}
	b->count = 0;
}

int batch_fd(const struct batch *b)
{
	return loop_fd(b->loop);
}

enum batch_status batch_poll(struct batch *b)
{
	if (!b->begun)
		fill(b);
	b->begun = true;
	if (loop_process(b->loop, 0) < 0 && errno != EINTR)
		b->failed = true;
	collect(b);
	flush(b);
	fill(b);
	if (b->failed)
		return BATCH_FAILED;
	return b->count > 0 || !b->exhausted ? BATCH_RUNNING : BATCH_DONE;
}

enum batch_status batch_run(struct batch *b, const volatile sig_atomic_t *stop)
{
	fill(b);
	b->begun = true;
	while (!b->failed && (b->count > 0 || !b->exhausted)) {
		if (stop && *stop) {
			stop_now(b);
			return BATCH_STOPPED;
		}
		if (loop_process(b->loop, STOP_POLL_MS) < 0 && errno != EINTR) {
			b->failed = true;
			break;
		}
		collect(b);
		flush(b);
		fill(b);
	}
	return b->failed ? BATCH_FAILED : BATCH_DONE;
}

void batch_free(struct batch *b)
{
	if (!b)
		return;
	for (size_t k = 0; b->slots && k < b->count; k++)
		slot_release(slot_at(b, k));
	free(b->slots);
	free(b->findings);
	loop_free(b->loop);
	free(b);
}
