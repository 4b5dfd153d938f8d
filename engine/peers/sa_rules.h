/* sa_rules - SpamAssassin's rDNS and HELO rules, run the way SpamAssassin runs them.
 *
 * The rules are SpamAssassin's own lines (help/receivers/spamassassin.cf):
 * header rules, Perl regular expressions run with PCRE2 on the relay line
 * SpamAssassin writes for the client that connected (or on the Received
 * header Postfix wrote, for the rules that read it); metas (&&, ||, !,
 * parentheses) over them; the eval rules about that client,
 * helo_ip_mismatch() and the SPF plugin's HELO results; and each rule's score in set 1. A rule scored 0 is
 * off, as in SpamAssassin. Loaded and compiled once per process. */
#ifndef PTRDOCTOR_SA_RULES_H
#define PTRDOCTOR_SA_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "spf.h"
#include "util/names.h"

/* The client as the receiving Postfix wrote it in Received. */
struct sa_client {
	const struct ip_address *ip;
	const char *rdns; /* the verified name, or NULL for "unknown" */
	const char *helo; /* as sent, or NULL */
	enum spf_result helo_spf; /* what SPF says of the HELO (the SPF_HELO_* evals) */
};

#define SA_RELAY_LINE_MAX 1200

/* sa_relay_line - the client's X-Spam-Relays-External entry
 * (Received.pm's make_relay_as_string), or "" when SpamAssassin trusts
 * the address (IP_PRIVATE) and reads no external relay. */
void sa_relay_line(const struct sa_client *c, char *out, size_t size);

/* sa_received_line - the start of the Received header Postfix writes for
 * the client ("from HELO (NAME [IP])"), NAME "unknown" when not verified. */
void sa_received_line(const struct sa_client *c, char *out, size_t size);

/* sa_ip_private - the address matches SpamAssassin's IP_PRIVATE (Constants.pm). */
bool sa_ip_private(const struct ip_address *ip);

typedef void (*sa_hit_fn)(const char *rule, double score, void *arg);

enum sa_status { SA_OK, SA_RULES_BROKEN };

/* sa_rules_run - call hit for every scored rule that hits, in the file's order. */
enum sa_status sa_rules_run(const struct sa_client *c, sa_hit_fn hit, void *arg);

/* sa_rules_rdns_dynamic - SpamAssassin's RDNS_DYNAMIC would hit a client
 * at ip whose verified name is name (an unauthenticated direct client, as
 * a mail server is); rule gets "RDNS_DYNAMIC (__RDNS_DYNAMIC_TELIA)", the
 * first of the meta's parts that hit. False when it would not, or when
 * the rules did not load. */
bool sa_rules_rdns_dynamic(const char *name, const struct ip_address *ip, char *rule, size_t size);

/* sa_rules_error - why the rules did not load, or "" (static). */
const char *sa_rules_error(void);

#endif
