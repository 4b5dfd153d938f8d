/* hfilter - rspamd's hfilter lists, scores and local networks, as data.
 *
 * help/receivers/rspamd-hfilter.txt holds rspamd 3.4's own lists (each
 * line a regular expression and a weight, run with PCRE2 as rspamd runs
 * them), the FQDN check of its check_fqdn, the symbols' scores and the
 * networks rspamd counts as local. Loaded and compiled once per process;
 * rspamd.c runs hfilter's and once_received's logic over them. */
#ifndef PTRDOCTOR_HFILTER_H
#define PTRDOCTOR_HFILTER_H

#include <stdbool.h>

#include "util/names.h"

enum hfilter_list {
	HFILTER_HELLOHOST, /* checks_hellohost: dynamic-looking HELO and host names */
	HFILTER_HELLO,     /* checks_hello: HELO names no server has */
	HFILTER_BADIP,     /* checks_hello_badip */
	HFILTER_BAREIP,    /* checks_hello_bareip */
	HFILTER_LISTS
};

/* hfilter_weight - the highest weight of the list's expressions that match
 * text: 0 when none does, 1 for a match of a line without a weight. */
int hfilter_weight(enum hfilter_list list, const char *text);

/* hfilter_fqdn - the name passes check_fqdn. */
bool hfilter_fqdn(const char *name);

/* hfilter_score - a symbol's score, 0 for one the file does not name. */
double hfilter_score(const char *symbol);

/* hfilter_local - rspamd counts the address as local (and then skips hfilter and once_received). */
bool hfilter_local(const struct ip_address *ip);

/* hfilter_error - why the file did not load, or "" (static). */
const char *hfilter_error(void);

#endif
