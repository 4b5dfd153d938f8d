/* session - what every front end sets up the same way from the options:
 * the backend (live servers or a lab scenario), whether stdout gets
 * colours, and what detect reads. The wizard and each command call these,
 * so they answer from the same place. */
#ifndef PTRDOCTOR_SESSION_H
#define PTRDOCTOR_SESSION_H

#include <stdbool.h>

#include "machine/machine.h"
#include "options.h"

struct backend;

/* session_backend_new - the backend the options ask for. On failure prints
 * the reason to stderr and returns NULL. Owned (backend_free). */
struct backend *session_backend_new(const struct options *opts);

/* session_use_color - colours for the text on stdout: a terminal, no
 * --no-color, no NO_COLOR, no --json, TERM not dumb. */
bool session_use_color(const struct options *opts);

/* session_detect_options - what detect and check --this-machine read:
 * --mta and --mta-config. */
struct detect_options session_detect_options(const struct options *opts);

#endif
