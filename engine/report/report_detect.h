/* report_detect - what detect found on this machine: the mail server, the
 * HELO it says, the addresses it sends from and the notes, as text or as
 * one JSON object (README.md documents it). Every value is escaped. */
#ifndef PTRDOCTOR_REPORT_DETECT_H
#define PTRDOCTOR_REPORT_DETECT_H

#include <stdio.h>

#include "machine/detect.h"

void report_detect_text(FILE *out, const struct detection *d);

/* report_detect_json - the object, no newline. */
void report_detect_json(FILE *out, const struct detection *d);

#endif
