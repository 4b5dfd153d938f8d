/* client_address - which address in a refusal is the client's: the one
 * the refusal's own sentence names ("Fix reverse DNS for 203.0.113.22",
 * "mismatches client ip 192.0.2.225", "554 mta1.comcast.net comcast
 * 203.0.113.2 Comcast requires..."), else the one nearest to it, in
 * brackets before marked (IP=) before bare in prose. Never an address
 * the text gives as the receiver's own (Exim's "host mx.example.net
 * [192.0.2.1]", "host mx[IP] said", "relay=", qmail's "Connected to IP",
 * "IP does not like recipient" and "Giving up on IP", "Remote-MTA: dns;
 * IP"), nor a loopback, unspecified, link-local or
 * multicast one, nor one in a Received line (read on its own: it is
 * another hop's client). */
#ifndef PTRDOCTOR_CLIENT_ADDRESS_H
#define PTRDOCTOR_CLIENT_ADDRESS_H

#include <stdbool.h>
#include <stddef.h>

/* client_address_find - the client's address for the refusal matched at
 * [so, eo) of text, into out (canonical text); false when none. */
bool client_address_find(const char *text, size_t so, size_t eo, char *out, size_t size);

#endif
