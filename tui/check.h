/* check - `ptrdoctor check`: one diagnosis, printed as text or JSON.
 *
 * Also builds the backend every mode shares (live servers or --lab), so
 * the wizard and the command line answer from the same place. */
#ifndef PTRDOCTOR_CHECK_H
#define PTRDOCTOR_CHECK_H

#include "options.h"

struct backend;

/* check_backend_new - the backend the options ask for. On failure prints
 * the reason to stderr and returns NULL. Owned (backend_free). */
struct backend *check_backend_new(const struct options *opts);

/* check_use_color - colours for the text on stdout: a terminal, no
 * --no-color, no NO_COLOR, no --json, TERM not dumb. */
bool check_use_color(const struct options *opts);

/* check_lab_list - `lab --list`: the built-in scenarios; exit code. */
int check_lab_list(void);

/* check_run - run `check`; returns the process exit code. */
int check_run(const struct options *opts);

#endif
