/* loop - one thread's event loop: file descriptors and timers.
 *
 * Every DNS question of the engine runs here: non-blocking sockets watched
 * for reading or writing, and a heap of deadlines (each try, each retry, a
 * lab's latency). The loop never blocks by itself and owns no thread: a
 * caller either runs it (loop_process with a wait), or polls loop_fd()
 * beside its own descriptors (stdin) and calls loop_process(loop, 0) when
 * it is readable, in the manner of libunbound's ub_fd/ub_process.
 *
 * Callbacks run inside loop_process, on the caller's thread. A callback may
 * add or remove watches and timers, its own included. A loop is used by
 * one thread only. */
#ifndef PTRDOCTOR_LOOP_H
#define PTRDOCTOR_LOOP_H

#include <stdbool.h>

struct loop;
struct loop_timer;

enum loop_events {
	LOOP_READ = 1,  /* readable, or an error the read will report */
	LOOP_WRITE = 2, /* writable (a connect has ended, well or not) */
};

/* loop_fd_fn - fd is ready for what `events` says. */
typedef void (*loop_fd_fn)(void *ctx, int fd, unsigned events);

/* loop_timer_fn - the timer's deadline has passed; the timer is already
 * gone (do not cancel it). */
typedef void (*loop_timer_fn)(void *ctx);

/* loop_new - an empty loop. false (errno set) when the kernel refuses the
 * descriptors it needs. *out is owned (loop_free). */
bool loop_new(struct loop **out);

/* loop_free - ends every timer without running it; watched descriptors
 * stay open (their owners close them). NULL is a no-op. */
void loop_free(struct loop *loop);

/* loop_fd - readable whenever loop_process(loop, 0) has work to do. */
int loop_fd(const struct loop *loop);

/* loop_watch - call fn when fd is ready for `events` (LOOP_READ |
 * LOOP_WRITE); watching a watched fd again replaces its watch. false
 * (errno set) when it cannot be watched. */
bool loop_watch(struct loop *loop, int fd, unsigned events, loop_fd_fn fn, void *ctx);

/* loop_unwatch - forget fd; call it before closing fd. Unknown fds are
 * ignored. */
void loop_unwatch(struct loop *loop, int fd);

/* loop_forget - forget fd that the caller closes at once: the close
 * takes it out of the epoll set, one system call fewer per query. Only
 * for an fd no other process or descriptor shares (sockets opened
 * SOCK_CLOEXEC and never dup'd). */
void loop_forget(struct loop *loop, int fd);

/* loop_timer_add - call fn once, ms milliseconds from now (0: at the next
 * loop_process). Returns the timer (borrowed, valid until it runs or is
 * cancelled), or NULL on no memory. */
struct loop_timer *loop_timer_add(struct loop *loop, long ms, loop_timer_fn fn, void *ctx);

/* loop_timer_cancel - the timer will not run. NULL is a no-op. */
void loop_timer_cancel(struct loop *loop, struct loop_timer *timer);

/* loop_process - run the callbacks of every ready descriptor and expired
 * timer, waiting up to wait_ms for one (0: never wait; -1: until there is
 * one). Returns the number of callbacks run, or -1 (errno set) when the
 * wait itself failed. */
int loop_process(struct loop *loop, int wait_ms);

/* loop_pending - the loop has timers or watches: something is still to
 * come. */
bool loop_pending(const struct loop *loop);

/* loop_now_ms - the monotonic clock, in milliseconds. */
long loop_now_ms(void);

#endif
