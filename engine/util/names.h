/* names - addresses and host names: parsing, classification, validation,
 * and DNS data shown as text (as ldns prints it, so escaped).
 *
 * Pure functions; nothing here touches the network. Address
 * classification follows the IANA special-purpose registries; host-name
 * validation follows what Postfix's valid_hostname() accepts, because that
 * is the check a strict receiver actually applies. */
#ifndef PTRDOCTOR_NAMES_H
#define PTRDOCTOR_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <ldns/ldns.h>
#include <sys/socket.h> /* AF_INET, AF_INET6 */

#define NAMES_ADDR_TEXT_MAX 46 /* INET6_ADDRSTRLEN */

struct ip_address {
	int family;                      /* AF_INET or AF_INET6 */
	unsigned char bytes[16];         /* network order; 4 used for AF_INET */
	char text[NAMES_ADDR_TEXT_MAX];  /* canonical text (inet_ntop) */
};

enum names_status {
	NAMES_OK = 0,
	NAMES_EMPTY,
	NAMES_TOO_LONG,
	NAMES_ZONE_ID,        /* fe80::1%eth0 */
	NAMES_LEADING_ZERO,   /* 010.1.2.3: octal to some parsers, decimal to others */
	NAMES_TRAILING_DOT,   /* 192.0.2.1. */
	NAMES_PREFIX,         /* 192.0.2.0/24 */
	NAMES_NOT_ADDRESS,
};

/* names_parse_ip - parse a literal IPv4 or IPv6 address (optionally in
 * brackets). IPv4-mapped IPv6 (::ffff:a.b.c.d) is turned into IPv4, as
 * Postfix does. Returns NAMES_OK and fills *out, or a reason. */
enum names_status names_parse_ip(const char *text, struct ip_address *out);

/* names_status_message - a sentence explaining a parse status (static). */
const char *names_status_message(enum names_status status);

enum ip_kind {
	IP_PUBLIC = 0,
	IP_PRIVATE,        /* RFC 1918, IPv6 ULA fc00::/7 */
	IP_LOOPBACK,
	IP_CGNAT,          /* 100.64.0.0/10 */
	IP_LINK_LOCAL,
	IP_DOCUMENTATION,  /* RFC 5737, RFC 3849 */
	IP_MULTICAST,
	IP_UNSPECIFIED,
	IP_RESERVED,       /* other special-purpose ranges */
};

/* names_ip_kind - which special-purpose range, if any, holds the address. */
enum ip_kind names_ip_kind(const struct ip_address *ip);

/* names_ip_kind_name - short lower-case label ("private", "CGNAT"...). */
const char *names_ip_kind_name(enum ip_kind kind);

/* names_reverse - the reverse-lookup name (in-addr.arpa or ip6.arpa, with
 * a trailing dot) written into buf. Returns false if buf is too small. */
bool names_reverse(const struct ip_address *ip, char *buf, size_t size);

/* names_ip_equal - same family and same bytes. */
bool names_ip_equal(const struct ip_address *a, const struct ip_address *b);

/* names_valid_hostname - Postfix's valid_hostname(): letters, digits, '-',
 * '_' and '.', labels 1..63 without a leading or trailing '-', at most 255
 * characters, no empty label, not all-numeric. One trailing dot is allowed
 * when allow_trailing_dot is true. */
bool names_valid_hostname(const char *name, bool allow_trailing_dot);

/* names_is_numeric_address - the text is an IPv4 or IPv6 address. */
bool names_is_numeric_address(const char *name);

/* names_strip_dot - name without one trailing dot (a lone "." stays), as
 * sentences and some receivers want it; written into buf, which is
 * returned. */
const char *names_strip_dot(const char *name, char *buf, size_t size);

/* names_ends_with - text ends with suffix (bytes compared as they are). */
bool names_ends_with(const char *text, const char *suffix);

/* names_equal - host names equal ignoring case and one trailing dot. */
bool names_equal(const char *a, const char *b);

/* names_in_zone - name is zone or below it (DNS names, any case). */
bool names_in_zone(const char *name, const char *zone);

enum helo_kind {
	HELO_FQDN = 0,          /* valid host name with a dot */
	HELO_ADDRESS_LITERAL,   /* [192.0.2.1] or [IPv6:2001:db8::1] */
	HELO_BAD_LITERAL,       /* brackets around something that is no address */
	HELO_LOCALHOST,         /* localhost, localhost.localdomain */
	HELO_BARE_NAME,         /* valid, but no dot */
	HELO_BARE_ADDRESS,      /* 192.0.2.1 without brackets */
	HELO_INVALID,           /* characters or labels no host name may have */
	HELO_EMPTY,
};

/* names_helo_kind - classify an SMTP HELO/EHLO argument. When the kind is
 * HELO_ADDRESS_LITERAL and literal is not NULL, *literal gets the address. */
enum helo_kind names_helo_kind(const char *helo, struct ip_address *literal);

/* names_helo_kind_message - a sentence explaining a HELO kind (static). */
const char *names_helo_kind_message(enum helo_kind kind);

/* names_rdf_string - an rdf as ldns prints it (so escaped), malloc'd;
 * NULL for NULL or on no memory. ldns_rdf2str does the same through a
 * 64 KB buffer whose malloc and free cost more than the printing. */
char *names_rdf_string(const ldns_rdf *rdf);

/* names_rdf_text - an rdf as ldns prints it (so escaped), into buf;
 * "" for NULL or on no memory. */
void names_rdf_text(const ldns_rdf *rdf, char *buf, size_t size);

/* names_records_text - the first rdata field of every record of rrs,
 * sorted case-insensitively, appended to buf with a space between (buf
 * holds a string: "" to start). Returns how many records. */
size_t names_records_text(const ldns_rr_list *rrs, char *buf, size_t size);

/* names_escape - copy text into buf with every byte outside printable ASCII
 * written as \DDD (the escape ldns and dig use), so it is safe on a
 * terminal. Idempotent on ldns's own output. Always NUL-terminates;
 * truncates to fit. */
void names_escape(const char *text, char *buf, size_t size);

#endif
