/* report_json - a finished diagnosis as one JSON object, as README.md
 * documents it; strings from DNS are JSON-escaped. */
#ifndef PTRDOCTOR_REPORT_JSON_H
#define PTRDOCTOR_REPORT_JSON_H

#include "report_input.h"

/* report_json - the object and a newline. Owned string, NULL on no memory. */
char *report_json(const struct report_input *in);

#endif
