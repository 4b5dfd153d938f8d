/* lookup - the addresses of a host name, looked up in the background.
 *
 * The wizard's IP field accepts a host name and offers its addresses to
 * pick. A and AAAA are asked at once through the same backend as the
 * diagnosis, on an event loop of the lookup's own; the front end polls
 * lookup_fd() and calls lookup_poll(). */
#ifndef PTRDOCTOR_LOOKUP_H
#define PTRDOCTOR_LOOKUP_H

#include <stdbool.h>
#include <stddef.h>

struct backend;
struct lookup;

#define LOOKUP_ADDRESSES_MAX 16

/* lookup_start - ask A and AAAA of name. backend is borrowed and must
 * outlive the lookup. *out is owned (lookup_free). */
bool lookup_start(struct backend *backend, const char *name, struct lookup **out);

/* lookup_fd - readable once the lookup has finished. */
int lookup_fd(const struct lookup *l);

/* lookup_poll - true once finished; results may be read from then on. */
bool lookup_poll(struct lookup *l);

/* Results: addresses in answer order (A first), borrowed. The error is
 * NULL exactly when addresses were found; otherwise it says why not
 * (no such name, no A or AAAA record, the resolver failed, no reply). */
size_t lookup_count(const struct lookup *l);
/* lookup_more - addresses found past LOOKUP_ADDRESSES_MAX: counted, not kept. */
size_t lookup_more(const struct lookup *l);
const char *lookup_address(const struct lookup *l, size_t index);
const char *lookup_error(const struct lookup *l);
const char *lookup_name(const struct lookup *l);

/* lookup_free - closes what is in flight and frees. NULL is a no-op. */
void lookup_free(struct lookup *l);

#endif
