/* mta_exim - Exim, read through `exim -bP` and `exim -be` (a
 * configuration file honoured). */
#define _POSIX_C_SOURCE 200809L
#include "mta_kind.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void mta_parse_exim_transport(const char *text, struct mta_identity *out)
{
	char value[MTA_NAME_MAX];
	if (mta_value_of(text, "helo_data", value, sizeof value) && value[0]) {
		mta_copy(out->helo, sizeof out->helo, value);
		mta_copy(out->helo_source, sizeof out->helo_source, "helo_data");
	}
	if (mta_value_of(text, "interface", value, sizeof value) && value[0]) {
		mta_add_binds(value, out);
		mta_copy(out->bind_source, sizeof out->bind_source, "interface");
	}
}

/* exim_run - `exim [-C FILE] A B C` (NULLs end it early) into text. */
static bool exim_run(const char *exim, const struct mta_options *opts, const char *a, const char *b, const char *c,
		     char **text, struct mta_identity *out)
{
	const char *argv[8] = {exim};
	int n = 1;
	if (opts->config) {
		argv[n++] = "-C";
		argv[n++] = opts->config;
	}
	argv[n++] = a;
	argv[n++] = b;
	argv[n++] = c;
	argv[n] = NULL;
	return mta_run(argv, opts, text, out);
}

/* exim_router - the transport that remote mail takes, and the smarthost
 * of a manualroute router when there is one. */
static void exim_router(const char *routers, char *transport, size_t size, struct mta_identity *out)
{
	mta_copy(transport, size, "remote_smtp");
	char value[MTA_NAME_MAX];
	for (const char *r = strstr(routers, "driver = manualroute"); r; r = strstr(r + 1, "driver = manualroute")) {
		const char *next = strstr(r, " router:");
		char section[4096];
		snprintf(section, sizeof section, "%.*s", next ? (int)(next - r) : (int)strlen(r), r);
		if ((mta_value_of(section, "route_list", value, sizeof value) && value[0] == '*') ||
		    mta_value_of(section, "route_data", value, sizeof value)) {
			const char *host = value + (value[0] == '*' ? 1 + strspn(value + 1, " \t") : 0);
			snprintf(out->relayhost, sizeof out->relayhost, "%.*s", (int)strcspn(host, " \t;:"), host);
			mta_copy(out->relay_source, sizeof out->relay_source, "route_list (manualroute router)");
			if (mta_value_of(section, "transport", value, sizeof value))
				mta_copy(transport, size, value);
			return;
		}
	}
}

bool mta_read_exim(const char *exim, const struct mta_options *opts, struct mta_identity *out)
{
	char *text = NULL, *routers = NULL, *transport_text = NULL, *expanded = NULL;
	char transport[64];
	mta_copy(out->config, sizeof out->config, opts->config ? opts->config : "exim's default configuration");
	if (!exim_run(exim, opts, "-bP", "primary_hostname", "disable_ipv6", &text, out) ||
	    !exim_run(exim, opts, "-bP", "routers", NULL, &routers, out))
		goto done;
	char value[MTA_NAME_MAX];
	if (mta_value_of(text, "primary_hostname", value, sizeof value)) {
		mta_copy(out->helo, sizeof out->helo, value);
		mta_copy(out->helo_source, sizeof out->helo_source, "primary_hostname");
	}
	out->ipv4 = true;
	out->ipv6 = strstr(text, "no_disable_ipv6") != NULL || !strstr(text, "disable_ipv6");
	if (!out->ipv6)
		mta_copy(out->families_source, sizeof out->families_source, "disable_ipv6");
	exim_router(routers, transport, sizeof transport, out);
	if (!exim_run(exim, opts, "-bP", "transport", transport, &transport_text, out))
		goto done;
	mta_parse_exim_transport(transport_text, out);
	if (strcmp(out->helo_source, "helo_data") == 0 && strchr(out->helo, '$')) {
		char expression[MTA_NAME_MAX];
		mta_copy(expression, sizeof expression, out->helo);
		if (exim_run(exim, opts, "-be", expression, NULL, &expanded, out))
			snprintf(out->helo, sizeof out->helo, "%.*s", (int)strcspn(expanded, "\n"), expanded);
	}
done:
	free(text);
	free(routers);
	free(transport_text);
	free(expanded);
	return true;
}
