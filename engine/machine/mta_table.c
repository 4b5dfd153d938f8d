/* mta_table - the mail servers ptrdoctor reads, one row each (their files
 * are mta_postfix.c, mta_exim.c, mta_opensmtpd.c, mta_sendmail.c), and
 * what their readers share: what mta.h promises. */
#define _POSIX_C_SOURCE 200809L
#include "mta_kind.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "command.h"

#define PROGRAM_TIMEOUT_MS 5000

/* One row per kind: its name, the programs that say it is installed (in
 * the order they are tried), and its reader. */
static const struct {
	const char *name;
	const char *programs[2];
	mta_reader_fn read;
} kinds[] = {
	[MTA_NONE] = {NULL, {NULL, NULL}, NULL},
	[MTA_POSTFIX] = {"postfix", {"postconf", NULL}, mta_read_postfix},
	[MTA_EXIM] = {"exim", {"exim4", "exim"}, mta_read_exim},
	[MTA_OPENSMTPD] = {"opensmtpd", {"smtpd", NULL}, mta_read_opensmtpd},
	/* only when it answers as Sendmail: Postfix and Exim have one too */
	[MTA_SENDMAIL] = {"sendmail", {"sendmail", NULL}, mta_read_sendmail},
};

const char *mta_kind_name(enum mta_kind kind)
{
	return kind > MTA_NONE && kind <= MTA_SENDMAIL ? kinds[kind].name : NULL;
}

bool mta_kind_parse(const char *name, enum mta_kind *out)
{
	for (int k = MTA_POSTFIX; k <= MTA_SENDMAIL; k++)
		if (strcasecmp(name, kinds[k].name) == 0) {
			*out = (enum mta_kind)k;
			return true;
		}
	return false;
}

/* program - the installed program of kind, or NULL. */
static const char *program(enum mta_kind kind)
{
	for (int i = 0; i < 2 && kinds[kind].programs[i]; i++)
		if (command_on_path(kinds[kind].programs[i]))
			return kinds[kind].programs[i];
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

/* mta_copy - src into dst, cut to fit. */
void mta_copy(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);
	n = n < size ? n : size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* mta_value_of - the value of "name = value" in text (one line), trimmed,
 * into buf; false when the line is not there. */
bool mta_value_of(const char *text, const char *name, char *buf, size_t size)
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

/* mta_add_binds - the addresses of a list ("a, b", Exim's "<; a ; b"). */
void mta_add_binds(const char *list, struct mta_identity *out)
{
	char buf[1024];
	mta_copy(buf, sizeof buf, list);
	char *p = buf;
	if (p[0] == '<' && p[1]) /* Exim: "<X" makes X the separator */
		p += 2;
	for (char *save = NULL, *word = strtok_r(p, " ,;\t", &save); word; word = strtok_r(NULL, " ,;\t", &save)) {
		struct ip_address ip;
		if (out->bind_count < MTA_BINDS_MAX && names_parse_ip(word, &ip) == NAMES_OK)
			out->binds[out->bind_count++] = ip;
	}
}

/* mta_run - argv's output into *text (owned); false with out->problem set. */
bool mta_run(const char *const argv[], const struct mta_options *opts, char **text, struct mta_identity *out)
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

bool mta_read(const struct mta_options *opts, struct mta_identity *out)
{
	memset(out, 0, sizeof *out);
	out->kind = mta_installed(opts->kind);
	if (out->kind == MTA_NONE)
		return false;
	if (!kinds[out->kind].read(program(out->kind), opts, out)) {
		out->kind = MTA_NONE; /* another MTA's sendmail program */
		return false;
	}
	return true;
}
