/* diagnose - the lookup plan of one check, run on one event loop. */
#define _POSIX_C_SOURCE 200809L
#include "diagnose.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dns/backend.h"
#include "dns/dig.h"
#include "dns/loop.h"
#include "plan.h"

enum event_kind { EVENT_STARTED, EVENT_FINISHED, EVENT_VERDICT, EVENT_DONE };

struct event {
	enum event_kind kind;
	int step; /* the step, or for EVENT_VERDICT and EVENT_DONE the generation */
};

/* A step in flight: what its answer comes back to. */
struct flight {
	struct diagnosis *d;
	struct step *step;
	struct backend_query *query;
	long started_ms;
};

struct diagnosis {
	struct loop *loop;
	bool owns_loop;           /* false when started on a caller's loop */
	struct loop_timer *wake;  /* makes loop_fd() readable for queued events */
	bool cancelled;
	struct backend *backend;
	bool authority;           /* the backend can ask servers directly */
	struct diagnosis_callbacks callbacks;
	void *ctx;
	struct ip_address ip;
	char *helo;
	char reverse[80];
	struct step **steps;      /* grows; never drops a step */
	struct flight **flights;  /* per step; NULL once it has landed */
	size_t step_count, step_cap;
	int running;
	bool done_queued, done_dispatched;
	bool verdict_queued;      /* EVENT_VERDICT of this generation */
	int generation;           /* bumped when steps are added after "done" */
	struct event *events;     /* queued for diagnosis_dispatch; grows */
	size_t event_head, event_tail, event_cap;
	bool out_of_memory;       /* a step or event could not be stored */
	struct loop_timer *authority_deadline; /* ends the zones' servers' questions (below) */
	bool expiring;            /* on_authority_deadline is ending them */
	long authority_grace;     /* the grace of the deadline, once armed */
};

/* Once every lookup the verdict needs has its answer, a question asked
 * directly of a zone's own server gets AUTHORITY_GRACE_MS from when it was
 * asked, or AUTHORITY_GRACE_FACTOR times the slowest of the verdict's
 * answers if that is longer; unanswered then, it ends as "no reply". A
 * network that lets DNS through only to its resolver so costs about a
 * second, not the timeouts. Questions to the resolver (a zone's NS, a
 * server's address) and questions still in line keep their own timeouts:
 * a resolver paced by --qps is not a silent server. */
#define AUTHORITY_GRACE_MS 1000
#define AUTHORITY_GRACE_FACTOR 4

static void plan_after_step(struct diagnosis *d, const struct step *step);

static void on_wake(void *ctx)
{
	((struct diagnosis *)ctx)->wake = NULL;
}

/* queue_event - for diagnosis_dispatch, which runs the callbacks on the
 * caller's stack, never inside the engine's own. */
static void queue_event(struct diagnosis *d, enum event_kind kind, int step)
{
	if (d->event_tail == d->event_cap) {
		if (d->event_head > 0) {
			memmove(d->events, d->events + d->event_head, (d->event_tail - d->event_head) * sizeof *d->events);
			d->event_tail -= d->event_head;
			d->event_head = 0;
		}
		if (d->event_tail == d->event_cap) {
			size_t cap = d->event_cap ? d->event_cap * 2 : 32;
			struct event *grown = realloc(d->events, cap * sizeof *grown);
			if (!grown) {
				d->out_of_memory = true;
				return;
			}
			d->events = grown;
			d->event_cap = cap;
		}
	}
	d->events[d->event_tail++] = (struct event){kind, step};
	if (!d->wake)
		d->wake = loop_timer_add(d->loop, 0, on_wake, d);
}

static enum step_state state_of(enum backend_result result)
{
	switch (result) {
	case BACKEND_ANSWER: return STEP_ANSWERED;
	case BACKEND_TIMEOUT: return STEP_TIMEOUT;
	case BACKEND_FAILED: break;
	}
	return STEP_FAILED;
}

/* check_done - after planning: nothing out means done. */
static void check_done(struct diagnosis *d)
{
	if (d->running == 0 && !d->done_queued) {
		d->done_queued = true;
		queue_event(d, EVENT_DONE, d->generation);
	}
}

/* on_authority_deadline - every direct question asked at least the grace
 * ago ends unanswered (its landing plans nothing more: no answer); the
 * timer comes back for the younger ones. */
static void on_authority_deadline(void *ctx)
{
	struct diagnosis *d = ctx;
	long now = loop_now_ms(), next = -1;
	d->authority_deadline = NULL;
	d->expiring = true;
	for (size_t i = 0; i < d->step_count; i++) {
		struct flight *f = d->flights[i];
		if (!f || !d->steps[i]->target)
			continue;
		long left = d->authority_grace - (now - f->started_ms);
		if (left <= 0 && backend_query_expire(f->query, "no reply within the deadline after the resolver's answers"))
			continue;
		left = left > 0 ? left : d->authority_grace; /* still in line: look again later */
		next = next < 0 || left < next ? left : next;
	}
	d->expiring = false;
	if (next >= 0)
		d->authority_deadline = loop_timer_add(d->loop, next, on_authority_deadline, d);
}

/* arm_authority_deadline - when the verdict's lookups are all in and some
 * of the zones' servers' questions are out. */
static void arm_authority_deadline(struct diagnosis *d)
{
	long slowest = 0;
	bool direct_out = false;
	if (d->cancelled || d->expiring || (d->authority_deadline && d->verdict_queued))
		return;
	for (size_t i = 0; i < d->step_count; i++) {
		const struct step *s = d->steps[i];
		bool authority = step_is_authoritative_round(s);
		if (d->flights[i] && !authority)
			return;
		direct_out |= d->flights[i] && s->target;
		if (!authority && s->ms > slowest)
			slowest = s->ms;
	}
	if (!d->verdict_queued) {
		d->verdict_queued = true;
		queue_event(d, EVENT_VERDICT, d->generation);
	}
	d->authority_grace = AUTHORITY_GRACE_FACTOR * slowest > AUTHORITY_GRACE_MS ? AUTHORITY_GRACE_FACTOR * slowest
										  : AUTHORITY_GRACE_MS;
	if (direct_out && !d->authority_deadline)
		d->authority_deadline = loop_timer_add(d->loop, d->authority_grace, on_authority_deadline, d);
}

static void step_landed(struct diagnosis *d, struct step *step)
{
	queue_event(d, EVENT_FINISHED, step->index);
	if (!d->cancelled)
		plan_after_step(d, step);
	d->running--;
	arm_authority_deadline(d);
	check_done(d);
}

static void on_answer(void *ctx, enum backend_result result, ldns_pkt *reply, const char *server, const char *error)
{
	struct flight *f = ctx;
	struct diagnosis *d = f->d;
	struct step *step = f->step;
	d->flights[step->index] = NULL;
	step->state = state_of(result);
	step->packet = reply;
	step->rcode = reply ? ldns_pkt_get_rcode(reply) : LDNS_RCODE_NOERROR;
	step->server = server ? strdup(server) : NULL;
	step->error = error ? strdup(error) : NULL;
	step->ms = loop_now_ms() - f->started_ms;
	step->answered_at = (long long)time(NULL);
	d->out_of_memory |= !step_show_authority(step);
	free(f);
	step_landed(d, step);
}

static bool same_text(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) == 0 : a == b;
}

static bool same_question(const struct step *s, const struct plan_question *q)
{
	return s->purpose == q->purpose && s->qtype == q->type && names_equal(s->qname, q->qname) &&
	       same_text(s->about, q->about) && same_text(s->target, q->target) &&
	       (!s->subject || !q->subject || names_equal(s->subject, q->subject));
}

static bool steps_grow(struct diagnosis *d)
{
	if (d->step_count < d->step_cap)
		return true;
	size_t cap = d->step_cap ? d->step_cap * 2 : 16;
	struct step **steps = realloc(d->steps, cap * sizeof *steps);
	if (steps)
		d->steps = steps;
	struct flight **flights = steps ? realloc(d->flights, cap * sizeof *flights) : NULL;
	if (!flights)
		return false;
	d->flights = flights;
	d->step_cap = cap;
	return true;
}

static size_t other_address_count(const struct diagnosis *d)
{
	size_t count = 0;
	for (size_t i = 0; i < d->step_count; i++)
		count += d->steps[i]->purpose == PURPOSE_OTHER_PTR;
	return count;
}

/* step_dig - the dig command of a question: of the resolver, or of the
 * server asked directly. NULL on no memory. */
static char *step_dig(const struct diagnosis *d, const struct plan_question *q)
{
	const char *reverse_of = NULL;
	if (step_purpose_info(q->purpose)->dig == DIG_REVERSE)
		reverse_of = q->purpose == PURPOSE_PTR ? d->ip.text : q->about;
	if (q->purpose == PURPOSE_CHECKING_DISABLED)
		return dig_command_checking_disabled(d->backend, q->qname, q->type, NULL);
	if (!q->target)
		return dig_command(d->backend, q->qname, q->type, reverse_of);
	if (q->type == LDNS_RR_TYPE_PTR && names_equal(q->qname, d->reverse))
		reverse_of = d->ip.text;
	return dig_command_server(q->target, backend_auth_port(d->backend), q->qname, q->type, reverse_of);
}

static struct step *step_of_question(const struct diagnosis *d, const struct plan_question *q)
{
	char *dig = step_dig(d, q);
	struct step *step = dig ? step_new(q->purpose, q->qname, q->type, dig, q->about) : NULL;
	free(dig);
	if (step && (!step_set_subject(step, q->subject) ||
		     (q->target && !step_set_target(step, q->target, q->target_name, backend_auth_port(d->backend))))) {
		step_free(step);
		return NULL;
	}
	return step;
}

/* add_step - start one question of the plan. Questions already asked are
 * dropped, and addresses of the other family past PLAN_OTHERS_MAX; a step
 * that cannot be stored marks the diagnosis out of memory rather than
 * vanish. */
static void add_step(struct diagnosis *d, const struct plan_question *q)
{
	for (size_t i = 0; i < d->step_count; i++)
		if (same_question(d->steps[i], q))
			return;
	if (q->purpose == PURPOSE_OTHER_PTR && other_address_count(d) >= PLAN_OTHERS_MAX)
		return;
	struct step *step = step_of_question(d, q);
	struct flight *f = malloc(sizeof *f);
	if (!step || !f || !steps_grow(d)) {
		step_free(step);
		free(f);
		d->out_of_memory = true;
		return;
	}
	step->index = (int)d->step_count;
	step->round = q->round;
	step->state = STEP_RUNNING;
	*f = (struct flight){d, step, NULL, loop_now_ms()};
	d->steps[d->step_count] = step;
	d->flights[d->step_count] = f;
	d->step_count++;
	d->running++;
	queue_event(d, EVENT_STARTED, step->index);
	if (step->target)
		f->query = backend_ask_server(d->backend, d->loop, step->target, step->target_port, q->qname, q->type,
					      on_answer, f);
	else if (q->purpose == PURPOSE_CHECKING_DISABLED)
		f->query = backend_ask_checking_disabled(d->backend, d->loop, q->qname, q->type, on_answer, f);
	else
		f->query = backend_ask(d->backend, d->loop, q->qname, q->type, on_answer, f);
	if (!f->query) {
		d->flights[step->index] = NULL;
		free(f);
		step->state = STEP_FAILED;
		step->error = strdup("out of memory");
		queue_event(d, EVENT_FINISHED, step->index);
		d->running--; /* the planner's caller checks for done */
	}
}

/* ask_plan - every question of the plan, in order, then empty it. */
static void ask_plan(struct diagnosis *d, struct plan *plan)
{
	for (size_t i = 0; i < plan->count; i++)
		add_step(d, &plan->questions[i]);
	d->out_of_memory |= plan->out_of_memory;
	plan_free(plan);
}

static void plan_after_step(struct diagnosis *d, const struct step *step)
{
	struct plan plan;
	plan_init(&plan);
	plan_after(step, d->ip.family, d->authority, &plan);
	ask_plan(d, &plan);
}

static void plan_helo_steps(struct diagnosis *d)
{
	struct plan plan;
	plan_init(&plan);
	plan_helo(d->helo, d->authority, &plan);
	ask_plan(d, &plan);
}

bool diagnosis_add_helo(struct diagnosis *d, const char *helo)
{
	if (!helo || !*helo || d->helo || d->cancelled || !(d->helo = strdup(helo)))
		return false;
	if (d->running == 0) {
		/* Done again only when the new steps are: an old DONE event
		 * still queued belongs to the previous generation. */
		d->generation++;
		d->done_queued = false;
		d->verdict_queued = false;
		d->done_dispatched = false;
	}
	plan_helo_steps(d);
	check_done(d);
	return true;
}

enum diagnosis_status diagnosis_start(const char *ip, const char *helo, struct backend *backend,
				      const struct diagnosis_callbacks *callbacks, void *ctx,
				      struct diagnosis **out)
{
	return diagnosis_start_on(NULL, ip, helo, backend, callbacks, ctx, out);
}

enum diagnosis_status diagnosis_start_on(struct loop *loop, const char *ip, const char *helo,
					 struct backend *backend, const struct diagnosis_callbacks *callbacks,
					 void *ctx, struct diagnosis **out)
{
	*out = NULL;
	struct ip_address parsed;
	if (names_parse_ip(ip, &parsed) != NAMES_OK)
		return DIAGNOSIS_BAD_IP;
	struct diagnosis *d = calloc(1, sizeof *d);
	if (!d)
		return DIAGNOSIS_NO_MEMORY;
	d->loop = loop;
	d->owns_loop = loop == NULL;
	if (d->owns_loop && !loop_new(&d->loop)) {
		free(d);
		return DIAGNOSIS_NO_LOOP;
	}
	d->backend = backend;
	d->authority = backend_can_ask_servers(backend);
	d->ip = parsed;
	if (callbacks)
		d->callbacks = *callbacks;
	d->ctx = ctx;
	d->helo = helo && *helo ? strdup(helo) : NULL;
	if ((helo && *helo && !d->helo) || !names_reverse(&parsed, d->reverse, sizeof d->reverse)) {
		diagnosis_free(d);
		return DIAGNOSIS_NO_MEMORY;
	}
	struct plan plan;
	plan_init(&plan);
	plan_first_round(d->reverse, d->helo, d->authority, &plan);
	ask_plan(d, &plan);
	check_done(d);
	if (d->out_of_memory) {
		diagnosis_free(d);
		return DIAGNOSIS_NO_MEMORY;
	}
	*out = d;
	return DIAGNOSIS_OK;
}

int diagnosis_fd(const struct diagnosis *d)
{
	return loop_fd(d->loop);
}

bool diagnosis_dispatch(struct diagnosis *d)
{
	if (d->owns_loop) /* a shared loop is its owner's to process */
		loop_process(d->loop, 0);
	while (d->event_head < d->event_tail) {
		struct event ev = d->events[d->event_head++];
		bool whole = ev.kind == EVENT_DONE || ev.kind == EVENT_VERDICT;
		if (whole && ev.step != d->generation)
			continue;
		const struct step *step = whole ? NULL : d->steps[ev.step];
		if (ev.kind == EVENT_STARTED && d->callbacks.step_started)
			d->callbacks.step_started(d->ctx, step);
		else if (ev.kind == EVENT_FINISHED && d->callbacks.step_finished)
			d->callbacks.step_finished(d->ctx, step);
		else if (ev.kind == EVENT_VERDICT && d->callbacks.verdict_ready)
			d->callbacks.verdict_ready(d->ctx, d);
		else if (ev.kind == EVENT_DONE) {
			d->done_dispatched = true;
			if (d->callbacks.done)
				d->callbacks.done(d->ctx, d);
		}
	}
	d->event_head = d->event_tail = 0;
	return d->done_dispatched;
}

bool diagnosis_wait(struct diagnosis *d)
{
	if (!d->owns_loop)
		loop_process(d->loop, 0);
	while (!diagnosis_dispatch(d))
		if (loop_process(d->loop, -1) < 0)
			return false;
	return true;
}

/* cancel_in_flight - close every question's socket now; each step ends
 * cancelled, and "done" follows. */
void diagnosis_cancel(struct diagnosis *d)
{
	if (d->cancelled)
		return;
	d->cancelled = true;
	loop_timer_cancel(d->loop, d->authority_deadline);
	d->authority_deadline = NULL;
	for (size_t i = 0; i < d->step_count; i++) {
		struct flight *f = d->flights[i];
		if (!f)
			continue;
		backend_query_cancel(f->query);
		d->flights[i] = NULL;
		free(f);
		d->steps[i]->state = STEP_CANCELLED;
		d->steps[i]->ms = 0;
		queue_event(d, EVENT_FINISHED, (int)i);
		d->running--;
	}
	check_done(d);
}

void diagnosis_free(struct diagnosis *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->step_count; i++) {
		if (d->flights[i]) {
			backend_query_cancel(d->flights[i]->query);
			free(d->flights[i]);
		}
		step_free(d->steps[i]);
	}
	loop_timer_cancel(d->loop, d->wake);
	loop_timer_cancel(d->loop, d->authority_deadline);
	if (d->owns_loop)
		loop_free(d->loop);
	free(d->steps);
	free(d->flights);
	free(d->events);
	free(d->helo);
	free(d);
}

bool diagnosis_is_done(const struct diagnosis *d) { return d->done_dispatched; }

bool diagnosis_authority_pending(const struct diagnosis *d)
{
	for (size_t i = 0; i < d->step_count; i++)
		if (d->flights[i] && step_is_authoritative_round(d->steps[i]))
			return true;
	return false;
}
bool diagnosis_was_cancelled(const struct diagnosis *d) { return d->cancelled; }
bool diagnosis_incomplete(const struct diagnosis *d) { return d->out_of_memory; }
const struct ip_address *diagnosis_ip(const struct diagnosis *d) { return &d->ip; }
const char *diagnosis_helo(const struct diagnosis *d) { return d->helo; }
const char *diagnosis_reverse_name(const struct diagnosis *d) { return d->reverse; }
const struct backend *diagnosis_backend(const struct diagnosis *d) { return d->backend; }
size_t diagnosis_step_count(const struct diagnosis *d) { return d->step_count; }

const struct step *diagnosis_step(const struct diagnosis *d, size_t index)
{
	return index < d->step_count ? d->steps[index] : NULL;
}

const struct step *diagnosis_find(const struct diagnosis *d, enum step_purpose purpose,
				  const char *qname, const char *about)
{
	for (size_t i = 0; i < d->step_count; i++) {
		const struct step *s = d->steps[i];
		if (s->purpose != purpose)
			continue;
		if (qname && !names_equal(s->qname, qname))
			continue;
		if (about && (!s->about || strcmp(s->about, about) != 0))
			continue;
		return s;
	}
	return NULL;
}

int diagnosis_round_trips(const struct diagnosis *d)
{
	int rounds = 0;
	ldns_rr_type own = d->ip.family == AF_INET ? LDNS_RR_TYPE_A : LDNS_RR_TYPE_AAAA;
	for (size_t i = 0; i < d->step_count; i++) {
		const struct step *s = d->steps[i];
		bool verdict_step = s->purpose == PURPOSE_PTR || s->purpose == PURPOSE_PTR_FOLLOW ||
				    ((s->purpose == PURPOSE_TARGET_A || s->purpose == PURPOSE_TARGET_AAAA) &&
				     s->qtype == own);
		if (verdict_step && s->round > rounds)
			rounds = s->round;
	}
	return rounds;
}
