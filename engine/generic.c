/* generic - does a PTR name look dynamic or provider-generic? */
#define _POSIX_C_SOURCE 200809L
#include "generic.h"

#include "provider.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define TOKENS_MAX 64
#define NAME_MAX_LEN 256

static const char *const hosted_suffixes[] = {
	".outbound.protection.outlook.com", ".google.com", ".smtp-out.amazonses.com",
	".outbound-mail.sendgrid.net", ".mailgun.net", ".mail.qq.com",
};

/* Strong words mark access networks; one of them plus any digit in the
 * host part is enough. Weak words (static, client, host...) never are. */
static const char *const strong_words[] = {
	"dynamic", "dyn", "dhcp", "dip", "ppp", "pppoe", "dial", "dialup", "modem", "pool",
	"cable", "dsl", "adsl", "xdsl", "vdsl", "cpe", "catv", "docsis", "res", "resnet",
	"broadband", "pptp", "dclient",
};

/* Second-level labels under which a registrable domain has three labels. */
static const char *const second_levels[] = {
	"co", "com", "net", "org", "ac", "gov", "edu", "ne", "or", "go", "gr", "ad",
};

struct token {
	const char *start; /* into the lower-cased host part */
	size_t len;
	bool numeric;
};

static bool has_suffix(const char *name, const char *suffix)
{
	size_t n = strlen(name), s = strlen(suffix);
	return n >= s && strcasecmp(name + n - s, suffix) == 0;
}

bool generic_is_hosted_sender(const char *name)
{
	char buf[NAME_MAX_LEN];
	size_t len = strlen(name);
	if (len == 0 || len >= sizeof buf)
		return false;
	names_strip_dot(name, buf, sizeof buf);
	for (size_t i = 0; i < sizeof hosted_suffixes / sizeof hosted_suffixes[0]; i++)
		if (has_suffix(buf, hosted_suffixes[i]))
			return true;
	return false;
}

/* host_part - the labels left of the registrable domain, lower-cased. */
static bool host_part(const char *name, char *buf, size_t size)
{
	size_t len = strlen(name);
	if (len == 0 || len >= size)
		return false;
	for (size_t i = 0; i <= len; i++)
		buf[i] = (char)tolower((unsigned char)name[i]);
	if (buf[len - 1] == '.')
		buf[--len] = '\0';
	char *labels[128];
	size_t count = 0;
	for (char *p = buf; count < 128;) {
		labels[count++] = p;
		p = strchr(p, '.');
		if (!p)
			break;
		p++;
	}
	size_t keep = count >= 2 ? count - 2 : 0;
	if (count >= 3 && strlen(labels[count - 1]) == 2)
		for (size_t i = 0; i < sizeof second_levels / sizeof second_levels[0]; i++)
			if (strncmp(labels[count - 2], second_levels[i], strlen(second_levels[i])) == 0 &&
			    labels[count - 2][strlen(second_levels[i])] == '.')
				keep = count - 3;
	if (keep == 0)
		return false;
	labels[keep][-1] = '\0';
	return true;
}

/* tokenize - runs of letters and runs of digits. */
static size_t tokenize(const char *host, struct token *tokens)
{
	size_t count = 0;
	for (const char *p = host; *p && count < TOKENS_MAX;) {
		if (!isalnum((unsigned char)*p)) {
			p++;
			continue;
		}
		bool digit = isdigit((unsigned char)*p);
		const char *start = p;
		while (*p && isalnum((unsigned char)*p) && (isdigit((unsigned char)*p) != 0) == digit)
			p++;
		tokens[count++] = (struct token){start, (size_t)(p - start), digit};
	}
	return count;
}

static bool token_is_octet(const struct token *t, unsigned octet)
{
	if (!t->numeric || t->len > 3)
		return false;
	unsigned value = 0;
	for (size_t i = 0; i < t->len; i++)
		value = value * 10 + (unsigned)(t->start[i] - '0');
	return value == octet;
}

/* octet_run - four consecutive numeric tokens equal to the address, in
 * order or reversed; reports the matched text. */
static bool octet_run(const struct token *tokens, size_t count, const unsigned char *b, char *why,
		      size_t size, const char *ip_text)
{
	for (size_t i = 0; i + 4 <= count; i++) {
		const struct token *t = tokens + i;
		bool forward = token_is_octet(&t[0], b[0]) && token_is_octet(&t[1], b[1]) &&
			       token_is_octet(&t[2], b[2]) && token_is_octet(&t[3], b[3]);
		bool reverse = token_is_octet(&t[0], b[3]) && token_is_octet(&t[1], b[2]) &&
			       token_is_octet(&t[2], b[1]) && token_is_octet(&t[3], b[0]);
		if (forward || reverse) {
			int len = (int)(t[3].start + t[3].len - t[0].start);
			if (why)
				snprintf(why, size, "contains the address %s as %.*s%s", ip_text, len, t[0].start,
					 reverse ? " (reversed)" : "");
			return true;
		}
	}
	return false;
}

/* encoded_ipv4 - the 8-hex, 12-digit zero-padded or 32-bit decimal forms. */
static bool encoded_ipv4(const char *host, const unsigned char *b, char *why, size_t size,
			 const char *ip_text)
{
	char forms[3][16];
	unsigned long value = ((unsigned long)b[0] << 24) | ((unsigned long)b[1] << 16) |
			      ((unsigned long)b[2] << 8) | b[3];
	snprintf(forms[0], sizeof forms[0], "%02x%02x%02x%02x", b[0], b[1], b[2], b[3]);
	snprintf(forms[1], sizeof forms[1], "%03u%03u%03u%03u", b[0], b[1], b[2], b[3]);
	snprintf(forms[2], sizeof forms[2], "%lu", value);
	for (int i = 0; i < 3; i++) {
		const char *hit = strstr(host, forms[i]);
		if (!hit || (i > 0 && ((hit > host && isdigit((unsigned char)hit[-1])) ||
				       isdigit((unsigned char)hit[strlen(forms[i])]))))
			continue;
		if (why)
			snprintf(why, size, "contains the address %s encoded as %s", ip_text, forms[i]);
		return true;
	}
	return false;
}

static bool encoded_ipv6(const char *host, const unsigned char *b, char *why, size_t size,
			 const char *ip_text)
{
	char hex[33], rev[65], dashed[NAMES_ADDR_TEXT_MAX];
	for (int i = 0; i < 16; i++)
		snprintf(hex + 2 * i, 3, "%02x", b[i]);
	for (int i = 0; i < 32; i++) {
		rev[2 * i] = hex[31 - i];
		rev[2 * i + 1] = '.';
	}
	rev[63] = '\0';
	snprintf(dashed, sizeof dashed, "%s", ip_text);
	for (char *p = dashed; *p; p++)
		if (*p == ':')
			*p = '-';
	const char *forms[] = {hex, rev, dashed};
	for (int i = 0; i < 3; i++)
		if (strstr(host, forms[i])) {
			if (why)
				snprintf(why, size, "contains the address %s as %s", ip_text, forms[i]);
			return true;
		}
	return false;
}

static bool strong_word_with_digits(const struct token *tokens, size_t count, char *why, size_t size)
{
	bool digits = false;
	for (size_t i = 0; i < count; i++)
		digits |= tokens[i].numeric;
	if (!digits)
		return false;
	for (size_t i = 0; i < count; i++) {
		if (tokens[i].numeric)
			continue;
		for (size_t w = 0; w < sizeof strong_words / sizeof strong_words[0]; w++) {
			if (strlen(strong_words[w]) == tokens[i].len &&
			    strncmp(tokens[i].start, strong_words[w], tokens[i].len) == 0) {
				if (why)
					snprintf(why, size, "the word \"%s\" with a number marks an access-network name",
						 strong_words[w]);
				return true;
			}
		}
	}
	return false;
}

enum generic_reason generic_name_check(const char *name, const struct ip_address *ip, char *why, size_t size)
{
	char host[NAME_MAX_LEN];
	struct token tokens[TOKENS_MAX];
	if (why && size)
		why[0] = '\0';
	if (generic_is_hosted_sender(name) || !host_part(name, host, sizeof host))
		return GENERIC_NO;
	const struct provider *p = provider_default_name(name);
	if (p) {
		if (why)
			snprintf(why, size, "a default name of %s; set your own at the provider", p->name);
		return GENERIC_PROVIDER_DEFAULT;
	}
	size_t count = tokenize(host, tokens);
	if (ip->family == AF_INET &&
	    (octet_run(tokens, count, ip->bytes, why, size, ip->text) ||
	     encoded_ipv4(host, ip->bytes, why, size, ip->text)))
		return GENERIC_ADDRESS;
	if (ip->family == AF_INET6 && encoded_ipv6(host, ip->bytes, why, size, ip->text))
		return GENERIC_ADDRESS;
	return strong_word_with_digits(tokens, count, why, size) ? GENERIC_ACCESS_WORD : GENERIC_NO;
}
