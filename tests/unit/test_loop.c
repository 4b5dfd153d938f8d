/* test_loop - timers run in deadline order (equal deadlines in the order
 * added), a cancelled timer never runs, a timer added by a callback waits
 * for the next round, loop_fd() wakes a poll, and a descriptor unwatched
 * by an earlier callback of the same round is not reported. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "dns/loop.h"

struct log {
	char text[64];
	struct loop *loop;
};

static void append(struct log *log, char c)
{
	size_t n = strlen(log->text);
	assert_true(n + 1 < sizeof log->text);
	log->text[n] = c;
}

#define MARK(letter) \
	static void mark_##letter(void *ctx) { append(ctx, #letter[0]); }
MARK(a)
MARK(b)
MARK(c)
MARK(d)

static void run_until_idle(struct loop *loop)
{
	while (loop_pending(loop))
		assert_true(loop_process(loop, -1) >= 0);
}

static void timers__deadline_order_then_order_added(void **state)
{
	(void)state;
	struct log log = {0};
	struct loop *loop;
	assert_true(loop_new(&loop));
	assert_non_null(loop_timer_add(loop, 40, mark_d, &log));
	assert_non_null(loop_timer_add(loop, 0, mark_a, &log));
	assert_non_null(loop_timer_add(loop, 20, mark_b, &log));
	assert_non_null(loop_timer_add(loop, 20, mark_c, &log));
	run_until_idle(loop);
	assert_string_equal(log.text, "abcd");
	loop_free(loop);
}

static void timers__cancelled_never_runs(void **state)
{
	(void)state;
	struct log log = {0};
	struct loop *loop;
	assert_true(loop_new(&loop));
	assert_non_null(loop_timer_add(loop, 10, mark_a, &log));
	struct loop_timer *b = loop_timer_add(loop, 5, mark_b, &log);
	assert_non_null(loop_timer_add(loop, 15, mark_c, &log));
	loop_timer_cancel(loop, b);
	loop_timer_cancel(loop, NULL);
	run_until_idle(loop);
	assert_string_equal(log.text, "ac");
	loop_free(loop);
}

static void add_again(void *ctx)
{
	struct log *log = ctx;
	append(log, 'x');
	if (strlen(log->text) < 3)
		assert_non_null(loop_timer_add(log->loop, 0, add_again, log));
}

/* A timer that re-adds itself cannot hold one loop_process forever. */
static void timers__added_by_a_callback_wait_for_the_next_round(void **state)
{
	(void)state;
	struct loop *loop;
	assert_true(loop_new(&loop));
	struct log log = {.loop = loop};
	assert_non_null(loop_timer_add(loop, 0, add_again, &log));
	assert_int_equal(loop_process(loop, -1), 1);
	assert_string_equal(log.text, "x");
	run_until_idle(loop);
	assert_string_equal(log.text, "xxx");
	loop_free(loop);
}

static void fd__readable_when_a_timer_is_due(void **state)
{
	(void)state;
	struct log log = {0};
	struct loop *loop;
	assert_true(loop_new(&loop));
	struct pollfd pfd = {loop_fd(loop), POLLIN, 0};
	assert_int_equal(poll(&pfd, 1, 0), 0); /* nothing to do yet */
	struct loop_timer *later = loop_timer_add(loop, 60000, mark_b, &log);
	assert_non_null(later);
	assert_int_equal(poll(&pfd, 1, 0), 0); /* a minute away */
	loop_timer_cancel(loop, later);
	assert_non_null(loop_timer_add(loop, 30, mark_a, &log));
	assert_int_equal(poll(&pfd, 1, 5000), 1);
	assert_int_equal(loop_process(loop, 0), 1);
	assert_string_equal(log.text, "a");
	assert_int_equal(poll(&pfd, 1, 0), 0);
	loop_free(loop);
}

struct pair {
	struct loop *loop;
	int read_end[2];
	int calls;
};

/* Both pipes are readable in the same round; the first callback to run
 * unwatches (and closes) the other, which must then not be reported. */
static void on_readable(void *ctx, int fd, unsigned events)
{
	struct pair *p = ctx;
	assert_true(events & LOOP_READ);
	p->calls++;
	int other = fd == p->read_end[0] ? p->read_end[1] : p->read_end[0];
	loop_unwatch(p->loop, fd);
	loop_unwatch(p->loop, other);
}

static void fd__unwatched_in_the_same_round_is_not_reported(void **state)
{
	(void)state;
	struct loop *loop;
	assert_true(loop_new(&loop));
	int a[2], b[2];
	assert_int_equal(pipe(a), 0);
	assert_int_equal(pipe(b), 0);
	struct pair p = {loop, {a[0], b[0]}, 0};
	assert_true(loop_watch(loop, a[0], LOOP_READ, on_readable, &p));
	assert_true(loop_watch(loop, b[0], LOOP_READ, on_readable, &p));
	assert_int_equal(write(a[1], "x", 1), 1);
	assert_int_equal(write(b[1], "x", 1), 1);
	assert_int_equal(loop_process(loop, 1000), 1);
	assert_int_equal(p.calls, 1);
	assert_false(loop_pending(loop));
	loop_unwatch(loop, 12345); /* unknown: ignored */
	for (int i = 0; i < 2; i++) {
		close(a[i]);
		close(b[i]);
	}
	loop_free(loop);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(timers__deadline_order_then_order_added),
		cmocka_unit_test(timers__cancelled_never_runs),
		cmocka_unit_test(timers__added_by_a_callback_wait_for_the_next_round),
		cmocka_unit_test(fd__readable_when_a_timer_is_due),
		cmocka_unit_test(fd__unwatched_in_the_same_round_is_not_reported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
