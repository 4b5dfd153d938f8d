/* report_ticket - a support request asking the owner of the IP to set its
 * PTR, with the facts they check first. */
#ifndef PTRDOCTOR_REPORT_TICKET_H
#define PTRDOCTOR_REPORT_TICKET_H

#include "report_input.h"

/* report_ticket - the request as mail text. Owned string, NULL on no memory. */
char *report_ticket(const struct report_input *in);

#endif
