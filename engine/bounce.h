/* bounce - what a pasted bounce or Received header says about reverse DNS.
 *
 * Reads the rejection texts of Gmail, Postfix, Exim and Microsoft (and any
 * X.7.25 reply), and Received headers as Postfix, Exim, Sendmail, Gmail and
 * Microsoft write them, folded or not, whole delivery-status notifications
 * or text copied out of a mail client. From each: the receiver, the rule
 * that failed, the client IP and the HELO when present. */
#ifndef PTRDOCTOR_BOUNCE_H
#define PTRDOCTOR_BOUNCE_H

#include <stdbool.h>
#include <stddef.h>

#include "names.h"
#include "rules.h"

#define BOUNCE_FINDINGS_MAX 8
#define BOUNCE_TEXT_MAX 600

enum bounce_source { BOUNCE_REPLY = 0, BOUNCE_LOG, BOUNCE_RECEIVED };

struct bounce_finding {
	enum bounce_source source;
	const char *receiver;          /* "gmail", "postfix", "exim", "microsoft", "other" (static) */
	enum rule_id rule;             /* the rule the receiver applied */
	bool failed;                   /* the check failed there (a Received line: no verified name) */
	bool temporary;                /* a 4xx reply: the receiver will try again */
	int code;                      /* SMTP code, 0 when none */
	char enhanced[12];             /* "5.7.25", or "" */
	char ip[NAMES_ADDR_TEXT_MAX];  /* the client address, or "" */
	char helo[256];                /* the HELO, or "" (escaped) */
	char name[256];                /* Received: the name the receiver verified; "unknown" = FCrDNS failed */
	char meaning[BOUNCE_TEXT_MAX]; /* one sentence */
	char why[BOUNCE_TEXT_MAX];     /* Received: why this hop */
};

struct bounce_result {
	struct bounce_finding findings[BOUNCE_FINDINGS_MAX];
	size_t count;
	size_t dropped;   /* findings past BOUNCE_FINDINGS_MAX, counted, not kept */
	const char *ip;   /* the address to check: the first finding's, or NULL (borrowed) */
	const char *helo; /* the HELO to check, or NULL (borrowed) */
};

/* bounce_explain - everything recognised in text. Returns false when
 * nothing was (out->count == 0). */
bool bounce_explain(const char *text, struct bounce_result *out);

#endif
