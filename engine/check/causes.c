/* causes - every problem as who changes what, from the rules and the facts. */
#define _POSIX_C_SOURCE 200809L
#include "causes.h"

#include <stdio.h>
#include <string.h>

#include "headline.h"
#include "rules/generic.h"
#include "util/clock.h"
#include "util/help.h"
#include "util/names.h"

#define WORDS "causes.txt"
#define BIT(id) (1u << (id))
/* the rules that read the PTR answer: an old cached answer explains them */
#define PTR_RULES                                                                                              \
	(BIT(RULE_PTR_EXISTS) | BIT(RULE_PTR_SINGLE) | BIT(RULE_PTR_HOSTNAME) | BIT(RULE_PTR_FORWARD) |        \
	 BIT(RULE_FCRDNS) | BIT(RULE_PTR_NOT_GENERIC) | BIT(RULE_HELO_MATCHES_PTR))

/* The work of one causes_find: the facts, the causes so far, the rules
 * they clear. */
struct finder {
	const struct cause_facts *f;
	struct causes *out;
	unsigned cleared;
};

/* Who changes the PTR of an address, and where. */
struct owner {
	enum cause_who who;
	char name[CAUSE_TEXT_MAX];
	char where[CAUSE_TEXT_MAX];
	char zone[CAUSE_TEXT_MAX];
	char server[CAUSE_TEXT_MAX];
};

/* The values a sentence of help/causes.txt may name besides the cause's own. */
struct extras {
	const char *ip, *zone, *server, *until, *refusals, *name, *answers;
};

static enum rule_status status_of(const struct finder *k, enum rule_id id)
{
	return k->f->rules->rules[id].status;
}

/* open - the rule is a problem no cause clears yet. */
static bool open(const struct finder *k, enum rule_id id)
{
	enum rule_status s = status_of(k, id);
	return (s == RULE_WARN || s == RULE_FAIL || s == RULE_ERROR) && !(k->cleared & BIT(id));
}

/* open_bits - of the rules in mask, those still open. */
static unsigned open_bits(const struct finder *k, unsigned mask)
{
	unsigned bits = 0;
	for (int id = 0; id < RULE_COUNT; id++)
		if ((mask & BIT(id)) && open(k, (enum rule_id)id))
			bits |= BIT(id);
	return bits;
}

/* put - a value into a cause's field, terminal-safe. */
static void put(char *field, const char *value)
{
	names_escape(value ? value : "", field, CAUSE_TEXT_MAX);
}

/* put_name - a DNS name as prose and as panels take it: no trailing dot. */
static void put_name(char *field, const char *name)
{
	char plain[EVIDENCE_NAME_MAX];
	put(field, names_strip_dot(name, plain, sizeof plain));
}

static const char *family_type(const struct ip_address *ip)
{
	return ip->family == AF_INET6 ? "AAAA" : "A";
}

/* words - the sentence under key in help/causes.txt, filled in. */
static void words(const struct cause *c, const struct extras *x, const char *key, char *out, size_t size)
{
	char raw[CAUSE_TEXT_MAX * 2];
	if (!help_line(WORDS, key, raw, sizeof raw)) {
		snprintf(out, size, "(%s)", key); /* tests/labs finds any such left in a cause */
		return;
	}
	const char *keys[] = {"who", "ip", "record", "type", "old", "new", "where", "zone", "server", "until",
			      "refusals", "name", "answers", "family"};
	const char *values[] = {c->who_name, x->ip ? x->ip : c->address, c->record, c->type,
				c->old_value[0] ? c->old_value : "none",
				c->new_value, c->where, x->zone, x->server, x->until, x->refusals, x->name, x->answers,
				strchr(x->ip ? x->ip : c->address, ':') ? "AAAA" : "A"};
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
		values[i] = values[i] ? values[i] : "";
	help_expand(raw, keys, values, sizeof keys / sizeof keys[0], out, size);
}

void cause_words(const struct cause *c, const char *key, char *out, size_t size)
{
	struct extras x = {0};
	words(c, &x, key, out, size);
}

/* say - the cause's why and whole sentence: what (ACTION.WHO), then why. */
static void say(struct cause *c, const struct extras *x, const char *what, const char *why)
{
	char key[64], first[CAUSE_TEXT_MAX * 2 - 16];
	c->kind = what;
	snprintf(key, sizeof key, "%s.%s", what, cause_who_id(c->who));
	if (!help_line(WORDS, key, first, 1)) /* one sentence for the provider and a zone's operator */
		snprintf(key, sizeof key, "%s.%s", what, c->who == CAUSE_BY_PROVIDER ? "operator" : cause_who_id(c->who));
	words(c, x, key, first, sizeof first);
	snprintf(key, sizeof key, "why.%s", why);
	words(c, x, key, c->why, sizeof c->why);
	snprintf(c->text, sizeof c->text, "%s Why: %s", first, c->why);
}

static struct cause *add(struct finder *k, unsigned rules, enum cause_who who, enum cause_action action)
{
	if (k->out->count == CAUSES_MAX)
		return NULL;
	struct cause *c = &k->out->items[k->out->count++];
	memset(c, 0, sizeof *c);
	c->rules = rules;
	c->who = who;
	c->action = action;
	put(c->who_name, who >= CAUSE_BY_YOU_ZONE && who <= CAUSE_BY_YOU_MAIL ? "you" : "nobody");
	snprintf(c->address, sizeof c->address, "%s", k->f->ip->text);
	k->cleared |= rules;
	return c;
}

/* user_domain - the domain the user's names live in: the parent of the
 * HELO, else of the PTR name wanted; "" when neither is a full name. */
static void user_domain(const struct cause_facts *f, char *buf, size_t size)
{
	const char *name = f->helo && names_helo_kind(f->helo, NULL) == HELO_FQDN ? f->helo : causes_ptr_name(f);
	const char *dot = name ? strchr(name, '.') : NULL;
	snprintf(buf, size, "%s", dot && strchr(dot + 1, '.') ? dot + 1 : "");
}

/* served_by_user - the name server of the reverse zone that lives in the
 * user's own domain, or NULL. */
static const char *served_by_user(const struct cause_facts *f)
{
	char domain[EVIDENCE_NAME_MAX];
	user_domain(f, domain, sizeof domain);
	if (!domain[0])
		return NULL;
	for (size_t i = 0; i < f->ev->zone_ns_count; i++)
		if (names_in_zone(f->ev->zone_ns[i], domain))
			return f->ev->zone_ns[i];
	return f->ev->zone_primary[0] && names_in_zone(f->ev->zone_primary, domain) ? f->ev->zone_primary : NULL;
}

/* contact - an SOA RNAME as a mail address: hostmaster.example.com. is
 * hostmaster@example.com. */
static void contact(const char *rname, char *buf, size_t size)
{
	char plain[EVIDENCE_NAME_MAX];
	names_strip_dot(rname, plain, sizeof plain);
	char *dot = plain;
	while ((dot = strchr(dot, '.')) && dot > plain && dot[-1] == '\\')
		dot++;
	if (dot)
		*dot = '@';
	snprintf(buf, size, "%s", plain);
}

/* ptr_owner - who changes the PTR of the address checked (or of another
 * address of the server: other true, the reverse zone then unknown). */
static void ptr_owner(const struct cause_facts *f, const char *ip, bool other, struct owner *o)
{
	const struct evidence *ev = f->ev;
	const char *mine = other ? NULL : served_by_user(f);
	memset(o, 0, sizeof *o);
	put_name(o->zone, ev->zone[0] && !other ? ev->zone : "");
	if (mine) {
		o->who = CAUSE_BY_YOU_ZONE;
		put_name(o->server, mine);
	} else if (f->provider && strcmp(f->provider->id, "other") != 0) {
		o->who = CAUSE_BY_PROVIDER;
		put(o->name, f->provider->name);
		put(o->where, f->provider->where);
	} else if (ev->zone[0] && !other) {
		char mail[EVIDENCE_NAME_MAX], text[3 * CAUSE_TEXT_MAX];
		contact(ev->zone_rname, mail, sizeof mail);
		snprintf(text, sizeof text, "the operator of %s (%s)", o->zone, mail);
		o->who = CAUSE_BY_OPERATOR;
		put(o->name, text);
	} else {
		char text[CAUSE_TEXT_MAX];
		snprintf(text, sizeof text, "the holder of %s (your hosting provider or ISP)", ip);
		o->who = CAUSE_BY_OPERATOR;
		put(o->name, text);
	}
}

/* owner_cause - a new cause of the PTR's owner. */
static struct cause *owner_cause(struct finder *k, const struct owner *o, unsigned rules, enum cause_action action)
{
	struct cause *c = add(k, rules, o->who, action);
	if (c && o->who != CAUSE_BY_YOU_ZONE)
		memcpy(c->who_name, o->name, sizeof c->who_name);
	if (c && o->who == CAUSE_BY_YOU_ZONE) {
		char where[3 * CAUSE_TEXT_MAX];
		snprintf(where, sizeof where, "the zone %s on your name server %s", o->zone, o->server);
		put(c->where, where);
	} else if (c) {
		memcpy(c->where, o->where, sizeof c->where);
	}
	return c;
}

/* ptr_record - the owner name where the PTR of the address lives
 * (the CNAME's target under RFC 2317). */
static void ptr_record(const struct cause_facts *f, char *buf, size_t size)
{
	char reverse[EVIDENCE_NAME_MAX];
	if (f->ev->cname_target[0] || !names_reverse(f->ip, reverse, sizeof reverse))
		snprintf(reverse, sizeof reverse, "%s", f->ev->cname_target);
	snprintf(buf, size, "%s", reverse);
}

static bool is_generic(const struct cause_facts *f, const char *name)
{
	char why[700], servers[2 * EVIDENCE_NAME_MAX + 40];
	struct generic_owner owner;
	rules_generic_owner(f->helo, f->ev, &owner, servers, sizeof servers);
	return generic_name_judge(name, f->ip, &owner, why, sizeof why) != GENERIC_NO;
}

/* own_name - a name fit for a PTR and a HELO: valid for every receiver
 * (no underscore, which Exim refuses) and not a provider's default. */
static bool own_name(const struct cause_facts *f, const char *name)
{
	char plain[EVIDENCE_NAME_MAX];
	names_strip_dot(name, plain, sizeof plain);
	return names_valid_hostname(plain, false) && !strchr(plain, '_') && !is_generic(f, name);
}

const char *causes_ptr_name(const struct cause_facts *f)
{
	const struct evidence *ev = f->ev;
	bool helo_full = f->helo && names_helo_kind(f->helo, NULL) == HELO_FQDN && own_name(f, f->helo);
	if (helo_full && ev->helo_has_ip)
		return f->helo;
	for (size_t i = 0; ev->ptr == OUTCOME_FOUND && i < ev->target_count; i++)
		if (ev->targets[i].confirms && ev->targets[i].postfix_valid && own_name(f, ev->targets[i].name))
			return ev->targets[i].name;
	return helo_full ? f->helo : NULL;
}

/* confirming_name - a PTR name that resolves back and is a server's own
 * name, or NULL. */
static const char *confirming_name(const struct cause_facts *f)
{
	for (size_t i = 0; f->ev->ptr == OUTCOME_FOUND && i < f->ev->target_count; i++) {
		const struct ptr_target *t = &f->ev->targets[i];
		if (t->confirms && t->postfix_valid && own_name(f, t->name))
			return t->name;
	}
	return NULL;
}

/* wanted_confirms - the name wanted in the PTR resolves to the address. */
static bool wanted_confirms(const struct cause_facts *f, const char *wanted)
{
	if (f->helo && names_equal(wanted, f->helo))
		return f->ev->helo_has_ip;
	for (size_t i = 0; i < f->ev->target_count; i++)
		if (names_equal(f->ev->targets[i].name, wanted))
			return f->ev->targets[i].confirms;
	return false;
}

static const char *const placeholder = "your server's full name (such as mail.yourdomain.example)";

/* refusals - who refuses mail from address ("" the one checked), in words. */
static void refusals(const struct finder *k, const char *address, char *buf, size_t size)
{
	const struct predictions *p = address[0] ? k->f->other_predictions : k->f->predictions;
	headline_refusals(p, address, buf, size);
}

/* forward_add - the address record that makes the wanted name resolve back. */
static void forward_add(struct finder *k, const char *wanted, unsigned rules)
{
	if (!wanted || wanted_confirms(k->f, wanted))
		return;
	struct cause *c = add(k, rules, CAUSE_BY_YOU_DNS, CAUSE_ADD);
	if (!c)
		return;
	put_name(c->record, wanted);
	snprintf(c->type, sizeof c->type, "%s", family_type(k->f->ip));
	put(c->new_value, k->f->ip->text);
	struct extras x = {.ip = k->f->ip->text};
	say(c, &x, "forward-add", "forward-add");
}

/* set_ptr - the PTR of the address checked set to wanted: old is what it
 * is today ("" none), why a key of help/causes.txt. */
static void set_ptr(struct finder *k, unsigned rules, const char *old, const char *why)
{
	const char *wanted = causes_ptr_name(k->f);
	struct owner o;
	ptr_owner(k->f, k->f->ip->text, false, &o);
	struct cause *c = owner_cause(k, &o, rules, old[0] ? CAUSE_CHANGE : CAUSE_ADD);
	if (!c)
		return;
	char record[CAUSE_TEXT_MAX], refused[CAUSE_TEXT_MAX], name[CAUSE_TEXT_MAX];
	ptr_record(k->f, record, sizeof record);
	put(c->record, record);
	snprintf(c->type, sizeof c->type, "PTR");
	put_name(c->old_value, old);
	if (wanted)
		put_name(c->new_value, wanted);
	else
		put(c->new_value, placeholder);
	refusals(k, "", refused, sizeof refused);
	put_name(name, old);
	struct extras x = {.ip = k->f->ip->text, .zone = o.zone, .server = o.server, .refusals = refused, .name = name};
	say(c, &x, "ptr-set", why);
	char own[CAUSE_TEXT_MAX];
	if (k->f->provider && provider_next(k->f->provider, k->f->ip->text, c->new_value, own, sizeof own)) {
		/* a home line, a hosted sender: nobody to ask, the user acts */
		c->who = CAUSE_BY_YOU_MAIL;
		c->kind = "provider-next";
		put(c->who_name, "you");
		snprintf(c->text, sizeof c->text, "%s Why: %s", own, c->why);
		return;
	}
	forward_add(k, wanted, rules & (BIT(RULE_FCRDNS) | BIT(RULE_PTR_FORWARD)));
}

/* find_private - a private address: nothing else matters. */
static bool find_private(struct finder *k)
{
	if (status_of(k, RULE_IP_PUBLIC) != RULE_FAIL)
		return false;
	struct cause *c = add(k, ~0u & (BIT(RULE_COUNT) - 1), CAUSE_BY_YOU_MAIL, CAUSE_CHANGE);
	put(c->record, "the address checked");
	put(c->old_value, names_ip_kind_name(names_ip_kind(k->f->ip)));
	struct extras x = {.ip = k->f->ip->text};
	say(c, &x, "private", "private");
	return true;
}

/* find_wait - the zone serves the fix, only caches hold the old answer. */
static bool find_wait(struct finder *k)
{
	const struct cache_view *cv = &k->f->ev->cache;
	if (!cv->compared || cv->current)
		return false;
	const char *wanted = causes_ptr_name(k->f);
	bool fixed = cv->authoritative[0] && (!wanted || strstr(cv->authoritative, wanted));
	struct cause *c = add(k, BIT(RULE_CACHE_CURRENT) | (fixed ? open_bits(k, PTR_RULES) : 0), CAUSE_BY_NOBODY,
			      CAUSE_WAIT);
	if (!c)
		return false;
	char until[16];
	clock_local(cv->expires, false, until, sizeof until);
	put(c->record, "the resolvers' cached PTR answer");
	put_name(c->old_value, cv->negative || !cv->resolver[0] ? "no PTR" : cv->resolver);
	put_name(c->new_value, cv->authoritative[0] ? cv->authoritative : "no PTR");
	char server[CAUSE_TEXT_MAX];
	put_name(server, cv->server);
	struct extras x = {.ip = k->f->ip->text, .server = server, .until = until};
	say(c, &x, "wait", "cached");
	return fixed;
}

/* find_ptr_missing - no PTR (fail), or the lookup failed (error). */
static void find_ptr_missing(struct finder *k)
{
	if (!open(k, RULE_PTR_EXISTS))
		return;
	unsigned rules = open_bits(k, BIT(RULE_PTR_EXISTS) | BIT(RULE_FCRDNS) | BIT(RULE_PTR_FORWARD));
	if (status_of(k, RULE_PTR_EXISTS) == RULE_FAIL) {
		set_ptr(k, rules, "", "ptr-missing");
		return;
	}
	struct owner o;
	ptr_owner(k->f, k->f->ip->text, false, &o);
	/* the same failure is why some lookups got no answer, and, when it is
	 * the zone's DNSSEC, why the dnssec rule fails */
	struct cause *c = owner_cause(k, &o, rules | open_bits(k, BIT(RULE_DNS_COMPLETE) | BIT(RULE_DNSSEC)), CAUSE_REPAIR);
	if (!c)
		return;
	char record[CAUSE_TEXT_MAX], refused[CAUSE_TEXT_MAX];
	ptr_record(k->f, record, sizeof record);
	put(c->record, record);
	snprintf(c->type, sizeof c->type, "PTR");
	char failure[RULE_FINDING_MAX];
	snprintf(failure, sizeof failure, "%s", k->f->rules->rules[RULE_PTR_EXISTS].finding);
	char *verdictless = strstr(failure, ": no decision");
	if (verdictless)
		*verdictless = '\0';
	put(c->old_value, failure);
	refusals(k, "", refused, sizeof refused);
	struct extras x = {.ip = k->f->ip->text, .zone = o.zone[0] ? o.zone : "the reverse zone", .refusals = refused};
	const struct servfail_view *v = &k->f->ev->ptr_servfail;
	if (v->cause == SERVFAIL_DNSSEC) { /* the PTR is there: its zone's signatures are what to fix */
		put(c->new_value, v->answer);
		x.answers = v->ede[0] ? v->ede : "the resolver gives no reason";
		say(c, &x, "zone-resign", "dnssec");
		return;
	}
	say(c, &x, "zone-repair", "repair");
}

/* find_two_ptrs - several PTRs, some leading back: remove the others. */
static bool find_two_ptrs(struct finder *k)
{
	const struct evidence *ev = k->f->ev;
	const char *keep = causes_ptr_name(k->f);
	if (ev->target_count < 2 || !keep || !wanted_confirms(k->f, keep) ||
	    !(open(k, RULE_PTR_SINGLE) || open(k, RULE_FCRDNS)))
		return false;
	char drop[CAUSE_TEXT_MAX] = "";
	for (size_t i = 0; i < ev->target_count; i++) {
		char plain[EVIDENCE_NAME_MAX];
		if (names_equal(ev->targets[i].name, keep))
			continue;
		size_t used = strlen(drop);
		snprintf(drop + used, sizeof drop - used, "%s%s", used ? ", " : "",
			 names_strip_dot(ev->targets[i].name, plain, sizeof plain));
	}
	struct owner o;
	ptr_owner(k->f, k->f->ip->text, false, &o);
	struct cause *c = owner_cause(k, &o, open_bits(k, BIT(RULE_PTR_SINGLE) | BIT(RULE_FCRDNS)), CAUSE_REMOVE);
	if (!c)
		return true;
	char record[CAUSE_TEXT_MAX], refused[CAUSE_TEXT_MAX];
	ptr_record(k->f, record, sizeof record);
	put(c->record, record);
	snprintf(c->type, sizeof c->type, "PTR");
	put(c->old_value, drop);
	put_name(c->new_value, keep);
	refusals(k, "", refused, sizeof refused);
	struct extras x = {.ip = k->f->ip->text, .zone = o.zone, .server = o.server, .refusals = refused};
	say(c, &x, "ptr-remove", "two-ptrs");
	return true;
}

/* find_name_elsewhere - the one PTR name does not lead back: its address
 * record is changed when the name is the user's, else the PTR. */
static void find_name_elsewhere(struct finder *k)
{
	const struct cause_facts *f = k->f;
	if (f->ev->ptr != OUTCOME_FOUND || f->ev->target_count == 0 ||
	    !(open(k, RULE_FCRDNS) || open(k, RULE_PTR_FORWARD) || open(k, RULE_PTR_HOSTNAME)) ||
	    status_of(k, RULE_FCRDNS) == RULE_ERROR)
		return;
	const struct ptr_target *t = &f->ev->targets[0];
	unsigned rules = open_bits(k, BIT(RULE_FCRDNS) | BIT(RULE_PTR_FORWARD) | BIT(RULE_PTR_HOSTNAME));
	bool helo_better = f->helo && f->ev->helo_has_ip && !names_equal(f->helo, t->name) &&
			   names_helo_kind(f->helo, NULL) == HELO_FQDN && own_name(f, f->helo);
	if (helo_better || !own_name(f, t->name) || t->confirms) {
		const char *why = !t->postfix_valid || strchr(t->name, '_') ? "ptr-invalid"
				  : t->confirms && t->forward_via_cname ? "alias"
				  : is_generic(f, t->name) ? "generic" : "ptr-elsewhere";
		set_ptr(k, rules | open_bits(k, BIT(RULE_PTR_NOT_GENERIC) | BIT(RULE_HELO_MATCHES_PTR)), t->name, why);
		return;
	}
	bool moved = t->forward == OUTCOME_FOUND && t->addresses[0];
	struct cause *c = add(k, rules, CAUSE_BY_YOU_DNS, moved ? CAUSE_CHANGE : CAUSE_ADD);
	if (!c)
		return;
	put_name(c->record, t->name);
	snprintf(c->type, sizeof c->type, "%s", family_type(f->ip));
	put(c->old_value, moved ? t->addresses : "");
	put(c->new_value, f->ip->text);
	struct extras x = {.ip = f->ip->text};
	say(c, &x, moved ? "forward-change" : "forward-add", moved ? "forward-moved" : "forward-add");
}

/* find_generic - a provider's default name: the PTR set to the user's. */
static void find_generic(struct finder *k)
{
	if (!open(k, RULE_PTR_NOT_GENERIC) || k->f->ev->target_count == 0)
		return;
	const char *wanted = causes_ptr_name(k->f);
	unsigned rules = BIT(RULE_PTR_NOT_GENERIC);
	if (wanted && k->f->helo && names_equal(wanted, k->f->helo))
		rules |= open_bits(k, BIT(RULE_HELO_MATCHES_PTR));
	set_ptr(k, rules, k->f->ev->targets[0].name, "generic");
}

/* set_helo - the mail server's HELO set to name (NULL: a placeholder). */
static void set_helo(struct finder *k, unsigned rules, const char *name, const char *why)
{
	struct cause *c = add(k, rules, CAUSE_BY_YOU_MAIL, CAUSE_SET);
	if (!c)
		return;
	c->setting = true;
	put(c->record, "HELO name");
	put(c->old_value, k->f->helo);
	if (name)
		put_name(c->new_value, name);
	else
		put(c->new_value, placeholder);
	char refused[CAUSE_TEXT_MAX];
	refusals(k, "", refused, sizeof refused);
	struct extras x = {.ip = k->f->ip->text, .refusals = refused};
	words(c, &x, "helo-where", c->where, sizeof c->where);
	say(c, &x, "helo-set", why);
}

static void find_helo(struct finder *k)
{
	const char *ptr_name = confirming_name(k->f);
	unsigned helo_rules = BIT(RULE_HELO_FQDN) | BIT(RULE_HELO_RESOLVES) | (ptr_name ? BIT(RULE_HELO_MATCHES_PTR) : 0);
	if (open(k, RULE_HELO_FQDN)) {
		set_helo(k, open_bits(k, helo_rules), ptr_name, "helo-bare");
	} else if (open(k, RULE_HELO_RESOLVES) && status_of(k, RULE_HELO_RESOLVES) == RULE_FAIL) {
		if (ptr_name) {
			set_helo(k, open_bits(k, helo_rules), ptr_name, "helo-unresolved");
		} else {
			struct cause *c = add(k, BIT(RULE_HELO_RESOLVES), CAUSE_BY_YOU_DNS, CAUSE_ADD);
			if (!c)
				return;
			put_name(c->record, k->f->helo);
			snprintf(c->type, sizeof c->type, "%s", family_type(k->f->ip));
			put(c->new_value, k->f->ip->text);
			char refused[CAUSE_TEXT_MAX];
			refusals(k, "", refused, sizeof refused);
			struct extras x = {.ip = k->f->ip->text, .refusals = refused};
			say(c, &x, "forward-add", "helo-add");
		}
	} else if (open(k, RULE_HELO_MATCHES_PTR) && ptr_name && k->f->ev->helo_kind == HELO_FQDN) {
		set_helo(k, BIT(RULE_HELO_MATCHES_PTR), ptr_name, "helo-differs");
	} else if (k->f->helo && k->f->ev->helo_kind == HELO_FQDN && k->f->helo[strlen(k->f->helo) - 1] == '.') {
		/* Postfix looks the HELO up as written: a trailing dot finds no host */
		char plain[EVIDENCE_NAME_MAX];
		set_helo(k, 0, names_strip_dot(k->f->helo, plain, sizeof plain), "helo-dot");
	} else if (k->f->ev->helo_kind == HELO_ADDRESS_LITERAL && ptr_name) {
		set_helo(k, open_bits(k, BIT(RULE_HELO_MATCHES_PTR)), ptr_name, "helo-literal");
	}
}

/* find_ipv6 - each other address without a PTR that leads back. */
static void find_ipv6(struct finder *k)
{
	if (!open(k, RULE_IPV6_PTR))
		return;
	const char *wanted = causes_ptr_name(k->f);
	for (size_t i = 0; i < k->f->ev->other_count; i++) {
		const struct other_address *oa = &k->f->ev->others[i];
		bool bad = oa->ptr == OUTCOME_NONE || (oa->ptr == OUTCOME_FOUND && oa->forward != OUTCOME_TEMP && !oa->confirms);
		struct ip_address addr;
		if (!bad || names_parse_ip(oa->address, &addr) != NAMES_OK)
			continue;
		struct owner o;
		ptr_owner(k->f, addr.text, true, &o);
		struct cause *c = owner_cause(k, &o, BIT(RULE_IPV6_PTR), oa->ptr == OUTCOME_FOUND ? CAUSE_CHANGE : CAUSE_ADD);
		if (!c)
			return;
		char reverse[EVIDENCE_NAME_MAX] = "", refused[CAUSE_TEXT_MAX], name[CAUSE_TEXT_MAX];
		names_reverse(&addr, reverse, sizeof reverse);
		put(c->record, reverse);
		snprintf(c->type, sizeof c->type, "PTR");
		snprintf(c->address, sizeof c->address, "%s", addr.text);
		put_name(c->old_value, oa->ptr == OUTCOME_FOUND ? oa->ptr_name : "");
		put_name(c->new_value, wanted ? wanted : placeholder);
		put_name(name, wanted ? wanted : "your server's name");
		refusals(k, addr.text, refused, sizeof refused);
		c->refusal = headline_address_refused(k->f->other_predictions, addr.text);
		struct extras x = {.ip = addr.text, .refusals = refused, .name = name};
		say(c, &x, "ptr-set", "ipv6");
		words(c, &x, "ipv6-instead", c->instead, sizeof c->instead);
	}
}

/* stale_or_lame - the server of z behind the newest, else the first lame one. */
static const struct authority_server *stale_or_lame(const struct zone_authority *z, bool *stale)
{
	const struct authority_server *newest = &z->servers[z->newest];

	for (size_t i = 0; i < z->server_count; i++) {
		const struct authority_server *s = &z->servers[i];
		*stale = s->health == SERVER_GOOD && ((s->has_serial && newest->has_serial && s->serial != newest->serial) ||
						      strcmp(s->answers, newest->answers) != 0);
		if (*stale)
			return s;
	}
	for (size_t i = 0; i < z->server_count; i++)
		if (authority_server_lame(&z->servers[i]))
			return &z->servers[i];
	return NULL;
}

/* find_servers - a zone's server behind the others, or lame. */
static void find_servers(struct finder *k)
{
	for (int role = 0; role < ZONE_ROLE_COUNT && open(k, RULE_AUTH_AGREE); role++) {
		const struct zone_authority *z = &k->f->ev->authority[role];
		bool stale = false;
		/* a zone that answers only the resolver here is this network's limit */
		const struct authority_server *s = z->asked && !rules_zone_unreachable(k->f->ev, (enum zone_role)role)
							   ? stale_or_lame(z, &stale)
							   : NULL;
		if (!s)
			continue;
		struct owner o;
		ptr_owner(k->f, k->f->ip->text, false, &o);
		if (role != ZONE_REVERSE || o.who == CAUSE_BY_YOU_ZONE)
			o.who = CAUSE_BY_YOU_ZONE;
		struct cause *c = owner_cause(k, &o, BIT(RULE_AUTH_AGREE), CAUSE_REPAIR);
		if (!c)
			return;
		char server[CAUSE_TEXT_MAX], zone[CAUSE_TEXT_MAX], answers[CAUSE_TEXT_MAX];
		snprintf(server, sizeof server, "%s (%s)", s->name, s->address);
		put_name(zone, z->zone);
		put(c->record, server);
		char serial[24];
		snprintf(serial, sizeof serial, "%u", s->serial);
		put(c->old_value, stale ? serial : authority_health_name(s->health));
		snprintf(serial, sizeof serial, "%u", z->servers[z->newest].serial);
		put(c->new_value, stale ? serial : "");
		put(answers, s->answers[0] ? s->answers : "no records");
		struct extras x = {.ip = k->f->ip->text, .zone = zone, .server = server, .answers = answers};
		say(c, &x, stale ? "server-stale" : "server-lame", stale ? "stale" : "lame");
	}
}

/* find_leftovers - a rule no cause explains: DNS that did not answer. */
static void find_leftovers(struct finder *k)
{
	for (int id = 0; id < RULE_COUNT; id++) {
		if (!open(k, (enum rule_id)id))
			continue;
		bool failed = status_of(k, (enum rule_id)id) == RULE_ERROR || id == RULE_DNS_COMPLETE;
		struct cause *c = add(k, BIT(id), CAUSE_BY_NOBODY, failed ? CAUSE_WAIT : CAUSE_REPAIR);
		if (!c)
			return;
		char finding[RULE_FINDING_MAX];
		snprintf(finding, sizeof finding, "%s", k->f->rules->rules[id].finding);
		char *verdictless = strstr(finding, ": no decision");
		if (verdictless)
			*verdictless = '\0';
		put(c->old_value, finding);
		char refused[CAUSE_TEXT_MAX];
		refusals(k, "", refused, sizeof refused);
		struct extras x = {.ip = k->f->ip->text, .refusals = refused};
		say(c, &x, failed ? "retry" : "fallback", failed ? "retry" : "refused");
	}
}

static int popcount(unsigned bits)
{
	int n = 0;
	for (; bits; bits &= bits - 1)
		n++;
	return n;
}

/* mark_refusals - each cause that clears a rule that fails while receivers refuse
 * mail from the address checked. */
static void mark_refusals(struct finder *k)
{
	bool refused = headline_address_refused(k->f->predictions, "");
	for (size_t i = 0; i < k->out->count; i++) {
		struct cause *c = &k->out->items[i];
		for (int id = 0; id < RULE_COUNT && refused && !c->refusal; id++)
			c->refusal = (c->rules & BIT(id)) && (status_of(k, (enum rule_id)id) == RULE_FAIL ||
							      status_of(k, (enum rule_id)id) == RULE_ERROR);
	}
}

static int by_weight(const void *a, const void *b)
{
	const struct cause *x = a, *y = b;
	if (x->refusal != y->refusal)
		return x->refusal ? -1 : 1;
	/* a cause that needs another first (an address record for the PTR to
	 * name) follows it: the equal weights keep the order found */
	return popcount(y->rules) - popcount(x->rules);
}

void causes_find(const struct cause_facts *facts, struct causes *out)
{
	struct finder k = {facts, out, 0};
	memset(out, 0, sizeof *out);
	if (find_private(&k))
		return;
	find_wait(&k);
	find_ptr_missing(&k);
	if (!find_two_ptrs(&k))
		find_name_elsewhere(&k);
	find_generic(&k);
	find_helo(&k);
	find_ipv6(&k);
	find_servers(&k);
	find_leftovers(&k);
	mark_refusals(&k);
	/* qsort is not stable: sort (weight, index) pairs by hand, few items */
	for (size_t i = 1; i < out->count; i++)
		for (size_t j = i; j > 0 && by_weight(&out->items[j - 1], &out->items[j]) > 0; j--) {
			struct cause t = out->items[j];
			out->items[j] = out->items[j - 1];
			out->items[j - 1] = t;
		}
}

bool cause_for_ticket(const struct cause *c)
{
	return c->who == CAUSE_BY_PROVIDER || c->who == CAUSE_BY_OPERATOR;
}

const char *cause_who_id(enum cause_who who)
{
	static const char *const ids[] = {"provider", "operator", "you-zone", "you-dns", "you-mail", "nobody"};
	return who <= CAUSE_BY_NOBODY ? ids[who] : "?";
}

const char *cause_action_name(enum cause_action action)
{
	static const char *const names[] = {"add", "change", "remove", "set", "repair", "wait"};
	return action <= CAUSE_WAIT ? names[action] : "?";
}
