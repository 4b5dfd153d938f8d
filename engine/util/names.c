/* names - addresses and host names: parsing, classification, validation,
 * and DNS data as text. */
#define _POSIX_C_SOURCE 200809L
#include "names.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <ldns/ldns.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define HOSTNAME_MAX 255
#define LABEL_MAX 63
#define INPUT_MAX 255

/* strip_brackets - "[x]" or "[IPv6:x]" into buf; plain text copied. */
static bool strip_brackets(const char *text, char *buf, size_t size)
{
	size_t len = strlen(text);
	if (len >= size)
		return false;
	if (len >= 2 && text[0] == '[' && text[len - 1] == ']') {
		text++;
		len -= 2;
		if (len >= 5 && strncasecmp(text, "IPv6:", 5) == 0) {
			text += 5;
			len -= 5;
		}
	}
	memcpy(buf, text, len);
	buf[len] = '\0';
	return true;
}

/* ipv4_has_leading_zero - "01.2.3.4": inet_pton rejects it, but users
 * deserve to hear why. */
static bool ipv4_has_leading_zero(const char *s)
{
	bool at_start = true;
	for (; *s; s++) {
		if (at_start && s[0] == '0' && isdigit((unsigned char)s[1]))
			return true;
		at_start = (*s == '.');
	}
	return false;
}

static bool looks_dotted_numeric(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s) && *s != '.')
			return false;
	return true;
}

static void unmap_ipv4(struct ip_address *ip)
{
	static const unsigned char prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	if (ip->family == AF_INET6 && memcmp(ip->bytes, prefix, 12) == 0) {
		memmove(ip->bytes, ip->bytes + 12, 4);
		memset(ip->bytes + 4, 0, 12);
		ip->family = AF_INET;
	}
}

enum names_status names_parse_ip(const char *text, struct ip_address *out)
{
	char buf[INPUT_MAX + 1];
	memset(out, 0, sizeof *out);
	if (!text || !*text)
		return NAMES_EMPTY;
	if (!strip_brackets(text, buf, sizeof buf))
		return NAMES_TOO_LONG;
	if (!*buf)
		return NAMES_EMPTY;
	if (strchr(buf, '%'))
		return NAMES_ZONE_ID;
	if (strchr(buf, '/'))
		return NAMES_PREFIX;
	if (inet_pton(AF_INET, buf, out->bytes) == 1) {
		out->family = AF_INET;
	} else if (strchr(buf, ':') && inet_pton(AF_INET6, buf, out->bytes) == 1) {
		out->family = AF_INET6;
		unmap_ipv4(out);
	} else if (looks_dotted_numeric(buf)) {
		size_t len = strlen(buf);
		if (buf[len - 1] == '.')
			return NAMES_TRAILING_DOT;
		if (ipv4_has_leading_zero(buf))
			return NAMES_LEADING_ZERO;
		return NAMES_NOT_ADDRESS;
	} else {
		return NAMES_NOT_ADDRESS;
	}
	inet_ntop(out->family, out->bytes, out->text, sizeof out->text);
	return NAMES_OK;
}

const char *names_status_message(enum names_status status)
{
	switch (status) {
	case NAMES_OK: return "a valid address";
	case NAMES_EMPTY: return "no address given";
	case NAMES_TOO_LONG: return "far too long to be an address";
	case NAMES_ZONE_ID: return "a zone id (%...) only means something on your own machine; give the address without it";
	case NAMES_LEADING_ZERO: return "an octet with a leading zero is read as octal by some programs and decimal by others; write it without the zero";
	case NAMES_TRAILING_DOT: return "an address has no trailing dot";
	case NAMES_PREFIX: return "give one address, not a network prefix";
	case NAMES_NOT_ADDRESS: return "not an IPv4 or IPv6 address";
	}
	return "unknown status";
}

struct range {
	int family;
	unsigned char prefix[16];
	unsigned bits;
	enum ip_kind kind;
};

/* Most specific first where ranges nest (192.0.2.0/24 lies in 192.0.0.0/16 space). */
static const struct range special_ranges[] = {
	{AF_INET, {0}, 8, IP_UNSPECIFIED},
	{AF_INET, {10}, 8, IP_PRIVATE},
	{AF_INET, {100, 64}, 10, IP_CGNAT},
	{AF_INET, {127}, 8, IP_LOOPBACK},
	{AF_INET, {169, 254}, 16, IP_LINK_LOCAL},
	{AF_INET, {172, 16}, 12, IP_PRIVATE},
	{AF_INET, {192, 0, 0}, 24, IP_RESERVED},
	{AF_INET, {192, 0, 2}, 24, IP_DOCUMENTATION},
	{AF_INET, {192, 88, 99}, 24, IP_RESERVED},
	{AF_INET, {192, 168}, 16, IP_PRIVATE},
	{AF_INET, {198, 18}, 15, IP_RESERVED},
	{AF_INET, {198, 51, 100}, 24, IP_DOCUMENTATION},
	{AF_INET, {203, 0, 113}, 24, IP_DOCUMENTATION},
	{AF_INET, {224}, 4, IP_MULTICAST},
	{AF_INET, {240}, 4, IP_RESERVED},
	{AF_INET6, {0}, 128, IP_UNSPECIFIED},
	{AF_INET6, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 128, IP_LOOPBACK},
	{AF_INET6, {0x00, 0x64, 0xff, 0x9b}, 96, IP_RESERVED},
	{AF_INET6, {0x01}, 64, IP_RESERVED},
	{AF_INET6, {0x20, 0x01, 0x0d, 0xb8}, 32, IP_DOCUMENTATION},
	{AF_INET6, {0x20, 0x01, 0x00, 0x00}, 23, IP_RESERVED},
	{AF_INET6, {0x3f, 0xff, 0xf0}, 20, IP_DOCUMENTATION},
	{AF_INET6, {0xfc}, 7, IP_PRIVATE},
	{AF_INET6, {0xfe, 0x80}, 10, IP_LINK_LOCAL},
	{AF_INET6, {0xfe, 0xc0}, 10, IP_RESERVED},
	{AF_INET6, {0xff}, 8, IP_MULTICAST},
};

static bool prefix_matches(const unsigned char *bytes, const unsigned char *prefix, unsigned bits)
{
	unsigned full = bits / 8, rest = bits % 8;
	if (memcmp(bytes, prefix, full) != 0)
		return false;
	if (rest == 0)
		return true;
	unsigned char mask = (unsigned char)(0xff << (8 - rest));
	return (bytes[full] & mask) == (prefix[full] & mask);
}

enum ip_kind names_ip_kind(const struct ip_address *ip)
{
	size_t n = sizeof special_ranges / sizeof special_ranges[0];
	for (size_t i = 0; i < n; i++) {
		const struct range *r = &special_ranges[i];
		if (r->family == ip->family && prefix_matches(ip->bytes, r->prefix, r->bits))
			return r->kind;
	}
	/* Only 2000::/3 is global unicast in IPv6. */
	if (ip->family == AF_INET6 && (ip->bytes[0] & 0xe0) != 0x20)
		return IP_RESERVED;
	return IP_PUBLIC;
}

const char *names_ip_kind_name(enum ip_kind kind)
{
	switch (kind) {
	case IP_PUBLIC: return "public";
	case IP_PRIVATE: return "private";
	case IP_LOOPBACK: return "loopback";
	case IP_CGNAT: return "carrier-grade NAT (CGNAT)";
	case IP_LINK_LOCAL: return "link-local";
	case IP_DOCUMENTATION: return "documentation";
	case IP_MULTICAST: return "multicast";
	case IP_UNSPECIFIED: return "unspecified";
	case IP_RESERVED: return "reserved";
	}
	return "unknown";
}

bool names_reverse(const struct ip_address *ip, char *buf, size_t size)
{
	ldns_rdf_type type = ip->family == AF_INET ? LDNS_RDF_TYPE_A : LDNS_RDF_TYPE_AAAA;
	size_t len = ip->family == AF_INET ? 4 : 16;
	bool ok = false;
	ldns_rdf *addr = ldns_rdf_new_frm_data(type, len, ip->bytes);
	ldns_rdf *rev = addr ? ldns_rdf_address_reverse(addr) : NULL;
	char *text = names_rdf_string(rev);
	if (text && strlen(text) < size) {
		memcpy(buf, text, strlen(text) + 1);
		ok = true;
	}
	free(text);
	ldns_rdf_deep_free(rev);
	ldns_rdf_deep_free(addr);
	return ok;
}

bool names_ip_equal(const struct ip_address *a, const struct ip_address *b)
{
	size_t len = a->family == AF_INET ? 4 : 16;
	return a->family == b->family && memcmp(a->bytes, b->bytes, len) == 0;
}

static bool label_valid(const char *label, size_t len)
{
	if (len == 0 || len > LABEL_MAX)
		return false;
	if (label[0] == '-' || label[len - 1] == '-')
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)label[i];
		if (!isalnum(c) && c != '-' && c != '_')
			return false;
	}
	return true;
}

bool names_valid_hostname(const char *name, bool allow_trailing_dot)
{
	size_t len = name ? strlen(name) : 0;
	if (len == 0 || len > HOSTNAME_MAX)
		return false;
	if (allow_trailing_dot && len > 1 && name[len - 1] == '.')
		len--;
	bool all_numeric = true;
	size_t start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && name[i] != '.') {
			if (!isdigit((unsigned char)name[i]))
				all_numeric = false;
			continue;
		}
		if (!label_valid(name + start, i - start))
			return false;
		start = i + 1;
	}
	return !all_numeric;
}

bool names_is_numeric_address(const char *name)
{
	unsigned char bytes[16];
	return inet_pton(AF_INET, name, bytes) == 1 || inet_pton(AF_INET6, name, bytes) == 1;
}

bool names_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 1 && a[la - 1] == '.')
		la--;
	if (lb > 1 && b[lb - 1] == '.')
		lb--;
	return la == lb && strncasecmp(a, b, la) == 0;
}

static bool is_localhost(const char *helo)
{
	return names_equal(helo, "localhost") || names_equal(helo, "localhost.localdomain");
}

enum helo_kind names_helo_kind(const char *helo, struct ip_address *literal)
{
	size_t len = helo ? strlen(helo) : 0;
	if (len == 0)
		return HELO_EMPTY;
	if (helo[0] == '[') {
		struct ip_address ip;
		if (helo[len - 1] != ']' || names_parse_ip(helo, &ip) != NAMES_OK)
			return HELO_BAD_LITERAL;
		if (literal)
			*literal = ip;
		return HELO_ADDRESS_LITERAL;
	}
	if (names_is_numeric_address(helo))
		return HELO_BARE_ADDRESS;
	if (!names_valid_hostname(helo, true))
		return HELO_INVALID;
	if (is_localhost(helo))
		return HELO_LOCALHOST;
	const char *dot = strchr(helo, '.');
	if (!dot || (size_t)(dot - helo) == len - 1)
		return HELO_BARE_NAME;
	return HELO_FQDN;
}

const char *names_helo_kind_message(enum helo_kind kind)
{
	switch (kind) {
	case HELO_FQDN: return "a fully qualified domain name";
	case HELO_ADDRESS_LITERAL: return "an address literal";
	case HELO_BAD_LITERAL: return "brackets mark an address literal, but what is inside is not an address";
	case HELO_LOCALHOST: return "\"localhost\" names every machine; receivers want your server's own name";
	case HELO_BARE_NAME: return "a bare name without a domain; receivers want a fully qualified name such as mail.example.com";
	case HELO_BARE_ADDRESS: return "an address must be written in brackets as an address literal, e.g. [192.0.2.1]";
	case HELO_INVALID: return "contains characters or labels no host name may have";
	case HELO_EMPTY: return "empty";
	}
	return "unknown";
}

char *names_rdf_string(const ldns_rdf *rdf)
{
	ldns_buffer *buf = rdf ? ldns_buffer_new(256) : NULL;
	char *text = NULL;
	if (buf && ldns_rdf2buffer_str(buf, rdf) == LDNS_STATUS_OK && ldns_buffer_status_ok(buf))
		text = ldns_buffer_export2str(buf);
	ldns_buffer_free(buf);
	return text;
}

void names_rdf_text(const ldns_rdf *rdf, char *buf, size_t size)
{
	char *text = names_rdf_string(rdf);
	snprintf(buf, size, "%s", text ? text : "");
	free(text);
}

#define RECORDS_MAX 64

static int compare_text(const void *a, const void *b)
{
	return strcasecmp(*(char *const *)a, *(char *const *)b);
}

size_t names_records_text(const ldns_rr_list *rrs, char *buf, size_t size)
{
	char *texts[RECORDS_MAX];
	size_t n = 0;
	for (size_t i = 0; i < ldns_rr_list_rr_count(rrs) && n < RECORDS_MAX; i++) {
		const ldns_rr *rr = ldns_rr_list_rr(rrs, i);
		char *text = ldns_rr_rd_count(rr) > 0 ? names_rdf_string(ldns_rr_rdf(rr, 0)) : NULL;
		if (text)
			texts[n++] = text;
	}
	qsort(texts, n, sizeof texts[0], compare_text);
	size_t used = strlen(buf);
	for (size_t i = 0; i < n; i++) {
		int w = snprintf(buf + used, size - used, "%s%s", used ? " " : "", texts[i]);
		used = w > 0 && (size_t)w < size - used ? used + (size_t)w : size - 1;
		free(texts[i]);
	}
	return n;
}

void names_escape(const char *text, char *buf, size_t size)
{
	size_t used = 0;
	if (size == 0)
		return;
	for (const unsigned char *p = (const unsigned char *)text; p && *p; p++) {
		bool plain = *p >= 0x20 && *p < 0x7f;
		size_t n = plain ? 1 : 4; /* \DDD */
		if (used + n >= size)
			break;
		if (plain) {
			buf[used] = (char)*p;
		} else {
			buf[used] = '\\';
			buf[used + 1] = (char)('0' + *p / 100);
			buf[used + 2] = (char)('0' + *p / 10 % 10);
			buf[used + 3] = (char)('0' + *p % 10);
		}
		used += n;
	}
	buf[used] = '\0';
}

const char *names_strip_dot(const char *name, char *buf, size_t size)
{
	size_t len = strlen(name);
	snprintf(buf, size, "%.*s", (int)(len > 1 && name[len - 1] == '.' ? len - 1 : len), name);
	return buf;
}

bool names_ends_with(const char *text, const char *suffix)
{
	size_t n = strlen(text), k = strlen(suffix);
	return n >= k && strcmp(text + n - k, suffix) == 0;
}

bool names_in_zone(const char *name, const char *zone)
{
	ldns_rdf *n = ldns_dname_new_frm_str(name);
	ldns_rdf *z = ldns_dname_new_frm_str(zone);
	bool in = n && z && (ldns_dname_compare(n, z) == 0 || ldns_dname_is_subdomain(n, z));
	ldns_rdf_deep_free(n);
	ldns_rdf_deep_free(z);
	return in;
}
