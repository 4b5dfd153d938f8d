/* hfilter - rspamd's hfilter lists, scores and local networks, as data. */
#define _POSIX_C_SOURCE 200809L
#define PCRE2_CODE_UNIT_WIDTH 8
#include "hfilter.h"

#include <pcre2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/help.h"

#define ENTRIES_MAX 256
#define SCORES_MAX 32
#define NETWORKS_MAX 16

struct entry {
	enum hfilter_list list;
	pcre2_code *re;
	int weight;
};

struct score {
	char symbol[40];
	double value;
};

struct network {
	struct ip_address base;
	int bits;
};

enum section { SECTION_NONE, SECTION_LIST, SECTION_FQDN, SECTION_SCORES, SECTION_LOCAL };

static struct entry entries[ENTRIES_MAX];
static size_t entry_count;
static pcre2_code *fqdn;
static struct score scores[SCORES_MAX];
static size_t score_count;
static struct network networks[NETWORKS_MAX];
static size_t network_count;
static char load_error[160];
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static pcre2_code *compile(const char *pattern, size_t len, uint32_t options)
{
	int code;
	PCRE2_SIZE offset;
	return pcre2_compile((PCRE2_SPTR)pattern, len, options, &code, &offset, NULL);
}

/* parse_entry - "/RE/flags weight # comment"; a line whose expression has
 * no closing slash never matches in rspamd, and is skipped. */
static bool parse_entry(enum hfilter_list list, const char *line)
{
	size_t key = strcspn(line, " \t");
	const char *close = line + key;
	while (close > line && *close != '/')
		close--;
	if (line[0] != '/')
		return false;
	if (close == line)
		return true;
	uint32_t options = 0;
	for (const char *f = close + 1; f < line + key; f++) {
		if (*f != 'i')
			return false;
		options |= PCRE2_CASELESS;
	}
	if (entry_count == ENTRIES_MAX)
		return false;
	struct entry *e = &entries[entry_count];
	e->list = list;
	e->weight = 1;
	sscanf(line + key, "%d", &e->weight);
	e->re = compile(line + 1, (size_t)(close - line - 1), options);
	entry_count += e->re != NULL;
	return e->re != NULL;
}

static bool parse_network(const char *line)
{
	char text[64];
	int bits;
	if (network_count == NETWORKS_MAX || sscanf(line, "%63[^/]/%d", text, &bits) != 2)
		return false;
	struct network *n = &networks[network_count++];
	n->bits = bits;
	return names_parse_ip(text, &n->base) == NAMES_OK && bits >= 0 && bits <= (n->base.family == AF_INET ? 32 : 128);
}

static bool parse_line(enum section section, enum hfilter_list list, const char *line)
{
	switch (section) {
	case SECTION_LIST:
		return parse_entry(list, line);
	case SECTION_FQDN:
		fqdn = compile(line, strlen(line), PCRE2_CASELESS);
		return fqdn != NULL;
	case SECTION_SCORES:
		return score_count < SCORES_MAX &&
		       sscanf(line, "%39s %lf", scores[score_count].symbol, &scores[score_count].value) == 2 &&
		       ++score_count;
	case SECTION_LOCAL:
		return parse_network(line);
	case SECTION_NONE:
		break;
	}
	return false;
}

static bool parse_header(const char *line, enum section *section, enum hfilter_list *list)
{
	static const char *const lists[HFILTER_LISTS] = {"[checks_hellohost]", "[checks_hello]", "[checks_hello_badip]",
							 "[checks_hello_bareip]"};
	for (int i = 0; i < HFILTER_LISTS; i++)
		if (strcmp(line, lists[i]) == 0) {
			*section = SECTION_LIST;
			*list = (enum hfilter_list)i;
			return true;
		}
	*section = strcmp(line, "[fqdn]") == 0 ? SECTION_FQDN
		   : strcmp(line, "[scores]") == 0 ? SECTION_SCORES
		   : strcmp(line, "[local_addrs]") == 0 ? SECTION_LOCAL
						       : SECTION_NONE;
	return *section != SECTION_NONE;
}

static void load(void)
{
	const char *text = help_text("receivers/rspamd-hfilter.txt");
	enum section section = SECTION_NONE;
	enum hfilter_list list = HFILTER_HELLOHOST;
	size_t number = 0;
	for (const char *p = text ? text : ""; *p;) {
		size_t len = strcspn(p, "\n");
		char line[512];
		number++;
		snprintf(line, sizeof line, "%.*s", (int)len, p);
		p += len + (p[len] == '\n');
		if (line[0] == '\0' || line[0] == '#')
			continue;
		bool ok = line[0] == '[' ? parse_header(line, &section, &list) : parse_line(section, list, line);
		if (!ok || len >= sizeof line) {
			snprintf(load_error, sizeof load_error, "rspamd-hfilter.txt line %zu cannot be read", number);
			return;
		}
	}
	if (!text || !fqdn || !score_count)
		snprintf(load_error, sizeof load_error, "rspamd-hfilter.txt is missing or incomplete");
}

const char *hfilter_error(void)
{
	pthread_once(&load_once, load);
	return load_error;
}

/* matches - m is reused across a list's lines: a hit needs no captures
 * (PCRE2 returns 0, still a match, when m is too small for them). */
static bool matches(pcre2_code *re, const char *text, pcre2_match_data *m)
{
	return pcre2_match(re, (PCRE2_SPTR)text, strlen(text), 0, 0, m, NULL) >= 0;
}

int hfilter_weight(enum hfilter_list list, const char *text)
{
	int best = 0;
	if (*hfilter_error())
		return 0;
	pcre2_match_data *m = pcre2_match_data_create(1, NULL);
	for (size_t i = 0; m && i < entry_count; i++)
		if (entries[i].list == list && entries[i].weight > best && matches(entries[i].re, text, m))
			best = entries[i].weight;
	pcre2_match_data_free(m);
	return best;
}

bool hfilter_fqdn(const char *name)
{
	if (*hfilter_error())
		return false;
	pcre2_match_data *m = pcre2_match_data_create(1, NULL);
	bool hit = m && matches(fqdn, name, m);
	pcre2_match_data_free(m);
	return hit;
}

double hfilter_score(const char *symbol)
{
	if (*hfilter_error())
		return 0;
	for (size_t i = 0; i < score_count; i++)
		if (strcmp(scores[i].symbol, symbol) == 0)
			return scores[i].value;
	return 0;
}

static bool in_network(const struct network *n, const struct ip_address *ip)
{
	if (n->base.family != ip->family)
		return false;
	int whole = n->bits / 8, rest = n->bits % 8;
	if (memcmp(n->base.bytes, ip->bytes, (size_t)whole) != 0)
		return false;
	unsigned char mask = (unsigned char)(0xff << (8 - rest));
	return rest == 0 || (n->base.bytes[whole] & mask) == (ip->bytes[whole] & mask);
}

bool hfilter_local(const struct ip_address *ip)
{
	if (*hfilter_error())
		return false;
	for (size_t i = 0; i < network_count; i++)
		if (in_network(&networks[i], ip))
			return true;
	return false;
}
