/* main - ptrdoctor's entry point: parse the command line, run the mode. */
#define _POSIX_C_SOURCE 200809L
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/help.h"
#include "util/libraries.h"
#include "check.h"
#include "explain.h"
#include "options.h"
#include "trace_command.h"
#include "detect_command.h"
#include "wizard.h"

#ifndef PTRDOCTOR_VERSION
#define PTRDOCTOR_VERSION "0.1.0"
#endif

static int usage_error(const char *message)
{
	fprintf(stderr, "ptrdoctor: %s\n", message);
	fprintf(stderr, "Try 'ptrdoctor --help'.\n");
	return EXIT_USAGE;
}

/* print_version - ours, then the libraries' as they report themselves. */
static void print_version(void)
{
	char engine[160];
	libraries_versions(engine, sizeof engine);
	printf("ptrdoctor %s\n%s, %s\n", PTRDOCTOR_VERSION, engine, curses_version());
}

int main(int argc, char **argv)
{
	struct options opts;
	char err[256];
	if (!options_parse(argc, argv, &opts, err, sizeof err))
		return usage_error(err);
	switch (opts.command) {
	case COMMAND_HELP:
		options_usage(stdout);
		return 0;
	case COMMAND_VERSION:
		print_version();
		return 0;
	case COMMAND_CHECK:
		return check_run(&opts);
	case COMMAND_WIZARD:
		return wizard_run(&opts);
	case COMMAND_LAB:
		if (opts.list)
			return check_lab_list();
		if (!opts.lab)
			return usage_error("lab needs a scenario: a name from 'ptrdoctor lab --list', or a file");
		return wizard_run(&opts);
	case COMMAND_EXPLAIN:
		return explain_run(&opts);
	case COMMAND_TRACE:
		return trace_command_run(&opts);
	case COMMAND_DETECT:
		return detect_command_run(&opts);
	}
	return EXIT_USAGE;
}
