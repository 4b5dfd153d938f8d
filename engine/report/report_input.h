/* report_input - what every writer reads: a finished diagnosis and its
 * findings (both borrowed), and the provider they name. */
#ifndef PTRDOCTOR_REPORT_INPUT_H
#define PTRDOCTOR_REPORT_INPUT_H

#include "check/findings.h"
#include "check/marks.h"
#include "diagnosis/diagnose.h"

struct report_input {
	const struct diagnosis *diagnosis;
	const struct findings *findings;
};

#define REPORT_SAFE_MAX 2048

/* report_safe - text (NULL: "") made terminal-safe (\DDD escapes) into
 * buf of REPORT_SAFE_MAX bytes; returns buf. */
const char *report_safe(const char *text, char *buf);

/* report_mark_symbol - a lookup's mark in plain text: + good, x bad,
 * ? error, - neutral (static). */
const char *report_mark_symbol(enum mark mark);

/* report_mark_legend - what the marks mean, one line (static). */
const char *report_mark_legend(void);

/* report_provider_id, report_provider_name - of the provider the
 * findings name, or NULL (static). */
const char *report_provider_id(const struct report_input *in);
const char *report_provider_name(const struct report_input *in);

#endif
