/* bounce_finding - one thing a pasted text says: a receiver's refusal, a
 * log line or a Received hop, with the client and the rule or cause. */
#ifndef PTRDOCTOR_BOUNCE_FINDING_H
#define PTRDOCTOR_BOUNCE_FINDING_H

#include <stdbool.h>

#include "util/names.h"

#define BOUNCE_FINDINGS_MAX 8
#define BOUNCE_TEXT_MAX 600
#define BOUNCE_REPAIRS_MAX 8

enum bounce_source { BOUNCE_REPLY = 0, BOUNCE_LOG, BOUNCE_RECEIVED, BOUNCE_DSN };

struct bounce_finding {
	enum bounce_source source;
	const char *writer;            /* who wrote it: "the receiver", "your server's log"... (static) */
	const char *receiver;          /* "gmail", "postfix", ... (help/bounce/receivers.txt), "other" */
	char receiver_host[256];       /* the receiving server when the text names it, or "" */
	const char *cause;             /* "rdns", "helo", "spf", "dmarc", "blocklist", "greylist", "mailbox",
					  "port25" or "other" (static) */
	bool rdns;                     /* about reverse DNS or the HELO: what ptrdoctor checks */
	const char *rule;              /* id of the rule the receiver applied ("fcrdns"), "" when
					  none (static) */
	bool by_meaning;               /* an unknown wording, recognised by its words */
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

#endif
