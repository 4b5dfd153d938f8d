/* report_input - what every writer reads: a finished diagnosis and its
 * findings (both borrowed), and the provider they name. */
#ifndef PTRDOCTOR_REPORT_INPUT_H
#define PTRDOCTOR_REPORT_INPUT_H

#include "check/findings.h"
#include "diagnosis/diagnose.h"

struct report_input {
	const struct diagnosis *diagnosis;
	const struct findings *findings;
};

/* report_provider_id, report_provider_name - of the provider the
 * findings name, or NULL (static). */
const char *report_provider_id(const struct report_input *in);
const char *report_provider_name(const struct report_input *in);

#endif
