/* diagnose - the lookup plan of one check, run concurrently. */
#define _POSIX_C_SOURCE 200809L
#include "diagnose.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "backend.h"

#define STEPS_MAX 64
#define TARGETS_MAX 8        /* PTR targets followed */
#define OTHER_ADDRESSES_MAX 4 /* addresses of the other family checked */

enum event_kind { EVENT_STARTED, EVENT_FINISHED, EVENT_DONE };

struct event {
	enum event_kind kind;
	int step; /* the step, or for EVENT_DONE the generation */
};

struct diagnosis {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	atomic_bool cancel;
	const struct backend *backend;
	struct diagnosis_callbacks callbacks;
	void *ctx;
	struct ip_address ip;
	char *helo;
	char reverse[80];
	struct step *steps[STEPS_MAX];
	pthread_t threads[STEPS_MAX];
	bool thread_started[STEPS_MAX];
	size_t step_count;
	int running;
	bool done_queued, done_dispatched;
	int generation;           /* bumped when steps are added after "done" */
	struct event events[3 * STEPS_MAX + 1];
	size_t event_head, event_tail;
	int pipe_fds[2];
};

struct worker_arg {
	struct diagnosis *d;
	struct step *step;
};

static void plan_after(struct diagnosis *d, const struct step *step);

/* queue_event - under the lock. The pipe byte wakes a poll() in the front end. */
static void queue_event(struct diagnosis *d, enum event_kind kind, int step)
{
	size_t cap = sizeof d->events / sizeof d->events[0];
	if (d->event_tail < cap)
		d->events[d->event_tail++] = (struct event){kind, step};
	char byte = 1;
	ssize_t n = write(d->pipe_fds[1], &byte, 1);
	(void)n; /* a full pipe already wakes the reader */
	pthread_cond_broadcast(&d->changed);
}

static long ms_since(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - start->tv_sec) * 1000 + (now.tv_nsec - start->tv_nsec) / 1000000;
}

static enum step_state state_of(enum backend_result result)
{
	switch (result) {
	case BACKEND_ANSWER: return STEP_ANSWERED;
	case BACKEND_TIMEOUT: return STEP_TIMEOUT;
	case BACKEND_CANCELLED: return STEP_CANCELLED;
	case BACKEND_FAILED: break;
	}
	return STEP_FAILED;
}

static void *worker(void *arg)
{
	struct worker_arg *wa = arg;
	struct diagnosis *d = wa->d;
	struct step *step = wa->step;
	free(wa);
	ldns_pkt *reply = NULL;
	char *server = NULL, *error = NULL;
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	enum backend_result result = BACKEND_CANCELLED;
	if (!atomic_load(&d->cancel))
		result = backend_query(d->backend, step->qname, step->qtype, &d->cancel, &reply, &server, &error);
	long ms = ms_since(&start);

	pthread_mutex_lock(&d->lock);
	step->state = state_of(result);
	step->packet = reply;
	step->rcode = reply ? ldns_pkt_get_rcode(reply) : LDNS_RCODE_NOERROR;
	step->server = server;
	step->error = error;
	step->ms = ms;
	queue_event(d, EVENT_FINISHED, step->index);
	if (!atomic_load(&d->cancel))
		plan_after(d, step);
	if (--d->running == 0) {
		d->done_queued = true;
		queue_event(d, EVENT_DONE, d->generation);
	}
	pthread_mutex_unlock(&d->lock);
	return NULL;
}

static bool same_question(const struct step *s, enum step_purpose purpose, const char *qname,
			  ldns_rr_type qtype, const char *about)
{
	if (s->purpose != purpose || s->qtype != qtype || !names_equal(s->qname, qname))
		return false;
	if (!about || !s->about)
		return about == s->about;
	return strcmp(about, s->about) == 0;
}

/* add_step - plan and start one question, under the lock. reverse_of, when
 * set, makes the dig command `dig -x ADDR`. Duplicates are dropped. */
static void add_step(struct diagnosis *d, enum step_purpose purpose, const char *qname,
		     ldns_rr_type qtype, const char *about, const char *reverse_of, int round)
{
	for (size_t i = 0; i < d->step_count; i++)
		if (same_question(d->steps[i], purpose, qname, qtype, about))
			return;
	if (d->step_count == STEPS_MAX)
		return;
	char *dig = backend_dig_command(d->backend, qname, qtype, reverse_of);
	struct step *step = step_new(purpose, qname, qtype, dig, about);
	free(dig);
	struct worker_arg *wa = malloc(sizeof *wa);
	if (!step || !wa) {
		step_free(step);
		free(wa);
		return;
	}
	step->index = (int)d->step_count;
	step->round = round;
	step->state = STEP_RUNNING;
	*wa = (struct worker_arg){d, step};
	d->steps[d->step_count] = step;
	if (pthread_create(&d->threads[d->step_count], NULL, worker, wa) != 0) {
		step->state = STEP_FAILED;
		step->error = strdup("could not start a thread");
		free(wa);
		d->step_count++;
		queue_event(d, EVENT_STARTED, step->index);
		queue_event(d, EVENT_FINISHED, step->index);
		return;
	}
	d->thread_started[d->step_count] = true;
	d->step_count++;
	d->running++;
	queue_event(d, EVENT_STARTED, step->index);
}

static char *rdf_text(const ldns_rdf *rdf)
{
	return rdf ? ldns_rdf2str(rdf) : NULL;
}

static void plan_ptr_targets(struct diagnosis *d, const struct step *step)
{
	ldns_rr_list *ptrs = step_records(step, LDNS_RR_TYPE_PTR);
	size_t n = ldns_rr_list_rr_count(ptrs);
	for (size_t i = 0; i < n && i < TARGETS_MAX; i++) {
		char *target = rdf_text(ldns_rr_rdf(ldns_rr_list_rr(ptrs, i), 0));
		if (target) {
			add_step(d, PURPOSE_TARGET_A, target, LDNS_RR_TYPE_A, NULL, NULL, step->round + 1);
			add_step(d, PURPOSE_TARGET_AAAA, target, LDNS_RR_TYPE_AAAA, NULL, NULL, step->round + 1);
		}
		free(target);
	}
	ldns_rr_list_deep_free(ptrs);
	/* A CNAME the resolver did not chase (RFC 2317 child not answered in
	 * the same reply): ask its target ourselves. */
	ldns_rr_list *chain = step_cname_chain(step);
	size_t links = ldns_rr_list_rr_count(chain);
	if (n == 0 && links > 0 && step->rcode == LDNS_RCODE_NOERROR && !step_has_cname_loop(step) &&
	    ldns_rr_list_rr_count(ldns_pkt_authority(step->packet)) == 0) {
		char *target = rdf_text(ldns_rr_rdf(ldns_rr_list_rr(chain, links - 1), 0));
		if (target)
			add_step(d, PURPOSE_PTR_FOLLOW, target, LDNS_RR_TYPE_PTR, NULL, NULL, step->round + 1);
		free(target);
	}
	ldns_rr_list_deep_free(chain);
}

/* zone_of_soa_step - the zone named by an SOA answer or authority. Owned. */
static char *zone_of_soa_step(const struct step *step)
{
	ldns_rr_list *soa = step_records(step, LDNS_RR_TYPE_SOA);
	char *zone = NULL;
	if (ldns_rr_list_rr_count(soa) > 0)
		zone = rdf_text(ldns_rr_owner(ldns_rr_list_rr(soa, 0)));
	ldns_rr_list_deep_free(soa);
	ldns_rr_list *auth = ldns_pkt_authority(step->packet);
	for (size_t i = 0; !zone && i < ldns_rr_list_rr_count(auth); i++)
		if (ldns_rr_get_type(ldns_rr_list_rr(auth, i)) == LDNS_RR_TYPE_SOA)
			zone = rdf_text(ldns_rr_owner(ldns_rr_list_rr(auth, i)));
	return zone;
}

static int other_family(const struct diagnosis *d)
{
	return d->ip.family == AF_INET ? AF_INET6 : AF_INET;
}

static size_t other_address_count(const struct diagnosis *d)
{
	size_t count = 0;
	for (size_t i = 0; i < d->step_count; i++)
		count += d->steps[i]->purpose == PURPOSE_OTHER_PTR;
	return count;
}

/* plan_other_family - addresses of the other family found for the HELO or
 * PTR name: the server may send from them too, so each gets its own PTR. */
static void plan_other_family(struct diagnosis *d, const struct step *step)
{
	ldns_rr_type want = other_family(d) == AF_INET ? LDNS_RR_TYPE_A : LDNS_RR_TYPE_AAAA;
	if (step->qtype != want)
		return;
	ldns_rr_list *addrs = step_records(step, want);
	for (size_t i = 0; i < ldns_rr_list_rr_count(addrs); i++) {
		if (other_address_count(d) >= OTHER_ADDRESSES_MAX)
			break;
		char *addr = rdf_text(ldns_rr_rdf(ldns_rr_list_rr(addrs, i), 0));
		struct ip_address ip;
		char reverse[80];
		if (addr && names_parse_ip(addr, &ip) == NAMES_OK && names_reverse(&ip, reverse, sizeof reverse))
			add_step(d, PURPOSE_OTHER_PTR, reverse, LDNS_RR_TYPE_PTR, ip.text, ip.text, step->round + 1);
		free(addr);
	}
	ldns_rr_list_deep_free(addrs);
}

static void plan_other_forward(struct diagnosis *d, const struct step *step)
{
	ldns_rr_type want = other_family(d) == AF_INET ? LDNS_RR_TYPE_A : LDNS_RR_TYPE_AAAA;
	ldns_rr_list *ptrs = step_records(step, LDNS_RR_TYPE_PTR);
	for (size_t i = 0; i < ldns_rr_list_rr_count(ptrs) && i < TARGETS_MAX; i++) {
		char *target = rdf_text(ldns_rr_rdf(ldns_rr_list_rr(ptrs, i), 0));
		if (target)
			add_step(d, PURPOSE_OTHER_FORWARD, target, want, step->about, NULL, step->round + 1);
		free(target);
	}
	ldns_rr_list_deep_free(ptrs);
}

/* plan_after - the follow-ups a finished step makes possible, under the lock. */
static void plan_after(struct diagnosis *d, const struct step *step)
{
	if (step->state != STEP_ANSWERED || !step->packet)
		return;
	switch (step->purpose) {
	case PURPOSE_PTR:
	case PURPOSE_PTR_FOLLOW:
		plan_ptr_targets(d, step);
		break;
	case PURPOSE_REVERSE_SOA: {
		char *zone = zone_of_soa_step(step);
		if (zone)
			add_step(d, PURPOSE_REVERSE_NS, zone, LDNS_RR_TYPE_NS, NULL, NULL, step->round + 1);
		free(zone);
		break;
	}
	case PURPOSE_TARGET_A:
	case PURPOSE_TARGET_AAAA:
	case PURPOSE_HELO_A:
	case PURPOSE_HELO_AAAA:
		plan_other_family(d, step);
		break;
	case PURPOSE_OTHER_PTR:
		plan_other_forward(d, step);
		break;
	default:
		break;
	}
}

/* helo_is_queried - a HELO name worth asking DNS about: not an address
 * literal or bare address, and a name DNS can carry. */
static bool helo_is_queried(const char *helo)
{
	enum helo_kind kind = names_helo_kind(helo, NULL);
	if (kind == HELO_EMPTY || kind == HELO_ADDRESS_LITERAL || kind == HELO_BAD_LITERAL ||
	    kind == HELO_BARE_ADDRESS)
		return false;
	ldns_rdf *name = ldns_dname_new_frm_str(helo);
	bool ok = name != NULL && strstr(helo, "..") == NULL && helo[0] != '.';
	ldns_rdf_deep_free(name);
	return ok;
}

static void plan_helo(struct diagnosis *d)
{
	if (d->helo && helo_is_queried(d->helo)) {
		add_step(d, PURPOSE_HELO_A, d->helo, LDNS_RR_TYPE_A, NULL, NULL, 1);
		add_step(d, PURPOSE_HELO_AAAA, d->helo, LDNS_RR_TYPE_AAAA, NULL, NULL, 1);
		add_step(d, PURPOSE_HELO_MX, d->helo, LDNS_RR_TYPE_MX, NULL, NULL, 1);
	}
}

static void plan_first_round(struct diagnosis *d)
{
	add_step(d, PURPOSE_PTR, d->reverse, LDNS_RR_TYPE_PTR, NULL, d->ip.text, 1);
	add_step(d, PURPOSE_REVERSE_SOA, d->reverse, LDNS_RR_TYPE_SOA, NULL, NULL, 1);
	plan_helo(d);
}

bool diagnosis_add_helo(struct diagnosis *d, const char *helo)
{
	if (!helo || !*helo)
		return false;
	pthread_mutex_lock(&d->lock);
	bool ok = !d->helo && !atomic_load(&d->cancel) && (d->helo = strdup(helo)) != NULL;
	if (ok) {
		int before = d->running;
		plan_helo(d);
		if (before == 0 && d->running > 0) {
			/* Done again only when the new steps are: an old DONE event
			 * still queued belongs to the previous generation. */
			d->generation++;
			d->done_queued = false;
			d->done_dispatched = false;
		}
	}
	pthread_mutex_unlock(&d->lock);
	return ok;
}

static struct diagnosis *diagnosis_alloc(void)
{
	struct diagnosis *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	d->pipe_fds[0] = d->pipe_fds[1] = -1;
	if (pipe(d->pipe_fds) != 0) {
		free(d);
		return NULL;
	}
	for (int i = 0; i < 2; i++) {
		fcntl(d->pipe_fds[i], F_SETFL, fcntl(d->pipe_fds[i], F_GETFL) | O_NONBLOCK);
		fcntl(d->pipe_fds[i], F_SETFD, FD_CLOEXEC);
	}
	pthread_mutex_init(&d->lock, NULL);
	pthread_cond_init(&d->changed, NULL);
	atomic_init(&d->cancel, false);
	return d;
}

enum diagnosis_status diagnosis_start(const char *ip, const char *helo, const struct backend *backend,
				      const struct diagnosis_callbacks *callbacks, void *ctx,
				      struct diagnosis **out)
{
	*out = NULL;
	struct ip_address parsed;
	if (names_parse_ip(ip, &parsed) != NAMES_OK)
		return DIAGNOSIS_BAD_IP;
	struct diagnosis *d = diagnosis_alloc();
	if (!d)
		return DIAGNOSIS_NO_MEMORY;
	d->backend = backend;
	d->ip = parsed;
	if (callbacks)
		d->callbacks = *callbacks;
	d->ctx = ctx;
	d->helo = helo && *helo ? strdup(helo) : NULL;
	if ((helo && *helo && !d->helo) || !names_reverse(&parsed, d->reverse, sizeof d->reverse)) {
		diagnosis_free(d);
		return DIAGNOSIS_NO_MEMORY;
	}
	pthread_mutex_lock(&d->lock);
	plan_first_round(d);
	bool started = d->running > 0;
	if (!started) {
		d->done_queued = true;
		queue_event(d, EVENT_DONE, d->generation);
	}
	pthread_mutex_unlock(&d->lock);
	*out = d;
	return started ? DIAGNOSIS_OK : DIAGNOSIS_NO_THREAD;
}

int diagnosis_fd(const struct diagnosis *d)
{
	return d->pipe_fds[0];
}

bool diagnosis_dispatch(struct diagnosis *d)
{
	char drain[64];
	while (read(d->pipe_fds[0], drain, sizeof drain) > 0)
		;
	for (;;) {
		pthread_mutex_lock(&d->lock);
		if (d->event_head == d->event_tail) {
			pthread_mutex_unlock(&d->lock);
			break;
		}
		struct event ev = d->events[d->event_head++];
		const struct step *step = ev.kind != EVENT_DONE ? d->steps[ev.step] : NULL;
		bool current = ev.kind != EVENT_DONE || ev.step == d->generation;
		pthread_mutex_unlock(&d->lock);
		if (!current)
			continue;
		if (ev.kind == EVENT_STARTED && d->callbacks.step_started)
			d->callbacks.step_started(d->ctx, step);
		else if (ev.kind == EVENT_FINISHED && d->callbacks.step_finished)
			d->callbacks.step_finished(d->ctx, step);
		else if (ev.kind == EVENT_DONE) {
			pthread_mutex_lock(&d->lock);
			d->done_dispatched = true;
			pthread_mutex_unlock(&d->lock);
			if (d->callbacks.done)
				d->callbacks.done(d->ctx, d);
		}
	}
	return d->done_dispatched;
}

void diagnosis_wait(struct diagnosis *d)
{
	while (!diagnosis_dispatch(d)) {
		pthread_mutex_lock(&d->lock);
		while (d->event_head == d->event_tail)
			pthread_cond_wait(&d->changed, &d->lock);
		pthread_mutex_unlock(&d->lock);
	}
}

void diagnosis_cancel(struct diagnosis *d)
{
	atomic_store(&d->cancel, true);
}

void diagnosis_free(struct diagnosis *d)
{
	if (!d)
		return;
	atomic_store(&d->cancel, true);
	for (size_t i = 0; i < STEPS_MAX; i++) {
		pthread_mutex_lock(&d->lock);
		bool join = i < d->step_count && d->thread_started[i];
		pthread_mutex_unlock(&d->lock);
		if (join)
			pthread_join(d->threads[i], NULL);
	}
	for (size_t i = 0; i < d->step_count; i++)
		step_free(d->steps[i]);
	pthread_mutex_destroy(&d->lock);
	pthread_cond_destroy(&d->changed);
	close(d->pipe_fds[0]);
	close(d->pipe_fds[1]);
	free(d->helo);
	free(d);
}

bool diagnosis_is_done(const struct diagnosis *d) { return d->done_dispatched; }
bool diagnosis_was_cancelled(const struct diagnosis *d) { return atomic_load(&((struct diagnosis *)d)->cancel); }
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
