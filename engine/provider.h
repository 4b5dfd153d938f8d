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

/* provider_find - by id, or NULL. */
const struct provider *provider_find(const char *id);

#endif
