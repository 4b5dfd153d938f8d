/* test_marks - a lookup's mark follows the rule its answer feeds: a tick
 * only beside an answer that satisfies it, a cross beside the answer that
 * makes it fail or warn, a question mark for no usable answer. */
#include "labkit.h"
#include "check/marks.h"
#include "util/help.h"

#define IP "198.51.100.5"
#define REV "$ORIGIN 100.51.198.in-addr.arpa.\n"
#define FWD "$ORIGIN example.com.\n"

/* assert_mark - the mark of the step of purpose (and type, 0: any) in kit. */
static void assert_mark(const struct labkit *kit, enum step_purpose purpose, ldns_rr_type type, enum mark want)
{
	for (size_t i = 0; i < diagnosis_step_count(kit->diagnosis); i++) {
		const struct step *s = diagnosis_step(kit->diagnosis, i);
		if (s->purpose != purpose || (type && s->qtype != type))
			continue;
		enum mark got = mark_of_step(&kit->findings, kit->diagnosis, s);
		if (got != want)
			fail_msg("%s %s: %s, want %s", step_purpose_name(purpose), s->qname, mark_name(got), mark_name(want));
		return;
	}
	fail_msg("no %s step", step_purpose_name(purpose));
}

static void good_server__ticks_where_rules_hold(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, LABKIT_ZONES FWD "mail A 198.51.100.5\n" REV "5 PTR mail.example.com.\n", IP,
		   "mail.example.com");
	assert_mark(&kit, PURPOSE_PTR, 0, MARK_GOOD);
	assert_mark(&kit, PURPOSE_TARGET_A, 0, MARK_GOOD);
	assert_mark(&kit, PURPOSE_HELO_A, 0, MARK_GOOD);
	assert_mark(&kit, PURPOSE_REVERSE_SOA, 0, MARK_NEUTRAL);
	assert_mark(&kit, PURPOSE_HELO_MX, 0, MARK_NEUTRAL);
	assert_mark(&kit, PURPOSE_HELO_TXT, 0, MARK_NEUTRAL);
	/* no AAAA for the name: the other family informs, it decides nothing */
	assert_mark(&kit, PURPOSE_TARGET_AAAA, 0, MARK_NEUTRAL);
	labkit_free(&kit);
}

static void failures__cross_beside_the_answer_at_fault(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, LABKIT_ZONES FWD "mail A 198.51.100.5\n", IP, "mail.example.com");
	assert_mark(&kit, PURPOSE_PTR, 0, MARK_BAD); /* NXDOMAIN: ptr-exists fails */
	assert_mark(&kit, PURPOSE_HELO_A, 0, MARK_GOOD);
	labkit_free(&kit);

	labkit_run(&kit, LABKIT_ZONES FWD "mail A 198.51.100.99\n" REV "5 PTR mail.example.com.\n", IP, NULL);
	assert_mark(&kit, PURPOSE_PTR, 0, MARK_GOOD);
	assert_mark(&kit, PURPOSE_TARGET_A, 0, MARK_BAD); /* it points elsewhere: fcrdns fails */
	labkit_free(&kit);

	labkit_run(&kit, LABKIT_ZONES FWD "mail A 198.51.100.5\n" REV "5 PTR mail.example.com.\n", IP,
		   "ghost.example.com");
	assert_mark(&kit, PURPOSE_HELO_A, 0, MARK_BAD); /* helo-resolves fails */
	assert_mark(&kit, PURPOSE_HELO_MX, 0, MARK_NEUTRAL);
	labkit_free(&kit);
}

static void no_usable_answer__question_mark(void **state)
{
	(void)state;
	struct labkit kit;
	labkit_run(&kit, "; servfail: 100.51.198.in-addr.arpa\n" LABKIT_ZONES, IP, NULL);
	assert_mark(&kit, PURPOSE_PTR, 0, MARK_ERROR);
	labkit_free(&kit);
	labkit_run(&kit, "; timeout: mail.example.com\n" LABKIT_ZONES REV "5 PTR mail.example.com.\n", IP, NULL);
	assert_mark(&kit, PURPOSE_TARGET_A, 0, MARK_ERROR);
	labkit_free(&kit);
}

/* count_marks - how many steps of the authoritative round (servers asked
 * directly) carry mark, and how many were asked. */
static size_t count_marks(const struct labkit *kit, enum mark mark, size_t *asked)
{
	size_t n = 0;
	*asked = 0;
	for (size_t i = 0; i < diagnosis_step_count(kit->diagnosis); i++) {
		const struct step *s = diagnosis_step(kit->diagnosis, i);
		if (s->purpose != PURPOSE_AUTH_ANSWER && s->purpose != PURPOSE_AUTH_SOA)
			continue;
		(*asked)++;
		n += mark_of_step(&kit->findings, kit->diagnosis, s) == mark;
	}
	return n;
}

/* The zones' own servers: a cross beside the stale secondary's answers
 * (its SOA and its PTR), none beside the primary's; a lame server's too. */
static void servers__stale_and_lame_crossed(void **state)
{
	(void)state;
	struct labkit kit;
	size_t asked;
	labkit_run(&kit, help_text("lab/secondary-stale.zone"), IP, "mail.example.com");
	assert_int_equal(count_marks(&kit, MARK_BAD, &asked), 2);
	assert_true(asked > 2);
	labkit_free(&kit);
	labkit_run(&kit, help_text("lab/lame-delegation.zone"), IP, "mail.example.com");
	assert_int_equal(count_marks(&kit, MARK_BAD, &asked), 2);
	assert_true(asked > 2);
	labkit_free(&kit);
}

static void names__as_json_says_them(void **state)
{
	(void)state;
	assert_string_equal(mark_name(MARK_GOOD), "good");
	assert_string_equal(mark_name(MARK_BAD), "bad");
	assert_string_equal(mark_name(MARK_ERROR), "error");
	assert_string_equal(mark_name(MARK_NEUTRAL), "neutral");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(good_server__ticks_where_rules_hold),
		cmocka_unit_test(failures__cross_beside_the_answer_at_fault),
		cmocka_unit_test(no_usable_answer__question_mark),
		cmocka_unit_test(servers__stale_and_lame_crossed),
		cmocka_unit_test(names__as_json_says_them),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
