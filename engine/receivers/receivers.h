/* receivers - what real mail receivers answer for a diagnosis: one file
 * per receiver in receivers/, behind receiver.h, the table in receivers.c.
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
#include "prediction.h"

/* receivers_predict - every receiver's answer for a finished diagnosis. */
void receivers_predict(const struct diagnosis *d, const struct evidence *ev, struct predictions *out);

/* receivers_predict_others - for every other address the server's names
 * have (the other family's, from the HELO's and the PTR name's records),
 * what the receivers whose rules depend on the family answer: Gmail and
 * Microsoft. Each prediction's address names the client. */
void receivers_predict_others(const struct diagnosis *d, const struct evidence *ev, struct predictions *out);

/* receiver_display_name - "Postfix", "SpamAssassin"... for an id (static). */
const char *receiver_display_name(const char *receiver);

#endif
