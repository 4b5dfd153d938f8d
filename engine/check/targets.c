/* targets - the addresses a batch check is asked about, one at a time. */
#define _POSIX_C_SOURCE 200809L
#include "targets.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define LINE_MAX_CHARS 4096
#define KEY_SIZE 17 /* the family, then the 16 bytes */

struct targets {
	const char *const *words;
	size_t count, word;
	struct ip_address cursor; /* the next address of the prefix being expanded */
	uint64_t left;            /* addresses of it still to come */
	char prefix_helo[TARGETS_HELO_MAX];
	size_t prefix_line;
	FILE *batch;
	size_t line;
	char *line_buf;
	size_t line_cap;
	char helo[TARGETS_HELO_MAX];
	unsigned char *seen;      /* open addressing set of KEY_SIZE keys; family 0 is empty */
	size_t seen_cap, seen_count, duplicates, known;
};

/* --- the set of addresses already given ----------------------------- */

static size_t key_hash(const unsigned char *key)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < KEY_SIZE; i++)
		h = (h ^ key[i]) * 1099511628211ULL;
	return (size_t)h;
}

static void key_of(const struct ip_address *ip, unsigned char *key)
{
	memset(key, 0, KEY_SIZE);
	key[0] = ip->family == AF_INET ? 4 : 6;
	memcpy(key + 1, ip->bytes, ip->family == AF_INET ? 4 : 16);
}

static bool seen_insert_key(unsigned char *set, size_t cap, const unsigned char *key)
{
	for (size_t i = key_hash(key) & (cap - 1);; i = (i + 1) & (cap - 1)) {
		unsigned char *slot = set + i * KEY_SIZE;
		if (slot[0] == 0) {
			memcpy(slot, key, KEY_SIZE);
			return true;
		}
		if (memcmp(slot, key, KEY_SIZE) == 0)
			return false;
	}
}

static bool seen_grow(struct targets *t)
{
	size_t cap = t->seen_cap ? t->seen_cap * 2 : 1024;
	unsigned char *set = calloc(cap, KEY_SIZE);
	if (!set)
		return false;
	for (size_t i = 0; i < t->seen_cap; i++)
		if (t->seen[i * KEY_SIZE] != 0)
			seen_insert_key(set, cap, t->seen + i * KEY_SIZE);
	free(t->seen);
	t->seen = set;
	t->seen_cap = cap;
	return true;
}

/* first_time - ip was not given before (and is now remembered). */
static bool first_time(struct targets *t, const struct ip_address *ip, bool *no_memory)
{
	unsigned char key[KEY_SIZE];
	*no_memory = (t->seen_count + 1) * 2 > t->seen_cap && !seen_grow(t);
	if (*no_memory)
		return false;
	key_of(ip, key);
	if (!seen_insert_key(t->seen, t->seen_cap, key)) {
		t->duplicates++;
		return false;
	}
	t->seen_count++;
	return true;
}

/* --- prefixes -------------------------------------------------------- */

bool targets_parse_prefix(const char *text, struct ip_address *first, int *length, char *err, size_t errsize)
{
	char addr[NAMES_ADDR_TEXT_MAX + 8], shown[120];
	const char *slash = strchr(text, '/');
	names_escape(text, shown, sizeof shown);
	char *end = NULL;
	long len = slash ? strtol(slash + 1, &end, 10) : -1;
	if (!slash || (size_t)(slash - text) >= sizeof addr || !slash[1] || *end != '\0') {
		snprintf(err, errsize, "%s: not an address or a prefix (ADDRESS/LENGTH)", shown);
		return false;
	}
	snprintf(addr, sizeof addr, "%.*s", (int)(slash - text), text);
	if (names_parse_ip(addr, first) != NAMES_OK) {
		snprintf(err, errsize, "%s: %s is not an IP address", shown, addr);
		return false;
	}
	int bits = first->family == AF_INET ? 32 : 128;
	int least = first->family == AF_INET ? TARGETS_PREFIX_MIN_V4 : TARGETS_PREFIX_MIN_V6;
	if (len < least || len > bits) {
		snprintf(err, errsize, "%s: prefixes from /%d to /%d for %s (at most %s addresses)", shown, least, bits,
			 first->family == AF_INET ? "IPv4" : "IPv6", "65536");
		return false;
	}
	for (int bit = (int)len; bit < bits; bit++) {
		if (first->bytes[bit / 8] & (0x80 >> (bit % 8))) {
			for (int b = (int)len; b < bits; b++)
				first->bytes[b / 8] &= (unsigned char)~(0x80 >> (b % 8));
			inet_ntop(first->family, first->bytes, first->text, sizeof first->text);
			snprintf(err, errsize, "%s: host bits set; the prefix is %s/%ld", shown, first->text, len);
			return false;
		}
	}
	*length = (int)len;
	return true;
}

static void prefix_start(struct targets *t, const struct target *from, int length)
{
	const struct ip_address *first = &from->ip;
	snprintf(t->prefix_helo, sizeof t->prefix_helo, "%s", from->helo);
	t->prefix_line = from->line;
	t->cursor = *first;
	t->left = (uint64_t)1 << ((first->family == AF_INET ? 32 : 128) - length);
}

/* prefix_take - the cursor's address, then the cursor one further. */
static void prefix_take(struct targets *t, struct target *target)
{
	struct ip_address *out = &target->ip;
	memset(target, 0, sizeof *target);
	snprintf(target->helo, sizeof target->helo, "%s", t->prefix_helo);
	target->line = t->prefix_line;
	*out = t->cursor;
	inet_ntop(out->family, out->bytes, out->text, sizeof out->text);
	for (int i = (t->cursor.family == AF_INET ? 4 : 16) - 1; i >= 0 && ++t->cursor.bytes[i] == 0; i--)
		;
	t->left--;
}

/* --- sources --------------------------------------------------------- */

bool targets_new(const char *const *words, size_t count, FILE *batch, const char *helo, struct targets **out,
		 char *err, size_t errsize)
{
	*out = NULL;
	struct targets *t = calloc(1, sizeof *t);
	if (!t) {
		snprintf(err, errsize, "out of memory");
		return false;
	}
	*t = (struct targets){.words = words, .count = count, .batch = batch};
	snprintf(t->helo, sizeof t->helo, "%s", helo ? helo : "");
	for (size_t i = 0; i < count; i++) {
		struct ip_address ip;
		int length;
		if (names_parse_ip(words[i], &ip) == NAMES_OK) {
			t->known++;
		} else if (targets_parse_prefix(words[i], &ip, &length, err, errsize)) {
			t->known += (size_t)1 << ((ip.family == AF_INET ? 32 : 128) - length);
		} else {
			targets_free(t);
			return false;
		}
	}
	*out = t;
	return true;
}

/* from_word - the next command-line word as an address, or a prefix to expand. */
static bool from_word(struct targets *t, struct target *out)
{
	const char *word = t->words[t->word++];
	int length;
	char err[200];
	memset(out, 0, sizeof *out);
	snprintf(out->helo, sizeof out->helo, "%s", t->helo);
	if (names_parse_ip(word, &out->ip) == NAMES_OK)
		return true;
	if (targets_parse_prefix(word, &out->ip, &length, err, sizeof err)) /* checked by targets_new */
		prefix_start(t, out, length);
	return false;
}

static bool printable(const char *s)
{
	for (const unsigned char *c = (const unsigned char *)s; *c; c++)
		if (*c < 0x21 || *c > 0x7e)
			return false;
	return true;
}

/* from_line - one line of the batch file: an address or prefix, and
 * maybe a HELO. false with err for a bad line; *empty for nothing. */
static bool from_line(struct targets *t, char *line, struct target *out, bool *empty, char *err, size_t errsize)
{
	char *hash = strchr(line, '#');
	if (hash)
		*hash = '\0';
	char *save = NULL, *addr = strtok_r(line, " \t\r\n", &save), *helo = strtok_r(NULL, " \t\r\n", &save);
	char *extra = strtok_r(NULL, " \t\r\n", &save);
	int length;
	*empty = addr == NULL;
	if (*empty)
		return true;
	memset(out, 0, sizeof *out);
	out->line = t->line;
	char why[300], shown[120];
	names_escape(addr, shown, sizeof shown);
	if (extra || (helo && (strlen(helo) >= TARGETS_HELO_MAX || !printable(helo)))) {
		snprintf(err, errsize, "line %zu: expected IP [HELO], one HELO of printable characters", t->line);
		return false;
	}
	snprintf(out->helo, sizeof out->helo, "%s", helo ? helo : t->helo);
	if (names_parse_ip(addr, &out->ip) == NAMES_OK)
		return true;
	if (!strchr(addr, '/')) {
		snprintf(err, errsize, "line %zu: %s is not an IP address", t->line, shown);
		return false;
	}
	if (!targets_parse_prefix(addr, &out->ip, &length, why, sizeof why)) {
		snprintf(err, errsize, "line %zu: %s", t->line, why);
		return false;
	}
	prefix_start(t, out, length);
	*empty = true; /* its addresses come from the cursor */
	return true;
}

enum targets_result targets_next(struct targets *t, struct target *out, char *err, size_t errsize)
{
	for (;;) {
		bool no_memory = false, ready = false;
		if (t->left > 0) {
			prefix_take(t, out);
			ready = true;
		} else if (t->word < t->count) {
			ready = from_word(t, out);
		} else if (t->batch) {
			ssize_t n = getline(&t->line_buf, &t->line_cap, t->batch);
			if (n < 0)
				return TARGETS_END;
			t->line++;
			bool empty;
			if (n > LINE_MAX_CHARS || memchr(t->line_buf, '\0', (size_t)n)) {
				snprintf(err, errsize, "line %zu: not a line of text (NUL byte, or over %d characters)",
					 t->line, LINE_MAX_CHARS);
				return TARGETS_BAD_LINE;
			}
			if (!from_line(t, t->line_buf, out, &empty, err, errsize))
				return TARGETS_BAD_LINE;
			ready = !empty;
		} else {
			return TARGETS_END;
		}
		if (ready && first_time(t, &out->ip, &no_memory))
			return TARGETS_NEXT;
		if (no_memory)
			return TARGETS_NO_MEMORY;
	}
}

size_t targets_known(const struct targets *t) { return t->known; }
size_t targets_duplicates(const struct targets *t) { return t->duplicates; }

void targets_free(struct targets *t)
{
	if (!t)
		return;
	free(t->line_buf);
	free(t->seen);
	free(t);
}
