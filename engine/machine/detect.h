/* detect - which addresses and which HELO name the mail server on this
 * machine really sends with: its MTA's configuration (mta.h) joined with
 * the kernel's route choice and the interfaces (sources.h), and what
 * changes the picture (a relay, NAT, a container, a temporary IPv6
 * address, a HELO nobody set), each said in a note.
 *
 * Nothing here needs root or changes the system. */
#ifndef PTRDOCTOR_DETECT_H
#define PTRDOCTOR_DETECT_H

#include <stdbool.h>
#include <stddef.h>

#include "mta.h"
#include "sources.h"

#define DETECT_ADDRESSES_MAX SOURCES_MAX
#define DETECT_NOTES_MAX 12
#define DETECT_NOTE_MAX 600

struct detected_address {
	struct ip_address ip;
	const char *source;   /* "route", "bind" or "interface" (static) */
	bool public;          /* names_ip_kind says IP_PUBLIC */
	bool sends;           /* mail to the internet leaves from it */
	bool temporary;       /* an IPv6 privacy address */
};

struct detection {
	struct mta_identity mta;  /* kind MTA_NONE when no MTA was found */
	char helo[MTA_NAME_MAX];  /* the MTA's, or "" */
	enum helo_kind helo_kind;
	bool helo_container_id;   /* 12 or 64 hex digits: Docker's host name */
	size_t address_count;     /* the sending ones first */
	struct detected_address addresses[DETECT_ADDRESSES_MAX];
	bool container;
	char container_evidence[64]; /* "/.dockerenv", "/proc/1/cgroup"... */
	size_t note_count;
	char notes[DETECT_NOTES_MAX][DETECT_NOTE_MAX];
};

struct detect_options {
	struct mta_options mta;
	const char *root; /* where container files are looked for ("" or NULL: /) */
};

/* detect_run - everything above. false only on no memory or when the
 * interfaces cannot be listed; a missing MTA is a note. */
bool detect_run(const struct detect_options *opts, struct detection *out);

/* detect_join - the judgement alone, from what was read: which addresses
 * send, and the notes. For tests; detect_run calls it. */
void detect_join(const struct mta_identity *mta, const struct sources *sources, bool container,
		 const char *container_evidence, struct detection *out);

/* detect_sending_count - addresses that send. */
size_t detect_sending_count(const struct detection *d);

/* detect_checkable - the address sends and is public: a receiver sees
 * it, so check --this-machine checks it. */
bool detect_checkable(const struct detected_address *a);

/* detect_checkable_count - how many addresses are checkable. */
size_t detect_checkable_count(const struct detection *d);

/* detect_container - a file (/.dockerenv, /run/.containerenv) or a line
 * of /proc/1/cgroup under root ("" for /) says this runs in a container;
 * evidence gets which. */
bool detect_container(const char *root, char *evidence, size_t size);

/* detect_helo_is_container_id - 12 or 64 hex digits. */
bool detect_helo_is_container_id(const char *helo);

#endif
