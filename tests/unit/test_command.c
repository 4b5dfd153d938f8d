/* test_command - running a program: its output and exit status, one that
 * is not installed, and one killed at the deadline. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "machine/command.h"

static void run__output_error_and_status(void **state)
{
	(void)state;
	struct command_result r;
	char err[200];
	const char *argv[] = {"sh", "-c", "echo out; echo err >&2; exit 3", NULL};
	assert_true(command_run(argv, 5000, &r, err, sizeof err));
	assert_string_equal(r.out, "out\n");
	assert_string_equal(r.err, "err\n");
	assert_int_equal(r.exit_status, 3);
	assert_false(r.timed_out);
	command_result_free(&r);
}

static void run__not_installed_is_a_reason(void **state)
{
	(void)state;
	struct command_result r;
	char err[200];
	const char *argv[] = {"ptrdoctor-no-such-program", NULL};
	assert_false(command_run(argv, 5000, &r, err, sizeof err));
	assert_non_null(strstr(err, "cannot run ptrdoctor-no-such-program"));
	command_result_free(&r);
	assert_false(command_on_path("ptrdoctor-no-such-program"));
	assert_true(command_on_path("sh"));
}

/* A program that never ends is killed at the deadline, its output so far kept. */
static void run__killed_at_the_deadline(void **state)
{
	(void)state;
	struct command_result r;
	char err[200];
	const char *argv[] = {"sh", "-c", "echo started; exec sleep 60", NULL};
	assert_false(command_run(argv, 300, &r, err, sizeof err));
	assert_true(r.timed_out);
	assert_string_equal(r.out, "started\n");
	assert_non_null(strstr(err, "did not finish within 300 ms"));
	command_result_free(&r);
}

/* A program that closes its output and goes on is killed at the deadline too. */
static void run__killed_after_closing_its_output(void **state)
{
	(void)state;
	struct command_result r;
	char err[200];
	const char *argv[] = {"sh", "-c", "exec >/dev/null 2>&1; exec sleep 60", NULL};
	assert_false(command_run(argv, 300, &r, err, sizeof err));
	assert_true(r.timed_out);
	command_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(run__output_error_and_status),
		cmocka_unit_test(run__not_installed_is_a_reason),
		cmocka_unit_test(run__killed_at_the_deadline),
		cmocka_unit_test(run__killed_after_closing_its_output),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
