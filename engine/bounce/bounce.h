/* bounce - what a pasted bounce or Received header says about reverse DNS.
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

struct bounce_result {
	struct bounce_finding findings[BOUNCE_FINDINGS_MAX];
	size_t count;
	size_t dropped;   /* findings past BOUNCE_FINDINGS_MAX, counted, not kept */
	const char *ip;   /* the address to check: the first finding's, or NULL (borrowed) */
	const char *helo; /* the HELO to check, or NULL (borrowed) */
	bool rdns;        /* some finding is about reverse DNS or the HELO */
	const char *cause; /* the first finding's cause, or NULL */
	size_t repair_count; /* what was undone of the paste's damage before reading */
	char repairs[BOUNCE_REPAIRS_MAX][120];
};

/* bounce_cause_name - a cause in words ("a blocklist", "SPF"). Static. */
const char *bounce_cause_name(const char *cause);

/* bounce_receiver_name - a receiver id's display name ("Gmail"). Static. */
const char *bounce_receiver_name(const char *receiver);

/* bounce_explain - everything recognised in text. Returns false when
 * nothing was (out->count == 0). */
bool bounce_explain(const char *text, struct bounce_result *out);

#endif
