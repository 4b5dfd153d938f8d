/* prediction - what one receiver answers, as a verdict, a reply and the
 * basis it rests on; the list every receiver appends to. */
#ifndef PTRDOCTOR_PREDICTION_H
#define PTRDOCTOR_PREDICTION_H

#include <stdbool.h>
#include <stddef.h>

enum receiver_verdict {
	VERDICT_PASS = 0,
	VERDICT_REJECT,
	VERDICT_EITHER, /* depends on which PTR the receiver's resolver returns first */
	VERDICT_DEFER,  /* a temporary refusal: Gmail rate limiting, Exim 451 */
	VERDICT_POINTS, /* spam filters: accepted, with these rules adding to the score */
	VERDICT_WARN,   /* accepted, but the receiver's guidance says it hurts (Yahoo) */
};

#define PREDICTIONS_MAX 24

struct prediction {
	char address[48];            /* the client address, for another address than the one checked; else "" */
	const char *receiver;        /* "postfix", "gmail" (static) */
	const char *check;           /* "reject_unknown_client_hostname", or "" (static) */
	enum receiver_verdict verdict;
	bool temporary;              /* caused by DNS trouble, not by the records */
	int code;                    /* SMTP reply code when not pass, else 0 */
	char enhanced[12];           /* "4.7.25", or "" */
	char text[1400];             /* whole reply line, terminal-safe, or "" */
	char alternative[600];       /* a spam filter's rules when the PTR that verifies comes first (VERDICT_EITHER:
					text is when one that does not comes first, and Postfix writes "unknown"), or "" */
	const char *basis;           /* one line: what the prediction rests on (static) */
	double score;                /* spam filters: the rules' summed score */
	bool has_score;
};

struct predictions {
	struct prediction items[PREDICTIONS_MAX];
	size_t count;
	bool overflow;   /* a receiver added more than PREDICTIONS_MAX: a bug, and said so */
};

/* receiver_verdict_name - "pass", "reject", "either", "defer" (static). */
const char *receiver_verdict_name(enum receiver_verdict verdict);

/* predictions_find - the prediction for receiver and check, or NULL. */
const struct prediction *predictions_find(const struct predictions *p, const char *receiver, const char *check);

#endif
