/* targets - the addresses a batch check is asked about, one at a time.
 *
 * Sources, in order: the command line's words (an address, or a prefix
 * such as 203.0.113.0/24 or 2001:db8::/120), then a batch file's lines
 * (`IP [HELO]`, `#` comments, blank lines). Prefixes are expanded lazily,
 * so a /16 never sits in memory; the largest accepted are /16 for IPv4
 * and /112 for IPv6. An address given twice is checked once. A bad line
 * of the file is reported with its number and skipped; a bad word or
 * prefix on the command line is an error before anything is checked. */
#ifndef PTRDOCTOR_TARGETS_H
#define PTRDOCTOR_TARGETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util/names.h"

#define TARGETS_PREFIX_MIN_V4 16
#define TARGETS_PREFIX_MIN_V6 112
#define TARGETS_HELO_MAX 256

struct targets;

struct target {
	struct ip_address ip;
	char helo[TARGETS_HELO_MAX]; /* "" for none */
	size_t line;                 /* in the batch file; 0 for the command line */
};

/* targets_new - from words (borrowed: the command line outlives the
 * targets) and batch (a FILE opened by the caller, who closes it; NULL
 * for none). helo applies to every address without one of its own (may
 * be NULL). false with the reason in err for a word that is neither an
 * address nor an acceptable prefix. *out is owned (targets_free). */
bool targets_new(const char *const *words, size_t count, FILE *batch, const char *helo, struct targets **out,
		 char *err, size_t errsize);

enum targets_result {
	TARGETS_NEXT = 0, /* *out is the next address */
	TARGETS_END,
	TARGETS_BAD_LINE, /* err says which line and why; call again for the next */
	TARGETS_NO_MEMORY,
};

enum targets_result targets_next(struct targets *t, struct target *out, char *err, size_t errsize);

/* targets_known - how many addresses the command line's words hold (the
 * batch file's are not counted: it may be a pipe). */
size_t targets_known(const struct targets *t);

/* targets_duplicates - addresses skipped because they came before. */
size_t targets_duplicates(const struct targets *t);

/* targets_parse_prefix - "ADDR/LEN" into its first address and length;
 * false with the reason (too large, host bits set, not a prefix). */
bool targets_parse_prefix(const char *text, struct ip_address *first, int *length, char *err, size_t errsize);

void targets_free(struct targets *t);

#endif
