/* main - ptrdoctor's entry point: parse the command line, run the command
 * the table names for its word. */
#define _POSIX_C_SOURCE 200809L
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "screens/screens.h"
#include "session/options.h"
#include "util/libraries.h"
#include "wizard/wizard_loop.h"

#ifndef PTRDOCTOR_VERSION
#define PTRDOCTOR_VERSION "0.1.0"
#endif

static int usage_error(const char *message)
{
	fprintf(stderr, "ptrdoctor: %s\n", message);
	fprintf(stderr, "Try 'ptrdoctor --help'.\n");
	return EXIT_USAGE;
}

static int run_help(const struct options *opts)
{
	(void)opts;
	options_usage(stdout);
	return 0;
}

/* run_version - ours, then the libraries' as they report themselves. */
static int run_version(const struct options *opts)
{
	(void)opts;
	char engine[160];
	libraries_versions(engine, sizeof engine);
	printf("ptrdoctor %s\n%s, %s\n", PTRDOCTOR_VERSION, engine, curses_version());
	return 0;
}

/* run_wizard - the wizard with every screen. */
static int run_wizard(const struct options *opts)
{
	return wizard_run(opts, screens_all);
}

static int run_lab(const struct options *opts)
{
	if (opts->list)
		return lab_command_list();
	if (!opts->lab)
		return usage_error("lab needs a scenario: a name from 'ptrdoctor lab --list', or a file");
	return run_wizard(opts);
}

static const struct {
	const char *word;
	int (*run)(const struct options *opts);
} commands[] = {
	{"wizard", run_wizard},          {"check", check_command_run}, {"explain", explain_command_run},
	{"lab", run_lab},                {"trace", trace_command_run}, {"detect", detect_command_run},
	{"help", run_help},              {"version", run_version},
};

int main(int argc, char **argv)
{
	struct options opts;
	char err[256];
	if (!options_parse(argc, argv, &opts, err, sizeof err))
		return usage_error(err);
	const char *word = options_command_word(opts.command);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(commands[i].word, word) == 0)
			return commands[i].run(&opts);
	return usage_error("no such command");
}
