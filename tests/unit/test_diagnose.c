/* test_diagnose - the lookup plan: first round together, follow-ups as soon
 * as their input lands, two round trips to the verdict, events, cancel. */
#define _POSIX_C_SOURCE 200809L
#include "labkit.h"
#include "fakedns.h"

#include <poll.h>
#include <stdio.h>

#define GOOD \
	LABKIT_ZONES "$ORIGIN example.com.\nmail A 198.51.100.5\nmail AAAA 2001:db8:1::5\n" \
		     "$ORIGIN 100.51.198.in-addr.arpa.\n5 PTR mail.example.com.\n"

struct recorder {
	char log[64][48];
	int count;
	int done;
};

static void note(struct recorder *r, const char *what, const struct step *s)
{
	if (r->count < 64)
		snprintf(r->log[r->count++], sizeof r->log[0], "%s %s", what, step_purpose_name(s->purpose));
}

static void on_started(void *ctx, const struct step *s) { note(ctx, "start", s); }
static void on_finished(void *ctx, const struct step *s) { note(ctx, "finish", s); }
static void on_done(void *ctx, const struct diagnosis *d)
{
	(void)d;
	((struct recorder *)ctx)->done++;
}

static const struct diagnosis_callbacks callbacks = {on_started, on_finished, on_done, NULL};

static int position(const struct recorder *r, const char *entry)
{
	for (int i = 0; i < r->count; i++)
		if (strcmp(r->log[i], entry) == 0)
			return i;
	fail_msg("no event \"%s\"", entry);
	return -1;
}

static struct backend *lab_backend(const char *text)
{
	struct lab_scenario *sc;
	struct backend *b;
	char err[512];
	assert_true(lab_scenario_parse(text, "t", &sc, err, sizeof err));
	assert_true(backend_new_lab(sc, LABKIT_TIMEOUT_MS, &b));
	return b;
}

static void first_round__all_start_before_any_finishes(void **state)
{
	(void)state;
	struct backend *b = lab_backend("; latency: 20\n" GOOD);
	struct recorder r = {0};
	struct diagnosis *d;
	assert_int_equal(diagnosis_start("198.51.100.5", "mail.example.com", b, &callbacks, &r, &d), DIAGNOSIS_OK);
	diagnosis_wait(d);
	int first_finish = 0;
	while (first_finish < r.count && strncmp(r.log[first_finish], "finish", 6) != 0)
		first_finish++;
	const char *first_round[] = {"start ptr", "start reverse-soa", "start helo-a", "start helo-aaaa", "start helo-mx"};
	for (size_t i = 0; i < 5; i++)
		assert_true(position(&r, first_round[i]) < first_finish);
	assert_int_equal(r.done, 1);
	assert_int_equal(diagnosis_round_trips(d), 2);
	assert_true(diagnosis_is_done(d));
	diagnosis_free(d);
	backend_free(b);
}

/* The PTR target's lookups start as soon as the PTR answer lands, while a
 * slow HELO lookup of the same round is still out. */
static void follow_up__does_not_wait_for_the_round(void **state)
{
	(void)state;
	struct backend *b = lab_backend("; timeout: slow.example.com\n" GOOD);
	struct recorder r = {0};
	struct diagnosis *d;
	assert_int_equal(diagnosis_start("198.51.100.5", "mail.slow.example.com", b, &callbacks, &r, &d), DIAGNOSIS_OK);
	diagnosis_wait(d);
	assert_true(position(&r, "start target-a") < position(&r, "finish helo-a"));
	assert_true(position(&r, "finish target-a") < position(&r, "finish helo-a"));
	assert_true(position(&r, "start reverse-ns") > position(&r, "finish reverse-soa"));
	diagnosis_free(d);
	backend_free(b);
}

static void plan__other_family_and_zone_ns(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, GOOD, "198.51.100.5", "mail.example.com");
	const struct diagnosis *d = kit.diagnosis;
	assert_non_null(diagnosis_find(d, PURPOSE_REVERSE_NS, "100.51.198.in-addr.arpa.", NULL));
	const struct step *other = diagnosis_find(d, PURPOSE_OTHER_PTR, NULL, "2001:db8:1::5");
	assert_non_null(other);
	assert_string_equal(other->dig, "dig -x 2001:db8:1::5 +short");
	/* That address has no PTR, so there is no forward lookup to make. */
	assert_null(diagnosis_find(d, PURPOSE_OTHER_FORWARD, NULL, "2001:db8:1::5"));
	const struct step *ptr = diagnosis_find(d, PURPOSE_PTR, NULL, NULL);
	assert_string_equal(ptr->dig, "dig -x 198.51.100.5 +short");
	assert_string_equal(ptr->server, "lab");
	/* The same question is never asked twice for the same purpose. */
	size_t target_a = 0;
	for (size_t i = 0; i < diagnosis_step_count(d); i++)
		target_a += diagnosis_step(d, i)->purpose == PURPOSE_TARGET_A;
	assert_int_equal(target_a, 1);
	labkit_free(&kit);
}

static void events__fd_wakes_poll(void **state)
{
	(void)state;
	struct backend *b = lab_backend(GOOD);
	struct recorder r = {0};
	struct diagnosis *d;
	assert_int_equal(diagnosis_start("198.51.100.5", NULL, b, &callbacks, &r, &d), DIAGNOSIS_OK);
	int rounds = 0;
	while (!diagnosis_dispatch(d) && rounds++ < 1000) {
		struct pollfd pfd = {diagnosis_fd(d), POLLIN, 0};
		assert_true(poll(&pfd, 1, 2000) > 0);
	}
	assert_int_equal(r.done, 1);
	diagnosis_free(d);
	backend_free(b);
}

/* A cancel once the questions have reached the server: every step ends
 * cancelled and "done" is dispatched at once, without a wait. */
static void cancel__in_flight__done_at_once(void **state)
{
	(void)state;
	struct loop *server_loop;
	assert_true(loop_new(&server_loop));
	struct fake silent;
	fake_start(&silent, server_loop, FAKE_SILENT);
	char spec[32], err[256];
	snprintf(spec, sizeof spec, "127.0.0.1:%u", silent.port);
	const char *servers[] = {spec};
	struct backend *b;
	assert_true(backend_new_live(servers, 1, NULL, 60000, &b, err, sizeof err));
	struct recorder r = {0};
	struct diagnosis *d;
	assert_int_equal(diagnosis_start("198.51.100.5", "mail.example.com", b, &callbacks, &r, &d), DIAGNOSIS_OK);
	while (silent.queries < 7) /* PTR, SOA, and the HELO's A, AAAA, MX, TXT and its zone's SOA */
		assert_true(loop_process(server_loop, -1) >= 0);
	assert_false(diagnosis_dispatch(d));
	diagnosis_cancel(d);
	assert_true(diagnosis_dispatch(d));
	assert_true(diagnosis_was_cancelled(d));
	assert_int_equal(r.done, 1);
	assert_int_equal(diagnosis_step_count(d), 7);
	for (size_t i = 0; i < diagnosis_step_count(d); i++)
		assert_int_equal(diagnosis_step(d, i)->state, STEP_CANCELLED);
	diagnosis_free(d);
	backend_free(b);
	fake_stop(&silent);
	loop_free(server_loop);
}

/* A lab that never answers in time is cancelled the same way. */
static void cancel__lab_timeout__done_at_once(void **state)
{
	(void)state;
	struct lab_scenario *sc;
	struct backend *b;
	char err[256];
	assert_true(lab_scenario_parse("; timeout: arpa\n" GOOD, "t", &sc, err, sizeof err));
	assert_true(backend_new_lab(sc, 60000, &b));
	struct diagnosis *d;
	assert_int_equal(diagnosis_start("198.51.100.5", NULL, b, NULL, NULL, &d), DIAGNOSIS_OK);
	assert_false(diagnosis_dispatch(d));
	diagnosis_cancel(d);
	assert_true(diagnosis_dispatch(d));
	assert_int_equal(diagnosis_step(d, 0)->state, STEP_CANCELLED);
	diagnosis_free(d);
	backend_free(b);
}

/* The wizard starts on the IP and adds the HELO once it is typed. */
static void add_helo__after_done__runs_again(void **state)
{
	(void)state;
	struct backend *b = lab_backend(GOOD);
	struct recorder r = {0};
	struct diagnosis *d;
	assert_int_equal(diagnosis_start("198.51.100.5", NULL, b, &callbacks, &r, &d), DIAGNOSIS_OK);
	diagnosis_wait(d);
	assert_int_equal(r.done, 1);
	assert_null(diagnosis_find(d, PURPOSE_HELO_A, NULL, NULL));
	assert_true(diagnosis_add_helo(d, "mail.example.com"));
	assert_false(diagnosis_is_done(d));
	diagnosis_wait(d);
	assert_int_equal(r.done, 2);
	assert_non_null(diagnosis_find(d, PURPOSE_HELO_MX, "mail.example.com", NULL));
	assert_string_equal(diagnosis_helo(d), "mail.example.com");
	assert_false(diagnosis_add_helo(d, "other.example.com"));
	struct findings f;
	findings_compute(d, NULL, &f);
	const struct rule_results rr = f.rules;
	assert_int_equal(rr.rules[RULE_HELO_RESOLVES].status, RULE_PASS);
	assert_int_equal(rr.rules[RULE_HELO_MATCHES_PTR].status, RULE_PASS);
	assert_int_equal(rr.rules[RULE_FCRDNS].status, RULE_PASS);
	diagnosis_free(d);
	backend_free(b);
}

static void start__bad_ip_refused(void **state)
{
	(void)state;
	struct backend *b = lab_backend(GOOD);
	struct diagnosis *d = (struct diagnosis *)1;
	assert_int_equal(diagnosis_start("not-an-ip", NULL, b, NULL, NULL, &d), DIAGNOSIS_BAD_IP);
	assert_null(d);
	diagnosis_free(NULL);
	backend_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(first_round__all_start_before_any_finishes),
		cmocka_unit_test(follow_up__does_not_wait_for_the_round),
		cmocka_unit_test(plan__other_family_and_zone_ns),
		cmocka_unit_test(events__fd_wakes_poll),
		cmocka_unit_test(cancel__in_flight__done_at_once),
		cmocka_unit_test(cancel__lab_timeout__done_at_once),
		cmocka_unit_test(add_helo__after_done__runs_again),
		cmocka_unit_test(start__bad_ip_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
