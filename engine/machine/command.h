/* command - run a program of the system (postconf, exim) and read what it
 * prints, without a shell and with a deadline.
 *
 * The program is found on PATH and inherits the environment (so Postfix's
 * MAIL_CONFIG reaches postconf). Its standard input is /dev/null and its
 * standard error is read too, to explain a failure. A program still running
 * at the deadline is killed (the child this started, by its PID) and
 * reaped: nothing is left behind. */
#ifndef PTRDOCTOR_COMMAND_H
#define PTRDOCTOR_COMMAND_H

#include <stdbool.h>
#include <stddef.h>

#define COMMAND_OUTPUT_MAX (256 * 1024) /* more is cut off, and said so */

struct command_result {
	char *out;       /* standard output, NUL-terminated (owned) */
	char *err;       /* standard error, the same */
	int exit_status; /* 0..255, or -1 when it did not exit by itself */
	bool timed_out;
	bool truncated;
};

/* command_run - argv[0] looked up on PATH. false, with why in err, when it
 * could not be started (not installed, no memory) or was killed at the
 * deadline; a program that ran and failed is true with its exit status. */
bool command_run(const char *const argv[], int timeout_ms, struct command_result *out, char *err,
		 size_t errsize);

void command_result_free(struct command_result *result);

/* command_on_path - name is an executable file in a PATH directory. */
bool command_on_path(const char *name);

#endif
