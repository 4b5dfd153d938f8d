/* mta_postfix - Postfix, read through postconf (MAIL_CONFIG or a
 * configuration directory honoured). */
#define _POSIX_C_SOURCE 200809L
#include "mta_kind.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void mta_parse_postconf(const char *text, const char *explicit, struct mta_identity *out)
{
	char value[MTA_NAME_MAX], set[MTA_NAME_MAX];
	if (mta_value_of(text, "smtp_helo_name", value, sizeof value) && value[0]) {
		mta_copy(out->helo, sizeof out->helo, value);
		mta_copy(out->helo_source, sizeof out->helo_source,
		     explicit && mta_value_of(explicit, "smtp_helo_name", set, sizeof set) ? "smtp_helo_name" : "myhostname");
	} else if (mta_value_of(text, "myhostname", value, sizeof value)) {
		mta_copy(out->helo, sizeof out->helo, value);
		mta_copy(out->helo_source, sizeof out->helo_source, "myhostname");
	}
	if (mta_value_of(text, "smtp_bind_address", value, sizeof value) && value[0]) {
		mta_add_binds(value, out);
		mta_copy(out->bind_source, sizeof out->bind_source, "smtp_bind_address");
	}
	if (mta_value_of(text, "smtp_bind_address6", value, sizeof value) && value[0]) {
		mta_add_binds(value, out);
		mta_copy(out->bind_source, sizeof out->bind_source,
		     out->bind_count > 1 ? "smtp_bind_address, smtp_bind_address6" : "smtp_bind_address6");
	}
	if (mta_value_of(text, "inet_protocols", value, sizeof value)) {
		bool all = strstr(value, "all") != NULL;
		out->ipv4 = all || strstr(value, "ipv4");
		out->ipv6 = all || strstr(value, "ipv6");
		if (explicit && mta_value_of(explicit, "inet_protocols", set, sizeof set))
			mta_copy(out->families_source, sizeof out->families_source, "inet_protocols");
	}
	if (mta_value_of(text, "smtp_address_preference", value, sizeof value))
		mta_copy(out->address_preference, sizeof out->address_preference, value);
	if (mta_value_of(text, "relayhost", value, sizeof value) && value[0]) {
		mta_copy(out->relayhost, sizeof out->relayhost, value);
		mta_copy(out->relay_source, sizeof out->relay_source, "relayhost");
	}
}

/* drop_binds - the bind addresses of a family, replaced by an override. */
static void drop_binds(struct mta_identity *out, int family)
{
	size_t kept = 0;
	for (size_t i = 0; i < out->bind_count; i++)
		if (out->binds[i].family != family)
			out->binds[kept++] = out->binds[i];
	out->bind_count = kept;
}

void mta_parse_postconf_master(const char *text, struct mta_identity *out)
{
	char value[MTA_NAME_MAX];
	if (mta_value_of(text, "smtp/unix/smtp_helo_name", value, sizeof value) && value[0]) {
		mta_copy(out->helo, sizeof out->helo, value);
		mta_copy(out->helo_source, sizeof out->helo_source, "master.cf: smtp -o smtp_helo_name");
	}
	static const char *const binds[2] = {"smtp/unix/smtp_bind_address", "smtp/unix/smtp_bind_address6"};
	for (int i = 0; i < 2; i++)
		if (mta_value_of(text, binds[i], value, sizeof value)) {
			drop_binds(out, i == 0 ? AF_INET : AF_INET6);
			mta_add_binds(value, out);
			snprintf(out->bind_source, sizeof out->bind_source, "master.cf: smtp -o %s", binds[i] + 10);
		}
}

/* postconf - argv of `postconf OPTION [-c DIR] NAME...`. */
static void postconf(const char *option, const char *config, const char *const names[], const char *argv[], size_t size)
{
	size_t n = 0;
	argv[n++] = "postconf";
	argv[n++] = option;
	if (config) {
		argv[n++] = "-c";
		argv[n++] = config;
	}
	for (size_t i = 0; names[i] && n + 1 < size; i++)
		argv[n++] = names[i];
	argv[n] = NULL;
}

bool mta_read_postfix(const char *program, const struct mta_options *opts, struct mta_identity *out)
{
	(void)program; /* postconf, run by name */
	static const char *const names[] = {"myhostname", "smtp_helo_name", "smtp_bind_address", "smtp_bind_address6",
					    "inet_protocols", "smtp_address_preference", "relayhost",
					    "config_directory", "mail_version", NULL};
	static const char *const none[] = {NULL};
	const char *values[16], *set[8], *master[8];
	postconf("-x", opts->config, names, values, 16);
	postconf("-n", opts->config, none, set, 8);
	postconf("-Px", opts->config, none, master, 8);
	char *text = NULL, *explicit = NULL, *services = NULL;
	if (mta_run(values, opts, &text, out) && mta_run(set, opts, &explicit, out)) {
		mta_parse_postconf(text, explicit, out);
		mta_value_of(text, "config_directory", out->config, sizeof out->config);
		mta_value_of(text, "mail_version", out->version, sizeof out->version);
		if (mta_run(master, opts, &services, out)) /* no master.cf: main.cf's values stand */
			mta_parse_postconf_master(services, out);
		else
			out->problem[0] = '\0';
	}
	free(text);
	free(explicit);
	free(services);
	return true;
}
