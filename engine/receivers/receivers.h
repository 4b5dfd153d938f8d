/* receivers - what real mail receivers answer for a diagnosis.
 *
 * Each prediction follows the receiver's own algorithm, not our rules:
 * Postfix derives one client name through the system resolver (the first
 * PTR only, the client's address family only, invalid names dropped) and
 * answers with its default codes; Exim tries every PTR name in both
 * families; Gmail confirms the PTR in the client's family; SpamAssassin
 * and rspamd score what the MTA hands them; Yahoo and Microsoft are
 * predicted from their published guidance. Texts are the whole reply
 * line, IP and HELO filled in; each prediction names its basis. */
#ifndef PTRDOCTOR_RECEIVERS_H
#define PTRDOCTOR_RECEIVERS_H

#include <stdbool.h>
#include <stddef.h>

#include "diagnosis/diagnose.h"
#include "diagnosis/evidence.h"

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
	const char *receiver;        /* "postfix", "gmail" (static) */
	const char *check;           /* "reject_unknown_client_hostname", or "" (static) */
	enum receiver_verdict verdict;
	bool temporary;              /* caused by DNS trouble, not by the records */
	int code;                    /* SMTP reply code when not pass, else 0 */
	char enhanced[12];           /* "4.7.25", or "" */
	char text[1400];             /* whole reply line, terminal-safe, or "" */
	const char *basis;           /* one line: what the prediction rests on (static) */
	double score;                /* spam filters: the rules' summed score */
	bool has_score;
};

struct predictions {
	struct prediction items[PREDICTIONS_MAX];
	size_t count;
	bool overflow;   /* a receiver added more than PREDICTIONS_MAX: a bug, and said so */
};

/* receivers_predict - every receiver's answer for a finished diagnosis. */
void receivers_predict(const struct diagnosis *d, const struct evidence *ev, struct predictions *out);

/* receiver_verdict_name - "pass", "reject", "either", "defer" (static). */
const char *receiver_verdict_name(enum receiver_verdict verdict);

/* receiver_display_name - "Postfix", "SpamAssassin"... for an id (static). */
const char *receiver_display_name(const char *receiver);

/* predictions_find - the prediction for receiver and check, or NULL. */
const struct prediction *predictions_find(const struct predictions *p, const char *receiver, const char *check);

#endif
