/* options - the command line, parsed into one struct.
 *
 * Every mode shares the same options; a usage error names the argument at
 * fault and maps to exit code 64. One table (options.c) feeds getopt_long
 * and the options part of --help. */
#ifndef PTRDOCTOR_OPTIONS_H
#define PTRDOCTOR_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "dns/dns.h"

#define EXIT_USAGE 64
#define EXIT_NO_TICKET 4 /* --ticket: nobody the ticket could go to has anything to change */
#define OPTIONS_WORDS_MAX 256 /* addresses and prefixes on one command line */

enum command {
	COMMAND_WIZARD = 0, COMMAND_CHECK, COMMAND_EXPLAIN, COMMAND_LAB, COMMAND_TRACE, COMMAND_DETECT, COMMAND_HELP,
	COMMAND_VERSION
};

struct options {
	enum command command;
	enum command asked;      /* --help or --version: wins over the command */
	const char *ip;          /* borrowed from argv: the first address (or prefix) */
	const char *words[OPTIONS_WORDS_MAX]; /* check: every address and prefix given */
	size_t word_count;
	const char *batch;       /* check --batch FILE|-: one IP [HELO] per line */
	int parallel;            /* check: questions in flight to a resolver, 0 for the default */
	int qps;                 /* check of many: questions a second to a resolver, 0 for the default */
	const char *helo;
	const char *provider;
	const char *lab;
	const char *servers[BACKEND_SERVERS_MAX];
	size_t server_count;
	int timeout_ms;
	int auth_port;           /* 0: 53 */
	const char *root_hints;  /* trace: a named.root file, NULL for the built-in hints */
	int watch;               /* check: seconds between checks, 0 for one check */
	bool json;
	bool ticket;             /* check: print the support request instead */
	bool markdown;           /* check: print a forum post (Markdown) instead */
	bool list;               /* lab: list the built-in scenarios */
	bool step;               /* wizard: each answer waits for Space (presenter mode) */
	bool no_color;
	bool this_machine;       /* check: the addresses and HELO of the mail server here */
	const char *mta;         /* detect: "postfix", "exim"...: this one, not the first found */
	const char *mta_config;  /* detect: Postfix's configuration directory, Exim's or OpenSMTPD's file */
};

/* options_parse - fill opts from argv. On a usage error returns false and
 * writes one line naming the bad argument into err. */
bool options_parse(int argc, char **argv, struct options *opts, char *err, size_t errsize);

/* options_command_word - the word that names a command: "check",
 * "lab"... ("wizard" without one; "help" and "version" for --help and
 * --version). Static. */
const char *options_command_word(enum command command);

/* options_usage - the usage text (help/usage.txt) with the option table
 * written where it says {OPTIONS}. */
void options_usage(FILE *out);

#endif
