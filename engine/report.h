/* report - a finished diagnosis as plain text or as JSON.
 *
 * Both are built in memory and handed back as one owned string; the caller
 * decides where it goes. Every string that came from DNS or from the user
 * is made terminal-safe (\DDD escapes) before it is written. */
#ifndef PTRDOCTOR_REPORT_H
#define PTRDOCTOR_REPORT_H

#include <stdbool.h>

#include "diagnose.h"
#include "evidence.h"
#include "receivers.h"
#include "rules.h"

struct report_input {
	const struct diagnosis *diagnosis;
	const struct evidence *evidence;
	const struct rule_results *rules;
	const struct predictions *predictions;
	const char *provider_id;   /* NULL when unknown */
	const char *provider_name; /* NULL when unknown */
	const char *provider_source; /* "user", "ptr", "zone" or "none" */
};

/* report_text - the human report; color adds ANSI colours to status words.
 * Owned string (free), NULL on no memory. */
char *report_text(const struct report_input *in, bool color);

/* report_json - one JSON object as documented in README.md. Owned string. */
char *report_json(const struct report_input *in);

#endif
