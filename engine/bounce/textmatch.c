/* textmatch - POSIX extended regular expressions over pasted text,
 * matched without regard to case, each pattern compiled once. */
#define _POSIX_C_SOURCE 200809L
#include "textmatch.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/names.h"

#define PATTERNS_MAX 160 /* the bounce tables and code hold about 80; past it, a pattern is compiled for each use */

/* The patterns, each compiled on its first use and kept for the life of
 * the process (static strings, or table entries kept as long: the
 * pointer is the key). */
static struct {
	pthread_mutex_t lock;
	size_t count;
	const char *pattern[PATTERNS_MAX];
	regex_t re[PATTERNS_MAX];
	bool ok[PATTERNS_MAX];
} compiled = {.lock = PTHREAD_MUTEX_INITIALIZER};

static const regex_t *compile(const char *pattern)
{
	const regex_t *re = NULL;
	pthread_mutex_lock(&compiled.lock);
	size_t i = 0;
	while (i < compiled.count && compiled.pattern[i] != pattern)
		i++;
	if (i == compiled.count && i < PATTERNS_MAX) {
		compiled.pattern[i] = pattern;
		compiled.ok[i] = regcomp(&compiled.re[i], pattern, REG_EXTENDED | REG_ICASE) == 0;
		compiled.count++;
	}
	if (i < compiled.count && compiled.ok[i])
		re = &compiled.re[i]; /* NULL past PATTERNS_MAX, or for a pattern that does not compile */
	pthread_mutex_unlock(&compiled.lock);
	return re;
}

bool textmatch_find(const char *pattern, const char *text, size_t from, regmatch_t *m, size_t groups)
{
	const regex_t *re = compile(pattern);
	int eflags = from > 0 ? REG_NOTBOL : 0;
	bool hit;
	if (re) {
		hit = regexec(re, text + from, groups, m, eflags) == 0;
	} else {
		regex_t once;
		hit = regcomp(&once, pattern, REG_EXTENDED | REG_ICASE) == 0;
		if (hit) {
			hit = regexec(&once, text + from, groups, m, eflags) == 0;
			regfree(&once);
		}
	}
	for (size_t i = 0; hit && i < groups; i++)
		if (m[i].rm_so >= 0) {
			m[i].rm_so += (regoff_t)from;
			m[i].rm_eo += (regoff_t)from;
		}
	return hit;
}

void textmatch_copy(const char *text, const regmatch_t *g, char *out, size_t size)
{
	char raw[512];
	int len = g->rm_so < 0 ? 0 : (int)(g->rm_eo - g->rm_so);
	snprintf(raw, sizeof raw, "%.*s", len, text + (g->rm_so < 0 ? 0 : g->rm_so));
	names_escape(raw, out, size);
}

char *textmatch_flatten(const char *text)
{
	size_t len = strlen(text);
	char *out = malloc(len + 1), *o = out;
	if (!out)
		return NULL;
	bool space = false;
	for (const char *p = text; *p; p++) {
		if (isspace((unsigned char)*p)) {
			space = true;
			continue;
		}
		if (space && o > out)
			*o++ = ' ';
		space = false;
		*o++ = *p;
	}
	*o = '\0';
	/* "550-5.7.25 a ... 550-5.7.25 b ... 550 5.7.25 c": keep the first prefix only. */
	regmatch_t m[3];
	if (textmatch_find("([245][0-9][0-9])[ -]([245]\\.[0-9]{1,3}\\.[0-9]{1,3}) ", out, 0, m, 3)) {
		char prefix[2][32];
		snprintf(prefix[0], sizeof prefix[0], " %.3s-%.*s ", out + m[1].rm_so, (int)(m[2].rm_eo - m[2].rm_so),
			 out + m[2].rm_so);
		snprintf(prefix[1], sizeof prefix[1], " %.3s %.*s ", out + m[1].rm_so, (int)(m[2].rm_eo - m[2].rm_so),
			 out + m[2].rm_so);
		for (int k = 0; k < 2; k++) {
			size_t n = strlen(prefix[k]);
			char *hit;
			while ((hit = strstr(out + m[2].rm_eo, prefix[k])) != NULL)
				memmove(hit + 1, hit + n, strlen(hit + n) + 1);
		}
	}
	return out;
}
