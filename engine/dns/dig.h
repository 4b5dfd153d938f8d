/* dig - the dig command line that asks the same question of the same
 * server as a step did, the question quoted for a shell: what every
 * screen and report shows beside an answer, so anyone can ask again. */
#ifndef PTRDOCTOR_DIG_H
#define PTRDOCTOR_DIG_H

#include <ldns/ldns.h>
#include <stdint.h>

struct backend;

/* dig_command - asking the backend's resolver (`dig [@SERVER [-p PORT]]
 * TYPE NAME +short`; no server for /etc/resolv.conf's or a lab's).
 * reverse_of, when not NULL, is an address: `dig -x ADDR`. Owned string,
 * NULL on no memory. */
char *dig_command(const struct backend *b, const char *qname, ldns_rr_type type, const char *reverse_of);

/* dig_command_checking_disabled - dig_command with DNSSEC checking off
 * (`+cd`), as backend_ask_checking_disabled asks. */
char *dig_command_checking_disabled(const struct backend *b, const char *qname, ldns_rr_type type,
				    const char *reverse_of);

/* dig_command_server - asking one server directly, with recursion off
 * (`dig @ADDR -x IP +norecurse`), as backend_ask_server asks it. Owned
 * string, NULL on no memory. */
char *dig_command_server(const char *address, uint16_t port, const char *qname, ldns_rr_type type,
			 const char *reverse_of);

#endif
