/* batch - many checks on one event loop.
 *
 * The targets (targets.h) are checked in input order, at most `window`
 * addresses in flight at once, every one of them the whole single check
 * (diagnose.h) on the one loop the batch owns. As each check ends its
 * findings are rendered at once (any order) into the text the caller
 * wants, and the check is freed; the texts come back in input order, each
 * as soon as every address before it has ended, so output streams while
 * memory stays bounded by the window. A check where the resolver said
 * SERVFAIL or REFUSED, or nothing, is asked again after a backoff (250 ms,
 * doubling), up to BATCH_RETRIES times (a REFUSED while the pace is still
 * coming down does not count, up to BATCH_REFUSALS); after a REFUSED the questions to
 * the resolver are paced (200 a second at first, halved at each burst of
 * refusals, then raised slowly again up to --qps) and half as many checks
 * run: a resolver refusing under load slows the batch down instead of
 * turning into wrong verdicts; a zone that always fails ends as a single
 * check of it does. A stop request (Ctrl-C) cancels what is in flight and
 * hands back what had ended. */
#ifndef PTRDOCTOR_BATCH_H
#define PTRDOCTOR_BATCH_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "diagnosis/diagnose.h"
#include "findings.h"
#include "targets.h"

struct backend;
struct batch;

#define BATCH_PARALLEL_DEFAULT 128 /* questions in flight, and checks running at once */
#define BATCH_RETRIES 4 /* an address whose resolver said SERVFAIL, REFUSED or nothing */
#define BATCH_REFUSALS 8 /* more REFUSED while the pace still comes down */

struct batch_item {
	size_t index;                     /* in input order, from 0 */
	const struct target *target;
	const struct diagnosis *diagnosis;
	const struct findings *findings;
};

struct batch_callbacks {
	/* render - a check has ended (any order): its text, owned (NULL: no memory). */
	char *(*render)(void *ctx, const struct batch_item *item);
	/* result - the texts, in input order. */
	void (*result)(void *ctx, size_t index, const struct target *target, const char *text);
	void (*bad_line)(void *ctx, const char *why); /* a batch file's line skipped */
	void (*progress)(void *ctx, size_t finished, size_t started);
	/* started - a target's check has begun (optional). */
	void (*started)(void *ctx, size_t index, const struct target *target);
};

/* batch_new - targets (borrowed, read as the batch goes) checked through
 * backend (borrowed) with provider (the user's choice, or NULL: guessed).
 * *out is owned (batch_free); false on no memory or no loop. */
bool batch_new(struct backend *backend, struct targets *targets, const char *provider, size_t window,
	       const struct batch_callbacks *callbacks, void *ctx, struct batch **out);

enum batch_status {
	BATCH_RUNNING = -1, /* batch_poll: more to come */
	BATCH_DONE = 0,
	BATCH_STOPPED, /* *stop was set: what had finished was handed back */
	BATCH_FAILED,  /* no memory, or the loop failed */
};

/* batch_run - until every target has been handed back, or *stop becomes
 * non-zero (looked at between events, at least every 100 ms). */
enum batch_status batch_run(struct batch *b, const volatile sig_atomic_t *stop);

/* batch_fd - readable when batch_poll has work: for a front end that
 * polls its own descriptors too (the wizard). */
int batch_fd(const struct batch *b);

/* batch_poll - what has arrived, without waiting; BATCH_RUNNING until
 * every target has been handed back. */
enum batch_status batch_poll(struct batch *b);

void batch_free(struct batch *b);

#endif
