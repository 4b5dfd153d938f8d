/* options - the command line, parsed by getopt_long from one table that
 * also writes the options part of the usage text. */
#define _POSIX_C_SOURCE 200809L
#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/help.h"
#include "machine/machine.h"
#include "util/names.h"
#include "rules/provider.h"
#include "check/check.h"

#define TIMEOUT_MAX_MS 60000

enum option_key {
	OPT_HELO = 1000, OPT_PROVIDER, OPT_JSON, OPT_TICKET, OPT_MARKDOWN, OPT_NO_COLOR, OPT_SERVER, OPT_TIMEOUT, OPT_LAB,
	OPT_LIST, OPT_STEP, OPT_AUTH_PORT, OPT_ROOT_HINTS, OPT_WATCH, OPT_BATCH, OPT_PARALLEL, OPT_QPS, OPT_THIS_MACHINE,
	OPT_MTA, OPT_MTA_CONFIG, OPT_HELP = 'h', OPT_VERSION = 'V',
};

/* One row per option: getopt_long's table and the usage text both come
 * from here. help holds the lines after the option; {PROVIDERS} is the
 * list of provider ids. */
static const struct option_spec {
	const char *name;
	const char *arg;   /* the value's name, NULL for a flag */
	int key;
	const char *help;
} option_table[] = {
	{"helo", "NAME", OPT_HELO, "the name your server gives in HELO/EHLO\n"
				   "(Postfix: postconf smtp_helo_name myhostname)"},
	{"provider", "ID", OPT_PROVIDER, "your hosting provider: {PROVIDERS} (default: guessed from DNS)"},
	{"json", NULL, OPT_JSON, "print one JSON object instead of the text report"},
	{"ticket", NULL, OPT_TICKET, "print a support request asking your provider to set the PTR"},
	{"markdown", NULL, OPT_MARKDOWN, "print a post for a forum or an issue tracker (Markdown, lookups\n"
					 "folded in <details>)"},
	{"no-color", NULL, OPT_NO_COLOR, "no colours (also: NO_COLOR set, or output not a terminal)"},
	{"server", "HOST[:PORT]", OPT_SERVER, "ask this recursive resolver (repeatable; IPv6 as [ADDR]:PORT);\n"
					       "default: the nameservers in /etc/resolv.conf"},
	{"timeout", "MS", OPT_TIMEOUT, "give up on one try after MS milliseconds (default 3000;\n"
				       "each question is tried twice)"},
	{"batch", "FILE", OPT_BATCH, "check: also every IP [HELO] line of FILE (- for standard input);\n"
				     "several addresses or prefixes (203.0.113.0/24) may be given too"},
	{"parallel", "N", OPT_PARALLEL, "check of many addresses: at most N questions in flight, the servers\n"
					"taking turns (default 128; as many addresses at once)"},
	{"qps", "N", OPT_QPS, "check of many addresses: at most N questions a second to a resolver\n"
			      "(default: no cap, 50 for a well-known public resolver)"},
	{"watch", NULL, OPT_WATCH, "check: repeat every 30 s (or every SECONDS given after it) until\n"
				   "every rule passes or the cached answer has expired, printing what changed"},
	{"this-machine", NULL, OPT_THIS_MACHINE, "check: the addresses and the HELO the mail server here sends with\n"
						 "(see detect), every sending one checked"},
	{"mta", "NAME", OPT_MTA, "detect: read this mail server (postfix, exim, opensmtpd, sendmail)\n"
				 "rather than the first one installed"},
	{"mta-config", "PATH", OPT_MTA_CONFIG, "detect: its configuration: Postfix's directory (postconf -c;\n"
					    "MAIL_CONFIG works too), Exim's file (exim -C), smtpd.conf"},
	{"auth-port", "PORT", OPT_AUTH_PORT, "ask the zones' name servers on PORT instead of 53\n"
					  "(a test setup whose servers listen elsewhere; dig -p)"},
	{"root-hints", "FILE", OPT_ROOT_HINTS, "trace: start from the root servers of FILE (named.root format)\n"
					    "instead of the built-in ones"},
	{"lab", "NAME|FILE", OPT_LAB, "answer from a lab scenario instead of the network"},
	{"list", NULL, OPT_LIST, "lab: list the built-in scenarios with their verdicts"},
	{"step", NULL, OPT_STEP, "wizard: each answer waits for Space (for teaching)"},
	{"help", NULL, OPT_HELP, "this text"},
	{"version", NULL, OPT_VERSION, "the version"},
};

#define OPTION_COUNT (sizeof option_table / sizeof option_table[0])

static const struct {
	const char *word;
	enum command command;
} commands[] = {
	{"check", COMMAND_CHECK},
	{"explain", COMMAND_EXPLAIN},
	{"lab", COMMAND_LAB},
	{"trace", COMMAND_TRACE},
	{"detect", COMMAND_DETECT},
};

const char *options_command_word(enum command command)
{
	static const char *const words[] = {
		[COMMAND_WIZARD] = "wizard", [COMMAND_CHECK] = "check", [COMMAND_EXPLAIN] = "explain",
		[COMMAND_LAB] = "lab",       [COMMAND_TRACE] = "trace", [COMMAND_DETECT] = "detect",
		[COMMAND_HELP] = "help",     [COMMAND_VERSION] = "version",
	};
	return words[command];
}

static bool parse_number(const char *value, long low, long high, int *out)
{
	char *end;
	errno = 0;
	long n = strtol(value, &end, 10);
	if (*value == '\0' || *end != '\0' || errno != 0 || n < low || n > high)
		return false;
	*out = (int)n;
	return true;
}

static bool provider_id_valid(const char *id)
{
	size_t len = strlen(id);
	return len > 0 && len <= 32 && strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789-") == len;
}

/* apply - one option; false with err set on a bad value. */
static bool apply(struct options *o, int key, const char *value, char *err, size_t errsize)
{
	switch (key) {
	case OPT_HELO: o->helo = value; break;
	case OPT_LAB: o->lab = value; break;
	case OPT_ROOT_HINTS: o->root_hints = value; break;
	case OPT_WATCH: o->watch = WATCH_INTERVAL_DEFAULT; break;
	case OPT_BATCH: o->batch = value; break;
	case OPT_THIS_MACHINE: o->this_machine = true; break;
	case OPT_MTA_CONFIG: o->mta_config = value; break;
	case OPT_MTA:
		if (!mta_kind_parse(value, &(enum mta_kind){MTA_NONE})) {
			snprintf(err, errsize, "--mta: expected postfix, exim, opensmtpd or sendmail");
			return false;
		}
		o->mta = value;
		break;
	case OPT_QPS:
		if (!parse_number(value, 1, 1000000, &o->qps)) {
			snprintf(err, errsize, "--qps: expected questions a second from 1 to 1000000");
			return false;
		}
		break;
	case OPT_PARALLEL:
		if (!parse_number(value, 1, 1024, &o->parallel)) {
			snprintf(err, errsize, "--parallel: expected a number of questions from 1 to 1024");
			return false;
		}
		break;
	case OPT_JSON: o->json = true; break;
	case OPT_TICKET: o->ticket = true; break;
	case OPT_MARKDOWN: o->markdown = true; break;
	case OPT_LIST: o->list = true; break;
	case OPT_STEP: o->step = true; break;
	case OPT_NO_COLOR: o->no_color = true; break;
	case OPT_HELP: o->asked = COMMAND_HELP; break; /* the last of the two wins */
	case OPT_VERSION: o->asked = COMMAND_VERSION; break;
	case OPT_PROVIDER:
		if (!provider_id_valid(value)) {
			snprintf(err, errsize, "--provider: expected an id such as aws, hetzner or home");
			return false;
		}
		o->provider = value;
		break;
	case OPT_SERVER:
		if (o->server_count == BACKEND_SERVERS_MAX) {
			snprintf(err, errsize, "--server: at most %d servers", BACKEND_SERVERS_MAX);
			return false;
		}
		o->servers[o->server_count++] = value;
		break;
	case OPT_AUTH_PORT:
		if (!parse_number(value, 1, 65535, &o->auth_port)) {
			snprintf(err, errsize, "--auth-port: expected a port from 1 to 65535");
			return false;
		}
		break;
	case OPT_TIMEOUT:
		if (!parse_number(value, 1, TIMEOUT_MAX_MS, &o->timeout_ms)) {
			snprintf(err, errsize, "--timeout: expected milliseconds from 1 to %d", TIMEOUT_MAX_MS);
			return false;
		}
		break;
	}
	return true;
}

/* watch_seconds - a bare number after --watch is its interval: no IP
 * or host name is all digits. */
static bool watch_seconds(struct options *o, const char *arg, bool *taken, char *err, size_t errsize)
{
	*taken = o->watch && arg[0] && strspn(arg, "0123456789") == strlen(arg);
	if (*taken && !parse_number(arg, 1, WATCH_INTERVAL_MAX, &o->watch)) {
		snprintf(err, errsize, "--watch: expected seconds from 1 to %d", WATCH_INTERVAL_MAX);
		return false;
	}
	return true;
}

/* positional - the command word, then the IP (or lab's scenario). */
static bool positional(struct options *o, const char *arg, bool *command_seen, char *err, size_t errsize)
{
	bool taken;
	if (!watch_seconds(o, arg, &taken, err, errsize))
		return false;
	if (taken)
		return true;
	if (!*command_seen && !o->ip) {
		for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
			if (strcmp(arg, commands[i].word) == 0) {
				o->command = commands[i].command;
				*command_seen = true;
				return true;
			}
	}
	if (o->command == COMMAND_LAB && !o->lab) {
		o->lab = arg; /* lab NAME|FILE */
		return true;
	}
	if (o->ip && (o->command != COMMAND_CHECK || o->word_count == OPTIONS_WORDS_MAX)) {
		char shown[80];
		names_escape(arg, shown, sizeof shown);
		if (o->command == COMMAND_CHECK)
			snprintf(err, errsize, "at most %d addresses or prefixes on the command line: use --batch FILE",
				 OPTIONS_WORDS_MAX);
		else
			snprintf(err, errsize, "unexpected argument %s", shown);
		return false;
	}
	if (!o->ip)
		o->ip = arg;
	o->words[o->word_count++] = arg;
	return true;
}

/* option_error - what getopt_long refused, naming the argument. */
static void option_error(const char *arg, int key, char *err, size_t errsize)
{
	char shown[80];
	names_escape(arg ? arg : "?", shown, sizeof shown);
	char *eq = strchr(shown, '=');
	if (eq)
		*eq = '\0';
	size_t exact = 0, prefixed = 0;
	const char *name = strncmp(shown, "--", 2) == 0 ? shown + 2 : NULL;
	for (size_t i = 0; name && i < OPTION_COUNT; i++) {
		exact += strcmp(option_table[i].name, name) == 0;
		prefixed += strncmp(option_table[i].name, name, strlen(name)) == 0;
	}
	if (key == ':')
		snprintf(err, errsize, "%s needs a value", shown);
	else if (exact || (eq && prefixed == 1))
		snprintf(err, errsize, "%s takes no value", shown);
	else if (prefixed > 1)
		snprintf(err, errsize, "%s is ambiguous: say which option", shown);
	else
		snprintf(err, errsize, "unknown option %s", shown);
}

bool options_parse(int argc, char **argv, struct options *o, char *err, size_t errsize)
{
	memset(o, 0, sizeof *o);
	o->timeout_ms = BACKEND_TIMEOUT_DEFAULT_MS;
	struct option longopts[OPTION_COUNT + 1];
	for (size_t i = 0; i < OPTION_COUNT; i++)
		longopts[i] = (struct option){option_table[i].name, option_table[i].arg ? required_argument : no_argument,
					      NULL, option_table[i].key};
	longopts[OPTION_COUNT] = (struct option){NULL, 0, NULL, 0};
	opterr = 0;
	optind = 0; /* 0: start afresh, GNU's way to reset */
	int key;
	while ((key = getopt_long(argc, argv, ":hV", longopts, NULL)) != -1) {
		if (key == '?' || key == ':') {
			option_error(argv[optind - 1], key, err, errsize);
			return false;
		}
		if (!apply(o, key, optarg, err, errsize))
			return false;
	}
	bool command_seen = false;
	for (int i = optind; i < argc; i++)
		if (!positional(o, argv[i], &command_seen, err, errsize))
			return false;
	if ((o->batch || o->parallel || o->qps) && o->command != COMMAND_CHECK) {
		snprintf(err, errsize, "--batch, --parallel and --qps go with check");
		return false;
	}
	if ((o->mta || o->mta_config) && o->command != COMMAND_DETECT && !o->this_machine) {
		snprintf(err, errsize, "--mta and --mta-config go with detect or check --this-machine");
		return false;
	}
	if (o->this_machine && (o->command != COMMAND_CHECK || o->word_count || o->batch || o->lab || o->watch)) {
		snprintf(err, errsize, "--this-machine: only with check, without addresses, --batch, --lab or --watch");
		return false;
	}
	if (o->command == COMMAND_DETECT && o->word_count) {
		snprintf(err, errsize, "detect takes no address: it finds them");
		return false;
	}
	if ((int)o->json + (int)o->ticket + (int)o->markdown > 1) {
		snprintf(err, errsize, "--json, --ticket and --markdown: choose one");
		return false;
	}
	if ((o->ticket || o->markdown) &&
	    (o->batch || o->word_count > 1 || (o->word_count == 1 && strchr(o->words[0], '/')))) {
		snprintf(err, errsize, "--ticket and --markdown: one address at a time (not --batch, several addresses or a prefix)");
		return false;
	}
	if (o->watch && (o->command != COMMAND_CHECK || o->ticket || o->lab || o->batch || o->word_count > 1)) {
		snprintf(err, errsize, "--watch: only with check of one live IP, without --ticket or --lab");
		return false;
	}
	if (o->asked != COMMAND_WIZARD)
		o->command = o->asked;
	return true;
}

/* write_help - an option's help lines at column 20, {PROVIDERS} filled in
 * and wrapped before column 80. */
static void write_help(FILE *out, const char *help, bool own_line)
{
	const char *indent = "                    ";
	int column = 20;
	if (own_line)
		fprintf(out, "\n%s", indent);
	for (const char *p = help; *p; p++) {
		if (strncmp(p, "{PROVIDERS}", 11) == 0) {
			for (size_t i = 0; i < provider_count(); i++) {
				const char *id = provider_at(i)->id;
				if (i > 0 && column + 1 + (int)strlen(id) > 79) {
					fprintf(out, "\n%s", indent);
					column = 20;
				} else if (i > 0) {
					column += fprintf(out, " ");
				}
				column += fprintf(out, "%s", id);
			}
			p += 10;
		} else if (*p == '\n') {
			fprintf(out, "\n%s", indent);
			column = 20;
		} else {
			fputc(*p, out);
			column++;
		}
	}
	fputc('\n', out);
}

void options_usage(FILE *out)
{
	const char *text = help_text("usage.txt");
	const char *mark = strstr(text, "{OPTIONS}\n");
	fprintf(out, "%.*s", (int)(mark ? mark - text : (long)strlen(text)), text);
	if (!mark)
		return;
	for (size_t i = 0; i < OPTION_COUNT; i++) {
		char left[40];
		const struct option_spec *s = &option_table[i];
		int n = snprintf(left, sizeof left, "  --%s%s%s", s->name, s->arg ? " " : "", s->arg ? s->arg : "");
		fputs(left, out);
		if (n < 19)
			fprintf(out, "%*s", 20 - n, "");
		write_help(out, s->help, n >= 19);
	}
	fputs(mark + strlen("{OPTIONS}\n"), out);
}
