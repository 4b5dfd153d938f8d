/* mta_advice - what to change in the mail server's own configuration. */
#define _POSIX_C_SOURCE 200809L
#include "mta_advice.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static bool problem(const struct findings *f, enum rule_id id)
{
	enum rule_status st = f->rules.rules[id].status;
	return st == RULE_FAIL || st == RULE_WARN || st == RULE_ERROR;
}

/* confirmed_name - the first PTR name that resolves back to the address
 * and is a valid host name, without its trailing dot; NULL if none. */
static const char *confirmed_name(const struct findings *f, char *buf, size_t size)
{
	for (size_t i = 0; i < f->evidence.target_count && i < EVIDENCE_TARGETS_MAX; i++) {
		const struct ptr_target *t = &f->evidence.targets[i];
		if (t->confirms && t->postfix_valid)
			return names_strip_dot(t->name, buf, size);
	}
	return NULL;
}

static void add(struct mta_change *out, size_t max, size_t *n, const char *line, const char *fmt, ...)
{
	if (*n >= max)
		return;
	struct mta_change *c = &out[(*n)++];
	snprintf(c->line, sizeof c->line, "%s", line);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->why, sizeof c->why, fmt, ap);
	va_end(ap);
}

/* in_master_cf - Postfix's value came from a -o of the smtp service, which
 * main.cf cannot override: the change goes there too. */
static bool in_master_cf(const char *source)
{
	return strncmp(source, "master.cf", 9) == 0;
}

static void helo_line(const struct detection *d, const char *name, char *line, size_t size)
{
	switch (d->mta.kind) {
	case MTA_POSTFIX:
		if (in_master_cf(d->mta.helo_source))
			snprintf(line, size, "postconf -P 'smtp/unix/smtp_helo_name=%s' && postfix reload", name);
		else
			snprintf(line, size, "postconf -e 'smtp_helo_name = %s' && postfix reload", name);
		break;
	case MTA_EXIM:
		snprintf(line, size, "helo_data = %s   (in the remote_smtp transport; Debian: REMOTE_SMTP_HELO_DATA = %s "
				     "in /etc/exim4/exim4.conf.localmacros, then update-exim4.conf)", name, name);
		break;
	case MTA_OPENSMTPD:
		snprintf(line, size, "action \"outbound\" relay helo %s   (smtpd.conf: add helo to the relay action)", name);
		break;
	case MTA_SENDMAIL:
		snprintf(line, size, "define(`confDOMAIN_NAME', `%s')dnl   (sendmail.mc, then rebuild sendmail.cf)", name);
		break;
	case MTA_NONE:
		snprintf(line, size, "HELO name: %s   (in your mail server's settings)", name);
		break;
	}
}

static void ipv4_only_line(enum mta_kind kind, char *line, size_t size)
{
	if (kind == MTA_POSTFIX)
		snprintf(line, size, "postconf -e 'inet_protocols = ipv4' && postfix reload");
	else if (kind == MTA_EXIM)
		snprintf(line, size, "disable_ipv6 = true   (in the main section of Exim's configuration)");
	else
		snprintf(line, size, "turn IPv6 off in your mail server's settings");
}

/* stable_v6 - a global IPv6 address here that is not temporary. */
static const struct detected_address *stable_v6(const struct detection *d)
{
	for (size_t i = 0; i < d->address_count; i++) {
		const struct detected_address *a = &d->addresses[i];
		if (a->ip.family == AF_INET6 && a->public && !a->temporary)
			return a;
	}
	return NULL;
}

static void bind6_line(enum mta_kind kind, const char *address, char *line, size_t size)
{
	if (kind == MTA_POSTFIX)
		snprintf(line, size, "postconf -e 'smtp_bind_address6 = %s' && postfix reload", address);
	else if (kind == MTA_EXIM)
		snprintf(line, size, "interface = %s   (in the remote_smtp transport)", address);
	else
		snprintf(line, size, "send from %s   (your mail server's source address setting)", address);
}

bool mta_advice_bind(const struct detection *d, const struct ip_address *from, const struct ip_address *to,
		     struct mta_change *out)
{
	bool v6 = to->family == AF_INET6;
	switch (d->mta.kind) {
	case MTA_POSTFIX:
		if (in_master_cf(d->mta.bind_source))
			snprintf(out->line, sizeof out->line, "postconf -P 'smtp/unix/smtp_bind_address%s=%s' && postfix reload",
				 v6 ? "6" : "", to->text);
		else
			snprintf(out->line, sizeof out->line, "postconf -e 'smtp_bind_address%s = %s' && postfix reload",
				 v6 ? "6" : "", to->text);
		break;
	case MTA_EXIM:
		snprintf(out->line, sizeof out->line, "interface = %s   (in the remote_smtp transport)", to->text);
		break;
	case MTA_OPENSMTPD:
		snprintf(out->line, sizeof out->line, "action \"outbound\" relay src %s   (smtpd.conf)", to->text);
		break;
	case MTA_SENDMAIL:
		snprintf(out->line, sizeof out->line,
			 "define(`confCLIENT_OPTIONS', `Family=inet%s, Addr=%s')dnl   (sendmail.mc)", v6 ? "6" : "",
			 to->text);
		break;
	case MTA_NONE:
		return false;
	}
	snprintf(out->why, sizeof out->why, "%s, another address of this machine, has a PTR that resolves back; %s "
					    "has not. Sending from %s passes what %s fails (and is the quicker fix when "
					    "the PTR of %s is not yours to set).", to->text, from->text, to->text,
		 from->text, from->text);
	return true;
}

size_t mta_advice(const struct detection *d, const struct ip_address *ip, const struct findings *f,
		  struct mta_change *out, size_t max)
{
	size_t n = 0;
	char name[EVIDENCE_NAME_MAX], line[400];
	const char *good = confirmed_name(f, name, sizeof name);
	enum mta_kind kind = d->mta.kind;
	bool helo_wrong = problem(f, RULE_HELO_FQDN) || problem(f, RULE_HELO_RESOLVES) || problem(f, RULE_HELO_MATCHES_PTR);
	if (helo_wrong && good && !names_equal(good, d->helo)) {
		char current[MTA_NAME_MAX + 100] = "an unset HELO";
		if (d->helo[0])
			snprintf(current, sizeof current, "the HELO %s (from %s)", d->helo,
				 d->mta.helo_source[0] ? d->mta.helo_source : "the configuration");
		helo_line(d, good, line, sizeof line);
		add(out, max, &n, line, "%s is the PTR name of %s and resolves back to it: said in HELO, it passes the "
					"HELO checks (Postfix's reject_unknown_helo_hostname, Exim's verify = helo) that "
					"%s fails.", good, ip->text, current);
	}
	const struct detected_address *stable = stable_v6(d);
	const struct detected_address *self = NULL;
	for (size_t i = 0; i < d->address_count; i++)
		if (names_ip_equal(&d->addresses[i].ip, ip))
			self = &d->addresses[i];
	if (self && self->temporary && stable) {
		bind6_line(kind, stable->ip.text, line, sizeof line);
		add(out, max, &n, line, "%s is a temporary IPv6 address that changes every day or so; %s stays, so its "
					"PTR can be set once and keeps working.", ip->text, stable->ip.text);
	}
	bool v6_unnamed = problem(f, RULE_PTR_EXISTS) || problem(f, RULE_FCRDNS);
	if (ip->family == AF_INET6 && v6_unnamed && (kind == MTA_NONE || d->mta.ipv4)) {
		ipv4_only_line(kind, line, sizeof line);
		add(out, max, &n, line, "A stop-gap while %s has no PTR that resolves back: mail then leaves over IPv4 "
					"only. It costs every receiver reachable only over IPv6%s; undo it once the PTR is "
					"set.", ip->text, kind == MTA_POSTFIX ? ", and Postfix stops accepting mail over IPv6 too" : "");
	}
	return n;
}
