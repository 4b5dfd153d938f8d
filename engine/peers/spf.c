/* spf - the SPF result for the client's HELO, as SpamAssassin gets it. */
#define _POSIX_C_SOURCE 200809L
#include "spf.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SPF_RECORDS_MAX 8
#define SPF_ADDRESSES_MAX 16
#define SPF_TERM_MAX 300

const char *spf_result_name(enum spf_result result)
{
	switch (result) {
	case SPF_SKIPPED: return "not checked";
	case SPF_NONE: return "none";
	case SPF_NEUTRAL: return "neutral";
	case SPF_PASS: return "pass";
	case SPF_FAIL: return "fail";
	case SPF_SOFTFAIL: return "softfail";
	case SPF_PERMERROR: return "permerror";
	case SPF_TEMPERROR: return "temperror";
	case SPF_NOT_PREDICTED: return "not predicted";
	}
	return "?";
}

/* is_spf_record - "v=spf1" alone or followed by a space (RFC 7208 4.5). */
static bool is_spf_record(const char *text)
{
	return strncasecmp(text, "v=spf1", 6) == 0 && (text[6] == '\0' || text[6] == ' ');
}

/* cidr_of - the prefix length after '/' in spec (its end: '\0' or the
 * second '/' of a dual cidr), or the family's whole length without one;
 * -1 when it is not a number in range. */
static int cidr_of(const char *slash, int max)
{
	if (!slash || *slash != '/')
		return max;
	char *end;
	long n = strtol(slash + 1, &end, 10);
	if (end == slash + 1 || (*end && *end != '/') || n < 0 || n > max || (slash[1] == '0' && end - slash > 2))
		return -1;
	return (int)n;
}

static bool prefix_match(const struct ip_address *a, const struct ip_address *b, int bits)
{
	if (a->family != b->family)
		return false;
	int whole = bits / 8, rest = bits % 8;
	if (memcmp(a->bytes, b->bytes, (size_t)whole) != 0)
		return false;
	unsigned char mask = (unsigned char)(0xff << (8 - rest));
	return rest == 0 || (a->bytes[whole] & mask) == (b->bytes[whole] & mask);
}

enum term_verdict { TERM_NO_MATCH, TERM_MATCH, TERM_PERMERROR, TERM_TEMPERROR, TERM_UNKNOWN };

/* ip_mechanism - ip4:NET[/LEN] or ip6:NET[/LEN]. */
static enum term_verdict ip_mechanism(const char *arg, int family, const struct ip_address *ip)
{
	char net[SPF_TERM_MAX];
	snprintf(net, sizeof net, "%s", arg);
	char *slash = strchr(net, '/');
	int bits = cidr_of(slash ? strchr(arg, '/') : NULL, family == AF_INET ? 32 : 128);
	if (slash)
		*slash = '\0';
	struct ip_address parsed;
	if (bits < 0 || names_parse_ip(net, &parsed) != NAMES_OK || parsed.family != family)
		return TERM_PERMERROR;
	return prefix_match(ip, &parsed, bits) ? TERM_MATCH : TERM_NO_MATCH;
}

/* same_domain - a:DOMAIN naming the HELO itself, so its records are known. */
static bool same_domain(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	la -= la && a[la - 1] == '.';
	lb -= lb && b[lb - 1] == '.';
	return la == lb && strncasecmp(a, b, la) == 0;
}

/* a_mechanism - a, a/LEN, a//LEN6, a/LEN//LEN6, a:DOMAIN... with the
 * HELO's own addresses. */
static enum term_verdict a_mechanism(const char *rest, const struct spf_input *in)
{
	char domain[SPF_TERM_MAX] = "";
	if (*rest == ':') {
		size_t n = strcspn(rest + 1, "/");
		snprintf(domain, sizeof domain, "%.*s", (int)n, rest + 1);
		rest += 1 + n;
		if (!same_domain(domain, in->domain))
			return TERM_UNKNOWN;
	}
	if (*rest && *rest != '/')
		return TERM_PERMERROR;
	const char *dual = strstr(rest, "//");
	int bits4 = dual == rest ? 32 : cidr_of(rest, 32);
	int bits6 = dual ? cidr_of(dual + 1, 128) : 128;
	if (bits4 < 0 || bits6 < 0)
		return TERM_PERMERROR;
	if (in->a == OUTCOME_TEMP || in->a == OUTCOME_MISSING)
		return TERM_TEMPERROR;
	for (size_t i = 0; in->a == OUTCOME_FOUND && i < in->address_count; i++)
		if (prefix_match(in->ip, &in->addresses[i], in->ip->family == AF_INET ? bits4 : bits6))
			return TERM_MATCH;
	return TERM_NO_MATCH;
}

static enum term_verdict mechanism(const char *term, const struct spf_input *in)
{
	size_t len = strcspn(term, ":/");
	if (strchr(term, '%'))
		return TERM_UNKNOWN; /* a macro: its expansion needs what ptrdoctor does not know */
	if (len == 3 && strncasecmp(term, "all", 3) == 0)
		return term[3] ? TERM_PERMERROR : TERM_MATCH;
	if (len == 3 && strncasecmp(term, "ip4", 3) == 0 && term[3] == ':')
		return in->ip->family == AF_INET ? ip_mechanism(term + 4, AF_INET, in->ip) : TERM_NO_MATCH;
	if (len == 3 && strncasecmp(term, "ip6", 3) == 0 && term[3] == ':')
		return in->ip->family == AF_INET6 ? ip_mechanism(term + 4, AF_INET6, in->ip) : TERM_NO_MATCH;
	if (len == 1 && tolower((unsigned char)term[0]) == 'a')
		return a_mechanism(term + 1, in);
	static const char *const asking[] = {"include", "mx", "ptr", "exists"};
	for (size_t i = 0; i < sizeof asking / sizeof asking[0]; i++)
		if (len == strlen(asking[i]) && strncasecmp(term, asking[i], len) == 0)
			return TERM_UNKNOWN;
	return TERM_PERMERROR;
}

static enum spf_result qualified(char qualifier)
{
	switch (qualifier) {
	case '-': return SPF_FAIL;
	case '~': return SPF_SOFTFAIL;
	case '?': return SPF_NEUTRAL;
	default: return SPF_PASS;
	}
}

/* is_modifier - NAME=VALUE (RFC 7208 4.6.1): redirect, exp or unknown. */
static bool is_modifier(const char *term)
{
	if (!isalpha((unsigned char)term[0]))
		return false;
	size_t n = strspn(term, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.");
	return term[n] == '=';
}

/* evaluate_record - the terms in order; the first that matches decides. */
static enum spf_result evaluate_record(const char *record, const struct spf_input *in)
{
	bool redirect = false;
	for (const char *p = record + 6; *p;) {
		p += strspn(p, " ");
		size_t n = strcspn(p, " ");
		if (n == 0)
			break;
		char term[SPF_TERM_MAX];
		if (n >= sizeof term)
			return SPF_PERMERROR;
		memcpy(term, p, n);
		term[n] = '\0';
		p += n;
		if (is_modifier(term)) {
			redirect = redirect || strncasecmp(term, "redirect=", 9) == 0;
			continue;
		}
		bool has_qualifier = strchr("+-~?", term[0]) != NULL;
		switch (mechanism(term + has_qualifier, in)) {
		case TERM_MATCH: return qualified(has_qualifier ? term[0] : '+');
		case TERM_NO_MATCH: break;
		case TERM_PERMERROR: return SPF_PERMERROR;
		case TERM_TEMPERROR: return SPF_TEMPERROR;
		case TERM_UNKNOWN: return SPF_NOT_PREDICTED;
		}
	}
	return redirect ? SPF_NOT_PREDICTED : SPF_NEUTRAL;
}

enum spf_result spf_evaluate(const struct spf_input *in)
{
	if (in->txt == OUTCOME_TEMP || in->txt == OUTCOME_MISSING)
		return SPF_TEMPERROR;
	const char *record = NULL;
	for (size_t i = 0; in->txt == OUTCOME_FOUND && i < in->record_count; i++) {
		if (!is_spf_record(in->records[i]))
			continue;
		if (record)
			return SPF_PERMERROR; /* RFC 7208 4.5: more than one */
		record = in->records[i];
	}
	return record ? evaluate_record(record, in) : SPF_NONE;
}

/* asked_by_spamassassin - SPF.pm skips a HELO without a dot and one that
 * is an IPv4 address, bracketed or not. */
static bool asked_by_spamassassin(const char *helo)
{
	if (!helo || !*helo || !strchr(helo, '.'))
		return false;
	const char *p = helo + (*helo == '[');
	int dots = 0;
	for (; isdigit((unsigned char)*p) || *p == '.'; p++)
		dots += *p == '.';
	bool digits_only = *p == '\0' || (*p == ']' && p[1] == '\0');
	return !(digits_only && dots == 3);
}

/* txt_records - each TXT record of the step, its strings joined as SPF
 * reads them (RFC 7208 3.3). Owned strings in out. */
static size_t txt_records(const struct step *step, char *out[], size_t max)
{
	ldns_rr_list *list = step_records(step, LDNS_RR_TYPE_TXT);
	size_t count = 0;
	for (size_t i = 0; list && i < ldns_rr_list_rr_count(list) && count < max; i++) {
		const ldns_rr *rr = ldns_rr_list_rr(list, i);
		size_t size = 1;
		for (size_t j = 0; j < ldns_rr_rd_count(rr); j++)
			size += ldns_rdf_size(ldns_rr_rdf(rr, j));
		char *text = calloc(1, size);
		if (!text)
			break;
		for (size_t j = 0, used = 0; j < ldns_rr_rd_count(rr); j++) {
			const ldns_rdf *rdf = ldns_rr_rdf(rr, j); /* a character-string: its length, then its bytes */
			size_t size_of = ldns_rdf_size(rdf), len = size_of ? ldns_rdf_data(rdf)[0] : 0;
			if (len + 1 > size_of)
				len = size_of ? size_of - 1 : 0;
			memcpy(text + used, ldns_rdf_data(rdf) + 1, len);
			used += len;
		}
		out[count++] = text;
	}
	ldns_rr_list_deep_free(list);
	return count;
}

/* helo_addresses - the HELO's addresses of the client's family. */
static size_t helo_addresses(const struct step *step, int family, struct ip_address *out, size_t max)
{
	ldns_rr_list *list = step ? step_records(step, family == AF_INET ? LDNS_RR_TYPE_A : LDNS_RR_TYPE_AAAA) : NULL;
	size_t count = 0;
	for (size_t i = 0; list && i < ldns_rr_list_rr_count(list) && count < max; i++) {
		char *text = ldns_rdf2str(ldns_rr_rdf(ldns_rr_list_rr(list, i), 0));
		if (text && names_parse_ip(text, &out[count]) == NAMES_OK)
			count++;
		free(text);
	}
	ldns_rr_list_deep_free(list);
	return count;
}

enum spf_result spf_helo(const struct diagnosis *d)
{
	const char *helo = diagnosis_helo(d);
	if (!asked_by_spamassassin(helo))
		return SPF_SKIPPED;
	const struct ip_address *ip = diagnosis_ip(d);
	const struct step *txt = diagnosis_find(d, PURPOSE_HELO_TXT, NULL, NULL);
	const struct step *a = diagnosis_find(d, ip->family == AF_INET ? PURPOSE_HELO_A : PURPOSE_HELO_AAAA, NULL, NULL);
	/* Not asked: a name DNS cannot carry (an empty label); Mail::SPF's
	 * lookup of it fails, a temporary error to SpamAssassin. */
	if (!txt)
		return SPF_TEMPERROR;
	char *records[SPF_RECORDS_MAX];
	struct ip_address addresses[SPF_ADDRESSES_MAX];
	struct spf_input in = {.ip = ip, .txt = step_outcome(txt, LDNS_RR_TYPE_TXT), .records = (const char *const *)records,
			       .domain = helo, .a = step_outcome(a, ip->family == AF_INET ? LDNS_RR_TYPE_A
											  : LDNS_RR_TYPE_AAAA),
			       .addresses = addresses};
	in.record_count = txt_records(txt, records, SPF_RECORDS_MAX);
	in.address_count = helo_addresses(a, ip->family, addresses, SPF_ADDRESSES_MAX);
	enum spf_result result = spf_evaluate(&in);
	for (size_t i = 0; i < in.record_count; i++)
		free(records[i]);
	return result;
}
