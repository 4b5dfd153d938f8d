/* check_command - `ptrdoctor check`: one diagnosis, printed as text, JSON,
 * a ticket or a forum post; with --watch again until the fix lands; with
 * several addresses, a prefix or --batch, batch_command; with
 * --this-machine, machine_command. */
#ifndef PTRDOCTOR_CHECK_COMMAND_H
#define PTRDOCTOR_CHECK_COMMAND_H

#include "session/options.h"

/* check_command_run - returns the process exit code (rules_exit_code of
 * the verdict, 3 when the check could not run, 64 a usage error). */
int check_command_run(const struct options *opts);

#endif
