/* bounce - what a pasted bounce or Received header says about reverse DNS
 * (bounce/ stands on util/ alone: it names rules by their ids).
 *
 * Reads receivers' refusals by their known wordings (help/bounce/
 * phrases.txt) and, for a receiver not in the table, by meaning (words
 * for reverse DNS near a refusal); the log lines of Postfix, Exim,
 * Sendmail, OpenSMTPD and qmail; Received headers as Postfix, Exim,
 * Sendmail, Gmail, Microsoft, Haraka and Yahoo write them; and
 * rejections that are about something else (help/bounce/causes.txt:
 * SPF, DMARC, blocklists...). The paste's damage (quote prefixes, lost
 * indentation, escaped newlines, markdown links...) is undone first, and
 * said. From each: the receiver, the rule or cause, the client IP and
 * the HELO when present. */
#ifndef PTRDOCTOR_BOUNCE_H
#define PTRDOCTOR_BOUNCE_H

#include <stdbool.h>
#include <stddef.h>

#include "bounce_finding.h"
#include "util/names.h"

/* What the pasted text is (help/bounce/kinds.txt): a bounce's or a
 * report's Received lines were not written by the receiver that refused
 * the mail, so they are not read as its verdict. */
enum bounce_kind { BOUNCE_KIND_TEXT = 0, BOUNCE_KIND_BOUNCE, BOUNCE_KIND_REPORT };

struct bounce_result {
	enum bounce_kind kind;
	struct bounce_finding findings[BOUNCE_FINDINGS_MAX];
	size_t count;
	size_t dropped;   /* findings past BOUNCE_FINDINGS_MAX, counted, not kept */
	const char *ip;   /* the address to check: the first finding's, or NULL (borrowed) */
	const char *helo; /* the HELO to check, or NULL (borrowed) */
	bool rdns;        /* the mail was refused for its reverse DNS or HELO: a refusal says so, or
			     with none read, a Received line shows the receiver found no name */
	const char *cause; /* the first finding's cause, or NULL */
	size_t repair_count; /* what was undone of the paste's damage before reading */
	char repairs[BOUNCE_REPAIRS_MAX][120];
};

/* bounce_cause_name - a cause in words ("a blocklist", "SPF"). Static. */
const char *bounce_cause_name(const char *cause);

/* bounce_receiver_name - a receiver id's display name ("Gmail"). Static. */
const char *bounce_receiver_name(const char *receiver);

/* bounce_kind_name - "text", "bounce" or "report". Static. */
const char *bounce_kind_name(enum bounce_kind kind);

/* bounce_received_only - something was read, and no refusal: only a
 * Received line (which says what its receiver verified, not why mail was
 * refused). */
bool bounce_received_only(const struct bounce_result *r);

/* bounce_fcrdns_passed - nothing but a Received line was read, and its
 * receiver verified a name for the address (FCrDNS passed there). */
bool bounce_fcrdns_passed(const struct bounce_result *r);

/* bounce_explain - everything recognised in text. Returns false when
 * nothing was (out->count == 0). */
bool bounce_explain(const char *text, struct bounce_result *out);

#endif
