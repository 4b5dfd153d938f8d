/* loop - one thread's event loop: epoll for descriptors, a timerfd armed
 * for the earliest deadline of a binary heap of timers. */
#define _POSIX_C_SOURCE 200809L
#include "loop.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define EVENTS_PER_WAIT 64

struct watch {
	loop_fd_fn fn;
	void *ctx;
	unsigned events;
	bool active;
};

struct loop_timer {
	long deadline;          /* loop_now_ms() at which it runs */
	unsigned long seq;      /* equal deadlines run in the order added */
	size_t index;           /* position in the heap */
	loop_timer_fn fn;
	void *ctx;
};

struct loop {
	int epfd, tfd;
	struct watch *watches;  /* indexed by descriptor */
	size_t watch_cap, watch_count;
	struct loop_timer **heap;
	size_t heap_len, heap_cap;
	unsigned long seq;
	long armed;             /* deadline the timerfd is set for, -1 none */
};

long loop_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

bool loop_new(struct loop **out)
{
	*out = NULL;
	struct loop *l = calloc(1, sizeof *l);
	if (!l)
		return false;
	l->armed = -1;
	l->epfd = epoll_create1(EPOLL_CLOEXEC);
	l->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	struct epoll_event ev = {.events = EPOLLIN, .data.fd = l->tfd};
	if (l->epfd < 0 || l->tfd < 0 || epoll_ctl(l->epfd, EPOLL_CTL_ADD, l->tfd, &ev) != 0) {
		int saved = errno;
		if (l->epfd >= 0)
			close(l->epfd);
		if (l->tfd >= 0)
			close(l->tfd);
		free(l);
		errno = saved;
		return false;
	}
	*out = l;
	return true;
}

void loop_free(struct loop *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->heap_len; i++)
		free(l->heap[i]);
	free(l->heap);
	free(l->watches);
	close(l->tfd);
	close(l->epfd);
	free(l);
}

int loop_fd(const struct loop *l)
{
	return l->epfd;
}

bool loop_pending(const struct loop *l)
{
	return l->heap_len > 0 || l->watch_count > 0;
}

static uint32_t epoll_mask(unsigned events)
{
	return ((events & LOOP_READ) ? EPOLLIN : 0) | ((events & LOOP_WRITE) ? EPOLLOUT : 0);
}

bool loop_watch(struct loop *l, int fd, unsigned events, loop_fd_fn fn, void *ctx)
{
	if (fd < 0) {
		errno = EBADF;
		return false;
	}
	if ((size_t)fd >= l->watch_cap) {
		size_t cap = l->watch_cap ? l->watch_cap : 16;
		while (cap <= (size_t)fd)
			cap *= 2;
		struct watch *grown = realloc(l->watches, cap * sizeof *grown);
		if (!grown)
			return false;
		memset(grown + l->watch_cap, 0, (cap - l->watch_cap) * sizeof *grown);
		l->watches = grown;
		l->watch_cap = cap;
	}
	struct watch *w = &l->watches[fd];
	struct epoll_event ev = {.events = epoll_mask(events), .data.fd = fd};
	if (epoll_ctl(l->epfd, w->active ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &ev) != 0)
		return false;
	if (!w->active)
		l->watch_count++;
	*w = (struct watch){fn, ctx, events, true};
	return true;
}

static void forget(struct loop *l, int fd)
{
	l->watches[fd].active = false;
	l->watch_count--;
}

void loop_unwatch(struct loop *l, int fd)
{
	if (fd < 0 || (size_t)fd >= l->watch_cap || !l->watches[fd].active)
		return;
	epoll_ctl(l->epfd, EPOLL_CTL_DEL, fd, NULL);
	forget(l, fd);
}

void loop_forget(struct loop *l, int fd)
{
	if (fd >= 0 && (size_t)fd < l->watch_cap && l->watches[fd].active)
		forget(l, fd);
}

/* The heap: the earliest deadline (then the oldest timer) at index 0. */
static bool timer_before(const struct loop_timer *a, const struct loop_timer *b)
{
	return a->deadline < b->deadline || (a->deadline == b->deadline && a->seq < b->seq);
}

static void heap_set(struct loop *l, size_t i, struct loop_timer *t)
{
	l->heap[i] = t;
	t->index = i;
}

static void heap_up(struct loop *l, size_t i)
{
	struct loop_timer *t = l->heap[i];
	while (i > 0 && timer_before(t, l->heap[(i - 1) / 2])) {
		heap_set(l, i, l->heap[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
	heap_set(l, i, t);
}

static void heap_down(struct loop *l, size_t i)
{
	struct loop_timer *t = l->heap[i];
	for (;;) {
		size_t child = 2 * i + 1;
		if (child >= l->heap_len)
			break;
		if (child + 1 < l->heap_len && timer_before(l->heap[child + 1], l->heap[child]))
			child++;
		if (!timer_before(l->heap[child], t))
			break;
		heap_set(l, i, l->heap[child]);
		i = child;
	}
	heap_set(l, i, t);
}

static void heap_remove(struct loop *l, struct loop_timer *t)
{
	size_t i = t->index;
	struct loop_timer *last = l->heap[--l->heap_len];
	if (last == t)
		return;
	heap_set(l, i, last);
	heap_up(l, i);
	heap_down(l, last->index);
}

/* arm - point the timerfd at the earliest deadline, so that loop_fd()
 * becomes readable when it passes. */
static void arm(struct loop *l)
{
	long deadline = l->heap_len ? l->heap[0]->deadline : -1;
	if (deadline == l->armed)
		return;
	struct itimerspec spec = {0};
	int flags = TFD_TIMER_ABSTIME;
	if (deadline >= 0) {
		spec.it_value.tv_sec = deadline / 1000;
		spec.it_value.tv_nsec = (deadline % 1000) * 1000000L;
		if (deadline <= loop_now_ms()) {
			/* due already: expire at once (a zero value would disarm) */
			spec.it_value = (struct timespec){0, 1};
			flags = 0;
		}
	}
	if (timerfd_settime(l->tfd, flags, &spec, NULL) == 0)
		l->armed = deadline;
}

struct loop_timer *loop_timer_add(struct loop *l, long ms, loop_timer_fn fn, void *ctx)
{
	if (l->heap_len == l->heap_cap) {
		size_t cap = l->heap_cap ? l->heap_cap * 2 : 16;
		struct loop_timer **grown = realloc(l->heap, cap * sizeof *grown);
		if (!grown)
			return NULL;
		l->heap = grown;
		l->heap_cap = cap;
	}
	struct loop_timer *t = malloc(sizeof *t);
	if (!t)
		return NULL;
	*t = (struct loop_timer){loop_now_ms() + (ms > 0 ? ms : 0), l->seq++, l->heap_len, fn, ctx};
	l->heap[l->heap_len++] = t;
	heap_up(l, t->index);
	arm(l);
	return t;
}

void loop_timer_cancel(struct loop *l, struct loop_timer *t)
{
	if (!t)
		return;
	heap_remove(l, t);
	free(t);
	arm(l);
}

/* run_timers - the timers due now and added before this call: one added
 * by a callback with no delay runs at the next loop_process, so a timer
 * that re-adds itself cannot hold the loop. */
static int run_timers(struct loop *l)
{
	uint64_t expirations;
	ssize_t n = read(l->tfd, &expirations, sizeof expirations);
	(void)n; /* EAGAIN when it had not expired: timers may still be due */
	l->armed = -1;
	long now = loop_now_ms();
	unsigned long limit = l->seq;
	int ran = 0;
	while (l->heap_len > 0 && l->heap[0]->deadline <= now && l->heap[0]->seq < limit) {
		struct loop_timer *t = l->heap[0];
		heap_remove(l, t);
		loop_timer_fn fn = t->fn;
		void *ctx = t->ctx;
		free(t);
		fn(ctx);
		ran++;
	}
	arm(l);
	return ran;
}

int loop_process(struct loop *l, int wait_ms)
{
	struct epoll_event events[EVENTS_PER_WAIT];
	int n = epoll_wait(l->epfd, events, EVENTS_PER_WAIT, wait_ms);
	if (n < 0)
		return errno == EINTR ? 0 : -1;
	int ran = 0;
	for (int i = 0; i < n; i++) {
		int fd = events[i].data.fd;
		if (fd == l->tfd || (size_t)fd >= l->watch_cap)
			continue;
		/* an earlier callback of this batch may have unwatched it */
		struct watch w = l->watches[fd];
		if (!w.active)
			continue;
		uint32_t got = events[i].events;
		unsigned ready = 0;
		if ((w.events & LOOP_READ) && (got & (EPOLLIN | EPOLLERR | EPOLLHUP)))
			ready |= LOOP_READ;
		if ((w.events & LOOP_WRITE) && (got & (EPOLLOUT | EPOLLERR | EPOLLHUP)))
			ready |= LOOP_WRITE;
		if (ready) {
			w.fn(w.ctx, fd, ready);
			ran++;
		}
	}
	return ran + run_timers(l);
}
