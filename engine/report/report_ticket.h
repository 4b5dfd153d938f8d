/* report_ticket - the support request to whoever must change something
 * the user cannot: the hosting provider or a zone's operator, asking for
 * exactly their causes (a PTR to set or remove, a server to bring up to
 * date or repair), with the facts they check first. When they have
 * nothing to change, no request: who must act instead. */
#ifndef PTRDOCTOR_REPORT_TICKET_H
#define PTRDOCTOR_REPORT_TICKET_H

#include <stdbool.h>

#include "report_input.h"

/* report_ticket - the request as mail text, *request true; or, with
 * *request false, why there is none and the next step. Owned string, NULL
 * on no memory. */
char *report_ticket(const struct report_input *in, bool *request);

#endif
