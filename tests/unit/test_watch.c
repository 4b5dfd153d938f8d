/* test_watch - what changed between two checks, when to look again, when
 * to stop. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "util/clock.h"
#include "check/watch.h"

/* findings_with - every rule passing but the one given; a stale cache
 * expiring at `expires` when it is not 0. */
static void findings_with(struct findings *f, enum rule_id id, enum rule_status status, long long expires)
{
	memset(f, 0, sizeof *f);
	for (int i = 0; i < RULE_COUNT; i++) {
		f->rules.rules[i].id = (enum rule_id)i;
		f->rules.rules[i].status = RULE_PASS;
	}
	f->rules.rules[id].status = status;
	snprintf(f->rules.rules[id].finding, RULE_FINDING_MAX, "finding of %s", rule_id_name(id));
	f->evidence.cache.compared = expires != 0;
	f->evidence.cache.current = expires == 0;
	f->evidence.cache.expires = expires;
}

static void record__changes_and_stop_when_all_pass(void **state)
{
	(void)state;
	static struct findings f;
	struct watch w;
	struct watch_change changes[RULE_COUNT];
	size_t n;
	watch_init(&w);
	findings_with(&f, RULE_CACHE_CURRENT, RULE_WARN, 1000);
	assert_int_equal(watch_record(&w, &f, 900, changes, &n), WATCH_GO_ON);
	assert_int_equal(n, 0); /* nothing to compare with yet */
	assert_int_equal(w.cache_expires, 1000);
	assert_int_equal(watch_wait(&w, 30, 900), 30);
	assert_int_equal(watch_wait(&w, 30, 990), 12); /* two seconds after the expiry */
	assert_int_equal(watch_wait(&w, 30, 1005), 1);
	assert_int_equal(watch_record(&w, &f, 930, changes, &n), WATCH_GO_ON);
	assert_int_equal(n, 0);
	findings_with(&f, RULE_CACHE_CURRENT, RULE_PASS, 0);
	assert_int_equal(watch_record(&w, &f, 1001, changes, &n), WATCH_ALL_PASS);
	assert_int_equal(n, 1);
	assert_int_equal(changes[0].id, RULE_CACHE_CURRENT);
	assert_int_equal(changes[0].before, RULE_WARN);
	assert_int_equal(changes[0].after, RULE_PASS);
	assert_int_equal(w.checks, 3);
}

static void record__stops_once_the_cache_was_read_again(void **state)
{
	(void)state;
	static struct findings f;
	struct watch w;
	struct watch_change changes[RULE_COUNT];
	size_t n;
	watch_init(&w);
	findings_with(&f, RULE_FCRDNS, RULE_FAIL, 1000);
	f.evidence.cache.ttl_left = 10;
	assert_int_equal(watch_record(&w, &f, 990, changes, &n), WATCH_GO_ON);
	/* a second past the expiry, the resolver still serves the old answer
	 * with TTL 0 (its own clock is finer): not read again yet */
	f.evidence.cache.ttl_left = 0;
	assert_int_equal(watch_record(&w, &f, 1001, changes, &n), WATCH_GO_ON);
	findings_with(&f, RULE_FCRDNS, RULE_FAIL, 0); /* re-read: still failing */
	assert_int_equal(watch_record(&w, &f, 1002, changes, &n), WATCH_CACHE_REREAD);
	assert_int_equal(n, 0);
	assert_non_null(strstr(watch_state_words(WATCH_CACHE_REREAD), "expired"));
	/* its TTL back up before the slack is over: read again all the same */
	watch_init(&w);
	findings_with(&f, RULE_FCRDNS, RULE_FAIL, 1000);
	f.evidence.cache.ttl_left = 1;
	assert_int_equal(watch_record(&w, &f, 999, changes, &n), WATCH_GO_ON);
	f.evidence.cache.ttl_left = 300;
	assert_int_equal(watch_record(&w, &f, 1000, changes, &n), WATCH_CACHE_REREAD);
	assert_string_equal(watch_state_words(WATCH_ALL_PASS), "every rule passes");
}

static void clock__local_time_format(void **state)
{
	(void)state;
	char buf[16];
	clock_local(0, true, buf, sizeof buf);
	assert_int_equal(strlen(buf), 8);
	assert_true(buf[2] == ':' && buf[5] == ':');
	clock_local(0, false, buf, sizeof buf);
	assert_int_equal(strlen(buf), 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(record__changes_and_stop_when_all_pass),
		cmocka_unit_test(record__stops_once_the_cache_was_read_again),
		cmocka_unit_test(clock__local_time_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
