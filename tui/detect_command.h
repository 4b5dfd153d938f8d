/* detect_command - `ptrdoctor detect`: which mail server runs here, the
 * HELO it says and the addresses it sends from, as text or JSON. */
#ifndef PTRDOCTOR_DETECT_COMMAND_H
#define PTRDOCTOR_DETECT_COMMAND_H

#include <stdio.h>

#include "machine/detect.h"
#include "options.h"

/* detect_command_run - returns 0 when an MTA was found and some address
 * sends, 1 when not (the notes say why), 3 when the machine could not be
 * read, 64 a usage error. */
int detect_command_run(const struct options *opts);

/* detect_options_from - the options of detect and check --this-machine. */
struct detect_options detect_options_from(const struct options *opts);

/* detect_print_text - what was found, every value escaped. */
void detect_print_text(FILE *out, const struct detection *d);

/* detect_print_json - one JSON object (README.md documents it), no newline. */
void detect_print_json(FILE *out, const struct detection *d);

#endif
