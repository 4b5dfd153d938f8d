/* mta_opensmtpd - OpenSMTPD, read from its smtpd.conf. */
#define _POSIX_C_SOURCE 200809L
#include "mta_kind.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/textfile.h"

#define SMTPD_CONF_MAX (1024 * 1024)

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
				mta_copy(out->helo, sizeof out->helo, arg);
				snprintf(out->helo_source, sizeof out->helo_source, "helo (action %.40s)", name);
			} else if (relay && strcmp(word, "src") == 0 && next_word(&p, arg, sizeof arg)) {
				mta_add_binds(arg, out);
				snprintf(out->bind_source, sizeof out->bind_source, "src (action %.40s)", name);
			} else if (relay && strcmp(word, "host") == 0 && next_word(&p, arg, sizeof arg)) {
				mta_copy(out->relayhost, sizeof out->relayhost, arg);
				snprintf(out->relay_source, sizeof out->relay_source, "host (action %.40s)", name);
			}
		}
		if (relay)
			return; /* the first relay action is the one outgoing mail takes */
	}
}

bool mta_read_opensmtpd(const char *program, const struct mta_options *opts, struct mta_identity *out)
{
	(void)program; /* its configuration file is read, nothing run */
	const char *path = opts->config ? opts->config : "/etc/smtpd.conf";
	char *text = NULL, err[600];
	mta_copy(out->config, sizeof out->config, path);
	out->ipv4 = out->ipv6 = true;
	if (!textfile_read(path, SMTPD_CONF_MAX, &text, err, sizeof err)) {
		mta_copy(out->problem, sizeof out->problem, err);
		return true;
	}
	mta_parse_smtpd_conf(text, out);
	free(text);
	if (!out->helo[0]) { /* OpenSMTPD says its own host name, or /etc/mail/mailname's */
		char *mailname = NULL;
		if (textfile_read("/etc/mail/mailname", MTA_NAME_MAX, &mailname, err, sizeof err)) {
			snprintf(out->helo, sizeof out->helo, "%.*s", (int)strcspn(mailname, " \t\r\n"), mailname);
			mta_copy(out->helo_source, sizeof out->helo_source, "/etc/mail/mailname");
		} else if (gethostname(out->helo, sizeof out->helo) == 0) {
			mta_copy(out->helo_source, sizeof out->helo_source, "the host name");
		}
		free(mailname);
	}
	return true;
}
