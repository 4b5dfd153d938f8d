/* detect - the addresses and the HELO the mail server here sends with. */
#define _POSIX_C_SOURCE 200809L
#include "detect.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/textfile.h"

static void note(struct detection *d, const char *fmt, ...)
{
	if (d->note_count >= DETECT_NOTES_MAX)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d->notes[d->note_count++], DETECT_NOTE_MAX, fmt, ap);
	va_end(ap);
}

bool detect_helo_is_container_id(const char *helo)
{
	size_t n = strlen(helo);
	if (n != 12 && n != 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)helo[i]) || isupper((unsigned char)helo[i]))
			return false;
	return true;
}

bool detect_container(const char *root, char *evidence, size_t size)
{
	static const char *const files[] = {"/.dockerenv", "/run/.containerenv"};
	char path[512];
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s%s", root, files[i]);
		if (access(path, F_OK) == 0) {
			snprintf(evidence, size, "%s", files[i]);
			return true;
		}
	}
	static const char *const engines[] = {"docker", "kubepods", "containerd", "libpod", "lxc"};
	char *cgroup = NULL, err[200];
	snprintf(path, sizeof path, "%s/proc/1/cgroup", root);
	bool found = false;
	for (size_t i = 0; i < sizeof engines / sizeof engines[0] && !found; i++)
		if ((cgroup || textfile_read(path, 64 * 1024, &cgroup, err, sizeof err)) && strstr(cgroup, engines[i])) {
			snprintf(evidence, size, "/proc/1/cgroup (%s)", engines[i]);
			found = true;
		}
	free(cgroup);
	return found;
}

static void add(struct detection *d, const struct ip_address *ip, const char *source, bool sends,
		const struct sources *s)
{
	for (size_t i = 0; i < d->address_count; i++)
		if (names_ip_equal(&d->addresses[i].ip, ip)) {
			d->addresses[i].sends |= sends;
			return;
		}
	if (d->address_count >= DETECT_ADDRESSES_MAX)
		return;
	const struct source_address *on = sources_find(s, ip);
	d->addresses[d->address_count++] = (struct detected_address){
		*ip, source, names_ip_kind(ip) == IP_PUBLIC, sends, on && on->temporary};
}

/* family_sends - the MTA sends over the family (both when none is known). */
static bool family_sends(const struct mta_identity *mta, int i)
{
	return mta->kind == MTA_NONE || (i == 0 ? mta->ipv4 : mta->ipv6);
}

/* add_senders - per family: the bind addresses when set, else the
 * kernel's route choice. Through a relay nothing leaves for the internet
 * from here. */
static void add_senders(const struct mta_identity *mta, const struct sources *s, struct detection *d)
{
	bool relayed = mta->relayhost[0] != '\0';
	for (int i = 0; i < 2; i++) {
		int family = i == 0 ? AF_INET : AF_INET6;
		bool bound = false;
		for (size_t b = 0; b < mta->bind_count; b++)
			if (mta->binds[b].family == family) {
				add(d, &mta->binds[b], "bind", !relayed && family_sends(mta, i), s);
				bound = true;
			}
		if (!bound && s->routed[i])
			add(d, &s->route[i], "route", !relayed && family_sends(mta, i), s);
	}
	for (size_t k = 0; k < s->count; k++)
		add(d, &s->items[k].ip, "interface", false, s);
}

static void note_addresses(const struct mta_identity *mta, const struct sources *s, struct detection *d)
{
	for (size_t i = 0; i < d->address_count; i++) {
		const struct detected_address *a = &d->addresses[i];
		enum ip_kind kind = names_ip_kind(&a->ip);
		if (a->sends && (kind == IP_PRIVATE || kind == IP_CGNAT))
			note(d, "%s is a %s address: receivers see the address your router or provider translates it to, "
				"and that one's PTR is what counts. To find it, paste the Received header of a mail you "
				"sent (ptrdoctor explain).", a->ip.text, names_ip_kind_name(kind));
		else if (a->sends && !a->public)
			note(d, "%s is a %s address, not one of the internet: receivers never see it. Paste the Received "
				"header of a mail you sent (ptrdoctor explain) to find the one they see.", a->ip.text,
			     names_ip_kind_name(kind));
		if (a->sends && a->temporary)
			note(d, "%s is a temporary IPv6 address (privacy extensions): it changes every day or so, and no "
				"PTR can follow it. Bind the mail server to a stable address%s.", a->ip.text,
			     mta->kind == MTA_POSTFIX ? " (smtp_bind_address6)" : mta->kind == MTA_EXIM ? " (interface)" : "");
	}
	for (int i = 0; i < 2; i++)
		if (!s->routed[i] && family_sends(mta, i))
			note(d, "%s: mail goes out over IPv%d only.", s->route_problem[i], i == 0 ? 6 : 4);
	if (detect_sending_count(d) == 0 && !mta->relayhost[0])
		note(d, "No address here sends to the internet: no route, or every family turned off.");
}

static void note_helo(const struct mta_identity *mta, struct detection *d)
{
	const char *where = mta->helo_source[0] ? mta->helo_source : "the MTA";
	if (!d->helo[0])
		return;
	if (d->helo_container_id)
		note(d, "The HELO %s (from %s) is a container id, the host name Docker gives a container: receivers "
			"reject it. Set it to the PTR name of the sending address.", d->helo, where);
	else if (d->helo_kind == HELO_LOCALHOST)
		note(d, "The HELO %s (from %s) names every machine: receivers reject it. Set it to the PTR name of the "
			"sending address.", d->helo, where);
	else if (d->helo_kind == HELO_BARE_NAME)
		note(d, "The HELO %s (from %s) has no domain: Postfix's reject_non_fqdn_helo_hostname rejects it. Set it "
			"to the PTR name of the sending address.", d->helo, where);
	else if (d->helo_kind != HELO_FQDN)
		note(d, "The HELO %s (from %s) is not a host name receivers accept.", d->helo, where);
}

void detect_join(const struct mta_identity *mta, const struct sources *sources, bool container,
		 const char *container_evidence, struct detection *out)
{
	memset(out, 0, sizeof *out);
	out->mta = *mta;
	snprintf(out->helo, sizeof out->helo, "%s", mta->helo);
	out->helo_kind = out->helo[0] ? names_helo_kind(out->helo, NULL) : HELO_EMPTY;
	out->helo_container_id = detect_helo_is_container_id(out->helo);
	out->container = container;
	snprintf(out->container_evidence, sizeof out->container_evidence, "%s", container ? container_evidence : "");
	add_senders(mta, sources, out);
	if (mta->kind == MTA_NONE)
		note(out, "No mail server found (postconf, exim4, smtpd or sendmail on PATH): these are the machine's "
			  "addresses; give the HELO name with --helo.");
	else if (mta->problem[0])
		note(out, "The %s configuration could not be read as a whole: %s", mta_kind_name(mta->kind), mta->problem);
	if (mta->relayhost[0])
		note(out, "Mail leaves through the relay %s (%s): receivers see the relay's address and name, not this "
			  "machine's, so the relay's PTR is what counts, and it is the relay operator's to set. A hosted "
			  "sender (Microsoft 365, Google Workspace, an ESP) manages its own: nothing to set in reverse DNS "
			  "(provider \"hosted\"). Your own relay: check its address.", mta->relayhost, mta->relay_source);
	note_addresses(mta, sources, out);
	note_helo(mta, out);
	if (container)
		note(out, "This runs in a container (%s): mail may leave from the host's address rather than the "
			  "container's, and the host name is the container's unless set.", out->container_evidence);
}

size_t detect_sending_count(const struct detection *d)
{
	size_t n = 0;
	for (size_t i = 0; i < d->address_count; i++)
		n += d->addresses[i].sends;
	return n;
}

bool detect_checkable(const struct detected_address *a)
{
	return a->sends && a->public;
}

size_t detect_checkable_count(const struct detection *d)
{
	size_t n = 0;
	for (size_t i = 0; i < d->address_count; i++)
		n += detect_checkable(&d->addresses[i]);
	return n;
}

bool detect_run(const struct detect_options *opts, struct detection *out)
{
	struct mta_identity *mta = malloc(sizeof *mta);
	struct sources *sources = malloc(sizeof *sources);
	bool ok = mta && sources;
	if (ok) {
		mta_read(&opts->mta, mta);
		ok = sources_read(sources);
		char evidence[64] = "";
		bool container = detect_container(opts->root ? opts->root : "", evidence, sizeof evidence);
		detect_join(mta, sources, container, evidence, out);
	}
	free(mta);
	free(sources);
	return ok;
}
