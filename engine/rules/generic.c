/* generic - does a PTR name look dynamic or provider-generic? */
#define _POSIX_C_SOURCE 200809L
#include "generic.h"

#include "peers/hfilter.h"
#include "peers/sa_rules.h"
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
	"broadband", "pptp", "dclient", "dynamicip",
};

/* Words that name no machine: a host part made of them only is a
 * placeholder many addresses share (static.isp.example). */
static const char *const placeholder_words[] = {
	"static", "dynamic", "dynamicip", "dyn", "customer", "customers", "client", "clients", "dsl", "adsl",
	"pool", "ppp", "cable", "broadband", "unassigned", "unknown", "noname", "generic", "reverse", "rev",
	"ptr", "ip", "host", "in-addr", "nat", "gprs", "mobile", "wireless", "dhcp", "res", "user", "users",
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

/* host_part - the labels left of the registrable domain, lower-cased;
 * *domain (when not NULL) points at the registrable domain after it. */
static bool host_part(const char *name, char *buf, size_t size, const char **domain)
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
	if (domain)
		*domain = labels[keep];
	return true;
}

static bool word_in(const char *word, size_t len, const char *const *words, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (strlen(words[i]) == len && strncmp(word, words[i], len) == 0)
			return true;
	return false;
}

/* placeholder - every label of the host part is a word that names no machine. */
static bool placeholder(const char *host, char *why, size_t size)
{
	for (const char *p = host; *p;) {
		size_t len = strcspn(p, ".");
		if (!word_in(p, len, placeholder_words, sizeof placeholder_words / sizeof placeholder_words[0]))
			return false;
		p += len + (p[len] == '.');
	}
	if (why)
		snprintf(why, size, "\"%s\" names no machine: a placeholder many addresses share, not a server's own name",
			 host);
	return true;
}

/* same_name - a and b are one name, whatever their case and final dot. */
static bool same_name(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	la -= la && a[la - 1] == '.';
	lb -= lb && b[lb - 1] == '.';
	return la == lb && strncasecmp(a, b, la) == 0;
}

/* under_zone - domain (registrable) is at or under zone. */
static bool under_zone(const char *domain, const char *zone)
{
	char bare[NAME_MAX_LEN];
	snprintf(bare, sizeof bare, "%s", zone);
	size_t n = strlen(bare), d = strlen(domain);
	if (n && bare[n - 1] == '.')
		bare[--n] = '\0';
	return n && (strcasecmp(domain, bare) == 0 ||
		     (d > n && domain[d - n - 1] == '.' && strcasecmp(domain + d - n, bare) == 0) ||
		     (n > d && bare[n - d - 1] == '.' && strcasecmp(bare + n - d, domain) == 0));
}

/* owned - evidence that domain (name's) is the sender's own, in words
 * into evidence; false when there is none. */
static bool owned(const char *name, const char *domain, const struct generic_owner *owner, char *evidence,
		  size_t size)
{
	char helo_host[NAME_MAX_LEN];
	const char *helo_domain = NULL;
	if (!owner)
		return false;
	if (owner->helo && !same_name(owner->helo, name) &&
	    host_part(owner->helo, helo_host, sizeof helo_host, &helo_domain) && helo_domain &&
	    strcmp(helo_domain, domain) == 0) {
		snprintf(evidence, size, "your HELO %s is another name in %s", owner->helo, domain);
		return true;
	}
	if (owner->zone && owner->zone_servers && under_zone(domain, owner->zone)) {
		snprintf(evidence, size, "%s has name servers of its own (%s)", domain, owner->zone_servers);
		return true;
	}
	return false;
}

/* machine_id - the first label is a server or contract id: up to six
 * letters then five or more digits (and maybe a dash and more), a word and
 * three or more dashed numbers (a line id), a number alone, or a long hex
 * string. */
static bool machine_id(const char *host, const char *domain, char *why, size_t size)
{
	size_t len = strcspn(host, "."), letters = 0, digits = 0, hex = 0;
	while (letters < len && isalpha((unsigned char)host[letters]))
		letters++;
	size_t at = letters + (host[letters] == '-');
	while (at + digits < len && isdigit((unsigned char)host[at + digits]))
		digits++;
	bool numbered = letters <= 6 && digits >= 5 && (at + digits == len || host[at + digits] == '-');
	size_t groups = 0, at_group = letters;
	bool octets = true; /* four groups that could be an address are a neighbour's, not a line id */
	while (at_group < len && host[at_group] == '-' && isdigit((unsigned char)host[at_group + 1])) {
		long value = strtol(host + at_group + 1, NULL, 10);
		octets &= value <= 255;
		at_group++;
		while (at_group < len && isdigit((unsigned char)host[at_group]))
			at_group++;
		groups++;
	}
	bool line = letters >= 2 && groups >= 3 && at_group == len && !(groups == 4 && octets); /* Place-651-1-55 */
	while (hex < len && isxdigit((unsigned char)host[hex]))
		hex++;
	bool hashed = hex == len && len >= 12 && strpbrk(host, "0123456789") && strcspn(host, "abcdef") < len;
	if (!numbered && !hashed && !line)
		return false;
	if (why)
		snprintf(why, size, "%.*s reads as a machine's id at %s, not a name someone chose for a mail server",
			 (int)len, host, domain);
	return true;
}

/* hashed_ipv6 - access networks' IPv6 names: ptr-<hash> or ip6.access. */
static bool hashed_ipv6(const char *host, char *why, size_t size)
{
	bool hashed = strncmp(host, "ptr-", 4) == 0 && strcspn(host + 4, ".") >= 10 &&
		      strpbrk(host + 4, "0123456789") && strpbrk(host + 4, "0123456789") < host + 4 + strcspn(host + 4, ".");
	if (!hashed && !strstr(host, "ip6.access") && !strstr(host, "ipv6.access"))
		return false;
	if (why)
		snprintf(why, size, "an access network's IPv6 name (%s), the same form for every customer",
			 hashed ? "ptr- and a hash" : "ip6.access");
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
 * order, reversed, or its two halves each swapped (d53-64-35-171 for
 * 64.53.171.35: Haraka's is_ip_in_str finds the octet pairs in any
 * order); reports the matched text. */
static bool octet_run(const struct token *tokens, size_t count, const unsigned char *b, char *why,
		      size_t size, const char *ip_text)
{
	for (size_t i = 0; i + 4 <= count; i++) {
		const struct token *t = tokens + i;
		bool forward = token_is_octet(&t[0], b[0]) && token_is_octet(&t[1], b[1]) &&
			       token_is_octet(&t[2], b[2]) && token_is_octet(&t[3], b[3]);
		bool reverse = token_is_octet(&t[0], b[3]) && token_is_octet(&t[1], b[2]) &&
			       token_is_octet(&t[2], b[1]) && token_is_octet(&t[3], b[0]);
		bool swapped = token_is_octet(&t[0], b[1]) && token_is_octet(&t[1], b[0]) &&
			       token_is_octet(&t[2], b[3]) && token_is_octet(&t[3], b[2]);
		if (forward || reverse || swapped) {
			int len = (int)(t[3].start + t[3].len - t[0].start);
			if (why)
				snprintf(why, size, "contains the address %s as %.*s%s", ip_text, len, t[0].start,
					 reverse ? " (reversed)" : swapped ? " (each pair swapped)" : "");
			return true;
		}
	}
	return false;
}

/* octet_part - exactly three consecutive numeric tokens equal to three of
 * the address's octets in order (A-B-C or B-C-D) or reversed: the last
 * octet first (D.red-A-B-C), or a partial address and a line id. A fourth
 * number beside them makes another address (a neighbour's), not this one. */
static bool octet_part(const struct token *tokens, size_t count, const unsigned char *b, char *why, size_t size,
		       const char *ip_text)
{
	static const int orders[4][3] = {{0, 1, 2}, {1, 2, 3}, {2, 1, 0}, {3, 2, 1}};
	for (size_t i = 0; i + 3 <= count; i++) {
		const struct token *t = tokens + i;
		if ((i > 0 && t[-1].numeric) || (i + 3 < count && t[3].numeric))
			continue;
		for (int o = 0; o < 4; o++) {
			if (!token_is_octet(&t[0], b[orders[o][0]]) || !token_is_octet(&t[1], b[orders[o][1]]) ||
			    !token_is_octet(&t[2], b[orders[o][2]]))
				continue;
			int len = (int)(t[2].start + t[2].len - t[0].start);
			if (why)
				snprintf(why, size, "contains part of the address %s as %.*s", ip_text, len, t[0].start);
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

/* peers_judgment - the spam filters whose own rules call name dynamic,
 * in words ("SpamAssassin's RDNS_DYNAMIC (__RDNS_DYNAMIC_TELIA)"), or "". */
static void peers_judgment(const char *name, const struct ip_address *ip, char *out, size_t size)
{
	char sa[120] = "", bare[NAME_MAX_LEN];
	bool spamassassin = sa_rules_rdns_dynamic(name, ip, sa, sizeof sa);
	int weight = hfilter_weight(HFILTER_HELLOHOST, names_strip_dot(name, bare, sizeof bare));
	if (spamassassin && weight > 0)
		snprintf(out, size, "SpamAssassin's %s and rspamd's HFILTER_HOSTNAME_%d", sa, weight);
	else if (spamassassin)
		snprintf(out, size, "SpamAssassin's %s", sa);
	else if (weight > 0)
		snprintf(out, size, "rspamd's HFILTER_HOSTNAME_%d", weight);
	else
		out[0] = '\0';
}

/* with_peers - the reason found, the filters that agree appended. */
static enum generic_reason with_peers(enum generic_reason reason, const char *peers, char *why, size_t size)
{
	size_t used = why ? strlen(why) : 0;
	if (reason != GENERIC_NO && why && peers[0] && used < size)
		snprintf(why + used, size - used, "; %s %s too", peers, strstr(peers, " and ") ? "say so" : "says so");
	return reason;
}

/* own_judgment - ptrdoctor's own reading of the name. */
static enum generic_reason own_judgment(const char *name, const char *host, const char *domain,
					const struct ip_address *ip, char *why, size_t size)
{
	struct token tokens[TOKENS_MAX];
	const struct provider *p = provider_default_name(name);
	if (p) {
		if (why)
			snprintf(why, size, "it is the default name %s gives a server: set your own PTR there (%s)",
				 p->name, p->where);
		return GENERIC_PROVIDER_DEFAULT;
	}
	size_t count = tokenize(host, tokens);
	if (ip->family == AF_INET &&
	    (octet_run(tokens, count, ip->bytes, why, size, ip->text) ||
	     encoded_ipv4(host, ip->bytes, why, size, ip->text) || octet_part(tokens, count, ip->bytes, why, size, ip->text)))
		return GENERIC_ADDRESS;
	if (ip->family == AF_INET6 && encoded_ipv6(host, ip->bytes, why, size, ip->text))
		return GENERIC_ADDRESS;
	if (strong_word_with_digits(tokens, count, why, size))
		return GENERIC_ACCESS_WORD;
	if (placeholder(host, why, size))
		return GENERIC_PLACEHOLDER;
	if (hashed_ipv6(host, why, size))
		return GENERIC_HASHED;
	return machine_id(host, domain, why, size) ? GENERIC_MACHINE_ID : GENERIC_NO;
}

bool generic_domain(const char *name, char *out, size_t size)
{
	char host[NAME_MAX_LEN];
	const char *domain = NULL;
	if (!host_part(name, host, sizeof host, &domain) || !domain) {
		size_t len = strlen(name);
		if (len == 0 || len >= size || !strchr(name, '.'))
			return false;
		for (size_t i = 0; i <= len; i++)
			out[i] = (char)tolower((unsigned char)name[i]);
		if (out[len - 1] == '.')
			out[len - 1] = '\0';
		return true;
	}
	snprintf(out, size, "%s", domain);
	return true;
}

/* owners_choice - a reason ptrdoctor sets aside in a domain shown to be
 * the sender's own (the numbered name, the filter's call), with why. */
static enum generic_reason owners_choice(enum generic_reason reason, const char *name, const char *domain,
					 const struct generic_owner *owner, const char *found, char *why, size_t size)
{
	char evidence[600];
	if (!owned(name, domain, owner, evidence, sizeof evidence))
		return reason;
	if (why)
		snprintf(why, size, "%s, but %s is yours: %s", found, domain, evidence);
	return GENERIC_NO;
}

enum generic_reason generic_name_check(const char *name, const struct ip_address *ip, const char *helo, char *why,
				       size_t size)
{
	struct generic_owner owner = {.helo = helo};
	return generic_name_judge(name, ip, &owner, why, size);
}

enum generic_reason generic_name_judge(const char *name, const struct ip_address *ip, const struct generic_owner *owner,
				       char *why, size_t size)
{
	char host[NAME_MAX_LEN], peers[300];
	const char *domain = NULL;
	if (why && size)
		why[0] = '\0';
	peers_judgment(name, ip, peers, sizeof peers);
	if (generic_is_hosted_sender(name)) {
		if (why && peers[0])
			snprintf(why, size, "%s calls it dynamic, but it is a hosted sender's, a name receivers know", peers);
		return GENERIC_NO;
	}
	if (!host_part(name, host, sizeof host, &domain))
		return GENERIC_NO;
	/* a name left in the reverse tree is no host name at all (ptr-hostname says so) */
	if (strcmp(domain, "in-addr.arpa") == 0 || strcmp(domain, "ip6.arpa") == 0)
		return GENERIC_NO;
	char found[700];
	enum generic_reason own = own_judgment(name, host, domain, ip, found, sizeof found);
	if (own == GENERIC_MACHINE_ID)
		own = owners_choice(own, name, domain, owner, found, why, size);
	if (own != GENERIC_NO) {
		if (why)
			snprintf(why, size, "%s", found);
		return with_peers(own, peers, why, size);
	}
	if (!peers[0] || (why && why[0]))
		return GENERIC_NO; /* nothing flags it, or the owner's choice, said */
	snprintf(found, sizeof found, "%s calls it dynamic", peers);
	if (owners_choice(GENERIC_PEER_RULE, name, domain, owner, found, why, size) == GENERIC_NO)
		return GENERIC_NO;
	if (why)
		snprintf(why, size, "%s", found);
	return GENERIC_PEER_RULE;
}
