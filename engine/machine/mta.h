/* mta - the outgoing identity of the mail server on this machine, read
 * from its own configuration: the HELO it says, the addresses it binds
 * to, the families it uses, the relay it sends through.
 *
 * Postfix through `postconf` (MAIL_CONFIG or a configuration directory
 * honoured), Exim through `exim -bP` and `exim -be` (a configuration file
 * honoured), OpenSMTPD by reading smtpd.conf, Sendmail through its `$j`.
 * Nothing here needs root or changes anything. The parsers of what the
 * programs print are separate, so that tests can feed them text. */
#ifndef PTRDOCTOR_MTA_H
#define PTRDOCTOR_MTA_H

#include <stdbool.h>
#include <stddef.h>

#include "util/names.h"

#define MTA_NAME_MAX 256
#define MTA_BINDS_MAX 4

enum mta_kind { MTA_NONE = 0, MTA_POSTFIX, MTA_EXIM, MTA_OPENSMTPD, MTA_SENDMAIL };

struct mta_identity {
	enum mta_kind kind;
	char version[64];
	char helo[MTA_NAME_MAX];        /* as it will say it, expanded */
	char helo_source[64];           /* "smtp_helo_name", "myhostname", "helo_data"... */
	size_t bind_count;              /* smtp_bind_address(6), Exim's interface, OpenSMTPD's src */
	struct ip_address binds[MTA_BINDS_MAX];
	char bind_source[64];
	bool ipv4, ipv6;                /* the families it sends over */
	char families_source[64];       /* "inet_protocols", "disable_ipv6"... or "" for the default */
	char address_preference[16];    /* Postfix's smtp_address_preference */
	char relayhost[MTA_NAME_MAX];   /* mail leaves through it, or "" */
	char relay_source[64];
	char config[512];               /* which configuration was read */
	char problem[512];              /* what could not be read, or "" */
};

struct mta_options {
	enum mta_kind kind;  /* MTA_NONE: the first found, in the order of enum mta_kind */
	const char *config;  /* Postfix: a directory; Exim, OpenSMTPD: a file; NULL: the default */
	int timeout_ms;      /* for each program run */
};

/* mta_kind_name - "postfix", "exim", "opensmtpd", "sendmail", NULL for none. */
const char *mta_kind_name(enum mta_kind kind);

/* mta_kind_parse - the inverse; false for an unknown name. */
bool mta_kind_parse(const char *name, enum mta_kind *out);

/* mta_installed - the first MTA whose program is on PATH (cheap: nothing
 * is run), or the one asked for when installed; MTA_NONE otherwise. */
enum mta_kind mta_installed(enum mta_kind wanted);

/* mta_read - the identity of the MTA found (or asked for). false when
 * none is installed; true with out->problem set when it is installed but
 * its configuration could not be read as a whole. */
bool mta_read(const struct mta_options *opts, struct mta_identity *out);

/* Parsers, for what the programs print or the file holds. Each fills what
 * it finds into out and leaves the rest. */

/* mta_parse_postconf - `postconf -x NAME...` ("name = value" lines);
 * explicit: the output of `postconf -n` (the parameters set in main.cf),
 * which says whether smtp_helo_name was set. */
void mta_parse_postconf(const char *text, const char *explicit, struct mta_identity *out);

/* mta_parse_postconf_master - `postconf -Px`: the smtp service's own
 * -o overrides in master.cf (smtp/unix/smtp_helo_name = ...), which win
 * over main.cf for mail to the internet. */
void mta_parse_postconf_master(const char *text, struct mta_identity *out);

/* mta_parse_exim_transport - `exim -bP transport remote_smtp`: its
 * helo_data (unexpanded, into helo) and interface (into binds). */
void mta_parse_exim_transport(const char *text, struct mta_identity *out);

/* mta_parse_smtpd_conf - OpenSMTPD's smtpd.conf: the first relay action's
 * helo, src and host. */
void mta_parse_smtpd_conf(const char *text, struct mta_identity *out);

/* mta_parse_sendmail - `sendmail -d0.1 -bt`: its $j. */
bool mta_parse_sendmail(const char *text, struct mta_identity *out);

#endif
