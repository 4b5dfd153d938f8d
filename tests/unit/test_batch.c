/* test_batch - many checks on one loop, handed back in input order,
 * over a lab whose answers take different times. */
#define _POSIX_C_SOURCE 200809L
#include "labkit.h"

#include <stdlib.h>

#include "check/batch.h"
#include "check/targets.h"

struct seen {
	char order[2000];
	size_t rendered, results;
	volatile sig_atomic_t stop_after; /* set the stop flag after this many results (0: never) */
	volatile sig_atomic_t stop;
};

static char *render(void *ctx, const struct batch_item *item)
{
	struct seen *s = ctx;
	s->rendered++;
	char text[200];
	snprintf(text, sizeof text, "%s=%s;", item->target->ip.text, rule_status_name(item->findings->headline.verdict));
	return strdup(text);
}

static void result(void *ctx, size_t index, const struct target *target, const char *text)
{
	struct seen *s = ctx;
	(void)target;
	(void)index;
	strncat(s->order, text, sizeof s->order - strlen(s->order) - 1);
	if (++s->results == (size_t)s->stop_after)
		s->stop = 1;
}

static struct backend *lab(void)
{
	static const char text[] = "; latency: 5\n"
				   "; timeout: 3.100.51.198.in-addr.arpa\n" LABKIT_ZONES
				   "$ORIGIN 100.51.198.in-addr.arpa.\n1 PTR mail.example.com.\n"
				   "$ORIGIN example.com.\nmail A 198.51.100.1\n";
	struct lab_scenario *sc;
	char err[1000];
	if (!lab_scenario_parse(text, "test", &sc, err, sizeof err))
		fail_msg("%s", err);
	struct backend *b;
	assert_true(backend_new_lab(sc, 30, &b));
	return b;
}

static void order__kept_whatever_ends_first(void **state)
{
	(void)state;
	struct backend *b = lab();
	const char *words[] = {"198.51.100.0/30", "198.51.100.9"};
	struct targets *t;
	char err[200];
	assert_true(targets_new(words, 2, NULL, "mail.example.com", &t, err, sizeof err));
	struct seen s = {0};
	const struct batch_callbacks cb = {render, result, NULL, NULL, NULL};
	struct batch *batch;
	assert_true(batch_new(b, t, NULL, 2, &cb, &s, &batch));
	assert_int_equal(batch_run(batch, &s.stop), BATCH_DONE);
	/* .3 times out (60 ms) while .4 and later would be quick: still in order
	 * (.3 is an error: Exim's verify = helo refuses it only because its PTR
	 * lookup failed, which is DNS trouble) */
	assert_string_equal(s.order, "198.51.100.0=fail;198.51.100.1=pass;198.51.100.2=fail;198.51.100.3=error;"
				     "198.51.100.9=fail;");
	batch_free(batch);
	targets_free(t);
	backend_free(b);
}

static void stop__hands_back_what_ended(void **state)
{
	(void)state;
	struct backend *b = lab();
	const char *words[] = {"198.51.100.0/28"};
	struct targets *t;
	char err[200];
	assert_true(targets_new(words, 1, NULL, NULL, &t, err, sizeof err));
	struct seen s = {.stop_after = 2};
	const struct batch_callbacks cb = {render, result, NULL, NULL, NULL};
	struct batch *batch;
	assert_true(batch_new(b, t, NULL, 4, &cb, &s, &batch));
	assert_int_equal(batch_run(batch, &s.stop), BATCH_STOPPED);
	assert_true(s.results >= 2 && s.results < 16);
	assert_int_equal(s.results, s.rendered); /* nothing that ended is lost */
	batch_free(batch);
	targets_free(t);
	backend_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(order__kept_whatever_ends_first),
		cmocka_unit_test(stop__hands_back_what_ended),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
