/* diagnose - the lookup plan of one check, run concurrently.
 *
 * diagnosis_start() sends the first round at once (PTR and SOA of the
 * reverse name; A, AAAA and MX of the HELO name) and each follow-up as soon
 * as the answer it needs lands (A/AAAA of every PTR target, NS of the
 * reverse zone, the other address family), so the FCrDNS verdict costs two
 * round trips. Every question runs on the diagnosis's own event loop
 * (loop.h): no threads.
 *
 * Progress reaches the front end as events, never by calls into it from
 * inside the engine: diagnosis_fd() becomes readable when there is work,
 * and diagnosis_dispatch() does it and runs the callbacks. A step's
 * results may be read once its "finished" event has been dispatched; the
 * whole diagnosis once "done" has been. A diagnosis and its backend belong
 * to one thread. */
#ifndef PTRDOCTOR_DIAGNOSE_H
#define PTRDOCTOR_DIAGNOSE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/names.h"
#include "step.h"

struct backend;
struct diagnosis;
struct loop;

struct diagnosis_callbacks {
	void (*step_started)(void *ctx, const struct step *step);
	void (*step_finished)(void *ctx, const struct step *step);
	void (*done)(void *ctx, const struct diagnosis *diagnosis);
	/* verdict_ready - every lookup the verdict needs has its answer; the
	 * zones' own servers may still be asked (their rules then say so, see
	 * diagnosis_authority_pending), and done follows. May be NULL. */
	void (*verdict_ready)(void *ctx, const struct diagnosis *diagnosis);
};

enum diagnosis_status {
	DIAGNOSIS_OK = 0,
	DIAGNOSIS_BAD_IP,     /* the IP did not parse; see names_parse_ip */
	DIAGNOSIS_NO_MEMORY,
	DIAGNOSIS_NO_LOOP,    /* the kernel refused the event loop's descriptors */
};

/* diagnosis_start - begin a check of ip (text) and helo (may be NULL or
 * empty: no HELO checks). backend is borrowed and must outlive the
 * diagnosis; callbacks may be NULL. *out is owned (diagnosis_free). */
enum diagnosis_status diagnosis_start(const char *ip, const char *helo, struct backend *backend,
				      const struct diagnosis_callbacks *callbacks, void *ctx,
				      struct diagnosis **out);

/* diagnosis_start_on - the same on a loop of the caller's (borrowed: it
 * must outlive the diagnosis), shared with other diagnoses: a batch runs
 * many checks on one loop. diagnosis_fd() is then that loop's, and the
 * caller processes the loop itself (loop_process) before it calls
 * diagnosis_dispatch, which then only runs the events. */
enum diagnosis_status diagnosis_start_on(struct loop *loop, const char *ip, const char *helo,
					 struct backend *backend, const struct diagnosis_callbacks *callbacks,
					 void *ctx, struct diagnosis **out);

/* diagnosis_add_helo - add the HELO name's lookups to a diagnosis started
 * without one (the wizard starts on the IP before the HELO is known).
 * Returns false if it already has a HELO or was cancelled. "done" is
 * dispatched again once the new steps finish. */
bool diagnosis_add_helo(struct diagnosis *d, const char *helo);

/* diagnosis_authority_pending - a question of the authoritative round
 * (the zones' own servers) is still out. */
bool diagnosis_authority_pending(const struct diagnosis *d);

/* diagnosis_fd - readable while diagnosis_dispatch() has work to do. */
int diagnosis_fd(const struct diagnosis *d);

/* diagnosis_dispatch - read what has arrived, plan what it makes
 * possible, and run the callbacks; never blocks. Returns true once the
 * "done" event has been dispatched. */
bool diagnosis_dispatch(struct diagnosis *d);

/* diagnosis_wait - dispatch, sleeping in the loop between events, until
 * the diagnosis is done. false only when the loop itself failed. */
bool diagnosis_wait(struct diagnosis *d);

/* diagnosis_cancel - stop planning and close every question's socket at
 * once; the steps in flight end cancelled. The "done" event still
 * arrives. */
void diagnosis_cancel(struct diagnosis *d);

/* diagnosis_free - closes what is in flight and frees. NULL is a no-op. */
void diagnosis_free(struct diagnosis *d);

/* Read access; valid once done (see above). Pointers are borrowed. */
bool diagnosis_is_done(const struct diagnosis *d);
bool diagnosis_was_cancelled(const struct diagnosis *d);
/* diagnosis_incomplete - a question the plan called for could not even be
 * stored (no memory): the findings lack it, and callers must say so. */
bool diagnosis_incomplete(const struct diagnosis *d);
const struct ip_address *diagnosis_ip(const struct diagnosis *d);
const char *diagnosis_helo(const struct diagnosis *d);          /* NULL when none */
const char *diagnosis_reverse_name(const struct diagnosis *d);
const struct backend *diagnosis_backend(const struct diagnosis *d);
size_t diagnosis_step_count(const struct diagnosis *d);
const struct step *diagnosis_step(const struct diagnosis *d, size_t index);

/* diagnosis_find - the first step with this purpose whose question name
 * equals qname (any when NULL) and whose `about` equals about (any when
 * NULL), or NULL. */
const struct step *diagnosis_find(const struct diagnosis *d, enum step_purpose purpose,
				  const char *qname, const char *about);

/* diagnosis_round_trips - the longest chain of dependent lookups behind
 * the FCrDNS verdict (2 when the plan worked as designed). */
int diagnosis_round_trips(const struct diagnosis *d);

#endif
