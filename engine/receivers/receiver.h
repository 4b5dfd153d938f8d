/* receiver - the receivers' shared parts, for engine/receivers/ only.
 *
 * Each receiver is one file with one function, NAME_predict, that appends
 * its predictions; engine/receivers.c lists them in a table. Adding a
 * receiver is one file here and one row there. */
#ifndef PTRDOCTOR_RECEIVER_H
#define PTRDOCTOR_RECEIVER_H

#include <stdbool.h>

#include "diagnosis/diagnose.h"
#include "diagnosis/evidence.h"
#include "prediction.h"

/* receiver_predict_fn - append this receiver's predictions to out. */
typedef void (*receiver_predict_fn)(const struct diagnosis *d, const struct evidence *ev, struct predictions *out);

void receiver_postfix_predict(const struct diagnosis *d, const struct evidence *ev, struct predictions *out);
void receiver_gmail_predict(const struct diagnosis *d, const struct evidence *ev, struct predictions *out);
void receiver_exim_predict(const struct diagnosis *d, const struct evidence *ev, struct predictions *out);
void receiver_spamassassin_predict(const struct diagnosis *d, const struct evidence *ev, struct predictions *out);
void receiver_rspamd_predict(const struct diagnosis *d, const struct evidence *ev, struct predictions *out);
void receiver_yahoo_predict(const struct diagnosis *d, const struct evidence *ev, struct predictions *out);
void receiver_opensmtpd_predict(const struct diagnosis *d, const struct evidence *ev, struct predictions *out);
void receiver_sendmail_predict(const struct diagnosis *d, const struct evidence *ev, struct predictions *out);
void receiver_microsoft_predict(const struct diagnosis *d, const struct evidence *ev, struct predictions *out);

/* What a client address's PTR lookup gave, counted the way Gmail and
 * Microsoft read it: the outcome, how many names, how many resolve back
 * in the client's family, how many forward lookups failed. */
struct client_names {
	enum outcome ptr;
	size_t count, confirming, temp;
};

/* The replies of the receivers that are predicted for every address a
 * server sends from, not only the one checked (receivers_predict_others). */
void receiver_gmail_reply(const struct ip_address *ip, const struct client_names *names, struct prediction *p);
void receiver_microsoft_reply(const struct ip_address *ip, const struct client_names *names, bool dynamic,
			      struct prediction *p);
const char *receiver_gmail_basis(void);
const char *receiver_microsoft_basis(void);

/* receiver_add - a new, empty prediction at the end of out (borrowed).
 * The receivers add a fixed number, well under PREDICTIONS_MAX; past it
 * the last one is reused and out->overflow is set, never written past. */
struct prediction *receiver_add(struct predictions *out, const char *receiver, const char *check, const char *basis);

/* receiver_reply - the verdict and the whole reply line, made terminal-safe. */
void receiver_reply(struct prediction *p, enum receiver_verdict verdict, bool temporary, int code,
		    const char *enhanced, const char *fmt, ...);

/* Postfix's view of the client (smtpd_peer.c): status of name and reverse name. */
enum peer_status { PEER_OK, PEER_TEMP, PEER_PERM, PEER_FORGED };

struct peer_statuses {
	enum peer_status name, reverse;
};

/* receiver_postfix_peer - Postfix's statuses if target t came first in the answer. */
struct peer_statuses receiver_postfix_peer(const struct ptr_target *t);

/* receiver_postfix_name - the verified client name Postfix writes in
 * Received (and hands to milters), or NULL for "unknown"; *either when it
 * depends on the PTR order. */
const char *receiver_postfix_name(const struct evidence *ev, bool *either);

/* A spam filter's rules that fire, and their summed score. */
struct score_list {
	char text[600];
	double total;
	int count;
};

/* receiver_score - one rule fires (known: its score is the one given). */
void receiver_score(struct score_list *l, const char *rule, double value, bool known);

/* receiver_scored - the prediction of a spam filter from its rules. */
void receiver_scored(struct prediction *p, const struct score_list *l);

/* receiver_scored_either - a spam filter reading the client name Postfix
 * wrote, when that depends on which PTR comes first: its rules when one
 * that does not verify comes first ("unknown"), and when one that does. */
void receiver_scored_either(struct prediction *p, const struct score_list *first_fails,
			    const struct score_list *first_verifies);

#endif
