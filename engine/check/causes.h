/* causes - what to change so that receivers accept the mail: every
 * failing or warning rule becomes a cause with who fixes it, what (add,
 * change or remove which record or setting, the old and the new value),
 * where, and why, in one sentence from help/causes.txt.
 *
 * Who follows from the facts: a PTR is changed by the hosting provider
 * (by name, with its panel) or by the reverse zone's operator (its SOA
 * contact), or by you when your own domain's name server serves that
 * zone (RFC 2317); a name's address record and the HELO are yours; a
 * stale or lame server is its zone's operator's; an answer still cached
 * is nobody's (wait). Never a change to something that already holds.
 *
 * Ordered: causes that clear a receiver's refusal first, then the ones
 * that clear more rules. The first is the next step; --ticket asks for
 * the causes of the provider or a zone's operator. Pure: the causes are
 * copies, every text terminal-safe. */
#ifndef PTRDOCTOR_CAUSES_H
#define PTRDOCTOR_CAUSES_H

#include <stdbool.h>
#include <stddef.h>

#include "diagnosis/evidence.h"
#include "receivers/prediction.h"
#include "rules/provider.h"
#include "rules/rules.h"

enum cause_who { CAUSE_BY_PROVIDER = 0, CAUSE_BY_OPERATOR, CAUSE_BY_YOU_ZONE, CAUSE_BY_YOU_DNS, CAUSE_BY_YOU_MAIL, CAUSE_BY_NOBODY };

enum cause_action { CAUSE_ADD = 0, CAUSE_CHANGE, CAUSE_REMOVE, CAUSE_SET, CAUSE_REPAIR, CAUSE_WAIT };

#define CAUSES_MAX 8
#define CAUSE_TEXT_MAX 1200

struct cause {
	const char *kind;                  /* "ptr-set", "ptr-remove", "forward-add", "forward-change",
					      "helo-set", "wait", "server-stale", "server-lame",
					      "zone-repair", "retry", "private", "fallback", or "provider-next"
					      (a home line's or a hosted sender's own advice) (static) */
	unsigned rules;                    /* 1u << rule id, for every rule it clears */
	bool refusal;                      /* it clears a receiver's refusal */
	enum cause_who who;
	char who_name[CAUSE_TEXT_MAX];     /* "Hetzner (Cloud and Robot)", "you", "the operator of ..." */
	enum cause_action action;
	bool setting;                      /* `record` is a mail server setting, not a DNS record */
	char record[CAUSE_TEXT_MAX];       /* "5.113.0.203.in-addr.arpa.", "mail.example.com", "HELO name",
					      a server "ns2.isp.example. (192.0.2.54)" */
	char type[8];                      /* "PTR", "A", "AAAA", or "" for a setting or a server */
	char address[48];                  /* the client address it is about */
	char old_value[CAUSE_TEXT_MAX];    /* "" when there is none */
	char new_value[CAUSE_TEXT_MAX];    /* "" for a removal or a wait */
	char where[CAUSE_TEXT_MAX];        /* the panel, the zone and its server, the file; or "" */
	char why[CAUSE_TEXT_MAX];
	char instead[CAUSE_TEXT_MAX];      /* a stop-gap with its cost, or "" */
	char text[3 * CAUSE_TEXT_MAX];     /* the whole sentence: what, then why */
};

struct causes {
	struct cause items[CAUSES_MAX];
	size_t count;
};

/* What the causes are found from; every pointer borrowed. */
struct cause_facts {
	const struct ip_address *ip;
	const char *helo;                    /* NULL when none was given */
	const struct evidence *ev;
	const struct rule_results *rules;
	const struct predictions *predictions;        /* for ip */
	const struct predictions *other_predictions;  /* for the other addresses */
	const struct provider *provider;     /* NULL when unknown */
};

/* causes_find - the causes of facts' problems, ordered; none when every
 * rule passes. */
void causes_find(const struct cause_facts *facts, struct causes *out);

/* causes_ptr_name - the name the PTR of the checked address should
 * carry: the HELO when it is a full name that resolves to the address,
 * else a PTR name that resolves back and is not a provider's default,
 * else the HELO when it is a full name, else NULL. Borrowed. */
const char *causes_ptr_name(const struct cause_facts *facts);

/* cause_words - the sentence under key in help/causes.txt with the
 * cause's own values filled in ({who} {record} {type} {old} {new} {where}
 * {ip}); "(key)" when the file has no such line. */
void cause_words(const struct cause *c, const char *key, char *out, size_t size);

/* cause_for_ticket - the change is the provider's or a zone operator's. */
bool cause_for_ticket(const struct cause *c);

/* cause_who_id / cause_action_name - "provider", "operator", "you-zone",
 * "you-dns", "you-mail", "nobody"; "add", "change", "remove", "set",
 * "repair", "wait" (static), as JSON says them. */
const char *cause_who_id(enum cause_who who);
const char *cause_action_name(enum cause_action action);

#endif
