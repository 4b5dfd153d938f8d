/* options - the command line, parsed into one struct. */
#define _POSIX_C_SOURCE 200809L
#include "options.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../engine/names.h"

#define TIMEOUT_MAX_MS 60000

static const struct {
	const char *word;
	enum command command;
} commands[] = {
	{"check", COMMAND_CHECK},
	{"explain", COMMAND_EXPLAIN},
	{"lab", COMMAND_LAB},
};

/* needs_value - the option takes the next argument as its value. */
static bool takes_value(const char *opt)
{
	static const char *const with_value[] = {"--helo", "--provider", "--server", "--timeout", "--lab"};
	for (size_t i = 0; i < sizeof with_value / sizeof with_value[0]; i++)
		if (strcmp(opt, with_value[i]) == 0)
			return true;
	return false;
}

static bool parse_timeout(const char *value, int *out)
{
	char *end;
	errno = 0;
	long ms = strtol(value, &end, 10);
	if (*value == '\0' || *end != '\0' || errno != 0 || ms < 1 || ms > TIMEOUT_MAX_MS)
		return false;
	*out = (int)ms;
	return true;
}

static bool provider_id_valid(const char *id)
{
	size_t len = strlen(id);
	return len > 0 && len <= 32 && strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789-") == len;
}

/* apply_value - one option with its value. */
static bool apply_value(struct options *o, const char *opt, const char *value, char *err, size_t errsize)
{
	if (strcmp(opt, "--helo") == 0) {
		o->helo = value;
	} else if (strcmp(opt, "--provider") == 0) {
		if (!provider_id_valid(value)) {
			snprintf(err, errsize, "--provider: expected an id such as aws, hetzner or home");
			return false;
		}
		o->provider = value;
	} else if (strcmp(opt, "--server") == 0) {
		if (o->server_count == BACKEND_SERVERS_MAX) {
			snprintf(err, errsize, "--server: at most %d servers", BACKEND_SERVERS_MAX);
			return false;
		}
		o->servers[o->server_count++] = value;
	} else if (strcmp(opt, "--timeout") == 0) {
		if (!parse_timeout(value, &o->timeout_ms)) {
			snprintf(err, errsize, "--timeout: expected milliseconds from 1 to %d", TIMEOUT_MAX_MS);
			return false;
		}
	} else if (strcmp(opt, "--lab") == 0) {
		o->lab = value;
	}
	return true;
}

static bool apply_flag(struct options *o, const char *opt, char *err, size_t errsize)
{
	if (strcmp(opt, "--json") == 0)
		o->json = true;
	else if (strcmp(opt, "--ticket") == 0)
		o->ticket = true;
	else if (strcmp(opt, "--list") == 0)
		o->list = true;
	else if (strcmp(opt, "--step") == 0)
		o->step = true;
	else if (strcmp(opt, "--no-color") == 0)
		o->no_color = true;
	else if (strcmp(opt, "--help") == 0 || strcmp(opt, "-h") == 0)
		o->command = COMMAND_HELP;
	else if (strcmp(opt, "--version") == 0 || strcmp(opt, "-V") == 0)
		o->command = COMMAND_VERSION;
	else {
		char shown[80];
		names_escape(opt, shown, sizeof shown);
		snprintf(err, errsize, "unknown option %s", shown);
		return false;
	}
	return true;
}

/* positional - the command word, then the IP. */
static bool positional(struct options *o, const char *arg, bool *command_seen, char *err, size_t errsize)
{
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
	if (o->ip) {
		char shown[80];
		names_escape(arg, shown, sizeof shown);
		snprintf(err, errsize, "unexpected argument %s", shown);
		return false;
	}
	o->ip = arg;
	return true;
}

bool options_parse(int argc, char **argv, struct options *o, char *err, size_t errsize)
{
	memset(o, 0, sizeof *o);
	o->timeout_ms = BACKEND_TIMEOUT_DEFAULT_MS;
	bool command_seen = false, only_positional = false;
	enum command asked = COMMAND_WIZARD;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (only_positional || arg[0] != '-' || arg[1] == '\0') {
			if (!positional(o, arg, &command_seen, err, errsize))
				return false;
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			only_positional = true;
			continue;
		}
		const char *eq = strchr(arg, '=');
		char name[32];
		if (eq && (size_t)(eq - arg) < sizeof name) {
			snprintf(name, sizeof name, "%.*s", (int)(eq - arg), arg);
			if (!takes_value(name))
				return apply_flag(o, arg, err, errsize);
			if (!apply_value(o, name, eq + 1, err, errsize))
				return false;
		} else if (takes_value(arg)) {
			if (i + 1 >= argc) {
				snprintf(err, errsize, "%s needs a value", arg);
				return false;
			}
			if (!apply_value(o, arg, argv[++i], err, errsize))
				return false;
		} else {
			enum command before = o->command;
			if (!apply_flag(o, arg, err, errsize))
				return false;
			if (o->command != before)
				asked = o->command;
		}
	}
	if (asked == COMMAND_HELP || asked == COMMAND_VERSION)
		o->command = asked;
	return true;
}
