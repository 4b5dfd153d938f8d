/* test_transport - replies that are not ours are ignored, a lost try is
 * retried, truncation falls back to TCP (a reply read in pieces), a cancel
 * closes the socket at once. A fake server on loopback, in the same event
 * loop, plays the other side. */
#define _POSIX_C_SOURCE 200809L
#include "fakedns.h"

#include "dns/transport.h"

struct outcome {
	bool done;
	enum transport_result result;
	ldns_pkt *reply;
	char error[200];
	long at_ms;
};

static void on_done(void *ctx, enum transport_result result, ldns_pkt *reply, const char *error)
{
	struct outcome *o = ctx;
	assert_false(o->done); /* exactly once */
	o->done = true;
	o->result = result;
	o->reply = reply;
	snprintf(o->error, sizeof o->error, "%s", error ? error : "");
	o->at_ms = loop_now_ms();
}

static struct transport_exchange *start(struct loop *loop, uint16_t port, int timeout_ms, int tries,
					struct outcome *o)
{
	ldns_rdf *name = ldns_dname_new_frm_str("example.com.");
	ldns_rdf *addr = ldns_rdf_new_frm_str(LDNS_RDF_TYPE_A, "127.0.0.1");
	ldns_pkt *q = ldns_pkt_query_new(name, LDNS_RR_TYPE_A, LDNS_RR_CLASS_IN, LDNS_RD);
	ldns_pkt_set_id(q, 4711);
	struct transport_exchange *x = transport_start(loop, q, addr, port, timeout_ms, tries, on_done, o);
	assert_non_null(x);
	ldns_pkt_free(q);
	ldns_rdf_deep_free(addr);
	return x;
}

static void run(struct loop *loop, struct outcome *o)
{
	while (!o->done)
		assert_true(loop_process(loop, -1) >= 0);
}

/* exchange - one whole exchange with a fake server of this mode. */
static void exchange(enum fake_mode mode, int timeout_ms, int tries, struct outcome *o, struct fake *f)
{
	struct loop *loop;
	assert_true(loop_new(&loop));
	fake_start(f, loop, mode);
	*o = (struct outcome){0};
	start(loop, f->port, timeout_ms, tries, o);
	assert_false(o->done); /* never from transport_start itself */
	run(loop, o);
	fake_stop(f);
	assert_false(loop_pending(loop)); /* the exchange left nothing behind */
	loop_free(loop);
}

static void wrong_id__ignored_then_right_reply_taken(void **state)
{
	(void)state;
	struct outcome o;
	struct fake f;
	exchange(FAKE_WRONG_ID_THEN_RIGHT, 2000, 1, &o, &f);
	assert_int_equal(o.result, TRANSPORT_REPLY);
	assert_int_equal(ldns_pkt_id(o.reply), 4711);
	assert_int_equal(ldns_pkt_ancount(o.reply), 1);
	ldns_pkt_free(o.reply);
}

static void garbage__times_out_saying_what_was_ignored(void **state)
{
	(void)state;
	struct outcome o;
	struct fake f;
	exchange(FAKE_GARBAGE, 200, 1, &o, &f);
	assert_int_equal(o.result, TRANSPORT_TIMEOUT);
	assert_null(o.reply);
	assert_non_null(strstr(o.error, "1 ignored"));
	assert_non_null(strstr(o.error, "malformed"));
}

static void lost_first_try__the_retry_is_answered(void **state)
{
	(void)state;
	struct outcome o;
	struct fake f;
	long t0 = loop_now_ms();
	exchange(FAKE_SECOND_TRY, 150, 2, &o, &f);
	assert_int_equal(o.result, TRANSPORT_REPLY);
	assert_int_equal(f.queries, 2);
	assert_true(o.at_ms - t0 >= 150); /* the retry waited for the first try's deadline */
	ldns_pkt_free(o.reply);
}

static void truncated__falls_back_to_tcp_and_reads_in_pieces(void **state)
{
	(void)state;
	struct outcome o;
	struct fake f;
	exchange(FAKE_TRUNCATED, 2000, 1, &o, &f);
	assert_int_equal(o.result, TRANSPORT_REPLY);
	assert_int_equal(f.tcp_queries, 1);
	assert_false(ldns_pkt_tc(o.reply));
	assert_int_equal(ldns_pkt_ancount(o.reply), 1);
	ldns_pkt_free(o.reply);
}

static void no_server__times_out_after_every_try(void **state)
{
	(void)state;
	struct loop *loop;
	assert_true(loop_new(&loop));
	struct outcome o = {0};
	long t0 = loop_now_ms();
	start(loop, fake_closed_port(), 100, 2, &o);
	run(loop, &o);
	assert_int_equal(o.result, TRANSPORT_TIMEOUT);
	assert_string_equal(o.error, "no reply");
	assert_true(o.at_ms - t0 >= 200); /* two tries of 100 ms */
	assert_false(loop_pending(loop));
	loop_free(loop);
}

struct canceller {
	struct transport_exchange *x;
	bool fired;
};

static void cancel_now(void *ctx)
{
	struct canceller *c = ctx;
	transport_cancel(c->x);
	c->fired = true;
}

/* A cancel after the query has gone out: the socket closes at once, done
 * never runs, and nothing is left in the loop to wait for. */
static void silent__cancel_in_flight_closes_at_once(void **state)
{
	(void)state;
	struct loop *loop;
	assert_true(loop_new(&loop));
	struct fake f;
	fake_start(&f, loop, FAKE_SILENT);
	struct outcome o = {0};
	struct canceller c = {start(loop, f.port, 10000, 2, &o), false};
	while (f.queries == 0)
		assert_true(loop_process(loop, -1) >= 0);
	assert_non_null(loop_timer_add(loop, 0, cancel_now, &c));
	while (!c.fired)
		assert_true(loop_process(loop, -1) >= 0);
	fake_stop(&f);
	assert_false(o.done);
	assert_false(loop_pending(loop)); /* no socket watched, no deadline left */
	loop_free(loop);
}

static void random_ids__vary(void **state)
{
	(void)state;
	uint16_t first = transport_random_id();
	bool varied = false;
	for (int i = 0; i < 64 && !varied; i++)
		varied = transport_random_id() != first;
	assert_true(varied); /* 64 equal draws of 16 bits: odds 2^-1008 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(wrong_id__ignored_then_right_reply_taken),
		cmocka_unit_test(garbage__times_out_saying_what_was_ignored),
		cmocka_unit_test(lost_first_try__the_retry_is_answered),
		cmocka_unit_test(truncated__falls_back_to_tcp_and_reads_in_pieces),
		cmocka_unit_test(no_server__times_out_after_every_try),
		cmocka_unit_test(silent__cancel_in_flight_closes_at_once),
		cmocka_unit_test(random_ids__vary),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
