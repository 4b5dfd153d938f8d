/* report - a finished diagnosis as plain text or as JSON.
 *
 * Both are built in memory and handed back as one owned string; the caller
 * decides where it goes. Every string that came from DNS or from the user
 * is made terminal-safe (\DDD escapes) before it is written. */
#ifndef PTRDOCTOR_REPORT_H
#define PTRDOCTOR_REPORT_H

#include <stdbool.h>

#include "diagnosis/diagnose.h"
#include "check/findings.h"

/* What a report is made of: the lookups and what they yield (borrowed). */
struct report_input {
	const struct diagnosis *diagnosis;
	const struct findings *findings;
};

/* report_text - the human report; color adds ANSI colours to status words.
 * Owned string (free), NULL on no memory. */
char *report_text(const struct report_input *in, bool color);

/* report_json - one JSON object as documented in README.md. Owned string. */
char *report_json(const struct report_input *in);

/* report_sources_text - the zones' own servers (asked directly), each with
 * its dig command, and what the resolver's cache holds: the authoritative
 * part of the text report. "" when the round did not run. Owned string. */
char *report_sources_text(const struct report_input *in);

/* report_ticket_name - the name the PTR should carry: the HELO when it is
 * a full name, else a PTR name that resolves back, else NULL. Borrowed. */
const char *report_ticket_name(const struct report_input *in);

/* report_next_step - the one thing to do next, in one sentence with the
 * user's own values: who changes what, and where ("Ask Hetzner to set
 * the PTR of 203.0.113.5 to mail.example.com: ..."), or, when the zone
 * already serves the fix and only caches hold the old answer, until when
 * to wait. Never "fix the PTR" for a fix that is in place. */
void report_next_step(const struct report_input *in, char *buf, size_t size);

/* report_ticket - a support request asking the owner of the IP to set its
 * PTR, with the facts they check first. Owned string. */
char *report_ticket(const struct report_input *in);

#endif
