/* provider - the hosting providers ptrdoctor knows, from help/providers.txt.
 *
 * Each has a stable id (--provider, JSON, help/providers/ID.txt), a name
 * and one line on where the PTR is set. The list is compiled in. */
#ifndef PTRDOCTOR_PROVIDER_H
#define PTRDOCTOR_PROVIDER_H

#include <stdbool.h>
#include <stddef.h>

struct provider {
	char id[32];
	char name[80];
	char where[160];
};

/* provider_count / provider_at - the list in menu order (static storage). */
size_t provider_count(void);
const struct provider *provider_at(size_t index);

/* provider_next - the provider's own next step when the PTR is wrong
 * (the Next: section of help/providers/ID.txt, {IP} and {NAME} filled
 * in), for the ones nobody can be asked to set a PTR at: a home line, a
 * hosted sender. false when the provider has none. */
bool provider_next(const struct provider *p, const char *ip, const char *name, char *buf, size_t size);

/* provider_find - by id, or NULL. */
const struct provider *provider_find(const char *id);

/* provider_default_name - the provider whose default PTR names look like
 * this one (help/provider-fingerprints.txt), or NULL. Hosted senders' names
 * are theirs to keep and never count as defaults. */
const struct provider *provider_default_name(const char *name);

struct evidence;

struct provider_guess {
	const struct provider *provider; /* NULL when nothing matched */
	const char *source;              /* "ptr" or "zone" (static), or "none" */
	char evidence[2400];             /* why, in one sentence */
	bool registry;                   /* the reverse zone is the registry's: not delegated */
	char registry_note[2400];
};

/* provider_detect - guess the provider from the PTR name (its default
 * names) or the reverse zone's servers, with the evidence kept
 * (help/provider-fingerprints.txt). Returns true when one matched. */
bool provider_detect(const struct evidence *ev, const char *ip, struct provider_guess *out);

#endif
