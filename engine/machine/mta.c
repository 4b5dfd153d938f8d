/* mta - the outgoing identity of the mail server on this machine. */
#define _POSIX_C_SOURCE 200809L
#include "mta.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "command.h"
#include "util/textfile.h"

#define PROGRAM_TIMEOUT_MS 5000
#define SMTPD_CONF_MAX (1024 * 1024)

static const char *const kind_names[] = {NULL, "postfix", "exim", "opensmtpd", "sendmail"};

/* The programs that say an MTA is installed, in the order they are tried. */
static const char *const programs[][2] = {
	[MTA_POSTFIX] = {"postconf", NULL},
	[MTA_EXIM] = {"exim4", "exim"},
	[MTA_OPENSMTPD] = {"smtpd", NULL},
	[MTA_SENDMAIL] = {"sendmail", NULL}, /* only when it answers as Sendmail: Postfix has one too */
};

const char *mta_kind_name(enum mta_kind kind)
{
	return kind > MTA_NONE && kind <= MTA_SENDMAIL ? kind_names[kind] : NULL;
}

bool mta_kind_parse(const char *name, enum mta_kind *out)
{
	for (int k = MTA_POSTFIX; k <= MTA_SENDMAIL; k++)
		if (strcasecmp(name, kind_names[k]) == 0) {
			*out = (enum mta_kind)k;
			return true;
		}
	return false;
}

/* program - the installed program of kind, or NULL. */
static const char *program(enum mta_kind kind)
{
	for (int i = 0; i < 2 && programs[kind][i]; i++)
		if (command_on_path(programs[kind][i]))
			return programs[kind][i];
	return NULL;
}

enum mta_kind mta_installed(enum mta_kind wanted)
{
	if (wanted != MTA_NONE)
		return program(wanted) ? wanted : MTA_NONE;
	for (int k = MTA_POSTFIX; k <= MTA_OPENSMTPD; k++)
		if (program((enum mta_kind)k))
			return (enum mta_kind)k;
	/* /usr/sbin/sendmail alone: Sendmail's own, since Postfix and Exim
	 * would have been found above */
	return program(MTA_SENDMAIL) ? MTA_SENDMAIL : MTA_NONE;
}

/* copy - src into dst, cut to fit. */
static void copy(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);
	n = n < size ? n : size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* value_of - the value of "name = value" in text (one line), trimmed,
 * into buf; false when the line is not there. */
static bool value_of(const char *text, const char *name, char *buf, size_t size)
{
	size_t len = strlen(name);
	for (const char *line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		const char *p = line + strspn(line, " \t");
		if (strncmp(p, name, len) != 0)
			continue;
		p += len;
		p += strspn(p, " \t");
		if (*p != '=')
			continue;
		p += 1 + strspn(p + 1, " \t");
		size_t n = strcspn(p, "\n");
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
			n--;
		snprintf(buf, size, "%.*s", (int)n, p);
		return true;
	}
	return false;
}

/* add_binds - the addresses of a list ("a, b", Exim's "<; a ; b"). */
static void add_binds(const char *list, struct mta_identity *out)
{
	char buf[1024];
	copy(buf, sizeof buf, list);
	char *p = buf;
	if (p[0] == '<' && p[1]) /* Exim: "<X" makes X the separator */
		p += 2;
	for (char *save = NULL, *word = strtok_r(p, " ,;\t", &save); word; word = strtok_r(NULL, " ,;\t", &save)) {
		struct ip_address ip;
		if (out->bind_count < MTA_BINDS_MAX && names_parse_ip(word, &ip) == NAMES_OK)
			out->binds[out->bind_count++] = ip;
	}
}

void mta_parse_postconf(const char *text, const char *explicit, struct mta_identity *out)
{
	char value[MTA_NAME_MAX], set[MTA_NAME_MAX];
	if (value_of(text, "smtp_helo_name", value, sizeof value) && value[0]) {
		copy(out->helo, sizeof out->helo, value);
		copy(out->helo_source, sizeof out->helo_source,
		     explicit && value_of(explicit, "smtp_helo_name", set, sizeof set) ? "smtp_helo_name" : "myhostname");
	} else if (value_of(text, "myhostname", value, sizeof value)) {
		copy(out->helo, sizeof out->helo, value);
		copy(out->helo_source, sizeof out->helo_source, "myhostname");
	}
	if (value_of(text, "smtp_bind_address", value, sizeof value) && value[0]) {
		add_binds(value, out);
		copy(out->bind_source, sizeof out->bind_source, "smtp_bind_address");
	}
	if (value_of(text, "smtp_bind_address6", value, sizeof value) && value[0]) {
		add_binds(value, out);
		copy(out->bind_source, sizeof out->bind_source,
		     out->bind_count > 1 ? "smtp_bind_address, smtp_bind_address6" : "smtp_bind_address6");
	}
	if (value_of(text, "inet_protocols", value, sizeof value)) {
		bool all = strstr(value, "all") != NULL;
		out->ipv4 = all || strstr(value, "ipv4");
		out->ipv6 = all || strstr(value, "ipv6");
		if (explicit && value_of(explicit, "inet_protocols", set, sizeof set))
			copy(out->families_source, sizeof out->families_source, "inet_protocols");
	}
	if (value_of(text, "smtp_address_preference", value, sizeof value))
		copy(out->address_preference, sizeof out->address_preference, value);
	if (value_of(text, "relayhost", value, sizeof value) && value[0]) {
		copy(out->relayhost, sizeof out->relayhost, value);
		copy(out->relay_source, sizeof out->relay_source, "relayhost");
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
	if (value_of(text, "smtp/unix/smtp_helo_name", value, sizeof value) && value[0]) {
		copy(out->helo, sizeof out->helo, value);
		copy(out->helo_source, sizeof out->helo_source, "master.cf: smtp -o smtp_helo_name");
	}
	static const char *const binds[2] = {"smtp/unix/smtp_bind_address", "smtp/unix/smtp_bind_address6"};
	for (int i = 0; i < 2; i++)
		if (value_of(text, binds[i], value, sizeof value)) {
			drop_binds(out, i == 0 ? AF_INET : AF_INET6);
			add_binds(value, out);
			snprintf(out->bind_source, sizeof out->bind_source, "master.cf: smtp -o %s", binds[i] + 10);
		}
}

void mta_parse_exim_transport(const char *text, struct mta_identity *out)
{
	char value[MTA_NAME_MAX];
	if (value_of(text, "helo_data", value, sizeof value) && value[0]) {
		copy(out->helo, sizeof out->helo, value);
		copy(out->helo_source, sizeof out->helo_source, "helo_data");
	}
	if (value_of(text, "interface", value, sizeof value) && value[0]) {
		add_binds(value, out);
		copy(out->bind_source, sizeof out->bind_source, "interface");
	}
}

/* next_word - the next blank-separated word of *p (quotes kept out). */
static bool next_word(const char **p, char *buf, size_t size)
{
	const char *s = *p + strspn(*p, " \t");
	if (!*s || *s == '\n' || *s == '#')
		return false;
	char quote = *s == '"' ? *s++ : 0;
	size_t n = quote ? strcspn(s, "\"\n") : strcspn(s, " \t\n");
	snprintf(buf, size, "%.*s", (int)n, s);
	*p = s + n + (quote && s[n] == '"');
	return true;
}

void mta_parse_smtpd_conf(const char *text, struct mta_identity *out)
{
	for (const char *line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		const char *p = line;
		char word[MTA_NAME_MAX], name[MTA_NAME_MAX];
		if (!next_word(&p, word, sizeof word) || strcmp(word, "action") != 0 || !next_word(&p, name, sizeof name))
			continue;
		bool relay = false;
		while (next_word(&p, word, sizeof word)) {
			char arg[MTA_NAME_MAX] = "";
			if (strcmp(word, "relay") == 0) {
				relay = true;
			} else if (relay && strcmp(word, "helo") == 0 && next_word(&p, arg, sizeof arg)) {
				copy(out->helo, sizeof out->helo, arg);
				snprintf(out->helo_source, sizeof out->helo_source, "helo (action %.40s)", name);
			} else if (relay && strcmp(word, "src") == 0 && next_word(&p, arg, sizeof arg)) {
				add_binds(arg, out);
				snprintf(out->bind_source, sizeof out->bind_source, "src (action %.40s)", name);
			} else if (relay && strcmp(word, "host") == 0 && next_word(&p, arg, sizeof arg)) {
				copy(out->relayhost, sizeof out->relayhost, arg);
				snprintf(out->relay_source, sizeof out->relay_source, "host (action %.40s)", name);
			}
		}
		if (relay)
			return; /* the first relay action is the one outgoing mail takes */
	}
}

bool mta_parse_sendmail(const char *text, struct mta_identity *out)
{
	const char *j = strstr(text, "$j = ");
	if (!j)
		return false;
	j += 5;
	snprintf(out->helo, sizeof out->helo, "%.*s", (int)strcspn(j, " \t\r\n"), j);
	copy(out->helo_source, sizeof out->helo_source, "$j (confDOMAIN_NAME)");
	return true;
}

/* run - argv's output into *text (owned); false with out->problem set. */
static bool run(const char *const argv[], const struct mta_options *opts, char **text, struct mta_identity *out)
{
	struct command_result r;
	char err[300];
	*text = NULL;
	if (!command_run(argv, opts->timeout_ms > 0 ? opts->timeout_ms : PROGRAM_TIMEOUT_MS, &r, err, sizeof err)) {
		snprintf(out->problem, sizeof out->problem, "%s", err);
		command_result_free(&r);
		return false;
	}
	if (r.exit_status != 0) {
		snprintf(out->problem, sizeof out->problem, "%s failed (exit %d): %.300s", argv[0], r.exit_status,
			 r.err[0] ? r.err : "no message");
		out->problem[strcspn(out->problem, "\n")] = '\0';
		command_result_free(&r);
		return false;
	}
	*text = r.out;
	free(r.err);
	return true;
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

static void read_postfix(const struct mta_options *opts, struct mta_identity *out)
{
	static const char *const names[] = {"myhostname", "smtp_helo_name", "smtp_bind_address", "smtp_bind_address6",
					    "inet_protocols", "smtp_address_preference", "relayhost",
					    "config_directory", "mail_version", NULL};
	static const char *const none[] = {NULL};
	const char *values[16], *set[8], *master[8];
	postconf("-x", opts->config, names, values, 16);
	postconf("-n", opts->config, none, set, 8);
	postconf("-Px", opts->config, none, master, 8);
	char *text = NULL, *explicit = NULL, *services = NULL;
	if (run(values, opts, &text, out) && run(set, opts, &explicit, out)) {
		mta_parse_postconf(text, explicit, out);
		value_of(text, "config_directory", out->config, sizeof out->config);
		value_of(text, "mail_version", out->version, sizeof out->version);
		if (run(master, opts, &services, out)) /* no master.cf: main.cf's values stand */
			mta_parse_postconf_master(services, out);
		else
			out->problem[0] = '\0';
	}
	free(text);
	free(explicit);
	free(services);
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
	return run(argv, opts, text, out);
}

/* exim_router - the transport that remote mail takes, and the smarthost
 * of a manualroute router when there is one. */
static void exim_router(const char *routers, char *transport, size_t size, struct mta_identity *out)
{
	copy(transport, size, "remote_smtp");
	char value[MTA_NAME_MAX];
	for (const char *r = strstr(routers, "driver = manualroute"); r; r = strstr(r + 1, "driver = manualroute")) {
		const char *next = strstr(r, " router:");
		char section[4096];
		snprintf(section, sizeof section, "%.*s", next ? (int)(next - r) : (int)strlen(r), r);
		if ((value_of(section, "route_list", value, sizeof value) && value[0] == '*') ||
		    value_of(section, "route_data", value, sizeof value)) {
			const char *host = value + (value[0] == '*' ? 1 + strspn(value + 1, " \t") : 0);
			snprintf(out->relayhost, sizeof out->relayhost, "%.*s", (int)strcspn(host, " \t;:"), host);
			copy(out->relay_source, sizeof out->relay_source, "route_list (manualroute router)");
			if (value_of(section, "transport", value, sizeof value))
				copy(transport, size, value);
			return;
		}
	}
}

static void read_exim(const char *exim, const struct mta_options *opts, struct mta_identity *out)
{
	char *text = NULL, *routers = NULL, *transport_text = NULL, *expanded = NULL;
	char transport[64];
	copy(out->config, sizeof out->config, opts->config ? opts->config : "exim's default configuration");
	if (!exim_run(exim, opts, "-bP", "primary_hostname", "disable_ipv6", &text, out) ||
	    !exim_run(exim, opts, "-bP", "routers", NULL, &routers, out))
		goto done;
	char value[MTA_NAME_MAX];
	if (value_of(text, "primary_hostname", value, sizeof value)) {
		copy(out->helo, sizeof out->helo, value);
		copy(out->helo_source, sizeof out->helo_source, "primary_hostname");
	}
	out->ipv4 = true;
	out->ipv6 = strstr(text, "no_disable_ipv6") != NULL || !strstr(text, "disable_ipv6");
	if (!out->ipv6)
		copy(out->families_source, sizeof out->families_source, "disable_ipv6");
	exim_router(routers, transport, sizeof transport, out);
	if (!exim_run(exim, opts, "-bP", "transport", transport, &transport_text, out))
		goto done;
	mta_parse_exim_transport(transport_text, out);
	if (strcmp(out->helo_source, "helo_data") == 0 && strchr(out->helo, '$')) {
		char expression[MTA_NAME_MAX];
		copy(expression, sizeof expression, out->helo);
		if (exim_run(exim, opts, "-be", expression, NULL, &expanded, out))
			snprintf(out->helo, sizeof out->helo, "%.*s", (int)strcspn(expanded, "\n"), expanded);
	}
done:
	free(text);
	free(routers);
	free(transport_text);
	free(expanded);
}

static void read_opensmtpd(const struct mta_options *opts, struct mta_identity *out)
{
	const char *path = opts->config ? opts->config : "/etc/smtpd.conf";
	char *text = NULL, err[600];
	copy(out->config, sizeof out->config, path);
	out->ipv4 = out->ipv6 = true;
	if (!textfile_read(path, SMTPD_CONF_MAX, &text, err, sizeof err)) {
		copy(out->problem, sizeof out->problem, err);
		return;
	}
	mta_parse_smtpd_conf(text, out);
	free(text);
	if (!out->helo[0]) { /* OpenSMTPD says its own host name, or /etc/mail/mailname's */
		char *mailname = NULL;
		if (textfile_read("/etc/mail/mailname", MTA_NAME_MAX, &mailname, err, sizeof err)) {
			snprintf(out->helo, sizeof out->helo, "%.*s", (int)strcspn(mailname, " \t\r\n"), mailname);
			copy(out->helo_source, sizeof out->helo_source, "/etc/mail/mailname");
		} else if (gethostname(out->helo, sizeof out->helo) == 0) {
			copy(out->helo_source, sizeof out->helo_source, "the host name");
		}
		free(mailname);
	}
}

static bool read_sendmail(const struct mta_options *opts, struct mta_identity *out)
{
	const char *argv[] = {"sendmail", "-d0.1", "-bt", NULL};
	char *text = NULL;
	out->ipv4 = out->ipv6 = true;
	bool ok = run(argv, opts, &text, out) && mta_parse_sendmail(text, out);
	free(text);
	return ok;
}

bool mta_read(const struct mta_options *opts, struct mta_identity *out)
{
	memset(out, 0, sizeof *out);
	enum mta_kind kind = mta_installed(opts->kind);
	out->kind = kind;
	switch (kind) {
	case MTA_NONE:
		return false;
	case MTA_POSTFIX:
		read_postfix(opts, out);
		break;
	case MTA_EXIM:
		read_exim(program(MTA_EXIM), opts, out);
		break;
	case MTA_OPENSMTPD:
		read_opensmtpd(opts, out);
		break;
	case MTA_SENDMAIL:
		if (!read_sendmail(opts, out)) {
			out->kind = MTA_NONE; /* another MTA's sendmail program */
			return false;
		}
		break;
	}
	return true;
}
