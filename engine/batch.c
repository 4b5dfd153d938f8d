/* batch - many checks on one event loop. */
#define _POSIX_C_SOURCE 200809L
#include "batch.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "loop.h"

#define STOP_POLL_MS 100

/* One address in flight, or finished and waiting for those before it. */
struct slot {
	struct target target;
	size_t index;
	struct diagnosis *diagnosis; /* NULL once it has ended */
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
	size_t started, finished;
	bool exhausted, failed;
};

bool batch_new(struct backend *backend, struct targets *targets, const char *provider, size_t window,
	       const struct batch_callbacks *callbacks, void *ctx, struct batch **out)
{
	*out = NULL;
	struct batch *b = calloc(1, sizeof *b);
	if (!b)
		return false;
	*b = (struct batch){.backend = backend, .targets = targets, .provider = provider, .ctx = ctx,
			    .window = window ? window : BATCH_WINDOW_DEFAULT};
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

/* fill - start targets until the window is full or none are left. */
static void fill(struct batch *b)
{
	char err[400];
	while (!b->exhausted && !b->failed && b->count < b->window) {
		struct slot *s = slot_at(b, b->count);
		memset(s, 0, sizeof *s);
		enum targets_result r = targets_next(b->targets, &s->target, err, sizeof err);
		if (r == TARGETS_END) {
			b->exhausted = true;
		} else if (r == TARGETS_BAD_LINE) {
			if (b->callbacks.bad_line)
				b->callbacks.bad_line(b->ctx, err);
		} else if (r == TARGETS_NO_MEMORY ||
			   diagnosis_start_on(b->loop, s->target.ip.text, s->target.helo, b->backend, NULL, NULL,
					      &s->diagnosis) != DIAGNOSIS_OK) {
			b->failed = true;
		} else {
			s->index = b->started++;
			b->count++;
		}
	}
}

/* collect - each check that has ended is rendered and freed. */
static void collect(struct batch *b)
{
	for (size_t k = 0; k < b->count && !b->failed; k++) {
		struct slot *s = slot_at(b, k);
		if (s->ended || !diagnosis_dispatch(s->diagnosis))
			continue;
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
	diagnosis_free(s->diagnosis);
	free(s->text);
	s->diagnosis = NULL;
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

enum batch_status batch_run(struct batch *b, const volatile sig_atomic_t *stop)
{
	fill(b);
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
